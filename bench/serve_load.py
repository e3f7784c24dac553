"""Load on ``yusuan serve``: concurrent uploads, some hostile, while the home page is timed.

Run as ``python3 bench/serve_load.py`` (``--uploads`` files in all, default 50, of which ``--hostile``
are the generated hostile files of bench/hostile.py, default 10; ``--workers`` reader processes,
default 2; ``--limit`` seconds for the whole run, default 600). Starts ``yusuan serve`` on 127.0.0.1
with a fresh store in a temporary folder, sends every upload at once (one file per request, one
thread each), and meanwhile asks for the home page every 0.25 s and samples the resident memory of the
server and of its reader processes. Stops the server when every upload has its answer, or at the
limit, and prints the answers by status, the home page's latency and the peak memory.

A measurement, not a test: tests/test_workers.py asserts the behaviour.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the variant generator the tests use
sys.path.insert(0, str(ROOT / "bench"))  # the hostile files

HOSTILE = ["forms.txt", "merge.xlsx", "rows.xlsx", "cells.xlsx", "span.docx", "overflow.docx", "bomb.docx",
           "utf16.txt", "pages.pdf", "truncated.pdf"]


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:")) / 1024
    except (OSError, StopIteration):
        return 0.0


def _descendants(pid: int) -> list[int]:
    children = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                children += [int(c) for c in fh.read().split()]
    except OSError:
        return []
    out = list(children)
    for c in children:
        out += _descendants(c)
    return out


def _files(folder: Path, uploads: int, hostile: int) -> list[Path]:
    from hostile import CASES
    from variants import write_corpus

    files = []
    for name in HOSTILE[:hostile]:
        path = folder / "hostile" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name == "truncated.pdf":
            path.write_bytes(CASES["pages.pdf"][1]()[:200_000])
        else:
            path.write_bytes(CASES[name][1]())
        files.append(path)
    write_corpus(folder / "good", uploads - len(files))
    files += sorted((folder / "good").rglob("*.txt"))[: uploads - len(files)]
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--hostile", type=int, default=10, choices=range(0, len(HOSTILE) + 1))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=float, default=600.0)
    args = parser.parse_args()

    import httpx

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("generating files…", file=sys.stderr)
        files = _files(folder, args.uploads, args.hostile)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        server = subprocess.Popen([sys.executable, "-m", "yusuan", "serve", "--db", str(folder / "load.duckdb"),
                                   "--data", str(folder / "data"), "--port", str(port), "--workers",
                                   str(args.workers)], env=env, stderr=subprocess.PIPE, text=True)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + args.limit
        try:
            while True:
                if server.poll() is not None or time.monotonic() > deadline:
                    print(server.communicate()[1], file=sys.stderr)
                    return 2
                try:
                    httpx.get(f"{url}/api/status", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            answers: dict[str, tuple[int, str, str]] = {}
            latencies: list[float] = []
            peaks = {"server": 0.0, "readers": 0.0}
            done = threading.Event()

            def upload(path: Path) -> None:
                try:
                    with path.open("rb") as fh:
                        r = httpx.post(f"{url}/api/documents", files={"files": (path.name, fh)},
                                       timeout=max(1.0, deadline - time.monotonic()))
                    body = r.json()
                    result = body.get("results", [{}])[0] if "results" in body else {"status": "-", "error": body.get("error", "")}
                    answers[path.name] = (r.status_code, result.get("status", ""), result.get("error", ""))
                except httpx.HTTPError as exc:
                    answers[path.name] = (0, "no answer", type(exc).__name__)

            def watch() -> None:
                while not done.is_set():
                    started = time.perf_counter()
                    try:
                        httpx.get(f"{url}/", timeout=30).raise_for_status()
                        latencies.append(time.perf_counter() - started)
                    except httpx.HTTPError:
                        latencies.append(float("inf"))
                    peaks["server"] = max(peaks["server"], _rss_mb(server.pid))
                    peaks["readers"] = max(peaks["readers"], sum(_rss_mb(p) for p in _descendants(server.pid)))
                    done.wait(0.25)

            idle = []
            for _ in range(10):  # the home page with no upload running, to compare with
                t0 = time.perf_counter()
                httpx.get(f"{url}/", timeout=30).raise_for_status()
                idle.append(time.perf_counter() - t0)
            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
            started = time.perf_counter()
            threads = [threading.Thread(target=upload, args=(f,), daemon=True) for f in files]
            for t in threads:
                t.start()
            for t in threads:
                t.join(max(0.0, deadline - time.monotonic()))
            seconds = time.perf_counter() - started
            done.set()
            watcher.join(5)
        finally:
            server.terminate()
            try:
                server.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.communicate()

    by_status = Counter(status for _code, status, _err in answers.values())
    finite = sorted(x for x in latencies if x != float("inf"))
    print(f"{len(files)} uploads ({args.hostile} hostile), {args.workers} readers: all answered in {seconds:.1f} s"
          if len(answers) == len(files) else f"{len(answers)} of {len(files)} answered in {seconds:.1f} s")
    print("answers: " + ", ".join(f"{s} {n}" for s, n in sorted(by_status.items())))
    for name in HOSTILE[:args.hostile]:
        code, status, err = answers.get(name, (0, "no answer", ""))
        print(f"  {name:<14} {code} {status:<10} {err[:110]}")
    if finite:
        p95 = finite[min(len(finite) - 1, int(len(finite) * 0.95))]
        print(f"home page during the uploads: {len(latencies)} requests, median {statistics.median(finite) * 1000:.0f} ms, "
              f"95% {p95 * 1000:.0f} ms, max {finite[-1] * 1000:.0f} ms, failed {len(latencies) - len(finite)} "
              f"(idle before: median {statistics.median(idle) * 1000:.0f} ms)")
    print(f"peak resident memory: server {peaks['server']:.0f} MB, readers together {peaks['readers']:.0f} MB")
    return 0 if len(answers) == len(files) else 1


if __name__ == "__main__":
    sys.exit(main())
