"""What every rule sees: the disclosure, its tables' code hierarchy and the analyses several rules share.

Comparisons allow the rounding printed figures carry (see :mod:`yusuan.rules.rounding`).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property

from yusuan.model import Disclosure, Row, Table
from yusuan.rules.engine import Issue, MissingData
from yusuan.rules.hierarchy import Identity, Shift, failing, filled_columns, find_shift, identities, table_half_unit
from yusuan.rules.rounding import ZERO, close, half_unit, tolerance


def value(row: Row | None, column: str = "total") -> Decimal | None:
    if row is None:
        return None
    return row.values.get(column)


def amount(row: Row | None, column: str = "total") -> Decimal:
    """A printed amount where an empty cell means nothing was budgeted."""
    v = value(row, column)
    return ZERO if v is None else v


WAN = Decimal(10000)
SCALE = {"元": Decimal(1), "万元": WAN, "亿元": WAN * WAN}


def convert(v: Decimal, unit: str | None, to: str | None) -> Decimal:
    """``v`` printed in ``unit`` expressed in ``to``, exactly; an unknown unit leaves it as it is."""
    if unit == to or unit not in SCALE or to not in SCALE:
        return v
    return v * SCALE[unit] / SCALE[to]


def in_yuan(v: Decimal, unit: str | None) -> Decimal:
    """An amount in 元, so that tables printed in different units compare."""
    return convert(v, unit, "元")


def same_money(a: Decimal, unit_a: str | None, b: Decimal, unit_b: str | None) -> bool:
    """Whether two printed amounts can be the same money, each rounded to the decimals it prints."""
    if unit_a == unit_b or None in (unit_a, unit_b):
        return close(a, b)
    slack = in_yuan(half_unit([a]), unit_a) + in_yuan(half_unit([b]), unit_b)
    return abs(in_yuan(a, unit_a) - in_yuan(b, unit_b)) <= slack


def at_most(a: Decimal, unit_a: str | None, limit: Decimal, unit_l: str | None) -> bool:
    """Whether printed ``a`` can be no more than printed ``limit``, allowing each one's rounding."""
    if None in (unit_a, unit_l):
        unit_a = unit_l = unit_a or unit_l
    slack = in_yuan(half_unit([a]), unit_a) + in_yuan(half_unit([limit]), unit_l)
    return in_yuan(a, unit_a) <= in_yuan(limit, unit_l) + slack


def money(v: Decimal | None, unit: str | None) -> str:
    if v is None:
        return "空白"
    return f"{v}{unit or ''}"


_UNSET = object()  # no value remembered yet (None is a value: a row looked for and not found)


class Context:
    def __init__(self, disclosure: Disclosure, related=None):
        self.disclosure = disclosure
        # The department's other documents (a yusuan.rules.across.Related), where a corpus store is at hand.
        self.related = related
        self._identities: dict[int, list[Identity]] = {}
        self._sums: dict[int, tuple[list[Identity], list[Identity]]] = {}
        self._positions: dict[int, dict[int, int]] = {}
        self._memo: dict[object, object] = {}
        self._tables: dict[str, Table] | None = None
        self._halves: dict[int, Decimal] = {}
        self.looked_up: set[str] = set()  # the tables the running rule asked for (the engine resets it)

    def passages(self) -> list[tuple[str, int | None, int | None, str | None]]:
        """The explanation's paragraphs as printed, stripped, the empty ones left out: (text, page, line, file),
        read off the models once for both paragraph builders (editorial and narrative join them differently)."""
        found = self._memo.get("passages")
        if found is None:
            found = self._memo["passages"] = [
                (text, src.page, src.line, src.file)
                for p in self.disclosure.explanation if (text := p.text.strip()) for src in (p.source,)]
        return found

    def memo(self, key, compute):
        """A value several rules derive from the document (its sentences, say), computed once per check."""
        found = self._memo.get(key, _UNSET)  # one look-up where two were: asked ~100 times a document
        if found is _UNSET:
            found = self._memo[key] = compute()
        return found

    def within(self, table: Table, total: Decimal, addends) -> bool:
        """``total`` equals the sum of ``addends`` (blank = 0) within the rounding each printed figure
        carries (see :func:`~yusuan.rules.rounding.tolerance`)."""
        present = [v for v in addends if v is not None]
        s = sum(present, ZERO)
        if total == s:
            return True
        diff = abs(total - s)
        # The table's finest decimal settles almost every sum; a figure's own precision only the rest.
        return not diff or diff <= self.half_unit(table) * max(len(present), 1) or diff <= tolerance(present, total)

    def half_unit(self, table: Table) -> Decimal:
        """Half a unit of the finest decimal the table prints, computed once per check."""
        half = self._halves.get(id(table))
        if half is None:
            half = self._halves[id(table)] = table_half_unit(table)
        return half

    def identities(self, table: Table) -> list[Identity]:
        """The code-hierarchy identities of a table, computed once per check."""
        key = id(table)
        if key not in self._identities:
            self._identities[key] = identities(table)
        return self._identities[key]

    def filled_columns(self, table: Table) -> list[str]:
        """The numeric columns some row of the table fills, computed once per check."""
        return self.memo(("filled", id(table)), lambda: filled_columns(table))

    def identity_sums(self, table: Table) -> tuple[list[Identity], list[Identity]]:
        """The table's code-hierarchy identities that fail as printed, and those checked at all:
        computed once per check for the shift analysis and the sum rules alike."""
        key = id(table)
        found = self._sums.get(key)
        if found is None:
            ids = self.identities(table)
            found = self._sums[key] = failing(table, [r.values for r in table.rows], ids,
                                              lambda: self.half_unit(table),
                                              cols=self.filled_columns(table)) if ids else ([], [])
        return found

    @property
    def unit(self) -> str | None:
        return self.disclosure.money_unit

    def table(self, table_id: str) -> Table | None:
        self.looked_up.add(table_id)
        tables = self._tables
        if tables is None:
            tables = self._tables = {}
            for t in self.disclosure.tables:
                tables.setdefault(t.id, t)  # the first of a kind, as Disclosure.table gives
        return tables.get(table_id)

    def require(self, table_id: str) -> Table:
        """The table with rows, or :class:`MissingData` naming it in Chinese."""
        t = self.table(table_id)
        if t is None:
            from yusuan.recognize.titles import SPEC_BY_ID

            raise MissingData(f"未找到{SPEC_BY_ID[table_id].name}")
        return t

    @cached_property
    def shifts(self) -> dict[str, Shift]:
        out = {}
        for t in self.disclosure.tables:
            if len(t.rows) < 4:
                continue
            if not any(r.code for r in t.rows):
                continue
            failed, checked = self.identity_sums(t)
            if len(failed) < 2:  # find_shift's own first test, before it needs the table's half unit
                continue
            s = find_shift(t, self.identities(t), self.half_unit(t), failed, self.filled_columns(t), checked)
            if s is not None:
                out[t.id] = s
        return out

    def shifted(self, table: Table, row: Row | None = None) -> bool:
        """Whether a row's values are displaced (reported once as 行错位, so other rules stay quiet)."""
        s = self.shifts.get(table.id)
        if s is None:
            return False
        if row is None:
            return True
        # Rows are found by identity: pydantic's == compares every field, far too slow here.
        positions = self._positions.get(id(table))
        if positions is None:
            positions = self._positions[id(table)] = {id(r): i for i, r in enumerate(table.rows)}
        index = positions.get(id(row))
        return index is not None and s.covers(index)

    def at(self, table: Table, row: Row | None, message: str, *, column: str | None = None,
           expected=None, actual=None, severity=None) -> Issue:
        """An issue placed at a table row (or the table's title when ``row`` is None)."""
        src = row.source if row is not None else table.source
        return Issue(
            message=message, table=table.id, row_code=row.code if row else None,
            row_name=row.name.strip() if row else None, column=column, expected=expected, actual=actual,
            page=src.page, line=src.line, cell=src.cell, severity=severity, file=src.file,
        )
