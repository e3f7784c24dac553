"""The 绩效自评表 as one self-contained HTML page (prints one table per page)."""

from __future__ import annotations

from pathlib import Path

from yusuan.performance.scoring import Evaluation
from yusuan.performance.tables import grids


def to_html(ev: Evaluation) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("yusuan.performance", "templates"), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    title = "绩效自评" + (f"：{ev.department}" if ev.department else "") + (f" {ev.year} 年度" if ev.year else "")
    return env.get_template("evaluation.html.j2").render(title=title, grids=grids(ev), ev=ev)


def write_evaluation_html(ev: Evaluation, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_html(ev), encoding="utf-8")
    return path
