"""Configuration per environment, from the environment; secrets are never in the repo."""

from __future__ import annotations

import base64
import hashlib
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


def _fixed_key(label: str) -> str:
    # A Fernet key anyone can work out: for development and tests only, so that their data
    # stays readable from one run to the next.
    return base64.urlsafe_b64encode(hashlib.sha256(label.encode()).digest()).decode()


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
    ASSETS_PATH: str | None = None

    # E-mail to parents and to the municipality's inbox (portal.notify). With MAIL_SERVER
    # unset, messages are written as .eml files to MAIL_OUTBOX (instance/outbox) instead.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_FROM = "Hjemmetræning <noreply@hjemmetraening.invalid>"
    MAIL_TIMEOUT = 10

    # Letters to the family as Digital Post (portal.digital_post). "folder" (the default)
    # writes each MeMo message to DIGITAL_POST_OUTBOX (instance/digital-post); "sf1601" sends
    # through KOMBIT's Serviceplatformen with the municipality's certificate (README).
    DIGITAL_POST_BACKEND = "folder"
    DIGITAL_POST_SENDER_CVR = "29189803"  # Esbjerg Kommune, for the demo
    DIGITAL_POST_SERVICE_URL = "https://prod.serviceplatformen.dk/service/"
    DIGITAL_POST_STS_URL = (
        "https://adgangsstyring.stoettesystemerne.dk/runtime/api/rest/wstrust/v1/issue"
    )
    DIGITAL_POST_CERT: str | None = None
    DIGITAL_POST_KEY: str | None = None
    DIGITAL_POST_CA_BUNDLE: str | None = None
    DIGITAL_POST_TIMEOUT = 30
    # A recipient exempt from Digital Post gets the letter on paper through SF1601 ("Fysisk
    # Post"): KOMBIT gives the municipality a number for its kind of letter
    # (ForsendelseTypeIdentifikator); without it, such a letter fails and says so. The letter
    # is printed from a PDF, made from the Word letter with LibreOffice (DIGITAL_POST_SOFFICE).
    DIGITAL_POST_FORSENDELSESTYPE: str | None = None
    DIGITAL_POST_SOFFICE = "soffice"
    # Hand-offs of each case to the municipality's case system (portal.case_system). "folder"
    # (the default) writes each package as a folder in CASE_SYSTEM_DROP (instance/case-system);
    # "rest" sends it to CASE_SYSTEM_URL (README: the contract, the token, the certificate).
    CASE_SYSTEM_BACKEND = "folder"
    CASE_SYSTEM_URL: str | None = None
    CASE_SYSTEM_TOKEN: str | None = None
    CASE_SYSTEM_CERT: str | None = None
    CASE_SYSTEM_KEY: str | None = None
    CASE_SYSTEM_CA_BUNDLE: str | None = None
    CASE_SYSTEM_TIMEOUT = 60
    # The worker (`flask worker`, portal.worker) looks for messages to deliver this often when
    # none are waiting. A message claimed longer ago than OUTBOX_STALE_CLAIM_SECONDS belongs to
    # a worker that was killed half-way, and is delivered by another; it must exceed the time
    # a batch of messages may take (portal.outbox.CLAIM_BATCH times MAIL_TIMEOUT).
    WORKER_POLL_SECONDS = 2.0
    OUTBOX_STALE_CLAIM_SECONDS = 15 * 60
    # The portal's address as families and caseworkers reach it, for links in e-mails.
    PUBLIC_URL = "http://127.0.0.1:5000"

    # Parents log in with MitID through the municipality's OpenID Connect broker
    # (portal.identity.oidc), on when MITID_ISSUER and MITID_CLIENT_ID are set. The claim names
    # come from a preset (portal.identity.oidc.CLAIM_PRESETS) and may be named one by one.
    MITID_ISSUER: str | None = None
    MITID_DISCOVERY_URL: str | None = None
    MITID_CLIENT_ID: str | None = None
    MITID_CLIENT_SECRET: str | None = None
    # "profile" for the standard "name" claim, which OpenID Connect releases only with it.
    MITID_SCOPES = "openid profile"
    MITID_CLAIMS = "os2"
    MITID_CPR_CLAIM: str | None = None
    MITID_NAME_CLAIM: str | None = None
    MITID_ASSURANCE_CLAIM: str | None = None
    # Staff log in with the municipality's own provider (Entra ID or the broker): on when
    # STAFF_SSO_ISSUER and STAFF_SSO_CLIENT_ID are set. Municipality and role come from claims
    # (or groups); with no municipality claim, STAFF_SSO_MUNICIPALITY names the one
    # municipality whose staff use this provider.
    STAFF_SSO_ISSUER: str | None = None
    STAFF_SSO_DISCOVERY_URL: str | None = None
    STAFF_SSO_CLIENT_ID: str | None = None
    STAFF_SSO_CLIENT_SECRET: str | None = None
    STAFF_SSO_SCOPES = "openid email profile"
    STAFF_SSO_EMAIL_CLAIM = "email"
    STAFF_SSO_MUNICIPALITY_CLAIM: str | None = None
    STAFF_SSO_MUNICIPALITY: str | None = None
    STAFF_SSO_ROLE_CLAIM: str | None = None
    STAFF_SSO_CASEWORKER_VALUE = "caseworker"
    STAFF_SSO_ADMIN_VALUE = "admin"
    # How long a login may take at the provider before its state is forgotten.
    OIDC_FLOW_SECONDS = 15 * 60
    OIDC_TIMEOUT = 10

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
    # What an Office file (DOCX, XLSX, ODT: ZIP archives) may unpack to, all its parts
    # together (portal.uploads.archives): far more than any document, far less than a bomb.
    UPLOAD_MAX_UNPACKED_SIZE = 100 * 1024 * 1024
    # Attachments on one application or case (not counting those the municipality removed).
    UPLOAD_MAX_FILES = 40
    # One upload request: room for two videos at the limit.
    UPLOAD_MAX_REQUEST_SIZE = 1024 * 1024 * 1024
    S3_BUCKET: str | None = None
    S3_ENDPOINT_URL: str | None = None
    S3_REGION: str | None = None
    S3_PREFIX = ""

    # CPR and custody (portal.registers). "none": the wizard offers no children (the default in
    # production, where invented families must never meet real CPR numbers); "file" reads
    # invented families from CPR_REGISTER_FILE (portal/registers/data/families.json unless
    # told; the default while developing); "sf1520" asks Serviceplatformen's
    # PersonBaseDataExtended over mutual TLS. The wizard waits at most CPR_TIMEOUT seconds.
    CPR_REGISTER = "none"
    CPR_REGISTER_FILE: str | None = None
    CPR_TIMEOUT = 3.0
    CPR_ENDPOINT: str | None = None
    CPR_SERVICE_AGREEMENT_UUID: str | None = None
    CPR_USER_SYSTEM_UUID: str | None = None
    CPR_USER_UUID: str | None = None
    CPR_SERVICE_UUID: str | None = None
    CPR_CLIENT_CERT: str | None = None
    CPR_CLIENT_KEY: str | None = None
    CPR_CA_BUNDLE: str | None = None

    # Form posts per client and per account (portal.limits), in Flask-Limiter's notation. A
    # login's account is the e-mail (or CPR number) typed, counted with the client, so that
    # nobody can lock a caseworker out; a successful login forgets its failures.
    RATE_LIMITS = {
        "login": ("30 per minute", "5 per 15 minutes"),
        "upload": ("120 per minute", "60 per minute"),
        "submit": ("30 per minute", "10 per minute"),
        "consent": ("30 per minute", "10 per minute"),
        "lookup": ("30 per minute", "10 per minute"),
    }
    # Where the counts are kept: memory (one app server) or redis://host:6379/0 (several).
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_KEY_PREFIX = "portal"
    # How many reverse proxies in front set X-Forwarded-For (portal.security); 0: none.
    TRUSTED_PROXIES = 0

    def __init__(self, instance_path: Path) -> None:
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or self.default_secret_key()
        # The keys that seal the child's CPR number (portal.crypto): Fernet keys separated by
        # commas, newest first; the hash key for searching by CPR number is a key of its own.
        keys = [key.strip() for key in os.environ.get("CPR_KEYS", "").split(",") if key.strip()]
        self.CPR_KEYS = keys or self.default_cpr_keys()
        # The hash keys likewise newest first (CPR_HASH_KEYS), so the hash key can change: the
        # search looks a number up under each of them until `flask cpr rotate-hash-key` has
        # recomputed every hash under the newest. CPR_HASH_KEY alone is one key, as before.
        hash_keys = [
            key.strip() for key in os.environ.get("CPR_HASH_KEYS", "").split(",") if key.strip()
        ]
        self.CPR_HASH_KEYS = hash_keys or [
            os.environ.get("CPR_HASH_KEY") or self.default_cpr_hash_key()
        ]
        self.CPR_HASH_KEY = self.CPR_HASH_KEYS[0]
        self.SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"), instance_path)
        self.DEV_LOGIN_ENABLED = _flag("DEV_LOGIN_ENABLED", self.DEV_LOGIN_ENABLED)
        self.SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE", self.SESSION_COOKIE_SECURE)
        for name in ("SESSION_IDLE_TIMEOUT", "SESSION_MAX_AGE_PARENT", "SESSION_MAX_AGE_STAFF"):
            if os.environ.get(name + "_MINUTES"):
                setattr(self, name, int(os.environ[name + "_MINUTES"]) * 60)
        self.DKFDS_PATH = os.environ.get("DKFDS_PATH") or str(
            Path(__file__).resolve().parent.parent / "node_modules" / "dkfds" / "dist"
        )
        # Where the app builds its static files (portal.assets); shared by the app servers of
        # one checkout, and written only when the sources change.
        self.ASSETS_PATH = os.environ.get("ASSETS_PATH") or str(
            Path(__file__).resolve().parent.parent / "build" / "static"
        )
        for name in ("MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_FROM"):
            setattr(self, name, os.environ.get(name) or getattr(self, name))
        self.PUBLIC_URL = os.environ.get("PUBLIC_URL") or self.default_public_url()
        self.MAIL_PORT = int(os.environ.get("MAIL_PORT") or self.MAIL_PORT)
        self.MAIL_USE_TLS = _flag("MAIL_USE_TLS", self.MAIL_USE_TLS)
        self.WORKER_POLL_SECONDS = float(
            os.environ.get("WORKER_POLL_SECONDS") or self.WORKER_POLL_SECONDS
        )
        self.OUTBOX_STALE_CLAIM_SECONDS = int(
            os.environ.get("OUTBOX_STALE_CLAIM_SECONDS") or self.OUTBOX_STALE_CLAIM_SECONDS
        )
        self.MAIL_OUTBOX = os.environ.get("MAIL_OUTBOX") or str(instance_path / "outbox")
        self.DIGITAL_POST_OUTBOX = os.environ.get("DIGITAL_POST_OUTBOX") or str(
            instance_path / "digital-post"
        )
        for name in (
            "DIGITAL_POST_BACKEND",
            "DIGITAL_POST_SENDER_CVR",
            "DIGITAL_POST_SERVICE_URL",
            "DIGITAL_POST_STS_URL",
            "DIGITAL_POST_CERT",
            "DIGITAL_POST_KEY",
            "DIGITAL_POST_CA_BUNDLE",
            "DIGITAL_POST_FORSENDELSESTYPE",
            "DIGITAL_POST_SOFFICE",
        ):
            setattr(self, name, os.environ.get(name) or getattr(self, name))
        self.DIGITAL_POST_TIMEOUT = int(
            os.environ.get("DIGITAL_POST_TIMEOUT") or self.DIGITAL_POST_TIMEOUT
        )
        self.CASE_SYSTEM_DROP = os.environ.get("CASE_SYSTEM_DROP") or str(
            instance_path / "case-system"
        )
        for name in (
            "CASE_SYSTEM_BACKEND",
            "CASE_SYSTEM_URL",
            "CASE_SYSTEM_TOKEN",
            "CASE_SYSTEM_CERT",
            "CASE_SYSTEM_KEY",
            "CASE_SYSTEM_CA_BUNDLE",
        ):
            setattr(self, name, os.environ.get(name) or getattr(self, name))
        self.CASE_SYSTEM_TIMEOUT = int(
            os.environ.get("CASE_SYSTEM_TIMEOUT") or self.CASE_SYSTEM_TIMEOUT
        )
        self.STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", self.STORAGE_BACKEND)
        self.UPLOAD_DIR = os.environ.get("UPLOAD_DIR") or str(instance_path / "uploads")
        # Where files wait while they arrive and are checked, before they go to S3.
        self.UPLOAD_STAGING_DIR = os.environ.get("UPLOAD_STAGING_DIR") or None
        for name in (
            "UPLOAD_MAX_DOCUMENT_SIZE",
            "UPLOAD_MAX_VIDEO_SIZE",
            "UPLOAD_MAX_UNPACKED_SIZE",
        ):
            megabytes = os.environ.get(name.removesuffix("_SIZE") + "_MB")
            if megabytes:
                setattr(self, name, int(megabytes) * 1024 * 1024)
        if os.environ.get("UPLOAD_MAX_FILES"):
            self.UPLOAD_MAX_FILES = int(os.environ["UPLOAD_MAX_FILES"])
        # Credentials come from boto3's own chain (AWS_ACCESS_KEY_ID ..., or an instance role).
        for name in ("S3_BUCKET", "S3_ENDPOINT_URL", "S3_REGION", "S3_PREFIX"):
            setattr(self, name, os.environ.get(name) or getattr(self, name))
        for name in _OIDC_SETTINGS:
            setattr(self, name, os.environ.get(name) or getattr(self, name))
        for name in _CPR_SETTINGS:
            setattr(self, name, os.environ.get(name) or getattr(self, name))
        self.CPR_TIMEOUT = float(os.environ.get("CPR_TIMEOUT") or self.CPR_TIMEOUT)
        if self.ENV_NAME == "production" and self.DEV_LOGIN_ENABLED:
            # Anyone could log in as any parent by typing a CPR number.
            raise RuntimeError("DEV_LOGIN_ENABLED cannot be on with PORTAL_ENV=production.")
        if self.ENV_NAME == "production":
            self._require_https_logins()
        for name in ("RATELIMIT_STORAGE_URI", "RATELIMIT_KEY_PREFIX"):
            setattr(self, name, os.environ.get(name) or getattr(self, name))
        self.TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES") or self.TRUSTED_PROXIES)
        if self.STORAGE_BACKEND not in ("disk", "s3"):
            raise RuntimeError(f"STORAGE_BACKEND must be disk or s3, not {self.STORAGE_BACKEND!r}")
        if self.STORAGE_BACKEND == "s3" and not self.S3_BUCKET:
            raise RuntimeError("STORAGE_BACKEND=s3 needs S3_BUCKET.")
        if self.CPR_REGISTER not in ("none", "file", "sf1520"):
            raise RuntimeError(
                f"CPR_REGISTER must be none, file or sf1520, not {self.CPR_REGISTER!r}"
            )
        if self.CASE_SYSTEM_BACKEND not in ("folder", "rest"):
            raise RuntimeError(
                f"CASE_SYSTEM_BACKEND must be folder or rest, not {self.CASE_SYSTEM_BACKEND!r}"
            )
        if self.CASE_SYSTEM_BACKEND == "rest" and not self.CASE_SYSTEM_URL:
            raise RuntimeError("CASE_SYSTEM_BACKEND=rest needs CASE_SYSTEM_URL.")
        if self.CPR_REGISTER == "sf1520":
            missing = [name for name in _CPR_REQUIRED if not getattr(self, name)]
            if missing:
                raise RuntimeError(f"CPR_REGISTER=sf1520 needs {', '.join(missing)}.")

    def _require_https_logins(self) -> None:
        # A provider's answers and the portal's redirect address travel only over TLS; the
        # redirect address is PUBLIC_URL's, as registered with the provider.
        for prefix in ("MITID", "STAFF_SSO"):
            issuer = getattr(self, f"{prefix}_ISSUER")
            if not issuer:
                continue
            for name, url in ((f"{prefix}_ISSUER", issuer), ("PUBLIC_URL", self.PUBLIC_URL)):
                if not url.startswith("https://"):
                    raise RuntimeError(f"{name} must be an https:// address in production.")

    def default_public_url(self) -> str:
        return self.PUBLIC_URL

    def default_secret_key(self) -> str:
        raise RuntimeError(
            "SECRET_KEY must be set in the environment outside development and tests."
        )

    def default_cpr_keys(self) -> list[str]:
        raise RuntimeError(
            "CPR_KEYS must be set in the environment outside development and tests"
            " (make one with: flask cpr new-key)."
        )

    def default_cpr_hash_key(self) -> str:
        raise RuntimeError(
            "CPR_HASH_KEY must be set in the environment outside development and tests."
        )

    def as_dict(self) -> dict:
        return {key: getattr(self, key) for key in dir(self) if key.isupper()}


_OIDC_SETTINGS = tuple(name for name in vars(Config) if name.startswith(("MITID_", "STAFF_SSO_")))
_CPR_SETTINGS = tuple(
    name for name in vars(Config) if name.startswith("CPR_") and name != "CPR_TIMEOUT"
)
# What Serviceplatformen needs to answer at all: where, the service agreement's invocation
# context and the system certificate the agreement names.
_CPR_REQUIRED = (
    "CPR_ENDPOINT",
    "CPR_SERVICE_AGREEMENT_UUID",
    "CPR_USER_SYSTEM_UUID",
    "CPR_USER_UUID",
    "CPR_SERVICE_UUID",
    "CPR_CLIENT_CERT",
)


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    CPR_REGISTER = "file"
    DEBUG = True
    DEV_LOGIN_ENABLED = True
    # Served over plain http on localhost while developing.
    SESSION_COOKIE_SECURE = False

    def default_public_url(self) -> str:
        # ./run-portal serves on HOST and PORT: links in e-mails lead to where it runs.
        host = os.environ.get("HOST") or "127.0.0.1"
        if host in ("0.0.0.0", "::"):  # noqa: S104 (read from HOST, not bound to)
            host = "127.0.0.1"  # listens everywhere; this machine reaches it here
        elif ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{os.environ.get('PORT') or 5000}"

    def default_secret_key(self) -> str:
        return "development-only-not-secret"

    def default_cpr_keys(self) -> list[str]:
        return [_fixed_key("development-only-cpr-key")]

    def default_cpr_hash_key(self) -> str:
        return "development-only-cpr-hash-key"


class TestingConfig(DevelopmentConfig):
    ENV_NAME = "testing"
    DEBUG = False
    TESTING = True
    # Every staff user a test makes has a hashed password, and at production's cost each hash
    # takes a fifth of a second or more: argon2-cffi's cheapest parameters, meant for tests.
    ARGON2_PARAMETERS = profiles.CHEAPEST
    # Tests log in and post far more often than people do; the limits themselves are tested
    # with production's values (tests/auth).
    RATE_LIMITS = {name: ("10000 per minute",) * 2 for name in Config.RATE_LIMITS}

    def default_public_url(self) -> str:
        return Config.PUBLIC_URL  # the same links whatever the machine's environment

    def default_secret_key(self) -> str:
        return "testing-only-not-secret"

    def default_cpr_keys(self) -> list[str]:
        return [_fixed_key("testing-only-cpr-key")]

    def default_cpr_hash_key(self) -> str:
        return "testing-only-cpr-hash-key"


class ProductionConfig(Config):
    pass


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
