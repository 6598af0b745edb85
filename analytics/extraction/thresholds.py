"""Decision thresholds: the score at or above which a comment counts as a proposal (or as
abusive), one per label and model version.

A model's heads are fitted with balanced classes, so 0.5 is only where a fitted head is
indifferent, not where it is most useful. Each version therefore carries its own
thresholds, chosen when it is trained from data Pulso has: the cross-validated scores of
the reviewers' decisions among its training rows (``training.choose_thresholds``: the seed
teaches the heads but does not choose; without any decision the threshold is ``DEFAULT``).
The rule, per label:

1. F1 of the positive class at every threshold of ``GRID``
   (0.20, 0.21, ... 0.80);
2. the curve smoothed: each point the mean of the points within ``SMOOTH`` of it, so that a
   lucky row or two at one threshold does not decide;
3. its best point (ties: the one nearest 0.5);
4. shrunk towards ``DEFAULT`` by the evidence behind it: with ``m`` the weight of the rarer
   class, the threshold moves ``m / (m + PRIOR)`` of the way from 0.5 to the best point, so a
   handful of rows cannot push it to an extreme;
5. kept within [``LOWEST``, ``HIGHEST``] and rounded to 0.01.

With one class only (or none) the threshold is ``DEFAULT``. A version trained before
thresholds were stored (an artifact without them) is read with ``DEFAULT`` for both labels
(basis ``legacy``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

DEFAULT = 0.5
LOWEST, HIGHEST = 0.2, 0.8
STEP = 0.01
GRID = np.round(np.arange(LOWEST, HIGHEST + STEP / 2, STEP), 2)
SMOOTH = 0.05
PRIOR = 30.0
# The model's labels and the training rows' attribute that carries each.
LABELS = {"proposal": "is_proposal", "abuse": "abusive"}
# Where a version's thresholds came from.
CROSS_VALIDATED = "cross-validated"
FIXED = "fixed"
LEGACY = "legacy"


@dataclass(frozen=True)
class Thresholds:
    """A model version's thresholds and how they were chosen (``detail``: per label, the
    rows and the smoothed F1 behind it)."""

    proposal: float = DEFAULT
    abuse: float = DEFAULT
    basis: str = FIXED
    detail: dict = field(default_factory=dict, compare=False)

    def of(self, label: str) -> float:
        """The threshold of ``label`` ("proposal" or "abuse"; "is_proposal" and "abusive",
        the rows' attributes, name the same labels)."""
        key = {v: k for k, v in LABELS.items()}.get(label, label)
        if key not in LABELS:
            raise KeyError(label)
        return getattr(self, key)

    def to_json(self) -> dict:
        return {
            "proposal": self.proposal,
            "abuse": self.abuse,
            "basis": self.basis,
            "detail": self.detail,
        }

    @classmethod
    def from_json(cls, data: dict | None) -> Thresholds:
        """``data`` as ``to_json`` wrote it; nothing stored (a version trained before
        thresholds were) gives ``DEFAULT`` for both labels, basis ``legacy``."""
        if not data:
            return cls(basis=LEGACY)
        return cls(
            proposal=float(data.get("proposal", DEFAULT)),
            abuse=float(data.get("abuse", DEFAULT)),
            basis=str(data.get("basis") or FIXED),
            detail=dict(data.get("detail") or {}),
        )


def f1_curve(
    truth: Sequence[int], scores: Sequence[float], weights: Sequence[float] | None = None
) -> np.ndarray:
    """Weighted F1 of the positive class at each threshold of ``GRID``."""
    y = np.asarray(truth, dtype=bool)
    s = np.asarray(scores, dtype=float)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
    predicted = s[None, :] >= GRID[:, None]  # (thresholds, rows)
    tp = (predicted & y).astype(float) @ w
    fp = (predicted & ~y).astype(float) @ w
    fn = (~predicted & y).astype(float) @ w
    denominator = 2 * tp + fp + fn
    return np.divide(2 * tp, denominator, out=np.zeros_like(tp), where=denominator > 0)


def smooth(curve: np.ndarray, width: float = SMOOTH) -> np.ndarray:
    """Each point the mean of the points within ``width`` of it (fewer at the ends)."""
    half = int(round(width / STEP))
    out = np.empty_like(curve)
    for k in range(len(curve)):
        out[k] = curve[max(0, k - half) : k + half + 1].mean()
    return out


def choose(
    truth: Sequence[int], scores: Sequence[float], weights: Sequence[float] | None = None
) -> tuple[float, dict]:
    """The threshold for one label from out-of-fold ``scores`` of rows whose labels are
    ``truth`` (weighted by ``weights``), by the module's rule; and what it rests on."""
    y = np.asarray(truth, dtype=int)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
    positive, negative = float(w[y == 1].sum()), float(w[y == 0].sum())
    detail: dict = {"rows": int(len(y)), "positive_weight": round(positive, 1)}
    if positive == 0 or negative == 0:
        return DEFAULT, {**detail, "reason": "one class"}
    curve = smooth(f1_curve(y, scores, w))
    best = float(curve.max())
    ties = np.flatnonzero(curve >= best - 1e-12)
    peak = float(GRID[ties[np.argmin(np.abs(GRID[ties] - DEFAULT))]])
    evidence = min(positive, negative)
    shrunk = DEFAULT + (peak - DEFAULT) * evidence / (evidence + PRIOR)
    chosen = round(min(HIGHEST, max(LOWEST, shrunk)), 2)
    at_default = float(curve[np.argmin(np.abs(GRID - DEFAULT))])
    detail.update(
        peak=peak,
        f1_at_peak=round(best, 3),
        f1_at_default=round(at_default, 3),
    )
    return chosen, detail


def choose_all(
    truth: dict[str, Sequence[int]],
    scores: dict[str, Sequence[float]],
    weights: dict[str, Sequence[float]],
    basis: str = CROSS_VALIDATED,
) -> Thresholds:
    """``Thresholds`` for every label of ``LABELS`` present in ``truth`` (keyed by label:
    "proposal", "abuse"); a label without rows keeps ``DEFAULT``."""
    values: dict[str, float] = {}
    detail: dict[str, dict] = {}
    for label in LABELS:
        if label in truth and len(truth[label]):
            values[label], detail[label] = choose(truth[label], scores[label], weights[label])
    return Thresholds(**values, basis=basis, detail=detail)
