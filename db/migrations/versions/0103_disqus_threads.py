"""Disqus threads and the consultation's thread-to-theme mapping

Revision ID: 0103
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pulso.db.types
from pulso import db

revision: str = "0103"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "disqus_thread",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=100), nullable=False),
        sa.Column("forum", sa.String(length=100), nullable=True),
        sa.Column("link", sa.String(length=1000), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_seen_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disqus_thread")),
        sa.UniqueConstraint("external_id", name=op.f("uq_disqus_thread_external_id")),
    )
    op.create_table(
        "thread_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=1000), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('link', 'title')", name=op.f("ck_thread_mapping_kind")),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_thread_mapping_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["theme.id"],
            name=op.f("fk_thread_mapping_theme_id_theme"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thread_mapping")),
        sa.UniqueConstraint(
            "consultation_id", "kind", "value", name=op.f("uq_thread_mapping_consultation_id_kind_value")
        ),
    )
    with op.batch_alter_table("thread_mapping", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_thread_mapping_consultation_id"), ["consultation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("thread_mapping", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thread_mapping_consultation_id"))
    op.drop_table("thread_mapping")
    op.drop_table("disqus_thread")
