"""One glossary (``pulso.i18n.glossary``): every term in both languages with its definition,
the words the pages and reports use, and no English label on a Spanish page or report."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from sqlalchemy import select

from pulso.db.models import Proposal, ProposalStatus
from pulso.i18n import t
from pulso.i18n.glossary import TERMS
from pulso.reports.text import status_name
from tests import web_data
from tests.web_client import login, make_client

# English words of the glossary that can never be Spanish: one on a Spanish page is a label
# that escaped translation.
ENGLISH = sorted(
    {
        en
        for name, (es, en, _, _) in TERMS.items()
        if en.lower() != es.lower() and en.lower() not in {"post", "ctr"} and len(en) > 4
    }
    | {"interactions", "shares", "reposts", "overdue", "rejected", "routed", "tweets"},
    key=len,
    reverse=True,
)
WORDS = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b", re.IGNORECASE)


def visible_text(html: str) -> str:
    """What a reader sees of a page: no tags, attributes, scripts, styles or URLs."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    html = re.sub(r"<[^>]+>", " ", html)
    text = html_lib.unescape(html)
    return re.sub(r"https?://\S+", " ", text)


def english_in(html: str) -> list[str]:
    return sorted({m.group(0) for m in WORDS.finditer(visible_text(html))})


def test_every_term_is_defined_in_both_languages():
    for name, (es, en, es_def, en_def) in TERMS.items():
        assert es and en and es_def and en_def, name
        assert t(f"g.{name}", "es") == es and t(f"g.{name}", "en") == en
        assert t(f"g.{name}.def", "es") == es_def and t(f"g.{name}.def", "en") == en_def


def test_the_pages_and_the_reports_use_the_glossary_words_for_statuses():
    for status in ProposalStatus:
        es, en, _, _ = TERMS[f"status_{status.value}"]
        assert t(f"proposal_{status.value}", "es") == es  # the pages
        assert status_name(status.value, "es").lower() == es  # the reports
        assert status_name(status.value, "en").lower() == en
    assert "no incorporadas" in t("answers_line", "es", routed=1, accepted=1, rejected=1,
                                  overdue=1)  # fmt: skip


def test_the_detector_finds_an_english_label():
    assert english_in("<td>Shares</td><td>1</td>") == ["Shares"]
    assert english_in('<a href="https://x.com/shares">Compartidos</a>') == []


def test_no_spanish_page_shows_an_english_label(session):
    from tests import web_showcase

    data = web_showcase.build(session)
    client = make_client(session)
    login(client, "ana")
    proposal = session.scalars(select(Proposal).order_by(Proposal.id)).first()
    pages = ["/", "/posts", f"/posts/{data.posts[1].id}", "/review", "/proposals",
             f"/proposals/{proposal.id}", "/proposals/duplicates", "/proposals/overdue",
             "/reports", "/runs", "/glossary", "/?from=2018-06-01&to=2018-07-31",
             "/posts?from=2018-06-18&to=2018-07-01", "/posts?week=2018-06-25"]  # fmt: skip
    found = {}
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'lang="es"' in response.text, path
        if words := english_in(response.text):
            found[path] = words
    assert not found, found
    # The downloads' headers are Spanish too.
    for path in ("/posts.csv", "/proposals.csv"):
        header = client.get(path).text.lstrip("\ufeff").splitlines()[0]
        assert english_in(header) == [], (path, header)
    # The same overview in English does use those words: the check reads the labels.
    client.get("/lang/en?next=/")
    assert "Interactions" in english_in(client.get("/").text)


def test_the_glossary_page_lists_every_term(session):
    web_data.build(session)
    client = make_client(session)
    login(client, "ana")
    page = client.get("/glossary").text
    for _name, (es, _en, es_def, _) in TERMS.items():
        assert html_lib.escape(es[:1].upper() + es[1:], quote=False) in page
        assert html_lib.escape(es_def, quote=False) in page
    english = client.get("/glossary?lang=en")
    assert english.status_code in (200, 303)


@pytest.mark.parametrize("kind", ["weekly", "consultation"])
def test_no_spanish_report_shows_an_english_label(session, kind, tmp_path):
    from pulso.reports import (
        consultation_report,
        weekly_report,
        write_consultation,
        write_weekly,
    )
    from tests.report_sample import write_sample

    write_sample(session)
    if kind == "weekly":
        data = weekly_report(session=session, week="2018-W26", consultation="pan-prueba")
        files = write_weekly(data, formats=["html"], out=tmp_path)
    else:
        data = consultation_report(session=session, consultation="pan-prueba", lang="es")
        files = write_consultation(data, formats=["html"], out=tmp_path)
    (html,) = [f for f in files if f.suffix == ".html"]
    assert english_in(html.read_text()) == []
