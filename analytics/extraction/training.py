"""Fitting an ``ExtractionModel`` from labelled rows, and the lexicon baseline."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from pulso.analytics.extraction import lexicon
from pulso.analytics.extraction.data import Row
from pulso.analytics.extraction.features import FeatureConfig, Featurizer
from pulso.analytics.extraction.model import SENTIMENTS, Example, ExtractionModel, LinearHead
from pulso.analytics.extraction.normalise import normalise
from pulso.analytics.extraction.themes import learn_centroids

# Inverse regularisation strength; chosen by cross-validation on the seed (docs/extraction.md).
C = 4.0
MAX_EXAMPLES = 600


def _logistic(X, y: np.ndarray) -> tuple[np.ndarray, float]:
    # Fit on the columns that occur at all: the solver's cost grows with the width of the
    # hashed space, and an L2-regularised weight of a column that never occurs is 0 anyway.
    used = np.unique(X.indices)
    clf = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=1000)
    clf.fit(X[:, used], y)
    weights = np.zeros(X.shape[1], dtype=np.float32)
    weights[used] = clf.coef_[0]
    return weights, float(clf.intercept_[0])


def _binary_head(X, y: np.ndarray, width: int) -> LinearHead:
    if len(set(y.tolist())) < 2:  # one class only: a constant score
        bias = 4.0 if y.size and y[0] == 1 else -4.0
        return LinearHead(np.zeros(width), np.array([bias]), ["0", "1"])
    w, b = _logistic(X, y)
    return LinearHead(w, np.array([b]), ["0", "1"])


def _sentiment_head(X, labels: Sequence[str], width: int) -> LinearHead | None:
    """One-vs-rest logistic heads; scores are compared with a softmax."""
    classes = sorted(set(labels))
    if len(classes) < 2:
        return None
    y = np.array(labels)
    rows = [_logistic(X, (y == c).astype(int)) for c in classes]
    return LinearHead(np.vstack([w for w, _ in rows]), np.array([b for _, b in rows]), classes)


def _label(row: Row) -> str:
    if row.abusive:
        return "abusive"
    return "proposal" if row.is_proposal else "not_proposal"


def fit(rows: Sequence[Row], config: FeatureConfig | None = None) -> ExtractionModel:
    """Train every head on the rows that carry its label."""
    config = config or FeatureConfig()
    featurizer = Featurizer(config)
    width = featurizer.width
    texts = [r.text for r in rows]
    _, _, X = featurizer.transform(texts)

    def head(attr: str) -> LinearHead:
        idx = [k for k, r in enumerate(rows) if getattr(r, attr) is not None]
        y = np.array([getattr(rows[k], attr) for k in idx], dtype=int)
        return _binary_head(X[idx], y, width)

    s_idx = [k for k, r in enumerate(rows) if r.sentiment in SENTIMENTS]
    sentiment = _sentiment_head(X[s_idx], [rows[k].sentiment for k in s_idx], width)
    centroids = learn_centroids((r.theme, r.text) for r in rows if r.theme and r.is_proposal)
    # Reviewed comments first, so the team's own decisions are kept when capping.
    labelled = [r for r in rows if r.is_proposal is not None or r.abusive is not None]
    labelled.sort(key=lambda r: r.source == "seed")
    examples = [Example(r.text, _label(r), r.source) for r in labelled[:MAX_EXAMPLES]]
    return ExtractionModel(
        config, head("is_proposal"), head("abusive"), sentiment, centroids, examples
    )


class LexiconBaseline:
    """The cue lexicons alone: score = 1 - exp(-sum of matched cue weights)."""

    def proposal_proba(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([_saturate(lexicon.PROPOSAL, t) for t in texts])

    def abuse_proba(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([_saturate(lexicon.ABUSE, t) for t in texts])


def _saturate(lex: lexicon.Lexicon, text: str) -> float:
    return 1.0 - math.exp(-lex.weight(lex.matches(normalise(text))))


def cross_validate(
    rows: Sequence[Row],
    build: Callable[[Sequence[Row]], object],
    attr: str = "is_proposal",
    folds: int = 5,
    seed: int = 13,
) -> dict:
    """Out-of-fold probabilities for ``attr`` -> precision/recall/F1 of the positive class."""
    from pulso.analytics.extraction.evaluation import binary_report

    labelled = [r for r in rows if getattr(r, attr) is not None]
    order = np.random.default_rng(seed).permutation(len(labelled))
    scores = np.zeros(len(labelled))
    for f in range(folds):
        test = order[f::folds]
        test_set = set(test.tolist())
        train = [labelled[k] for k in range(len(labelled)) if k not in test_set]
        model = build(train)
        method = model.proposal_proba if attr == "is_proposal" else model.abuse_proba
        scores[test] = method([labelled[k].text for k in test])
    truth = [getattr(r, attr) for r in labelled]
    return binary_report(truth, (scores >= 0.5).astype(int).tolist(), scores.tolist(), attr=attr)
