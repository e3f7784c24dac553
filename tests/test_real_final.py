"""The published 部门决算 (13, 上海市普陀区财政局 2024): all nine tables, every 合计 and a sample of rows.

The document's own identities (总计 = 本年合计 + 结转结余, 本年支出 = 基本 + 项目, 人员经费合计 = 301 + 303,
类 = Σ款 = Σ项) must hold in what is read.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import real

import yusuan
from yusuan.rules import check


@pytest.fixture(scope="module")
def doc():
    return yusuan.extract(real("13"))


def _values(row):
    return {k: v for k, v in row.values.items() if v is not None}


def test_the_document_and_its_nine_tables(doc):
    assert (doc.kind, doc.year, doc.department.name, doc.title) == (
        "部门决算", 2024, "上海市普陀区财政局", "上海市普陀区财政局2024年度部门决算")
    assert [(t.id, t.title, t.source.page, t.money_unit, t.reading) for t in doc.tables] == [
        ("final_income_expenditure_summary", "收入支出决算总表", 6, "万元", "read"),
        ("final_income", "收入决算表", 8, "万元", "read"),
        ("final_expenditure", "支出决算表", 10, "万元", "read"),
        ("final_fiscal_summary", "财政拨款收入支出决算总表", 12, "万元", "read"),
        ("final_general_budget_expenditure", "一般公共预算财政拨款支出决算表", 15, "万元", "read"),
        ("final_general_budget_basic_expenditure", "一般公共预算财政拨款基本支出决算表", 16, "万元", "read"),
        ("final_three_public", "财政拨款“三公”经费支出决算表", 18, "万元", "read"),
        ("final_government_fund", "政府性基金预算财政拨款收入支出决算表", 19, "万元", "read"),
        ("final_state_capital", "国有资本经营预算财政拨款收入支出决算表", 20, "万元", "read"),
    ]
    assert doc.unplaced_tables == []


def test_income_expenditure_summary(doc):
    t = doc.table("final_income_expenditure_summary")
    assert [c.id for c in t.columns] == ["total"]
    rows = {(r.side, r.name): _values(r) for r in t.rows}
    assert len(t.rows) == 42  # 8 income items, 26 classes, then 本年合计, the carry-over rows and 总计 on each side
    assert rows[("income", "一、一般公共预算财政拨款收入")] == {"total": D("2940.05")}
    assert rows[("income", "八、其他收入")] == {"total": D("6.20")}
    assert rows[("income", "本年收入合计")] == {"total": D("2946.25")}
    assert rows[("income", "使用非财政拨款结余（含专用结余）")] == {}
    assert rows[("income", "年初结转和结余")] == {"total": D("49.14")}
    assert rows[("income", "总计")] == {"total": D("2995.39")}
    assert rows[("expenditure", "一、一般公共服务支出")] == {"total": D("2106.66")}
    # 326.71 here, 326.72 in the 支出决算表: the summaries round so that the classes add to 2,940.05
    assert rows[("expenditure", "八、社会保障和就业支出")] == {"total": D("326.71")}
    assert rows[("expenditure", "十九、住房保障支出")] == {"total": D("445.69")}
    assert rows[("expenditure", "二十六、抗疫特别国债安排的支出")] == {}
    assert rows[("expenditure", "本年支出合计")] == {"total": D("2940.05")}
    assert rows[("expenditure", "结余分配")] == {}
    assert rows[("expenditure", "年末结转和结余")] == {"total": D("55.34")}
    assert rows[("expenditure", "总计")] == {"total": D("2995.39")}
    # 收入总计 = 本年收入合计 + 年初结转和结余; 支出总计 = 本年支出合计 + 年末结转和结余
    assert D("2946.25") + D("49.14") == D("2995.39") == D("2940.05") + D("55.34")


def test_income_table(doc):
    t = doc.table("final_income")
    assert [c.id for c in t.columns] == ["total", "fiscal_appropriation", "superior_subsidy", "business_income",
                                         "operating_income", "affiliated_remittance", "other_income"]
    assert [(r.code, r.name) for r in t.rows][:3] == [(None, "合计"), ("201", "一般公共服务支出"), ("20106", "财政事务")]
    assert len(t.rows) == 20
    assert _values(t.rows[0]) == {"total": D("2946.25"), "fiscal_appropriation": D("2940.05"),
                                  "other_income": D("6.20")}
    assert _values(t.row("2010601")) == {"total": D("1511.90"), "fiscal_appropriation": D("1511.89"),
                                         "other_income": D("0.01")}
    assert _values(t.row("2010602")) == {"total": D("16.19"), "fiscal_appropriation": D("10.00"),
                                         "other_income": D("6.19")}
    assert _values(t.row("2210203")) == {"total": D("258.50"), "fiscal_appropriation": D("258.50")}


def test_expenditure_table(doc):
    t = doc.table("final_expenditure")
    assert [c.id for c in t.columns] == ["total", "basic", "project", "remit_to_superior", "operating_expenditure",
                                         "subsidy_to_affiliates"]
    assert len(t.rows) == 20
    assert (t.rows[0].name, _values(t.rows[0])) == (
        "合计", {"total": D("2940.05"), "basic": D("2336.91"), "project": D("603.14")})
    assert _values(t.row("201")) == {"total": D("2106.66"), "basic": D("1503.52"), "project": D("603.14")}
    assert _values(t.row("2010601")) == {"total": D("1511.89"), "basic": D("1503.52"), "project": D("8.37")}
    assert _values(t.row("2010608")) == {"total": D("449.52"), "project": D("449.52")}
    assert _values(t.row("208")) == {"total": D("326.72"), "basic": D("326.72")}
    assert _values(t.row("2080599")) == {"total": D("0.94"), "basic": D("0.94")}
    for r in t.rows:  # 本年支出 = 基本支出 + 项目支出 on every row
        v = r.values
        assert v["total"] == (v["basic"] or 0) + (v["project"] or 0), r.name


def test_fiscal_summary(doc):
    t = doc.table("final_fiscal_summary")
    assert [c.id for c in t.columns] == ["total", "general_budget", "government_fund", "state_capital"]
    inc = [(r.name, _values(r)) for r in t.rows if r.side == "income"]
    assert inc == [
        ("一、一般公共预算财政拨款", {"total": D("2940.05")}), ("二、政府性基金预算财政拨款", {}),
        ("三、国有资本经营预算财政拨款", {}), ("本年收入合计", {"total": D("2940.05")}),
        ("年初财政拨款结转和结余", {"total": D("21.63")}), ("一、一般公共预算财政拨款", {"total": D("21.63")}),
        ("二、政府性基金预算财政拨款", {}), ("三、国有资本经营预算财政拨款", {}), ("总计", {"total": D("2961.68")}),
    ]
    exp = {r.name: _values(r) for r in t.rows if r.side == "expenditure"}
    assert len(exp) == 29
    assert exp["一、一般公共服务支出"] == {"total": D("2106.66"), "general_budget": D("2106.66")}
    assert exp["九、卫生健康支出"] == {"total": D("60.99"), "general_budget": D("60.99")}
    assert exp["本年支出合计"] == {"total": D("2940.05"), "general_budget": D("2940.05")}
    assert exp["年末财政拨款结转和结余"] == {"total": D("21.63"), "general_budget": D("21.63")}
    assert exp["总计"] == {"total": D("2961.68"), "general_budget": D("2961.68")}


def test_general_budget_expenditure(doc):
    t = doc.table("final_general_budget_expenditure")
    assert [c.id for c in t.columns] == ["total", "basic", "project"]
    assert len(t.rows) == 20
    assert (t.rows[-1].name, _values(t.rows[-1])) == (
        "合计", {"total": D("2940.05"), "basic": D("2336.91"), "project": D("603.14")})
    assert _values(t.row("2010607")) == {"total": D("135.25"), "project": D("135.25")}
    assert _values(t.row("2101101")) == {"total": D("60.99"), "basic": D("60.99")}
    assert _values(t.row("2210201")) == {"total": D("187.19"), "basic": D("187.19")}


def test_basic_expenditure_in_two_blocks(doc):
    t = doc.table("final_general_budget_basic_expenditure")
    assert [c.id for c in t.columns] == ["total"]
    assert len(t.rows) == 66  # 26 rows of 301/303 and 人员经费合计, 38 of 302/310 and 公用经费合计
    names = [r.name for r in t.rows]
    assert names.index("人员经费合计") == 26 and names[-1] == "公用经费合计"
    got = {r.code or r.name: r.values["total"] for r in t.rows}
    assert got["301"] == D("2082.85") and got["303"] == D("69.41") and got["人员经费合计"] == D("2152.26")
    assert got["302"] == D("171.07") and got["310"] == D("13.58") and got["公用经费合计"] == D("184.65")
    assert got["30102"] == D("1238.58") and got["30229"] == D("42.77") and got["31002"] == D("13.58")
    assert got["30103"] is None and got["30240"] is None  # blank, not 0
    assert got["301"] + got["303"] == got["人员经费合计"]
    assert got["302"] + got["310"] == got["公用经费合计"]
    # = 基本支出 of the 一般公共预算财政拨款支出决算表
    assert got["人员经费合计"] + got["公用经费合计"] == D("2336.91")


def test_three_public_with_budget_and_final(doc):
    t = doc.table("final_three_public")
    assert [(c.id, c.label) for c in t.columns] == [("budget", "预算数"), ("final", "决算数")]
    assert [(r.name, r.item, r.values) for r in t.rows] == [
        ("合计", "three_public_total", {"budget": D("0.95"), "final": None}),
        ("因公出国（境）费", "overseas", {"budget": None, "final": None}),
        ("公务用车购置及运行费", "vehicle", {"budget": None, "final": None}),
        ("公务用车购置费", "vehicle_purchase", {"budget": None, "final": None}),
        ("公务用车运行费", "vehicle_operation", {"budget": None, "final": None}),
        ("公务接待费", "reception", {"budget": D("0.95"), "final": None}),
    ]


def test_fund_tables_printed_empty(doc):
    for table_id, fund in (("final_government_fund", "政府性基金"), ("final_state_capital", "国有资本经营")):
        t = doc.table(table_id)
        assert [c.id for c in t.columns] == ["carry_in", "income", "expenditure", "basic", "project", "carry_out"]
        assert t.rows == []
        assert t.empty_note == f"注：上海市普陀区财政局无{fund}预算财政拨款支出，故本表无数据。"


def test_stated_fiscal_total(doc):
    fig = doc.narrative["fiscal_appropriation_total"]
    assert (fig.value, fig.unit, fig.source.page) == (D("0.3"), "万元", 21)
    assert fig.text.startswith("上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。")


def test_check_reports_the_stated_fiscal_total_and_no_other_error(doc):
    report = check(doc)
    errors = [(f.rule, f.column, f.expected, f.actual, f.source.page) for f in report.findings
              if f.severity == "错误"]
    assert errors == [("F005", "fiscal_appropriation_total", D("2961.68"), D("0.3"), 21)]
    outcomes = {o.rule: o.outcome for o in report.outcomes}
    assert {k: v for k, v in outcomes.items() if k.startswith("F")} == {
        "F001": "通过", "F002": "通过", "F003": "通过", "F004": "通过", "F005": "不通过",
        "F006": "数据不足", "F007": "数据不足",  # compared with other documents only where a store holds them
        "F008": "通过", "F009": "通过"}
    assert outcomes["S003"] == outcomes["S004"] == "通过"  # 类 = Σ款 = Σ项 and 合计 = Σ类 in every table
