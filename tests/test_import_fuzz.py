"""Property-based tests over every file importer, through the real CLI: arbitrary bytes,
and arbitrary mutations of a good file (bytes flipped, inserted, deleted, duplicated, cut,
and tokens that matter to the format: separators, quotes, NUL, huge numbers, a DTD...),
end either in a clean import (exit 0) or in one line ``error: ...`` with exit 1 and not a
row changed: never a traceback, never a partial write.

Deterministic (``derandomize``: the same examples every run) and modest in examples, so the
suite stays fast and never flakes. One SQLite database for the module: what a clean import
stores stays, and the next example runs against it (re-imports included).
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, inspect, select, table

from pulso.cli import main
from pulso.cli.demo_run import sample_path
from pulso.db.engine import make_engine, transaction
from pulso.settings import get_settings

EXAMPLES = settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

FACEBOOK = (
    "\ufeffPost ID,Page ID,Publish time,Permalink,Post type,Reach,Reactions,Comments,Shares,"
    "Funded content status,Description\r\n"
    '3,1001,06/29/2018 09:00,https://www.facebook.com/1001/posts/3,Photo,"74,926","1,782",47,'
    "116,Boosted,Arte 3\r\n"
    "4,1001,06/30/2018 10:30,https://www.facebook.com/1001/posts/4,Video,139,-,,0,,Arte 4\r\n"
).encode()
X = (
    b"Post id,Date,Post text,Post Link,Impressions,Likes,Reposts\n"
    b'1010000000000000001,"Thu, Jun 21, 2018",Consulta,'
    b'https://x.com/TransparenciaSV/status/1010000000000000001,"1,204",5,1\n'
    b'1010000000000000002,"Fri, Jun 22, 2018",Foro,,10,-,\n'
)
DISQUS = b"""<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="71"><link>https://consulta.example/salud</link><title>Salud</title>
    <createdAt>2018-06-18T14:00:00Z</createdAt></thread>
  <post dsq:id="901"><message><![CDATA[<p>Hospitales</p>]]></message>
    <createdAt>2018-06-20T15:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Ana</name><isAnonymous>false</isAnonymous><username>ana_sv</username></author>
    <thread dsq:id="71"/></post>
</disqus>
"""
PROPOSALS = (
    "fecha,canal,organizacion,remitente,tema,texto,plantilla\n"
    "2018-06-21,correo,FUNDE,Marta,salud,Publicar los tiempos de espera,no\n"
    "25/07/2018,presencial,,Luis,educacion,Becas,sí\n"
).encode()
ANSWERS = (
    "propuesta,decisión,justificación,acción,indicador,línea base,meta,responsable,inicio,fin,"
    "hitos\n1,aceptada,,Protocolo,Aprobado,No existe,Vigente,SPTA,2018-10-01,2019-06-30,"
    "Borrador\n"
).encode()
CONSULTATION = json.dumps(
    {
        "slug": "pan-prueba",
        "name": "Prueba",
        "starts_on": "2018-06-18",
        "ends_on": "2018-07-27",
        "timezone": "America/El_Salvador",
        "themes": [{"slug": "salud", "name_es": "Salud", "name_en": "Health"}],
        "institutions": [{"slug": "minsal", "name": "Ministerio de Salud", "themes": ["salud"]}],
    },
    indent=1,
    ensure_ascii=False,
).encode()

IMPORTERS = {
    "facebook-export": (["import", "facebook-export"], "export.csv", FACEBOOK),
    "x-export": (["import", "x-export"], "account_analytics_content_2018-06-01_2018-07-10.csv", X),
    "disqus-export": (["import", "disqus-export"], "export.xml", DISQUS),
    "proposals": (
        ["import", "proposals", "--consultation", "pan-2018-2020"],
        "propuestas.csv",
        PROPOSALS,
    ),
    "answers": (
        ["import", "answers", "--consultation", "pan-2018-2020"],
        "respuestas.csv",
        ANSWERS,
    ),
    "consultation": (["consultation", "load"], "consulta.json", CONSULTATION),
}
TOKENS = [b",", b";", b"\n", b"\r\n", b'"', b"\x00", b"-", b"", b" ", b"9" * 30, b"-500",
          b"1,2,3", b"0.5", b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3", b"2099", b"25:99", b"E+18",
          b"<!DOCTYPE d>", b"&x;", b"]]>", b"</post>", b"<post>", b"{", b"}", b"null", b"5",
          b"[", b"Reach,", b"Post id,", b"https://x.com/a/status/1", b"=1+1"]  # fmt: skip


@st.composite
def mutations(draw, good: bytes) -> bytes:
    data = bytearray(good)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "insert", "token", "delete", "dup", "cut"]))
        pos = draw(st.integers(0, len(data)))
        end = draw(st.integers(pos, min(len(data), pos + 40)))
        if op == "flip" and data:
            data[min(pos, len(data) - 1)] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif op == "token":
            data[pos:end] = draw(st.sampled_from(TOKENS))
        elif op == "delete":
            del data[pos:end]
        elif op == "dup":
            data[pos:pos] = data[pos:end]
        elif op == "cut":
            del data[pos:]
    return bytes(data)


def inputs(good: bytes):
    return st.one_of(st.binary(max_size=600), mutations(good))


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{folder / 'fuzz.db'}"
    env = {"PULSO_DATABASE_URL": url, "PULSO_AUTHOR_KEY_SECRET": "fuzz-secret-19"}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        get_settings.cache_clear()
        for args in (
            ["db", "upgrade"],
            ["consultation", "load", str(sample_path("consultation_2018.json"))],
        ):
            assert _run(args)[0] == 0
        good = folder / "good.csv"
        good.write_bytes(PROPOSALS)
        assert _run(["import", "proposals", str(good)])[0] == 0
        yield url, folder
    get_settings.cache_clear()


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        names = inspect(engine).get_table_names()
        with transaction(engine) as session:
            return {n: session.scalar(select(func.count()).select_from(table(n))) for n in names}
    finally:
        engine.dispose()


def _check(database, importer: str, data: bytes) -> int:
    url, folder = database
    command, name, _good = IMPORTERS[importer]
    path = Path(folder) / name
    path.write_bytes(data)
    before = _counts(url)
    code, _out, err = _run([*command, str(path)])
    if code == 0:
        assert "Traceback" not in err
        return code
    lines = err.strip().splitlines()
    assert code == 1, err
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert _counts(url) == before, lines[0]
    return code


@pytest.mark.parametrize("importer", list(IMPORTERS))
def test_the_good_file_imports(database, importer):
    assert _check(database, importer, IMPORTERS[importer][2]) == 0


@pytest.mark.parametrize("importer", list(IMPORTERS))
@EXAMPLES
@given(data=st.data())
def test_any_bytes_or_mutation_is_a_clean_import_or_one_line(database, importer, data):
    _check(database, importer, data.draw(inputs(IMPORTERS[importer][2])))
