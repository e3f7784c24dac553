"""YAML read the way every yusuan input needs it: numbers as exact Decimals, UTF-8 or GB18030 text,
and a Chinese error naming the file, line and column when it does not parse."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from yusuan.errors import YusuanError


class DecimalLoader(yaml.SafeLoader):
    """Decimal numbers read through their text, never a binary float: 308.10 stays 308.10."""


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode):
    text = loader.construct_scalar(node)
    try:
        return Decimal(str(text).replace("_", ""))
    except InvalidOperation:  # .inf, .nan
        return loader.construct_yaml_float(node)


DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal)


def read_yaml(path: Path, loader: type[yaml.SafeLoader] = DecimalLoader) -> Any:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise YusuanError("文件不存在", source=str(path)) from None
    except OSError as exc:
        raise YusuanError(f"无法读取（{exc.strerror or exc}）", source=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise YusuanError("无法识别文件编码（应为 UTF-8 或 GB18030）", source=str(path)) from None
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 (loader is a SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark is not None else None
        raise YusuanError(f"YAML 格式错误（{getattr(exc, 'problem', None) or exc}）", source=str(path),
                          place=where) from None
