"""The row-shift search (yusuan.rules.hierarchy.find_shift) prunes what it re-adds; it must find exactly what
trying every start and direction with every identity finds."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import yusuan
from yusuan.rules.hierarchy import Shift, failing, filled_columns, find_shift, identities, table_half_unit

SEEDS = Path(__file__).parent / "data" / "seeds"


def every_start(table) -> Shift | None:
    """The search without pruning: each start and direction, all identities added up again."""
    rows = table.rows
    if len(rows) < 4 or not any(r.code for r in rows):
        return None
    ids = identities(table)
    if len(ids) < 2:
        return None
    shown = [r.values for r in rows]
    half, cols = table_half_unit(table), filled_columns(table)
    failed, _ = failing(table, shown, ids, half, cols=cols)
    if len(failed) < 2:
        return None
    last_start = min(max(i.parent, *i.children) for i in failed)
    best = None
    for step in (1, -1):
        for start in range(min(last_start + 1, len(rows) - 2)):
            if step == 1:
                restored = [*shown[:start], None, *shown[start:-1]]
            else:
                restored = [*shown[:start], *shown[start + 1:], None]
            f, checked = failing(table, restored, ids, half, first=True, cols=cols)
            if not f and len(checked) >= 3:
                key = (len(checked), -start)
                if best is None or key > best[0]:
                    best = (key, Shift(start, step, len(failed), tuple(restored)))
    return best[1] if best else None


@pytest.fixture(scope="module")
def coded_tables():
    docs = [yusuan.extract(p) for p in sorted(SEEDS.glob("*.txt"))]
    return [t for d in docs for t in d.tables if len(t.rows) >= 4 and any(r.code for r in t.rows)]


def test_pruned_search_finds_what_every_start_finds(coded_tables):
    rng = random.Random(11)
    found = 0
    for table in coded_tables:
        for _ in range(25):
            rows = [r.model_copy(update={"values": dict(r.values)}) for r in table.rows]
            # one column displaced by a row from a random row on, up or down, and now and then a cell lost
            start, step = rng.randrange(len(rows)), rng.choice((1, -1))
            col = rng.choice([c.id for c in table.columns])
            column = [r.values.get(col) for r in rows]
            column = column[:start] + column[start + 1:] + [None] if step == 1 else column[:start] + [None] + column[start:-1]
            for r, v in zip(rows, column):
                r.values[col] = v
            if rng.random() < 0.3:
                victim = rng.choice(rows)
                if victim.values:
                    victim.values[rng.choice(list(victim.values))] = None
            t = table.model_copy(update={"rows": rows})
            expected = every_start(t)
            assert find_shift(t) == expected
            ids, half, cols = identities(t), table_half_unit(t), filled_columns(t)
            failed, checked = failing(t, [r.values for r in t.rows], ids, half, cols=cols)
            assert find_shift(t, ids, half, failed, cols, checked) == expected
            found += expected is not None
    assert len(coded_tables) == 8
    assert found == 29


def test_half_unit_asked_only_where_a_sum_is_off(coded_tables):
    from decimal import Decimal

    from yusuan.model import Column, Row, Table

    def table(total: str) -> Table:
        rows = [Row(name="合计", values={"total": Decimal(total)}),
                Row(code="301", name="工资福利支出", values={"total": Decimal("6.00")}),
                Row(code="30101", name="基本工资", values={"total": Decimal("6.00")}),
                Row(code="302", name="商品和服务支出", values={"total": Decimal("4.00")}),
                Row(code="30201", name="办公费", values={"total": Decimal("4.00")})]
        return Table(id="general_budget_basic_expenditure", title="基本支出表", columns=[Column(id="total", label="合计")],
                     rows=rows)

    asked: list[int] = []

    def half():
        asked.append(1)
        return Decimal("0.005")

    exact = table("10.00")
    assert failing(exact, [r.values for r in exact.rows], identities(exact), half) == ([], identities(exact))
    assert asked == []
    off = table("10.05")
    failed, checked = failing(off, [r.values for r in off.rows], identities(off), half)
    assert (len(failed), len(checked), len(asked)) == (1, 3, 1)
    # on the seeds' tables, a function gives what the figure gives
    for t in coded_tables:
        values, ids, h = [r.values for r in t.rows], identities(t), table_half_unit(t)
        assert failing(t, values, ids, lambda: h) == failing(t, values, ids, h)
