"""Public results (issue 22): the page without login, its open data (JSON against its
schema, CSV with Spanish headers, Atom), publication, progress of commitments, every role's
access, and nothing personal leaving through the public routes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from sqlalchemy import select

from pulso.consultation.answers import CommitmentIn, answer_proposal
from pulso.consultation.publication import public_id, record_progress, set_published
from pulso.consultation.workflow import merge_proposals
from pulso.db.models import (
    AuditEvent,
    Channel,
    Comment,
    Consultation,
    Person,
    Platform,
    Proposal,
    ProposalStatus,
)
from pulso.errors import WorkflowError
from pulso.web.public_data import CSV_HEADERS, schema_text
from tests import web_data
from tests.factories import make_post, when
from tests.test_glossary import english_in
from tests.web_client import csrf_of, login, make_client

SLUG = "pan-2018-2020"
ATOM = "{http://www.w3.org/2005/Atom}"
ROLES = ("ana", "lucia", "rene", "minsal", "marn")  # admin, analyst, reviewer, institutions

# What must never leave through a public route.
SECRET_EMAIL = "juana.perez@example.org"
SECRET_PHONE = "7012 3456"
PERSON_KEY = "f" * 64
AUTHOR_KEY = "e" * 64
AUTHOR_NAME = "Juana Pérez Secreta"
COMMENT_LINK = "https://www.facebook.com/post/1?comment_id=999888"
POST_LINK = "https://www.facebook.com/gobierno/posts/1"
NOT_A_PROPOSAL = "Texto que no es propuesta y no se publica"
PRIVATE_ORG = "Organización que no firmó"


@pytest.fixture
def site(session):
    data = web_data.build(session)
    consultation = session.scalar(select(Consultation).where(Consultation.slug == SLUG))
    salud, ambiente = data.proposals["salud"], data.proposals["ambiente"]
    person = Person(key=PERSON_KEY, organisation=PRIVATE_ORG)
    session.add(person)
    salud.submitters.append(person)
    salud.text = f"Más datos abiertos de salud. Escríbanme a {SECRET_EMAIL} o al {SECRET_PHONE}."
    salud.organisation = "Fundación Firmante"
    post = make_post(session=session, permalink=POST_LINK)
    comment = Comment(
        platform=Platform.FACEBOOK,
        external_id="c-public-1",
        post_id=post.id,
        author_key=AUTHOR_KEY,
        author_name=AUTHOR_NAME,
        text="Que publiquen los contratos de obra",
        created_at=when(3, 9, month=7),
        permalink=COMMENT_LINK,
    )
    session.add(comment)
    session.flush()
    extra = {}
    for name, status, text, comment_id in (
        ("from_comment", ProposalStatus.RECEIVED, "Que publiquen los contratos", comment.id),
        ("duplicate", ProposalStatus.RECEIVED, "Más datos de salud, por favor", None),
        ("noise", ProposalStatus.NOT_A_PROPOSAL, NOT_A_PROPOSAL, None),
    ):
        row = Proposal(
            consultation_id=consultation.id,
            theme_id=salud.theme_id,
            channel=Channel.FACEBOOK if comment_id else Channel.EMAIL,
            source_key=f"test:{name}",
            source_comment_id=comment_id,
            text=text,
            received_at=when(4, 10, month=7),
            status=status,
        )
        session.add(row)
        extra[name] = row
    session.flush()
    merge_proposals(
        session=session, target_id=salud.id, source_ids=[extra["duplicate"].id], actor="ana"
    )
    answer_proposal(
        session=session,
        proposal_id=salud.id,
        decision="accepted",
        actor="minsal",
        commitment=CommitmentIn(
            action="Publicar el gasto en salud cada mes",
            indicator="Informes publicados",
            baseline="Ninguno",
            target="12 informes",
            responsible="Dirección de Planificación",
            starts_on=dt.date(2019, 1, 1),
            ends_on=dt.date(2019, 12, 31),
            milestones="Primer informe en marzo",
        ),
    )
    answer_proposal(
        session=session,
        proposal_id=ambiente.id,
        decision="rejected",
        actor="marn",
        justification=f"No es competencia del ministerio; consultas al {SECRET_PHONE}.",
    )
    session.flush()
    client = make_client(session)
    return client, data, extra


def _publish(session):
    set_published(session=session, slug=SLUG, published=True, actor="test")
    session.flush()


def _public_paths(data, extra) -> list[str]:
    salud = data.proposals["salud"]
    return [
        f"/public/{SLUG}",
        f"/public/{SLUG}.json",
        f"/public/{SLUG}.csv",
        f"/public/{SLUG}.atom",
        f"/p/{public_id(SLUG, salud.id)}",
        f"/p/{public_id(SLUG, extra['duplicate'].id)}",
    ]


def test_an_unpublished_consultation_is_a_404_for_everyone(site, session):
    client, data, extra = site
    for user in (None, *ROLES):
        client.cookies.clear()
        if user:
            assert login(client, user).status_code == 303
        for path in _public_paths(data, extra):
            assert client.get(path).status_code == 404, (user, path)
    assert client.get("/public/nobody").status_code == 404
    assert client.get("/p/not-an-id").status_code == 404
    assert client.get("/p/pan-2018-2020-999999").status_code == 404


def test_every_role_and_anonymous_see_the_same_public_page(site, session):
    client, data, extra = site
    _publish(session)
    pages = {}
    for user in (None, *ROLES):
        client.cookies.clear()
        if user:
            login(client, user)
        for path in _public_paths(data, extra):
            response = client.get(path)
            assert response.status_code == 200, (user, path)
            assert "no-store" not in response.headers["cache-control"]
        page = client.get(f"/public/{SLUG}")
        pages[user] = page.text
        # No navigation, no username, no logout form: the page reads no viewer.
        assert "/logout" not in page.text and 'name="csrf_token"' not in page.text
    assert len(set(pages.values())) == 1
    assert client.get("/public/schema.json").status_code == 200


def test_the_page_shows_figures_answers_merged_items_and_filters(site, session):
    client, data, extra = site
    _publish(session)
    salud, ambiente = data.proposals["salud"], data.proposals["ambiente"]
    html = client.get(f"/public/{SLUG}").text
    # Counted: salud, ambiente, unrouted and the one from a comment (4); merged 1; noise 1.
    assert 'id="counted">4<' in html
    assert "4 de 4 propuestas contadas" in html
    # Distinct people per theme do not add up to the total: the page says why.
    assert "una persona puede proponer en varias temáticas" in html
    assert "Publicar el gasto en salud cada mes" in html and "12 informes" in html
    assert "No es competencia del ministerio" in html
    assert "aceptada" in html and "no incorporada" in html
    assert "Fundación Firmante" in html
    assert "Propuestas unidas a esta (1)" in html and "Más datos de salud, por favor" in html
    assert POST_LINK in html  # the source post of the promoted comment
    assert english_in(html) == []
    only = client.get(f"/public/{SLUG}?status=rejected").text
    assert public_id(SLUG, ambiente.id) in only and f'id="{public_id(SLUG, salud.id)}"' not in only
    assert "1 de 4 propuestas contadas" in only
    by_institution = client.get(f"/public/{SLUG}?institution=Ministerio de Salud").text
    assert "1 de 4" in by_institution
    assert "2 de 4" in client.get(f"/public/{SLUG}?channel=web&theme=medio-ambiente").text
    assert "1 de 4" in client.get(f"/public/{SLUG}?channel=facebook").text
    assert "0 de 4" in client.get(f"/public/{SLUG}?theme=nada").text
    # A merged item's permanent link shows the proposal it joined.
    merged = client.get(f"/p/{public_id(SLUG, extra['duplicate'].id)}").text
    assert "Publicar el gasto en salud cada mes" in merged and 'class="hl"' in merged
    english = client.get(f"/lang/en?next=/public/{SLUG}")
    assert english.status_code == 303
    page_en = client.get(f"/public/{SLUG}").text
    assert "Consultation results" in page_en and "4 of 4 counted proposals" in page_en


def test_json_validates_against_its_published_schema(site, session):
    client, data, _ = site
    _publish(session)
    record_progress(
        session=session,
        proposal_id=data.proposals["salud"].id,
        percent=25,
        note="Primer informe",
        actor="minsal",
        recorded_on=dt.date(2019, 3, 1),
    )
    session.flush()
    schema = client.get("/public/schema.json").json()
    assert schema == json.loads(schema_text())
    document = client.get(f"/public/{SLUG}.json").json()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(document)
    assert document["reconciliation"]["counted"] == len(document["proposals"]) == 4
    salud = next(p for p in document["proposals"] if p["commitment"])
    assert salud["commitment"]["progress"] == [
        {"recorded_on": "2019-03-01", "percent": 25, "note": "Primer informe"}
    ]
    assert [m["text"] for m in salud["merged"]] == ["Más datos de salud, por favor"]
    broken = dict(document, proposals=[dict(salud, status="merged")])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_csv_has_spanish_headers_and_one_row_per_counted_proposal(site, session):
    client, _, _ = site
    _publish(session)
    response = client.get(f"/public/{SLUG}.csv")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert tuple(rows[0]) == CSV_HEADERS
    assert {"tematica", "estado", "institucion", "justificacion", "linea_base"} <= set(rows[0])
    assert len(rows) == 1 + 4
    statuses = {row[rows[0].index("estado")] for row in rows[1:]}
    assert statuses <= {"aceptada", "no incorporada", "enviada a la institución", "recibida"}


def test_the_atom_feed_is_well_formed_with_the_required_elements(site, session):
    client, data, _ = site
    _publish(session)
    record_progress(
        session=session,
        proposal_id=data.proposals["salud"].id,
        percent=40,
        note="Dos informes",
        actor="minsal",
    )
    session.flush()
    response = client.get(f"/public/{SLUG}.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author", "link"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3  # two answers and one progress update
    ids = set()
    for entry in entries:
        for name in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{name}") is not None, name
        dt.datetime.strptime(entry.find(f"{ATOM}updated").text, "%Y-%m-%dT%H:%M:%SZ")
        ids.add(entry.find(f"{ATOM}id").text)
    assert len(ids) == 3
    assert "40 %" in entries[0].find(f"{ATOM}title").text  # newest first


def test_nothing_personal_leaves_through_the_public_routes(site, session):
    client, data, extra = site
    _publish(session)
    record_progress(
        session=session,
        proposal_id=data.proposals["salud"].id,
        percent=10,
        note=f"Avance; dudas a {SECRET_EMAIL}",
        actor="minsal",
    )
    session.flush()
    person = session.scalar(select(Person).where(Person.key == PERSON_KEY))
    outputs = {}
    for lang in ("es", "en"):
        client.get(f"/lang/{lang}?next=/")
        for path in _public_paths(data, extra):
            outputs[(lang, path)] = client.get(path).text
    everything = "\n".join(outputs.values())
    for secret in (
        SECRET_EMAIL,
        SECRET_PHONE,
        PERSON_KEY,
        AUTHOR_KEY,
        AUTHOR_NAME,
        COMMENT_LINK,
        "comment_id",
        NOT_A_PROPOSAL,
        PRIVATE_ORG,
        "c-public-1",
    ):
        assert secret not in everything, secret
    assert "[email]" in everything and "[phone]" in everything
    document = json.loads(outputs[("es", f"/public/{SLUG}.json")])
    text = json.dumps(document)
    for field in ("person", "submitter", "author", "key", "recorded_by", "actor", "username"):
        assert f'"{field}' not in text, field
    assert f'"{person.id}"' not in text
    # Who recorded an answer or progress (a user name) is not published either.
    assert "minsal" not in everything.replace("Ministerio de Salud", "")


def test_admin_publishes_and_unpublishes_from_the_page(site, session):
    client, _, _ = site
    for user in ("lucia", "rene", "minsal"):
        client.cookies.clear()
        login(client, user)
        assert client.get("/admin/publication").status_code == 403
        page = client.get(f"/public/{SLUG}")
        assert page.status_code == 404
        csrf = (
            csrf_of(client.get("/").text)
            if user != "minsal"
            else csrf_of(client.get("/inbox").text)
        )
        refused = client.post(
            f"/admin/publication/{SLUG}", data={"publish": "true", "csrf_token": csrf}
        )
        assert refused.status_code == 403
    client.cookies.clear()
    assert client.get("/admin/publication").status_code == 303  # to the login page
    login(client, "ana")
    page = client.get("/admin/publication")
    assert page.status_code == 200 and "No publicada" in page.text
    assert english_in(page.text) == []
    answer = client.post(
        f"/admin/publication/{SLUG}", data={"publish": "true", "csrf_token": csrf_of(page.text)}
    )
    assert answer.status_code == 303
    assert client.get(f"/public/{SLUG}").status_code == 200
    assert "Consulta publicada" in client.get(answer.headers["location"]).text
    page = client.get("/admin/publication")
    client.post(
        f"/admin/publication/{SLUG}", data={"publish": "false", "csrf_token": csrf_of(page.text)}
    )
    assert client.get(f"/public/{SLUG}").status_code == 404
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity == "consultation")
    ).all()
    assert actions == ["publish", "unpublish"]
    # Without the CSRF token nothing changes.
    assert client.post(f"/admin/publication/{SLUG}", data={"publish": "true"}).status_code == 403


def test_an_institution_records_progress_shown_over_time(site, session):
    client, data, _ = site
    _publish(session)
    salud, ambiente = data.proposals["salud"], data.proposals["ambiente"]
    login(client, "minsal")
    page = client.get(f"/proposals/{salud.id}")
    assert f'action="/proposals/{salud.id}/progress"' in page.text
    csrf = csrf_of(page.text)
    for percent, day, note in (
        ("20", "2019-03-01", "Primer informe"),
        ("55", "2019-06-01", "Seis informes"),
    ):
        answer = client.post(
            f"/proposals/{salud.id}/progress",
            data={"percent": percent, "recorded_on": day, "note": note, "csrf_token": csrf},
        )
        assert answer.status_code == 303 and "done=progress" in answer.headers["location"]
    bad = client.post(
        f"/proposals/{salud.id}/progress", data={"percent": "140", "note": "x", "csrf_token": csrf}
    )
    assert "error=percent" in bad.headers["location"]
    empty = client.post(
        f"/proposals/{salud.id}/progress", data={"percent": "60", "note": " ", "csrf_token": csrf}
    )
    assert "error=failed" in empty.headers["location"]
    detail = client.get(f"/proposals/{salud.id}").text
    assert "Seis informes" in detail and "avance" in detail
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.entity_id == salud.id, AuditEvent.action == "progress")
    ).all()
    assert [(e.actor, e.to_value) for e in events] == [("minsal", "20%"), ("minsal", "55%")]
    public = client.get(f"/p/{public_id(SLUG, salud.id)}").text
    assert public.index("Primer informe") < public.index("Seis informes")
    assert 'value="55"' in public
    # Another institution's proposal does not exist for it; staff other than admin cannot.
    client.cookies.clear()
    login(client, "marn")
    csrf = csrf_of(client.get("/inbox").text)
    assert (
        client.post(
            f"/proposals/{salud.id}/progress",
            data={"percent": "90", "note": "x", "csrf_token": csrf},
        ).status_code
        == 404
    )
    client.cookies.clear()
    login(client, "lucia")
    csrf = csrf_of(client.get("/").text)
    assert (
        client.post(
            f"/proposals/{salud.id}/progress",
            data={"percent": "90", "note": "x", "csrf_token": csrf},
        ).status_code
        == 403
    )
    # Only an accepted proposal's commitment takes progress.
    with pytest.raises(WorkflowError):
        record_progress(session=session, proposal_id=ambiente.id, percent=5, note="x", actor="a")


def test_cli_publishes_and_unpublishes(cli, migrated_url):
    env = {"PULSO_DATABASE_URL": migrated_url}
    assert cli(["consultation", "create", "demo-c", "--name", "Consulta"], env)[0] == 0
    code, out, _ = cli(["consultation", "publish", "demo-c"], env)
    assert code == 0 and "/public/demo-c" in out
    code, out, _ = cli(["consultation", "unpublish", "demo-c"], env)
    assert code == 0 and "retirada" in out
    code, out, _ = cli(["--lang", "en", "consultation", "unpublish", "demo-c"], env)
    assert code == 0 and "unpublished" in out
    code, _, err = cli(["consultation", "publish", "nobody"], env)
    assert code != 0 and "error" in err
