"""Duplicate suggestions: the method measured on a small labelled Spanish set, and the store
query on both backends."""

from __future__ import annotations

import itertools

from pulso.analytics import similarity
from pulso.analytics.similarity import DEFAULT_THRESHOLD, similar_pairs, similar_pairs_naive
from pulso.consultation.duplicates import suggest_duplicates
from pulso.consultation.intake import ProposalIn, add_proposals
from pulso.consultation.workflow import merge_proposals
from tests.factories import make_consultation, make_theme, when

# The same idea sent twice, reworded (another channel, another person).
SAME_IDEA = [
    (
        "Publicar en línea los informes de calidad del agua de cada río, cada mes.",
        "Que el ministerio publique mensualmente en internet la calidad del agua de los ríos.",
    ),
    (
        "Crear un portal con todas las compras y contrataciones de las alcaldías.",
        "Portal de compras y contrataciones municipales abierto a todos.",
    ),
    (
        "Reforestar las cuencas altas con participación de las comunidades.",
        "Reforestación participativa de las cuencas altas junto a las comunidades",
    ),
    (
        "Publicar los viáticos y viajes de los funcionarios públicos.",
        "Transparentar los viaticos y los viajes de funcionarios publicos en la web",
    ),
    (
        "Medir y publicar los tiempos de espera en los hospitales nacionales.",
        "publicar tiempos de espera de hospitales nacionales, medidos cada semana",
    ),
    (
        "Abastecimiento de medicamentos: publicar el inventario de farmacias de cada hospital.",
        "Inventario público de medicamentos en las farmacias de los hospitales",
    ),
    (
        "Datos abiertos del presupuesto de educación por centro escolar.",
        "Publicar el presupuesto de educación de cada centro escolar como datos abiertos",
    ),
    (
        "Consultas ciudadanas obligatorias antes de aprobar proyectos con impacto ambiental.",
        "Consulta ciudadana obligatoria previa a los proyectos de impacto ambiental",
    ),
    (
        "Publicar las exenciones fiscales otorgadas a empresas y su costo.",
        "Que Hacienda publique las exenciones fiscales a empresas y cuánto cuestan",
    ),
    (
        "Mapa en línea de las obras públicas con su avance y costo.",
        "Un mapa de obras públicas en línea que muestre avance y costos",
    ),
    (
        "Protección a periodistas y defensores de derechos humanos amenazados.",
        "Protección para defensores de derechos humanos y periodistas que sufren amenazas",
    ),
    (
        "Capacitar a docentes en acceso a la información pública.",
        "capacitación de los docentes sobre el acceso a la informacion publica",
    ),
]

# Distinct proposals on the same themes (they share vocabulary but not the idea).
DISTINCT = [
    "Prohibir la minería metálica en todo el territorio.",
    "Sancionar a las empresas que contaminan los ríos con desechos industriales.",
    "Reciclaje obligatorio de plásticos en los mercados municipales.",
    "Auditorías independientes de la deuda pública.",
    "Declaración patrimonial pública de los diputados.",
    "Ampliar el horario de las unidades de salud comunitarias.",
    "Crear una defensoría del paciente en cada hospital.",
    "Becas para estudiantes de zonas rurales.",
    "Internet gratuito en las escuelas públicas.",
    "Un registro público de los contratistas sancionados.",
    "Presupuestos participativos en los municipios.",
    "Educación ambiental en el currículo de primaria.",
    "Reducir el IVA de la canasta básica.",
    "Publicar las sentencias judiciales en versión pública.",
    "Garantizar el derecho de reunión pacífica en plazas públicas.",
    "Veedurías ciudadanas para la construcción de carreteras.",
    "Transporte escolar gratuito en el área rural.",
    "Cobrar impuesto predial progresivo a grandes propiedades.",
    "Vacunación casa por casa en comunidades alejadas.",
    "Protección de los manglares de la zona costera.",
]


def _labelled():
    texts, truth = {}, set()
    for n, (a, b) in enumerate(SAME_IDEA):
        texts[f"s{n}a"], texts[f"s{n}b"] = a, b
        truth.add((f"s{n}a", f"s{n}b"))
    for n, text in enumerate(DISTINCT):
        texts[f"d{n}"] = text
    return texts, truth


def test_similarity_separates_reworded_ideas_from_distinct_ones():
    texts, truth = _labelled()
    found = {(p.a, p.b) for p in similar_pairs(texts, threshold=DEFAULT_THRESHOLD)}
    true_positives = len(found & truth)
    precision = true_positives / len(found)
    recall = true_positives / len(truth)
    print(f"duplicates at {DEFAULT_THRESHOLD}: precision {precision:.2f}, recall {recall:.2f}")
    assert precision == 1.0 and recall >= 11 / 12
    # The index gives the same pairs and scores as comparing every pair.
    naive = {(p.a, p.b): p.score for p in similar_pairs_naive(texts)}
    assert {(p.a, p.b): p.score for p in similar_pairs(texts)} == naive


def test_similarity_scores():
    same = similar_pairs({"a": "Reforestar cuencas", "b": "reforestar  CUENCAS"}, threshold=0)
    assert same[0].score == 1.0
    assert similar_pairs({"a": "agua potable", "b": "deuda pública"}, threshold=0.01) == []
    grouped = similar_pairs(
        {"a": "agua potable", "b": "agua potable"}, groups={"a": 1, "b": 2}, threshold=0
    )
    assert grouped == []


def test_store_suggests_duplicates_within_a_theme(session):
    c = make_consultation(session=session)
    env = make_theme(session=session, consultation=c, slug="medio-ambiente")
    edu = make_theme(session=session, consultation=c, slug="educacion")
    (a, b), (x, _) = SAME_IDEA[2], SAME_IDEA[6]
    items = [
        ProposalIn(c.id, "web", "k1", a, when(20), theme_id=env.id),
        ProposalIn(c.id, "email", "k2", b, when(25), theme_id=env.id),
        ProposalIn(c.id, "workshop", "k3", b, when(26), theme_id=edu.id),
        ProposalIn(c.id, "web", "k4", DISTINCT[0], when(21), theme_id=env.id),
        ProposalIn(c.id, "web", "k5", x, when(21), theme_id=edu.id),
    ]
    ids = dict(
        zip(
            ("k1", "k2", "k3", "k4", "k5"),
            add_proposals(items, session=session, actor="t").created_ids,
            strict=True,
        )
    )
    suggestions = suggest_duplicates(session=session, consultation_id=c.id)
    assert [(s.keep_id, s.merge_id, s.keep_channel, s.merge_channel) for s in suggestions] == [
        (ids["k1"], ids["k2"], "web", "email")
    ]
    assert suggestions[0].score >= DEFAULT_THRESHOLD
    across = suggest_duplicates(session=session, consultation_id=c.id, same_theme=False)
    assert {(s.keep_id, s.merge_id) for s in across} >= {
        (ids["k1"], ids["k2"]),
        (ids["k2"], ids["k3"]),
    }
    merge_proposals(session=session, target_id=ids["k1"], source_ids=[ids["k2"]], actor="t")
    assert suggest_duplicates(session=session, consultation_id=c.id) == []


def test_index_equals_naive_on_many_texts(monkeypatch):
    words = ["agua", "ríos", "publicar", "datos", "hospital", "escuela", "obra", "costo"]
    texts = {n: " ".join(combo) for n, combo in enumerate(itertools.combinations(words, 3))}
    naive = {(p.a, p.b): p.score for p in similar_pairs_naive(texts, threshold=0.3)}
    dense = {(p.a, p.b): p.score for p in similar_pairs(texts, threshold=0.3)}
    monkeypatch.setattr(similarity, "DENSE_CELLS", 0)  # too big for a matrix: the index
    indexed = {(p.a, p.b): p.score for p in similar_pairs(texts, threshold=0.3)}
    assert naive and dense.keys() == naive.keys() == indexed.keys()
    assert all(
        abs(dense[k] - naive[k]) <= 1e-4 and abs(indexed[k] - naive[k]) <= 1e-4 for k in naive
    )


def test_suggested_merges_keep_the_proposal_further_along_and_can_be_carried_out(session):
    from sqlalchemy import update

    from pulso.db.models import Proposal

    c = make_consultation(session=session)
    env = make_theme(session=session, consultation=c, slug="medio-ambiente")
    a, b = SAME_IDEA[2]
    items = [
        ProposalIn(c.id, "web", "old", a, when(20), theme_id=env.id),
        ProposalIn(c.id, "email", "answered", b, when(25), theme_id=env.id),
        ProposalIn(c.id, "web", "other", DISTINCT[1], when(21), theme_id=env.id),
    ]
    old, answered, other = add_proposals(items, session=session, actor="t").created_ids
    session.execute(update(Proposal).where(Proposal.id == answered).values(status="accepted"))
    # The answered one is kept even though it came later: folding it into a proposal still
    # waiting would hide its answer.
    [pair] = suggest_duplicates(session=session, consultation_id=c.id)
    assert (pair.keep_id, pair.merge_id) == (answered, old)
    # Once the older one holds a merged item, it cannot be merged as it stands: no
    # suggestion that the store would refuse.
    merge_proposals(session=session, target_id=old, source_ids=[other], actor="t")
    assert suggest_duplicates(session=session, consultation_id=c.id) == []
