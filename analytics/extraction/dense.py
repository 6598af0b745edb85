"""The sentence-vector half of the extraction model: logistic heads over a comment's
embedding, themes by similarity to the themes' own texts (zero-shot) sharpened by the mean
vector of examples of each theme, and the nearest reviewed example.

Arrays travel in the model's JSON artifact as base64 float16 (``pack`` / ``unpack``)."""

from __future__ import annotations

import base64
from collections.abc import Sequence

import numpy as np

# Softmax temperature over cosine similarities to the themes' texts: the gaps between
# themes are a few hundredths of cosine, so a low temperature separates them.
THEME_TEMPERATURE = 0.02
# How much a theme's examples count next to its texts: n / (n + PRIOR).
PRIOR = 3.0
NEAREST_MIN_SIMILARITY = 0.5


def pack(array: np.ndarray) -> dict:
    array = np.asarray(array, dtype=np.float16)
    return {"shape": list(array.shape), "f16": base64.b64encode(array.tobytes()).decode()}


def unpack(data: dict) -> np.ndarray:
    raw = np.frombuffer(base64.b64decode(data["f16"]), dtype=np.float16)
    return raw.astype(np.float32).reshape(data["shape"])


class DenseHead:
    """Logistic (one row) or one-vs-rest softmax (several rows) over embeddings."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, classes: Sequence[str]) -> None:
        self.weights = np.atleast_2d(np.asarray(weights, dtype=np.float32))
        self.bias = np.atleast_1d(np.asarray(bias, dtype=np.float32))
        self.classes = list(classes)

    def proba(self, vectors: np.ndarray) -> np.ndarray:
        z = vectors @ self.weights.T + self.bias
        if z.shape[1] == 1:
            return 1.0 / (1.0 + np.exp(-z[:, 0]))
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def to_json(self) -> dict:
        return {
            "classes": self.classes,
            "bias": [float(b) for b in self.bias],
            "weights": pack(self.weights),
        }

    @classmethod
    def from_json(cls, data: dict) -> DenseHead:
        return cls(unpack(data["weights"]), np.array(data["bias"]), data["classes"])


def unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def theme_scores(
    vectors: np.ndarray,
    slugs: Sequence[str],
    theme_vectors: np.ndarray,
    prototypes: dict[str, tuple[int, np.ndarray]],
) -> np.ndarray:
    """(comments, themes) probabilities: each theme's profile is its texts' vector, moved
    towards the mean vector of its examples as they accumulate."""
    profiles = []
    for k, slug in enumerate(slugs):
        profile = theme_vectors[k]
        if slug in prototypes:
            n, mean = prototypes[slug]
            share = n / (n + PRIOR)
            profile = (1 - share) * profile + share * mean
        profiles.append(profile)
    sims = vectors @ unit(np.vstack(profiles)).T
    z = (sims - sims.max(axis=1, keepdims=True)) / THEME_TEMPERATURE
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def mean_vectors(labels: Sequence[str | None], vectors: np.ndarray) -> dict:
    """``{label: (count, unit mean vector)}`` over the rows that carry a label."""
    out = {}
    for label in sorted({x for x in labels if x}):
        rows = [k for k, x in enumerate(labels) if x == label]
        out[label] = (len(rows), unit(vectors[rows].mean(axis=0)))
    return out
