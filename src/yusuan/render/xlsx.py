"""The package as an Excel workbook (openpyxl): one sheet per standard table, then the target forms.

Each table sheet prints like the published table: the title centred over the table, the unit line
with 预算年度 and 单位, the ruled header with its merged cells, the 栏次 row, the rows and, under an
empty table, its note. Amounts are numbers with a number format showing the Decimal's own decimals
("0.00" for 506.10), so a sum in Excel works and the printed figure is the one in the package;
科目编码 are text, so 2010301 never turns into a number. Pages are A4, landscape for wide tables,
fitted to the page width, with the header rows repeated on every page.

Performance target forms go on one sheet (整体绩效目标 on another), a page break between forms.
"""

from __future__ import annotations

import re
from pathlib import Path

from yusuan.errors import RenderError
from yusuan.package import Package
from yusuan.recognize.titles import TARGET_IDS
from yusuan.render.layout import (
    AMOUNT, CODE, HEAD, LABEL, LANCI, SEQ, STANDARD_ORDER, FormLayout, Grid, TableLayout, decimals,
    overall_layout, project_layout, table_layout, unit_line,
)

FONT = "宋体"
_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")


def number_format(value) -> str:
    """The format that prints a Decimal with its own decimals: 506.10 → "0.00", 849 → "0"."""
    n = decimals(value)
    return "0." + "0" * n if n else "0"


def _sheet_name(title: str, used: set[str]) -> str:
    base = _FORBIDDEN.sub("", title).strip()[:31] or "Sheet"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:28]}{n}"
    used.add(name)
    return name


class _Styles:
    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.title = Font(name=FONT, size=16, bold=True)
        self.form_title = Font(name=FONT, size=13, bold=True)
        self.plain = Font(name=FONT, size=10)
        self.bold = Font(name=FONT, size=10, bold=True)
        self.fill = PatternFill("solid", fgColor="F0F0F0")
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.right = Alignment(horizontal="right", vertical="center")
        self.meta_right = Alignment(horizontal="right", vertical="center")


def _put_grid(ws, grid: Grid, top: int, st: _Styles) -> int:
    """Write the grid with its top-left at row ``top``; returns the row after it."""
    for cell in [c for row in grid.rows() for c in row]:
        r, c = top + cell.row, 1 + cell.col
        for rr in range(r, r + cell.rowspan):
            for cc in range(c, c + cell.colspan):
                ws.cell(rr, cc).border = st.border
        target = ws.cell(r, c)
        kind = cell.kind
        if kind == AMOUNT and cell.value is not None:
            target.value = cell.value
            target.number_format = number_format(cell.value)
            target.alignment = st.right
        elif kind == SEQ and cell.text.isdigit():
            target.value = int(cell.text)
            target.alignment = st.center
        elif kind == LANCI and cell.text.isdigit():
            target.value = int(cell.text)
            target.alignment = st.center
        else:
            target.value = cell.text or None
            if cell.text.startswith("="):
                target.data_type = "s"  # text such as "=100.00(%)", not a formula
            if kind == CODE:
                target.number_format = "@"
            target.alignment = st.center if kind in (HEAD, LANCI, LABEL, SEQ) else \
                st.right if kind == AMOUNT else st.left
        target.font = st.bold if kind in (HEAD, LABEL) else st.plain
        if kind in (HEAD, LANCI):
            target.fill = st.fill
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + cell.rowspan - 1, end_column=c + cell.colspan - 1)
    return top + grid.height


def _widths(ws, widths: list[float]) -> None:
    from openpyxl.utils import get_column_letter

    for k, w in enumerate(widths, start=1):
        # An Excel width unit is about one digit; a Chinese character takes two.
        ws.column_dimensions[get_column_letter(k)].width = round(min(max(w * 2 + 1, 5), 60), 1)


def _title(ws, row: int, text: str, width: int, font, st: _Styles, height: float = 28) -> None:
    cell = ws.cell(row, 1, text)
    cell.font = font
    cell.alignment = st.center
    if width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    ws.row_dimensions[row].height = height


def _page_setup(ws, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6


def _table_sheet(wb, layout: TableLayout, used: set[str], st: _Styles) -> None:
    ws = wb.create_sheet(_sheet_name(layout.title, used))
    grid = layout.grid
    width = grid.width
    _title(ws, 1, layout.title, width, st.title, st)
    row = 2
    if layout.meta:
        # The unit line at the left, 单位 at the right, anything else in the middle, as printed.
        meta = list(layout.meta)
        unit = meta.pop() if meta[-1].startswith("单位：") and len(meta) > 0 else None
        first = ws.cell(row, 1, meta[0] if meta else None)
        first.font = st.plain
        middle = meta[1:]
        if middle:
            mid = ws.cell(row, max(2, width // 2), "　".join(middle))
            mid.font = st.plain
        if unit:
            last = ws.cell(row, width, unit)
            last.font = st.plain
            last.alignment = st.meta_right
        row += 1
    top = row
    row = _put_grid(ws, grid, top, st)
    if grid.header_rows:
        ws.print_title_rows = f"{top}:{top + grid.header_rows - 1}"
        ws.freeze_panes = ws.cell(top + grid.header_rows, 1)
    if layout.note:
        note = ws.cell(row + 1, 1, layout.note)
        note.font = st.plain
        note.alignment = st.left
        if width > 1:
            ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=width)
    _widths(ws, grid.col_widths)
    _page_setup(ws, layout.wide)


def _forms_sheet(wb, name: str, forms: list[FormLayout], used: set[str], st: _Styles) -> None:
    from openpyxl.worksheet.pagebreak import Break

    ws = wb.create_sheet(_sheet_name(name, used))
    row = 1
    width = max(f.grid.width for f in forms)
    for n, form in enumerate(forms):
        if n:
            ws.row_breaks.append(Break(id=row - 1))
        _title(ws, row, form.title, form.grid.width, st.form_title, st, height=24)
        row += 1
        for m in form.meta:
            cell = ws.cell(row, form.grid.width, m)
            cell.font = st.plain
            cell.alignment = st.meta_right
            row += 1
        row = _put_grid(ws, form.grid, row, st) + 1
    _widths(ws, [8.0, 7.0, 8.0, 10.0, 8.0, 8.0, 6.0] + [6.0] * (width - 7))
    _page_setup(ws, landscape=False)


def _ordered_refs(package: Package) -> tuple[list[str], list[int], list[int]]:
    """Tables, projects and overall targets the blocks print, in their order (all of them without blocks)."""
    d = package.disclosure
    blocks = package.blocks
    tables = [b.ref for b in blocks if b.kind == "table" and b.ref]
    projects = [int(b.ref) for b in blocks if b.kind == "project" and b.ref is not None and b.ref.isdigit()]
    overall = [int(b.ref) for b in blocks if b.kind == "overall_targets" and b.ref is not None and b.ref.isdigit()]
    if not blocks:
        tables = [t.id for t in sorted((t for t in d.tables if t.id not in TARGET_IDS),
                                       key=lambda t: STANDARD_ORDER.index(t.id) if t.id in STANDARD_ORDER else 99)]
        projects = list(range(len(d.projects)))
        overall = list(range(len(d.overall_targets)))
    return tables, projects, overall


def write_xlsx(package: Package, path: str | Path) -> Path:
    from openpyxl import Workbook

    path = Path(path)
    d = package.disclosure
    st = _Styles()
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    dept = unit_line(d.department.code, d.department.name)
    tables, projects, overall = _ordered_refs(package)
    for ref in tables:
        table = d.table(ref)
        if table is None:
            raise RenderError(f"文档块引用的表“{ref}”不在预算数据中")
        _table_sheet(wb, table_layout(table, department_line=dept, year=d.year, assets_as_of=package.assets_as_of),
                     used, st)
    try:
        forms = [project_layout(d.projects[i], d.money_unit) for i in projects]
        targets = [overall_layout(d.overall_targets[i]) for i in overall]
    except IndexError as exc:
        raise RenderError("文档块引用的项目或整体绩效目标不在预算数据中") from exc
    if forms:
        _forms_sheet(wb, "项目绩效目标表", forms, used, st)
    if targets:
        _forms_sheet(wb, "部门整体支出绩效目标表", targets, used, st)
    if not wb.worksheets:
        wb.create_sheet("说明").cell(1, 1, "本预算没有可列示的表格。")
    from yusuan.render.from_disclosure import document_title

    wb.properties.title = document_title(d)
    wb.properties.creator = "yusuan"
    try:
        wb.save(str(path))
    except OSError as exc:
        raise RenderError(f"无法写入 XLSX 文件（{exc.strerror or exc}）", source=str(path)) from exc
    return path
