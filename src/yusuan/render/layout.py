"""How each standard table and each performance target form is printed, independent of the file format.

A layout is a :class:`Grid` of cells, each with its position, its spans and what it holds (a header
label, a 序号, a 科目编码, a name, an amount, a form label or text). The XLSX, DOCX and HTML writers only
turn grids into their own cells, so all four formats print the same table.

Header layouts follow the published forms (``/work/shared/seeds``): a 序号 column; the 科目编码/科目名称
pair under 功能分类科目 (经济分类科目 for the 基本支出 table); group labels over the columns they
cover (本年收入 over 小计/财政拨款收入/…, 资金性质 over the funds of the 三公 table, 基本支出 over
小计/人员经费/公用经费 where a table splits it); the 收入 and 支出 halves side by side in the two-sided
tables; and a 栏次 row numbering the columns. Every header is derived from the table's id and its
columns, so a table with fewer or more standard columns gets the matching header.

Each leaf label is the column's printed label, so reading the file back gives the same columns: the
readers find columns by these labels (``yusuan.recognize.tables``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import zip_longest

from yusuan.model import Indicator, OverallTargets, Project, Row, Table
from yusuan.recognize.cells import department_in
from yusuan.recognize.titles import SPEC_BY_ID, TableSpec

# --- grids -----------------------------------------------------------------------------------------

# What a cell holds; writers style by it (bold header, right-aligned number, text format for codes).
HEAD, LANCI, SEQ, CODE, NAME, AMOUNT, LABEL, TEXT = "head", "lanci", "seq", "code", "name", "amount", "label", "text"


@dataclass
class GridCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    kind: str = TEXT
    value: Decimal | None = None  # an amount or quantity, stored as a number in spreadsheets


@dataclass
class Grid:
    width: int
    cells: list[GridCell] = field(default_factory=list)
    header_rows: int = 0  # rows printed again at the top of every page (header and 栏次)
    col_widths: list[float] = field(default_factory=list)  # in character widths (em)

    @property
    def height(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    def add(self, text: str, row: int, col: int, rowspan: int = 1, colspan: int = 1, kind: str = TEXT,
            value: Decimal | None = None) -> GridCell:
        cell = GridCell(text, row, col, rowspan, colspan, kind, value)
        self.cells.append(cell)
        return cell

    def rows(self) -> list[list[GridCell]]:
        """The cells starting in each row, left to right; every grid position is covered exactly once."""
        self._fill()
        out: list[list[GridCell]] = [[] for _ in range(self.height)]
        for c in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[c.row].append(c)
        return out

    def merged(self) -> list[GridCell]:
        return [c for c in self.cells if c.rowspan > 1 or c.colspan > 1]

    def _fill(self) -> None:
        covered = {(r, k) for c in self.cells for r in range(c.row, c.row + c.rowspan)
                   for k in range(c.col, c.col + c.colspan)}
        for r in range(self.height):
            for k in range(self.width):
                if (r, k) not in covered:
                    self.cells.append(GridCell("", r, k, kind=self._kind_below(r)))

    def _kind_below(self, row: int) -> str:
        return HEAD if row < self.header_rows else TEXT


def amount_text(value: Decimal) -> str:
    """An amount as printed: the Decimal's own precision, no grouping, no exponent."""
    return format(value, "f")


def decimals(value: Decimal) -> int:
    exp = value.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def text_width(text: str) -> float:
    """Printed width in em: a Chinese character is one, a digit or Latin letter a little over half."""
    widest = 0.0
    for line in text.split("\n"):
        widest = max(widest, sum(1.0 if ord(ch) >= 0x2E80 else 0.55 for ch in line))
    return widest


# --- standard tables -------------------------------------------------------------------------------

@dataclass
class _Leaf:
    path: tuple[str, ...]  # labels from the top header row down to this column's own label
    kind: str  # SEQ, CODE, NAME, AMOUNT
    column: str | None = None  # the value column (an amount leaf)
    side: str | None = None  # two-sided tables: income or expenditure


@dataclass
class TableLayout:
    table: Table
    spec: TableSpec
    title: str
    meta: list[str]  # printed between the title and the table: unit line, 预算年度, 单位, 截止时间
    grid: Grid
    note: str | None  # the 空表列示 note (or whatever note the table carries), printed below it
    wide: bool  # printed on a landscape page

    @property
    def table_id(self) -> str:
        return self.table.id


# The order in which the tables are published (《地方预决算公开操作规程》 and the seeds).
STANDARD_ORDER = ("income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_appropriation_summary",
                  "general_budget_expenditure", "general_budget_basic_expenditure", "government_fund_expenditure",
                  "state_capital_expenditure", "three_public_expenses", "government_procurement", "fixed_assets")

_INCOME_GROUP = ("subtotal", "fiscal_appropriation", "fiscal_special_account", "business_income",
                 "operating_income", "superior_subsidy", "affiliated_remittance", "other_income")
_PROCUREMENT_MONEY = ("total", "general_budget", "government_fund", "state_capital", "fiscal_special_account",
                      "unit_funds")
_ECONOMIC = ("general_budget_basic_expenditure",)
_NO_SEQ = ("fixed_assets", "government_procurement")  # printed without 序号 and 栏次 unless rows carry one


def unit_line(code: str | None, name: str | None) -> str | None:
    """The department line above a table, in a form every reader takes for one (``department_in``)."""
    line = " ".join(x for x in (code, name) if x)
    if not line:
        return None
    if department_in(line) is not None:
        return line
    return f"编制单位：{line}"


def table_layout(table: Table, *, department_line: str | None = None, year: int | None = None,
                 assets_as_of: str | None = None) -> TableLayout:
    spec = SPEC_BY_ID.get(table.id)
    if spec is None:
        from yusuan.errors import RenderError

        raise RenderError(f"未知的标准表编号“{table.id}”，无法排版（可用 yusuan tables 查看表编号）")
    columns = _columns(table, spec)
    if _transposed(table, spec):
        return _transposed_layout(table, spec, department_line, year)
    seq = table.id not in _NO_SEQ or any(r.seq is not None for r in table.rows)
    leaves = _leaves(table, spec, columns, seq)
    grid = Grid(width=len(leaves))
    depth = _header(grid, leaves)
    lanci = seq
    if lanci:
        grid.add("栏次", depth, 0, kind=LANCI)
        for k in range(1, len(leaves)):
            grid.add(str(k), depth, k, kind=LANCI)
    grid.header_rows = depth + (1 if lanci else 0)
    body = two_sided_lines(table.rows) if spec.two_sided else [(r, None) for r in table.rows]
    for n, (first, second) in enumerate(body, start=1):
        _body_row(grid, grid.header_rows + n - 1, leaves, first, second, n)
    grid.col_widths = _widths(grid, leaves)
    meta = [m for m in (department_line, None if table.id == "fixed_assets" else (f"预算年度：{year}" if year else None))
            if m]
    if table.id == "fixed_assets" and assets_as_of:
        meta.append(f"截止时间：{assets_as_of}")
    if table.money_unit and not any("单位" in c.label and table.money_unit in c.label for c in table.columns):
        meta.append(f"单位：{table.money_unit}")
    wide = len(leaves) > 8 or sum(grid.col_widths) > 60
    return TableLayout(table, spec, table.title or spec.name, meta, grid, table.empty_note, wide)


def _transposed(table: Table, spec: TableSpec) -> bool:
    """A 三公 table read from the transposed form many regions print (the items as columns over
    one row of amounts, see ``yusuan.recognize.tables``): its one column is labelled with the
    amount row's heading ("2024年“三公”经费预算数"), which is no fund's name."""
    if table.id != "three_public_expenses" or [c.id for c in table.columns] != ["total"] or not table.rows:
        return False
    synonyms = dict(spec.columns)["total"]
    return (table.columns[0].label.replace(" ", "") not in synonyms
            and all(r.seq is None and r.code is None for r in table.rows))


def _transposed_layout(table: Table, spec: TableSpec, department_line: str | None, year: int | None) -> TableLayout:
    grid = Grid(width=len(table.rows), header_rows=2)
    grid.add(table.columns[0].label, 0, 0, colspan=len(table.rows), kind=HEAD)
    for k, r in enumerate(table.rows):
        grid.add(r.name, 1, k, kind=HEAD)
        _value_cell(grid, 2, k, r, "total")
    grid.col_widths = [max(7.0, min(text_width(r.name), 10.0) + 1) for r in table.rows]
    meta = [m for m in (department_line, f"预算年度：{year}" if year else None,
                        f"单位：{table.money_unit}" if table.money_unit else None) if m]
    return TableLayout(table, spec, table.title or spec.name, meta, grid, table.empty_note,
                       len(table.rows) > 8 or sum(grid.col_widths) > 60)


def _columns(table: Table, spec: TableSpec) -> list[tuple[str, str]]:
    """(column id, printed label); the standard's first label for a table that names no columns."""
    if table.columns:
        return [(c.id, c.label) for c in table.columns]
    return [(cid, synonyms[0]) for cid, synonyms in spec.columns]


def _leaves(table: Table, spec: TableSpec, columns: list[tuple[str, str]], seq: bool) -> list[_Leaf]:
    leaves: list[_Leaf] = [_Leaf(("序号",), SEQ)] if seq else []
    labels = dict(columns)
    ids = [c for c, _ in columns]
    if spec.two_sided:
        total = labels.get("total", "预算数")
        leaves += [_Leaf(("收入", "项目"), NAME, side="income"),
                   _Leaf(("收入", total), AMOUNT, "total", side="income"),
                   _Leaf(("支出", "项目"), NAME, side="expenditure")]
        money = _amount_leaves(table.id, ids, labels, expenditure_total="合计" if len(ids) > 1 else total)
        leaves += [_Leaf(("支出", *lf.path), lf.kind, lf.column, side="expenditure") for lf in money]
        return leaves
    if spec.classified:
        group = "部门预算支出经济分类科目" if table.id in _ECONOMIC else "功能分类科目"
        leaves += [_Leaf((group, "科目编码"), CODE), _Leaf((group, "科目名称"), NAME)]
    elif table.id == "government_procurement":
        leaves.append(_Leaf(("采购项目名称",), NAME))
    else:
        leaves.append(_Leaf(("项目",), NAME))
    return leaves + _amount_leaves(table.id, ids, labels)


def _amount_leaves(table_id: str, ids: list[str], labels: dict[str, str],
                   expenditure_total: str | None = None) -> list[_Leaf]:
    def leaf(cid: str, *group: str, label: str | None = None) -> _Leaf:
        return _Leaf((*group, label or labels[cid]), AMOUNT, cid)

    if table_id == "income_summary":
        out, grouped = [], [c for c in ids if c in _INCOME_GROUP]
        for cid in ids:
            if cid in _INCOME_GROUP:
                if cid == grouped[0]:
                    out += [leaf(g, "本年收入") for g in grouped]
            else:
                out.append(leaf(cid))
        return out
    if table_id == "three_public_expenses":
        return [leaf(cid, "资金性质") for cid in ids]
    if table_id == "general_budget_basic_expenditure":
        return [leaf(cid, "一般公共预算基本支出") for cid in ids]
    if table_id == "government_procurement":
        out = []
        for cid in ids:
            if cid in _PROCUREMENT_MONEY:
                out.append(leaf(cid, "政府采购金额（当年部门预算安排资金）"))
            else:
                out.append(leaf(cid))
        return out
    split = "basic" in ids and ("personnel" in ids or "public" in ids)
    out = []
    for cid in ids:
        if split and cid in ("basic", "personnel", "public"):
            out.append(leaf(cid, "基本支出", label="小计" if cid == "basic" else None))
        elif cid == "total" and expenditure_total is not None:
            out.append(leaf(cid, label=expenditure_total))
        else:
            out.append(leaf(cid))
    return out


def _header(grid: Grid, leaves: list[_Leaf]) -> int:
    """Header cells from the leaves' label paths; returns the number of header rows.

    A label shared by neighbouring columns at the same level (the same path prefix) is one cell
    across them; a column's own label reaches down to the last header row."""
    depth = max(len(lf.path) for lf in leaves)
    for level in range(depth):
        k = 0
        while k < len(leaves):
            path = leaves[k].path
            if level >= len(path):
                k += 1
                continue
            own = level == len(path) - 1
            end = k
            if not own:
                while end + 1 < len(leaves) and leaves[end + 1].path[:level + 1] == path[:level + 1] \
                        and len(leaves[end + 1].path) > level + 1:
                    end += 1
            grid.add(path[level], level, k, rowspan=depth - level if own else 1, colspan=end - k + 1, kind=HEAD)
            k = end + 1
    return depth


def two_sided_lines(rows: list[Row]) -> list[tuple[Row | None, Row | None]]:
    """Income and expenditure rows paired into printed lines.

    Rows that carry their printed line number (序号) are paired by it. Otherwise rows in reading
    order (an income row, then the expenditure row beside it) are cut into lines where they start
    over; rows given as all income then all expenditure are set side by side, totals level with
    totals (本年收入合计 beside 本年支出合计)."""
    if rows and all(r.seq is not None for r in rows):
        lines: dict[int, list[Row | None]] = {}
        for r in rows:
            line = lines.setdefault(r.seq, [None, None])
            slot = 0 if r.side == "income" else 1
            if line[slot] is not None:  # a repeated 序号: keep both, one line each
                lines[max(lines) + 1] = [r, None] if slot == 0 else [None, r]
            else:
                line[slot] = r
        return [(a, b) for _, (a, b) in sorted(lines.items())]
    incomes = [r for r in rows if r.side == "income"]
    expenditures = [r for r in rows if r.side != "income"]
    interleaved = any(a.side != "income" and b.side == "income" for a, b in zip(rows, rows[1:])) \
        and any(a.side == "income" and b.side != "income" for a, b in zip(rows, rows[1:]))
    if not interleaved and incomes and expenditures:
        def split(side: list[Row]) -> tuple[list[Row], list[Row]]:
            at = next((i for i, r in enumerate(side) if "合计" in r.name.replace(" ", "")), len(side))
            return side[:at], side[at:]

        inc_items, inc_totals = split(incomes)
        exp_items, exp_totals = split(expenditures)
        return list(zip_longest(inc_items, exp_items)) + list(zip_longest(inc_totals, exp_totals))
    out: list[tuple[Row | None, Row | None]] = []
    for r in rows:
        if r.side == "income" or not out or out[-1][1] is not None:
            out.append((r, None) if r.side == "income" else (None, r))
        else:
            out[-1] = (out[-1][0], r)
    return out


def _value_cell(grid: Grid, row: int, col: int, r: Row | None, cid: str | None) -> None:
    if r is None or cid is None:
        grid.add("", row, col, kind=AMOUNT)
        return
    value = r.values.get(cid)
    if value is not None:
        grid.add(amount_text(value), row, col, kind=AMOUNT, value=value)
    else:
        grid.add(r.text.get(cid, ""), row, col, kind=AMOUNT)


def _body_row(grid: Grid, row: int, leaves: list[_Leaf], first: Row | None, second: Row | None, n: int) -> None:
    for col, lf in enumerate(leaves):
        r = first
        if lf.side == "expenditure":
            r = second
        if lf.kind == SEQ:
            seqs = [x.seq for x in (first, second) if x is not None and x.seq is not None]
            grid.add(str(seqs[0] if seqs else n), row, col, kind=SEQ)
        elif lf.kind == CODE:
            grid.add(r.code or "" if r else "", row, col, kind=CODE)
        elif lf.kind == NAME:
            grid.add(r.name if r else "", row, col, kind=NAME)
        else:
            _value_cell(grid, row, col, r, lf.column)


def _widths(grid: Grid, leaves: list[_Leaf]) -> list[float]:
    widths = [2.0] * grid.width
    for c in grid.cells:
        if c.colspan == 1:
            cap = 22.0 if c.kind == NAME else 8.0 if c.kind == HEAD else 14.0
            widths[c.col] = max(widths[c.col], min(text_width(c.text), cap) + 1)
    for k, lf in enumerate(leaves):
        if lf.kind == AMOUNT:
            widths[k] = max(widths[k], 7.0)
        elif lf.kind == NAME:
            widths[k] = max(widths[k], 10.0)
    return widths


# --- performance target forms ----------------------------------------------------------------------

@dataclass
class FormLayout:
    title: str
    meta: list[str]  # the 单位 line under the title
    grid: Grid


_FIELDS = (("level1", "一级指标"), ("level2", "二级指标"), ("level3", "三级指标"), ("description", "绩效指标描述"),
           ("value", "指标值"), ("basis", "指标值确定依据"), ("note", "备注"))
_PROJECT_FIELDS = ("level1", "level2", "level3", "description", "value", "basis", "note")


def _spans(total: int, n: int) -> list[int]:
    """``total`` columns shared out among ``n`` cells, the first ones one wider."""
    base, extra = divmod(total, n)
    return [base + (1 if i < extra else 0) for i in range(n)]


def _label_value_row(grid: Grid, row: int, pairs: list[tuple[str, str]], width: int) -> None:
    """Labels and values across a row: each label one column, each value the rest of its share."""
    shares = _spans(width, len(pairs))
    col = 0
    for (label, value), share in zip(pairs, shares):
        grid.add(label, row, col, kind=LABEL)
        grid.add(value, row, col + 1, colspan=max(1, share - 1), kind=TEXT)
        col += share


def _indicator_rows(grid: Grid, row: int, indicators: list[Indicator], fields: list[str]) -> int:
    """The indicator header and rows; a 一级/二级 label shared by consecutive rows is one merged cell."""
    names = dict(_FIELDS)
    spans = _spans(grid.width, len(fields))
    starts = [sum(spans[:i]) for i in range(len(fields))]
    for f, col, span in zip(fields, starts, spans):
        grid.add(names[f], row, col, colspan=span, kind=HEAD)
    row += 1
    first = row
    for i, ind in enumerate(indicators):
        for f, col, span in zip(fields, starts, spans):
            value = getattr(ind, f) or ""
            if f in ("level1", "level2") and i > 0 and _same_group(indicators, i, f):
                continue  # covered by the merged cell above
            rowspan = 1
            if f in ("level1", "level2") and value:
                while i + rowspan < len(indicators) and _same_group(indicators, i + rowspan, f):
                    rowspan += 1
            grid.add(value, row + i, col, rowspan=rowspan, colspan=span, kind=LABEL if f in ("level1", "level2") else TEXT)
    return first + len(indicators)


def _same_group(indicators: list[Indicator], i: int, f: str) -> bool:
    a, b = indicators[i - 1], indicators[i]
    if not getattr(b, f):
        return False
    if f == "level1":
        return a.level1 == b.level1
    return a.level1 == b.level1 and a.level2 == b.level2


def project_layout(project: Project, money_unit: str | None = None) -> FormLayout:
    """The 项目(专项资金)绩效目标表 form, as the seeds print it."""
    periods = project.spending_plan
    width = 7  # one column per indicator field (see _PROJECT_FIELDS)
    grid = Grid(width=width)
    row = 0
    rest = width - 1
    if not (project.name or project.code):
        pass  # an indicator grid under its heading only, as some documents print it
    elif project.kind == "special_fund" and not project.code:
        # 专项资金 forms without a code name the fund by its 支出方向 (seed 004); with a code they print
        # 项目编码/项目名称 like a project (seed 002).
        grid.add("支出方向", row, 0, kind=LABEL)
        grid.add(project.name, row, 1, colspan=rest, kind=TEXT)
    elif project.code:
        grid.add("项目编码", row, 0, kind=LABEL)
        left = (rest - 1) // 2
        grid.add(project.code, row, 1, colspan=left, kind=TEXT)
        grid.add("项目名称", row, 1 + left, kind=LABEL)
        grid.add(project.name, row, 2 + left, colspan=width - 2 - left, kind=TEXT)
    else:
        grid.add("项目名称", row, 0, kind=LABEL)
        grid.add(project.name, row, 1, colspan=rest, kind=TEXT)
    row = grid.height
    split = project.fiscal_amount is not None or project.other_amount is not None or project.fund_use
    if split or (project.amount is not None and project.period is None):
        tall = 2 if project.fund_use else 1
        grid.add("预算规模及资金用途", row, 0, rowspan=tall, kind=LABEL)
        cells = [("预算数", project.amount), ("其中：财政资金", project.fiscal_amount), ("其他资金", project.other_amount)]
        col = 1
        for k, (label, value) in enumerate(cells):
            span = 1 if k < 2 else rest - 5
            grid.add(label, row, col, kind=LABEL)
            grid.add(amount_text(value) if value is not None else "", row, col + 1, colspan=span, kind=AMOUNT,
                     value=value)
            col += 1 + span
        row += 1
        if project.fund_use:
            grid.add(project.fund_use, row, 1, colspan=rest, kind=TEXT)
            row += 1
    if project.period is not None:
        amount = amount_text(project.amount) if project.amount is not None else ""
        _label_value_row(grid, row, [("项目金额", amount), ("项目实施期", project.period)], width)
        row += 1
    for at in range(0, len(periods), rest):  # periods over percentages, six to a pair of rows
        chunk = periods[at:at + rest]
        grid.add("资金支出计划（%）", row, 0, rowspan=2, kind=LABEL)
        col = 1
        for step, span in zip(chunk, _spans(rest, len(chunk))):
            grid.add(step.period, row, col, colspan=span, kind=HEAD)
            grid.add(step.text, row + 1, col, colspan=span, kind=TEXT)
            col += span
        row += 2
    if project.long_term_goal:
        grid.add("实施期绩效目标", row, 0, kind=LABEL)
        grid.add(project.long_term_goal, row, 1, colspan=rest, kind=TEXT)
        row += 1
    if project.goal:
        grid.add("年度绩效目标" if project.long_term_goal else "绩效目标", row, 0, kind=LABEL)
        grid.add(project.goal, row, 1, colspan=rest, kind=TEXT)
        row += 1
    if project.indicators:
        # One grid column per field, 备注 included: a page holding only indicator rows must still show
        # every column boundary of the form, or a PDF reader would see fewer columns there.
        _indicator_rows(grid, row, project.indicators, list(_PROJECT_FIELDS))
    grid.col_widths = [9.0] + [max(6.0, 60.0 / rest)] * rest
    title = project.title or f"{project.name}绩效目标表"
    unit = project.money_unit or money_unit
    return FormLayout(title, [f"单位：{unit}"] if unit else [], grid)


_OVERALL_LABELS = (("total", "资金总额"), ("general_budget", "一般公共预算拨款"), ("government_fund", "政府性基金拨款"),
                   ("other", "其他资金"), ("basic", "基本支出"), ("project", "项目支出"))


def overall_layout(target: OverallTargets) -> FormLayout:
    """The 部门整体支出绩效目标表 form: unit, amounts, duties, key work, indicators.

    The indicator grid, which comes last and may run onto further pages, has one field per grid
    column: a PDF reader sees on each page only the column boundaries drawn there."""
    present = [f for f in ("description", "basis", "note") if any(getattr(i, f) for i in target.indicators)]
    missing = [f for f in ("description", "basis", "note") if f not in present]
    chosen = set(present + missing[:max(0, 2 - len(present))])  # at least six columns
    fields = [f for f, _ in _FIELDS if f in ("level1", "level2", "level3", "value") or f in chosen]
    width = len(fields)
    grid = Grid(width=width)
    row = 0
    if target.unit_name:
        grid.add("部门名称", row, 0, kind=LABEL)
        grid.add(target.unit_name, row, 1, colspan=width - 1, kind=TEXT)
        row += 1
    pairs = [(label, amount_text(target.amounts[key]) if target.amounts[key] is not None else "")
             for key, label in _OVERALL_LABELS if key in target.amounts]
    for i in range(0, len(pairs), 3):
        col = 0
        for label, value in pairs[i:i + 3]:
            grid.add(label, row, col, kind=LABEL)
            grid.add(value, row, col + 1, colspan=1 if col < 4 else width - 5, kind=AMOUNT)
            col += 2
        row += 1
    if target.duties:
        grid.add("部门职责", row, 0, kind=LABEL)
        grid.add(target.duties, row, 1, colspan=width - 1, kind=TEXT)
        row += 1
    if target.key_work:
        grid.add("年度重点工作任务", row, 0, colspan=2, kind=HEAD)
        grid.add("责任主体", row, 2, kind=HEAD)
        grid.add("预期目标", row, 3, colspan=width - 3, kind=HEAD)
        row += 1
        for work in target.key_work:
            grid.add(work.get("item", ""), row, 0, colspan=2, kind=TEXT)
            grid.add(work.get("owner", ""), row, 2, kind=TEXT)
            grid.add(work.get("goal", ""), row, 3, colspan=width - 3, kind=TEXT)
            row += 1
    if target.indicators:
        _indicator_rows(grid, row, target.indicators, fields)
    grid.col_widths = [9.0, 9.0, 12.0, 12.0, 10.0, 12.0, 10.0][:width]
    return FormLayout(target.title, [f"单位：{target.money_unit}"] if target.money_unit else [], grid)
