"""The README is kept current: every picture it shows is in the repository, and the 快速上手 walkthroughs run.

Each walkthrough (a ``###`` part of 快速上手) runs in a temporary folder holding a copy of ``examples/``, one
command line at a time through bash, with ``yusuan`` on PATH running these sources. A line's exit code must
be the one its comment states (``退出码 1``), else 0; what a ``-o`` names must exist afterwards; the lines of
a ``text`` block must be lines the walkthrough's commands printed. ``yusuan serve`` is started on a free port,
asked for its front page and stopped.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

README = ROOT / "README.md"
PNG = b"\x89PNG\r\n\x1a\n"
WALKTHROUGHS = ["财务人员", "财政局审核人员", "研究人员"]


def section(text: str, title: str) -> str:
    """The body of the ``## title`` section, up to the next ``## `` heading."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"README has no “## {title}” section"
    return match.group(1)


def parts(body: str) -> dict[str, str]:
    """The ``###`` parts of a section by the words before the colon of their heading."""
    found = re.findall(r"^### ([^：\n]+)[：:]?[^\n]*\n(.*?)(?=^### |\Z)", body, re.M | re.S)
    return {name.strip(): text for name, text in found}


def fenced(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, re.M | re.S)


def command_lines(text: str) -> list[str]:
    return [ln.strip() for block in fenced(text, "bash") for ln in block.splitlines()
            if ln.strip() and not ln.strip().startswith("#")]


def expected_exit(line: str) -> int:
    comment = line.partition(" #")[2]
    match = re.search(r"退出码\s*(\d+)", comment)
    return int(match.group(1)) if match else 0


def outputs(line: str) -> list[str]:
    words = shlex.split(line, comments=True)
    return [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-o", "--output")]


def test_every_picture_the_readme_shows_is_in_the_repository():
    text = README.read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", text) + re.findall(r"<img[^>]*\bsrc=\"([^\"]+)\"", text)
    assert {"docs/img/report.png", "docs/img/corpus.png"} <= set(links)
    missing = [link for link in links if not (ROOT / link).is_file()]
    assert missing == []
    not_png = [link for link in links if (ROOT / link).read_bytes()[:8] != PNG]
    assert not_png == []


def test_quickstart_has_a_walkthrough_for_each_user():
    walkthroughs = parts(section(README.read_text(encoding="utf-8"), "快速上手"))
    assert list(walkthroughs) == WALKTHROUGHS
    for name, text in walkthroughs.items():
        assert any(ln.startswith("yusuan ") for ln in command_lines(text)), name


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(line: str, cwd: Path, env: dict) -> str:
    """Start the server the line starts, on a free port; its front page; then stop it."""
    port = _free_port()
    assert "--port 8000" in line
    command = line.replace("--port 8000", f"--port {port}")
    proc = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    return response.read().decode("utf-8")
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode("utf-8", "replace") if proc.poll() is not None else ""
                    raise AssertionError(f"{command} did not start serving (exit {proc.poll()}): {out}") from None
                time.sleep(0.2)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("user", WALKTHROUGHS, ids=["finance", "reviewer", "researcher"])
def test_quickstart_walkthrough_runs(user, tmp_path):
    text = parts(section(README.read_text(encoding="utf-8"), "快速上手"))[user]
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    bin_dir = tmp_path / ".bin"
    bin_dir.mkdir()
    shim = bin_dir / "yusuan"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m yusuan "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "YUSUAN_DB"}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", PYTHONPATH=str(ROOT / "src"), COLUMNS="80")
    printed: list[str] = []
    for line in command_lines(text):
        if line.startswith("yusuan serve"):
            page = _serve(line, tmp_path, env)
            assert "预算公开文件库" in page and "阜平县信访局" in page
            continue
        result = subprocess.run(["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == expected_exit(line), f"{line}\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr, f"{line}\n{result.stderr}"
        for name in outputs(line):
            assert (tmp_path / name).exists(), f"{line} wrote no {name}"
        printed += [ln.rstrip() for ln in result.stdout.splitlines()]
    excerpt = [ln.rstrip() for block in fenced(text, "text") for ln in block.splitlines() if ln.strip() not in ("", "…")]
    assert [ln for ln in excerpt if ln not in printed] == []
