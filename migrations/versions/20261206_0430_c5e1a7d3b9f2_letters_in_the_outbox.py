"""letters delivered through the outbox; the custody holders' CPR numbers sealed

Digital Post letters are delivered by the worker as outbox messages on the channel
"digital_post" (portal.services.letters), as e-mail is: each letter waiting in letter_delivery
gets its outbox message, and a letter that had failed becomes a given-up message the
administrator can send again. The holder's CPR number on a letter is sealed at rest like the
child's (portal.crypto, with the environment's CPR_KEYS), and the letter keeps the address a
letter on paper goes to. Drafts remember the holders of custody of a child chosen from the CPR
register (draft.register_holders) and cases keep the holders their letters go to
(case_file.custody_holders), their CPR numbers sealed.

Downgrade: removes the letters' outbox messages (a waiting letter stays "pending" in
letter_delivery, where the earlier `flask digital-post send` finds it), opens the CPR numbers
again and drops the new columns.

Revision ID: c5e1a7d3b9f2
Revises: c4f1a8e2d6b7
Create Date: 2026-12-06 04:30:00.000000+00:00

"""

from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from portal.crypto import cipher


# revision identifiers, used by Alembic.
revision = "c5e1a7d3b9f2"
down_revision = "c4f1a8e2d6b7"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_LETTERS = sa.table(
    "letter_delivery",
    sa.column("id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("title", sa.String),
    sa.column("recipient_name", sa.String),
    sa.column("recipient_cpr", sa.Text),
    sa.column("status", sa.String),
    sa.column("message_uuid", sa.String),
    sa.column("attempts", sa.Integer),
    sa.column("error", sa.Text),
    sa.column("created_at", sa.DateTime),
    sa.column("attempted_at", sa.DateTime),
)
_OUTBOX = sa.table(
    "notification",
    sa.column("key", sa.String),
    sa.column("channel", sa.String),
    sa.column("kind", sa.String),
    sa.column("recipient", sa.String),
    sa.column("case_id", sa.Integer),
    sa.column("subject", sa.String),
    sa.column("body", sa.Text),
    sa.column("payload", _JSON),
    sa.column("created_at", sa.DateTime),
    sa.column("failed_at", sa.DateTime),
    sa.column("attempts", sa.Integer),
    sa.column("last_error", sa.Text),
)


def _reseal_cprs(change) -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_LETTERS.c.id, _LETTERS.c.recipient_cpr).where(
            _LETTERS.c.recipient_cpr.is_not(None)
        )
    ).all()
    for row in rows:
        connection.execute(
            _LETTERS.update()
            .where(_LETTERS.c.id == row.id)
            .values(recipient_cpr=change(row.recipient_cpr))
        )


def upgrade():
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.add_column(sa.Column("register_holders", _JSON, nullable=True))
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("custody_holders", _JSON, nullable=True))
    with op.batch_alter_table("letter_delivery", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recipient_address", sa.String(length=300), nullable=True))
        batch_op.alter_column(
            "recipient_cpr",
            existing_type=sa.String(length=10),
            type_=sa.Text(),
            existing_nullable=True,
        )
    _reseal_cprs(cipher().seal)

    # Every letter not delivered gets its outbox message, so that none is lost: a waiting one
    # is delivered by the worker's next round, a failed one waits on the administrator's page.
    connection = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    waiting = connection.execute(
        sa.select(_LETTERS).where(_LETTERS.c.status.in_(("pending", "failed")))
    ).all()
    for letter in waiting:
        failed = letter.status == "failed"
        connection.execute(
            _OUTBOX.insert().values(
                key=f"letter:{letter.message_uuid}",
                channel="digital_post",
                kind=letter.kind,
                recipient=letter.recipient_name,
                case_id=letter.case_id,
                subject=letter.title,
                body="",
                payload={"letter": letter.id},
                created_at=letter.created_at or now,
                failed_at=(letter.attempted_at or now) if failed else None,
                attempts=letter.attempts or 0,
                last_error=letter.error,
            )
        )


def downgrade():
    op.execute(_OUTBOX.delete().where(_OUTBOX.c.channel == "digital_post"))
    _reseal_cprs(cipher().open)
    with op.batch_alter_table("letter_delivery", schema=None) as batch_op:
        batch_op.alter_column(
            "recipient_cpr",
            existing_type=sa.Text(),
            type_=sa.String(length=10),
            existing_nullable=True,
        )
        batch_op.drop_column("recipient_address")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_column("custody_holders")
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_column("register_holders")
