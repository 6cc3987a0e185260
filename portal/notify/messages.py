"""Which event sends what to whom. Called by portal.services.cases and submission inside the
transaction; each message's key names the event, so it is queued once.

The case system gets the case's package (portal.notify.handoffs) when the case arrives, at a
family's answer to a question or a hearing, and at each decision.

Parents get mail on receipt, on every change of status, on a question, on a notice of delay
and on the decision; the municipality's inbox on a new case, a parent's answer and a
withdrawal (issue: "e-mail to the municipality's inbox on a new case and on a parent's
answer").
"""

from __future__ import annotations

from portal.models import (
    Case,
    CaseEvent,
    CustodyConsent,
    DelayNotice,
    Hearing,
    InformationRequest,
    StaffInvitation,
)
from portal.notify import handoffs
from portal.notify.links import public_url
from portal.notify.outbox import queue
from portal.rules.case_status import STATUS_EXPLANATIONS, STATUS_LABELS
from portal.rules.case_types import CASE_TYPE_LABELS
from portal.rules.contact import MunicipalityContact


def _for_parent(case: Case, key: str, kind: str, **context) -> None:
    context.setdefault("link", public_url("home.case", public_id=case.public_id))
    queue(
        key,
        kind,
        case.parent.email,
        language=case.parent.language,
        case=case,
        parent=case.parent,
        municipality=case.municipality.name,
        case_type=CASE_TYPE_LABELS[case.case_type],
        **context,
    )


def _for_inbox(case: Case, key: str, kind: str, **context) -> None:
    queue(
        key,
        kind,
        case.municipality.inbox_email,
        case=case,
        municipality=case.municipality.name,
        case_type=CASE_TYPE_LABELS[case.case_type],
        link=public_url("staff.case", public_id=case.public_id),
        **context,
    )


def case_received(case: Case) -> None:
    # The family's copy of what they sent (portal.receipts), a download after login.
    receipt = public_url("apply.receipt_pdf", case_id=case.public_id) if case.draft_id else None
    _for_parent(case, f"case:{case.id}:received", "case_received", receipt_link=receipt)
    _for_inbox(case, f"case:{case.id}:new_case", "new_case")
    handoffs.queue(case, "received")


def status_changed(case: Case, event: CaseEvent) -> None:
    _for_parent(
        case,
        f"case_event:{event.id}:parent",
        "status_changed",
        status=STATUS_LABELS[case.status],
        explanation=STATUS_EXPLANATIONS[case.status],
        caseworker=event.actor_name if event.kind == "taken" else None,
    )


def information_requested(case: Case, request: InformationRequest, event: CaseEvent) -> None:
    _for_parent(case, f"case_event:{event.id}:parent", "information_requested", request=request)


def information_answered(case: Case, request: InformationRequest, event: CaseEvent) -> None:
    _for_parent(case, f"case_event:{event.id}:parent", "answer_received", request=request)
    _for_inbox(case, f"case_event:{event.id}:inbox", "answer_received_inbox", request=request)
    handoffs.queue(case, "answered", event.id)


def delay_notice(case: Case, notice: DelayNotice, event: CaseEvent) -> None:
    _for_parent(case, f"case_event:{event.id}:parent", "delay_notice", notice=notice)


def decided(case: Case, event: CaseEvent) -> None:
    _for_parent(case, f"case_event:{event.id}:parent", "decided")
    handoffs.queue(case, "decided", event.id)


def training_change_opened(case: Case) -> None:
    """The municipality has opened a case of its own on the family's training (to adjust,
    reduce or stop it); what it proposes is read after logging in."""
    _for_parent(case, f"case:{case.id}:opened", "training_change_opened")


def hearing_sent(hearing: Hearing, event: CaseEvent) -> None:
    case = hearing.case
    _for_parent(
        case,
        f"case_event:{event.id}:parent",
        "hearing_sent",
        hearing=hearing,
        link=public_url("home.hearing", public_id=case.public_id, hearing_id=hearing.public_id),
    )


def hearing_answered(hearing: Hearing, event: CaseEvent) -> None:
    _for_inbox(hearing.case, f"case_event:{event.id}:inbox", "hearing_answered", hearing=hearing)
    handoffs.queue(hearing.case, "hearing_answered", event.id)


def withdrawn(case: Case, event: CaseEvent) -> None:
    _for_parent(case, f"case_event:{event.id}:parent", "withdrawn")
    _for_inbox(case, f"case_event:{event.id}:inbox", "withdrawn_inbox")


def custody_consent_requested(
    consent: CustodyConsent, token: str, *, municipality: str, contact: MunicipalityContact
) -> None:
    """The link to the other holder of custody. It names neither the child nor the application:
    they read it after logging in with their own login."""
    queue(
        f"custody_consent:{consent.id}:{consent.sent_at.isoformat()}",
        "custody_consent",
        consent.email,
        municipality=municipality,
        contact=contact,
        expires=consent.expires_at,
        link=public_url("apply.custody_consent", token=token),
    )


def custody_consent_answered(
    consent: CustodyConsent,
    recipient: str | None,
    *,
    municipality: str,
    contact: MunicipalityContact,
    draft_public_id: str,
) -> None:
    """The applicant is told that the other holder has answered (not what the application
    says): the answer and its reason are on the check page after logging in."""
    queue(
        f"custody_consent:{consent.id}:answered:{consent.answered_at.isoformat()}",
        "custody_consent_answered",
        recipient,
        municipality=municipality,
        contact=contact,
        consented=consent.answer == "consented",
        link=public_url("apply.check", draft_id=draft_public_id),
    )


def staff_invited(invitation: StaffInvitation, token: str) -> None:
    """The invitation to a new staff account, with its single-use link (only the token's
    hash is kept: the link is in this e-mail alone)."""
    staff = invitation.staff
    queue(
        f"staff_invitation:{invitation.id}",
        "staff_invited",
        staff.email,
        name=staff.name,
        email=staff.email,
        municipality=staff.municipality.name,
        invited_by=invitation.invited_by,
        link=public_url("auth.staff_invitation", token=token),
        expires=invitation.expires_at,
    )
