"""Can the database a URL names be opened? Checked before a command starts anything, so a
bad path is one line naming it instead of "unable to open database file" halfway through.

Only what can be known without side effects: for SQLite, whether the file (or the folder
that would hold it) exists and may be read and written; any other database is reached
only when the command connects (``pulso check`` tries it).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from pulso.errors import ConfigError


def sqlite_path(url: str) -> Path | None:
    """The file a SQLite URL names (None for another database or an in-memory one)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError.of("err.database.not_url") from None
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database).expanduser().absolute()


def check_database_url(url: str) -> None:
    """Raise ``ConfigError`` naming the path when a SQLite database cannot be opened or
    created there; nothing for another database."""
    path = sqlite_path(url)
    if path is None:
        return
    if path.exists():
        if path.is_dir():
            raise ConfigError.of("err.database.is_folder", path=path)
        if not os.access(path, os.R_OK | os.W_OK):
            raise ConfigError.of("err.database.not_read_write", path=path)
        folder = path.parent
        if not os.access(folder, os.W_OK | os.X_OK):
            # SQLite writes its journal (-wal, -shm) next to the file.
            raise ConfigError.of("err.database.folder_not_writable", folder=folder, path=path)
        return
    folder = path.parent
    if not folder.is_dir():
        raise ConfigError.of("err.database.no_folder", path=path, folder=folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError.of("err.database.cannot_create", path=path, folder=folder)
