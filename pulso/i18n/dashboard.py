"""The dashboard's texts: periods and their comparison, rates, exports, the sentiment and
abuse trend, the reports page's groups and the reports' executive summary. Part of the one
catalogue, ``pulso.i18n``."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # Periods
    "period": {"es": "Periodo", "en": "Period"},
    "date_from": {"es": "Desde", "en": "From"},
    "date_to": {"es": "Hasta", "en": "To"},
    "range_replaces_week": {
        "es": "Si indica fechas, el rango reemplaza a la semana.",
        "en": "Dates, when given, replace the week.",
    },
    "period_of": {"es": "Del {start} al {end}", "en": "From {start} to {end}"},
    "period_days": {"es": "{n} días", "en": "{n} days"},
    "vs_previous_period": {
        "es": "vs. {start} – {end}",
        "en": "vs. {start} – {end}",
    },
    "previous_period_note": {
        "es": "Comparado con el periodo anterior de igual duración ({start} – {end}).",
        "en": "Compared with the previous period of equal length ({start} – {end}).",
    },
    "no_change": {"es": "sin cambio", "en": "no change"},
    "change_unknown": {"es": "sin comparación", "en": "no comparison"},
    "comparison_title": {
        "es": "Frente al periodo anterior",
        "en": "Against the previous period",
    },
    "col_previous": {"es": "Periodo anterior", "en": "Previous period"},
    "col_this_period": {"es": "Este periodo", "en": "This period"},
    "col_change": {"es": "Cambio", "en": "Change"},
    "col_engagement_rate": {"es": "Tasa de interacción", "en": "Engagement rate"},
    "col_ctr": {"es": "CTR", "en": "CTR"},
    "col_text": {"es": "Texto", "en": "Text"},
    # Exports
    "download": {"es": "Descargar", "en": "Download"},
    "download_csv": {"es": "CSV", "en": "CSV"},
    "download_xlsx": {"es": "Excel (XLSX)", "en": "Excel (XLSX)"},
    "download_note": {
        "es": "Con los filtros aplicados, todas las filas (no solo esta página).",
        "en": "With the filters applied, every row (not only this page).",
    },
    "export_too_many": {
        "es": "La descarga se limita a las primeras {n} filas.",
        "en": "The download is limited to the first {n} rows.",
    },
    "sheet.posts_list": {"es": "Publicaciones", "en": "Posts"},
    "sheet.proposals_list": {"es": "Propuestas", "en": "Proposals"},
    "col_external_id": {"es": "Identificador en la plataforma", "en": "Platform id"},
    "col_link": {"es": "Enlace", "en": "Link"},
    "col_boosted": {"es": "Promocionada", "en": "Boosted"},
    "col_deadline": {"es": "Plazo de respuesta", "en": "Answer deadline"},
    "col_id": {"es": "N.º", "en": "No."},
    # Sentiment and abuse
    "tone_title": {
        "es": "Tono y abuso de los comentarios, por semana",
        "en": "Comments' sentiment and abuse, per week",
    },
    "tone_note": {
        "es": (
            "Comentarios en las publicaciones escritos en cada semana, por el tono que sugiere"
            " el modelo; abusivos: marcados por un revisor o con puntaje de abuso alto sin"
            " descartar. Alerta cuando los abusivos superan el {share} de la semana."
        ),
        "en": (
            "Comments on the posts written in each week, by the sentiment the model"
            " suggests; abusive: marked by a reviewer, or scored abusive and not cleared."
            " Alert when abusive comments are more than {share} of the week's."
        ),
    },
    "tone_alert": {
        "es": "Alerta: {share} de comentarios abusivos en la semana del {day} ({n} de {total}).",
        "en": "Alert: {share} abusive comments in the week of {day} ({n} of {total}).",
    },
    "col_week": {"es": "Semana", "en": "Week"},
    "col_positive": {"es": "Positivos", "en": "Positive"},
    "col_neutral": {"es": "Neutros", "en": "Neutral"},
    "col_negative": {"es": "Negativos", "en": "Negative"},
    "col_unscored": {"es": "Sin clasificar", "en": "Not scored"},
    "col_abusive": {"es": "Abusivos", "en": "Abusive"},
    "col_abusive_share": {"es": "% abusivos", "en": "% abusive"},
    "col_comments_written": {"es": "Comentarios", "en": "Comments"},
    "no_comments_period": {
        "es": "No hay comentarios en este periodo.",
        "en": "No comments in this period.",
    },
    "tone_bar_label": {
        "es": "Positivos {pos}, neutros {neu}, negativos {neg}, sin clasificar {unk}",
        "en": "Positive {pos}, neutral {neu}, negative {neg}, not scored {unk}",
    },
    # Reports page
    "reports_group_weekly": {"es": "Informes semanales", "en": "Weekly reports"},
    "reports_group_consultation": {
        "es": "Informes de la consulta",
        "en": "Consultation reports",
    },
    "reports_group_other": {"es": "Otros archivos", "en": "Other files"},
    "report_title_weekly": {
        "es": "Informe semanal · semana del {day}",
        "en": "Weekly report · week of {day}",
    },
    "report_title_campaign": {"es": "campaña {campaign}", "en": "campaign {campaign}"},
    "report_title_weekly_plain": {
        "es": "Informe semanal · {week}",
        "en": "Weekly report · {week}",
    },
    "report_title_consultation": {
        "es": "Informe de la consulta {name}",
        "en": "Consultation report {name}",
    },
    "report_lang_es": {"es": "en español", "en": "in Spanish"},
    "report_lang_en": {"es": "en inglés", "en": "in English"},
    "col_formats": {"es": "Formatos", "en": "Formats"},
    "col_language": {"es": "Idioma", "en": "Language"},
}
