"""Messages of the review, workflow and reports pages, Spanish first (``pulso.i18n``)."""

from __future__ import annotations

from pulso.i18n import register

_M = {
    # review actions
    "act_confirm": ("Confirmar", "Confirm"),
    "act_reject": ("No es propuesta", "Not a proposal"),
    "act_abusive": ("Abusivo", "Abusive"),
    "select": ("Seleccionar", "Select"),
    "selected": ("seleccionados", "selected"),
    "bulk_theme": ("Temática", "Theme"),
    "theme_suggested": ("la sugerida", "the suggested one"),
    "summary_optional": ("Resumen (opcional)", "Summary (optional)"),
    "review_keys": (
        "Teclado: j/k moverse · c confirmar · r rechazar · a abusivo · x seleccionar · "
        "t temática · s resumen",
        "Keys: j/k move · c confirm · r reject · a abusive · x select · t theme · s summary",
    ),
    "review_done_confirm": (
        "{n} comentario(s) confirmados como propuesta",
        "{n} comment(s) confirmed as proposals",
    ),
    "review_done_reject": (
        "{n} comentario(s) marcados como no propuesta",
        "{n} comment(s) marked as not a proposal",
    ),
    "review_done_abusive": (
        "{n} comentario(s) marcados como abusivos",
        "{n} comment(s) marked as abusive",
    ),
    "review_error_failed": (
        "No se pudo registrar la decisión",
        "The decision could not be recorded",
    ),
    "review_error_none_selected": (
        "Seleccione al menos un comentario.",
        "Select at least one comment.",
    ),
    "see_proposal": ("ver propuesta #{id}", "see proposal #{id}"),
    # workflow
    "nav_duplicates": ("Posibles duplicados", "Possible duplicates"),
    "nav_overdue": ("Respuestas vencidas", "Overdue answers"),
    "duplicates_title": ("Posibles duplicados", "Possible duplicates"),
    "duplicates_intro": (
        "{n} pares de propuestas que dicen lo mismo, del más parecido al menos. Fusionar no "
        "borra nada: las personas de ambas se cuentan en la que queda.",
        "{n} pairs of proposals that say the same thing, most similar first. Merging deletes "
        "nothing: the people behind both are counted for the one kept.",
    ),
    "similar": ("parecido", "similar"),
    "act_merge": ("Fusionar #{a} en #{b}", "Merge #{a} into #{b}"),
    "act_unmerge": ("Deshacer fusión", "Un-merge"),
    "merge_here": ("Fusionar aquí la propuesta número", "Merge into this one the proposal number"),
    "act_merge_here": ("Fusionar", "Merge"),
    "merged_title": ("Propuestas fusionadas", "Merged proposals"),
    "merged_into": ("Fusionada en", "Merged into"),
    "merged_here": ("Propuestas fusionadas en esta", "Proposals merged into this one"),
    "no_duplicates": ("No hay posibles duplicados.", "No possible duplicates."),
    "overdue_title": ("Respuestas vencidas", "Overdue answers"),
    "overdue_intro": (
        "{n} propuestas asignadas cuyo plazo de respuesta venció antes del {today}",
        "{n} routed proposals whose answer deadline passed before {today}",
    ),
    "days_late": ("Días hábiles de atraso", "Working days late"),
    "no_overdue": ("Ninguna respuesta vencida.", "No overdue answers."),
    "route_selected": ("Asignar las seleccionadas", "Route the selected"),
    "route_to": ("Asignar a", "Route to"),
    "working_days": ("Plazo (días hábiles)", "Deadline (working days)"),
    "route_force": ("aunque no sea competente", "even if not competent"),
    "route_hint": (
        "★ institución competente para la temática. El plazo se cuenta en días hábiles desde hoy.",
        "★ competent for the theme. The deadline counts working days from today.",
    ),
    "act_route": ("Asignar", "Route"),
    "act_reroute": ("Reasignar", "Re-route"),
    "done_merged": ("{n} propuesta(s) fusionadas", "{n} proposal(s) merged"),
    "done_unmerged": ("Fusión deshecha", "Merge undone"),
    "done_routed": ("{n} propuesta(s) asignadas", "{n} proposal(s) routed"),
    "done_answered": ("Respuesta registrada", "Answer recorded"),
    "error_failed": ("No se pudo hacer", "That could not be done"),
    "error_none_selected": ("Seleccione al menos una propuesta.", "Select at least one proposal."),
    "history": ("Historial", "History"),
    "audit_status": ("estado", "status"),
    "audit_route": ("asignación", "routing"),
    "audit_merge": ("fusión", "merge"),
    "audit_unmerge": ("fusión deshecha", "un-merge"),
    "audit_created": ("recibida", "received"),
    "audit_answer": ("respuesta", "answer"),
    # answers
    "answer_title": ("Responder la propuesta", "Answer the proposal"),
    "answer_intro": (
        "Acéptela con un compromiso SMART (todos los campos) o recházela con una justificación.",
        "Accept it with a SMART commitment (every field) or reject it with a justification.",
    ),
    "decision": ("Decisión", "Decision"),
    "answer_accepted": ("Si se acepta: compromiso SMART", "If accepted: SMART commitment"),
    "answer_rejected": ("Si se rechaza", "If rejected"),
    "smart_start": ("Inicio", "Start"),
    "smart_end": ("Fin", "End"),
    "act_answer": ("Enviar respuesta", "Send answer"),
    "error_required": ("Obligatorio", "Required"),
    "error_date": ("Fecha no válida (AAAA-MM-DD)", "Not a valid date (YYYY-MM-DD)"),
    "error_end_before_start": ("El fin es anterior al inicio", "The end is before the start"),
    "error_decision": ("Elija aceptar o rechazar", "Choose accept or reject"),
    # reports
    "nav_reports": ("Informes", "Reports"),
    "reports_title": ("Informes", "Reports"),
    "reports_intro": (
        "Genere el informe semanal o el de la consulta y descárguelo. El informe semanal también "
        "se genera solo cada lunes.",
        "Generate the weekly or the consultation report and download it. The weekly report is "
        "also made every Monday by itself.",
    ),
    "weekly_report": ("Informe semanal", "Weekly report"),
    "weekly_report_help": (
        "Publicaciones, alcance, interacciones, pauta, comentarios y propuestas de una semana.",
        "Posts, reach, interactions, paid results, comments and proposals of one week.",
    ),
    "consultation_report": ("Informe de la consulta", "Consultation report"),
    "consultation_report_help": (
        "Canales, propuestas por temática con personas distintas, conciliación, respuestas "
        "de las instituciones y anexos.",
        "Channels, proposals per theme with distinct people, reconciliation, institutions' "
        "answers and annexes.",
    ),
    "consultation": ("Consulta", "Consultation"),
    "week": ("Semana", "Week"),
    "last_week": ("la semana pasada", "last week"),
    "formats": ("Formatos", "Formats"),
    "language": ("Idioma", "Language"),
    "act_generate": ("Generar", "Generate"),
    "report_files": ("Informes generados", "Generated reports"),
    "no_reports": ("Aún no hay informes generados.", "No reports generated yet."),
    "no_consultation": ("No hay consultas registradas.", "No consultation yet."),
    "reports_made": ("{n} archivo(s) generados", "{n} file(s) generated"),
    "report_failed": ("No se pudo generar el informe", "The report could not be generated"),
    "report_kind_weekly": ("Semanal", "Weekly"),
    "report_kind_consultation": ("Consulta", "Consultation"),
    "col_file": ("Archivo", "File"),
    "col_kind": ("Tipo", "Kind"),
    "col_scope": ("Periodo / consulta", "Period / consultation"),
    "col_lang": ("Idioma", "Language"),
    "col_format": ("Formato", "Format"),
    "col_size": ("Tamaño", "Size"),
    "col_made": ("Generado", "Made"),
    # overview additions
    "kpi_people": ("Personas distintas", "Distinct people"),
    "kpi_people_note": ("que enviaron propuestas", "who sent proposals"),
    "proposals_by_theme": ("Propuestas por temática", "Proposals by theme"),
    "col_people": ("Personas", "People"),
    "col_counted": ("Propuestas", "Proposals"),
    "total": ("Total", "Total"),
    "kpi_counted_note": (
        "contadas, de {received} recibidas ({merged} fusionadas)",
        "counted, of {received} received ({merged} merged)",
    ),
    "answers_line": (
        "{routed} asignadas · {accepted} aceptadas · {rejected} rechazadas · {overdue} vencidas",
        "{routed} routed · {accepted} accepted · {rejected} rejected · {overdue} overdue",
    ),
}

register({key: {"es": es, "en": en} for key, (es, en) in _M.items()})
