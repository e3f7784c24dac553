"""Budget execution in the corpus: a department's budget (预算) and 决算 of the same year, row by row.

A department is its ``department_key`` (its printed name, spaces removed), taken exactly: two bodies
whose names merely look alike are never paired, and a name that names no place (档案馆) is never paired
at all. A 部门预算 pairs with the 部门决算, a 单位预算 with the
单位决算, each the newest version stored. Where both documents print a department code and the codes
differ, they are not paired either. The rows are matched by :mod:`yusuan.budget_final`.
"""

from __future__ import annotations

from dataclasses import dataclass

from yusuan.budget_final import BUDGET_OF, FINAL_OF, compare, place
from yusuan.store.amounts import money
from yusuan.store.queries import QueryError, Result
from yusuan.store.store import LIST_COLUMNS, Store

KEYS = ["year", "table", "code", "name", "column", "budget", "final", "difference", "execution_rate",
        "budget_document", "budget_place", "final_document", "final_place", "note"]
HEADERS = ["年度", "表", "科目编码", "科目名称", "栏目", "预算数（万元）", "决算数（万元）", "差额（决算−预算）",
           "执行率%", "预算文件编号", "预算出处", "决算文件编号", "决算出处", "备注"]


@dataclass(frozen=True)
class Pair:
    budget: dict  # the documents row (Store.document's keys)
    final: dict


def _latest(store: Store, department_key: str) -> list[dict]:
    rows = store.backend.fetchall(
        f"SELECT {', '.join(LIST_COLUMNS)} FROM latest_documents WHERE department_key = ? ORDER BY year, id",
        (department_key,))
    return [dict(zip(LIST_COLUMNS, r)) for r in rows]


def _same_body(a: dict, b: dict) -> bool:
    """Certainly one body: a name that says where it is (档案馆 alone could be any county's) and no
    conflicting codes."""
    if a["region"] is None or b["region"] is None:
        return False
    return not (a["department_code"] and b["department_code"] and a["department_code"] != b["department_code"])


def pairs(store: Store, department_key: str, year: int | None = None) -> list[Pair]:
    """Each year's budget and 决算 of the department, both stored, oldest year first."""
    docs = [d for d in _latest(store, department_key) if d["year"] is not None and (year is None or d["year"] == year)]
    out = []
    for b in docs:
        if b["kind"] not in FINAL_OF:
            continue
        for f in docs:
            if f["kind"] == FINAL_OF[b["kind"]] and f["year"] == b["year"] and _same_body(b, f):
                out.append(Pair(b, f))
    return out


def counterpart(store: Store, doc: dict) -> Pair | None:
    """The pair a stored budget or 决算 belongs to: this document and the other kind's newest version."""
    other_kind = FINAL_OF.get(doc["kind"]) or BUDGET_OF.get(doc["kind"])
    if other_kind is None or doc["year"] is None:
        return None
    for other in _latest(store, doc["department_key"]):
        if other["kind"] == other_kind and other["year"] == doc["year"] and _same_body(doc, other):
            return Pair(doc, other) if doc["kind"] in FINAL_OF else Pair(other, doc)
    return None


def compared(store: Store, pair: Pair, result: Result) -> Result:
    """The rows both documents of ``pair`` print, added to ``result``."""
    budget, final = store.disclosure(pair.budget["id"]), store.disclosure(pair.final["id"])
    for ln in compare(budget, final):
        result.rows.append([
            pair.final["year"], ln.pairing.name, ln.code, ln.name, ln.column, money(ln.budget), money(ln.final),
            money(ln.difference), ln.rate, pair.budget["id"], f"{ln.budget_table.title.strip()} {place(ln.budget_row.source)}",
            pair.final["id"], f"{ln.final_table.title.strip()} {place(ln.final_row.source)}",
            "读取存疑，请对照原表" if ln.doubtful else None])
    return result


def _title(name: str, chosen: list[Pair]) -> str:
    cited = "；".join(f"{p.final['year']}年{p.budget['kind']}（文件 {p.budget['id']}）与{p.final['kind']}（文件 "
                     f"{p.final['id']}）" for p in chosen)
    return f"{name} 预算与决算对照：{cited}"


def budget_final(store: Store, department: str, year: int | None = None) -> Result:
    """A department's budget against its 决算 of the same year, row by row (万元)."""
    key = (department or "").strip()
    if not key:
        raise QueryError("请用 --department 给出部门（文件库中的部门名称，须完整，如 某市某区财政局）")
    if not _latest(store, key):
        like = sorted({r[0] for r in store.backend.fetchall(
            "SELECT DISTINCT department_key FROM latest_documents WHERE department_key LIKE ?", (f"%{key}%",))})
        hint = f"；名称中含“{key}”的部门：{'、'.join(like[:10])}" if like else ""
        raise QueryError(f"文件库中没有部门“{key}”的文件（部门名称须完整）{hint}")
    if all(d["region"] is None for d in _latest(store, key)):
        raise QueryError(f"部门名称“{key}”中没有地名，无法确定库中的预算和决算是同一单位的，不作对照")
    chosen = pairs(store, key, year)
    if not chosen:
        have = "、".join(f"{d['year'] or '年度不明'}年{d['kind'] or '类型不明'}" for d in _latest(store, key))
        when = f"{year}年" if year is not None else "同一年度"
        raise QueryError(f"部门“{key}”没有{when}的预算和决算可以对照（库中有：{have}）")
    result = Result(_title(key, chosen), KEYS, HEADERS)
    for p in chosen:
        compared(store, p, result)
    return result


def for_document(store: Store, doc_id: int) -> tuple[Pair | None, Result | None]:
    """The budget-against-决算 table of a stored budget or 决算, when the store holds its counterpart."""
    doc = store.document(doc_id)
    pair = counterpart(store, doc) if doc is not None else None
    if pair is None:
        return None, None
    name = doc["department_name"] or doc["department_key"]
    return pair, compared(store, pair, Result(_title(name, [pair]), KEYS, HEADERS))
