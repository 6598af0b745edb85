"""Sample data for the web tests: a small campaign shaped like the 2018 consultation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pulso.db.models import (
    Channel,
    CollectionRun,
    Comment,
    MetricObservation,
    Proposal,
    ProposalStatus,
    RunStatus,
    Scope,
    Suggestion,
)
from pulso.db.observations import rebuild_latest
from pulso.web.users import add_user, issue_token
from tests.factories import make_consultation, make_institution, make_post, make_theme, when

PASSWORD = "correct horse battery staple"
UTC = dt.UTC


@dataclass
class WebData:
    posts: list
    comments: list
    proposals: dict  # name -> Proposal
    tokens: dict  # username -> token
    institutions: dict


def _observe(session, post, metric, values, start, step_hours=24, unique=False):
    for i, value in enumerate(values):
        session.add(
            MetricObservation(
                post_id=post.id,
                observed_at=start + dt.timedelta(hours=step_hours * i),
                metric=metric,
                value=value,
                scope=Scope.TOTAL,
                is_unique=unique,
                source="graph:v25.0",
            )
        )
    # Added directly (the history the pages show, repeats included), so the newest values
    # are recomputed as a bulk load would.
    session.flush()
    rebuild_latest(session=session, post_ids=[post.id])


def build(session: Session) -> WebData:
    consultation = make_consultation(session=session, slug="pan-2018-2020", name="PAN 2018-2020")
    salud = make_theme(session=session, consultation=consultation, slug="salud", name_es="Salud")
    ambiente = make_theme(
        session=session, consultation=consultation, slug="medio-ambiente", name_es="Medio ambiente"
    )
    minsal = make_institution(session=session, slug="minsal", name="Ministerio de Salud")
    marn = make_institution(
        session=session, slug="marn", name="Ministerio de Medio Ambiente", acronym="MARN"
    )
    # Who is competent for what: routing refuses anything else unless forced.
    minsal.themes.append(salud)
    marn.themes.append(ambiente)
    arte1 = make_post(
        session=session, label="arte 1", published_at=when(20, 15), text="Participa en la consulta"
    )
    arte3 = make_post(
        session=session,
        label="arte 3",
        published_at=when(29, 15),
        is_boosted=True,
        text="Tu voz cuenta: propuestas para el PAN",
    )
    tweet = make_post(
        session=session, platform="x", label="tuit 1", published_at=when(21, 9), kind="text"
    )
    _observe(session, arte1, "reach", [120, 160, 174], when(20, 20), unique=True)
    _observe(session, arte3, "reach", [9000, 41000, 68800, 74926], when(29, 20), unique=True)
    _observe(session, arte3, "reactions", [300, 1100, 1517, 1666], when(29, 20))
    _observe(session, arte3, "shares", [20, 80, 116], when(29, 20))
    _observe(session, tweet, "reactions", [1, 2], when(21, 12))
    _observe(session, tweet, "reposts", [5, 7], when(21, 12))
    session.flush()

    texts = [
        ("Propongo que el Ministerio publique el gasto en medicamentos cada mes", 0.92, 0.01),
        (
            "Que se reforesten las riberas de los ríos con participación de las comunidades",
            0.81,
            0.0,
        ),
        ("Ustedes son unos ladrones", 0.05, 0.93),
        ("¿Dónde está el formulario?", 0.22, 0.02),
    ]
    comments = []
    for i, (text, score, abuse) in enumerate(texts):
        comment = Comment(
            platform="facebook",
            external_id=f"c{i}",
            post_id=arte3.id,
            author_key=f"{i:064x}",
            text=text,
            created_at=when(30, 10 + i),
        )
        session.add(comment)
        session.flush()
        comments.append(comment)
        session.add(
            Suggestion(
                comment_id=comment.id,
                model_version="m1",
                proposal_score=score - 0.3,
                abuse_score=abuse,
                created_at=when(30, 23),
            )
        )
        session.add(
            Suggestion(
                comment_id=comment.id,
                model_version="m2",
                proposal_score=score,
                abuse_score=abuse,
                themes={
                    "themes": [{"slug": "salud" if i == 0 else "medio-ambiente", "score": 0.8}]
                },
                # The shape analytics.extraction.model writes: cue phrases and the
                # nearest reviewed example.
                evidence={
                    "cues": ["propongo que"] if i == 0 else [],
                    "nearest": [
                        {
                            "text": "Que publiquen el abastecimiento de medicinas",
                            "label": "proposal",
                            "source": "seed",
                            "similarity": 0.61,
                        }
                    ]
                    if i == 0
                    else [],
                },
                created_at=when(1, 8, month=7),
            )
        )
    proposals = {}
    for name, theme, inst, status in (
        ("salud", salud, minsal, ProposalStatus.SENT_TO_INSTITUTION),
        ("ambiente", ambiente, marn, ProposalStatus.SENT_TO_INSTITUTION),
        ("unrouted", ambiente, None, ProposalStatus.RECEIVED),
    ):
        proposal = Proposal(
            consultation_id=consultation.id,
            theme_id=theme.id,
            channel=Channel.WEB,
            source_key=f"test:{name}",
            title=f"Propuesta {name}",
            text=f"Texto de la propuesta {name}",
            received_at=when(2, 10, month=7),
            status=status,
            institution_id=inst.id if inst else None,
            routed_at=when(20, 10, month=7) if inst else None,
            answer_due_on=dt.date(2018, 8, 10) if inst else None,
        )
        session.add(proposal)
        proposals[name] = proposal
    session.add_all(
        [
            CollectionRun(
                platform="x",
                started_at=when(1, 6, month=7),
                finished_at=when(1, 6, month=7) + dt.timedelta(seconds=95),
                status=RunStatus.SUCCEEDED,
                requests=12,
                rows_written=340,
                details={"estimated_cost_usd": 0.42, "post_reads": 84},
            ),
            CollectionRun(
                platform="facebook",
                started_at=when(1, 7, month=7),
                finished_at=when(1, 7, month=7) + dt.timedelta(seconds=30),
                status=RunStatus.FAILED,
                requests=3,
                errors=1,
                message="Graph API error 190: invalid token",
            ),
        ]
    )
    session.flush()
    tokens = {}
    for username, role, inst in (
        ("ana", "admin", None),
        ("lucia", "analyst", None),
        ("rene", "reviewer", None),
        ("minsal", "institution", "minsal"),
        ("marn", "institution", "marn"),
    ):
        add_user(
            session=session, username=username, password=PASSWORD, role=role, institution_slug=inst
        )
        tokens[username] = issue_token(session=session, username=username)
    return WebData(
        posts=[arte1, arte3, tweet],
        comments=comments,
        proposals=proposals,
        tokens=tokens,
        institutions={"minsal": minsal, "marn": marn},
    )


def store_thumbnail(session, post, seed: str):
    """A Facebook post's picture stored as a collector stores it (``seed`` draws it); the
    stored thumbnail."""
    from pulso.collectors.thumbnails import downscale
    from pulso.db.writer import Writer
    from pulso.records import PostImageRecord
    from pulso.sandbox.pictures import picture

    thumb = downscale(picture(seed))
    record = PostImageRecord(
        "facebook",
        post.external_id,
        "https://scontent.xx.fbcdn.net/v/t39.30808-6/arte3_n.jpg?oe=5B3F2A10",
        thumbnail=thumb.data,
        content_type=thumb.content_type,
        width=thumb.width,
        height=thumb.height,
        fetched_at=when(30, 12),
    )
    Writer(author_secret="web-data-author-secret").write_post_images([record], session=session)
    return thumb
