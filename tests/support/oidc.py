"""A small OpenID Connect provider of our own on loopback (pytest-httpserver + joserfc), for
what a ready-made mock cannot be made to do: sign with the wrong key, name another audience or
issuer, send an expired token, a wrong nonce, leave out claims, or accept a code twice.

Discovery, the JWKS and the token endpoint are real HTTP on 127.0.0.1; the login page itself is
skipped: `authorize` reads the portal's redirect to the provider and answers as the provider
would after the person logged in (`code` and `state` back to the portal's callback).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from flask import Flask
from joserfc import jwt
from joserfc.jwk import RSAKey
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

# Generated once per test run: RSA keys take a while.
KEY = RSAKey.generate_key(2048, parameters={"kid": "provider-key"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "provider-key"})
CLIENT_ID = "hjemmetraening-portal"
CLIENT_SECRET = "client-secret-for-tests"

CPR_CLAIM = "dk:gov:saml:attribute:CprNumberIdentifier"
LOA_CLAIM = "https://data.gov.dk/concept/core/nsis/loa"


@dataclass
class Grant:
    nonce: str
    challenge: str
    redirect_uri: str
    used: bool = False


@dataclass
class LoopbackProvider:
    server: HTTPServer
    # The claims of the next ID token (beside iss, aud, exp, iat, nonce).
    claims: dict[str, Any] = field(default_factory=dict)
    # What the provider gets wrong: overrides of the standard claims, the signing key, kid.
    overrides: dict[str, Any] = field(default_factory=dict)
    signing_key: RSAKey = field(default_factory=lambda: KEY)
    kid: str = "provider-key"
    offers_end_session: bool = True
    algorithms: list[str] = field(default_factory=lambda: ["RS256"])
    grants: dict[str, Grant] = field(default_factory=dict)
    token_requests: int = 0

    @property
    def issuer(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def install(self) -> LoopbackProvider:
        self.server.expect_request("/.well-known/openid-configuration").respond_with_handler(
            lambda _request: Response(json.dumps(self.discovery()), mimetype="application/json")
        )
        self.server.expect_request("/jwks").respond_with_json(
            {"keys": [KEY.as_dict(private=False)]}
        )
        self.server.expect_request("/token", method="POST").respond_with_handler(self._token)
        return self

    def discovery(self) -> dict[str, Any]:
        document = {
            "issuer": self.issuer,
            "authorization_endpoint": self.issuer + "/authorize",
            "token_endpoint": self.issuer + "/token",
            "jwks_uri": self.issuer + "/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": self.algorithms,
            "code_challenge_methods_supported": ["S256"],
        }
        if self.offers_end_session:
            document["end_session_endpoint"] = self.issuer + "/logout"
        return document

    def authorize(self, location: str) -> str:
        """The provider's answer to the portal's redirect: the callback with code and state."""
        assert location.startswith(self.issuer + "/authorize?"), location
        query = {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}
        assert query["client_id"] == CLIENT_ID
        assert query["response_type"] == "code"
        assert query["code_challenge_method"] == "S256"
        code = secrets.token_urlsafe(16)
        self.grants[code] = Grant(query["nonce"], query["code_challenge"], query["redirect_uri"])
        callback = urlsplit(query["redirect_uri"])
        return f"{callback.path}?{urlencode({'code': code, 'state': query['state']})}"

    def _token(self, request: Request) -> Response:
        self.token_requests += 1
        form = request.form
        grant = self.grants.get(form.get("code", ""))
        verifier = form.get("code_verifier", "")
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        if (
            grant is None
            or grant.used
            or grant.challenge != challenge
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant.redirect_uri
        ):
            return Response(
                json.dumps({"error": "invalid_grant"}), status=400, mimetype="application/json"
            )
        grant.used = True
        body = {"access_token": "at", "token_type": "Bearer", "id_token": self.id_token(grant)}
        return Response(json.dumps(body), mimetype="application/json")

    def id_token(self, grant: Grant) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": "subject-1",
            "iat": now,
            "exp": now + 300,
            "nonce": grant.nonce,
            **self.claims,
            **self.overrides,
        }
        claims = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode({"alg": "RS256", "kid": self.kid}, claims, self.signing_key)


def parent_claims(cpr: str = "0101901234", level: str | None = "Substantial") -> dict:
    return {CPR_CLAIM: cpr, "name": "Mette Hansen", LOA_CLAIM: level}


def provider_config(prefix: str, provider: LoopbackProvider) -> dict[str, str]:
    return {
        f"{prefix}_ISSUER": provider.issuer,
        f"{prefix}_CLIENT_ID": CLIENT_ID,
        f"{prefix}_CLIENT_SECRET": CLIENT_SECRET,
    }


@contextlib.contextmanager
def configured(app: Flask, settings: dict) -> Iterator[None]:
    """The portal with these settings for a while (a provider configured, a claim named)."""
    before = {key: app.config.get(key) for key in settings}
    app.config.update(settings)
    try:
        yield
    finally:
        app.config.update(before)
