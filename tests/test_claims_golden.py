"""Every number each explanation states, read as a claim, and what it resolves to — for the seeds and every
published PDF in tests/data — pinned by reviewed golden files (tests/golden/claims/*.txt).

One line per claim: where it was read (page, or line of a text), the number as printed, the measure, then
the subject (``row 2101101``, ``figure income_total``, ``table_row 九、其他收入``, with a kind in brackets) or
``-`` when unresolved, and ``of``/``total_of`` as claim numbers. A golden file is rewritten with
``YUSUAN_WRITE_GOLDEN=1`` — only after reading the difference line by line.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import REAL, SEEDS

import yusuan

GOLDEN = Path(__file__).parent / "golden" / "claims"


def _documents() -> list[tuple[str, list[Path]]]:
    out = [(p.name.split("_")[0], [p]) for p in sorted(SEEDS.glob("*.txt"))]
    for p in sorted(REAL.glob("*.pdf")):
        if p.stem.endswith("_tables"):
            continue
        paths = [p] + ([p.with_name(p.name.replace("_explanation", "_tables"))] if p.stem.endswith("_explanation") else [])
        out.append((p.name.split("_")[0], paths))
    return out


def _subject(c) -> str:
    s = c.subject
    if not c.resolved or s is None:
        return "-"
    if s.kind == "row":
        return f"row {s.code}" + ("" if s.direct else " (context)")
    if s.kind == "table_row":
        return f"table_row {s.names.get('行')}"
    kind = s.names.get("类别")
    return f"figure {s.figure}" + (f" [{kind}]" if kind else "")


def snapshot(d) -> str:
    lines = []
    for i, c in enumerate(d.claims):
        where = f"p{c.source.page}" if c.source.page is not None else f"L{c.source.line}"
        rel = ""
        if c.of is not None:
            rel += f" of #{c.of}"
        if c.total_of:
            rel += " total_of " + ",".join(f"#{j}" for j in c.total_of)
        extra = f" {c.qualifier}" if c.qualifier else ""
        lines.append(f"#{i}\t{where}\t{c.printed}\t{c.measure}{extra}\t{_subject(c)}{rel}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name,paths", _documents(), ids=[n for n, _ in _documents()])
def test_claims_of_each_explanation(name, paths):
    d = yusuan.extract(paths[0]) if len(paths) == 1 else yusuan.extract_together(paths)
    got = snapshot(d)
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("YUSUAN_WRITE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")
