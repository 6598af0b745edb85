"""The newest value of each post's metric, maintained with the observations

Revision ID: 0104
Revises: 0103
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import pulso.db.types
from pulso import db

revision: str = "0104"
down_revision: str | None = "0103"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The newest observation per (post, metric, scope); two sources at the same instant: the
# larger value (what the readers of the history chose before this table existed).
BACKFILL = """
INSERT INTO metric_latest (post_id, metric, scope, observed_at, value)
SELECT o.post_id, o.metric, o.scope, o.observed_at, max(o.value)
FROM metric_observation o
JOIN (
    SELECT post_id, metric, scope, max(observed_at) AS newest
    FROM metric_observation
    GROUP BY post_id, metric, scope
) n ON o.post_id = n.post_id AND o.metric = n.metric AND o.scope = n.scope
   AND o.observed_at = n.newest
GROUP BY o.post_id, o.metric, o.scope, o.observed_at
"""


def upgrade() -> None:
    op.create_table(
        "metric_latest",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=64), nullable=False),
        sa.Column(
            "scope",
            sa.Enum(
                "organic",
                "paid",
                "total",
                name="scope",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("observed_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["post.id"],
            name=op.f("fk_metric_latest_post_id_post"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("post_id", "metric", "scope", name=op.f("pk_metric_latest")),
    )
    op.create_index(
        "ix_metric_latest_series",
        "metric_latest",
        ["metric", "scope", "post_id", "value"],
        unique=False,
    )
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_table("metric_latest")
