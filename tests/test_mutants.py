"""Mistakes the mutation harness (bench/mutants.py) found the rules missing or misreporting, each pinned.

Every test starts from a document that checks clean (seed 001 with its known narrative mistake
corrected, or a real PDF), makes one change to its text and asserts the exact finding.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import real
from mutate import check_text, findings, replace_once, seed_text

CLEAN_001 = ("与2023年相比增加0.20万元", "与2023年相比减少0.80万元")
FISCAL = "## 部门预算财政拨款收支总表"
GB = "## 部门预算一般公共预算财政拨款支出表"
EXPENDITURE = "## 部门预算支出总表"


def clean_001() -> str:
    return replace_once(seed_text("001"), *CLEAN_001)


def errors(report):
    return [f for f in report.findings if f.severity == "错误"]


def place(f):
    return (f.rule, f.table, f.row_code, f.column, f.expected, f.actual)


def test_clean_seed_001_has_no_errors(tmp_path):
    assert errors(check_text(clean_001(), tmp_path)) == []


def test_carryover_split_must_add_up(tmp_path):
    # 年初财政拨款结转和结余 42.00 = 一、一般公共预算拨款 + 二、政府性基金预算拨款 + 三、国有资本经营预算拨款
    text = replace_once(clean_001(), "34\t一、一般公共预算拨款\t42.00", "34\t一、一般公共预算拨款\t52.00", after=FISCAL)
    report = check_text(text, tmp_path)
    assert [place(f) for f in errors(report)] == [
        ("S005", "fiscal_appropriation_summary", None, "total", Decimal("52.00"), Decimal("42.00")),
    ]
    assert findings(report, "S005")[0].row_name == "年初财政拨款结转和结余"


def test_grand_total_without_year_total_rows(tmp_path):
    # A layout without 本年收入合计: 收入总计 = the numbered incomes + 上年结转结余.
    text = replace_once(clean_001(), "32\t本年收入合计\t605.23\t本年支出合计\t647.23\n", "")
    assert errors(check_text(text, tmp_path, select=["S005"])) == []
    text = replace_once(text, "一、一般公共预算拨款收入\t605.23", "一、一般公共预算拨款收入\t615.23")
    report = check_text(text, tmp_path, select=["S005"])
    assert [(place(f), f.row_name) for f in errors(report)] == [
        (("S005", "income_expenditure_summary", None, "total", Decimal("657.23"), Decimal("647.23")), "收入总计"),
    ]


def test_carryover_split_is_not_this_years_income(tmp_path):
    # With this year's 一般公共预算拨款 row gone, X008 must not compare the carry-over's row instead.
    text = replace_once(clean_001(), "1\t一、一般公共预算拨款\t605.23\t一、一般公共服务支出\t506.10\t506.10\t\t\n",
                        "", after=FISCAL)
    report = check_text(text, tmp_path, select=["X008", "S005"])
    assert findings(report, "X008") == []
    # The income side's other items are blank, and a blank is no figure: 本年收入合计 is not compared with
    # them; the expenditure side, whose items still print 506.10, finds the slip.
    assert [f.row_name for f in findings(report, "S005")] == ["本年支出合计", "本年支出合计"]


def test_code_one_table_omits(tmp_path):
    text = replace_once(clean_001(), "16\t2101101\t行政单位医疗\t19.64\t19.64\t\t\t\t\n", "", after=EXPENDITURE)
    report = check_text(text, tmp_path, select=["X002", "X009", "S"])
    assert [place(f) for f in errors(report)] == [
        ("X002", "expenditure_summary", "2101101", "total", Decimal("19.64"), None),
        ("X009", "expenditure_summary", "2101101", "total", Decimal("19.64"), None),
    ]
    assert "部门预算收入总表列有 2101101 行政单位医疗 19.64万元，部门预算支出总表中没有这一科目" \
        in findings(report, "X002")[0].message


def test_swapped_rows_of_the_general_budget_table(tmp_path):
    # Two 项 under one 款 swap figures: every sum still holds, 支出总表 tells them apart.
    text = clean_001()
    text = replace_once(text, "2080501\t行政单位离退休\t44.69\t44.69", "2080501\t行政单位离退休\t26.77\t26.77", after=GB)
    text = replace_once(text, "2080505\t机关事业单位基本养老保险缴费支出\t26.77\t26.77",
                        "2080505\t机关事业单位基本养老保险缴费支出\t44.69\t44.69", after=GB)
    report = check_text(text, tmp_path)
    assert [place(f) for f in errors(report)] == [
        ("X009", "general_budget_expenditure", "2080501", "total", Decimal("44.69"), Decimal("26.77")),
        ("X009", "general_budget_expenditure", "2080505", "total", Decimal("26.77"), Decimal("44.69")),
    ]


def test_general_budget_line_may_be_less_when_other_money_pays_too(tmp_path):
    # Totals differ (other money in 支出总表): a line is only held to at most 支出总表's.
    text = clean_001()
    text = replace_once(text, "1\t\t合计\t647.23\t425.52\t221.71", "1\t\t合计\t647.23\t425.52\t221.71", after=GB)
    for old, new in (("\t合计\t647.23\t425.52\t221.71", "\t合计\t637.23\t425.52\t211.71"),
                     ("201\t一般公共服务支出\t506.10\t308.10\t198.00", "201\t一般公共服务支出\t496.10\t308.10\t188.00"),
                     ("20103\t政府办公厅（室）及相关机构事务\t42.00\t\t42.00", "20103\t政府办公厅（室）及相关机构事务\t32.00\t\t32.00"),
                     ("2010399\t其他政府办公厅（室）及相关机构事务支出\t42.00\t\t42.00",
                      "2010399\t其他政府办公厅（室）及相关机构事务支出\t32.00\t\t32.00")):
        text = replace_once(text, old, new, after=GB)
    report = check_text(text, tmp_path, select=["X009"])
    assert errors(report) == []
    text = replace_once(text, "2014004\t信访业务\t156.00\t\t156.00", "2014004\t信访业务\t166.00\t\t166.00", after=GB)
    report = check_text(text, tmp_path, select=["X009"])
    assert [place(f) for f in errors(report)] == [
        ("X009", "general_budget_expenditure", "2014004", "total", Decimal("156.00"), Decimal("166.00")),
    ]
    assert "不应超过" in errors(report)[0].message


def test_sibling_code_is_a_name_finding_not_sum_errors(tmp_path):
    # 20809 退役安置 printed as 20810: its 项 2080901 now hangs under a code that is not its parent.
    text = replace_once(clean_001(), "20809\t退役安置", "20810\t退役安置", after=EXPENDITURE)
    report = check_text(text, tmp_path)
    assert [(f.rule, f.table, f.row_code) for f in errors(report)] == [
        ("K002", "expenditure_summary", "20810"),
        ("K005", "expenditure_summary", "2080901"),
    ]
    assert findings(report, "K002")[0].actual == "退役安置"


@pytest.fixture(scope="module")
def raw_04():
    from yusuan.read import read_document

    return read_document(real("04"))


def test_shanghai_summary_income_is_the_sum_of_its_sources(raw_04):
    # 上海 layout: no 本年收入合计; 一、财政拨款收入 = 1. 一般公共预算资金 + 2. 政府性基金 + 3. 国有资本经营预算.
    from yusuan.read.grid import Cell, Line, RawDocument
    from yusuan.recognize import recognize
    from yusuan.rules import check

    lines = list(raw_04.lines)
    i = next(i for i, ln in enumerate(lines) if any(c.text.strip() == "一、财政拨款收入" for c in ln.cells))
    cells = [Cell("91,016,785.35" if c.text.strip() == "91,016,775.35" else c.text, c.col, c.line, c.page, c.ref)
             for c in lines[i].cells]
    assert [c.text for c in cells] != lines[i].texts
    lines[i] = Line(cells, lines[i].is_row, lines[i].block, lines[i].sheet)
    report = check(recognize(RawDocument(raw_04.source, raw_04.format, lines)), select=["S005"])
    assert [(place(f), f.row_name) for f in errors(report)] == [
        (("S005", "income_expenditure_summary", None, "total", Decimal("91016785.35"), Decimal("91016775.35")),
         "收入总计"),
        (("S005", "income_expenditure_summary", None, "total", Decimal("91016775.35"), Decimal("91016785.35")),
         "一、财政拨款收入"),
    ]
