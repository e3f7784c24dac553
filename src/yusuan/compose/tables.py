"""The standard tables computed from a build input.

Every figure is an exact sum in the entry unit, converted and rounded once to the printed unit (so a
printed total may differ from the sum of its printed parts by a rounding step, as published tables
do). A cell with nothing in it is left blank (None), as the standard layouts print it.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from yusuan import catalogs
from yusuan.compose.input import FISCAL, SOURCE_NAMES, BuildInput
from yusuan.errors import YusuanError
from yusuan.model import Column, Row, Table

ZERO = Decimal(0)
CENT = Decimal("0.01")
NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

# The 收支总表 expenditure side of the 河北省 部门预算公开 template, as printed in
# seeds/001_192a1d2ea51993fa.txt (2024, lines 43–77) and seeds/002_ffa9482a3f55ad21.txt (2023): every
# class is listed, with or without an amount.
HEBEI_SUMMARY_CLASSES = [
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出", "文化旅游体育与传媒支出",
    "社会保障和就业支出", "社会保险基金支出", "卫生健康支出", "节能环保支出", "城乡社区支出", "农林水支出", "交通运输支出",
    "资源勘探工业信息等支出", "商业服务业等支出", "金融支出", "援助其他地区支出", "自然资源海洋气象等支出", "住房保障支出",
    "粮油物资储备支出", "国有资本经营预算支出", "灾害防治及应急管理支出", "预备费", "其他支出", "转移性支出", "债务还本支出",
    "债务付息支出", "债务发行费用支出", "抗疫特别国债安排的支出", "人行科目",
]

PERSONNEL_CLASSES = ("301", "303")


def numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 31 → 三十一."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else NUMERALS[tens - 1]
    return head + "十" + (NUMERALS[ones - 1] if ones else "")


class Money:
    """Exact amounts in the entry unit, printed in the print unit."""

    def __init__(self, entry_unit: str, print_unit: str):
        self.factor = Decimal(1)
        if entry_unit == "元" and print_unit == "万元":
            self.factor = Decimal("0.0001")
        elif entry_unit == "万元" and print_unit == "元":
            self.factor = Decimal(10000)
        self.quantum = CENT

    def show(self, exact: Decimal | None) -> Decimal | None:
        """The printed figure of an exact amount; blank for nothing."""
        if exact is None or exact == 0:
            return None
        return (exact * self.factor).quantize(self.quantum, rounding=ROUND_HALF_UP)

    def figure(self, exact: Decimal | None) -> Decimal:
        """The printed figure for the explanation text: 0.00 rather than blank."""
        return ((exact or ZERO) * self.factor).quantize(self.quantum, rounding=ROUND_HALF_UP)


def _cols(*pairs: tuple[str, str]) -> list[Column]:
    return [Column(id=i, label=label) for i, label in pairs]


def _row(name: str, values: dict[str, Decimal | None], money: Money, *, code: str | None = None,
         side: str | None = None) -> Row:
    return Row(code=code, name=name, side=side, values={k: money.show(v) for k, v in values.items()})


class Names:
    """科目名称 from the year's catalog, the input's own names first."""

    def __init__(self, kind: str, year: int, given: dict[str, str]):
        self.kind, self.year, self.given = kind, year, given
        self.catalog = catalogs.catalog(kind, year) or catalogs.nearest(kind, year)

    def __call__(self, code: str, where: str) -> str:
        if code in self.given:
            return self.given[code]
        e = self.catalog.get(code) if self.catalog else None
        if e is None:
            what = "功能分类" if self.kind == "func" else "经济分类"
            raise YusuanError(f"{what}科目编码 {code} 不在 {self.year} 年科目目录中，请核对编码，或在该行填写科目名称（name）",
                              place=where)
        return e.name


def _tree(leaves: dict[str, dict[str, Decimal]], levels: tuple[int, ...]) -> dict[str, dict[str, Decimal]]:
    """Every code with its parents (by the code lengths in ``levels``), amounts summed exactly."""
    out: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for code, values in leaves.items():
        for n in levels:
            if n <= len(code):
                for k, v in values.items():
                    out[code[:n]][k] += v
    return out


class Computed:
    """The tables of one build input, with the exact sums the explanation text quotes."""

    def __init__(self, data: BuildInput):
        self.data = data
        self.money = Money(data.amount_unit, data.print_unit)
        self.unit = data.print_unit
        self.prefix = data.kind
        given = {ln.code: ln.name for ln in data.expenditure if ln.name}
        self.func_names = Names("func", data.year, given)
        self.econ_names = Names("dept_econ", data.year, {ln.code: ln.name for ln in data.basic_by_economic if ln.name})
        self._validate()
        self._sum()

    # --- input checks that the model alone cannot make -----------------------------------------

    def _validate(self) -> None:
        d = self.data
        if not d.expenditure:
            raise YusuanError("没有支出行（expenditure）：至少填写一行功能分类科目的支出", place="expenditure")
        for i, ln in enumerate(d.expenditure, 1):
            where = f"expenditure 第 {i} 行（{ln.code}）"
            if not (ln.code.isdigit() and len(ln.code) == 7):
                raise YusuanError(f"功能分类科目编码应为 7 位数字的“项”级编码，而不是“{ln.code}”", place=where)
            if not (ln.basic or ln.project):
                raise YusuanError("基本支出（basic）和项目支出（project）都没有填写", place=where)
            for n in (3, 5, 7):
                self.func_names(ln.code[:n], where)
        for i, ln in enumerate(d.basic_by_economic, 1):
            where = f"basic_by_economic 第 {i} 行（{ln.code}）"
            if not (ln.code.isdigit() and len(ln.code) == 5):
                raise YusuanError(f"经济分类科目编码应为 5 位数字的“款”级编码，而不是“{ln.code}”", place=where)
            for n in (3, 5):
                self.econ_names(ln.code[:n], where)
        seen: set[tuple] = set()
        for i, ln in enumerate(d.expenditure, 1):
            key = (ln.code, ln.source, ln.carryover)
            if key in seen:
                raise YusuanError(f"科目 {ln.code} 的同一资金来源重复填写了两行，请合并", place=f"expenditure 第 {i} 行")
            seen.add(key)

    # --- sums ----------------------------------------------------------------------------------

    def _sum(self) -> None:
        d = self.data
        self.income: dict[str, Decimal] = defaultdict(lambda: ZERO)  # this year's, by source
        self.carry: dict[str, Decimal] = defaultdict(lambda: ZERO)  # 上年结转, by source
        by_code: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
        gb: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
        fund: dict[str, dict[str, dict[str, Decimal]]] = {s: defaultdict(lambda: defaultdict(lambda: ZERO)) for s in FISCAL}
        for ln in d.expenditure:
            amount = (ln.basic or ZERO) + (ln.project or ZERO)
            (self.carry if ln.carryover else self.income)[ln.source] += amount
            row = by_code[ln.code]
            row["basic"] += ln.basic or ZERO
            row["project"] += ln.project or ZERO
            col = "carryover" if ln.carryover else ("fiscal_appropriation" if ln.source in FISCAL else ln.source)
            row[col] += amount
            if ln.source in FISCAL:
                f = fund[ln.source][ln.code]
                f["basic"] += ln.basic or ZERO
                f["project"] += ln.project or ZERO
        self.lines = by_code
        self.fund_lines = fund
        self.basic = sum((ln.basic or ZERO for ln in d.expenditure), ZERO)
        self.project = sum((ln.project or ZERO for ln in d.expenditure), ZERO)
        self.total = self.basic + self.project
        self.income_total = sum(self.income.values(), ZERO)
        self.carryover = sum(self.carry.values(), ZERO)
        self.fiscal_income = sum((self.income[s] for s in FISCAL), ZERO)
        self.fiscal_carry = sum((self.carry[s] for s in FISCAL), ZERO)
        self.personnel = sum((ln.amount for ln in d.basic_by_economic if self._kind(ln) == "personnel"), ZERO)
        self.public = sum((ln.amount for ln in d.basic_by_economic if self._kind(ln) == "public"), ZERO)
        gb_basic = sum((v["basic"] for v in fund["general_budget"].values()), ZERO)
        if d.basic_by_economic and self.personnel + self.public != gb_basic:
            show = self.money.figure
            raise YusuanError(
                f"按经济分类填写的基本支出合计 {show(self.personnel + self.public)}{self.unit}，与按功能分类填写的一般公共预算"
                f"基本支出 {show(gb_basic)}{self.unit} 不一致（精确值 {self.personnel + self.public} 与 {gb_basic}"
                f"{d.amount_unit}）", place="basic_by_economic")
        if d.income is not None:
            for source, typed in d.income.items():
                if typed != self.income[source]:
                    raise YusuanError(
                        f"填写的本年收入“{SOURCE_NAMES[source]}” {typed}{d.amount_unit} 与各支出行该来源的合计 "
                        f"{self.income[source]}"
                        f"{d.amount_unit} 不一致", place=f"income.{source}")
        if d.carryover is not None and d.carryover != self.carryover:
            raise YusuanError(f"填写的上年结转 {d.carryover}{d.amount_unit} 与支出行中标为上年结转的合计 "
                              f"{self.carryover}{d.amount_unit} 不一致", place="carryover")
        if d.operation_cost is not None:
            self.operation_cost = d.operation_cost
        elif d.unit.nature in ("行政", "参公", "行政单位", "参照公务员法管理事业单位"):
            self.operation_cost = self.public
        else:
            self.operation_cost = None

    def _kind(self, ln) -> str:
        return ln.kind or ("personnel" if ln.code[:3] in PERSONNEL_CLASSES else "public")

    # --- tables ----------------------------------------------------------------------------------

    def title(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def tables(self) -> list[Table]:
        return [self.income_expenditure_summary(), self.income_summary(), self.expenditure_summary(),
                self.fiscal_appropriation_summary(), self.general_budget_expenditure(),
                self.general_budget_basic_expenditure(), self.fund_expenditure("government_fund"),
                self.fund_expenditure("state_capital"), self.three_public_expenses(),
                self.government_procurement(), *([self.fixed_assets()] if self.data.fixed_assets else [])]

    def _classes(self) -> list[tuple[str, Decimal, dict[str, Decimal]]]:
        """The summary's expenditure classes: (name, total, by fiscal source) in the template's order."""
        tree = _tree({c: {"total": v["basic"] + v["project"]} for c, v in self.lines.items()}, (3,))
        fiscal = {s: _tree({c: {"total": v["basic"] + v["project"]} for c, v in self.fund_lines[s].items()}, (3,))
                  for s in FISCAL}
        names = list(self.data.summary_classes or HEBEI_SUMMARY_CLASSES)
        amounts: dict[str, tuple[Decimal, dict[str, Decimal]]] = {}
        for code in sorted(c for c in tree if len(c) == 3):
            name = self.func_names(code, "expenditure")
            amounts[catalogs.normalize(name)] = (tree[code]["total"], {s: fiscal[s][code]["total"] for s in FISCAL
                                                                         if code in fiscal[s]})
            if not any(catalogs.normalize(n) == catalogs.normalize(name) for n in names):
                names.append(name)  # a class the template does not list is printed after it
        return [(n, *amounts.get(catalogs.normalize(n), (ZERO, {}))) for n in names]

    def income_expenditure_summary(self) -> Table:
        m = self.money
        income = [
            ("一、一般公共预算拨款收入", self.income["general_budget"]),
            ("二、政府性基金预算拨款收入", self.income["government_fund"]),
            ("三、国有资本经营预算拨款收入", self.income["state_capital"]),
            ("四、财政专户管理资金收入", self.income["fiscal_special_account"]),
            ("五、单位资金", sum((self.income[s] for s in ("business_income", "operating_income", "superior_subsidy",
                                                       "affiliated_remittance", "other_income")), ZERO)),
        ]
        classes = self._classes()
        lines: list[tuple[tuple | None, tuple | None]] = []
        for i in range(max(len(income), len(classes))):
            inc = income[i] if i < len(income) else None
            exp = (f"{numeral(i + 1)}、{classes[i][0]}", classes[i][1]) if i < len(classes) else None
            lines.append((inc, exp))
        lines += [(("本年收入合计", self.income_total), ("本年支出合计", self.total)),
                  (("上年结转结余", self.carryover), ("年终结转结余", ZERO)),
                  (("收入总计", self.income_total + self.carryover), ("支出总计", self.total))]
        rows = []
        for inc, exp in lines:
            if inc:
                rows.append(_row(inc[0], {"total": inc[1]}, m, side="income"))
            if exp:
                rows.append(_row(exp[0], {"total": exp[1]}, m, side="expenditure"))
        return Table(id="income_expenditure_summary", title=self.title("收支总表"), money_unit=self.unit,
                     columns=_cols(("total", "预算数")), rows=rows)

    def _coded(self, leaves: dict[str, dict[str, Decimal]], columns: list[str], total_of) -> list[Row]:
        tree = _tree(leaves, (3, 5, 7))
        total = defaultdict(lambda: ZERO)
        for code, v in leaves.items():
            for k in columns:
                total[k] += total_of(v, k)
        rows = [_row("合计", {k: total[k] for k in columns}, self.money)]
        for code in sorted(tree):
            v = tree[code]
            rows.append(_row(self.func_names(code, "expenditure"), {k: total_of(v, k) for k in columns}, self.money,
                             code=code))
        return rows

    def income_summary(self) -> Table:
        cols = ["total", "subtotal", "fiscal_appropriation", "fiscal_special_account", "business_income",
                "operating_income", "superior_subsidy", "affiliated_remittance", "other_income", "carryover"]
        this_year = cols[2:-1]

        def value(v, k):
            if k == "total":
                return v["basic"] + v["project"]
            if k == "subtotal":
                return sum((v[c] for c in this_year), ZERO)
            return v[k]

        return Table(id="income_summary", title=self.title("收入总表"), money_unit=self.unit,
                     columns=_cols(("total", "合计"), ("subtotal", "小计"), ("fiscal_appropriation", "财政拨款收入"),
                                   ("fiscal_special_account", "财政专户收入"), ("business_income", "事业收入"),
                                   ("operating_income", "经营收入"), ("superior_subsidy", "上级补助收入"),
                                   ("affiliated_remittance", "附属单位上缴收入"), ("other_income", "其他收入"),
                                   ("carryover", "上年结转")),
                     rows=self._coded(self.lines, cols, value))

    def expenditure_summary(self) -> Table:
        cols = ["total", "basic", "project", "operating_expenditure", "remit_to_superior", "subsidy_to_affiliates"]
        return Table(id="expenditure_summary", title=self.title("支出总表"), money_unit=self.unit,
                     columns=_cols(("total", "合计"), ("basic", "基本支出"), ("project", "项目支出"),
                                   ("operating_expenditure", "经营支出"), ("remit_to_superior", "上解上级支出"),
                                   ("subsidy_to_affiliates", "对附属单位补助支出")),
                     rows=self._coded(self.lines, cols, _basic_project))

    def fiscal_appropriation_summary(self) -> Table:
        m = self.money
        income = [("一、一般公共预算拨款", self.income["general_budget"]),
                  ("二、政府性基金预算拨款", self.income["government_fund"]),
                  ("三、国有资本经营预算拨款", self.income["state_capital"])]
        classes = self._classes()
        rows: list[Row] = []
        for i in range(max(len(income), len(classes))):
            if i < len(income):
                rows.append(_row(income[i][0], {"total": income[i][1]}, m, side="income"))
            if i < len(classes):
                name, _total, by = classes[i]
                fiscal_total = sum(by.values(), ZERO)
                rows.append(_row(f"{numeral(i + 1)}、{name}", {"total": fiscal_total, **{s: by.get(s) for s in FISCAL}},
                                 m, side="expenditure"))
        fiscal_spent = {s: sum((v["basic"] + v["project"] for v in self.fund_lines[s].values()), ZERO) for s in FISCAL}
        spent = sum(fiscal_spent.values(), ZERO)
        rows += [
            _row("本年收入合计", {"total": self.fiscal_income}, m, side="income"),
            _row("本年支出合计", {"total": spent, **fiscal_spent}, m, side="expenditure"),
            _row("年初财政拨款结转和结余", {"total": self.fiscal_carry}, m, side="income"),
            _row("年末财政拨款结转和结余", {"total": ZERO}, m, side="expenditure"),
            _row("一、一般公共预算拨款", {"total": self.carry["general_budget"]}, m, side="income"),
            _row("二、政府性基金预算拨款", {"total": self.carry["government_fund"]}, m, side="income"),
            _row("三、国有资本经营预算拨款", {"total": self.carry["state_capital"]}, m, side="income"),
            _row("收入总计", {"total": self.fiscal_income + self.fiscal_carry}, m, side="income"),
            _row("支出总计", {"total": spent, **fiscal_spent}, m, side="expenditure"),
        ]
        return Table(id="fiscal_appropriation_summary", title=self.title("财政拨款收支总表"), money_unit=self.unit,
                     columns=_cols(("total", "金额"), ("general_budget", "一般公共预算财政拨款"),
                                   ("government_fund", "政府性基金预算财政拨款"),
                                   ("state_capital", "国有资本经营预算财政拨款")),
                     rows=rows)

    def general_budget_expenditure(self) -> Table:
        return self._fund_table("general_budget", "general_budget_expenditure", "一般公共预算财政拨款支出表")

    def fund_expenditure(self, source: str) -> Table:
        if source == "government_fund":
            return self._fund_table(source, "government_fund_expenditure", "政府性基金预算财政拨款支出表",
                                    "注：无政府性基金预算财政拨款预算，空表列示。")
        return self._fund_table(source, "state_capital_expenditure", "国有资本经营预算财政拨款支出表",
                                "注：无国有资本经营预算财政拨款预算，空表列示。")

    def _fund_table(self, source: str, table_id: str, name: str, empty: str | None = None) -> Table:
        leaves = self.fund_lines[source]
        cols = _cols(("total", "合计"), ("basic", "基本支出"), ("project", "项目支出"))
        if not leaves:
            return Table(id=table_id, title=self.title(name), money_unit=self.unit, columns=cols,
                         empty_note=empty or f"注：无{name}，空表列示。")
        return Table(id=table_id, title=self.title(name), money_unit=self.unit, columns=cols,
                     rows=self._coded(leaves, ["total", "basic", "project"], _basic_project))

    def general_budget_basic_expenditure(self) -> Table:
        m = self.money
        leaves: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
        for ln in self.data.basic_by_economic:
            leaves[ln.code][self._kind(ln)] += ln.amount
        tree = _tree(leaves, (3, 5))
        rows = [_row("合计", {"total": self.personnel + self.public, "personnel": self.personnel,
                             "public": self.public}, m)]
        for code in sorted(tree):
            v = tree[code]
            rows.append(_row(self.econ_names(code, "basic_by_economic"),
                             {"total": v["personnel"] + v["public"], "personnel": v["personnel"], "public": v["public"]},
                             m, code=code))
        return Table(id="general_budget_basic_expenditure", title=self.title("一般公共预算财政拨款基本支出表"),
                     money_unit=self.unit,
                     columns=_cols(("total", "合计"), ("personnel", "人员经费"), ("public", "公用经费")),
                     rows=rows if self.data.basic_by_economic else [])

    def three_public_expenses(self) -> Table:
        m, t = self.money, self.data.three_public
        rows = []
        for name, v in (("合计", t.total), ("“三公”经费小计", t.total), ("一、因公出国（境）费", t.overseas),
                        ("其中：教学科研人员因公出国（境）费", t.overseas_research),
                        ("其他因公出国（境）费", t.overseas - t.overseas_research),
                        ("二、公务用车购置及运维费", t.vehicle_purchase + t.vehicle_operation),
                        ("其中：公务用车购置费", t.vehicle_purchase), ("公务用车运行维护费", t.vehicle_operation),
                        ("三、公务接待费", t.reception)):
            rows.append(_row(name, {"total": v, "general_budget": v}, m))
        return Table(id="three_public_expenses", title=self.title("财政拨款“三公”经费支出表"), money_unit=self.unit,
                     columns=_cols(("total", "合计"), ("general_budget", "一般公共预算财政拨款"),
                                   ("government_fund", "政府性基金预算拨款"),
                                   ("state_capital", "国有资本经营预算财政拨款")),
                     rows=rows, empty_note=None if t.total else "注：无财政拨款“三公”经费预算，空表列示。")

    def government_procurement(self) -> Table:
        m = self.money
        cols = _cols(("quantity", "数量"), ("unit_price", "单价"), ("total", "合计"), ("general_budget", "一般公共预算拨款"),
                     ("government_fund", "基金预算拨款"), ("state_capital", "国有资本经营预算拨款"),
                     ("fiscal_special_account", "财政专户核拨"), ("unit_funds", "单位资金"))
        title = "部门政府采购预算" if self.prefix == "部门预算" else "单位政府采购预算"
        items = self.data.procurement
        if not items:
            return Table(id="government_procurement", title=title, money_unit=self.unit, columns=cols,
                         empty_note="注：无政府采购预算，空表列示。")
        # The table's columns by source; every kind of 单位资金 goes in one column.
        sources = [it.source if it.source in (*FISCAL, "fiscal_special_account") else "unit_funds" for it in items]
        total = defaultdict(lambda: ZERO)
        for it, col in zip(items, sources):
            total["total"] += it.amount
            total[col] += it.amount
        rows = [_row("合计", dict(total), m)]
        for it, col in zip(items, sources):
            r = _row(it.item, {"total": it.amount, col: it.amount, "unit_price": it.unit_price}, m)
            r.values["quantity"] = it.quantity
            r.text = {k: v for k, v in (("project", it.project), ("catalog_no", it.catalog_no),
                                        ("measure", it.measure)) if v}
            rows.append(r)
        return Table(id="government_procurement", title=title, money_unit=self.unit, columns=cols, rows=rows)

    def fixed_assets(self) -> Table:
        m, a = self.money, self.data.fixed_assets
        assert a is not None
        rows = [_row("资产总额", {"value": self.assets_total}, m)]
        for name, line in (("1、房屋（平方米）", a.houses), ("其中：办公用房（平方米）", a.office_houses),
                           ("2、车辆（台、辆）", a.vehicles), ("3、单价在 20 万元以上的设备", a.equipment),
                           ("4、其他固定资产", a.other)):
            r = _row(name, {"value": line.value}, m)
            r.values = {"quantity": line.quantity or None, **r.values}
            rows.append(r)
        title = "部门固定资产占用情况表" if self.prefix == "部门预算" else "单位固定资产占用情况表"
        return Table(id="fixed_assets", title=title, money_unit=self.unit,
                     columns=_cols(("quantity", "数量"), ("value", f"价值（金额单位：{self.unit}）")), rows=rows)

    @property
    def assets_total(self) -> Decimal:
        a = self.data.fixed_assets
        if a is None:
            return ZERO
        return sum((x.value or ZERO for x in (a.houses, a.vehicles, a.equipment, a.other)), ZERO)


def _basic_project(v, k):
    if k == "total":
        return v["basic"] + v["project"]
    return v.get(k, ZERO)
