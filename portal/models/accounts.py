"""The accounts of a budget year as sent and as reviewed: each granted line with what the
family spent and what the municipality approved, the dated ledger with its receipts, and the
repayment claim the family is heard on before it is decided (seed 001 "Regnskab",
"Tilbagebetalingskrav", Bilag 12).

The lines and the ledger are written once, when the accounts are sent; the review adds the
approved amounts. Amounts are øre, exact on every database (as portal.models.case)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.attachment import Attachment
from portal.models.case import Case, from_ore
from portal.models.hearing import Hearing
from portal.models.types import UTCDateTime, utcnow


class AccountsLine(db.Model):
    """One granted budget line in the accounts: as the decision granted it, what the ledger
    sums to, and the amount the municipality approves with its reason."""

    __tablename__ = "accounts_line"
    __table_args__ = (
        UniqueConstraint("case_id", "position"),
        CheckConstraint("approved_ore IS NULL OR approved_ore >= 0", name="approved_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column()
    # The decision line it comes from: "<case number>:<line index>" (portal.services.accounts).
    line_key: Mapped[str] = mapped_column(String(40))
    # portal.rules.budget.CATEGORIES
    category: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    granted_ore: Mapped[int] = mapped_column(BigInteger)
    spent_ore: Mapped[int] = mapped_column(BigInteger)
    approved_ore: Mapped[int | None] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(Text)
    reviewed_by_name: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship()
    entries: Mapped[list[LedgerEntry]] = relationship(
        back_populates="line", order_by="LedgerEntry.position", passive_deletes=True
    )

    @property
    def granted(self) -> Decimal:
        return from_ore(self.granted_ore)

    @property
    def spent(self) -> Decimal:
        return from_ore(self.spent_ore)

    @property
    def approved(self) -> Decimal | None:
        return None if self.approved_ore is None else from_ore(self.approved_ore)


class LedgerEntry(db.Model):
    """One payment in the ledger: when, what, how much, and the receipt it is documented by
    (several entries may share one file, e.g. a bank statement)."""

    __tablename__ = "ledger_entry"
    __table_args__ = (CheckConstraint("amount_ore >= 0", name="amount_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    line_id: Mapped[int] = mapped_column(
        ForeignKey("accounts_line.id", ondelete="CASCADE"), index=True
    )
    # The entry's place in the family's ledger (0-based), in the order they wrote it.
    position: Mapped[int] = mapped_column()
    # portal.rules.accounts.ENTRY_KINDS
    kind: Mapped[str] = mapped_column(String(20))
    paid_on: Mapped[date] = mapped_column(Date)
    what: Mapped[str] = mapped_column(Text)
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"), index=True)

    line: Mapped[AccountsLine] = relationship(back_populates="entries")
    attachment: Mapped[Attachment | None] = relationship()

    @property
    def amount(self) -> Decimal:
        return from_ore(self.amount_ore)


class RepaymentClaim(db.Model):
    """The proposed repayment, as the caseworker put it to the family: the total of the lines'
    underspend when proposed. The decision comes after the hearing."""

    __tablename__ = "repayment_claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("case_file.id", ondelete="CASCADE"), unique=True
    )
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    proposed_by_name: Mapped[str] = mapped_column(String(200))
    # The hearing the claim is put to the family in (portal.services.hearings).
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearing.id"), unique=True)

    case: Mapped[Case] = relationship()
    hearing: Mapped[Hearing | None] = relationship()

    @property
    def amount(self) -> Decimal:
        return from_ore(self.amount_ore)
