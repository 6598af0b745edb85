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

from pulso.db.engine import make_engine, transaction
from pulso.db.models import Comment, Proposal, ProposalStatus, ReviewStatus
from pulso.settings import Settings
from pulso.web.app import create_app
from tests import web_data
from tests.web_server import running

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
def site(migrated_url, tmp_path):
    engine = make_engine(migrated_url)
    with transaction(engine) as session:
        data = web_data.build(session)
    settings = Settings(
        database_url=migrated_url,
        web_session_secret="browser-test-secret-123",
        web_reports_dir=str(tmp_path / "reports"),
    )
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
    assert page.locator(".kpi").count() == 6
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


def _statuses(migrated_url, ids):
    engine = make_engine(migrated_url)
    with transaction(engine) as session:
        found = {i: session.get(Comment, i).review_status for i in ids}
    engine.dispose()
    return found


def test_triage_with_the_keyboard_then_answer_as_the_institution(site, browser, migrated_url):
    base_url, data = site
    c0, c1, c2, c3 = (c.id for c in data.comments)
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    _login(page, base_url, "rene")
    page.goto(f"{base_url}/review")
    assert page.locator(".queue-item.current").get_attribute("data-comment") == str(c0)
    page.keyboard.press("j")
    assert page.locator(".queue-item.current").get_attribute("data-comment") == str(c1)
    page.keyboard.press("k")
    with page.expect_navigation():
        page.keyboard.press("c")  # confirm the first, with its suggested theme
    assert "1 comentario confirmado como propuesta" in page.locator(".notice").inner_text()
    # Now: c1 (81), c3 (22), c2 (5). Reject the question, mark the insult abusive.
    page.keyboard.press("j")
    assert page.locator(".queue-item.current").get_attribute("data-comment") == str(c3)
    with page.expect_navigation():
        page.keyboard.press("r")
    page.keyboard.press("j")
    assert page.locator(".queue-item.current").get_attribute("data-comment") == str(c2)
    with page.expect_navigation():
        page.keyboard.press("a")
    assert page.locator(".queue-item").count() == 1
    assert _statuses(migrated_url, [c0, c1, c2, c3]) == {
        c0: ReviewStatus.CONFIRMED,
        c1: ReviewStatus.PENDING,
        c2: ReviewStatus.ABUSIVE,
        c3: ReviewStatus.REJECTED,
    }
    _shot(page, "10-review-after-triage")

    # The confirmed comment is a proposal; route it to the Ministry of Health.
    engine = make_engine(migrated_url)
    with transaction(engine) as session:
        from sqlalchemy import select

        proposal_id = session.scalar(select(Proposal.id).where(Proposal.source_comment_id == c0))
    page.goto(f"{base_url}/proposals/{proposal_id}")
    assert "Salud" in page.locator(".page-head").inner_text()
    page.select_option("select[name=institution_id]", label="Ministerio de Salud ★")
    page.click("button:has-text('Asignar')")
    assert "1 propuesta(s) asignadas" in page.locator(".notice").inner_text()
    page.click("button:has-text('Salir')")

    # The institution answers it: first without the SMART fields, then complete.
    _login(page, base_url, "minsal")
    page.wait_for_url(f"{base_url}/inbox")
    assert page.locator("table tbody tr").count() == 2
    page.click(f"a[href='/proposals/{proposal_id}']")
    page.check("input[value=accepted]")
    page.fill("textarea[name=action]", "Publicar cada mes el gasto en medicamentos")
    page.click("button:has-text('Enviar respuesta')")
    assert page.locator(".field-error").count() == 7  # eight SMART fields, one typed
    _shot(page, "11-answer-errors")
    page.fill("input[name=indicator]", "Informes mensuales publicados")
    page.fill("input[name=baseline]", "0 informes")
    page.fill("input[name=target]", "12 informes al año")
    page.fill("input[name=responsible]", "Unidad de Acceso a la Información Pública")
    page.fill("input[name=starts_on]", "2018-09-01")
    page.fill("input[name=ends_on]", "2019-08-31")
    page.fill("textarea[name=milestones]", "Primer informe en septiembre de 2018")
    page.click("button:has-text('Enviar respuesta')")
    assert "Respuesta registrada" in page.locator(".notice").inner_text()
    assert "aceptada" in page.locator(".page-head").inner_text().lower()
    assert "12 informes al año" in page.locator(".facts").first.inner_text()
    _shot(page, "12-answered")
    with transaction(engine) as session:
        assert session.get(Proposal, proposal_id).status == ProposalStatus.ACCEPTED
    engine.dispose()


def test_download_the_weekly_pdf(site, browser):
    base_url, data = site
    page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    _login(page, base_url, "lucia")
    page.click("nav.mainnav >> text=Informes")
    page.wait_for_url(f"{base_url}/reports")
    weekly = page.locator("form[action='/reports/weekly']")
    weekly.locator("select[name=week]").select_option("2018-W26")
    with page.expect_navigation():
        weekly.locator("button[type=submit]").click()
    assert "3 archivo(s) generados" in page.locator(".notice").inner_text()  # HTML, PDF, XLSX
    _shot(page, "13-reports")
    with page.expect_download() as info:
        page.click("a[href='/reports/files/weekly-2018-W26.es.pdf']")
    download = info.value
    assert download.suggested_filename == "weekly-2018-W26.es.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")


@pytest.fixture
def showcase(migrated_url, tmp_path):
    from tests import web_showcase

    engine = make_engine(migrated_url)
    with transaction(engine) as session:
        data = web_showcase.build(session)
    settings = Settings(
        database_url=migrated_url,
        web_session_secret="browser-test-secret-123",
        web_reports_dir=str(tmp_path / "reports"),
    )
    with running(create_app(settings, engine=engine)) as base_url:
        yield base_url, data
    engine.dispose()


def test_every_page_renders_with_a_fuller_campaign(showcase, browser):
    """Each page at 1366×768 in Spanish, with what it must show (screenshots on request)."""
    base_url, data = showcase
    page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _login(page, base_url, "ana")
    page.wait_for_url(f"{base_url}/")
    kpis = page.locator(".kpi-value").all_inner_texts()
    assert kpis[4:] == ["10", "20"]  # 3 + 8 received, 1 merged; people, each once
    assert "Transparencia" in page.locator("table.compact").inner_text()
    _shot(page, "s01-overview")
    checks = {
        "/posts": "arte 3",
        f"/posts/{data.posts[1].id}": "Historial de métricas",
        "/review": "Que las alcaldías publiquen",
        "/proposals": "Reforestación de cuencas",
        "/proposals/duplicates": "% parecido",
        "/proposals/overdue": "Abastecimiento de medicamentos en línea",
        "/reports": "Informe semanal",
        "/runs": "Graph API error 190",
    }
    for n, (path, text) in enumerate(checks.items(), start=2):
        response = page.goto(f"{base_url}{path}")
        assert response.status == 200, path
        assert text in page.locator("main").inner_text(), path
        _shot(page, f"s{n:02d}-{path.strip('/').replace('/', '-').split('-')[0] or 'home'}"
              + (f"-{path.rsplit('/', 1)[-1]}" if path.count("/") > 1 else ""))  # fmt: skip
    # A proposal with its commitment and history, as staff sees it.
    page.goto(f"{base_url}/proposals")
    page.click("text=Reforestación de cuencas")
    assert "600 ha" in page.locator("main").inner_text()
    assert "Historial" in page.locator("main").inner_text()
    _shot(page, "s10-proposal-accepted")
    page.click("button:has-text('Salir')")
    _login(page, base_url, "marn")
    page.wait_for_url(f"{base_url}/inbox")
    assert page.locator("table tbody tr").count() == 4
    _shot(page, "s11-inbox")
    page.click("text=Gasto de las alcaldías")
    assert "Responder la propuesta" in page.locator("main").inner_text()
    _shot(page, "s12-answer-form")
    assert errors == []


OVERFLOWING_TABLES = """() => [...document.querySelectorAll('table')]
    .filter(t => t.getBoundingClientRect().width > t.parentElement.clientWidth + 1)
    .map(t => t.dataset.key)"""


@pytest.mark.parametrize("width", [800, 1100])
def test_report_tables_fit_their_page(session, tmp_path, browser, width):
    """Every table of the HTML reports fits the content column (the wide posts tables ran
    13-29 px past it before headers could wrap)."""
    from pulso.reports import consultation_report, weekly_report, write_consultation, write_weekly
    from tests.report_sample import write_sample

    write_sample(session)
    files = write_weekly(
        weekly_report(session=session, week="2018-W26", consultation="pan-prueba"),
        formats=["html"],
        out=tmp_path,
    ) + write_consultation(
        consultation_report(session=session, consultation="pan-prueba"),
        formats=["html"],
        out=tmp_path,
    )
    page = browser.new_page(viewport={"width": width, "height": 1200})
    for path in files:
        page.goto(path.resolve().as_uri())
        assert page.evaluate("document.querySelectorAll('table').length") > 3
        assert page.evaluate(OVERFLOWING_TABLES) == [], path.name
    page.close()


# The document is no wider than the window (a wide table scrolls inside its panel).
PAGE_OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def _fits(page, path: str, width: int) -> None:
    assert page.evaluate(PAGE_OVERFLOW) <= 0, (path, width, page.evaluate(PAGE_OVERFLOW))
    # Every link of the navigation is on the screen (not cut: "Propue…" at 390 px).
    for box in [a.bounding_box() for a in page.locator("nav.mainnav a").all()]:
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (path, box)
    for control in page.locator(
        "main form.filters select, main form.filters input:not([type=hidden])"
    ).all():
        box = control.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (path, box)


@pytest.mark.parametrize("width", [1280, 390])
def test_no_page_overflows_at_desktop_and_phone_widths(showcase, browser, width):
    """Every page at 1280 px and 390 px: no horizontal overflow, the navigation whole and
    the week and date selectors on the screen."""
    base_url, data = showcase
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{base_url}/login")
    _fits(page, "/login", width)
    _login(page, base_url, "ana", go=False)
    page.wait_for_url(f"{base_url}/")
    first_week = page.locator("select[name=week] option").nth(1).get_attribute("value")
    paths = ["/", f"/?week={first_week}", "/?from=2018-06-01&to=2018-07-31", "/posts",
             f"/posts?week={first_week}", f"/posts/{data.posts[1].id}", "/review",
             "/proposals", "/proposals?status=all", "/proposals/duplicates",
             "/proposals/overdue", "/reports", "/runs", "/glossary"]  # fmt: skip
    for path in paths:
        response = page.goto(f"{base_url}{path}")
        assert response.status == 200, path
        _fits(page, path, width)
    page.click("nav.mainnav >> text=Propuestas")
    page.click("main table a >> nth=0")
    _fits(page, page.url, width)
    _shot(page, f"w{width}-proposal")
    page.click("button:has-text('Salir')")
    _login(page, base_url, "marn")
    page.wait_for_url(f"{base_url}/inbox")
    _fits(page, "/inbox", width)
    page.click("main table a >> nth=0")
    _fits(page, "answer form", width)
    page.close()


THUMBNAILS = """() => [...document.querySelectorAll("img[src*='/thumbnail']")]
    .map(i => ({loaded: i.complete && i.naturalWidth > 0,
                width: i.getBoundingClientRect().width,
                height: i.getBoundingClientRect().height}))"""


@pytest.mark.parametrize("width", [1280, 390])
def test_post_thumbnails_load_from_the_app_in_a_fixed_box(showcase, browser, width):
    """Arte 3's stored picture shows beside its preview (posts list, overview, its page),
    loaded from the app itself under the page's CSP; the other posts show none."""
    base_url, data = showcase
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _login(page, base_url, "ana")
    page.wait_for_url(f"{base_url}/")
    box = 56 if width > 720 else 44
    for path, size in (("/posts", box), ("/", box), (f"/posts/{data.posts[1].id}", None)):
        page.goto(f"{base_url}{path}")
        page.locator("img[src*='/thumbnail']").first.scroll_into_view_if_needed()
        page.wait_for_function(
            "[...document.querySelectorAll(\"img[src*='/thumbnail']\")]"
            ".every(i => i.complete && i.naturalWidth > 0)"
        )
        shown = page.evaluate(THUMBNAILS)
        assert len(shown) == 1 and shown[0]["loaded"], (path, shown)
        if size is not None:
            assert (round(shown[0]["width"]), round(shown[0]["height"])) == (size, size), path
        else:
            assert 0 < shown[0]["width"] <= min(320, width), path
        _fits(page, path, width)
        _shot(page, f"t{width}-{path.strip('/').replace('/', '-') or 'overview'}")
    assert errors == []
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_date_range_csv_export_and_executive_summary(site, browser, width):
    """An officer on a phone or a desk: picks a date range on the posts list, sees the
    comparison with the previous period, downloads the filtered table as CSV, then
    generates the weekly report and reads its executive summary first."""
    import csv
    import io

    base_url, data = site
    page = browser.new_page(viewport={"width": width, "height": 900}, accept_downloads=True)
    _login(page, base_url, "ana")
    page.wait_for_url(f"{base_url}/")
    page.click("nav.mainnav >> text=Publicaciones")
    page.fill("form.filters input[name=from]", "2018-06-25")
    page.fill("form.filters input[name=to]", "2018-07-01")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert "from=2018-06-25" in page.url and "to=2018-07-01" in page.url
    rows = page.locator("table.posts-table tbody tr")
    assert rows.count() == 1  # arte 3, 29 June; arte 1 (20 June) and tuit 1 (21 June) not
    assert "Tu voz cuenta" in rows.inner_text()
    comparison = page.locator("#period-comparison")
    assert comparison.is_visible()
    assert "18 de junio de 2018 – 24 de junio de 2018" in comparison.inner_text()
    assert comparison.locator("[data-key=posts] .value").inner_text() == "1"
    _fits(page, "/posts (range)", width)
    _shot(page, f"r{width}-posts-range")
    with page.expect_download() as info:
        page.click("#download-csv")
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    exported = list(csv.DictReader(io.StringIO(text)))
    assert [r["Publicación"] for r in exported] == ["arte 3"]
    assert exported[0]["Texto"] == "Tu voz cuenta: propuestas para el PAN"
    assert info.value.suggested_filename == "publicaciones.csv"

    # The same range on the overview.
    page.goto(f"{base_url}/?from=2018-06-25&to=2018-07-01")
    assert "Del 25 de junio de 2018 al 1 de julio de 2018" in page.locator("main").inner_text()
    assert page.locator(".kpi-change").count() == 4
    _fits(page, "/ (range)", width)

    page.click("nav.mainnav >> text=Informes")
    weekly = page.locator("form[action='/reports/weekly']")
    weekly.locator("select[name=week]").select_option("2018-W26")
    with page.expect_navigation():
        weekly.locator("button[type=submit]").click()
    _fits(page, "/reports (made)", width)
    _shot(page, f"r{width}-reports")
    group = page.locator("li[data-scope='2018-W26'][data-lang=es]")
    assert "Informe semanal · semana del 25 de junio de 2018" in group.inner_text()
    with page.expect_download() as info:
        group.locator("a[href$='.html']").click()
    assert info.value.suggested_filename == "weekly-2018-W26.es.html"
    # The report as a reader opens the downloaded file.
    page.set_content(Path(info.value.path()).read_text(encoding="utf-8"))
    assert page.locator("h2").first.inner_text() == "Resumen ejecutivo"
    summary = page.locator("section").first.inner_text()
    assert "Frente a la semana anterior (del 18 de junio de 2018, 2018-W25)" in summary
    # The sample's posts belong to no campaign of the consultation: no best post to name.
    assert "Ninguna publicación del periodo tiene datos aún" in summary
    assert "Respuestas al" in summary and "Propuestas recibidas en la semana" in summary
    _shot(page, f"r{width}-weekly-summary")
    page.close()
