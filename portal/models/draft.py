from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.municipality import Municipality
from portal.models.parent import Parent
from portal.models.types import SealedJSON, UTCDateTime, new_public_id, utcnow


class Draft(db.Model):
    """A request a parent is filling in. Each wizard step is kept in its own row, as typed,
    so that nothing a parent wrote is lost, even when it does not validate yet."""

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    parent_id: Mapped[int] = mapped_column(ForeignKey("parent.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    case_type: Mapped[str] = mapped_column(String(40))
    # "draft" while the parent works on it, "submitted" once it has become a case.
    status: Mapped[str] = mapped_column(String(20), default="draft")
    last_step: Mapped[str | None] = mapped_column(String(40))
    # The home-training case a request other than a new application belongs to; the child is
    # taken from it. (case_file refers to draft as well, hence the separately added key.)
    related_case_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_file.id", use_alter=True, ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The holders of custody of the child chosen from the CPR register (name, relation, CPR
    # number sealed at rest, address unless protected), so the letters reach them by CPR.
    register_holders: Mapped[list | None] = mapped_column(SealedJSON)

    municipality: Mapped[Municipality] = relationship()
    parent: Mapped[Parent] = relationship()
    steps: Mapped[list[DraftStep]] = relationship(
        back_populates="draft", cascade="all, delete-orphan", order_by="DraftStep.id"
    )

    def step(self, name: str) -> DraftStep | None:
        return next((s for s in self.steps if s.step == name), None)


class DraftStep(db.Model):
    """One step's answers as the parent typed them (form field name -> list of values), but
    the numbers the portal could read as plain decimals ("1500.5"), the same in every language
    (portal.forms.steps.stored_answers).

    `version` is checked on every save (portal.services.drafts.save_step, which writes it): a
    second browser tab that saves an older copy of the same step is told so instead of
    silently overwriting the newer answers.
    """

    __tablename__ = "draft_step"
    __table_args__ = (UniqueConstraint("draft_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(40))
    # The child's CPR number in it is sealed at rest (portal.crypto).
    data: Mapped[dict] = mapped_column(SealedJSON, default=dict)
    complete: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    draft: Mapped[Draft] = relationship(back_populates="steps")
