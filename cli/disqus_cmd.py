"""``pulso collect disqus``, ``pulso import disqus-export`` and the consultation's
thread-to-theme mapping (``pulso consultation map-thread`` / ``threads``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from pulso.cli.collecting import echo_warnings, run_collect, wait_option
from pulso.cli.language import cli_language, number, say
from pulso.cli.options import DATE
from pulso.collectors.disqus.xml_export import ExportReader
from pulso.consultation.catalog import get_consultation, get_theme
from pulso.consultation.disqus import (
    ConsultationWriter,
    map_thread,
    promote_disqus_posts,
    store_pages,
    thread_overview,
)
from pulso.db.context import unit_of_work
from pulso.settings import get_settings


def _writer(settings) -> ConsultationWriter:
    return ConsultationWriter(
        author_secret=settings.require_secret("author_key_secret"),
        name_retention_days=settings.author_name_retention_days,
        team_authors={"disqus": settings.disqus_team_authors},
    )


def _unmapped(count: int) -> str:
    if not count:
        return ""
    return say("cli.disqus.say.unmapped", count=number(count))


@click.command("disqus")
@click.option("--forum", help="Disqus forum short name (default: PULSO_DISQUS_FORUM).")
@click.option("--thread", "threads", multiple=True, help="Only this thread id (repeat).")
@click.option("--since", type=DATE, help="Ignore posts before this day (first run of a thread).")
@wait_option
def collect_disqus_command(forum, threads, since, wait_seconds) -> None:
    """Collect the consultation site's threads and posts through the Disqus API (incremental:
    each thread resumes where the last run ended). Top-level posts of mapped threads become
    proposals; replies are kept as their discussion."""
    settings = get_settings()
    forum = forum or settings.disqus_forum
    summary = run_collect(
        "disqus",
        settings,
        lang=cli_language(),
        wait_seconds=wait_seconds,
        forum=forum,
        threads=threads,
        since=dt.datetime.combine(since, dt.time(), dt.UTC) if since else None,
    )
    d = summary.details
    click.echo(
        say(
            "cli.collect.disqus.say.summary",
            forum=forum,
            threads=number(d["threads"]),
            posts=number(summary.written.comments),
            spam=number(d["skipped_spam"]),
            deleted=number(d["skipped_deleted"]),
            proposals=number(d["new_proposals"]),
            requests=number(summary.requests),
            retries=number(summary.retries),
            run=summary.run_id,
            status=say(f"job.run_status.{summary.status}"),
            unmapped=_unmapped(d["unmapped_threads"]),
        )
    )
    lang = cli_language()
    echo_warnings(summary, lang)
    if summary.message:
        click.echo(summary.message_in(lang))


@click.command("disqus-export")
@click.argument("path", type=click.Path(path_type=Path))
def import_disqus_export(path: Path) -> None:
    """Import a Disqus XML export: threads, posts (top-level posts of mapped threads become
    proposals, replies their discussion). Spam and deleted posts are skipped and counted;
    e-mail and IP addresses are never stored. Re-importing adds nothing."""
    settings = get_settings()
    writer = _writer(settings)
    reader = ExportReader(path)
    with unit_of_work(settings) as session:
        store_pages(reader.pages(), session=session, writer=writer)
    s = reader.summary
    click.echo(
        say(
            "cli.import.disqus-export.say.summary",
            file=path.name,
            threads=number(s.threads),
            posts=number(s.posts),
            top_level=number(s.top_level),
            replies=number(s.replies),
            spam=number(s.skipped_spam),
            deleted=number(s.skipped_deleted),
            proposals=number(writer.promoted.created),
            unmapped=_unmapped(len(writer.promoted.unmapped_threads)),
        )
    )


@click.command("map-thread")
@click.argument("slug")
@click.option("--theme", "theme_slug", required=True, help="Theme the thread is about.")
@click.option("--link", help="The thread's page link (URL).")
@click.option("--title", help="The thread's title (when mapping by title).")
def consultation_map_thread(slug, theme_slug, link, title) -> None:
    """Map a Disqus thread (by link or title) to a theme of consultation SLUG; posts already
    collected from that thread become proposals at once."""
    with unit_of_work() as session:
        consultation = get_consultation(session=session, slug=slug)
        theme = get_theme(session=session, consultation=consultation, slug=theme_slug)
        map_thread(session=session, consultation=consultation, theme=theme, link=link, title=title)
        promoted = promote_disqus_posts(session=session)
        click.echo(
            say(
                "cli.consultation.map-thread.say.done",
                theme=theme.slug,
                count=number(promoted.created),
            )
        )


@click.command("threads")
@click.argument("slug")
def consultation_threads(slug) -> None:
    """List known Disqus threads with their theme in consultation SLUG and their posts."""
    with unit_of_work() as session:
        consultation = get_consultation(session=session, slug=slug)
        for row in thread_overview(session=session, consultation=consultation):
            click.echo(
                f"{row.external_id}\t{row.theme or say('cli.consultation.threads.say.unmapped')}\t"
                f"{row.posts}\t"
                f"{row.title or ''}\t{row.link or ''}"
            )
