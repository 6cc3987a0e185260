"""The e-mails of a complaint: the municipality's inbox and the case's caseworker on a new
complaint, the family on its receipt, the forwarding to Ankestyrelsen, Ankestyrelsen's answer
and the answer to a complaint about the handling time. Like every e-mail they name the case
number only, never the child or what the complaint says."""

from __future__ import annotations

from portal.models import Case, CaseEvent, Complaint
from portal.notify.links import public_url
from portal.notify.messages import _for_inbox, _for_parent
from portal.notify.outbox import queue
from portal.rules.case_types import CASE_TYPE_LABELS


def _for_caseworker(case: Case, key: str, kind: str, **context) -> None:
    """The caseworker who has the case, besides the inbox: the complaint is theirs to
    reconsider or answer."""
    if case.assigned_to is None or case.assigned_to.email == case.municipality.inbox_email:
        return
    queue(
        key,
        kind,
        case.assigned_to.email,
        case=case,
        municipality=case.municipality.name,
        case_type=CASE_TYPE_LABELS[case.case_type],
        link=public_url("staff.case", public_id=case.public_id),
        **context,
    )


def _to_municipality(case: Case, event: CaseEvent, kind: str, **context) -> None:
    _for_inbox(case, f"case_event:{event.id}:inbox", kind, **context)
    _for_caseworker(case, f"case_event:{event.id}:caseworker", kind, **context)


def complaint_received(case: Case, complaint: Complaint, event: CaseEvent) -> None:
    _for_parent(case, f"case_event:{event.id}:parent", "complaint_received", complaint=complaint)
    _to_municipality(case, event, "complaint_received_inbox", complaint=complaint)


def complaint_recorded(case: Case, complaint: Complaint, event: CaseEvent) -> None:
    _for_parent(case, f"case_event:{event.id}:parent", "complaint_received", complaint=complaint)
    _for_caseworker(
        case, f"case_event:{event.id}:caseworker", "complaint_received_inbox", complaint=complaint
    )


def complaint_forwarded(case: Case, complaint: Complaint, event: CaseEvent) -> None:
    _for_parent(case, f"case_event:{event.id}:parent", "complaint_forwarded", complaint=complaint)


def ankestyrelsen_answered(case: Case, complaint: Complaint, event: CaseEvent) -> None:
    _for_parent(
        case, f"case_event:{event.id}:parent", "ankestyrelsen_answered", complaint=complaint
    )


def handling_time_complaint(case: Case, complaint: Complaint, event: CaseEvent) -> None:
    _for_parent(
        case, f"case_event:{event.id}:parent", "handling_time_complaint", complaint=complaint
    )
    _to_municipality(case, event, "handling_time_complaint_inbox", complaint=complaint)


def handling_time_answered(case: Case, complaint: Complaint, event: CaseEvent) -> None:
    _for_parent(
        case, f"case_event:{event.id}:parent", "handling_time_answered", complaint=complaint
    )
