"""``make bench``: run every ``benchmarks/bench_*.py`` and print figures and ratios.

Each module defines ``run(scale: str) -> dict`` returning named figures (and ratios against a
baseline measured in the same run). Results are written to ``benchmarks/results/`` as JSON
with a description of the machine. Nothing here asserts timings.

Usage: python -m benchmarks [--scale small|full] [NAME ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import pkgutil
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def machine() -> dict:
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--scale", choices=("small", "full"), default="full", help="data size")
    parser.add_argument("names", nargs="*", help="benchmark names (default: all)")
    args = parser.parse_args(argv)
    names = sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))
    if args.names:
        names = [n for n in names if n.removeprefix("bench_") in args.names or n in args.names]
    results = {
        "machine": machine(),
        "scale": args.scale,
        "at": dt.datetime.now(dt.UTC).isoformat(),
        "benchmarks": {},
    }
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        figures = module.run(args.scale)
        figures["wall_seconds"] = round(time.perf_counter() - started, 2)
        for key, value in figures.items():
            print(f"   {key}: {value}")
        results["benchmarks"][name] = figures
    out = HERE / "results" / f"latest-{args.scale}.json"
    if args.names and out.exists():
        # Re-running some benchmarks keeps the others' latest figures in the file.
        previous = json.loads(out.read_text(encoding="utf-8")).get("benchmarks", {})
        results["benchmarks"] = {**previous, **results["benchmarks"]}
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"results written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
