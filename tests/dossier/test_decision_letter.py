"""The decision letter (issue 6, point 4) says who decides what for whom: the municipality, the
family, the case number, the decision, the reasons per budget line, the approved total against
the cap, the legal basis, the supervision dates, how and where to complain and by when, and
the caseworker's name. Made from the stored decision, it reopens with python-docx."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from portal.dossier import decision_letter
from portal.services import decisions
from portal.services.decisions import letter_data
from portal.timeutil import today_local
from tests.support import factories, journey, tracking
from tests.support.decisions import lines
from tests.support.documents import (
    all_text,
    cell_texts,
    convert_to_pdf,
    headings,
    libreoffice,
    open_docx,
    table_starting,
    xml_parts,
)
from tests.support.tracking import at_noon


@pytest.fixture
def decided(db, esbjerg):
    person, _cpr = tracking.parent("Mette Hansen", "mette@example.dk")
    answers = tracking.request_answers("new_application")
    answers["familien"] = {
        **answers["familien"],
        **journey.prefixed(
            "adults-1",
            {"name": "Lars Hansen", "relation": "far", "custody": "ja", "occupation": "Tømrer"},
        ),
    }
    answers["budget"] = {**lines(3, amount="2.000")}
    case = tracking.submitted_case(
        person, esbjerg, received=today_local() - timedelta(days=40), answers=answers
    )
    worker = factories.staff(esbjerg)
    decided_on = today_local()
    decisions.record(
        case,
        worker,
        decisions.DecisionInput(
            outcome="partly_approved",
            text="Hjemmetræningen efter ADL-metoden godkendes.\nRedskab 3 afslås.",
            complaint_guidance="I kan klage over afgørelsen inden 4 uger.",
            lines=[
                decisions.LineInput(0, Decimal("2000"), False),
                decisions.LineInput(1, Decimal("1500"), False, "Et billigere redskab er nok."),
                decisions.LineInput(2, None, True, "Redskabet er almindeligt indbo 😀."),
            ],
            next_supervision=decided_on + timedelta(days=60),
            second_supervision=decided_on + timedelta(days=240),
        ),
        now=at_noon(decided_on),
    )
    db.session.commit()
    return case, worker, decided_on


def letter(app, case) -> bytes:
    with app.test_request_context():
        return decision_letter.build(letter_data(case))


def danish(day: date) -> str:
    months = [
        "januar", "februar", "marts", "april", "maj", "juni",
        "juli", "august", "september", "oktober", "november", "december",
    ]  # fmt: skip
    return f"{day.day}. {months[day.month - 1]} {day.year}"


def test_the_letter_names_the_municipality_the_family_the_child_and_the_case(app, decided):
    case, worker, decided_on = decided
    content = letter(app, case)
    xml_parts(content)
    document = open_docx(content)
    assert headings(document, 0) == ["Afgørelse: Ansøgning om hjemmetræning"]
    facts = dict(cell_texts(document.tables[0]))
    assert facts["Fra"] == "Esbjerg Kommune"
    assert facts["Til"] == "Mette Hansen og Lars Hansen"
    assert facts["Barn"] == f"Anders Hansen, CPR-nummer {case.child_cpr[:6]}-{case.child_cpr[6:]}"
    assert facts["Sagsnummer"] == case.number
    assert facts["Afgørelsens dato"] == danish(decided_on)
    assert facts["Sagsbehandler"] == worker.name
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert case.number in footer and "PAGE" in footer
    assert headings(document, 1) == [
        "Afgørelse",
        "Afgørelse og begrundelse for hver udgift",
        "Bevilget i alt og det årlige loft",
        "Retsgrundlag",
        "Tilsyn",
        "Sådan klager I",
    ]
    text = all_text(document)
    assert "Esbjerg Kommune har truffet afgørelse: Delvist bevilget." in text
    assert "Redskab 3 afslås." in text
    # Signed by the caseworker.
    assert [p.text for p in document.paragraphs][-3:] == [
        "Med venlig hilsen",
        worker.name,
        "Esbjerg Kommune",
    ]


def test_the_reasons_per_line_and_the_approved_total_against_the_cap(app, decided):
    case, _worker, _day = decided
    document = open_docx(letter(app, case))
    rows = cell_texts(table_starting(document, "Nr.", "Udgift", "Ansøgt"))
    assert rows[0] == ["Nr.", "Udgift", "Ansøgt", "Bevilget", "Afgørelse", "Begrundelse"]
    assert rows[1] == [
        "1",
        "Træningsredskab nr. 1 (Træningsredskaber)",
        "2.000,00 kr.",
        "2.000,00 kr.",
        "Bevilget",
        "–",
    ]
    assert rows[2][3:] == ["1.500,00 kr.", "Delvist bevilget", "Et billigere redskab er nok."]
    assert rows[3][3:] == ["0,00 kr.", "Afslag", "Redskabet er almindeligt indbo 😀."]
    assert rows[4][1:4] == ["I alt", "6.000,00 kr.", "3.500,00 kr."]
    totals = dict(cell_texts(table_starting(document, "Budgettet", "Beløb"))[1:])
    year = today_local().year + 1
    assert totals == {
        "Ansøgt i alt": "6.000,00 kr.",
        "Bevilget i alt": "3.500,00 kr.",
        f"Loft for ét barn i {year} (2024-niveau)": "706.600,00 kr.",
        "Tilbage under loftet": "703.100,00 kr.",
    }
    assert "bekendtgørelse om hjemmetræning § 6, stk. 2" in all_text(document)


def test_the_legal_basis_the_supervision_dates_and_how_to_complain(app, decided):
    case, _worker, decided_on = decided
    document = open_docx(letter(app, case))
    basis = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert basis[0].startswith("Barnets lov § 85")
    assert any(rule.startswith("Bekendtgørelsens § 4: tilsyn") for rule in basis)
    assert any(rule.startswith("Bekendtgørelsens § 6") for rule in basis)
    assert any("§ 25 (klagevejledning)" in rule for rule in basis)

    visits = cell_texts(table_starting(document, "Besøg", "Dato"))
    first, second = decided_on + timedelta(days=60), decided_on + timedelta(days=240)
    # The time-and-phase plan 14 days before each visit (seed 001, Bilag 13).
    assert visits[1:] == [
        ["Næste tilsynsbesøg", danish(first), danish(first - timedelta(days=14))],
        ["Det følgende tilsynsbesøg", danish(second), danish(second - timedelta(days=14))],
    ]

    text = all_text(document)
    assert "I kan klage over afgørelsen inden 4 uger." in text
    complaint = dict(
        row
        for row in cell_texts(table_starting(document, "Hvor"))
        if row[0] in ("Hvor", "Frist", "Sagsnummer")
    )
    # Esbjerg has given no contact details here (tests/dossier/test_contact_in_letters.py).
    assert complaint["Hvor"].startswith("Send klagen til Esbjerg Kommune. ")
    assert "Ankestyrelsen" in complaint["Hvor"]
    # The 4 weeks count from the day the family receives the letter, which the letter cannot
    # know: it says so and gives no date counted from the decision.
    assert complaint["Frist"] == (
        "Klagen skal være modtaget inden 4 uger efter, at I har modtaget afgørelsen. Fristen "
        "regnes fra den dag, brevet kom frem til jer i Digital Post eller med posten, ikke fra "
        "datoen på brevet. I kan se fristen på jeres sag i portalen."
    )
    assert danish(decided_on + timedelta(weeks=4)) not in text


def test_a_refusal_has_no_supervision_and_a_request_without_lines_no_table(app, db, esbjerg):
    person, _cpr = tracking.parent()
    worker = factories.staff(esbjerg)
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=3))
    decisions.record(
        case,
        worker,
        decisions.DecisionInput(
            outcome="refused",
            text="Metoden har ingen målbare indikatorer (bekendtgørelsens § 3, stk. 5).",
            complaint_guidance="Klag inden 4 uger.",
            lines=[decisions.LineInput(0, None, True, "Træningen er ikke godkendt.")],
        ),
        now=at_noon(today_local()),
    )
    db.session.commit()
    document = open_docx(letter(app, case))
    assert "Tilsyn" not in headings(document, 1)
    assert "Esbjerg Kommune har truffet afgørelse: Afslag." in all_text(document)

    # A decision recorded before decisions had lines still makes a letter.
    old = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=3))
    tracking.decide(old, worker, on=today_local())
    document = open_docx(letter(app, old))
    assert "Afgørelse og begrundelse for hver udgift" not in headings(document, 1)
    assert "Kommunen giver jer besked om datoen for det følgende besøg." in all_text(document)


def test_libreoffice_converts_the_letter(app, decided, tmp_path):
    program = libreoffice()
    if program is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / "afgoerelse.docx"
    source.write_bytes(letter(app, decided[0]))
    assert convert_to_pdf(program, source, tmp_path).read_bytes()[:5] == b"%PDF-"
