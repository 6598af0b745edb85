"""What the commands print, Spanish first: progress, summaries, confirmations, warnings and
the errors the command line shows (``pulso.cli.language.say``). Part of the one catalogue,
``pulso.i18n``; the help texts are in ``pulso.i18n.cli``.

Keys: ``cli.<command path>.say.<what>`` for a command's own lines, ``cli.error.*`` for
the error lines every command shares, ``err.*`` for the messages of errors raised by the
library (settings, database, input files) that the command line prints, and
``cli.click.*`` for click's own usage errors (``CLICK_MESSAGES``: their English text is
click's message itself, which is how ``pulso.cli.language.click_words`` finds them).
"""

from __future__ import annotations

# Click's messages (click 8), English exactly as click writes them (its gettext message ids).
CLICK_MESSAGES: dict[str, dict[str, str]] = {
    "cli.click.no_such_option": {
        "es": "No existe la opción {name!r}.",
        "en": "No such option {name!r}.",
    },
    "cli.click.no_such_command": {
        "es": "No existe la orden {name!r}.",
        "en": "No such command {name!r}.",
    },
    "cli.click.did_you_mean.one": {
        "es": "¿Quiso decir {possibility}?",
        "en": "Did you mean {possibility}?",
    },
    "cli.click.did_you_mean.many": {
        "es": "(¿Quiso decir una de estas: {possibilities}?)",
        "en": "(Did you mean one of: {possibilities}?)",
    },
    "cli.click.missing_argument": {"es": "Falta el argumento", "en": "Missing argument"},
    "cli.click.missing_option": {"es": "Falta la opción", "en": "Missing option"},
    "cli.click.missing_parameter": {"es": "Falta el parámetro", "en": "Missing parameter"},
    "cli.click.missing_type": {"es": "Falta {param_type}", "en": "Missing {param_type}"},
    "cli.click.missing_parameter_name": {
        "es": "Falta el parámetro: {param_name}",
        "en": "Missing parameter: {param_name}",
    },
    "cli.click.missing_command": {"es": "Falta la orden.", "en": "Missing command."},
    "cli.click.invalid_value": {
        "es": "Valor no válido: {message}",
        "en": "Invalid value: {message}",
    },
    "cli.click.invalid_value_for": {
        "es": "Valor no válido para {param_hint}: {message}",
        "en": "Invalid value for {param_hint}: {message}",
    },
    "cli.click.extra_argument.one": {
        "es": "Sobra el argumento ({args})",
        "en": "Got unexpected extra argument ({args})",
    },
    "cli.click.extra_argument.many": {
        "es": "Sobran los argumentos ({args})",
        "en": "Got unexpected extra arguments ({args})",
    },
    "cli.click.requires_argument.one": {
        "es": "La opción {name!r} necesita un valor.",
        "en": "Option {name!r} requires an argument.",
    },
    "cli.click.requires_argument.many": {
        "es": "La opción {name!r} necesita {nargs} valores.",
        "en": "Option {name!r} requires {nargs} arguments.",
    },
    "cli.click.takes_no_value": {
        "es": "La opción {name!r} no lleva valor.",
        "en": "Option {name!r} does not take a value.",
    },
    "cli.click.argument_takes": {
        "es": "El argumento {name!r} lleva {nargs} valores.",
        "en": "Argument {name!r} takes {nargs} values.",
    },
    "cli.click.not_choice.one": {
        "es": "{value!r} no es {choice}.",
        "en": "{value!r} is not {choice}.",
    },
    "cli.click.not_choice.many": {
        "es": "{value!r} no es ninguno de estos: {choices}.",
        "en": "{value!r} is not one of {choices}.",
    },
    "cli.click.not_number": {
        "es": "{value!r} no es un número válido ({number_type}).",
        "en": "{value!r} is not a valid {number_type}.",
    },
    "cli.click.not_in_range": {
        "es": "{value} está fuera del intervalo {range}.",
        "en": "{value} is not in the range {range}.",
    },
    "cli.click.not_boolean": {
        "es": "{value!r} no es un valor booleano válido. Valores reconocidos: {states}",
        "en": "{value!r} is not a valid boolean. Recognized values: {states}",
    },
    "cli.click.format.one": {
        "es": "{value!r} no tiene el formato {format}.",
        "en": "{value!r} does not match the format {format}.",
    },
    "cli.click.format.many": {
        "es": "{value!r} no tiene ninguno de los formatos {formats}.",
        "en": "{value!r} does not match the formats {formats}.",
    },
    # Path checks: the Spanish sentences name the path without click's word for its kind.
    "cli.click.path_missing": {
        "es": "No existe {filename!r}.",
        "en": "{name} {filename!r} does not exist.",
    },
    "cli.click.path_is_file": {
        "es": "{filename!r} es un archivo.",
        "en": "{name} {filename!r} is a file.",
    },
    "cli.click.path_is_directory": {
        "es": "{filename!r} es una carpeta.",
        "en": "{name} {filename!r} is a directory.",
    },
    "cli.click.path_unreadable": {
        "es": "No se puede leer {filename!r}.",
        "en": "{name} {filename!r} is not readable.",
    },
    "cli.click.path_unwritable": {
        "es": "No se puede escribir en {filename!r}.",
        "en": "{name} {filename!r} is not writable.",
    },
    "cli.click.open_file": {
        "es": "No se pudo abrir el archivo {filename!r}: {message}",
        "en": "Could not open file {filename!r}: {message}",
    },
    "cli.click.repeat": {
        "es": "Repítala para confirmar",
        "en": "Repeat for confirmation",
    },
    "cli.click.no_match": {
        "es": "Error: los dos valores no coinciden.",
        "en": "Error: The two entered values do not match.",
    },
}

MESSAGES: dict[str, dict[str, str]] = {
    **CLICK_MESSAGES,
    # -- error lines every command shares -------------------------------------------------
    "cli.error.line": {"es": "error: {message}", "en": "error: {message}"},
    "cli.error.usage": {
        "es": "error: {message} (vea: {command} --help)",
        "en": "error: {message} (see: {command} --help)",
    },
    "cli.error.database": {
        "es": "error: base de datos {database}: {detail}",
        "en": "error: database {database}: {detail}",
    },
    "cli.error.database_other": {
        "es": "error: base de datos: {detail}",
        "en": "error: database: {detail}",
    },
    "cli.warning.line": {"es": "aviso: {message}", "en": "warning: {message}"},
    "cli.date.invalid": {
        "es": "{value!r} no es una fecha como 2018-06-18",
        "en": "{value!r} is not a date like 2018-06-18",
    },
    # The command line's own wording of workflow errors (it names the options).
    "cli.err.reason_needed": {
        "es": "diga por qué no es una propuesta (--reason)",
        "en": "say why it is not a proposal (--reason)",
    },
    "cli.err.route_which_institution": {
        "es": "diga a qué institución (--institution)",
        "en": "say which institution (--institution)",
    },
    "cli.err.route_which_competent_institution": {
        "es": "diga a qué institución (--institution); competentes para {theme}: {options}",
        "en": "say which institution (--institution); competent for {theme}: {options}",
    },
    "cli.err.not_competent": {
        "es": "{institution} no es competente para la temática de la propuesta {id}; "
        "agregue la temática a la institución o use --force",
        "en": "{institution} is not competent for the theme of proposal {id}; add the "
        "theme to the institution or use --force",
    },
    "cli.err.which_consultation": {
        "es": "no se sabe de qué consulta es el comentario {id}: indique --consultation SLUG",
        "en": "cannot tell which consultation comment {id} belongs to: pass --consultation SLUG",
    },
    # -- errors raised by the library and printed by the command line ---------------------
    "err.where.line": {"es": "línea {line}", "en": "line {line}"},
    "err.where.field": {"es": "campo {field}", "en": "field {field}"},
    "err.password_empty": {"es": "la contraseña está vacía", "en": "the password is empty"},
    "err.config.not_set": {"es": "falta {name}", "en": "{name} is not set"},
    "err.config.placeholder": {
        "es": "{name} es un valor de ejemplo; ponga un secreto real",
        "en": "{name} is a placeholder; set a real secret",
    },
    "err.config.invalid": {
        "es": "configuración no válida{where}: {problems}",
        "en": "invalid settings{where}: {problems}",
    },
    "err.config.problem": {"es": "{name}: {problem}", "en": "{name}: {problem}"},
    "err.config.value_error": {"es": "{problem}", "en": "Value error, {problem}"},
    "err.config.language": {
        "es": "el idioma debe ser 'es' o 'en'",
        "en": "language must be 'es' or 'en'",
    },
    "err.config.timezone": {
        "es": "zona horaria desconocida {value!r} (por ejemplo America/El_Salvador)",
        "en": "unknown time zone {value!r} (e.g. America/El_Salvador)",
    },
    "err.config.weekday": {
        "es": "schedule_weekly_report_day debe ser mon, tue, ... o sun",
        "en": "schedule_weekly_report_day must be mon, tue, ... or sun",
    },
    "err.config.time": {
        "es": "schedule_weekly_report_time debe ser HH:MM (reloj de 24 horas)",
        "en": "schedule_weekly_report_time must be HH:MM (24-hour clock)",
    },
    "err.config.file_missing": {
        "es": "el archivo de configuración {path} no existe (lo nombra {variable} o "
        "--config); créelo con `pulso init`",
        "en": "configuration file {path} does not exist (named by {variable} or --config); "
        "create it with `pulso init`",
    },
    "err.config.file_unreadable": {
        "es": "archivo de configuración {path}: {problem}",
        "en": "configuration file {path}: {problem}",
    },
    "err.config.file_not_toml": {
        "es": "el archivo de configuración {path} no es TOML válido: {problem}",
        "en": "configuration file {path} is not valid TOML: {problem}",
    },
    "err.database.not_url": {
        "es": "database_url (PULSO_DATABASE_URL) no es una URL de base de datos, por ejemplo "
        "sqlite:///pulso.db",
        "en": "database_url (PULSO_DATABASE_URL) is not a database URL, e.g. sqlite:///pulso.db",
    },
    "err.database.is_folder": {
        "es": "la base de datos {path} es una carpeta, no un archivo SQLite",
        "en": "the database {path} is a folder, not a SQLite file",
    },
    "err.database.not_read_write": {
        "es": "este usuario no puede leer y escribir la base de datos {path}",
        "en": "the database {path} cannot be read and written by this user",
    },
    "err.database.folder_not_writable": {
        "es": "no se puede escribir en la carpeta {folder} de la base de datos {path} "
        "(SQLite guarda su diario junto al archivo)",
        "en": "the folder {folder} of the database {path} is not writable "
        "(SQLite keeps its journal next to the file)",
    },
    "err.database.no_folder": {
        "es": "no se puede crear la base de datos {path}: la carpeta {folder} no existe",
        "en": "the database {path} cannot be created: the folder {folder} does not exist",
    },
    "err.database.cannot_create": {
        "es": "no se puede crear la base de datos {path}: no se puede escribir en la "
        "carpeta {folder}",
        "en": "the database {path} cannot be created: the folder {folder} is not writable",
    },
    "err.database.schema": {
        "es": "el esquema de la base de datos está en {current}, no en {head}: ejecute "
        "antes `pulso db upgrade`",
        "en": "the database schema is at {current}, not {head}: run `pulso db upgrade` first",
    },
    "err.database.none": {
        "es": "no existe la base de datos {path}: créela con `pulso init` (o `pulso db "
        "upgrade`), o indique otra con PULSO_DATABASE_URL",
        "en": "there is no database {path}: create it with `pulso init` (or `pulso db "
        "upgrade`), or name another with PULSO_DATABASE_URL",
    },
    "err.database.empty": {
        "es": "la base de datos no tiene esquema todavía: ejecute antes `pulso db upgrade`",
        "en": "the database has no schema yet: run `pulso db upgrade` first",
    },
    "err.collection.holder": {
        "es": "otra recolección de {platform} está en curso para {which} ({who}, desde {since})",
        "en": "another {platform} collection is running for {which} ({who}, since {since})",
    },
    "err.collection.every_account": {"es": "todas las cuentas", "en": "every account"},
    "err.collection.waiting": {"es": "en espera: {holder}", "en": "waiting: {holder}"},
    "err.collection.busy": {
        "es": "{holder}; esta ejecución no empezó",
        "en": "{holder}; this run did not start",
    },
    "err.consultation.ends_before_start": {
        "es": "la consulta {slug!r} termina antes de empezar",
        "en": "consultation {slug!r} ends before it starts",
    },
    "err.no_consultation": {
        "es": "no existe la consulta {slug!r} (vea `pulso consultation list`)",
        "en": "no consultation {slug!r} (see `pulso consultation list`)",
    },
    "err.no_model_version": {
        "es": "no existe la versión de modelo {version!r} (vea `pulso extract versions`)",
        "en": "no model version {version!r} (see `pulso extract versions`)",
    },
    "err.no_user": {
        "es": "no existe el usuario {username!r} (vea `pulso user list`)",
        "en": "no user {username!r} (see `pulso user list`)",
    },
    "err.delivery.no_recipients": {
        "es": "no hay destinatarios: defina PULSO_REPORT_RECIPIENTS",
        "en": "no recipients: set PULSO_REPORT_RECIPIENTS",
    },
    "err.delivery.ssl_and_starttls": {
        "es": "defina solo uno de PULSO_SMTP_SSL y PULSO_SMTP_STARTTLS",
        "en": "set only one of PULSO_SMTP_SSL and PULSO_SMTP_STARTTLS",
    },
    "err.config.no_x_account": {
        "es": "ninguna cuenta de X que recolectar: defina PULSO_X_ACCOUNTS o use --account",
        "en": "no X account to collect: set PULSO_X_ACCOUNTS or pass --account",
    },
    "err.config.no_facebook_page": {
        "es": "ninguna página de Facebook: use --page ID o defina PULSO_FACEBOOK_PAGE_IDS",
        "en": "no Facebook Page: pass --page ID or set PULSO_FACEBOOK_PAGE_IDS",
    },
    "err.config.no_disqus_forum": {
        "es": "indique el foro: --forum o PULSO_DISQUS_FORUM",
        "en": "say which forum: --forum or PULSO_DISQUS_FORUM",
    },
    "err.config.link_needs_key": {
        "es": "enlazar por identidad requiere PULSO_AUTHOR_KEY_SECRET",
        "en": "linking by identity needs PULSO_AUTHOR_KEY_SECRET",
    },
    "err.no_campaign": {
        "es": "no existe la campaña {slug!r}",
        "en": "no campaign {slug!r}",
    },
    "err.campaign_elsewhere": {
        "es": "la campaña {campaign!r} no es de la consulta {consultation!r}",
        "en": "campaign {campaign!r} is not part of consultation {consultation!r}",
    },
    "err.no_theme": {
        "es": "no existe la temática {slug!r} en la consulta {consultation!r}",
        "en": "no theme {slug!r} in consultation {consultation!r}",
    },
    "err.no_institution_slug": {
        "es": "no existe la institución {slug!r} (vea `pulso institution list`)",
        "en": "no institution {slug!r} (see `pulso institution list`)",
    },
    "err.no_account": {
        "es": "no existe la cuenta de {platform} {account} (recoléctela antes)",
        "en": "no {platform} account {account} (collect it first)",
    },
    "err.say_which_consultation": {
        "es": "indique la consulta",
        "en": "say which consultation (--consultation SLUG)",
    },
    "cli.err.say_which_consultation": {
        "es": "indique la consulta (--consultation SLUG)",
        "en": "say which consultation (--consultation SLUG)",
    },
    "err.no_active_model": {
        "es": "no hay un modelo de extracción activo: ejecute antes `pulso extract score`",
        "en": "no active extraction model: run `pulso extract score` first",
    },
    "err.demo.collect": {
        "es": "recolección de {name} en el sandbox: {status}: {message}",
        "en": "collect {name} in the sandbox: {status}: {message}",
    },
    # -- pulso db -------------------------------------------------------------------------
    "cli.db.say.empty": {"es": "vacía", "en": "empty"},
    "cli.db.upgrade.say.same": {
        "es": "{url}: ya está en la revisión {revision}; nada que hacer",
        "en": "{url}: already at revision {revision}; nothing to do",
    },
    "cli.db.upgrade.say.upgraded": {
        "es": "{url}: actualizada de {before} a {after}",
        "en": "{url}: upgraded from {before} to {after}",
    },
    "cli.db.current.say.revisions": {
        "es": "actual: {current}; más reciente: {newest}",
        "en": "current: {current}; newest: {newest}",
    },
    "cli.db.rebuild-latest.say.done": {
        "es": "{count} series recalculadas a partir de las observaciones",
        "en": "{count} series recomputed from the observations",
    },
    "cli.db.purge-names.say.done": {
        "es": "{count} nombres visibles borrados por haber superado su plazo de conservación",
        "en": "{count} display names past their retention erased",
    },
    # -- pulso collect --------------------------------------------------------------------
    "cli.collect.all.say.skipped": {
        "es": "{name}: omitida: ya se está ejecutando en otro proceso",
        "en": "{name}: skipped: already running elsewhere",
    },
    "cli.collect.all.say.failed": {
        "es": "{name}: falló: {error}",
        "en": "{name}: failed: {error}",
    },
    "cli.collect.all.say.result": {"es": "{name}: {result}", "en": "{name}: {result}"},
    # -- what a scheduled job did (``pulso.jobs.registry.JobResult``) -----------------------
    "job.result": {"es": "{status}: {message}", "en": "{status}: {message}"},
    "job.status.done": {"es": "hecho", "en": "done"},
    "job.status.skipped": {"es": "omitida", "en": "skipped"},
    "job.status.stopped": {"es": "detenida", "en": "stopped"},
    "job.status.failed": {"es": "fallida", "en": "failed"},
    "job.run_status.running": {"es": "en curso", "en": "running"},
    "job.run_status.succeeded": {"es": "terminada", "en": "succeeded"},
    "job.run_status.failed": {"es": "fallida", "en": "failed"},
    "job.run_status.stopped": {"es": "detenida", "en": "stopped"},
    "job.not_configured": {
        "es": "{platform} no está configurada (defina {settings})",
        "en": "{platform} is not configured (set {settings})",
    },
    "job.collected": {
        "es": "{platform}: recolección {run} {run_status}, {requests} solicitudes, {retries} "
        "reintentos; guardados: {posts} publicaciones, {comments} comentarios, "
        "{observations} observaciones",
        "en": "{platform}: run {run} {run_status}, {requests} requests, {retries} retries, "
        "{posts} posts, {comments} comments, {observations} observations stored",
    },
    "job.collected.warnings": {
        "es": "{platform}: recolección {run} {run_status}, {requests} solicitudes, {retries} "
        "reintentos; guardados: {posts} publicaciones, {comments} comentarios, "
        "{observations} observaciones; {warnings} aviso(s) (vea el registro de la recolección)",
        "en": "{platform}: run {run} {run_status}, {requests} requests, {retries} retries, "
        "{posts} posts, {comments} comments, {observations} observations stored, "
        "{warnings} warning(s) (see the run's record)",
    },
    "job.with_detail": {"es": "{message} ({detail})", "en": "{message} ({detail})"},
    "job.weekly": {
        "es": "informe semanal {week}: {files} archivos en {folder}",
        "en": "weekly report {week}: {files} files in {folder}",
    },
    "job.weekly.emailed": {
        "es": "informe semanal {week}: {files} archivos en {folder}, enviado por correo a "
        "{recipients} destinatario(s)",
        "en": "weekly report {week}: {files} files in {folder}, e-mailed to {recipients} "
        "recipient(s)",
    },
    "job.learn.not_enough": {
        "es": "no hay suficientes decisiones nuevas para entrenar",
        "en": "not enough new decisions to train",
    },
    "job.learn.activated": {
        "es": "modelo {version} con {decisions} decisiones nuevas: activado",
        "en": "model {version} on {decisions} new decisions: activated",
    },
    "job.learn.kept": {
        "es": "modelo {version} con {decisions} decisiones nuevas: se mantiene inactivo "
        "(peor que el activo)",
        "en": "model {version} on {decisions} new decisions: kept inactive (worse than the "
        "active one)",
    },
    "cli.collect.all.say.failures": {
        "es": "fallaron: {names}",
        "en": "{names} failed",
    },
    "cli.collect.disqus.say.summary": {
        "es": "disqus {forum}: {threads} hilos, {posts} mensajes guardados ({spam} de spam y "
        "{deleted} eliminados omitidos), {proposals} propuestas nuevas; {requests} "
        "solicitudes, {retries} reintentos; ejecución {run} {status}{unmapped}",
        "en": "disqus {forum}: {threads} threads, {posts} posts stored ({spam} spam and "
        "{deleted} deleted skipped), {proposals} new proposals; {requests} requests, "
        "{retries} retries; run {run} {status}{unmapped}",
    },
    "cli.disqus.say.unmapped": {
        "es": "; {count} hilos sin temática asignada (vea `pulso consultation threads`, "
        "`pulso consultation map-thread`)",
        "en": "; {count} threads not mapped to a theme (see `pulso consultation threads`, "
        "`pulso consultation map-thread`)",
    },
    # -- pulso import ---------------------------------------------------------------------
    "cli.import.disqus-export.say.summary": {
        "es": "{file}: {threads} hilos, {posts} mensajes ({top_level} de primer nivel, "
        "{replies} respuestas); omitidos {spam} de spam y {deleted} eliminados; "
        "{proposals} propuestas nuevas{unmapped}",
        "en": "{file}: {threads} threads, {posts} posts ({top_level} top-level, {replies} "
        "replies); skipped {spam} spam and {deleted} deleted; {proposals} new "
        "proposals{unmapped}",
    },
    "cli.import.proposals.say.template_written": {
        "es": "plantilla escrita en {path}",
        "en": "template written to {path}",
    },
    "cli.import.proposals.say.file_needed": {
        "es": "indique el ARCHIVO que se importa (o --template)",
        "en": "give the FILE to import (or --template)",
    },
    "cli.import.proposals.say.summary": {
        "es": "{file}: {rows} filas, {created} propuestas nuevas, {present} ya importadas",
        "en": "{file}: {rows} rows, {created} new proposals, {present} already imported",
    },
    "cli.import.proposals.say.out_of_range": {
        "es": "{file}: las filas {rows} se recibieron fuera de las fechas de la consulta; se "
        "importaron porque lo pide --allow-out-of-range (quedan marcadas en el registro "
        "de auditoría)",
        "en": "{file}: rows {rows} received outside the consultation's dates, imported as "
        "--allow-out-of-range asks (flagged in the audit log)",
    },
    "cli.import.answers.say.summary": {
        "es": "{file}: {accepted} aceptadas, {rejected} no incorporadas, {unchanged} sin "
        "cambios, {pending} aún sin respuesta",
        "en": "{file}: {accepted} accepted, {rejected} rejected, {unchanged} unchanged, "
        "{pending} not answered yet",
    },
    # -- pulso people ---------------------------------------------------------------------
    "cli.people.link.say.done": {
        "es": "vinculadas en la persona {id}",
        "en": "linked into person {id}",
    },
    # -- pulso consultation, theme, institution -------------------------------------------
    "cli.consultation.create.say.done": {
        "es": "consulta {slug}: {name}",
        "en": "consultation {slug}: {name}",
    },
    "cli.consultation.load.say.done": {
        "es": "consulta {slug}: {count} temáticas cargadas desde {path}",
        "en": "consultation {slug}: {count} themes loaded from {path}",
    },
    "cli.consultation.load.say.kept": {
        "es": "temáticas que ya estaban y no vienen en el archivo, conservadas con sus "
        "propuestas: {themes}",
        "en": "themes already stored and not in the file, kept with their proposals: {themes}",
    },
    "cli.consultation.list.say.none": {
        "es": "todavía no hay consultas",
        "en": "no consultations yet",
    },
    "cli.consultation.map-thread.say.done": {
        "es": "hilo asignado a {theme}; {count} propuestas nuevas",
        "en": "mapped to {theme}; {count} new proposals",
    },
    "cli.consultation.threads.say.unmapped": {"es": "(sin temática)", "en": "(unmapped)"},
    "cli.theme.add.say.done": {"es": "temática {slug}: {name}", "en": "theme {slug}: {name}"},
    "cli.institution.add.say.theme_needs_consultation": {
        "es": "--theme necesita --consultation",
        "en": "--theme needs --consultation",
    },
    "cli.institution.add.say.done": {
        "es": "institución {slug}: {name}",
        "en": "institution {slug}: {name}",
    },
    # -- pulso extract and review ---------------------------------------------------------
    "cli.extract.score.say.done": {
        "es": "{count} comentarios puntuados con el modelo {version}",
        "en": "{count} comments scored with model {version}",
    },
    "cli.extract.train.say.activated": {
        "es": "el modelo {version} está activo",
        "en": "model {version} is active",
    },
    "cli.extract.train.say.trained": {
        "es": "modelo {version} entrenado con {rows} filas ({seed} del conjunto semilla + "
        "{reviewed} revisadas) y activo",
        "en": "model {version} trained on {rows} rows ({seed} seed + {reviewed} reviewed) "
        "and active",
    },
    "cli.extract.learn.say.nothing": {
        "es": "{count} decisiones nuevas: nada que entrenar",
        "en": "{count} new decisions: nothing to train",
    },
    "cli.extract.learn.say.trained": {
        "es": "nuevo {version}, entrenado con {decisions} decisiones nuevas ({state}; F1 en "
        "ellas: candidato {candidate}; activo {active})",
        "en": "new {version}, trained with {decisions} new decisions ({state}; F1 on them: "
        "candidate {candidate}; active {active})",
    },
    "cli.extract.learn.say.activated": {"es": "activado", "en": "activated"},
    "cli.extract.learn.say.kept": {
        "es": "se deja inactivo: es peor que el activo",
        "en": "kept inactive: worse than the active one",
    },
    "cli.extract.versions.say.none": {
        "es": "todavía no hay versiones del modelo: ejecute `pulso extract train`",
        "en": "no model versions yet: run `pulso extract train`",
    },
    "cli.extract.versions.say.row": {
        "es": "{mark} {version}\t{created}\t{rows} filas\t{reviewed} revisadas\t"
        "umbrales: propuesta {proposal}, abuso {abuse}",
        "en": "{mark} {version}\t{created}\t{rows} rows\t{reviewed} reviewed\t"
        "thresholds: proposal {proposal}, abuse {abuse}",
    },
    "cli.extract.evaluate.say.which": {
        "es": "indique --labels ARCHIVO o --learning-curve ARCHIVO",
        "en": "give --labels FILE or --learning-curve FILE",
    },
    "cli.extract.evaluate.say.seed_only": {
        "es": "--seed-only va con --labels",
        "en": "--seed-only goes with --labels",
    },
    "cli.extract.evaluate.say.model": {
        "es": "{version} ({tier}) sobre {path} ({rows} filas)",
        "en": "{version} ({tier}) on {path} ({rows} rows)",
    },
    "cli.extract.evaluate.say.seed_model": {
        "es": "modelo de Pulso entrenado solo con el conjunto semilla",
        "en": "Pulso's model trained on the seed set alone",
    },
    "cli.extract.evaluate.say.tier.full": {"es": "los dos niveles", "en": "both tiers"},
    "cli.extract.evaluate.say.tier.lexical": {
        "es": "solo el nivel léxico",
        "en": "the lexical tier alone",
    },
    "cli.extract.evaluate.say.curve": {
        "es": "curva de aprendizaje sobre {path} (semilla + k filas del archivo)",
        "en": "learning curve on {path} (seed + k rows of the file)",
    },
    # The evaluation tables (analytics.extraction.evaluation.format_report, format_curve).
    "eval.heading": {
        "es": "== {attr} (n={n}, exactitud {accuracy})",
        "en": "== {attr} (n={n}, accuracy {accuracy})",
    },
    "eval.column.label": {"es": "etiqueta", "en": "label"},
    "eval.column.precision": {"es": "precisión", "en": "precision"},
    "eval.column.recall": {"es": "exhaustividad", "en": "recall"},
    "eval.column.f1": {"es": "f1", "en": "f1"},
    "eval.column.support": {"es": "casos", "en": "support"},
    "eval.column.k": {"es": "k (filas añadidas)", "en": "k (rows added)"},
    "eval.column.ap": {"es": "AP", "en": "AP"},
    "eval.column.held_out": {"es": "(n reservadas)", "en": "(n held out)"},
    "eval.average_precision": {
        "es": "precisión promedio (ordenación): {value}",
        "en": "average precision (ranking): {value}",
    },
    "eval.column.threshold": {"es": "umbral", "en": "threshold"},
    "eval.threshold": {"es": "umbral: {value} ({source})", "en": "threshold: {value} ({source})"},
    # Where the threshold came from (analytics.extraction.evaluation.threshold_line).
    "eval.threshold_source.given": {
        "es": "indicado con --threshold",
        "en": "given with --threshold",
    },
    "eval.threshold_source.cross-validated": {
        "es": "el del modelo, elegido por validación cruzada sobre {rows} decisiones de revisión",
        "en": "the model's own, chosen by cross-validation on {rows} reviewed decisions",
    },
    "eval.threshold_source.fixed": {
        "es": "el del modelo, fijo: aún no hay decisiones de revisión de las que elegirlo",
        "en": "the model's own, fixed: no reviewed decision yet to choose it from",
    },
    "eval.threshold_source.legacy": {
        "es": "0.5: versión entrenada antes de que cada versión guardara sus umbrales",
        "en": "0.5: a version trained before each version stored its thresholds",
    },
    "eval.confusion": {
        "es": "matriz de confusión (filas = real, columnas = predicho):",
        "en": "confusion matrix (rows = truth, columns = predicted):",
    },
    "cli.review.say.reviewer_prompt": {"es": "revisor", "en": "reviewer"},
    "cli.review.say.empty_text": {"es": "(vacío)", "en": "(empty)"},
    "cli.review.say.abuse_cues": {"es": "abuso: {cues}", "en": "abuse: {cues}"},
    "cli.review.say.proposal": {
        "es": "→ propuesta {id} ({theme})",
        "en": "→ proposal {id} ({theme})",
    },
    "cli.review.decide.say.which": {
        "es": "indique --confirm, --reject o --abusive",
        "en": "say --confirm, --reject or --abusive",
    },
    "cli.review.decide.say.confirm_only": {
        "es": "--theme y --summary van solo con --confirm",
        "en": "--theme and --summary go with --confirm",
    },
    "cli.review.decide.say.confirmed": {
        "es": "comentario {id}: confirmado → propuesta {proposal} ({theme})",
        "en": "comment {id}: confirmed → proposal {proposal} ({theme})",
    },
    "cli.review.decide.say.rejected": {
        "es": "comentario {id}: no es una propuesta",
        "en": "comment {id}: rejected",
    },
    "cli.review.decide.say.abusive": {
        "es": "comentario {id}: abusivo",
        "en": "comment {id}: abusive",
    },
    # -- pulso proposals ------------------------------------------------------------------
    "cli.proposals.list.say.count": {"es": "propuestas: {count}", "en": "{count} proposals"},
    "cli.proposals.show.say.heading": {
        "es": "propuesta {id} [{status}] {channel} de {source}",
        "en": "proposal {id} [{status}] {channel} from {source}",
    },
    "cli.proposals.show.say.submitted.one": {
        "es": "temática: {theme}; enviada por {count} persona{ids}",
        "en": "theme: {theme}; submitted by {count} person{ids}",
    },
    "cli.proposals.show.say.submitted.many": {
        "es": "temática: {theme}; enviada por {count} personas{ids}",
        "en": "theme: {theme}; submitted by {count} people{ids}",
    },
    "cli.proposals.show.say.person_ids": {
        "es": " (ids de persona {ids})",
        "en": " (person ids {ids})",
    },
    "cli.proposals.show.say.merged_into": {
        "es": "fusionada en la {id}",
        "en": "merged into {id}",
    },
    "cli.proposals.show.say.routed": {
        "es": "enviada a {institution} el {routed}, respuesta a más tardar el {due}",
        "en": "routed to {institution} on {routed}, due {due}",
    },
    "cli.proposals.show.say.justification": {
        "es": "justificación: {text}",
        "en": "justification: {text}",
    },
    "cli.proposals.show.say.commitment": {
        "es": "compromiso: {text}",
        "en": "commitment: {text}",
    },
    "cli.proposals.duplicates.say.count": {
        "es": "{count} sugerencias; fusione con `pulso proposals merge CONSERVAR FUSIONAR...`",
        "en": "{count} suggestions; merge with `pulso proposals merge KEEP MERGE...`",
    },
    "cli.proposals.merge.say.done": {
        "es": "propuestas {ids} fusionadas en la {target}",
        "en": "merged {ids} into {target}",
    },
    "cli.proposals.unmerge.say.done": {
        "es": "se deshizo la fusión de la propuesta {id} ({status})",
        "en": "proposal {id} un-merged ({status})",
    },
    "cli.proposals.status.say.done": {
        "es": "propuestas cambiadas: {count}",
        "en": "{count} changed",
    },
    "cli.proposals.route.say.done": {
        "es": "{count} propuestas enviadas a {institution}, respuesta a más tardar el {due}",
        "en": "{count} proposals sent to {institution}, answer due on {due}",
    },
    "cli.proposals.route.say.answered": {
        "es": "{count} ya respondidas, sin cambios",
        "en": "{count} already answered, left alone",
    },
    "cli.proposals.answer.say.which": {
        "es": "indique --accept o --reject",
        "en": "say --accept or --reject",
    },
    "cli.proposals.answer.say.done": {
        "es": "propuesta {id}: {status}",
        "en": "proposal {id}: {status}",
    },
    "cli.proposals.overdue.say.count": {"es": "{count} vencidas", "en": "{count} overdue"},
    "cli.proposals.answer-sheet.say.done": {
        "es": "{count} propuestas de {institution} escritas en {path}",
        "en": "{count} proposals for {institution} written to {path}",
    },
    # -- pulso report ---------------------------------------------------------------------
    "cli.report.weekly.say.no_posts": {
        "es": "nota: no hay publicaciones en {week}",
        "en": "note: no posts in {week}",
    },
    "cli.report.weekly.say.no_posts_last_week": {
        "es": "nota: no hay publicaciones en {week} (la semana pasada; elija otra con "
        "--week 2018-W26)",
        "en": "note: no posts in {week} (last week; choose one with --week 2018-W26)",
    },
    "cli.report.weekly.say.sent": {
        "es": "enviado a {count} destinatario(s)",
        "en": "sent to {count} recipient(s)",
    },
    # -- pulso user, serve, jobs ----------------------------------------------------------
    "cli.user.add.say.done": {
        "es": "usuario {name}: {role}{where}",
        "en": "user {name}: {role}{where}",
    },
    "cli.user.list.say.token": {"es": "token", "en": "token"},
    "cli.user.list.say.active": {"es": "activo", "en": "active"},
    "cli.user.list.say.inactive": {"es": "inactivo", "en": "inactive"},
    "cli.serve.say.jobs": {"es": "tareas programadas: {jobs}", "en": "scheduled jobs: {jobs}"},
    "cli.serve.say.no_jobs": {"es": "ninguna registrada", "en": "none registered"},
    "cli.serve.say.workers": {"es": "procesos web: {count}", "en": "web workers: {count}"},
    "cli.jobs.list.say.none": {"es": "no hay tareas registradas", "en": "no jobs registered"},
    "cli.jobs.list.say.not_scheduled": {"es": "sin programar", "en": "not scheduled"},
    "cli.jobs.run.say.unknown": {
        "es": "no existe la tarea {name!r}; vea `pulso jobs list`",
        "en": "no job named {name!r}; see `pulso jobs list`",
    },
    "cli.jobs.run.say.skipped": {
        "es": "{name} ya se está ejecutando en otro proceso; se omite",
        "en": "{name} is already running elsewhere; skipped",
    },
    "cli.jobs.run.say.failed": {
        "es": "{name} falló: {error}",
        "en": "{name} failed: {error}",
    },
    "cli.jobs.run.say.done": {"es": "{name}: terminada", "en": "{name}: done"},
}
