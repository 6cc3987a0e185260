"""Staff passwords, hashed with Argon2id at the cost the app's configuration sets
(ARGON2_PARAMETERS in portal.config)."""

from __future__ import annotations

from functools import cached_property

from argon2 import Parameters, PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app


class _Hashing:
    """One app's hasher, and the hash it verifies for an e-mail address nobody has."""

    def __init__(self, parameters: Parameters) -> None:
        self.hasher = PasswordHasher.from_parameters(parameters)

    @cached_property
    def unknown_account_hash(self) -> str:
        # Verified when an e-mail address is unknown, so that the answer takes as long either
        # way: made with the app's own parameters, it costs what a real account's hash costs.
        return self.hasher.hash("no-such-user-placeholder")


def _hashing() -> _Hashing:
    hashing = current_app.extensions.get("passwords")
    if hashing is None:
        hashing = current_app.extensions["passwords"] = _Hashing(
            current_app.config["ARGON2_PARAMETERS"]
        )
    return hashing


def hasher() -> PasswordHasher:
    """The current app's hasher, made on first use."""
    return _hashing().hasher


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    hashing = _hashing()
    try:
        return (
            hashing.hasher.verify(password_hash or hashing.unknown_account_hash, password)
            and password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a hash was made with other parameters than the app's: a hash made with weaker
    ones (in tests, or before the cost was raised) is replaced at the next login."""
    return hasher().check_needs_rehash(password_hash)
