"""The command line's language: Spanish first, English with ``--lang en`` or
``PULSO_LANGUAGE=en``, every text from the one catalogue (``pulso.i18n``).

Help texts are not written twice. A command's help is the catalogue message
``cli.<command path>.help`` (``cli.db.upgrade.help``, ``cli.import.facebook-export.help``;
the ``pulso`` group itself is ``cli.help``) and an option's help is
``cli.<command path>.option.<flag>`` (``cli.serve.option.no-scheduler`` for
``--no-scheduler``) or, for an option several commands share (``--lang``, ``--actor``),
``cli.option.<flag>``. ``localize`` puts them on a
command just before click formats it: ``LazyGroup`` calls it for each command it hands out,
so a command added later only needs its catalogue entries (``pulso.i18n.cli``, or a
``register`` call next to the command). Without them the command still works, in the
English of its docstring, and ``tests/test_cli_language.py`` fails naming the missing keys.

Click's own words in a help page (``Usage:``, ``Options:``, ``[default: ...]``) come from
the catalogue too (``PulsoContext``), and so do its usage errors ("No such option",
"Missing argument", "Invalid value for ..."): click builds them with gettext, and
``click_words`` puts, for the length of a run, a translation from the catalogue
(``cli.click.*`` messages, whose English text is click's own) in gettext's place.

What a command prints comes from the catalogue as well: ``say(key, **values)``, with the
keys in ``pulso.i18n.cli_output``; ``error_text`` is a ``PulsoError``'s line in the command
line's language.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from pulso.errors import PulsoError
from pulso.i18n import DEFAULT_LANGUAGE, LANGUAGES, format_number, has, t
from pulso.i18n.cli_output import CLICK_MESSAGES

_chosen: list[str] = []  # the language --lang chose for this run, if it did


def language_from_argv(argv: list[str]) -> str | None:
    """The value of the first ``--lang`` in ``argv`` (before a ``--``), if it is a language."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        else:
            continue
        return value if value in LANGUAGES else None
    return None


def set_language(lang: str | None) -> None:
    """Fix this run's language (``None``: back to ``PULSO_LANGUAGE`` or the default)."""
    _chosen.clear()
    if lang in LANGUAGES:
        _chosen.append(lang)


def cli_language() -> str:
    """``--lang``, else ``PULSO_LANGUAGE``, else the configuration file's ``language``,
    else Spanish. Never fails: the help must print even when the settings are broken."""
    if _chosen:
        return _chosen[0]
    env = os.environ.get("PULSO_LANGUAGE", "").strip().lower()
    if env in LANGUAGES:
        return env
    try:
        from pulso.settings import config_path, read_config_file

        path = config_path()
        value = read_config_file(path).get("language") if path is not None else None
    except Exception:  # noqa: BLE001 - a broken file is reported by the command, not here
        value = None
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def say(key: str, **values: object) -> str:
    """The catalogue message ``key`` in the command line's language."""
    return t(key, cli_language(), **values)


def number(value: float | int | None, decimals: int = 0) -> str:
    """A count in a printed line, written as the reports write it (``format_number``)."""
    return format_number(value, cli_language(), decimals)


def error_text(exc: PulsoError) -> str:
    """A ``PulsoError``'s message in the command line's language: its catalogue message
    (the command line's own wording, ``cli.<key>``, when the catalogue has one: it names
    the options), else its own text."""
    if exc.key is not None and has(f"cli.{exc.key}"):
        return say(f"cli.{exc.key}", **exc.values)
    return exc.localized(cli_language())


# -- click's own messages -----------------------------------------------------------------

# Click's English message -> its catalogue key (the messages' English text is click's).
_CLICK_KEYS = {texts["en"]: key for key, texts in CLICK_MESSAGES.items()}
# The click modules that build user-facing messages with ``_`` and ``ngettext``.
_CLICK_MODULES = ("core", "exceptions", "parser", "types", "termui", "decorators")


def _click_gettext(message: str) -> str:
    key = _CLICK_KEYS.get(message)
    return say(key) if key is not None else message


def _click_ngettext(singular: str, plural: str, count: int) -> str:
    return _click_gettext(singular if count == 1 else plural)


@contextmanager
def click_words() -> Iterator[None]:
    """For the duration, click's messages in the command line's language: click calls
    gettext's ``_``/``ngettext`` (module globals of its modules) when it builds a message,
    and gets the catalogue's text instead; a message the catalogue lacks stays click's."""
    saved: list[tuple[object, str, object]] = []
    for name in _CLICK_MODULES:
        module = sys.modules.get(f"click.{name}")
        if module is None:
            continue
        for attribute, replacement in (("_", _click_gettext), ("ngettext", _click_ngettext)):
            if hasattr(module, attribute):
                saved.append((module, attribute, getattr(module, attribute)))
                setattr(module, attribute, replacement)
    try:
        yield
    finally:
        for module, attribute, original in reversed(saved):
            setattr(module, attribute, original)


# -- help texts ---------------------------------------------------------------------------


def command_path(ctx: click.Context | None, name: str | None = None) -> tuple[str, ...]:
    """The words after ``pulso`` that name a command: ``("import", "facebook-export")``."""
    words: list[str] = []
    while ctx is not None and ctx.parent is not None:
        words.append(ctx.info_name or "")
        ctx = ctx.parent
    words.reverse()
    return (*words, name) if name else tuple(words)


def help_key(path: tuple[str, ...]) -> str:
    return ".".join(("cli", *path, "help"))


def option_flag(param: click.Parameter) -> str:
    """An option's name in the catalogue: its first long flag without dashes."""
    longs = [o for o in param.opts if o.startswith("--")]
    return (longs[0] if longs else param.opts[0]).lstrip("-")


def option_keys(path: tuple[str, ...], param: click.Parameter) -> tuple[str, str]:
    """The command's own key for an option's help, then the shared one."""
    flag = option_flag(param)
    return ".".join(("cli", *path, "option", flag)), f"cli.option.{flag}"


def missing_keys(command: click.Command, path: tuple[str, ...]) -> list[str]:
    """The catalogue keys ``command`` needs and the catalogue lacks (for the tests)."""
    missing = [] if has(help_key(path)) else [help_key(path)]
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            own, shared = option_keys(path, param)
            if not (has(own) or has(shared)):
                missing.append(f"{own} (or {shared})")
    return missing


_LANG_HELP = "cli.option.lang"


def localize(command: click.Command, path: tuple[str, ...], lang: str | None = None) -> None:
    """Put the catalogue's help texts in ``lang`` on ``command`` and on the subcommands a
    plain ``click.Group`` already holds; give it a ``--lang`` option when it has none, so
    ``--lang en`` is accepted anywhere on the line."""
    lang = lang or cli_language()
    if has(help_key(path)):
        command.help = t(help_key(path), lang)
        command.short_help = None
    if not any(isinstance(p, click.Option) and "--lang" in p.opts for p in command.params):
        command.params.append(
            click.Option(
                ["--lang"],
                type=click.Choice(LANGUAGES),
                expose_value=False,
                is_eager=True,
                callback=_lang_callback,
                help=t(_LANG_HELP, lang) if has(_LANG_HELP) else None,
            )
        )
    for param in command.params:
        if isinstance(param, click.Option):
            own, shared = option_keys(path, param)
            key = own if has(own) else shared if has(shared) else None
            if key is not None:
                param.help = t(key, lang)
    command.context_class = PulsoContext
    if isinstance(command, click.Group):
        for name, sub in list(command.commands.items()):
            localize(sub, (*path, name), lang)


def _lang_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        set_language(value)


# -- click's own words --------------------------------------------------------------------

_HEADINGS = {
    "Options": "cli.heading.options",
    "Commands": "cli.heading.commands",
    "Arguments": "cli.heading.arguments",
}
_CLICK_HELP = "Show this message and exit."
_BRACKETS = re.compile(r"\[(default|required)(:?)")


class PulsoFormatter(click.HelpFormatter):
    """Click's help layout with its headings from the catalogue."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = say("cli.heading.usage") + " "
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        key = _HEADINGS.get(heading)
        super().write_heading(say(key) if key else heading)

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        def words(text: str) -> str:
            if text == _CLICK_HELP:  # the --help option click makes for each context
                return say("cli.option.help")
            return _BRACKETS.sub(lambda m: "[" + say(f"cli.word.{m.group(1)}") + m.group(2), text)

        super().write_dl([(a, words(b)) for a, b in rows], col_max, col_spacing)


class PulsoContext(click.Context):
    formatter_class = PulsoFormatter
