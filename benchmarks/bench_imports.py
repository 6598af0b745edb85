"""File imports: peak memory of importing a 100,000-post Meta Business Suite export (about
50 MB) and a 1,000,000-row X Analytics export, each in one transaction.

Each import runs in a child process on a fresh SQLite database, and its peak resident
memory is read from the kernel (``os.wait4``'s ``ru_maxrss``), twice:

- ``*_cli_peak_mb``: ``pulso import ...``, the command a user runs;
- ``*_library_peak_mb``: the same import called as a library (``pulso.jobs.imports``, one
  transaction, as the command does), without the command line's start-up.

The baselines, measured in the same run, are the floors of each: ``pulso db upgrade`` on an
empty database (the command line loads every command's modules at start-up, scikit-learn
and matplotlib included), and a child that imports ``pulso.jobs.imports`` and migrates an
empty database. ``*_over_floor_mb`` is what reading and writing the file adds; the
importers stream and write pages of bounded size, so it does not grow with the file.
``--scale small`` imports a tenth of each file.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

META_POSTS = 100_000
X_ROWS = 1_000_000
START = dt.datetime(2019, 1, 1, 8, 0)
TWITTER_EPOCH_MS = 1288834974657
WORDS = ("consulta", "propuesta", "gobierno", "abierto", "salud", "educación", "participa",
         "transparencia", "plan", "acción", "ciudadanía", "hilo", "tema", "foro")  # fmt: skip


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def write_meta(path: Path, posts: int) -> None:
    rng = random.Random(19)
    header = ["Post ID", "Page ID", "Page name", "Title", "Description", "Publish time",
              "Permalink", "Post type", "Views", "Reach", "Reactions, Comments and Shares",
              "Reactions", "Comments", "Shares", "Total clicks", "Link Clicks", "Other Clicks",
              "Seconds viewed", "3-Second Video Views", "Reach from Boosted posts",
              "Funded content status"]  # fmt: skip
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for n in range(posts):
            post = str(10**15 + n)
            at = START + dt.timedelta(minutes=7 * n)
            reach = rng.randint(50, 90_000)
            boosted = n % 50 == 0
            writer.writerow([
                post, "1001", "SPTA", "", _text(rng, 30), at.strftime("%m/%d/%Y %H:%M"),
                f"https://www.facebook.com/1001/posts/{post}", rng.choice(["Photo", "Video"]),
                f"{reach + rng.randint(0, 900):,}", f"{reach:,}", rng.randint(0, 900),
                rng.randint(0, 700), rng.randint(0, 90), rng.randint(0, 120),
                rng.randint(0, 800), rng.randint(0, 300), rng.randint(0, 400), "",
                "", f"{reach // 2:,}" if boosted else "", "Boosted" if boosted else "",
            ])  # fmt: skip


def write_x(path: Path, rows: int) -> None:
    rng = random.Random(19)
    header = ["Post id", "Date", "Post text", "Post Link", "Impressions", "Likes",
              "Engagements", "Bookmarks", "Shares", "Replies", "Reposts"]  # fmt: skip
    start_ms = int(dt.datetime(2025, 1, 1, tzinfo=dt.UTC).timestamp() * 1000)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for n in range(rows):
            ms = start_ms + n * 20_000
            post = ((ms - TWITTER_EPOCH_MS) << 22) | (n % 4096)
            day = dt.datetime.fromtimestamp(ms / 1000, dt.UTC)
            writer.writerow([
                post, day.strftime("%a, %b %d, %Y"), _text(rng, 12),
                f"https://x.com/TransparenciaSV/status/{post}", f"{rng.randint(10, 90_000):,}",
                rng.randint(0, 500), rng.randint(0, 900), rng.randint(0, 40), rng.randint(0, 30),
                rng.randint(0, 20), rng.randint(0, 60),
            ])  # fmt: skip


LIBRARY = """
import datetime as dt, sys
from pulso.db.engine import make_engine, transaction
from pulso.db.migrate import upgrade
from pulso.db.writer import Writer
from pulso.jobs.imports import import_facebook_exports, import_x_exports
kind, url, path = sys.argv[1:4]
engine = make_engine(url)
upgrade(engine)
if kind == "meta":
    with transaction(engine) as session:
        import_facebook_exports([path], session=session, writer=Writer(author_secret=None),
                                timezone="America/El_Salvador")
elif kind == "x":
    with transaction(engine) as session:
        import_x_exports([path], session=session, writer=Writer(author_secret=None))
"""


def _peak(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(peak resident MB, seconds, exit code) of ``pulso ARGS`` in a child process (or of
    the library import when ARGS start with ``--library``)."""
    started = time.perf_counter()
    if args[0] == "--library":
        command = [sys.executable, "-c", LIBRARY, *args[1:]]
    else:
        command = [sys.executable, "-m", "pulso.cli", *args]
    child = subprocess.Popen(
        command,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode() if child.stderr else ""
    child.stderr.close()
    if child.returncode:
        raise RuntimeError(f"pulso {' '.join(args)} failed: {error}")
    return usage.ru_maxrss / 1024, seconds, child.returncode  # Linux: kilobytes


def _fresh(folder: Path, name: str) -> dict[str, str]:
    env = {"PULSO_DATABASE_URL": f"sqlite:///{folder / name}.db"}
    _peak(["db", "upgrade"], env)
    return env


def run(scale: str) -> dict:
    meta_posts = META_POSTS // 10 if scale == "small" else META_POSTS
    x_rows = X_ROWS // 10 if scale == "small" else X_ROWS
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        floor, _, _ = _peak(["db", "upgrade"], {"PULSO_DATABASE_URL": f"sqlite:///{folder}/f.db"})
        library_floor, _, _ = _peak(["--library", "none", f"sqlite:///{folder}/g.db", ""], {})
        figures["cli_floor_peak_mb"] = round(floor)
        figures["library_floor_peak_mb"] = round(library_floor)
        for kind, count, write, args, name in (
            ("meta", meta_posts, write_meta, ["import", "facebook-export"], "meta_export.csv"),
            ("x", x_rows, write_x, ["import", "x-export"],
             "account_analytics_content_2025-01-01_2025-12-31.csv"),
        ):  # fmt: skip
            path = folder / name
            write(path, count)
            cli_peak, cli_seconds, _ = _peak([*args, str(path)], _fresh(folder, f"{kind}-cli"))
            url = f"sqlite:///{folder / kind}-lib.db"
            lib_peak, lib_seconds, _ = _peak(["--library", kind, url, str(path)], {})
            figures |= {
                f"{kind}_rows": count,
                f"{kind}_file_mb": round(path.stat().st_size / 2**20, 1),
                f"{kind}_cli_peak_mb": round(cli_peak),
                f"{kind}_cli_over_floor_mb": round(cli_peak - floor),
                f"{kind}_cli_seconds": round(cli_seconds, 1),
                f"{kind}_library_peak_mb": round(lib_peak),
                f"{kind}_library_over_floor_mb": round(lib_peak - library_floor),
                f"{kind}_library_seconds": round(lib_seconds, 1),
                f"{kind}_rows_per_second": round(count / lib_seconds),
            }
            path.unlink()
    return figures
