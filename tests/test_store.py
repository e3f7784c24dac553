"""The corpus store and ingest: DuckDB and PostgreSQL hold the same documents and answer alike."""

from __future__ import annotations

import functools
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SEEDS
from typer.testing import CliRunner
from variants import write_corpus

from yusuan.cli import app
from yusuan.store import StoreError, open_store
from yusuan.store import queries as q
from yusuan.store.ingest import ingest
from yusuan.store.packed import unpack
from yusuan.store.records import prepare

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The five seeds, 30 generated variants (6 departments × 5 years) and one broken file."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SEEDS, root / "seeds")
    write_corpus(root / "variants", 30)
    (root / "broken").mkdir()
    (root / "broken" / "坏文件.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    return root


def _standard(store) -> dict[str, list]:
    return {
        "trend": q.trend(store, "信访局").rows,
        "trend_3": q.trend(store, "桥西区财政局", ["三公经费", "机关运行经费"]).rows,
        "rank": q.rank(store, "支出合计").rows,
        "rank_growth": q.rank(store, "机关运行经费", by="growth", year=2023).rows,
        "functional": q.functional(store, level="类").rows,
        "functional_k": q.functional(store, level="款", year=2022).rows,
        "findings": q.findings_by_rule(store).rows,
        "findings_s001": q.findings_by_rule(store, "S001").rows,
        "completeness": q.completeness(store).rows,
        "incomplete": q.completeness(store, documents=True).rows,
        "transparency": q.transparency(store).rows,
    }


@pytest.fixture(scope="module")
def duck(corpus, tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("db") / "corpus.duckdb")
    stats = ingest(store, [corpus], workers=2)
    yield store, stats
    store.close()


def test_ingest_counts(duck):
    store, stats = duck
    assert stats.seen == 36
    assert stats.added == 35 and stats.versions == 0 and stats.failed == 1
    assert stats.errors[0][0].endswith("坏文件.pdf") and "坏文件.pdf" in stats.errors[0][1]
    counts = store.count()
    assert counts["documents"] == 35 and counts["failures"] == 1
    assert counts["findings"] == stats.findings > 0
    failure = store.failures()[0]
    assert failure["source"].endswith("坏文件.pdf") and failure["error"].startswith("文件 ")


def test_reingest_is_noop(duck, corpus):
    store, _ = duck
    before = store.count()
    stats = ingest(store, [corpus], workers=1)
    assert stats.skipped == 36 and stats.added == stats.failed == stats.versions == 0
    assert store.count() == before


def test_seed_002_row(duck):
    store, _ = duck
    doc = store.documents(department="阜平县信访局")[0]
    assert (doc["year"], doc["kind"], doc["department_code"], doc["region"]) == (2023, "单位预算", "202", "阜平县")
    findings = store.findings(doc["id"])
    s001 = [f for f in findings if f["rule"] == "S001"]
    assert s001[0]["table_id"] == "expenditure_summary" and s001[0]["row_code"] == "2010308"
    assert s001[0]["difference"] == Decimal("-136.92") and s001[0]["line"] == 511
    rows = store.backend.fetchall(
        "SELECT v.value FROM table_rows r JOIN row_values v ON v.document_id = r.document_id "
        "AND v.table_id = r.table_id AND v.row_index = r.row_index WHERE r.document_id = ? "
        "AND r.table_id = 'expenditure_summary' AND r.name = '合计' AND v.column_id = 'total'", (doc["id"],))
    assert rows == [(Decimal("152.80"),)]
    # the stored document reads back as printed
    d = store.disclosure(doc["id"])
    assert str(d.table("expenditure_summary").rows[0].values["total"]) == "152.80"
    assert store.report(doc["id"]).summary.errors == doc["n_errors"]


def test_new_version_kept(duck, tmp_path):
    store, _ = duck
    text = sorted(SEEDS.glob("001_*.txt"))[0].read_text(encoding="utf-8")
    changed = tmp_path / "鹿泉区信访局2024-更正.txt"
    changed.write_text(text.replace("647.23", "647.24", 1), encoding="utf-8")
    stats = ingest(store, [changed])
    assert stats.versions == 1
    versions = store.versions(store.documents(department="鹿泉区信访局")[0]["id"])
    assert [v["version"] for v in versions] == [1, 2]
    latest = store.documents(department="鹿泉区信访局", latest=True)
    assert [d["version"] for d in latest] == [2]
    counts = store.count()
    assert counts["documents"] == counts["latest"] + 1


def test_document_commits_whole(corpus, tmp_path, monkeypatch):
    store = open_store(tmp_path / "x.duckdb")
    from yusuan.store.backend import Tx

    real = Tx.insert_many

    def failing(self, table, columns, rows):
        if table == "findings":
            raise KeyboardInterrupt  # Ctrl-C in the middle of writing a document
        return real(self, table, columns, rows)

    monkeypatch.setattr(Tx, "insert_many", failing)
    with pytest.raises(KeyboardInterrupt):
        store.add(prepare(sorted(SEEDS.glob("002_*.txt"))[0]))
    monkeypatch.setattr(Tx, "insert_many", real)
    for table in ("documents", "table_rows", "row_values", "narrative_figures", "findings"):
        assert store.backend.fetchall(f"SELECT count(*) FROM {table}") == [(0,)], table
    assert store.add(prepare(sorted(SEEDS.glob("002_*.txt"))[0])).status == "added"
    store.close()


def test_queries_answer(duck):
    store, _ = duck
    answers = _standard(store)
    trend = [r for r in answers["trend_3"] if r[2] == "three_public_total"]
    assert [r[1] for r in trend] == [2020, 2021, 2022, 2023, 2024]
    assert trend[0][6] is None and trend[1][6] == trend[1][4] - trend[0][4]
    assert isinstance(trend[1][4], Decimal)
    assert answers["rank"][0][0] == 1 and answers["rank"][0][4] >= answers["rank"][-1][4]
    growth = [r[7] for r in answers["rank_growth"]]
    assert growth == sorted(growth, reverse=True)
    assert any(r[0] == "201" and r[1] == "一般公共服务支出" for r in answers["functional"])
    assert all(len(r[0]) == 5 and r[2] == 2022 for r in answers["functional_k"])
    assert any(r[0] == "S001" for r in answers["findings"])
    assert any(r[1] == "阜平县信访局" for r in answers["findings_s001"])
    regions = {r[0]: r for r in answers["completeness"]}
    assert regions["石家庄市长安区"][3] == 1  # seed 000 lacks tables it must publish (C001)
    assert any(r[1] == "石家庄市长安区信访局" and r[5] == "不完整" and "C001" in r[6] for r in answers["incomplete"])


def test_completeness_counts_only_passed_rules_as_complete(tmp_path):
    """完整 means every completeness rule passed. The performance documents (003, 004) are not budget
    disclosures: their C rules did not apply or lacked data, so they are 未能判定, never 完整."""
    import json

    import duckdb

    db = tmp_path / "样例.duckdb"
    store = open_store(db)
    try:
        assert ingest(store, [SEEDS]).added == 5
    finally:
        store.close()

    def ask(*extra):
        result = runner.invoke(app, ["query", "completeness", *extra, "--db", str(db), "-f", "csv"])
        assert result.exit_code == 0, result.output
        return result.stdout.splitlines()

    regions = ["地区,文件数,完整,不完整,未能判定,完整率%,完整性发现数",
               "益阳市资阳区,1,0,0,1,0.00,0", "石家庄市长安区,1,0,1,0,0.00,8", "石家庄市鹿泉区,1,1,0,0,100.00,0",
               "石峰区,1,0,0,1,0.00,0", "阜平县,1,0,1,0,0.00,1"]
    listed = ["文件编号,部门,地区,年度,种类,结论,未通过的完整性规则,不适用的规则,数据不足的规则,发现数",
              "4,益阳市资阳区信访局,益阳市资阳区,2020,绩效自评,未能判定,,C001、C003、C004、C005,C002,0",
              "1,石家庄市长安区信访局,石家庄市长安区,2021,部门预算,不完整,C001,C004,,8",
              "5,石峰区信访局,石峰区,2021,绩效目标,未能判定,,C001、C003、C004、C005,C002,0",
              "3,阜平县信访局,阜平县,2023,单位预算,不完整,C004,,,1"]
    assert ask() == regions
    assert ask("--documents") == listed

    # A corpus stored before the outcomes were kept: the first query brings it up to date from the reports.
    with duckdb.connect(str(db)) as con:
        con.execute("DROP TABLE rule_outcomes")
        con.execute("DELETE FROM schema_migrations WHERE version = 2")
    assert ask() == regions and ask("--documents") == listed
    with duckdb.connect(str(db), read_only=True) as con:
        stored = con.execute("SELECT id, report FROM documents").fetchall()
        kept = con.execute("SELECT count(*) FROM rule_outcomes").fetchall()[0][0]
    assert kept == sum(len(json.loads(unpack(report))["outcomes"]) for _id, report in stored) == 5 * len(_rule_ids())


def _rule_ids() -> list[str]:
    from yusuan.rules import catalog

    return [r.id for r in catalog()]


def test_query_errors():
    with pytest.raises(q.QueryError, match="未知的指标"):
        q.figure_key("不存在的指标")
    assert q.figure_key("三公经费") == q.figure_key("“三公”经费") == "three_public_total"


def test_postgres_gives_same_answers(duck, corpus, pg_server):
    duck_store, _ = duck
    store = open_store(pg_server.new_database())
    try:
        stats = ingest(store, [corpus], workers=2)
        assert (stats.added, stats.failed) == (35, 1)
        # the same correction as in DuckDB, so both stores hold the same versions
        text = sorted(SEEDS.glob("001_*.txt"))[0].read_text(encoding="utf-8")
        changed = corpus.parent / "pg-correction.txt"
        changed.write_text(text.replace("647.23", "647.24", 1), encoding="utf-8")
        duck_has_correction = duck_store.count()["documents"] == 36
        if duck_has_correction:
            assert ingest(store, [changed]).versions == 1
        assert store.count() == duck_store.count()
        pg, dk = _standard(store), _standard(duck_store)
        for name in dk:  # documents are written in the order walked, so even their ids agree
            assert len(pg[name]) > 0 and pg[name] == dk[name], name
        assert ingest(store, [corpus]).skipped == 36
    finally:
        store.close()


def test_cli_ingest(corpus, tmp_path):
    db = tmp_path / "cli.duckdb"
    result = runner.invoke(app, ["ingest", str(corpus / "seeds"), str(corpus / "broken"), "--db", str(db),
                                 "--workers", "1"])
    assert result.exit_code == 2, result.output
    assert "入库小结" in result.output and "Traceback" not in result.output
    assert "坏文件.pdf" in result.output
    again = runner.invoke(app, ["ingest", str(corpus / "seeds"), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "已在库中" in again.output


def test_cli_ingest_names_old_word_files_and_their_conversion(tmp_path):
    from builders import word97_bytes

    folder = tmp_path / "公开文件"
    folder.mkdir()
    shutil.copy(sorted(SEEDS.glob("001_*.txt"))[0], folder / "鹿泉.txt")
    (folder / "阜平.doc").write_bytes(word97_bytes())
    db = tmp_path / "w.duckdb"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 2, result.output
    doc = folder / "阜平.doc"
    assert result.stderr.count(f"错误：文件 {doc}：这是旧版 Word 文档（Word 97-2003 .doc），yusuan 不能直接读取；"
                               f"请先转换为 .docx 再读取，如用 LibreOffice：soffice --headless --convert-to docx "
                               f"--outdir {folder} {doc}") == 1
    store = open_store(db)
    try:
        assert store.count()["documents"] == 1
        assert [f["source"] for f in store.failures()] == [str(doc)]
    finally:
        store.close()


def test_bad_database(tmp_path):
    (tmp_path / "dir.duckdb").mkdir()
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(tmp_path / "dir.duckdb")])
    assert result.exit_code == 2
    assert "数据库" in result.output and "Traceback" not in result.output
    with pytest.raises(StoreError, match="无法连接数据库"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")


def test_cli_query_formats(duck, tmp_path):
    store, _ = duck
    db = store.location
    store.close()  # DuckDB: one process may hold the file; the CLI opens it itself
    try:
        csv_out = runner.invoke(app, ["query", "trend", "桥西区财政局", "--figure", "三公经费", "--db", db, "-f", "csv"])
        assert csv_out.exit_code == 0, csv_out.output
        lines = csv_out.output.splitlines()
        assert lines[0].startswith("部门,年度,指标") and len(lines) == 6
        js = runner.invoke(app, ["query", "rank", "机关运行经费", "--by", "growth", "--db", db, "-f", "json"])
        assert js.exit_code == 0, js.output
        import json

        data = json.loads(js.output, parse_float=Decimal)
        assert data["rows"][0]["rank"] == 1 and isinstance(data["rows"][0]["value"], Decimal)
        xlsx = tmp_path / "out" / "功能分类.xlsx"
        r = runner.invoke(app, ["query", "functional", "--level", "款", "--db", db, "-f", "xlsx", "-o", str(xlsx)])
        assert r.exit_code == 0, r.output
        from openpyxl import load_workbook

        ws = load_workbook(xlsx).active
        assert ws["A2"].value == "科目编码" and ws.max_row > 3
        table = runner.invoke(app, ["query", "completeness", "--db", db])
        assert table.exit_code == 0 and "各地区公开完整性" in table.output
        bad = runner.invoke(app, ["query", "rank", "不存在的指标", "--db", db])
        assert bad.exit_code == 2 and "未知的指标" in bad.output and "Traceback" not in bad.output
        no_out = runner.invoke(app, ["query", "findings", "--db", db, "-f", "xlsx"])
        assert no_out.exit_code == 2
    finally:
        # reopen for the tests after this one
        reopened = open_store(db)
        store.backend = reopened.backend


def test_query_on_a_missing_database_says_so_and_creates_nothing(tmp_path):
    for where in (tmp_path / "new.duckdb", tmp_path / "还没有" / "库.duckdb"):
        result = runner.invoke(app, ["query", "completeness", "--db", str(where)])
        assert result.exit_code == 2, result.output
        assert result.stderr == (f"错误：没有这个文件库：{where} 不存在。先用 yusuan ingest 文件夹 --db {where} "
                                 "读入预算公开文件建立文件库，再查询\n")
        assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []
    other = tmp_path / "别的.duckdb"  # a DuckDB file that is not a corpus is not made into one by a query
    import duckdb

    duckdb.connect(str(other)).close()
    result = runner.invoke(app, ["query", "rank", "支出合计", "--db", str(other)])
    assert result.exit_code == 2
    assert f"错误：没有这个文件库：数据库 {other} 中没有 yusuan 文件库的表。先用 yusuan ingest" in result.stderr
    with duckdb.connect(str(other), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM information_schema.tables").fetchall() == [(0,)]


def _small_corpus(tmp_path) -> Path:
    db = tmp_path / "小.duckdb"
    store = open_store(db)
    try:
        ingest(store, [sorted(SEEDS.glob("001_*.txt"))[0], sorted(SEEDS.glob("002_*.txt"))[0]])
    finally:
        store.close()
    return db


def _env() -> dict:
    import os

    return {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}


def test_queries_read_beside_other_readers(tmp_path):
    """Queries open the DuckDB file read-only: a second reader (another process) does not lock them out."""
    import subprocess
    import sys

    db = _small_corpus(tmp_path)
    code = ("import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
            "print('open', flush=True); time.sleep(60)")
    reader = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline() == "open\n"
        result = runner.invoke(app, ["query", "rank", "支出合计", "--db", str(db), "-f", "csv"])
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[1:] == ["1,石家庄市鹿泉区信访局,石家庄市鹿泉区,2024,647.23,,,,1"]
        piped = runner.invoke(app, ["query", "rank", "支出合计", "--db", str(db)], env={"COLUMNS": "60"})
        assert piped.exit_code == 0, piped.output
        assert "│    1 │ 石家庄市鹿泉区信访局 │ 石家庄市鹿泉区 │ 2024 │       647.23 │" in piped.stdout
        assert "┃ 名次 ┃ 部门                 ┃ 地区           ┃ 年度 ┃ 金额（万元） ┃ 上年（万元） ┃" in piped.stdout
        assert "…" not in piped.stdout
    finally:
        reader.kill()
        reader.wait()


def test_query_while_the_server_holds_the_database(tmp_path):
    """`yusuan serve` keeps the DuckDB file open for writing (uploads): a query in another process gets a
    Chinese message naming the process and the server's JSON API, which answers the same question."""
    import json
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    db = _small_corpus(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "yusuan", "serve", "--db", str(db), "--port", str(port),
                               "--data", str(tmp_path / "data")], env=_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.communicate()
            assert time.monotonic() < deadline, "the server did not start"
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        result = runner.invoke(app, ["query", "completeness", "--db", str(db)])
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"错误：数据库 {db} 正被进程 {server.pid} 使用：DuckDB 文件有一个进程写入时，"
                                        "其他进程都不能打开它。请等它结束或停止它后再查询；如果它是 yusuan serve，"
                                        "也可以用网页服务的 JSON 接口查询：GET /api/query/completeness")
        assert "Traceback" not in result.output and "IO Error" not in result.output
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/query/completeness") as answer:
            assert json.loads(answer.read())["title"] == "各地区公开完整性"
    finally:
        server.terminate()
        server.communicate(timeout=60)
    after = runner.invoke(app, ["query", "completeness", "--db", str(db), "-f", "json"])
    assert after.exit_code == 0, after.output


def test_serve_refuses_a_bad_port_and_one_in_use(tmp_path):
    import socket

    db, data = tmp_path / "库.duckdb", tmp_path / "data"
    for port in ("99999", "0", "-1"):
        result = runner.invoke(app, ["serve", "--db", str(db), "--data", str(data), "--port", port])
        assert result.exit_code == 2, result.output
        assert result.stderr == f"错误：--port {port} 不是有效的端口：端口是 1 到 65535 之间的整数，如 --port 8000\n"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--db", str(db), "--data", str(data), "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"错误：端口 {port} 已被占用：127.0.0.1:{port} 上已经有程序在监听（可能是另一个 yusuan serve）；"
                             f"请停止它，或用 --port 换一个端口，如 --port {port + 1}\n")
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # refused before the database or the data folder is touched


def test_query_prints_wan_to_two_decimals_and_keeps_every_digit_in_json_and_xlsx(tmp_path):
    """上海市审计局 prints its tables in 元: 153268740 元 of 人员经费 is 15326.874 万元, printed 15326.87."""
    import json

    from conftest import real
    from openpyxl import load_workbook

    db = tmp_path / "元.duckdb"
    store = open_store(db)
    try:
        assert ingest(store, [real("31")]).added == 1
    finally:
        store.close()
    ask = ["query", "trend", "审计局", "--figure", "人员经费", "--figure", "公用经费", "--db", str(db)]
    csv_out = runner.invoke(app, [*ask, "-f", "csv"])
    assert csv_out.exit_code == 0, csv_out.output
    assert csv_out.stdout.splitlines()[1:] == ["上海市审计局,2026,personnel,人员经费,15326.87,,,,1",
                                               "上海市审计局,2026,public,公用经费,2180.26,,,,1"]
    table = runner.invoke(app, ask)
    assert "│ 上海市审计局 │ 2026 │ 人员经费 │     15326.87 │" in table.stdout and "15326.874" not in table.stdout
    rows = json.loads(runner.invoke(app, [*ask, "-f", "json"]).stdout, parse_float=Decimal)["rows"]
    assert [r["value"] for r in rows] == [Decimal("15326.874"), Decimal("2180.256")]
    runner.invoke(app, [*ask, "-f", "xlsx", "-o", str(tmp_path / "t.xlsx")])
    ws = load_workbook(tmp_path / "t.xlsx").active
    assert (ws["E3"].value, ws["E3"].number_format) == (15326.874, "0.00")


def test_ctrl_c_leaves_store_consistent(tmp_path):
    """SIGINT in the middle of a run: exit 130, every stored document whole, the rest ingestible later."""
    import os
    import signal
    import subprocess
    import sys
    import time

    write_corpus(tmp_path / "many", 150)
    db = tmp_path / "int.duckdb"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    cmd = [sys.executable, "-c", "from yusuan.cli import app; app()", "ingest", str(tmp_path / "many"),
           "--db", str(db), "--workers", "2"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Interrupt once some documents are committed, whatever the machine's speed: DuckDB's write-ahead
    # log holds about 9 KB after the schema is made and grows by several KB per document.
    wal = Path(f"{db}.wal")
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline and (not wal.exists() or wal.stat().st_size < 60_000):
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err, err
    assert proc.returncode == 130, (proc.returncode, err)
    assert "已中断" in err
    store = open_store(db)
    try:
        n_docs = store.count()["documents"]
        assert 0 < n_docs < 150
        broken = store.backend.fetchall(
            "SELECT d.id FROM documents d LEFT JOIN (SELECT document_id, count(*) AS n FROM table_rows "
            "GROUP BY document_id) r ON r.document_id = d.id WHERE d.n_rows <> coalesce(r.n, 0)")
        assert broken == []
        assert store.backend.fetchall(
            "SELECT count(*) FROM findings WHERE document_id NOT IN (SELECT id FROM documents)") == [(0,)]
        stats = ingest(store, [tmp_path / "many"], workers=1)
        assert stats.skipped == n_docs and stats.added == 150 - n_docs
    finally:
        store.close()


def test_the_store_dumps_json_as_the_reports_do():
    """The readers' quick JSON (records.dumps_compact) is dumps_exact's, character for character."""
    import yusuan
    from yusuan.report.json import dumps_exact
    from yusuan.rules import check
    from yusuan.store.records import dumps_compact

    odd = {"a": [Decimal("1E+3"), Decimal("-0.50"), (Decimal("7"), None)], "b": Decimal("NaN"), "c": 1.5,
           "text": '"@@decimal-0123456789abcdef@@12"', "年": {"2024": [True, "三公"]}}
    assert dumps_compact(odd) == dumps_exact(odd, indent=None) == (
        '{"a": [1000, -0.50, [7, null]], "b": "NaN", "c": 1.5, "text": "\\"@@decimal-0123456789abcdef@@12\\"", '
        '"年": {"2024": [true, "三公"]}}')
    for path in sorted(SEEDS.glob("00[0-2]_*.txt")):
        d = yusuan.extract(path)
        for obj in (d.model_dump(mode="python"), check(d).model_dump(mode="python")):
            assert dumps_compact(obj) == dumps_exact(obj, indent=None)


def test_cli_ingest_reads_a_list_file(tmp_path):
    listed = tmp_path / "清单.txt"
    seeds = sorted(SEEDS.glob("00[12]_*.txt"))
    listed.write_text(f"# 两份样例\n{seeds[0]}\n\n  {seeds[1]}  \n", encoding="utf-8")
    db = tmp_path / "list.duckdb"
    result = runner.invoke(app, ["ingest", "--list", str(listed), "--db", str(db), "--workers", "1", "--batch", "1"])
    assert result.exit_code == 0, result.output
    store = open_store(db)
    try:
        assert sorted(d["source"] for d in store.documents()) == [str(s) for s in seeds]
    finally:
        store.close()
    missing = runner.invoke(app, ["ingest", "--list", str(tmp_path / "没有.txt"), "--db", str(db)])
    assert missing.exit_code == 2 and missing.stderr == f"错误：清单文件 {tmp_path / '没有.txt'} 不存在\n"
    nothing = runner.invoke(app, ["ingest", "--db", str(db)])
    assert nothing.exit_code == 2 and nothing.stderr == "错误：没有要入库的文件：请给出文件、文件夹或 --list 清单文件\n"


def _both_ways(store, summary: bool) -> dict[str, list]:
    """The questions the summary tables answer, from them (``summary``) or from the base tables."""
    return {
        "trend": q.trend(store, "信访局", summary=summary).rows,
        "trend_3": q.trend(store, "桥西区财政局", ["三公经费", "机关运行经费"], summary=summary).rows,
        "rank": q.rank(store, "支出合计", summary=summary).rows,
        "rank_growth": q.rank(store, "机关运行经费", by="growth", year=2023, summary=summary).rows,
        "rank_region": q.rank(store, "三公经费", by="growth", year=2023, region="桥西区", summary=summary).rows,
        "rank_region_newest": q.rank(store, "三公经费", region="桥西区", summary=summary).rows,
        "findings": q.findings_by_rule(store, summary=summary).rows,
        "findings_s001": q.findings_by_rule(store, "S001", summary=summary).rows,
        "findings_c": q.findings_by_rule(store, "c", summary=summary).rows,
        "transparency": q.transparency(store, summary=summary).rows,
        "transparency_region": q.transparency(store, year=2023, region="桥西区", summary=summary).rows,
    }


def _summaries_follow_ingests(store, corpus: Path, tmp_path: Path) -> None:
    from variants import write_corpus

    from yusuan.store import summaries

    assert ingest(store, [corpus / "variants"], workers=1).added == 30
    assert summaries.current(store)
    counts = store.count()
    assert store.overview() == {k: counts[k] for k in ("documents", "latest", "findings", "failures")}
    before = _both_ways(store, True)
    assert before == _both_ways(store, False)
    assert all(before.values()), [k for k, v in before.items() if not v]
    assert [r[1] for r in before["rank_region"]] == ["石家庄市桥西区审计局", "石家庄市桥西区财政局", "石家庄市桥西区信访局",
                                                     "石家庄市桥西区民政局"]
    assert [str(r[7]) for r in before["rank_region"]] == ["-11.95", "-12.01", "-12.05", "-12.28"]

    # A second ingest: the same 30 files, a new department of the region, and a new version of a document.
    more = tmp_path / "more"
    write_corpus(more, 35)
    fix = sorted(more.glob("石家庄市桥西区财政局_2023_*.txt"))[0]
    fix.write_text(fix.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    stats = ingest(store, [more], workers=1)
    assert (stats.added, stats.versions, stats.skipped) == (5, 1, 29)
    assert summaries.current(store)
    after = _both_ways(store, True)
    assert after == _both_ways(store, False)
    assert "石家庄市桥西区统计局" in [r[1] for r in after["rank_region"]]
    new = {r[1]: r for r in after["rank_region"]}["石家庄市桥西区财政局"]
    old = {r[1]: r for r in before["rank_region"]}["石家庄市桥西区财政局"]
    assert new[1:8] == old[1:8] and new[8] > old[8]  # the same figures, read from the new version

    # A writer stopped between its batch and the rebuild leaves its departments marked: the queries read
    # the base tables until the next ingest rebuilds them.
    with store.backend.transaction() as tx:
        tx.execute("DELETE FROM summary_figures WHERE department_key = '石家庄市桥西区财政局'")
        summaries.mark(tx, ["石家庄市桥西区财政局"])
    assert not summaries.current(store)
    assert _both_ways(store, None) == after
    assert ingest(store, [more], workers=1).skipped == 35
    assert summaries.current(store) and _both_ways(store, True) == after

    # A store made before the summaries: opening it builds them from the base tables.
    with store.backend.transaction() as tx:
        for table in ("summary_figures", "summary_departments", "summary_findings", "summary_transparency",
                      "summary_pending"):
            tx.execute(f"DROP TABLE {table}")
        tx.execute("DELETE FROM schema_migrations WHERE version = 5")
    location = store.backend.url if store.kind == "postgresql" else store.location
    store.close()
    store = open_store(location)
    try:
        assert summaries.current(store) and _both_ways(store, True) == after
    finally:
        store.close()


def test_summaries_answer_as_the_base_tables_in_duckdb(corpus, tmp_path):
    store = open_store(tmp_path / "summaries.duckdb")
    try:
        _summaries_follow_ingests(store, corpus, tmp_path)
    finally:
        store.close()


def test_summaries_answer_as_the_base_tables_in_postgres(corpus, tmp_path, pg_server):
    store = open_store(pg_server.new_database())
    try:
        _summaries_follow_ingests(store, corpus, tmp_path)
    finally:
        store.close()


@functools.cache  # asked once to store a document and once to compare with what was stored
def _texts_of(path: Path) -> tuple[str, str]:
    """The extraction and report of a document as yusuan wrote them before migration 7: the standard
    library's JSON, amounts as bare numbers."""
    import yusuan
    from yusuan.store.records import dumps_compact

    return dumps_compact(yusuan.extract(path).model_dump(mode="python")), unpack(prepare(path).report_packed)


def _stored_as_texts(location, monkeypatch, documents: list[Path]) -> None:
    """A store as yusuan made it before migration 7: the extraction and report as JSON texts."""
    from yusuan.store import backend as backends
    from yusuan.store.store import DOCUMENT_COLUMNS

    everything = backends.migrations()
    monkeypatch.setattr(backends, "migrations", lambda: [m for m in everything if m[0] <= 6])
    store = open_store(location)
    try:
        assert {r[0] for r in store.backend.fetchall("SELECT version FROM schema_migrations")} == set(range(1, 7))
        with store.backend.transaction() as tx:
            for doc_id, path in enumerate(documents, start=1):
                p = prepare(path)
                cols = ["id", "version", *DOCUMENT_COLUMNS, "disclosure", "report"]
                tx.execute(f"INSERT INTO documents ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                           (doc_id, 1, *(p.document[c] for c in DOCUMENT_COLUMNS), *_texts_of(path)))
    finally:
        store.close()
    monkeypatch.setattr(backends, "migrations", lambda: everything)


@pytest.mark.parametrize("kind", ["duckdb", "postgresql"])
def test_a_store_of_texts_keeps_them_compressed_after_migration(kind, tmp_path, monkeypatch, request):
    import yusuan
    from yusuan.rules import check

    documents = sorted(SEEDS.glob("*.txt"))[:2]
    location = (request.getfixturevalue("pg_server").new_database() if kind == "postgresql"
                else tmp_path / "old.duckdb")
    _stored_as_texts(location, monkeypatch, documents)
    store = open_store(location)
    try:
        assert {r[0] for r in store.backend.fetchall("SELECT version FROM schema_migrations")} == set(range(1, 9))
        stored = store.backend.fetchall("SELECT disclosure, report FROM documents ORDER BY id")
        assert all(type(v) is bytes and v[:1] == b"\x78" for row in stored for v in row)  # zlib streams
        for doc_id, path in enumerate(documents, start=1):
            assert [unpack(v) for v in stored[doc_id - 1]] == list(_texts_of(path))
            assert store.disclosure(doc_id) == yusuan.extract(path)
            assert store.report(doc_id).findings == check(yusuan.extract(path)).findings
        indexes = ("SELECT index_name FROM duckdb_indexes() ORDER BY 1" if kind == "duckdb" else
                   "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%pkey' "
                   "AND indexname NOT LIKE '%key' ORDER BY 1")
        names = [r[0] for r in store.backend.fetchall(indexes)]
        assert ("table_rows_document" in names) is (kind == "postgresql")
        assert {"documents_department", "documents_region_year"} <= set(names)
        # the migrated store takes new documents as a new one does
        assert ingest(store, [SEEDS], workers=1).added == len(sorted(SEEDS.glob("*.*"))) - len(documents)
    finally:
        store.close()


def test_a_stored_extraction_reads_back_digit_for_digit():
    """The readers pack the extraction as pydantic's JSON (amounts as strings of their digits); read back,
    every amount has the digits it was printed with, and extractions stored in the earlier form (the
    standard library's JSON, amounts as bare numbers) still read."""
    import yusuan
    from yusuan.model import Disclosure
    from yusuan.report.json import dumps_exact
    from yusuan.store.packed import MODEL_JSON, pack, pack_model, unpack_model
    from yusuan.store.records import dumps_compact

    real = Path(__file__).parent / "data" / "real"
    paths = [*sorted(SEEDS.glob("*.txt")), real / "13_shanghai-putuo-caizhengju_2024_dept-final.pdf",
             real / "36_jiangsu-suzhou-ziranziyuanheguihuaju-benji_2026_unit-budget.pdf"]
    for path in paths:
        d = yusuan.extract(path)
        d.source = str(path)  # as prepare sets it
        packed = prepare(path).disclosure_packed
        assert packed[:1] == MODEL_JSON
        for back in (unpack_model(packed, Disclosure),
                     unpack_model(pack(dumps_compact(d.model_dump(mode="python"))), Disclosure)):
            assert back == d
            assert dumps_exact(back.model_dump(mode="python")) == dumps_exact(d.model_dump(mode="python"))
    # amounts whose digits a float would lose, and a negative zero
    d = yusuan.extract(sorted(SEEDS.glob("*.txt"))[1])
    at = next(i for i, t in enumerate(d.tables) if t.rows)
    row = d.tables[at].rows[0]
    row.values = {"total": Decimal("0.10"), "a": Decimal("-0.00"), "b": Decimal("12345678901234567890.123"),
                  "c": Decimal("1E+3"), "d": None}
    back = unpack_model(pack_model(d), Disclosure)
    assert [(k, v.as_tuple() if v is not None else None) for k, v in back.tables[at].rows[0].values.items()] == [
        ("total", (0, (1, 0), -2)), ("a", (1, (0,), -2)),
        ("b", (0, (1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3), -3)),
        ("c", (0, (1,), 3)), ("d", None)]
