"""Spanish-first text normalisation for social-media comments.

Comments on Facebook, X and Disqus are written fast: accents are optional ("deberian"),
words are shortened ("q", "xq", "x favor"), letters are stretched ("buenisimooo"), and
hashtags, mentions, links and emoji carry meaning of their own. Everything the models see
goes through ``normalise`` so that all these spellings meet on one form.
"""

from __future__ import annotations

import re
import unicodedata

# Shortened spellings common in Salvadoran / Latin American writing (and a few English).
INFORMAL = {
    "q": "que",
    "k": "que",
    "ke": "que",
    "qe": "que",
    "xq": "porque",
    "xk": "porque",
    "pq": "porque",
    "porq": "porque",
    "x": "por",
    "xfa": "por favor",
    "xfavor": "por favor",
    "porfa": "por favor",
    "porfis": "por favor",
    "tb": "tambien",
    "tmb": "tambien",
    "tbn": "tambien",
    "d": "de",
    "dl": "del",
    "pa": "para",
    "pal": "para el",
    "bn": "bien",
    "nd": "nada",
    "toy": "estoy",
    "kiero": "quiero",
    "kieren": "quieren",
    "aki": "aqui",
    "ps": "pues",
    "hdp": "hijo de puta",
    "hdps": "hijos de puta",
    "hp": "hijo de puta",
    "ptm": "puta madre",
    "alv": "a la verga",
    "vdd": "verdad",
    "plis": "por favor",
    "pls": "please",
    "u": "you",
    "ur": "your",
}

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:ly|com|net|org|sv|gob\.sv|example)/\S*")
_MENTION = re.compile(r"@\w+")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-záéíóúñ])(?=[A-ZÁÉÍÓÚÑ])|(?<=[A-Za-z])(?=\d)")
_STRETCH = re.compile(r"([a-zñ])\1{2,}")
_NON_WORD = re.compile(r"[^a-zñ0-9_?!¿¡ ]+")
_SPACES = re.compile(r"\s+")
_HIGH = re.compile("[\u2500-\U0010ffff]")
# The accented letters of Spanish (and a few more) in one translate table; anything else
# non-ASCII goes through Unicode decomposition.
_ACCENTS = str.maketrans("áéíóúüàèìòùâêîôûäëïöçã", "aeiouuaeiouaeiouaeioca")

POSITIVE_EMOJI = set("😀😃😄😁😊🙂😍🥰😘👍👏🙏💪✅❤💙💚💯🎉🙌👌😉🤗⭐🌟😂🤣")
NEGATIVE_EMOJI = set("😠😡🤬😤👎🙄😒😞😢😭💩🖕🤮🤢😩😫😖🤡🐀🐍🐷")


def _is_emoji(ch: str) -> bool:
    code = ord(ch)
    return 0x1F300 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF


def _emoji_token(ch: str) -> str:
    if ch in POSITIVE_EMOJI:
        return " emopos "
    if ch in NEGATIVE_EMOJI:
        return " emoneg "
    return " emoji "


def strip_accents(text: str) -> str:
    """Lower-case without accents, keeping ``ñ`` (it changes meaning: año / ano)."""
    text = text.lower()
    if text.isascii():
        return text
    text = text.translate(_ACCENTS)
    if all(c.isascii() or c == "ñ" for c in text):
        return text
    text = text.replace("ñ", "\0")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.replace("\0", "ñ")


def normalise(text: str) -> str:
    """One canonical, accent-free, lower-case form with placeholder tokens.

    ``urltok``, ``mentiontok``, ``hashtagtok`` mark links, mentions and hashtags (the
    hashtag's words are kept: ``#AguaParaTodos`` -> ``agua para todos``); emoji become
    ``emopos`` / ``emoneg`` / ``emoji``; informal shortenings are expanded.
    """
    if not text:
        return ""
    text = _URL.sub(" urltok ", text)
    text = _MENTION.sub(" mentiontok ", text)
    text = _HASHTAG.sub(lambda m: " hashtagtok " + _CAMEL.sub(" ", m.group(1)) + " ", text)
    if _HIGH.search(text):
        text = "".join(_emoji_token(c) if _is_emoji(c) else c for c in text)
    text = strip_accents(text)
    text = _STRETCH.sub(r"\1", text)
    text = _NON_WORD.sub(" ", text.replace("?", " ? ").replace("!", " ! "))
    words = [INFORMAL.get(w, w) for w in text.split()]
    return _SPACES.sub(" ", " ".join(words)).strip()


_STOPWORDS = """a al algo algun alguna ante antes como con contra cual cuando de del desde donde el
    ella ellos en entre era es esa ese eso esta este esto estos estas fue ha han hay la las le
    les lo los mas me mi mis muy no nos o para pero por que quien se sea ser si sin sobre son
    su sus tambien te tiene todo todos tu un una uno unos y ya yo the of and to in for on is
    are be with that this it as by or from at an their they we our its can should
    urltok mentiontok hashtagtok emoji emopos emoneg ? ! ¿ ¡"""
STOPWORDS = frozenset(_STOPWORDS.split())


def stems(normalised: str, size: int = 5) -> list[str]:
    """Content words cut to ``size`` letters: a crude, language-neutral stemmer.

    "hospitales" and "hospital" meet on "hospi", "medicinas" and "medicamentos" on "medic".
    Long words also give a 7-letter stem (marked ``~``) so that "contratos" and
    "contaminacion" do not only meet on "conta" (measured: docs/extraction.md).
    """
    words = [w for w in normalised.split() if len(w) > 2 and w not in STOPWORDS]
    return [w[:size] for w in words] + [w[:7] + "~" for w in words if len(w) > 7]
