"""What a year achieved: the actuals a self-evaluation (绩效自评) scores against the targets.

Entered per project (专项资金) and per indicator, in YAML::

    weights:                      # optional: 预算执行率 10, 产出 50, 效益 30, 满意度 10
      budget: 10
      output: 50
      benefit: 30
      satisfaction: 10
    projects:
      - code: "13011024P000024100228"   # the project's code or its name (or both)
        name: 2024年多元化解中心保障经费
        budget: 8.00                    # 全年预算数 (without it: the amount of the target table)
        spent: 7.60                     # 全年执行数, in the unit of the target table
        indicators:
          - name: 保障办公人数           # the 三级指标 as printed
            actual: 105人
          - name: 运转保障率             # a qualitative indicator is graded
            actual: 中心全年正常运行
            grade: 达成                  # 达成 / 部分达成 / 未达成
          - name: 多元化解中心人员满意率
            actual: 93%
            reason: 偏差原因
            measures: 改进措施

or in the workbook :func:`write_evaluation_template` writes, pre-filled with the targets. The 部门整体支出
绩效目标表, when the targets have one, is entered under ``overall:`` the same way (without ``code``).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from yusuan.errors import YusuanError
from yusuan.performance.indicators import CATEGORY_NAMES, category, indicator_name, parse_target
from yusuan.performance.targets import TargetSet, invalid_value, targets_from
from yusuan.yaml_text import DecimalLoader, read_yaml

Grade = Literal["达成", "部分达成", "未达成"]
GRADES: tuple[str, ...] = ("达成", "部分达成", "未达成")


class Weights(BaseModel):
    """Points of each part of the score; they add up to 100."""

    model_config = ConfigDict(extra="forbid")
    budget: Decimal = Decimal(10)
    output: Decimal = Decimal(50)
    benefit: Decimal = Decimal(30)
    satisfaction: Decimal = Decimal(10)


class ActualIndicator(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=False)
    name: str
    level1: str | None = None
    level2: str | None = None
    actual: Decimal | str | None = None
    grade: Grade | None = None
    percent: Decimal | None = Field(default=None, description="share of the points within the grade's band, in %")
    points: Decimal | None = None
    reason: str | None = None
    measures: str | None = None
    _place: str | None = PrivateAttr(default=None)


class ActualProject(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    code: str | None = None
    name: str | None = None
    budget: Decimal | None = None
    spent: Decimal | None = None
    reason: str | None = None
    measures: str | None = None
    summary: str | None = Field(default=None, description="年度总体目标的实际完成情况")
    weights: Weights | None = None
    indicators: list[ActualIndicator] = Field(default_factory=list)
    _place: str | None = PrivateAttr(default=None)


class Actuals(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    year: int | None = None
    department: str | None = None
    weights: Weights | None = None
    projects: list[ActualProject] = Field(default_factory=list)
    overall: list[ActualProject] = Field(default_factory=list)
    _source: str = PrivateAttr(default="")


# ---------------------------------------------------------------------------------------------
# YAML


class _Lines(dict):
    """A YAML mapping that remembers the line it starts on."""

    line: int = 0


class _LineLoader(DecimalLoader):
    pass


def _mapping(loader: _LineLoader, node: yaml.MappingNode):
    m = _Lines(loader.construct_mapping(node, deep=True))
    m.line = node.start_mark.line + 1
    return m


_LineLoader.add_constructor("tag:yaml.org,2002:map", _mapping)


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_of(data: Any, loc: tuple) -> int | None:
    line = getattr(data, "line", None)
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(node, "line", line)
    return line


_FIELD_NAMES = {
    "spent": "执行数（spent）", "budget": "预算数（budget）", "actual": "实际完成值（actual）", "grade": "完成等级（grade）",
    "percent": "等级得分比例（percent）", "points": "分值（points）", "name": "名称（name）",
}


_WEIGHT_NAMES = {"budget": "预算执行率的分值（budget）", "output": "产出指标的分值（output）",
                 "benefit": "效益指标的分值（benefit）", "satisfaction": "满意度指标的分值（satisfaction）"}


def _validation_error(exc: ValidationError, data: Any, source: str) -> YusuanError:
    err = exc.errors()[0]
    loc = tuple(err["loc"])
    # a union's member name ("decimal", "str") is not a place the user wrote
    loc = tuple(p for p in loc if not (isinstance(p, str) and p in ("decimal", "str", "function-after[...]")))
    where = _path(loc)
    line = _line_of(data, loc[:-1] if err["type"] == "missing" else loc)
    place = f"第 {line} 行（{where}）" if line else where
    kind = err["type"]
    if kind == "extra_forbidden":
        msg = f"“{loc[-1]}” 是未知的字段"
    elif kind == "missing":
        msg = f"缺少 {_FIELD_NAMES.get(str(loc[-1]), loc[-1])}"
    elif kind == "literal_error":
        msg = f"“{err.get('input')}” 不是有效的完成等级，应为 达成、部分达成 或 未达成"
    else:
        names = _WEIGHT_NAMES if "weights" in loc else _FIELD_NAMES
        msg = f"{names.get(str(loc[-1]), loc[-1])}{invalid_value(err)}"
    return YusuanError(msg, source=source, place=place)


def actuals_from_data(data: Any, source: str) -> Actuals:
    if not isinstance(data, dict) or not ({"projects", "overall"} & set(data)):
        raise YusuanError("实际完成值文件中没有 projects（项目）或 overall（部门整体）", source=source)
    if isinstance(data.get("overall"), dict):
        data = _Lines(data, overall=[data["overall"]])
    try:
        actuals = Actuals.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc, data, source) from None
    actuals._source = source
    for listing in ("projects", "overall"):
        for n, p in enumerate(getattr(actuals, listing)):
            raw = data[listing][n]
            line = getattr(raw, "line", None)
            p._place = f"第 {line} 行（{listing}[{n}]）" if line else f"{listing}[{n}]"
            for k, ind in enumerate(p.indicators):
                iline = getattr(raw.get("indicators", [])[k], "line", None)
                ind._place = f"第 {iline} 行（{listing}[{n}].indicators[{k}]）" if iline else \
                    f"{listing}[{n}].indicators[{k}]"
    return actuals


def load_actuals(path: str | Path) -> Actuals:
    """Actuals from a YAML file or from the workbook :func:`write_evaluation_template` writes (.xlsx)."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_evaluation_workbook(path)
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise YusuanError("实际完成值应是 YAML 文件（.yaml、.yml）或预填了绩效目标的自评填报工作簿（.xlsx）",
                          source=str(path))
    data = read_yaml(path, loader=_LineLoader)
    return actuals_from_data(data, str(path))


# ---------------------------------------------------------------------------------------------
# the workbook

SHEET_BUDGET = "预算执行"
SHEET_INDICATORS = "绩效指标"
SHEET_WEIGHTS = "分值"
SHEET_HELP = "填写说明"
OVERALL = "部门整体"

_BUDGET_HEADER = ["类别", "项目编码", "项目名称", "金额单位", "年初预算数", "全年预算数", "全年执行数", "偏差原因", "改进措施"]
_SUMMARY = "年度总体目标完成情况"
_IND_HEADER = ["类别", "项目编码", "项目名称", "一级指标", "二级指标", "三级指标", "指标值", "指标类型", "分值",
               "实际完成值", "完成等级", "等级得分比例（%）", "偏差原因", "改进措施"]
_WEIGHT_ROWS = [("budget", "预算执行率"), ("output", "产出指标"), ("benefit", "效益指标"), ("satisfaction", "满意度指标")]
_HELP = [
    "绩效自评填写说明",
    "1. “预算执行”表：每个项目一行，填写全年预算数（已按年初预算数预填，预算调整时改为调整后的数）和全年执行数，"
    "金额单位与绩效目标表相同；执行率低于 100% 时填写偏差原因和改进措施；可填写年度总体目标的完成情况。",
    "2. “绩效指标”表：每条三级指标一行，指标值已按绩效目标表预填，不要修改前七栏。",
    "   定量指标：“实际完成值”填数字（可带单位，如 105人、93%），按完成比例计分。",
    "   定性指标：“完成等级”选 达成、部分达成 或 未达成；“等级得分比例”可不填（默认 100%、70%、30%），"
    "填写时须在该等级的区间内（达成 80–100，部分达成 60–80，未达成 0–60）。",
    "   没有完全达成（得分低于分值）的指标必须填写偏差原因和改进措施。",
    "   “分值”不填时，每类一级指标的分值在该类指标间平均分配。",
    "3. “分值”表：预算执行率、产出指标、效益指标、满意度指标四部分的分值，合计 100 分。",
    "评分方法见 docs/performance.md（依据《项目支出绩效评价管理办法》财预〔2020〕10号）。",
]


def _forms(targets: TargetSet):
    for p in targets.projects:
        yield "项目", p.code, p.name.replace("\n", "").strip() or (p.title or ""), p.money_unit, p.amount, p.indicators
    for o in targets.overall_targets:
        yield OVERALL, None, o.unit_name or o.title, o.money_unit, o.amounts.get("total"), o.indicators


def write_evaluation_template(targets: TargetSet | Any, path: str | Path) -> Path:
    """Write the actuals workbook, pre-filled with the targets (a :class:`TargetSet` or a ``Disclosure``).

    Sheets: 填写说明, 预算执行 (one row per project), 绩效指标 (one row per indicator, its target printed and
    its kind 定量/定性 stated), 分值 (the weights). :func:`load_actuals` reads it back.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    if not isinstance(targets, TargetSet):
        targets = targets_from(targets)
    path = Path(path)
    wb = Workbook()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")

    ws = wb.active
    ws.title = SHEET_HELP
    for line in _HELP:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 120

    wb_budget = wb.create_sheet(SHEET_BUDGET)
    wb_budget.append(_BUDGET_HEADER + [_SUMMARY])
    for kind, code, name, unit, amount, _ in _forms(targets):
        wb_budget.append([kind, code, name, unit, amount, amount, None, None, None, None])
        if amount is not None and amount.as_tuple().exponent < 0:
            shown = "0." + "0" * -amount.as_tuple().exponent  # 8.00 stays 8.00 in Excel
            for c in wb_budget[wb_budget.max_row][4:7]:
                c.number_format = shown
    for c in wb_budget[1]:
        c.font = bold
    for row in wb_budget.iter_rows(min_row=2, min_col=6, max_col=10):
        for c in row:
            c.fill = fill
    for col, width in zip("ABCDEFGHIJ", (10, 26, 40, 10, 12, 12, 12, 40, 40, 40)):
        wb_budget.column_dimensions[col].width = width
    wb_budget.freeze_panes = "A2"

    wi = wb.create_sheet(SHEET_INDICATORS)
    wi.append(_IND_HEADER)
    for kind, code, name, _, _, indicators in _forms(targets):
        for ind in indicators:
            t = parse_target(ind.value)
            wi.append([kind, code, name, _flat(ind.level1), _flat(ind.level2), indicator_name(ind), ind.value,
                       "定量" if t.quantitative else "定性", None, None, None, None, None, None])
    for c in wi[1]:
        c.font = bold
    for row in wi.iter_rows(min_row=2, min_col=9, max_col=14):
        for c in row:
            c.fill = fill
    for row in wi.iter_rows(min_row=2):
        for c in row:
            c.alignment = wrap
    for col, width in zip("ABCDEFGHIJKLMN", (10, 24, 30, 12, 16, 30, 16, 9, 8, 16, 10, 12, 30, 30)):
        wi.column_dimensions[col].width = width
    wi.freeze_panes = "A2"
    if wi.max_row > 1:
        dv = DataValidation(type="list", formula1='"达成,部分达成,未达成"', allow_blank=True)
        dv.error = "完成等级应为 达成、部分达成 或 未达成"
        wi.add_data_validation(dv)
        dv.add(f"K2:K{wi.max_row}")

    ww = wb.create_sheet(SHEET_WEIGHTS)
    ww.append(["部分", "分值"])
    defaults = Weights()
    for k, label in _WEIGHT_ROWS:
        ww.append([label, int(getattr(defaults, k))])
    ww.append(["合计", "=SUM(B2:B5)"])
    for c in ww[1]:
        c.font = bold
    ww.column_dimensions["A"].width = 16

    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _flat(text: str | None) -> str | None:
    return text.replace("\n", "").strip() if text else text


def _cell_text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v).strip()
    return s or None


def _cell_number(v: Any, where: str, label: str, source: str) -> Decimal | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, bool):
        raise YusuanError(f"{label}应是数字，而不是 {v!r}", source=source, place=where)
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, float):
        return Decimal(repr(v))
    try:
        return Decimal(str(v).strip().replace(",", ""))
    except InvalidOperation:
        raise YusuanError(f"{label}应是数字，而不是“{v}”", source=source, place=where) from None


def _percent_cell(c) -> Any:
    """A cell's value; a number Excel shows as a percentage (96% typed, 0.96 stored) as "96%"."""
    v = c.value
    if isinstance(v, (int, float)) and not isinstance(v, bool) and "%" in (c.number_format or ""):
        n = (Decimal(repr(v)) * 100).normalize()
        return f"{n:f}%"
    return v


def _header(ws, expected: list[str], source: str) -> dict[str, int]:
    first = [(_cell_text(c.value) or "") for c in ws[1]]
    cols = {label: i for i, label in enumerate(first) if label}
    missing = [h for h in expected if h not in cols]
    if missing:
        raise YusuanError(f"第 1 行缺少栏目：{'、'.join(missing)}", source=source, place=f"工作表“{ws.title}”")
    return cols


def read_evaluation_workbook(path: str | Path) -> Actuals:
    """Read the workbook :func:`write_evaluation_template` wrote, as the officer filled it."""
    from openpyxl import load_workbook

    path = Path(path)
    source = str(path)
    if not path.exists():
        raise YusuanError("文件不存在", source=source)
    try:
        wb = load_workbook(path, data_only=True, read_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise YusuanError(f"无法读取 Excel 工作簿（{type(exc).__name__}）", source=source) from None
    for name in (SHEET_BUDGET, SHEET_INDICATORS):
        if name not in wb.sheetnames:
            raise YusuanError(f"没有工作表“{name}”（请使用预填了绩效目标的自评填报工作簿）", source=source)

    weights = None
    if SHEET_WEIGHTS in wb.sheetnames:
        ws = wb[SHEET_WEIGHTS]
        labels = {label: k for k, label in _WEIGHT_ROWS}
        values: dict[str, Decimal] = {}
        for r, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            label = _cell_text(row[0]) if row else None
            if label in labels:
                v = _cell_number(row[1] if len(row) > 1 else None, f"工作表“{SHEET_WEIGHTS}”第 {r} 行", f"{label}的分值",
                                 source)
                if v is not None:
                    values[labels[label]] = v
        if values and values != Weights().model_dump():
            weights = Weights(**values)

    forms: dict[tuple[str, str | None, str], ActualProject] = {}
    order: list[tuple[str, str | None, str]] = []

    ws = wb[SHEET_BUDGET]
    cols = _header(ws, _BUDGET_HEADER, source)
    for r, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        cell = {h: (row[i] if i < len(row) else None) for h, i in cols.items()}
        if not any(_cell_text(v) for v in cell.values()):
            continue
        where = f"工作表“{SHEET_BUDGET}”第 {r} 行"
        kind = _cell_text(cell["类别"]) or "项目"
        k = (kind, _cell_text(cell["项目编码"]), _cell_text(cell["项目名称"]) or "")
        budget = _cell_number(cell["全年预算数"], where, "全年预算数", source)
        if budget is None:
            budget = _cell_number(cell["年初预算数"], where, "年初预算数", source)
        p = ActualProject(code=k[1], name=k[2] or None, budget=budget,
                          spent=_cell_number(cell["全年执行数"], where, "全年执行数", source),
                          reason=_cell_text(cell["偏差原因"]), measures=_cell_text(cell["改进措施"]),
                          summary=_cell_text(cell.get(_SUMMARY)))
        p._place = where
        if p.spent is None:
            raise YusuanError("没有填写全年执行数", source=source, place=where)
        if k in forms:
            raise YusuanError(f"项目“{k[2]}”重复出现", source=source, place=where)
        forms[k] = p
        order.append(k)

    ws = wb[SHEET_INDICATORS]
    cols = _header(ws, _IND_HEADER, source)
    for r, cells in enumerate(ws.iter_rows(min_row=2), start=2):
        row = [_percent_cell(c) for c in cells]
        cell = {h: (row[i] if i < len(row) else None) for h, i in cols.items()}
        if not any(_cell_text(v) for v in cell.values()):
            continue
        where = f"工作表“{SHEET_INDICATORS}”第 {r} 行"
        kind = _cell_text(cell["类别"]) or "项目"
        k = (kind, _cell_text(cell["项目编码"]), _cell_text(cell["项目名称"]) or "")
        p = forms.get(k)
        if p is None:
            p = ActualProject(code=k[1], name=k[2] or None)
            p._place = where
            forms[k] = p
            order.append(k)
        name = _cell_text(cell["三级指标"])
        if not name:
            raise YusuanError("没有三级指标名称", source=source, place=where)
        grade = _cell_text(cell["完成等级"])
        if grade is not None and grade not in GRADES:
            raise YusuanError(f"指标“{name}”的完成等级“{grade}”无效，应为 达成、部分达成 或 未达成", source=source,
                              place=where)
        actual = cell["实际完成值"]
        if isinstance(actual, (int, float)) and not isinstance(actual, bool):
            actual = _cell_number(actual, where, "实际完成值", source)
        else:
            actual = _cell_text(actual)
        ind = ActualIndicator(
            name=name, level1=_cell_text(cell["一级指标"]), level2=_cell_text(cell["二级指标"]), actual=actual,
            grade=grade, percent=_cell_number(cell["等级得分比例（%）"], where, "等级得分比例", source),
            points=_cell_number(cell["分值"], where, "分值", source), reason=_cell_text(cell["偏差原因"]),
            measures=_cell_text(cell["改进措施"]))
        ind._place = where
        p.indicators.append(ind)

    actuals = Actuals(weights=weights)
    actuals._source = source
    for k in order:
        p = forms[k]
        if p.spent is None:
            raise YusuanError(f"项目“{k[2]}”在工作表“{SHEET_BUDGET}”中没有全年执行数", source=source, place=p._place)
        (actuals.overall if k[0] == OVERALL else actuals.projects).append(p)
    return actuals


__all__ = ["Actuals", "ActualIndicator", "ActualProject", "CATEGORY_NAMES", "GRADES", "Weights", "category",
           "load_actuals", "read_evaluation_workbook", "write_evaluation_template"]
