"""SF1601 over mutual TLS, as Serviceplatformen demands it: the loopback service on https
requires a client certificate from its CA. The organisation's system certificate from the
configuration (DIGITAL_POST_CERT, DIGITAL_POST_KEY, DIGITAL_POST_CA_BUNDLE) gets the letter
through; without it, or with a certificate the service does not trust, the letter is not
delivered and waits for another attempt."""

from __future__ import annotations

import ssl

import pytest
import trustme
from pytest_httpserver import HTTPServer

from portal import digital_post
from portal.services import letters
from tests.support.digital_post import FATHER_CPR, MOTHER_CPR
from tests.support.kombipost import Serviceplatformen


@pytest.fixture
def over_mutual_tls(tmp_path, app):
    """The service on https://127.0.0.1 with a certificate from a test CA, demanding a client
    certificate from the same CA; the portal's system certificate, key and the CA as PEM
    files, as a municipality configures them."""
    authority = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    authority.configure_trust(context)
    context.verify_mode = ssl.CERT_REQUIRED
    system = authority.issue_cert("hjemmetraening-portal.kommune.example")
    stranger = trustme.CA().issue_cert("hjemmetraening-portal.kommune.example")
    files = {
        "ca": tmp_path / "ca.pem",
        "cert": tmp_path / "system.pem",
        "key": tmp_path / "system.key",
        "stranger": tmp_path / "stranger.pem",
    }
    authority.cert_pem.write_to_path(str(files["ca"]))
    system.cert_chain_pems[0].write_to_path(str(files["cert"]))
    system.private_key_pem.write_to_path(str(files["key"]))
    stranger.private_key_and_cert_chain_pem.write_to_path(str(files["stranger"]))

    server = HTTPServer(host="127.0.0.1", ssl_context=context, threaded=True)
    server.start()
    service = Serviceplatformen(server)
    service.install()
    before = {key: app.config.get(key) for key in app.config if key.startswith("DIGITAL_POST")}
    app.config.update(
        DIGITAL_POST_BACKEND="sf1601",
        DIGITAL_POST_SERVICE_URL=service.service_url,
        DIGITAL_POST_STS_URL=service.sts_url,
        DIGITAL_POST_CA_BUNDLE=str(files["ca"]),
        DIGITAL_POST_TIMEOUT=5,
    )
    app.extensions["digital_post"] = None
    try:
        yield service, files
    finally:
        app.config.update(before)
        app.extensions["digital_post"] = None
        server.clear()
        server.stop()


def _with(app, cert: str | None, key: str | None) -> None:
    app.config.update(DIGITAL_POST_CERT=cert, DIGITAL_POST_KEY=key)
    app.extensions["digital_post"] = None


def test_the_system_certificate_opens_mutual_tls_and_the_letter_is_delivered(
    decided, db, app, over_mutual_tls
):
    _family, case = decided
    service, files = over_mutual_tls
    service.registered |= {MOTHER_CPR, FATHER_CPR}
    assert service.service_url.startswith("https://127.0.0.1:")
    _with(app, str(files["cert"]), str(files["key"]))

    row = letters.deliveries_for(case)[0]
    letters.deliver(row)

    assert row.status == "delivered" and row.channel == "digital"
    assert [s["recipient"] for s in service.received] == [MOTHER_CPR]


def test_without_a_client_certificate_the_service_refuses_the_connection(
    decided, db, app, over_mutual_tls
):
    _family, case = decided
    service, _files = over_mutual_tls
    service.registered |= {MOTHER_CPR, FATHER_CPR}
    _with(app, None, None)

    row = letters.deliveries_for(case)[0]
    with pytest.raises(digital_post.DeliveryFailed) as failure:
        letters.deliver(row, last_attempt=False)

    # A certificate put right later gets it through: the letter waits for another attempt.
    assert not failure.value.permanent
    assert row.status == "pending" and "Serviceplatformen svarer ikke" in row.error
    assert service.received == []


def test_a_certificate_from_another_authority_is_refused_too(decided, db, app, over_mutual_tls):
    _family, case = decided
    service, files = over_mutual_tls
    service.registered |= {MOTHER_CPR, FATHER_CPR}
    _with(app, str(files["stranger"]), str(files["stranger"]))

    row = letters.deliveries_for(case)[0]
    with pytest.raises(digital_post.DeliveryFailed):
        letters.deliver(row)

    assert row.status == "failed" and row.delivered_at is None
    assert service.received == []
