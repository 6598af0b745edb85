"""The bad-input corpus (``tests/data/bad/``, listed in ``cases.json``): every file, through
the real CLI, exits non-zero with exactly one line on stderr naming the file (and the line
and field where the file has them), and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, table

from pulso.cli.demo_run import sample_path
from pulso.db.engine import make_engine, transaction

BAD = Path(__file__).parent / "data" / "bad"
CASES = json.loads((BAD / "cases.json").read_text(encoding="utf-8"))
COMMANDS = {
    "facebook-export": ["import", "facebook-export"],
    "x-export": ["import", "x-export"],
    "disqus-export": ["import", "disqus-export"],
    "proposals": ["import", "proposals", "--consultation", "pan-2018-2020"],
    "answers": ["import", "answers"],
    "consultation": ["consultation", "load"],
}
GOOD_PROPOSALS = "fecha,canal,tema,texto\n2018-06-21,correo,salud,Publicar los tiempos\n"


@pytest.fixture(scope="module")
def loaded(backend, tmp_path_factory):
    """One database per backend with a consultation and a proposal (for answer files)."""
    from tests.conftest import fresh_database_url

    folder = tmp_path_factory.mktemp("bad")
    url, cleanup = fresh_database_url(backend, folder)
    good = folder / "propuestas.csv"
    good.write_text(GOOD_PROPOSALS, encoding="utf-8")
    yield url, good
    cleanup()


def _counts(url) -> dict[str, int]:
    engine = make_engine(url)
    try:
        names = inspect(engine).get_table_names()
        with transaction(engine) as session:
            return {n: session.scalar(select(func.count()).select_from(table(n))) for n in names}
    finally:
        engine.dispose()


def test_the_corpus_covers_every_importer():
    assert len(CASES) >= 100
    assert {c["importer"] for c in CASES} == set(COMMANDS)
    assert all((BAD / c["file"]).is_file() for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_a_bad_file_is_one_line_and_writes_nothing(cli, loaded, case):
    url, good = loaded
    env = {"PULSO_DATABASE_URL": url}
    if not _counts(url).get("consultation"):
        assert cli(["db", "upgrade"], env)[0] == 0
        assert (
            cli(["consultation", "load", str(sample_path("consultation_2018.json"))], env)[0] == 0
        )
        assert cli(["import", "proposals", str(good)], env)[0] == 0
    before = _counts(url)
    path = BAD / case["file"]
    # Spanish by default, English with --lang en: the same one line naming file, line, field.
    for lang, line_word, field_word in (("es", "línea", "campo"), ("en", "line", "field")):
        code, out, err = cli([*COMMANDS[case["importer"]], str(path), "--lang", lang], env)
        lines = err.strip().splitlines()
        assert code != 0, (case, out)
        assert len(lines) == 1, err
        assert lines[0].startswith("error: ") and path.name in lines[0], lines[0]
        if case["line"] is not None:
            number = case["line"]
            assert f"{line_word} {number}," in lines[0] or f"{line_word} {number}:" in lines[0], (
                lines[0]
            )
        if case["field"] is not None:
            assert f"{field_word} {case['field']!r}" in lines[0], lines[0]
        if "error" in case and lang == "en":
            assert lines[0] == f"error: {path}{case['error']}"
        assert _counts(url) == before
