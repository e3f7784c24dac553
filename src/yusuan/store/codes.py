"""Codes a corpus has learned: a classification code printed under the same name in enough of a year's
documents is a known code of that year, though no catalog shipped or imported lists it.

Only the newest version of each document counts, each document once per code. A code whose documents
disagree on its name is learned under a name only when that name has the required number of documents
and more than any other; a code the year's catalog already lists is not learned (the catalog decides).
"""

from __future__ import annotations

from collections import defaultdict

from yusuan import catalogs as cat
from yusuan.store.store import Store

LENGTHS = {"func": (3, 5, 7), "dept_econ": (3, 5), "gov_econ": (3, 5)}


def _kind(table_id: str, code: str) -> str | None:
    from yusuan.rules.codes import ECON_TABLES, FUNC_TABLES

    if not code.isdigit():
        return None
    if table_id in FUNC_TABLES and code.startswith("2"):
        kind = "func"
    elif table_id in ECON_TABLES and code[:1] in "35":
        kind = "dept_econ" if code.startswith("3") else "gov_econ"
    else:
        return None
    return kind if len(code) in LENGTHS[kind] else None


def learned_codes(store: Store, *, min_documents: int = 3) -> dict[tuple[str, int], list[tuple[str, str, str]]]:
    """{(kind, year): [(code, name, source)]} for every code seen under one name in ``min_documents``
    documents of a year or more."""
    from yusuan.rules.codes import ECON_TABLES, FUNC_TABLES

    tables = FUNC_TABLES + ECON_TABLES
    rows = store.backend.fetchall(
        "SELECT d.year, d.id, r.table_id, r.code, r.name FROM latest_documents d "
        "JOIN table_rows r ON r.document_id = d.id WHERE d.year IS NOT NULL AND r.code IS NOT NULL "
        f"AND r.table_id IN ({', '.join('?' * len(tables))})", list(tables))
    seen: dict[tuple[str, int, str], dict[str, dict]] = defaultdict(dict)
    for year, doc, table_id, code, name in rows:
        code = (code or "").strip()
        kind = _kind(table_id, code)
        if kind is None or not (name or "").strip():
            continue
        slot = seen[(kind, int(year), code)].setdefault(cat.normalize(name), {"name": name.strip(), "docs": set()})
        slot["docs"].add(int(doc))
    out: dict[tuple[str, int], list[tuple[str, str, str]]] = defaultdict(list)
    for (kind, year, code), names in sorted(seen.items()):
        c = cat.catalog(kind, year)
        if c is not None and c.get(code) is not None:
            continue
        ranked = sorted(names.values(), key=lambda n: (-len(n["docs"]), n["name"]))
        best = ranked[0]
        if len(best["docs"]) < min_documents or (len(ranked) > 1 and len(ranked[1]["docs"]) == len(best["docs"])):
            continue
        ids = sorted(best["docs"])
        shown = "、".join(map(str, ids[:5])) + ("等" if len(ids) > 5 else "")
        source = f"文件库 {store.location}：{len(ids)} 份{year}年文件如此印（文件编号 {shown}）"
        out[(kind, year)].append((code, best["name"], source))
    return dict(out)
