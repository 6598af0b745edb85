"""Small presentation rules readers noticed: plurals, chart labels, sheet names, audit
lines in the page's language."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from pulso.consultation.intake import Reason
from pulso.reports import audit
from pulso.reports.tables import _sheet_name
from pulso.reports.text import clicks_note
from pulso.web import charts

UTC = dt.UTC


def test_clicks_note_agrees_in_number():
    assert clicks_note(1, None, "es") == "1 clic"
    assert clicks_note(12, 3, "es") == "12 clics, 3 en el enlace"
    assert clicks_note(1, None, "en") == "1 click"
    assert clicks_note(1_200, 1, "en") == "1,200 clicks, 1 on the link"


def _ticks(svg: str) -> list[str]:
    import re

    return re.findall(r'class="tick" text-anchor="(\w+)">([^<]*)</text>', svg)


def test_a_history_within_one_day_has_one_label_not_two_on_top():
    day = dt.datetime(2026, 11, 23, 10, tzinfo=UTC)
    label = lambda d: d.strftime("%d/%m")  # noqa: E731
    one_day = charts.line_chart(
        [(day, 5), (day + dt.timedelta(hours=3), 8)], label="x", date_label=label
    )
    assert [text for _a, text in _ticks(one_day) if text == "23/11"] == ["23/11"]
    single = charts.line_chart([(day, 5)], label="x", date_label=label)
    assert [(a, text) for a, text in _ticks(single) if text == "23/11"] == [("middle", "23/11")]
    week = charts.line_chart(
        [(day, 5), (day + dt.timedelta(days=6), 8)], label="x", date_label=label
    )
    assert [(a, t) for a, t in _ticks(week) if "/" in t] == [("start", "23/11"), ("end", "29/11")]


def test_sheet_names_are_titles_cut_at_a_word_and_unique():
    used: set[str] = set()
    assert _sheet_name("Alcance pagado por edad y género", used) == "Alcance pagado por edad y…"
    assert _sheet_name("Anexo A. Lista de propuestas", used) == "Anexo A. Lista de propuestas"
    again = _sheet_name("Anexo A. Lista de propuestas", used)
    assert again.startswith("Anexo A. Lista de propuesta") and again.endswith(" (2)")
    assert _sheet_name("Costo: [USD]/día?", used) == "Costo USD día"
    assert all(len(name) <= 31 for name in used)


def _event(action, from_value=None, to_value=None, reason=None):
    key = values = None
    if isinstance(reason, Reason):
        key, values, reason = reason.key, reason.values, reason.text
    return SimpleNamespace(
        at=dt.datetime(2018, 7, 30, tzinfo=UTC), actor="lucia", action=action,
        from_value=from_value, to_value=to_value, reason=reason, reason_key=key,
        reason_values=values,
    )  # fmt: skip


def test_audit_lines_read_in_the_page_language():
    events = [
        _event("created", None, "received",
               Reason("audit_reason_disqus", "top-level post of a mapped Disqus thread")),
        # The key and values say what the reason is, however its English text is worded.
        _event("route", None, "spta",
               Reason("audit_reason_due", "reworded: due 2018-08-31", {"date": "2018-08-31"})),
        _event("merge", "received", "12",
               Reason("audit_reason_duplicate", "duplicate (similarity 0.91)", {"score": "0.91"})),
        _event("status", "received", "rejected", "no corresponde a la consulta"),
        _event("created", None, "received",
               Reason("audit_reason_intake", "intake from email:7", {"source": "email:7"})),
        _event("status", None, None, Reason("no_such_key", "kept as written")),
    ]  # fmt: skip
    es = audit.describe(events, "es", institutions={"spta": "SPTA"})
    assert [(line.action, line.change, line.reason) for line in es] == [
        ("recibida", "— → recibida",
         "publicación principal de un hilo de Disqus asignado a una temática"),
        ("asignación", "— → SPTA", "respuesta debida el 31 de agosto de 2018"),
        ("fusión", "recibida → #12", "duplicada (similitud 0.91)"),
        ("estado", "recibida → no incorporada", "no corresponde a la consulta"),  # typed: as typed
        ("recibida", "— → recibida", "recibida de email:7"),
        ("estado", None, "kept as written"),  # a key the catalogue lacks: the text
    ]  # fmt: skip
    en = audit.describe(events[1:2], "en", institutions={"spta": "SPTA"})
    assert (en[0].action, en[0].reason) == ("routing", "answer due on 31 August 2018")


def test_axis_labels_are_distinct_for_small_and_fractional_values():
    day = dt.datetime(2026, 11, 23, 10, tzinfo=UTC)

    def axis(values):
        points = [(day + dt.timedelta(hours=i), v) for i, v in enumerate(values)]
        svg = charts.line_chart(points, label="x", date_label=lambda d: "d")
        return [text for anchor, text in _ticks(svg) if anchor == "end" and text != "d"]

    assert axis([0, 1]) == ["0", "1", "2", "3", "4"]  # a count of 1: whole steps
    assert axis([0.1, 0.4]) == ["0", "0.25", "0.5", "0.75", "1"]
    assert axis([120, 900]) == ["0", "250", "500", "750", "1,000"]
    assert axis([10, 240]) == ["0", "62.5", "125", "187.5", "250"]


def test_every_canonical_metric_has_a_label_in_both_languages():
    from pulso.i18n import t
    from pulso.metrics import CANONICAL_METRICS

    for metric in CANONICAL_METRICS:
        for lang in ("es", "en"):
            assert t("metric_" + metric, lang) != "metric_" + metric, (metric, lang)
    assert t("metric_reactions_anger", "es") == "Reacciones «Me enoja»"
