"""``pulso demo``: the main job end to end on the sample consultation."""

from __future__ import annotations

from pathlib import Path

import click

from pulso.cli.demo_run import run_demo
from pulso.cli.options import lang_option


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo-output"),
    show_default=True,
    help="Folder for the demo's database, reports and secret (re-running it is idempotent).",
)
@lang_option
def demo(out: Path, lang: str) -> None:
    """Run Pulso end to end on the 2018 El Salvador consultation (no credentials needed):
    sandbox APIs, collection, import, extraction, decisions and reports."""
    run_demo(out, lang=lang, echo=click.echo)
