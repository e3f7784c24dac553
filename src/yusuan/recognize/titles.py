"""The standard tables: their ids, how their titles vary, and their canonical columns.

Titles differ by region and year ("部门预算收支总表", "单位预算收支总表",
"2024年部门财务收支预算总表", "一般公共预算支出功能分类预算表" …); what stays is the
core phrase, so each table is recognised by a pattern over the title with
prefixes (numbering, year, 部门/单位预算) and whitespace removed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TableSpec:
    id: str
    name: str  # the standard Chinese name
    pattern: re.Pattern
    # canonical value columns in the standard's order, each with label synonyms (whitespace-free)
    columns: tuple[tuple[str, tuple[str, ...]], ...] = ()
    two_sided: bool = False  # 收支 tables print income and expenditure side by side
    classified: bool = True  # rows carry a 科目编码
    required: bool = True  # required by 《地方预决算公开操作规程》
    extra: dict = field(default_factory=dict)


def _p(rx: str) -> re.Pattern:
    return re.compile(rx)


# The function-classified expenditure tables: many regions split 基本支出 into 人员经费 and 公用经费,
# some under a 基本支出 group label with no column of its own.
_FUNCTION_COLUMNS = (
    ("total", ("合计", "总计", "小计", "金额")),
    ("basic", ("基本支出",)),
    ("personnel", ("人员经费", "人员经费支出")),
    ("public", ("公用经费", "日常公用经费", "公用经费支出")),
    ("project", ("项目支出",)),
    # Jiangsu splits spending in three: 基本支出 + 项目支出 + 单位预留机动经费.
    ("reserve", ("单位预留机动经费", "预留机动经费")),
)

# Spending by the source of its funds: 总计, then 财政拨款 (its 合计 and each fund), 财政专户, 事业收入
# and the rest.
_BY_SOURCE = (
    ("total", ("总计", "合计")),  # 总计 first: a 合计 may be 财政拨款's, under its group label
    ("fiscal_appropriation", ("财政拨款合计", "财政拨款小计", "财政拨款")),
    ("general_budget", ("一般公共预算", "一般公共预算拨款", "一般公共预算财政拨款")),
    ("government_fund", ("政府性基金预算", "政府性基金", "政府性基金预算拨款")),
    ("state_capital", ("国有资本经营预算", "国有资本经营预算拨款")),
    ("fiscal_special_account", ("财政专户拨款", "财政专户管理资金", "财政专户核拨")),
    ("business_income", ("事业收入",)),
    ("other_funds", ("其他资金", "单位资金", "其他收入")),
)

# The 决算 (final accounts) tables: what was received and spent in the year, printed by 部门决算 and
# 单位决算 in the national format of 财政部's 部门决算公开 tables. Their titles all say 决算, so they are
# tried before the budget tables (whose patterns would take "财政拨款“三公”经费支出决算表"). None is
# required: the completeness rule C001 holds a budget to its list, and says 不适用 for a 决算.
_FINAL_CARRY = (
    ("carry_in", ("年初结转和结余", "年初财政拨款结转和结余", "年初结转结余")),
    ("income", ("本年收入", "本年收入合计")),
    ("expenditure", ("本年支出", "本年支出合计")),
    ("basic", ("基本支出",)),
    ("project", ("项目支出",)),
    ("distribution", ("结余分配",)),
    ("carry_out", ("年末结转和结余", "年末财政拨款结转和结余", "年末结转结余")),
)
_FINAL_FUNCTION = (
    ("initial_budget", ("年初预算数", "年初预算")),
    ("annual_budget", ("全年预算数", "调整预算数", "预算数")),
    ("total", ("合计", "决算数", "本年支出合计", "小计", "金额")),
    ("basic", ("基本支出",)),
    ("project", ("项目支出",)),
)
FINAL_SPECS: tuple[TableSpec, ...] = (
    TableSpec(
        "final_fiscal_summary", "财政拨款收入支出决算总表",
        _p(r"(?<![算金营])财政拨款收入?支出?决算总?表"),
        columns=(
            ("total", ("合计", "小计", "决算数", "金额")),
            ("general_budget", ("一般公共预算财政拨款", "一般公共预算")),
            ("government_fund", ("政府性基金预算财政拨款", "政府性基金预算", "政府性基金")),
            ("state_capital", ("国有资本经营预算财政拨款", "国有资本经营预算")),
        ),
        two_sided=True, classified=False, required=False,
    ),
    TableSpec(
        "final_government_fund", "政府性基金预算财政拨款收入支出决算表",
        _p(r"政府性基金(预算)?(财政拨款)?(收入)?支出决算(明细)?表"),
        columns=_FINAL_CARRY, required=False,
    ),
    TableSpec(
        "final_state_capital", "国有资本经营预算财政拨款支出决算表",
        _p(r"国有资本经营预算(财政拨款)?(收入)?支出决算(明细)?表"),
        columns=_FINAL_CARRY, required=False,
    ),
    TableSpec(
        "final_general_budget_basic_expenditure", "一般公共预算财政拨款基本支出决算表",
        _p(r"一般公共预算(财政拨款)?基本支出决算(明细|经济分类)?表"),
        columns=(("total", ("决算数", "合计", "金额")),),
        required=False,
    ),
    TableSpec(
        "final_general_budget_expenditure", "一般公共预算财政拨款支出决算表",
        _p(r"一般公共预算(财政拨款)?支出决算(明细|功能分类)?表"),
        columns=_FINAL_FUNCTION, required=False,
    ),
    # The four-table set of central-level units (universities among them) prints one 财政拨款 table.
    TableSpec(
        "final_fiscal_expenditure", "财政拨款支出决算表",
        _p(r"(?<![算金营])财政拨款支出决算(明细|功能分类)?表"),
        columns=_FINAL_FUNCTION, required=False,
    ),
    TableSpec(
        "final_three_public", "财政拨款“三公”经费支出决算表",
        _p(r"三公[”\"]?经费.*决算.*表"),
        columns=(("budget", ("预算数", "全年预算数", "年初预算数")), ("final", ("决算数",))),
        classified=False, required=False,
    ),
    TableSpec(
        "final_income_expenditure_summary", "收入支出决算总表",
        _p(r"(?<!拨款)收入?支出?决算总表"),
        columns=(("total", ("决算数", "金额", "合计")),),
        two_sided=True, classified=False, required=False,
    ),
    TableSpec(
        "final_income", "收入决算表",
        _p(r"(?:^|年度?|部门|单位)收入决算(明细)?表$"),
        columns=(
            ("total", ("本年收入合计", "合计", "总计")),
            ("fiscal_appropriation", ("财政拨款收入", "财政拨款")),
            ("superior_subsidy", ("上级补助收入",)),
            ("business_income", ("事业收入",)),
            ("operating_income", ("经营收入",)),
            ("affiliated_remittance", ("附属单位上缴收入",)),
            ("other_income", ("其他收入",)),
        ),
        required=False,
    ),
    TableSpec(
        "final_expenditure", "支出决算表",
        _p(r"(?:^|年度?|部门|单位)支出决算(明细)?表$"),
        columns=(
            ("total", ("本年支出合计", "合计", "总计")),
            ("basic", ("基本支出",)),
            ("project", ("项目支出",)),
            ("remit_to_superior", ("上缴上级支出", "上解上级支出")),
            ("operating_expenditure", ("经营支出",)),
            ("subsidy_to_affiliates", ("对附属单位补助支出",)),
        ),
        required=False,
    ),
)
FINAL_IDS = frozenset(s.id for s in FINAL_SPECS)

SPECS: tuple[TableSpec, ...] = FINAL_SPECS + (
    TableSpec(
        "fiscal_appropriation_summary", "财政拨款收支总表",
        _p(r"财政拨款收支(预算)?(总表|表)"),
        columns=(
            ("total", ("合计", "金额", "预算数", "小计")),
            ("general_budget", ("一般公共预算财政拨款", "一般公共预算", "一般公共预算拨款", "一般公共预算资金")),
            ("government_fund", ("政府性基金预算财政拨款", "政府性基金预算", "政府性基金", "政府性基金预算拨款")),
            ("state_capital", ("国有资本经营预算财政拨款", "国有资本经营预算", "国有资本经营预算拨款")),
        ),
        two_sided=True, classified=False,
    ),
    TableSpec(
        "income_expenditure_summary", "收支总表",
        _p(r"(?<!拨款)(财务)?收支(预算)?总表"),
        # A 单位预算 with 事业收入 splits the expenditure side's amount into 基本支出 (人员经费,
        # 公用经费) and 项目支出.
        columns=(("total", ("预算数", "金额", "合计")), ("basic", ("基本支出",)), ("personnel", ("人员经费",)),
                 ("public", ("公用经费",)), ("project", ("项目支出",)),
                 ("reserve", ("单位预留机动经费", "预留机动经费"))),
        two_sided=True, classified=False,
    ),
    TableSpec(
        "income_summary", "收入总表",
        # The central-level four-table set names it "收入预算表" (no 总).
        _p(r"收入(预算)?总表|(?:^|年度?|部门|单位)收入预算表$"),
        columns=(
            ("total", ("合计", "总计")),
            ("subtotal", ("小计", "本年收入小计", "本年收入合计")),
            ("fiscal_appropriation", ("财政拨款收入", "财政拨款", "财政拨款(补助)收入")),
            # 财政拨款 printed by fund, in place of (or under) one 财政拨款收入 column
            # (a fund's bare name, "一般公共预算", is its column under a 财政拨款 group)
            ("general_budget", ("一般公共预算拨款收入", "一般公共预算拨款", "一般公共预算财政拨款收入", "一般公共预算收入",
                                "一般公共预算", "一般公共预算资金")),
            ("government_fund", ("政府性基金预算拨款收入", "政府性基金预算拨款", "政府性基金预算财政拨款收入",
                                 "政府性基金预算收入", "政府性基金预算", "政府性基金")),
            ("state_capital", ("国有资本经营预算拨款收入", "国有资本经营预算拨款", "国有资本经营预算财政拨款收入",
                               "国有资本经营预算收入", "国有资本经营预算", "国有资本经营")),
            ("fiscal_special_account", ("财政专户收入", "财政专户管理资金收入", "财政专户管理资金", "财政专户核拨")),
            # 财政专户 printed in two parts under its group label, without a 小计 (Guangdong)
            ("special_account_tuition", ("教育收费", "专户管理教育收费", "教育收费收入")),
            ("special_account_other", ("其他专户收入拨款", "其他专户收入", "其他专户管理收入")),
            ("business_income", ("事业收入",)),
            ("operating_income", ("经营收入", "事业单位经营收入")),
            ("superior_subsidy", ("上级补助收入",)),
            ("affiliated_remittance", ("附属单位上缴收入",)),
            ("other_income", ("其他收入",)),
            ("carryover", ("上年结转", "上年结转结余", "上年结转收入")),
            # A 事业单位 covers a shortfall from its 事业基金: money beside this year's income, like the carry-over.
            ("fund_offset", ("用事业基金弥补收支差额", "用事业基金弥补收支缺口", "使用非财政拨款结余")),
        ),
    ),
    TableSpec(
        "expenditure_summary", "支出总表",
        _p(r"支出(预算)?总表|(?:^|年度?|部门|单位)支出预算表$"),
        columns=(
            # Fujian heads the total column 小计 (no group above it).
            ("total", ("合计", "总计", "小计")),
            ("basic", ("基本支出",)),
            # 基本支出 split into 人员经费 and 公用经费, under a 基本支出 group or beside it
            ("personnel", ("人员经费", "人员经费支出")),
            ("public", ("公用经费", "日常公用经费", "公用经费支出")),
            ("project", ("项目支出",)),
            ("reserve", ("单位预留机动经费", "预留机动经费")),
            ("operating_expenditure", ("经营支出", "事业单位经营支出")),
            ("remit_to_superior", ("上解上级支出", "上缴上级支出", "上缴上级")),
            ("subsidy_to_affiliates", ("对附属单位补助支出", "对附属单位补助")),
        ),
    ),
    TableSpec(
        "general_budget_basic_expenditure", "一般公共预算财政拨款基本支出表",
        _p(r"一般公共预算(财政拨款)?基本支出(部门预算)?(经济分类)?(预算)?(明细)?表"),
        columns=(
            ("total", ("合计", "总计", "小计", "预算数", "金额")),
            ("personnel", ("人员经费", "人员经费支出")),
            ("public", ("公用经费", "日常公用经费", "公用经费支出")),
        ),
    ),
    TableSpec(
        "general_budget_expenditure", "一般公共预算财政拨款支出表",
        _p(r"一般公共预算(财政拨款)?(拨款)?支出(功能分类)?(预算)?表"),
        columns=_FUNCTION_COLUMNS,
    ),
    TableSpec(
        "government_fund_expenditure", "政府性基金预算财政拨款支出表",
        _p(r"政府性?基金(预算)?(财政拨款)?(拨款)?(收支|支出)(功能分类)?(预算)?表"),
        columns=_FUNCTION_COLUMNS,
    ),
    TableSpec(
        "state_capital_expenditure", "国有资本经营预算财政拨款支出表",
        _p(r"国有资本经营预算(财政拨款)?(拨款)?(收支|支出)(功能分类)?(预算)?表"),
        columns=_FUNCTION_COLUMNS,
        # Not in the list of 《地方预决算公开操作规程》 第十一条 (eight tables, the 政府性基金 one the last):
        # many regions print it, others (Jiangsu's and Chongqing's sets among them) do not.
        required=False,
    ),
    # Jiangsu prints the two 财政拨款 tables (all funds together) before the 一般公共预算 ones:
    # "财政拨款支出表（功能科目）" and "财政拨款基本支出表（经济科目）". The fund-specific tables above are
    # tried first; these take a 财政拨款 not preceded by a fund's name.
    TableSpec(
        "fiscal_appropriation_basic_expenditure", "财政拨款基本支出表",
        _p(r"(?<![算金营])财政拨款基本支出(经济分类)?(预算)?表"),
        columns=(
            ("total", ("合计", "小计", "金额", "基本支出")),
            ("personnel", ("人员经费", "人员经费支出")),
            ("public", ("公用经费", "日常公用经费", "公用经费支出")),
        ),
        required=False,
    ),
    TableSpec(
        "fiscal_appropriation_expenditure", "财政拨款支出表",
        _p(r"(?<![算金营])财政拨款(预算)?支出(功能分类)?(预算)?表"),
        columns=_FUNCTION_COLUMNS,
        required=False,
    ),
    # The 基本支出 by function class beside the one by economic class (Shaanxi's 部门综合预算 set prints both,
    # "…基本支出明细表（按支出功能分类科目）" and "…（按支出经济分类科目）"): told apart by the bracket, see
    # match_title.
    TableSpec(
        "general_budget_basic_function_expenditure", "一般公共预算基本支出功能分类表",
        re.compile(r"(?!)"),
        columns=(
            ("total", ("合计", "总计", "小计", "预算数", "金额")),
            ("personnel", ("人员经费", "人员经费支出")),
            ("public", ("公用经费", "日常公用经费", "公用经费支出")),
        ),
        required=False,
    ),
    # Some regions add the 一般公共预算 spending by economic class (all of it, not only 基本支出), or its
    # 项目支出 by economic class.
    TableSpec(
        "general_budget_economic_expenditure", "一般公共预算支出经济分类表",
        _p(r"一般公共预算(财政拨款)?(拨款)?支出(部门预算)?经济分类(预算)?表"),
        columns=_FUNCTION_COLUMNS,
        required=False,
    ),
    TableSpec(
        "general_budget_project_expenditure", "一般公共预算项目支出表",
        _p(r"一般公共预算(财政拨款)?(拨款)?项目支出(经济分类)?(预算)?表"),
        columns=(("total", ("合计", "小计", "金额", "项目支出")),),
        required=False,
    ),
    TableSpec(
        "three_public_expenses", "财政拨款“三公”经费支出表",
        _p(r"三公[”\"]?经费.*表"),
        columns=(
            ("total", ("合计", "小计", "预算数", "金额")),
            ("general_budget", ("一般公共预算财政拨款", "一般公共预算", "一般公共预算拨款")),
            ("government_fund", ("政府性基金预算拨款", "政府性基金", "政府性基金预算财政拨款", "政府性基金预算")),
            ("state_capital", ("国有资本经营预算财政拨款", "国有资本经营预算", "国有资本经营预算拨款")),
        ),
        classified=False,
    ),
    # 机关运行经费 printed as a table of its own (economic codes of 302 with one amount); after the
    # 三公 table, whose Shanghai title "“三公”经费和机关运行经费预算表" names both.
    TableSpec(
        "operation_cost", "机关运行经费支出表",
        _p(r"机关运行经费(支出)?(预算)?表"),
        columns=(("total", ("机关运行经费支出", "机关运行经费", "合计", "金额", "预算数")),),
        required=False,
    ),
    TableSpec(
        "government_procurement", "政府采购预算表",
        _p(r"政府采购(支出)?(预算)?(表|明细表)?$"),
        columns=(
            ("quantity", ("数量",)),
            ("unit_price", ("单价",)),
            ("total", ("合计", "政府采购金额", "总计")),
            ("general_budget", ("一般公共预算拨款", "一般公共预算资金", "一般公共预算", "一般公共预算拨款收入")),
            ("government_fund", ("基金预算拨款", "政府性基金预算拨款", "政府性基金", "政府性基金预算",
                                 "政府性基金预算拨款收入")),
            ("state_capital", ("国有资本经营预算拨款", "国有资本经营预算", "国有资本经营预算拨款收入")),
            ("fiscal_special_account", ("财政专户核拨", "财政专户管理资金", "财政专户管理资金收入")),
            ("unit_funds", ("单位资金", "其他来源收入", "其他资金")),
            # Chongqing prints the procurement by every source of income, as its 收入总表.
            ("business_income", ("事业收入",)),
            ("operating_income", ("事业单位经营收入", "经营收入")),
            ("superior_subsidy", ("上级补助收入",)),
            ("affiliated_remittance", ("附属单位上缴收入",)),
            ("other_income", ("其他收入",)),
            ("carryover", ("上年结转和结余资金", "上年结转结余", "上年结转")),
        ),
        # 《地方预决算公开操作规程》 asks for procurement to be explained, not for this table; some
        # provinces add it to their own list.
        classified=False, required=False,
    ),
    # Spending by source of funds, the rows the units and their projects rather than 科目: Guangdong's
    # "部门预算基本支出预算表" and "部门预算项目支出及其他支出预算表" (总计 = 财政拨款 + 财政专户拨款 + 其他资金).
    # Titles with a fund's or 财政拨款's name are taken by the tables above.
    TableSpec(
        "basic_expenditure_by_source", "基本支出预算表（按资金来源）",
        _p(r"^(部门|单位)?(预算)?基本支出(预算)?表$"),
        columns=_BY_SOURCE, classified=False, required=False,
    ),
    TableSpec(
        "project_expenditure_by_source", "项目支出预算表（按资金来源）",
        _p(r"(?:^|年度?)(部门|单位)?(综合)?(预算)?(项目支出(及其他支出)?|专项业务经费支出)(预算)?表$"),
        columns=_BY_SOURCE, classified=False, required=False,
    ),
    TableSpec(
        "fixed_assets", "固定资产占用情况表",
        _p(r"(固定|国有)资产(占用|配置)?(情况)?表"),
        columns=(("quantity", ("数量",)), ("value", ("价值", "价值（金额单位：万元）", "价值(金额单位:万元)", "金额"))),
        classified=False, required=False,
    ),
)

# The performance target forms are tables of the disclosure too, but of words, not money: the forms are
# read into ``projects`` and ``overall_targets`` (recognize/projects.py), and the list of tables only
# says that they are printed. Titles with 绩效 never reach the patterns above (see match_title).
TARGET_SPECS: tuple[TableSpec, ...] = (
    TableSpec("overall_performance_targets", "部门整体绩效目标表", _p(r"整体.*绩效目标.*表"),
              classified=False, required=False),
    TableSpec("special_fund_performance_targets", "专项资金绩效目标表", _p(r"专项资金.*绩效目标.*表"),
              classified=False, required=False),
    TableSpec("project_performance_targets", "项目支出绩效目标表", _p(r"绩效目标.*表"),
              classified=False, required=False),
)
TARGET_IDS = frozenset(s.id for s in TARGET_SPECS)
SPECS += TARGET_SPECS

SPEC_BY_ID = {s.id: s for s in SPECS}

# The four-table set of central-level units (中央部门所属单位, universities among them), budget and final, and
# the tables only the local standard has: a document printing the set's 财政拨款 table and none of those is
# held to the set (C001, the transparency score).
CENTRAL_SETS = {
    "budget": ("income_expenditure_summary", "income_summary", "expenditure_summary",
               "fiscal_appropriation_expenditure"),
    "final": ("final_income_expenditure_summary", "final_income", "final_expenditure", "final_fiscal_expenditure"),
}
LOCAL_ONLY = {
    "budget": ("fiscal_appropriation_summary", "general_budget_expenditure", "general_budget_basic_expenditure",
               "government_fund_expenditure", "three_public_expenses"),
    "final": ("final_fiscal_summary", "final_general_budget_expenditure", "final_general_budget_basic_expenditure",
              "final_government_fund", "final_three_public"),
}


def is_central_set(present: set[str], kind: str) -> bool:
    """Whether the tables ``present`` are a central-level unit's set (``kind``: budget or final)."""
    return CENTRAL_SETS[kind][-1] in present and not present & set(LOCAL_ONLY[kind])

# A table number never takes the 一 of 一般公共预算 ("表五 一般公共预算…" is 表五, not 表五一).
_PREFIX = re.compile(
    r"^((附件|附表|表|(?:预算|公开)\d+表)(?:\d+|[一二三四五六七八九十]+(?!般))?([-—－]\d+)?[：:、.．]?|[(（]?[一二三四五六七八九十\d]+[)）.．、]|\d+[-—.．、]?\d*)*\s*"
)
# A sub-table named after its standard table: the table's name, a dash, then what part of it is printed (no
# table name there: "公开01表—收支总表" is a label and a title).
_SUB_TABLE = re.compile(r"[\u4e00-\u9fff]表\s*[-—－]{1,2}\s*[\u4e00-\u9fff][^表]*$")
_TOC_LEADER = re.compile(r"(\.{4,}|…{2,}|·{4,})")
_MAX_TITLE = 48


def title_key(text: str) -> str:
    return re.sub(r"\s+", "", text)


@lru_cache(maxsize=8192)  # running headers and repeated titles come back on every page
def match_title(text: str) -> TableSpec | None:
    """The table a line is the title of, or None. Table-of-contents entries never match."""
    if not text or "表" not in text and "预算" not in text and "）" not in text and ")" not in text:
        return None  # a title ends in 表, 预算 or a bracket (checked below): most lines have none of them
    if _TOC_LEADER.search(text):
        return None
    key = _PREFIX.sub("", title_key(text))
    if len(key) > _MAX_TITLE or any(p in key for p in "，。；："):
        return None
    if not key.endswith(("表", "预算", "）", ")")):
        return None
    if "说明" in key or "目录" in key or "绩效" in key:
        return None
    if _SUB_TABLE.search(key):
        return None  # "一般公共预算基本支出表--人员经费(…)": a part of a standard table, printed by its own grid
    key, hint = _core(key)
    for spec in SPECS:
        if spec.pattern.search(key):
            if hint and "经济" in hint and spec.id == "general_budget_expenditure":
                return SPEC_BY_ID["general_budget_economic_expenditure"]
            if hint and "功能" in hint and spec.id == "general_budget_basic_expenditure":
                return SPEC_BY_ID["general_budget_basic_function_expenditure"]
            return spec
    return None


# A classification named after the title: "（功能科目）", "（经济科目）", "（按功能分类科目）".
_HINT = re.compile(r"[（(](?P<hint>[^（()）]{1,12})[)）]$")
_CLASS_WORDS = ("科目", "分类", "功能", "经济")
_INNER = re.compile(r"[（(][^（()）]{1,12}[)）](?=\S)")
# Words a region adds to a standard name without changing the table: "收支总体情况表" is the 收支总表,
# "一般公共预算支出情况表" the 一般公共预算支出表, "政府采购预算明细表" the 政府采购预算表.
_WORDING = ((re.compile(r"总体情况表$"), "总表"), (re.compile(r"(?:情况|明细)表$"), "表"))


def _core(key: str) -> tuple[str, str | None]:
    """The title's core phrase and the classification printed after it in brackets, if any.

    Brackets only qualify the name: after it, the classification ("（按支出功能分类科目）") and the scope
    ("（不含上年结转）"), in either order; inside it, what the table covers ("政府采购（资产配置、购买服务）预算表")."""
    hint = None
    while m := _HINT.search(key):
        if hint is None and any(w in m.group("hint") for w in _CLASS_WORDS):
            hint = m.group("hint")
        key = key[:m.start()]
    key = _INNER.sub("", key)
    for rx, repl in _WORDING:
        key = rx.sub(repl, key)
    return key, hint


def target_tables(projects, overall) -> list:
    """The performance target forms in the list of tables, without rows: their content is in
    ``projects`` and ``overall_targets``. The overall targets are one form, under its printed title; the
    project forms, one per project, are named together by the standard name, the forms of the special
    funds a department manages (专项资金) apart from those of its projects."""
    from yusuan.model import Table

    out = []
    if overall:
        title = (overall[0].title or "").strip() or SPEC_BY_ID["overall_performance_targets"].name
        out.append(Table(id="overall_performance_targets", title=title, money_unit=overall[0].money_unit,
                         source=overall[0].source))
    for table_id, kind in (("special_fund_performance_targets", "special_fund"),
                           ("project_performance_targets", "project")):
        forms = [p for p in projects if p.kind == kind]
        if forms:
            out.append(Table(id=table_id, title=SPEC_BY_ID[table_id].name, money_unit=forms[0].money_unit,
                             source=forms[0].source))
    return out
