"""Narrative against tables: what the explanation text says against what the tables print.

Every figure the explanation states is read by :mod:`yusuan.recognize.narrative` (a key such as
``income_total`` → value, unit, sentence, line/page); the explanation's paragraphs themselves are kept
in ``Disclosure.explanation`` for what is not a keyed figure (percentages, years, placeholders).
Issues that belong to a sentence are placed at ``table="narrative"`` with the sentence's line or
page and the narrative key as the column.

A stated figure is rounded to the decimals it prints, and so is the table figure: printed in the same
unit to the same decimal they must be equal; otherwise two printed amounts agree when they differ by
no more than half a unit of each one's last decimal. A table
printed in 元 is compared with a sentence in 万元 by converting (1万元 = 10000元); a sentence that
prints 元 in a document written in 万元 is a different question, left to N004.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

from yusuan.model import StatedFigure, Table
from yusuan.recognize.paragraphs import END as _PARAGRAPH_END
from yusuan.recognize.paragraphs import ITEM_START as _ITEM_START
from yusuan.rules.context import Context, convert
from yusuan.rules.engine import Issue, MissingData, NotApplicable, rule
from yusuan.rules.hierarchy import is_total
from yusuan.rules.rounding import ZERO, decimals, half_unit
from yusuan.rules.sums import three_public_items

_REG = "《地方预决算公开操作规程》（财预〔2016〕143号）：部门预算公开应当对本部门收支预算、“三公”经费等情况作出说明，说明与公开表格一致"

LABELS = {
    "income_total": "收入预算合计", "general_budget_income": "一般公共预算收入",
    "government_fund_income": "政府性基金预算收入", "state_capital_income": "国有资本经营预算收入",
    "fiscal_special_account_income": "财政专户管理资金收入", "unit_funds_income": "单位资金收入",
    "business_income": "事业收入", "carryover": "上年结转", "expenditure_total": "支出预算合计",
    "basic": "基本支出", "personnel": "人员经费", "public": "公用经费", "project": "项目支出",
    "three_public_total": "“三公”经费", "overseas": "因公出国（境）费",
    "vehicle_purchase_and_operation": "公务用车购置及运行维护费", "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费", "reception": "公务接待费", "operation_cost": "机关运行经费",
    "fixed_assets_total": "固定资产总额", "procurement_total": "政府采购预算总额",
    "yoy_change_total": "收支总额比上年增减", "yoy_change_basic": "基本支出比上年增减",
    "yoy_change_project": "项目支出比上年增减", "three_public_change": "“三公”经费比上年增减",
    "overseas_change": "因公出国（境）费比上年增减",
    "vehicle_purchase_and_operation_change": "公务用车购置及运行维护费比上年增减",
    "vehicle_purchase_change": "公务用车购置费比上年增减", "vehicle_operation_change": "公务用车运行维护费比上年增减",
    "reception_change": "公务接待费比上年增减", "operation_cost_change": "机关运行经费比上年增减",
    "planned_fixed_assets": "拟购置固定资产",
    # figures only the claims of the explanation resolve to (N012), never kept in ``narrative``
    "fiscal_total": "财政拨款收支总计", "general_budget_expenditure": "一般公共预算财政拨款支出",
    "government_fund_expenditure": "政府性基金预算财政拨款支出", "state_capital_expenditure": "国有资本经营预算财政拨款支出",
    "general_budget_basic": "一般公共预算财政拨款基本支出",
    "reserve": "单位预留机动经费", "fiscal_basic": "财政拨款基本支出", "meeting": "会议费", "training": "培训费",
    "procurement_goods": "政府采购货物预算", "procurement_works": "政府采购工程预算",
    "procurement_services": "政府采购服务预算", "procurement_sme": "面向中小企业预留的政府采购预算",
    "procurement_small_micro": "预留给小型和微型企业的政府采购预算",
    "target_projects": "编报绩效目标的项目个数", "target_amount": "编报绩效目标的项目涉及的预算资金",
    "target_overall": "整体支出纳入绩效目标管理涉及的资金",
    "operating_expenditure": "事业单位经营支出", "remit_to_superior": "上缴上级支出",
    "subsidy_to_affiliates": "对附属单位补助支出", "year_end_carryover": "年终结转结余",
    "carryover_general_budget": "上年结转结余的一般公共预算收入",
    "carryover_government_fund": "上年结转结余的政府性基金预算收入",
    "carryover_state_capital": "上年结转结余的国有资本经营预算收入",
    "carryover_special_account": "上年结转结余的财政专户管理资金", "carryover_unit_funds": "上年结转结余的单位资金",
    **{f"spending_plan_q{i}": f"第{q}季度用款计划" for i, q in enumerate("一二三四", 1)},
    "entrusted_services": "委托业务费",
    "vehicles": "车辆", "planned_vehicles": "预算安排购置的车辆", "equipment": "设备",
    "planned_equipment": "预算安排购置的设备", "assets": "资产", "units": "机构和单位",
}

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_YEAR = re.compile(r"(?:19|20)\d\d(?=\s*年)")


# ----------------------------------------------------------------------------------------------
# shared helpers


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def slack(a: Decimal, unit_a: str | None, b: Decimal, unit_b: str | None) -> Decimal:
    """How far two printed amounts of the same money may differ, in ``unit_a``: half a unit of
    each one's last printed decimal."""
    return half_unit([a]) + convert(half_unit([b]), unit_b, unit_a)


def agrees(a: Decimal, unit_a: str | None, b: Decimal, unit_b: str | None) -> bool:
    """Whether two printed amounts can be the same money. Printed in the same unit to the same decimal,
    both are that money rounded the same way, so they must be equal; otherwise each may be off by half
    a unit of its own last decimal."""
    if unit_a == unit_b and decimals(a) == decimals(b):
        return a == b
    return abs(a - convert(b, unit_b, unit_a)) <= slack(a, unit_a, b, unit_b)


def sums_to(total: Decimal, parts: list[Decimal]) -> bool:
    """Whether printed ``parts`` add up to printed ``total`` within their rounding."""
    s = sum(parts, ZERO)
    return abs(total - s) <= sum((half_unit([v]) for v in (total, *parts) if v != 0), ZERO)


def show(v: Decimal | None, unit: str | None) -> str:
    if v is None:
        return "空白"
    return f"{v}{unit or ''}"


def signed(v: Decimal, unit: str | None) -> str:
    if v > 0:
        return f"增加{v}{unit or ''}"
    if v < 0:
        return f"减少{-v}{unit or ''}"
    return "持平"


def at(fig: StatedFigure, key: str | None, message: str, *, expected=None, actual=None, severity=None) -> Issue:
    """An issue placed at the sentence that states ``fig``."""
    return Issue(message=message, table="narrative", line=fig.source.line, page=fig.source.page, file=fig.source.file,
                 column=key, expected=expected, actual=actual, severity=severity)


@dataclass(slots=True)
class Sentence:
    text: str
    line: int | None
    page: int | None
    file: str | None = None


def paragraphs(ctx: Context) -> list[Sentence]:
    """The explanation's paragraphs, a line that a PDF wrapped mid-sentence joined back to the
    paragraph it continues (:func:`yusuan.recognize.paragraphs.continues`)."""
    return ctx.memo("paragraphs", lambda: _paragraphs(ctx))


def _paragraphs(ctx: Context) -> list[Sentence]:
    out: list[Sentence] = []
    prev = None
    for text, page, line, file in ctx.passages():
        # recognize.paragraphs.continues, written out: it is asked once per line of every explanation
        if (prev is not None and prev.text[-1] not in _PARAGRAPH_END and prev.file == file
                and prev.page is not None and page is not None and (page == prev.page or page == prev.page + 1)
                and not _ITEM_START.match(text)):
            prev.text += text
            continue
        prev = Sentence(text, line, page, file)
        out.append(prev)
    return out


def sentences(ctx: Context, split: str = "。！？!?", containing: tuple[str, ...] | re.Pattern = ()) -> list[Sentence]:
    """The explanation cut at ``split``, computed once per check for each way of cutting it; with
    ``containing`` (strings, or a pattern that a sentence it matches also matches in its paragraph),
    only the paragraphs holding one of those are cut: a rule that reads only percentages need not
    cut the rest."""
    return ctx.memo(("sentences", split, containing), lambda: _sentences(ctx, split, containing))


def _sentences(ctx: Context, split: str, containing: tuple[str, ...] | re.Pattern) -> list[Sentence]:
    paras = paragraphs(ctx)
    texts = ctx.memo("paragraph_texts", lambda: [p.text for p in paras])
    # Substring tests where the paragraphs are chosen by words: they cost far less than a search.
    if isinstance(containing, re.Pattern):
        chosen = [i for i, text in enumerate(texts) if _found_in(containing, text)]
    elif len(containing) == 1:
        word = containing[0]
        chosen = [i for i, text in enumerate(texts) if word in text]
    elif containing:
        hit: set[int] = set()
        for word in containing:  # one pass per word: cheaper than any() over the words for every paragraph
            hit.update([i for i, text in enumerate(texts) if word in text])
        chosen = sorted(hit)
    else:
        chosen = range(len(texts))
    # Each paragraph is cut once per way of cutting, whichever rules ask for its sentences.
    cut = ctx.memo(("cut", split), lambda: [None] * len(paras))
    out = []
    for i in chosen:
        pieces = cut[i]
        if pieces is None:
            para = paras[i]
            pieces = cut[i] = _cut_sentences(split, para.text, para.line, para.page)
        out.extend(pieces)
    return out


@lru_cache(maxsize=16384)  # documents of one template repeat their paragraphs, most at the same line
def _cut_sentences(split: str, text: str, line: int | None, page: int | None) -> tuple[Sentence, ...]:
    """The sentences of one paragraph; shared by every check that meets the paragraph, so never changed."""
    return tuple(Sentence(piece, line, page) for piece in _cut(split, text))


@lru_cache(maxsize=16384)  # a pure function of the text: the same paragraph recurs in documents of one template
def _cut(split: str, text: str) -> tuple[str, ...]:
    """The sentences of ``text``, cut at ``split``, stripped, none empty."""
    return tuple(piece for piece in map(str.strip, _sentence_pattern(split).findall(text)) if piece)


def _found_in(pattern: re.Pattern, text: str) -> bool:
    """Whether ``pattern`` finds something in ``text``, remembered: the same paragraph recurs in documents of one
    template. Kept by the pattern's text and flags, not the pattern: hashing a compiled pattern hashes its
    whole compiled code, which costs more than many a search."""
    key = (pattern.pattern, pattern.flags, text)
    found = _FOUND.get(key)
    if found is None:
        if len(_FOUND) >= 16384:
            _FOUND.clear()
        found = _FOUND[key] = pattern.search(text) is not None
    return found


_FOUND: dict[tuple[str, int, str], bool] = {}


@lru_cache(maxsize=8)
def _sentence_pattern(split: str) -> re.Pattern:
    return re.compile(f"[^{split}]+[{split}]?")


def sentence_issue(s: Sentence, message: str, *, column=None, expected=None, actual=None, severity=None) -> Issue:
    return Issue(message=message, table="narrative", line=s.line, page=s.page, file=s.file, column=column,
                 expected=expected, actual=actual, severity=severity)


# ----------------------------------------------------------------------------------------------
# N001: stated figures against the tables


@dataclass
class Source:
    table: Table
    value: Decimal | None  # None: the cell is blank (only from a place's ``blank`` lookup)
    where: str  # 表名 + 行 + 栏, for the message
    exact: bool = False  # a table printed empty: exactly nothing, no rounding to allow for
    derived: bool = False  # added up from the table's rows (人员经费 = 301 + 303), not printed as one figure


def source_agrees(value: Decimal, unit: str | None, s: Source) -> bool:
    """Whether a stated amount can be the figure a table prints at ``s``."""
    if s.exact:
        return value == 0
    return agrees(value, unit, s.value, s.table.money_unit)


_SPACE = re.compile(r"[\s\u3000]")


@lru_cache(maxsize=4096)
def _compact(name: str) -> str:
    return _SPACE.sub("", name)


def _cell(ctx: Context, t: Table | None, pick, column: str, side: str | None = None) -> Source | None:
    """The value of the first row ``pick`` accepts; None when the table, row or column is missing, the
    row is displaced or the cell is blank — a blank is no figure to compare a statement with (a misread
    column reads as blanks), so only a table printed empty counts as 0."""
    if t is None:
        return None
    if not t.rows and t.empty_note:
        return Source(t, ZERO, f"{t.title}（空表列示）", exact=True)
    labels = _labels(ctx, t)
    if column not in labels:
        return None
    r = _first(ctx, t, pick, side)
    if r is None or ctx.shifted(t, r):
        return None
    v = r.values.get(column)
    if v is None:
        return None
    return Source(t, v, f"{t.title}“{r.name.strip()}”{labels[column]}栏")


def _blank_cell(ctx: Context, t: Table | None, pick, column: str, side: str | None = None) -> Source | None:
    """The row ``pick`` accepts when its cell in ``column`` is blank while other rows of the column print
    figures (the column was read), the row is in place and the table was read without doubts."""
    if t is None or t.reading != "read":
        return None
    labels = _labels(ctx, t)
    if column not in labels or not any(r.values.get(column) is not None for r in t.rows):
        return None
    r = _first(ctx, t, pick, side)
    if r is None or ctx.shifted(t, r) or r.values.get(column) is not None:
        return None
    return Source(t, None, f"{t.title}“{r.name.strip()}”{labels[column]}栏")


def _labels(ctx: Context, t: Table) -> dict[str, str]:
    """The table's columns: id → label (the first column of an id, as a search along them finds it)."""
    return ctx.memo(("labels", id(t)), lambda: _first_labels(t))


def _first_labels(t: Table) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in t.columns:
        out.setdefault(c.id, c.label)
    return out


def _first(ctx: Context, t: Table, pick, side: str | None):
    """The first row of ``side`` (any side: None) that ``pick`` accepts, found once per check: the places of
    several figures look along the same rows for the same one (the 合计 row, say)."""
    return ctx.memo(("first", id(t), pick, side), lambda: next((r for r in _side_rows(ctx, t, side) if pick(r)), None))


def _side_rows(ctx: Context, t: Table, side: str | None) -> list:
    """The table's rows of one side (any side: None), sorted out once per check for every place looked up there."""
    if side is None:
        return t.rows
    return ctx.memo(("side_rows", id(t), side), lambda: [r for r in t.rows if r.side == side])


@lru_cache(maxsize=64)
def _named(rx: str):
    c = re.compile(rx)
    return lambda r: bool(c.search(_compact(r.name)))


def _three_public(ctx: Context, role: str) -> Source | None:
    t = ctx.table("three_public_expenses")
    if t is None:
        return None
    values = [v for r in t.rows for v in r.values.values() if v is not None]
    if t.empty_note and not values:
        return Source(t, ZERO, f"{t.title}（空表列示）", exact=True)
    roles = ctx.memo("three_public_items", lambda: three_public_items(t))
    if role == "vehicle" and "vehicle" not in roles:
        return None
    r = roles.get(role)
    if r is None:
        return None
    col = "total" if any(c.id == "total" for c in t.columns) else (t.columns[0].id if t.columns else "total")
    v = r.values.get(col)
    if v is None and r.values.get("general_budget") is not None:
        v = r.values["general_budget"]
    if v is None:
        return None
    return Source(t, v, f"{t.title}“{r.name.strip()}”")


def _three_public_blank(ctx: Context, role: str) -> Source | None:
    """The 三公 item's row when every cell of it is blank in a table that prints figures elsewhere."""
    t = ctx.table("three_public_expenses")
    if t is None or t.reading != "read" or not any(v is not None for r in t.rows for v in r.values.values()):
        return None
    r = ctx.memo("three_public_items", lambda: three_public_items(t)).get(role)
    if r is None or ctx.shifted(t, r) or any(v is not None for v in r.values.values()):
        return None
    return Source(t, None, f"{t.title}“{r.name.strip()}”")


_ECON_CLASS_NAMES = {"301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助", "310": "资本性支出"}


def _econ_classes(*codes: str):
    """A place for 人员经费 or 公用经费 in a 基本支出 table that prints the economic classes but no such columns:
    the sum of the classes' rows (301 + 303; 302, or 302 + 310), each found by its code or its name."""
    def place(ctx: Context) -> Source | None:
        t = ctx.table(_BASIC)
        if t is None or any(c.id in ("personnel", "public") for c in t.columns):
            return None
        found: dict[str, Decimal] = {}
        for r in t.rows:
            code = (r.code or "").strip()
            name = _compact(r.name)
            for k in codes:
                if k not in found and (code == k or not code and name.endswith(_ECON_CLASS_NAMES[k])):
                    if ctx.shifted(t, r) or r.values.get("total") is None:
                        return None
                    found[k] = r.values["total"]
        if codes[0] not in found:
            return None  # the first class (301, 302) is always printed where the table lists classes
        label = "＋".join(f"{k}{_ECON_CLASS_NAMES[k]}" for k in codes if k in found)
        return Source(t, sum(found.values(), ZERO), f"{t.title}中 {label}", derived=True)
    return place


def _operation_cost_row(ctx: Context) -> Source | None:
    t = ctx.table("three_public_expenses")
    if t is None:
        return None
    for r in t.rows:
        if "运行经费" in r.name:
            v = r.values.get("total")
            if v is None:
                return None
            return Source(t, v, f"{t.title}“{r.name.strip()}”")
    return None


def _procurement(ctx: Context) -> Source | None:
    t = ctx.table("government_procurement")
    if t is None:
        return None
    if not any(v is not None for r in t.rows for v in r.values.values()):
        return Source(t, ZERO, f"{t.title}（空表）", exact=True) if t.empty_note or t.rows else None
    return _cell(ctx, t, is_total, "total")


_IES, _INC, _EXP = "income_expenditure_summary", "income_summary", "expenditure_summary"
_FAS, _GBE, _BASIC = "fiscal_appropriation_summary", "general_budget_expenditure", "general_budget_basic_expenditure"


def _in(table_id: str, pick, column: str, side: str | None = None):
    """A place a figure may be printed: a row of one table (the first ``pick`` accepts), one column; its
    ``blank`` looks the same cell up when it is blank."""
    def place(ctx):
        return _cell(ctx, ctx.table(table_id), pick, column, side)
    place.blank = lambda ctx: _blank_cell(ctx, ctx.table(table_id), pick, column, side)
    return place


def _three_public_place(role: str):
    def place(ctx):
        return _three_public(ctx, role)
    place.blank = lambda ctx: _three_public_blank(ctx, role)
    return place


def _summary(name: str, side: str = "income"):
    """A named row of one side of the 收支总表."""
    return _in(_IES, _named(name), "total", side)


def _fas(name: str):
    return _in(_FAS, _named(name), "total", "income")


# Where the tables print the figure each narrative key states, most authoritative first; each
# place is looked up only when the explanation states that figure.
_PLACES = {
    "income_total": [_summary(r"收入总计"), _summary(r"本年收入合计|收入本年合计"),
                     _in(_INC, is_total, "total"), _in(_INC, is_total, "subtotal")],
    "general_budget_income": [_summary(r"一般公共预算"), _fas(r"一般公共预算")],
    "government_fund_income": [_summary(r"政府性基金"), _fas(r"政府性基金")],
    "state_capital_income": [_summary(r"国有资本经营"), _fas(r"国有资本经营")],
    "fiscal_special_account_income": [_summary(r"财政专户"), _in(_INC, is_total, "fiscal_special_account")],
    "unit_funds_income": [_summary(r"单位资金")],
    "business_income": [_summary(r"^[一二三四五六七八九十\d、.．]*事业收入"), _in(_INC, is_total, "business_income")],
    "carryover": [_in(_INC, is_total, "carryover"), _summary(r"上年结转")],
    "expenditure_total": [_summary(r"支出总计", "expenditure"), _summary(r"本年支出合计|支出本年合计", "expenditure"),
                          _in(_EXP, is_total, "total")],
    "basic": [_in(_EXP, is_total, "basic"), _in(_BASIC, is_total, "total"), _in(_GBE, is_total, "basic")],
    "personnel": [_in(_BASIC, is_total, "personnel"), _econ_classes("301", "303")],
    "public": [_in(_BASIC, is_total, "public"), _econ_classes("302"), _econ_classes("302", "310")],
    "project": [_in(_EXP, is_total, "project"), _in(_GBE, is_total, "project")],
    "three_public_total": [_three_public_place("total")],
    "vehicle_purchase_and_operation": [_three_public_place("vehicle")],
    **{k: [_three_public_place(k)] for k in ("overseas", "vehicle_purchase", "vehicle_operation", "reception")},
    "operation_cost": [_operation_cost_row],
    "fixed_assets_total": [_in("fixed_assets", lambda r: "总额" in r.name or is_total(r), "value")],
    "procurement_total": [_procurement],
    "fiscal_total": [_in(_FAS, _named(r"总计"), "total", "expenditure"), _in(_FAS, _named(r"总计"), "total", "income")],
    "general_budget_expenditure": [_in(_GBE, is_total, "total"), _in(_FAS, _named(r"总计"), "general_budget", "expenditure")],
    "government_fund_expenditure": [_in("government_fund_expenditure", is_total, "total"),
                                    _in(_FAS, _named(r"总计"), "government_fund", "expenditure")],
    "state_capital_expenditure": [_in("state_capital_expenditure", is_total, "total"),
                                  _in(_FAS, _named(r"总计"), "state_capital", "expenditure")],
    "general_budget_basic": [_in(_GBE, is_total, "basic"), _in(_BASIC, is_total, "total")],
    "reserve": [_in(_EXP, is_total, "reserve"), _in(_GBE, is_total, "reserve")],
    "fiscal_basic": [_in("fiscal_appropriation_basic_expenditure", is_total, "total")],
    "operating_expenditure": [_in(_EXP, is_total, "operating_expenditure")],
    "remit_to_superior": [_in(_EXP, is_total, "remit_to_superior")],
    "subsidy_to_affiliates": [_in(_EXP, is_total, "subsidy_to_affiliates")],
    "year_end_carryover": [_summary(r"年终结转|结转下年", "expenditure")],
    "meeting": [_in("three_public_expenses", _named(r"^会议费"), "total")],
    "training": [_in("three_public_expenses", _named(r"^培训费"), "total")],
}


def _places(ctx: Context, key: str):
    for place in _PLACES.get(key, ()):
        s = place(ctx)
        if s is not None and s.table.money_unit is not None:
            yield s


def in_tables(key: str) -> bool:
    """Whether the tables have a place for the figure ``key`` (N001, N012 compare it there)."""
    return key in _PLACES


def blank_source(ctx: Context, key: str) -> Source | None:
    """The first place of the figure whose cell is blank in a table read without doubts (see _blank_cell)."""
    for place in _PLACES.get(key, ()):
        look = getattr(place, "blank", None)
        s = look(ctx) if look is not None else None
        if s is not None and s.table.money_unit is not None:
            return s
    return None


def sources(ctx: Context, key: str) -> list[Source]:
    """Where the tables print the figure a narrative key states, most authoritative first."""
    return ctx.memo(("sources", key), lambda: list(_places(ctx, key)))


def comparable(ctx: Context, fig: StatedFigure, table_unit: str | None) -> bool:
    """A figure is compared with a table printed in its own unit, or — when the figure is written in
    the document's unit — with a table printed in the other unit (Shanghai prints tables in 元)."""
    if fig.unit not in ("元", "万元") or table_unit is None:
        return False
    return fig.unit == table_unit or fig.unit == ctx.unit


@rule(
    "N001", "错误", "说明中的金额与表格不一致",
    bad="说明：“2023年预算收入185.62万元，其中：一般公共预算收入152.80万元”；收支总表“一般公共预算拨款收入”185.62",
    good="说明：“其中：一般公共预算收入185.62万元”，与收支总表、财政拨款收支总表一致",
    regulation=_REG,
)
def figures_vs_tables(ctx: Context):
    """说明文字陈述的每个金额都应与表格印的数一致：收入合计（收支总表“收入总计”或收入总表合计）、一般
    公共预算收入及其他各项收入（收支总表、财政拨款收支总表）、上年结转（收入总表）、支出合计、基本支出
    （支出总表或基本支出表合计）、人员经费和公用经费（基本支出表合计；表中只列经济分类的，人员经费按
    301 工资福利支出 + 303 对个人和家庭的补助，公用经费按 302 商品和服务支出或再加 310 资本性支出，不符只作警告）、项目支出（支出总表合计）、“三公”
    经费合计及各项（“三公”经费表；空表列示按 0）、机关运行经费（表中有这一行时）、固定资产总额（固定资产
    占用情况表资产总额）、政府采购预算总额（政府采购表合计；空表按 0）。同一个数在几张表里都有时，与
    其中任何一张相符即可；行错位的表不拿来比。说明写的是“万元”、表格印的是“元”的（如上海），换算后
    比较（数字相同而单位不同的，指出表头或说明的单位写错）；单位相同、小数位数相同的两个数是同一笔钱按同样方式
    四舍五入的结果，必须相等（差 0.01 也是错误）；
    单位或小数位数不同时，两个数各自四舍五入到印刷的小数位，相差不超过两者各半个末位单位即为一致。说明里把单位写错
    （万元的文件写成“元”）的数不在这里比，由 N004 检查。"""
    narrative = ctx.disclosure.narrative
    stated = {k: f for k, f in narrative.items() if f.unit in ("元", "万元") and k in LABELS
              and not k.endswith("_change")}
    if not stated:
        raise NotApplicable("说明中没有陈述可与表格核对的金额")
    compared = 0
    for key, fig in stated.items():
        # every place, looked up once per check: N012, N020, N021 and N023 ask for the same figures
        cands: list[Source] = []
        agreed = False
        for s in sources(ctx, key):
            if comparable(ctx, fig, s.table.money_unit):
                cands.append(s)
                if source_agrees(fig.value, fig.unit, s):
                    agreed = True
                    break
        if not cands:
            continue
        compared += 1
        if agreed:
            continue
        first = cands[0]
        expected = convert(first.value, first.table.money_unit, fig.unit)
        shown = show(first.value, first.table.money_unit)
        if first.table.money_unit != fig.unit:
            shown += f"（即 {expected.normalize():f}{fig.unit}）"
        others = "；".join(f"{s.where} {show(s.value, s.table.money_unit)}" for s in cands[1:])
        msg = f"说明称{LABELS[key]}{show(fig.value, fig.unit)}，但{first.where}为 {shown}"
        if others:
            msg += f"（{others}）"
        same = next((s for s in cands if s.value == fig.value and s.table.money_unit != fig.unit), None)
        if same is not None:
            # "647.23万元" against a table headed 单位：元 printing 647.23: one of the two units is a slip
            msg += (f"：数字相同而单位不同，{same.table.title.strip()}表头的单位（{same.table.money_unit}）"
                    f"与说明的单位（{fig.unit}）必有一处写错")
        if all(s.derived for s in cands):
            # added up by the standard's classes: the document may count 人员经费 or 公用经费 another way
            yield at(fig, key, msg + "（按经济分类相加，口径可能不同）。", expected=expected, actual=fig.value,
                     severity="警告")
            continue
        yield at(fig, key, msg + "。", expected=expected, actual=fig.value)
    if not compared:
        raise MissingData("没有可与说明数字核对的表格")


# ----------------------------------------------------------------------------------------------
# N002: a stated change is consistent in itself

_LAST_YEAR = re.compile(r"(?P<cur>" + _NUM + r")\s*(?P<cu>万元|元)[^。；，,]{0,6}[，,]?\s*(?:较|比|与)YYYY年度?(?:预算)?"
                        r"[（(]\s*(?P<prev>" + _NUM + r")\s*(?P<pu>万元|元)\s*[)）]")
_LEVEL_THEN_INCREASE = re.compile(
    r"(?P<lvl>" + _NUM + r")\s*(?P<lu>万元|元)[，,]\s*(?:比|较|与)YYYY年度?(?:预算)?(?:执行数)?(?:相比)?[，,]?"
    r"(?P<dir>增加|增长)了?\s*(?P<inc>" + _NUM + r")\s*(?P<iu>万元|元)")


@lru_cache(maxsize=16384)  # a pure function of the text: sentences recur in documents of one template
def _mask(text: str) -> str:
    return _YEAR.sub("YYYY", text)


@rule(
    "N002", "错误", "说明中的增减数自相矛盾",
    bad="较上年增加56.83万元，其中：基本支出增加40.92万元，项目支出减少15.91万元",
    good="较上年增加56.83万元，其中：基本支出增加40.92万元，项目支出增加15.91万元",
    regulation=_REG,
)
def change_consistency(ctx: Context):
    """说明中的增减数要自洽：总额比上年的增减等于“其中”基本支出与项目支出增减之和（减少按负数计）；
    写出上年数的（“较2022年（199.67万元）预算减少14.05万元”），本年数减上年数等于所说的增减；增减的方向
    词（增加/减少）与实际的方向一致。某项本年只有 X 万元却说比上年“增加”了比 X 还多的钱，意味着上年为
    负数，也是笔误（常见于复制上一句的增减数）。单位不同的数不在这里比（见 N004）。"""
    n = ctx.disclosure.narrative
    checked = False
    total, b, p = n.get("yoy_change_total"), n.get("yoy_change_basic"), n.get("yoy_change_project")
    if total is not None:
        # this year − last year, when the sentence prints last year's amount
        m = _LAST_YEAR.search(_mask(total.text))
        reported = False
        if m and m.group("cu") == m.group("pu") == total.unit:
            checked = True
            cur, prev = _dec(m.group("cur")), _dec(m.group("prev"))
            d = cur - prev
            if not (abs(d - total.value) <= half_unit([cur]) + half_unit([prev]) + half_unit([total.value])):
                reported = True
                if abs(d + total.value) <= half_unit([cur]) + half_unit([prev]) + half_unit([total.value]):
                    yield at(total, "yoy_change_total",
                             f"说明称本年{show(cur, m.group('cu'))}比上年（{show(prev, m.group('pu'))}）"
                             f"{signed(total.value, total.unit)}，但本年比上年实际{signed(d, total.unit)}，增减方向写反了。",
                             expected=d, actual=total.value)
                else:
                    yield at(total, "yoy_change_total",
                             f"说明称本年{show(cur, m.group('cu'))}比上年（{show(prev, m.group('pu'))}）"
                             f"{signed(total.value, total.unit)}，但两数相减为{signed(d, total.unit)}。",
                             expected=d, actual=total.value)
        if b is not None and p is not None and not reported and total.unit == b.unit == p.unit:
            checked = True
            s = b.value + p.value
            if not sums_to(total.value, [b.value, p.value]):
                if sums_to(-total.value, [b.value, p.value]):
                    msg = (f"说明称总额比上年{signed(total.value, total.unit)}，但其中基本支出{signed(b.value, b.unit)}、"
                           f"项目支出{signed(p.value, p.unit)}，合计{signed(s, total.unit)}，增减方向写反了。")
                else:
                    msg = (f"说明称总额比上年{signed(total.value, total.unit)}，但其中基本支出{signed(b.value, b.unit)}、"
                           f"项目支出{signed(p.value, p.unit)}，合计{signed(s, total.unit)}。")
                yield at(total, "yoy_change_total", msg, expected=s, actual=total.value)
    for s in sentences(ctx, "。！？!?；;", containing=("增",)):
        if "增加" not in s.text and "增长" not in s.text:  # one of them ends every match
            continue
        for m in _LEVEL_THEN_INCREASE.finditer(_mask(s.text)):
            if m.group("lu") != m.group("iu"):
                continue
            checked = True
            lvl, inc = _dec(m.group("lvl")), _dec(m.group("inc"))
            if inc > lvl + half_unit([lvl]) + half_unit([inc]):
                yield sentence_issue(s, f"说明称本年{show(lvl, m.group('lu'))}，比上年增加{show(inc, m.group('iu'))}，"
                                        f"则上年为 {lvl - inc}{m.group('lu')}，金额不可能为负，增加数有误。",
                                     expected=lvl, actual=inc)
    if not checked:
        raise NotApplicable("说明没有可相互核对的增减数")


# ----------------------------------------------------------------------------------------------
# N003: the 三公 change against its parts' changes

_PARTS = ("overseas", "vehicle_purchase_and_operation", "reception")


def _same_unit(figs: list[StatedFigure]) -> str | None | bool:
    units = {f.unit for f in figs if f.unit is not None}
    if len(units) > 1:
        return False
    return next(iter(units), None)


@rule(
    "N003", "错误", "“三公”经费增减与各项增减不符",
    bad="“三公”经费与2023年相比增加0.20万元；公务接待费比2023年减少0.8万元，因公出国（境）费、公务用车购置及运维费与上年持平",
    good="“三公”经费与2023年相比减少0.8万元；公务接待费减少0.8万元，其余两项持平",
    regulation="财政部关于“三公”经费的口径：因公出国（境）费、公务用车购置及运行维护费、公务接待费；部门预算说明应说明“三公”经费增减变化及原因",
)
def three_public_change(ctx: Context):
    """“三公”经费比上年的增减，等于说明中逐项写出的因公出国（境）费、公务用车购置及运行维护费、公务
    接待费的增减之和（“持平”“无变化”按 0 计）；公务用车购置及运行维护费的增减等于购置费与运行维护费
    增减之和。只有每一项的增减都写出时才核对。"""
    n = ctx.disclosure.narrative
    total = n.get("three_public_change")
    if total is None:
        raise NotApplicable("说明没有写“三公”经费比上年的增减")
    vehicle = n.get("vehicle_purchase_and_operation_change")
    vp, vo = n.get("vehicle_purchase_change"), n.get("vehicle_operation_change")
    checked = False
    if vehicle is not None and vp is not None and vo is not None and _same_unit([vehicle, vp, vo]) is not False:
        checked = True
        if not sums_to(vehicle.value, [vp.value, vo.value]):
            s = vp.value + vo.value
            unit = _same_unit([vehicle, vp, vo]) or ctx.unit
            yield at(vehicle, "vehicle_purchase_and_operation_change",
                     f"说明称公务用车购置及运行维护费比上年{signed(vehicle.value, unit)}，但购置费{signed(vp.value, unit)}、"
                     f"运行维护费{signed(vo.value, unit)}，合计{signed(s, unit)}。", expected=s, actual=vehicle.value)
    parts = [n.get("overseas_change"), vehicle, n.get("reception_change")]
    if parts[1] is None and vp is not None and vo is not None:
        parts = [parts[0], vp, vo, parts[2]]
    if all(f is not None for f in parts) and _same_unit([total, *parts]) is not False:
        checked = True
        values = [f.value for f in parts]
        if not sums_to(total.value, values):
            unit = _same_unit([total, *parts]) or ctx.unit
            s = sum(values, ZERO)
            names = ["因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"] if len(parts) == 3 else \
                ["因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费"]
            detail = "、".join(f"{nm}{signed(v, unit)}" for nm, v in zip(names, values))
            yield at(total, "three_public_change",
                     f"说明称“三公”经费比上年{signed(total.value, unit)}，但逐项为{detail}，合计{signed(s, unit)}。",
                     expected=s, actual=total.value)
    if not checked:
        raise NotApplicable("说明没有逐项写出“三公”经费各项的增减")


# ----------------------------------------------------------------------------------------------
# N004: units

# Stated identities: whole = Σ parts (keys of the narrative).
RELATIONS: list[tuple[str, tuple[str, ...]]] = [
    ("yoy_change_total", ("yoy_change_basic", "yoy_change_project")),
    ("expenditure_total", ("basic", "project")),
    ("expenditure_total", ("personnel", "public", "project")),
    ("basic", ("personnel", "public")),
    ("three_public_total", ("overseas", "vehicle_purchase_and_operation", "reception")),
    ("three_public_total", ("overseas", "vehicle_purchase", "vehicle_operation", "reception")),
    ("vehicle_purchase_and_operation", ("vehicle_purchase", "vehicle_operation")),
    ("three_public_change", ("overseas_change", "vehicle_purchase_and_operation_change", "reception_change")),
]


def _holds(ctx: Context, key: str, value: Decimal, unit: str) -> str | None:
    """Which stated identity or table figure the figure ``key`` fits when read as ``value`` ``unit``."""
    n = ctx.disclosure.narrative
    for whole, parts in RELATIONS:
        if key != whole and key not in parts:
            continue
        keys = (whole, *parts)
        figs = {k: n.get(k) for k in keys}
        if any(f is None for f in figs.values()):
            continue
        others = [figs[k] for k in keys if k != key]
        if any(f.unit not in (unit, None) for f in others):
            continue
        vals = {k: (value if k == key else figs[k].value) for k in keys}
        if sums_to(vals[whole], [vals[p] for p in parts]):
            return f"{LABELS[whole]} = " + " + ".join(LABELS[p] for p in parts)
    for s in sources(ctx, key):
        if s.table.money_unit and agrees(value, unit, s.value, s.table.money_unit):
            return s.where
    return None


@rule(
    "N004", "错误", "说明中的金额单位写错（万元写成元）",
    bad="比上年增加了7.31万元，其中：基本支出增加68.03万元；项目支出减少60.72元",
    good="项目支出减少60.72万元（68.03 − 60.72 ＝ 7.31，只在“万元”下成立）",
    regulation=_REG,
)
def wrong_unit(ctx: Context):
    """说明以“万元”为单位的文件里，某个金额写成了“元”。按“万元”读它能使说明中的加总或表格核对成立
    （如“增加7.31万元，其中基本支出增加68.03万元，项目支出减少60.72元”：68.03 − 60.72 ＝ 7.31），
    为错误；无从核对的，为警告。金额为 0 的（“公务接待0元”）单位无关紧要，不报告；按“元”读本来就对得上
    的，也不报告。"""
    unit = ctx.unit
    if unit is None:
        raise MissingData("不知道说明使用的金额单位")
    if unit != "万元":
        raise NotApplicable("说明以“元”为单位")
    n = ctx.disclosure.narrative
    figs = [(k, f) for k, f in n.items() if f.unit in ("元", "万元")]
    if not figs:
        raise NotApplicable("说明中没有金额")
    for key, fig in figs:
        if fig.unit == unit or fig.value == 0 or key not in LABELS:
            continue
        if _holds(ctx, key, convert(fig.value, fig.unit, unit), unit):
            continue  # a genuine amount in 元
        fits = _holds(ctx, key, fig.value, unit)
        if fits:
            yield at(fig, key, f"说明中{LABELS[key]}写作“{show(abs(fig.value), fig.unit)}”，而全文以万元为单位；"
                               f"按{abs(fig.value)}{unit}读，{fits}才成立，单位应为{unit}。",
                     expected=unit, actual=fig.unit)
        else:
            yield at(fig, key, f"说明中{LABELS[key]}写作“{show(abs(fig.value), fig.unit)}”，而全文以万元为单位，"
                               f"请核对单位。", expected=unit, actual=fig.unit, severity="警告")


# ----------------------------------------------------------------------------------------------
# N005: year references

_COMPARED_YEAR = re.compile(
    r"(?:较|比|与|于|同|对比)\s*(?P<year>(?:19|20)\d\d)\s*年度?(?P<rest>[^。；;]{0,40})")
_CHANGE_AFTER = re.compile(r"^[^。；;，,]{0,16}?[，,]?\s*(?:预算)?(?:(?:增加|减少|增长|下降|上升|降低)了?\s*" + _NUM
                           + r"\s*(?:万元|元)|(?:保持|均|基本)?(?:持平|无变化|无增减变化|一致))")


@rule(
    "N005", "错误", "说明中比较的年份不是上一年",
    bad="2020年预算绩效自评：机关运行经费17.92万元。于2018年相比增加12.92万元",
    good="与2019年相比增加12.92万元",
    regulation=_REG,
)
def compared_year(ctx: Context):
    """说明中“较/比/与 某年”比较金额增减时，比的应是上一年：2024年的预算比2023年（决算、绩效自评也
    可以比本年的预算）。写成前年或更早、或本年以后的年份，多是套用旧稿没有改年份。只核对后面跟着金额
    增减或“持平”的比较，绩效目标里“较2020年下降10%”这类基期说法不在此列。"""
    year = ctx.disclosure.year
    if year is None:
        raise MissingData("不知道预算年度")
    kind = ctx.disclosure.kind or ""
    allowed = {year - 1}
    if "决算" in kind or "自评" in kind:
        allowed.add(year)
    found = False
    for s in sentences(ctx, "。！？!?；;", containing=_COMPARED_YEAR):
        for m in _COMPARED_YEAR.finditer(s.text):
            if not _CHANGE_AFTER.match(_mask(m.group("rest"))):
                continue
            found = True
            y = int(m.group("year"))
            if y not in allowed:
                yield sentence_issue(s, f"{year}年的说明与{y}年比较（“{m.group(0).strip()[:24]}”），应与{year - 1}年比较。",
                                     column="year", expected=Decimal(year - 1), actual=Decimal(y))
    if not found:
        raise NotApplicable("说明没有与某一年比较的增减")


# ----------------------------------------------------------------------------------------------
# N006: percentages

_PCT = r"(?P<pct>\d+(?:\.\d+)?)\s*[%％]"
_AMOUNT = re.compile(r"(?P<num>" + _NUM + r")\s*(?P<unit>万元|元)")
_GROWTH = re.compile(r"(?:比|较|与)\s*(?P<year>(?:19|20)\d\d)\s*年[^，。；,%％]{0,12}?(?:相比)?[，,]?"
                     r"(?:(?P<dir>增加|减少|增长|下降|上升|降低)了?\s*" + _PCT + r"|(?P<flat>持平))")
_SHARE = re.compile(r"(?P<num>" + _NUM + r")\s*(?P<unit>万元|元)[，,]?\s*占(?P<what>[^，。；,%％0-9]{1,16}?)(?:的)?(?:比重|比例)?"
                    r"(?:为)?\s*" + _PCT)
_CHANGE_PCT = re.compile(r"(?P<lvl>" + _NUM + r")\s*(?P<lu>万元|元)[^。；]{0,30}?(?:比|较)[^。；，,0-9]{0,16}?"
                         r"(?P<dir>增加|减少|增长|下降|上升|降低)了?\s*(?P<chg>" + _NUM + r")\s*(?P<cu>万元|元)[，,]?\s*"
                         r"(?:同比)?(?:增长|下降|增加|减少|上升|降低|增幅|降幅)?(?:为)?了?\s*" + _PCT)
_UP, _DOWN = ("增加", "增长", "上升"), ("减少", "下降", "降低")


def _pct_tolerance(pct: Decimal, base: Decimal, hb: Decimal, cur: Decimal, hc: Decimal) -> Decimal:
    """A unit of the printed percentage's last decimal (documents round it or cut it off: 35.777% is
    printed 35.78 or 35.77) plus how far the amounts' own rounding can move it."""
    return 2 * half_unit([pct]) + Decimal(100) * (hc + hb * abs(cur / base)) / abs(base)


def _year_before(text: str, pos: int) -> int | None:
    """The year labelling the amount at ``pos``: the last “YYYY年” in its clause."""
    clause = _CLAUSE_BREAK.split(text[:pos])[-1]
    ys = _LABEL_YEAR.findall(clause)
    return int(ys[-1]) if ys else None


_CLAUSE_BREAK = re.compile(r"[，,；;。]")
_LABEL_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


_SHARE_BASES = [
    ("procurement_total", r"政府采购(?:预算)?(?:支出)?(?:总额|合计|总计)?"),
    ("basic", r"基本支出(?:预算)?(?:总额|合计)?"),
    ("project", r"项目支出(?:预算)?(?:总额|合计)?"),
    ("three_public_total", r"[“\"]?三公[”\"]?经费(?:预算)?(?:总额|合计)?"),
    ("expenditure_total", r"(?:本年)?(?:预算)?(?:支出总额|总支出|支出预算(?:总额)?|支出合计|全部支出|支出总计)"),
    ("income_total", r"(?:本年)?(?:预算)?(?:收入总额|总收入|收入预算(?:总额)?|收入合计|全部收入|收入总计)"),
]


def _share_base(ctx: Context, what: str) -> StatedFigure | None:
    """The stated total a share is of, only when the text names one exactly."""
    what = re.sub(r"^(?:本部门|本单位|部门|单位|全年|年度)", "", what.strip()).rstrip("的")
    for key, rx in _SHARE_BASES:
        if re.fullmatch(rx, what):
            base = ctx.disclosure.narrative.get(key)
            if base is None or key not in ("expenditure_total", "income_total"):
                return base
            # 本年支出合计 and 支出总计 differ by the carry-overs (in final accounts always): a share of
            # 本年…合计 is recomputed only against a figure stated as this year's, and never in a 决算.
            if "决算" in (ctx.disclosure.kind or "") or (what.startswith("本年") and "本年" not in base.text):
                return None
            return base
    return None


@rule(
    "N006", "错误", "说明中的百分比算不出来",
    bad="2022年当年预算执行数为132.59万元，2023年预算安排441.25万元，比2022年预算执行数增加60.54%",
    good="2022年当年预算执行数为132.59万元，2023年预算安排220.63万元，比2022年预算执行数增加66.40%",
    regulation=_REG,
)
def percentages(ctx: Context):
    """说明中的百分比要能由说明里的金额算出来：“上年执行数 A 万元，本年安排 B 万元，比上年增加 P%”中
    P ＝ (B − A) ÷ A × 100，增减方向要与 B、A 的大小一致，“持平”时 A ＝ B；“X 万元，比上年增加 C 万元，
    增长 P%”中 P ＝ C ÷ (X − C) × 100；“X 万元，占支出总额的 P%”中 P ＝ X ÷ 支出合计 × 100。允许的误差
    是百分比末位的一个单位（有的文件四舍五入，有的截去尾数），加上金额四舍五入可能带来的偏差。上年为 0 的不算增长率。"""
    found = False
    for s in sentences(ctx, containing=("%", "％")):
        text = s.text
        if "%" not in text and "％" not in text:
            continue
        # (1) two amounts labelled by year, then the change in percent
        for m in (_GROWTH.finditer(text) if "年" in text else ()):
            amounts = [a for a in _AMOUNT.finditer(text[:m.start()])]
            labelled = [(a, _year_before(text, a.start())) for a in amounts[-2:]]
            if len(labelled) < 2 or labelled[0][0].group("unit") != labelled[1][0].group("unit"):
                continue
            base_year = int(m.group("year"))
            base = next((a for a, y in labelled if y == base_year), None)
            cur = next((a for a, y in labelled if y is not None and y > base_year), None)
            if base is None or cur is None:
                continue
            a, b = _dec(base.group("num")), _dec(cur.group("num"))
            unit = base.group("unit")
            found = True
            ha, hb = half_unit([a]), half_unit([b])
            if m.group("flat"):
                if abs(b - a) > ha + hb:
                    yield sentence_issue(s, f"说明称{cur.group(0)}与上年{base.group(0)}“持平”，但两数相差{b - a}{unit}。",
                                         column="percent", expected=a, actual=b)
                continue
            if a == 0:
                continue
            pct = _dec(m.group("pct"))
            stated = -pct if m.group("dir") in _DOWN else pct
            real = (b - a) / a * 100
            tol = _pct_tolerance(pct, a, ha, b, hb)
            if abs(real - stated) <= tol:
                continue
            shown = real.quantize(pct if pct.as_tuple().exponent < 0 else Decimal("0.01"))
            if abs(real + stated) <= tol and pct != 0:
                msg = (f"说明称由{base.group(0)}到{cur.group(0)}“{m.group('dir')}{pct}%”，但实际是"
                       f"{'增加' if real > 0 else '减少'}{abs(shown)}%，增减方向写反了。")
            else:
                msg = (f"说明称由{base.group(0)}到{cur.group(0)}“{m.group('dir')}{pct}%”，"
                       f"按这两个数算是{'增加' if real >= 0 else '减少'}{abs(shown)}%。")
            yield sentence_issue(s, msg, column="percent", expected=shown, actual=stated)
        # (2) a level, its change in money and in percent (masking the years adds no 元, 比 or 较)
        for m in (_CHANGE_PCT.finditer(_mask(text)) if "元" in text and ("比" in text or "较" in text) else ()):
            if m.group("lu") != m.group("cu"):
                continue
            lvl, chg, pct = _dec(m.group("lvl")), _dec(m.group("chg")), _dec(m.group("pct"))
            if m.group("dir") in _DOWN:
                chg = -chg
            base = lvl - chg
            if base <= 0:
                continue
            found = True
            real = chg / base * 100
            tol = _pct_tolerance(pct, base, half_unit([lvl]) + half_unit([chg]), chg, half_unit([chg]))
            if abs(abs(real) - pct) > tol:
                shown = abs(real).quantize(pct if pct.as_tuple().exponent < 0 else Decimal("0.01"))
                yield sentence_issue(s, f"说明称{m.group('lvl')}{m.group('lu')}比上年{m.group('dir')}{m.group('chg')}{m.group('cu')}，"
                                        f"幅度{pct}%，但{abs(chg)} ÷ {base} 为 {shown}%。",
                                     column="percent", expected=shown, actual=pct)
        # (3) a share of a stated total
        for m in (_SHARE.finditer(text) if "占" in text else ()):
            base = _share_base(ctx, m.group("what"))
            if base is None or base.unit != m.group("unit") or base.value <= 0:
                continue
            part, pct = _dec(m.group("num")), _dec(m.group("pct"))
            found = True
            real = part / base.value * 100
            tol = _pct_tolerance(pct, base.value, half_unit([base.value]), part, half_unit([part]))
            if abs(real - pct) > tol:
                shown = real.quantize(pct if pct.as_tuple().exponent < 0 else Decimal("0.01"))
                yield sentence_issue(s, f"说明称{m.group('num')}{m.group('unit')}占{m.group('what')}的{pct}%，"
                                        f"但 {part} ÷ {base.value} 为 {shown}%。", column="percent", expected=shown, actual=pct)
    if not found:
        raise NotApplicable("说明中没有可复算的百分比")


# ----------------------------------------------------------------------------------------------
# N007: placeholders

_PLACEHOLDER = re.compile(r"[XＸ]{2,}|[×＊]{2,}|\*{3,}|待填写|待补充|待完善|此处填写|【\s*】|［\s*］|\[\s*\]|（\s*）|\(\s*\)")
_EMPTY_REASON = re.compile(r"(?:主要)?原因(?:是|为|主要是|在于)[：:]?\s*(?=[。；;，,])|(?:主要)?原因[：:]\s*(?=[。；;，,])"
                           r"|主要用于[：:]?\s*(?=[。；;])")


# Cheap pre-tests, since the patterns are slow to run over a whole explanation: a placeholder holds
# one of the rare characters, or one of the few words, or a pair of brackets with nothing inside.
_PLACEHOLDER_CHARS = re.compile(r"[XＸ×＊*【［\[]")
_PLACEHOLDER_WORDS = ("待填写", "待补充", "待完善", "此处填写")
_EMPTY_BRACKETS = re.compile(r"[（(][\s）)]")
_EMPTY_AFTER = re.compile(r"[是为在于主要：:\s]{0,8}[。；;，,]")


@lru_cache(maxsize=256)  # the text of a whole explanation: hashing it costs less than searching it
def _may_hold_placeholder(text: str) -> bool:
    return (_PLACEHOLDER_CHARS.search(text) is not None or any(w in text for w in _PLACEHOLDER_WORDS)
            or _EMPTY_BRACKETS.search(text) is not None)


@lru_cache(maxsize=256)
def _may_leave_reason_empty(text: str) -> bool:
    for word in ("原因", "用于"):
        i = text.find(word)
        while i >= 0:
            if _EMPTY_AFTER.match(text, i + 2):
                return True
            i = text.find(word, i + 2)
    return False


@rule(
    "N007", "警告", "说明中留有占位符或空着的原因",
    bad="公务用车购置及运行费6.40万元，与2023年预算持平，主要原因是。",
    good="公务用车购置及运行费6.40万元，与2023年预算持平，主要原因是公务用车数量没有变化。",
    regulation=_REG,
)
def placeholders(ctx: Context):
    """说明文字里不应留下模板的占位符：XX、××、＊＊、“待填写”“待补充”、空的【】或（），也不应有说了
    “主要原因是”却没写原因就结束的句子（“主要原因是。”）。"""
    paras = paragraphs(ctx)
    if not paras:
        raise MissingData("没有读到说明文字")
    whole = "\n".join(p.text for p in paras)
    placeholders, empty_reasons = _may_hold_placeholder(whole), _may_leave_reason_empty(whole)
    if not placeholders and not empty_reasons:
        return
    for p in paras:
        for m in (_PLACEHOLDER.finditer(p.text) if placeholders else ()):
            yield sentence_issue(p, f"说明中留有占位符“{m.group(0)}”：“{_around(p.text, m)}”。",
                                 actual=m.group(0))
        for m in (_EMPTY_REASON.finditer(p.text) if empty_reasons else ()):
            if not re.search(r"原因|用于", m.group(0)):
                continue
            what = "原因" if "原因" in m.group(0) else "用途"
            yield sentence_issue(p, f"说明写了“{m.group(0).strip()}”却没有写{what}：“{_around(p.text, m)}”。",
                                 actual=m.group(0).strip())


def _around(text: str, m: re.Match, width: int = 18) -> str:
    a, b = max(0, m.start() - width), min(len(text), m.end() + 4)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


# ----------------------------------------------------------------------------------------------
# N008: 机关运行经费 against 公用经费


@rule(
    "N008", "警告", "行政单位的机关运行经费与公用经费不一致",
    bad="单位性质：行政；说明：“机关运行经费共计安排4.26万元”，而基本支出中公用经费27.56万元",
    good="机关运行经费27.56万元，与一般公共预算基本支出中的公用经费一致",
    regulation="机关运行经费：行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出",
)
def operation_cost_vs_public(ctx: Context):
    """机关运行经费是行政单位（含参照公务员法管理的事业单位）用一般公共预算财政拨款安排的基本支出中
    的公用经费。单位性质为行政或参公的单位，说明中的机关运行经费应等于一般公共预算财政拨款基本支出表
    合计的公用经费（没有这张表时，取说明中陈述的公用经费）。部门含事业单位时两者本来可以不同，所以这是
    警告。"""
    nature = ctx.disclosure.department.nature
    if nature is None:
        raise MissingData("未读到单位性质")
    if not re.search(r"行政|参公|参照公务员", nature):
        raise NotApplicable(f"单位性质为{nature}，不是行政或参公单位")
    fig = ctx.disclosure.narrative.get("operation_cost")
    if fig is None or fig.unit not in ("元", "万元"):
        raise NotApplicable("说明没有陈述机关运行经费")
    src = _cell(ctx, ctx.table("general_budget_basic_expenditure"), is_total, "public")
    if src is not None and comparable(ctx, fig, src.table.money_unit):
        value, unit, where = src.value, src.table.money_unit, src.where
    else:
        public = ctx.disclosure.narrative.get("public")
        if public is None or public.unit != fig.unit:
            raise MissingData("没有可比的公用经费（基本支出表或说明）")
        value, unit, where = public.value, public.unit, "说明中的公用经费"
    if not agrees(fig.value, fig.unit, value, unit):
        expected = convert(value, unit, fig.unit)
        yield at(fig, "operation_cost",
                 f"单位性质为{nature}，说明中机关运行经费{show(fig.value, fig.unit)}，但{where}为{show(value, unit)}。",
                 expected=expected, actual=fig.value)
