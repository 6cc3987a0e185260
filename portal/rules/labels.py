"""The name of every kind, category, type and status the portal knows, one list per concept.

Each list is owned by the rule module that defines the values (the schedule's activity kinds,
the budget's categories ...); this module only gathers them under a name, so that a form's
choices, a page, a Word document and an e-mail all call a value the same. The names are Danish
msgids (marked with N_); the Flask layer translates them (portal.ui's `label` filter,
portal.forms.base.choices).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from portal.rules import (
    accounts,
    attachments,
    budget,
    case_status,
    case_types,
    complaints,
    custody_consent,
    handoffs,
    hearings,
    lost_earnings,
    people,
    schedule,
    supervision,
    training,
    yearly,
)

__all__ = ["LABELS", "Concept", "label"]

Concept = str

LABELS: Mapping[Concept, Mapping[str, str]] = MappingProxyType(
    {
        "activity": schedule.KIND_LABELS,
        "ledger_kind": accounts.ENTRY_KIND_LABELS,
        "attachment": attachments.KIND_LABELS,
        "budget_category": budget.CATEGORY_LABELS,
        "case_type": case_types.CASE_TYPE_LABELS,
        "complaint": complaints.KIND_LABELS,
        "complaint_channel": complaints.CHANNEL_LABELS,
        "complaint_result": complaints.RESULT_LABELS,
        "consent_state": custody_consent.CONSENT_STATE_LABELS,
        "day": schedule.DAY_LABELS,
        "employment": lost_earnings.EMPLOYMENT_LABELS,
        "event": MappingProxyType(
            {**case_status.EVENT_LABELS, **supervision.EVENT_LABELS, **training.EVENT_LABELS}
        ),
        "handoff_event": handoffs.EVENT_LABELS,
        "handoff_status": handoffs.STATUS_LABELS,
        "hearing": hearings.KIND_LABELS,
        "login": custody_consent.LOGIN_LABELS,
        "outcome": MappingProxyType(
            {
                **case_status.OUTCOME_LABELS,
                **training.OUTCOME_LABELS,
                **accounts.OUTCOME_LABELS,
            }
        ),
        "training_change": training.CHANGE_KIND_LABELS,
        "training_state": training.STATE_LABELS,
        "staff_role": people.ROLE_LABELS,
        "status": case_status.STATUS_LABELS,
        "supervision_follow_up": supervision.FOLLOW_UP_LABELS,
        "supervision_participant": supervision.PARTICIPANT_LABELS,
        "supervision_recommendation": supervision.RECOMMENDATION_LABELS,
        "supervision_state": supervision.STATE_LABELS,
        "yearly_figure": yearly.KIND_LABELS,
    }
)


def label(concept: Concept, value: str) -> str:
    """The msgid naming `value`; a value the portal does not know (an old one) as it is."""
    return LABELS[concept].get(value, value)
