"""A table headed in the wrong unit: "单位：元" over figures that are the other tables' 万元 figures.

The header's unit is how every figure of the table is read; one slip there turns every cross-table
identity into a false difference of ten thousand times. Where the table's figures equal, as printed, the
figures other tables print in the other unit — and do not equal them once converted — the figures are in
the other unit and the header is the slip: the table is read in the unit its figures are in, and the
unit it prints is kept (``Table.printed_unit``) for the finding that reports it.
"""

from __future__ import annotations

from decimal import Decimal

from yusuan.model import Table

_OTHER = {"元": "万元", "万元": "元"}
_SCALE = Decimal(10000)


def _figures(t: Table) -> set[Decimal]:
    # large enough not to match by chance: a figure of at least 100 in its own unit
    return {v for r in t.rows for v in r.values.values() if v is not None and abs(v) >= 100}


def correct_unit_slips(tables: list[Table]) -> None:
    """Read a table in the other unit where its figures are, as printed, the other tables' figures."""
    if len({t.money_unit for t in tables if t.money_unit in _OTHER}) < 2:
        return  # every table in one unit: nothing to tell a slip from
    for t in tables:
        unit = t.money_unit
        if unit not in _OTHER:
            continue
        other = _OTHER[unit]
        mine = _figures(t)
        theirs = set().union(*(_figures(s) for s in tables if s is not t and s.money_unit == other))
        if not mine or not theirs:
            continue
        as_printed = len(mine & theirs)
        converted = len({(v / _SCALE if unit == "元" else v * _SCALE) for v in mine} & theirs)
        if as_printed >= 2 and as_printed >= len(mine) / 2 and converted == 0:
            t.printed_unit, t.money_unit = unit, other
