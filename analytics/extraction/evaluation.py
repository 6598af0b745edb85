"""Precision, recall, F1 per label and confusion matrices, for any labelled rows."""

from __future__ import annotations

from collections.abc import Sequence

from pulso.analytics.extraction.data import Row
from pulso.analytics.extraction.themes import ThemeInfo
from pulso.analytics.extraction.thresholds import LABELS, Thresholds
from pulso.i18n import t as message

# Where the threshold of a report came from, besides a model's own basis (``thresholds``).
GIVEN = "given"
BINARY_NAMES = {
    "is_proposal": ("not_proposal", "proposal"),
    "abusive": ("not_abusive", "abusive"),
}


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 3), round(r, 3), round(f, 3)


def class_report(truth: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict:
    """Per-label precision/recall/F1/support and the confusion matrix (rows = truth)."""
    index = {label: k for k, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for t, p in zip(truth, pred, strict=True):
        matrix[index[t]][index[p]] += 1
    per_label = {}
    for label, k in index.items():
        tp = matrix[k][k]
        fp = sum(matrix[j][k] for j in range(len(labels))) - tp
        fn = sum(matrix[k]) - tp
        p, r, f = _prf(tp, fp, fn)
        per_label[label] = {"precision": p, "recall": r, "f1": f, "support": sum(matrix[k])}
    correct = sum(matrix[k][k] for k in range(len(labels)))
    return {
        "labels": list(labels),
        "per_label": per_label,
        "confusion": matrix,
        "accuracy": round(correct / len(truth), 3) if truth else 0.0,
        "n": len(truth),
    }


def binary_report(truth: Sequence[int], pred: Sequence[int], scores=None, attr="is_proposal"):
    names = BINARY_NAMES[attr]
    report = class_report([names[t] for t in truth], [names[p] for p in pred], names)
    if scores is not None:
        report["average_precision"] = _average_precision(truth, scores)
    return report


def _average_precision(truth: Sequence[int], scores: Sequence[float]) -> float | None:
    """Area under the precision-recall curve: how well the queue order ranks positives."""
    positives = sum(truth)
    if not positives:
        return None
    ranked = sorted(zip(scores, truth, strict=True), key=lambda x: -x[0])
    hits, total = 0, 0.0
    for k, (_, t) in enumerate(ranked, start=1):
        if t:
            hits += 1
            total += hits / k
    return round(total / positives, 3)


def evaluate(
    model,
    rows: Sequence[Row],
    themes: Sequence[ThemeInfo] = (),
    *,
    vectors=None,
    theme_vectors=None,
    threshold: float | None = None,
) -> dict:
    """Score ``rows`` with ``model`` (with their sentence vectors when given) and compare
    with every label the rows carry; a score at or above the model's own threshold of each
    label (``model.thresholds``), or at or above ``threshold`` when given, is a positive.
    Each binary report says which threshold it used and where it came from
    (``threshold_source``: ``given`` or the model's basis)."""
    own: Thresholds = getattr(model, "thresholds", None) or Thresholds()
    scores = model.score(
        [r.text for r in rows], themes or None, vectors, theme_vectors if themes else None
    )
    reports: dict = {}
    for value, attr in LABELS.items():
        idx = [k for k, r in enumerate(rows) if getattr(r, attr) is not None]
        if not idx:
            continue
        cut = own.of(value) if threshold is None else threshold
        probs = [getattr(scores[k], value) for k in idx]
        reports[attr] = binary_report(
            [getattr(rows[k], attr) for k in idx],
            [int(p >= cut) for p in probs],
            probs,
            attr=attr,
        )
        reports[attr]["threshold"] = cut
        reports[attr]["threshold_source"] = own.basis if threshold is None else GIVEN
        reports[attr]["threshold_rows"] = (own.detail.get(value) or {}).get("rows")
    idx = [k for k, r in enumerate(rows) if r.theme]
    if idx:
        truth = [rows[k].theme for k in idx]
        pred = [scores[k].themes[0]["slug"] if scores[k].themes else "(none)" for k in idx]
        labels = sorted(set(truth) | set(pred) - {"(none)"}) + ["(none)"]
        reports["theme"] = class_report(truth, pred, labels)
    return reports


def _columns(lang: str, *names: str) -> list[str]:
    return [message(f"eval.column.{name}", lang) for name in names]


def threshold_line(report: dict, lang: str = "en") -> str:
    """ "threshold: 0.53 (the model's own, chosen by cross-validation on 120 reviewed
    decisions)": the value and where it came from."""
    source = report.get("threshold_source") or GIVEN
    rows = report.get("threshold_rows")
    rows = f"{rows:,}" if rows is not None else "?"
    return message(
        "eval.threshold",
        lang,
        value=f"{report['threshold']:.2f}",
        source=message(f"eval.threshold_source.{source}", lang, rows=rows),
    )


def format_report(reports: dict, lang: str = "en") -> str:
    """Plain-text tables (what ``pulso extract evaluate`` prints), words in ``lang``."""
    lines: list[str] = []
    label_h, *heads = _columns(lang, "label", "precision", "recall", "f1", "support")
    # Each number column is as wide as its heading (and at least as its numbers).
    widths = [max(len(h), w) for h, w in zip(heads, (9, 6, 5, 7), strict=True)]
    for attr, report in reports.items():
        accuracy = f"{report['accuracy']:.3f}"
        lines.append(message("eval.heading", lang, attr=attr, n=report["n"], accuracy=accuracy))
        width = max(12, len(label_h), *(len(label) for label in report["labels"]))
        lines.append(
            f"{label_h:<{width}}  "
            + "  ".join(f"{h:>{w}}" for h, w in zip(heads, widths, strict=True))
        )
        for label in report["labels"]:
            m = report["per_label"][label]
            if m["support"] == 0 and label == "(none)":
                continue
            values = (f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}")
            cells = [*values, str(m["support"])]
            lines.append(
                f"{label:<{width}}  "
                + "  ".join(f"{c:>{w}}" for c, w in zip(cells, widths, strict=True))
            )
        if report.get("average_precision") is not None:
            ap = f"{report['average_precision']:.3f}"
            lines.append(message("eval.average_precision", lang, value=ap))
        if report.get("threshold") is not None:
            lines.append(threshold_line(report, lang))
        lines.append(message("eval.confusion", lang))
        cell = max(6, *(len(label) for label in report["labels"]))
        lines.append(
            " " * width + "  " + " ".join(f"{label:>{cell}}" for label in report["labels"])
        )
        for label, row in zip(report["labels"], report["confusion"], strict=True):
            lines.append(f"{label:<{width}}  " + " ".join(f"{v:>{cell}}" for v in row))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


LEARNING_STEPS = (0, 25, 50, 100, 200, 400)


def learning_split(rows: Sequence[Row], steps: Sequence[int] = LEARNING_STEPS, seed: int = 7):
    """(training pool, held-out rows) for a learning curve: the rows shuffled once; the pool
    holds up to the largest step, and every step is measured on the same held-out rows."""
    import random

    order = list(rows)
    random.Random(seed).shuffle(order)
    pool = min(max(steps), len(order) // 2)
    return order[:pool], order[pool:]


def format_curve(points: Sequence[dict], lang: str = "en") -> str:
    """The learning curve as a table: rows of the file added to the seed -> F1 and AP, at
    the threshold each model used (its own, chosen from the seed and those k rows, unless
    one was given)."""
    k_h, label_h, *heads, threshold_h, held_h = _columns(
        lang, "k", "label", "precision", "recall", "f1", "ap", "threshold", "held_out"
    )
    k_w, label_w = max(14, len(k_h)), max(11, len(label_h))
    widths = [max(len(h), w) for h, w in zip(heads, (9, 6, 5, 5), strict=True)]
    threshold_w = max(len(threshold_h), 4)
    lines = [
        f"{k_h:>{k_w}}  {label_h:<{label_w}}  "
        + "  ".join(f"{h:>{w}}" for h, w in zip(heads, widths, strict=True))
        + f"  {threshold_h:>{threshold_w}}  {held_h}"
    ]
    for point in points:
        for attr, report in point["reports"].items():
            if attr == "theme":
                continue
            positive = BINARY_NAMES[attr][1]
            m = report["per_label"][positive]
            ap = report.get("average_precision")
            values = (m["precision"], m["recall"], m["f1"], ap if ap is not None else float("nan"))
            lines.append(
                f"{point['k']:>{k_w}}  {attr:<{label_w}}  "
                + "  ".join(f"{v:>{w}.3f}" for v, w in zip(values, widths, strict=True))
                + f"  {report['threshold']:>{threshold_w}.2f}  ({report['n']})"
            )
    return "\n".join(lines) + "\n"
