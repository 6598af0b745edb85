"""The comments' keyed author hashes are no longer indexed

Revision ID: 0109
Revises: 0108

``ix_comment_author_key`` was read by one query only: the search for comments written by
the team's own authors (``PULSO_DISQUS_TEAM_AUTHORS``), which now runs once after that
setting changes (``db.writer.Writer._set_aside_team_comments``) instead of on every page.
Keeping the index cost every comment written an insert at a random place of a B-tree of
64-character keys: on SQLite, 200,000 comments were written at about 37,000 rows/s with
it and 60,000 rows/s without it (``benchmarks/bench_ingest.py``), and the gap grows with
the table, as each batch dirties more of the index's pages.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0109"
down_revision: str | None = "0108"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_comment_author_key", table_name="comment")


def downgrade() -> None:
    op.create_index("ix_comment_author_key", "comment", ["author_key"], unique=False)
