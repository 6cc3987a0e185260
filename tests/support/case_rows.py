"""Many cases at once, inserted in bulk: for the caseworker's list (paging, filters, the
number of statements) and for bench/workspace_list.py. Each case has its own submitted draft,
a case number from the year's counter, the deadline of portal.rules and a "received" event,
as a case made by submission has; only the answers are a fixed document given by the caller.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import insert, update
from sqlalchemy.dialects import postgresql, sqlite

from portal.extensions import db
from portal.models import (
    Case,
    CaseEvent,
    CaseNumberCounter,
    Complaint,
    Draft,
    Municipality,
    Parent,
    SupervisionVisit,
)
from portal.models.types import new_public_id
from portal.rules.case_status import COMPLAINT_STATUSES, OPEN_STATUSES
from portal.rules.case_types import CASE_TYPES
from portal.rules.complaints import reconsider_by
from portal.rules.deadlines import due_date
from tests.support.factories import cpr_for
from tests.support.tracking import at_noon

FIRST_NAMES = (
    "Anders", "Maja", "Emil", "Ida", "Noah", "Freja", "Oskar", "Alma", "Lucas", "Clara",
    "Æsa", "Øjvind", "Åse", "Søren", "Bjørn", "Sofie", "Mathias", "Ellen", "Villads", "Karla",
)  # fmt: skip
LAST_NAMES = (
    "Hansen", "Jensen", "Nielsen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen", "Jørgensen", "Østergaard", "Ågesen", "Kjær", "Mølgaard",
)  # fmt: skip


@dataclass(frozen=True)
class CaseSpec:
    child_name: str
    received: date
    case_type: str = "new_application"
    status: str = "received"
    assigned_to_id: int | None = None
    expected_date: date | None = None
    birth: date = date(2017, 5, 4)


def reserve_numbers(year: int, count: int) -> list[str]:
    """`count` case numbers of `year` from the same counter submission uses."""
    table = CaseNumberCounter.__table__
    dialect = db.session.get_bind().dialect.name
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(upsert(table).values(year=year, last=0).on_conflict_do_nothing())
    last = db.session.execute(
        update(table)
        .where(table.c.year == year)
        .values(last=table.c.last + count)
        .returning(table.c.last)
    ).scalar_one()
    return [f"HT-{year}-{n:06d}" for n in range(last - count + 1, last + 1)]


def insert_cases(
    municipality: Municipality, specs: list[CaseSpec], *, document: dict | None = None
) -> list[int]:
    """The cases of `specs` in `municipality`, all from one parent; their ids in order."""
    if not specs:
        return []
    parent = Parent(subject=f"bulk:{new_public_id()}", name="Forælder Bulk")
    db.session.add(parent)
    db.session.flush()
    drafts = db.session.scalars(
        insert(Draft).returning(Draft.id, sort_by_parameter_order=True),
        [
            {
                "public_id": new_public_id(),
                "parent_id": parent.id,
                "municipality_id": municipality.id,
                "case_type": spec.case_type,
                "status": "submitted",
                "created_at": at_noon(spec.received),
                "updated_at": at_noon(spec.received),
            }
            for spec in specs
        ],
    ).all()
    numbers: dict[int, list[str]] = {}
    for year in sorted({spec.received.year for spec in specs}):
        wanted = sum(1 for spec in specs if spec.received.year == year)
        numbers[year] = reserve_numbers(year, wanted)
    settings = municipality.settings
    rows = []
    for n, (spec, draft_id) in enumerate(zip(specs, drafts, strict=True)):
        received = at_noon(spec.received)
        rows.append(
            {
                "public_id": new_public_id(),
                "number": numbers[spec.received.year].pop(0),
                "draft_id": draft_id,
                "parent_id": parent.id,
                "municipality_id": municipality.id,
                "case_type": spec.case_type,
                "status": spec.status,
                "received_at": received,
                "due_date": due_date(spec.case_type, spec.received, settings=settings),
                "child_name": spec.child_name,
                "child_cpr": cpr_for(spec.birth, serial=n % 1000),
                "child_birth_date": spec.birth,
                "application": document or {},
                "assigned_to_id": spec.assigned_to_id,
                "updated_at": received,
                "expected_date": spec.expected_date,
            }
        )
    ids = db.session.scalars(
        insert(Case).returning(Case.id, sort_by_parameter_order=True), rows
    ).all()
    db.session.execute(
        insert(CaseEvent),
        [
            {
                "case_id": case_id,
                "at": row["received_at"],
                "kind": "received",
                "actor_kind": "parent",
                "actor_name": parent.name,
                "to_status": "received",
            }
            for case_id, row in zip(ids, rows, strict=True)
        ],
    )
    complained = [
        (case_id, spec)
        for case_id, spec in zip(ids, specs, strict=True)
        if spec.status in COMPLAINT_STATUSES
    ]
    if complained:
        # The complaint behind each case in reconsideration or with Ankestyrelsen, received
        # four weeks after the case (the decision itself is not needed by the list).
        db.session.execute(
            insert(Complaint),
            [
                {
                    "public_id": new_public_id(),
                    "case_id": case_id,
                    "kind": "decision",
                    "channel": "portal",
                    "received_on": spec.received + timedelta(weeks=4),
                    "reasons": "Familien er uenig i afgørelsen.",
                    "recorded_by_kind": "parent",
                    "recorded_by_name": parent.name,
                    "recorded_at": at_noon(spec.received + timedelta(weeks=4)),
                    "late": False,
                    "reconsider_by": reconsider_by(spec.received + timedelta(weeks=4), settings),
                    "outcome": "forwarded" if spec.status == "forwarded" else None,
                }
                for case_id, spec in complained
            ],
        )
    db.session.commit()
    return ids


# How common each request type is in a municipality's list; a type not named here is rare.
_TYPE_WEIGHTS = {
    "new_application": 40,
    "supplement_method": 8,
    "switch_method": 6,
    "extra_equipment": 16,
    "annual_budget": 18,
    "accounts": 12,
}


def insert_visits(rng: random.Random, training_ids: list[int], *, today: date) -> int:
    """Two supervision visits a year for each decided training: the past ones held with the
    report sent, a few missed (no record) or with the report late, the next ones planned."""
    rows = []
    for case_id in training_ids:
        for offset in (-200, -20, 160):
            day = today + timedelta(days=offset + rng.randrange(-10, 10))
            held = day if day < today and rng.random() > 0.05 else None
            late_report = held is not None and rng.random() < 0.05
            rows.append(
                {
                    "public_id": new_public_id(),
                    "case_id": case_id,
                    "planned_on": day,
                    "extra": False,
                    "created_at": at_noon(today),
                    "held_on": held,
                    "report_due": held + timedelta(days=14) if held else None,
                    "report_sent_at": at_noon(held + timedelta(days=10))
                    if held and not late_report and held + timedelta(days=10) <= today
                    else None,
                }
            )
    if rows:
        db.session.execute(insert(SupervisionVisit), rows)
    return len(rows)


def realistic_specs(
    rng: random.Random, count: int, *, today: date, staff_ids: list[int]
) -> list[CaseSpec]:
    """`count` cases received over the last three years, as a municipality's list looks:
    old cases mostly decided, a few still open past their deadline; recent ones open, most
    with a caseworker; every request type, new applications the most common."""
    common = {
        "new_application": 40,
        "supplement_method": 8,
        "switch_method": 6,
        "extra_equipment": 16,
        "annual_budget": 18,
        "accounts": 12,
    }
    # Every other request type (renewed goals, the end or change of a training ...) is rarer.
    weights = [common.get(case_type, 2) for case_type in CASE_TYPES]
    specs = []
    for _n in range(count):
        received = today - timedelta(days=rng.randrange(0, 3 * 365))
        case_type = rng.choices(CASE_TYPES, weights)[0]
        age_days = (today - received).days
        if age_days > 150:
            status = rng.choices(
                ("decided", "withdrawn", "under_review", "information_requested"),
                (85, 5, 7, 3),
            )[0]
        else:
            status = rng.choices(
                ("received", "under_review", "information_requested", "decided", "withdrawn"),
                (20, 40, 15, 22, 3),
            )[0]
        if status == "decided" and rng.random() < 0.05:
            # One decided case in twenty is complained about; some are with Ankestyrelsen.
            status = "reconsideration" if rng.random() < 0.6 else "forwarded"
        caseworker = None if status == "received" else rng.choice(staff_ids)
        open_late = status in OPEN_STATUSES and age_days > 120
        specs.append(
            CaseSpec(
                child_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                received=received,
                case_type=case_type,
                status=status,
                assigned_to_id=caseworker,
                expected_date=today + timedelta(days=rng.randrange(10, 60))
                if open_late and rng.random() < 0.5
                else None,
                birth=received - relativedelta(years=rng.randrange(2, 15), days=rng.randrange(365)),
            )
        )
    return specs
