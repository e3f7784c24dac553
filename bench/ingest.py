"""Ingest throughput of the corpus store and latency of the standard queries.

Run as ``python3 bench/ingest.py`` (``--db postgresql://…`` to measure a PostgreSQL server instead of
DuckDB files; ``--check`` exits 1 when a target is missed). Builds a corpus of 2,000 documents (the
five seeds and generated variants with varied numbers, 400 departments over five years), ingests it
into a fresh store with 1 worker and again with 2 workers, then times each standard query on the
second store (median of several runs). Targets: ≥ 50 documents/s with 2 workers; every standard
query under 200 ms.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the variant generator the tests use

RATE_TARGET = 50.0
QUERY_TARGET_MS = 200.0


def fresh_store(db: str | None, folder: Path, name: str):
    from yusuan.store import open_store

    if db is None:
        return open_store(folder / f"{name}.duckdb")
    import psycopg

    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    base = db.rsplit("/", 1)[0]
    return open_store(f"{base}/{name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000, help="corpus size")
    parser.add_argument("--db", default=None, help="a PostgreSQL URL (a maintenance database such as /postgres); "
                                                    "fresh databases are created beside it")
    parser.add_argument("--runs", type=int, default=7, help="runs of each query (the median is reported)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    from variants import SEEDS, write_corpus

    from yusuan.store import queries as q
    from yusuan.store.ingest import ingest

    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        print(f"没有找到样例文件：{SEEDS}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="yusuan-bench-"))
    try:
        corpus = work / "corpus"
        (corpus / "seeds").mkdir(parents=True)
        for s in seeds:
            shutil.copy(s, corpus / "seeds" / s.name)
        write_corpus(corpus / "variants", args.documents - len(seeds))
        n_files = sum(1 for _ in corpus.rglob("*.txt"))
        print(f"语料：{n_files} 个文件（{len(seeds)} 个样例 + {n_files - len(seeds)} 个变体），"
              f"数据库：{'PostgreSQL' if args.db else 'DuckDB'}")

        rates = {}
        store = None
        for workers in (1, 2):
            if store is not None:
                store.close()
            store = fresh_store(args.db, work, f"bench_w{workers}")
            stats = ingest(store, [corpus], workers=workers)
            rates[workers] = stats.per_second
            print(f"  {workers} 个工作进程：{stats.added + stats.versions} 个文档，失败 {stats.failed}，"
                  f"发现 {stats.findings}，用时 {stats.seconds:.1f} 秒，{stats.per_second:.1f} 个文档/秒")

        counts = store.count()
        print(f"库中：{counts['documents']} 个文档，{counts['rows']} 行表格，{counts['findings']} 条发现")
        questions = {
            "trend 一个部门各年度指标": lambda: q.trend(store, "石家庄市桥西区财政局"),
            "rank 机关运行经费增长最快": lambda: q.rank(store, "机关运行经费", by="growth"),
            "rank 支出合计排名": lambda: q.rank(store, "支出合计"),
            "functional 功能分类（类）": lambda: q.functional(store, level="类"),
            "functional 功能分类（款）": lambda: q.functional(store, level="款"),
            "findings 按规则": lambda: q.findings_by_rule(store),
            "findings --rule S001": lambda: q.findings_by_rule(store, "S001"),
            "completeness 各地区": lambda: q.completeness(store),
            "completeness --documents": lambda: q.completeness(store, documents=True),
        }
        slow = []
        print("标准查询（中位数，毫秒）：")
        for name, ask in questions.items():
            ask()  # warm-up
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                result = ask()
                times.append((time.perf_counter() - t0) * 1000)
            ms = statistics.median(times)
            if ms >= QUERY_TARGET_MS:
                slow.append(name)
            print(f"  {name:<28} {ms:8.1f} ms  （{len(result.rows)} 行）")
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ok = rates[2] >= RATE_TARGET and not slow
    print(f"目标：2 个工作进程 ≥ {RATE_TARGET:.0f} 个文档/秒（实测 {rates[2]:.1f}），"
          f"每个标准查询 < {QUERY_TARGET_MS:.0f} ms（{'全部达到' if not slow else '未达到：' + '、'.join(slow)}）")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
