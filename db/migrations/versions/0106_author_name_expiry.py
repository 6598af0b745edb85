"""Commenters' display names that lost their expiry are erased

Revision ID: 0106
Revises: 0105

Every collection run now erases the display names past their retention (one scan of the
comments per run; an index on the expiry would slow every comment written instead). Before
this revision a comment re-collected from a page that lacked its author's name kept the
stored name but lost its expiry, so that name was never erased; those names are erased
here, since when they expire can no longer be known.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0106"
down_revision: str | None = "0105"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    comment = sa.table(
        "comment", sa.column("author_name", sa.String), sa.column("author_name_expires_at")
    )
    op.execute(
        comment.update()
        .where(comment.c.author_name.is_not(None), comment.c.author_name_expires_at.is_(None))
        .values(author_name=None)
    )


def downgrade() -> None:
    pass  # erased names cannot be brought back
