"""Command line: a thin layer over the library. Heavy imports stay inside commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path

import typer

from yusuan.read.limits import READER_MEMORY_MB, READER_SECONDS

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


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"
    sarif = "sarif"
    checklist = "checklist"


class RulesFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.callback()
def main() -> None:
    """yusuan（预算）：部门预算信息公开与预算绩效管理工具。"""


def _err(message: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True, highlight=False).print(f"[bold red]错误[/]：{escape(message)}", soft_wrap=True)


def _plain_stderr() -> bool:
    """Whether stderr is surely no terminal as rich judges one (a pipe or a file, and no variable that makes
    rich take it for a terminal); where unsure, False."""
    if os.environ.get("TTY_COMPATIBLE") or os.environ.get("FORCE_COLOR") is not None:
        return False
    try:
        return not sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def _progress(label: str, total: int) -> Iterator[Callable[[str | None], None]]:
    """The progress bar of a run over three files or more, on a terminal: call the step with None for each
    file done, with the message for a file that failed (printed above the bar). Where no bar can show, rich
    (a good part of the start-up) is not imported for it; a failure is then printed as :func:`_err` prints it."""
    if total < 3 or _plain_stderr():
        yield lambda failure: None if failure is None else _err(failure)
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    stderr = Console(stderr=True, highlight=False)
    columns = [TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=stderr, transient=True, disable=not stderr.is_terminal) as bar:
        task = bar.add_task(label, total=total)

        def step(failure: str | None) -> None:
            if failure is None:
                bar.advance(task)
            else:
                bar.console.print(f"[bold red]错误[/]：{escape(failure)}", soft_wrap=True)

        yield step


def _show(renderable) -> None:
    """A rich table on the terminal; in a pipe, plain text at the table's own width (never cut with …)."""
    from rich.console import Console

    console = Console(highlight=False)
    if console.is_terminal:
        console.print(renderable)
    else:
        from yusuan.report.text import plain

        sys.stdout.write(plain(renderable))


def _output_folder(out: Path, example: str, *, make: bool = True) -> None:
    """Refuse ``-o`` naming an existing file, or a folder that cannot be made, before any work is done."""
    if out.exists() and not out.is_dir():
        suggested = out.parent / (example if out.name != example else f"{example}-文件夹")
        _err(f"-o {out} 是一个已有的文件，不是文件夹；请给出输出文件夹，如 -o {suggested}")
        raise typer.Exit(2)
    if not make:
        return
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _err(f"无法建立输出文件夹 {out}（{exc.strerror or exc}）")
        raise typer.Exit(2) from None


def _disclosures(files: list[Path], together: bool) -> list[tuple[list[Path], str | None]]:
    """The files given (folders walked) as disclosures: all as one with ``--together``, else an explanation
    and a tables file of one folder whose names differ only in their part word as one, each other file alone."""
    from yusuan.read import walk
    from yusuan.read.parts import group

    paths = list(walk(files))
    if together and len(paths) > 1:
        return [(paths, "按 --together 作为一份公开文件合并读取")]
    return group(paths)


def _ocr_pages(disclosures: list, jobs: int, outcomes: Iterable) -> Iterator:
    """``outcomes`` as they come, read with each scanned page read by OCR told on stderr ("OCR 第 2/5 页";
    stdout keeps the output alone), and the pages of a single file read by ``jobs`` processes (several
    files are read in parallel file by file instead)."""
    from yusuan.read import read_as_pdf

    if not any(read_as_pdf(m) for members, _ in disclosures for m in members):
        yield from outcomes  # nothing to read by OCR: the OCR reader is not even imported
        return
    from yusuan.read.scan import options

    def told(source: str, done: int, total: int, page: int) -> None:
        typer.echo(f"{Path(source).name}：OCR 第 {done}/{total} 页（第 {page} 页）", err=True)

    one = len(disclosures) == 1
    # Files read by several processes: the OCR models of each run on one thread (the processes are the
    # parallelism; a thread per core in every process would share the cores out many times over).
    with options(jobs=jobs if one else 1, progress=told, threads=1 if not one and jobs > 1 else 0):
        yield from outcomes


def _say_joined(members: list[Path], because: str | None) -> None:
    """Say on stderr which files were read as one disclosure and why."""
    if len(members) > 1:
        typer.echo(f"合并读取 {' + '.join(map(str, members))}：{because}", err=True)


@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="要读取的文件（.txt/.md/.docx/.xlsx/.xls/.pdf/.html）或文件夹", show_default=False),
    fmt: ExtractFormat = typer.Option(ExtractFormat.json, "--format", "-f", help="输出格式"),
    out: Path | None = typer.Option(None, "--output", "-o", help="输出目录；不给时 JSON/CSV 打印到标准输出"),
    together: bool = typer.Option(False, "--together", help="把给出的全部文件作为一份公开文件合并读取（如说明和表格分两个文件发布）"),
    jobs: int = typer.Option(0, "--jobs", "-j", help="同时读取的进程数；0（默认）为本机处理器核数，1 逐个读取。结果总按文件顺序输出", min=0),
) -> None:
    """把预算公开文件读成结构化数据（表格、绩效目标、说明中的数字）。

    同一文件夹中文件名只差“说明”和“表”（或 explanation 和 tables）的两个文件自动作为一份公开文件合并读取。"""
    from yusuan.export import to_csv, to_json, write_xlsx

    if fmt is ExtractFormat.xlsx and out is None:
        _err("--format xlsx 需要用 -o 指定输出目录")
        raise typer.Exit(2)
    disclosures = _disclosures(files, together)
    if not disclosures:
        _err(f"在 {'、'.join(map(str, files))} 中没有找到可读取的文件（.txt/.md/.docx/.xlsx/.xls/.pdf/.html）")
        raise typer.Exit(2)
    failed = 0
    if out is not None:
        _output_folder(out, "提取结果")
    written: set[str] = set()
    from yusuan.batch import default_jobs, read_all

    for outcome in _ocr_pages(disclosures, jobs or default_jobs(), read_all(disclosures, jobs or default_jobs())):
        members, path, d = outcome.members, outcome.members[0], outcome.doc
        _say_joined(members, outcome.because)
        if outcome.read_error is not None:
            _err(outcome.read_error)
            failed += 1
            continue
        if out is None:
            sys.stdout.write(to_json(d) + "\n" if fmt is ExtractFormat.json else to_csv(d))
            continue
        # Files of the same name in different folders each keep their output.
        stem, n = path.stem, 1
        while stem in written:
            n += 1
            stem = f"{path.stem}-{n}"
        written.add(stem)
        target = out / f"{stem}.{fmt.value}"
        try:
            if fmt is ExtractFormat.json:
                target.write_text(to_json(d) + "\n", encoding="utf-8")
            elif fmt is ExtractFormat.csv:
                target.write_text(to_csv(d), encoding="utf-8-sig")
            else:
                write_xlsx(d, target)
        except OSError as exc:
            _err(f"无法写出 {target}（{exc.strerror or exc}）")
            failed += 1
            continue
        typer.echo(f"已写出 {target}（{len(d.tables)} 张表，{len(d.projects)} 个项目，{len(d.narrative)} 个说明数字）",
                   err=True)
    if failed:
        raise typer.Exit(2)


@app.command()
def tables() -> None:
    """列出可识别的标准表：表编号、标准名称和规范栏目。"""
    from rich.table import Table

    from yusuan.recognize.titles import SPECS

    out = Table(title="标准表目录", show_lines=False)
    out.add_column("表编号", no_wrap=True, min_width=32)
    out.add_column("标准名称")
    out.add_column("规范栏目")
    for spec in SPECS:
        out.add_row(spec.id, spec.name, ", ".join(c for c, _ in spec.columns))
    _show(out)


def _codes(values: list[str] | None) -> list[str]:
    """Rule selectors from repeated options and comma-separated lists: ``-s S001,X -s N``."""
    out = []
    for v in values or []:
        out += [c.strip().upper() for c in v.replace("，", ",").split(",") if c.strip()]
    return out


_SUFFIX = {CheckFormat.text: "txt", CheckFormat.json: "json", CheckFormat.html: "html", CheckFormat.sarif: "sarif",
           CheckFormat.checklist: "xlsx"}


@app.command()
def check(
    files: list[Path] = typer.Argument(..., help="要核对的文件（.txt/.md/.docx/.xlsx/.xls/.pdf/.html）或文件夹（其中的文件逐个核对）",
                                       show_default=False),
    fmt: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="报告格式"),
    out: Path | None = typer.Option(None, "--output", "-o",
                                    help="把报告写到这个文件（多个文件合成一份报告）；不给时打印到标准输出"),
    select: list[str] | None = typer.Option(None, "--select", "-s",
                                            help="只运行这些规则，按编号前缀，逗号分隔或重复给出，如 S001,X"),
    ignore: list[str] | None = typer.Option(None, "--ignore", "-i", help="不运行这些规则（编号前缀）"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="文本报告中列出每条规则的结果和原因"),
    checklist_form: Path | None = typer.Option(None, "--checklist-form",
                                               help="--format checklist 用的检查表格式文件（YAML/JSON，见 docs/check-format.md）"),
    together: bool = typer.Option(False, "--together", help="把给出的全部文件作为一份公开文件合并核对（如说明和表格分两个文件发布）"),
    db: str | None = typer.Option(None, "--db", help="同时与这个文件库中同一部门的其他文件比较（上年决算、同年预算：F006、F007）；"
                                                   "只读取，不写入", show_default=False),
    jobs: int = typer.Option(0, "--jobs", "-j", help="同时核对的进程数；0（默认）为本机处理器核数，1 逐个核对。报告总按文件顺序", min=0),
) -> None:
    """按规则核对预算公开文件（规则见 yusuan rules），按表列出每条发现和每条规则的结果。

    同一文件夹中文件名只差“说明”和“表”（或 explanation 和 tables）的两个文件自动作为一份公开文件合并核对。
    退出码：0 没有“错误”级别的发现；1 至少一个错误；2 有文件无法读取或规则代码无效。
    """
    from yusuan.errors import YusuanError
    from yusuan.rules.engine import FAMILIES, selected, unknown_selectors

    sel, ign = _codes(select), _codes(ignore)
    unknown = unknown_selectors(sel + ign)
    if unknown:
        families = "、".join(f"{k} {v}" for k, v in FAMILIES.items())
        _err(f"未知的规则代码：{'、'.join(dict.fromkeys(unknown))}（规则类别：{families}；用 yusuan rules 查看全部规则）")
        raise typer.Exit(2)
    if not selected(sel, ign):
        _err("按 --select/--ignore 没有选中任何规则")
        raise typer.Exit(2)
    if fmt is CheckFormat.checklist:
        from yusuan.report.checklist import load_form

        if out is None:
            _err("--format checklist 写出 XLSX 检查表，需要用 -o 指定输出文件，如 -o 检查表.xlsx")
            raise typer.Exit(2)
        try:
            form = load_form(checklist_form)
        except YusuanError as exc:
            _err(exc.describe())
            raise typer.Exit(2) from None
    if out is not None and out.is_dir():
        _err(f"-o {out} 是一个目录；请给出报告文件的路径，如 {out / ('核对报告.' + _SUFFIX[fmt])}")
        raise typer.Exit(2)

    disclosures = _disclosures(files, together)
    if not disclosures:
        _err(f"在 {'、'.join(map(str, files))} 中没有找到可核对的文件（.txt/.md/.docx/.xlsx/.xls/.pdf/.html）")
        raise typer.Exit(2)
    corpus = _open_store(db, query="check") if db is not None else None
    reports, failures, docs, texts, pictures = [], [], [], [], []
    with _progress("核对", len(disclosures)) as step:
        from yusuan.batch import check_all, default_jobs

        related_of = None
        if corpus is not None:
            from functools import partial

            from yusuan.store.related import StoreRelated

            related_of = partial(StoreRelated.of, corpus)
        for outcome in _ocr_pages(disclosures, jobs or default_jobs(), check_all(
                disclosures, jobs or default_jobs(), sel, ign, related_of,
                keep_docs=fmt is CheckFormat.checklist, as_json=fmt is CheckFormat.json,
                pictures=fmt is CheckFormat.html)):
            step(None)
            _say_joined(outcome.members, outcome.because)
            failure = outcome.read_error or outcome.check_error
            if failure is not None:
                failures.append(failure)
                step(failure)
                continue
            reports.append(outcome.report)
            docs.append(outcome.doc)
            texts.append(outcome.json)
            pictures.append(outcome.pictures)

    if corpus is not None:
        corpus.close()
    text = None
    if fmt is CheckFormat.text and not reports:
        pass  # nothing was checked; the errors are on stderr
    elif fmt is CheckFormat.text:
        from rich.console import Console

        from yusuan.report.text import render, to_text

        console = Console(highlight=False)
        if out is None and console.is_terminal:
            render(console, reports, verbose=verbose)
        else:  # a file or a pipe: plain text without colours or trailing blanks
            text = to_text(reports, verbose=verbose, width=120 if out is not None else console.width)
    elif fmt is CheckFormat.json:
        from yusuan.report.json import join_reports

        single = len(files) == 1 and len(disclosures) == 1 and not Path(files[0]).is_dir()
        if single and not reports:
            text = None
        else:  # each report rendered where it was checked (see yusuan.batch): the same text as to_json's
            text = (texts[0] if single else join_reports(texts)) + "\n"
    elif fmt is CheckFormat.html:
        from yusuan.report.html import to_html

        text = to_html(reports, failures=failures, pictures=pictures)
    elif fmt is CheckFormat.checklist:
        from yusuan.report.checklist import write_checklist

        if reports:
            write_checklist(list(zip(reports, docs)), out, form)
            typer.echo(f"已写出 {out}（{len(reports)} 个文件的检查表）", err=True)
    else:
        from yusuan.report.json import dumps_exact
        from yusuan.report.sarif import to_sarif

        text = dumps_exact(to_sarif(reports, failures=failures)) + "\n"

    if text is not None and out is None:
        sys.stdout.write(text)
    elif text is not None:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            _err(f"无法写出报告 {out}（{exc.strerror or exc}）")
            raise typer.Exit(2) from None
        errors = sum(r.summary.errors for r in reports)
        warnings = sum(r.summary.warnings for r in reports)
        notes = sum(r.summary.notes for r in reports)
        typer.echo(f"已写出 {out}（{len(reports)} 个文件；错误 {errors}，警告 {warnings}，提示 {notes}）", err=True)
    if failures:
        raise typer.Exit(2)
    if any(r.has_errors for r in reports):
        raise typer.Exit(1)


BUILD_FORMATS = ("xlsx", "docx", "pdf", "html", "txt")


@app.command()
def build(
    source: Path = typer.Argument(..., help="输入：YAML 文件，或 yusuan template 生成并填好的 Excel 模板", show_default=False),
    out: Path = typer.Option(..., "--output", "-o", help="输出目录"),
    formats: str = typer.Option("xlsx,docx,pdf,html", "--format", "-f",
                                help=f"要写出的格式，逗号分隔：{','.join(BUILD_FORMATS)}"),
    force: bool = typer.Option(False, "--force", help="核对发现“错误”时仍然写出（并在输出中说明）"),
) -> None:
    """由录入的数据生成整套公开文件：全部标准表、情况说明（数字由表格算出）和绩效目标表。

    写出前先按 yusuan check 的全部规则核对；发现“错误”时不写出（退出码 1），除非加 --force。
    退出码：0 已写出；1 核对有错误而未写出；2 输入有误。
    """
    from yusuan.compose import load_package, verify
    from yusuan.errors import YusuanError

    wanted = [f.strip().lower() for f in formats.replace("，", ",").split(",") if f.strip()]
    unknown = [f for f in wanted if f not in BUILD_FORMATS]
    if unknown or not wanted:
        _err(f"未知的输出格式：{'、'.join(unknown) or '（空）'}（可选：{'、'.join(BUILD_FORMATS)}）")
        raise typer.Exit(2)
    _output_folder(out, "输出", make=False)
    try:
        pkg = load_package(source)
    except YusuanError as exc:
        _err(exc.describe() if exc.source else f"文件 {source}，{exc.describe()}")
        raise typer.Exit(2) from None
    report = verify(pkg)
    if report.findings:
        from rich.console import Console

        from yusuan.report.text import render, to_text

        console = Console(stderr=True, highlight=False)
        if console.is_terminal:
            render(console, [report])
        else:  # a log file or a pipe: whole lines, as yusuan check writes them
            sys.stderr.write(to_text([report], width=console.width))
    if report.has_errors and not force:
        _err(f"核对发现 {report.summary.errors} 个错误，未写出文件；请修改输入，或用 --force 仍然写出")
        raise typer.Exit(1)
    if report.has_errors:
        typer.echo(f"注意：核对发现 {report.summary.errors} 个错误，按 --force 仍然写出", err=True)
    try:
        written = {}
        rest = [f for f in wanted if f != "txt"]
        if rest:  # first: write() checks the PDF's fonts before it makes the folder or any file
            from yusuan.render import write

            written.update(write(pkg, out, formats=tuple(rest)))
        if "txt" in wanted:
            from yusuan.compose.text import to_text

            out.mkdir(parents=True, exist_ok=True)
            target = out / f"{pkg.disclosure.source}.txt"
            target.write_text(to_text(pkg), encoding="utf-8")
            written["txt"] = target
    except YusuanError as exc:
        from yusuan.errors import MissingFont

        _err(exc.describe())
        if isinstance(exc, MissingFont):
            others = ",".join(dict.fromkeys(f for f in wanted if f != "pdf"))
            typer.echo("没有写出任何文件" + (f"；不需要 PDF 时可以用 --format {others} 写出其他格式" if others else ""),
                       err=True)
        raise typer.Exit(2) from None
    except OSError as exc:
        _err(f"无法写出到 {out}（{exc.strerror or exc}）")
        raise typer.Exit(2) from None
    for fmt in wanted:
        if fmt in written:
            typer.echo(f"已写出 {written[fmt]}", err=True)


@app.command()
def template(
    out: Path = typer.Option(..., "--output", "-o", help="要写出的 Excel 文件，如 模板.xlsx"),
    year: int = typer.Option(2025, "--year", help="预算年度：科目编码的下拉列表取这一年的科目目录"),
    example: Path | None = typer.Option(None, "--from", help="用这个 YAML 输入的数据填好模板（示例或迁移用）"),
    evaluation: Path | None = typer.Option(
        None, "--evaluation", help="改为写出绩效自评的实际完成值模板，预填这份绩效目标（build 输入或任何公开文件）"),
) -> None:
    """写出填报用的 Excel 模板：每类数据一张工作表，中文表头，科目编码、资金来源等有下拉列表。填好后用 yusuan build 生成。

    加 --evaluation 绩效目标 时写出绩效自评模板：每条指标一行，预填目标值，填好实际完成值后用 yusuan evaluate 计分。
    """
    if out.suffix.lower() != ".xlsx":
        # The template is an Excel workbook whatever the name says; a .docx or .xls name would not open.
        _err(f"-o {out}：模板是 Excel 工作簿，文件名应以 .xlsx 结尾，如 -o {out.with_suffix('.xlsx')}")
        raise typer.Exit(2)
    if out.is_dir():
        _err(f"-o {out} 是一个文件夹；请给出模板文件的路径，如 -o {out / '模板.xlsx'}")
        raise typer.Exit(2)
    from yusuan.compose.template import write_template
    from yusuan.errors import YusuanError

    try:
        data = None
        if evaluation is not None:
            from yusuan.performance.actuals import write_evaluation_template
            from yusuan.performance.targets import load_targets

            target = write_evaluation_template(load_targets(evaluation), out)
            typer.echo(f"已写出 {target}", err=True)
            return
        if example is not None:
            from yusuan.compose import load_input

            data = load_input(example)
        target = write_template(out, data=data, year=year)
    except YusuanError as exc:
        _err(exc.describe())
        raise typer.Exit(2) from None
    except OSError as exc:
        _err(f"无法写出 {out}（{exc.strerror or exc}）")
        raise typer.Exit(2) from None
    typer.echo(f"已写出 {target}", err=True)


@app.command()
def rules(
    fmt: RulesFormat = typer.Option(RulesFormat.text, "--format", "-f",
                                    help="text：规则目录；markdown：完整文档（即 docs/rules.md）；json：机器可读"),
) -> None:
    """列出核对规则：编号、类别、级别、标题；--format markdown 输出每条规则的说明、依据和示例。"""
    from yusuan.report.catalog import rule_dict, to_markdown, to_table
    from yusuan.rules import catalog

    rules_ = catalog()
    if fmt is RulesFormat.markdown:
        sys.stdout.write(to_markdown(rules_))
    elif fmt is RulesFormat.json:
        from yusuan.report.json import dumps_exact

        sys.stdout.write(dumps_exact([rule_dict(r) for r in rules_]) + "\n")
    else:
        _show(to_table(rules_))
        from yusuan.catalogs.user import UserCatalogError

        try:
            loaded = _catalog_summary()
        except UserCatalogError as exc:
            loaded = str(exc)
        typer.echo(f"科目编码规则（K）使用的目录：{loaded}。详见 yusuan catalog list。")


def _catalog_summary() -> str:
    """One line: which catalogs the K rules use, by kind and year."""
    from yusuan import catalogs as cat

    m = cat.manifest()
    parts = []
    for kind in cat.KINDS:
        entries = sorted((c for c in m["catalogs"] if c["kind"] == kind), key=lambda c: c["year"])
        if entries:
            years = "、".join(f"{c['year']}{'（导入，完整）' if c['origin'] == 'imported' and c['complete'] else '（导入）' if c['origin'] == 'imported' else ''}"
                             for c in entries)
            parts.append(f"{cat.KIND_NAMES[kind]} {years}")
    learned = sorted({(c["kind"], c["year"]) for c in m["learned"]})
    if learned:
        parts.append("文件库学到的编码 " + "、".join(f"{c_year}年{cat.KIND_NAMES[k]}" for k, c_year in learned))
    return "；".join(parts)


_EVALUATION_FORMATS = ("xlsx", "docx", "html")


@app.command()
def evaluate(
    targets: Path = typer.Argument(..., help="绩效目标：预算公开文件（.txt/.docx/.xlsx/.pdf 等）或 YAML 编制输入",
                                   show_default=False),
    actuals: Path = typer.Argument(..., help="实际完成值：YAML，或预填了绩效目标、填好实际值的自评填报工作簿 .xlsx",
                                   show_default=False),
    out: Path = typer.Option(..., "--output", "-o", help="输出目录", show_default=False),
    fmt: str = typer.Option("xlsx,docx,html", "--format", "-f", help="输出格式，逗号分隔：xlsx、docx、html"),
) -> None:
    """绩效自评：按绩效目标和实际完成值计算每个项目的得分和等级，写出绩效自评表。

    评分方法（财预〔2020〕10号）见 docs/performance.md。退出码：0 完成；1 有没有完全达成却缺少偏差原因或改进措施的
    指标（自评表照常写出）；2 文件无法读取或实际完成值与绩效目标对不上。
    """
    from yusuan.errors import YusuanError

    formats = [f.strip().lower() for f in fmt.replace("，", ",").split(",") if f.strip()]
    unknown = [f for f in formats if f not in _EVALUATION_FORMATS]
    if unknown or not formats:
        _err(f"未知的输出格式：{'、'.join(unknown) or fmt}（可选 xlsx、docx、html）")
        raise typer.Exit(2)
    _output_folder(out, "自评结果", make=False)
    try:
        from yusuan.performance.actuals import load_actuals
        from yusuan.performance.scoring import evaluate as score
        from yusuan.performance.targets import load_targets

        ev = score(load_targets(targets), load_actuals(actuals))
    except YusuanError as exc:
        _err(exc.describe())
        raise typer.Exit(2) from None
    except Exception as exc:  # a reader library failing on malformed input
        _err(f"文件 {targets}：无法读取（{type(exc).__name__}: {exc}）")
        raise typer.Exit(2) from None

    from yusuan.performance.evaluation_docx import write_evaluation_docx
    from yusuan.performance.evaluation_html import write_evaluation_html
    from yusuan.performance.evaluation_xlsx import write_evaluation_xlsx

    writers = {"xlsx": write_evaluation_xlsx, "docx": write_evaluation_docx, "html": write_evaluation_html}
    try:
        out.mkdir(parents=True, exist_ok=True)
        written = [writers[f](ev, out / f"绩效自评表.{f}") for f in dict.fromkeys(formats)]
    except OSError as exc:
        _err(f"无法写出到 {out}（{exc.strerror or exc}）")
        raise typer.Exit(2) from None
    for f in ev.projects + ev.overall:
        typer.echo(f"{f.name}：{f.total} 分，{f.rating}", err=True)
    for p in ev.problems:
        if p.severity == "错误":
            _err(f"文件 {ev.actuals_source}{'，' + p.place if p.place else ''}：{p.message}")
        else:
            typer.echo(f"警告：{p.message}" + (f"（{p.place}）" if p.place else ""), err=True)
    typer.echo(f"已写出 {'、'.join(str(w) for w in written)}（{len(ev.projects)} 个项目"
               + (f"，{len(ev.overall)} 张部门整体表" if ev.overall else "") + f"；错误 {len(ev.errors)}，"
               f"警告 {len(ev.warnings)}）", err=True)
    if ev.errors:
        raise typer.Exit(1)


_DB_HELP = "数据库：DuckDB 文件路径，或 postgresql://用户@主机/库 形式的 PostgreSQL 地址（默认 yusuan.duckdb，或环境变量 YUSUAN_DB）"


def _db_default() -> str:
    import os

    return os.environ.get("YUSUAN_DB") or "yusuan.duckdb"


def _open_store(db: str | None, *, query: str | None = None):
    """The store for a command; ``query`` names the query of ``yusuan query``, which only reads (and so
    may run beside other readers) and must never create a store."""
    from yusuan.store import NoCorpus, StoreError, StoreLocked, open_store

    location = db or _db_default()
    try:
        return open_store(location, read_only=query is not None)
    except NoCorpus as exc:
        _err(f"{exc.describe()}。先用 yusuan ingest 文件夹 --db {location} 读入预算公开文件建立文件库，再查询")
    except StoreLocked as exc:
        if query == "catalog learn":
            advice = "请等它结束或停止它后再学习"
        elif query is not None and query not in ("check", "report"):
            advice = (f"请等它结束或停止它后再查询；如果它是 yusuan serve，也可以用网页服务的 JSON 接口查询："
                      f"GET /api/query/{query}（如 http://127.0.0.1:8000/api/query/{query}）")
        else:
            advice = ("请等它结束或停止它后再运行；如果它是 yusuan serve，可以在网页上上传文件"
                      "（或 POST /api/documents）")
        _err(f"{exc.describe()}。{advice}")
    except StoreError as exc:
        _err(exc.describe())
    raise typer.Exit(2)


@app.command()
def ingest(
    paths: list[str] | None = typer.Argument(None, help="文件或文件夹（文件夹下的 .txt/.md/.docx/.xlsx/.xls/.pdf/.html 全部读取），"
                                      "或 fsspec 地址（如 s3://桶/2024/、file:///数据/预算.pdf；需 pip install 'yusuan[cloud]'）",
                                      show_default=False),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP, show_default=False),
    workers: int = typer.Option(2, "--workers", "-w", min=1, max=64, help="并行读取、核对的工作进程数"),
    reader_memory_mb: int = typer.Option(READER_MEMORY_MB, "--reader-memory-mb", min=256,
                                         help="每个读取进程的内存上限（MB），超过的文件记为无法读取"),
    reader_seconds: int = typer.Option(READER_SECONDS, "--reader-seconds", min=1,
                                       help="每个文件的读取时间上限（秒），超过的文件记为无法读取；扫描件从读完上一页起计"),
    retry_failed: bool = typer.Option(False, "--retry-failed",
                                      help="重新读取此前记录为无法读取的文件（如提高了上限之后）"),
    file_list: Path | None = typer.Option(None, "--list", help="清单文件：每行一个要入库的文件或文件夹路径，或 fsspec 地址"
                                          "（空行和 # 开头的行不算）", show_default=False),
    dask: str | None = typer.Option(None, "--dask", help="在 Dask 集群上读取、核对：调度器地址（如 tcp://10.0.0.5:8786），"
                                    "或 local（在本机启动 --workers 个工作进程）", show_default=False),
    batch: int = typer.Option(100, "--batch", min=1, max=10000, help="每个数据库事务写入的文档数"),
) -> None:
    """把预算公开文件读取、核对后存入文件库；同一内容只存一次，同一部门同一年度的新文件存为新版本。

    每个文件在单独的读取进程中读取，受内存和时间上限约束；读好的文档成批写入（每批一个事务，每个文档完整写入）。
    再次运行同一命令会跳过已入库的文件，继续入库其余的；此前记录为无法读取的文件也跳过，加 --retry-failed 时重新读取。
    加 --dask 时由 Dask 集群的工作进程读取、核对（各工作进程须装有同一版本的 yusuan，并能以同一路径读取文件），
    本进程写入；两次入库同时进行也不会重复存储。

    退出码：0 全部成功；2 有文件无法读取（已记录在库中，其他文件照常入库；此前记录为无法读取、这次跳过的也算），
    或数据库无法写入（如磁盘已满）；130 被 Ctrl-C 中断。
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from yusuan.store.ingest import ingest as run_ingest
    from yusuan.store.sources import SourceError, as_item, walk

    paths = [*(as_item(p) for p in paths or []), *(_listed(file_list) if file_list is not None else [])]
    if not paths:
        _err("没有要入库的文件：请给出文件、文件夹或 --list 清单文件")
        raise typer.Exit(2)
    try:
        files = list(walk(paths))
    except SourceError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    store = _open_store(db)
    console = Console(stderr=True, highlight=False)
    try:
        total = len(files)
        columns = [TextColumn("[bold]入库"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("文档 {task.fields[docs]}  失败 {task.fields[failed]}  发现 {task.fields[findings]}  "
                              "{task.fields[rate]} 个/秒  剩余 {task.fields[eta]}"),
                   TimeElapsedColumn()]
        with Progress(*columns, console=console, transient=False, disable=not console.is_terminal) as bar:
            task = bar.add_task("ingest", total=total, docs=0, failed=0, findings=0, rate="-", eta="-")

            def progress(stats, _file):
                eta = stats.eta()
                bar.update(task, completed=stats.done, docs=stats.added + stats.versions, failed=stats.failed,
                           findings=stats.findings, rate=f"{stats.rate():.1f}",
                           eta="-" if eta is None else _duration(eta))

            if dask:
                from yusuan.store.cluster import ingest_dask

                stats = ingest_dask(store, paths, dask, workers=workers, progress=progress, retry_failed=retry_failed,
                                    batch=batch)
            else:
                stats = run_ingest(store, paths, workers=workers, progress=progress, memory_mb=reader_memory_mb,
                                   seconds=reader_seconds, retry_failed=retry_failed, batch=batch)
        counts = store.count()
    finally:
        store.close()
    for _file, message in stats.errors:
        _err(message)
    for file, message in stats.failed_before:
        _err(f"文件 {file}：此前入库时无法读取，已记录在库中，这次跳过（当时的原因：{message}）；"
             "要重新读取，加 --retry-failed")
    table = Table(title="入库小结", show_header=True)
    table.add_column("项目")
    table.add_column("数量", justify="right")
    table.add_row("找到的文件", str(stats.seen))
    table.add_row("新入库的文档", str(stats.added))
    table.add_row("新版本", str(stats.versions))
    table.add_row("已在库中（跳过）", str(stats.skipped))
    table.add_row("无法读取（已记录）", str(stats.failed))
    if stats.failed_before:
        table.add_row("此前无法读取（跳过）", str(len(stats.failed_before)))
    table.add_row("核对发现", str(stats.findings))
    table.add_row("用时（秒）", f"{stats.seconds:.1f}")
    table.add_row("每秒文档数", f"{stats.per_second:.1f}")
    table.add_row("库中文档（最新版本）", f"{counts['documents']}（{counts['latest']}）")
    _show(table)
    if stats.interrupted:
        _err("已中断：已入库的文档完整保存，正在写入的文档没有写入")
        raise typer.Exit(130)
    if stats.stop_reason:
        _err(stats.stop_reason)
    if stats.failed or stats.failed_before or stats.stop_reason:
        raise typer.Exit(2)



def _listed(file_list: Path) -> list[Path | str]:
    """The paths (or URLs) of a list file, one a line; blank lines and lines starting with # are not paths."""
    try:
        text = file_list.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        _err(f"清单文件 {file_list} 不存在")
        raise typer.Exit(2) from None
    except (OSError, UnicodeDecodeError) as exc:
        why = "不是 UTF-8 文本" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or str(exc))
        _err(f"无法读取清单文件 {file_list}（{why}）")
        raise typer.Exit(2) from None
    from yusuan.store.sources import as_item

    return [as_item(line) for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


catalog_app = typer.Typer(help="政府收支分类科目目录：导入官方目录、从文件库学习、列出科目编码规则（K）使用的目录。",
                          no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")


@catalog_app.command("import")
def catalog_import(
    file: Path = typer.Argument(..., help="官方《政府收支分类科目》Excel 工作簿（.xlsx/.xls）", show_default=False),
    year: int = typer.Option(..., "--year", help="目录的年度", show_default=False),
    partial: bool = typer.Option(False, "--partial", help="这不是完整目录（只补充随附目录，查不到的编码不报错误）"),
) -> None:
    """导入一个年度的官方政府收支分类科目目录（支出功能分类、部门预算和政府预算支出经济分类）。

    工作簿的表头：“科目编码”“科目名称”两栏，或“类”“款”“项”“科目名称”栏（见 docs/catalogs.md）。
    导入的目录保存在用户数据目录（$YUSUAN_HOME，默认 ~/.local/share/yusuan）的 catalogs 下，
    此后科目编码规则（K）按它核对该年度的文件：完整目录中查不到的编码报错误。
    """
    from yusuan.catalogs import KIND_NAMES
    from yusuan.catalogs.user import UserCatalogError, folder, save
    from yusuan.catalogs.workbook import read_workbook
    from yusuan.errors import YusuanError

    if not 1990 <= year <= 2100:
        _err(f"--year {year} 不是有效的年度")
        raise typer.Exit(2)
    try:
        got = read_workbook(file)
        written = []
        for kind, entries in got.entries.items():
            rows = [(code, name, f"{file.name} {where}") for code, (name, where) in sorted(entries.items())]
            save(kind, year, rows, origin="imported", complete=not partial, source=file.name)
            levels = "、".join(f"{k} {n}" for k, n in got.count(kind).items())
            written.append(f"{KIND_NAMES[kind]} {len(rows)} 条（{levels}）")
    except (YusuanError, UserCatalogError) as exc:
        _err(exc.describe() if isinstance(exc, YusuanError) else str(exc))
        raise typer.Exit(2) from None
    except OSError as exc:
        _err(f"无法写入科目目录文件夹 {folder()}（{exc.strerror or exc}）")
        raise typer.Exit(2) from None
    typer.echo(f"已导入 {year} 年{'部分' if partial else '完整'}目录：" + "；".join(written) + f"。保存在 {folder()}")
    if got.skipped:
        typer.echo(f"未导入 {len(got.skipped)} 行：" + "；".join(got.skipped[:5]) + ("……" if len(got.skipped) > 5 else ""),
                   err=True)


@catalog_app.command("learn")
def catalog_learn(
    db: str | None = typer.Option(None, "--db", help=_DB_HELP, show_default=False),
    min_documents: int = typer.Option(3, "--min-documents", "-n", min=2,
                                      help="同一年度至少这么多份文件以同一名称印出的编码才算已知"),
) -> None:
    """从文件库学习科目编码：同一年度至少 N 份文件（各文件的最新版本）以同一名称印出、目录中又没有的编码，
    此后算已知编码（不再列入“未收录”的提示；印出的名称与文件库不同时报警告）。每次学习取代上一次学到的编码。"""
    from yusuan.catalogs import KIND_NAMES
    from yusuan.catalogs.user import UserCatalogError, folder, read_manifest, remove, save
    from yusuan.store.codes import learned_codes

    store = _open_store(db, query="catalog learn")
    try:
        found = learned_codes(store, min_documents=min_documents)
        location = store.location
    finally:
        store.close()
    try:
        for year in sorted({e["year"] for e in read_manifest() if e["origin"] == "learned"}):
            remove(year, origin="learned")  # what an earlier run learned is replaced, not added to
        for (kind, year), rows in sorted(found.items()):
            save(kind, year, rows, origin="learned", complete=False, source=f"文件库 {location}")
    except (UserCatalogError, OSError) as exc:
        _err(str(exc) if isinstance(exc, UserCatalogError) else f"无法写入科目目录文件夹 {folder()}（{exc}）")
        raise typer.Exit(2) from None
    if not found:
        typer.echo(f"文件库中没有至少 {min_documents} 份同一年度的文件以同一名称印出、而目录中没有的编码")
        return
    typer.echo("已学到：" + "；".join(f"{year}年{KIND_NAMES[kind]} {len(rows)} 个"
                                   for (kind, year), rows in sorted(found.items(), key=lambda p: (p[0][1], p[0][0])))
               + f"。保存在 {folder()}")


@catalog_app.command("list")
def catalog_list() -> None:
    """列出科目编码规则（K）使用的目录：种类、年度、条目数、是否完整、来源。"""
    from rich.table import Table

    from yusuan import catalogs as cat
    from yusuan.catalogs.user import UserCatalogError, folder

    try:
        m = cat.manifest()
        rows = []
        for c in sorted(m["catalogs"], key=lambda c: (cat.KINDS.index(c["kind"]), c["year"])):
            entries = cat.catalog(c["kind"], c["year"]).entries
            origin = {"shipped": "随附", "imported": f"导入：{c.get('from', '')}"}[c["origin"]]
            added = [a for a in m["added"] if (a["kind"], a["year"]) == (c["kind"], c["year"])]
            if added:
                origin += "；补充导入：" + "、".join(a.get("from", "") for a in added)
            rows.append((cat.KIND_NAMES[c["kind"]], str(c["year"]), str(len(entries)),
                         "完整" if c["complete"] else "不完整", origin))
        for c in sorted(m["learned"], key=lambda c: (cat.KINDS.index(c["kind"]), c["year"])):
            rows.append((cat.KIND_NAMES[c["kind"]], str(c["year"]), str(len(cat.learned(c["kind"], c["year"]))),
                         "文件库学到的编码", c.get("from", "")))
    except UserCatalogError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    table = Table(title="科目目录", show_header=True)
    for head in ("种类", "年度", "条目", "完整", "来源"):
        table.add_column(head, justify="right" if head in ("年度", "条目") else "left")
    for r in rows:
        table.add_row(*r)
    _show(table)
    typer.echo(f"用户导入和学到的目录保存在 {folder()}（环境变量 YUSUAN_HOME 可改）")


@catalog_app.command("remove")
def catalog_remove(
    year: int = typer.Option(..., "--year", help="年度", show_default=False),
    learned: bool = typer.Option(False, "--learned", help="只删除文件库学到的编码（默认删除导入的目录）"),
) -> None:
    """删除导入的某年度目录（或 --learned：文件库学到的编码），恢复使用随附目录。"""
    from yusuan.catalogs.user import UserCatalogError, remove

    try:
        gone = remove(year, origin="learned" if learned else "imported")
    except (UserCatalogError, OSError) as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    if not gone:
        _err(f"没有{year}年{'学到的编码' if learned else '导入的目录'}")
        raise typer.Exit(2)
    typer.echo(f"已删除 {year} 年{'学到的编码' if learned else '导入的目录'}（{len(gone)} 个文件）")


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


query_app = typer.Typer(help="查询文件库：一个部门的历年指标、部门排名、功能分类汇总、按规则的发现、各地区完整性、预算与决算对照。",
                        no_args_is_help=True)
app.add_typer(query_app, name="query")

_FMT_HELP = "输出格式：table 终端表格、csv、xlsx（需 -o）、json"
_OUT_HELP = "写到这个文件；不给时打印到标准输出"


def _run_query(name: str, db: str | None, fmt: QueryFormat, out: Path | None, ask) -> None:
    from yusuan.store.output import to_csv, to_json, to_rich, write_xlsx
    from yusuan.store.queries import QueryError

    if fmt is QueryFormat.xlsx and out is None:
        _err("--format xlsx 需要用 -o 指定输出文件")
        raise typer.Exit(2)
    store = _open_store(db, query=name)
    try:
        result = ask(store)
    except QueryError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    finally:
        store.close()
    try:
        if fmt is QueryFormat.xlsx:
            out.parent.mkdir(parents=True, exist_ok=True)
            write_xlsx(result, out)
        elif fmt is QueryFormat.table and out is None:
            _show(to_rich(result))
        else:
            if fmt is QueryFormat.table:
                from yusuan.store.output import to_table_text

                text = to_table_text(result)
            else:
                text = to_csv(result) if fmt is QueryFormat.csv else to_json(result)
            if out is None:
                sys.stdout.write(text)
            else:
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(text, encoding="utf-8-sig" if fmt is QueryFormat.csv else "utf-8")
    except OSError as exc:
        _err(f"无法写出 {out}（{exc.strerror or exc}）")
        raise typer.Exit(2) from None
    if out is not None:
        typer.echo(f"已写出 {out}（{len(result.rows)} 行）", err=True)


@query_app.command("trend")
def query_trend(
    department: str = typer.Argument(..., help="部门名称或其中一段，如 长安区信访局", show_default=False),
    figure: list[str] | None = typer.Option(None, "--figure", help="指标（可重复），如 三公经费、机关运行经费；不给时列出全部"),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP, show_default=False),
    fmt: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f", help=_FMT_HELP),
    out: Path | None = typer.Option(None, "--output", "-o", help=_OUT_HELP),
) -> None:
    """一个部门各年度的指标：金额、比上年增减和增减百分比（万元）。"""
    from yusuan.store.queries import trend

    _run_query("trend", db, fmt, out, lambda s: trend(s, department, figure))


@query_app.command("rank")
def query_rank(
    figure: str = typer.Argument(..., help="指标，如 机关运行经费、三公经费、支出合计", show_default=False),
    year: int | None = typer.Option(None, "--year", help="年度；不给时取库中最新的年度"),
    by: str = typer.Option("value", "--by", help="value 按金额；growth 按比上年增长率；change 按增减额"),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="列出前几名"),
    region: str | None = typer.Option(None, "--region", help="只排这个地区（名称中的一段，如 桥西区）的部门"),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP, show_default=False),
    fmt: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f", help=_FMT_HELP),
    out: Path | None = typer.Option(None, "--output", "-o", help=_OUT_HELP),
) -> None:
    """按一个指标给部门排名（如哪些部门的机关运行经费增长最快：--by growth；一个地区的部门：--region）。"""
    from yusuan.store.queries import rank

    _run_query("rank", db, fmt, out, lambda s: rank(s, figure, year=year, by=by, limit=limit, region=region))


@query_app.command("functional")
def query_functional(
    level: str = typer.Option("类", "--level", help="科目级次：类、款、项"),
    year: int | None = typer.Option(None, "--year", help="只统计这一年度"),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP, show_default=False),
    fmt: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f", help=_FMT_HELP),
    out: Path | None = typer.Option(None, "--output", "-o", help=_OUT_HELP),
) -> None:
    """全库按功能分类科目（类/款/项）汇总支出总表的合计（万元），按年度。"""
    from yusuan.store.queries import functional

    _run_query("functional", db, fmt, out, lambda s: functional(s, level=level, year=year))


@query_app.command("findings")
def query_findings(
    rule: str | None = typer.Option(None, "--rule", help="规则编号或前缀（如 S001、C）：列出有该发现的文件"),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP, show_default=False),
    fmt: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f", help=_FMT_HELP),
    out: Path | None = typer.Option(None, "--output", "-o", help=_OUT_HELP),
) -> None:
    """按规则统计有发现的文件数和发现数；--rule 列出有该规则发现的文件。"""
    from yusuan.store.queries import findings_by_rule

    _run_query("findings", db, fmt, out, lambda s: findings_by_rule(s, rule))


@query_app.command("completeness")
def query_completeness(
    documents: bool = typer.Option(False, "--documents", help="列出不完整和未能判定的文件（而不是按地区汇总）"),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP, show_default=False),
    fmt: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f", help=_FMT_HELP),
    out: Path | None = typer.Option(None, "--output", "-o", help=_OUT_HELP),
) -> None:
    """按地区统计公开完整性：完整性规则（C）全部“通过”为完整，有“不通过”为不完整，其余（有规则不适用或数据不足）
    为未能判定；--documents 列出不完整和未能判定的文件。"""
    from yusuan.store.queries import completeness

    _run_query("completeness", db, fmt, out, lambda s: completeness(s, documents=documents))


@query_app.command("transparency")
def query_transparency(
    year: int | None = typer.Option(None, "--year", help="只排这一年度的文件"),
    region: str | None = typer.Option(None, "--region", help="只排这个地区（名称中的一段，如 普陀区）的文件"),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP, show_default=False),
    fmt: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f", help=_FMT_HELP),
    out: Path | None = typer.Option(None, "--output", "-o", help=_OUT_HELP),
) -> None:
    """按透明度得分（百分制，方法见 docs/transparency.md）给库中各文件的最新版本排名，列出失分的部分。"""
    from yusuan.store.queries import transparency

    _run_query("transparency", db, fmt, out, lambda s: transparency(s, year=year, region=region))


@query_app.command("budget-final")
def query_budget_final(
    department: str = typer.Option(..., "--department", help="部门：文件库中的部门名称（完整，如 石家庄市鹿泉区信访局）",
                                   show_default=False),
    year: int | None = typer.Option(None, "--year", help="年度；不给时列出库中预算和决算都有的每一年"),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP, show_default=False),
    fmt: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f", help=_FMT_HELP),
    out: Path | None = typer.Option(None, "--output", "-o", help=_OUT_HELP),
) -> None:
    """一个部门同一年度的预算与决算逐行对照：预算数、决算数、差额和执行率（万元），注明两份文件的出处。

    按科目编码（没有编码的按名称）对照两份文件都列出的行；部门预算对部门决算，单位预算对单位决算。
    空白不是 0：任一方空白时不算差额，预算数空白或为 0 时不算执行率。"""
    from yusuan.store.execution import budget_final

    _run_query("budget_final", db, fmt, out, lambda s: budget_final(s, department, year))


@app.command()
def report(
    corpus: bool = typer.Option(False, "--corpus", help="文件库报告：与本部门历年、同地区同类部门同年相比都明显不同的指标变动"),
    figure: list[str] | None = typer.Option(None, "--figure", help="指标（可重复），如 三公经费；不给时看支出合计、基本支出、"
                                            "项目支出、“三公”经费及各项、机关运行经费"),
    year: int | None = typer.Option(None, "--year", help="只列这一年的变动"),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP, show_default=False),
    fmt: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f", help=_FMT_HELP),
    out: Path | None = typer.Option(None, "--output", "-o", help=_OUT_HELP),
) -> None:
    """文件库报告（--corpus）：列出异常变动——一个部门某年的指标比上年的增减，与本部门其他年度增减的中位数、同地区
    最大支出属同一功能分类类的其他部门（至少 3 个）同年增减的中位数都相差 30 个百分点以上且方向相同。每条写明两种比较，
    供复核，不等于数字有错。

    单个文件的核对报告用 yusuan check。"""
    if not corpus:
        _err("yusuan report 目前只有文件库报告：请加 --corpus（单个文件的核对报告用 yusuan check 文件）")
        raise typer.Exit(2)
    from yusuan.store.anomalies import anomalies

    _run_query("report", db, fmt, out, lambda s: anomalies(s, figure, year=year))


def _listen(host: str, port: int):
    """A socket bound to host:port, or a Chinese message and exit 2. Bound here rather than by uvicorn,
    whose failure is a log line and exit 1, after the store has already been opened."""
    import errno
    import socket

    if not 1 <= port <= 65535:
        _err(f"--port {port} 不是有效的端口：端口是 1 到 65535 之间的整数，如 --port 8000")
        raise typer.Exit(2)
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                                 flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError) as exc:
        _err(f"--host {host} 不是可以监听的地址（{getattr(exc, 'strerror', None) or exc}）；本机用 127.0.0.1，"
             "局域网用 0.0.0.0")
        raise typer.Exit(2) from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: restart without waiting
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            _err(f"端口 {port} 已被占用：{host}:{port} 上已经有程序在监听（可能是另一个 yusuan serve）；"
                 f"请停止它，或用 --port 换一个端口，如 --port {port + 1 if port < 65535 else 8000}")
        elif exc.errno == errno.EACCES:
            _err(f"没有权限监听端口 {port}（1024 以下的端口需要管理员权限）；请换一个端口，如 --port 8000")
        elif exc.errno == errno.EADDRNOTAVAIL:
            _err(f"--host {host} 不是本机的地址；本机用 127.0.0.1，局域网用 0.0.0.0")
        else:
            _err(f"无法监听 {host}:{port}（{exc.strerror or exc}）")
        raise typer.Exit(2) from None
    return sock


@app.command()
def serve(
    db: str | None = typer.Option(None, "--db", help=_DB_HELP, show_default=False),
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址"),
    port: int = typer.Option(8000, "--port", help="端口（1–65535）"),
    data: Path = typer.Option(Path("yusuan-data"), "--data", help="数据文件夹：上传的文件保存在其中的 uploads/"),
    max_file_mb: int = typer.Option(20, "--max-file-mb", min=1, help="每个上传文件的大小上限（MB）"),
    max_files: int = typer.Option(20, "--max-files", min=1, help="一次上传的文件数上限"),
    workers: int = typer.Option(2, "--workers", "-w", min=1, max=64,
                                help="同时读取上传文件的进程数（其余上传排队等待，队列长度见 /api/status）"),
    reader_memory_mb: int = typer.Option(READER_MEMORY_MB, "--reader-memory-mb", min=256,
                                         help="每个读取进程的内存上限（MB），超过的文件记为无法读取"),
    reader_seconds: int = typer.Option(READER_SECONDS, "--reader-seconds", min=1,
                                       help="每个文件的读取时间上限（秒），超过的文件记为无法读取；扫描件从读完上一页起计"),
    token: str | None = typer.Option(None, "--token", envvar="YUSUAN_TOKEN", show_default=False,
                                     help="访问令牌（或环境变量 YUSUAN_TOKEN）：给出时每个请求都要带上它"
                                          "（Authorization: Bearer 令牌，或浏览器登录框中以令牌为密码）；"
                                          "监听 127.0.0.1 以外的地址时必须给出"),
    insecure_no_auth: bool = typer.Option(False, "--insecure-no-auth",
                                          help="监听 127.0.0.1 以外的地址而不要求访问令牌（网络上的任何人都能查看和上传）"),
) -> None:
    """启动网页界面和 JSON 接口（/docs 为接口文档）：文件列表、上传、核对结果、图表、比较。

    只监听本机（127.0.0.1）时无需登录；监听其他地址（如 --host 0.0.0.0）时须用 --token 设置访问令牌。
    安全说明见 docs/security.md。

    退出码：0 正常停止；2 端口无效或已被占用、数据库无法打开、对外监听而没有访问令牌。
    """
    from yusuan.web.security import is_loopback, token_problem

    if token is not None:
        problem = token_problem(token)
        if problem:
            _err(problem)
            raise typer.Exit(2)
    elif not is_loopback(host) and not insecure_no_auth:
        _err(f"--host {host} 让其他机器也能访问本服务，必须设置访问令牌：加 --token 令牌（或设置环境变量 YUSUAN_TOKEN），"
             "访问时带上 Authorization: Bearer 令牌，浏览器中以令牌为密码登录；只在本机使用请用 --host 127.0.0.1；"
             "确需不加认证地对外开放，加 --insecure-no-auth")
        raise typer.Exit(2)
    sock = _listen(host, port)
    try:
        import uvicorn

        from yusuan.store.workers import Readers
        from yusuan.web import Limits, create_app

        store = _open_store(db)
        readers = Readers(workers, memory_mb=reader_memory_mb, seconds=reader_seconds)
        try:
            # Answer only to the names this server was started on (no DNS rebinding onto it).
            hosts = [host, "127.0.0.1", "localhost", "::1"] if host not in ("0.0.0.0", "::") else None
            application = create_app(store, data, limits=Limits(max_file_mb * 1024 * 1024, max_files), hosts=hosts,
                                     readers=readers, token=token)
            shown = f"[{host}]" if ":" in host else host
            typer.echo(f"yusuan 文件库：http://{shown}:{port}/ （数据库 {store.location}；Ctrl-C 停止）", err=True)
            if token is None and not is_loopback(host):
                typer.echo("警告：没有访问令牌，网络上的任何人都能查看文件库和上传文件（--insecure-no-auth）", err=True)
            uvicorn.Server(uvicorn.Config(application, log_level="warning")).run(sockets=[sock])
        finally:
            readers.close()
            store.close()
    finally:
        sock.close()


if __name__ == "__main__":  # pragma: no cover
    app()
