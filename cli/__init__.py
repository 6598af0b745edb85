"""The ``pulso`` command line (click). Each command parses, calls one library function, and
turns a ``PulsoError`` into one line on stderr and a non-zero exit, never a traceback.

Command groups live in their own modules and are attached here.
"""

from __future__ import annotations

import sys

import click
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from pulso.cli import (
    catalog,
    collect_all,
    db_cmd,
    demo,
    disqus_cmd,
    extract_cmd,
    facebook_cmd,
    proposals_cmd,
    report_cmd,
    store_cmd,
    web,
    x_cmd,
)
from pulso.cli.groups import collect, import_
from pulso.errors import PulsoError


@click.group(
    name="pulso",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="pulso")
def app() -> None:
    """Pulso: social-media metrics and consultation proposals for communications teams."""


app.add_command(db_cmd.db)
app.add_command(catalog.consultation)
app.add_command(catalog.theme)
app.add_command(catalog.institution)
app.add_command(demo.demo)
app.add_command(collect)
app.add_command(import_)

# Platform and workflow commands register below, one line each.
collect.add_command(x_cmd.collect_x_command)
import_.add_command(x_cmd.import_x_export)
app.add_command(web.user)
app.add_command(web.serve)
app.add_command(web.jobs)
collect.add_command(facebook_cmd.collect_facebook_command)
import_.add_command(facebook_cmd.import_facebook_export)
app.add_command(report_cmd.report)
import_.add_command(store_cmd.import_proposals)
import_.add_command(store_cmd.import_answers)
app.add_command(proposals_cmd.proposals)
app.add_command(store_cmd.people)
catalog.consultation.add_command(store_cmd.consultation_summary)
collect.add_command(disqus_cmd.collect_disqus_command)
import_.add_command(disqus_cmd.import_disqus_export)
catalog.consultation.add_command(disqus_cmd.consultation_map_thread)
catalog.consultation.add_command(disqus_cmd.consultation_threads)
app.add_command(extract_cmd.extract)
app.add_command(extract_cmd.review)
collect.add_command(collect_all.collect_all)


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
