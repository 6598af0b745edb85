"""Scheduled jobs for ``pulso serve``: a registry of callables by name, a runner that never
lets two copies of a job overlap (``db.locks``, across processes), and the APScheduler
triggers built from settings.

Other packages register their jobs by name::

    from pulso.jobs.scheduler import REGISTRY
    REGISTRY.register("collect:facebook", collect_facebook)   # fn(ctx: JobContext)
    REGISTRY.register("report:weekly", send_weekly_report)

``collect:<platform>`` jobs run every ``PULSO_SCHEDULE_COLLECT_<PLATFORM>_HOURS`` hours and
``report:weekly`` every week at ``PULSO_SCHEDULE_WEEKLY_REPORT_DAY``/``..._TIME`` in
``PULSO_TIMEZONE``. A name that is not registered is simply not scheduled.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine

from pulso.db import locks
from pulso.db.types import utcnow
from pulso.settings import Settings

log = logging.getLogger("pulso.scheduler")

COLLECT_PLATFORMS = ("facebook", "x", "disqus")
WEEKLY_REPORT = "report:weekly"
LEARN = "extract:learn"


@dataclass(frozen=True)
class JobContext:
    """What a job receives: settings, an engine (the job opens its own transactions), its
    name and the time it started (UTC)."""

    settings: Settings
    engine: Engine
    name: str
    started_at: dt.datetime


JobFunc = Callable[[JobContext], object]


class JobRegistry:
    """Jobs by name. Registering a name twice replaces the callable (tests, reloads)."""

    def __init__(self) -> None:
        self._jobs: dict[str, JobFunc] = {}

    def register(self, name: str, func: JobFunc | None = None):
        if func is None:
            return lambda f: self.register(name, f)
        self._jobs[name] = func
        return func

    def unregister(self, name: str) -> None:
        self._jobs.pop(name, None)

    def get(self, name: str) -> JobFunc:
        try:
            return self._jobs[name]
        except KeyError:
            raise KeyError(
                f"no job named {name!r}; registered: {', '.join(self.names())}"
            ) from None

    def names(self) -> list[str]:
        return sorted(self._jobs)

    def __contains__(self, name: str) -> bool:
        return name in self._jobs


REGISTRY = JobRegistry()


@dataclass(frozen=True)
class JobOutcome:
    name: str
    ran: bool  # False: another process or thread held the job's lock
    result: object = None
    error: str | None = None


class JobRunner:
    """Runs registered jobs under their lock ``job:<name>``."""

    def __init__(
        self,
        *,
        settings: Settings,
        engine: Engine,
        registry: JobRegistry = REGISTRY,
        clock: Callable[[], dt.datetime] = utcnow,
        holder: str | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.registry = registry
        self.clock = clock
        self.holder = holder or locks.holder_id()

    def run(self, name: str) -> JobOutcome:
        func = self.registry.get(name)
        lock_name = f"job:{name}"
        now = self.clock()
        ttl = self.settings.job_lock_ttl_seconds
        if not locks.acquire(self.engine, lock_name, self.holder, ttl_seconds=ttl, now=now):
            log.info("job %s skipped: already running elsewhere", name)
            return JobOutcome(name, ran=False)
        log.info("job %s started", name)
        try:
            result = func(JobContext(self.settings, self.engine, name, now))
        except Exception as exc:  # a failed job must not kill the scheduler thread
            log.exception("job %s failed", name)
            return JobOutcome(name, ran=True, error=f"{type(exc).__name__}: {exc}")
        finally:
            locks.release(self.engine, lock_name, self.holder)
        log.info("job %s finished", name)
        return JobOutcome(name, ran=True, result=result)


def triggers(settings: Settings, registry: JobRegistry = REGISTRY) -> dict[str, BaseTrigger]:
    """The trigger of every registered job that settings schedule."""
    zone = ZoneInfo(settings.timezone)
    planned: dict[str, BaseTrigger] = {}
    for platform in COLLECT_PLATFORMS:
        hours = getattr(settings, f"schedule_collect_{platform}_hours")
        name = f"collect:{platform}"
        if hours and hours > 0 and name in registry:
            planned[name] = IntervalTrigger(seconds=int(hours * 3600), timezone=zone)
    if LEARN in registry and settings.extract_retrain_every > 0:
        # Decisions made on the command line, or while a web worker was busy, are caught up.
        planned[LEARN] = IntervalTrigger(seconds=3600, timezone=zone)
    if WEEKLY_REPORT in registry:
        hour, minute = (int(part) for part in settings.schedule_weekly_report_time.split(":"))
        planned[WEEKLY_REPORT] = CronTrigger(
            day_of_week=settings.schedule_weekly_report_day, hour=hour, minute=minute, timezone=zone
        )
    return planned


def next_runs(
    settings: Settings, now: dt.datetime, registry: JobRegistry = REGISTRY
) -> dict[str, dt.datetime]:
    """When each scheduled job fires next after ``now`` (what the scheduler will do)."""
    result = {}
    for name, trigger in triggers(settings, registry).items():
        if isinstance(trigger, IntervalTrigger):
            # APScheduler starts an interval one interval after the job is added.
            first = now + trigger.interval
            trigger = IntervalTrigger(
                seconds=int(trigger.interval.total_seconds()),
                start_date=first,
                timezone=trigger.timezone,
            )
            fire = trigger.get_next_fire_time(None, now)
        else:
            fire = trigger.get_next_fire_time(None, now)
        if fire is not None:
            result[name] = fire
    return result


def build_scheduler(runner: JobRunner) -> BackgroundScheduler:
    """An APScheduler scheduler with every planned job; ``start()`` it, ``shutdown()`` at exit."""
    scheduler = BackgroundScheduler(timezone=ZoneInfo(runner.settings.timezone))
    for name, trigger in triggers(runner.settings, runner.registry).items():
        scheduler.add_job(
            runner.run,
            trigger,
            args=[name],
            id=name,
            name=name,
            # One instance per process; the table lock covers other processes.
            max_instances=1,
            coalesce=True,
            misfire_grace_time=3600,
        )
    return scheduler
