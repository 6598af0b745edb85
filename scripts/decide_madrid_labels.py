"""Build labelled CSVs (``text,is_proposal``) from the Decide Madrid sample, for evaluation only.

Usage: python scripts/decide_madrid_labels.py DIR OUT.csv [--with-premises]

Labelling choices (see the sample's README and docs/extraction.md):
- positives: every proposal's ``title`` and ``summary`` in ``proposals.csv`` (each one is a
  citizen's proposal);
- negatives: the ``SPAM`` sentences of ``propositions.csv`` (courtesy, agreement, asides);
- ``CLAIM`` sentences are left out: a claim may be the proposal itself ("Limpieza de
  graffitis...") or a statement that proposes nothing ("el barrio está cada vez más sucio"),
  and nobody labelled which;
- ``PREMISE`` sentences (reasons given for a claim) are negatives only with
  ``--with-premises`` (the "hard" set): a reason is not a proposal, though a few are worded
  like one;
- texts are stripped and de-duplicated; a text labelled both ways is dropped.

The files are never bundled with Pulso and never used for training.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path


def build(folder: Path, with_premises: bool = False) -> list[tuple[str, int]]:
    labels: dict[str, set[int]] = {}

    def add(text: str | None, value: int) -> None:
        text = " ".join((text or "").split())
        if len(text) >= 3:
            labels.setdefault(text, set()).add(value)

    with (folder / "proposals.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            add(row.get("title"), 1)
            add(row.get("summary"), 1)
    negative_kinds = {"SPAM", "PREMISE"} if with_premises else {"SPAM"}
    with (folder / "propositions.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("sent_label2") in negative_kinds:
                add(row.get("sent_text"), 0)
    return [(text, next(iter(v))) for text, v in labels.items() if len(v) == 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the decide-madrid folder")
    parser.add_argument("out", type=Path, help="CSV to write (text,is_proposal)")
    parser.add_argument(
        "--with-premises", action="store_true", help="add PREMISE sentences as negatives"
    )
    args = parser.parse_args(argv)
    rows = build(args.folder, args.with_premises)
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "is_proposal"])
        writer.writerows(rows)
    positives = sum(v for _, v in rows)
    print(f"{args.out}: {len(rows)} rows, {positives} proposals, {len(rows) - positives} not")
    return 0


if __name__ == "__main__":
    sys.exit(main())
