"""``pulso report weekly`` and ``pulso report consultation``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from pulso.cli.language import number, say
from pulso.cli.options import lang_option
from pulso.db.context import unit_of_work
from pulso.i18n import format_date
from pulso.settings import get_settings

FORMAT_HELP = "Output format: html, pdf, xlsx, csv or json; repeat or give a comma list."
OUT_HELP = "Folder for the files (created if missing)."


def _formats(values: tuple[str, ...]) -> list[str]:
    from pulso.reports import parse_formats

    return parse_formats(values)


@click.group()
def report() -> None:
    """Render the weekly metrics report or the consultation report."""


@report.command()
@click.option("--week", metavar="YYYY-Www", help="ISO week, e.g. 2018-W26 (default: last week).")
@click.option("--campaign", metavar="SLUG", help="Only this campaign's posts.")
@click.option("--consultation", metavar="SLUG", help="Only this consultation's posts.")
@click.option("--format", "formats", multiple=True, default=("html",), help=FORMAT_HELP)
@lang_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports-output"),
    show_default=True,
    help=OUT_HELP,
)
@click.option("--email", is_flag=True, help="Also e-mail the PDF and XLSX to report_recipients.")
def weekly(week, campaign, consultation, formats, lang, out, email) -> None:
    """The weekly report: headline figures, posts, paid results, comments, cadence."""
    from pulso.reports import send_report, weekly_report, write_weekly
    from pulso.reports.delivery import check_delivery
    from pulso.reports.text import t

    chosen = _formats(formats)
    if email:
        chosen += [name for name in ("pdf", "xlsx") if name not in chosen]
    settings = get_settings()
    if email:
        check_delivery(settings)
    with unit_of_work(settings) as session:
        data = weekly_report(
            session=session,
            week=week,
            consultation=consultation,
            campaign=campaign,
            lang=lang,
            default_tz=settings.timezone,
        )
    files = write_weekly(data, formats=chosen, out=out)
    for path in files:
        click.echo(str(path))
    if not data["posts"]:
        # Written all the same (a quiet week is a result), but said: without --week the
        # report is last week's, which a team reporting on an old campaign may not expect.
        which = "no_posts" if week else "no_posts_last_week"
        click.echo(say(f"cli.report.weekly.say.{which}", week=data["week"]["label"]), err=True)
    if email:
        attachments = [p for p in files if p.suffix in (".pdf", ".xlsx")]
        scope = data["scope"]["campaign_name"] or data["scope"]["consultation_name"] or ""
        subject = f"{t('w.title', lang)} {data['week']['label']}" + (f" — {scope}" if scope else "")
        first = format_date(dt.date.fromisoformat(data["week"]["first_day"]), lang)
        body = f"{subject}\n{first}\n\n" + "\n".join(p.name for p in attachments)
        sent = send_report(settings=settings, subject=subject, body=body, files=attachments)
        click.echo(say("cli.report.weekly.say.sent", count=number(len(sent))))


@report.command(name="consultation")
@click.option("--consultation", metavar="SLUG", required=True, help="The consultation's slug.")
@click.option("--format", "formats", multiple=True, default=("html",), help=FORMAT_HELP)
@lang_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("reports-output"),
    show_default=True,
    help=OUT_HELP,
)
def consultation_cmd(consultation, formats, lang, out) -> None:
    """The consultation report: channels, proposals per theme, social media, intake,
    reconciliation, answers and annexes."""
    from pulso.reports import consultation_report, write_consultation

    chosen = _formats(formats)
    with unit_of_work(get_settings()) as session:
        data = consultation_report(session=session, consultation=consultation, lang=lang)
    for path in write_consultation(data, formats=chosen, out=out):
        click.echo(str(path))
