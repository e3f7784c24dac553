"""The rule catalog for ``yusuan rules``: a table, the full Markdown documentation, or JSON.

Everything comes from the registry (:func:`yusuan.rules.catalog`) and :data:`FAMILIES`; the
Markdown output is docs/rules.md verbatim.
"""

from __future__ import annotations

from yusuan.rules.engine import FAMILIES, Rule

_FENCE = "```"


def rule_dict(r: Rule) -> dict:
    return {"id": r.id, "family": r.id[0], "category": r.family, "severity": r.severity, "title": r.title,
            "doc": r.doc, "regulation": r.regulation, "bad": r.bad, "good": r.good}


def by_family(rules: list[Rule]) -> list[tuple[str, str, list[Rule]]]:
    """(prefix, 类别, rules) in the order of FAMILIES, families without rules left out."""
    out = []
    for prefix, name in FAMILIES.items():
        members = [r for r in rules if r.id.startswith(prefix)]
        if members:
            out.append((prefix, name, members))
    return out


def _fenced(text: str) -> str:
    fence = _FENCE
    while fence in text:
        fence += "`"
    return f"{fence}text\n{text}\n{fence}"


def to_markdown(rules: list[Rule]) -> str:
    lines = [
        "# 核对规则",
        "",
        "<!-- 本文件由 `yusuan rules --format markdown > docs/rules.md` 生成，请勿手工编辑。 -->",
        "",
        f"`yusuan check` 共有 {len(rules)} 条规则。每条规则对每份文件给出一个结果：通过、不通过（有发现）、"
        "不适用（文件没有该规则检查的内容）或数据不足（缺少所需的表格或数字，不算通过）。"
        "级别：错误（数字不符，退出码 1）、警告、提示。",
        "",
        "用编号前缀选择规则（与 ruff 相同）：`--select S` 只运行表内求和一类，`--select S001,X` 运行 S001 和表间勾稽一类，"
        "`--ignore S007` 排除一条。报告格式见 [check-format.md](check-format.md)。",
        "",
        "| 类别 | 前缀 | 规则 |",
        "|---|---|---|",
    ]
    families = by_family(rules)
    for prefix, name, members in families:
        lines.append(f"| {name} | `{prefix}` | {', '.join(f'[{r.id}](#{r.id.lower()})' for r in members)} |")
    for prefix, name, members in families:
        lines += ["", f"## {prefix} {name}"]
        for r in members:
            lines += ["", f"### {r.id}", "", f"**{r.title}**", "", f"- 级别：{r.severity}", f"- 类别：{name}"]
            if r.regulation:
                lines.append(f"- 依据：{r.regulation}")
            if r.doc:
                lines += ["", r.doc]
            lines += ["", "错误示例：", "", _fenced(r.bad), "", "正确示例：", "", _fenced(r.good)]
    return "\n".join(lines) + "\n"


def to_table(rules: list[Rule]):
    from rich.table import Table

    out = Table(title=f"核对规则（{len(rules)} 条）", show_lines=False)
    out.add_column("规则", no_wrap=True)
    out.add_column("类别", no_wrap=True)
    out.add_column("级别", no_wrap=True)
    out.add_column("标题", overflow="fold")
    for r in rules:
        out.add_row(r.id, r.family, r.severity, r.title)
    return out
