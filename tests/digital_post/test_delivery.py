"""What families, caseworkers and administrators notice of Digital Post: letters leave through
the outbox (the worker, or `flask digital-post send`), the complaint deadline counts from the
day the letter was delivered, a letter that cannot go says why on the case page and on the
administrator's page of failed deliveries, where it can be sent again, and a letter whose
service is down is tried again after a wait."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text

from portal import outbox
from portal.extensions import db
from portal.models import LetterDelivery, Notification
from portal.rules.formatting import long_date
from portal.services import letters
from portal.timeutil import now_utc, today_local
from portal.worker import Worker
from tests.support import complaints, tracking
from tests.support.digital_post import FATHER_CPR, MOTHER_CPR
from tests.support.pages import assert_redirects, get


def _letter_messages(case) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.case_id == case.id, Notification.channel == "digital_post")
            .order_by(Notification.id)
        )
    )


def test_each_letter_waits_in_the_outbox_written_with_the_decision(decided, db):
    _family, case = decided
    rows = letters.deliveries_for(case)
    messages = _letter_messages(case)
    assert [r.status for r in rows] == ["pending", "pending"]
    assert [(m.recipient, m.subject) for m in messages] == [
        (r.recipient_name, f"Afgørelse i sag {case.number}") for r in rows
    ]
    assert [m.payload for m in messages] == [{"letter": r.id} for r in rows]
    assert all(m.sent_at is None and m.failed_at is None for m in messages)


def test_flask_digital_post_send_delivers_the_waiting_letters(decided, db, app):
    _family, case = decided
    result = app.test_cli_runner().invoke(args=["digital-post", "send"])
    assert result.exit_code == 0, result.output
    assert "2 brev(e) sendt, 0 fejlede" in result.output
    db.session.expire_all()
    assert [r.status for r in letters.deliveries_for(case)] == ["delivered", "delivered"]
    assert all(m.sent_at is not None for m in _letter_messages(case))
    again = app.test_cli_runner().invoke(args=["digital-post", "send"])
    assert "0 brev(e) sendt" in again.output


def test_the_worker_delivers_the_waiting_letters_at_its_round(decided, db, app):
    _family, case = decided
    with app.app_context():
        result = Worker().round()
    assert result.sent >= 2
    db.session.expire_all()
    assert [r.status for r in letters.deliveries_for(case)] == ["delivered", "delivered"]
    # Delivered once: the next round sends nothing more.
    with app.app_context():
        assert Worker().round() == outbox.Delivery()


def test_the_holders_cpr_number_is_sealed_at_rest(decided, db):
    _family, case = decided
    stored = db.session.execute(
        text("SELECT recipient_cpr FROM letter_delivery WHERE case_id = :case ORDER BY id"),
        {"case": case.id},
    ).scalars()
    stored = list(stored)
    assert len(stored) == 2
    assert not any(cpr in value for value in stored for cpr in (MOTHER_CPR, FATHER_CPR))
    assert [r.recipient_cpr for r in letters.deliveries_for(case)] == [MOTHER_CPR, FATHER_CPR]


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


def test_a_letter_without_a_cpr_number_is_given_up_at_once_and_says_what_to_do(
    decided, db, make_client, app
):
    family, case = decided
    for row in letters.deliveries_for(case):
        row.recipient_cpr = None
    db.session.commit()
    assert outbox.deliver(letters.waiting_message_ids()) == outbox.Delivery(sent=0, failed=2)
    db.session.expire_all()
    # Trying again cannot help: given up after one attempt, not ten.
    messages = _letter_messages(case)
    assert all(m.failed_at is not None and m.attempts == 1 for m in messages)
    assert case.decision is not None and case.status == "decided"

    browser, _worker = tracking.caseworker(make_client, family.municipality)
    page = get(browser, f"/sagsbehandling/sager/{case.public_id}")
    rows = page.soup.select(".letters-table tbody tr")
    assert [r.th.get_text() for r in rows] == [f"Afgørelse i sag {case.number}"] * 2
    status = rows[0].select_one(".letter-status").get_text(" ", strip=True)
    assert "Ikke leveret" in status and "CPR-nummeret på" in status
    assert "send det til modtageren fra jeres sagssystem eller med almindelig post" in status

    # The administrator sees both letters with the reason, and can have one sent again.
    admin, _admin = tracking.caseworker(make_client, family.municipality, role="admin")
    failed = get(admin, "/sagsbehandling/forsendelser")
    table = failed.soup.select("table.failed-deliveries tbody tr")
    texts = [" ".join(row.get_text(" ", strip=True).split()) for row in table]
    assert len(texts) == 2
    assert all(f"Digital Post: Afgørelse i sag {case.number}" in t for t in texts)
    assert all("CPR-nummeret på" in t and "1 forsøg" in t for t in texts)

    # Until a letter is delivered the deadline counts from the day of the decision.
    parent = tracking.family(make_client, family.parent, family.cpr)
    note = get(parent, f"/sager/{case.public_id}").soup.select_one(".complaint-deadline-note")
    assert long_date(today_local() + timedelta(weeks=4)) in note.get_text()


def test_the_administrator_sends_a_given_up_letter_again_once_its_cpr_number_is_known(
    decided, db, make_client
):
    family, case = decided
    mother = letters.deliveries_for(case)[0]
    mother.recipient_cpr = None
    db.session.commit()
    # Everything else the decision sent (the father's letter, the e-mails) goes through.
    assert outbox.deliver().failed == 1
    db.session.expire_all()
    message = _letter_messages(case)[0]
    assert message.failed_at is not None

    # The number became known (here set on the letter, as a corrected register would give it).
    db.session.get(LetterDelivery, mother.id).recipient_cpr = MOTHER_CPR
    db.session.commit()
    admin, _admin = tracking.caseworker(make_client, family.municipality, role="admin")
    page = get(admin, "/sagsbehandling/forsendelser")
    url = f"/sagsbehandling/forsendelser/{message.id}/send-igen"
    answer = admin.post(url, data={"csrf_token": page.form_values()["csrf_token"]})
    assert_redirects(answer, "/sagsbehandling/forsendelser")
    assert outbox.deliver() == outbox.Delivery(sent=1, failed=0)
    db.session.expire_all()
    row = db.session.get(LetterDelivery, mother.id)
    assert row.status == "delivered" and row.error is None
    assert not get(admin, "/sagsbehandling/forsendelser").soup.select(
        "table.failed-deliveries tbody tr"
    )


def test_a_service_that_is_down_leaves_the_letter_waiting_for_a_later_attempt(
    decided, db, serviceplatformen, make_client
):
    family, case = decided
    serviceplatformen.registered |= {MOTHER_CPR, FATHER_CPR}
    serviceplatformen.down_with = 503
    ids = letters.waiting_message_ids()
    assert outbox.deliver(ids) == outbox.Delivery(sent=0, failed=2)
    db.session.expire_all()
    rows = letters.deliveries_for(case)
    assert [r.status for r in rows] == ["pending", "pending"]
    assert all("HTTP 503" in r.error for r in rows)
    messages = _letter_messages(case)
    assert all(m.failed_at is None and m.next_attempt_at > now_utc() for m in messages)
    # Not due yet: the worker's round now (sending the decision's e-mails) leaves them waiting.
    outbox.deliver()
    db.session.expire_all()
    assert [m.attempts for m in _letter_messages(case)] == [1, 1]

    browser, _worker = tracking.caseworker(make_client, family.municipality)
    page = get(browser, f"/sagsbehandling/sager/{case.public_id}")
    status = page.soup.select_one(".letters-table .letter-status").get_text(" ", strip=True)
    assert "Ikke leveret endnu; prøves igen" in status and "HTTP 503" in status

    # The service is back; after the wait the worker delivers both.
    serviceplatformen.down_with = None
    assert outbox.deliver(now=now_utc() + timedelta(minutes=2)) == outbox.Delivery(sent=2)
    db.session.expire_all()
    assert [r.status for r in letters.deliveries_for(case)] == ["delivered", "delivered"]


def test_a_letter_still_failing_at_its_last_attempt_is_given_up_and_shown(
    decided, db, serviceplatformen
):
    _family, case = decided
    serviceplatformen.registered |= {MOTHER_CPR, FATHER_CPR}
    serviceplatformen.down_with = 503
    message = _letter_messages(case)[0]
    message.attempts = outbox.MAX_ATTEMPTS - 1
    db.session.commit()
    outbox.deliver([message.id])
    db.session.expire_all()
    message = db.session.get(Notification, message.id)
    assert message.failed_at is not None and "HTTP 503" in message.last_error
    row = db.session.get(LetterDelivery, message.payload["letter"])
    assert row.status == "failed"


def test_a_letter_queued_without_a_number_finds_it_in_the_register_when_it_is_sent(decided, db):
    # A holder typed by hand whom the register could not answer for at submission: the
    # worker asks it again, by name among the child's custody holders (Emma's: Mette, Jens).
    _family, case = decided
    case.child_cpr = "1203184521"
    row = letters.deliveries_for(case)[1]
    row.recipient_name, row.recipient_cpr = "Jens Hansen", None
    db.session.commit()

    letters.deliver(row)

    assert row.status == "delivered"
    assert (row.recipient_cpr, row.recipient_address) == (
        "1107831234",
        "Strandvejen 88, 6710 Esbjerg V",
    )
