"""The secrets production refuses to start without, for tests that build a production app."""

from __future__ import annotations

from cryptography.fernet import Fernet


def production_secrets(monkeypatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("CPR_KEYS", Fernet.generate_key().decode())
    monkeypatch.setenv("CPR_HASH_KEY", "y" * 40)
