"""Ingest many files: walk folders, read and check in worker processes, write each document whole.

The writer is this process alone; workers only read and check. A file whose content is already in the
store is skipped before it is read. Ctrl-C stops the run between documents: what was committed stays,
the document being written is rolled back.
"""

from __future__ import annotations

import errno
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from yusuan.read import walk
from yusuan.read.parts import group
from yusuan.read.limits import READER_MEMORY_MB, READER_SECONDS
from yusuan.store.records import Failed, Prepared, content_hash
from yusuan.store.backend import StoreError
from yusuan.store.store import Store
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


def _settle_retry(store: Store, item: Prepared | Failed) -> None:
    """A recorded failure read again: its record goes when it was read, and says the new reason when not
    (the store keeps one failure per content)."""
    with store.backend.write_lock, store.backend.transaction() as tx:
        if isinstance(item, Failed):
            tx.execute("UPDATE failures SET source = ?, error = ?, failed_at = current_timestamp "
                       "WHERE content_hash = ?", (item.source, item.error, item.content_hash))
        else:
            tx.execute("DELETE FROM failures WHERE content_hash = ?", (item.content_hash,))


def ingest(store: Store, paths: Iterable[Path], *, workers: int = 1,
           progress: Callable[[Stats, str | None], None] | None = None, memory_mb: int = READER_MEMORY_MB,
           seconds: float = READER_SECONDS, readers: Readers | None = None, retry_failed: bool = False) -> Stats:
    """Ingest the files; ``progress(stats, file)`` is called after each file. Each document is read in a
    process of its own (store.workers), ``workers`` at a time, under ``memory_mb`` and ``seconds``.
    ``retry_failed``: read again the files recorded as unreadable (after a limit was raised)."""
    stats = Stats()
    started = time.perf_counter()
    files = list(walk(paths))
    stats.seen = len(files)
    todo: list[Job] = []
    planned: set[str] = set()
    retried: set[str] = set()  # recorded failures read again

    def note(file: str | None) -> None:
        if progress is not None:
            progress(stats, file)

    def plan() -> None:
        # An explanation and a tables file of one disclosure (read.parts) are one document of the store,
        # identified by the hash of both contents.
        for members, because in group(files):
            source = " + ".join(map(str, members))
            try:
                data = b"".join(p.read_bytes() for p in members)
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
            digest = content_hash(data)
            known = None if digest in planned else store.known(digest)
            if known == "failure" and retry_failed:
                retried.add(digest)
                known = None
            if digest in planned or known:
                stats.skipped += 1
                if known == "failure":
                    recorded = store.backend.fetchall("SELECT error FROM failures WHERE content_hash = ?", (digest,))
                    stats.failed_before.append((source, recorded[0][0] if recorded else ""))
                note(source)
                continue
            planned.add(digest)
            todo.append((tuple(map(str, members)), digest, because, None))

    def record(item: Prepared | Failed) -> None:
        try:
            if item.content_hash in retried:
                _settle_retry(store, item)
            result = store.add(item)
        except (KeyboardInterrupt, StoreError):
            raise
        except Exception as exc:  # the database cannot be written (a full disk): no later file can be either
            raise StoreError(cannot_write(store.location, item.source, exc)) from None
        if result.status == "added":
            if result.version and result.version > 1:
                stats.versions += 1
            else:
                stats.added += 1
            stats.findings += result.findings
        elif result.status == "failed" or (isinstance(item, Failed) and item.content_hash in retried):
            stats.failed += 1
            stats.errors.append((item.source, result.error or ""))
        else:
            stats.skipped += 1
        note(item.source)

    writing = None
    own = readers is None
    readers = readers or Readers(workers, memory_mb=memory_mb, seconds=seconds)
    try:
        plan()
        writing = store.backend.bulk_writing()
        try:
            writing.__enter__()
        except Exception:
            writing = None
        for prepared in readers.map(todo):
            record(prepared)
    except KeyboardInterrupt:
        stats.interrupted = True
    except StoreError as exc:
        stats.stop_reason = exc.describe()
    except ReaderUnavailable as exc:
        stats.stop_reason = (f"{exc}，入库停止：已入库的文档完整保存；问题解决后重新运行同一命令，"
                             "已入库的文件会跳过")
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
