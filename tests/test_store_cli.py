"""The store workflow through the CLI, end to end on both backends: the 2018 web
consultation's per-theme pairs from the fake Disqus API, files from other channels, people
linked across channels, duplicates merged, routing, answers, overdue, the summary."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import load_workbook

from pulso.cli.demo_run import sample_path
from pulso.sandbox.fake_disqus import FakeDisqus

KEY = "test-disqus-key"
# The seed's web consultation: theme -> (proposals, distinct people).
SEED_WEB = {
    "derechos-humanos": (7, 5),
    "medio-ambiente": (33, 10),
    "transparencia-gasto": (11, 4),
    "fiscalidad-integral": (7, 3),
    "salud": (12, 7),
    "inversion-social": (2, 2),
    "obra-publica": (6, 2),
    "educacion": (29, 14),
}
START = dt.datetime(2018, 6, 18, 15)


def seed_fake() -> FakeDisqus:
    """8 threads, 107 top-level posts by the seed's numbers of people, and a few replies."""
    fake = FakeDisqus(forum="gobiernoabierto-sv", api_keys=(KEY,))
    post = 1
    for n, (slug, (proposals, people)) in enumerate(SEED_WEB.items()):
        thread = str(500 + n)
        fake.add_thread(
            thread,
            title=slug.replace("-", " ").title(),
            link=f"https://consulta.example/{slug}",
            created_at=START,
        )
        for i in range(proposals):
            fake.add_post(
                str(post),
                thread=thread,
                created_at=START + dt.timedelta(hours=post),
                message=f"Propuesta {i} sobre {slug}: medida número {post}",
                username=f"{slug}-persona-{i % people}",
            )
            if i == 0:
                fake.add_post(
                    str(10000 + post),
                    thread=thread,
                    parent=str(post),
                    message="¡De acuerdo!",
                    created_at=START + dt.timedelta(hours=post, minutes=5),
                    author_name="Invitado",
                    anonymous=True,
                )
            post += 1
    return fake


def _pairs(out: str) -> dict[str, tuple[int, int]]:
    rows = {}
    for line in out.splitlines():
        match = re.match(r"\s+(.+?)\s{2,}(\d+)\s+(\d+)$", line)
        if match:
            rows[match.group(1)] = (int(match.group(2)), int(match.group(3)))
    return rows


@pytest.fixture
def env(cli, migrated_url):
    values = {"PULSO_DATABASE_URL": migrated_url}
    assert cli(["consultation", "load", str(sample_path("consultation_2018.json"))], values)[0] == 0
    for slug in SEED_WEB:
        link = f"https://consulta.example/{slug}"
        assert (
            cli(
                ["consultation", "map-thread", "pan-2018-2020", "--theme", slug, "--link", link],
                values,
            )[0]
            == 0
        )
    return values


def test_seed_pairs_and_the_whole_workflow(cli, env, tmp_path):
    fake = seed_fake()
    with fake:
        disqus = {
            **env,
            "PULSO_DISQUS_API_URL": fake.api_url,
            "PULSO_DISQUS_API_KEY": KEY,
            "PULSO_DISQUS_FORUM": "gobiernoabierto-sv",
        }
        code, out, err = cli(["collect", "disqus"], disqus)
        assert code == 0, err
        assert "8 hilos, 115 mensajes guardados" in out and "107 propuestas nuevas" in out

    code, out, _ = cli(["consultation", "summary", "pan-2018-2020"], env)
    assert code == 0
    assert _pairs(out) == {
        "Derechos humanos": (7, 5),
        "Medio ambiente": (33, 10),
        "Transparencia en el gasto": (11, 4),
        "Fiscalidad integral": (7, 3),
        "Salud": (12, 7),
        "Transparencia de la inversión social": (2, 2),
        "Obra pública": (6, 2),
        "Educación": (29, 14),
    }
    assert "Propuestas contabilizadas" in out and "web 107" in out

    # Other channels: FUNDE by e-mail (also a Disqus user), an in-person delivery.
    path = tmp_path / "correo.csv"
    path.write_text(
        "fecha,canal,organizacion,remitente,tema,titulo,texto,plantilla\n"
        "2018-07-25,correo,FUNDE,ideas@funde.example,medio-ambiente,Agua,"
        "Propuesta 0 sobre medio-ambiente: medida número 8,no\n"
        "2018-07-25,correo,FUNDE,ideas@funde.example,salud,Hospitales,Tiempos de espera,sí\n"
        "2018-06-21,presencial,Red DDHH,Marta,Derechos humanos,Protección,Protocolo,sí\n",
        encoding="utf-8",
    )
    assert cli(["import", "proposals", str(path)], env)[0] == 0
    code, out, _ = cli(["consultation", "summary", "pan-2018-2020", "--lang", "en"], env)
    pairs = _pairs(out)
    assert pairs["Environment"] == (34, 11) and pairs["Health"] == (13, 8)
    assert "Proposals counted" in out and "In the official template" in out and "e-mail 2" in out

    # FUNDE's e-mail identity and a Disqus user are the same organisation.
    code, out, err = cli(
        [
            "people",
            "link",
            "--identity",
            "email:ideas@funde.example",
            "--identity",
            "disqus:medio-ambiente-persona-0",
            "--reason",
            "FUNDE",
        ],
        env,
    )
    assert code == 0, err
    pairs = _pairs(cli(["consultation", "summary", "pan-2018-2020", "--lang", "en"], env)[1])
    assert pairs["Environment"] == (34, 10) and pairs["Health"] == (13, 8)
    web = cli(["consultation", "summary", "pan-2018-2020", "--channel", "web"], env)[1]
    assert "Propuestas por temática (web)" in web
    assert _pairs(web)["Medio ambiente"] == (33, 10) and _pairs(web)["Salud"] == (12, 7)
    # Every figure of the page has the channel's scope, the totals and the reconciliation too.
    assert re.search(r"Total\s+107\s+47 ", web) and re.search(r"Recibidas\s+107\n", web)
    assert "Por canal: web 107\n" in web and "pendientes 107," in web

    # The e-mailed environment proposal repeats a web one: suggested, merged, un-merged.
    code, out, _ = cli(
        ["proposals", "list", "--theme", "medio-ambiente", "--channel", "email"], env
    )
    merge = out.split("\t")[0]
    # A similarity is between 0 and 1: anything else is a usage error, nothing listed.
    code, out, err = cli(["proposals", "duplicates", "--threshold", "2"], env)
    assert (code, out) == (2, "") and "'--threshold'" in err and len(err.splitlines()) == 1
    code, out, _ = cli(["proposals", "duplicates", "--consultation", "pan-2018-2020"], env)
    found = [line.split("\t") for line in out.splitlines() if f"merge {merge} (email)" in line]
    web = cli(["proposals", "list", "--theme", "medio-ambiente", "--channel", "web"], env)[1]
    same_text = [line.split("\t")[0] for line in web.splitlines() if line.endswith("número 8")]
    keep = found[0][1].split()[1]  # the best-scoring suggestion comes first
    assert [keep] == same_text and found[0][1].endswith("(web)")
    assert float(found[0][0]) > max(float(other[0]) for other in found[1:])
    assert cli(["proposals", "merge", keep, merge, "--reason", "same idea"], env)[0] == 0
    out = cli(["consultation", "summary", "pan-2018-2020"], env)[1]
    assert _pairs(out)["Medio ambiente"] == (33, 10)
    assert re.search(r"Fusionadas \(duplicadas\)\s+−\s+1", out)
    assert cli(["proposals", "unmerge", merge], env)[0] == 0
    assert _pairs(cli(["consultation", "summary", "pan-2018-2020"], env)[1])["Medio ambiente"] == (
        34,
        10,
    )

    # Listing with filters.
    code, out, err = cli(["proposals", "list", "--theme", "salud", "--channel", "email"], env)
    assert (
        code == 0 and len(out.splitlines()) == 1 and "Hospitales" in out and "propuestas: 1" in err
    )

    # Routing with a deadline in working days, answers, overdue.
    code, out, err = cli(["proposals", "route", "--theme", "salud", "--days", "15"], env)
    assert code == 0, err
    due = dt.date.fromisoformat(out.strip().rsplit(" ", 1)[-1])
    assert "13 propuestas enviadas a minsal" in out
    ids = [
        line.split("\t")[0]
        for line in cli(["proposals", "list", "--theme", "salud"], env)[1].splitlines()
    ]
    code, _, err = cli(["proposals", "answer", ids[0], "--reject"], env)
    assert (
        code == 1
        and err.strip() == f"error: propuesta {ids[0]}: un rechazo necesita una justificación"
    )
    code, _, err = cli(["proposals", "answer", ids[0], "--accept", "--action", "Publicar"], env)
    assert code == 1 and "al compromiso SMART le falta indicador, línea base, meta" in err
    assert (
        cli(["proposals", "answer", ids[0], "--reject", "--justification", "Ya existe"], env)[0]
        == 0
    )
    smart = [
        "--action",
        "Tablero de tiempos de espera",
        "--indicator",
        "Hospitales publicando",
        "--baseline",
        "0",
        "--target",
        "30",
        "--responsible",
        "MINSAL",
        "--start",
        "2018-10-01",
        "--end",
        "2019-12-31",
        "--milestones",
        "Piloto en 5 hospitales",
    ]
    assert (
        cli(["proposals", "answer", ids[1], "--accept", *smart, "--actor", "minsal"], env)[0] == 0
    )
    late = (due + dt.timedelta(days=1)).isoformat()
    code, out, err = cli(["proposals", "overdue", "--today", late], env)
    assert (
        code == 0
        and "11 vencidas" in err
        and ids[0] not in [line.split("\t")[0] for line in out.splitlines()]
    )
    # Late by working days, as the deadline was counted: a week after it, 5 (not 7).
    week_later = (due + dt.timedelta(days=7)).isoformat()
    code, out, err = cli(["proposals", "overdue", "--today", week_later, "--lang", "en"], env)
    assert code == 0 and "11 overdue" in err
    assert {line.split("\t")[3] for line in out.splitlines()} == {"+5 working days"}
    code, out, _ = cli(["proposals", "overdue", "--today", week_later], env)
    assert {line.split("\t")[3] for line in out.splitlines()} == {"+5 días hábiles"}
    summary = cli(["consultation", "summary", "pan-2018-2020", "--today", late], env)[1]
    assert (
        "enviadas a instituciones 13, respondidas 2 (aceptadas 1, no incorporadas 1),"
        " pendientes 108, vencidas 11" in summary
    )
    code, out, _ = cli(["proposals", "show", ids[1]], env)
    assert "Tablero" in out
    assert "minsal: estado: enviada a la institución → aceptada (compromiso: Tablero" in out

    code, out, _ = cli(
        ["proposals", "status", ids[2], "--to", "not_a_proposal", "--reason", "insulto"], env
    )
    assert code == 0 and "propuestas cambiadas: 1" in out
    summary = cli(["consultation", "summary", "pan-2018-2020"], env)[1]
    assert re.search(r"Recibidas\s+110", summary) and re.search(
        r"No son propuestas\s+−\s+1", summary
    )
    assert re.search(r"Propuestas contabilizadas\s+109", summary)

    # The institution's sheet: exported, filled in, imported back.
    sheet = tmp_path / "minsal.xlsx"
    code, out, _ = cli(["proposals", "answer-sheet", str(sheet), "--institution", "minsal"], env)
    assert code == 0 and "10 propuestas de minsal escritas en" in out
    book = load_workbook(sheet)
    rows = book.active
    header = [c.value for c in rows[1]]
    assert header[:6] == ["propuesta", "tema", "titulo", "texto", "fecha limite", "decision"]
    rows.cell(2, 6, "Aceptada")
    for column, value in zip(
        range(8, 16),
        ["Acción", "Indicador", "0", "10", "MINSAL", "2018-10-01", "2019-10-01", "Hitos"],
        strict=True,
    ):
        rows.cell(2, column, value)
    rows.cell(3, 6, "rechazada")
    rows.cell(3, 7, "No corresponde")
    rows.cell(4, 7, "Falta revisarla")  # an answer begun without its decision
    book.save(sheet)
    code, out, err = cli(["import", "answers", str(sheet), "--actor", "minsal"], env)
    assert code == 1 and err.count("\n") == 1
    assert "línea 4, campo 'decision': la fila tiene respuesta pero no decisión" in err
    rows.cell(4, 7).value = None
    book.save(sheet)
    # The rows still blank are the ones the institution has not answered yet: skipped.
    code, out, err = cli(["import", "answers", str(sheet), "--actor", "minsal"], env)
    assert code == 0, err
    assert "1 aceptadas, 1 no incorporadas, 0 sin cambios, 8 aún sin respuesta" in out
    code, _, err = cli(["proposals", "overdue", "--today", late], env)
    assert "8 vencidas" in err
