"""Pages: login, sessions, CSRF, throttling, roles, language, and no password anywhere."""

from __future__ import annotations

import logging
import re

import pytest

from pulso.web.deps import SESSION_COOKIE
from pulso.web.security import SessionSigner
from tests import web_data
from tests.web_client import csrf_of, login, make_client

STAFF_PAGES = ["/", "/posts", "/proposals"]


@pytest.fixture
def site(session):
    data = web_data.build(session)
    return make_client(session), data


def test_anonymous_pages_redirect_to_login(site):
    client, data = site
    for path in ["/", "/posts", f"/posts/{data.posts[0].id}", "/runs", "/review", "/inbox",
                 "/proposals", f"/proposals/{data.proposals['salud'].id}"]:  # fmt: skip
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=" + path.split("?")[0])


def test_login_sets_a_safe_cookie_and_returns_to_the_page(site):
    client, _ = site
    response = login(client, "lucia", next_url="/posts?platform=x")
    assert response.status_code == 303
    assert response.headers["location"] == "/posts?platform=x"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    assert "Secure" not in cookie  # plain HTTP test server
    page = client.get("/posts?platform=x")
    assert page.status_code == 200 and "tuit 1" in page.text and "arte 3" not in page.text


def test_secure_cookie_when_configured(session):
    web_data.build(session)
    client = make_client(session, web_secure_cookies=True)
    assert "Secure" in client.get("/login").headers["set-cookie"]


def test_no_open_redirect_after_login(site):
    client, _ = site
    for target in ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]:
        client.cookies.clear()
        assert login(client, "lucia", next_url=target).headers["location"] == "/"


def test_wrong_password_and_unknown_user(site):
    client, _ = site
    for username, password in [("lucia", "wrong password!"), ("nobody", web_data.PASSWORD)]:
        response = login(client, username, password)
        assert response.status_code == 401
        assert "Usuario o contraseña incorrectos" in response.text
        assert client.get("/posts").status_code == 303


def test_csrf_is_required_on_every_form(site):
    client, _ = site
    client.get("/login")
    refused = client.post(
        "/login", data={"username": "lucia", "password": web_data.PASSWORD, "csrf_token": "x"}
    )
    assert refused.status_code == 403
    assert client.get("/posts").status_code == 303  # not logged in
    # A token from another browser (another anonymous cookie) is refused too.
    other = make_client_from(client)
    stolen = csrf_of(other.get("/login").text)
    refused = client.post(
        "/login",
        data={"username": "lucia", "password": web_data.PASSWORD, "csrf_token": stolen},
    )
    assert refused.status_code == 403
    # Logout needs the session's token.
    assert login(client, "lucia").status_code == 303
    assert client.post("/logout", data={"csrf_token": "nope"}).status_code == 403
    assert client.get("/posts").status_code == 200
    page = client.get("/posts")
    assert client.post("/logout", data={"csrf_token": csrf_of(page.text)}).status_code == 303
    assert client.get("/posts").status_code == 303


def make_client_from(client):
    from fastapi.testclient import TestClient

    return TestClient(client.app, follow_redirects=False)


def test_the_pre_login_csrf_token_is_replaced_at_login(site):
    client, _ = site
    before = csrf_of(client.get("/login").text)
    login(client, "lucia")
    after = csrf_of(client.get("/posts").text)
    assert before != after


def test_tampered_or_foreign_cookies_are_ignored(site):
    client, _ = site
    login(client, "lucia")
    value = client.cookies.get(SESSION_COOKIE)
    body, _, mac = value.rpartition(".")
    client.cookies.set(SESSION_COOKIE, body + "." + mac[::-1])
    assert client.get("/posts").status_code == 303


def test_login_throttling(site):
    client, _ = site
    settings = client.app.state.settings
    for _ in range(settings.web_login_max_failures):
        assert login(client, "rene", "not the password").status_code == 401
    # Even the right password is refused while throttled, and says why.
    blocked = login(client, "rene")
    assert blocked.status_code == 429
    assert "Demasiados intentos" in blocked.text
    assert client.get("/review").status_code == 303
    # Other users from the same address are throttled too (the address is counted).
    assert login(client, "ana").status_code == 429


def test_names_that_failed_to_log_in_are_never_logged(site, caplog):
    """A password typed into the username field must not land in the log: a failed or
    throttled attempt logs a keyed hash of the name (the same for the same name, so the
    attempts can still be followed), never the name or a piece of it."""
    client, _ = site
    settings = client.app.state.settings
    typed = "Contraseña-Secreta-2018!"
    caplog.set_level(logging.DEBUG)
    for _ in range(settings.web_login_max_failures + 1):
        assert login(client, f"  {typed} ", "x").status_code in (401, 429)
    lines = [r.getMessage() for r in caplog.records if r.name == "pulso.web.auth"]
    assert any(line.startswith("login throttled for user h:") for line in lines), lines
    assert any(line.startswith("failed login for user h:") for line in lines), lines
    tags = {re.search(r"user (\S+) from", line).group(1) for line in lines}
    assert len(tags) == 1, tags
    # Everything logged, but SQLAlchemy's echo of query parameters (off unless an operator
    # turns SQL logging on at DEBUG, which logs every value a query carries).
    logged = "\n".join(
        r.getMessage() for r in caplog.records if not r.name.startswith("sqlalchemy.engine")
    ).casefold()
    for part in (typed, typed[:6], typed[-8:], "secreta"):
        assert part.casefold() not in logged, part
    # The hash is keyed by the server's secret: another secret, another tag.
    name = f"user:{typed.lower()}"
    assert tags == {client.app.state.signer.log_tag(name)}
    assert SessionSigner("another-secret-value", 60).log_tag(name) not in tags


def test_roles_on_pages(site):
    client, data = site
    login(client, "rene")  # reviewer
    review = client.get("/review")
    assert review.status_code == 200
    # Evidence is shown as sentences, never as a raw data structure.
    assert "Parecido a un ejemplo revisado" in review.text
    assert "Que publiquen el abastecimiento de medicinas" in review.text
    assert "{&#39;text&#39;" not in review.text and "{'text'" not in review.text
    assert client.get("/runs").status_code == 403
    client.cookies.clear()
    login(client, "lucia")  # analyst
    assert client.get("/runs").status_code == 200
    forbidden = client.get("/review")
    assert forbidden.status_code == 403 and "Su rol no permite" in forbidden.text
    for path in STAFF_PAGES:
        assert client.get(path).status_code == 200, path
    assert client.get("/inbox").status_code == 403


def test_institution_user_sees_only_its_proposals(site):
    client, data = site
    response = login(client, "minsal")
    assert response.headers["location"] == "/inbox"
    inbox = client.get("/inbox")
    assert "Propuesta salud" in inbox.text and "Propuesta ambiente" not in inbox.text
    assert "Propuesta unrouted" not in inbox.text
    assert client.get(f"/proposals/{data.proposals['salud'].id}").status_code == 200
    assert client.get(f"/proposals/{data.proposals['ambiente'].id}").status_code == 404
    assert client.get(f"/proposals/{data.proposals['unrouted'].id}").status_code == 404
    assert client.get("/proposals").headers["location"] == "/inbox"
    assert client.get("/").headers["location"] == "/inbox"
    for path in ["/posts", f"/posts/{data.posts[0].id}", "/runs", "/review"]:
        assert client.get(path).status_code == 403, path


def test_pages_show_the_figures(site):
    client, data = site
    login(client, "ana")
    overview = client.get("/")
    assert "75,100" in overview.text  # labelled sum of post reach: 74,926 + 174
    assert "Suma del alcance por publicación" in overview.text
    week = client.get("/?week=2018-06-25")
    assert "74,926" in week.text and "Semana del 25 de junio de 2018" in week.text
    assert client.get("/?week=junio").status_code == 400
    detail = client.get(f"/posts/{data.posts[1].id}?metric=reactions")
    assert "<polyline" in detail.text and "Propongo que el Ministerio" in detail.text
    assert client.get("/posts/424242").status_code == 404
    review = client.get("/review").text
    # Ordered by the latest suggestion's score (m2), with theme and abuse flag shown.
    order = [review.index(t) for t in ("Propongo que", "Que se reforesten", "¿Dónde está")]
    assert order == sorted(order)
    assert "Posible abuso" in review and "Salud 80%" in review
    # Each comment's theme selector offers every theme, its suggested one selected.
    selectors = re.findall(r'<select name="theme" data-key="t">(.*?)</select>', review, re.S)
    first = selectors[0]  # "Propongo que", the best scored: suggested salud
    assert '<option value="salud" selected>' in first
    assert '<option value="medio-ambiente">' in first
    assert all(s.count("<option") == first.count("<option") for s in selectors)
    assert sum('value="medio-ambiente" selected' in s for s in selectors) == len(selectors) - 1
    assert all(s.count(" selected") <= 1 for s in selectors)
    runs = client.get("/runs").text
    assert "$0.42" in runs and "Graph API error 190" in runs
    proposals = client.get("/proposals?status=received").text
    assert "Propuesta unrouted" in proposals and "Propuesta salud" not in proposals


def test_english_switch(site):
    client, _ = site
    login(client, "lucia")
    response = client.get("/lang/en?next=/posts%3Fplatform%3Dx")
    assert response.headers["location"] == "/posts?platform=x"
    page = client.get("/posts")
    assert "<h1>Posts</h1>" in page.text and 'lang="en"' in page.text
    client.get("/lang/es?next=/posts")
    assert "<h1>Publicaciones</h1>" in client.get("/posts").text


def test_security_headers(site):
    client, _ = site
    response = client.get("/login")
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_password_never_in_logs_pages_or_output(session, caplog, cli, migrated_url, monkeypatch):
    import io

    secret = "Very-Secret-Passw0rd-42"
    caplog.set_level(logging.DEBUG)
    env = {"PULSO_DATABASE_URL": migrated_url}
    monkeypatch.setattr("sys.stdin", io.StringIO(secret + "\n"))
    code, out, err = cli(["user", "add", "sofia", "--role", "analyst", "--password-stdin"], env)
    assert code == 0, err
    web_data.build(session)
    from pulso.web.users import add_user

    add_user(session=session, username="sofia", password=secret, role="analyst")
    client = make_client(session)
    texts = [out, err]
    texts.append(login(client, "sofia", "wrong-" + secret).text)
    ok = login(client, "sofia", secret)
    texts.append(ok.text + str(ok.headers))
    for path in ["/", "/posts", "/proposals", "/runs"]:
        texts.append(client.get(path).text)
    texts.append(caplog.text)
    assert "failed login" in caplog.text  # the log is captured, and names the user only
    for text in texts:
        assert secret not in text
    from pulso.db.models import User

    stored = session.query(User).filter_by(username="sofia").one()
    assert stored.password_hash.startswith("$argon2id$") and secret not in stored.password_hash


def test_the_page_asked_for_survives_the_login_detour(site):
    client, _ = site
    response = client.get("/posts?platform=x&kind=text")
    assert response.headers["location"] == "/login?next=/posts%3Fplatform%3Dx%26kind%3Dtext"
    form = client.get(response.headers["location"])
    assert 'name="next" value="/posts?platform=x&amp;kind=text"' in form.text
    done = client.post(
        "/login",
        data={"username": "lucia", "password": web_data.PASSWORD,
              "csrf_token": csrf_of(form.text), "next": "/posts?platform=x&kind=text"},
    )  # fmt: skip
    assert done.headers["location"] == "/posts?platform=x&kind=text"


def test_user_text_is_escaped(site, session):
    client, data = site
    data.comments[0].text = "<script>alert('x')</script>"
    session.flush()
    login(client, "ana")
    for path in [f"/posts/{data.posts[1].id}", "/review"]:
        page = client.get(path).text
        assert "<script>alert" not in page and "&lt;script&gt;alert" in page
