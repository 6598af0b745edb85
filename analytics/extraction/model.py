"""The extraction model: proposal, abuse and sentiment heads over one feature space, plus
the theme scorer and the reviewed examples shown as evidence.

A model is plain data: the feature configuration, sparse weight vectors, theme centroids
and a few hundred example texts. ``to_artifact`` / ``from_artifact`` turn it into JSON for
``model_version.artifact`` so that every version can be restored exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from pulso.analytics.extraction.features import FeatureConfig, Featurizer
from pulso.analytics.extraction.normalise import normalise
from pulso.analytics.extraction.themes import ThemeInfo, ThemeScorer

ARTIFACT_KIND = "pulso-extraction"
ARTIFACT_FORMAT = 1
SENTIMENTS = ("negative", "neutral", "positive")
NEAREST_MIN_SIMILARITY = 0.35
MAX_EXAMPLE_CHARS = 240


class LinearHead:
    """Logistic (one row) or softmax (several rows) scores over the feature space."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, classes: Sequence[str]) -> None:
        self.weights = np.atleast_2d(np.asarray(weights, dtype=np.float32))
        self.bias = np.atleast_1d(np.asarray(bias, dtype=np.float32))
        self.classes = list(classes)

    def decision(self, X: sp.csr_matrix) -> np.ndarray:
        return np.asarray(X @ self.weights.T) + self.bias

    def proba(self, X: sp.csr_matrix) -> np.ndarray:
        z = self.decision(X)
        if z.shape[1] == 1:  # binary: probability of the positive class
            return 1.0 / (1.0 + np.exp(-z[:, 0]))
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def to_json(self) -> dict:
        rows = []
        for row in self.weights:
            idx = np.flatnonzero(row)
            rows.append({"i": idx.tolist(), "w": [round(float(v), 6) for v in row[idx]]})
        return {"classes": self.classes, "bias": [float(b) for b in self.bias], "rows": rows}

    @classmethod
    def from_json(cls, data: dict, width: int) -> LinearHead:
        weights = np.zeros((len(data["rows"]), width), dtype=np.float32)
        for k, row in enumerate(data["rows"]):
            weights[k, row["i"]] = row["w"]
        return cls(weights, np.array(data["bias"]), data["classes"])


@dataclass
class CommentScore:
    proposal: float
    abuse: float
    sentiment: str
    evidence: dict
    themes: list[dict] = field(default_factory=list)


@dataclass
class Example:
    text: str
    label: str  # "proposal", "not_proposal", "abusive"
    source: str  # "seed" or "comment:<id>"


class ExtractionModel:
    def __init__(
        self,
        config: FeatureConfig,
        proposal: LinearHead,
        abuse: LinearHead,
        sentiment: LinearHead | None,
        centroids: dict[str, dict],
        examples: Sequence[Example] = (),
        metrics: dict | None = None,
    ) -> None:
        self.config = config
        self.featurizer = Featurizer(config)
        self.proposal = proposal
        self.abuse = abuse
        self.sentiment = sentiment
        self.centroids = centroids
        self.examples = list(examples)
        self.metrics = metrics or {}
        self._example_vectors = (
            self.featurizer.char_vectors([normalise(e.text) for e in self.examples]).T.tocsc()
            if self.examples
            else None
        )

    # ---------------------------------------------------------------- scoring

    def score(
        self, texts: Sequence[str], themes: Sequence[ThemeInfo] | None = None
    ) -> list[CommentScore]:
        if not texts:
            return []
        norm, cues, X, chars = self.featurizer.transform_with_chars(texts)
        p = self.proposal.proba(X)
        a = self.abuse.proba(X)
        if self.sentiment is not None:
            s = self.sentiment.proba(X).argmax(axis=1)
            sentiments = [str(self.sentiment.classes[k]) for k in s]
        else:
            sentiments = ["neutral"] * len(texts)
        nearest = self._nearest(norm, chars)
        scorer = ThemeScorer(themes, self.centroids) if themes else None
        out = []
        for k, n in enumerate(norm):
            evidence: dict = {"cues": sorted(set(cues[k].proposal))}
            if cues[k].abuse:
                evidence["abuse_cues"] = sorted(set(cues[k].abuse))
            if nearest[k] is not None:
                evidence["nearest"] = [nearest[k]]
            out.append(
                CommentScore(
                    proposal=round(float(p[k]), 4),
                    abuse=round(float(a[k]), 4),
                    sentiment=sentiments[k],
                    evidence=evidence,
                    themes=scorer.score(n) if scorer else [],
                )
            )
        return out

    def proposal_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.proposal.proba(self.featurizer.transform(texts)[2])

    def abuse_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.abuse.proba(self.featurizer.transform(texts)[2])

    def _nearest(self, norm: Sequence[str], chars=None) -> list[dict | None]:
        if self._example_vectors is None:
            return [None] * len(norm)
        if chars is None:
            chars = self.featurizer.char_vectors(norm)
        sims = (chars @ self._example_vectors).toarray()
        best = sims.argmax(axis=1)
        out: list[dict | None] = []
        for k, j in enumerate(best):
            sim = float(sims[k, j])
            if sim < NEAREST_MIN_SIMILARITY:
                out.append(None)
                continue
            ex = self.examples[j]
            out.append(
                {
                    "text": ex.text,
                    "label": ex.label,
                    "source": ex.source,
                    "similarity": round(sim, 3),
                }
            )
        return out

    # ---------------------------------------------------------------- persistence

    def to_artifact(self) -> dict:
        return {
            "kind": ARTIFACT_KIND,
            "format": ARTIFACT_FORMAT,
            "features": self.config.to_dict(),
            "proposal": self.proposal.to_json(),
            "abuse": self.abuse.to_json(),
            "sentiment": self.sentiment.to_json() if self.sentiment else None,
            "themes": self.centroids,
            "examples": [
                {"text": e.text[:MAX_EXAMPLE_CHARS], "label": e.label, "source": e.source}
                for e in self.examples
            ],
        }

    @classmethod
    def from_artifact(cls, data: dict, metrics: dict | None = None) -> ExtractionModel:
        if data.get("kind") != ARTIFACT_KIND or data.get("format") != ARTIFACT_FORMAT:
            raise ValueError("not a Pulso extraction model artifact of a known format")
        config = FeatureConfig.from_dict(data["features"])
        width = Featurizer(config).width
        return cls(
            config,
            LinearHead.from_json(data["proposal"], width),
            LinearHead.from_json(data["abuse"], width),
            LinearHead.from_json(data["sentiment"], width) if data.get("sentiment") else None,
            data.get("themes") or {},
            [Example(**e) for e in data.get("examples", [])],
            metrics,
        )
