"""The transparency score (yusuan.score.transparency): every seed and published PDF pinned, the evidence of
each kind of part, timeliness, and the score in the check reports, the checklist, the corpus and the web page."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from conftest import REAL, SEEDS, seed
from typer.testing import CliRunner

import yusuan
from yusuan.cli import app
from yusuan.model import Passage
from yusuan.score.transparency import method, score

runner = CliRunner()

PART_IDS = ["tables", "function_detail", "economic_detail", "duties", "organisation", "overview", "operation_cost",
            "three_public", "three_public_reason", "procurement", "assets", "glossary", "performance_section",
            "project_targets", "overall_targets", "timeliness"]

# (file prefix, score, earned/possible, each part's points in PART_IDS order, "-" where not judged)
PINNED = [
    ("000", "54.7", "52/95", "0 0 0 4 4 6 4 4 4 4 4 3 3 12 0 -"),
    ("001", "96.8", "92/95", "32 4 4 4 4 6 4 4 4 4 4 3 3 12 0 -"),
    ("002", "92.6", "88/95", "32 4 4 4 4 6 4 4 0 4 4 3 3 12 0 -"),
    ("01", "96.8", "92/95", "32 4 4 4 4 6 4 4 4 4 4 3 3 12 0 -"),
    ("02", "84.2", "80/95", "32 4 4 4 4 6 4 4 4 4 4 3 3 0 0 -"),
    ("04", "84.2", "80/95", "32 4 4 4 4 6 4 4 4 4 4 3 3 0 0 -"),
    ("06", "84.2", "80/95", "32 4 4 4 4 6 4 4 4 4 4 3 3 0 0 -"),
    ("08", "84.2", "80/95", "32 4 4 4 4 6 4 4 4 4 4 3 3 0 0 -"),
    ("10", "84.2", "80/95", "32 4 4 4 4 6 4 4 4 4 4 3 3 0 0 -"),
    ("13", "100.0", "80/80", "32 4 4 4 4 6 4 4 4 4 4 3 3 - - -"),
    ("21", "80.0", "76/95", "32 4 4 4 4 6 4 4 0 4 4 3 3 0 0 -"),
    ("22", "80.0", "76/95", "32 4 4 4 4 6 4 4 0 4 4 3 3 0 0 -"),
    ("23", "80.0", "76/95", "32 4 4 4 4 6 4 4 0 4 4 3 3 0 0 -"),
    ("24", "80.0", "76/95", "32 4 4 4 4 6 4 4 0 4 4 3 3 0 0 -"),
    ("31", "83.2", "79/95", "31 4 4 4 4 6 4 4 4 4 4 3 3 0 0 -"),
    ("32", "83.2", "79/95", "31 4 4 4 4 6 4 4 4 4 4 3 3 0 0 -"),
    ("33", "100.0", "95/95", "32 4 4 4 4 6 4 4 4 4 4 3 3 12 3 -"),
    ("34", "84.2", "80/95", "32 4 4 4 4 6 4 4 4 4 4 3 3 0 0 -"),
    ("35", "84.2", "80/95", "32 4 4 4 4 6 4 4 4 4 4 3 3 0 0 -"),
    ("36", "84.2", "80/95", "32 4 4 4 4 6 4 4 4 4 4 3 3 0 0 -"),
    ("37", "84.2", "80/95", "32 4 4 4 4 6 4 4 4 4 4 3 3 0 0 -"),
    ("38", "84.2", "80/95", "32 4 4 4 4 6 4 4 4 4 4 3 3 0 0 -"),
    ("39", "95.8", "91/95", "32 4 4 4 4 6 4 4 0 4 4 3 3 12 3 -"),
    ("40", "92.6", "88/95", "32 4 4 4 4 6 4 4 0 4 4 3 3 12 0 -"),
    ("41", "83.5", "76/91", "32 4 - 4 4 6 4 4 4 4 4 3 3 0 0 -"),
]


_PAIRS: dict[str, object] = {}


@pytest.fixture()
def document(extracted, real_doc):
    """The extraction of a seed or published PDF by its prefix (shared with the other tests' caches)."""

    def get(prefix: str):
        if len(prefix) == 3:
            return extracted(prefix)
        pair = sorted(REAL.glob(f"{prefix}_*.pdf"))
        if len(pair) == 2:  # an explanation and its tables, published as two files
            if prefix not in _PAIRS:
                explanation, tables = sorted(pair, key=lambda p: "tables" in p.name)
                _PAIRS[prefix] = yusuan.extract_together([explanation, tables], "说明和表格分两个文件")
            return _PAIRS[prefix]
        return real_doc(prefix)

    return get


def _plain(v: Decimal | None) -> str:
    return "-" if v is None else format(v.normalize(), "f")


def test_method_adds_up_to_100_and_every_part_says_why():
    m = method()
    assert [p.id for p in m.parts] == PART_IDS
    assert sum(p.points for p in m.parts) == 100
    assert {p.group: sum(q.points for q in m.parts if q.group == p.group) for p in m.parts} == {
        "标准表格": 32, "科目细化": 8, "说明": 40, "绩效目标": 15, "及时性": 5}
    assert all(p.basis and p.name for p in m.parts)
    assert all("143号" in p.basis or "预算绩效管理的意见" in p.basis for p in m.parts)


@pytest.mark.parametrize("prefix,value,ratio,parts", PINNED, ids=[p[0] for p in PINNED])
def test_every_seed_and_published_pdf(document, prefix, value, ratio, parts):
    t = score(document(prefix))
    assert str(t.score) == value
    assert f"{_plain(t.earned)}/{_plain(t.possible)}" == ratio
    assert " ".join(_plain(p.earned) for p in t.parts) == parts
    assert t.score == (t.earned * 100 / t.possible).quantize(Decimal("0.1"))


@pytest.mark.parametrize("prefix", [p[0] for p in PINNED])
def test_a_reports_outcomes_score_as_the_rule_run_again(document, prefix, monkeypatch):
    import yusuan.rules
    from yusuan.rules import check

    doc = document(prefix)
    alone = score(doc).to_dict()
    report = check(doc)

    def not_again(*args, **kwargs):
        raise AssertionError("the rule was run again")

    monkeypatch.setattr(yusuan.rules, "check", not_again)
    assert score(doc, outcomes=report.outcomes).to_dict() == alone


def test_every_test_document_is_pinned_or_not_scored():
    pinned = {p[0] for p in PINNED}
    seeds = {f.name[:3] for f in SEEDS.glob("*.txt")}
    reals = {f.name.split("_")[0] for f in REAL.glob("*.pdf")}
    assert (seeds | reals) - pinned == {"003", "004"}  # a 绩效自评 and a stand-alone 绩效目标表


@pytest.mark.parametrize("prefix,kind", [("003", "绩效自评"), ("004", "绩效目标")])
def test_documents_that_are_no_budget_are_not_scored(document, prefix, kind):
    t = score(document(prefix))
    assert (t.score, t.kind, t.parts) == (None, None, [])
    assert t.note == f"这不是部门（单位）预算或决算公开文件（{kind}），不评透明度"
    assert t.headline() == f"透明度得分：未评分（{t.note}）"


def _evidence(doc) -> dict[str, list[str]]:
    return {p.id: p.evidence for p in score(doc).parts}


def test_evidence_of_seed_002(document):
    ev = _evidence(document("002"))
    assert ev["tables"][0] == "收支总表：已公开，有数字（第 31 行）"
    assert ev["tables"][6] == "政府性基金预算财政拨款支出表：已公开，空表并说明“注：无政府基金预算财政拨款预算，空表列示。”（第 1295 行）"
    assert ev["function_detail"] == ["一般公共预算财政拨款支出表列到项级科目（6 个项级编码）（第 984 行）"]
    assert ev["economic_detail"] == ["一般公共预算财政拨款基本支出表列到款级科目（18 个款级编码）（第 1116 行）"]
    assert ev["three_public_reason"] == ["写了增减变化，没有说明原因：“与2022年相比，减少3万元。”"]
    assert ev["project_targets"] == ["公开了 2 个项目的绩效目标表，其中 2 个列有绩效指标"]
    assert ev["overall_targets"] == ["没有公开部门整体绩效目标表"]
    assert ev["timeliness"] == ["不知道公开日期、批复日期，不评此项"]


def test_tables_the_reader_saw_but_could_not_place_count_as_published(tmp_path):
    # Seed 001 with its 收入总表 printed as one cell under its title (as a spreadsheet exported without its
    # inner rules can be): an R002 table under a standard title.
    import yusuan

    text = seed("001").read_text(encoding="utf-8")
    start, end = text.index("## 部门预算收入总表"), text.index("## 部门预算支出总表")
    one_cell = "部门预算收入总表部门：石家庄市鹿泉区信访局单位：万元 项目 合计 一般公共预算 206.92 206.92\n\n"
    path = tmp_path / "one_cell.txt"
    path.write_text(text[:start] + one_cell + text[end:], encoding="utf-8")
    d = yusuan.extract(path)
    assert [u.title for u in d.unplaced_tables] == ["部门预算收入总表"]
    ev = _evidence(d)["tables"]
    assert ev[1] == "收入总表：印有标题“部门预算收入总表”，但未能读出表格，按已公开计，不计是否有数字"
    assert ev[2] == "支出总表：已公开，有数字（第 90 行）"


def test_what_the_reader_could_not_read_is_not_judged(document):
    # 41 prints its economic codes in brackets ("[30309]奖励金"): only the total row is read
    assert _evidence(document("41"))["economic_detail"] == [
        "一般公共预算财政拨款基本支出表只读出合计行（或读取存疑），未能判定科目列到哪一级，不评此项（第 11 页）"]
    # 39 prints a 绩效目标表 per project inside the explanation: read, they are judged; had none been read,
    # the titles alone would not be
    assert _evidence(document("39"))["project_targets"] == ["公开了 8 个项目的绩效目标表，其中 8 个列有绩效指标"]
    unread = document("39").model_copy(update={"projects": []})
    assert _evidence(unread)["project_targets"] == [
        "说明中印有 8 张项目绩效目标表（如“市级机关保留公务用车委托管理费项目绩效目标表”），未能读出其中的指标，不评此项"]


def test_a_heading_run_into_its_first_sentence_is_a_part(document):
    ev = _evidence(document("34"))
    assert ev["assets"] == ["说明中有“国有资产占有使用情况”部分"]
    assert ev["performance_section"] == ["说明中有“绩效目标设置情况”部分"]
    assert ev["project_targets"] == ["支出总表列项目支出 32133.00，没有公开项目绩效目标表"]


def test_a_final_account_is_not_held_to_budget_targets(document):
    t = score(document("13"))
    assert t.kind == "final"
    assert {p.id: p.evidence for p in t.parts if p.earned is None} == {
        "project_targets": ["决算公开文件不评此项"], "overall_targets": ["决算公开文件不评此项"],
        "timeliness": ["不知道公开日期、批复日期，不评此项"]}
    assert t.parts[0].evidence[0] == "收入支出决算总表：已公开，有数字（第 6 页）"


def _with_text(d, *texts):
    d = d.model_copy(deep=True)
    d.explanation += [Passage(text=t) for t in texts]
    return d


def test_timeliness_from_the_dates_the_document_prints(extracted):
    d = extracted("001")
    late = score(_with_text(d, "2024年1月10日区财政局批复本部门预算。", "公开日期：2024年2月5日"))
    part = late.parts[-1]
    assert (part.earned, part.evidence) == (Decimal(0), ["2024-01-10 批复，2024-02-05 公开，相隔 26 天，超过 20 日"])
    assert (late.score, late.earned, late.possible) == (Decimal("92.0"), Decimal("92.00"), Decimal(100))
    on_time = score(_with_text(d, "批复日期：2024年1月20日", "发布时间：2024年2月5日"))
    assert on_time.parts[-1].evidence == ["2024-01-20 批复，2024-02-05 公开，相隔 16 天，在 20 日内"]
    assert (on_time.score, on_time.earned) == (Decimal("97.0"), Decimal("97.00"))
    # dates given by the caller (a bureau knows when it approved the budget) stand for unprinted ones
    given = score(d, published=date(2024, 2, 1), approved=date(2024, 1, 31))
    assert given.parts[-1].evidence == ["2024-01-31 批复，2024-02-01 公开，相隔 1 天，在 20 日内"]
    only = score(d, published=date(2024, 2, 1))
    assert only.parts[-1].earned is None and only.parts[-1].evidence == ["不知道批复日期，不评此项"]


# ------------------------------------------------------------------------------------------ reports


def test_check_reports_carry_the_score(tmp_path):
    result = runner.invoke(app, ["check", str(seed("001")), "--format", "json"])
    data = json.loads(result.stdout, parse_float=Decimal)
    t = data["transparency"]
    assert (t["score"], t["earned"], t["possible"], t["kind"], t["note"]) == (
        Decimal("96.8"), Decimal("92.00"), Decimal(95), "budget", None)
    assert [p["id"] for p in t["parts"]] == PART_IDS
    assert t["parts"][-2] == {"id": "overall_targets", "group": "绩效目标", "name": "部门整体绩效目标",
                              "points": Decimal(3), "earned": Decimal("0.00"),
                              "evidence": ["没有公开部门整体绩效目标表"],
                              "basis": "《中共中央 国务院关于全面实施预算绩效管理的意见》（2018年）：推动部门整体绩效目标公开"}
    text = runner.invoke(app, ["check", str(seed("001"))]).stdout
    assert "\n透明度得分 96.8（满分 100；可评部分 95 分，得 92 分）\n" in text
    verbose = runner.invoke(app, ["check", str(seed("001")), "-v"]).stdout
    assert "  绩效目标 › 部门整体绩效目标：0/3　没有公开部门整体绩效目标表\n" in verbose
    out = tmp_path / "r.html"
    runner.invoke(app, ["check", str(seed("001")), str(seed("003")), "--format", "html", "-o", str(out)])
    html = out.read_text(encoding="utf-8")
    assert "<th>透明度得分</th>" in html and "<td>96.8</td>" in html and "<td>未评分</td>" in html
    assert "<td>绩效目标</td><td>部门整体绩效目标</td><td>0/3</td><td>没有公开部门整体绩效目标表</td>" in html


# ------------------------------------------------------------------------------------------ corpus and web


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from yusuan.store import open_store
    from yusuan.store.ingest import ingest

    db = tmp_path_factory.mktemp("tdb") / "t.duckdb"
    store = open_store(db)
    ingest(store, sorted(SEEDS.glob("*.txt")) + [REAL / p.name for p in sorted(REAL.glob("0[1-4]_*.pdf"))])
    store.close()
    return db


def test_query_ranks_the_newest_documents(corpus):
    result = runner.invoke(app, ["query", "transparency", "--db", str(corpus), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "名次,部门,地区,年度,种类,透明度得分,得分,可评满分,失分的部分,文件编号",
        "1,上海市普陀区人民政府万里街道办事处,上海市普陀区,2023,部门预算,96.8,92,95,部门整体绩效目标（0/3）,6",
        "1,石家庄市鹿泉区信访局,石家庄市鹿泉区,2024,部门预算,96.8,92,95,部门整体绩效目标（0/3）,2",
        "3,阜平县信访局,阜平县,2023,单位预算,92.6,88,95,“三公”经费增减变化的原因（0/4）、部门整体绩效目标（0/3）,3",
        "4,上海市普陀区人民政府万里街道办事处,上海市普陀区,2024,部门预算,84.2,80,95,"
        "项目绩效目标（0/12）、部门整体绩效目标（0/3）,7",
        "4,上海市普陀区人民政府办公室,上海市普陀区,2025,部门预算,84.2,80,95,项目绩效目标（0/12）、部门整体绩效目标（0/3）,8",
        "6,石家庄市长安区信访局,石家庄市长安区,2021,部门预算,54.7,52,95,必须公开的表格（0/32）、"
        "一般公共预算支出按功能分类公开到项级科目（0/4）、一般公共预算基本支出按经济分类公开到款级科目（0/4）、"
        "部门整体绩效目标（0/3）,1"]
    by_year = runner.invoke(app, ["query", "transparency", "--db", str(corpus), "--year", "2023", "-f", "csv"])
    assert [line.split(",")[1] for line in by_year.stdout.splitlines()[1:]] == [
        "上海市普陀区人民政府万里街道办事处", "阜平县信访局"]
    region = runner.invoke(app, ["query", "transparency", "--db", str(corpus), "--region", "普陀区", "--year", "2024",
                                 "-f", "json"])
    rows = json.loads(region.stdout, parse_float=Decimal)["rows"]
    assert [(r["rank"], r["score"], r["document_id"]) for r in rows] == [(1, Decimal("84.2"), 7)]


def test_stored_with_each_document_and_filled_in_for_older_stores(corpus, tmp_path):
    import shutil

    from yusuan.store import open_store

    store = open_store(corpus)
    try:
        t = store.transparency(2)
        assert (t.score, t.possible) == (Decimal("96.8"), Decimal("95.00"))
        assert store.transparency(4).score is None  # 003, a 绩效自评
        assert store.report(2).transparency["score"] == Decimal("96.8")
    finally:
        store.close()
    # a store made before migration 0003: its documents are scored from their stored extractions
    old = tmp_path / "old.duckdb"
    shutil.copy(corpus, old)
    import duckdb

    con = duckdb.connect(str(old))
    con.execute("DROP TABLE transparency_scores")
    con.execute("DELETE FROM schema_migrations WHERE version = 3")
    con.close()
    store = open_store(old)
    try:
        assert store.transparency(2).score == Decimal("96.8")
        assert store.backend.fetchall("SELECT count(*) FROM transparency_scores")[0][0] == 8
    finally:
        store.close()


def test_document_page_shows_the_score(corpus, tmp_path):
    from fastapi.testclient import TestClient

    from yusuan.store import open_store
    from yusuan.web import create_app

    store = open_store(corpus)
    try:
        client = TestClient(create_app(store, tmp_path / "data"))
        html = client.get("/documents/3").text
        assert ('<h2 id="transparency">透明度得分 <small><b>92.6</b>（满分 100；可评部分 95 分，得 88 分）</small></h2>'
                in html)
        assert ("<td>说明</td><td>“三公”经费增减变化的原因</td><td class=\"num\">0/4</td>"
                "<td>写了增减变化，没有说明原因：“与2022年相比，减少3万元。”</td>") in html
        assert "未评分（这不是部门（单位）预算或决算公开文件（绩效自评），不评透明度）" in client.get("/documents/4").text
        api = client.get("/api/query/transparency", params={"year": 2024}).json()
        assert [(r["department"], r["score"]) for r in api["rows"]] == [
            ("石家庄市鹿泉区信访局", 96.8), ("上海市普陀区人民政府万里街道办事处", 84.2)]
    finally:
        store.close()


def test_checklist_downloads_per_document_and_per_batch(corpus, tmp_path):
    import io

    import openpyxl
    from fastapi.testclient import TestClient

    from yusuan.store import open_store
    from yusuan.web import create_app

    store = open_store(corpus)
    try:
        client = TestClient(create_app(store, tmp_path / "data"))
        assert '<a class="button" id="download-checklist" href="/documents/3/download/checklist" download>' \
            in client.get("/documents/3").text
        one = client.get("/documents/3/download/checklist")
        assert one.status_code == 200
        assert one.headers["content-disposition"] == 'attachment; filename="document-3-checklist.xlsx"'
        wb = openpyxl.load_workbook(io.BytesIO(one.content))
        assert wb.sheetnames == ["阜平县信访局"]
        last = list(wb.active.iter_rows(values_only=True))[-1]
        assert last[:3] == ("透明度得分", "按 docs/transparency.md 的方法，依据公开了什么、是否完整", 92.6)
        batch = client.get("/download/checklist", params=[("ids", 2), ("ids", 3), ("ids", 2)])
        summary = [r for r in openpyxl.load_workbook(io.BytesIO(batch.content))["汇总"].iter_rows(values_only=True)]
        assert [(r[1], r[6]) for r in summary[1:]] == [
            ("石家庄市鹿泉区信访局 2024 年部门预算信息公开情况说明", 96.8), ("阜平县信访局2023年单位预算信息公开", 92.6)]
        assert client.get("/download/checklist").status_code == 422
        assert client.get("/download/checklist", params={"ids": 999}).status_code == 404
        assert 'formaction="/download/checklist"' in client.get("/").text
    finally:
        store.close()


def test_upload_page_links_the_batch_checklist(tmp_path):
    from fastapi.testclient import TestClient

    from yusuan.store import open_store
    from yusuan.web import create_app

    store = open_store(tmp_path / "u.duckdb")
    try:
        client = TestClient(create_app(store, tmp_path / "data"))
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text).group(1)
        r = client.post("/upload", data={"csrf_token": token},
                        files=[("files", ("a.txt", seed("001").read_bytes())),
                               ("files", ("b.txt", seed("002").read_bytes()))])
        assert ('<a class="button" id="batch-checklist" href="/download/checklist?ids=1&amp;ids=2" download>'
                '下载这些文件的检查表</a>') in r.text
        assert client.get("/download/checklist?ids=1&ids=2").status_code == 200
    finally:
        store.close()


def test_a_central_level_units_four_tables_are_its_whole_set():
    # A university publishes the central four-table set: its tables are judged against those four.
    from conftest import ROOT

    d = yusuan.extract(ROOT / "tests" / "fixtures" / "finals" / "university_final_2024_yuan.txt")
    part = next(p for p in score(d).parts if p.id == "tables")
    assert (part.earned, part.evidence) == (Decimal("32"), [
        "收入支出决算总表：已公开，有数字（第 9 行）", "收入决算表：已公开，有数字（第 23 行）",
        "支出决算表：已公开，有数字（第 41 行）", "财政拨款支出决算表：已公开，有数字（第 59 行）"])
