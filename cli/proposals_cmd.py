"""``pulso proposals``: list, show, merge, route and answer the proposals of a consultation,
the overdue list and the institutions' answer sheets. Each command calls one function of
``pulso.consultation``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from pulso.analytics.consultation import as_of_for
from pulso.analytics.similarity import DEFAULT_THRESHOLD
from pulso.cli.language import cli_language, number, say
from pulso.cli.options import DATE, actor_option, consultation_option, lang_option, reason_option
from pulso.collectors.proposals_file import write_answer_sheet
from pulso.consultation.answers import CommitmentIn, answer_proposal, overdue_with_lateness
from pulso.consultation.catalog import resolve_scope
from pulso.consultation.disqus import discussion
from pulso.consultation.duplicates import suggest_duplicates
from pulso.consultation.files import answer_sheet_rows
from pulso.consultation.intake import audit_trail
from pulso.consultation.workflow import (
    get_proposal,
    list_proposals,
    merge_proposals,
    route_proposals,
    set_status,
    unmerge_proposal,
)
from pulso.db.context import unit_of_work
from pulso.db.models import Channel, Consultation, ProposalStatus
from pulso.i18n import Label, format_date, format_number, register, t
from pulso.reports import audit
from pulso.settings import get_settings

register({"overdue.late": {"es": "+{n} días hábiles", "en": "+{n} working days"}})


def _status(status: ProposalStatus) -> Label:
    """A proposal's status as the glossary names it."""
    return Label(f"proposal_{status.value}")


def _today(consultation) -> dt.date:
    """The day deadlines are counted at (``analytics.consultation.as_of_for``)."""
    return as_of_for(consultation).day


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
        scope = resolve_scope(
            session=session,
            consultation=consultation_slug,
            theme=theme_slug,
            institution=institution_slug,
        )
        rows = list_proposals(
            session=session,
            consultation_id=scope.consultation.id,
            theme_id=scope.theme.id if scope.theme else None,
            status=status,
            channel=channel,
            institution_id=scope.institution.id if scope.institution else None,
            limit=limit,
        )
        for p in rows:
            text = " ".join((p.title or p.text).split())
            click.echo(
                f"{p.id}\t{p.status.value}\t{p.channel.value}\t{p.theme.slug if p.theme else '-'}"
                f"\t{p.institution.slug if p.institution else '-'}"
                f"\tpeople:{len(p.submitters)}\t{text[:80]}"  # i18n: literal (a fixed token)
            )
        click.echo(say("cli.proposals.list.say.count", count=number(len(rows))), err=True)


@proposals.command("show")
@click.argument("proposal_id", type=int)
def proposals_show(proposal_id):
    """Show a proposal with its source, answer and audit trail."""
    with unit_of_work() as session:
        p = get_proposal(session=session, proposal_id=proposal_id)
        # Times in the consultation's local time, as on its pages.
        zone = ZoneInfo(session.get(Consultation, p.consultation_id).timezone)
        click.echo(
            say(
                "cli.proposals.show.say.heading",
                id=p.id,
                status=_status(p.status),
                channel=p.channel.value,
                source=p.source_key,
            )
        )
        ids = ", ".join(str(s.id) for s in p.submitters)
        click.echo(
            say(
                "cli.proposals.show.say.submitted." + ("one" if len(p.submitters) == 1 else "many"),
                theme=p.theme.slug if p.theme else "-",
                count=len(p.submitters),
                ids=say("cli.proposals.show.say.person_ids", ids=ids) if p.submitters else "",
            )
        )
        if p.merged_into_id:
            click.echo(say("cli.proposals.show.say.merged_into", id=p.merged_into_id))
        if p.institution:
            click.echo(
                say(
                    "cli.proposals.show.say.routed",
                    institution=p.institution.slug,
                    routed=f"{p.routed_at.astimezone(zone):%Y-%m-%d}",
                    due=p.answer_due_on,
                )
            )
        if p.justification:
            click.echo(say("cli.proposals.show.say.justification", text=p.justification))
        if p.commitment:
            c = p.commitment
            text = (
                f"{c.action} | {c.indicator} | {c.baseline} -> {c.target} | "
                f"{c.responsible} | {c.starts_on} - {c.ends_on} | {c.milestones}"
            )
            click.echo(say("cli.proposals.show.say.commitment", text=text))
        click.echo(p.text)
        for depth, reply in discussion(session=session, proposal_id=p.id):
            day = reply.created_at.astimezone(zone)
            click.echo(f"{'  ' * depth}↳ {day:%Y-%m-%d} {' '.join(reply.text.split())[:100]}")
        # The trail as the proposal's page shows it (reports.audit); institutions and themes
        # keep the slugs the commands take.
        trail = audit_trail(session=session, entity="proposal", entity_id=p.id)
        for line in audit.describe(trail, cli_language()):
            change = f": {line.change}" if line.change else ""
            reason = f" ({line.reason})" if line.reason else ""
            click.echo(
                f"  {line.at.astimezone(zone):%Y-%m-%d %H:%M} {line.actor}: "
                f"{line.action}{change}{reason}"
            )


@proposals.command("duplicates")
@consultation_option
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Smallest similarity (0-1) to suggest.",
)
@click.option("--across-themes", is_flag=True, help="Also compare proposals of different themes.")
def proposals_duplicates(consultation_slug, threshold, across_themes):
    """Suggest proposals to merge: pairs that say the same thing, with a similarity score."""
    with unit_of_work() as session:
        consultation = resolve_scope(session=session, consultation=consultation_slug).consultation
        found = suggest_duplicates(
            session=session,
            consultation_id=consultation.id,
            threshold=threshold,
            same_theme=not across_themes,
        )
        for s in found:
            # A tab-separated listing scripts read: its words are fixed tokens, like the
            # channel names, in every language.
            click.echo(
                f"{s.score:.2f}\tkeep {s.keep_id} ({s.keep_channel})\t"  # i18n: literal
                f"merge {s.merge_id} ({s.merge_channel})"
            )
        click.echo(say("cli.proposals.duplicates.say.count", count=number(len(found))), err=True)


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
        ids = ", ".join(map(str, merged))
        click.echo(say("cli.proposals.merge.say.done", ids=ids, target=target_id))


@proposals.command("unmerge")
@click.argument("proposal_id", type=int)
@actor_option
@reason_option
def proposals_unmerge(proposal_id, actor, reason):
    """Undo the merge of PROPOSAL_ID: it is counted again with its previous status."""
    with unit_of_work() as session:
        p = unmerge_proposal(session=session, proposal_id=proposal_id, actor=actor, reason=reason)
        click.echo(say("cli.proposals.unmerge.say.done", id=p.id, status=_status(p.status)))


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
        click.echo(say("cli.proposals.status.say.done", count=number(changed)))


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
        scope = resolve_scope(
            session=session,
            consultation=consultation_slug,
            theme=theme_slug,
            institution=institution_slug,
        )
        result = route_proposals(
            session=session,
            consultation=scope.consultation,
            actor=actor,
            institution=scope.institution,
            theme=scope.theme,
            proposal_ids=proposal_ids,
            force=force,
            reason=reason,
            holidays=holidays,
            working_days=days if days is not None else settings.answer_deadline_working_days,
        )
        click.echo(
            say(
                "cli.proposals.route.say.done",
                count=number(len(result.routed)),
                institution=result.institution,
                due=result.due_on.isoformat(),
            )
        )
        if result.skipped_answered:
            answered = number(len(result.skipped_answered))
            click.echo(say("cli.proposals.route.say.answered", count=answered))


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
        raise click.UsageError(say("cli.proposals.answer.say.which"))
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
        click.echo(say("cli.proposals.answer.say.done", id=p.id, status=_status(p.status)))


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
        consultation = resolve_scope(session=session, consultation=consultation_slug).consultation
        rows = overdue_with_lateness(
            session=session,
            today=today or _today(consultation),
            consultation_id=consultation.id,
            holidays=holidays,
        )
        for p, late in rows:
            click.echo(
                f"{p.id}\t{p.institution.slug if p.institution else '-'}\t"
                f"{format_date(p.answer_due_on, lang)}\t"
                f"{t('overdue.late', lang, n=format_number(late, lang))}\t"
                f"{(p.title or p.text)[:60]}"
            )
        click.echo(say("cli.proposals.overdue.say.count", count=number(len(rows))), err=True)


@proposals.command("answer-sheet")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--institution", "institution_slug", required=True, help="Institution (slug).")
@consultation_option
def proposals_answer_sheet(path, institution_slug, consultation_slug):
    """Write the sheet (XLSX or CSV) an institution fills in with its answers: its routed,
    unanswered proposals and the answer columns. Read it back with `pulso import answers`."""
    with unit_of_work() as session:
        scope = resolve_scope(
            session=session, consultation=consultation_slug, institution=institution_slug
        )
        institution = scope.institution
        rows = answer_sheet_rows(
            session=session, consultation=scope.consultation, institution=institution
        )
        write_answer_sheet(path, rows)
        click.echo(
            say(
                "cli.proposals.answer-sheet.say.done",
                count=number(len(rows)),
                institution=institution.slug,
                path=path,
            )
        )
