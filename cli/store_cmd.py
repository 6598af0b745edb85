"""The consultation store on the command line: importing proposal and answer files, the
proposals workflow (list, duplicates, merge, route, answer, overdue), linking people, and
the consultation summary."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from pulso.analytics.consultation import answer_summary, proposals_by_theme, reconciliation
from pulso.analytics.similarity import DEFAULT_THRESHOLD
from pulso.cli.options import DATE, lang_option
from pulso.collectors.proposals_file import (
    read_answers,
    read_proposals,
    template_help,
    write_answer_sheet,
    write_template,
)
from pulso.consultation.catalog import (
    get_consultation,
    get_institution,
    get_theme,
    list_consultations,
)
from pulso.consultation.disqus import discussion
from pulso.consultation.duplicates import suggest_duplicates
from pulso.consultation.files import store_answers_file, store_proposals_file
from pulso.consultation.intake import audit_trail
from pulso.consultation.people import find_person, link_people
from pulso.consultation.workflow import (
    CommitmentIn,
    answer_proposal,
    get_proposal,
    list_proposals,
    merge_proposals,
    overdue_proposals,
    route_proposals,
    set_status,
    unmerge_proposal,
)
from pulso.db.context import unit_of_work
from pulso.db.models import Channel, ProposalStatus
from pulso.errors import NotFound
from pulso.i18n import format_date, format_number, register, t
from pulso.settings import get_settings
from pulso.workdays import working_days_late

register(
    {
        "overdue.late": {"es": "+{n} días hábiles", "en": "+{n} working days"},
        "summary.title": {"es": "Propuestas por temática", "en": "Proposals by theme"},
        "summary.theme": {"es": "Temática", "en": "Theme"},
        "summary.proposals": {"es": "Propuestas", "en": "Proposals"},
        "summary.people": {"es": "Personas", "en": "People"},
        "summary.total": {"es": "Total", "en": "Total"},
        "summary.reconciliation": {"es": "Conciliación", "en": "Reconciliation"},
        "summary.received": {"es": "Recibidas", "en": "Items received"},
        "summary.not_proposals": {"es": "No son propuestas", "en": "Not proposals"},
        "summary.merged": {"es": "Fusionadas (duplicadas)", "en": "Merged (duplicates)"},
        "summary.counted": {"es": "Propuestas contabilizadas", "en": "Proposals counted"},
        "summary.structured": {
            "es": "En la plantilla oficial",
            "en": "In the official template",
        },
        "summary.by_channel": {"es": "Por canal", "en": "By channel"},
        "summary.answers": {"es": "Respuestas", "en": "Answers"},
        "summary.answers_line": {
            "es": "enviadas {routed}, respondidas {answered} (aceptadas {accepted}, "
            "rechazadas {rejected}), pendientes {pending}, vencidas {overdue}",
            "en": "routed {routed}, answered {answered} (accepted {accepted}, "
            "rejected {rejected}), pending {pending}, overdue {overdue}",
        },
        "channel.web": {"es": "web", "en": "web"},
        "channel.facebook": {"es": "Facebook", "en": "Facebook"},
        "channel.x": {"es": "X", "en": "X"},
        "channel.email": {"es": "correo", "en": "e-mail"},
        "channel.in_person": {"es": "presencial", "en": "in person"},
        "channel.workshop": {"es": "taller", "en": "workshop"},
        "channel.other": {"es": "otro", "en": "other"},
    }
)

actor_option = click.option(
    "--actor",
    default=lambda: f"cli:{getpass.getuser()}",
    show_default="cli:<user>",
    help="Who is doing this, for the audit trail.",
)
reason_option = click.option("--reason", help="Why, for the audit trail.")
consultation_option = click.option(
    "--consultation",
    "consultation_slug",
    help="Consultation slug (may be left out when there is only one).",
)


def resolve_consultation(session, slug: str | None):
    if slug:
        return get_consultation(session=session, slug=slug)
    rows = list_consultations(session=session)
    if len(rows) != 1:
        raise NotFound("say which consultation (--consultation SLUG)")
    return get_consultation(session=session, slug=rows[0].slug)


def _today(consultation) -> dt.date:
    return dt.datetime.now(ZoneInfo(consultation.timezone)).date()


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
@actor_option
def import_proposals(path, consultation_slug, template, actor) -> None:
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
            click.echo(f"template written to {path}")
        return
    if path is None:
        raise click.UsageError("give the FILE to import (or --template)")
    settings = get_settings()
    secret = settings.require_secret("author_key_secret")
    with unit_of_work(settings) as session:
        consultation = resolve_consultation(session, consultation_slug)
        parsed = read_proposals(path, timezone=ZoneInfo(consultation.timezone))
        result = store_proposals_file(
            parsed, session=session, consultation=consultation, secret=secret, actor=actor
        )
        click.echo(
            f"{path.name}: {result.received} rows, {result.created} new proposals, "
            f"{result.already_present} already imported"
        )


@click.command("answers")
@click.argument("path", type=click.Path(path_type=Path))
@consultation_option
@actor_option
def import_answers(path, consultation_slug, actor) -> None:
    """Import an institution's answers (CSV or XLSX): proposal id, decision, justification
    and, for accepted ones, the SMART commitment (action, indicator, baseline, target,
    responsible, start, end, milestones). A bad row stops the import; nothing is written."""
    with unit_of_work() as session:
        consultation = resolve_consultation(session, consultation_slug)
        parsed = read_answers(path)
        result = store_answers_file(parsed, session=session, consultation=consultation, actor=actor)
        click.echo(
            f"{path.name}: {result.accepted} accepted, {result.rejected} rejected, "
            f"{result.unchanged} unchanged"
        )


# --------------------------------------------------------------------------------------
# proposals
# --------------------------------------------------------------------------------------


@click.group()
def proposals() -> None:
    """List, merge, route and answer the proposals of a consultation."""


@proposals.command("list")
@consultation_option
@click.option("--theme", "theme_slug", help="Only this theme (slug).")
@click.option(
    "--status", type=click.Choice([s.value for s in ProposalStatus]), help="Only this status."
)
@click.option("--channel", type=click.Choice([c.value for c in Channel]), help="Only this channel.")
@click.option("--institution", "institution_slug", help="Only those routed to this institution.")
@click.option("--limit", type=int, help="At most this many.")
def proposals_list(consultation_slug, theme_slug, status, channel, institution_slug, limit):
    """List proposals: id, status, channel, theme, institution, submitters and text."""
    with unit_of_work() as session:
        consultation = resolve_consultation(session, consultation_slug)
        theme = (
            get_theme(session=session, consultation=consultation, slug=theme_slug)
            if theme_slug
            else None
        )
        institution = (
            get_institution(session=session, slug=institution_slug) if institution_slug else None
        )
        rows = list_proposals(
            session=session,
            consultation_id=consultation.id,
            theme_id=theme.id if theme else None,
            status=status,
            channel=channel,
            institution_id=institution.id if institution else None,
            limit=limit,
        )
        for p in rows:
            text = " ".join((p.title or p.text).split())
            click.echo(
                f"{p.id}\t{p.status.value}\t{p.channel.value}\t{p.theme.slug if p.theme else '-'}"
                f"\t{p.institution.slug if p.institution else '-'}"
                f"\tpeople:{len(p.submitters)}\t{text[:80]}"
            )
        click.echo(f"{len(rows)} proposals", err=True)


@proposals.command("show")
@click.argument("proposal_id", type=int)
def proposals_show(proposal_id):
    """Show a proposal with its source, answer and audit trail."""
    with unit_of_work() as session:
        p = get_proposal(session=session, proposal_id=proposal_id)
        click.echo(f"proposal {p.id} [{p.status.value}] {p.channel.value} from {p.source_key}")
        click.echo(
            f"theme: {p.theme.slug if p.theme else '-'}; submitted by "
            f"{len(p.submitters)} {'person' if len(p.submitters) == 1 else 'people'}"
            + (
                f" (person ids {', '.join(str(s.id) for s in p.submitters)})"
                if p.submitters
                else ""
            )
        )
        if p.merged_into_id:
            click.echo(f"merged into {p.merged_into_id}")
        if p.institution:
            click.echo(
                f"routed to {p.institution.slug} on {p.routed_at:%Y-%m-%d}, due {p.answer_due_on}"
            )
        if p.justification:
            click.echo(f"justification: {p.justification}")
        if p.commitment:
            c = p.commitment
            click.echo(
                f"commitment: {c.action} | {c.indicator} | {c.baseline} -> {c.target} | "
                f"{c.responsible} | {c.starts_on} - {c.ends_on} | {c.milestones}"
            )
        click.echo(p.text)
        for depth, reply in discussion(session=session, proposal_id=p.id):
            click.echo(
                f"{'  ' * depth}↳ {reply.created_at:%Y-%m-%d} {' '.join(reply.text.split())[:100]}"
            )
        for e in audit_trail(session=session, entity="proposal", entity_id=p.id):
            click.echo(
                f"  {e.at:%Y-%m-%d %H:%M} {e.actor}: {e.action} {e.from_value or ''} -> "
                f"{e.to_value or ''}{' (' + e.reason + ')' if e.reason else ''}"
            )


@proposals.command("duplicates")
@consultation_option
@click.option(
    "--threshold",
    type=float,
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Smallest similarity (0-1) to suggest.",
)
@click.option("--across-themes", is_flag=True, help="Also compare proposals of different themes.")
def proposals_duplicates(consultation_slug, threshold, across_themes):
    """Suggest proposals to merge: pairs that say the same thing, with a similarity score."""
    with unit_of_work() as session:
        consultation = resolve_consultation(session, consultation_slug)
        found = suggest_duplicates(
            session=session,
            consultation_id=consultation.id,
            threshold=threshold,
            same_theme=not across_themes,
        )
        for s in found:
            click.echo(
                f"{s.score:.2f}\tkeep {s.keep_id} ({s.keep_channel})\t"
                f"merge {s.merge_id} ({s.merge_channel})"
            )
        click.echo(
            f"{len(found)} suggestions; merge with `pulso proposals merge KEEP MERGE...`", err=True
        )


@proposals.command("merge")
@click.argument("target_id", type=int)
@click.argument("source_ids", type=int, nargs=-1, required=True)
@actor_option
@reason_option
def proposals_merge(target_id, source_ids, actor, reason):
    """Merge SOURCE_IDS into TARGET_ID (their sources and submitters are kept)."""
    with unit_of_work() as session:
        merged = merge_proposals(
            session=session, target_id=target_id, source_ids=source_ids, actor=actor, reason=reason
        )
        click.echo(f"merged {', '.join(map(str, merged))} into {target_id}")


@proposals.command("unmerge")
@click.argument("proposal_id", type=int)
@actor_option
@reason_option
def proposals_unmerge(proposal_id, actor, reason):
    """Undo the merge of PROPOSAL_ID: it is counted again with its previous status."""
    with unit_of_work() as session:
        p = unmerge_proposal(session=session, proposal_id=proposal_id, actor=actor, reason=reason)
        click.echo(f"proposal {p.id} un-merged ({p.status.value})")


@proposals.command("status")
@click.argument("proposal_ids", type=int, nargs=-1, required=True)
@click.option(
    "--to",
    "status",
    required=True,
    type=click.Choice(["received", "in_review", "not_a_proposal"]),
    help="New status.",
)
@actor_option
@reason_option
def proposals_status(proposal_ids, status, actor, reason):
    """Set the review status of proposals (e.g. not_a_proposal, with --reason)."""
    with unit_of_work() as session:
        changed = set_status(
            session=session, proposal_ids=proposal_ids, status=status, actor=actor, reason=reason
        )
        click.echo(f"{changed} changed")


@proposals.command("route")
@consultation_option
@click.option("--theme", "theme_slug", help="Route every counted proposal of this theme.")
@click.option(
    "--institution",
    "institution_slug",
    help="Competent institution (default: the theme's only one).",
)
@click.option("--id", "proposal_ids", type=int, multiple=True, help="Route this proposal (repeat).")
@click.option(
    "--days", type=int, help="Working days to answer (default: PULSO_ANSWER_DEADLINE_WORKING_DAYS)."
)
@click.option("--holiday", "holidays", type=DATE, multiple=True, help="A non-working day (repeat).")
@click.option(
    "--force", is_flag=True, help="Route even to an institution not competent for the theme."
)
@actor_option
@reason_option
def proposals_route(
    consultation_slug,
    theme_slug,
    institution_slug,
    proposal_ids,
    days,
    holidays,
    force,
    actor,
    reason,
):
    """Send proposals to the competent institution with an answer deadline in working days."""
    settings = get_settings()
    with unit_of_work(settings) as session:
        consultation = resolve_consultation(session, consultation_slug)
        theme = (
            get_theme(session=session, consultation=consultation, slug=theme_slug)
            if theme_slug
            else None
        )
        institution = (
            get_institution(session=session, slug=institution_slug) if institution_slug else None
        )
        result = route_proposals(
            session=session,
            consultation=consultation,
            actor=actor,
            institution=institution,
            theme=theme,
            proposal_ids=proposal_ids,
            force=force,
            reason=reason,
            holidays=holidays,
            working_days=days if days is not None else settings.answer_deadline_working_days,
        )
        click.echo(
            f"{len(result.routed)} proposals sent to {result.institution}, "
            f"answer due on {result.due_on.isoformat()}"
        )
        if result.skipped_answered:
            click.echo(f"{len(result.skipped_answered)} already answered, left alone")


@proposals.command("answer")
@click.argument("proposal_id", type=int)
@click.option(
    "--accept", "decision", flag_value="accepted", help="Accepted, with a SMART commitment."
)
@click.option("--reject", "decision", flag_value="rejected", help="Rejected, with --justification.")
@click.option("--justification", help="Why it was rejected (required to reject).")
@click.option("--action", help="SMART: the specific action.")
@click.option("--indicator", help="SMART: how it is measured.")
@click.option("--baseline", help="SMART: the starting value.")
@click.option("--target", help="SMART: the value to reach.")
@click.option("--responsible", help="SMART: who is responsible.")
@click.option("--start", "starts_on", type=DATE, help="SMART: first day.")
@click.option("--end", "ends_on", type=DATE, help="SMART: last day.")
@click.option("--milestones", help="SMART: milestones.")
@actor_option
def proposals_answer(proposal_id, decision, justification, actor, **smart):
    """Record an institution's answer: --accept with every SMART field, or --reject with a
    --justification."""
    if decision is None:
        raise click.UsageError("say --accept or --reject")
    commitment = CommitmentIn(**smart) if decision == "accepted" else None
    with unit_of_work() as session:
        p = answer_proposal(
            session=session,
            proposal_id=proposal_id,
            decision=decision,
            justification=justification,
            commitment=commitment,
            actor=actor,
        )
        click.echo(f"proposal {p.id}: {p.status.value}")


@proposals.command("overdue")
@consultation_option
@click.option(
    "--today", type=DATE, help="Count from this day (default: today in the consultation's zone)."
)
@click.option("--holiday", "holidays", type=DATE, multiple=True, help="A non-working day (repeat).")
@lang_option
def proposals_overdue(consultation_slug, today, holidays, lang):
    """List routed proposals whose answer deadline has passed, oldest first, with the
    working days they are late (deadlines are counted in working days too)."""
    with unit_of_work() as session:
        consultation = resolve_consultation(session, consultation_slug)
        today = today or _today(consultation)
        rows = overdue_proposals(session=session, today=today, consultation_id=consultation.id)
        for p in rows:
            late = working_days_late(p.answer_due_on, today, holidays)
            click.echo(
                f"{p.id}\t{p.institution.slug if p.institution else '-'}\t"
                f"{format_date(p.answer_due_on, lang)}\t"
                f"{t('overdue.late', lang, n=format_number(late, lang))}\t"
                f"{(p.title or p.text)[:60]}"
            )
        click.echo(f"{len(rows)} overdue", err=True)


@proposals.command("answer-sheet")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--institution", "institution_slug", required=True, help="Institution (slug).")
@consultation_option
def proposals_answer_sheet(path, institution_slug, consultation_slug):
    """Write the sheet (XLSX or CSV) an institution fills in with its answers: its routed,
    unanswered proposals and the answer columns. Read it back with `pulso import answers`."""
    with unit_of_work() as session:
        consultation = resolve_consultation(session, consultation_slug)
        institution = get_institution(session=session, slug=institution_slug)
        rows = [
            {"id": p.id, "theme": p.theme.name_es if p.theme else None, "title": p.title,
             "text": p.text, "due_on": p.answer_due_on}
            for p in list_proposals(session=session, consultation_id=consultation.id,
                                    status="sent_to_institution", institution_id=institution.id)
        ]  # fmt: skip
        write_answer_sheet(path, rows)
        click.echo(f"{len(rows)} proposals for {institution.slug} written to {path}")


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
        ids = list(person_ids)
        for item in identities:
            channel, sep, value = item.partition(":")
            if not sep or not value:
                raise click.UsageError(f"--identity {item!r}: write CHANNEL:IDENTITY")
            ids.append(
                find_person(
                    session=session,
                    secret=settings.require_secret("author_key_secret"),
                    channel=channel,
                    identity=value,
                ).id
            )
        kept = link_people(session=session, person_ids=ids, actor=actor, reason=reason)
        click.echo(f"linked into person {kept.id}")


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


def render_summary(
    session, consultation, lang: str, today: dt.date, channel: str | None = None
) -> str:
    rows = proposals_by_theme(session=session, consultation_id=consultation.id, channel=channel)
    rec = reconciliation(session=session, consultation_id=consultation.id)
    answers = answer_summary(session=session, consultation_id=consultation.id, today=today)
    names = [r.name(lang) for r in rows]
    width = max([len(n) for n in names] + [len(t("summary.theme", lang)), 10])
    head_p, head_n = t("summary.proposals", lang), t("summary.people", lang)
    title = t("summary.title", lang)
    if channel:
        title += f" ({t('channel.' + channel, lang)})"
    lines = [
        f"{consultation.name}",
        "",
        title,
        f"  {t('summary.theme', lang).ljust(width)}  {head_p:>10}  {head_n:>8}",
    ]
    for name, row in zip(names, rows, strict=True):
        lines.append(
            f"  {name.ljust(width)}  {format_number(row.proposals, lang):>10}  "
            f"{format_number(row.people, lang):>8}"
        )
    lines.append(
        f"  {t('summary.total', lang).ljust(width)}  "
        f"{format_number(sum(r.proposals for r in rows), lang):>10}"
    )
    lines += ["", t("summary.reconciliation", lang)]
    for key, value in (
        ("received", rec.received),
        ("not_proposals", -rec.not_proposals),
        ("merged", -rec.merged),
        ("counted", rec.counted),
        ("structured", rec.structured),
    ):
        sign = "−" if value < 0 else " "
        lines.append(
            f"  {t('summary.' + key, lang).ljust(32)} {sign}{format_number(abs(value), lang):>6}"
        )
    channels = ", ".join(
        f"{t('channel.' + c, lang)} {format_number(n, lang)}" for c, n in rec.by_channel.items()
    )
    lines.append(f"  {t('summary.by_channel', lang)}: {channels or '—'}")
    lines += [
        "",
        f"{t('summary.answers', lang)}: " + t("summary.answers_line", lang, **vars(answers)),
    ]
    return "\n".join(lines)
