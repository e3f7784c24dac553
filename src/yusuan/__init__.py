"""yusuan（预算）：部门预算信息公开与预算绩效管理。

Library entry points: :func:`extract` reads a published document into a
:class:`~yusuan.model.Disclosure`; :func:`extract_together` reads one disclosure published as several
files (the explanation in one, the tables in another).
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"


def extract(path: str | Path):
    """Read a disclosure (text, DOCX, XLSX/XLS or PDF) into structured data."""
    from yusuan.cycles import collector_held
    from yusuan.read import read_document
    from yusuan.recognize import recognize

    with collector_held():
        return recognize(read_document(path))


def extract_together(paths, because: str | None = None):
    """Read several files as one disclosure: their lines in the order given, each figure keeping the
    file it came from (``Source.file``). ``because`` says why they belong together (for the report)."""
    from yusuan.cycles import collector_held

    with collector_held():
        return _extract_together(paths, because)


def _extract_together(paths, because: str | None):
    from yusuan.read import read_document
    from yusuan.read.grid import RawDocument
    from yusuan.recognize import recognize

    raws = [read_document(p) for p in paths]
    if len(raws) == 1:
        return recognize(raws[0])
    joined = RawDocument(source=" + ".join(r.source for r in raws),
                         format="+".join(dict.fromkeys(r.format for r in raws)))
    offset = 0
    for raw in raws:
        for line in raw.lines:
            for cell in line.cells:
                cell.file = raw.source
            line.block += offset  # a table never runs on from one file into the next
        offset = max((ln.block for ln in joined.lines + raw.lines), default=0) + 1
        joined.lines.extend(raw.lines)
        for note in raw.page_notes:
            note.file = raw.source
        joined.page_notes.extend(raw.page_notes)
        # The pages read by OCR, of whichever file: each doubtful figure's source names its file.
        joined.scanned_pages = sorted({*joined.scanned_pages, *raw.scanned_pages})
    d = recognize(joined)
    d.files = [r.source for r in raws]
    d.joined_because = because or "按要求作为一份公开文件合并读取"
    return d
