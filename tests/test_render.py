"""Writers: a package laid out as XLSX, DOCX, HTML and PDF must read back to the package's tables.

Seeds 001 and 002 are read, laid out with ``package_of`` and written once per format (module-scoped);
reading each file back must give every table exactly (ids, titles, units, notes, columns, rows with
their codes, names, sides and values) and the performance target forms. Layout details a person
relies on (merged headers, number formats, print titles, A4, fonts) are checked on the files
themselves.
"""

from __future__ import annotations

import re
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

import yusuan
from yusuan.errors import RenderError
from yusuan.model import Column, Department, Disclosure, Indicator, Project, Row, Table
from yusuan.package import Block, Package
from conftest import seed
from yusuan.render import default_stem, write
from yusuan.render.from_disclosure import package_of
from yusuan.render.layout import table_layout

FORMATS = ("xlsx", "docx", "pdf")


def seed_path(prefix: str) -> Path:
    return seed(prefix)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Each seed: its extraction, the files written from it and what each file reads back, once."""
    cache: dict[str, dict] = {}

    def get(prefix: str) -> dict:
        if prefix not in cache:
            source = yusuan.extract(seed_path(prefix))
            out = tmp_path_factory.mktemp(f"render-{prefix}")
            paths = write(package_of(source), out)
            cache[prefix] = {"source": source, "paths": paths, "read": {}}
        entry = cache[prefix]
        return entry

    def read(prefix: str, fmt: str):
        entry = get(prefix)
        if fmt not in entry["read"]:
            entry["read"][fmt] = yusuan.extract(entry["paths"][fmt])
        return entry["source"], entry["read"][fmt]

    get.read = read
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


def tables_of(d: Disclosure, fmt: str) -> list[dict]:
    out = [{
        "id": t.id, "title": t.title, "money_unit": t.money_unit, "empty_note": t.empty_note,
        "columns": [(c.id, c.label) for c in t.columns],
        "rows": [{"seq": r.seq, "side": r.side, "code": r.code, "name": r.name, "values": r.values, "text": r.text}
                 for r in t.rows],
    } for t in d.tables]
    return _squash(out) if fmt == "pdf" else out


def projects_of(d: Disclosure, fmt: str) -> list[dict]:
    out = [p.model_dump(exclude={"source"}) | {"indicators": [i.model_dump(exclude={"source"}) for i in p.indicators]}
           for p in d.projects]
    return _squash(out) if fmt == "pdf" else out


# --- the round trip --------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["001", "002"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_written_file_reads_back_to_the_same_tables(rendered, prefix, fmt):
    source, back = rendered.read(prefix, fmt)
    assert back.format == fmt
    want, got = tables_of(source, fmt), tables_of(back, fmt)
    assert [t["id"] for t in got] == [t["id"] for t in want]
    for g, w in zip(got, want):
        assert [r["name"] for r in g["rows"]] == [r["name"] for r in w["rows"]], f"table {w['id']} rows"
        for gr, wr in zip(g["rows"], w["rows"]):
            assert gr == wr, f"table {w['id']} row {wr['name']}"
        assert g == w, f"table {w['id']}"
    assert (back.department.code, back.department.name, back.year) == (
        source.department.code, source.department.name, source.year)


@pytest.mark.parametrize("prefix", ["001", "002"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_written_file_reads_back_to_the_same_projects(rendered, prefix, fmt):
    source, back = rendered.read(prefix, fmt)
    want, got = projects_of(source, fmt), projects_of(back, fmt)
    assert [(p["code"], p["name"]) for p in got] == [(p["code"], p["name"]) for p in want]
    for g, w in zip(got, want):
        assert g == w, f"project {w['name']}"


@pytest.mark.parametrize("prefix", ["001", "002"])
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_explanation_reads_back_with_its_figures(rendered, prefix, fmt):
    """The documents also carry the explanation: every figure it states reads back, with the unit's
    nature from the 机构设置 table. In the PDF a sentence wrapped before a number too long for the
    rest of its line must still be read whole (2024年支出预算647.23万元，其中基本支出 | 425.52万元)."""
    source, back = rendered.read(prefix, fmt)
    assert {k: (f.value, f.unit) for k, f in back.narrative.items()} == {
        k: (f.value, f.unit) for k, f in source.narrative.items()}
    assert back.department.nature == source.department.nature == "行政"
    assert back.title == source.title


def test_seed_001_figures_survive_every_format(rendered):
    for fmt in FORMATS:
        _, d = rendered.read("001", fmt)
        summary = d.table("income_expenditure_summary")
        assert [(r.seq, r.side, r.name.replace(" ", ""), r.values["total"]) for r in summary.rows[-6:]] == [
            (32, "income", "本年收入合计", Decimal("605.23")), (32, "expenditure", "本年支出合计", Decimal("647.23")),
            (33, "income", "上年结转结余", Decimal("42.00")), (33, "expenditure", "年终结转结余", None),
            (34, "income", "收入总计", Decimal("647.23")), (34, "expenditure", "支出总计", Decimal("647.23"))], fmt
        assert str(d.table("income_summary").row(code="2014001").values["total"]) == "308.10", fmt
        assert d.table("fixed_assets").row(name="4、其他固定资产").values == {
            "quantity": Decimal("849"), "value": Decimal("148.54")}, fmt
        assert d.table("government_procurement").empty_note == "注：无政府采购预算，空表列示。", fmt
        assert [(p.code, str(p.amount), len(p.indicators)) for p in d.projects][:2] == [
            ("13011024P000024100228", "8.00", 6), ("13011024P000024100201", "5.00", 6)], fmt
        first = d.projects[0]
        assert [(s.period.replace(" ", ""), s.text) for s in first.spending_plan] == [
            ("3月底", "50%"), ("6月底", "50%"), ("10月底", "100%")], fmt
        assert (first.indicators[-1].level1, first.indicators[-1].level2, first.indicators[-1].value) == (
            "满意度指标", "服务对象满意度指标", "≥95%"), fmt


def test_write_names_files_after_the_department_and_year(rendered):
    paths = rendered("001")["paths"]
    assert sorted(paths) == ["docx", "html", "pdf", "xlsx"]
    assert {p.name for p in paths.values()} == {f"石家庄市鹿泉区信访局2024年部门预算.{f}" for f in paths}
    assert all(p.stat().st_size > 1000 for p in paths.values())


# --- XLSX ------------------------------------------------------------------------------------------


def _sheet(path: Path, title: str):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for ws in wb.worksheets:
        if ws["A1"].value == title:
            return ws
    raise AssertionError(f"no sheet titled {title}: {wb.sheetnames}")


def test_xlsx_prints_merged_headers_number_formats_and_print_titles(rendered):
    path = rendered("001")["paths"]["xlsx"]
    ws = _sheet(path, "部门预算收入总表")
    merged = {str(r) for r in ws.merged_cells.ranges}
    # Title over the 13 columns; 序号, 合计 and 上年结转 down the two header rows; 功能分类科目 over
    # 科目编码/科目名称 and 本年收入 over its eight columns.
    assert merged == {"A1:M1", "A3:A4", "B3:C3", "D3:D4", "E3:L3", "M3:M4"}
    assert [ws.cell(4, c).value for c in range(1, 14)] == [
        None, "科目编码", "科目名称", None, "小计", "财政拨款收入", "财政专户收入", "事业收入", "经营收入", "上级补助收入",
        "附属单位上缴收入", "其他收入", None]
    assert [ws.cell(5, c).value for c in range(1, 14)] == ["栏次", *range(1, 13)]
    assert [ws.cell(2, c).value for c in (1, 6, 13)] == ["542 石家庄市鹿泉区信访局", "预算年度：2024", "单位：万元"]
    total = ws.cell(6, 4)
    assert (total.value, total.number_format) == (647.23, "0.00")
    code = ws.cell(7, 2)
    assert (code.value, code.number_format, ws.cell(7, 3).value) == ("201", "@", "一般公共服务支出")
    assert ws.print_title_rows == "$3:$5"
    assert (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight,
            ws.sheet_properties.pageSetUpPr.fitToPage) == ("landscape", 9, 1, 0, True)  # 9: A4
    assert ws.cell(6, 4).border.left.style == "thin"


def test_xlsx_two_sided_table_and_empty_note(rendered):
    path = rendered("001")["paths"]["xlsx"]
    ws = _sheet(path, "部门预算收支总表")
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:E1", "A3:A4", "B3:C3", "D3:E3"}
    assert [[ws.cell(r, c).value for c in range(1, 6)] for r in (3, 4, 5, 6)] == [
        ["序号", "收入", None, "支出", None], [None, "项目", "预算数", "项目", "预算数"], ["栏次", 1, 2, 3, 4],
        [1, "一、一般公共预算拨款收入", 605.23, "一、一般公共服务支出", 506.1]]
    assert ws.page_setup.orientation == "portrait"
    empty = _sheet(path, "部门预算政府性基金预算财政拨款支出表")
    assert empty.max_row == 7
    assert empty["A7"].value == "注：无政府基金预算财政拨款预算，空表列示。"
    assert [empty.cell(5, c).value for c in range(1, 7)] == ["栏次", 1, 2, 3, 4, 5]


def test_xlsx_keeps_each_amounts_printed_decimals(rendered):
    ws = _sheet(rendered("001")["paths"]["xlsx"], "部门固定资产占用情况表")
    rows = {ws.cell(r, 1).value: [(ws.cell(r, c).value, ws.cell(r, c).number_format) for c in (2, 3)]
            for r in range(1, ws.max_row + 1)}
    assert rows["4、其他固定资产"] == [(849, "0"), (148.54, "0.00")]
    assert [ws.cell(2, c).value for c in (1, 2)] == ["542 石家庄市鹿泉区信访局", None]


# --- DOCX ------------------------------------------------------------------------------------------


def test_docx_is_a4_with_chinese_fonts_and_repeating_headers(rendered):
    import docx
    from docx.oxml.ns import qn

    path = rendered("001")["paths"]["docx"]
    document = docx.Document(str(path))
    first = document.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert any(round(s.page_width.mm) == 297 for s in document.sections)  # wide tables on landscape pages
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    assert document.styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    # Every standard table repeats its header rows and 栏次 (9 tables × 3 rows, procurement 2, fixed assets 1),
    # the 机构设置 table its one header row.
    assert xml.count("<w:tblHeader/>") == 9 * 3 + 2 + 1 + 1
    assert "<w:vMerge" in xml and "<w:gridSpan" in xml
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["石家庄市鹿泉区信访局 2024 年部门预算信息公开情况说明", "目　录"]
    assert "部门预算收支总表" in texts[2:20]
    assert "542 石家庄市鹿泉区信访局\t预算年度：2024\t单位：万元" in texts


# --- HTML ------------------------------------------------------------------------------------------


def test_html_is_self_contained_with_a_print_stylesheet(rendered):
    html = rendered("001")["paths"]["html"].read_text(encoding="utf-8")
    assert not re.search(r"<link|<script|src=|url\(|https?://", html)
    assert "@page" in html and "size: A4 landscape" in html and "break-before: page" in html
    assert html.count("<thead>") == 11 + 1  # the standard tables and 机构设置 (forms have no header to repeat)
    assert '<section class="std-table wide" id="t-income_summary">' in html
    assert '<th rowspan="2">序号</th><th colspan="2">功能分类科目</th><th rowspan="2">合计</th>' in html
    assert '<th colspan="8">本年收入</th>' in html
    assert "<td class=\"lanci\">栏次</td>" in html


def _tiny_package(**changes) -> Package:
    table = Table(id="three_public_expenses", title="财政拨款“三公”经费支出表", money_unit="万元",
                  columns=[Column(id="total", label="合计")],
                  rows=[Row(seq=1, name="合计", values={"total": Decimal("2.90")})])
    disclosure = Disclosure(source="-", format="build", department=Department(code="542", name="某某局"), year=2025,
                            tables=[table])
    blocks = [Block(kind="heading", level=1, text="某某局2025年部门预算 <b>&"),
              Block(kind="paragraph", text="<script>alert(1)</script>"), Block(kind="table", ref=table.id)]
    return Package(**({"disclosure": disclosure, "blocks": blocks} | changes))


def test_html_escapes_all_text(tmp_path):
    html = write(_tiny_package(), tmp_path, formats=("html",))["html"].read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "某某局2025年部门预算 &lt;b&gt;&amp;" in html


# --- layouts for packages that were not read from a document --------------------------------------


def test_build_package_without_sequence_numbers_reads_back(tmp_path):
    """Two-sided rows given as all income then all expenditure, 基本支出 split into 人员/公用经费, a
    procurement row, a project with a 备注: every reader gives them back."""
    cols = {"total": "预算数", "basic": "基本支出", "personnel": "人员经费", "public": "公用经费", "project": "项目支出"}
    summary = Table(
        id="income_expenditure_summary", title="单位预算收支总表", money_unit="元",
        columns=[Column(id=k, label=v) for k, v in cols.items()],
        rows=[Row(side="income", name="一、财政拨款收入", values={"total": Decimal("100.00")}),
              Row(side="income", name="二、事业收入", values={"total": Decimal("20.00")}),
              Row(side="income", name="本年收入合计", values={"total": Decimal("120.00")}),
              Row(side="expenditure", name="一、教育支出",
                  values={"total": Decimal("120.00"), "basic": Decimal("100.00"), "personnel": Decimal("60.00"),
                          "public": Decimal("40.00"), "project": Decimal("20.00")}),
              Row(side="expenditure", name="本年支出合计",
                  values={"total": Decimal("120.00"), "basic": Decimal("100.00"), "personnel": Decimal("60.00"),
                          "public": Decimal("40.00"), "project": Decimal("20.00")})])
    procurement = Table(
        id="government_procurement", title="政府采购预算表", money_unit="元",
        columns=[Column(id="quantity", label="数量"), Column(id="unit_price", label="单价"),
                 Column(id="total", label="合计"), Column(id="general_budget", label="一般公共预算拨款")],
        rows=[Row(name="办公设备购置", values={"quantity": Decimal("2"), "unit_price": Decimal("5000.00"),
                                           "total": Decimal("10000.00"), "general_budget": Decimal("10000.00")})])
    project = Project(code="P001", name="教师培训", amount=Decimal("20.00"), money_unit="元", goal="完成培训",
                      indicators=[Indicator(level1="产出指标", level2="数量指标", level3="培训人数", value="≥10人"),
                                  Indicator(level1="产出指标", level2="数量指标", level3="培训次数", value="2次"),
                                  Indicator(level1="满意度指标", level2="服务对象满意度指标", level3="满意度",
                                            value="≥90%", note="问卷")])
    d = Disclosure(source="-", format="build", department=Department(code="101", name="某某县教育中心"), year=2025,
                   kind="单位预算", money_unit="元", tables=[summary, procurement], projects=[project])
    paths = write(Package(disclosure=d), tmp_path, formats=("xlsx", "docx"))
    assert paths["xlsx"].name == "某某县教育中心2025年单位预算.xlsx"
    for fmt, path in paths.items():
        back = yusuan.extract(path)
        got = back.table("income_expenditure_summary")
        # Printed side by side, totals level with totals; read back line by line.
        assert [(r.seq, r.side, r.name) for r in got.rows] == [
            (1, "income", "一、财政拨款收入"), (1, "expenditure", "一、教育支出"), (2, "income", "二、事业收入"),
            (3, "income", "本年收入合计"), (3, "expenditure", "本年支出合计")], fmt
        assert [(c.id, c.label) for c in got.columns] == list(cols.items()), fmt
        assert got.row(name="一、教育支出").values == summary.rows[3].values, fmt
        assert back.table("government_procurement").rows[0].values == procurement.rows[0].values, fmt
        (p,) = back.projects
        assert (p.code, p.name, p.amount, p.goal) == ("P001", "教师培训", Decimal("20.00"), "完成培训"), fmt
        assert [(i.level1, i.level2, i.level3, i.value, i.note) for i in p.indicators] == [
            (i.level1, i.level2, i.level3, i.value, i.note) for i in project.indicators], fmt


def test_transposed_three_public_table_is_printed_transposed(tmp_path):
    """Shanghai prints the 三公 items as columns over one row of amounts; such a table (one column
    named after the amount row) is printed the same way, so that it reads back with that column."""
    names = ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "购置费", "运行费", "机关运行经费预算数"]
    amounts = ["867.50", "839.00", "28.50", None, None, None, "213.28"]
    table = Table(id="three_public_expenses", title="2025年部门“三公”经费和机关运行经费预算表", money_unit="万元",
                  columns=[Column(id="total", label="“三公”经费预算数")],
                  rows=[Row(name=n, values={"total": Decimal(a) if a else None}) for n, a in zip(names, amounts)])
    project = Project(name="社区服务中心", amount=Decimal("4100000.00"), money_unit="元",
                      indicators=[Indicator(level1="产出指标", level2="数量指标", level3="面积", value="=100.00(%)")])
    d = Disclosure(source="-", format="build", department=Department(name="上海市普陀区人民政府办公室"), year=2025,
                   tables=[table], projects=[project])
    for fmt, path in write(Package(disclosure=d), tmp_path, formats=("xlsx", "docx")).items():
        back = yusuan.extract(path)
        got = back.table("three_public_expenses")
        assert [(c.id, c.label) for c in got.columns] == [("total", "“三公”经费预算数")], fmt
        assert [(r.name, r.values) for r in got.rows] == [(r.name, r.values) for r in table.rows], fmt
        assert back.projects[0].indicators[0].value == "=100.00(%)", fmt  # text, never an Excel formula
    layout = table_layout(table, department_line=None, year=2025)
    assert [c.text for c in layout.grid.cells if c.row == 1] == names


def test_header_layouts_follow_the_columns():
    t = Table(id="general_budget_basic_expenditure", title="一般公共预算财政拨款基本支出表",
              columns=[Column(id="total", label="合计"), Column(id="personnel", label="人员经费"),
                       Column(id="public", label="公用经费")])
    grid = table_layout(t).grid
    head = [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in grid.cells if c.row < grid.header_rows]
    assert head == [("序号", 0, 0, 2, 1), ("部门预算支出经济分类科目", 0, 1, 1, 2), ("一般公共预算基本支出", 0, 3, 1, 3),
                    ("科目编码", 1, 1, 1, 1), ("科目名称", 1, 2, 1, 1), ("合计", 1, 3, 1, 1), ("人员经费", 1, 4, 1, 1),
                    ("公用经费", 1, 5, 1, 1), ("栏次", 2, 0, 1, 1), ("1", 2, 1, 1, 1), ("2", 2, 2, 1, 1),
                    ("3", 2, 3, 1, 1), ("4", 2, 4, 1, 1), ("5", 2, 5, 1, 1)]
    fixed = table_layout(Table(id="fixed_assets", title="固定资产占用情况表", money_unit="万元"),
                         department_line="542 某某局", assets_as_of="2023-12-31")
    assert [c.text for c in fixed.grid.cells] == ["项目", "数量", "价值"]
    assert fixed.meta == ["542 某某局", "截止时间：2023-12-31", "单位：万元"]


# --- errors ----------------------------------------------------------------------------------------


def test_unknown_format_and_unknown_table_are_clear_errors(tmp_path):
    with pytest.raises(RenderError, match="不支持的输出格式：odt"):
        write(_tiny_package(), tmp_path, formats=("odt",))
    assert list(write(_tiny_package(), tmp_path, formats="html")) == ["html"]
    bad = _tiny_package(blocks=[Block(kind="table", ref="income_summary")])
    with pytest.raises(RenderError, match="income_summary"):
        write(bad, tmp_path, formats=("docx",))
    target = tmp_path / "a-file"
    target.write_text("x")
    with pytest.raises(RenderError, match="无法创建输出文件夹"):
        write(_tiny_package(), target / "out", formats=("html",))


def test_missing_weasyprint_names_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as when it is not installed
    with pytest.raises(RenderError, match=r"pip install weasyprint==\d+"):
        write(_tiny_package(), tmp_path, formats=("pdf",))


def test_pdf_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    """A write that fails (a full disk) leaves no partial PDF, and an earlier PDF of the same name as it was."""
    import os

    from yusuan.render import pdf

    target = tmp_path / "预算.pdf"
    target.write_bytes(b"%PDF-old")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdf.os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        pdf._write_whole(target, b"%PDF-new")
    assert [(p.name, p.read_bytes()) for p in tmp_path.iterdir()] == [("预算.pdf", b"%PDF-old")]
    monkeypatch.undo()
    pdf._write_whole(target, b"%PDF-new")
    assert [(p.name, p.read_bytes()) for p in tmp_path.iterdir()] == [("预算.pdf", b"%PDF-new")]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # as any file the user writes, not mkstemp's 0600


def test_default_stem_uses_the_kind_of_budget():
    d = Disclosure(source="-", format="build", department=Department(name="某某中心"), year=2025, kind="单位预算")
    assert default_stem(Package(disclosure=d)) == "某某中心2025年单位预算"
    d.kind = None
    assert default_stem(Package(disclosure=d)) == "某某中心2025年部门预算"


# --- the PDF as a person sees it -------------------------------------------------------------------


def _tool(name: str) -> str:
    import shutil

    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return path


def _table_page(pdf_path: Path, title: str) -> tuple[int, list[dict]]:
    """The page number and characters of the page printing ``title`` over its table."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        for no, page in enumerate(pdf.pages, start=1):
            chars = page.chars
            text = "".join(c["text"] for c in chars)
            if title in text and "栏次" in text:
                return no, chars
    raise AssertionError(f"no page prints {title}")


def test_pdf_draws_every_chinese_character(rendered, tmp_path):
    """Render the 收支总表 page to pixels and look at the characters pdfplumber finds on it: each
    must be drawn (ink in its box) and distinct characters must look different — a missing glyph
    is drawn as the same empty box whatever the character."""
    import subprocess

    from PIL import Image

    pdf = rendered("001")["paths"]["pdf"]
    no, chars = _table_page(pdf, "部门预算收支总表")
    dpi = 150
    subprocess.run([_tool("pdftoppm"), "-r", str(dpi), "-f", str(no), "-l", str(no), "-singlefile", "-png",
                    str(pdf), str(tmp_path / "page")], check=True)
    image = Image.open(tmp_path / "page.png").convert("L")
    scale = dpi / 72
    seen: dict[str, bytes] = {}
    for c in chars:
        ch = c["text"]
        if not ("\u4e00" <= ch <= "\u9fff") or ch in seen:
            continue
        box = (int(c["x0"] * scale), int(c["top"] * scale), int(c["x1"] * scale) + 1, int(c["bottom"] * scale) + 1)
        crop = image.crop(box)
        ink = sum(crop.histogram()[:128])  # dark pixels
        assert ink >= 4, f"{ch!r} is not drawn"
        seen[ch] = crop.resize((20, 20)).point(lambda p: 255 if p >= 128 else 0).tobytes()
        if len(seen) == 40:
            break
    assert len(seen) == 40
    assert len(set(seen.values())) == len(seen), "different characters drawn alike (missing glyphs)"


def test_pdf_text_reads_back_and_every_character_has_a_real_glyph(rendered):
    """The text layer (read by pdfium, not by the pdfminer the readers use) gives the title and a
    table's heading exactly; and every character is drawn with a glyph of a Noto CJK font that has
    an outline: none with glyph 0, the .notdef box a font without the character would give (the
    text layer would still read "预算" then: see test_pdf_fonts for a PDF where it does)."""
    import pypdfium2

    from pdfglyphs import drawn_glyphs

    pdf_path = rendered("001")["paths"]["pdf"]
    pdf = pypdfium2.PdfDocument(pdf_path)
    try:
        first, third = ([line.strip() for line in pdf[i].get_textpage().get_text_range().splitlines()]
                        for i in (0, 2))
    finally:
        pdf.close()
    assert first[:2] == ["石家庄市鹿泉区信访局 2024 年部门预算信息公开情况说明", "目\u3000录"]
    assert re.fullmatch(r"部门预算公开表 \.+ 2", first[2]), first[2]
    assert third[:7] == ["部门预算收支总表", "542 石家庄市鹿泉区信访局 预算年度：2024 单位：万元", "序号", "收入 支出",
                         "项目 预算数 项目 预算数", "栏次 1 2 3 4",
                         "1 一、一般公共预算拨款收入 605.23 一、一般公共服务支出 506.10"]
    assert third[-1] == "第 3 页"

    glyphs = drawn_glyphs(pdf_path)
    assert {g.font for g in glyphs} == {"Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC-Bold"}
    assert [g for g in glyphs if not g.drawn and not g.char.isspace()] == []
    title = [g for g in glyphs if g.page == 1][:len("石家庄市鹿泉区信访局")]
    assert ("".join(g.char for g in title), {g.font for g in title}) == ("石家庄市鹿泉区信访局", {"Noto-Sans-CJK-SC-Bold"})


def test_pdf_embeds_all_its_fonts(rendered):
    import subprocess

    out = subprocess.run([_tool("pdffonts"), str(rendered("001")["paths"]["pdf"])], check=True,
                         capture_output=True, text=True).stdout.splitlines()
    header, rows = out[0], [line for line in out[2:] if line.strip()]
    at = header.index("emb")
    assert rows and all(line[at:at + 3] == "yes" for line in rows), out
    assert any("CJK" in line.split()[0] for line in rows), out


def test_pdf_pages_are_a4_and_wide_tables_landscape(rendered):
    import pdfplumber

    pdf = rendered("001")["paths"]["pdf"]
    with pdfplumber.open(pdf) as doc:
        sizes = {(round(p.width), round(p.height)) for p in doc.pages}
    assert sizes == {(595, 842), (842, 595)}
    no, _ = _table_page(pdf, "部门预算收入总表")
    with pdfplumber.open(pdf) as doc:
        assert round(doc.pages[no - 1].width) == 842
