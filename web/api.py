"""REST API under ``/api/v1``: read endpoints with Bearer-token authentication and
pagination: ``page`` and ``per_page``, or ``cursor`` (the previous answer's ``next_cursor``,
which seeks instead of skipping rows: use it to walk a long listing). Answers say ``total``
(counted up to 1,000 matching items: beyond, ``total_exact`` is false and more than
``total`` items match), ``next_page`` and ``next_cursor``.

Roles: posts, metrics and comments for admin/analyst/reviewer; runs for admin/analyst;
proposals for everyone, an institution user seeing only those routed to its institution
(another institution's proposal is a 404, as if it did not exist).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from pulso.db import paging
from pulso.db.models import (
    Channel,
    Platform,
    PostKind,
    Proposal,
    ProposalStatus,
    Role,
    RunStatus,
    User,
)
from pulso.web import listings, queries
from pulso.web.deps import (
    ALL_ROLES,
    ANALYSTS,
    MAX_ID,
    MAX_PAGE,
    STAFF,
    Day,
    Moment,
    api_user,
    db_session,
)
from pulso.web.render import thumbnail_response

router = APIRouter(prefix="/api/v1", tags=["v1"])
T = TypeVar("T")
MAX_PER_PAGE = 500


class Paged(BaseModel, Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int = Field(description="Matching items; when total_exact is false, more than this.")
    total_exact: bool = Field(True, description="False when counting stopped at 1,000 items.")
    next_page: int | None
    next_cursor: str | None = Field(
        None, description="Pass as cursor for the next page (seeks instead of skipping rows)."
    )


class PostOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    platform: Platform
    external_id: str
    kind: PostKind
    label: str | None
    permalink: str | None
    published_at: dt.datetime
    text: str | None
    is_boosted: bool
    theme_id: int | None
    campaign_id: int | None


class ThumbnailOut(BaseModel):
    """The post's stored thumbnail (a JPEG of at most 320 px, from the post's own picture):
    ``url`` is this API's address of it (``?v=`` changes with the picture)."""

    url: str
    width: int
    height: int


class PostWithMetrics(PostOut):
    metrics: dict[str, float] = {}
    # The post's interactions as every page and report count them (analytics.posts).
    interactions: float | None = None
    thumbnail: ThumbnailOut | None = None


def _thumbnail_out(info: listings.ThumbnailInfo | None) -> ThumbnailOut | None:
    if info is None:
        return None
    return ThumbnailOut(
        url=f"{router.prefix}/posts/{info.post_id}/thumbnail{info.version}",
        width=info.width,
        height=info.height,
    )


class ObservationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    post_id: int
    observed_at: dt.datetime
    metric: str
    value: float
    scope: str
    is_unique: bool
    source: str


class CommentOut(BaseModel):
    """A comment. Only the keyed hash of its author leaves the service, never a name."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    platform: Platform
    external_id: str
    post_id: int | None
    thread_key: str | None
    parent_id: int | None
    author_key: str | None
    text: str
    created_at: dt.datetime
    like_count: int
    reply_count: int
    review_status: str
    permalink: str | None


class ProposalOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    consultation_id: int
    theme_id: int | None
    channel: Channel
    title: str | None
    text: str
    summary: str | None
    organisation: str | None
    received_at: dt.datetime
    status: ProposalStatus
    merged_into_id: int | None
    institution_id: int | None
    routed_at: dt.datetime | None
    answer_due_on: dt.date | None
    decided_at: dt.datetime | None
    justification: str | None


class RunOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    platform: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: RunStatus
    requests: int
    retries: int
    rows_written: int
    errors: int
    message: str | None
    estimated_cost_usd: float | None = None
    details: dict[str, Any] | None


class MeOut(BaseModel):
    username: str
    role: Role
    institution_id: int | None


def _paged(result: paging.PageOf, items: list) -> dict:
    return {
        "items": items,
        "page": result.page,
        "per_page": result.per_page,
        "total": result.total,
        "total_exact": result.total_exact,
        "next_page": result.next_page,
        "next_cursor": result.next_cursor,
    }


def _paginate(session: Session, query, keys, page: int, per_page: int, cursor: str | None):
    try:
        return paging.paginate(
            session, query, page=page, per_page=per_page, keys=keys, cursor=cursor
        )
    except paging.BadCursor:
        raise HTTPException(
            400, "invalid cursor: pass a next_cursor this listing returned"
        ) from None


# Bounds keep generated or hostile numbers out of SQL (``pulso.web.deps``): post, theme and
# proposal ids are 32-bit integers on PostgreSQL (a larger one is a 422 here, not a 500
# from the driver).
PageParam = Query(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
PerPageParam = Query(50, ge=1, le=MAX_PER_PAGE, description="Items per page.")
CursorParam = Query(
    None,
    max_length=2000,
    description="The next_cursor of the previous answer (same filters): the next page, "
    "found by seeking instead of skipping rows. Takes precedence over page.",
)


@router.get("/me", response_model=MeOut)
def me(user: User = Depends(api_user(ALL_ROLES))):
    """Who the token belongs to."""
    return MeOut(username=user.username, role=user.role, institution_id=user.institution_id)


@router.get("/posts", response_model=Paged[PostWithMetrics])
def list_posts(
    request: Request,
    platform: Platform | None = None,
    kind: PostKind | None = None,
    boosted: bool | None = None,
    week: Day | None = Query(None, description="Any day of the week (Monday to Sunday)."),
    sort: str = Query("published_at", pattern="^(" + "|".join(queries.POST_SORTS) + ")$"),
    order: str = Query("desc", pattern="^(asc|desc)$"),
    page: int = PageParam,
    per_page: int = PerPageParam,
    cursor: str | None = CursorParam,
    _: User = Depends(api_user(STAFF)),
    session: Session = Depends(db_session),
):
    """Posts with their latest metric values (total scope)."""
    filters = listings.PostFilters(
        platform=platform.value if platform else None,
        kind=kind.value if kind else None,
        boosted=boosted,
        week=week - dt.timedelta(days=week.weekday()) if week else None,
        sort=sort,
        descending=order == "desc",
    )
    try:
        result = listings.list_posts(
            session=session,
            zone=request.app.state.zone,
            filters=filters,
            page=page,
            per_page=per_page,
            cursor=cursor,
        )
    except paging.BadCursor:
        raise HTTPException(
            400, "invalid cursor: pass a next_cursor this listing returned"
        ) from None
    # Built without validation: FastAPI validates the response against its model once.
    fields = tuple(PostOut.model_fields)
    thumbnails = listings.thumbnails_of(session=session, post_ids=[p.id for p, _ in result.items])
    items = [
        PostWithMetrics.model_construct(
            **{f: getattr(p, f) for f in fields},
            metrics=values,
            interactions=queries.interactions(p, values),
            thumbnail=_thumbnail_out(thumbnails.get(p.id)),
        )
        for p, values in result.items
    ]
    return _paged(result, items)


@router.get("/posts/{post_id}", response_model=PostWithMetrics)
def get_post(
    post_id: int = Path(ge=1, le=MAX_ID),
    _: User = Depends(api_user(STAFF)),
    session: Session = Depends(db_session),
):
    post = listings.get_post(session=session, post_id=post_id)
    if post is None:
        raise HTTPException(404, "no such post")
    values = queries.latest_values(session=session, post_ids=[post.id]).get(post.id, {})
    thumbnail = listings.thumbnails_of(session=session, post_ids=[post.id]).get(post.id)
    return PostWithMetrics(
        **PostOut.model_validate(post).model_dump(),
        metrics=values,
        interactions=queries.interactions(post, values),
        thumbnail=_thumbnail_out(thumbnail),
    )


@router.get(
    "/posts/{post_id}/thumbnail",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}}, 304: {}, 404: {}},
)
def get_post_thumbnail(
    request: Request,
    post_id: int = Path(ge=1, le=MAX_ID),
    _: User = Depends(api_user(STAFF)),
    session: Session = Depends(db_session),
):
    """The post's stored thumbnail (JPEG), with an ETag; 404 when it has none."""
    thumbnail = listings.get_thumbnail(session=session, post_id=post_id)
    if thumbnail is None:
        raise HTTPException(404, "this post has no thumbnail")
    return thumbnail_response(request, thumbnail)


@router.get("/metrics", response_model=Paged[ObservationOut])
def list_metrics(
    post: int | None = Query(None, ge=1, le=MAX_ID, description="Post id."),
    metric: str | None = Query(None, description="Metric name, e.g. reach."),
    since: Moment | None = Query(None, description="Observed at or after (ISO 8601)."),
    page: int = PageParam,
    per_page: int = PerPageParam,
    cursor: str | None = CursorParam,
    _: User = Depends(api_user(STAFF)),
    session: Session = Depends(db_session),
):
    """Metric observations (append-only history), oldest first."""
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    result = _paginate(
        session,
        listings.observations_query(post_id=post, metric=metric, since=since),
        listings.OBSERVATION_KEYS,
        page,
        per_page,
        cursor,
    )
    return _paged(result, [ObservationOut.model_validate(o) for o in result.items])


@router.get("/comments", response_model=Paged[CommentOut])
def list_comments(
    post: int | None = Query(None, ge=1, le=MAX_ID, description="Post id."),
    platform: Platform | None = None,
    review_status: str | None = Query(None, pattern="^(pending|confirmed|rejected|abusive)$"),
    since: Moment | None = Query(None, description="Created at or after (ISO 8601)."),
    page: int = PageParam,
    per_page: int = PerPageParam,
    cursor: str | None = CursorParam,
    _: User = Depends(api_user(STAFF)),
    session: Session = Depends(db_session),
):
    """Comments, oldest first."""
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    result = _paginate(
        session,
        listings.comments_query(
            post_id=post,
            platform=platform.value if platform else None,
            review_status=review_status,
            since=since,
        ),
        listings.COMMENT_KEYS,
        page,
        per_page,
        cursor,
    )
    return _paged(result, [CommentOut.model_validate(c) for c in result.items])


def _institution_scope(user: User) -> int | None:
    if Role(user.role) is Role.INSTITUTION:
        # -1 matches nothing: an institution user without an institution sees nothing.
        return user.institution_id or -1
    return None


@router.get("/proposals", response_model=Paged[ProposalOut])
def list_proposals(
    theme: int | None = Query(None, ge=1, le=MAX_ID, description="Theme id."),
    status: ProposalStatus | None = None,
    channel: Channel | None = None,
    page: int = PageParam,
    per_page: int = PerPageParam,
    cursor: str | None = CursorParam,
    user: User = Depends(api_user(ALL_ROLES)),
    session: Session = Depends(db_session),
):
    """Proposals, newest first; an institution user sees only those routed to it."""
    result = _paginate(
        session,
        listings.proposals_query(
            theme_id=theme,
            status=status.value if status else None,
            channel=channel.value if channel else None,
            institution_id=_institution_scope(user),
        ),
        listings.PROPOSAL_KEYS,
        page,
        per_page,
        cursor,
    )
    return _paged(result, [ProposalOut.model_validate(p) for p in result.items])


@router.get("/proposals/{proposal_id}", response_model=ProposalOut)
def get_proposal(
    proposal_id: int = Path(ge=1, le=MAX_ID),
    user: User = Depends(api_user(ALL_ROLES)),
    session: Session = Depends(db_session),
):
    proposal = session.get(Proposal, proposal_id)
    scope = _institution_scope(user)
    if proposal is None or (scope is not None and proposal.institution_id != scope):
        raise HTTPException(404, "no such proposal")
    return ProposalOut.model_validate(proposal)


@router.get("/runs", response_model=Paged[RunOut])
def list_runs(
    platform: str | None = Query(None, description="facebook, x or disqus."),
    status: RunStatus | None = None,
    page: int = PageParam,
    per_page: int = PerPageParam,
    cursor: str | None = CursorParam,
    _: User = Depends(api_user(ANALYSTS)),
    session: Session = Depends(db_session),
):
    """Collection runs, newest first, with requests, errors and the estimated X cost."""
    result = _paginate(
        session,
        listings.runs_query(platform=platform, status=status.value if status else None),
        listings.RUN_KEYS,
        page,
        per_page,
        cursor,
    )
    items = [
        RunOut(
            **{k: getattr(r, k) for k in RunOut.model_fields if k != "estimated_cost_usd"},
            estimated_cost_usd=listings.estimated_cost(r),
        )
        for r in result.items
    ]
    return _paged(result, items)
