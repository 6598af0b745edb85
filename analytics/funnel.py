"""The consultation funnel per theme and channel, and proposal counts per period.

Stages, per (channel, theme):
reach → link clicks → comments → proposals → answered → accepted, where
- ``reach`` is the labelled *sum of post reach* of the channel's posts on the theme (an upper
  bound on people reached: reach is never a campaign total, see ``analytics.totals``);
- ``link_clicks`` and ``comments`` are summed over those posts (comments as counted by
  ``analytics.comments``: not deleted);
- ``proposals`` are counted proposals (not ``not_a_proposal``, not ``merged``) received on
  the channel for the theme, whatever their origin; ``answered`` = accepted + rejected.
Channels: Facebook and X posts map to the channels ``facebook`` and ``x``; the web
consultation (Disqus), e-mail, in person and workshops have proposals but no posts, so their
reach, link clicks and comments are ``None`` (not measured), not zero.

Every step of a row is counted on the same posts (``funnel_proposals``): a proposal taken
from a comment belongs to the row of the comment's post (the post's theme, not the theme the
reviewer gave the proposal), so a row never shows comments on some posts and proposals from
others; ``merged`` are the items of the row folded into another proposal (its idea counts
there). Channels without posts are grouped by the proposals' own theme.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from pulso.analytics.consultation import NOT_COUNTED
from pulso.analytics.totals import sum_of_post_reach
from pulso.db.models import Proposal, ProposalStatus

CHANNEL_OF_PLATFORM = {"facebook": "facebook", "x": "x", "disqus": "web", "web": "web"}
CHANNEL_ORDER = ("web", "facebook", "x", "email", "in_person", "workshop", "other")


def proposal_counts(
    *,
    session: Session,
    consultation_id: int,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> pd.DataFrame:
    """Counted proposals per (channel, theme_id), received in [start, end) when given:
    columns channel, theme_id, proposals, answered, accepted, rejected."""
    query = (
        select(
            Proposal.channel,
            Proposal.theme_id,
            func.count(),
            func.sum(
                case(
                    (Proposal.status.in_((ProposalStatus.ACCEPTED, ProposalStatus.REJECTED)), 1),
                    else_=0,
                )
            ),
            func.sum(case((Proposal.status == ProposalStatus.ACCEPTED, 1), else_=0)),
            func.sum(case((Proposal.status == ProposalStatus.REJECTED, 1), else_=0)),
        )
        .where(Proposal.consultation_id == consultation_id, Proposal.status.not_in(NOT_COUNTED))
        .group_by(Proposal.channel, Proposal.theme_id)
    )
    if start is not None:
        query = query.where(Proposal.received_at >= start)
    if end is not None:
        query = query.where(Proposal.received_at < end)
    frame = pd.DataFrame(
        session.execute(query).all(),
        columns=["channel", "theme_id", "proposals", "answered", "accepted", "rejected"],
    )
    frame["channel"] = frame["channel"].astype(str)
    for column in ("proposals", "answered", "accepted", "rejected"):
        frame[column] = frame[column].fillna(0).astype(int)
    return frame


def funnel_proposals(*, session: Session, consultation_id: int) -> pd.DataFrame:
    """Proposals per funnel row (channel, theme_id: the source post's theme for proposals
    taken from a comment on a post, else the proposal's): columns channel, theme_id,
    proposals (counted), merged, answered, accepted, rejected."""
    from sqlalchemy.orm import aliased

    from pulso.db.models import Comment, Post

    source = aliased(Comment)
    post = aliased(Post)
    rows = session.execute(
        select(Proposal.channel, Proposal.status, Proposal.theme_id, source.post_id, post.theme_id)
        .outerjoin(source, source.id == Proposal.source_comment_id)
        .outerjoin(post, post.id == source.post_id)
        .where(
            Proposal.consultation_id == consultation_id,
            Proposal.status != ProposalStatus.NOT_A_PROPOSAL,
        )
    ).all()
    counts: dict[tuple[str, object], dict[str, int]] = {}
    for channel, status, theme_id, post_id, post_theme in rows:
        key = (str(getattr(channel, "value", channel)), post_theme if post_id else theme_id)
        row = counts.setdefault(key, dict.fromkeys(PROPOSAL_STEPS, 0))
        if status == ProposalStatus.MERGED:
            row["merged"] += 1
            continue
        row["proposals"] += 1
        row["answered"] += status in (ProposalStatus.ACCEPTED, ProposalStatus.REJECTED)
        row["accepted"] += status == ProposalStatus.ACCEPTED
        row["rejected"] += status == ProposalStatus.REJECTED
    return pd.DataFrame(
        [{"channel": c, "theme_id": t, **v} for (c, t), v in counts.items()],
        columns=["channel", "theme_id", *PROPOSAL_STEPS],
    )


PROPOSAL_STEPS = ("proposals", "merged", "answered", "accepted", "rejected")


def funnel(posts: pd.DataFrame, comments: pd.DataFrame, proposals: pd.DataFrame) -> pd.DataFrame:
    """Funnel rows per (channel, theme_id) from a ``post_table``, a ``comment_frame`` and
    ``proposal_counts`` (pure). Columns: channel, theme_id, reach, reach_method,
    link_clicks, comments, proposals, merged, answered, accepted. ``proposals`` comes from
    ``funnel_proposals`` (or ``proposal_counts``, without ``merged``)."""
    keys: set[tuple[str, object]] = set()
    post_groups: dict[tuple[str, object], pd.DataFrame] = {}
    if len(posts):
        posts = posts.assign(channel=posts["platform"].map(CHANNEL_OF_PLATFORM).fillna("other"))
        for key, group in posts.groupby(["channel", "theme_id"], dropna=False):
            post_groups[_key(key)] = group
    comment_counts: dict[tuple[str, object], int] = {}
    if len(comments):
        comments = comments.assign(
            channel=comments["platform"].map(CHANNEL_OF_PLATFORM).fillna("other")
        )
        for key, group in comments.groupby(["channel", "theme_id"], dropna=False):
            comment_counts[_key(key)] = len(group)
    proposal_rows: dict[tuple[str, object], pd.Series] = {}
    for _, row in proposals.iterrows():
        proposal_rows[_key((row["channel"], row["theme_id"]))] = row
    keys = set(post_groups) | set(comment_counts) | set(proposal_rows)
    rows = []
    for key in sorted(keys, key=_sort_key):
        channel, theme_id = key
        group = post_groups.get(key)
        has_posts = group is not None
        reach = sum_of_post_reach(group["reach"].dropna().tolist()) if has_posts else None
        link_clicks = group["link_clicks"].dropna() if has_posts else None
        p = proposal_rows.get(key)
        rows.append(
            {
                "channel": channel,
                "theme_id": theme_id,
                "reach": reach.value if reach else None,
                "reach_method": reach.method if reach else None,
                "link_clicks": float(link_clicks.sum()) if has_posts and len(link_clicks) else None,
                "comments": comment_counts.get(key, 0 if has_posts else None),
                "proposals": int(p["proposals"]) if p is not None else 0,
                "merged": int(p.get("merged", 0)) if p is not None else 0,
                "answered": int(p["answered"]) if p is not None else 0,
                "accepted": int(p["accepted"]) if p is not None else 0,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "channel",
            "theme_id",
            "reach",
            "reach_method",
            "link_clicks",
            "comments",
            "proposals",
            "merged",
            "answered",
            "accepted",
        ],
    )


def _key(key) -> tuple[str, object]:
    channel, theme_id = key
    if theme_id is None or (isinstance(theme_id, float) and pd.isna(theme_id)):
        return (str(channel), None)
    return (str(channel), int(theme_id))


def _sort_key(key: tuple[str, object]):
    channel, theme_id = key
    order = CHANNEL_ORDER.index(channel) if channel in CHANNEL_ORDER else len(CHANNEL_ORDER)
    return (order, theme_id is None, theme_id or 0)
