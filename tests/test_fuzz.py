"""Damaged files of every format, generated: whatever the damage, yusuan answers with exit code 0, 1 or
2, a Chinese message naming the file when it cannot read it, no traceback, in bounded time.

Each base file is a seed rebuilt in that format (tests/builders.py); hypothesis damages it the ways
files arrive damaged or hostile: cut short, bits flipped, an XML part of an Office file cut or
flipped, spans and merges of absurd size, the text in another encoding, markup and formulas in the
text. Derandomized (the same examples on every run) and bounded (max_examples, a deadline per
example, and an alarm that fails a hang instead of waiting for it). About 40 seconds on two cores.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest
from builders import build_docx, build_pdf, build_xlsx, read_seed
from conftest import seed
from deadline import within
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mutate import seed_text
from typer.testing import CliRunner

import yusuan
from yusuan.cli import app

runner = CliRunner()
SRC = Path(yusuan.__file__).resolve().parents[1]
HAN = re.compile(r"[\u4e00-\u9fff]")
SECONDS = 60  # one example, hard limit: a hang fails here, not at the suite's timeout


# YUSUAN_FUZZ_SCALE=10 runs ten times the examples (new ones too), to look for more than CI does.
SCALE = max(1, int(os.environ.get("YUSUAN_FUZZ_SCALE", "1")))


def fuzz(examples: int):
    return settings(max_examples=examples * SCALE, deadline=timedelta(seconds=30), derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


@cache
def _workdir() -> Path:
    import tempfile

    return Path(tempfile.mkdtemp(prefix="yusuan-fuzz-"))


@pytest.fixture(scope="module", autouse=True)
def _clean_workdir():
    yield
    import shutil

    shutil.rmtree(_workdir(), ignore_errors=True)


@cache
def base(kind: str) -> bytes:
    """Seed 001 as a file of ``kind``; the PDF from its first table only (PDF reading is the slowest)."""
    folder = _workdir()
    if kind == "txt":
        return seed("001").read_bytes()
    if kind == "pdf":
        lines = seed_text("001").splitlines(keepends=True)
        short = folder / "short.txt"
        short.write_text("".join(lines[:90]), encoding="utf-8")
        return build_pdf(read_seed(short), folder / "base.pdf").read_bytes()
    build = {"docx": build_docx, "xlsx": build_xlsx}[kind]
    return build(read_seed(seed("001")), folder / f"base.{kind}").read_bytes()


_counter = iter(range(10**9))


def _write(data: bytes, suffix: str) -> Path:
    path = _workdir() / f"损坏{next(_counter)}.{suffix}"
    path.write_bytes(data)
    return path


def answers_cleanly(data: bytes, suffix: str, *command: str) -> None:
    """``yusuan check`` (or ``command``) on the file: exit 0, 1 or 2, no exception, no traceback; an
    unreadable file is named in a Chinese message."""
    path = _write(data, suffix)
    try:
        with within(SECONDS):
            result = runner.invoke(app, [*(command or ("check",)), str(path)])
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.exit_code in (0, 1, 2), (result.exit_code, result.output)
        assert "Traceback" not in result.output
        if result.exit_code == 2:
            assert result.stderr.startswith("错误："), result.stderr
            assert str(path) in result.stderr and HAN.search(result.stderr.replace(str(path), "")), result.stderr
    finally:
        path.unlink(missing_ok=True)


def flip(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    out = bytearray(data)
    for where, bit in flips:
        out[where % len(out)] ^= 1 << bit
    return bytes(out)


flips = st.lists(st.tuples(st.integers(0, 2**31), st.integers(0, 7)), min_size=1, max_size=12)
cuts = st.floats(0.0, 1.0)


def rezip(data: bytes, member_edit) -> bytes:
    """The Office file ``data`` with one part changed by ``member_edit(name, bytes) -> bytes``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, member_edit(info.filename, zin.read(info)))
    return out.getvalue()


# --- any format, raw damage --------------------------------------------------------------------------


@fuzz(40)
@given(kind=st.sampled_from(["txt", "docx", "xlsx", "pdf"]), cut=cuts)
@example(kind="pdf", cut=0.5).via("a PDF cut in half")
@example(kind="docx", cut=0.99).via("a DOCX missing its central directory")
def test_a_file_cut_short(kind, cut):
    data = base(kind)
    answers_cleanly(data[:int(len(data) * cut)], kind)


@fuzz(40)
@given(kind=st.sampled_from(["txt", "docx", "xlsx", "pdf"]), where=flips)
def test_a_file_with_bits_flipped(kind, where):
    answers_cleanly(flip(base(kind), where), kind)


# --- Office files: damage inside a part ---------------------------------------------------------------

PARTS = {"docx": "word/document.xml", "xlsx": "xl/worksheets/sheet1.xml"}


@fuzz(30)
@given(kind=st.sampled_from(["docx", "xlsx"]), cut=st.one_of(st.none(), cuts), where=st.lists(
    st.tuples(st.integers(0, 2**31), st.integers(0, 7)), max_size=6))
def test_an_office_file_whose_main_part_is_cut_or_flipped(kind, cut, where):
    def edit(name, data):
        if name != PARTS[kind]:
            return data
        if cut is not None:
            data = data[:int(len(data) * cut)]
        return flip(data, where) if where and data else data

    answers_cleanly(rezip(base(kind), edit), kind)


@fuzz(20)
@given(span=st.one_of(st.integers(-5, 5000), st.integers(0, 10**30)).map(str) | st.sampled_from(["", "x", "1e9", "-0"]),
       cell=st.integers(0, 30))
def test_a_docx_cell_spanning_any_number_of_columns(span, cell):
    def edit(name, data):
        if name != PARTS["docx"]:
            return data
        at, n = 0, -1
        for n in range(cell + 1):
            found = data.find(b"<w:tc>", at)
            if found < 0:
                break
            at = found + len(b"<w:tc>")
        return data[:at] + b'<w:tcPr><w:gridSpan w:val="' + span.encode() + b'"/></w:tcPr>' + data[at:]

    answers_cleanly(rezip(base("docx"), edit), "docx")


def _column(n: int) -> str:
    name = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


refs = st.tuples(st.integers(0, 16383), st.integers(1, 1048576), st.integers(0, 16383), st.integers(1, 1048576)).map(
    lambda t: f"{_column(t[0])}{t[1]}:{_column(t[2])}{t[3]}") | st.sampled_from(["A1:XFD1048576", "A1", "ZZZZ1:A1", ":"])


@fuzz(20)
@given(merges=st.lists(refs, min_size=1, max_size=4), dimension=refs)
@example(merges=["A1:XFD1048576"], dimension="A1:XFD1048576").via("a merge over the whole sheet")
def test_an_xlsx_with_merges_and_a_dimension_of_any_size(merges, dimension):
    def edit(name, data):
        if name != PARTS["xlsx"]:
            return data
        text = data.decode("utf-8")
        text = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>', text)
        cells = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
        if "<mergeCells" in text:
            text = re.sub(r"<mergeCells[^>]*>", lambda m: m.group(0) + cells, text, count=1)
        else:
            text = text.replace("</sheetData>", f'</sheetData><mergeCells count="{len(merges)}">{cells}</mergeCells>', 1)
        return text.encode("utf-8")

    answers_cleanly(rezip(base("xlsx"), edit), "xlsx")


# --- text: encodings, markup, formulas -------------------------------------------------------------------

MARKUP = ["[/bold]", "[red]", "[link=http://x.invalid]点[/link]", '=HYPERLINK("http://x.invalid","点")', "@SUM(A1)",
          "\x00", "\u202e", "<script>alert(1)</script>", "\ufeff", "\r", "\t\t\t", "合计", "-", "1e309", "9" * 40]


@fuzz(40)
@given(encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gbk", "gb18030", "big5",
                                 "utf-32", "latin-1"]),
       inserts=st.lists(st.tuples(st.floats(0.0, 1.0), st.sampled_from(MARKUP)), max_size=6))
@example(encoding="utf-16-le", inserts=[]).via("UTF-16 without a byte order mark")
def test_text_in_any_encoding_with_markup_and_formulas(encoding, inserts):
    text = seed_text("001")
    for where, what in sorted(inserts, reverse=True):
        at = int(len(text) * where)
        text = text[:at] + what + text[at:]
    answers_cleanly(text.encode(encoding, errors="replace"), "txt")


@fuzz(15)
@given(inserts=st.lists(st.tuples(st.floats(0.0, 1.0), st.sampled_from(MARKUP)), min_size=1, max_size=6),
       fmt=st.sampled_from(["json", "csv", "xlsx"]))
def test_extract_exports_of_text_with_markup_and_formulas(inserts, fmt):
    text = seed_text("002")
    for where, what in sorted(inserts, reverse=True):
        at = int(len(text) * where)
        text = text[:at] + what + text[at:]
    out = _workdir() / f"导出{next(_counter)}"
    answers_cleanly(text.encode("utf-8"), "txt", "extract", "--format", fmt, "-o", str(out))


# --- as a user runs it ---------------------------------------------------------------------------------


@fuzz(6)
@given(kind=st.sampled_from(["docx", "xlsx", "pdf"]), where=flips, cut=cuts)
def test_what_reaches_the_terminal_from_a_damaged_file(kind, where, cut):
    """In a process of its own: nothing but yusuan's own lines reach stderr (no library warnings)."""
    data = flip(base(kind), where)
    path = _write(data[:max(1, int(len(data) * cut))], kind)
    try:
        done = subprocess.run([sys.executable, "-m", "yusuan", "check", str(path)], capture_output=True, text=True,
                              timeout=SECONDS, env={**os.environ, "PYTHONPATH": str(SRC)})
    finally:
        path.unlink(missing_ok=True)
    assert done.returncode in (0, 1, 2), done.stderr
    assert "Traceback" not in done.stderr and "Warning" not in done.stderr, done.stderr
    if done.returncode == 2:
        assert [line for line in done.stderr.splitlines() if not line.startswith("错误：")] == [], done.stderr
