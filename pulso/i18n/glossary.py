"""The one glossary: every term the pages, reports and command line use for a figure or a
state, in Spanish and English, with its definition. Part of the catalogue (``pulso.i18n``):
a term ``name`` is the message ``g.name`` (the word) and ``g.name.def`` (what it means).

Where two words were in use for one thing, the glossary's is the one shown everywhere:
"no incorporada" (not "rechazada"), "enviada a la institución" (not "asignada"), "tuit",
"compartidos" (Facebook's shares and X's reposts), "publicación". The pages' status names
and the reports' use these messages; ``tests/test_glossary.py`` checks that no Spanish page or
report shows the English word of a term.
"""

from __future__ import annotations

# name: (Spanish, English, Spanish definition, English definition)
TERMS: dict[str, tuple[str, str, str, str]] = {
    "post": (
        "publicación", "post",
        "Lo que una cuenta del equipo publicó en Facebook o X (en X, un tuit).",
        "What one of the team's accounts published on Facebook or X (on X, a tweet).",
    ),
    "tweet": (
        "tuit", "post on X",
        "Una publicación en X (antes Twitter).",
        "A post on X (formerly Twitter).",
    ),
    "reach": (
        "alcance", "reach",
        "Personas distintas que vieron la publicación, según la plataforma. No se suma entre"
        " publicaciones como si fueran personas: la suma se rotula «suma por publicación».",
        "Distinct people who saw the post, as the platform counts them. Never added across"
        " posts as if they were people: the sum is labelled 'sum of post reach'.",
    ),
    "reach_sum": (
        "alcance (suma por publicación)", "reach (sum of post reach)",
        "La suma del alcance de cada publicación: una persona que vio dos publicaciones cuenta"
        " dos veces; es un techo, no el número de personas.",
        "The sum of each post's reach: a person who saw two posts counts twice; an upper"
        " bound, not a number of people.",
    ),
    "shown": (
        "impresiones", "impressions",
        "Veces que se mostró la publicación (Meta las reemplazó por visualizaciones).",
        "Times the post was shown (Meta replaced them with views).",
    ),
    "interactions": (
        "interacciones", "interactions",
        "Facebook: reacciones + comentarios + compartidos. X: me gusta + retuits + respuestas +"
        " citas + guardados.",
        "Facebook: reactions + comments + shares. X: likes + reposts + replies + quotes +"
        " bookmarks.",
    ),
    "shares": (
        "compartidos", "shares",
        "Veces que se compartió la publicación: en Facebook, compartidos; en X, retuits.",
        "Times the post was shared: Facebook's shares, X's reposts.",
    ),
    "reposts": (
        "retuits", "reposts",
        "Veces que se volvió a publicar un tuit en X (se cuentan como compartidos).",
        "Times a post on X was reposted (counted as shares).",
    ),
    "comments_platform": (
        "comentarios en las publicaciones", "comments on the posts",
        "Los que la plataforma cuenta en la publicación (en X, respuestas), incluidos los que"
        " Pulso no pudo leer.",
        "What the platform counts on the post (on X, replies), including those Pulso could"
        " not read.",
    ),
    "comments_collected": (
        "comentarios recogidos", "comments collected",
        "Comentarios que Pulso guardó, por la fecha en que se escribieron; los mensajes del"
        " sitio web se cuentan aparte.",
        "Comments Pulso stored, by the day they were written; the website's messages are"
        " counted apart.",
    ),
    "engagement_rate": (
        "tasa de interacción", "engagement rate",
        "Interacciones ÷ alcance de la publicación.",
        "Interactions ÷ the post's reach.",
    ),
    "ctr": (
        "CTR (clics en enlace ÷ impresiones)", "CTR (link clicks ÷ impressions)",
        "Proporción de impresiones que terminaron en un clic en el enlace.",
        "Share of impressions that ended in a click on the link.",
    ),
    "link_clicks": (
        "clics en enlaces", "link clicks",
        "Clics en el enlace de la publicación (otros clics se cuentan aparte).",
        "Clicks on the post's link (other clicks are counted apart).",
    ),
    "spend": (
        "inversión en pauta", "paid spend",
        "Dinero gastado en promocionar la publicación, en la moneda de la cuenta publicitaria.",
        "Money spent promoting the post, in the ad account's currency.",
    ),
    "paid_reach": (
        "alcance pagado", "paid reach",
        "Personas alcanzadas por la promoción.",
        "People reached by the promotion.",
    ),
    "organic_reach": (
        "alcance orgánico", "organic reach",
        "Personas alcanzadas sin la promoción, según la plataforma.",
        "People reached without the promotion, as the platform gives it.",
    ),
    "cpm": (
        "CPM (costo por mil impresiones)", "CPM (cost per 1,000 impressions)",
        "Inversión ÷ impresiones pagadas × 1.000.",
        "Spend ÷ paid impressions × 1,000.",
    ),
    "cost_per_link_click": (
        "costo por clic en enlace", "cost per link click",
        "Inversión ÷ clics en enlaces de la promoción.",
        "Spend ÷ the promotion's link clicks.",
    ),
    "received": (
        "ítems recibidos", "items received",
        "Todo lo que llegó a la consulta por cualquier canal, sea o no una propuesta.",
        "Everything that reached the consultation by any channel, proposal or not.",
    ),
    "not_proposal": (
        "no es propuesta", "not a proposal",
        "Un ítem que un revisor juzgó que no propone nada (una pregunta, un saludo, un insulto).",
        "An item a reviewer judged proposes nothing (a question, a greeting, an insult).",
    ),
    "merged": (
        "fusionada", "merged",
        "Un ítem unido a otra propuesta con la misma idea; sus personas cuentan para esa.",
        "An item joined to another proposal with the same idea; its people count for that one.",
    ),
    "counted": (
        "propuestas contadas", "proposals counted",
        "Recibidas − no son propuestas − fusionadas.",
        "Received − not proposals − merged.",
    ),
    "people": (
        "personas distintas", "distinct people",
        "Personas detrás de las propuestas contadas y de lo que se fusionó en ellas, cada una"
        " una vez (una persona puede proponer en varias temáticas).",
        "People behind the counted proposals and what was merged into them, each once (a"
        " person can propose in several themes).",
    ),
    "status_received": (
        "recibida", "received", "Registrada, sin revisar.", "Stored, not yet reviewed."
    ),
    "status_in_review": (
        "en revisión", "in review",
        "El equipo la está sistematizando.", "The team is systematising it.",
    ),
    "status_sent_to_institution": (
        "enviada a la institución", "sent to the institution",
        "Trasladada a la institución competente, con plazo de respuesta.",
        "Sent to the competent institution, with an answer deadline.",
    ),
    "status_accepted": (
        "aceptada", "accepted",
        "La institución la asumió como compromiso SMART.",
        "The institution took it up as a SMART commitment.",
    ),
    "status_rejected": (
        "no incorporada", "rejected",
        "La institución no la asumió y justificó por qué.",
        "The institution did not take it up and said why.",
    ),
    "status_merged": (
        "fusionada", "merged",
        "Unida a otra propuesta con la misma idea.",
        "Joined to another proposal with the same idea.",
    ),
    "status_not_a_proposal": (
        "no es propuesta", "not a proposal",
        "Un revisor juzgó que no propone nada.", "A reviewer judged it proposes nothing.",
    ),
    "commitment": (
        "compromiso", "commitment",
        "Lo que una institución se obliga a hacer con una propuesta aceptada: acción,"
        " indicador, línea base, meta, responsable, fechas e hitos.",
        "What an institution commits to do with an accepted proposal: action, indicator,"
        " baseline, target, responsible, dates and milestones.",
    ),
    "overdue": (
        "vencida", "overdue",
        "Enviada a una institución, sin respuesta, con el plazo ya pasado a la fecha de corte.",
        "Sent to an institution, unanswered, past its deadline at the as-of date.",
    ),
    "as_of": (
        "fecha de corte", "as-of date",
        "El día al que se cuentan plazos y respuestas vencidas: hoy, el cierre de la consulta"
        " o una fecha elegida; siempre se indica.",
        "The day deadlines and overdue answers are counted at: today, the consultation's"
        " closing day or a chosen date; always printed.",
    ),
}  # fmt: skip


def messages() -> dict[str, dict[str, str]]:
    """The glossary as catalogue messages: ``g.<name>`` and ``g.<name>.def``, plus
    ``as_of.<basis>`` (how an as-of date was chosen)."""
    result: dict[str, dict[str, str]] = {}
    for name, (es, en, es_def, en_def) in TERMS.items():
        result[f"g.{name}"] = {"es": es, "en": en}
        result[f"g.{name}.def"] = {"es": es_def, "en": en_def}
    # The proposal statuses as the pages name them (``proposal_<status>``).
    for name, (es, en, _, _) in TERMS.items():
        if name.startswith("status_"):
            result["proposal_" + name.removeprefix("status_")] = {"es": es, "en": en}
    result["as_of.today"] = {"es": "hoy", "en": "today"}
    result["as_of.closing"] = {
        "es": "cierre de la consulta",
        "en": "the consultation's closing day",
    }
    result["as_of.chosen"] = {"es": "fecha elegida", "en": "chosen date"}
    return result
