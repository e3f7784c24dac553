"""Figures read by OCR: how sure the recognizer was of each, the cells it could not read, and the
tables they are in.

A misread digit in a scanned table breaks the table's identities (合计 = Σ parts, 类 = Σ 款) just as a
mistake of the document would. Every figure whose least certain digit the recognizer gave less than
:data:`THRESHOLD` is listed with its place and table, and so is every cell of a column of figures that
holds ink read as nothing, or as a figure with a digit lost ("758,48"). A check that fails by what one
misread digit would make, or that a cell left unread beside it could make, reports 警告 "OCR 可能误读"
instead of 错误 (:func:`misreading`, called by :func:`yusuan.rules.engine.run`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from yusuan.model import OcrFigure, OcrReading, Source, Table
from yusuan.read.grid import RawDocument
from yusuan.recognize.cells import has_cjk, is_money

# The recognizer's probability for a digit it read right is above 0.97 on the rasterized test pages
# (docs/ocr.md); the digits it misread fell below this.
THRESHOLD = 0.9

_COLUMN = re.compile(r"C\d+$")
_CELL = re.compile(r"R\d+C\d+$")
_CODE = re.compile(r"\d{3,7}")  # a 科目编码: 类, 款 or 项
_FIGURE_LIKE = re.compile(r"^[-−]?[\d,，.:：;；]*\d[\d,，.:：;；]*$")  # a colon: a stop or comma misread


def _grid_key(source) -> tuple:
    """The ruled grid a cell is in: its file, page and the grid's prefix ("表2 ") on the page."""
    return (source.file, source.page, _CELL.sub("", source.cell or ""))


def row_key(source) -> tuple | None:
    """The table row a cell is in (file, page, the cell reference without its column), or None."""
    if source.page is None or not source.cell:
        return None
    return (source.file, source.page, _COLUMN.sub("", source.cell))


def _unread(raw: RawDocument) -> list:
    """Cells of scanned tables where a figure was printed and none was taken: ink the recognizer read
    as nothing, in a column that holds figures in other rows, or a figure read with a digit lost or
    a separator out of place ("758,48"), which no table takes as a number; and the 科目编码 of a row
    whose name was read as nothing (a code and figures, no name), which no table takes as a row."""
    scanned = set(raw.scanned_pages)
    figures_in: dict[tuple, set[int]] = {}  # (file, block) → columns holding a figure in some row
    rows = [ln for ln in raw.lines if ln.is_row and ln.cells and ln.cells[0].page in scanned]
    for ln in rows:
        cols = figures_in.setdefault((ln.cells[0].file, ln.block), set())
        cols.update(k for k, c in enumerate(ln.cells) if is_money(c.text))
    out = []
    for ln in rows:
        for k, c in enumerate(ln.cells):
            if c.confidence is None:
                continue
            text = c.text.strip()
            if not text and c.confidence == 0.0 and k in figures_in[(ln.cells[0].file, ln.block)]:
                out.append(c)
            elif text and _FIGURE_LIKE.match(text) and not is_money(text):
                out.append(c)
        texts = [c.text.strip() for c in ln.cells]
        first = next((k for k, t in enumerate(texts) if t), None)
        if first is not None and _CODE.fullmatch(texts[first]) and ln.cells[first].confidence is not None \
                and any(is_money(t) for t in texts[first + 1:]) and not any(has_cjk(t) for t in texts):
            out.append(ln.cells[first])
    return out


def unread_text(f: OcrFigure) -> str:
    """What was left unread at ``f``'s cell, in the words of a report."""
    text = f.text.strip()
    if _CODE.fullmatch(text):
        return f"{f.source.cell} 编码“{text}”一行的名称没有识别出来，这一行没有读入表中"
    if text:
        return f"{f.source.cell}“{f.text}”不是完整的数字，没有读入"
    return f"{f.source.cell} 有字迹而没有识别出数字"


def read_as(f: OcrFigure, unread: bool) -> str:
    """What OCR made of ``f``'s cell, for a list of the figures in doubt beside the cell's picture."""
    return unread_text(f).removeprefix(f.source.cell or "").strip() if unread else f"“{f.text}”"


def _box(cell) -> list[float] | None:
    return None if cell.box is None else [round(v, 1) for v in cell.box]


def ocr_reading(raw: RawDocument, tables: list[Table]) -> OcrReading | None:
    """The pages read by OCR, the figures in doubt and the cells left unread, each with its table."""
    if not raw.scanned_pages:
        return None
    unread = _unread(raw)
    lost = {id(c) for c in unread}
    doubtful: list[OcrFigure] = []
    for line in raw.lines:
        for cell in line.cells:
            if cell.confidence is None or cell.confidence >= THRESHOLD or id(cell) in lost or not cell.text.strip():
                continue
            doubtful.append(OcrFigure(text=cell.text, confidence=round(cell.confidence, 3),
                                      source=Source(**cell.where()), box=_box(cell)))
    missing = [OcrFigure(text=c.text, confidence=round(c.confidence, 3), source=Source(**c.where()), box=_box(c))
               for c in unread]
    table_of: dict[tuple, str] = {}
    # A row the table left out (a misread figure can make its rows before the first figure read look
    # like heading rows) still belongs to the table printed in the same grid on its page.
    grid_of: dict[tuple, set[str]] = {}
    for t in tables:
        for r in t.rows:
            key = row_key(r.source)
            if key is not None:
                table_of.setdefault(key, t.id)
                grid_of.setdefault(_grid_key(r.source), set()).add(t.id)
    for f in (*doubtful, *missing):
        key = row_key(f.source)
        f.table = table_of.get(key) if key is not None else None
        if f.table is None and key is not None:
            grid = grid_of.get(_grid_key(f.source), set())
            f.table = next(iter(grid)) if len(grid) == 1 else None
    return OcrReading(pages=list(raw.scanned_pages), threshold=THRESHOLD, doubtful=doubtful,
                      unread=[f for f in missing if f.table is not None])


# --- findings that a misreading explains ------------------------------------------------------------


def _digits(value: Decimal, places: int) -> str:
    return f"{abs(value):.{places}f}".replace(".", "").lstrip("0")


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by at most one character changed, added or dropped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1:] == a for i in range(len(b)))


def _one_digit_off(text: str, difference: Decimal) -> bool:
    """The figure printed as ``text`` could be the true one read with one digit wrong, lost or added:
    the figure moved by the difference (either way) is one digit away from it as read."""
    t = text.replace(",", "").replace("，", "").replace("−", "-").strip()
    try:
        value = Decimal(t)
    except InvalidOperation:
        return False
    places = max(0, -value.as_tuple().exponent)
    read = _digits(value, places)
    return any(_one_edit(read, _digits(value + s * difference, places)) for s in (1, -1))


def _cell_place(cell: str | None) -> tuple[str, str] | None:
    m = re.fullmatch(r"(R\d+)(C\d+)", cell or "")
    return (m.group(1), m.group(2)) if m else None


def _plain(text: str) -> str:
    return re.sub(r"[,，\s]", "", text)


class Misreadings:
    """What the OCR of a document may have got wrong, to tell a finding it may explain from one that is
    the document's own (see :meth:`explain`)."""

    def __init__(self, reading: OcrReading, tables: list[Table]) -> None:
        self.doubtful: dict[str | None, list[OcrFigure]] = {}
        self.unread: dict[str | None, list[OcrFigure]] = {}
        for f in reading.doubtful:
            self.doubtful.setdefault(f.table, []).append(f)
        for f in reading.unread:
            self.unread.setdefault(f.table, []).append(f)
        self._tables = {t.id: t for t in tables}
        self._pages = set(reading.pages)

    def _row_values(self, f: OcrFigure) -> list[Decimal]:
        """The figures of the table row ``f`` is in."""
        t = self._tables.get(f.table or "")
        key = row_key(f.source)
        if t is None or key is None:
            return []
        return [v for r in t.rows if row_key(r.source) == key for v in r.values.values() if v is not None]

    def explain(self, tables: list[str], difference: Decimal | None, page: int | None, cell: str | None,
                message: str) -> str | None:
        """Where a finding on ``tables`` (its own first, then those it looked up) may come from a
        misreading rather than the document, or None.

        A cell left unread explains a difference found on its page of its own table (a part the
        total's check missed) or found by comparing with its table, and a finding without a difference
        in its own row. A figure the recognizer was unsure of explains a difference that one digit
        makes (a single significant digit: 1, 30, 0.05; or the figure moved by it is one digit changed,
        lost or added), or one that its row's figure makes (a code read in doubt leaves the row out of
        its parent's sum); without a difference, a finding about it (its text in the finding's row and
        message) or naming a figure of its row. A difference that a scanned row of the table holds
        exactly is that row left out of the sum by a misread numbering or code."""
        place = _cell_place(cell)
        for n, table in enumerate(tables):
            for f in self.unread.get(table, ()):
                at = _cell_place(f.source.cell)
                if difference is None and _CODE.fullmatch(f.text.strip()) and f.text.strip() in message:
                    # A row whose name was read as nothing, left out of its table: a finding that
                    # names its code (absent from this table, or its name against the catalog).
                    return f"第 {f.source.page} 页 {unread_text(f)}"
                if difference is None:
                    # Without a difference the finding is about its row (a code, a name): only a cell
                    # of that row can be its cause.
                    if n or place is None or at is None or f.source.page != page or at[0] != place[0]:
                        continue
                elif n == 0 and page is not None and f.source.page != page:
                    continue
                return f"第 {f.source.page} 页 {unread_text(f)}"
        candidates = sorted((f for t in tables for f in self.doubtful.get(t, ())), key=lambda f: f.confidence)
        said = _plain(message)
        for f in candidates:
            if difference is not None:
                if not difference:
                    return None
                if len(difference.copy_abs().normalize().as_tuple().digits) == 1 \
                        or _one_digit_off(f.text, difference) \
                        or any(v == abs(difference) for v in self._row_values(f)):
                    return self._why(f)
            else:
                at = _cell_place(f.source.cell)
                own = place is not None and at is not None and f.source.page == page and at[0] == place[0]
                if (own and _plain(f.text) in said) or any(_plain(f"{v}") in said for v in self._row_values(f) if v):
                    return self._why(f)
        if difference is None:
            # A row found in one table and missing from another that was read by OCR with figures in
            # doubt: a row the recognizer did not make out (its rules lost, its code misread) is the
            # likelier cause than the document.
            for t in tables[1:]:
                doubts = [*self.unread.get(t, ()), *self.doubtful.get(t, ())]
                if doubts and t in self._tables and any(r.source.page in self._pages for r in self._tables[t].rows):
                    f = min(doubts, key=lambda f: f.confidence)
                    return (f"{self._tables[t].title.strip()}有 {len(doubts)} 处识别把握不足（如{self._why(f)}），"
                            "其中的行可能没有识别出来")
        if difference and tables[0] in self._tables:
            # A scanned row holding exactly the difference: its numbering or code misread ("一、" lost,
            # "05" read "0.5") takes it out of the sum it belongs to.
            for r in self._tables[tables[0]].rows:
                if r.source.page in self._pages and abs(difference) in r.values.values():
                    return (f"第 {r.source.page} 页“{r.name}”一行的数字恰为差额，其编号或编码可能识别有误，"
                            "没有计入")
        return None

    @staticmethod
    def _why(f: OcrFigure) -> str:
        return f"第 {f.source.page} 页 {f.source.cell}“{f.text}”识别置信度 {f.confidence:.2f}"
