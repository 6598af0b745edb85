"""Messages of the errors a user can cause in the consultation workflow and the review
(``WorkflowError``, ``NotFound``): raised with ``Error.of(key, **values)``, they read in
English on the command line and in the page's language on the web.

The English texts are the command line's, so they name its options where it helps; the
Spanish ones are read on pages, where there are no options to name. Values such as a
proposal's status or a commitment's field names are ``Label`` keys, translated with the
message.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # -- proposals --------------------------------------------------------------------
    "err.no_proposal": {"es": "no existe la propuesta {id}", "en": "no proposal {id}"},
    "err.status_by_command": {
        "es": "el estado '{status}' lo fija su propia orden (fusionar, enviar, responder); "
        "a mano solo: {allowed}",
        "en": "status '{status}' is set by its own command (merge, route, answer); "
        "by hand only: {allowed}",
    },
    "err.reason_needed": {
        "es": "diga por qué no es una propuesta",
        "en": "say why it is not a proposal (--reason)",
    },
    "err.merged_unmerge_first": {
        "es": "la propuesta {id} está fusionada; deshaga antes la fusión",
        "en": "proposal {id} is merged; un-merge it first",
    },
    "err.theme_of_other_consultation": {
        "es": "{theme} no es una temática de la consulta de la propuesta {id}",
        "en": "theme {theme} is not a theme of proposal {id}'s consultation",
    },
    # -- merging ----------------------------------------------------------------------
    "err.merge_into_uncounted": {
        "es": "la propuesta {id} está en estado «{status}»; fusione en una propuesta contabilizada",
        "en": "proposal {id} is {status}; merge into a counted proposal",
    },
    "err.merge_into_itself": {
        "es": "la propuesta {id} no puede fusionarse consigo misma",
        "en": "proposal {id} cannot be merged into itself",
    },
    "err.merge_across_consultations": {
        "es": "las propuestas {source} y {target} son de consultas distintas",
        "en": "proposals {source} and {target} are in different consultations",
    },
    "err.already_merged": {
        "es": "la propuesta {id} ya está fusionada en la {into}",
        "en": "proposal {id} is already merged into {into}",
    },
    "err.merge_child_first": {
        "es": "la propuesta {children} está fusionada en la {source}; fusiónela en la "
        "{target} o deshaga antes su fusión",
        "en": "proposal {children} is merged into {source}; merge it into {target} or "
        "un-merge it first",
    },
    "err.merge_children_first": {
        "es": "las propuestas {children} están fusionadas en la {source}; fusiónelas en la "
        "{target} o deshaga antes su fusión",
        "en": "proposals {children} are merged into {source}; merge them into {target} or "
        "un-merge them first",
    },
    "err.not_merged": {
        "es": "la propuesta {id} no está fusionada",
        "en": "proposal {id} is not merged",
    },
    "err.some_proposals_missing": {
        "es": "algunas de las propuestas elegidas no existen",
        "en": "some of the chosen proposals do not exist",
    },
    # -- routing ----------------------------------------------------------------------
    "err.route_what": {
        "es": "diga qué propuestas enviar: una temática o números de propuesta",
        "en": "say which proposals to route: a theme or proposal ids",
    },
    "err.route_uncounted": {
        "es": "la(s) propuesta(s) {ids} no son propuestas contabilizadas de {consultation} "
        "(desconocidas, fusionadas o que no son propuestas)",
        "en": "proposal(s) {ids} are not counted proposals of {consultation} (unknown, "
        "merged or not a proposal)",
    },
    "err.route_which_institution": {
        "es": "diga a qué institución",
        "en": "say which institution (--institution)",
    },
    "err.route_which_competent_institution": {
        "es": "diga a qué institución; competentes para {theme}: {options}",
        "en": "say which institution (--institution); competent for {theme}: {options}",
    },
    "err.not_competent": {
        "es": "{institution} no es competente para la temática de la propuesta {id}; "
        "agregue la temática a la institución o envíela aunque no sea competente",
        "en": "{institution} is not competent for the theme of proposal {id}; add the "
        "theme to the institution or use --force",
    },
    "err.no_institution": {
        "es": "no existe la institución {id}",
        "en": "no institution {id}",
    },
    # -- answers ----------------------------------------------------------------------
    "err.answer_decision": {
        "es": "una respuesta acepta o rechaza la propuesta, no '{decision}'",
        "en": "an answer is accepted or rejected, not '{decision}'",
    },
    "err.answer_uncounted": {
        "es": "la propuesta {id} está en estado «{status}»; responda la propuesta en la que cuenta",
        "en": "proposal {id} is {status}; answer the proposal it counts for",
    },
    "err.rejection_needs_justification": {
        "es": "propuesta {id}: un rechazo necesita una justificación",
        "en": "proposal {id}: a rejection needs a justification",
    },
    "err.acceptance_needs_commitment": {
        "es": "propuesta {id}: una aceptación necesita un compromiso SMART",
        "en": "proposal {id}: an acceptance needs a SMART commitment",
    },
    "err.commitment_incomplete": {
        "es": "propuesta {id}: al compromiso SMART le falta {fields}",
        "en": "proposal {id}: the SMART commitment needs {fields}",
    },
    "err.commitment_ends_before_start": {
        "es": "propuesta {id}: el compromiso SMART termina antes de empezar ({fields})",
        "en": "proposal {id}: the SMART commitment needs {fields} (end before start)",
    },
    "field.action": {"es": "acción", "en": "action"},
    "field.indicator": {"es": "indicador", "en": "indicator"},
    "field.baseline": {"es": "línea base", "en": "baseline"},
    "field.target": {"es": "meta", "en": "target"},
    "field.responsible": {"es": "responsable", "en": "responsible"},
    "field.starts_on": {"es": "fecha de inicio", "en": "starts_on"},
    "field.ends_on": {"es": "fecha de fin", "en": "ends_on"},
    "field.milestones": {"es": "hitos", "en": "milestones"},
    # -- review -----------------------------------------------------------------------
    "err.no_comment": {"es": "no existe el comentario {id}", "en": "no comment {id}"},
    "err.already_reviewed": {
        "es": "el comentario {id} ya fue revisado: {status}, por {reviewer}",
        "en": "comment {id} was already reviewed: {status} by {reviewer}",
    },
    "err.which_consultation": {
        "es": "no se sabe de qué consulta es el comentario {id}: elija la consulta",
        "en": "cannot tell which consultation comment {id} belongs to: pass --consultation SLUG",
    },
    "err.review_action": {
        "es": "acción de revisión desconocida: '{action}'",
        "en": "unknown review action '{action}'",
    },
    # -- people -----------------------------------------------------------------------
    "err.no_person": {"es": "no existe la persona {id}", "en": "no person {id}"},
    "err.nobody_with_identity": {
        "es": "nadie con esa identidad de {channel} ha enviado nada",
        "en": "nobody with that {channel} identity has sent anything",
    },
    "err.link_two_people": {
        "es": "para vincular hacen falta al menos dos personas distintas",
        "en": "linking needs at least two different people",
    },
}
