"""Review actions, the proposals workflow and answers through the pages' forms."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from sqlalchemy import select

from pulso.db.models import (
    AuditEvent,
    Comment,
    Consultation,
    Proposal,
    ProposalStatus,
    ReviewStatus,
)
from pulso.i18n import format_date, format_number
from pulso.workdays import add_working_days
from tests import web_data
from tests.web_client import csrf_of, login, make_client


@pytest.fixture
def site(session, tmp_path):
    data = web_data.build(session)
    return make_client(session, web_reports_dir=str(tmp_path / "reports")), data


def _logged(client, username):
    assert login(client, username).status_code == 303
    role_home = "/inbox" if username in ("minsal", "marn") else "/proposals"
    return csrf_of(client.get(role_home).text)


def test_confirm_a_comment_into_a_proposal_with_a_corrected_theme(site, session):
    client, data = site
    csrf = _logged(client, "rene")
    comment = data.comments[1]  # suggested "medio-ambiente"
    response = client.post(
        f"/review/{comment.id}",
        data={"csrf_token": csrf, "action": "confirm", "theme": "salud", "summary": "Reforestar"},
    )
    assert response.status_code == 303 and "done=confirm" in response.headers["location"]
    session.expire_all()
    assert session.get(Comment, comment.id).review_status == ReviewStatus.CONFIRMED
    proposal = session.scalar(select(Proposal).where(Proposal.source_comment_id == comment.id))
    assert proposal.theme.slug == "salud" and proposal.summary == "Reforestar"
    assert proposal.model_version == "m2" and len(proposal.submitters) == 1
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "comment", AuditEvent.entity_id == comment.id)
    ).all()
    assert {(e.action, e.to_value, e.model_version) for e in events} == {
        ("theme", "salud", "m2"),
        ("review", "confirmed", "m2"),
    }
    page = client.get(response.headers["location"])
    assert "1 comentario confirmado como propuesta" in page.text
    assert f"/proposals/{proposal.id}" in page.text
    # Decided comments leave the queue; a second decision is refused, inline.
    assert page.text.count('class="queue-item') == 3
    again = client.post(f"/review/{comment.id}", data={"csrf_token": csrf, "action": "reject"})
    assert "ya fue revisado: confirmado" in client.get(again.headers["location"]).text


def test_reject_abusive_and_bulk(site, session):
    client, data = site
    csrf = _logged(client, "ana")
    c0, c1, c2, c3 = (c.id for c in data.comments)
    client.post(f"/review/{c2}", data={"csrf_token": csrf, "action": "abusive"})
    client.post(f"/review/{c3}", data={"csrf_token": csrf, "action": "reject"})
    bulk = client.post(
        "/review/bulk", data={"csrf_token": csrf, "action": "confirm", "comment_ids": [c0, c1]}
    )
    assert "done=confirm&n=2" in bulk.headers["location"]
    assert "2 comentarios confirmados como propuestas" in client.get(bulk.headers["location"]).text
    session.expire_all()
    statuses = [session.get(Comment, i).review_status for i in (c0, c1, c2, c3)]
    assert statuses == [ReviewStatus.CONFIRMED, ReviewStatus.CONFIRMED, ReviewStatus.ABUSIVE,
                        ReviewStatus.REJECTED]  # fmt: skip
    themes = session.scalars(
        select(Proposal.theme_id).where(Proposal.source_comment_id.in_([c0, c1]))
    ).all()
    assert len(themes) == 2 and None not in themes  # the suggested themes
    assert "No hay comentarios pendientes" in client.get("/review").text


def test_bulk_is_all_or_nothing_and_needs_a_selection(site, session):
    client, data = site
    csrf = _logged(client, "rene")
    c0, c1 = data.comments[0].id, data.comments[1].id
    client.post(f"/review/{c1}", data={"csrf_token": csrf, "action": "reject"})
    failed = client.post(
        "/review/bulk", data={"csrf_token": csrf, "action": "reject", "comment_ids": [c0, c1]}
    )
    assert "error=failed" in failed.headers["location"]
    shown = client.get(failed.headers["location"]).text
    assert f"el comentario {c1} ya fue revisado: descartado, por rene" in shown
    session.expire_all()
    assert session.get(Comment, c0).review_status == ReviewStatus.PENDING  # rolled back
    empty = client.post("/review/bulk", data={"csrf_token": csrf, "action": "reject"})
    assert "error=none_selected" in empty.headers["location"]


def test_review_actions_check_csrf_and_role(site, session):
    client, data = site
    _logged(client, "rene")
    comment = data.comments[0].id
    assert client.post(f"/review/{comment}", data={"csrf_token": "forged", "action": "reject"}
                       ).status_code == 403  # fmt: skip
    client.cookies.clear()
    csrf = _logged(client, "lucia")  # analyst: may not review
    response = client.post(f"/review/{comment}", data={"csrf_token": csrf, "action": "reject"})
    assert response.status_code == 403
    client.cookies.clear()
    response = client.post(f"/review/{comment}", data={"action": "reject"})
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    session.expire_all()
    assert session.get(Comment, comment).review_status == ReviewStatus.PENDING


def test_route_with_a_deadline_in_working_days(site, session):
    client, data = site
    csrf = _logged(client, "lucia")
    unrouted = data.proposals["unrouted"]
    marn = data.institutions["marn"]
    response = client.post(
        "/proposals/route",
        data={"csrf_token": csrf, "proposal_ids": [unrouted.id], "institution_id": marn.id,
              "working_days": 10, "next": "/proposals"},
    )  # fmt: skip
    assert response.headers["location"] == "/proposals?done=routed&n=1"
    session.expire_all()
    routed = session.get(Proposal, unrouted.id)
    assert routed.status == ProposalStatus.SENT_TO_INSTITUTION and routed.institution_id == marn.id
    zone = ZoneInfo(session.get(Consultation, routed.consultation_id).timezone)
    local_today = routed.routed_at.astimezone(zone).date()
    assert routed.answer_due_on == add_working_days(local_today, 10, ())
    # The history reads in the page's language: the institution by name, the deadline
    # written out, the statuses translated.
    history = client.get(f"/proposals/{unrouted.id}").text.split("trail", 1)[1]
    due = routed.answer_due_on
    assert f"asignación: — → {marn.acronym or marn.name}" in history
    assert f"respuesta debida el {format_date(due, 'es')}" in history
    assert "answer due on" not in history and "sent_to_institution" not in history
    assert "lucia</strong> · estado: recibida → enviada a la institución" in history
    # Not competent: refused unless forced; the message is shown on the page.
    salud = data.proposals["salud"]
    refused = client.post(
        "/proposals/route",
        data={"csrf_token": csrf, "proposal_ids": [salud.id], "institution_id": marn.id,
              "next": f"/proposals/{salud.id}"},
    )  # fmt: skip
    assert "error=failed" in refused.headers["location"]
    # The rule's message in the page's language (it was English on Spanish pages).
    shown = client.get(refused.headers["location"]).text
    assert f"marn no es competente para la temática de la propuesta {salud.id}" in shown
    assert "not competent" not in shown
    client.get("/lang/en?next=/proposals")
    refused = client.post(
        "/proposals/route",
        data={"csrf_token": csrf, "proposal_ids": [salud.id], "institution_id": marn.id,
              "next": f"/proposals/{salud.id}"},
    )  # fmt: skip
    shown = client.get(refused.headers["location"]).text
    assert f"marn is not competent for the theme of proposal {salud.id}" in shown


def test_merge_suggestions_merge_and_unmerge(site, session):
    client, data = site
    csrf = _logged(client, "rene")
    a, b = data.proposals["ambiente"], data.proposals["unrouted"]
    from pulso.consultation.intake import person_for_identity

    # One person behind each, another behind both: three people once merged.
    ana, luis, eva = (
        person_for_identity(session=session, secret="s", channel="email", identity=name)
        for name in ("ana@example.org", "luis@example.org", "eva@example.org")
    )
    a.submitters.extend([ana, eva])
    b.submitters.extend([luis, eva])
    session.flush()
    page = client.get("/proposals/duplicates")
    assert page.status_code == 200 and "Posibles duplicados" in page.text
    response = client.post(
        "/proposals/merge",
        data={"csrf_token": csrf, "target_id": a.id, "source_ids": [b.id], "score": 0.91,
              "next": "/proposals/duplicates"},
    )  # fmt: skip
    assert response.headers["location"] == "/proposals/duplicates?done=merged&n=1"
    session.expire_all()
    assert session.get(Proposal, b.id).status == ProposalStatus.MERGED
    detail = client.get(f"/proposals/{a.id}")
    assert "Propuestas fusionadas en esta" in detail.text and f"#{b.id}" in detail.text
    # Its people: its own submitters and the merged one's, each once.
    people = re.search(r"Personas que la presentaron</dt><dd>([^<]*)</dd>", detail.text)[1]
    assert people == "3 (1 de las propuestas fusionadas en esta)"
    # The merged one's history says why; its page offers to undo.
    merged_page = client.get(f"/proposals/{b.id}").text
    assert "duplicada (similitud 0.91)" in merged_page and "Deshacer fusión" in merged_page
    assert "fusión</strong>" not in merged_page  # the action label, not a raw value
    assert f"recibida → #{a.id}" in merged_page.replace("&#8594;", "→")
    client.post(f"/proposals/{b.id}/unmerge", data={"csrf_token": csrf})
    session.expire_all()
    assert session.get(Proposal, b.id).status == ProposalStatus.RECEIVED


def test_overdue_answers_page(site):
    client, data = site
    _logged(client, "lucia")
    page = client.get("/proposals/overdue")
    assert page.status_code == 200
    # Both routed proposals were due on 10 August 2018.
    assert "Propuesta salud" in page.text and "Propuesta ambiente" in page.text
    assert "Propuesta unrouted" not in page.text
    # Late by working days, as the deadline was counted (numpy counts them independently).
    today = dt.datetime.now(client.app.state.zone).date()
    due = dt.date(2018, 8, 10)
    working = int(np.busday_count(due + dt.timedelta(days=1), today + dt.timedelta(days=1)))
    cells = re.findall(r'<td class="num">([\d,]+)</td>', page.text)
    assert cells == [format_number(working)] * 2
    assert working < (today - due).days
    assert "Días hábiles de atraso" in page.text


SMART = {
    "action": "Publicar mensualmente el gasto en medicamentos",
    "indicator": "Informes publicados",
    "baseline": "0",
    "target": "12 informes",
    "responsible": "Unidad de Acceso a la Información",
    "starts_on": "2018-09-01",
    "ends_on": "2019-08-31",
    "milestones": "Primer informe en septiembre",
}


def test_institution_answers_with_smart_fields_and_errors_inline(site, session):
    client, data = site
    csrf = _logged(client, "minsal")
    salud = data.proposals["salud"]
    missing = {**SMART, "indicator": " ", "ends_on": "2018-01-01"}
    response = client.post(
        f"/proposals/{salud.id}/answer",
        data={"csrf_token": csrf, "decision": "accepted", **missing},
    )
    assert response.status_code == 422
    assert response.text.count('class="field-error"') == 1  # indicator (dates checked after)
    assert "Publicar mensualmente" in response.text  # what was typed is kept
    response = client.post(
        f"/proposals/{salud.id}/answer",
        data={"csrf_token": csrf, "decision": "accepted", **SMART, "ends_on": "2018-01-01"},
    )
    assert response.status_code == 422 and "El fin es anterior al inicio" in response.text
    response = client.post(
        f"/proposals/{salud.id}/answer", data={"csrf_token": csrf, "decision": "rejected"}
    )
    assert response.status_code == 422 and "Obligatorio" in response.text
    session.expire_all()
    assert session.get(Proposal, salud.id).status == ProposalStatus.SENT_TO_INSTITUTION
    response = client.post(
        f"/proposals/{salud.id}/answer", data={"csrf_token": csrf, "decision": "accepted", **SMART}
    )
    assert response.status_code == 303
    session.expire_all()
    answered = session.get(Proposal, salud.id)
    assert answered.status == ProposalStatus.ACCEPTED
    assert answered.commitment.target == "12 informes"
    assert answered.commitment.ends_on == dt.date(2019, 8, 31)
    assert "Responder la propuesta" not in client.get(f"/proposals/{salud.id}").text


def test_institution_cannot_answer_another_institutions_proposal(site, session):
    client, data = site
    csrf = _logged(client, "minsal")
    ambiente = data.proposals["ambiente"]
    response = client.post(
        f"/proposals/{ambiente.id}/answer",
        data={"csrf_token": csrf, "decision": "rejected", "justification": "No nos compete"},
    )
    assert response.status_code == 404
    # Nor route or merge anything.
    response = client.post(
        "/proposals/route",
        data={"csrf_token": csrf, "proposal_ids": [ambiente.id], "institution_id": 1},
    )
    assert response.status_code == 403
    session.expire_all()
    assert session.get(Proposal, ambiente.id).status == ProposalStatus.SENT_TO_INSTITUTION


def test_rejection_with_justification(site, session):
    client, data = site
    csrf = _logged(client, "marn")
    ambiente = data.proposals["ambiente"]
    response = client.post(
        f"/proposals/{ambiente.id}/answer",
        data={"csrf_token": csrf, "decision": "rejected", "justification": "Ya existe un plan"},
    )
    assert response.status_code == 303
    session.expire_all()
    rejected = session.get(Proposal, ambiente.id)
    assert rejected.status == ProposalStatus.REJECTED
    assert rejected.justification == "Ya existe un plan"


def test_reports_page_generates_and_downloads(site):
    client, data = site
    csrf = _logged(client, "lucia")
    page = client.get("/reports")
    assert page.status_code == 200 and "Informe semanal" in page.text
    response = client.post(
        "/reports/weekly",
        data={"csrf_token": csrf, "week": "2018-W26", "consultation": "pan-2018-2020",
              "formats": ["pdf", "json"], "lang": "en"},
    )  # fmt: skip
    assert response.status_code == 303
    listing = client.get(response.headers["location"])
    assert "weekly-2018-W26.en.pdf" in listing.text and "2 archivo(s) generados" in listing.text
    pdf = client.get("/reports/files/weekly-2018-W26.en.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    assert client.get("/reports/files/..%2F..%2Fpulso.db").status_code == 404
    bad = client.post(
        "/reports/weekly", data={"csrf_token": csrf, "week": "2018-26", "formats": ["pdf"]}
    )
    assert "2018-W26" in client.get(bad.headers["location"]).text  # the error, shown
    made = client.post(
        "/reports/consultation",
        data={"csrf_token": csrf, "consultation": "pan-2018-2020", "formats": ["xlsx"]},
    )
    assert "consultation-pan-2018-2020.es.xlsx" in made.headers["location"]
    client.cookies.clear()
    _logged(client, "rene")  # a reviewer: no reports
    assert client.get("/reports").status_code == 403
    assert client.get("/reports/files/weekly-2018-W26.en.pdf").status_code == 403


PAGES = {
    # path -> usernames who may see it (others: 403; institution users are sent home)
    "/review": {"ana", "rene"},
    "/proposals/duplicates": {"ana", "lucia", "rene"},
    "/proposals/overdue": {"ana", "lucia", "rene"},
    "/reports": {"ana", "lucia"},
    "/runs": {"ana", "lucia"},
    "/posts": {"ana", "lucia", "rene"},
    "/inbox": {"minsal", "marn"},
}


def test_every_page_checks_the_role(site):
    client, _ = site
    seen, expected = {}, {}
    for username in ("ana", "lucia", "rene", "minsal", "marn"):
        client.cookies.clear()
        _logged(client, username)
        for path, allowed in PAGES.items():
            seen[(path, username)] = client.get(path).status_code
            expected[(path, username)] = 200 if username in allowed else 403
    assert seen == expected
    client.cookies.clear()
    for path in [*PAGES, "/reports/files/weekly-2018-W26.es.pdf"]:
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
    for path in ["/review/1", "/review/bulk", "/proposals/route", "/proposals/merge",
                 "/proposals/1/answer", "/proposals/1/unmerge", "/reports/weekly"]:  # fmt: skip
        response = client.post(path, data={})
        assert response.status_code == 303 and "/login" in response.headers["location"], path


def test_confirm_asks_for_the_consultation_only_when_it_cannot_tell(site, session):
    from tests.factories import make_consultation

    client, data = site
    make_consultation(session=session, slug="otra-2019", name="Otra consulta")
    session.flush()
    csrf = _logged(client, "rene")
    page = client.get("/review")
    assert 'name="consultation"' in page.text and "Otra consulta" in page.text
    comment = data.comments[0].id
    failed = client.post(f"/review/{comment}", data={"csrf_token": csrf, "action": "confirm"})
    assert "no+se+sabe+de+qu%C3%A9+consulta" in failed.headers["location"]
    done = client.post(
        f"/review/{comment}",
        data={"csrf_token": csrf, "action": "confirm", "consultation": "pan-2018-2020"},
    )
    assert "done=confirm" in done.headers["location"]
    session.expire_all()
    proposal = session.scalar(select(Proposal).where(Proposal.source_comment_id == comment))
    assert proposal.consultation_id == data.proposals["salud"].consultation_id


def test_a_disqus_comment_in_the_queue_names_its_page(site, session):
    """A consultation-site comment shows the page it was written on (its thread's title,
    linked), not the thread's number; a link that is not http(s) is never made a link."""
    from pulso.db.models import DisqusThread

    client, _ = site
    _logged(client, "rene")
    session.add_all([
        DisqusThread(external_id="6741032110", title="Transparencia en el gasto",
                     link="https://consulta.example/aga_themes/gasto"),
        DisqusThread(external_id="666", title="Página rara", link="javascript:alert(1)"),
        Comment(platform="disqus", external_id="d1", thread_key="6741032110",
                text="Que publiquen los contratos",
                created_at=dt.datetime(2018, 6, 30, 15, tzinfo=dt.UTC)),
        Comment(platform="disqus", external_id="d2", thread_key="666", text="Otra idea",
                created_at=dt.datetime(2018, 6, 30, 16, tzinfo=dt.UTC)),
    ])  # fmt: skip
    session.flush()
    page = client.get("/review?page=1").text
    assert (
        '<a href="https://consulta.example/aga_themes/gasto" rel="noopener noreferrer"'
        ' target="_blank">Transparencia en el gasto</a>'
    ) in page
    assert "· 6741032110" not in page
    assert "Página rara" in page and "javascript:alert" not in page


def test_the_review_queue_by_uncertainty_and_the_threads_theme(site, session):
    client, data = site
    _logged(client, "rene")
    by_score = client.get("/review")
    assert by_score.status_code == 200
    assert "<strong>más probables primero</strong>" in by_score.text
    uncertain = client.get("/review?order=uncertain")
    assert uncertain.status_code == 200
    assert "<strong>dudosos primero (enseñan más al modelo)</strong>" in uncertain.text
    ids = [int(x) for x in re.findall(r'data-comment="(\d+)"', uncertain.text)]
    scores = {c.id: c.queue_score for c in session.scalars(select(Comment))}
    distance = [abs(scores[i] - 0.5) for i in ids if scores.get(i) is not None]
    assert distance == sorted(distance)
    assert client.get("/review?order=random").status_code == 422
