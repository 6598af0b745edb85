"""Duplicate suggestions: the search (dense blocks, and the inverted-index fallback) against
the all-pairs baseline.

Synthetic Spanish proposals built from a vocabulary (an action, an object, a place and a
detail), with one reworded copy for every tenth proposal. Figures: seconds for each method,
the speed-up, pairs found, and whether both found the same pairs.
"""

from __future__ import annotations

import random
import time

from pulso.analytics import similarity
from pulso.analytics.similarity import similar_pairs, similar_pairs_naive

ACTIONS = ["Publicar", "Crear", "Auditar", "Mejorar", "Ampliar", "Regular", "Financiar",
           "Supervisar", "Digitalizar", "Transparentar", "Evaluar", "Proteger"]  # fmt: skip
OBJECTS = ["la calidad del agua", "las compras municipales", "los viáticos", "los hospitales",
           "las becas rurales", "la deuda pública", "las obras de carreteras", "los manglares",
           "las exenciones fiscales", "el presupuesto escolar", "los medicamentos",
           "los contratos de limpieza", "las denuncias ciudadanas", "el transporte público",
           "los datos de seguridad", "las plazas docentes"]  # fmt: skip
PLACES = ["en cada municipio", "en la zona oriental", "en San Salvador", "en las escuelas",
          "en el área rural", "a nivel nacional", "en los puertos", "en las alcaldías"]  # fmt: skip
DETAILS = ["cada mes", "con datos abiertos", "con participación de la comunidad",
           "con un portal en línea", "con informes trimestrales", "con veedurías ciudadanas",
           "antes de fin de año", "con indicadores públicos"]  # fmt: skip


def corpus(n: int, seed: int = 7) -> dict[int, str]:
    rng = random.Random(seed)
    texts = {}
    for i in range(n):
        parts = (rng.choice(ACTIONS), rng.choice(OBJECTS), rng.choice(PLACES), rng.choice(DETAILS))
        texts[i] = " ".join(parts)
    for i in range(0, n, 10):  # reworded copies: lower case, no accents, another order
        words = texts[i].lower().replace("á", "a").replace("í", "i").split()
        texts[n + i] = "Propuesta: " + " ".join(words[2:] + words[:2])
    return texts


def run(scale: str) -> dict:
    n = {"small": 400, "full": 2000}.get(scale, 400)
    texts = corpus(n)
    started = time.perf_counter()
    indexed = similar_pairs(texts, threshold=0.6)
    indexed_s = time.perf_counter() - started
    cells, similarity.DENSE_CELLS = similarity.DENSE_CELLS, 0  # force the inverted index
    try:
        started = time.perf_counter()
        index_only = similar_pairs(texts, threshold=0.6)
        index_s = time.perf_counter() - started
    finally:
        similarity.DENSE_CELLS = cells
    started = time.perf_counter()
    naive = similar_pairs_naive(texts, threshold=0.6)
    naive_s = time.perf_counter() - started
    expected = {(p.a, p.b) for p in naive}
    return {
        "texts": len(texts),
        "search_seconds": round(indexed_s, 3),
        "index_fallback_seconds": round(index_s, 3),
        "naive_seconds": round(naive_s, 3),
        "speedup_vs_naive": round(naive_s / indexed_s, 2) if indexed_s else None,
        "index_speedup_vs_naive": round(naive_s / index_s, 2) if index_s else None,
        "pairs": len(indexed),
        "same_pairs_as_naive": {(p.a, p.b) for p in indexed} == expected
        and {(p.a, p.b) for p in index_only} == expected,
    }
