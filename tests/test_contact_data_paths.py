"""Contact data written by citizens never reaches the database nor the consultation report,
whichever way their text enters Pulso: a comment from any platform (the writer), the Disqus
API and XML export, a proposals file (text, title, organisation, template answers), a
comment confirmed as a proposal with a summary the reviewer typed; on both backends."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import inspect, select, text

from pulso.cli.demo_run import sample_path
from pulso.consultation.review import decide
from pulso.db.engine import make_engine, transaction
from pulso.db.models import Comment, Proposal
from pulso.db.writer import Writer
from pulso.records import CommentRecord, Page, PostRecord
from pulso.sandbox.fake_disqus import FakeDisqus

SECRET = "contact-data-secret-5b1e"
KEY = "test-disqus-key"
UTC = dt.UTC

# One of each form, and what must be found nowhere afterwards.
CONTACT = (
    "escríbanme a ana.perez@correo.example, al +503 7012-3456, al 7012 3456 o al "
    "(503) 2222-3333; mi IP es 2001:db8::1 (antes 200.85.1.9, fe80::1%eth0)"
)
FORBIDDEN = [
    "ana.perez@correo.example",
    "7012-3456",
    "7012 3456",
    "2222-3333",
    "2001:db8::1",
    "200.85.1.9",
    "fe80::1",
    "luis@correo.example",
]

EXPORT = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="71">
    <id>agua</id><forum>consulta-aga</forum>
    <link>https://gobiernoabierto.example/consulta/agua</link>
    <title>Agua</title><createdAt>2018-06-18T14:00:00Z</createdAt>
  </thread>
  <post dsq:id="901">
    <message><![CDATA[<p>Agua potable en cada escuela (export): CONTACT</p>]]></message>
    <createdAt>2018-06-20T15:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><email>luis@correo.example</email><name>luis@correo.example</name>
      <isAnonymous>false</isAnonymous><username>luis_sv</username></author>
    <ipAddress>200.85.1.9</ipAddress><thread dsq:id="71"/>
  </post>
</disqus>
""".replace("CONTACT", CONTACT)


def _env(url, **extra):
    return {"PULSO_DATABASE_URL": url, "PULSO_AUTHOR_KEY_SECRET": SECRET, **extra}


@pytest.fixture
def consultation(cli, migrated_url, tmp_path):
    data = json.loads(sample_path("consultation_2018.json").read_text(encoding="utf-8"))
    data["disqus_threads"] = [
        {"theme": "medio-ambiente", "link": "https://gobiernoabierto.example/consulta/agua"},
        {"theme": "medio-ambiente", "title": "Agua por API"},
    ]
    path = tmp_path / "consulta.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = cli(["consultation", "load", str(path)], _env(migrated_url))
    assert code == 0, err
    return migrated_url


def _proposals_file(path):
    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "Fecha", "Canal", "Organización", "Tema", "Título", "Propuesta",
                  "Plantilla", "Problema", "Hitos"])  # fmt: skip
    sheet.append(["F-1", dt.datetime(2018, 7, 2, 9), "correo", "Red (tel. 70123456)",
                  "medio-ambiente", "Título: llamar al +503 7012-3456",
                  f"Reciclaje en los mercados (archivo): {CONTACT}", "Sí",
                  f"Problema: {CONTACT}", "Hitos: ana.perez@correo.example"])  # fmt: skip
    book.save(path)


def _everything_stored(session) -> str:
    """Every value of every table, as text."""
    names = inspect(session.connection()).get_table_names()
    return "\n".join(
        str(value)
        for table in names
        if table != "alembic_version"
        for row in session.execute(text(f'SELECT * FROM "{table}"'))
        for value in row
    )


def _report_texts(folder) -> str:
    out = []
    for path in folder.iterdir():
        if path.suffix == ".xlsx":
            book = load_workbook(path)
            out.extend(
                str(cell) for sheet in book for row in sheet.iter_rows(values_only=True)
                for cell in row if cell is not None
            )  # fmt: skip
        else:
            out.append(path.read_text(encoding="utf-8-sig"))
    return "\n".join(out)


def test_contact_data_is_stored_nowhere_whichever_way_it_comes(
    monkeypatch, cli, consultation, tmp_path
):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    url = consultation
    # 1. The Disqus XML export.
    export = tmp_path / "export.xml"
    export.write_text(EXPORT, encoding="utf-8")
    code, out, err = cli(["import", "disqus-export", str(export)], _env(url))
    assert code == 0 and "1 new proposals" in out, err
    # 2. The Disqus API.
    fake = FakeDisqus(forum="consulta-aga", api_keys=(KEY,))
    start = dt.datetime(2018, 6, 19, 15)
    fake.add_thread(
        "500", title="Agua por API", link="https://consulta.example/a", created_at=start
    )
    fake.add_post(
        "5000",
        thread="500",
        message=f"Agua de lluvia (API): {CONTACT}",
        created_at=start,
        username="marta",
        author_name="marta@correo.example",
    )
    with fake:
        code, out, err = cli(
            ["collect", "disqus"],
            _env(
                url,
                PULSO_DISQUS_API_URL=fake.api_url,
                PULSO_DISQUS_API_KEY=KEY,
                PULSO_DISQUS_FORUM="consulta-aga",
            ),
        )
    assert code == 0 and "1 new proposals" in out, err
    # 3. A proposals file: text, title, organisation and the template's answers.
    proposals = tmp_path / "propuestas.xlsx"
    _proposals_file(proposals)
    code, out, err = cli(["import", "proposals", str(proposals)], _env(url))
    assert code == 0 and "1 new proposals" in out, err
    # 4. Comments from Facebook and X, through the one writer every collector and importer
    # uses; 5. one of them confirmed as a proposal, with a summary the reviewer typed.
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            writer = Writer(author_secret=SECRET)
            records = []
            for platform in ("facebook", "x"):
                records += [
                    PostRecord(platform, f"{platform}-post", dt.datetime(2018, 6, 20, tzinfo=UTC)),
                    CommentRecord(
                        platform,
                        f"{platform}-comment",
                        dt.datetime(2018, 6, 21, tzinfo=UTC),
                        text=f"Bosques urbanos ({platform}): {CONTACT}",
                        post_external_id=f"{platform}-post",
                        author_identity=f"{platform}-user-1",
                        author_name="Ana +503 7012-3456",
                    ),
                ]
            writer.write_page(Page(records=records), session=session)
            comment = session.scalar(select(Comment).where(Comment.external_id == "x-comment"))
            decide(
                session,
                comment_id=comment.id,
                action="confirm",
                reviewer="revisora",
                theme="medio-ambiente",
                summary=f"Resumen: pide bosques; contacto {CONTACT}",
                consultation="pan-2018-2020",
            )
        with transaction(engine) as session:
            texts = session.scalars(select(Proposal.text)).all()
            assert len(texts) == 4
            stored = _everything_stored(session)
    finally:
        engine.dispose()
    for secret in FORBIDDEN:
        assert secret not in stored, secret
    # What was around the contact data is kept, and each form left its mark.
    for kept in ("(export)", "(API)", "(archivo)", "(facebook)", "(x)", "Resumen: pide bosques"):
        assert kept in stored, kept
    assert stored.count("[phone]") >= 10 and "[email]" in stored and "[ip]" in stored

    # The consultation report, with its annex, in every format that carries the texts.
    out_dir = tmp_path / "reports"
    formats = ["--format", "csv", "--format", "json", "--format", "xlsx"]
    code, _, err = cli(
        [
            "report",
            "consultation",
            "--consultation",
            "pan-2018-2020",
            *formats,
            "--out",
            str(out_dir),
        ],
        _env(url),
    )
    assert code == 0, err
    report = _report_texts(out_dir)
    assert "Reciclaje en los mercados" in report and "[phone]" in report
    for secret in FORBIDDEN:
        assert secret not in report, secret
