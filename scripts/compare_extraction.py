"""Compare proposal-detection approaches (docs/extraction.md records the figures).

Usage: python scripts/compare_extraction.py [LABELS.csv ...]

For each approach: 5-fold cross-validation on the seed set, then a model trained on the
whole seed scored on each labelled CSV given (e.g. the Decide Madrid files), and the
scoring speed. Nothing is trained on those CSVs.
"""

from __future__ import annotations

import sys
import time

from analytics.extraction import FeatureConfig, LexiconBaseline, fit, load_seed, read_labelled_csv
from analytics.extraction.evaluation import binary_report
from analytics.extraction.training import cross_validate

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


def main(paths: list[str]) -> int:
    seed = load_seed()
    sets = [(p, read_labelled_csv(p)) for p in paths]
    for name, config in APPROACHES.items():

        def build(rows, config=config):
            return LexiconBaseline() if config is None else fit(rows, config)

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
