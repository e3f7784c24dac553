"""Text from a document written into CSV and XLSX exports so that a spreadsheet never runs it.

A hostile document can hold a cell such as ``=HYPERLINK("http://…")`` or ``@SUM(…)``; written as is, the
reviewer who opens the export in Excel or WPS runs it (CSV injection, OWASP). The rule applied: a text
value that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written behind a single
quote in CSV, and as a string cell (never a formula) in XLSX. Numbers are never touched: a negative
amount is a number, not text.

An XLSX cell cannot hold the control characters XML 1.0 forbids (a NUL from a damaged file; openpyxl
raises on them): they are written as U+FFFD, so the reviewer sees that something was there.
"""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_cell(value):
    """``value`` as an XLSX cell can hold it: text without the control characters XML forbids."""
    if isinstance(value, str) and _NOT_IN_XML.search(value):
        return _NOT_IN_XML.sub("\ufffd", value)
    return value


def xlsx_row(values) -> list:
    return [xlsx_cell(v) for v in values]


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
