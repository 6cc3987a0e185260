"""The municipality's providers as small OpenID Connect servers on loopback
(tests.support.oidc), configured into the portal for one test."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from flask import Flask

from tests.support.oidc import LoopbackProvider, provider_config


@contextlib.contextmanager
def configured(app: Flask, settings: dict) -> Iterator[None]:
    before = {key: app.config.get(key) for key in settings}
    app.config.update(settings)
    try:
        yield
    finally:
        app.config.update(before)


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
