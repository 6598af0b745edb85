"""``pulso collect x`` and ``pulso import x-export``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from pulso.cli.collecting import echo_warnings, run_collect, wait_option
from pulso.cli.options import DATE, lang_option
from pulso.db.context import unit_of_work
from pulso.db.writer import Writer
from pulso.i18n import format_money, format_number, register, t
from pulso.jobs.imports import import_x_exports
from pulso.settings import get_settings

register(
    {
        "x.summary": {
            "es": "X: {posts} publicaciones nuevas, {replies} respuestas, {observations} "
            "observaciones, {requests} solicitudes, {reads} lecturas de publicaciones "
            "(costo estimado {cost}), {retries} reintentos",
            "en": "X: {posts} new posts, {replies} replies, {observations} observations, "
            "{requests} requests, {reads} post reads (estimated cost {cost}), {retries} retries",
        },
        "x.stopped": {"es": "detenido: {message}", "en": "stopped: {message}"},
        "x.imported": {
            "es": "{files} archivos, {rows} filas: {posts} publicaciones nuevas, "
            "{observations} observaciones nuevas",
            "en": "{files} files, {rows} rows: {posts} new posts, {observations} new observations",
        },
    }
)


@click.command("x")
@click.option(
    "--account",
    "accounts",
    multiple=True,
    help="Handle to collect (repeat); default: PULSO_X_ACCOUNTS.",
)
@click.option(
    "--since", type=DATE, help="Ignore posts published before this date (backfill and refresh)."
)
@wait_option
@lang_option
def collect_x_command(
    accounts: tuple[str, ...], since: dt.date | None, wait_seconds: float | None, lang: str
) -> None:
    """Collect the accounts' posts, metrics and replies from the X API (incremental)."""
    settings = get_settings()
    summary = run_collect(
        "x",
        settings,
        lang=lang,
        wait_seconds=wait_seconds,
        accounts=list(accounts) or None,
        since=since,
    )
    d = summary.details
    click.echo(
        t(
            "x.summary",
            lang,
            posts=format_number(summary.written.new.get("posts", 0), lang),
            replies=format_number(summary.written.comments, lang),
            observations=format_number(summary.written.observations, lang),
            requests=format_number(summary.requests, lang),
            reads=format_number(d.get("charged_reads", 0), lang),
            cost=format_money(d.get("estimated_cost_usd", 0.0), "USD", lang),
            retries=format_number(summary.retries, lang),
        )
    )
    echo_warnings(summary, lang)
    if summary.status == "stopped":
        click.echo(t("x.stopped", lang, message=summary.message_in(lang)), err=True)


@click.command("x-export")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--observed-at",
    type=DATE,
    help="Date the figures were exported (default: end of the period in the file name).",
)
@lang_option
def import_x_export(files: tuple[Path, ...], observed_at: dt.date | None, lang: str) -> None:
    """Import X Analytics exports (tweet_activity_metrics_*, account_analytics_content_*)."""
    settings = get_settings()
    when = None
    if observed_at is not None:
        when = dt.datetime.combine(observed_at, dt.time(), tzinfo=dt.UTC)
    writer = Writer(author_secret=None, name_retention_days=settings.author_name_retention_days)
    with unit_of_work(settings) as session:
        summary = import_x_exports(files, session=session, writer=writer, observed_at=when)
    click.echo(
        t(
            "x.imported",
            lang,
            files=summary.files,
            rows=format_number(summary.rows, lang),
            posts=format_number(summary.written.posts, lang),
            observations=format_number(summary.written.observations, lang),
        )
    )
