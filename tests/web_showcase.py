"""A fuller campaign for screenshots and the every-page browser test: the web test data
plus realistic comments awaiting review and proposals through every workflow state, all
written through the store and workflow functions (intake, merge, route, answer)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.consultation.answers import CommitmentIn, answer_proposal
from pulso.consultation.intake import ProposalIn, add_proposals, person_for_identity
from pulso.consultation.workflow import merge_proposals, route_proposals
from pulso.db.models import Comment, Consultation, Suggestion, Theme
from tests import web_data
from tests.factories import make_theme, when

SECRET = "showcase-author-secret"

COMMENTS = [
    ("Que las alcaldías publiquen en línea cuánto gastan en cada obra y quién la ejecuta",
     0.88, 0.01, "transparencia", ["que las alcaldías publiquen"]),
    ("Sugiero crear un portal de datos abiertos de compras públicas con descarga en CSV",
     0.86, 0.0, "transparencia", ["sugiero crear"]),
    ("Deberían instalar puntos de reciclaje en cada colonia y multar a quien bote basura",
     0.79, 0.04, "medio-ambiente", ["deberían instalar"]),
    ("Propongo que los hospitales informen cada semana el abastecimiento de medicinas",
     0.77, 0.0, "salud", ["propongo que"]),
    ("Muy bonita la campaña, felicidades al equipo", 0.12, 0.0, "transparencia", []),
    ("Esto es pura propaganda, son unos corruptos sinvergüenzas", 0.06, 0.88, "salud", []),
]  # fmt: skip

PROPOSALS = [
    # (theme, channel, title, text, people)
    ("salud", "web", "Abastecimiento de medicamentos en línea",
     "Publicar en línea, cada semana, el abastecimiento de medicamentos de cada hospital.", 3),
    ("salud", "email", "Medicamentos: existencias por hospital",
     "Que cada hospital publique cada semana sus existencias de medicamentos en internet.", 2),
    ("medio-ambiente", "workshop", "Reforestación de cuencas",
     "Un plan de reforestación de las cuencas con las comunidades y metas anuales.", 5),
    ("medio-ambiente", "web", "Calidad del aire",
     "Medir la calidad del aire en San Salvador y publicar los datos en tiempo real.", 1),
    ("transparencia", "facebook", "Gasto de las alcaldías",
     "Que las alcaldías publiquen lo que gastan en cada obra y quién la ejecuta.", 4),
    ("transparencia", "in_person", "Portal de compras públicas",
     "Portal de datos abiertos con todas las compras públicas, descargable.", 2),
    ("transparencia", "x", "Declaraciones patrimoniales",
     "Publicar las declaraciones patrimoniales de los funcionarios.", 1),
    ("transparencia", "web", "Gasto municipal por obra",
     "Las alcaldías deben publicar cuánto gastan en cada obra y qué empresa la ejecuta.", 2),
]  # fmt: skip


def build(session: Session) -> web_data.WebData:
    data = web_data.build(session)
    consultation = session.get(Consultation, data.proposals["salud"].consultation_id)
    transparencia = make_theme(
        session=session, consultation=consultation, slug="transparencia", name_es="Transparencia"
    )
    themes = {t.slug: t for t in session.scalars(select(Theme))}
    post = data.posts[1]
    # Arte 3's picture, stored as a collector stores it: the pages show its thumbnail.
    web_data.store_thumbnail(session, post, "showcase-arte-3")
    for i, (text, score, abuse, theme, phrases) in enumerate(COMMENTS):
        comment = Comment(platform="facebook", external_id=f"s{i}", post_id=post.id,
                          author_key=f"{100 + i:064x}", text=text,
                          created_at=when(30, 12 + i % 8))  # fmt: skip
        session.add(comment)
        session.flush()
        session.add(
            Suggestion(
                comment_id=comment.id,
                model_version="m2",
                proposal_score=score,
                abuse_score=abuse,
                sentiment="negative" if abuse > 0.5 else "positive",
                themes={
                    "themes": [{"slug": theme, "score": 0.74}, {"slug": "salud", "score": 0.12}]
                },
                evidence={"phrases": phrases},
                created_at=when(1, 9, month=7),
            )  # fmt: skip
        )
    items = []
    for n, (theme, channel, title, text, people) in enumerate(PROPOSALS):
        ids = [person_for_identity(session=session, secret=SECRET, channel=channel,
                                   identity=f"persona-{n}-{k}@example.org").id
               for k in range(people)]  # fmt: skip
        items.append(ProposalIn(consultation_id=consultation.id, channel=channel,
                                source_key=f"showcase:{n}", text=text, title=title,
                                received_at=when(3 + n, 10, month=7),
                                theme_id=themes[theme].id, submitter_ids=ids))  # fmt: skip
    created = add_proposals(items, session=session, actor="equipo").created_ids
    spptah = data.institutions["marn"]
    spptah.themes.append(transparencia)
    # Routed in July 2018: past due today, so they show on the overdue page.
    route_proposals(session=session, consultation=consultation, actor="lucia", working_days=15,
                    institution=data.institutions["minsal"], proposal_ids=[created[0]],
                    now=when(20, 15, month=7))  # fmt: skip
    route_proposals(session=session, consultation=consultation, actor="lucia", working_days=15,
                    institution=spptah, proposal_ids=[created[2], created[4], created[5]],
                    now=when(20, 15, month=7))  # fmt: skip
    answer_proposal(session=session, proposal_id=created[2], decision="accepted", actor="marn",
                    commitment=CommitmentIn(
                        action="Plan de reforestación de tres cuencas con las comunidades",
                        indicator="Hectáreas reforestadas", baseline="0 ha", target="600 ha",
                        responsible="Dirección de Ecosistemas", starts_on=dt.date(2018, 10, 1),
                        ends_on=dt.date(2020, 6, 30),
                        milestones="200 ha por año; informe semestral"),
                    decided_at=when(10, 11, month=8))  # fmt: skip
    answer_proposal(session=session, proposal_id=created[5], decision="rejected", actor="marn",
                    justification="El portal COMPRASAL ya publica las compras públicas.",
                    decided_at=when(12, 11, month=8))  # fmt: skip
    merge_proposals(session=session, target_id=created[4], source_ids=[created[7]],
                    actor="rene", reason="dice lo mismo")  # fmt: skip
    session.flush()
    return data
