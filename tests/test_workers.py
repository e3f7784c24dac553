"""Documents read in processes of their own (store.workers): a reader that hangs, runs out of memory or
dies marks only its document unreadable, in Chinese; the run goes on and the server stays responsive.

The misbehaving reader (tests/misbehaving.py) stands for a file that no declared limit foresaw: it
hangs, hoards memory or kills its process according to the file's name, and reads anything else as
yusuan does.
"""

from __future__ import annotations

import shutil
import threading
import time

import httpx
from conftest import seed
from misbehaving import misbehave
from webserver import LiveServer

from yusuan.store import open_store
from yusuan.store.ingest import ingest
from yusuan.store.records import Failed, Prepared
from yusuan.store.workers import Readers
from yusuan.web import Limits, create_app


def _job(path, name=None):
    return ((str(path),), "hash-" + (name or str(path)), None, name)


def test_a_scan_is_timed_page_by_page_and_read_on_one_thread():
    # Four pages of 0.7 s under a limit of 2 s: each page read resets the clock, so the scan is not
    # stopped although the whole takes longer than the limit.
    with Readers(1, seconds=2, work=misbehave) as readers:
        start = time.monotonic()
        result = readers.read(_job(seed("001"), "慢扫描.pdf"))
        took = time.monotonic() - start
        hung = readers.read(_job(seed("001"), "挂起.txt"))
    assert (type(result), result.error) == (Failed, "读完 4 页，OCR 模型线程数 1")
    assert took > 2.8
    assert hung.error == "文件 挂起.txt：读取超过 2 秒仍未完成，已停止（每个文件的读取时间上限，可用 --reader-seconds 调整）"


def test_a_reader_that_hangs_hoards_memory_or_dies_fails_alone():
    with Readers(1, memory_mb=1024, seconds=5, work=misbehave) as readers:
        started = time.monotonic()
        results = [readers.read(_job(seed("001"), name)) for name in ("挂起.txt", "内存.txt", "崩溃.txt", "退出.txt")]
        assert time.monotonic() - started < 30
        assert [(type(r), r.source, r.error) for r in results] == [
            (Failed, "挂起.txt", "文件 挂起.txt：读取超过 5 秒仍未完成，已停止（每个文件的读取时间上限，可用 --reader-seconds 调整）"),
            (Failed, "内存.txt", "文件 内存.txt：读取所需内存超过上限 1024 MB，已停止（可用 --reader-memory-mb 调整）"),
            (Failed, "崩溃.txt", "文件 崩溃.txt：读取进程意外退出（被信号 SIGSEGV 终止），文件可能已损坏，"
                               "或读取所需内存超过上限 1024 MB"),
            (Failed, "退出.txt", "文件 退出.txt：读取进程意外退出（退出码 3），文件可能已损坏，或读取所需内存超过上限 1024 MB"),
        ]
        assert [r.content_hash for r in results] == ["hash-挂起.txt", "hash-内存.txt", "hash-崩溃.txt", "hash-退出.txt"]
        # the next document is read by a fresh process, as if nothing had happened
        good = readers.read(_job(seed("001"), "鹿泉.txt"))
        assert isinstance(good, Prepared)
        assert (good.source, good.document["department_name"], good.document["year"]) == ("鹿泉.txt", "石家庄市鹿泉区信访局", 2024)
        assert readers.status() == {"workers": 1, "reading": 0, "read": 5, "stopped": 4, "memory_mb": 1024,
                                    "seconds": 5}


def test_a_reader_process_is_reused_until_it_fails():
    with Readers(1, work=misbehave) as readers:
        first = readers.read(_job(seed("001")))
        pid = next(iter(readers._all)).process.pid
        second = readers.read(_job(seed("002")))
        assert isinstance(first, Prepared) and isinstance(second, Prepared)
        assert next(iter(readers._all)).process.pid == pid
    assert readers._all == set()  # closed: no process left


def test_ingest_records_what_its_readers_could_not_read_and_stores_the_rest(tmp_path):
    folder = tmp_path / "文件"
    folder.mkdir()
    shutil.copy(seed("001"), folder / "a-鹿泉.txt")
    (folder / "b-挂起.txt").write_text("挂起", encoding="utf-8")
    (folder / "c-崩溃.txt").write_text("崩溃", encoding="utf-8")
    shutil.copy(seed("002"), folder / "d-其他.txt")
    store = open_store(tmp_path / "库.duckdb")
    try:
        with Readers(2, seconds=6, work=misbehave) as readers:
            stats = ingest(store, [folder], readers=readers)
        assert (stats.seen, stats.added, stats.failed, stats.skipped) == (4, 2, 2, 0)
        assert stats.errors == [
            (str(folder / "b-挂起.txt"), f"文件 {folder / 'b-挂起.txt'}：读取超过 6 秒仍未完成，已停止"
                                         "（每个文件的读取时间上限，可用 --reader-seconds 调整）"),
            (str(folder / "c-崩溃.txt"), f"文件 {folder / 'c-崩溃.txt'}：读取进程意外退出（被信号 SIGSEGV 终止），"
                                         f"文件可能已损坏，或读取所需内存超过上限 1024 MB"),
        ]
        assert sorted(f["source"] for f in store.failures()) == [str(folder / "b-挂起.txt"), str(folder / "c-崩溃.txt")]
    finally:
        store.close()


def _post(url: str, name: str, data: bytes) -> httpx.Response:
    return httpx.post(f"{url}/api/documents", files={"files": (name, data, "text/plain")}, timeout=60)


def test_the_server_answers_while_a_reader_hangs_and_queues_uploads_in_bounds(tmp_path):
    store = open_store(tmp_path / "库.duckdb")
    readers = Readers(1, seconds=6, work=misbehave)
    app = create_app(store, tmp_path / "data", limits=Limits(max_waiting=1), readers=readers)
    good = seed("001").read_bytes()
    answers: dict[str, httpx.Response] = {}
    try:
        with LiveServer(app) as server:
            def upload(name, data):
                answers[name] = _post(server.url, name, data)

            hanging = threading.Thread(target=upload, args=("挂起.txt", b"x"))
            hanging.start()
            deadline = time.monotonic() + 10
            while httpx.get(f"{server.url}/api/status").json()["reading"] != 1:
                assert time.monotonic() < deadline
                time.sleep(0.05)
            waiting = threading.Thread(target=upload, args=("鹿泉.txt", good))
            waiting.start()
            while httpx.get(f"{server.url}/api/status").json()["waiting"] != 1:
                assert time.monotonic() < deadline
                time.sleep(0.05)
            # one reading, one waiting, none more: the third is turned away at once
            busy = _post(server.url, "再一个.txt", good)
            assert (busy.status_code, busy.json(), busy.headers["retry-after"]) == (
                503, {"error": "服务器正忙：已有 1 个文件在排队读取，请稍后再上传"}, "30")
            # pages are served while the reader hangs
            started = time.monotonic()
            home = httpx.get(f"{server.url}/", timeout=10)
            assert home.status_code == 200 and time.monotonic() - started < 5
            status = httpx.get(f"{server.url}/api/status").json()
            assert status == {"readers": 1, "reading": 1, "waiting": 1, "max_waiting": 1, "read": 0, "stopped": 0,
                              "reader_memory_mb": 1024, "reader_seconds": 6, "max_file_mb": 20, "max_files": 20}
            hanging.join(30)
            waiting.join(30)
            failed = answers["挂起.txt"]
            assert (failed.status_code, failed.json()) == (422, {"results": [{
                "file": "挂起.txt", "status": "failed",
                "error": "文件 挂起.txt：读取超过 6 秒仍未完成，已停止（每个文件的读取时间上限，可用 --reader-seconds 调整）"}]})
            added = answers["鹿泉.txt"].json()["results"][0]
            assert (answers["鹿泉.txt"].status_code, added["status"], added["version"]) == (200, "added", 1)
            failures = httpx.get(f"{server.url}/api/failures").json()["failures"]
            assert [(f["source"], f["error"]) for f in failures] == [("挂起.txt", failed.json()["results"][0]["error"])]
            assert httpx.get(f"{server.url}/api/status").json()["stopped"] == 1
    finally:
        readers.close()
        store.close()


def test_ingest_retry_failed_reads_recorded_failures_again(tmp_path):
    folder = tmp_path / "文件"
    folder.mkdir()
    shutil.copy(seed("001"), folder / "挂起.txt")
    shutil.copy(seed("002"), folder / "阜平.txt")
    hanging = folder / "挂起.txt"
    store = open_store(tmp_path / "库.duckdb")
    try:
        with Readers(1, seconds=6, work=misbehave) as readers:
            first = ingest(store, [folder], readers=readers)
        assert (first.added, first.failed) == (1, 1)
        # a plain re-run skips it, and says so
        again = ingest(store, [folder])
        assert (again.added, again.failed, again.skipped) == (0, 0, 2)
        assert [(f, m.split("：")[1]) for f, m in again.failed_before] == [(str(hanging), "读取超过 6 秒仍未完成，已停止（每个文件的读取时间上限，可用 --reader-seconds 调整）")]
        # read again while still failing: counted and recorded with the new reason, one record
        with Readers(1, seconds=7, work=misbehave) as readers:
            still = ingest(store, [folder], readers=readers, retry_failed=True)
        assert (still.added, still.failed, still.skipped, still.failed_before) == (0, 1, 1, [])
        assert [(f["source"], f["error"]) for f in store.failures()] == [
            (str(hanging), f"文件 {hanging}：读取超过 7 秒仍未完成，已停止（每个文件的读取时间上限，可用 --reader-seconds 调整）")]
        # read by a reader that can: stored, and no longer a failure
        done = ingest(store, [folder], retry_failed=True)
        assert (done.added, done.failed, done.skipped) == (1, 0, 1)
        assert store.failures() == [] and store.count()["documents"] == 2
    finally:
        store.close()


def test_cli_ingest_stops_a_real_read_at_reader_seconds(tmp_path):
    from typer.testing import CliRunner

    from yusuan.cli import app

    folder = tmp_path / "文件"
    folder.mkdir()
    # 40,000 performance forms: read in linear time, but for many seconds
    (folder / "绩效目标.txt").write_text("".join(f"项目绩效目标表\n项目名称\t项目{i}\t项目编码\tP{i}\n" for i in range(40_000)),
                                       encoding="utf-8")
    db = tmp_path / "库.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "--reader-seconds", "1"])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[0] == (f"错误：文件 {folder / '绩效目标.txt'}：读取超过 1 秒仍未完成，已停止"
                                             "（每个文件的读取时间上限，可用 --reader-seconds 调整）")
    store = open_store(db)
    try:
        assert store.count()["documents"] == 0
        assert [f["source"] for f in store.failures()] == [str(folder / "绩效目标.txt")]
    finally:
        store.close()


def test_a_reader_process_is_replaced_after_its_share_of_documents():
    with Readers(1, work=misbehave, reads_per_worker=2) as readers:
        pids = []
        for name in ("001", "002", "001", "002", "001"):
            assert isinstance(readers.read(_job(seed(name), name)), Prepared)
            pids.append(next(iter(readers._all)).process.pid if readers._all else None)
        # two documents per process: kept after the first, retired after the second
        assert pids[0] is not None and pids[1] is None and pids[3] is None
        assert len({p for p in pids if p is not None}) == 3
        assert readers.status()["stopped"] == 0  # retired, not stopped for a fault
