"""Configuration per environment, from the environment; secrets are never in the repo."""

from __future__ import annotations

import os
from pathlib import Path

from argon2 import profiles


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
    # A public self-service session on a shared computer must not live for days: it ends an
    # hour after the last request, and at the latest 4 hours (parents) or a working day
    # (staff) after the login however busy the user is (portal.identity.store). The pages
    # warn SESSION_WARN_BEFORE ahead of the end, with a button to stay logged in.
    SESSION_IDLE_TIMEOUT = 60 * 60
    SESSION_MAX_AGE_PARENT = 4 * 60 * 60
    SESSION_MAX_AGE_STAFF = 8 * 60 * 60
    SESSION_WARN_BEFORE = 5 * 60
    PERMANENT_SESSION_LIFETIME = SESSION_IDLE_TIMEOUT
    # The time of a session's last request is written when it is this old, not on every page.
    SESSION_RENEW_AFTER = 60
    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8

    # The cost of hashing a staff password (portal.identity.passwords): argon2-cffi's own
    # defaults, the second recommendation of RFC 9106 (3 passes over 64 MiB, 4 lanes). A hash
    # made with other parameters is rehashed at the next login.
    ARGON2_PARAMETERS = profiles.RFC_9106_LOW_MEMORY

    # No ping before every checkout: it costs a round trip on every request. After a database
    # restart the first request on a dead connection fails and SQLAlchemy then replaces the
    # whole pool; connections are also renewed every half hour.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": False, "pool_recycle": 1800}

    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    LANGUAGES = ("da", "en")

    # Where the npm package dkfds is installed (by the set-up scripts, not copied into the repo).
    DKFDS_PATH: str | None = None

    # E-mail to parents and to the municipality's inbox (portal.notify). With MAIL_SERVER
    # unset, messages are written as .eml files to MAIL_OUTBOX (instance/outbox) instead.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_FROM = "Hjemmetræning <noreply@hjemmetraening.invalid>"
    MAIL_TIMEOUT = 10
    # The portal's address as families and caseworkers reach it, for links in e-mails.
    PUBLIC_URL = "http://127.0.0.1:5000"

    # The maximum size of a form post; uploads have their own limits.
    MAX_FORM_MEMORY_SIZE = 2 * 1024 * 1024
    # Any request body. The attachment routes raise it for themselves (UPLOAD_MAX_REQUEST_SIZE),
    # so that no other route has to read a large body.
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024

    # Attachments (portal.attachments). "disk" keeps files in UPLOAD_DIR (outside the web root);
    # "s3" in an S3-compatible bucket, for deployments with several app servers.
    STORAGE_BACKEND = "disk"
    UPLOAD_MAX_DOCUMENT_SIZE = 25 * 1024 * 1024
    UPLOAD_MAX_VIDEO_SIZE = 500 * 1024 * 1024
    # Attachments on one application or case (not counting those the municipality removed).
    UPLOAD_MAX_FILES = 40
    # One upload request: room for two videos at the limit.
    UPLOAD_MAX_REQUEST_SIZE = 1024 * 1024 * 1024
    S3_BUCKET: str | None = None
    S3_ENDPOINT_URL: str | None = None
    S3_REGION: str | None = None
    S3_PREFIX = ""

    def __init__(self, instance_path: Path) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or self.default_secret_key()
        self.SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"), instance_path)
        self.DEV_LOGIN_ENABLED = _flag("DEV_LOGIN_ENABLED", self.DEV_LOGIN_ENABLED)
        self.SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE", self.SESSION_COOKIE_SECURE)
        for name in ("SESSION_IDLE_TIMEOUT", "SESSION_MAX_AGE_PARENT", "SESSION_MAX_AGE_STAFF"):
            if os.environ.get(name + "_MINUTES"):
                setattr(self, name, int(os.environ[name + "_MINUTES"]) * 60)
        self.DKFDS_PATH = os.environ.get("DKFDS_PATH") or str(
            Path(__file__).resolve().parent.parent / "node_modules" / "dkfds" / "dist"
        )
        for name in ("MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_FROM", "PUBLIC_URL"):
            setattr(self, name, os.environ.get(name) or getattr(self, name))
        self.MAIL_PORT = int(os.environ.get("MAIL_PORT") or self.MAIL_PORT)
        self.MAIL_USE_TLS = _flag("MAIL_USE_TLS", self.MAIL_USE_TLS)
        self.MAIL_OUTBOX = os.environ.get("MAIL_OUTBOX") or str(instance_path / "outbox")
        self.STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", self.STORAGE_BACKEND)
        self.UPLOAD_DIR = os.environ.get("UPLOAD_DIR") or str(instance_path / "uploads")
        # Where files wait while they arrive and are checked, before they go to S3.
        self.UPLOAD_STAGING_DIR = os.environ.get("UPLOAD_STAGING_DIR") or None
        for name in ("UPLOAD_MAX_DOCUMENT_SIZE", "UPLOAD_MAX_VIDEO_SIZE"):
            megabytes = os.environ.get(name.removesuffix("_SIZE") + "_MB")
            if megabytes:
                setattr(self, name, int(megabytes) * 1024 * 1024)
        if os.environ.get("UPLOAD_MAX_FILES"):
            self.UPLOAD_MAX_FILES = int(os.environ["UPLOAD_MAX_FILES"])
        # Credentials come from boto3's own chain (AWS_ACCESS_KEY_ID ..., or an instance role).
        for name in ("S3_BUCKET", "S3_ENDPOINT_URL", "S3_REGION", "S3_PREFIX"):
            setattr(self, name, os.environ.get(name) or getattr(self, name))
        if self.STORAGE_BACKEND not in ("disk", "s3"):
            raise RuntimeError(f"STORAGE_BACKEND must be disk or s3, not {self.STORAGE_BACKEND!r}")
        if self.STORAGE_BACKEND == "s3" and not self.S3_BUCKET:
            raise RuntimeError("STORAGE_BACKEND=s3 needs S3_BUCKET.")

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
    # Every staff user a test makes has a hashed password, and at production's cost each hash
    # takes a fifth of a second or more: argon2-cffi's cheapest parameters, meant for tests.
    ARGON2_PARAMETERS = profiles.CHEAPEST

    def default_secret_key(self) -> str:
        return "testing-only-not-secret"


class ProductionConfig(Config):
    pass


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
