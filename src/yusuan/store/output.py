"""Writing a query result as a terminal table, CSV, XLSX or JSON (money exact, as Decimal digits)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from yusuan.sheetsafe import csv_text, xlsx_book, xlsx_row
from yusuan.store.queries import MONEY_KEYS, PERCENT_KEYS, Result

TWO_DECIMALS = MONEY_KEYS | PERCENT_KEYS


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return f"{v:f}"
    return str(v)


def _printed(result: Result, row: list) -> list[str]:
    return [_cell(result.printed(k, v)) for k, v in zip(result.keys, row)]


def to_csv(result: Result) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(result.columns)
    for row in result.rows:
        w.writerow([_cell(csv_text(result.printed(k, v))) for k, v in zip(result.keys, row)])
    return buf.getvalue()


def to_json(result: Result) -> str:
    from yusuan.report.json import dumps_exact

    return dumps_exact({"title": result.title, "columns": dict(zip(result.keys, result.columns)),
                        "rows": result.records()}) + "\n"


def write_xlsx(result: Result, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "查询结果"
    ws.append(xlsx_row([result.title]))
    ws["A1"].font = Font(bold=True)
    ws.append(result.columns)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in result.rows:
        ws.append(xlsx_row(row))  # Decimals are written as numbers, every digit kept
        for cell, key, v in zip(ws[ws.max_row], result.keys, row):
            if isinstance(v, Decimal) and key in TWO_DECIMALS:
                cell.number_format = "0.00"  # shown as printed; the cell holds the exact amount
            elif isinstance(v, Decimal) and v.as_tuple().exponent < 0:
                cell.number_format = "0." + "0" * -v.as_tuple().exponent
    for i, header in enumerate(result.columns, start=1):
        width = max([len(header) * 2] + [len(_printed(result, r)[i - 1]) + 2 for r in result.rows[:200]])
        ws.column_dimensions[ws.cell(row=2, column=i).column_letter].width = min(60, max(8, width))
    xlsx_book(wb)  # a document's "=HYPERLINK(…)" stays text
    wb.save(path)


_TERMINAL_SKIP = {"figure"}  # the machine key beside the figure's Chinese name


def to_rich(result: Result):
    from rich.table import Table
    from rich.text import Text

    table = Table(title=result.title)
    shown = [i for i, k in enumerate(result.keys) if k not in _TERMINAL_SKIP]
    for i in shown:
        numeric = any(isinstance(r[i], (int, Decimal)) and not isinstance(r[i], bool) for r in result.rows)
        # In a narrow terminal, text wraps inside its cell; a figure is never cut or broken.
        table.add_column(result.columns[i], justify="right" if numeric else "left",
                         no_wrap=numeric, overflow="ellipsis" if numeric else "fold")
    for row in result.rows:
        cells = _printed(result, row)
        # Text, not str: rich reads a str as markup, and a department named "…[/b]" would raise.
        table.add_row(*[Text(cells[i]) for i in shown])
    if not result.rows:
        table.caption = "没有符合条件的结果"
    return table


def to_table_text(result: Result) -> str:
    """The terminal table as plain text at its natural width, for a pipe or a file: nothing cut."""
    from yusuan.report.text import plain

    return plain(to_rich(result))
