"""``pulso db``: create and upgrade the database schema."""

from __future__ import annotations

import click
from sqlalchemy import func, select

from pulso.cli.language import number, say
from pulso.db.context import engine_from_settings
from pulso.db.engine import transaction
from pulso.db.migrate import current_revision, head_revision, upgrade
from pulso.db.models import MetricLatest
from pulso.db.observations import rebuild_latest
from pulso.db.state import purge_expired_author_names


@click.group()
def db() -> None:
    """Create, upgrade and inspect the database schema."""


@db.command("upgrade")
@click.argument("revision", default="head")
def upgrade_cmd(revision: str) -> None:
    """Create the schema on an empty database or upgrade it to REVISION (default: newest).

    Running it again changes nothing. The database is PULSO_DATABASE_URL
    (default sqlite:///pulso.db in the working directory).
    """
    engine = engine_from_settings()
    try:
        before, after = upgrade(engine, revision)
    finally:
        engine.dispose()
    url = engine.url.render_as_string(hide_password=True)
    if before == after:
        click.echo(say("cli.db.upgrade.say.same", url=url, revision=after))
    else:
        before = before or say("cli.db.say.empty")
        click.echo(say("cli.db.upgrade.say.upgraded", url=url, before=before, after=after))


@db.command("current")
def current_cmd() -> None:
    """Print the database's schema revision and the newest one this Pulso knows."""
    engine = engine_from_settings()
    try:
        current = current_revision(engine)
    finally:
        engine.dispose()
    current = current or say("cli.db.say.empty")
    click.echo(say("cli.db.current.say.revisions", current=current, newest=head_revision()))


@db.command("rebuild-latest")
def rebuild_latest_cmd() -> None:
    """Recompute every post's newest metric values from the stored observations.

    Collections and imports keep them current; run this after loading observations into
    the database by other means (a bulk SQL load, a restore of one table). One transaction.
    """
    engine = engine_from_settings()
    try:
        with transaction(engine) as session:
            rebuild_latest(session=session)
            series = session.scalar(select(func.count()).select_from(MetricLatest))
    finally:
        engine.dispose()
    click.echo(say("cli.db.rebuild-latest.say.done", count=number(series)))


@db.command("purge-names")
def purge_names_cmd() -> None:
    """Erase the commenters' display names kept longer than PULSO_AUTHOR_NAME_RETENTION_DAYS.

    Every collection run does this when it ends; this command does it alone (for a
    database no collection writes to any more). Keyed author hashes are kept.
    """
    engine = engine_from_settings()
    try:
        with transaction(engine) as session:
            erased = purge_expired_author_names(session=session)
    finally:
        engine.dispose()
    click.echo(say("cli.db.purge-names.say.done", count=number(erased)))
