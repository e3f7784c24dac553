"""Time and peak memory of ``yusuan extract`` on generated hostile files (issue 19).

Run as ``python3 bench/hostile.py`` (``--only NAME`` for one file, ``--timeout`` seconds per file,
default 60; ``--src`` another checkout's ``src`` to measure the code before a change). Every file is generated into a temporary folder; each run is a process of its own, limited
to 4 GB of address space (``HOSTILE_MEMORY_MB`` to change) and the timeout, so that a reader that hangs or runs away is stopped and
reported (``timeout``, ``killed``) instead of taking the machine. Peak memory is the child's maximum
resident size from ``os.wait4``.

These are measurements, not tests: the tests (tests/test_hostile.py) assert behaviour only.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEMORY_LIMIT = int(os.environ.get("HOSTILE_MEMORY_MB", "4096")) * 1024 ** 2  # address space per run


def _forms(n: int = 20_000) -> bytes:
    return "".join(f"项目绩效目标表\n项目名称\t项目{i}\t项目编码\tP{i}\n" for i in range(n)).encode()


def _xlsx(sheet_data: bytes = b"", after: bytes = b"") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "收支总表"
    wb.active["A1"] = "收支总表"
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                start, end = data.index(b"<sheetData>"), data.index(b"</sheetData>")
                data = data[:start] + b"<sheetData>" + sheet_data + b"</sheetData>" + after + data[end + 12:]
            zout.writestr(info.filename, data)
    return out.getvalue()


def _merge() -> bytes:
    return _xlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>收支总表</t></is></c></row>'.encode(),
                 b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')


def _million_rows() -> bytes:
    return _xlsx(b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(1, 1_000_001)))


def _cells(rows: int = 190_000) -> bytes:
    return _xlsx(b"".join(b'<row r="%d">' % i + b"".join(b'<c r="%s%d"><v>1</v></c>' % (c, i) for c in
                                                          (b"A", b"B", b"C", b"D", b"E")) + b"</row>"
                          for i in range(1, rows + 1)))


def _docx(span: str) -> bytes:
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "收支总表"
    buf = io.BytesIO()
    document.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                first = data.index(b"<w:tc>") + 6
                data = data[:first] + b'<w:tcPr><w:gridSpan w:val="' + span.encode() + b'"/></w:tcPr>' + data[first:]
            zout.writestr(info.filename, data)
    return out.getvalue()


def _bomb(mb: int = 900) -> bytes:
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("word/bomb.xml", "w", force_zip64=True) as fh:
        block = b"<w:p/>" * (1024 * 1024 // 6)
        for _ in range(mb):
            fh.write(block)
    return buf.getvalue()


def _big_text(mb: int = 190) -> bytes:
    line = "一般公共服务支出\t201\t123.45\t67.89\n".encode()
    return line * (mb * 1024 * 1024 // len(line))


def _pdf(pages: int = 2030) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(pages):
        c.drawString(72, 720, f"page {i}")
        c.showPage()
    c.save()
    return buf.getvalue()


def _utf16() -> bytes:
    seed = sorted((ROOT / "tests" / "data" / "seeds").glob("001_*.txt"))[0]
    return b"\xff\xfe" + seed.read_text(encoding="utf-8").encode("utf-16-le")


CASES = {
    "forms.txt": ("20,000 repeated performance forms", _forms),
    "merge.xlsx": ("mergeCell A1:XFD1048576", _merge),
    "rows.xlsx": ("a sheet of 1,000,000 rows", _million_rows),
    "cells.xlsx": ("a sheet of 950,000 stored cells", _cells),
    "span.docx": ("gridSpan 100000000", lambda: _docx("100000000")),
    "overflow.docx": ("gridSpan 10**20", lambda: _docx("100000000000000000000")),
    "bomb.docx": ("zip bomb, 900 MB inflated", _bomb),
    "big.txt": ("190 MB text", _big_text),
    "pages.pdf": ("2,030-page PDF", _pdf),
    "utf16.txt": ("UTF-16 LE text with BOM", _utf16),
}


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def child(path: str, timeout: float, src: str) -> None:
    """Run ``yusuan extract`` once and print its outcome: this process has no other child, so
    RUSAGE_CHILDREN is that run's own peak memory."""
    import json

    env = {**os.environ, "PYTHONPATH": src}
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "yusuan", "extract", path],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, timeout=timeout,
                              preexec_fn=_limit)
        code, err = done.returncode, done.stderr
    except subprocess.TimeoutExpired as exc:
        code, err = None, exc.stderr or b""
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"code": code, "seconds": seconds, "peak": peak, "err": err.decode("utf-8", "replace")}))


def run(path: Path, timeout: float, src: str) -> tuple[str, float, float, str]:
    """(outcome, seconds, peak MB, last line of stderr) of ``yusuan extract path``."""
    import json

    out = subprocess.run([sys.executable, __file__, "--child", str(path), "--timeout", str(timeout),
                          "--src", src],
                         capture_output=True, text=True, check=True).stdout
    got = json.loads(out)
    lines = got["err"].strip().splitlines()
    code = got["code"]
    outcome = "timeout" if code is None else "killed" if code < 0 else f"exit {code}"
    if any("Traceback" in ln for ln in lines):
        outcome += ", traceback"
    return outcome, got["seconds"], got["peak"], (lines[-1] if lines else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(CASES), help="only this file (repeatable)")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--src", default=str(ROOT / "src"),
                        help="the yusuan sources to measure (another checkout's src, to compare before and after)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.timeout, args.src)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'file':<14} {'case':<34} {'size':>9} {'outcome':<18} {'seconds':>8} {'peak MB':>8}  message")
        for name in args.only or CASES:
            label, make = CASES[name]
            path = Path(tmp) / name
            path.write_bytes(make())
            size = path.stat().st_size
            outcome, seconds, peak, message = run(path, args.timeout, args.src)
            print(f"{name:<14} {label:<34} {size / 1024:>7.0f}KB {outcome:<18} {seconds:>8.1f} {peak:>8.0f}  "
                  f"{message[:110]}", flush=True)
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
