"""Options and parameter types shared by several commands."""

from __future__ import annotations

import datetime as dt
import getpass

import click

from pulso.cli.language import cli_language, say
from pulso.i18n import LANGUAGES

lang_option = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    # PULSO_LANGUAGE (or the configuration file's language), else Spanish.
    default=cli_language,
    help="Language of the output.",
)


class DateType(click.ParamType):
    """A calendar date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(say("cli.date.invalid", value=value), param, ctx)


DATE = DateType()


actor_option = click.option(
    "--actor",
    default=lambda: f"cli:{getpass.getuser()}",
    show_default="cli:<user>",
    help="Who is doing this, for the audit trail.",
)
reason_option = click.option("--reason", help="Why, for the audit trail.")
consultation_option = click.option(
    "--consultation",
    "consultation_slug",
    help="Consultation slug (may be left out when there is only one).",
)
