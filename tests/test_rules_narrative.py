"""Narrative-vs-tables rules N001–N008: silent on correct documents, the genuine mistakes of the seeds
and real PDFs pinned, and injected mistakes found with exact values."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from mutate import check_text, findings, outcome, replace_once, seed_text

import yusuan
from conftest import real as real_path
from yusuan.rules import check

_REAL_CACHE: dict[str, object] = {}


def real(prefix: str):
    if prefix not in _REAL_CACHE:
        _REAL_CACHE[prefix] = check(yusuan.extract(real_path(prefix)), select=["N"])
    return _REAL_CACHE[prefix]


@pytest.fixture(scope="module")
def seeds(extracted):
    cache: dict[str, object] = {}

    def get(prefix: str):
        if prefix not in cache:
            cache[prefix] = check(extracted(prefix), select=["N"])
        return cache[prefix]

    return get


def only(report, rule: str):
    got = findings(report, rule)
    assert len(got) == 1, [f.message for f in got]
    return got[0]


# ---------------------------------------------------------------------------------------------
# correct documents stay silent


@pytest.mark.parametrize("rule", ["N001", "N002", "N004", "N005", "N007", "N008"])
def test_seed_001_passes(seeds, rule):
    assert outcome(seeds("001"), rule) == "通过"


@pytest.mark.parametrize("prefix,rule", [
    ("002", "N002"), ("002", "N004"), ("002", "N005"), ("002", "N008"), ("000", "N001"), ("000", "N005"),
])
def test_other_seeds_pass(seeds, prefix, rule):
    assert outcome(seeds(prefix), rule) == "通过"


def test_three_public_change_passes_when_parts_add_up(tmp_path):
    text = replace_once(seed_text("001"), "与2023年相比增加0.20万元", "与2023年相比减少0.80万元")
    report = check_text(text, tmp_path, select=["N"])
    assert outcome(report, "N003") == "通过"


@pytest.mark.parametrize("prefix", ["04", "06", "08", "10"])
def test_real_pdfs_with_tables_in_yuan_agree_with_text_in_wan(prefix):
    # Shanghai prints its tables in 元 and its text in 万元: the figures are compared after converting
    report = real(prefix)
    assert outcome(report, "N001") == "通过"
    assert outcome(report, "N003") == "通过"


def test_real_percentages_that_recompute_pass():
    assert outcome(real("10"), "N006") == "通过"


def test_a_rule_that_cannot_run_is_never_passed(seeds):
    r = seeds("003")  # a self-evaluation without tables
    assert outcome(r, "N001") == "数据不足"
    assert outcome(r, "N008") == "数据不足"  # 单位性质 not printed
    assert outcome(seeds("004"), "N001") == "不适用"  # nothing stated


def test_no_errors_on_seeds_beyond_the_genuine_ones(seeds):
    errors = {p: sorted((f.rule, f.column) for f in seeds(p).findings if f.severity == "错误")
              for p in ("000", "001", "002", "003", "004")}
    assert errors == {
        "000": [("N004", "yoy_change_project")],
        "001": [("N003", "three_public_change")],
        "002": [("N001", "general_budget_income")],
        "003": [("N005", "year")],
        "004": [],
    }


# ---------------------------------------------------------------------------------------------
# genuine mistakes of the seeds


def test_seed_002_general_budget_income_disagrees_with_tables(seeds):
    f = only(seeds("002"), "N001")
    assert (f.severity, f.table, f.column) == ("错误", "narrative", "general_budget_income")
    assert (f.expected, f.actual, f.source.line) == (Decimal("185.62"), Decimal("152.80"), 1466)
    assert "152.80万元" in f.message and "185.62" in f.message


def test_seed_001_three_public_change_disagrees_with_its_parts(seeds):
    f = only(seeds("001"), "N003")
    assert (f.severity, f.table, f.column) == ("错误", "narrative", "three_public_change")
    assert (f.expected, f.actual, f.source.line) == (Decimal("-0.8"), Decimal("0.20"), 417)
    assert "公务接待费减少0.8万元" in f.message


def test_seed_000_project_change_printed_in_yuan(seeds):
    r = seeds("000")
    f = only(r, "N004")  # "公务接待0元" is a zero and is not reported
    assert (f.severity, f.table, f.column) == ("错误", "narrative", "yoy_change_project")
    assert (f.expected, f.actual, f.source.line) == ("万元", "元", 44)
    # the sum of the change is not reported a second time under N002
    assert outcome(r, "N002") == "通过"


def test_seed_003_compares_with_two_years_before(seeds):
    f = only(seeds("003"), "N005")
    assert (f.severity, f.table, f.column) == ("错误", "narrative", "year")
    assert (f.expected, f.actual, f.source.line) == (Decimal(2019), Decimal(2018), 37)


def test_seed_000_operation_cost_differs_from_public_funds(seeds):
    f = only(seeds("000"), "N008")
    assert (f.severity, f.table, f.column) == ("警告", "narrative", "operation_cost")
    assert (f.expected, f.actual, f.source.line) == (Decimal("27.56"), Decimal("4.26"), 47)


# ---------------------------------------------------------------------------------------------
# genuine mistakes of the real PDFs


def test_real_01_fund_budget_of_zero_said_to_increase():
    f = only(real("01"), "N002")
    assert (f.severity, f.table, f.source.page) == ("错误", "narrative", 6)
    assert (f.expected, f.actual) == (Decimal("0"), Decimal("1421.25"))


def test_real_01_percentages_that_do_not_recompute():
    got = sorted((f.source.page, f.expected, f.actual) for f in findings(real("01"), "N006"))
    assert got == [(6, Decimal("289.12"), Decimal("314.82")), (7, Decimal("232.79"), Decimal("60.54"))]


def test_real_02_housing_fund_percentage():
    f = only(real("02"), "N006")
    assert (f.source.page, f.expected, f.actual) == (9, Decimal("1.19"), Decimal("0.53"))


def test_real_10_reason_left_empty():
    f = only(real("10"), "N007")
    assert (f.severity, f.table, f.source.page, f.actual) == ("警告", "narrative", 16, "主要原因是")


@pytest.mark.parametrize("prefix", ["01", "02", "04", "06", "08", "10"])
def test_real_pdfs_errors_are_the_genuine_ones(prefix):
    errors = sorted(f.rule for f in real(prefix).findings if f.severity == "错误")
    # N009: 01 and 02 restate an item's amount differently ("2023年预算安排441.25万元" under a 220.63 item),
    # 08 states 887.36 for 87.36 (printed on two pages), 10 states 738.66 for 696.48 (tests/test_claims.py)
    assert errors == {"01": ["N002", "N006", "N006", "N009"], "02": ["N006", "N009"], "08": ["N009", "N009"],
                      "10": ["N009"]}.get(prefix, [])


# ---------------------------------------------------------------------------------------------
# injected mistakes


def test_injected_figure_differs_from_table(tmp_path):
    text = replace_once(seed_text("001"), "人员经费331.80万元", "人员经费331.08万元")
    f = only(check_text(text, tmp_path, select=["N001"]), "N001")
    assert (f.column, f.expected, f.actual, f.source.line) == ("personnel", Decimal("331.80"), Decimal("331.08"), 405)


def test_injected_figure_one_cent_off_is_found(tmp_path):
    """Printed in the same unit to the same decimal, the text and the table round the same money the
    same way: a difference of 0.01 is a mistake, not rounding."""
    text = replace_once(seed_text("001"), "基本支出425.52万元", "基本支出425.53万元")
    f = only(check_text(text, tmp_path, select=["N001"]), "N001")
    assert (f.column, f.expected, f.actual, f.source.line) == ("basic", Decimal("425.52"), Decimal("425.53"), 405)


def test_figure_printed_to_fewer_decimals_agrees_within_its_rounding(tmp_path):
    text = replace_once(seed_text("001"), "基本支出425.52万元", "基本支出425.5万元")
    assert outcome(check_text(text, tmp_path, select=["N001"]), "N001") == "通过"


def test_injected_three_public_part_differs_from_table(tmp_path):
    text = replace_once(seed_text("001"), "公务接待费0.20万元", "公务接待费0.30万元")
    f = only(check_text(text, tmp_path, select=["N001"]), "N001")
    assert (f.column, f.expected, f.actual) == ("reception", Decimal("0.20"), Decimal("0.30"))


def test_injected_wan_written_as_yuan(tmp_path):
    text = replace_once(seed_text("001"), "项目支出增加15.91万元", "项目支出增加15.91元")
    r = check_text(text, tmp_path, select=["N"])
    f = only(r, "N004")
    assert (f.severity, f.column, f.expected, f.actual, f.source.line) == (
        "错误", "yoy_change_project", "万元", "元", 409)
    assert outcome(r, "N002") == "通过"


def test_injected_yuan_without_arithmetic_is_a_warning(tmp_path):
    text = replace_once(seed_text("001"), "机关运行经费共计安排93.72万元", "机关运行经费共计安排93.72元")
    f = only(check_text(text, tmp_path, select=["N004"]), "N004")
    assert (f.severity, f.column, f.source.line) == ("警告", "operation_cost", 413)


def test_injected_wrong_year(tmp_path):
    text = replace_once(seed_text("001"), "较2023年预算增加56.83万元", "较2022年预算增加56.83万元")
    f = only(check_text(text, tmp_path, select=["N005"]), "N005")
    assert (f.column, f.expected, f.actual, f.source.line) == ("year", Decimal(2023), Decimal(2022), 409)


@pytest.mark.parametrize("old,new,mark", [
    ("主要为结转上级资金增加", "主要为XX", "XX"),
    ("主要为结转上级资金增加", "主要为【】", "【】"),
    ("主要为结转上级资金增加", "主要为待填写", "待填写"),
    ("主要为结转上级资金增加", "主要原因是", "主要原因是"),
])
def test_injected_placeholder(tmp_path, old, new, mark):
    text = replace_once(seed_text("001"), old, new)
    f = only(check_text(text, tmp_path, select=["N007"]), "N007")
    assert (f.table, f.actual, f.source.line) == ("narrative", mark, 409)


def test_injected_wrong_direction_against_last_year(tmp_path):
    text = replace_once(seed_text("002"), "预算减少14.05万元", "预算增加14.05万元")
    f = only(check_text(text, tmp_path, select=["N002"]), "N002")
    assert (f.column, f.expected, f.actual, f.source.line) == (
        "yoy_change_total", Decimal("-14.05"), Decimal("14.05"), 1470)
    assert "方向写反" in f.message


def test_injected_wrong_direction_of_a_part(tmp_path):
    text = replace_once(seed_text("001"), "基本支出增加40.92万元", "基本支出减少40.92万元")
    f = only(check_text(text, tmp_path, select=["N002"]), "N002")
    assert (f.column, f.expected, f.actual, f.source.line) == (
        "yoy_change_total", Decimal("-25.01"), Decimal("56.83"), 409)


def test_injected_total_change_of_three_public(tmp_path):
    text = replace_once(seed_text("001"), "公务接待费比2023年减少0.8万元", "公务接待费比2023年增加0.20万元")
    assert outcome(check_text(text, tmp_path, select=["N003"]), "N003") == "通过"


@pytest.mark.parametrize("pct,bad", [("65.7", False), ("75.7", True)])
def test_injected_share_percentage(tmp_path, pct, bad):
    text = replace_once(seed_text("001"), "其中基本支出425.52万元，", f"其中基本支出425.52万元，占支出总额的{pct}%，")
    r = check_text(text, tmp_path, select=["N006"])
    if not bad:
        assert outcome(r, "N006") == "通过"
    else:
        f = only(r, "N006")
        assert (f.column, f.expected, f.actual, f.source.line) == ("percent", Decimal("65.7"), Decimal("75.7"), 405)


@pytest.mark.parametrize("pct,bad", [("9.6", False), ("10.6", True)])
def test_injected_growth_percentage(tmp_path, pct, bad):
    text = replace_once(seed_text("001"), "较2023年预算增加56.83万元，", f"较2023年预算增加56.83万元，增长{pct}%，")
    r = check_text(text, tmp_path, select=["N006"])
    if not bad:
        assert outcome(r, "N006") == "通过"
    else:
        f = only(r, "N006")
        assert (f.expected, f.actual, f.source.line) == (Decimal("9.6"), Decimal("10.6"), 409)


def test_injected_operation_cost_differs_from_public_funds(tmp_path):
    text = replace_once(seed_text("001"), "机关运行经费共计安排93.72万元", "机关运行经费共计安排90.72万元")
    f = only(check_text(text, tmp_path, select=["N008"]), "N008")
    assert (f.severity, f.column, f.expected, f.actual) == ("警告", "operation_cost", Decimal("93.72"), Decimal("90.72"))


# ---------------------------------------------------------------------------------------------
# what the recognizer gives these rules


def test_department_nature_from_the_institution_table(extracted):
    assert [extracted(p).department.nature for p in ("000", "001", "002", "003")] == ["行政", "行政", "行政", None]


def test_explanation_paragraphs_keep_their_lines(extracted):
    para = next(p for p in extracted("001").explanation if "与2023年相比增加0.20万元" in p.text)
    assert para.source.line == 417


def test_three_public_part_changes(extracted):
    n = extracted("001").narrative
    got = {k: (n[k].value, n[k].unit) for k in ("reception_change", "overseas_change",
                                                  "vehicle_purchase_and_operation_change")}
    assert got == {"reception_change": (Decimal("-0.8"), "万元"), "overseas_change": (Decimal(0), None),
                   "vehicle_purchase_and_operation_change": (Decimal(0), None)}
    assert extracted("000").narrative["three_public_change"].value == Decimal(0)  # "与上年相比无变化"
