"""HTML rendering: one self-contained file (inline CSS and PNG charts), A4 when printed."""

from __future__ import annotations

import base64
from importlib import resources

from jinja2 import Environment, select_autoescape
from markupsafe import Markup, escape

from pulso.reports.document import Column, Document, display, is_missing
from pulso.reports.pdf import MAX_ROWS, _cut_note

NUMERIC = ("int", "float", "pct", "money", "change")


def _short_link(url: str) -> str:
    text = url.split("://", 1)[-1]
    return text if len(text) <= 34 else text[:33] + "…"


def _cell(lang: str):
    def cell(row: dict, column: Column) -> Markup:
        value = row.get(column.key)
        if column.kind == "link" and not is_missing(value):
            href = str(value)
            if href.startswith(("http://", "https://")):
                return Markup('<td class="link"><a href="{0}">{1}</a></td>').format(
                    href, _short_link(href)
                )
            return Markup('<td class="link">{0}</td>').format(href)
        css = ' class="num"' if column.kind in NUMERIC else ""
        text = display(value, column.kind, lang, row.get("currency") or "USD")
        return Markup(f"<td{css}>") + escape(text) + Markup("</td>")

    return cell


def render_html(doc: Document) -> str:
    env = Environment(
        autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True
    )
    template = env.from_string(
        resources.files("pulso.reports")
        .joinpath("templates/report.html")
        .read_text(encoding="utf-8")
    )
    return template.render(
        doc=doc,
        cell=_cell(doc.lang),
        numeric=NUMERIC,
        max_rows=MAX_ROWS,
        cut_note=lambda n: _cut_note(n, doc.lang),
        b64=lambda data: base64.b64encode(data).decode("ascii"),
    )
