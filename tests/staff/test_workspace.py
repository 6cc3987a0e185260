"""The caseworker's list of cases: filters, search, sorting and pages in the address (so a
list can be bookmarked), an empty result that says why, never another municipality's cases,
and the same few SQL statements whatever the page size or the filters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from portal.models import Case
from portal.timeutil import today_local
from tests.support import factories
from tests.support.case_rows import CaseSpec, insert_cases
from tests.support.pages import Page, get

LIST = "/sagsbehandling/"


def numbers(page: Page) -> list[str]:
    return [a.get_text() for a in page.soup.select("table.case-list tbody tr td:first-child a")]


def number_of(db, case_id: int) -> str:
    return db.session.get(Case, case_id).number


@pytest.fixture
def spread(db, esbjerg, worker):
    """Six cases that differ in one thing each; Esbjerg decides within 4 weeks (28 days) and
    warns 14 days before a deadline."""
    esbjerg.settings_data = {"handling_times": {"new_application": {"weeks": 4}}}
    db.session.commit()
    _browser, me = worker
    colleague = factories.staff(esbjerg)
    today = today_local()
    specs = {
        "late": CaseSpec("Maja Østergaard", today - timedelta(days=40), status="under_review",
                         assigned_to_id=me.id),
        "soon": CaseSpec("Emil Jensen", today - timedelta(days=20), assigned_to_id=colleague.id,
                         status="under_review"),
        "calm": CaseSpec("Ida Nielsen", today - timedelta(days=1)),
        "budget": CaseSpec("Noah Larsen", today - timedelta(days=3), case_type="annual_budget",
                           status="information_requested", assigned_to_id=me.id),
        "decided": CaseSpec("Freja Kjær", today - timedelta(days=300), status="decided",
                            assigned_to_id=colleague.id),
        "withdrawn": CaseSpec("Oskar Sørensen", today - timedelta(days=50), status="withdrawn"),
    }  # fmt: skip
    ids = insert_cases(esbjerg, list(specs.values()))
    cases = {key: number_of(db, case_id) for key, case_id in zip(specs, ids, strict=True)}
    return cases, me, colleague


def test_every_filter_narrows_the_list(worker, spread):
    browser, _me = worker
    cases, _me, colleague = spread
    expect = {
        # Open cases first, by deadline (the budget is due in 25 days, the new application in
        # 27), then the closed ones.
        "": ["late", "soon", "budget", "calm", "decided", "withdrawn"],
        "?sagstype=annual_budget": ["budget"],
        "?sagstype=new_application&status=open": ["late", "soon", "calm"],
        "?status=decided": ["decided"],
        "?status=received": ["calm"],
        "?sagsbehandler=mine": ["late", "budget"],
        "?sagsbehandler=none": ["calm", "withdrawn"],
        f"?sagsbehandler={colleague.id}": ["soon", "decided"],
        "?frist=overdue": ["late"],
        # A closed case is never due: the withdrawn case's deadline has passed, but it is done.
        "?frist=soon": ["soon"],
        "?frist=overdue&sagsbehandler=none": [],
    }
    for query, keys in expect.items():
        assert numbers(get(browser, LIST + query)) == [cases[k] for k in keys], query


def test_the_filters_keep_their_values_and_reset_goes_back_to_everything(worker, spread):
    browser, _me = worker
    query = "?soeg=Maja&status=open&sagsbehandler=mine&frist=overdue&sortering=number&antal=10"
    page = get(browser, LIST + query)
    assert page.value("soeg") == "Maja"
    assert page.value("status") == "open"
    assert page.value("sagsbehandler") == "mine"
    assert page.value("frist") == "overdue"
    assert page.value("sortering") == "number"
    assert page.value("antal") == "10"
    # Every filter has a visible label tied to it.
    for name in ("soeg", "sagstype", "status", "sagsbehandler", "frist", "sortering", "antal"):
        assert page.soup.select_one(f"label[for={name}]").get_text(strip=True), name
    form = page.soup.select_one("form[method=get]")
    assert form["action"] == LIST
    reset = page.soup.find("a", string="Nulstil filtre")
    assert reset["href"] == LIST
    assert get(browser, LIST).value("status") == ""


def test_an_unknown_value_in_the_address_means_all(worker, spread):
    browser, _me = worker
    cases, _me, _colleague = spread
    page = get(browser, LIST + "?status=lukket&sagsbehandler=9999999&frist=igaar&antal=7&side=x")
    assert len(numbers(page)) == len(cases)
    assert (page.value("status"), page.value("frist"), page.value("antal")) == ("", "", "50")
    # A caseworker of another municipality is not a choice either.
    assert page.value("sagsbehandler") == ""


def test_search_finds_part_of_a_case_number_or_a_name_in_any_case(worker, spread):
    browser, _me = worker
    cases, _me, _colleague = spread
    assert numbers(get(browser, LIST + "?soeg=østergaard")) == [cases["late"]]
    assert numbers(get(browser, LIST + "?soeg=ØSTERG")) == [cases["late"]]
    assert numbers(get(browser, LIST + "?soeg=+emil++jensen+")) == [cases["soon"]]
    tail = cases["budget"][-4:]
    assert numbers(get(browser, LIST + f"?soeg={tail}")) == [cases["budget"]]
    assert numbers(get(browser, LIST + f"?soeg={cases['calm'].lower()}")) == [cases["calm"]]
    # % and _ are letters to look for, not wildcards.
    assert numbers(get(browser, LIST + "?soeg=%25")) == []
    assert numbers(get(browser, LIST + "?soeg=_")) == []


def test_sorting_by_deadline_received_and_case_number(worker, spread):
    browser, _me = worker
    cases, _me, _colleague = spread
    by_received = ["calm", "budget", "soon", "late", "withdrawn", "decided"]
    page = get(browser, LIST + "?sortering=received")
    assert numbers(page) == [cases[k] for k in by_received]
    assert page.soup.select_one("th[aria-sort]").get_text() == "Modtaget"
    page = get(browser, LIST + "?sortering=number")
    assert numbers(page) == sorted(cases.values())
    assert page.soup.select_one("th[aria-sort]").get_text() == "Sagsnummer"
    page = get(browser, LIST)
    assert page.soup.select_one("th[aria-sort]").get_text() == "Frist"
    assert "sorteret efter frist" in page.soup.select_one("table caption").get_text()


def test_an_empty_result_says_which_filters_found_nothing(worker, spread):
    browser, _me = worker
    page = get(browser, LIST + "?soeg=Zacharias&status=decided")
    assert numbers(page) == []
    assert page.soup.select_one("#results-heading").get_text(strip=True) == "Ingen sager"
    empty = page.soup.select_one(".workspace-empty").get_text(" ", strip=True)
    assert "Ingen sager passer til det, du har valgt" in empty
    assert "Søgning: „Zacharias“" in empty
    assert "Status: Afgjort" in empty
    page = get(browser, LIST + "?frist=soon&sagstype=accounts")
    empty = page.soup.select_one(".workspace-empty").get_text(" ", strip=True)
    assert "Frist: Inden for 14 dage" in empty
    assert "Sagstype: Regnskab for det afsluttede budgetår" in empty
    assert page.soup.find("a", string="Vis alle sager")["href"] == LIST


def test_a_municipality_without_cases_says_so(worker):
    browser, _me = worker
    page = get(browser, LIST)
    assert "Der er ingen sager endnu" in page.soup.select_one(".workspace-empty").get_text()
    assert page.soup.select_one("table.case-list") is None


def test_fifty_cases_a_page_with_links_that_keep_the_filters(worker, esbjerg, db):
    browser, me = worker
    today = today_local()
    insert_cases(
        esbjerg,
        [
            CaseSpec(f"Barn {n:03d}", today - timedelta(days=n), assigned_to_id=me.id)
            for n in range(120)
        ],
    )
    first = get(browser, LIST + "?sagsbehandler=mine")
    assert len(numbers(first)) == 50
    assert first.soup.select_one("#results-heading").get_text(strip=True) == "Sag 1-50 af 120"
    assert first.soup.select_one(".pagination-status").get_text() == "Side 1 af 3"
    assert first.title.startswith("Sager, side 1 af 3")
    nav = first.soup.select_one("nav.pagination")
    assert nav["aria-label"] == "Sider i listen over sager"
    current = nav.select_one("[aria-current=page]")
    assert (current.get_text(), current["aria-label"]) == ("1", "Side 1")
    assert [a["aria-label"] for a in nav.select(".pagination-number a")] == [
        "Side 1",
        "Side 2",
        "Side 3",
    ]
    assert nav.find("a", rel="prev") is None
    following = nav.find("a", rel="next")
    assert following.get_text() == "Næste side"
    assert following["href"] == LIST + "?sagsbehandler=mine&side=2"

    last = get(browser, following["href"].replace("side=2", "side=3"))
    assert len(numbers(last)) == 20
    assert last.soup.select_one("#results-heading").get_text(strip=True) == "Sag 101-120 af 120"
    assert last.soup.find("a", rel="prev")["href"] == LIST + "?sagsbehandler=mine&side=2"
    assert last.soup.find("a", rel="next") is None
    # Every case once, in deadline order, over the three pages.
    middle = get(browser, LIST + "?sagsbehandler=mine&side=2")
    seen = numbers(first) + numbers(middle) + numbers(last)
    assert len(set(seen)) == 120
    # A bookmark to a page that no longer exists shows the last one.
    beyond = get(browser, LIST + "?sagsbehandler=mine&side=40")
    assert numbers(beyond) == numbers(last)
    # Ten a page: twelve pages, the far ones left out.
    tenth = get(browser, LIST + "?antal=10&side=6")
    labels = [
        li.get_text(strip=True) for li in tenth.soup.select("nav.pagination .pagination__items li")
    ]
    assert labels == ["1", "…", "4", "5", "6", "7", "8", "…", "12"]


def test_another_municipalitys_cases_are_never_listed(worker, spread, other_municipality, db):
    browser, _me = worker
    cases, _me, _colleague = spread
    (aarhus_case,) = insert_cases(
        other_municipality, [CaseSpec("Maja Østergaard", today_local(), status="received")]
    )
    aarhus_number = number_of(db, aarhus_case)
    for query in ("", "?soeg=Maja", f"?soeg={aarhus_number}", "?sagsbehandler=none"):
        assert aarhus_number not in numbers(get(browser, LIST + query)), query
    assert numbers(get(browser, LIST + "?soeg=Maja")) == [cases["late"]]
    aarhus_worker = factories.staff(other_municipality)
    page = get(browser, LIST + f"?sagsbehandler={aarhus_worker.id}")
    assert aarhus_worker.name not in page.text()
    assert page.value("sagsbehandler") == ""


class StatementCounter:
    def __init__(self, engine) -> None:
        self.engine = engine
        self.statements: list[str] = []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, _conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        # The test's savepoints wrap each request; they are the test's, not the page's.
        if "SAVEPOINT" not in statement:
            self.statements.append(statement)


def test_the_list_runs_the_same_few_statements_whatever_the_page_size_or_filters(
    worker, esbjerg, db
):
    browser, me = worker
    colleague = factories.staff(esbjerg)
    today = today_local()
    insert_cases(
        esbjerg,
        [
            CaseSpec(
                f"Barn {n:03d}",
                today - timedelta(days=n * 3),
                case_type=("new_application", "annual_budget", "accounts")[n % 3],
                status=("received", "under_review", "decided")[n % 3],
                assigned_to_id=(None, me.id, colleague.id)[n % 3],
            )
            for n in range(80)
        ],
    )
    get(browser, LIST)  # the first page keeps a new form token in the session
    counts = {}
    for query in (
        "?antal=10",
        "?antal=50",
        "?antal=100",
        "?antal=50&side=2",
        "?status=open&sagsbehandler=mine",
        "?sagsbehandler=none&frist=overdue",
        "?frist=supervision",
        "?sagstype=accounts&sortering=received",
        "?soeg=barn+01&sortering=number",
        "?soeg=ingen-finder-mig",
    ):
        with StatementCounter(db.engine) as counter:
            page = get(browser, LIST + query)
        counts[query] = len(counter.statements)
        assert page.soup.select_one("#results-heading"), query
    # The session, the caseworker, the municipality, the caseworkers for the filter, the
    # count, the page, and the one row of the access log (portal.models.ViewLog).
    assert set(counts.values()) == {7}, counts


@pytest.mark.parametrize("sort", ["deadline", "received", "number"])
def test_the_pages_past_the_middle_list_the_same_cases_in_the_same_order(worker, esbjerg, sort):
    """A page past the middle is read from the other end of the order; its cases and their
    order are those of the same list on one page, ties (cases received the same day) too."""
    browser, me = worker
    today = today_local()
    statuses = ("received", "under_review", "decided")
    insert_cases(
        esbjerg,
        [
            CaseSpec(f"Barn {n:03d}", today - timedelta(days=n // 3), status=statuses[n % 3])
            for n in range(95)
        ],
    )
    whole = numbers(get(browser, LIST + f"?sortering={sort}&antal=100"))
    assert len(whole) == 95
    paged = []
    for page in range(1, 11):
        paged += numbers(get(browser, LIST + f"?sortering={sort}&antal=10&side={page}"))
    assert paged == whole
