"""The municipality's providers as small OpenID Connect servers on loopback
(tests.support.oidc), configured into the portal for one test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

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
