"""Budgets published as web pages (.html/.htm): the tables read from HTML tables (spans expanded as in
DOCX), the explanation from the paragraphs around them, the page's charset honoured.

Each seed is written as a page the way a site publishes it — its paragraphs as <p>, each table as a
<table> (a 合计 label merged across the code and name columns) — in GBK, and must read into the same
tables and figures as the seed's own text."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import SEEDS

import yusuan
from yusuan.read.text import read_text


def _page(seed: Path, layout: bool = False) -> bytes:
    raw = read_text(seed)
    out = ['<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">',
           "<title>预算公开</title><script>var x = '<p>不是正文</p>';</script></head><body>",
           "<nav>首页 &gt; 信息公开 &gt; 预算</nav>"]
    if layout:  # the whole page inside a table that lays it out, as older sites build their pages
        out.append('<table width="100%"><tr><td width="20%">栏目导航</td><td>')
    block = None
    for ln in raw.lines:
        if ln.is_row:
            if block != ln.block:
                if block is not None:
                    out.append("</table>")
                out.append('<table border="1">')
                block = ln.block
            out.append("<tr>" + "".join(f"<td>{html.escape(t)}</td>" for t in ln.texts) + "</tr>")
            continue
        if block is not None:
            out.append("</table>")
            block = None
        out.append(f"<p>{html.escape(ln.text)}</p>")
    if block is not None:
        out.append("</table>")
    if layout:
        out.append("</td></tr></table>")
    out.append("<footer>版权所有</footer></body></html>")
    return "\n".join(out).encode("gb18030")


def _figures(d):
    tables = [(t.id, [(r.side, r.code, r.name, r.values) for r in t.rows]) for t in d.tables]
    return (d.department.name, d.year, d.kind, tables, {k: f.value for k, f in d.narrative.items()},
            [(p.name, p.amount) for p in d.projects])


@pytest.mark.parametrize("seed", ["001", "002"])
def test_a_seed_as_a_web_page_reads_the_same(tmp_path, seed):
    src = next(SEEDS.glob(f"{seed}_*.txt"))
    page = tmp_path / f"{seed}.html"
    page.write_bytes(_page(src))
    from_page, from_text = yusuan.extract(page), yusuan.extract(src)
    assert from_page.tables and _figures(from_page) == _figures(from_text)
    # Every figure keeps its place: the table's cell and the page's source line.
    first = from_page.tables[0].rows[0].source
    assert re.fullmatch(r"表\d+ R\d+C\d+", first.cell) and isinstance(first.line, int)


def test_a_page_laid_out_in_a_table_reads_its_inner_tables(tmp_path):
    src = next(SEEDS.glob("001_*.txt"))
    page = tmp_path / "001.html"
    page.write_bytes(_page(src, layout=True))
    d = yusuan.extract(page)
    assert _figures(d) == _figures(yusuan.extract(src))


def test_spans_are_expanded_and_chrome_is_not_read(tmp_path):
    page = tmp_path / "预算.htm"
    page.write_text("""<html><head><meta charset="utf-8"></head><body><nav>首页</nav>
<p>部门收支总表</p><p>单位：万元</p>
<table><tr><th colspan="2">收入</th><th colspan="2">支出</th></tr>
<tr><td>项目</td><td>预算数</td><td>项目</td><td>预算数</td></tr>
<tr><td rowspan="2">一、一般公共预算拨款收入</td><td>100.00</td><td>一、一般公共服务支出</td><td>60.00</td></tr>
<tr><td></td><td>二、住房保障支出</td><td>40.00</td></tr>
</table><footer>网站标识码</footer></body></html>""", encoding="utf-8")
    from yusuan.read import read_document

    raw = read_document(page)
    assert [(ln.is_row, ln.texts) for ln in raw.lines] == [
        (False, ["部门收支总表"]), (False, ["单位：万元"]),
        (True, ["收入", "", "支出", ""]), (True, ["项目", "预算数", "项目", "预算数"]),
        (True, ["一、一般公共预算拨款收入", "100.00", "一、一般公共服务支出", "60.00"]),
        (True, ["", "", "二、住房保障支出", "40.00"])]
    assert [c.ref for c in raw.lines[4].cells] == ["表1 R3C1", "表1 R3C2", "表1 R3C3", "表1 R3C4"]


def test_a_hostile_span_is_refused_in_chinese(tmp_path):
    page = tmp_path / "坏.html"
    page.write_text('<table><tr><td colspan="100000">x</td></tr></table>', encoding="utf-8")
    from yusuan.errors import UnreadableDocument

    with pytest.raises(UnreadableDocument) as err:
        yusuan.extract(page)
    assert "超过 1000 栏" in str(err.value)
