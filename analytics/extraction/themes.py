"""Theme suggestion: zero-shot from the themes' own texts, sharpened by reviewed examples.

Each theme gets a profile: the stems of its names and descriptions (Spanish and English),
plus, once reviewers have confirmed proposals under it, the centroid of those comments'
stems. A comment is compared with every profile (cosine of IDF-weighted stem counts); a
theme no reviewer has used yet still scores from its description alone.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pulso.analytics.extraction.normalise import normalise, stems

# How much a theme's reviewed examples count next to its description: n / (n + PRIOR).
PRIOR = 3.0
MAX_CENTROID_TERMS = 300


@dataclass(frozen=True)
class ThemeInfo:
    slug: str
    name_es: str
    name_en: str | None = None
    description_es: str | None = None
    description_en: str | None = None

    def stems(self) -> Counter:
        counts: Counter = Counter()
        for name in (self.name_es, self.name_en, self.slug.replace("-", " ")):
            counts.update(stems(normalise(name or "")) * 2)  # names count double
        for text in (self.description_es, self.description_en):
            counts.update(stems(normalise(text or "")))
        return counts


def learn_centroids(examples: Iterable[tuple[str, str]]) -> dict[str, dict]:
    """``(theme_slug, text)`` pairs -> ``{slug: {"n": count, "terms": {stem: weight}}}``."""
    sums: dict[str, Counter] = {}
    counts: Counter = Counter()
    for slug, text in examples:
        terms = set(stems(normalise(text)))
        if not terms:
            continue
        counts[slug] += 1
        sums.setdefault(slug, Counter()).update(terms)
    out = {}
    for slug, total in sums.items():
        n = counts[slug]
        top = total.most_common(MAX_CENTROID_TERMS)
        out[slug] = {"n": n, "terms": {t: round(c / n, 4) for t, c in top}}
    return out


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: v / norm for k, v in vec.items()}


class ThemeScorer:
    """Scores comments against one consultation's themes."""

    def __init__(self, themes: Sequence[ThemeInfo], centroids: dict[str, dict]) -> None:
        self.slugs = [t.slug for t in themes]
        raw: list[dict[str, float]] = []
        self.basis: dict[str, str] = {}
        for theme in themes:
            profile = _unit(dict(theme.stems()))
            learned = centroids.get(theme.slug)
            if learned and learned["terms"]:
                share = learned["n"] / (learned["n"] + PRIOR)
                examples = _unit(learned["terms"])
                profile = {
                    k: (1 - share) * profile.get(k, 0.0) + share * examples.get(k, 0.0)
                    for k in profile.keys() | examples.keys()
                }
                self.basis[theme.slug] = "description+examples"
            else:
                self.basis[theme.slug] = "description"
            raw.append(profile)
        # Stems every theme shares ("informacion", "publica") say little about which one.
        df = Counter(k for p in raw for k in p)
        total = len(raw) or 1
        self.idf = {k: math.log(1 + total / d) for k, d in df.items()}
        self.profiles = [_unit({k: v * self.idf[k] for k, v in p.items()}) for p in raw]

    def score(self, normalised: str, top: int = 3) -> list[dict]:
        if not self.slugs:
            return []
        counts = Counter(stems(normalised))
        vec = _unit({k: c * self.idf[k] for k, c in counts.items() if k in self.idf})
        sims = [sum(w * p.get(k, 0.0) for k, w in vec.items()) for p in self.profiles]
        total = sum(sims)
        if total <= 0:
            return []
        ranked = sorted(zip(self.slugs, sims, strict=True), key=lambda x: -x[1])[:top]
        return [
            {
                "slug": slug,
                "score": round(sim / total, 3),
                "similarity": round(sim, 3),
                "basis": self.basis[slug],
            }
            for slug, sim in ranked
            if sim > 0
        ]
