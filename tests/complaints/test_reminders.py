"""The daily reminders tell the caseworker when a reconsideration's deadline comes near and
when it has passed, once each (again each week it stays passed), never naming the child."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.models import Notification
from portal.services import complaints
from portal.timeutil import now_utc


def _run(app, day) -> None:
    result = app.test_cli_runner().invoke(args=["reminders", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output


def _reminders(db) -> list[Notification]:
    return db.session.scalars(
        select(Notification)
        .where(Notification.kind == "reminder_reconsideration")
        .order_by(Notification.id)
    ).all()


def test_the_caseworker_is_reminded_of_the_reconsiderations_deadline(app, family, db):
    case = family.training
    complaint = complaints.complain(case, family.parent, reasons="Uenige.", now=now_utc())
    db.session.commit()
    deadline = complaint.reconsider_by

    _run(app, deadline - timedelta(days=20))
    assert _reminders(db) == []
    _run(app, deadline - timedelta(days=5))
    _run(app, deadline - timedelta(days=4))
    soon = _reminders(db)
    assert len(soon) == 1
    assert soon[0].subject == f"Fristen for genvurdering nærmer sig: sag {case.number}"
    assert case.child_name.split()[0] not in soon[0].subject + soon[0].body
    assert f"/sagsbehandling/sager/{case.public_id}/klager" in soon[0].body

    _run(app, deadline + timedelta(days=1))
    _run(app, deadline + timedelta(days=2))
    _run(app, deadline + timedelta(days=8))
    late = _reminders(db)[1:]
    assert [n.subject for n in late] == [
        f"Fristen for genvurdering er overskredet: sag {case.number}"
    ] * 2
    assert "Den er overskredet med 1 dag." in late[0].body

    # Forwarded, the reconsideration is over: no more reminders.
    complaints.forward(
        case, family.caseworker, sent_on=complaint.received_on, note="", now=now_utc()
    )
    db.session.commit()
    _run(app, deadline + timedelta(days=15))
    assert len(_reminders(db)) == 3
