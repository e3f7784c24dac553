"""The synthetic disclosures of tests/fixtures/unseen/ (README there): read once per session."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yusuan

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"


@lru_cache(maxsize=None)
def extracted(name: str):
    return yusuan.extract(UNSEEN / name)


def text(name: str) -> str:
    return (UNSEEN / name).read_text(encoding="utf-8")


def errors(report):
    return [f for f in report.findings if f.severity == "错误"]
