"""Ingest many files: walk folders, read and check in worker processes, write the documents in batches.

The writer is this process alone; workers only read and check. A file whose content is already in the
store is skipped before it is read. Documents are written a batch per transaction, each whole. Ctrl-C
stops the run: what was committed stays, what was read is written, a batch being written when the
interrupt came is rolled back (and read again by the next run).
"""

from __future__ import annotations

import errno
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from yusuan.read.parts import group
from yusuan.read.limits import READER_MEMORY_MB, READER_SECONDS
from yusuan.store.records import Failed, Prepared, content_hash
from yusuan.store.sources import SourceError, is_url, read_bytes, walk
from yusuan.store.backend import StoreError
from yusuan.store.summaries import refresh_pending
from yusuan.store.store import Added, NotWritten, Store
from yusuan.store.workers import Job, Readers, ReaderUnavailable


@dataclass
class Stats:
    seen: int = 0  # files found
    added: int = 0  # new documents (first versions)
    versions: int = 0  # new versions of a department's document already stored
    skipped: int = 0  # content already stored (document or recorded failure)
    failed: int = 0
    findings: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file, message)
    # files skipped because an earlier run recorded them as unreadable: (file, the recorded message)
    failed_before: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False
    # why the run stopped before its end: the store stopped accepting documents (a full disk), or no
    # reader process could be started
    stop_reason: str | None = None
    seconds: float = 0.0
    started: float = 0.0  # time.perf_counter() at the start

    def rate(self) -> float:
        """Documents read and written per second so far (skipped files cost next to nothing)."""
        elapsed = time.perf_counter() - self.started if self.started else 0.0
        return (self.added + self.versions + self.failed) / elapsed if elapsed > 0 else 0.0

    def eta(self) -> float | None:
        """Seconds until every file found is done, at the rate so far; None before there is a rate."""
        rate = self.rate()
        return (self.seen - self.done) / rate if rate > 0 else None

    @property
    def done(self) -> int:
        return self.added + self.versions + self.skipped + self.failed

    @property
    def per_second(self) -> float:
        return (self.added + self.versions + self.failed) / self.seconds if self.seconds else 0.0


def cannot_write(location: str, source: str, exc: BaseException) -> str:
    """Why ``source`` could not be written to the store at ``location``, for a person who can act on it."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    full = (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "No space left" in str(exc)
    reason = "磁盘空间已满" if full else text
    return (f"无法写入数据库 {location}（{reason}）：文件 {source} 没有写入，此前入库的文档完整保存；"
            "问题解决后重新运行同一命令，已入库的文件会跳过")


BATCH = 100  # documents written per transaction
BATCH_SECONDS = 2.0  # a batch is written at the latest this long after its first document was read


class Writer:
    """Writes what the readers give, ``batch`` documents per transaction, and counts it in ``stats``.
    A document read is written within ``seconds``, so a slow reader holds back no finished work."""

    def __init__(self, store: Store, stats: Stats, note: Callable[[str | None], None], retried: set[str], *,
                 batch: int = BATCH, seconds: float = BATCH_SECONDS):
        self.store, self.stats, self.note, self.retried = store, stats, note, retried
        self.batch, self.seconds = max(1, batch), seconds
        self.pending: list[Prepared | Failed] = []
        self._since = 0.0

    def put(self, item: Prepared | Failed) -> None:
        if not self.pending:
            self._since = time.monotonic()
        self.pending.append(item)
        if len(self.pending) >= self.batch or time.monotonic() - self._since >= self.seconds:
            self.flush()

    def flush(self) -> None:
        """Write the pending documents. Interrupted (Ctrl-C) or failed, none of them is written: they are
        dropped from ``pending`` first, and a later run reads them again."""
        items, self.pending = self.pending, []
        try:
            results = self.store.add_many(items, retried=self.retried)
        except NotWritten as exc:  # the database cannot be written (a full disk): no later file can be either
            self._count(items, exc.done)
            raise StoreError(cannot_write(self.store.location, exc.item.source, exc.cause)) from None
        except (KeyboardInterrupt, StoreError):
            raise
        except Exception as exc:
            raise StoreError(cannot_write(self.store.location, items[0].source, exc)) from None
        self.store.backend.after_batch()
        self._count(items, results)

    def _count(self, items: list[Prepared | Failed], results: list[Added]) -> None:
        stats = self.stats
        for item, result in zip(items, results):
            if result.status == "added":
                if result.version and result.version > 1:
                    stats.versions += 1
                else:
                    stats.added += 1
                stats.findings += result.findings
            elif result.status == "failed" or (isinstance(item, Failed) and item.content_hash in self.retried):
                stats.failed += 1
                stats.errors.append((item.source, result.error or ""))
            else:
                stats.skipped += 1
            self.note(item.source)


# What an ingest stopped by its readers (or its cluster) says after the reason.
STOPPED = "，入库停止：已入库的文档完整保存；问题解决后重新运行同一命令，已入库的文件会跳过"


def interrupted(stats: Stats, writer: Writer | None) -> None:
    """Ctrl-C: what was read is written; a second Ctrl-C, or one during that flush, leaves it unwritten."""
    stats.interrupted = True
    if writer is not None:
        try:
            writer.flush()
        except (KeyboardInterrupt, StoreError):
            return
        try:
            refresh_pending(writer.store)
        except BaseException:  # a second Ctrl-C: the marks stay, the next ingest rebuilds them
            pass


def _disclosures(files: list[Path | str]) -> list[tuple[list[Path | str], str | None]]:
    """The files as documents: local files grouped (read.parts), each URL a document of its own."""
    local = [f for f in files if not is_url(f)]
    return [*group(local), *(([f], None) for f in files if is_url(f))]


def plan(store: Store, files: list[Path | str], stats: Stats, note: Callable[[str | None], None], *,
         retry_failed: bool = False) -> tuple[list[Job], set[str]]:
    """The documents to read among ``files``: the jobs, and the content hashes of recorded failures that
    are read again. What the store already holds is counted as skipped (looked up a few hundred at once).
    An explanation and a tables file of one disclosure (read.parts) are one document of the store,
    identified by the hash of both contents."""
    found: list[tuple[tuple[Path | str, ...], str, str | None, str]] = []
    for members, because in _disclosures(files):
        source = " + ".join(map(str, members))
        try:
            data = b"".join(read_bytes(p) for p in members)
        except FileNotFoundError:
            stats.failed += 1
            stats.errors.append((source, f"文件 {source}：文件不存在"))
            note(source)
            continue
        except OSError as exc:
            stats.failed += 1
            stats.errors.append((source, f"文件 {source}：无法读取（{exc.strerror or exc}）"))
            note(source)
            continue
        found.append((members, content_hash(data), because, source))
    known = store.known_many(sorted({digest for _m, digest, _b, _s in found}))
    todo: list[Job] = []
    planned: set[str] = set()
    retried: set[str] = set()
    for members, digest, because, source in found:
        what, recorded = known.get(digest, (None, None))
        if what == "failure" and retry_failed and digest not in planned:
            retried.add(digest)
            what = None
        if digest in planned or what:
            stats.skipped += 1
            if what == "failure":
                stats.failed_before.append((source, recorded or ""))
            note(source)
            continue
        planned.add(digest)
        todo.append((tuple(map(str, members)), digest, because, None))
    return todo, retried


def begin(paths: Iterable[Path | str]) -> tuple[Stats, list | None]:
    """An ingest's counters, started now, and the files the paths hold; None when they cannot be listed
    (the reason is the stats' stop_reason)."""
    stats = Stats()
    stats.started = time.perf_counter()
    try:
        files = list(walk(paths))
    except SourceError as exc:
        stats.stop_reason = f"{exc}{STOPPED}"
        return stats, None
    stats.seen = len(files)
    return stats, files


def ingest(store: Store, paths: Iterable[Path], *, workers: int = 1,
           progress: Callable[[Stats, str | None], None] | None = None, memory_mb: int = READER_MEMORY_MB,
           seconds: float = READER_SECONDS, readers: Readers | None = None, retry_failed: bool = False,
           batch: int = BATCH) -> Stats:
    """Ingest the files; ``progress(stats, file)`` is called after each file. Each document is read in a
    process of its own (store.workers), ``workers`` at a time, under ``memory_mb`` and ``seconds``, and
    written with others, ``batch`` per transaction.
    ``retry_failed``: read again the files recorded as unreadable (after a limit was raised)."""
    stats, files = begin(paths)
    if files is None:
        return stats
    started = stats.started

    def note(file: str | None) -> None:
        if progress is not None:
            progress(stats, file)

    writing = None
    writer = None
    own = readers is None
    readers = readers or Readers(workers, memory_mb=memory_mb, seconds=seconds)
    try:
        todo, retried = plan(store, files, stats, note, retry_failed=retry_failed)
        writer = Writer(store, stats, note, retried, batch=batch)
        writing = store.backend.bulk_writing()
        try:
            writing.__enter__()
        except Exception:
            writing = None
        for prepared in readers.map(todo):
            writer.put(prepared)
        writer.flush()
        refresh_pending(store)  # what a writer stopped before rebuilding the summaries left marked
    except KeyboardInterrupt:
        interrupted(stats, writer)
    except StoreError as exc:
        stats.stop_reason = exc.describe()
    except ReaderUnavailable as exc:
        stats.stop_reason = f"{exc}{STOPPED}"
    finally:
        if own:
            readers.close()
        if writing is not None:
            try:
                writing.__exit__(None, None, None)
            except Exception:  # the store is being closed after an interruption
                pass
        stats.seconds = time.perf_counter() - started
    return stats
