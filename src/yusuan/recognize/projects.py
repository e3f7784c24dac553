"""Performance target forms: 项目/专项资金绩效目标表 and 部门整体支出绩效目标表.

These are label/value forms rather than grids: a row says "项目编码 | 13011024P… |
项目名称 | …", the spending plan is a row of periods over a row of percentages, and
the indicator grid inherits its 一级/二级 cells downwards. In the collapsed
layout an indicator row omits the inherited cells on the left, so short rows are
aligned to the right of the header.

Some forms name the project only in their title ("…项目绩效目标表" over "资金总额： | 1778.31"),
and some grids have no levels: "指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重(%) | 是否核心",
whose 性质, 值 and 单位 make the value as the form states it ("≥100亿元").
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from yusuan.read.grid import Line
from yusuan.model import Indicator, OverallTargets, Project, SpendingStep
from yusuan.recognize.cells import key, money_unit_in, parse_money

_INDICATOR_FIELDS = {
    "一级指标": "level1", "二级指标": "level2", "三级指标": "level3", "绩效指标描述": "description",
    "指标描述": "description", "指标值": "value", "指标值确定依据": "basis", "确定依据": "basis", "备注": "note",
    "评（扣）分标准": "scoring", "评(扣)分标准": "scoring", "目标值": "value", "指标名称": "level3",
    # The value in three columns; "operator" and "unit" are joined into the value, not kept apart.
    "指标性质": "operator", "计量单位": "unit", "指标权重(%)": "weight", "指标权重（%）": "weight",
    "指标权重": "weight", "是否核心": "core", "是否核心指标": "core",
}
_LEVEL1 = re.compile(r"^(产出|效益|满意度)指标$")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元)?")
_FUNDING_LABELS = {"财政资金": "fiscal", "当年财政拨款": "fiscal", "财政拨款": "fiscal", "上年结转资金": "carryover",
                   "上年结转": "carryover", "其他资金": "other"}
_OVERALL_GOAL = re.compile(r"^(?:年度|当年)?(?:部门)?(?:总体|整体)(?:绩效)?目标")
_OVERALL_AMOUNTS = {
    "资金总额": "total", "一般公共预算拨款": "general_budget", "政府性基金拨款": "government_fund",
    "其他资金": "other", "基本支出": "basic", "项目支出": "project",
}


def _money(text: str) -> Decimal | None:
    t = key(text).replace("万元", "").replace("元", "")
    try:
        return parse_money(t)
    except ValueError:
        return None


def _is_indicator_header(keys: list[str]) -> bool:
    """The header of an indicator grid: by its levels, or by 指标名称 beside a value column."""
    return "一级指标" in keys or ("指标名称" in keys and any(_indicator_field(k) == "value" for k in keys))


_COLON_AT_END = re.compile(r"[：:]$")


# Labels, titles and header cells are tested on every line outside the tables and on every row of every form:
# the tests below are pure functions of the text, remembered like those of :mod:`yusuan.recognize.cells`.
@lru_cache(maxsize=16384)
def _label(k: str) -> str:
    """A label cell without the colon it may end with ("资金总额：")."""
    return _COLON_AT_END.sub("", k)


def _cell_keys(line: Line) -> list[str]:
    """The keys of a row's cells, blank ones included: what the tests of a form's first row read (taken once
    for all of them)."""
    return list(map(key, line.texts))


def _is_funding_start(keys: list[str]) -> bool:
    """"专项资金情况（万元） | 资金总额： | 1778.31": a form named by its title only begins."""
    return "资金总额" in [_label(k) for k in keys] and "项目名称" not in keys and "项目编码" not in keys


def _name_from_title(title: str | None) -> str:
    """The project a form's title names: "市级机关保留公务用车委托管理费项目绩效目标表" → "市级机关保留公务用车委托管理费";
    "" for a title that names no project ("1.项目支出绩效目标表")."""
    t = re.sub(r"^\s*(?:\d+[.．、]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)", "",
               _title_key(title or ""))
    m = re.match(r"^(.*?)(?:项目)?(?:支出)?绩效目标表$", t)
    name = m.group(1) if m else ""
    bare = re.sub(r"^(?:19|20)\d\d年度?", "", name)  # "2024年项目支出绩效目标表" names no project
    return "" if len(bare) < 2 or bare in ("部门", "单位", "部门项目", "单位项目", "部门预算", "单位预算") else name


def _is_project_start(keys: list[str]) -> bool:
    keys = [k for k in keys if k]  # (a cell's key is blank when the cell is)
    return bool(keys) and ("项目编码" in keys or keys[0] == "项目名称" or keys[0].startswith("支出方向"))


# The list layout of the 项目支出绩效目标表 (one grid for all projects): a row per project naming it, its
# amount and its goal, with its first indicator; the rows under it, their name cell blank, carry the rest.
_LIST_NAME = re.compile(r"项目名称")
_LIST_AMOUNT = ("资金总额", "预算金额", "预算数", "金额", "项目金额", "合计", "资金总额（万元）", "预算金额（万元）")
_LIST_GOAL = ("年度绩效目标", "绩效目标", "年度目标", "项目绩效目标", "当年绩效目标")


def _is_list_header(keys: list[str]) -> bool:
    return _is_indicator_header(keys) and any(_LIST_NAME.search(k) for k in keys) and "项目编码" not in keys \
        and not (keys and keys[0] == "项目名称" and len([k for k in keys if k]) <= 2)


def _parse_project_list(header_line: Line, block: list[Line], title: str | None,
                        unit: str | None) -> list[Project]:
    header = [key(t) for t in header_line.texts]
    name_at = next(i for i, k in enumerate(header) if _LIST_NAME.search(k))
    amount_at = next((i for i, k in enumerate(header) if k in _LIST_AMOUNT or k.startswith(("资金总额", "预算金额"))
                      or k.endswith("预算金额")), None)
    # "当年财政拨款预算金额": the amount printed is the project's 财政拨款.
    fiscal = amount_at is not None and "财政拨款" in header[amount_at]
    goal_at = next((i for i, k in enumerate(header) if k in _LIST_GOAL), None)
    first = next(i for i, k in enumerate(header) if _indicator_field(k) in ("level1", "level2", "level3"))
    fields = [""] * first + header[first:]
    unit = unit or money_unit_in(" ".join(header_line.texts))
    projects: list[Project] = []
    level1 = level2 = None
    for line in block:
        texts = [t.strip() for t in line.texts]
        if not line.is_row or not any(texts):
            continue
        texts += [""] * (len(header) - len(texts))
        if texts[name_at]:
            amount = _money(texts[amount_at]) if amount_at is not None and texts[amount_at] else None
            projects.append(Project(name=texts[name_at].replace("\n", ""), title=title, amount=amount,
                                    fiscal_amount=amount if fiscal else None, money_unit=unit,
                                    goal=(texts[goal_at] or None) if goal_at is not None else None,
                                    source=line.where()))
            level1 = level2 = None
        if not projects or not line.is_row:
            continue
        ind, level1, level2 = _indicator(fields, texts, level1, level2, line)
        if ind is not None:
            projects[-1].indicators.append(ind)
    # A unit's row over its projects (name and amount, no goal or indicator) is no project.
    return [p for p in projects if p.indicators or p.goal]


_TITLE_NOTE = re.compile(r"[（(][^（）()]{1,12}[)）]$")


@lru_cache(maxsize=16384)
def _title_key(text: str) -> str:
    """A title without a short note in brackets after it: "…绩效目标表 (一级项目)"."""
    return _TITLE_NOTE.sub("", key(text))


def _is_overall_title(text: str) -> bool:
    k = _title_key(text)
    return "整体" in k and "绩效目标" in k and k.endswith("表") and len(k) < 40


def _is_form_title(text: str) -> bool:
    k = _title_key(text)
    return "绩效目标" in k and k.endswith("表") and len(k) < 60 and "汇总" not in k


def _is_summary_title(texts: list[str]) -> bool:
    """A lone title such as "2021年专项资金预算绩效目标汇总表": another table begins."""
    k = key(texts[0])
    return len(texts) == 1 and "绩效" in k and "汇总" in k and k.endswith("表") and len(k) < 60


def extract_targets(lines: list[Line], skip: set[int]) -> tuple[list[Project], list[OverallTargets]]:
    projects: list[Project] = []
    overall: list[OverallTargets] = []
    i = 0
    last_title: tuple[str, int] | None = None  # the form's title and its index in lines
    heading: tuple[str, int] | None = None
    while i < len(lines):
        if i in skip:
            i += 1
            continue
        line = lines[i]
        texts = line.filled
        if len(texts) == 1 and _is_overall_title(texts[0]):
            nxt = next((j for j in range(i + 1, len(lines)) if j not in skip and lines[j].text.strip()), None)
            if nxt is not None and not lines[nxt].is_row and _is_overall_title(lines[nxt].text.strip()):
                # A numbered heading ("2.部门整体支出绩效目标表") over the form's own title: one form.
                i += 1
                continue
            end = _block_end(lines, i + 1, skip)
            overall.append(_parse_overall(texts[0], line, lines[i + 1:end]))
            i = end
            continue
        if len(texts) >= 1 and _is_form_title(texts[0]):
            last_title = (texts[0], i)
            i += 1
            continue
        if not line.is_row and len(texts) == 1 and "绩效目标" in key(texts[0]) and len(key(texts[0])) < 40:
            heading = (texts[0].strip(), i)
        if not line.is_row:
            i += 1
            continue  # every form below starts with a row
        keys = _cell_keys(line)
        if _is_indicator_header(keys) and heading is not None and i - heading[1] <= 2:
            # An indicator grid under a heading such as "预算项目绩效目标", with no 项目名称 row.
            end = _block_end(lines, i + 1, skip)
            project = _parse_project(heading[0], lines[i:end], None)
            if project.indicators:
                projects.append(project)
            heading = None
            i = end
            continue
        if _is_list_header(keys):
            end = _block_end(lines, i + 1, skip)
            unit = money_unit_in(" ".join(texts)) or (_unit_near(lines, last_title[1], i) if last_title else None)
            projects.extend(_parse_project_list(line, lines[i + 1:end], last_title[0] if last_title else None, unit))
            last_title = None
            i = end
            continue
        if _is_project_start(keys):
            end = _block_end(lines, i + 1, skip)
            title = last_title[0] if last_title else None
            unit = None
            if last_title is not None:
                unit = money_unit_in(" ".join(texts)) or _unit_near(lines, last_title[1], i)
            project = _parse_project(title, lines[i:end], unit)
            if title and "专项资金" in _title_key(title) and not project.code:
                # "市级重点专项资金绩效目标表": a fund the department manages, named by 项目名称 like a project
                project.kind = "special_fund"
            if project.name or project.code:
                projects.append(project)
            last_title = None
            i = end
            continue
        if last_title is not None and _is_funding_start(keys) \
                and _name_from_title(last_title[0]):
            end = _block_end(lines, i + 1, skip)
            unit = money_unit_in(" ".join(texts)) or _unit_near(lines, last_title[1], i)
            project = _parse_project(last_title[0], lines[i:end], unit)
            project.name = _name_from_title(last_title[0])
            projects.append(project)
            last_title = None
            i = end
            continue
        i += 1
    return projects, overall


def _unit_near(lines: list[Line], a: int, b: int) -> str | None:
    """The money unit stated between a form's title (index a) and its first row (index b).

    Indexes, not ``lines.index``: that compared every earlier line (quadratic in a text of many
    forms) and found the first of several equal lines, not this form's."""
    for ln in lines[a:b + 1]:
        for t in ln.texts:
            u = money_unit_in(t)
            if u:
                return u
    return None


_NEXT_PART = re.compile(r"^(#+)?[一二三四五六七八九十]+、|^第[一二三四五六七八九十]部分|^附件")


def _block_end(lines: list[Line], start: int, skip: set[int]) -> int:
    """Where a form ends: the next form, the next title, or explanation text that is not a wrapped cell."""
    j = start
    while j < len(lines):
        if j in skip:
            return j
        ln = lines[j]
        texts = ln.filled
        if ln.is_row and (_is_project_start(keys := _cell_keys(ln)) or _is_list_header(keys)):
            return j
        if texts and (_is_form_title(texts[0]) or _is_overall_title(texts[0]) or _is_summary_title(texts)):
            return j
        if not ln.is_row and texts:
            k = key(texts[0])
            if _NEXT_PART.match(k):
                return j
        j += 1
    return j


def _after(texts: list[str], label_prefix: str) -> str | None:
    for idx, t in enumerate(texts):
        if key(t).startswith(label_prefix):
            for nxt in texts[idx + 1:]:
                if nxt.strip():
                    return nxt.strip()
            return None
    return None


def _parse_project(title: str | None, block: list[Line], unit: str | None) -> Project:
    project = Project(name="", title=title, money_unit=unit, source=block[0].where())
    header: list[str] | None = None
    pending_periods: list[str] | None = None
    expect_fund_use = False
    level1 = level2 = None
    funding: _FundingRows | None = None
    for line in block:
        texts = [t.strip() for t in line.texts]
        keys = list(map(key, texts))
        nonempty = [t for t in texts if t]
        if not nonempty:
            continue
        if not project.money_unit:  # (setting a field of the model is slow: only while there is none)
            project.money_unit = next((money_unit_in(t) for t in texts if money_unit_in(t)), None)
        if "项目编码" in keys or "项目名称" in keys:
            project.code = _after(texts, "项目编码") or project.code
            project.name = _after(texts, "项目名称") or project.name
            continue
        if keys and keys[0].startswith("支出方向"):
            project.kind = "special_fund"
            project.name = (_after(texts, "支出方向") or "").replace("\n", "")
            continue
        labels = [_label(k) for k in keys]
        if "资金总额" in labels or "当年预算" in labels:
            # "资金总额： | 1778.31" over "财政拨款：" and "其他资金：" rows; "当年预算 | 212,777.00" beside its
            # split by use (市级支出, 补助区县), which is no 财政/其他 split.
            label = "资金总额" if "资金总额" in labels else "当年预算"
            amount = _after(texts, label)
            project.amount = _money(amount) if amount else None
            funding = _FundingRows(True) if label == "资金总额" else None
            continue
        if any(k.startswith("预算规模") or k == "预算数" for k in keys):
            amount = _after(texts, "预算数")
            project.amount = _money(amount) if amount else None
            fiscal = next((texts[i + 1] for i, k in enumerate(keys[:-1]) if "财政资金" in k), None)
            other = next((texts[i + 1] for i, k in enumerate(keys[:-1]) if k == "其他资金"), None)
            project.fiscal_amount = _money(fiscal) if fiscal else None
            project.other_amount = _money(other) if other else None
            expect_fund_use = True
            continue
        if "项目资金总额" in keys or "年度资金申请总额" in keys:
            # Shanghai layout: the project's whole funding on the left, this year's request on the right.
            annual = _after(texts, "年度资金申请总额")
            total = _after(texts, "项目资金总额")
            project.amount = _money(annual) if annual else (_money(total) if total else None)
            funding = _FundingRows(annual is not None)
            continue
        if funding is not None and _funding_row(funding, texts, keys):
            if funding.done:
                project.fiscal_amount, project.other_amount = funding.split()
                funding = None
            continue
        if "项目金额" in keys:
            amount = _after(texts, "项目金额")
            project.amount = _money(amount) if amount else None
            project.period = _after(texts, "项目实施期")
            continue
        if any(k.startswith("资金支出计") for k in keys):
            pending_periods = [t for t, k in zip(texts, keys) if t and not k.startswith("资金支出计")]
            expect_fund_use = False
            continue
        if pending_periods is not None:
            percents = [t for t in nonempty]
            for period, pct in zip(pending_periods, percents):
                m = _PERCENT.search(pct)
                project.spending_plan.append(SpendingStep(period=key(period), percent=Decimal(m.group(1)) if m else None,
                                                          text=pct))
            pending_periods = None
            continue
        if keys[0].startswith(("实施期绩效目标", "实施期目标", "项目实施期目标", "项目实施期绩效目标")):
            project.long_term_goal = _after(texts, keys[0])
            continue
        if keys[0] in ("绩效目标", "年度绩效目标", "年度目标", "当年绩效目标") or (keys[0] == "" and len(nonempty) == 1
                                                            and key(nonempty[0]).startswith("绩效目标")):
            project.goal = _after(texts, keys[0]) if keys[0] else nonempty[0]
            expect_fund_use = False
            continue
        if _is_indicator_header(keys):
            header = keys
            level1 = level2 = None
            expect_fund_use = False
            continue
        if header is not None and _is_sub_header(header, keys):
            header = _expand_header(header, keys)
            continue
        if expect_fund_use and len(nonempty) == 1:
            project.fund_use = nonempty[0]
            expect_fund_use = False
            continue
        if header is not None and line.is_row:  # a page number under the grid is no indicator
            ind, level1, level2 = _indicator(header, texts, level1, level2, line)
            if ind is not None:
                project.indicators.append(ind)
    return project


class _FundingRows:
    """The rows under 项目资金总额/年度资金申请总额: 财政资金, 上年结转资金 and 其他资金 of the year."""

    def __init__(self, annual: bool):
        self.annual = annual
        self.fiscal: Decimal | None = None
        self.carryover: Decimal | None = None
        self.other: Decimal | None = None
        self.seen_other = False

    @property
    def done(self) -> bool:
        return self.seen_other

    def split(self) -> tuple[Decimal | None, Decimal | None]:
        """财政拨款 and 其他资金 — only when nothing was carried over, which the model has no place for."""
        if self.carryover:
            return None, None
        return self.fiscal, self.other


_OF_WHICH = re.compile(r"^其中[：:]")


def _funding_row(funding: _FundingRows, texts: list[str], keys: list[str]) -> bool:
    """Read one row of the funding block; False when the row is not part of it.

    A row may print the project's whole funding on the left and this year's on the right
    ("其中：财政资金 | 410 | 其中：当年财政拨款 | 410"): the last label is the year's.
    """
    labels = [_label(_OF_WHICH.sub("", k)) for k in keys]
    at = [i for i, lab in enumerate(labels) if lab in _FUNDING_LABELS]
    if not at:
        return False
    idx = at[-1]
    val = next((t for t in texts[idx + 1:] if t.strip()), None)
    amount = _money(val) if val else None
    part = _FUNDING_LABELS[labels[idx]]
    setattr(funding, part, amount)
    if part == "other":
        funding.seen_other = True
    return True


def _is_sub_header(header: list[str], keys: list[str]) -> bool:
    """A second header row splitting 指标值 into 符号 | 值 | 单位: only labels, under the value column."""
    value_at = next((i for i, h in enumerate(header) if _indicator_field(h) == "value"), None)
    labels = [(i, k) for i, k in enumerate(keys) if k]
    return (value_at is not None and len(labels) >= 2 and len(keys) > len(header)
            and all(i >= value_at for i, _ in labels)
            and any(k in ("符号", "值", "单位") or k.startswith("单位") for _, k in labels))


def _expand_header(header: list[str], keys: list[str]) -> list[str]:
    """The header with its 指标值 cell repeated over the sub-header's value columns."""
    value_at = next(i for i, h in enumerate(header) if _indicator_field(h) == "value")
    width = len(keys) - len(header) + 1
    return header[:value_at] + [header[value_at]] * width + header[value_at + 1:]


_STRAY_MARKS = re.compile(r"[。，,]")


@lru_cache(maxsize=16384)
def _indicator_field(label: str) -> str | None:
    """The Indicator field a header cell names; "年度(/项目)指标值" and the like are the 指标值."""
    label = _STRAY_MARKS.sub("", label)  # "计量。单位": a full stop of the text above fell into the cell
    if label in _INDICATOR_FIELDS:
        return _INDICATOR_FIELDS[label]
    if label.endswith("指标值") and "依据" not in label:
        return "value"
    return None


_INDICATOR_MODEL_FIELDS = frozenset(Indicator.model_fields)  # (the class attribute is looked up slowly)


def _indicator(header: list[str], texts: list[str], level1: str | None, level2: str | None,
               line: Line) -> tuple[Indicator | None, str | None, str | None]:
    fields = list(map(_indicator_field, header))
    core = list(fields)
    while core and core[0] is None:
        core.pop(0)  # a row label such as "年度绩效指标" spanning the grid
    if len(texts) >= len(fields) or not texts[0]:
        cells = list(zip(fields, texts))
    elif len(texts) >= len(core) or _LEVEL1.match(key(texts[0])):
        cells = list(zip(core, texts))
    else:
        # collapsed layout: inherited cells on the left are missing
        cells = list(zip(core[max(0, len(core) - len(texts)):], texts))
    data: dict[str, str] = {}
    parts: dict[str, str] = {}
    for f, t in cells:
        if f in ("operator", "unit", "core"):
            if t and f not in parts:
                parts[f] = key(t)
            continue
        if f == "value" and t and "value" in data:
            data["value"] = f"{data['value']} {t}"  # 指标值 split into 符号 | 值 | 单位
            continue
        if f and t and f in _INDICATOR_MODEL_FIELDS and f not in data:
            data[f] = t.replace("\n", "") if f in ("level1", "level2", "level3") else t
    if not any(data.get(k) for k in ("level3", "value", "description")):
        return None, level1, level2
    if data.get("value") and ("operator" in parts or "unit" in parts):
        data["value"] = parts.get("operator", "") + key(data["value"]) + parts.get("unit", "")
    if "weight" in data:
        data["weight"] = key(data["weight"])
    core = {"是": True, "否": False}.get(parts.get("core", ""))
    if data.get("level1"):
        level1 = data["level1"]
        level2 = None
    if data.get("level2"):
        level2 = data["level2"]
    data["level1"] = level1
    data["level2"] = level2
    return Indicator(**data, core=core, source=line.where()), level1, level2


_TOTAL_LABELLED = re.compile(r"^(资金总额)[：:](.+)$")


def _parse_overall(title: str, title_line: Line, block: list[Line]) -> OverallTargets:
    target = OverallTargets(title=title.strip(), source=title_line.where())
    header: list[str] | None = None
    level1 = level2 = None
    in_key_work = False
    goal_below = False
    for line in block:
        texts = [t.strip() for t in line.texts]
        keys = [key(t) for t in texts]
        nonempty = [t for t in texts if t]
        if not nonempty:
            continue
        if not target.money_unit:  # (setting a field of the model is slow: only while there is none)
            for t in texts:
                target.money_unit = target.money_unit or money_unit_in(t)
        if goal_below:
            goal_below = False
            if line.is_row and len(nonempty) == 1 and not _is_indicator_header(keys):
                # "当年整体绩效目标" spanning the form, its text in the row below
                target.goal = nonempty[0]
                continue
        if len(nonempty) == 1 and re.match(r"^(?:部门|单位)名称[：:].", keys[0]):
            # "单位名称:重庆市经济和信息化委员会" on a line of its own above the form
            target.unit_name = re.split(r"[：:]", nonempty[0], maxsplit=1)[1].strip()
            continue
        if keys[0].startswith("部门名称") or keys[0].startswith("单位名称"):
            target.unit_name = _after(texts, keys[0])
            continue
        if keys[0].startswith("部门职责"):
            target.duties = _after(texts, keys[0])
            in_key_work = False
            continue
        if _OVERALL_GOAL.match(keys[0]):
            target.goal = _after(texts, keys[0])
            goal_below = target.goal is None
            in_key_work = False
            continue
        if keys[0].startswith("分项目标") or keys[0].startswith("分项绩效目标"):
            target.sub_goals += [t for t in texts[1:] if t]
            in_key_work = False
            continue
        if any(k.startswith("年度重点") for k in keys):
            in_key_work = True
            continue
        if _is_indicator_header(keys):
            header = keys
            in_key_work = False
            continue
        amounts_found = False
        for idx, k in enumerate(keys):
            label = _OF_WHICH.sub("", k)
            m = _TOTAL_LABELLED.match(label)
            if m:
                target.amounts["total"] = _money(m.group(2))
                target.money_unit = target.money_unit or money_unit_in(m.group(2)) or ("万元" if "万元" in k else None)
                amounts_found = True
                continue
            if label in _OVERALL_AMOUNTS and idx + 1 < len(texts):
                target.amounts[_OVERALL_AMOUNTS[label]] = _money(texts[idx + 1])
                amounts_found = True
        if amounts_found:
            continue
        if in_key_work and header is None:
            if len(nonempty) == 3:
                target.key_work.append({"item": nonempty[0].replace("\n", ""), "owner": nonempty[1],
                                        "goal": nonempty[2]})
            continue
        if header is not None and line.is_row:
            ind, level1, level2 = _indicator(header, texts, level1, level2, line)
            if ind is not None:
                target.indicators.append(ind)
    return target
