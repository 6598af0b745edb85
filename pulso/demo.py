"""The main job end to end on an embedded SQLite database, for a new user with no credentials.

At this stage it creates the database, loads the 2018 consultation (themes and competent
institutions) and prints it. Later stages add the sandbox servers, collection, extraction
and reports to the same function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from db.catalog import list_institutions, list_themes, load_consultation_file
from db.engine import make_engine, transaction
from db.migrate import upgrade
from pulso.i18n import format_date, t

SAMPLE_CONSULTATION = "consultation_2018.json"


@dataclass
class DemoResult:
    database: Path
    consultation: str
    themes: int
    institutions: int


def sample_path(name: str) -> Path:
    return Path(str(resources.files("sandbox") / "data" / name))


def run_demo(out: Path, *, lang: str = "es", echo: Callable[[str], None] = print) -> DemoResult:
    out.mkdir(parents=True, exist_ok=True)
    database = out / "pulso.db"
    engine = make_engine(f"sqlite:///{database}")
    try:
        before, after = upgrade(engine)
        echo(f"database {database}: schema {before or 'empty'} -> {after}")
        with transaction(engine) as session:
            consultation = load_consultation_file(sample_path(SAMPLE_CONSULTATION), session=session)
            themes = list_themes(session=session, consultation=consultation)
            institutions = list_institutions(session=session)
            echo("")
            echo(f"{t('consultation', lang)}: {consultation.name}")
            echo(
                "  "
                + t(
                    "from_to",
                    lang,
                    start=format_date(consultation.starts_on, lang),
                    end=format_date(consultation.ends_on, lang),
                )
            )
            echo(f"{t('themes', lang)} ({len(themes)}):")
            for theme in themes:
                echo(f"  {theme.position}. {theme.name(lang)}")
            echo(f"{t('institutions', lang)} ({len(institutions)}):")
            for inst in institutions:
                competent = ", ".join(theme.name(lang) for theme in inst.themes)
                echo(f"  {inst.acronym or inst.slug}: {inst.name} — {competent}")
            return DemoResult(database, consultation.slug, len(themes), len(institutions))
    finally:
        engine.dispose()
