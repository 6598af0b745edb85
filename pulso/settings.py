"""One validated settings object for the whole application.

Every value can be set with an environment variable prefixed ``PULSO_`` (for example
``PULSO_DATABASE_URL``), in a ``.env`` file in the working directory, or in the
configuration file ``pulso init`` writes (TOML, one ``name = value`` per setting, without
the prefix: ``database_url = "sqlite:////srv/pulso/pulso.db"``). Environment variables win
over ``.env``, which wins over the file. The file is the one ``--config PATH`` names (the
command line puts it in ``PULSO_CONFIG``), else ``PULSO_CONFIG``, else ``pulso.toml`` in
the working directory when there is one (``config_path``). Secrets are ``SecretStr``: they
never appear in ``repr()``, logs or error messages, and placeholder values are refused
outside tests.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from pulso.errors import ConfigError, KeyedValueError
from pulso.i18n import Joined, Message

# Values that people copy from examples and forget to change.
PLACEHOLDER_SECRETS = frozenset(
    {"", "changeme", "change-me", "change_me", "secret", "password", "xxx", "todo", "token"}
)


CONFIG_ENV = "PULSO_CONFIG"
CONFIG_FILE_NAME = "pulso.toml"


def config_path() -> Path | None:
    """The configuration file every command reads: ``PULSO_CONFIG`` (set by ``--config``),
    else ``pulso.toml`` in the working directory if it exists; None when there is none.

    A ``PULSO_CONFIG`` naming a missing file is returned as is: reading it is an error
    (``ConfigError``), not a silent fall back to the defaults."""
    named = os.environ.get(CONFIG_ENV, "").strip()
    if named:
        return Path(named).expanduser()
    local = Path.cwd() / CONFIG_FILE_NAME
    return local if local.is_file() else None


def _split_csv(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PULSO_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # --- storage -------------------------------------------------------------------------
    database_url: str = "sqlite:///pulso.db"
    # Keyed hash secret for commenters' and submitters' identifiers (HMAC-SHA256).
    author_key_secret: SecretStr | None = None
    # Days a commenter's display name is kept next to the keyed hash; 0 = never stored.
    author_name_retention_days: int = 90

    # --- locale --------------------------------------------------------------------------
    language: str = "es"
    timezone: str = "America/El_Salvador"
    # The day deadlines, overdue answers and days late are counted at: YYYY-MM-DD,
    # "closing" (each consultation's closing day) or "today" (default). Printed wherever
    # it is used.
    as_of: str | None = None

    # --- HTTP ----------------------------------------------------------------------------
    http_timeout_seconds: float = 30.0
    http_max_retries: int = 5
    http_backoff_base_seconds: float = 1.0
    http_backoff_cap_seconds: float = 300.0

    # --- collection runs -----------------------------------------------------------------
    # One run at a time per platform account. A run that finds another one collecting the
    # same account waits this long for it, then does not start (0: does not wait).
    collect_lock_wait_seconds: float = Field(0.0, ge=0)
    # The run's lock is a lease renewed every third of this; a run killed on another
    # machine keeps its accounts this long at most (on the same machine, not at all).
    collect_lock_ttl_seconds: float = Field(600.0, gt=0)

    # --- Facebook Graph API --------------------------------------------------------------
    facebook_graph_url: str = "https://graph.facebook.com"
    facebook_graph_version: str = "v25.0"
    facebook_access_token: SecretStr | None = None
    facebook_page_ids: Annotated[list[str], NoDecode] = Field(default_factory=list)
    facebook_comment_rescan_days: int = 7
    # Slow down when any usage header reports at least this percentage.
    facebook_usage_slowdown_percent: float = 80.0
    # Insights and counts are refreshed for posts published in the last this many days.
    facebook_insights_refresh_days: int = 90
    # Marketing API ad account ("act_123" or "123") whose ads boost the Pages' posts.
    facebook_ad_account_id: str | None = None

    # --- X API v2 ------------------------------------------------------------------------
    x_api_url: str = "https://api.twitter.com"
    x_bearer_token: SecretStr | None = None
    x_consumer_key: SecretStr | None = None
    x_consumer_secret: SecretStr | None = None
    x_access_token: SecretStr | None = None
    x_access_token_secret: SecretStr | None = None
    x_accounts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    x_full_archive_search: bool = False
    x_max_reads_per_run: int = 10_000
    x_max_reads_per_month: int = 100_000
    x_cost_per_read_usd: float = 0.005
    # On 429: sleep until the reset (capped) or stop and resume on the next run.
    x_wait_on_rate_limit: bool = True
    x_rate_limit_max_sleep_seconds: float = 900.0

    # --- Disqus --------------------------------------------------------------------------
    disqus_api_url: str = "https://disqus.com/api/3.0"
    disqus_api_key: SecretStr | None = None
    # Server-side (secret) key; used instead of the public key when set.
    disqus_api_secret: SecretStr | None = None
    disqus_forum: str | None = None
    # Disqus usernames the team writes from (its moderators): their posts are the team's
    # own, never proposals, like replies from the team's Facebook Page or X account.
    disqus_team_authors: Annotated[list[str], NoDecode] = Field(default_factory=list)

    # --- consultation workflow -----------------------------------------------------------
    answer_deadline_working_days: int = 15

    # --- extraction (proposals, abuse, themes) -------------------------------------------
    # After this many reviewer decisions a new model version trains in the background and is
    # activated only when it is not worse on the decisions it has not seen; 0: never.
    extract_retrain_every: int = Field(default=25, ge=0)
    # Threads the sentence encoder may use (0: every core).
    extract_threads: int = Field(default=0, ge=0, le=64)

    # --- e-mail delivery -----------------------------------------------------------------
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_sender: str = "pulso@localhost"
    report_recipients: Annotated[list[str], NoDecode] = Field(default_factory=list)

    # --- web service ---------------------------------------------------------------------
    web_session_secret: SecretStr | None = None
    # Secure cookies: always (true), never (false), or when the request came over HTTPS
    # (unset; honours X-Forwarded-Proto only from web_trusted_proxies).
    web_secure_cookies: bool | None = None
    web_trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["127.0.0.1"]
    )
    web_session_max_age_seconds: int = 12 * 3600
    # Login throttling: this many failures per username or client address in the window.
    web_login_max_failures: int = 5
    web_login_window_seconds: int = 15 * 60
    web_page_size: int = 50
    # The overview warns when a week's abusive comments (``analytics.comments``: marked by a
    # reviewer, or scored abusive and not cleared) are more than this share of its comments,
    # counted once the week has at least ``abuse_alert_min_comments`` (a share of 2 says
    # little).
    abuse_alert_share: float = Field(default=0.10, ge=0.0, le=1.0)
    abuse_alert_min_comments: int = Field(default=5, ge=1)
    # ``pulso serve`` worker processes; 0: one per CPU core, at most 4. Each process has its
    # own login throttle, so N workers admit up to N x web_login_max_failures guesses.
    web_workers: int = Field(default=0, ge=0, le=64)
    # Threads per worker process running requests. Few is fastest for CPU-bound pages (the
    # GIL); 2 keeps one free while the other generates a report.
    web_threads: int = Field(default=2, ge=1, le=64)
    # Where reports generated from the web and by the weekly job are kept for download.
    web_reports_dir: str = "reports-output"

    # --- scheduling (``pulso serve``) ----------------------------------------------------
    scheduler_enabled: bool = True
    # Collect every N hours per platform; 0 turns that platform's schedule off.
    schedule_collect_facebook_hours: float = 6.0
    schedule_collect_x_hours: float = 12.0
    schedule_collect_disqus_hours: float = 2.0
    # Weekly report: weekday (mon..sun) and local time HH:MM in ``timezone``.
    schedule_weekly_report_day: str = "mon"
    schedule_weekly_report_time: str = "08:00"
    # A job's lock expires after this long, so a crashed process never blocks it forever.
    job_lock_ttl_seconds: int = 3 * 3600

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Arguments (tests), then the environment, then .env, then the configuration file.
        sources = [init_settings, env_settings, dotenv_settings]
        path = config_path()
        if path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return (*sources, file_secret_settings)

    @field_validator(
        "facebook_page_ids",
        "x_accounts",
        "disqus_team_authors",
        "report_recipients",
        "web_trusted_proxies",
        mode="before",
    )
    @classmethod
    def _csv_lists(cls, value: object) -> object:
        return _split_csv(value)

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in ("es", "en"):
            raise KeyedValueError("err.config.language")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ValueError, ZoneInfoNotFoundError):
            raise KeyedValueError("err.config.timezone", value=value) from None
        return value

    @field_validator("schedule_weekly_report_day")
    @classmethod
    def _weekday(cls, value: str) -> str:
        value = value.strip().lower()[:3]
        if value not in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
            raise KeyedValueError("err.config.weekday")
        return value

    @field_validator("schedule_weekly_report_time")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        hour, _, minute = value.strip().partition(":")
        if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
            raise KeyedValueError("err.config.time")
        return f"{int(hour):02d}:{int(minute):02d}"

    def require_secret(self, name: str) -> str:
        """Return the secret's value, refusing a missing or placeholder one.

        The error names the variable, never the value.
        """
        secret = getattr(self, name)
        env_name = f"PULSO_{name.upper()}"
        if secret is None:
            raise ConfigError.of("err.config.not_set", name=env_name)
        value = secret.get_secret_value()
        if value.strip().lower() in PLACEHOLDER_SECRETS and not _testing():
            raise ConfigError.of("err.config.placeholder", name=env_name)
        return value


def _testing() -> bool:
    return os.environ.get("PULSO_TESTING") == "1"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once). Tests build their own ``Settings``.

    An invalid value is a ``ConfigError`` naming the variable (one line for the command
    line), never the value: it may be a secret."""
    path = config_path()
    if path is not None:
        read_config_file(path)  # a missing or malformed file: one line naming it
    try:
        return Settings()
    except ValidationError as exc:
        problems = Joined(
            tuple(_problem(error) for error in exc.errors(include_input=False, include_url=False)),
            "; ",
        )
        where = f" ({path})" if path is not None else ""
        raise ConfigError.of("err.config.invalid", where=where, problems=problems) from None


def _problem(error) -> Message | str:
    """One invalid setting: ``PULSO_NAME: what is wrong`` (ours in the catalogue's words,
    pydantic's own in English)."""
    original = (error.get("ctx") or {}).get("error")
    problem: Message | str = error["msg"]
    if isinstance(original, KeyedValueError):
        inner = Message(original.key, original.values)
        problem = Message.of("err.config.value_error", problem=inner)
    if not error["loc"]:
        return problem
    return Message.of(
        "err.config.problem", name=f"PULSO_{str(error['loc'][0]).upper()}", problem=problem
    )


def read_config_file(path: Path) -> dict[str, object]:
    """The configuration file's values; ``ConfigError`` naming the file (and the line) when
    it cannot be read or is not TOML."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError.of("err.config.file_missing", path=path, variable=CONFIG_ENV) from None
    except OSError as exc:
        problem = exc.strerror or str(exc)
        raise ConfigError.of("err.config.file_unreadable", path=path, problem=problem) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError.of("err.config.file_not_toml", path=path, problem=str(exc)) from None
