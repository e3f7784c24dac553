"""The self-evaluation (绩效自评) of a year's projects against their performance targets.

The method is the standard 项目支出绩效自评 of 《项目支出绩效评价管理办法》（财预〔2020〕10号）; every number is
exact (fractions inside, two decimals half up where a figure is shown). See ``docs/performance.md``.

- Points: 预算执行率 10, 产出指标 50, 效益指标 30, 满意度指标 10, unless the actuals set other weights (adding up
  to 100). Each part's points are spread over its indicators equally, in cents, the first indicators taking the
  odd cents (50 over 3 indicators: 16.67, 16.67, 16.66), unless an indicator is given its points.
- A quantitative indicator met scores its points; one not met scores points × completion, completion being
  actual ÷ target for ≥ and target ÷ actual for ≤ (for = whichever of the two is below 1).
- A qualitative indicator scores the share of its points its grade gives: 达成 80–100%, 部分达成 60–80%, 未达成
  0–60% (100%, 70%, 30% unless a share is entered).
- 预算执行率 = 执行数 ÷ 预算数 and scores rate × its points, at most its points.
- The total is the sum of the scores as shown; 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below.
- An indicator not fully met (score below its points) must state 偏差原因 and 改进措施, else the evaluation
  reports an error; a 预算执行率 below 100% without them is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Literal

from yusuan.errors import YusuanError
from yusuan.model import Indicator, OverallTargets, Project
from yusuan.performance.actuals import ActualIndicator, ActualProject, Actuals, Weights
from yusuan.performance.indicators import CATEGORY_NAMES, Target, category, indicator_name, name_key, parse_target
from yusuan.performance.targets import TargetSet

CENT = Decimal("0.01")
PARTS = ("output", "benefit", "satisfaction")
GRADE_BANDS: dict[str, tuple[Decimal, Decimal, Decimal]] = {
    # grade: (lowest %, highest %, default %)
    "达成": (Decimal(80), Decimal(100), Decimal(100)),
    "部分达成": (Decimal(60), Decimal(80), Decimal(70)),
    "未达成": (Decimal(0), Decimal(60), Decimal(30)),
}
RATINGS = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (Decimal(0), "差"))
_MONEY = {"元": Fraction(1), "万元": Fraction(10000), "亿元": Fraction(100000000)}


def cents(x: Fraction | Decimal | int) -> Decimal:
    """Two decimals, half up, from an exact value."""
    f = Fraction(x)
    q = (f * 100 + Fraction(1, 2)).__floor__() if f >= 0 else -((-f * 100 + Fraction(1, 2)).__floor__())
    return (Decimal(q) / 100).quantize(CENT)


def rating(total: Decimal) -> str:
    for floor, name in RATINGS:
        if total >= floor:
            return name
    return "差"


@dataclass
class Problem:
    """Something the evaluation must report: an indicator not met without its reason, an odd execution."""

    severity: Literal["错误", "警告"]
    form: str
    message: str
    indicator: str | None = None
    place: str | None = None

    def describe(self) -> str:
        where = f"（{self.place}）" if self.place else ""
        return f"{self.severity}：{self.message}{where}"


@dataclass
class IndicatorScore:
    part: str  # output / benefit / satisfaction
    level1: str | None
    level2: str | None
    name: str
    target: Target
    points: Decimal
    score: Decimal
    actual_text: str
    actual: Decimal | None = None
    completion: Decimal | None = None  # in %, two decimals: actual against target (quantitative)
    grade: str | None = None
    share: Decimal | None = None  # in %: the share of the points a grade gives (qualitative)
    reason: str | None = None
    measures: str | None = None

    @property
    def met(self) -> bool:
        return self.score >= self.points

    @property
    def part_name(self) -> str:
        return CATEGORY_NAMES[self.part]


@dataclass
class BudgetScore:
    money_unit: str | None
    initial: Decimal | None  # 年初预算数 (the target table's amount)
    budget: Decimal  # 全年预算数
    spent: Decimal  # 全年执行数
    rate: Decimal  # 执行率 in %, two decimals
    points: Decimal
    score: Decimal
    reason: str | None = None
    measures: str | None = None


@dataclass
class FormEvaluation:
    """The 绩效自评表 of one project (专项资金), or of the department's overall targets."""

    kind: Literal["project", "special_fund", "overall"]
    name: str
    code: str | None
    goal: str | None
    budget: BudgetScore
    indicators: list[IndicatorScore]
    weights: Weights
    summary: str | None = None

    @property
    def total(self) -> Decimal:
        return self.budget.score + sum((i.score for i in self.indicators), Decimal("0.00"))

    @property
    def rating(self) -> str:
        return rating(self.total)

    def part_points(self, part: str) -> Decimal:
        return sum((i.points for i in self.indicators if i.part == part), Decimal("0.00"))

    def part_score(self, part: str) -> Decimal:
        return sum((i.score for i in self.indicators if i.part == part), Decimal("0.00"))


@dataclass
class Evaluation:
    source: str
    actuals_source: str
    department: str | None
    year: int | None
    projects: list[FormEvaluation] = field(default_factory=list)
    overall: list[FormEvaluation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "错误"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "警告"]

    def totals(self) -> tuple[Decimal, Decimal, Decimal | None]:
        """Projects' 全年预算数 and 执行数 added up (in the unit of the first project) and the execution rate."""
        unit = self.projects[0].budget.money_unit if self.projects else None

        def amount(v: Decimal, u: str | None) -> Decimal:
            return _convert(v, u, unit) if u in _MONEY and unit in _MONEY and u != unit else v

        budget = sum((amount(p.budget.budget, p.budget.money_unit) for p in self.projects), Decimal(0))
        spent = sum((amount(p.budget.spent, p.budget.money_unit) for p in self.projects), Decimal(0))
        return budget, spent, (cents(Fraction(spent) / Fraction(budget) * 100) if budget else None)

    def average(self) -> Decimal | None:
        """The projects' scores weighted by their 全年预算数 (yusuan's summary, not a score of the method)."""
        weights = [(Fraction(p.budget.budget), Fraction(p.total)) for p in self.projects]
        total = sum((w for w, _ in weights), Fraction(0))
        if not weights or not total:
            return None
        return cents(sum((w * s for w, s in weights), Fraction(0)) / total)


# ---------------------------------------------------------------------------------------------
# matching actuals to targets


def _form_name(p: Project) -> str:
    return p.name.replace("\n", "").strip() or (p.title or "未命名项目").strip()


def _overall_name(o: OverallTargets) -> str:
    return (o.unit_name or o.title).replace("\n", "").strip()


def _match_projects(targets: TargetSet, actuals: Actuals, source: str) -> list[tuple[Project, ActualProject]]:
    pairs: list[tuple[Project, ActualProject]] = []
    used: set[int] = set()
    for a in actuals.projects:
        if not a.code and not a.name:
            raise YusuanError("项目没有编码（code）也没有名称（name）", source=source, place=a._place)
        hits = [i for i, p in enumerate(targets.projects) if a.code and p.code and a.code.strip() == p.code.strip()]
        if not hits and a.name:
            hits = [i for i, p in enumerate(targets.projects) if name_key(a.name) == name_key(_form_name(p))
                    and not (a.code and p.code)]
        label = f"“{a.name or ''}”" + (f"（编码 {a.code}）" if a.code else "")
        if not hits:
            known = "、".join(_form_name(p) + (f"（{p.code}）" if p.code else "") for p in targets.projects)
            raise YusuanError(f"绩效目标中没有项目{label}；绩效目标中的项目有：{known}", source=source, place=a._place)
        if len(hits) > 1:
            raise YusuanError(f"项目{label}在绩效目标中有 {len(hits)} 个同名项目，请写明项目编码（code）", source=source,
                              place=a._place)
        i = hits[0]
        p = targets.projects[i]
        if a.code and a.name and p.code and name_key(a.name) != name_key(_form_name(p)):
            raise YusuanError(f"编码 {a.code} 在绩效目标中是项目“{_form_name(p)}”，不是“{a.name}”", source=source,
                              place=a._place)
        if i in used:
            raise YusuanError(f"项目{label}重复出现", source=source, place=a._place)
        used.add(i)
        pairs.append((p, a))
    missing = [p for i, p in enumerate(targets.projects) if i not in used]
    if missing:
        names = "、".join(f"“{_form_name(p)}”" + (f"（编码 {p.code}）" if p.code else "") for p in missing)
        raise YusuanError(f"绩效目标中的项目{names}没有实际完成值", source=source)
    pairs.sort(key=lambda pa: next(i for i, p in enumerate(targets.projects) if p is pa[0]))
    return pairs


def _match_overall(targets: TargetSet, actuals: Actuals, source: str) -> list[tuple[OverallTargets, ActualProject]]:
    forms = targets.overall_targets
    if not forms:
        if actuals.overall:
            raise YusuanError("绩效目标中没有部门整体支出绩效目标表，实际完成值却有 overall（部门整体）",
                              source=source, place=actuals.overall[0]._place)
        return []
    pairs = []
    used: set[int] = set()
    for a in actuals.overall:
        if len(forms) == 1 and not a.name:
            i = 0
        else:
            hits = [i for i, o in enumerate(forms)
                    if a.name and name_key(a.name) in (name_key(o.unit_name), name_key(o.title))]
            if len(hits) != 1:
                known = "、".join(_overall_name(o) for o in forms)
                raise YusuanError(f"部门整体支出绩效目标表“{a.name or ''}”不在绩效目标中（有：{known}）", source=source,
                                  place=a._place)
            i = hits[0]
        if i in used:
            raise YusuanError(f"部门整体支出绩效目标表“{_overall_name(forms[i])}”重复出现", source=source,
                              place=a._place)
        used.add(i)
        pairs.append((forms[i], a))
    missing = [o for i, o in enumerate(forms) if i not in used]
    if missing:
        raise YusuanError(f"绩效目标中的部门整体支出绩效目标表“{'、'.join(_overall_name(o) for o in missing)}”"
                          "没有实际完成值（overall）", source=source)
    return pairs


def _match_indicators(form: str, indicators: list[Indicator], actual: ActualProject,
                      source: str) -> list[tuple[Indicator, ActualIndicator]]:
    out: dict[int, ActualIndicator] = {}
    for a in actual.indicators:
        hits = [i for i, ind in enumerate(indicators)
                if name_key(indicator_name(ind)) == name_key(a.name)
                and (a.level1 is None or name_key(a.level1) == name_key(ind.level1))
                and (a.level2 is None or name_key(a.level2) == name_key(ind.level2))]
        if not hits:
            known = "、".join(indicator_name(i) for i in indicators)
            raise YusuanError(f"项目“{form}”的绩效目标中没有指标“{a.name}”；它的指标有：{known}", source=source,
                              place=a._place)
        free = [i for i in hits if i not in out]
        if len(hits) > 1 and a.level2 is None and len({name_key(indicators[i].level2) for i in hits}) > 1:
            raise YusuanError(f"项目“{form}”有 {len(hits)} 个名为“{a.name}”的指标，请用 level2 写明二级指标",
                              source=source, place=a._place)
        if not free:
            raise YusuanError(f"项目“{form}”的指标“{a.name}”重复出现", source=source, place=a._place)
        out[free[0]] = a
    missing = [indicator_name(ind) for i, ind in enumerate(indicators) if i not in out]
    if missing:
        raise YusuanError(f"项目“{form}”的指标{'、'.join(f'“{m}”' for m in missing)}没有实际完成值", source=source,
                          place=actual._place)
    return [(indicators[i], out[i]) for i in range(len(indicators))]


# ---------------------------------------------------------------------------------------------
# points


def _spread(total: Decimal, n: int) -> list[Decimal]:
    """``total`` in ``n`` equal shares of whole cents; the first shares take the odd cents."""
    if n == 0:
        return []
    all_cents = int((total / CENT).to_integral_value(ROUND_FLOOR))
    base, extra = divmod(all_cents, n)
    return [(Decimal(base + (1 if k < extra else 0)) * CENT).quantize(CENT) for k in range(n)]


def _points(form: str, pairs: list[tuple[Indicator, ActualIndicator]], parts: list[str], weights: Weights,
            source: str, place: str | None) -> list[Decimal]:
    points: list[Decimal | None] = [a.points.quantize(CENT) if a.points is not None else None for _, a in pairs]
    for part in PARTS:
        idx = [k for k, p in enumerate(parts) if p == part]
        weight = getattr(weights, part)
        label = CATEGORY_NAMES[part]
        if not idx:
            if weight:
                raise YusuanError(f"项目“{form}”没有{label}，{label}的 {weight} 分无处分配；请在 weights 中把 {part} "
                                  "设为 0，把分值分给其他部分", source=source, place=place)
            continue
        given = sum((points[k] for k in idx if points[k] is not None), Decimal(0))
        free = [k for k in idx if points[k] is None]
        if given > weight or (not free and given != weight):
            raise YusuanError(f"项目“{form}”{label}各指标的分值合计 {given}，应为 {weight}", source=source, place=place)
        for k, share in zip(free, _spread(weight - given, len(free))):
            points[k] = share
    return [p if p is not None else Decimal("0.00") for p in points]


# ---------------------------------------------------------------------------------------------
# scores


def _actual_number(form: str, ind_name: str, target: Target, a: ActualIndicator, source: str) -> Decimal:
    value = a.actual
    if value is None or (isinstance(value, str) and not value.strip()):
        raise YusuanError(f"项目“{form}”的定量指标“{ind_name}”（指标值 {target.show()}）没有填写实际完成值",
                          source=source, place=a._place)
    if isinstance(value, Decimal):
        return value
    parsed = parse_target(value)
    if not parsed.quantitative or parsed.number is None:
        raise YusuanError(f"项目“{form}”的定量指标“{ind_name}”的实际完成值“{value}”不是数字", source=source,
                          place=a._place)
    unit, want = parsed.unit, target.unit
    if unit is None or want is None or unit == want:
        return parsed.number
    if unit in _MONEY and want in _MONEY:
        return _convert(parsed.number, unit, want)
    raise YusuanError(f"项目“{form}”的指标“{ind_name}”实际完成值的单位“{unit}”与指标值的单位“{want}”不同",
                      source=source, place=a._place)


def _convert(v: Decimal, unit: str, want: str) -> Decimal:
    f = Fraction(v) * _MONEY[unit] / _MONEY[want]
    return Decimal(f.numerator) / Decimal(f.denominator)


def _completion(target: Target, actual: Decimal) -> Fraction:
    """Actual against target as a fraction (1 or more when met)."""
    t, a = Fraction(target.number), Fraction(actual)
    if target.operator == "≥":
        return Fraction(1) if a >= t else (a / t if t else Fraction(1))
    if target.operator == "≤":
        return Fraction(1) if a <= t else t / a
    if a == t:
        return Fraction(1)
    return a / t if a < t else t / a


def _score_indicator(form: str, ind: Indicator, a: ActualIndicator, part: str, points: Decimal,
                     source: str) -> IndicatorScore:
    target = parse_target(ind.value)
    name = indicator_name(ind)
    common = dict(part=part, level1=_flat(ind.level1), level2=_flat(ind.level2), name=name, target=target,
                  points=points, reason=_text(a.reason), measures=_text(a.measures))
    if target.quantitative:
        if a.grade is not None or a.percent is not None:
            raise YusuanError(f"项目“{form}”的指标“{name}”是定量指标（指标值 {target.show()}），按实际完成值计分，"
                              "不填完成等级（grade）和等级得分比例（percent）", source=source, place=a._place)
        actual = _actual_number(form, name, target, a, source)
        done = _completion(target, actual)
        score = points if done >= 1 else min(points, cents(Fraction(points) * done))
        shown = a.actual if isinstance(a.actual, str) else f"{actual}{target.unit or ''}"
        return IndicatorScore(**common, score=score, actual_text=str(shown).strip(), actual=actual,
                              completion=cents(min(done, Fraction(1)) * 100))
    if a.grade is None:
        raise YusuanError(f"项目“{form}”的指标“{name}”是定性指标（指标值 {target.show()}），请填写完成等级（grade）："
                          "达成、部分达成 或 未达成", source=source, place=a._place)
    low, high, default = GRADE_BANDS[a.grade]
    share = default if a.percent is None else a.percent
    if not low <= share <= high:
        raise YusuanError(f"项目“{form}”的指标“{name}”完成等级为{a.grade}，等级得分比例应在 {low}%–{high}% 之间，"
                          f"而不是 {share}%", source=source, place=a._place)
    score = cents(Fraction(points) * Fraction(share) / 100)
    actual_text = a.actual if isinstance(a.actual, str) else ("" if a.actual is None else str(a.actual))
    return IndicatorScore(**common, score=score, actual_text=actual_text.strip() or a.grade, grade=a.grade,
                          share=share)


def _flat(text: str | None) -> str | None:
    return text.replace("\n", "").strip() if text else text


def _text(text: str | None) -> str | None:
    return text.strip() if text and text.strip() else None


def _score_budget(form: str, amount: Decimal | None, unit: str | None, a: ActualProject, points: Decimal,
                  source: str) -> BudgetScore:
    budget = a.budget if a.budget is not None else amount
    if budget is None:
        raise YusuanError(f"项目“{form}”的绩效目标表没有金额，请填写全年预算数（budget）", source=source, place=a._place)
    if a.spent is None:
        raise YusuanError(f"项目“{form}”没有填写全年执行数（spent）", source=source, place=a._place)
    if budget <= 0:
        raise YusuanError(f"项目“{form}”的全年预算数 {budget} 应大于 0", source=source, place=a._place)
    if a.spent < 0:
        raise YusuanError(f"项目“{form}”的全年执行数 {a.spent} 不能为负", source=source, place=a._place)
    points = points.quantize(CENT)
    rate = Fraction(a.spent) / Fraction(budget)
    score = min(points, cents(Fraction(points) * rate))
    return BudgetScore(money_unit=unit, initial=amount, budget=budget, spent=a.spent, rate=cents(rate * 100),
                       points=points, score=score, reason=_text(a.reason), measures=_text(a.measures))


def _evaluate_form(kind, name: str, code: str | None, goal: str | None, amount: Decimal | None, unit: str | None,
                   indicators: list[Indicator], a: ActualProject, weights: Weights, source: str,
                   problems: list[Problem]) -> FormEvaluation:
    total = weights.budget + weights.output + weights.benefit + weights.satisfaction
    if total != 100:
        raise YusuanError(f"项目“{name}”的分值合计 {total}（预算执行率 {weights.budget}＋产出 {weights.output}＋效益 "
                          f"{weights.benefit}＋满意度 {weights.satisfaction}），应为 100", source=source, place=a._place)
    if not indicators:
        raise YusuanError(f"项目“{name}”的绩效目标表没有绩效指标，无法自评", source=source, place=a._place)
    pairs = _match_indicators(name, indicators, a, source)
    parts = []
    for ind, ai in pairs:
        part = category(ind)
        if part is None:
            raise YusuanError(f"项目“{name}”的指标“{indicator_name(ind)}”的一级指标“{_flat(ind.level1) or '空白'}”"
                              "不是产出、效益或满意度指标", source=source, place=ai._place)
        parts.append(part)
    points = _points(name, pairs, parts, weights, source, a._place)
    scores = [_score_indicator(name, ind, ai, part, pts, source)
              for (ind, ai), part, pts in zip(pairs, parts, points)]
    budget = _score_budget(name, amount, unit, a, weights.budget, source)
    for s, (_, ai) in zip(scores, pairs):
        if s.met:
            continue
        lacking = [w for w, v in (("偏差原因", s.reason), ("改进措施", s.measures)) if not v]
        if lacking:
            problems.append(Problem("错误", name, f"项目“{name}”的指标“{s.name}”没有完全达成（得分 {s.score}，分值 "
                                                  f"{s.points}），缺少{'和'.join(lacking)}", s.name, ai._place))
    if budget.score < budget.points and not (budget.reason and budget.measures):
        problems.append(Problem("警告", name, f"项目“{name}”的预算执行率 {budget.rate}%，没有说明偏差原因和改进措施",
                                "预算执行率", a._place))
    if budget.spent > budget.budget:
        problems.append(Problem("警告", name, f"项目“{name}”的全年执行数 {budget.spent} 超过全年预算数 {budget.budget}"
                                             f"（执行率 {budget.rate}%，按满分计）", "预算执行率", a._place))
    return FormEvaluation(kind=kind, name=name, code=code, goal=goal, budget=budget, indicators=scores, weights=weights,
                          summary=_text(a.summary))


def evaluate(targets: TargetSet, actuals: Actuals) -> Evaluation:
    """Score each project's (and the department's) actuals against its targets.

    Raises :class:`~yusuan.errors.YusuanError` (naming the file and the place) when the actuals do not fit
    the targets: a project or indicator the targets do not have, one the actuals miss, a value that is not
    a number, a grade or share outside its band, weights not adding up to 100. What the evaluation itself
    finds (a missed target without its reason) is in :attr:`Evaluation.problems`.
    """
    source = actuals._source or "实际完成值"
    ev = Evaluation(source=targets.source, actuals_source=source, department=targets.department or actuals.department,
                    year=targets.year or actuals.year)
    default = actuals.weights or Weights()
    for p, a in _match_projects(targets, actuals, source):
        name = _form_name(p)
        ev.projects.append(_evaluate_form(p.kind, name, p.code, p.goal, p.amount, p.money_unit, p.indicators, a,
                                          a.weights or default, source, ev.problems))
    for o, a in _match_overall(targets, actuals, source):
        ev.overall.append(_evaluate_form("overall", _overall_name(o), None, o.goal, o.amounts.get("total"),
                                         o.money_unit, o.indicators, a, a.weights or default, source, ev.problems))
    return ev
