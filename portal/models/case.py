"""A case and everything that happens to it on its way to and after a decision: its history,
the questions to the family, the notices of delay, and the decision with its lines.

The questions and the notices of delay are kept for good, so the family and the
municipality can see what was asked, answered and promised, and when. The decision is one per
case, with its reasons and the complaint guidance every decision must carry (forvaltningsloven
§§ 24-25, seeds 000 and 003), the decision on each budget line, and the next supervision
visits."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from portal.crypto import cipher
from portal.extensions import db
from portal.models.municipality import Municipality, SettingsVersion, StaffUser
from portal.models.parent import Parent
from portal.models.types import (
    JSONDocument,
    SealedBytes,
    SealedJSON,
    SealedText,
    UTCDateTime,
    new_public_id,
    utcnow,
)
from portal.rules.settings import MunicipalitySettings


def _cpr_hash(context) -> str:
    # Rows inserted in bulk (without the validator below) get the hash of their number too.
    return cipher().digest(context.get_current_parameters()["child_cpr"])


class Case(db.Model):
    """A submitted request. `application` is the submitted answers, typed and frozen."""

    __tablename__ = "case_file"
    __table_args__ = (
        Index("ix_case_municipality_due", "municipality_id", "due_date"),
        Index("ix_case_municipality_status", "municipality_id", "status"),
        # The caseworker's list sorted by receipt or by case number reads a page straight
        # from these, however many cases the municipality has (portal.services.workspace).
        Index("ix_case_municipality_received", "municipality_id", "received_at"),
        Index("ix_case_municipality_number", "municipality_id", "number"),
        # "Mine" and a colleague's cases, by deadline.
        Index("ix_case_assigned_due", "assigned_to_id", "due_date"),
        # The caseworker's search for part of a name or case number, `lower(...) LIKE
        # '%...%'`, from trigram indexes (PostgreSQL's pg_trgm); SQLite reads every case.
        *(
            Index(
                f"ix_case_{column}_trigram",
                func.lower(text(column)).label(column),
                postgresql_using="gin",
                postgresql_ops={column: "gin_trgm_ops"},
            ).ddl_if(dialect="postgresql")
            for column in ("child_name", "number")
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    # The draft the family sent; none for a request made on a page of its own (the family's
    # notice that the training ends) or a case the municipality opens on its own motion.
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("draft.id"), unique=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    case_type: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(30), default="received")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the family can expect the decision: the municipality's handling time for the request
    # type, fixed at receipt. Not a statutory deadline: "Der er ikke en lovbestemt frist for,
    # hvornår kommunen skal have truffet afgørelse om hjemmetræning" (seed 000).
    due_date: Mapped[date] = mapped_column(Date)
    child_name: Mapped[str] = mapped_column(String(200))
    # Sealed at rest (portal.crypto); found by the keyed hash beside it, kept by `_hash_cpr`.
    child_cpr: Mapped[str] = mapped_column(SealedText)
    child_cpr_hash: Mapped[str] = mapped_column(String(64), index=True, default=_cpr_hash)
    child_birth_date: Mapped[date] = mapped_column(Date)
    application: Mapped[dict] = mapped_column(SealedJSON)
    # The holders of custody the letters go to, as known when the case was sent: name, CPR
    # number (sealed, portal.crypto) and address (none for a person with address protection),
    # from the parent's login and the CPR register (portal.services.custody_holders).
    custody_holders: Mapped[list | None] = mapped_column(SealedJSON)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A request about an existing home training (a new method, a budget, accounts ...) belongs
    # to the case that approved it; a new application has none.
    related_case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True)
    # The date the municipality has told the family in writing to expect a decision, when it
    # cannot keep the deadline (the latest notice of delay; Retssikkerhedsloven § 3).
    expected_date: Mapped[date | None] = mapped_column(Date)
    # The municipality's rules the case was received under, once the municipality has changed
    # them since; None while the case follows the current ones (see SettingsVersion).
    settings_version_id: Mapped[int | None] = mapped_column(ForeignKey("settings_version.id"))

    parent: Mapped[Parent] = relationship()
    municipality: Mapped[Municipality] = relationship()
    settings_version: Mapped[SettingsVersion | None] = relationship()
    assigned_to: Mapped[StaffUser | None] = relationship()
    related_case: Mapped[Case | None] = relationship(remote_side=[id])
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseEvent.id"
    )
    information_requests: Mapped[list[InformationRequest]] = relationship(
        back_populates="case", order_by="InformationRequest.id", passive_deletes=True
    )
    delay_notices: Mapped[list[DelayNotice]] = relationship(
        back_populates="case", order_by="DelayNotice.id", passive_deletes=True
    )
    # Every decision on the case, oldest first: a complaint may lead to a new decision (by the
    # municipality on reconsideration, or after Ankestyrelsen's answer), and the earlier ones
    # stay on file with their letters. `decision` is the one in force.
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="case", order_by="Decision.sequence", passive_deletes=True
    )
    decision: Mapped[Decision | None] = relationship(
        primaryjoin="and_(Case.id == Decision.case_id, Decision.superseded_at.is_(None))",
        viewonly=True,
        uselist=False,
    )

    @validates("child_cpr")
    def _hash_cpr(self, _key: str, value: str) -> str:
        self.child_cpr_hash = cipher().digest(value)
        return value

    @property
    def settings(self) -> MunicipalitySettings:
        """The rules the case follows: the municipality's rules when it received the case,
        with how the municipality works now (contact details, retention periods)."""
        if self.settings_version is None:
            return self.municipality.settings
        return self.municipality.settings_for_case(self.settings_version.settings_data)

    @property
    def expected_decision_date(self) -> date:
        """The date the decision is expected: the deadline, or the later date the municipality
        has given notice of."""
        return max(self.due_date, self.expected_date or self.due_date)


class CaseEvent(db.Model):
    """The case's history: who did what, when, and why."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(40))
    # "parent", "staff" or "system"; the name is kept as it was at the time.
    actor_kind: Mapped[str] = mapped_column(String(10))
    actor_name: Mapped[str] = mapped_column(String(200))
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="events")


class CaseNumberCounter(db.Model):
    """The last case number given out per year (HT-2026-000123)."""

    __tablename__ = "case_number_counter"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class InformationRequest(db.Model):
    """The caseworker's question to the family, and the family's answer."""

    __tablename__ = "information_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(Text)
    # When the caseworker would like the answer; the family may answer later.
    answer_by: Mapped[date | None] = mapped_column(Date)
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    # Names are kept as they were at the time.
    asked_by_name: Mapped[str] = mapped_column(String(200))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_name: Mapped[str | None] = mapped_column(String(200))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(back_populates="information_requests")

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class DelayNotice(db.Model):
    """The municipality's written notice that it cannot decide by the deadline: the new date
    the family can expect a decision, and why (Retssikkerhedsloven § 3, seed 000)."""

    __tablename__ = "delay_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    new_expected_date: Mapped[date] = mapped_column(Date)
    # The date the family had been given before this notice (the deadline or an earlier notice).
    previous_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    recorded_by_name: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="delay_notices")


def to_ore(amount: Decimal) -> int:
    """Kroner (Decimal, whole øre) as an integer number of øre: exact on every database."""
    return int(amount.scaleb(2).to_integral_exact())


def from_ore(ore: int) -> Decimal:
    return Decimal(ore).scaleb(-2)


class Decision(db.Model):
    __tablename__ = "decision"

    __table_args__ = (
        # One decision at a time: a second caseworker deciding at the same moment takes the
        # same number and is refused here.
        UniqueConstraint("case_id", "sequence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    # 1 for the first decision on the case, 2 for the one that replaced it after a complaint...
    sequence: Mapped[int] = mapped_column(default=1)
    # When a later decision replaced this one; None for the decision in force.
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # portal.rules.case_status.OUTCOMES: "approved", "partly_approved", "refused".
    outcome: Mapped[str] = mapped_column(String(20))
    # The decision and its reasons, as the family reads them.
    text: Mapped[str] = mapped_column(Text)
    complaint_guidance: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    decided_by_name: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The budget year and the cap the approved expenses were checked against, as they were on
    # the day (Bekendtgørelse § 6, stk. 2): the letter reads the same however often it is
    # made, also after the next year's cap is added. None when the request had no budget.
    budget_year: Mapped[int | None] = mapped_column()
    cap_ore: Mapped[int | None] = mapped_column(BigInteger)
    cap_year: Mapped[int | None] = mapped_column()
    # What other decisions had already granted the child's home training for the budget year
    # when this one was made, counted towards the same cap (portal.rules.cap).
    granted_before_ore: Mapped[int | None] = mapped_column(BigInteger)
    # The next supervision visits, which the decision must name (Bekendtgørelse § 4, stk. 1:
    # twice a year; seed 001: "Datoerne for kommende tilsynsbesøg vil fremgå af afgørelsen").
    next_supervision: Mapped[date | None] = mapped_column(Date)
    second_supervision: Mapped[date | None] = mapped_column(Date)
    # The decision letter (.docx) as it was made when the decision was recorded: the letter
    # the family received is the letter on file, whatever changes in the portal later.
    # Deferred: only a download reads it.
    # The letter prints the child's CPR number: sealed at rest (portal.crypto).
    letter: Mapped[bytes | None] = mapped_column(SealedBytes, deferred=True)
    letter_sha256: Mapped[str | None] = mapped_column(String(64))

    case: Mapped[Case] = relationship(back_populates="decisions")
    lines: Mapped[list[DecisionLine]] = relationship(
        back_populates="decision",
        cascade="all, delete-orphan",
        order_by="DecisionLine.line_index",
        passive_deletes=True,
    )
    lost_earnings: Mapped[list[LostEarningsGrant]] = relationship(
        back_populates="decision",
        cascade="all, delete-orphan",
        order_by="LostEarningsGrant.position",
        passive_deletes=True,
    )

    @property
    def cap(self) -> Decimal | None:
        return None if self.cap_ore is None else from_ore(self.cap_ore)

    @property
    def granted_before(self) -> Decimal | None:
        return None if self.granted_before_ore is None else from_ore(self.granted_before_ore)

    @property
    def requested_total(self) -> Decimal:
        return from_ore(sum(line.requested_ore for line in self.lines))

    @property
    def approved_total(self) -> Decimal:
        return from_ore(sum(line.approved_ore for line in self.lines))


class DecisionLine(db.Model):
    """The decision on one budget line: how much of what was asked is granted, and why not
    all of it ("begrundelse for alle bevilligede og ikke-bevilligede udgiftsposter", seed 001).
    The line's description and requested amount are kept as they were decided on."""

    __tablename__ = "decision_line"
    __table_args__ = (
        UniqueConstraint("decision_id", "line_index"),
        CheckConstraint(
            "approved_ore >= 0 AND approved_ore <= requested_ore", name="approved_within_request"
        ),
        CheckConstraint("NOT refused OR approved_ore = 0", name="refused_grants_nothing"),
        CheckConstraint(
            "approved_ore = requested_ore OR reason IS NOT NULL", name="reason_unless_in_full"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Found through the unique (decision_id, line_index), which needs no index of its own.
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id", ondelete="CASCADE"))
    # The line's place in the request's budget (0-based), as portal.rules.budget numbers it.
    line_index: Mapped[int] = mapped_column()
    # portal.rules.budget.CATEGORIES
    category: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    # Amounts in øre: exact on SQLite as on PostgreSQL.
    requested_ore: Mapped[int] = mapped_column(BigInteger)
    approved_ore: Mapped[int] = mapped_column(BigInteger)
    refused: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str | None] = mapped_column(Text)

    decision: Mapped[Decision] = relationship(back_populates="lines")

    @property
    def requested(self) -> Decimal:
        return from_ore(self.requested_ore)

    @property
    def approved(self) -> Decimal:
        return from_ore(self.approved_ore)

    @property
    def in_full(self) -> bool:
        return not self.refused and self.approved_ore >= self.requested_ore


class LostEarningsGrant(db.Model):
    """The decision on one parent's lost earnings (tabt arbejdsfortjeneste): the monthly gross
    amount and the weekly hours granted from a start date, or a refusal, with the reason.

    There is no end date: "Tabt arbejdsfortjeneste er en løbende ydelse, som ikke er
    tidsbegrænset ... Kommunen kan således ikke fastsætte en slutdato for bevillingen i
    afgørelsen, men de kan fastsætte en opfølgningsdato" (seed 003). A decision that lowers or
    stops a running grant names the day it takes effect, at least 14 weeks on (Serviceloven
    § 3 a). The calculation the family was shown is kept as it was, for the letter."""

    __tablename__ = "lost_earnings_grant"
    __table_args__ = (
        UniqueConstraint("decision_id", "position"),
        CheckConstraint("monthly_ore >= 0", name="monthly_not_negative"),
        CheckConstraint("NOT refused OR monthly_ore = 0", name="refused_grants_nothing"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id", ondelete="CASCADE"))
    # The parent's place in the request's list of parents (0-based).
    position: Mapped[int] = mapped_column()
    parent_name: Mapped[str] = mapped_column(String(200))
    # Hours a week as whole minutes, exact on every database (37,5 hours = 2250).
    requested_minutes: Mapped[int] = mapped_column()
    granted_minutes: Mapped[int] = mapped_column(default=0)
    monthly_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    refused: Mapped[bool] = mapped_column(default=False)
    start_date: Mapped[date | None] = mapped_column(Date)
    follow_up_date: Mapped[date | None] = mapped_column(Date)
    # A running grant this decision lowers or stops, and the day the change takes effect.
    previous_monthly_ore: Mapped[int | None] = mapped_column(BigInteger)
    takes_effect: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    # The guiding estimate as shown: [[text, amount in øre, sign, subtotal], ...].
    calculation: Mapped[list | None] = mapped_column(JSONDocument)

    decision: Mapped[Decision] = relationship(back_populates="lost_earnings")

    @property
    def monthly(self) -> Decimal:
        return from_ore(self.monthly_ore)

    @property
    def previous_monthly(self) -> Decimal | None:
        return None if self.previous_monthly_ore is None else from_ore(self.previous_monthly_ore)

    @property
    def granted_hours(self) -> Decimal:
        return Decimal(self.granted_minutes) / 60

    @property
    def requested_hours(self) -> Decimal:
        return Decimal(self.requested_minutes) / 60
