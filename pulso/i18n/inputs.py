"""Why an input file or value was refused, Spanish first: the reasons of the ``InputError``s
raised by the importers (spreadsheets, Meta/X/Disqus exports, proposals and answers sheets,
consultation files) and by the library's value checks. Part of the one catalogue,
``pulso.i18n``.

An ``InputError.of(key, path=..., line=..., field=..., **values)`` reads
``<file>, line <n>, field '<column>': <reason>``; the reason is one of these messages (the
words "line" and "field" are ``err.where.*``). The English texts are the ones the importers
always printed. Cell checks (``pulso.collectors.cells``) raise ``KeyedValueError`` with
``err.cell.*`` keys, which ``InputError.of_value`` places in the file.

Keys: ``err.input.*`` shared by every reader, ``err.cell.*`` a cell's value,
``err.table.*`` hand-filled spreadsheets, ``err.proposals.*``/``err.answers.*`` the
proposals and answers sheets, ``err.facebook.*``, ``err.x.*``, ``err.disqus.*`` the
platforms' exports, ``err.catalog.*``/``err.json.*`` consultation files, and the checks of
values typed on the command line or in a page (``err.user.*``, ``err.period.*``, ...).
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # -- any file ---------------------------------------------------------------------
    "err.input.invalid": {"es": "valor no válido: {problem}", "en": "{problem}"},
    "err.input.no_such_file": {"es": "el archivo no existe", "en": "no such file"},
    "err.input.cannot_read": {
        "es": "no se puede leer: {problem}",
        "en": "cannot read: {problem}",
    },
    "err.input.empty_file": {"es": "el archivo está vacío", "en": "the file is empty"},
    "err.input.malformed_csv": {
        "es": "CSV mal formado: {problem}",
        "en": "malformed CSV: {problem}",
    },
    "err.input.unclosed_quote": {
        "es": "unas comillas que se abren aquí no se cierran: corrija la celda o quite la comilla",
        "en": "a quote opened here is never closed: fix the cell or remove the quote",
    },
    "err.input.not_encoding": {
        "es": "no es texto {encoding} válido",
        "en": "not valid {encoding} text",
    },
    "err.input.formula": {
        "es": "se encontró una fórmula ({formula!r}), no un valor: pegue solo los valores",
        "en": "a formula ({formula!r}), not a value: paste values only",
    },
    "err.input.column_twice": {
        "es": "la columna aparece en las posiciones {first} y {second}; se esperaba una sola vez",
        "en": "found the column in positions {first} and {second}, expected it once",
    },
    "err.input.no_rows": {
        "es": "hay encabezado pero ninguna publicación; se esperaba al menos una fila "
        "(¿está cortado el archivo?)",
        "en": "found a header and no post, expected at least one row (is the file cut?)",
    },
    "err.input.no_value": {"es": "una celda vacía", "en": "no value"},
    # -- a cell's value ---------------------------------------------------------------
    "err.cell.not_a_number": {
        "es": "se encontró {value!r}; se esperaba un número",
        "en": "found {value!r}, expected a number",
    },
    "err.cell.not_a_count": {
        "es": "número no válido: se encontró {value!r}; se esperaba un número entero de 0 o "
        "más, como 1234 o 1,234",
        "en": "found {value!r}, expected a whole number of 0 or more like 1234 or 1,234",
    },
    "err.cell.not_a_decimal": {
        "es": "número no válido: se encontró {value!r}; se esperaba un número de 0 o más, "
        "como 12.5 o 1,234.5",
        "en": "found {value!r}, expected a number of 0 or more like 12.5 or 1,234.5",
    },
    "err.cell.not_whole": {
        "es": "número no válido: se encontró {value!r}; se esperaba un número entero de 0 o más",
        "en": "found {value!r}, expected a whole number of 0 or more",
    },
    "err.cell.too_large": {
        "es": "número no válido: se encontró {value!r}; se esperaba como máximo {most}",
        "en": "found {value!r}, expected at most {most}",
    },
    "err.cell.control": {
        "es": "se encontró un carácter de control ({code}) en la posición {position}; se "
        "esperaba texto simple",
        "en": "found a control character ({code}) at position {position}, expected plain text",
    },
    "err.cell.future": {
        "es": "fecha no válida: se encontró {moment}, que está en el futuro; se esperaba una "
        "fecha ya pasada",
        "en": "found {moment}, which is in the future; expected a time already past",
    },
    # -- hand-filled spreadsheets (CSV or XLSX) -----------------------------------------
    "err.table.not_csv_or_xlsx": {
        "es": "no es un archivo .csv ni .xlsx",
        "en": "not a .csv or .xlsx file",
    },
    "err.table.not_utf8": {
        "es": "no es texto UTF-8 (guárdelo como CSV UTF-8)",
        "en": "not UTF-8 text (save it as CSV UTF-8)",
    },
    "err.table.not_xlsx": {
        "es": "no es un archivo XLSX legible: {problem}",
        "en": "not a readable XLSX file: {problem}",
    },
    "err.table.two_columns": {
        "es": "se encontraron {first!r} (columna {first_index}) y {second!r} (columna "
        "{second_index}); se esperaba una sola columna para este dato",
        "en": "found {first!r} (column {first_index}) and {second!r} (column "
        "{second_index}), expected one column for it",
    },
    "err.table.missing_column": {
        "es": "columna obligatoria ausente ({expected})",
        "en": "missing column ({expected})",
    },
    "err.table.not_yes_no": {
        "es": "{value!r} no es sí/no (sí/no, true/false, 1/0)",
        "en": "{value!r} is not yes/no (sí/no, true/false, 1/0)",
    },
    "err.table.not_a_date": {
        "es": "fecha no válida: {value!r} (se esperaba 2018-07-25, 25/07/2018 o 25 de julio "
        "de 2018)",
        "en": "{value!r} is not a date (2018-07-25, 25/07/2018 or 25 de julio de 2018)",
    },
    # -- proposals and answers sheets ---------------------------------------------------
    "err.proposals.required": {
        "es": "celda vacía; esta columna es obligatoria",
        "en": "empty; this column is required",
    },
    "err.proposals.unknown_channel": {
        "es": "canal desconocido {value!r} (correo/email, presencial/in_person, "
        "taller/workshop, web, otro/other)",
        "en": "unknown channel {value!r} (correo/email, presencial/in_person, "
        "taller/workshop, web, otro/other)",
    },
    "err.proposals.id_used": {
        "es": "el id {id!r} ya se usó en la fila {earlier}",
        "en": "id {id!r} already used in row {earlier}",
    },
    "err.proposals.out_of_range": {
        "es": "fecha no válida: se encontró {day}; se esperaba una fecha dentro de la consulta "
        "(del {starts} al {ends}; --allow-out-of-range la acepta, marcada)",
        "en": "found {day}, expected a date within the consultation ({starts} to {ends}; "
        "--allow-out-of-range accepts it, flagged)",
    },
    "err.proposals.unknown_theme": {
        "es": "temática desconocida {theme!r} (conocidas: {known})",
        "en": "unknown theme {theme!r} (known: {known})",
    },
    "err.answers.no_proposal": {
        "es": "no existe la propuesta {id} en {consultation}",
        "en": "no proposal {id} in {consultation}",
    },
    "err.answers.uncounted": {
        "es": "la propuesta {id} está en estado «{status}»; responda la propuesta en la que cuenta",
        "en": "proposal {id} is {status}; answer the one it counts for",
    },
    "err.answers.proposal_empty": {
        "es": "celda vacía; indique a qué propuesta responde",
        "en": "empty; say which proposal this answer is for",
    },
    "err.answers.already_answered": {
        "es": "la propuesta {id} ya tiene respuesta en la fila {earlier}",
        "en": "proposal {id} already answered in row {earlier}",
    },
    "err.answers.decision_missing": {
        "es": "la fila tiene respuesta pero no decisión: escriba aceptada o rechazada "
        "(o deje la fila entera en blanco si aún no se responde)",
        "en": "the row holds an answer but no decision: write accepted or rejected "
        "(or leave the whole row blank if it is not answered yet)",
    },
    "err.answers.not_a_decision": {
        "es": "{value!r} no es una decisión (aceptada/accepted, rechazada/rejected)",
        "en": "{value!r} is not a decision (aceptada/accepted, rechazada/rejected)",
    },
    "err.answers.rejection_needs_justification": {
        "es": "un rechazo necesita una justificación",
        "en": "a rejection needs a justification",
    },
    "err.answers.smart_column": {
        "es": "una aceptación necesita la columna SMART {column!r}",
        "en": "an acceptance needs the SMART column {column!r}",
    },
    "err.answers.smart_empty": {
        "es": "celda vacía; todos los campos SMART son obligatorios",
        "en": "empty; every SMART field is required",
    },
    "err.answers.ends_before_start": {
        "es": "termina antes de empezar",
        "en": "ends before it starts",
    },
    "err.answers.not_a_proposal_number": {
        "es": "{value!r} no es un número de propuesta",
        "en": "{value!r} is not a proposal number",
    },
    # -- Meta (Facebook) exports --------------------------------------------------------
    "err.facebook.no_header": {
        "es": "el archivo no tiene fila de encabezado",
        "en": "the file has no header row",
    },
    "err.facebook.reach": {
        "es": "se encontró {value}; se esperaba el alcance de la publicación (un número "
        "entero; solo los demás conteos pueden quedar en blanco)",
        "en": "found {value}, expected the post's reach (a whole number; only other counts "
        "may be left blank)",
    },
    "err.facebook.not_xlsx": {
        "es": "no es un libro XLSX legible ({problem})",
        "en": "not a readable XLSX workbook ({problem})",
    },
    "err.facebook.missing_columns": {
        "es": "columna obligatoria ausente: {columns}",
        "en": "missing required column(s): {columns}",
    },
    "err.facebook.rounded_id": {
        "es": "se encontró {value!r}, que una hoja de cálculo redondeó (el enlace permanente "
        "no tiene el id); se esperaba el id exacto (dé formato de texto a la columna antes "
        "de guardar)",
        "en": "found {value!r}, which a spreadsheet rounded (the permalink has no id); "
        "expected the exact id (format the column as text before saving)",
    },
    "err.facebook.post_id": {
        "es": "se encontró {value}; se esperaba el id de una publicación (dígitos, o id de "
        "página_id de publicación)",
        "en": "found {value}, expected a post id (digits, or page id_post id)",
    },
    "err.facebook.time": {
        "es": "fecha no válida: se encontró {value}; se esperaba una fecha y hora como "
        "06/29/2018 09:00",
        "en": "found {value}, expected a date and time like 06/29/2018 09:00",
    },
    "err.facebook.too_early": {
        "es": "fecha no válida: se encontró {date}; se esperaba una fecha posterior a {year} "
        "(cuando empezó Facebook)",
        "en": "found {date}, expected a time after {year} (when Facebook began)",
    },
    # -- X exports ----------------------------------------------------------------------
    "err.x.empty_file": {"es": "archivo vacío", "en": "empty file"},
    "err.x.not_an_export": {
        "es": "no es una exportación de X Analytics: no tiene columna 'Tweet id' ni 'Post id'",
        "en": "not an X Analytics export: no 'Tweet id' or 'Post id' column",
    },
    "err.x.missing_column": {
        "es": "columna obligatoria ausente {column!r}",
        "en": "missing column {column!r}",
    },
    "err.x.no_metric": {
        "es": "no se encontró ninguna columna de métricas",
        "en": "no metric column found",
    },
    "err.x.not_utf8": {
        "es": "no es texto UTF-8 (¿es la exportación en CSV?)",
        "en": "not UTF-8 text (is it the CSV export?)",
    },
    "err.x.column_count": {
        "es": "se encontraron {found} columnas; se esperaban {expected}, como en el encabezado",
        "en": "found {found} columns, expected {expected} as in the header",
    },
    "err.x.rounded_id": {
        "es": "se encontró {value!r}, que una hoja de cálculo redondeó, y ningún enlace con el "
        "id real; se esperaba el id exacto (conserve la columna del enlace)",
        "en": "found {value!r}, which a spreadsheet rounded, and no link with the real id; "
        "expected the exact id (keep the link column)",
    },
    "err.x.post_id": {
        "es": "se encontró {value!r}; se esperaba el id de una publicación o un enlace a ella "
        "(las hojas de cálculo redondean los id largos: conserve la columna del enlace)",
        "en": "found {value!r}, expected a post id or a link to the post (spreadsheet tools "
        "round long ids: keep the link column)",
    },
    "err.x.time": {
        "es": "fecha no válida: se encontró {value!r}; se esperaba una hora como {example!r}",
        "en": "found {value!r}, expected a time like {example!r}",
    },
    "err.x.date": {
        "es": "fecha no válida: se encontró {value!r}; se esperaba una fecha como {example!r}",
        "en": "found {value!r}, expected a date like {example!r}",
    },
    "err.x.id_time": {
        "es": "se encontró {value!r}, pero la publicación {id} se creó el {created}; se "
        "esperaba la misma hora (¿una hoja de cálculo cambió el id? conserve la columna del "
        "enlace)",
        "en": "found {value!r}, but post id {id} was created {created}; expected the same "
        "time (did a spreadsheet change the id? keep the link column)",
    },
    # -- Disqus exports -----------------------------------------------------------------
    "err.disqus.not_a_date": {
        "es": "fecha no válida: {value!r}",
        "en": "not a date: {value!r}",
    },
    "err.disqus.doctype": {
        "es": "se encontró una declaración de tipo de documento (<!DOCTYPE>); no se esperaba "
        "ninguna: las exportaciones de Disqus no la tienen y las DTD se rechazan",
        "en": "found a document type declaration (<!DOCTYPE>), expected none: Disqus "
        "exports have none, and DTDs are refused",
    },
    "err.disqus.not_an_export": {
        "es": "no es una exportación de Disqus (elemento raíz {tag!r})",
        "en": "not a Disqus export (root element {tag!r})",
    },
    "err.disqus.malformed_xml": {
        "es": "XML mal formado: {problem}",
        "en": "malformed XML: {problem}",
    },
    "err.disqus.thread_without_id": {
        "es": "hilo sin dsq:id",
        "en": "thread without dsq:id",
    },
    "err.disqus.post_without_id": {
        "es": "mensaje sin dsq:id",
        "en": "post without dsq:id",
    },
    "err.disqus.post_without_thread": {
        "es": "el mensaje {id} no tiene hilo",
        "en": "post {id} has no thread",
    },
    # -- consultation files (JSON) ------------------------------------------------------
    # -- a page's query (pulso.web.deps) ----------------------------------------------
    "err.web.week": {
        "es": "semana no válida: se encontró {value!r}; se esperaba una fecha como 2018-06-25",
        "en": "invalid week: found {value!r}, expected a date like 2018-06-25",
    },
    "err.web.period_years": {
        "es": "las fechas deben estar entre 1900 y 2999",
        "en": "dates must be between 1900 and 2999",
    },
    "err.web.period_too_long": {
        "es": "un periodo tiene como máximo {days} días",
        "en": "a period is at most {days} days",
    },
    # -- the demo's sample files (pulso.sandbox.sample_files) ---------------------------
    "err.sample.missing_field": {"es": "falta este campo", "en": "missing field"},
    "err.sample.missing_column": {"es": "falta esta columna", "en": "missing column"},
    "err.sample.no_offset": {
        "es": "{value!r} no tiene desfase UTC (como -06:00)",
        "en": "{value!r} has no UTC offset",
    },
    "err.sample.not_bool": {
        "es": "se encontró {value!r}; se esperaba true o false",
        "en": "expected true or false, got {value!r}",
    },
    "err.sample.unknown_channel": {
        "es": "canal desconocido {value!r} (conocidos: {known})",
        "en": "unknown channel {value!r} (known: {known})",
    },
    "err.sample.not_si_no": {"es": "se esperaba 'si' o 'no'", "en": "expected 'si' or 'no'"},
    "err.catalog.not_json": {"es": "no es JSON válido: {problem}", "en": "{problem}"},
    "err.catalog.iso_date": {
        "es": "fecha no válida: se encontró {value!r}; se esperaba una fecha ISO como 2018-06-18",
        "en": "found {value!r}, expected an ISO date like 2018-06-18",
    },
    "err.catalog.ends_before_start": {
        "es": "la consulta termina antes de empezar",
        "en": "the consultation ends before it starts",
    },
    "err.catalog.unknown_theme": {
        "es": "temática desconocida {slug!r}",
        "en": "unknown theme {slug!r}",
    },
    "err.catalog.missing": {
        "es": "falta; se esperaba {expected}",
        "en": "missing, expected {expected}",
    },
    "err.catalog.found_expected": {
        "es": "se encontró {found}; se esperaba {expected}",
        "en": "found {found}, expected {expected}",
    },
    "err.catalog.control": {
        "es": "se encontró un carácter de control ({code}); se esperaba texto simple",
        "en": "found a control character ({code}), expected plain text",
    },
    "err.catalog.timezone": {
        "es": "se encontró {value!r}; se esperaba una zona horaria como 'America/El_Salvador'",
        "en": "found {value!r}, expected a time zone like 'America/El_Salvador'",
    },
    "err.catalog.link_or_title": {
        "es": "indique un enlace o un título",
        "en": "give a link or a title",
    },
    "err.json.null": {"es": "null (ningún valor)", "en": "null"},
    "err.json.boolean": {"es": "{value} (un valor lógico)", "en": "{value} (a boolean)"},
    "err.json.number": {"es": "{value!r} (un número)", "en": "{value!r} (a number)"},
    "err.json.text": {"es": "{value!r} (un texto)", "en": "{value!r} (a text)"},
    "err.json.empty_text": {"es": "un texto vacío", "en": "an empty text"},
    "err.json.a_text": {"es": "un texto", "en": "a text"},
    "err.json.a_list": {"es": "una lista", "en": "a list"},
    "err.json.an_object": {"es": "un objeto", "en": "an object"},
    "err.json.a_list_of_objects": {"es": "una lista de objetos", "en": "a list of objects"},
    "err.json.a_json_object": {"es": "un objeto JSON", "en": "a JSON object"},
    "err.json.a_theme_slug": {
        "es": "el identificador de una temática (un texto)",
        "en": "a theme slug (a text)",
    },
    # -- values typed on the command line or in a page ----------------------------------
    "err.user.username": {
        "es": "un nombre de usuario tiene de 2 a 100 letras, dígitos, '.', '_', '@' o '-'",
        "en": "a username is 2-100 letters, digits, '.', '_', '@' or '-'",
    },
    "err.user.password_short": {
        "es": "la contraseña debe tener al menos {count} caracteres",
        "en": "the password must have at least {count} characters",
    },
    "err.user.institution_needed": {
        "es": "un usuario de institución necesita --institution SLUG",
        "en": "an institution user needs --institution SLUG",
    },
    "err.user.institution_only": {
        "es": "solo un usuario de institución se vincula a una institución",
        "en": "only an institution user is bound to an institution",
    },
    "err.thread.link_or_title": {
        "es": "indique el enlace o el título del hilo",
        "en": "give either a thread link or a thread title",
    },
    "err.people.identity": {
        "es": "--identity {item!r}: escriba CANAL:IDENTIDAD",
        "en": "--identity {item!r}: write CHANNEL:IDENTITY",
    },
    "err.report.format": {
        "es": "formato desconocido {name!r}; use {formats}",
        "en": "unknown format {name!r}; use {formats}",
    },
    "err.report.language": {
        "es": "idioma desconocido {value!r}; use es o en",
        "en": "unknown language {value!r}; use es or en",
    },
    "err.report.which_consultation": {
        "es": "indique la consulta",
        "en": "say which consultation",
    },
    "err.period.as_of": {
        "es": "fecha no válida: {value!r} (se esperaba una fecha como 2018-10-31, 'closing' o "
        "'today')",
        "en": "{value!r} is not a date like 2018-10-31, 'closing' or 'today'",
    },
    "err.period.timezone": {
        "es": "zona horaria desconocida {name!r}",
        "en": "unknown time zone {name!r}",
    },
    "err.period.week": {
        "es": "{value!r} no es una semana ISO como 2018-W26",
        "en": "{value!r} is not an ISO week like 2018-W26",
    },
    "err.period.no_such_week": {
        "es": "{value!r}: el año {year} no tiene semana {week}",
        "en": "{value!r}: {year} has no week {week}",
    },
    "err.period.ends_before_start": {
        "es": "el período termina ({last}) antes de empezar ({first})",
        "en": "the period ends ({last}) before it starts ({first})",
    },
    "err.period.date": {
        "es": "fecha no válida: {value!r} (se esperaba una fecha como 2018-06-17)",
        "en": "{value!r} is not a date like 2018-06-17",
    },
    # -- labelled examples for the extraction model ---------------------------------------
    "err.labels.label": {
        "es": "se esperaba 1/0 (o sí/no); se encontró {value!r}",
        "en": "expected 1/0 (or yes/no), got {value!r}",
    },
    "err.labels.missing_text": {
        "es": "columna obligatoria ausente 'text'",
        "en": "missing column 'text'",
    },
    "err.labels.no_label_column": {
        "es": "no hay columna de etiqueta (una de {columns})",
        "en": "no label column (one of {columns})",
    },
    "err.labels.empty_text": {"es": "texto vacío", "en": "empty text"},
    "err.labels.sentiment": {
        "es": "el sentimiento debe ser negative, neutral o positive; se encontró {value!r}",
        "en": "sentiment must be negative, neutral or positive, got {value!r}",
    },
}
