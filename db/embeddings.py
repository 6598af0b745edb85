"""The cache of sentence vectors (``text_embedding``): one row per text digest and encoder,
the vector as float16 bytes (1 KB for 512 dimensions). Written once; read by training and
scoring so that no comment is encoded twice."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.db.keys import insert_missing
from pulso.db.models import TextEmbedding

CHUNK = 500


def load_vectors(*, session: Session, encoder: str, keys: Iterable[str]) -> dict[str, np.ndarray]:
    """The stored vectors of ``keys`` (digests) for ``encoder``; missing keys are absent."""
    wanted = list(dict.fromkeys(keys))
    found: dict[str, np.ndarray] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        query = select(TextEmbedding.digest, TextEmbedding.vector).where(
            TextEmbedding.encoder == encoder, TextEmbedding.digest.in_(chunk)
        )
        for key, blob in session.execute(query):
            found[key] = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
    return found


def store_vectors(*, session: Session, encoder: str, vectors: Mapping[str, np.ndarray]) -> int:
    """Store new vectors (a digest already stored is left as it is)."""
    rows = [
        {"digest": key, "encoder": encoder, "vector": np.asarray(v, np.float16).tobytes()}
        for key, v in vectors.items()
    ]
    if rows:
        insert_missing(TextEmbedding, rows, session=session, key=("digest", "encoder"))
    return len(rows)
