"""The downloads of the posts and proposals lists (CSV, XLSX): the rows the page lists,
with its filters, written by ``reports.exports``. Figures are the listing's, which are the
metrics layer's (``listings.post_rows``)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from fastapi.responses import Response

from pulso.i18n import t
from pulso.reports.exports import ExportColumn, table_csv, table_xlsx

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _response(body: bytes, fmt: str, name: str) -> Response:
    return Response(
        body,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def _write(fmt: str, sheet: str, columns: list[ExportColumn], rows: list[dict]) -> bytes:
    return table_csv(columns, rows) if fmt == "csv" else table_xlsx(sheet, columns, rows)


def post_columns(lang: str) -> list[ExportColumn]:
    return [
        ExportColumn("id", t("col_id", lang), "int"),
        ExportColumn("label", t("col_post", lang)),
        ExportColumn("text", t("col_text", lang)),
        ExportColumn("platform", t("col_platform", lang)),
        ExportColumn("kind", t("col_kind", lang)),
        ExportColumn("published", t("col_published", lang), "date"),
        ExportColumn("boosted", t("col_boosted", lang)),
        ExportColumn("reach", t("col_reach", lang), "int"),
        ExportColumn("interactions", t("col_interactions", lang), "int"),
        ExportColumn("engagement_rate", t("col_engagement_rate", lang), "pct"),
        ExportColumn("ctr", t("col_ctr", lang), "pct"),
        ExportColumn("permalink", t("col_link", lang)),
    ]


def post_export_rows(items: list[dict], lang: str, zone: ZoneInfo) -> list[dict]:
    """One dict per ``listings.post_rows`` item, with the columns of ``post_columns``."""
    rows = []
    for item in items:
        post = item["post"]
        rows.append(
            {
                "id": post.id,
                "label": post.label or post.external_id,
                "text": post.text,
                "platform": t("platform_" + post.platform.value, lang),
                "kind": t("kind_" + post.kind.value, lang),
                "published": post.published_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                "boosted": t("yes" if post.is_boosted else "no", lang),
                "reach": item["values"].get("reach"),
                "interactions": item["interactions"],
                "engagement_rate": item["engagement_rate"],
                "ctr": item["ctr"],
                "permalink": post.permalink,
            }
        )
    return rows


def posts_download(items: list[dict], *, fmt: str, lang: str, zone: ZoneInfo) -> Response:
    rows = post_export_rows(items, lang, zone)
    body = _write(fmt, t("sheet.posts_list", lang), post_columns(lang), rows)
    return _response(body, fmt, "publicaciones" if lang == "es" else "posts")


def proposal_columns(lang: str) -> list[ExportColumn]:
    return [
        ExportColumn("id", t("col_id", lang), "int"),
        ExportColumn("text", t("col_proposal", lang)),
        ExportColumn("theme", t("col_theme", lang)),
        ExportColumn("channel", t("col_channel", lang)),
        ExportColumn("received", t("col_received", lang), "date"),
        ExportColumn("status", t("col_status", lang)),
        ExportColumn("institution", t("col_institution", lang)),
        ExportColumn("due", t("col_due", lang), "date"),
    ]


def proposals_download(items: list, *, fmt: str, lang: str, zone: ZoneInfo) -> Response:
    rows = [
        {
            "id": p.id,
            "text": p.title or p.summary or p.text,
            "theme": p.theme.name(lang) if p.theme else None,
            "channel": t("channel_" + p.channel.value, lang),
            "received": p.received_at.astimezone(zone).date(),
            "status": t("proposal_" + p.status.value, lang),
            "institution": (p.institution.acronym or p.institution.name) if p.institution else None,
            "due": p.answer_due_on,
        }
        for p in items
    ]
    body = _write(fmt, t("sheet.proposals_list", lang), proposal_columns(lang), rows)
    return _response(body, fmt, "propuestas" if lang == "es" else "proposals")
