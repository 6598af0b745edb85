"""Audit reasons Pulso writes itself are stored with their message key and values

Revision ID: 0108
Revises: 0107

Pages showed these reasons in the page's language by matching their English text against
patterns: rewording one in the code would have shown it in English from then on, and one
("intake from ...") was never matched. ``audit_event.reason_key`` and
``audit_event.reason_values`` now say which message of the catalogue (``pulso.i18n``) the
reason is, with its values; ``reason`` keeps the English text. The events recorded before
are given theirs here, from the texts Pulso wrote up to this revision.
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0108"
down_revision: str | None = "0107"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The texts written up to this revision (db.store_workflow, db.review, db.store,
# db.store_files, db.store_disqus): key and the names of the pattern's groups.
KNOWN = (
    (re.compile(r"answer due on (?P<date>\d{4}-\d{2}-\d{2})"), "audit_reason_due"),
    (re.compile(r"top-level post of a mapped Disqus thread"), "audit_reason_disqus"),
    (re.compile(r"import of (?P<file>.+)", re.S), "audit_reason_import"),
    (re.compile(r"intake from (?P<source>.+)", re.S), "audit_reason_intake"),
    (re.compile(r"confirmed from (?P<source>.+)", re.S), "audit_reason_confirmed"),
    (re.compile(r"reviewer corrected the suggested theme"), "audit_reason_theme"),
    (re.compile(r"duplicate \(similarity (?P<score>[0-9.]+)\)"), "audit_reason_duplicate"),
    (re.compile(r"answer revised: (?P<reason>.*)", re.S), "audit_reason_revised"),
)


def upgrade() -> None:
    op.add_column("audit_event", sa.Column("reason_key", sa.String(64), nullable=True))
    op.add_column("audit_event", sa.Column("reason_values", sa.JSON(), nullable=True))
    event = sa.table(
        "audit_event",
        sa.column("id", sa.Integer),
        sa.column("reason", sa.Text),
        sa.column("reason_key", sa.String),
        sa.column("reason_values", sa.JSON),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(event.c.id, event.c.reason).where(event.c.reason.is_not(None)))
    updates = []
    for event_id, reason in rows:
        for pattern, key in KNOWN:
            if match := pattern.fullmatch(reason):
                values = match.groupdict() or None
                updates.append({"event_id": event_id, "key": key, "values": values})
                break
    if updates:
        bind.execute(
            event.update()
            .where(event.c.id == sa.bindparam("event_id"))
            .values(reason_key=sa.bindparam("key"), reason_values=sa.bindparam("values")),
            updates,
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("reason_values")
        batch.drop_column("reason_key")
