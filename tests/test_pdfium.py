"""PDF pages read through PDFium give exactly what pdfminer gives; pages PDFium cannot stand for go to
pdfminer; the indexed cell search finds pdfplumber's cells."""

from __future__ import annotations

import pdfplumber
import pytest
from conftest import real

from yusuan.read import pdf as pdf_reader
from yusuan.read.pdfium import PdfiumPages
from yusuan.read.ruled import intersections_to_cells


def _lines(path):
    doc = pdf_reader.read_pdf(path)
    return [(ln.is_row, ln.block, [(c.text, c.col, c.page, c.ref) for c in ln.cells]) for ln in doc.lines]


@pytest.mark.parametrize("prefix", ["10", "23_*tables", "06"])
def test_pdfium_reads_what_pdfminer_reads(prefix, monkeypatch):
    fast = _lines(real(prefix))
    monkeypatch.setattr(pdf_reader, "_pdfium_pages", lambda path, count: None)  # every page through pdfminer
    assert fast == _lines(real(prefix))
    assert len(fast) > 100


def _left_to_pdfminer(path, monkeypatch) -> list[int]:
    left = []
    plumber_glyphs = pdf_reader._plumber_glyphs

    def recorded(page):
        left.append(page.page_number)
        return plumber_glyphs(page)

    monkeypatch.setattr(pdf_reader, "_plumber_glyphs", recorded)
    pdf_reader.read_pdf(path)
    return left


def test_pages_pdfium_cannot_stand_for_go_to_pdfminer(monkeypatch):
    # Wuxi education 2026: on page 58 "增加 20,401.8" has its digits 0.3 type sizes after the Chinese
    # character, where a word space begins; pdfminer's double precision and PDFium's single
    # precision decide that differently, so the page is pdfminer's.
    assert _left_to_pdfminer(real("37"), monkeypatch) == [58]
    # The 2019 Jiangsu tables: landscape pages drawn into portrait ones, their text turned a quarter,
    # are PDFium's too (the advance is the loose box's height; test_pdfium_reads_what_pdfminer_reads
    # compares them with pdfminer's reading).
    assert _left_to_pdfminer(real("23_*tables"), monkeypatch) == []
    assert _left_to_pdfminer(real("10"), monkeypatch) == []
    # Putuo commerce 2025, pages 10-12 and 15: a code ("…3") and the name in the next cell ("商…") stand
    # exactly 4 type sizes apart, the bound of a wide gap; but the two are in different cells and
    # never compared, so the pages stay PDFium's (the near tie counts only where the layout decides).
    assert _left_to_pdfminer(real("06"), monkeypatch) == []


def test_a_near_tie_counts_where_the_layout_decides():
    from yusuan.read.pdf import _TIES, _Char, _lines, _pieces

    def watched(fn, *args):
        ties = []
        token = _TIES.set(ties)
        try:
            fn(*args)
        finally:
            _TIES.reset(token)
        return len(ties)

    a = _Char("8", 10.0, 16.0, 100.0, 112.0, 12.0)
    spaced = _Char("4", 16.0 + 3.6, 22.0, 100.0, 112.0, 12.0)  # 0.3 type sizes on: a word space's bound
    apart = _Char("4", 16.0 + 3.7, 22.0, 100.0, 112.0, 12.0)
    assert watched(_lines, [a, spaced]) == 1
    assert watched(_lines, [a, apart]) == 0
    wide = _Char("4", 16.0 + 48.0, 70.0, 100.0, 112.0, 12.0)  # 4 type sizes on: a wide gap's bound
    (line,) = _lines([a, wide])
    assert watched(_pieces, line, 4) == 1
    assert watched(_lines, [a]) + watched(_lines, [wide]) == 0  # in two cells: never compared
    assert _TIES.get() is None


def test_the_indexed_cell_search_finds_pdfplumbers_cells():
    from pdfplumber.table import TableFinder, TableSettings

    settings = TableSettings.resolve({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    with pdfplumber.open(real("10")) as pdf:
        counts = []
        for page in pdf.pages[6:10]:
            finder = TableFinder(page, settings)
            assert intersections_to_cells(finder.intersections) == finder.cells
            counts.append(len(finder.cells))
    assert counts == [95, 144, 112, 135]


@pytest.mark.parametrize("prefix,pages", [("24", [1]), ("35", [36, 37]), ("38", [28, 29])])
def test_pictures_are_where_pdfminer_puts_them(prefix, pages):
    # A page's pictures tell a scan from a page with a seal on it; PDFium finds them in the object walk
    # it makes anyway, where pdfminer would parse the whole page, fonts and all, to list them.
    path = real(prefix)
    pdfium = PdfiumPages(path)
    try:
        with pdfplumber.open(path) as pdf:
            found = []
            for i, page in enumerate(pdf.pages):
                _glyphs, _edges, pictures = pdfium.page(i, page.rotation, page.page_obj.mediabox,
                                                        float(page.height), (page.mediabox[0], page.mediabox[1]))
                expected = sorted((im["x0"], im["top"], im["x1"], im["bottom"]) for im in page.images)
                assert len(pictures) == len(expected)
                for got, want in zip(sorted(pictures), expected):
                    assert got == pytest.approx(want, abs=1e-3)
                if pictures:
                    found.append(i + 1)
    finally:
        pdfium.close()
    assert found == pages


@pytest.mark.parametrize("prefix", ["24", "39"])
def test_pages_of_little_text_are_not_parsed_by_pdfminer_for_their_pictures(prefix, monkeypatch):
    # Whether a page of a few characters is a scan depends on its pictures: the Jiangsu 2019 cover (a
    # picture and a title) and Quanzhou's cover and section pages (a title alone) are not.
    asked = []
    monkeypatch.setattr(pdfplumber.page.Page, "images", property(lambda page: asked.append(page.page_number) or []))
    doc = pdf_reader.read_pdf(real(prefix))
    assert asked == []
    assert doc.scanned_pages == []
