"""Scanned pages read by OCR: pages of a real text PDF turned into pictures read as their text layer does.

The document is 04_ (a district 部门预算 that checks clean from its text layer); its 收支总表 (page 8)
and 财政拨款收支总表 (page 13) are replaced by 200 dpi pictures of themselves, the way a scanner or a
"print to image" makes a scanned disclosure, and the rest keeps its text layer (a mixed document).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import real
from typer.testing import CliRunner

import yusuan
from yusuan.cli import app
from yusuan.errors import UnreadableDocument
from yusuan.read import read_document
from yusuan.rules import check

SCANNED = [8, 13]


def _pictures(src: Path, scan: list[int], out: Path, dpi: int, angle: float = 0.0) -> None:
    """``src`` with the pages ``scan`` replaced by grey pictures of them at ``dpi``, turned by ``angle``
    degrees (as bench/ocr.py's "skew")."""
    import pypdfium2
    from PIL import Image

    doc = pypdfium2.PdfDocument(str(src))
    images = [doc[n - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for n in scan]
    if angle:
        images = [img.rotate(angle, resample=Image.BILINEAR, expand=False, fillcolor=255) for img in images]
    pictures = out.with_suffix(".pictures.pdf")
    images[0].save(pictures, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    shots = pypdfium2.PdfDocument(str(pictures))
    mixed = pypdfium2.PdfDocument.new()
    for n in range(1, len(doc) + 1):
        mixed.import_pages(shots if n in scan else doc, [scan.index(n) if n in scan else n - 1])
    mixed.save(str(out))
    for d in (mixed, shots, doc):
        d.close()


def _cells(d, pages: set[int]) -> dict[tuple, str]:
    out: dict[tuple, str] = {}
    for t in d.tables:
        for k, r in enumerate(t.rows):
            if r.source.page in pages:
                out[(t.id, k, "name")] = "".join(r.name.split())
                out.update({(t.id, k, col): str(v) for col, v in r.values.items() if v is not None})
    return out


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    path = tmp_path_factory.mktemp("scan") / "扫描件.pdf"
    _pictures(real("04"), SCANNED, path, 200)
    raw = read_document(path)
    return path, raw


@pytest.fixture(scope="module")
def both(scanned):
    from yusuan.recognize import recognize

    return yusuan.extract(real("04")), recognize(scanned[1])


def test_scanned_pages_are_read_by_ocr(scanned):
    path, raw = scanned
    assert raw.scanned_pages == SCANNED
    rows = [[c.text for c in ln.cells] for ln in raw.lines if ln.is_row and ln.cells[0].page == 8]
    assert rows[2] == ["一、财政拨款收入", "91,016,775.35", "一、一般公共服务支出", "82,096,797.42"]
    assert rows[-1] == ["收入总计", "91,016,775.35", "支出总计", "91,016,775.35"]
    figures = [c for ln in raw.lines for c in ln.cells if c.page in SCANNED and any(ch.isdigit() for ch in c.text)]
    assert figures and all(c.confidence is not None for c in figures)
    # Pages with a text layer keep no confidence: nothing on them was guessed.
    assert all(c.confidence is None for ln in raw.lines for c in ln.cells if c.page not in SCANNED)


def test_scanned_tables_equal_the_text_layer(both):
    text, scanned = both
    want, got = _cells(text, set(SCANNED)), _cells(scanned, set(SCANNED))
    assert len(want) == 42
    assert {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v} == {}
    assert {t.id for t in scanned.tables} == {t.id for t in text.tables}
    assert scanned.ocr is not None and scanned.ocr.pages == SCANNED
    assert scanned.ocr.doubtful == [] and scanned.ocr.unread == []


def test_scanned_document_checks_as_its_text_layer(both):
    text, scanned = both
    report = check(scanned)
    assert report.summary.errors == 0 and report.summary.warnings == 0
    assert [(f.rule, f.severity) for f in report.findings] == [(f.rule, f.severity) for f in check(text).findings]
    assert report.ocr_pages == SCANNED


def _misread(raw, figure: str, confidence: float, row: str = "收入总计"):
    """The scanned reading with the 收支总表's 支出总计 (91,016,775.35), or the expenditure of the row
    starting ``row``, read as ``figure``."""
    import copy

    from yusuan.recognize import recognize

    raw = copy.deepcopy(raw)
    line = next(ln for ln in raw.lines if ln.is_row and ln.cells[0].page == 8 and ln.cells[0].text == row)
    line.cells[3].text = figure
    line.cells[3].confidence = confidence
    line._texts = None
    return recognize(raw)


def test_a_doubtful_digit_makes_a_warning_not_an_error(scanned):
    d = _misread(scanned[1], "91,016,776.35", 0.41)
    assert [(f.text, f.confidence, f.table, f.source.page, f.source.cell) for f in d.ocr.doubtful] == \
        [("91,016,776.35", 0.41, "income_expenditure_summary", 8, "R16C4")]
    assert d.table("income_expenditure_summary").reading == "read"
    report = check(d)
    assert report.summary.errors == 0
    # The 支出总计 against its items (twice: by function and by use), and against the 支出总表's total.
    found = [(f.rule, f.severity, f.difference) for f in report.findings]
    assert found == [("S005", "警告", Decimal("1.00")), ("S005", "警告", Decimal("1.00")),
                     ("X001", "警告", Decimal("-1.00"))]
    assert report.findings[0].message == (
        "支出总计 91016776.35元，编号各项相加为 91016775.35元，相差 1.00。"
        "（OCR 可能误读：扫描件中第 8 页 R16C4“91,016,776.35”识别置信度 0.41，本条只作警告，请对照原件核实。）")


def test_the_web_page_of_a_scan_marks_what_ocr_was_unsure_of(scanned, tmp_path):
    from fastapi.testclient import TestClient

    from yusuan.store import open_store
    from yusuan.store.records import flatten
    from yusuan.web import create_app

    from yusuan.store.records import content_hash

    path = scanned[0]
    d = _misread(scanned[1], "91,016,776.35", 0.41)
    d.source = str(path)
    store = open_store(tmp_path / "scan.duckdb")
    try:
        added = store.add(flatten(d, check(d), content_hash(path.read_bytes())))
        client = TestClient(create_app(store, tmp_path / "data"))
        html = client.get(f"/documents/{added.document_id}").text
        picture = client.get(f"/documents/{added.document_id}/ocr/0.png")
        beyond = client.get(f"/documents/{added.document_id}/ocr/1.png")
    finally:
        store.close()
    assert '<dd id="ocr-pages">第 8、13 页由 OCR 识别（<a href="#ocr">1 处识别把握不足</a>）</dd>' in html
    section = html[html.index('<section id="ocr">'):]
    section = section[:section.index("</section>")]
    assert "<td>8</td><td>R16C4</td><td>收支总表</td><td>“91,016,776.35”</td>" \
           '<td class="num">0.41</td><td><img class="ocr-cell" src="/documents/1/ocr/0.png" ' \
           'alt="第 8 页 R16C4 原图" loading="lazy"></td>' in section
    # The picture is the cell on the scanned page, with a little of the page around it: at 150 dpi,
    # the cell's width and height in points (its box in the extraction) and 6 points on each side.
    figure = d.ocr.doubtful[0]
    x0, top, x1, bottom = figure.box
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    from PIL import Image
    import io
    image = Image.open(io.BytesIO(picture.content))
    assert (x0, top, x1, bottom) == (639.2, 502.0, 781.7, 526.9)
    # 150 dpi: from ⌊(639.2 − 6) × 150/72⌋ = 1319 to ⌈(781.7 + 6) × 150/72⌉ = 1642, from ⌊(502.0 − 6) × 150/72⌋ = 1033
    # to ⌈(526.9 + 6) × 150/72⌉ = 1111
    assert image.size == (323, 78)
    assert beyond.status_code == 404
    # The half of the printed line holding the doubtful figure (支出总计, beside 收入总计) is marked
    # where the table is shown, with what was read.
    marked = [line for line in html.splitlines() if "ocr-doubt" in line]
    assert len(marked) == 1 and 'title="OCR：“91,016,776.35”识别置信度 0.41，请对照原件"' in marked[0]
    assert ">支出总计<a class=\"tag ocr\" href=\"#ocr\">OCR</a>" in marked[0]


def test_a_scan_is_read_by_the_reader_processes_of_ingest_and_the_web(scanned):
    # Under the readers' default memory limit (1 GB), which the OCR runtime's address space once
    # exceeded on the first scanned page.
    from yusuan.store.packed import unpack
    from yusuan.store.records import Prepared
    from yusuan.store.workers import Readers

    with Readers(1) as readers:
        result = readers.read(((str(scanned[0]),), "hash-scan", None, None))
    assert type(result) is Prepared
    d, report = json.loads(unpack(result.disclosure_packed)), json.loads(unpack(result.report_packed))
    assert d["ocr"]["pages"] == SCANNED and report["ocr_pages"] == SCANNED
    assert (result.document["n_tables"], result.document["n_errors"], result.document["n_warnings"]) == \
        (len(yusuan.extract(real("04")).tables), 0, 0)


def test_the_html_report_of_a_scan_shows_the_cells_ocr_was_unsure_of(scanned):
    import base64
    import io
    import xml.etree.ElementTree as ET

    from PIL import Image

    from yusuan.report.html import to_html
    from yusuan.report.pictures import ocr_pictures

    d = _misread(scanned[1], "91,016,776.35", 0.41)
    pictures = ocr_pictures(d, [scanned[0]])
    assert [{k: v for k, v in p.items() if k != "png"} for p in pictures] == [
        {"page": 8, "cell": "R16C4", "text": "91,016,776.35", "confidence": "0.41", "table": "收支总表",
         "unread": False, "what": "“91,016,776.35”"}]
    x0, top, x1, bottom = d.ocr.doubtful[0].box
    image = Image.open(io.BytesIO(base64.b64decode(pictures[0]["png"])))
    assert (x0, top, x1, bottom) == (639.2, 502.0, 781.7, 526.9)
    # 150 dpi: from ⌊(639.2 − 6) × 150/72⌋ = 1319 to ⌈(781.7 + 6) × 150/72⌉ = 1642, from ⌊(502.0 − 6) × 150/72⌋ = 1033
    # to ⌈(526.9 + 6) × 150/72⌉ = 1111
    assert image.size == (323, 78)
    page = to_html([check(d)], pictures=[pictures])
    assert "<h3>OCR 识别把握不足的数字</h3>" in page
    assert f'<img src="data:image/png;base64,{pictures[0]["png"]}" alt="第 8 页 R16C4 原图" />' in page
    ET.fromstring(page.split("\n", 1)[1])  # still well-formed as XML after the doctype
    # A document without a scan, or a scan read with no doubt, shows no such section.
    assert "OCR 识别把握不足" not in to_html([check(d)])


def test_the_corpus_counts_the_pages_read_by_ocr(scanned, tmp_path):
    import duckdb
    from conftest import seed

    from yusuan.store import open_store
    from yusuan.store.records import flatten, prepare

    db = tmp_path / "ocr.duckdb"
    store = open_store(db)
    try:
        store.add(prepare(seed("002")))
        d = scanned[1]
        from yusuan.recognize import recognize

        d = recognize(d)
        store.add(flatten(d, check(d), "b" * 64))
        assert {doc["id"]: doc["n_ocr_pages"] for doc in store.documents()} == {1: 0, 2: 2}
        from fastapi.testclient import TestClient

        from yusuan.web import create_app

        index = TestClient(create_app(store, tmp_path / "data")).get("/").text
        assert index.count('<span class="scan" title="这些页由 OCR 识别">扫描 2 页</span>') == 1
    finally:
        store.close()
    # Documents stored before the count was kept (migration 6 adds the column empty): the count is
    # filled from their stored reports.
    from yusuan.store.store import AFTER_MIGRATION

    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE documents SET n_ocr_pages = NULL")
    store = open_store(db)
    try:
        with store.backend.transaction() as tx:
            AFTER_MIGRATION[6](tx)
        assert {doc["id"]: doc["n_ocr_pages"] for doc in store.documents()} == {1: 0, 2: 2}
    finally:
        store.close()


def test_a_figure_read_with_a_digit_lost_makes_a_warning(scanned):
    """A figure whose thousands are cut wrong ("82,096,79.42": a digit lost) is no number: the table
    misses it, and the checks it fails are put down to the reading."""
    d = _misread(scanned[1], "82,096,79.42", 0.95, row="一、财政拨款收入")
    assert [(f.text, f.confidence, f.table, f.source.page, f.source.cell) for f in d.ocr.unread] == \
        [("82,096,79.42", 0.95, "income_expenditure_summary", 8, "R3C4")]
    assert d.ocr.doubtful == []
    report = check(d)
    assert report.summary.errors == 0
    assert [(f.rule, f.severity, f.difference) for f in report.findings] == [("S005", "警告", Decimal("82096797.42"))]
    assert all(f.message.endswith("（OCR 可能误读：扫描件中第 8 页 R3C4“82,096,79.42”不是完整的数字，没有读入，"
                                  "本条只作警告，请对照原件核实。）") for f in report.findings)


def test_a_figure_read_with_a_colon_makes_a_warning(scanned):
    """A colon the tidying could not place ("82,096,797:4") leaves no number either: the cell is unread."""
    d = _misread(scanned[1], "82,096,797:4", 0.95, row="一、财政拨款收入")
    assert [(f.text, f.table, f.source.cell) for f in d.ocr.unread] == \
        [("82,096,797:4", "income_expenditure_summary", "R3C4")]
    report = check(d)
    assert [(f.rule, f.severity) for f in report.findings] == [("S005", "警告")]


def test_a_cell_read_as_nothing_makes_a_warning(scanned):
    """Ink in a cell of a column of figures that the recognizer read as nothing (the mark it leaves: no
    text, confidence 0) is a figure lost, and the checks it fails are warnings naming the cell."""
    d = _misread(scanned[1], "", 0.0, row="一、财政拨款收入")
    assert [(f.text, f.confidence, f.table, f.source.cell) for f in d.ocr.unread] == \
        [("", 0.0, "income_expenditure_summary", "R3C4")]
    report = check(d)
    assert [(f.rule, f.severity, f.difference) for f in report.findings] == [("S005", "警告", Decimal("82096797.42"))]
    assert all(f.message.endswith("（OCR 可能误读：扫描件中第 8 页 R3C4 有字迹而没有识别出数字，"
                                  "本条只作警告，请对照原件核实。）") for f in report.findings)


def test_a_blank_cell_is_not_unread(scanned):
    """A cell the page leaves blank (no ink, so no mark) is not taken for a lost figure."""
    d = _misread(scanned[1], "", None, row="一、财政拨款收入")
    assert d.ocr.unread == []
    assert [(f.rule, f.severity) for f in check(d).findings] == [("S005", "错误")]


def test_a_doubtful_digit_explains_a_digit_lost(scanned):
    """91,016,775.35 read as 9,016,775.35 with little confidence: one digit lost, a difference of
    82,000,000 that no single digit changed makes, put down to the reading."""
    report = check(_misread(scanned[1], "9,016,775.35", 0.6))
    assert report.summary.errors == 0
    assert report.findings[0].message.endswith(
        "（OCR 可能误读：扫描件中第 8 页 R16C4“9,016,775.35”识别置信度 0.60，本条只作警告，请对照原件核实。）")


def _numbering_lost(raw, amount: str | None = None):
    """``raw`` with "一、一般公共服务支出" on page 8 read without its "一、" (and its figure as ``amount``),
    recognized and checked."""
    import copy

    from yusuan.recognize import recognize

    raw = copy.deepcopy(raw)
    line = next(ln for ln in raw.lines if ln.is_row and ln.cells[0].page == 8 and ln.cells[0].text == "一、财政拨款收入")
    assert line.cells[3].text == "82,096,797.42"
    line.cells[2].text = "一般公共服务支出"
    if amount is not None:
        line.cells[3].text = amount
    line._texts = None
    return check(recognize(raw))


def test_a_numbering_lost_makes_a_warning(scanned):
    """"一、一般公共服务支出" read without its "一、": the row drops out of the numbered items, and the
    total misses exactly its figure, which the reading explains."""
    report = _numbering_lost(scanned[1])
    assert [(f.rule, f.severity, f.difference) for f in report.findings] == [("S005", "警告", Decimal("82096797.42"))]
    assert report.findings[0].message.endswith(
        "（OCR 可能误读：扫描件中第 8 页“一般公共服务支出”一行的数字恰为差额，其编号或编码可能识别有误，没有计入，"
        "本条只作警告，请对照原件核实。）")


def test_a_numbering_lost_explains_a_difference_up_to_rounding(scanned):
    """The same "一、" lost, on a page whose parts add up to a cent less than the total (as rounded figures
    may): the row's figure is the difference but for the cent, and the reading still explains it."""
    report = _numbering_lost(scanned[1], "82,096,797.41")
    assert [(f.rule, f.severity, f.difference) for f in report.findings] == [("S005", "警告", Decimal("82096797.42"))]
    assert report.findings[0].message.endswith(
        "（OCR 可能误读：扫描件中第 8 页“一般公共服务支出”一行的数字 82096797.41 与差额只差 0.01（舍入），"
        "其编号或编码可能识别有误，没有计入，本条只作警告，请对照原件核实。）")


def test_a_sure_misreading_of_a_digit_or_two_is_a_warning(scanned):
    """A recognizer can misread a digit or two with high probability (a speck, a broken stroke): a
    difference that one or two misread digits of a scanned figure make is a warning naming the figure."""
    for figure, difference in (("91,016,776.35", "1.00"), ("91,019,735.35", "2960.00")):
        report = check(_misread(scanned[1], figure, 0.999))
        assert [(f.rule, f.severity, f.difference) for f in report.findings] == [
            ("S005", "警告", Decimal(difference)), ("S005", "警告", Decimal(difference)),
            ("X001", "警告", -Decimal(difference))]
    assert report.findings[0].message == (
        "支出总计 91019735.35元，编号各项相加为 91016775.35元，相差 2960.00。"
        "（OCR 可能误读：扫描件中第 8 页“支出总计”一行的 91019735.35 由 OCR 识别，误读其中一两位数字即有 2960.00 的差额，"
        "本条只作警告，请对照原件核实。）")


def test_a_sure_misreading_of_three_digits_is_still_an_error(scanned):
    """A difference that no figure of the scanned rows makes with two digits misread is the document's."""
    report = check(_misread(scanned[1], "91,019,736.35", 0.999))
    assert [(f.rule, f.severity, f.difference) for f in report.findings] == [
        ("S005", "错误", Decimal("2961.00")), ("S005", "错误", Decimal("2961.00")), ("X001", "错误", Decimal("-2961.00"))]


def test_a_doubtful_digit_explains_no_larger_difference(scanned):
    """A difference one misread digit cannot make (224.64) is not put down to OCR."""
    report = check(_misread(scanned[1], "91,016,999.99", 0.41))
    assert [(f.rule, f.severity, f.difference) for f in report.findings] == [
        ("S005", "错误", Decimal("224.64")), ("S005", "错误", Decimal("224.64")), ("X001", "错误", Decimal("-224.64"))]


def test_the_report_says_the_pages_were_read_by_ocr(both):
    from rich.console import Console

    from yusuan.report.json import report_dict
    from yusuan.report.text import render_report

    report = check(both[1])
    console = Console(width=400, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    render_report(console, report)
    assert ("扫描：第 8、13 页是扫描件，文字和数字由 OCR 识别；可由识别的误读（把握不足的数字，或识别的数字错了一两位）"
            "解释的核对发现只作警告（OCR 可能误读），请对照原件核实") in console.export_text()
    assert report_dict(report)["ocr_pages"] == SCANNED


def test_extract_command_reads_a_scan_at_150_dpi(tmp_path):
    """The command line reads a scanned page too: 10_'s 收支总表 alone, at 150 dpi, gives the table its
    text layer gives, every name and figure (29 of them)."""
    path = tmp_path / "收支总表.pdf"
    _pictures(real("10"), [7], path, 150)
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    # Each page read by OCR is told on stderr; stdout holds the JSON alone.
    assert result.stderr == "收支总表.pdf：OCR 第 1/1 页（第 7 页）\n"
    data = json.loads(result.stdout)
    assert data["ocr"] == {"pages": [7], "threshold": 0.9, "doubtful": [], "unread": []}
    text = yusuan.extract(real("10"))
    want = _cells(text, {7})
    got = {}
    for t in data["tables"]:
        for k, r in enumerate(t["rows"]):
            got[(t["id"], k, "name")] = "".join(r["name"].split())
            got.update({(t["id"], k, col): str(Decimal(str(v))) for col, v in r["values"].items() if v is not None})
    assert len(want) == 29
    assert {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v} == {}


def test_check_command_tells_the_pages_read_by_ocr(tmp_path):
    path = tmp_path / "收支总表.pdf"
    _pictures(real("10"), [7], path, 150)
    result = CliRunner().invoke(app, ["check", str(path), "--format", "json", "--select", "S005"])
    assert result.stderr == "收支总表.pdf：OCR 第 1/1 页（第 7 页）\n"
    assert json.loads(result.stdout)["ocr_pages"] == [7]


def test_the_pages_of_one_scan_are_read_in_parallel_as_in_series(tmp_path):
    """``--jobs 2`` on a single scanned file reads its pages in two processes: the same output as one
    process reading them in turn."""
    import pypdfium2

    path = tmp_path / "两页扫描.pdf"
    doc = pypdfium2.PdfDocument(str(real("10")))
    images = [doc[n - 1].render(scale=150 / 72, grayscale=True).to_pil().convert("L") for n in (7, 8)]
    doc.close()
    images[0].save(path, "PDF", resolution=150, save_all=True, append_images=images[1:])
    runner = CliRunner()
    series = runner.invoke(app, ["extract", str(path), "--jobs", "1"])
    parallel = runner.invoke(app, ["extract", str(path), "--jobs", "2"])
    assert series.exit_code == parallel.exit_code == 0, parallel.output
    assert parallel.stdout == series.stdout
    assert series.stderr == "两页扫描.pdf：OCR 第 1/2 页（第 1 页）\n两页扫描.pdf：OCR 第 2/2 页（第 2 页）\n"
    told = parallel.stderr.splitlines()
    # The pages are told as they are done, whichever is done first.
    assert [line.partition("（")[0] for line in told] == ["两页扫描.pdf：OCR 第 1/2 页", "两页扫描.pdf：OCR 第 2/2 页"]
    assert sorted(line.partition("（")[2] for line in told) == ["第 1 页）", "第 2 页）"]
    data = json.loads(series.stdout)
    assert data["ocr"]["pages"] == [1, 2]
    assert [t["id"] for t in data["tables"]] == ["income_expenditure_summary", "income_summary"]


@pytest.mark.parametrize(("files", "jobs", "pages_jobs", "threads"), [
    (1, 2, 2, 0),  # one file: its pages in two processes, the models with the runtime's threads
    (3, 2, 1, 1),  # several files in two processes: each file's pages in turn, the models on one thread
    (3, 1, 1, 0),  # several files in turn
])
def test_ocr_processes_and_threads_follow_what_is_read_in_parallel(files, jobs, pages_jobs, threads):
    from yusuan.cli import _ocr_pages
    from yusuan.read import scan

    def outcomes():
        yield scan.OPTIONS.jobs, scan.OPTIONS.threads

    pdfs = [([Path(f"{n}.pdf")], None) for n in range(files)]
    assert list(_ocr_pages(pdfs, jobs, outcomes())) == [(pages_jobs, threads)]
    assert (scan.OPTIONS.jobs, scan.OPTIONS.threads) == (1, 0)


def _garbage_over_picture(src: Path, page: int, out: Path) -> None:
    """Page ``page`` of ``src`` as a 150 dpi picture, under an invisible text layer of garbage: Chinese
    characters from all over the range, private-use glyphs and GBK read as Latin-1, as a scanner's
    failed "searchable PDF" leaves them."""
    import io
    import random

    import pypdfium2
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    doc = pypdfium2.PdfDocument(str(src))
    width, height = doc[page - 1].get_size()
    image = doc[page - 1].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    doc.close()
    picture = io.BytesIO()
    image.save(picture, "PNG")
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(out), pagesize=(width, height))
    c.drawImage(ImageReader(picture), 0, 0, width, height)
    rng = random.Random(3)
    lines = ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(30)),
             "".join(chr(rng.randint(0xE000, 0xE7FF)) for _ in range(30)),
             "一般公共预算财政拨款收入支出总计".encode("gbk").decode("latin-1")]
    text = c.beginText()
    text.setTextRenderMode(3)  # invisible, as OCR software lays its text over the picture
    for k, line in enumerate(lines * 6):
        text.setFont("STSong-Light" if k % 3 != 2 else "Helvetica", 10)
        text.setTextOrigin(40, height - 60 - 22 * k)
        text.textOut(line)
    c.drawText(text)
    c.save()


def test_a_garbage_text_layer_over_a_picture_is_read_by_ocr(tmp_path):
    """10_'s 收支总表 as a picture with garbage for its text layer: the page is read from the picture,
    and its table is the text layer's of the original, name for name and figure for figure."""
    from yusuan.read.pdf import _garbled

    path = tmp_path / "乱码文字层.pdf"
    _garbage_over_picture(real("10"), 7, path)
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        layer = "".join(pdf.pages[0].extract_text().split())
    assert len(layer) > 400 and _garbled(layer)
    d = yusuan.extract(path)
    assert d.ocr is not None and d.ocr.pages == [1]
    want = {(t, k, c): v for (t, k, c), v in _cells(yusuan.extract(real("10")), {7}).items()}
    got = _cells(d, {1})
    assert len(want) == 29
    assert {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v} == {}


@pytest.mark.parametrize(("text", "garbled"), [
    ("2024年部门预算收支总表一般公共服务支出社会保障和就业支出", False),
    ("㴘㽕䀐䅍䊉䐷䖟䛣䡊䧰䭡䲖丿乚亍", False),  # too short to judge
    ("丒丟丠両丣並丮丯丱丳丵丷丼乀乁乂乄乆乊乑乕乗乚乛乢乣", True),  # none in GB 2312
    ("\ue000\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008\ue009\ue00a\ue00b\ue00c\ue00d\ue00e"
     "\ue00f\ue010\ue011\ue012\ue013\ue014", True),
    ("Ò»°ã¹«¹²Ô¤Ëã²ÆÕþ²¦¿îÊÕÈë", True),  # GBK read as Latin-1
    ("Budget of the Department 2024 general public services", False),
])
def test_a_garbled_text_layer_is_told_from_text(text, garbled):
    from yusuan.read.pdf import _garbled

    assert _garbled(text) is garbled


def test_a_printed_and_scanned_disclosure_reads_and_checks_as_its_text(tmp_path):
    """A disclosure printed and scanned: 10_'s cover, 收支总表, 收入总表 and the empty 国有资本经营预算
    table, each page on tinted paper under uneven light, turned a little, blurred and JPEG-compressed
    at 150 dpi (tests/scans.py), with no text layer at all. It reads as the same pages with their text
    layer: the same tables, every name, code and figure, and the same 错误 on checking."""
    from scans import scan_of, text_of

    pages = [1, 7, 8, 13]
    scan, text = tmp_path / "打印扫描件.pdf", tmp_path / "文字层.pdf"
    scan_of(real("10"), pages, scan, 150)
    text_of(real("10"), pages, text)
    want, got = yusuan.extract(text), yusuan.extract(scan)
    assert got.ocr is not None and got.ocr.pages == [1, 2, 3, 4] and got.ocr.unread == []
    assert [t.id for t in got.tables] == [t.id for t in want.tables] == [
        "income_expenditure_summary", "income_summary", "state_capital_expenditure"]
    expected = _cells(want, {1, 2, 3, 4})
    for t in want.tables:
        for k, r in enumerate(t.rows):
            if r.code:
                expected[(t.id, k, "code")] = r.code
    read = _cells(got, {1, 2, 3, 4})
    read.update({(t.id, k, "code"): r.code for t in got.tables for k, r in enumerate(t.rows) if r.code})
    assert len(expected) == 92
    assert {k: (v, read.get(k)) for k, v in expected.items() if read.get(k) != v} == {}
    assert got.department.name == want.department.name and got.year == want.year == 2024

    def errors(d):
        return sorted((f.rule, f.table, f.row_code, f.column) for f in check(d).findings if f.severity == "错误")

    assert errors(got) == errors(want)
    assert len(errors(want)) == 7


def _full_page_picture(path: Path, pixels) -> Path:
    from PIL import Image

    Image.fromarray(pixels).save(path, "PDF", resolution=100)
    return path


def test_blank_scan_says_nothing_was_recognized(tmp_path):
    import numpy as np

    path = _full_page_picture(tmp_path / "空白扫描.pdf", np.full((1100, 850), 255, np.uint8))
    with pytest.raises(UnreadableDocument) as info:
        read_document(path)
    assert info.value.describe() == f"文件 {path}：该 PDF 没有文字层（可能是扫描件），OCR 也没有识别出文字"


def test_without_the_ocr_extra_the_message_says_how_to_install(tmp_path, monkeypatch):
    import numpy as np

    from yusuan.read import scan

    def missing(self, *args, **kwargs):
        raise scan.OcrMissing

    monkeypatch.setattr(scan.Scanner, "__init__", missing)
    path = _full_page_picture(tmp_path / "扫描件.pdf", np.full((1100, 850), 200, np.uint8))
    with pytest.raises(UnreadableDocument) as info:
        read_document(path)
    assert info.value.describe() == (f"文件 {path}：该 PDF 没有文字层（可能是扫描件），需要OCR后才能读取；"
                                     '安装 OCR 组件后即可读取：python3 -m pip install "yusuan[ocr]"')


def test_a_numbering_dropped_with_its_faint_stroke_is_read_again():
    """A cell line read as starting with 一 is read again smoothed; the second reading is taken only when
    it is the same text with a numbering in front ("、" + "一般公共服务支出", tidied to "一、一般…")."""
    import numpy as np

    from yusuan.read import scan

    scanner = scan.Scanner.__new__(scan.Scanner)
    scanner._recognize = lambda images: [("、一般公共服务支出", [0.9] * 9)] * len(images)
    crops = [scan._Crop(0, 0, 40, 20, True), scan._Crop(0, 0, 40, 20, True), scan._Crop(0, 0, 40, 20, False)]
    first = [("一般公共服务支出", [1.0] * 8), ("一般性支出", [1.0] * 5), ("一般公共服务支出", [1.0] * 8)]
    again = scanner._numbering(np.full((20, 40), 255, np.uint8), crops, first)
    assert [text for text, _ in again] == ["、一般公共服务支出", "一般性支出", "一般公共服务支出"]


@pytest.mark.parametrize(("first", "smoothed", "darkened", "taken"), [
    # The 、 after the numerals found again, however sure the first reading was.
    (("六科学技术支出", [1.0] * 7), ("六科学技术支出", [1.0] * 7), ("六、科学技术支出", [0.99] * 8), "六、科学技术支出"),
    (("一一般公共预算拨款", [0.55] * 9), ("一、一般公共预算拨款", [0.66] * 10), ("一、一般公共预算拨款", [1.0] * 10),
     "一、一般公共预算拨款"),
    # Another numbering only from a surer reading: the surest of the two.
    (("二因公出国（境）费", [0.62] * 9), ("二、因公出国（境）费", [0.58] * 10), ("一、因公出国（境）费", [1.0] * 10),
     "一、因公出国（境）费"),
    (("二因公出国（境）费", [0.62] * 9), ("二因公出国（境）费", [0.6] * 9), ("一、因公出国（境）费", [0.5] * 10),
     "二因公出国（境）费"),
    # Never a mark inside 一般, nor other words.
    (("一般公共预算", [0.9] * 6), ("一、般公共预算", [0.95] * 7), ("二、般公共预算", [0.99] * 7), "一般公共预算"),
    (("三公经费", [0.9] * 4), ("三、公经费", [0.95] * 5), ("一、公经费", [0.99] * 5), "三公经费"),
    (("三公经费", [0.9] * 4), ("三公经费", [0.9] * 4), ("三公经费支出", [0.99] * 6), "三公经费"),
])
def test_a_numbering_is_taken_from_a_second_reading_only_as_its_mark(first, smoothed, darkened, taken):
    import numpy as np

    from yusuan.read import scan

    scanner = scan.Scanner.__new__(scan.Scanner)
    scanner._recognize = lambda images: [smoothed, darkened]
    again = scanner._numbering(np.full((20, 40), 200, np.uint8), [scan._Crop(0, 0, 40, 20, True)], [first], 160)
    assert again[0][0] == taken


def test_light_ink_is_darkened_to_the_ink_threshold():
    import numpy as np

    from yusuan.read.scan import _darkened

    piece = np.array([[0, 80, 120, 160, 208, 255]], np.uint8)
    assert _darkened(piece, 160).tolist() == [[0, 0, 80, 160, 255, 255]]


@pytest.mark.parametrize(("read", "printed"), [
    ("9,501, 164", "9,501,164"),  # a space inside a number
    ("-般公共预算支出", "一般公共预算支出"),  # 一 read as a dash
    ("二、-般", "二、一般"),
    ("“、一般公共服务支出", "一、一般公共服务支出"),  # the numbering's 一 read as a mark
    ("、一般公共服务支出", "一、一般公共服务支出"),  # … or lost
    ("般公共预算", "一般公共预算"),
    ("1．一般公共预算资金", "1.一般公共预算资金"),
    ("12，345", "12,345"),
    ("-123", "-123"),  # a negative figure stays one
    ("383.789", "383,789"),  # no amount has three decimals
    ("1,383.789", "1,383,789"),
    ("383.78", "383.78"),
    ("2.723.94", "2,723.94"),  # thousands commas read as stops: one stop is a figure's
    ("1.097.073.43", "1,097,073.43"),
    ("2,723.94", "2,723.94"),
    ("1.2.3", "1.2.3"),  # not a figure's shape: left as read
    ("a-b", "a-b"),
    ("收人预算总表", "收入预算总表"),  # 入 read as 人
    ("事业收人", "事业收入"),
    ("纳人预算管理", "纳入预算管理"),
    ("接收人员", "接收人员"),  # 人 where it belongs
    ("转入人数", "转入人数"),
    ("离退体人员", "离退休人员"),  # 休 read as 体
    ("体育", "体育"),
])
def test_recognized_text_is_tidied_as_printed(read, printed):
    from yusuan.read.scan import _normalize

    tidied = _normalize(read, [0.5] * len(read))
    assert "".join(ch for ch, _ in tidied) == printed
    assert all(p in (0.5, 1.0) for _, p in tidied)
    assert [p for ch, p in tidied if p == 1.0] == ([1.0] if printed.startswith("一、") and read[0] == "、"
                                                   or read.startswith("般") else [])


def test_thousands_commas_read_as_stops_leave_the_figure_doubtful():
    from yusuan.read.scan import _normalize

    tidied = _normalize("2.723.94", [0.99] * 8)
    assert "".join(ch for ch, _ in tidied) == "2,723.94"
    assert [p for _, p in tidied] == [0.99, 0.5, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99]


def test_an_unread_figure_in_a_row_its_table_left_out_still_explains_a_difference(tmp_path):
    # Wuxi 信访局 2025, page 10 (收支总表) scanned: were its first figures read with stops for commas
    # ("2.723.94"), the rows above the first figure read would be taken for heading rows and left out of
    # the table; the unread cells are still the table's (the same grid), and the totals that miss them
    # are warnings, not errors.
    from yusuan.recognize import recognize

    path = tmp_path / "无锡信访扫描.pdf"
    _pictures(real("38"), [10], path, 200)
    raw = read_document(path)
    for ln in raw.lines:
        for c in ln.cells:
            if c.page == 10 and c.text in ("2,723.94", "2,259.79"):
                c.text = c.text.replace(",", ".")
        ln._texts = ln._filled = None
    d = recognize(raw)
    assert [(f.text, f.table, f.source.cell) for f in d.ocr.unread] == [
        ("2.723.94", "income_expenditure_summary", "R3C2"), ("2.259.79", "income_expenditure_summary", "R3C4")]
    report = check(d)
    assert report.summary.errors == 0
    assert [(f.rule, f.severity, f.difference) for f in report.findings if f.severity != "提示"] == [
        ("S005", "警告", Decimal("2723.94")), ("S005", "警告", Decimal("2259.79"))]


@pytest.fixture(scope="module")
def chongqing(tmp_path_factory):
    """Chongqing 经信委 2026 with page 12 (支出总表) a 200 dpi picture, read once for the tests below."""
    path = tmp_path_factory.mktemp("chongqing") / "重庆经信委扫描.pdf"
    _pictures(real("33"), [12], path, 200)
    return read_document(path)


def test_a_row_whose_name_was_read_as_nothing_explains_the_code_missing_from_its_table(chongqing):
    # The name of 2050803 培训支出 read as nothing: the row (a code and figures) is no table's row, and
    # the 一般公共预算支出表 then lists a code the 支出总表 lacks. The code's row is listed as unread, and
    # the finding is a warning that says why.
    import copy

    from yusuan.recognize import recognize

    raw = copy.deepcopy(chongqing)
    line = next(ln for ln in raw.lines if ln.is_row and ln.cells[0].page == 12 and ln.cells[0].text == "2050803")
    assert line.cells[1].text == "培训支出"
    line.cells[1].text = ""
    line._texts = line._filled = None
    d = recognize(raw)
    assert [(f.text, f.table) for f in d.ocr.unread] == [("2050803", "expenditure_summary")]
    report = check(d)
    assert report.summary.errors == 0
    x009 = [f for f in report.findings if f.rule == "X009"]
    assert [(f.severity, f.message) for f in x009] == [("警告", (
        f"2026年一般公共预算支出情况表列有 2050803 培训支出 19.12万元，2026 年部门支出总体情况表中没有这一科目。"
        f"（OCR 可能误读：扫描件中第 12 页 {d.ocr.unread[0].source.cell} 编码“2050803”一行的名称没有识别出来，"
        "这一行没有读入表中，本条只作警告，请对照原件核实。）"))]


def test_a_row_whose_code_was_not_read_explains_the_code_missing_from_its_table(chongqing):
    # The code of 2050803 培训支出 read as nothing, however sure the rest: the row is in the 支出总表
    # without a code, and the 一般公共预算支出表's 2050803 培训支出 finds no code to match. A warning
    # that says why; another name in the row would explain nothing.
    import copy

    from yusuan.recognize import recognize

    def x009(name: str):
        raw = copy.deepcopy(chongqing)
        line = next(ln for ln in raw.lines if ln.is_row and ln.cells[0].page == 12 and ln.cells[0].text == "2050803")
        line.cells[0].text, line.cells[1].text = "", name
        line._texts = line._filled = None
        return [(f.severity, f.message) for f in check(recognize(raw)).findings if f.rule == "X009"]

    assert x009("培训支出") == [("警告", (
        "2026年一般公共预算支出情况表列有 2050803 培训支出 19.12万元，2026 年部门支出总体情况表中没有这一科目。"
        "（OCR 可能误读：扫描件中第 12 页“培训支出”一行的编码没有识别出来，这一行没有按编码对上，"
        "本条只作警告，请对照原件核实。）"))]
    assert [s for s, _ in x009("进修支出")] == ["错误"]


def test_a_row_missing_from_a_scanned_table_read_with_doubts_is_a_warning(chongqing):
    # The same page with the row of 2050803 not made out at all: read with a figure in doubt, the
    # 支出总表 may have lost it to the recognizer (a warning); read without any doubt, it is the
    # document's own (an error).
    import copy

    from yusuan.recognize import recognize

    raw = copy.deepcopy(chongqing)
    line = next(ln for ln in raw.lines if ln.is_row and ln.cells[0].page == 12 and ln.cells[0].text == "2050803")
    raw.lines.remove(line)

    def x009(doubt: float | None):
        import copy

        again = copy.deepcopy(raw)
        for ln in again.lines:
            for c in ln.cells:
                if c.page == 12 and c.confidence is not None:
                    c.confidence = max(c.confidence, 0.99)
        if doubt is not None:
            cell = next(c for ln in again.lines if ln.is_row for c in ln.cells
                        if c.page == 12 and c.text == "190.63")  # 201 一般公共服务支出, another row
            cell.confidence = doubt
        return [(f.severity, f.message.partition("（")[2]) for f in check(recognize(again)).findings
                if f.rule == "X009"]

    doubted = x009(0.5)
    assert [s for s, _ in doubted] == ["警告"]
    assert doubted[0][1].startswith("OCR 可能误读：扫描件中2026 年部门支出总体情况表有 1 处识别把握不足（如第 12 页 ")
    assert "其中的行可能没有识别出来" in doubted[0][1]
    assert [s for s, _ in x009(None)] == ["错误"]


def test_a_real_mistake_on_a_scan_is_still_reported(tmp_path):
    """36_'s 一般公共预算支出表 (page 20) as a 150 dpi picture. A real mistake of the document: its 222
    粮油物资储备支出 388.25 is left out of the table's 合计 and of the 支出总表 (tests/test_real_errors.py).
    The row left out is found by its codes (错误: read as printed, and no scanned row lacks its code) and
    by the 合计 (警告: a scanned row holds exactly the difference, as a numbering misread would make)."""
    from yusuan.recognize import recognize

    path = tmp_path / "扫描件.pdf"
    _pictures(real("36"), [20], path, 150)
    report = check(recognize(read_document(path)))
    found = [(f.rule, f.severity, f.row_code, f.message) for f in report.findings if f.severity != "提示"]
    assert [f[:3] for f in found] == [("S004", "警告", None), ("S004", "警告", None),
                                      ("X009", "错误", "222"), ("X009", "错误", "22201")]
    assert found[0][3].endswith("（OCR 可能误读：扫描件中第 20 页“粮油物资储备支出”一行的数字恰为差额，其编号或编码可能识别有误，"
                                "没有计入，本条只作警告，请对照原件核实。）")


def test_a_table_runs_on_from_a_scanned_page_to_a_text_page(tmp_path):
    # Wuxi 信访局 2025: the 支出总表 runs from page 12 onto page 13, which holds its last row (2210203
    # 购房补贴). Page 12 a picture turned by 0.8°: its page number "- 11 -" reads "-11·", which no
    # longer ended the table above it (three 错误 for the row lost).
    from yusuan.recognize import recognize

    path = tmp_path / "无锡信访扫描.pdf"
    _pictures(real("38"), [12], path, 200, angle=0.8)
    raw = read_document(path)
    assert [ln.text for ln in raw.lines if ln.cells[0].page == 12 and not ln.is_row][-1] == "-11·"
    d = recognize(raw)
    rows = d.table("expenditure_summary").rows
    assert [(r.code, r.values["total"], r.source.page) for r in rows[-3:]] == [
        ("2210201", Decimal("114.07"), 12), ("2210202", Decimal("117.13"), 12), ("2210203", Decimal("130.02"), 13)]
    assert check(d).summary.errors == 0


def test_a_header_misread_on_one_page_of_a_continued_table_is_still_its_header(tmp_path):
    # The 财政拨款收支总表 of the document yusuan build writes from examples/luquan-2024.yaml runs from
    # page 6 onto page 7 under the same header. Both pages printed and scanned at 150 dpi (as
    # bench/ocr.py does): page 6's 支出 项目 reads "目", so page 7's header, read right, was no header seen
    # before and became two rows named "项目", every row after it one out of place.
    import pypdfium2
    from scans import printed

    from yusuan.compose import load_package
    from yusuan.recognize import recognize
    from yusuan.render import write

    pkg = load_package(Path(__file__).resolve().parents[1] / "examples" / "luquan-2024.yaml")
    built = write(pkg, tmp_path, formats=("pdf",))["pdf"]
    doc = pypdfium2.PdfDocument(str(built))
    images = [printed(doc[n - 1].render(scale=150 / 72, grayscale=True).to_pil().convert("L"), seed=n,
                      angle=(0.6, -0.4, 0.3)[n % 3]) for n in (6, 7)]
    doc.close()
    scan = tmp_path / "扫描件.pdf"
    images[0].save(scan, "PDF", resolution=150, save_all=True, append_images=images[1:])
    raw = read_document(scan)
    assert [ln.texts[3] for ln in raw.lines if ln.is_row and "合计" in ln.texts] == ["目", "项目"]
    got = recognize(raw).table("fiscal_appropriation_summary")
    want = pkg.disclosure.table("fiscal_appropriation_summary")
    assert len(want.rows) == 43 and got.pages == 2

    def rows(t):
        return [(r.name, {c: v for c, v in r.values.items() if v is not None}) for r in t.rows]

    assert rows(got) == rows(want)
