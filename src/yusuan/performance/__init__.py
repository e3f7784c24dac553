"""Performance management: the targets of a budget (绩效目标) and the year's self-evaluation (绩效自评).

- :mod:`yusuan.performance.indicators` — an indicator's value read as a target (operator, number, unit);
- :mod:`yusuan.performance.targets` — the targets of a document or build input, and their YAML form;
- :mod:`yusuan.performance.actuals` — what was achieved, entered in YAML or in the workbook
  :func:`write_evaluation_template` writes;
- :mod:`yusuan.performance.scoring` — the scores of the 项目支出绩效自评 method (财预〔2020〕10号);
- ``evaluation_xlsx`` / ``evaluation_docx`` / ``evaluation_html`` — the 绩效自评表.
"""

from __future__ import annotations

__all__ = ["parse_target", "load_targets", "load_actuals", "evaluate", "write_evaluation_template"]


def __getattr__(name: str):
    if name == "parse_target":
        from yusuan.performance.indicators import parse_target

        return parse_target
    if name == "load_targets":
        from yusuan.performance.targets import load_targets

        return load_targets
    if name in ("load_actuals", "write_evaluation_template"):
        from yusuan.performance import actuals

        return getattr(actuals, name)
    if name == "evaluate":
        from yusuan.performance.scoring import evaluate

        return evaluate
    raise AttributeError(name)
