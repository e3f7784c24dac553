"""PDF files with a text layer: ruled tables become rows, the rest paragraphs, in page order.

Each page's characters and ruling lines are read once — through PDFium where its characters are
pdfminer's, else by pdfminer (``page.chars``), see :mod:`yusuan.read.pdfium` — and everything else
is computed from them. pdfplumber's table finder supplies only the *geometry* of ruled
tables (cell rectangles, with ``None`` where a merged cell covers a grid
position); characters are then placed into cells by their centre through a grid
index. Placing characters ourselves instead of calling ``Table.extract`` keeps
the cost at one pass over the characters and keeps every character: text that
falls outside every cell (a row whose rules are missing, a note inside the
table's frame) is never dropped, it becomes a paragraph at its position. A grid
row that holds several printed rows because a rule between them is missing is
split again wherever its amounts stack up as separate lines.

Outside tables, characters are grouped into lines; a line continues into the
next one when it runs to the right margin and the next line is not indented, so
a sentence wrapped by the layout, even over a page break, arrives whole
(narrative figures are read per sentence). Pieces of one line separated by a
wide gap ("编制部门：… 单位：元") are separate paragraphs, as they are separate
text boxes in the source. Running headers and footers are dropped, because they
would cut a table that runs over a page break.

A page that is only a picture (a scan), or whose text layer is garbage, is read by OCR where the
``ocr`` extra is installed (:mod:`yusuan.read.scan`): the glyphs and rules found in its picture go
through the same page reading as a text layer's. Without the extra, a scanned page inside a text
document yields nothing, and a document without any text layer is refused as needing OCR.
"""

from __future__ import annotations

import logging
import re
import warnings
from bisect import bisect_left, bisect_right
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from operator import attrgetter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from yusuan.errors import UnreadableDocument
from yusuan.read.grid import Cell, PageNote, RawDocument
from yusuan.read.limits import MAX_PDF_PAGES
from yusuan.read.limits import count as limit_count
from yusuan.recognize.cells import is_meta
from yusuan.recognize.titles import match_title

_AMOUNT_IN_LINE = re.compile(r"\d[\d,]*\.\d{2}(?!\d)")
_MONEY_LINE = re.compile(r"^[-−]?\(?[-−]?\d{1,3}(,\d{3})*(\.\d+)?\)?$|^[-−]?\d+(\.\d+)?$")
_HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、]|第[一二三四五六七八九十]+)")
_SENTENCE_END = ("。", "；", "：", ":", ";", "！", "？")

_CORRUPT = "PDF 文件已损坏或不完整，无法读取"
_NO_TEXT = "该 PDF 没有文字层（可能是扫描件），需要OCR后才能读取"
_NO_TEXT_SCANNED = "该 PDF 没有文字层（可能是扫描件），OCR 也没有识别出文字"


def _install_hint() -> str:
    from yusuan.read.scan import INSTALL

    return INSTALL


class _Char(NamedTuple):
    """One character of the page (a tuple: made by the ten thousand, see ``_read_page``)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    conf: float | None = None  # the recognizer's probability, for a character read by OCR

    @property
    def xm(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def ym(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class _TextLine:
    chars: list[_Char]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class _Table:
    top: float
    rows: list[list[str | None]]  # grid text; None where a merged cell covers the position
    prefix: str = ""  # "表2 " for the second table of a page, so that a cell reference is unique
    conf: list[list[float | None]] = field(default_factory=list)  # OCR confidence of each cell's digits
    boxes: list[list[tuple | None]] = field(default_factory=list)  # OCR: each cell's region on the page


@dataclass
class _Page:
    no: int
    width: float
    height: float
    items: list[tuple[float, object]] = field(default_factory=list)  # (top, _TextLine | _Table)
    ruled: bool = False  # ruling lines or rectangles drawn on the page
    pictured: bool = False  # an image on the page (a scanned seal, a chart): content without text
    visible_text: str = ""  # the page's text inside its box, spaces dropped
    outside: list[str] = field(default_factory=list)  # lines of text placed wholly outside the box
    scanned: bool = False  # read by OCR
    # The pictures' boxes (x0, top, x1, bottom) where PDFium read the page; None: pdfminer's page.images
    # (whose parse of the page, fonts and all, costs more than PDFium's whole reading of it).
    pictures: list[tuple] | None = None


def read_pdf(path: Path) -> RawDocument:
    with _quiet():
        return _read_pdf(path)


@contextmanager
def _quiet():
    """pdfminer logs a warning for every oddity of a file (a missing font box, a bad MediaBox) and
    would print it on the user's terminal beside yusuan's own message; what matters reaches the user
    as that message."""
    logger = logging.getLogger("pdfminer")  # its modules log to children of this one, which inherit the level
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _declared_pages(pdf) -> int | None:
    """The page count the document's page tree declares, read without building any page."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"]).get("Count"))
    except Exception:  # noqa: BLE001 - no usable count: the pages themselves are counted
        return None
    return count if isinstance(count, int) else None


def _too_many_pages(count: int, source: str) -> UnreadableDocument:
    return UnreadableDocument(f"PDF 共 {limit_count(count)} 页，超过上限 {limit_count(MAX_PDF_PAGES)} 页"
                              "（部门预算公开文件通常只有几十页），拒绝读取", source=source)


def _close(pdf) -> None:
    # pdfplumber's close() drops its page list and parses the page tree again to close each page: a
    # second parse of every page object (several per cent of a document's reading), and one that
    # raises again on a broken tree. The pages were closed as they were read; what is left is to drop
    # the page list (which refers back to the document: no cycle left for the collector) and the file.
    try:
        pdf.flush_cache()
        pdf.stream.close()
    except Exception:  # noqa: BLE001
        pass


def _read_pdf(path: Path) -> RawDocument:
    import pdfplumber

    source = str(path)
    with Path(path).open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF" not in head:  # readers tolerate junk before the marker, but not its absence
        raise UnreadableDocument("这不是有效的 PDF 文件（开头没有 %PDF 标记），可能已损坏或扩展名有误", source=source)
    complete = _has_eof_marker(Path(path))
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfplumber wraps every pdfminer failure in PdfminerException
        raise _open_error(exc, source, complete) from exc
    pages: list[_Page] = []
    pdfium = None
    scanner = None
    missing: list[int] = []  # scanned pages left unread: the OCR extra is not installed
    text_chars = 0
    cid_chars = 0
    blank_pages = 0
    try:
        declared = _declared_pages(pdf)
        if declared is not None and declared > MAX_PDF_PAGES:
            raise _too_many_pages(declared, source)
        try:
            page_list = pdf.pages
        except Exception as exc:  # noqa: BLE001 - a broken page tree
            raise UnreadableDocument(f"{_CORRUPT}（页面目录无法解析）", source=source) from exc
        if not page_list:
            raise UnreadableDocument("PDF 文件没有任何页面", source=source)
        if len(page_list) > MAX_PDF_PAGES:  # a page tree whose Count understates its pages
            raise _too_many_pages(len(page_list), source)
        pdfium = _pdfium_pages(path, len(page_list))
        scans: list[int] = []  # pages read by OCR once every page's text layer is read
        for no, page in enumerate(page_list, start=1):
            try:
                parsed, stats = _read_page(page, no, source, pdfium)
                if _scan_wanted(page, parsed, stats):
                    if scanner is None:
                        scanner = _scanner(path, pdfium)
                    if scanner:
                        scans.append(no)
                        pages.append(parsed)
                        continue
                    missing.append(no)
            except UnreadableDocument:
                raise
            except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on broken content
                raise UnreadableDocument(f"{_CORRUPT}（这一页的内容无法解析）", source=source,
                                         place=f"第 {no} 页") from exc
            finally:
                page.close()  # drop the page's parsed objects: long documents stay small in memory
            pages.append(parsed)
            text_chars += stats[0]
            cid_chars += stats[1]
            blank_pages += stats[0] == 0
        for no, read in zip(scans, _ocr(scanner, [(no, page_list[no - 1].bbox) for no in scans], source)):
            page = page_list[no - 1]
            try:
                parsed, stats = _read_page(page, no, source, scanned=read)
            except Exception as exc:  # noqa: BLE001
                raise UnreadableDocument(f"{_CORRUPT}（这一页的内容无法解析）", source=source,
                                         place=f"第 {no} 页") from exc
            finally:
                page.close()
            parsed.scanned = True
            pages[no - 1] = parsed
            text_chars += stats[0]
            cid_chars += stats[1]
            blank_pages += stats[0] == 0
    finally:
        if scanner:
            scanner.close()
        if pdfium is not None:
            pdfium.close()
        _close(pdf)
    install = f"；{_install_hint()}" if missing else ""
    if text_chars == 0:
        if not complete:
            raise UnreadableDocument(f"{_CORRUPT}（文件末尾缺少 %%EOF，可能没有下载完整）", source=source)
        if any(p.scanned for p in pages):
            raise UnreadableDocument(f"{_NO_TEXT_SCANNED}", source=source)
        raise UnreadableDocument(_NO_TEXT + install, source=source)
    if cid_chars > text_chars / 3:
        raise UnreadableDocument("PDF 的字体没有字符编码，取出的文字是乱码，需要OCR后才能读取" + install, source=source)
    if not complete and blank_pages:
        # A cut-off file can still open (pdfminer rebuilds the cross-reference table), but then the
        # pages whose content was cut away come out empty and the document would silently shrink.
        raise UnreadableDocument(f"{_CORRUPT}（文件末尾缺少 %%EOF，可能没有下载完整）", source=source)
    notes = _page_notes(pages)
    _drop_running_lines(pages)
    doc = RawDocument(source=source, format="pdf", page_notes=notes,
                      scanned_pages=[p.no for p in pages if p.scanned])
    _emit(pages, doc)
    return doc


_TOC = re.compile(r"^目\s*录|^目錄")


def _page_notes(pages: list[_Page]) -> list[PageNote]:
    """Blank pages and pages holding only ruling lines after the 目录 (after the first page when there is
    no 目录), and text placed outside the page box that no page shows (a text box split across two pages
    leaves on each the other's part outside its box: that part is shown on the other page, not hidden)."""
    notes: list[PageNote] = []
    toc = next((p.no for p in pages if _TOC.search(p.visible_text[:20])), None)
    start = toc if toc is not None else 1
    shown = "".join(p.visible_text for p in pages)
    for p in pages:
        if p.no > start and not p.visible_text and not p.outside and not p.pictured:
            notes.append(PageNote(p.no, "empty_frame" if p.ruled else "blank"))
        hidden = [t for t in p.outside if t not in shown]
        if hidden:
            notes.append(PageNote(p.no, "outside_text", " / ".join(hidden)))
    return notes


def _pdfium_pages(path: Path, count: int):
    """The document in PDFium, which reads a page's characters and lines many times faster than
    pdfminer; None (pdfminer reads every page) when PDFium cannot open it or sees other pages."""
    from yusuan.read.pdfium import PdfiumPages

    try:
        pages = PdfiumPages(path)
    except Exception:  # noqa: BLE001 - pypdfium2 raises PdfiumError and OSError alike
        return None
    if len(pages) != count:
        pages.close()
        return None
    return pages


def _scan_wanted(page, parsed: _Page, stats: tuple[int, int]) -> bool:
    """A page that is a picture with (next to) no text, or whose text is mostly characters without a
    code or garbage (see :func:`_garbled`): what it shows is read from its picture."""
    visible, cid = stats
    if cid and cid > visible / 2:
        return True
    if _garbled(parsed.visible_text):
        return True
    if visible >= 20:
        return False
    if visible == 0 and not parsed.pictured:
        return False
    # A scan with a few typed characters on it (a page number stamped on) is still a scan; a page
    # with a small picture (a seal, a logo) and little text is not.
    area = float(page.width) * float(page.height)
    boxes = parsed.pictures if parsed.pictures is not None else [
        (im["x0"], im["top"], im["x1"], im["bottom"]) for im in page.images]
    covered = sum(max(0.0, (min(x1, page.width) - max(x0, 0))) * max(0.0, (min(bottom, page.height) - max(top, 0)))
                  for x0, top, x1, bottom in boxes)
    return area > 0 and covered >= 0.5 * area


def _common_hanzi(ch: str) -> bool:
    """One of GB 2312's 6,763 characters: the Chinese of a budget document, all but a rare name."""
    try:
        return 0xB0 <= ch.encode("gb2312")[0] <= 0xF7
    except UnicodeEncodeError:
        return False


def _garbled(text: str) -> bool:
    """A text layer that is not the page's text: most of its characters are ones no Chinese document
    prints — private-use code points (glyphs of an embedded font without their characters), Latin
    letters with accents (GBK or UTF-8 bytes read as Latin-1: "ÄÚÈÝ"), control characters, or Chinese
    characters outside GB 2312 (a font's glyph numbers taken for characters land all over the range,
    where a budget's text is nearly all common characters)."""
    if len(text) < 20:
        return False
    bad = 0
    for ch, times in Counter(text).items():  # a page repeats its few hundred characters: judge each once
        o = ord(ch)
        if o < 0x20 or 0x80 <= o < 0x300 or 0xE000 <= o <= 0xF8FF or o >= 0xF0000 or o == 0xFFFD \
                or (0x3400 <= o <= 0x9FFF and not _common_hanzi(ch)):
            bad += times
    return bad > len(text) / 2


def _scanner(path: Path, pdfium):
    """The OCR reader for this document, or False where the ``ocr`` extra is not installed."""
    from yusuan.read.scan import OcrMissing, Scanner

    try:
        return Scanner(path, pdfium)
    except OcrMissing:
        return False


def _ocr(scanner, pages: list[tuple[int, tuple]], source: str) -> list:
    """The glyphs and edges OCR finds on each of ``pages`` (number, bbox), in order."""
    if not pages:
        return []
    from yusuan.read.scan import PageFailed, read_pages

    try:
        return read_pages(scanner, pages, source)
    except PageFailed as exc:  # a picture PDFium cannot draw, or the OCR runtime failing
        raise UnreadableDocument("这一页是扫描件，渲染或 OCR 识别失败", source=source,
                                 place=f"第 {exc.no} 页") from exc.__cause__


def _has_eof_marker(path: Path) -> bool:
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    # Acrobat accepts the marker anywhere in the last kilobyte; trailing padding is common.
    return b"%%EOF" in tail.rstrip(b"\x00\r\n\t ")[-1024:]


def _open_error(exc: Exception, source: str, complete: bool) -> UnreadableDocument:
    # pdfplumber wraps the pdfminer exception; its class tells a password from a broken file.
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = type(cause).__name__
    if "Password" in name or "Encrypt" in name:
        return UnreadableDocument("PDF 文件已加密，需要密码才能打开；请先解除密码保护", source=source)
    if not complete:
        return UnreadableDocument(f"{_CORRUPT}（文件末尾缺少 %%EOF，可能没有下载完整）", source=source)
    return UnreadableDocument(f"{_CORRUPT}（文件结构无法解析）", source=source)


# --- one page ------------------------------------------------------------------------------------


def _read_page(page, no: int, source: str, pdfium=None, scanned=None) -> tuple[_Page, tuple[int, int]]:
    if scanned is not None:
        return _lay_out(page, no, source, *scanned, scanned=True)
    if pdfium is not None:
        glyphs, edges, pictures = pdfium.page(no - 1, page.rotation, page.page_obj.mediabox, float(page.height),
                                              (page.mediabox[0], page.mediabox[1]))
        if glyphs is not None:
            ties: list[float] = []
            token = _TIES.set(ties)
            try:
                laid_out = _lay_out(page, no, source, glyphs, edges, pictures=pictures)
            finally:
                _TIES.reset(token)
            if not ties:
                return laid_out
            # Two characters stand as far apart as a distance at which the layout decides: PDFium's
            # single precision may fall on the other side of it than pdfminer's double precision.
    return _lay_out(page, no, source, _plumber_glyphs(page), None)


# While a page read through PDFium is laid out: where a distance the layout decides on (a word space,
# a wide gap, a new line, a character drawn twice) came within _TIE of its bound. None otherwise.
_TIES: ContextVar[list[float] | None] = ContextVar("pdf_ties", default=None)
_TIE = 1e-3  # points; PDFium's coordinates are single precision (about 1e-4 off at 1000 pt)


def _lay_out(page, no: int, source: str, glyphs, edges, scanned: bool = False,
             pictures: list[tuple] | None = None) -> tuple[_Page, tuple[int, int]]:
    chars: list[_Char] = []
    cid = 0
    shifts = _font_shifts(glyphs)
    append = chars.append
    new = tuple.__new__
    if scanned:  # characters read by OCR, each with the recognizer's probability
        for text, x0, x1, top, bottom, size, font, _, conf in glyphs:
            dy = shifts.get(font, 0.0) * size
            append(new(_Char, (text, x0, x1, top - dy, bottom - dy, size or (bottom - top), conf)))
    elif shifts:
        for text, x0, x1, top, bottom, size, font, _ in glyphs:
            if text.startswith("(cid:"):
                cid += 1
            dy = shifts.get(font, 0.0) * size
            append(new(_Char, (text, x0, x1, top - dy, bottom - dy, size or (bottom - top), None)))
    else:  # as above, every shift 0.0 (top - 0.0 is top)
        for text, x0, x1, top, bottom, size, font, _ in glyphs:
            if text.startswith("(cid:"):
                cid += 1
            append(new(_Char, (text, x0, x1, top, bottom, size or (bottom - top), None)))
    visible = sum(1 for t in map(_TEXT, chars) if t and not t.isspace())  # an OCR mark (scan.UNREAD) is no text
    if not scanned and _content_lost(page):
        raise UnreadableDocument(f"{_CORRUPT}（这一页的内容数据已损坏，无法解压）", source=source, place=f"第 {no} 页")
    out = _Page(no=no, width=float(page.width), height=float(page.height), pictures=pictures)
    width, height = out.width, out.height
    # Text placed wholly outside the page box is noted (see _page_notes) but still read as before: the
    # recognizers were built on what the text layer holds.
    away: set[int] = set()
    # Some character is (looked for only then; written so that a NaN coordinate leads to the search).
    if chars and not (min(map(_X1, chars)) > 0 and max(map(_X0, chars)) < width and min(map(_BOTTOM, chars)) > 0
                      and max(map(_TOP, chars)) < height):
        away = {id(ch) for ch in chars if ch.x1 <= 0 or ch.x0 >= width or ch.bottom <= 0 or ch.top >= height}
    if away:
        out.outside = [t for t in (re.sub(r"\s+", "", line.text)
                                   for line in _lines([ch for ch in chars if id(ch) in away])) if t]
        out.visible_text = re.sub(r"\s+", "", "".join(ch.text for ch in chars if id(ch) not in away))
    else:
        out.visible_text = re.sub(r"\s+", "", "".join(map(_TEXT, chars)))
    if not out.visible_text and not out.outside:
        # What a page without text holds (see _page_notes); asked only then, since pdfminer's objects cost
        # most of a page's reading time.
        out.ruled = bool(edges) if edges is not None else bool(page.lines or page.rects)
        out.pictured = bool(out.pictures if out.pictures is not None else page.images)
    if not visible:
        return out, (0, cid)
    grids = [_Grid(t) for t in _find_tables(page, edges)]
    grids = [g for g in grids if g.ok]
    for g in grids:
        g.scanned = scanned
    outside: list[_Char] = []
    if len(grids) == 1:  # the usual page: one table (the loop below, one call fewer per character)
        take = grids[0].take
        outside = [ch for ch in chars if not take(ch)]
    else:
        for ch in chars:
            for g in grids:
                if g.take(ch):
                    break
            else:
                outside.append(ch)
    tables = []
    for g in grids:
        if g.is_frame_around_table():
            # A frame whose inner rules were not drawn holds a whole table in one cell: its rows are
            # the printed lines, its cells the pieces of each line between wide gaps.
            tables.append(_Table(g.top, _unruled_rows([ch for cell in g.cell_chars.values() for ch in cell])))
            continue
        if g.is_text_box():
            # A frame drawn around prose (a 1×1 "table") holds paragraphs, not a table.
            outside.extend(ch for cell in g.cell_chars.values() for ch in cell)
            continue
        rows, conf, boxes = g.texts()
        tables.append(_Table(g.top, rows, conf=conf, boxes=boxes))
    tables.sort(key=lambda t: t.top)
    for k, table in enumerate(tables, start=1):
        table.prefix = f"表{k} " if len(tables) > 1 else ""
        out.items.append((table.top, table))
    for line in _lines(outside):
        for piece in _split_wide_gaps(line):
            out.items.append((piece.top, piece))
    out.items.sort(key=lambda it: it[0])
    return out, (visible, cid)


def _plumber_glyphs(page) -> list:
    from yusuan.read.pdfium import Glyph

    height = float(page.height)
    out = []
    for c in page.chars:
        m = c.get("matrix")
        plain = bool(m) and c.get("upright", True) and abs(m[1]) <= 1e-3 and abs(m[2]) <= 1e-3
        out.append(Glyph(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c.get("size") or 0,
                         c.get("fontname"), height - m[5] if plain else None))
    return out


class _EdgePage:
    """What the table finder reads of a page, when the edges come from PDFium."""

    def __init__(self, page, edges: list[dict]) -> None:
        self.edges = edges
        self.bbox = page.bbox


def _find_tables(page, edges: list[dict] | None):
    from yusuan.read.ruled import TABLE_SETTINGS, find_tables

    if edges is None:
        edges = [e for e in page.edges if not _invisible(e)]
    return find_tables(_EdgePage(page, edges), TABLE_SETTINGS)


_WHITE = {(1.0,), (1.0, 1.0, 1.0), (0.0, 0.0, 0.0, 0.0)}


def _invisible(edge: dict) -> bool:
    """An edge of a shape painted only in white: a spreadsheet cell's background, not a rule (the same
    test as the PDFium reader's, on pdfminer's objects)."""
    paints = [colour for painted, colour in ((edge.get("stroke"), edge.get("stroking_color")),
                                             (edge.get("fill"), edge.get("non_stroking_color"))) if painted]
    return bool(paints) and all(_white(colour) for colour in paints)


def _white(colour) -> bool:
    if isinstance(colour, (int, float)):
        colour = (colour,)
    try:
        return colour is not None and tuple(float(c) for c in colour) in _WHITE
    except (TypeError, ValueError):
        return False  # a pattern or a named colour space: drawn, as far as can be told


def _font_shifts(glyphs: list) -> dict[str, float]:
    """How far each font's glyph boxes sit off the baseline they are printed on, in type sizes.

    A glyph box ends a little below its baseline (the font's descent, about a quarter of the type
    size). A font with wrong metrics (an embedded font whose ascent is taken for its descent) puts the
    boxes of its characters — typically digits and punctuation among Chinese text — most of a line
    below their baseline, and they would read as a line of their own under their words. The baseline
    of each character is in its text matrix; a font whose boxes end further than ``_DISPLACED`` type
    sizes from it is moved back to where the page's other fonts put theirs."""
    offsets: dict[str, list[float]] = {}
    known = offsets.get
    for g in glyphs:
        baseline, size = g[7], g[5]  # g.baseline, g.size: the fields of Glyph and ScannedGlyph alike
        if baseline is None or size <= 0:
            continue
        font = g[6]
        found = known(font)
        if found is None:
            found = offsets[font] = []
        found.append((g[4] - baseline) / size)  # g.bottom
    medians = {font: sorted(v)[len(v) // 2] for font, v in offsets.items()}
    displaced = {font for font, med in medians.items() if not _DISPLACED[0] <= med <= _DISPLACED[1]}
    if not displaced:
        return {}
    normal = sorted(o for font, v in offsets.items() if font not in displaced for o in v)
    ref = normal[len(normal) // 2] if normal else 0.25
    return {font: medians[font] - ref for font in displaced}


# Where a glyph box may end relative to its baseline, in type sizes (descent below, a little above).
_DISPLACED = (-0.3, 0.6)


def _content_lost(page) -> bool:
    """A content stream that decodes to nothing although it has data: pdfminer swallows a broken
    compressed stream and the page would come out silently empty or short."""
    from pdfminer.pdftypes import PDFStream, resolve1

    for stream in page.page_obj.contents:
        stream = resolve1(stream)
        if not isinstance(stream, PDFStream):
            continue
        length = resolve1(stream.attrs.get("Length", 0))
        if isinstance(length, int) and length > 16 and not stream.get_data():
            return True
    return False


class _Grid:
    """A ruled table's cells on a grid of their distinct left and top edges, filled with characters."""

    def __init__(self, table) -> None:
        cells = [c for c in table.cells if c[2] - c[0] > 0.5 and c[3] - c[1] > 0.5]
        self.ok = bool(cells)
        if not self.ok:
            return
        self.x0, self.top, self.x1, self.bottom = table.bbox
        self.xs = sorted({c[0] for c in cells})
        self.ys = sorted({c[1] for c in cells})
        self.origin: dict[tuple[int, int], tuple[float, float, float, float]] = {}
        self.slot: dict[tuple[int, int], tuple[int, int]] = {}
        col_of = {x: i for i, x in enumerate(self.xs)}
        row_of = {y: i for i, y in enumerate(self.ys)}
        for c in cells:
            r, k = row_of[c[1]], col_of[c[0]]
            if (r, k) in self.origin:
                continue
            self.origin[(r, k)] = c
            rr = r
            while rr < len(self.ys) and self.ys[rr] < c[3] - 0.5:
                kk = k
                while kk < len(self.xs) and self.xs[kk] < c[2] - 0.5:
                    self.slot.setdefault((rr, kk), (r, k))
                    kk += 1
                rr += 1
        self.cell_chars: dict[tuple[int, int], list[_Char]] = {}
        self.scanned = False  # its characters read by OCR, each with a confidence

    def take(self, ch: _Char) -> bool:
        xm = (ch.x0 + ch.x1) / 2  # ch.xm, ch.ym without the two property calls: once per grid per character
        ym = (ch.top + ch.bottom) / 2
        if not (self.x0 <= xm <= self.x1 and self.top <= ym <= self.bottom):
            return False
        k = bisect_right(self.xs, xm) - 1
        r = bisect_right(self.ys, ym) - 1
        cell = self.slot.get((r, k))
        if cell is None:
            return False
        x0, top, x1, bottom = self.origin[cell]
        if xm > x1 or ym > bottom:
            return False
        self.cell_chars.setdefault(cell, []).append(ch)
        return True

    def is_text_box(self) -> bool:
        return len(self.origin) == 1

    def is_frame_around_table(self) -> bool:
        """Nearly all of the grid's characters in one cell, with amounts on several lines or a row of
        them: a table exported without its inner rules, not a cell of one (a form's prose cell holds
        no column or row of figures)."""
        sizes = {key: len(chars) for key, chars in self.cell_chars.items()}
        if not sizes:
            return False
        big = max(sizes, key=sizes.get)
        if sizes[big] < 0.9 * sum(sizes.values()):
            return False
        lines = _lines(self.cell_chars[big])
        amounts = [len(_AMOUNT_IN_LINE.findall(ln.text)) for ln in lines]
        if sum(1 for n in amounts if n) >= 2 or max(amounts, default=0) >= 3:
            return True
        # An empty table: its title, then its header (and a 合计 with no figures) in the one cell.
        return len(lines) >= 3 and match_title(lines[0].text) is not None

    def texts(self) -> tuple[list[list[str | None]], list[list[float | None]], list[list[tuple | None]]]:
        """The grid as text, a printed row per list; grid rows holding several printed rows are split.
        Beside it, the OCR confidence of each cell's digits (None for a text layer's) and, for a scan,
        each cell's region on the page (its printed row's part of it where the grid row holds several),
        where a reader can see what was read."""
        rows: list[list[str | None]] = []
        confs: list[list[float | None]] = []
        boxes: list[list[tuple | None]] = []
        for r in range(len(self.ys)):
            cols = [(r, k) for k in range(len(self.xs))]
            lines_of: dict[tuple[int, int], list[_TextLine]] = {}
            bands = self._bands(cols, lines_of)
            for band in bands:
                row: list[str | None] = []
                conf: list[float | None] = []
                box: list[tuple | None] = []
                for key in cols:
                    if key not in self.origin:
                        row.append(None if self.slot.get(key, key) != key else "")
                        conf.append(None)
                        box.append(None)
                        continue
                    chars = self.cell_chars.get(key, [])
                    if band is not None:
                        chars = [ch for ch in chars if band[0] <= ch.ym < band[1]]
                        row.append(_cell_text(chars))
                    else:  # the whole cell, whose lines _bands has made already
                        row.append(_lines_text(lines_of[key]) if key in lines_of else _cell_text(chars))
                    conf.append(digit_confidence(chars) if self.scanned else None)  # a text layer's have none
                    if self.scanned:
                        x0, top, x1, bottom = self.origin[key]
                        box.append((x0, top, x1, bottom) if band is None
                                   else (x0, max(top, band[0]), x1, min(bottom, band[1])))
                rows.append(row)
                confs.append(conf)
                if self.scanned:
                    boxes.append(box)
        return rows, confs, boxes

    def _bands(self, cols: list[tuple[int, int]], lines_of: dict) -> list[tuple[float, float] | None]:
        """Vertical bands of the printed rows inside one grid row: one band unless amounts stack.
        ``lines_of`` gets each cell's lines, for its text.

        Several cells each holding the same number (≥2) of lines that are all amounts mean a missing
        rule; a wrapped name beside a single amount does not."""
        stacks: list[list[float]] = []
        for key in cols:
            chars = self.cell_chars.get(key)
            if not chars or key not in self.origin:
                continue
            lines = lines_of[key] = _lines(chars)
            if len(lines) >= 2 and all(_MONEY_LINE.match(ln.text.replace(" ", "")) for ln in lines):
                stacks.append([(ln.top + ln.bottom) / 2 for ln in lines])
        if not stacks:
            return [None]
        counts = Counter(len(s) for s in stacks)
        n, _ = counts.most_common(1)[0]
        centres = [sum(s[i] for s in stacks if len(s) == n) / counts[n] for i in range(n)]
        cuts = [(a + b) / 2 for a, b in zip(centres, centres[1:])]
        edges = [float("-inf"), *cuts, float("inf")]
        return list(zip(edges, edges[1:]))


def digit_confidence(chars) -> float | None:
    """The lowest OCR confidence among the digits and their separators (the figures are what a
    misreading falsifies), 0 where the cell holds ink read as nothing (scan.UNREAD)."""
    probs = [ch.conf for ch in chars if ch.conf is not None and (ch.text.isdigit() or ch.text in ",." or not ch.text)]
    return min(probs) if probs else None


def _unruled_rows(chars: list[_Char]) -> list[list[str | None]]:
    """Rows of a table printed without inner rules: a line per row, a cell per piece of it between
    gaps (the cells are in printed order, not aligned to columns). A label's characters touch; a gap of
    a character's width is the space between two cells."""
    return [[_line_text(piece)[0] for piece in _pieces(line, 1)] for line in _lines(chars)]


# --- characters to text --------------------------------------------------------------------------


def _is_wide(ch: str) -> bool:
    return ord(ch[0]) >= 0x2E80


_TOP = attrgetter("top")
_X0 = attrgetter("x0")
_X1 = attrgetter("x1")
_BOTTOM = attrgetter("bottom")
_TEXT = attrgetter("text")


def _lines(chars: list[_Char]) -> list[_TextLine]:
    """Characters grouped into lines top to bottom, each line left to right."""
    if not chars:
        return []
    ordered = sorted(chars, key=_TOP)
    groups: list[list[_Char]] = []
    line_top = None
    group: list[_Char] = []
    ties = _TIES.get()
    for ch in ordered:
        top = ch.top
        reach = ch.size * 0.45
        if line_top is None:
            group = [ch]
            groups.append(group)
            line_top = top
            continue
        below = top - line_top - (reach if reach > 2.0 else 2.0)  # max(2.0, reach)
        if ties is not None and -_TIE < below < _TIE:
            ties.append(below)
        if below > 0:
            group = [ch]
            groups.append(group)
            line_top = top
        else:
            group.append(ch)
    lines = []
    for group in groups:
        group.sort(key=_X0)
        text, kept = _line_text(group)
        if not text:
            continue
        lines.append(_TextLine(kept, text, kept[0].x0, kept[-1].x1, min([c.top for c in kept]),
                               max([c.bottom for c in kept]), max([c.size for c in kept])))
    return lines


def _line_text(group: list[_Char]) -> tuple[str, list[_Char]]:
    parts: list[str] = []
    kept: list[_Char] = []
    space = False
    prev: _Char | None = None
    prev_wide = False
    ties = _TIES.get()
    for ch in group:
        t = ch.text
        if not t or t.isspace():
            space = True
            continue
        wide = ord(t[0]) >= 0x2E80  # _is_wide
        if prev is not None:
            # Drawn twice with a small offset to look bold. The offset is a fraction of a point; two
            # equal digits in a row ("446") are a full advance apart, which in a font whose glyph boxes
            # are wider than its advance can be less than half a box.
            if t == prev.text:
                if ties is not None:
                    _bold_ties(ch, prev, ties)
                if abs(ch.top - prev.top) < 1:
                    offset = abs(ch.x0 - prev.x0)
                    if offset < min((prev.x1 - prev.x0) * 0.5, prev.size * 0.2):
                        continue
            gap = ch.x0 - prev.x1
            if ties is not None and not space and not (wide and prev_wide) and -_TIE < gap - prev.size * 0.3 < _TIE:
                ties.append(gap - prev.size * 0.3)
            # Between two Chinese characters a gap is justification, never a word break.
            if (space or gap > prev.size * 0.3) and not (wide and prev_wide):
                parts.append(" ")
            elif space and wide and prev_wide:
                parts.append(" ")  # a typed space between Chinese characters ("目 录") is kept as printed
        parts.append(t)
        kept.append(ch)
        prev = ch
        prev_wide = wide
        space = False
    return "".join(parts).strip(), kept


def _bold_ties(ch: _Char, prev: _Char, ties: list[float]) -> None:
    """The distances of the test for a character drawn twice (see _line_text) near their bounds."""
    for d in (abs(ch.top - prev.top) - 1, abs(ch.x0 - prev.x0) - min((prev.x1 - prev.x0) * 0.5, prev.size * 0.2)):
        if -_TIE < d < _TIE:
            ties.append(d)


def _join(a: str, b: str) -> str:
    if not a or not b:
        return a or b
    # Wrapped Chinese text and numbers continue without a space; only Latin words need one.
    if a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return f"{a} {b}"
    return a + b


def _cell_text(chars: list[_Char]) -> str:
    return _lines_text(_lines(chars))


def _lines_text(lines: list[_TextLine]) -> str:
    text = ""
    for line in lines:
        text = _join(text, line.text)
    return text


def _pieces(line: _TextLine, gap: float) -> list[list[_Char]]:
    """A line's characters split where the space between two is wider than ``gap`` type sizes."""
    pieces: list[list[_Char]] = [[]]
    prev = None
    ties = _TIES.get()
    for ch in line.chars:
        if prev is None:
            pieces[-1].append(ch)
            prev = ch
            continue
        wider = ch.x0 - prev.x1 - gap * max(prev.size, ch.size)
        if ties is not None and -_TIE < wider < _TIE:
            ties.append(wider)
        if wider > 0:
            pieces.append([])
        pieces[-1].append(ch)
        prev = ch
    return pieces


def _split_wide_gaps(line: _TextLine) -> list[_TextLine]:
    pieces = _pieces(line, 4)
    if len(pieces) == 1:
        return [line]
    out = []
    for piece in pieces:
        out.extend(_lines(piece))
    return out


# --- pages to the line stream --------------------------------------------------------------------


_RUNNING_BAND = 0.1  # running headers and footers sit in the top and bottom tenth of a page
_DIGITS = re.compile(r"\d+")


def _drop_running_lines(pages: list[_Page]) -> None:
    """Remove running headers and footers: the same text (up to its numbers) at the same place in the
    top or bottom band of three or more pages. Left in, such a line would sit between the rows of a
    table that runs over a page break and cut it in two. Meta lines (unit, department, page number)
    and table titles stay: recognition reads them and they never cut a table."""
    def place(page: _Page, line: _TextLine) -> tuple[str, int, str] | None:
        if line.bottom <= page.height * _RUNNING_BAND:
            return ("top", round(line.top / 3), _DIGITS.sub("#", line.text))
        if line.top >= page.height * (1 - _RUNNING_BAND):
            return ("bottom", round((page.height - line.bottom) / 3), _DIGITS.sub("#", line.text))
        return None

    seen: Counter = Counter()
    for page in pages:
        seen.update({place(page, it) for _, it in page.items if isinstance(it, _TextLine)} - {None})
    running = {k for k, n in seen.items() if n >= 3}
    if not running:
        return
    for page in pages:
        page.items = [(top, it) for top, it in page.items
                      if not (isinstance(it, _TextLine) and place(page, it) in running
                              and not is_meta(it.text) and match_title(it.text) is None)]


def _margins(pages: list[_Page]) -> dict[int, tuple[float, float]]:
    """Left and right text edges for each page width (portrait and landscape pages differ)."""
    by_width: dict[int, list[_TextLine]] = {}
    for p in pages:
        by_width.setdefault(round(p.width), []).extend(
            it for _, it in p.items if isinstance(it, _TextLine) and len(it.text) >= 8)
    margins = {}
    for width, lines in by_width.items():
        if not lines:
            continue
        size = Counter(round(ln.size) for ln in lines).most_common(1)[0][0]
        lefts = Counter(round(ln.x0) for ln in lines)
        # The left edge is where many lines start, not a stray line further out.
        common = [x for x, n in lefts.items() if n >= max(2, len(lines) // 10)]
        left = float(min(common or lefts))
        # The right edge is where several lines end, not the one line that overshoots it.
        rights = sorted(ln.x1 for ln in lines)
        right = float("inf")  # no two lines end together: nothing shows a wrapped block, join nothing
        for i in range(len(rights) - 1, -1, -1):
            if i - bisect_left(rights, rights[i] - size * 1.6) >= 1:
                right = rights[i]
                break
        margins[width] = (left, right)
    return margins


def _first_word_width(line: _TextLine) -> float:
    """Width of what the line starts with that a line break cannot split: a run of digits and
    Latin letters with their punctuation ("0.00", "2024", "GDP"), or a single Chinese character."""
    chars = line.chars
    if not chars:
        return 0.0
    end = 1
    if not _is_wide(chars[0].text):
        while end < len(chars) and not _is_wide(chars[end].text) and chars[end].x0 - chars[end - 1].x1 < 1:
            end += 1
    return chars[end - 1].x1 - chars[0].x0


def _continues(prev: _TextLine, line: _TextLine, left: float, right: float, same_page: bool = True) -> bool:
    size = prev.size
    if abs(line.size - size) > 0.6:
        return False
    if same_page and (line.top - prev.bottom > size * 1.2 or line.top <= prev.top):
        return False
    if prev.x1 < right - size * 1.6 and prev.x1 + _first_word_width(line) <= right:
        # The line stops short of the margin although the next line's first word would have fit
        # there: the paragraph ends here. (A number too long for the rest of a line is carried over
        # whole, leaving a gap wider than the usual ragged edge of Chinese text.)
        return False
    if line.x0 > left + size * 0.6:
        return False  # the next line is indented: a new paragraph
    if prev.text.endswith(_SENTENCE_END) and _HEADING_START.match(line.text):
        return False
    # A table's title and its unit/department lines are separate however they are laid out.
    return not (is_meta(line.text) or match_title(prev.text) is not None)


def _emit(pages: list[_Page], doc: RawDocument) -> None:
    margins = _margins(pages)
    block = 0
    current: _TextLine | None = None  # the last line of the open paragraph
    text = ""
    first_page = 0  # where the open paragraph started: a sentence may run on over a page break
    conf: list[float] = []

    def flush() -> None:
        nonlocal current, text, conf
        if text:
            doc.add_paragraph(text, page=first_page)
            if conf:
                doc.lines[-1].cells[0].confidence = min(conf)
        current, text, conf = None, "", []

    def note(line: _TextLine) -> None:
        c = digit_confidence(line.chars)
        if c is not None:
            conf.append(c)

    width = None
    for page in pages:
        left, right = margins.get(round(page.width), (0.0, page.width))
        if not page.items or round(page.width) != width:
            flush()  # a blank page, or a page turned the other way, ends the paragraph
        width = round(page.width)
        for n, (_, item) in enumerate(page.items):
            if isinstance(item, _TextLine):
                if current is not None and _continues(current, item, left, right, same_page=n > 0):
                    text = _join(text, item.text)
                    current = item
                    note(item)
                    continue
                flush()
                current, text, first_page = item, item.text, page.no
                note(item)
                continue
            flush()
            block += 1
            for r, row in enumerate(item.rows, start=1):
                if not any(row):
                    continue
                confs = item.conf[r - 1] if item.conf else [None] * len(row)
                boxes = item.boxes[r - 1] if item.boxes else [None] * len(row)
                cells = [Cell(t or "", c, page=page.no, ref=f"{item.prefix}R{r}C{c + 1}", confidence=confs[c],
                              box=boxes[c]) for c, t in enumerate(row)]
                doc.add_row(cells, block)
    flush()
