"""Thumbnails of the posts' own pictures, downloaded by the collectors as they read posts.

A platform gives a post's picture as an address on its CDN (Facebook's ``full_picture``,
an X photo's ``url`` or a video's ``preview_image_url``). Those addresses expire (fbcdn
signs them, ``oe=`` is the expiry), and a dashboard loading them would hand every reader's
IP address to Meta or X and break its CSP (``img-src 'self'``). So the collector downloads
the picture once, through the same HTTP stack as its API calls (``make_http_session``: a
timeout, the run's request count), refuses more than ``max_bytes``, and keeps a small JPEG
(at most ``size`` px a side) that the writer stores in ``post_thumbnail`` and the
dashboard serves from its own origin.

A picture is downloaded again only when it is another picture: ``image_key`` is its
address without the host and the query, because the CDN signs the same file anew in every
answer and serves it from several hosts. The key of the stored thumbnail travels in the
post's bookmark (``cursor["image"]``), so a re-run downloads nothing it already has.

A failed download (an HTTP error, a timeout, too large, not a picture) never fails the
run: the post is stored without a thumbnail and the run's warnings say how many and why.
The address that failed waits in the bookmark (``image_pending``) and the next runs try it
again, whether or not they read the post again, ``MAX_ATTEMPTS`` times in all; another
picture of the post starts again.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
from PIL import Image, ImageOps, UnidentifiedImageError

from pulso.collectors.base import HttpStats, make_http_session
from pulso.records import PostImageRecord

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024  # what a download may weigh (Facebook's full_picture: ~100 KB)
SIZE = 320  # px: the longest side of a stored thumbnail
MAX_PIXELS = 40_000_000  # a picture larger than this is refused before it is decoded
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
CONTENT_TYPE = "image/jpeg"
JPEG_QUALITY = 80
MAX_ATTEMPTS = 3  # failed downloads of a picture before the runs stop retrying it
# What a post's bookmark says of its picture: the key of the stored thumbnail, the address
# that failed and how many times.
CURSOR_KEYS = ("image", "image_pending", "image_failures")


class ThumbnailError(Exception):
    """Why a picture could not become a thumbnail (one line, for the run's warnings)."""


@dataclass(frozen=True)
class Thumbnail:
    data: bytes
    width: int
    height: int
    content_type: str = CONTENT_TYPE


def image_key(url: str) -> str:
    """What identifies a picture across signed addresses: its path (fbcdn's file name,
    pbs.twimg.com's media path), without host, query or fragment."""
    return urlsplit(url).path


def downscale(raw: bytes, *, size: int = SIZE, max_pixels: int = MAX_PIXELS) -> Thumbnail:
    """``raw`` (JPEG, PNG, WebP or GIF) as a JPEG of at most ``size`` px a side."""
    try:
        with Image.open(io.BytesIO(raw), formats=FORMATS) as image:
            if image.width * image.height > max_pixels:
                raise ThumbnailError(f"picture too large ({image.width}x{image.height} px)")
            image.draft("RGB", (size, size))  # JPEG: decode at a fraction of the size
            picture = ImageOps.exif_transpose(image)
            picture.thumbnail((size, size), Image.Resampling.LANCZOS)
            if picture.mode in ("RGBA", "LA", "P", "PA"):
                picture = picture.convert("RGBA")
                flat = Image.new("RGB", picture.size, (255, 255, 255))
                flat.paste(picture, mask=picture.getchannel("A"))
                picture = flat
            elif picture.mode != "RGB":
                picture = picture.convert("RGB")
            out = io.BytesIO()
            picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
            return Thumbnail(out.getvalue(), picture.width, picture.height)
    except ThumbnailError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise ThumbnailError("not a picture (JPEG, PNG, WebP or GIF)") from None
    except (OSError, ValueError, SyntaxError) as exc:  # truncated or corrupt data
        raise ThumbnailError(f"unreadable picture ({exc})") from None


class ThumbnailFetcher:
    """Downloads a picture (at most ``max_bytes``, within the session's timeout) and
    downscales it. No retries: a picture that failed is tried again on the next run."""

    def __init__(
        self,
        session: requests.Session,
        *,
        max_bytes: int = MAX_BYTES,
        size: int = SIZE,
    ) -> None:
        self.session = session
        self.max_bytes = max_bytes
        self.size = size

    @classmethod
    def create(cls, *, timeout: float, stats: HttpStats, **kw: Any) -> ThumbnailFetcher:
        """A fetcher on its own session of the collectors' HTTP stack (no API credentials
        on it: a CDN never sees a token), counted in the run's ``stats``."""
        return cls(make_http_session(timeout=timeout, stats=stats, pool_size=2), **kw)

    def fetch(self, url: str) -> Thumbnail:
        if urlsplit(url).scheme not in ("http", "https"):
            raise ThumbnailError("not an http(s) address")
        return downscale(self.download(url), size=self.size)

    def download(self, url: str) -> bytes:
        try:
            with self.session.get(url, stream=True, headers={"Accept": "image/*"}) as response:
                if response.status_code != 200:
                    raise ThumbnailError(f"HTTP {response.status_code}")
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise ThumbnailError(f"larger than {self.max_bytes:,} bytes")
                chunks, total = [], 0
                for chunk in response.iter_content(64 * 1024):
                    total += len(chunk)
                    if total > self.max_bytes:
                        raise ThumbnailError(f"larger than {self.max_bytes:,} bytes")
                    chunks.append(chunk)
                return b"".join(chunks)
        except requests.Timeout:
            raise ThumbnailError("timed out") from None
        except requests.RequestException as exc:
            raise ThumbnailError(type(exc).__name__) from None


@dataclass
class Thumbnails:
    """One run's pictures: the record for each post read with one, the downloads done and
    the ones that failed (``warning``). ``fetcher`` None: addresses only, no downloads."""

    platform: str
    fetcher: ThumbnailFetcher | None
    now: Callable[[], dt.datetime]
    fetched: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (post id, reason)
    _tried: set[str] = field(default_factory=set)  # one download per post and run

    def record(self, post_id: str, url: str, cursor: dict[str, Any]) -> PostImageRecord:
        """The post's picture record. Downloads the picture unless ``cursor`` (the post's
        bookmark, updated here) says this very picture is stored already, or failed
        ``MAX_ATTEMPTS`` times."""
        if self.fetcher is None or post_id in self._tried:
            return PostImageRecord(self.platform, post_id, url)
        if cursor.get("image") == image_key(url):
            cursor.pop("image_pending", None)
            cursor.pop("image_failures", None)
            return PostImageRecord(self.platform, post_id, url)
        pending = cursor.get("image_pending")
        if (
            pending
            and image_key(str(pending)) == image_key(url)
            and int(cursor.get("image_failures") or 0) >= MAX_ATTEMPTS
        ):
            return PostImageRecord(self.platform, post_id, url)
        return self._download(post_id, url, cursor)

    def pending(self, cursors: dict[str, dict[str, Any] | None]) -> Iterator[tuple[str, str]]:
        """(post id, address) of the pictures that failed in an earlier run and were not
        tried in this one: the caller passes each to ``retry`` with its cursor."""
        for post_id, cursor in sorted(cursors.items()):
            if (
                self.fetcher is not None
                and cursor
                and cursor.get("image_pending")
                and not cursor.get("deleted")
                and post_id not in self._tried
                and int(cursor.get("image_failures") or 0) < MAX_ATTEMPTS
            ):
                yield post_id, str(cursor["image_pending"])

    def retry(self, post_id: str, url: str, cursor: dict[str, Any]) -> PostImageRecord:
        return self._download(post_id, url, cursor)

    def _download(self, post_id: str, url: str, cursor: dict[str, Any]) -> PostImageRecord:
        self._tried.add(post_id)
        try:
            thumb = self.fetcher.fetch(url)
        except ThumbnailError as exc:
            log.warning("%s post %s: no thumbnail: %s", self.platform, post_id, exc)
            self.failed.append((post_id, str(exc)))
            cursor["image_pending"] = url
            cursor["image_failures"] = int(cursor.get("image_failures") or 0) + 1
            return PostImageRecord(self.platform, post_id, url)
        self.fetched += 1
        cursor["image"] = image_key(url)
        cursor.pop("image_pending", None)
        cursor.pop("image_failures", None)
        return PostImageRecord(
            self.platform,
            post_id,
            url,
            thumbnail=thumb.data,
            content_type=thumb.content_type,
            width=thumb.width,
            height=thumb.height,
            fetched_at=self.now(),
        )

    def warning(self) -> dict[str, object] | None:
        """The values of the run's ``collect.warn.thumbnails`` warning, or None when every
        download worked."""
        if not self.failed:
            return None
        post_id, reason = self.failed[0]
        return {
            "count": len(self.failed),
            "post": post_id,
            "reason": reason,
            "attempts": MAX_ATTEMPTS,
        }

    def details(self) -> dict[str, int]:
        return {"thumbnails": self.fetched, "thumbnail_failures": len(self.failed)}
