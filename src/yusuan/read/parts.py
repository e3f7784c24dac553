"""Files that are parts of one disclosure: an explanation and its tables published separately.

Some bodies publish the 情况说明 and the 公开表 as two files of the same name but for a part word
("…_explanation.pdf" + "…_tables.pdf", "…预算说明.pdf" + "…预算表.pdf"). Checked apart, the explanation
lacks every table and the tables lack every statement; read together they are the disclosure.
"""

from __future__ import annotations

import re
from pathlib import Path

# A part word at the end of a file name, after a separator or straight after the Chinese name.
_PART = re.compile(r"(?:[_\-\s.（(]+)?(?P<part>explanation|explain|text|tables?|附表|公开表|报表|表格|情况说明|说明|表)"
                   r"[)）]?$", re.IGNORECASE)
_TABLE_PARTS = ("table", "tables", "附表", "公开表", "报表", "表格", "表")


def _split(path: Path) -> tuple[str, str] | None:
    """(the name without its part word, the part word), or None for a name with no part word."""
    m = _PART.search(path.stem)
    if m is None or m.start() == 0:
        return None
    return path.stem[:m.start()], m.group("part").lower()


def _is_tables(part: str) -> bool:
    return part in _TABLE_PARTS


def group(paths: list[Path]) -> list[tuple[list[Path], str | None]]:
    """The files as disclosures, in input order: an explanation and a tables file of one folder whose
    names differ only in their part word become one disclosure (explanation first), with the reason."""
    keyed: dict[tuple[Path, str], list[tuple[Path, str]]] = {}
    for p in paths:
        split = _split(p)
        if split is not None:
            keyed.setdefault((p.parent, split[0]), []).append((p, split[1]))
    out: list[tuple[list[Path], str | None]] = []
    done: set[Path] = set()
    for p in paths:
        if p in done:
            continue
        split = _split(p)
        members = keyed.get((p.parent, split[0]), []) if split else []
        tables = [m for m in members if _is_tables(m[1])]
        texts = [m for m in members if not _is_tables(m[1])]
        if len(tables) == 1 and len(texts) == 1:
            (text_path, text_part), (table_path, table_part) = texts[0], tables[0]
            done.update((text_path, table_path))
            out.append(([text_path, table_path],
                        f"两个文件名只差“{text_part}”和“{table_part}”（{split[0]}），是同一份公开文件的说明和表格"))
        else:
            done.add(p)
            out.append(([p], None))
    return out
