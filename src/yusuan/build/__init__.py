"""Building a disclosure package from the data, correct by construction (``yusuan build``).

``load_input(path)`` reads a YAML build input or a filled Excel template into a :class:`BuildInput`;
``package(data)`` computes every table and writes the explanation from the same figures;
``load_package(path)`` does both.
"""

from __future__ import annotations

from pathlib import Path

from yusuan.build.document import package
from yusuan.build.input import BuildInput
from yusuan.errors import YusuanError

__all__ = ["BuildInput", "load_input", "load_package", "package"]


def load_input(path: str | Path) -> BuildInput:
    path = Path(path)
    if not path.exists():
        raise YusuanError("文件不存在", source=str(path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from yusuan.build.template import read_template

        return read_template(path)
    if suffix not in (".yaml", ".yml"):
        raise YusuanError("不支持的输入格式：请用 YAML（.yaml/.yml）或 yusuan template 生成的 Excel 模板（.xlsx）",
                          source=str(path))
    from yusuan.build.yaml_input import read_yaml

    return read_yaml(path)


def load_package(path: str | Path):
    """The package of a build input file (YAML or Excel template)."""
    return package(load_input(path))
