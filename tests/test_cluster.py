"""Ingest on a Dask cluster (store.cluster) into PostgreSQL: a worker lost mid-run costs nothing, every
good document is stored once, every bad one recorded with its reason, and the store holds exactly what a
local ingest stores. Two ingests of the same files at the same time store each document once.

The corpus is 300 documents, 15 of them bad (5%); bench/ingest.py --dask runs the same on 2,000.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from pathlib import Path

import pytest
from variants import write_corpus

from yusuan.store import open_store
from yusuan.store.cluster import _alone, ingest_dask
from yusuan.store.ingest import ingest

GOOD, BAD = 285, 15

# (file name, content, the reason recorded for it without the leading "文件 PATH：")
_BAD_KINDS = [
    ("损坏{i}.pdf", b"%PDF-1.4\nbroken {i}", "PDF 文件已损坏或不完整，无法读取（文件末尾缺少 %%EOF，可能没有下载完整）"),
    ("损坏{i}.docx", b"PK\x03\x04 garbage {i}", "DOCX 文件已损坏或不完整，无法打开（不是有效的压缩包）"),
    ("损坏{i}.xlsx", b"not a workbook {i}", "XLSX 文件已损坏或不完整，无法打开（不是有效的压缩包）"),
    ("随笔{i}.txt", "随便写点什么 {i}".encode(), "没有找到任何预算公开表格、绩效目标表或预算说明数字，这似乎不是预算公开文件"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The folder, and the reason expected for each bad file."""
    root = tmp_path_factory.mktemp("cluster")
    write_corpus(root / "good", GOOD)
    (root / "bad").mkdir()
    reasons = {}
    for i in range(BAD):
        name, content, reason = _BAD_KINDS[i % len(_BAD_KINDS)]
        path = root / "bad" / name.format(i=i)
        path.write_bytes(content.replace(b"{i}", str(i).encode()))
        reasons[str(path)] = f"文件 {path}：{reason}"
    return root, reasons


_CHILDREN = {
    "document_tables": "position", "table_rows": "table_id, row_index", "row_values": "table_id, row_index, column_id",
    "narrative_figures": "key", "findings": "finding_index", "figures": "key", "rule_outcomes": "rule",
    "transparency_scores": "score",
}


def stored(store) -> dict:
    """Everything the store holds, keyed by content instead of by the ids and times of the run."""
    cols = [r[0] for r in store.backend.fetchall(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'documents' ORDER BY column_name")]
    keep = [c for c in cols if c not in ("id", "ingested_at")]
    hashes = dict(store.backend.fetchall("SELECT id, content_hash FROM documents"))
    out = {"documents": sorted(store.backend.fetchall(f"SELECT {', '.join(keep)} FROM documents")),
           "failures": sorted(store.backend.fetchall("SELECT content_hash, source, error FROM failures"))}
    for table, order in _CHILDREN.items():
        rows = store.backend.fetchall(f"SELECT * FROM {table} ORDER BY document_id, {order}")
        out[table] = sorted((hashes[r[0]], *map(str, r[1:])) for r in rows)
    return out


def test_dask_ingest_loses_a_worker_and_stores_what_a_local_ingest_stores(corpus, pg_server):
    from distributed import Client, LocalCluster

    folder, reasons = corpus
    store = open_store(pg_server.new_database())
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.CRITICAL)
    client = Client(cluster)
    killed: list[int] = []

    def progress(stats, _file):
        if not killed and stats.added >= 40:  # some documents are written, most are still to be read
            pid = sorted(client.run(os.getpid).values())[0]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    try:
        stats = ingest_dask(store, [folder], client=client, progress=progress, batch=20)
        assert killed and stats.stop_reason is None and not stats.interrupted
        assert (stats.seen, stats.added, stats.versions, stats.failed, stats.skipped) == (GOOD + BAD, GOOD, 0, BAD, 0)
        good = sorted(str(p) for p in (folder / "good").rglob("*.txt"))
        assert sorted(r[0] for r in store.backend.fetchall("SELECT source FROM documents")) == good
        assert store.backend.fetchall("SELECT count(DISTINCT content_hash), count(*) FROM documents") == [(GOOD, GOOD)]
        assert dict(store.backend.fetchall("SELECT source, error FROM failures")) == reasons
        assert sorted(stats.errors) == sorted(reasons.items())
        again = ingest_dask(store, [folder], client=client)
        assert (again.added, again.failed, again.skipped) == (0, 0, GOOD + BAD)
        through_dask = stored(store)
        # a task that keeps failing is split into one task per document, and only that document fails
        gone = str(folder / "读取前被删除.txt")
        alone = _alone(client, ((gone,), "hash-gone", None, None))
        assert (alone.content_hash, alone.source, alone.error) == (
            "hash-gone", gone, f"文件 {gone}：工作进程找不到这个文件（各工作进程须能以同一路径读取文件）")
    finally:
        client.close()
        cluster.close()
        store.close()

    local = open_store(pg_server.new_database())
    try:
        stats = ingest(local, [folder], workers=2)
        assert (stats.added, stats.failed) == (GOOD, BAD)
        assert stored(local) == through_dask
    finally:
        local.close()


def test_two_ingests_at_once_store_each_document_once(tmp_path, pg_server):
    write_corpus(tmp_path / "files", 40)
    url = pg_server.new_database()
    open_store(url).close()  # made before both start, as a run would find it
    results = {}

    def run(name: str) -> None:
        store = open_store(url)
        try:
            results[name] = ingest(store, [tmp_path / "files"], workers=1, batch=7)
        finally:
            store.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    a, b = results["a"], results["b"]
    assert a.stop_reason is None and b.stop_reason is None
    assert a.added + b.added == 40
    assert a.added + a.skipped == b.added + b.skipped == 40
    store = open_store(url)
    try:
        assert store.backend.fetchall("SELECT count(*), count(DISTINCT content_hash), count(DISTINCT series_key), "
                                      "max(version) FROM documents") == [(40, 40, 40, 1)]
        assert store.backend.fetchall("SELECT count(*) FROM table_rows WHERE document_id NOT IN "
                                      "(SELECT id FROM documents)") == [(0,)]
    finally:
        store.close()
