"""The consultation summary as text (``pulso consultation summary``): proposals and distinct
people per theme, the reconciliation from items received to proposals counted, and the
institutions' answers, every figure from ``pulso.analytics.consultation``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from pulso.analytics.consultation import (
    answer_summary,
    distinct_people,
    proposals_by_theme,
    reconciliation,
)
from pulso.db.models import Consultation
from pulso.i18n import format_date, format_number, register, t

register(
    {
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
            "es": "enviadas a instituciones {routed}, respondidas {answered} (aceptadas"
            " {accepted}, no incorporadas {rejected}), pendientes {pending}, vencidas {overdue}",
            "en": "sent to institutions {routed}, answered {answered} (accepted {accepted}, "
            "rejected {rejected}), pending {pending}, overdue {overdue}",
        },
        "summary.as_of": {
            "es": "Plazos contados al {day}.",
            "en": "Deadlines counted as of {day}.",
        },
        "summary.people_note": {
            "es": "personas distintas (una persona puede proponer en varias temáticas)",
            "en": "distinct people (a person can propose in several themes)",
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


def render_summary(
    session: Session,
    consultation: Consultation,
    lang: str,
    today: dt.date,
    channel: str | None = None,
) -> str:
    """The summary of ``consultation`` as of ``today`` (overdue answers), in ``lang``."""
    rows = proposals_by_theme(session=session, consultation_id=consultation.id, channel=channel)
    # One scope for every figure of the page: with --channel, all of them are that channel's.
    rec = reconciliation(session=session, consultation_id=consultation.id, channel=channel)
    answers = answer_summary(
        session=session, consultation_id=consultation.id, today=today, channel=channel
    )
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
    people = distinct_people(session=session, consultation_id=consultation.id, channel=channel)
    lines.append(
        f"  {t('summary.total', lang).ljust(width)}  "
        f"{format_number(sum(r.proposals for r in rows), lang):>10}  "
        f"{format_number(people, lang):>8}  {t('summary.people_note', lang)}"
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
        t("summary.as_of", lang, day=format_date(today, lang)),
    ]
    return "\n".join(lines)
