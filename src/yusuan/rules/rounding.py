"""The rounding a printed figure carries, and so how far two printed figures may differ by it alone.

Every printed figure is the exact amount rounded to the last decimal the document prints (0.01 万元, or
1 元). A printed sum of n printed addends may therefore differ from the printed total by up to n × half a
unit of that decimal (0.005 for two decimals) — never more — so the tolerance follows from the figures
compared, not from a magic number. Sums inside one table use the finest decimal that table prints.
"""

from __future__ import annotations

from decimal import Decimal

ZERO = Decimal(0)


def decimals(value: Decimal) -> int:
    """How many decimals a figure was printed with (9.60 → 2). Read from its text, which is faster than
    ``as_tuple``; never cached by value, since Decimal("9.6") == Decimal("9.60")."""
    text = str(value)
    if "E" in text:
        exp = value.as_tuple().exponent
        return -exp if isinstance(exp, int) and exp < 0 else 0
    dot = text.find(".")
    return len(text) - dot - 1 if dot >= 0 else 0


_HALF = [Decimal(5).scaleb(-p - 1) for p in range(12)]


def half_of_places(places: int) -> Decimal:
    """Half a unit of the ``places``-th decimal (2 → 0.005)."""
    return _HALF[places] if places < len(_HALF) else Decimal(1).scaleb(-places) / 2


def half_unit(values) -> Decimal:
    """Half a unit of the finest decimal printed among ``values``."""
    return half_of_places(max((decimals(v) for v in values if v is not None), default=2))


def tolerance(addends, total=None) -> Decimal:
    """How far a printed total may be from the sum of ``addends`` by rounding alone."""
    present = [v for v in addends if v is not None]
    n = max(len(present), 1)
    return half_unit([*present, total]) * n


def close(a: Decimal, b: Decimal, addends=None) -> bool:
    """True when ``a`` (a printed total) matches ``b`` (a sum of printed ``addends``) within rounding."""
    if addends is None:
        addends = [b]
    return abs(a - b) <= tolerance(addends, a)
