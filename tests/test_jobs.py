"""`yusuan extract|check FOLDER --jobs N`: documents read by worker processes, the output identical to a
serial run, in the order of the files, an unreadable file reported in its place."""

from __future__ import annotations

import json
import shutil

from conftest import real, seed
from typer.testing import CliRunner

from yusuan.cli import app

runner = CliRunner()


def _folder(tmp_path):
    folder = tmp_path / "文件夹"
    folder.mkdir()
    for n, prefix in enumerate(["001", "003", "000"], start=1):
        shutil.copy(seed(prefix), folder / f"{n}_{seed(prefix).name}")
    (folder / "2a_坏文件.pdf").write_bytes(b"not a pdf at all")
    shutil.copy(real("10"), folder / "4_real.pdf")
    return folder


def test_extract_in_parallel_prints_what_a_serial_run_prints(tmp_path):
    folder = _folder(tmp_path)
    serial = runner.invoke(app, ["extract", str(folder), "--jobs", "1"])
    parallel = runner.invoke(app, ["extract", str(folder), "--jobs", "3"])
    assert (serial.exit_code, parallel.exit_code) == (2, 2)
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr == (
        f"错误：文件 {folder / '2a_坏文件.pdf'}：这不是有效的 PDF 文件（开头没有 %PDF 标记），可能已损坏或扩展名有误\n")
    docs, text, decoder = [], serial.stdout, json.JSONDecoder()
    while text.strip():
        doc, end = decoder.raw_decode(text.lstrip())
        docs.append(doc)
        text = text.lstrip()[end:]
    assert [d["source"] for d in docs] == [str(folder / n) for n in sorted(p.name for p in folder.iterdir())
                                           if not n.startswith("2a")]


def test_extract_in_parallel_writes_the_same_files(tmp_path):
    folder = _folder(tmp_path)
    one, three = tmp_path / "一", tmp_path / "三"
    assert runner.invoke(app, ["extract", str(folder), "-j", "1", "-o", str(one)]).exit_code == 2
    assert runner.invoke(app, ["extract", str(folder), "-j", "3", "-o", str(three)]).exit_code == 2
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in three.iterdir()) and len(names) == 4
    for name in names:
        assert (three / name).read_bytes() == (one / name).read_bytes()


def test_check_in_parallel_reports_what_a_serial_run_reports(tmp_path):
    folder = _folder(tmp_path)
    for fmt in ("text", "json"):
        serial = runner.invoke(app, ["check", str(folder), "--format", fmt, "--jobs", "1"])
        parallel = runner.invoke(app, ["check", str(folder), "--format", fmt, "--jobs", "2"])
        assert serial.exit_code == parallel.exit_code == 2
        assert parallel.stdout == serial.stdout
        assert parallel.stderr == serial.stderr
    assert len(json.loads(serial.stdout)) == 4  # one report per readable document


def test_a_json_report_comes_back_as_its_text_with_only_the_summary_beside_it():
    import gc

    from yusuan import extract
    from yusuan.batch import check_all
    from yusuan.report.json import report_json
    from yusuan.rules import check
    from yusuan.score.transparency import score

    jobs = [([seed("001")], None), ([seed("003")], None)]
    full = []
    for prefix in ("001", "003"):
        doc = extract(seed(prefix))
        full.append(check(doc))
        full[-1].transparency = score(doc).to_dict()
    for workers in (1, 2):
        outcomes = list(check_all(jobs, workers, [], [], keep_docs=False, as_json=True))
        assert [o.json for o in outcomes] == [report_json(r) for r in full]
        assert [(o.report.summary, o.report.findings, o.report.outcomes, o.report.source, o.doc) for o in outcomes] == [
            (r.summary, [], [], r.source, None) for r in full]
        assert [bool(r.findings) for r in full] == [True, True]  # something was taken out
    assert gc.get_freeze_count() == 0  # what was frozen for the workers is back with the collector
