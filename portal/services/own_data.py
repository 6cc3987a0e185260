"""Everything the portal holds about a parent, for their own copy (databeskyttelsesforordningen
art. 15, stk. 3): their record, their drafts with the answers, every case they sent with all
that belongs to it, the e-mails and letters sent to them, the consents, and who at the
municipality looked at their cases (art. 15, stk. 1, litra c: the recipients).

The rows are read table by table for all the parent's cases at once (one statement per table
whatever the size of the family), and written out column by column, so that a column added to
a model later is in the copy without anyone remembering it here. What is left out is listed in
`_LEFT_OUT`, each with its reason.

Only the parent's own: the cases they sent (`Case.parent_id`), their drafts, and, where they
were the other holder of custody asked to consent to someone else's draft, their own answer
and nothing of that draft's application (it is the applicant's; the municipality gives the
other holder access to the case itself). A letter or message is theirs when it was addressed
to them; the letters to the other holder of custody stay out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, inspect, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.models import (
    AccessLog,
    AccountsLine,
    Attachment,
    CalendarFeed,
    Case,
    CaseEvent,
    Complaint,
    CustodyConsent,
    Decision,
    DelayNotice,
    Draft,
    DraftStep,
    Hearing,
    InformationRequest,
    LedgerEntry,
    LetterDelivery,
    LoginSession,
    Notification,
    Parent,
    RepaymentClaim,
    SupervisionPlan,
    SupervisionVisit,
    TrainingChange,
)
from portal.rules.formatting import mask_cpr_numbers

# Columns that are not the parent's data, or whose content is in the copy in another form.
_LEFT_OUT = frozenset(
    {
        # The rows' own numbering and their links to each other: the copy nests instead.
        "id",
        # Keyed hashes and secrets: they identify nothing to the reader and a hash of a link
        # or a CPR number is of use only to someone trying to reverse it (the parent's own
        # `subject` is such a hash too, left out in `collect`).
        "child_cpr_hash",
        "cpr_hash",
        "token_hash",
        "id_hash",
        "answers_hash",
        # Where a file is kept in the municipality's storage: the file itself is in the ZIP.
        "storage_key",
        # The Word documents: in the ZIP as files.
        "letter",
        "document",
        # The outbox's machinery (what the worker needs to send), not what was sent.
        "key",
        "payload",
        "claimed_at",
        "next_attempt_at",
        # A login session's working data (it holds the CPR number the login proved while the
        # session lasts); when the parent logged in is kept.
        "data",
    }
)


# The parent's record less `subject`, the keyed hash of their CPR number their logins are
# matched by.
_PARENT_COLUMNS = ("name", "email", "phone", "language", "created_at", "last_login_at")


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_value(item) for item in value]
    return value


def row(obj: Any, *, only: Iterable[str] | None = None) -> dict[str, Any]:
    """The row's columns as JSON values, less what `_LEFT_OUT` names and the links to other
    rows (columns ending in "_id"); `only` for a row of which the parent owns a part."""
    columns = [attr.key for attr in inspect(obj).mapper.column_attrs]
    wanted = set(only) if only is not None else None
    return {
        key: _value(getattr(obj, key))
        for key in columns
        if (wanted is None or key in wanted)
        and key not in _LEFT_OUT
        and (key == "public_id" or not key.endswith("_id"))
    }


@dataclass
class CaseData:
    case: Case
    json: dict[str, Any]
    attachments: list[Attachment]
    # The letters addressed to the parent, as sent (Word).
    letters: list[LetterDelivery]
    # Who at the municipality opened, downloaded or changed the case, oldest first.
    access_log: list[AccessLog] = field(default_factory=list)


@dataclass
class OwnData:
    parent: Parent
    json: dict[str, Any]
    cases: list[CaseData] = field(default_factory=list)
    # The files of drafts not sent yet, by draft public id.
    draft_files: dict[str, list[Attachment]] = field(default_factory=dict)
    drafts: list[Draft] = field(default_factory=list)
    # The e-mails sent to the parent.
    messages: list[Notification] = field(default_factory=list)


# The parts of a case copied whole, one list each, by their name in the copy.
_SECTIONS = {
    "history": CaseEvent,
    "information_requests": InformationRequest,
    "delay_notices": DelayNotice,
    "hearings": Hearing,
    "complaints": Complaint,
    "accounts": AccountsLine,
    "ledger": LedgerEntry,
    "repayment_claims": RepaymentClaim,
    "training_changes": TrainingChange,
}
# What of a consent the parent gave to another parent's draft is theirs: their answer.
CONSENT_GIVEN = (
    "sent_at",
    "expires_at",
    "answer",
    "answered_at",
    "reason",
    "answered_by_name",
    "answered_by_provider",
)


def _by(rows: Iterable[Any], key: str) -> dict[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for item in rows:
        grouped[getattr(item, key)].append(item)
    return grouped


def _all(model, *where, order=None) -> list[Any]:
    return list(db.session.scalars(select(model).where(*where).order_by(order or model.id)))


def collect(parent: Parent, *, addressed_to_parent: Callable[[str], bool]) -> OwnData:
    """What the portal holds about `parent`. `addressed_to_parent(cpr_number)` tells whether a
    letter's recipient is the parent (their CPR number is kept only as the login's keyed
    hash, portal.identity); a letter without a CPR number is theirs when it names them."""
    cases = list(
        db.session.scalars(
            select(Case)
            .where(Case.parent_id == parent.id)
            .order_by(Case.received_at, Case.id)
            # What every case's part of the copy reads, in a few statements for all of them.
            .options(
                joinedload(Case.municipality),
                selectinload(Case.decisions).selectinload(Decision.lines),
                selectinload(Case.decisions).selectinload(Decision.lost_earnings),
            )
        )
    )
    case_ids = [case.id for case in cases]
    drafts = _all(Draft, Draft.parent_id == parent.id, order=Draft.created_at)
    draft_ids = [draft.id for draft in drafts]
    steps = _by(_all(DraftStep, DraftStep.draft_id.in_(draft_ids)), "draft_id")
    consents = {c.draft_id: c for c in _all(CustodyConsent, CustodyConsent.draft_id.in_(draft_ids))}
    files = _all(
        Attachment,
        or_(Attachment.case_id.in_(case_ids), Attachment.draft_id.in_(draft_ids)),
        order=Attachment.created_at,
    )
    case_files = _by((f for f in files if f.case_id is not None), "case_id")
    draft_files = _by((f for f in files if f.case_id is None), "draft_id")

    def of_cases(model, column=None) -> dict[int, list[Any]]:
        column = column if column is not None else model.case_id
        return _by(_all(model, column.in_(case_ids)), column.key)

    sections = {name: of_cases(model) for name, model in _SECTIONS.items()}
    visits = of_cases(SupervisionVisit)
    looked = of_cases(AccessLog)
    plans = _by(
        _all(
            SupervisionPlan,
            SupervisionPlan.visit_id.in_(
                [visit.id for listed in visits.values() for visit in listed]
            ),
        ),
        "visit_id",
    )
    letters = of_cases(LetterDelivery)

    case_data = []
    for case in cases:
        own_letters = [
            letter
            for letter in letters[case.id]
            if (
                addressed_to_parent(letter.recipient_cpr)
                if letter.recipient_cpr
                else letter.recipient_name == parent.name
            )
        ]
        case_json = row(case)
        case_json.update(
            municipality=case.municipality.name,
            **{name: [row(item) for item in sections[name][case.id]] for name in _SECTIONS},
            decisions=[
                {
                    **row(decision),
                    "lines": [row(line) for line in decision.lines],
                    "lost_earnings": [row(grant) for grant in decision.lost_earnings],
                }
                for decision in case.decisions
            ],
            supervision=[
                {**row(visit), "plans": [row(plan) for plan in plans[visit.id]]}
                for visit in visits[case.id]
            ],
            files=[row(item) for item in case_files[case.id]],
            letters=[_letter(letter) for letter in own_letters],
            # Who at the municipality looked at or changed the case, and when (art. 15,
            # stk. 1, litra c).
            access_log=[
                row(entry, only=("staff_name", "action", "detail", "at"))
                for entry in looked[case.id]
            ],
        )
        case_data.append(
            CaseData(case, case_json, case_files[case.id], own_letters, looked[case.id])
        )

    messages = _all(
        Notification,
        func.lower(Notification.recipient) == (parent.email or "").lower(),
        or_(Notification.case_id.is_(None), Notification.case_id.in_(case_ids)),
        order=Notification.created_at,
    )
    # Consents the parent gave or refused to another parent's draft, as the other holder of
    # custody: their own answer only.
    given = _all(CustodyConsent, CustodyConsent.answered_by_id == parent.id)
    given = [consent for consent in given if consent.draft_id not in consents]
    document = {
        "parent": {
            **row(parent, only=_PARENT_COLUMNS),
            # Decided (issue 18, 6): the portal keeps no CPR number of a parent, only the keyed
            # hash their logins are matched by; the copy says so rather than hand out a hash.
            "cpr_number": None,
        },
        "drafts": [
            {
                **row(draft),
                "answers": {step.step: _value(step.data) for step in steps[draft.id]},
                "custody_consent": row(consents[draft.id]) if draft.id in consents else None,
                "files": [row(item) for item in draft_files[draft.id]],
            }
            for draft in drafts
        ],
        "cases": [data.json for data in case_data],
        "messages": [row(message) for message in messages],
        "consents_given": [row(consent, only=CONSENT_GIVEN) for consent in given],
        "calendar_links": [
            row(feed) for feed in _all(CalendarFeed, CalendarFeed.parent_id == parent.id)
        ],
        "logins": [
            row(session)
            for session in _all(
                LoginSession,
                LoginSession.user_kind == "parent",
                LoginSession.user_id == parent.id,
                order=LoginSession.created_at,
            )
        ],
    }
    unsent = {d.public_id: draft_files[d.id] for d in drafts if d.id in draft_files}
    return OwnData(parent, document, case_data, unsent, drafts, messages)


def _letter(letter: LetterDelivery) -> dict[str, Any]:
    data = row(letter)
    # The parent's own CPR number, by which Digital Post addressed the letter: masked as a
    # file that is saved and passed on should carry it (the parent knows their number; the
    # portal keeps it only to address the letter).
    data["recipient_cpr"] = mask_cpr_numbers(letter.recipient_cpr or "") or None
    return data


def record_copy(data: OwnData, *, now: datetime) -> None:
    """The copy was taken: in each case's history, which the family and the caseworker read
    (one statement for all the cases)."""
    if not data.cases:
        return
    db.session.execute(
        insert(CaseEvent),
        [
            {
                "case_id": item.case.id,
                "at": now,
                "kind": "own_data_copy",
                "actor_kind": "parent",
                "actor_name": data.parent.name,
            }
            for item in data.cases
        ],
    )
