"""How well and how fast scanned pages read: real text PDFs turned into pictures, read by OCR, and
their table cells compared with what the text layer of the same pages gives.

Run as ``python3 bench/ocr.py`` (the ``ocr`` extra installed). For each page listed below, the page is
rendered at 150 and 200 dpi (clean, with noise, turned by 0.8°, or printed and scanned again: see
tests/scans.py), saved as a PDF of one picture, and read; a cell (a row's name, code or figure) counts
as right when its text, spaces left out, equals the text layer's. Printed: cells right out of cells,
tables found out of tables, seconds per page (median). ``--check`` also checks the whole document both
ways and counts the 错误 of each, and the 错误 of the scan that the text layer has not. ``--whole``
turns every page of the documents into a picture. ``--set wider`` measures other regions' tables,
``--set built`` the PDF ``yusuan build`` writes from examples/luquan-2024.yaml.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "real"
sys.path.insert(0, str(REAL.parents[1]))  # tests/scans.py: the printed-and-scanned look, shared with the tests
from scans import printed  # noqa: E402
# Table pages of real disclosures: the 收支总表, 收入/支出总表, 财政拨款 and 功能/经济分类 tables.
PAGES = {
    "04_shanghai-putuo-zhengfuban_2025_dept-budget.pdf": [8, 9, 10, 13, 14, 15],
    "10_shanghai-putuo-shehuifuliyuan_2024_unit-budget.pdf": [7, 8, 9, 10, 11, 14],
    "01_shanghai-putuo-wanli-jiedao_2023_dept-budget.pdf": [10, 11, 15, 19, 20, 26],
}

# Other regions' tables (docs/ocr.md, "别的地区的表"): 3 table pages of each of 8 documents.
WIDER = {
    "21_jiangsu-sheng-gaojirenminfayuan_2019_dept-budget.pdf": [8, 9, 10],
    "33_chongqing-shi-jingxinwei_2026_dept-budget.pdf": [7, 8, 12],
    "35_jiangsu-suzhou-ziranziyuanheguihuaju_2026_dept-budget.pdf": [11, 12, 13],
    "38_jiangsu-wuxi-xinfangju_2025_dept-budget.pdf": [10, 11, 12],
    "39_fujian-quanzhou-zhengfuban_2026_dept-budget.pdf": [13, 14, 15],
    "41_guangdong-zhuhai-jiaotongshizheng-gongwuzhongxin_2026_dept-budget.pdf": [4, 6, 7],
    "31_shanghai-shi-shenjiju_2026_unit-budget.pdf": [7, 8, 10],
    "13_shanghai-putuo-caizhengju_2024_dept-final.pdf": [6, 8, 10],
}
# The table pages of the PDF yusuan build writes from this example (docs/ocr.md, "yusuan build 写出的文件").
BUILT = (REAL.parents[2] / "examples" / "luquan-2024.yaml", [3, 4, 5, 6, 7, 8, 9, 12])


def built_pdf(folder: Path) -> Path:
    from yusuan.compose import load_package
    from yusuan.render import write

    return write(load_package(BUILT[0]), folder, formats=("pdf",))["pdf"]


NUMBERING = re.compile(r"^[一二三四五六七八九十]+、|^\d+[.、．]")


def picture_pdf(src: Path, scan: list[int], out: Path, dpi: int, variant: str = "clean") -> None:
    """The document with the pages ``scan`` replaced by pictures of them, as a scanner makes them (the
    other pages keep their text layer): a mixed document, which reads and checks as the original."""
    import numpy as np
    import pypdfium2
    from PIL import Image

    doc = pypdfium2.PdfDocument(str(src))
    rng = np.random.default_rng(7)
    images = []
    for n in scan:
        img = doc[n - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        if variant == "noise":
            a = np.asarray(img).astype(np.float32)
            a += rng.normal(0, 12, a.shape)
            specks = rng.random(a.shape)
            a[specks < 0.002] = 0
            a[specks > 0.998] = 255
            img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
        elif variant == "skew":
            img = img.rotate(0.8, resample=Image.BILINEAR, expand=False, fillcolor=255)
        elif variant == "printed":
            img = printed(img, seed=n, angle=(0.6, -0.4, 0.3)[n % 3])
        images.append(img)
    pictures = out.with_suffix(".pictures.pdf")
    images[0].save(pictures, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    shots = pypdfium2.PdfDocument(str(pictures))
    mixed = pypdfium2.PdfDocument.new()
    for n in range(1, len(doc) + 1):
        if n in scan:
            mixed.import_pages(shots, [scan.index(n)])
        else:
            mixed.import_pages(doc, [n - 1])
    mixed.save(str(out))
    for d in (mixed, shots, doc):
        d.close()
    pictures.unlink()


def _source(name: str) -> Path:
    """A document of tests/data/real by its file name, or any PDF by its path (a PDF yusuan build wrote)."""
    path = Path(name)
    return path if path.suffix == ".pdf" and path.exists() and path.name != name else REAL / name


def _pages(path: Path) -> int:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def table_cells(d, pages: set[int]) -> dict[tuple, str]:
    """Every name and figure of the tables printed on ``pages``, by table, row and column."""
    out: dict[tuple, str] = {}
    for t in d.tables:
        for k, r in enumerate(t.rows):
            if r.source.page not in pages:
                continue
            out[(t.id, k, "name")] = "".join(r.name.split())  # OCR sees no space ("1. 一般公共预算资金")
            if r.code:
                out[(t.id, k, "code")] = r.code
            for col, v in r.values.items():
                if v is not None:
                    out[(t.id, k, col)] = str(v)
    return out


def _finding(f) -> tuple:
    """A finding by what it is about, the same in both readings: its message quotes figures and names as
    read, and a row with a code is that code's whatever its name was read as."""
    return (f.rule, f.table, f.row_code or NUMBERING.sub("", f.row_name or ""), f.column)


def tables_on(d, pages: set[int]) -> set[str]:
    return {t.id for t in d.tables if any(r.source.page in pages for r in t.rows)}


def run(files: dict[str, list[int]], variants: list[tuple[int, str]], show: bool, check: bool) -> None:
    import yusuan
    from yusuan.read import scan
    from yusuan.rules import check as check_doc

    seconds: list[float] = []
    page = scan.Scanner.page

    def timed(self, *a, **k):
        start = time.perf_counter()
        try:
            return page(self, *a, **k)
        finally:
            seconds.append(time.perf_counter() - start)

    scan.Scanner.page = timed
    for dpi, variant in variants:
        right = total = found = tables = 0
        errors = [0, 0, 0]
        seconds.clear()
        for name, pages in files.items():
            if not pages:
                continue
            src = _source(name)
            text = yusuan.extract(src)
            truth = table_cells(text, set(pages))
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "scan.pdf"
                picture_pdf(src, pages, out, dpi, variant)
                got_doc = yusuan.extract(out)
            got = table_cells(got_doc, set(pages))
            total += len(truth)
            wrong = [(k, v, got.get(k)) for k, v in truth.items() if got.get(k) != v]
            right += len(truth) - len(wrong)
            want = tables_on(text, set(pages))
            tables += len(want)
            found += len(want & tables_on(got_doc, set(pages)))
            if check:
                want_report, got_report = check_doc(text), check_doc(got_doc)
                errors[0] += want_report.summary.errors
                errors[1] += got_report.summary.errors
                known = {_finding(f) for f in want_report.findings if f.severity == "错误"}
                new = [f for f in got_report.findings if f.severity == "错误" and _finding(f) not in known]
                errors[2] += len(new)
                if show and new:
                    print(f"  {name} 多出的错误：", "；".join(f"{f.rule} {f.message[:80]}" for f in new))
            if show and wrong:
                print(f"  {name}：", "；".join(f"{k[0]} {k[2]} {a}→{b}" for k, a, b in wrong[:15]))
        line = (f"{dpi} dpi {variant:5}: 单元格 {right}/{total}（{100 * right / max(1, total):.2f}%），"
                f"表格 {found}/{tables}，每页中位 {statistics.median(seconds):.1f} 秒（{len(seconds)} 页）")
        if check:
            line += f"，错误 文字层 {errors[0]} / 扫描 {errors[1]}（文字层没有的 {errors[2]}）"
        print(line, flush=True)


def use_tesseract() -> None:
    """Recognize each line with Tesseract (Debian's tesseract-ocr and tesseract-ocr-chi-sim) instead
    of PP-OCR, on the same cell lines: the comparison behind the choice in docs/ocr.md."""
    import subprocess

    import cv2

    from yusuan.read import scan

    def recognize(self, images):
        out = []
        with tempfile.TemporaryDirectory() as tmp:
            for k, img in enumerate(images):
                f = Path(tmp) / f"{k}.png"
                cv2.imwrite(str(f), img)
                text = subprocess.run(["tesseract", str(f), "stdout", "-l", "chi_sim", "--psm", "7"],
                                      capture_output=True, text=True).stdout.strip()
                # Tesseract puts a space between every two Chinese characters.
                text = "".join(text.split()) if any(ord(c) > 0x2E80 for c in text) else text
                out.append((text, [1.0] * len(text)))
        return out

    scan.Scanner._recognize = recognize


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print the cells read differently")
    ap.add_argument("--quick", action="store_true", help="200 dpi only")
    ap.add_argument("--check", action="store_true", help="also count the 错误 of check on both readings")
    ap.add_argument("--tesseract", action="store_true", help="recognize with Tesseract instead of PP-OCR")
    ap.add_argument("--set", choices=["putuo", "wider", "built"], default="putuo",
                    help="the pages measured: Putuo's three documents, other regions' eight, or the PDF yusuan build "
                         "writes from examples/luquan-2024.yaml")
    ap.add_argument("--pages", help="only these documents' pages: NAME:7,8;NAME:10 (a file of tests/data/real, or a path)")
    ap.add_argument("--variants", help="only these pictures: 150:clean,200:noise (dpi:clean|noise|skew|printed)")
    ap.add_argument("--whole", action="store_true",
                    help="every page of each document a picture (no text layer left), not only the table pages")
    args = ap.parse_args(argv)
    if args.tesseract:
        use_tesseract()
    files = {"putuo": PAGES, "wider": WIDER}.get(args.set, {})
    keep = tempfile.TemporaryDirectory()
    if args.set == "built":
        files = {str(built_pdf(Path(keep.name))): BUILT[1]}
    if args.pages:
        files = {}
        for part in args.pages.split(";"):
            name, _, nums = part.partition(":")
            files[name] = [int(n) for n in nums.split(",")]
    variants = [(200, "clean")] if args.quick else [(150, "clean"), (200, "clean"), (200, "noise"), (200, "skew"),
                                                    (150, "noise"), (150, "printed"), (200, "printed")]
    if args.variants:
        variants = [(int(d), v) for d, v in (part.split(":") for part in args.variants.split(","))]
    if args.whole:
        files = {name: list(range(1, _pages(_source(name)) + 1)) for name in files}
    try:
        run(files, variants, args.show, args.check)
    finally:
        keep.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
