"""Property-based tests (hypothesis): the importers' number and date parsers, and the
analytics invariants (totals equal the sum of their parts; unique counts are never summed)."""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pulso.analytics.posts import GROUP_METRICS, additive_totals, group_totals
from pulso.analytics.totals import UniqueCountError, sum_metric, sum_of_post_reach, total
from pulso.collectors.facebook import export as fb
from pulso.collectors.tabular import parse_date, parse_datetime
from pulso.collectors.x import export as x
from pulso.errors import InputError

ZONE = ZoneInfo("America/El_Salvador")
counts = st.integers(min_value=0, max_value=10**12)
junk = st.text(min_size=1).filter(lambda s: any(c.isalpha() for c in s))


@given(counts)
def test_counts_written_with_thousands_separators_parse_back(n):
    for text in (str(n), f"{n:,}", f" {n:,} ", f"{n}.0"):
        assert fb._number("f.csv", 2, "reach", text) == n
        assert x._number(text, "x.csv", 2, "Impressions") == n


@given(junk)
def test_anything_with_letters_is_not_a_number(text):
    if text.strip() in ("-", "--", ""):
        return
    with pytest.raises(InputError) as fb_error:
        fb._number("f.csv", 7, "reach", text)
    assert fb_error.value.line == 7 and fb_error.value.field == "reach"
    with pytest.raises(InputError) as x_error:
        x._number(text, "x.csv", 9, "Likes")
    assert x_error.value.line == 9 and x_error.value.field == "Likes"


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_in_every_accepted_spelling_parse_to_the_same_day(day):
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
              "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip
    for text in (day.isoformat(), day.strftime("%d/%m/%Y"),
                 f"{day.day} de {months[day.month - 1]} de {day.year}"):  # fmt: skip
        assert parse_date(text) == day
    # A bare date is midday local time: the local day never shifts through UTC.
    assert parse_datetime(day.isoformat(), ZONE).astimezone(ZONE).date() == day


@given(st.datetimes(min_value=dt.datetime(2005, 1, 1), max_value=dt.datetime(2090, 1, 1)))
def test_facebook_publish_times_are_local_and_round_trip(moment):
    moment = moment.replace(second=0, microsecond=0)
    parsed = fb._time("f.csv", 2, "publish time", moment.strftime("%m/%d/%Y %H:%M"), ZONE)
    assert parsed.tzinfo is not None
    assert parsed.astimezone(ZONE).replace(tzinfo=None) == moment


values = st.lists(st.one_of(st.none(), st.integers(0, 10**7).map(float)), max_size=40)


@given(values)
def test_an_additive_total_is_the_sum_of_its_parts(parts):
    assert sum_metric("shares", parts) == sum(v for v in parts if v is not None)
    assert total("comments", parts).value == sum_metric("comments", parts)
    assert total("comments", parts).method == "sum"


@given(values)
def test_unique_counts_are_never_summed(parts):
    with pytest.raises(UniqueCountError):
        sum_metric("reach", parts)
    with pytest.raises(UniqueCountError):
        total("reach", parts)
    with pytest.raises(UniqueCountError):
        additive_totals(pd.DataFrame({"reach": parts}, dtype=float), ["reach"])
    labelled = sum_of_post_reach(parts)
    assert labelled.method == "sum_of_post_reach"  # only ever as the labelled upper bound


post_rows = st.lists(
    st.fixed_dictionaries(
        {
            "platform": st.sampled_from(["facebook", "x"]),
            "reach": st.one_of(st.none(), st.integers(0, 10**6)),
            "reactions": st.one_of(st.none(), st.integers(0, 10**5)),
            "comments": st.one_of(st.none(), st.integers(0, 10**4)),
            "shares": st.one_of(st.none(), st.integers(0, 10**4)),
        }
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(post_rows)
def test_group_totals_add_up_to_the_campaign_total(rows):
    table = pd.DataFrame(rows).astype(
        {m: "float64" for m in ("reach", "reactions", "comments", "shares")}
    )
    table["published_at"] = pd.Timestamp("2018-06-29", tz="UTC")
    table["has_insights"] = table["reach"].notna()
    for metric in ("link_clicks", "video_plays"):
        table[metric] = float("nan")
    table["interactions"] = table[["reactions", "comments", "shares"]].sum(axis=1, min_count=1)
    groups = group_totals(table, "platform")
    assert groups["posts"].sum() == len(table)
    overall = additive_totals(table, ["interactions", "shares", "comments"])
    for metric in ("interactions", "shares", "comments"):
        parts = groups[metric].dropna()
        if overall[metric] is None:
            assert parts.empty
        else:
            assert math.isclose(parts.sum(), overall[metric])
    # Reach per group is only the labelled sum of its posts' reach, never a people count.
    assert "reach" not in groups.columns and "reach_sum_of_posts" in groups.columns
    assert set(GROUP_METRICS) <= set(groups.columns)
