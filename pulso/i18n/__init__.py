"""Spanish first, English too: the one message catalogue, and locale-aware numbers and dates.

Every text a user reads goes through ``t(key, lang)``. The catalogue is this package: the
web pages' texts (``pulso.i18n.web``) and the messages of errors shown to users
(``pulso.i18n.errors``) load with it; commands and reports add their own wording with
``register`` next to the code that prints it. A key is defined once, in both languages:
registering it again with other texts is an error, so two parts of the application can
never silently overwrite each other's wording.

A message's values may be ``Label`` keys (a proposal status, a field name), ``Message``
values (a message with its own values), lists of them or ``Joined`` ones, translated into
the same language as the message.

Numbers follow El Salvador's usage (``74,926`` and ``1,517.5``, the same separators as
English); dates are written out ("29 de junio de 2018").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"

_MESSAGES: dict[str, dict[str, str]] = {}

MONTHS = {
    "es": [
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ],
    "en": [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ],
}  # fmt: skip
WEEKDAYS = {
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def register(messages: dict[str, dict[str, str]]) -> None:
    """Add messages: {key: {"es": "...", "en": "..."}}, both languages required. Registering
    a key again with the same texts changes nothing; with other texts, it is refused."""
    for key, texts in messages.items():
        missing = [lang for lang in LANGUAGES if not texts.get(lang)]
        if missing:
            raise ValueError(f"message {key!r} has no {'/'.join(missing)} text")
        known = _MESSAGES.get(key)
        if known is not None and known != texts:
            raise ValueError(f"message {key!r} is already defined with other texts: {known}")
        _MESSAGES[key] = dict(texts)


@dataclass(frozen=True)
class Label:
    """A message value that is itself a catalogue key, translated with the message."""

    key: str


@dataclass(frozen=True, eq=False)
class Message:
    """A message value that is itself a catalogue message with its own values (a problem
    inside a longer error), translated with the message that holds it."""

    key: str
    values: dict[str, object]

    @classmethod
    def of(cls, key: str, **values: object) -> Message:
        return cls(key, values)


@dataclass(frozen=True, eq=False)
class Joined:
    """A message value made of several values (each translated) joined by ``separator``."""

    items: tuple[object, ...]
    separator: str = ", "


def _value(value: object, lang: str) -> object:
    if isinstance(value, Joined):
        return value.separator.join(str(_value(v, lang)) for v in value.items)
    if isinstance(value, Label):
        return t(value.key, lang)
    if isinstance(value, Message):
        return t(value.key, lang, **value.values)
    if isinstance(value, list | tuple):
        return ", ".join(str(_value(v, lang)) for v in value)
    return value


def has(key: str) -> bool:
    """Whether the catalogue defines ``key``."""
    return key in _MESSAGES


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The message ``key`` in ``lang`` (falling back to Spanish), formatted with ``values``
    (``Label`` values and lists of them translated too)."""
    texts = _MESSAGES.get(key)
    if texts is None:
        text = key
    else:
        text = texts.get(lang) or texts["es"]
    if not values:
        return text
    return text.format(**{name: _value(value, lang) for name, value in values.items()})


def format_number(
    value: float | int | None, lang: str = DEFAULT_LANGUAGE, decimals: int = 0
) -> str:
    """``74926`` -> ``74,926``; ``None`` -> an em dash (no data is not zero)."""
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}"


def format_percent(ratio: float | None, lang: str = DEFAULT_LANGUAGE, decimals: int = 1) -> str:
    if ratio is None:
        return "—"
    return f"{ratio * 100:,.{decimals}f} %" if lang == "es" else f"{ratio * 100:,.{decimals}f}%"


def format_money(amount: float | None, currency: str = "USD", lang: str = DEFAULT_LANGUAGE) -> str:
    if amount is None:
        return "—"
    symbol = "$" if currency == "USD" else f"{currency} "
    return f"{symbol}{amount:,.2f}"


def format_date(
    value: dt.date | dt.datetime | None, lang: str = DEFAULT_LANGUAGE, *, year: bool = True
) -> str:
    """``2018-06-29`` -> "29 de junio de 2018" (es) or "29 June 2018" (en)."""
    if value is None:
        return "—"
    month = MONTHS[lang][value.month - 1]
    if lang == "es":
        return f"{value.day} de {month} de {value.year}" if year else f"{value.day} de {month}"
    return f"{value.day} {month} {value.year}" if year else f"{value.day} {month}"


register(
    {
        "consultation": {"es": "Consulta", "en": "Consultation"},
        "themes": {"es": "Temáticas", "en": "Themes"},
        "institutions": {"es": "Instituciones", "en": "Institutions"},
        "from_to": {"es": "del {start} al {end}", "en": "from {start} to {end}"},
    }
)

# The rest of the catalogue: the pages' texts, the workflow errors' messages and the
# command line's texts.
from pulso.i18n.cli import MESSAGES as _CLI_MESSAGES  # noqa: E402
from pulso.i18n.cli_output import MESSAGES as _CLI_OUTPUT_MESSAGES  # noqa: E402
from pulso.i18n.collection import MESSAGES as _COLLECTION_MESSAGES  # noqa: E402
from pulso.i18n.dashboard import MESSAGES as _DASHBOARD_MESSAGES  # noqa: E402
from pulso.i18n.errors import MESSAGES as _ERROR_MESSAGES  # noqa: E402
from pulso.i18n.glossary import messages as _glossary  # noqa: E402
from pulso.i18n.inputs import MESSAGES as _INPUT_MESSAGES  # noqa: E402
from pulso.i18n.public import MESSAGES as _PUBLIC_MESSAGES  # noqa: E402
from pulso.i18n.web import MESSAGES as _WEB_MESSAGES  # noqa: E402

register(_ERROR_MESSAGES)
register(_WEB_MESSAGES)
register(_DASHBOARD_MESSAGES)
register(_glossary())
register(_PUBLIC_MESSAGES)
register(_CLI_MESSAGES)
register(_CLI_OUTPUT_MESSAGES)
register(_INPUT_MESSAGES)
register(_COLLECTION_MESSAGES)
