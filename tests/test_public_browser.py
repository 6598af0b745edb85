"""The public results page in Chromium (issue 22): at 1280 px and 390 px wide, without login,
nothing overflows sideways, the filters and the language switch work, and each proposal's
permanent link opens it. Reuses ``tests/test_web_browser.py``'s Chromium."""

from __future__ import annotations

import datetime as dt

import pytest

from pulso.consultation.answers import CommitmentIn, answer_proposal
from pulso.consultation.publication import public_id, record_progress, set_published
from pulso.db.engine import make_engine, transaction
from pulso.settings import Settings
from pulso.web.app import create_app
from tests import web_data
from tests.test_web_browser import _shot, pytestmark  # noqa: F401 (the skip mark)
from tests.test_web_browser import browser as _browser
from tests.web_server import running

SLUG = "pan-2018-2020"
LONG = "Un compromiso con un texto muy largo sin espacios: " + "transparencia" * 12


@pytest.fixture
def site(migrated_url, tmp_path):
    engine = make_engine(migrated_url)
    with transaction(engine) as session:
        data = web_data.build(session)
        salud = data.proposals["salud"]
        answer_proposal(
            session=session,
            proposal_id=salud.id,
            decision="accepted",
            actor="minsal",
            commitment=CommitmentIn(
                action=LONG,
                indicator="Informes publicados",
                baseline="Ninguno",
                target="12 informes",
                responsible="Dirección de Planificación",
                starts_on=dt.date(2019, 1, 1),
                ends_on=dt.date(2019, 12, 31),
                milestones="Primer informe en marzo",
            ),
        )
        record_progress(session=session, proposal_id=salud.id, percent=35,
                        note="Cuatro informes", actor="minsal")  # fmt: skip
        set_published(session=session, slug=SLUG, published=True, actor="test")
        salud_public = public_id(SLUG, salud.id)
    settings = Settings(database_url=migrated_url, web_session_secret="browser-test-secret-123")
    with running(create_app(settings, engine=engine)) as base_url:
        yield base_url, salud_public
    engine.dispose()


browser = _browser  # the fixture, under its name


def _no_sideways_overflow(page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_the_public_page_at_desktop_and_phone_widths(site, browser, width, height):
    base_url, salud = site
    page = browser.new_page(viewport={"width": width, "height": height})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base_url}/public/{SLUG}")
    assert page.locator("h1").inner_text() == "PAN 2018-2020"
    assert page.locator("#counted").inner_text() == "3"
    assert page.locator("progress").count() == 1
    _no_sideways_overflow(page)
    _shot(page, f"public-{width}")
    # Filter by status with the form.
    page.select_option("select[name=status]", "accepted")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**status=accepted**")
    assert page.locator("article.pub-proposal").count() == 1
    _no_sideways_overflow(page)
    # The permanent link, then English.
    page.click(f"a[href='/p/{salud}']")
    page.wait_for_url(f"**/p/{salud}")
    assert "Cuatro informes" in page.inner_text("main")
    _no_sideways_overflow(page)
    page.click("a[hreflang=en]")
    page.wait_for_url(f"**/p/{salud}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Progress of the commitment" in page.inner_text("main")
    _no_sideways_overflow(page)
    # Printing hides the filters and the language switch.
    page.goto(f"{base_url}/public/{SLUG}")
    page.emulate_media(media="print")
    assert not page.locator("form.filters").is_visible()
    assert errors == []
    page.close()
