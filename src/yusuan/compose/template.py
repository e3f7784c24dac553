"""The fill-in Excel template (``yusuan template``) and reading a filled one back.

One sheet per kind of data, Chinese headers, data validation for codes (lists from the year's
catalog), sources and yes/no columns. Only what a person must enter is asked for; everything
derivable is computed by ``yusuan build``. Reading reports every problem with the sheet, row and
column it is in.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError

from yusuan.compose.input import SOURCE_NAMES, BuildInput
from yusuan.compose.labels import ASSET_ITEMS, FIELD_LABELS, INFO_FIELDS, THREE_ITEMS
from yusuan.compose.yaml_input import explain
from yusuan.errors import YusuanError

INFO = "单位信息"
ORG = "机构设置"
DUTIES = "部门职责"
EXPENDITURE = "支出（功能分类）"
ECONOMIC = "基本支出（经济分类）"
THREE = "三公经费"
PROCUREMENT = "政府采购"
ASSETS = "固定资产"
PROJECTS = "项目"
INDICATORS = "绩效指标"
PERFORMANCE = "部门整体绩效"
CATALOG = "科目目录"

SHEETS: dict[str, list[str]] = {
    ORG: ["单位名称", "单位性质", "单位规格", "经费保障形式"],
    DUTIES: ["部门职责（每行一项）"],
    EXPENDITURE: ["科目编码（项）", "科目名称（可不填）", "基本支出", "项目支出", "资金来源", "上年结转（是/否）"],
    ECONOMIC: ["科目编码（款）", "科目名称（可不填）", "金额", "经费类型（可不填）"],
    THREE: ["项目", "本年", "上年"],
    PROCUREMENT: ["项目名称", "项目预算", "采购物品名称", "政府采购目录序号", "计量单位", "数量", "单价", "金额", "资金来源"],
    ASSETS: ["项目", "数量", "价值"],
    PROJECTS: ["序号", "类型", "项目编码", "项目名称", "预算数（印出单位）", "财政资金", "其他资金", "资金用途", "绩效目标",
               "资金支出计划（如 3月底:50%；6月底:100%）"],
    INDICATORS: ["项目序号", "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
    PERFORMANCE: ["类别", "名称", "内容", "绩效指标"],
}

PERFORMANCE_KINDS = ("总体目标", "分项目标", "保障措施")
PROJECT_KINDS = {"项目": "project", "专项资金": "special_fund"}


def _plain(v):
    """A template cell's value: Decimals as numbers, everything else as is."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral() and abs(v) < 10**15 else float(v)
    return v


# ----------------------------------------------------------------------------------------------
# writing


def write_template(path: Path, data: BuildInput | None = None, year: int | None = None) -> Path:
    """The empty template (or, given ``data``, one filled with it)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from yusuan import catalogs

    year = data.year if data else (year or 2025)
    wb = Workbook()
    head = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")

    def header(ws, labels):
        ws.append(labels)
        for c in ws[1]:
            c.font, c.fill = head, fill
            c.alignment = Alignment(wrap_text=True, vertical="center")
        ws.freeze_panes = "A2"
        for i, label in enumerate(labels):
            ws.column_dimensions[chr(65 + i)].width = max(12, min(40, len(label) * 2 + 4))

    def listed(ws, col: str, options: list[str], rows: int = 500):
        dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="取值无效", error="请从下拉列表中选择")
        ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}{rows}")

    def positive(ws, cols: str, rows: int = 500):
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            showErrorMessage=True, errorTitle="金额无效", error="请填写不小于 0 的数字")
        ws.add_data_validation(dv)
        for col in cols:
            dv.add(f"{col}2:{col}{rows}")

    ws = wb.active
    ws.title = INFO
    header(ws, ["项目", "填写内容", "说明"])
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 50
    notes = {"kind": "部门预算 或 单位预算", "amount_unit": "元（预算系统导出的金额）或 万元", "print_unit": "通常为 万元",
             "unit.nature": "行政、参公、事业…", "operation_cost": "不填时等于基本支出中的公用经费"}
    for label, key, _kind in INFO_FIELDS:
        value = _get(data, key) if data else {"year": year, "kind": "部门预算", "amount_unit": "元",
                                                "print_unit": "万元", "other_matters": "无"}.get(key)
        ws.append([label, _plain(value), notes.get(key, "")])
    for key, options in (("kind", ["部门预算", "单位预算"]), ("amount_unit", ["元", "万元"]), ("print_unit", ["元", "万元"])):
        row = 2 + [k for _, k, _ in INFO_FIELDS].index(key)
        dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=False)
        ws.add_data_validation(dv)
        dv.add(f"B{row}")

    sources = list(SOURCE_NAMES.values())
    for name, labels in SHEETS.items():
        ws = wb.create_sheet(name)
        header(ws, labels)
        if name == EXPENDITURE:
            listed(ws, "E", sources)
            listed(ws, "F", ["是", "否"])
            positive(ws, "CD")
        elif name == ECONOMIC:
            listed(ws, "D", ["人员经费", "公用经费"])
            positive(ws, "C")
        elif name == PROCUREMENT:
            listed(ws, "I", sources)
            positive(ws, "BFGH")
        elif name == PROJECTS:
            listed(ws, "B", list(PROJECT_KINDS))
            positive(ws, "EFG")
        elif name == INDICATORS:
            listed(ws, "B", ["产出指标", "效益指标", "满意度指标"])
        elif name == PERFORMANCE:
            listed(ws, "A", list(PERFORMANCE_KINDS))
        elif name == THREE:
            positive(ws, "BC", rows=len(THREE_ITEMS) + 1)
        elif name == ASSETS:
            positive(ws, "BC", rows=len(ASSET_ITEMS) + 3)

    # The year's catalog on its own sheet: the code columns pick from it.
    cat = wb.create_sheet(CATALOG)
    cat.append(["功能分类编码", "功能分类名称", "经济分类编码", "经济分类名称"])
    func = catalogs.catalog("func", year) or catalogs.nearest("func", year)
    econ = catalogs.catalog("dept_econ", year) or catalogs.nearest("dept_econ", year)
    f_items = [e for c, e in sorted(func.entries.items()) if len(c) == 7] if func else []
    e_items = [e for c, e in sorted(econ.entries.items()) if len(c) == 5] if econ else []
    for i in range(max(len(f_items), len(e_items))):
        f = f_items[i] if i < len(f_items) else None
        e = e_items[i] if i < len(e_items) else None
        cat.append([f.code if f else None, f.name if f else None, e.code if e else None, e.name if e else None])
    for sheet, col, ref in ((EXPENDITURE, "A", f"'{CATALOG}'!$A$2:$A${len(f_items) + 1}"),
                            (ECONOMIC, "A", f"'{CATALOG}'!$C$2:$C${len(e_items) + 1}")):
        dv = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=False,
                            showInputMessage=True, promptTitle="科目编码",
                            prompt=f"可从下拉列表中选择 {year} 年科目目录中的编码；目录不全时可直接填写并在下一栏写科目名称")
        wb[sheet].add_data_validation(dv)
        dv.add(f"{col}2:{col}500")

    if data is not None:
        _fill(wb, data)
    else:
        ws = wb[THREE]
        for label, _ in THREE_ITEMS:
            ws.append([label, None, None])
        ws = wb[ASSETS]
        ws.append(["截止时间", f"{year - 1}-12-31", None])
        for label, _ in ASSET_ITEMS:
            ws.append([label, None, None])
        ws.append(["本年度拟购置固定资产总额", None, None])
    for name in SHEETS:
        wb[name].column_dimensions["A"].width = max(wb[name].column_dimensions["A"].width or 12, 14)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _get(data, key: str):
    obj = data
    for part in key.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _fill(wb, d: BuildInput) -> None:
    for u in d.unit.units:
        wb[ORG].append([u.name, u.nature, u.level, u.funding])
    for x in d.duties:
        wb[DUTIES].append([x])
    for ln in d.expenditure:
        wb[EXPENDITURE].append([ln.code, ln.name, _plain(ln.basic), _plain(ln.project), SOURCE_NAMES[ln.source],
                                "是" if ln.carryover else "否"])
    for ln in d.basic_by_economic:
        wb[ECONOMIC].append([ln.code, ln.name, _plain(ln.amount),
                             {"personnel": "人员经费", "public": "公用经费"}.get(ln.kind or "")])
    last = d.last_year.three_public
    for label, key in THREE_ITEMS:
        wb[THREE].append([label, _plain(getattr(d.three_public, key)) or None,
                          _plain(getattr(last, key)) if last is not None else None])
    for it in d.procurement:
        wb[PROCUREMENT].append([it.project, _plain(it.project_budget), it.item, it.catalog_no, it.measure,
                                _plain(it.quantity), _plain(it.unit_price), _plain(it.amount), SOURCE_NAMES[it.source]])
    a = d.fixed_assets
    ws = wb[ASSETS]
    ws.append(["截止时间", a.as_of if a else None, None])
    for label, key in ASSET_ITEMS:
        line = getattr(a, key) if a else None
        ws.append([label, _plain(line.quantity) if line else None, _plain(line.value) if line else None])
    ws.append(["本年度拟购置固定资产总额", None, _plain(a.purchase_planned) if a else None])
    kinds = {v: k for k, v in PROJECT_KINDS.items()}
    for i, p in enumerate([*d.projects, *d.special_funds], 1):
        plan = "；".join(f"{s.period}:{s.percent.normalize():f}%" if s.percent is not None else s.period
                        for s in p.spending_plan)
        wb[PROJECTS].append([i, kinds[p.kind], p.code, p.name, _plain(p.amount), _plain(p.fiscal_amount),
                             _plain(p.other_amount), p.fund_use, p.goal, plan])
        for ind in p.indicators:
            wb[INDICATORS].append([i, ind.level1, ind.level2, ind.level3, ind.description, ind.value, ind.basis])
    perf = d.performance
    for x in perf.overall:
        wb[PERFORMANCE].append(["总体目标", None, x, None])
    for item in perf.items:
        wb[PERFORMANCE].append(["分项目标", item.name, item.goal, item.indicator])
    for x in perf.safeguards:
        wb[PERFORMANCE].append(["保障措施", None, x, None])


# ----------------------------------------------------------------------------------------------
# reading


class _Sheet:
    """Rows of one sheet with their row numbers, blank rows skipped, for messages naming the place."""

    def __init__(self, wb, name: str, source: str):
        if name not in wb.sheetnames:
            raise YusuanError(f"缺少工作表“{name}”：模板的工作表名称不能修改（现有：{'、'.join(wb.sheetnames)}）",
                              source=source)
        self.name, self.source = name, source
        self.ws = wb[name]
        expected = SHEETS.get(name) or ["项目", "填写内容", "说明"]
        got = [("" if c.value is None else str(c.value).strip()) for c in next(self.ws.iter_rows(max_row=1))]
        if got[:len(expected)] != expected:
            missing = [h for h in expected if h not in got]
            raise YusuanError(f"表头与模板不符，缺少栏目：{'、'.join(missing) or '（顺序被调整）'}",
                              source=source, place=f"工作表“{name}”第 1 行")

    def rows(self):
        for i, row in enumerate(self.ws.iter_rows(min_row=2, values_only=True), 2):
            if any(v not in (None, "") for v in row):
                yield i, list(row)

    def where(self, row: int, column: str | None = None) -> str:
        return f"工作表“{self.name}”第 {row} 行" + (f"“{column}”栏" if column else "")


def _text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v).strip()
    return s or None


def _money(v, sheet: _Sheet, row: int, column: str) -> Decimal | None:
    if v in (None, ""):
        return None
    if isinstance(v, bool):
        raise YusuanError("应为数字", source=sheet.source, place=sheet.where(row, column))
    if isinstance(v, (int, float)):
        return Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
    try:
        return Decimal(str(v).replace(",", "").replace("，", "").strip())
    except Exception:
        raise YusuanError(f"应为数字，而不是“{v}”", source=sheet.source, place=sheet.where(row, column)) from None


def read_template(path: Path) -> BuildInput:
    from openpyxl import load_workbook

    source = str(path)
    try:
        wb = load_workbook(path, data_only=True, read_only=False)
    except Exception as exc:
        raise YusuanError(f"无法打开 Excel 文件（{type(exc).__name__}）：文件损坏或不是 .xlsx", source=source) from None
    data: dict = {}
    origin: dict[tuple, str] = {}  # input path → the place in the workbook, for validation messages

    def put(key: str, value, where: str):
        parts = key.split(".")
        node = data
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = value
        origin[tuple(parts)] = where

    info = _Sheet(wb, INFO, source)
    by_label = {label: (key, kind) for label, key, kind in INFO_FIELDS}
    for row, values in info.rows():
        label = _text(values[0])
        if label not in by_label or len(values) < 2 or values[1] in (None, ""):
            continue
        key, kind = by_label[label]
        v = values[1]
        if kind == "money":
            v = _money(v, info, row, "填写内容")
        elif kind == "int":
            v = int(_money(v, info, row, "填写内容") or 0)
        else:
            v = _text(v)
        put(key, v, info.where(row, label))

    org = _Sheet(wb, ORG, source)
    units = []
    for row, v in org.rows():
        units.append({"name": _text(v[0]), "nature": _text(v[1]), "level": _text(v[2]), "funding": _text(v[3])})
        origin[("unit", "units", len(units) - 1)] = org.where(row)
    if units:
        data.setdefault("unit", {})["units"] = units
    data["duties"] = [_text(v[0]) for _, v in _Sheet(wb, DUTIES, source).rows() if _text(v[0])]

    exp = _Sheet(wb, EXPENDITURE, source)
    lines = []
    for row, v in exp.rows():
        source_name = _text(v[4]) or "一般公共预算"
        lines.append({"code": _text(v[0]), "name": _text(v[1]),
                      "basic": _money(v[2], exp, row, "基本支出"), "project": _money(v[3], exp, row, "项目支出"),
                      "source": source_name, "carryover": (_text(v[5]) or "否") == "是"})
        origin[("expenditure", len(lines) - 1)] = exp.where(row)
    data["expenditure"] = lines

    eco = _Sheet(wb, ECONOMIC, source)
    econ = []
    for row, v in eco.rows():
        econ.append({"code": _text(v[0]), "name": _text(v[1]), "amount": _money(v[2], eco, row, "金额"),
                     "kind": _text(v[3])})
        origin[("basic_by_economic", len(econ) - 1)] = eco.where(row)
    data["basic_by_economic"] = econ

    three = _Sheet(wb, THREE, source)
    by_item = dict(THREE_ITEMS)
    now, before = {}, {}
    for row, v in three.rows():
        key = by_item.get(_text(v[0]) or "")
        if key is None:
            raise YusuanError(f"不认识的项目“{_text(v[0])}”（应为：{'、'.join(by_item)}）", source=source,
                              place=three.where(row, "项目"))
        if (x := _money(v[1], three, row, "本年")) is not None:
            now[key] = x
        if (x := _money(v[2], three, row, "上年")) is not None:
            before[key] = x
    data["three_public"] = now
    if before:
        data.setdefault("last_year", {})["three_public"] = before

    pro = _Sheet(wb, PROCUREMENT, source)
    items = []
    for row, v in pro.rows():
        items.append({"project": _text(v[0]), "project_budget": _money(v[1], pro, row, "项目预算"),
                      "item": _text(v[2]), "catalog_no": _text(v[3]), "measure": _text(v[4]),
                      "quantity": _money(v[5], pro, row, "数量"), "unit_price": _money(v[6], pro, row, "单价"),
                      "amount": _money(v[7], pro, row, "金额"), "source": _text(v[8]) or "一般公共预算"})
        origin[("procurement", len(items) - 1)] = pro.where(row)
    data["procurement"] = items

    ast = _Sheet(wb, ASSETS, source)
    assets: dict = {}
    by_asset = dict(ASSET_ITEMS)
    for row, v in ast.rows():
        label = _text(v[0]) or ""
        if label == "截止时间":
            if _text(v[1]):
                assets["as_of"] = _text(v[1])[:10]
        elif label == "本年度拟购置固定资产总额":
            if (x := _money(v[2], ast, row, "价值")) is not None:
                assets["purchase_planned"] = x
        elif label in by_asset:
            q, val = _money(v[1], ast, row, "数量"), _money(v[2], ast, row, "价值")
            if q is not None or val is not None:
                assets[by_asset[label]] = {"quantity": q, "value": val}
        else:
            raise YusuanError(f"不认识的项目“{label}”", source=source, place=ast.where(row, "项目"))
    if any(k != "as_of" for k in assets) and "as_of" in assets:
        data["fixed_assets"] = assets

    projects: dict[str, dict] = {}
    prj = _Sheet(wb, PROJECTS, source)
    for row, v in prj.rows():
        seq = _text(v[0]) or str(len(projects) + 1)
        kind = PROJECT_KINDS.get(_text(v[1]) or "项目")
        if kind is None:
            raise YusuanError(f"类型应为“项目”或“专项资金”，而不是“{_text(v[1])}”", source=source,
                              place=prj.where(row, "类型"))
        plan = []
        for part in (_text(v[9]) or "").replace(";", "；").split("；"):
            if not part.strip():
                continue
            period, _, pct = part.replace("：", ":").partition(":")
            pct = pct.strip().rstrip("%％")
            plan.append({"period": period.strip(), "percent": _money(pct, prj, row, "资金支出计划") if pct else None})
        projects[seq] = {"kind": kind, "code": _text(v[2]), "name": _text(v[3]),
                         "amount": _money(v[4], prj, row, "预算数"), "fiscal_amount": _money(v[5], prj, row, "财政资金"),
                         "other_amount": _money(v[6], prj, row, "其他资金"),
                         "money_unit": data.get("print_unit", "万元"),  # as the target tables print them
                         "fund_use": _text(v[7]), "goal": _text(v[8]), "spending_plan": plan, "indicators": []}
    ind = _Sheet(wb, INDICATORS, source)
    for row, v in ind.rows():
        seq = _text(v[0])
        if seq not in projects:
            raise YusuanError(f"项目序号“{seq}”在工作表“{PROJECTS}”中没有", source=source, place=ind.where(row, "项目序号"))
        projects[seq]["indicators"].append({"level1": _text(v[1]), "level2": _text(v[2]), "level3": _text(v[3]),
                                            "description": _text(v[4]), "value": _text(v[5]), "basis": _text(v[6])})
    data["projects"] = [p for p in projects.values() if p["kind"] == "project"]
    data["special_funds"] = [p for p in projects.values() if p["kind"] == "special_fund"]

    perf = _Sheet(wb, PERFORMANCE, source)
    performance: dict = {"overall": [], "items": [], "safeguards": []}
    for row, v in perf.rows():
        kind = _text(v[0])
        if kind == "总体目标":
            performance["overall"].append(_text(v[2]))
        elif kind == "分项目标":
            performance["items"].append({"name": _text(v[1]), "goal": _text(v[2]), "indicator": _text(v[3])})
        elif kind == "保障措施":
            performance["safeguards"].append(_text(v[2]))
        else:
            raise YusuanError(f"类别应为{'、'.join(PERFORMANCE_KINDS)}之一，而不是“{kind}”", source=source,
                              place=perf.where(row, "类别"))
    data["performance"] = performance

    try:
        return BuildInput.model_validate(data)
    except ValidationError as exc:
        err = explain(exc, source)
        loc = tuple(exc.errors()[0]["loc"])
        for n in range(len(loc), 0, -1):
            if loc[:n] in origin:
                rest = "".join(f"“{FIELD_LABELS.get(str(x), x)}”栏" for x in loc[n:] if not isinstance(x, int))
                err = YusuanError(err.message, source=source, place=origin[loc[:n]] + rest)
                break
        raise err from None
