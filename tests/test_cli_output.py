"""What the commands print is Spanish by default and English with ``--lang en``: no line of
``cli/*.py`` is written in a string literal, every key the commands say is in the catalogue
in both languages, and click's own usage errors follow the command line's language."""

from __future__ import annotations

import ast
import importlib
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import click
import pytest

from pulso.i18n import _MESSAGES, has
from pulso.i18n.cli_output import CLICK_MESSAGES, MESSAGES

CLI = Path(__file__).resolve().parents[1] / "cli"
# A line that prints a literal on purpose (commands to type, a programmer's error) says so.
MARKER = "# i18n: literal"
LETTERS = re.compile(r"[A-Za-zÁÉÍÓÚÑáéíóúñ]{2,}")
# Calls whose first argument people read.
PRINTS = {"echo", "secho", "prompt", "confirm", "fail"}
EXCEPTIONS = re.compile(r"(Error|Exception|Abort|NotFound|Failed|Skipped|Busy)$")


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _words(node: ast.expr) -> bool:
    """Whether ``node`` is (or adds up) literal text with words in it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(LETTERS.search(node.value))
    if isinstance(node, ast.JoinedStr):  # only the literal parts, not the format specs
        return any(_words(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _words(node.left) or _words(node.right)
    if isinstance(node, ast.IfExp):
        return _words(node.body) or _words(node.orelse)
    return False


def _literal_lines(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if not (name in PRINTS or EXCEPTIONS.search(name)):
            continue
        arguments = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "message")]
        if not any(_words(argument) for argument in arguments):
            continue
        span = lines[node.lineno - 1 : (node.end_lineno or node.lineno)]
        if not any(MARKER in line for line in span):
            found.append(f"{path.name}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return found


def test_no_command_prints_a_literal_text():
    found = [line for path in sorted(CLI.glob("*.py")) for line in _literal_lines(path)]
    assert not found, "print these through say(...) (pulso.i18n.cli_output):\n" + "\n".join(found)


def test_the_guard_sees_literals(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import click\n"
        "click.echo(f'{n} rows imported')\n"
        "click.echo('done' if ok else say('x'))\n"
        "raise click.UsageError('give a file')\n"
        "raise InputError(f'bad {x}', field='y')\n"
        "click.echo(f'{a}\\t{b:%Y-%m-%d}')\n"
        "click.echo(say('cli.x', n=1))\n"
        "click.echo('  pulso check')  # i18n: literal\n",
        encoding="utf-8",
    )
    assert [line.split(":")[1] for line in _literal_lines(sample)] == ["2", "3", "4", "5"]


def _said_keys() -> set[str]:
    keys = set()
    for path in CLI.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and _name(node.func) in {"say", "t", "of"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                keys.add(node.args[0].value)
    return keys


def test_every_key_the_commands_say_is_in_the_catalogue():
    for path in CLI.glob("*.py"):  # some register their messages when they load
        if path.stem != "__main__":
            importlib.import_module(f"pulso.cli.{path.stem}")
    keys = _said_keys()
    assert len(keys) > 50
    assert sorted(k for k in keys if not has(k)) == []
    for key in keys:
        assert _MESSAGES[key]["es"] and _MESSAGES[key]["en"], key


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_take_the_same_values(key):
    texts = MESSAGES[key]
    assert texts["es"].strip() and texts["en"].strip()
    if key in CLICK_MESSAGES:  # Spanish may leave out click's word for a path's kind
        assert _fields(texts["es"]) <= _fields(texts["en"])
    else:
        assert _fields(texts["es"]) == _fields(texts["en"])


def test_click_messages_are_clicks_own():
    """The English texts are click's gettext message ids: a click that rewords one shows
    up here instead of silently in English."""
    folder = Path(click.__file__).parent
    source = " ".join(
        " ".join(ast.literal_eval(node) for node in _strings(path)) for path in folder.glob("*.py")
    )
    missing = [key for key, texts in CLICK_MESSAGES.items() if texts["en"] not in source]
    assert missing == []


def _strings(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield repr(node.value)


# -- representative commands -------------------------------------------------------------


def test_db_current_in_spanish_then_english(cli, migrated_url):
    env = {"PULSO_DATABASE_URL": migrated_url}
    code, out, err = cli(["db", "current"], env)
    assert code == 0, err
    assert re.fullmatch(r"actual: \w+; más reciente: \w+\n", out)
    code, out, err = cli(["db", "current", "--lang", "en"], env)
    assert code == 0, err
    assert re.fullmatch(r"current: \w+; newest: \w+\n", out)
    code, out, err = cli(["db", "current"], {**env, "PULSO_LANGUAGE": "en"})
    assert out.startswith("current: ")


def test_db_upgrade_of_an_empty_database(cli, database_url):
    env = {"PULSO_DATABASE_URL": database_url}
    code, out, err = cli(["db", "upgrade"], env)
    assert code == 0, err
    assert ": actualizada de vacía a " in out
    code, out, err = cli(["--lang", "en", "db", "upgrade"], env)
    assert ": already at revision " in out and "nothing to do" in out


def test_extract_versions_before_any_training(cli, migrated_url):
    env = {"PULSO_DATABASE_URL": migrated_url}
    code, out, err = cli(["extract", "versions"], env)
    assert (code, out) == (
        0,
        "todavía no hay versiones del modelo: ejecute `pulso extract train`\n",
    ), err
    code, out, err = cli(["extract", "versions", "--lang", "en"], env)
    assert out == "no model versions yet: run `pulso extract train`\n"


EXPORT = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="1"><id/><forum>f</forum><link>https://consulta.example/salud</link>
    <title>Salud</title><createdAt>2018-06-18T15:00:00Z</createdAt></thread>
  <post dsq:id="10"><id/><message>Más clínicas rurales.</message>
    <createdAt>2018-06-19T15:00:00Z</createdAt><isDeleted>false</isDeleted>
    <isSpam>false</isSpam><author><name>Ana</name><username>ana</username></author>
    <thread dsq:id="1"/></post>
</disqus>
"""


def test_import_summary_in_spanish_then_english(cli, migrated_url, tmp_path):
    export = tmp_path / "consulta.xml"
    export.write_text(EXPORT, encoding="utf-8")
    env = {"PULSO_DATABASE_URL": migrated_url}
    code, out, err = cli(["import", "disqus-export", str(export)], env)
    assert code == 0, err
    assert out.startswith("consulta.xml: 1 hilos, 1 mensajes (1 de primer nivel, 0 respuestas)")
    assert "hilos sin temática asignada" in out
    code, out, err = cli(["import", "disqus-export", str(export), "--lang", "en"], env)
    assert code == 0, err
    assert out.startswith("consulta.xml: 1 threads, 1 posts (1 top-level, 0 replies)")


def test_usage_errors_in_spanish_then_english(cli):
    code, _, err = cli(["db", "current", "--nope"])
    assert code == 2
    assert err == "error: No existe la opción '--nope'. (vea: pulso db current --help)\n"
    code, _, err = cli(["db", "current", "--nope", "--lang", "en"])
    assert err == "error: No such option '--nope'. (see: pulso db current --help)\n"
    code, _, err = cli(["import", "x-export"])
    assert code == 2 and err.startswith("error: Falta el argumento 'FILES...'.")
    code, _, err = cli(["db", "upgrade", "a", "b"])
    assert err.startswith("error: Sobra el argumento (b)")
    code, _, err = cli(["report", "weekly", "--lang", "fr"])
    assert "Valor no válido para '--lang': 'fr' no es ninguno de estos: 'es', 'en'." in err
    code, _, err = cli(["report", "weekly", "--lang", "fr"], {"PULSO_LANGUAGE": "en"})
    assert "Invalid value for '--lang': 'fr' is not one of 'es', 'en'." in err


def test_click_is_left_as_it_was():
    """The translation lasts for one run: click used elsewhere in the process is click's."""
    from click import exceptions

    from pulso.cli import main

    main(["--nope"])
    assert exceptions.NoSuchOption("--x").message == "No such option '--x'."


def test_a_missing_configuration_file_is_named(cli, tmp_path):
    missing = tmp_path / "falta" / "pulso.toml"
    code, _, err = cli(["--config", str(missing), "db", "current"])
    assert code == 1
    assert err == (
        f"error: el archivo de configuración {missing} no existe (lo nombra PULSO_CONFIG o "
        "--config); créelo con `pulso init`\n"
    )
    code, _, err = cli(["--config", str(missing), "--lang", "en", "db", "current"])
    assert err == (
        f"error: configuration file {missing} does not exist (named by PULSO_CONFIG or "
        "--config); create it with `pulso init`\n"
    )


def test_an_invalid_setting_is_named(cli, migrated_url):
    env = {"PULSO_DATABASE_URL": migrated_url, "PULSO_TIMEZONE": "Marte/Olimpo"}
    code, _, err = cli(["db", "current"], env)
    assert code == 1
    assert err == (
        "error: configuración no válida: PULSO_TIMEZONE: zona horaria desconocida "
        "'Marte/Olimpo' (por ejemplo America/El_Salvador)\n"
    )
    code, _, err = cli(["db", "current", "--lang", "en"], env)
    assert err == (
        "error: invalid settings: PULSO_TIMEZONE: Value error, unknown time zone "
        "'Marte/Olimpo' (e.g. America/El_Salvador)\n"
    )


def test_a_database_folder_that_does_not_exist(cli, tmp_path):
    path = tmp_path / "no" / "pulso.db"
    env = {"PULSO_DATABASE_URL": f"sqlite:///{path}"}
    code, _, err = cli(["db", "current"], env)
    assert err == (
        f"error: no se puede crear la base de datos {path}: la carpeta {path.parent} no existe\n"
    )
    code, _, err = cli(["db", "current", "--lang", "en"], env)
    assert err == (
        f"error: the database {path} cannot be created: the folder {path.parent} does not exist\n"
    )


def test_an_input_error_names_line_and_field_in_the_language(cli, migrated_url):
    env = {"PULSO_DATABASE_URL": migrated_url}
    code, _, err = cli(["jobs", "run", "nada"], env)
    assert err == "error: campo 'name': no existe la tarea 'nada'; vea `pulso jobs list`\n"
    code, _, err = cli(["jobs", "run", "nada", "--lang", "en"], env)
    assert err == "error: field 'name': no job named 'nada'; see `pulso jobs list`\n"


def test_machine_readable_output_is_not_translated(cli, migrated_url, tmp_path):
    """Tab-separated listings keep their identifiers; only the words around them change."""
    env = {"PULSO_DATABASE_URL": migrated_url}
    code, out, err = cli(["jobs", "list"], env)
    assert code == 0, err
    names = [line.split("\t")[0] for line in out.splitlines()]
    code, out_en, _ = cli(["jobs", "list", "--lang", "en"], env)
    assert names == [line.split("\t")[0] for line in out_en.splitlines()]
    assert "collect:facebook" in names


# -- input errors: every reason in the catalogue -------------------------------------------

ROOT = CLI.parent
LIBRARY = (
    "cli",
    "collectors",
    "consultation",
    "db",
    "jobs",
    "pulso",
    "analytics",
    "reports",
    "web",
    "sandbox",
)
# Calls whose first argument is a catalogue key: the errors with a keyed reason, and the
# spreadsheet reader's error at a row (``Table.error``).
KEYED = {"of", "KeyedValueError", "error"}


def _input_error_calls(path: Path) -> tuple[list[str], set[str]]:
    """(``InputError(...)`` calls with a message of their own, keys of keyed errors)."""
    found, keys = [], set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name == "InputError":
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            continue
        receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
        keyed = name == "KeyedValueError" or (
            name == "of" and isinstance(receiver, ast.Name) and receiver.id == "InputError"
        )
        if name == "error" and isinstance(receiver, ast.Name) and receiver.id == "table":
            keyed = True
        if not keyed:
            continue
        if any(k.arg in ("key", "lang") for k in node.keywords):  # t(key, lang, **values)
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} (a value named key or lang)")
        first = node.args[0] if node.args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            keys.add(first.value)
        elif isinstance(first, ast.IfExp) and all(
            isinstance(b, ast.Constant) for b in (first.body, first.orelse)
        ):
            keys |= {first.body.value, first.orelse.value}
        elif path.name not in ("errors.py", "tabular.py"):  # the helpers pass a key on
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} (key not a literal)")
    return found, keys


def _library_files():
    for folder in LIBRARY:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if ".venv" not in path.parts and "i18n" not in path.parts:
                yield path


def test_every_input_error_has_a_catalogue_reason():
    """An ``InputError`` raised by the library reads in the command line's (or the page's)
    language: it is made with ``InputError.of(key, ...)`` (or ``of_value`` for a cell
    check's ``KeyedValueError``), and every key it uses is in the catalogue in both."""
    found, keys = [], set()
    for path in _library_files():
        more, used = _input_error_calls(path)
        found += [] if path == ROOT / "pulso" / "errors.py" else more
        keys |= used
    assert not found, "raise InputError.of(key, ...) (pulso.i18n.inputs):\n" + "\n".join(found)
    assert len(keys) > 80
    missing = sorted(k for k in keys if not has(k))
    assert missing == []
    for key in keys:
        assert _MESSAGES[key]["es"] and _MESSAGES[key]["en"], key


def test_the_input_error_guard_sees_literals(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "raise InputError('bad', path=p)\n"
        "raise InputError.of('err.input.empty_file', path=p)\n"
        "raise InputError.of(key, path=p)\n"
        "raise KeyedValueError('err.nope')\n",
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        found, keys = _input_error_calls(sample)
    finally:
        ROOT = saved
    assert found == ["sample.py:1", "sample.py:3 (key not a literal)"]
    assert keys == {"err.input.empty_file", "err.nope"}


def test_input_messages_take_the_same_values_in_both_languages():
    from pulso.i18n.inputs import MESSAGES as INPUTS

    for key, texts in INPUTS.items():
        assert _fields(texts["es"]) == _fields(texts["en"]), key


def test_a_cell_error_is_spanish_then_english():
    from pulso.errors import InputError, KeyedValueError

    exc = InputError.of_value(
        KeyedValueError("err.cell.not_a_count", value="muchos"),
        path="a.csv",
        line=3,
        field="reach",
    )
    assert str(exc) == (
        "a.csv, line 3, field 'reach': found 'muchos', expected a whole number of 0 or more "
        "like 1234 or 1,234"
    )
    assert exc.localized("es") == (
        "a.csv, línea 3, campo 'reach': número no válido: se encontró 'muchos'; se esperaba "
        "un número entero de 0 o más, como 1234 o 1,234"
    )
    other = InputError.of_value(ValueError("odd"), path="a.csv", line=2)
    assert (str(other), other.localized("es")) == (
        "a.csv, line 2: odd",
        "a.csv, línea 2: valor no válido: odd",
    )


BAD = Path(__file__).parent / "data" / "bad"
BAD_FILES = [
    (
        ["import", "facebook-export"],
        "facebook-export/reach_negative.csv",
        ", línea 2, campo 'reach': número no válido: se encontró '-500'; se esperaba un número "
        "entero de 0 o más, como 1234 o 1,234",
        ", line 2, field 'reach': found '-500', expected a whole number of 0 or more like 1234 "
        "or 1,234",
    ),
    (
        ["import", "facebook-export"],
        "facebook-export/reach_empty.csv",
        ", línea 2, campo 'reach': se encontró una celda vacía; se esperaba el alcance de la "
        "publicación (un número entero; solo los demás conteos pueden quedar en blanco)",
        ", line 2, field 'reach': found no value, expected the post's reach (a whole number; "
        "only other counts may be left blank)",
    ),
    (
        ["import", "x-export"],
        "x-export/tweet_activity_metrics_TransparenciaSV_20180601_20180701_en_time_impossible.csv",
        ", línea 2, campo 'time': fecha no válida: se encontró '07/03/2026 25:99'; se esperaba "
        "una hora como '2018-06-28 18:04 +0000'",
        ", line 2, field 'time': found '07/03/2026 25:99', expected a time like "
        "'2018-06-28 18:04 +0000'",
    ),
    (
        ["import", "disqus-export"],
        "disqus-export/post_without_thread.xml",
        ", línea 5, campo 'thread': el mensaje 901 no tiene hilo",
        ", line 5, field 'thread': post 901 has no thread",
    ),
    (
        ["import", "proposals", "--consultation", "pan-2018-2020"],
        "proposals/text_twice.csv",
        ", línea 1, campo 'text': se encontraron 'texto' (columna 6) y 'propuesta' (columna 8); "
        "se esperaba una sola columna para este dato",
        ", line 1, field 'text': found 'texto' (column 6) and 'propuesta' (column 8), expected "
        "one column for it",
    ),
    (
        ["import", "proposals", "--consultation", "pan-2018-2020"],
        "proposals/empty_text.csv",
        ", línea 2, campo 'texto': celda vacía; esta columna es obligatoria",
        ", line 2, field 'texto': empty; this column is required",
    ),
]


@pytest.mark.parametrize(("command", "name", "spanish", "english"), BAD_FILES)
def test_a_bad_import_file_is_one_spanish_line_then_english(
    cli, migrated_url, command, name, spanish, english
):
    from pulso.cli.demo_run import sample_path

    env = {"PULSO_DATABASE_URL": migrated_url}
    consultation = str(sample_path("consultation_2018.json"))
    assert cli(["consultation", "load", consultation], env)[0] == 0
    path = BAD / name
    for lang, expected in ((None, spanish), ("en", english)):
        code, out, err = cli([*command, str(path), *(["--lang", lang] if lang else [])], env)
        assert code != 0, out
        assert err == f"error: {path}{expected}\n"
    from sqlalchemy import func, select

    from pulso.db.engine import make_engine, transaction
    from pulso.db.models import Comment, Post, Proposal

    engine = make_engine(migrated_url)
    with transaction(engine) as session:
        for model in (Comment, Post, Proposal):
            assert session.scalar(select(func.count()).select_from(model)) == 0, model
    engine.dispose()


@pytest.mark.parametrize(("level", "printed"), [("", False), ("warning", True)])
def test_operator_logs_stay_off_the_command_line_unless_asked(level, printed):
    """A collector's retry warning (English, for operators) is not printed bare on stderr
    by Python's last-resort handler; ``PULSO_LOG=warning`` shows it, with its level."""
    script = (
        "import logging\n"
        "from pulso.cli import _quiet_logs\n"
        "_quiet_logs()\n"
        "logging.getLogger('pulso.collectors.base').warning('graph: HTTP 503; retrying')\n"
        "logging.getLogger('tweepy.client').warning('Rate limit exceeded. Sleeping')\n"
    )
    env = {**os.environ, "PULSO_LOG": level}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    if printed:
        assert done.stderr.splitlines() == [
            "WARNING pulso.collectors.base: graph: HTTP 503; retrying",
            "WARNING tweepy.client: Rate limit exceeded. Sleeping",
        ]
    else:
        assert done.stderr == ""


@pytest.mark.parametrize(
    ("platform", "message"),
    [
        ("x", "ninguna cuenta de X que recolectar: defina PULSO_X_ACCOUNTS o use --account"),
        ("facebook", "ninguna página de Facebook: use --page ID o defina PULSO_FACEBOOK_PAGE_IDS"),
        ("disqus", "indique el foro: --forum o PULSO_DISQUS_FORUM"),
    ],
)
def test_a_collector_without_its_settings_says_so_in_spanish(
    cli, migrated_url, monkeypatch, platform, message
):
    for name in ("PULSO_X_ACCOUNTS", "PULSO_FACEBOOK_PAGE_IDS", "PULSO_DISQUS_FORUM"):
        monkeypatch.delenv(name, raising=False)
    code, out, err = cli(["collect", platform], {"PULSO_DATABASE_URL": migrated_url})
    assert (code, out, err) == (1, "", f"error: {message}\n")
