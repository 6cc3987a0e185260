"""Fixtures of the case system tests: a drop folder of the test's own, and a case system
on loopback that speaks the REST contract (tests.support.case_system)."""

from __future__ import annotations

import pytest

from tests.support.case_system import TOKEN, CaseSystem


def _configured(app, **settings):
    before = {key: app.config.get(key) for key in settings}
    app.config.update(settings)
    app.extensions["case_system"] = None
    return before


@pytest.fixture
def drop(app, tmp_path):
    """The folder the case system's import watches (CASE_SYSTEM_DROP)."""
    folder = tmp_path / "case-system"
    before = _configured(app, CASE_SYSTEM_BACKEND="folder", CASE_SYSTEM_DROP=str(folder))
    try:
        yield folder
    finally:
        app.config.update(before)
        app.extensions["case_system"] = None


@pytest.fixture
def case_system(httpserver, app):
    service = CaseSystem(httpserver)
    service.install()
    before = _configured(
        app,
        CASE_SYSTEM_BACKEND="rest",
        CASE_SYSTEM_URL=service.url,
        CASE_SYSTEM_TOKEN=TOKEN,
        CASE_SYSTEM_TIMEOUT=2,
    )
    try:
        yield service
    finally:
        app.config.update(before)
        app.extensions["case_system"] = None
