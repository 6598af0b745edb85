"""The command line's texts, Spanish first: every command's help (``cli.<command
path>.help``), every option's (``cli.<command path>.option.<flag>``, or ``cli.option.<flag>``
for an option several commands share), click's own words in a help page, and what the
commands of ``pulso init``, ``pulso config`` and ``pulso check`` print. Part of the one
catalogue, ``pulso.i18n``; ``pulso.cli.language`` puts them on the commands.

A command added later needs only its entries here (or a ``register`` call next to it);
``tests/test_cli_language.py`` names any key that is missing.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "cli.option.wait": {
        "es": "Si otra ejecución está recolectando la misma cuenta, esperarla este tiempo "
        "antes de desistir (predeterminado PULSO_COLLECT_LOCK_WAIT_SECONDS; 0: "
        "desistir enseguida, salida 0).",
        "en": "When another run is collecting the same account, wait this long for it before "
        "giving up (default PULSO_COLLECT_LOCK_WAIT_SECONDS, 0: give up at once, exit "
        "0).",
    },
    "cli.option.lang": {
        "es": "Idioma de la salida (es o en).",
        "en": "Language of the output (es or en).",
    },
    "cli.option.out": {
        "es": "Carpeta de los archivos (se crea si falta).",
        "en": "Folder for the files (created if missing).",
    },
    "cli.option.consultation": {
        "es": "Identificador de la consulta (puede omitirse si solo hay una).",
        "en": "Consultation slug (may be left out when there is only one).",
    },
    "cli.option.actor": {
        "es": "Quién lo hace, para el registro de auditoría.",
        "en": "Who is doing this, for the audit trail.",
    },
    "cli.option.reason": {
        "es": "Por qué, para el registro de auditoría.",
        "en": "Why, for the audit trail.",
    },
    "cli.option.holiday": {
        "es": "Un día no laborable (repetible).",
        "en": "A non-working day (repeat).",
    },
    "cli.option.format": {
        "es": "Formato de salida: html, pdf, xlsx, csv o json; repetible o lista separada "
        "por comas.",
        "en": "Output format: html, pdf, xlsx, csv or json; repeat or give a comma list.",
    },
    "cli.option.order": {
        "es": "Primero las propuestas más probables, o primero los casos más dudosos para el "
        "modelo (cada decisión le enseña más).",
        "en": "Most likely proposals first, or the model's closest calls first (each "
        "decision then teaches it the most).",
    },
    "cli.option.min-score": {
        "es": "Solo comentarios con al menos esta puntuación.",
        "en": "Only comments scoring at least this.",
    },
    "cli.option.post": {
        "es": "Solo comentarios de esta publicación (id).",
        "en": "Only comments on this post (id).",
    },
    "cli.option.platform": {
        "es": "Solo comentarios de esta plataforma.",
        "en": "Only comments from this platform.",
    },
    "cli.help": {
        "es": "Pulso: métricas de redes sociales y propuestas de consultas públicas para "
        "equipos de comunicación.",
        "en": "Pulso: social-media metrics and consultation proposals for communications teams.",
    },
    "cli.option.version": {
        "es": "Mostrar la versión y salir.",
        "en": "Show the version and exit.",
    },
    "cli.collect.help": {
        "es": "Recolectar publicaciones, métricas y comentarios de las API de las "
        "plataformas (incremental).",
        "en": "Collect posts, metrics and comments from the platforms' APIs (incremental).",
    },
    "cli.collect.all.help": {
        "es": "Ejecutar una vez collect:facebook, collect:x y collect:disqus (para cron), "
        "omitiendo la plataforma que no esté configurada o que otro proceso esté "
        "recolectando.",
        "en": "Run collect:facebook, collect:x and collect:disqus once (for cron), skipping "
        "a\nplatform that is not configured or is being collected by another process.",
    },
    "cli.collect.disqus.help": {
        "es": "Recolectar los hilos y mensajes del sitio de la consulta con la API de Disqus "
        "(incremental: cada hilo continúa donde terminó la última ejecución). Los "
        "mensajes de primer nivel de los hilos asignados se convierten en propuestas; "
        "las respuestas se guardan como su discusión.",
        "en": "Collect the consultation site's threads and posts through the Disqus API "
        "(incremental:\neach thread resumes where the last run ended). Top-level posts "
        "of mapped threads become\nproposals; replies are kept as their discussion.",
    },
    "cli.collect.disqus.option.forum": {
        "es": "Nombre corto del foro de Disqus (predeterminado: PULSO_DISQUS_FORUM).",
        "en": "Disqus forum short name (default: PULSO_DISQUS_FORUM).",
    },
    "cli.collect.disqus.option.thread": {
        "es": "Solo este hilo (id; repetible).",
        "en": "Only this thread id (repeat).",
    },
    "cli.collect.disqus.option.since": {
        "es": "Ignorar los mensajes anteriores a este día (primera ejecución de un hilo).",
        "en": "Ignore posts before this day (first run of a thread).",
    },
    "cli.collect.facebook.help": {
        "es": "Recolectar publicaciones de la Página, estadísticas, comentarios y resultados "
        "de publicaciones promocionadas con la Graph API.",
        "en": "Collect Page posts, insights, comments and boosted-post results from the Graph API.",
    },
    "cli.collect.facebook.option.page": {
        "es": "Id de la Página a recolectar (repetible); predeterminado PULSO_FACEBOOK_PAGE_IDS.",
        "en": "Page id to collect (repeatable); default PULSO_FACEBOOK_PAGE_IDS.",
    },
    "cli.collect.facebook.option.since": {
        "es": "Recolectar las publicaciones desde este día (en lugar del marcador guardado).",
        "en": "Collect posts published since this day (instead of the stored bookmark).",
    },
    "cli.collect.x.help": {
        "es": "Recolectar publicaciones, métricas y respuestas de las cuentas con la API de "
        "X (incremental).",
        "en": "Collect the accounts' posts, metrics and replies from the X API (incremental).",
    },
    "cli.collect.x.option.account": {
        "es": "Cuenta a recolectar (repetible); predeterminado: PULSO_X_ACCOUNTS.",
        "en": "Handle to collect (repeat); default: PULSO_X_ACCOUNTS.",
    },
    "cli.collect.x.option.since": {
        "es": "Ignorar las publicaciones anteriores a esta fecha (carga retroactiva y "
        "actualización).",
        "en": "Ignore posts published before this date (backfill and refresh).",
    },
    "cli.consultation.help": {
        "es": "Crear, cargar y listar consultas.",
        "en": "Create, load and list consultations.",
    },
    "cli.consultation.create.help": {
        "es": "Crear la consulta SLUG (o actualizar la que tiene ese identificador).",
        "en": "Create a consultation SLUG (or update the one with this slug).",
    },
    "cli.consultation.create.option.name": {
        "es": "Nombre completo de la consulta.",
        "en": "Full name of the consultation.",
    },
    "cli.consultation.create.option.starts": {
        "es": "Primer día.",
        "en": "First day.",
    },
    "cli.consultation.create.option.ends": {
        "es": "Último día.",
        "en": "Last day.",
    },
    "cli.consultation.create.option.timezone": {
        "es": "Zona horaria de los días y semanas.",
        "en": "Zone of days and weeks.",
    },
    "cli.consultation.create.option.description": {
        "es": "De qué trata la consulta.",
        "en": "What the consultation is about.",
    },
    "cli.consultation.list.help": {
        "es": "Listar las consultas con sus fechas y su número de temáticas.",
        "en": "List consultations with their dates and number of themes.",
    },
    "cli.consultation.load.help": {
        "es": "Crear o actualizar una consulta con sus temáticas e instituciones desde un "
        "archivo JSON.",
        "en": "Create or update a consultation with its themes and institutions from a JSON file.",
    },
    "cli.consultation.map-thread.help": {
        "es": "Asignar un hilo de Disqus (por enlace o título) a una temática de la consulta "
        "SLUG; los mensajes ya recolectados de ese hilo se convierten enseguida en "
        "propuestas.",
        "en": "Map a Disqus thread (by link or title) to a theme of consultation SLUG; posts "
        "already\ncollected from that thread become proposals at once.",
    },
    "cli.consultation.map-thread.option.theme": {
        "es": "Temática de la que trata el hilo.",
        "en": "Theme the thread is about.",
    },
    "cli.consultation.map-thread.option.link": {
        "es": "Enlace (URL) de la página del hilo.",
        "en": "The thread's page link (URL).",
    },
    "cli.consultation.map-thread.option.title": {
        "es": "Título del hilo (al asignar por título).",
        "en": "The thread's title (when mapping by title).",
    },
    "cli.consultation.publish.help": {
        "es": "Publicar la página pública de resultados de la consulta SLUG.",
        "en": "Publish SLUG's public results page.",
    },
    "cli.consultation.publish.option.base-url": {
        "es": "Dirección del sitio, para imprimir el enlace público.",
        "en": "The site's address, to print the public link.",
    },
    "cli.consultation.unpublish.help": {
        "es": "Retirar la página pública de resultados de la consulta SLUG.",
        "en": "Withdraw SLUG's public results page.",
    },
    "cli.msg.consultation_published": {
        "es": "{slug}: publicada en {url}",
        "en": "{slug}: published at {url}",
    },
    "cli.msg.consultation_unpublished": {
        "es": "{slug}: retirada (la página pública responde 404)",
        "en": "{slug}: unpublished (the public page answers 404)",
    },
    "cli.consultation.summary.help": {
        "es": "Mostrar la tabla por temática (propuestas, personas distintas) y la conciliación.",
        "en": "Print the per-theme table (proposals, distinct people) and the reconciliation.",
    },
    "cli.consultation.summary.option.today": {
        "es": "Día para calcular respuestas vencidas (predeterminado: hoy).",
        "en": "Day for overdue answers (default: today).",
    },
    "cli.consultation.summary.option.channel": {
        "es": "Tabla por temática de un solo canal (p. ej. web, el sitio de la consulta).",
        "en": "Per-theme table of one channel only (e.g. web, the consultation site).",
    },
    "cli.consultation.threads.help": {
        "es": "Listar los hilos de Disqus conocidos con su temática en la consulta SLUG y "
        "sus mensajes.",
        "en": "List known Disqus threads with their theme in consultation SLUG and their posts.",
    },
    "cli.db.help": {
        "es": "Crear, actualizar e inspeccionar el esquema de la base de datos.",
        "en": "Create, upgrade and inspect the database schema.",
    },
    "cli.db.current.help": {
        "es": "Mostrar la revisión del esquema de la base de datos y la más reciente que "
        "conoce este Pulso.",
        "en": "Print the database's schema revision and the newest one this Pulso knows.",
    },
    "cli.db.purge-names.help": {
        "es": "Borrar los nombres visibles de quienes comentan guardados más tiempo que "
        "PULSO_AUTHOR_NAME_RETENTION_DAYS.\n\nCada recolección lo hace al terminar; "
        "esta orden lo hace sola (para una base de datos en la que ya no escribe "
        "ninguna recolección). Las claves cifradas de autor se conservan.",
        "en": "Erase the commenters' display names kept longer than "
        "PULSO_AUTHOR_NAME_RETENTION_DAYS.\n\nEvery collection run does this when it "
        "ends; this command does it alone (for a\ndatabase no collection writes to any "
        "more). Keyed author hashes are kept.",
    },
    "cli.db.rebuild-latest.help": {
        "es": "Recalcular los valores más recientes de cada métrica de cada publicación a "
        "partir de las observaciones guardadas.\n\nLas recolecciones e importaciones "
        "los mantienen al día; ejecútela tras cargar observaciones por otros medios "
        "(una carga SQL masiva, la restauración de una tabla). Una sola transacción.",
        "en": "Recompute every post's newest metric values from the stored "
        "observations.\n\nCollections and imports keep them current; run this after "
        "loading observations into\nthe database by other means (a bulk SQL load, a "
        "restore of one table). One transaction.",
    },
    "cli.db.upgrade.help": {
        "es": "Crear el esquema en una base de datos vacía o actualizarlo a REVISION "
        "(predeterminado: la más reciente).\n\nEjecutarla de nuevo no cambia nada. La "
        "base de datos es database_url del archivo de configuración o "
        "PULSO_DATABASE_URL (predeterminado sqlite:///pulso.db en la carpeta de "
        "trabajo).",
        "en": "Create the schema on an empty database or upgrade it to REVISION (default: "
        "newest).\n\nRunning it again changes nothing. The database is "
        "PULSO_DATABASE_URL\n(default sqlite:///pulso.db in the working directory).",
    },
    "cli.demo.help": {
        "es": "Ejecutar Pulso de principio a fin con la consulta de El Salvador de 2018 (sin "
        "credenciales): API de prueba, recolección, importación, extracción, "
        "decisiones e informes.",
        "en": "Run Pulso end to end on the 2018 El Salvador consultation (no credentials "
        "needed):\nsandbox APIs, collection, import, extraction, decisions and reports.",
    },
    "cli.demo.option.out": {
        "es": "Carpeta de la base de datos, los informes y el secreto de la demostración "
        "(repetirla no cambia nada).",
        "en": "Folder for the demo's database, reports and secret (re-running it is idempotent).",
    },
    "cli.extract.help": {
        "es": "Puntuar comentarios como propuestas, entrenar y versionar el modelo, y medirlo.",
        "en": "Score comments as proposals, train and version the model, and measure it.",
    },
    "cli.extract.evaluate.help": {
        "es": "Mostrar precisión, exhaustividad, F1, precisión media y el umbral por "
        "etiqueta, y la matriz de confusión, sobre un CSV etiquetado; o una curva de "
        "aprendizaje (--learning-curve).",
        "en": "Print precision, recall, F1, average precision and the threshold per label, "
        "and the\nconfusion matrix, on a labelled CSV; or a learning curve "
        "(--learning-curve).",
    },
    "cli.extract.evaluate.option.labels": {
        "es": "CSV con una columna de texto y alguna de is_proposal, theme, abusive.",
        "en": "CSV with a text column and any of is_proposal, theme, abusive.",
    },
    "cli.extract.evaluate.option.learning-curve": {
        "es": "Simular revisores: entrenar con el conjunto semilla más k filas etiquetadas "
        "de este CSV (k = 0, 25, 50, 100, 200, 400) y medir cada modelo con el resto.",
        "en": "Simulate reviewers: train on the seed plus k labelled rows of this CSV (k = "
        "0, 25, 50, 100, 200, 400) and measure each model on the rest.",
    },
    "cli.extract.evaluate.option.version": {
        "es": "Versión del modelo (predeterminado: la activa).",
        "en": "Model version (default: the active one).",
    },
    "cli.extract.evaluate.option.threshold": {
        "es": "Puntuación desde la que un comentario cuenta como propuesta (o como abusivo); "
        "predeterminado: el umbral propio del modelo para cada etiqueta, elegido al "
        "entrenarlo.",
        "en": "Score at or above which a comment counts as a proposal (or as abusive); "
        "default: the model's own threshold of each label, chosen when it was trained.",
    },
    "cli.extract.evaluate.option.tier": {
        "es": "Ambos niveles, o solo el nivel léxico rápido.",
        "en": "Both tiers, or the fast lexical tier alone.",
    },
    "cli.extract.evaluate.option.seed-only": {
        "es": "Evaluar el modelo que trae Pulso, entrenado solo con el conjunto semilla (no "
        "necesita base de datos).",
        "en": "Evaluate the model that ships with Pulso, trained on the seed set alone (no "
        "database needed).",
    },
    "cli.extract.evaluate.option.consultation": {
        "es": "Consulta cuyas temáticas nombra la columna theme.",
        "en": "Consultation whose themes the theme column names.",
    },
    "cli.extract.learn.help": {
        "es": "Entrenar una versión nueva si los revisores tomaron suficientes decisiones "
        "desde que se entrenó la activa; activarla solo si no es peor en esas "
        "decisiones.",
        "en": "Train a new version if enough reviewer decisions were made since the active "
        "one was\ntrained; activate it only when it is not worse on those decisions.",
    },
    "cli.extract.learn.option.every": {
        "es": "Decisiones desde el modelo activo que hacen falta para entrenar uno nuevo "
        "(predeterminado PULSO_EXTRACT_RETRAIN_EVERY).",
        "en": "Decisions since the active model that make a new one due (default "
        "PULSO_EXTRACT_RETRAIN_EVERY).",
    },
    "cli.extract.score.help": {
        "es": "Guardar una sugerencia (puntuación de propuesta, evidencia, temáticas, abuso, "
        "sentimiento) para cada comentario que el modelo aún no ha puntuado.",
        "en": "Store a suggestion (proposal score, evidence, themes, abuse, sentiment) for "
        "every\ncomment the model has not scored yet.",
    },
    "cli.extract.score.option.consultation": {
        "es": "Solo los comentarios de esta consulta (identificador).",
        "en": "Only this consultation's comments (slug).",
    },
    "cli.extract.score.option.version": {
        "es": "Versión del modelo con la que puntuar (predeterminado: la activa).",
        "en": "Model version to score with (default: the active one).",
    },
    "cli.extract.train.help": {
        "es": "Reentrenar con el conjunto semilla más cada comentario revisado, guardar una "
        "versión nueva y activarla (las anteriores se conservan). Con --activate "
        "VERSION, volver a otra versión.",
        "en": "Refit on the seed set plus every reviewed comment, store a new version and "
        "activate\nit (previous versions are kept). With --activate VERSION, roll back "
        "or forward instead.",
    },
    "cli.extract.train.option.activate": {
        "es": "Solo activar esta versión existente.",
        "en": "Only activate this existing version.",
    },
    "cli.extract.train.option.actor": {
        "es": "Quién entrena.",
        "en": "Who trains.",
    },
    "cli.extract.versions.help": {
        "es": "Listar las versiones del modelo (la activa lleva *).",
        "en": "List model versions (the active one is marked with *).",
    },
    "cli.import.help": {
        "es": "Importar archivos exportados (Meta Business Suite, X Analytics, Disqus, "
        "propuestas, respuestas).",
        "en": "Import export files (Meta Business Suite, X Analytics, Disqus, proposals, answers).",
    },
    "cli.import.answers.help": {
        "es": "Importar las respuestas de una institución (CSV o XLSX): número de propuesta, "
        "decisión, justificación y, para las aceptadas, el compromiso SMART (acción, "
        "indicador, línea base, meta, responsable, inicio, fin, hitos). Una fila "
        "errónea detiene la importación; no se escribe nada.",
        "en": "Import an institution's answers (CSV or XLSX): proposal id, decision, "
        "justification\nand, for accepted ones, the SMART commitment (action, "
        "indicator, baseline, target,\nresponsible, start, end, milestones). A bad row "
        "stops the import; nothing is written.",
    },
    "cli.import.disqus-export.help": {
        "es": "Importar una exportación XML de Disqus: hilos y mensajes (los de primer nivel "
        "de hilos asignados se convierten en propuestas, las respuestas en su "
        "discusión). El spam y los mensajes borrados se omiten y se cuentan; nunca se "
        "guardan correos ni direcciones IP. Reimportar no añade nada.",
        "en": "Import a Disqus XML export: threads, posts (top-level posts of mapped threads "
        "become\nproposals, replies their discussion). Spam and deleted posts are "
        "skipped and counted;\ne-mail and IP addresses are never stored. Re-importing "
        "adds nothing.",
    },
    "cli.import.facebook-export.help": {
        "es": "Importar exportaciones de publicaciones de Meta Business Suite (CSV "
        "UTF-8/UTF-16 o XLSX), todo o nada.",
        "en": "Import Meta Business Suite post exports (CSV UTF-8/UTF-16 or XLSX), all or nothing.",
    },
    "cli.import.facebook-export.option.observed-at": {
        "es": "Cuándo se hizo la exportación (UTC); predeterminado: la fecha de modificación "
        "de cada archivo.",
        "en": "When the export was taken (UTC); default: each file's modification time.",
    },
    "cli.import.proposals.help": {
        "es": "Importar propuestas recibidas por correo, en persona o en talleres (CSV o "
        "XLSX).\n\nColumnas (nombres en español o inglés): fecha, canal, organizacion, "
        "remitente, tema, titulo, texto, plantilla, id opcional y los campos de la "
        "plantilla oficial. Una fila errónea detiene la importación indicando archivo, "
        "fila y columna; no se escribe nada. Reimportar no añade nada.",
        "en": "Import proposals received by e-mail, in person or in workshops (CSV or "
        "XLSX).\n\nColumns (Spanish or English names): fecha, canal, organizacion, "
        "remitente, tema, titulo,\ntexto, plantilla, optional id, and the official "
        "template's fields. A bad row stops the\nimport with its file, row and column; "
        "nothing is written. Re-importing adds nothing.",
    },
    "cli.import.proposals.option.template": {
        "es": "Escribir en PATH un archivo vacío con todas las columnas (.csv o .xlsx), o "
        "mostrar las columnas.",
        "en": "Write an empty file with every column to PATH (.csv or .xlsx), or print the "
        "columns.",
    },
    "cli.import.proposals.option.allow-out-of-range": {
        "es": "Aceptar filas recibidas fuera de las fechas de la consulta (señaladas en la "
        "auditoría).",
        "en": "Accept rows received outside the consultation's dates (flagged in the audit log).",
    },
    "cli.import.x-export.help": {
        "es": "Importar exportaciones de X Analytics (tweet_activity_metrics_*, "
        "account_analytics_content_*).",
        "en": "Import X Analytics exports (tweet_activity_metrics_*, account_analytics_content_*).",
    },
    "cli.import.x-export.option.observed-at": {
        "es": "Fecha en que se exportaron las cifras (predeterminado: el fin del periodo del "
        "nombre del archivo).",
        "en": "Date the figures were exported (default: end of the period in the file name).",
    },
    "cli.institution.help": {
        "es": "Añadir y listar instituciones y las temáticas de su competencia.",
        "en": "Add and list institutions and the themes they are competent for.",
    },
    "cli.institution.add.help": {
        "es": "Añadir la institución SLUG (o actualizarla), con las temáticas de su competencia.",
        "en": "Add institution SLUG (or update it), with the themes it is competent for.",
    },
    "cli.institution.add.option.name": {
        "es": "Nombre completo.",
        "en": "Full name.",
    },
    "cli.institution.add.option.acronym": {
        "es": "Siglas, p. ej. MARN.",
        "en": "Acronym, e.g. MARN.",
    },
    "cli.institution.add.option.contact": {
        "es": "Contacto oficial (la dirección de una oficina, no la de una persona).",
        "en": "Official contact (an office address, not a person's).",
    },
    "cli.institution.add.option.consultation": {
        "es": "Consulta cuyas temáticas nombra --theme.",
        "en": "Consultation whose themes --theme names.",
    },
    "cli.institution.add.option.theme": {
        "es": "Temática de su competencia (identificador; repetible).",
        "en": "Theme slug it is competent for (repeat).",
    },
    "cli.institution.list.help": {
        "es": "Listar las instituciones y las temáticas de su competencia.",
        "en": "List institutions and the themes they are competent for.",
    },
    "cli.jobs.help": {
        "es": "Listar las tareas programadas o ejecutar una ahora (para cron), sin solaparse "
        "nunca con otra ejecución.",
        "en": "List scheduled jobs or run one now (for cron users), never overlapping another run.",
    },
    "cli.jobs.list.help": {
        "es": "Listar las tareas registradas y cuándo las ejecutaría de nuevo `pulso serve`.",
        "en": "List registered jobs and when ``pulso serve`` would next run each.",
    },
    "cli.jobs.run.help": {
        "es": "Ejecutar ahora una vez la tarea NAME, salvo que ya se esté ejecutando en otro "
        "lugar (entonces salida 3).",
        "en": "Run job NAME once now, unless it is already running elsewhere (then exit 3).",
    },
    "cli.people.help": {
        "es": "Vincular las identidades de una misma persona vista en varios canales.",
        "en": "Link the identities of one person seen on several channels.",
    },
    "cli.people.link.help": {
        "es": "Unir varias personas en una (la primera conserva su id); los recuentos de "
        "personas distintas lo reflejan.",
        "en": "Make several people one (the first keeps its id); distinct-people counts follow.",
    },
    "cli.people.link.option.identity": {
        "es": "CANAL:IDENTIDAD de una persona en lugar de un id, p. ej. "
        "email:ideas@funde.org (repetible).",
        "en": "CHANNEL:IDENTITY of a person instead of an id, e.g. email:ideas@funde.org (repeat).",
    },
    "cli.proposals.help": {
        "es": "Listar, fusionar, enviar y responder las propuestas de una consulta.",
        "en": "List, merge, route and answer the proposals of a consultation.",
    },
    "cli.proposals.answer.help": {
        "es": "Registrar la respuesta de una institución: --accept con todos los campos "
        "SMART, o --reject con una --justification.",
        "en": "Record an institution's answer: --accept with every SMART field, or --reject "
        "with a\n--justification.",
    },
    "cli.proposals.answer.option.accept": {
        "es": "Aceptada, con un compromiso SMART.",
        "en": "Accepted, with a SMART commitment.",
    },
    "cli.proposals.answer.option.reject": {
        "es": "Rechazada, con --justification.",
        "en": "Rejected, with --justification.",
    },
    "cli.proposals.answer.option.justification": {
        "es": "Por qué se rechazó (obligatoria para rechazar).",
        "en": "Why it was rejected (required to reject).",
    },
    "cli.proposals.answer.option.action": {
        "es": "SMART: la acción concreta.",
        "en": "SMART: the specific action.",
    },
    "cli.proposals.answer.option.indicator": {
        "es": "SMART: cómo se mide.",
        "en": "SMART: how it is measured.",
    },
    "cli.proposals.answer.option.baseline": {
        "es": "SMART: el valor de partida.",
        "en": "SMART: the starting value.",
    },
    "cli.proposals.answer.option.target": {
        "es": "SMART: el valor a alcanzar.",
        "en": "SMART: the value to reach.",
    },
    "cli.proposals.answer.option.responsible": {
        "es": "SMART: quién es responsable.",
        "en": "SMART: who is responsible.",
    },
    "cli.proposals.answer.option.start": {
        "es": "SMART: primer día.",
        "en": "SMART: first day.",
    },
    "cli.proposals.answer.option.end": {
        "es": "SMART: último día.",
        "en": "SMART: last day.",
    },
    "cli.proposals.answer.option.milestones": {
        "es": "SMART: hitos.",
        "en": "SMART: milestones.",
    },
    "cli.proposals.answer-sheet.help": {
        "es": "Escribir la hoja (XLSX o CSV) que una institución rellena con sus respuestas: "
        "sus propuestas enviadas y sin responder y las columnas de respuesta. Se lee "
        "de vuelta con `pulso import answers`.",
        "en": "Write the sheet (XLSX or CSV) an institution fills in with its answers: its "
        "routed,\nunanswered proposals and the answer columns. Read it back with "
        "`pulso import answers`.",
    },
    "cli.proposals.answer-sheet.option.institution": {
        "es": "Institución (identificador).",
        "en": "Institution (slug).",
    },
    "cli.proposals.duplicates.help": {
        "es": "Sugerir propuestas a fusionar: pares que dicen lo mismo, con su grado de similitud.",
        "en": "Suggest proposals to merge: pairs that say the same thing, with a similarity score.",
    },
    "cli.proposals.duplicates.option.threshold": {
        "es": "Similitud mínima (0-1) para sugerir.",
        "en": "Smallest similarity (0-1) to suggest.",
    },
    "cli.proposals.duplicates.option.across-themes": {
        "es": "Comparar también propuestas de temáticas distintas.",
        "en": "Also compare proposals of different themes.",
    },
    "cli.proposals.list.help": {
        "es": "Listar propuestas: id, estado, canal, temática, institución, remitentes y texto.",
        "en": "List proposals: id, status, channel, theme, institution, submitters and text.",
    },
    "cli.proposals.list.option.theme": {
        "es": "Solo esta temática (identificador).",
        "en": "Only this theme (slug).",
    },
    "cli.proposals.list.option.status": {
        "es": "Solo este estado.",
        "en": "Only this status.",
    },
    "cli.proposals.list.option.channel": {
        "es": "Solo este canal.",
        "en": "Only this channel.",
    },
    "cli.proposals.list.option.institution": {
        "es": "Solo las enviadas a esta institución.",
        "en": "Only those routed to this institution.",
    },
    "cli.proposals.list.option.limit": {
        "es": "Como máximo este número.",
        "en": "At most this many.",
    },
    "cli.proposals.merge.help": {
        "es": "Fusionar SOURCE_IDS en TARGET_ID (se conservan sus fuentes y remitentes).",
        "en": "Merge SOURCE_IDS into TARGET_ID (their sources and submitters are kept).",
    },
    "cli.proposals.overdue.help": {
        "es": "Listar las propuestas enviadas cuyo plazo de respuesta venció, de la más "
        "antigua a la más reciente, con los días hábiles de retraso (los plazos "
        "también se cuentan en días hábiles).",
        "en": "List routed proposals whose answer deadline has passed, oldest first, with "
        "the\nworking days they are late (deadlines are counted in working days too).",
    },
    "cli.proposals.overdue.option.today": {
        "es": "Contar desde este día (predeterminado: hoy en la zona horaria de la consulta).",
        "en": "Count from this day (default: today in the consultation's zone).",
    },
    "cli.proposals.route.help": {
        "es": "Enviar propuestas a la institución competente con un plazo de respuesta en "
        "días hábiles.",
        "en": "Send proposals to the competent institution with an answer deadline in "
        "working days.",
    },
    "cli.proposals.route.option.theme": {
        "es": "Enviar todas las propuestas contabilizadas de esta temática.",
        "en": "Route every counted proposal of this theme.",
    },
    "cli.proposals.route.option.institution": {
        "es": "Institución competente (predeterminado: la única de la temática).",
        "en": "Competent institution (default: the theme's only one).",
    },
    "cli.proposals.route.option.id": {
        "es": "Enviar esta propuesta (repetible).",
        "en": "Route this proposal (repeat).",
    },
    "cli.proposals.route.option.days": {
        "es": "Días hábiles para responder (predeterminado: PULSO_ANSWER_DEADLINE_WORKING_DAYS).",
        "en": "Working days to answer (default: PULSO_ANSWER_DEADLINE_WORKING_DAYS).",
    },
    "cli.proposals.route.option.force": {
        "es": "Enviar incluso a una institución no competente para la temática.",
        "en": "Route even to an institution not competent for the theme.",
    },
    "cli.proposals.show.help": {
        "es": "Mostrar una propuesta con su fuente, su respuesta y su historial de auditoría.",
        "en": "Show a proposal with its source, answer and audit trail.",
    },
    "cli.proposals.status.help": {
        "es": "Fijar el estado de revisión de propuestas (p. ej. not_a_proposal, con --reason).",
        "en": "Set the review status of proposals (e.g. not_a_proposal, with --reason).",
    },
    "cli.proposals.status.option.to": {
        "es": "Nuevo estado.",
        "en": "New status.",
    },
    "cli.proposals.unmerge.help": {
        "es": "Deshacer la fusión de PROPOSAL_ID: vuelve a contarse con su estado anterior.",
        "en": "Undo the merge of PROPOSAL_ID: it is counted again with its previous status.",
    },
    "cli.report.help": {
        "es": "Generar el informe semanal de métricas o el informe de la consulta.",
        "en": "Render the weekly metrics report or the consultation report.",
    },
    "cli.report.consultation.help": {
        "es": "El informe de la consulta: canales, propuestas por temática, redes sociales, "
        "recepción, conciliación, respuestas y anexos.",
        "en": "The consultation report: channels, proposals per theme, social media, "
        "intake,\nreconciliation, answers and annexes.",
    },
    "cli.report.consultation.option.consultation": {
        "es": "El identificador de la consulta.",
        "en": "The consultation's slug.",
    },
    "cli.report.weekly.help": {
        "es": "El informe semanal: cifras principales, publicaciones, resultados pagados, "
        "comentarios, cadencia.",
        "en": "The weekly report: headline figures, posts, paid results, comments, cadence.",
    },
    "cli.report.weekly.option.week": {
        "es": "Semana ISO, p. ej. 2018-W26 (predeterminado: la semana pasada).",
        "en": "ISO week, e.g. 2018-W26 (default: last week).",
    },
    "cli.report.weekly.option.campaign": {
        "es": "Solo las publicaciones de esta campaña.",
        "en": "Only this campaign's posts.",
    },
    "cli.report.weekly.option.consultation": {
        "es": "Solo las publicaciones de esta consulta.",
        "en": "Only this consultation's posts.",
    },
    "cli.report.weekly.option.email": {
        "es": "Enviar además el PDF y el XLSX por correo a report_recipients.",
        "en": "Also e-mail the PDF and XLSX to report_recipients.",
    },
    "cli.review.help": {
        "es": "Recorrer la cola de revisión de forma interactiva (primero las propuestas más "
        "probables): c confirmar, t cambiar temática, r rechazar, a abusivo, s saltar, "
        "q salir.",
        "en": "Go through the review queue interactively (most likely proposals first): c "
        "confirm,\nt change theme, r reject, a abusive, s skip, q quit.",
    },
    "cli.review.option.consultation": {
        "es": "Solo esta consulta (identificador).",
        "en": "Only this consultation (slug).",
    },
    "cli.review.option.reviewer": {
        "es": "Su nombre, registrado con cada decisión.",
        "en": "Your name, recorded with each decision.",
    },
    "cli.review.option.limit": {
        "es": "Cuántos comentarios recorrer.",
        "en": "How many comments to go through.",
    },
    "cli.review.decide.help": {
        "es": "Registrar una decisión sobre COMMENT_ID sin la cola interactiva.",
        "en": "Record one decision on COMMENT_ID without the interactive queue.",
    },
    "cli.review.decide.option.confirm": {
        "es": "Es una propuesta.",
        "en": "It is a proposal.",
    },
    "cli.review.decide.option.reject": {
        "es": "No es una propuesta.",
        "en": "It is not a proposal.",
    },
    "cli.review.decide.option.abusive": {
        "es": "Insulta o ataca.",
        "en": "It insults or attacks.",
    },
    "cli.review.decide.option.theme": {
        "es": "Temática (solo al confirmar; predeterminado: la sugerida).",
        "en": "Theme slug (confirm only; default: the suggested theme).",
    },
    "cli.review.decide.option.summary": {
        "es": "Resumen editado de la propuesta (solo al confirmar).",
        "en": "Edited summary of the proposal (confirm only).",
    },
    "cli.review.decide.option.consultation": {
        "es": "Identificador de la consulta, cuando la publicación del comentario no lo indica.",
        "en": "Consultation slug, when the comment's post doesn't tell.",
    },
    "cli.review.decide.option.reviewer": {
        "es": "Su nombre, registrado con la decisión.",
        "en": "Your name, recorded with the decision.",
    },
    "cli.review.list.help": {
        "es": "Listar la cola de revisión (comentarios pendientes, primero las propuestas "
        "más probables).",
        "en": "List the review queue (pending comments, most likely proposals first).",
    },
    "cli.review.list.option.consultation": {
        "es": "Solo esta consulta (identificador).",
        "en": "Only this consultation (slug).",
    },
    "cli.review.list.option.limit": {
        "es": "Cuántos comentarios listar.",
        "en": "How many comments to list.",
    },
    "cli.serve.help": {
        "es": "Ejecutar el servicio web y las tareas programadas (recolección, informe "
        "semanal).\n\nCon varios procesos, cada uno atiende solicitudes (con su propia "
        "conexión); las tareas programadas se ejecutan una sola vez, en este proceso, "
        "que los supervisa. Antes de arrancar nada se valida la configuración.",
        "en": "Run the web service and the scheduled jobs (collection, weekly "
        "report).\n\nWith several workers, each is a process serving requests (its own "
        "engine); the\nscheduled jobs run once, in this process, which supervises them.",
    },
    "cli.serve.option.host": {
        "es": "Dirección en la que escuchar.",
        "en": "Address to listen on.",
    },
    "cli.serve.option.port": {
        "es": "Puerto en el que escuchar.",
        "en": "Port to listen on.",
    },
    "cli.serve.option.no-scheduler": {
        "es": "Servir solo la web; no ejecutar las tareas programadas.",
        "en": "Serve the web only; do not run scheduled jobs.",
    },
    "cli.serve.option.workers": {
        "es": "Procesos web (predeterminado PULSO_WEB_WORKERS; 0: uno por núcleo, como máximo 4).",
        "en": "Web worker processes (default PULSO_WEB_WORKERS; 0: one per CPU core, at most 4).",
    },
    "cli.theme.help": {
        "es": "Añadir y listar las temáticas de una consulta.",
        "en": "Add and list a consultation's themes.",
    },
    "cli.theme.add.help": {
        "es": "Añadir la temática SLUG a CONSULTATION (o actualizarla).",
        "en": "Add theme SLUG to CONSULTATION (or update it).",
    },
    "cli.theme.add.option.name": {
        "es": "Nombre en español.",
        "en": "Spanish name.",
    },
    "cli.theme.add.option.name-en": {
        "es": "Nombre en inglés.",
        "en": "English name.",
    },
    "cli.theme.add.option.description": {
        "es": "Descripción en español.",
        "en": "Spanish description.",
    },
    "cli.theme.add.option.description-en": {
        "es": "Descripción en inglés.",
        "en": "English description.",
    },
    "cli.theme.list.help": {
        "es": "Listar en orden las temáticas de CONSULTATION.",
        "en": "List the themes of CONSULTATION in order.",
    },
    "cli.user.help": {
        "es": "Añadir usuarios de la web, emitir sus tokens de API y listarlos.",
        "en": "Add web users, issue their API tokens, list them.",
    },
    "cli.user.add.help": {
        "es": "Crear el usuario USERNAME (o restablecer su contraseña, rol e institución).",
        "en": "Create user USERNAME (or reset its password, role and institution).",
    },
    "cli.user.add.option.role": {
        "es": "admin, analyst, reviewer o institution.",
        "en": "admin, analyst, reviewer or institution.",
    },
    "cli.user.add.option.institution": {
        "es": "Identificador de la institución (solo para el rol institution).",
        "en": "Institution slug (institution role only).",
    },
    "cli.user.add.option.password-stdin": {
        "es": "Leer la contraseña de la primera línea de la entrada estándar en lugar de pedirla.",
        "en": "Read the password from the first line of standard input instead of prompting.",
    },
    "cli.user.list.help": {
        "es": "Listar los usuarios con su rol, su institución y si tienen token de API.",
        "en": "List users with their role, institution and whether they have an API token.",
    },
    "cli.user.token.help": {
        "es": "Emitir un token de API nuevo para USERNAME (reemplaza el anterior); se "
        "muestra una sola vez.",
        "en": "Issue a new API token for USERNAME (replaces the old one); it is shown only once.",
    },
    "cli.heading.usage": {
        "es": "Uso:",
        "en": "Usage:",
    },
    "cli.heading.options": {
        "es": "Opciones",
        "en": "Options",
    },
    "cli.heading.commands": {
        "es": "Órdenes",
        "en": "Commands",
    },
    "cli.heading.arguments": {
        "es": "Argumentos",
        "en": "Arguments",
    },
    "cli.word.default": {
        "es": "predeterminado",
        "en": "default",
    },
    "cli.word.required": {
        "es": "obligatorio",
        "en": "required",
    },
    "cli.option.help": {
        "es": "Mostrar esta ayuda y salir.",
        "en": "Show this message and exit.",
    },
    "cli.option.config": {
        "es": "Archivo de configuración (predeterminado: PULSO_CONFIG, si no ./pulso.toml).",
        "en": "Configuration file (default: PULSO_CONFIG, else ./pulso.toml).",
    },
    "cli.aborted": {
        "es": "cancelado",
        "en": "aborted",
    },
    "cli.init.help": {
        "es": "Escribir DIRECTORY/pulso.toml (legible solo por su dueño) con secretos "
        "generados y la base de datos (SQLite en DIRECTORY, o --database-url), crear "
        "el esquema y el primer administrador, y mostrar las tres órdenes "
        "siguientes.\n\nEjecutarla de nuevo no cambia nada y nunca reemplaza un "
        "secreto (para eso: pulso config rotate-secret).",
        "en": "Write DIRECTORY/pulso.toml (readable by its owner only) with generated "
        "secrets and the database (SQLite in DIRECTORY, or --database-url), create the "
        "schema and the first administrator, and print the next three "
        "commands.\n\nRunning it again changes nothing and never replaces a secret "
        "(that is pulso config rotate-secret).",
    },
    "cli.init.option.database-url": {
        "es": "URL de la base de datos (predeterminado: SQLite pulso.db en DIRECTORY).",
        "en": "Database URL (default: SQLite pulso.db in DIRECTORY).",
    },
    "cli.init.option.admin": {
        "es": "Nombre del primer administrador (si no, se pregunta).",
        "en": "Name of the first administrator (asked for otherwise).",
    },
    "cli.init.option.password-stdin": {
        "es": "Leer la contraseña del administrador de la primera línea de la entrada estándar.",
        "en": "Read the administrator's password from the first line of standard input.",
    },
    "cli.init.option.no-admin": {
        "es": "No crear el primer administrador.",
        "en": "Do not create the first administrator.",
    },
    "init.created": {
        "es": "configuración creada: {path} (solo legible por su dueño; secretos generados)",
        "en": "configuration written: {path} (readable by its owner only; secrets generated)",
    },
    "init.completed": {
        "es": "configuración {path}: se añadió {names}; lo demás no cambió",
        "en": "configuration {path}: added {names}; nothing else changed",
    },
    "init.kept": {
        "es": "configuración {path}: ya existe, no se cambió nada (los secretos se conservan)",
        "en": "configuration {path}: already there, nothing changed (secrets kept)",
    },
    "init.database_kept": {
        "es": "{path} ya nombra otra base de datos; se conserva (edite el archivo para cambiarla)",
        "en": "{path} already names another database; it is kept (edit the file to change it)",
    },
    "init.schema_upgraded": {
        "es": "base de datos creada o actualizada a la revisión {revision}",
        "en": "database created or upgraded to revision {revision}",
    },
    "init.schema_same": {
        "es": "base de datos ya en la revisión {revision}; nada que hacer",
        "en": "database already at revision {revision}; nothing to do",
    },
    "init.admin_exists": {
        "es": "ya hay un administrador ({name}); no se creó otro",
        "en": "an administrator already exists ({name}); none added",
    },
    "init.admin_needed": {
        "es": "indique el primer administrador con --admin NOMBRE (o --no-admin)",
        "en": "name the first administrator with --admin NAME (or --no-admin)",
    },
    "init.admin_prompt": {
        "es": "Nombre del primer administrador",
        "en": "First administrator's name",
    },
    "init.password_prompt": {
        "es": "Contraseña",
        "en": "Password",
    },
    "init.admin_created": {
        "es": "administrador {name} creado",
        "en": "administrator {name} created",
    },
    "init.next": {
        "es": "Siguientes pasos (añada antes las credenciales de las plataformas al archivo):",
        "en": "Next steps (first add the platforms' credentials to the file):",
    },
    "cli.config.help": {
        "es": "Mostrar la configuración (con los secretos ocultos) o rotar un secreto.",
        "en": "Show the configuration (secrets masked) or rotate a secret.",
    },
    "cli.config.show.help": {
        "es": "Mostrar cada ajuste y de dónde viene; los secretos nunca se muestran.",
        "en": "Print every setting and where it comes from; secrets are never printed.",
    },
    "cli.config.rotate-secret.help": {
        "es": "Reemplazar el secreto NAME del archivo de configuración por uno "
        "nuevo.\n\nweb_session_secret: cierra todas las sesiones abiertas (los tokens "
        "de API siguen valiendo). author_key_secret: las claves cifradas de autor ya "
        "guardadas se hicieron con el secreto anterior y no pueden recalcularse (los "
        "identificadores nunca se guardan): quedarían huérfanas y una misma persona "
        "contaría como otra. Por eso se rechaza si hay claves guardadas, salvo con "
        "--force.",
        "en": "Replace secret NAME in the configuration file with a new random "
        "one.\n\nweb_session_secret: logs every open session out (API tokens keep "
        "working). author_key_secret: the keyed author hashes already stored were made "
        "with the old secret and cannot be recomputed (identifiers are never stored): "
        "they would be orphaned and the same person would count as another. So it is "
        "refused while keyed hashes are stored, unless --force.",
    },
    "cli.config.rotate-secret.option.force": {
        "es": "Rotar aunque queden huérfanas claves cifradas guardadas.",
        "en": "Rotate even if stored keyed hashes are orphaned.",
    },
    "config.file": {
        "es": "archivo de configuración: {path}",
        "en": "configuration file: {path}",
    },
    "config.no_file": {
        "es": "sin archivo de configuración (pulso init crea uno)",
        "en": "no configuration file (pulso init writes one)",
    },
    "config.source.env": {
        "es": "variable de entorno",
        "en": "environment variable",
    },
    "config.source.file": {
        "es": "archivo",
        "en": "file",
    },
    "config.source..env": {
        "es": ".env",
        "en": ".env",
    },
    "config.source.default": {
        "es": "predeterminado",
        "en": "default",
    },
    "config.rotate.no_file": {
        "es": "no hay archivo de configuración; créelo con pulso init",
        "en": "there is no configuration file; write one with pulso init",
    },
    "config.rotate.from_env": {
        "es": "{name} viene de una variable de entorno; cámbiela allí",
        "en": "{name} comes from an environment variable; change it there",
    },
    "config.rotate.refused": {
        "es": "hay {count} claves cifradas de autor guardadas con el secreto actual; un "
        "secreto nuevo las dejaría huérfanas (no pueden recalcularse) y cada persona "
        "contaría de nuevo; use --force solo si lo asume",
        "en": "{count} keyed author hashes are stored with the current secret; a new secret "
        "would orphan them (they cannot be recomputed) and every person would count "
        "anew; use --force only if you accept that",
    },
    "config.rotate.orphaned": {
        "es": "aviso: {count} claves cifradas de autor quedan huérfanas",
        "en": "warning: {count} keyed author hashes are orphaned",
    },
    "config.rotate.done.author_key_secret": {
        "es": "author_key_secret rotado en {path}",
        "en": "author_key_secret rotated in {path}",
    },
    "config.rotate.done.web_session_secret": {
        "es": "web_session_secret rotado en {path}: las sesiones abiertas se cierran al "
        "reiniciar pulso serve",
        "en": "web_session_secret rotated in {path}: open sessions end when pulso serve restarts",
    },
    "cli.check.help": {
        "es": "Validar la configuración y las credenciales de cada plataforma contra sus API "
        "(Meta debug_token y permisos, nivel de acceso y contexto de usuario de X, "
        "clave de Disqus): una línea por hallazgo con qué hacer; salida distinta de 0 "
        "si hay errores.",
        "en": "Validate the configuration and each platform's credentials against its API "
        "(Meta debug_token and permissions, X access level and user context, Disqus "
        "key): one line per finding with what to do; non-zero exit on errors.",
    },
    "cli.check.option.offline": {
        "es": "Solo la configuración; no consultar ninguna plataforma.",
        "en": "Check the configuration only; ask no platform.",
    },
    "cli.doctor.help": {
        "es": "Lo mismo que pulso check.",
        "en": "The same as pulso check.",
    },
    "cli.doctor.option.offline": {
        "es": "Solo la configuración; no consultar ninguna plataforma.",
        "en": "Check the configuration only; ask no platform.",
    },
    "check.level.ok": {
        "es": "[ok]",
        "en": "[ok]",
    },
    "check.level.warning": {
        "es": "[aviso]",
        "en": "[warning]",
    },
    "check.level.error": {
        "es": "[error]",
        "en": "[error]",
    },
    "check.summary": {
        "es": "{errors} error(es)",
        "en": "{errors} error(s)",
    },
    "check.config.no_file": {
        "es": "sin archivo de configuración: los ajustes vienen del entorno; cree uno con "
        "pulso init",
        "en": "no configuration file: settings come from the environment; write one with "
        "pulso init",
    },
    "check.config.file": {
        "es": "configuración: {path}",
        "en": "configuration: {path}",
    },
    "check.config.permissions": {
        "es": "{path} es legible por otros usuarios: ejecute chmod 600 {path}",
        "en": "{path} is readable by other users: run chmod 600 {path}",
    },
    "check.config.unknown": {
        "es": "'{name}' no es un ajuste de Pulso y se ignora: revise si es una errata",
        "en": "'{name}' is no Pulso setting and is ignored: check for a typo",
    },
    "check.config.secret": {
        "es": "{problem}: ejecute pulso init o defínalo",
        "en": "{problem}: run pulso init or set it",
    },
    "check.database.problem": {
        "es": "base de datos: {problem}",
        "en": "database: {problem}",
    },
    "check.database.upgrade": {
        "es": "base de datos {url}: el esquema no está al día; ejecute pulso db upgrade",
        "en": "database {url}: the schema is not current; run pulso db upgrade",
    },
    "check.database.ok": {
        "es": "base de datos {url}: al día",
        "en": "database {url}: current",
    },
    "check.facebook.not_configured": {
        "es": "Facebook: sin token (PULSO_FACEBOOK_ACCESS_TOKEN); no se recolectará",
        "en": "Facebook: no token (PULSO_FACEBOOK_ACCESS_TOKEN); it will not be collected",
    },
    "check.facebook.expired": {
        "es": "Facebook: el token caducó; genere un token de Página nuevo (de larga "
        "duración) y póngalo en facebook_access_token",
        "en": "Facebook: the token has expired; generate a new (long-lived) Page token and "
        "set facebook_access_token",
    },
    "check.facebook.invalid": {
        "es": "Facebook: Meta no acepta el token (revocado o mal copiado); genere uno nuevo",
        "en": "Facebook: Meta does not accept the token (revoked or mistyped); generate a new one",
    },
    "check.facebook.unreachable": {
        "es": "Facebook: no se pudo consultar la Graph API ({detail}); revise la red y "
        "facebook_graph_url",
        "en": "Facebook: the Graph API could not be asked ({detail}); check the network and "
        "facebook_graph_url",
    },
    "check.facebook.not_page_token": {
        "es": "Facebook: es un token de tipo {type}, no de Página: las estadísticas de la "
        "Página necesitan un token de Página (GET /me/accounts con el token de usuario "
        "lo da)",
        "en": "Facebook: this is a {type} token, not a Page token: Page insights need a Page "
        "token (GET /me/accounts with the user token gives it)",
    },
    "check.facebook.page_token": {
        "es": "Facebook: token de Página de {page}",
        "en": "Facebook: Page token of {page}",
    },
    "check.facebook.no_pages": {
        "es": "Facebook: token de la Página {page}, pero facebook_page_ids está vacío: añada "
        'facebook_page_ids = "{page}"',
        "en": "Facebook: token of Page {page}, but facebook_page_ids is empty: add "
        'facebook_page_ids = "{page}"',
    },
    "check.facebook.other_page": {
        "es": "Facebook: el token es de la Página {page}, que no está en facebook_page_ids "
        "({pages}): use el token de esas Páginas",
        "en": "Facebook: the token belongs to Page {page}, not in facebook_page_ids "
        "({pages}): use those Pages' token",
    },
    "check.facebook.never_expires": {
        "es": "Facebook: el token no caduca",
        "en": "Facebook: the token does not expire",
    },
    "check.facebook.expires.ok": {
        "es": "Facebook: el token caduca el {date}",
        "en": "Facebook: the token expires on {date}",
    },
    "check.facebook.expires.warning": {
        "es": "Facebook: el token caduca el {date}, en menos de 7 días: renuévelo ya",
        "en": "Facebook: the token expires on {date}, in less than 7 days: renew it now",
    },
    "check.facebook.missing.pages_read_engagement": {
        "es": "Facebook: falta el permiso {scope} (publicaciones, comentarios, recuentos): "
        "genere el token concediéndolo",
        "en": "Facebook: permission {scope} is missing (posts, comments, counts): generate "
        "the token granting it",
    },
    "check.facebook.missing.read_insights": {
        "es": "Facebook: falta el permiso {scope} (alcance, vistas, clics): genere el token "
        "concediéndolo",
        "en": "Facebook: permission {scope} is missing (reach, views, clicks): generate the "
        "token granting it",
    },
    "check.facebook.missing.ads_read": {
        "es": "Facebook: falta el permiso {scope}, necesario para las promociones de "
        "facebook_ad_account_id: genere el token concediéndolo",
        "en": "Facebook: permission {scope} is missing, needed for the boosts of "
        "facebook_ad_account_id: generate the token granting it",
    },
    "check.facebook.no_ad_account": {
        "es": "Facebook: sin facebook_ad_account_id no se leen las promociones (pauta)",
        "en": "Facebook: without facebook_ad_account_id boosts are not read",
    },
    "check.facebook.scopes": {
        "es": "Facebook: permisos {scopes}",
        "en": "Facebook: permissions {scopes}",
    },
    "check.x.not_configured": {
        "es": "X: sin token (PULSO_X_BEARER_TOKEN); no se recolectará",
        "en": "X: no token (PULSO_X_BEARER_TOKEN); it will not be collected",
    },
    "check.x.partial_user_context": {
        "es": "X: faltan {missing} para el contexto de usuario; complete las cuatro claves o "
        "quítelas todas",
        "en": "X: {missing} missing for user context; set all four keys or none",
    },
    "check.x.no_accounts": {
        "es": "X: x_accounts está vacío: añada las cuentas a recolectar",
        "en": "X: x_accounts is empty: add the accounts to collect",
    },
    "check.x.bearer_rejected": {
        "es": "X: rechazó el bearer token (401): cópielo de nuevo del portal de desarrolladores",
        "en": "X: the bearer token was rejected (401): copy it again from the developer portal",
    },
    "check.x.access_level": {
        "es": "X: el nivel de acceso de la app no permite leer (403 client-not-enrolled): "
        "asocie la app a un proyecto con un plan que incluya lectura",
        "en": "X: the app's access level does not allow reading (403 client-not-enrolled): "
        "attach the app to a project on a plan that includes reads",
    },
    "check.x.unreachable": {
        "es": "X: respuesta inesperada ({detail}); revise la red y x_api_url",
        "en": "X: unexpected answer ({detail}); check the network and x_api_url",
    },
    "check.x.bearer_ok": {
        "es": "X: bearer token aceptado",
        "en": "X: bearer token accepted",
    },
    "check.x.no_user_context": {
        "es": "X: sin contexto de usuario (claves OAuth 1.0a) no se leen las métricas "
        "privadas (impresiones, clics)",
        "en": "X: without user context (OAuth 1.0a keys) private metrics (impressions, "
        "clicks) are not read",
    },
    "check.x.user_context": {
        "es": "X: contexto de usuario de @{handle}",
        "en": "X: user context of @{handle}",
    },
    "check.x.other_account": {
        "es": "X: el contexto de usuario es de @{handle}, que no está en x_accounts "
        "({accounts}): las métricas privadas solo llegan para las publicaciones propias",
        "en": "X: the user context is @{handle}, not in x_accounts ({accounts}): private "
        "metrics come only for one's own posts",
    },
    "check.x.user_rejected": {
        "es": "X: rechazó las claves de contexto de usuario (HTTP {status}): regenere el "
        "access token y su secreto",
        "en": "X: the user-context keys were rejected (HTTP {status}): regenerate the access "
        "token and its secret",
    },
    "check.disqus.not_configured": {
        "es": "Disqus: sin clave (PULSO_DISQUS_API_KEY); no se recolectará",
        "en": "Disqus: no key (PULSO_DISQUS_API_KEY); it will not be collected",
    },
    "check.disqus.no_forum": {
        "es": "Disqus: hay clave pero no disqus_forum: añada el nombre corto del foro",
        "en": "Disqus: a key but no disqus_forum: add the forum's short name",
    },
    "check.disqus.invalid_key": {
        "es": "Disqus: clave de API no válida (error 5): cópiela de nuevo de su aplicación Disqus",
        "en": "Disqus: invalid API key (error 5): copy it again from your Disqus application",
    },
    "check.disqus.unknown_forum": {
        "es": "Disqus: la clave no encuentra el foro {forum}: revise disqus_forum",
        "en": "Disqus: the key finds no forum {forum}: check disqus_forum",
    },
    "check.disqus.unreachable": {
        "es": "Disqus: no se pudo consultar la API ({detail}); revise la red y disqus_api_url",
        "en": "Disqus: the API could not be asked ({detail}); check the network and disqus_api_url",
    },
    "check.disqus.ok": {
        "es": "Disqus: la clave lee el foro {forum}",
        "en": "Disqus: the key reads forum {forum}",
    },
    "user.token_note": {
        "es": "Guárdelo ahora: solo se conserva su hash. Úselo como "
        "'Authorization: Bearer <token>'.",
        "en": "Store it now: only its hash is kept. Use it as 'Authorization: Bearer <token>'.",
    },
}
