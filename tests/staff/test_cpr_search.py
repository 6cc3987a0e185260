"""The caseworker finds a case by the child's whole CPR number, although the number is kept
sealed: through its keyed hash. Never another municipality's case."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from portal.models import Case
from portal.timeutil import today_local
from tests.support.case_rows import CaseSpec, insert_cases
from tests.support.pages import get

LIST = "/sagsbehandling/"


def numbers(page) -> list[str]:
    return [a.get_text() for a in page.soup.select("table.case-list tbody tr td:first-child a")]


def test_a_whole_cpr_number_finds_the_childs_case_with_or_without_the_dash(
    db, worker, esbjerg, other_municipality
):
    browser, _me = worker
    today = today_local()
    ida, emil = insert_cases(
        esbjerg,
        [
            CaseSpec("Ida Nielsen", today, birth=date(2016, 2, 3)),
            CaseSpec("Emil Jensen", today, birth=date(2018, 9, 10)),
        ],
    )
    # Another municipality's case for the same child is not theirs to see.
    (elsewhere,) = insert_cases(other_municipality, [CaseSpec("Ida Nielsen", today)])
    ida, emil = db.session.get(Case, ida), db.session.get(Case, emil)
    db.session.execute(
        text("UPDATE case_file SET child_cpr_hash = :h WHERE id = :id"),
        {"h": ida.child_cpr_hash, "id": elsewhere},
    )
    cpr = ida.child_cpr

    assert numbers(get(browser, LIST + f"?soeg={cpr}")) == [ida.number]
    assert numbers(get(browser, LIST + f"?soeg={cpr[:6]}-{cpr[6:]}")) == [ida.number]
    assert numbers(get(browser, LIST + f"?soeg={emil.child_cpr}")) == [emil.number]
    # Part of a CPR number finds nothing: the number is not kept where it could be searched.
    assert numbers(get(browser, LIST + f"?soeg={cpr[:6]}")) == []
    page = get(browser, LIST)
    label = page.soup.select_one("label[for=soeg]").get_text(" ", strip=True)
    assert "CPR-nummer" in label
