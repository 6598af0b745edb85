"""``pulso collect facebook`` and ``pulso import facebook-export``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from pulso.cli.collecting import echo_warnings, run_collect, wait_option
from pulso.cli.language import cli_language
from pulso.cli.options import DATE
from pulso.db.context import unit_of_work
from pulso.db.writer import Writer
from pulso.i18n import format_number, register, t
from pulso.jobs.imports import import_facebook_exports
from pulso.settings import get_settings

register(
    {
        "facebook.summary": {
            "es": "Facebook: {posts} publicaciones, {comments} comentarios, {observations} "
            "observaciones, {requests} solicitudes HTTP, {retries} reintentos, "
            "{dropped} métricas descartadas{names}",
            "en": "Facebook: {posts} posts, {comments} comments, {observations} observations, "
            "{requests} HTTP requests, {retries} retries, {dropped} metrics dropped{names}",
        },
        "facebook.stopped": {
            "es": "detenido (se reanudará en la próxima ejecución): {message}",
            "en": "stopped (the next run resumes): {message}",
        },
        "facebook.imported": {
            "es": "{files} archivo(s): {posts} publicaciones, {observations} observaciones",
            "en": "{files} file(s): {posts} posts, {observations} observations",
        },
    }
)


@click.command("facebook")
@click.option(
    "--page",
    "pages",
    multiple=True,
    metavar="ID",
    help="Page id to collect (repeatable); default PULSO_FACEBOOK_PAGE_IDS.",
)
@click.option(
    "--since",
    type=DATE,
    help="Collect posts published since this day (instead of the stored bookmark).",
)
@wait_option
def collect_facebook_command(
    pages: tuple[str, ...], since: dt.date | None, wait_seconds: float | None
) -> None:
    """Collect Page posts, insights, comments and boosted-post results from the Graph API."""
    settings = get_settings()
    # The day starts in the team's zone, as the posts' dates are counted there.
    zone = ZoneInfo(settings.timezone)
    since_at = dt.datetime.combine(since, dt.time(0), zone).astimezone(dt.UTC) if since else None
    lang = cli_language()
    summary = run_collect(
        "facebook",
        settings,
        lang=lang,
        wait_seconds=wait_seconds,
        page_ids=list(pages) or None,
        since=since_at,
    )
    dropped = summary.details.get("metrics_dropped") or {}
    click.echo(
        t(
            "facebook.summary",
            lang,
            posts=format_number(summary.written.posts, lang),
            comments=format_number(summary.written.comments, lang),
            observations=format_number(summary.written.observations, lang),
            requests=format_number(summary.requests, lang),
            retries=format_number(summary.retries, lang),
            dropped=len(dropped),
            names=f" ({', '.join(sorted(dropped))})" if dropped else "",
        )
    )
    echo_warnings(summary, lang)
    if summary.status == "stopped":
        click.echo(t("facebook.stopped", lang, message=summary.message_in(lang)), err=True)


@click.command("facebook-export")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--observed-at",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    help="When the export was taken (UTC); default: each file's modification time.",
)
def import_facebook_export(files: tuple[Path, ...], observed_at: dt.datetime | None) -> None:
    """Import Meta Business Suite post exports (CSV UTF-8/UTF-16 or XLSX), all or nothing."""
    settings = get_settings()
    when = observed_at.replace(tzinfo=dt.UTC) if observed_at else None
    with unit_of_work(settings) as session:
        totals = import_facebook_exports(
            files,
            session=session,
            writer=Writer(author_secret=None),
            timezone=settings.timezone,
            observed_at=when,
        ).written
    lang = cli_language()
    click.echo(
        t(
            "facebook.imported",
            lang,
            files=len(files),
            posts=format_number(totals.posts, lang),
            observations=format_number(totals.observations, lang),
        )
    )
