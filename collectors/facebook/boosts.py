"""Boosted posts: the Marketing API results of the ads behind a Page's posts.

An ad is linked to the post it promotes through its creative's
``effective_object_story_id`` ("{page id}_{post id}", the post's own id; Marketing API
reference, Ad Creative). For each such ad of the configured ad account we ask its insights
twice in one batch: totals (``spend, reach, impressions, clicks, inline_link_clicks, cpm``)
and the same ``breakdowns=age,gender``. Totals become a promotion and paid observations;
the breakdown becomes audience rows (age x gender, and per gender and per age, with the
share of the bucket reach). Meta hides demographic values under 100 people.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from pulso.collectors.base import Schema
from pulso.collectors.facebook.paging import next_page_of, page_token
from pulso.records import AudienceRecord, ObservationRecord, Page, PromotionRecord

if TYPE_CHECKING:
    from pulso.collectors.facebook.collector import FacebookCollector

PLATFORM = "facebook"
# The ad set's schedule gives the boost's real start and end times; insights only give days.
AD_FIELDS = (
    "id,name,effective_status,creative{effective_object_story_id},adset{start_time,end_time}"
)
INSIGHT_FIELDS = "spend,reach,impressions,clicks,inline_link_clicks,cpm,account_currency"
ADS = Schema(PLATFORM, "/act_{ad-account-id}/ads", required=("id",))
PAID_METRICS = {
    "reach": "reach",
    "impressions": "impressions",
    "clicks": "clicks",
    "inline_link_clicks": "link_clicks",
    "spend": "spend",
    "cpm": "cpm",
}


class BoostsStream:
    """The ad account's boosts of known posts: a child stream of the posts."""

    def __init__(self, parent: FacebookCollector) -> None:
        self.parent = parent

    def pages(self, state) -> Iterator[Page]:
        return _collect(self.parent, state)


def _collect(collector: FacebookCollector, state) -> Iterator[Page]:
    known = collector.known_posts()
    account = collector.options.ad_account_id.removeprefix("act_")
    ads: list[tuple[str, str]] = []  # (ad id, post id)
    schedules: dict[str, dict] = {}  # ad id -> its ad set's start_time / end_time
    params: dict[str, Any] = {"fields": AD_FIELDS, "limit": 100}
    where: dict[str, str] = {}
    pager = collector.pager(f"/act_{account}/ads", where)
    while True:
        body = collector.get_page(f"act_{account}/ads", params, where)
        items = ADS.items(body, collector.findings)
        for ad in pager.fresh(items, lambda a: a.get("id") if isinstance(a, dict) else None):
            if not ADS.valid(ad, collector.findings):
                continue
            story = (ad.get("creative") or {}).get("effective_object_story_id")
            if story in known:
                ads.append((str(ad["id"]), story))
                schedules[str(ad["id"])] = ad.get("adset") or {}
        where = next_page_of(body)
        if not pager.follow(page_token(where)):
            break
    for start in range(0, len(ads), 25):  # two batch items per ad: at most 50
        chunk = ads[start : start + 25]
        urls = []
        for ad_id, _ in chunk:
            urls.append(f"{ad_id}/insights?fields={INSIGHT_FIELDS}&date_preset=maximum")
            urls.append(
                f"{ad_id}/insights?fields={INSIGHT_FIELDS}&date_preset=maximum"
                "&breakdowns=age,gender"
            )
        answers = collector.batch(urls)
        records: list[Any] = []
        for n, (ad_id, post_id) in enumerate(chunk):
            total, split = answers[2 * n], answers[2 * n + 1]
            for answer in (total, split):
                if answer.error is not None:
                    raise answer.error
            totals = (total.body or {}).get("data") or []
            if not totals:
                continue  # the ad never delivered
            records.extend(
                _records(
                    collector, ad_id, post_id, totals[0], split.body or {}, schedules.get(ad_id)
                )
            )
            collector.figures.ads += 1
        collector.figures.observations += sum(isinstance(r, ObservationRecord) for r in records)
        yield Page(records, [])


def _records(
    collector, ad_id: str, post_id: str, total: dict, split: dict, schedule: dict | None = None
) -> list[Any]:
    rows = split.get("data") or []
    audience = _audience(rows, "reach") + _audience(rows, "impressions")
    promotion = PromotionRecord(
        PLATFORM,
        post_id,
        ad_id,
        spend=_decimal(total.get("spend")),
        currency=total.get("account_currency"),
        starts_at=_moment((schedule or {}).get("start_time")) or _day(total.get("date_start")),
        ends_at=_moment((schedule or {}).get("end_time")) or _day(total.get("date_stop"), end=True),
        audience=tuple(audience),
    )
    observations = [
        ObservationRecord(
            PLATFORM,
            post_id,
            canonical,
            float(total[name]),
            collector.run_at,
            f"marketing:{collector.client.version}:{ad_id}",
            "paid",
        )
        for name, canonical in PAID_METRICS.items()
        if _number(total.get(name)) is not None
    ]
    return [promotion, *observations]


def _audience(rows: list[dict], metric: str) -> list[AudienceRecord]:
    cells: dict[tuple[str, str], float] = {}
    by_gender: dict[str, float] = defaultdict(float)
    by_age: dict[str, float] = defaultdict(float)
    for row in rows:
        value = _number(row.get(metric))
        if value is None:
            continue
        age, gender = str(row.get("age", "unknown")), str(row.get("gender", "unknown"))
        cells[(age, gender)] = cells.get((age, gender), 0.0) + value
        # Buckets are disjoint, so per-gender and per-age reach may be added up.
        by_gender[gender] += value
        by_age[age] += value
    total = sum(cells.values())

    def share(value: float) -> float | None:
        return round(value / total, 6) if total else None

    out = [
        AudienceRecord("age_gender", f"{age}|{gender}", v, share(v), metric)
        for (age, gender), v in sorted(cells.items())
    ]
    out += [AudienceRecord("gender", g, v, share(v), metric) for g, v in sorted(by_gender.items())]
    out += [AudienceRecord("age", a, v, share(v), metric) for a, v in sorted(by_age.items())]
    return out


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)).quantize(Decimal("0.01")) if value is not None else None
    except InvalidOperation:
        return None


def _moment(value: str | None) -> dt.datetime | None:
    """A Graph time ("2018-06-29T10:00:00-0600"), in UTC; None when absent or unreadable."""
    if not value:
        return None
    try:
        moment = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None
    return moment.astimezone(dt.UTC)


def _day(value: str | None, end: bool = False) -> dt.datetime | None:
    if not value:
        return None
    day = dt.date.fromisoformat(value)
    moment = dt.datetime.combine(day, dt.time(23, 59, 59) if end else dt.time(0), dt.UTC)
    return moment
