"""Six published Shanghai budget disclosures (PDF) read into the standard tables.

Every expected figure below was read off the document's own pages. The PDFs
print amounts in 元 in the tables and in 万元 in the text, split codes into
类/款/项 columns, merge the 合计 cell across the code columns, and print the
三公 table transposed; the identities the documents satisfy (a row's total is
the sum of its parts, a class is the sum of its items) must hold on what is
extracted, so a value that lands in the wrong column or a row that goes missing
shows up here.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

import yusuan
from conftest import REAL


FILES = {
    "01": "01_shanghai-putuo-wanli-jiedao_2023_dept-budget.pdf",
    "02": "02_shanghai-putuo-wanli-jiedao_2024_dept-budget.pdf",
    "04": "04_shanghai-putuo-zhengfuban_2025_dept-budget.pdf",
    "06": "06_shanghai-putuo-shangwuwei_2025_dept-budget.pdf",
    "08": "08_shanghai-putuo-caizhengju_2025_dept-budget.pdf",
    "10": "10_shanghai-putuo-shehuifuliyuan_2024_unit-budget.pdf",
}
DOCS = list(FILES)

STANDARD_TABLES = [
    "income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_appropriation_summary",
    "general_budget_expenditure", "government_fund_expenditure", "state_capital_expenditure",
    "general_budget_basic_expenditure", "three_public_expenses",
]

FACTS = {  # department, year, kind
    "01": ("上海市普陀区人民政府万里街道办事处", 2023, "部门预算"),
    "02": ("上海市普陀区人民政府万里街道办事处", 2024, "部门预算"),
    "04": ("上海市普陀区人民政府办公室", 2025, "部门预算"),
    "06": ("上海市普陀区商务委员会", 2025, "部门预算"),
    "08": ("上海市普陀区财政局", 2025, "部门预算"),
    "10": ("上海市普陀区社会福利院", 2024, "单位预算"),
}


def path_of(doc: str) -> Path:
    path = REAL / FILES[doc]
    assert path.exists(), f"real document {path} is missing"
    return path


@pytest.fixture(scope="module")
def real():
    cache: dict[str, object] = {}

    def get(doc: str):
        if doc not in cache:
            cache[doc] = yusuan.extract(path_of(doc))
        return cache[doc]

    return get


def D(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def find(table, key: str, side: str | None = None):
    row = table.row(code=key, side=side) if key.isdigit() else table.row(name=key.replace(" ", ""), side=side)
    assert row is not None, f"{table.id}: no row {key!r}"
    return row


# (table, code or name, side) -> every value of the row, None where the cell is printed empty.
PINNED: dict[str, dict[tuple[str, str, str | None], dict[str, str | None]]] = {
    "01": {
        ("income_expenditure_summary", "收入总计", "income"): {"total": "164978640"},
        ("income_expenditure_summary", "1. 一般公共预算", "income"): {"total": "164978640"},
        ("income_expenditure_summary", "二、公共安全支出", "expenditure"): {"total": "1252300"},
        ("income_expenditure_summary", "支出总计", "expenditure"): {"total": "164978640"},
        ("income_summary", "2010507", None): {"total": "601300", "fiscal_appropriation": "601300",
                                              "business_income": None, "operating_income": None,
                                              "other_income": None},
        ("income_summary", "合计", None): {"total": "164978640", "fiscal_appropriation": "164978640",
                                         "business_income": None, "operating_income": None, "other_income": None},
        ("expenditure_summary", "201", None): {"total": "2976800", "basic": "0", "project": "2976800"},
        ("expenditure_summary", "2210399", None): {"total": "2177200", "basic": "0", "project": "2177200"},
        ("expenditure_summary", "合计", None): {"total": "164978640", "basic": "99406297", "project": "65572343"},
        ("fiscal_appropriation_summary", "二、政府性基金", "income"): {"total": None},
        ("fiscal_appropriation_summary", "支出总计", "expenditure"): {
            "total": "164978640", "general_budget": "164978640", "government_fund": None, "state_capital": None},
        ("general_budget_expenditure", "2010507", None): {"total": "601300", "basic": "0", "project": "601300"},
        ("general_budget_expenditure", "合计", None): {"total": "164978640", "basic": "99406297",
                                                     "project": "65572343"},
        ("general_budget_basic_expenditure", "30102", None): {"total": "16743933", "personnel": "16743933",
                                                              "public": None},
        ("general_budget_basic_expenditure", "合计", None): {"total": "99406297", "personnel": "84024865",
                                                           "public": "15381432"},
    },
    "02": {
        # The row pdfplumber's default extract_tables() is known to lose on page 10.
        ("income_expenditure_summary", "1. 一般公共预算资金", "income"): {"total": "156211123"},
        ("income_expenditure_summary", "二、公共安全支出", "expenditure"): {"total": "1633000"},
        ("income_expenditure_summary", "收入总计", "income"): {"total": "156211123"},
        ("income_expenditure_summary", "支出总计", "expenditure"): {"total": "156211123"},
        ("income_summary", "2012902", None): {"total": "426000", "fiscal_appropriation": "426000",
                                              "business_income": "0", "operating_income": "0", "other_income": "0"},
        ("income_summary", "合计", None): {"total": "156211123", "fiscal_appropriation": "156211123",
                                         "business_income": "0", "operating_income": "0", "other_income": "0"},
        ("expenditure_summary", "2210399", None): {"total": "2177200", "basic": "0", "project": "2177200"},
        ("expenditure_summary", "合计", None): {"total": "156211123", "basic": "99706020", "project": "56505103"},
        ("fiscal_appropriation_summary", "二、公共安全支出", "expenditure"): {
            "total": "1633000", "general_budget": "1633000", "government_fund": None, "state_capital": None},
        ("general_budget_expenditure", "合计", None): {"total": "156211123", "basic": "99706020",
                                                     "project": "56505103"},
        # Printed "301 | 2": the 款 lost its leading zero in the document.
        ("general_budget_basic_expenditure", "30102", None): {"total": "16623810", "personnel": "16623810",
                                                              "public": "0"},
        ("general_budget_basic_expenditure", "合计", None): {"total": "99706020", "personnel": "88537451",
                                                           "public": "11168569"},
    },
    "04": {
        ("income_expenditure_summary", "二、社会保障和就业支出", "expenditure"): {"total": "4213779.28"},
        ("income_expenditure_summary", "收入总计", "income"): {"total": "91016775.35"},
        ("income_summary", "2010302", None): {"total": "46140000.00", "fiscal_appropriation": "46140000.00",
                                              "business_income": None, "operating_income": None,
                                              "other_income": None},
        ("income_summary", "合计", None): {"total": "91016775.35", "fiscal_appropriation": "91016775.35",
                                         "business_income": None, "operating_income": None, "other_income": None},
        ("expenditure_summary", "201", None): {"total": "82096797.42", "basic": "15686797.42",
                                               "project": "66410000.00"},
        ("expenditure_summary", "2210203", None): {"total": "1867680.00", "basic": "1867680.00", "project": None},
        ("expenditure_summary", "合计", None): {"total": "91016775.35", "basic": "24606775.35",
                                              "project": "66410000.00"},
        ("fiscal_appropriation_summary", "支出总计", "expenditure"): {
            "total": "91016775.35", "general_budget": "91016775.35", "government_fund": None, "state_capital": None},
        ("general_budget_expenditure", "2010302", None): {"total": "46140000.00", "basic": None,
                                                          "project": "46140000.00"},
        ("general_budget_basic_expenditure", "31002", None): {"total": "200000.00", "personnel": None,
                                                              "public": "200000.00"},
        ("general_budget_basic_expenditure", "合计", None): {"total": "24606775.35", "personnel": "22473997.81",
                                                           "public": "2132777.54"},
    },
    "06": {
        ("income_expenditure_summary", "二、科学技术支出", "expenditure"): {"total": "17200000.00"},
        ("income_expenditure_summary", "支出总计", "expenditure"): {"total": "371514655.00"},
        ("income_summary", "2011302", None): {"total": "4545000.00", "fiscal_appropriation": "4545000.00",
                                              "business_income": None, "operating_income": None,
                                              "other_income": None},
        ("income_summary", "合计", None): {"total": "371514655.00", "fiscal_appropriation": "371514655.00",
                                         "business_income": None, "operating_income": None, "other_income": None},
        ("expenditure_summary", "201", None): {"total": "21601733.00", "basic": "12291733.00",
                                               "project": "9310000.00"},
        ("expenditure_summary", "合计", None): {"total": "371514655.00", "basic": "19830655.00",
                                              "project": "351684000.00"},
        ("fiscal_appropriation_summary", "收入总计", "income"): {"total": "371514655.00"},
        ("general_budget_expenditure", "2210203", None): {"total": "1488000.00", "basic": "1488000.00",
                                                          "project": None},
        ("general_budget_basic_expenditure", "301", None): {"total": "16671057.00", "personnel": "16671057.00",
                                                            "public": None},
        ("general_budget_basic_expenditure", "合计", None): {"total": "19830655.00", "personnel": "18120593.00",
                                                           "public": "1710062.00"},
    },
    "08": {
        ("income_expenditure_summary", "二、社会保障和就业支出", "expenditure"): {"total": "3508644.00"},
        ("income_expenditure_summary", "收入总计", "income"): {"total": "31214205.80"},
        ("income_summary", "2010602", None): {"total": "100000.00", "fiscal_appropriation": "100000.00",
                                              "business_income": None, "operating_income": None,
                                              "other_income": None},
        ("income_summary", "合计", None): {"total": "31214205.80", "fiscal_appropriation": "31214205.80",
                                         "business_income": None, "operating_income": None, "other_income": None},
        ("expenditure_summary", "2010601", None): {"total": "16231840.80", "basic": "16093326.00",
                                                   "project": "138514.80"},
        ("expenditure_summary", "合计", None): {"total": "31214205.80", "basic": "25121091.00",
                                              "project": "6093114.80"},
        ("fiscal_appropriation_summary", "支出总计", "expenditure"): {
            "total": "31214205.80", "general_budget": "31214205.80", "government_fund": None, "state_capital": None},
        ("general_budget_expenditure", "2210203", None): {"total": "2687760.00", "basic": "2687760.00",
                                                          "project": None},
        ("general_budget_basic_expenditure", "31002", None): {"total": "90000.00", "personnel": "0.00",
                                                              "public": "90000.00"},
        ("general_budget_basic_expenditure", "合计", None): {"total": "25121091.00", "personnel": "22826756.00",
                                                           "public": "2294335.00"},
    },
    "10": {
        ("income_expenditure_summary", "二、事业收入", "income"): {"total": "2620000"},
        # A 单位预算: the expenditure side splits into 人员经费 / 公用经费 under 基本支出, and 项目支出.
        ("income_expenditure_summary", "二、社会保障和就业支出", "expenditure"): {
            "total": "11281624", "personnel": "6540674", "public": "2120950", "project": "2620000"},
        ("income_expenditure_summary", "支出总计", "expenditure"): {
            "total": "12121164", "personnel": "7380214", "public": "2120950", "project": "2620000"},
        ("income_summary", "208", None): {"total": "11281624", "fiscal_appropriation": "8661624",
                                          "business_income": "2620000", "operating_income": None,
                                          "other_income": None},
        ("income_summary", "合计", None): {"total": "12121164", "fiscal_appropriation": "9501164",
                                         "business_income": "2620000", "operating_income": None,
                                         "other_income": None},
        ("expenditure_summary", "2080505", None): {"total": "767579", "basic": "767579", "project": None},
        # The document prints the class of 事业单位医疗 as "7" (it is 210): kept as printed.
        ("expenditure_summary", "71102", None): {"total": "503724", "basic": "503724", "project": None},
        ("expenditure_summary", "合计", None): {"total": "12121164", "basic": "9501164", "project": "2620000"},
        ("fiscal_appropriation_summary", "收入总计", "income"): {"total": "9501164"},
        ("general_budget_expenditure", "合计", None): {"total": "9501164", "basic": "9501164", "project": None},
        ("general_budget_basic_expenditure", "30301", None): {"total": "421800", "personnel": "421800",
                                                              "public": None},
        ("general_budget_basic_expenditure", "合计", None): {"total": "9501164", "personnel": "7380214",
                                                           "public": "2120950"},
    },
}

# The transposed 三公 table, one row per printed column (万元).
THREE_PUBLIC = {
    "01": [("合计", "22.91"), ("因公出国(境)费", "0"), ("公务接待费", "1.35"), ("公务用车购置及运行费", "21.56"),
           ("购置费", "0"), ("运行费", "21.56"), ("2023年机关运行经费预算数", "786.09")],
    "02": [("合计", "47.91"), ("因公出国(境)费", "0"), ("公务接待费", "1.35"), ("公务用车购置及运行费", "46.56"),
           ("购置费", "25"), ("运行费", "21.56"), ("2024年机关运行经费预算数", "443.18")],
    "04": [("合计", "867.50"), ("因公出国(境)费", "839.00"), ("公务接待费", "28.50"), ("公务用车购置及运行费", None),
           ("购置费", None), ("运行费", None), ("机关运行经费预算数", "213.28")],
    "06": [("合计", "1.00"), ("因公出国(境)费", None), ("公务接待费", "1.00"), ("公务用车购置及运行费", None),
           ("购置费", None), ("运行费", None), ("机关运行经费预算数", "171.01")],
    "08": [("合计", "0.95"), ("因公出国(境)费", None), ("公务接待费", "0.95"), ("公务用车购置及运行费", None),
           ("购置费", None), ("运行费", None), ("机关运行经费预算数", "229.43")],
    "10": [("合计", "6.4"), ("因公出国(境)费", "0"), ("公务接待费", "0"), ("公务用车购置及运行费", "6.4"),
           ("购置费", None), ("运行费", "6.4"), ("2024年机关运行经费预算数", "0")],
}

ROW_COUNTS = {  # rows of the coded tables: income / expenditure / general budget / basic expenditure
    "01": (67, 67, 67, 31), "02": (67, 67, 67, 32), "04": (21, 21, 21, 30),
    "06": (31, 31, 31, 31), "08": (20, 20, 20, 30), "10": (15, 15, 15, 27),
}


@pytest.mark.parametrize("doc", DOCS)
def test_every_standard_table_is_found(real, doc):
    d = real(doc)
    assert d.format == "pdf"
    # 01 also prints its projects' target forms (财政项目支出绩效目标填报表), listed after the tables of money.
    assert [t.id for t in d.tables] == STANDARD_TABLES + (["project_performance_targets"] if doc == "01" else [])


@pytest.mark.parametrize("doc", DOCS)
def test_department_year_kind(real, doc):
    d = real(doc)
    assert (d.department.name, d.year, d.kind) == FACTS[doc]


@pytest.mark.parametrize("doc", DOCS)
def test_money_unit_of_each_table(real, doc):
    d = real(doc)
    # The tables say 单位：元 except the 三公 table (单位:万元); the explanation text speaks 万元.
    assert {t.id: t.money_unit for t in d.tables if t.id in STANDARD_TABLES} == {
        tid: ("万元" if tid == "three_public_expenses" else "元") for tid in STANDARD_TABLES}
    assert d.money_unit == "万元"


@pytest.mark.parametrize("doc", DOCS)
def test_pinned_rows(real, doc):
    d = real(doc)
    for (table_id, key, side), values in PINNED[doc].items():
        row = find(d.table(table_id), key, side)
        assert row.values == {k: D(v) for k, v in values.items()}, f"{table_id} {key}"
        assert row.text == {}


@pytest.mark.parametrize("doc", DOCS)
def test_row_counts_and_sources(real, doc):
    d = real(doc)
    counts = tuple(len(d.table(t).rows) for t in (
        "income_summary", "expenditure_summary", "general_budget_expenditure", "general_budget_basic_expenditure"))
    assert counts == ROW_COUNTS[doc]
    for t in d.tables:
        assert t.source.page is not None
        assert all(r.source.page is not None and re.fullmatch(r"R\d+C\d+", r.source.cell or "") for r in t.rows)


@pytest.mark.parametrize("doc", DOCS)
def test_empty_fund_tables_keep_their_note(real, doc):
    d = real(doc)
    for table_id in ("government_fund_expenditure", "state_capital_expenditure"):
        t = d.table(table_id)
        assert t.rows == []
        assert t.empty_note is not None and "空表" in t.empty_note


def _v(row, col: str) -> Decimal:
    return row.values.get(col) or Decimal(0)


@pytest.mark.parametrize("doc", DOCS)
def test_row_identities(real, doc):
    d = real(doc)
    for table_id in ("expenditure_summary", "general_budget_expenditure"):
        for r in d.table(table_id).rows:
            assert _v(r, "total") == _v(r, "basic") + _v(r, "project"), f"{table_id} {r.code} {r.name}"
    for r in d.table("general_budget_basic_expenditure").rows:
        assert _v(r, "total") == _v(r, "personnel") + _v(r, "public"), f"{r.code} {r.name}"
    sources = ("fiscal_appropriation", "business_income", "operating_income", "other_income")
    for r in d.table("income_summary").rows:
        assert _v(r, "total") == sum((_v(r, c) for c in sources), Decimal(0)), f"{r.code} {r.name}"
    for r in d.table("fiscal_appropriation_summary").rows:
        if r.side == "expenditure":
            parts = _v(r, "general_budget") + _v(r, "government_fund") + _v(r, "state_capital")
            assert _v(r, "total") == parts, r.name
    for r in d.table("income_expenditure_summary").rows:
        if r.side == "expenditure" and any(c in r.values for c in ("personnel", "public", "project")):
            assert _v(r, "total") == _v(r, "personnel") + _v(r, "public") + _v(r, "project"), r.name


_TOP = re.compile(r"^[一二三四五六七八九十]+、")


@pytest.mark.parametrize("doc", DOCS)
def test_totals_and_code_hierarchy(real, doc):
    """收入总计 = 支出总计 = the sum of the 一、二、… items; 合计 = the sum of the classes; each
    class and 款 the sum of its items, column by column."""
    d = real(doc)
    for table_id in ("income_expenditure_summary", "fiscal_appropriation_summary"):
        t = d.table(table_id)
        grand = find(t, "收入总计", "income").values["total"]
        assert find(t, "支出总计", "expenditure").values["total"] == grand
        for side in ("income", "expenditure"):
            items = sum((_v(r, "total") for r in t.rows if r.side == side and _TOP.match(r.name)), Decimal(0))
            assert items == grand, f"{table_id} {side}"
    for table_id in ("income_summary", "expenditure_summary", "general_budget_expenditure",
                     "general_budget_basic_expenditure"):
        t = d.table(table_id)
        coded = [r for r in t.rows if r.code]
        total = find(t, "合计")
        for col in (c.id for c in t.columns):
            assert _v(total, col) == sum((_v(r, col) for r in coded if len(r.code) == 3), Decimal(0)), table_id
            for parent in coded:
                children = [r for r in coded if len(r.code) == len(parent.code) + 2 and r.code.startswith(parent.code)]
                if children:
                    assert _v(parent, col) == sum((_v(r, col) for r in children), Decimal(0)), (
                        f"{table_id} {parent.code} {col}")


@pytest.mark.parametrize("doc", DOCS)
def test_three_public_table_transposed_into_rows(real, doc):
    t = real(doc).table("three_public_expenses")
    assert [(r.name, r.values) for r in t.rows] == [(n, {"total": D(v)}) for n, v in THREE_PUBLIC[doc]]
    total, abroad, reception, vehicles, purchase, running, _ = (_v(r, "total") for r in t.rows)
    assert total == abroad + reception + vehicles
    assert vehicles == purchase + running


@pytest.mark.parametrize("doc", DOCS)
def test_narrative_agrees_with_tables(real, doc):
    """Sentences wrapped across lines arrive whole: the text's totals (万元) match the tables' (元)."""
    d = real(doc)
    income = find(d.table("income_summary"), "合计").values["total"]
    assert d.narrative["income_total"].value == (income / 10000).quantize(Decimal("0.01"))
    assert d.narrative["three_public_total"].value == find(d.table("three_public_expenses"), "合计").values["total"]


@pytest.mark.parametrize("doc", DOCS)
def test_no_character_lost_or_invented(doc):
    """Per page, the characters read (rows and paragraphs) are exactly those pdfplumber's own text has."""
    import pdfplumber

    from yusuan.read import read_document

    path = path_of(doc)
    raw = read_document(path)
    read: dict[int, Counter] = {}
    for line in raw.lines:
        counter = read.setdefault(line.first.page, Counter())
        for cell in line.cells:
            counter.update(re.sub(r"\s+", "", cell.text))
    with pdfplumber.open(path) as pdf:
        for no, page in enumerate(pdf.pages, start=1):
            assert read.get(no, Counter()) == Counter(re.sub(r"\s+", "", page.extract_text() or "")), f"page {no}"


# --- the reader on generated PDFs: layouts the six documents do not show -------------------------


def _canvas(path: Path):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=landscape(A4))
    c.setFont("STSong-Light", 10)
    return c


def _grid(c, xs: list[float], ys: list[float]) -> None:
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    for y in ys:
        c.line(xs[0], y, xs[-1], y)


def test_rows_sharing_a_cell_for_a_missing_rule_are_split(tmp_path):
    from yusuan.read import read_document

    rows = [["项目", "合计", "基本支出"], ["一般公共服务支出", "1,200", "1,200"], ["公共安全支出", "300", "300"],
            ["合计", "1,500", "1,500"]]
    path = tmp_path / "missing-rule.pdf"
    c = _canvas(path)
    c.drawString(60, 520, "2024年部门支出预算总表")
    c.drawString(60, 492, "单位：元")
    # Four printed rows, but the rule between the second and third is missing: three grid rows.
    _grid(c, [60, 280, 400, 520], [480, 458, 414, 392])
    for i, row in enumerate(rows):
        for x, text in zip((64, 284, 404), row):
            c.drawString(x, 480 - 22 * i - 15, text)
    c.save()
    raw = read_document(path)
    assert [ln.texts for ln in raw.lines if ln.is_row] == rows
    assert [ln.text for ln in raw.lines if not ln.is_row] == ["2024年部门支出预算总表", "单位：元"]


def test_wrapped_name_stays_one_row(tmp_path):
    from yusuan.read import read_document

    path = tmp_path / "wrapped.pdf"
    c = _canvas(path)
    _grid(c, [60, 280, 400, 520], [480, 458, 414])
    for x, text in ((64, "项目"), (284, "合计"), (404, "基本支出")):
        c.drawString(x, 465, text)
    c.drawString(64, 444, "机关事业单位基本养老保险缴")  # the name wraps; the amounts sit between its lines
    c.drawString(64, 430, "费支出")
    c.drawString(284, 437, "1,200")
    c.drawString(404, 437, "1,200")
    c.save()
    raw = read_document(path)
    assert [ln.texts for ln in raw.lines] == [["项目", "合计", "基本支出"],
                                             ["机关事业单位基本养老保险缴费支出", "1,200", "1,200"]]


def test_wrapped_sentences_join_across_lines_and_pages(tmp_path):
    from yusuan.read import read_document

    sentence = "本部门收入预算６４７．２３万元，其中一般公共预算拨款收入６０５．２３万元；"
    text = (sentence * 3)[:106] + "主要原因是人员经费增加。"
    path = tmp_path / "wrapped-text.pdf"
    c = _canvas(path)
    c.setFont("STSong-Light", 12)
    # 36 characters of 12 pt make a full line from x=72 to x=504; a paragraph starts indented by two.
    c.drawString(96, 130, text[:34])
    c.drawString(72, 110, text[34:70])
    c.drawString(72, 90, text[70:106])  # the last line of the page, full width
    c.showPage()
    c.setFont("STSong-Light", 12)
    c.drawString(72, 760, text[106:])  # the sentence ends on the next page
    c.drawString(96, 740, "二是新的段落。")
    c.save()
    raw = read_document(path)
    assert [(ln.text, ln.first.page) for ln in raw.lines] == [(text, 1), ("二是新的段落。", 2)]


def test_department_and_unit_printed_close_together(tmp_path):
    path = tmp_path / "meta.pdf"
    c = _canvas(path)
    c.setFont("STSong-Light", 16)
    c.drawString(200, 540, "上海市某区2024年区级部门预算")
    c.setFont("STSong-Light", 10)
    c.drawString(60, 500, "2024年部门支出预算总表")
    c.drawString(60, 486, "编制部门：上海市某区某某局  单位：元")  # one text run: name and unit in one line
    _grid(c, [60, 280, 400, 520], [480, 458, 436])
    for x, text in ((64, "项目"), (284, "合计"), (404, "基本支出")):
        c.drawString(x, 465, text)
    for x, text in ((64, "合计"), (284, "1,500"), (404, "1,500")):
        c.drawString(x, 443, text)
    c.save()
    d = yusuan.extract(path)
    assert (d.department.name, d.year) == ("上海市某区某某局", 2024)
    table = d.table("expenditure_summary")
    assert (table.money_unit, find(table, "合计").values) == ("元", {"total": Decimal("1500"), "basic": Decimal("1500")})


def test_running_header_does_not_cut_a_table_over_pages(tmp_path):
    from yusuan.read import read_document

    path = tmp_path / "running.pdf"
    c = _canvas(path)
    codes = [(f"2010{k}", f"事务{k}", f"{k},000") for k in range(1, 7)]
    for page in range(3):
        c.setFont("STSong-Light", 9)
        c.drawString(60, 570, "上海市某区某某局2024年部门预算公开")  # printed on every page
        c.drawString(400, 20, f"第 {page + 1} 页")
        c.setFont("STSong-Light", 10)
        rows = codes[page * 2:page * 2 + 2]
        top = 480
        if page == 0:
            c.drawString(60, 520, "2024年部门支出预算总表")
            c.drawString(60, 500, "单位：元")
            rows = [("科目编码", "科目名称", "合计")] + rows
        ys = [top - 22 * i for i in range(len(rows) + 1)]
        _grid(c, [60, 160, 400, 520], ys)
        for i, row in enumerate(rows):
            for x, text in zip((64, 164, 404), row):
                c.drawString(x, ys[i] - 15, text)
        c.showPage()
    c.save()
    raw = read_document(path)
    assert not any("部门预算公开" in ln.text for ln in raw.lines)
    table = yusuan.extract(path).table("expenditure_summary")
    assert [(r.code, r.values["total"]) for r in table.rows] == [(code, Decimal(v.replace(",", "")))
                                                                for code, _, v in codes]
    assert table.pages == 3
