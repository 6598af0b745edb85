"""Compare proposal-detection approaches (docs/extraction.md records the figures).

Usage: python scripts/compare_extraction.py [LABELS.csv ...]

For each approach: 5-fold cross-validation on the seed set, then a model trained on the
whole seed scored on each labelled CSV given (e.g. the Decide Madrid files), and the
scoring speed. Nothing is trained on those CSVs.
"""

from __future__ import annotations

import sys
import time

from pulso.analytics.extraction import (
    FeatureConfig,
    LexiconBaseline,
    fit,
    load_seed,
    read_labelled_csv,
)
from pulso.analytics.extraction.evaluation import binary_report
from pulso.analytics.extraction.training import cross_validate

APPROACHES = {
    "lexicon": None,
    "char 2-4": FeatureConfig(char=(2, 4), word=None, lexicon=False),
    "word 1-2": FeatureConfig(char=None, word=(1, 2), lexicon=False),
    "char+word": FeatureConfig(char=(2, 4), word=(1, 2), lexicon=False),
    "char+word+lexicon": FeatureConfig(char=(2, 4), word=(1, 2), lexicon=True),
    "word+lexicon": FeatureConfig(char=None, word=(1, 2), lexicon=True),
}


def _line(name: str, what: str, r: dict) -> str:
    pos = r["per_label"]["proposal"]
    return (
        f"{name:<20} {what:<22} P={pos['precision']:.3f} R={pos['recall']:.3f} "
        f"F1={pos['f1']:.3f} AP={r.get('average_precision') or 0:.3f} n={r['n']}"
    )


def theme_accuracy(seed) -> None:
    """Top-1/top-3 theme accuracy on the seed's proposals: zero-shot (descriptions only) and
    with reviewed examples (5-fold: centroids learned on 4/5, tested on 1/5)."""
    import json
    from pathlib import Path

    import numpy as np

    from pulso.analytics.extraction import ThemeInfo
    from pulso.analytics.extraction.normalise import normalise
    from pulso.analytics.extraction.themes import ThemeScorer, learn_centroids

    path = Path(__file__).resolve().parents[1] / "sandbox/data/consultation_2018.json"
    themes = [ThemeInfo(**t) for t in json.loads(path.read_text(encoding="utf-8"))["themes"]]
    rows = [r for r in seed if r.is_proposal and r.theme]

    def score(centroids, test):
        scorer = ThemeScorer(themes, centroids)
        ranked = [[x["slug"] for x in scorer.score(normalise(r.text))] for r in test]
        top1 = sum(bool(x) and x[0] == r.theme for x, r in zip(ranked, test, strict=True))
        top3 = sum(r.theme in x for x, r in zip(ranked, test, strict=True))
        return top1, top3, sum(not x for x in ranked)

    top1, top3, none = score({}, rows)
    n = len(rows)
    print(f"themes zero-shot        top1={top1 / n:.3f} top3={top3 / n:.3f} none={none} n={n}")
    order = np.random.default_rng(13).permutation(n)
    totals = [0, 0, 0]
    for f in range(5):
        test_idx = set(order[f::5].tolist())
        train = [rows[k] for k in range(n) if k not in test_idx]
        test = [rows[k] for k in sorted(test_idx)]
        for i, v in enumerate(score(learn_centroids((r.theme, r.text) for r in train), test)):
            totals[i] += v
    print(
        f"themes with examples    top1={totals[0] / n:.3f} top3={totals[1] / n:.3f} "
        f"none={totals[2]} n={n} (5-fold)"
    )


def main(paths: list[str]) -> int:
    seed = load_seed()
    theme_accuracy(seed)
    sets = [(p, read_labelled_csv(p)) for p in paths]
    for name, config in APPROACHES.items():

        def build(rows, config=config):
            return LexiconBaseline() if config is None else fit(rows, config, thresholds=False)

        for attr in ("is_proposal", "abusive"):
            r = cross_validate(seed, build, attr=attr)
            if attr == "abusive":
                r["per_label"]["proposal"] = r["per_label"]["abusive"]
            print(_line(name, f"seed 5-fold {attr}", r), flush=True)
        model = build(seed)
        for path, rows in sets:
            texts = [r.text for r in rows]
            started = time.perf_counter()
            scores = model.proposal_proba(texts)
            rate = len(texts) / (time.perf_counter() - started)
            truth = [r.is_proposal for r in rows]
            r = binary_report(truth, [int(s >= 0.5) for s in scores], list(scores))
            print(_line(name, path.rsplit("/", 1)[-1], r) + f" ({rate:,.0f}/s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
