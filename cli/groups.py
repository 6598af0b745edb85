"""Command groups that several modules add commands to."""

from __future__ import annotations

import click


@click.group()
def collect() -> None:
    """Collect posts, metrics and comments from the platforms' APIs (incremental)."""


@click.group(name="import")
def import_() -> None:
    """Import export files (Meta Business Suite, X Analytics, Disqus, proposals, answers)."""
