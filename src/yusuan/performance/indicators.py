"""An indicator's value read as a target, and the 一级 it is scored under.

A target form prints each indicator's value as text: "≥100人", "100%", "≤5 万元", "按规定执行",
"良好", "≥90是否按照…" (the number runs into words), "=100.00(%)", "不低于50人次的…". :func:`parse_target`
reads it as an operator (≥ ≤ = or 定性), a number and a unit, keeping the printed text. The model keeps the
printed text (``Indicator.value``); the parsed target is always computed from it, so the two never disagree.

This depends on the model alone: the check rules read indicators with it as well as the self-evaluation,
and neither should pull in how targets are loaded from build inputs.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from yusuan.model import Indicator

Operator = Literal["≥", "≤", "=", "定性"]
Category = Literal["output", "benefit", "satisfaction"]

CATEGORY_NAMES: dict[str, str] = {
    "budget": "预算执行率", "output": "产出指标", "benefit": "效益指标", "satisfaction": "满意度指标"}


class Target(BaseModel):
    """An indicator's value as a target: ``≥ 100 人`` or ``定性`` (graded by the evaluator)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    operator: Operator
    number: Decimal | None = None
    unit: str | None = None
    text: str
    note: str | None = None

    @property
    def quantitative(self) -> bool:
        return self.operator != "定性"

    def show(self) -> str:
        """The target in a normal form: "≥100人", "100%", "≤5万元", or the printed text when qualitative."""
        if not self.quantitative:
            return one_line(self.text)
        op = "" if self.operator == "=" else self.operator
        return f"{op}{self.number}{self.unit or ''}"


# ---------------------------------------------------------------------------------------------
# parsing a value

_GE = ("大于或等于", "大于等于", "不低于", "不少于", "不小于", "至少", "达到", "高于", "超过", "大于", "≥", ">")
_LE = ("小于或等于", "小于等于", "不高于", "不超过", "不多于", "不大于", "控制在", "低于", "少于", "小于", "≤", "<")
_EQ = ("=",)
_OPS = {w: "≥" for w in _GE} | {w: "≤" for w in _LE} | {w: "=" for w in _EQ}
_UNITS = (
    "%", "‰", "万人次", "人次", "户次", "万人", "人", "户", "名", "位", "家", "个工作日", "工作日", "个月", "个", "次",
    "件", "项", "场", "期", "份", "篇", "台", "套", "辆", "批次", "批", "座", "所", "处", "间", "张", "本", "册", "条",
    "类", "门", "课时", "学时", "小时", "分钟", "天", "日", "周", "月", "年", "分", "度", "平方公里", "平方米", "公里",
    "千米", "米", "公顷", "亩", "吨", "千瓦时", "亿元", "万元", "元", "倍",
)
_PER = r"(?:/(?:人次|人|户|月|年|天|日|次|个|平方米))*"
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_DIGIT = re.compile(r"\d")
_TARGET = re.compile(
    rf"(?P<op>{'|'.join(re.escape(w) for w in sorted(_OPS, key=len, reverse=True))})?"
    rf"(?P<num>{_NUMBER})"
    rf"(?:\((?P<punit>[^()\d]{{1,5}})\)|(?P<unit>{'|'.join(re.escape(u) for u in _UNITS)})(?P<per>{_PER}))?"
    rf"(?P<suffix>以上|以下|以内|内)?"
)
_NOT_A_TARGET_AFTER = re.compile(r"^(?:号|时前|】|\]|〕)")


def one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", "", text).strip()


def _normal(text: str) -> str:
    """Full-width forms folded (％ → %, （ → (, ＞ → >), whitespace dropped, ">=" and "百分比" spelt as signs."""
    t = unicodedata.normalize("NFKC", text)
    t = re.sub(r"\s+", "", t)
    for a, b in ((">=", "≥"), ("=>", "≥"), ("<=", "≤"), ("=<", "≤"), ("≧", "≥"), ("≦", "≤"), ("百分比", "%"),
                 ("百分之", "")):
        t = t.replace(a, b)
    return t


def _candidates(t: str) -> list[re.Match]:
    out = []
    for m in _TARGET.finditer(t):
        before = t[:m.start()]
        after = t[m.end():]
        if before.endswith(("【", "[", "〔", "第")) or _NOT_A_TARGET_AFTER.match(after):
            continue
        unit = m.group("unit") or ""
        if unit in ("年", "月", "日") and not m.group("op"):
            continue  # a date ("2024年", "12月底前"), not a target
        out.append(m)
    return out


def _target_in(printed: str) -> tuple[str, re.Match | None]:
    """The value folded, and the number that makes it a target (None: 定性)."""
    t = _normal(printed)
    found = _candidates(t) if _DIGIT.search(t) else []  # no digit, no number: 定性 without running the pattern
    if found and found[0].start() == 0:
        return t, found[0]
    if len(found) == 1 and (found[0].group("op") or found[0].group("suffix") or found[0].group("unit") == "%"
                            or found[0].group("punit") == "%"):
        return t, found[0]
    return t, None


def is_quantitative(text: str | None) -> bool:
    """Whether :func:`parse_target` reads ``text`` as a quantitative target, without building it."""
    return _target_in(text or "")[1] is not None


def parse_target(text: str | None) -> Target:
    """Read a printed indicator value as a target.

    Quantitative when the value starts with an operator or a number ("≥100人", "100%", "≥90是否按照…"), or
    holds exactly one number stated with an operator word or as a percentage ("补贴对象生活改善度不低于80%",
    "满意率100%"). Otherwise — "按规定执行", "良好", "及时保障", a value with several numbers — 定性.
    "以上" after the number means ≥, "以下"/"以内" ≤; ">" and "<" are read as ≥ and ≤.
    """
    printed = text or ""
    t, chosen = _target_in(printed)
    if chosen is None:
        return Target(operator="定性", text=printed)
    op = _OPS.get(chosen.group("op") or "", "=")
    suffix = chosen.group("suffix")
    if suffix and op == "=":
        op = "≥" if suffix == "以上" else "≤"
    unit = chosen.group("punit") or ((chosen.group("unit") or "") + (chosen.group("per") or "")) or None
    try:
        number = Decimal(chosen.group("num").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only matches digits
        return Target(operator="定性", text=printed)
    rest = (t[:chosen.start()] + " " + t[chosen.end():]).strip(" ，,。；;:：")
    return Target(operator=op, number=number, unit=unit, text=printed, note=rest or None)


# ---------------------------------------------------------------------------------------------
# indicators


def indicator_name(ind: Indicator) -> str:
    """How an indicator is named: its 三级指标 (or, without one, its description), on one line."""
    return one_line(ind.level3 or ind.description or "")


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def name_key(name: str | None) -> str:
    """Names compared without whitespace and with full-width forms folded (the few 一级/二级 names repeat
    on every indicator, so each is folded once)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name or ""))


def category(ind: Indicator) -> Category | None:
    """The 一级 an indicator is scored under. 成本指标 (a 一级 in the 2021 forms, a 二级 of 产出 before) counts with
    产出; "社会公众及服务对象满意度" printed as a 二级 under 效益指标 (older forms) is a 满意度 indicator."""
    l1 = name_key(ind.level1)
    l2 = name_key(ind.level2)
    if "满意" in l1 or "满意" in l2:
        return "satisfaction"
    if "产出" in l1 or "成本" in l1:
        return "output"
    if "效益" in l1:
        return "benefit"
    return None
