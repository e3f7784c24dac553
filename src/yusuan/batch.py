"""Several disclosures read (and checked) by worker processes, the outcomes handed back in input order.

A document is read by one process from start to end, so the outcome of each is exactly what a
serial run gives; only the order in which they finish differs, and ``outcomes`` restores it. An
outcome carries the failure message instead of raising, so that one unreadable file neither stops
the others nor is reported out of turn.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path


@dataclass
class Outcome:
    members: list[Path]
    because: str | None
    doc: object = None  # the Disclosure read
    report: object = None  # its check report, when checked
    read_error: str | None = None
    check_error: str | None = None


def default_jobs() -> int:
    return os.cpu_count() or 1


def _read(job: tuple[list[Path], str | None]) -> Outcome:
    from yusuan import extract_together
    from yusuan.errors import YusuanError

    members, because = job
    out = Outcome(members, because)
    try:
        out.doc = extract_together(members, because)
    except YusuanError as exc:
        out.read_error = exc.describe()
    except Exception as exc:  # noqa: BLE001 - a reader library failing on malformed input
        out.read_error = f"文件 {members[0]}：无法读取（{type(exc).__name__}: {exc}）"
    return out


def _read_and_check(select: list[str], ignore: list[str], related_of, job: tuple[list[Path], str | None]) -> Outcome:
    from yusuan.rules import check
    from yusuan.score.transparency import score

    out = _read(job)
    if out.doc is not None:
        try:
            related = related_of(out.doc) if related_of is not None else None
            out.report = check(out.doc, select, ignore, related=related)
            out.report.transparency = score(out.doc).to_dict()
        except Exception as exc:  # noqa: BLE001 - a rule failing on an unexpected document: report it
            out.check_error = f"文件 {out.members[0]}：核对时出错（{type(exc).__name__}: {exc}）"
    return out


def read_all(jobs: Sequence[tuple[list[Path], str | None]], workers: int) -> Iterator[Outcome]:
    return _run(_read, jobs, workers)


def check_all(jobs: Sequence[tuple[list[Path], str | None]], workers: int, select: list[str],
              ignore: list[str], related_of: Callable | None = None) -> Iterator[Outcome]:
    """``related_of`` gives a document's other documents from a corpus (see :mod:`yusuan.rules.across`); the
    corpus is open in this process, so the documents are then checked here, one after another."""
    if related_of is not None:
        workers = 1
    return _run(partial(_read_and_check, select, ignore, related_of), jobs, workers)


def _run(fn: Callable[[tuple[list[Path], str | None]], Outcome], jobs: Sequence, workers: int) -> Iterator[Outcome]:
    if workers <= 1 or len(jobs) < 2:
        yield from map(fn, jobs)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers start with the modules already imported, at no cost per document.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context) as pool:
        yield from pool.map(fn, jobs, chunksize=1)
