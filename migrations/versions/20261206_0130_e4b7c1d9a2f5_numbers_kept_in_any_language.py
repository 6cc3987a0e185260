"""numbers in drafts kept the same in any language

A draft used to keep each number as the parent typed it, the Danish way ("1.500,50"); an
English page reads that text otherwise (1,500.50). The numbers the portal can read are now
kept as plain decimals ("1500.5"), which both languages read as the same number
(portal.forms.steps.stored_answers). This rewrites the drafts saved before, reading their
numbers the Danish way as the portal did when they were typed, and keeps a custody holder's
consent to a draft whose answers are the same numbers.

Downgrade: nothing to undo. The Danish reading of the numbers before this revision reads a
plain decimal with at most two decimals as the same number ("1500.5" is 1500.5), so the
rewritten drafts mean to older code what they meant before.

Revision ID: e4b7c1d9a2f5
Revises: d1a4e6b8c2f3
Create Date: 2026-12-06 01:30:00.000000+00:00

"""

import hashlib
import json
import re
from decimal import Decimal, InvalidOperation

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB


# revision identifiers, used by Alembic.
revision = "e4b7c1d9a2f5"
down_revision = "d1a4e6b8c2f3"
branch_labels = None
depends_on = None

_DOCUMENT = sa.JSON().with_variant(JSONB(), "postgresql")
_STEPS = sa.table(
    "draft_step",
    sa.column("id", sa.Integer),
    sa.column("draft_id", sa.Integer),
    sa.column("step", sa.String),
    sa.column("data", _DOCUMENT),
)
_CONSENTS = sa.table(
    "custody_consent",
    sa.column("id", sa.Integer),
    sa.column("draft_id", sa.Integer),
    sa.column("answers_hash", sa.String),
)

# The number questions of each step at this revision (portal.forms: NumberField and its
# kinds), as "list-N-name" for a question of a repeated list, with the decimals each keeps.
_WHOLE, _TWO = 0, 2
_NUMBERS = {
    "familien": {"adults-weekly_hours": _TWO, "siblings-age": _WHOLE},
    "budget": {
        "year": _WHOLE,
        "training_weeks": _WHOLE,
        "lines-quantity": _TWO,
        "lines-hours_per_week": _TWO,
        "lines-amount": _TWO,
    },
    "tabt-arbejdsfortjeneste": {
        **{
            f"parents-{name}": _TWO
            for name in (
                "monthly_income",
                "weekly_hours",
                "requested_hours",
                "employer_pension",
                "lost_benefits",
                "saved_transport",
                "saved_childcare",
                "tax_rate",
                "tax_deduction",
            )
        },
        "home_schooling_hours": _TWO,
    },
    "udstyr": {
        "year": _WHOLE,
        "lines-quantity": _TWO,
        "lines-hours_per_week": _TWO,
        "lines-amount": _TWO,
    },
    "regnskab": {"entries-amount": _TWO},
    "hjaelpetraener": {"hours": _TWO},
    "flyt-penge": {"moves-amount": _TWO},
}
_ENTRY = re.compile(r"^([a-z_]+)-\d+-([a-z_]+)$")


def _danish(text: str) -> Decimal:
    """The portal's Danish reading before this revision (portal.forms.fields), frozen here."""
    cleaned = re.sub(r"(?i)\s|kr\.?|dkk", "", text)
    if not re.fullmatch(r"[-+]?[\d.,]+", cleaned) or not re.search(r"\d", cleaned):
        raise ValueError(text)
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".", 1)
        if "," in cleaned:
            raise ValueError(text)
    elif re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    value = Decimal(cleaned)
    if not value.is_finite():
        raise ValueError(text)
    return value


def _plain(text: str, places: int) -> str:
    """`text` as a plain decimal, or as it was when it was not a number the field took."""
    try:
        value = _danish(text)
        kept = value.quantize(Decimal(1).scaleb(-places))
    except (ValueError, InvalidOperation, ArithmeticError):
        return text
    if kept != value:
        return text
    plain = f"{kept:f}"
    return plain.rstrip("0").rstrip(".") if "." in plain else plain


def _rewritten(step: str, data: dict) -> dict:
    numbers = _NUMBERS.get(step, {})
    result = {}
    for key, values in data.items():
        entry = _ENTRY.match(key)
        places = numbers.get(f"{entry.group(1)}-{entry.group(2)}" if entry else key)
        if places is None or not isinstance(values, list):
            result[key] = values
        else:
            result[key] = [_plain(v, places) if isinstance(v, str) else v for v in values]
    return result


def _fingerprint(steps: dict) -> str:
    # portal.services.custody_consent.answers_fingerprint at this revision.
    return hashlib.sha256(json.dumps(steps, sort_keys=True).encode()).hexdigest()


def upgrade():
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_STEPS.c.id, _STEPS.c.draft_id, _STEPS.c.step, _STEPS.c.data)
    ).all()
    before: dict[int, dict] = {}
    after: dict[int, dict] = {}
    for row in rows:
        data = row.data if isinstance(row.data, dict) else json.loads(row.data or "{}")
        new = _rewritten(row.step, data)
        before.setdefault(row.draft_id, {})[row.step] = data
        after.setdefault(row.draft_id, {})[row.step] = new
        if new != data:
            connection.execute(sa.update(_STEPS).where(_STEPS.c.id == row.id).values(data=new))
    # A consent given to the answers as they were is a consent to the same numbers.
    for consent in connection.execute(
        sa.select(_CONSENTS.c.id, _CONSENTS.c.draft_id, _CONSENTS.c.answers_hash)
    ).all():
        old = before.get(consent.draft_id)
        if old is None or consent.answers_hash != _fingerprint(old):
            continue
        connection.execute(
            sa.update(_CONSENTS)
            .where(_CONSENTS.c.id == consent.id)
            .values(answers_hash=_fingerprint(after[consent.draft_id]))
        )


def downgrade():
    # See the module's docstring: older code reads the plain decimals as the same numbers.
    pass
