"""``pulso user`` (accounts of the web service) and ``pulso serve`` (web + scheduled jobs)."""

from __future__ import annotations

import logging
import os
import sys

import click

from pulso.cli.language import number, say
from pulso.db.context import engine_from_settings, require_schema, unit_of_work
from pulso.db.models import Role
from pulso.errors import InputError, PulsoError
from pulso.settings import get_settings


@click.group()
def user() -> None:
    """Add web users, issue their API tokens, list them."""


@user.command("add")
@click.argument("username")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    required=True,
    help="admin, analyst, reviewer or institution.",
)
@click.option("--institution", "institution_slug", help="Institution slug (institution role only).")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of prompting.",
)
def user_add(username: str, role: str, institution_slug: str | None, password_stdin: bool) -> None:
    """Create user USERNAME (or reset its password, role and institution)."""
    from pulso.web.users import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(
            say("init.password_prompt"), hide_input=True, confirmation_prompt=True
        )
    if not password:
        raise InputError.of("err.password_empty", field="password")
    with unit_of_work() as session:
        row = add_user(
            session=session,
            username=username,
            password=password,
            role=role,
            institution_slug=institution_slug,
        )
        where = f" ({row.institution.slug})" if row.institution else ""
        click.echo(say("cli.user.add.say.done", name=row.username, role=row.role, where=where))


@user.command("token")
@click.argument("username")
def user_token(username: str) -> None:
    """Issue a new API token for USERNAME (replaces the old one); it is shown only once."""
    from pulso.web.users import issue_token

    with unit_of_work() as session:
        token = issue_token(session=session, username=username)
    click.echo(token)
    click.echo(say("user.token_note"), err=True)


@user.command("list")
def user_list() -> None:
    """List users with their role, institution and whether they have an API token."""
    from pulso.web.users import list_users

    with unit_of_work() as session:
        for row in list_users(session=session):
            institution = row.institution.slug if row.institution else "-"
            token = say("cli.user.list.say.token") if row.api_token_hash else "-"
            active = say(
                "cli.user.list.say.active" if row.is_active else "cli.user.list.say.inactive"
            )
            click.echo(f"{row.username}\t{row.role}\t{institution}\t{token}\t{active}")


def worker_count(configured: int) -> int:
    """Web worker processes for ``configured`` (0: one per CPU core, at most 4)."""
    return configured if configured > 0 else max(1, min(os.cpu_count() or 1, 4))


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--no-scheduler", is_flag=True, help="Serve the web only; do not run scheduled jobs.")
@click.option(
    "--workers",
    type=click.IntRange(0, 64),
    default=None,
    help="Web worker processes (default PULSO_WEB_WORKERS; 0: one per CPU core, at most 4).",
)
def serve(host: str, port: int, no_scheduler: bool, workers: int | None) -> None:
    """Run the web service and the scheduled jobs (collection, weekly report).

    With several workers, each is a process serving requests (its own engine); the
    scheduled jobs run once, in this process, which supervises them."""
    import uvicorn

    from pulso.jobs.registry import load_jobs
    from pulso.jobs.scheduler import JobRunner, build_scheduler
    from pulso.web.app import check_settings, create_app
    from pulso.web.serving import HTTP_PROTOCOL, freeze_startup_heap

    # Settings first, before the scheduler or a worker starts: a worker that cannot build
    # the app would die with a traceback and leave the supervisor serving nothing.
    settings = get_settings()
    check_settings(settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    engine = engine_from_settings(settings)
    require_schema(engine)
    count = worker_count(settings.web_workers if workers is None else workers)
    scheduler = None
    if settings.scheduler_enabled and not no_scheduler:
        runner = JobRunner(settings=settings, engine=engine, registry=load_jobs())
        scheduler = build_scheduler(runner)
        scheduler.start()
        jobs = ", ".join(job.id for job in scheduler.get_jobs()) or say("cli.serve.say.no_jobs")
        click.echo(say("cli.serve.say.jobs", jobs=jobs), err=True)
    options = {
        "host": host,
        "port": port,
        "proxy_headers": True,
        "forwarded_allow_ips": ",".join(settings.web_trusted_proxies),
        "log_level": "info",
        "http": HTTP_PROTOCOL,
    }
    click.echo(say("cli.serve.say.workers", count=number(count)), err=True)
    try:
        if count == 1:
            app = create_app(settings, engine=engine)
            freeze_startup_heap()
            uvicorn.run(app, **options)
        else:
            # Worker processes import the app: each builds it from the same settings.
            uvicorn.run("pulso.web.app:app_from_settings", factory=True, workers=count, **options)
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        engine.dispose()


@click.group()
def jobs() -> None:
    """List scheduled jobs or run one now (for cron users), never overlapping another run."""


@jobs.command("list")
def jobs_list() -> None:
    """List registered jobs and when ``pulso serve`` would next run each."""
    from pulso.db.types import utcnow
    from pulso.jobs.registry import load_jobs
    from pulso.jobs.scheduler import next_runs

    settings = get_settings()
    registry = load_jobs()
    planned = next_runs(settings, utcnow(), registry)
    if not registry.names():
        click.echo(say("cli.jobs.list.say.none"))
    for name in registry.names():
        when = planned.get(name)
        click.echo(
            f"{name}\t{when.isoformat() if when else say('cli.jobs.list.say.not_scheduled')}"
        )


@jobs.command("run")
@click.argument("name")
def jobs_run(name: str) -> None:
    """Run job NAME once now, unless it is already running elsewhere (then exit 3)."""
    from pulso.jobs.registry import load_jobs
    from pulso.jobs.scheduler import JobRunner

    settings = get_settings()
    registry = load_jobs()
    if name not in registry:
        raise InputError.of("cli.jobs.run.say.unknown", field="name", name=name)
    engine = engine_from_settings(settings)
    try:
        require_schema(engine)
        outcome = JobRunner(settings=settings, engine=engine, registry=registry).run(name)
    finally:
        engine.dispose()
    if not outcome.ran:
        raise JobSkipped.of("cli.jobs.run.say.skipped", name=name)
    if outcome.error:
        raise JobFailed.of("cli.jobs.run.say.failed", name=name, error=outcome.error)
    click.echo(say("cli.jobs.run.say.done", name=name))


class JobFailed(PulsoError):
    """A job run from the command line raised an error."""


class JobSkipped(PulsoError):
    """The job holds its lock in another process: cron should just try next time."""

    exit_code = 3
