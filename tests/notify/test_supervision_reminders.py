"""The reminders of supervision (`flask reminders`): the family's plan before it is due (001,
Bilag 13: "senest 14 dage inden tilsynsbesøget"), and to the caseworker a visit past its day
without a record and a report past its 2 weeks. Each is sent once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.models import Notification
from portal.rules.decisions import plan_due
from portal.rules.formatting import long_date
from portal.services import supervision
from portal.timeutil import now_utc, today_local
from tests.notify.test_reminders import run, send_waiting
from tests.support.smtp import Mailbox
from tests.support.supervision import plan_visits


def test_the_plan_is_reminded_once_from_the_warning_window(
    app, esbjerg, db, mailbox, approved_family
):
    family = approved_family(municipality=esbjerg)
    today = today_local()
    # The plan for a visit in 40 days is due in 26 days: outside the 14 days' window.
    (visit,) = plan_visits(family.training, today + timedelta(days=40))
    send_waiting(app, mailbox)
    assert "reminder_supervision_plan" not in run(app, today)
    day = plan_due(visit.planned_on) - timedelta(days=14)
    assert "reminder_supervision_plan: 1" in run(app, day)
    (message,) = mailbox.to(family.parent.email)
    assert (
        message["Subject"]
        == f"Husk tids- og faseplanen senest {long_date(plan_due(visit.planned_on))}"
    )
    body = Mailbox.body(message)
    assert f"/sager/{family.training.public_id}/tilsyn/{visit.public_id}/plan" in body
    assert family.training.child_name not in body
    assert "reminder_supervision_plan" not in run(app, day + timedelta(days=1))


def test_no_reminder_once_the_plan_is_sent(app, esbjerg, db, mailbox, approved_family):
    family = approved_family(municipality=esbjerg)
    (visit,) = plan_visits(family.training, today_local() + timedelta(days=10))
    supervision.save_plan(visit, goals=[], sections={"new_goals": "Gå 10 m"}, now=now_utc())
    supervision.send_plan(visit, family.parent, now=now_utc())
    db.session.commit()
    send_waiting(app, mailbox)
    assert "reminder_supervision_plan" not in run(app, today_local())


def test_a_missed_visit_and_a_late_report_go_to_the_caseworker_once(
    app, esbjerg, db, mailbox, approved_family
):
    family = approved_family(municipality=esbjerg)
    today = today_local()
    missed, held = plan_visits(
        family.training, today + timedelta(days=10), today + timedelta(days=20)
    )
    held.held_on = today + timedelta(days=20)
    held.report_due = today + timedelta(days=34)
    db.session.commit()
    send_waiting(app, mailbox)
    output = run(app, today + timedelta(days=35))
    assert "reminder_supervision_visit: 1" in output
    assert "reminder_supervision_report: 1" in output
    subjects = mailbox.subjects()
    number = family.training.number
    assert f"Tilsynsbesøg ikke registreret i sag {number}" in subjects
    assert f"Tilsynsrapporten er forsinket i sag {number}" in subjects
    again = run(app, today + timedelta(days=36))
    assert "reminder_supervision" not in again
    kinds = db.session.scalars(select(Notification.kind)).all()
    assert kinds.count("reminder_supervision_visit") == 1
