"""A fake Disqus API 3.0 for tests and the demo: the same envelope, cursors, ``since``,
``order``, ``include``, limits, rate-limit headers and error codes as disqus.com.

Dataset API (everything in memory)::

    fake = FakeDisqus(forum="consulta-aga", api_keys=("demo-key",))
    fake.add_thread("7", title="Salud", link="https://consulta.example/salud",
                    created_at="2018-06-18T14:00:00")
    fake.add_post("42", thread="7", message="Propuesta...", created_at="2018-06-20T15:00:00",
                  author_name="Ana", username="ana_sv")            # a registered user
    fake.add_post("43", thread="7", parent="42", message="De acuerdo",
                  created_at="2018-06-20T16:00:00", author_name="Invitado", anonymous=True)
    fake.load({"threads": [...], "posts": [...]})  # dicts shaped like the API's own JSON
    fake.load_export("export.xml")                  # or straight from a Disqus XML export
    fake.rate_limit(after=3, reset_in=1.0)          # answer error 13 from the 4th request

    with fake:                      # serves http://127.0.0.1:<port>/api/3.0/...
        url = fake.api_url          # point PULSO_DISQUS_API_URL here

Endpoints: ``forums/details`` (what ``pulso check`` asks), ``forums/listThreads``,
``threads/details``, ``threads/listPosts`` (``.json``).
Errors answer ``{"code": N, "response": "message"}`` with Disqus's HTTP status: 2 invalid
argument (400), 5 invalid API key (403), 13 rate limit (400, ``X-Ratelimit-*`` headers).
Faults of ``sandbox.server.FakeAPI`` (``inject``) give 500s, resets, malformed JSON, delays;
an error 15 body is ``FakeDisqus.error_body(15)``.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from pulso.sandbox.server import FakeAPI, Request, Response

API_PREFIX = "/api/3.0/"
MAX_LIMIT = 100
MESSAGES = {
    2: "Invalid argument",
    5: "Invalid API key",
    8: "A requested object was not found",
    13: "You have exceeded the rate limit for this resource.",
    15: "There was an internal server error while processing your request",
}
HTTP_STATUS = {2: 400, 5: 403, 8: 404, 13: 400, 15: 500}


def _iso(value: str | dt.datetime | None) -> str:
    if value is None:
        return "2018-06-18T12:00:00"
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    return _iso(dt.datetime.fromisoformat(value.replace("Z", "+00:00")))


class ApiError(Exception):
    def __init__(self, code: int, detail: str = "") -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


OMITTABLE = ("post.createdAt", "post.id", "post.thread", "post.parent")


class FakeDisqus(FakeAPI):
    """``paging="repeat"``: every list answers its first page with the same ``cursor.next``
    and ``hasNext`` forever; ``omit`` (``OMITTABLE``) leaves a field out of every post."""

    def __init__(
        self,
        *,
        forum: str = "consulta-aga",
        api_keys=("test-disqus-key",),
        paging: str = "cursor",
        omit: set[str] | frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        if paging not in ("cursor", "repeat") or not set(omit) <= set(OMITTABLE):
            raise ValueError(f"paging is 'cursor' or 'repeat', omit in {OMITTABLE}")
        self.paging = paging
        self.omit = set(omit)
        self.forum = forum
        self.api_keys = set(api_keys)
        self.threads: dict[str, dict[str, Any]] = {}
        self.posts: dict[str, dict[str, Any]] = {}
        self.rate_limit_total = 1000
        self._limit_after: int | None = None
        self._reset_in = 1.0
        self._served = 0
        self.rate_limited = 0  # how many requests were answered with error 13

    # -- dataset -------------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/3.0"

    def add_thread(
        self, thread_id: str, *, title: str, link: str | None = None, created_at=None
    ) -> dict[str, Any]:
        thread = {
            "id": str(thread_id),
            "forum": self.forum,
            "title": title,
            "clean_title": title,
            "link": link,
            "slug": title.lower().replace(" ", "_"),
            "createdAt": _iso(created_at),
            "isClosed": False,
            "isDeleted": False,
            "posts": 0,
            "identifiers": [],
        }
        self.threads[thread["id"]] = thread
        return thread

    def add_post(
        self,
        post_id: str,
        *,
        thread: str,
        message: str,
        created_at,
        author_name: str | None = None,
        username: str | None = None,
        anonymous: bool = False,
        parent: str | None = None,
        likes: int = 0,
        is_spam: bool = False,
        is_deleted: bool = False,
    ) -> dict[str, Any]:
        if str(thread) not in self.threads:
            raise KeyError(f"add thread {thread} first")
        author: dict[str, Any] = {
            "name": author_name or username or "Invitado",
            "isAnonymous": anonymous or not username,
        }
        if username and not anonymous:
            author.update(username=username, profileUrl=f"https://disqus.com/by/{username}/")
        post = {
            "id": str(post_id),
            "thread": str(thread),
            "forum": self.forum,
            "parent": int(parent) if parent is not None and str(parent).isdigit() else parent,
            "author": author,
            "raw_message": message,
            "message": "".join(f"<p>{line}</p>" for line in message.split("\n") if line),
            "createdAt": _iso(created_at),
            "likes": likes,
            "dislikes": 0,
            "points": likes,
            "isSpam": is_spam,
            "isDeleted": is_deleted,
            "isApproved": not is_spam,
            "isFlagged": False,
            "isEdited": False,
            "isHighlighted": False,
            "media": [],
        }
        self.posts[post["id"]] = post
        self.threads[post["thread"]]["posts"] += 1
        return post

    def load(self, data: dict[str, Any]) -> None:
        """Threads and posts shaped like the API's JSON (``id``, ``thread``, ``parent``,
        ``author{name, username, isAnonymous}``, ``raw_message`` or ``message``,
        ``createdAt``, ``likes``, ``isSpam``, ``isDeleted``)."""
        for thread in data.get("threads", []):
            self.add_thread(
                thread["id"],
                title=thread["title"],
                link=thread.get("link"),
                created_at=thread.get("createdAt"),
            )
        for post in data.get("posts", []):
            author = post.get("author") or {}
            self.add_post(
                post["id"],
                thread=post["thread"],
                parent=post.get("parent"),
                message=post.get("raw_message") or post.get("message") or "",
                created_at=post["createdAt"],
                author_name=author.get("name"),
                username=author.get("username"),
                anonymous=bool(author.get("isAnonymous")),
                likes=int(post.get("likes") or 0),
                is_spam=bool(post.get("isSpam")),
                is_deleted=bool(post.get("isDeleted")),
            )

    def load_export(self, path: str | Path) -> None:
        """Load a Disqus XML export (spam and deleted posts are not in the export reader's
        output, so they are not served either)."""
        from pulso.collectors.disqus.xml_export import ExportReader
        from pulso.records import ThreadRecord

        reader = ExportReader(path)
        for page in reader.pages():
            for r in page.records:
                if isinstance(r, ThreadRecord):
                    self.add_thread(
                        r.external_id,
                        title=r.title or r.external_id,
                        link=r.link,
                        created_at=r.created_at,
                    )
                else:
                    identity = r.author_identity or ""
                    guest = identity.startswith("guest:") or not identity
                    self.add_post(
                        r.external_id,
                        thread=r.thread_key,
                        parent=r.parent_external_id,
                        message=r.text,
                        created_at=r.created_at,
                        author_name=r.author_name,
                        username=None if guest else identity,
                        anonymous=guest,
                    )

    def rate_limit(self, *, after: int, reset_in: float = 1.0) -> None:
        """Answer error 13 to every request after the first ``after`` until ``reset_in``
        seconds have passed since the limit was hit."""
        self._limit_after, self._reset_in, self._served = after, reset_in, 0

    @staticmethod
    def error_body(code: int, detail: str = "") -> dict[str, Any]:
        return {"code": code, "response": f"{MESSAGES.get(code, 'Error')}{detail}"}

    # -- serving -------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        headers = self._limit_headers()
        try:
            if not request.path.startswith(API_PREFIX) or not request.path.endswith(".json"):
                raise ApiError(2, f", unknown endpoint {request.path!r}")
            if request.query.get("api_key", request.query.get("api_secret")) not in self.api_keys:
                raise ApiError(5)
            self._check_rate_limit()
            resource = request.path[len(API_PREFIX) : -len(".json")]
            handlers = {
                "forums/details": self._forum_details,
                "forums/listThreads": self._list_threads,
                "threads/details": self._thread_details,
                "threads/listPosts": self._list_posts,
            }
            if resource not in handlers:
                raise ApiError(2, f", unknown endpoint {resource!r}")
            return Response(200, handlers[resource](request.query), headers)
        except ApiError as exc:
            if exc.code == 13:
                headers["X-Ratelimit-Remaining"] = "0"
                headers["X-Ratelimit-Reset"] = str(self._reset_epoch)
            return Response(
                HTTP_STATUS.get(exc.code, 400), self.error_body(exc.code, exc.detail), headers
            )

    def _limit_headers(self) -> dict[str, str]:
        remaining = max(0, self.rate_limit_total - len(self.requests))
        reset = int(time.time()) + 3600
        return {
            "X-Ratelimit-Limit": str(self.rate_limit_total),
            "X-Ratelimit-Remaining": str(remaining),
            "X-Ratelimit-Reset": str(reset),
        }

    def _check_rate_limit(self) -> None:
        if self._limit_after is None:
            return
        self._served += 1
        if self._served <= self._limit_after:
            return
        if not hasattr(self, "_limited_at"):
            self._limited_at = time.monotonic()
            self._reset_epoch = round(time.time() + self._reset_in, 3)
        if time.monotonic() - self._limited_at >= self._reset_in:
            self._limit_after = None
            del self._limited_at
            return
        self.rate_limited += 1
        raise ApiError(13)

    def _find_thread(self, query: dict[str, str]) -> dict[str, Any]:
        thread_id = query.get("thread")
        if not thread_id:
            raise ApiError(2, ", missing required argument 'thread'")
        if thread_id.startswith("link:"):
            found = [t for t in self.threads.values() if t["link"] == thread_id[5:]]
            if found:
                return found[0]
        if thread_id in self.threads:
            return self.threads[thread_id]
        raise ApiError(2, f", 'thread': Unable to find thread '{thread_id}'")

    def _check_forum(self, query: dict[str, str], required: bool) -> None:
        forum = query.get("forum")
        if (required and not forum) or (forum and forum != self.forum):
            raise ApiError(2, f", 'forum': Unable to find forum '{forum or ''}'")

    def _forum_details(self, query: dict[str, str]) -> dict[str, Any]:
        self._check_forum(query, required=True)
        return {
            "code": 0,
            "response": {
                "id": self.forum,
                "name": self.forum,
                "founder": "1",
                "url": f"https://{self.forum}.disqus.com/",
                "createdAt": "2018-06-01T12:00:00",
                "language": "es",
            },
        }

    def _list_threads(self, query: dict[str, str]) -> dict[str, Any]:
        self._check_forum(query, required=True)
        threads = sorted(self.threads.values(), key=lambda t: (t["createdAt"], t["id"]))
        return self._page(threads, query)

    def _thread_details(self, query: dict[str, str]) -> dict[str, Any]:
        self._check_forum(query, required=False)
        return {"code": 0, "response": self._find_thread(query)}

    def _list_posts(self, query: dict[str, str]) -> dict[str, Any]:
        self._check_forum(query, required=False)
        thread = self._find_thread(query)
        include = set(query.get("include", "approved").split(","))
        posts = [
            p
            for p in self.posts.values()
            if p["thread"] == thread["id"]
            and ("spam" in include if p["isSpam"] else True)
            and ("deleted" in include if p["isDeleted"] else True)
            and (p["isSpam"] or p["isDeleted"] or "approved" in include)
        ]
        page = self._page(posts, query)
        names = [name.split(".", 1)[1] for name in self.omit]
        page["response"] = [
            {k: v for k, v in post.items() if k not in names} for post in page["response"]
        ]
        return page

    def _page(self, items: list[dict[str, Any]], query: dict[str, str]) -> dict[str, Any]:
        order = query.get("order", "desc")
        if order not in ("asc", "desc"):
            raise ApiError(2, ", 'order': must be asc or desc")
        try:
            limit = int(query.get("limit", 25))
        except ValueError:
            raise ApiError(2, ", 'limit': not a number") from None
        if not 1 <= limit <= MAX_LIMIT:
            raise ApiError(2, f", 'limit': Ensure this value is less than or equal to {MAX_LIMIT}")
        items = sorted(
            items,
            key=lambda i: (i["createdAt"], int(i["id"]) if i["id"].isdigit() else 0),
            reverse=order == "desc",
        )
        since = query.get("since")
        if since:
            bound = _parse_since(since)
            items = [
                i
                for i in items
                if (i["createdAt"] >= bound if order == "asc" else i["createdAt"] <= bound)
            ]
        offset = 0
        cursor = query.get("cursor") if self.paging != "repeat" else None
        if cursor:
            head = cursor.split(":")[0]
            if not head.isdigit():
                raise ApiError(2, ", 'cursor': invalid cursor")
            offset = int(head)
        chunk = items[offset : offset + limit]
        has_next = offset + limit < len(items) or (self.paging == "repeat" and bool(chunk))
        return {
            "cursor": {
                "prev": f"{max(0, offset - limit)}:0:1" if offset else None,
                "hasNext": has_next,
                "next": f"{offset + limit}:0:0",
                "hasPrev": offset > 0,
                "total": None,
                "id": f"{offset}:0:0",
                "more": has_next,
            },
            "code": 0,
            "response": chunk,
        }


def _parse_since(value: str) -> str:
    """``since`` is a Unix timestamp or an ISO date-time (Disqus API docs)."""
    try:
        if value.replace(".", "", 1).isdigit():
            return _iso(dt.datetime.fromtimestamp(float(value), dt.UTC))
        return _iso(value)
    except ValueError:
        raise ApiError(2, f", 'since': invalid value {value!r}") from None
