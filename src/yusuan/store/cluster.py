"""Ingest on a Dask cluster: documents read and checked as tasks on its workers, written by this process.

The plan is the one of a local ingest (store.ingest.plan): what the store already holds is skipped
before anything is sent. Each task reads a few documents (``TASK_DOCUMENTS``); a task that fails for
a reason outside the documents (a file system that did not answer, a worker that died) is run again by
Dask, ``retries`` times, and a task that still fails is split into one task per document, so that only a
document that fails alone is recorded as unreadable. Results are written in the order of the plan, a
batch per transaction, as a local ingest writes them: the same files give the same stored data,
whichever way they were read. At most a few tasks per worker are in flight, so the memory of this
process stays flat however long the list.

Workers need yusuan (the same version) and the files at the same paths (a shared file system); both are
checked before the first task is sent, so that a cluster set up wrong records no document as unreadable.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from yusuan.store.backend import StoreError
from yusuan.store.ingest import BATCH, STOPPED, Stats, Writer, begin, interrupted, plan
from yusuan.store.records import Failed, Prepared
from yusuan.store.sources import SourceError, exists, is_url
from yusuan.store.summaries import refresh_pending
from yusuan.store.store import Store
from yusuan.store.workers import Job, read_job, source_of

TASK_DOCUMENTS = 8  # documents per task: large enough that scheduling costs little, small enough to spread
RETRIES = 2  # runs again of a task that raised (a worker lost, a file system that did not answer)


class ClusterUnavailable(Exception):
    """The cluster cannot be reached or its workers cannot run yusuan: no document's fault."""


def read_documents(jobs: list[Job]) -> list[Prepared | Failed]:
    """A task: read and check ``jobs`` on a worker. A file that cannot be opened raises (OSError), so
    that Dask runs the task again; a bad document gives its :class:`Failed`."""
    for job in jobs:
        for path in job[0]:
            if not exists(path):
                raise FileNotFoundError(path)
    return [_read(job) for job in jobs]


def _read(job: Job) -> Prepared | Failed:
    try:
        return read_job(job)
    except MemoryError:
        return Failed(job[1], source_of(job), f"文件 {source_of(job)}：读取所需内存超过工作进程的内存")
    except Exception as exc:  # prepare() returns Failed for bad documents; this is a last resort
        return Failed(job[1], source_of(job), f"文件 {source_of(job)}：读取时出错（{type(exc).__name__}）")


def _worker_version() -> str:
    import yusuan

    return yusuan.__version__


def connect(address: str, workers: int):
    """A client of the scheduler at ``address``, or of a cluster on this machine (``local``) with
    ``workers`` processes of one thread each; closing the client closes that cluster."""
    import logging

    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterUnavailable("没有安装 Dask：请安装 yusuan 的 dask 可选依赖（pip install 'yusuan[dask]'）") from None
    if address == "local":
        try:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR)
        except Exception as exc:
            raise ClusterUnavailable(f"无法在本机启动 Dask 集群（{exc}）") from None
        client = Client(cluster)
        client._yusuan_cluster = cluster  # closed with the client
        return client
    try:
        return Client(address, timeout=30)
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ClusterUnavailable(f"无法连接 Dask 调度器 {address}（{first}）") from None


def disconnect(client) -> None:
    cluster = getattr(client, "_yusuan_cluster", None)
    try:
        client.close()
    finally:
        if cluster is not None:
            cluster.close()


def _sees(path: str) -> bool | str:
    """Whether a worker can read the file (a URL through fsspec), or why it cannot."""
    try:
        return exists(path)
    except SourceError as exc:
        return str(exc)


def _check_workers(client, first_file: str) -> None:
    import yusuan

    try:
        client.wait_for_workers(1, timeout=60)
    except Exception:
        raise ClusterUnavailable("Dask 集群 60 秒内没有可用的工作进程") from None
    try:
        versions = client.run(_worker_version)
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ClusterUnavailable(f"Dask 工作进程无法运行 yusuan（{first}）：请在每个工作进程的环境中安装同一版本的 yusuan") from None
    other = sorted({v for v in versions.values() if v != yusuan.__version__})
    if other:
        raise ClusterUnavailable(f"Dask 工作进程的 yusuan 版本（{'、'.join(other)}）与本机（{yusuan.__version__}）不同："
                                 "同一文件库的文档须由同一版本核对")
    seen = client.submit(_sees, first_file, pure=False).result()
    if isinstance(seen, str):
        raise ClusterUnavailable(f"Dask 工作进程无法读取文件 {first_file}：{seen}")
    if not seen:
        where = "地址" if is_url(first_file) else "路径"
        raise ClusterUnavailable(f"Dask 工作进程找不到文件 {first_file}：各工作进程须能以同一{where}读取要入库的文件"
                                 + ("" if is_url(first_file) else "（如共享文件系统）"))


def _alone(client, job: Job) -> Prepared | Failed:
    """A document of a task that kept failing, read by a task of its own."""
    from distributed import KilledWorker

    future = client.submit(read_documents, [job], retries=RETRIES, pure=False)
    source = source_of(job)
    try:
        return future.result()[0]
    except KilledWorker:
        return Failed(job[1], source, f"文件 {source}：读取时工作进程多次意外退出，文件可能已损坏，或读取所需内存超过工作进程的上限")
    except FileNotFoundError:
        return Failed(job[1], source, f"文件 {source}：工作进程找不到这个文件（各工作进程须能以同一路径读取文件）")
    except OSError as exc:
        return Failed(job[1], source, f"文件 {source}：无法读取（{exc.strerror or exc}）")


def ingest_dask(store: Store, paths: Iterable[Path], address: str = "local", *, workers: int = 2, client=None,
                progress: Callable[[Stats, str | None], None] | None = None, retry_failed: bool = False,
                batch: int = BATCH, task_documents: int = TASK_DOCUMENTS) -> Stats:
    """Ingest the files on the Dask cluster at ``address`` (``local``: one started on this machine with
    ``workers`` processes), or through ``client`` when one is given (it is left open)."""
    stats, files = begin(paths)
    if files is None:
        return stats
    started = stats.started

    def note(file: str | None) -> None:
        if progress is not None:
            progress(stats, file)

    writer = writing = None
    own = client is None
    pending: collections.deque = collections.deque()
    try:
        todo, retried = plan(store, files, stats, note, retry_failed=retry_failed)
        writer = Writer(store, stats, note, retried, batch=batch)
        writing = store.backend.bulk_writing()
        writing.__enter__()
        if todo:
            if own:
                client = connect(address, workers)
            _check_workers(client, todo[0][0][0])
            chunks = iter([todo[i:i + task_documents] for i in range(0, len(todo), task_documents)])
            window = 4 * max(1, len(client.scheduler_info(n_workers=-1)["workers"]))

            def fill() -> None:
                while len(pending) < window:
                    chunk = next(chunks, None)
                    if chunk is None:
                        return
                    pending.append((chunk, client.submit(read_documents, chunk, retries=RETRIES, pure=False)))

            fill()
            while pending:
                chunk, future = pending.popleft()
                try:
                    results = future.result()
                except KeyboardInterrupt:
                    raise
                except Exception:  # retried and still failing: each document alone says which one fails
                    results = [_alone(client, job) for job in chunk]
                fill()
                for item in results:
                    writer.put(item)
        writer.flush()
        refresh_pending(store)  # what a writer stopped before rebuilding the summaries left marked
    except KeyboardInterrupt:
        interrupted(stats, writer)
    except StoreError as exc:
        stats.stop_reason = exc.describe()
    except ClusterUnavailable as exc:
        stats.stop_reason = f"{exc}{STOPPED}"
    finally:
        for _chunk, future in pending:
            future.cancel()
        if own and client is not None:
            try:
                disconnect(client)
            except Exception:  # closing after an interruption
                pass
        if writing is not None:
            try:
                writing.__exit__(None, None, None)
            except Exception:
                pass
        stats.seconds = time.perf_counter() - started
    return stats
