"""Neutral, format-independent view of a document: a stream of lines of cells.

Every reader (text, DOCX, XLSX, PDF) produces the same shape so that recognition
never needs to know where a document came from. A *line* is either a paragraph
(one cell, ``is_row`` false) or a table row (``is_row`` true). Rows of the same
physical table share a ``block`` number; recognition uses it only as a hint,
because page-split tables arrive as several blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter


@dataclass(slots=True)
class Cell:
    text: str
    col: int
    line: int | None = None  # 1-based line in a text file (first line of the cell)
    page: int | None = None  # 1-based page (PDF) or sheet index (XLSX)
    ref: str | None = None  # spreadsheet reference like "C12", or "表3 R4C2" for DOCX
    file: str | None = None  # set only where one disclosure is read from several files
    confidence: float | None = None  # OCR: the recognizer's lowest probability among the cell's digits
    box: tuple[float, float, float, float] | None = None  # OCR: the cell on its page (x0, top, x1, bottom), points

    def where(self) -> dict:
        out: dict = {}
        if self.file is not None:
            out["file"] = self.file
        if self.page is not None:
            out["page"] = self.page
        if self.line is not None:
            out["line"] = self.line
        if self.ref is not None:
            out["cell"] = self.ref
        return out


_TEXT_OF = attrgetter("text")


@dataclass(slots=True)
class Line:
    cells: list[Cell]
    is_row: bool
    block: int = 0
    sheet: str | None = None
    # A full-width grid row whose trailing empty cells the reader dropped (tab-separated text pads
    # merged cells but ends a row at its last filled cell): padding it back restores the grid.
    short_tail: bool = False
    # The cells' texts and the line's text, taken once: recognition asks for them many times per line, and
    # a line's cells are complete when it is added to the document (no reader changes a cell's text afterwards).
    _texts: tuple[str, ...] | None = field(default=None, init=False, compare=False, repr=False)
    _text: str | None = field(default=None, init=False, compare=False, repr=False)
    _filled: tuple[str, ...] | None = field(default=None, init=False, compare=False, repr=False)

    @property
    def texts(self) -> list[str]:
        if self._texts is None:
            self._texts = tuple(map(_TEXT_OF, self.cells))
        return list(self._texts)

    @property
    def filled(self) -> tuple[str, ...]:
        """The texts of the cells that are not blank, as printed."""
        if self._filled is None:
            if self._texts is None:
                self._texts = tuple(map(_TEXT_OF, self.cells))
            self._filled = tuple(filter(str.strip, self._texts))
        return self._filled

    @property
    def text(self) -> str:
        if self._text is None:
            if self._texts is None:
                self._texts = tuple(map(_TEXT_OF, self.cells))
            self._text = " ".join(filter(None, self._texts))
        return self._text

    @property
    def first(self) -> Cell:
        return self.cells[0]

    def where(self) -> dict:
        return self.cells[0].where() if self.cells else {}


@dataclass(slots=True)
class PageNote:
    """Something about a PDF page as a reader sees it, not in its text: ``blank`` (nothing on it),
    ``empty_frame`` (ruling lines and no text), ``outside_text`` (text in the text layer placed outside
    the visible page box, and shown on no page). ``text`` is that text, for outside_text."""

    page: int
    kind: str
    text: str = ""
    file: str | None = None


@dataclass(slots=True)
class RawDocument:
    source: str
    format: str  # "text", "docx", "xlsx", "xls", "pdf", "html"
    lines: list[Line] = field(default_factory=list)
    page_notes: list[PageNote] = field(default_factory=list)  # PDF only
    scanned_pages: list[int] = field(default_factory=list)  # PDF pages read by OCR

    def add_paragraph(self, text: str, *, line: int | None = None, page: int | None = None,
                      ref: str | None = None) -> None:
        self.lines.append(Line([Cell(text, 0, line, page, ref)], is_row=False))

    def add_row(self, cells: list[Cell], block: int, sheet: str | None = None, short_tail: bool = False) -> None:
        self.lines.append(Line(cells, is_row=True, block=block, sheet=sheet, short_tail=short_tail))
