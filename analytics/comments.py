"""Comments: volume, proposals, abuse and sentiment.

Definitions, over the comments created in a period on the posts of a scope:
- ``comments``: comments not deleted (replies included);
- ``proposals``: comments a reviewer confirmed as proposals (``review_status = confirmed``);
- ``suggested``: comments not yet reviewed whose latest model suggestion scores at least the
  proposal threshold of the model version that made it (shown apart: a suggestion is not a
  proposal until confirmed);
- ``abusive``: comments a reviewer marked abusive, or whose latest suggestion has an abuse
  score of at least that version's abuse threshold and that a reviewer did not clear;
- shares are over ``comments``; ``sentiment`` counts comments by the latest suggestion's
  sentiment label ("positive", "neutral", "negative"; "unknown" when never scored).
The *latest suggestion* of a comment is its most recently created one (highest id). A
version's thresholds are chosen when it is trained (``analytics.decision``); a frame without
threshold columns (built by hand) is judged at ``DEFAULT`` (0.5).

``comments collected`` (``collected_by_channel``) are the comments Pulso stored that were
written in a period: on the posts (Facebook comments, X replies) and, apart, the website's
messages (Disqus threads hang off a theme, not a post). The platforms' own comment counts
on a post (``analytics.posts``: ``comments``) are another figure: they include comments
Pulso could not read (deleted, hidden, private) and count a post's comments whenever they
were written.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from pulso.analytics.decision import DEFAULT, thresholds_by_version
from pulso.db.models import Comment, Post, Suggestion


def comment_frame(
    *,
    session: Session,
    post_ids: Select | list[int],
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> pd.DataFrame:
    """One row per comment: comment_id, platform, post_id, theme_id, created_at,
    review_status, proposal_score, abuse_score, sentiment, and the thresholds of the version
    that scored it: proposal_threshold, abuse_threshold (no text, no author)."""
    latest = select(func.max(Suggestion.id).label("id")).group_by(Suggestion.comment_id).subquery()
    s = (
        select(
            Suggestion.comment_id,
            Suggestion.proposal_score,
            Suggestion.abuse_score,
            Suggestion.sentiment,
            Suggestion.model_version,
        )
        .where(Suggestion.id.in_(select(latest.c.id)))
        .subquery()
    )
    query = (
        select(
            Comment.id,
            Comment.platform,
            Comment.post_id,
            Post.theme_id,
            Comment.created_at,
            Comment.review_status,
            s.c.proposal_score,
            s.c.abuse_score,
            s.c.sentiment,
            s.c.model_version,
        )
        .join(Post, Post.id == Comment.post_id)
        .outerjoin(s, s.c.comment_id == Comment.id)
        .where(Comment.post_id.in_(post_ids), Comment.is_deleted.is_(False))
    )
    if start is not None:
        query = query.where(Comment.created_at >= start)
    if end is not None:
        query = query.where(Comment.created_at < end)
    frame = pd.DataFrame(
        session.execute(query).all(),
        columns=[
            "comment_id",
            "platform",
            "post_id",
            "theme_id",
            "created_at",
            "review_status",
            "proposal_score",
            "abuse_score",
            "sentiment",
            "model_version",
        ],
    )
    known = thresholds_by_version(session=session, versions=frame["model_version"].dropna())
    for column, label in (("proposal_threshold", "proposal"), ("abuse_threshold", "abuse")):
        values = {version: own.of(label) for version, own in known.items()}
        frame[column] = frame["model_version"].map(values).fillna(DEFAULT).astype(float)
    frame = frame.drop(columns="model_version")
    frame["platform"] = frame["platform"].astype(str)
    frame["review_status"] = frame["review_status"].astype(str)
    return frame


def collected_by_channel(
    *,
    session: Session,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    post_ids: Select | None = None,
) -> dict[str, int]:
    """Comments collected (not deleted) written in [start, end), by platform: ``facebook``
    and ``x`` on posts (of ``post_ids`` when given), ``disqus`` for the website's messages
    (only when ``post_ids`` is not given: they belong to no post)."""
    query = select(Comment.platform, func.count(Comment.id)).where(Comment.is_deleted.is_(False))
    if post_ids is not None:
        query = query.where(Comment.post_id.in_(post_ids))
    if start is not None:
        query = query.where(Comment.created_at >= start)
    if end is not None:
        query = query.where(Comment.created_at < end)
    counts = session.execute(query.group_by(Comment.platform)).all()
    return {str(getattr(p, "value", p)): int(n) for p, n in sorted(counts, key=lambda r: str(r[0]))}


def on_posts(counts: dict[str, int]) -> int:
    """The comments on posts of a ``collected_by_channel`` result (website messages apart)."""
    return sum(n for platform, n in counts.items() if platform != "disqus")


def comment_summary(frame: pd.DataFrame) -> dict:
    """The module's figures for a ``comment_frame`` (pure)."""
    n = len(frame)
    status = frame["review_status"]
    confirmed = status == "confirmed"
    pending = status == "pending"
    scored = frame["proposal_score"].fillna(-1.0)
    suggested = pending & (scored >= _thresholds(frame, "proposal_threshold"))
    abusive = (status == "abusive") | (
        (frame["abuse_score"].fillna(0.0) >= _thresholds(frame, "abuse_threshold"))
        & ~status.isin(["confirmed"])
    )
    sentiment = frame["sentiment"].fillna("unknown").value_counts().to_dict()
    return {
        "comments": n,
        "proposals": int(confirmed.sum()),
        "suggested": int(suggested.sum()),
        "abusive": int(abusive.sum()),
        "proposal_share": (int(confirmed.sum()) / n) if n else None,
        "abusive_share": (int(abusive.sum()) / n) if n else None,
        "sentiment": {str(k): int(v) for k, v in sorted(sentiment.items())},
    }


def _thresholds(frame: pd.DataFrame, column: str):
    """The frame's threshold column, or ``DEFAULT`` for a frame without one."""
    return frame[column] if column in frame.columns else DEFAULT


def summary_by(frame: pd.DataFrame, column: str) -> dict:
    """``comment_summary`` per value of ``column`` (e.g. platform or theme_id)."""
    return {key: comment_summary(group) for key, group in frame.groupby(column, dropna=False)}


TONES = ("positive", "neutral", "negative", "unknown")


def weekly_tone(
    frame: pd.DataFrame,
    tz: str,
    *,
    alert_share: float | None = None,
    min_comments: int = 1,
) -> list[dict]:
    """Sentiment and abuse per local week of a ``comment_frame`` (pure), oldest first: one
    dict per week with comments, ``sentiment`` counts (``TONES``), ``abusive``,
    ``abusive_share`` and ``negative_share`` (as ``comment_summary`` counts them) and
    ``alert``: the abusive share is above ``alert_share`` in a week of at least
    ``min_comments`` comments."""
    from pulso.analytics.periods import Week, local_date

    if frame.empty:
        return []
    weeks = [Week.containing(local_date(m, tz), tz) for m in frame["created_at"]]
    frame = frame.assign(_week=[w.label for w in weeks])
    first_day = {w.label: w.first_day for w in weeks}
    rows = []
    for label, group in frame.groupby("_week", sort=True):
        figures = comment_summary(group)
        n = figures["comments"]
        sentiment = {tone: figures["sentiment"].get(tone, 0) for tone in TONES}
        share = figures["abusive_share"]
        rows.append(
            {
                "week": label,
                "first_day": first_day[label],
                "comments": n,
                "sentiment": sentiment,
                "abusive": figures["abusive"],
                "abusive_share": share,
                "negative_share": sentiment["negative"] / n if n else None,
                "alert": bool(
                    alert_share is not None
                    and share is not None
                    and n >= min_comments
                    and share > alert_share
                ),
            }
        )
    return rows
