"""Pseudonymous keys for citizens.

Commenters' and submitters' identifiers (a Facebook user id, an X user id, a Disqus username,
an e-mail address or a name as given) are never stored: only an HMAC-SHA256 of the
normalised identifier under a secret from settings. The same identity always gives the same
key, so distinct people can be counted, while the key alone reveals nothing.

Contact data written inside a citizen's text (e-mail addresses, IP addresses, telephone
numbers) is replaced by a placeholder before the text is stored (``scrub_contact_data``).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


def normalise_identity(value: str) -> str:
    """Case-fold, strip accents and collapse spaces so 'José  Pérez' == 'jose perez'."""
    if value.isascii():
        # ASCII is its own NFKD form and has no combining marks: only the spaces and the
        # case change (most identities are numeric user ids).
        return _SPACES.sub(" ", value).strip().casefold()
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text).strip().casefold()


@lru_cache(maxsize=16)
def _keyed_sha256(secret: str) -> hmac.HMAC:
    """An HMAC-SHA256 with ``secret`` as key and nothing hashed yet, to be copied per use
    (copying skips deriving the key pads again)."""
    return hmac.new(secret.encode(), digestmod=hashlib.sha256)


@lru_cache(maxsize=65_536)  # commenters repeat; the hash is the hot part of comment ingest
def author_key(secret: str, channel: str, identity: str) -> str:
    """Keyed hash of ``identity`` as seen on ``channel`` (hex, 64 characters).

    The channel is part of the message so that the same user id on two platforms does not
    collide by accident; linking people across channels is an explicit act (see ``db.store``).
    """
    if not secret:
        raise ValueError("an author key needs a secret")
    mac = _keyed_sha256(secret).copy()
    mac.update(f"{channel}\x1f{normalise_identity(identity)}".encode())
    return mac.hexdigest()


# --------------------------------------------------------------------------------------
# Contact data inside free text
# --------------------------------------------------------------------------------------

EMAIL_MARK, IP_MARK, PHONE_MARK = "[email]", "[ip]", "[phone]"

# An "@" (or its full-width form, or "[at]", "(arroba)"...) between a local part and a
# dotted domain; \w is Unicode, so "josé@correo.gob.sv" and IDN domains match too.
_AT = r"(?:[@\uff20]|\s*[\[(]\s*(?:at|arroba|chez)\s*[\])]\s*)"
_DOT = r"(?:\.|\s*[\[(]\s*(?:dot|punto|point|ponto)\s*[\])]\s*)"
_EMAIL = re.compile(
    rf"[\w!#$%&'*+/=?^`{{|}}~-]+(?:\.[\w!#$%&'*+/=?^`{{|}}~-]+)*{_AT}[\w-]+(?:{_DOT}[\w-]+)+",
    re.IGNORECASE,
)
_EMAIL_HINT = re.compile(r"[@\uff20]|[\[(]\s*(?:at|arroba|chez)\s*[\])]", re.IGNORECASE)

# IPv6 in any form (full, compressed, with a zone, with an embedded IPv4): a candidate is
# any run of hex groups and colons, then ``ipaddress`` decides (so "10:30:15" stays).
_IPV6 = re.compile(
    r"(?<![\w.])(?:[0-9a-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{1,4})?"
    r"(?:%[\w.-]+)?(?![\w:]|\.\d)",
    re.IGNORECASE,
)
# Each octet 0-255 without leading zeros: "1.000.000.000" (a thousand millions written
# the Spanish way) is a number, not an address.
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4_HINT = re.compile(r"[0-9]\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]")
_IPV4 = re.compile(rf"(?<![0-9.])(?:{_OCTET}\.){{3}}{_OCTET}(?![0-9]|\.[0-9])")

# A telephone number candidate: an optional international prefix ("+", "00"), then groups
# of digits (any script's digits) separated by one space, dot or dash (spaces allowed around
# a dash), or set in parentheses. Whether it is a telephone number is decided by
# ``_phone``, which looks at its groups and at what surrounds it.
_DASHES = "\\-\u2010-\u2015\u2212"
_SEP = rf"(?:[ \u00a0]?[.{_DASHES}][ \u00a0]?|[ \u00a0])"
_GROUP = r"(?:\(\d+\)|\d+)"
_PHONE = re.compile(
    rf"(?<![0-9A-Za-z_+\uff0b.,/{_DASHES}])(?<!\d)(?:(?:\+|\uff0b|\b00)[ \u00a0]?)?{_GROUP}"
    rf"(?:(?:{_SEP}|(?<=\))|(?=\())\(?\d+\)?)*(?![0-9A-Za-z_]|\d|[.,]\d)"
)
_DIGITS = re.compile(r"\d+")
_ANY_DIGIT = re.compile(r"\d")
_SEPARATORS = re.compile(r"(?<=\d)[^\d()]+(?=\d)")
# Words that announce a telephone number, in the languages citizens write in: after one
# of them, a number written without separators ("tel. 70123456") is one too.
_PHONE_CUE = re.compile(
    r"(?:(?<!\w)(?:tel|tél|tlf|tfno|fono|phone|cel|móvil|movil|mobile|whats|wsp|wa|fax"
    r"|llam|call|contact|handy|numéro|telefon|телеф|моб)\w*|電話|电话|手机|هاتف|جوال)"
    r"[^\d\n\[\]]{0,15}$",
    re.IGNORECASE,
)
# A currency or unit next to a number makes it an amount ("USD 7 000 000", "1 500 000 $").
_CURRENCY = (
    r"(?:[$€£¥₡¢₹₱]|(?:USD|US\$|EUR|GBP|MXN|GTQ|HNL|NIO|CRC|PAB|COP|PEN|CLP|ARS|BRL|SVC|DOP"
    r"|BOB|PYG|UYU|VES|CAD|CHF|JPY|CNY|INR)(?![A-Za-z]))"
)
_MONEY_BEFORE = re.compile(rf"{_CURRENCY}\s?$")
_MONEY_AFTER = re.compile(rf"\s?(?:{_CURRENCY}|[%‰])")
_YEAR = re.compile(r"(?:1[5-9]|2[01])\d\d")  # 1500-2199


def _is_date(groups: list[str], separators: set[str]) -> bool:
    """2018-06-15, 15.06.2018, 15/06/2018 written with dots, dashes or spaces."""
    if len(groups) != 3 or len(separators) != 1:
        return False
    sizes = tuple(map(len, groups))
    return sizes in ((4, 1, 1), (4, 1, 2), (4, 2, 1), (4, 2, 2)) or (
        sizes[0] <= 2 and sizes[1] <= 2 and sizes[2] in (2, 4)
    )


def _phone(text: str, match: re.Match[str]) -> str:
    number = match.group()
    groups = _DIGITS.findall(number)
    digits = sum(map(len, groups))
    international = number[0] in "+\uff0b" or (number.startswith("00") and len(groups[0]) == 2)
    if international and groups[0] == "00":
        groups, digits = groups[1:], digits - 2
    if not 7 <= digits <= 15:
        return number
    before = text[max(0, match.start() - 30) : match.start()]
    cue = _PHONE_CUE.search(before) is not None
    if international or cue:
        return PHONE_MARK
    # What stands between the groups: "-" for "7012-3456", " " for "7012 3456".
    separators = {part.strip() or " " for part in _SEPARATORS.findall(number)}
    if (
        (digits < 8 and "(" not in number)  # "555-1234" is too short to tell from "2018-123"
        or len(groups) == 1  # a bare run of digits is an id unless announced
        or max(map(len, groups)) > 5  # "2018-000123", "3.14159265"
        or any(len(g) == 1 for g in groups[1:])  # "1 2 3 4 5 6 7 8", "2.5 3.5 4.5"
        or (len(groups) == 2 and separators == {"."})  # "12345.678" is a decimal
        or _is_date(groups, separators)
        or all(len(g) == 4 and _YEAR.fullmatch(g) for g in groups)  # "2018-2020"
        or _MONEY_BEFORE.search(before)
        or _MONEY_AFTER.match(text, match.end())
        or (  # thousands: "1 200 000", "7.000.000" (never with dashes)
            len(groups[0]) <= 3
            and all(len(g) == 3 for g in groups[1:])
            and "(" not in number
            and separators <= {" ", "."}
        )
    ):
        return number
    return PHONE_MARK


def _ipv6(match: re.Match[str]) -> str:
    candidate = match.group()
    if not any(c not in ":" for c in candidate):
        return candidate  # "::" alone is punctuation here
    try:
        ipaddress.IPv6Address(candidate)
    except ValueError:
        return candidate
    return IP_MARK


def scrub_contact_data(text: str) -> str:
    """``text`` with its e-mail addresses, IPv4 and IPv6 addresses and telephone numbers
    replaced by ``[email]``, ``[ip]`` and ``[phone]``.

    Years, dates, amounts, ids and ordinary numbers stay ("2018", "USD 100", "1,517",
    "7.000.000", "2018-06-15", "Ley 200 de 2018"): a run of digits counts as a telephone
    number when it has an international prefix, when a word such as "tel." or "WhatsApp"
    announces it, or when it is 8 to 15 digits in groups the way telephone numbers are
    written ("7012 3456", "(503) 2222-3333", "70.12.34.56"). Scrubbing twice changes
    nothing.
    """
    if not text:
        return text
    # Most texts have no "@", no colons and no digits: each pass is skipped unless the
    # cheap test says it could find something (comments are written by the hundred thousand).
    if ("@" in text or "[" in text or "(" in text or not text.isascii()) and (
        _EMAIL_HINT.search(text)
    ):
        text = _EMAIL.sub(EMAIL_MARK, text)
    if text.count(":") >= 2:
        text = _IPV6.sub(_ipv6, text)
    if not (any(digit in text for digit in "0123456789") or _ANY_DIGIT.search(text)):
        return text
    if "." in text and _IPV4_HINT.search(text):
        text = _IPV4.sub(IP_MARK, text)
    if len(_ANY_DIGIT.findall(text)) < 7:  # the shortest telephone number has seven
        return text
    return _PHONE.sub(lambda m: _phone(text, m), text)


def scrub_optional(text: str | None) -> str | None:
    """``scrub_contact_data`` for a value that may be missing."""
    return scrub_contact_data(text) if text else text
