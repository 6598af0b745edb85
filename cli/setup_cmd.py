"""``pulso init`` (a configuration file with generated secrets, the schema, the first
admin), ``pulso config show|rotate-secret`` and ``pulso check`` (alias ``doctor``)."""

from __future__ import annotations

import copy
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from pulso.cli.language import error_text, say
from pulso.config_file import (
    GENERATED_SECRETS,
    describe,
    loose_permissions,
    new_secret,
    replace_value,
    unknown_names,
    write_missing,
)
from pulso.errors import ConfigError, InputError, PulsoError
from pulso.settings import (
    CONFIG_ENV,
    CONFIG_FILE_NAME,
    config_path,
    get_settings,
    read_config_file,
)


@contextmanager
def _using(path: Path):
    """Settings read from ``path`` for the duration (environment variables still win)."""
    before = os.environ.get(CONFIG_ENV)
    os.environ[CONFIG_ENV] = str(path)
    get_settings.cache_clear()
    try:
        yield get_settings()
    finally:
        if before is None:
            os.environ.pop(CONFIG_ENV, None)
        else:
            os.environ[CONFIG_ENV] = before
        get_settings.cache_clear()


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--database-url", help="Database URL (default: SQLite pulso.db in DIRECTORY).")
@click.option("--admin", "admin_name", help="Name of the first administrator.")
@click.option("--password-stdin", is_flag=True, help="Read the admin's password from stdin.")
@click.option("--no-admin", is_flag=True, help="Do not create the first administrator.")
def init(
    directory: Path,
    database_url: str | None,
    admin_name: str | None,
    password_stdin: bool,
    no_admin: bool,
) -> None:
    """Write DIRECTORY/pulso.toml with generated secrets, create the database schema and the
    first administrator. Running it again changes nothing and never replaces a secret."""
    from pulso.db.engine import make_engine
    from pulso.db.migrate import upgrade
    from pulso.db.preflight import check_database_url

    directory = directory.expanduser().absolute()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / CONFIG_FILE_NAME
    existed = path.exists()
    values = {
        "database_url": database_url or f"sqlite:///{directory / 'pulso.db'}",
        "author_key_secret": new_secret(),
        "web_session_secret": new_secret(),
        "web_reports_dir": str(directory / "reports-output"),
    }
    if existed:
        present = read_config_file(path)
        if database_url and present.get("database_url") not in (None, database_url):
            click.echo(say("init.database_kept", path=path))
    written = write_missing(path, values)
    if existed and loose_permissions(path):
        path.chmod(0o600)
    if not existed:
        click.echo(say("init.created", path=path))
    elif written:
        click.echo(say("init.completed", path=path, names=written))
    else:
        click.echo(say("init.kept", path=path))
    with _using(path) as settings:
        check_database_url(settings.database_url)
        engine = make_engine(settings.database_url)
        try:
            before, after = upgrade(engine, "head")
            click.echo(
                say("init.schema_same", revision=after)
                if before == after
                else say("init.schema_upgraded", revision=after)
            )
            if not no_admin:
                _first_admin(engine, admin_name, password_stdin)
        finally:
            engine.dispose()
    config = "" if directory == Path.cwd().absolute() else f" --config {path}"
    click.echo(say("init.next"))
    # The next commands, to type as they are.
    click.echo(f"  pulso{config} check")  # i18n: literal
    click.echo(f"  pulso{config} import facebook-export EXPORT.csv")  # i18n: literal
    click.echo(f"  pulso{config} serve")  # i18n: literal


def _first_admin(engine, admin_name: str | None, password_stdin: bool) -> None:
    from sqlalchemy import select

    from pulso.db.engine import transaction
    from pulso.db.models import Role, User
    from pulso.web.users import add_user

    with transaction(engine) as session:
        existing = session.scalar(select(User.username).where(User.role == Role.ADMIN).limit(1))
        if existing is not None:
            click.echo(say("init.admin_exists", name=existing))
            return
        if not admin_name:
            if not sys.stdin.isatty():
                raise InputError.of("init.admin_needed", field="admin")
            admin_name = click.prompt(say("init.admin_prompt"))
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = click.prompt(
                say("init.password_prompt"), hide_input=True, confirmation_prompt=True
            )
        if not password:
            raise InputError.of("err.password_empty", field="password")
        add_user(session=session, username=admin_name, password=password, role=Role.ADMIN)
        click.echo(say("init.admin_created", name=admin_name))


@click.group()
def config() -> None:
    """Show the configuration (secrets masked) or rotate a secret."""


@config.command("show")
def config_show() -> None:
    """Print every setting and where it comes from; secrets are never printed."""
    path = config_path()
    click.echo(say("config.file", path=path) if path else say("config.no_file"))
    file_values = read_config_file(path) if path else {}
    settings = get_settings()
    for row in describe(settings, file_values=file_values, environ=os.environ):
        click.echo(f"{row.name} = {row.value}  ({say('config.source.' + row.source)})")


@config.command("rotate-secret")
@click.argument("name", type=click.Choice(GENERATED_SECRETS))
@click.option("--force", is_flag=True, help="Rotate even if stored keyed hashes are orphaned.")
def config_rotate_secret(name: str, force: bool) -> None:
    """Replace secret NAME in the configuration file with a new random one."""
    path = config_path()
    if path is None:
        raise ConfigError(say("config.rotate.no_file"))
    if f"PULSO_{name.upper()}" in os.environ:
        raise ConfigError(say("config.rotate.from_env", name=f"PULSO_{name.upper()}"))
    if name == "author_key_secret":
        stored = _keyed_hashes()
        if stored and not force:
            raise ConfigError(say("config.rotate.refused", count=stored))
        if stored:
            click.echo(say("config.rotate.orphaned", count=stored))
    replace_value(path, name, new_secret())
    click.echo(say(f"config.rotate.done.{name}", path=path))


def _keyed_hashes() -> int:
    """Rows holding a keyed hash made with the current author key secret."""
    from sqlalchemy import func, select

    from pulso.db.context import engine_from_settings
    from pulso.db.engine import transaction
    from pulso.db.migrate import current_revision
    from pulso.db.models import Comment, Person

    engine = engine_from_settings()
    try:
        if current_revision(engine) is None:
            return 0
        with transaction(engine) as session:
            comments = session.scalar(
                select(func.count()).select_from(Comment).where(Comment.author_key.is_not(None))
            )
            people = session.scalar(select(func.count()).select_from(Person))
        return int(comments or 0) + int(people or 0)
    finally:
        engine.dispose()


_MARK = {"ok": "check.level.ok", "warning": "check.level.warning", "error": "check.level.error"}


@click.command()
@click.option("--offline", is_flag=True, help="Check the configuration only; ask no platform.")
def check(offline: bool) -> None:
    """Validate the configuration and each platform's credentials, one line per finding."""
    from pulso.collectors.credentials import (
        ERROR,
        OK,
        WARNING,
        Finding,
        check_disqus,
        check_facebook,
        check_x,
    )

    findings: list[Finding] = []
    path = config_path()
    try:
        settings = get_settings()
    except PulsoError as exc:
        click.echo(f"{say(_MARK[ERROR])} {error_text(exc)}")
        raise SystemExitError() from None
    if path is None:
        findings.append(Finding(WARNING, "check.config.no_file"))
    else:
        findings.append(Finding(OK, "check.config.file", {"path": path}))
        if loose_permissions(path):
            findings.append(Finding(WARNING, "check.config.permissions", {"path": path}))
        for name in unknown_names(read_config_file(path)):
            findings.append(Finding(WARNING, "check.config.unknown", {"name": name}))
    for name in GENERATED_SECRETS:
        try:
            settings.require_secret(name)
        except ConfigError as exc:
            findings.append(Finding(ERROR, "check.config.secret", {"problem": error_text(exc)}))
    findings.extend(_check_database(settings))
    if not offline:
        for platform in (check_facebook, check_x, check_disqus):
            findings.extend(platform(settings))
    for finding in findings:
        click.echo(f"{say(_MARK[finding.level])} {say(finding.key, **finding.values)}")
    errors = sum(1 for f in findings if f.level == ERROR)
    click.echo(say("check.summary", errors=errors))
    if errors:
        raise SystemExitError()


def _check_database(settings) -> list:
    from sqlalchemy.exc import SQLAlchemyError

    from pulso.collectors.credentials import ERROR, OK, WARNING, Finding
    from pulso.config_file import mask_url
    from pulso.db.engine import make_engine
    from pulso.db.migrate import current_revision, head_revision
    from pulso.db.preflight import check_database_url, sqlite_path

    url = mask_url(settings.database_url)
    try:
        check_database_url(settings.database_url)
        path = sqlite_path(settings.database_url)
        if path is not None and not path.exists():
            # Not created by a check: connecting would leave an empty file behind.
            return [Finding(WARNING, "check.database.upgrade", {"url": url})]
        engine = make_engine(settings.database_url)
        try:
            current = current_revision(engine)
        finally:
            engine.dispose()
    except ConfigError as exc:
        return [Finding(ERROR, "check.database.problem", {"problem": error_text(exc)})]
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return [Finding(ERROR, "check.database.problem", {"problem": f"{url}: {detail}"})]
    if current != head_revision():
        return [Finding(WARNING, "check.database.upgrade", {"url": url})]
    return [Finding(OK, "check.database.ok", {"url": url})]


class SystemExitError(PulsoError):
    """``pulso check`` found errors: exit 1 after its lines (nothing more to print)."""

    exit_code = 1

    def __init__(self) -> None:
        super().__init__("")


# ``pulso doctor``: the same command under another name, a separate object so that each
# name keeps its own help text.
doctor = copy.copy(check)
doctor.params = list(check.params)
