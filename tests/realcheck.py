"""Helpers for the tests of published documents read into the standard tables: finding a row by what
identifies it, comparing a row's printed values, and the identities a budget table satisfies (a row's
total is the sum of its parts, a class the sum of its items), which catch a value read into the wrong
column or a row that went missing."""

from __future__ import annotations

from decimal import Decimal

ZERO = Decimal(0)


def row_of(table, ident: str, side: str | None = None):
    """The row a test names by its 科目编码, its unit's code, its item or its printed name."""
    for r in table.rows:
        if side is not None and r.side != side:
            continue
        if ident in (r.code, r.unit_code, r.item) or r.name.replace(" ", "") == ident.replace(" ", ""):
            return r
    raise AssertionError(f"{table.id}: no row {ident!r} ({side})")


def printed(row) -> dict[str, Decimal]:
    """A row's values where a figure is printed (a blank cell is absent, a printed 0.00 is present)."""
    return {k: v for k, v in row.values.items() if v is not None}


def expected(values: dict[str, str]) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in values.items()}


def v(row, col: str) -> Decimal:
    return row.values.get(col) or ZERO


def part_sums(table, whole: str, parts: tuple[str, ...], tol: Decimal = ZERO) -> list[str]:
    """Rows whose ``whole`` column is not the sum of its ``parts`` (blanks count as 0), beyond ``tol``
    (for documents that say their parts may not add up to the cent after rounding)."""
    cols = {c.id for c in table.columns}
    if whole not in cols or not set(parts) <= cols:
        return []
    return [f"{r.code or r.name}: {whole} {v(r, whole)} != {' + '.join(parts)} {sum(v(r, p) for p in parts)}"
            for r in table.rows if abs(v(r, whole) - sum((v(r, p) for p in parts), ZERO)) > tol]


def hierarchy(table, col: str = "total", tol: Decimal = ZERO) -> list[str]:
    """Breaks of the code hierarchy: a class (3 digits) the sum of its 款 (5), a 款 the sum of its 项 (7),
    economic classes (3) the sum of their items (5); the 合计 the sum of the classes."""
    coded = [r for r in table.rows if r.code]
    out = []
    for r in coded:
        children = [c for c in coded if c.code.startswith(r.code) and len(c.code) == len(r.code) + 2]
        if children and abs(v(r, col) - sum((v(c, col) for c in children), ZERO)) > tol:
            out.append(f"{r.code} {v(r, col)} != {sum(v(c, col) for c in children)}")
    total = next((r for r in table.rows if r.name.replace(" ", "") == "合计"), None)
    classes = [r for r in coded if len(r.code) == 3]
    if total is not None and classes and abs(v(total, col) - sum((v(c, col) for c in classes), ZERO)) > tol:
        out.append(f"合计 {v(total, col)} != classes {sum(v(c, col) for c in classes)}")
    return out
