"""Figures read by OCR: how sure the recognizer was of each, the cells it could not read, and the
tables they are in.

A misread digit in a scanned table breaks the table's identities (合计 = Σ parts, 类 = Σ 款) just as a
mistake of the document would. Every figure whose least certain digit the recognizer gave less than
:data:`THRESHOLD` is listed with its place and table, and so is every cell of a column of figures that
holds ink read as nothing, or as a figure with a digit lost ("758,48"). A check that fails by what one
misread digit would make, or that a cell left unread beside it could make, reports 警告 "OCR 可能误读"
instead of 错误 (:class:`Misreadings`, asked by :func:`yusuan.rules.engine.run`). So does one that one or
two misread digits of any figure of a scanned table would make, however sure the recognizer was of
them, and a code missing where a scanned row of its name was read without one: a real mistake the
reading cannot explain stays an error, one it can is still reported, as a warning.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from yusuan.model import OcrFigure, OcrReading, Source, Table
from yusuan.read.grid import RawDocument
from yusuan.recognize.cells import has_cjk, is_money, key
from yusuan.rules.rounding import own_half

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


def _few_digits_off(value: Decimal, difference: Decimal) -> bool:
    """``value`` as read could be the true figure with one or two of its digits misread: moved by the
    difference (either way) it keeps its number of digits and differs in at most two of them, or it
    is one digit away (lost or added)."""
    places = max(0, -value.as_tuple().exponent, -difference.as_tuple().exponent)
    read = _digits(value, places)
    for s in (1, -1):
        other = _digits(value + s * difference, places)
        if _one_edit(read, other) or (len(read) == len(other) and sum(x != y for x, y in zip(read, other)) <= 2):
            return True
    return False


def _cell_place(cell: str | None) -> tuple[str, str] | None:
    m = re.fullmatch(r"(R\d+)(C\d+)", cell or "")
    return (m.group(1), m.group(2)) if m else None


_CODES_SAID = re.compile(r"(?<!\d)(\d{3}|\d{5}|\d{7})(?!\d)")  # a 科目编码 a finding's message names


def _label(row) -> str:
    return f"{row.code} {row.name}" if row.code else row.name


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
            # A scanned row holding the difference: its numbering or code misread ("一、" lost, "05" read
            # "0.5") takes it out of the sum it belongs to. Holding it up to the rounding a sum of the
            # table's rows may carry (half a unit of the last place for each row): the document's own
            # parts may add up to a cent more or less than its total, which its rules allow.
            rows = self._tables[tables[0]].rows
            scanned = [r for r in rows if r.source.page in self._pages]
            wanted = abs(difference)
            for r in scanned:
                if wanted in r.values.values():
                    return (f"第 {r.source.page} 页“{r.name}”一行的数字恰为差额，其编号或编码可能识别有误，"
                            "没有计入")
            for r in scanned:
                for v in r.values.values():
                    if v and abs(v - wanted) <= own_half(v) * len(rows):
                        return (f"第 {r.source.page} 页“{r.name}”一行的数字 {v} 与差额只差 {abs(v - wanted)}"
                                "（舍入），其编号或编码可能识别有误，没有计入")
        return self._surely_read(tables, difference, page, cell, message)

    def _scanned_rows(self, tables: list[str], page: int | None, cell: str | None, message: str) -> list:
        """The rows of ``tables`` read by OCR: the finding's own row first (of the two sides of a
        收支总表's line, the one the finding names), then its table's, then the tables it looked up."""
        own = (page, _COLUMN.sub("", cell)) if cell else None
        rows = [r for t in tables if t in self._tables for r in self._tables[t].rows if r.source.page in self._pages]
        return sorted(rows, key=lambda r: ((r.source.page, _COLUMN.sub("", r.source.cell or "")) != own,
                                           key(r.name) not in message))

    def _surely_read(self, tables: list[str], difference: Decimal | None, page: int | None, cell: str | None,
                     message: str) -> str | None:
        """A finding that a figure or code read by OCR explains however sure the recognizer was of it: a
        recognizer can read a digit or two wrong with high probability (a speck, a broken stroke), and a
        difference that the misreading of one or two digits of a scanned figure makes is no more the
        document's than the reading's. A difference no figure of the scanned rows makes with two digits
        misread (224.64 against 1,000.00), or a figure that is on no scanned page, is not explained."""
        if difference == 0:
            return None
        rows = self._scanned_rows(tables, page, cell, message)
        if difference is not None:
            for r in rows:
                for v in r.values.values():
                    if v is not None and v != 0 and _few_digits_off(v, difference):
                        return (f"第 {r.source.page} 页“{_label(r)}”一行的 {v} 由 OCR 识别，"
                                f"误读其中一两位数字即有 {abs(difference)} 的差额")
            return None
        # Without a difference: a row one table has and another lacks (the code the finding names). A code
        # not read at all leaves a scanned row of the same name without one, which no table matches by
        # code. (A code misread under its name is no row missing: the cross-table rules take a row of
        # the same name under another code for a misprinted code, and the K rules report that.)
        codes = {t: {r.code for r in self._tables[t].rows if r.code} for t in tables if t in self._tables}
        for code in dict.fromkeys(_CODES_SAID.findall(message)):
            for t in codes:
                if code in codes[t] or len(codes[t]) < 3:
                    continue
                for r in self._tables[t].rows:
                    if r.code is None and r.source.page in self._pages and len(key(r.name)) >= 4 \
                            and f"{code}{key(r.name)}" in key(message):
                        return f"第 {r.source.page} 页“{r.name}”一行的编码没有识别出来，这一行没有按编码对上"
        return None

    @staticmethod
    def _why(f: OcrFigure) -> str:
        return f"第 {f.source.page} 页 {f.source.cell}“{f.text}”识别置信度 {f.confidence:.2f}"
