"""Parents' MitID login through the municipality's OpenID Connect broker: from the verified
claims of the ID token to the portal's `Identity`.

NemLog-in speaks OIOSAML; municipalities (and OS2forms) put an OIDC broker in front of it that
passes the SAML attributes on as claims under their OIOSAML names. The claim names are set by
MITID_CLAIMS (a preset below) and may be named one by one (MITID_CPR_CLAIM, MITID_NAME_CLAIM,
MITID_ASSURANCE_CLAIM).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portal.i18n import lazy_gettext as _l
from portal.identity.oidc import LoginRefused
from portal.identity.providers import Identity, cpr_subject

# Claim names per broker: cpr, name, assurance level.
CLAIM_PRESETS: dict[str, tuple[str, str, str]] = {
    # The OS2 / NemLog-in broker passes the CPR number and the NSIS level on under their
    # OIOSAML names (values Low, Substantial, High), the name as OpenID Connect's own claim.
    "os2": (
        "dk:gov:saml:attribute:CprNumberIdentifier",
        "name",
        "https://data.gov.dk/concept/core/nsis/loa",
    ),
    # OIOSAML 3 attribute names (NemLog-in 3) as a broker may pass them.
    "oiosaml3": (
        "https://data.gov.dk/model/core/eid/cprNumber",
        "https://data.gov.dk/model/core/eid/fullName",
        "https://data.gov.dk/concept/core/nsis/loa",
    ),
}

# NSIS assurance levels (the values of https://data.gov.dk/concept/core/nsis/loa). A parent
# applies about their child's disability and reads the municipality's decision: Substantial
# or higher, as for other personal data in public self-service.
ACCEPTED_LEVELS = frozenset({"substantial", "high"})

LOW_ASSURANCE = _l(
    "Dit login havde ikke et højt nok sikringsniveau. Log ind med MitID-appen eller en "
    "MitID-kodeviser, og prøv igen."
)


@dataclass(frozen=True)
class ClaimNames:
    cpr: str
    name: str
    assurance: str

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ClaimNames:
        preset = config.get("MITID_CLAIMS") or "os2"
        if preset not in CLAIM_PRESETS:
            raise RuntimeError(f"MITID_CLAIMS must be one of {', '.join(CLAIM_PRESETS)}")
        cpr, name, assurance = CLAIM_PRESETS[preset]
        return cls(
            cpr=config.get("MITID_CPR_CLAIM") or cpr,
            name=config.get("MITID_NAME_CLAIM") or name,
            assurance=config.get("MITID_ASSURANCE_CLAIM") or assurance,
        )


def assurance_level(value: Any) -> str | None:
    """The level in lower case, given as "Substantial" or as ".../nsis/loa/Substantial"."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().rstrip("/").rsplit("/", 1)[-1].lower()


def identity_from_claims(claims: Mapping[str, Any], names: ClaimNames) -> Identity:
    # Fail closed: a missing level is refused as a low one is.
    level = assurance_level(claims.get(names.assurance))
    if level not in ACCEPTED_LEVELS:
        raise LoginRefused(f"assurance level {level or 'missing'}", LOW_ASSURANCE)
    cpr = str(claims.get(names.cpr) or "").replace("-", "").strip()
    if not re.fullmatch(r"\d{10}", cpr):
        raise LoginRefused("no CPR number in the claims")
    name = claims.get(names.name) or claims.get("name") or ""
    return Identity(subject=cpr_subject(cpr), name=str(name).strip()[:200], cpr_number=cpr)
