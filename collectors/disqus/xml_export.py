"""``pulso import disqus-export FILE.xml``: the XML export of a Disqus forum.

The export (Disqus admin, "Export comments") looks like::

    <disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
      <category dsq:id="1">...</category>
      <thread dsq:id="7"><link>https://...</link><title>Salud</title>
        <createdAt>2018-06-18T14:00:00Z</createdAt>...</thread>
      <post dsq:id="42"><message><![CDATA[<p>Propuesta...</p>]]></message>
        <createdAt>2018-06-20T15:00:00Z</createdAt><isDeleted>false</isDeleted>
        <isSpam>false</isSpam><author><email>..</email><name>..</name>
        <isAnonymous>false</isAnonymous><username>..</username></author>
        <ipAddress>..</ipAddress><thread dsq:id="7"/><parent dsq:id="41"/></post>
    </disqus>

It is read as a stream (``XMLPullParser`` fed line by line, so that every element's line is
known and memory stays flat), namespace-aware. Spam and deleted posts are skipped and
counted. E-mail addresses and IP addresses are never read into a record, and any e-mail or
IP address inside a message is replaced (``scrub_contact_data``). Malformed XML, or a post
without its id, thread or date, raises ``InputError`` with the file and line.

A document type declaration (``<!DOCTYPE ...>``) is refused outright, before the parser
reads it: a Disqus export has none, and entities declared there are how XML bombs and
external-entity reads work, so the protection does not depend on the installed expat
version. XML allows a DTD only before the root element, so only the lines read before the
root's start tag are looked at.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pulso.collectors.cells import check_text
from pulso.collectors.disqus import PLATFORM, author_identity, html_to_text
from pulso.errors import InputError
from pulso.privacy import scrub_contact_data
from pulso.records import CommentRecord, Page, ThreadRecord

NS = "http://disqus.com"
DSQ = "http://disqus.com/disqus-internals"
DSQ_ID = f"{{{DSQ}}}id"
CHUNK = 500
# "<!DOCTYPE" in every encoding expat reads on its own (UTF-8 and its ASCII subset, UTF-16).
_DOCTYPE = tuple(
    "<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be")
) + tuple("<!doctype".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


@dataclass
class ExportSummary:
    threads: int = 0
    posts: int = 0  # stored: top-level posts and replies
    top_level: int = 0
    replies: int = 0
    skipped_spam: int = 0
    skipped_deleted: int = 0
    thread_links: dict[str, str | None] = field(default_factory=dict)


def _bool(element: ET.Element, name: str) -> bool:
    return (element.findtext(_q(name)) or "").strip().lower() == "true"


def _date(text: str | None, path: str, line: int, name: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat((text or "").strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError.of(
            "err.disqus.not_a_date", path=path, line=line, field=name, value=text
        ) from None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


class ExportReader:
    """Iterate ``pages()`` once; ``summary`` is complete when the iteration ends."""

    def __init__(self, path: str | Path, *, chunk: int = CHUNK) -> None:
        self.path = Path(path)
        self.chunk = chunk
        self.summary = ExportSummary()

    def pages(self) -> Iterator[Page]:
        batch: list = []
        for record in self._records():
            batch.append(record)
            if len(batch) >= self.chunk:
                yield Page(batch)
                batch = []
        if batch:
            yield Page(batch)

    def _records(self) -> Iterator[ThreadRecord | CommentRecord]:
        path = str(self.path)
        parser = ET.XMLPullParser(events=("start", "end"))
        depth = 0
        root: ET.Element | None = None
        started: dict[int, int] = {}  # id(element) -> line of its start tag
        line = 0
        try:
            with self.path.open("rb") as handle:
                for line, raw in enumerate(handle, start=1):
                    if root is None and any(mark in raw for mark in _DOCTYPE):
                        raise InputError.of(
                            "err.disqus.doctype",
                            path=path,
                            line=line,
                        )
                    parser.feed(raw)
                    for event, element in parser.read_events():
                        if event == "start":
                            depth += 1
                            if depth == 1:
                                root = element
                                if element.tag != _q("disqus"):
                                    raise InputError.of(
                                        "err.disqus.not_an_export",
                                        tag=element.tag,
                                        path=path,
                                        line=line,
                                    )
                            elif depth == 2:
                                started[id(element)] = line
                            continue
                        depth -= 1
                        if depth == 1:
                            start = started.pop(id(element), line)
                            record = self._top_level(element, start)
                            if record is not None:
                                yield record
                            root.remove(element)  # keep memory flat on large exports
                parser.close()
        except ET.ParseError as exc:
            where = exc.position[0] if getattr(exc, "position", None) else line
            message = re.sub(r":? ?line \d+, column \d+$", "", str(exc))
            raise InputError.of(
                "err.disqus.malformed_xml", path=path, line=where, problem=message
            ) from None
        except OSError as exc:
            raise InputError.of(
                "err.input.cannot_read", path=path, problem=exc.strerror or exc
            ) from None
        if root is None:
            raise InputError.of("err.input.empty_file", path=path)

    def _top_level(self, element: ET.Element, line: int):
        if element.tag == _q("thread"):
            return self._thread(element, line)
        if element.tag == _q("post"):
            return self._post(element, line)
        return None  # categories and anything newer are not needed

    def _thread(self, element: ET.Element, line: int) -> ThreadRecord:
        path = str(self.path)
        thread_id = element.get(DSQ_ID)
        if not thread_id:
            raise InputError.of(
                "err.disqus.thread_without_id", path=path, line=line, field="dsq:id"
            )
        created = element.findtext(_q("createdAt"))
        link = (element.findtext(_q("link")) or "").strip() or None
        self.summary.threads += 1
        self.summary.thread_links[thread_id] = link
        return ThreadRecord(
            platform=PLATFORM,
            external_id=thread_id,
            link=link,
            title=(element.findtext(_q("title")) or "").strip() or None,
            forum=(element.findtext(_q("forum")) or "").strip() or None,
            created_at=_date(created, path, line, "createdAt") if created else None,
        )

    def _post(self, element: ET.Element, line: int) -> CommentRecord | None:
        path = str(self.path)
        post_id = element.get(DSQ_ID)
        if not post_id:
            raise InputError.of("err.disqus.post_without_id", path=path, line=line, field="dsq:id")
        thread = element.find(_q("thread"))
        thread_id = thread.get(DSQ_ID) if thread is not None else None
        if not thread_id:
            raise InputError.of(
                "err.disqus.post_without_thread", path=path, line=line, field="thread", id=post_id
            )
        created = _date(element.findtext(_q("createdAt")), path, line, "createdAt")
        if _bool(element, "isSpam"):
            self.summary.skipped_spam += 1
            return None
        if _bool(element, "isDeleted"):
            self.summary.skipped_deleted += 1
            return None
        parent = element.find(_q("parent"))
        parent_id = parent.get(DSQ_ID) if parent is not None else None
        author = element.find(_q("author"))
        # Only name, username and isAnonymous are read; <email> and <ipAddress> never are.
        author_fields = {
            name: (author.findtext(_q(name)) or "").strip() if author is not None else ""
            for name in ("name", "username", "isAnonymous")
        }
        self.summary.posts += 1
        if parent_id:
            self.summary.replies += 1
        else:
            self.summary.top_level += 1
        message = element.findtext(_q("message")) or ""
        for name, value in (("message", message), ("author", author_fields["name"])):
            try:
                check_text(value)
            except ValueError as exc:
                raise InputError.of_value(exc, path=path, line=line, field=name) from None
        link = self.summary.thread_links.get(thread_id)
        return CommentRecord(
            platform=PLATFORM,
            external_id=post_id,
            created_at=created,
            text=scrub_contact_data(html_to_text(message)),
            thread_key=thread_id,
            parent_external_id=parent_id or None,
            author_identity=author_identity(author_fields),
            author_name=author_fields["name"] or None,
            permalink=f"{link}#comment-{post_id}" if link else None,
        )
