"""Helpers for web tests: an app on the test's own (rolled-back) connection, and logins."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from pulso.settings import Settings
from pulso.web.app import create_app
from tests import web_data

SECRET = "web-test-session-secret"


def make_client(session: Session, **settings) -> TestClient:
    connection = session.connection()

    def sessionmaker():
        return Session(bind=connection, join_transaction_mode="create_savepoint")

    config = Settings(database_url="sqlite://", web_session_secret=SECRET, **settings)
    app = create_app(config, sessionmaker=sessionmaker)
    return TestClient(app, base_url="http://testserver", follow_redirects=False)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client: TestClient, username: str, password: str = web_data.PASSWORD, next_url="/"):
    form = client.get("/login")
    return client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "csrf_token": csrf_of(form.text),
            "next": next_url,
        },
    )


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}
