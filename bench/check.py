"""Throughput of extract + check on the text seeds, and what checking adds to extraction.

Run as ``python3 bench/check.py`` (``--check`` exits 1 when the target is missed). Target:
checking adds at most 15% to the time extraction takes on the same documents (extract + check at most
1.15 times extract).

Extraction and checking are timed separately in each round (checking runs on the documents just
extracted), rounds alternate, and the median round is reported.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"  # the published documents the tests read
OVERHEAD_TARGET = 0.15


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="minimum time spent measuring")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args()

    import yusuan
    from yusuan.rules import check

    files = sorted((DATA / "seeds").glob("*.txt"))
    if not files:
        print(f"没有找到样例文件：{DATA / 'seeds'}", file=sys.stderr)
        return 2
    for f in files:  # warm-up: imports, compiled patterns, catalogs
        check(yusuan.extract(f))

    extract_rounds: list[float] = []
    check_rounds: list[float] = []
    findings = 0
    while sum(extract_rounds) + sum(check_rounds) < args.seconds or len(extract_rounds) < 5:
        start = time.perf_counter()
        docs = [yusuan.extract(f) for f in files]
        middle = time.perf_counter()
        reports = [check(d) for d in docs]
        end = time.perf_counter()
        extract_rounds.append(middle - start)
        check_rounds.append(end - middle)
        findings = sum(len(r.findings) for r in reports)

    t_extract = statistics.median(extract_rounds)
    t_check = statistics.median(check_rounds)
    overhead = t_check / t_extract
    print(f"文件数：{len(files)}，每轮发现问题 {findings} 条，测量 {len(extract_rounds)} 轮（取中位数）")
    print(f"读取：{len(files) / t_extract:.1f} 份/秒")
    print(f"核对：{len(files) / t_check:.1f} 份/秒")
    print(f"读取＋核对：{len(files) / (t_extract + t_check):.1f} 份/秒")
    ok = overhead <= OVERHEAD_TARGET
    print(f"核对占读取时间：{overhead:.1%}（目标 ≤ {OVERHEAD_TARGET:.0%}）{'达标' if ok else '未达标'}")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
