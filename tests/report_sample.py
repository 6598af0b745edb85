"""A small seed-like consultation written through the real write path, for report tests.

Facebook posts shaped like the seed's (arte 3 boosted with USD 100 for 3 days), a post with
no insights yet, X posts, comments with suggestions, and proposals from every channel
(stored with ``db.store.add_proposals``), some answered.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import update
from sqlalchemy.orm import Session

from pulso.consultation.catalog import upsert_campaign, upsert_institution
from pulso.consultation.intake import ProposalIn, add_proposals, person_for_identity
from pulso.db.models import (
    Account,
    Comment,
    Commitment,
    Post,
    Proposal,
    ProposalStatus,
    ReviewStatus,
    Suggestion,
)
from pulso.db.writer import Writer
from pulso.records import (
    AudienceRecord,
    CommentRecord,
    ObservationRecord,
    Page,
    PostRecord,
    PromotionRecord,
)
from tests.factories import make_consultation, make_theme

UTC = dt.UTC
OBSERVED = dt.datetime(2018, 8, 1, 12, tzinfo=UTC)
SOURCE = "graph:v25.0"


def at(month: int, day: int, hour: int = 18) -> dt.datetime:
    """Local 12:00 is 18:00 UTC in El Salvador (UTC-6)."""
    return dt.datetime(2018, month, day, hour, tzinfo=UTC)


def _obs(post: str, metric: str, value: float, scope: str = "total", platform="facebook"):
    return ObservationRecord(platform, post, metric, value, OBSERVED, SOURCE, scope=scope)


FACEBOOK = [
    # label, external id, published (UTC), kind, observations {metric: value}
    ("arte 1", "fb_1", at(6, 20), "image", {"reach": 174}),
    ("arte 2", "fb_2", at(6, 22), "image",
     {"reach": 147, "reactions_like": 2, "clicks": 3}),
    # 03:00 UTC on 30 June is 21:00 on 29 June in El Salvador: it belongs to 29 June.
    ("arte 3", "fb_3", dt.datetime(2018, 6, 30, 3, tzinfo=UTC), "image",
     {"reach": 74926, "reactions": 1619, "reactions_like": 1517, "reactions_love": 102,
      "comments": 47, "shares": 116}),
    ("arte 4", "fb_4", at(7, 22), "image", {"reach": 255, "reactions_like": 1}),
    ("animación 1", "fb_5", at(6, 21), "video", {"reach": 139, "reactions_like": 2,
                                                 "video_plays": 21}),
    ("animación 2", "fb_6", at(6, 22, 19), "video", {"reach": 196, "reactions_like": 1,
                                                     "video_plays": 32}),
    ("animación 3", "fb_7", at(6, 22, 20), "video", {"reach": 198, "reactions_like": 3,
                                                     "video_plays": 32}),
    ("arte 5", "fb_8", at(6, 28), "image", {}),  # no insights yet
    # Sunday 1 July 21:00 local is Monday 03:00 UTC: it belongs to week 26, not 27.
    ("arte 6", "fb_9", dt.datetime(2018, 7, 2, 3, tzinfo=UTC), "image", {"reach": 50}),
]  # fmt: skip


def write_sample(session: Session, *, author_secret: str = "test-author-secret") -> dict:
    consultation = make_consultation(session=session, slug="pan-prueba", name="PAN de prueba")
    themes = {
        slug: make_theme(session=session, consultation=consultation, slug=slug, name_es=name)
        for slug, name in (
            ("derechos-humanos", "Derechos humanos"),
            ("medio-ambiente", "Medio ambiente"),
            ("educacion", "Educación"),
        )
    }
    mined = upsert_institution(
        session=session,
        slug="marn",
        name="Ministerio de Medio Ambiente",
        acronym="MARN",
        themes=[themes["medio-ambiente"]],
    )
    campaign = upsert_campaign(
        session=session,
        slug="consulta-2018",
        name="Consulta PAN 2018",
        consultation=consultation,
        starts_on=dt.date(2018, 6, 21),
        ends_on=dt.date(2018, 7, 16),
        planned_posts_per_day=3,
        planned_platform="x",
    )
    records: list = []
    for label, external, published, kind, observations in FACEBOOK:
        records.append(
            PostRecord(
                "facebook",
                external,
                published,
                account_external_id="spta",
                kind=kind,
                label=label,
                permalink=f"https://facebook.com/spta/posts/{external}",
            )
        )
        records.extend(_obs(external, metric, value) for metric, value in observations.items())
    records += [
        _obs("fb_3", "reach", 68800, scope="paid"),
        _obs("fb_3", "clicks", 613, scope="paid"),
        _obs("fb_3", "link_clicks", 272, scope="paid"),
        _obs("fb_3", "impressions", 120000, scope="paid"),
        PromotionRecord(
            "facebook", "fb_3", "ad-1", spend=Decimal("100"), currency="USD",
            starts_at=dt.datetime(2018, 6, 30, 3, tzinfo=UTC),
            ends_at=dt.datetime(2018, 7, 3, 3, tzinfo=UTC), targeting="18-65+, El Salvador",
            audience=(
                AudienceRecord("gender", "female", 37840, 0.55),
                AudienceRecord("gender", "male", 30960, 0.45),
                AudienceRecord("age_gender", "18-24|female", 14000),
                AudienceRecord("age_gender", "18-24|male", 11000),
                AudienceRecord("age_gender", "25-34|female", 12000),
                AudienceRecord("age_gender", "25-34|male", 10000),
                AudienceRecord("age_gender", "65+|male", None),  # under Meta's threshold
            ),
        ),
    ]  # fmt: skip
    # X: three tweets on 25 and 26 June (week 2018-W26), one on 19 June (W25).
    for index, (day, reposts, likes, replies) in enumerate(
        [(25, 5, 2, 1), (25, 3, 0, 0), (26, 4, 1, 2), (19, 2, 1, 0)], start=1
    ):
        external = f"x_{index}"
        records.append(
            PostRecord("x", external, at(6, day, 15 + index), account_external_id="spta_x",
                       kind="image", label=f"tweet {index}",
                       permalink=f"https://x.com/spta/status/{external}")
        )  # fmt: skip
        for metric, value in (("reposts", reposts), ("likes", likes), ("replies", replies)):
            records.append(_obs(external, metric, value, platform="x"))
    comments = [
        ("c1", "Propongo publicar los datos de calidad del agua", "confirmed", 0.9, 0.0, "neutral"),
        ("c2", "Que se rindan cuentas de los fondos ambientales", "confirmed", 0.8, 0.0, "neutral"),
        ("c3", "Ladrones todos", "abusive", 0.1, 0.95, "negative"),
        ("c4", "Me gusta la iniciativa", "pending", 0.2, 0.0, "positive"),
        ("c5", "Sugiero talleres en las escuelas", "pending", 0.7, 0.0, "positive"),
    ]
    for index, (external, text, *_rest) in enumerate(comments):
        records.append(
            CommentRecord("facebook", external, at(6, 30, 14 + index), text,
                          post_external_id="fb_3", author_identity=f"fb-user-{index}",
                          author_name=f"Persona {index}")
        )  # fmt: skip
    Writer(author_secret=author_secret).write_page(Page(records=records), session=session)

    session.execute(update(Post).values(campaign_id=campaign.id))
    session.execute(
        update(Account)
        .where(Account.external_id.in_(["spta", "spta_x"]))
        .values(consultation_id=consultation.id)
    )
    stored = {c.external_id: c for c in session.query(Comment).all()}
    for external, _text, status, score, abuse, sentiment in comments:
        comment = stored[external]
        comment.review_status = ReviewStatus(status)
        session.add(
            Suggestion(comment_id=comment.id, model_version="m1", proposal_score=score,
                       abuse_score=abuse, sentiment=sentiment)
        )  # fmt: skip
    session.flush()

    people = [
        person_for_identity(session=session, secret=author_secret, channel="disqus", identity=n)
        for n in ("ana", "luis", "marta")
    ]
    org = person_for_identity(
        session=session, secret=author_secret, channel="email", identity="funde@example.org",
        organisation="FUNDE",
    )  # fmt: skip
    c, env, edu, ddhh = (
        consultation.id,
        themes["medio-ambiente"].id,
        themes["educacion"].id,
        themes["derechos-humanos"].id,
    )
    items = [
        ProposalIn(c, "web", "disqus:post:1", "Publicar datos del agua", at(6, 25), theme_id=env,
                   submitter_ids=[people[0].id]),
        ProposalIn(c, "web", "disqus:post:2", "Reforestar cuencas", at(6, 26), theme_id=env,
                   submitter_ids=[people[0].id]),
        ProposalIn(c, "web", "disqus:post:3", "Monitoreo ciudadano de ríos", at(6, 27),
                   theme_id=env, submitter_ids=[people[1].id]),
        ProposalIn(c, "web", "disqus:post:4", "Becas transparentes", at(6, 28), theme_id=edu,
                   submitter_ids=[people[2].id]),
        ProposalIn(c, "web", "disqus:post:5", "=1+1 escriban a juan@example.org",
                   at(6, 28), theme_id=edu, submitter_ids=[people[2].id]),
        ProposalIn(c, "email", "file:funde.xlsx:row:2", "Observatorio de derechos", at(7, 25),
                   theme_id=ddhh, organisation="FUNDE", in_template=True,
                   submitter_ids=[org.id]),
        ProposalIn(c, "workshop", "file:taller.csv:row:2", "Presupuesto abierto escolar",
                   at(7, 5), theme_id=edu, organisation="DNG"),
        ProposalIn(c, "facebook", "comment:facebook:c1", "Publicar datos de calidad del agua",
                   at(6, 30), theme_id=env, source_comment_id=stored["c1"].id),
        ProposalIn(c, "facebook", "comment:facebook:c3", "Ladrones todos", at(6, 30),
                   status="not_a_proposal", source_comment_id=stored["c3"].id),
        ProposalIn(c, "web", "disqus:post:6", "Reforestar cuencas (repetida)", at(6, 29),
                   theme_id=env, submitter_ids=[people[1].id]),
    ]  # fmt: skip
    add_proposals(items, session=session, actor="test")
    by_key = {p.source_key: p for p in session.query(Proposal).filter_by(consultation_id=c)}
    by_key["disqus:post:6"].status = ProposalStatus.MERGED
    by_key["disqus:post:6"].merged_into_id = by_key["disqus:post:2"].id
    accepted = by_key["disqus:post:1"]
    accepted.status, accepted.institution_id = ProposalStatus.ACCEPTED, mined.id
    rejected = by_key["disqus:post:3"]
    rejected.status, rejected.institution_id = ProposalStatus.REJECTED, mined.id
    rejected.justification = "Ya existe un sistema de monitoreo del MARN."
    overdue = by_key["disqus:post:2"]
    overdue.institution_id, overdue.answer_due_on = mined.id, dt.date(2018, 8, 15)
    session.flush()
    session.add(
        Commitment(
            proposal_id=accepted.id, action="Publicar mensualmente datos de calidad del agua",
            indicator="Informes publicados", baseline="0", target="12 informes al año",
            responsible="MARN", starts_on=dt.date(2018, 10, 1), ends_on=dt.date(2019, 9, 30),
            milestones="Portal listo en diciembre de 2018",
        )
    )  # fmt: skip
    session.flush()
    return {"consultation": consultation, "campaign": campaign, "themes": themes}
