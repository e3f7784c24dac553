"""A time limit for a block of a test: a hang fails the test instead of stalling the suite."""

from __future__ import annotations

import signal
from contextlib import contextmanager


@contextmanager
def within(seconds: int):
    """Fail (instead of hanging the suite) when the block runs past ``seconds``."""
    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
