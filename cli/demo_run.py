"""The main job end to end on an embedded SQLite database, for a new user with no credentials.

``run_demo(out)`` creates ``out/pulso.db``, loads the 2018 consultation, starts the sandbox
(fake Graph API, X API v2 and Disqus servers on 127.0.0.1 serving the sample campaign in
their wire formats), runs the real collectors against it with generated sandbox
credentials, imports the e-mail / in-person and workshop files, scores the comments and
applies only the reviews the sample records, applies the team's decisions (merges, not
proposals, theme corrections, routing, answers) through the workflow API, and writes the
weekly and consultation reports into ``out/reports/``.

Re-running into the same folder changes nothing: every step is idempotent, and the secret
of the commenters' keyed hashes is kept in ``out/`` so the hashes stay the same.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from sqlalchemy import func, select

from pulso.analytics.consultation import AsOf
from pulso.cli.demo_steps import (
    apply_decisions,
    import_proposal_files,
    link_campaigns,
    report_folder,
    review_comments,
)
from pulso.cli.demo_summary import print_summary
from pulso.consultation.catalog import get_consultation, get_theme, load_consultation_file
from pulso.consultation.disqus import map_thread
from pulso.consultation.publication import set_published
from pulso.db.engine import make_engine, transaction
from pulso.db.migrate import upgrade
from pulso.db.models import Comment, Platform, Post
from pulso.errors import CollectionError
from pulso.i18n import t
from pulso.jobs.runner import collect
from pulso.reports import (
    consultation_report,
    report_weeks,
    weekly_report,
    write_consultation,
    write_weekly,
)
from pulso.sandbox.sample import Sample
from pulso.sandbox.sample_fakes import SampleSandbox
from pulso.sandbox.sample_files import load_sample
from pulso.settings import Settings

SAMPLE_CONSULTATION = "consultation_2018.json"
SECRET_FILE = "author-key.secret"
ACTOR = "pulso demo"
FORMATS = ["html", "pdf", "xlsx", "json"]


# The demo's own date: its answers were decided by September 2018, so its deadlines and
# overdue answers are counted as of the end of October 2018, not today (``PULSO_AS_OF`` for
# the dashboard, printed with the commands that serve it).
DEMO_AS_OF = dt.date(2018, 10, 31)


@dataclass
class DemoResult:
    database: Path
    consultation: str
    reports: Path
    files: list[Path] = field(default_factory=list)
    collected: dict[str, dict[str, int]] = field(default_factory=dict)
    report: dict = field(default_factory=dict)  # the consultation report's data (JSON schema)


def sample_path(name: str) -> Path:
    return Path(str(resources.files("pulso.sandbox") / "data" / name))


def author_secret(out: Path) -> str:
    """The keyed-hash secret of this demo folder: made once, then read back, so re-runs
    hash the same commenters to the same keys (owner-only file; never printed)."""
    path = out / SECRET_FILE
    if path.exists():
        return path.read_text("utf-8").strip()
    value = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return value


def sandbox_settings(database_url: str, secret: str, sandbox: SampleSandbox) -> Settings:
    """Settings pointing every platform at the sandbox (nothing read from a .env file, and
    no user-context X keys, so a developer's real configuration can never leak in)."""
    c = sandbox.credentials
    return Settings(
        _env_file=None,
        database_url=database_url,
        author_key_secret=secret,
        http_max_retries=2,
        http_backoff_base_seconds=0.1,
        http_backoff_cap_seconds=1.0,
        facebook_graph_url=sandbox.graph.url,
        facebook_access_token=c["facebook_access_token"],
        facebook_page_ids=[sandbox.sample.facebook_page.id],
        facebook_ad_account_id=c["facebook_ad_account_id"],
        x_api_url=sandbox.x.url,
        x_bearer_token=c["x_bearer_token"],
        x_consumer_key=None,
        x_consumer_secret=None,
        x_access_token=None,
        x_access_token_secret=None,
        x_accounts=[sandbox.sample.x_account.username],
        # The campaign is from 2018: replies are beyond recent search's 7 days.
        x_full_archive_search=True,
        x_wait_on_rate_limit=True,
        disqus_api_url=sandbox.disqus.api_url,
        disqus_api_key=c["disqus_api_key"],
        disqus_api_secret=None,
        disqus_forum=sandbox.disqus.forum,
        # The Secretariat's moderator account on the consultation site: its replies ("¡Gracias
        # por participar!") are the team's own, not proposals awaiting review.
        disqus_team_authors=["aga_sv_moderacion"],
    )


def collect_all(settings: Settings, engine) -> dict[str, object]:
    """``collect facebook``, ``collect x`` and ``collect disqus``, as the commands run them."""
    runs: dict[str, object] = {
        platform: collect(platform, settings, engine=engine)
        for platform in ("facebook", "x", "disqus")
    }
    for name, run in runs.items():
        if run.status != "succeeded":
            raise CollectionError.of(
                "err.demo.collect", name=name, status=run.status, message=run.reason()
            )
    return runs


def _collected(session) -> dict[str, dict[str, int]]:
    """What the database holds per platform (the same on every run)."""
    out = {}
    for platform in (Platform.FACEBOOK, Platform.X, Platform.DISQUS):
        posts = session.scalar(
            select(func.count()).select_from(Post).where(Post.platform == platform)
        )
        comments = session.scalar(
            select(func.count()).select_from(Comment).where(Comment.platform == platform)
        )
        out[platform.value] = {"posts": posts or 0, "comments": comments or 0}
    return out


def run_demo(
    out: Path,
    *,
    lang: str = "es",
    echo: Callable[[str], None] = print,
    sample: Sample | None = None,
) -> DemoResult:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    database = out / "pulso.db"
    url = f"sqlite:///{database.resolve()}"
    secret = author_secret(out)
    sample = sample or load_sample()
    engine = make_engine(url)
    try:
        upgrade(engine)
        with transaction(engine) as session:
            consultation = load_consultation_file(
                sample_path(SAMPLE_CONSULTATION), session=session
            ).consultation
            for thread in sample.disqus_threads:
                theme = get_theme(session=session, consultation=consultation, slug=thread.theme)
                map_thread(
                    session=session, consultation=consultation, theme=theme, link=thread.link
                )
            slug = consultation.slug
        with SampleSandbox(sample) as sandbox:
            settings = sandbox_settings(url, secret, sandbox)
            collect_all(settings, engine)
        with transaction(engine) as session:
            consultation = get_consultation(session=session, slug=slug)
            link_campaigns(session=session, sample=sample, consultation=consultation)
            import_proposal_files(
                session=session,
                sample=sample,
                consultation=consultation,
                secret=secret,
                actor=ACTOR,
            )
        with transaction(engine) as session:
            consultation = get_consultation(session=session, slug=slug)
            review_comments(session=session, sample=sample, consultation=consultation, actor=ACTOR)
        with transaction(engine) as session:
            consultation = get_consultation(session=session, slug=slug)
            apply_decisions(session=session, sample=sample, consultation=consultation)
            # The public results page (/public/<slug>) shows the demo's answers.
            set_published(session=session, slug=slug, published=True, actor=ACTOR)
        folder = report_folder(out)
        result = DemoResult(database=database, consultation=slug, reports=folder)
        with transaction(engine) as session:
            result.collected = _collected(session)
            as_of = dt.datetime.now(dt.UTC)
            for week in report_weeks(session=session, consultation=slug):
                data = weekly_report(
                    session=session, week=week, consultation=slug, lang=lang, as_of=as_of
                )
                result.files += write_weekly(data, formats=FORMATS, out=folder)
            result.report = consultation_report(
                session=session,
                consultation=slug,
                lang=lang,
                as_of=as_of,
                deadlines=AsOf(DEMO_AS_OF, "chosen"),
            )
            result.files += write_consultation(result.report, formats=FORMATS, out=folder)
        print_summary(result, lang=lang, echo=echo)
        echo(t("demo_public_url", lang, url=f"http://127.0.0.1:8000/public/{slug}"))
        return result
    finally:
        engine.dispose()
