"""Sums inside tables (S) and identities between tables (X): real seeds and injected mistakes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from mutate import check_text, findings, outcome, replace_once, seed_text

S_AND_X = ["S001", "S002", "S003", "S004", "S005", "S006", "S007",
           "X001", "X002", "X003", "X004", "X005", "X006", "X007", "X008"]

GB = "## 部门预算一般公共预算财政拨款支出表"  # seed 001's headings of its tables
BASIC = "## 部门预算一般公共预算财政拨款基本支出表"
EXPENDITURE = "## 部门预算支出总表"


@pytest.mark.parametrize("rule", S_AND_X)
def test_correct_seed_passes_every_table_rule(checked, rule):
    report = checked("001")
    assert outcome(report, rule) == "通过", [f.message for f in findings(report, rule)]


def test_row_shift_in_seed_002_is_one_finding_per_table(checked):
    report = checked("002")
    shifts = findings(report, "S001")
    assert [(f.table, f.row_code, f.column, f.expected, f.actual, f.source.line) for f in shifts] == [
        ("expenditure_summary", "2010308", "total", Decimal("152.80"), Decimal("15.88"), 511),
        ("general_budget_expenditure", "2010308", "total", Decimal("152.80"), Decimal("15.88"), 1032),
    ]
    assert "这是208 社会保障和就业支出的数" in shifts[0].message
    assert "合计行 152.80万元 不是合计，还原后各类相加为 185.63万元" in shifts[0].message
    # The displaced rows are not reported again as a dozen sum errors.
    for rule in ("S002", "S003", "S004", "X001", "X002", "X003", "X004", "X005"):
        assert findings(report, rule) == [], rule
    assert outcome(report, "X002") == "数据不足"


def test_row_shift_is_not_found_in_correct_tables(checked):
    for prefix in ("001", "002"):
        report = checked(prefix)
        assert not [f for f in findings(report, "S001") if f.table in ("income_summary", "general_budget_basic_expenditure")]


def test_documents_without_tables_lack_data_not_pass(checked):
    report = checked("003")
    for rule in S_AND_X:
        assert outcome(report, rule) == "数据不足", rule


def test_changed_number_breaks_the_row_and_the_hierarchy(tmp_path):
    text = replace_once(seed_text("001"), "506.10\t308.10\t198.00", "506.10\t308.10\t190.00", after=GB)
    report = check_text(text, tmp_path, select=["S"])
    row = findings(report, "S002")
    assert [(f.table, f.row_code, f.column, f.expected, f.actual) for f in row] == [
        ("general_budget_expenditure", "201", "total", Decimal("498.10"), Decimal("506.10"))]
    assert row[0].difference == Decimal("8.00")
    hierarchy = findings(report, "S003")
    assert [(f.row_code, f.column, f.expected, f.actual) for f in hierarchy] == [
        ("201", "project", Decimal("198.00"), Decimal("190.00"))]
    total = findings(report, "S004")
    assert [(f.row_code, f.row_name, f.column, f.expected, f.actual) for f in total] == [
        (None, "合计", "project", Decimal("213.71"), Decimal("221.71"))]
    assert findings(report, "S001") == []


def test_changed_economic_line_breaks_its_class(tmp_path):
    text = replace_once(seed_text("001"), "30201\t办公费\t9.60\t\t9.60", "30201\t办公费\t9.90\t\t9.90", after=BASIC)
    report = check_text(text, tmp_path, select=["S003"])
    assert [(f.table, f.row_code, f.column, f.expected, f.actual) for f in report.findings] == [
        ("general_budget_basic_expenditure", "302", "total", Decimal("94.02"), Decimal("93.72")),
        ("general_budget_basic_expenditure", "302", "public", Decimal("94.02"), Decimal("93.72")),
    ]


def test_rounding_within_tolerance_is_not_a_mistake(checked):
    # Seed 002's 301 工资福利支出 prints 89.51 while its eight lines add to 89.52: one cent over
    # eight rounded addends is within 8 × 0.005.
    report = checked("002")
    assert outcome(report, "S003") == "通过"


def test_deleted_row_breaks_the_parent(tmp_path):
    text = replace_once(seed_text("001"), "7\t2014004\t信访业务\t156.00\t\t156.00\n", "", after=GB)
    report = check_text(text, tmp_path, select=["S003"])
    assert [(f.table, f.row_code, f.column, f.expected, f.actual) for f in report.findings] == [
        ("general_budget_expenditure", "20140", "total", Decimal("308.10"), Decimal("464.10")),
    ]
    # The 项目支出 column is not compared: every remaining child leaves it blank, and a blank is no
    # figure (a column read from the wrong place reads the same way); the 合计 column finds the slip.


def test_swapped_rows_are_found_against_the_income_table(tmp_path):
    text = seed_text("001")
    text = replace_once(text, "6\t2014001\t行政运行\t308.10\t308.10\t", "6\t2014001\t行政运行\t156.00\t\t156.00",
                        after=EXPENDITURE)
    text = replace_once(text, "7\t2014004\t信访业务\t156.00\t\t156.00", "7\t2014004\t信访业务\t308.10\t308.10\t",
                        after=EXPENDITURE)
    report = check_text(text, tmp_path, select=["S", "X"])
    swapped = findings(report, "X002")
    assert [(f.table, f.row_code, f.expected, f.actual) for f in swapped] == [
        ("expenditure_summary", "2014001", Decimal("308.10"), Decimal("156.00")),
        ("expenditure_summary", "2014004", Decimal("156.00"), Decimal("308.10")),
    ]
    # The swap keeps every sum inside the table.
    assert [f for f in report.findings if f.rule.startswith("S")] == []


def test_unbalanced_summary_table(tmp_path):
    text = replace_once(seed_text("001"), "支出总计\t647.23", "支出总计\t657.23")
    report = check_text(text, tmp_path, select=["S005"])
    # 支出总计 ≠ 本年支出合计 + 年终结转, and ≠ 收入总计.
    assert [(f.table, f.row_name, f.expected, f.actual) for f in report.findings] == [
        ("income_expenditure_summary", "支出总计", Decimal("647.23"), Decimal("657.23")),
        ("income_expenditure_summary", "支出总计", Decimal("647.23"), Decimal("657.23")),
    ]
    assert "收入总计 647.23万元 与支出总计 657.23万元 不相等" in report.findings[1].message


def test_three_public_items_do_not_add_up(tmp_path):
    text = replace_once(seed_text("001"), "三、公务接待费\t0.20\t0.20", "三、公务接待费\t0.30\t0.30")
    report = check_text(text, tmp_path, select=["S006"])
    assert [(f.table, f.row_name, f.column, f.expected, f.actual) for f in report.findings] == [
        ("three_public_expenses", "“三公”经费小计", "total", Decimal("3.00"), Decimal("2.90")),
        ("three_public_expenses", "“三公”经费小计", "general_budget", Decimal("3.00"), Decimal("2.90")),
    ]  # the row the table prints as the 三公 total (its 合计 may hold 会议费 and 培训费 too, as in Jiangsu)


def test_fixed_assets_total(tmp_path):
    text = replace_once(seed_text("001"), "4、其他固定资产\t849\t148.54", "4、其他固定资产\t849\t138.54")
    report = check_text(text, tmp_path, select=["S007"])
    assert [(f.table, f.row_name, f.expected, f.actual) for f in report.findings] == [
        ("fixed_assets", "资产总额", Decimal("153.59"), Decimal("163.59"))]


def test_basic_total_against_basic_table(tmp_path):
    text = replace_once(seed_text("001"), "合计\t425.52\t331.80\t93.72", "合计\t415.52\t321.80\t93.72", after=BASIC)
    report = check_text(text, tmp_path, select=["X005"])
    got = [(f.table, f.row_name, f.expected, f.actual) for f in report.findings]
    assert got == [("general_budget_basic_expenditure", "合计", Decimal("425.52"), Decimal("415.52")),
                   ("general_budget_basic_expenditure", "合计", Decimal("425.52"), Decimal("415.52"))]


def test_reception_line_above_three_public_table(tmp_path):
    text = replace_once(seed_text("001"), "30217\t公务接待费\t0.20\t\t0.20", "30217\t公务接待费\t0.50\t\t0.50", after=BASIC)
    report = check_text(text, tmp_path, select=["X006"])
    assert [(f.table, f.row_code, f.expected, f.actual) for f in report.findings] == [
        ("general_budget_basic_expenditure", "30217", Decimal("0.20"), Decimal("0.50"))]
    assert "不能超过它" in report.findings[0].message


def test_carryover_differs_between_tables(tmp_path):
    text = replace_once(seed_text("001"), "上年结转结余\t42.00", "上年结转结余\t24.00")
    report = check_text(text, tmp_path, select=["X007"])
    assert [(f.table, f.row_name, f.column, f.expected, f.actual) for f in report.findings] == [
        ("income_summary", "合计", "carryover", Decimal("24.00"), Decimal("42.00")),
        # 年初财政拨款结转 42.00 now exceeds the 24.00 of all carry-over.
        ("fiscal_appropriation_summary", "年初财政拨款结转和结余", "total", Decimal("24.00"), Decimal("42.00")),
    ]


def test_fiscal_income_differs_between_tables(tmp_path):
    text = replace_once(seed_text("001"), "1\t一、一般公共预算拨款\t605.23", "1\t一、一般公共预算拨款\t650.23")
    report = check_text(text, tmp_path, select=["X008"])
    assert [(f.table, f.row_name, f.expected, f.actual) for f in report.findings] == [
        ("fiscal_appropriation_summary", "一、一般公共预算拨款", Decimal("605.23"), Decimal("650.23"))]


def test_fiscal_summary_class_against_general_budget_table(tmp_path):
    text = replace_once(seed_text("001"), "八、社会保障和就业支出\t95.17\t95.17", "八、社会保障和就业支出\t59.17\t59.17")
    report = check_text(text, tmp_path, select=["X003"])
    assert [(f.table, f.row_code, f.expected, f.actual) for f in report.findings] == [
        ("general_budget_expenditure", "208", Decimal("59.17"), Decimal("95.17"))]


def test_summary_class_against_expenditure_table(tmp_path):
    text = replace_once(seed_text("001"), "八、社会保障和就业支出\t95.17", "八、社会保障和就业支出\t59.17")
    report = check_text(text, tmp_path, select=["X004"])
    assert [(f.table, f.row_code, f.expected, f.actual) for f in report.findings] == [
        ("expenditure_summary", "208", Decimal("59.17"), Decimal("95.17"))]


def test_summary_totals_against_income_and_expenditure_tables(tmp_path):
    text = replace_once(seed_text("001"), "本年支出合计\t647.23", "本年支出合计\t674.23")
    report = check_text(text, tmp_path, select=["X001"])
    assert [(f.table, f.row_name, f.expected, f.actual) for f in report.findings] == [
        ("expenditure_summary", "合计", Decimal("674.23"), Decimal("647.23"))]


@pytest.mark.parametrize("name", ["01", "02", "04", "06", "08", "10"])
def test_real_pdfs_raise_no_table_errors(name):
    import yusuan
    from conftest import real
    from yusuan.rules import check

    report = check(yusuan.extract(real(name)), select=["S", "X"])
    assert [f.message for f in report.findings] == []
    # No 固定资产 table and no carry-over in these documents; PDF 10's basic table has no 三公 line.
    short = {o.rule: o.outcome for o in report.outcomes if o.outcome != "通过"}
    expected = {"S007": "数据不足", "X007": "数据不足"}
    if name == "10":
        expected["X006"] = "不适用"
    assert short == expected
