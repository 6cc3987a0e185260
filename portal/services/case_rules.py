"""The rules asked about a submitted request: as at the day the municipality received it.

Findings are judged as at the receipt, never again against today: a goal that was valid when
the family sent it stays valid however long the case waits (seed 000 item 8: goal
requirements felt "som et forsøg på, at trække sagens behandling unødig ud"). The caseworker's
page and the dossier read the request on a later day; what has passed since is a note.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from portal.models import Case
from portal.rules.changes import LINE_TYPES
from portal.services import accounts, figures
from portal.services.changes import granted_lines
from portal.services.grants import training_grants
from portal.timeutil import local_date
from portal.wizard.checks import Context
from portal.wizard.steps import ATTACHMENTS

__all__ = ["as_sent", "receipt_context"]


def receipt_context(case: Case, *, today: date) -> Context:
    """The rules' context for `case` read on `today`: judged as at its receipt (goals, their
    horizons, school age, the budget's year), with `today` for the notes of what has passed."""
    received = local_date(case.received_at)
    lines = None
    if case.case_type in LINE_TYPES and case.related_case is not None:
        # The lines the family chose among: granted for the year by the day it was received.
        lines = tuple(granted_lines(case.related_case, year=received.year, before=case.received_at))
    return Context(
        today=received,
        settings=case.settings,
        child_birth_date=case.child_birth_date,
        figures=figures.current(),
        seen_on=today,
        # The training the request asks for cannot start before the decision: its week is
        # judged as at the day the municipality expected to decide (school age).
        decision_expected=case.due_date,
        granted_lines=lines,
        # Accounts: the lines granted for the year, as kept when the accounts were sent.
        accounts_lines=tuple(accounts.granted_as_sent(case)),
    )


def as_sent(case: Case) -> Context:
    """The rules' context "Tjek dine svar" had when the family sent `case`: judged as at the
    day it was received, against what the training was granted by then, with the files sent
    as the receipts a ledger could name (for the family's receipt of what they sent)."""
    received = local_date(case.received_at)
    granted = None
    if case.related_case is not None:
        granted = tuple(
            grant
            for grant in training_grants(case.related_case, excluding=case)
            if grant.effective <= received
        )
    files = (case.application or {}).get(ATTACHMENTS.slug, {}).get("attachments") or []
    return replace(
        receipt_context(case, today=received),
        seen_on=None,
        granted=granted,
        receipts=tuple((f["id"], f["name"]) for f in files),
    )
