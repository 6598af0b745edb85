"""X Analytics export import: both formats, generated here, on both backends."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from sqlalchemy import select

from pulso.collectors.x.export import read_export
from pulso.db.engine import make_engine, transaction
from pulso.db.models import MetricObservation, Post
from pulso.db.writer import Writer
from pulso.errors import InputError
from pulso.jobs.imports import import_x_exports
from pulso.sandbox.fake_x_data import snowflake

LEGACY_HEADER = (
    "Tweet id,Tweet permalink,Tweet text,time,impressions,engagements,engagement rate,retweets,"
    "replies,{likes},user profile clicks,url clicks,hashtag clicks,detail expands,"
    "permalink clicks,app opens,app installs,follows,email tweet,dial phone,media views,"
    "media engagements,promoted impressions,promoted engagements,promoted engagement rate,"
    "promoted retweets,promoted replies,promoted {likes},promoted user profile clicks,"
    "promoted url clicks,promoted hashtag clicks,promoted detail expands,"
    "promoted permalink clicks,promoted app opens,promoted app installs,promoted follows,"
    "promoted email tweet,promoted dial phone,promoted media views,promoted media engagements"
)
CONTENT_HEADER = [
    "Post id",
    "Date",
    "Post text",
    "Post Link",
    "Impressions",
    "Likes",
    "Engagements",
    "Bookmarks",
    "Shares",
    "New follows",
    "Replies",
    "Reposts",
    "Profile visits",
    "Detail Expands",
    "URL Clicks",
    "Hashtag Clicks",
    "Permalink Clicks",
]
T1 = dt.datetime(2018, 6, 21, 15, 0, 7, tzinfo=dt.UTC)
T2 = dt.datetime(2018, 6, 29, 19, 30, 0, tzinfo=dt.UTC)
ID1, ID2 = snowflake(T1, 1), snowflake(T2, 2)


def legacy_file(tmp_path, likes_word="likes", promoted_row=True):
    header = LEGACY_HEADER.format(likes=likes_word).split(",")
    assert len(header) == 40
    path = tmp_path / "tweet_activity_metrics_TransparenciaSV_20180601_20180701_en.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL)
        w.writerow(header)
        base = ["0"] * 18
        w.writerow(
            [ID1, f"https://twitter.com/TransparenciaSV/status/{ID1}", "Consulta\nabierta"]
            + ["2018-06-21 15:00 +0000", "812.0", "20.0", "0.02", "7.0", "1.0", "3.0", "2.0"]
            + ["4.0"]
            + base[:10]
            + ["-"] * 18
        )
        promoted = ["300", "12", "0.04", "2", "0", "5"] + ["0"] * 12 if promoted_row else ["-"] * 18
        w.writerow(
            [ID2, f"https://twitter.com/TransparenciaSV/status/{ID2}", "Arte 3"]
            + ["2018-06-29 19:30 +0000", "2500.0", "90.0", "0.036", "20.0", "0.0", "15.0", "6.0"]
            + ["30.0"]
            + base[:10]
            + promoted
        )
    return path


def content_file(tmp_path, rows=None):
    path = tmp_path / "account_analytics_content_2026-06-01_2026-07-10.csv"
    rounded = f"{int(ID2):.14E}".replace("E+", "E+")  # what a spreadsheet does to an id
    rows = rows or [
        [ID1, "Thu, Jun 21, 2018", "Consulta", f"https://x.com/TransparenciaSV/status/{ID1}"]
        + ["1,204", "5", "40", "1", "0", "0", "1", "9", "3", "2", "6", "0", "1"],
        [rounded, "Fri, Jun 29, 2018", "Arte 3", f"https://x.com/TransparenciaSV/status/{ID2}"]
        + ["74,926", "1,517", "1,782", "4", "116", "2", "47", "176", "30", "12", "272", "1", "3"],
    ]
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(CONTENT_HEADER)
        w.writerows(rows)
    return path


@pytest.fixture
def engine(migrated_url):
    eng = make_engine(migrated_url)
    yield eng
    eng.dispose()


def _import(engine, *paths):
    with transaction(engine) as session:
        return import_x_exports(paths, session=session, writer=Writer(author_secret="k"))


def _values(engine):
    with transaction(engine) as session:
        rows = session.execute(
            select(Post.external_id, MetricObservation.metric, MetricObservation.scope)
            .add_columns(MetricObservation.value, MetricObservation.source)
            .join(Post, Post.id == MetricObservation.post_id)
        ).all()
    return {(r[0], r[1], r[2].value): (r[3], r[4]) for r in rows}


@pytest.mark.parametrize("likes_word", ["likes", "favorites"])
def test_legacy_export(engine, tmp_path, likes_word):
    path = legacy_file(tmp_path, likes_word)
    summary = _import(engine, path)
    assert summary.rows == 2 and summary.written.posts == 2
    values = _values(engine)
    assert values[(ID1, "impressions", "total")] == (812.0, f"file:{path.name}")
    assert values[(ID1, "likes", "total")][0] == 3
    assert values[(ID1, "link_clicks", "total")][0] == 4
    assert (ID1, "impressions", "paid") not in values  # "-": not promoted
    assert values[(ID2, "impressions", "paid")][0] == 300
    assert values[(ID2, "likes", "paid")][0] == 5
    with transaction(engine) as session:
        post = session.scalar(select(Post).where(Post.external_id == ID1))
        assert post.published_at == T1 and post.text == "Consulta\nabierta"
        assert session.scalar(select(Post.is_boosted).where(Post.external_id == ID2))
        observed = session.scalar(select(MetricObservation.observed_at).limit(1))
        assert observed == dt.datetime(2018, 7, 2, tzinfo=dt.UTC)


def test_content_export_ids_from_links_and_thousands(engine, tmp_path):
    path = content_file(tmp_path)
    _import(engine, path)
    values = _values(engine)
    assert values[(ID2, "impressions", "total")][0] == 74926
    assert values[(ID2, "likes", "total")][0] == 1517
    assert values[(ID2, "shares", "total")][0] == 116
    assert values[(ID1, "profile_clicks", "total")][0] == 3
    with transaction(engine) as session:
        published = session.scalar(select(Post.published_at).where(Post.external_id == ID2))
    assert published == T2  # from the id, to the second


def test_reimport_changes_nothing(engine, tmp_path):
    paths = [legacy_file(tmp_path), content_file(tmp_path)]
    _import(engine, *paths)
    before = _values(engine)
    again = _import(engine, *paths)
    assert again.written.observations == 0 and again.written.posts == 0
    assert _values(engine) == before


@pytest.mark.parametrize(
    "row, line, column",
    [
        (
            ["9", "Thu, Jun 21, 2018", "x", "https://x.com/a/status/9"] + ["12x"] + ["0"] * 12,
            3,
            "Impressions",
        ),
        (["1.2E+18", "Thu, Jun 21, 2018", "x", ""] + ["1"] * 13, 3, "Post id"),
        (["9", "21/06/2018", "x", "https://x.com/a/status/9"] + ["1"] * 13, 3, "Date"),
    ],
)
def test_malformed_export_names_file_line_column_and_writes_nothing(
    engine, tmp_path, row, line, column
):
    good = legacy_file(tmp_path)
    ok_row = ["8", "Thu, Jun 21, 2018", "x", "https://x.com/a/status/8"] + ["1"] * 13
    bad = content_file(tmp_path, rows=[ok_row, row])
    with pytest.raises(InputError) as caught:
        _import(engine, good, bad)
    message = str(caught.value)
    assert bad.name in message and f"line {line}" in message and repr(column) in message
    assert _values(engine) == {}


def test_not_an_export(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an X Analytics export"):
        read_export(path)
