"""The case dossier opens with python-docx and says what the case says."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document
from sqlalchemy import select

from portal.dossier.case_dossier import build
from portal.models import Case
from portal.services.dossier import dossier_data
from tests.support import journey


@pytest.fixture
def case(client, esbjerg, db):
    journey.login_parent(client, "Mette Hansen")
    base = journey.start_application(client)
    journey.fill_application(client, base)
    journey.submit(client, base)
    return db.session.execute(select(Case).order_by(Case.id.desc())).scalars().first()


def open_docx(data: bytes):
    return Document(BytesIO(data))


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def cell_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_dossier_has_the_cover_sections_and_tables_of_the_case(app, case):
    with app.test_request_context():
        document = open_docx(build(dossier_data(case)))

    assert document.paragraphs[0].style.name == "Title"
    assert case.number in document.paragraphs[0].text
    cover = cell_texts(document.tables[0])
    assert ["Sagsnummer", case.number] in cover
    assert ["Barn", "Anders Hansen"] in cover
    assert ["CPR-nummer", f"{case.child_cpr[:6]}-{case.child_cpr[6:]}"] in cover

    assert headings(document, 1) == ["Ansøgningen", "Regeltjek", "Bilag", "Sagens forløb"]
    assert headings(document, 2)[:3] == ["Barnet", "Familien", "Træningsmetoder"]
    assert "Tids- og faseplan" in headings(document, 2)
    assert "Mål 1: Anders tager selv tøj på" in headings(document, 3)

    goal_table = next(t for t in document.tables if t.rows[1].cells[0].text == "Udvalgt mål")
    goal = dict((r[0], r[1]) for r in cell_texts(goal_table)[1:])
    assert goal["Udvalgt mål"] == "Anders tager selv tøj på"
    assert goal["Hvordan kan I se, at målet er nået?"].startswith("Anders tager selv joggingbukser")

    budget_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Udgift")
    assert budget_table.rows[1].cells[0].text == "Skammel til påklædning"
    assert budget_table.rows[1].cells[3].text == "450,00 kr."
    totals = next(t for t in document.tables if t.rows[0].cells[0].text == "Budgettet")
    assert "706.600,00 kr." in [row.cells[1].text for row in totals.rows]


def test_every_table_repeats_its_header_row_and_the_footer_has_page_numbers(app, case):
    with app.test_request_context():
        document = open_docx(build(dossier_data(case)))
    for table in document.tables[1:]:
        header = table.rows[0]._tr
        assert header.find(".//{*}tblHeader") is not None
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and case.number in footer
