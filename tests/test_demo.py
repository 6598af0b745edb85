"""``pulso demo`` end to end: the sandbox, the real collectors, imports, reviews, decisions
and reports reproduce the 2018 report's figures, and a second run changes nothing.

Every figure is read from the JSON that the demo's own collection and analytics produced
(the report file it wrote, and ``pulso report consultation --format json`` on its
database); the expected values are the seed's (``/work/shared/seeds``, the 2018 report).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import sqlite3

import pytest

SLUG = "pan-2018-2020"
WEB_BY_THEME = {
    "Derechos humanos": (7, 5),
    "Medio ambiente": (33, 10),
    "Transparencia en el gasto": (11, 4),
    "Fiscalidad integral": (7, 3),
    "Salud": (12, 7),
    "Transparencia de la inversión social": (2, 2),
    "Obra pública": (6, 2),
    "Educación": (29, 14),
}
# label: (published, reach, interactions, shares, video plays)
FACEBOOK = {
    "arte 1": ("2018-06-20", 174, 0, 0, None),
    "arte 2": ("2018-06-22", 147, 2, 0, None),
    "arte 3": ("2018-06-29", 74_926, 1_782, 116, None),
    "arte 4": ("2018-07-22", 255, 1, 0, None),
    "animación 1": ("2018-06-21", 139, 2, 0, 21),
    "animación 2": ("2018-06-22", 196, 1, 0, 32),
    "animación 3": ("2018-06-22", 198, 3, 0, 32),
}


def table_counts(database) -> dict[str, int]:
    with sqlite3.connect(database) as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
        return {t: db.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """Run the demo twice into one folder through the CLI (in Spanish, the default, then in
    English: the language changes the reports, never the data); keep what each run left."""
    from pulso.cli import main

    out = tmp_path_factory.mktemp("demo")
    printed = []
    for args in (["demo", "--out", str(out)], ["demo", "--out", str(out), "--lang", "en"]):
        with contextlib.redirect_stdout(io.StringIO()) as stdout:
            code = main(args)
        printed.append((code, stdout.getvalue()))
        if len(printed) == 1:
            counts = table_counts(out / "pulso.db")
            report = json.loads(
                (out / "reports" / f"consultation-{SLUG}.es.json").read_text("utf-8")
            )
    return {"out": out, "printed": printed, "counts": counts, "report": report}


def check_seed_figures(data: dict) -> None:
    assert data["proposals"]["total"] == 141
    assert data["proposals"]["structured"] == 9
    assert data["proposals"]["people"] == 72  # each once, as the dashboard counts them
    assert {r["theme"]: (r["proposals"], r["people"]) for r in data["web_by_theme"]} == (
        WEB_BY_THEME
    )
    x = data["x"]
    assert (x["posts"], x["retweets"], x["likes"], x["replies"]) == (78, 176, 29, 10)
    rows = {
        r["label"]: (r["published"], r["reach"], r["interactions"], r["shares"], r["video_plays"])
        for r in data["facebook_posts"]
    }
    assert rows == FACEBOOK


def test_demo_reproduces_the_seed_figures(demo_run):
    assert [code for code, _ in demo_run["printed"]] == [0, 0]
    check_seed_figures(demo_run["report"])
    # The reconciliation behind 141: received, not proposals, merged.
    rec = demo_run["report"]["reconciliation"]
    assert (rec["received"], rec["not_proposals"], rec["merged"]) == (162, 4, 17)


def test_report_command_gives_the_same_figures_from_the_demo_database(demo_run, cli, tmp_path):
    out = tmp_path / "json"
    url = f"sqlite:///{demo_run['out'] / 'pulso.db'}"
    code, stdout, err = cli(
        ["report", "consultation", "--consultation", SLUG, "--format", "json", "--out", str(out)],
        env={"PULSO_DATABASE_URL": url},
    )
    assert code == 0, err
    check_seed_figures(json.loads((out / f"consultation-{SLUG}.es.json").read_text("utf-8")))


def test_second_run_adds_no_rows(demo_run):
    after = table_counts(demo_run["out"] / "pulso.db")
    before = demo_run["counts"]
    # Each collection run is recorded (3 per demo run); nothing else may grow.
    assert after.pop("collection_run") == 2 * before.pop("collection_run") == 6
    assert after == before
    assert before["proposal"] == 162 and before["post"] == 85


def test_demo_writes_every_report_and_keeps_no_secret_in_them(demo_run):
    out = demo_run["out"]
    names = {p.name for p in (out / "reports").iterdir()}
    # From the first post (W25) to the consultation's last day (27 July, W30), which has
    # proposals but no post.
    weeks = ["2018-W25", "2018-W26", "2018-W27", "2018-W28", "2018-W29", "2018-W30"]
    for fmt in ("html", "pdf", "xlsx", "json"):
        assert f"consultation-{SLUG}.es.{fmt}" in names
        for week in weeks:
            assert f"weekly-{week}.es.{fmt}" in names
    assert len([n for n in names if ".es." in n]) == 4 * (len(weeks) + 1)
    secret = (out / "author-key.secret").read_text("utf-8").strip()
    assert len(secret) >= 32
    for path in (out / "reports").glob("*.json"):
        assert secret not in path.read_text("utf-8")


def test_demo_audits_the_teams_decisions_with_their_dates(demo_run):
    with sqlite3.connect(demo_run["out"] / "pulso.db") as db:
        reviewers = {r[0] for r in db.execute("select distinct reviewed_by from comment")}
        routed = db.execute("select count(*) from audit_event where action = 'route'").fetchone()[0]
        answered = dict(
            db.execute("select status, count(*) from proposal group by status").fetchall()
        )
        pending = db.execute(
            "select count(*) from comment where review_status = 'pending' and platform = 'facebook'"
        ).fetchone()[0]
        moderator = db.execute(
            "select count(*) from comment where platform = 'disqus'"
            " and review_status = 'rejected' and reviewed_by = 'pulso:own-account'"
        ).fetchone()[0]
    assert None in reviewers and len(reviewers - {None}) >= 1
    assert moderator == 3  # the Secretariat moderator's replies, set aside as the team's own
    assert routed == 141
    assert answered.get("accepted") == 8 and answered.get("rejected") == 20
    assert answered.get("sent_to_institution") == 113
    assert pending == 11  # the comments the sample leaves for the team to review


def test_demo_prints_a_summary_in_spanish_by_default_and_in_english(demo_run):
    (_, spanish), (_, english) = demo_run["printed"]
    assert "Propuestas contabilizadas: 141 (9 estructuradas" in spanish
    assert "X: 78 publicaciones, 176 retuits, 29 me gusta, 10 respuestas" in spanish
    assert "Facebook: 7 publicaciones, 47 comentarios" in spanish
    assert "Medio ambiente" in spanish and "33 /  10" in spanish
    assert str(demo_run["out"] / "reports") in spanish
    # The commands that open the dashboard on the demo show its reports there too.
    assert f"PULSO_WEB_REPORTS_DIR={(demo_run['out'] / 'reports').resolve()}" in spanish
    assert "Proposals counted: 141 (9 structured" in english and "Environment" in english
    secret = (demo_run["out"] / "author-key.secret").read_text("utf-8").strip()
    assert secret not in spanish + english


def test_demo_boost_cadence_and_review_dates_come_from_the_sample(demo_run):
    from pulso.sandbox.sample_files import load_sample

    sample = load_sample()
    arte3 = next(r for r in demo_run["report"]["facebook_posts"] if r["label"] == "arte 3")
    # The ad set's schedule (29 June 10:00 to 2 July 10:00), not the insight days (4 dates).
    assert arte3["notes"].startswith("pauta $100.00, 3 días")
    assert arte3["comments_taken_as_proposals"] == 4
    week = json.loads((demo_run["out"] / "reports" / "weekly-2018-W26.es.json").read_text())
    assert week["cadence"]["planned_per_day"] == 3 and week["cadence"]["platform"] == "x"
    reviewed = {c.id: c.review for c in sample.facebook_comments if c.review.reviewed}
    with sqlite3.connect(demo_run["out"] / "pulso.db") as db:
        rows = db.execute(
            "select external_id, reviewed_by, reviewed_at from comment where platform = 'facebook'"
            " and review_status != 'pending'"
        ).fetchall()
        themes = db.execute(
            "select count(*) from audit_event where entity = 'proposal' and action = 'theme'"
        ).fetchone()[0]
    assert {r[0] for r in rows} == set(reviewed)
    own = 0
    for external_id, who, when in rows:
        expected = reviewed[external_id]
        if who == "pulso:own-account":  # the Secretariat's own reply: set aside on arrival
            assert expected.label == "not_proposal"
            own += 1
            continue
        assert who == expected.reviewed_by
        assert when[:16] == expected.reviewed_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")
    # Every reply the page wrote itself, and only those.
    assert own == sum(c.author_id == sample.facebook_page.id for c in sample.facebook_comments) > 0
    assert themes == len(sample.decisions.theme_corrections) == 2
