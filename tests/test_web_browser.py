"""Browser tests: Playwright driving Debian's Chromium against a real server.

``playwright install`` cannot download browsers here, so the tests launch
``/usr/bin/chromium`` (``.ci/run`` installs it from Debian packages when missing) and skip,
saying why, only when no Chromium exists. Set ``PULSO_SCREENSHOTS=DIR`` to save a 1366×768
screenshot of every page.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from db.engine import make_engine, transaction
from pulso.settings import Settings
from tests import web_data
from tests.web_server import running
from web.app import create_app

CHROMIUM = os.environ.get("PULSO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() or shutil.which("chromium")),
    reason=f"no Chromium at {CHROMIUM}: install Debian's chromium package to run browser tests",
)


@pytest.fixture
def site(migrated_url):
    engine = make_engine(migrated_url)
    with transaction(engine) as session:
        data = web_data.build(session)
    settings = Settings(database_url=migrated_url, web_session_secret="browser-test-secret-123")
    with running(create_app(settings, engine=engine)) as base_url:
        yield base_url, data
    engine.dispose()


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
        instance = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _shot(page, name: str) -> None:
    folder = os.environ.get("PULSO_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


def _login(page, base_url: str, username: str, *, go: bool = True) -> None:
    if go:
        page.goto(f"{base_url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", web_data.PASSWORD)
    page.click("button[type=submit]")


def test_log_in_and_navigate_every_page(site, browser):
    base_url, data = site
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{base_url}/posts")
    assert page.url.startswith(f"{base_url}/login")  # anonymous: sent to log in
    _shot(page, "01-login")
    _login(page, base_url, "ana", go=False)  # back to the page asked for
    page.wait_for_url(f"{base_url}/posts")
    assert page.locator("h1").inner_text() == "Publicaciones"
    assert "arte 3" in page.locator("table").inner_text()
    _shot(page, "03-posts")

    page.click("nav.mainnav >> text=Resumen")
    page.wait_for_url(f"{base_url}/")
    assert page.locator(".kpi").count() == 5
    assert page.locator("svg.chart").count() == 2
    _shot(page, "02-overview")

    page.goto(f"{base_url}/posts")
    page.click("text=arte 3")
    assert "Historial de métricas" in page.content()
    assert page.locator("svg.chart polyline").count() == 1
    assert "Propongo que el Ministerio" in page.locator(".comments").inner_text()
    _shot(page, "04-post-detail")

    page.click("nav.mainnav >> text=Revisión")
    items = page.locator(".queue-item")
    assert items.count() == 4
    assert "Propongo que" in items.nth(0).inner_text()  # highest latest score first
    _shot(page, "05-review")

    page.click("nav.mainnav >> text=Propuestas")
    assert page.locator("table tbody tr").count() == 3
    _shot(page, "06-proposals")

    page.click("nav.mainnav >> text=Recolecciones")
    assert "$0.42" in page.locator("table").inner_text()
    _shot(page, "07-runs")

    page.click("a[hreflang=en]")
    page.wait_for_url(f"{base_url}/runs")
    assert page.locator("h1").inner_text() == "Collection runs"
    page.click("a[hreflang=es]")
    page.wait_for_url(f"{base_url}/runs")
    assert page.locator("h1").inner_text() == "Recolecciones"

    page.click("button:has-text('Salir')")
    page.wait_for_url(f"{base_url}/login")
    page.goto(f"{base_url}/")
    assert page.url.startswith(f"{base_url}/login")


def test_institution_user_sees_only_its_inbox(site, browser):
    base_url, data = site
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    _login(page, base_url, "minsal")
    page.wait_for_url(f"{base_url}/inbox")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "Propuesta salud" in rows.inner_text()
    _shot(page, "08-inbox")
    page.click("text=Propuesta salud")
    assert "Ministerio de Salud" in page.content()
    _shot(page, "09-proposal")
    response = page.goto(f"{base_url}/proposals/{data.proposals['ambiente'].id}")
    assert response.status == 404
    response = page.goto(f"{base_url}/posts")
    assert response.status == 403
    assert "Su rol no permite" in page.content()
