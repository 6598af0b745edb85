"""The short summary ``pulso demo`` prints (Spanish by default, English with ``--lang en``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pulso.i18n import format_number, register, t

register(
    {
        "demo.consultation": {"es": "Consulta: {name}", "en": "Consultation: {name}"},
        "demo.collected": {
            "es": "Recolectado del sandbox (API simuladas en 127.0.0.1, clientes reales):",
            "en": "Collected from the sandbox (simulated APIs on 127.0.0.1, real clients):",
        },
        "demo.facebook": {
            "es": "  Facebook: {posts} publicaciones, {comments} comentarios",
            "en": "  Facebook: {posts} posts, {comments} comments",
        },
        "demo.x": {
            "es": "  X: {posts} publicaciones, {retweets} retuits, {likes} me gusta, "
            "{replies} respuestas",
            "en": "  X: {posts} posts, {retweets} reposts, {likes} likes, {replies} replies",
        },
        "demo.disqus": {
            "es": "  Sitio de consulta (Disqus): {comments} mensajes",
            "en": "  Consultation website (Disqus): {comments} messages",
        },
        "demo.proposals": {
            "es": "Propuestas contabilizadas: {total} ({structured} estructuradas en la "
            "plantilla oficial)",
            "en": "Proposals counted: {total} ({structured} structured in the official template)",
        },
        "demo.by_theme": {
            "es": "Consulta web por temática (propuestas / personas):",
            "en": "Web consultation by theme (proposals / people):",
        },
        "demo.files": {
            "es": "Informes ({count} archivos) en {folder}",
            "en": "Reports ({count} files) in {folder}",
        },
        "demo.main": {
            "es": "  informe de la consulta: {path}",
            "en": "  consultation report: {path}",
        },
        "demo.database": {"es": "Base de datos: {path}", "en": "Database: {path}"},
        "demo.browse": {
            "es": "Para abrir el panel web con estos datos:",
            "en": "To open the web dashboard on this data:",
        },
        "demo.user": {"es": "pide una contraseña", "en": "asks for a password"},
    }
)


def print_summary(result, *, lang: str, echo: Callable[[str], None]) -> None:
    """Figures from the consultation report's data, as the reports show them."""
    data, n = result.report, (lambda v: format_number(v, lang))
    c = result.collected
    echo(t("demo.consultation", lang, name=data["consultation"]["name"]))
    echo(t("demo.collected", lang))
    echo(t("demo.facebook", lang, posts=n(c["facebook"]["posts"]),
           comments=n(c["facebook"]["comments"])))  # fmt: skip
    x = data["x"]
    echo(t("demo.x", lang, posts=n(x["posts"]), retweets=n(x["retweets"]), likes=n(x["likes"]),
           replies=n(x["replies"])))  # fmt: skip
    echo(t("demo.disqus", lang, comments=n(c["disqus"]["comments"])))
    proposals = data["proposals"]
    echo(t("demo.proposals", lang, total=n(proposals["total"]),
           structured=n(proposals["structured"])))  # fmt: skip
    echo(t("demo.by_theme", lang))
    rows = data["web_by_theme"]
    width = max((len(r["theme"]) for r in rows), default=0)
    for r in rows:
        echo(f"  {r['theme']:<{width}}  {n(r['proposals']):>4} / {n(r['people']):>3}")
    echo(t("demo.files", lang, count=len(result.files), folder=result.reports))
    main = [p for p in result.files if p.name.startswith("consultation-") and p.suffix == ".pdf"]
    if main:
        echo(t("demo.main", lang, path=main[0]))
    echo(t("demo.database", lang, path=result.database))
    # The commands, not the secret: it stays in its file.
    from pulso.cli.demo_run import DEMO_AS_OF, SECRET_FILE

    secret = Path(result.database).parent / SECRET_FILE
    echo(t("demo.browse", lang))
    for line in (
        f"  export PULSO_DATABASE_URL=sqlite:///{Path(result.database).resolve()}",
        f'  export PULSO_AUTHOR_KEY_SECRET="$(cat {secret.resolve()})"',
        "  export PULSO_WEB_SESSION_SECRET=\"$(python3 -c 'import secrets; "
        "print(secrets.token_hex(32))')\"",
        # The dashboard's Reports page lists (and writes) the demo's report files.
        f"  export PULSO_WEB_REPORTS_DIR={Path(result.reports).resolve()}",
        # Deadlines counted at the demo's own date, not today.
        f"  export PULSO_AS_OF={DEMO_AS_OF.isoformat()}",
        f"  .venv/bin/pulso user add ana --role admin    # {t('demo.user', lang)}",
        "  .venv/bin/pulso serve --no-scheduler         # http://127.0.0.1:8000",
    ):
        echo(line)
