"""The one module that imports facebook-sdk (PyPI ``facebook-sdk`` 3.1.0).

Limits of that client, read in its installed source (``facebook/__init__.py``):

- ``GraphAPI.__init__`` accepts only versions 2.8-3.1 (``VALID_API_VERSIONS``) and defaults
  to v2.8, but ``request`` builds paths from the plain attribute ``self.version``, so we set
  it after construction;
- ``request`` passes ``timeout=self.timeout`` explicitly (``None`` by default), which would
  defeat a session's default timeout: we give the constructor our timeout too;
- every URL is ``FACEBOOK_GRAPH_URL + path`` with the module constant
  ``https://graph.facebook.com/``; our session rewrites that origin to the configured base
  URL (a local fake server in tests and the demo) instead of patching the module global;
- ``GraphAPIError`` keeps ``code``, ``type``, ``message`` and ``result`` (the parsed body) but
  no HTTP status or headers: a response hook on our session remembers the last status;
- ``get_all_connections`` deletes ``access_token`` from each next-link and raises
  ``KeyError`` when it is absent, so the collector pages itself: with
  ``paging.cursors.after`` when there is one, else by following ``paging.next`` (time-based
  ``until``/``__paging_token`` and offset paging have no cursors; ``get_next``).

The token travels as Meta documents it, the ``access_token`` parameter (facebook-sdk adds
it to the query of GETs and to the body of the batch POST). URLs therefore carry it: a
logging filter masks it in urllib3's debug lines and error messages are masked before they
leave this module.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import facebook
import requests

from pulso.collectors.base import HttpStats, make_http_session
from pulso.errors import CollectionError

_TOKEN_IN_TEXT = re.compile(r"(access_token=)[^&\s\"')]+")


def redact(text: str) -> str:
    """Mask access tokens in a URL or message."""
    return _TOKEN_IN_TEXT.sub(r"\1***", text)


class _RedactTokens(logging.Filter):
    """urllib3 logs every request line, query string included, at debug level."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


_REDACTOR = _RedactTokens()
for _name in ("urllib3.connectionpool", "requests"):
    if _REDACTOR not in logging.getLogger(_name).filters:
        logging.getLogger(_name).addFilter(_REDACTOR)

USAGE_HEADERS = ("X-App-Usage", "X-Business-Use-Case-Usage", "X-Page-Usage")
DEFAULT_VERSION = "v25.0"


class GraphError(CollectionError):
    """A Graph API error with everything needed to classify it (facebook-sdk-free).

    A ``CollectionError``, so one that no retry can fix reaches the user as one line.
    """

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        subcode: int | None = None,
        error_type: str = "",
        is_transient: bool = False,
        status: int | None = None,
        fbtrace_id: str | None = None,
        usage: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"Graph API error {code}: {message}" if code else message)
        self.message = message
        self.code = code
        self.subcode = subcode
        self.error_type = error_type
        self.is_transient = is_transient
        self.status = status
        self.fbtrace_id = fbtrace_id
        self.usage = usage or {}

    @classmethod
    def from_body(cls, body: Any, *, status: int | None, usage: dict[str, str]) -> GraphError:
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            return cls(f"unexpected answer: {str(body)[:200]}", status=status, usage=usage)
        return cls(
            str(error.get("message") or "Graph API error"),
            code=_int(error.get("code")),
            subcode=_int(error.get("error_subcode")),
            error_type=str(error.get("type") or ""),
            is_transient=bool(error.get("is_transient")),
            status=status,
            fbtrace_id=error.get("fbtrace_id"),
            usage=usage,
        )


@dataclass
class BatchItem:
    """One answer of a batch request: ``body`` when ``code`` is 200, else ``error``."""

    code: int
    body: Any = None
    error: GraphError | None = None


@dataclass
class _LastResponse:
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def hook(self, response: requests.Response, *args, **kwargs) -> None:
        self.status = response.status_code
        self.headers = {k: response.headers[k] for k in USAGE_HEADERS if k in response.headers}


class GraphClient:
    """A small Graph API client on top of ``facebook.GraphAPI``."""

    def __init__(
        self,
        *,
        access_token: str,
        stats: HttpStats,
        version: str = DEFAULT_VERSION,
        base_url: str = facebook.FACEBOOK_GRAPH_URL,
        timeout: float = 30.0,
    ) -> None:
        self.stats = stats
        if not stats.watched_headers:
            stats.watched_headers = USAGE_HEADERS
        self._last = _LastResponse()
        session = make_http_session(
            timeout=timeout,
            stats=stats,
            rewrite_from=facebook.FACEBOOK_GRAPH_URL,
            rewrite_to=base_url,
        )
        session.hooks["response"].append(self._last.hook)
        self._graph = facebook.GraphAPI(access_token=access_token, timeout=timeout, session=session)
        # The constructor refuses versions >= 10; the attribute is what requests use.
        self._graph.version = version if version.startswith("v") else f"v{version}"

    @property
    def version(self) -> str:
        return self._graph.version

    @property
    def usage(self) -> dict[str, str]:
        """The rate-limit headers of the last response (may be empty)."""
        return dict(self._last.headers)

    def get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """GET ``/{version}/{path}`` with query ``params``."""
        return self._request(f"{self.version}/{path.lstrip('/')}", args=dict(params or {}))

    def get_next(self, url: str) -> dict[str, Any]:
        """GET a ``paging.next`` URL as Graph gave it (its path and query), on our base URL
        and version; the token travels as ours, never as the one the link may carry."""
        parts = urlsplit(url)
        path = re.sub(r"^v\d+\.\d+/", "", parts.path.lstrip("/"))
        params = {k: v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
        params.pop("access_token", None)
        return self.get(path, params)

    def batch(self, requests_: list[dict[str, str]]) -> list[BatchItem]:
        """POST a batch of at most 50 ``{"method", "relative_url"}`` items.

        Graph answers one ``{code, headers, body}`` per item (``body`` a JSON string), or
        ``null`` for an item it did not run in time.
        """
        if len(requests_) > 50:
            raise ValueError("a Graph batch holds at most 50 requests")
        raw = self._request(
            f"{self.version}/",
            post_args={"batch": json.dumps(requests_), "include_headers": "false"},
        )
        items: list[BatchItem] = []
        for answer in raw if isinstance(raw, list) else []:
            if answer is None:
                items.append(BatchItem(0, error=GraphError("batch item timed out", status=0)))
                continue
            code = int(answer.get("code") or 0)
            try:
                body = json.loads(answer.get("body") or "null")
            except ValueError:
                err = GraphError("malformed JSON in a batch item", status=code, is_transient=True)
                items.append(BatchItem(code, error=err))
                continue
            if code == 200 and not (isinstance(body, dict) and "error" in body):
                items.append(BatchItem(code, body=body))
            else:
                items.append(
                    BatchItem(code, error=GraphError.from_body(body, status=code, usage={}))
                )
        if len(items) != len(requests_):
            raise GraphError(
                f"batch answered {len(items)} items for {len(requests_)} requests",
                status=self._last.status,
                is_transient=True,
            )
        return items

    def _request(self, path: str, *, args=None, post_args=None) -> Any:
        self._last.status = None
        try:
            return self._graph.request(path, args=args, post_args=post_args)
        except facebook.GraphAPIError as exc:
            raise GraphError.from_body(
                exc.result, status=self._last.status, usage=self.usage
            ) from None
        except ValueError:  # requests' JSONDecodeError: a malformed or empty body
            raise GraphError(
                "the Graph API answered malformed JSON",
                status=self._last.status,
                is_transient=True,
                usage=self.usage,
            ) from None
        except requests.RequestException as exc:
            # Same type (the classifier sorts on it), message without the token in the URL.
            raise type(exc)(redact(str(exc))) from None
        except KeyError:  # facebook-sdk reads headers["content-type"]; a bare 5xx lacks it
            raise GraphError(
                "the Graph API answered without a content type",
                status=self._last.status,
                is_transient=True,
                usage=self.usage,
            ) from None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
