"""The Chinese names of the build input's fields, as the template's labels and headers print them:
one place for the template that shows them and for the messages that name a field."""

from __future__ import annotations

from yusuan.compose.input import SOURCE_NAMES

# (label, input path, kind) of the key-value sheet 单位信息.
INFO_FIELDS: list[tuple[str, str, str]] = [
    ("预算年度", "year", "int"), ("公开类型", "kind", "text"), ("录入金额单位", "amount_unit", "text"),
    ("印出金额单位", "print_unit", "text"), ("单位编码", "unit.code", "text"), ("单位名称", "unit.name", "text"),
    ("单位性质", "unit.nature", "text"), ("单位规格", "unit.level", "text"), ("经费保障形式", "unit.funding", "text"),
    ("机关运行经费（行政、参公单位可不填）", "operation_cost", "money"),
    ("机关运行经费主要用途", "operation_cost_uses", "text"), ("项目支出主要用途", "project_uses", "text"),
    ("上年预算收支总额", "last_year.total", "money"), ("上年基本支出", "last_year.basic", "money"),
    ("上年项目支出", "last_year.project", "money"), ("上年机关运行经费", "last_year.operation_cost", "money"),
    ("基本支出增减原因", "reasons.basic", "text"), ("项目支出增减原因", "reasons.project", "text"),
    ("“三公”经费增减原因", "reasons.three_public", "text"), ("机关运行经费增减原因", "reasons.operation_cost", "text"),
    ("其他需要说明的事项", "other_matters", "text"),
]

THREE_ITEMS = [("因公出国（境）费", "overseas"), ("其中：教学科研人员因公出国（境）费", "overseas_research"),
               ("公务用车购置费", "vehicle_purchase"), ("公务用车运行维护费", "vehicle_operation"),
               ("公务接待费", "reception")]
ASSET_ITEMS = [("房屋（平方米）", "houses"), ("其中：办公用房（平方米）", "office_houses"), ("车辆（台、辆）", "vehicles"),
               ("单价在 20 万元以上的设备", "equipment"), ("其他固定资产", "other")]
# Input fields as the template's column headers name them, for messages.
FIELD_LABELS = {"code": "科目编码", "name": "名称", "amount": "金额", "basic": "基本支出", "project": "项目支出",
                "source": "资金来源", "kind": "类型", "nature": "单位性质", "item": "采购物品名称",
                "quantity": "数量", "unit_price": "单价", "value": "价值", "fund_use": "资金用途"}


def field_label(loc: tuple) -> str | None:
    """The Chinese name of the input field at ``loc`` (("unit", "name") → 单位名称), as the template's
    labels and headers name it; None for a field the template has no name for."""
    names = [str(x) for x in loc if not isinstance(x, int) and x != "[key]"]
    if not names:
        return None
    by_path = {path: label.split("（")[0] for label, path, _kind in INFO_FIELDS}
    if ".".join(names) in by_path:
        return by_path[".".join(names)]
    last = names[-1]
    three = {key: label for label, key in THREE_ITEMS}
    if "three_public" in names[:-1] and last in three:
        return three[last]
    if names[0] == "fixed_assets" and len(names) > 1:
        assets = {key: label for label, key in ASSET_ITEMS}
        if names[1] in assets:
            return assets[names[1]] + ("" if len(names) == 2 else f"的{FIELD_LABELS.get(last, last)}")
    if names[0] == "income" and len(names) == 2 and last in SOURCE_NAMES:
        return f"本年收入：{SOURCE_NAMES[last]}"
    # The column headers name the fields of the sheets' rows only (an indicator's value is not 价值).
    if names[0] in ("unit", "expenditure", "basic_by_economic", "procurement"):
        return FIELD_LABELS.get(last)
    return None
