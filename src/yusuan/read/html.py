"""Web pages (.html/.htm): many bodies publish their budget as a page of their site, the tables as HTML
tables and the explanation as paragraphs around them.

The page is read in document order: each ``<table>`` becomes rows of cells on its own grid (a cell
spanning columns or rows holds its text at the position it starts and "" at every other position it
covers, as in DOCX), every other block of text becomes paragraphs, one per line it shows. A table that
holds tables lays the page out: its cells are read as blocks. Scripts,
styles and the page's navigation chrome (``<nav>``, ``<header>``, ``<footer>``) are not read.
"""

from __future__ import annotations

import re
from pathlib import Path

from yusuan.errors import UnreadableDocument
from yusuan.read.grid import Cell, RawDocument
from yusuan.read.limits import MAX_TABLE_CELLS, MAX_TABLE_COLUMNS, MAX_TEXT_BYTES, MB
from yusuan.read.text import decode

# Elements whose text starts and ends a paragraph of its own.
_BLOCKS = frozenset(("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre",
                     "section", "article", "center", "caption", "title", "tr", "ul", "ol", "dl", "form"))
_SKIP = frozenset(("script", "style", "noscript", "nav", "header", "footer", "head", "template", "iframe"))
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


def read_html(path: Path) -> RawDocument:
    import lxml.etree
    import lxml.html

    source = str(path)
    data = path.read_bytes()
    if len(data) > MAX_TEXT_BYTES:
        raise UnreadableDocument(f"网页文件过大（{len(data) // MB} MB，上限 {MAX_TEXT_BYTES // MB} MB）", source=source)
    text = _decode(data, source)
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise UnreadableDocument(f"网页无法解析（{exc}）", source=source) from exc
    doc = RawDocument(source=source, format="html")
    _Walker(doc, source).walk(root.body if root.find("body") is not None else root)
    return doc


def _decode(data: bytes, source: str) -> str:
    """The page's text: by its declared charset where it names one Python knows, else as a text file."""
    m = _CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii").lower()
        name = "gb18030" if name in ("gb2312", "gbk", "gb_2312-80") else name
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, source)


class _Walker:
    def __init__(self, doc: RawDocument, source: str) -> None:
        self.doc = doc
        self.source = source
        self.buf: list[str] = []
        self.line: int | None = None
        self.tables = 0

    def walk(self, el) -> None:
        self._element(el)
        self._flush()

    def _element(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP:
            return
        if tag == "table" and next(el.iterdescendants("table"), None) is None:
            self._flush()
            self._table(el)
            return
        # A table holding tables lays out the page (older sites put the whole page in one): its cells are
        # read as blocks, the tables inside them as tables.
        if tag in ("table", "td", "th"):
            tag = "div"
        block = tag in _BLOCKS
        if block:
            self._flush()
        if tag == "br":
            self.buf.append("\n")
        if el.text and tag:
            self._text(el.text, el.sourceline)
        for child in el:
            self._element(child)
            if child.tail:
                self._text(child.tail, child.sourceline)
        if block:
            self._flush()

    def _text(self, text: str, line: int | None) -> None:
        if self.line is None and text.strip():
            self.line = line
        self.buf.append(text.replace("\n", " "))

    def _flush(self) -> None:
        text, line = "".join(self.buf), self.line
        self.buf, self.line = [], None
        for part in text.split("\n"):
            part = _SPACES.sub(" ", part).strip()
            if part:
                self.doc.add_paragraph(part, line=line)

    def _table(self, tbl) -> None:
        rows = [tr for tr in tbl.iter("tr") if _owner(tr) is tbl]
        if not rows:
            return
        self.tables += 1
        k = self.tables
        grid: list[list[str | None]] = []
        for r, tr in enumerate(rows):
            while len(grid) <= r:
                grid.append([])
            row = grid[r]
            c = 0
            for cell in tr:
                if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                    continue
                while c < len(row) and row[c] is not None:
                    c += 1  # covered by a cell spanning down from a row above
                across = _span(cell, "colspan")
                down = min(_span(cell, "rowspan"), len(rows) - r)  # a span past the last row ends there
                if c + across > MAX_TABLE_COLUMNS:
                    raise UnreadableDocument(f"网页中的表格超过 {MAX_TABLE_COLUMNS} 栏", source=self.source,
                                             place=f"第 {k} 张表第 {r + 1} 行")
                for dr in range(down):
                    while len(grid) <= r + dr:
                        grid.append([])
                    target = grid[r + dr]
                    while len(target) < c + across:
                        target.append(None)
                    for dc in range(across):
                        target[c + dc] = _cell_text(cell) if dr == 0 and dc == 0 else ""
                c += across
        width = max(len(row) for row in grid)
        if width * len(grid) > MAX_TABLE_CELLS:
            raise UnreadableDocument(f"网页中的表格超过 {MAX_TABLE_CELLS} 个单元格", source=self.source,
                                     place=f"第 {k} 张表")
        for r, row in enumerate(grid):
            texts = [t or "" for t in row] + [""] * (width - len(row))
            if not any(t.strip() for t in texts):
                continue
            line = rows[r].sourceline if r < len(rows) else None
            cells = [Cell(t, c, line=line, ref=f"表{k} R{r + 1}C{c + 1}") for c, t in enumerate(texts)]
            self.doc.add_row(cells, block=k)


def _owner(tr):
    """The table a row belongs to (a table nested in a cell keeps its rows)."""
    el = tr.getparent()
    while el is not None and el.tag != "table":
        el = el.getparent()
    return el


def _span(cell, name: str) -> int:
    try:
        return max(1, int(str(cell.get(name, "1")).strip() or 1))
    except ValueError:
        return 1


def _cell_text(cell) -> str:
    parts: list[str] = []
    for node in cell.iter():
        if node is not cell and node.tag == "br":
            parts.append(" ")
        if node.text and node.tag not in ("script", "style"):
            parts.append(node.text)
        if node is not cell and node.tail:
            parts.append(node.tail)
    return _SPACES.sub(" ", "".join(parts).replace("\n", " ")).strip()
