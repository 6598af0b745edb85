"""The web service's pages: navigation, tables, forms, review, workflow, answers and
reports, Spanish first. Part of the one catalogue, ``pulso.i18n``; templates call ``_(key)``.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "app_tagline": {
        "es": "Métricas de campaña y propuestas ciudadanas",
        "en": "Campaign metrics and citizen proposals",
    },
    "nav_main": {"es": "Navegación principal", "en": "Main navigation"},
    "nav_overview": {"es": "Resumen", "en": "Overview"},
    "nav_posts": {"es": "Publicaciones", "en": "Posts"},
    "nav_review": {"es": "Revisión", "en": "Review"},
    "nav_proposals": {"es": "Propuestas", "en": "Proposals"},
    "nav_runs": {"es": "Recolecciones", "en": "Collection runs"},
    "nav_inbox": {"es": "Bandeja", "en": "Inbox"},
    "login": {"es": "Entrar", "en": "Log in"},
    "login_title": {"es": "Iniciar sesión", "en": "Log in"},
    "logout": {"es": "Salir", "en": "Log out"},
    "username": {"es": "Usuario", "en": "Username"},
    "password": {"es": "Contraseña", "en": "Password"},
    "error_login": {
        "es": "Usuario o contraseña incorrectos.",
        "en": "Wrong username or password.",
    },
    "error_csrf": {
        "es": "El formulario caducó. Vuelva a intentarlo.",
        "en": "The form expired. Please try again.",
    },
    "error_throttled": {
        "es": "Demasiados intentos fallidos. Espere unos minutos antes de volver a intentarlo.",
        "en": "Too many failed attempts. Wait a few minutes before trying again.",
    },
    "error_400": {"es": "La solicitud no es válida.", "en": "The request is not valid."},
    "error_401": {"es": "Debe iniciar sesión.", "en": "You must log in."},
    "error_403": {
        "es": "Su rol no permite ver esta página.",
        "en": "Your role does not allow this page.",
    },
    "error_404": {"es": "Esta página no existe.", "en": "This page does not exist."},
    "error_429": {"es": "Demasiadas solicitudes.", "en": "Too many requests."},
    "error_other": {"es": "Algo salió mal.", "en": "Something went wrong."},
    "back_home": {"es": "Volver al inicio", "en": "Back to the start"},
    "role_admin": {"es": "administración", "en": "admin"},
    "role_analyst": {"es": "análisis", "en": "analyst"},
    "role_reviewer": {"es": "revisión", "en": "reviewer"},
    "role_institution": {"es": "institución", "en": "institution"},
    "overview_title": {"es": "Resumen de la campaña", "en": "Campaign overview"},
    "whole_campaign": {"es": "Toda la campaña", "en": "Whole campaign"},
    "week": {"es": "Semana", "en": "Week"},
    "week_of": {"es": "Semana del {day}", "en": "Week of {day}"},
    "all_weeks": {"es": "Todas las semanas", "en": "All weeks"},
    "all": {"es": "Todas", "en": "All"},
    "apply": {"es": "Aplicar", "en": "Apply"},
    "clear": {"es": "Limpiar", "en": "Clear"},
    "show": {"es": "Ver", "en": "Show"},
    "yes": {"es": "Sí", "en": "Yes"},
    "no": {"es": "No", "en": "No"},
    "kpi_posts": {"es": "Publicaciones", "en": "Posts"},
    "kpi_reach_sum": {"es": "Suma del alcance por publicación", "en": "Sum of post reach"},
    "kpi_reach_sum_note": {
        "es": "Cota superior: una persona alcanzada por dos publicaciones cuenta dos veces",
        "en": "Upper bound: a person reached by two posts counts twice",
    },
    "kpi_interactions": {"es": "Interacciones", "en": "Interactions"},
    "kpi_interactions_note": {
        "es": "Reacciones, comentarios, compartidos y respuestas",
        "en": "Reactions, comments, shares and replies",
    },
    "kpi_comments": {"es": "Comentarios recogidos", "en": "Comments collected"},
    "kpi_website_messages": {
        "es": "más {n} mensajes del sitio web",
        "en": "plus {n} website messages",
    },
    "scope_whole_consultation": {
        "es": "toda la consulta (no solo la semana)",
        "en": "whole consultation (not only the week)",
    },
    "deadlines_as_of": {
        "es": "Plazos contados al {day} ({basis})",
        "en": "Deadlines counted as of {day} ({basis})",
    },
    "reconciliation_line": {
        "es": (
            "{received} ítems recibidos → {not_proposals} no son propuestas → {merged}"
            " fusionados en otras → {counted} propuestas contadas"
        ),
        "en": (
            "{received} items received → {not_proposals} not proposals → {merged} merged"
            " into others → {counted} proposals counted"
        ),
    },
    "see_all_items": {"es": "ver todos los ítems", "en": "see every item"},
    "people_note_themes": {
        "es": (
            "Una propuesta puede venir de varias personas (quienes la firmaron y las de ideas"
            " fusionadas en ella), y una persona puede proponer en varias temáticas: el total"
            " de personas distintas es menor que la suma de las filas."
        ),
        "en": (
            "A proposal can come from several people (its signers and those of ideas merged"
            " into it), and a person can propose in several themes: the total of distinct"
            " people is less than the sum of the rows."
        ),
    },
    "kpi_pending": {"es": "{n} pendientes de revisión", "en": "{n} awaiting review"},
    "kpi_proposals": {"es": "Propuestas", "en": "Proposals"},
    "kpi_boosted": {"es": "Publicaciones pautadas: {n}", "en": "Boosted posts: {n}"},
    "chart_daily": {
        "es": "Interacciones por día de publicación",
        "en": "Interactions by day of publication",
    },
    "chart_weekly": {
        "es": "Interacciones por semana de publicación",
        "en": "Interactions by week of publication",
    },
    "chart_reach": {
        "es": "Alcance de las publicaciones principales",
        "en": "Reach of the top posts",
    },
    "top_posts": {
        "es": "Publicaciones con mayor alcance",
        "en": "Posts with the highest reach",
    },
    "no_data": {
        "es": "Aún no hay datos para este periodo.",
        "en": "No data for this period yet.",
    },
    "no_posts": {
        "es": "No hay publicaciones con estos filtros.",
        "en": "No posts match these filters.",
    },
    "n_posts": {"es": "{n} publicaciones", "en": "{n} posts"},
    "col_post": {"es": "Publicación", "en": "Post"},
    "col_platform": {"es": "Plataforma", "en": "Platform"},
    "col_kind": {"es": "Tipo", "en": "Type"},
    "col_published": {"es": "Publicada", "en": "Published"},
    "col_reach": {"es": "Alcance", "en": "Reach"},
    "col_interactions": {"es": "Interacciones", "en": "Interactions"},
    "col_comments": {"es": "Comentarios", "en": "Comments"},
    "boosted": {"es": "Pautada", "en": "Boosted"},
    "platform_facebook": {"es": "Facebook", "en": "Facebook"},
    "platform_x": {"es": "X", "en": "X"},
    "platform_disqus": {"es": "Sitio web (Disqus)", "en": "Website (Disqus)"},
    "platform_instagram": {"es": "Instagram", "en": "Instagram"},
    "platform_web": {"es": "Web", "en": "Web"},
    "platform_other": {"es": "Otra", "en": "Other"},
    "kind_image": {"es": "Imagen", "en": "Image"},
    "kind_video": {"es": "Video", "en": "Video"},
    "kind_text": {"es": "Texto", "en": "Text"},
    "kind_link": {"es": "Enlace", "en": "Link"},
    "kind_reel": {"es": "Reel", "en": "Reel"},
    "kind_other": {"es": "Otro", "en": "Other"},
    "open_original": {"es": "Ver original", "en": "Open original"},
    "thumbnail_caption": {
        "es": "Imagen de la publicación, en copia reducida guardada por Pulso.",
        "en": "The post's picture, a reduced copy kept by Pulso.",
    },
    "metric": {"es": "Métrica", "en": "Metric"},
    "metric_history": {"es": "Historial de métricas", "en": "Metrics history"},
    "metric_reach": {"es": "Alcance", "en": "Reach"},
    "metric_impressions": {"es": "Impresiones", "en": "Impressions"},
    "metric_views": {"es": "Visualizaciones", "en": "Views"},
    "metric_reactions": {"es": "Reacciones", "en": "Reactions"},
    "metric_comments": {"es": "Comentarios", "en": "Comments"},
    "metric_shares": {"es": "Compartidos", "en": "Shares"},
    "metric_likes": {"es": "Me gusta", "en": "Likes"},
    "metric_reposts": {"es": "Reposts", "en": "Reposts"},
    "metric_replies": {"es": "Respuestas", "en": "Replies"},
    "metric_clicks": {"es": "Clics", "en": "Clicks"},
    "metric_link_clicks": {"es": "Clics en el enlace", "en": "Link clicks"},
    "metric_video_plays": {"es": "Reproducciones", "en": "Video plays"},
    "metric_reactions_like": {"es": "Reacciones «Me gusta»", "en": "“Like” reactions"},
    "metric_reactions_love": {"es": "Reacciones «Me encanta»", "en": "“Love” reactions"},
    "metric_reactions_wow": {"es": "Reacciones «Me asombra»", "en": "“Wow” reactions"},
    "metric_reactions_haha": {"es": "Reacciones «Me divierte»", "en": "“Haha” reactions"},
    "metric_reactions_sorry": {"es": "Reacciones «Me entristece»", "en": "“Sad” reactions"},
    "metric_reactions_anger": {"es": "Reacciones «Me enoja»", "en": "“Angry” reactions"},
    "metric_quotes": {"es": "Citas", "en": "Quotes"},
    "metric_bookmarks": {"es": "Guardados", "en": "Bookmarks"},
    "metric_other_clicks": {"es": "Otros clics", "en": "Other clicks"},
    "metric_profile_clicks": {"es": "Clics en el perfil", "en": "Profile clicks"},
    "metric_video_viewers": {
        "es": "Personas que vieron el video",
        "en": "People who played the video",
    },
    "metric_video_watch_seconds": {
        "es": "Segundos de video vistos",
        "en": "Seconds of video watched",
    },
    "metric_video_avg_watch_seconds": {
        "es": "Segundos vistos por reproducción (promedio)",
        "en": "Average seconds watched per play",
    },
    "metric_engagements": {
        "es": "Interacciones (según la plataforma)",
        "en": "Engagements (as the platform counts them)",
    },
    "metric_hashtag_clicks": {"es": "Clics en etiquetas", "en": "Hashtag clicks"},
    "metric_detail_expands": {"es": "Aperturas del detalle", "en": "Detail expands"},
    "metric_permalink_clicks": {
        "es": "Clics en el enlace permanente",
        "en": "Permalink clicks",
    },
    "metric_media_views": {"es": "Vistas del contenido multimedia", "en": "Media views"},
    "metric_media_engagements": {
        "es": "Clics en el contenido multimedia",
        "en": "Media engagements",
    },
    "metric_follows": {"es": "Seguidores ganados", "en": "Follows"},
    "metric_spend": {"es": "Inversión", "en": "Spend"},
    "metric_cpm": {"es": "Costo por mil impresiones", "en": "Cost per thousand impressions"},
    "observations_n": {"es": "{n} observaciones", "en": "{n} observations"},
    "observations_one": {"es": "1 observación", "en": "1 observation"},
    "observed_once": {
        "es": "Observado una sola vez: {value}, el {when}. La historia empieza con cada"
        " recolección.",
        "en": "Observed once: {value}, on {when}. The history grows with each collection.",
    },
    "glossary_title": {"es": "Glosario", "en": "Glossary"},
    "glossary_intro": {
        "es": "Qué significa cada cifra y cada estado, con las mismas palabras en el panel,"
        " los informes y la línea de comandos.",
        "en": "What each figure and each state means, in the same words on the dashboard,"
        " the reports and the command line.",
    },
    "log_scale": {
        "es": "escala logarítmica: una barra aplanaría las demás",
        "en": "log scale: one bar would flatten the others",
    },
    "reactions_by_type": {"es": "Reacciones por tipo", "en": "Reactions by type"},
    "reaction_like": {"es": "Me gusta", "en": "Like"},
    "reaction_love": {"es": "Me encanta", "en": "Love"},
    "reaction_wow": {"es": "Me asombra", "en": "Wow"},
    "reaction_haha": {"es": "Me divierte", "en": "Haha"},
    "reaction_sorry": {"es": "Me entristece", "en": "Sad"},
    "reaction_anger": {"es": "Me enoja", "en": "Angry"},
    "paid_results": {"es": "Resultados de la pauta", "en": "Paid results"},
    "paid_impressions": {"es": "Impresiones pagadas", "en": "Paid impressions"},
    "clicks_all": {"es": "Clics (todos)", "en": "Clicks (all)"},
    "audience_age_gender": {
        "es": "Alcance pagado por edad y género",
        "en": "Paid reach by age and gender",
    },
    "age": {"es": "Edad", "en": "Age"},
    "gender_female": {"es": "Mujeres", "en": "Women"},
    "gender_male": {"es": "Hombres", "en": "Men"},
    "gender_unknown": {"es": "Sin dato", "en": "Unknown"},
    "below_threshold": {
        "es": "Meta no informa grupos de menos de {n} personas: se muestran como «< {n}», no"
        " como cero.",
        "en": "Meta does not report groups of fewer than {n} people: shown as '< {n}', not"
        " as zero.",
    },
    "no_observations": {
        "es": "Aún no hay observaciones de métricas.",
        "en": "No metric observations yet.",
    },
    "no_comments": {"es": "Sin comentarios.", "en": "No comments."},
    "anonymous_author": {"es": "Participante", "en": "Participant"},
    "review_pending": {"es": "pendiente", "en": "pending"},
    "review_confirmed": {"es": "confirmado", "en": "confirmed"},
    "review_rejected": {"es": "descartado", "en": "rejected"},
    "review_abusive": {"es": "abusivo", "en": "abusive"},
    "runs_title": {"es": "Recolecciones", "en": "Collection runs"},
    "runs_intro": {
        "es": "Cada ejecución con su estado, solicitudes, errores y costo estimado en X.",
        "en": "Each run with its status, requests, errors and estimated X cost.",
    },
    "col_started": {"es": "Inicio", "en": "Started"},
    "col_duration": {"es": "Duración", "en": "Duration"},
    "col_status": {"es": "Estado", "en": "Status"},
    "col_requests": {"es": "Solicitudes", "en": "Requests"},
    "col_retries": {"es": "Reintentos", "en": "Retries"},
    "col_rows": {"es": "Filas", "en": "Rows"},
    "col_errors": {"es": "Errores", "en": "Errors"},
    "col_cost": {"es": "Costo X (est.)", "en": "X cost (est.)"},
    "col_warnings": {"es": "Avisos", "en": "Warnings"},
    "run_stored": {"es": "Almacenado", "en": "Stored"},
    # What a run stored, per table (``db.writer.WriteStats.stored``).
    "stored_accounts": {"es": "Cuentas", "en": "Accounts"},
    "stored_posts": {"es": "Publicaciones", "en": "Posts"},
    "stored_comments": {"es": "Comentarios", "en": "Comments"},
    "stored_observations": {"es": "Observaciones de métricas", "en": "Metric observations"},
    "stored_thumbnails": {"es": "Miniaturas", "en": "Thumbnails"},
    "run_stored_row": {
        "es": "{new} filas nuevas, {updated} actualizadas",
        "en": "{new} new rows, {updated} updated",
    },
    "col_message": {"es": "Mensaje", "en": "Message"},
    "run_running": {"es": "en curso", "en": "running"},
    "run_succeeded": {"es": "completada", "en": "succeeded"},
    "run_failed": {"es": "fallida", "en": "failed"},
    "run_stopped": {"es": "detenida", "en": "stopped"},
    "no_runs": {"es": "Aún no hay recolecciones.", "en": "No collection runs yet."},
    "proposals_title": {"es": "Propuestas", "en": "Proposals"},
    "n_proposals": {"es": "{n} propuestas", "en": "{n} proposals"},
    "n_proposals_counted": {"es": "{n} propuestas contadas", "en": "{n} proposals counted"},
    "n_items_all": {
        "es": "{n} ítems recibidos (todos los estados)",
        "en": "{n} items received (every status)",
    },
    "n_items_status": {"es": "{n} ítems en estado «{status}»", "en": "{n} items '{status}'"},
    "see_counted": {"es": "ver solo las contadas", "en": "see only those counted"},
    "counted_statuses": {"es": "Contadas (sin fusionadas ni descartadas)", "en": "Counted"},
    "all_items": {"es": "Todos los ítems", "en": "Every item"},
    "no_proposals": {
        "es": "No hay propuestas con estos filtros.",
        "en": "No proposals match these filters.",
    },
    "col_proposal": {"es": "Propuesta", "en": "Proposal"},
    "col_theme": {"es": "Temática", "en": "Theme"},
    "col_channel": {"es": "Canal", "en": "Channel"},
    "col_received": {"es": "Recibida", "en": "Received"},
    "col_institution": {"es": "Institución", "en": "Institution"},
    "col_due": {"es": "Respuesta antes del", "en": "Answer due"},
    "overdue": {"es": "vencida", "en": "overdue"},
    "channel_web": {"es": "Web", "en": "Web"},
    "channel_facebook": {"es": "Facebook", "en": "Facebook"},
    "channel_x": {"es": "X", "en": "X"},
    "channel_email": {"es": "Correo", "en": "E-mail"},
    "channel_in_person": {"es": "Presencial", "en": "In person"},
    "channel_workshop": {"es": "Taller", "en": "Workshop"},
    "channel_other": {"es": "Otro", "en": "Other"},
    "inbox_title": {"es": "Propuestas asignadas", "en": "Proposals routed to you"},
    "inbox_notice": {
        "es": "Aquí aparecen solo las propuestas asignadas a su institución.",
        "en": "Only the proposals routed to your institution appear here.",
    },
    "inbox_empty": {
        "es": "No hay propuestas asignadas.",
        "en": "No proposals have been routed to you.",
    },
    "no_institution": {"es": "Sin institución asignada", "en": "No institution assigned"},
    "no_theme": {"es": "Sin temática", "en": "No theme"},
    "proposal_text": {"es": "Texto de la propuesta", "en": "Proposal text"},
    "summary": {"es": "Resumen", "en": "Summary"},
    "justification": {"es": "Justificación", "en": "Justification"},
    "commitment": {"es": "Compromiso SMART", "en": "SMART commitment"},
    "smart_action": {"es": "Acción (específica)", "en": "Action (specific)"},
    "smart_indicator": {"es": "Indicador (medible)", "en": "Indicator (measurable)"},
    "smart_baseline": {"es": "Línea base", "en": "Baseline"},
    "smart_target": {"es": "Meta", "en": "Target"},
    "smart_responsible": {"es": "Responsable", "en": "Responsible"},
    "smart_period": {"es": "Periodo", "en": "Period"},
    "smart_milestones": {"es": "Hitos", "en": "Milestones"},
    "routing": {"es": "Asignación", "en": "Routing"},
    "routed_at": {"es": "Enviada", "en": "Routed"},
    "decided_at": {"es": "Decidida", "en": "Decided"},
    "organisation": {"es": "Organización", "en": "Organisation"},
    "submitters": {"es": "Personas que la presentaron", "en": "People who submitted it"},
    "submitters_with_merged": {
        "es": "{n} ({m} de las propuestas fusionadas en esta)",
        "en": "{n} ({m} from the proposals merged into this one)",
    },
    "review_title": {"es": "Cola de revisión", "en": "Review queue"},
    "review_intro": {
        "es": "{n} comentarios pendientes, ordenados por probabilidad de ser propuesta",
        "en": "{n} pending comments, ordered by how likely they are a proposal",
    },
    "review_notice": {
        "es": (
            "Vista de solo lectura: las acciones de revisión llegan con el flujo de la consulta."
        ),
        "en": "Read-only view: review actions arrive with the consultation workflow.",
    },
    "proposal_score": {"es": "Puntaje de propuesta", "en": "Proposal score"},
    "suggested_theme": {"es": "Temática sugerida", "en": "Suggested theme"},
    "abuse_flag": {"es": "Posible abuso", "en": "Possible abuse"},
    "sentiment": {"es": "Tono", "en": "Sentiment"},
    "sentiment_positive": {"es": "positivo", "en": "positive"},
    "sentiment_negative": {"es": "negativo", "en": "negative"},
    "sentiment_neutral": {"es": "neutral", "en": "neutral"},
    "evidence": {"es": "Evidencia", "en": "Evidence"},
    "similar_example": {
        "es": "Parecido a un ejemplo revisado:",
        "en": "Similar to a reviewed example:",
    },
    "similarity": {"es": "similitud", "en": "similarity"},
    "label_proposal": {"es": "propuesta", "en": "proposal"},
    "label_not_proposal": {"es": "no es propuesta", "en": "not a proposal"},
    "model": {"es": "Modelo", "en": "Model"},
    "model_default": {
        "es": "modelo inicial de Pulso, {date}",
        "en": "Pulso's initial model, {date}",
    },
    "model_team": {
        "es": "modelo n.º {n} del equipo, {date}",
        "en": "team model no. {n}, {date}",
    },
    "theme_from_thread": {
        "es": "Tema de la página de la consulta donde se escribió",
        "en": "Theme of the consultation page it was written on",
    },
    "review_order": {"es": "Orden", "en": "Order"},
    "review_order_score": {"es": "más probables primero", "en": "most likely first"},
    "review_order_uncertain": {
        "es": "dudosos primero (enseñan más al modelo)",
        "en": "closest calls first (teach the model most)",
    },
    "not_scored": {"es": "Aún sin puntaje del modelo.", "en": "Not scored by the model yet."},
    "queue_empty": {
        "es": "No hay comentarios pendientes.",
        "en": "No comments awaiting review.",
    },
    "pagination": {"es": "Paginación", "en": "Pagination"},
    "previous": {"es": "Anterior", "en": "Previous"},
    "next": {"es": "Siguiente", "en": "Next"},
    "page_of": {"es": "Página {page} de {pages}", "en": "Page {page} of {pages}"},
    "page_n": {"es": "Página {page}", "en": "Page {page}"},
    "more_than": {"es": "más de {n}", "en": "more than {n}"},
    # -- review actions, workflow, answers, reports ------------------------------------
    # review actions
    "act_confirm": {"es": "Confirmar", "en": "Confirm"},
    "act_reject": {"es": "No es propuesta", "en": "Not a proposal"},
    "act_abusive": {"es": "Abusivo", "en": "Abusive"},
    "select": {"es": "Seleccionar", "en": "Select"},
    "selected": {"es": "seleccionados", "en": "selected"},
    "bulk_theme": {"es": "Temática", "en": "Theme"},
    "theme_suggested": {"es": "la sugerida", "en": "the suggested one"},
    "summary_optional": {"es": "Resumen (opcional)", "en": "Summary (optional)"},
    "review_keys": {
        "es": (
            "Teclado: j/k moverse · c confirmar · r rechazar · a abusivo · x seleccionar · "
            "t temática · s resumen"
        ),
        "en": (
            "Keys: j/k move · c confirm · r reject · a abusive · x select · t theme · s summary"
        ),
    },
    "review_done_confirm": {
        "es": "{n} comentarios confirmados como propuestas",
        "en": "{n} comments confirmed as proposals",
    },
    "review_done_confirm_one": {
        "es": "1 comentario confirmado como propuesta",
        "en": "1 comment confirmed as a proposal",
    },
    "review_done_reject": {
        "es": "{n} comentarios marcados como no propuesta",
        "en": "{n} comments marked as not a proposal",
    },
    "review_done_reject_one": {
        "es": "1 comentario marcado como no propuesta",
        "en": "1 comment marked as not a proposal",
    },
    "review_done_abusive": {
        "es": "{n} comentarios marcados como abusivos",
        "en": "{n} comments marked as abusive",
    },
    "review_done_abusive_one": {
        "es": "1 comentario marcado como abusivo",
        "en": "1 comment marked as abusive",
    },
    "review_error_failed": {
        "es": "No se pudo registrar la decisión",
        "en": "The decision could not be recorded",
    },
    "review_error_none_selected": {
        "es": "Seleccione al menos un comentario.",
        "en": "Select at least one comment.",
    },
    "see_proposal": {"es": "ver propuesta #{id}", "en": "see proposal #{id}"},
    # workflow
    "nav_duplicates": {"es": "Posibles duplicados", "en": "Possible duplicates"},
    "nav_overdue": {"es": "Respuestas vencidas", "en": "Overdue answers"},
    "duplicates_title": {"es": "Posibles duplicados", "en": "Possible duplicates"},
    "duplicates_intro": {
        "es": (
            "{n} pares de propuestas que dicen lo mismo, del más parecido al menos. Fusionar "
            "no "
            "borra nada: las personas de ambas se cuentan en la que queda."
        ),
        "en": (
            "{n} pairs of proposals that say the same thing, most similar first. Merging "
            "deletes "
            "nothing: the people behind both are counted for the one kept."
        ),
    },
    "similar": {"es": "parecido", "en": "similar"},
    "act_merge": {"es": "Fusionar #{a} en #{b}", "en": "Merge #{a} into #{b}"},
    "act_unmerge": {"es": "Deshacer fusión", "en": "Un-merge"},
    "merge_here": {
        "es": "Fusionar aquí la propuesta número",
        "en": "Merge into this one proposal number",
    },
    "act_merge_here": {"es": "Fusionar", "en": "Merge"},
    "merged_title": {"es": "Propuestas fusionadas", "en": "Merged proposals"},
    "merged_into": {"es": "Fusionada en", "en": "Merged into"},
    "merged_here": {
        "es": "Propuestas fusionadas en esta",
        "en": "Proposals merged into this one",
    },
    "no_duplicates": {"es": "No hay posibles duplicados.", "en": "No possible duplicates."},
    "overdue_title": {"es": "Respuestas vencidas", "en": "Overdue answers"},
    "overdue_intro": {
        "es": "{n} propuestas asignadas cuyo plazo de respuesta venció antes del {today}",
        "en": "{n} routed proposals whose answer deadline passed before {today}",
    },
    "days_late": {"es": "Días hábiles de atraso", "en": "Working days late"},
    "no_overdue": {"es": "Ninguna respuesta vencida.", "en": "No overdue answers."},
    "route_selected": {"es": "Asignar las seleccionadas", "en": "Route the selected"},
    "route_to": {"es": "Asignar a", "en": "Route to"},
    "working_days": {"es": "Plazo (días hábiles)", "en": "Deadline (working days)"},
    "route_force": {
        "es": "aunque no sea la institución competente",
        "en": "even if the institution is not the competent one",
    },
    "route_hint": {
        "es": (
            "★ institución competente para la temática. El plazo se cuenta en días hábiles "
            "desde hoy."
        ),
        "en": "★ competent for the theme. The deadline counts working days from today.",
    },
    "act_route": {"es": "Asignar", "en": "Route"},
    "act_reroute": {"es": "Reasignar", "en": "Re-route"},
    "done_merged": {"es": "{n} propuesta(s) fusionadas", "en": "{n} proposal(s) merged"},
    "done_unmerged": {"es": "Fusión deshecha", "en": "Merge undone"},
    "done_routed": {"es": "{n} propuesta(s) asignadas", "en": "{n} proposal(s) routed"},
    "done_answered": {"es": "Respuesta registrada", "en": "Answer recorded"},
    "error_failed": {"es": "No se pudo hacer", "en": "That could not be done"},
    "error_none_selected": {
        "es": "Seleccione al menos una propuesta.",
        "en": "Select at least one proposal.",
    },
    "history": {"es": "Historial", "en": "History"},
    "audit_status": {"es": "estado", "en": "status"},
    "audit_route": {"es": "asignación", "en": "routing"},
    "audit_merge": {"es": "fusión", "en": "merge"},
    "audit_unmerge": {"es": "fusión deshecha", "en": "un-merge"},
    "audit_created": {"es": "recibida", "en": "received"},
    "audit_answer": {"es": "respuesta", "en": "answer"},
    "audit_theme": {"es": "temática", "en": "theme"},
    "audit_link": {"es": "persona vinculada", "en": "person linked"},
    "audit_reason_commitment": {"es": "compromiso: {action}", "en": "commitment: {action}"},
    "audit_reason_due": {"es": "respuesta debida el {date}", "en": "answer due on {date}"},
    "audit_reason_disqus": {
        "es": "publicación principal de un hilo de Disqus asignado a una temática",
        "en": "top-level post of a Disqus thread mapped to a theme",
    },
    "audit_reason_import": {"es": "importada de {file}", "en": "import of {file}"},
    "audit_reason_import_out_of_range": {
        "es": "importada de {file}, recibida fuera de las fechas de la consulta",
        "en": "import of {file}, received outside the consultation's dates",
    },
    "audit_reason_intake": {"es": "recibida de {source}", "en": "intake from {source}"},
    "audit_reason_confirmed": {
        "es": "confirmada desde {source}",
        "en": "confirmed from {source}",
    },
    "audit_reason_theme": {
        "es": "el revisor corrigió la temática sugerida",
        "en": "reviewer corrected the suggested theme",
    },
    "audit_reason_duplicate": {
        "es": "duplicada (similitud {score})",
        "en": "duplicate (similarity {score})",
    },
    "audit_reason_revised": {
        "es": "respuesta revisada: {reason}",
        "en": "answer revised: {reason}",
    },
    # answers
    "answer_title": {"es": "Responder la propuesta", "en": "Answer the proposal"},
    "answer_intro": {
        "es": (
            "Acéptela con un compromiso SMART (todos los campos) o recházela con una justificación."
        ),
        "en": (
            "Accept it with a SMART commitment (every field) or reject it with a justification."
        ),
    },
    "decision": {"es": "Decisión", "en": "Decision"},
    "answer_accepted": {
        "es": "Si se acepta: compromiso SMART",
        "en": "If accepted: SMART commitment",
    },
    "answer_rejected": {"es": "Si se rechaza", "en": "If rejected"},
    "smart_start": {"es": "Inicio", "en": "Start"},
    "smart_end": {"es": "Fin", "en": "End"},
    "act_answer": {"es": "Enviar respuesta", "en": "Send answer"},
    "error_required": {"es": "Obligatorio", "en": "Required"},
    "error_date": {"es": "Fecha no válida (AAAA-MM-DD)", "en": "Not a valid date (YYYY-MM-DD)"},
    "error_end_before_start": {
        "es": "El fin es anterior al inicio",
        "en": "The end is before the start",
    },
    "error_decision": {"es": "Elija aceptar o rechazar", "en": "Choose accept or reject"},
    # reports
    "nav_reports": {"es": "Informes", "en": "Reports"},
    "reports_title": {"es": "Informes", "en": "Reports"},
    "reports_intro": {
        "es": (
            "Genere el informe semanal o el de la consulta y descárguelo. El informe semanal "
            "también "
            "se genera solo cada lunes."
        ),
        "en": (
            "Generate the weekly or the consultation report and download it. The weekly report "
            "is "
            "also made every Monday by itself."
        ),
    },
    "weekly_report": {"es": "Informe semanal", "en": "Weekly report"},
    "weekly_report_help": {
        "es": (
            "Publicaciones, alcance, interacciones, pauta, comentarios y propuestas de una semana."
        ),
        "en": "Posts, reach, interactions, paid results, comments and proposals of one week.",
    },
    "consultation_report": {"es": "Informe de la consulta", "en": "Consultation report"},
    "consultation_report_help": {
        "es": (
            "Canales, propuestas por temática con personas distintas, conciliación, respuestas "
            "de las instituciones y anexos."
        ),
        "en": (
            "Channels, proposals per theme with distinct people, reconciliation, institutions' "
            "answers and annexes."
        ),
    },
    "consultation": {"es": "Consulta", "en": "Consultation"},
    "last_week": {"es": "la semana pasada", "en": "last week"},
    "formats": {"es": "Formatos", "en": "Formats"},
    "language": {"es": "Idioma", "en": "Language"},
    "act_generate": {"es": "Generar", "en": "Generate"},
    "report_files": {"es": "Informes generados", "en": "Generated reports"},
    "no_reports": {"es": "Aún no hay informes generados.", "en": "No reports generated yet."},
    "no_consultation": {"es": "No hay consultas registradas.", "en": "No consultation yet."},
    "reports_made": {"es": "{n} archivo(s) generados", "en": "{n} file(s) generated"},
    "report_failed": {
        "es": "No se pudo generar el informe",
        "en": "The report could not be generated",
    },
    "report_kind_weekly": {"es": "Semanal", "en": "Weekly"},
    "report_kind_consultation": {"es": "Consulta", "en": "Consultation"},
    "col_file": {"es": "Archivo", "en": "File"},
    "col_report_kind": {"es": "Tipo", "en": "Kind"},
    "col_scope": {"es": "Periodo / consulta", "en": "Period / consultation"},
    "col_lang": {"es": "Idioma", "en": "Language"},
    "col_format": {"es": "Formato", "en": "Format"},
    "col_size": {"es": "Tamaño", "en": "Size"},
    "col_made": {"es": "Generado", "en": "Made"},
    # overview additions
    "kpi_people": {"es": "Personas distintas", "en": "Distinct people"},
    "kpi_people_note": {"es": "que enviaron propuestas", "en": "who sent proposals"},
    "proposals_by_theme": {"es": "Propuestas por temática", "en": "Proposals by theme"},
    "col_people": {"es": "Personas", "en": "People"},
    "col_counted": {"es": "Propuestas", "en": "Proposals"},
    "total": {"es": "Total", "en": "Total"},
    "kpi_counted_note": {
        "es": (
            "contadas, de {received} recibidas ({not_proposals} no son propuestas,"
            " {merged} fusionadas)"
        ),
        "en": "counted, of {received} received ({not_proposals} not proposals, {merged} merged)",
    },
    "answers_line": {
        "es": (
            "{routed} enviadas a instituciones · {accepted} aceptadas · {rejected} no"
            " incorporadas · {overdue} vencidas"
        ),
        "en": (
            "{routed} sent to institutions · {accepted} accepted · {rejected} rejected ·"
            " {overdue} overdue"
        ),
    },
}
