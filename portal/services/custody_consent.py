"""The other holder of custody's consent to a draft (issue 15, point 4): the applicant sends
a link, the other holder answers through their own login, and the applicant sees the state.

The link's token is random and kept only as its SHA-256; the CPR number the applicant may
give arrives here only as the keyed hash parents' subjects are made of (portal.identity),
so the portal never stores it.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from datetime import datetime

from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, CustodyConsent, Parent
from portal.notify import messages
from portal.rules.custody_consent import (
    ConsentState,
    consent_expires,
    consent_state,
    needs_consent,
)
from portal.services.drafts import StoredDraft
from portal.wizard.steps import FAMILY

_CUSTODY_ANSWER = re.compile(r"adults-\d+-custody")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def draft_needs_consent(draft: StoredDraft) -> bool:
    """Whether the draft's family step, as typed, names a second adult with custody."""
    family = draft.step(FAMILY.slug)
    if family is None:
        return False
    answers = [
        {"custody": (values[0] if isinstance(values, list) and values else values)}
        for key, values in family.data.items()
        if _CUSTODY_ANSWER.fullmatch(key)
    ]
    return needs_consent(answers)


def for_draft(draft_id: int) -> CustodyConsent | None:
    return db.session.execute(
        select(CustodyConsent).where(CustodyConsent.draft_id == draft_id)
    ).scalar_one_or_none()


def for_case(case: Case) -> CustodyConsent | None:
    """The other holder's consent a case was sent with; None when its family step named one
    holder of custody only (a link sent before the family changed is not the case's)."""
    family = (case.application or {}).get(FAMILY.slug) or {}
    if case.draft_id is None or not needs_consent(family.get("adults") or []):
        return None
    return for_draft(case.draft_id)


def draft_states(
    draft_ids: list[int], now: datetime
) -> dict[int, tuple[CustodyConsent, ConsentState]]:
    """The consent asked for on each of the drafts that has one, with its state, in one query
    (the parent's list of drafts)."""
    if not draft_ids:
        return {}
    found = db.session.execute(
        select(CustodyConsent).where(CustodyConsent.draft_id.in_(draft_ids))
    ).scalars()
    return {consent.draft_id: (consent, state(consent, now)) for consent in found}


def answers_fingerprint(draft: StoredDraft) -> str:
    """A digest of every step's answers as saved: what the other holder reads and consents to."""
    answers = {step.step: step.data for step in draft.steps}
    return hashlib.sha256(json.dumps(answers, sort_keys=True).encode()).hexdigest()


def state(
    consent: CustodyConsent | None, now: datetime, fingerprint: str | None = None
) -> ConsentState:
    """The consent's state at `now`; with the draft's `fingerprint`, a consent to other answers
    than the draft's is "changed"."""
    if consent is None:
        return "not_asked"
    changed = fingerprint is not None and consent.answers_hash not in (None, fingerprint)
    return consent_state(consent.answer, consent.expires_at, now, changed=changed)


def state_when_sent(consent: CustodyConsent, received_at: datetime) -> ConsentState:
    """The state the municipality received the application in."""
    return consent.state_when_sent or state(consent, received_at)


def invite(draft: StoredDraft, email: str, cpr_hash: str | None, *, now: datetime) -> str:
    """Send (or send again) the link to the other holder; returns the link's token. A new link
    replaces the old one, which stops working, and starts the municipality's days again."""
    token = secrets.token_urlsafe(32)
    consent = for_draft(draft.id)
    if consent is None:
        consent = CustodyConsent(draft_id=draft.id)
        db.session.add(consent)
    consent.email = email
    consent.cpr_hash = cpr_hash
    consent.token_hash = _hash(token)
    consent.sent_at = now
    consent.expires_at = consent_expires(now, draft.settings)
    consent.answer = consent.answered_at = consent.reason = None
    consent.answered_by_id = consent.answered_by_name = consent.answered_by_provider = None
    consent.answers_hash = consent.statement = None
    db.session.flush()
    messages.custody_consent_requested(
        consent, token, municipality=draft.municipality_name, contact=draft.settings.contact
    )
    return token


def by_token(token: str) -> CustodyConsent | None:
    return db.session.execute(
        select(CustodyConsent).where(CustodyConsent.token_hash == _hash(token))
    ).scalar_one_or_none()


def answer(
    consent: CustodyConsent,
    draft: StoredDraft,
    parent: Parent,
    provider: str,
    *,
    consented: bool,
    reason: str | None,
    now: datetime,
) -> None:
    """The other holder's answer to `draft` as they read it, with who gave it and how they
    logged in; the applicant is told by e-mail at the address of the family step."""
    consent.answer = "consented" if consented else "declined"
    consent.reason = None if consented else reason
    consent.answered_at = now
    consent.answered_by_id = parent.id
    consent.answered_by_name = parent.name
    consent.answered_by_provider = provider
    consent.answers_hash = answers_fingerprint(draft)
    family = draft.step(FAMILY.slug)
    email = (family.data.get("email") or [None])[0] if family else None
    messages.custody_consent_answered(
        consent,
        email,
        municipality=draft.municipality_name,
        contact=draft.settings.contact,
        draft_public_id=draft.public_id,
    )
