"""The web service: ``create_app(settings)`` builds the FastAPI application.

Pages are server-rendered Jinja2 templates with plain forms (no JavaScript build, no CDN);
the REST API lives under ``/api/v1`` with its OpenAPI schema at ``/openapi.json``.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import HTTPException as FastAPIHTTPException
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pulso.db.engine import make_engine, make_sessionmaker
from pulso.settings import Settings
from pulso.web import (
    api,
    api_reports,
    auth_routes,
    pages,
    public_routes,
    publication_routes,
    queries,
    report_routes,
    review_routes,
    workflow_routes,
)
from pulso.web.auth_routes import login_page
from pulso.web.deps import (
    BadRequest,
    CsrfRejected,
    LoginRequired,
    PageForbidden,
    language,
    no_nul_bytes,
)
from pulso.web.learning import Learner
from pulso.web.render import make_templates, render_error
from pulso.web.security import LoginThrottle, SessionSigner

PACKAGE_DIR = Path(str(resources.files("pulso.web")))

# Sent with every response: no framing, no MIME sniffing, only our own scripts and styles.
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
}


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` (and ``Cache-Control: no-store`` outside ``/static/``) to
    every response that does not set them. Plain ASGI: Starlette's ``BaseHTTPMiddleware``
    (``@app.middleware``) runs each request through an extra task and stream."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = dict(SECURITY_HEADERS)
        if not scope["path"].startswith("/static/"):
            extra["Cache-Control"] = "no-store"
        wanted = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in extra.items()
        ]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in wanted if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def check_settings(settings: Settings) -> str:
    """What the web service cannot start without, checked before any process starts (by
    ``pulso serve``'s supervisor, then by each worker's ``create_app``): the session
    secret, set and not a placeholder. Returns it; raises ``ConfigError``."""
    return settings.require_secret("web_session_secret")


def create_app(settings: Settings, *, engine: Engine | None = None, sessionmaker=None) -> FastAPI:
    """The application for ``settings``.

    ``engine`` (or a ready ``sessionmaker``) lets tests and ``pulso serve`` share one engine;
    by default one is built from ``settings.database_url``.
    """
    secret = check_settings(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Pages and API endpoints are plain functions run in anyio's worker threads. They
        # mostly compute in Python, so threads beyond a couple only wait for each other's
        # GIL: with the default 40, a worker answered 20 concurrent clients at half the rate
        # of 1 or 2 threads (benchmarks/bench_service.py). Requests beyond wait in order.
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.web_threads
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="Pulso",
        version="1",
        description="Campaign metrics, comments and consultation proposals.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/openapi.json",
        # Every page, form and endpoint: a NUL byte is refused before it reaches a query.
        dependencies=[Depends(no_nul_bytes)],
    )
    read_sessionmaker = sessionmaker
    if sessionmaker is None:
        engine = engine or make_engine(settings.database_url)
        sessionmaker = make_sessionmaker(engine)
        read_sessionmaker = make_sessionmaker(engine, reads_only=True)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = sessionmaker
    # GET and HEAD never commit: their transactions take no write lock (db.engine.read_only).
    app.state.read_sessionmaker = read_sessionmaker
    learner_engine = engine or getattr(sessionmaker, "kw", {}).get("bind")
    app.state.learner = Learner(
        learner_engine, settings.extract_retrain_every if learner_engine is not None else 0
    )
    app.state.zone = ZoneInfo(settings.timezone)
    app.state.weeks = queries.WeeksCache()
    app.state.overview = queries.OverviewCache()
    app.state.public = public_routes.PublicCache()
    app.state.signer = SessionSigner(secret, settings.web_session_max_age_seconds)
    app.state.throttle = LoginThrottle(
        max_failures=settings.web_login_max_failures,
        window_seconds=settings.web_login_window_seconds,
    )
    app.state.templates = make_templates(PACKAGE_DIR / "templates", settings)

    app.mount("/static", StaticFiles(directory=PACKAGE_DIR / "static"), name="static")
    app.include_router(auth_routes.router)
    # Public results (no login) and their publication.
    app.include_router(public_routes.router)
    app.include_router(publication_routes.router)
    # Fixed paths (/proposals/duplicates) before the pages' /proposals/{id}.
    app.include_router(workflow_routes.router)
    app.include_router(review_routes.router)
    app.include_router(report_routes.router)
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(api_reports.router)

    app.add_middleware(SecurityHeaders)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired):
        return RedirectResponse(f"/login?next={exc.next_url}", status_code=303)

    @app.exception_handler(PageForbidden)
    async def _forbidden(request: Request, exc: PageForbidden):
        return render_error(request, 403)

    @app.exception_handler(CsrfRejected)
    async def _csrf_rejected(request: Request, exc: CsrfRejected):
        if request.url.path == "/login":
            return login_page(request, error="error_csrf", status_code=403)
        return render_error(request, 403)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: FastAPIHTTPException):
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        reason = exc.text_in(language(request)) if isinstance(exc, BadRequest) else None
        return render_error(request, exc.status_code, reason=reason)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict:
        return {"status": "ok"}

    return app


def app_from_settings() -> FastAPI:
    """The application for the process's settings (``PULSO_*``): what each worker process of
    ``pulso serve --workers N`` runs."""
    from pulso.settings import get_settings
    from pulso.web.serving import freeze_startup_heap

    app = create_app(get_settings())
    freeze_startup_heap()
    return app
