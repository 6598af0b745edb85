"""``pulso extract`` (score, train, evaluate, versions) and ``pulso review`` (the queue)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from pulso.analytics.extraction import read_labelled_csv
from pulso.analytics.extraction.evaluation import format_curve, format_report
from pulso.cli.options import lang_option
from pulso.consultation import review as review_lib
from pulso.consultation.learning import (
    decisions_pending,
    evaluate_default,
    evaluate_file,
    learning_curve,
    retrain_if_due,
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
from pulso.i18n import register, t
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
        click.echo(f"{result.scored} comments scored with model {result.version}")


@extract.command("train")
@click.option("--activate", "activate_version", help="Only activate this existing version.")
@click.option("--actor", default="pulso extract train", show_default=True, help="Who trains.")
def extract_train(activate_version: str | None, actor: str) -> None:
    """Refit on the seed set plus every reviewed comment, store a new version and activate
    it (previous versions are kept). With --activate VERSION, roll back or forward instead."""
    with unit_of_work() as session:
        if activate_version:
            row = activate(session=session, version=activate_version, actor=actor)
            click.echo(f"model {row.version} is active")
            return
        row = train(session=session, actor=actor)
        m = row.metrics or {}
        click.echo(
            f"model {row.version} trained on {row.training_rows} rows "
            f"({m.get('seed_rows', 0)} seed + {m.get('reviewed_rows', 0)} reviewed) and active"
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
            click.echo(f"{decisions_pending(session=session)} new decisions: nothing to train")


def _learn(session, every: int) -> bool:
    result = retrain_if_due(session=session, every=every)
    if result is None:
        return False
    state = "activated" if result.activated else "kept inactive: worse than the active one"
    click.echo(
        f"model {result.version} trained with {result.decisions} new decisions ({state}; "
        f"F1 on them: candidate {result.candidate}, active {result.active})"
    )
    return True


@extract.command("versions")
def extract_versions() -> None:
    """List model versions (the active one is marked with *)."""
    with unit_of_work() as session:
        rows = list_versions(session=session)
        if not rows:
            click.echo("no model versions yet: run `pulso extract train`")
        for row in rows:
            m = row.metrics or {}
            mark = "*" if row.is_active else " "
            click.echo(
                f"{mark} {row.version}\t{row.created_at:%Y-%m-%d %H:%M}\t"
                f"{row.training_rows} rows\t{m.get('reviewed_rows', 0)} reviewed"
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
    default=0.5,
    show_default=True,
    help="Score at or above which a comment counts as a proposal (or as abusive).",
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
        raise click.UsageError("give --labels FILE or --learning-curve FILE")
    if seed_only:
        if curve_path is not None:
            raise click.UsageError("--seed-only goes with --labels")
        rows = read_labelled_csv(path)
        result = evaluate_default(rows=rows, threshold=threshold, tier=tier)
        click.echo(f"model {result.version} ({tier}) on {path} ({len(rows)} rows)")
        click.echo(format_report(result.reports), nl=False)
        return
    with unit_of_work() as session:
        if curve_path is not None:
            click.echo(f"learning curve on {curve_path} (seed + k rows of the file)")
            points = learning_curve(session=session, path=curve_path, threshold=threshold)
            click.echo(format_curve(points), nl=False)
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
    click.echo(f"model {result.version} ({tier}) on {path} ({len(rows)} rows)")
    click.echo(format_report(result.reports), nl=False)


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
        + (
            f" · {t('review.abuse', lang)} {item.abuse_score:.2f}"
            if item.abuse_score >= 0.5
            else ""
        )
        + f" · {item.sentiment or '-'}",
        textwrap.indent(textwrap.fill(item.text, 90) or "(vacío)", "  "),
    ]
    why = []
    if item.evidence.get("cues"):
        why.append(", ".join(item.evidence["cues"]))
    for near in item.evidence.get("nearest", []):
        why.append(f'≈ "{near["text"][:70]}" ({near["label"]}, {near["similarity"]:.2f})')
    if item.evidence.get("abuse_cues"):
        why.append("abuse: " + ", ".join(item.evidence["abuse_cues"]))
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
        reviewer = click.prompt("reviewer")
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
                click.echo(f"error: {exc}", err=True)
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
        click.echo(f"→ proposal {decision.proposal_id} ({decision.theme or '-'})")
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
            raise NotFound("no active extraction model: run `pulso extract score` first")
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
        raise click.UsageError("say --confirm, --reject or --abusive")
    if action != "confirm" and (theme or summary):
        raise click.UsageError("--theme and --summary go with --confirm")
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
        click.echo(f"comment {comment_id}: confirmed → proposal {d.proposal_id} ({d.theme or '-'})")
    else:
        click.echo(f"comment {comment_id}: {'rejected' if action == 'reject' else 'abusive'}")
