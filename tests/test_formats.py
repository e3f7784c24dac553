"""The same disclosure as text, DOCX, XLSX, XLS and PDF must extract to the same data.

The office and PDF files are built from the text seeds (tests/builders.py), so
any difference is a reader's. Readers are also tested on small hand-built files
for the cases the seeds do not show: nested tables, rows that start late, number
formats, merged ranges.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from builders import as_number, build_docx, build_pdf, build_xls, build_xlsx, read_seed
from conftest import seed

import yusuan
from yusuan.read import read_document
from yusuan.read.xlsx import render_number

BUILDERS = {"docx": build_docx, "xlsx": build_xlsx, "xls": build_xls, "pdf": build_pdf}


def seed_path(prefix: str) -> Path:
    return seed(prefix)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each seed built once per format, with the text extraction it must match."""
    out = tmp_path_factory.mktemp("formats")
    cache: dict[tuple[str, str], Path] = {}
    texts: dict[str, object] = {}

    def get(prefix: str, fmt: str):
        if prefix not in texts:
            texts[prefix] = yusuan.extract(seed_path(prefix))
        if (prefix, fmt) not in cache:
            if fmt == "xls":
                pytest.importorskip("xlwt")
            raw = read_seed(seed_path(prefix))
            cache[(prefix, fmt)] = BUILDERS[fmt](raw, out / f"seed-{prefix}.{fmt}")
        return texts[prefix], cache[(prefix, fmt)]

    return get


def _squash(value):
    """PDF text carries no reliable whitespace: compare it with all whitespace removed."""
    if isinstance(value, str):
        return re.sub(r"\s+", "", value)
    if isinstance(value, dict):
        return {k: _squash(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_squash(v) for v in value]
    return value


def comparable(d, fmt: str) -> dict:
    """Everything extracted except where it was read from (source) and the file's own name and format."""

    def no_source(model) -> dict:
        return model.model_dump(exclude={"source"})

    data = {
        "title": d.title,
        "department": d.department.model_dump(),
        "year": d.year,
        "kind": d.kind,
        "money_unit": d.money_unit,
        "tables": [no_source(t) | {"rows": [no_source(r) for r in t.rows]} for t in d.tables],
        "projects": [no_source(p) | {"indicators": [no_source(i) for i in p.indicators]} for p in d.projects],
        "overall_targets": [no_source(o) | {"indicators": [no_source(i) for i in o.indicators]}
                            for o in d.overall_targets],
        "narrative": {k: no_source(f) for k, f in d.narrative.items()},
    }
    if fmt in ("xlsx", "xls", "pdf"):
        # How many pages a table covers is the built file's own layout: the PDF builder paginates anew,
        # and a spreadsheet gives its sheet index as the page, so a header repeated inside one sheet
        # does not count as a new page the way it does in text.
        for t in data["tables"]:
            del t["pages"]
    return _squash(data) if fmt == "pdf" else data


FORMATS = ["docx", "xlsx", "xls", "pdf"]


def _require_reader(fmt: str) -> None:
    if fmt == "pdf":
        pytest.importorskip("yusuan.read.pdf")


@pytest.mark.parametrize("prefix", ["001", "002"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_format_extracts_like_text(built, prefix, fmt):
    _require_reader(fmt)
    text_doc, path = built(prefix, fmt)
    doc = yusuan.extract(path)
    assert doc.format == fmt
    want, got = comparable(text_doc, fmt), comparable(doc, fmt)
    assert [t["id"] for t in got["tables"]] == [t["id"] for t in want["tables"]]
    for g, w in zip(got["tables"], want["tables"]):
        assert [r["name"] for r in g["rows"]] == [r["name"] for r in w["rows"]], f"table {w['id']} rows"
        for gr, wr in zip(g["rows"], w["rows"]):
            assert gr == wr, f"table {w['id']} row {wr['name']}"
        assert g == w, f"table {w['id']}"
    assert [(p["code"], p["name"]) for p in got["projects"]] == [(p["code"], p["name"]) for p in want["projects"]]
    for g, w in zip(got["projects"], want["projects"]):
        assert g == w, f"project {w['name']}"
    assert got["narrative"] == want["narrative"]
    assert got == want


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_001_key_figures_in_every_format(built, fmt):
    _require_reader(fmt)
    _, path = built("001", fmt)
    d = yusuan.extract(path)
    assert (d.department.code, d.department.name, d.year, d.money_unit) == ("542", "石家庄市鹿泉区信访局", 2024, "万元")
    summary = d.table("income_expenditure_summary")
    first = summary.rows[0]
    assert (first.seq, first.side, first.name, first.values) == (1, "income", "一、一般公共预算拨款收入",
                                                                  {"total": Decimal("605.23")})
    assert str(summary.rows[1].values["total"]) == "506.10"  # printed precision survives the number format
    assert summary.row(name="二十、住房保障支出").values["total"] == Decimal("26.31")
    income = d.table("income_summary").row(code="2014001")
    assert (income.name, str(income.values["total"])) == ("行政运行", "308.10")
    assert [(p.code, str(p.amount), len(p.indicators)) for p in d.projects] == [
        ("13011024P000024100228", "8.00", 6), ("13011024P000024100201", "5.00", 6),
        ("13011024P00002410019M", "5.00", 6), ("13011024P00002410021L", "13.00", 6),
        ("13011024P00002410026N", "23.71", 6), ("13011024P000024100182", "40.00", 6),
        ("13011024P000024100253", "15.00", 6), ("13011024P00002410027A", "70.00", 6)]
    assert {k: str(d.narrative[k].value) for k in ("income_total", "basic", "project", "three_public_total")} == {
        "income_total": "647.23", "basic": "425.52", "project": "221.71", "three_public_total": "2.90"}


@pytest.mark.parametrize("fmt, table_title, first_row, first_project", [
    ("docx", "段落4", "表4第4行第2列", "表19第1行第1列"),
    ("xlsx", "部门预算收支总表!A1", "部门预算收支总表!B8", "部门预算财政拨款“三公”经费支出表!A85"),
    ("xls", "部门预算收支总表!A1", "部门预算收支总表!B8", "部门预算财政拨款“三公”经费支出表!A85"),
])
def test_sources_point_into_the_file(built, fmt, table_title, first_row, first_project):
    _, path = built("001", fmt)
    d = yusuan.extract(path)
    summary = d.table("income_expenditure_summary")
    page = None if fmt == "docx" else 2
    assert summary.source.model_dump() == {"file": None, "page": page, "line": None, "cell": table_title}
    assert summary.rows[0].source.model_dump() == {"file": None, "page": page, "line": None, "cell": first_row}
    assert d.projects[0].source.cell == first_project


# --- DOCX reader on hand-built files -------------------------------------------------------------


def test_docx_merged_cells_appear_once_and_rows_keep_grid_width(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("部门预算收支总表")
    table = document.add_table(rows=3, cols=4)
    for r, row in enumerate([["序号", "收入", "", "支出"], ["", "项目", "预算数", "项目"], ["1", "拨款", "5.00", "x"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 0).merge(table.cell(1, 0))  # 序号 spans two header rows
    table.cell(0, 1).merge(table.cell(0, 2))  # 收入 spans two columns
    document.add_paragraph("")
    document.add_paragraph("注：单位为万元")
    document.save(tmp_path / "merged.docx")
    raw = read_document(tmp_path / "merged.docx")
    assert raw.format == "docx"
    assert [(ln.is_row, ln.block, ln.texts) for ln in raw.lines] == [
        (False, 0, ["部门预算收支总表"]),
        (True, 1, ["序号", "收入", "", "支出"]),
        (True, 1, ["", "项目", "预算数", "项目"]),
        (True, 1, ["1", "拨款", "5.00", "x"]),
        (False, 0, ["注：单位为万元"]),
    ]
    assert raw.lines[0].first.ref == "段落1"
    assert raw.lines[4].first.ref == "段落3"  # the empty paragraph still counts
    assert [c.ref for c in raw.lines[2].cells] == ["表1第2行第1列", "表1第2行第2列", "表1第2行第3列", "表1第2行第4列"]
    assert [c.col for c in raw.lines[2].cells] == [0, 1, 2, 3]


def test_docx_nested_table_and_short_rows(tmp_path):
    import copy

    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    outer = document.add_table(rows=2, cols=3)
    outer.cell(0, 0).text = "项目名称"
    outer.cell(0, 1).text = "信访业务"
    inner = outer.cell(1, 1).add_table(rows=2, cols=2)
    for r, row in enumerate([["一级", "二级"], ["产出", "数量"]]):
        for c, text in enumerate(row):
            inner.cell(r, c).text = text
    outer.cell(1, 2).text = "第一行\n第二行"
    # A row that starts one grid column late and ends one early (w:gridBefore / w:gridAfter).
    tr = copy.deepcopy(outer.rows[0]._tr)
    for tc in tr.tc_lst[1:]:
        tr.remove(tc)
    tr.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>'))
    tr.tc_lst[0].clear_content()
    tr.tc_lst[0].add_p().add_r().text = "中间"
    outer._tbl.append(tr)
    document.save(tmp_path / "nested.docx")
    raw = read_document(tmp_path / "nested.docx")
    assert [ln.texts for ln in raw.lines] == [
        ["项目名称", "信访业务", ""],
        ["", "一级 二级\n产出 数量", "第一行\n第二行"],
        ["", "中间", ""],
    ]


def test_macro_enabled_docx_reads_like_docx(built, tmp_path):
    import zipfile

    _, path = built("002", "docx")
    docm = tmp_path / "宏.docm"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(docm, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
                assert b"macroEnabled" in data
            dst.writestr(item, data)
    from yusuan.read.docx import read_docx

    want, got = read_document(path), read_docx(docm)
    assert [(ln.is_row, ln.texts) for ln in got.lines] == [(ln.is_row, ln.texts) for ln in want.lines]


# --- spreadsheets on hand-built files ------------------------------------------------------------


@pytest.mark.parametrize("value, fmt, printed", [
    (506.09999999999997, "0.00", "506.10"),
    (506.1, "0.00", "506.10"),
    (506.1, "General", "506.1"),
    (0.1 + 0.2, "General", "0.3"),
    (1633000, "#,##0", "1,633,000"),
    (1633000.0, "0", "1633000"),
    (1633000.4, "#,##0.00", "1,633,000.40"),
    (12, "General", "12"),
    (-12.345, "#,##0.00;[Red]-#,##0.00", "-12.35"),
    (-12.345, "#,##0.00_);(#,##0.00)", "(12.35)"),
    (-3.5, "[Red]0.00", "-3.50"),
    (0, '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "-"),
    (0.125, "0.0%", "12.5%"),
    (1.5, "0.##", "1.5"),
    (2, "0.0#", "2.0"),
    (1234567, "#,##0,", "1,235"),
    (12.5, '"¥"#,##0.00', "12.50"),
    (-0.001, "0.00", "0.00"),
    (2.675, "0.00", "2.68"),
])
def test_numbers_print_as_their_format(value, fmt, printed):
    assert render_number(value, fmt) == printed


def test_builder_number_formats():
    assert as_number("506.10") == (506.1, "0.00")
    assert as_number("1,633,000") == (1633000, "#,##0")
    assert as_number("12") == (12, "0")
    assert as_number("012") is None  # a code with a leading zero stays text
    assert as_number("13011024P") is None


def _sample_workbook(path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    ruled = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    ws = wb.active
    ws.title = "收支总表"
    ws["B1"] = "部门预算收支总表"
    ws.merge_cells("B1:E1")
    ws["E2"] = "单位：万元"
    rows = [["项目", "预算数", "", "备注"], ["一、拨款收入", 506.09999999999997, None, None],
            ["房屋（平方米）", None, None, None], ["合计", 1633000, 0.125, "无"]]
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row, start=2):
            cell = ws.cell(r, c, value)
            cell.border = ruled
    ws.merge_cells("C3:D3")
    ws["C4"].number_format = "0.00"
    ws["C6"].number_format = "#,##0"
    ws["D6"].number_format = "0.0%"
    ws["B8"] = "注：本表为空表"
    second = wb.create_sheet("第二页")
    second["A1"] = "只有一段话"
    second["A2"] = "左"
    second["B2"] = "右"
    wb.save(path)
    return path


def test_xlsx_paragraphs_rows_refs_and_merges(tmp_path):
    raw = read_document(_sample_workbook(tmp_path / "sample.xlsx"))
    assert raw.format == "xlsx"
    assert [(ln.is_row, ln.block, ln.sheet, ln.texts) for ln in raw.lines] == [
        (False, 0, None, ["部门预算收支总表"]),
        (False, 0, None, ["单位：万元"]),
        (True, 1, "收支总表", ["项目", "预算数", "", "备注"]),
        (True, 1, "收支总表", ["一、拨款收入", "506.10", "", ""]),
        (True, 1, "收支总表", ["房屋（平方米）", "", "", ""]),  # ruled: stays a table row
        (True, 1, "收支总表", ["合计", "1,633,000", "12.5%", "无"]),
        (False, 0, None, ["注：本表为空表"]),
        (False, 0, None, ["只有一段话"]),
        (True, 2, "第二页", ["左", "右"]),
    ]
    assert [ln.first.ref for ln in raw.lines] == [
        "收支总表!B1", "收支总表!E2", "收支总表!B3", "收支总表!B4", "收支总表!B5", "收支总表!B6", "收支总表!B8",
        "第二页!A1", "第二页!A2"]
    assert [c.ref for c in raw.lines[3].cells] == ["收支总表!B4", "收支总表!C4", "收支总表!D4", "收支总表!E4"]
    assert [ln.first.page for ln in raw.lines] == [1, 1, 1, 1, 1, 1, 1, 2, 2]


def test_xlsx_table_columns_ignore_a_note_beside_the_table(tmp_path):
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side

    wb = Workbook()
    ws = wb.active
    ws["A1"] = "注：本表数据来自预算系统"
    for r, row in enumerate([["序号", "项目", "预算数"], [1, "拨款", 5]], start=2):
        for c, value in enumerate(row, start=2):
            ws.cell(r, c, value)
    ws["B3"].number_format = "0"
    ws["D3"].number_format = "0.00"
    ws["E3"] = None
    ws["F9"].border = Border(left=Side(style="thin"))  # a ruled but empty cell far away widens nothing
    wb.save(tmp_path / "note.xlsx")
    raw = read_document(tmp_path / "note.xlsx")
    assert [(ln.is_row, ln.texts) for ln in raw.lines] == [
        (False, ["注：本表数据来自预算系统"]),
        (True, ["序号", "项目", "预算数"]),
        (True, ["1", "拨款", "5.00"]),
    ]
    assert [c.col for c in raw.lines[2].cells] == [0, 1, 2]


def test_xls_reads_like_xlsx(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("收支总表")
    ruled = xlwt.easyxf("borders: left thin, right thin, top thin, bottom thin")
    two = xlwt.easyxf("borders: left thin, right thin, top thin, bottom thin", num_format_str="0.00")
    grouped = xlwt.easyxf("borders: left thin, right thin, top thin, bottom thin", num_format_str="#,##0")
    ws.write_merge(0, 0, 0, 2, "部门预算收支总表")
    ws.write(1, 0, "项目", ruled)
    ws.write_merge(1, 1, 1, 2, "预算数", ruled)
    ws.write(2, 0, "一、拨款收入", ruled)
    ws.write(2, 1, 506.09999999999997, two)
    ws.write(2, 2, 1633000, grouped)
    ws.write(3, 0, "房屋（平方米）", ruled)
    ws.write(3, 1, "", ruled)
    ws.write(3, 2, "", ruled)
    wb.add_sheet("空表")
    path = tmp_path / "sample.xls"
    wb.save(str(path))
    raw = read_document(path)
    assert raw.format == "xls"
    assert [(ln.is_row, ln.texts, ln.first.ref, ln.first.page) for ln in raw.lines] == [
        (False, ["部门预算收支总表"], "收支总表!A1", 1),
        (True, ["项目", "预算数", ""], "收支总表!A2", 1),
        (True, ["一、拨款收入", "506.10", "1,633,000"], "收支总表!A3", 1),
        (True, ["房屋（平方米）", "", ""], "收支总表!A4", 1),
    ]


def _sample_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("部门预算收支总表")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "预算数"
    d.save(str(path))
    return path


def _sample_xls(path: Path) -> Path:
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("收支总表")
    ws.write(0, 0, "部门预算收支总表")
    ruled = xlwt.easyxf("borders: left thin, right thin, top thin, bottom thin")
    ws.write(1, 0, "项目", ruled)
    ws.write(1, 1, "预算数", ruled)
    wb.save(str(path))
    return path


_SAMPLES = {"docx": _sample_docx, "xlsx": _sample_workbook, "xls": _sample_xls}
# What each sample reads as: the reader's format and the first three lines.
_READ_AS = {
    "docx": ("docx", [["部门预算收支总表"], ["项目", "预算数"]]),
    "xlsx": ("xlsx", [["部门预算收支总表"], ["单位：万元"], ["项目", "预算数", "", "备注"]]),
    "xls": ("xls", [["部门预算收支总表"], ["项目", "预算数"]]),
}


@pytest.mark.parametrize("content, name", [
    ("docx", "really-docx.xlsx"), ("docx", "really-docx.xls"), ("docx", "really-docx.txt"),
    ("xlsx", "really-xlsx.docx"), ("xlsx", "really-xlsx.xls"), ("xlsx", "really-xlsx.txt"),
    ("xls", "really-xls.xlsx"), ("xls", "really-xls.docx"), ("xls", "really-xls.txt"),
])
def test_office_files_are_read_by_content_whatever_their_name(tmp_path, content, name):
    sample = _SAMPLES[content](tmp_path / f"sample.{content}")
    misnamed = tmp_path / name
    misnamed.write_bytes(sample.read_bytes())
    raw = read_document(misnamed)
    fmt, lines = _READ_AS[content]
    assert (raw.format, [ln.texts for ln in raw.lines[:len(lines)]]) == (fmt, lines)
    assert raw.source == str(misnamed)


# --- the PDF builder -----------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["001", "002"])
def test_pdf_builder_text_round_trips(built, prefix):
    """pdfplumber reads back every character of the seed from the CID-font PDF, tables ruled."""
    import pdfplumber

    _, path = built(prefix, "pdf")
    raw = read_seed(seed_path(prefix))
    with pdfplumber.open(path) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
        tables = sum(len(page.find_tables()) for page in pdf.pages)
    squashed = re.sub(r"\s+", "", text)
    for line in raw.lines:
        if not line.is_row:
            assert re.sub(r"\s+", "", line.text) in squashed
    assert set(re.sub(r"\s+", "", "".join(c.text for ln in raw.lines for c in ln.cells))) <= set(squashed)
    blocks = len({ln.block for ln in raw.lines if ln.is_row})
    assert tables >= blocks
