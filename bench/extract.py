"""Throughput of ``yusuan.extract`` on the text seeds and the real PDFs, against pdfplumber's own reading.

Run as ``python3 bench/extract.py`` (``--check`` exits 1 when a target is missed). Targets:

* text: at least 150 documents per second on one core;
* PDF: within 1.5 times the time pdfplumber itself needs to read the same files (open, then
  ``extract_words()`` of every page — the one word extraction a reader cannot do without).

Rounds of the two PDF measurements alternate, so that a slower moment of the machine hits both,
and the median round is reported.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"  # the published documents the tests read
TEXT_TARGET = 150.0  # documents per second
PDF_TARGET = 1.5  # yusuan time / pdfplumber time


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_text(files: list[Path], min_seconds: float) -> tuple[float, int]:
    import yusuan

    for f in files:  # warm-up: imports, compiled patterns
        yusuan.extract(f)
    rounds: list[float] = []
    spent = 0.0
    while spent < min_seconds or len(rounds) < 5:
        t = _timed(lambda: [yusuan.extract(f) for f in files])
        rounds.append(t)
        spent += t
    return len(files) / statistics.median(rounds), len(rounds) * len(files)


def _pdfplumber_read(files: list[Path], method: str) -> None:
    import pdfplumber

    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                getattr(page, method)()
                page.close()


def bench_pdf(files: list[Path], rounds: int) -> dict[str, float]:
    import yusuan

    yusuan.extract(files[0])  # warm-up
    times: dict[str, list[float]] = {"yusuan": [], "extract_words": [], "extract_text": []}
    for _ in range(rounds):
        times["yusuan"].append(_timed(lambda: [yusuan.extract(f) for f in files]))
        times["extract_words"].append(_timed(lambda: _pdfplumber_read(files, "extract_words")))
        times["extract_text"].append(_timed(lambda: _pdfplumber_read(files, "extract_text")))
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="PDF rounds (median reported)")
    parser.add_argument("--seconds", type=float, default=3.0, help="minimum time spent on the text seeds")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    seeds = sorted((DATA / "seeds").glob("*.txt"))
    pdfs = sorted((DATA / "real").glob("*.pdf"))
    missed = False
    if seeds:
        rate, runs = bench_text(seeds, args.seconds)
        ok = rate >= TEXT_TARGET
        missed |= not ok
        print(f"text: {len(seeds)} seeds, {runs} extractions: {rate:,.1f} documents/s "
              f"(target ≥ {TEXT_TARGET:.0f}) {'OK' if ok else 'MISSED'}")
    else:
        print(f"text: no seeds under {DATA / 'seeds'}")
    if pdfs:
        import pdfplumber

        pages = 0
        for f in pdfs:
            with pdfplumber.open(f) as pdf:
                pages += len(pdf.pages)
        t = bench_pdf(pdfs, args.rounds)
        ratio = t["yusuan"] / t["extract_words"]
        ok = ratio <= PDF_TARGET
        missed |= not ok
        print(f"pdf: {len(pdfs)} files, {pages} pages, median of {args.rounds} rounds")
        print(f"  yusuan.extract:                {t['yusuan']:.2f} s  "
              f"({len(pdfs) / t['yusuan']:.2f} documents/s, {pages / t['yusuan']:.1f} pages/s)")
        print(f"  pdfplumber open+extract_words: {t['extract_words']:.2f} s")
        print(f"  pdfplumber open+extract_text:  {t['extract_text']:.2f} s")
        print(f"  ratio yusuan / extract_words:  {ratio:.2f} (target ≤ {PDF_TARGET}) {'OK' if ok else 'MISSED'}; "
              f"/ extract_text: {t['yusuan'] / t['extract_text']:.2f}")
    else:
        print(f"pdf: no PDFs under {DATA / 'real'}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
