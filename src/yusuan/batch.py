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
    json: str | None = None  # the report as JSON (yusuan.report.json.report_json), when asked for; the
    # report then keeps only its summary and particulars (see check_all)
    pictures: list[dict] | None = None  # a scan's figures in doubt with their cells' pictures, when asked for


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


def _read_and_check(select: list[str], ignore: list[str], related_of, keep_docs: bool, as_json: bool,
                    pictures: bool, job: tuple[list[Path], str | None]) -> Outcome:
    from yusuan.rules import check
    from yusuan.score.transparency import score

    out = _read(job)
    if out.doc is not None:
        try:
            related = related_of(out.doc) if related_of is not None else None
            out.report = check(out.doc, select, ignore, related=related)
            out.report.transparency = score(out.doc, outcomes=out.report.outcomes).to_dict()
            if as_json:
                from yusuan.report.json import report_json

                out.json = report_json(out.report)
                # The findings and outcomes travel in the JSON text; unpickling them again in the main
                # process would cost it more than the rest of what it does per document.
                out.report = out.report.model_copy(update={"findings": [], "outcomes": []})
        except Exception as exc:  # noqa: BLE001 - a rule failing on an unexpected document: report it
            out.check_error = f"文件 {out.members[0]}：核对时出错（{type(exc).__name__}: {exc}）"
        if pictures and out.doc.ocr is not None and out.check_error is None:
            from yusuan.report.pictures import ocr_pictures

            out.pictures = ocr_pictures(out.doc, out.members)
        if not keep_docs and out.check_error is None:
            out.doc = None  # not sent back from a worker: the report is what is wanted of it
    return out


def read_all(jobs: Sequence[tuple[list[Path], str | None]], workers: int) -> Iterator[Outcome]:
    return _run(_read, jobs, workers)


def check_all(jobs: Sequence[tuple[list[Path], str | None]], workers: int, select: list[str],
              ignore: list[str], related_of: Callable | None = None, keep_docs: bool = True,
              as_json: bool = False, pictures: bool = False) -> Iterator[Outcome]:
    """``related_of`` gives a document's other documents from a corpus (see :mod:`yusuan.rules.across`); the
    corpus is open in this process, so the documents are then checked here, one after another. Without
    ``keep_docs`` an outcome carries the report only (``doc`` is None once checked); with ``as_json`` it
    carries the report's JSON text, rendered by the worker, and the report only its summary and the
    document's particulars (no findings, no outcomes: they are in the text). With ``pictures`` a scan's
    outcome carries its figures in doubt with the pictures of their cells (see yusuan.report.pictures)."""
    if related_of is not None:
        workers = 1
    return _run(partial(_read_and_check, select, ignore, related_of, keep_docs, as_json, pictures), jobs, workers)


def _run(fn: Callable[[tuple[list[Path], str | None]], Outcome], jobs: Sequence, workers: int) -> Iterator[Outcome]:
    if workers <= 1 or len(jobs) < 2:
        yield from map(fn, jobs)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import gc

    _preload(jobs)
    # fork: the workers start with the modules already imported, at no cost per document. What this
    # process holds is frozen out of the collector first: a collection in a worker would otherwise write to
    # every inherited object's header and so copy the page it is on, worker by worker.
    gc.freeze()
    context = multiprocessing.get_context("fork")
    workers = min(workers, len(jobs))
    # A couple of documents per task: fewer round trips, and short enough a last task that the workers
    # finish together.
    chunk = max(1, min(2, len(jobs) // (workers * 8)))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            yield from pool.map(fn, jobs, chunksize=chunk)
    finally:
        gc.unfreeze()


def _preload(jobs: Sequence[tuple[list[Path], str | None]]) -> None:
    """Import, before the workers are forked, what every worker needs: each then starts with it instead
    of importing it again (the recognizers and rules take a good part of a second to import, the PDF
    libraries as long again)."""
    import yusuan.read.text  # noqa: F401
    import yusuan.recognize  # noqa: F401
    import yusuan.rules  # noqa: F401
    import yusuan.score.transparency  # noqa: F401

    if any(Path(m).suffix.lower() == ".pdf" for members, _ in jobs for m in members):
        import pdfplumber  # noqa: F401
        import pypdfium2  # noqa: F401

        import yusuan.read.pdf  # noqa: F401
        import yusuan.read.pdfium  # noqa: F401
