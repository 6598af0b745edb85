"""Turning normalised comments into sparse feature vectors.

Character n-grams (within words) carry morphology and misspellings ("deberían",
"deverian", "deberian" share most of them); word uni- and bigrams carry phrases ("hay que",
"que el"); a few dense lexicon features carry the cue phrases. Hashing keeps the vectoriser
stateless: a model is fully described by its configuration and weights, which is what lets
every version live as portable JSON in ``model_version.artifact``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from pulso.analytics.extraction import lexicon
from pulso.analytics.extraction.normalise import normalise

# A leading infinitive or plural imperative is how titles of proposals start
# ("Limpiar las calles", "Pongan un semáforo").
_LEADING_VERB = re.compile(r"^(?:\w+(?:ar|er|ir)|\w+(?:en|an)|que \w+(?:en|an))\b")

DENSE_NAMES = (
    "proposal_cues",
    "has_proposal_cue",
    "leading_verb",
    "question",
    "abuse_cues",
    "positive_cues",
    "negative_cues",
    "length",
)


@dataclass(frozen=True)
class FeatureConfig:
    char: tuple[int, int] | None = (2, 4)
    word: tuple[int, int] | None = (1, 2)
    lexicon: bool = True
    n_features: int = 2**17

    @classmethod
    def from_dict(cls, data: dict) -> FeatureConfig:
        return cls(
            char=tuple(data["char"]) if data.get("char") else None,
            word=tuple(data["word"]) if data.get("word") else None,
            lexicon=bool(data.get("lexicon", True)),
            n_features=int(data.get("n_features", 2**17)),
        )

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Cues:
    """What the lexicons found in one comment (kept as evidence)."""

    proposal: list[str]
    abuse: list[str]
    positive: list[str]
    negative: list[str]


def find_cues(normalised: str) -> Cues:
    return Cues(
        proposal=lexicon.PROPOSAL.matches(normalised),
        abuse=lexicon.ABUSE.matches(normalised),
        positive=lexicon.POSITIVE.matches(normalised),
        negative=lexicon.NEGATIVE.matches(normalised),
    )


def dense_row(normalised: str, cues: Cues) -> list[float]:
    words = normalised.count(" ") + 1 if normalised else 0
    weight = lexicon.PROPOSAL.weight(cues.proposal)
    return [
        math.log1p(weight),
        1.0 if cues.proposal else 0.0,
        1.0 if _LEADING_VERB.match(normalised) else 0.0,
        1.0 if "?" in normalised else 0.0,
        math.log1p(lexicon.ABUSE.weight(cues.abuse)),
        math.log1p(lexicon.POSITIVE.weight(cues.positive)),
        math.log1p(lexicon.NEGATIVE.weight(cues.negative)),
        math.log1p(words) / 4.0,
    ]


class Featurizer:
    """``transform(texts)`` -> (normalised texts, cues, sparse matrix of features)."""

    def __init__(self, config: FeatureConfig) -> None:
        self.config = config
        common = {
            "n_features": config.n_features,
            "alternate_sign": False,
            "lowercase": False,
            "norm": "l2",
            "dtype": np.float32,
        }
        self.char = (
            HashingVectorizer(analyzer="char_wb", ngram_range=config.char, **common)
            if config.char
            else None
        )
        self.word = (
            HashingVectorizer(
                analyzer="word",
                ngram_range=config.word,
                token_pattern=r"(?u)\b\w+\b|[?!]",
                **common,
            )
            if config.word
            else None
        )

    @property
    def width(self) -> int:
        blocks = (self.char is not None) + (self.word is not None)
        return blocks * self.config.n_features + (len(DENSE_NAMES) if self.config.lexicon else 0)

    def transform(self, texts: Sequence[str]) -> tuple[list[str], list[Cues], sp.csr_matrix]:
        norm, cues, X, _ = self.transform_with_chars(texts)
        return norm, cues, X

    def transform_with_chars(self, texts: Sequence[str]):
        """Like ``transform``, also returning the character n-gram block alone (or None),
        which the nearest-example search reuses instead of hashing the text twice."""
        norm = [normalise(t or "") for t in texts]
        cues = [find_cues(n) for n in norm]
        blocks = []
        chars = None
        if self.char is not None:
            chars = self.char.transform(norm)
            blocks.append(chars)
        if self.word is not None:
            blocks.append(self.word.transform(norm))
        if self.config.lexicon:
            dense = np.array([dense_row(n, c) for n, c in zip(norm, cues, strict=True)])
            blocks.append(sp.csr_matrix(dense.reshape(len(norm), len(DENSE_NAMES))))
        if not blocks:
            return norm, cues, sp.csr_matrix((len(norm), 0), dtype=np.float32), chars
        return norm, cues, sp.hstack(blocks, format="csr", dtype=np.float32), chars

    def char_vectors(self, normalised: Sequence[str]) -> sp.csr_matrix:
        """Character n-gram vectors alone (for nearest examples)."""
        vectoriser = self.char or HashingVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 4),
            n_features=self.config.n_features,
            alternate_sign=False,
            lowercase=False,
            dtype=np.float32,
        )
        return vectoriser.transform(normalised)
