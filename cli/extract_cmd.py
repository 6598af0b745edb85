"""``pulso extract`` (score, train, evaluate, versions) and ``pulso review`` (the queue)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from pulso.analytics.decision import thresholds_by_version
from pulso.analytics.extraction import read_labelled_csv
from pulso.analytics.extraction.evaluation import format_curve, format_report
from pulso.cli.language import cli_language, error_text, number, say
from pulso.cli.options import lang_option
from pulso.consultation import review as review_lib
from pulso.consultation.learning import (
    SEED_ONLY,
    decisions_pending,
    evaluate_default,
    evaluate_file,
    learning_curve,
    retrain_if_due,
    version_label,
)
from pulso.consultation.scoring import (
    activate,
    active_version,
    default_consultation_id,
    ensure_model,
    list_versions,
    score_pending,
    theme_infos,
    train,
)
from pulso.db.context import engine_from_settings, require_schema, unit_of_work
from pulso.db.engine import transaction
from pulso.errors import NotFound, PulsoError
from pulso.i18n import format_number, register, t
from pulso.settings import get_settings

register(
    {
        "review.empty": {"es": "no hay comentarios pendientes", "en": "no pending comments"},
        "review.keys": {
            "es": "[c] confirmar  [t] cambiar tema  [r] rechazar  [a] abusivo  [s] saltar  "
            "[q] salir",
            "en": "[c] confirm  [t] change theme  [r] reject  [a] abusive  [s] skip  [q] quit",
        },
        "review.why": {"es": "por qué", "en": "why"},
        "review.theme": {"es": "tema sugerido", "en": "suggested theme"},
        "review.choose_theme": {"es": "tema (slug)", "en": "theme (slug)"},
        "review.summary": {
            "es": "resumen (Enter para ninguno)",
            "en": "summary (Enter for none)",
        },
        "review.done": {
            "es": "{n} decisiones guardadas",
            "en": "{n} decisions saved",
        },
        "review.abuse": {"es": "posible abuso", "en": "possibly abusive"},
    }
)


@click.group()
def extract() -> None:
    """Score comments as proposals, train and version the model, and measure it."""


@extract.command("score")
@click.option("--consultation", help="Only this consultation's comments (slug).")
@click.option("--version", help="Model version to score with (default: the active one).")
def extract_score(consultation: str | None, version: str | None) -> None:
    """Store a suggestion (proposal score, evidence, themes, abuse, sentiment) for every
    comment the model has not scored yet."""
    with unit_of_work() as session:
        if version is None:
            _, version = ensure_model(session=session, actor="pulso extract score")
        result = score_pending(session=session, version=version, consultation=consultation)
        click.echo(
            say("cli.extract.score.say.done", count=number(result.scored), version=result.version)
        )


@extract.command("train")
@click.option("--activate", "activate_version", help="Only activate this existing version.")
@click.option("--actor", default="pulso extract train", show_default=True, help="Who trains.")
def extract_train(activate_version: str | None, actor: str) -> None:
    """Refit on the seed set plus every reviewed comment, store a new version and activate
    it (previous versions are kept). With --activate VERSION, roll back or forward instead."""
    with unit_of_work() as session:
        if activate_version:
            row = activate(session=session, version=activate_version, actor=actor)
            click.echo(say("cli.extract.train.say.activated", version=row.version))
            return
        row = train(session=session, actor=actor)
        m = row.metrics or {}
        click.echo(
            say(
                "cli.extract.train.say.trained",
                version=row.version,
                rows=number(row.training_rows),
                seed=number(m.get("seed_rows", 0)),
                reviewed=number(m.get("reviewed_rows", 0)),
            )
        )


@extract.command("learn")
@click.option(
    "--every",
    type=click.IntRange(min=1),
    help="Decisions since the active model that make a new one due "
    "(default PULSO_EXTRACT_RETRAIN_EVERY).",
)
def extract_learn(every: int | None) -> None:
    """Train a new version if enough reviewer decisions were made since the active one was
    trained; activate it only when it is not worse on those decisions."""
    with unit_of_work() as session:
        if not _learn(session, every or get_settings().extract_retrain_every):
            pending = number(decisions_pending(session=session))
            click.echo(say("cli.extract.learn.say.nothing", count=pending))


def _learn(session, every: int) -> bool:
    result = retrain_if_due(session=session, every=every)
    if result is None:
        return False
    state = say(
        "cli.extract.learn.say.activated" if result.activated else "cli.extract.learn.say.kept"
    )
    lang = cli_language()
    click.echo(
        say(
            "cli.extract.learn.say.trained",
            version=version_label(result.version, lang),
            decisions=number(result.decisions),
            state=state,
            candidate=_f1_text(result.candidate, lang),
            active=_f1_text(result.active, lang),
        )
    )
    return True


# The labels of a version's F1 figures (``consultation.learning.Retrained``).
_F1_LABELS = {"is_proposal": "label_proposal", "abusive": "review_abusive"}


def _f1_text(scores: dict[str, float | None], lang: str) -> str:
    """``{"is_proposal": 0.71, "abusive": 0.8}`` as "propuesta 0,71, abusivo 0,80"."""
    return ", ".join(
        f"{t(_F1_LABELS.get(name, name), lang)} "
        f"{'—' if value is None else format_number(value, lang, 2)}"
        for name, value in scores.items()
    )


@extract.command("versions")
def extract_versions() -> None:
    """List model versions (the active one is marked with *)."""
    with unit_of_work() as session:
        rows = list_versions(session=session)
        if not rows:
            click.echo(say("cli.extract.versions.say.none"))
        thresholds = thresholds_by_version(session=session, versions=[r.version for r in rows])
        for row in rows:
            m = row.metrics or {}
            mark = "*" if row.is_active else " "
            own = thresholds[row.version]
            click.echo(
                say(
                    "cli.extract.versions.say.row",
                    mark=mark,
                    version=row.version,
                    created=f"{row.created_at:%Y-%m-%d %H:%M}",
                    rows=number(row.training_rows),
                    reviewed=number(m.get("reviewed_rows", 0)),
                    proposal=f"{own.proposal:.2f}",
                    abuse=f"{own.abuse:.2f}",
                )
            )


@extract.command("evaluate")
@click.option(
    "--labels",
    "path",
    type=click.Path(path_type=Path),
    help="CSV with a text column and any of is_proposal, theme, abusive.",
)
@click.option(
    "--learning-curve",
    "curve_path",
    type=click.Path(path_type=Path),
    help="Simulate reviewers: train on the seed plus k labelled rows of this CSV "
    "(k = 0, 25, 50, 100, 200, 400) and measure each model on the rest.",
)
@click.option("--version", help="Model version (default: the active one).")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=None,
    help="Score at or above which a comment counts as a proposal (or as abusive); default: "
    "the model's own threshold of each label, chosen when it was trained.",
)
@click.option(
    "--tier",
    type=click.Choice(["full", "lexical"]),
    default="full",
    show_default=True,
    help="Both tiers, or the fast lexical tier alone.",
)
@click.option(
    "--seed-only",
    is_flag=True,
    help="Evaluate the model that ships with Pulso, trained on the seed set alone "
    "(no database needed).",
)
@click.option("--consultation", help="Consultation whose themes the theme column names.")
def extract_evaluate(path, curve_path, version, threshold, tier, seed_only, consultation) -> None:
    """Print precision, recall, F1, average precision and the threshold per label, and the
    confusion matrix, on a labelled CSV; or a learning curve (--learning-curve)."""
    if (path is None) == (curve_path is None):
        raise click.UsageError(say("cli.extract.evaluate.say.which"))
    if seed_only:
        if curve_path is not None:
            raise click.UsageError(say("cli.extract.evaluate.say.seed_only"))
        rows = read_labelled_csv(path)
        result = evaluate_default(rows=rows, threshold=threshold, tier=tier)
        _evaluated(result, tier, path, rows)
        return
    with unit_of_work() as session:
        if curve_path is not None:
            click.echo(say("cli.extract.evaluate.say.curve", path=curve_path))
            points = learning_curve(session=session, path=curve_path, threshold=threshold)
            click.echo(format_curve(points, cli_language()), nl=False)
            return
        rows = read_labelled_csv(path)
        result = evaluate_file(
            session=session,
            rows=rows,
            version=version,
            consultation=consultation,
            threshold=threshold,
            tier=tier,
        )
    _evaluated(result, tier, path, rows)


def _evaluated(result, tier: str, path: Path, rows: list) -> None:
    if result.version == SEED_ONLY:
        name = say("cli.extract.evaluate.say.seed_model")
    else:
        name = version_label(result.version, cli_language())
    click.echo(
        say(
            "cli.extract.evaluate.say.model",
            version=name,
            tier=say(f"cli.extract.evaluate.say.tier.{tier}"),
            path=path,
            rows=number(len(rows)),
        )
    )
    click.echo(format_report(result.reports, cli_language()), nl=False)


# --------------------------------------------------------------------------------------
# pulso review
# --------------------------------------------------------------------------------------


def _queue_filters(f):
    f = click.option("--platform", type=click.Choice(["facebook", "x", "disqus", "web"]),
                     help="Only comments from this platform.")(f)  # fmt: skip
    f = click.option("--consultation", help="Only this consultation (slug).")(f)
    f = click.option("--post", "post_id", type=int, help="Only comments on this post (id).")(f)
    f = click.option("--min-score", type=float, help="Only comments scoring at least this.")(f)
    f = click.option(
        "--order",
        type=click.Choice(["score", "uncertain"]),
        default="score",
        show_default=True,
        help="Most likely proposals first, or the model's closest calls first (each decision "
        "then teaches it the most).",
    )(f)
    return f


def _describe(item: review_lib.QueueItem, lang: str) -> str:
    lines = [
        f"#{item.comment_id} · {item.platform} · {item.created_at:%Y-%m-%d %H:%M} · "
        f"{item.proposal_score:.2f}"
        + (f" · {t('review.abuse', lang)} {item.abuse_score:.2f}" if item.likely_abusive else "")
        + f" · {item.sentiment or '-'}",
        textwrap.indent(textwrap.fill(item.text, 90) or t("cli.review.say.empty_text", lang), "  "),
    ]
    why = []
    if item.evidence.get("cues"):
        why.append(", ".join(item.evidence["cues"]))
    for near in item.evidence.get("nearest", []):
        why.append(f'≈ "{near["text"][:70]}" ({near["label"]}, {near["similarity"]:.2f})')
    if item.evidence.get("abuse_cues"):
        why.append(
            t("cli.review.say.abuse_cues", lang, cues=", ".join(item.evidence["abuse_cues"]))
        )
    if why:
        lines.append(f"  {t('review.why', lang)}: " + " | ".join(why))
    if item.themes:
        themes = ", ".join(f"{x['slug']} {x['score']:.2f}" for x in item.themes)
        lines.append(f"  {t('review.theme', lang)}: {themes}")
    return "\n".join(lines)


@click.group(invoke_without_command=True)
@_queue_filters
@click.option("--reviewer", help="Your name, recorded with each decision.")
@click.option("--limit", default=50, show_default=True, help="How many comments to go through.")
@lang_option
@click.pass_context
def review(ctx, platform, consultation, post_id, min_score, order, reviewer, limit, lang) -> None:
    """Go through the review queue interactively (most likely proposals first): c confirm,
    t change theme, r reject, a abusive, s skip, q quit."""
    if ctx.invoked_subcommand is not None:
        return
    if not reviewer:
        reviewer = click.prompt(t("cli.review.say.reviewer_prompt", lang))
    engine = engine_from_settings()
    try:
        require_schema(engine)
        with transaction(engine) as session:
            _, version = ensure_model(session=session, actor=reviewer)
            score_pending(session=session, version=version, consultation=consultation)
            items = review_lib.review_queue(
                session=session,
                platform=platform,
                consultation=consultation,
                post_id=post_id,
                min_score=min_score,
                limit=limit,
                order=order,
            )
        if not items:
            click.echo(t("review.empty", lang))
            return
        saved = 0
        for n, item in enumerate(items, start=1):
            click.echo(f"\n[{n}/{len(items)}] " + _describe(item, lang))
            click.echo(t("review.keys", lang))
            key = click.prompt(">", type=click.Choice(list("ctrasq")), show_choices=False)
            if key == "q":
                break
            if key == "s":
                continue
            try:
                with transaction(engine) as session:  # each decision commits on its own
                    saved += _apply(session, item, key, reviewer, consultation, lang)
            except PulsoError as exc:  # e.g. decided meanwhile by someone else: go on
                click.echo(say("cli.error.line", message=error_text(exc)), err=True)
        click.echo(t("review.done", lang, n=saved))
        if saved:
            with transaction(engine) as session:
                _learn(session, get_settings().extract_retrain_every)
    finally:
        engine.dispose()


KEY_ACTIONS = {"c": "confirm", "t": "confirm", "r": "reject", "a": "abusive"}


def _apply(session, item, key: str, reviewer: str, consultation: str | None, lang: str) -> int:
    theme = summary = None
    if key == "t":
        choices = [x.slug for x in _themes_of(session, item, consultation)]
        theme = click.prompt(
            t("review.choose_theme", lang),
            type=click.Choice(choices) if choices else str,
            default=item.suggested_theme,
        )
    if KEY_ACTIONS[key] == "confirm":
        summary = click.prompt(t("review.summary", lang), default="", show_default=False)
    decision = review_lib.decide(
        session,
        comment_id=item.comment_id,
        action=KEY_ACTIONS[key],
        reviewer=reviewer,
        theme=theme,
        summary=summary,
        consultation=consultation,
    )
    if decision.proposal_id is not None:
        proposal, theme = decision.proposal_id, decision.theme or "-"
        click.echo(t("cli.review.say.proposal", lang, id=proposal, theme=theme))
    return 1


def _themes_of(session, item, consultation):
    cid = item.consultation_id or default_consultation_id(session=session, slug=consultation)
    return theme_infos(session=session, consultation_id=cid)


@review.command("list")
@_queue_filters
@click.option("--limit", default=20, show_default=True, help="How many comments to list.")
@lang_option
def review_list(platform, consultation, post_id, min_score, order, limit, lang) -> None:
    """List the review queue (pending comments, most likely proposals first)."""
    with unit_of_work() as session:
        if active_version(session=session) is None:
            raise NotFound.of("err.no_active_model")
        items = review_lib.review_queue(
            session=session,
            platform=platform,
            consultation=consultation,
            post_id=post_id,
            min_score=min_score,
            limit=limit,
            order=order,
        )
        if not items:
            click.echo(t("review.empty", lang))
        for item in items:
            click.echo(_describe(item, lang))


@review.command("decide")
@click.argument("comment_id", type=int)
@click.option("--confirm", "action", flag_value="confirm", help="It is a proposal.")
@click.option("--reject", "action", flag_value="reject", help="It is not a proposal.")
@click.option("--abusive", "action", flag_value="abusive", help="It insults or attacks.")
@click.option("--theme", help="Theme slug (confirm only; default: the suggested theme).")
@click.option("--summary", help="Edited summary of the proposal (confirm only).")
@click.option("--consultation", help="Consultation slug, when the comment's post doesn't tell.")
@click.option("--reviewer", required=True, help="Your name, recorded with the decision.")
def review_decide(comment_id, action, theme, summary, consultation, reviewer) -> None:
    """Record one decision on COMMENT_ID without the interactive queue."""
    if action is None:
        raise click.UsageError(say("cli.review.decide.say.which"))
    if action != "confirm" and (theme or summary):
        raise click.UsageError(say("cli.review.decide.say.confirm_only"))
    with unit_of_work() as session:
        d = review_lib.decide(
            session,
            comment_id=comment_id,
            action=action,
            reviewer=reviewer,
            theme=theme,
            summary=summary,
            consultation=consultation,
        )
    if action == "confirm":
        theme = d.theme or "-"
        key = "cli.review.decide.say.confirmed"
        click.echo(say(key, id=comment_id, proposal=d.proposal_id, theme=theme))
    else:
        click.echo(
            say(
                f"cli.review.decide.say.{'rejected' if action == 'reject' else 'abusive'}",
                id=comment_id,
            )
        )
