"""Cue lexicons: phrases that signal a proposal, an insult, or a sentiment.

Phrases are written in normalised form (lower case, no accents; see ``normalise``) and
matched on word boundaries. A trailing ``*`` matches any ending ("pendej*" matches
"pendejo", "pendejos", "pendejadas"). The lexicons are features of the trained models and,
on their own, the baseline the models are measured against (docs/extraction.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Phrases by which people propose or request something concrete, with a weight.
PROPOSAL_CUES: dict[str, float] = {
    # Spanish: first person proposing / requesting
    "propongo": 1.0,
    "proponemos": 1.0,
    "mi propuesta": 1.0,
    "nuestra propuesta": 1.0,
    "propuesta": 0.4,
    "solicito": 1.0,
    "solicitamos": 1.0,
    "pido": 0.8,
    "pedimos": 0.9,
    "les pido": 1.0,
    "exigimos": 0.8,
    "exijo": 0.8,
    "sugiero": 1.0,
    "sugerimos": 1.0,
    "recomiendo": 0.9,
    # Spanish: what the government should do
    "que el gobierno": 1.0,
    "que el ministerio": 1.0,
    "que la alcaldia": 1.0,
    "que el estado": 1.0,
    "el gobierno deberia": 1.0,
    "deberian": 0.9,
    "deberia": 0.8,
    "se deberia": 1.0,
    "se debe": 0.7,
    "se deben": 0.7,
    "hay que": 0.8,
    "hace falta": 0.6,
    "se necesita": 0.8,
    "se necesitan": 0.8,
    "necesitamos": 0.7,
    "seria bueno": 1.0,
    "seria importante": 1.0,
    "seria ideal": 1.0,
    "seria conveniente": 1.0,
    "seria genial": 0.9,
    "estaria bien": 0.8,
    "me gustaria": 0.7,
    "nos gustaria": 0.7,
    "se podria": 0.7,
    "convendria": 0.8,
    "tendria que": 0.7,
    "tendrian que": 0.7,
    "lo correcto seria": 0.9,
    "mi idea": 0.9,
    "lo que haria": 0.8,
    "ojala": 0.4,
    "por favor": 0.4,
    "urge": 0.6,
    # Only at the start of a clause ("¡Que se publique!"): after a noun it is a relative
    # clause ("la basura que se acumula"), which proposes nothing (``CLAUSE_INITIAL``).
    "que se": 0.5,
    "que publiquen": 0.9,
    "que pongan": 0.9,
    "que hagan": 0.8,
    "pongan": 0.6,
    "hagan": 0.5,
    "publicar": 0.5,
    "crear": 0.5,
    "implementar": 0.6,
    "garantizar": 0.5,
    "establecer": 0.5,
    "ampliar": 0.5,
    "mejorar": 0.4,
    "prohibir": 0.6,
    # English
    "i propose": 1.0,
    "we propose": 1.0,
    "i suggest": 1.0,
    "my suggestion": 1.0,
    "should": 0.8,
    "we ask": 0.9,
    "i ask": 0.8,
    "please": 0.4,
    "it would be good": 1.0,
    "it would be great": 1.0,
    "we need": 0.7,
    "i recommend": 0.9,
    "i would like": 0.7,
    "i d like": 0.7,
    "must": 0.5,
}

# Insults and attacks, including Salvadoran and Central American ones.
ABUSE_CUES: dict[str, float] = {
    "pendej*": 1.0,
    "hijueput*": 1.0,
    "hijoeput*": 1.0,
    "hijo de puta": 1.0,
    "hijos de puta": 1.0,
    "hijos de p": 0.9,
    "hijos de su madre": 0.9,
    "puta madre": 0.8,
    "put*": 0.6,
    "cerote*": 1.0,
    "culer*": 1.0,
    "culo": 0.7,
    "babos*": 0.8,
    "babosada*": 0.6,
    "imbecil*": 1.0,
    "idiota*": 1.0,
    "estupid*": 1.0,
    "mierda": 0.9,
    "maldito*": 0.8,
    "ladron*": 0.7,
    "rata*": 0.7,
    "payaso*": 0.7,
    "inutil*": 0.7,
    "cerdo*": 0.7,
    "zangano*": 0.8,
    "parasito*": 0.8,
    "bruto*": 0.6,
    "tonto*": 0.6,
    "verga": 0.9,
    "a la verga": 1.0,
    "chupamedia*": 0.8,
    "vendepatria*": 0.8,
    "maric*": 0.9,
    "bruja*": 0.6,
    "sinverguenza*": 0.7,
    "mañoso*": 0.6,
    "vayanse a la": 1.0,
    "vete a la": 1.0,
    "que se mueran": 1.0,
    "pudran": 0.8,
    "te vamos a buscar": 1.0,
    "callate": 0.8,
    "emoneg": 0.3,
    # Other regions (issue 17): Southern Cone, Andes, Mexico, Caribbean, Spain, and slurs
    # against groups. Words that are also friendly or literal ("boludo", "weon", "basura",
    # "chorro") weigh less: the n-grams and the sentence tier decide whether they are aimed.
    "culia*": 1.0,
    "qlia*": 1.0,
    "conchetumadre": 1.0,
    "concha de tu madre": 1.0,
    "concha de su madre": 1.0,
    "chinga tu madre": 1.0,
    "chingue su madre": 1.0,
    "pelotud*": 0.9,
    "boludo*": 0.4,
    "weon*": 0.4,
    "hueon*": 0.4,
    "huevon*": 0.6,
    "gil": 0.5,
    "giles": 0.6,
    "forro*": 0.4,
    "chorro*": 0.5,
    "chanta*": 0.6,
    "cara de raja": 0.9,
    "naco*": 0.7,
    "gilipoll*": 1.0,
    "subnormal*": 1.0,
    "tarad*": 0.9,
    "cojud*": 0.9,
    "mamaguev*": 1.0,
    "mamahuev*": 1.0,
    "malparid*": 1.0,
    "careverga*": 1.0,
    "cabron*": 0.7,
    "basura": 0.4,
    "escoria": 0.7,
    "gentuza": 0.9,
    "lacra*": 0.8,
    "vagos": 0.5,
    "ignorante*": 0.6,
    "analfabet*": 0.5,
    "mongolic*": 0.9,
    "retrasad*": 0.4,
    "cretino*": 1.0,
    "mamarrach*": 0.8,
    "desgraciad*": 0.8,
    "lameculos": 1.0,
    "lambon*": 0.7,
    "zorra*": 0.6,
    "histerica*": 0.5,
    "sudaca*": 1.0,
    "veneco*": 0.9,
    "negrata*": 1.0,
    # English
    "idiot*": 1.0,
    "stupid": 1.0,
    "moron*": 1.0,
    "thie*": 0.7,
    "liar*": 0.7,
    "go to hell": 1.0,
    "shut up": 0.8,
    "bastard*": 1.0,
    "fuck*": 1.0,
    "shit*": 0.9,
    "asshole*": 1.0,
    "scum*": 1.0,
    "retard*": 0.8,
    "dumb*": 0.6,
    "loser*": 0.7,
    "clown*": 0.6,
}

# Cues that count only at the start of the text or of a clause opened by ¡ ¿ ! ?.
CLAUSE_INITIAL = frozenset({"que se"})

POSITIVE_CUES: dict[str, float] = {
    "gracias": 1.0,
    "excelente": 1.0,
    "buen": 0.6,
    "bueno": 0.6,
    "buena": 0.6,
    "buenisim*": 1.0,
    "bien": 0.5,
    "felicidades": 1.0,
    "felicito": 1.0,
    "apoyo": 0.8,
    "de acuerdo": 0.8,
    "genial": 1.0,
    "bendicion*": 0.8,
    "me gusta": 0.8,
    "interesante": 0.4,
    "emopos": 1.0,
    "thanks": 1.0,
    "thank you": 1.0,
    "great": 1.0,
    "good": 0.6,
    "agree": 0.8,
    "jaja*": 0.5,
    "lol": 0.5,
}

NEGATIVE_CUES: dict[str, float] = {
    "no sirve": 1.0,
    "no sirven": 1.0,
    "nada": 0.5,
    "nadie": 0.5,
    "mal": 0.7,
    "mala": 0.7,
    "malo": 0.7,
    "peor": 0.8,
    "triste": 0.8,
    "fatal": 1.0,
    "corrupt*": 0.8,
    "robando": 0.9,
    "roban": 0.9,
    "mentira*": 0.8,
    "no cumplen": 1.0,
    "propaganda": 0.6,
    "no hay": 0.5,
    "desde hace": 0.4,
    "arrepiento": 0.8,
    "emoneg": 1.0,
    "terrible": 1.0,
    "mess": 0.8,
    "nothing": 0.5,
    "never": 0.4,
    "bad": 0.7,
}


_OPENERS = ("", "¡", "¿", "!", "?")


class Lexicon:
    """A compiled phrase list: ``matches(normalised_text)`` -> matched phrases."""

    def __init__(self, cues: dict[str, float]) -> None:
        self.cues = dict(cues)
        parts = []
        for phrase in sorted(cues, key=len, reverse=True):
            if phrase.endswith("*"):
                parts.append(re.escape(phrase[:-1]) + r"\w*")
            else:
                parts.append(re.escape(phrase))
        self._regex = re.compile(r"\b(?:" + "|".join(parts) + r")\b")
        self._stars = [(p[:-1], p) for p in cues if p.endswith("*")]

    def _phrase(self, matched: str) -> str:
        if matched in self.cues:
            return matched
        for prefix, phrase in self._stars:
            if matched.startswith(prefix):
                return phrase
        return matched

    def matches(self, normalised: str) -> list[str]:
        found = []
        for m in self._regex.finditer(normalised):
            phrase = self._phrase(m.group(0))
            if phrase in CLAUSE_INITIAL and normalised[: m.start()].rstrip()[-1:] not in _OPENERS:
                continue
            found.append(phrase)
        return found

    def weight(self, phrases: Iterable[str]) -> float:
        return sum(self.cues.get(p, 0.0) for p in phrases)


PROPOSAL = Lexicon(PROPOSAL_CUES)
ABUSE = Lexicon(ABUSE_CUES)
POSITIVE = Lexicon(POSITIVE_CUES)
NEGATIVE = Lexicon(NEGATIVE_CUES)
