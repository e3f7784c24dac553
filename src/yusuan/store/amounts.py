"""Money as the store gives it back: 万元 ``Decimal`` with the digits DuckDB and PostgreSQL both agree on.

The store itself (a document's figures) and the queries (trends, rankings, sums) show amounts the same
way, so both take them from here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(v: Decimal | None) -> Decimal | None:
    """万元 as two decimals when that is exact, else every digit stored."""
    if v is None:
        return None
    q = v.quantize(CENT)
    return q if q == v else v.normalize()


def percent(change: Decimal | None, base: Decimal | None) -> Decimal | None:
    """``change`` as a percentage of ``base`` to two decimals; None without a base to divide by."""
    if change is None or base is None or base == 0:
        return None
    return (change * 100 / base).quantize(CENT, rounding=ROUND_HALF_UP)
