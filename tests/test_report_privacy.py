"""Exported reports, in every format: no author key, no author-key secret, no raw identity
or commenter name; and spreadsheet cells that would run as formulas are neutralised."""

from __future__ import annotations

import csv
import json

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select, update

from pulso.db.models import Comment, Person, Post, Proposal
from pulso.reports import consultation_report, weekly_report, write_consultation, write_weekly
from tests.report_sample import write_sample

SECRET = "report-privacy-secret-7f3a"
FORMULAS = ['=HYPERLINK("http://evil.example","clic")', "+cmd|' /C calc'!A0", "@SUM(1,2)",
            "-2+3"]  # fmt: skip


def _texts(paths) -> dict:
    out = {}
    for path in paths:
        if path.suffix == ".pdf":
            out[path] = "\n".join(page.extract_text() for page in PdfReader(path).pages)
        elif path.suffix == ".xlsx":
            book = load_workbook(path)
            out[path] = "\n".join(
                str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
                if cell.value is not None
            )  # fmt: skip
        else:
            out[path] = path.read_text(encoding="utf-8-sig")
    return out


def test_reports_carry_no_identities_and_no_live_formulas(session, tmp_path):
    write_sample(session, author_secret=SECRET)
    # Attacker-controlled text where reports show it: a post's label and text, a proposal.
    session.execute(update(Post).where(Post.external_id == "fb_3").values(label=FORMULAS[0]))
    session.execute(update(Post).where(Post.external_id != "fb_3").values(text=FORMULAS[1]))
    session.execute(update(Proposal).values(title=FORMULAS[2], text=FORMULAS[3]))
    session.flush()
    keys = set(session.scalars(select(Comment.author_key).where(Comment.author_key.is_not(None))))
    keys |= set(session.scalars(select(Person.key)))
    assert keys
    formats = ["html", "pdf", "xlsx", "csv", "json"]
    paths = write_weekly(
        weekly_report(session=session, week="2018-W26", consultation="pan-prueba"),
        formats=formats, out=tmp_path / "w",
    ) + write_consultation(
        consultation_report(session=session, consultation="pan-prueba"),
        formats=formats, out=tmp_path / "c",
    )  # fmt: skip
    texts = _texts(paths)
    assert {p.suffix for p in texts} == {".html", ".pdf", ".xlsx", ".csv", ".json"}
    assert any("evil.example" in t for t in texts.values())  # the hostile text is shown
    forbidden = [SECRET, "fb-user-", "funde@example.org", "Persona 1", *keys]
    for path, text in texts.items():
        for value in forbidden:
            assert value not in text, (path.name, value)
    for path in paths:
        if path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as f:
                cells = [c for row in csv.reader(f) for c in row]
            assert not [c for c in cells if c[:1] in tuple("=+@") or c in FORMULAS], path.name
        if path.suffix == ".xlsx":
            for sheet in load_workbook(path):
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
                        if isinstance(cell.value, str):
                            assert cell.value[:1] not in tuple("=+@"), (path.name, cell.value)
                            assert cell.value not in FORMULAS
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
