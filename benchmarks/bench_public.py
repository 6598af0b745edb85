"""Public results page (issue 22): ``pulso serve`` on a consultation of 20,000 counted
proposals (``--scale small``: 2,000), 20 concurrent clients without login asking for
``/public/{slug}`` (first page, then filtered pages), then one client alone. Baseline
measured in the same run: ``/login`` (a page without database work). Also timed: the first
request after the data changed (the results rebuilt from the database, the cost the cache
keyed by data freshness saves every other request). Target: p95 under 100 ms with 20 clients.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from pathlib import Path

import requests

from benchmarks.bench_service import _load, _others, add_ratios_to_login, served
from pulso.db.engine import make_engine
from pulso.db.migrate import upgrade

PROPOSALS = {"small": 2_000, "full": 20_000}
CLIENTS = 20
REQUESTS_PER_CLIENT = 25
SLUG = "bench"
THEMES = 8
ENDPOINTS = {
    "login_page_baseline": "/login",
    "public_page": f"/public/{SLUG}",
    "public_page_filtered": f"/public/{SLUG}?theme=tema-3&status=accepted",
    "public_page_50": f"/public/{SLUG}?page=50",
    "public_proposal": f"/p/{SLUG}-1234",
}


def _seed(path: Path, proposals: int) -> None:
    """A published consultation: eight themes, four institutions and ``proposals`` counted
    proposals (a fifth accepted with a SMART commitment and two progress updates, a fifth
    rejected with a justification, the rest sent or received), plus one merged item per
    twenty and a few not-a-proposal items."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO consultation (slug, name, timezone, starts_on, ends_on, created_at,"
        " published_at) VALUES (?, 'Consulta de prueba', 'America/El_Salvador',"
        " '2018-06-18', '2018-07-27', datetime('now'), datetime('now'))",
        (SLUG,),
    )
    conn.executemany(
        "INSERT INTO theme (consultation_id, slug, name_es, name_en, position)"
        " VALUES (1, ?, ?, ?, ?)",
        [(f"tema-{i}", f"Tema {i}", f"Theme {i}", i) for i in range(THEMES)],
    )
    conn.executemany(
        "INSERT INTO institution (slug, name) VALUES (?, ?)",
        [(f"inst-{i}", f"Institución número {i}") for i in range(4)],
    )
    conn.execute(
        """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
        INSERT INTO proposal (consultation_id, theme_id, channel, source_key, title, text,
            received_at, in_template, status, institution_id, routed_at, answer_due_on,
            decided_at, justification)
        SELECT 1, 1 + i % 8,
               CASE i % 4 WHEN 0 THEN 'web' WHEN 1 THEN 'facebook' WHEN 2 THEN 'email'
                          ELSE 'workshop' END,
               'bench:' || i, 'Propuesta ' || i,
               'Propuesta ciudadana número ' || i || ': que la institución publique cada'
               || ' mes los datos de su gestión, con el presupuesto ejecutado y sus metas.',
               datetime('2018-06-18', '+' || (i * 3) || ' minutes'), 0,
               CASE i % 5 WHEN 0 THEN 'accepted' WHEN 1 THEN 'rejected'
                          WHEN 2 THEN 'received' ELSE 'sent_to_institution' END,
               CASE i % 5 WHEN 2 THEN NULL ELSE 1 + i % 4 END,
               CASE i % 5 WHEN 2 THEN NULL ELSE datetime('2018-08-01') END,
               CASE i % 5 WHEN 2 THEN NULL ELSE '2018-08-31' END,
               CASE WHEN i % 5 IN (0, 1) THEN datetime('2018-09-15') END,
               CASE i % 5 WHEN 1 THEN 'No es competencia de la institución; se trasladó a'
                   || ' la entidad responsable.' END
        FROM n""",
        (proposals,),
    )
    conn.execute(
        """INSERT INTO commitment (proposal_id, action, indicator, baseline, target,
            responsible, starts_on, ends_on, milestones)
        SELECT id, 'Publicar mensualmente los datos de gestión', 'Informes publicados',
               'Ninguno', '12 informes al año', 'Dirección de Planificación',
               '2019-01-01', '2019-12-31', 'Primer informe en marzo; informe anual en diciembre'
        FROM proposal WHERE status = 'accepted'"""
    )
    for day, percent in (("2019-03-01", 25), ("2019-06-01", 50)):
        conn.execute(
            "INSERT INTO commitment_progress (commitment_id, recorded_on, percent, note,"
            " recorded_by, created_at) SELECT id, ?, ?, 'Avance según lo previsto',"
            " 'institucion', datetime('now') FROM commitment",
            (day, percent),
        )
    first = proposals + 1
    conn.execute(
        """WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?)
        INSERT INTO proposal (consultation_id, theme_id, channel, source_key, text,
            received_at, in_template, status, merged_into_id)
        SELECT 1, 1, 'email', 'bench:' || i, 'Idea repetida ' || i,
               datetime('2018-07-01'), 0,
               CASE WHEN i % 50 = 0 THEN 'not_a_proposal' ELSE 'merged' END,
               CASE WHEN i % 50 = 0 THEN NULL ELSE 1 + (i * 7) % ? END
        FROM n""",
        (first, first + proposals // 20, proposals),
    )
    conn.execute("COMMIT")
    conn.close()


def run(scale: str = "full") -> dict:
    proposals = PROPOSALS.get(scale, PROPOSALS["small"])
    figures: dict = {"proposals": proposals, "clients": CLIENTS}
    with tempfile.TemporaryDirectory(dir=os.environ.get("PULSO_BENCH_TMP")) as tmp:
        path = Path(tmp) / "public.db"
        url = f"sqlite:///{path}"
        started = time.perf_counter()
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        _seed(path, proposals)
        figures["build_seconds"] = round(time.perf_counter() - started, 1)
        with served(url) as (base, server):
            figures["machine_load_before"] = _others()
            # The first request builds the results from the database (per worker process).
            started = time.perf_counter()
            assert requests.get(f"{base}{ENDPOINTS['public_page']}", timeout=120).ok
            figures["first_request_ms"] = round((time.perf_counter() - started) * 1000, 1)
            started = time.perf_counter()
            answer = requests.get(f"{base}/public/{SLUG}.json", timeout=120)
            assert answer.ok and len(answer.json()["proposals"]) == proposals
            figures["open_data_json_first_ms"] = round((time.perf_counter() - started) * 1000, 1)
            figures["open_data_json_mb"] = round(len(answer.content) / 2**20, 1)
            for name, endpoint in ENDPOINTS.items():
                # No login: "/login" takes no cookie, and a public page reads none ("api"
                # sends an empty bearer header the public routes ignore).
                kind = "page" if endpoint == "/login" else "api"
                # Untimed first: every worker process builds its cache (timed above as
                # first_request_ms); clients idle meanwhile would lose their keep-alive
                # connections and time reconnecting.
                _load(base, endpoint, kind, "", CLIENTS, 2, server.pid)
                result = _load(base, endpoint, kind, "", CLIENTS, REQUESTS_PER_CLIENT, server.pid)
                for key, value in result.items():
                    figures[f"{name}_{key}"] = value
            add_ratios_to_login(figures, ENDPOINTS)
            for name, endpoint in ENDPOINTS.items():
                kind = "page" if endpoint == "/login" else "api"
                alone = _load(base, endpoint, kind, "", 1, 30, server.pid)
                figures[f"{name}_single_client_p95_ms"] = alone["p95_ms"]
            figures["machine_load_after"] = _others()
    figures["cores"] = os.cpu_count()
    figures["target"] = "public page p95 under 100 ms with 20 clients"
    return figures
