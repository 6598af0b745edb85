"""Errors that reach the user as one line.

A ``PulsoError`` is a domain or user error: the CLI prints ``error: <message>`` (in the
command line's language when the error was made with a catalogue key) and exits non-zero,
without a traceback (one with ``exit_code = 0`` is a notice: the message alone). Anything
else is a bug and keeps its traceback.
"""

from __future__ import annotations

from typing import Self

from pulso.i18n import t


class PulsoError(Exception):
    """Base class of every error that is the user's to fix.

    ``Error.of(key, **values)`` makes one whose message is in the catalogue
    (``pulso.i18n``): ``str()`` is the English text (the command line, logs) and
    ``localized(lang)`` the text in a page's language.
    """

    exit_code = 1
    key: str | None = None
    values: dict[str, object] = {}

    @classmethod
    def of(cls, key: str, **values: object) -> Self:
        error = cls(t(key, "en", **values))
        error.key, error.values = key, values
        return error

    def localized(self, lang: str) -> str:
        """The message in ``lang`` (an error made without a key has only its own text)."""
        if self.key is None:
            return str(self)
        return t(self.key, lang, **self.values)


class ConfigError(PulsoError):
    """Missing or invalid settings."""


class KeyedValueError(ValueError):
    """A settings validator's error whose message is in the catalogue: ``str()`` is the
    English text (pydantic's message), ``key`` and ``values`` translate it."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(t(key, "en", **values))
        self.key, self.values = key, values


class NotFound(PulsoError):
    """A named object (consultation, theme, post, ...) does not exist."""


class InputError(PulsoError):
    """A malformed input file or value. The message names the file, line and field:
    ``InputError.of(key, path=..., line=..., field=..., **values)`` for one whose reason is
    in the catalogue (``localized`` then translates the reason and the words "line" and
    "field" too)."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.field = field
        self.reason = message
        where = []
        if path is not None:
            where.append(str(path))
        if line is not None:
            where.append(f"line {line}")
        if field is not None:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)

    @classmethod
    def of(  # type: ignore[override]
        cls,
        key: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
        **values: object,
    ) -> Self:
        error = cls(t(key, "en", **values), path=path, line=line, field=field)
        error.key, error.values = key, values
        return error

    @classmethod
    def of_value(
        cls,
        exc: ValueError,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> Self:
        """A cell check's ``ValueError`` placed in its file: a ``KeyedValueError`` keeps its
        catalogue message; any other keeps its own text (``err.input.invalid``)."""
        if isinstance(exc, KeyedValueError):
            return cls.of(exc.key, path=path, line=line, field=field, **exc.values)
        return cls.of("err.input.invalid", path=path, line=line, field=field, problem=str(exc))

    def localized(self, lang: str) -> str:
        if self.key is None:  # an English reason: no Spanish words around it
            return str(self)
        reason = t(self.key, lang, **self.values)
        where = []
        if self.path is not None:
            where.append(str(self.path))
        if self.line is not None:
            where.append(t("err.where.line", lang, line=self.line))
        if self.field is not None:
            where.append(t("err.where.field", lang, field=repr(self.field)))
        return f"{', '.join(where)}: {reason}" if where else reason


class CollectionError(PulsoError):
    """A collection run that cannot continue (invalid token, forbidden, retries exhausted)."""

    resumable = False


class StopCollection(CollectionError):
    """A clean, planned stop (read budget reached, rate limit deferred to the next run).

    Everything before it is stored; the next run resumes from the bookmarks.
    """

    resumable = True


class CollectionBusy(PulsoError):
    """Another run is collecting the same account: this one did not start.

    Not a failure (the other run is doing the work), so the CLI says so in one line and
    exits 0, like a scheduled job that is skipped because it is already running.
    """

    exit_code = 0


class WorkflowError(PulsoError):
    """A consultation workflow rule was broken (e.g. a rejection without justification)."""
