"""After the end: the family's year and calendar feed show the last day and the final accounts
8 weeks on, no visits or budget after it; the reminders say so, and at 18 three months ahead."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar
import pytest
from sqlalchemy import select

from portal.models import DraftStep, Notification
from portal.rules.training import eighteenth_birthday
from portal.services import drafts
from portal.services import training as service
from portal.timeutil import now_utc, today_local
from tests.notify.test_reminders import PARENT, run, send_waiting
from tests.support import tracking
from tests.support.journey import CHILD_BIRTH
from tests.support.pages import Page, get
from tests.support.smtp import Mailbox
from tests.support.supervision import plan_visits


@pytest.fixture
def ending(make_client, esbjerg, approved_family, db):
    """Mette's training, with visits in 1 and 4 months, which she ends in 6 weeks."""
    mette = approved_family()
    today = today_local()
    plan_visits(mette.training, today + timedelta(days=30), today + timedelta(days=120))
    last = today + timedelta(days=42)
    service.end_by_family(
        mette.training,
        mette.parent,
        last_day=last,
        reason="Anders starter i skole.",
        needs_instead=None,
        now=now_utc(),
    )
    db.session.commit()
    return tracking.family(make_client, mette.parent, mette.cpr), mette, last


def year_rows(page: Page) -> list[tuple[date, str]]:
    return [
        (date.fromisoformat(row.time["datetime"]), row.select("td")[1].get_text(" ", strip=True))
        for row in page.soup.select("table.year-items tbody tr")
    ]


def test_the_year_ends_with_the_last_day_and_the_final_accounts(ending):
    browser, _mette, last = ending
    rows = year_rows(get(browser, "/jeres-aar"))
    whats = [what for _day, what in rows]
    assert (last, "Sidste dag med hjemmetræning") in rows
    final = last + timedelta(weeks=8)
    assert any(
        day == final and what.startswith("Send det afsluttende regnskab") for day, what in rows
    )
    # After the last day: the accounts of the full year before and the final accounts, nothing
    # else.
    after = [what for day, what in rows if day > last]
    assert all(
        what.startswith("Send regnskabet") or what.startswith("Send det afsluttende")
        for what in after
    ), after
    assert "Tilsynsbesøg" in whats  # the visit before the last day is still there
    assert not any("budgettet" in what for day, what in rows if day > last)


def test_the_feed_has_the_final_accounts(ending):
    browser, mette, last = ending
    page = get(browser, "/jeres-aar")
    response = browser.post("/jeres-aar/kalenderlink", data=page.form_values())
    link = Page(response).soup.find(id="kalenderlink")["value"].removeprefix("http://localhost")
    calendar = icalendar.Calendar.from_ical(browser.application.test_client().get(link).data)
    events = {(e.decoded("dtstart"), str(e["summary"])) for e in calendar.walk("VEVENT")}
    number = mette.training.number
    final = last + timedelta(weeks=8)
    assert (final, f"Hjemmetræning: Send det afsluttende regnskab (sag {number})") in events
    assert not any(day > last and "Tilsynsbesøg" in what for day, what in events)


def test_after_the_last_day_only_the_accounts_remain(ending, clock):
    browser, mette, last = ending
    today = clock(50)  # a week past the last day
    page = get(browser, f"/sager/{mette.training.public_id}")
    assert page.soup.select_one(".training-state").get_text(strip=True) == (
        "Hjemmetræningen er slut"
    )
    rows = year_rows(get(browser, "/jeres-aar"))
    upcoming = [what for day, what in rows if day >= today]
    # The final accounts (and the last full year's accounts when they fall before): no visit,
    # no plan, no budget, no goals.
    assert upcoming[-1] == "Send det afsluttende regnskab"
    assert set(upcoming) <= {"Send regnskabet for sidste år", "Send det afsluttende regnskab"}


@pytest.fixture
def anders(app, esbjerg, db, mailbox, approved_family):
    """Anders' home training, approved in 2028 (Anders is born 15 March 2018)."""
    case = approved_family(received=date(2028, 1, 10), decided=date(2028, 3, 1)).training
    send_waiting(app, mailbox)
    return case


def test_the_family_is_told_three_months_before_18_and_of_the_final_accounts(app, anders, mailbox):
    """Principafgørelse 45-14: "uden yderligere varsling"; the family hears of it three months
    ahead, and of the final accounts 8 weeks after the last day."""
    eighteen = eighteenth_birthday(CHILD_BIRTH)
    assert eighteen == date(2036, 3, 15)
    run(app, date(2035, 12, 14))
    assert [m for m in mailbox.to(PARENT) if "slutter" in str(m["Subject"])] == []
    run(app, date(2035, 12, 15))
    run(app, date(2035, 12, 20))
    (notice,) = [m for m in mailbox.to(PARENT) if "slutter" in str(m["Subject"])]
    assert notice["Subject"] == f"Hjemmetræningen i sag {anders.number} slutter om 3 måneder"
    body = Mailbox.body(notice)
    assert "15. marts 2036" in body and "14. marts 2036" in body
    assert "principafgørelse 45-14" in body and "9. maj 2036" in body
    assert anders.child_name.split()[0] not in body
    mailbox.clear()
    run(app, date(2036, 4, 25))  # 14 days before 9 May
    (final,) = mailbox.to(PARENT)
    assert final["Subject"] == "Husk det afsluttende regnskab senest 9. maj 2036"
    run(app, date(2036, 5, 1))
    assert len(mailbox.to(PARENT)) == 1


def test_a_family_that_ends_is_reminded_of_the_final_accounts_not_the_budget(
    app, anders, mailbox, db
):
    service.end_by_family(
        anders,
        anders.parent,
        last_day=date(2030, 9, 30),
        reason="Anders starter i skole.",
        needs_instead=None,
        now=tracking.at_noon(date(2030, 8, 1)),
    )
    db.session.commit()
    send_waiting(app, mailbox)
    run(app, date(2030, 11, 10))  # budget season, after the end: nothing about a budget
    run(app, date(2030, 11, 20))  # 5 days before the final accounts (25 November)
    subjects = mailbox.subjects(PARENT)
    assert subjects == ["Husk det afsluttende regnskab senest 25. november 2030"]
    kinds = set(db.session.scalars(select(Notification.kind)))
    assert "reminder_budget" not in kinds


def test_the_final_accounts_of_an_ended_training_are_for_the_year_it_ended(approved_family, db):
    """001: "Senest 8 uger efter endt budgetår"; a training that has ended sends the accounts of
    its last year, not of the year before."""
    mette = approved_family()
    other = approved_family(name="Anne Jensen", email="anne@example.dk")
    yesterday = today_local() - timedelta(days=1)
    service.end_by_family(
        mette.training,
        mette.parent,
        last_day=yesterday,
        reason="Anders starter i skole.",
        needs_instead=None,
        now=now_utc(),
    )
    ended = drafts.start_draft(mette.parent.id, mette.municipality, "accounts", mette.training)
    running = drafts.start_draft(other.parent.id, other.municipality, "accounts", other.training)
    db.session.commit()

    def year(draft) -> str:
        return db.session.scalars(
            select(DraftStep.data).where(
                DraftStep.draft_id == draft.id, DraftStep.step == "regnskab"
            )
        ).one()["year"][0]

    assert year(ended) == str(yesterday.year)
    assert year(running) == str(today_local().year - 1)
