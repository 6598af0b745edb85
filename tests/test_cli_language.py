"""Every command's ``--help`` is Spanish by default and English with ``--lang en`` (or
``PULSO_LANGUAGE=en``), every text from the catalogue (``pulso.i18n.cli``).

A command without its catalogue entries fails here with the keys to add:
``cli.<command path>.help`` and ``cli.<command path>.option.<flag>`` (or, for an option
several commands share, ``cli.option.<flag>``), each with "es" and "en".
"""

from __future__ import annotations

import click
import pytest

from pulso.cli import app, main
from pulso.cli.language import help_key, missing_keys, option_keys
from pulso.i18n import t


def _walk(group: click.Group, prefix=()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        path = (*prefix, name)
        yield path, command
        if isinstance(command, click.Group):
            yield from _walk(command, path)


COMMANDS = [((), app), *_walk(app)]


def _squeeze(text: str) -> str:
    """Without any whitespace: click re-wraps help texts."""
    return "".join(text.split())


def _help(capsys, args: list[str]) -> str:
    capsys.readouterr()
    assert main(args) == 0
    return capsys.readouterr().out


def test_every_command_has_its_catalogue_entries():
    missing = [key for path, command in COMMANDS for key in missing_keys(command, path)]
    assert missing == [], (
        "add these keys, each with 'es' and 'en', to pulso/i18n/cli.py: " + ", ".join(missing)
    )


def test_spanish_and_english_differ():
    same = [help_key(p) for p, _ in COMMANDS if t(help_key(p), "es") == t(help_key(p), "en")]
    assert same == [], f"no Spanish translation: {same}"


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(p) or "pulso" for p, _ in COMMANDS]
)
def test_help_is_spanish_by_default_and_english_with_lang_en(path, command, capsys, monkeypatch):
    monkeypatch.delenv("PULSO_LANGUAGE", raising=False)
    options = [p for p in command.params if isinstance(p, click.Option) and not p.hidden and p.help]
    for lang, args in (("es", [*path, "--help"]), ("en", [*path, "--lang", "en", "--help"])):
        out = _help(capsys, args)
        assert _squeeze(t(help_key(path), lang)) in _squeeze(out), (
            f"`pulso {' '.join(args)}` does not show {help_key(path)} in {lang}"
        )
        for param in options:
            own, shared = option_keys(path, param)
            text = t(own, lang) if t(own, lang) != own else t(shared, lang)
            assert _squeeze(text) in _squeeze(out), f"{own} not in {lang} help"
        heading = "Opciones:" if lang == "es" else "Options:"
        assert heading in out and ("Uso:" if lang == "es" else "Usage:") in out


def test_pulso_language_en_and_lang_before_the_command(capsys, monkeypatch):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")
    assert "Usage: pulso serve" in _help(capsys, ["serve", "--help"])
    monkeypatch.delenv("PULSO_LANGUAGE")
    out = _help(capsys, ["--lang", "en", "proposals", "route", "--help"])
    assert _squeeze(t("cli.proposals.route.help", "en")) in _squeeze(out)
    # The next run is Spanish again: the language is chosen per run.
    out = _help(capsys, ["proposals", "route", "--help"])
    assert _squeeze(t("cli.proposals.route.help", "es")) in _squeeze(out)
