"""A fake Graph API (Pages, post insights, comments, Marketing API ads) on 127.0.0.1.

It speaks the real wire format so that facebook-sdk itself is exercised: ``/{version}/...``
paths; field expansion (``comments.limit(0).summary(true)``, ``attachments{media_type}``,
``insights.metric(a,b)``); cursor paging (``paging.cursors.after`` and ``paging.next``);
``/{post-id}/insights?metric=...``; batch requests POSTed as ``batch=[...]`` answering one
``{code, headers, body}`` per item; errors as ``{"error": {"message", "type", "code",
"error_subcode", "is_transient", "fbtrace_id"}}``; usage headers on every answer. Faults
(429, 5xx, timeouts, malformed JSON) come from ``sandbox.server.FakeAPI.inject``.

Shapes real answers have (Graph API "Paginated Results", Page Post and Comment references),
chosen per fake: ``paging="cursor"`` (``paging.cursors`` and ``next``, the default),
``"time"`` (a Page's posts as time-based paging: only ``next``/``previous`` links with
``until`` and ``__paging_token``, no cursors), ``"offset"`` (a ``next`` link with
``offset``, no cursors) or ``"repeat"`` (a server that answers the first page, with the same
``next``, forever); ``omit={"post.shares", "post.insights", "comment.parent", ...}`` leaves
fields out of the answers (``OMITTABLE``): a field Graph did not send, an insights
expansion missing from a batch answer (the per-metric edge still answers), a reply whose
parent is named only in its permalink (``?comment_id=<parent>&reply_comment_id=<reply>``).

Tokens: the fake accepts ``token`` (a Page token of the first Page with every permission
Pulso uses) and any ``FakeToken`` in ``tokens``; ``GET /debug_token?input_token=`` answers
what Graph's "Debug-Token" reference documents (``data.app_id``, ``type`` ``PAGE`` or
``USER``, ``application``, ``data_access_expires_at``, ``expires_at`` (0: never),
``is_valid``, ``issued_at``, ``profile_id`` for a Page token, ``scopes``,
``granular_scopes``, ``user_id``; for an unknown token ``is_valid: false`` with
``data.error``). An expired ``FakeToken`` fails every request, ``debug_token`` included,
with error 190 subcode 463 ("Session has expired"), as Graph does.

Pictures: a post's ``full_picture`` is an address on the fake's own CDN path,
``/fbcdn/v/t39.30808-6/<file>_n.jpg?stp=...&oh=...&oe=...``, signed anew in every answer
(``oe``, hex, is the expiry, as on fbcdn); ``GET`` on it answers a JPEG drawn with Pillow
(``sandbox.pictures``), the same bytes for the same file, without any token (a CDN asks
for none). Faults on ``path="/fbcdn/"`` break the pictures only.

Load a dataset with ``FakeGraph(GraphDataset(pages=..., posts=[FakePost(...)],
ads=[FakeAd(...)]))``. Times are timezone-aware datetimes; insight values are what Graph
would return for the metric (a number or a dict such as ``{"like": 3, "love": 1}``).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from pulso.sandbox.graph_wire import (
    _comment,
    _cursor,
    _decode_cursor,
    _error,
    _graph_time,
    _parse_fields,
    _Refused,
    _time_param,
    _token,
)
from pulso.sandbox.pictures import picture
from pulso.sandbox.server import FakeAPI, Fault, Request, Response

UTC = dt.UTC
CDN_PATH = "/fbcdn/"
PAGING_STYLES = ("cursor", "time", "offset", "repeat")
OMITTABLE = (
    "post.created_time",
    "post.kind",  # attachments and status_type
    "post.shares",
    "post.comments",
    "post.reactions",
    "post.insights",  # from the post's fields only: /{post}/insights still answers
    "post.full_picture",
    "insight.post_clicks",  # one metric, from every answer
    "comment.id",
    "comment.created_time",
    "comment.parent",
)


@dataclass
class FakeComment:
    id: str
    message: str
    created_time: dt.datetime
    from_id: str
    from_name: str = ""
    parent_id: str | None = None
    like_count: int = 0
    is_hidden: bool = False


@dataclass
class FakePost:
    id: str  # "{page_id}_{n}", as Graph writes post ids
    created_time: dt.datetime
    message: str = ""
    media_type: str | None = "photo"  # photo, video, link, album or None (status)
    permalink_url: str | None = None
    # Sent as ``shares{count}``; None leaves the field out (a shape real answers have).
    shares: int | None = 0
    reactions: dict[str, int] = field(default_factory=dict)  # like, love, wow, haha, sorry, anger
    insights: dict[str, Any] = field(default_factory=dict)  # Graph metric name -> value
    comments: list[FakeComment] = field(default_factory=list)
    # ``full_picture``: None gives one to photo, album and video posts (as Graph does), a
    # bool decides; another ``picture_version`` is another picture (a new file name).
    picture: bool | None = None
    picture_version: int = 1

    @property
    def page_id(self) -> str:
        return self.id.split("_", 1)[0]

    @property
    def has_picture(self) -> bool:
        if self.picture is not None:
            return self.picture
        return self.media_type in ("photo", "album", "video")

    @property
    def picture_file(self) -> str:
        """The picture's file name on the fake CDN (fbcdn's ``<ids>_n.jpg``)."""
        return f"{self.id}_{self.picture_version}_n.jpg"


@dataclass
class FakeAdRow:
    age: str
    gender: str
    reach: int
    impressions: int
    spend: float
    clicks: int = 0
    inline_link_clicks: int = 0


@dataclass
class FakeAd:
    id: str
    account_id: str  # without the "act_" prefix
    post_id: str  # the creative's effective_object_story_id
    date_start: dt.date
    date_stop: dt.date
    rows: list[FakeAdRow]
    reach: int  # unique over the whole ad: not the sum of the rows
    currency: str = "USD"
    name: str = "Boost"
    starts_at: dt.datetime | None = None  # the ad set's schedule (start_time / end_time)
    ends_at: dt.datetime | None = None


PAGE_SCOPES = ("pages_show_list", "pages_read_engagement", "read_insights", "ads_read")


@dataclass
class FakeToken:
    """What ``debug_token`` says about a token: a Page token (``profile_id`` its Page) or a
    user token, its permissions and when it expires (None: never, ``expires_at`` 0)."""

    type: str = "PAGE"
    scopes: tuple[str, ...] = PAGE_SCOPES
    expires_at: dt.datetime | None = None
    profile_id: str | None = None
    user_id: str = "10215241773831025"
    app_id: str = "123456789012345"
    application: str = "Pulso"


@dataclass
class GraphDataset:
    pages: dict[str, str] = field(default_factory=dict)  # page id -> name
    posts: list[FakePost] = field(default_factory=list)
    ads: list[FakeAd] = field(default_factory=list)


class FakeGraph(FakeAPI):
    """Serve ``dataset``; ``retired_metrics`` fail any request naming them with error 100."""

    def __init__(
        self,
        dataset: GraphDataset | None = None,
        *,
        token: str = "test-token",
        retired_metrics: set[str] | None = None,
        app_usage_percent: int = 5,
        paging: str = "cursor",
        omit: set[str] | frozenset[str] = frozenset(),
        tokens: dict[str, FakeToken] | None = None,
    ) -> None:
        super().__init__()
        self.tokens = dict(tokens or {})
        if paging not in PAGING_STYLES or not set(omit) <= set(OMITTABLE):
            raise ValueError(f"paging in {PAGING_STYLES}, omit in {OMITTABLE}")
        self.paging = paging
        self.omit = set(omit)
        self.dataset = dataset or GraphDataset()
        self.token = token
        self.retired_metrics = set(retired_metrics or ())
        self.app_usage_percent = app_usage_percent
        self.batch_items = 0

    # -- dataset helpers -----------------------------------------------------------------

    def post(self, post_id: str) -> FakePost | None:
        return next((p for p in self.dataset.posts if p.id == post_id), None)

    def delete_post(self, post_id: str) -> None:
        self.dataset.posts = [p for p in self.dataset.posts if p.id != post_id]

    def throttle(self, *, code: int = 80001, minutes: int = 0, times: int = 1) -> None:
        """The next ``times`` requests fail with a rate-limit error and usage at 100%."""
        usage = {"type": "pages", "call_count": 100, "total_cputime": 40, "total_time": 40}
        usage["estimated_time_to_regain_access"] = minutes
        headers = {"X-Business-Use-Case-Usage": json.dumps({"1": [usage]})}
        body = _error(f"(#{code}) Application request limit reached", code, transient=True)
        self.inject(Fault("status", 400 if code != 4 else 403, body, headers, times=times))

    # -- routing -------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        if request.path.startswith(CDN_PATH):
            return self._picture(request.path)
        params = dict(request.query)
        if request.method == "POST":
            params.update(request.form())
        token = _token(request.headers, params)
        expired = self._expired(token)
        if expired is not None:
            return Response(400, expired, self._usage())
        if token != self.token and token not in self.tokens:
            return Response(
                400,
                _error("Error validating access token: Session has expired", 190, 463, "OAuth"),
                self._usage(),
            )
        path = request.path.strip("/")
        if request.method == "POST" and "batch" in params:
            return self._batch(params, token)
        return self.route(request.method, path, params)

    def route(self, method: str, path: str, params: dict[str, str]) -> Response:
        parts = path.split("/")
        if parts and re.fullmatch(r"v\d+\.\d+", parts[0]):
            version, parts = parts[0], parts[1:]
        else:
            version = "v25.0"
        if method != "GET" or not parts or not parts[0]:
            return self._fail(400, "Unsupported request", 100)
        node, edge = parts[0], (parts[1] if len(parts) > 1 else None)
        if node == "debug_token" and edge is None:
            return self._ok({"data": self._debug_token(params.get("input_token", ""))})
        base = f"{self.url}/{version}/{'/'.join(parts)}"
        if node.startswith("act_") and edge == "ads":
            return self._ads(node[4:], params, base)
        ad = next((a for a in self.dataset.ads if a.id == node), None)
        if ad is not None and edge == "insights":
            return self._ad_insights(ad, params)
        if node in self.dataset.pages and edge in ("posts", "published_posts", "feed"):
            return self._page_posts(node, params, base)
        post = self.post(node)
        if post is None:
            return self._fail(
                400,
                f"Unsupported get request. Object with ID '{node}' does not exist, cannot be "
                "loaded due to missing permissions, or does not support this operation.",
                100,
                33,
            )
        if edge is None:
            try:
                return self._ok(self._post_fields(post, params.get("fields", "id")))
            except _Refused as refused:
                return refused.response
        if edge == "insights":
            names = [m for m in params.get("metric", "").split(",") if m]
            try:
                return self._ok({"data": self._insights(post, names), "paging": {}})
            except _Refused as refused:
                return refused.response
        if edge == "comments":
            return self._comments(post, params, base)
        return self._fail(400, f"Tried accessing nonexisting field ({edge})", 100)

    # -- pictures ------------------------------------------------------------------------

    def picture_url(self, post: FakePost) -> str:
        """The post's ``full_picture``: its file, signed for three days from now."""
        expires = int(time.time()) + 3 * 86400
        path = f"{CDN_PATH}v/t39.30808-6/{post.picture_file}"
        signature = hashlib.sha256(f"{path}:{expires}".encode()).hexdigest()[:32]
        query = f"stp=dst-jpg_s720x720&_nc_cat=1&_nc_ht=scontent.fake&oh=00_{signature}"
        return f"{self.url}{path}?{query}&oe={expires:08X}"

    def _picture(self, path: str) -> Response:
        name = path.rsplit("/", 1)[-1]
        if not re.fullmatch(r"[\w.-]+_n\.jpg", name):
            return Response(404, b"", {"Content-Type": "text/plain"})
        return Response(200, picture(name), {"Content-Type": "image/jpeg"})

    # -- tokens --------------------------------------------------------------------------

    def token_info(self, token: str) -> FakeToken | None:
        if token in self.tokens:
            return self.tokens[token]
        if token == self.token:
            first_page = next(iter(self.dataset.pages), "100000000000001")
            return FakeToken(profile_id=first_page)
        return None

    def _expired(self, token: str | None) -> dict[str, Any] | None:
        info = self.tokens.get(token or "")
        now = dt.datetime.now(UTC)
        if info is None or info.expires_at is None or info.expires_at > now:
            return None
        when = info.expires_at.astimezone(UTC).strftime("%A, %d-%b-%y %H:%M:%S UTC")
        current = now.strftime("%A, %d-%b-%y %H:%M:%S UTC")
        return _error(
            f"Error validating access token: Session has expired on {when}. "
            f"The current time is {current}.",
            190,
            463,
            "OAuth",
        )

    def _debug_token(self, input_token: str) -> dict[str, Any]:
        info = self.token_info(input_token)
        if info is None:
            return {
                "error": {"code": 190, "message": "Invalid OAuth access token."},
                "is_valid": False,
                "scopes": [],
            }
        now = dt.datetime.now(UTC)
        expires = int(info.expires_at.timestamp()) if info.expires_at else 0
        data: dict[str, Any] = {
            "app_id": info.app_id,
            "type": info.type,
            "application": info.application,
            "data_access_expires_at": int((now + dt.timedelta(days=90)).timestamp()),
            "expires_at": expires,
            "is_valid": expires == 0 or expires > now.timestamp(),
            "issued_at": int((now - dt.timedelta(days=1)).timestamp()),
            "scopes": list(info.scopes),
            "granular_scopes": [
                {"scope": scope, "target_ids": list(self.dataset.pages)}
                for scope in info.scopes
                if scope.startswith("pages_")
            ],
            "user_id": info.user_id,
        }
        if info.type == "PAGE" and info.profile_id:
            data["profile_id"] = info.profile_id
        return data

    # -- endpoints -----------------------------------------------------------------------

    def _page_posts(self, page_id: str, params: dict[str, str], base: str) -> Response:
        since = _time_param(params.get("since"))
        until = _time_param(params.get("until"))
        posts = [
            p
            for p in self.dataset.posts
            if p.page_id == page_id
            and (since is None or p.created_time >= since)
            and (until is None or p.created_time <= until)
        ]
        # Graph lists a Page's posts newest first.
        posts.sort(key=lambda p: (p.created_time, p.id), reverse=True)
        fields = params.get("fields", "id,message,created_time")
        try:
            return self._page(posts, params, base, lambda p: self._post_fields(p, fields), 25)
        except _Refused as refused:
            return refused.response

    def _comments(self, post: FakePost, params: dict[str, str], base: str) -> Response:
        comments = list(post.comments)
        if params.get("filter", "toplevel") != "stream":
            comments = [c for c in comments if c.parent_id is None]
        since = _time_param(params.get("since"))
        if since is not None:
            comments = [c for c in comments if c.created_time >= since]
        reverse = params.get("order") == "reverse_chronological"
        comments.sort(key=lambda c: (c.created_time, c.id), reverse=reverse)
        fields = _parse_fields(params.get("fields", "id,message,created_time"))

        def render(c: FakeComment) -> dict[str, Any]:
            out = _comment(c, fields, post)
            for name in ("id", "created_time", "parent"):
                if f"comment.{name}" in self.omit:
                    out.pop(name, None)
            return out

        return self._page(comments, params, base, render, 25)

    def _ads(self, account_id: str, params: dict[str, str], base: str) -> Response:
        ads = [a for a in self.dataset.ads if a.account_id == account_id]

        def render(ad: FakeAd) -> dict:
            out = {
                "id": ad.id,
                "name": ad.name,
                "effective_status": "COMPLETED",
                "creative": {"id": f"c{ad.id}", "effective_object_story_id": ad.post_id},
            }
            if "adset" in params.get("fields", "") and ad.starts_at and ad.ends_at:
                out["adset"] = {
                    "id": f"s{ad.id}",
                    "start_time": ad.starts_at.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "end_time": ad.ends_at.strftime("%Y-%m-%dT%H:%M:%S%z"),
                }
            return out

        return self._page(ads, params, base, render, 25)

    def _ad_insights(self, ad: FakeAd, params: dict[str, str]) -> Response:
        breakdowns = [b for b in params.get("breakdowns", "").split(",") if b]
        common = {
            "account_currency": ad.currency,
            "date_start": ad.date_start.isoformat(),
            "date_stop": ad.date_stop.isoformat(),
        }
        if breakdowns:
            # The Marketing API writes numbers as strings.
            data = [
                {
                    **common,
                    "age": r.age,
                    "gender": r.gender,
                    "reach": str(r.reach),
                    "impressions": str(r.impressions),
                    "spend": f"{r.spend:.2f}",
                    "clicks": str(r.clicks),
                    "inline_link_clicks": str(r.inline_link_clicks),
                    "cpm": f"{1000 * r.spend / r.impressions:.6f}" if r.impressions else "0",
                }
                for r in ad.rows
            ]
        else:
            spend = sum(r.spend for r in ad.rows)
            impressions = sum(r.impressions for r in ad.rows)
            data = [
                {
                    **common,
                    "reach": str(ad.reach),
                    "impressions": str(impressions),
                    "spend": f"{spend:.2f}",
                    "clicks": str(sum(r.clicks for r in ad.rows)),
                    "inline_link_clicks": str(sum(r.inline_link_clicks for r in ad.rows)),
                    "cpm": f"{1000 * spend / impressions:.6f}" if impressions else "0",
                    "frequency": f"{impressions / ad.reach:.6f}" if ad.reach else "0",
                }
            ]
        return self._ok({"data": data, "paging": {"cursors": {"before": "MA", "after": "MA"}}})

    def _batch(self, params: dict[str, str], token: str) -> Response:
        try:
            items = json.loads(params["batch"])
        except ValueError:
            return self._fail(400, "(#100) The parameter batch must be valid JSON", 100)
        if not isinstance(items, list) or len(items) > 50:
            return self._fail(400, "(#100) Too many requests in batch message. Maximum: 50", 100)
        self.batch_items += len(items)
        answers = []
        for item in items:
            url = urlsplit(str(item.get("relative_url", "")))
            sub_params = dict(parse_qsl(url.query, keep_blank_values=True))
            answer = self.route(item.get("method", "GET").upper(), url.path.strip("/"), sub_params)
            answers.append(
                {
                    "code": answer.status,
                    "headers": [
                        {"name": k, "value": v}
                        for k, v in {"Content-Type": "text/javascript; charset=UTF-8"}.items()
                    ],
                    "body": json.dumps(answer.body),
                }
            )
        return self._ok(answers)

    # -- rendering -----------------------------------------------------------------------

    def _post_fields(self, post: FakePost, fields: str) -> dict[str, Any]:
        out = self._post_fields_all(post, fields)
        for name in ("created_time", "shares", "comments", "reactions", "insights", "full_picture"):
            if f"post.{name}" in self.omit:
                out.pop(name, None)
        if "post.kind" in self.omit:
            out.pop("attachments", None)
            out.pop("status_type", None)
        return out

    def _post_fields_all(self, post: FakePost, fields: str) -> dict[str, Any]:
        out: dict[str, Any] = {"id": post.id}
        for name, mods, _sub in _parse_fields(fields):
            if name == "created_time":
                out[name] = _graph_time(post.created_time)
            elif name == "message" and post.message:
                out[name] = post.message
            elif name == "permalink_url":
                out[name] = post.permalink_url or f"https://www.facebook.com/{post.id}"
            elif name == "status_type":
                out[name] = {"photo": "added_photos", "video": "added_video"}.get(
                    post.media_type or "", "mobile_status_update"
                )
            elif name == "attachments" and post.media_type:
                out[name] = {"data": [{"media_type": post.media_type, "type": post.media_type}]}
            elif name == "shares" and post.shares is not None:
                out[name] = {"count": post.shares}
            elif name in ("comments", "reactions"):
                out[name] = self._edge_summary(post, name, mods)
            elif name == "insights":
                out[name] = {"data": self._insights(post, mods.get("metric", "").split(","))}
            elif name == "full_picture" and post.has_picture:
                out[name] = self.picture_url(post)
        return out

    def _edge_summary(self, post: FakePost, edge: str, mods: dict[str, str]) -> dict[str, Any]:
        if edge == "comments" and mods.get("filter") == "stream":
            total = len(post.comments)
        elif edge == "comments":
            total = sum(1 for c in post.comments if c.parent_id is None)
        else:
            total = sum(post.reactions.values())
        out: dict[str, Any] = {"data": []}
        if mods.get("summary") == "true":
            out["summary"] = {"total_count": total}
            if edge == "comments":
                out["summary"].update(order="ranked", can_comment=True)
        return out

    def _insights(self, post: FakePost, names: list[str]) -> list[dict[str, Any]]:
        names = [n for n in names if n]
        retired = [n for n in names if n in self.retired_metrics]
        if retired or not names:
            # Meta does not say which name it refused.
            raise _Refused(self._fail(400, "(#100) The value must be a valid insights metric", 100))
        return [
            {
                "name": name,
                "period": "lifetime",
                "values": [{"value": post.insights.get(name, 0)}],
                "title": name,
                "description": "",
                "id": f"{post.id}/insights/{name}/lifetime",
            }
            for name in names
            if f"insight.{name}" not in self.omit
        ]

    def _page(self, items: list, params: dict[str, str], base: str, render, default: int):
        limit = int(params.get("limit") or default)
        start = _decode_cursor(params.get("after")) if params.get("after") else 0
        if limit == 0:
            return self._ok({"data": []})
        if self.paging != "cursor":
            return self._page_by_link(items, params, base, render, limit)
        chunk = items[start : start + limit]
        body: dict[str, Any] = {"data": [render(item) for item in chunk]}
        if chunk:
            paging: dict[str, Any] = {
                "cursors": {"before": _cursor(start), "after": _cursor(start + len(chunk))}
            }
            if start + len(chunk) < len(items):
                query = {k: v for k, v in params.items() if k != "after"}
                query["after"] = _cursor(start + len(chunk))
                paging["next"] = f"{base}?{urlencode(query)}"
            body["paging"] = paging
        return self._ok(body)

    def _page_by_link(self, items: list, params: dict[str, str], base: str, render, limit: int):
        """Paging without cursors: ``next`` links only (time-based or offset), or the same
        first page with the same ``next`` forever (``repeat``)."""
        if self.paging == "offset":
            start = int(params.get("offset") or 0)
        elif self.paging == "time" and params.get("__paging_token"):
            # The token names the last item given; ``until`` (already applied) kept it.
            last = base64.urlsafe_b64decode(params["__paging_token"] + "==").decode()
            ids = [getattr(item, "id", None) for item in items]
            start = ids.index(last) + 1 if last in ids else 0
        else:
            start = 0
        chunk = items[start : start + limit]
        body: dict[str, Any] = {"data": [render(item) for item in chunk]}
        query = {k: v for k, v in params.items() if k not in ("offset", "__paging_token")}
        query["access_token"] = self.token  # Graph's links carry the caller's token
        if self.paging == "repeat" or start + len(chunk) < len(items):
            end = start + len(chunk)
            if self.paging == "offset":
                query["offset"] = str(end)
            elif self.paging == "time":
                moment = getattr(chunk[-1], "created_time", None)
                if moment is not None:
                    query["until"] = str(int(moment.timestamp()))
                last_id = str(getattr(chunk[-1], "id", end))
                query["__paging_token"] = base64.urlsafe_b64encode(last_id.encode()).decode()
            body["paging"] = {"next": f"{base}?{urlencode(query)}"}
            if self.paging == "time" and start:
                body["paging"]["previous"] = f"{base}?{urlencode(query)}"
        return self._ok(body)

    def _usage(self) -> dict[str, str]:
        pct = self.app_usage_percent
        return {
            "X-App-Usage": json.dumps(
                {"call_count": pct, "total_cputime": pct // 2, "total_time": pct // 2}
            )
        }

    def _ok(self, body: Any) -> Response:
        return Response(200, body, self._usage())

    def _fail(self, status: int, message: str, code: int, subcode: int | None = None) -> Response:
        return Response(status, _error(message, code, subcode), self._usage())
