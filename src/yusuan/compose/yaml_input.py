"""Reading a YAML build input, with errors that name the field and the row."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from yusuan.compose.input import SOURCE_NAMES, BuildInput
from yusuan.compose.labels import field_label
from yusuan.errors import YusuanError
from yusuan.yaml_text import read_yaml as load

_MESSAGES = {
    "missing": "必填项没有填写",
    "extra_forbidden": "不认识的字段（请对照 docs/build-input.md 检查拼写）",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "int_parsing": "应为整数",
    "literal_error": "取值不在允许范围内",
    "string_type": "应为文字",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表",
    "model_type": "应为一组字段",
    "dict_type": "应为一组字段",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
}


def place(loc: tuple) -> str:
    """("expenditure", 2, "basic") → "expenditure 第 3 行 basic（基本支出）": the keys as typed in the
    YAML, to find the place, and the field's Chinese name, to know what it is."""
    out = []
    for x in loc:
        if isinstance(x, int):
            out.append(f"第 {x + 1} 行")
        elif x != "[key]":  # pydantic's mark for a mapping's key: the key itself is named already
            out.append(str(x))
    label = field_label(loc)
    return " ".join(out) + (f"（{label}）" if label else "")


def _choices(expected: str) -> str:
    """pydantic's "'general_budget', 'government_fund' or 'other_income'" as a reader of the template
    knows them: 一般公共预算、政府性基金预算、其他收入 (the Chinese names are accepted as well)."""
    values = re.findall(r"'([^']*)'", expected)
    if values and all(v in SOURCE_NAMES for v in values):
        return "、".join(SOURCE_NAMES[v] for v in values) + "；也可以写英文键，见 docs/build-input.md"
    return "、".join(values) or expected


def explain(exc: ValidationError, source: str) -> YusuanError:
    e = exc.errors()[0]
    msg = _MESSAGES.get(e["type"], "")
    if e["type"] in ("value_error", "assertion_error"):
        msg = str(e.get("ctx", {}).get("error", e["msg"]))
    elif e["type"] == "literal_error":
        msg += f"（可选：{_choices(str(e.get('ctx', {}).get('expected', '')))}）"
    more = f"；另有 {len(exc.errors()) - 1} 处问题" if len(exc.errors()) > 1 else ""
    return YusuanError((msg or e["msg"]) + more, source=source, place=place(tuple(e["loc"])))


def read_yaml(path: Path) -> BuildInput:
    data = load(path)
    if not isinstance(data, dict):
        raise YusuanError("内容不是一组字段（YAML 映射）：请对照 docs/build-input.md", source=str(path))
    try:
        return BuildInput.model_validate(data)
    except ValidationError as exc:
        raise explain(exc, str(path)) from None
