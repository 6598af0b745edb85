"""Command groups, and the lazy loading that keeps ``pulso`` light: a command's module (and
what it imports: scikit-learn, matplotlib...) loads only when that command runs or when
``--help`` lists it, so ``pulso import facebook-export`` does not carry the extraction model
or the report renderer in memory."""

from __future__ import annotations

import importlib

import click

from pulso.cli.language import command_path, localize


class LazyGroup(click.Group):
    """A group whose subcommands are named ``"module:attribute"`` until first used."""

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            module, attribute = self.lazy[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        command = super().get_command(ctx, name)
        if command is not None:
            # Help texts in the command line's language, from the catalogue.
            localize(command, command_path(ctx, name))
        return command


@click.group(
    cls=LazyGroup,
    lazy={
        "x": "pulso.cli.x_cmd:collect_x_command",
        "facebook": "pulso.cli.facebook_cmd:collect_facebook_command",
        "disqus": "pulso.cli.disqus_cmd:collect_disqus_command",
        "all": "pulso.cli.collect_all:collect_all",
    },
)
def collect() -> None:
    """Collect posts, metrics and comments from the platforms' APIs (incremental)."""


@click.group(
    name="import",
    cls=LazyGroup,
    lazy={
        "x-export": "pulso.cli.x_cmd:import_x_export",
        "facebook-export": "pulso.cli.facebook_cmd:import_facebook_export",
        "proposals": "pulso.cli.store_cmd:import_proposals",
        "answers": "pulso.cli.store_cmd:import_answers",
        "disqus-export": "pulso.cli.disqus_cmd:import_disqus_export",
    },
)
def import_() -> None:
    """Import export files (Meta Business Suite, X Analytics, Disqus, proposals, answers)."""
