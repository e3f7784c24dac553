"""Completeness (C): required tables, empty-table notes, required sections, 三公 reasons, targets."""

from __future__ import annotations

import re

import pytest
from mutate import check_text, findings, outcome, replace_once, seed_text

C_RULES = ["C001", "C002", "C003", "C004", "C005"]


@pytest.mark.parametrize("rule", C_RULES)
def test_correct_seed_passes(checked, rule):
    report = checked("001")
    assert outcome(report, rule) == "通过", [f.message for f in findings(report, rule)]


def test_seed_000_publishes_almost_no_tables(checked):
    report = checked("000")
    missing = findings(report, "C001")
    assert sorted(f.table for f in missing) == sorted([
        "income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_appropriation_summary",
        "general_budget_expenditure", "government_fund_expenditure",
        "general_budget_basic_expenditure", "three_public_expenses"])  # the eight of 第十一条
    assert all(f.severity == "错误" for f in missing)
    assert "没有找到收支总表" in next(f.message for f in missing if f.table == "income_expenditure_summary")


def test_seed_002_three_public_change_without_reason(checked):
    report = checked("002")
    [f] = findings(report, "C004")
    assert (f.table, f.column, str(f.actual), f.source.line) == ("narrative", "three_public_change", "-3", 1476)
    assert "没有说明增减变化的原因" in f.message
    # Empty tables with their notes count as published.
    assert outcome(report, "C001") == "通过"
    assert outcome(report, "C002") == "通过"


def test_reason_given_passes(tmp_path):
    text = replace_once(seed_text("002"), "与2022年相比，减少3万元。", "与2022年相比，减少3万元，主要原因是落实过紧日子要求压减公务接待费。")
    report = check_text(text, tmp_path, select=["C004"])
    assert outcome(report, "C004") == "通过"


def test_not_a_budget_disclosure(checked):
    for prefix in ("003", "004"):
        report = checked(prefix)
        for rule in ("C001", "C003", "C005"):
            assert outcome(report, rule) == "不适用", (prefix, rule)


def _drop_block(text: str, heading: str) -> str:
    """Remove a markdown heading and everything up to the next heading of the same or higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    start = text.index(heading)
    rest = text[start + len(heading):]
    m = re.search(r"^#{1,%d} " % level, rest, re.M)
    end = start + len(heading) + (m.start() if m else len(rest))
    return text[:start] + text[end:]


def test_deleted_table_is_missing(tmp_path):
    text = _drop_block(seed_text("001"), "## 部门预算财政拨款“三公”经费支出表")
    report = check_text(text, tmp_path)
    assert [f.table for f in findings(report, "C001")] == ["three_public_expenses"]
    assert outcome(report, "X006") == "数据不足"
    assert outcome(report, "S006") == "数据不足"


def test_deleted_section_is_missing(tmp_path):
    text = _drop_block(seed_text("001"), "### 三、机关运行经费安排情况")
    report = check_text(text, tmp_path, select=["C003"])
    assert [(f.table, f.message) for f in report.findings] == [("document", "预算说明中没有找到“机关运行经费”部分。")]
    assert report.findings[0].severity == "警告"


def test_empty_note_contradicting_amounts(tmp_path):
    text = replace_once(seed_text("001"), "9\t三、公务接待费\t0.20\t0.20\t\t\n",
                        "9\t三、公务接待费\t0.20\t0.20\t\t\n注：无“三公”经费预算，空表列示。\n")
    report = check_text(text, tmp_path, select=["C002"])
    [f] = report.findings
    assert (f.table, f.severity, f.row_name) == ("three_public_expenses", "错误", "合计")
    assert "说明与数字矛盾" in f.message


def test_real_pdf_three_public_table_with_amounts_and_an_empty_note():
    import yusuan
    from conftest import real
    from yusuan.rules import check

    report = check(yusuan.extract(real("02")), select=["C"])
    [f] = findings(report, "C002")
    assert (f.table, f.row_name, f.source.page) == ("three_public_expenses", "合计", 31)
    assert "47.91" in f.message
    # Its 三公 change is explained item by item: no C004 finding.
    assert outcome(report, "C004") == "通过"


def test_no_performance_targets(tmp_path):
    text = seed_text("001")
    start, end = text.index("### 五、部门整体绩效目标"), text.index("## 八、")
    text = text[:start] + text[end:]
    report = check_text(text, tmp_path, select=["C005"])
    assert [(f.rule, f.table) for f in report.findings] == [("C005", "projects")]


@pytest.mark.parametrize("name", ["01", "04", "06", "08", "10"])
def test_real_pdfs_have_complete_disclosures(name):
    import yusuan
    from conftest import real
    from yusuan.rules import check

    report = check(yusuan.extract(real(name)), select=["C"])
    assert [f.message for f in report.findings] == []


def test_targets_spoken_of_in_a_part_of_the_explanation(tmp_path):
    # No target tables, but a part of the explanation on them, its heading run into its first sentence
    # (as 34 prints "（三）绩效目标设置情况。2026年项目支出均实行了绩效目标管理……"): not a missing part.
    text = seed_text("001")
    start, end = text.index("### 五、部门整体绩效目标"), text.index("## 八、")
    text = text[:start] + "（五）绩效目标设置情况。2024年项目支出均实行了绩效目标管理，涉及一般公共预算财政拨款221.71万元。\n\n" + text[end:]
    report = check_text(text, tmp_path, select=["C005"])
    assert report.findings == [] and outcome(report, "C005") == "通过"


def test_a_file_of_tables_only_is_not_an_error_for_its_missing_targets(tmp_path):
    # Seed 001 with its explanation and its target forms removed: only the tables are left, as a region
    # publishes them in a file of their own beside the explanation and the targets.
    text = seed_text("001")
    tables_only = text[:text.index("## 一、部门职责")]
    report = check_text(tables_only, tmp_path, select=["C005"])
    assert [(f.rule, f.severity) for f in report.findings] == [("C005", "警告")]
    assert report.findings[0].message.startswith("本文件只有预算表，没有预算说明，也没有绩效目标")
