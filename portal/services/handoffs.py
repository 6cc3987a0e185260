"""The case's hand-offs to the municipality's case system as the caseworker reads them on the
case page: delivered with the case system's receipt and case number, waiting, or failed with
the reason, tried again by the worker or given up (then on the administrator's page of
deliveries, portal.staff.deliveries, with the button that has it tried again)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, CaseHandoff, Notification


@dataclass(frozen=True)
class HandoffRow:
    handoff: CaseHandoff
    given_up: bool


def for_case(case: Case) -> list[HandoffRow]:
    rows = db.session.execute(
        select(CaseHandoff, Notification.failed_at)
        .outerjoin(Notification, Notification.key == CaseHandoff.key)
        .where(CaseHandoff.case_id == case.id)
        .order_by(CaseHandoff.created_at, CaseHandoff.id)
    ).all()
    return [
        HandoffRow(handoff, handoff.status != "delivered" and failed_at is not None)
        for handoff, failed_at in rows
    ]
