"""Server-rendered pages. Each route names the roles it admits (``page_viewer``)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.analytics.paid import post_story
from pulso.analytics.periods import Period
from pulso.analytics.posts import preview
from pulso.consultation.disqus import thread_theme_slugs
from pulso.consultation.learning import version_label
from pulso.consultation.review import abuse_flagged, queue_page
from pulso.db import paging
from pulso.db.models import (
    Channel,
    Consultation,
    DisqusThread,
    Institution,
    Platform,
    PostKind,
    ProposalStatus,
    Role,
    RunStatus,
)
from pulso.i18n import format_date, t
from pulso.web import charts, exports, listings, queries
from pulso.web.deps import (
    ALL_ROLES,
    ANALYSTS,
    REVIEWERS,
    STAFF,
    IdPath,
    PageQuery,
    Viewer,
    as_of_day,
    db_session,
    language,
    optional_id,
    page_viewer,
    period_of,
    week_of,
)
from pulso.web.render import option_tags, render, thumbnail_response

router = APIRouter(include_in_schema=False)


def _page_size(request: Request) -> int:
    return request.app.state.settings.web_page_size


@router.get("/")
def overview(
    request: Request,
    week: str | None = None,
    first: str | None = Query(None, alias="from"),
    last: str | None = Query(None, alias="to"),
    viewer: Viewer = Depends(page_viewer(ALL_ROLES)),
    session: Session = Depends(db_session),
):
    if viewer.role is Role.INSTITUTION:
        return RedirectResponse("/inbox", status_code=303)
    zone = request.app.state.zone
    # A chosen range wins over a week; a week is a period of seven days.
    chosen_range = bool(first or last)
    selected = None if chosen_range else week_of(week)
    period = period_of(selected, first, last, zone)
    figures = queries.overview(
        session=session, zone=zone, period=period, cache=request.app.state.overview
    )
    lang = language(request)
    # One bar per day of the period, or one bar per week of the whole campaign or a long one.
    daily_bars = period is not None and period.days <= queries.DAILY_BARS_UP_TO
    prefix = "" if daily_bars else ("sem. " if lang == "es" else "wk ")
    points = [(f"{prefix}{d.day}/{d.month}", v) for d, v in figures.daily]
    chart_title = "chart_daily" if daily_bars else "chart_weekly"
    log_note = t("log_scale", lang)
    chart = charts.bar_chart(points, label=t(chart_title, lang), lang=lang, log_note=log_note)
    reach_points = [(p.label or p.external_id[:10], r or 0) for p, r, _ in figures.top_posts if r]
    reach_chart = charts.bar_chart(
        reach_points, label=t("chart_reach", lang), lang=lang, log_note=log_note
    )
    settings = request.app.state.settings
    return render(
        request,
        "overview.html",
        viewer,
        figures=figures,
        weeks=request.app.state.weeks.get(session=session, zone=zone),
        selected=selected,
        period=period,
        chosen_range=chosen_range,
        chart=chart,
        chart_title=chart_title,
        reach_chart=reach_chart,
        consultations=queries.consultation_figures(session=session),
        tone=queries.tone_trend(
            session=session,
            zone=zone,
            period=period,
            alert_share=settings.abuse_alert_share,
            min_comments=settings.abuse_alert_min_comments,
        ),
        alert_share=settings.abuse_alert_share,
        preview=preview,
        thumbnails=listings.thumbnails_of(
            session=session, post_ids=[post.id for post, _, _ in figures.top_posts]
        ),
    )


def _post_filters(
    request: Request,
    platform: str | None,
    week: str | None,
    first: str | None,
    last: str | None,
    kind: str | None,
    boosted: str | None,
    sort: str,
    order: str,
) -> listings.PostFilters:
    """The posts page's filters from its query (the page and its downloads share them)."""
    zone = request.app.state.zone
    chosen_range = bool(first or last)
    monday = None if chosen_range else week_of(week)
    return listings.PostFilters(
        platform=platform if platform in {p.value for p in Platform} else None,
        week=monday,
        kind=kind if kind in {k.value for k in PostKind} else None,
        boosted={"yes": True, "no": False}.get(boosted or ""),
        sort=sort if sort in queries.POST_SORTS else "published_at",
        descending=order != "asc",
        period=period_of(None, first, last, zone) if chosen_range else None,
    )


@router.get("/posts")
def posts(
    request: Request,
    platform: str | None = None,
    week: str | None = None,
    first: str | None = Query(None, alias="from"),
    last: str | None = Query(None, alias="to"),
    kind: str | None = None,
    boosted: str | None = None,
    sort: str = "published_at",
    order: str = "desc",
    page: PageQuery = 1,
    viewer: Viewer = Depends(page_viewer(STAFF)),
    session: Session = Depends(db_session),
):
    zone = request.app.state.zone
    filters = _post_filters(request, platform, week, first, last, kind, boosted, sort, order)
    result = listings.post_rows(
        session=session,
        zone=zone,
        filters=filters,
        page=page,
        per_page=_page_size(request),
    )
    lang = language(request)
    period = filters.period or (Period.of_week(filters.week, str(zone)) if filters.week else None)
    comparison = (
        queries.period_comparison(
            session=session,
            zone=zone,
            period=period,
            cache=request.app.state.overview,
            **filters.figure_filters,
        )
        if period is not None
        else {}
    )
    return render(
        request,
        "posts.html",
        viewer,
        result=result,
        filters=filters,
        period=period,
        comparison=comparison,
        weeks=request.app.state.weeks.get(session=session, zone=zone),
        platforms=[p.value for p in Platform],
        kinds=[k.value for k in PostKind],
        # Looked up once, not once per row.
        platform_names={p.value: t("platform_" + p.value, lang) for p in Platform},
        kind_names={k.value: t("kind_" + k.value, lang) for k in PostKind},
    )


# A download holds at most this many rows (the first ones in the page's order).
EXPORT_LIMIT = 50_000


@router.get("/posts.{fmt}")
def posts_download(
    request: Request,
    fmt: str,
    platform: str | None = None,
    week: str | None = None,
    first: str | None = Query(None, alias="from"),
    last: str | None = Query(None, alias="to"),
    kind: str | None = None,
    boosted: str | None = None,
    sort: str = "published_at",
    order: str = "desc",
    viewer: Viewer = Depends(page_viewer(STAFF)),
    session: Session = Depends(db_session),
):
    """The posts list as filtered on the page, every row, as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise HTTPException(404)
    zone = request.app.state.zone
    filters = _post_filters(request, platform, week, first, last, kind, boosted, sort, order)
    result = listings.post_rows(
        session=session, zone=zone, filters=filters, page=1, per_page=EXPORT_LIMIT
    )
    lang = language(request)
    return exports.posts_download(result.items, fmt=fmt, lang=lang, zone=zone)


@router.get("/posts/{post_id}")
def post_detail(
    request: Request,
    post_id: IdPath,
    metric: str | None = None,
    page: PageQuery = 1,
    viewer: Viewer = Depends(page_viewer(STAFF)),
    session: Session = Depends(db_session),
):
    post = listings.get_post(session=session, post_id=post_id)
    if post is None:
        raise HTTPException(404)
    history = listings.metric_history(session=session, post_id=post_id)
    # Asked for, else the first headline figure the post has (reach on Facebook,
    # impressions on X), else any.
    preferred = [metric, *queries.HEADLINE_METRICS, *sorted(history)]
    chosen = next((m for m in preferred if m in history), None)
    lang = language(request)
    zone = request.app.state.zone
    # A chart needs two observations: one is said in words (its value and day).
    chart = (
        charts.line_chart(
            history[chosen],
            label=t("metric_" + chosen, lang),
            lang=lang,
            date_label=_history_label(history[chosen], zone, lang),
        )
        if chosen and len(history[chosen]) > 1
        else None
    )
    comments = paging.paginate(
        session,
        listings.comments_query(post_id=post_id),
        page=page,
        per_page=_page_size(request),
    )
    return render(
        request,
        "post_detail.html",
        viewer,
        post=post,
        history=history,
        chosen=chosen,
        chart=chart,
        comments=comments,
        thumbnail=listings.thumbnails_of(session=session, post_ids=[post_id]).get(post_id),
        # Every figure from the metrics layer (analytics.posts, analytics.paid).
        story=post_story(session=session, post_id=post_id),
    )


@router.get("/posts/{post_id}/thumbnail")
def post_thumbnail(
    request: Request,
    post_id: IdPath,
    viewer: Viewer = Depends(page_viewer(STAFF)),
    session: Session = Depends(db_session),
):
    """The post's stored thumbnail (``post_thumbnail``), from this origin; 404 without one."""
    thumbnail = listings.get_thumbnail(session=session, post_id=post_id)
    if thumbnail is None:
        raise HTTPException(404)
    return thumbnail_response(request, thumbnail)


@router.get("/glossary")
def glossary(request: Request, viewer: Viewer = Depends(page_viewer(ALL_ROLES))):
    """Every term the pages, reports and command line use, with its definition."""
    from pulso.i18n.glossary import TERMS

    return render(request, "glossary.html", viewer, terms=list(TERMS))


@router.get("/runs")
def runs(
    request: Request,
    platform: str | None = None,
    status: str | None = None,
    page: PageQuery = 1,
    viewer: Viewer = Depends(page_viewer(ANALYSTS)),
    session: Session = Depends(db_session),
):
    status = status if status in {s.value for s in RunStatus} else None
    result = paging.paginate(
        session,
        listings.runs_query(platform=platform or None, status=status),
        page=page,
        per_page=_page_size(request),
    )
    return render(
        request,
        "runs.html",
        viewer,
        result=result,
        cost=listings.estimated_cost,
        warnings=listings.run_warnings,
        run_message=listings.run_message,
        stored=listings.run_stored,
        statuses=[s.value for s in RunStatus],
        platforms=["facebook", "x", "disqus"],
        platform=platform,
        status=status,
    )


def _proposal_filters(theme: str | None, status: str | None, channel: str | None) -> dict:
    return {
        "theme_id": optional_id(theme),
        "status": status if status in {s.value for s in ProposalStatus} else None,
        "channel": channel if channel in {c.value for c in Channel} else None,
    }


@router.get("/proposals")
def proposals(
    request: Request,
    theme: str | None = None,
    status: str | None = None,
    channel: str | None = None,
    page: PageQuery = 1,
    viewer: Viewer = Depends(page_viewer(ALL_ROLES)),
    session: Session = Depends(db_session),
):
    if viewer.role is Role.INSTITUTION:
        return RedirectResponse("/inbox", status_code=303)
    filters = _proposal_filters(theme, status, channel)
    # By default the proposals counted (as on every other page); ``status=all`` lists every
    # item received, "not a proposal" and merged ones included.
    every_item = status == "all"
    result = paging.paginate(
        session,
        listings.proposals_query(**filters, counted_only=not every_item),
        page=page,
        per_page=_page_size(request),
    )
    return render(
        request,
        "proposals.html",
        viewer,
        result=result,
        filters=filters,
        every_item=every_item,
        consultations=queries.consultation_figures(session=session),
        themes=listings.all_themes(session=session),
        statuses=[s.value for s in ProposalStatus],
        channels=[c.value for c in Channel],
        title_key="nav_proposals",
        today=as_of_day(request).day,
        institutions=list(session.scalars(select(Institution).order_by(Institution.name))),
        default_days=request.app.state.settings.answer_deadline_working_days,
        flash={k: request.query_params.get(k) for k in ("done", "n", "error", "detail")},
    )


@router.get("/proposals.{fmt}")
def proposals_download(
    request: Request,
    fmt: str,
    theme: str | None = None,
    status: str | None = None,
    channel: str | None = None,
    viewer: Viewer = Depends(page_viewer(STAFF)),
    session: Session = Depends(db_session),
):
    """The proposals list as filtered on the page, every row, as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise HTTPException(404)
    filters = _proposal_filters(theme, status, channel)
    result = paging.paginate(
        session,
        listings.proposals_query(**filters, counted_only=status != "all"),
        page=1,
        per_page=EXPORT_LIMIT,
    )
    return exports.proposals_download(
        result.items, fmt=fmt, lang=language(request), zone=request.app.state.zone
    )


@router.get("/inbox")
def inbox(
    request: Request,
    status: str | None = None,
    page: PageQuery = 1,
    viewer: Viewer = Depends(page_viewer(frozenset({Role.INSTITUTION}))),
    session: Session = Depends(db_session),
):
    filters = _proposal_filters(None, status, None)
    result = paging.paginate(
        session,
        listings.proposals_query(**filters, institution_id=viewer.institution_id or -1),
        page=page,
        per_page=_page_size(request),
    )
    institution = session.get(Institution, viewer.institution_id) if viewer.institution_id else None
    return render(
        request,
        "inbox.html",
        viewer,
        result=result,
        filters=filters,
        institution=institution,
        statuses=[s.value for s in ProposalStatus],
        today=as_of_day(request).day,
    )


def _history_label(points, zone, lang: str):
    """Day labels for a metric's history ("18 de junio"), with the time when it spans less
    than two days (a post collected once or twice)."""
    short = len(points) > 1 and points[-1][0] - points[0][0] < dt.timedelta(days=2)

    def label(at: dt.datetime) -> str:
        local = at.astimezone(zone)
        day = format_date(local, lang)
        return f"{day}, {local:%H:%M}" if short else day

    return label


def _theme_options(names: list[tuple[str, str]]):
    """``theme_options(suggested)``: a comment's theme selector, built once per suggested
    theme instead of once per comment."""
    built: dict[str, Markup] = {}

    def theme_options(suggested: str) -> Markup:
        if suggested not in built:
            built[suggested] = option_tags(names, suggested)
        return built[suggested]

    return theme_options


@router.get("/review")
def review(
    request: Request,
    page: PageQuery = 1,
    order: str = Query("score", pattern="^(score|uncertain)$"),
    viewer: Viewer = Depends(page_viewer(REVIEWERS)),
    session: Session = Depends(db_session),
):
    result = queue_page(session=session, page=page, per_page=_page_size(request), order=order)
    themes = {t.slug: t for t in listings.all_themes(session=session)}
    post_ids = {c.post_id for c, _ in result.items if c.post_id}
    post = queries.Post
    posts = {  # only what an item shows of its post
        p.id: p
        for p in session.execute(
            select(post.id, post.label, post.external_id).where(post.id.in_(post_ids))
        )
    }
    thumbnails = listings.thumbnails_of(session=session, post_ids=post_ids)
    # A Disqus comment hangs off a page of the consultation site: its title and link, not
    # the thread's number, tell the reviewer what it answers.
    thread_keys = {c.thread_key for c, _ in result.items if c.thread_key and not c.post_id}
    thread = DisqusThread
    threads = (
        {
            row.external_id: row
            for row in session.execute(
                select(thread.external_id, thread.title, thread.link).where(
                    thread.external_id.in_(thread_keys)
                )
            )
        }
        if thread_keys
        else {}
    )
    # A comment written under a Disqus page mapped to a theme has that theme preselected.
    thread_theme = thread_theme_slugs(
        session=session, thread_keys=[c.thread_key for c, _ in result.items if c.thread_key]
    )
    flash = {k: request.query_params.get(k) for k in ("done", "n", "proposal", "error", "detail")}
    if flash["done"] not in (None, "confirm", "reject", "abusive"):
        flash["done"] = None
    if flash["error"] not in (None, "failed", "none_selected"):
        flash["error"] = None
    # Only asked when a comment's post does not tell and there is more than one.
    consultations = list(session.scalars(select(Consultation).order_by(Consultation.id)))
    lang = language(request)
    return render(
        request,
        "review.html",
        viewer,
        result=result,
        themes=themes,
        theme_options=_theme_options([(slug, theme.name(lang)) for slug, theme in themes.items()]),
        platform_names={p.value: t("platform_" + p.value, lang) for p in Platform},
        posts=posts,
        thumbnails=thumbnails,
        threads=threads,
        thread_theme=thread_theme,
        # Abusive by the threshold of the version that scored each comment.
        abusive_ids=abuse_flagged(session=session, rows=result.items),
        order=order,
        model_name=version_label,
        flash=flash,
        consultations=consultations if len(consultations) > 1 else [],
    )
