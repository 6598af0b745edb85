"""Fitting an ``ExtractionModel`` from labelled rows, and the lexicon baseline."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from pulso.analytics.extraction import lexicon
from pulso.analytics.extraction.data import Row
from pulso.analytics.extraction.dense import DenseHead, mean_vectors
from pulso.analytics.extraction.features import FeatureConfig, Featurizer
from pulso.analytics.extraction.model import SENTIMENTS, Example, ExtractionModel, LinearHead
from pulso.analytics.extraction.normalise import normalise
from pulso.analytics.extraction.themes import learn_centroids
from pulso.analytics.extraction.thresholds import DEFAULT, LABELS, Thresholds, choose_all

# Inverse regularisation strength; chosen by cross-validation on the seed (docs/extraction.md).
C = 4.0
# Chosen by 5-fold cross-validation grouped by region on the seed (0.25, 1, 4 tried).
DENSE_C = 4.0
MAX_EXAMPLES = 600
# Reviewed comments are what this team's consultation looks like: they weigh more. Ten
# since the seed grew to 5,091 rows (three was chosen for a 395-row seed): measured on the
# development sets' learning curves, docs/extraction.md "How much a decision weighs".
REVIEWED_WEIGHT = 10.0
# Folds of the cross-validation that chooses a model's decision thresholds.
THRESHOLD_FOLDS = 5


def _logistic(X, y: np.ndarray, weight: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    # Fit on the columns that occur at all: the solver's cost grows with the width of the
    # hashed space, and an L2-regularised weight of a column that never occurs is 0 anyway.
    used = np.unique(X.indices)
    clf = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=1000)
    clf.fit(X[:, used], y, sample_weight=weight)
    weights = np.zeros(X.shape[1], dtype=np.float32)
    weights[used] = clf.coef_[0]
    return weights, float(clf.intercept_[0])


def _binary_head(X, y: np.ndarray, width: int, weight=None) -> LinearHead:
    if len(set(y.tolist())) < 2:  # one class only: a constant score
        bias = 4.0 if y.size and y[0] == 1 else -4.0
        return LinearHead(np.zeros(width), np.array([bias]), ["0", "1"])
    w, b = _logistic(X, y, weight)
    return LinearHead(w, np.array([b]), ["0", "1"])


def _sentiment_head(X, labels: Sequence[str], width: int, weight=None) -> LinearHead | None:
    """One-vs-rest logistic heads; scores are compared with a softmax."""
    classes = sorted(set(labels))
    if len(classes) < 2:
        return None
    y = np.array(labels)
    rows = [_logistic(X, (y == c).astype(int), weight) for c in classes]
    return LinearHead(np.vstack([w for w, _ in rows]), np.array([b for _, b in rows]), classes)


def _dense_head(V: np.ndarray, y: np.ndarray, weight: np.ndarray, classes=None) -> DenseHead:
    """Logistic regression over sentence vectors (one row, or one per class)."""
    classes = classes or ["0", "1"]
    if len(set(y.tolist())) < 2:
        bias = 4.0 if y.size and str(y[0]) in ("1", classes[-1]) else -4.0
        return DenseHead(np.zeros((1, V.shape[1])), np.array([bias]), ["0", "1"])
    if classes == ["0", "1"]:
        clf = LogisticRegression(C=DENSE_C, class_weight="balanced", max_iter=2000)
        clf.fit(V, y, sample_weight=weight)
        return DenseHead(clf.coef_, clf.intercept_, classes)
    rows = []
    for c in classes:
        clf = LogisticRegression(C=DENSE_C, class_weight="balanced", max_iter=2000)
        clf.fit(V, (y == c).astype(int), sample_weight=weight)
        rows.append((clf.coef_[0], clf.intercept_[0]))
    return DenseHead(np.vstack([w for w, _ in rows]), np.array([b for _, b in rows]), classes)


def row_weights(rows: Sequence[Row]) -> np.ndarray:
    """A reviewer's decision on a real comment counts ``REVIEWED_WEIGHT`` times a seed row."""
    return np.array([REVIEWED_WEIGHT if r.source != "seed" else 1.0 for r in rows])


def _label(row: Row) -> str:
    if row.abusive:
        return "abusive"
    return "proposal" if row.is_proposal else "not_proposal"


def fit(
    rows: Sequence[Row],
    config: FeatureConfig | None = None,
    vectors: np.ndarray | None = None,
    encoder: str | None = None,
    *,
    thresholds: bool = True,
) -> ExtractionModel:
    """Train every head on the rows that carry its label; with ``vectors`` (the rows'
    sentence vectors from ``encoder``, in order) the sentence tier too. The model's decision
    thresholds are chosen from its own rows' cross-validated scores (``choose_thresholds``);
    ``thresholds=False`` skips that (the model keeps 0.5, basis ``fixed``), for fits that
    are only a step of a cross-validation."""
    model = _fit(rows, config, vectors, encoder)
    if thresholds:
        model.thresholds = choose_thresholds(rows, config, vectors, encoder)
    return model


def out_of_fold_scores(
    rows: Sequence[Row],
    config: FeatureConfig | None = None,
    vectors: np.ndarray | None = None,
    encoder: str | None = None,
    folds: int = THRESHOLD_FOLDS,
) -> dict[str, np.ndarray] | None:
    """Each row's proposal and abuse scores (both tiers with ``vectors``) from a model fitted
    on the other folds; folds keep a ``Row.group`` whole (the seed's regional near twins),
    other rows are groups of their own. None when there are fewer than two groups."""
    from sklearn.model_selection import GroupKFold

    groups = [r.group or f"row:{k}" for k, r in enumerate(rows)]
    folds = min(folds, len(set(groups)))
    if folds < 2:
        return None
    out = {"proposal": np.zeros(len(rows)), "abuse": np.zeros(len(rows))}
    for train, test in GroupKFold(folds).split(np.zeros(len(rows)), groups=groups):
        model = _fit(
            [rows[k] for k in train],
            config,
            vectors[train] if vectors is not None else None,
            encoder,
            heads_only=True,
        )
        texts = [rows[k].text for k in test]
        v = vectors[test] if vectors is not None else None
        out["proposal"][test] = model.proposal_proba(texts, v)
        out["abuse"][test] = model.abuse_proba(texts, v)
    return out


def choose_thresholds(
    rows: Sequence[Row],
    config: FeatureConfig | None = None,
    vectors: np.ndarray | None = None,
    encoder: str | None = None,
) -> Thresholds:
    """Per label, the threshold that the rule of ``thresholds`` picks from the out-of-fold
    scores of the reviewers' decisions (rows whose source is not the seed); the models are
    fitted on every row, but only the team's own decisions choose where to cut.

    The seed's rows do not choose: measured on four development sets, a threshold chosen
    from the seed's own cross-validation (proposal 0.47, abuse 0.55) was worse on every one
    than 0.5, while real comments wanted the opposite direction (docs/extraction.md,
    "Decision thresholds"). The seed is written to teach the heads, not to be a sample of a
    consultation's comments; the decisions are. Without any decision the model keeps 0.5
    (basis ``fixed``) and no cross-validation is run."""
    reviewed = [k for k, r in enumerate(rows) if r.source != "seed"]
    if not reviewed:
        return Thresholds()
    scores = out_of_fold_scores(rows, config, vectors, encoder)
    if scores is None:
        return Thresholds()
    truth, chosen, weight = {}, {}, {}
    for label, attr in LABELS.items():
        idx = [k for k in reviewed if getattr(rows[k], attr) is not None]
        truth[label] = [getattr(rows[k], attr) for k in idx]
        chosen[label] = scores[label][idx]
        weight[label] = np.ones(len(idx))
    return choose_all(truth, chosen, weight)


def _fit(
    rows: Sequence[Row],
    config: FeatureConfig | None,
    vectors: np.ndarray | None,
    encoder: str | None,
    heads_only: bool = False,
) -> ExtractionModel:
    """The model of ``fit`` without choosing thresholds; ``heads_only``: the proposal and
    abuse heads alone (no sentiment, themes or examples), for cross-validation."""
    config = config or FeatureConfig()
    featurizer = Featurizer(config)
    width = featurizer.width
    texts = [r.text for r in rows]
    _, _, X = featurizer.transform(texts)
    weights = row_weights(rows)

    def labelled(attr: str) -> tuple[list[int], np.ndarray]:
        idx = [k for k, r in enumerate(rows) if getattr(r, attr) is not None]
        return idx, np.array([getattr(rows[k], attr) for k in idx], dtype=int)

    def head(attr: str) -> LinearHead:
        idx, y = labelled(attr)
        return _binary_head(X[idx], y, width, weights[idx])

    if heads_only:
        dense_heads = None
        if vectors is not None:
            dense_heads = {
                name: _dense_head(vectors[idx], y, weights[idx])
                for attr, name in (("is_proposal", "proposal"), ("abusive", "abuse"))
                for idx, y in [labelled(attr)]
            }
        return ExtractionModel(
            config,
            head("is_proposal"),
            head("abusive"),
            None,
            {},
            encoder=encoder if vectors is not None else None,
            dense_heads=dense_heads,
        )
    s_idx = [k for k, r in enumerate(rows) if r.sentiment in SENTIMENTS]
    s_labels = [rows[k].sentiment for k in s_idx]
    sentiment = _sentiment_head(X[s_idx], s_labels, width, weights[s_idx])
    centroids = learn_centroids((r.theme, r.text) for r in rows if r.theme and r.is_proposal)
    # Reviewed comments first, so the team's own decisions are kept when capping.
    order = sorted(range(len(rows)), key=lambda k: rows[k].source == "seed")
    chosen = [k for k in order if rows[k].is_proposal is not None or rows[k].abusive is not None]
    chosen = chosen[:MAX_EXAMPLES]
    examples = [Example(rows[k].text, _label(rows[k]), rows[k].source) for k in chosen]
    extra: dict = {}
    if vectors is not None:
        dense_heads = {}
        for attr, name in (("is_proposal", "proposal"), ("abusive", "abuse")):
            idx, y = labelled(attr)
            dense_heads[name] = _dense_head(vectors[idx], y, weights[idx])
        if len(set(s_labels)) > 1:
            dense_heads["sentiment"] = _dense_head(
                vectors[s_idx], np.array(s_labels), weights[s_idx], sorted(set(s_labels))
            )
        themes = [r.theme if r.theme and r.is_proposal else None for r in rows]
        extra = {
            "encoder": encoder,
            "dense_heads": dense_heads,
            "prototypes": mean_vectors(themes, vectors),
            "example_vectors": vectors[chosen] if chosen else None,
        }
    return ExtractionModel(
        config, head("is_proposal"), head("abusive"), sentiment, centroids, examples, **extra
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
    # The first wave's comparison of approaches, all at one fixed threshold.
    predicted = (scores >= DEFAULT).astype(int).tolist()
    return binary_report(truth, predicted, scores.tolist(), attr=attr)
