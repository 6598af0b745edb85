"""Proposals and institutions' answers from spreadsheets (CSV or XLSX).

``read_proposals`` parses a file of proposals received by e-mail, in person or in a workshop;
``read_answers`` parses the sheet an institution fills in with its answers. Both check every
row and raise ``InputError`` naming file, row and column at the first bad cell; they touch
no database (``db.store_files`` stores what they return, in one transaction).

Column names are matched case- and accent-insensitively; ``PROPOSAL_COLUMNS`` and
``ANSWER_COLUMNS`` list the accepted names (Spanish and English).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pulso.collectors.cells import check_not_future
from pulso.collectors.tabular import (
    Row,
    Table,
    normalise_header,
    parse_bool,
    parse_date,
    parse_datetime,
    read_table,
    text_value,
)
from pulso.errors import KeyedValueError
from pulso.privacy import scrub_contact_data

# field -> accepted column names (the first is the one the template uses)
PROPOSAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("fecha", "date", "fecha de recepcion", "received"),
    "channel": ("canal", "channel", "via", "medio"),
    "organisation": ("organizacion", "organisation", "organization", "institucion remitente"),
    "submitter": ("remitente", "submitter", "persona", "person", "nombre", "name", "autor"),
    "theme": ("tema", "theme", "tematica", "eje", "eje tematico"),
    "title": ("titulo", "title", "nombre de la propuesta"),
    "text": ("texto", "text", "propuesta", "proposal", "descripcion de la propuesta", "idea"),
    "template": ("plantilla", "template", "en plantilla", "formato oficial"),
    "id": ("id", "clave", "key", "codigo", "code"),
}

# Fields of the official commitment template, kept in ``Proposal.template_fields``.
TEMPLATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "problem": ("problema", "problem", "problematica"),
    "objective": ("objetivo", "objective", "objetivo general"),
    "commitment": ("compromiso", "commitment", "descripcion del compromiso"),
    "ogp_values": ("valores aga", "ogp values", "relevancia", "relevance"),
    "responsible_institution": ("institucion responsable", "responsible institution"),
    "milestones": ("hitos", "milestones", "actividades"),
    "starts_on": ("fecha de inicio", "inicio", "start date"),
    "ends_on": ("fecha de fin", "fin", "end date", "fecha de finalizacion"),
}

ANSWER_COLUMNS: dict[str, tuple[str, ...]] = {
    "proposal": ("propuesta", "proposal", "id", "id propuesta", "proposal id", "numero"),
    "decision": ("decision", "respuesta", "answer", "estado", "status"),
    "justification": ("justificacion", "justification", "motivo", "razon", "reason"),
    "action": ("accion", "action", "compromiso", "commitment"),
    "indicator": ("indicador", "indicator"),
    "baseline": ("linea base", "linea de base", "baseline"),
    "target": ("meta", "target", "objetivo"),
    "responsible": ("responsable", "responsible"),
    "starts_on": ("inicio", "start", "fecha de inicio", "fecha inicio", "starts on"),
    "ends_on": ("fin", "end", "fecha de fin", "fecha fin", "ends on"),
    "milestones": ("hitos", "milestones"),
}

CHANNELS = {
    "email": ("email", "e-mail", "correo", "correo electronico", "mail"),
    "in_person": ("in_person", "in person", "presencial", "en persona", "entrega"),
    "workshop": ("workshop", "taller"),
    "web": ("web", "sitio web", "disqus"),
    "facebook": ("facebook",),
    "x": ("x", "twitter"),
    "other": ("other", "otro", "otra"),
}
_CHANNEL_LOOKUP = {normalise_header(a): ch for ch, names in CHANNELS.items() for a in names}

DECISIONS = {
    "accepted": ("accepted", "accept", "aceptada", "aceptado", "acepta", "aprobada", "si", "yes"),
    "rejected": ("rejected", "reject", "rechazada", "rechazado", "rechaza", "no"),
}
_DECISION_LOOKUP = {normalise_header(a): d for d, names in DECISIONS.items() for a in names}
SMART_FIELDS = (
    "action", "indicator", "baseline", "target", "responsible", "starts_on", "ends_on",
    "milestones",
)  # fmt: skip
_ANSWER_FIELDS = ("justification", *SMART_FIELDS)  # what only an answer fills in


@dataclass(frozen=True)
class ProposalRow:
    row: Row
    received_at: dt.datetime
    channel: str
    text: str
    title: str | None
    theme: str | None  # as written: resolved against the consultation's themes when stored
    organisation: str | None
    submitter: str | None  # raw identity, hashed when stored, never kept
    in_template: bool
    row_key: str | None
    template_fields: dict[str, Any] | None


@dataclass
class ProposalsFile:
    table: Table
    rows: list[ProposalRow] = field(default_factory=list)

    @property
    def name(self) -> str:
        return Path(self.table.path).name


@dataclass(frozen=True)
class AnswerRow:
    row: Row
    proposal_id: int
    decision: str  # "accepted" | "rejected"
    justification: str | None
    commitment: dict[str, Any] | None  # SMART fields when accepted


@dataclass
class AnswersFile:
    table: Table
    rows: list[AnswerRow] = field(default_factory=list)
    # Rows of the sheet the institution has not answered yet (no decision, nothing else
    # filled in): skipped, so a sheet can be sent back as it is being filled.
    pending: list[int] = field(default_factory=list)


def _cell(table: Table, row: Row, name: str, parse):
    value = row.values.get(name)
    if value is None:
        return None
    try:
        return parse(value)
    except ValueError as exc:
        raise table.bad_value(exc, row, name) from None


def read_proposals(
    path: str | Path, *, timezone: dt.tzinfo, now: dt.datetime | None = None
) -> ProposalsFile:
    """Parse and check a proposals file. Dates without a zone are local to ``timezone``;
    a date more than a day after ``now`` is refused (whether it falls within the
    consultation's dates is the store's check: ``consultation.files``)."""
    now = now or dt.datetime.now(dt.UTC)
    table = read_table(
        path, {**PROPOSAL_COLUMNS, **TEMPLATE_COLUMNS}, required=("date", "channel", "text")
    )
    result = ProposalsFile(table)
    seen_ids: dict[str, int] = {}
    for row in table.rows:
        for required in ("date", "channel", "text"):
            if row.values.get(required) is None:
                raise table.error("err.proposals.required", row, required)
        channel = _CHANNEL_LOOKUP.get(normalise_header(row.values["channel"]))
        if channel is None:
            raise table.error(
                "err.proposals.unknown_channel", row, "channel", value=row.values["channel"]
            )
        row_key = _cell(table, row, "id", text_value)
        if row_key is not None:
            if row_key in seen_ids:
                raise table.error(
                    "err.proposals.id_used", row, "id", id=row_key, earlier=seen_ids[row_key]
                )
            seen_ids[row_key] = row.number
        template = {
            key: text_value(row.values.get(key))
            for key in TEMPLATE_COLUMNS
            if row.values.get(key) is not None
        }
        # Unrecognised columns of the official template are kept under their own header.
        template.update({k: text_value(v) for k, v in row.extra.items()})
        result.rows.append(
            ProposalRow(
                row=row,
                received_at=_cell(
                    table,
                    row,
                    "date",
                    lambda v: check_not_future(parse_datetime(v, timezone), now=now),
                ),
                channel=channel,
                text=scrub_contact_data(text_value(row.values["text"]) or ""),
                title=_scrub(text_value(row.values.get("title"))),
                theme=text_value(row.values.get("theme")),
                organisation=text_value(row.values.get("organisation")),
                submitter=text_value(row.values.get("submitter")),
                in_template=bool(_cell(table, row, "template", parse_bool)),
                row_key=row_key,
                template_fields={k: _scrub(v) for k, v in template.items()} or None,
            )
        )
    return result


def _scrub(value: str | None) -> str | None:
    return scrub_contact_data(value) if value else value


def read_answers(path: str | Path) -> AnswersFile:
    """Parse and check an institution's answers sheet (one row per proposal)."""
    table = read_table(path, ANSWER_COLUMNS, required=("proposal", "decision"))
    result = AnswersFile(table)
    seen: dict[int, int] = {}
    for row in table.rows:
        if row.values.get("proposal") is None:
            raise table.error("err.answers.proposal_empty", row, "proposal")
        proposal_id = _cell(table, row, "proposal", _proposal_id)
        if proposal_id in seen:
            raise table.error(
                "err.answers.already_answered",
                row,
                "proposal",
                id=proposal_id,
                earlier=seen[proposal_id],
            )
        seen[proposal_id] = row.number
        decision_text = row.values.get("decision")
        if decision_text is None:
            if all(row.values.get(name) is None for name in _ANSWER_FIELDS):
                result.pending.append(proposal_id)
                continue
            raise table.error("err.answers.decision_missing", row, "decision")
        decision = _DECISION_LOOKUP.get(normalise_header(decision_text)) if decision_text else None
        if decision is None:
            raise table.error("err.answers.not_a_decision", row, "decision", value=decision_text)
        justification = text_value(row.values.get("justification"))
        commitment = None
        if decision == "rejected" and not justification:
            raise table.error("err.answers.rejection_needs_justification", row, "justification")
        if decision == "accepted":
            commitment = {}
            for name in SMART_FIELDS:
                if name not in table.columns:
                    raise table.error(
                        "err.answers.smart_column", row, name, column=ANSWER_COLUMNS[name][0]
                    )
                if row.values.get(name) is None:
                    raise table.error("err.answers.smart_empty", row, name)
                parse = parse_date if name in ("starts_on", "ends_on") else text_value
                commitment[name] = _cell(table, row, name, parse)
            if commitment["ends_on"] < commitment["starts_on"]:
                raise table.error("err.answers.ends_before_start", row, "ends_on")
        result.rows.append(AnswerRow(row, proposal_id, decision, justification, commitment))
    return result


def _proposal_id(value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip().lstrip("#")
    if not text.isdigit():
        raise KeyedValueError("err.answers.not_a_proposal_number", value=value)
    return int(text)


# --------------------------------------------------------------------------------------
# The template
# --------------------------------------------------------------------------------------

TEMPLATE_HELP = {  # column -> "Spanish | English" help; the order of the template
    "fecha": "fecha de recepción: 2018-07-25 o 25/07/2018 (obligatoria) | date received",
    "canal": "correo, presencial, taller, web u otro (obligatorio) | email, in_person, workshop",
    "organizacion": "organización que la presenta | submitting organisation",
    "remitente": "persona o correo de quien la envía; se guarda solo como clave cifrada | "
    "submitter; stored only as a keyed hash",
    "tema": "temática: identificador o nombre (Medio ambiente, salud...) | theme slug or name",
    "titulo": "título breve | short title",
    "texto": "la propuesta (obligatoria) | the proposal (required)",
    "plantilla": "sí/no: llegó en la plantilla oficial | yes/no: came in the official template",
    "id": "clave estable de la fila (opcional; si falta, se usa archivo + fila) | stable row key",
    "problema": "plantilla oficial: problema que atiende | official template: problem",
    "objetivo": "plantilla oficial: objetivo | objective",
    "compromiso": "plantilla oficial: descripción del compromiso | commitment",
    "valores aga": "plantilla oficial: transparencia, participación... | OGP values",
    "institucion responsable": "plantilla oficial: institución responsable | institution",
    "hitos": "plantilla oficial: hitos | milestones",
    "fecha de inicio": "plantilla oficial: inicio | start date",
    "fecha de fin": "plantilla oficial: fin | end date",
}


def template_help() -> str:
    width = max(len(k) for k in TEMPLATE_HELP)
    lines = ["Columnas del archivo de propuestas | proposals file columns:"]
    lines += [f"  {name.ljust(width)}  {text}" for name, text in TEMPLATE_HELP.items()]
    lines.append("Los nombres de columna no distinguen mayúsculas ni tildes; también en inglés.")
    return "\n".join(lines)


def write_template(path: str | Path) -> Path:
    """Write an empty proposals file with every column (CSV, or XLSX with a help sheet)."""
    path = Path(path)
    headers = list(TEMPLATE_HELP)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "propuestas"
        sheet.append(headers)
        help_sheet = workbook.create_sheet("columnas")
        help_sheet.append(["columna", "significado"])
        for name, text in TEMPLATE_HELP.items():
            help_sheet.append([name, text])
        workbook.save(path)
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerow(headers)
    return path


ANSWER_SHEET_INFO = ("tema", "titulo", "texto", "fecha limite")


def write_answer_sheet(path: str | Path, proposals: list[dict[str, Any]]) -> Path:
    """An XLSX (or CSV) for an institution: one row per proposal routed to it, with the
    answer columns to fill in. ``proposals``: dicts with id, theme, title, text, due_on.
    ``read_answers`` reads it back (the informational columns are ignored)."""
    path = Path(path)
    answer_headers = [names[0] for names in ANSWER_COLUMNS.values()]
    answer_headers[:2] = ["propuesta", "decision"]
    headers = [answer_headers[0], *ANSWER_SHEET_INFO, *answer_headers[1:]]
    rows = [
        [p["id"], p.get("theme") or "", p.get("title") or "", p.get("text") or "",
         p["due_on"].isoformat() if p.get("due_on") else ""]
        + [""] * (len(answer_headers) - 1)
        for p in proposals
    ]  # fmt: skip
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "respuestas"
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        workbook.save(path)
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows(rows)
    return path
