"""`flask sessions purge` (daily, from cron) deletes the sessions that have ended and keeps
the ones still running (issue 15: "Expired sessions are deleted by the daily command")."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.models import LoginSession
from tests.support import journey
from tests.support.factories import PASSWORD, staff


def _count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(LoginSession))


def test_purge_deletes_ended_sessions_and_keeps_running_ones(app, db, make_client, esbjerg, later):
    idle, busy_parent, busy_caseworker = make_client(), make_client(), make_client()
    journey.login_parent(idle)
    journey.login_parent(busy_parent)
    journey.login_staff(busy_caseworker, staff(esbjerg).email, PASSWORD)
    for _step in range(7):  # 3.5 hours, a page every half hour
        later(30 * 60)
        busy_parent.get("/")
        busy_caseworker.get("/sagsbehandling/")
    later(40 * 60)  # 4 hours and 10 minutes after the logins
    assert _count(db) == 3

    result = app.test_cli_runner().invoke(args=["sessions", "purge"])

    assert result.exit_code == 0, result.output
    assert "Afsluttede sessioner slettet: 2" in result.output
    # Idle for hours, and past a parent's 4 hours though active: gone. The caseworker's day goes on.
    assert db.session.scalars(select(LoginSession.user_kind)).all() == ["staff"]
    assert busy_caseworker.get("/sagsbehandling/").status_code == 200
