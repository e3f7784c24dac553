"""The standard questions over a corpus of 100,000 documents: their latency in PostgreSQL (and DuckDB).

Run as ``python3 bench/corpus_queries.py --postgres`` (a throwaway PostgreSQL server, as the tests start
one) or ``--db postgresql://…/postgres`` (a server of your own: a fresh database is made beside the one
named); ``--duckdb`` also fills a DuckDB file with the same rows, times the questions there and checks
that both give the same answers. ``--check`` exits 1 when a question takes 1 second or more.

The corpus is not read from documents (100,000 would take hours): its rows are generated straight into
the store's tables with COPY, in the store's schema, with the distributions of a national corpus:
about 600 regions of 20–40 departments each, a budget (部门预算) a year for five years and now and then a
决算 or a second version, the standard figures drifting from year to year, findings of some 40 rules with
a few common and many rare, a transparency score for each budget and 决算. The extraction and report
JSON of each document are short placeholders (a read document's are 100–180 KB): the database size
printed leaves them out, and docs/scale.md adds them.

Then the summaries are rebuilt from the base tables (and, as after a batch of an ingest, for 100
departments), and each question is asked ``--runs`` times (the median is printed), from the summaries
and, for comparison, from the base tables.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

LIMIT_SECONDS = 1.0
YEARS = (2020, 2021, 2022, 2023, 2024)
CITIES = ["石家庄", "保定", "唐山", "邯郸", "邢台", "沧州", "廊坊", "衡水", "承德", "张家口", "秦皇岛", "太原", "大同",
          "长治", "晋城", "呼和浩特", "包头", "沈阳", "大连", "鞍山", "长春", "吉林", "哈尔滨", "齐齐哈尔", "南京", "无锡",
          "徐州", "常州", "苏州", "南通", "杭州", "宁波", "温州", "嘉兴", "湖州", "合肥", "芜湖", "蚌埠", "福州", "厦门",
          "泉州", "南昌", "赣州", "济南", "青岛", "淄博", "烟台", "郑州", "洛阳", "武汉", "宜昌", "长沙", "株洲", "广州",
          "深圳", "南宁", "成都", "绵阳", "贵阳", "昆明"]
DISTRICTS = ["桥西", "新华", "长安", "城关", "开发", "高新", "东城", "西城", "南湖", "北湖"]
AGENCIES = ["信访局", "财政局", "教育局", "民政局", "司法局", "审计局", "统计局", "商务局", "文化和旅游局", "卫生健康委员会",
            "发展和改革局", "工业和信息化局", "公安局", "人力资源和社会保障局", "自然资源和规划局", "生态环境局",
            "住房和城乡建设局", "交通运输局", "水务局", "农业农村局", "应急管理局", "市场监督管理局", "医疗保障局",
            "退役军人事务局", "林业局", "档案馆", "机关事务服务中心", "政务服务管理局", "城市管理综合行政执法局",
            "科学技术局", "体育局", "人民防空办公室", "融媒体中心", "图书馆", "文化馆", "疾病预防控制中心", "妇幼保健院",
            "第一中学", "实验小学", "中心幼儿园"]
# rule ids and titles as the catalog names them: a few common, many rare (weights fall as 1/rank)
RULES = [("N011", "说明中的数字与表格不一致"), ("C001", "缺少应公开的表"), ("C004", "缺少应说明的事项"),
         ("S001", "合计不等于各项之和"), ("N001", "收支总额与说明不符"), ("N003", "三公经费与说明不符"),
         ("N004", "机关运行经费与说明不符"), ("N008", "政府采购金额与说明不符"), ("P004", "项目绩效目标不完整"),
         ("S004", "上下级科目之和不符"), ("S005", "基本支出不等于人员与公用之和"), ("F006", "与上年决算差异过大"),
         ("F007", "决算与预算差异过大"), ("K001", "科目编码与名称不符"), ("E001", "收支不平衡"), ("E002", "财政拨款收支不平衡"),
         ("R001", "表间数字不一致"), ("S003", "小计不等于明细之和"), ("N005", "增减原因未说明")] + [
    (f"X{i:03d}", f"其他规则 {i}") for i in range(1, 22)]
FIGURE_SHARES = {"income_total": 1.0, "expenditure_total": 1.0, "basic": 0.62, "project": 0.38, "personnel": 0.5,
                 "public": 0.12, "three_public_total": 0.006, "overseas": 0.0006, "vehicle_purchase_and_operation": 0.004,
                 "vehicle_purchase": 0.001, "vehicle_operation": 0.003, "reception": 0.0014, "operation_cost": 0.09}
PARTS = ["部门预算收支总表", "财政拨款收支总表", "一般公共预算支出表", "三公经费表", "政府性基金表", "情况说明", "名词解释",
         "机关运行经费", "政府采购", "国有资产", "绩效目标"]


def _money(x: float) -> str:
    return str(Decimal(x).quantize(Decimal("0.01")))


def generate(folder: Path, documents: int, seed: int = 20261207) -> dict:
    """Write one tab-separated file per table (COPY's text format) and return what was made."""
    rng = random.Random(seed)
    regions = [f"{c}市{d}区" for c in CITIES for d in DISTRICTS]
    n_depts = documents // (len(YEARS) - 1) + 1  # more than enough: budgets, now and then a 决算 or a version
    files = {t: open(folder / f"{t}.tsv", "w", encoding="utf-8") for t in
             ("documents", "figures", "findings", "transparency_scores", "rule_outcomes")}
    weights = [1 / (i + 1) for i in range(len(RULES))]
    doc_id = 0
    departments = []
    for d in range(n_depts):
        if doc_id >= documents:
            break
        region = regions[d % len(regions)]
        name = region + AGENCIES[(d // len(regions)) % len(AGENCIES)]
        if d >= len(regions) * len(AGENCIES):
            name = region + f"第{d // (len(regions) * len(AGENCIES))}" + AGENCIES[d % len(AGENCIES)]
        departments.append(name)
        size = math.exp(rng.gauss(math.log(2000), 1.0))  # 万元, a median of 20 million 元
        docs = [(y, "部门预算", 1) for y in YEARS]
        if rng.random() < 0.2:
            docs.append((rng.choice(YEARS[:-1]), "部门决算", 1))
        if rng.random() < 0.05:
            docs.append((rng.choice(YEARS), "部门预算", 2))
        for year, kind, version in docs:
            if doc_id >= documents:
                break
            doc_id += 1
            total = size * (1 + rng.gauss(0.03, 0.1)) ** (year - YEARS[0])
            n_find = min(12, int(rng.expovariate(0.5)))
            found = rng.choices(RULES, weights, k=n_find)
            errors = sum(1 for _ in found if rng.random() < 0.1)
            source = f"/data/{year}/{region}/{name}_{year}_{kind}_{version}.pdf"
            series = f"{name}|{year}|{kind}"
            files["documents"].write("\t".join(map(str, (
                doc_id, f"{doc_id:064x}", source, "pdf", f"{name}{year}年{kind}", name, "\\N", name, region, year,
                kind, "万元", series, version, 300000 + doc_id % 700000, 12, 100 + doc_id % 80, 20, 5, n_find,
                errors, n_find - errors, 0, "2026-12-07 00:00:00",
                '{"placeholder": true}', '{"placeholder": true}'))) + "\n")
            for key, share in FIGURE_SHARES.items():
                if key in ("vehicle_purchase", "overseas") and rng.random() < 0.6:
                    continue  # most departments buy no car and send no one abroad
                value = total * share * (1 + rng.gauss(0, 0.15 if share < 0.01 else 0.02))
                files["figures"].write(f"{doc_id}\t{key}\t{_money(max(value, 0))}\t"
                                       f"{'table' if share >= 0.1 else 'narrative'}\n")
            for i, (rule, title) in enumerate(found):
                severity = "错误" if i < errors else rng.choice(["警告", "提示"])
                files["findings"].write(f"{doc_id}\t{i}\t{rule}\t{severity}\t{title}\tbudget_summary\t\\N\t\\N\t"
                                        f"\\N\t\\N\t\\N\t\\N\t{title}：第 {i + 1} 处\t{10 + i}\t\\N\t\\N\n")
            for rule in ("C001", "C002", "C003", "C004", "C005"):
                outcome = "不通过" if any(r == rule for r, _t in found) else "通过"
                files["rule_outcomes"].write(f"{doc_id}\t{rule}\t{outcome}\n")
            earned_parts = []
            for part in PARTS:
                pts = 10 if part.endswith("表") else 8
                earned_parts.append({"name": part, "points": pts,
                                     "earned": pts if rng.random() < 0.8 else rng.choice([0, pts // 2])})
            earned = sum(p["earned"] for p in earned_parts)
            possible = sum(p["points"] for p in earned_parts)
            score = (Decimal(earned) * 100 / possible).quantize(Decimal("0.1"))
            files["transparency_scores"].write(f"{doc_id}\t{score}\t{earned}\t{possible}\t"
                                               f"{json.dumps({'parts': earned_parts}, ensure_ascii=False)}\n")
    for f in files.values():
        f.close()
    return {"documents": doc_id, "departments": len(departments), "regions": len(regions),
            "example_department": departments[min(len(regions) * 3 + 7, len(departments) - 1)], "example_region": regions[len(regions) // 3]}


COLUMNS = {
    "documents": ["id", "content_hash", "source", "format", "title", "department_key", "department_code",
                  "department_name", "region", "year", "kind", "money_unit", "series_key", "version", "size_bytes",
                  "n_tables", "n_rows", "n_narrative", "n_projects", "n_findings", "n_errors", "n_warnings",
                  "n_notes", "ingested_at", "disclosure", "report"],
    "figures": ["document_id", "key", "value_wan", "origin"],
    "findings": ["document_id", "finding_index", "rule", "severity", "title", "table_id", "row_code", "row_name",
                 "column_id", "expected", "actual", "difference", "message", "line", "page", "cell"],
    "transparency_scores": ["document_id", "score", "earned", "possible", "parts"],
    "rule_outcomes": ["document_id", "rule", "outcome"],
}


def fill_postgres(store, folder: Path, n: int) -> None:
    conn = store.backend.conn()
    with conn.cursor() as cur:
        for table, cols in COLUMNS.items():
            with open(folder / f"{table}.tsv", "rb") as f, cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                while chunk := f.read(1 << 20):
                    copy.write(chunk)
        cur.execute(f"SELECT setval('document_id_seq', {n})")
        cur.execute("ANALYZE")


def fill_duckdb(store, folder: Path, n: int) -> None:
    for table, cols in COLUMNS.items():
        store.backend.fetchall(
            f"INSERT INTO {table} ({', '.join(cols)}) SELECT * FROM read_csv('{folder / (table + '.tsv')}', "
            f"delim = '\t', header = false, quote = '', escape = '', nullstr = '\\N', all_varchar = true, "
            f"columns = {{{', '.join(repr(c) + ': ' + repr('VARCHAR') for c in cols)}}})")


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def questions(info: dict) -> list[tuple[str, object]]:
    from yusuan.store import queries as q

    dept, region = info["example_department"], info["example_region"]
    return [
        (f"一个部门各年度的指标（trend {dept}）", lambda s, m: q.trend(s, dept, summary=m)),
        (f"一个部门的三公经费（trend {dept} --figure 三公经费）",
         lambda s, m: q.trend(s, dept, ["三公经费"], summary=m)),
        (f"一个地区 2023 年各部门按三公经费增长率排名（rank --region {region}）",
         lambda s, m: q.rank(s, "三公经费", year=2023, by="growth", region=region, limit=1000, summary=m)),
        (f"一个地区 2023 年按透明度得分排名（transparency --region {region}）",
         lambda s, m: q.transparency(s, year=2023, region=region, summary=m)),
        ("全国 2023 年按三公经费增长率前 20 名（rank --by growth）",
         lambda s, m: q.rank(s, "三公经费", year=2023, by="growth", summary=m)),
        ("有某一发现的全部文件：常见规则（findings --rule N011）", lambda s, m: q.findings_by_rule(s, "N011", summary=m)),
        ("有某一发现的全部文件：少见规则（findings --rule X020）", lambda s, m: q.findings_by_rule(s, "X020", summary=m)),
        ("各规则的发现（findings）", lambda s, m: q.findings_by_rule(s, summary=m)),
    ]


def run(store, info: dict, runs: int, base_runs: int) -> tuple[list, bool, dict]:
    from yusuan.store import summaries

    rows, ok, answers = [], True, {}
    t = time.perf_counter()
    with store.backend.transaction() as tx:
        summaries.rebuild_all(tx)
    rebuild = time.perf_counter() - t
    if store.kind == "postgresql":
        with store.backend.transaction() as tx:
            tx.execute("ANALYZE")
    keys = [r[0] for r in store.backend.fetchall(
        "SELECT DISTINCT department_key FROM documents ORDER BY department_key LIMIT 100")]
    if store.kind == "duckdb":
        store.backend.fetchall("CHECKPOINT")  # as a long ingest's writer finds it, not right after a bulk load
    batch = []
    for _ in range(3):
        t = time.perf_counter()
        summaries.refresh(store, keys)
        batch.append(time.perf_counter() - t)
    batch = statistics.median(batch)
    print(f"  摘要表：从基础表重建全部 {rebuild:.1f} 秒；重建 100 个部门（入库一批之后，3 次的中位数）{batch * 1000:.0f} 毫秒")
    for title, ask in questions(info):
        fast, result = timed(lambda: ask(store, True), runs)
        slow, base = timed(lambda: ask(store, False), base_runs) if base_runs else (None, None)
        same = base is None or base.rows == result.rows
        answers[title] = result.rows
        ok = ok and fast < LIMIT_SECONDS and same
        rows.append((title, fast, slow, len(result.rows), same))
    count, _ = timed(store.overview, runs)
    facets, _ = timed(store.facets, runs)
    listing, _ = timed(lambda: store.documents(limit=50), runs)
    rows.append(("网页文件库首页：文件数、发现数", count, None, 1, True))
    rows.append(("网页文件库首页：筛选项（facets）", facets, None, 1, True))
    rows.append(("网页文件库首页：最新 50 个文件", listing, None, 50, True))
    return rows, ok, answers


def show(kind: str, rows: list) -> None:
    print(f"\n| 问题（{kind}） | 摘要表（中位数） | 基础表 | 行数 |")
    print("|---|---|---|---|")
    for title, fast, slow, n, same in rows:
        base = "-" if slow is None else f"{slow * 1000:,.1f} ms" + ("" if same else "（答案不同！）")
        print(f"| {title} | {fast * 1000:,.1f} ms | {base} | {n:,} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="a PostgreSQL URL (a maintenance database such as /postgres)")
    parser.add_argument("--postgres", action="store_true", help="start a throwaway PostgreSQL server for the run")
    parser.add_argument("--duckdb", action="store_true", help="also fill and ask a DuckDB file, and compare answers")
    parser.add_argument("--runs", type=int, default=5, help="runs of each question from the summaries (median)")
    parser.add_argument("--base-runs", type=int, default=1, help="runs of each question from the base tables (0: skip)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a question takes 1 s or more")
    args = parser.parse_args()
    if not (args.db or args.postgres or args.duckdb):
        parser.error("give --postgres, --db URL or --duckdb")

    from yusuan.store import open_store

    work = Path(tempfile.mkdtemp(prefix="yusuan-corpus-bench-"))
    server = None
    ok = True
    try:
        t = time.perf_counter()
        info = generate(work, args.documents)
        print(f"生成 {info['documents']:,} 个文档的行（{info['departments']:,} 个部门、{info['regions']} 个地区）："
              f"{time.perf_counter() - t:.1f} 秒")
        url = args.db
        if args.postgres:
            from pgserver import Server, pg_bindir

            server = Server(pg_bindir())
            url = server.start()
        answers = {}
        if url:
            import uuid

            import psycopg

            name = "bench_" + uuid.uuid4().hex[:8]
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {name}")
            store = open_store(url.rsplit("/", 1)[0] + "/" + name)
            try:
                t = time.perf_counter()
                fill_postgres(store, work, info["documents"])
                print(f"PostgreSQL：COPY 写入 {time.perf_counter() - t:.1f} 秒")
                rows, good, answers["postgresql"] = run(store, info, args.runs, args.base_runs)
                ok = ok and good
                sizes = store.backend.fetchall(
                    "SELECT pg_database_size(current_database()), "
                    "(SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c WHERE c.relkind = 'r' "
                    "AND c.relname LIKE 'summary%')")[0]
                show("PostgreSQL", rows)
                print(f"\n数据库大小 {int(sizes[0]) / 1e6:,.0f} MB，其中摘要表（含索引）{int(sizes[1]) / 1e6:,.0f} MB")
            finally:
                store.close()
        if args.duckdb:
            path = work / "corpus.duckdb"
            store = open_store(path)
            try:
                t = time.perf_counter()
                fill_duckdb(store, work, info["documents"])
                print(f"\nDuckDB：写入 {time.perf_counter() - t:.1f} 秒")
                rows, good, answers["duckdb"] = run(store, info, args.runs, args.base_runs)
                ok = ok and good
                show("DuckDB", rows)
            finally:
                store.close()
            print(f"\nDuckDB 文件大小 {path.stat().st_size / 1e6:,.0f} MB")
            if "postgresql" in answers:
                same = answers["postgresql"] == answers["duckdb"]
                print("PostgreSQL 与 DuckDB 的答案" + ("逐行相同" if same else "不同！"))
                ok = ok and same
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    print("\n" + ("全部问题都在 1 秒以内，摘要表与基础表的答案相同" if ok else "有问题超过 1 秒，或答案不同"))
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
