"""Proposals and answers from CSV and XLSX files, through the CLI, on both backends."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from pulso.cli.demo_run import sample_path
from pulso.collectors.proposals_file import read_proposals
from pulso.collectors.tabular import parse_bool, parse_date
from pulso.db.engine import make_engine, transaction
from pulso.db.models import AuditEvent, Commitment, Person, Proposal, ProposalStatus
from pulso.errors import InputError

SPANISH_CSV = (
    "\ufefffecha,canal,organizacion,remitente,tema,titulo,texto,plantilla\n"
    "2018-06-21,presencial,Red DDHH,Marta López,Derechos humanos,Protección,"
    '"Protección a defensores, con protocolo",sí\n'
    "25/07/2018,correo,FUNDE,ideas@funde.example,transparencia-gasto,Viáticos,"
    "Publicar viáticos; escribir a ideas@funde.example,no\n"
    "25/07/2018,Correo,FUNDE,ideas@funde.example,Spending transparency,Compras,"
    "Portal de compras municipales,NO\n"
    "2018-07-10 15:30,taller,,,Educación,,Becas rurales,\n"
)


def _env(url):
    return {"PULSO_DATABASE_URL": url}


@pytest.fixture
def loaded(cli, migrated_url):
    code, _, err = cli(
        ["consultation", "load", str(sample_path("consultation_2018.json"))], _env(migrated_url)
    )
    assert code == 0, err
    return migrated_url


def _count(url, model=Proposal):
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            return session.scalar(select(func.count()).select_from(model))
    finally:
        engine.dispose()


def test_spanish_csv_is_imported_once(monkeypatch, cli, loaded, tmp_path):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    path = tmp_path / "propuestas.csv"
    path.write_text(SPANISH_CSV, encoding="utf-8")
    code, out, err = cli(
        ["import", "proposals", str(path), "--consultation", "pan-2018-2020"], _env(loaded)
    )
    assert code == 0, err
    assert "4 rows, 4 new proposals" in out
    code, out, _ = cli(["import", "proposals", str(path)], _env(loaded))  # only one consultation
    assert code == 0 and "0 new proposals, 4 already imported" in out
    engine = make_engine(loaded)
    try:
        with transaction(engine) as session:
            rows = session.scalars(select(Proposal).order_by(Proposal.source_row)).all()
            assert [
                (p.source_key, p.channel.value, p.theme.slug if p.theme else None, p.in_template)
                for p in rows
            ] == [
                ("file:propuestas.csv:row:2", "in_person", "derechos-humanos", True),
                ("file:propuestas.csv:row:3", "email", "transparencia-gasto", False),
                ("file:propuestas.csv:row:4", "email", "transparencia-gasto", False),
                ("file:propuestas.csv:row:5", "workshop", "educacion", False),
            ]
            # A bare date is midday in El Salvador; a time is local time there.
            assert rows[0].received_at == dt.datetime(2018, 6, 21, 18, tzinfo=dt.UTC)
            assert rows[3].received_at == dt.datetime(2018, 7, 10, 21, 30, tzinfo=dt.UTC)
            assert "ideas@funde.example" not in rows[1].text and "[email]" in rows[1].text
            # FUNDE's two e-mails are one person; the workshop row has no submitter.
            assert rows[1].submitters[0].id == rows[2].submitters[0].id
            assert rows[1].submitters[0].organisation == "FUNDE" and rows[3].submitters == []
            assert session.scalar(select(func.count()).select_from(Person)) == 2
    finally:
        engine.dispose()


def test_xlsx_with_template_fields_and_ids(monkeypatch, cli, loaded, tmp_path):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    path = tmp_path / "icefi.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "ID",
            "Fecha",
            "Canal",
            "Organización",
            "Tema",
            "Título",
            "Propuesta",
            "Plantilla",
            "Problema",
            "Hitos",
            "Presupuesto estimado",
        ]
    )
    sheet.append(
        [
            "ICEFI-1",
            dt.datetime(2018, 7, 27, 9, 0),
            "correo",
            "ICEFI",
            "fiscalidad-integral",
            "Gasto tributario",
            "Publicar el gasto tributario anual",
            "Sí",
            "Opacidad de exenciones",
            "Informe anual",
            15000,
        ]
    )
    sheet.append([None] * 11)  # blank rows are skipped
    sheet.append(
        [
            "ICEFI-2",
            dt.date(2018, 7, 27),
            "email",
            "ICEFI",
            "Fiscalidad integral",
            None,
            "Presupuesto ciudadano",
            1,
            None,
            None,
            None,
        ]
    )
    book.save(path)
    code, out, err = cli(["import", "proposals", str(path)], _env(loaded))
    assert code == 0, err
    assert "2 new proposals" in out
    engine = make_engine(loaded)
    try:
        with transaction(engine) as session:
            first, second = session.scalars(select(Proposal).order_by(Proposal.id)).all()
            assert first.source_key == "file:icefi.xlsx:id:ICEFI-1" and first.source_row == 2
            assert first.template_fields == {
                "problem": "Opacidad de exenciones",
                "milestones": "Informe anual",
                "Presupuesto estimado": "15000",
            }
            assert first.in_template and second.in_template and second.source_row == 4
            assert first.received_at == dt.datetime(2018, 7, 27, 15, tzinfo=dt.UTC)
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("2018-06-21,correo,,,salud,,", "line 3, field 'texto': empty; this column is required"),
        ("2018-06-21,fax,,,salud,,Texto", "line 3, field 'canal': unknown channel 'fax'"),
        ("21 de junio,correo,,,salud,,Texto", "line 3, field 'fecha': '21 de junio' is not a date"),
        ("2018-06-21,correo,,,deportes,,Texto", "line 3, field 'tema': unknown theme 'deportes'"),
        (
            "2018-06-21,correo,,,salud,quizá,Texto",
            "line 3, field 'plantilla': 'quizá' is not yes/no",
        ),
    ],
)
def test_a_bad_csv_row_writes_nothing(cli, loaded, tmp_path, row, expected):
    path = tmp_path / "malo.csv"
    header = "fecha,canal,organizacion,remitente,tema,plantilla,texto\n"
    path.write_text(
        header + "2018-06-21,correo,,,salud,,Una propuesta válida\n" + row + "\n", encoding="utf-8"
    )
    code, _, err = cli(["import", "proposals", str(path), "--lang", "en"], _env(loaded))
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"error: {path}, ") and expected in err
    assert _count(loaded) == 0 and _count(loaded, Person) == 0


def test_bad_xlsx_row_and_missing_column(cli, loaded, tmp_path):
    path = tmp_path / "taller.xlsx"
    book = Workbook()
    book.active.append(["fecha", "canal", "texto"])
    book.active.append([dt.date(2018, 7, 5), "taller", "Idea uno"])
    book.active.append(["ayer", "taller", "Idea dos"])
    book.save(path)
    code, _, err = cli(["import", "proposals", str(path)], _env(loaded))
    assert code == 1 and f"{path}, línea 3, campo 'fecha': fecha no válida" in err
    assert _count(loaded) == 0
    code, _, err = cli(["import", "proposals", str(path), "--lang", "en"], _env(loaded))
    assert code == 1 and f"{path}, line 3, field 'fecha'" in err and _count(loaded) == 0
    missing = tmp_path / "sin_texto.csv"
    missing.write_text("fecha,canal\n2018-07-05,taller\n", encoding="utf-8")
    code, _, err = cli(["import", "proposals", str(missing)], _env(loaded))
    assert code == 1 and "línea 1, campo 'text': columna obligatoria ausente (texto | text" in err
    code, _, err = cli(["import", "proposals", str(missing), "--lang", "en"], _env(loaded))
    assert code == 1 and "line 1, field 'text': missing column (texto | text" in err


def test_template(cli, tmp_path):
    code, out, _ = cli(["import", "proposals", "--template"])
    assert code == 0 and "remitente" in out and "plantilla" in out
    for name in ("plantilla.csv", "plantilla.xlsx"):
        target = tmp_path / name
        assert cli(["import", "proposals", "--template", str(target)])[0] == 0
        # The template is itself a valid, empty proposals file.
        assert read_proposals(target, timezone=dt.UTC).rows == []


def test_semicolon_csv_and_non_utf8(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text(
        "Fecha;Canal;Texto;Id\n2018-07-01;Web;Algo;A\n2018-07-02;web;Otro;A\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="line 3, field 'Id': id 'A' already used in row 2"):
        read_proposals(path, timezone=dt.UTC)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("fecha,canal,texto\n2018-07-01,web,Educaci\u00f3n\n".encode("latin-1"))
    with pytest.raises(InputError, match="line 2: not UTF-8"):
        read_proposals(latin, timezone=dt.UTC)


ANSWERS_HEADER = (
    "propuesta,decisión,justificación,acción,indicador,línea base,meta,responsable,"
    "inicio,fin,hitos\n"
)


def _answers(tmp_path: Path, ids, rows: list[str]) -> Path:
    path = tmp_path / "respuestas.csv"
    path.write_text(
        ANSWERS_HEADER + "\n".join(r.format(*ids) for r in rows) + "\n", encoding="utf-8"
    )
    return path


def test_answers_import(monkeypatch, cli, loaded, tmp_path):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    source = tmp_path / "p.csv"
    source.write_text(SPANISH_CSV, encoding="utf-8")
    assert cli(["import", "proposals", str(source)], _env(loaded))[0] == 0
    engine = make_engine(loaded)
    with transaction(engine) as session:
        ids = session.scalars(select(Proposal.id).order_by(Proposal.id)).all()
    engine.dispose()
    good = [
        "{0},Aceptada,,Protocolo de protección,Protocolo aprobado,No existe,Protocolo vigente,"
        "SPTA,2018-10-01,2019-06-30,Borrador en enero",
        "{1},rechazada,Ya se publican en el portal de transparencia,,,,,,,,",
    ]
    path = _answers(tmp_path, ids, good)
    code, out, err = cli(["import", "answers", str(path), "--actor", "spta"], _env(loaded))
    assert code == 0, err
    assert "1 accepted, 1 rejected, 0 unchanged" in out
    code, out, _ = cli(["import", "answers", str(path)], _env(loaded))
    assert "0 accepted, 0 rejected, 2 unchanged" in out
    assert _count(loaded, Commitment) == 1
    events = _count(loaded, AuditEvent)

    bad_cases = [
        ("{2},rechazada,,,,,,,,,", "field 'justificación': a rejection needs a justification"),
        (
            "{2},aceptada,,Acción,Indicador,0,10,MH,2018-10-01,2019-01-01,",
            "field 'hitos': empty; every SMART field is required",
        ),
        (
            "{2},aceptada,,Acción,Indicador,0,10,MH,2019-10-01,2019-01-01,Hitos",
            "field 'fin': ends before it starts",
        ),
        ("{2},tal vez,,,,,,,,,", "field 'decisión': 'tal vez' is not a decision"),
        ("999,rechazada,No,,,,,,,,", "field 'propuesta': no proposal 999 in pan-2018-2020"),
    ]
    for row, expected in bad_cases:
        path = _answers(tmp_path, ids, ["{3},rechazada,Duplicada de otra,,,,,,,,", row])
        code, _, err = cli(["import", "answers", str(path)], _env(loaded))
        assert code == 1, row
        assert len(err.strip().splitlines()) == 1 and f"{path}, line 3, {expected}" in err, err
    # Nothing of the bad files was written (the valid first row neither).
    engine = make_engine(loaded)
    with transaction(engine) as session:
        statuses = session.scalars(select(Proposal.status).order_by(Proposal.id)).all()
    engine.dispose()
    assert statuses == [
        ProposalStatus.ACCEPTED,
        ProposalStatus.REJECTED,
        ProposalStatus.RECEIVED,
        ProposalStatus.RECEIVED,
    ]
    assert _count(loaded, AuditEvent) == events


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-07-25", dt.date(2018, 7, 25)),
        ("25/07/2018", dt.date(2018, 7, 25)),
        ("25 de julio de 2018", dt.date(2018, 7, 25)),
        ("3 Junio 2018", dt.date(2018, 6, 3)),
        (dt.datetime(2018, 7, 25, 9), dt.date(2018, 7, 25)),
    ],
)
def test_dates_people_write(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2018", "21 de juno de 2018", "julio", "2018"])
def test_dates_that_are_not(value):
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Sí", True),
        ("si", True),
        ("YES", True),
        (1, True),
        ("x", True),
        (None, False),
        ("No", False),
        ("false", False),
        (0, False),
    ],
)
def test_yes_no(value, expected):
    assert parse_bool(value) is expected
