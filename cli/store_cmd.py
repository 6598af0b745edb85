"""The consultation store on the command line: importing proposal and answer files, linking
people, and the consultation summary (the proposals workflow is ``proposals_cmd``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from pulso.analytics.consultation import as_of_for
from pulso.cli.language import number, say
from pulso.cli.options import DATE, actor_option, consultation_option, lang_option, reason_option
from pulso.collectors.proposals_file import (
    read_answers,
    read_proposals,
    template_help,
    write_template,
)
from pulso.consultation.catalog import get_consultation, resolve_scope
from pulso.consultation.files import (
    out_of_range_rows,
    store_answers_file,
    store_proposals_file,
)
from pulso.consultation.people import link_people_and_identities
from pulso.db.context import unit_of_work
from pulso.db.models import Channel
from pulso.reports.summary import render_summary
from pulso.settings import get_settings


def _today(consultation) -> dt.date:
    """The day deadlines are counted at (``analytics.consultation.as_of_for``)."""
    return as_of_for(consultation).day


# --------------------------------------------------------------------------------------
# Imports
# --------------------------------------------------------------------------------------


@click.command("proposals")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@consultation_option
@click.option(
    "--template",
    is_flag=True,
    help="Write an empty file with every column to PATH (.csv or .xlsx), or print the columns.",
)
@click.option(
    "--allow-out-of-range",
    is_flag=True,
    help="Accept rows received outside the consultation's dates (flagged in the audit log).",
)
@actor_option
def import_proposals(path, consultation_slug, template, allow_out_of_range, actor) -> None:
    """Import proposals received by e-mail, in person or in workshops (CSV or XLSX).

    Columns (Spanish or English names): fecha, canal, organizacion, remitente, tema, titulo,
    texto, plantilla, optional id, and the official template's fields. A bad row stops the
    import with its file, row and column; nothing is written. Re-importing adds nothing.
    """
    if template:
        if path is None:
            click.echo(template_help())
        else:
            write_template(path)
            click.echo(say("cli.import.proposals.say.template_written", path=path))
        return
    if path is None:
        raise click.UsageError(say("cli.import.proposals.say.file_needed"))
    settings = get_settings()
    secret = settings.require_secret("author_key_secret")
    with unit_of_work(settings) as session:
        consultation = resolve_scope(session=session, consultation=consultation_slug).consultation
        parsed = read_proposals(path, timezone=ZoneInfo(consultation.timezone))
        outside = out_of_range_rows(parsed, consultation=consultation)
        result = store_proposals_file(
            parsed,
            session=session,
            consultation=consultation,
            secret=secret,
            actor=actor,
            allow_out_of_range=allow_out_of_range,
        )
        click.echo(
            say(
                "cli.import.proposals.say.summary",
                file=path.name,
                rows=number(result.received),
                created=number(result.created),
                present=number(result.already_present),
            )
        )
        if outside:
            rows = ", ".join(str(n) for n in outside)
            warning = say("cli.import.proposals.say.out_of_range", file=path.name, rows=rows)
            click.echo(say("cli.warning.line", message=warning), err=True)


@click.command("answers")
@click.argument("path", type=click.Path(path_type=Path))
@consultation_option
@actor_option
def import_answers(path, consultation_slug, actor) -> None:
    """Import an institution's answers (CSV or XLSX): proposal id, decision, justification
    and, for accepted ones, the SMART commitment (action, indicator, baseline, target,
    responsible, start, end, milestones). A bad row stops the import; nothing is written."""
    with unit_of_work() as session:
        consultation = resolve_scope(session=session, consultation=consultation_slug).consultation
        parsed = read_answers(path)
        result = store_answers_file(parsed, session=session, consultation=consultation, actor=actor)
        click.echo(
            say(
                "cli.import.answers.say.summary",
                file=path.name,
                accepted=number(result.accepted),
                rejected=number(result.rejected),
                unchanged=number(result.unchanged),
                pending=number(len(parsed.pending)),
            )
        )


# --------------------------------------------------------------------------------------
# people
# --------------------------------------------------------------------------------------


@click.group()
def people() -> None:
    """Link the identities of one person seen on several channels."""


@people.command("link")
@click.argument("person_ids", type=int, nargs=-1)
@click.option(
    "--identity",
    "identities",
    multiple=True,
    help="CHANNEL:IDENTITY of a person instead of an id, e.g. email:ideas@funde.org (repeat).",
)
@actor_option
@reason_option
def people_link(person_ids, identities, actor, reason):
    """Make several people one (the first keeps its id); distinct-people counts follow."""
    settings = get_settings()
    with unit_of_work(settings) as session:
        kept = link_people_and_identities(
            session=session,
            person_ids=person_ids,
            identities=identities,
            secret=settings.require_secret("author_key_secret") if identities else None,
            actor=actor,
            reason=reason,
        )
        click.echo(say("cli.people.link.say.done", id=kept.id))


# --------------------------------------------------------------------------------------
# consultation summary
# --------------------------------------------------------------------------------------


@click.command("summary")
@click.argument("slug")
@lang_option
@click.option("--today", type=DATE, help="Day for overdue answers (default: today).")
@click.option(
    "--channel",
    type=click.Choice([c.value for c in Channel]),
    help="Per-theme table of one channel only (e.g. web, the consultation site).",
)
def consultation_summary(slug, lang, today, channel):
    """Print the per-theme table (proposals, distinct people) and the reconciliation."""
    with unit_of_work() as session:
        consultation = get_consultation(session=session, slug=slug)
        click.echo(
            render_summary(session, consultation, lang, today or _today(consultation), channel)
        )
