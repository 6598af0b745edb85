"""Every analytics definition on tiny literal data (no database)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from pulso.analytics.cadence import cadence, cadence_summary
from pulso.analytics.comments import comment_summary
from pulso.analytics.funnel import funnel
from pulso.analytics.paid import age_gender_matrix, promotion_figures, shape_audience
from pulso.analytics.periods import Week, change, local_date, weeks_between
from pulso.analytics.posts import additive_totals, best_and_worst, shape_post_table
from pulso.analytics.totals import UniqueCountError
from pulso.errors import InputError

SV = "America/El_Salvador"
UTC = dt.UTC


def _posts(*rows):
    columns = ["post_id", "platform", "external_id", "label", "kind", "permalink",
               "published_at", "is_boosted", "campaign_id", "theme_id"]  # fmt: skip
    return pd.DataFrame(
        [
            {
                "post_id": r[0],
                "platform": r[1],
                "external_id": f"e{r[0]}",
                "label": f"post {r[0]}",
                "kind": "image",
                "permalink": None,
                "published_at": r[2] if len(r) > 2 else dt.datetime(2018, 6, 25, 18, tzinfo=UTC),
                "is_boosted": False,
                "campaign_id": None,
                "theme_id": r[3] if len(r) > 3 else None,
            }
            for r in rows
        ],
        columns=columns,
    )


def _obs(*rows):
    return pd.DataFrame(
        [
            {"post_id": p, "metric": m, "scope": s, "value": float(v), "observed_at": None}
            for p, m, v, s in rows
        ],
        columns=["post_id", "metric", "scope", "value", "observed_at"],
    )


# -- weeks and days in the consultation's time zone -------------------------------------


def test_week_bounds_are_local_midnights_in_utc():
    week = Week.parse("2018-W26", SV)
    assert week.first_day == dt.date(2018, 6, 25) and week.last_day == dt.date(2018, 7, 1)
    # El Salvador is UTC-6: local midnight is 06:00 UTC.
    assert week.start_utc == dt.datetime(2018, 6, 25, 6, tzinfo=UTC)
    assert week.end_utc == dt.datetime(2018, 7, 2, 6, tzinfo=UTC)
    assert week.previous().label == "2018-W25" and week.next().label == "2018-W27"


def test_a_late_evening_post_belongs_to_the_local_day_and_week():
    sunday_night = dt.datetime(2018, 7, 2, 3, tzinfo=UTC)  # Sunday 1 July, 21:00 local
    assert local_date(sunday_night, SV) == dt.date(2018, 7, 1)
    week = Week.parse("2018-W26", SV)
    assert week.start_utc <= sunday_night < week.end_utc
    # In UTC it would already be Monday of week 27.
    assert sunday_night.date().isocalendar()[1] == 27


@pytest.mark.parametrize("text", ["2018-26", "W26", "2018-W54", "2018-W00", "junio"])
def test_bad_weeks_are_user_errors(text):
    with pytest.raises(InputError):
        Week.parse(text, SV)


def test_weeks_between_and_change():
    weeks = weeks_between(dt.date(2018, 6, 18), dt.date(2018, 7, 16), SV)
    assert [w.label for w in weeks] == [f"2018-W{n}" for n in range(25, 30)]
    assert change(150, 100) == pytest.approx(0.5)
    assert change(5, 0) is None  # a change from nothing is not a percentage
    assert change(None, 3) is None and change(3, None) is None


# -- per post ------------------------------------------------------------------------------


def test_facebook_interactions_are_reactions_comments_and_shares():
    table = shape_post_table(
        _posts((1, "facebook")),
        _obs(
            (1, "reach", 74926, "total"),
            (1, "reactions_like", 1517, "total"),
            (1, "reactions_love", 102, "total"),
            (1, "comments", 47, "total"),
            (1, "shares", 116, "total"),
        ),
    ).iloc[0]
    assert table["reactions"] == 1619  # from the reactions by type
    assert table["interactions"] == 1782
    assert table["engagement_rate"] == pytest.approx(1782 / 74926)
    assert bool(table["has_insights"])


def test_x_interactions_are_likes_reposts_replies_quotes_bookmarks():
    row = shape_post_table(
        _posts((1, "x")),
        _obs(
            (1, "likes", 2, "total"),
            (1, "reposts", 5, "total"),
            (1, "replies", 1, "total"),
            (1, "quotes", 1, "total"),
            (1, "bookmarks", 3, "total"),
            (1, "shares", 99, "total"),  # not an X interaction
        ),
    ).iloc[0]
    assert row["interactions"] == 12


def test_a_post_with_no_insights_has_no_figures_not_zero():
    table = shape_post_table(
        _posts((1, "facebook"), (2, "facebook")), _obs((1, "reach", 10, "total"))
    )
    empty = table.set_index("post_id").loc[2]
    assert not bool(empty["has_insights"])
    assert math.isnan(empty["interactions"]) and math.isnan(empty["reach"])
    assert math.isnan(empty["engagement_rate"])


def test_rates_and_the_paid_scope():
    row = shape_post_table(
        _posts((1, "facebook")),
        _obs(
            (1, "reach", 1000, "total"),
            (1, "views", 2000, "total"),
            (1, "video_plays", 500, "total"),
            (1, "reach", 800, "paid"),
            (1, "link_clicks", 40, "paid"),
            (1, "clicks", 90, "paid"),
        ),
    ).iloc[0]
    assert row["shown"] == 2000  # views stand in for the retired impressions
    assert row["link_clicks"] == 40 and row["clicks"] == 90  # known only from the boost
    assert row["ctr"] == pytest.approx(40 / 2000)
    assert row["view_rate"] == pytest.approx(500 / 2000)
    assert row["paid_share"] == pytest.approx(0.8)


def test_a_ratio_with_a_zero_denominator_is_missing():
    row = shape_post_table(
        _posts((1, "facebook")), _obs((1, "reach", 0, "total"), (1, "shares", 1, "total"))
    ).iloc[0]
    assert math.isnan(row["engagement_rate"])


def test_reach_is_a_unique_count_that_is_never_summed():
    table = shape_post_table(
        _posts((1, "facebook"), (2, "facebook")),
        _obs((1, "reach", 174, "total"), (2, "reach", 147, "total"), (1, "shares", 2, "total")),
    )
    with pytest.raises(UniqueCountError):
        additive_totals(table, ["reach"])
    with pytest.raises(UniqueCountError):
        additive_totals(table, ["paid_reach"])
    assert additive_totals(table, ["shares", "video_plays"]) == {"shares": 2, "video_plays": None}


def test_best_and_worst_leave_out_posts_without_data():
    table = shape_post_table(
        _posts((1, "facebook"), (2, "facebook"), (3, "facebook"), (4, "facebook")),
        _obs(
            (1, "shares", 10, "total"),
            (2, "shares", 1, "total"),
            (3, "shares", 5, "total"),
        ),
    )
    best, worst = best_and_worst(table, n=1)
    assert list(best["post_id"]) == [1] and list(worst["post_id"]) == [2]
    best, worst = best_and_worst(table, n=3)
    assert list(best["post_id"]) == [1, 3, 2] and worst.empty  # too few posts to rank both


# -- paid ----------------------------------------------------------------------------------


class _Promo:
    id = 7
    post_id = 1
    spend = 100
    currency = "USD"
    starts_at = dt.datetime(2018, 6, 30, 3, tzinfo=UTC)
    ends_at = dt.datetime(2018, 7, 3, 3, tzinfo=UTC)
    targeting = "18-65+"
    objective = None


def test_a_boosted_post_costs():
    post = pd.Series(
        {
            "label": "arte 3",
            "reach": 74926.0,
            "paid_reach": 68800.0,
            "paid_impressions": 125000.0,
            "paid_link_clicks": 272.0,
            "paid_clicks": 613.0,
            "link_clicks": float("nan"),
            "interactions": 1782.0,
        }
    )
    figures = promotion_figures(_Promo(), post)
    assert figures["days"] == 3
    assert figures["paid_share"] == pytest.approx(68800 / 74926)
    assert figures["cpm"] == pytest.approx(100 / 125000 * 1000)
    assert figures["cost_per_interaction"] == pytest.approx(100 / 1782)
    assert figures["cost_per_link_click"] == pytest.approx(100 / 272)
    post["paid_impressions"] = float("nan")
    post["paid_link_clicks"] = 0.0
    figures = promotion_figures(_Promo(), post)
    assert figures["cpm"] is None and figures["cost_per_link_click"] is None


def test_audience_below_meta_threshold_is_flagged_not_zero():
    frame = shape_audience(
        pd.DataFrame(
            [
                (1, "reach", "gender", "female", 550.0, None),
                (1, "reach", "gender", "male", 450.0, None),
                (1, "reach", "age_gender", "18-24|female", 300.0, None),
                (1, "reach", "age_gender", "65+|male", None, None),
            ],
            columns=["promotion_id", "metric", "dimension", "bucket", "value", "share"],
        )
    )
    shares = dict(zip(frame["bucket"], frame["share"], strict=True))
    assert shares["female"] == pytest.approx(0.55) and shares["male"] == pytest.approx(0.45)
    flagged = frame.set_index("bucket")["below_threshold"]
    assert bool(flagged["65+|male"]) and not bool(flagged["female"])
    matrix = age_gender_matrix(frame, 1)
    assert matrix.loc["18-24", "female"] == 300 and math.isnan(matrix.loc["65+", "male"])


# -- cadence -------------------------------------------------------------------------------


def test_cadence_planned_against_actual_per_local_day():
    posts = _posts(
        (1, "x", dt.datetime(2018, 6, 21, 15, tzinfo=UTC)),
        (2, "x", dt.datetime(2018, 6, 21, 20, tzinfo=UTC)),
        # 22 June 02:00 UTC is still 21 June in El Salvador.
        (3, "x", dt.datetime(2018, 6, 22, 2, tzinfo=UTC)),
        (4, "x", dt.datetime(2018, 6, 22, 16, tzinfo=UTC)),
        (5, "facebook", dt.datetime(2018, 6, 22, 16, tzinfo=UTC)),
    )
    days = [dt.date(2018, 6, 20), dt.date(2018, 6, 21), dt.date(2018, 6, 22)]
    frame = cadence(posts, days, tz=SV, planned_per_day=3, platform="x",
                    starts_on=dt.date(2018, 6, 21))  # fmt: skip
    assert frame["planned"].tolist() == [0, 3, 3]
    assert frame["actual"].tolist() == [0, 3, 1]
    summary = cadence_summary(frame)
    assert summary["planned"] == 6 and summary["actual"] == 4
    assert summary["fulfilment"] == pytest.approx(4 / 6) and summary["days_below_plan"] == 1


def test_a_week_with_no_posts():
    frame = cadence(_posts().iloc[0:0], Week.parse("2018-W30", SV).days, tz=SV,
                    planned_per_day=None)  # fmt: skip
    assert frame["actual"].sum() == 0 and frame["planned"].sum() == 0
    assert cadence_summary(frame)["fulfilment"] is None
    empty = shape_post_table(_posts().iloc[0:0], _obs())
    assert empty.empty and additive_totals(empty, ["shares"]) == {"shares": None}


# -- comments ------------------------------------------------------------------------------


def test_comment_shares_and_sentiment():
    frame = pd.DataFrame(
        [
            ("confirmed", 0.9, 0.0, "neutral"),
            ("abusive", 0.1, 0.9, "negative"),
            ("pending", 0.7, 0.0, "positive"),
            ("pending", 0.2, 0.8, "negative"),  # the model thinks it abusive
            ("rejected", 0.6, 0.0, None),
        ],
        columns=["review_status", "proposal_score", "abuse_score", "sentiment"],
    )
    summary = comment_summary(frame)
    assert summary["comments"] == 5 and summary["proposals"] == 1
    assert summary["suggested"] == 1  # only pending comments are suggestions
    assert summary["abusive"] == 2
    assert summary["proposal_share"] == pytest.approx(0.2)
    assert summary["sentiment"] == {"negative": 2, "neutral": 1, "positive": 1, "unknown": 1}
    assert comment_summary(frame.iloc[0:0])["proposal_share"] is None


# -- funnel --------------------------------------------------------------------------------


def test_funnel_per_channel_and_theme():
    posts = shape_post_table(
        _posts((1, "facebook", dt.datetime(2018, 6, 25, tzinfo=UTC), 10),
               (2, "facebook", dt.datetime(2018, 6, 26, tzinfo=UTC), 10)),
        _obs((1, "reach", 100, "total"), (2, "reach", 50, "total"),
             (1, "link_clicks", 7, "total")),
    )  # fmt: skip
    comments = pd.DataFrame({"platform": ["facebook"] * 3, "theme_id": [10, 10, 10]})
    proposals = pd.DataFrame(
        [("facebook", 10, 2, 1, 1, 0), ("email", None, 3, 0, 0, 0)],
        columns=["channel", "theme_id", "proposals", "answered", "accepted", "rejected"],
    )
    rows = funnel(posts, comments, proposals).set_index("channel")
    fb = rows.loc["facebook"]
    assert fb["reach"] == 150 and fb["reach_method"] == "sum_of_post_reach"
    assert fb["link_clicks"] == 7 and fb["comments"] == 3
    assert (fb["proposals"], fb["answered"], fb["accepted"]) == (2, 1, 1)
    email = rows.loc["email"]
    # Not measured on that channel: missing, not zero.
    assert pd.isna(email["reach"]) and pd.isna(email["comments"]) and email["proposals"] == 3


def test_group_totals_by_platform_and_local_week():
    from pulso.analytics.posts import group_totals

    table = shape_post_table(
        _posts(
            (1, "facebook", dt.datetime(2018, 6, 25, 18, tzinfo=UTC)),
            # Monday 03:00 UTC is Sunday evening in El Salvador: still week 26.
            (2, "facebook", dt.datetime(2018, 7, 2, 3, tzinfo=UTC)),
            (3, "x", dt.datetime(2018, 7, 2, 18, tzinfo=UTC)),
        ),
        _obs((1, "reach", 100, "total"), (2, "reach", 40, "total"), (1, "shares", 3, "total"),
             (3, "likes", 2, "total"), (3, "reposts", 4, "total"), (3, "replies", 1, "total")),
    )  # fmt: skip
    by_week = group_totals(table, "week", tz=SV).set_index("week")
    assert by_week.loc["2018-W26", "posts"] == 2 and by_week.loc["2018-W27", "posts"] == 1
    assert by_week.loc["2018-W26", "reach_sum_of_posts"] == 140  # labelled, not "people"
    assert pd.isna(by_week.loc["2018-W27", "reach_sum_of_posts"])  # no data, not 0
    by_platform = group_totals(table, "platform").set_index("platform")
    assert by_platform.loc["x", "interactions"] == 7 and by_platform.loc["facebook", "shares"] == 3
    # An X post's reposts are its shares and its replies its comments, as in the reports.
    assert (by_platform.loc["x", "shares"], by_platform.loc["x", "comments"]) == (4, 1)
    assert by_platform.loc["facebook", "posts_with_data"] == 2
    with pytest.raises(ValueError):
        group_totals(table, "day")


def test_a_photo_has_no_video_plays_but_a_video_with_none_has_zero():
    posts = _posts((1, "facebook"), (2, "facebook"))
    posts.loc[1, "kind"] = "video"
    table = shape_post_table(
        posts, _obs((1, "video_plays", 0, "total"), (2, "video_plays", 0, "total"))
    ).set_index("post_id")
    assert math.isnan(table.loc[1, "video_plays"])  # Graph's 0 for a photo: no such figure
    assert table.loc[2, "video_plays"] == 0
