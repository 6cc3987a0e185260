"""The worker delivers what the pages queued: the page itself sends nothing, a failing message
waits longer each time and is given up after the last attempt, the administrator sees what
was given up and has it sent again, and the daily reminders are queued once a day."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal import outbox, timeutil
from portal.models import Notification
from portal.timeutil import today_local
from portal.worker import Worker
from tests.support import factories, tracking
from tests.support.pages import assert_redirects, get

PARENT = "mette@example.dk"
INBOX = "hjemmetraening@561.example"


def deliver_to_a_closed_port(app) -> outbox.Delivery:
    """One round of the worker while the mail server is down."""
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 9  # nothing listens on the discard port
    try:
        return outbox.deliver()
    finally:
        app.config["MAIL_PORT"] = port


def given_up(app, later) -> None:
    """The worker's rounds while the mail server stays down, until it gives up."""
    for _attempt in range(outbox.MAX_ATTEMPTS):
        deliver_to_a_closed_port(app)
        later(outbox.RETRY_CAP.total_seconds() + 1)


def test_the_page_sends_nothing_itself_and_the_worker_delivers_it(
    app, make_client, esbjerg, db, mailbox
):
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    staff, _worker = tracking.caseworker(make_client, esbjerg)
    outbox.deliver()
    mailbox.received.clear()

    taken = tracking.staff_action(staff, case, "tag")
    assert_redirects(taken, f"/sagsbehandling/sager/{case.public_id}")
    assert mailbox.received == []  # the caseworker's page did not wait for a mail server
    assert outbox.deliver() == outbox.Delivery(sent=1, failed=0)
    assert mailbox.subjects(PARENT) == [f"Ny status i jeres sag {case.number}: Under behandling"]
    assert outbox.deliver() == outbox.Delivery()


def test_a_failing_message_waits_longer_each_time_and_is_given_up_at_last(
    app, esbjerg, db, mailbox, later
):
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    receipt = db.session.scalars(
        select(Notification).where(
            Notification.recipient == PARENT, Notification.case_id == case.id
        )
    ).one()
    waits = []
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        assert deliver_to_a_closed_port(app).failed == 2
        db.session.refresh(receipt)
        assert receipt.attempts == attempt and "Connection refused" in receipt.last_error
        if attempt == outbox.MAX_ATTEMPTS:
            break
        # The portal's clock, which the test moves on (the `later` fixture).
        wait = receipt.next_attempt_at - timeutil.now_utc()
        waits.append(round(wait.total_seconds() / 60))
        # Not tried again before its time, however often the worker looks.
        later(wait.total_seconds() - 5)
        assert deliver_to_a_closed_port(app) == outbox.Delivery()
        later(6)
    assert waits == [1, 2, 4, 8, 16, 32, 64, 120, 120]
    assert receipt.failed_at is not None and receipt.sent_at is None

    # Given up: neither the worker nor the operator's one-shot command tries it again.
    later(24 * 3600)
    assert outbox.deliver() == outbox.Delivery()
    assert (
        app.test_cli_runner()
        .invoke(args=["notifications", "send"])
        .output.startswith("Sendt: 0, ikke sendt: 0")
    )
    assert mailbox.messages == []


def test_the_administrator_sees_what_was_given_up_and_has_it_sent_again(
    app, make_client, esbjerg, other_municipality, db, mailbox, later
):
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    given_up(app, later)
    admin, _admin_user = tracking.caseworker(make_client, esbjerg, role="admin")

    cases = get(admin, "/sagsbehandling/")
    assert cases.soup.find("a", string="Forsendelser, der ikke kom frem")["href"] == (
        "/sagsbehandling/forsendelser"
    )
    page = get(admin, "/sagsbehandling/forsendelser")
    assert page.h1 == "Forsendelser, der ikke kom frem"
    rows = page.soup.select("table.failed-deliveries tbody tr")
    assert len(rows) == 2
    texts = [" ".join(row.get_text(" ", strip=True).split()) for row in rows]
    receipt_row = next(t for t in texts if PARENT in t)
    assert f"E-mail: Vi har modtaget jeres sag {case.number}" in receipt_row
    assert "10 forsøg" in receipt_row and "Connection refused" in receipt_row
    assert any(INBOX in t and f"Ny sag {case.number}" in t for t in texts)
    assert (
        rows[0].find("a", string=case.number)["href"] == f"/sagsbehandling/sager/{case.public_id}"
    )

    receipt = db.session.scalars(
        select(Notification).where(
            Notification.recipient == PARENT, Notification.case_id == case.id
        )
    ).one()
    url = f"/sagsbehandling/forsendelser/{receipt.id}/send-igen"
    form = page.soup.find("form", action=url)
    assert form.button.get_text(" ", strip=True).startswith("Send igen")
    answer = admin.post(url, data={"csrf_token": page.form_values()["csrf_token"]})
    assert_redirects(answer, "/sagsbehandling/forsendelser")
    after = get(admin, "/sagsbehandling/forsendelser")
    assert f"„Vi har modtaget jeres sag {case.number}“ til {PARENT} bliver sendt igen" in (
        after.text()
    )
    assert len(after.soup.select("table.failed-deliveries tbody tr")) == 1
    # Sent by the worker at its next round, once; the other message stays given up.
    assert outbox.deliver() == outbox.Delivery(sent=1, failed=0)
    assert mailbox.subjects() == [f"Vi har modtaget jeres sag {case.number}"]
    again = admin.post(url, data={"csrf_token": page.form_values()["csrf_token"]})
    assert_redirects(again, "/sagsbehandling/forsendelser")
    assert "allerede sendt" in get(admin, "/sagsbehandling/forsendelser").text()
    assert outbox.deliver() == outbox.Delivery()

    # Without a token the retry is refused and nothing changes.
    inbox_message = db.session.scalars(
        select(Notification).where(Notification.recipient == INBOX)
    ).one()
    refused = admin.post(f"/sagsbehandling/forsendelser/{inbox_message.id}/send-igen")
    assert refused.status_code == 400
    db.session.refresh(inbox_message)
    assert inbox_message.failed_at is not None


def test_another_municipalitys_administrator_gets_404_and_a_caseworker_403(
    app, make_client, esbjerg, other_municipality, db, mailbox, later
):
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    given_up(app, later)
    message_id = db.session.scalars(
        # The e-mail the mail server refused; the case's hand-off to the case system went.
        select(Notification.id)
        .where(Notification.case_id == case.id, Notification.channel == "email")
        .order_by(Notification.id)
    ).first()

    aarhus, _user = tracking.caseworker(make_client, other_municipality, role="admin")
    page = get(aarhus, "/sagsbehandling/forsendelser")
    assert page.soup.select("table.failed-deliveries tbody tr") == []
    assert case.number not in page.text() and PARENT not in page.text()
    token = get(aarhus, "/sagsbehandling/statistik").form_values()["csrf_token"]
    other = aarhus.post(
        f"/sagsbehandling/forsendelser/{message_id}/send-igen", data={"csrf_token": token}
    )
    assert other.status_code == 404

    caseworker, _user = tracking.caseworker(make_client, esbjerg)
    assert caseworker.get("/sagsbehandling/forsendelser").status_code == 403
    cases = get(caseworker, "/sagsbehandling/")
    assert cases.soup.find("a", string="Forsendelser, der ikke kom frem") is None
    token = get(caseworker, f"/sagsbehandling/sager/{case.public_id}").form_values()["csrf_token"]
    refused = caseworker.post(
        f"/sagsbehandling/forsendelser/{message_id}/send-igen", data={"csrf_token": token}
    )
    assert refused.status_code == 403
    assert db.session.get(Notification, message_id).failed_at is not None


def test_the_worker_queues_the_days_reminders_once_however_many_workers_run(
    app, esbjerg, db, mailbox, clock
):
    esbjerg.settings_data = {"handling_times": {"new_application": {"weeks": 4}}}
    person, _cpr = tracking.parent()
    worker = factories.staff(esbjerg)
    soon = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=18))
    soon.assigned_to = worker
    db.session.commit()
    mailbox.clear()

    first, second = Worker(), Worker()
    first.round()
    second.round()
    first.round()
    subject = f"Sagsbehandlingstiden slutter om 10 dage: sag {soon.number}"
    assert mailbox.subjects(worker.email) == [subject]

    # A later day's round queues that day's reminders: the deadline has passed.
    clock(11)
    first.round()
    assert mailbox.subjects(worker.email) == [
        subject,
        f"Sagsbehandlingstiden er overskredet: sag {soon.number}",
    ]
