"""The extraction model without a database: normalisation, cues, scoring, persistence,
evaluation, and the Decide Madrid converter."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pulso.analytics.extraction import ExtractionModel, ThemeInfo, fit, load_seed, read_labelled_csv
from pulso.analytics.extraction.evaluation import class_report
from pulso.analytics.extraction.features import find_cues
from pulso.analytics.extraction.normalise import normalise
from pulso.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
DECIDE_MADRID = Path("/work/shared/data/decide-madrid")
CONSULTATION = json.loads((ROOT / "sandbox/data/consultation_2018.json").read_text())
THEMES = [ThemeInfo(**t) for t in CONSULTATION["themes"]]


@pytest.fixture(scope="module")
def model() -> ExtractionModel:
    return fit(load_seed())


def test_normalise_meets_informal_spellings_on_one_form():
    assert normalise("Deberían") == normalise("deberian") == "deberian"
    assert normalise("q el gobierno x favor") == "que el gobierno por favor"
    assert normalise("Buenísimooo!!! 😍") == "buenisimo ! ! ! emopos"
    assert normalise("@SPTA mira #AguaParaTodos https://t.co/x") == (
        "mentiontok mira hashtagtok agua para todos urltok"
    )
    assert normalise("El año") == "el año"  # ñ is kept: año is not ano


def test_cues_are_found_in_any_spelling():
    assert find_cues(normalise("Seria bueno q el Gobierno publique")).proposal == [
        "seria bueno",
        "que el gobierno",
    ]
    assert "hijueput*" in find_cues(normalise("HIJUEPUTAS!!")).abuse
    assert "cerote*" in find_cues(normalise("cerotes")).abuse


def test_que_se_is_a_cue_only_at_the_start_of_a_clause():
    assert "que se" not in find_cues(normalise("La basura que se acumula en la esquina")).proposal
    assert "que se" in find_cues(normalise("Que se publiquen los contratos")).proposal
    assert "que se" in find_cues(normalise("Ya basta. ¡Que se arreglen las calles!")).proposal


def test_insults_of_other_regions_are_cues():
    text = "Concejal culiao, pelotudo, gilipollas, naco, concha de tu madre"
    found = find_cues(normalise(text)).abuse
    for cue in ("culia*", "pelotud*", "gilipoll*", "naco*", "concha de tu madre"):
        assert cue in found


def test_scores_rank_proposals_above_courtesy_and_flag_insults(model):
    texts = [
        "Propongo que el MINSAL publique el abastecimiento de medicinas de cada hospital",
        "ke deverian poner mas maestros en la escuela del canton",
        "Muchísimas gracias por la info 🙏",
        "¿Hasta qué día está abierta la consulta?",
        "Bola de cerotes ladrones 🤬",
    ]
    scores = model.score(texts, THEMES)
    assert scores[0].proposal > 0.5 and scores[1].proposal > 0.5
    assert max(s.proposal for s in scores[2:]) < min(s.proposal for s in scores[:2])
    assert scores[4].abuse > 0.5 and max(s.abuse for s in scores[:4]) < 0.5
    assert scores[4].sentiment == "negative" and scores[2].sentiment == "positive"
    assert scores[0].themes[0]["slug"] == "salud"
    assert scores[1].themes[0]["slug"] == "educacion"
    assert "propongo" in scores[0].evidence["cues"]
    assert scores[0].evidence["nearest"][0]["label"] == "proposal"
    assert "cerote*" in scores[4].evidence["abuse_cues"]


def test_zero_shot_themes_come_from_descriptions_alone():
    model = fit([r for r in load_seed() if r.theme is None or not r.is_proposal])
    assert model.centroids == {}
    themes = [
        ThemeInfo("agua", "Agua", description_es="Acueductos, pozos y agua potable"),
        ThemeInfo("cultura", "Cultura", description_es="Museos, música, teatro y bibliotecas"),
    ]
    [water, culture] = model.score(
        ["Que lleven agua potable a mi comunidad", "Más teatro y música en los museos"], themes
    )
    assert water.themes[0]["slug"] == "agua" and water.themes[0]["basis"] == "description"
    assert culture.themes[0]["slug"] == "cultura"


def test_artifact_round_trip_gives_the_same_scores(model):
    texts = ["Solicito que publiquen los contratos", "jajaja", "Sos un pendejo"]
    restored = ExtractionModel.from_artifact(json.loads(json.dumps(model.to_artifact())))
    before = model.score(texts, THEMES)
    after = restored.score(texts, THEMES)
    assert [(s.proposal, s.abuse, s.sentiment, s.themes) for s in before] == [
        (s.proposal, s.abuse, s.sentiment, s.themes) for s in after
    ]


def test_class_report_counts():
    r = class_report(["a", "a", "b", "b"], ["a", "b", "b", "b"], ["a", "b"])
    assert r["confusion"] == [[1, 1], [0, 2]]
    assert r["per_label"]["a"] == {"precision": 1.0, "recall": 0.5, "f1": 0.667, "support": 2}
    assert r["per_label"]["b"]["precision"] == 0.667


def test_evaluate_prints_per_label_figures_and_confusion(monkeypatch, cli, tmp_path):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    path = tmp_path / "labels.csv"
    path.write_text(
        "text,is_proposal,abusive\n"
        '"Propongo que se publiquen los viáticos de los diputados",1,0\n'
        '"Deberían arreglar el puente de mi cantón",1,0\n'
        '"Gracias por la información",0,0\n'
        '"Malditos ladrones hijueputas",0,1\n',
        encoding="utf-8",
    )
    code, out, err = cli(["extract", "evaluate", "--labels", str(path), "--seed-only"])
    assert code == 0, err
    assert "== is_proposal (n=4" in out and "== abusive (n=4" in out
    proposal_line = next(line for line in out.splitlines() if line.startswith("proposal "))
    assert proposal_line.split()[1:] == ["1.000", "1.000", "1.000", "2"]
    assert "confusion matrix" in out


def test_labelled_csv_errors_name_file_line_and_field(cli, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("text,is_proposal\nhola,1\nadiós,maybe\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_labelled_csv(path)
    assert "line 3" in str(info.value) and "is_proposal" in str(info.value)
    code, _, err = cli(["extract", "evaluate", "--labels", str(path), "--seed-only"])
    assert code == 1 and err.startswith("error:") and "Traceback" not in err


@pytest.mark.skipif(not DECIDE_MADRID.exists(), reason="Decide Madrid sample not present")
def test_decide_madrid_converter(tmp_path):
    from scripts.decide_madrid_labels import main

    out = tmp_path / "dm.csv"
    assert main([str(DECIDE_MADRID), str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    texts = {r["text"]: r["is_proposal"] for r in rows}
    assert texts["Limpiar las calles"] == "1"  # a proposal title
    assert all(v in ("0", "1") for v in texts.values())
    assert len(texts) == len(rows)  # de-duplicated
    seed = {r.text for r in load_seed()}
    assert not seed & set(texts)  # never trained on what it is evaluated on


def test_evaluate_reports_themes_against_the_learned_themes(monkeypatch, cli, tmp_path):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    path = tmp_path / "themes.csv"
    path.write_text(
        "text,theme\n"
        '"Que haya más médicos y medicinas en la unidad de salud",salud\n'
        '"Publiquen los contratos y el avance de la carretera",obra-publica\n'
        '"Becas para que los jóvenes del cantón vayan a la escuela",educacion\n',
        encoding="utf-8",
    )
    code, out, err = cli(["extract", "evaluate", "--labels", str(path), "--seed-only"])
    assert code == 0, err
    assert "== theme (n=3, accuracy 1.000)" in out
    assert "is_proposal" not in out  # only the labels the file carries


@pytest.mark.skipif(not DECIDE_MADRID.exists(), reason="Decide Madrid sample not present")
def test_evaluate_on_decide_madrid_ranks_proposals_above_chance(monkeypatch, cli, tmp_path):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    from scripts.decide_madrid_labels import main

    out = tmp_path / "dm.csv"
    main([str(DECIDE_MADRID), str(out)])
    code, text, err = cli(["extract", "evaluate", "--labels", str(out), "--seed-only"])
    assert code == 0, err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    base_rate = sum(r["is_proposal"] == "1" for r in rows) / len(rows)
    ap = float(text.split("average precision (ranking): ")[1].split()[0])
    recall = float(next(ln for ln in text.splitlines() if ln.startswith("proposal ")).split()[2])
    assert ap > 2 * base_rate  # the queue order is far better than chance
    assert recall > 0.5


def test_reviewed_examples_teach_a_theme_what_its_description_does_not_say():
    from pulso.analytics.extraction import Row

    themes = [
        ThemeInfo("acueductos", "Agua", description_es="Acueductos, pozos y agua potable"),
        ThemeInfo("festejos", "Festejos", description_es="Museos, música y teatro"),
    ]
    text = "Que apoyen los festivales de danza folclórica del pueblo"
    before = fit(load_seed()).score([text], themes)[0].themes
    assert before == []  # no word in common with any description: no suggestion
    reviewed = [
        Row("Más festivales de danza en las fiestas patronales", 1, "festejos", 0),
        Row("Apoyo a los grupos de danza folclórica de los jóvenes", 1, "festejos", 0),
        Row("Festivales de pueblo con artistas locales", 1, "festejos", 0),
    ]
    after = fit(load_seed() + reviewed).score([text], themes)[0].themes
    assert after[0]["slug"] == "festejos" and after[0]["basis"] == "description+examples"
