"""The Zhuhai set (41): twelve tables, the last two by source of funds rather than by 科目 —
"部门预算基本支出预算表" and "部门预算项目支出及其他支出预算表", their rows the unit and its projects, their
columns 总计 = 财政拨款（合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算）+ 财政专户拨款 + 其他资金, the
project names wrapped over two or three lines around the figures, and a 绩效目标 column of prose beside them.

Every expected figure was read off the document's own pages (pages 14–15)."""

from __future__ import annotations

from decimal import Decimal

from realcheck import part_sums, printed, row_of

D = Decimal
TWELVE = [
    "income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_appropriation_summary",
    "general_budget_expenditure", "general_budget_basic_expenditure", "general_budget_project_expenditure",
    "three_public_expenses", "government_fund_expenditure", "state_capital_expenditure",
    "basic_expenditure_by_source", "project_expenditure_by_source",
]
SOURCES = ("total", "fiscal_appropriation", "general_budget", "government_fund", "state_capital",
           "fiscal_special_account", "other_funds")


def _row(*figures: str) -> dict[str, Decimal]:
    return dict(zip(SOURCES, (D(f) for f in figures)))


def test_twelve_tables_in_print_order(real_doc):
    assert [t.id for t in real_doc("41").tables] == TWELVE


def test_basic_spending_by_source_is_one_zero_total_row(real_doc):
    t = real_doc("41").table("basic_expenditure_by_source")
    assert [c.label for c in t.columns] == ["总计", "财政拨款", "一般公共预算", "政府性基金预算", "国有资本经营预算",
                                            "财政专户拨款", "其他资金"]
    assert [(r.name, printed(r)) for r in t.rows] == [("合计", _row(*["0.00"] * 7))]
    assert t.empty_note == "注：本表本年无发生额。"


def test_projects_by_source_with_wrapped_names(real_doc):
    t = real_doc("41").table("project_expenditure_by_source")
    assert t.reading == "read"
    assert [r.name for r in t.rows] == [
        "合计", "珠海市政府投资交通市政项目工务中心", "公益二类事业人员工资", "定额补助经费——运行经费",
        "定额补助经费——项目经费", "黄杨泵站至缯坑水库第二条原水管建设工程-2026年", "广南梅第二条原水管道工程一期工程-2026年"]
    assert printed(row_of(t, "合计")) == _row("7552.92", "7552.92", "736.92", "6816.00", "0.00", "0.00", "0.00")
    assert printed(row_of(t, "定额补助经费——运行经费")) == _row("39.71", "39.71", "39.71", "0.00", "0.00", "0.00",
                                                              "0.00")
    assert printed(row_of(t, "广南梅第二条原水管道工程一期工程-2026年")) == _row(
        "2579.00", "2579.00", "0.00", "2579.00", "0.00", "0.00", "0.00")
    # 总计 = 财政拨款 + 财政专户 + 其他资金 and 财政拨款 = its three funds, on every row.
    assert part_sums(t, "total", ("fiscal_appropriation", "fiscal_special_account", "other_funds")) == []
    assert part_sums(t, "fiscal_appropriation", ("general_budget", "government_fund", "state_capital")) == []
    # The unit's row is the sum of its five projects.
    projects = t.rows[2:]
    assert sum((r.values["total"] for r in projects), D(0)) == row_of(t, "珠海市政府投资交通市政项目工务中心").values["total"]


def test_the_two_tables_check_without_an_error(real_doc):
    from yusuan.rules import check

    report = check(real_doc("41"))
    assert [f.rule for f in report.findings if f.severity == "错误"] == []
    assert "S002" in {o.rule for o in report.outcomes if o.outcome == "通过"}


def test_special_account_income_in_two_parts_without_a_subtotal(real_doc):
    # 收入总体情况表 (page 6): "财政专户拨款收入" is a group label over 教育收费 and 其他专户收入拨款, with no 小计
    # of its own; each part is a column, and the table reads without doubts.
    t = real_doc("41").table("income_summary")
    assert (t.reading, t.doubts) == ("read", [])
    assert [(c.id, c.label) for c in t.columns][3:6] == [
        ("state_capital", "国有资本经营预算"), ("special_account_tuition", "教育收费"),
        ("special_account_other", "其他专户收入拨款")]
    assert {k: str(v) for k, v in t.rows[0].values.items() if v} == {
        "total": "7552.92", "general_budget": "736.81", "government_fund": "6816.00", "carryover": "0.11"}
