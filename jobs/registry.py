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
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pulso.db.engine import transaction
from pulso.jobs.scheduler import REGISTRY, JobContext, JobRegistry
from pulso.settings import Settings

log = logging.getLogger("pulso.jobs")

JOB_MODULES: tuple[str, ...] = ()


@dataclass(frozen=True)
class JobResult:
    """What a job did, in one line for logs and ``pulso collect all``."""

    status: str  # done | skipped | stopped | failed
    message: str

    def __str__(self) -> str:
        return f"{self.status}: {self.message}"


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
            "PULSO_DISQUS_API_KEY or PULSO_DISQUS_API_SECRET": settings.disqus_api_key
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
    message = f"{platform} is not configured (set {', '.join(missing)})"
    log.info("job %s skipped: %s", ctx.name, message)
    return JobResult("skipped", message)


def _summary(platform: str, summary) -> JobResult:
    message = (
        f"{platform}: run {summary.run_id} {summary.status}, {summary.requests} requests, "
        f"{summary.retries} retries, {summary.written.posts} posts, "
        f"{summary.written.comments} comments, {summary.written.observations} observations "
        "stored"
    )
    if summary.warnings:
        message += f", {len(summary.warnings)} warning(s) (see the run's record)"
    if summary.message:
        message += f" ({summary.message})"
    status = {"succeeded": "done", "stopped": "stopped"}.get(str(summary.status), "failed")
    log.info("job collect:%s %s", platform, message)
    return JobResult(status, message)


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
        return JobResult("skipped", str(exc))
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
    message = f"weekly report {week}: {len(files)} files in {settings.web_reports_dir}"
    if not settings.report_recipients:
        log.info("job %s: %s; not e-mailed (no PULSO_REPORT_RECIPIENTS)", ctx.name, message)
        return JobResult("done", message)
    attachments = [p for p in files if p.suffix in (".pdf", ".xlsx")]
    scope = data["scope"]["campaign_name"] or data["scope"]["consultation_name"] or ""
    subject = f"{t('w.title', lang)} {data['week']['label']}" + (f" — {scope}" if scope else "")
    first = format_date(dt.date.fromisoformat(data["week"]["first_day"]), lang)
    body = f"{subject}\n{first}\n\n" + "\n".join(p.name for p in attachments)
    sent = send_report(settings=settings, subject=subject, body=body, files=attachments)
    message += f", e-mailed to {len(sent)} recipient(s)"
    log.info("job %s: %s", ctx.name, message)
    return JobResult("done", message)


def extract_learn(ctx: JobContext) -> JobResult:
    """Train a new extraction model version when ``PULSO_EXTRACT_RETRAIN_EVERY`` reviewer
    decisions were made since the active one; activate it only when it is not worse."""
    from pulso.consultation.learning import retrain_if_due

    with transaction(ctx.engine) as session:
        result = retrain_if_due(session=session, every=ctx.settings.extract_retrain_every)
    if result is None:
        return JobResult("skipped", "not enough new decisions to train")
    state = "activated" if result.activated else "kept inactive (worse than the active one)"
    message = f"model {result.version} on {result.decisions} new decisions: {state}"
    log.info("job %s: %s", ctx.name, message)
    return JobResult("done", message)


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
