"""Configuration per environment, from the environment; secrets are never in the repo."""

from __future__ import annotations

import os
from pathlib import Path


def database_url(value: str | None, instance_path: Path) -> str:
    if not value:
        # The embedded default: one SQLite file in the instance folder, outside the package.
        return f"sqlite:///{instance_path / 'portal.sqlite3'}"
    # psycopg 3 is the driver we ship; plain "postgresql://" would select psycopg2.
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix) :]
    return value


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


class Config:
    ENV_NAME = "production"
    DEBUG = False
    TESTING = False

    # Parents log in with the development login only where it is switched on explicitly.
    DEV_LOGIN_ENABLED = False

    SESSION_COOKIE_NAME = "portal_session"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # A public self-service session on a shared computer must not live for days.
    PERMANENT_SESSION_LIFETIME = 60 * 60
    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8

    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}

    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    LANGUAGES = ("da", "en")

    # Where the npm package dkfds is installed (by the set-up scripts, not copied into the repo).
    DKFDS_PATH: str | None = None

    # The maximum size of a form post; uploads have their own limits.
    MAX_FORM_MEMORY_SIZE = 2 * 1024 * 1024

    def __init__(self, instance_path: Path) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or self.default_secret_key()
        self.SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"), instance_path)
        self.DEV_LOGIN_ENABLED = _flag("DEV_LOGIN_ENABLED", self.DEV_LOGIN_ENABLED)
        self.SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE", self.SESSION_COOKIE_SECURE)
        self.DKFDS_PATH = os.environ.get("DKFDS_PATH") or str(
            Path(__file__).resolve().parent.parent / "node_modules" / "dkfds" / "dist"
        )

    def default_secret_key(self) -> str:
        raise RuntimeError(
            "SECRET_KEY must be set in the environment outside development and tests."
        )

    def as_dict(self) -> dict:
        return {key: getattr(self, key) for key in dir(self) if key.isupper()}


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = True
    DEV_LOGIN_ENABLED = True
    # Served over plain http on localhost while developing.
    SESSION_COOKIE_SECURE = False

    def default_secret_key(self) -> str:
        return "development-only-not-secret"


class TestingConfig(DevelopmentConfig):
    ENV_NAME = "testing"
    DEBUG = False
    TESTING = True

    def default_secret_key(self) -> str:
        return "testing-only-not-secret"


class ProductionConfig(Config):
    pass


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
