"""The ``pulso`` command line (click). Each command parses, calls one library function, and
turns a ``PulsoError`` into one line on stderr and a non-zero exit, never a traceback.

Command groups live in their own modules and load when used (``COMMANDS``, ``LazyGroup``).
"""

from __future__ import annotations

import sys

import click
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from pulso.cli.groups import LazyGroup, collect, import_
from pulso.errors import PulsoError

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
}


@click.group(
    name="pulso",
    cls=LazyGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="pulso")
def app() -> None:
    """Pulso: social-media metrics and consultation proposals for communications teams."""


app.add_command(collect)
app.add_command(import_)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this directly)."""
    try:
        app.main(args=argv, prog_name="pulso", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code or 0)
    except click.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.UsageError as exc:
        # One line, like every other user error (click's own shows usage and a hint too).
        where = exc.ctx.command_path if exc.ctx is not None else "pulso"
        message = " ".join(exc.format_message().split())
        click.echo(f"error: {message} (see: {where} --help)", err=True)
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except PulsoError as exc:
        click.echo(f"error: {exc}" if exc.exit_code else str(exc), err=True)
        return exc.exit_code
    except OperationalError as exc:
        click.echo(f"error: database: {_first_line(exc.orig or exc)}", err=True)
        return 1
    except SQLAlchemyError as exc:
        click.echo(f"error: database: {_first_line(exc)}", err=True)
        return 1
    return 0


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def run() -> None:
    """The console script: ``pulso ...``."""
    sys.exit(main(sys.argv[1:]))
