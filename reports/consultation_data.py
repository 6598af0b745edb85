"""The consultation report's figures (the seed's "Resultados"), as JSON-ready data.

Schema: ``reports/schemas/consultation.json`` (documented in ``docs/report-json.md``).
Proposal figures come from ``analytics.consultation`` (counted = received − not proposals −
merged; people = distinct pseudonymous persons). Social-media figures are each post's
latest values as of ``as_of``. No author key, name or contact of a citizen is included;
proposal texts pass through ``scrub_contact_data``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from pulso.analytics.comments import comment_frame
from pulso.analytics.consultation import (
    NOT_COUNTED,
    AsOf,
    answer_summary,
    as_of_for,
    distinct_people,
    proposals_by_theme,
    reconciliation,
)
from pulso.analytics.funnel import funnel, funnel_proposals
from pulso.analytics.paid import promotions
from pulso.analytics.periods import Week, local_date, weeks_between
from pulso.analytics.posts import best_and_worst, group_totals, post_table, preview
from pulso.analytics.scope import posts_query
from pulso.db.models import (
    AudienceRow,
    Campaign,
    Channel,
    Comment,
    Consultation,
    Promotion,
    Proposal,
    ProposalStatus,
    Theme,
)
from pulso.privacy import scrub_contact_data
from pulso.reports.executive import answers_due, consultation_facts
from pulso.reports.text import boost_note, facebook_notes
from pulso.reports.weekly_data import (
    group_rows,
    iso,
    num,
    paid_data,
    post_label,
    post_texts,
)

SCHEMA_ID = "pulso.report.consultation/2"
INTAKE_CHANNELS = (Channel.EMAIL, Channel.IN_PERSON, Channel.WORKSHOP)


def _theme_rows(rows, lang: str) -> list[dict]:
    return [
        {"theme": r.name(lang), "slug": r.slug, "proposals": r.proposals, "people": r.people}
        for r in rows
    ]


def _facebook(
    session: Session, c: Consultation, posts: pd.DataFrame, post_ids: Select, lang: str
) -> list[dict]:
    """The Facebook posts' rows; ``post_ids`` selects the ids of every post of ``posts``
    (a subquery rather than thousands of bound ids)."""
    table = posts[posts["platform"] == "facebook"]
    if table.empty:
        return []
    ids = {int(i) for i in table["post_id"]}
    texts = post_texts(session, ids)
    promos: dict[int, list[Promotion]] = {}
    for promo in session.scalars(
        select(Promotion).where(Promotion.post_id.in_(post_ids)).order_by(Promotion.id)
    ):
        if promo.post_id in ids:
            promos.setdefault(promo.post_id, []).append(promo)
    taken = dict(
        session.execute(
            select(Comment.post_id, func.count())
            .join(Proposal, Proposal.source_comment_id == Comment.id)
            .where(
                Comment.post_id.in_(post_ids),
                Proposal.consultation_id == c.id,
                # Taken as proposals even when later merged into another (the seed's "4 of
                # them proposals"); only "not a proposal" undoes it.
                Proposal.status != ProposalStatus.NOT_A_PROPOSAL,
            )
            .group_by(Comment.post_id)
        ).all()
    )
    # Paid reach by gender, every promotion in one query; a later promotion of the same post
    # overrides an earlier one's share (promotions in id order).
    post_of = {p.id: p.post_id for promo_list in promos.values() for p in promo_list}
    genders: dict[int, dict[str, float]] = {}
    for row in session.scalars(
        select(AudienceRow)
        .join(Promotion, Promotion.id == AudienceRow.promotion_id)
        .where(
            Promotion.post_id.in_(post_ids),
            AudienceRow.dimension == "gender",
            AudienceRow.metric == "reach",
        )
        .order_by(AudienceRow.promotion_id, AudienceRow.id)
    ):
        if row.promotion_id in post_of and row.share is not None:
            genders.setdefault(post_of[row.promotion_id], {})[row.bucket] = row.share
    rows = []
    for post in table.to_dict("records"):
        post_promos = promos.get(int(post["post_id"]), [])
        spend = sum(float(p.spend) for p in post_promos if p.spend is not None) or None
        notes = []
        for p in post_promos:
            days = None
            if p.starts_at and p.ends_at:
                days = max(1, round((p.ends_at - p.starts_at).total_seconds() / 86400))
            note = boost_note(
                {
                    "spend": float(p.spend) if p.spend is not None else None,
                    "currency": p.currency,
                    "days": days,
                },
                lang,
            )
            if p.targeting:
                note += f" ({p.targeting})"
            notes.append(note)
        if not notes:
            notes.append(boost_note(None, lang, boosted=bool(post["is_boosted"])))
        notes.extend(
            facebook_notes(
                comments=num(post["comments"]),
                taken=int(taken.get(int(post["post_id"]), 0)),
                # The boost's own clicks when known (as in the table), else the post's.
                clicks=num(post["paid_clicks"]) or num(post["clicks"]),
                link_clicks=num(post["paid_link_clicks"]) or num(post["link_clicks"]),
                during_boost=bool(post_promos) and bool(num(post["paid_clicks"])),
                genders=genders.get(int(post["post_id"]), {}),
                lang=lang,
            )
        )
        rows.append(
            {
                "label": post_label(post),
                "preview": preview(texts.get(int(post["post_id"]))),
                "kind": post["kind"],
                "permalink": post["permalink"],
                "published": local_date(post["published_at"], c.timezone).isoformat(),
                "reach": num(post["reach"]),
                "paid_reach": num(post["paid_reach"]),
                "interactions": num(post["interactions"]),
                "reactions": num(post["reactions"]),
                "likes": num(post["reactions_like"]),
                "comments": num(post["comments"]),
                "shares": num(post["shares"]),
                "video_plays": num(post["video_plays"]),
                "clicks": num(post["paid_clicks"] if num(post["paid_clicks"]) else post["clicks"]),
                "link_clicks": num(
                    post["paid_link_clicks"]
                    if num(post["paid_link_clicks"])
                    else post["link_clicks"]
                ),
                "comments_taken_as_proposals": int(taken.get(int(post["post_id"]), 0)),
                "boosted": bool(post["is_boosted"]),
                "spend": spend,
                "currency": post_promos[0].currency if post_promos else None,
                "notes": "; ".join(notes),
            }
        )
    return rows


def _x(session: Session, c: Consultation, posts: pd.DataFrame) -> dict:
    table = posts[posts["platform"] == "x"]
    days = sorted({local_date(m, c.timezone) for m in table["published_at"]}) if len(table) else []
    planned = session.scalar(
        select(Campaign.planned_posts_per_day).where(
            Campaign.consultation_id == c.id, Campaign.planned_platform == "x"
        )
    )

    def total(metric: str) -> int:
        return int(table[metric].sum()) if len(table) else 0

    return {
        "posts": len(table),
        "retweets": total("reposts"),
        "likes": total("likes"),
        "replies": total("replies"),
        "quotes": total("quotes"),
        "bookmarks": total("bookmarks"),
        "first_day": days[0].isoformat() if days else None,
        "last_day": days[-1].isoformat() if days else None,
        "days": (days[-1] - days[0]).days + 1 if days else 0,
        "planned_per_day": num(planned),
    }


def _intake(session: Session, c: Consultation) -> list[dict]:
    rows = session.execute(
        select(
            Proposal.channel,
            Proposal.received_at,
            Proposal.organisation,
            Proposal.in_template,
            Proposal.source_file,
        ).where(Proposal.consultation_id == c.id, Proposal.channel.in_(INTAKE_CHANNELS))
    ).all()
    frame = pd.DataFrame(
        rows, columns=["channel", "received_at", "organisation", "in_template", "source_file"]
    )
    if frame.empty:
        return []
    frame["channel"] = frame["channel"].astype(str)
    frame["day"] = [local_date(m, c.timezone) for m in frame["received_at"]]
    frame["organisation"] = frame["organisation"].fillna("")
    result = []
    for (channel, day, organisation), group in frame.groupby(
        ["channel", "day", "organisation"], sort=True
    ):
        result.append(
            {
                "channel": channel,
                "received_on": day.isoformat(),
                "organisation": organisation or None,
                "items": len(group),
                "in_template": int(group["in_template"].sum()),
            }
        )
    return result


def _annexes(session: Session, c: Consultation, lang: str, today: dt.date) -> dict:
    proposals = session.scalars(
        select(Proposal)
        .where(Proposal.consultation_id == c.id, Proposal.status.not_in(NOT_COUNTED))
        .options(
            selectinload(Proposal.theme),
            selectinload(Proposal.institution),
            selectinload(Proposal.commitment),
        )
    ).all()
    proposals = sorted(
        proposals,
        key=lambda p: (p.theme is None, p.theme.position if p.theme else 0, p.received_at, p.id),
    )
    listed, rejections, commitments = [], [], []
    routing: dict[int, dict] = {}
    for p in proposals:
        # The proposal's own number, the one the web, ``pulso proposals`` and the answer
        # files use: an institution answering from the annex answers the right proposal.
        number = p.id
        text = scrub_contact_data(p.text or "")
        # Without a title or summary, the whole text (spaces collapsed): the annex is the
        # record of what was proposed, and XLSX and CSV never cut a cell.
        title = scrub_contact_data(p.title or p.summary or "") or " ".join(text.split())
        institution = p.institution
        listed.append(
            {
                "number": number,
                "theme": p.theme.name(lang) if p.theme else None,
                "channel": str(p.channel),
                "received": local_date(p.received_at, c.timezone).isoformat(),
                "organisation": p.organisation,
                "title": title,
                "text": text,
                "in_template": bool(p.in_template),
                "status": str(p.status),
                "institution": institution.acronym or institution.name if institution else None,
                "answer_due_on": iso(p.answer_due_on),
            }
        )
        if institution is not None:
            entry = routing.setdefault(
                institution.id,
                {
                    "institution": institution.name,
                    "acronym": institution.acronym,
                    "proposals": 0,
                    "answered": 0,
                    "accepted": 0,
                    "rejected": 0,
                    "overdue": 0,
                },
            )
            entry["proposals"] += 1
            if p.status in (ProposalStatus.ACCEPTED, ProposalStatus.REJECTED):
                entry["answered"] += 1
                entry["accepted" if p.status == ProposalStatus.ACCEPTED else "rejected"] += 1
            elif p.answer_due_on is not None and p.answer_due_on < today:
                entry["overdue"] += 1
        if p.status == ProposalStatus.REJECTED:
            rejections.append(
                {
                    "number": number,
                    "title": title,
                    "institution": institution.name if institution else None,
                    "justification": scrub_contact_data(p.justification or ""),
                }
            )
        if p.commitment is not None:
            m = p.commitment
            commitments.append(
                {
                    "number": number,
                    "title": title,
                    "institution": institution.name if institution else None,
                    "action": m.action,
                    "indicator": m.indicator,
                    "baseline": m.baseline,
                    "target": m.target,
                    "responsible": m.responsible,
                    "starts_on": m.starts_on.isoformat(),
                    "ends_on": m.ends_on.isoformat(),
                    "milestones": m.milestones,
                }
            )
    routing_rows = sorted(routing.values(), key=lambda r: (-r["proposals"], r["institution"]))
    return {
        "proposals": listed,
        "routing": routing_rows,
        "rejections": rejections,
        "commitments": commitments,
    }


def _fill_weeks(rows: list[dict], tz: str) -> list[dict]:
    """Add the weeks without posts between the first and the last, with zero posts."""
    if not rows:
        return rows
    by_label = {row["week"]: row for row in rows}
    first = Week.parse(rows[0]["week"], tz).first_day
    last = Week.parse(rows[-1]["week"], tz).first_day
    empty = {k: None for k in rows[0] if k not in ("week", "posts", "posts_with_data")}
    return [
        by_label.get(week.label, {"week": week.label, "posts": 0, "posts_with_data": 0, **empty})
        for week in weeks_between(first, last, tz)
    ]


def build_consultation(
    *,
    session: Session,
    consultation: Consultation,
    lang: str = "es",
    as_of: dt.datetime | None = None,
    today: dt.date | AsOf | None = None,
) -> dict:
    """Every figure of the consultation report (see the module docstring). Metric values
    are as of ``as_of`` (default: now); deadlines and overdue answers are counted at
    ``today`` (a date, an ``AsOf``, default ``analytics.consultation.as_of_for``), printed
    as ``deadlines_as_of``."""
    generated = dt.datetime.now(dt.UTC)
    as_of = as_of or generated
    if isinstance(today, AsOf):
        deadlines = today
    elif today is not None:
        deadlines = AsOf(today, "chosen")
    else:
        deadlines = as_of_for(consultation)
    today = deadlines.day
    c = consultation
    rec = reconciliation(session=session, consultation_id=c.id)
    answers = answer_summary(session=session, consultation_id=c.id, today=today)
    by_theme = proposals_by_theme(session=session, consultation_id=c.id)
    web = proposals_by_theme(session=session, consultation_id=c.id, channel="web")
    all_posts = posts_query(consultation_id=c.id)
    post_ids = select(all_posts.subquery().c.id)
    posts = post_table(session=session, posts=all_posts, at=as_of)
    comments = comment_frame(session=session, post_ids=post_ids)
    funnel_rows = funnel(posts, comments, funnel_proposals(session=session, consultation_id=c.id))
    theme_names = {
        t.id: t.name(lang)
        for t in session.scalars(select(Theme).where(Theme.consultation_id == c.id))
    }
    people = distinct_people(session=session, consultation_id=c.id)
    by_week = _fill_weeks(
        group_rows(group_totals(posts, "week", tz=c.timezone), "week"), c.timezone
    )
    best, _ = best_and_worst(posts, n=1)
    executive = consultation_facts(
        by_week,
        posts,
        {"received": rec.received, "total": rec.counted, "people": people},
        answers_due(answers, deadlines),
        c.timezone,
        post_texts(session, best["post_id"]),
    )
    return {
        "schema": SCHEMA_ID,
        "generated_at": generated.isoformat(),
        "as_of": as_of.isoformat(),
        "executive": executive,
        "deadlines_as_of": {"day": deadlines.day.isoformat(), "basis": deadlines.basis},
        "lang": lang,
        "timezone": c.timezone,
        "consultation": {
            "slug": c.slug,
            "name": c.name,
            "starts_on": iso(c.starts_on),
            "ends_on": iso(c.ends_on),
        },
        "proposals": {
            "total": rec.counted,
            "structured": rec.structured,
            "received": rec.received,
            "not_proposals": rec.not_proposals,
            "merged": rec.merged,
            # Distinct people behind the counted proposals: not the sum of the themes'
            # figures (someone who proposed in two themes is one person).
            "people": people,
        },
        # Per channel, from items received to proposals counted: a comment merged into a
        # proposal of another channel is received and merged here, counted there.
        "channels": [
            {
                "channel": channel,
                "proposals": steps["counted"],
                "received": steps["received"],
                "not_proposals": steps["not_proposals"],
                "merged": steps["merged"],
            }
            for channel, steps in rec.steps_by_channel.items()
        ],
        "reconciliation": {
            "received": rec.received,
            "not_proposals": rec.not_proposals,
            "merged": rec.merged,
            "counted": rec.counted,
            "structured": rec.structured,
        },
        "by_theme": _theme_rows(by_theme, lang),
        "web_by_theme": _theme_rows([r for r in web if r.slug is not None or r.proposals], lang),
        "by_week": by_week,
        "by_platform": group_rows(group_totals(posts, "platform"), "platform"),
        "x": _x(session, c, posts),
        "facebook_posts": _facebook(session, c, posts, post_ids, lang),
        # The boosted posts' paid results, as in the weekly report (analytics.paid).
        **paid_data(session, promotions(session=session, posts=posts)),
        "intake": _intake(session, c),
        "answers": {
            "counted": answers.counted,
            "routed": answers.routed,
            "answered": answers.answered,
            "accepted": answers.accepted,
            "rejected": answers.rejected,
            "pending": answers.pending,
            "overdue": answers.overdue,
        },
        "funnel": [
            {
                "channel": r.channel,
                "theme": theme_names.get(r.theme_id) if r.theme_id is not None else None,
                "reach": num(r.reach),
                "reach_method": r.reach_method if isinstance(r.reach_method, str) else None,
                "link_clicks": num(r.link_clicks),
                "comments": num(r.comments),
                "proposals": int(r.proposals),
                "merged": int(r.merged),
                "answered": int(r.answered),
                "accepted": int(r.accepted),
            }
            for r in funnel_rows.itertuples()
        ],
        "annexes": _annexes(session, c, lang, today),
    }
