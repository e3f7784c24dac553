"""Documents read in processes of their own, each under a memory and a time limit.

The readers refuse what their declared limits (read.limits) foresee; these processes are for what no
limit foresaw. A reader that runs out of memory, runs too long or dies takes only its own process
down: the document is recorded as unreadable with a Chinese reason, and the next one is read by a
fresh process. The writer (``yusuan ingest``'s process, or the web server) never reads a document
itself.

Workers are started from a fork server that has the reading and checking modules loaded, and are
reused from one document to the next until one of them fails, or has read ``READS_PER_WORKER``
documents: a fresh process then takes over, so that what a long run leaves behind in a reader (caches,
a fragmented heap) never adds up.
"""

from __future__ import annotations

import collections
import signal
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from yusuan.read.limits import MAX_WAITING_UPLOADS, READER_MEMORY_MB, READER_SECONDS
from yusuan.store.records import Failed, Prepared, prepare
from yusuan.store.sources import Local, SourceError, is_url

# (paths of the disclosure's files, content hash, why several files are one disclosure, source name shown)
Job = tuple[tuple[str, ...], str, "str | None", "str | None"]

_OUT_OF_MEMORY = "out-of-memory"
# Sent by a reader for each scanned page it has read: OCR takes seconds a page, so a scan's time limit
# counts from its last page read, and a long scan is not stopped while it advances.
PAGE_READ = "page-read"
READS_PER_WORKER = 500
_PRELOAD = ["yusuan.store.records", "yusuan.rules", "yusuan.recognize", "yusuan.read"]


def read_job(job: Job) -> Prepared | Failed:
    paths, digest, because, source = job
    if any(is_url(p) for p in paths):  # fetched into a temporary file; the document keeps its URL
        source = source or " + ".join(paths)
        try:
            with Local(paths) as parts:
                return prepare(parts[0], source=source, digest=digest, parts=parts, joined_because=because)
        except FileNotFoundError:
            return Failed(digest, source, f"文件 {source}：文件不存在")
        except (OSError, SourceError) as exc:
            return Failed(digest, source, f"文件 {source}：无法读取（{getattr(exc, 'strerror', None) or exc}）")
    parts = [Path(p) for p in paths]
    return prepare(parts[0], source=source, digest=digest, parts=parts, joined_because=because)


def source_of(job: Job) -> str:
    return job[3] or " + ".join(job[0])


def _limit_memory(megabytes: int) -> None:
    # The memory a reader writes to (its heap and private mappings), not its address space: libraries
    # reserve address space they never use (the OCR runtime some 800 MB more than it writes), and a
    # limit on it would stop a scan that needs 600 MB where a text file is stopped at the same size.
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    wanted = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (wanted, hard))


def _child(conn, work: Callable[[Job], Prepared | Failed], memory_mb: int) -> None:
    """A worker: read jobs from ``conn`` until it closes, answer each with its result, and tell each
    scanned page read as it is read (:data:`PAGE_READ`)."""
    from yusuan.read import scan

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle
    _limit_memory(memory_mb)
    # The OCR models run on one thread: the reader processes are the parallelism, and a runtime with a
    # thread per core reserves more address space than the memory limit allows (it fails on a scan's
    # first page under 1 GB with two cores, and far sooner with many).
    with scan.options(jobs=1, threads=1, progress=lambda *_: conn.send(PAGE_READ)):
        _serve(conn, work)


def _serve(conn, work: Callable[[Job], Prepared | Failed]) -> None:
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = work(job)
        except MemoryError:
            result = _OUT_OF_MEMORY
        except Exception as exc:  # prepare() returns Failed for bad documents; this is a last resort
            result = Failed(job[1], source_of(job), f"文件 {source_of(job)}：读取时出错（{type(exc).__name__}）")
        try:
            conn.send(result)
        except MemoryError:
            result = _OUT_OF_MEMORY
            conn.send(result)
        if result == _OUT_OF_MEMORY:
            return  # what ran out of memory may have left this process in a bad state


class ReaderUnavailable(Exception):
    """No reader process can be started (the machine is out of processes or memory): no document's
    fault, so none is recorded as unreadable."""


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(-code).name
    except ValueError:
        return str(-code)


class _Worker:
    def __init__(self, ctx, work, memory_mb: int):
        self.conn, child_end = ctx.Pipe()
        self.process = ctx.Process(target=_child, args=(child_end, work, memory_mb), daemon=True)
        self.process.start()
        child_end.close()
        self.reads = 0

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


def _stop_all(workers: set[_Worker]) -> None:
    for worker in list(workers):
        worker.stop()


class Readers:
    """A bounded set of reader processes. ``read(job)`` is safe to call from several threads: at most
    ``workers`` documents are read at once, the others wait their turn."""

    def __init__(self, workers: int = 2, *, memory_mb: int = READER_MEMORY_MB, seconds: float = READER_SECONDS,
                 work: Callable[[Job], Prepared | Failed] = read_job, reads_per_worker: int = READS_PER_WORKER):
        import multiprocessing as mp

        self.workers = max(1, workers)
        self.reads_per_worker = max(1, reads_per_worker)
        self.memory_mb = memory_mb
        self.seconds = seconds
        self._work = work
        self._ctx = mp.get_context("forkserver")
        self._ctx.set_forkserver_preload(_PRELOAD)
        self._slots = threading.BoundedSemaphore(self.workers)
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._closed = False
        # a server or test that forgets close() leaves no reader processes behind once this is collected
        weakref.finalize(self, _stop_all, self._all)
        self.reading = 0
        self.read_count = 0
        self.stopped = 0  # workers stopped for time, memory or a crash

    # -- one document
    def read(self, job: Job) -> Prepared | Failed:
        with self._slots:
            with self._lock:
                self.reading += 1
            try:
                return self._read(job)
            finally:
                with self._lock:
                    self.reading -= 1
                    self.read_count += 1

    def _take(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise RuntimeError("readers closed")
            while self._idle:
                worker = self._idle.pop()
                if worker.alive:
                    return worker
                self._all.discard(worker)
                worker.stop()
        try:
            worker = _Worker(self._ctx, self._work, self.memory_mb)
        except OSError as exc:
            raise ReaderUnavailable(f"无法启动读取进程（{exc.strerror or exc}）") from None
        with self._lock:
            self._all.add(worker)
        return worker

    def _give_back(self, worker: _Worker, healthy: bool) -> None:
        worker.reads += 1
        with self._lock:
            if healthy and not self._closed and worker.alive and worker.reads < self.reads_per_worker:
                self._idle.append(worker)
                return
            self._all.discard(worker)
            if not healthy:
                self.stopped += 1
        worker.stop()

    def _read(self, job: Job) -> Prepared | Failed:
        source, digest = source_of(job), job[1]
        worker = self._take()
        try:
            worker.conn.send(job)
        except OSError:  # died while idle: one fresh try
            self._give_back(worker, healthy=False)
            worker = self._take()
            try:
                worker.conn.send(job)
            except OSError as exc:
                self._give_back(worker, healthy=False)
                raise ReaderUnavailable(f"读取进程启动后立即退出（{exc.strerror or exc}）") from None
        try:
            while True:  # a scan's pages told as they are read, then the result
                try:
                    ready = worker.conn.poll(self.seconds)
                except (OSError, ValueError):  # the readers were closed meanwhile (Ctrl-C): abandoned
                    self._give_back(worker, healthy=False)
                    return Failed(digest, source, f"文件 {source}：读取已中断")
                if not ready:
                    self._give_back(worker, healthy=False)
                    return Failed(digest, source, f"文件 {source}：读取超过 {self.seconds:g} 秒仍未完成，已停止"
                                                  "（每个文件的读取时间上限，可用 --reader-seconds 调整）")
                result = worker.conn.recv()
                if not (isinstance(result, str) and result == PAGE_READ):
                    break
        except (EOFError, OSError):
            worker.process.join(5)
            code = worker.process.exitcode
            self._give_back(worker, healthy=False)
            how = f"被信号 {_signal_name(code)} 终止" if code is not None and code < 0 else f"退出码 {code}"
            return Failed(digest, source, f"文件 {source}：读取进程意外退出（{how}），文件可能已损坏，"
                                          f"或读取所需内存超过上限 {self.memory_mb} MB")
        if result == _OUT_OF_MEMORY:
            self._give_back(worker, healthy=False)
            return Failed(digest, source, f"文件 {source}：读取所需内存超过上限 {self.memory_mb} MB，已停止"
                                          f"（可用 --reader-memory-mb 调整）")
        self._give_back(worker, healthy=True)
        return result

    # -- many documents
    def map(self, jobs: Iterable[Job]) -> Iterator[Prepared | Failed]:
        """Results in the order of ``jobs``, read ``workers`` at a time. A few jobs are read ahead of the
        one awaited, not all: a document that takes its full time holds back a bounded number of results."""
        ahead = self.workers * 4
        pending = iter(jobs)
        with ThreadPoolExecutor(self.workers, thread_name_prefix="reader") as pool:
            futures: collections.deque = collections.deque()

            def fill() -> None:
                while len(futures) < ahead:
                    job = next(pending, None)
                    if job is None:
                        return
                    futures.append(pool.submit(self.read, job))

            fill()
            try:
                while futures:
                    result = futures.popleft().result()
                    fill()
                    yield result
            finally:
                for f in futures:
                    f.cancel()
                if futures:  # interrupted: stop what is being read so that the threads return
                    self.close()

    def status(self) -> dict:
        with self._lock:
            return {"workers": self.workers, "reading": self.reading, "read": self.read_count,
                    "stopped": self.stopped, "memory_mb": self.memory_mb, "seconds": self.seconds}

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._idle = list(self._all), []
            self._all.clear()
        for worker in workers:
            worker.stop()

    def __enter__(self) -> Readers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Busy(Exception):
    """Too many uploads are already waiting for a reader."""


class Turns:
    """First come, first read: the uploads waiting for one of ``slots`` readers. Polled from the server's
    event loop (``take``), so that a waiting upload holds no thread and no lock."""

    def __init__(self, slots: int, max_waiting: int = MAX_WAITING_UPLOADS):
        self.slots = slots
        self.max_waiting = max_waiting
        self._lock = threading.Lock()
        self._waiting: collections.deque[int] = collections.deque()
        self._next = 0
        self.active = 0

    def join(self) -> int:
        with self._lock:
            if len(self._waiting) >= self.max_waiting:
                raise Busy
            self._next += 1
            self._waiting.append(self._next)
            return self._next

    def take(self, ticket: int) -> bool:
        """True (and the slot is the caller's) when ``ticket`` is first in line and a reader is free."""
        with self._lock:
            if self._waiting and self._waiting[0] == ticket and self.active < self.slots:
                self._waiting.popleft()
                self.active += 1
                return True
            return False

    def leave(self, ticket: int) -> None:
        """The upload went away while waiting (the client disconnected)."""
        with self._lock:
            try:
                self._waiting.remove(ticket)
            except ValueError:
                pass

    def done(self) -> None:
        with self._lock:
            self.active -= 1

    @property
    def waiting(self) -> int:
        return len(self._waiting)


def wait_briefly(started: float) -> float:
    """How long a waiting upload sleeps before it looks again: short at first, at most 0.2 s."""
    return min(0.2, 0.01 + (time.monotonic() - started) / 20)
