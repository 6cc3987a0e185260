"""Fixtures of the login tests: the municipality's providers as small OpenID Connect servers
on loopback (tests.support.oidc), production's rate limits on an empty count, and password
hashes as costly as production's, for the timings."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from argon2 import profiles
from flask import Flask

from portal import limits
from portal.config import Config
from tests.support.oidc import LoopbackProvider, configured, provider_config


@pytest.fixture
def broker(app: Flask, httpserver) -> Iterator[LoopbackProvider]:
    """The municipality's MitID broker."""
    provider = LoopbackProvider(httpserver).install()
    with configured(app, provider_config("MITID", provider)):
        yield provider


@pytest.fixture
def staff_provider(app: Flask, httpserver) -> Iterator[LoopbackProvider]:
    """The municipality's single sign-on for staff (Entra ID or the broker)."""
    provider = LoopbackProvider(httpserver).install()
    with configured(
        app, {**provider_config("STAFF_SSO", provider), "STAFF_SSO_MUNICIPALITY": "561"}
    ):
        yield provider


@pytest.fixture
def set_limits(app):
    """Sets the app's limits for this test, counted from zero: the counts are the session
    app's, and a parent's or a client's earlier requests in other tests must not count."""
    before = app.config["RATE_LIMITS"]

    def set_to(values: dict) -> dict:
        app.config["RATE_LIMITS"] = values
        limits.reset(app)
        return values

    yield set_to
    app.config["RATE_LIMITS"] = before
    limits.reset(app)


@pytest.fixture
def production_limits(set_limits):
    """The limits production has."""
    return set_limits(Config.RATE_LIMITS)


@pytest.fixture
def costly_hashing(app):
    """Hashes that take tens of milliseconds, as production's do (the tests' own cost so
    little that a login which skipped hashing would not be told apart by its time)."""
    before = app.config["ARGON2_PARAMETERS"]
    app.config["ARGON2_PARAMETERS"] = dataclasses.replace(
        profiles.RFC_9106_LOW_MEMORY, time_cost=2, memory_cost=32 * 1024, parallelism=1
    )
    app.extensions.pop("passwords", None)
    yield
    app.config["ARGON2_PARAMETERS"] = before
    app.extensions.pop("passwords", None)
