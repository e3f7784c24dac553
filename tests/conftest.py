from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The repository's own copies of the published documents (provenance in tests/data/SOURCES.md).
DATA = ROOT / "tests" / "data"
SEEDS = DATA / "seeds"
REAL = DATA / "real"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def seed(prefix: str) -> Path:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert matches, f"seed {prefix} is missing from {SEEDS}"
    return matches[0]


def real(prefix: str) -> Path:
    """The published PDF whose file name starts with ``prefix`` (``"04"``, ``"23_*tables"``)."""
    matches = sorted(REAL.glob(f"{prefix}*.pdf" if "*" in prefix else f"{prefix}_*.pdf"))
    assert matches, f"real document {prefix} is missing from {REAL}"
    return matches[0]


@pytest.fixture(scope="session", autouse=True)
def user_data_dir(tmp_path_factory):
    """An empty user data dir for the whole session: catalogs a developer imported into their own
    (~/.local/share/yusuan) must not change what the tests see. Tests that import catalogs point
    YUSUAN_HOME at a folder of their own."""
    import os

    before = os.environ.get("YUSUAN_HOME")
    os.environ["YUSUAN_HOME"] = str(tmp_path_factory.mktemp("yusuan-home"))
    yield Path(os.environ["YUSUAN_HOME"])
    if before is None:
        os.environ.pop("YUSUAN_HOME", None)
    else:
        os.environ["YUSUAN_HOME"] = before


@pytest.fixture(scope="session")
def extracted():
    """Extraction of each seed, computed once per test session."""
    import yusuan

    cache: dict[str, object] = {}

    def get(prefix: str):
        if prefix not in cache:
            cache[prefix] = yusuan.extract(seed(prefix))
        return cache[prefix]

    return get


@pytest.fixture(scope="session")
def real_doc():
    """Extraction of each published PDF (by its number, as ``real`` takes it), computed once per session."""
    import yusuan

    cache: dict[str, object] = {}

    def get(prefix: str):
        if prefix not in cache:
            cache[prefix] = yusuan.extract(real(prefix))
        return cache[prefix]

    return get


@pytest.fixture(scope="session")
def checked(extracted):
    """The check report of each seed, computed once per test session."""
    from yusuan.rules import check

    cache: dict[str, object] = {}

    def get(prefix: str):
        if prefix not in cache:
            cache[prefix] = check(extracted(prefix))
        return cache[prefix]

    return get


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server of its own for this test session (skipped when PostgreSQL is not installed)."""
    from pgserver import Server, pg_bindir

    bindir = pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin or on PATH)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed")
    server = Server(bindir)
    server.start()
    yield server
    server.stop()
