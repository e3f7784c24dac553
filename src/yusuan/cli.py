"""Command line: a thin layer over the library. Heavy imports stay inside commands."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

app = typer.Typer(
    help="yusuan（预算）：读取、核对部门预算公开文件。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class ExtractFormat(str, Enum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


@app.callback()
def main() -> None:
    """yusuan（预算）：部门预算信息公开与预算绩效管理工具。"""


def _err(message: str) -> None:
    from rich.console import Console

    Console(stderr=True, highlight=False).print(f"[bold red]错误[/]：{message}", soft_wrap=True)


@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="要读取的文件（.txt/.md/.docx/.xlsx/.xls/.pdf）", show_default=False),
    fmt: ExtractFormat = typer.Option(ExtractFormat.json, "--format", "-f", help="输出格式"),
    out: Path | None = typer.Option(None, "--output", "-o", help="输出目录；不给时 JSON/CSV 打印到标准输出"),
) -> None:
    """把预算公开文件读成结构化数据（表格、绩效目标、说明中的数字）。"""
    from yusuan import extract as extract_doc
    from yusuan.errors import YusuanError
    from yusuan.export import to_csv, to_json, write_xlsx

    if fmt is ExtractFormat.xlsx and out is None:
        _err("--format xlsx 需要用 -o 指定输出目录")
        raise typer.Exit(2)
    failed = 0
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    for path in files:
        try:
            d = extract_doc(path)
        except YusuanError as exc:
            _err(exc.describe())
            failed += 1
            continue
        except Exception as exc:  # a reader library failing on malformed input
            _err(f"文件 {path}：无法读取（{type(exc).__name__}: {exc}）")
            failed += 1
            continue
        if out is None:
            sys.stdout.write(to_json(d) + "\n" if fmt is ExtractFormat.json else to_csv(d))
            continue
        target = out / f"{path.stem}.{fmt.value}"
        if fmt is ExtractFormat.json:
            target.write_text(to_json(d) + "\n", encoding="utf-8")
        elif fmt is ExtractFormat.csv:
            target.write_text(to_csv(d), encoding="utf-8-sig")
        else:
            write_xlsx(d, target)
        typer.echo(f"已写出 {target}（{len(d.tables)} 张表，{len(d.projects)} 个项目，{len(d.narrative)} 个说明数字）",
                   err=True)
    if failed:
        raise typer.Exit(2)


@app.command()
def tables() -> None:
    """列出可识别的标准表：表编号、标准名称和规范栏目。"""
    from rich.console import Console
    from rich.table import Table

    from yusuan.recognize.titles import SPECS

    out = Table(title="标准表目录", show_lines=False)
    out.add_column("表编号", no_wrap=True, min_width=32)
    out.add_column("标准名称")
    out.add_column("规范栏目")
    for spec in SPECS:
        out.add_row(spec.id, spec.name, ", ".join(c for c, _ in spec.columns))
    Console().print(out)


if __name__ == "__main__":  # pragma: no cover
    app()
