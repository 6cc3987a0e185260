"""The caseworker's list shows a reconsidered case by its reconsideration deadline among the
open cases, filters complaint cases, and still runs the same few statements."""

from __future__ import annotations

from datetime import timedelta

from portal.rules.formatting import long_date
from portal.services import complaints
from portal.timeutil import now_utc, today_local
from tests.staff.test_workspace import LIST, StatementCounter, numbers
from tests.support import tracking
from tests.support.pages import get


def test_a_reconsidered_case_is_listed_by_its_own_deadline(family, esbjerg, make_client, db):
    case = family.training
    complaint = complaints.complain(case, family.parent, reasons="Uenige.", now=now_utc())
    db.session.commit()
    # An open case due after the reconsideration, and one due before it.
    person, _cpr = tracking.parent("Sara Jensen", "sara@example.dk")
    later = tracking.submitted_case(person, esbjerg, received=today_local())
    sooner = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=110))
    assert sooner.due_date < complaint.reconsider_by < later.due_date
    browser, _worker = tracking.caseworker(make_client, esbjerg)

    page = get(browser, LIST)
    assert numbers(page) == [sooner.number, case.number, later.number]
    row = page.soup.select("table.case-list tbody tr")[1]
    cell = row.select_one(".deadline-cell").get_text(" ", strip=True)
    assert cell.startswith(long_date(complaint.reconsider_by)) and "Genvurdering" in cell
    assert row["class"] == ["deadline-ok"]
    assert "Genvurdering" in row.get_text()

    assert numbers(get(browser, LIST + "?status=complaints")) == [case.number]
    assert numbers(get(browser, LIST + "?status=reconsideration")) == [case.number]
    assert numbers(get(browser, LIST + "?status=open")) == [sooner.number, later.number]
    # Within 14 days: neither; overdue: none. The reconsideration counts by its own date.
    assert case.number not in numbers(get(browser, LIST + "?frist=soon"))

    counts = {}
    for query in ("", "?status=complaints", "?status=reconsideration&frist=overdue", "?frist=soon"):
        with StatementCounter(db.engine) as counter:
            get(browser, LIST + query)
        counts[query] = len(counter.statements)
    # As tests/staff/test_workspace.py: the list's six and the access log's one INSERT.
    assert set(counts.values()) == {7}, counts
