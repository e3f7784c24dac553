"""Ingest many files: walk folders, read and check in worker processes, write each document whole.

The writer is this process alone; workers only read and check. A file whose content is already in the
store is skipped before it is read. Ctrl-C stops the run between documents: what was committed stays,
the document being written is rolled back.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from yusuan.read import walk
from yusuan.read.parts import group
from yusuan.store.records import Failed, Prepared, content_hash, prepare
from yusuan.store.store import Store


@dataclass
class Stats:
    seen: int = 0  # files found
    added: int = 0  # new documents (first versions)
    versions: int = 0  # new versions of a department's document already stored
    skipped: int = 0  # content already stored (document or recorded failure)
    failed: int = 0
    findings: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file, message)
    interrupted: bool = False
    seconds: float = 0.0

    @property
    def done(self) -> int:
        return self.added + self.versions + self.skipped + self.failed

    @property
    def per_second(self) -> float:
        return (self.added + self.versions + self.failed) / self.seconds if self.seconds else 0.0


def _work(item: tuple[tuple[str, ...], str, str | None]) -> Prepared | Failed:
    paths, digest, because = item
    parts = [Path(p) for p in paths]
    return prepare(parts[0], digest=digest, parts=parts, joined_because=because)


def _quiet_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle


def ingest(store: Store, paths: Iterable[Path], *, workers: int = 1,
           progress: Callable[[Stats, str | None], None] | None = None) -> Stats:
    """Ingest the files; ``progress(stats, file)`` is called after each file."""
    stats = Stats()
    started = time.perf_counter()
    files = list(walk(paths))
    stats.seen = len(files)
    todo: list[tuple[tuple[str, ...], str, str | None]] = []
    planned: set[str] = set()

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
            if digest in planned or store.known(digest):
                stats.skipped += 1
                note(source)
                continue
            planned.add(digest)
            todo.append((tuple(map(str, members)), digest, because))

    def record(item: Prepared | Failed) -> None:
        result = store.add(item)
        if result.status == "added":
            if result.version and result.version > 1:
                stats.versions += 1
            else:
                stats.added += 1
            stats.findings += result.findings
        elif result.status == "failed":
            stats.failed += 1
            stats.errors.append((item.source, result.error or ""))
        else:
            stats.skipped += 1
        note(item.source)

    pool = writing = None
    try:
        plan()
        writing = store.backend.bulk_writing()
        try:
            writing.__enter__()
        except Exception:
            writing = None
        if workers <= 1 or len(todo) <= 1:
            for item in todo:
                record(_work(item))
        else:
            import multiprocessing as mp

            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["yusuan.store.records", "yusuan.rules", "yusuan.recognize"])
            pool = ctx.Pool(workers, initializer=_quiet_worker)
            for prepared in pool.imap(_work, todo, chunksize=4):
                record(prepared)
            pool.close()
            pool.join()
            pool = None
    except KeyboardInterrupt:
        stats.interrupted = True
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        if writing is not None:
            try:
                writing.__exit__(None, None, None)
            except Exception:  # the store is being closed after an interruption
                pass
        stats.seconds = time.perf_counter() - started
    return stats
