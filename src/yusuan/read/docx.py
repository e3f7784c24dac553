"""Word documents (.docx): body paragraphs and tables, in document order.

Tables are read from the XML grid rather than through python-docx's cell
objects, because a merged cell must be emitted once: its text at the first grid
position it covers and "" at every other position, across (``w:gridSpan``) and
down (``w:vMerge``). Every row of a table therefore has one cell per grid
column, like the tab-separated text export of the same document, and columns
keep their positions for recognition.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from yusuan.errors import UnreadableDocument
from yusuan.read.grid import Cell, RawDocument
from yusuan.read.limits import MAX_TABLE_CELLS, MAX_TABLE_COLUMNS, count
from yusuan.read.ooxml import WORD, holds, zip_names

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT, _CUSTOM_XML = (
    f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml")
_VAL = f"{_W}val"


def read_docx(path: Path) -> RawDocument:
    source = str(path)
    if not holds(zip_names(Path(path), source), WORD):
        raise UnreadableDocument("这不是 Word 文档（压缩包里没有 Word 文档内容）", source=source)
    body = _open_body(Path(path), source)
    doc = RawDocument(source=source, format="docx")
    counters = {"paragraph": 0, "table": 0}
    for child in _block_items(body):
        if child.tag == _P:
            counters["paragraph"] += 1
            text = _clean(_paragraph_text(child))
            if text:
                doc.add_paragraph(text, ref=f"段落{counters['paragraph']}")
        elif child.tag == _TBL:
            counters["table"] += 1
            t = counters["table"]
            try:
                grid = _table_grid(child)
            except UnreadableDocument as exc:  # a limit passed: named with the file and the table
                raise UnreadableDocument(exc.message, source=source, place=f"表{t}") from None
            for r, texts in enumerate(grid, start=1):
                cells = [Cell(text, c, ref=f"表{t}第{r}行第{c + 1}列") for c, text in enumerate(texts)]
                doc.add_row(cells, block=t)
    return doc


def _open_body(path: Path, source: str):
    import docx

    try:
        return docx.Document(str(path)).element.body
    except ValueError as exc:
        # python-docx refuses macro-enabled documents and templates (.docm, .dotx) by content type,
        # though their body is the same WordprocessingML.
        if "content type" not in str(exc):
            raise UnreadableDocument("DOCX 文件已损坏或不完整，无法打开（文档内容无法解析）", source=source) from exc
        body = _main_part_body(path)
        if body is None:
            raise UnreadableDocument("DOCX 文件已损坏或不完整，无法打开（文档内容无法解析）", source=source) from exc
        return body
    except Exception as exc:  # noqa: BLE001 - any parser failure means the same thing to the user
        raise UnreadableDocument("DOCX 文件已损坏或不完整，无法打开（文档内容无法解析）", source=source) from exc


def _main_part_body(path: Path):
    import posixpath

    from docx.oxml.parser import parse_xml

    rel_ns = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    try:
        with zipfile.ZipFile(path) as zf:
            rels = parse_xml(zf.read("_rels/.rels"))
            target = next((r.get("Target") for r in rels.iter(f"{rel_ns}Relationship")
                           if r.get("Type", "").endswith("/officeDocument")), None)
            if not target:
                return None
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(target)
            root = parse_xml(zf.read(part))
    except Exception:  # noqa: BLE001 - the caller reports the file as unreadable
        return None
    return root.find(f"{_W}body")


def _children(parent, tags: tuple[str, ...]):
    """Children with these tags in order, looking inside content controls (where Word puts a TOC) and custom XML."""
    for child in parent.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tags)
        elif child.tag == _CUSTOM_XML:
            yield from _children(child, tags)


def _block_items(parent):
    """Paragraphs and tables in reading order."""
    return _children(parent, (_P, _TBL))


def _clean(text: str) -> str:
    lines = [ln.replace("\u3000", " ").strip() for ln in text.replace("\r", "\n").split("\n")]
    return "\n".join(ln for ln in lines if ln).strip()


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {_MC_FALLBACK, f"{_W}del", f"{_W}moveFrom", f"{_W}instrText", f"{_W}delText"}


def _paragraph_text(p) -> str:
    parts: list[str] = []
    _collect(p, parts)
    return "".join(parts)


def _collect(el, parts: list[str]) -> None:
    # Drawings carry their text box twice (mc:Choice and mc:Fallback) and revisions carry deleted
    # text: only what the page shows is collected.
    for child in el.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif tag == _P:
            if parts and not parts[-1].endswith("\n"):
                parts.append("\n")
            _collect(child, parts)
        else:
            _collect(child, parts)


def _cell_text(tc) -> str:
    """A cell's paragraphs one per line; a nested table contributes its rows, cells joined by spaces."""
    lines: list[str] = []
    for child in _block_items(tc):
        if child.tag == _P:
            lines.append(_paragraph_text(child))
        else:
            for texts in _table_grid(child):
                lines.append(" ".join(t for t in texts if t))
    return _clean("\n".join(lines))


def _int_attr(el, tag: str, default: int) -> int:
    found = el.find(tag) if el is not None else None
    if found is None:
        return default
    try:
        return int(found.get(_VAL, default))
    except ValueError:
        return default


def _row_cells(tr):
    for child in tr.iterchildren():
        if child.tag == _TC:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from (tc for tc in content.iterchildren() if tc.tag == _TC)
        elif child.tag == _CUSTOM_XML:
            yield from _row_cells(child)


def _table_rows(tbl):
    return _children(tbl, (_TR,))


def _table_grid(tbl) -> list[list[str]]:
    """The table as a rectangle of texts, each merged cell's text at its first grid position only.

    A span (gridSpan, gridBefore, gridAfter) is cut where it would run past the table's grid (its
    tblGrid columns, or :data:`MAX_TABLE_COLUMNS` without one): a damaged or hostile file may declare
    a span of a hundred million columns, which would fill memory."""
    grid = tbl.find(f"{_W}tblGrid")
    grid_cols = len(grid.findall(f"{_W}gridCol")) if grid is not None else 0
    limit = min(grid_cols, MAX_TABLE_COLUMNS) if grid_cols else MAX_TABLE_COLUMNS

    def pad(texts: list[str], n: int) -> None:
        texts.extend([""] * max(0, min(n, limit - len(texts))))

    rows: list[list[str]] = []
    for tr in _table_rows(tbl):
        tr_pr = tr.find(f"{_W}trPr")
        texts: list[str] = []
        pad(texts, _int_attr(tr_pr, f"{_W}gridBefore", 0))
        for tc in _row_cells(tr):
            tc_pr = tc.find(f"{_W}tcPr")
            span = max(1, _int_attr(tc_pr, f"{_W}gridSpan", 1))
            vmerge = tc_pr.find(f"{_W}vMerge") if tc_pr is not None else None
            # A vMerge without val="restart" continues the cell above: its content is already out.
            continued = vmerge is not None and vmerge.get(_VAL, "continue") != "restart"
            texts.append("" if continued else _cell_text(tc))
            pad(texts, span - 1)
        pad(texts, _int_attr(tr_pr, f"{_W}gridAfter", 0))
        rows.append(texts)
    width = max([len(r) for r in rows] + [min(grid_cols, MAX_TABLE_COLUMNS)])
    if width > MAX_TABLE_COLUMNS or width * len(rows) > MAX_TABLE_CELLS:
        raise UnreadableDocument(f"表格过大（{count(len(rows))} 行 × {count(width)} 列，上限 "
                                 f"{count(MAX_TABLE_COLUMNS)} 列、{count(MAX_TABLE_CELLS)} 个格子），拒绝读取")
    for texts in rows:
        texts.extend([""] * (width - len(texts)))
    return rows
