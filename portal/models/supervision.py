"""Supervision (tilsyn) of an approved home training: the visits, the family's plan before
each, and the caseworker's record and report after it (Bekendtgørelse § 4; seed 001 »Tilsyn«,
Bilag 13 and 14).

A visit belongs to the training (the approved application, the case later requests relate
to). Its planned day comes from the approving decision that named it, or from the caseworker
(an extra visit, § 4, stk. 6, or a visit moved with a reason the family reads). What was
recorded is kept as it was written: names and days at the time.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, Date, ForeignKey, Index, String, Text, and_, or_, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.case import Case, Decision
from portal.models.hearing import Hearing
from portal.models.types import JSONDocument, UTCDateTime, new_public_id, utcnow

# The visits that can be late (SupervisionVisit.late), a few among the years of visits held
# and reported: the staff list asks for them on every page (portal.services.workspace).
_UNHELD = "replaced_at IS NULL AND held_on IS NULL"
_UNREPORTED = "replaced_at IS NULL AND held_on IS NOT NULL AND report_sent_at IS NULL"


class SupervisionVisit(db.Model):
    __tablename__ = "supervision_visit"
    __table_args__ = (
        Index(
            "ix_visit_unheld_planned",
            "planned_on",
            postgresql_where=text(_UNHELD),
            sqlite_where=text(_UNHELD),
        ),
        Index(
            "ix_visit_unreported_due",
            "report_due",
            postgresql_where=text(_UNREPORTED),
            sqlite_where=text(_UNREPORTED),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    # The approving decision that named the visit; None for a visit the caseworker added.
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"), index=True)
    planned_on: Mapped[date] = mapped_column(Date)
    # Bekendtgørelse § 4, stk. 6: a visit beyond the two a year.
    extra: Mapped[bool] = mapped_column(default=False)
    # The day the visit was planned for before the caseworker moved it, and why.
    moved_from: Mapped[date | None] = mapped_column(Date)
    moved_reason: Mapped[str | None] = mapped_column(Text)
    # A later approving decision names new dates: a planned visit not yet held gives way.
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # The visit as held.
    held_on: Mapped[date | None] = mapped_column(Date)
    # portal.rules.supervision.PARTICIPANTS
    participants: Mapped[list | None] = mapped_column(JSONDocument)
    participants_note: Mapped[str | None] = mapped_column(Text)
    child_heard: Mapped[bool | None] = mapped_column()
    child_heard_how: Mapped[str | None] = mapped_column(Text)
    # The report (Bilag 14): portal.rules.supervision.REPORT_SECTIONS -> text.
    report: Mapped[dict | None] = mapped_column(JSONDocument)
    # portal.rules.supervision.RECOMMENDATIONS, and why (§ 4, stk. 4: "begrundet indstilling").
    recommendation: Mapped[str | None] = mapped_column(String(20))
    recommendation_reason: Mapped[str | None] = mapped_column(Text)
    # Fixed when the visit is recorded, with the municipality's period of the day.
    report_due: Mapped[date | None] = mapped_column(Date, index=True)
    recorded_by_name: Mapped[str | None] = mapped_column(String(200))
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    report_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    report_sent_by_name: Mapped[str | None] = mapped_column(String(200))
    # The report's hearing (Bekendtgørelse § 4, stk. 4: "Rapporten sendes i høring").
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearing.id"))
    # After the hearing (§ 4, stk. 5): continue, adjust or stop, and what.
    follow_up: Mapped[str | None] = mapped_column(String(20))
    follow_up_note: Mapped[str | None] = mapped_column(Text)
    follow_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_up_by_name: Mapped[str | None] = mapped_column(String(200))

    case: Mapped[Case] = relationship()
    decision: Mapped[Decision | None] = relationship()
    plan: Mapped[SupervisionPlan | None] = relationship(back_populates="visit")
    hearing: Mapped[Hearing | None] = relationship()

    @classmethod
    def late(cls, today: date) -> ColumnElement[bool]:
        """A visit late for the caseworker, as SQL: past its day without a record, or held
        with the report past its due day. The workspace and the reminders ask the same."""
        return and_(
            cls.replaced_at.is_(None),
            or_(
                and_(cls.held_on.is_(None), cls.planned_on < today),
                and_(
                    cls.held_on.is_not(None),
                    cls.report_sent_at.is_(None),
                    cls.report_due < today,
                ),
            ),
        )

    @property
    def is_held(self) -> bool:
        return self.held_on is not None

    @property
    def report_sent(self) -> bool:
        return self.report_sent_at is not None


class SupervisionPlan(db.Model):
    """The family's time-and-phase plan for supervision (Bilag 13), saved as they write it
    and sent once ("fremsendes til rådgiver senest 14 dage inden tilsynsbesøget")."""

    __tablename__ = "supervision_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    visit_id: Mapped[int] = mapped_column(ForeignKey("supervision_visit.id"), unique=True)
    # One dict per goal: portal.rules.supervision.PLAN_GOAL_FIELDS, and "continue" ("ja"/"nej").
    goals: Mapped[list] = mapped_column(JSONDocument, default=list)
    # portal.rules.supervision.PLAN_SECTIONS -> text.
    sections: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_by_name: Mapped[str | None] = mapped_column(String(200))

    visit: Mapped[SupervisionVisit] = relationship(back_populates="plan")

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None
