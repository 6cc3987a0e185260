"""`flask reminders`, run daily from cron: deadlines to the caseworker, budget and accounts to
the family, the child's 16th birthday to the caseworker. Running it twice sends nothing twice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.models import Notification
from portal.timeutil import today_local
from tests.support import factories, tracking
from tests.support.journey import CHILD_BIRTH
from tests.support.smtp import Mailbox

PARENT = "mette@example.dk"
INBOX = "hjemmetraening@561.example"


def run(app, day: date) -> str:
    result = app.test_cli_runner().invoke(args=["reminders", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def send_waiting(app, mailbox: Mailbox) -> None:
    """Send what earlier events queued (receipts, decisions), so a test reads only reminders."""
    app.test_cli_runner().invoke(args=["notifications", "send"])
    mailbox.clear()


def count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification))


def test_deadlines_soon_and_passed_go_to_the_caseworker_once(app, esbjerg, db, mailbox):
    # Four weeks' handling time makes the dates easy to place around today.
    esbjerg.settings_data = {"handling_times": {"new_application": {"weeks": 4}}}
    today = today_local()
    person, _cpr = tracking.parent()
    worker = factories.staff(esbjerg)
    soon = tracking.submitted_case(person, esbjerg, received=today - timedelta(days=18))
    soon.assigned_to = worker
    late = tracking.submitted_case(person, esbjerg, received=today - timedelta(days=31))
    calm = tracking.submitted_case(person, esbjerg, received=today - timedelta(days=1))
    db.session.commit()
    send_waiting(app, mailbox)

    output = run(app, today)
    assert "reminder_due_soon: 1" in output and "reminder_overdue: 1" in output
    (due_soon,) = mailbox.to(worker.email)
    assert due_soon["Subject"] == f"Sagsbehandlingstiden slutter om 10 dage: sag {soon.number}"
    body = Mailbox.body(due_soon)
    assert f"/sagsbehandling/sager/{soon.public_id}" in body
    assert "retssikkerhedsloven § 3" in body
    (overdue,) = mailbox.to(INBOX)  # nobody has the case: the municipality's inbox
    assert overdue["Subject"] == f"Sagsbehandlingstiden er overskredet: sag {late.number}"
    assert "overskredet med 3 dage" in Mailbox.body(overdue)
    assert calm.number not in " ".join(mailbox.subjects())

    queued = count(db)
    run(app, today)
    run(app, today)
    assert len(mailbox.messages) == 2 and count(db) == queued

    # A week on, the passed deadline is raised again; the soon one has passed by now.
    run(app, today + timedelta(days=7))
    assert sorted(mailbox.subjects()) == sorted(
        [
            f"Sagsbehandlingstiden slutter om 10 dage: sag {soon.number}",
            f"Sagsbehandlingstiden er overskredet: sag {late.number}",
            f"Sagsbehandlingstiden er overskredet: sag {late.number}",
        ]
    )
    run(app, today + timedelta(days=11))
    assert (
        mailbox.subjects(worker.email)[-1]
        == f"Sagsbehandlingstiden er overskredet: sag {soon.number}"
    )


def test_a_deadline_one_day_off_is_one_day_in_the_e_mail(app, esbjerg, db, mailbox):
    esbjerg.settings_data = {"handling_times": {"new_application": {"weeks": 4}}}
    today = today_local()
    person, _cpr = tracking.parent()
    late = tracking.submitted_case(person, esbjerg, received=today - timedelta(days=29))
    db.session.commit()
    send_waiting(app, mailbox)

    run(app, today)
    (overdue,) = mailbox.to(INBOX)
    assert f"sluttede {late.due_date.day}." in Mailbox.body(overdue)
    assert "Den er overskredet med 1 dag." in Mailbox.body(overdue)


def test_a_notice_of_delay_moves_the_reminders_to_the_new_date(
    app, esbjerg, db, mailbox, make_client
):
    esbjerg.settings_data = {"handling_times": {"new_application": {"weeks": 4}}}
    today = today_local()
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today - timedelta(days=20))
    staff, _worker = tracking.caseworker(make_client, esbjerg)
    tracking.staff_action(
        staff,
        case,
        "forsinkelse",
        {"delay-new_date": str(case.due_date + timedelta(days=30)), "delay-reason": "Ferie"},
    )
    send_waiting(app, mailbox)
    run(app, today)
    assert mailbox.to(INBOX) == []  # the new date is 38 days away
    run(app, case.due_date + timedelta(days=20))
    assert mailbox.subjects(INBOX) == [
        f"Sagsbehandlingstiden slutter om 10 dage: sag {case.number}"
    ]


@pytest.fixture
def training(app, esbjerg, db, mailbox, approved_family):
    """Anders' home training, approved in 2028 (Anders is born 15 March 2018)."""
    case = approved_family(received=date(2028, 1, 10), decided=date(2028, 3, 1)).training
    send_waiting(app, mailbox)
    return case


def test_the_family_is_reminded_of_the_budget_by_15_november(app, training, mailbox):
    run(app, date(2030, 10, 31))  # 15 days before: not yet
    assert mailbox.to(PARENT) == []
    run(app, date(2030, 11, 1))
    (reminder,) = mailbox.to(PARENT)
    assert reminder["Subject"] == "Husk budgettet for 2031 senest 15. november 2030"
    body = Mailbox.body(reminder)
    assert "forvente afgørelse 13. december 2030" in body  # 4 weeks after 15 November
    assert "/ansoegning/" in body
    run(app, date(2030, 11, 14))
    assert len(mailbox.to(PARENT)) == 1


def test_no_budget_reminder_once_the_budget_is_sent(app, esbjerg, training, mailbox, db):
    answers = tracking.request_answers("annual_budget")
    answers["budget"]["year"] = "2031"
    tracking.submitted_case(
        training.parent,
        esbjerg,
        received=date(2030, 10, 20),
        case_type="annual_budget",
        related=training,
        answers=answers,
    )
    send_waiting(app, mailbox)
    run(app, date(2030, 11, 5))
    assert mailbox.to(PARENT) == []


def test_the_family_is_reminded_of_the_accounts_by_28_february(app, training, mailbox):
    run(app, date(2031, 2, 20))
    (reminder,) = mailbox.to(PARENT)
    assert reminder["Subject"] == "Husk regnskabet for 2030 senest 28. februar 2031"
    assert "forvente afgørelse om regnskabet 31. marts 2031" in Mailbox.body(reminder)
    # The year the training was approved has accounts too; the year before it has none.
    run(app, date(2028, 2, 20))
    assert len(mailbox.to(PARENT)) == 1


def test_the_caseworker_is_told_when_the_child_turns_16(app, training, mailbox):
    sixteen = date(CHILD_BIRTH.year + 16, CHILD_BIRTH.month, CHILD_BIRTH.day)
    run(app, sixteen - timedelta(days=15))
    assert [s for s in mailbox.subjects(INBOX) if "fylder 16" in s] == []
    run(app, sixteen - timedelta(days=14))
    run(app, sixteen + timedelta(days=30))
    (message,) = [m for m in mailbox.to(INBOX) if "fylder 16" in str(m["Subject"])]
    assert message["Subject"] == f"Barnet i sag {training.number} fylder 16 år"
    body = Mailbox.body(message)
    assert "15. marts 2036" in body and "principafgørelse 45-14" in body


def test_no_reminders_once_the_child_is_18(app, training, mailbox):
    run(app, date(2036, 11, 5))
    run(app, date(2037, 2, 20))
    assert mailbox.to(PARENT) == []
