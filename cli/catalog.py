"""``pulso consultation``, ``pulso theme`` and ``pulso institution``."""

from __future__ import annotations

from pathlib import Path

import click

from pulso.cli.groups import LazyGroup
from pulso.cli.language import number, say
from pulso.cli.options import DATE, lang_option
from pulso.consultation.catalog import (
    get_consultation,
    get_theme,
    list_consultations,
    list_institutions,
    list_themes,
    load_consultation_file,
    upsert_consultation,
    upsert_institution,
    upsert_theme,
)
from pulso.db.context import unit_of_work
from pulso.i18n import format_date


@click.group(
    cls=LazyGroup,
    lazy={
        "summary": "pulso.cli.store_cmd:consultation_summary",
        "map-thread": "pulso.cli.disqus_cmd:consultation_map_thread",
        "threads": "pulso.cli.disqus_cmd:consultation_threads",
    },
)
def consultation() -> None:
    """Create, load and list consultations."""


@consultation.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Full name of the consultation.")
@click.option("--starts", "starts_on", type=DATE, help="First day.")
@click.option("--ends", "ends_on", type=DATE, help="Last day.")
@click.option(
    "--timezone", default="America/El_Salvador", show_default=True, help="Zone of days and weeks."
)
@click.option("--description", help="What the consultation is about.")
def consultation_create(slug, name, starts_on, ends_on, timezone, description) -> None:
    """Create a consultation SLUG (or update the one with this slug)."""
    with unit_of_work() as session:
        row = upsert_consultation(
            session=session,
            slug=slug,
            name=name,
            description=description,
            starts_on=starts_on,
            ends_on=ends_on,
            timezone=timezone,
        )
        click.echo(say("cli.consultation.create.say.done", slug=row.slug, name=row.name))


@consultation.command("load")
@click.argument("path", type=click.Path(path_type=Path))
def consultation_load(path: Path) -> None:
    """Create or update a consultation with its themes and institutions from a JSON file."""
    with unit_of_work() as session:
        loaded = load_consultation_file(path, session=session)
        row, in_file = loaded.consultation, loaded.theme_slugs
        count = number(len(in_file))
        click.echo(say("cli.consultation.load.say.done", slug=row.slug, count=count, path=path))
        kept = [th.slug for th in row.themes if th.slug not in in_file]
        if kept:
            # A theme left out of the file is not deleted: its proposals keep it.
            click.echo(say("cli.consultation.load.say.kept", themes=", ".join(kept)))


@consultation.command("list")
@lang_option
def consultation_list(lang: str) -> None:
    """List consultations with their dates and number of themes."""
    with unit_of_work() as session:
        rows = list_consultations(session=session)
        if not rows:
            click.echo(say("cli.consultation.list.say.none"))
        for c in rows:
            dates = f"{format_date(c.starts_on, lang)} – {format_date(c.ends_on, lang)}"
            click.echo(f"{c.slug}\t{c.name}\t{dates}\t{len(c.themes)}")


@consultation.command("publish")
@click.argument("slug")
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True, help="Site URL.")
def consultation_publish(slug: str, base_url: str) -> None:
    """Publish SLUG's public results page."""
    from pulso.consultation.publication import set_published

    with unit_of_work() as session:
        row = set_published(session=session, slug=slug, published=True, actor="cli")
        url = f"{base_url.rstrip('/')}/public/{row.slug}"
        click.echo(say("cli.msg.consultation_published", slug=row.slug, url=url))


@consultation.command("unpublish")
@click.argument("slug")
def consultation_unpublish(slug: str) -> None:
    """Withdraw SLUG's public results page."""
    from pulso.consultation.publication import set_published

    with unit_of_work() as session:
        row = set_published(session=session, slug=slug, published=False, actor="cli")
        click.echo(say("cli.msg.consultation_unpublished", slug=row.slug))


@click.group()
def theme() -> None:
    """Add and list a consultation's themes."""


@theme.command("add")
@click.argument("consultation_slug", metavar="CONSULTATION")
@click.argument("slug")
@click.option("--name", "name_es", required=True, help="Spanish name.")
@click.option("--name-en", help="English name.")
@click.option("--description", "description_es", help="Spanish description.")
@click.option("--description-en", help="English description.")
def theme_add(consultation_slug, slug, name_es, name_en, description_es, description_en) -> None:
    """Add theme SLUG to CONSULTATION (or update it)."""
    with unit_of_work() as session:
        parent = get_consultation(session=session, slug=consultation_slug)
        row = upsert_theme(
            session=session,
            consultation=parent,
            slug=slug,
            name_es=name_es,
            name_en=name_en,
            description_es=description_es,
            description_en=description_en,
        )
        click.echo(say("cli.theme.add.say.done", slug=row.slug, name=row.name_es))


@theme.command("list")
@click.argument("consultation_slug", metavar="CONSULTATION")
@lang_option
def theme_list(consultation_slug: str, lang: str) -> None:
    """List the themes of CONSULTATION in order."""
    with unit_of_work() as session:
        parent = get_consultation(session=session, slug=consultation_slug)
        for row in list_themes(session=session, consultation=parent):
            click.echo(f"{row.position}\t{row.slug}\t{row.name(lang)}")


@click.group()
def institution() -> None:
    """Add and list institutions and the themes they are competent for."""


@institution.command("add")
@click.argument("slug")
@click.option("--name", required=True, help="Full name.")
@click.option("--acronym", help="Acronym, e.g. MARN.")
@click.option("--contact", help="Official contact (an office address, not a person's).")
@click.option(
    "--consultation", "consultation_slug", help="Consultation whose themes --theme names."
)
@click.option("--theme", "themes", multiple=True, help="Theme slug it is competent for (repeat).")
def institution_add(slug, name, acronym, contact, consultation_slug, themes) -> None:
    """Add institution SLUG (or update it), with the themes it is competent for."""
    with unit_of_work() as session:
        competent = []
        if themes:
            if not consultation_slug:
                raise click.UsageError(say("cli.institution.add.say.theme_needs_consultation"))
            parent = get_consultation(session=session, slug=consultation_slug)
            competent = [get_theme(session=session, consultation=parent, slug=s) for s in themes]
        row = upsert_institution(
            session=session,
            slug=slug,
            name=name,
            acronym=acronym,
            contact=contact,
            themes=competent,
        )
        click.echo(say("cli.institution.add.say.done", slug=row.slug, name=row.name))


@institution.command("list")
def institution_list() -> None:
    """List institutions and the themes they are competent for."""
    with unit_of_work() as session:
        for row in list_institutions(session=session):
            themes = ", ".join(t.slug for t in row.themes) or "-"
            click.echo(f"{row.slug}\t{row.acronym or ''}\t{row.name}\t{themes}")
