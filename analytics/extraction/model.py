"""The extraction model: proposal, abuse and sentiment heads, the theme scorer and the
reviewed examples shown as evidence, in two tiers.

- The **lexical tier** reads words: character and word n-grams and the cue lexicons, one
  sparse feature space (``features``). It needs nothing but the text and scores thousands
  of comments a second.
- The **sentence tier** reads meaning: logistic heads over each comment's sentence vector
  (``encoder``, ``dense``), themes by similarity to the themes' own texts, and the nearest
  reviewed example by cosine. A comment's score is the mean of both tiers' probabilities
  (what measured best on every development set, docs/extraction.md).

``score`` takes the comments' vectors when the caller has them (``pulso.consultation.scoring``
reads them from the cache); without them it answers with the lexical tier alone.

A model is plain data: the feature configuration, weights, theme centroids and prototypes,
a few hundred example texts with their vectors, and its decision thresholds
(``thresholds``: chosen when it was trained). ``to_artifact`` / ``from_artifact`` turn
it into JSON for ``model_version.artifact`` so that every version can be restored exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from pulso.analytics.extraction import dense
from pulso.analytics.extraction.dense import DenseHead
from pulso.analytics.extraction.features import FeatureConfig, Featurizer
from pulso.analytics.extraction.normalise import normalise
from pulso.analytics.extraction.themes import ThemeInfo, ThemeScorer
from pulso.analytics.extraction.thresholds import Thresholds

ARTIFACT_KIND = "pulso-extraction"
ARTIFACT_FORMAT = 2
KNOWN_FORMATS = (1, 2)
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
        encoder: str | None = None,
        dense_heads: dict[str, DenseHead] | None = None,
        prototypes: dict[str, tuple[int, np.ndarray]] | None = None,
        example_vectors: np.ndarray | None = None,
        thresholds: Thresholds | None = None,
    ) -> None:
        self.config = config
        # The scores at or above which this version calls a comment a proposal / abusive.
        self.thresholds = thresholds or Thresholds()
        self.encoder = encoder
        self.dense = dense_heads or {}
        self.prototypes = prototypes or {}
        self.example_vectors = example_vectors
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

    @property
    def uses_vectors(self) -> bool:
        return bool(self.encoder and self.dense)

    def score(
        self,
        texts: Sequence[str],
        themes: Sequence[ThemeInfo] | None = None,
        vectors: np.ndarray | None = None,
        theme_vectors: np.ndarray | None = None,
    ) -> list[CommentScore]:
        """Scores of ``texts``. With ``vectors`` (their sentence vectors, in order) both tiers
        count; ``theme_vectors`` are the vectors of ``themes``' texts, in the same order."""
        if not texts:
            return []
        norm, cues, X, chars = self.featurizer.transform_with_chars(texts)
        sentence = vectors is not None and self.uses_vectors
        p = self.proposal.proba(X)
        a = self.abuse.proba(X)
        s_probs = self.sentiment.proba(X) if self.sentiment is not None else None
        if sentence:
            p = (p + self.dense["proposal"].proba(vectors)) / 2
            a = (a + self.dense["abuse"].proba(vectors)) / 2
            if s_probs is not None and "sentiment" in self.dense:
                s_probs = (s_probs + self.dense["sentiment"].proba(vectors)) / 2
        if s_probs is not None:
            sentiments = [str(self.sentiment.classes[k]) for k in s_probs.argmax(axis=1)]
        else:
            sentiments = ["neutral"] * len(texts)
        if sentence and self.example_vectors is not None:
            nearest = self._nearest_by_vector(vectors)
        else:
            nearest = self._nearest(norm, chars)
        theme_lists = self._themes(norm, themes, vectors if sentence else None, theme_vectors)
        out = []
        for k in range(len(norm)):
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
                    themes=theme_lists[k],
                )
            )
        return out

    def _themes(self, norm, themes, vectors, theme_vectors) -> list[list[dict]]:
        if not themes:
            return [[] for _ in norm]
        if vectors is None or theme_vectors is None:
            scorer = ThemeScorer(themes, self.centroids)
            return [scorer.score(n) for n in norm]
        slugs = [t.slug for t in themes]
        probs = dense.theme_scores(vectors, slugs, theme_vectors, self.prototypes)
        out = []
        for row in probs:
            order = np.argsort(-row)[:3]
            out.append(
                [
                    {
                        "slug": slugs[j],
                        "score": round(float(row[j]), 3),
                        "basis": "text+examples" if slugs[j] in self.prototypes else "text",
                    }
                    for j in order
                    if row[j] >= 0.01
                ]
            )
        return out

    def _nearest_by_vector(self, vectors: np.ndarray) -> list[dict | None]:
        return self._best_examples(vectors @ self.example_vectors.T, dense.NEAREST_MIN_SIMILARITY)

    def proposal_proba(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        return self._proba("proposal", texts, vectors)

    def abuse_proba(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        return self._proba("abuse", texts, vectors)

    def _proba(self, head: str, texts: Sequence[str], vectors: np.ndarray | None) -> np.ndarray:
        lexical = getattr(self, head).proba(self.featurizer.transform(texts)[2])
        if vectors is None or not self.uses_vectors:
            return lexical
        return (lexical + self.dense[head].proba(vectors)) / 2

    def _nearest(self, norm: Sequence[str], chars=None) -> list[dict | None]:
        if self._example_vectors is None:
            return [None] * len(norm)
        if chars is None:
            chars = self.featurizer.char_vectors(norm)
        sims = (chars @ self._example_vectors).toarray()
        return self._best_examples(sims, NEAREST_MIN_SIMILARITY)

    def _best_examples(self, sims: np.ndarray, minimum: float) -> list[dict | None]:
        """For each row of similarities, the most similar example when it reaches
        ``minimum``, as evidence."""
        out: list[dict | None] = []
        for k, j in enumerate(sims.argmax(axis=1)):
            sim = float(sims[k, j])
            if sim < minimum:
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
            "encoder": self.encoder,
            "dense": {name: head.to_json() for name, head in self.dense.items()},
            "prototypes": {
                slug: {"n": n, "vector": dense.pack(v)} for slug, (n, v) in self.prototypes.items()
            },
            "example_vectors": dense.pack(self.example_vectors)
            if self.example_vectors is not None
            else None,
            "examples": [
                {"text": e.text[:MAX_EXAMPLE_CHARS], "label": e.label, "source": e.source}
                for e in self.examples
            ],
            "thresholds": self.thresholds.to_json(),
        }

    @classmethod
    def from_artifact(cls, data: dict, metrics: dict | None = None) -> ExtractionModel:
        if data.get("kind") != ARTIFACT_KIND or data.get("format") not in KNOWN_FORMATS:
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
            encoder=data.get("encoder"),
            dense_heads={k: DenseHead.from_json(v) for k, v in (data.get("dense") or {}).items()},
            prototypes={
                slug: (int(p["n"]), dense.unpack(p["vector"]))
                for slug, p in (data.get("prototypes") or {}).items()
            },
            example_vectors=dense.unpack(data["example_vectors"])
            if data.get("example_vectors")
            else None,
            thresholds=Thresholds.from_json(data.get("thresholds")),
        )
