"""The configuration file ``pulso init`` writes and every command reads (``pulso.toml``).

One ``name = value`` line per setting, named as in ``pulso.settings.Settings`` without the
``PULSO_`` prefix. The file holds secrets, so it is created readable and writable by its
owner only (mode 0600) and every rewrite keeps that mode. Nothing here ever prints or logs a
secret's value: ``describe`` masks them.

A secret is never replaced by ``write_missing``: the keyed hashes of commenters and
submitters stored in the database were computed with ``author_key_secret``, and a new
secret would make every later arrival of the same person a stranger. Replacing one is
``replace_value``, called by ``pulso config rotate-secret`` after its own checks.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from pulso.settings import CONFIG_ENV, Settings, read_config_file

# Secrets ``pulso init`` generates; each may be rotated with ``pulso config rotate-secret``.
GENERATED_SECRETS = ("author_key_secret", "web_session_secret")
FILE_MODE = 0o600

HEADER = """\
# Pulso configuration, written by `pulso init`.
# One setting per line, named as the PULSO_* environment variables without the prefix
# (database_url = PULSO_DATABASE_URL); an environment variable overrides the line.
# This file holds secrets: keep it readable only by its owner (chmod 600), out of version
# control and out of backups others can read. Never change author_key_secret by hand: the
# keyed hashes of commenters already stored were made with it (`pulso config rotate-secret`).
"""


def new_secret() -> str:
    """A fresh random secret (256 bits, URL-safe text)."""
    return secrets.token_urlsafe(32)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    # A JSON string is a valid TOML basic string (same escapes).
    return json.dumps(str(value), ensure_ascii=False)


def _line(name: str, value: object) -> str:
    return f"{name} = {_toml_value(value)}\n"


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all, mode 0600 from the first byte."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_missing(path: Path, values: Mapping[str, object]) -> list[str]:
    """Create ``path`` with ``values``, or add to it the names it lacks; never change a value
    already there. Returns the names written (empty: the file already had them all)."""
    if not path.exists():
        _write_private(path, HEADER + "".join(_line(k, v) for k, v in values.items()))
        return list(values)
    present = read_config_file(path)
    missing = {k: v for k, v in values.items() if k not in present}
    if missing:
        text = path.read_text(encoding="utf-8")
        if text and not text.endswith("\n"):
            text += "\n"
        _write_private(path, text + "".join(_line(k, v) for k, v in missing.items()))
    return list(missing)


def replace_value(path: Path, name: str, value: object) -> None:
    """Set ``name`` to ``value`` in the file, in place of its line (or at the end), keeping
    every other line and comment as it was."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    pattern = re.compile(rf"^[ \t]*{re.escape(name)}[ \t]*=.*$\n?", re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _m: _line(name, value), text, count=1)
    else:
        text = (text if text.endswith("\n") else text + "\n") + _line(name, value)
    _write_private(path, text)


def loose_permissions(path: Path) -> bool:
    """Whether others than the owner may read or write the file."""
    try:
        return bool(path.stat().st_mode & 0o077)
    except OSError:
        return False


@dataclass(frozen=True)
class Shown:
    """One setting as ``pulso config show`` prints it: never a secret's value."""

    name: str
    value: str
    source: str  # "env", "file", ".env" or "default"
    secret: bool


def describe(
    settings: Settings, *, file_values: Mapping[str, object], environ: Mapping[str, str]
) -> list[Shown]:
    """Every setting with where its value came from; secrets as ``********`` (set) or
    empty (unset)."""
    out = []
    for name in Settings.model_fields:
        value = getattr(settings, name)
        secret = isinstance(value, SecretStr) or "secret" in name or "token" in name
        if f"PULSO_{name.upper()}" in environ:
            source = "env"
        elif name in file_values:
            source = "file"
        elif name in settings.model_fields_set:
            source = ".env"
        else:
            source = "default"
        if secret:
            shown = "********" if value else ""
        elif isinstance(value, list):
            shown = ",".join(str(v) for v in value)
        elif name == "database_url":
            shown = mask_url(str(value))
        else:
            shown = "" if value is None else str(value)
        out.append(Shown(name, shown, source, secret))
    return out


def mask_url(url: str) -> str:
    """A database URL without its password."""
    return re.sub(r"(//[^:/@]+:)[^@]*@", r"\1***@", url)


def unknown_names(file_values: Iterable[str]) -> list[str]:
    """Names in the file that are no setting (a typo is otherwise silently ignored)."""
    return sorted(set(file_values) - set(Settings.model_fields))


__all__ = [
    "CONFIG_ENV",
    "GENERATED_SECRETS",
    "Shown",
    "describe",
    "loose_permissions",
    "mask_url",
    "new_secret",
    "replace_value",
    "unknown_names",
    "write_missing",
]
