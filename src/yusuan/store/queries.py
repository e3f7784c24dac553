"""The standard questions asked of a corpus, answered the same way on DuckDB and PostgreSQL.

Every query reads the newest version of each document (``latest_documents``). Money is 万元 and
``Decimal``; changes and percentages are computed here, in Python, so both databases give the same
digits. Orderings that depend on text are done here too (databases sort Chinese text by their own
collation).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from yusuan.store import summaries
from yusuan.store.amounts import CENT, money, percent
from yusuan.store.records import FIGURES
from yusuan.store.store import Store
from yusuan.store.summaries import KIND_ORDER, lost_parts, points_dec
LEVELS = {"类": 3, "款": 5, "项": 7}


class QueryError(ValueError):
    """A query asked with a bad argument (message in Chinese)."""


# Keys of the columns that hold 万元, and of those that hold percentages: printed with two decimals.
MONEY_KEYS = frozenset({"value", "previous", "change", "total", "budget", "final", "difference"})
PERCENT_KEYS = frozenset({"change_percent", "complete_percent", "execution_rate"})


@dataclass
class Result:
    title: str
    keys: list[str]
    columns: list[str]  # Chinese headers, one per key
    rows: list[list] = field(default_factory=list)

    def printed(self, key: str, value):
        """A value as a table or CSV prints it: 万元 and percentages to two decimals (half up), as budgets
        print 万元; every stored digit stays in JSON and XLSX (a 元 document's 12345.67 is 1.234567 万元)."""
        if isinstance(value, Decimal) and (key in MONEY_KEYS or key in PERCENT_KEYS):
            return value.quantize(CENT, rounding=ROUND_HALF_UP)
        return value

    def records(self) -> list[dict]:
        return [dict(zip(self.keys, r)) for r in self.rows]


def figure_key(name: str) -> str:
    """A figure by key (``operation_cost``) or Chinese name (机关运行经费, 三公经费, “三公”经费)."""
    text = name.strip().replace("“", "").replace("”", "").replace('"', "")
    for key, label in FIGURES.items():
        if text in (key, label.replace("“", "").replace("”", "")):
            return key
    aliases = {"三公": "three_public_total", "收入": "income_total", "支出": "expenditure_total",
               "公务用车": "vehicle_purchase_and_operation", "出国": "overseas", "接待": "reception"}
    if text in aliases:
        return aliases[text]
    names = "、".join(FIGURES.values())
    raise QueryError(f"未知的指标：{name}（可用：{names}；或英文键，如 operation_cost）")


def _kind_rank(kind: str | None) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def _summarized(store: Store, summary: bool | None) -> bool:
    """Read the summary tables (``summary=None``: when they are current), or the base tables."""
    return summaries.current(store) if summary is None else summary


def figure_series(store: Store, keys: list[str], department: str | None = None, *, region: str | None = None,
                  summary: bool | None = None) -> dict:
    """{(department_key, key): {year: (value, doc)}} over the newest documents, one document per year."""
    if _summarized(store, summary):
        return _summary_series(store, keys, department, region)
    where, params = [f"f.key IN ({', '.join('?' * len(keys))})", "d.year IS NOT NULL"], list(keys)
    if department:
        where.append("(d.department_name LIKE ? OR d.department_key LIKE ?)")
        params += [f"%{department}%"] * 2
    if region:
        where.append("d.region LIKE ?")
        params.append(f"%{region}%")
    rows = store.backend.fetchall(
        "SELECT d.department_key, d.department_name, d.region, d.year, d.kind, d.id, f.key, f.value_wan "
        "FROM latest_documents d JOIN figures f ON f.document_id = d.id WHERE " + " AND ".join(where), params)
    best: dict = {}
    for dept, name, region, year, kind, doc, key, value in rows:
        slot = (dept, key, year)
        rank = (_kind_rank(kind), -doc)
        if slot not in best or rank < best[slot][0]:
            best[slot] = (rank, value, {"department": name or dept, "region": region, "kind": kind, "id": doc})
    out: dict = defaultdict(dict)
    for (dept, key, year), (_rank, value, doc) in best.items():
        out[(dept, key)][year] = (value, doc)
    return out


# The regions a part of a name matches, from the short list of departments: the figures of those regions
# are then found by the index on (key, year, region), not by reading every department's row of the year.
_REGIONS = "{column} IN (SELECT DISTINCT region FROM summary_departments WHERE region LIKE ?)"


def _summary_series(store: Store, keys: list[str], department: str | None, region: str | None) -> dict:
    # A department's documents all carry its key, and their printed name is that key (or none): matching
    # the key is matching the documents' names, as the base query does.
    where, params = [f"s.key IN ({', '.join('?' * len(keys))})"], list(keys)
    if department:
        where.append("s.department_key IN (SELECT department_key FROM summary_departments WHERE department_key LIKE ?)")
        params.append(f"%{department}%")
    if region:
        where.append(_REGIONS.format(column="s.region"))
        params.append(f"%{region}%")
    rows = store.backend.fetchall(
        "SELECT s.department_key, s.department_name, s.region, s.year, s.kind, s.document_id, s.key, s.value_wan "
        "FROM summary_figures s WHERE " + " AND ".join(where), params)
    out: dict = defaultdict(dict)
    for dept, name, reg, year, kind, doc, key, value in rows:
        out[(dept, key)][year] = (value, {"department": name or dept, "region": reg, "kind": kind, "id": doc})
    return out


def trend(store: Store, department: str, figures: list[str] | None = None, *, summary: bool | None = None) -> Result:
    """A department's figures over the years, with the change from the year before and its percentage."""
    if not department.strip():
        raise QueryError("请给出部门名称（或名称中的一段）")
    keys = [figure_key(f) for f in figures] if figures else list(FIGURES)
    series = figure_series(store, keys, department.strip(), summary=summary)
    result = Result(f"{department} 各年度指标",
                    ["department", "year", "figure", "figure_name", "value", "previous", "change", "change_percent",
                     "document_id"],
                    ["部门", "年度", "指标", "指标名称", "金额（万元）", "上年（万元）", "比上年增减", "增减%", "文件编号"])
    order = {k: i for i, k in enumerate(keys)}
    for (dept, key) in sorted(series, key=lambda s: (s[0], order[s[1]])):
        years = series[(dept, key)]
        for year in sorted(years):
            value, doc = years[year]
            prev = years.get(year - 1)
            prev_v = prev[0] if prev else None
            change = value - prev_v if prev_v is not None else None
            result.rows.append([doc["department"], year, key, FIGURES[key], money(value), money(prev_v),
                                money(change), percent(change, prev_v), doc["id"]])
    return result


def rank(store: Store, figure: str, *, year: int | None = None, by: str = "value", limit: int = 20,
         region: str | None = None, summary: bool | None = None) -> Result:
    """Departments ranked by a figure in a year (``by="value"``) or by its growth over the year before;
    with ``region``, the departments of the regions whose name holds it."""
    if by not in ("value", "growth", "change"):
        raise QueryError(f"未知的排序方式：{by}（可用：value 金额、growth 增长率、change 增减额）")
    key = figure_key(figure)
    region = region.strip() if region and region.strip() else None
    if _summarized(store, summary):
        year, found = _summary_year(store, key, year, region)
    else:
        year, found = _series_year(store, key, year, region)
    if year is None:
        return _rank_result(key, None, by, region)
    entries = []
    for dept, doc, value, prev_v in found:
        change = value - prev_v if prev_v is not None else None
        pct = percent(change, prev_v)
        if by == "value":
            metric = value
        elif by == "change":
            metric = change
        else:
            metric = pct
        if metric is None:
            continue
        entries.append((metric, dept, doc, value, prev_v, change, pct))
    entries.sort(key=lambda e: (-e[0], e[1]))
    result = _rank_result(key, year, by, region)
    for i, (_m, dept, doc, value, prev_v, change, pct) in enumerate(entries[:limit], start=1):
        result.rows.append([i, doc["department"], doc["region"], year, money(value), money(prev_v), money(change),
                            pct, doc["id"]])
    return result


def _series_year(store: Store, key: str, year: int | None, region: str | None) -> tuple[int | None, list]:
    """The year asked (or the newest) and, for each department with the figure that year: (department
    key, document, value, the year before's value)."""
    series = figure_series(store, [key], region=region, summary=False)
    if year is None:
        years = [y for s in series.values() for y in s]
        if not years:
            return None, []
        year = max(years)
    found = []
    for (dept, _key), years in series.items():
        if year in years:
            value, doc = years[year]
            prev = years.get(year - 1)
            found.append((dept, doc, value, prev[0] if prev else None))
    return year, found


def _summary_year(store: Store, key: str, year: int | None, region: str | None) -> tuple[int | None, list]:
    where, params = ["key = ?"], [key]
    if region:
        where.append(_REGIONS.format(column="region"))
        params.append(f"%{region}%")
    if year is None:
        year = store.backend.fetchall(f"SELECT max(year) FROM summary_figures WHERE {' AND '.join(where)}", params)[0][0]
        if year is None:
            return None, []
    rows = store.backend.fetchall(
        "SELECT department_key, department_name, region, kind, document_id, value_wan, previous_wan "
        f"FROM summary_figures WHERE {' AND '.join(where)} AND year = ?", [*params, year])
    return int(year), [(dept, {"department": name or dept, "region": reg, "kind": kind, "id": doc}, value, prev)
                       for dept, name, reg, kind, doc, value, prev in rows]


def _rank_result(key: str, year: int | None, by: str, region: str | None = None) -> Result:
    how = {"value": "金额", "growth": "增长率", "change": "增减额"}[by]
    return Result(f"{region or ''}{year or ''}年 {FIGURES[key]} 按{how}排名",
                  ["rank", "department", "region", "year", "value", "previous", "change", "change_percent",
                   "document_id"],
                  ["名次", "部门", "地区", "年度", "金额（万元）", "上年（万元）", "比上年增减", "增减%", "文件编号"])


def functional(store: Store, *, level: str = "类", year: int | None = None,
               table: str = "expenditure_summary") -> Result:
    """Totals by 功能分类 类/款/项 (the ``total`` column of a table) across the corpus, by year."""
    if level not in LEVELS:
        raise QueryError(f"未知的科目级次：{level}（可用：类、款、项）")
    where, params = ["r.table_id = ?", "v.column_id = 'total'", "length(r.code) = ?", "d.year IS NOT NULL"], \
        [table, LEVELS[level]]
    if year is not None:
        where.append("d.year = ?")
        params.append(year)
    cond = " AND ".join(where)
    join = ("FROM latest_documents d JOIN table_rows r ON r.document_id = d.id "
            "JOIN row_values v ON v.document_id = r.document_id AND v.table_id = r.table_id "
            "AND v.row_index = r.row_index WHERE ")
    # one pass: per code, year and printed name; names and document counts are folded here
    rows = store.backend.fetchall(
        f"SELECT r.code, d.year, r.name, sum(v.value_wan), count(DISTINCT d.id) {join}{cond} "
        "GROUP BY r.code, d.year, r.name", params)
    totals: dict[tuple, list] = {}
    names: dict[str, Counter] = defaultdict(Counter)
    for code, yr, name, total, docs in rows:
        slot = totals.setdefault((code, yr), [Decimal(0), 0])
        slot[0] += total if total is not None else 0
        slot[1] += int(docs)
        names[code][name] += int(docs)
    sums = [(code, yr, total, docs) for (code, yr), (total, docs) in totals.items()]
    result = Result(f"功能分类（{level}）支出合计" + (f"，{year}年" if year else ""),
                    ["code", "name", "year", "total", "documents"],
                    ["科目编码", "科目名称", "年度", "合计（万元）", "文件数"])
    for code, yr, total, docs in sorted(sums, key=lambda r: (r[1], r[0])):
        common = sorted(names[code].items(), key=lambda kv: (-kv[1], kv[0]))
        result.rows.append([code, common[0][0] if common else None, yr, money(total), int(docs)])
    return result


def findings_by_rule(store: Store, rule: str | None = None, *, summary: bool | None = None) -> Result:
    """How many documents each rule finds something in; with ``rule``, the documents themselves."""
    summarized = _summarized(store, summary)
    if not rule:
        if summarized:
            rows = store.backend.fetchall("SELECT rule, title, count(*), sum(n_findings), sum(n_errors) "
                                          "FROM summary_findings GROUP BY rule, title")
        else:
            rows = store.backend.fetchall(
                "SELECT f.rule, f.title, count(DISTINCT f.document_id), count(*), "
                "sum(CASE WHEN f.severity = '错误' THEN 1 ELSE 0 END) "
                "FROM findings f JOIN latest_documents d ON d.id = f.document_id GROUP BY f.rule, f.title")
        result = Result("各规则的发现", ["rule", "title", "documents", "findings", "errors"],
                        ["规则", "标题", "文件数", "发现数", "其中错误"])
        for r in sorted(rows, key=lambda r: r[0]):
            result.rows.append([r[0], r[1], int(r[2]), int(r[3]), int(r[4])])
        return result
    prefix = rule.strip().upper()
    if summarized:
        # A whole rule id (a letter and three digits, as every rule's) is looked up by the index; what
        # the prefix of a whole id matches is that id alone.
        cond, arg = ("rule = ?", prefix) if re.fullmatch(r"[A-Z][0-9]{3}", prefix) else ("rule LIKE ?", prefix + "%")
        rows = store.backend.fetchall(
            "SELECT document_id, department_name, department_key, region, year, kind, source, sum(n_findings) "
            f"FROM summary_findings WHERE {cond} "
            "GROUP BY document_id, department_name, department_key, region, year, kind, source", (arg,))
    else:
        rows = store.backend.fetchall(
            "SELECT d.id, d.department_name, d.department_key, d.region, d.year, d.kind, d.source, count(*) "
            "FROM findings f JOIN latest_documents d ON d.id = f.document_id WHERE f.rule LIKE ? "
            "GROUP BY d.id, d.department_name, d.department_key, d.region, d.year, d.kind, d.source",
            (prefix + "%",))
    result = Result(f"有 {prefix} 发现的文件",
                    ["document_id", "department", "region", "year", "kind", "source", "findings"],
                    ["文件编号", "部门", "地区", "年度", "种类", "文件", "发现数"])
    for r in sorted(rows, key=lambda r: (-int(r[7]), r[0])):
        result.rows.append([r[0], r[1] or r[2], r[3], r[4], r[5], r[6], int(r[7])])
    return result


# What a document's completeness rules (C) say, as a reviewer reads it: 完整 only when every one of them
# passed. A rule that did not apply (不适用: not a budget disclosure, no 三公 change to explain) or could not
# run (数据不足: a table it needs was not found) has not shown the document complete, so such a document is
# 未能判定, counted apart from 不完整 (some rule failed) and never as 完整.
COMPLETE, INCOMPLETE, UNDETERMINED = "完整", "不完整", "未能判定"


def _completeness_rows(store: Store) -> list[tuple]:
    """The newest documents, one row each: id, department name and key, region, year, kind, the C rules that
    passed, failed, did not apply and could not run (each comma-joined, or None), and the count of C
    findings. The database gathers each document's rules: fetched a row a rule, they took the Python side
    longer than the query."""
    gathered = ", ".join(f"string_agg(CASE WHEN outcome = '{name}' THEN rule END, ',') AS {alias}" for name, alias in
                         (("通过", "passed"), ("不通过", "failed"), ("不适用", "not_applicable"), ("数据不足", "insufficient")))
    return store.backend.fetchall(
        "SELECT d.id, d.department_name, d.department_key, d.region, d.year, d.kind, o.passed, o.failed, "
        "o.not_applicable, o.insufficient, f.n FROM latest_documents d "
        f"LEFT JOIN (SELECT document_id, {gathered} FROM rule_outcomes WHERE rule LIKE 'C%' GROUP BY document_id) o "
        "ON o.document_id = d.id "
        "LEFT JOIN (SELECT document_id, count(*) AS n FROM findings WHERE rule LIKE 'C%' GROUP BY document_id) f "
        "ON f.document_id = d.id")


def _verdict(passed: str | None, failed: str | None, not_applicable: str | None, insufficient: str | None) -> str:
    if failed:
        return INCOMPLETE
    if passed and not not_applicable and not insufficient:
        return COMPLETE
    return UNDETERMINED


def _rules(gathered: str | None) -> str:
    return "、".join(sorted(gathered.split(","))) if gathered else ""


def completeness(store: Store, *, documents: bool = False) -> Result:
    """Completeness (the C rules) by region; with ``documents``, every document not shown complete."""
    rows = _completeness_rows(store)
    if documents:
        result = Result("不完整或未能判定的文件",
                        ["document_id", "department", "region", "year", "kind", "verdict", "failed",
                         "not_applicable", "insufficient", "findings"],
                        ["文件编号", "部门", "地区", "年度", "种类", "结论", "未通过的完整性规则", "不适用的规则",
                         "数据不足的规则", "发现数"])
        for doc, name, key, region, year, kind, *by_outcome, found in sorted(
                rows, key=lambda r: (r[3] or "", r[2], r[4] or 0, r[0])):
            verdict = _verdict(*by_outcome)
            if verdict != COMPLETE:
                result.rows.append([doc, name or key, region, year, kind, verdict,
                                    *(_rules(r) for r in by_outcome[1:]), int(found or 0)])
        return result
    regions: dict[str | None, Counter] = defaultdict(Counter)
    for r in rows:
        region = regions[r[3]]
        region[_verdict(*r[6:10])] += 1
        region["findings"] += int(r[10] or 0)
    result = Result("各地区公开完整性",
                    ["region", "documents", "complete", "incomplete", "undetermined", "complete_percent", "findings"],
                    ["地区", "文件数", "完整", "不完整", "未能判定", "完整率%", "完整性发现数"])
    for region in sorted(regions, key=lambda r: (r is None, r or "")):
        c = regions[region]
        n = c[COMPLETE] + c[INCOMPLETE] + c[UNDETERMINED]
        result.rows.append([region or "（未识别）", n, c[COMPLETE], c[INCOMPLETE], c[UNDETERMINED],
                            percent(Decimal(c[COMPLETE]), Decimal(n)) if n else None, c["findings"]])
    return result


def transparency(store: Store, *, year: int | None = None, region: str | None = None,
                 summary: bool | None = None) -> Result:
    """The newest documents ranked by transparency score (highest first), with the parts that lost points.
    Documents that are not scored (not a budget or final account) are left out."""
    summarized = _summarized(store, summary)
    where, params = ([] if summarized else ["t.score IS NOT NULL"]), []
    col = "s." if summarized else "d."
    if year is not None:
        where.append(f"{col}year = ?")
        params.append(year)
    if region:
        where.append(_REGIONS.format(column=f"{col}region") if summarized else f"{col}region LIKE ?")
        params.append(f"%{region.strip()}%")
    if summarized:
        rows = store.backend.fetchall(
            "SELECT s.document_id, s.department_name, s.department_key, s.region, s.year, s.kind, s.score, s.earned, "
            "s.possible, s.lost FROM summary_transparency s" + (" WHERE " + " AND ".join(where) if where else ""),
            params)
    else:
        rows = [(*r[:9], lost_parts(r[9])) for r in store.backend.fetchall(
            "SELECT d.id, d.department_name, d.department_key, d.region, d.year, d.kind, t.score, t.earned, "
            "t.possible, t.parts FROM latest_documents d JOIN transparency_scores t ON t.document_id = d.id WHERE "
            + " AND ".join(where), params)]
    title = "透明度得分排名" + (f"（{year}年）" if year is not None else "") + (f"（{region.strip()}）" if region else "")
    result = Result(title, ["rank", "department", "region", "year", "kind", "score", "earned", "possible", "lost",
                            "document_id"],
                    ["名次", "部门", "地区", "年度", "种类", "透明度得分", "得分", "可评满分", "失分的部分", "文件编号"])
    ordered = sorted(rows, key=lambda r: (-points_dec(r[6]), r[2], r[4] or 0, r[0]))
    place, previous = 0, None
    for i, (doc, name, key, reg, yr, kind, score, earned, possible, lost) in enumerate(ordered, 1):
        score = points_dec(score).quantize(Decimal("0.1"))
        if score != previous:  # equal scores share a place
            place, previous = i, score
        result.rows.append([place, name or key, reg, yr, kind, score, points_dec(earned), points_dec(possible),
                            lost, doc])
    return result


STANDARD = {
    "trend": "一个部门各年度的指标（比上年增减及百分比）",
    "rank": "按指标（或其增长率）给部门排名",
    "functional": "按功能分类类/款汇总全库支出",
    "findings": "按规则统计有发现的文件",
    "completeness": "按地区统计公开完整性",
    "transparency": "按透明度得分给文件排名",
    "budget_final": "一个部门同一年度的预算与决算逐行对照（差额、执行率）",
}
