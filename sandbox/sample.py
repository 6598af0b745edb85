"""The sample campaign of the 2018 consultation (``sandbox/data/sample_2018/``), typed.

``load_sample()`` reads the neutral data files (documented in that folder's README) into
frozen dataclasses: the Facebook page, posts, boost and comments; the X account, tweets and
replies; the Disqus forum, threads and posts; the email / in-person and workshop rows; and
the team's decisions. No database, no HTTP: the fake API servers and the demo map these
objects to wire formats and records.

Every item that can become a proposal has a stable *reference* (``disqus:<post id>``,
``facebook:<comment id>``, ``x:<reply id>``, ``email:<row>``, ``workshop:<row>``; rows are
1-based data rows of the CSV file, the header not counted). ``Sample.received_items`` lists
them and ``Sample.counted_items`` applies the decisions (not a proposal, merges, theme
corrections), which is how the seed's 150-odd items received become 141 proposals.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pulso.sandbox.sample_records import (
    Boost,
    Decisions,
    DisqusPost,
    DisqusThread,
    FacebookComment,
    FacebookPage,
    FacebookPost,
    Item,
    ProposalRow,
    Snapshot,
    Tweet,
    XReply,
    XUser,
)

SAMPLE_DIR = Path(__file__).resolve().parent / "data" / "sample_2018"
FILES = {
    "facebook_posts": "facebook_posts.json",
    "facebook_comments": "facebook_comments.json",
    "x_posts": "x_posts.json",
    "x_replies": "x_replies.json",
    "disqus": "disqus.json",
    "email": "proposals_email_inperson.csv",
    "workshop": "proposals_workshops.csv",
    "decisions": "decisions.json",
}
CSV_HEADERS = (
    "fecha",
    "canal",
    "organizacion",
    "remitente",
    "tema",
    "titulo",
    "texto",
    "plantilla",
)
TEMPLATE_FIELDS = ("problema", "compromiso", "objetivo", "valores_aga")


# --------------------------------------------------------------------------------------
# The sample
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    directory: Path
    facebook_page: FacebookPage
    facebook_posts: tuple[FacebookPost, ...]
    facebook_boost: Boost
    facebook_snapshots: dict[str, tuple[Snapshot, ...]]  # post label -> snapshots
    facebook_comments_post_id: str
    facebook_comments: tuple[FacebookComment, ...]
    x_account: XUser
    x_retweeters: tuple[XUser, ...]
    tweets: tuple[Tweet, ...]
    x_replies: tuple[XReply, ...]
    disqus_forum: dict[str, str]
    disqus_threads: tuple[DisqusThread, ...]
    disqus_posts: tuple[DisqusPost, ...]
    email_rows: tuple[ProposalRow, ...]
    workshop_rows: tuple[ProposalRow, ...]
    decisions: Decisions

    def post(self, label: str) -> FacebookPost:
        return next(p for p in self.facebook_posts if p.label == label)

    def thread_theme(self, thread_id: str) -> str:
        return next(t.theme for t in self.disqus_threads if t.id == thread_id)

    def received_items(self) -> list[Item]:
        """Everything that arrived as a proposal candidate, before any decision.

        Web: the proposals of the Disqus threads. Facebook and X: comments the team reviewed
        and labelled ``proposal``. Email, in person, workshops: every row of the files
        (including the rows the decisions later mark as not proposals).
        """
        items = [
            Item(
                f"disqus:{p.id}",
                "web",
                self.thread_theme(p.thread),
                False,
                f"disqus:{p.author.identity}",
                p.created_at,
                p.raw_message,
            )
            for p in self.disqus_posts
            if p.is_proposal
        ]
        items += [
            Item(
                f"facebook:{c.id}",
                "facebook",
                c.review.theme,
                False,
                f"facebook:{c.author_id}",
                c.created_at,
                c.text,
            )
            for c in self.facebook_comments
            if c.review.label == "proposal" and c.review.reviewed
        ]
        items += [
            Item(f"x:{r.id}", "x", r.review.theme, False, f"x:{r.author.id}", r.created_at, r.text)
            for r in self.x_replies
            if r.review.label == "proposal" and r.review.reviewed
        ]
        items += [
            Item(
                r.ref,
                r.channel,
                r.tema,
                r.plantilla,
                f"org:{r.organizacion}" if r.organizacion else f"person:{r.remitente}",
                r.received_at,
                r.texto,
            )
            for r in (*self.email_rows, *self.workshop_rows)
        ]
        return items

    def references(self) -> set[str]:
        """Every reference a decision may use (all received items)."""
        return {i.ref for i in self.received_items()}

    def counted_items(self) -> list[Item]:
        """Received items minus not-proposals and merged duplicates, themes corrected."""
        d = self.decisions
        out = []
        for item in self.received_items():
            if item.ref in d.not_proposals or item.ref in d.merges:
                continue
            if item.ref in d.theme_corrections:
                item = Item(
                    item.ref,
                    item.channel,
                    d.theme_corrections[item.ref][1],
                    item.in_template,
                    item.person,
                    item.received_at,
                    item.text,
                )
            out.append(item)
        return out


# --------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------
