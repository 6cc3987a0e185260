"""Submitting a request: the draft becomes a case with a number and a deadline, exactly once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import defer, joinedload
from stdnum.dk import cpr

from portal.extensions import db
from portal.models import Case, CaseEvent, CustodyConsent, Draft, Municipality, Parent
from portal.notify import messages
from portal.rules.custody_consent import may_send, needs_consent
from portal.rules.deadlines import due_date
from portal.rules.i18n import N_
from portal.rules.labels import label
from portal.services import accounts, attachments, custody_consent, custody_holders
from portal.services.case_numbers import next_case_number
from portal.services.drafts import StoredDraft, own_draft
from portal.timeutil import local_date
from portal.wizard.steps import ATTACHMENTS, CHILD, FAMILY, Step

# The typed answers of a draft's every step, and the steps that are not complete
# (portal.forms.steps.application_document: the steps' forms and the rules decide).
TypedDocument = Callable[[StoredDraft], tuple[dict, list[Step]]]


class ConsentMissing(Exception):
    """A second holder of custody has not consented, and the applicant may not (yet) send
    without: the link is not sent or still waiting, or no statement was given."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


class Incomplete(Exception):
    def __init__(self, steps: list[Step]) -> None:
        super().__init__(", ".join(s.slug for s in steps))
        self.steps = steps


@cache
def _case_of_draft() -> Select:
    # The receipt names the municipality; the application, the largest column by far, is not
    # on it (read on access where a caller needs it). Built once, with a parameter.
    return (
        select(Case)
        .where(Case.draft_id == bindparam("draft_id"))
        .options(defer(Case.application), joinedload(Case.municipality))
    )


def existing_case(draft: StoredDraft) -> Case | None:
    """The case the draft became, or None."""
    return db.session.execute(_case_of_draft(), {"draft_id": draft.id}).scalar_one_or_none()


def submit(
    public_id: str,
    parent_id: int,
    *,
    now: datetime,
    typed: TypedDocument,
    statement: str | None = None,
    known_holders: list[dict] | None = None,
) -> Case:
    """Make the case from the parent's draft, with the answers as `typed` reads and checks
    them; Incomplete when a step is not complete. A second submit of the same draft (double
    click, resent POST) returns the case the first one made. Another parent's draft is as if
    it did not exist: LookupError, and nothing is changed.

    Call it at the start of a transaction: its first statement claims the draft, so a second
    submit at the same moment waits (PostgreSQL's row lock, SQLite's write lock) and then
    finds the draft already submitted.

    A family step naming a second adult with custody needs their consent, or, after a refusal
    or no answer in time, the applicant's `statement` why it is sent without: else
    ConsentMissing (portal.rules.custody_consent).

    `known_holders` (portal.services.custody_holders.for_submission) give the CPR numbers and
    addresses of the holders of custody named on "Familien", kept with the case for its
    letters."""
    claimed = db.session.execute(
        update(Draft)
        .where(Draft.public_id == public_id, Draft.parent_id == parent_id, Draft.status == "draft")
        .values(status="submitted", updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    draft = own_draft(parent_id, public_id)
    if draft is None:
        raise LookupError(f"parent {parent_id} has no draft {public_id}")
    if not claimed:
        case = existing_case(draft)
        if case is None:
            raise LookupError(f"draft {public_id} is neither open nor submitted")
        return case
    # The family and the municipality, whom the case's e-mails go to, in one round trip (the
    # case finds both in the session when the messages are queued).
    parent, _municipality = db.session.execute(
        select(Parent, Municipality)
        .join(Municipality, Municipality.id == draft.municipality_id)
        .where(Parent.id == parent_id)
    ).one()
    document, incomplete = typed(draft)
    if incomplete:
        raise Incomplete(incomplete)
    consent = _consent_given(draft, document, statement, now)

    related = draft.related_case
    if related is not None:
        # Requests about an approved home training do not ask for the child again.
        if related.parent_id != parent.id:
            raise LookupError(f"draft {public_id} belongs to another parent's case")
        child_name, child_cpr = related.child_name, related.child_cpr
    else:
        child = document[CHILD.slug]
        child_name, child_cpr = child["child_name"], child["child_cpr"]
    family = document.get("familien", {})
    # Attachments: the list of the draft's files (type, name, size, SHA-256) is part of the
    # application as submitted; the files themselves become the case's below.
    files = attachments.for_draft(draft)
    document[ATTACHMENTS.slug] = {"attachments": attachments.manifest(files)}
    received = local_date(now)
    case = Case(
        number=next_case_number(received.year),
        draft_id=draft.id,
        parent_id=parent.id,
        municipality_id=draft.municipality_id,
        case_type=draft.case_type,
        status="received",
        received_at=now,
        due_date=due_date(draft.case_type, received, settings=draft.settings),
        child_name=child_name,
        child_cpr=child_cpr,
        child_birth_date=cpr.get_birth_date(child_cpr),
        application=document,
        custody_holders=custody_holders.resolve(family.get("adults") or [], known_holders or [])
        if "familien" in document
        else None,
        updated_at=now,
        related_case_id=draft.related_case_id,
    )
    case.events.append(
        CaseEvent(
            at=now,
            kind="received",
            actor_kind="parent",
            actor_name=parent.name,
            to_status="received",
        )
    )
    # The other holder's answer came before the case was sent: first in the history.
    case.events[:0] = _consent_events(consent, parent, now)
    db.session.add(case)
    # The contact details the parent gave are where we write about the case.
    parent.email = family.get("email") or parent.email
    parent.phone = family.get("phone") or parent.phone
    db.session.flush()
    attachments.move_to_case(files, case)
    if case.case_type == "accounts":
        accounts.record_ledger(case, files)
    messages.case_received(case)
    return case


def _consent_given(
    draft: StoredDraft, document: dict, statement: str | None, now: datetime
) -> CustodyConsent | None:
    """The other holder's consent the case is sent with (None when none is needed); the
    applicant's statement is kept on it when it is sent without."""
    if not needs_consent(document.get(FAMILY.slug, {}).get("adults") or []):
        return None
    consent = custody_consent.for_draft(draft.id)
    state = custody_consent.state(consent, now, custody_consent.answers_fingerprint(draft))
    if not may_send(True, state, statement):
        raise ConsentMissing(state)
    if state != "consented":
        consent.statement = statement.strip()
    consent.state_when_sent = state
    return consent


def _consent_events(consent: CustodyConsent | None, parent: Parent, now: datetime) -> list:
    """The other holder's answer and a sending without their consent, in the case's history.
    How they logged in is the provider's name, never the CPR number."""
    if consent is None:
        return []
    events = []
    if consent.answer is not None:
        login = N_("Logget ind med %(login)s") % {
            "login": label("login", consent.answered_by_provider or "")
        }
        note = login if consent.answer == "consented" else f"{consent.reason}\n{login}"
        events.append(
            CaseEvent(
                at=consent.answered_at,
                kind=f"custody_{consent.answer}",
                actor_kind="parent",
                actor_name=consent.answered_by_name,
                note=note,
            )
        )
    if consent.state_when_sent != "consented":
        events.append(
            CaseEvent(
                at=now,
                kind="sent_without_consent",
                actor_kind="parent",
                actor_name=parent.name,
                note=consent.statement,
            )
        )
    return events
