from __future__ import annotations

from pathlib import Path

import click
import pytest

from pulso.cli import app


def _all_commands(group: click.Group, prefix=()):
    # Through list_commands/get_command: the groups load their commands lazily.
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        path = (*prefix, name)
        yield path, command
        if isinstance(command, click.Group):
            yield from _all_commands(command, path)


def test_help_lists_commands(cli):
    code, out, _ = cli(["--help"])
    assert code == 0
    for name in ("db", "consultation", "theme", "institution", "demo"):
        assert name in out


@pytest.mark.parametrize("path", [p for p, _ in _all_commands(app)], ids=" ".join)
def test_every_command_has_help_text(path):
    command = app
    for name in path:
        command = command.get_command(click.Context(command), name)
    assert command.help and command.help.strip(), f"pulso {' '.join(path)} has no help text"
    for param in command.params:
        if isinstance(param, click.Option) and param.name not in ("help",):
            assert param.help, f"option {param.opts} of pulso {' '.join(path)} has no help"


def test_db_upgrade_twice(monkeypatch, cli, database_url):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    env = {"PULSO_DATABASE_URL": database_url}
    code, out, err = cli(["db", "upgrade"], env)
    assert code == 0, err
    assert "upgraded from empty" in out
    code, out, err = cli(["db", "upgrade"], env)
    assert code == 0, err
    assert "nothing to do" in out


def test_catalog_commands(cli, migrated_url, tmp_path):
    env = {"PULSO_DATABASE_URL": migrated_url}
    assert (
        cli(["consultation", "create", "pan", "--name", "PAN", "--starts", "2018-06-18"], env)[0]
        == 0
    )
    assert (
        cli(["theme", "add", "pan", "salud", "--name", "Salud", "--name-en", "Health"], env)[0] == 0
    )
    code, out, _ = cli(
        [
            "institution",
            "add",
            "minsal",
            "--name",
            "Ministerio de Salud",
            "--consultation",
            "pan",
            "--theme",
            "salud",
        ],
        env,
    )
    assert code == 0
    code, out, _ = cli(["theme", "list", "pan", "--lang", "en"], env)
    assert "Health" in out
    code, out, _ = cli(["institution", "list"], env)
    assert "minsal" in out and "salud" in out
    code, out, _ = cli(["consultation", "list"], env)
    assert "18 de junio de 2018" in out


def test_user_errors_are_one_line_without_traceback(monkeypatch, cli, migrated_url, tmp_path):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    env = {"PULSO_DATABASE_URL": migrated_url}
    code, out, err = cli(["theme", "list", "nope"], env)
    assert code == 1
    assert err.strip() == "error: no consultation 'nope' (see `pulso consultation list`)"
    bad = tmp_path / "bad.json"
    bad.write_text('{"slug": "x",\n "name": }', encoding="utf-8")
    code, _, err = cli(["consultation", "load", str(bad)], env)
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "bad.json, line 2" in err
    code, _, err = cli(
        ["consultation", "create", "x", "--name", "X", "--starts", "18/06/2018"], env
    )
    assert code == 2 and "Traceback" not in err


def test_unmigrated_database_is_refused(cli, database_url):
    if database_url.startswith("sqlite"):
        # A SQLite file that does not exist: said so, and not created by asking.
        path = Path(database_url.removeprefix("sqlite:///"))
        assert not path.exists()
        code, _, err = cli(["consultation", "list"], {"PULSO_DATABASE_URL": database_url})
        assert code == 1 and err.startswith(f"error: no existe la base de datos {path}: ")
        assert not path.exists()
        path.touch()
    code, _, err = cli(["consultation", "list"], {"PULSO_DATABASE_URL": database_url})
    empty = "error: la base de datos no tiene esquema todavía: ejecute antes `pulso db upgrade`"
    assert (code, err) == (1, empty + "\n")


def test_a_usage_error_is_one_line(monkeypatch, capsys):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    from pulso.cli import main

    assert main(["report", "consultation", "--lang", "fr"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: Invalid value for '--lang'")
    assert "pulso report consultation --help" in err
    assert main(["no-such-command"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_reloading_a_consultation_counts_the_files_themes(cli, migrated_url, tmp_path):
    import json

    from pulso.cli.demo_run import sample_path

    env = {"PULSO_DATABASE_URL": migrated_url}
    source = sample_path("consultation_2018.json")
    data = json.loads(source.read_text(encoding="utf-8"))
    code, out, err = cli(["consultation", "load", str(source)], env)
    assert code == 0, err
    assert out == f"consulta pan-2018-2020: 8 temáticas cargadas desde {source}\n"
    # The same consultation without its last theme: the file's seven are loaded, the eighth
    # is kept (proposals may hold it) and said so.
    dropped = data["themes"].pop()["slug"]
    data["institutions"] = [
        {**i, "themes": [s for s in i.get("themes", []) if s != dropped]}
        for i in data.get("institutions", [])
    ]
    data["disqus_threads"] = [t for t in data.get("disqus_threads", []) if t["theme"] != dropped]
    smaller = tmp_path / "smaller.json"
    smaller.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = cli(["consultation", "load", str(smaller)], env)
    assert code == 0, err
    assert out.splitlines() == [
        f"consulta pan-2018-2020: 7 temáticas cargadas desde {smaller}",
        "temáticas que ya estaban y no vienen en el archivo, conservadas con sus propuestas: "
        + dropped,
    ]
