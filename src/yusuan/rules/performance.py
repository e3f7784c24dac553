"""Performance targets: 项目/专项资金绩效目标表 and 部门整体支出绩效目标表.

What a target form states must hang together: every project sets 产出, 效益 and 满意度 indicators
with a value each, its spending plan moves forward to 100%, a cost indicator stays within the
project's money, the stated "人数 × 标准" arithmetic gives the project's amount, and the forms
add up to the 项目支出 the tables budget. Money is compared in one unit (元 or 万元 converted) and
within the rounding the printed figures carry (see :mod:`yusuan.rules.rounding`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from decimal import Decimal

from yusuan.model import Indicator, OverallTargets, Project
from yusuan.performance.indicators import category, is_quantitative
from yusuan.recognize.cells import key
from yusuan.rules.context import WAN, Context, convert, money, value
from yusuan.rules.engine import Issue, MissingData, NotApplicable, rule
from yusuan.rules.hierarchy import total_row
from yusuan.rules.rounding import ZERO, close, half_unit, tolerance

_REG_CORE = "《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）"
_REG_EVAL = "《项目支出绩效评价管理办法》（财预〔2020〕10号）"


# ---------------------------------------------------------------------------------------------
# shared helpers


def _projects(ctx: Context) -> list[Project]:
    d = ctx.disclosure
    if not d.projects and not d.overall_targets:
        raise NotApplicable("文件中没有项目（专项资金）绩效目标表或部门整体支出绩效目标表")
    if not d.projects:
        raise NotApplicable("文件中没有项目（专项资金）绩效目标表")
    return d.projects


def _name(p: Project) -> str:
    """The project's name, or the heading of an unnamed indicator table."""
    return p.name.replace("\n", "").strip() or (p.title or "未命名项目").strip()


def _at(p: Project, message: str, *, ind: Indicator | None = None, column: str | None = None,
        expected=None, actual=None, severity=None) -> Issue:
    src = ind.source if ind is not None else p.source
    return Issue(message=message, table="projects", row_name=p.name.replace("\n", "").strip() or None,
                 row_code=p.code, column=column,
                 expected=expected, actual=actual, page=src.page, line=src.line, cell=src.cell, file=src.file, severity=severity)


def _at_overall(o: OverallTargets, message: str, *, ind: Indicator | None = None, column: str | None = None,
                expected=None, actual=None, severity=None) -> Issue:
    src = ind.source if ind is not None else o.source
    return Issue(message=message, table="overall_targets", row_name=o.unit_name or o.title, column=column,
                 expected=expected, actual=actual, page=src.page, line=src.line, cell=src.cell, file=src.file, severity=severity)


def _label(ind: Indicator) -> str:
    return "／".join(key(x) for x in (ind.level1, ind.level2, ind.level3) if x)


def _fmt(v: Decimal) -> str:
    """A computed amount without trailing zeros from the conversion."""
    t = format(v.normalize(), "f")
    return t


def _unit_doubtful(p: Project, unit: str | None) -> bool:
    """A project "in 元" of less than 1,000 元 is a form printed in 万元 whose unit was not found."""
    return unit == "元" and p.amount is not None and p.amount < 1000


# ---------------------------------------------------------------------------------------------
# P001 一级指标


def _has_output(inds: list[Indicator]) -> bool:
    return any("产出" in key(i.level1 or "") for i in inds)


def _has_benefit(inds: list[Indicator]) -> bool:
    return any("效益" in key(i.level1 or "") for i in inds)


def _has_satisfaction(inds: list[Indicator]) -> bool:
    # Older forms put "社会公众及服务对象满意度" as a 二级指标 under 效益指标: it is a 满意度 indicator.
    return any("满意" in key(i.level1 or "") or "满意度" in key(i.level2 or "") for i in inds)


@rule(
    "P001", "警告", "项目绩效指标不全：缺少产出、效益或满意度指标",
    bad="某项目绩效目标表只列了 产出指标（数量、质量、时效、成本）和 效益指标，没有满意度指标",
    good="补列 满意度指标／服务对象满意度指标／信访群众满意度 ≥95%",
    regulation=f"{_REG_CORE}：项目绩效指标一般包括成本、产出、效益和满意度指标；{_REG_EVAL}第十五条",
)
def indicator_levels(ctx: Context):
    """每个项目（专项资金）的绩效指标都应包括产出指标、效益指标和满意度指标三类一级指标。
    旧版表样（如 2021 年前的专项资金绩效目标表）把“社会公众及服务对象满意度”列为效益指标下的
    二级指标，这也算设置了满意度指标，不报。表中一条指标都没有读到的项目不核对（可能是表格
    未能识别），全部项目都没有指标时记为数据不足。"""
    checked = False
    for p in _projects(ctx):
        inds = p.indicators
        if not inds or not any(i.level1 for i in inds):
            continue
        checked = True
        missing = [name for name, has in (("产出指标", _has_output), ("效益指标", _has_benefit),
                                          ("满意度指标", _has_satisfaction)) if not has(inds)]
        if missing:
            present = "、".join(dict.fromkeys(key(i.level1) for i in inds if i.level1))
            yield _at(p, f"项目“{_name(p)}”的绩效指标只有{present}，缺少{'、'.join(missing)}。",
                      column="一级指标", expected="、".join(missing), actual=present)
    if not checked:
        raise MissingData("绩效目标表中没有读到带一级指标的绩效指标")


# ---------------------------------------------------------------------------------------------
# P002 指标值


@rule(
    "P002", "警告", "绩效指标缺少指标值",
    bad="产出指标／数量指标／聘请律师事务所的数量，指标值一栏空白",
    good="指标值填“≥1 个”",
    regulation=f"{_REG_CORE}：绩效指标应当细化、量化，明确指标值",
)
def indicator_values(ctx: Context):
    """每条三级绩效指标都应填写指标值，否则目标无从考核。只在同一张表里有其他指标填了指标值时
    才报空白（一张表整栏都读不到指标值，更可能是表样没有这一栏或未能识别，记为数据不足）。"""
    checked = False
    forms = [(p, f"项目“{_name(p)}”", _at) for p in _projects(ctx)]
    forms += [(o, o.title, _at_overall) for o in ctx.disclosure.overall_targets]
    for form, label, at in forms:
        inds = [i for i in form.indicators if i.level3 or i.description]
        if not any((i.value or "").strip() for i in inds):
            continue
        checked = True
        for i in inds:
            if not (i.value or "").strip():
                yield at(form, f"{label}的指标“{_label(i)}”没有填写指标值。", ind=i,
                         column="指标值", expected="指标值", actual="空白")
    if not checked:
        raise MissingData("绩效目标表中没有读到指标值一栏")


# ---------------------------------------------------------------------------------------------
# P003 spending plan


@rule(
    "P003", "错误", "资金支出计划进度倒退或到期末不足 100%",
    bad="资金支出计划：3月底 50%，6月底 30%，10月底 100%（6月底的累计进度比 3月底还低）",
    good="3月底 50%，6月底 50%，10月底 100%",
    regulation=f"{_REG_EVAL}：预算执行率是项目绩效评价的共性指标；资金支出计划按时间节点列累计进度",
)
def spending_plan(ctx: Context):
    """资金支出计划按时间节点列出累计支出进度：后一个节点的百分比不能低于前一个，最后一个节点应达到
    100%。也有表样逐期列出各期占比（如 25%、25%、25%、25%），这时各期相加为 100% 即为正确，不按累计
    进度核对。只核对印成百分数的节点。"""
    checked = False
    for p in _projects(ctx):
        steps = [s for s in p.spending_plan if s.percent is not None]
        if not steps:
            continue
        checked = True
        pcts = [s.percent for s in steps]
        shown = "，".join(f"{key(s.period)} {s.text.strip()}" for s in steps)
        if sum(pcts, ZERO) == 100 and pcts[-1] != 100:
            continue  # per-period shares adding up to the whole year
        falls = [(a, b) for a, b in zip(steps, steps[1:]) if b.percent < a.percent]
        for a, b in falls:
            yield _at(p, f"项目“{_name(p)}”的资金支出计划（{shown}）中，{key(b.period)} {b.percent}% 低于"
                         f"{key(a.period)} {a.percent}%：累计支出进度不会倒退。",
                      column=f"资金支出计划 {key(b.period)}", expected=f"≥{a.percent}%", actual=f"{b.percent}%")
        if pcts[-1] != 100 and max(pcts) <= 100:
            last = steps[-1]
            year_end = bool(re.search(r"12月|年底|年末|全年", key(last.period)))
            yield _at(p, f"项目“{_name(p)}”的资金支出计划（{shown}）最后一个节点 {key(last.period)} 只到"
                         f"{last.percent}%，" + ("年底应支出 100%。" if year_end else "计划期末应支出 100%。"),
                      column=f"资金支出计划 {key(last.period)}", expected="100%", actual=f"{last.percent}%",
                      severity=None if year_end else "警告")
        elif max(pcts) > 100:
            top = max(steps, key=lambda s: s.percent)
            yield _at(p, f"项目“{_name(p)}”的资金支出计划（{shown}）中 {key(top.period)} 为 {top.percent}%，"
                         "累计支出进度超过 100%。",
                      column=f"资金支出计划 {key(top.period)}", expected="≤100%", actual=f"{top.percent}%")
    if not checked:
        raise MissingData("绩效目标表中没有按百分比列出的资金支出计划")


# ---------------------------------------------------------------------------------------------
# P004 cost indicator within the amount

_BOUND = re.compile(r"([<>≤≥=＜＞]|不超过|不高于|不低于|控制在)?\s*(\d[\d,]*(?:\.\d+)?)\s*[（(]?\s*(亿元|万元|元)\s*[)）]?"
                    r"(?!\s*[/／每·])")


def _is_cost(ind: Indicator) -> bool:
    return "成本" in key(ind.level1 or "") or "成本" in key(ind.level2 or "")


def _bound(text: str | None) -> tuple[str, Decimal, str] | None:
    """The money a cost indicator's value states: (operator, amount, unit); None for a standard per head."""
    if not text:
        return None
    m = _BOUND.search(key(text))
    if m is None:
        return None
    try:
        amount = Decimal(m.group(2).replace(",", ""))
    except ArithmeticError:
        return None
    return m.group(1) or "", amount, m.group(3)


@rule(
    "P004", "错误", "成本指标的金额超过项目金额",
    bad="项目金额 5.00 万元，成本指标／律师服务成本 指标值“≤50 万元”",
    good="指标值“≤5 万元”",
    regulation=f"{_REG_CORE}：成本指标反映预期提供公共产品或服务所产生的成本，应与预算金额相匹配",
)
def cost_within_amount(ctx: Context):
    """成本指标（新表样的一级指标“成本指标”，旧表样产出指标下的“成本指标”“产出成本”）写明金额的，
    这个金额不能超过项目本身的金额——成本上限比整个项目的预算还高，二者必有一处写错。元与万元换算后
    比较，并允许项目金额末位的四舍五入。“元/人/月”之类的单价不在此比较。部门整体支出绩效目标表的成本
    指标与资金总额比较。"""
    checked = False
    for p in _projects(ctx):
        if p.amount is None:
            continue
        for i in p.indicators:
            if not _is_cost(i):
                continue
            b = _bound(i.value)
            if b is None:
                continue
            _, v, unit = b
            target = p.money_unit or ctx.unit
            if _unit_doubtful(p, target):
                continue
            checked = True
            stated = convert(v, unit, target)
            if stated > p.amount + half_unit([p.amount]):
                yield _at(p, f"项目“{_name(p)}”的成本指标“{_label(i)}”指标值 {i.value.strip()}，超过项目金额 "
                             f"{money(p.amount, target)}。", ind=i, column="成本指标",
                          expected=p.amount, actual=stated)
    for o in ctx.disclosure.overall_targets:
        total = o.amounts.get("total")
        if total is None:
            continue
        for i in o.indicators:
            if not _is_cost(i):
                continue
            b = _bound(i.value)
            if b is None:
                continue
            _, v, unit = b
            checked = True
            stated = convert(v, unit, o.money_unit or ctx.unit)
            if stated > total + half_unit([total]):
                yield _at_overall(o, f"{o.title}的成本指标“{_label(i)}”指标值 {i.value.strip()}，超过资金总额 "
                                     f"{money(total, o.money_unit)}。", ind=i, column="成本指标",
                                  expected=total, actual=stated)
    if not checked:
        raise NotApplicable("没有写明金额的成本指标")


# ---------------------------------------------------------------------------------------------
# P005 projects add up to 项目支出


def _total_row(ctx: Context, table_id: str):
    t = ctx.table(table_id)
    return t, total_row(t)


def _project_spending(ctx: Context) -> tuple[Decimal, str | None, str] | None:
    """项目支出 as the document budgets it: (amount, unit, where it was read)."""
    t, row = _total_row(ctx, "expenditure_summary")
    if row is not None and value(row, "project") is not None and not ctx.shifted(t, row):
        return value(row, "project"), t.money_unit, f"{t.title}合计行的项目支出"
    for o in ctx.disclosure.overall_targets:
        if o.amounts.get("project") is not None:
            return o.amounts["project"], o.money_unit or ctx.unit, f"{o.title}的项目支出"
    f = ctx.disclosure.narrative.get("project")
    if f is not None and f.unit in ("元", "万元"):
        return f.value, f.unit, "预算说明中的项目支出"
    return None


def _carryover(ctx: Context, unit: str | None) -> Decimal:
    t, row = _total_row(ctx, "income_summary")
    if row is not None and value(row, "carryover") is not None:
        return convert(value(row, "carryover"), t.money_unit, unit)
    f = ctx.disclosure.narrative.get("carryover")
    if f is not None and f.unit in ("元", "万元"):
        return convert(f.value, f.unit, unit)
    return ZERO


def _multi_year(period: str | None) -> bool:
    if not period:
        return False
    k = key(period)
    years = {int(y) for y in re.findall(r"(?:19|20)\d\d", k)}
    if len(years) > 1:
        return True
    m = re.search(r"(\d+)年", k)
    return bool(m) and int(m.group(1)) > 1 and int(m.group(1)) < 100


def _rounding(amounts: list[tuple[Decimal, str | None]], target: str | None) -> Decimal:
    """Rounding of a sum of printed amounts, each half a unit of its last decimal, in ``target``."""
    return sum((convert(half_unit([a]), u, target) for a, u in amounts), ZERO)


def _distinct(projects: list[Project]) -> list[Project]:
    """Each form once: a form printed twice (same code, or same name and amount) is one project."""
    seen: set = set()
    out = []
    for p in projects:
        k = ("code", p.code) if p.code else ("name", key(_name(p)), p.amount)
        if k in seen:
            continue
        seen.add(k)
        out.append(p)
    return out


@rule(
    "P005", "错误", "项目绩效目标表金额合计超过项目支出",
    bad="支出总表项目支出 221.71 万元（其中上年结转 42.00 万元），8 张项目绩效目标表金额合计 279.71 万元",
    good="8 张表合计 179.71 万元 ＝ 221.71 － 上年结转 42.00",
    regulation=f"{_REG_EVAL}第十条；《地方预决算公开操作规程》（财预〔2016〕143号）：绩效目标随部门预算公开",
)
def projects_add_up(ctx: Context):
    """各项目（专项资金）绩效目标表的金额相加，应等于本部门预算的项目支出：取支出总表合计行的项目支出，
    没有支出总表时取部门整体支出绩效目标表的项目支出，再没有时取说明中的项目支出数。以上年结转资金安排的
    项目往往不再单列绩效目标表，所以合计等于“项目支出 － 上年结转”也算相符。元与万元换算后比较，允许每个
    金额末位的四舍五入。

    合计超过项目支出是错误：绩效目标表列出的钱比预算安排的项目支出还多。合计少于项目支出时，规则不能断定：
    很多部门只公开重点项目的绩效目标表，少掉的可能是没有公开的表，也可能是金额写错，因此记为“数据不足”并
    在原因中写明差额，而不报错误或提示。项目实施期跨年的（金额可能是整个实施期的）也不核对。"""
    projects = _distinct(_projects(ctx))
    spending = _project_spending(ctx)
    if spending is None:
        raise MissingData("没有找到项目支出总数（支出总表、部门整体支出绩效目标表或说明）")
    total, unit, where = spending
    blank = [_name(p) for p in projects if p.amount is None]
    if blank:
        raise MissingData(f"没有读到这些项目的金额：{'、'.join(blank)}")
    multi = [_name(p) for p in projects if _multi_year(p.period)]
    if multi:
        raise MissingData(f"这些项目实施期跨年，金额不一定是本年预算：{'、'.join(multi)}")
    carry = _carryover(ctx, unit)
    kinds = {p.kind for p in projects}
    # A document with both 项目 and 专项资金 forms may describe the same money twice: each kind alone
    # is also a reading of the whole.
    groups = [projects] + ([[p for p in projects if p.kind == k] for k in sorted(kinds)] if len(kinds) > 1 else [])
    sums = []
    for group in groups:
        amounts = [(p.amount, p.money_unit or ctx.unit) for p in group]
        s = sum((convert(a, u, unit) for a, u in amounts), ZERO)
        tol = _rounding(amounts, unit) + half_unit([total])
        if abs(s - total) <= tol or (carry and abs(s - (total - carry)) <= tol + half_unit([carry])):
            return
        sums.append((s, tol, amounts, group))
    s, tol, amounts, projects = min(sums, key=lambda x: x[0])
    n = len(projects)
    if s > total + tol:
        listed = "＋".join(f"{a}" for a, _ in amounts)
        msg = (f"{n} 张项目绩效目标表金额合计 {money(s, unit)}（{listed}），超过{where} {money(total, unit)}，"
               f"多出 {money(s - total, unit)}。")
        yield Issue(message=msg, table="projects", column="金额合计", expected=total, actual=s,
                    line=projects[0].source.line, page=projects[0].source.page, cell=projects[0].source.cell,
                    file=projects[0].source.file)
        return
    gap = f"少 {money(total - s, unit)}"
    if carry:
        gap += f"（扣除上年结转 {money(carry, unit)} 后为 {money(total - carry, unit)}，仍差 {money(total - carry - s, unit)}）"
    raise MissingData(f"{n} 张项目绩效目标表金额合计 {money(s, unit)}，比{where} {money(total, unit)}{gap}；"
                      "并非每个项目都公开了绩效目标表时无法断定金额是否有误")


# ---------------------------------------------------------------------------------------------
# P006 "人数 × 标准" arithmetic

_HEADS = "人|户|名|位"
_RATE = re.compile(rf"(\d[\d,]*(?:\.\d+)?)(万元|元)((?:[/／每·]?(?:人次|{_HEADS}|月|年))+)")
_COUNT = re.compile(rf"(?<![\d.])(\d+)(?:{_HEADS})(?!次)")
_CLAUSE = re.compile(r"[；;。\n]")
_MONTHS = re.compile(r"(?<![\d.])(\d{1,2})个月")


class _Statement:
    """A stated cost: Σ count × rate × periods, in 元."""

    def __init__(self, total: Decimal, heads: int | None, text: str):
        self.total = total
        self.heads = heads
        self.text = text


def _per_head(tail: str) -> tuple[bool, Decimal] | None:
    """(per head, periods a year) of a rate's tail such as "/人/月"; None when not per head."""
    heads = bool(re.search(_HEADS, tail.replace("人次", "")))
    if not heads:
        return None
    if "月" in tail:
        return True, Decimal(12)
    return True, Decimal(1)


def _statement(ind: Indicator) -> _Statement | None:
    """Parse "一线信访岗位5人，235元/人/月；其他信访岗位3人，130元/人/月" (count and rate per clause), or a
    lone rate "612元/人/月" whose count is the indicator's value ("50人")."""
    return _statement_in(ind.note, ind.description, ind.basis, ind.value)


@lru_cache(maxsize=16384)  # a pure function of the texts: indicators recur in documents of one template
def _statement_in(note: str | None, description: str | None, basis: str | None, value: str | None) -> _Statement | None:
    for field in (note, description, basis, value):
        if not field or "元" not in field:  # a rate is always in 元 or 万元
            continue
        text = key(field)
        rates = list(_RATE.finditer(text))
        if not rates:
            continue
        clauses = [c for c in _CLAUSE.split(text) if c]
        parts: list[tuple[int | None, Decimal, Decimal]] = []
        for c in clauses:
            rs = list(_RATE.finditer(c))
            if not rs:
                continue
            if len(rs) > 1:
                return None
            r = rs[0]
            kind = _per_head(r.group(3))
            if kind is None:
                return None
            rate = Decimal(r.group(1).replace(",", "")) * (WAN if r.group(2) == "万元" else 1)
            months = _MONTHS.search(c[:r.start()] + " " + c[r.end():]) or _MONTHS.search(text)
            if months and kind[1] == 12:
                kind = (True, Decimal(months.group(1)))
            counts = [int(m.group(1)) for m in _COUNT.finditer(c[:r.start()] + " " + c[r.end():])]
            if len(counts) > 1:
                return None
            parts.append((counts[0] if counts else None, rate, kind[1]))
        if not parts:
            continue
        own = re.fullmatch(rf"[≥≤=＝]?(\d+)(?:{_HEADS})", key(value or ""))
        value_heads = int(own.group(1)) if own else None
        if any(n is None for n, _, _ in parts):
            if len(parts) > 1 or value_heads is None:
                return None
            parts = [(value_heads, parts[0][1], parts[0][2])]
        total = sum((Decimal(n) * rate * k for n, rate, k in parts), ZERO)
        heads = sum(n for n, _, _ in parts)
        return _Statement(total, heads if len(parts) > 1 else None, field.strip())
    return None


@lru_cache(maxsize=16384)  # a pure function of two names: the same indicators and projects recur in documents of one template
def _lcs(a: str, b: str) -> int:
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        left = 0  # cur[-1], kept in a local rather than looked up (and no max() call) in the inner loop
        for j, cb in enumerate(b):
            if ca == cb:
                left = prev[j] + 1
            elif (up := prev[j + 1]) > left:
                left = up
            cur.append(left)
        prev = cur
    return prev[-1]


def _bare(name: str) -> str:
    return re.sub(r"^(?:19|20)\d\d年度?", "", key(name).replace("\n", ""))


def _match(name: str, projects: list[Project]) -> Project | None:
    """The project an overall indicator names: most characters in common (in order), unambiguous."""
    n = _bare(name)
    if len(n) < 4:
        return None
    scored = []
    for p in projects:
        q = _bare(_name(p))
        if len(q) < 4:
            continue
        scored.append((_lcs(n, q) / min(len(n), len(q)), p))
    scored.sort(key=lambda x: -x[0])
    if not scored or scored[0][0] < 0.8 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


@rule(
    "P006", "错误", "绩效指标中的“人数×标准”算式与项目金额不符",
    bad="社区（村）治安巡逻防控费 36.72 万元；产出数量 50人，备注 621元/人/月（50×621×12＝37.26 万元）",
    good="备注 612元/人/月：50×612×12＝367,200 元＝36.72 万元",
    regulation=f"{_REG_CORE}：成本指标和数量指标的取值应与预算资金测算相衔接",
)
def stated_arithmetic(ctx: Context):
    """绩效指标（常在备注或指标值中）写明“人数×标准”的，如“50人”配“612元/人/月”，或“一线信访岗位5人，
    235元/人/月；其他信访岗位3人，130元/人/月”，按月标准乘 12 个月、按年标准乘 1，算出的金额是这项支出
    的测算数。项目绩效目标表中的算式对应本项目；部门整体支出绩效目标表中的算式按三级指标名称对应到名称最
    接近的项目。算出的金额比项目金额多（超出四舍五入）是错误：按所写标准，预算不够支付。算出的金额比项目
    金额少不报——项目金额可能还包括社保、办公等其他开支。分项人数相加与指标值的人数不符（如 5＋3 ≠ 8人）
    也报。"""
    d = ctx.disclosure
    _projects(ctx)
    found = False
    stated: list[tuple[Indicator, Project, OverallTargets | None, _Statement]] = []
    for p in d.projects:
        for i in p.indicators:
            if (st := _statement(i)) is not None:
                stated.append((i, p, None, st))
    for o in d.overall_targets:
        for i in o.indicators:
            if (st := _statement(i)) is None:
                continue
            p = _match(i.level3 or i.description or "", d.projects)
            if p is not None:
                stated.append((i, p, o, st))
    for i, p, o, st in stated:
        found = True
        where = f"{o.title}的指标“{_label(i)}”" if o else f"项目“{_name(p)}”的指标“{_label(i)}”"
        if st.heads is not None:
            own = re.fullmatch(rf"[≥≤=＝]?(\d+)(?:{_HEADS})", key(i.value or ""))
            if own and int(own.group(1)) != st.heads:
                yield _at(p, f"{where}指标值 {key(i.value)}，但“{st.text}”分项相加为 {st.heads} 人。", ind=i,
                          column="指标值", expected=Decimal(st.heads), actual=Decimal(own.group(1)))
        unit = p.money_unit or ctx.unit
        if p.amount is None or _unit_doubtful(p, unit):
            continue
        computed = convert(st.total, "元", unit)
        if computed > p.amount + half_unit([p.amount]):
            yield _at(p, f"{where}写明“{st.text}”，按此测算 {_fmt(st.total)} 元＝{money(_fmt_dec(computed), unit)}，"
                         f"超过项目“{_name(p)}”的金额 {money(p.amount, unit)}。", ind=i, column="金额",
                      expected=_fmt_dec(computed), actual=p.amount)
    if not found:
        raise NotApplicable("绩效指标中没有“人数×标准”的算式")


def _fmt_dec(v: Decimal) -> Decimal:
    """A computed Decimal without the trailing zeros a unit conversion leaves."""
    n = v.normalize()
    return n.quantize(Decimal(1)) if n == n.to_integral_value() else n


# ---------------------------------------------------------------------------------------------
# P007/P008 部门整体支出绩效目标表 amounts

_BY_SOURCE = (("general_budget", "一般公共预算拨款"), ("government_fund", "政府性基金拨款"), ("other", "其他资金"))
_BY_USE = (("basic", "基本支出"), ("project", "项目支出"))


def _overall(ctx: Context) -> list[OverallTargets]:
    d = ctx.disclosure
    if not d.overall_targets:
        if d.projects:
            raise NotApplicable("文件中没有部门整体支出绩效目标表")
        raise NotApplicable("文件中没有绩效目标表")
    return d.overall_targets


@rule(
    "P007", "错误", "部门整体支出绩效目标表资金总额不等于分项之和",
    bad="资金总额 173.4271 万元；按支出性质分：基本支出 134.8291 万元，项目支出 48.598 万元",
    good="基本支出 134.8291 ＋ 项目支出 38.598 ＝ 173.4271 万元",
    regulation=f"{_REG_CORE}；《地方预决算公开操作规程》（财预〔2016〕143号）",
)
def overall_amounts(ctx: Context):
    """部门整体支出绩效目标表的“年度预算申请”：资金总额按收入性质分为一般公共预算拨款、政府性基金拨款和
    其他资金，按支出性质分为基本支出和项目支出，两种分法各自相加都应等于资金总额（允许四舍五入）。"""
    checked = False
    for o in _overall(ctx):
        total = o.amounts.get("total")
        if total is None:
            continue
        for parts, how in ((_BY_SOURCE, "按收入性质分"), (_BY_USE, "按支出性质分")):
            present = [(label, o.amounts[k]) for k, label in parts if o.amounts.get(k) is not None]
            if not any(v for _, v in present):
                continue  # parts blank or all 0 beside a total: nothing read to add up (a blank is not 0)
            checked = True
            vals = [v for _, v in present]
            s = sum(vals, ZERO)
            if not close(total, s, vals):
                shown = "＋".join(f"{label} {v}" for label, v in present)
                yield _at_overall(o, f"{o.title}资金总额 {money(total, o.money_unit)}，但{how}的 {shown} ＝ "
                                     f"{money(s, o.money_unit)}，相差 {total - s}（四舍五入最多差 "
                                     f"{tolerance(vals, total)}）。", column=how, expected=s, actual=total)
    if not checked:
        raise MissingData("部门整体支出绩效目标表中没有读到资金总额及其分项")


@rule(
    "P008", "错误", "部门整体支出绩效目标表的基本支出、项目支出与支出总表不符",
    bad="整体绩效目标表项目支出 38.598 万元，支出总表合计行项目支出 48.60 万元",
    good="两处都是 38.598 万元（支出总表印到两位小数时为 38.60 万元，四舍五入相符）",
    regulation="《地方预决算公开操作规程》（财预〔2016〕143号）：同一数据在不同表中应当一致",
)
def overall_vs_tables(ctx: Context):
    """部门整体支出绩效目标表的资金总额、基本支出、项目支出，应与支出总表合计行的合计、基本支出、项目支出
    相同（元与万元换算，按两处中较粗的一处的小数位允许四舍五入）。文件中有几张整体绩效目标表（多个单位各
    一张）时，单张表只是部门的一部分，不与部门的支出总表比较；整体表的单位名称写明“本级”的，支出总表可能
    还含下属单位，不符时只记警告。"""
    overall = _overall(ctx)
    t, row = _total_row(ctx, "expenditure_summary")
    if row is None:
        raise MissingData("没有找到支出总表的合计行")
    if ctx.shifted(t, row):
        raise MissingData("支出总表合计行数字错行")
    if len(overall) > 1:
        raise NotApplicable("有多张部门整体支出绩效目标表，各是部门的一部分")
    o = overall[0]
    checked = False
    for k, label, col in (("total", "资金总额", "total"), ("basic", "基本支出", "basic"),
                          ("project", "项目支出", "project")):
        a = o.amounts.get(k)
        b = value(row, col)
        if a is None or b is None:
            continue
        checked = True
        unit = t.money_unit
        a_in = convert(a, o.money_unit or ctx.unit, unit)
        tol = convert(half_unit([a]), o.money_unit or ctx.unit, unit) + half_unit([b])
        if abs(a_in - b) > tol:
            own = "本级" in key(o.unit_name or "")
            yield _at_overall(o, f"{o.title}的{label} {money(a, o.money_unit)}，{t.title}合计行的{label} "
                                 f"{money(b, unit)}，两处不符" + ("（整体表填的是本级，支出总表若含下属单位，"
                                                               "两处可以不同）。" if own else "。"),
                              column=label, expected=b, actual=a_in, severity="警告" if own else None)
    if not checked:
        raise MissingData("部门整体支出绩效目标表或支出总表中没有可比的金额")


# ---------------------------------------------------------------------------------------------
# P009 project amount = 财政拨款 + 其他资金


@rule(
    "P009", "错误", "项目金额不等于财政资金与其他资金之和",
    bad="年度资金申请总额 10,903,043.00 元，其中当年财政拨款 11,419,043.00 元，上年结转 0.00，其他资金 0.00",
    good="年度资金申请总额 11,419,043.00 元（或当年财政拨款 10,903,043.00 元）",
    regulation=_REG_EVAL,
)
def project_amount_parts(ctx: Context):
    """项目绩效目标表的预算金额（年度资金申请总额、预算数）等于其中的财政资金（当年财政拨款）加其他资金
    （允许四舍五入）。两栏都印出数字时核对相加；其他资金一栏空白时，财政资金不能大于预算金额（部分不能
    大于整体）。有上年结转资金的表不核对（结转是第三个组成部分，读表时不拆分）。"""
    checked = False
    for p in _projects(ctx):
        if p.amount is None or p.fiscal_amount is None:
            continue
        checked = True
        unit = p.money_unit or ctx.unit
        if p.other_amount is None:
            if p.fiscal_amount > p.amount + half_unit([p.amount, p.fiscal_amount]) * 2:
                yield _at(p, f"项目“{_name(p)}”的金额 {money(p.amount, unit)}，其中财政资金却有 "
                             f"{money(p.fiscal_amount, unit)}，比总额还多 {p.fiscal_amount - p.amount}。",
                          column="金额", expected=p.fiscal_amount, actual=p.amount)
            continue
        parts = [p.fiscal_amount, p.other_amount]
        s = sum(parts, ZERO)
        if not close(p.amount, s, parts):
            yield _at(p, f"项目“{_name(p)}”的金额 {money(p.amount, unit)}，但其中财政资金（财政拨款）"
                         f"{money(p.fiscal_amount, unit)}＋其他资金 {money(p.other_amount, unit)} ＝ {money(s, unit)}，"
                         f"相差 {p.amount - s}。", column="金额", expected=s, actual=p.amount)
    if not checked:
        raise MissingData("项目绩效目标表中没有印出财政资金")


# ---------------------------------------------------------------------------------------------
# P010 a quantitative 产出 indicator


@rule(
    "P010", "警告", "产出指标中没有定量指标",
    bad="某项目的产出指标：数量指标“办公保障”指标值“正常运行”，质量指标“运转保障率”指标值“良好”，"
        "时效指标“及时保障”，成本指标“按规定执行”，全部是文字",
    good="数量指标“保障办公人数”指标值“≥100人”",
    regulation=f"{_REG_CORE}：绩效指标应当细化、量化；{_REG_EVAL}：定量指标按完成比例计分",
)
def quantitative_output(ctx: Context):
    """每个项目（专项资金）和部门整体支出绩效目标表的产出指标（含成本指标）中，至少要有一条定量指标——指标值
    写成数字（如“≥100人”“100%”“≤5 万元”，也包括“≥90是否按照……”这种数字后接说明的写法），否则年终自评
    没有可以按完成比例计分的产出。“按规定执行”“及时保障”“良好”之类为定性指标。指标值的读法与
    yusuan evaluate 相同（见 docs/performance.md）。没有产出指标的项目由 P001 报告，这里不重复。"""
    checked = False
    forms = [(p, f"项目“{_name(p)}”", _at) for p in _projects(ctx)]
    forms += [(o, o.title, _at_overall) for o in ctx.disclosure.overall_targets]
    for form, label, at in forms:
        outputs = [i for i in form.indicators if category(i) == "output" and (i.value or "").strip()]
        if not outputs:
            continue
        checked = True
        if not any(is_quantitative(i.value) for i in outputs):
            shown = "；".join(f"{key(i.level3 or i.description or '')} {key(i.value)}" for i in outputs)
            yield at(form, f"{label}的 {len(outputs)} 条产出指标都是定性指标（{shown}），没有一条写明数量。",
                     column="产出指标", expected="至少一条定量指标", actual="全部定性")
    if not checked:
        raise MissingData("绩效目标表中没有读到填了指标值的产出指标")
