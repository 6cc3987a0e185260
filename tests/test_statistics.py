"""Handling-time statistics per request type: for the municipality, and for the public when
the municipality publishes them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.services.statistics import handling_statistics
from tests.support import factories, tracking
from tests.support.pages import assert_redirects, get


@pytest.fixture
def history(esbjerg, other_municipality, db):
    """Esbjerg in 2026: six applications decided (after 60, 90, 100, 110, 130 and 150 days;
    the deadline is 4 months, 120 or 121 days), one still open past its deadline, one
    withdrawn. Aarhus has one case of its own."""
    person, _cpr = tracking.parent()
    worker = factories.staff(esbjerg)
    for n, days in enumerate((60, 90, 100, 110, 130, 150)):
        received = date(2026, 1, 5) + timedelta(days=n)
        case = tracking.submitted_case(person, esbjerg, received=received)
        tracking.decide(case, worker, on=received + timedelta(days=days))
    tracking.submitted_case(person, esbjerg, received=date(2026, 2, 1))
    withdrawn = tracking.submitted_case(person, esbjerg, received=date(2026, 3, 1))
    withdrawn.status = "withdrawn"
    tracking.submitted_case(person, other_municipality, received=date(2026, 1, 5))
    db.session.commit()
    return worker


def test_the_figures_per_request_type(history, esbjerg):
    rows = {
        r.case_type: r for r in handling_statistics(esbjerg, year=2026, today=date(2026, 12, 1))
    }
    new = rows["new_application"]
    assert (new.received, new.decided, new.open, new.open_overdue, new.withdrawn) == (8, 6, 1, 1, 1)
    assert new.median_days == 105
    assert new.within_deadline == 4
    assert new.share_within_deadline == pytest.approx(4 / 6)
    assert new.median_allowed_days in (120, 120.5, 121)
    assert rows["accounts"].received == 0 and rows["accounts"].median_days is None
    assert handling_statistics(esbjerg, year=2025, today=date(2026, 12, 1))[0].received == 0


def test_the_municipality_sees_a_chart_and_a_table_with_the_same_figures(
    history, make_client, esbjerg
):
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    page = get(browser, "/sagsbehandling/statistik?aar=2026")
    assert page.h1 == "Statistik over sagsbehandlingstider"
    charts = page.soup.select("svg.chart")
    assert len(charts) == 2
    for chart in charts:
        assert chart["role"] == "img"
        assert page.soup.find(id=chart["aria-labelledby"].split()[0]).get_text()
    row = page.soup.select_one('tr[data-case-type="new_application"]')
    cells = [td.get_text(" ", strip=True) for td in row.select("td")]
    assert cells[:5] == ["8", "1", "1", "6", "1"]
    assert cells[5] == "67\xa0% (4)"  # Danish: a non-breaking space before %
    assert cells[6] == "105"
    assert "67\xa0%" in charts[0].get_text(" ")
    assert "105 dage" in charts[1].get_text(" ")
    # Aarhus' case is not among Esbjerg's.
    assert (
        get(browser, "/sagsbehandling/statistik?aar=alle")
        .soup.select_one('tr[data-case-type="new_application"] td')
        .get_text()
        == "8"
    )


def test_the_public_sees_the_figures_only_when_the_municipality_publishes_them(
    history, make_client, client, esbjerg, db
):
    assert client.get("/statistik/561").status_code == 404
    assert "Esbjerg" not in get(client, "/statistik/").text()

    caseworker, _w = tracking.caseworker(make_client, esbjerg)
    token = get(caseworker, "/sagsbehandling/statistik").form_values()["csrf_token"]
    refused = caseworker.post(
        "/sagsbehandling/statistik/offentliggoerelse", data={"csrf_token": token, "publish": "ja"}
    )
    assert refused.status_code == 403

    admin, _a = tracking.caseworker(make_client, esbjerg, role="admin")
    page = get(admin, "/sagsbehandling/statistik")
    response = admin.post("/sagsbehandling/statistik/offentliggoerelse", data=page.form_values())
    assert_redirects(response, "/sagsbehandling/statistik")
    db.session.refresh(esbjerg)
    assert esbjerg.publish_statistics is True

    public = get(client, "/statistik/561?aar=2026")
    assert public.h1 == "Sagsbehandlingstider i Esbjerg Kommune"
    assert (
        public.soup.select_one('tr[data-case-type="new_application"] .median').get_text() == "105"
    )
    assert "Anders" not in public.text()
    assert get(client, "/statistik/").soup.select_one('a[href="/statistik/561"]') is not None


def test_in_public_a_type_with_few_decided_cases_shows_no_share_or_median(
    history, make_client, esbjerg, db, approved_family
):
    esbjerg.publish_statistics = True
    training = approved_family(
        name="Lars Jensen",
        email="lars@example.dk",
        received=date(2026, 1, 5),
        decided=date(2026, 3, 1),
        caseworker=history,
    ).training
    budget = tracking.submitted_case(
        training.parent,
        esbjerg,
        received=date(2026, 11, 1),
        case_type="annual_budget",
        related=training,
    )
    tracking.decide(budget, history, on=date(2026, 11, 20))
    anonymous = make_client()
    public = get(anonymous, "/statistik/561?aar=2026")
    row = public.soup.select_one('tr[data-case-type="annual_budget"]')
    assert "For få afgjorte sager til at vise tallet" in row.get_text()
    assert row.select_one(".median") is None
    staff, _w = tracking.caseworker(make_client, esbjerg)
    own = get(staff, "/sagsbehandling/statistik?aar=2026")
    assert own.soup.select_one('tr[data-case-type="annual_budget"] .median').get_text() == "19"
