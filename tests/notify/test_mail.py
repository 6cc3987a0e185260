"""E-mail to the family and the municipality, read from a real SMTP server on 127.0.0.1."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, message_from_string, policy
from pathlib import Path

from sqlalchemy import func, select

from portal import create_app, outbox
from portal.models import Case, Notification
from portal.notify.links import public_url
from portal.services import cases
from portal.timeutil import now_utc, today_local
from tests.support import decisions, journey, tracking
from tests.support.pages import assert_redirects, get
from tests.support.smtp import Mailbox

PARENT = "mette@example.dk"
INBOX = "hjemmetraening@561.example"


def only(mailbox: Mailbox, address: str):
    messages = mailbox.to(address)
    assert len(messages) == 1, [str(m["Subject"]) for m in mailbox.messages]
    return messages[0], Mailbox.body(messages[0])


def test_a_new_application_mails_a_receipt_to_the_family_and_the_municipalitys_inbox(
    client, esbjerg, db, mailbox
):
    journey.login_parent(client, "Mette Hansen")
    base = journey.start_application(client)
    journey.fill_application(client, base)
    journey.submit(client, base)
    case = db.session.execute(select(Case)).scalar_one()

    receipt, body = only(mailbox, PARENT)
    assert receipt["Subject"] == f"Vi har modtaget jeres sag {case.number}"
    assert receipt["From"] == "Hjemmetræning <noreply@hjemmetraening.invalid>"
    assert body.startswith("Kære Mette Hansen")
    assert f"Sagsnummer: {case.number}" in body
    assert f"Forventet afgørelse efter kommunens sagsbehandlingstid: {case.due_date.day}." in body
    # 000: "Der er ikke en lovbestemt frist for, hvornår kommunen skal have truffet afgørelse".
    assert "senest" not in body and "frist" not in body.lower()
    assert f"/sager/{case.public_id}" in body
    assert "retssikkerhedsloven § 3" in body

    new_case, staff_body = only(mailbox, INBOX)
    assert new_case["Subject"] == f"Ny sag {case.number}: Ansøgning om hjemmetræning"
    assert f"/sagsbehandling/sager/{case.public_id}" in staff_body
    # E-mail is no place for the child's name, CPR number or health.
    for message in mailbox.messages:
        text = str(message["Subject"]) + Mailbox.body(message)
        assert "Anders" not in text and case.child_cpr not in text
        assert case.child_cpr[:6] not in text and "Cerebral" not in text


def test_every_step_of_the_case_is_mailed_to_the_family(make_client, esbjerg, db, mailbox):
    person, cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=3))
    staff, _worker = tracking.caseworker(make_client, esbjerg)
    family = tracking.family(make_client, person, cpr)
    mailbox.clear()  # the receipts of the submission

    tracking.staff_action(staff, case, "tag")
    message, body = only(mailbox, PARENT)
    assert message["Subject"] == f"Ny status i jeres sag {case.number}: Under behandling"
    assert "En sagsbehandler arbejder på sagen." in body
    mailbox.clear()

    answer_by = today_local() + timedelta(days=10)
    tracking.staff_action(
        staff,
        case,
        "spoergsmaal",
        {
            "question-question": "Hvordan har Anders det med træningen?",
            "question-answer_by": str(answer_by),
        },
    )
    message, body = only(mailbox, PARENT)
    assert message["Subject"] == f"Kommunen har et spørgsmål i jeres sag {case.number}"
    assert f"senest {answer_by.day}." in body
    assert "Hvordan har Anders" not in body  # the question is read in the portal
    mailbox.clear()

    db.session.refresh(case)
    request = case.information_requests[0]
    page = get(family, f"/sager/{case.public_id}")
    family.post(
        f"/sager/{case.public_id}/spoergsmaal/{request.id}",
        data={**page.form_values(), f"svar-{request.id}-answer": "Godt."},
    )
    assert only(mailbox, PARENT)[0]["Subject"] == f"Vi har modtaget jeres svar i sag {case.number}"
    assert only(mailbox, INBOX)[0]["Subject"] == f"Familien har svaret i sag {case.number}"
    mailbox.clear()

    new_date = case.due_date + timedelta(days=14)
    tracking.staff_action(
        staff,
        case,
        "forsinkelse",
        {"delay-new_date": str(new_date), "delay-reason": "Lægens udtalelse mangler."},
    )
    message, body = only(mailbox, PARENT)
    assert message["Subject"] == f"Afgørelsen i jeres sag {case.number} bliver forsinket"
    assert "inden for kommunens sagsbehandlingstid" in body
    assert f"afgørelse {new_date.day}." in body and "kommunalbestyrelsen" in body
    assert "Lægens udtalelse" not in body
    mailbox.clear()

    decided = decisions.post(
        staff, case, {**decisions.approval(), "complaint_guidance": "Klag inden 4 uger."}
    )
    assert_redirects(decided, f"/sagsbehandling/sager/{case.public_id}")
    message, body = only(mailbox, PARENT)
    assert message["Subject"] == f"Der er truffet afgørelse i jeres sag {case.number}"
    assert "hvordan I kan klage" in body
    assert mailbox.to(INBOX) == []


def test_a_withdrawal_is_confirmed_to_the_family_and_told_to_the_municipality(
    make_client, esbjerg, db, mailbox
):
    person, cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    family = tracking.family(make_client, person, cpr)
    mailbox.clear()  # the receipts of the submission
    page = get(family, f"/sager/{case.public_id}/traek-tilbage")
    family.post(f"/sager/{case.public_id}/traek-tilbage", data=page.form_values())
    assert only(mailbox, PARENT)[0]["Subject"] == f"I har trukket sag {case.number} tilbage"
    assert only(mailbox, INBOX)[0]["Subject"] == (
        f"Sag {case.number} er trukket tilbage af familien"
    )


def test_a_mail_server_that_is_down_loses_nothing_and_sends_once_later(
    app, make_client, esbjerg, db, mailbox
):
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    staff, _worker = tracking.caseworker(make_client, esbjerg)
    taken = tracking.staff_action(staff, case, "tag")
    assert_redirects(taken, f"/sagsbehandling/sager/{case.public_id}")
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 9  # nothing listens on the discard port
    try:
        result = outbox.deliver()
    finally:
        app.config["MAIL_PORT"] = port
    # The three e-mails wait; the case's hand-off to the case system's folder went meanwhile.
    assert (result.sent, result.failed) == (1, 3)
    waiting = db.session.execute(
        select(Notification).where(Notification.kind == "status_changed")
    ).scalar_one()
    assert waiting.sent_at is None and waiting.attempts == 1 and waiting.last_error
    # Not tried again at once: the worker's next rounds wait a minute first.
    assert waiting.next_attempt_at > now_utc() + timedelta(seconds=50)
    assert mailbox.messages == []

    runner = app.test_cli_runner()
    result = runner.invoke(args=["notifications", "send"])
    assert result.exit_code == 0, result.output
    # The receipts queued at submission are sent too; every message exactly once.
    assert sorted(mailbox.subjects()) == sorted(
        [
            f"Ny sag {case.number}: Ansøgning om hjemmetræning",
            f"Ny status i jeres sag {case.number}: Under behandling",
            f"Vi har modtaget jeres sag {case.number}",
        ]
    )
    assert runner.invoke(args=["notifications", "send"]).output.startswith("Sendt: 0")
    assert len(mailbox.messages) == 3


def test_a_backlog_larger_than_a_claim_is_sent_whole_and_once(
    app, esbjerg, db, mailbox, monkeypatch
):
    """After the mail server was down, `flask notifications send` claims the waiting messages
    a batch at a time: every one of them arrives, none twice, and a second run sends nothing."""
    monkeypatch.setattr(outbox, "CLAIM_BATCH", 2)
    person, _cpr = tracking.parent()
    submitted = [tracking.submitted_case(person, esbjerg, received=today_local()) for _ in range(3)]
    waiting = db.session.scalar(
        select(func.count()).select_from(Notification).where(Notification.channel == "email")
    )
    assert waiting == 6  # a receipt to the family and a new case to the inbox, each

    runner = app.test_cli_runner()
    result = runner.invoke(args=["notifications", "send"])
    assert result.exit_code == 0, result.output
    assert sorted(mailbox.subjects()) == sorted(
        subject
        for case in submitted
        for subject in (
            f"Ny sag {case.number}: Ansøgning om hjemmetræning",
            f"Vi har modtaget jeres sag {case.number}",
        )
    )
    assert (
        db.session.scalar(
            select(func.count()).select_from(Notification).where(Notification.sent_at.is_(None))
        )
        == 0
    )
    assert runner.invoke(args=["notifications", "send"]).output.startswith("Sendt: 0")
    assert len(mailbox.messages) == 6


def test_a_change_that_is_rolled_back_sends_nothing(esbjerg, make_client, db, mailbox):
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    _staff, worker = tracking.caseworker(make_client, esbjerg)
    mailbox.clear()  # the receipts, committed at submission
    before = db.session.scalar(select(func.count()).select_from(Notification))
    cases.take_case(case, worker, now=now_utc())
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Notification)) == before
    assert mailbox.messages == []


def test_without_a_mail_server_messages_are_written_to_the_outbox_folder(
    app, esbjerg, db, tmp_path
):
    person, _cpr = tracking.parent()
    tracking.submitted_case(person, esbjerg, received=today_local())
    folder = app.config["MAIL_OUTBOX"]
    app.config["MAIL_OUTBOX"] = str(tmp_path / "outbox")
    try:
        assert app.config["MAIL_SERVER"] is None
        result = app.test_cli_runner().invoke(args=["notifications", "send"])
    finally:
        app.config["MAIL_OUTBOX"] = folder
    assert result.exit_code == 0, result.output
    files = sorted(Path(tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 2
    messages = [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]
    assert {m["To"] for m in messages} == {PARENT, INBOX}
    assert not list(Path(tmp_path / "outbox").glob(".*"))


def test_an_address_with_danish_letters_is_written_as_it_is(app, esbjerg, db, tmp_path):
    # E-mail addresses may hold letters outside ASCII (RFC 6531); the message then carries
    # the address as UTF-8, as smtplib sends it to a server that offers SMTPUTF8, never as
    # encoded words, which no mail program reads as an address.
    person, _cpr = tracking.parent(name="Jørgen Østergaard")
    answers = tracking.request_answers("new_application")
    answers["familien"]["email"] = "jørgen@blåbær.dk"
    tracking.submitted_case(person, esbjerg, received=today_local(), answers=answers)
    folder = app.config["MAIL_OUTBOX"]
    app.config["MAIL_OUTBOX"] = str(tmp_path / "outbox")
    try:
        result = app.test_cli_runner().invoke(args=["notifications", "send"])
    finally:
        app.config["MAIL_OUTBOX"] = folder
    assert result.exit_code == 0, result.output
    written = {f.read_bytes() for f in Path(tmp_path / "outbox").glob("*.eml")}
    [raw] = [m for m in written if "jørgen@blåbær.dk".encode() in m]
    assert "\nTo: jørgen@blåbær.dk\n".encode() in raw.replace(b"\r\n", b"\n")
    message = message_from_string(raw.decode("utf-8"), policy=policy.default)
    assert message["To"].addresses[0].addr_spec == "jørgen@blåbær.dk"
    assert message["Subject"].startswith("Vi har modtaget jeres sag HT-")
    [inbox] = [message_from_bytes(m, policy=policy.default) for m in written if m != raw]
    assert inbox["To"] == INBOX


def test_the_demo_municipality_gets_its_new_cases_in_its_inbox(app, client, db, mailbox):
    runner = app.test_cli_runner()
    seeded = runner.invoke(args=["seed-demo"])
    assert seeded.exit_code == 0, seeded.output
    assert "Kommunens postkasse: hjemmetraening@esbjerg.example" in seeded.output
    journey.login_parent(client, "Mette Hansen")
    base = journey.start_application(client)
    journey.fill_application(client, base)
    journey.submit(client, base)
    case = db.session.execute(select(Case)).scalar_one()
    new_case, _body = only(mailbox, "hjemmetraening@esbjerg.example")
    assert new_case["Subject"] == f"Ny sag {case.number}: Ansøgning om hjemmetræning"


def test_links_in_e_mails_lead_to_the_port_the_portal_runs_on(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/p.sqlite3")
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.setenv("PORT", "5050")
    running = create_app("development")
    with running.app_context():
        assert public_url("staff.case", public_id="abc") == (
            "http://127.0.0.1:5050/sagsbehandling/sager/abc"
        )
    # An address set for the portal wins over the port it listens on.
    monkeypatch.setenv("PUBLIC_URL", "https://portal.kommune.example")
    assert create_app("development").config["PUBLIC_URL"] == "https://portal.kommune.example"
