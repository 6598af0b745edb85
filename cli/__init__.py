"""The ``pulso`` command line (click). Each command parses, calls one library function, and
turns a ``PulsoError`` into one line on stderr and a non-zero exit, never a traceback.
Everything it prints for people is in the command line's language (``pulso.cli.language``):
Spanish, or English with ``--lang en``.

Command groups live in their own modules and load when used (``COMMANDS``, ``LazyGroup``).
"""

from __future__ import annotations

import logging
import os
import sys

import click
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from pulso.cli.groups import LazyGroup, collect, import_
from pulso.cli.language import (
    click_words,
    error_text,
    language_from_argv,
    localize,
    say,
    set_language,
)
from pulso.errors import PulsoError
from pulso.settings import CONFIG_ENV, get_settings

# Each command's module loads when the command runs (or ``--help`` lists it).
COMMANDS = {
    "db": "pulso.cli.db_cmd:db",
    "consultation": "pulso.cli.catalog:consultation",
    "theme": "pulso.cli.catalog:theme",
    "institution": "pulso.cli.catalog:institution",
    "demo": "pulso.cli.demo:demo",
    "user": "pulso.cli.web:user",
    "serve": "pulso.cli.web:serve",
    "jobs": "pulso.cli.web:jobs",
    "report": "pulso.cli.report_cmd:report",
    "proposals": "pulso.cli.proposals_cmd:proposals",
    "people": "pulso.cli.store_cmd:people",
    "extract": "pulso.cli.extract_cmd:extract",
    "review": "pulso.cli.extract_cmd:review",
    "init": "pulso.cli.setup_cmd:init",
    "config": "pulso.cli.setup_cmd:config",
    "check": "pulso.cli.setup_cmd:check",
    "doctor": "pulso.cli.setup_cmd:doctor",
}
# Commands that run before (or whatever) the configuration is valid: they report on it.
NO_PREFLIGHT = frozenset({"init", "config", "check", "doctor", "demo"})


def _use_config(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        os.environ[CONFIG_ENV] = value
        get_settings.cache_clear()


@click.group(
    name="pulso",
    cls=LazyGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="pulso")
@click.option(
    "--config",
    metavar="PATH",
    expose_value=False,
    is_eager=True,
    callback=_use_config,
    help="Configuration file (default: PULSO_CONFIG, else ./pulso.toml).",
)
@click.pass_context
def app(ctx: click.Context) -> None:
    """Pulso: social-media metrics and consultation proposals for communications teams."""
    # Every command checks the configuration before it starts anything: one line, no
    # traceback (an invalid value, a database path that cannot be opened).
    if ctx.invoked_subcommand in NO_PREFLIGHT:
        return
    from pulso.db.preflight import check_database_url

    check_database_url(get_settings().database_url)


app.add_command(collect)
app.add_command(import_)


def _quiet_logs() -> None:
    """The command line speaks through its own messages, in the reader's language: the
    operators' log lines (English) are not printed, unless ``PULSO_LOG=debug|info|warning``
    asks for them on stderr. Without a handler, Python would print every warning bare."""
    level = os.environ.get("PULSO_LOG", "").strip().upper()
    for name in ("pulso", "tweepy"):  # tweepy logs its rate-limit waits as warnings
        logger = logging.getLogger(name)
        if logger.handlers:
            continue
        if level in ("DEBUG", "INFO", "WARNING", "ERROR"):
            handler: logging.Handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
            logger.setLevel(level)
        else:
            handler = logging.NullHandler()
        logger.addHandler(handler)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this directly)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _quiet_logs()
    config_before = os.environ.get(CONFIG_ENV)
    set_language(language_from_argv(argv))
    localize(app, ())
    try:
        with click_words():
            return _run(argv)
    finally:
        if config_before is None:
            os.environ.pop(CONFIG_ENV, None)
        else:
            os.environ[CONFIG_ENV] = config_before
        if os.environ.get(CONFIG_ENV) != config_before:
            get_settings.cache_clear()
        set_language(None)


def _run(argv: list[str]) -> int:
    try:
        app.main(args=argv, prog_name="pulso", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code or 0)
    except click.Abort:
        click.echo(say("cli.aborted"), err=True)
        return 130
    except click.UsageError as exc:
        # One line, like every other user error (click's own shows usage and a hint too).
        where = exc.ctx.command_path if exc.ctx is not None else "pulso"
        message = " ".join(exc.format_message().split())
        click.echo(say("cli.error.usage", message=message, command=where), err=True)
        return exc.exit_code
    except click.ClickException as exc:
        click.echo(say("cli.error.line", message=exc.format_message()), err=True)
        return exc.exit_code
    except PulsoError as exc:
        text = error_text(exc)
        if text:
            click.echo(say("cli.error.line", message=text) if exc.exit_code else text, err=True)
        return exc.exit_code
    except OperationalError as exc:
        detail = _first_line(exc.orig or exc)
        click.echo(say("cli.error.database", database=_database(), detail=detail), err=True)
        return 1
    except SQLAlchemyError as exc:
        click.echo(say("cli.error.database_other", detail=_first_line(exc)), err=True)
        return 1
    return 0


def _database() -> str:
    """The configured database, password masked (named in database errors)."""
    from pulso.config_file import mask_url
    from pulso.db.preflight import sqlite_path

    try:
        url = get_settings().database_url
        return str(sqlite_path(url) or mask_url(url))
    except Exception:  # noqa: BLE001 - the error being reported matters more
        return "?"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def run() -> None:
    """The console script: ``pulso ...``."""
    sys.exit(main(sys.argv[1:]))
