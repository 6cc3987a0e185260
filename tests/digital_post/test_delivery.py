"""What families and caseworkers notice of Digital Post: `flask digital-post send` sends the
waiting letters, the complaint deadline counts from the day the letter was delivered, and a
letter that fails leaves the case decided with the failure on the caseworker's page."""

from __future__ import annotations

from datetime import timedelta

from portal.rules.formatting import long_date
from portal.services import letters
from portal.timeutil import now_utc, today_local
from portal.worker import Worker
from tests.support import complaints, tracking
from tests.support.pages import get


def test_flask_digital_post_send_delivers_the_waiting_letters(decided, db, app):
    _family, case = decided
    result = app.test_cli_runner().invoke(args=["digital-post", "send"])
    assert result.exit_code == 0, result.output
    assert "2 brev(e) sendt, 0 fejlede" in result.output
    db.session.expire_all()
    assert [r.status for r in letters.deliveries_for(case)] == ["delivered", "delivered"]
    again = app.test_cli_runner().invoke(args=["digital-post", "send"])
    assert "0 brev(e) sendt" in again.output


def test_the_complaint_deadline_counts_from_the_day_the_letter_was_delivered(
    decided, db, make_client
):
    family, case = decided
    # The letter reached the family three days after the decision.
    delivered_on = today_local() + timedelta(days=3)
    for row in letters.deliveries_for(case):
        letters.deliver(row, now=tracking.at_noon(delivered_on))
    db.session.commit()
    deadline = long_date(delivered_on + timedelta(weeks=4))

    browser = tracking.family(make_client, family.parent, family.cpr)
    page = get(browser, f"/sager/{case.public_id}")
    assert deadline in page.soup.select_one(".complaint-deadline-note").get_text()
    form = get(browser, complaints.complaint_url(case))
    assert form.soup.select_one(".complaint-deadline").get_text() == deadline


def test_a_failed_letter_leaves_the_case_decided_and_shows_as_failed(decided, db, make_client):
    family, case = decided
    for row in letters.deliveries_for(case):
        row.recipient_cpr = None
    db.session.commit()
    assert letters.deliver_pending(now=now_utc()) == (0, 2)
    db.session.refresh(case)
    assert case.decision is not None and case.status == "decided"

    browser, _worker = tracking.caseworker(make_client, family.municipality)
    page = get(browser, f"/sagsbehandling/sager/{case.public_id}")
    rows = page.soup.select(".letters-table tbody tr")
    assert [r.th.get_text() for r in rows] == [f"Afgørelse i sag {case.number}"] * 2
    assert all("Ikke leveret" in r.select_one(".letter-status").get_text() for r in rows)
    assert "CPR-nummer" in rows[0].select_one(".letter-status").get_text()

    # Until a letter is delivered the deadline counts from the day of the decision.
    parent = tracking.family(make_client, family.parent, family.cpr)
    note = get(parent, f"/sager/{case.public_id}").soup.select_one(".complaint-deadline-note")
    assert long_date(today_local() + timedelta(weeks=4)) in note.get_text()


def test_the_worker_delivers_the_waiting_letters_at_its_round(decided, db, app):
    _family, case = decided
    with app.app_context():
        result = Worker().round()
    assert result.sent >= 2
    db.session.expire_all()
    assert [r.status for r in letters.deliveries_for(case)] == ["delivered", "delivered"]
