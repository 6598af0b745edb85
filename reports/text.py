"""Report wording in Spanish (default) and English, registered with ``pulso.i18n``."""

from __future__ import annotations

from pulso.i18n import format_money, register, t

CHANNELS = {
    "web": ("Consulta web", "Web consultation"),
    "facebook": ("Facebook", "Facebook"),
    "x": ("X (Twitter)", "X (Twitter)"),
    "email": ("Correo electrónico", "E-mail"),
    "in_person": ("Presencial", "In person"),
    "workshop": ("Talleres", "Workshops"),
    "other": ("Otros", "Other"),
}
GENDERS = {
    "female": ("Mujeres", "Women"),
    "male": ("Hombres", "Men"),
    "unknown": ("Sin dato", "Unknown"),
}

register(
    {
        # -- shared -------------------------------------------------------------------------
        "r.generated": {"es": "Generado el {date}", "en": "Generated on {date}"},
        "r.footer": {
            "es": "Pulso · cifras calculadas a partir de los datos recopilados",
            "en": "Pulso · figures computed from the collected data",
        },
        "r.post": {"es": "Publicación", "en": "Post"},
        "r.platform": {"es": "Plataforma", "en": "Platform"},
        "r.link": {"es": "Enlace", "en": "Link"},
        "r.date": {"es": "Fecha de publicación", "en": "Published"},
        "r.reach": {"es": "Personas alcanzadas", "en": "People reached"},
        "r.interactions": {"es": "Interacciones", "en": "Interactions"},
        "r.reactions": {"es": "Reacciones", "en": "Reactions"},
        "r.shares": {"es": "Compartidos", "en": "Shares"},
        "r.plays": {"es": "Reproducciones", "en": "Plays"},
        "r.comments": {"es": "Comentarios", "en": "Comments"},
        "r.comments_on_posts": {
            "es": "Comentarios en sus publicaciones",
            "en": "Comments on its posts",
        },
        "r.comments_on_posts_note": {
            "es": "Los comentarios son la cifra de cada plataforma para esas publicaciones "
            "(en X, las respuestas), a la fecha del informe; los comentarios de la semana "
            "cuentan los escritos en ella, en cualquier publicación.",
            "en": "Comments are each platform's count on those posts (on X, the replies), as "
            "of the report; the week's comments count those written in it, on any post.",
        },
        "r.clicks": {"es": "Clics", "en": "Clicks"},
        "r.link_clicks": {"es": "Clics en el enlace", "en": "Link clicks"},
        "r.notes": {"es": "Observaciones", "en": "Notes"},
        "r.engagement": {"es": "Tasa de interacción", "en": "Engagement rate"},
        "r.theme": {"es": "Temática", "en": "Theme"},
        "r.channel": {"es": "Canal", "en": "Channel"},
        "r.proposals": {"es": "Propuestas", "en": "Proposals"},
        "r.people": {"es": "Personas distintas", "en": "Distinct people"},
        "r.total": {"es": "Total", "en": "Total"},
        "r.top": {"es": " (las {n} de mayor alcance)", "en": " (the {n} with the largest reach)"},
        "r.no_data": {"es": "Sin datos para este periodo.", "en": "No data for this period."},
        "r.reach_sum_note": {
            "es": "El alcance es un conteo de personas distintas: el total es la «suma del "
            "alcance de cada publicación», un máximo, no el número de personas alcanzadas.",
            "en": "Reach counts distinct people: the total is the \u201csum of post reach\u201d, "
            "an upper bound, not the number of people reached.",
        },
        # -- weekly ---------------------------------------------------------------------------
        "w.title": {"es": "Informe semanal de redes sociales", "en": "Weekly social media report"},
        "w.subtitle": {
            "es": "Semana {week}: del {start} al {end}",
            "en": "Week {week}: {start} to {end}",
        },
        "w.summary": {"es": "Resumen de la semana", "en": "The week at a glance"},
        "w.summary_text": {
            "es": "Cifras de las publicaciones de la semana (al {as_of}), comparadas con la "
            "semana anterior ({previous}). Días y semanas en la zona horaria {tz}.",
            "en": "Figures of the week's posts (as of {as_of}), compared with the week "
            "before ({previous}). Days and weeks in the {tz} time zone.",
        },
        "w.h.posts": {"es": "Publicaciones", "en": "Posts"},
        "w.h.reach": {"es": "Alcance (suma por publicación)", "en": "Reach (sum of post reach)"},
        "w.h.interactions": {"es": "Interacciones", "en": "Interactions"},
        "w.h.shares": {"es": "Compartidos", "en": "Shares"},
        "w.h.link_clicks": {"es": "Clics en enlaces", "en": "Link clicks"},
        "w.h.video_plays": {"es": "Reproducciones de video", "en": "Video plays"},
        "w.h.comments": {
            "es": "Comentarios en las publicaciones (según la plataforma)",
            "en": "Comments on the posts (as the platform counts them)",
        },
        "w.h.comments_collected": {
            "es": "Comentarios recogidos (escritos en la semana)",
            "en": "Comments collected (written in the week)",
        },
        "w.h.proposals": {"es": "Propuestas recibidas", "en": "Proposals received"},
        "w.h.spend": {"es": "Inversión en pauta", "en": "Paid spend"},
        "w.vs_previous": {"es": "vs. semana anterior", "en": "vs. previous week"},
        "w.no_change": {"es": "igual que la semana anterior", "en": "same as the previous week"},
        "w.posts": {"es": "Publicaciones de la semana", "en": "Posts of the week"},
        "w.best": {"es": "Mejores publicaciones: {labels}.", "en": "Best posts: {labels}."},
        "w.worst": {
            "es": "Publicaciones con menos respuesta: {labels}.",
            "en": "Weakest posts: {labels}.",
        },
        "w.paid": {"es": "Resultados pagados y audiencia", "en": "Paid results and audience"},
        "w.no_paid": {"es": "No hubo pauta esta semana.", "en": "No paid promotion this week."},
        "w.spend": {"es": "Inversión", "en": "Spend"},
        "w.days": {"es": "Días", "en": "Days"},
        "w.paid_reach": {"es": "Alcance pagado", "en": "Paid reach"},
        "w.paid_costs": {"es": "Costos de la pauta", "en": "Paid costs"},
        "w.paid_impressions": {"es": "Impresiones pagadas", "en": "Paid impressions"},
        "w.reactions": {"es": "Reacciones", "en": "Reactions"},
        "w.likes": {"es": "Me gusta", "en": "Likes"},
        "w.clicks": {"es": "Clics (todos)", "en": "Clicks (all)"},
        "w.paid_share": {"es": "% del alcance", "en": "Share of reach"},
        "w.cpm": {"es": "CPM", "en": "CPM"},
        "w.cpi": {"es": "Costo por interacción", "en": "Cost per interaction"},
        "w.cplc": {"es": "Costo por clic en enlace", "en": "Cost per link click"},
        "w.targeting": {"es": "Segmentación", "en": "Targeting"},
        "w.threshold": {
            "es": "Meta no informa datos demográficos de grupos de menos de {n} personas; esos "
            "grupos aparecen sin valor.",
            "en": "Meta does not report demographic values for groups under {n} people; such "
            "groups are shown without a value.",
        },
        "w.audience_gender": {
            "es": "Alcance pagado por género: {text}.",
            "en": "Paid reach by gender: {text}.",
        },
        "w.comments_section": {"es": "Comentarios y propuestas", "en": "Comments and proposals"},
        "w.comments_text": {
            "es": "{comments} comentarios escritos en la semana; {proposals} confirmados como "
            "propuestas ({proposal_share}), {suggested} sugeridos por revisar y {abusive} abusivos "
            "({abusive_share}).",
            "en": "{comments} comments written this week; {proposals} confirmed as proposals "
            "({proposal_share}), {suggested} suggested and awaiting review, and {abusive} "
            "abusive ({abusive_share}).",
        },
        "w.sentiment": {"es": "Sentimiento: {text}.", "en": "Sentiment: {text}."},
        "w.cadence": {"es": "Frecuencia de publicación", "en": "Posting cadence"},
        "w.cadence_text": {
            "es": "Planificado: {planned} publicaciones ({per_day} al día en {platform}); "
            "publicadas: {actual} ({fulfilment}).",
            "en": "Planned: {planned} posts ({per_day} a day on {platform}); published: "
            "{actual} ({fulfilment}).",
        },
        "w.no_plan": {
            "es": "La campaña no tiene una frecuencia planificada; se muestran las "
            "publicaciones por día.",
            "en": "No planned cadence for this scope; posts per day are shown.",
        },
        "w.day": {"es": "Día", "en": "Day"},
        "w.by_platform": {"es": "Por plataforma", "en": "By platform"},
        "w.week": {"es": "Semana", "en": "Week"},
        "w.reach_sum": {"es": "Alcance (suma por publicación)", "en": "Reach (sum of post reach)"},
        "w.with_data": {"es": "Con datos", "en": "With data"},
        "c.by_week": {"es": "Publicaciones por semana", "en": "Posts per week"},
        "w.planned": {"es": "Planificadas", "en": "Planned"},
        "w.actual": {"es": "Publicadas", "en": "Published"},
        "w.chart_reach": {"es": "Alcance por publicación", "en": "Reach per post"},
        "w.chart_daily": {"es": "Actividad diaria", "en": "Daily activity"},
        "w.chart_themes": {"es": "Propuestas por temática", "en": "Proposals by theme"},
        "w.chart_audience": {
            "es": "Alcance pagado por edad y género",
            "en": "Paid reach by age and gender",
        },
        "w.age": {"es": "Edad", "en": "Age"},
        "w.people": {"es": "Personas", "en": "People"},
        "w.empty_week": {
            "es": "No hubo publicaciones en esta semana.",
            "en": "There were no posts this week.",
        },
        # -- consultation ---------------------------------------------------------------------
        "c.title": {"es": "Resultados de la consulta", "en": "Consultation results"},
        "c.channels": {"es": "Canales de participación", "en": "Participation channels"},
        # Spreadsheet sheet names (at most 31 characters), where a table's title is longer.
        "sheet.summary": {"es": "Cifras principales", "en": "Headline figures"},
        "sheet.executive": {"es": "Resumen ejecutivo", "en": "Executive summary"},
        # "Annex B. Routing to institutions" is 32 characters, one more than Excel allows.
        "sheet.annex_routing": {
            "es": "Anexo B. Envío a instituciones",
            "en": "Annex B. Sent to institutions",
        },
        "sheet.figure": {"es": "Cifra", "en": "Figure"},
        "sheet.value": {"es": "Valor", "en": "Value"},
        "sheet.change": {"es": "Cambio", "en": "Change"},
        "sheet.proposals_by_channel": {"es": "Propuestas por canal", "en": "Proposals by channel"},
        "sheet.audience": {"es": "Audiencia por edad y género", "en": "Audience by age, gender"},
        "sheet.paid": {"es": "Resultados pagados", "en": "Paid results"},
        "sheet.by_theme": {"es": "Propuestas por temática", "en": "Proposals by theme"},
        "sheet.intake": {
            "es": "Correo, presencial y talleres",
            "en": "E-mail, in person, workshops",
        },
        "r.log_scale": {"es": "escala logarítmica", "en": "log scale"},
        "c.people": {"es": "Personas distintas", "en": "Distinct people"},
        "c.paid": {
            "es": "Publicaciones pautadas: resultados pagados",
            "en": "Boosted posts: paid results",
        },
        "c.channels_text": {
            "es": "En total se contabilizaron {total} propuestas/ideas, de las cuales {structured} "
            "ya estaban estructuradas en la plantilla oficial.",
            "en": "In all, {total} proposals/ideas were counted, {structured} of them already "
            "structured in the official template.",
        },
        "c.web": {"es": "Consulta electrónica", "en": "Web consultation"},
        "c.web_text": {
            "es": "De esta manera se recibieron {total} propuestas en el sitio web:",
            "en": "The website received {total} proposals:",
        },
        "c.web_item": {
            "es": "{proposals} propuestas sobre {theme} (de {people} personas)",
            "en": "{proposals} proposals on {theme} (from {people} people)",
        },
        "c.web_item_one": {
            "es": "{proposals} propuestas sobre {theme} (de 1 persona)",
            "en": "{proposals} proposals on {theme} (from 1 person)",
        },
        "c.by_theme": {
            "es": "Propuestas por temática (todos los canales)",
            "en": "Proposals by theme (all channels)",
        },
        "c.social": {"es": "Redes sociales", "en": "Social media"},
        "c.x_text": {
            "es": "En X (Twitter) se publicaron {posts} tuits, que se compartieron {retweets} "
            "veces, recibieron {likes} «me gusta» y {replies} respuestas.",
            "en": "On X (Twitter), {posts} posts were published; they were reposted {retweets} "
            "times and received {likes} likes and {replies} replies.",
        },
        "c.x_cadence": {
            "es": "Publicaciones entre el {start} y el {end} ({days} días).",
            "en": "Posts between {start} and {end} ({days} days).",
        },
        "c.fb_title": {"es": "Publicaciones en Facebook", "en": "Facebook posts"},
        "c.x_title": {"es": "Totales en X (Twitter)", "en": "X (Twitter) totals"},
        "c.retweets": {"es": "Retuits", "en": "Reposts"},
        "c.likes": {"es": "Me gusta", "en": "Likes"},
        "c.replies": {"es": "Respuestas", "en": "Replies"},
        "c.posts": {"es": "Publicaciones", "en": "Posts"},
        "c.intake": {
            "es": "Propuestas por correo electrónico, presenciales y talleres",
            "en": "Proposals by e-mail, in person and from workshops",
        },
        "c.received_on": {"es": "Fecha", "en": "Date"},
        "c.organisation": {"es": "Organización", "en": "Organisation"},
        "c.items": {"es": "Ideas/propuestas recibidas", "en": "Items received"},
        "c.intake_note": {
            "es": "Cuenta lo recibido, antes de la sistematización: los canales de "
            "participación cuentan solo las propuestas contabilizadas (sin duplicados ni "
            "ítems que no son propuestas).",
            "en": "Counts what was received, before reconciliation: the participation "
            "channels count only the proposals counted (no duplicates, no items that are "
            "not proposals).",
        },
        "c.in_template": {"es": "En plantilla", "en": "In template"},
        "c.reconciliation": {"es": "Sistematización", "en": "Reconciliation"},
        "c.received": {"es": "Ítems recibidos", "en": "Items received"},
        "c.not_proposals": {"es": "No son propuestas", "en": "Not proposals"},
        "c.merged": {"es": "Fusionados (duplicados)", "en": "Merged (duplicates)"},
        "c.counted": {"es": "Propuestas contabilizadas", "en": "Proposals counted"},
        "c.merged_note": {
            "es": (
                "Un ítem fusionado se cuenta como recibido en su canal y su idea en la propuesta"
                " a la que se unió, que puede venir de otro canal. Una persona puede proponer"
                " en varias temáticas: el total de personas distintas no es la suma de las"
                " temáticas."
            ),
            "en": (
                "A merged item counts as received in its own channel, and its idea in the"
                " proposal it joined, which may come from another channel. A person can"
                " propose in several themes: the total of distinct people is not the sum of"
                " the themes."
            ),
        },
        "c.deadlines_as_of": {
            "es": "Plazos y respuestas vencidas contados al {day} ({basis}).",
            "en": "Deadlines and overdue answers counted as of {day} ({basis}).",
        },
        "c.counted_result": {
            "es": "Resultado: propuestas contabilizadas",
            "en": "Result: proposals counted",
        },
        "c.structured": {"es": "En plantilla oficial", "en": "In the official template"},
        "c.answers": {"es": "Respuestas de las instituciones", "en": "Institutions' answers"},
        "c.routed": {"es": "Enviadas a instituciones", "en": "Sent to institutions"},
        "c.answered": {"es": "Respondidas", "en": "Answered"},
        "c.accepted": {"es": "Aceptadas (matrices SMART)", "en": "Accepted (SMART matrices)"},
        "c.rejected": {"es": "No incorporadas (justificadas)", "en": "Rejected (justified)"},
        "c.pending": {"es": "Pendientes", "en": "Pending"},
        "c.overdue": {"es": "Vencidas sin respuesta", "en": "Overdue"},
        "c.funnel": {"es": "Embudo de participación", "en": "Participation funnel"},
        "c.annex_proposals": {
            "es": "Anexo A. Lista de propuestas",
            "en": "Annex A. List of proposals",
        },
        "c.annex_routing": {
            "es": "Anexo B. Envío a instituciones",
            "en": "Annex B. Routing to institutions",
        },
        "c.annex_rejections": {"es": "Anexo C. Justificaciones", "en": "Annex C. Justifications"},
        "c.annex_smart": {"es": "Anexo D. Matrices SMART", "en": "Annex D. SMART matrices"},
        "c.number": {"es": "N.º", "en": "No."},
        "c.title_col": {"es": "Propuesta", "en": "Proposal"},
        "c.status": {"es": "Estado", "en": "Status"},
        "c.institution": {"es": "Institución", "en": "Institution"},
        "c.justification": {"es": "Justificación", "en": "Justification"},
        "c.action": {"es": "Acción (específica)", "en": "Action (specific)"},
        "c.indicator": {"es": "Indicador (medible)", "en": "Indicator (measurable)"},
        "c.baseline": {"es": "Línea base", "en": "Baseline"},
        "c.target": {"es": "Meta", "en": "Target"},
        "c.responsible": {"es": "Responsable", "en": "Responsible"},
        "c.period": {"es": "Periodo", "en": "Period"},
        "c.milestones": {"es": "Hitos", "en": "Milestones"},
        "c.none": {"es": "Ninguna.", "en": "None."},
        "c.funnel_note": {
            "es": "Cada fila cuenta sus pasos sobre las mismas publicaciones: las propuestas"
            " tomadas de comentarios van en la fila de la publicación comentada (su temática)."
            " Alcance: suma del alcance de cada publicación (máximo de personas). Fusionadas:"
            " ítems unidos a otra propuesta. Los canales sin publicaciones no miden alcance,"
            " clics ni comentarios (—).",
            "en": "Each row counts its steps on the same posts: proposals taken from comments"
            " are in the row of the commented post (its theme). Reach: sum of post reach (an"
            " upper bound on people). Merged: items joined to another proposal. Channels"
            " without posts do not measure reach, clicks or comments (—).",
        },
    }
)


def channel_name(channel: str, lang: str) -> str:
    es, en = CHANNELS.get(channel, (channel, channel))
    return en if lang == "en" else es


def status_name(status: str, lang: str) -> str:
    """A proposal status in the glossary's words, capitalised for a table."""
    from pulso.i18n.glossary import TERMS

    es, en, _, _ = TERMS.get(f"status_{status}", (status, status, "", ""))
    text = en if lang == "en" else es
    return text[:1].upper() + text[1:]


def gender_name(gender: str, lang: str) -> str:
    es, en = GENDERS.get(gender, (gender, gender))
    return en if lang == "en" else es


def boost_note(promo: dict | None, lang: str, *, boosted: bool = False) -> str:
    """ "pauta $100.00, 3 días" / "boosted $100.00, 3 days"; "sin pauta" / "organic"
    (money written as everywhere else, ``pulso.i18n.format_money``)."""
    if promo is None:
        if boosted:
            return "con pauta" if lang == "es" else "boosted"
        return "sin pauta" if lang == "es" else "organic"
    parts = ["pauta" if lang == "es" else "boosted"]
    if promo.get("spend") is not None:
        amount = promo["spend"]
        parts[0] += " " + format_money(float(amount), promo.get("currency") or "USD", lang)
    if promo.get("days"):
        days = promo["days"]
        unit = (
            ("día" if days == 1 else "días") if lang == "es" else ("day" if days == 1 else "days")
        )
        parts.append(f"{days} {unit}")
    return ", ".join(parts)


def clicks_note(clicks: float, link_clicks: float | None, lang: str) -> str:
    """ "1 clic", "12 clics, 3 en el enlace" (en: "12 clicks, 3 on the link")."""
    es = lang != "en"
    one = clicks == 1
    text = (
        f"{clicks:,.0f} clic{'' if one else 's'}"
        if es
        else f"{clicks:,.0f} click{'' if one else 's'}"
    )
    if link_clicks:
        text += f", {link_clicks:,.0f} en el enlace" if es else f", {link_clicks:,.0f} on the link"
    return text


def facebook_notes(
    *,
    comments: float | None,
    taken: int,
    clicks: float | None,
    link_clicks: float | None,
    during_boost: bool,
    genders: dict[str, float],
    lang: str,
) -> list[str]:
    """The seed's observations: comments taken as proposals, clicks, reach by gender."""
    es = lang != "en"
    notes = []
    if comments:
        one = comments == 1
        text = (
            f"{comments:,.0f} comentario{'' if one else 's'}"
            if es
            else f"{comments:,.0f} comment{'' if one else 's'}"
        )
        if taken:
            text += (
                f", {taken} retomados como propuestas" if es else f", {taken} taken as proposals"
            )
        notes.append(text)
    if clicks:
        text = clicks_note(clicks, link_clicks, lang)
        if during_boost:
            text += " (durante la pauta)" if es else " (during the boost)"
        notes.append(text)
    if genders:
        parts = [
            f"{share * 100:.0f} % {gender_name(bucket, lang).lower()}"
            for bucket, share in sorted(genders.items(), key=lambda item: -item[1])
        ]
        notes.append(("alcance pagado: " if es else "paid reach: ") + ", ".join(parts))
    return notes


__all__ = ["t", "format_money", "channel_name", "status_name", "gender_name", "boost_note"]
