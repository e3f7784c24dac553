"""The 绩效自评表 as an Excel workbook: a summary sheet, then one sheet per table."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from yusuan.performance.scoring import Evaluation
from yusuan.performance.tables import Grid, grids

_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(n: int, name: str, taken: set[str]) -> str:
    base = _BAD.sub("", f"{n}.{name}" if n else name)[:31]
    out, k = base, 2
    while out in taken:
        out = f"{base[:28]}({k})"
        k += 1
    taken.add(out)
    return out


def _value(text: str, number: bool):
    """Numbers as numbers (showing their two decimals), percentages and text as text."""
    if number and text and not text.endswith("%"):
        try:
            return Decimal(text)
        except ArithmeticError:
            return text
    return text


def write_evaluation_xlsx(ev: Evaluation, path: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="F2F2F2")
    taken: set[str] = set()
    for n, g in enumerate(grids(ev)):
        ws = wb.create_sheet(_sheet_name(n, g.sheet, taken))
        _write_grid(ws, g, border, head_fill, Font, Alignment, get_column_letter)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _write_grid(ws, g: Grid, border, head_fill, Font, Alignment, get_column_letter) -> None:
    last = get_column_letter(g.width)
    ws.append([g.title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([g.subtitle])
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].alignment = Alignment(horizontal="center")
    r = 3
    for row in g.rows:
        col = 1
        for cell in row:
            c = ws.cell(row=r, column=col, value=_value(cell.text, cell.number))
            if isinstance(c.value, Decimal):
                c.number_format = "0.00"
            c.alignment = Alignment(wrap_text=True, vertical="center",
                                    horizontal="right" if cell.number else ("center" if cell.head else "left"))
            if cell.head:
                c.font = Font(bold=True)
                c.fill = head_fill
            for k in range(cell.span):
                ws.cell(row=r, column=col + k).border = border
            if cell.span > 1:
                ws.merge_cells(start_row=r, start_column=col, end_row=r, end_column=col + cell.span - 1)
            col += cell.span
        r += 1
    for note in g.notes:
        ws.cell(row=r, column=1, value=note)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=g.width)
        r += 1
    widths = (14, 14, 16, 28, 16, 22, 10, 10, 36) if g.width == 9 else (6, 24, 36, 14, 14, 10, 10, 10)
    for k, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(k)].width = w
