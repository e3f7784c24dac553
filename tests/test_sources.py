"""Ingest from fsspec URLs (file://, memory://, a list file of URLs), locally and on Dask; the documents
keep their URLs as their sources."""

from __future__ import annotations

import builtins
import logging
import shutil
from pathlib import Path

import fsspec
import pytest
from conftest import SEEDS
from typer.testing import CliRunner

from yusuan.cli import app
from yusuan.store import open_store
from yusuan.store import sources
from yusuan.store.ingest import ingest

runner = CliRunner()
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


def _figures(store) -> list[tuple]:
    return sorted(store.backend.fetchall(
        "SELECT d.content_hash, f.key, f.value_wan FROM figures f JOIN documents d ON d.id = f.document_id"))


def test_a_folder_url_and_a_list_of_urls_are_ingested_with_their_urls(tmp_path):
    folder = tmp_path / "公开文件"
    shutil.copytree(SEEDS, folder)
    (folder / "说明.docx~").write_text("not a document", encoding="utf-8")  # not a supported name: left out
    url = f"file://{folder}"
    local = open_store(tmp_path / "local.duckdb")
    try:
        assert ingest(local, [folder], workers=1).added == len(SEED_NAMES)
        expected = _figures(local)
    finally:
        local.close()

    db = tmp_path / "url.duckdb"
    result = runner.invoke(app, ["ingest", url + "/", "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    store = open_store(db)
    try:
        assert sorted(r[0] for r in store.backend.fetchall("SELECT source FROM documents")) == [
            f"{url}/{name}" for name in SEED_NAMES]
        assert _figures(store) == expected  # the same documents, read the same way
        stored = store.disclosure(1)
        assert stored.source == f"{url}/{SEED_NAMES[0]}"
    finally:
        store.close()

    # a list file: the URL of one file (already stored), the URL of another copy, and a URL of nothing
    other = tmp_path / "另一份" / "预算.txt"
    other.parent.mkdir()
    other.write_text((folder / SEED_NAMES[1]).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    missing = f"file://{tmp_path}/没有这个文件.txt"
    listed = tmp_path / "清单.txt"
    other_url = f"file://{other}"
    listed.write_text(f"# 网络地址\n{url}/{SEED_NAMES[0]}\n{other_url}\n{missing}\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "--list", str(listed), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 2, result.output
    assert f"文件 {missing}：文件不存在" in result.stderr
    store = open_store(db)
    try:
        assert store.backend.fetchall("SELECT source, version FROM documents WHERE id = (SELECT max(id) FROM documents)"
                                      ) == [(other_url, 2)]
    finally:
        store.close()


def test_memory_urls_are_walked_and_read():
    fs = fsspec.filesystem("memory")
    fs.mkdir("/预算库/2024")
    for name in SEED_NAMES[:2]:
        fs.pipe_file(f"/预算库/2024/{name}", (SEEDS / name).read_bytes())
    fs.pipe_file("/预算库/2024/.隐藏.txt", b"hidden")
    fs.pipe_file("/预算库/2024/图片.png", b"png")
    try:
        found = list(sources.walk(["memory://预算库"]))
        assert found == [f"memory:///预算库/2024/{name}" for name in SEED_NAMES[:2]]
        assert sources.read_bytes(found[0]) == (SEEDS / SEED_NAMES[0]).read_bytes()
        assert list(sources.walk(["memory://预算库/没有"])) == ["memory://预算库/没有"]
        with pytest.raises(FileNotFoundError):
            sources.read_bytes("memory://预算库/没有")
        with sources.Local(found) as local:
            assert [p.name for p in local] == SEED_NAMES[:2] and local[0].read_bytes() == sources.read_bytes(found[0])
        assert not local[0].exists()
    finally:
        fs.rm("/预算库", recursive=True)


def test_dask_reads_memory_urls(tmp_path):
    """Workers in this process (threads) see its memory:// files; documents keep their URLs."""
    from distributed import Client, LocalCluster

    from yusuan.store.cluster import ingest_dask

    fs = fsspec.filesystem("memory")
    for name in SEED_NAMES:
        fs.pipe_file(f"/dask-corpus/{name}", (SEEDS / name).read_bytes())
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None,
                           silence_logs=logging.CRITICAL)
    client = Client(cluster)
    store = open_store(tmp_path / "dask.duckdb")
    try:
        stats = ingest_dask(store, ["memory://dask-corpus", "memory://dask-corpus/没有.txt"], client=client)
        assert (stats.added, stats.failed, stats.stop_reason) == (len(SEED_NAMES), 1, None)
        assert stats.errors == [("memory://dask-corpus/没有.txt", "文件 memory://dask-corpus/没有.txt：文件不存在")]
        assert sorted(r[0] for r in store.backend.fetchall("SELECT source FROM documents")) == [
            f"memory:///dask-corpus/{name}" for name in SEED_NAMES]
    finally:
        store.close()
        client.close()
        cluster.close()
        fs.rm("/dask-corpus", recursive=True)


def test_without_fsspec_a_url_says_how_to_install_it(tmp_path, monkeypatch):
    real = builtins.__import__

    def no_fsspec(name, *args, **kwargs):
        if name == "fsspec" or name.startswith("fsspec."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_fsspec)
    result = runner.invoke(app, ["ingest", "s3://预算/2024/", "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 2
    assert result.stderr.strip() == ("错误：要读取 s3://预算/2024/ 这样的地址需要 fsspec：请安装 yusuan 的 cloud 可选依赖"
                                     "（pip install 'yusuan[cloud]'）")
    assert not (tmp_path / "x.duckdb").exists()


def test_a_protocol_without_its_package_names_the_package(tmp_path, monkeypatch):
    import fsspec.core

    def missing(url, **kwargs):
        raise ImportError("Install s3fs to access S3")

    monkeypatch.setattr(fsspec.core, "url_to_fs", missing)
    with pytest.raises(sources.SourceError, match=r"^要读取 s3:// 地址还需要安装 s3fs（pip install s3fs）$"):
        list(sources.walk(["s3://预算/2024/"]))
    with pytest.raises(sources.SourceError, match="fsspec 不认识协议 nosuch://"):
        list(sources.walk(["nosuch://x"]))
    assert list(sources.walk([Path("本地.txt")])) == [Path("本地.txt")]
