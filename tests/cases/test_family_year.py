"""The family's year on one page, and the same dates as a calendar feed behind a secret link."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar
import pytest

from portal.models import CalendarFeed
from portal.rules.decisions import plan_due
from portal.services import hearings
from portal.timeutil import now_utc, today_local
from tests.support import tracking
from tests.support.pages import Page, assert_redirects, get
from tests.support.supervision import plan_visits


@pytest.fixture
def mette(make_client, esbjerg, db, approved_family):
    """Mette, whose training of her child was approved 200 days ago; the decision names a visit
    in a week and another in half a year, and she is logged in."""
    family = approved_family()
    today = today_local()
    plan_visits(family.training, today + timedelta(days=7), today + timedelta(days=180))
    return tracking.family(make_client, family.parent, family.cpr), family


def rows(page: Page) -> list[tuple[str, str]]:
    """(the <time>'s datetime, what) for each row of the year's table."""
    return [
        (row.time["datetime"], row.select("td")[1].get_text(" ", strip=True))
        for row in page.soup.select("table.year-items tbody tr")
    ]


def new_link(browser) -> str:
    page = get(browser, "/jeres-aar")
    response = browser.post("/jeres-aar/kalenderlink", data=page.form_values())
    link = Page(response).soup.find(id="kalenderlink")["value"]
    return link.removeprefix("http://localhost")


def test_the_overview_links_to_the_year_with_visits_plans_and_deadlines_in_date_order(mette):
    """001, Bilag 13: "Tids- og faseplanen fremsendes til rådgiver senest 14 dage inden
    tilsynsbesøget"; the plan for next week's visit was due a week ago and shows as overdue."""
    browser, family = mette
    overview = get(browser, "/")
    assert overview.soup.find("a", href="/jeres-aar") is not None
    page = get(browser, "/jeres-aar")
    assert page.h1 == "Jeres år"
    today = today_local()
    visit = today + timedelta(days=7)
    found = rows(page)
    assert (visit.isoformat(), "Tilsynsbesøg") in found
    assert (
        plan_due(visit).isoformat(),
        "Send tids- og faseplanen (fristen er overskredet, hvis det ikke er sendt)",
    ) in found
    later_visit = today + timedelta(days=180)
    assert (plan_due(later_visit).isoformat(), "Send tids- og faseplanen") in found
    # 001: "senest 15. november ansøgning om budget"; "senest d. 28.02.XX ... regnskab".
    whats = [what for _day, what in found]
    assert "Send budgettet for næste år" in whats
    assert "Send regnskabet for sidste år" in whats
    days = [date.fromisoformat(day) for day, _what in found]
    assert days == sorted(days) and days[-1] <= today + timedelta(days=366)
    assert family.training.number in page.soup.select_one("section.year-training h2").get_text()


def test_another_familys_training_never_shows(mette, approved_family):
    browser, family = mette
    other = approved_family(name="Lars Jensen", email="lars@example.dk").training
    page = get(browser, "/jeres-aar")
    text = page.text()
    assert family.training.number in text
    assert other.number not in text


def test_the_feed_holds_the_year_without_the_childs_name_or_cpr(mette):
    browser, family = mette
    link = new_link(browser)
    response = browser.application.test_client().get(link)  # no login: a calendar app
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert "private" in response.headers["Cache-Control"]
    body = response.get_data(as_text=True)
    training = family.training
    assert training.child_name not in body
    assert training.child_name.split()[0] not in body
    assert training.child_cpr not in body and family.cpr not in body
    calendar = icalendar.Calendar.from_ical(response.data)
    events = {(e.decoded("dtstart"), str(e["summary"])) for e in calendar.walk("VEVENT")}
    visit = today_local() + timedelta(days=7)
    assert (visit, f"Hjemmetræning: Tilsynsbesøg (sag {training.number})") in events
    plan = f"Hjemmetræning: Send tids- og faseplanen (sag {training.number})"
    assert (plan_due(visit), plan) in events
    assert len({str(e["uid"]) for e in calendar.walk("VEVENT")}) == len(events)


def test_a_new_link_revokes_the_old_and_revoking_ends_the_feed(mette, make_client):
    browser, _family = mette
    app = make_client()
    first = new_link(browser)
    second = new_link(browser)
    assert app.get(first).status_code == 404
    assert app.get(second).status_code == 200
    page = get(browser, "/jeres-aar")
    response = browser.post("/jeres-aar/kalenderlink/slet", data=page.form_values())
    assert_redirects(response, "/jeres-aar")
    assert app.get(second).status_code == 404
    assert app.get("/kalender/ikke-et-link.ics").status_code == 404


def test_the_link_is_kept_only_as_its_digest(mette, db):
    browser, family = mette
    link = new_link(browser)
    token = link.removeprefix("/kalender/").removesuffix(".ics")
    stored = db.session.query(CalendarFeed).filter_by(parent_id=family.parent.id).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    # Shown once: the page afterwards offers a new link but shows none.
    assert get(browser, "/jeres-aar").soup.find(id="kalenderlink") is None


def test_the_year_needs_a_login(make_client):
    assert_redirects(make_client().get("/jeres-aar"), "/log-ind?next=/jeres-aar?")


def test_a_hearing_waiting_for_the_family_is_on_the_year_until_answered(mette, db):
    """A repayment claim is heard on the accounts' own case; its deadline is the family's too."""
    browser, family = mette
    accounts = tracking.submitted_case(
        family.parent,
        family.municipality,
        received=today_local() - timedelta(days=3),
        case_type="accounts",
        related=family.training,
    )
    hearing = hearings.open_hearing(
        accounts, kind="repayment", subject="Forslag", staff=family.caseworker, now=now_utc()
    )
    db.session.commit()
    due = (today_local() + timedelta(weeks=2)).isoformat()
    assert (due, "Svar på høringen") in rows(get(browser, "/jeres-aar"))
    feed = icalendar.Calendar.from_ical(browser.get(new_link(browser)).get_data())
    summaries = {str(e["summary"]) for e in feed.walk("VEVENT")}
    assert any("Svar på høringen" in s for s in summaries)

    hearing.answer, hearing.answered_at = "Ingen bemærkninger", now_utc()
    db.session.commit()
    assert (due, "Svar på høringen") not in rows(get(browser, "/jeres-aar"))


def test_the_year_reads_in_english_item_by_item(mette):
    """The items' titles are marked where the rules name them (portal.rules.calendar) and
    translated when the page shows them."""
    browser, _family = mette
    token = get(browser, "/").soup.select_one("input[name=csrf_token]")
    browser.post("/sprog", data={"lang": "en", **({"csrf_token": token["value"]} if token else {})})
    page = get(browser, "/jeres-aar")
    assert page.h1 == "Your year"
    visit = today_local() + timedelta(days=7)
    found = rows(page)
    assert (visit.isoformat(), "Supervision visit") in found
    assert (
        plan_due(visit).isoformat(),
        "Send the time-and-phase plan (overdue if it has not been sent)",
    ) in found
