"""Figures read by OCR: how sure the recognizer was of each, and the tables whose figures it doubts.

A misread digit in a scanned table breaks the table's identities (合计 = Σ parts, 类 = Σ 款) just as a
mistake of the document would. A table holding a figure whose least certain digit the recognizer gave
less than :data:`THRESHOLD` is marked ``doubtful`` with that figure named, so that every check resting
on it reports 警告 "OCR 可能误读" instead of 错误 (see :func:`yusuan.rules.engine.run`).
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
    """The pages read by OCR and the figures in doubt; the tables holding them marked doubtful."""
    if not raw.scanned_pages:
        return None
    doubtful: list[OcrFigure] = []
    by_row: dict[tuple, list[OcrFigure]] = {}
    for line in raw.lines:
        for cell in line.cells:
            if cell.confidence is None or cell.confidence >= THRESHOLD:
                continue
            figure = OcrFigure(text=cell.text, confidence=round(cell.confidence, 3), source=Source(**cell.where()))
            doubtful.append(figure)
            key = _row_key(figure.source)
            if key is not None:
                by_row.setdefault(key, []).append(figure)
    for t in tables:
        figures = [f for r in t.rows for f in by_row.get(_row_key(r.source), ())]
        if not figures:
            continue
        seen = {}
        for f in figures:
            seen.setdefault((f.source.page, f.source.cell), f)
        named = "，".join(f"第 {f.source.page} 页 {f.source.cell}“{f.text}”（置信度 {f.confidence:.2f}）"
                         for f in list(seen.values())[:3])
        more = f"等 {len(seen)} 处" if len(seen) > 3 else ""
        t.doubts.append(f"OCR 可能误读：扫描件中 {named}{more}的数字识别把握不足")
        t.reading = "doubtful"
    return OcrReading(pages=list(raw.scanned_pages), threshold=THRESHOLD, doubtful=doubtful)
