"""Public results: a consultation's publication and the progress of commitments

Revision ID: 0111
Revises: 0110

A consultation is shown on its public results page only once an admin published it
(``consultation.published_at``). An institution records the progress of a commitment as
dated percentages with a note (``commitment_progress``), shown over time on that page.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pulso.db.types
from pulso import db

revision: str = "0111"
down_revision: str | None = "0110"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("consultation") as batch:
        batch.add_column(
            sa.Column("published_at", db.types.UTCDateTime(timezone=True), nullable=True)
        )
    op.create_table(
        "commitment_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "percent >= 0 AND percent <= 100", name=op.f("ck_commitment_progress_percent")
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_commitment_progress_commitment_id_commitment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_progress")),
    )
    op.create_index(
        op.f("ix_commitment_progress_commitment_id"),
        "commitment_progress",
        ["commitment_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_commitment_progress_commitment_id"), table_name="commitment_progress")
    op.drop_table("commitment_progress")
    with op.batch_alter_table("consultation") as batch:
        batch.drop_column("published_at")
