"""F008 and F009: a 决算 explanation's item-by-item execution, its reasons and its percentages.

tests/fixtures/finals/luquan_dept_final_2024.txt (invented) explains three 项 with their 年初预算 and 决算, the
percentages of the budget completed and the share of 本年支出合计; all of it holds, so each mutation below must
be found at its place and nowhere else.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import ROOT
from mutate import check_text, outcome, replace_once

import yusuan
from yusuan.rules import check

FIXTURE = ROOT / "tests" / "fixtures" / "finals" / "luquan_dept_final_2024.txt"
ITEM_1 = "年初预算为42.00万元，支出决算为40.00万元，完成年初预算的95.24%。决算数小于预算数的主要原因：结转项目按进度支付。"


def _text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def _found(report, rule_id: str):
    return [(f.severity, f.table, f.row_code, f.column, f.expected, f.actual, f.message, f.source.line)
            for f in report.findings if f.rule == rule_id]


def test_clean_fixture_and_the_published_final_pass():
    report = check(yusuan.extract(FIXTURE), select=["F008", "F009"])
    assert report.findings == []
    assert [(o.rule, o.outcome) for o in report.outcomes] == [("F008", "通过"), ("F009", "通过")]
    from conftest import real

    published = check(yusuan.extract(real("13")), select=["F008", "F009"])
    assert published.findings == []
    assert [(o.rule, o.outcome) for o in published.outcomes] == [("F008", "通过"), ("F009", "通过")]


def test_budgets_are_not_checked():
    from conftest import seed

    report = check(yusuan.extract(seed("001")), select=["F008", "F009"])
    assert [(o.rule, o.outcome) for o in report.outcomes] == [("F008", "不适用"), ("F009", "不适用")]


def test_item_far_off_its_budget_without_a_reason(tmp_path: Path):
    text = replace_once(_text(), ITEM_1, "年初预算为50.00万元，支出决算为40.00万元，完成年初预算的80.00%。")
    report = check_text(text, tmp_path, select=["F008", "F009"])
    assert _found(report, "F008") == [(
        "警告", "narrative", None, "reason", D("50.00"), D("40.00"),
        "“其他政府办公厅（室）及相关机构事务支出（项）”年初预算50.00万元，决算40.00万元，为预算的 80.00%，"
        "相差超过 10%，但没有写明原因。", 140)]
    assert _found(report, "F009") == []  # 40.00 ÷ 50.00 is 80.00%


def test_a_reason_keeps_it_quiet(tmp_path: Path):
    text = replace_once(_text(), ITEM_1, "年初预算为50.00万元，支出决算为40.00万元，完成年初预算的80.00%。"
                                         "决算数小于预算数的主要原因：结转项目按进度支付。")
    assert outcome(check_text(text, tmp_path, select=["F008"]), "F008") == "通过"


def test_table_item_far_off_its_budget_named_nowhere(tmp_path: Path):
    # the 决算 table's 年初预算数 of 2080901 退役士兵安置: 30.00 against 24.71 spent, and no paragraph names it
    text = replace_once(_text(), "2080901\t退役士兵安置\t23.71", "2080901\t退役士兵安置\t30.00",
                        after="表五 一般公共预算财政拨款支出决算表")
    report = check_text(text, tmp_path, select=["F008"])
    assert _found(report, "F008") == [(
        "警告", "final_general_budget_expenditure", "2080901", "total", D("30.00"), D("24.71"),
        "2080901 退役士兵安置 年初预算数 30.00万元，决算数 24.71万元，为预算的 82.37%，相差超过 10%，但说明中没有"
        "写明原因的一段提到这一项。", 93)]


def test_completion_percentage_against_the_named_base(tmp_path: Path):
    text = replace_once(_text(), "完成年初预算的95.24%", "完成年初预算的92.24%")
    report = check_text(text, tmp_path, select=["F009"])
    assert _found(report, "F009") == [(
        "错误", "narrative", None, "percent", D("95.24"), D("92.24"),
        "说明称“完成年初预算的92.24%”，但支出决算为40.00万元 ÷ 年初预算42.00万元 为 95.24%。", 140)]


def test_a_base_the_sentence_does_not_state_is_not_guessed(tmp_path: Path):
    # “完成全年预算” names the adjusted budget, which the sentence does not give: 年初预算 is no stand-in
    text = replace_once(_text(), "完成年初预算的95.24%", "完成全年预算的92.24%")
    report = check_text(text, tmp_path, select=["F009"])
    assert _found(report, "F009") == []


def test_completion_of_a_zero_budget(tmp_path: Path):
    text = replace_once(_text(), "年初预算为42.00万元，支出决算为40.00万元，完成年初预算的95.24%",
                        "年初预算为0.00万元，支出决算为40.00万元，完成年初预算的95.24%")
    report = check_text(text, tmp_path, select=["F009"])
    assert _found(report, "F009") == [(
        "警告", "narrative", None, "percent", None, D("95.24"),
        "说明称“完成年初预算的95.24%”，但年初预算0.00万元：基数为 0，完成比例无从算起。", 140)]


def test_share_of_the_years_expenditure(tmp_path: Path):
    text = replace_once(_text(), "占本年支出合计的100.00%", "占本年支出合计的90.00%")
    report = check_text(text, tmp_path, select=["F009"])
    assert _found(report, "F009") == [(
        "错误", "narrative", None, "percent", D("100.00"), D("90.00"),
        "说明称646.95万元占本年支出合计的90.00%，但表一 收入支出决算总表“本年支出合计”为 646.95万元，占比应为 100.00%。",
        139)]


@pytest.mark.parametrize("sentence, found", [
    ("信访业务支出155.00万元，比上年增加155.00万元，增长100.00%。", True),
    ("信访业务支出155.00万元，比上年增加55.00万元，增长55.00%。", False),  # a base above 0: N006's
])
def test_growth_on_a_zero_base(tmp_path: Path, sentence: str, found: bool):
    text = replace_once(_text(), "决算数与预算数基本持平。", "决算数与预算数基本持平。" + sentence,
                        after="信访业务（项）")
    report = check_text(text, tmp_path, select=["F009"])
    expected = [(
        "警告", "narrative", None, "percent", None, D("100.00"),
        "说明称155.00万元比上年增加155.00万元、增长100.00%，但由此上年为 0：基数为 0，增长百分比无从算起。", 142)]
    assert _found(report, "F009") == (expected if found else [])


def test_two_final_figures_leave_the_base_uncertain(tmp_path: Path):
    # which 决算 the percentage divides is not certain: neither rule guesses
    text = replace_once(_text(), ITEM_1, "年初预算为50.00万元，其中基本支出决算为10.00万元，项目支出决算为30.00万元，"
                                         "完成年初预算的10.00%。")
    report = check_text(text, tmp_path, select=["F008", "F009"])
    assert report.findings == []


def test_several_items_in_one_paragraph(tmp_path: Path):
    text = replace_once(_text(), ITEM_1, "年初预算为42.00万元，支出决算为40.00万元，主要原因：结转项目按进度支付；"
                                         "信访业务（项）年初预算为100.00万元，支出决算为60.00万元。")
    report = check_text(text, tmp_path, select=["F008"])
    assert [(f.message, f.expected, f.actual) for f in report.findings] == [
        ("“信访业务（项）”年初预算100.00万元，决算60.00万元，为预算的 60.00%，相差超过 10%，但没有写明原因。",
         D("100.00"), D("60.00"))]
