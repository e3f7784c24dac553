"""Building a disclosure package from the data, correct by construction (``yusuan build``).

``load_input(path)`` reads a YAML build input or a filled Excel template into a :class:`BuildInput`;
``package(data)`` computes every table and writes the explanation from the same figures;
``load_package(path)`` does both.
"""

from __future__ import annotations

from pathlib import Path

from yusuan.compose.document import package
from yusuan.compose.input import BuildInput
from yusuan.errors import YusuanError

__all__ = ["BuildInput", "load_input", "load_package", "package"]


def load_input(path: str | Path) -> BuildInput:
    path = Path(path)
    if not path.exists():
        raise YusuanError("文件不存在", source=str(path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from yusuan.compose.template import read_template

        return read_template(path)
    if suffix not in (".yaml", ".yml"):
        raise YusuanError("不支持的输入格式：请用 YAML（.yaml/.yml）或 yusuan template 生成的 Excel 模板（.xlsx）",
                          source=str(path))
    from yusuan.compose.yaml_input import read_yaml

    return read_yaml(path)


def load_package(path: str | Path):
    """The package of a build input file (YAML or Excel template)."""
    return package(load_input(path))


def read_back(pkg):
    """The package as a reader of its text version sees it (tables, projects, stated figures)."""
    import tempfile

    from yusuan import extract
    from yusuan.compose.text import to_text

    with tempfile.TemporaryDirectory(prefix="yusuan-build-") as tmp:
        path = Path(tmp) / f"{pkg.disclosure.source}.txt"
        path.write_text(to_text(pkg), encoding="utf-8")
        d = extract(path)
    d.source = pkg.disclosure.source
    return d


def verify(pkg):
    """Check the package with every rule of ``yusuan check`` before anything is written."""
    from yusuan.rules import check

    return check(read_back(pkg))
