"""The sample campaign reproduces the seed's figures, read from the files themselves.

Expected values below are the 2018 report's (seeds/000_b66b2acf98359d1d.txt); every other
check is a consistency rule between the files (references resolve, sums add up).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from pulso.errors import InputError
from pulso.sandbox.sample import SAMPLE_DIR
from pulso.sandbox.sample_files import load_sample

SV = dt.timezone(dt.timedelta(hours=-6))

# label: (published day (June/July 2018), reach, interactions, likes, shares, video plays)
SEED_FACEBOOK = {
    "arte 1": (dt.date(2018, 6, 20), 174, 0, 0, 0, None),
    "arte 2": (dt.date(2018, 6, 22), 147, 2, 2, 0, None),
    "arte 3": (dt.date(2018, 6, 29), 74_926, 1_782, 1_517, 116, None),
    "arte 4": (dt.date(2018, 7, 22), 255, 1, 1, 0, None),
    "animación 1": (dt.date(2018, 6, 21), 139, 2, 2, 0, 21),
    "animación 2": (dt.date(2018, 6, 22), 196, 1, 1, 0, 32),
    "animación 3": (dt.date(2018, 6, 22), 198, 3, 3, 0, 32),
}
SEED_WEB = {
    "derechos-humanos": (7, 5),
    "medio-ambiente": (33, 10),
    "transparencia-gasto": (11, 4),
    "fiscalidad-integral": (7, 3),
    "salud": (12, 7),
    "inversion-social": (2, 2),
    "obra-publica": (6, 2),
    "educacion": (29, 14),
}
CONSULTATION = json.loads((SAMPLE_DIR.parent / "consultation_2018.json").read_text("utf-8"))
THEMES = {t["slug"] for t in CONSULTATION["themes"]}
INSTITUTIONS = {i["slug"] for i in CONSULTATION["institutions"]}


@pytest.fixture(scope="module")
def sample():
    return load_sample()


def local_day(t: dt.datetime) -> dt.date:
    return t.astimezone(SV).date()


# --------------------------------------------------------------------------------------
# Facebook
# --------------------------------------------------------------------------------------


def test_facebook_rows_match_the_seed(sample):
    assert {p.label for p in sample.facebook_posts} == set(SEED_FACEBOOK)
    for post in sample.facebook_posts:
        day, reach, interactions, likes, shares, plays = SEED_FACEBOOK[post.label]
        m = post.metrics
        assert local_day(post.published_at) == day, post.label
        assert post.published_at.utcoffset() == dt.timedelta(hours=-6)
        assert (m.reach, m.interactions, m.reactions["like"], m.shares) == (
            reach,
            interactions,
            likes,
            shares,
        ), post.label
        assert m.video_plays == plays, post.label
        assert post.kind == ("video" if plays is not None else "image")
        assert post.permalink.startswith("http://bit.ly/")
        assert post.id.startswith(sample.facebook_page.id + "_")
        assert "alianza.gobiernoabierto.gob.sv" in post.text
        assert m.link_clicks <= m.clicks
    assert sample.post("arte 2").metrics.clicks == 3
    assert [p.label for p in sample.facebook_posts if p.is_boosted] == ["arte 3"]


def test_arte_3_interactions_and_comments(sample):
    arte3 = sample.post("arte 3")
    m = arte3.metrics
    assert m.interactions == m.reactions_total + m.comments + m.shares == 1_782
    assert (m.reactions["like"], m.shares, m.comments) == (1_517, 116, 47)
    assert m.reactions_total - m.reactions["like"] == 1_782 - 1_517 - 47 - 116
    assert sample.facebook_comments_post_id == arte3.id
    comments = sample.facebook_comments
    assert len(comments) == len({c.id for c in comments}) == m.comments
    ids = {c.id for c in comments}
    by_id = {c.id: c for c in comments}
    replies = [c for c in comments if c.parent_id]
    assert replies and all(c.parent_id in ids for c in replies)
    assert all(by_id[c.parent_id].created_at < c.created_at for c in replies)
    for c in comments:
        assert dt.date(2018, 6, 29) <= local_day(c.created_at) <= dt.date(2018, 7, 3)
        assert c.created_at >= arte3.published_at
        assert c.comment_count == sum(1 for r in replies if r.parent_id == c.id)
    labels = Counter(c.review.label for c in comments)
    assert labels["proposal"] == 4
    assert labels["abusive"] >= 3
    assert labels["proposal"] + labels["abusive"] + labels["not_proposal"] == 47
    for c in comments:
        if c.review.label == "proposal":
            assert c.review.theme in THEMES and c.review.summary and c.review.reviewed
        if c.review.reviewed:
            assert c.review.reviewed_at > c.created_at and c.review.reviewed_by
    assert any(not c.review.reviewed for c in comments)  # some left for a reviewer


def test_arte_3_boost(sample):
    b, arte3 = sample.facebook_boost, sample.post("arte 3")
    assert b.post_id == arte3.id
    assert (b.spend, b.currency) == (Decimal("100.00"), "USD")
    assert b.ends_at - b.starts_at == dt.timedelta(days=3) and b.days == 3
    assert local_day(b.starts_at) == dt.date(2018, 6, 29) and b.starts_at >= arte3.published_at
    assert (b.age_min, b.age_max, b.countries) == (18, 65, ("SV",))
    assert b.targeting == "18-65+, todo el país"
    assert (b.reach, b.clicks, b.inline_link_clicks) == (68_800, 613, 272)
    assert arte3.metrics.reach_paid == b.reach
    assert b.cpm == pytest.approx(float(b.spend) / b.impressions * 1000, abs=1e-4)
    assert b.ctr == pytest.approx(b.clicks / b.impressions * 100, abs=1e-4)
    assert b.frequency == pytest.approx(b.impressions / b.reach, abs=1e-4)
    rows = b.audience
    ages = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
    assert {(r.age, r.gender) for r in rows} == {(a, g) for a in ages for g in ("female", "male")}
    assert len(rows) == 12
    assert all(r.reach >= 100 for r in rows)  # Meta hides demographic cells under 100
    for name in ("reach", "impressions", "clicks", "inline_link_clicks"):
        assert sum(getattr(r, name) for r in rows) == getattr(b, name), name
    assert sum(r.spend for r in rows) == b.spend
    by_gender = Counter()
    by_age = Counter()
    for r in rows:
        by_gender[r.gender] += r.reach
        by_age[r.age] += r.reach
    assert by_gender["female"] / b.reach == pytest.approx(0.55, abs=1e-9)
    assert by_gender["male"] / b.reach == pytest.approx(0.45, abs=1e-9)
    assert {a for a, _ in by_age.most_common(2)} == {"18-24", "25-34"}


def test_arte_3_snapshots_end_at_the_final_figures(sample):
    snaps = sample.facebook_snapshots["arte 3"]
    final, arte3 = snaps[-1], sample.post("arte 3")
    assert len(snaps) >= 3
    assert [s.observed_at for s in snaps] == sorted(s.observed_at for s in snaps)
    for a, b in zip(snaps, snaps[1:], strict=False):
        for name in ("reach", "reach_paid", "impressions", "comments", "shares", "clicks"):
            assert getattr(a, name) <= getattr(b, name), name
        assert a.interactions <= b.interactions
    m = arte3.metrics
    assert final.observed_at == arte3.metrics_observed_at
    assert (final.reach, final.interactions, final.reactions, final.shares, final.comments) == (
        m.reach,
        m.interactions,
        m.reactions,
        m.shares,
        m.comments,
    )
    for s in snaps:  # comment counts agree with the comments' own timestamps
        assert s.comments == sum(
            1 for c in sample.facebook_comments if c.created_at <= s.observed_at
        )
    boost_end = next(s for s in snaps if s.observed_at == sample.facebook_boost.ends_at)
    assert boost_end.reach_paid == 68_800


# --------------------------------------------------------------------------------------
# X
# --------------------------------------------------------------------------------------


def test_tweets_three_a_day_for_26_days(sample):
    tweets = sample.tweets
    assert len(tweets) == 78
    days = Counter(local_day(t.created_at) for t in tweets)
    assert len(days) == 26 and set(days.values()) == {3}
    assert min(days) == dt.date(2018, 6, 21) and max(days) == dt.date(2018, 7, 16)
    by_day = defaultdict(set)
    for t in tweets:
        by_day[local_day(t.created_at)].add(t.created_at.astimezone(SV).time())
    assert all(len(times) == 3 for times in by_day.values())
    ids = [int(t.id) for t in tweets]
    assert all(t.id.isdigit() for t in tweets) and ids == sorted(set(ids))
    assert len({t.text for t in tweets}) == 78  # X refuses duplicate statuses
    assert all("alianza.gobiernoabierto.gob.sv" in t.text and "#" in t.text for t in tweets)
    assert all(len(t.text) <= 280 for t in tweets)
    assert {t.media_label for t in tweets} == set(SEED_FACEBOOK)
    assert all(t.media_kind == ("video" if "anim" in t.media_label else "photo") for t in tweets)


def test_tweet_metrics_match_the_seed(sample):
    tweets = sample.tweets
    assert sum(t.retweet_count for t in tweets) == 176
    assert sum(t.like_count for t in tweets) == 29
    assert sum(t.reply_count for t in tweets) == 10
    assert sum(t.quote_count for t in tweets) == 0
    assert all(t.impression_count > 0 for t in tweets)
    retweeters = {u.username for u in sample.x_retweeters}
    by_user = Counter()
    for t in tweets:
        assert len(t.retweeted_by) == len(set(t.retweeted_by)) == t.retweet_count
        assert set(t.retweeted_by) <= retweeters
        by_user.update(t.retweeted_by)
    own_and_allied = sum(n for u, n in by_user.most_common(3))
    assert {u for u, _ in by_user.most_common(3)} >= {sample.x_account.username}
    assert own_and_allied / 176 > 0.8  # "en su gran mayoría" from the own and allied accounts


def test_x_replies(sample):
    replies, tweets = sample.x_replies, {t.id: t for t in sample.tweets}
    assert len(replies) == 10 == len({r.id for r in replies})
    per_tweet = Counter(r.conversation_id for r in replies)
    assert all(tweets[tid].reply_count == n for tid, n in per_tweet.items())
    assert sum(t.reply_count for t in tweets.values()) == len(replies)
    for r in replies:
        parent = tweets[r.conversation_id]
        assert r.created_at > parent.created_at and int(r.id) > int(parent.id)
        assert r.in_reply_to_user_id == sample.x_account.id
        assert r.review.reviewed
    labels = Counter(r.review.label for r in replies)
    assert labels["proposal"] <= 1
    assert labels["abusive"] >= 5  # mostly insults


# --------------------------------------------------------------------------------------
# Web consultation (Disqus)
# --------------------------------------------------------------------------------------


def test_disqus_threads_and_per_theme_figures(sample):
    threads = sample.disqus_threads
    assert len(threads) == 8 and {t.theme for t in threads} == THEMES
    for t in threads:
        assert t.link == f"http://alianza.gobiernoabierto.gob.sv/aga_themes/{t.theme}"
    posts = sample.disqus_posts
    proposals = [p for p in posts if p.is_proposal]
    assert len(proposals) == 107
    figures = {}
    for theme in THEMES:
        mine = [p for p in proposals if sample.thread_theme(p.thread) == theme]
        figures[theme] = (len(mine), len({p.author.identity for p in mine}))
    assert figures == SEED_WEB
    for p in proposals:
        assert dt.date(2018, 6, 18) <= local_day(p.created_at) <= dt.date(2018, 7, 16)


def test_disqus_replies_spam_deleted_and_raw_personal_data(sample):
    posts = {p.id: p for p in sample.disqus_posts}
    replies = [p for p in posts.values() if p.parent]
    assert len(replies) >= 10
    for r in replies:
        assert r.parent in posts and posts[r.parent].thread == r.thread
        assert r.created_at > posts[r.parent].created_at
    assert sum(p.is_spam for p in posts.values()) >= 2
    assert sum(p.is_deleted for p in posts.values()) >= 2
    # Raw export data: every author has an e-mail and every post an IP address (the
    # importer must drop both); some authors are guests without a username.
    assert all("@" in p.author.email and p.ip_address for p in posts.values())
    guests = [p for p in posts.values() if p.is_proposal and p.author.is_anonymous]
    assert guests and all(p.author.username is None for p in guests)
    assert len(posts) == len(sample.disqus_posts)


# --------------------------------------------------------------------------------------
# Email, in person, workshops
# --------------------------------------------------------------------------------------


def test_email_and_in_person_items(sample):
    nonprop = sample.decisions.not_proposals
    rows = [r for r in sample.email_rows if r.ref not in nonprop]
    ddhh = [r for r in rows if r.received_at.astimezone(SV).date() == dt.date(2018, 6, 21)]
    funde = [r for r in rows if r.organizacion == "FUNDE"]
    icefi = [r for r in rows if r.organizacion == "ICEFI"]
    assert len(ddhh) == 6 and all(r.canal == "presencial" and r.plantilla for r in ddhh)
    assert all(r.tema == "derechos-humanos" for r in ddhh)
    assert len(funde) == 7 and all(r.canal == "email" and not r.plantilla for r in funde)
    assert {local_day(r.received_at) for r in funde} == {dt.date(2018, 7, 25)}
    assert len(icefi) == 3 and all(r.canal == "email" and r.plantilla for r in icefi)
    assert {local_day(r.received_at) for r in icefi} == {dt.date(2018, 7, 27)}
    assert len(rows) == 16 and sum(r.plantilla for r in rows) == 9
    assert all(r.template_fields.keys() >= {"problema", "compromiso"} for r in rows if r.plantilla)
    assert all(r.tema in THEMES for r in rows)
    extra = [r for r in sample.email_rows if r.ref in nonprop]
    assert extra and all(not r.tema and not r.plantilla for r in extra)


def test_workshop_ideas(sample):
    rows = sample.workshop_rows
    assert len(rows) == 30 and all(r.canal == "taller" and r.tema in THEMES for r in rows)
    orgs = defaultdict(set)
    for r in rows:
        orgs[r.extra["taller"]].add(r.organizacion)
    assert {k: len(v) for k, v in orgs.items()} == {"instituciones": 15, "organizaciones": 9}


# --------------------------------------------------------------------------------------
# Decisions and reconciliation
# --------------------------------------------------------------------------------------


def test_reconciliation_ends_at_141_with_9_structured(sample):
    received = sample.received_items()
    d = sample.decisions
    assert len(received) > 150
    counted = sample.counted_items()
    assert len(counted) == len(received) - len(d.not_proposals) - len(d.merges) == 141
    assert sum(i.in_template for i in counted) == 9
    web = [i for i in counted if i.channel == "web"]
    assert len(web) == 107
    by_theme = {
        theme: (
            sum(1 for i in web if i.theme == theme),
            len({i.person for i in web if i.theme == theme}),
        )
        for theme in THEMES
    }
    assert by_theme == SEED_WEB
    assert all(i.theme in THEMES for i in counted)
    channels = Counter(i.channel for i in received)
    assert channels["facebook"] == 4 and channels["workshop"] == 30


def test_decisions_reference_only_existing_items(sample):
    refs = sample.references()
    d = sample.decisions
    received = {i.ref: i for i in sample.received_items()}
    counted = {i.ref for i in sample.counted_items()}
    assert len(refs) == len(received)
    assert set(d.not_proposals) <= refs and set(d.merges) <= refs
    assert not set(d.not_proposals) & set(d.merges)
    for ref, (into, reason) in d.merges.items():
        # Merges point at a surviving proposal, never at the web (whose per-theme people
        # would otherwise absorb the duplicates' submitters) and never away from a template.
        assert into in counted and into != ref and reason
        assert not received[ref].in_template
        assert received[ref].channel != "web" and received[into].channel != "web"
    for ref, (old, new, _reason) in d.theme_corrections.items():
        assert ref in counted and received[ref].theme == old and new in THEMES and old != new
        assert received[ref].channel != "web"


def test_routing_and_answers(sample):
    d = sample.decisions
    counted = {i.ref: i for i in sample.counted_items()}
    routed = {r.ref: r for r in d.routing}
    assert set(routed) == set(counted)  # every counted proposal went to an institution
    assert len(d.routing) == len(routed)
    for r in d.routing:
        assert r.institution in INSTITUTIONS
        assert r.routed_at >= counted[r.ref].received_at
        assert r.answer_due_on > r.routed_at.date()
    answered = {a.ref: a for a in d.answers}
    assert len(answered) == len(d.answers) and set(answered) <= set(routed)
    status = Counter(a.status for a in d.answers)
    assert set(status) == {"accepted", "rejected"}
    assert status["accepted"] >= 5 and status["rejected"] >= 10
    for a in d.answers:
        assert a.institution == routed[a.ref].institution
        assert a.decided_at >= routed[a.ref].routed_at
        if a.status == "accepted":
            c = a.commitment
            assert c is not None and a.justification is None
            assert all((c.action, c.indicator, c.baseline, c.target, c.responsible, c.milestones))
            assert c.starts_on < c.ends_on
        else:
            assert a.commitment is None and a.justification and len(a.justification) > 40
    structured_accepted = [a for a in d.answers if counted[a.ref].in_template]
    assert structured_accepted
    pending = [r for r in d.routing if r.ref not in answered]
    assert pending and all(r.answer_due_on < dt.date(2018, 12, 31) for r in pending)


# --------------------------------------------------------------------------------------
# Loader errors
# --------------------------------------------------------------------------------------


@pytest.fixture
def sample_copy(tmp_path):
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE_DIR, target)
    return target


def test_missing_json_field_names_file_and_field(sample_copy):
    path = sample_copy / "facebook_posts.json"
    data = json.loads(path.read_text("utf-8"))
    del data["posts"][2]["metrics"]["reach"]
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(InputError) as err:
        load_sample(sample_copy)
    assert err.value.field == "reach" and err.value.path.endswith("facebook_posts.json")


def test_bad_csv_value_names_line_and_field(sample_copy):
    path = sample_copy / "proposals_workshops.csv"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace(",taller,", ",whatsapp,", 1)
    path.write_text("".join(lines), "utf-8")
    with pytest.raises(InputError) as err:
        load_sample(sample_copy)
    assert (err.value.line, err.value.field) == (5, "canal")


def test_naive_timestamp_is_refused(sample_copy):
    path = sample_copy / "x_replies.json"
    data = json.loads(path.read_text("utf-8"))
    data["replies"][0]["created_at"] = "2018-06-24T13:28:00"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(InputError) as err:
        load_sample(sample_copy)
    assert err.value.field == "created_at"
