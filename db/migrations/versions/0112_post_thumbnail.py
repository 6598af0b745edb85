"""A post's picture: the address the platform gives and a small stored thumbnail

Revision ID: 0112
Revises: 0111

``post.image_url`` is the address of the post's picture as the platform last gave it
(Facebook's ``full_picture``, X's media ``url`` or ``preview_image_url``); those CDN
addresses expire. ``post_thumbnail`` holds the picture itself, downscaled, so the dashboard
shows it from its own origin (one row per post, written by the collectors).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pulso.db.types
from pulso import db

revision: str = "0112"
down_revision: str | None = "0111"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("post") as batch:
        batch.add_column(sa.Column("image_url", sa.Text(), nullable=True))
    op.create_table(
        "post_thumbnail",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("content_type", sa.String(length=50), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("fetched_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["post.id"],
            name=op.f("fk_post_thumbnail_post_id_post"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_post_thumbnail")),
    )


def downgrade() -> None:
    op.drop_table("post_thumbnail")
    # A plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not a batch copy of ``post``: with
    # foreign keys on, SQLite's DROP TABLE of the old copy would delete every comment and
    # observation through their ON DELETE CASCADE.
    op.drop_column("post", "image_url")
