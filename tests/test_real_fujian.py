"""The Fujian set (39, 40): ten tables, each under a section heading ("三、支出预算总表") and a second title
line ("2026年度支出预算总表"), amounts without thousands separators, empty cells printed 0.00, and the
支出预算总表's total column headed 小计 with no group above it.

Every expected figure was read off the document's own pages. Not yet read right (and so not pinned): the
合计 row of the 一般公共预算支出经济分类表 (八).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from realcheck import part_sums, printed, row_of


TEN = [
    "income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_appropriation_summary",
    "general_budget_expenditure", "government_fund_expenditure", "state_capital_expenditure",
    "general_budget_economic_expenditure", "general_budget_basic_expenditure", "three_public_expenses",
]


@pytest.mark.parametrize("name", ["39", "40"])
def test_ten_tables(real_doc, name):
    # After the tables of money: 39 prints its 部门整体支出绩效目标表 and both print one 项目绩效目标表 per project.
    targets = ["overall_performance_targets", "project_performance_targets"] if name == "39" \
        else ["project_performance_targets"]
    assert [t.id for t in real_doc(name).tables] == TEN + targets


def test_total_column_headed_subtotal(real_doc):
    t = real_doc("39").table("expenditure_summary")
    zero = Decimal("0.00")
    assert printed(row_of(t, "合计")) == {"total": Decimal("15184.81"), "basic": Decimal("5915.38"),
                                         "project": Decimal("9269.43"), "operating_expenditure": zero,
                                         "remit_to_superior": zero, "subsidy_to_affiliates": zero}
    assert printed(row_of(t, "2010302")) == {"total": Decimal("1126.82"), "basic": zero,
                                            "project": Decimal("1126.82"), "operating_expenditure": zero,
                                            "remit_to_superior": zero, "subsidy_to_affiliates": zero}
    assert part_sums(t, "total", ("basic", "project")) == []


@pytest.mark.parametrize("name, total, wages", [("39", "5915.38", "4407.07"), ("40", "4808.65", "3446.94")])
def test_basic_table_with_one_amount_column(real_doc, name, total, wages):
    # 九、一般公共预算基本支出经济分类情况表 prints one column headed 预算数: it is the table's total,
    # never 人员经费 (which N001 would then compare with the stated 人员经费).
    t = real_doc(name).table("general_budget_basic_expenditure")
    assert [c.id for c in t.columns] == ["total"]
    assert printed(row_of(t, "合计")) == {"total": Decimal(total)}
    assert printed(row_of(t, "301")) == {"total": Decimal(wages)}
    assert t.reading == "read"
