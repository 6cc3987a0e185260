"""Which connector the configuration picks, and the production settings refused at start."""

from __future__ import annotations

import pytest

from portal import create_app
from portal.case_system import create_connector
from portal.case_system.folder import FolderConnector
from portal.case_system.rest import RestConnector
from tests.support.secrets import production_secrets


def test_the_folder_is_the_default_and_rest_takes_its_url_token_and_timeout(app):
    assert isinstance(create_connector(app.config), FolderConnector)
    connector = create_connector(
        {
            "CASE_SYSTEM_BACKEND": "rest",
            "CASE_SYSTEM_URL": "https://esdh.kommune.example/api",
            "CASE_SYSTEM_TOKEN": "hemmelig",
            "CASE_SYSTEM_CERT": "/etc/portal/esdh.pem",
            "CASE_SYSTEM_KEY": "/etc/portal/esdh-key.pem",
            "CASE_SYSTEM_TIMEOUT": 15,
        }
    )
    assert isinstance(connector, RestConnector)
    assert (connector.url, connector.token, connector.timeout) == (
        "https://esdh.kommune.example/api/",
        "hemmelig",
        15.0,
    )
    assert connector.cert == ("/etc/portal/esdh.pem", "/etc/portal/esdh-key.pem")


def test_production_refuses_an_unknown_backend_and_rest_without_its_url(monkeypatch):
    production_secrets(monkeypatch)
    monkeypatch.setenv("CASE_SYSTEM_BACKEND", "sbsys")
    with pytest.raises(RuntimeError, match="CASE_SYSTEM_BACKEND must be folder or rest"):
        create_app("production")
    monkeypatch.setenv("CASE_SYSTEM_BACKEND", "rest")
    with pytest.raises(RuntimeError, match="CASE_SYSTEM_BACKEND=rest needs CASE_SYSTEM_URL"):
        create_app("production")
    monkeypatch.setenv("CASE_SYSTEM_URL", "https://esdh.kommune.example/api/")
    assert create_app("production").config["CASE_SYSTEM_URL"].startswith("https://esdh")
