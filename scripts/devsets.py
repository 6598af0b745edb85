"""Rebuild the public development sets the extraction model is *measured* on (never trained
on, never bundled): labelled CSVs (``text`` plus ``is_proposal`` or ``abusive``) for
``pulso extract evaluate --labels``.

The sources are public repositories brought to this machine as git snapshots (the search
tool's ``fetch``, under ``--mirror``); each file is read at a fixed commit, so the sets are
the same wherever they are rebuilt:

- ``es_abuse_detoxis.csv``: DETOXIS 2021 training set (Spanish news-site comments, not X),
  ``abusive`` = its ``toxicity`` label;
- ``es_abuse_jigsaw.csv``: Jigsaw Multilingual Toxic Comment validation file, Spanish rows
  (Spanish Wikipedia talk pages), ``abusive`` = ``toxic``;
- ``en_suggestions_semeval.csv``: SemEval-2019 Task 9 subtask A, the *training* split only
  (software-forum sentences); the task's trial and evaluation splits are reserved for
  independent evaluation and are never read;
- ``es_proposals_decide_madrid.csv``: the Decide Madrid sample in ``shared/data``
  (``scripts/decide_madrid_labels.py``).

Usage: python -m scripts.devsets OUT_DIR [--mirror /work/.mirror] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
from pathlib import Path

SOURCES = {
    "es_abuse_detoxis.csv": (
        "alvaro-mazcu-herreros+DETOXIS_2021",
        "8e2130c7f1f690f8bd044f99e4aff5c542c811a1",
        "data/DATASET_DETOXIS.csv",
    ),
    "es_abuse_jigsaw.csv": (
        "SiddeshSambasivam+Mulitilingual-Toxic-Comment-Classification",
        "084630e2459a3953748368092b6266742372435c",
        "input/validation.csv",
    ),
    "en_suggestions_semeval.csv": (
        "Semeval2019Task9+Subtask-A",
        "3cd21f039e94455c53f882a54d689745271e6fae",
        "V1.4_Training.csv",
    ),
}


def _show(mirror: Path, repo: str, commit: str, path: str) -> str:
    found = subprocess.run(
        ["git", "-C", str(mirror / repo / "repo"), "show", f"{commit}:{path}"],
        check=True,
        capture_output=True,
    )
    return found.stdout.decode("utf-8")


def _rows(name: str, raw: str) -> list[tuple[str, int]]:
    reader = csv.reader(io.StringIO(raw))
    header = next(reader)
    out = []
    if name == "es_abuse_detoxis.csv":
        text, label = header.index("comment"), header.index("toxicity")
        out = [(r[text], int(r[label])) for r in reader]
    elif name == "es_abuse_jigsaw.csv":
        text, lang, label = (header.index(c) for c in ("comment_text", "lang", "toxic"))
        out = [(r[text], int(r[label])) for r in reader if r[lang] == "es"]
    else:  # SemEval: id, sentence, label (no header names to rely on)
        out = [(r[1].strip().strip('"'), int(r[2])) for r in reader if r[2:3] in (["0"], ["1"])]
    seen: dict[str, int] = {}
    for text, label in out:
        text = " ".join(text.split())
        if len(text) > 3:
            seen.setdefault(text, label)
    return sorted(seen.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--shared", type=Path, default=Path(__file__).parents[2] / "shared")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (repo, commit, path) in SOURCES.items():
        label = "is_proposal" if name.startswith("en_suggestions") else "abusive"
        rows = _rows(name, _show(args.mirror, repo, commit, path))
        with (args.out / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["text", label])
            writer.writerows(rows)
        positives = sum(label for _, label in rows)
        print(f"{name}: {len(rows)} rows, {positives} positive ({repo}@{commit[:10]}:{path})")
    from scripts.decide_madrid_labels import main as decide_madrid

    decide_madrid(
        [
            str(args.shared / "data" / "decide-madrid"),
            str(args.out / "es_proposals_decide_madrid.csv"),
        ]
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
