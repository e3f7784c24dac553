"""Readers: a file in any supported format becomes a :class:`RawDocument`."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from yusuan.errors import UnreadableDocument
from yusuan.read.grid import Cell, Line, RawDocument
from yusuan.read.ooxml import SPREADSHEET, WORD, listed_documents

__all__ = ["Cell", "Line", "RawDocument", "read_document", "SUPPORTED_SUFFIXES", "walk"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".xlsx", ".xls", ".pdf")
_EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")

# Refuse files that cannot be a departmental budget disclosure before reading them whole.
MAX_BYTES = 200 * 1024 * 1024


def walk(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every supported file under the folders given (hidden files and Office lock files left out), and
    every file given by name, in a stable order."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.lower().endswith(SUPPORTED_SUFFIXES) and not name.startswith((".", "~$")):
                        yield Path(root) / name
        else:
            yield p


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    return None


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
        raise UnreadableDocument(f"文件过大（{size // (1024 * 1024)} MB，上限 {MAX_BYTES // (1024 * 1024)} MB）",
                                 source=source)
    with path.open("rb") as fh:
        head = fh.read(8)
    kind = _sniff(head)
    suffix = path.suffix.lower()
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
    from yusuan.read.text import read_text

    return read_text(path)


def _read_docx(path: Path) -> RawDocument:
    from yusuan.read.docx import read_docx

    return read_docx(path)


def _read_xlsx(path: Path) -> RawDocument:
    from yusuan.read.xlsx import read_xlsx

    return read_xlsx(path)
