"""One disclosure published as two files (the explanation and the tables) is read and checked as one."""

from __future__ import annotations

from pathlib import Path

from conftest import real

import yusuan
from yusuan.read.parts import group
from yusuan.rules import check


def test_files_differing_only_in_their_part_word_are_one_disclosure():
    paths = [Path(p) for p in ["报送/23_a_explanation.pdf", "报送/23_a_tables.pdf", "报送/24_b.pdf",
                               "报送/某局2024年预算表.pdf", "报送/某局2024年预算说明.pdf", "别处/某局2024年预算表.pdf",
                               "报送/某局2025年部门预算情况说明.pdf", "报送/某局2025年部门预算公开表.pdf", "报送/收支总表.pdf"]]
    assert group(paths) == [
        ([paths[0], paths[1]], "两个文件名只差“explanation”和“tables”（23_a），是同一份公开文件的说明和表格"),
        ([paths[2]], None),
        ([paths[4], paths[3]], "两个文件名只差“说明”和“表”（某局2024年预算），是同一份公开文件的说明和表格"),
        ([paths[5]], None),
        ([paths[6], paths[7]], "两个文件名只差“情况说明”和“公开表”（某局2025年部门预算），是同一份公开文件的说明和表格"),
        ([paths[8]], None),
    ]


def test_two_files_read_as_one_keep_each_figure_in_its_file():
    explanation, tables = real("23_*explanation"), real("23_*tables")
    d = yusuan.extract_together([explanation, tables], because="说明和表格")
    assert d.files == [str(explanation), str(tables)] and d.joined_because == "说明和表格"
    assert d.source == f"{explanation} + {tables}"
    assert (d.year, d.kind) == (2019, "部门预算")
    apart = yusuan.extract(explanation)
    assert len(d.narrative) == len(apart.narrative) and apart.tables == []
    assert {f.source.file for f in d.narrative.values()} == {str(explanation)}
    assert d.tables and {t.source.file for t in d.tables} == {str(tables)}
    # The tables' part no longer counts as absent from the explanation: no C001 错误 either way.
    report = check(d)
    assert [f.rule for f in report.findings if f.severity == "错误"] == []
    assert {f.source.file for f in report.findings if f.table != "document"} <= {str(explanation), str(tables)}


def test_one_file_given_together_is_read_as_itself():
    path = real("02")
    assert yusuan.extract_together([path]).model_dump() == yusuan.extract(path).model_dump()


def test_check_pairs_the_files_of_a_folder_and_says_why(tmp_path):
    import json
    import shutil
    from decimal import Decimal

    from typer.testing import CliRunner

    from yusuan.cli import app

    folder = tmp_path / "报送"
    folder.mkdir()
    explanation, tables = real("23_*explanation"), real("23_*tables")
    for p in (explanation, tables, real("38")):
        shutil.copy(p, folder / p.name)
    result = CliRunner().invoke(app, ["check", str(folder), "-f", "json"])
    assert result.exit_code == 0, result.output
    reports = json.loads(result.stdout, parse_float=Decimal)
    assert [len(r["files"]) for r in reports] == [2, 0]
    joined = reports[0]
    stem = explanation.name.removesuffix("_explanation.pdf")
    why = f"两个文件名只差“explanation”和“tables”（{stem}），是同一份公开文件的说明和表格"
    assert joined["files"] == [str(folder / explanation.name), str(folder / tables.name)]
    assert joined["joined_because"] == why
    assert joined["source"] == f"{folder / explanation.name} + {folder / tables.name}"
    assert f"合并读取 {folder / explanation.name} + {folder / tables.name}：{why}" in result.stderr
    # The same two files given with --together, as the only disclosure: a JSON array of one report.
    forced = CliRunner().invoke(app, ["check", str(folder / tables.name), str(folder / explanation.name),
                                      "--together", "-f", "json"])
    [report] = json.loads(forced.stdout, parse_float=Decimal)
    assert report["joined_because"] == "按 --together 作为一份公开文件合并读取"
    assert report["files"] == [str(folder / tables.name), str(folder / explanation.name)]


def test_ingest_stores_an_explanation_and_its_tables_as_one_document(tmp_path):
    import shutil

    from yusuan.store import open_store
    from yusuan.store.ingest import ingest

    folder = tmp_path / "报送"
    folder.mkdir()
    explanation, tables = real("23_*explanation"), real("23_*tables")
    for p in (explanation, tables, real("38")):
        shutil.copy(p, folder / p.name)
    store = open_store(tmp_path / "库.duckdb")
    try:
        stats = ingest(store, [folder])
        assert (stats.seen, stats.added, stats.failed) == (3, 2, 0)
        joined = next(doc for doc in store.documents() if " + " in doc["source"])
        assert joined["source"] == f"{folder / explanation.name} + {folder / tables.name}"
        d = store.disclosure(joined["id"])
        assert d.files == [str(folder / explanation.name), str(folder / tables.name)]
        assert d.joined_because.startswith("两个文件名只差“explanation”和“tables”")
        assert ingest(store, [folder]).skipped == 2  # both documents known by content, the pair as one
    finally:
        store.close()
