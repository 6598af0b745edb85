"""The public results page, its open data, publication and the progress of commitments.
Part of the one catalogue, ``pulso.i18n``. Statuses, channels and the reconciliation's
steps use the glossary's words (``proposal_<status>``, ``channel_<channel>``, ``g.*``)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "pub_title": {"es": "Resultados de la consulta", "en": "Consultation results"},
    "pub_intro": {
        "es": "Qué pasó con cada propuesta recibida: a qué institución se envió, qué respondió"
        " y cómo avanza cada compromiso.",
        "en": "What happened to every proposal received: which institution it was sent to,"
        " what it answered and how each commitment is progressing.",
    },
    "pub_dates": {"es": "Fechas", "en": "Dates"},
    "pub_channels": {"es": "Canales de participación", "en": "Participation channels"},
    "pub_as_of": {
        "es": "Cifras a la fecha de corte {day} ({basis}).",
        "en": "Figures at the as-of date {day} ({basis}).",
    },
    "pub_published": {"es": "Publicado el {day}", "en": "Published on {day}"},
    "pub_reconciliation": {
        "es": "De lo recibido a lo contado",
        "en": "From items received to proposals counted",
    },
    "pub_by_theme": {
        "es": "Propuestas y personas por temática",
        "en": "Proposals and people per theme",
    },
    "pub_answers": {"es": "Respuestas de las instituciones", "en": "Institutions' answers"},
    "pub_answers_line": {
        "es": "{routed} enviadas a una institución · {accepted} aceptadas · {rejected} no"
        " incorporadas · {pending} sin respuesta · {overdue} vencidas",
        "en": "{routed} sent to an institution · {accepted} accepted · {rejected} rejected ·"
        " {pending} unanswered · {overdue} overdue",
    },
    "pub_proposals": {"es": "Propuestas", "en": "Proposals"},
    "pub_showing": {
        "es": "{shown} de {total} propuestas contadas",
        "en": "{shown} of {total} counted proposals",
    },
    "pub_filters": {"es": "Filtrar propuestas", "en": "Filter proposals"},
    "pub_all_themes": {"es": "Todas las temáticas", "en": "All themes"},
    "pub_all_statuses": {"es": "Todos los estados", "en": "All statuses"},
    "pub_all_channels": {"es": "Todos los canales", "en": "All channels"},
    "pub_all_institutions": {"es": "Todas las instituciones", "en": "All institutions"},
    "pub_theme": {"es": "Temática", "en": "Theme"},
    "pub_status": {"es": "Estado", "en": "Status"},
    "pub_channel": {"es": "Canal", "en": "Channel"},
    "pub_institution": {"es": "Institución", "en": "Institution"},
    "pub_received_on": {"es": "Recibida el", "en": "Received on"},
    "pub_due": {"es": "Plazo de respuesta", "en": "Answer deadline"},
    "pub_decided_on": {"es": "Respondida el", "en": "Answered on"},
    "pub_justification": {"es": "Justificación", "en": "Justification"},
    "pub_organisation": {"es": "Organización firmante", "en": "Signing organisation"},
    "pub_source": {"es": "Publicación de origen", "en": "Source post"},
    "pub_link": {"es": "Enlace permanente", "en": "Permanent link"},
    "pub_merged_here": {
        "es": "Propuestas unidas a esta ({n})",
        "en": "Proposals merged into this one ({n})",
    },
    "pub_progress": {"es": "Avance del compromiso", "en": "Progress of the commitment"},
    "pub_progress_none": {"es": "Sin avances registrados.", "en": "No progress recorded yet."},
    "pub_none": {
        "es": "Ninguna propuesta coincide con los filtros.",
        "en": "No proposal matches the filters.",
    },
    "pub_open_data": {"es": "Datos abiertos", "en": "Open data"},
    "pub_json": {"es": "JSON", "en": "JSON"},
    "pub_schema": {"es": "Esquema JSON", "en": "JSON Schema"},
    "pub_csv": {"es": "CSV (hoja de cálculo)", "en": "CSV (spreadsheet)"},
    "pub_feed": {
        "es": "Canal Atom de respuestas y avances",
        "en": "Atom feed of answers and progress",
    },
    "pub_print": {
        "es": "Para imprimir, use la función de su navegador.",
        "en": "To print, use your browser's print function.",
    },
    "pub_back": {"es": "Todas las propuestas", "en": "All proposals"},
    "pub_proposal": {"es": "Propuesta {id}", "en": "Proposal {id}"},
    "pub_pages": {"es": "Páginas de resultados", "en": "Result pages"},
    "pub_prev": {"es": "Anterior", "en": "Previous"},
    "pub_next": {"es": "Siguiente", "en": "Next"},
    "pub_page_of": {"es": "Página {page} de {pages}", "en": "Page {page} of {pages}"},
    "pub_language": {"es": "Idioma", "en": "Language"},
    "pub_skip": {"es": "Ir a las propuestas", "en": "Skip to the proposals"},
    "pub_feed_answer": {
        "es": "Respuesta a la propuesta {id}: {status}",
        "en": "Answer to proposal {id}: {status}",
    },
    "pub_feed_progress": {
        "es": "Avance del compromiso de la propuesta {id}: {percent} %",
        "en": "Progress of proposal {id}'s commitment: {percent}%",
    },
    # Publication (admin page)
    "publication_title": {"es": "Publicación de resultados", "en": "Publication of results"},
    "publication_intro": {
        "es": "Una consulta publicada tiene una página pública de resultados, sin inicio de"
        " sesión, y sus datos abiertos.",
        "en": "A published consultation has a public results page, without login, and its"
        " open data.",
    },
    "publication_state_on": {"es": "Publicada desde {day}", "en": "Published since {day}"},
    "publication_state_off": {"es": "No publicada", "en": "Not published"},
    "act_publish": {"es": "Publicar", "en": "Publish"},
    "act_unpublish": {"es": "Retirar la publicación", "en": "Unpublish"},
    "done_published": {"es": "Consulta publicada", "en": "Consultation published"},
    "done_unpublished": {"es": "Publicación retirada", "en": "Publication withdrawn"},
    "nav_publication": {"es": "Publicación", "en": "Publication"},
    # Progress of commitments (proposal page)
    "progress_title": {"es": "Registrar avance", "en": "Record progress"},
    "progress_percent": {"es": "Avance (%)", "en": "Progress (%)"},
    "progress_note": {"es": "Nota", "en": "Note"},
    "progress_on": {"es": "Fecha", "en": "Date"},
    "act_progress": {"es": "Registrar avance", "en": "Record progress"},
    "done_progress": {"es": "Avance registrado", "en": "Progress recorded"},
    "error_percent": {"es": "Un número de 0 a 100", "en": "A number from 0 to 100"},
    "audit_progress": {"es": "avance", "en": "progress"},
    "audit_publish": {"es": "publicación", "en": "publication"},
    "audit_unpublish": {"es": "publicación retirada", "en": "publication withdrawn"},
    "audit_reason_progress": {"es": "{percent} %: {note}", "en": "{percent}%: {note}"},
    "demo_public_url": {
        "es": "Resultados públicos (con `pulso serve`): {url}",
        "en": "Public results (with `pulso serve`): {url}",
    },
    # Errors
    "err.progress_needs_commitment": {
        "es": "la propuesta {id} no tiene un compromiso aceptado",
        "en": "proposal {id} has no accepted commitment",
    },
    "err.progress_percent": {
        "es": "el avance de la propuesta {id} debe ser un número de 0 a 100",
        "en": "the progress of proposal {id} must be a number from 0 to 100",
    },
    "err.progress_note": {
        "es": "el avance de la propuesta {id} necesita una nota",
        "en": "the progress of proposal {id} needs a note",
    },
    "err.not_published": {
        "es": "la consulta {slug} no está publicada",
        "en": "consultation {slug} is not published",
    },
}
