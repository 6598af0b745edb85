"""The default model that ships with Pulso: both tiers fitted on the seed set, so that a new
database scores comments before anyone trains anything.

``python -m pulso.analytics.extraction.default`` (``make model``) rebuilds
``default_model.json.gz`` beside this file; the artifact records the digest of the seed files
it was fitted on, and a test fails when the seed changed without a rebuild.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import sys
from importlib import resources
from pathlib import Path

from pulso.analytics.extraction.data import load_seed
from pulso.analytics.extraction.encoder import encode_cached, shared_encoder
from pulso.analytics.extraction.training import fit

ARTIFACT = "default_model.json.gz"


def seed_digest() -> str:
    """SHA-256 over the seed files' names and bytes, in name order."""
    h = hashlib.sha256()
    folder = resources.files("pulso.analytics.extraction") / "seed"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".csv"):
            h.update(entry.name.encode())
            h.update(entry.read_bytes())
    return h.hexdigest()


def build(threads: int = 2) -> dict:
    rows = load_seed()
    encoder = shared_encoder(threads)
    vectors, _ = encode_cached([r.text for r in rows], encoder)
    artifact = fit(rows, vectors=vectors, encoder=encoder.name).to_artifact()
    artifact.update(
        built=dt.date.today().isoformat(), seed_rows=len(rows), seed_digest=seed_digest()
    )
    return artifact


def main() -> int:
    target = Path(__file__).with_name(ARTIFACT)
    artifact = build()
    # mtime=0: the same model gives the same bytes.
    target.write_bytes(gzip.compress(json.dumps(artifact, sort_keys=True).encode(), mtime=0))
    print(f"{target}: {artifact['seed_rows']} seed rows, {target.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
