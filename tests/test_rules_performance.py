"""Performance-target rules (P): correct seeds stay silent, injected mistakes are found exactly,
and the genuine mistakes in the published documents are pinned."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from mutate import check_text, findings, outcome, replace_once, seed_text

import yusuan
from conftest import REAL
from yusuan.rules import check

WANLI_2023 = REAL / "01_shanghai-putuo-wanli-jiedao_2023_dept-budget.pdf"

LAWYER = "2024 年律师参与信访接待经费"
PATROL = "社区（村）治安巡逻防控费"


def _report(checked, prefix):
    return checked(prefix)


def _p(report, rule):
    return findings(report, rule)


@pytest.fixture(scope="module")
def wanli_2023():
    return yusuan.extract(WANLI_2023)


# ---------------------------------------------------------------------------------------------
# correct seeds stay silent


@pytest.mark.parametrize("rule", ["P001", "P002", "P003", "P004", "P005", "P009"])
def test_seed_001_passes(checked, rule):
    assert outcome(checked("001"), rule) == "通过"


@pytest.mark.parametrize("rule", ["P001", "P002", "P003", "P005", "P009"])
def test_seed_002_passes(checked, rule):
    assert outcome(checked("002"), rule) == "通过"


@pytest.mark.parametrize("rule", ["P001", "P002", "P004", "P005", "P006", "P007"])
def test_seed_004_passes(checked, rule):
    # 004 puts 满意度 as a 二级指标 under 效益指标: that is a 满意度 indicator, not a missing one.
    assert outcome(checked("004"), rule) == "通过"


def test_seed_000_unnamed_indicator_table(extracted, checked):
    # "预算项目绩效目标" heads an indicator grid with no 项目名称; 指标值 is split into 符号 | 值 | 单位.
    [p] = extracted("000").projects
    assert (p.name, p.title, p.amount) == ("", "预算项目绩效目标", None)
    assert [i.value for i in p.indicators] == [
        "文字描述 年度督办案件数量", "95.00 百分比", "95.00 百分比", "95.00 百分比", "文字描述 维社会稳定",
        "≥ 90.00 信访办理满意度"]
    assert p.indicators[1].basis == "市联席办2012年石机号501"
    report = checked("000")
    assert outcome(report, "P001") == "通过"
    assert outcome(report, "P002") == "通过"
    assert outcome(report, "P005") == "数据不足"


def test_no_performance_tables_is_not_applicable(checked):
    report = checked("003")
    assert {o.outcome for o in report.outcomes if o.rule.startswith("P")} == {"不适用"}


def test_seed_004_special_funds_add_up_to_overall_project_spending(extracted):
    # 1.878 + 36.72 = 38.598 = 部门整体支出绩效目标表 项目支出; 004 has no 支出总表.
    from yusuan.rules.context import Context
    from yusuan.rules.performance import _project_spending

    total, unit, where = _project_spending(Context(extracted("004")))
    assert (total, unit) == (Decimal("38.598"), "万元")
    assert "整体支出绩效目标表" in where


def test_seed_001_projects_add_up_with_carryover(extracted):
    # 179.71 in forms; 项目支出 221.71 = 179.71 + 上年结转 42.00.
    assert sum(p.amount for p in extracted("001").projects) == Decimal("179.71")
    assert outcome(check(extracted("001"), select=["P005"]), "P005") == "通过"


# ---------------------------------------------------------------------------------------------
# injected mistakes


def test_decreasing_spending_plan(tmp_path):
    text = replace_once(seed_text("001"), "\t50%\t\t50%\t100%\t100%", "\t50%\t\t30%\t100%\t100%", after=LAWYER)
    [f] = _p(check_text(text, tmp_path, select=["P"]), "P003")
    assert (f.severity, f.row_name, f.row_code) == ("错误", LAWYER, "13011024P00002410019M")
    assert (f.expected, f.actual) == ("≥50%", "30%")
    assert f.column == "资金支出计划 6月底"


def test_spending_plan_never_reaching_100(tmp_path):
    text = replace_once(seed_text("001"), "\t50%\t\t50%\t100%\t100%", "\t50%\t\t50%\t80%\t90%", after=LAWYER)
    [f] = _p(check_text(text, tmp_path, select=["P"]), "P003")
    assert (f.severity, f.row_name, f.expected, f.actual) == ("错误", LAWYER, "100%", "90%")
    assert f.column == "资金支出计划 12月底"


def test_plan_ending_before_year_end_below_100_is_a_warning(tmp_path):
    text = replace_once(seed_text("001"), "50%\t\t50%\t\t100%", "50%\t\t50%\t\t90%",
                        after="2024年多元化解中心保障经费")
    [f] = _p(check_text(text, tmp_path, select=["P003"]), "P003")
    assert (f.severity, f.row_name, f.column, f.actual) == ("警告", "2024年多元化解中心保障经费", "资金支出计划 10月底",
                                                            "90%")


def test_per_period_shares_adding_to_100_are_accepted(tmp_path):
    text = replace_once(seed_text("001"), "\t50%\t\t50%\t100%\t100%", "\t25%\t\t25%\t25%\t25%", after=LAWYER)
    assert outcome(check_text(text, tmp_path, select=["P003"]), "P003") == "通过"


def test_missing_satisfaction_indicator(tmp_path):
    line = "满意度指标\t服务对象满意度指标\t信访工作采纳法律顾问意见\t信访工作采纳法律顾问意见\t≥90%\t历年经验\t\n"
    text = replace_once(seed_text("001"), line, "", after=LAWYER)
    [f] = _p(check_text(text, tmp_path, select=["P"]), "P001")
    assert (f.severity, f.row_name, f.expected, f.actual) == ("警告", LAWYER, "满意度指标", "产出指标、效益指标")


def test_missing_indicator_value(tmp_path):
    text = replace_once(seed_text("001"), "聘请律师事务所的数量\t≥1 个", "聘请律师事务所的数量\t", after=LAWYER)
    [f] = _p(check_text(text, tmp_path, select=["P"]), "P002")
    assert (f.row_name, f.expected, f.actual) == (LAWYER, "指标值", "空白")
    assert "聘请律师事务所的数量" in f.message


def test_cost_indicator_above_amount(tmp_path):
    text = replace_once(seed_text("001"), "≤5 万元", "≤50 万元", after=LAWYER)
    [f] = _p(check_text(text, tmp_path, select=["P"]), "P004")
    assert (f.severity, f.row_name, f.expected, f.actual) == ("错误", LAWYER, Decimal("5.00"), Decimal("50"))


def test_cost_indicator_in_yuan_is_converted(tmp_path):
    ok = replace_once(seed_text("001"), "≤5 万元", "≤50000 元", after=LAWYER)
    assert outcome(check_text(ok, tmp_path, select=["P004"]), "P004") == "通过"
    bad = replace_once(seed_text("001"), "≤5 万元", "≤60000元", after=LAWYER)
    [f] = _p(check_text(bad, tmp_path, select=["P004"]), "P004")
    assert (f.row_name, f.expected, f.actual) == (LAWYER, Decimal("5.00"), Decimal("6"))


def test_cost_standard_per_head_is_not_compared(tmp_path):
    text = replace_once(seed_text("001"), "≤5 万元", "≤800 元/人/次", after=LAWYER)
    assert outcome(check_text(text, tmp_path, select=["P004"]), "P004") == "不适用"


def test_project_amount_raised_above_project_spending(tmp_path):
    text = replace_once(seed_text("001"), "预算数\t70.00", "预算数\t170.00", after="2024 年驻京信访工作专项经费")
    [f] = _p(check_text(text, tmp_path, select=["P"]), "P005")
    assert (f.severity, f.table, f.expected, f.actual) == ("错误", "projects", Decimal("221.71"), Decimal("279.71"))
    assert f.difference == Decimal("58.00")


def test_project_amount_lowered_is_missing_data_not_error(tmp_path):
    # Forms adding to less than 项目支出 may just be unpublished forms: 数据不足, with the gap stated.
    text = replace_once(seed_text("001"), "预算数\t70.00", "预算数\t60.00", after="2024 年驻京信访工作专项经费")
    report = check_text(text, tmp_path, select=["P005"])
    assert outcome(report, "P005") == "数据不足"
    reason = report.outcomes[0].reason
    assert "169.71万元" in reason and "221.71万元" in reason and "上年结转 42.00万元" in reason


def test_fiscal_part_larger_than_amount(tmp_path):
    text = replace_once(seed_text("001"), "其中：财政资金\t5.00", "其中：财政资金\t6.00", after=LAWYER)
    [f] = _p(check_text(text, tmp_path, select=["P"]), "P009")
    assert (f.row_name, f.expected, f.actual) == (LAWYER, Decimal("6.00"), Decimal("5.00"))


def test_rate_612_to_621_in_seed_004(tmp_path):
    text = replace_once(seed_text("004"), "612元/人/月", "621元/人/月")
    [f] = _p(check_text(text, tmp_path, select=["P"]), "P006")
    # 50 × 621 × 12 = 372,600 元 = 37.26 万元 > 36.72 万元
    assert (f.severity, f.row_name, f.expected, f.actual) == ("错误", PATROL, Decimal("37.26"), Decimal("36.72"))
    assert f.source.line == 78


def test_rate_in_special_fund_form_is_checked_against_its_own_amount(tmp_path):
    text = replace_once(seed_text("004"), "235元/人/月", "253元/人/月", after="支出方向")
    [f] = _p(check_text(text, tmp_path, select=["P006"]), "P006")
    # (5 × 253 + 3 × 130) × 12 = 19,860 元 = 1.986 万元 > 1.878 万元
    assert (f.row_name, f.expected, f.actual) == ("信访岗位津贴", Decimal("1.986"), Decimal("1.878"))


def test_heads_that_do_not_add_up(tmp_path):
    text = replace_once(seed_text("004"), "\t8人", "\t9人")
    [f] = _p(check_text(text, tmp_path, select=["P006"]), "P006")
    assert (f.row_name, f.column, f.expected, f.actual) == ("信访岗位津贴", "指标值", Decimal(8), Decimal(9))


@pytest.mark.parametrize("note, value, total, heads", [
    ("612元/人/月", "50人", Decimal(367200), None),
    ("一线信访岗位5人，235元/人/月；其他信访岗位3人，130元/人/月", "8人", Decimal(18780), 8),
    ("补助标准 3000元/人/年", "≥20人", Decimal(60000), None),
    ("每月 800元/月/人，共 6个月", "10人", Decimal(48000), None),
    ("2名保洁员，0.3万元/人/月", "", Decimal(72000), None),
    ("500元/人次", "100人", None, None),     # 人次 is not a head count
    ("1000元/年", "5人", None, None),        # a rate not per head
    ("612元/人/月", "若干", None, None),     # no count to multiply
])
def test_stated_arithmetic_parsing(note, value, total, heads):
    from yusuan.model import Indicator
    from yusuan.rules.performance import _statement

    st = _statement(Indicator(level3="x", value=value, note=note))
    if total is None:
        assert st is None
    else:
        assert (st.total, st.heads) == (total, heads)


def test_overall_indicator_matched_to_project_by_name():
    from yusuan.model import Project
    from yusuan.rules.performance import _match

    projects = [Project(name="信访岗位津贴"), Project(name="社区（村）治安巡逻防控费")]
    assert _match("信访工作人员岗位津贴", projects).name == "信访岗位津贴"
    assert _match("社区（村）治安巡逻防控费", projects).name == "社区（村）治安巡逻防控费"
    assert _match("预算资金使用率", projects) is None
    assert _match("津贴", projects) is None


def test_overall_amounts_do_not_add_up(tmp_path):
    text = replace_once(seed_text("004"), "134.8291万元", "144.8291万元")
    [f] = _p(check_text(text, tmp_path, select=["P"]), "P007")
    assert (f.table, f.column, f.expected, f.actual) == (
        "overall_targets", "按支出性质分", Decimal("183.4271"), Decimal("173.4271"))


def _with_overall(total: str, basic: str, project: str) -> str:
    """Seed 001 with a 部门整体支出绩效目标表 appended in its own tab layout, with the given amounts."""
    rows = [
        "2024年部门整体支出绩效目标表",
        "部门名称\t区信访局",
        f"年度预算申请（万元）\t资金总额：{total}万元",
        "\t按收入性质分\t\t按支出性质分\t",
        f"\t其中：一般公共预算拨款\t605.23万元\t其中：基本支出\t{basic}万元",
        f"\t政府性基金拨款\t0\t项目支出\t{project}万元",
        "\t其他资金\t42.00万元\t\t",
    ]
    return seed_text("001") + "\n\n" + "\n".join(rows) + "\n"


def test_overall_table_agrees_with_expenditure_summary(tmp_path):
    report = check_text(_with_overall("647.23", "425.52", "221.71"), tmp_path, select=["P007", "P008"])
    assert outcome(report, "P007") == "通过"
    assert outcome(report, "P008") == "通过"


def test_overall_table_disagrees_with_expenditure_summary(tmp_path):
    report = check_text(_with_overall("647.23", "415.52", "231.71"), tmp_path, select=["P008"])
    got = [(f.column, f.expected, f.actual) for f in _p(report, "P008")]
    assert got == [("基本支出", Decimal("425.52"), Decimal("415.52")),
                   ("项目支出", Decimal("221.71"), Decimal("231.71"))]


# ---------------------------------------------------------------------------------------------
# real documents


def test_wanli_2023_forms_are_read(wanli_2023):
    got = [(p.name, p.amount, p.fiscal_amount, p.other_amount, p.money_unit) for p in wanli_2023.projects]
    assert got[0] == ("新建万里街道社区公共服务中心", Decimal("4100000.00"), Decimal("4100000.00"),
                      Decimal("0.00"), "元")
    assert len(got) == 5
    # "年度(/项目)指标值" is the 指标值 column
    assert wanli_2023.projects[0].indicators[0].value == "≥13459.00(平方米)"
    assert all(i.value for p in wanli_2023.projects for i in p.indicators)


def test_wanli_2023_annual_fiscal_appropriation_exceeds_annual_total(wanli_2023):
    # Genuine: 公共服务设施运行经费 prints 年度资金申请总额 10,903,043.00 but 当年财政拨款 11,419,043.00
    # (上年结转 0.00, 其他资金 0.00); the project column on the left prints 10,903,043.00 twice.
    report = check(wanli_2023, select=["P"])
    assert [(f.rule, f.row_name, f.expected, f.actual, f.source.page) for f in report.findings] == [
        ("P009", "公共服务设施运行经费", Decimal("11419043.00"), Decimal("10903043.00"), 35)]
    assert outcome(report, "P005") == "数据不足"  # 5 forms of 65,572,343 元 项目支出: not every form published


def test_no_error_cried_on_any_document(extracted):
    """Every 错误 the P family reports on the seeds and the real PDFs is a genuine mistake."""
    errors = []
    for prefix in ("000", "001", "002", "003", "004"):
        errors += [(prefix, f.rule, f.row_name) for f in check(extracted(prefix), select=["P"]).findings]
    for pdf in sorted(REAL.glob("[01]*.pdf")):  # the Shanghai documents
        errors += [(pdf.name[:2], f.rule, f.row_name) for f in check(yusuan.extract(pdf), select=["P"]).findings]
    assert errors == [("01", "P009", "公共服务设施运行经费")]
