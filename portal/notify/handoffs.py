"""Hand-offs of a case to the municipality's case system, queued in the outbox
(portal.outbox, channel "case_system") in the transaction of the event: when the case
arrives, and at each answer, decision and supervision report (issue 18, point 3). The package
itself is put together when the worker delivers it (portal.case_package), from what the case
holds then.

Each event has one key, which names the package (its folder, its idempotency key), so an
event is handed off once however often the code runs."""

from __future__ import annotations

from portal import outbox
from portal.extensions import db
from portal.i18n import force_locale
from portal.i18n import gettext as _
from portal.models import Case, CaseHandoff
from portal.rules.handoffs import EVENT_LABELS
from portal.timeutil import now_utc

CHANNEL = "case_system"
# The outbox message's kind; the event is the hand-off's own (CaseHandoff.event).
KIND = "case_handoff"


def handoff_key(case: Case, event: str, event_id: int | None = None) -> str:
    """E.g. "HT-2026-000123-received" or "HT-2026-000123-decided-4711": readable in the
    case system's drop folder, and unique among everything the outbox holds."""
    suffix = f"-{event_id}" if event_id is not None else ""
    return f"{case.number}-{event}{suffix}"


def queue(case: Case, event: str, event_id: int | None = None) -> CaseHandoff | None:
    """Queue the case's hand-off at `event` (portal.rules.handoffs.EVENTS; `event_id` the
    case event, where the case has several of the kind). Returns the new hand-off, or None
    when it was queued before."""
    key = handoff_key(case, event, event_id)
    # Stored as the administrator's page shows it, in the case's language.
    with force_locale("da"):
        recipient = _("Sagssystemet, %(municipality)s", municipality=case.municipality.name)
        subject = _("Sag %(number)s: %(event)s", number=case.number, event=_(EVENT_LABELS[event]))
    message_id = outbox.put(key, CHANNEL, KIND, recipient[:254], subject[:300], "", case_id=case.id)
    if message_id is None:
        return None
    handoff = CaseHandoff(
        case_id=case.id, event=event, key=key, status="waiting", created_at=now_utc()
    )
    db.session.add(handoff)
    db.session.flush()
    return handoff
