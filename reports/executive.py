"""The executive summary at the top of both reports: what changed against the previous
period, the best post and why, proposals received and answers due at the as-of date.

``weekly_facts`` and ``consultation_facts`` pick the facts from figures the metrics layer
computed (``analytics``: ``compare`` of ``analytics.periods``, ``best_and_worst`` of
``analytics.posts``, ``answer_summary`` of ``analytics.consultation``) into the report's
JSON (``executive``); ``summary_bullets`` writes them as a few sentences in the report's
language (catalogue ``pulso.i18n``, keys ``x.*``).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pulso.analytics.periods import Week, compare, local_date
from pulso.analytics.posts import best_and_worst, preview
from pulso.i18n import format_date, format_number, format_percent, register, t
from pulso.reports.document import Section

register(
    {
        "x.title": {"es": "Resumen ejecutivo", "en": "Executive summary"},
        "x.changes": {
            "es": "Frente a {previous}: {items}.",
            "en": "Against {previous}: {items}.",
        },
        "x.change_item": {"es": "{label} {value} ({change})", "en": "{label} {value} ({change})"},
        "x.no_previous": {
            "es": "Sin datos del periodo anterior para comparar.",
            "en": "No data from the previous period to compare with.",
        },
        "x.best_post": {
            "es": "Mejor publicación: «{text}» ({platform}, {day}): {why}.",
            "en": "Best post: “{text}” ({platform}, {day}): {why}.",
        },
        "x.why_interactions": {
            "es": "la que más interacciones sumó ({interactions}, alcance {reach})",
            "en": "the most interactions ({interactions}, reach {reach})",
        },
        "x.why_rate": {
            "es": "; tasa de interacción {rate}",
            "en": "; engagement rate {rate}",
        },
        "x.no_best_post": {
            "es": "Ninguna publicación del periodo tiene datos aún.",
            "en": "No post of the period has data yet.",
        },
        "x.proposals_week": {
            "es": "Propuestas recibidas en la semana: {n}.",
            "en": "Proposals received in the week: {n}.",
        },
        "x.proposals_consultation": {
            "es": (
                "Propuestas: {received} ítems recibidos, {counted} contadas, de {people}"
                " personas distintas."
            ),
            "en": (
                "Proposals: {received} items received, {counted} counted, from {people}"
                " distinct people."
            ),
        },
        "x.answers": {
            "es": (
                "Respuestas al {day}: {answered} de {counted} propuestas contadas"
                " respondidas; {awaiting} enviadas a instituciones esperan respuesta,"
                " {overdue} con el plazo vencido."
            ),
            "en": (
                "Answers at {day}: {answered} of {counted} counted proposals answered;"
                " {awaiting} sent to institutions await an answer, {overdue} past their"
                " deadline."
            ),
        },
        "x.no_answers": {
            "es": "Sin consulta asociada: no hay respuestas que seguir.",
            "en": "No consultation in scope: no answers to follow.",
        },
        "x.previous_week": {
            "es": "la semana anterior (del {day}, {week})",
            "en": "the week before (of {day}, {week})",
        },
        "x.changes_last_week": {
            "es": "Última semana con publicaciones (del {day}, {week}) frente a la anterior: "
            "{items}.",
            "en": "Last week with posts (of {day}, {week}) against the one before: {items}.",
        },
        "x.k.posts": {"es": "publicaciones", "en": "posts"},
        "x.k.interactions": {"es": "interacciones", "en": "interactions"},
        "x.k.comments_collected": {"es": "comentarios recogidos", "en": "comments collected"},
        "x.k.proposals": {"es": "propuestas", "en": "proposals"},
        "x.k.reach": {"es": "suma del alcance por publicación", "en": "sum of post reach"},
        "x.no_change": {"es": "sin cambio", "en": "no change"},
    }
)

# The headline figures the summary compares, in the order it names them.
CHANGE_KEYS = ("posts", "interactions", "comments_collected", "proposals")


def answers_due(summary, as_of) -> dict:
    """``analytics.consultation.answer_summary`` at ``as_of`` (an ``AsOf``) as JSON-ready
    data, with ``awaiting``: routed to an institution and not answered yet."""
    return {
        "as_of": as_of.day.isoformat(),
        "basis": as_of.basis,
        "counted": summary.counted,
        "routed": summary.routed,
        "answered": summary.answered,
        "awaiting": max(summary.routed - summary.answered, 0),
        "overdue": summary.overdue,
    }


def best_post(table: pd.DataFrame, tz: str, texts: dict[int, str | None]) -> dict | None:
    """The period's best post (``best_and_worst``: most interactions, ties by reach) with
    what makes it the best, as JSON-ready data; ``texts``: posts' texts by id."""
    best, _ = best_and_worst(table, n=1)
    if best.empty:
        return None
    post = best.iloc[0]

    def value(key):
        v = post.get(key)
        return None if v is None or v != v else float(v)

    label = post["label"] if isinstance(post["label"], str) and post["label"] else None
    return {
        "post_id": int(post["post_id"]),
        "label": label or str(post["external_id"]),
        "preview": preview(texts.get(int(post["post_id"]))),
        "platform": str(post["platform"]),
        "published": local_date(post["published_at"], tz).isoformat(),
        "interactions": value("interactions"),
        "reach": value("reach"),
        "engagement_rate": value("engagement_rate"),
        "why": "interactions",
    }


def weekly_facts(
    headline: list[dict],
    table: pd.DataFrame,
    previous: str,
    answers: dict | None,
    tz: str,
    texts: dict[int, str | None],
) -> dict:
    """The weekly report's ``executive`` data: changes of ``CHANGE_KEYS`` from its headline
    (week against week ``previous``), the best post of ``table``, the week's proposals and
    the consultation's answers (``answers``: ``answer_summary`` at an as-of date)."""
    by_key = {item["key"]: item for item in headline}
    changes = []
    for key in CHANGE_KEYS:
        item = by_key.get(key)
        if item is not None:
            changes.append({"key": key, **compare(item["value"], item["previous"])})
    return {
        "previous": previous,
        "changes": changes,
        "best_post": best_post(table, tz, texts),
        "proposals_received": by_key["proposals"]["value"] if "proposals" in by_key else 0,
        "answers": answers,
    }


def consultation_facts(
    by_week: list[dict],
    table: pd.DataFrame,
    proposals: dict,
    answers: dict,
    tz: str,
    texts: dict[int, str | None],
) -> dict:
    """The consultation report's ``executive`` data: its last week with posts against the
    week before (posts, interactions), the best post of the whole consultation, the
    proposals received and counted, and the answers at the as-of date."""
    weeks = [row for row in by_week if row["posts"]]
    changes = []
    previous = None
    if weeks:
        last = weeks[-1]
        index = by_week.index(last)
        before = by_week[index - 1] if index > 0 else None
        previous = before["week"] if before else None
        for key in ("posts", "interactions"):
            changes.append(
                {"key": key, **compare(last.get(key), before.get(key) if before else None)}
            )
        changes = [{"week": last["week"], **c} for c in changes]
    return {
        "previous": previous,
        "changes": changes,
        "best_post": best_post(table, tz, texts),
        "proposals_received": proposals["received"],
        "proposals_counted": proposals["total"],
        "people": proposals["people"],
        "answers": answers,
    }


def _change(item: dict, lang: str) -> str:
    if item["how"] is None:
        return "—"
    amount = item["change"]
    if amount == 0:
        return t("x.no_change", lang)
    sign = "+" if amount > 0 else "−"
    if item["how"] == "ratio":
        return sign + format_percent(abs(amount), lang)
    return sign + format_number(abs(amount), lang)


def _monday(label: str) -> dt.date:
    """The Monday of an ISO week label like ``2018-W26`` (the zone plays no part in it)."""
    return Week.parse(label, "UTC").first_day


def summary_bullets(facts: dict, kind: str, lang: str) -> list[str]:
    """The executive summary's sentences, in ``lang``."""
    bullets = []
    known = [c for c in facts["changes"] if c["how"] is not None]
    if known and facts["previous"]:
        items = ", ".join(
            t(
                "x.change_item",
                lang,
                label=t(f"x.k.{c['key']}", lang),
                value=format_number(c["value"], lang),
                change=_change(c, lang),
            )
            for c in known
        )
        last = known[0].get("week")
        if kind == "consultation" and last:
            # The consultation's summary compares its last week with posts: name that week.
            day = format_date(_monday(last), lang)
            bullets.append(t("x.changes_last_week", lang, day=day, week=last, items=items))
        else:
            day = format_date(_monday(facts["previous"]), lang)
            previous = t("x.previous_week", lang, day=day, week=facts["previous"])
            bullets.append(t("x.changes", lang, previous=previous, items=items))
    else:
        bullets.append(t("x.no_previous", lang))
    best = facts["best_post"]
    if best:
        why = t(
            "x.why_interactions",
            lang,
            interactions=format_number(best["interactions"], lang),
            reach=format_number(best["reach"], lang),
        )
        if best["engagement_rate"] is not None:
            why += t("x.why_rate", lang, rate=format_percent(best["engagement_rate"], lang))
        text = best["preview"] or best["label"]
        if best["preview"] and best["label"]:
            text = f"{best['preview']} [{best['label']}]"
        bullets.append(
            t(
                "x.best_post",
                lang,
                text=text,
                platform=t("platform_" + best["platform"], lang),
                day=format_date(dt.date.fromisoformat(best["published"]), lang),
                why=why,
            )
        )
    else:
        bullets.append(t("x.no_best_post", lang))
    if kind == "weekly":
        bullets.append(
            t("x.proposals_week", lang, n=format_number(facts["proposals_received"], lang))
        )
    else:
        bullets.append(
            t(
                "x.proposals_consultation",
                lang,
                received=format_number(facts["proposals_received"], lang),
                counted=format_number(facts["proposals_counted"], lang),
                people=format_number(facts["people"], lang),
            )
        )
    answers = facts["answers"]
    if answers:
        bullets.append(
            t(
                "x.answers",
                lang,
                day=format_date(dt.date.fromisoformat(answers["as_of"]), lang),
                counted=format_number(answers["counted"], lang),
                awaiting=format_number(answers["awaiting"], lang),
                overdue=format_number(answers["overdue"], lang),
                answered=format_number(answers["answered"], lang),
            )
        )
    else:
        bullets.append(t("x.no_answers", lang))
    return bullets


def executive_section(facts: dict, kind: str, lang: str) -> Section:
    """The summary as the report's first section: a few sentences, as bullets."""
    return Section(title=t("x.title", lang), bullets=summary_bullets(facts, kind, lang))
