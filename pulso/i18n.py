"""Spanish first, English too: messages and locale-aware numbers and dates.

Each module registers its own messages (``register``) so that translations live next to the
code that uses them. Numbers follow El Salvador's usage (``74,926`` and ``1,517.5``, the
same separators as English); dates are written out ("29 de junio de 2018").
"""

from __future__ import annotations

import datetime as dt

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
    """Add messages: {key: {"es": "...", "en": "..."}}. Spanish is required."""
    for key, texts in messages.items():
        if "es" not in texts:
            raise ValueError(f"message {key!r} has no Spanish text")
        _MESSAGES[key] = texts


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The message ``key`` in ``lang`` (falling back to Spanish), formatted with ``values``."""
    texts = _MESSAGES.get(key)
    if texts is None:
        text = key
    else:
        text = texts.get(lang) or texts["es"]
    return text.format(**values) if values else text


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
