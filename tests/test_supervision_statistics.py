"""The statistics of supervision over the last 12 months: the share of trainings with two
visits (Bekendtgørelse § 4, stk. 1: "2 gange årligt") and of reports sent within 2 weeks
(Esbjerg Kommunes vejledning, »Tilsyn«), on known data, for the municipality and in public."""

from __future__ import annotations

from datetime import date, timedelta

from portal.models import SupervisionVisit
from portal.rules import supervision as rules
from portal.services.statistics import supervision_statistics
from portal.timeutil import today_local
from tests.support import tracking
from tests.support.pages import get

TODAY = date(2027, 6, 1)


def _visit(db, training, held: date | None, *, sent_after: int | None = None) -> None:
    visit = SupervisionVisit(
        case_id=training.id,
        planned_on=held or TODAY - timedelta(days=3),
        held_on=held,
        report_due=held + timedelta(days=14) if held else None,
        report_sent_at=tracking.at_noon(held + timedelta(days=sent_after))
        if held and sent_after is not None
        else None,
    )
    db.session.add(visit)


def make_history(db, approved_family, municipality):
    """Four trainings approved more than a year ago, one approved last month:
    - A: visits held 300 and 100 days ago, reports after 10 and 20 days;
    - B: one visit 200 days ago (report after 14 days) and one 400 days ago (too old);
    - C: visits 150 and 30 days ago, the last report not sent and its 2 weeks gone;
    - D: no visit at all; E (new): one visit 5 days ago, report not yet due."""
    old = TODAY - timedelta(days=500)
    families = [
        approved_family(
            name=f"Forælder {n}",
            email=f"f{n}@example.dk",
            received=old - timedelta(days=30),
            decided=old,
            municipality=municipality,
        )
        for n in range(4)
    ]
    new = approved_family(
        name="Ny familie",
        email="ny@example.dk",
        received=TODAY - timedelta(days=60),
        decided=TODAY - timedelta(days=30),
        municipality=municipality,
    )
    a, b, c, _d = (f.training for f in families)
    _visit(db, a, TODAY - timedelta(days=300), sent_after=10)
    _visit(db, a, TODAY - timedelta(days=100), sent_after=20)
    _visit(db, b, TODAY - timedelta(days=200), sent_after=14)
    _visit(db, b, TODAY - timedelta(days=400), sent_after=1)
    _visit(db, c, TODAY - timedelta(days=150), sent_after=3)
    _visit(db, c, TODAY - timedelta(days=30))
    _visit(db, new.training, TODAY - timedelta(days=5))
    db.session.commit()
    return families


def test_the_shares_on_known_data(db, esbjerg, approved_family):
    make_history(db, approved_family, esbjerg)
    figures = supervision_statistics(esbjerg, today=TODAY)
    # A and C had two visits in the 12 months; B one; D none; E is not a year old.
    assert (figures.with_two_visits, figures.trainings) == (2, 4)
    # Reports counted: A's two, B's recent one, C's two (one late and unsent), E's not yet due.
    # In time: A's first (10 days), B's (14 days: the last day counts), C's first.
    assert (figures.reports_in_time, figures.reports) == (3, 5)
    assert figures.share_two_visits == 0.5


def test_the_rule_counts_the_last_day_and_waits_for_an_unsent_report():
    today = date(2027, 6, 1)
    held = date(2027, 5, 1)
    due = held + timedelta(days=14)
    assert rules.report_in_time_share([(held, due, due)], today=today) == (1, 1)
    assert rules.report_in_time_share([(held, due + timedelta(days=1), due)], today=today) == (
        0,
        1,
    )
    recent = today - timedelta(days=2)
    assert rules.report_in_time_share(
        [(recent, None, recent + timedelta(days=14))], today=today
    ) == (
        0,
        0,
    )
    assert rules.two_visits_share({1: [date(2026, 6, 1), date(2027, 1, 1)]}, today=today) == (
        0,
        1,
    )


def test_the_pages_show_the_shares(db, esbjerg, approved_family, make_client, clock):
    make_history(db, approved_family, esbjerg)
    clock((TODAY - today_local()).days)
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    page = get(browser, "/sagsbehandling/statistik")
    two = page.soup.select_one("dl.supervision-statistics .two-visits dd").get_text(" ", strip=True)
    assert two == "50\xa0% (2 af 4)"
    reports = page.soup.select_one(".reports-in-time dd").get_text(" ", strip=True)
    assert reports == "60\xa0% (3 af 5)"
    # In public, fewer than 5 trainings is too few to show.
    esbjerg.publish_statistics = True
    db.session.commit()
    public = get(make_client(), f"/statistik/{esbjerg.code}")
    assert "For få hjemmetræninger til at vise tallet" in public.text()
    assert "60 % (3 af 5)" in public.text()
