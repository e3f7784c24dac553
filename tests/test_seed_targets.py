"""Performance target forms: seed 001's project tables and seed 004's overall and special-fund tables."""

from __future__ import annotations

from decimal import Decimal


def test_seed_001_projects(extracted):
    projects = extracted("001").projects
    assert [(p.code, p.amount) for p in projects] == [
        ("13011024P000024100228", Decimal("8.00")), ("13011024P000024100201", Decimal("5.00")),
        ("13011024P00002410019M", Decimal("5.00")), ("13011024P00002410021L", Decimal("13.00")),
        ("13011024P00002410026N", Decimal("23.71")), ("13011024P000024100182", Decimal("40.00")),
        ("13011024P000024100253", Decimal("15.00")), ("13011024P00002410027A", Decimal("70.00")),
    ]
    p = projects[0]
    assert p.name == "2024年多元化解中心保障经费"
    assert (p.fiscal_amount, p.other_amount, p.money_unit) == (Decimal("8.00"), None, "万元")
    assert p.fund_use == "用于中心水电等办公资产，保障多元化解中心工作正常运行。"
    assert [(s.period, s.percent) for s in p.spending_plan] == [
        ("3月底", Decimal("50")), ("6月底", Decimal("50")), ("10月底", Decimal("100"))]
    first = p.indicators[0]
    assert (first.level1, first.level2, first.level3, first.description, first.value, first.basis) == (
        "产出指标", "数量指标", "保障办公人数", "保障办公人数", "≥100人", "年度工作计划")
    assert first.source.line == 504


def test_seed_001_indicator_grid_continues_after_page_break(extracted):
    last = extracted("001").projects[-1]
    assert [i.level1 for i in last.indicators] == ["产出指标"] * 4 + ["效益指标", "满意度指标"]
    assert last.indicators[-1].basis == "调查问卷"


def test_seed_002_collapsed_indicator_rows_inherit_levels(extracted):
    p = extracted("002").projects[0]
    assert (p.code, p.name, p.amount) == ("13062423P000048100019", "劳务派遣人员专项经费", Decimal("55.00"))
    assert [(s.period, s.percent) for s in p.spending_plan] == [
        ("3月底", Decimal("25")), ("6月底", Decimal("50")), ("10月底", Decimal("75")), ("12月底", Decimal("100"))]
    levels = [(i.level1, i.level2) for i in p.indicators]
    assert levels == [
        ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("产出指标", "成本指标"),
        ("效益指标", "可持续影响指标"), ("效益指标", "经济效益指标"), ("效益指标", "社会效益指标"),
        ("效益指标", "生态效益指标"), ("满意度指标", "服务对象满意度指标")]
    assert p.indicators[0].value == "≥90是否按照劳务派遣人员到岗情况保证工资保险发放人数"
    assert p.goal.endswith("\n2.按时发放劳务派遣人员的工资和各项保险。")


def test_seed_004_overall_targets(extracted):
    d = extracted("004")
    assert d.department.name == "石峰区信访局"
    assert d.year == 2021
    [overall] = d.overall_targets
    assert overall.unit_name == "信访局本级"
    assert overall.amounts == {
        "total": Decimal("173.4271"), "general_budget": Decimal("173.4271"), "basic": Decimal("134.8291"),
        "government_fund": Decimal("0"), "project": Decimal("38.598"), "other": Decimal("0")}
    assert [w["item"] for w in overall.key_work] == ["强化责任担当", "抓好源头治理", "着力攻坚克难"]
    first, second = overall.indicators[:2]
    assert (first.level1, first.level2, first.level3, first.value, first.note) == (
        "产出指标", "产出数量", "社区（村）治安巡逻防控费", "50人", "612元/人/月")
    assert (second.level1, second.level2, second.level3, second.value) == (
        "产出指标", "产出数量", "信访工作人员岗位津贴", "8人")
    assert second.note == "一线信访岗位5人，235元/人/月；其他信访岗位3人，130元/人/月"


def test_seed_004_special_fund_tables(extracted):
    funds = extracted("004").projects
    assert [(p.kind, p.name, p.amount, p.period) for p in funds] == [
        ("special_fund", "信访岗位津贴", Decimal("1.878"), "1年"),
        ("special_fund", "社区（村）治安巡逻防控费", Decimal("36.72"), "1年")]
    assert funds[1].indicators[0].level3 == "79农村籍退役参战人员"
    assert funds[1].indicators[0].value == "50人"
    assert funds[1].indicators[3].value == "≤36.72万元"
    assert funds[0].goal == "稳定信访工作人员队伍，调动信访工作人员的积极性。"
