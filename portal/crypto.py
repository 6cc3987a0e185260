"""The child's CPR number sealed at rest, and found again through a keyed hash.

A CPR number is sealed with Fernet (AES-128-CBC with HMAC-SHA256, from the `cryptography`
package) under the keys in CPR_KEYS, newest first: the newest seals, every key opens, so a
new key can be put in front and the values re-sealed at leisure (`flask cpr rotate-key`).
Searching cannot compare sealed values (each sealing is different), so the number is also kept
as an HMAC-SHA256 under its own key, which finds the same number again without revealing it.
The hash keys (CPR_HASH_KEYS, or the one CPR_HASH_KEY) are listed newest first as well: the
newest hashes, and while a new key is being rolled out a number is looked up under each of them
(`digests`) until `flask cpr rotate-hash-key` has recomputed every stored hash.

The wizard's answers and the submitted application are JSON documents that hold the number
too (field "child_cpr"); `seal_fields` and `open_fields` seal that field wherever it occurs in
a document and leave the rest readable (portal.models.types.SealedJSON). The decision letter
kept as made prints the number, and is sealed whole (SealedBytes).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import Flask, current_app

__all__ = ["CprCipher", "InvalidToken", "cipher", "init_app", "SEALED_FIELDS"]

# The answers in JSON documents that are sealed wherever they occur: the child's CPR number,
# and the holders of custody's ("cpr" in the lists of holders the letters go to).
SEALED_FIELDS = frozenset({"child_cpr", "cpr"})
# A sealed answer in a JSON document is marked, so that a document sealed in part (a draft
# saved before this revision, or an empty answer) is read correctly.
_MARK = "sealed:"


class CprCipher:
    def __init__(self, keys: Sequence[str], hash_keys: Sequence[str] | str) -> None:
        if not keys:
            raise ValueError("at least one CPR key is needed")
        if isinstance(hash_keys, str):
            hash_keys = [hash_keys]
        if not hash_keys:
            raise ValueError("at least one CPR hash key is needed")
        self._newest = Fernet(keys[0])
        self._all = MultiFernet([Fernet(key) for key in keys])
        self._hash_keys = [key.encode() for key in hash_keys]

    def seal(self, value: str) -> str:
        return self._all.encrypt(value.encode()).decode("ascii")

    def open(self, token: str) -> str:
        return self._all.decrypt(token.encode("ascii")).decode()

    def is_current(self, token: str) -> bool:
        """Whether the value is sealed with the newest key already."""
        try:
            self._newest.decrypt(token.encode("ascii"))
        except InvalidToken:
            return False
        return True

    def reseal(self, token: str) -> str:
        """The value sealed with the newest key (the same token when it already is)."""
        if self.is_current(token):
            return token
        return self._all.rotate(token.encode("ascii")).decode("ascii")

    # Documents that print the number (the decision letter as made) are sealed whole.

    def seal_bytes(self, content: bytes) -> bytes:
        return self._all.encrypt(content)

    def open_bytes(self, token: bytes) -> bytes:
        return self._all.decrypt(token)

    def reseal_bytes(self, token: bytes) -> bytes:
        try:
            self._newest.decrypt(token)
        except InvalidToken:
            return self._all.rotate(token)
        return token

    def digest(self, cpr_number: str) -> str:
        """The keyed hash the case list searches by, under the newest hash key: the same for
        "150318-4321" and "1503184321"."""
        return _hmac(self._hash_keys[0], cpr_number)

    def digests(self, cpr_number: str) -> list[str]:
        """The number's hash under every listed hash key, newest first: what a search looks
        for while stored hashes are being recomputed under a new key."""
        return [_hmac(key, cpr_number) for key in self._hash_keys]

    # JSON documents: the sealed fields wherever they occur, as strings or lists of strings.

    def seal_fields(self, document: Any) -> Any:
        return _walk(document, self._seal_answer)

    def open_fields(self, document: Any) -> Any:
        return _walk(document, self._open_answer)

    def reseal_fields(self, document: Any) -> Any:
        return _walk(document, self._reseal_answer)

    def _seal_answer(self, value: str) -> str:
        if not value or value.startswith(_MARK):
            return value
        return _MARK + self.seal(value)

    def _open_answer(self, value: str) -> str:
        return self.open(value.removeprefix(_MARK)) if value.startswith(_MARK) else value

    def _reseal_answer(self, value: str) -> str:
        if not value.startswith(_MARK):
            return self._seal_answer(value)
        return _MARK + self.reseal(value.removeprefix(_MARK))


def _hmac(key: bytes, cpr_number: str) -> str:
    digits = re.sub(r"\D", "", cpr_number)
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()


def _walk(document: Any, change) -> Any:
    """A copy of the document with `change` applied to every sealed field's text; the
    document given is left as it is (it may be the one the session holds)."""
    if isinstance(document, dict):
        return {
            key: _answer(value, change) if key in SEALED_FIELDS else _walk(value, change)
            for key, value in document.items()
        }
    if isinstance(document, list):
        return [_walk(item, change) for item in document]
    return document


def _answer(value: Any, change) -> Any:
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [change(item) if isinstance(item, str) else item for item in value]
    return value


def init_app(app: Flask) -> None:
    app.extensions["cpr_cipher"] = CprCipher(app.config["CPR_KEYS"], app.config["CPR_HASH_KEYS"])


def cipher() -> CprCipher:
    return current_app.extensions["cpr_cipher"]
