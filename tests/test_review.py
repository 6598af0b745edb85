"""Scoring comments, the review queue, promotion into the store, audit and retraining, on
SQLite and PostgreSQL."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pulso.consultation.catalog import load_consultation_file
from pulso.consultation.intake import audit_trail
from pulso.consultation.review import confirm, mark_abusive, reject, review_queue
from pulso.consultation.scoring import (
    activate,
    active_version,
    default_artifact,
    ensure_model,
    list_versions,
    load_model,
    reviewed_rows,
    score_pending,
    train,
)
from pulso.db.engine import make_engine, transaction
from pulso.db.models import Account, AuditEvent, Comment, ModelVersion, Proposal, Suggestion
from pulso.errors import NotFound, WorkflowError
from pulso.privacy import author_key
from tests.factories import make_consultation, make_post, when

CONSULTATION_FILE = Path(__file__).resolve().parents[1] / "sandbox/data/consultation_2018.json"

COMMENTS = [
    # (platform, external id, text, author)
    ("facebook", "fb1", "Gracias por la información 🙏", "ana"),
    (
        "facebook",
        "fb2",
        "Propongo que el MINSAL publique el inventario de medicinas de cada hospital",
        "beto",
    ),  # noqa: E501
    ("facebook", "fb3", "Bola de cerotes ladrones 🤬", "carla"),
    ("x", "tw1", "deberian poner internet en las escuelas del canton", "dani"),
    ("x", "tw2", "¿Hasta cuándo es la consulta?", "eva"),
    (
        "disqus",
        "dq1",
        "Solicito que se publiquen los contratos de las carreteras y su avance",
        "fito",
    ),  # noqa: E501
]


def seed_comments(session) -> dict[str, Comment]:
    consultation = load_consultation_file(CONSULTATION_FILE, session=session).consultation
    account = Account(platform="facebook", external_id="page1", consultation_id=consultation.id)
    x_account = Account(platform="x", external_id="acct1", consultation_id=consultation.id)
    session.add_all([account, x_account])
    session.flush()
    posts = {
        "facebook": make_post(session=session, platform="facebook", account_id=account.id),
        "x": make_post(session=session, platform="x", account_id=x_account.id),
    }
    out = {}
    for k, (platform, ext, text, author) in enumerate(COMMENTS):
        comment = Comment(
            platform=platform,
            external_id=ext,
            post_id=posts[platform].id if platform in posts else None,
            thread_key="salud" if platform == "disqus" else None,
            author_key=author_key("test-author-secret", platform, author),
            text=text,
            created_at=when(20, hour=8 + k),
        )
        session.add(comment)
        out[ext] = comment
    session.flush()
    return out


@pytest.fixture
def scored(session):
    comments = seed_comments(session)
    # The model that ships with Pulso: what training on the seed alone gives, without
    # fitting it again for every test (training is tested on its own below).
    _, version = ensure_model(session=session, actor="test")
    result = score_pending(session=session)
    return comments, version, result


def test_every_comment_gets_one_suggestion_per_version(session, scored):
    comments, version, result = scored
    assert result.scored == len(COMMENTS) and result.version == version
    assert score_pending(session=session).scored == 0  # idempotent
    suggestion = session.scalar(
        select(Suggestion).where(Suggestion.comment_id == comments["fb2"].id)
    )
    assert suggestion.model_version == version
    assert suggestion.proposal_score > 0.5
    assert "propongo" in suggestion.evidence["cues"]
    assert suggestion.themes["themes"][0]["slug"] == "salud"
    abusive = session.scalar(select(Suggestion).where(Suggestion.comment_id == comments["fb3"].id))
    assert abusive.abuse_score > 0.5 and abusive.sentiment == "negative"


def test_queue_is_ordered_by_score_and_filtered(session, scored):
    comments, version, _ = scored
    queue = review_queue(session=session)
    assert len(queue) == len(COMMENTS)
    scores = [item.proposal_score for item in queue]
    assert scores == sorted(scores, reverse=True)
    top3 = {item.comment_id for item in queue[:3]}
    assert top3 == {comments[k].id for k in ("fb2", "tw1", "dq1")}
    assert [i.platform for i in review_queue(session=session, platform="x")] == ["x", "x"]
    high = review_queue(session=session, min_score=0.5)
    assert high and all(i.proposal_score >= 0.5 for i in high)
    post_id = comments["fb1"].post_id
    assert {i.comment_id for i in review_queue(session=session, post_id=post_id)} == {
        comments[k].id for k in ("fb1", "fb2", "fb3")
    }
    other = make_consultation(session=session, slug="otra")
    assert other.id
    queue_other = review_queue(session=session, consultation="otra")
    assert [i.platform for i in queue_other] == ["disqus"]  # its consultation is unknown


def test_confirm_creates_a_proposal_with_provenance_and_audit(session, scored):
    comments, version, _ = scored
    comment = comments["tw1"]
    decision = confirm(
        session=session,
        comment_id=comment.id,
        reviewer="maria",
        summary="Internet en escuelas rurales",
    )
    proposal = session.get(Proposal, decision.proposal_id)
    assert proposal.channel.value == "x"
    assert proposal.source_key == "comment:x:tw1"
    assert proposal.source_comment_id == comment.id
    assert proposal.model_version == version
    assert proposal.summary == "Internet en escuelas rurales"
    assert proposal.theme.slug == "educacion"  # the suggestion, accepted
    assert proposal.received_at == comment.created_at
    [person] = proposal.submitters
    assert [(i.channel, i.identity_key) for i in person.identities] == [("x", comment.author_key)]
    assert comment.review_status.value == "confirmed" and comment.reviewed_by == "maria"
    trail = audit_trail(session=session, entity="comment", entity_id=comment.id)
    assert [(e.actor, e.action, e.from_value, e.to_value, e.model_version) for e in trail] == [
        ("maria", "review", "pending", "confirmed", version)
    ]
    created = audit_trail(session=session, entity="proposal", entity_id=proposal.id)
    assert [(e.action, e.model_version) for e in created] == [("created", version)]
    assert comment.id not in {i.comment_id for i in review_queue(session=session)}
    with pytest.raises(WorkflowError, match="already reviewed"):
        reject(session=session, comment_id=comment.id, reviewer="otro")


def test_confirm_with_a_corrected_theme_and_disqus_channel(session, scored):
    comments, version, _ = scored
    comment = comments["dq1"]
    # Whatever theme the model suggests, the reviewer picks another one: the correction is
    # audited from the suggestion to the reviewer's theme.
    suggestion = session.scalar(select(Suggestion).where(Suggestion.comment_id == comment.id))
    suggested = suggestion.themes["themes"][0]["slug"]
    chosen = "salud" if suggested != "salud" else "educacion"
    decision = confirm(session=session, comment_id=comment.id, reviewer="maria", theme=chosen)
    proposal = session.get(Proposal, decision.proposal_id)
    assert proposal.channel.value == "web"  # Disqus = the consultation website
    assert proposal.theme.slug == chosen
    trail = audit_trail(session=session, entity="comment", entity_id=comment.id)
    assert [(e.action, e.from_value, e.to_value) for e in trail] == [
        ("theme", suggested, chosen),
        ("review", "pending", "confirmed"),
    ]
    with pytest.raises(NotFound):
        confirm(session=session, comment_id=comments["fb2"].id, reviewer="m", theme="nope")


def test_reject_and_abusive_are_audited_and_become_training_rows(session, scored):
    comments, version, _ = scored
    reject(session=session, comment_id=comments["tw2"].id, reviewer="luis")
    mark_abusive(session=session, comment_id=comments["fb3"].id, reviewer="luis")
    confirm(session=session, comment_id=comments["fb2"].id, reviewer="luis", theme="salud")
    for key, status in (("tw2", "rejected"), ("fb3", "abusive")):
        [event] = audit_trail(session=session, entity="comment", entity_id=comments[key].id)
        assert (event.to_value, event.model_version, event.actor) == (status, version, "luis")
    assert session.scalar(select(func.count()).select_from(Proposal)) == 1
    rows = {r.source: r for r in reviewed_rows(session=session)}
    assert (
        rows[f"comment:{comments['tw2'].id}"].is_proposal,
        rows[f"comment:{comments['tw2'].id}"].abusive,
    ) == (0, 0)  # noqa: E501
    assert rows[f"comment:{comments['fb3'].id}"].abusive == 1
    assert rows[f"comment:{comments['fb2'].id}"].theme == "salud"


def test_retraining_adds_a_version_keeps_the_old_one_and_rolls_back(session, scored):
    comments, first, _ = scored
    # The team teaches the model something the seed does not know.
    for key in ("fb1", "tw2"):
        confirm(session=session, comment_id=comments[key].id, reviewer="ana", theme="salud")
    second = train(session=session, actor="ana").version
    assert second != first
    versions = list_versions(session=session)
    assert [v.version for v in versions] == [first, second]
    assert [v.is_active for v in versions] == [False, True]
    assert versions[1].metrics["reviewed_rows"] == 2
    model, _ = load_model(session=session)
    restored_first, _ = load_model(session=session, version=first)
    text = [comments["tw2"].text]
    assert model.proposal_proba(text)[0] > restored_first.proposal_proba(text)[0]
    assert score_pending(session=session).scored == len(COMMENTS)  # the new version scores all
    activate(session=session, version=first, actor="ana")
    assert active_version(session=session).version == first
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity == "model_version", AuditEvent.action == "activate")
        .order_by(AuditEvent.id)
    ).all()
    assert [(e.from_value, e.to_value) for e in events][-1] == (second, first)
    assert session.scalar(select(func.count()).select_from(ModelVersion)) == 2


# --------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------


@pytest.fixture
def cli_db(migrated_url):
    engine = make_engine(migrated_url)
    with transaction(engine) as session:
        ids = {k: c.id for k, c in seed_comments(session).items()}
    engine.dispose()
    return {"PULSO_DATABASE_URL": migrated_url}, ids


def test_cli_score_train_versions_and_decide(monkeypatch, cli, cli_db):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    env, ids = cli_db
    code, out, err = cli(["extract", "score"], env)
    assert code == 0, err
    assert f"{len(COMMENTS)} comments scored" in out
    code, out, _ = cli(["review", "list", "--min-score", "0.5"], env)
    assert code == 0 and f"#{ids['fb2']}" in out and "propongo" in out
    assert f"#{ids['fb1']} " not in out
    code, out, err = cli(
        ["review", "decide", str(ids["fb2"]), "--confirm", "--theme", "salud",
         "--summary", "Inventario de medicinas", "--reviewer", "maria"], env,
    )  # fmt: skip
    assert code == 0, err
    assert "confirmed → proposal" in out and "(salud)" in out
    code, out, err = cli(["review", "decide", str(ids["fb3"]), "--abusive", "--reviewer", "m"], env)
    assert code == 0, err
    code, _, err = cli(["review", "decide", str(ids["fb3"]), "--reject", "--reviewer", "m"], env)
    assert code == 1 and "already reviewed" in err
    code, out, err = cli(["extract", "train"], env)
    assert code == 0, err
    assert "1 reviewed" not in out and "+ 2 reviewed" in out
    code, out, _ = cli(["extract", "versions"], env)
    lines = out.rstrip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("* ") and lines[0].startswith("  ")
    # Each version with its own thresholds (the shipped one's, then the one just trained).
    shipped = default_artifact()["thresholds"]
    assert lines[0].endswith(
        f"thresholds: proposal {shipped['proposal']:.2f}, abuse {shipped['abuse']:.2f}"
    )
    assert "thresholds: proposal 0." in lines[1]
    first = lines[0].split()[0]
    code, out, _ = cli(["extract", "train", "--activate", first], env)
    assert code == 0 and first in out
    code, out, _ = cli(["extract", "versions"], env)
    assert out.splitlines()[0].startswith(f"* {first}")
    code, _, err = cli(["extract", "train", "--activate", "v99"], env)
    assert code == 1 and err.startswith(
        "error: no model version 'v99' (see `pulso extract versions`)"
    )


def test_interactive_review_reads_keys(cli, cli_db, monkeypatch):
    env, ids = cli_db
    # Queue order: fb2, dq1, tw1 first (the likeliest proposals), then the rest.
    keys = "\n".join(["t", "transparencia-gasto", "Contratos abiertos", "r", "s", "q"]) + "\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(keys))
    code, out, err = cli(["review", "--reviewer", "maria", "--lang", "en"], env)
    assert code == 0, err
    assert "[c] confirm" in out and "suggested theme" in out
    assert "2 decisions saved" in out
    engine = make_engine(env["PULSO_DATABASE_URL"])
    with transaction(engine) as session:
        reviewed = session.scalars(
            select(Comment).where(Comment.review_status != "pending").order_by(Comment.id)
        ).all()
        assert len(reviewed) == 2
        proposal = session.scalar(select(Proposal))
        assert proposal.theme.slug == "transparencia-gasto"
        assert proposal.summary == "Contratos abiertos"
        assert {c.review_status.value for c in reviewed} == {"confirmed", "rejected"}
    engine.dispose()
