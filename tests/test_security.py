"""Security basics: headers, cookies, secrets, CSRF on every POST."""

from __future__ import annotations

import flask_migrate
import pytest

from portal import create_app
from tests.support import journey
from tests.support.secrets import production_secrets


def test_pages_forbid_inline_script_and_framing(client, esbjerg):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert "<script>" not in response.get_data(as_text=True)


def test_no_template_contains_inline_script_or_style():
    from pathlib import Path

    for template in Path("portal/templates").rglob("*.html"):
        text = template.read_text()
        assert "<script>" not in text and " style=" not in text and "onclick" not in text, template


@pytest.fixture
def production(monkeypatch, tmp_path):
    production_secrets(monkeypatch)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/p.sqlite3")
    return create_app("production")


def test_production_requires_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_production_cookies_are_secure_httponly_samesite(production):
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["SESSION_COOKIE_HTTPONLY"] is True
    assert production.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production.config["DEV_LOGIN_ENABLED"] is False
    with production.app_context():
        flask_migrate.upgrade()  # the session is kept in the database
    with production.test_request_context("/"):
        from flask import session

        session["x"] = 1
        response = production.make_response("")
        production.session_interface.save_session(production, session, response)
        cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_refuses_to_start_with_the_development_login(monkeypatch, tmp_path):
    # Anyone could log in as any parent by typing a CPR number (issue 15, point 1).
    production_secrets(monkeypatch)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/p.sqlite3")
    monkeypatch.setenv("DEV_LOGIN_ENABLED", "1")
    with pytest.raises(RuntimeError, match="DEV_LOGIN_ENABLED"):
        create_app("production")


@pytest.mark.parametrize(
    "issuer, public_url, refused",
    [
        ("http://broker.kommune.example", "https://portal.kommune.example", "MITID_ISSUER"),
        ("https://broker.kommune.example", "http://127.0.0.1:5000", "PUBLIC_URL"),
    ],
)
def test_production_logs_in_with_mitid_only_over_https(
    monkeypatch, tmp_path, issuer, public_url, refused
):
    production_secrets(monkeypatch)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/p.sqlite3")
    monkeypatch.setenv("MITID_ISSUER", issuer)
    monkeypatch.setenv("PUBLIC_URL", public_url)
    with pytest.raises(RuntimeError, match=refused):
        create_app("production")
    monkeypatch.setenv("MITID_ISSUER", "https://broker.kommune.example")
    monkeypatch.setenv("PUBLIC_URL", "https://portal.kommune.example")
    assert create_app("production").config["MITID_ISSUER"] == "https://broker.kommune.example"


def test_production_has_no_development_login(production):
    client = production.test_client()
    assert client.get("/log-ind/udvikling").status_code == 404
    assert "Strict-Transport-Security" in client.get("/log-ind").headers


def test_every_post_needs_a_csrf_token(client, esbjerg):
    journey.login_parent(client)
    for url in ("/ansoegning/", "/log-ud", "/log-ind/udvikling", "/medarbejder/log-ind"):
        assert client.post(url, data={}).status_code == 400, url
