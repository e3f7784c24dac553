"""The performance targets of a budget, from any document yusuan reads or from YAML.

:class:`TargetSet` gathers the targets of one budget — its project (专项资金) target tables and its
部门整体支出绩效目标表 — from any document yusuan reads, or from a YAML build input, and writes them back as
YAML (:func:`dump_targets`) that reads into the same model objects (:func:`targets_from_yaml`). How one
indicator's value reads as a target is :mod:`yusuan.performance.indicators`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from yusuan.errors import YusuanError
from yusuan.model import Disclosure, OverallTargets, Project
from yusuan.yaml_text import DecimalLoader, read_yaml


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
