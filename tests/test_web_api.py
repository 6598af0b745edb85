"""The REST API: authentication, roles on every endpoint, filters and pagination."""

from __future__ import annotations

import pytest

from tests import web_data
from tests.web_client import bearer, make_client

ENDPOINTS = ["/api/v1/posts", "/api/v1/metrics", "/api/v1/comments", "/api/v1/proposals",
             "/api/v1/runs", "/api/v1/me", "/api/v1/reports"]  # fmt: skip

# Who may call what: posts/metrics/comments staff; runs admin+analyst; proposals everyone.
ALLOWED = {
    "/api/v1/posts": {"ana", "lucia", "rene"},
    "/api/v1/metrics": {"ana", "lucia", "rene"},
    "/api/v1/comments": {"ana", "lucia", "rene"},
    "/api/v1/runs": {"ana", "lucia"},
    "/api/v1/proposals": {"ana", "lucia", "rene", "minsal", "marn"},
    "/api/v1/me": {"ana", "lucia", "rene", "minsal", "marn"},
    "/api/v1/reports": {"ana", "lucia"},
}
USERS = ["ana", "lucia", "rene", "minsal", "marn"]


@pytest.fixture
def api(session, tmp_path):
    data = web_data.build(session)
    return make_client(session, web_reports_dir=str(tmp_path / "reports")), data


def test_anonymous_and_bad_tokens_get_401(api):
    client, data = api
    post_id = data.posts[0].id
    for path in [*ENDPOINTS, f"/api/v1/posts/{post_id}", "/api/v1/proposals/1"]:
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.headers["www-authenticate"] == "Bearer"
        assert client.get(path, headers=bearer("pulso_not-a-token")).status_code == 401
        assert client.get(path, headers={"Authorization": data.tokens["ana"]}).status_code == 401


def test_every_endpoint_checks_the_role(api):
    client, data = api
    seen = {}
    for path in ENDPOINTS:
        for username in USERS:
            response = client.get(path, headers=bearer(data.tokens[username]))
            seen[(path, username)] = response.status_code
    expected = {
        (path, username): 200 if username in ALLOWED[path] else 403
        for path in ENDPOINTS
        for username in USERS
    }
    assert seen == expected
    # Single items follow the same rules.
    post = f"/api/v1/posts/{data.posts[0].id}"
    assert client.get(post, headers=bearer(data.tokens["minsal"])).status_code == 403
    assert client.get(post, headers=bearer(data.tokens["rene"])).status_code == 200


def test_a_deactivated_user_token_stops_working(api, session):
    client, data = api
    from pulso.web.users import get_user

    get_user(session=session, username="lucia").is_active = False
    session.flush()
    assert client.get("/api/v1/posts", headers=bearer(data.tokens["lucia"])).status_code == 401


def test_institution_sees_only_its_proposals(api):
    client, data = api
    own, other = data.proposals["salud"], data.proposals["ambiente"]
    headers = bearer(data.tokens["minsal"])
    listed = client.get("/api/v1/proposals", headers=headers).json()
    assert [p["id"] for p in listed["items"]] == [own.id]
    assert listed["total"] == 1
    assert client.get(f"/api/v1/proposals/{own.id}", headers=headers).status_code == 200
    assert client.get(f"/api/v1/proposals/{other.id}", headers=headers).status_code == 404
    unrouted = data.proposals["unrouted"].id
    assert client.get(f"/api/v1/proposals/{unrouted}", headers=headers).status_code == 404
    # Staff see all of them.
    everything = client.get("/api/v1/proposals", headers=bearer(data.tokens["rene"])).json()
    assert everything["total"] == 3
    got = client.get(f"/api/v1/proposals/{other.id}", headers=bearer(data.tokens["ana"]))
    assert got.json()["institution_id"] == data.institutions["marn"].id


def test_posts_filters_sorting_and_pagination(api):
    client, data = api
    headers = bearer(data.tokens["lucia"])
    page1 = client.get("/api/v1/posts?per_page=2", headers=headers).json()
    assert page1["total"] == 3 and page1["next_page"] == 2 and len(page1["items"]) == 2
    page2 = client.get("/api/v1/posts?per_page=2&page=2", headers=headers).json()
    assert page2["next_page"] is None and len(page2["items"]) == 1
    ids = [p["id"] for p in page1["items"] + page2["items"]]
    assert sorted(ids) == sorted(p.id for p in data.posts)
    by_reach = client.get("/api/v1/posts?sort=reach", headers=headers).json()["items"]
    assert [p["label"] for p in by_reach] == ["arte 3", "arte 1", "tuit 1"]
    assert by_reach[0]["metrics"]["reach"] == 74926
    assert by_reach[0]["metrics"]["reactions"] == 1666
    only_x = client.get("/api/v1/posts?platform=x", headers=headers).json()["items"]
    assert [p["label"] for p in only_x] == ["tuit 1"]
    boosted = client.get("/api/v1/posts?boosted=true", headers=headers).json()["items"]
    assert [p["label"] for p in boosted] == ["arte 3"]
    week = client.get("/api/v1/posts?week=2018-06-20", headers=headers).json()["items"]
    assert sorted(p["label"] for p in week) == ["arte 1", "tuit 1"]
    assert client.get("/api/v1/posts?sort=nope", headers=headers).status_code == 422
    assert client.get("/api/v1/posts?per_page=100000", headers=headers).status_code == 422
    one = client.get(f"/api/v1/posts/{data.posts[1].id}", headers=headers).json()
    assert one["metrics"]["shares"] == 116 and one["is_boosted"] is True
    assert client.get("/api/v1/posts/999999", headers=headers).status_code == 404


def test_metrics_filters(api):
    client, data = api
    headers = bearer(data.tokens["rene"])
    arte3 = data.posts[1].id
    rows = client.get(f"/api/v1/metrics?post={arte3}&metric=reach", headers=headers).json()
    assert [r["value"] for r in rows["items"]] == [9000, 41000, 68800, 74926]
    assert all(r["is_unique"] for r in rows["items"])
    since = client.get(
        f"/api/v1/metrics?post={arte3}&metric=reach&since=2018-07-01T00:00:00Z", headers=headers
    ).json()
    assert [r["value"] for r in since["items"]] == [68800, 74926]


def test_comments_and_runs(api):
    client, data = api
    comments = client.get(
        f"/api/v1/comments?post={data.posts[1].id}&review_status=pending",
        headers=bearer(data.tokens["rene"]),
    ).json()
    assert comments["total"] == 4
    assert "author_name" not in comments["items"][0]
    runs = client.get("/api/v1/runs", headers=bearer(data.tokens["lucia"])).json()["items"]
    costs = {r["platform"]: r["estimated_cost_usd"] for r in runs}
    assert costs == {"x": 0.42, "facebook": None}
    failed = client.get("/api/v1/runs?status=failed", headers=bearer(data.tokens["ana"])).json()
    assert [r["message"] for r in failed["items"]] == ["Graph API error 190: invalid token"]


def test_openapi_schema_lists_the_api(api):
    client, _ = api
    schema = client.get("/openapi.json").json()
    for path in ENDPOINTS + ["/api/v1/posts/{post_id}", "/api/v1/proposals/{proposal_id}"]:
        assert path in schema["paths"], path
    assert not any(p.startswith("/login") or p == "/" for p in schema["paths"])


def test_reports_generate_list_and_download(api):
    client, data = api
    analyst = bearer(data.tokens["lucia"])
    assert client.get("/api/v1/reports", headers=analyst).json() == []
    body = {"kind": "weekly", "week": "2018-W26", "consultation": "pan-2018-2020",
            "formats": ["pdf", "json"], "lang": "en"}  # fmt: skip
    made = client.post("/api/v1/reports", json=body, headers=analyst)
    assert made.status_code == 201, made.text
    files = {f["name"]: f for f in made.json()["files"]}
    assert set(files) == {"weekly-2018-W26.en.pdf", "weekly-2018-W26.en.json"}
    assert files["weekly-2018-W26.en.pdf"]["url"] == "/api/v1/reports/weekly-2018-W26.en.pdf"
    listed = client.get("/api/v1/reports", headers=analyst).json()
    assert {f["name"] for f in listed} == set(files)
    pdf = client.get("/api/v1/reports/weekly-2018-W26.en.pdf", headers=analyst)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    report = client.get("/api/v1/reports/weekly-2018-W26.en.json", headers=analyst).json()
    assert report["week"]["label"] == "2018-W26" and report["lang"] == "en"
    consultation = client.post(
        "/api/v1/reports",
        json={"kind": "consultation", "consultation": "pan-2018-2020", "formats": ["xlsx"]},
        headers=bearer(data.tokens["ana"]),
    )
    assert [f["name"] for f in consultation.json()["files"]] == [
        "consultation-pan-2018-2020.es.xlsx"
    ]
    # Errors: a bad week (422), an unknown consultation (404), an unknown file (404).
    bad = client.post("/api/v1/reports", json={**body, "week": "2018-26"}, headers=analyst)
    assert bad.status_code == 422 and "2018-W26" in bad.json()["detail"]
    missing = client.post(
        "/api/v1/reports", json={"kind": "consultation", "consultation": "nope"}, headers=analyst
    )
    assert missing.status_code == 404
    assert client.get("/api/v1/reports/weekly-1999-W01.es.pdf", headers=analyst).status_code == 404
    assert client.post("/api/v1/reports", json={**body, "formats": ["docx"]},
                       headers=analyst).status_code == 422  # fmt: skip
    # Roles: reviewer and institution get 403 on every reports endpoint, anonymous 401.
    for username in ("rene", "minsal"):
        headers = bearer(data.tokens[username])
        assert client.post("/api/v1/reports", json=body, headers=headers).status_code == 403
        assert client.get("/api/v1/reports/weekly-2018-W26.en.pdf", headers=headers
                          ).status_code == 403  # fmt: skip
    assert client.get("/api/v1/reports/weekly-2018-W26.en.pdf").status_code == 401
    assert client.post("/api/v1/reports", json=body).status_code == 401


def test_institution_gets_404_on_another_institutions_proposal(api):
    client, data = api
    mine, theirs = data.proposals["salud"].id, data.proposals["ambiente"].id
    minsal = bearer(data.tokens["minsal"])
    assert client.get(f"/api/v1/proposals/{mine}", headers=minsal).status_code == 200
    assert client.get(f"/api/v1/proposals/{theirs}", headers=minsal).status_code == 404
    unrouted = data.proposals["unrouted"].id
    assert client.get(f"/api/v1/proposals/{unrouted}", headers=minsal).status_code == 404
    assert client.get(f"/api/v1/proposals/{theirs}", headers=bearer(data.tokens["marn"])
                      ).status_code == 200  # fmt: skip


def test_nul_bytes_in_a_json_body_are_a_400_not_a_500(api):
    # Found by schemathesis: PostgreSQL refuses NUL in text, which used to surface as a 500.
    client, data = api
    response = client.post(
        "/api/v1/reports",
        content='{"kind": "consultation", "consultation": "\\u0000"}',
        headers={**bearer(data.tokens["lucia"]), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
