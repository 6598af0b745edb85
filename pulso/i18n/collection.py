"""What a collection run reports beyond its counts, Spanish first: the warnings kept in the
run's record (``collect.warn.*``: what was asked for and not delivered, a stream stopped
early, a fallback taken) and why a run stopped or failed (``err.collect.*``). Part of the
one catalogue, ``pulso.i18n``; stored as keys with values (``pulso.i18n.stored``), so the
command line, the Recolecciones page and the API show them in the reader's language.

The English texts are the ones the collectors always wrote: the README's list of warnings
quotes them. Values that come from a platform (an API's own error text, a library's
exception) are shown as they came.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # -- any platform -----------------------------------------------------------------
    "collect.warn.paging.repeated": {
        "es": "{stream}: la paginación se detuvo tras {pages} página(s): el servidor dio "
        "una página siguiente que ya había dado; lo anterior se guardó, el resto de este "
        "flujo no se leyó",
        "en": "{stream}: paging stopped after {pages} page(s): the server gave a next page "
        "it had already given; what came before was stored, the rest of this stream was "
        "not read",
    },
    "collect.warn.paging.no_new": {
        "es": "{stream}: la paginación se detuvo tras {pages} página(s): una página no trajo "
        "nada nuevo pero prometía otra; lo anterior se guardó, el resto de este flujo no se "
        "leyó",
        "en": "{stream}: paging stopped after {pages} page(s): a page brought no new item "
        "but promised another; what came before was stored, the rest of this stream was "
        "not read",
    },
    "collect.warn.paging.limit": {
        "es": "{stream}: la paginación se detuvo tras {pages} página(s): se alcanzó el "
        "límite de {limit} páginas por flujo; lo anterior se guardó, el resto de este flujo "
        "no se leyó",
        "en": "{stream}: paging stopped after {pages} page(s): the limit of {limit} pages "
        "per stream was reached; what came before was stored, the rest of this stream was "
        "not read",
    },
    "collect.warn.skipped": {
        "es": "{platform} {endpoint}: falta «{name}» (obligatorio): {count} elemento(s) "
        "omitido(s), p. ej. {example}",
        "en": "{platform} {endpoint}: {name} missing (required): {count} item(s) skipped, "
        "e.g. {example}",
    },
    "collect.warn.not_delivered": {
        "es": "{platform} {endpoint}: «{name}» no llegó: {count} valor(es) registrado(s) "
        "como no disponible(s), p. ej. {example}",
        "en": "{platform} {endpoint}: {name} not delivered: {count} value(s) recorded as "
        "not available, e.g. {example}",
    },
    "collect.warn.thumbnails": {
        "es": "no se pudo descargar la imagen de {count} publicación(es) para su miniatura "
        "(p. ej. publicación {post}: {reason}); se guardaron sin ella y las próximas "
        "recolecciones lo reintentan (hasta {attempts} veces)",
        "en": "{count} post picture(s) could not be downloaded for a thumbnail (e.g. post "
        "{post}: {reason}); those posts were stored without one and the next runs try again "
        "(up to {attempts} times)",
    },
    # -- Facebook ---------------------------------------------------------------------
    "collect.warn.facebook.insights_fallback": {
        "es": "{count} publicación(es) volvieron del lote sin algunas de las métricas "
        "pedidas; se pidieron de una en una (/{{post-id}}/insights?metric=) y lo que aún "
        "faltaba queda como no disponible",
        "en": "{count} post(s) came back from the batch without some of the insights asked "
        "for; those were asked for one metric at a time (/{{post-id}}/insights?metric=), and "
        "what still lacked is not available",
    },
    "collect.warn.facebook.parents_from_permalink": {
        "es": "{count} respuesta(s) llegaron sin 'parent'; cada una se vinculó al "
        "comentario que nombra su enlace permanente (comment_id)",
        "en": "{count} repl(ies) came without 'parent'; each was linked to the comment its "
        "permalink names (comment_id)",
    },
    # -- X ----------------------------------------------------------------------------
    "collect.warn.x.account_skipped": {
        "es": "cuenta @{handle} omitida: {detail}",
        "en": "account @{handle} skipped: {detail}",
    },
    "collect.warn.x.not_found": {"es": "no encontrada", "en": "not found"},
    "collect.warn.x.timeline_wall": {
        "es": "@{handle} tiene {total} publicaciones, pero la cronología de X solo alcanza "
        "las {wall} más recientes; la carga histórica se detuvo tras {reached} (la más "
        "antigua, {oldest}). Importe las métricas anteriores desde las exportaciones de X "
        "Analytics: pulso import x-export ARCHIVO",
        "en": "@{handle} has {total} posts but X's timeline reaches only the newest {wall}; "
        "the backfill stopped after {reached} (oldest {oldest}). Import older metrics from "
        "X Analytics exports: pulso import x-export FILE",
    },
    "collect.warn.x.old_replies": {
        "es": "{count} publicaciones de @{handle} con más de {days} días tenían respuestas "
        "nunca recolectadas: la búsqueda reciente solo alcanza los últimos 7 días (defina "
        "PULSO_X_FULL_ARCHIVE_SEARCH=true para el archivo completo)",
        "en": "{count} posts of @{handle} older than {days} days had replies never "
        "collected: recent search only reaches the last 7 days (set "
        "PULSO_X_FULL_ARCHIVE_SEARCH=true for the full archive)",
    },
    # -- why a run stopped (resumable) ------------------------------------------------
    "err.collect.x.rate_limit": {
        "es": "se alcanzó el límite de peticiones de X en {what}; se restablece en {wait} s: "
        "se detiene ahora y la próxima recolección sigue donde esta se detuvo",
        "en": "X rate limit reached on {what}; it resets in {wait}s: stopping now, the next "
        "run resumes where this one stopped",
    },
    "err.collect.x.no_credits": {
        "es": "X indica que la cuenta no tiene créditos (402 Payment Required); la próxima "
        "recolección sigue donde esta se detuvo",
        "en": "X says the account has no credits left (402 Payment Required); the next run "
        "resumes where this one stopped",
    },
    "err.collect.x.budget_run": {
        "es": "se alcanzó el presupuesto de lecturas (el tope por recolección de {cap} "
        "lecturas de publicaciones); {reads} lecturas en esta recolección, unos USD {cost}. "
        "Queda para la próxima: {left}",
        "en": "read budget reached (per-run cap of {cap} post reads); {reads} reads this "
        "run, about USD {cost}. Left for the next run: {left}",
    },
    "err.collect.x.budget_month": {
        "es": "se alcanzó el presupuesto de lecturas (el tope mensual de {cap} lecturas de "
        "publicaciones, {month}); {reads} lecturas en esta recolección, unos USD {cost}. "
        "Queda para la próxima: {left}",
        "en": "read budget reached (monthly cap of {cap} post reads ({month})); {reads} "
        "reads this run, about USD {cost}. Left for the next run: {left}",
    },
    "err.collect.x.left_timeline": {
        "es": "el resto de la cronología de @{handle}, sus métricas y respuestas",
        "en": "the rest of @{handle}'s timeline, its metrics and replies",
    },
    "err.collect.x.left_metrics": {
        "es": "{count} publicaciones de @{handle} pendientes de actualizar",
        "en": "{count} posts of @{handle} due for a refresh",
    },
    "err.collect.x.left_replies": {
        "es": "las respuestas de {count} conversaciones de @{handle}",
        "en": "replies of {count} conversations of @{handle}",
    },
    "err.collect.x.not_started": {
        "es": "{left}; cuentas no iniciadas: {accounts}",
        "en": "{left}; accounts not started: {accounts}",
    },
    "err.collect.facebook.rate_limit": {
        "es": "se alcanzó el límite de peticiones de Facebook (código {code}); Meta estima "
        "que el acceso vuelve en {minutes} min: vuelva a ejecutar más tarde para continuar",
        "en": "Facebook rate limit reached (code {code}); Meta estimates access returns in "
        "{minutes} min: run again later to resume",
    },
    "err.collect.disqus.rate_limit": {
        "es": "se alcanzó el límite de peticiones de Disqus; se restablece en {wait} s. "
        "Vuelva a ejecutar entonces: la recolección sigue donde se detuvo",
        "en": "Disqus rate limit reached; it resets in {wait} s. Run again then: "
        "collection resumes where it stopped",
    },
    # -- why a request was retried (the reason of err.collect.retries_exhausted) ----------
    "collect.retry.rate_limited": {
        "es": "límite de peticiones (429)",
        "en": "rate limited (429)",
    },
    "collect.retry.x_server_error": {
        "es": "error {status} del servidor de X",
        "en": "X server error {status}",
    },
    "collect.retry.x_malformed_json": {
        "es": "X respondió con JSON mal formado",
        "en": "malformed JSON from X",
    },
    "collect.retry.network": {"es": "red: {problem}", "en": "network: {problem}"},
    "collect.retry.throttled": {
        "es": "frenado por Meta (código {code}, HTTP {status})",
        "en": "throttled (code {code}, HTTP {status})",
    },
    "collect.retry.temporary": {
        "es": "error temporal {code}: {detail}",
        "en": "temporary error {code}: {detail}",
    },
    "collect.retry.disqus": {
        "es": "error {code} de Disqus ({what})",
        "en": "Disqus error {code} ({what})",
    },
    # -- why a run failed -------------------------------------------------------------
    "err.collect.retries_exhausted": {
        "es": "{what} falló tras {attempts} intentos: {reason}",
        "en": "{what} failed after {attempts} attempts: {reason}",
    },
    "err.collect.no_list": {
        "es": "{platform} {endpoint}: la respuesta no tiene la lista '{list_key}' ({kind}); "
        "la recolección se detuvo y no se guardó nada de esa respuesta",
        "en": "{platform} {endpoint}: the answer has no '{list_key}' list ({kind}); the run "
        "stopped, nothing of it was stored",
    },
    "err.collect.lease_lost": {
        "es": "el turno de esta recolección sobre {names} venció y otra recolección lo "
        "tomó; se detuvo antes de escribir nada más",
        "en": "this run's lease on {names} expired and another run took it over; stopped "
        "before writing anything more",
    },
    "err.collect.facebook.invalid_token": {
        "es": "el token de acceso de Facebook no es válido o caducó (error 190 de Graph): "
        "defina un PULSO_FACEBOOK_ACCESS_TOKEN nuevo",
        "en": "the Facebook access token is invalid or expired (Graph error 190): set a new "
        "PULSO_FACEBOOK_ACCESS_TOKEN",
    },
    "err.collect.x.unauthorized": {
        "es": "X rechazó las credenciales (401 Unauthorized): revise PULSO_X_BEARER_TOKEN y "
        "las claves de contexto de usuario PULSO_X_CONSUMER_*/PULSO_X_ACCESS_*",
        "en": "X rejected the credentials (401 Unauthorized): check PULSO_X_BEARER_TOKEN "
        "and the PULSO_X_CONSUMER_*/PULSO_X_ACCESS_* user-context keys",
    },
    "err.collect.x.forbidden": {
        "es": "X rechazó la petición (403 Forbidden: {detail}): el nivel de acceso de la "
        "aplicación o los permisos de la cuenta no lo permiten",
        "en": "X refused the request (403 Forbidden: {detail}): the app's access level or "
        "the account's permissions do not allow it",
    },
    "err.collect.x.no_detail": {"es": "sin detalle", "en": "no detail"},
    "err.collect.x.answered": {"es": "X respondió {answer}", "en": "X answered {answer}"},
    "err.collect.disqus.bad_key": {
        "es": "Disqus rechazó la clave de la API (error 5): revise PULSO_DISQUS_API_KEY",
        "en": "Disqus refused the API key (error 5): check PULSO_DISQUS_API_KEY",
    },
    "err.collect.disqus.error": {
        "es": "error {code} de Disqus ({what}): {detail}",
        "en": "Disqus error {code} ({what}): {detail}",
    },
}
