"""Staff passwords: Argon2id at argon2-cffi's default cost outside tests, the cheapest cost in
tests, and a hash made at a lower cost is replaced at the next login in production."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, extract_parameters, profiles
from flask import Flask

from portal import create_app
from portal.identity.passwords import hash_password, hasher, needs_rehash, verify_password
from tests.support.secrets import production_secrets


def parameters(of: PasswordHasher) -> tuple:
    return (of.type, of.time_cost, of.memory_cost, of.parallelism, of.hash_len, of.salt_len)


@pytest.fixture(params=["production", "development"])
def outside_tests(request, monkeypatch, tmp_path) -> Flask:
    production_secrets(monkeypatch)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/p.sqlite3")
    return create_app(request.param)


def test_outside_tests_passwords_cost_what_argon2_cffi_defaults_to(outside_tests):
    # Guards production against a cheaper configuration creeping in from the tests'.
    with outside_tests.app_context():
        assert parameters(hasher()) == parameters(PasswordHasher())
        assert hasher() is hasher()


def test_tests_hash_at_the_cheapest_cost_and_the_hash_verifies(app):
    with app.app_context():
        assert parameters(hasher()) == parameters(PasswordHasher.from_parameters(profiles.CHEAPEST))
        password_hash = hash_password("korrekt-hest-batteri")
        assert extract_parameters(password_hash) == profiles.CHEAPEST
        assert verify_password(password_hash, "korrekt-hest-batteri")
        assert not verify_password(password_hash, "forkert")
        assert not verify_password(None, "korrekt-hest-batteri")
        assert not verify_password("ikke-en-hash", "korrekt-hest-batteri")
        assert not needs_rehash(password_hash)


def test_production_rehashes_a_hash_made_at_the_tests_cost(app, monkeypatch, tmp_path):
    with app.app_context():
        cheap = hash_password("korrekt-hest-batteri")
    production_secrets(monkeypatch)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/p.sqlite3")
    production = create_app("production")
    with production.app_context():
        assert verify_password(cheap, "korrekt-hest-batteri")
        assert needs_rehash(cheap)
        assert not needs_rehash(PasswordHasher().hash("korrekt-hest-batteri"))
