"""``pulso collect all``: every configured collection once, under the scheduler's locks."""

from __future__ import annotations

import click

from pulso.cli.language import cli_language, say
from pulso.db.context import engine_from_settings, require_schema
from pulso.errors import PulsoError
from pulso.settings import get_settings


class CollectFailed(PulsoError):
    """At least one platform's collection failed (the others still ran)."""


@click.command("all")
def collect_all() -> None:
    """Run collect:facebook, collect:x and collect:disqus once (for cron), skipping a
    platform that is not configured or is being collected by another process."""
    from pulso.jobs.registry import load_jobs
    from pulso.jobs.scheduler import COLLECT_PLATFORMS, JobRunner

    settings = get_settings()
    registry = load_jobs()
    engine = engine_from_settings(settings)
    failed = []
    try:
        require_schema(engine)
        runner = JobRunner(settings=settings, engine=engine, registry=registry)
        for platform in COLLECT_PLATFORMS:
            name = f"collect:{platform}"
            outcome = runner.run(name)
            if not outcome.ran:
                click.echo(say("cli.collect.all.say.skipped", name=name))
            elif outcome.error:
                failed.append(name)
                click.echo(say("cli.collect.all.say.failed", name=name, error=outcome.error))
            else:
                result = outcome.result
                if hasattr(result, "localized"):  # a JobResult: in the command line's language
                    result = result.localized(cli_language())
                click.echo(say("cli.collect.all.say.result", name=name, result=result))
    finally:
        engine.dispose()
    if failed:
        raise CollectFailed.of("cli.collect.all.say.failures", names=", ".join(failed))
