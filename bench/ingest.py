"""Ingest throughput of the corpus store, its memory over a run, and latency of the standard queries.

Run as ``python3 bench/ingest.py`` (DuckDB files), ``--postgres`` (a throwaway PostgreSQL server, as the
tests start one) or ``--db postgresql://…/postgres`` (a server of your own: fresh databases are made
beside the one named). ``--check`` exits 1 when a target is missed.

Builds a corpus (the five seeds and generated variants with varied numbers, 400 departments over five
years, ``--bad`` of them unreadable), then:

* the writer alone: documents read once, written again and again under new content hashes, in batches
  (``--batch``) and, for comparison, one transaction per document: the ceiling of the store;
* a full ingest with ``--workers`` reader processes (and with 1 when ``--workers`` is 2), sampling the
  writer's resident memory (RSS) after every batch (median and largest of each 1,000 documents) and the
  readers' every 1,000 documents;
* with ``--dask``, the same ingest on a local Dask cluster of ``--workers`` processes, and its ratio to
  the local ingest;
* each standard query on the store, median of several runs.

Targets: ≥ 100 documents/s into DuckDB and ≥ 80 into PostgreSQL with 2 workers; the writer's RSS (the
median of each 1,000 documents) within ±10% from the 1,000th document to the last; Dask ≥ 90% of the local ingest; every standard query under 200 ms.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the variant generator and the throwaway PostgreSQL of the tests

RATE_TARGET = {"duckdb": 100.0, "postgresql": 80.0}
RSS_TOLERANCE = 0.10
DASK_RATIO_TARGET = 0.90
QUERY_TARGET_MS = 200.0


def readers_cpu() -> float:
    """CPU seconds of the fork server this process started and of the reader processes it forked, living
    ones and those it has reaped: what the readers cost, however busy the machine (a PostgreSQL server
    started here is not counted)."""
    tick = os.sysconf("SC_CLK_TCK")
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                server = b"multiprocessing.forkserver" in (entry / "cmdline").read_bytes()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), sum(map(int, fields[11:15])), server)
    parents = {pid for pid, (ppid, _cpu, server) in stats.items() if ppid == os.getpid() and server}
    total = sum(stats[pid][1] for pid in parents)
    while True:
        children = {pid for pid, (ppid, _cpu, _s) in stats.items() if ppid in parents and pid not in parents}
        if not children:
            return total / tick
        total += sum(stats[pid][1] for pid in children)
        parents |= children


def rss_mb(pid: int | str = "self") -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Databases:
    """Fresh stores, one per measurement: DuckDB files in a folder, or databases on a PostgreSQL server."""

    def __init__(self, folder: Path, url: str | None):
        self.folder, self.url = folder, url

    @property
    def kind(self) -> str:
        return "postgresql" if self.url else "duckdb"

    def fresh(self, name: str) -> str:
        if self.url is None:
            return str(self.folder / f"{name}.duckdb")
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        return f"{self.url.rsplit('/', 1)[0]}/{name}"

    def size_mb(self, db: str) -> float:
        if self.url is None:
            return sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*")) / 1e6
        from yusuan.store import open_store

        store = open_store(db)
        try:
            return store.backend.fetchall("SELECT pg_database_size(current_database())")[0][0] / 1e6
        finally:
            store.close()


def writer_only(dbs: Databases, files: list[Path], n: int, batch: int) -> tuple[dict[str, float], list]:
    """Documents per second the store takes, reading excluded: in batches, and one per transaction (at
    most 1,000 documents: it is slow); and the writer's RSS every 1,000 documents of the batched run."""
    from yusuan.store import open_store
    from yusuan.store.records import prepare

    base = [p for p in (prepare(f) for f in files[:50]) if hasattr(p, "document")]
    items = []
    for i in range(n):
        p = copy.copy(base[i % len(base)])
        p.content_hash = f"writer-{i}"
        p.document = dict(p.document, content_hash=p.content_hash,
                          series_key=f"{p.document['series_key']}#{i // len(base)}")
        items.append(p)
    out, samples = {}, []
    for mode in ("batch", "single"):
        store = open_store(dbs.fresh(f"bench_writer_{mode}"))
        try:
            with store.backend.bulk_writing():
                started = time.perf_counter()
                if mode == "batch":
                    window: list[float] = []
                    for s in range(0, n, batch):
                        store.add_many(items[s:s + batch])
                        window.append(rss_mb())
                        if (s + batch) % 1000 < batch:
                            samples.append((s + batch, min(window), max(window)))
                            window = []
                    out[mode] = n / (time.perf_counter() - started)
                else:
                    for item in items[:1000]:
                        store.add(item)
                    out[mode] = min(n, 1000) / (time.perf_counter() - started)
        finally:
            store.close()
    return out, samples


def reader_cost(files: list[Path]) -> float:
    """CPU milliseconds to read, check and flatten one document (``prepare``, what a reader does), in
    this process: CPU time, not wall time, so that a busy machine changes it little."""
    from yusuan.store.records import prepare

    for f in files[:3]:
        prepare(f)  # imports and first-use caches out of the measurement
    started = time.process_time()
    for f in files:
        prepare(f)
    return (time.process_time() - started) * 1000 / len(files)


def run_ingest(dbs: Databases, corpus: Path, name: str, workers: int, batch: int, dask: bool = False):
    """(stats, RSS samples [(documents done, writer's median MB, writer's largest MB, readers MB, DuckDB's own
    MB or None)] every 1,000 documents, database location, CPU seconds of the writer process and of the local
    readers)."""
    from yusuan.store import open_store
    from yusuan.store.ingest import ingest
    from yusuan.store.workers import Readers

    db = dbs.fresh(name)
    store = open_store(db)
    samples: list[tuple[int, float, float]] = []
    pids: list[int] = []  # the Dask workers
    live = None  # the local readers

    window: list[float] = []
    batches = [0]

    def progress(stats, _file):
        # The writer's RSS after each batch; every 1,000 documents, the median, the largest and the readers'
        # RSS. A checkpoint lifts the writer's memory for the batch or two it takes; a single reading per
        # 1,000 documents said more of where it fell in that than of the writer's level.
        done = stats.added + stats.versions + stats.failed
        if done >= (batches[0] + 1) * batch:
            batches[0] = done // batch
            window.append(rss_mb())
        if done >= (len(samples) + 1) * 1000 and window:
            alive = [w.process.pid for w in list(live._all)] if live is not None else pids
            samples.append((done, statistics.median(window), max(window), sum(rss_mb(p) for p in alive),
                            duckdb_mb(store)))
            window.clear()

    cpu = (time.process_time(), readers_cpu())
    try:
        if dask:
            from yusuan.store.cluster import connect, disconnect, ingest_dask

            client = connect("local", workers)
            try:
                # workers up before the clock starts, as in a standing cluster
                pids.extend(client.run(os.getpid).values())
                stats = ingest_dask(store, [corpus], client=client, progress=progress, batch=batch)
            finally:
                disconnect(client)
        else:
            with Readers(workers) as live:
                stats = ingest(store, [corpus], readers=live, progress=progress, batch=batch)
                cpu = (time.process_time() - cpu[0], readers_cpu() - cpu[1])
    finally:
        store.close()
    return stats, samples, db, cpu


def duckdb_mb(store) -> float | None:
    """What DuckDB itself holds in the writer (its cached blocks, indexes, data not yet checkpointed), as
    ``duckdb_memory()`` counts it; None for PostgreSQL. Beside the RSS it says whether a rise of the writer's
    memory is DuckDB's or Python's."""
    if store.backend.kind != "duckdb":
        return None
    (used,) = store.backend.fetchall("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()")[0]
    return used / 1e6


def digest(db: str) -> list[tuple[str, int, str]]:
    """(table, rows, hash of its rows in order) for each table of a store, leaving out the times of writing:
    two stores built from the same files, before and after a change to the ingest, must give the same."""
    import hashlib

    from yusuan.store import open_store

    store = open_store(db)
    try:
        b = store.backend
        schema = "main" if b.kind == "duckdb" else "public"
        out = []
        for (table,) in b.fetchall("SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
                                   "AND table_type = 'BASE TABLE' ORDER BY table_name", (schema,)):
            cols = [c for c, typ in b.fetchall("SELECT column_name, data_type FROM information_schema.columns "
                                               "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
                                               (schema, table)) if not typ.upper().startswith("TIMESTAMP")]
            rows = b.fetchall(f"SELECT {', '.join(cols)} FROM {table} "
                              f"ORDER BY {', '.join(str(i + 1) for i in range(len(cols)))}")
            h = hashlib.sha256()
            for r in rows:
                h.update(repr(r).encode())
            out.append((table, len(rows), h.hexdigest()[:16]))
        return out
    finally:
        store.close()


def flat(samples: list[tuple]) -> tuple[float, float, bool]:
    """The writer's RSS at the first sample (1,000 documents) and its largest departure after, as a ratio:
    of each sample's second field (the smallest of its 1,000 documents when the writer runs alone, the
    median in a full ingest)."""
    if len(samples) < 2:
        return (samples[0][1] if samples else 0.0), 0.0, True
    first = samples[0][1]
    worst = max(abs(s[1] - first) / first for s in samples[1:])
    return first, worst, worst <= RSS_TOLERANCE


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000, help="corpus size")
    parser.add_argument("--bad", type=float, default=0.0, help="share of unreadable documents (0.05 = 5%%)")
    parser.add_argument("--db", default=None, help="a PostgreSQL URL (a maintenance database such as /postgres); "
                                                    "fresh databases are created beside it")
    parser.add_argument("--postgres", action="store_true", help="start a throwaway PostgreSQL server for the run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=100, help="documents per transaction")
    parser.add_argument("--dask", action="store_true", help="also ingest on a local Dask cluster of --workers")
    parser.add_argument("--no-single", action="store_true", help="skip the 1-worker ingest")
    parser.add_argument("--writer-documents", type=int, default=1000, help="documents for the writer-alone run "
                                                                           "(0: skip it)")
    parser.add_argument("--runs", type=int, default=7, help="runs of each query (the median is reported)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--digest", metavar="DB", help="only print each table's row count and a hash of its rows "
                                                       "(compare two stores built from the same files)")
    args = parser.parse_args()
    if args.digest:
        for table, n, h in digest(args.digest):
            print(f"{table:<24} {n:>9} {h}")
        return 0

    from variants import SEEDS, write_corpus

    from yusuan.store import open_store
    from yusuan.store import queries as q

    seeds = sorted(SEEDS.glob("*.txt"))
    server = None
    work = Path(tempfile.mkdtemp(prefix="yusuan-bench-"))
    try:
        url = args.db
        if args.postgres:
            from pgserver import Server, pg_bindir

            server = Server(pg_bindir())
            url = server.start()
        dbs = Databases(work, url)
        corpus = work / "corpus"
        (corpus / "seeds").mkdir(parents=True)
        for s in seeds:
            shutil.copy(s, corpus / "seeds" / s.name)
        n_bad = int(args.documents * args.bad)
        write_corpus(corpus / "variants", args.documents - len(seeds) - n_bad)
        if n_bad:
            (corpus / "bad").mkdir()
            for i in range(n_bad):
                (corpus / "bad" / f"坏{i}.pdf").write_bytes(b"%%PDF-1.4\nbroken %d" % i)
        files = sorted(corpus.rglob("*.*"))
        print(f"语料：{len(files)} 个文件（{len(seeds)} 个样例、{len(files) - len(seeds) - n_bad} 个变体、"
              f"{n_bad} 个坏文件），数据库：{'PostgreSQL' if url else 'DuckDB'}，每批 {args.batch} 个文档")
        ok = True

        if args.writer_documents:
            w, samples = writer_only(dbs, sorted((corpus / "variants").rglob("*.txt")), args.writer_documents,
                                     args.batch)
            print(f"只写入（不含读取，{args.writer_documents} 个文档）：每批 {args.batch} 个 {w['batch']:.1f} 个/秒，"
                  f"每个文档一个事务 {w['single']:.1f} 个/秒（{w['batch'] / w['single']:.1f} 倍）")
            if len(samples) > 1:
                first, worst, steady = flat(samples)
                print("    写入进程内存（每 1000 个文档中各批写完后的最小/最大 RSS，MB）："
                      + "，".join(f"{d}: {lo:.0f}/{hi:.0f}" for d, lo, hi in samples)
                      + f"；最小值自第 1000 个文档起最大偏离 {worst:.1%}（{'平稳' if steady else '不平稳'}），"
                      f"最大值 {max(hi for _d, _lo, hi in samples):.0f} MB")
                ok &= steady

        cost = reader_cost(sorted((corpus / "variants").rglob("*.txt"))[:100])
        print(f"读取、核对一个文档的 CPU 时间：{cost:.1f} ms（一个核每秒约 {1000 / cost:.0f} 个文档）")

        rates, last_db = {}, None
        for workers in ([args.workers] if args.no_single or args.workers == 1 else [1, args.workers]):
            stats, samples, last_db, (writer_cpu, reading_cpu) = run_ingest(dbs, corpus, f"bench_w{workers}",
                                                                            workers, args.batch)
            rates[workers] = stats.per_second
            done = max(1, stats.added + stats.versions + stats.failed)
            per_doc = (writer_cpu + reading_cpu) * 1000 / done
            print(f"  本机 {workers} 个工作进程：{stats.added + stats.versions} 个文档，失败 {stats.failed}，"
                  f"用时 {stats.seconds:.1f} 秒，{stats.per_second:.1f} 个文档/秒")
            print(f"    每个文档的 CPU 时间：写入进程 {writer_cpu * 1000 / done:.1f} ms，读取进程 "
                  f"{reading_cpu * 1000 / done:.1f} ms，合计 {per_doc:.1f} ms（{os.cpu_count()} 个核全给入库时"
                  f"约 {os.cpu_count() * 1000 / per_doc:.0f} 个文档/秒）")
            if samples:
                first, worst, steady = flat(samples)
                own = "，其中 DuckDB 自身" if samples[0][4] is not None else ""
                print(f"    内存（每 1000 个文档中写入进程各批写完后的中位数/最大值{own}，读取进程合计；MB）：" + "，".join(
                    f"{d}: {w:.0f}/{hi:.0f}{'' if duck is None else f'（{duck:.0f}）'}，{r:.0f}"
                    for d, w, hi, r, duck in samples))
                print(f"    写入进程 RSS（中位数）自第 1000 个文档起最大偏离 {worst:.1%}（{'平稳' if steady else '不平稳'}），"
                      f"最大值 {max(s[2] for s in samples):.0f} MB")
                ok &= steady
        size = dbs.size_mb(last_db)
        stored = stats.added + stats.versions
        print(f"  数据库大小：{size:.1f} MB，{stored} 个文档（每 10 万个文档约 {size / max(1, stored) * 100:.1f} GB）")
        target = RATE_TARGET[dbs.kind]
        ok &= rates[args.workers] >= target

        if args.dask:
            stats, samples, _db, _cpu = run_ingest(dbs, corpus, "bench_dask", args.workers, args.batch, dask=True)
            ratio = stats.per_second / rates[args.workers]
            print(f"  Dask 本地集群 {args.workers} 个工作进程：{stats.added + stats.versions} 个文档，失败 {stats.failed}，"
                  f"用时 {stats.seconds:.1f} 秒，{stats.per_second:.1f} 个文档/秒，为本机多进程的 {ratio:.0%}")
            ok &= ratio >= DASK_RATIO_TARGET

        store = open_store(last_db)
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
        ok &= not slow
        print(f"目标：{args.workers} 个工作进程 ≥ {target:.0f} 个文档/秒（实测 {rates[args.workers]:.1f}），"
              f"每个标准查询 < {QUERY_TARGET_MS:.0f} ms（{'全部达到' if not slow else '未达到：' + '、'.join(slow)}）"
              f"——{'全部达到' if ok else '有未达到的目标'}")
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
