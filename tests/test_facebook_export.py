"""Meta Business Suite exports: CSV UTF-8 with BOM, UTF-16 with ``sep=,``, XLSX; bad files."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from pulso.collectors.facebook import read_export
from pulso.db.engine import make_engine, transaction
from pulso.db.models import MetricObservation, Post
from pulso.db.writer import Writer
from pulso.errors import InputError
from pulso.jobs.runner import run_collection
from pulso.sandbox.fake_graph import FakeGraph
from tests.facebook_helpers import PAGE, Clock, at, collector, dataset

HEADER = [
    "Post ID",
    "Page ID",
    "Page name",
    "Title",
    "Description",
    "Publish time",
    "Permalink",
    "Post type",
    "Views",
    "Reach",
    "Reactions, Comments and Shares",
    "Reactions",
    "Comments",
    "Shares",
    "Total clicks",
    "Link Clicks",
    "Other Clicks",
    "Seconds viewed",
    "3-Second Video Views",
]
ROWS = [
    ["3", PAGE, "SPTA", "", "Arte 3: participa", "06/29/2018 09:00",
     "https://www.facebook.com/1001/posts/3", "Photo", "90,210", "74,926", "1,899", "1,782",
     "47", "116", "613", "272", "341", "", ""],
    ["2", PAGE, "SPTA", "", "Pasos para la consulta", "06/21/2018 10:30",
     "https://www.facebook.com/1001/videos/2", "Video", "310", "139", "2", "2", "0", "0",
     "", "", "", "84", "21"],
]  # fmt: skip


def lowercase_header() -> list[str]:
    # Capitalisation varies between exports; columns are matched case-insensitively.
    return [h.upper() if i % 2 else h.lower() for i, h in enumerate(HEADER)]


def write_csv_utf8(path, rows=ROWS, header=HEADER):
    lines = [",".join(f'"{c}"' for c in header)]
    lines += [",".join(f'"{c}"' for c in row) for row in rows]
    path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def write_csv_utf16(path, rows=ROWS):
    lines = ["sep=,", ",".join(f'"{c}"' for c in lowercase_header())]
    lines += [",".join(f'"{c}"' for c in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-16"))
    return path


def write_xlsx(path, rows=ROWS):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        cells = list(row)
        cells[0] = int(cells[0])
        cells[5] = dt.datetime.strptime(cells[5], "%m/%d/%Y %H:%M")
        for i in range(8, len(cells)):
            cells[i] = int(cells[i].replace(",", "")) if cells[i] else None
        sheet.append(cells)
    book.save(path)
    return path


@pytest.mark.parametrize("write", [write_csv_utf8, write_csv_utf16, write_xlsx])
def test_each_encoding_reads_the_same_records(tmp_path, write):
    suffix = ".xlsx" if write is write_xlsx else ".csv"
    path = write(tmp_path / f"export{suffix}")
    page = read_export(path, timezone="America/El_Salvador")
    posts = [r for r in page.records if type(r).__name__ == "PostRecord"]
    obs = {(r.post_external_id, r.metric, r.scope): r for r in page.records if r not in posts}
    assert [p.external_id for p in posts] == [f"{PAGE}_3", f"{PAGE}_2"]
    assert posts[0].published_at == dt.datetime(2018, 6, 29, 15, 0, tzinfo=dt.UTC)
    assert posts[0].kind == "image" and posts[1].kind == "video"
    assert obs[(f"{PAGE}_3", "reach", "total")].value == 74926
    assert obs[(f"{PAGE}_3", "link_clicks", "total")].value == 272
    assert obs[(f"{PAGE}_2", "video_plays", "total")].value == 21
    assert (f"{PAGE}_3", "video_plays", "total") not in obs  # empty optional cell: no value
    assert all(o.source == f"file:{path.name}" for o in obs.values())


@pytest.fixture
def env(migrated_url):
    return {"PULSO_DATABASE_URL": migrated_url, "PULSO_LANGUAGE": "en"}


def _counts(url):
    engine = make_engine(url)
    with transaction(engine) as session:
        figures = (
            session.scalar(select(func.count()).select_from(Post)),
            session.scalar(select(func.count()).select_from(MetricObservation)),
        )
    engine.dispose()
    return figures


def test_import_all_encodings_and_reimport_changes_nothing(cli, env, tmp_path):
    files = [
        write_csv_utf8(tmp_path / "a.csv"),
        write_csv_utf16(tmp_path / "b.csv"),
        write_xlsx(tmp_path / "c.xlsx"),
    ]
    for f in files:
        os.utime(f, (at(30).timestamp(), at(30).timestamp()))
    code, out, err = cli(["import", "facebook-export", *map(str, files)], env=env)
    assert code == 0, err
    assert out.startswith("3 file(s)")
    first = _counts(env["PULSO_DATABASE_URL"])
    assert first[0] == 2
    code, _, err = cli(["import", "facebook-export", *map(str, files)], env=env)
    assert code == 0, err
    assert _counts(env["PULSO_DATABASE_URL"]) == first


def test_malformed_export_names_file_line_and_column_and_writes_nothing(cli, env, tmp_path):
    good = write_csv_utf8(tmp_path / "good.csv")
    rows = [list(ROWS[0]), list(ROWS[1])]
    rows[1][9] = "mucho"
    bad = write_csv_utf8(tmp_path / "bad.csv", rows=rows)
    code, out, err = cli(["import", "facebook-export", str(good), str(bad)], env=env)
    assert code == 1 and "Traceback" not in err
    assert err.strip() == (
        f"error: {bad}, line 3, field 'reach': "
        "found 'mucho', expected a whole number of 0 or more like 1234 or 1,234"
    )
    assert _counts(env["PULSO_DATABASE_URL"]) == (0, 0)


def test_missing_required_column_and_bad_time(tmp_path):
    header = [h for h in HEADER if h != "Shares"]
    rows = [[c for i, c in enumerate(r) if HEADER[i] != "Shares"] for r in ROWS]
    path = write_csv_utf8(tmp_path / "noshares.csv", rows=rows, header=header)
    with pytest.raises(InputError) as info:
        read_export(path)
    assert info.value.line == 1 and info.value.field == "shares"
    rows = [list(ROWS[0])]
    rows[0][5] = "ayer"
    path = write_csv_utf8(tmp_path / "time.csv", rows=rows)
    with pytest.raises(InputError, match="line 2, field 'publish time'"):
        read_export(path)
    path = tmp_path / "latin1.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\n3,1001,Secretar\xeda\n")
    with pytest.raises(InputError, match="line 2: not valid utf-8"):
        read_export(path)


def test_export_and_api_land_on_the_same_post(migrated_url, tmp_path):
    engine = make_engine(migrated_url)
    writer = Writer(author_secret="test-author-secret")
    try:
        with FakeGraph(dataset()) as api:
            run_collection(collector(api, Clock(at(30, 12))), engine=engine, writer=writer)
        page = read_export(write_csv_utf8(tmp_path / "x.csv"))
        with transaction(engine) as session:
            writer.write_page(page, session=session)
            assert session.scalar(select(func.count()).select_from(Post)) == 3
            sources = set(session.scalars(select(MetricObservation.source).distinct()))
        assert sources == {"graph:v25.0", "file:x.csv"}
    finally:
        engine.dispose()


def test_xlsx_id_that_lost_precision_is_taken_from_the_permalink(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    real = "1234567890123456789"
    row = list(ROWS[0])
    row[0] = float(real)  # what a spreadsheet does to a long number
    row[6] = f"https://www.facebook.com/{PAGE}/posts/{real}"
    sheet.append(row)
    book.save(tmp_path / "float.xlsx")
    page = read_export(tmp_path / "float.xlsx")
    assert page.records[0].external_id == f"{PAGE}_{real}"
