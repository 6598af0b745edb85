"""Comment scoring speed and peak memory, on comments of realistic length (150 to 300
characters, as real comments average): 100,000 comments for the lexical tier and 20,000 for
anything that encodes (``--scale small``: 10,000 and 2,000).

Each measurement runs in a fresh (spawned) process limited to one BLAS/OpenMP thread, so its
speed is one core's and its peak resident memory (``VmHWM``) is its own. Measured in the same
run:
- ``lexicon``: the cue lexicons alone (the baseline);
- ``first_tier``: the shipped model's lexical tier (features, proposal/abuse/sentiment heads,
  nearest reviewed example, themes of an 8-theme consultation);
- ``encode``: the sentence encoder alone (its cost per comment);
- ``full``: encoding plus both tiers (what scoring a new comment costs);
- ``end_to_end``: ``score_pending`` in SQLite: vectors encoded and stored, a suggestion per
  comment stored.
Targets (issue 17): the full model at least 300 comments/s and the first tier 2,000/s on one
core, under 800 MB.
"""

from __future__ import annotations

import multiprocessing as mp
import random
import resource
import time
from pathlib import Path

SIZES = {"small": 10_000, "full": 100_000}
ENCODED_SIZES = {"small": 2_000, "full": 20_000}
ROOT = Path(__file__).resolve().parents[1]

# Extra words glued to seed texts so that no two comments are the same.
NOISE = [
    "la",
    "el",
    "que",
    "de",
    "barrio",
    "calle",
    "gracias",
    "pues",
    "vos",
    "😂",
    "#consulta",
    "@spta",
    "hoy",
    "ayer",
    "mañana",
]


def _comments(n: int) -> list[str]:
    """``n`` distinct comments of 150 to 300 characters, made of seed texts."""
    from pulso.analytics.extraction import load_seed

    rng = random.Random(7)
    seed = [r.text for r in load_seed()]
    out = []
    for k in range(n):
        text = rng.choice(seed)
        while len(text) < 150:
            text = f"{text} {' '.join(rng.sample(NOISE, 2))} {rng.choice(seed)}"
        out.append(f"{text[:290]} {k}")
    return out


def _themes():
    import json

    from pulso.analytics.extraction import ThemeInfo

    data = json.loads((ROOT / "sandbox/data/consultation_2018.json").read_text(encoding="utf-8"))
    return [ThemeInfo(**t) for t in data["themes"]]


def _measure(kind: str, n: int, queue) -> None:
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        figures = _run(kind, n)
    figures["peak_rss_mb"] = _peak_rss_mb()
    queue.put(figures)


def _peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's ``VmHWM`` belongs to the process's own
    memory since its exec; ``ru_maxrss`` keeps the high-water mark from before the exec,
    which for a spawned child is its parent's size at the fork (1,167 MB after the other
    benchmarks of ``make bench``, whatever the child used)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _run(kind: str, n: int) -> dict:
    from pulso.analytics.extraction import ExtractionModel, LexiconBaseline
    from pulso.analytics.extraction.encoder import SentenceEncoder
    from pulso.consultation.scoring import default_artifact

    texts = _comments(n)
    if kind == "lexicon":
        baseline = LexiconBaseline()
        started = time.perf_counter()
        for k in range(0, n, 1000):
            baseline.proposal_proba(texts[k : k + 1000])
            baseline.abuse_proba(texts[k : k + 1000])
        return {"seconds": time.perf_counter() - started}
    model = ExtractionModel.from_artifact(default_artifact())
    themes = _themes()
    encoder = SentenceEncoder(threads=1)
    encoder.encode(["warm up"])  # loading the weights is not scoring
    if kind == "first_tier":
        started = time.perf_counter()
        for k in range(0, n, 1000):
            model.score(texts[k : k + 1000], themes)
        return {"seconds": time.perf_counter() - started}
    theme_vectors = encoder.encode([t.name_en or t.name_es for t in themes])
    if kind == "encode":
        started = time.perf_counter()
        for k in range(0, n, 1000):
            encoder.encode(texts[k : k + 1000])
        return {"seconds": time.perf_counter() - started}
    if kind == "full":
        started = time.perf_counter()
        for k in range(0, n, 1000):
            batch = texts[k : k + 1000]
            model.score(batch, themes, encoder.encode(batch), theme_vectors)
        return {"seconds": time.perf_counter() - started}
    return _end_to_end(model, texts)


def _end_to_end(model, texts: list[str]) -> dict:
    import datetime as dt
    import tempfile

    from sqlalchemy import insert

    from pulso.consultation.catalog import load_consultation_file
    from pulso.consultation.scoring import score_pending
    from pulso.db.engine import make_engine, transaction
    from pulso.db.migrate import upgrade
    from pulso.db.models import Account, Comment, Post

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade(engine)
        now = dt.datetime(2018, 6, 29, tzinfo=dt.UTC)
        with transaction(engine) as session:
            c = load_consultation_file(
                ROOT / "sandbox/data/consultation_2018.json", session=session
            ).consultation
            account = Account(platform="facebook", external_id="page", consultation_id=c.id)
            session.add(account)
            session.flush()
            post = Post(platform="facebook", external_id="p1", account_id=account.id,
                        published_at=now)  # fmt: skip
            session.add(post)
            session.flush()
            session.execute(
                insert(Comment),
                [
                    {"platform": "facebook", "external_id": f"c{k}", "post_id": post.id,
                     "text": text, "created_at": now}
                    for k, text in enumerate(texts)
                ],
            )  # fmt: skip
        started = time.perf_counter()
        with transaction(engine) as session:
            scored = score_pending(session=session, model=model, version="bench", threads=1).scored
        seconds = time.perf_counter() - started
        engine.dispose()
    assert scored == len(texts)
    return {"seconds": seconds}


def run(scale: str) -> dict:
    ctx = mp.get_context("spawn")
    figures: dict = {"comments_lexical": SIZES[scale], "comments_encoded": ENCODED_SIZES[scale]}
    for kind in ("lexicon", "first_tier", "encode", "full", "end_to_end"):
        n = SIZES[scale] if kind in ("lexicon", "first_tier") else ENCODED_SIZES[scale]
        queue = ctx.Queue()
        process = ctx.Process(target=_measure, args=(kind, n, queue))
        process.start()
        result = queue.get()
        process.join()
        figures[f"{kind}_per_second"] = round(n / result["seconds"])
        figures[f"{kind}_peak_rss_mb"] = result["peak_rss_mb"]
    figures["encode_ms_per_comment"] = round(1000 / figures["encode_per_second"], 2)
    figures["first_tier_vs_lexicon_speed"] = round(
        figures["first_tier_per_second"] / figures["lexicon_per_second"], 3
    )
    figures["full_vs_first_tier_speed"] = round(
        figures["full_per_second"] / figures["first_tier_per_second"], 3
    )
    figures["target_full_per_second"] = 300
    figures["target_first_tier_per_second"] = 2000
    figures["target_peak_mb"] = 800
    return figures
