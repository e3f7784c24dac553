"""How much faster ``yusuan check FOLDER --jobs 2`` is than ``--jobs 1`` on a folder of 200 documents.

Run as ``python3 bench/jobs.py`` (``--documents N``, ``--rounds N``, ``--check`` exits 1 when the target
is missed). The folder holds the five seeds' generated variants (``tests/variants.py``, as
``bench/ingest.py`` builds them). Each run is a fresh process, as a user starts it, writing the JSON
report; serial and parallel runs alternate and the median of each is reported. Target: the parallel
run at least 1.8 times as fast.

The package's bytecode is compiled first, as a user's copy has it (pip compiles every module of a
package it installs; an editable copy writes the cache on its first run). Under PYTHONDONTWRITEBYTECODE
each run would otherwise compile the whole package from source, a cost no user's copy pays again, and
one only the main process pays here, since the workers are forked from it.

Besides the time on the clock, each run reports the processor time of the main process and of its
workers: on a machine other work keeps busy the clock says little, while the main process's share
says how much of the run cannot be spread over the workers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.8


def _one(folder: str, jobs: int) -> None:
    """The run itself (in its own process): the CLI in this process, then its times as JSON on stderr."""
    import contextlib
    import io
    import resource

    start = time.perf_counter()
    from yusuan.cli import app

    sys.argv = ["yusuan", "check", folder, "--jobs", str(jobs), "--format", "json"]
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            app()
    except SystemExit:
        pass
    wall = time.perf_counter() - start
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall": wall, "main": me.ru_utime + me.ru_stime, "workers": kids.ru_utime + kids.ru_stime,
                      "bytes": len(out.getvalue())}), file=sys.stderr)


def _run(folder: Path, jobs: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--one", str(folder), str(jobs)], capture_output=True,
                          text=True, cwd=ROOT, check=False)
    return json.loads(done.stderr.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200, help="documents in the folder")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each (the median is reported)")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    parser.add_argument("--one", nargs=2, metavar=("FOLDER", "JOBS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _one(args.one[0], int(args.one[1]))
        return 0

    sys.path.insert(0, str(ROOT / "tests"))  # the variant generator the tests use
    from variants import write_corpus

    import compileall

    import yusuan

    package = Path(yusuan.__file__).parent
    if not compileall.compile_dir(str(package), quiet=1):
        print(f"无法编译 {package} 的字节码", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="yusuan-jobs-") as tmp:
        folder = Path(tmp) / "corpus"
        write_corpus(folder, args.documents)
        runs: dict[int, list[dict]] = {1: [], 2: []}
        for _ in range(args.rounds):
            for jobs in (1, 2):
                runs[jobs].append(_run(folder, jobs))
    med = statistics.median
    print(f"{args.documents} 份文件，--jobs 1 与 --jobs 2 交替各 {args.rounds} 次（中位数）")
    for jobs, rs in runs.items():
        print(f"  --jobs {jobs}：{med(r['wall'] for r in rs):.2f} 秒；处理器时间 主进程 {med(r['main'] for r in rs):.2f} 秒，"
              f"工作进程 {med(r['workers'] for r in rs):.2f} 秒")
    ratio = med(r["wall"] for r in runs[1]) / med(r["wall"] for r in runs[2])
    # With two free cores: what the main process does alone, plus the workers' share each.
    serial = med(r["main"] + r["workers"] for r in runs[1])
    spread = med(r["main"] + r["workers"] / 2 for r in runs[2])
    ok = ratio >= TARGET
    print(f"  加速：{ratio:.2f} 倍（目标 ≥ {TARGET}）{'达标' if ok else '未达标'}；"
          f"按处理器时间估计（两个空闲核）：{serial / spread:.2f} 倍")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
