"""A cache of sentence vectors, by text digest and encoder

Revision ID: 0110
Revises: 0109

The extraction model reads each comment's sentence vector (USE multilingual v3, 512
dimensions, stored as float16 bytes). A text is encoded once: re-training and re-scoring read
the vector back, and identical texts (a comment posted twice, a seed row) share one row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0110"
down_revision: str | None = "0109"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "text_embedding",
        sa.Column("digest", sa.String(length=40), nullable=False),
        sa.Column("encoder", sa.String(length=40), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("digest", "encoder", name=op.f("pk_text_embedding")),
    )


def downgrade() -> None:
    op.drop_table("text_embedding")
