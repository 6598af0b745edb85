"""What every ``pulso collect <platform>`` command shares: the ``--wait`` option, the
one-line progress counter on a terminal, and the engine around one collection run."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from sqlalchemy import Engine

from pulso.cli.language import cli_language
from pulso.db.context import engine_from_settings, require_schema
from pulso.db.writer import WriteStats
from pulso.i18n import format_number, register, t
from pulso.jobs.runner import LockPolicy, RunSummary, collect
from pulso.records import Page
from pulso.settings import Settings

register(
    {
        "collect.warning": {"es": "aviso: {line}", "en": "warning: {line}"},
        "collect.progress": {
            "es": "páginas {pages} · publicaciones {posts} · comentarios {comments}",
            "en": "pages {pages} · posts {posts} · comments {comments}",
        },
    }
)

wait_option = click.option(
    "--wait",
    "wait_seconds",
    type=click.FloatRange(min=0),
    default=None,
    metavar="SECONDS",
    help="When another run is collecting the same account, wait this long for it before "
    "giving up (default PULSO_COLLECT_LOCK_WAIT_SECONDS, 0: give up at once, exit 0).",
)


class Progress:
    """Pages, posts and comments stored so far, on one line of stderr rewritten in place;
    silent unless stderr is a terminal. ``close`` erases the line."""

    def __init__(self, lang: str, *, enabled: bool | None = None) -> None:
        self.lang = lang
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.pages = 0
        self.totals = WriteStats()
        self._width = 0

    def update(self, _page: Page, stats: WriteStats) -> None:
        self.pages += 1
        self.totals.add(stats)
        if not self.enabled:
            return
        line = t(
            "collect.progress",
            self.lang,
            pages=format_number(self.pages, self.lang),
            posts=format_number(self.totals.posts, self.lang),
            comments=format_number(self.totals.comments, self.lang),
        )
        self._width = max(self._width, len(line))
        click.echo(f"\r{line}", nl=False, err=True)

    def close(self) -> None:
        if self.enabled and self._width:
            click.echo("\r" + " " * self._width + "\r", nl=False, err=True)
            self._width = 0


def echo_warnings(summary: RunSummary, lang: str) -> None:
    """Every warning of the run, one line each on stderr (the README says what each
    means and what to do about it)."""
    for line in summary.warning_lines(lang):
        click.echo(t("collect.warning", lang, line=line), err=True)


def lock_policy(settings: Settings, wait_seconds: float | None) -> LockPolicy:
    """The settings' lock policy, ``--wait`` first; a wait is announced on stderr."""
    return LockPolicy.from_settings(
        settings,
        wait_seconds=wait_seconds,
        on_wait=lambda line: click.echo(line, err=True),
        lang=cli_language(),
    )


@contextmanager
def collection(
    settings: Settings, lang: str
) -> Iterator[tuple[Engine, Callable[[Page, WriteStats], None]]]:
    """An engine on a migrated database and the progress callback, for one run; the
    progress line is erased and the engine disposed whatever happens."""
    engine = engine_from_settings(settings)
    progress = Progress(lang)
    try:
        require_schema(engine)
        yield engine, progress.update
    finally:
        progress.close()
        engine.dispose()


def run_collect(
    platform: str, settings: Settings, *, lang: str, wait_seconds: float | None, **options
) -> RunSummary:
    """What every ``pulso collect <platform>`` runs: one collection run on a migrated
    database, with the progress line and the ``--wait`` policy; ``options`` go to the
    platform's collector."""
    with collection(settings, lang) as (engine, progress):
        return collect(
            platform,
            settings,
            engine=engine,
            on_page=progress,
            lock=lock_policy(settings, wait_seconds),
            **options,
        )
