"""Checking a disclosure: declared rules, one module per family.

``check(disclosure)`` runs every rule (or the ones chosen with ``select``/``ignore``, by id
prefix as in ruff) and returns a :class:`~yusuan.rules.engine.Report` with each finding and one
outcome per rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from yusuan.model import Disclosure
from yusuan.rules import codes, completeness, cross, editorial, narrative, performance, reading, sums  # noqa: F401  (registration)
from yusuan.rules import claims  # noqa: F401,E402  (registration; after narrative, whose helpers it uses)
from yusuan.rules import finals  # noqa: F401,E402  (registration; after narrative and sums, whose helpers it uses)
from yusuan.rules import across, final_explanation, headers  # noqa: F401,E402  (registration)
from yusuan.rules.context import Context
from yusuan.rules.engine import FAMILIES, REGISTRY, Finding, Outcome, Report, Rule, run, selected

__all__ = ["FAMILIES", "REGISTRY", "Finding", "Outcome", "Report", "Rule", "check", "catalog"]


def check(disclosure: Disclosure, select: Iterable[str] = (), ignore: Iterable[str] = (), related=None) -> Report:
    """``related``: the department's other documents (see :mod:`yusuan.rules.across`), for the rules that
    compare a document with them; without it those rules say 数据不足."""
    from yusuan.catalogs import held_steady

    with held_steady():
        return run(Context(disclosure, related), selected(select, ignore))


def catalog() -> list[Rule]:
    return [REGISTRY[k] for k in sorted(REGISTRY)]
