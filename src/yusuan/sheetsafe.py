"""Text from a document written into CSV and XLSX exports so that a spreadsheet never runs it.

A hostile document can hold a cell such as ``=HYPERLINK("http://…")`` or ``@SUM(…)``; written as is, the
reviewer who opens the export in Excel or WPS runs it (CSV injection, OWASP). The rule applied: a text
value that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written behind a single
quote in CSV, and as a string cell (never a formula) in XLSX. Numbers are never touched: a negative
amount is a number, not text.
"""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value):
    """``value`` for a CSV cell: text that a spreadsheet would evaluate gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def xlsx_text(ws) -> None:
    """Make every text cell of an openpyxl sheet a string cell: openpyxl turns a str that begins with
    ``=`` into a formula. Other text is stored as a string already, which Excel shows and never runs."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"


def xlsx_book(wb) -> None:
    """:func:`xlsx_text` on every sheet of a workbook about to be saved."""
    for ws in wb.worksheets:
        xlsx_text(ws)
