"""The case dossier opens with python-docx and says what the case says (issue 6, point 2):
a cover with the case's key facts; every section of the application in the order of Bilag 8
with Danish headings; the time-and-phase plan as one table per goal (Bilag 9); the week table
with totals; the budget per category with the year's cap; the rules' findings; the questions,
notices of delay and the decision; the attachments with type, size and SHA-256; the history.
Word's heading styles, header rows repeated on every page, page numbers and the case number
in the footer; and a whole document however odd the stored data (point 6)."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.dossier import kit
from portal.dossier.case_dossier import build
from portal.forms.steps import case_sections
from portal.models import Case
from portal.rules.examples import anders_goal, maja_goal
from portal.rules.formatting import long_date
from portal.services import cases, decisions
from portal.services.dossier import dossier_data
from portal.timeutil import now_utc, today_local
from tests.support import factories, files, journey, tracking
from tests.support.documents import (
    all_text,
    cell_texts,
    convert_to_pdf,
    headings,
    libreoffice,
    open_docx,
    table_starting,
    tables_starting,
    xml_parts,
)
from tests.support.uploads import send

# Bilag 8 (seed 001): child; family; methods; who trains and why (items 4-11); the public
# offers (item 12); the annexes (item 13): the time-and-phase plan, the weekly schedule and
# the budget; the partners (item 15); the attachments; the consent (item 14).
BILAG_8 = [
    "Barnet",
    "Familien",
    "Træningsmetoder",
    "Hvem træner, og hvorfor",
    "Skole og dagtilbud",
    "Tids- og faseplan",
    "Ugeskema",
    "Budget",
    "Tabt arbejdsfortjeneste",
    "Samarbejdspartnere",
    "Bilag",
    "Samtykke",
]
# Bilag 9 (seed 001): the rows of the time-and-phase plan for one goal.
BILAG_9 = [
    "Udvalgt mål",
    "Barnets status nu",
    "Hvordan kan I se, at målet er nået?",
    "Kortsigtet mål (om ½ år)",
    "Dato for det kortsigtede mål",
    "Langsigtet mål (om 1 år)",
    "Dato for det langsigtede mål",
    "Formålet med målet",
    "Hvilken metode bruger I til målet?",
    "Konkrete øvelser",
    "Hvornår træner I øvelserne?",
    "Udstyr",
    "Hvordan dokumenterer I effekten?",
]
RECEIVED = date(2026, 11, 2)


@pytest.fixture
def family(db):
    return tracking.parent("Mette Hansen", "mette@example.dk")


def rich_answers() -> dict:
    """Two parents with custody, two goals, a week, and a budget in three categories."""
    today = today_local()
    answers = tracking.request_answers("new_application", today)
    answers["familien"] = {
        **answers["familien"],
        **journey.prefixed(
            "adults-1",
            {
                "name": "Lars Hansen",
                "relation": "far",
                "custody": "ja",
                "occupation": "Tømrer",
                "weekly_hours": "37",
                "working_times": "Hverdage kl. 7-15",
            },
        ),
    }
    maja = {**maja_goal(today), "title": "Anders kravler 3 m"}
    answers["maal"] = {
        **journey.prefixed("goals-0", anders_goal(today)),
        **journey.prefixed("goals-1", maja),
    }
    answers["budget"] = {
        "year": str(today.year + 1),
        **journey.prefixed(
            "lines-0",
            {
                "category": "equipment",
                "description": "Skammel til påklædning",
                "quantity": "1",
                "amount": "450",
                "justification": "Anders skal sidde stabilt, når han øver sig i påklædning",
            },
        ),
        **journey.prefixed(
            "lines-1",
            {
                "category": "equipment",
                "description": "Reol til træningsrummet",
                "quantity": "2",
                "amount": "1.200,50",
                "justification": "Redskaberne skal stå fremme og i orden.",
            },
        ),
        **journey.prefixed(
            "lines-2",
            {
                "category": "course",
                "description": "Kursus i ADL-træning, Odense",
                "quantity": "2",
                "amount": "3.000",
                "justification": "Begge forældre lærer metoden.",
            },
        ),
        **journey.prefixed(
            "lines-3",
            {
                "category": "helper",
                "description": "Hjælpetræner",
                "hours_per_week": "4",
                "helper_goals": "Mål 1: øvelserne på måtten kræver to personer.",
                "helper_family": "nej",
                "justification": "To personer skal guide øvelserne på måtten.",
            },
        ),
    }
    # Both parents reduce their work (principle decision 9-17: the lost earnings may be split).
    answers["tabt-arbejdsfortjeneste"] = {
        "applying": "ja",
        **journey.prefixed(
            "parents-0",
            {
                "name": "Mette Hansen",
                "employment": "employee",
                "monthly_income": "31.500",
                "weekly_hours": "37",
                "requested_hours": "20",
                "employer_pension": "2.800",
                "saved_transport": "400",
                "tax_rate": "38",
            },
        ),
        **journey.prefixed(
            "parents-1",
            {
                "name": "Lars Hansen",
                "employment": "self_employed",
                "monthly_income": "26.000",
                "weekly_hours": "40",
                "requested_hours": "10",
            },
        ),
        "child_in_daycare": "nej",
        "home_schooling": "nej",
    }
    return answers


@pytest.fixture
def rich_case(family, esbjerg) -> Case:
    person, _cpr = family
    return tracking.submitted_case(person, esbjerg, received=RECEIVED, answers=rich_answers())


def dossier(app, case: Case) -> bytes:
    with app.test_request_context():
        return build(dossier_data(case, case_sections(case.case_type, case.application)))


def test_the_cover_names_the_case_the_child_the_parents_the_dates_and_the_status(app, rich_case):
    document = open_docx(dossier(app, rich_case))
    title = document.paragraphs[0]
    assert title.style.name == "Title" and title.text == f"Sag {rich_case.number}"
    cover = dict(cell_texts(document.tables[0])[:8])
    assert cover == {
        "Kommune": "Esbjerg Kommune",
        "Sagsnummer": rich_case.number,
        "Sagstype": "Ansøgning om hjemmetræning",
        "Status": "Modtaget",
        "Barn": "Anders Hansen",
        "CPR-nummer": f"{rich_case.child_cpr[:6]}-{rich_case.child_cpr[6:]}",
        "Fødselsdato": "15. marts 2018",
        "Ansøger": "Mette Hansen",
    }
    rows = cell_texts(document.tables[0])
    assert ["Forælder", "Mette Hansen (Mor; forældremyndighed: Ja)"] in rows
    assert ["Forælder", "Lars Hansen (Far; forældremyndighed: Ja)"] in rows
    assert ["Modtaget", "2. november 2026 kl. 12:00"] in rows
    # A new application: 4 months (seed 001).
    assert ["Forventet afgørelse (kommunens sagsbehandlingstid)", "2. marts 2027"] in rows
    assert ["Sagsbehandler", "Ingen"] in rows


def test_every_section_in_the_order_of_bilag_8_with_words_heading_styles(app, rich_case):
    document = open_docx(dossier(app, rich_case))
    assert headings(document, 1) == [
        "Ansøgningen",
        "Regeltjek",
        "Spørgsmål til familien",
        "Besked om forsinkelse",
        "Afgørelse",
        "Klager",
        "Sagens forløb",
        "Bilag",
    ]
    # The application's attachments step sends the reader to the end, where the files are.
    assert "Filerne står i afsnittet „Bilag“ sidst i sagsakten." in all_text(document)
    assert headings(document, 2) == BILAG_8
    # Word's own heading styles carry an outline level: the navigation pane lists them.
    for level in (1, 2, 3):
        style = document.styles[f"Heading {level}"]
        assert style.element.pPr.find("{*}outlineLvl").get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"
        ) == str(level - 1)
    # Answers read as the family wrote them, in Danish.
    why = table_starting(document, "Spørgsmål", "Svar")
    assert ["Barnets fulde navn", "Anders Hansen"] in cell_texts(why)
    considerations = next(
        t
        for t in tables_starting(document, "Spørgsmål", "Svar")
        if t.rows[1].cells[0].text == "Hvem skal træne barnet?"
    )
    assert [
        "Hvorfor vil I hjemmetræne jeres barn?",
        "Anders lærer bedst i trygge rammer derhjemme.",
    ] in cell_texts(considerations)


def test_the_time_and_phase_plan_is_one_table_per_goal_with_the_rows_of_bilag_9(app, rich_case):
    document = open_docx(dossier(app, rich_case))
    assert "Mål 1: Anders tager selv tøj på" in headings(document, 3)
    assert "Mål 2: Anders kravler 3 m" in headings(document, 3)
    goals = tables_starting(document, "Punkt", "Beskrivelse")
    assert len(goals) == 2
    for table in goals:
        assert [row[0] for row in cell_texts(table)[1:]] == BILAG_9
    first, second = (dict(cell_texts(table)[1:]) for table in goals)
    assert first["Udvalgt mål"] == "Anders tager selv tøj på"
    assert first["Hvordan kan I se, at målet er nået?"].startswith(
        "Anders tager selv joggingbukser"
    )
    assert second["Udvalgt mål"] == "Anders kravler 3 m"
    goal = maja_goal(today_local())
    assert second["Hvordan dokumenterer I effekten?"] == goal["documentation"]


def test_the_weekly_schedule_is_a_week_table_with_totals(app, rich_case):
    document = open_docx(dossier(app, rich_case))
    week = table_starting(document, "Dag", "Fra", "Til")
    assert cell_texts(week)[1:] == [
        ["Mandag", "07:00", "07:20", "Træning", "Påklædning", "Ergoterapeutisk ADL-træning"],
        ["Mandag", "08:00", "12:00", "Skole", "Skole", ""],
    ]
    totals = dict(cell_texts(table_starting(document, "Timer om ugen", "Timer"))[1:])
    assert totals["Træning"] == "0,33"
    assert totals["Skole"] == "4"
    assert totals["Skole og træning i alt"] == "4,33"
    assert totals["Kommunens ramme"] == "37"


def test_the_budget_per_category_with_quantities_amounts_justifications_and_the_cap(app, rich_case):
    document = open_docx(dossier(app, rich_case))
    budget_headings = headings(document, 3)
    for label in ("Træningsredskaber", "Kurser", "Hjælpetrænere"):
        assert label in budget_headings
    equipment, course, helper = tables_starting(document, "Nr.", "Udgift", "Antal", "Timer/uge")
    assert cell_texts(equipment) == [
        ["Nr.", "Udgift", "Antal", "Timer/uge", "Beløb", "Begrundelse"],
        [
            "1",
            "Skammel til påklædning",
            "1",
            "",
            "450,00 kr.",
            "Anders skal sidde stabilt, når han øver sig i påklædning",
        ],
        [
            "2",
            "Reol til træningsrummet",
            "2",
            "",
            "1.200,50 kr.",
            "Redskaberne skal stå fremme og i orden.",
        ],
        ["", "I alt", "", "", "1.650,50 kr.", ""],
    ]
    assert cell_texts(course)[1][4] == "3.000,00 kr."
    # A helper's amount is computed: 4 hours x 47 weeks x 133 kr. "ekskl. feriepenge" (seed
    # 001), plus 12,5 % holiday pay.
    assert cell_texts(helper)[1][:5] == ["4", "Hjælpetræner", "", "4", "28.129,50 kr."]
    totals = dict(cell_texts(table_starting(document, "Budgettet", "Beløb"))[1:])
    assert totals["Udgifter til træning i alt"] == "32.780,00 kr."
    assert totals["Loft for ét barn (2024-niveau)"] == "706.600,00 kr."
    assert totals["Tilbage under loftet"] == "673.820,00 kr."


def test_budget_lines_grouped_by_category_carry_the_numbers_the_decision_gives_them(
    app, rich_case, esbjerg, db
):
    # The family wrote a course first and equipment after it; the dossier groups equipment
    # first, and each line keeps the number the decision refers to it by.
    budget = rich_case.application["budget"]
    lines = [
        {
            "category": "course",
            "description": "Kursus i ADL-træning, Odense",
            "quantity": "1",
            "amount": "3000.00",
            "justification": "Forældrene lærer metoden.",
        },
        {
            "category": "equipment",
            "description": "Skammel til påklædning",
            "quantity": "1",
            "amount": "450.00",
            "justification": "Anders skal sidde stabilt.",
        },
    ]
    _replace_application(rich_case, db, budget={"year": budget["year"], "lines": lines})
    _decide(
        rich_case,
        factories.staff(esbjerg),
        "Hjemmetræningen godkendes.",
        [
            decisions.LineInput(0, Decimal("3000"), False),
            decisions.LineInput(1, Decimal("450"), False),
        ],
    )
    db.session.commit()
    document = open_docx(dossier(app, rich_case))
    asked = [
        cell_texts(table)[1][:2]
        for table in tables_starting(document, "Nr.", "Udgift", "Antal", "Timer/uge")
    ]
    assert asked == [["2", "Skammel til påklædning"], ["1", "Kursus i ADL-træning, Odense"]]
    decided = cell_texts(table_starting(document, "Nr.", "Udgift", "Ansøgt"))[1:3]
    assert [row[:2] for row in decided] == [
        ["1", "Kursus i ADL-træning, Odense (Kurser)"],
        ["2", "Skammel til påklædning (Træningsredskaber)"],
    ]


def test_the_rules_findings_the_attachments_and_the_history(app, rich_case, family, make_client):
    person, cpr = family
    statement = files.pdf(2)
    browser = tracking.family(make_client, person, cpr)
    send(
        browser,
        f"/ansoegning/sager/{rich_case.public_id}/bilag",
        [("Lægeudtalelse.pdf", statement)],
        kind="medical_statement",
    )
    document = open_docx(dossier(app, rich_case))

    findings = cell_texts(table_starting(document, "Afsnit", "Gælder", "Art"))
    household = next(row for row in findings if row[1] == "Udgift 2")
    assert household[0] == "Budget" and household[2] == "Råd"
    assert "Esbjerg Kommune bevilger normalt ikke almindeligt indbo" in household[3]
    assert "Esbjerg Kommunes vejledning om hjemmetræning" in household[4]

    attachments = cell_texts(table_starting(document, "Nr.", "Type", "Fil"))
    assert attachments[1][:4] == [
        "1",
        "Udtalelse fra læge eller sygehus",
        "Lægeudtalelse.pdf",
        "1 kB",
    ]
    assert attachments[1][5] == hashlib.sha256(statement).hexdigest()

    history = cell_texts(table_starting(document, "Tidspunkt", "Hændelse"))
    # Lars, the other holder of custody, consented the day before (issue 15).
    assert history[1][:3] == [
        "1. november 2026 kl. 12:00",
        "Den anden forældremyndighedsindehaver har givet samtykke",
        "Lars Hansen",
    ]
    assert history[1][3] == "Logget ind med Udviklingslogin"
    assert history[2][:3] == ["2. november 2026 kl. 12:00", "Sendt til kommunen", "Mette Hansen"]
    assert history[3][1] == "Familien har sendt bilag"


def test_goals_valid_when_received_are_notes_not_faults_in_a_dossier_made_months_later(
    app, family, esbjerg, clock
):
    """The dossier judges the request as at the day it was received. Seed 000 item 8: "Enkelte
    forældre har oplevet dette krav, som et forsøg på, at trække sagens behandling unødig ud":
    the committee meeting 200 days later must not read the family's goals as errors."""
    person, _cpr = family
    received = today_local()
    case = tracking.submitted_case(person, esbjerg, received=received)
    short_by = date.fromisoformat(case.application["maal"]["goals"][0]["short_term_by"])
    clock(200)
    document = open_docx(dossier(app, case))

    findings = cell_texts(table_starting(document, "Afsnit", "Gælder", "Art"))[1:]
    assert [row[2] for row in findings] == ["Oplysning", "Oplysning"], findings
    assert findings[0][3] == (
        f"Datoen for det kortsigtede mål, {long_date(short_by)}, er passeret siden "
        f"ansøgningen blev modtaget den {long_date(received)}."
    )
    text = all_text(document)
    assert "Reglerne er kørt på ansøgningen, som den var den dag, kommunen modtog den." in text
    assert "Vælg en dato fra i dag" not in text


def test_questions_notices_of_delay_and_the_decision_are_there_for_the_committee(
    app, rich_case, family, esbjerg, db, make_client
):
    person, cpr = family
    worker = factories.staff(esbjerg)
    question = cases.ask_for_information(
        rich_case, worker, "Har I en udtalelse fra skolen?", now=now_utc()
    )
    db.session.commit()
    send(
        tracking.family(make_client, person, cpr),
        f"/ansoegning/sager/{rich_case.public_id}/bilag?spoergsmaal={question.id}",
        [("Skolens udtalelse.pdf", files.pdf(4))],
        kind="school_statement",
    )
    cases.answer_information_request(
        rich_case, person, question, "Den kommer i næste uge.", now=now_utc()
    )
    cases.record_delay_notice(
        rich_case,
        worker,
        rich_case.due_date + timedelta(days=30),
        "Visitationsudvalget mødes først i april.",
        now=now_utc(),
    )
    _decide(
        rich_case,
        worker,
        "Hjemmetræningen godkendes.\nReolen afslås.",
        [
            decisions.LineInput(0, Decimal("450"), False),
            decisions.LineInput(1, None, True, "Almindeligt indbo (kommunens vejledning)."),
            decisions.LineInput(2, Decimal("2000"), False, "Ét kursus er nok."),
            decisions.LineInput(3, Decimal("28129.50"), False),
        ],
    )
    db.session.commit()
    document = open_docx(dossier(app, rich_case))
    grants = cell_texts(table_starting(document, "Forælder", "Ansøgt", "Bevilget"))
    assert grants[1][:3] == [
        "Mette Hansen",
        "20 timer om ugen",
        "17.027,02 kr. om måneden for 20 timer om ugen",
    ]
    assert grants[2][2:] == ["Afslag", "–", "–", "Selvstændig: indtægten er ikke oplyst."]

    asked = cell_texts(table_starting(document, "Spurgt", "Spørgsmål"))[1]
    assert asked[0].endswith(worker.name)
    assert asked[1:2] + asked[3:4] == [
        "Har I en udtalelse fra skolen?",
        "Den kommer i næste uge. (Filer: Skolens udtalelse.pdf)",
    ]
    delay = cell_texts(table_starting(document, "Givet", "Tidligere dato"))[1]
    assert delay[3] == "Visitationsudvalget mødes først i april."
    assert delay[1] == "2. marts 2027" and delay[2] == "1. april 2027"

    facts = dict(
        row for row in cell_texts(document.tables[0]) + cell_texts(_decision_facts(document))
    )
    assert facts["Afgørelse"] == "Delvist bevilget"
    assert facts["Truffet af"] == worker.name
    lines = cell_texts(table_starting(document, "Nr.", "Udgift", "Ansøgt"))
    assert lines[2] == [
        "2",
        "Reol til træningsrummet (Træningsredskaber)",
        "1.200,50 kr.",
        "0,00 kr.",
        "Afslag",
        "Almindeligt indbo (kommunens vejledning).",
    ]
    assert lines[3][4:] == ["Delvist bevilget", "Ét kursus er nok."]
    assert lines[-1][1:4] == ["I alt", "32.780,00 kr.", "30.579,50 kr."]
    text = all_text(document)
    assert "Reolen afslås." in text and "I kan klage inden 4 uger." in text
    # The status on the cover follows the case.
    assert ["Status", "Afgjort"] in cell_texts(document.tables[0])


def _decide(case: Case, worker, text: str, lines: list) -> None:
    """A partial grant of the rich case: Mette's lost earnings granted, Lars's refused."""
    today = today_local()
    decisions.record(
        case,
        worker,
        decisions.DecisionInput(
            outcome="partly_approved",
            text=text,
            complaint_guidance="I kan klage inden 4 uger.",
            lines=lines,
            next_supervision=today + timedelta(days=60),
            second_supervision=today + timedelta(days=240),
            lost_earnings=[
                decisions.GrantInput(0, False, Decimal("17027.02"), Decimal(20), today),
                decisions.GrantInput(
                    1, True, None, None, None, reason="Selvstændig: indtægten er ikke oplyst."
                ),
            ],
        ),
        now=now_utc(),
    )


def _decision_facts(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text == "Afgørelse")


def test_every_table_repeats_its_header_row_and_the_footer_has_page_numbers(app, rich_case):
    document = open_docx(dossier(app, rich_case))
    for table in document.tables:
        first = table.rows[0].cells[0].text
        if first in ("Kommune", "Afgørelse"):
            continue  # key-value tables without a header row
        assert table.rows[0]._tr.find(".//{*}tblHeader") is not None, first
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and rich_case.number in footer


def _replace_application(case: Case, db, **changes) -> None:
    case.application = {**case.application, **changes}
    db.session.commit()


def test_a_case_without_goals_or_budget_is_still_a_whole_document(app, rich_case, db):
    rich_case.application = {
        **{key: value for key, value in rich_case.application.items() if key != "budget"},
        "maal": {"goals": []},
    }
    db.session.commit()
    content = dossier(app, rich_case)
    assert "word/document.xml" in xml_parts(content)
    text = all_text(open_docx(content))
    assert "Der er ikke beskrevet nogen mål." in text
    assert "Der er ikke søgt om udgifter til træningen." in text


def test_two_hundred_budget_lines_make_one_long_table(app, rich_case, db):
    lines = [
        {
            "category": "equipment",
            "description": f"Redskab {n}",
            "quantity": "1",
            "amount": "100.00",
            "justification": f"Bruges i øvelse {n}.",
        }
        for n in range(1, 201)
    ]
    _replace_application(rich_case, db, budget={"year": 2027, "lines": lines})
    content = dossier(app, rich_case)
    xml_parts(content)
    document = open_docx(content)
    (table,) = tables_starting(document, "Nr.", "Udgift", "Antal", "Timer/uge")
    rows = cell_texts(table)
    assert len(rows) == 1 + 200 + 1
    assert rows[200] == ["200", "Redskab 200", "1", "", "100,00 kr.", "Bruges i øvelse 200."]
    assert rows[-1][4] == "20.000,00 kr."


# Every Danish letter, other Latin letters, emoji (a family of four code points, a flag), quotes,
# markup characters, and the control characters XML 1.0 forbids. (PostgreSQL cannot store
# \x00 in a JSON document at all, so the stored case has every other one; the document kit
# is given \x00 directly below.)
ODD = (
    "Æblegrød på Ærø, Øster Ørsted og Ålbæk: æøå ÆØÅ é ü ß ñ "
    '😀 👨‍👩‍👧 🇩🇰 – “citat” ‘enkelt’ & <tag> "" \x01\x08\x0b\x0c\x1f\ufffe\uffff slut'
)
LONG_WORD = "Træningsredskabsopbevaringsløsningsbeskrivelse" * 100


def test_every_danish_letter_emoji_control_characters_and_very_long_words(app, rich_case, db):
    rich_case.child_name = "Åse Ærø-Øster 😀"
    considerations = {
        **rich_case.application["overvejelser"],
        "motivation": ODD,
        "home_setting": LONG_WORD,
        "resources": "Første linje\nAnden linje\tmed tabulator",
    }
    _replace_application(rich_case, db, overvejelser=considerations)
    content = dossier(app, rich_case)
    xml_parts(content)
    document = open_docx(content)
    text = all_text(document)
    assert "Åse Ærø-Øster 😀" in text
    assert "Æblegrød på Ærø, Øster Ørsted og Ålbæk: æøå ÆØÅ é ü ß ñ 😀 👨‍👩‍👧 🇩🇰" in text
    assert "& <tag>" in text and "slut" in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text)
    # Line breaks stay line breaks in Word.
    assert "Første linje\nAnden linje\tmed tabulator" in text
    # A very long word is kept whole, with places where Word may wrap it.
    assert LONG_WORD in text.replace("\u200b", "")
    assert max(len(word) for word in re.split(r"[\s\u200b]+", text)) <= 60


def test_the_document_kit_drops_what_xml_cannot_hold(app):
    with app.test_request_context():
        document = kit.new_document(title="Sag \x00", footer="Sag \x00 HT-1")
        kit.heading(document, "Overskrift \x00\x07 😀", 1)
        kit.table(document, ("A\x00", "B"), [("\x00x\x1b", "y\ufffe")], widths=(3, 3))
        content = kit.to_bytes(document)
    xml_parts(content)
    reopened = open_docx(content)
    assert headings(reopened, 1) == ["Overskrift  😀"]
    assert cell_texts(reopened.tables[0]) == [["A", "B"], ["x", "y"]]


def test_libreoffice_converts_the_dossier(app, rich_case, tmp_path):
    program = libreoffice()
    if program is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / "sag.docx"
    source.write_bytes(dossier(app, rich_case))
    pdf = convert_to_pdf(program, source, tmp_path)
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_the_dossier_of_a_case_made_through_the_wizard(app, client, esbjerg, db):
    journey.login_parent(client, "Mette Hansen")
    base = journey.start_application(client)
    journey.fill_application(client, base)
    journey.submit(client, base)
    case = db.session.execute(select(Case).order_by(Case.id.desc())).scalars().first()
    document = open_docx(dossier(app, case))
    assert headings(document, 2) == BILAG_8
    budget = table_starting(document, "Nr.", "Udgift", "Antal")
    assert budget.rows[1].cells[1].text == "Skammel til påklædning"
    assert budget.rows[1].cells[4].text == "450,00 kr."


def test_the_lost_earnings_show_the_familys_figures_and_the_estimate_per_parent(app, rich_case):
    # "Beregningen sker som udgangspunkt på baggrund af de seneste 3 måneders fulde indkomst"
    # (seed 001); saved costs come off the net after tax (seed 003 point 242).
    document = open_docx(dossier(app, rich_case))
    estimates = tables_starting(document, "Om måneden", "Beløb")
    assert len(estimates) == 2
    mother = dict(cell_texts(estimates[0])[1:])
    assert mother["Løn for 20 af 37 timer om ugen"] == "17.027,02 kr."
    assert mother["Tabt arbejdsfortjeneste før skat"] == "17.027,02 kr."
    assert mother["Sparet transport til arbejde"] == "-400,00 kr."
    assert "A-skat med trækprocent 38\N{NO-BREAK SPACE}% og fradrag på 0,00 kr." in mother
    father = dict(cell_texts(estimates[1])[1:])
    assert father["Løn for 10 af 40 timer om ugen"] == "6.500,00 kr."
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Lars Hansen" in text and "pkt. 237-244" in text
