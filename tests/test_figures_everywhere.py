"""One figure, one definition: every figure a user sees on the overview (each week and the
whole campaign), the posts list, a post's page, the weekly and consultation reports (JSON,
XLSX, HTML, PDF), the API and ``pulso consultation summary`` equals the metrics layer's
value (``analytics``), on the demo database and on a synthetic campaign.

The metrics layer's values are computed here straight from ``analytics`` (``post_table``,
``collected_by_channel``, ``analytics.consultation``); every surface is read as a user
would get it (rendered pages, written files, API responses, printed text).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import re
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.analytics.comments import collected_by_channel, on_posts
from pulso.analytics.consultation import distinct_people, proposals_by_theme, reconciliation
from pulso.analytics.paid import post_story
from pulso.analytics.periods import Period, Week, week_bounds
from pulso.analytics.posts import post_table
from pulso.analytics.scope import posts_query
from pulso.analytics.totals import sum_of_post_reach
from pulso.db.engine import make_engine
from pulso.db.models import Consultation, Post
from pulso.i18n import format_number, format_percent
from pulso.web import queries
from pulso.web.users import add_user, issue_token
from tests.web_client import bearer, login, make_client

SV = ZoneInfo("America/El_Salvador")
TZ = "America/El_Salvador"
SLUG = "pan-2018-2020"
PASSWORD = "figures-everywhere-password"


def layer(session: Session, monday: dt.date | None, period: Period | None = None) -> dict:
    """The metrics layer's figures of a week (its Monday), any period of days or the whole
    campaign."""
    start, end = week_bounds(monday, SV) if monday else (None, None)
    if period is not None:
        start, end = period.start_utc, period.end_utc
    table = post_table(session=session, posts=posts_query(start=start, end=end))
    interactions = table["interactions"].sum(min_count=1)
    return {
        "posts": len(table),
        "reach_sum": sum_of_post_reach(table["reach"].dropna().tolist()).value,
        "interactions": None if interactions != interactions else float(interactions),
        "comments": on_posts(collected_by_channel(session=session, start=start, end=end)),
        "table": table,
    }


def kpis(html: str) -> list[str]:
    return re.findall(r'<span class="kpi-value">([^<]*)</span>', html)


def n(value) -> str:
    return "—" if value is None else format_number(value, "es")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from pulso.cli import main

    out = tmp_path_factory.mktemp("figures-demo")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["demo", "--out", str(out)]) == 0
    engine = make_engine(f"sqlite:///{out / 'pulso.db'}")
    yield out, engine
    engine.dispose()


@pytest.fixture
def demo_session(demo):
    out, engine = demo
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    yield out, session
    session.close()
    outer.rollback()
    connection.close()


def _client(session):
    add_user(session=session, username="ana", password=PASSWORD, role="admin")
    token = issue_token(session=session, username="ana")
    session.flush()
    client = make_client(session)
    login(client, "ana", PASSWORD)
    return client, token


def _check_overview_and_api(session, client, token):
    weeks = queries.available_weeks(session=session, zone=SV)
    assert weeks
    for monday in [None, *weeks]:
        expected = layer(session, monday)
        figures = queries.overview(session=session, zone=SV, week=monday)
        assert figures.posts == expected["posts"], monday
        assert figures.reach_sum == expected["reach_sum"], monday
        assert figures.interactions == expected["interactions"], monday
        assert figures.comments == expected["comments"], monday
        page = client.get("/" + (f"?week={monday.isoformat()}" if monday else ""))
        assert page.status_code == 200
        shown = kpis(page.text)
        assert shown[:4] == [
            n(expected["posts"]),
            n(expected["reach_sum"]),
            n(expected["interactions"]),
            n(expected["comments"]),
        ], monday
    # Any period of days, and the previous period of equal length it is compared with.
    first, last = min(weeks), max(weeks) + dt.timedelta(days=6)
    middle = first + (last - first) / 2
    periods = [Period(first, last, TZ), Period(middle, middle + dt.timedelta(days=9), TZ),
               Period(middle, middle, TZ)]  # fmt: skip
    for period in periods:
        expected, before = layer(session, None, period), layer(session, None, period.previous())
        page = client.get(f"/?from={period.first.isoformat()}&to={period.last.isoformat()}")
        assert page.status_code == 200
        keys = ("posts", "reach_sum", "interactions", "comments")
        assert kpis(page.text)[:4] == [n(expected[key]) for key in keys], period
        figures = queries.overview(session=session, zone=SV, period=period)
        for key in ("posts", "reach_sum", "interactions", "comments"):
            assert figures.comparison[key]["value"] == expected[key], (period, key)
            assert figures.comparison[key]["previous"] == before[key], (period, key)
            shown = re.search(rf'data-key="{key}">[^<]*Periodo anterior: ([^<]*)<', page.text)
            assert shown and shown.group(1) == n(before[key]), (period, key)
    # Every post: the posts list, the API and a post's page say what the layer says.
    table = layer(session, None)["table"].set_index("post_id")
    response = client.get("/api/v1/posts?per_page=200", headers=bearer(token))
    assert response.status_code == 200, response.text
    api = response.json()["items"]
    assert len(api) == len(table)
    for item in api:
        row = table.loc[item["id"]]
        want = None if row["interactions"] != row["interactions"] else row["interactions"]
        assert item["interactions"] == want, item["label"]
    # The posts list, first page by interactions: each row's reach and interactions.
    listing = client.get("/posts?sort=interactions&order=desc").text
    rows = re.findall(
        r'<a (?:class="post-link" )?href="/posts/(\d+)">.*?'
        r'<td class="num">([^<]*)</td>\s*<td class="num">([^<]*)</td>',
        listing,
        flags=re.S,
    )
    assert rows
    for post_id, reach, interactions in rows:
        row = table.loc[int(post_id)]
        assert reach == n(None if row["reach"] != row["reach"] else row["reach"]), post_id
        want = None if row["interactions"] != row["interactions"] else row["interactions"]
        assert interactions == n(want), post_id
    # Each row's engagement rate and CTR (``analytics.posts``: interactions / reach, link
    # clicks / shown), on every page of the list.
    seen = 0
    for number in range(1, 20):
        listing = client.get(f"/posts?sort=interactions&order=desc&page={number}").text
        rates = re.findall(
            r'<tr data-post="(\d+)">.*?data-col="engagement_rate">([^<]*)</td>\s*'
            r'<td class="num" data-col="ctr">([^<]*)</td>',
            listing,
            flags=re.S,
        )
        if not rates:
            break
        for post_id, engagement, ctr in rates:
            row = table.loc[int(post_id)]
            assert engagement == pct(row["engagement_rate"]), post_id
            assert ctr == pct(row["ctr"]), post_id
            seen += 1
    assert seen == len(table)
    # The download of the list: every post, the same figures, raw.
    exported = list(csv.DictReader(io.StringIO(client.get("/posts.csv").text.lstrip("\ufeff"))))
    assert len(exported) == len(table)
    for item in exported:
        row = table.loc[int(item["N.º"])]
        pairs = [("Alcance", "reach"), ("Interacciones", "interactions"),
                 ("Tasa de interacción", "engagement_rate"), ("CTR", "ctr")]  # fmt: skip
        for column, key in pairs:
            want = row[key]
            assert item[column] == ("" if want != want else item[column]), (item, column)
            if want == want:
                assert float(item[column]) == pytest.approx(float(want)), (item, column)
    return table


def pct(value) -> str:
    return "—" if value is None or value != value else format_percent(value, "es")


def test_every_surface_of_the_demo_shows_the_metrics_layer(demo_session):
    out, session = demo_session
    client, token = _client(session)
    table = _check_overview_and_api(session, client, token)

    # The boosted post's page: its figures and its paid story.
    boosted = session.scalars(select(Post).where(Post.is_boosted.is_(True))).one()
    story = post_story(session=session, post_id=boosted.id)
    row = table.loc[boosted.id]
    assert story["figures"]["reach"] == row["reach"] == 74_926
    assert story["figures"]["interactions"] == row["interactions"] == 1_782
    (promo,) = story["promotions"]
    assert (promo["paid_reach"], promo["likes"]) == (68_800, 1_517)
    page = client.get(f"/posts/{boosted.id}").text
    for value in (74_926, 1_782, 68_800, 1_517, row["shares"]):
        assert f">{n(value)}<" in page, value
    assert "$100.00" in page  # spend, written as everywhere else

    reports = out / "reports"
    # Weekly reports: the headline equals the layer's week and the sum of its platform rows;
    # the spreadsheet's summary sheet and the HTML say the same.
    for path in sorted(reports.glob("weekly-*.es.json")):
        data = json.loads(path.read_text())
        week = Week.parse(data["week"]["label"], "America/El_Salvador")
        expected = layer(session, week.first_day)
        headline = {h["key"]: h["value"] for h in data["headline"]}
        assert headline["posts"] == expected["posts"], path.name
        assert headline["reach"] == expected["reach_sum"], path.name
        assert headline["interactions"] == expected["interactions"], path.name
        assert headline["comments_collected"] <= expected["comments"], path.name
        for key, column in (("posts", "posts"), ("reach", "reach_sum_of_posts"),
                            ("interactions", "interactions"), ("shares", "shares"),
                            ("comments", "comments"), ("link_clicks", "link_clicks"),
                            ("video_plays", "video_plays")):  # fmt: skip
            values = [r[column] for r in data["by_platform"] if r[column] is not None]
            assert headline[key] == (sum(values) if values else (0 if key == "posts" else None))
        book = openpyxl.load_workbook(path.with_suffix(".xlsx"))
        summary = [r for r in book["Cifras principales"].iter_rows(values_only=True)][1:]
        assert [v for _, v, _ in summary] == [
            h["value"] if h["value"] is not None else None for h in data["headline"]
        ]
        # The executive summary's best post is the layer's best of the week.
        best = data["executive"]["best_post"]
        week_table = expected["table"]
        ranked = week_table[week_table["interactions"].notna()]
        if best is None:
            assert ranked.empty, path.name
        else:
            top = ranked.sort_values(["interactions", "reach"], ascending=False).iloc[0]
            assert best["interactions"] == top["interactions"], path.name
            assert best["reach"] == (None if top["reach"] != top["reach"] else top["reach"])
        changes = {c["key"]: c for c in data["executive"]["changes"]}
        assert changes["posts"]["value"] == expected["posts"], path.name
        assert changes["interactions"]["value"] == expected["interactions"], path.name
        html = path.with_suffix(".html").read_text()
        for h in data["headline"]:
            if h["value"] is not None and h["key"] != "spend":
                assert n(h["value"]) in html, (path.name, h["key"])

    # The consultation report: the store's figures, and the boosted post's paid story in
    # every human-readable format.
    consultation = session.scalars(select(Consultation).where(Consultation.slug == SLUG)).one()
    data = json.loads((reports / f"consultation-{SLUG}.es.json").read_text())
    rec = reconciliation(session=session, consultation_id=consultation.id)
    assert data["proposals"]["total"] == rec.counted == 141
    assert data["proposals"]["people"] == distinct_people(
        session=session, consultation_id=consultation.id
    )
    assert [(r["theme"], r["proposals"], r["people"]) for r in data["by_theme"]] == [
        (r.name("es"), r.proposals, r.people)
        for r in proposals_by_theme(session=session, consultation_id=consultation.id)
    ]
    assert sum(c["received"] for c in data["channels"]) == rec.received
    assert sum(c["proposals"] for c in data["channels"]) == rec.counted
    html = (reports / f"consultation-{SLUG}.es.html").read_text()
    assert "68,800" in html and "1,517" in html
    from pypdf import PdfReader

    pdf = " ".join(
        p.extract_text() for p in PdfReader(reports / f"consultation-{SLUG}.es.pdf").pages
    )
    assert "68,800" in pdf and "1,517" in pdf
    book = openpyxl.load_workbook(reports / f"consultation-{SLUG}.es.xlsx")
    paid = [r for r in book["Resultados pagados"].iter_rows(values_only=True)]
    assert 68_800 in paid[1] and 1_517 in paid[1]
    summary = {r[0]: r[1] for r in book["Cifras principales"].iter_rows(values_only=True)}
    assert summary["Propuestas contabilizadas"] == rec.counted

    # The proposals page counts what every other page counts, and says how it got there.
    listing = client.get("/proposals").text
    assert f"{n(rec.counted)} propuestas contadas" in listing
    assert f"{n(rec.received)} ítems recibidos" in listing
    assert (
        f"{n(rec.received)} ítems recibidos (todos los estados)"
        in client.get("/proposals?status=all").text
    )

    # The API's proposals and the command line's summary count the same proposals.
    api = client.get("/api/v1/proposals?per_page=1", headers=bearer(token)).json()
    assert api["total"] == rec.received  # the API lists every item; the pages say so
    from pulso.reports.summary import render_summary

    text = render_summary(session, consultation, "es", dt.date(2018, 10, 31))
    assert f"{n(rec.counted)}" in text and f"{n(data['proposals']['people'])}" in text
    assert "Plazos contados al 31 de octubre de 2018" in text


def test_a_synthetic_campaign_shows_the_metrics_layer_everywhere(session):
    """X posts with bookmarks and quotes, Facebook reactions by type only, a post with no
    data: the overview, the posts list and the API agree with the layer, week by week."""
    from tests import web_data
    from tests.factories import make_post, when

    web_data.build(session)
    fb = make_post(session=session, published_at=when(3))
    x = make_post(session=session, platform="x", published_at=when(4))
    from pulso.db.observations import record_observations

    record_observations(
        [
            {"post_id": fb.id, "metric": "reactions_like", "value": 9, "observed_at": when(5),
             "scope": "total", "is_unique": False, "source": "test"},
            {"post_id": fb.id, "metric": "reactions_love", "value": 2, "observed_at": when(5),
             "scope": "total", "is_unique": False, "source": "test"},
            {"post_id": x.id, "metric": "likes", "value": 4, "observed_at": when(5),
             "scope": "total", "is_unique": False, "source": "test"},
            {"post_id": x.id, "metric": "bookmarks", "value": 3, "observed_at": when(5),
             "scope": "total", "is_unique": False, "source": "test"},
            {"post_id": x.id, "metric": "quotes", "value": 1, "observed_at": when(5),
             "scope": "total", "is_unique": False, "source": "test"},
        ],
        session=session,
    )  # fmt: skip
    session.flush()
    client, token = _client(session)
    table = _check_overview_and_api(session, client, token)
    assert table.loc[fb.id, "interactions"] == 11  # reactions by type, no total given
    assert table.loc[x.id, "interactions"] == 8  # likes + bookmarks + quotes
    # Sorting by interactions follows the same definition.
    page = client.get("/api/v1/posts?sort=interactions&order=desc&per_page=200",
                      headers=bearer(token)).json()["items"]  # fmt: skip
    shown = [item["interactions"] or 0 for item in page]
    assert shown == sorted(shown, reverse=True)


def test_the_public_results_of_the_demo_match_the_consultation_report(demo_session):
    """`pulso demo` publishes PAN: /public/pan-2018-2020 answers without login with the 141
    counted proposals across the eight themes, the figures of the consultation report."""
    import jsonschema

    out, session = demo_session
    report = json.loads((out / "reports" / "consultation-pan-2018-2020.es.json").read_text())
    client = make_client(session)  # nobody signed in
    page = client.get("/public/pan-2018-2020")
    assert page.status_code == 200
    assert 'id="counted">141<' in page.text
    assert "141 de 141 propuestas contadas" in page.text
    assert "Página 1 de 3" in page.text and page.text.count('class="panel pub-proposal"') == 50
    rows = re.findall(
        r'<th scope="row"><a href="\?theme=([^"]+)#proposals">[^<]*</a></th>'
        r'<td class="num">([^<]*)</td><td class="num">([^<]*)</td>',
        page.text,
    )
    assert [(slug, int(p), int(n)) for slug, p, n in rows] == [
        (row["slug"], row["proposals"], row["people"]) for row in report["by_theme"]
    ]
    assert len(rows) == 8
    document = client.get("/public/pan-2018-2020.json").json()
    schema = client.get("/public/schema.json").json()
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(document)
    assert len(document["proposals"]) == report["proposals"]["total"] == 141
    rec = document["reconciliation"]
    assert {k: rec[k] for k in report["reconciliation"]} == report["reconciliation"]
    assert rec["people"] == report["proposals"]["people"]
    for key in ("counted", "routed", "answered", "accepted", "rejected", "pending"):
        assert document["answers"][key] == report["answers"][key], key
    statuses = [p["status"] for p in document["proposals"]]
    assert statuses.count("accepted") == report["answers"]["accepted"]
    assert statuses.count("rejected") == report["answers"]["rejected"]
    for proposal in document["proposals"]:
        assert (proposal["commitment"] is not None) == (proposal["status"] == "accepted")
        assert bool(proposal["justification"]) == (proposal["status"] == "rejected")
    merged = sum(len(p["merged"]) for p in document["proposals"])
    assert merged == report["proposals"]["merged"]
