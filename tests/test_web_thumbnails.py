"""Post thumbnails in the dashboard: served from the database by the app itself (login,
content type, cache headers, 404), and shown beside the preview wherever a post is listed,
never a broken image for a post without one."""

from __future__ import annotations

import re

import pytest

from tests import web_data
from tests.web_client import login, make_client


@pytest.fixture
def site(session):
    data = web_data.build(session)
    arte3 = data.posts[1]
    thumb = web_data.store_thumbnail(session, arte3, "arte3")
    session.flush()
    return make_client(session), data, thumb


def images(html: str) -> list[str]:
    return re.findall(r"<img [^>]*>", html)


def test_the_thumbnail_is_served_from_the_database(site):
    client, data, thumb = site
    path = f"/posts/{data.posts[1].id}/thumbnail"
    assert client.get(path).status_code == 303  # a page like the others: log in first
    login(client, "lucia")
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.content == thumb.data
    assert response.headers["cache-control"] == "private, max-age=86400"
    etag = response.headers["etag"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    # The page's CSP is untouched: pictures come from this origin only.
    assert "img-src 'self' data:" in response.headers["content-security-policy"]
    assert client.get(f"/posts/{data.posts[0].id}/thumbnail").status_code == 404
    assert client.get("/posts/999999/thumbnail").status_code == 404


def test_an_institution_may_not_read_thumbnails(site):
    client, data, _ = site
    login(client, "minsal")
    assert client.get(f"/posts/{data.posts[1].id}/thumbnail").status_code == 403


def test_listings_show_the_thumbnail_beside_the_preview_and_nothing_without(site):
    client, data, thumb = site
    arte1, arte3, tweet = data.posts
    login(client, "ana")
    src = f"/posts/{arte3.id}/thumbnail?v="
    for path in ("/", "/posts", f"/posts/{arte3.id}", "/review"):
        html = client.get(path).text
        imgs = [i for i in images(html) if "/thumbnail" in i]
        assert imgs, path
        assert all(src in i and 'loading="lazy"' in i and 'alt=""' in i for i in imgs), path
        assert all('width="' in i and 'height="' in i for i in imgs), path
        # Never an address of the platform's CDN, never another post's picture.
        assert "fbcdn" not in html and "scontent" not in html
        assert f"/posts/{arte1.id}/thumbnail" not in html
        assert f"/posts/{tweet.id}/thumbnail" not in html
    detail = client.get(f"/posts/{arte3.id}").text
    assert f'width="{thumb.width}" height="{thumb.height}"' in detail
    assert "copia reducida" in detail
    assert not [i for i in images(client.get(f"/posts/{arte1.id}").text) if "/thumbnail" in i]


def test_the_api_gives_each_post_its_thumbnail_address_and_serves_it(site):
    from tests.web_client import bearer

    client, data, thumb = site
    arte1, arte3, _ = data.posts
    headers = bearer(data.tokens["lucia"])
    items = {p["id"]: p for p in client.get("/api/v1/posts", headers=headers).json()["items"]}
    assert items[arte1.id]["thumbnail"] is None
    given = items[arte3.id]["thumbnail"]
    assert given["url"].startswith(f"/api/v1/posts/{arte3.id}/thumbnail?v=")
    assert (given["width"], given["height"]) == (thumb.width, thumb.height)
    one = client.get(f"/api/v1/posts/{arte3.id}", headers=headers).json()
    assert one["thumbnail"] == given
    picture = client.get(given["url"], headers=headers)
    assert picture.status_code == 200 and picture.content == thumb.data
    assert picture.headers["content-type"] == "image/jpeg"
    again = client.get(given["url"], headers={**headers, "If-None-Match": picture.headers["etag"]})
    assert again.status_code == 304
    assert client.get(given["url"]).status_code == 401  # a token, as every endpoint
    none = client.get(f"/api/v1/posts/{arte1.id}/thumbnail", headers=headers)
    assert none.status_code == 404 and none.json() == {"detail": "this post has no thumbnail"}
    institution = bearer(data.tokens["minsal"])
    assert client.get(given["url"], headers=institution).status_code == 403
