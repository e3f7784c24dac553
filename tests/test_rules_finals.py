"""The 决算 rules (F family) on a small synthetic 单位决算 in the national layout, one mistake injected at a time.

`tests/fixtures/finals/archive_unit_final_2024.txt` is invented (unit, codes and figures); every identity
holds in it, so each mutation below must be found at its place and nowhere else.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT
from mutate import check_text, findings, outcome, replace_once

import yusuan
from yusuan.rules import check

FIXTURE = ROOT / "tests" / "fixtures" / "finals" / "archive_unit_final_2024.txt"


def _text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def _errors(report):
    return [(f.rule, f.table, f.row_code, f.row_name, f.column, f.expected, f.actual)
            for f in report.findings if f.severity == "错误"]


def test_clean_fixture_gives_no_finding_and_every_final_rule_runs():
    report = check(yusuan.extract(FIXTURE))
    assert report.findings == []
    assert {o.rule: o.outcome for o in report.outcomes if o.rule.startswith("F")} == {
        "F001": "通过", "F002": "通过", "F003": "通过", "F004": "通过", "F005": "通过",
        # the rules that compare documents need the store (tests/test_rules_across.py)
        "F006": "数据不足", "F007": "数据不足",
        # its explanation states no 年初预算 by item and no share of 本年支出合计 (tests/test_rules_final_explanation.py)
        "F008": "不适用", "F009": "不适用"}
    # the budget rules keyed on budget tables have nothing to check on a 决算
    assert outcome(report, "S005") == "不适用" and outcome(report, "X001") == "不适用"


def test_final_rules_do_not_apply_to_a_budget():
    report = check(yusuan.extract(ROOT / "tests" / "fixtures" / "unseen" / "district_water_bureau_yuan_2024.txt"))
    assert {o.rule: o.outcome for o in report.outcomes if o.rule.startswith("F")} == {
        "F001": "不适用", "F002": "不适用", "F003": "不适用", "F004": "不适用", "F005": "不适用", "F007": "不适用",
        "F008": "不适用", "F009": "不适用",
        # a budget's 上年结转 is compared with last year's 决算, which a store would give
        "F006": "数据不足"}


def test_expenditure_grand_total_not_the_sum_of_its_parts(tmp_path: Path):
    # 支出总计 = 本年支出合计 500.00 + 结余分配 0 + 年末结转和结余 30.00 = 530.00, printed 520.00 on the
    # expenditure side only, so the two sides no longer balance either.
    text = replace_once(_text(), "总计\t530.00\t总计\t530.00", "总计\t530.00\t总计\t520.00")
    report = check_text(text, tmp_path, select=["F"])
    assert _errors(report) == [
        ("F001", "final_income_expenditure_summary", None, "总计", "total", Decimal("530.00"), Decimal("520.00")),
        ("F001", "final_income_expenditure_summary", None, "总计", "total", Decimal("530.00"), Decimal("520.00")),
    ]
    assert [f.message for f in findings(report, "F001")] == [
        "总计 520.00万元，但 本年支出合计 500.00万元＋结余分配 空白＋年末结转和结余 30.00万元 ＝ 530.00万元。",
        "收入总计 530.00万元 与支出总计 520.00万元 不相等，收支不平衡。",
    ]


def test_income_grand_total_leaves_out_the_carry_over(tmp_path: Path):
    # 收入总计 = 本年收入合计 510.00 + 使用非财政拨款结余 0 + 年初结转和结余 20.00: the carry-over printed 25.00.
    text = replace_once(_text(), "年初结转和结余\t20.00", "年初结转和结余\t25.00")
    report = check_text(text, tmp_path, select=["F"])
    assert _errors(report) == [
        ("F001", "final_income_expenditure_summary", None, "总计", "total", Decimal("535.00"), Decimal("530.00")),
    ]


def test_fiscal_summary_carry_in_not_the_sum_of_its_funds(tmp_path: Path):
    text = replace_once(_text(), "一、一般公共预算财政拨款\t20.00", "一、一般公共预算财政拨款\t12.00")
    report = check_text(text, tmp_path, select=["F"])
    assert _errors(report) == [
        ("F001", "final_fiscal_summary", None, "年初财政拨款结转和结余", "total", Decimal("12.00"), Decimal("20.00")),
    ]


def test_expenditure_row_not_basic_plus_project(tmp_path: Path):
    # 本年支出 = 基本 + 项目: 2010602 prints 项目支出 90.00 beside 本年支出合计 110.00 and 基本支出 10.00.
    text = replace_once(_text(), "110.00\t10.00\t100.00\t", "110.00\t10.00\t90.00\t", after="表三 支出决算表")
    report = check_text(text, tmp_path, select=["F002"])
    assert _errors(report) == [
        ("F002", "final_expenditure", "2010602", "一般行政管理事务", "total", Decimal("100.00"), Decimal("110.00")),
    ]
    assert findings(report, "F002")[0].message == (
        "2010602 一般行政管理事务：本年支出合计 110.00万元，但 基本支出 10.00＋项目支出 90.00 ＝ 100.00万元，相差 10.00"
        "（四舍五入最多差 0.010）。")


def test_income_row_not_the_sum_of_its_sources(tmp_path: Path):
    text = replace_once(_text(), "300.00\t290.00\t\t10.00", "300.00\t290.00\t\t1.00", after="表二 收入决算表")
    report = check_text(text, tmp_path, select=["F002"])
    assert _errors(report) == [
        ("F002", "final_income", "2010601", "行政运行", "total", Decimal("291.00"), Decimal("300.00")),
    ]


def test_three_public_final_parts_do_not_add_up(tmp_path: Path):
    # 决算数: 合计 2.50 = 出国 0 + 公务用车 1.80 + 接待 0.70; the 接待 决算数 printed 0.90.
    text = replace_once(_text(), "1.00\t0.70", "1.00\t0.90", after="三公")
    report = check_text(text, tmp_path, select=["F003"])
    assert _errors(report) == [
        ("F003", "final_three_public", None, "合计", "final", Decimal("2.70"), Decimal("2.50")),
    ]


def test_three_public_vehicle_subtotal_budget(tmp_path: Path):
    text = replace_once(_text(), "2.00\t1.80\t\t\t2.00\t1.80", "2.00\t1.80\t\t\t2.20\t1.80")
    report = check_text(text, tmp_path, select=["F003"])
    assert _errors(report) == [
        ("F003", "final_three_public", None, "公务用车购置及运行费", "budget", Decimal("2.20"), Decimal("2.00")),
    ]


def test_personnel_total_not_the_sum_of_301_and_303(tmp_path: Path):
    text = replace_once(_text(), "人员经费合计\t\t360.00", "人员经费合计\t\t306.00")
    report = check_text(text, tmp_path, select=["F004"])
    assert _errors(report) == [
        ("F004", "final_general_budget_basic_expenditure", None, "人员经费合计", "total", Decimal("360.00"),
         Decimal("306.00")),
    ]


def test_stated_fiscal_total_disagrees_with_the_table(tmp_path: Path):
    text = replace_once(_text(), "财政拨款收入支出总计520.00万元", "财政拨款收入支出总计0.3万元")
    report = check_text(text, tmp_path, select=["F005"])
    assert _errors(report) == [("F005", "narrative", None, None, "fiscal_appropriation_total", Decimal("520.00"),
                                Decimal("0.3"))]
    assert findings(report, "F005")[0].message == (
        "说明称财政拨款收入支出总计0.3万元，但表四 财政拨款收入支出决算总表“总计”决算数栏为 520.00万元。")


def test_stated_basic_disagrees_with_the_expenditure_table(tmp_path: Path):
    text = replace_once(_text(), "其中：基本支出400.00万元", "其中：基本支出410.00万元")
    report = check_text(text, tmp_path, select=["F005"])
    assert _errors(report) == [("F005", "narrative", None, None, "basic", Decimal("400.00"), Decimal("410.00"))]


def test_a_number_placed_away_from_its_words_is_not_compared(tmp_path: Path):
    # The PDF text layer printed the amounts on the next line: nothing says which number is which.
    text = replace_once(_text(), "临湖市滨江区档案馆2024年度财政拨款收入支出总计520.00万元。",
                        "临湖市滨江区档案馆年度财政拨款收入支出总计万元。\n2024 0.3")
    report = check_text(text, tmp_path, select=["F005"])
    assert _errors(report) == []


@pytest.mark.parametrize("rule_id", ["F001", "F002", "F003", "F004", "F005"])
def test_final_rules_find_nothing_on_the_published_final(rule_id):
    from conftest import real

    report = check(yusuan.extract(real("13")), select=[rule_id])
    expected = [("F005", "narrative", None, None, "fiscal_appropriation_total", Decimal("2961.68"), Decimal("0.3"))]
    assert _errors(report) == (expected if rule_id == "F005" else [])
    assert outcome(report, rule_id) == ("不通过" if rule_id == "F005" else "通过")
