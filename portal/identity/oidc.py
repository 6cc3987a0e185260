"""OpenID Connect logins: MitID for parents through the municipality's broker, and single
sign-on for staff through the municipality's own provider (Entra ID or the broker).

The authorization code flow with PKCE (S256), `state` and `nonce` (Authlib's OAuth 2 client).
The ID token is verified here with joserfc before anything is believed: the signature with the
provider's key from its JWKS (chosen by key id, asymmetric algorithms only), the issuer, the
audience, the expiry and the nonce. Discovery and keys are read at each login: logins are
rare, and a key the provider rotates works at once.

What goes wrong is a `LoginRefused`, with a reason for the log (never a claim value, so never a
CPR number) and the sentence the person reads.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from portal.i18n import lazy_gettext as _l

log = logging.getLogger(__name__)

# Signatures made with the provider's private key only: never "none", never a shared secret.
ASYMMETRIC_ALGORITHMS = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)
# Clocks differ a little between the provider and the portal.
LEEWAY_SECONDS = 60

REFUSED = _l("Vi kunne ikke logge dig ind. Prøv igen.")


class LoginRefused(Exception):
    """A login the portal does not accept. `reason` goes to the log; `message` to the page."""

    def __init__(self, reason: str, message: Any = REFUSED) -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message


class FlowUnknown(Exception):
    """The provider sent back a `state` this browser did not start, or started too long ago."""


@dataclass(frozen=True)
class Provider:
    """One OpenID Connect provider as configured by the settings `<prefix>_ISSUER`,
    `_DISCOVERY_URL`, `_CLIENT_ID`, `_CLIENT_SECRET` and `_SCOPES`."""

    prefix: str
    issuer: str
    discovery_url: str
    client_id: str
    client_secret: str | None
    scopes: str
    timeout: float

    @classmethod
    def from_config(cls, config: Mapping[str, Any], prefix: str) -> Provider | None:
        issuer, client_id = config.get(f"{prefix}_ISSUER"), config.get(f"{prefix}_CLIENT_ID")
        if not issuer or not client_id:
            return None
        discovery = config.get(f"{prefix}_DISCOVERY_URL") or (
            issuer.rstrip("/") + "/.well-known/openid-configuration"
        )
        return cls(
            prefix=prefix,
            issuer=issuer,
            discovery_url=discovery,
            client_id=client_id,
            client_secret=config.get(f"{prefix}_CLIENT_SECRET"),
            scopes=config.get(f"{prefix}_SCOPES") or "openid",
            timeout=config.get("OIDC_TIMEOUT", 10),
        )

    def metadata(self) -> dict[str, Any]:
        data = self._get_json(self.discovery_url, "discovery")
        # OpenID Connect Discovery 1.0, section 4.3: the issuer must be the one configured.
        if data.get("issuer") != self.issuer:
            raise LoginRefused("discovery document names another issuer")
        return data

    def _get_json(self, url: str, what: str) -> dict[str, Any]:
        try:
            response = requests.get(url, timeout=self.timeout)
            response.raise_for_status()
            data = response.json()
        except (requests.RequestException, ValueError) as error:
            raise LoginRefused(f"{what} could not be read: {type(error).__name__}") from error
        if not isinstance(data, dict):
            raise LoginRefused(f"{what} is not a JSON object")
        return data

    def _client(self, redirect_uri: str) -> OAuth2Session:
        return OAuth2Session(
            client_id=self.client_id,
            client_secret=self.client_secret,
            scope=self.scopes,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_post" if self.client_secret else "none",
        )

    def begin(self, redirect_uri: str) -> tuple[str, dict[str, Any]]:
        """The provider's login address, and the flow to keep in the session until it answers."""
        metadata = self.metadata()
        flow = {
            "state": secrets.token_urlsafe(32),
            "nonce": secrets.token_urlsafe(32),
            "verifier": secrets.token_urlsafe(64),
            "started": int(time.time()),
        }
        with self._client(redirect_uri) as client:
            url, _state = client.create_authorization_url(
                metadata["authorization_endpoint"],
                state=flow["state"],
                nonce=flow["nonce"],
                code_verifier=flow["verifier"],
            )
        return url, flow

    def finish(
        self, answer: Mapping[str, str], flow: Mapping[str, Any], redirect_uri: str
    ) -> dict[str, Any]:
        """The verified claims of the ID token the provider gives for this answer's code."""
        if answer.get("error"):
            raise LoginRefused(f"provider answered {answer.get('error')!r}")
        if not answer.get("code"):
            raise LoginRefused("no code in the answer")
        metadata = self.metadata()
        try:
            with self._client(redirect_uri) as client:
                token = client.fetch_token(
                    metadata["token_endpoint"],
                    code=answer["code"],
                    code_verifier=flow["verifier"],
                    timeout=self.timeout,
                )
        except (OAuthError, requests.RequestException, ValueError) as error:
            # A code used before (replayed) or not issued to this client ends here.
            raise LoginRefused(f"token request refused: {type(error).__name__}") from error
        id_token = token.get("id_token")
        if not id_token:
            raise LoginRefused("no ID token in the token response")
        return self.verify_id_token(id_token, flow["nonce"], metadata)

    def verify_id_token(
        self, id_token: str, nonce: str, metadata: Mapping[str, Any]
    ) -> dict[str, Any]:
        keys = self._get_json(metadata["jwks_uri"], "JWKS")
        offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = [name for name in offered if name in ASYMMETRIC_ALGORITHMS]
        if not algorithms:
            raise LoginRefused("the provider offers no asymmetric signing algorithm")
        try:
            key_set = KeySet.import_key_set(keys)  # type: ignore[arg-type]
            token = jwt.decode(id_token, key_set, algorithms=algorithms)
        except (JoseError, ValueError, KeyError, TypeError) as error:
            # A bad signature, a key id not in the provider's JWKS, a refused algorithm.
            raise LoginRefused(f"ID token signature refused: {type(error).__name__}") from error
        registry = jwt.JWTClaimsRegistry(
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": self.issuer},
            aud={"essential": True, "value": self.client_id},
            exp={"essential": True},
            sub={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        try:
            registry.validate(token.claims)
        except JoseError as error:
            # The error names the claim (iss, aud, exp, nonce), not its value.
            raise LoginRefused(f"ID token claims refused: {error}") from error
        return dict(token.claims)

    def end_session_url(self, post_logout_redirect_uri: str) -> str | None:
        """RP-initiated logout at the provider, where its discovery document offers it."""
        endpoint = self.metadata().get("end_session_endpoint")
        if not endpoint:
            return None
        query = urlencode(
            {"client_id": self.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
        )
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def flow_is_current(flow: Mapping[str, Any] | None, state: str | None, max_age: int) -> bool:
    if not flow or not state or not isinstance(flow.get("state"), str):
        return False
    fresh = time.time() - int(flow.get("started", 0)) <= max_age
    return fresh and secrets.compare_digest(flow["state"], state)
