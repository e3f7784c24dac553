"""What a finance officer enters to build a disclosure: only what cannot be derived.

Documented field by field in ``docs/build-input.md``. Amounts are entered in ``amount_unit`` (元 as
budget systems hold them, or 万元 with as many decimals as wanted) and printed in ``print_unit``;
every printed figure is rounded from an exact sum, never summed from rounded parts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from yusuan.model import MoneyUnit, OverallTargets, Project

# Where the money of an expenditure line comes from: the income columns of the 收入总表.
Source = Literal[
    "general_budget", "government_fund", "state_capital", "fiscal_special_account", "business_income",
    "operating_income", "superior_subsidy", "affiliated_remittance", "other_income",
]

SOURCE_NAMES: dict[str, str] = {
    "general_budget": "一般公共预算",
    "government_fund": "政府性基金预算",
    "state_capital": "国有资本经营预算",
    "fiscal_special_account": "财政专户管理资金",
    "business_income": "事业收入",
    "operating_income": "事业单位经营收入",
    "superior_subsidy": "上级补助收入",
    "affiliated_remittance": "附属单位上缴收入",
    "other_income": "其他收入",
}
# The Chinese names a template user may type for a source.
SOURCE_ALIASES: dict[str, str] = {
    **{v: k for k, v in SOURCE_NAMES.items()},
    "一般公共预算拨款": "general_budget", "一般公共预算财政拨款": "general_budget",
    "政府性基金": "government_fund", "政府性基金预算拨款": "government_fund",
    "国有资本经营预算拨款": "state_capital", "国有资本经营": "state_capital",
    "财政专户": "fiscal_special_account", "财政专户收入": "fiscal_special_account",
    "经营收入": "operating_income",
}
FISCAL = ("general_budget", "government_fund", "state_capital")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _text_code(v):
    """A code typed without quotes in YAML arrives as a number."""
    return str(v) if isinstance(v, int) and not isinstance(v, bool) else v


def _source_alias(v):
    """A source typed by its Chinese name (一般公共预算) stands for its key (general_budget)."""
    return SOURCE_ALIASES.get(v, v) if isinstance(v, str) else v


def _no_negative(v: Decimal | None) -> Decimal | None:
    if v is not None and v < 0:
        raise ValueError("金额不能为负数")
    return v


class OrgUnit(_Strict):
    """One row of 部门机构设置情况."""

    name: str
    nature: str = Field(description="单位性质：行政、参公、事业…")
    level: str | None = Field(default=None, description="单位规格：正科级…")
    funding: str | None = Field(default=None, description="经费保障形式：财政拨款、财政补助、经费自理…")


class Unit(_Strict):
    code: str | None = None
    name: str
    nature: str = Field(description="单位性质：行政、参公、事业…")
    level: str | None = None
    funding: str | None = None
    units: list[OrgUnit] = Field(default_factory=list, description="机构设置表的各行；不填时只列本级")
    _code = field_validator("code", mode="before")(_text_code)


class ExpenditureLine(_Strict):
    """One 功能分类 项 line: basic and project amounts from one source."""

    code: str
    name: str | None = Field(default=None, description="科目名称；不填时取当年科目目录中的名称")
    basic: Decimal | None = None
    project: Decimal | None = None
    source: Source = "general_budget"
    carryover: bool = Field(default=False, description="资金是上年结转（结余）")
    _code = field_validator("code", mode="before")(_text_code)

    _check = field_validator("basic", "project")(_no_negative)

    _source = field_validator("source", mode="before")(_source_alias)


class EconomicLine(_Strict):
    """One 经济分类 款 line of the 一般公共预算 basic expenditure."""

    code: str
    name: str | None = None
    amount: Decimal
    kind: Literal["personnel", "public"] | None = Field(
        default=None, description="人员经费或公用经费；不填时 301、303 为人员经费，其他为公用经费")
    _code = field_validator("code", mode="before")(_text_code)

    _check = field_validator("amount")(_no_negative)

    @field_validator("kind", mode="before")
    @classmethod
    def _alias(cls, v):
        return {"人员经费": "personnel", "公用经费": "public"}.get(v, v) if isinstance(v, str) else v


class ThreePublic(_Strict):
    """财政拨款“三公”经费 (一般公共预算财政拨款)."""

    overseas: Decimal = Decimal(0)
    overseas_research: Decimal = Field(default=Decimal(0), description="其中：教学科研人员因公出国（境）费")
    vehicle_purchase: Decimal = Decimal(0)
    vehicle_operation: Decimal = Decimal(0)
    reception: Decimal = Decimal(0)

    _check = field_validator("overseas", "overseas_research", "vehicle_purchase", "vehicle_operation",
                             "reception")(_no_negative)

    @property
    def total(self) -> Decimal:
        return self.overseas + self.vehicle_purchase + self.vehicle_operation + self.reception


class ProcurementItem(_Strict):
    project: str = Field(description="政府采购项目来源：项目名称")
    project_budget: Decimal | None = None
    item: str = Field(description="采购物品名称")
    catalog_no: str | None = Field(default=None, description="政府采购目录序号")
    measure: str | None = Field(default=None, description="计量单位")
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    amount: Decimal
    source: Source = "general_budget"

    _check = field_validator("amount", "quantity", "unit_price", "project_budget")(_no_negative)

    _source = field_validator("source", mode="before")(_source_alias)


class AssetLine(_Strict):
    quantity: Decimal | None = None
    value: Decimal | None = None

    _check = field_validator("quantity", "value")(_no_negative)


class FixedAssets(_Strict):
    as_of: str = Field(description="截止时间，如 2023-12-31")
    houses: AssetLine = Field(default_factory=AssetLine, description="房屋（平方米）")
    office_houses: AssetLine = Field(default_factory=AssetLine, description="其中：办公用房（平方米）")
    vehicles: AssetLine = Field(default_factory=AssetLine, description="车辆（台、辆）")
    equipment: AssetLine = Field(default_factory=AssetLine, description="单价在 20 万元以上的设备")
    other: AssetLine = Field(default_factory=AssetLine, description="其他固定资产")
    purchase_planned: Decimal = Field(default=Decimal(0), description="本年度拟购置固定资产总额")


class LastYear(_Strict):
    """上年预算数，用于说明中的增减。"""

    total: Decimal | None = Field(default=None, description="上年预算收支总额")
    basic: Decimal | None = None
    project: Decimal | None = None
    three_public: ThreePublic | None = None
    three_public_total: Decimal | None = Field(default=None, description="上年“三公”经费总额（没有分项时）")
    operation_cost: Decimal | None = None


class Reasons(_Strict):
    """增减变化的原因（用户填写，照录）。"""

    basic: str | None = None
    project: str | None = None
    three_public: str | None = None
    operation_cost: str | None = None


class SubTarget(_Strict):
    """分项绩效目标."""

    name: str
    goal: str
    indicator: str | None = None


class PerformanceText(_Strict):
    """部门整体绩效目标 as text: 总体目标、分项目标、保障措施."""

    overall: list[str] = Field(default_factory=list)
    items: list[SubTarget] = Field(default_factory=list)
    safeguards: list[str] = Field(default_factory=list)


class BuildInput(_Strict):
    year: int = Field(ge=1990, le=2100)
    kind: Literal["部门预算", "单位预算"] = "部门预算"
    amount_unit: MoneyUnit = Field(default="元", description="录入金额的单位")
    print_unit: MoneyUnit = Field(default="万元", description="表格和说明印出的单位")
    unit: Unit
    duties: list[str] = Field(default_factory=list, description="部门职责，每段一项")
    expenditure: list[ExpenditureLine]
    basic_by_economic: list[EconomicLine] = Field(default_factory=list)
    income: dict[Source, Decimal] | None = Field(
        default=None, description="本年收入按来源；可不填（由支出行推出），填了必须与支出行一致")
    carryover: Decimal | None = Field(default=None, description="上年结转；可不填，填了必须与支出行一致")
    three_public: ThreePublic = Field(default_factory=ThreePublic)
    operation_cost: Decimal | None = Field(
        default=None, description="机关运行经费；行政、参公单位不填时等于基本支出中的公用经费")
    operation_cost_uses: str | None = Field(default=None, description="机关运行经费主要用途")
    procurement: list[ProcurementItem] = Field(default_factory=list)
    fixed_assets: FixedAssets | None = None
    projects: list[Project] = Field(default_factory=list)
    special_funds: list[Project] = Field(default_factory=list)
    overall_targets: list[OverallTargets] = Field(default_factory=list)
    performance: PerformanceText = Field(default_factory=PerformanceText)
    project_uses: str | None = Field(default=None, description="项目支出主要用途，写入支出说明")
    last_year: LastYear = Field(default_factory=LastYear)
    reasons: Reasons = Field(default_factory=Reasons)
    summary_classes: list[str] | None = Field(
        default=None, description="收支总表支出栏列示的类名称（按本地模板）；不填时用河北省模板")
    glossary: list[str] | None = Field(default=None, description="名词解释；不填时用标准条目")
    other_matters: str = "无"

    @field_validator("income", mode="before")
    @classmethod
    def _income_names(cls, v):
        """Sources typed by their Chinese names, as everywhere else in the input."""
        if not isinstance(v, dict):
            return v
        out = {}
        for k, x in v.items():
            key = _source_alias(k)
            if key in out:
                raise ValueError(f"资金来源“{SOURCE_NAMES.get(key, key)}”填写了两次")
            out[key] = x
        return out

    @field_validator("income")
    @classmethod
    def _income(cls, v):
        for k, x in (v or {}).items():
            _no_negative(x)
        return v
