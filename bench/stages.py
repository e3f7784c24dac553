"""Where the time of reading and checking a document goes, stage by stage, against the floor.

Run as ``python3 bench/stages.py`` (``--rounds N``, ``--pdf`` / ``--text`` for one kind only, ``--cpu`` to
count the process's processor time instead of the time on the clock: steadier on a busy machine).

PDF stages, per document (median over the real PDFs in tests/data/real):

* open — the file opened in pdfplumber (page tree, structure checks) and in PDFium;
* characters — every page's characters and ruling lines (PDFium; pdfminer for a page PDFium's
  characters cannot stand for);
* tables — ruled tables found from the lines and filled with their characters;
* lines — the other characters made into lines and paragraphs, running headers dropped;
* recognize — tables, projects and narrative figures recognized from the lines;
* checks — every rule run on the recognized document.

The floor is what no reader of the file can do without: for a PDF, PDFium's character list with a
box for every character (pypdfium2 ``get_charbox``); for a text document, reading its bytes. The
table gives each stage's time and the whole as a multiple of that floor.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
_now = time.perf_counter  # time.process_time with --cpu


class _Clock:
    """Time spent inside wrapped functions, by stage name (not counting a stage's nested stages twice)."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self._stack: list[str] = []

    def wrap(self, owner, name: str, stage: str) -> None:
        inner = getattr(owner, name)
        clock = self

        def timed(*args, **kwargs):
            start = _now()
            clock._stack.append(stage)
            try:
                return inner(*args, **kwargs)
            finally:
                clock._stack.pop()
                took = _now() - start
                clock.spent[stage] += took
                if clock._stack:  # the enclosing stage does not count this time as its own
                    clock.spent[clock._stack[-1]] -= took

        setattr(owner, name, timed)


def _floor_pdf(path: Path) -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    for page in pdf:
        text = page.get_textpage()
        for i in range(text.count_chars()):
            text.get_charbox(i)
        text.close()
        page.close()
    pdf.close()


def _floor_text(path: Path) -> None:
    path.read_bytes()


def measure(files: list[Path], kind: str, rounds: int) -> tuple[dict[str, list[float]], list[float], list[float]]:
    """Per stage, the median time of each document; the floor and the whole, per document."""
    from yusuan.read import pdf as pdf_reader
    from yusuan.read import pdfium, read_document
    from yusuan.read import text as text_reader
    from yusuan.recognize import recognize
    from yusuan.rules import check

    clock = _Clock()
    if kind == "pdf":
        clock.wrap(pdf_reader, "_read_pdf", "lines")  # what the stages below leave of reading
        import pdfplumber

        clock.wrap(pdfplumber, "open", "open")
        clock.wrap(pdf_reader, "_pdfium_pages", "open")
        clock.wrap(pdf_reader, "_declared_pages", "open")
        clock.wrap(pdfium.PdfiumPages, "page", "characters")
        clock.wrap(pdf_reader, "_plumber_glyphs", "characters")
        clock.wrap(pdf_reader, "_content_lost", "characters")
        clock.wrap(pdf_reader, "_find_tables", "tables")
        clock.wrap(pdf_reader._Grid, "__init__", "tables")
        clock.wrap(pdf_reader._Grid, "take", "tables")
        clock.wrap(pdf_reader._Grid, "texts", "tables")
        floor = _floor_pdf
    else:
        clock.wrap(text_reader, "read_text", "lines")
        floor = _floor_text
    stages = ["open", "characters", "tables", "lines", "recognize", "checks"] if kind == "pdf" else [
        "lines", "recognize", "checks"]
    per_stage: dict[str, list[list[float]]] = {s: [[] for _ in files] for s in stages}
    floors: list[list[float]] = [[] for _ in files]
    wholes: list[list[float]] = [[] for _ in files]
    for f in files:  # warm-up: imports, compiled patterns, catalogs
        check(recognize(read_document(f)))
    for _ in range(rounds):
        for i, f in enumerate(files):
            start = _now()
            floor(f)
            floors[i].append(_now() - start)
            clock.spent.clear()
            start = _now()
            raw = read_document(f)
            read = _now() - start
            doc = recognize(raw)
            recognized = _now() - start
            check(doc)
            whole = _now() - start
            wholes[i].append(whole)
            spent = dict(clock.spent)
            spent["recognize"] = recognized - read
            spent["checks"] = whole - recognized
            if kind == "pdf":
                # Finding the reader for the file, outside _read_pdf, is counted as opening it.
                known = sum(spent.get(s, 0.0) for s in ("characters", "tables", "lines", "open"))
                spent["open"] = spent.get("open", 0.0) + max(0.0, read - known)
            else:
                spent["lines"] = read
            for s in stages:
                per_stage[s][i].append(spent.get(s, 0.0))
    med = statistics.median
    return ({s: [med(v) for v in per_stage[s]] for s in stages}, [med(v) for v in floors], [med(v) for v in wholes])


def report(title: str, stages: dict[str, list[float]], floors: list[float], wholes: list[float]) -> None:
    med = statistics.median
    floor = med(floors)
    print(f"{title}：{len(wholes)} 份，每份中位数")
    print(f"  {'阶段':<12}{'秒/份':>10}{'占比':>8}{'÷下限':>8}")
    whole = med(wholes)
    for stage, times in stages.items():
        t = med(times)
        print(f"  {stage:<12}{t:>10.4f}{t / whole:>8.0%}{t / floor:>8.1f}")
    print(f"  {'合计':<12}{whole:>10.4f}{1:>8.0%}{whole / floor:>8.1f}")
    # What ``yusuan extract`` does: the whole without the checks.
    extract = med([w - c for w, c in zip(wholes, stages["checks"])])
    print(f"  {'其中提取':<10}{extract:>10.4f}{extract / whole:>8.0%}{extract / floor:>8.1f}")
    print(f"  {'下限':<12}{floor:>10.4f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds per document (median reported)")
    parser.add_argument("--pdf", action="store_true", help="only the PDFs")
    parser.add_argument("--text", action="store_true", help="only the text seeds")
    parser.add_argument("--cpu", action="store_true", help="processor time of this process, not clock time")
    args = parser.parse_args()
    if args.cpu:
        global _now
        _now = time.process_time
    both = not (args.pdf or args.text)
    if args.pdf or both:
        pdfs = sorted((DATA / "real").glob("*.pdf"))
        report("PDF（下限：pypdfium2 逐字读取字符框）", *measure(pdfs, "pdf", args.rounds))
    if args.text or both:
        seeds = sorted((DATA / "seeds").glob("*.txt"))
        report("文本（下限：读出文件字节）", *measure(seeds, "text", max(args.rounds, 20)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
