"""Round trip: the examples built into XLSX, DOCX and PDF read back to exactly their tables and check clean."""

from __future__ import annotations

from pathlib import Path

import pytest

import yusuan
from yusuan.compose import load_package
from yusuan.render import write
from yusuan.rules import check

from test_build import rows
from conftest import seed

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = {"luquan": ROOT / "examples" / "luquan-2024.yaml", "fuping": ROOT / "examples" / "fuping-2023.yaml"}


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def built(request, tmp_path_factory):
    pkg = load_package(EXAMPLES[request.param])
    paths = write(pkg, tmp_path_factory.mktemp(request.param), formats=("xlsx", "docx", "pdf"))
    return pkg, {fmt: yusuan.extract(path) for fmt, path in paths.items()}


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
def test_tables_read_back_exactly(built, fmt):
    pkg, read = built
    back = read[fmt]
    # A coded 专项资金 form prints like a project form (see test_projects_read_back): it is listed back
    # among the project forms.
    coded = {"special_fund_performance_targets": "project_performance_targets"} \
        if all(p.code for p in pkg.disclosure.projects if p.kind == "special_fund") else {}
    assert [t.id for t in back.tables] == list(dict.fromkeys(coded.get(t.id, t.id) for t in pkg.disclosure.tables))
    for t in pkg.disclosure.tables:
        b = back.table(coded.get(t.id, t.id))
        assert b.money_unit == t.money_unit, t.id
        assert (b.empty_note is None) == (t.empty_note is None), t.id
        for side in ("income", "expenditure", None):
            assert rows(b, side) == rows(t, side), (fmt, t.id, side)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_projects_read_back(built, fmt):
    pkg, read = built
    back = read[fmt]
    # A coded 专项资金 form prints like a project form: its kind comes back as "project".
    assert [(p.code, p.name, p.amount) for p in back.projects] == \
           [(p.code, p.name, p.amount) for p in pkg.disclosure.projects]
    for p, q in zip(pkg.disclosure.projects, back.projects):
        assert [(i.level1, i.level2, i.level3, i.value) for i in q.indicators] == \
               [(i.level1, i.level2, i.level3, i.value) for i in p.indicators], p.name
        assert [s.percent for s in q.spending_plan] == [s.percent for s in p.spending_plan], p.name


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
def test_built_files_check_without_errors(built, fmt):
    _, read = built
    report = check(read[fmt])
    assert [(f.rule, f.message) for f in report.findings if f.severity == "错误"] == []


def test_seed_004_targets_rebuild_identically(tmp_path):
    from yusuan.render.from_disclosure import package_of

    original = yusuan.extract(seed("004"))
    back = yusuan.extract(write(package_of(original), tmp_path, formats=("docx",))["docx"])

    def project(p):
        return (p.kind, p.name, p.amount, [(i.level1, i.level2, i.level3, i.value, i.basis) for i in p.indicators])

    def overall(o):
        return (o.title, [(i.level1, i.level2, i.level3, i.value) for i in o.indicators])

    assert [project(p) for p in back.projects] == [project(p) for p in original.projects]
    assert len(original.projects) == 2
    assert [overall(o) for o in back.overall_targets] == [overall(o) for o in original.overall_targets]
