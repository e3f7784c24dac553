"""Figures that jump out of a department's own history and out of its peers' (``yusuan report --corpus``).

For each department's series of a standard figure (the newest documents, one per year, as the queries
read them), each year's change from the year before is compared twice:

* with the department's own changes in its other years (their median), and
* with the changes of its peers in the same year: the other departments of the same region whose
  largest expenditure is in the same 功能分类 类 (at least ``MIN_PEERS`` of them with a change that
  year; their median). A department whose documents print no expenditure table is compared with the
  region's others of the kind.

A change is an alert when it is at least ``GAP`` percentage points away from both, in the same
direction: a jump that neither the department's habits nor its region's year explain. Each alert
carries both comparisons, so that a reader sees why it was raised; an alert says where to look, not
that a figure is wrong.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from statistics import median

from yusuan.store.amounts import money, percent
from yusuan.store.queries import Result, figure_key, figure_series
from yusuan.store.records import FIGURES
from yusuan.store.store import Store

GAP = Decimal(30)  # percentage points away from the department's own median change and its peers'
MIN_PEERS = 3
# The figures a corpus report looks at unless told otherwise: the ones disclosures are read for.
WATCHED = ("expenditure_total", "basic", "project", "three_public_total", "operation_cost", "reception",
           "overseas", "vehicle_purchase_and_operation")

KEYS = ["department", "region", "figure", "figure_name", "year", "value", "previous", "change_percent",
        "own_median_percent", "own_years", "peer_median_percent", "peers", "document_id", "explanation"]
HEADERS = ["部门", "地区", "指标", "指标名称", "年度", "金额（万元）", "上年（万元）", "增减%", "本部门其他年度增减%中位数",
           "本部门比较的年数", "同地区同年增减%中位数", "同地区部门数", "文件编号", "说明"]


def _signed(p: Decimal) -> str:
    return f"+{p}%" if p > 0 else f"{p}%"


def main_classes(store: Store) -> dict[int, tuple[str, str]]:
    """For each newest document with an expenditure table: the 功能分类 类 (code, printed name) of its
    largest total."""
    rows = store.backend.fetchall(
        "SELECT r.document_id, r.code, r.name, v.value_wan FROM latest_documents d "
        "JOIN table_rows r ON r.document_id = d.id JOIN row_values v ON v.document_id = r.document_id "
        "AND v.table_id = r.table_id AND v.row_index = r.row_index WHERE r.table_id = 'expenditure_summary' "
        "AND v.column_id = 'total' AND length(r.code) = 3 AND v.value_wan IS NOT NULL")
    best: dict[int, tuple] = {}
    for doc, code, name, value in rows:
        if doc not in best or (value, code) > (best[doc][0], best[doc][1]):
            best[doc] = (value, code, name)
    return {doc: (code, name) for doc, (_v, code, name) in best.items()}


def anomalies(store: Store, figures: list[str] | None = None, *, year: int | None = None,
              gap: Decimal = GAP, min_peers: int = MIN_PEERS) -> Result:
    keys = [figure_key(f) for f in figures] if figures else list(WATCHED)
    series = figure_series(store, keys)
    # (department, key) -> {year: (change %, value, previous, doc)}
    changes: dict[tuple, dict[int, tuple]] = defaultdict(dict)
    regions: dict[str, str | None] = {}
    for (dept, key), years in series.items():
        for y, (value, doc) in years.items():
            regions.setdefault(dept, doc["region"])
            prev = years.get(y - 1)
            if prev is None:
                continue
            pct = percent(value - prev[0], abs(prev[0]))
            if pct is not None:
                changes[(dept, key)][y] = (pct, value, prev[0], doc)
    classes = main_classes(store)
    # (region, 类 code, key, year) -> [(dept, change)]
    peers: dict[tuple, list[tuple[str, Decimal]]] = defaultdict(list)
    for (dept, key), by_year in changes.items():
        region = regions.get(dept)
        if region is None:
            continue  # a name that says no place has no peers to compare with
        for y, (pct, _value, _prev, doc) in by_year.items():
            peers[(region, classes.get(doc["id"], (None,))[0], key, y)].append((dept, pct))

    title = "文件库异常变动：与本部门历年和同地区部门同年相比都明显不同的指标" + (f"（{year}年）" if year else "")
    result = Result(title, KEYS, HEADERS)
    found = []
    for (dept, key), by_year in changes.items():
        region = regions.get(dept)
        for y, (pct, value, prev, doc) in by_year.items():
            if year is not None and y != year:
                continue
            own = {oy: c[0] for oy, c in by_year.items() if oy != y}
            code, class_name = classes.get(doc["id"], (None, None))
            others = [c for d, c in peers.get((region, code, key, y), []) if d != dept]
            if not own or len(others) < min_peers:
                continue
            own_median = Decimal(median(own.values())).quantize(Decimal("0.01"))
            peer_median = Decimal(median(others)).quantize(Decimal("0.01"))
            own_gap, peer_gap = pct - own_median, pct - peer_median
            if abs(own_gap) < gap or abs(peer_gap) < gap or (own_gap > 0) != (peer_gap > 0):
                continue
            years_text = "、".join(f"{oy}年 {_signed(c)}" for oy, c in sorted(own.items()))
            explanation = (f"{y}年{FIGURES[key]} {money(value)} 万元，比上年 {money(prev)} 万元 {_signed(pct)}；"
                           f"本部门其他年度的增减（{years_text}）中位数 {_signed(own_median)}；"
                           f"{region}其他 {len(others)} 个部门"
                           + (f"（最大支出同为 {code} {class_name}）" if code else "（都没有支出表）")
                           + f"同年增减的中位数 {_signed(peer_median)}")
            found.append((abs(peer_gap) + abs(own_gap), [doc["department"], region, key, FIGURES[key], y, money(value),
                                                           money(prev), pct, own_median, len(own), peer_median,
                                                           len(others), doc["id"], explanation]))
    found.sort(key=lambda f: (-f[1][4], -f[0], f[1][0], f[1][2]))
    result.rows = [row for _score, row in found]
    return result
