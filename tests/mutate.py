"""Inject one mistake into a copy of a seed and check the copy."""

from __future__ import annotations

from pathlib import Path

from conftest import seed


def seed_text(prefix: str) -> str:
    return seed(prefix).read_text(encoding="utf-8")


def replace_once(text: str, old: str, new: str, *, after: str | None = None) -> str:
    """Replace the first ``old`` (after the first ``after`` when given); the mutation must apply."""
    start = text.index(after) if after else 0
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old):]


def check_text(text: str, tmp_path: Path, name: str = "mutated.txt", select=(), ignore=()):
    import yusuan
    from yusuan.rules import check

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check(yusuan.extract(path), select=select, ignore=ignore)


def findings(report, rule: str):
    return [f for f in report.findings if f.rule == rule]


def outcome(report, rule: str) -> str:
    return next(o.outcome for o in report.outcomes if o.rule == rule)
