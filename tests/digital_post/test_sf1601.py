"""SF1601 KombiPostAfsend against a loopback server that answers as Serviceplatformen does:
Digital Post for a registered recipient, physical post for an exempt one, and each of the
service's errors recorded on the letter without touching the decision."""

from __future__ import annotations

import socket

import pytest

from portal import digital_post, outbox
from portal.services import letters
from tests.support.digital_post import FATHER_CPR, MOTHER_CPR, deliver_letters


def _rows(case):
    return letters.deliveries_for(case)


def test_a_registered_recipient_gets_the_letter_as_digital_post(decided, db, serviceplatformen):
    _family, case = decided
    serviceplatformen.registered |= {MOTHER_CPR, FATHER_CPR}
    assert deliver_letters() == outbox.Delivery(sent=2, failed=0)
    rows = _rows(case)
    assert [(r.status, r.channel) for r in rows] == [("delivered", "digital")] * 2
    sent = serviceplatformen.received
    assert [(s["choice"], s["recipient"]) for s in sent] == [
        ("Digital Post", MOTHER_CPR),
        ("Digital Post", FATHER_CPR),
    ]
    assert sent[0]["label"] == f"Afgørelse i sag {case.number}"
    # The transaction id the service got is the one the letter keeps, to trace it later.
    assert rows[0].reference == sent[0]["transaction"]


def test_an_exempt_recipient_gets_physical_post_through_the_same_service(
    decided, db, serviceplatformen
):
    _family, case = decided
    serviceplatformen.registered.add(MOTHER_CPR)
    serviceplatformen.exempt.add(FATHER_CPR)
    _rows(case)[1].recipient_address = "Strandvejen 88, 6710 Esbjerg V"
    db.session.commit()
    assert deliver_letters() == outbox.Delivery(sent=2, failed=0)
    assert [(r.recipient_cpr, r.channel) for r in _rows(case)] == [
        (MOTHER_CPR, "digital"),
        (FATHER_CPR, "physical"),
    ]
    assert [s["choice"] for s in serviceplatformen.received] == ["Digital Post", "Fysisk Post"]


def test_an_invalid_recipient_is_a_failed_letter_with_the_services_reason(
    decided, db, serviceplatformen
):
    _family, case = decided
    serviceplatformen.registered.add(MOTHER_CPR)  # the father is unknown to the service
    assert deliver_letters() == outbox.Delivery(sent=1, failed=1)
    mother, father = _rows(case)
    assert mother.status == "delivered"
    assert father.status == "failed" and father.delivered_at is None
    assert "HTTP 400" in father.error and f"Modtageren {FATHER_CPR} findes ikke" in father.error
    with pytest.raises(digital_post.DeliveryFailed) as failure:
        letters.deliver(father)
    assert failure.value.permanent


def test_a_service_that_is_down_fails_the_letter_so_it_can_be_sent_again(
    decided, db, serviceplatformen
):
    _family, case = decided
    serviceplatformen.registered |= {MOTHER_CPR, FATHER_CPR}
    serviceplatformen.down_with = 503
    row = _rows(case)[0]
    with pytest.raises(digital_post.DeliveryFailed) as failure:
        letters.deliver(row)
    assert not failure.value.permanent
    assert row.status == "failed" and "HTTP 503" in row.error and row.attempts == 1
    serviceplatformen.down_with = None
    letters.deliver(row)
    assert row.status == "delivered" and row.attempts == 2 and row.error is None


def test_a_4xx_with_a_fault_body_names_the_fault(decided, db, serviceplatformen, app):
    _family, case = decided
    serviceplatformen.registered.add(MOTHER_CPR)
    app.config["DIGITAL_POST_SENDER_CVR"] = ""  # the security token service refuses it
    app.extensions["digital_post"] = None
    row = _rows(case)[0]
    try:
        with pytest.raises(digital_post.DeliveryFailed) as failure:
            letters.deliver(row)
    finally:
        app.config["DIGITAL_POST_SENDER_CVR"] = "29189803"
    assert failure.value.permanent
    assert "AnvenderKontekst.Cvr mangler" in row.error
    assert serviceplatformen.received == []


def test_no_answer_at_all_is_a_failed_letter(decided, db, app):
    _family, case = decided
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    before = {k: app.config[k] for k in ("DIGITAL_POST_BACKEND", "DIGITAL_POST_STS_URL")}
    app.config.update(
        DIGITAL_POST_BACKEND="sf1601",
        DIGITAL_POST_STS_URL=f"http://127.0.0.1:{port}/issue",
        DIGITAL_POST_TIMEOUT=2,
    )
    app.extensions["digital_post"] = None
    try:
        row = _rows(case)[0]
        with pytest.raises(digital_post.DeliveryFailed):
            letters.deliver(row)
    finally:
        app.config.update(before)
        app.extensions["digital_post"] = None
    assert row.status == "failed" and "svarer ikke" in row.error
