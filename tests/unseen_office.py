"""Office files in the layouts departments publish, built from the figures of the synthetic text
disclosures in tests/fixtures/unseen (their README): workbooks with one sheet per table or several
tables on one sheet, merged multi-row headers, 类/款/项 or joined code columns, amounts stored as
numbers with a format or as text with thousands separators, formulas with or without their cached
results, hidden rows and columns; Word documents with the explanation as paragraphs and tables with
merged header cells, one of them continued across a page break with its header repeated.

Headers are written as full-width rows of labels; a label is merged right over the empty cells that
follow it and, when nothing lies below it, down to the header's last row, the way the published
files merge them.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
SICHUAN = "sichuan_county_education_2024.txt"
WATER = "district_water_bureau_yuan_2024.txt"
CULTURE = "city_culture_bureau_lanci_2024.txt"

_MONEY = re.compile(r"^-?\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")


def is_amount(text: str) -> bool:
    return bool(_MONEY.match(text.strip())) and "." in text


def fixture_lines(name: str) -> list[str]:
    return (UNSEEN / name).read_text(encoding="utf-8").split("\n")


def explanation(name: str, stop: str) -> list[str]:
    """The fixture's paragraphs before the line starting with ``stop`` (its first table)."""
    out = []
    for ln in fixture_lines(name):
        if ln.startswith(stop):
            break
        if ln.strip():
            out.append(ln.strip())
    return out


def fixture_rows(name: str, title: str, *, drop: int = 0) -> list[list[str]]:
    """The data rows of the fixture table whose title line ends with ``title``: the tab-separated rows
    from the first one holding an amount to the table's end, ``drop`` leading cells removed."""
    lines = fixture_lines(name)
    start = next(i for i, ln in enumerate(lines) if ln.strip().endswith(title))
    rows: list[list[str]] = []
    for ln in lines[start + 1:]:
        if not ln.strip():
            if rows:
                break
            continue
        if "\t" not in ln or ln.startswith(("编制", "单位")):
            continue
        cells = ln.split("\t")
        if not rows and not any(is_amount(c) for c in cells):
            continue  # header, 栏次 or meta row
        rows.append(cells[drop:])
    return rows


@dataclass
class Grid:
    """One printed table: title, the meta line under it, header rows and body rows."""

    title: str
    header: list[list[str]]
    body: list[list[str]]
    unit: str = "单位：万元"
    org: str | None = None  # "编制单位：…" at the left of the unit line
    number: str | None = None  # "表1" printed on its own line above the title
    note: str | None = None  # a line under the table
    note_in_table: bool = False  # the note as a merged, ruled row inside the table
    hidden_rows: list[int] = field(default_factory=list)  # body rows hidden in the sheet
    hidden_cols: list[tuple[str, list[str]]] = field(default_factory=list)  # (header, body) appended, hidden
    text_amounts: bool = False  # amounts stored as text with thousands separators
    formulas: dict[int, str] = field(default_factory=dict)  # body row → "SUM" over the rows it totals

    @property
    def width(self) -> int:
        return max(len(r) for r in self.header + self.body)


def header_merges(header: list[list[str]]) -> list[tuple[int, int, int, int]]:
    """(first row, first col, last row, last col), 0-based, of each label's merged range."""
    width = max(len(r) for r in header)
    rows = [r + [""] * (width - len(r)) for r in header]
    out = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if not text:
                continue
            end = c
            while end + 1 < width and not row[end + 1]:
                end += 1
            # A label spans right only as a group: the row below must hold labels inside the span.
            below = [rows[y][x] for y in range(r + 1, len(rows)) for x in range(c, end + 1)]
            if end > c and not any(below):
                end = c
            down = r
            if not any(rows[y][x] for y in range(r + 1, len(rows)) for x in range(c, end + 1)):
                down = len(rows) - 1
            if end > c or down > r:
                out.append((r, c, down, end))
    return out


# --- XLSX --------------------------------------------------------------------------------------------


def _fmt_text(text: str) -> str:
    """An amount as a text cell with thousands separators: "7442170.00" → "7,442,170.00"."""
    t = text.replace(",", "")
    whole, _, dec = t.partition(".")
    return f"{int(whole):,}" + (f".{dec}" if dec else "")


def write_grid(ws, grid: Grid, top: int, *, title_width: int | None = None) -> int:
    """Write ``grid`` from row ``top`` (1-based); returns the next free row. Cached formula results
    are returned through ``ws._cached`` for :func:`add_cached_values`."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    ruled = Border(left=thin, right=thin, top=thin, bottom=thin)
    width = grid.width + len(grid.hidden_cols)
    r = top
    if grid.number:
        ws.cell(r, 1, grid.number)
        r += 1
    cell = ws.cell(r, 1, grid.title)
    cell.font = Font(bold=True, size=16)
    cell.alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=title_width or max(width, 8))
    r += 1
    if grid.org:
        ws.cell(r, 1, grid.org)
    ws.cell(r, grid.width, grid.unit).alignment = Alignment(horizontal="right")
    r += 1
    header = [row + [""] * (grid.width - len(row)) for row in grid.header]
    for extra, _ in grid.hidden_cols:
        header = [row + ([extra] if y == 0 else [""]) for y, row in enumerate(header)]
    for y, row in enumerate(header):
        for x, text in enumerate(row):
            c = ws.cell(r + y, x + 1, text or None)
            c.border = ruled
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r0, c0, r1, c1 in header_merges(header):
        ws.merge_cells(start_row=r + r0, start_column=c0 + 1, end_row=r + r1, end_column=c1 + 1)
    r += len(header)
    first_body = r
    cached = getattr(ws, "_cached", {})
    for y, row in enumerate(grid.body):
        row = row + [""] * (grid.width - len(row))
        row = row + [values[y] for _, values in grid.hidden_cols]
        for x, text in enumerate(row):
            c = ws.cell(r + y, x + 1)
            c.border = ruled
            text = text.strip()
            if not text:
                continue
            if is_amount(text):
                if y in grid.formulas and x < grid.width:
                    letter = get_column_letter(x + 1)
                    refs = ",".join(f"{letter}{first_body + t}" for t in _totalled(grid, y))
                    c.value = f"=SUM({refs})"
                    c.number_format = "#,##0.00"
                    cached[c.coordinate] = text.replace(",", "")
                elif grid.text_amounts:
                    c.value = _fmt_text(text)
                    c.alignment = Alignment(horizontal="right")
                else:
                    c.value = float(text.replace(",", ""))
                    c.number_format = "#,##0.00"
            else:
                c.value = text
        if y in grid.hidden_rows:
            ws.row_dimensions[r + y].hidden = True
    ws._cached = cached
    for x in range(grid.width, width):
        ws.column_dimensions[get_column_letter(x + 1)].hidden = True
    r += len(grid.body)
    if grid.note:
        if grid.note_in_table:
            c = ws.cell(r, 1, grid.note)
            for x in range(grid.width):
                ws.cell(r, x + 1).border = ruled
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=grid.width)
        else:
            ws.cell(r, 1, grid.note)
        r += 1
    return r


def _totalled(grid: Grid, y: int) -> list[int]:
    """The body rows a formula row sums: the rows named by its ``formulas`` entry ("1,5,9")."""
    return [int(t) for t in grid.formulas[y].split(",")]


def save_workbook(wb, path: Path, *, cached: bool = True) -> Path:
    """Save; with ``cached`` the formula cells get the results Excel would have stored with them."""
    values = {ws.title: getattr(ws, "_cached", {}) for ws in wb.worksheets}
    wb.save(str(path))
    if cached and any(values.values()):
        add_cached_values(path, [values[ws.title] for ws in wb.worksheets])
    return path


def add_cached_values(path: Path, per_sheet: list[dict[str, str]]) -> None:
    """Fill the empty <v/> openpyxl writes after each formula with the formula's result."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    for n, values in enumerate(per_sheet, start=1):
        name = f"xl/worksheets/sheet{n}.xml"
        xml = parts[name].decode("utf-8")
        for ref, value in values.items():
            xml, count = re.subn(rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*(?:/>|></v>)', rf"\1<v>{value}</v>", xml)
            assert count == 1, ref
        parts[name] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


# --- DOCX --------------------------------------------------------------------------------------------


def docx_table(document, header: list[list[str]], body: list[list[str]], *, repeat_header: bool = True):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    width = max(len(r) for r in header + body)
    header = [r + [""] * (width - len(r)) for r in header]
    table = document.add_table(rows=len(header) + len(body), cols=width)
    table.style = "Table Grid"
    for y, row in enumerate(header):
        for x, text in enumerate(row):
            if text:
                table.cell(y, x).text = text
                table.cell(y, x).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if repeat_header:
            tr_pr = table.rows[y]._tr.get_or_add_trPr()
            mark = OxmlElement("w:tblHeader")
            mark.set(qn("w:val"), "true")
            tr_pr.append(mark)
    for y, row in enumerate(body):
        for x, text in enumerate(row[:width]):
            if text.strip():
                table.cell(len(header) + y, x).text = text.strip()
    for r0, c0, r1, c1 in header_merges(header):
        table.cell(r0, c0).merge(table.cell(r1, c1))
    return table


def page_break(document) -> None:
    from docx.enum.text import WD_BREAK

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# --- the four files ----------------------------------------------------------------------------------

CODE3 = ["科目编码", "", ""]
KXM = ["类", "款", "项"]


def set_cell(grids: list[tuple[str, Grid]], title: str, first: str, column: int, old: str, new: str) -> None:
    """Change one body cell of the table whose title contains ``title``: the row whose first cells
    join to ``first`` (a code or a name), cell ``column``; the cell must hold ``old``."""
    grid = next(g for _, g in grids if title in g.title)
    row = next(r for r in grid.body if first in ("".join(r[:3]), r[0], r[1] if len(r) > 1 else None))
    assert row[column] == old, row
    row[column] = new


def culture_grids() -> list[tuple[str, Grid]]:
    """City 文化广电旅游局 (city_culture_bureau_lanci_2024.txt) as its workbook prints it."""
    org = "编制单位：江屿市文化广电旅游局"
    prefix = "江屿市文化广电旅游局2024年"
    function_header = [[*CODE3, "科目名称", "合计", "基本支出", "", "", "项目支出"],
                       [*KXM, "", "", "小计", "人员经费", "公用经费", ""]]
    fund_header = [[*CODE3, "科目名称", "合计", "基本支出", "项目支出"], [*KXM, "", "", "", ""]]
    income = fixture_rows(CULTURE, "部门收入总表", drop=1)
    exp = fixture_rows(CULTURE, "部门支出总表", drop=1)
    return [
        ("表1-收支总表", Grid(f"{prefix}部门收支总表", [["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"]],
                               fixture_rows(CULTURE, "部门收支总表", drop=1), org=org)),
        # 财政拨款 over its funds; a hidden row of zeros left from an earlier draft.
        ("表2-收入总表", Grid(f"{prefix}部门收入总表",
                               [[*CODE3, "科目名称", "合计", "财政拨款", "", "事业收入", "其他收入"],
                                [*KXM, "", "", "一般公共预算", "政府性基金", "", ""]],
                               income[:6] + [["207", "01", "99", "其他文化和旅游支出", "0.00", "0.00"]] + income[6:],
                               org=org, hidden_rows=[6])),
        # A hidden column of last year's figures beside the table.
        ("表3-支出总表", Grid(f"{prefix}部门支出总表", function_header, exp, org=org,
                               hidden_cols=[("上年预算数", ["600.00"] + ["1.00"] * (len(exp) - 1))])),
        ("表4-财政拨款收支总表", Grid(f"{prefix}财政拨款收支总表",
                                       [["收入", "", "支出", "", "", ""],
                                        ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算"]],
                                       fixture_rows(CULTURE, "财政拨款收支总表"), org=org)),
        ("表5-一般公共预算支出表", Grid(f"{prefix}一般公共预算财政拨款支出表", function_header,
                                         fixture_rows(CULTURE, "一般公共预算财政拨款支出表"), org=org)),
        ("表6-基本支出表", Grid(f"{prefix}一般公共预算财政拨款基本支出表",
                                 [["经济分类科目", "", "", "本年基本支出", "", ""],
                                  ["科目编码", "", "科目名称", "合计", "人员经费", "公用经费"],
                                  ["类", "款", "", "", "", ""]],
                                 fixture_rows(CULTURE, "一般公共预算财政拨款基本支出表"), org=org)),
        ("表7-政府性基金支出表", Grid(f"{prefix}政府性基金预算财政拨款支出表", fund_header,
                                       fixture_rows(CULTURE, "政府性基金预算财政拨款支出表"), org=org)),
        ("表8-国有资本经营支出表", Grid(f"{prefix}国有资本经营预算财政拨款支出表", fund_header, [], org=org,
                                         note="注：本部门2024年没有国有资本经营预算财政拨款支出，本表为空表。")),
        ("表9-三公经费表", Grid(f"{prefix}财政拨款“三公”经费支出表",
                                 [["项目", "合计", "财政拨款", ""], ["", "", "一般公共预算", "政府性基金预算"]],
                                 fixture_rows(CULTURE, "财政拨款“三公”经费支出表"), org=org)),
    ]


def build_culture_sheets(path: Path, edit=None) -> Path:
    """(a) One sheet per table after a 说明 sheet and a 目录 sheet; titles merged over A1:H1 and wider."""
    from openpyxl import Workbook

    grids = culture_grids()
    if edit:
        edit(grids)
    wb = Workbook()
    wb.remove(wb.active)
    ws = wb.create_sheet("说明")
    for r, text in enumerate(explanation(CULTURE, "表一"), start=1):
        ws.cell(r, 1, text)
    toc = wb.create_sheet("目录")
    toc.cell(1, 1, "江屿市文化广电旅游局2024年部门预算公开表")
    toc.cell(2, 1, "序号")
    toc.cell(2, 2, "表名")
    for n, (_, grid) in enumerate(grids, start=1):
        toc.cell(2 + n, 1, n)
        toc.cell(2 + n, 2, grid.title.replace("江屿市文化广电旅游局2024年", ""))
    for name, grid in grids:
        write_grid(wb.create_sheet(name), grid, 1)
    return save_workbook(wb, path)


def _split_code(rows: list[list[str]]) -> list[list[str]]:
    """"[2130301]行政运行" → "2130301", "行政运行": the code in its own column."""
    out = []
    for r in rows:
        m = re.match(r"^\[(\d+)\](.*)$", r[0])
        out.append([m.group(1), m.group(2), *r[1:]] if m else ["", *r])
    return out


def _hierarchy_formulas(body: list[list[str]]) -> dict[int, str]:
    """SUM formulas: 合计 over the 类 rows, each 类 over its 款, each 款 over its 项."""
    codes = [r[0] for r in body]
    out = {}
    for y, code in enumerate(codes):
        if len(code) not in (0, 3, 5):
            continue
        width = 3 if not code else len(code) + 2
        parts = [i for i, c in enumerate(codes) if len(c) == width and c.startswith(code)]
        if parts:
            out[y] = ",".join(map(str, parts))
    return out


def water_grids() -> list[tuple[str, Grid]]:
    """District 水务局 (district_water_bureau_yuan_2024.txt): tables in 元, code in its own column,
    amounts stored as text with thousands separators, the 支出 tables' totals as SUM formulas."""
    org, unit = "编制部门：临湖市滨江区水务局", "单位：元"
    code = ["科目编码", "科目名称"]
    function_header = [[*code, "合计", "基本支出", "项目支出"]]
    exp = _split_code(fixture_rows(WATER, "支出总表"))
    gb = _split_code(fixture_rows(WATER, "一般公共预算财政拨款支出表"))
    return [
        ("附表1 收支总表", Grid("2024年部门收支总表", [["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"]],
                                fixture_rows(WATER, "收支总表"), unit=unit, org=org, text_amounts=True)),
        ("附表2 收入总表", Grid("2024年部门收入总表",
                                [[*code, "合计", "一般公共预算拨款收入", "政府性基金预算拨款收入", "事业收入", "其他收入",
                                  "上年结转"]],
                                _split_code(fixture_rows(WATER, "收入总表")), unit=unit, org=org, text_amounts=True)),
        ("附表3 支出总表", Grid("2024年部门支出总表", function_header, exp, unit=unit, org=org,
                                formulas=_hierarchy_formulas(exp))),
        ("附表4 财政拨款收支总表", Grid("2024年财政拨款收支总表",
                                        [["收入", "", "支出", "", "", ""],
                                         ["项目", "预算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款"]],
                                        fixture_rows(WATER, "财政拨款收支总表"), unit=unit, org=org, text_amounts=True)),
        ("附表5 一般公共预算支出表", Grid("2024年一般公共预算财政拨款支出表", function_header, gb, unit=unit, org=org,
                                          formulas=_hierarchy_formulas(gb))),
        ("附表6 基本支出表", Grid("2024年一般公共预算财政拨款基本支出表",
                                  [["部门预算支出经济分类科目", "", "合计", "人员经费", "公用经费"],
                                   ["科目编码", "科目名称", "", "", ""]],
                                  _split_code(fixture_rows(WATER, "一般公共预算财政拨款基本支出表")), unit=unit,
                                  org=org, text_amounts=True)),
        ("附表7 政府性基金支出表", Grid("2024年政府性基金预算财政拨款支出表", function_header,
                                        _split_code(fixture_rows(WATER, "政府性基金预算财政拨款支出表")), unit=unit,
                                        org=org, text_amounts=True)),
        # The note in a merged, ruled row of the table.
        ("附表8 国有资本经营支出表", Grid("2024年国有资本经营预算财政拨款支出表", function_header,
                                          [["", "合计", "", "", ""]], unit=unit, org=org,
                                          note="注：本部门没有国有资本经营预算财政拨款安排的支出，故本表无数据。",
                                          note_in_table=True)),
        ("附表9 三公经费表", Grid("2024年一般公共预算“三公”经费支出表",
                                  [["合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"],
                                   ["", "", "小计", "公务用车购置费", "公务用车运行费", ""]],
                                  fixture_rows(WATER, "一般公共预算“三公”经费支出表"), unit=unit, org=org,
                                  text_amounts=True)),
    ]


def build_water_text_amounts(path: Path, edit=None, *, cached: bool = True) -> Path:
    """(b) Text amounts and formulas; ``cached=False`` leaves the formulas without results."""
    from openpyxl import Workbook

    grids = water_grids()
    if edit:
        edit(grids)
    wb = Workbook()
    wb.remove(wb.active)
    ws = wb.create_sheet("预算说明")
    for r, text in enumerate(explanation(WATER, "附表1"), start=1):
        ws.cell(r, 1, text)
    for name, grid in grids:
        write_grid(wb.create_sheet(name), grid, 1)
    return save_workbook(wb, path, cached=cached)


def build_culture_docx(path: Path, edit=None, *, continued: str | None = "续表") -> Path:
    """(c) The explanation as paragraphs, a title and a unit paragraph over each table, the income
    table continued on a second page under ``continued`` with its header repeated."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    grids = culture_grids()
    if edit:
        edit(grids)
    document = docx.Document()
    for text in explanation(CULTURE, "表一"):
        document.add_paragraph(text)
    numbers = "一二三四五六七八九"
    for n, (_, grid) in enumerate(grids):
        page_break(document)
        title = document.add_paragraph(f"表{numbers[n]} {grid.title.replace('江屿市文化广电旅游局2024年', '')}")
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        document.add_paragraph(f"{grid.org}　　　　　　金额单位：万元")
        body = [r for i, r in enumerate(grid.body) if i not in grid.hidden_rows]
        if "收入总表" in grid.title:
            docx_table(document, grid.header, body[:8])
            page_break(document)
            if continued:
                document.add_paragraph(continued)
            docx_table(document, grid.header, body[8:])
        else:
            docx_table(document, grid.header, body)
        if grid.note:
            document.add_paragraph(grid.note)
    document.save(str(path))
    return path


def sichuan_grids() -> list[Grid]:
    """County 教育局 (sichuan_county_education_2024.txt), every table on one sheet."""
    org = "单位名称：云溪县教育局"
    return [
        Grid("部门收支总表", [["收    入", "", "支    出", ""], ["项    目", "预算数", "项目", "预算数"]],
             fixture_rows(SICHUAN, "部门收支总表"), org=org, number="表1"),
        # 栏次 printed under the code columns.
        Grid("部门收入总表",
             [[*CODE3, "科目名称", "合计", "上年结转", "一般公共预算拨款收入", "事业收入", "事业单位经营收入", "其他收入"],
              [*KXM, "", "", "", "", "", "", ""]],
             [["栏次", "", "", "", "1", "2", "3", "4", "5", "6"], *fixture_rows(SICHUAN, "部门收入总表")],
             org=org, number="表1-1"),
        Grid("部门支出总表",
             [[*CODE3, "科目名称", "合计", "基本支出", "项目支出", "事业单位经营支出", "上缴上级支出", "对附属单位补助支出"],
              [*KXM, "", "", "", "", "", "", ""]], fixture_rows(SICHUAN, "部门支出总表"), org=org, number="表1-2"),
        Grid("财政拨款收支总表",
             [["收    入", "", "支    出", "", "", ""], ["项    目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算"]],
             fixture_rows(SICHUAN, "财政拨款收支总表"), org=org, number="表2"),
        Grid("一般公共预算支出预算表",
             [[*CODE3, "科目名称", "合计", "基本支出", "", "项目支出"], [*KXM, "", "", "人员经费", "公用经费", ""]],
             fixture_rows(SICHUAN, "一般公共预算支出预算表"), org=org, number="表3"),
        Grid("一般公共预算基本支出预算表",
             [["部门预算支出经济分类科目", "", "", "本年一般公共预算基本支出", "", ""],
              ["科目编码", "", "科目名称", "合计", "人员经费", "公用经费"], ["类", "款", "", "", "", ""]],
             fixture_rows(SICHUAN, "一般公共预算基本支出预算表"), org=org, number="表3-1"),
        Grid("一般公共预算项目支出预算表", [["单位名称（项目）", "项目类别", "合计"]],
             fixture_rows(SICHUAN, "一般公共预算项目支出预算表"), number="表3-2"),
        Grid("一般公共预算“三公”经费支出预算表",
             [["单位编码", "单位名称", "合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"],
              ["", "", "", "", "小计", "公务用车购置费", "公务用车运行费", ""]],
             fixture_rows(SICHUAN, "一般公共预算“三公”经费支出预算表"), number="表3-3"),
        Grid("政府性基金支出预算表",
             [["科目", "", "", "单位名称（科目）", "本年政府性基金预算支出"], [*KXM, "", ""]], [], number="表4",
             note="注：本部门2024年无政府性基金预算支出，本表为空表。"),
        Grid("国有资本经营预算支出预算表",
             [["科目", "", "", "单位名称（科目）", "本年国有资本经营预算支出"], [*KXM, "", ""]], [], number="表5",
             note="注：本部门2024年无国有资本经营预算支出，本表为空表。"),
    ]


def build_sichuan_one_sheet(path: Path, edit=None) -> Path:
    """(d) The explanation on one sheet, all tables one below another on the next."""
    from openpyxl import Workbook

    grids = sichuan_grids()
    if edit:
        edit([(g.title, g) for g in grids])
    wb = Workbook()
    wb.remove(wb.active)
    ws = wb.create_sheet("预算说明")
    for r, text in enumerate(explanation(SICHUAN, "第四部分 附表"), start=1):
        ws.cell(r, 1, text)
    ws = wb.create_sheet("部门预算表")
    width = max(g.width for g in grids)
    r = 1
    for grid in grids:
        r = write_grid(ws, grid, r, title_width=width) + 2
    return save_workbook(wb, path)
