"""How much of a file the readers accept, in one place.

A departmental budget disclosure is a few hundred KB to a few MB: tens of pages, a few hundred table
rows, tables of a dozen columns. The limits below are far above that, and far below what exhausts a
machine, so that a damaged or hostile file (a zip bomb, a merge over a whole sheet, a span of a
hundred million columns) is refused with a message naming the file and the limit instead of hanging
or filling memory.
"""

from __future__ import annotations

MB = 1024 * 1024

# Any file: refused before it is read.
MAX_BYTES = 200 * MB

# Text files (.txt, .md): refused before decoding above this (a text disclosure is under 1 MB).
MAX_TEXT_BYTES = 32 * MB

# PDF: pages per document (a departmental disclosure has tens of pages).
MAX_PDF_PAGES = 1000

# DOCX / XLSX containers: the declared inflated size of all parts together, and the inflated/compressed
# ratio of one part above MIN_RATIO_CHECKED (XML compresses about 5 to 30 times; a bomb about 1000).
MAX_UNZIPPED = 256 * MB
MAX_RATIO = 100
MIN_RATIO_CHECKED = 8 * MB

# XLSX / XLS: per sheet, the rows and cells the file stores and the cells covered by merged ranges; the
# cells all sheets store. openpyxl holds each stored cell as an object (about 1 KB and 40 µs each, read),
# and makes one for every position a merged range covers.
MAX_SHEET_ROWS = 100_000
MAX_SHEET_CELLS = 200_000
MAX_WORKBOOK_CELLS = 500_000
MAX_MERGED_CELLS = 100_000

# DOCX and spreadsheets: the widest table read (a DOCX cell's gridSpan is cut at the table's grid, at
# most this wide), and the cells of one table read out (rows times the table's width).
MAX_TABLE_COLUMNS = 1000
MAX_TABLE_CELLS = 1_000_000


def count(n: int) -> str:
    """A count as a Chinese reader writes it: 1000000 as 1,000,000."""
    return f"{n:,}"
