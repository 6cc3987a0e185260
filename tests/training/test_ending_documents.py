"""The end of a training in the Word dossier and the ZIP, read back with python-docx: the
municipality's proposal, the family's hearing answer, the decision and its letter."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

from portal.rules.formatting import long_date
from portal.rules.lost_earnings import notice_date
from portal.services import hearings
from portal.services import training as service
from portal.timeutil import now_utc, today_local
from tests.support import tracking
from tests.support.documents import all_text, open_docx

STAFF = "/sagsbehandling/sager"


def test_the_dossier_and_zip_hold_the_proposal_the_hearing_and_the_decision(
    esbjerg, approved_family, make_client, db
):
    mette = approved_family()
    effective = notice_date(today_local())
    change = service.open_change(
        mette.training,
        mette.caseworker,
        kind="end",
        proposal="Hjemmetræningen fremmer ikke længere barnets udvikling.",
        effective_on=effective,
        by_agreement=False,
        basis="Tilsynsrapporten af 1. november anbefaler at stoppe.",
        now=now_utc(),
    )
    hearings.answer_hearing(change.hearing, mette.parent, text="Vi er uenige.", now=now_utc())
    service.decide_change(
        change,
        mette.caseworker,
        effective_on=effective,
        text="Hjemmetræningen stopper.",
        complaint_guidance="I kan klage inden 4 uger.",
        hearing=service.hearing_state(change),
        now=now_utc(),
    )
    db.session.commit()
    case = change.case
    browser, _staff = tracking.caseworker(make_client, mette.municipality)

    dossier = open_docx(browser.get(f"{STAFF}/{case.public_id}/sag.docx").data)
    text = all_text(dossier)
    assert "Kommunen ændrer eller stopper hjemmetræningen" in text
    assert "Hjemmetræningen fremmer ikke længere barnets udvikling." in text
    assert "Tilsynsrapporten af 1. november anbefaler at stoppe." in text
    assert "Høring før kommunen ændrer eller stopper hjemmetræningen" in text
    assert "Vi er uenige." in text
    assert "Hjemmetræningen stopper" in text
    assert long_date(effective) in text

    training_dossier = all_text(
        open_docx(browser.get(f"{STAFF}/{mette.training.public_id}/sag.docx").data)
    )
    assert "Hjemmetræningens slutning" in training_dossier
    assert f"Sag {case.number}" in training_dossier
    assert long_date(effective - timedelta(days=1)) in training_dossier

    with browser.get(f"{STAFF}/{case.public_id}/sag.zip") as response:
        archive = zipfile.ZipFile(io.BytesIO(response.data))
    letter_name = f"{case.number}/Afgørelse i sag {case.number}.docx"
    assert letter_name in archive.namelist()
    letter = all_text(open_docx(archive.read(letter_name)))
    assert "Hjemmetræningen stopper" in letter
    assert "Sidste dag med hjemmetræning" in letter
    assert "Sådan klager I" in letter
    assert mette.training.child_name in letter  # the letter is to the family, about the child
