"""Cross-validation of both tiers on the seed set, grouped by region.

Usage: python -m scripts.seed_cv [--folds 5] [--dense-c 0.25 1 4]

The seed's regional files were written as regional versions of the same situations (near
twins, docs/training-data.md), so a random split leaks; folds here keep each region (the
``region`` column, else the file) whole. For each head (proposal, abuse) it prints
precision / recall / F1 (threshold 0.5) / average precision of the lexical tier, of the
sentence tier for each ``--dense-c`` and of the mean of both (what the model scores), and the
weights of a logistic stack of both tiers' logits; then the sentence tier's theme top-1 / top-3
on the first seed's rows that carry one of the 2018 consultation's 8 themes, zero-shot (the
themes' texts) and with the prototypes of the team-written rows (``team_*.csv``, which is
what the shipped model carries). Only seed rows are read: this is how the
heads' settings are chosen without looking at any development set.
"""

from __future__ import annotations

import argparse
import csv
from importlib import resources

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold

from pulso.analytics.extraction.data import read_labelled_csv
from pulso.analytics.extraction.encoder import encode_cached, shared_encoder
from pulso.analytics.extraction.training import fit


def _seed_with_groups():
    rows, groups = [], []
    folder = resources.files("pulso.analytics.extraction") / "seed"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".csv"):
            continue
        with resources.as_file(entry) as path:
            rows.extend(read_labelled_csv(path, source="seed"))
            with open(path, encoding="utf-8-sig", newline="") as handle:
                groups.extend(r.get("region") or entry.name for r in csv.DictReader(handle))
    return rows, np.array(groups)


def _report(y: np.ndarray, p: np.ndarray) -> str:
    precision, recall, f1, _ = precision_recall_fscore_support(
        y, p >= 0.5, average="binary", zero_division=0
    )
    return f"P={precision:.3f} R={recall:.3f} F1={f1:.3f} AP={average_precision_score(y, p):.3f}"


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--dense-c", type=float, nargs="+", default=[0.25, 1.0, 4.0])
    args = parser.parse_args(argv)
    rows, groups = _seed_with_groups()
    encoder = shared_encoder(1)
    vectors, _ = encode_cached([r.text for r in rows], encoder)
    heads = ("is_proposal", "abusive")
    lexical = {h: np.zeros(len(rows)) for h in heads}
    dense = {(h, c): np.zeros(len(rows)) for h in heads for c in args.dense_c}
    labels = {h: np.array([getattr(r, h) or 0 for r in rows]) for h in heads}
    for train, test in GroupKFold(args.folds).split(vectors, groups=groups):
        model = fit(
            [rows[k] for k in train], vectors=vectors[train], encoder=encoder.name, thresholds=False
        )
        texts = [rows[k].text for k in test]
        lexical["is_proposal"][test] = model.proposal_proba(texts)
        lexical["abusive"][test] = model.abuse_proba(texts)
        for h in heads:
            for c in args.dense_c:
                clf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
                clf.fit(vectors[train], labels[h][train])
                dense[(h, c)][test] = clf.predict_proba(vectors[test])[:, 1]
    print(f"seed: {len(rows)} rows, {args.folds} folds grouped by region")
    for h in heads:
        y = labels[h]
        print(f"== {h} ({int(y.sum())} positive)")
        print(f"lexical tier            {_report(y, lexical[h])}")
        for c in args.dense_c:
            d = dense[(h, c)]
            stack = LogisticRegression(C=100).fit(np.c_[_logit(lexical[h]), _logit(d)], y)
            weights = ", ".join(f"{w:.2f}" for w in [*stack.coef_[0], stack.intercept_[0]])
            print(f"sentence tier C={c:<5}   {_report(y, d)}")
            print(f"  mean of both tiers    {_report(y, (lexical[h] + d) / 2)}")
            print(f"  logit stack weights (lexical, sentence, bias): {weights}")
    _themes(rows, encoder)
    return 0


def _themes(rows, encoder) -> None:
    import json
    from pathlib import Path

    from pulso.analytics.extraction.dense import mean_vectors, theme_scores
    from pulso.analytics.extraction.themes import ThemeInfo
    from pulso.consultation.scoring import theme_means, theme_texts

    path = Path(__file__).resolve().parents[1] / "sandbox/data/consultation_2018.json"
    themes = json.loads(path.read_text(encoding="utf-8"))["themes"]
    slugs = [t["slug"] for t in themes]
    texts = [
        theme_texts(
            ThemeInfo(
                t["slug"],
                t["name_es"],
                t.get("name_en"),
                t.get("description_es"),
                t.get("description_en"),
            )
        )
        for t in themes
    ]
    profiles = theme_means(texts, encoder.encode([x for group in texts for x in group]))
    folder = resources.files("pulso.analytics.extraction") / "seed"
    first, team = [], []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".csv"):
            with resources.as_file(entry) as path:
                found = read_labelled_csv(path, source="seed")
            (team if entry.name.startswith("team_") else first).extend(found)
    test = [r for r in first if r.theme in slugs]
    truth = np.array([slugs.index(r.theme) for r in test])
    vectors, _ = encode_cached([r.text for r in test], encoder)
    known = [r for r in team if r.is_proposal and r.theme in slugs]
    known_vectors, _ = encode_cached([r.text for r in known], encoder)
    for name, prototypes in (
        ("zero-shot", {}),
        ("team-row prototypes", mean_vectors([r.theme for r in known], known_vectors)),
    ):
        ranked = np.argsort(-theme_scores(vectors, slugs, profiles, prototypes), axis=1)
        top1 = float(np.mean(ranked[:, 0] == truth))
        top3 = float(np.mean([truth[k] in ranked[k, :3] for k in range(len(truth))]))
        print(f"themes {name:<20} top-1 {top1:.3f}  top-3 {top3:.3f}  (n={len(test)})")


if __name__ == "__main__":
    raise SystemExit(main())
