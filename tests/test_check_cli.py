"""The `yusuan check` and `yusuan rules` commands: outputs, exit codes, selectors, docs/rules.md."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

from conftest import ROOT, seed
from typer.testing import CliRunner

from yusuan.cli import app

runner = CliRunner()

FINDING_KEYS = ["rule", "severity", "title", "table", "row_code", "row_name", "column", "expected", "actual",
                "difference", "message", "source"]
REPORT_KEYS = ["schema_version", "source", "files", "joined_because", "ocr_pages", "title", "department", "year",
               "findings", "outcomes", "summary", "transparency"]


def _json(text: str):
    return json.loads(text, parse_float=Decimal)


def _catalog_ids() -> list[str]:
    from yusuan.rules import catalog

    return [r.id for r in catalog()]


def test_seed_002_has_errors_exit_1_and_json_names_the_shifted_row():
    result = runner.invoke(app, ["check", str(seed("002")), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = _json(result.stdout)
    assert isinstance(data, dict)  # one FILE → one object
    assert list(data) == REPORT_KEYS
    assert data["source"] == str(seed("002"))
    assert data["department"] == "阜平县信访局" and data["year"] == 2023
    hits = [f for f in data["findings"] if f["rule"] == "S001" and f["table"] == "expenditure_summary"]
    assert [(f["row_code"], f["row_name"], f["severity"]) for f in hits] == [("2010308", "信访事务", "错误")]
    hit = hits[0]
    assert list(hit) == FINDING_KEYS
    assert list(hit["source"]) == ["file", "page", "line", "cell"]
    assert hit["source"]["file"] == str(seed("002")) and isinstance(hit["source"]["line"], int)
    assert (hit["actual"], hit["expected"]) == (Decimal("15.88"), Decimal("152.80"))
    assert '"expected": 152.80' in result.stdout  # written as printed, not 152.8
    assert hit["difference"] == hit["actual"] - hit["expected"]
    assert data["summary"]["errors"] == sum(f["severity"] == "错误" for f in data["findings"]) >= 1
    assert data["summary"]["outcomes"]["不通过"] >= 1
    assert [o["rule"] for o in data["outcomes"]] == _catalog_ids()


def test_seed_002_text_report_groups_findings_by_table():
    result = runner.invoke(app, ["check", str(seed("002"))], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    out = result.stdout
    assert "阜平县信访局2023年单位预算信息公开" in out
    assert "\n支出总表  1 处\n" in out and "expenditure_summary" not in out  # the Chinese name, not the id
    assert "S001 错误 行错位：表中数字与科目错开一行" in out
    assert "位置：2010308 信访事务 › 合计 › 第 " in out and "（total）" not in out
    assert "    位置：一般公共预算收入 › 第 1466 行" in out.splitlines()
    assert "发现：152.80" in out and "应为：" in out and "差额：" in out
    assert "小结：错误 " in out
    assert f"规则 {len(_catalog_ids())} 条：通过 " in out and "不通过 " in out and "数据不足 " in out
    assert "各规则结果" not in out  # only with --verbose


def test_verbose_lists_every_rule_with_its_reason():
    result = runner.invoke(app, ["check", str(seed("002")), "-v"], env={"COLUMNS": "250"})
    assert result.exit_code == 1
    assert "各规则结果" in result.stdout
    for rid in _catalog_ids():
        assert rid in result.stdout
    report = _json(runner.invoke(app, ["check", str(seed("002")), "-f", "json"]).stdout)
    for o in report["outcomes"]:
        if o["reason"]:
            assert o["reason"] in result.stdout


def test_seed_001_structure_and_exit_code_follows_its_errors():
    result = runner.invoke(app, ["check", str(seed("001")), "--format", "json"])
    data = _json(result.stdout)
    assert result.exit_code == (1 if data["summary"]["errors"] else 0)
    assert list(data) == REPORT_KEYS
    assert data["department"] == "石家庄市鹿泉区信访局" and data["year"] == 2024
    assert [o["rule"] for o in data["outcomes"]] == _catalog_ids()
    assert all(list(o) == ["rule", "outcome", "findings", "reason"] for o in data["outcomes"])
    assert all(o["outcome"] in ("通过", "不通过", "不适用", "数据不足") for o in data["outcomes"])
    summary = data["summary"]
    assert list(summary) == ["errors", "warnings", "notes", "rules", "outcomes"]
    assert list(summary["outcomes"]) == ["通过", "不通过", "不适用", "数据不足"]
    assert sum(summary["outcomes"].values()) == summary["rules"] == len(data["outcomes"])
    for f in data["findings"]:
        assert list(f) == FINDING_KEYS
    by_severity = [sum(f["severity"] == s for f in data["findings"]) for s in ("错误", "警告", "提示")]
    assert by_severity == [summary["errors"], summary["warnings"], summary["notes"]]


def test_several_files_make_a_json_array_in_argument_order():
    result = runner.invoke(app, ["check", str(seed("002")), str(seed("001")), "-f", "json"])
    assert result.exit_code == 1
    data = _json(result.stdout)
    assert isinstance(data, list)
    assert [d["source"] for d in data] == [str(seed("002")), str(seed("001"))]


def test_unreadable_file_exit_2_in_chinese_and_others_still_checked(tmp_path):
    broken = tmp_path / "损坏.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip file" * 10)
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["check", str(broken), str(empty), str(seed("002")), "-f", "json"])
    assert result.exit_code == 2  # a file could not be read outranks the errors of seed 002
    assert "Traceback" not in result.output
    assert f"文件 {broken}：" in result.stderr
    assert f"文件 {empty}：文件为空" in result.stderr
    data = _json(result.stdout)
    assert [d["source"] for d in data] == [str(seed("002"))]


def test_a_single_unreadable_file_prints_no_report(tmp_path):
    missing = tmp_path / "不存在.pdf"
    for fmt in ("text", "json"):
        result = runner.invoke(app, ["check", str(missing), "-f", fmt])
        assert result.exit_code == 2
        assert result.stdout == ""
        assert f"错误：文件 {missing}：文件不存在" in result.stderr
        assert "Traceback" not in result.output
    result = runner.invoke(app, ["check", str(missing), "-f", "sarif"])
    assert result.exit_code == 2
    invocation = json.loads(result.stdout)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == f"文件 {missing}：文件不存在"


def test_select_limits_outcomes_and_ignore_removes():
    result = runner.invoke(app, ["check", str(seed("002")), "--select", "S001", "-f", "json"])
    assert result.exit_code == 1
    data = _json(result.stdout)
    assert [o["rule"] for o in data["outcomes"]] == ["S001"]
    assert {f["rule"] for f in data["findings"]} == {"S001"}
    assert data["summary"]["rules"] == 1

    result = runner.invoke(app, ["check", str(seed("002")), "--select", "s", "--ignore", "S001", "-f", "json"])
    data = _json(result.stdout)
    rules = [o["rule"] for o in data["outcomes"]]
    assert "S001" not in rules and rules == [r for r in _catalog_ids() if r.startswith("S") and r != "S001"]

    # comma-separated and repeated selectors are the same
    a = _json(runner.invoke(app, ["check", str(seed("001")), "-s", "S001,S002", "-f", "json"]).stdout)
    b = _json(runner.invoke(app, ["check", str(seed("001")), "-s", "S001", "-s", "S002", "-f", "json"]).stdout)
    assert [o["rule"] for o in a["outcomes"]] == [o["rule"] for o in b["outcomes"]] == ["S001", "S002"]


def test_unknown_selector_is_a_chinese_error_exit_2():
    result = runner.invoke(app, ["check", str(seed("001")), "--select", "Z9"])
    assert result.exit_code == 2
    assert "未知的规则代码：Z9" in result.stderr
    assert "yusuan rules" in result.stderr
    assert result.stdout == ""
    result = runner.invoke(app, ["check", str(seed("001")), "--ignore", "S999"])
    assert result.exit_code == 2
    assert "未知的规则代码：S999" in result.stderr
    assert "Traceback" not in result.output


def test_selecting_no_rule_is_an_error():
    result = runner.invoke(app, ["check", str(seed("001")), "--select", "S001", "--ignore", "S"])
    assert result.exit_code == 2
    assert "没有选中任何规则" in result.stderr


def test_html_output_file_is_one_well_formed_page_holding_every_file(tmp_path):
    target = tmp_path / "报告" / "核对.html"
    result = runner.invoke(app, ["check", str(seed("002")), str(seed("001")), "-f", "html", "-o", str(target)])
    assert result.exit_code == 1
    assert f"已写出 {target}" in result.stderr
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    root = ET.fromstring(page.split("\n", 1)[1])  # well-formed as XML after the doctype
    assert root.tag == "html"
    assert "阜平县信访局2023年单位预算信息公开" in page and "石家庄市鹿泉区信访局" in page
    assert "<link" not in page and "<script" not in page and "src=" not in page  # standalone
    assert "<h4>一般公共预算财政拨款支出表 <span" in page and "general_budget_expenditure" not in page
    report = _json(runner.invoke(app, ["check", str(seed("002")), "-f", "json"]).stdout)
    text = "".join(root.itertext())
    for f in report["findings"]:
        assert f["message"] in text
    sections = root.findall(".//section")
    assert len(sections) == 2
    assert len(sections[0].findall(".//table[@class='outcomes']/tbody/tr")) == len(_catalog_ids())


def test_output_to_a_directory_is_refused(tmp_path):
    result = runner.invoke(app, ["check", str(seed("001")), "-f", "html", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "是一个目录" in result.stderr


def test_text_output_file_is_plain(tmp_path):
    target = tmp_path / "r.txt"
    result = runner.invoke(app, ["check", str(seed("002")), "-o", str(target), "-v"])
    assert result.exit_code == 1
    text = target.read_text(encoding="utf-8")
    assert "\x1b[" not in text
    assert "\n支出总表  1 处\n" in text and "各规则结果" in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_sarif_output():
    result = runner.invoke(app, ["check", str(seed("002")), "-f", "sarif"])
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == _catalog_ids()
    hits = [r for r in run["results"] if r["ruleId"] == "S001"
            and r["properties"]["table"] == "expenditure_summary"]
    assert len(hits) == 1 and hits[0]["level"] == "error"
    assert hits[0]["locations"][0]["physicalLocation"]["region"]["startLine"] > 0
    assert run["invocations"][0]["executionSuccessful"] is True


def test_rules_text_lists_the_catalog():
    from yusuan.rules import catalog

    result = runner.invoke(app, ["rules"], env={"COLUMNS": "250"})
    assert result.exit_code == 0
    for r in catalog():
        assert r.id in result.stdout and r.title in result.stdout
    assert "表内求和" in result.stdout and "错误" in result.stdout


def test_rules_json_is_the_catalog():
    from yusuan.rules import catalog

    result = runner.invoke(app, ["rules", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [d["id"] for d in data] == [r.id for r in catalog()]
    assert list(data[0]) == ["id", "family", "category", "severity", "title", "doc", "regulation", "bad", "good"]
    s001 = next(d for d in data if d["id"] == "S001")
    assert s001["category"] == "表内求和" and s001["severity"] == "错误"


def test_rules_markdown_documents_every_rule():
    from yusuan.rules import FAMILIES, catalog

    result = runner.invoke(app, ["rules", "--format", "markdown"])
    assert result.exit_code == 0
    md = result.stdout
    for r in catalog():
        assert f"\n### {r.id}\n\n**{r.title}**\n\n- 级别：{r.severity}\n- 类别：{r.family}\n" in md
        assert r.bad in md and r.good in md
        if r.doc:
            assert r.doc in md
        if r.regulation:
            assert f"- 依据：{r.regulation}" in md
    present = {r.id[0] for r in catalog()}
    for prefix, name in FAMILIES.items():
        assert (f"\n## {prefix} {name}\n" in md) == (prefix in present)


def test_docs_rules_md_is_up_to_date():
    """docs/rules.md must be exactly `yusuan rules --format markdown`.

    Regenerate with: yusuan rules --format markdown > docs/rules.md
    """
    result = runner.invoke(app, ["rules", "--format", "markdown"])
    assert result.exit_code == 0
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == result.stdout, "docs/rules.md is stale: run `yusuan rules --format markdown > docs/rules.md`"


def test_help_stays_light():
    """`yusuan --help` imports neither rich, jinja2 nor the rules."""
    code = ("import sys, yusuan.cli; "
            "print(sorted(m for m in ('rich', 'jinja2', 'yusuan.rules', 'yusuan.report') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(Path(ROOT)))
    assert out.stdout.strip() == "[]"
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "check" in result.stdout and "rules" in result.stdout


def _check_in_a_pipe(folder: Path) -> tuple[str, list[str], list[str]]:
    """``yusuan check FOLDER --format json`` with stdout and stderr piped: the report, stderr's lines, and
    which of rich's progress bar and the OCR reader the run imported."""
    code = ("import sys\nfrom yusuan.cli import app\n"
            f"sys.argv = ['yusuan', 'check', {str(folder)!r}, '--format', 'json', '--jobs', '1']\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('rich.progress', 'yusuan.read.scan') if m in sys.modules), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=str(ROOT))
    lines = out.stderr.strip().splitlines()
    return out.stdout, lines[:-1], ast.literal_eval(lines[-1])


def test_checking_text_files_in_a_pipe_imports_no_progress_bar_and_no_ocr(tmp_path):
    """No bar can show on a pipe and no text file holds a scan: neither is imported, and a file that cannot
    be read is still named on stderr."""
    import shutil

    for prefix in ("000", "003", "004"):
        shutil.copy(seed(prefix), tmp_path / f"{prefix}.txt")
    (tmp_path / "坏.txt").write_bytes(b"\x00\x01binary")
    report, errors, imported = _check_in_a_pipe(tmp_path)
    assert imported == []
    assert errors == [f"错误：文件 {tmp_path / '坏.txt'}：这是二进制文件，不是文本、DOCX、XLSX 或 PDF 文档"]
    assert [r["source"] for r in json.loads(report)] == [str(tmp_path / f"{n}.txt") for n in ("000", "003", "004")]


def test_a_pdf_under_a_text_name_brings_in_the_ocr_reader(tmp_path):
    """A PDF is read as one whatever its name (and may hold scanned pages): the OCR reader is set up for it."""
    import shutil

    shutil.copy(seed("000"), tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"%PDF-1.4 cut off")
    _, errors, imported = _check_in_a_pipe(tmp_path)
    assert imported == ["yusuan.read.scan"]
    assert len(errors) == 1
    assert errors[0].startswith(f"错误：文件 {tmp_path / 'b.txt'}：PDF 文件已损坏或不完整")


def test_read_as_pdf_goes_by_the_name_or_the_first_bytes(tmp_path):
    from yusuan.read import read_as_pdf

    (tmp_path / "a.txt").write_bytes(b"%PDF-1.7\n")
    (tmp_path / "b.PDF").write_bytes(b"no header at all")
    (tmp_path / "c.txt").write_text("预算", encoding="utf-8")
    assert [read_as_pdf(tmp_path / n) for n in ("a.txt", "b.PDF", "c.txt", "missing.txt")] == [True, True, False,
                                                                                               False]
    assert read_as_pdf(tmp_path) is False  # a folder: nothing read


def test_a_folder_is_checked_file_by_file_with_unreadable_files_named(tmp_path):
    """A finance bureau points the command at a folder of submissions: every supported file in it
    (subfolders included, hidden and Office lock files left out) is checked, in name order."""
    import shutil

    (tmp_path / "县直" / "信访局").mkdir(parents=True)
    shutil.copy(seed("002"), tmp_path / "县直" / "信访局" / "b.txt")
    shutil.copy(seed("004"), tmp_path / "a.txt")
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    (tmp_path / "~$a.docx").write_bytes(b"lock")
    (tmp_path / "notes.jpg").write_bytes(b"\xff\xd8")
    result = runner.invoke(app, ["check", str(tmp_path), "--format", "json"])
    assert result.exit_code == 2  # an unreadable file
    data = _json(result.stdout)
    assert [Path(r["source"]).name for r in data] == ["a.txt", "b.txt"]
    assert [f["rule"] for f in data[1]["findings"]] == ["C004", "N001", "N011", "S001", "S001"]
    assert f"文件 {tmp_path / 'broken.docx'}：DOCX 文件已损坏" in result.stderr


def test_a_folder_without_readable_files_is_an_input_error(tmp_path):
    (tmp_path / "scan.jpg").write_bytes(b"\xff\xd8")
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "没有找到可核对的文件" in result.stderr and "Traceback" not in result.output


def test_old_word_files_in_a_folder_are_named_with_their_conversion(tmp_path):
    """.doc and .wps were passed over in silence: each is now named once, with the command that converts
    it; a text export under a .doc name is checked; one converted beside itself is left to its .docx."""
    import shutil

    from builders import word97_bytes

    shutil.copy(seed("004"), tmp_path / "a.txt")
    shutil.copy(seed("002"), tmp_path / "文本.doc")
    (tmp_path / "旧.doc").write_bytes(word97_bytes())
    (tmp_path / "通知.WPS").write_bytes(word97_bytes())
    (tmp_path / "已转换.doc").write_bytes(word97_bytes())
    (tmp_path / "已转换.docx").write_bytes(b"not a zip")
    result = runner.invoke(app, ["check", str(tmp_path), "--format", "json"])
    assert result.exit_code == 2  # as for any file that cannot be read; the others are still checked
    assert [Path(r["source"]).name for r in _json(result.stdout)] == ["a.txt", "文本.doc"]
    convert = "，yusuan 不能直接读取；请先转换为 .docx 再读取，如用 LibreOffice：soffice --headless --convert-to docx"
    for name, kind in (("旧.doc", "旧版 Word 文档（Word 97-2003 .doc）"), ("通知.WPS", "WPS 文字文档（.wps）")):
        line = f"错误：文件 {tmp_path / name}：这是{kind}{convert} --outdir {tmp_path} {tmp_path / name}（或在 Word、WPS 中另存为 .docx）"
        assert result.stderr.count(line) == 1, result.stderr
    assert "已转换.doc：" not in result.stderr and f"文件 {tmp_path / '已转换.docx'}：DOCX 文件已损坏" in result.stderr
    assert "XLS" not in result.stderr and "Traceback" not in result.output

    extracted = runner.invoke(app, ["extract", str(tmp_path), "-o", str(tmp_path / "out")])
    assert extracted.exit_code == 2
    assert extracted.stderr.count(f"错误：文件 {tmp_path / '旧.doc'}：这是旧版 Word 文档") == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.json", "文本.json"]


def test_piped_text_report_keeps_every_line_whole():
    """Piped (CliRunner's output is no terminal) into an 80-column world, the report is not wrapped or cut:
    each message and its figures stay on one line, so grep finds them."""
    report = _json(runner.invoke(app, ["check", str(seed("002")), "-f", "json"]).stdout)
    result = runner.invoke(app, ["check", str(seed("002")), "-v"], env={"COLUMNS": "80"})
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    s001 = next(f for f in report["findings"] if f["rule"] == "S001")
    assert len(s001["message"]) > 80
    assert f"    说明：{s001['message']}" in lines
    assert "    发现：15.88    应为：152.80    差额：-136.92" in lines
    assert f"文件：{seed('002')}    部门：阜平县信访局    年度：2023" in lines
    for o in report["outcomes"]:
        if o["reason"]:
            assert any(o["reason"] in line for line in lines), o["reason"]
    assert "…" not in result.stdout
