"""The public results as open data: JSON (described by ``reports/schemas/public_results.json``),
CSV with Spanish headers, and an Atom feed (RFC 4287) of answers and progress updates.

Each takes ``consultation.publication.PublicResults``, which holds only what is safe to
publish; nothing here reads the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from importlib import resources
from xml.sax.saxutils import escape, quoteattr

from pulso.consultation.publication import COMMITMENT_FIELDS, PublicProposal, PublicResults
from pulso.i18n import t

SCHEMA_PATH = "/public/schema.json"


def schema_text() -> str:
    return (
        resources.files("pulso.reports")
        .joinpath("schemas/public_results.json")
        .read_text(encoding="utf-8")
    )


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _proposal(p: PublicProposal, base_url: str) -> dict:
    commitment = None
    if p.commitment is not None:
        commitment = {
            k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in p.commitment.items()
        }
        commitment["progress"] = [
            {"recorded_on": u.recorded_on.isoformat(), "percent": u.percent, "note": u.note}
            for u in p.progress
        ]
    return {
        "public_id": p.public_id,
        "url": f"{base_url}/p/{p.public_id}",
        "theme": p.theme_slug,
        "channel": p.channel,
        "received_on": _day(p.received_on),
        "status": p.status,
        "title": p.title,
        "text": p.text,
        "organisation": p.organisation,
        "institution": p.institution,
        "answer_due_on": _day(p.answer_due_on),
        "answered_on": _day(p.decided_on),
        "justification": p.justification,
        "commitment": commitment,
        "source_url": p.source_url,
        "merged": [
            {
                "public_id": m.public_id,
                "channel": m.channel,
                "received_on": _day(m.received_on),
                "title": m.title,
                "text": m.text,
            }
            for m in p.merged
        ],
    }


def as_json(results: PublicResults, base_url: str) -> dict:
    """The document ``/public/{slug}.json`` answers (validated by the schema in tests)."""
    r = results.reconciliation
    a = results.answers
    return {
        "$schema": f"{base_url}{SCHEMA_PATH}",
        "consultation": {
            "slug": results.slug,
            "name": results.name,
            "description": results.description,
            "starts_on": _day(results.starts_on),
            "ends_on": _day(results.ends_on),
            "published_at": results.published_at.isoformat(),
            "url": f"{base_url}/public/{results.slug}",
        },
        "as_of": {"day": results.as_of.day.isoformat(), "basis": results.as_of.basis},
        "channels": results.channels,
        "reconciliation": {
            "received": r.received,
            "not_proposals": r.not_proposals,
            "merged": r.merged,
            "counted": r.counted,
            "structured": r.structured,
            "people": results.people,
            "by_channel": r.steps_by_channel,
        },
        "themes": [
            {
                "slug": row.slug,
                "name_es": row.name("es"),
                "name_en": row.name("en"),
                "proposals": row.proposals,
                "people": row.people,
            }
            for row in results.themes
        ],
        "answers": {
            "counted": a.counted,
            "routed": a.routed,
            "answered": a.answered,
            "accepted": a.accepted,
            "rejected": a.rejected,
            "pending": a.pending,
            "overdue": a.overdue,
        },
        "proposals": [_proposal(p, base_url) for p in results.proposals],
    }


CSV_HEADERS = (
    "id_publico",
    "enlace",
    "tematica",
    "canal",
    "fecha_recepcion",
    "estado",
    "titulo",
    "texto",
    "organizacion_firmante",
    "institucion",
    "plazo_respuesta",
    "fecha_respuesta",
    "justificacion",
    "accion",
    "indicador",
    "linea_base",
    "meta",
    "responsable",
    "inicio",
    "fin",
    "hitos",
    "avance_porcentaje",
    "avance_fecha",
    "propuestas_unidas",
    "publicacion_origen",
)


def as_csv(results: PublicResults, base_url: str) -> str:
    """One row per counted proposal, Spanish headers and words (statuses, channels, themes),
    UTF-8 with a byte-order mark so that spreadsheets read the accents."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for p in results.proposals:
        c = p.commitment or {}
        last = p.progress[-1] if p.progress else None
        theme = results.theme(p.theme_slug)
        writer.writerow(
            [
                p.public_id,
                f"{base_url}/p/{p.public_id}",
                theme.name("es") if theme else t("no_theme", "es"),
                t(f"channel_{p.channel}", "es"),
                _day(p.received_on),
                t(f"proposal_{p.status}", "es"),
                p.title or "",
                p.text,
                p.organisation or "",
                p.institution or "",
                _day(p.answer_due_on) or "",
                _day(p.decided_on) or "",
                p.justification or "",
                *(
                    (v.isoformat() if isinstance(v, dt.date) else v)
                    for v in (c.get(k, "") for k in COMMITMENT_FIELDS)
                ),
                last.percent if last else "",
                _day(last.recorded_on) if last else "",
                " ".join(m.public_id for m in p.merged),
                p.source_url or "",
            ]
        )
    return out.getvalue()


def _stamp(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def as_atom(results: PublicResults, base_url: str, lang: str = "es") -> str:
    """An Atom 1.0 feed: one entry per answer and per progress update, newest first."""
    host = base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    published = results.published_at
    entries: list[tuple[dt.datetime, str, str, str, str]] = []
    for p in results.proposals:
        link = f"{base_url}/p/{p.public_id}"
        if p.decided_at is not None and p.status in ("accepted", "rejected"):
            title = t(
                "pub_feed_answer", lang, id=p.public_id, status=t(f"proposal_{p.status}", lang)
            )
            summary = (
                p.justification
                if p.status == "rejected"
                else (p.commitment or {}).get("action", "")
            )
            entries.append((p.decided_at, f"answer:{p.public_id}", title, summary or "", link))
        for index, (update, at) in enumerate(zip(p.progress, p.progress_at, strict=True)):
            title = t("pub_feed_progress", lang, id=p.public_id, percent=update.percent)
            entries.append((at, f"progress:{p.public_id}:{index}", title, update.note, link))
    entries.sort(key=lambda e: e[0], reverse=True)
    updated = max([published, *(e[0] for e in entries)])
    feed_url = f"{base_url}/public/{results.slug}.atom"
    page_url = f"{base_url}/public/{results.slug}"
    day = published.date().isoformat()
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
        f"<id>tag:{escape(host)},{day}:pulso/public/{escape(results.slug)}</id>",
        f"<title>{escape(results.name)} · {escape(t('pub_title', lang))}</title>",
        f"<updated>{_stamp(updated)}</updated>",
        f"<author><name>{escape(results.name)}</name></author>",
        f'<link rel="self" type="application/atom+xml" href={quoteattr(feed_url)}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(page_url)}/>',
    ]
    for at, key, title, summary, link in entries:
        parts += [
            "<entry>",
            f"<id>tag:{escape(host)},{day}:pulso/{escape(key)}</id>",
            f"<title>{escape(title)}</title>",
            f"<updated>{_stamp(at)}</updated>",
            f'<link rel="alternate" type="text/html" href={quoteattr(link)}/>',
            f"<summary>{escape(summary)}</summary>",
            "</entry>",
        ]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"
