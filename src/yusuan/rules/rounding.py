"""The rounding a printed figure carries, and so how far two printed figures may differ by it alone.

Every printed figure is the exact amount rounded to the last decimal it prints (0.01 万元, or 1 元). A
printed sum of n printed addends may therefore differ from the printed total by up to n × half a unit of
that decimal (0.005 for two decimals) — never more — so the tolerance follows from the figures compared,
not from a magic number. Each figure carries its own precision: a 合计 printed in whole 元 over parts
printed to the fen (22,118,861 over 22,118,861.34) may be off by half a 元. A zero is exact however it is
printed.
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


def own_half(value: Decimal) -> Decimal:
    """Half a unit of the last decimal this figure prints; nothing for a zero, which is exact."""
    return ZERO if not value else half_of_places(decimals(value))


def tolerance(addends, total=None) -> Decimal:
    """How far a printed total may be from the sum of ``addends`` by rounding alone: half a unit of
    each addend's own last decimal, and more where the total is printed coarser than the finest of
    them (n × 0.005 for n addends and a total all printed to two decimals)."""
    present = [v for v in addends if v is not None]
    halves = [own_half(v) for v in present if v]
    if not halves:
        return own_half(total) if total else half_of_places(2)
    finest = min(halves)
    coarser_total = own_half(total) - finest if total else ZERO
    return sum(halves, ZERO) + max(coarser_total, ZERO)


def close(a: Decimal, b: Decimal, addends=None) -> bool:
    """True when ``a`` (a printed total) matches ``b`` (a sum of printed ``addends``) within rounding."""
    if a == b and isinstance(a, Decimal) and a.is_finite():  # no tolerance is below zero: the same figure always matches
        return True
    if addends is None:
        addends = [b]
    return abs(a - b) <= tolerance(addends, a)
