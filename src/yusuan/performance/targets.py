"""Performance targets: an indicator's value read as a target, and the targets of a budget.

A target form prints each indicator's value as text: "≥100人", "100%", "≤5 万元", "按规定执行",
"良好", "≥90是否按照…" (the number runs into words), "=100.00(%)", "不低于50人次的…". :func:`parse_target`
reads it as an operator (≥ ≤ = or 定性), a number and a unit, keeping the printed text. The model keeps the
printed text (``Indicator.value``); the parsed target is always computed from it, so the two never disagree.

:class:`TargetSet` gathers the targets of one budget — its project (专项资金) target tables and its
部门整体支出绩效目标表 — from any document yusuan reads, or from a YAML build input, and writes them back as
YAML (:func:`dump_targets`) that reads into the same model objects (:func:`targets_from_yaml`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from yusuan.errors import YusuanError
from yusuan.model import Disclosure, Indicator, OverallTargets, Project
from yusuan.yaml_text import DecimalLoader, read_yaml

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
            return _one_line(self.text)
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


def _one_line(text: str) -> str:
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
    return _one_line(ind.level3 or ind.description or "")


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


# ---------------------------------------------------------------------------------------------
# the targets of a budget


@dataclass
class TargetSet:
    """The performance targets of one budget: its project (专项资金) target tables and overall targets."""

    source: str
    projects: list[Project] = field(default_factory=list)
    overall_targets: list[OverallTargets] = field(default_factory=list)
    title: str | None = None
    department: str | None = None
    year: int | None = None
    money_unit: str | None = None


def targets_from(d: Disclosure) -> TargetSet:
    return TargetSet(source=d.source, projects=list(d.projects), overall_targets=list(d.overall_targets),
                     title=d.title, department=d.department.name, year=d.year, money_unit=d.money_unit)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal):
    text = str(value)
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _represent_str(dumper: yaml.SafeDumper, value: str):
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


_TARGET_KEYS = {"title", "department", "year", "money_unit", "projects", "overall_targets"}


def dump_targets(ts: TargetSet, *, sources: bool = True) -> str:
    """The targets as YAML: ``projects:`` and ``overall_targets:`` entries with the fields of the model.

    Numbers are written as printed (8.00 stays 8.00) and :func:`targets_from_yaml` reads them back into the
    same model objects. ``sources=False`` leaves out where each value was read (page, line, cell).
    """
    exclude = None if sources else {"source": True, "indicators": {"__all__": {"source"}}}

    def plain(m: BaseModel) -> dict:
        return m.model_dump(mode="python", exclude_defaults=True, exclude=exclude)

    data: dict[str, Any] = {}
    for k in ("title", "department", "year", "money_unit"):
        if getattr(ts, k) is not None:
            data[k] = getattr(ts, k)
    data["projects"] = [plain(p) for p in ts.projects]
    if ts.overall_targets:
        data["overall_targets"] = [plain(o) for o in ts.overall_targets]
    return dump_yaml(data)


def _place(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_EXPECTED = {
    "decimal_parsing": "数字", "decimal_type": "数字", "float_parsing": "数字", "float_type": "数字",
    "int_parsing": "整数", "int_type": "整数", "int_from_float": "整数", "string_type": "文字", "list_type": "列表",
    "dict_type": "映射（键: 值）", "model_type": "映射（键: 值）", "model_attributes_type": "映射（键: 值）",
    "bool_type": "true 或 false", "bool_parsing": "true 或 false",
}


def invalid_value(err: dict) -> str:
    """A pydantic error about a value, in Chinese."""
    kind = err["type"]
    shown = err.get("input")
    shown = f"“{shown}”" if isinstance(shown, str) else repr(shown)
    if kind in _EXPECTED:
        return f"应是{_EXPECTED[kind]}，而不是 {shown}"
    if kind == "literal_error":
        allowed = (err.get("ctx") or {}).get("expected", "")
        return f"{shown} 不是可选的值（可选：{allowed}）"
    return f"值 {shown} 无效"


def _validation_error(exc: ValidationError, source: str, prefix: str) -> YusuanError:
    err = exc.errors()[0]
    where = _place((prefix,) + tuple(err["loc"]))
    kind = err["type"]
    if kind == "extra_forbidden":
        msg = f"{where} 是未知的字段"
    elif kind == "missing":
        msg = f"缺少 {where}"
    else:
        msg = f"{where} {invalid_value(err)}"
    more = len(exc.errors()) - 1
    return YusuanError(msg + (f"；另有 {more} 处错误" if more else ""), source=source)


def targets_from_data(data: Any, source: str) -> TargetSet:
    """Targets from a parsed YAML mapping with ``projects:`` (and ``overall_targets:``) of model fields."""
    if not isinstance(data, dict) or not ({"projects", "overall_targets"} & set(data)):
        raise YusuanError("YAML 中没有 projects（项目绩效目标）或 overall_targets（部门整体支出绩效目标）", source=source)
    ts = TargetSet(source=source)
    for listing, model in (("projects", Project), ("overall_targets", OverallTargets)):
        items = data.get(listing) or []
        if not isinstance(items, list):
            raise YusuanError(f"{listing} 应是一个列表", source=source)
        for n, item in enumerate(items):
            try:
                getattr(ts, listing).append(model.model_validate(item))
            except ValidationError as exc:
                raise _validation_error(exc, source, f"{listing}[{n}]") from None
    dept = data.get("department")
    ts.department = dept.get("name") if isinstance(dept, dict) else (str(dept) if dept is not None else None)
    ts.title = data.get("title") if isinstance(data.get("title"), str) else None
    ts.year = data.get("year") if isinstance(data.get("year"), int) else None
    ts.money_unit = data.get("money_unit") if data.get("money_unit") in ("元", "万元") else None
    return ts


def targets_from_yaml(text: str, source: str = "<yaml>") -> TargetSet:
    try:
        data = yaml.load(text, Loader=DecimalLoader)
    except yaml.YAMLError as exc:
        raise YusuanError(f"YAML 格式错误（{exc}）", source=source) from None
    return targets_from_data(data, source)


def _is_build_template(path: Path) -> bool:
    """A workbook written by ``yusuan template`` (its first sheet is 单位信息), not a published table."""
    if path.suffix.lower() != ".xlsx" or not path.exists():
        return False
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
    except Exception:
        return False  # not a readable workbook: the document readers will say why
    try:
        from yusuan.compose.template import INFO

        return INFO in wb.sheetnames
    finally:
        wb.close()


def load_targets(path: str | Path) -> TargetSet:
    """The targets of a document yusuan reads (text, DOCX, XLSX/XLS, PDF) or of a YAML build input.

    A YAML file holding only ``projects``/``overall_targets`` (and ``title``, ``department``, ``year``,
    ``money_unit``) — what :func:`dump_targets` writes — is read directly; any other YAML is a build input
    read with ``yusuan.compose.load_package``.
    """
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        data = read_yaml(path)
        if isinstance(data, dict) and set(data) <= _TARGET_KEYS:
            ts = targets_from_data(data, str(path))
        else:
            from yusuan.compose import load_package

            ts = targets_from(load_package(path).disclosure)
            ts.source = str(path)
    elif _is_build_template(path):
        from yusuan.compose import load_package

        ts = targets_from(load_package(path).disclosure)
        ts.source = str(path)
    else:
        import yusuan

        if not path.exists():
            raise YusuanError("文件不存在", source=str(path))
        ts = targets_from(yusuan.extract(path))
        ts.source = str(path)
    if not ts.projects and not ts.overall_targets:
        raise YusuanError("没有找到项目（专项资金）绩效目标表或部门整体支出绩效目标表", source=str(path))
    return ts
