"""The municipality's contact details (issue 17, point 4, item 2) in the decision and repayment
letters, the e-mails and the footer: each detail the municipality has given is shown, and a
detail it has not given is left out, never printed as "None" or an empty line."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.dossier import decision_letter, repayment_letter
from portal.models import Municipality, Notification
from portal.rules.contact import MunicipalityContact
from portal.rules.settings import MunicipalitySettings
from portal.services.decisions import letter_data
from portal.timeutil import today_local
from tests.support import factories, journey, tracking
from tests.support.documents import all_text, cell_texts, headings, open_docx, table_starting
from tests.support.pages import get

FULL = {
    "address": "Familierådgivningen Handicap\nEksempelvej 1\n6700 Esbjerg",
    "email": "familieraadgivningen@esbjerg.example",
    "phone": "+45 70 00 05 61",
    "web": "https://www.esbjerg.example/hjemmetraening",
    "hours": "Mandag-onsdag kl. 9-15, torsdag kl. 9-17",
}
AFTER = (
    "Kommunen ser på sagen igen; fastholder den afgørelsen, sender den klagen videre til "
    "Ankestyrelsen."
)

# Which details are given -> where the letter says to send the complaint.
WHERE = [
    (
        ("email", "phone"),
        "Send klagen til Esbjerg Kommune, fx på familieraadgivningen@esbjerg.example, "
        "eller ring på +45 70 00 05 61.",
    ),
    (("email",), "Send klagen til Esbjerg Kommune, fx på familieraadgivningen@esbjerg.example."),
    (("phone",), "Send klagen til Esbjerg Kommune, eller ring på +45 70 00 05 61."),
    (("address", "web", "hours"), "Send klagen til Esbjerg Kommune."),
    ((), "Send klagen til Esbjerg Kommune."),
]
SHOWN = {
    "address": "Adresse",
    "email": "E-mail",
    "phone": "Telefon",
    "hours": "Telefontid",
    "web": "Hjemmeside",
}


def _given(names) -> dict[str, str]:
    return {name: FULL[name] for name in names}


def _check_letter(document, given) -> None:
    text = all_text(document)
    assert "None" not in text
    where = dict(cell_texts(table_starting(document, "Hvor")))["Hvor"]
    assert where == f"{dict(WHERE)[given]} {AFTER}"
    heading = "Kontakt Esbjerg Kommune"
    if not given:
        assert heading not in headings(document, 1)
        return
    assert heading in headings(document, 1)
    rows = dict(cell_texts(table_starting(document, SHOWN[next(n for n in SHOWN if n in given)])))
    assert rows == {SHOWN[name]: FULL[name] for name in SHOWN if name in given}
    for name in set(FULL) - set(given):
        assert FULL[name] not in text


@pytest.mark.parametrize(("given", "_where"), WHERE)
def test_the_decision_letter_shows_the_details_given_and_leaves_out_the_rest(
    app, db, esbjerg, given, _where
):
    esbjerg.settings_data = {"contact": _given(given)}
    db.session.commit()
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=3))
    tracking.decide(case, factories.staff(esbjerg), on=today_local())
    with app.test_request_context():
        document = open_docx(decision_letter.build(letter_data(case)))
    _check_letter(document, given)


@pytest.mark.parametrize(("given", "_where"), WHERE)
def test_the_repayment_letter_shows_the_details_given_and_leaves_out_the_rest(app, given, _where):
    data = repayment_letter.RepaymentLetter(
        municipality="Esbjerg Kommune",
        contact=MunicipalityContact(**_given(given)),
        number="HT-2026-00001",
        year=2025,
        received_at=datetime(2026, 2, 1, 10, tzinfo=UTC),
        child_name="Emil Hansen",
        child_cpr="0101201234",
        family=["Mette Hansen"],
        text="Regnskabet godkendes.",
        decided_at=datetime(2026, 3, 1, 10, tzinfo=UTC),
        decided_by="Sagsbehandler 1",
        complaint_guidance="Klag inden 4 uger.",
        lines=[
            repayment_letter.Line(
                "Træningsredskab", "equipment", Decimal(1000), Decimal(800), Decimal(800)
            )
        ],
    )
    with app.test_request_context():
        document = open_docx(repayment_letter.build(data))
    _check_letter(document, given)


def test_the_familys_e_mails_are_signed_with_the_details_given(app, db, esbjerg):
    esbjerg.settings_data = {"contact": _given(("address", "phone", "email"))}
    db.session.commit()
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=3))
    tracking.decide(case, factories.staff(esbjerg), on=today_local())
    decided = db.session.scalars(
        select(Notification).where(Notification.kind == "decided", Notification.case_id == case.id)
    ).one()
    signature = decided.body.split("Med venlig hilsen\n", 1)[1]
    assert signature.startswith(
        "Esbjerg Kommune\n"
        "Familierådgivningen Handicap\nEksempelvej 1\n6700 Esbjerg\n"
        "Telefon: +45 70 00 05 61\n"
        "E-mail: familieraadgivningen@esbjerg.example\n\n"
    )
    assert "Telefontid" not in decided.body and "Hjemmeside" not in decided.body


def _footer(page) -> dict[str, str]:
    section = page.soup.select_one("footer .municipality-contact")
    if section is None:
        return {}
    details = {
        div.dt.get_text(strip=True): div.dd.get_text(strip=True)
        for div in section.select(".contact-details > div")
    }
    address = section.select_one(".contact-address")
    if address is not None:
        details["Adresse"] = address.get_text("\n", strip=True)
    return {"heading": section.h2.get_text(strip=True), **details}


def test_the_footer_of_the_familys_and_the_caseworkers_case_pages_shows_the_details(
    make_client, approved_family, db
):
    family = approved_family()
    family.municipality.settings_data = {"contact": _given(("address", "phone", "hours", "web"))}
    db.session.commit()
    expected = {
        "heading": "Kontakt Esbjerg Kommune",
        "Adresse": FULL["address"],
        "Telefon": FULL["phone"],
        "Telefontid": FULL["hours"],
        "Hjemmeside": "www.esbjerg.example/hjemmetraening",
    }
    parent = tracking.family(make_client, family.parent, family.cpr)
    page = get(parent, f"/sager/{family.training.public_id}")
    assert _footer(page) == expected
    assert page.soup.select_one("footer a[href='tel:+4570000561']") is not None
    # A page that belongs to no municipality's case names none.
    assert _footer(get(parent, "/")) == {}

    browser, _worker = tracking.caseworker(make_client, family.municipality)
    assert _footer(get(browser, f"/sagsbehandling/sager/{family.training.public_id}")) == expected


def test_a_municipality_without_details_has_no_contact_section_in_the_footer(
    make_client, approved_family
):
    family = approved_family()
    parent = tracking.family(make_client, family.parent, family.cpr)
    assert _footer(get(parent, f"/sager/{family.training.public_id}")) == {}


def _settings_file(tmp_path, contact: dict) -> str:
    path = tmp_path / "regler.json"
    path.write_text(json.dumps({"contact": contact}), encoding="utf-8")
    return str(path)


def test_the_settings_command_stores_the_details_and_refuses_a_bad_e_mail(
    app, db, esbjerg, tmp_path
):
    runner = app.test_cli_runner()
    stored = runner.invoke(
        args=["municipality", "settings", "--code", "561", "--file", _settings_file(tmp_path, FULL)]
    )
    assert stored.exit_code == 0, stored.output
    assert json.loads(stored.output)["contact"] == FULL
    db.session.expire_all()
    assert db.session.get(Municipality, esbjerg.id).settings.contact.phone == FULL["phone"]

    bad = runner.invoke(
        args=[
            "municipality",
            "settings",
            "--code",
            "561",
            "--file",
            _settings_file(tmp_path, {**FULL, "email": "familieraadgivningen@", "phone": "1"}),
        ]
    )
    assert bad.exit_code != 0
    assert "Reglerne er ikke gemt" in bad.output
    assert "contact.email 'familieraadgivningen@' is not an e-mail address" in bad.output
    db.session.expire_all()
    # Nothing of the refused file is stored: the details given before stand.
    assert db.session.get(Municipality, esbjerg.id).settings.contact == MunicipalityContact(**FULL)


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ({"email": "hjemmetraening"}, "contact.email 'hjemmetraening' is not an e-mail address"),
        ({"phone": "ring os op"}, "contact.phone 'ring os op' is not a phone number"),
        ({"web": "www.esbjerg.dk"}, "contact.web 'www.esbjerg.dk' is not a web address"),
        ({"fax": "76 16 16 16"}, "unknown contact details: ['fax']"),
    ],
)
def test_a_detail_that_cannot_be_read_is_refused_with_what_is_wrong(details, message):
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        MunicipalitySettings.from_mapping({"contact": details})


def test_the_footer_of_an_application_names_the_municipality_chosen(client, esbjerg, db):
    esbjerg.settings_data = {"contact": _given(("email",))}
    db.session.commit()
    journey.login_parent(client, "Mette Hansen")
    base = journey.start_application(client)
    assert _footer(get(client, base + "barnet")) == {
        "heading": "Kontakt Esbjerg Kommune",
        "E-mail": FULL["email"],
    }
