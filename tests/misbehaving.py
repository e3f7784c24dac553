"""Readers that misbehave on purpose, by the name of the file they are given: what the reader processes
(store.workers) must survive. Imported by the worker processes, so it lives beside the tests."""

from __future__ import annotations

import os
import signal
import time

from yusuan.store.workers import read_job, source_of


def misbehave(job):
    name = source_of(job)
    if "挂起" in name:
        time.sleep(3600)
    if "内存" in name:
        hoard = []
        while True:
            hoard.append(bytes(64 * 1024 * 1024))  # calloc: address space without touching pages
    if "崩溃" in name:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "退出" in name:
        os._exit(3)
    if "慢扫描" in name:  # a scan of four pages, each read well within the limit, the whole beyond it
        from yusuan.read import scan
        from yusuan.store.records import Failed

        for page in range(1, 5):
            time.sleep(0.7)
            scan.OPTIONS.progress(name, page, 4, page)
        return Failed(job[1], name, f"读完 4 页，OCR 模型线程数 {scan.OPTIONS.threads}")
    return read_job(job)


def resident_mb() -> int:
    with open(f"/proc/{os.getpid()}/status") as fh:
        return next(int(line.split()[1]) // 1024 for line in fh if line.startswith("VmSize:"))


def report_size(job):
    from yusuan.store.records import Failed

    return Failed(job[1], source_of(job), str(resident_mb()))
