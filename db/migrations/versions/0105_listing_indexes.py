"""Indexes for the web service's listings: observations, comments and proposals in their
listing order, and suggestions by proposal score (the review queue)

Revision ID: 0105
Revises: 0104

Each listing's first page reads its first rows along an index instead of sorting the whole
table (``web.queries``); ``ix_observation_time`` on ten million observations takes about a
minute to build on SQLite.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0105"
down_revision: str | None = "0104"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_observation_time": ("metric_observation", ["observed_at", "id"]),
    "ix_comment_created": ("comment", ["created_at", "id"]),
    "ix_proposal_received": ("proposal", ["received_at", "id"]),
    "ix_suggestion_rank": ("suggestion", ["proposal_score"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
