"""Office Open XML containers (.docx, .xlsx): the zip both readers open, and which document it holds.

The Word and Excel readers check their container the same way, and the format dispatch in
:mod:`yusuan.read` looks inside it to send a workbook saved with a .docx name to the Excel reader (and
the other way round), so these live apart from either reader.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from yusuan.errors import UnreadableDocument
from yusuan.read.limits import MAX_RATIO, MAX_UNZIPPED, MB, MIN_RATIO_CHECKED

WORD = "word/"
SPREADSHEET = "xl/"


def zip_names(path: Path, source: str, label: str = "DOCX") -> set[str]:
    """Names in an Office zip container, after checking every member decompresses intact.

    python-docx and openpyxl raise a different exception for each way a file can be broken
    (BadZipFile, KeyError for a missing part, zlib.error, XMLSyntaxError …), so the container is
    checked first and the user gets one clear message naming the file.
    """
    broken = f"{label} 文件已损坏或不完整，无法打开"
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_sizes(infos, source, label)
            for info in infos:
                _check_member(zf, info, source, broken)
    except UnreadableDocument:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, zlib.error) as exc:
        raise UnreadableDocument(f"{broken}（不是有效的压缩包）", source=source) from exc
    return {i.filename for i in infos}


def _check_sizes(infos: list[zipfile.ZipInfo], source: str, label: str) -> None:
    """Refuse a zip bomb from its directory, before anything is decompressed. zipfile never inflates a
    member past its declared size (and fails its CRC if the data would go on), so the declared sizes
    bound what the readers will hold."""
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED:
        raise UnreadableDocument(f"{label} 文件解压后有 {total // MB} MB，超过上限 {MAX_UNZIPPED // MB} MB"
                                 "（可能是压缩炸弹），拒绝读取", source=source)
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MIN_RATIO_CHECKED and ratio > MAX_RATIO:
            raise UnreadableDocument(f"{label} 文件的内部文件 {info.filename} 压缩了 {ratio:.0f} 倍"
                                     f"（{info.file_size // MB} MB 压成 {max(info.compress_size // 1024, 1)} KB），"
                                     f"超过上限 {MAX_RATIO} 倍（可能是压缩炸弹），拒绝读取", source=source)


def _check_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, source: str, broken: str) -> None:
    try:
        with zf.open(info) as fh:
            while fh.read(1 << 20):
                pass
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # bad CRC, bad deflate data, cut short
        raise UnreadableDocument(f"{broken}（内部文件 {info.filename} 已损坏）", source=source) from exc
    except (NotImplementedError, RuntimeError, ValueError) as exc:  # encrypted or unknown compression
        raise UnreadableDocument(f"{broken}（内部文件 {info.filename} 的压缩方式不受支持或已加密）",
                                 source=source) from exc


def holds(names: set[str], folder: str) -> bool:
    """Whether the container's ``names`` include a document under ``folder`` (:data:`WORD`, :data:`SPREADSHEET`)."""
    return any(n.startswith(folder) for n in names)


def listed_documents(path: Path) -> set[str]:
    """Which of :data:`WORD` and :data:`SPREADSHEET` the zip's directory lists, read without decompressing
    anything: enough to choose a reader, which then checks the container in full. Empty when the
    directory itself cannot be read (the reader chosen by the file's name says why)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, zlib.error, ValueError):
        return set()
    return {folder for folder in (WORD, SPREADSHEET) if holds(names, folder)}
