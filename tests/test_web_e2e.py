"""The web UI in headless Chromium: upload seed 002, see S001 highlighted, open the charts, download the JSON.

Uses Debian's chromium (never a downloaded browser build). Screenshots go to a temporary folder, or to
the folder named by YUSUAN_SCREENSHOTS (``YUSUAN_SCREENSHOTS=docs/img`` refreshes the README's pictures).
"""

from __future__ import annotations

import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, seed
from webserver import LiveServer

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()),
                shutil.which("chromium"))


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture()
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("YUSUAN_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_upload_highlight_charts_download(browser, tmp_path, shots):
    from yusuan.store import open_store
    from yusuan.store.records import prepare
    from yusuan.web import create_app

    store = open_store(tmp_path / "e2e.duckdb")
    for prefix in ("000", "001"):
        store.add(prepare(seed(prefix)))
    # an earlier year of the same department, so the chart of its years has two points
    text = seed("002").read_text(encoding="utf-8")
    earlier = tmp_path / "阜平县信访局2022.txt"
    earlier.write_text(text.replace("2023", "2022").replace("152.80", "140.00"), encoding="utf-8")
    store.add(prepare(earlier, source=earlier.name))
    upload = tmp_path / "阜平县信访局2023年单位预算.txt"
    upload.write_bytes(seed("002").read_bytes())
    errors: list[str] = []
    try:
        with LiveServer(create_app(store, tmp_path / "data")) as server:
            page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(server.url + "/")
            assert "预算公开文件库" in page.title()
            # drop the file on the upload area: the page posts it and lists the result
            page.set_input_files("#files", str(upload))
            link = page.locator("#upload-status a", has_text="查看文件")
            link.wait_for(timeout=60_000)
            assert "已入库" in page.locator("#upload-status").inner_text()
            page.screenshot(path=str(shots / "upload.png"))
            link.click()
            page.wait_for_load_state()
            assert "阜平县信访局" in page.locator("h1").inner_text()
            cell = page.locator("#t-expenditure_summary td.hit").first
            assert cell.is_visible()
            assert "S001" in cell.inner_text()
            note = page.locator("#t-expenditure_summary aside.notes .finding").first
            assert "行错位" in note.inner_text() and note.is_visible()
            # the finding is beside the table: to its right, level with the table
            cell_box, note_box = cell.bounding_box(), note.bounding_box()
            assert note_box["x"] > page.locator("#t-expenditure_summary table.printed").bounding_box()["x"]
            cell.scroll_into_view_if_needed()
            page.locator("#t-expenditure_summary").screenshot(path=str(shots / "finding.png"))
            assert cell_box["width"] > 0
            page.goto(server.url + "/")
            page.screenshot(path=str(shots / "corpus.png"), full_page=True)
            # the JSON download
            page.goto(server.url + page.locator("#documents a", has_text="阜平县信访局").first.get_attribute("href"))
            with page.expect_download() as info:
                page.click("#download-json")
            saved = tmp_path / "download.json"
            info.value.save_as(saved)
            data = json.loads(saved.read_text(encoding="utf-8"), parse_float=Decimal)
            assert data["department"]["name"] == "阜平县信访局" and data["year"] == 2023
            # the charts
            page.click("text=图表")
            page.wait_for_selector("#chart-functional[data-ready='1'] svg", timeout=30_000)
            page.wait_for_selector("#chart-years[data-ready='1'] svg", timeout=30_000)
            assert page.locator("#chart-basic-project svg").count() == 1
            page.screenshot(path=str(shots / "charts.png"), full_page=True)
            ids = [d["id"] for d in store.documents()][:3]
            page.goto(server.url + "/compare?" + "&".join(f"ids={i}" for i in ids))
            page.wait_for_selector("#chart-compare[data-ready='1'] svg", timeout=30_000)
            page.screenshot(path=str(shots / "compare.png"), full_page=True)
            # the list's compare form with one document ticked: a page saying what is wrong, not JSON
            logged = len(errors)
            page.goto(server.url + "/")
            page.locator("#documents input[name=ids]").first.check()
            page.click("text=比较选中的文件")
            page.wait_for_load_state()
            assert page.locator("h1").inner_text() == "出错了（422）"
            assert page.locator("p.error").inner_text() == "请至少选择两个文件进行比较（现在选了 1 个）"
            assert page.locator("#back").get_attribute("href") == "/compare"
            # Chromium logs the page's own 4xx status as a console error; nothing else may be logged
            assert [e for e in errors[logged:] if "status of 422" not in e] == []
            del errors[logged:]
            page.close()
    finally:
        store.close()
    assert not [e for e in errors if "favicon" not in e], errors


def test_html_check_report_in_chromium(browser, tmp_path, shots, monkeypatch):
    """The report ``yusuan check examples/fuping-xinfang-2023.txt --format html`` writes, as the README shows it."""
    from typer.testing import CliRunner

    from yusuan.cli import app

    monkeypatch.chdir(ROOT)  # the report names the file as given: examples/…, not a temporary path
    report = tmp_path / "核对报告.html"
    result = CliRunner().invoke(app, ["check", "examples/fuping-xinfang-2023.txt", "--format", "html",
                                      "-o", str(report)])
    assert result.exit_code == 1, result.output  # seed 002 has errors
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(report.as_uri())
    assert page.locator("h1").first.inner_text().startswith("阜平县信访局2023年单位预算信息公开")
    assert "examples/fuping-xinfang-2023.txt" in page.locator("body").inner_text()
    findings = page.locator(".finding")
    assert findings.count() == 5  # 4 errors and the N011 warning on the same mistake as N001
    assert findings.first.is_visible()
    assert "S001" in findings.first.inner_text()
    page.screenshot(path=str(shots / "report.png"))
    page.close()
    assert errors == []
