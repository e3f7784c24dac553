"""Plain text exported from Word (.txt/.md), in either of the two layouts in use.

* tab layout: one table row per line, cells separated by tabs (merged cells
  padded with empty cells);
* cell-per-line layout: each cell on its own line behind a leading tab, rows
  separated by blank lines, merged cells collapsed, and a cell's text may wrap
  onto following lines that have no leading tab.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from yusuan.errors import UnreadableDocument
from yusuan.read.grid import Cell, RawDocument
from yusuan.read.limits import MAX_TEXT_BYTES, MB

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_MARKUP = re.compile(r"</?b>|\*\*|^#+\s*")


_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le", "UTF-16 LE"), (b"\xfe\xff", "utf-16-be", "UTF-16 BE"))


def decode(data: bytes, source: str) -> str:
    for bom, encoding, name in _UTF16_BOMS:
        # Notepad's "Unicode" and "Unicode big endian": every other byte of Chinese-free text is NUL,
        # which the binary test below would take for a binary file.
        if data.startswith(bom) and not data.startswith(b"\xff\xfe\x00\x00"):  # not UTF-32 LE
            try:
                text = data[2:].decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableDocument(f"文本文件以 {name} 的字节顺序标记开头，但内容不是有效的 {name} 文本"
                                         f"（第 {exc.start + 2} 字节起），文件可能已损坏", source=source) from exc
            if not text.strip():
                raise UnreadableDocument("文件为空，没有可读取的内容", source=source)
            return text
    if not data.strip():
        raise UnreadableDocument("文件为空，没有可读取的内容", source=source)
    if b"\x00" in data[:4096]:
        raise UnreadableDocument("这是二进制文件，不是文本、DOCX、XLSX 或 PDF 文档", source=source)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            # A file cut off in the middle of its last character (an interrupted download or copy)
            # is read up to the cut; the rules then report what the cut removed.
            if exc.end < len(data) or exc.start < len(data) - 3:
                continue
            try:
                text = data[:exc.start].decode(encoding)
            except UnicodeDecodeError:
                continue
        if encoding == "gb18030" and not _mostly_text(text):
            break
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or not _mostly_text(str(best)):
        raise UnreadableDocument("无法识别文本编码（已尝试 UTF-8、GB18030、带字节顺序标记的 UTF-16）", source=source)
    return str(best)


def _mostly_text(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad / len(sample) < 0.01


@lru_cache(maxsize=16384)  # amounts, blanks and labels repeat from row to row and table to table
def clean(text: str) -> str:
    """Drop Word/markdown export artefacts from a cell or paragraph."""
    if "[bookmark:" in text:
        text = _BOOKMARK.sub("", text)
    text = text.strip()
    if "<" in text or "*" in text or text.startswith("#"):  # what _MARKUP can match at all
        text = _MARKUP.sub("", text)
    return text.replace("\u3000", " ").strip()


# A cell line of the cell-per-line layout: a tab after any spaces, then the cell's text with no tab in it
# but the trailing ones ("\t" alone is an empty cell; trailing tabs after the text are export noise).
_CELL_LINE = re.compile(r" *\t[^\t]*[\t ]*")


def read_text(path: Path, data: bytes | None = None) -> RawDocument:
    source = str(path)
    if data is None:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            # Refused before reading: a text disclosure is well under a megabyte, and a huge one would
            # be decoded, split and held whole.
            raise UnreadableDocument(f"文本文件过大（{size // MB} MB，文本文件上限 {MAX_TEXT_BYTES // MB} MB）",
                                     source=source)
        data = path.read_bytes()
    text = decode(data, source)
    # (str.splitlines ends a line at "\r" too: no line holds one)
    lines = text.splitlines()
    doc = RawDocument(source=source, format="text")
    cell_line = ["\t" in ln and _CELL_LINE.fullmatch(ln) is not None for ln in lines]
    tab_rows = sum(1 for ln, cell in zip(lines, cell_line) if not cell and "\t" in ln and "\t" in ln.strip("\t "))
    if sum(cell_line) > tab_rows:
        _read_cell_per_line(lines, cell_line, doc)
    else:
        _read_tab_rows(lines, doc)
    return doc


def _read_tab_rows(lines: list[str], doc: RawDocument) -> None:
    block = 0
    in_block = False
    for no, body in enumerate(lines, start=1):
        if "\t" in body:
            parts = body.split("\t")
            while len(parts) > 1 and not parts[-1].strip():
                parts.pop()
            if not in_block:
                block += 1
                in_block = True
            doc.add_row([Cell(clean(p), i, no) for i, p in enumerate(parts)], block, short_tail=True)
            continue
        in_block = False
        t = clean(body)
        if t:
            doc.add_paragraph(t, line=no)


def _looks_like_heading(text: str) -> bool:
    from yusuan.recognize.titles import match_title

    return text.startswith("[bookmark") or match_title(clean(text)) is not None


def _read_cell_per_line(lines: list[str], cell_line: list[bool], doc: RawDocument) -> None:
    block = 0
    raw_cells: list[str] = []  # each cell's lines, joined by "\n"
    starts: list[int] = []  # the line each cell starts on
    in_block = False

    def flush() -> None:
        nonlocal raw_cells, starts
        if not raw_cells:
            return  # (every blank line flushes: most find nothing to flush)
        doc.add_row([Cell(clean(t), i, no) for i, (t, no) in enumerate(zip(raw_cells, starts))], block)
        raw_cells, starts = [], []

    for no, (body, is_cell) in enumerate(zip(lines, cell_line), start=1):
        if is_cell:
            if not in_block:
                block += 1
                in_block = True
            raw_cells.append(body.strip(" \t"))
            starts.append(no)
            continue
        if not body.strip():
            flush()
            continue
        if raw_cells and not _looks_like_heading(body.strip()):
            # A wrapped cell: the exporter writes the rest of the cell's text on plain lines.
            raw_cells[-1] += "\n" + body.strip(" \t")
            continue
        flush()
        in_block = False
        t = clean(body)
        if t:
            doc.add_paragraph(t, line=no)
    flush()
