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


# Readers run by `yusuan ingest` and `yusuan serve` each read one document in a process of their own, so
# that a file no limit above foresaw cannot take the server or the run down with it: the process may use
# this much address space (a reader process with its libraries loaded takes under 100 MB; the largest
# real disclosures of tests/data peak at about 80 MB, the hostile files of bench/hostile.py at 220 MB)
# and this much time per document (real ones take a few seconds); past either it is stopped and the
# document is recorded as unreadable. Changed with --reader-memory-mb and --reader-seconds.
READER_MEMORY_MB = 1024
READER_SECONDS = 120

# `yusuan serve`: uploads waiting for a reader beyond the ones being read; more are refused (503) so
# that a flood of uploads queues in bounded memory.
MAX_WAITING_UPLOADS = 100
