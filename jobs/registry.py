"""The scheduled jobs ``pulso serve`` runs and ``pulso jobs run`` / ``pulso collect all``
run once: ``collect:facebook``, ``collect:x``, ``collect:disqus`` and ``report:weekly``.

Each calls the same library functions as its command (``pulso collect ...``, ``pulso report
weekly --email``). A platform that is not configured is skipped with one log line saying
which settings it needs, so a team that uses only Facebook gets no errors from X. Modules
named in ``JOB_MODULES`` may register more jobs when imported.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from pulso.db.engine import transaction
from pulso.i18n import Label, Message, t
from pulso.jobs.scheduler import REGISTRY, JobContext, JobRegistry
from pulso.settings import Settings

log = logging.getLogger("pulso.jobs")

JOB_MODULES: tuple[str, ...] = ()


@dataclass(frozen=True)
class JobResult:
    """What a job did, in one line for logs and ``pulso collect all``: ``str()`` is the
    English line (the logs), ``localized(lang)`` the line in a reader's language (the
    catalogue message ``key`` with ``values``, ``pulso.i18n.cli_output``)."""

    status: str  # done | skipped | stopped | failed
    message: str
    key: str | None = None
    values: dict[str, object] = field(default_factory=dict)

    @classmethod
    def of(cls, status: str, key: str, **values: object) -> JobResult:
        return cls(status, t(key, "en", **values), key, values)

    def __str__(self) -> str:
        return f"{self.status}: {self.message}"

    def localized(self, lang: str) -> str:
        message = t(self.key, lang, **self.values) if self.key else self.message
        return t("job.result", lang, status=Label(f"job.status.{self.status}"), message=message)


def missing_settings(settings: Settings, platform: str) -> list[str]:
    """The settings a platform's collection needs and lacks (empty: configured)."""
    needs = {
        "facebook": {
            "PULSO_FACEBOOK_ACCESS_TOKEN": settings.facebook_access_token,
            "PULSO_FACEBOOK_PAGE_IDS": settings.facebook_page_ids,
            "PULSO_AUTHOR_KEY_SECRET": settings.author_key_secret,
        },
        "x": {
            "PULSO_X_BEARER_TOKEN": settings.x_bearer_token,
            "PULSO_X_ACCOUNTS": settings.x_accounts,
            "PULSO_AUTHOR_KEY_SECRET": settings.author_key_secret,
        },
        "disqus": {
            "PULSO_DISQUS_API_KEY / PULSO_DISQUS_API_SECRET": settings.disqus_api_key
            or settings.disqus_api_secret,
            "PULSO_DISQUS_FORUM": settings.disqus_forum,
            "PULSO_AUTHOR_KEY_SECRET": settings.author_key_secret,
        },
    }[platform]
    return [name for name, value in needs.items() if not value]


def _skipped(ctx: JobContext, platform: str) -> JobResult | None:
    missing = missing_settings(ctx.settings, platform)
    if not missing:
        return None
    result = JobResult.of(
        "skipped", "job.not_configured", platform=platform, settings=", ".join(missing)
    )
    log.info("job %s skipped: %s", ctx.name, result.message)
    return result


def _summary(platform: str, summary) -> JobResult:
    values: dict[str, object] = {
        "platform": platform,
        "run": summary.run_id,
        "run_status": Label(f"job.run_status.{summary.status}"),
        "requests": summary.requests,
        "retries": summary.retries,
        "posts": summary.written.posts,
        "comments": summary.written.comments,
        "observations": summary.written.observations,
    }
    key = "job.collected"
    if summary.warnings:
        key, values["warnings"] = "job.collected.warnings", len(summary.warnings)
    status = {"succeeded": "done", "stopped": "stopped"}.get(str(summary.status), "failed")
    message = Message.of(key, **values)
    if summary.message:  # the run's own record of why it stopped
        result = JobResult.of(status, "job.with_detail", message=message, detail=summary.reason())
    else:
        result = JobResult.of(status, key, **values)
    log.info("job collect:%s %s", platform, result.message)
    return result


def _collect(ctx: JobContext, platform: str) -> JobResult:
    """One platform's collection run; another run collecting the same account makes this
    one a skip, not a failure."""
    if skipped := _skipped(ctx, platform):
        return skipped
    from pulso.errors import CollectionBusy
    from pulso.jobs.runner import collect

    try:
        summary = collect(platform, ctx.settings, engine=ctx.engine)
    except CollectionBusy as exc:
        log.info("job %s skipped: %s", ctx.name, exc)
        if exc.key is None:
            return JobResult("skipped", str(exc))
        return JobResult.of("skipped", exc.key, **exc.values)
    return _summary(platform, summary)


def collect_facebook(ctx: JobContext) -> JobResult:
    """``pulso collect facebook`` for ``PULSO_FACEBOOK_PAGE_IDS``."""
    return _collect(ctx, "facebook")


def collect_x(ctx: JobContext) -> JobResult:
    """``pulso collect x`` for ``PULSO_X_ACCOUNTS``."""
    return _collect(ctx, "x")


def collect_disqus(ctx: JobContext) -> JobResult:
    """``pulso collect disqus`` for ``PULSO_DISQUS_FORUM``."""
    return _collect(ctx, "disqus")


def previous_week(started_at: dt.datetime, tz: str) -> str:
    """The last complete local week before ``started_at``, like "2026-W47"."""
    today = started_at.astimezone(ZoneInfo(tz)).date()
    monday = today - dt.timedelta(days=today.weekday() + 7)
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_report(ctx: JobContext) -> JobResult:
    """The previous local week's report in every format, e-mailed (PDF and XLSX) to
    ``PULSO_REPORT_RECIPIENTS`` when any are set."""
    from pulso.i18n import format_date
    from pulso.reports import FORMATS, send_report
    from pulso.reports.files import make_weekly
    from pulso.reports.text import t

    settings = ctx.settings
    lang = settings.language
    week = previous_week(ctx.started_at, settings.timezone)
    with transaction(ctx.engine) as session:
        data, files = make_weekly(
            session=session, settings=settings, week=week, formats=list(FORMATS), lang=lang
        )
    values = {"week": week, "files": len(files), "folder": str(settings.web_reports_dir)}
    if not settings.report_recipients:
        result = JobResult.of("done", "job.weekly", **values)
        log.info("job %s: %s; not e-mailed (no PULSO_REPORT_RECIPIENTS)", ctx.name, result.message)
        return result
    attachments = [p for p in files if p.suffix in (".pdf", ".xlsx")]
    scope = data["scope"]["campaign_name"] or data["scope"]["consultation_name"] or ""
    subject = f"{t('w.title', lang)} {data['week']['label']}" + (f" — {scope}" if scope else "")
    first = format_date(dt.date.fromisoformat(data["week"]["first_day"]), lang)
    body = f"{subject}\n{first}\n\n" + "\n".join(p.name for p in attachments)
    sent = send_report(settings=settings, subject=subject, body=body, files=attachments)
    result = JobResult.of("done", "job.weekly.emailed", **values, recipients=len(sent))
    log.info("job %s: %s", ctx.name, result.message)
    return result


def extract_learn(ctx: JobContext) -> JobResult:
    """Train a new extraction model version when ``PULSO_EXTRACT_RETRAIN_EVERY`` reviewer
    decisions were made since the active one; activate it only when it is not worse."""
    from pulso.consultation.learning import retrain_if_due

    with transaction(ctx.engine) as session:
        result = retrain_if_due(session=session, every=ctx.settings.extract_retrain_every)
    if result is None:
        return JobResult.of("skipped", "job.learn.not_enough")
    done = JobResult.of(
        "done",
        "job.learn.activated" if result.activated else "job.learn.kept",
        version=result.version,
        decisions=result.decisions,
    )
    log.info("job %s: %s", ctx.name, done.message)
    return done


BUILTIN_JOBS = {
    "collect:facebook": collect_facebook,
    "collect:x": collect_x,
    "collect:disqus": collect_disqus,
    "report:weekly": weekly_report,
    "extract:learn": extract_learn,
}


def load_jobs(
    modules: tuple[str, ...] = JOB_MODULES, registry: JobRegistry = REGISTRY
) -> JobRegistry:
    """The registry with the built-in jobs (a name registered already is kept, so a test or
    a plug-in can replace one) and those of ``modules``."""
    for name, func in BUILTIN_JOBS.items():
        if name not in registry:
            registry.register(name, func)
    for module in modules:
        importlib.import_module(module)
    return registry
