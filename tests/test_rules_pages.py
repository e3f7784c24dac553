"""What a PDF's pages show (E007 blank pages, E008 text outside the page box), on PDFs generated here."""

from __future__ import annotations

from pathlib import Path

import pytest
from mutate import findings, outcome

import yusuan
from yusuan.rules import REGISTRY, check

BUDGET = ["某局2024年部门预算", "2024年，本部门收入预算647.23万元，支出预算647.23万元。"]


def _pdf(path: Path, pages: list) -> Path:
    """Pages of (kind, payload): ("text", lines) at the top; ("blank", None); ("frame", None) a ruled empty
    row; ("image", None); ("below", (lines, hidden)) lines on the page and ``hidden`` drawn under its bottom
    edge, outside the box."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    for kind, payload in pages:
        c.setFont("STSong-Light", 12)
        lines = payload[0] if kind == "below" else payload or []
        for i, line in enumerate(lines):
            c.drawString(72, 760 - 20 * i, line)
        if kind == "frame":
            c.rect(72, 700, 450, 20)
            c.line(200, 700, 200, 720)
        elif kind == "image":
            c.drawImage(ImageReader(Image.new("L", (32, 32), 128)), 72, 500, 200, 200)
        elif kind == "below":
            c.drawString(72, -30, payload[1])
        c.showPage()
    c.save()
    return path


def test_rules_are_declared():
    for rid in ("E007", "E008"):
        r = REGISTRY[rid]
        assert (r.family, r.severity) == ("文字与版式", "警告") and r.doc and r.bad and r.good


def test_blank_and_frame_only_pages_after_the_toc(tmp_path):
    path = _pdf(tmp_path / "a.pdf", [
        ("text", ["某局2024年部门预算公开"]), ("blank", None),  # the back of the cover, before the 目录: not reported
        ("text", ["目  录", "一、部门职责"]), ("text", BUDGET), ("blank", None), ("frame", None), ("image", None),
        ("text", ["名词解释"])])
    d = yusuan.extract(path)
    assert [(n.kind, n.source.page) for n in d.page_notes] == [("blank", 5), ("empty_frame", 6)]
    report = check(d, select=["E007", "E008"])
    assert [(f.rule, f.severity, f.source.page, f.message) for f in report.findings] == [
        ("E007", "警告", 5, "第 5 页是空白页（目录之后，页面上没有任何文字）。"),
        ("E007", "警告", 6, "第 6 页只有表格框线，没有任何文字（多半是上一页的表格溢出的空行）。")]
    assert outcome(report, "E008") == "通过"


def test_without_a_toc_pages_after_the_first_are_judged(tmp_path):
    d = yusuan.extract(_pdf(tmp_path / "b.pdf", [("text", BUDGET), ("blank", None), ("text", ["名词解释"])]))
    assert [(f.rule, f.source.page) for f in check(d, select=["E007"]).findings] == [("E007", 2)]


def test_text_outside_the_page_box(tmp_path):
    hidden = "13、完成区委、区政府交办的其他任务。"
    path = _pdf(tmp_path / "c.pdf", [("below", (BUDGET, hidden)), ("text", ["名词解释"])])
    report = check(yusuan.extract(path), select=["E007", "E008"])
    assert [(f.rule, f.source.page, f.actual) for f in findings(report, "E008")] == [("E008", 1, hidden)]
    assert findings(report, "E008")[0].message == (
        f"第 1 页的文字层中有页面可见范围之外的文字“{hidden}”，其他页面上也没有，读者看不到。")
    # a text box split across two pages: the part outside page 1 is the part page 2 shows
    path = _pdf(tmp_path / "d.pdf", [("below", (BUDGET, hidden)), ("text", [hidden, "名词解释"])])
    report = check(yusuan.extract(path), select=["E008"])
    assert (outcome(report, "E008"), report.findings) == ("通过", [])


def test_not_a_pdf_is_not_applicable(extracted):
    report = check(extracted("001"), select=["E007", "E008"])
    assert [(o.rule, o.outcome, o.reason) for o in report.outcomes] == [
        ("E007", "不适用", "不是 PDF 文件，没有页面可查"), ("E008", "不适用", "不是 PDF 文件，没有页面可查")]


@pytest.mark.parametrize("prefix", ["01", "02", "04", "06", "08", "10", "13", "21", "22", "31", "33", "35", "38", "39",
                                    "41"])
def test_published_pdfs(real_doc, prefix):
    # 06 and 08 split text boxes across pages and 22 prints 单位：万元 once more beyond the right edge: the text
    # outside their boxes is shown on a page, so nothing is hidden. 13 has an empty table row alone on page 14.
    report = check(real_doc(prefix), select=["E007", "E008"])
    assert [(f.rule, f.source.page) for f in report.findings] == ([("E007", 14)] if prefix == "13" else [])
