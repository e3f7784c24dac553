"""A compact, reviewable view of an extraction, used by the golden-file tests.

Values are strings so that the golden files pin the exact printed Decimal
(``"506.10"``), not a float. Regenerate a golden file only after reviewing the
difference by eye: ``python3 tests/snapshot.py SEED OUT.json``.
"""

from __future__ import annotations

import json
import sys

from yusuan.model import Disclosure


def snapshot(d: Disclosure) -> dict:
    return {
        "department": d.department.model_dump(),
        "year": d.year,
        "kind": d.kind,
        "money_unit": d.money_unit,
        "tables": [
            {
                "id": t.id,
                "title": t.title,
                "money_unit": t.money_unit,
                "empty_note": t.empty_note,
                "rows": [
                    [r.seq, r.side, r.code, r.name,
                     {k: (None if v is None else str(v)) for k, v in r.values.items()}, r.source.line]
                    for r in t.rows
                ],
            }
            for t in d.tables
        ],
        "projects": [
            {
                "code": p.code,
                "name": p.name,
                "amount": None if p.amount is None else str(p.amount),
                "spending_plan": [[s.period, None if s.percent is None else str(s.percent)] for s in p.spending_plan],
                "indicators": [[i.level1, i.level2, i.level3, i.value] for i in p.indicators],
            }
            for p in d.projects
        ],
    }


def dumps(data: dict) -> str:
    lines = json.dumps(data, ensure_ascii=False, indent=1)
    return lines + "\n"


if __name__ == "__main__":
    import yusuan

    doc = yusuan.extract(sys.argv[1])
    with open(sys.argv[2], "w", encoding="utf-8") as fh:
        fh.write(dumps(snapshot(doc)))
