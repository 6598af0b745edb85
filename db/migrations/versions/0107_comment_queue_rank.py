"""The review queue's order kept on each comment (its newest suggestion and that
suggestion's proposal score) by triggers, with an index in the queue's order

Revision ID: 0107
Revises: 0106

The review queue used to find each pending comment's newest suggestion by reading
suggestions best first and checking every one (several queries and a few hundred rows per
page view at a million comments). ``comment.latest_suggestion_id`` and
``comment.queue_score`` (-1 while a comment has no suggestion) are now kept by triggers on
``suggestion``, so they hold whoever writes suggestions (the scorer, an import, a repair by
hand), and a page of the queue is one range of ``ix_comment_queue``. Existing comments are
filled in here; ``ix_suggestion_rank``, which only the old ranking read, is dropped.

"Newest" is the newest ``created_at``, ties broken by the higher id, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0107"
down_revision: str | None = "0106"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A comment's queue columns recomputed from its suggestions (after an update or a delete).
RECOMPUTE = """
UPDATE comment SET
    latest_suggestion_id = (
        SELECT s.id FROM suggestion s WHERE s.comment_id = comment.id
        ORDER BY s.created_at DESC, s.id DESC LIMIT 1),
    queue_score = COALESCE((
        SELECT s.proposal_score FROM suggestion s WHERE s.comment_id = comment.id
        ORDER BY s.created_at DESC, s.id DESC LIMIT 1), -1)
WHERE {where}
"""

# A new suggestion becomes its comment's newest unless a stored one is newer.
ON_INSERT = """
UPDATE comment SET latest_suggestion_id = NEW.id, queue_score = NEW.proposal_score
WHERE id = NEW.comment_id AND NOT EXISTS (
    SELECT 1 FROM suggestion s
    WHERE s.id = comment.latest_suggestion_id
      AND (s.created_at > NEW.created_at OR (s.created_at = NEW.created_at AND s.id > NEW.id)))
"""


def upgrade() -> None:
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.add_column("comment", sa.Column("latest_suggestion_id", big, nullable=True))
    op.add_column(
        "comment", sa.Column("queue_score", sa.Float(), nullable=False, server_default="-1")
    )
    op.execute(
        RECOMPUTE.format(where="EXISTS (SELECT 1 FROM suggestion s WHERE s.comment_id = comment.id)")
    )
    op.create_index(
        "ix_comment_queue",
        "comment",
        ["review_status", sa.text("queue_score DESC"), "created_at", "id"],
    )
    op.drop_index("ix_suggestion_rank", table_name="suggestion")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION pulso_suggestion_inserted() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN {ON_INSERT}; RETURN NULL; END $$"
        )
        op.execute(
            "CREATE FUNCTION pulso_suggestion_changed() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN {RECOMPUTE.format(where='id IN (OLD.comment_id, NEW.comment_id)')};"
            " RETURN NULL; END $$"
        )
        op.execute(
            "CREATE FUNCTION pulso_suggestion_deleted() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN {RECOMPUTE.format(where='id = OLD.comment_id')}; RETURN NULL; END $$"
        )
        for event, function in (
            ("INSERT", "pulso_suggestion_inserted"),
            ("UPDATE", "pulso_suggestion_changed"),
            ("DELETE", "pulso_suggestion_deleted"),
        ):
            op.execute(
                f"CREATE TRIGGER tr_suggestion_{event.lower()} AFTER {event} ON suggestion"
                f" FOR EACH ROW EXECUTE FUNCTION {function}()"
            )
    else:
        op.execute(f"CREATE TRIGGER tr_suggestion_insert AFTER INSERT ON suggestion BEGIN {ON_INSERT}; END")
        op.execute(
            "CREATE TRIGGER tr_suggestion_update AFTER UPDATE ON suggestion BEGIN"
            f" {RECOMPUTE.format(where='id IN (OLD.comment_id, NEW.comment_id)')}; END"
        )
        op.execute(
            "CREATE TRIGGER tr_suggestion_delete AFTER DELETE ON suggestion BEGIN"
            f" {RECOMPUTE.format(where='id = OLD.comment_id')}; END"
        )


def downgrade() -> None:
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER tr_suggestion_{event} ON suggestion"
                   if op.get_bind().dialect.name == "postgresql"
                   else f"DROP TRIGGER tr_suggestion_{event}")  # fmt: skip
    if op.get_bind().dialect.name == "postgresql":
        for function in ("inserted", "changed", "deleted"):
            op.execute(f"DROP FUNCTION pulso_suggestion_{function}()")
    op.create_index("ix_suggestion_rank", "suggestion", ["proposal_score"])
    op.drop_index("ix_comment_queue", table_name="comment")
    with op.batch_alter_table("comment") as batch:
        batch.drop_column("queue_score")
        batch.drop_column("latest_suggestion_id")
