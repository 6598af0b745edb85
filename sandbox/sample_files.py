"""Reading the sample campaign's files (``sandbox/data/sample_2018``) into a ``Sample``:
Facebook, X, Disqus, the proposal files and the team's recorded decisions. A file that does
not hold what the sample needs stops with its name and the field."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from pulso.errors import InputError, KeyedValueError
from pulso.sandbox.sample import CSV_HEADERS, FILES, SAMPLE_DIR, TEMPLATE_FIELDS, Sample
from pulso.sandbox.sample_records import (
    CHANNELS,
    Answer,
    AudienceRow,
    Boost,
    Commitment,
    Decisions,
    DisqusAuthor,
    DisqusPost,
    DisqusThread,
    FacebookComment,
    FacebookMetrics,
    FacebookPage,
    FacebookPost,
    ProposalRow,
    Review,
    Routing,
    Snapshot,
    Tweet,
    XReply,
    XUser,
)


class _Reader:
    """Field access that turns a missing or malformed value into an ``InputError``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def get(self, obj: dict[str, Any], key: str, cast: Callable[[Any], Any] = lambda v: v):
        try:
            return cast(obj[key])
        except KeyError:
            raise InputError.of(
                "err.sample.missing_field", path=str(self.path), field=key
            ) from None
        except (TypeError, ValueError) as exc:
            raise InputError.of_value(exc, path=str(self.path), field=key) from None

    def opt(self, obj: dict[str, Any], key: str, cast: Callable[[Any], Any] = lambda v: v):
        return None if obj.get(key) is None else self.get(obj, key, cast)


def _aware(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise KeyedValueError("err.sample.no_offset", value=value)
    return parsed


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise KeyedValueError("err.sample.not_bool", value=value)
    return value


def _utc_naive(value: str) -> dt.datetime:
    # Disqus gives createdAt in UTC without a zone (API and XML export alike).
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError.of("err.input.no_such_file", path=str(path)) from None
    except json.JSONDecodeError as exc:
        raise InputError.of(
            "err.catalog.not_json", path=str(path), line=exc.lineno, problem=exc.msg
        ) from None


def _review(r: _Reader, obj: dict[str, Any]) -> Review:
    return Review(
        label=r.get(obj, "label", str),
        reviewed=r.get(obj, "reviewed", _bool),
        theme=obj.get("theme"),
        summary=obj.get("summary"),
        reviewed_by=obj.get("reviewed_by"),
        reviewed_at=r.opt(obj, "reviewed_at", _aware),
    )


def _metrics(r: _Reader, m: dict[str, Any]) -> FacebookMetrics:
    return FacebookMetrics(
        **{
            k: r.get(m, k, int)
            for k in (
                "reach",
                "reach_organic",
                "reach_paid",
                "impressions",
                "comments",
                "shares",
                "clicks",
                "link_clicks",
            )
        },
        reactions={k: int(v) for k, v in r.get(m, "reactions", dict).items()},
        video_plays=r.opt(m, "video_plays", int),
    )


def _facebook(directory: Path) -> dict[str, Any]:
    path = directory / FILES["facebook_posts"]
    r, data = _Reader(path), _json(path)
    page = r.get(data, "page")
    posts = tuple(
        FacebookPost(
            label=r.get(p, "label", str),
            title=r.get(p, "title", str),
            id=r.get(p, "id", str),
            kind=r.get(p, "kind", str),
            published_at=r.get(p, "published_at", _aware),
            permalink=r.get(p, "permalink", str),
            text=r.get(p, "text", str),
            is_boosted=r.get(p, "is_boosted", _bool),
            metrics_observed_at=r.get(p, "metrics_observed_at", _aware),
            metrics=_metrics(r, r.get(p, "metrics")),
            video_id=(p.get("video") or {}).get("id"),
            video_length_seconds=(p.get("video") or {}).get("length_seconds"),
        )
        for p in r.get(data, "posts", list)
    )
    b = r.get(data, "boost")
    ins, tgt = r.get(b, "insights"), r.get(b, "targeting")
    boost = Boost(
        post_id=r.get(b, "post_id", str),
        label=r.get(b, "label", str),
        ad_id=r.get(b, "ad_id", str),
        adset_id=r.get(b, "adset_id", str),
        campaign_id=r.get(b, "campaign_id", str),
        name=r.get(b, "name", str),
        objective=r.get(b, "objective", str),
        currency=r.get(b, "currency", str),
        spend=r.get(b, "spend", Decimal),
        starts_at=r.get(b, "starts_at", _aware),
        ends_at=r.get(b, "ends_at", _aware),
        days=r.get(b, "days", int),
        targeting=r.get(tgt, "summary", str),
        age_min=r.get(tgt, "age_min", int),
        age_max=r.get(tgt, "age_max", int),
        countries=tuple(r.get(tgt, "countries", list)),
        reach=r.get(ins, "reach", int),
        impressions=r.get(ins, "impressions", int),
        clicks=r.get(ins, "clicks", int),
        inline_link_clicks=r.get(ins, "inline_link_clicks", int),
        cpm=r.get(ins, "cpm", float),
        ctr=r.get(ins, "ctr", float),
        frequency=r.get(ins, "frequency", float),
        audience=tuple(
            AudienceRow(
                age=r.get(a, "age", str),
                gender=r.get(a, "gender", str),
                reach=r.get(a, "reach", int),
                impressions=r.get(a, "impressions", int),
                clicks=r.get(a, "clicks", int),
                inline_link_clicks=r.get(a, "inline_link_clicks", int),
                spend=r.get(a, "spend", Decimal),
            )
            for a in r.get(b, "audience", list)
        ),
    )
    snapshots = {
        label: tuple(
            Snapshot(
                observed_at=r.get(s, "observed_at", _aware),
                reactions={k: int(v) for k, v in r.get(s, "reactions", dict).items()},
                **{
                    k: r.get(s, k, int)
                    for k in (
                        "reach",
                        "reach_paid",
                        "impressions",
                        "comments",
                        "shares",
                        "clicks",
                        "link_clicks",
                    )
                },
            )
            for s in rows
        )
        for label, rows in r.get(data, "snapshots", dict).items()
    }
    path = directory / FILES["facebook_comments"]
    r, data = _Reader(path), _json(path)
    comments = tuple(
        FacebookComment(
            id=r.get(c, "id", str),
            parent_id=r.opt(c, "parent_id", str),
            author_id=r.get(r.get(c, "author"), "id", str),
            author_name=r.get(r.get(c, "author"), "name", str),
            created_at=r.get(c, "created_at", _aware),
            text=r.get(c, "text", str),
            like_count=r.get(c, "like_count", int),
            comment_count=r.get(c, "comment_count", int),
            is_hidden=r.get(c, "is_hidden", _bool),
            review=_review(r, r.get(c, "review")),
        )
        for c in r.get(data, "comments", list)
    )
    return {
        "facebook_page": FacebookPage(
            **{k: str(page[k]) for k in ("id", "name", "username", "link")}
        ),
        "facebook_posts": posts,
        "facebook_boost": boost,
        "facebook_snapshots": snapshots,
        "facebook_comments_post_id": r.get(data, "post_id", str),
        "facebook_comments": comments,
    }


def _user(r: _Reader, u: dict[str, Any]) -> XUser:
    return XUser(r.get(u, "id", str), r.get(u, "username", str), r.get(u, "name", str))


def _x(directory: Path) -> dict[str, Any]:
    path = directory / FILES["x_posts"]
    r, data = _Reader(path), _json(path)
    tweets = []
    for t in r.get(data, "tweets", list):
        m, media = r.get(t, "public_metrics"), r.get(t, "media")
        tweets.append(
            Tweet(
                id=r.get(t, "id", str),
                created_at=r.get(t, "created_at", _aware),
                text=r.get(t, "text", str),
                media_kind=r.get(media, "kind", str),
                media_label=r.get(media, "label", str),
                retweeted_by=tuple(r.get(t, "retweeted_by", list)),
                **{
                    k: r.get(m, k, int)
                    for k in (
                        "retweet_count",
                        "reply_count",
                        "like_count",
                        "quote_count",
                        "bookmark_count",
                        "impression_count",
                    )
                },
            )
        )
    out = {
        "x_account": _user(r, r.get(data, "account")),
        "x_retweeters": tuple(_user(r, u) for u in r.get(data, "retweeters", list)),
        "tweets": tuple(tweets),
    }
    path = directory / FILES["x_replies"]
    r, data = _Reader(path), _json(path)
    out["x_replies"] = tuple(
        XReply(
            id=r.get(x, "id", str),
            conversation_id=r.get(x, "conversation_id", str),
            in_reply_to_user_id=r.get(x, "in_reply_to_user_id", str),
            author=_user(r, r.get(x, "author")),
            created_at=r.get(x, "created_at", _aware),
            text=r.get(x, "text", str),
            like_count=r.get(r.get(x, "public_metrics"), "like_count", int),
            review=_review(r, r.get(x, "review")),
        )
        for x in r.get(data, "replies", list)
    )
    return out


def _disqus(directory: Path) -> dict[str, Any]:
    path = directory / FILES["disqus"]
    r, data = _Reader(path), _json(path)
    threads = tuple(
        DisqusThread(
            id=r.get(t, "id", str),
            forum=r.get(t, "forum", str),
            link=r.get(t, "link", str),
            title=r.get(t, "title", str),
            theme=r.get(t, "theme", str),
            identifiers=tuple(r.get(t, "identifiers", list)),
            created_at=r.get(t, "createdAt", _utc_naive),
        )
        for t in r.get(data, "threads", list)
    )
    posts = []
    for p in r.get(data, "posts", list):
        a = r.get(p, "author")
        posts.append(
            DisqusPost(
                id=r.get(p, "id", str),
                thread=r.get(p, "thread", str),
                parent=r.opt(p, "parent", str),
                author=DisqusAuthor(
                    username=r.opt(a, "username", str),
                    name=r.get(a, "name", str),
                    email=r.get(a, "email", str),
                    is_anonymous=r.get(a, "isAnonymous", _bool),
                ),
                ip_address=r.get(p, "ipAddress", str),
                raw_message=r.get(p, "raw_message", str),
                created_at=r.get(p, "createdAt", _utc_naive),
                likes=r.get(p, "likes", int),
                dislikes=r.get(p, "dislikes", int),
                is_deleted=r.get(p, "isDeleted", _bool),
                is_spam=r.get(p, "isSpam", _bool),
            )
        )
    return {
        "disqus_forum": dict(r.get(data, "forum", dict)),
        "disqus_threads": threads,
        "disqus_posts": tuple(posts),
    }


def _rows(directory: Path, key: str) -> tuple[ProposalRow, ...]:
    path = directory / FILES[key]
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise InputError.of("err.input.no_such_file", path=str(path)) from None
    rows = []
    with handle:
        reader = csv.DictReader(handle)
        missing = [h for h in CSV_HEADERS if h not in (reader.fieldnames or [])]
        if missing:
            raise InputError.of(
                "err.sample.missing_column", path=str(path), line=1, field=missing[0]
            )
        for n, row in enumerate(reader, 1):
            line = reader.line_num

            if row["canal"] not in CHANNELS:
                raise InputError.of(
                    "err.sample.unknown_channel",
                    path=str(path),
                    line=line,
                    field="canal",
                    value=row["canal"],
                    known=", ".join(sorted(CHANNELS)),
                )
            if row["plantilla"] not in ("si", "no"):
                raise InputError.of(
                    "err.sample.not_si_no", path=str(path), line=line, field="plantilla"
                )
            try:
                received_at = _aware(row["fecha"])
            except ValueError as exc:
                raise InputError.of_value(exc, path=str(path), line=line, field="fecha") from None
            rows.append(
                ProposalRow(
                    ref=f"{key}:{n}",
                    row=n,
                    received_at=received_at,
                    canal=row["canal"],
                    organizacion=row["organizacion"] or None,
                    remitente=row["remitente"] or None,
                    tema=row["tema"] or None,
                    titulo=row["titulo"],
                    texto=row["texto"],
                    plantilla=row["plantilla"] == "si",
                    template_fields={k: row[k] for k in TEMPLATE_FIELDS if row.get(k)},
                    extra={
                        k: v
                        for k, v in row.items()
                        if k not in CSV_HEADERS and k not in TEMPLATE_FIELDS and v
                    },
                )
            )
    return tuple(rows)


def _decisions(directory: Path) -> Decisions:
    path = directory / FILES["decisions"]
    r, data = _Reader(path), _json(path)
    answers = []
    for a in r.get(data, "answers", list):
        c = a.get("commitment")
        commitment = None
        if c is not None:
            commitment = Commitment(
                **{
                    k: r.get(c, k, str)
                    for k in ("action", "indicator", "baseline", "target", "responsible")
                },
                starts_on=r.get(c, "starts_on", dt.date.fromisoformat),
                ends_on=r.get(c, "ends_on", dt.date.fromisoformat),
                milestones=r.get(c, "milestones", str),
            )
        answers.append(
            Answer(
                ref=r.get(a, "ref", str),
                institution=r.get(a, "institution", str),
                status=r.get(a, "status", str),
                decided_at=r.get(a, "decided_at", _aware),
                justification=a.get("justification"),
                commitment=commitment,
            )
        )
    nps = r.get(data, "not_proposals", list)
    return Decisions(
        consultation=r.get(data, "consultation", str),
        decided_by=r.get(data, "decided_by", str),
        not_proposals={r.get(x, "ref", str): r.get(x, "reason", str) for x in nps},
        not_proposal_dates={r.get(x, "ref", str): r.get(x, "decided_at", _aware) for x in nps},
        theme_corrections={
            r.get(x, "ref", str): (r.get(x, "from", str), r.get(x, "to", str), x.get("reason", ""))
            for x in r.get(data, "theme_corrections", list)
        },
        merges={
            r.get(x, "ref", str): (r.get(x, "into", str), x.get("reason", ""))
            for x in r.get(data, "merges", list)
        },
        routing=tuple(
            Routing(
                ref=r.get(x, "ref", str),
                institution=r.get(x, "institution", str),
                routed_at=r.get(x, "routed_at", _aware),
                answer_due_on=r.get(x, "answer_due_on", dt.date.fromisoformat),
            )
            for x in r.get(data, "routing", list)
        ),
        answers=tuple(answers),
    )


def load_sample(directory: str | Path | None = None) -> Sample:
    """Read the sample campaign from ``directory`` (default: the packaged sample)."""
    directory = Path(directory) if directory is not None else SAMPLE_DIR
    return Sample(
        directory=directory,
        **_facebook(directory),
        **_x(directory),
        **_disqus(directory),
        email_rows=_rows(directory, "email"),
        workshop_rows=_rows(directory, "workshop"),
        decisions=_decisions(directory),
    )
