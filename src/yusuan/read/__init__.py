"""Readers: a file in any supported format becomes a :class:`RawDocument`."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from yusuan.errors import UnreadableDocument
from yusuan.read.grid import Cell, Line, RawDocument
from yusuan.read.limits import MAX_BYTES, MB
from yusuan.read.ooxml import SPREADSHEET, WORD, listed_documents

__all__ = ["Cell", "Line", "RawDocument", "read_document", "SUPPORTED_SUFFIXES", "WORD_SUFFIXES", "walk"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".xlsx", ".xls", ".pdf", ".html", ".htm")
_EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
# Word formats yusuan does not parse: named, with the conversion that makes them readable.
WORD_SUFFIXES = (".doc", ".wps")


def walk(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every supported file under the folders given (hidden files and Office lock files left out), and
    every file given by name, in a stable order.

    Old Word files (.doc, .wps) in a folder are yielded too, so that reading each one says whether it
    can be read (a text file under a .doc name) or names the conversion it needs; one converted beside
    itself (``预算.docx`` next to ``预算.doc``) is left out, its .docx stands for it."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                present = {name.lower() for name in files}
                for name in sorted(files):
                    if name.startswith((".", "~$")):
                        continue
                    lower = name.lower()
                    if lower.endswith(SUPPORTED_SUFFIXES):
                        yield Path(root) / name
                    elif lower.endswith(WORD_SUFFIXES) and f"{lower.rsplit('.', 1)[0]}.docx" not in present:
                        yield Path(root) / name
        else:
            yield p


def _arg(text: str) -> str:
    # Double quotes only where needed: they work in both POSIX shells and cmd.exe, and Chinese names
    # need none (shlex.quote would put single quotes around every one of them, which cmd.exe keeps).
    return f'"{text}"' if any(ch.isspace() or ch in "'\"&|;<>()$`*?![]{}#~^%" for ch in text) else text


def conversion(path: Path) -> str:
    """How to turn an old Word (or WPS) file into a .docx yusuan reads, as a command to copy; the .docx
    lands beside the original, where a folder given to yusuan finds it."""
    folder = str(path.parent)
    outdir = f" --outdir {_arg(folder)}" if folder not in ("", ".") else ""
    return (f"请先转换为 .docx 再读取，如用 LibreOffice：soffice --headless --convert-to docx{outdir} "
            f"{_arg(str(path))}（或在 Word、WPS 中另存为 .docx）")


def old_word(path: Path, data: bytes | None = None) -> UnreadableDocument:
    kind = "WPS 文字文档（.wps）" if path.suffix.lower() == ".wps" else "旧版 Word 文档（Word 97-2003 .doc）"
    if data is not None and data.lstrip()[:5] == b"{\\rtf":
        kind = "RTF 文档"
    return UnreadableDocument(f"这是{kind}，yusuan 不能直接读取；{conversion(path)}", source=str(path))


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    return None


def read_as_pdf(path: str | Path) -> bool:
    """Whether :func:`read_document` reads this file as a PDF (its name or its first bytes say so): only a
    PDF can hold scanned pages."""
    path = Path(path)
    if path.suffix.lower() == ".pdf":
        return True
    try:
        with path.open("rb") as fh:
            return _sniff(fh.read(8)) == "pdf"
    except OSError:
        return False  # (not read at all: read_document says why)


def _ole_stream(data: bytes, name: str) -> bool:
    """Whether a compound file's directory names this stream (names are UTF-16, NUL-terminated)."""
    return name.encode("utf-16-le") + b"\x00\x00" in data


def _ole_workbook(data: bytes) -> bool:
    """An Excel 97 (Workbook) or Excel 5 (Book) compound file."""
    return _ole_stream(data, "Workbook") or _ole_stream(data, "Book")


def read_document(path: str | Path) -> RawDocument:
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise UnreadableDocument("文件不存在", source=source)
    if path.is_dir():
        raise UnreadableDocument("这是一个文件夹，不是文件", source=source)
    size = path.stat().st_size
    if size == 0:
        raise UnreadableDocument("文件为空，没有可读取的内容", source=source)
    if size > MAX_BYTES:
        raise UnreadableDocument(f"文件过大（{size // MB} MB，上限 {MAX_BYTES // MB} MB）", source=source)
    with path.open("rb") as fh:
        head = fh.read(8)
    kind = _sniff(head)
    suffix = path.suffix.lower()
    if kind == "ole" or (suffix in WORD_SUFFIXES and kind != "zip"):  # a .docx under an old name is read below
        # Judged by content, not by name: a Word 97 file (OLE2, under any name) or RTF needs converting,
        # an Excel 97 workbook or plain text under a .doc name is read as what it is.
        data = path.read_bytes()
        if kind == "ole" and (_ole_stream(data, "WordDocument")
                              or (suffix in WORD_SUFFIXES and not _ole_workbook(data))):
            raise old_word(path)
        if data.lstrip()[:5] == b"{\\rtf":
            raise old_word(path, data)
    if kind == "pdf" or suffix == ".pdf":
        from yusuan.read.pdf import read_pdf

        return read_pdf(path)
    # What the file holds decides the reader, whatever its name says: a workbook saved as .docx or .xls,
    # a Word document saved as .xlsx, an Excel 97-2003 file saved as .xlsx are all read. The name only
    # chooses the reader (and so the message) for a container that holds neither.
    excel_name = suffix in _EXCEL_SUFFIXES
    if kind == "zip":
        held = listed_documents(path)
        if SPREADSHEET in held and (excel_name or WORD not in held):
            return _read_xlsx(path)
        if WORD in held or not excel_name:
            return _read_docx(path)
        return _read_xlsx(path)
    if kind == "ole" or suffix == ".xls":
        from yusuan.read.xlsx import read_xls

        return read_xls(path)
    if suffix == ".docx":
        return _read_docx(path)
    if excel_name:
        return _read_xlsx(path)
    if suffix in (".html", ".htm"):
        from yusuan.read.html import read_html

        return read_html(path)
    from yusuan.read.text import read_text

    return read_text(path)


def _read_docx(path: Path) -> RawDocument:
    from yusuan.read.docx import read_docx

    return read_docx(path)


def _read_xlsx(path: Path) -> RawDocument:
    from yusuan.read.xlsx import read_xlsx

    return read_xlsx(path)
