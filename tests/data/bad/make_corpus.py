"""Write the bad-input corpus: ``python tests/data/bad/make_corpus.py``.

Every file here is malformed in one way a real file can be (wrong encoding, missing or
renamed column, non-numeric number, date in another format, huge field, empty file, binary
junk, formula instead of a value, truncated XML or JSON, ...). ``cases.json`` lists, for
each file, the importer command and the line and field its one-line error must name
(null where the file has no line or field to name, e.g. an empty file). The files are
committed; this script regenerates them (seeded; XLSX files carry their creation time).
"""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
RNG = random.Random(10)
HUGE = "x" * 200_000  # over the csv module's 128 KiB field limit
CASES: list[dict] = []

FB_HEADER = ["Post ID", "Page ID", "Publish time", "Permalink", "Post type", "Reach",
             "Reactions", "Comments", "Shares", "Description"]  # fmt: skip
FB_ROW = ["3", "1001", "06/29/2018 09:00", "https://www.facebook.com/1001/posts/3", "Photo",
          "74,926", "1,782", "47", "116", "Arte 3"]  # fmt: skip
X_HEADER = ["Post id", "Date", "Post text", "Post Link", "Impressions", "Likes",
            "Engagements", "Reposts", "Replies"]  # fmt: skip
X_ROW = ["1010000000000000001", "Thu, Jun 21, 2018", "Consulta",
         "https://x.com/TransparenciaSV/status/1010000000000000001", "1,204", "5", "40", "1",
         "0"]  # fmt: skip
X_NAME = "account_analytics_content_2018-06-01_2018-07-10"
P_HEADER = ["fecha", "canal", "organizacion", "remitente", "tema", "texto", "plantilla"]
P_ROW = ["2018-06-21", "correo", "FUNDE", "Marta", "salud", "Publicar los tiempos", "no"]
A_HEADER = ["propuesta", "decisión", "justificación", "acción", "indicador", "línea base",
            "meta", "responsable", "inicio", "fin", "hitos"]  # fmt: skip
A_ACCEPT = ["1", "aceptada", "", "Protocolo", "Aprobado", "No existe", "Vigente", "SPTA",
            "2018-10-01", "2019-06-30", "Borrador"]  # fmt: skip
THREAD = """  <thread dsq:id="71"><link>https://consulta.example/salud</link><title>Salud</title>
    <createdAt>2018-06-18T14:00:00Z</createdAt></thread>
"""
POST = """  <post dsq:id="{id}"><message><![CDATA[<p>{text}</p>]]></message>
    <createdAt>{at}</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Ana</name><isAnonymous>false</isAnonymous><username>ana_sv</username></author>
    <thread dsq:id="71"/></post>
"""
XML_HEAD = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
"""


def case(importer, name, data, *, line=None, field=None, why="", error=None):
    """``error``: the exact message after the file's path, when the case pins it."""
    folder = HERE / importer
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    CASES.append({"importer": importer, "file": f"{importer}/{name}", "line": line,
                  "field": field, "why": why} | ({"error": error} if error else {}))  # fmt: skip


WHOLE = "expected a whole number of 0 or more like 1234 or 1,234"
NUL = "found a control character (U+0000) at position 5, expected plain text"
FUTURE = "which is in the future; expected a time already past"
ONCE = "found the column in positions {} and {}, expected it once"
CUT = "found a header and no post, expected at least one row (is the file cut?)"


def csv_bytes(rows, encoding="utf-8", delimiter=","):
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, formulas=()):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for ref, formula in formulas:
        sheet[ref] = formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def junk(n=2048):
    return bytes(RNG.randrange(256) for _ in range(n))


def replaced(row, index, value):
    row = list(row)
    row[index] = value
    return row


def facebook():
    h, r = FB_HEADER, FB_ROW
    imp = "facebook-export"
    case(imp, "empty.csv", b"", why="empty file")
    case(imp, "junk.csv", junk(), why="binary junk")
    case(imp, "junk.xlsx", junk(), why="binary junk named .xlsx")
    case(imp, "only_bom.csv", "\ufeff".encode(), why="a BOM and nothing else")
    case(imp, "missing_reach.csv", csv_bytes([h[:5] + h[6:], r[:5] + r[6:]]), line=1,
         field="reach", why="required column missing")  # fmt: skip
    case(imp, "renamed_permalink.csv", csv_bytes([replaced(h, 3, "Link to post"), r]), line=1,
         field="permalink", why="required column renamed")  # fmt: skip
    case(imp, "reach_not_a_number.csv", csv_bytes([h, r, replaced(r, 5, "mucho")]), line=3,
         field="reach", why="non-numeric number")  # fmt: skip
    case(imp, "reach_decimal_comma.csv", csv_bytes([h, replaced(r, 5, "74.926,5")]), line=2,
         field="reach", why="number written the European way")  # fmt: skip
    case(imp, "date_dotted.csv", csv_bytes([h, replaced(r, 2, "29.06.2018 09:00")]), line=2,
         field="publish time", why="date in another format")  # fmt: skip
    case(imp, "date_words.csv", csv_bytes([h, replaced(r, 2, "29 de junio")]), line=2,
         field="publish time", why="date in words")  # fmt: skip
    case(imp, "post_id_text.csv", csv_bytes([h, replaced(r, 0, "arte-3")]), line=2,
         field="post id", why="post id that is no id")  # fmt: skip
    case(imp, "latin1.csv", csv_bytes([h, replaced(r, 9, "Participación")], "latin-1"), line=2,
         why="Latin-1, not UTF-8")  # fmt: skip
    case(imp, "huge_field.csv", csv_bytes([h, replaced(r, 9, HUGE)]), line=2,
         why="a field over the CSV field limit")  # fmt: skip
    case(imp, "unterminated_quote.csv", csv_bytes([h, r]) + b'4,1001,"06/30/2018 09:00\n',
         line=3, why="quote never closed")  # fmt: skip
    case(imp, "formula_reach.xlsx", xlsx_bytes([h, r], [("F2", "=1+1")]), line=2,
         field="reach", why="a formula where a number belongs")  # fmt: skip
    no_reach = ("expected the post's reach (a whole number; only other counts may be left "
                "blank)")  # fmt: skip
    case(imp, "reach_dash.csv", csv_bytes([h, replaced(r, 5, "-")]), line=2, field="reach",
         why="'-' in the required reach",
         error=f", line 2, field 'reach': found '-', {no_reach}")  # fmt: skip
    case(imp, "reach_empty.csv", csv_bytes([h, replaced(r, 5, "")]), line=2, field="reach",
         why="empty required reach",
         error=f", line 2, field 'reach': found no value, {no_reach}")  # fmt: skip
    case(imp, "reach_negative.csv", csv_bytes([h, replaced(r, 5, "-500")]), line=2,
         field="reach", why="negative count",
         error=f", line 2, field 'reach': found '-500', {WHOLE}")  # fmt: skip
    case(imp, "shares_negative_fraction.csv", csv_bytes([h, replaced(r, 8, "-0.5")]), line=2,
         field="shares", why="negative fractional count",
         error=f", line 2, field 'shares': found '-0.5', {WHOLE}")  # fmt: skip
    case(imp, "reactions_bad_grouping.csv", csv_bytes([h, replaced(r, 6, "1,2,3,4")]), line=2,
         field="reactions", why="separators that group no thousands",
         error=f", line 2, field 'reactions': found '1,2,3,4', {WHOLE}")  # fmt: skip
    case(imp, "reach_huge.csv", csv_bytes([h, replaced(r, 5, "9" * 26)]), line=2,
         field="reach", why="a count no post can have",
         error=f", line 2, field 'reach': found '{'9' * 26}', expected at most "
         "1,000,000,000,000")  # fmt: skip
    case(imp, "comments_fraction.csv", csv_bytes([h, replaced(r, 7, "4.5")]), line=2,
         field="comments", why="fractional count",
         error=f", line 2, field 'comments': found '4.5', {WHOLE}")  # fmt: skip
    case(imp, "reach_twice.csv", csv_bytes([h + ["Reach"], r + ["1"]]), line=1, field="reach",
         why="a header repeated",
         error=", line 1, field 'reach': " + ONCE.format(6, 11))  # fmt: skip
    case(imp, "header_only.csv", b"\xef\xbb\xbf" + csv_bytes([h]), line=1,
         why="cut after its header", error=f", line 1: {CUT}")  # fmt: skip
    case(imp, "date_2099.csv", csv_bytes([h, replaced(r, 2, "06/29/2099 09:00")]), line=2,
         field="publish time", why="published in 2099",
         error=", line 2, field 'publish time': found 2099-06-29T15:00+00:00, "
         f"{FUTURE}")  # fmt: skip
    case(imp, "nul_description.csv", csv_bytes([h, replaced(r, 9, "Arte\x003")]), line=2,
         field="description", why="a NUL byte in a text",
         error=f", line 2, field 'description': {NUL}")  # fmt: skip
    case(imp, "rounded_id.csv",
         csv_bytes([h, replaced(replaced(r, 0, "1897000000000000000"), 3, "")]), line=2,
         field="post id", why="an id a spreadsheet rounded, no link",
         error=", line 2, field 'post id': found '1897000000000000000', which a spreadsheet "
         "rounded (the permalink has no id); expected the exact id (format the column as "
         "text before saving)")  # fmt: skip


def x_export():
    h, r = X_HEADER, X_ROW
    imp = "x-export"
    case(imp, f"{X_NAME}_empty.csv", b"", why="empty file")
    case(imp, f"{X_NAME}_junk.csv", junk(), why="binary junk")
    case(imp, f"{X_NAME}_no_date.csv", csv_bytes([h[:1] + h[2:], r[:1] + r[2:]]), line=1,
         field="date", why="time column missing")  # fmt: skip
    case(imp, f"{X_NAME}_no_metrics.csv", csv_bytes([h[:4], r[:4]]), line=1,
         why="no metric column at all")  # fmt: skip
    case(imp, f"{X_NAME}_impressions_text.csv", csv_bytes([h, r, replaced(r, 4, "many")]),
         line=3, field="Impressions", why="non-numeric number")  # fmt: skip
    case(imp, f"{X_NAME}_unclosed_quote.csv",
         csv_bytes([h, r]) + b'1010000000000000002,"Thu, Jun 21, 2018,Consulta\n'
         + csv_bytes([r]), line=3,
         why="a quote never closed swallows the rows after it")  # fmt: skip
    # Ids older than snowflakes (2010) carry no time: the date column is read.
    old = replaced(replaced(r, 0, "12345678"), 3, "https://x.com/TransparenciaSV/status/12345678")
    case(imp, f"{X_NAME}_likes_nan.csv", csv_bytes([h, replaced(r, 5, "NaN")]), line=2,
         field="Likes", why="not-a-number that float() would take")  # fmt: skip
    case(imp, f"{X_NAME}_date_slashes.csv", csv_bytes([h, replaced(old, 1, "21/06/2018")]),
         line=2, field="Date", why="date in another format")  # fmt: skip
    case(imp, f"{X_NAME}_bad_link.csv",
         csv_bytes([h, replaced(replaced(r, 3, "https://x.com/home"), 0, "")]), line=2,
         why="no post id anywhere")  # fmt: skip
    case(imp, f"{X_NAME}_latin1.csv", csv_bytes([h, replaced(r, 2, "Participación")],
         "latin-1"), line=2, why="Latin-1, not UTF-8")  # fmt: skip
    case(imp, f"{X_NAME}_utf16.csv", csv_bytes([h, r], "utf-16"), line=1,
         why="UTF-16")  # fmt: skip
    case(imp, f"{X_NAME}_huge.csv", csv_bytes([h, replaced(r, 2, HUGE)]), line=2,
         why="a field over the CSV field limit")  # fmt: skip
    case(imp, f"{X_NAME}_formula.csv", csv_bytes([h, replaced(r, 5, "=cmd|' /C calc'!A0")]),
         line=2, field="Likes", why="formula injection in a number column")  # fmt: skip
    lh = ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "likes"]
    lr = [r[0], r[3], "Consulta", "2018-06-22 03:22 +0000", "1204", "5"]
    legacy = "tweet_activity_metrics_TransparenciaSV_20180601_20180701_en"
    case(imp, f"{legacy}_time_impossible.csv", csv_bytes([lh, replaced(lr, 3, "07/03/2026 25:99")]),
         line=2, field="time", why="a time that does not exist",
         error=", line 2, field 'time': found '07/03/2026 25:99', expected a time like "
         "'2018-06-28 18:04 +0000'")  # fmt: skip
    case(imp, f"{X_NAME}_date_2099.csv", csv_bytes([h, replaced(r, 1, "Sun, Jun 21, 2099")]),
         line=2, field="Date", why="published in 2099",
         error=f", line 2, field 'Date': found 2099-06-21T00:00+00:00, {FUTURE}")  # fmt: skip
    case(imp, f"{X_NAME}_rounded_id.csv",
         csv_bytes([h, replaced(replaced(r, 0, "1897000000000000000"), 3, "")]), line=2,
         field="Post id", why="an id a spreadsheet rounded, no link",
         error=", line 2, field 'Post id': found '1897000000000000000', which a spreadsheet "
         "rounded, and no link with the real id; expected the exact id "
         "(keep the link column)")  # fmt: skip
    case(imp, f"{X_NAME}_id_not_the_date.csv",
         csv_bytes([h, replaced(replaced(r, 1, "Fri, Mar 06, 2026"), 3, "")]), line=2,
         field="Date", why="an id (no link) created long before the file's date",
         error=", line 2, field 'Date': found 'Fri, Mar 06, 2026', but post id "
         "1010000000000000001 was created 2018-06-22T03:22+00:00; expected the same time "
         "(did a spreadsheet change the id? keep the link column)")  # fmt: skip
    case(imp, f"{X_NAME}_negative.csv", csv_bytes([h, replaced(r, 4, "-500")]), line=2,
         field="Impressions", why="negative count",
         error=f", line 2, field 'Impressions': found '-500', {WHOLE}")  # fmt: skip
    case(imp, f"{X_NAME}_bad_grouping.csv", csv_bytes([h, replaced(r, 5, "1,2,3,4")]), line=2,
         field="Likes", why="separators that group no thousands",
         error=f", line 2, field 'Likes': found '1,2,3,4', {WHOLE}")  # fmt: skip
    case(imp, f"{X_NAME}_count_huge.csv", csv_bytes([h, replaced(r, 4, "9" * 26)]), line=2,
         field="Impressions", why="a count no post can have",
         error=f", line 2, field 'Impressions': found '{'9' * 26}', expected at most "
         "1,000,000,000,000")  # fmt: skip
    case(imp, f"{X_NAME}_fraction.csv", csv_bytes([h, replaced(r, 7, "0.5")]), line=2,
         field="Reposts", why="fractional count",
         error=f", line 2, field 'Reposts': found '0.5', {WHOLE}")  # fmt: skip
    case(imp, f"{X_NAME}_likes_twice.csv", csv_bytes([h + ["Likes"], r + ["3"]]), line=1,
         field="Likes", why="a header repeated",
         error=", line 1, field 'Likes': " + ONCE.format(6, 10))  # fmt: skip
    case(imp, f"{X_NAME}_header_only.csv", csv_bytes([h]), line=1, why="cut after its header",
         error=f", line 1: {CUT}")  # fmt: skip
    case(imp, f"{X_NAME}_nul.csv", csv_bytes([h, replaced(r, 2, "Cons\x00ulta")]), line=2,
         field="Post text", why="a NUL byte in a text",
         error=", line 2, field 'Post text': found a control character (U+0000) at "
         "position 5, expected plain text")  # fmt: skip


def disqus():
    imp = "disqus-export"
    post = POST.format(id="901", text="Hospitales", at="2018-06-20T15:00:00Z")
    good = XML_HEAD + THREAD + post + "</disqus>\n"
    case(imp, "empty.xml", b"", why="empty file")
    case(imp, "junk.xml", junk(), why="binary junk")
    case(imp, "truncated.xml", good[: len(good) - 60], line=None,
         why="cut in the middle of a post")  # fmt: skip
    case(imp, "mismatched_tag.xml", good.replace("</title>", "</titulo>"), line=3,
         why="closing tag that does not match")  # fmt: skip
    case(imp, "not_disqus.xml", '<?xml version="1.0"?>\n<rss><channel/></rss>\n', line=2,
         why="another XML format")  # fmt: skip
    case(imp, "date_format.xml",
         XML_HEAD + THREAD + POST.format(id="901", text="a", at="20/06/2018 15:00")
         + "</disqus>\n", line=5, field="createdAt", why="date in another format")  # fmt: skip
    case(imp, "latin1.xml", good.replace("Hospitales", "Participación").encode("latin-1"),
         line=5, why="declares UTF-8, is Latin-1")  # fmt: skip
    case(imp, "post_without_id.xml", good.replace('<post dsq:id="901">', "<post>"), line=5,
         field="dsq:id", why="post without its id")  # fmt: skip
    case(imp, "post_without_thread.xml", good.replace('<thread dsq:id="71"/>', ""), line=5,
         field="thread", why="post that names no thread")  # fmt: skip
    case(imp, "html_page.xml", "<!DOCTYPE html><html><body><p>Login</body></html>\n",
         why="an HTML page saved by mistake")  # fmt: skip
    dtd = ("found a document type declaration (<!DOCTYPE>), expected none: Disqus exports "
           "have none, and DTDs are refused")  # fmt: skip
    case(imp, "internal_dtd.xml",
         XML_HEAD.replace("<disqus ", '<!DOCTYPE disqus [<!ENTITY a "aaaaaaaaaa">\n'
                          '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<disqus ')
         + THREAD + POST.format(id="901", text="&b;", at="2018-06-20T15:00:00Z") + "</disqus>\n",
         line=2, why="a DTD declaring entities (a small XML bomb)",
         error=f", line 2: {dtd}")  # fmt: skip
    case(imp, "external_entity.xml",
         XML_HEAD.replace("<disqus ", '<!DOCTYPE disqus SYSTEM "file:///etc/passwd">\n<disqus ')
         + THREAD + post + "</disqus>\n", line=2, why="a DTD naming an external file",
         error=f", line 2: {dtd}")  # fmt: skip


def proposals():
    h, r = P_HEADER, P_ROW
    imp = "proposals"
    case(imp, "empty.csv", b"", why="empty file")
    case(imp, "junk.csv", junk(), why="binary junk")
    case(imp, "junk.xlsx", junk(), why="binary junk named .xlsx")
    case(imp, "notes.docx", b"PK\x03\x04 not a spreadsheet", why="unsupported file type")
    case(imp, "missing_texto.csv", csv_bytes([h[:5], r[:5]]), line=1, field="text",
         why="required column missing")  # fmt: skip
    case(imp, "renamed_canal.csv", csv_bytes([replaced(h, 1, "tipo de envío"), r]), line=1,
         field="channel", why="required column renamed")  # fmt: skip
    case(imp, "unknown_channel.csv", csv_bytes([h, r, replaced(r, 1, "fax")]), line=3,
         field="canal", why="unknown channel")  # fmt: skip
    case(imp, "date_words.csv", csv_bytes([h, replaced(r, 0, "julio 25 2018")]), line=2,
         field="fecha", why="date in words")  # fmt: skip
    case(imp, "date_impossible.csv", csv_bytes([h, replaced(r, 0, "2018-13-45")]), line=2,
         field="fecha", why="date that does not exist")  # fmt: skip
    case(imp, "date_us.csv", csv_bytes([h, replaced(r, 0, "07/25/2018")]), line=2,
         field="fecha", why="US month/day date")  # fmt: skip
    case(imp, "unknown_theme.csv", csv_bytes([h, replaced(r, 4, "deportes")]), line=2,
         field="tema", why="unknown theme")  # fmt: skip
    case(imp, "bad_boolean.csv", csv_bytes([h, replaced(r, 6, "quizás")]), line=2,
         field="plantilla", why="not a yes/no")  # fmt: skip
    case(imp, "latin1.csv", csv_bytes([h, replaced(r, 5, "Educación")], "latin-1"), line=2,
         why="Latin-1, not UTF-8")  # fmt: skip
    case(imp, "huge_field.csv", csv_bytes([h, replaced(r, 5, HUGE)]), line=2,
         why="a field over the CSV field limit")  # fmt: skip
    case(imp, "formula_text.xlsx", xlsx_bytes([h, r], [("F2", '=HYPERLINK("http://x","y")')]),
         line=2, field="texto", why="a formula where the text belongs")  # fmt: skip
    case(imp, "empty_text.csv", csv_bytes([h, replaced(r, 5, "   ")]), line=2, field="texto",
         why="blank required cell")  # fmt: skip
    case(imp, "nul_text.csv", csv_bytes([h, replaced(r, 5, "Publ\x00icar")]), line=2,
         field="texto", why="a NUL byte in a text",
         error=f", line 2, field 'texto': {NUL}")  # fmt: skip
    case(imp, "date_2099.csv", csv_bytes([h, replaced(r, 0, "2099-06-21")]), line=2,
         field="fecha", why="received in 2099",
         error=f", line 2, field 'fecha': found 2099-06-21T18:00+00:00, {FUTURE}")  # fmt: skip
    case(imp, "out_of_range.csv", csv_bytes([h, replaced(r, 0, "2018-05-02")]), line=2,
         field="fecha", why="received before the consultation opened",
         error=", line 2, field 'fecha': found 2018-05-02, expected a date within the "
         "consultation (2018-06-18 to 2018-07-27; --allow-out-of-range accepts it, "
         "flagged)")  # fmt: skip
    case(imp, "unclosed_quote.csv",
         csv_bytes([h, r]) + b'2018-06-22,correo,"FUNDE,Ana,salud,Texto,no\n' + csv_bytes([r]),
         line=3, why="a quote never closed swallows the rows after it",
         error=", line 3: a quote opened here is never closed: fix the cell or remove the "
         "quote")  # fmt: skip
    case(imp, "text_twice.csv", csv_bytes([h + ["propuesta"], r + ["Otra"]]), line=1,
         field="text", why="two columns for the text",
         error=", line 1, field 'text': found 'texto' (column 6) and 'propuesta' (column 8), "
         "expected one column for it")  # fmt: skip


def answers():
    h, r = A_HEADER, A_ACCEPT
    imp = "answers"
    case(imp, "empty.csv", b"", why="empty file")
    case(imp, "junk.xlsx", junk(), why="binary junk named .xlsx")
    case(imp, "missing_decision.csv", csv_bytes([h[:1] + h[2:], r[:1] + r[2:]]), line=1,
         field="decision", why="required column missing")  # fmt: skip
    case(imp, "unknown_proposal.csv", csv_bytes([h, replaced(r, 0, "99999")]), line=2,
         field="propuesta", why="no such proposal")  # fmt: skip
    case(imp, "proposal_not_a_number.csv", csv_bytes([h, replaced(r, 0, "uno")]), line=2,
         field="propuesta", why="non-numeric number")  # fmt: skip
    case(imp, "decision_maybe.csv", csv_bytes([h, replaced(r, 1, "tal vez")]), line=2,
         field="decisión", why="unknown decision")  # fmt: skip
    case(imp, "reject_unjustified.csv",
         csv_bytes([h, ["1", "rechazada"] + [""] * 9]), line=2, field="justificación",
         why="rejection without justification")  # fmt: skip
    case(imp, "accept_without_indicator.csv", csv_bytes([h, replaced(r, 4, "")]), line=2,
         field="indicador", why="incomplete SMART commitment")  # fmt: skip
    case(imp, "start_in_words.csv", csv_bytes([h, replaced(r, 8, "1 de octubre")]), line=2,
         field="inicio", why="date in words")  # fmt: skip
    case(imp, "end_before_start.csv", csv_bytes([h, replaced(r, 9, "2017-01-01")]), line=2,
         field="fin", why="ends before it starts")  # fmt: skip
    case(imp, "unclosed_quote.csv",
         csv_bytes([h, r]) + b'1,"aceptada,,Protocolo\n' + csv_bytes([r]), line=3,
         why="a quote never closed swallows the rows after it")  # fmt: skip
    case(imp, "nul_action.csv", csv_bytes([h, replaced(r, 3, "Prot\x00ocolo")]), line=2,
         field="acción", why="a NUL byte in a text",
         error=f", line 2, field 'acción': {NUL}")  # fmt: skip


def consultation():
    imp = "consultation"
    good = {"slug": "pan-prueba", "name": "Prueba", "starts_on": "2018-06-18",
            "ends_on": "2018-07-27", "timezone": "America/El_Salvador",
            "themes": [{"slug": "salud", "name_es": "Salud", "name_en": "Health"}]}  # fmt: skip

    def js(**changes):
        data = {**good, **changes}
        return json.dumps(
            {k: v for k, v in data.items() if v is not None}, indent=2, ensure_ascii=False
        )

    case(imp, "empty.json", b"", why="empty file")
    case(imp, "junk.json", junk(), why="binary junk")
    case(imp, "truncated.json", js()[:80], why="cut in the middle")
    case(imp, "trailing_comma.json", js().replace('"Prueba",', '"Prueba",,'), line=3,
         why="syntax error")  # fmt: skip
    case(imp, "a_list.json", json.dumps([good]), line=1, why="a list, not an object")
    case(imp, "missing_slug.json", js(slug=None), field="slug", why="required key missing")
    case(imp, "date_slashes.json", js(starts_on="18/06/2018"), field="starts_on",
         why="date in another format")  # fmt: skip
    case(imp, "ends_before_start.json", js(ends_on="2018-01-01"), field="ends_on",
         why="ends before it starts")  # fmt: skip
    case(imp, "theme_without_name.json", js(themes=[{"slug": "salud"}]),
         field="themes[1].name_es", why="theme without its name")  # fmt: skip
    case(imp, "bad_timezone.json", js(timezone="America/San_Salvadore"), field="timezone",
         why="unknown time zone")  # fmt: skip
    case(imp, "latin1.json", js(name="Participación").encode("latin-1"),
         why="Latin-1, not UTF-8")  # fmt: skip
    case(imp, "themes_not_a_list.json", js(themes="salud"), field="themes",
         why="themes is not a list")  # fmt: skip
    case(imp, "name_a_number.json", js(name=5), field="name", why="a number where text belongs",
         error=", field 'name': found 5 (a number), expected a text")  # fmt: skip
    case(imp, "theme_slug_a_list.json", js(themes=[{"slug": ["salud"], "name_es": "Salud"}]),
         field="themes[1].slug", why="a list where text belongs",
         error=", field 'themes[1].slug': found a list, expected a text")  # fmt: skip
    case(imp, "nul_name.json", js(name="Prue\x00ba"), field="name", why="a NUL in a text",
         error=", field 'name': found a control character (U+0000), expected plain "
         "text")  # fmt: skip


if __name__ == "__main__":
    for make in (facebook, x_export, disqus, proposals, answers, consultation):
        make()
    (HERE / "cases.json").write_text(json.dumps(CASES, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(CASES)} files")
