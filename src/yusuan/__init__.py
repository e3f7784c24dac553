"""yusuan（预算）：部门预算信息公开与预算绩效管理。

Library entry points: :func:`extract` reads a published document into a
:class:`~yusuan.model.Disclosure`.
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"


def extract(path: str | Path):
    """Read a disclosure (text, DOCX, XLSX/XLS or PDF) into structured data."""
    from yusuan.read import read_document
    from yusuan.recognize import recognize

    return recognize(read_document(path))
