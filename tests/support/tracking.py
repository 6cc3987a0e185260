"""Cases made the way the portal makes them, at a chosen moment: a parent, a draft with valid
answers, submission; then the caseworker's operations. For tests of deadlines that need a case
received months ago."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from portal.extensions import db
from portal.forms import steps as step_forms
from portal.identity.providers import DevelopmentLogin
from portal.models import (
    Case,
    Draft,
    DraftStep,
    InformationRequest,
    Municipality,
    Parent,
    StaffUser,
    SupervisionVisit,
)
from portal.rules.changes import LINE_TYPES
from portal.services import attachments, cases, complaints, custody_consent, hearings, submission
from portal.services.changes import granted_lines
from portal.services.drafts import own_draft
from portal.storage import storage
from portal.timeutil import COPENHAGEN, now_utc, today_local
from portal.uploads.receive import Limits, Upload, receive
from portal.wizard.steps import steps_for
from tests.support import factories, files, journey
from tests.support.factories import parent_cpr
from tests.support.pages import Page, get


def parent(name: str = "Mette Hansen", email: str = "mette@example.dk") -> tuple[Parent, str]:
    """A parent as the development login makes them, and the CPR number to log in with."""
    cpr = parent_cpr()
    identity = DevelopmentLogin().identity(name, cpr)
    person = Parent(subject=identity.subject, name=name, email=email)
    db.session.add(person)
    db.session.commit()
    return person, cpr


def at_noon(day: date) -> datetime:
    """Noon in Copenhagen on `day`, as the UTC instant a case is received."""
    return datetime.combine(day, time(12), tzinfo=COPENHAGEN).astimezone(UTC)


def request_answers(
    case_type: str,
    today: date | None = None,
    *,
    lost_earnings: bool = False,
    lines: Sequence[str] = (),
) -> dict[str, dict[str, Any]]:
    """Valid answers for every step of a request type; lost earnings applied for only when
    asked (the example application's Mette Hansen), so that a decision in a test is about
    what the test is about. A change that names granted budget lines names the first of
    `lines` (the training's lines of the year), or none when it has none."""
    today = today or today_local()
    first_line = lines[0] if lines else ""
    application = journey.valid_answers(today)
    if not lost_earnings:
        application["tabt-arbejdsfortjeneste"] = {"applying": "nej"}
    extra = {
        "supplere": {
            "current_methods": "Ergoterapeutisk ADL-træning",
            "reason": "Anders skal også træne balance, og det giver den nye metode.",
        },
        "skifte": {
            "stop_method": "Ergoterapeutisk ADL-træning",
            "reason": "Anders har nået målene, og den nye metode passer bedre nu.",
        },
        "udstyr": {
            "year": str(today.year),
            **journey.prefixed(
                "lines-0",
                {
                    "category": "equipment",
                    "description": "Ståstativ i ny størrelse",
                    "quantity": "1",
                    "amount": "6.500",
                    "justification": "Anders er vokset ud af det gamle ståstativ.",
                },
            ),
            "reason": "Anders er vokset, og det gamle stativ kan ikke justeres mere.",
        },
        "familie": {
            "changes": ["sygdom_foraelder"],
            "since": (today - timedelta(days=20)).isoformat(),
            "description": "Mette er sygemeldt med stress i 8 uger.",
            "training": "Lars træner alene med Anders, så vi træner færre timer.",
        },
        "barnets-helbred": {
            "change": "ny_sygdom",
            "since": (today - timedelta(days=10)).isoformat(),
            "description": "Anders har fået epilepsi og tager ny medicin.",
            "training": "Han er mere træt, så vi træner kortere ad gangen.",
        },
        "skole": {
            "change": "nedsat_skoleskema",
            "start": (today + timedelta(days=30)).isoformat(),
            "place": "Solsikkeskolen",
            "description": "Anders går i skole om formiddagen og træner om eftermiddagen.",
        },
        "perioder-uden-traening": journey.prefixed(
            "periods-0",
            {
                "start": (today + timedelta(days=40)).isoformat(),
                "end": (today + timedelta(days=53)).isoformat(),
                "reason": "indlaeggelse",
                "note": "Operation i hoften",
            },
        ),
        "hjaelpetraener": {
            "line": first_line,
            "hours": "6",
            "start": (today + timedelta(days=14)).isoformat(),
            "reason": "Anders træner mere med to voksne efter operationen.",
        },
        "flyt-penge": {
            **journey.prefixed(
                "moves-0",
                {
                    "from_line": first_line,
                    "to_line": "ny",
                    "to_description": "Trampolin til balancetræning",
                    "amount": "100",
                },
            ),
            "reason": "Trampolinen træner balancen, som er Anders' nye mål.",
        },
        # The granted lines come from the training's decisions; a year without spending has
        # an empty ledger.
        "regnskab": {"year": str(today.year - 1)},
    }
    return {
        step.slug: application[step.slug] if step.slug in application else extra[step.slug]
        for step in steps_for(case_type)
    }


def _as_lists(answers: dict[str, Any]) -> dict[str, list[str]]:
    return {
        key: value if isinstance(value, list) else [str(value)]
        for key, value in journey._as_form(answers).items()
    }


def submitted_case(
    person: Parent,
    municipality: Municipality,
    *,
    received: date,
    case_type: str = "new_application",
    related: Case | None = None,
    answers: dict[str, dict[str, Any]] | None = None,
) -> Case:
    """A case received at noon on `received`, through the portal's own submission."""
    draft = Draft(
        parent_id=person.id,
        municipality=related.municipality if related else municipality,
        case_type=case_type,
        related_case_id=related.id if related else None,
    )
    db.session.add(draft)
    db.session.flush()
    lines = ()
    if case_type in LINE_TYPES and related is not None:
        lines = [line.key for line in granted_lines(related, year=today_local().year)]
    for slug, step_answers in (answers or request_answers(case_type, lines=lines)).items():
        db.session.add(DraftStep(draft=draft, step=slug, data=_as_lists(step_answers)))
    db.session.commit()
    _other_holder_consents(draft, person, at_noon(received) - timedelta(days=1))
    case = submission.submit(
        draft.public_id, person.id, now=at_noon(received), typed=step_forms.application_document
    )
    db.session.commit()
    return case


def _other_holder_consents(draft: Draft, applicant: Parent, at: datetime) -> None:
    """A second holder of custody in the answers consents the day before the case is sent,
    through the portal's own operations (issue 15: sent only with their consent)."""
    stored = own_draft(applicant.id, draft.public_id)
    if not custody_consent.draft_needs_consent(stored):
        return
    other, _cpr = parent("Lars Hansen", "lars@example.dk")
    custody_consent.invite(stored, "lars@example.dk", None, now=at - timedelta(days=1))
    consent = custody_consent.for_draft(draft.id)
    custody_consent.answer(
        consent, stored, other, DevelopmentLogin.name, consented=True, reason=None, now=at
    )
    db.session.commit()


def decide(
    case: Case, staff: StaffUser, *, on: date, outcome: str = "approved", text: str | None = None
) -> Case:
    cases.record_decision(
        case,
        staff,
        outcome,
        text or "Hjemmetræningen efter ADL-metoden godkendes.",
        "Klag inden 4 uger.",
        now=at_noon(on),
    )
    db.session.commit()
    return case


@dataclass
class ApprovedFamily:
    """A family whose home training the municipality has approved (the `approved_family`
    fixture makes them)."""

    parent: Parent
    # The parent's CPR number, to log in with.
    cpr: str
    municipality: Municipality
    # The caseworker who approved the training.
    caseworker: StaffUser
    training: Case


def rich_case(family: ApprovedFamily) -> dict[str, Any]:
    """A bit of everything on the family's training: a question, a hearing, a file, a
    complaint and a supervision visit. Returns the parts of the addresses of its pages
    ({"public_id": ..., "hearing_id": ...}), for sweeps over every page of a case."""
    case = family.training
    question = InformationRequest(
        case=case,
        question="Hvordan går det?",
        asked_by_name=family.caseworker.name,
        answer_by=None,
    )
    db.session.add(question)
    hearing = hearings.open_hearing(
        case, kind="repayment", subject="Forslag", staff=family.caseworker, now=now_utc()
    )
    db.session.flush()
    kept = attachments.keep(
        _staged_pdf(),
        [],
        kind="other",
        note=None,
        uploader=family.parent,
        case=case,
        hearing_id=hearing.id,
    )
    complaint = complaints.complain(case, family.parent, reasons="Uenige.", now=now_utc())
    visit = SupervisionVisit(case_id=case.id, planned_on=today_local() + timedelta(days=30))
    db.session.add(visit)
    db.session.commit()
    return {
        "public_id": case.public_id,
        "case_id": case.public_id,
        "request_id": question.id,
        "hearing_id": hearing.public_id,
        "attachment_id": kept.attachments[0].public_id,
        "complaint_id": complaint.public_id,
        "sequence": case.decision.sequence,
        "visit_id": visit.public_id,
    }


def _staged_pdf() -> Upload:
    """A PDF received as the upload code receives one, ready for attachments.keep."""
    body = files.pdf()
    stream = io.BytesIO(
        b'--sweep\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + body + b"\r\n--sweep--\r\n"
    )
    return receive(
        stream,
        b"sweep",
        staging_dir=storage().staging_dir,
        limits=Limits(document=10**7, video=10**7, files=10),
        verify=lambda fields: None,
        file_field="files",
    )


# Browsers ------------------------------------------------------------------------------------


def caseworker(make_client, municipality: Municipality, **kwargs):
    """A logged-in caseworker of `municipality`: (browser, staff user)."""
    worker = factories.staff(municipality, **kwargs)
    browser = make_client()
    journey.login_staff(browser, worker.email, factories.PASSWORD)
    return browser, worker


def family(make_client, person: Parent, cpr: str):
    browser = make_client()
    journey.login_parent(browser, person.name, cpr)
    return browser


def staff_action(browser, case: Case, action: str, data: dict[str, str] | None = None) -> Page:
    """Post one of the caseworker's actions from the case page, as the page's form would."""
    url = f"/sagsbehandling/sager/{case.public_id}"
    token = get(browser, url).form_values()["csrf_token"]
    return Page(browser.post(f"{url}/{action}", data={"csrf_token": token, **(data or {})}))
