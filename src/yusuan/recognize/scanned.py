"""Figures read by OCR: how sure the recognizer was of each, and the tables they are in.

A misread digit in a scanned table breaks the table's identities (合计 = Σ parts, 类 = Σ 款) just as a
mistake of the document would. Every figure whose least certain digit the recognizer gave less than
:data:`THRESHOLD` is listed with its place and table; a check that fails by what one misread digit
would make, on a table holding such a figure, reports 警告 "OCR 可能误读" instead of 错误 (see
:func:`yusuan.rules.engine.run`).
"""

from __future__ import annotations

import re

from yusuan.model import OcrFigure, OcrReading, Source, Table
from yusuan.read.grid import RawDocument

# The recognizer's probability for a digit it read right is above 0.97 on the rasterized test pages
# (docs/ocr.md); the digits it misread fell below this.
THRESHOLD = 0.9

_COLUMN = re.compile(r"C\d+$")


def _row_key(source) -> tuple | None:
    if source.page is None or not source.cell:
        return None
    return (source.file, source.page, _COLUMN.sub("", source.cell))


def ocr_reading(raw: RawDocument, tables: list[Table]) -> OcrReading | None:
    """The pages read by OCR and the figures in doubt, each with the table it is in."""
    if not raw.scanned_pages:
        return None
    doubtful: list[OcrFigure] = []
    for line in raw.lines:
        for cell in line.cells:
            if cell.confidence is None or cell.confidence >= THRESHOLD:
                continue
            doubtful.append(OcrFigure(text=cell.text, confidence=round(cell.confidence, 3),
                                      source=Source(**cell.where())))
    table_of: dict[tuple, str] = {}
    for t in tables:
        for r in t.rows:
            key = _row_key(r.source)
            if key is not None:
                table_of.setdefault(key, t.id)
    for f in doubtful:
        key = _row_key(f.source)
        f.table = table_of.get(key) if key is not None else None
    return OcrReading(pages=list(raw.scanned_pages), threshold=THRESHOLD, doubtful=doubtful)
