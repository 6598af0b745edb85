"""``pulso import disqus-export``: namespaces, spam and deleted posts, privacy, malformed
files; on both backends."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text

from pulso.cli.demo_run import sample_path
from pulso.collectors.disqus.xml_export import ExportReader
from pulso.db.engine import make_engine, transaction
from pulso.db.models import Comment, DisqusThread, Person, Proposal
from pulso.errors import InputError
from pulso.sandbox.fake_disqus import FakeDisqus

EXPORT = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <category dsq:id="1"><forum>consulta-aga</forum><title>General</title>
    <isDefault>true</isDefault></category>
  <thread dsq:id="71">
    <id>salud</id><forum>consulta-aga</forum><category dsq:id="1"/>
    <link>https://gobiernoabierto.example/consulta/salud</link>
    <title>Salud</title><message/><createdAt>2018-06-18T14:00:00Z</createdAt>
    <author><email>admin@spta.example</email><name>SPTA</name><isAnonymous>false</isAnonymous><username>spta</username></author>
    <ipAddress>10.1.2.3</ipAddress><isClosed>false</isClosed><isDeleted>false</isDeleted>
  </thread>
  <thread dsq:id="72">
    <link>https://gobiernoabierto.example/consulta/educacion</link>
    <title>Educación</title><createdAt>2018-06-18T14:05:00Z</createdAt>
  </thread>
  <post dsq:id="901">
    <id/><message><![CDATA[<p>Publicar los tiempos de espera de cada hospital.</p>
<p>Escríbanme a ana@correo.example o al 200.1.1.1</p>]]></message>
    <createdAt>2018-06-20T15:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><email>ana@correo.example</email><name>Ana Pérez</name>
      <isAnonymous>false</isAnonymous><username>ana_sv</username></author>
    <ipAddress>200.85.1.9</ipAddress><thread dsq:id="71"/>
  </post>
  <post dsq:id="902">
    <message><![CDATA[<p>Totalmente de acuerdo &amp; que sea mensual</p>]]></message>
    <createdAt>2018-06-20T16:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><email>luis@correo.example</email><name>Luis</name><isAnonymous>true</isAnonymous></author>
    <ipAddress>200.85.1.10</ipAddress><thread dsq:id="71"/><parent dsq:id="901"/>
  </post>
  <post dsq:id="903">
    <message><![CDATA[<p>Y que incluya las clínicas</p>]]></message>
    <createdAt>2018-06-20T17:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Ana Pérez</name><isAnonymous>false</isAnonymous>
      <username>ana_sv</username></author>
    <thread dsq:id="71"/><parent dsq:id="902"/>
  </post>
  <post dsq:id="904">
    <message><![CDATA[<p>Compre seguidores baratos</p>]]></message>
    <createdAt>2018-06-21T10:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>true</isSpam>
    <author><email>spam@spam.example</email><name>Spam</name><isAnonymous>true</isAnonymous></author>
    <ipAddress>6.6.6.6</ipAddress><thread dsq:id="71"/>
  </post>
  <post dsq:id="905">
    <message><![CDATA[<p>borrado</p>]]></message>
    <createdAt>2018-06-21T11:00:00Z</createdAt><isDeleted>true</isDeleted><isSpam>false</isSpam>
    <author><name>Ana Pérez</name><isAnonymous>false</isAnonymous>
      <username>ana_sv</username></author>
    <thread dsq:id="72"/>
  </post>
  <post dsq:id="906">
    <message><![CDATA[<p>Becas para estudiantes rurales</p>]]></message>
    <createdAt>2018-06-22T09:30:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><email>ana@correo.example</email><name>Ana Pérez</name>
      <isAnonymous>false</isAnonymous><username>ANA_SV</username></author>
    <thread dsq:id="72"/>
  </post>
  <post dsq:id="907">
    <message><![CDATA[<p>Internet en las escuelas</p>]]></message>
    <createdAt>2018-06-22T10:30:00</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Invitado</name><isAnonymous>true</isAnonymous></author>
    <thread dsq:id="72"/>
  </post>
</disqus>
"""


@pytest.fixture
def consultation_file(tmp_path):
    data = json.loads(sample_path("consultation_2018.json").read_text(encoding="utf-8"))
    data["disqus_threads"] = [
        {"theme": "salud", "link": "https://gobiernoabierto.example/consulta/salud/"},
        {"theme": "educacion", "title": "EDUCACION"},
    ]
    path = tmp_path / "consulta.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _env(url):
    return {"PULSO_DATABASE_URL": url}


def test_export_is_imported_once_without_personal_data(
    monkeypatch, cli, migrated_url, tmp_path, consultation_file
):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    assert cli(["consultation", "load", str(consultation_file)], _env(migrated_url))[0] == 0
    export = tmp_path / "consulta-aga-export.xml"
    export.write_text(EXPORT, encoding="utf-8")
    code, out, err = cli(["import", "disqus-export", str(export)], _env(migrated_url))
    assert code == 0, err
    assert (
        "2 threads, 5 posts (3 top-level, 2 replies); skipped 1 spam and 1 deleted; 3 new proposals"
        in out
    )
    code, out, _ = cli(["import", "disqus-export", str(export)], _env(migrated_url))
    assert code == 0 and "0 new proposals" in out
    first_id = cli(["proposals", "list", "--theme", "salud"], _env(migrated_url))[1].split("\t")[0]
    code, out, _ = cli(["proposals", "show", first_id], _env(migrated_url))
    assert "  ↳ 2018-06-20 Totalmente de acuerdo & que sea mensual" in out
    assert "    ↳ 2018-06-20 Y que incluya las clínicas" in out

    engine = make_engine(migrated_url)
    try:
        with transaction(engine) as session:
            assert session.scalar(select(func.count()).select_from(Comment)) == 5
            assert session.scalar(select(func.count()).select_from(DisqusThread)) == 2
            proposals = session.scalars(select(Proposal).order_by(Proposal.received_at)).all()
            assert [(p.source_key, p.theme.slug, p.channel.value) for p in proposals] == [
                ("disqus:post:901", "salud", "web"),
                ("disqus:post:906", "educacion", "web"),
                ("disqus:post:907", "educacion", "web"),
            ]
            assert proposals[0].text.startswith(
                "Publicar los tiempos de espera de cada hospital.\n"
            )
            # ana_sv and ANA_SV are one person; the guest is another; 902's guest sent no proposal.
            assert proposals[0].submitters[0].id == proposals[1].submitters[0].id
            assert session.scalar(select(func.count()).select_from(Person)) == 2
            reply = session.scalar(select(Comment).where(Comment.external_id == "903"))
            parent = session.scalar(select(Comment).where(Comment.external_id == "902"))
            assert (
                reply.parent_id == parent.id
                and parent.text == "Totalmente de acuerdo & que sea mensual"
            )
            assert parent.permalink == "https://gobiernoabierto.example/consulta/salud#comment-902"
            # No e-mail address or IP address anywhere in the database.
            dump = " ".join(
                str(value)
                for table in (
                    "comment",
                    "proposal",
                    "person",
                    "person_identity",
                    "disqus_thread",
                    "audit_event",
                )
                for row in session.execute(text(f"SELECT * FROM {table}"))
                for value in row
            )
            for secret in (
                "ana@correo.example",
                "luis@correo.example",
                "admin@spta.example",
                "200.85.1.9",
                "200.1.1.1",
                "10.1.2.3",
            ):
                assert secret not in dump
            assert "[email]" in proposals[0].text and "[ip]" in proposals[0].text
    finally:
        engine.dispose()


def test_posts_of_unmapped_threads_become_proposals_once_mapped(
    monkeypatch, cli, migrated_url, tmp_path
):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    env = _env(migrated_url)
    assert cli(["consultation", "load", str(sample_path("consultation_2018.json"))], env)[0] == 0
    export = tmp_path / "export.xml"
    export.write_text(EXPORT, encoding="utf-8")
    code, out, _ = cli(["import", "disqus-export", str(export)], env)
    assert "0 new proposals; 2 threads not mapped" in out
    code, out, _ = cli(["consultation", "threads", "pan-2018-2020"], env)
    assert "71\t(unmapped)\t3\tSalud" in out
    code, out, _ = cli(
        ["consultation", "map-thread", "pan-2018-2020", "--theme", "salud", "--title", "salud"], env
    )
    assert code == 0 and "1 new proposals" in out
    code, out, _ = cli(["consultation", "threads", "pan-2018-2020"], env)
    assert "71\tsalud\t3\tSalud" in out
    code, _, err = cli(["consultation", "map-thread", "pan-2018-2020", "--theme", "salud"], env)
    assert code == 1 and "either a thread link or a thread title" in err


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (
            EXPORT.replace("<title>Educación</title>", "<title>Educación</titl>"),
            "line 15: malformed XML: mismatched tag",
        ),
        (
            EXPORT.replace("<createdAt>2018-06-22T09:30:00Z</createdAt>", ""),
            "line 51, field 'createdAt': not a date: None",
        ),
        (
            EXPORT.replace(
                "<createdAt>2018-06-20T16:00:00Z</createdAt>", "<createdAt>ayer</createdAt>"
            ),
            "line 25, field 'createdAt': not a date: 'ayer'",
        ),
        (
            EXPORT.replace(
                '<thread dsq:id="72"/>\n  </post>\n  <post dsq:id="907">',
                '</post>\n  <post dsq:id="907">',
            ),
            "line 51, field 'thread': post 906 has no thread",
        ),
        (EXPORT.replace("</disqus>", ""), "malformed XML: no element found"),
        ("<rss><channel/></rss>", "line 1: not a Disqus export"),
        ("", "malformed XML"),
    ],
)
def test_malformed_exports_are_refused_with_file_and_line(
    cli, migrated_url, tmp_path, broken, expected
):
    assert (
        cli(
            ["consultation", "load", str(sample_path("consultation_2018.json"))], _env(migrated_url)
        )[0]
        == 0
    )
    export = tmp_path / "roto.xml"
    export.write_text(broken, encoding="utf-8")
    env = {**_env(migrated_url), "PULSO_LANGUAGE": "en"}  # the English reasons
    code, _, err = cli(["import", "disqus-export", str(export)], env)
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert err.startswith(f"error: {export}") and expected in err, err
    engine = make_engine(migrated_url)
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == 0
    engine.dispose()


def test_reader_streams_in_pages_and_the_fake_serves_an_export(tmp_path):
    export = tmp_path / "e.xml"
    export.write_text(EXPORT, encoding="utf-8")
    reader = ExportReader(export, chunk=3)
    pages = list(reader.pages())
    assert [len(p.records) for p in pages] == [3, 3, 1]
    assert (reader.summary.skipped_spam, reader.summary.skipped_deleted) == (1, 1)
    fake = FakeDisqus()
    fake.load_export(export)
    assert sorted(fake.threads) == ["71", "72"] and len(fake.posts) == 5
    assert fake.posts["902"]["author"]["isAnonymous"] is True and fake.posts["902"]["parent"] == 901
    with pytest.raises(InputError, match="cannot read"):
        list(ExportReader(tmp_path / "missing.xml").pages())
