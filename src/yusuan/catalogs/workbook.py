"""Reading an official 政府收支分类科目 workbook (XLSX or XLS) into catalog entries.

Accepted layouts, on any sheet (a header row within a sheet's first 15 rows):

* a code column (科目编码 / 编码 / 代码) and a name column (科目名称 / 名称), codes written whole
  (201, 20101, 2010101; spaces inside a code are dropped: "201 01 01");
* 类 / 款 / 项 columns and a name column: 201 | 01 | 01 | 行政运行; a blank 类 or 款 is carried from the
  row above, and a row whose 款 (or 项) cell is blank is the 类 (or 款) itself. A 款 or 项 written as a
  number (1 for 01) is padded back to two digits;

Which classification a row belongs to: the sheet's name when it says (功能 → 支出功能分类; 部门预算…经济 →
部门预算支出经济分类; 政府预算…经济 → 政府预算支出经济分类), else the code itself: 2xx is functional,
3xx 部门预算经济分类, 5xx 政府预算经济分类. Income classification (1xx) and anything else is skipped,
and counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from yusuan.errors import YusuanError

LENGTHS = {"func": (3, 5, 7), "dept_econ": (3, 5), "gov_econ": (3, 5)}
_CODE_HEADS = ("科目编码", "科目代码", "编码", "代码")
_NAME_HEADS = ("科目名称", "名称")
_LEVEL_HEADS = ("类", "款", "项")


class CatalogWorkbookError(YusuanError):
    pass


@dataclass
class Imported:
    entries: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # kind → code → (name, where)
    skipped: list[str] = field(default_factory=list)  # why rows were not taken, each with its place
    sheets: list[str] = field(default_factory=list)  # sheets read (with a header)

    def count(self, kind: str) -> dict[str, int]:
        """Entries of ``kind`` by level (类/款/项)."""
        names = {3: "类", 5: "款", 7: "项"}
        out: dict[str, int] = {}
        for code in self.entries.get(kind, {}):
            out[names[len(code)]] = out.get(names[len(code)], 0) + 1
        return out


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _kind_of_sheet(name: str) -> str | None:
    n = _norm(name)
    if "功能" in n:
        return "func"
    if "经济" in n and "部门" in n:
        return "dept_econ"
    if "经济" in n and "政府" in n:
        return "gov_econ"
    if "收入" in n:
        return "income"
    return None


def _kind_of_code(code: str) -> str | None:
    return {"2": "func", "3": "dept_econ", "5": "gov_econ"}.get(code[:1])


def _header(texts: list[str]) -> dict[str, int] | None:
    """Column positions of a header row: code/name, or 类/款/项/name."""
    cols = [_norm(t) for t in texts]
    name = next((i for i, t in enumerate(cols) if t in _NAME_HEADS), None)
    if name is None:
        return None
    code = next((i for i, t in enumerate(cols) if t in _CODE_HEADS), None)
    if code is not None:
        return {"code": code, "name": name}
    levels = {h: next((i for i, t in enumerate(cols) if t == h), None) for h in _LEVEL_HEADS}
    if levels["类"] is not None and levels["款"] is not None:
        return {"name": name, **{k: v for k, v in levels.items() if v is not None}}
    return None


def _digits(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def read_workbook(path: Path) -> Imported:
    """Every classification code and name in the workbook at ``path``."""
    from yusuan.read.xlsx import read_xls, read_xlsx

    path = Path(path)
    if not path.is_file():
        raise CatalogWorkbookError("文件不存在", source=str(path))
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xls"):
        raise CatalogWorkbookError("科目目录应是 Excel 工作簿（.xlsx 或 .xls）", source=str(path))
    doc = read_xlsx(path) if suffix == ".xlsx" else read_xls(path)
    out = Imported()
    sheets: dict[str, list] = {}
    for line in doc.lines:
        if line.is_row and line.sheet is not None:
            sheets.setdefault(line.sheet, []).append(line)
    for sheet, lines in sheets.items():
        _read_sheet(sheet, lines, out, str(path))
    if not out.sheets:
        raise CatalogWorkbookError(
            "没有找到科目目录的表头：应有“科目编码”和“科目名称”两栏，或“类”“款”“项”和“科目名称”栏"
            "（表头在工作表前 15 行内）", source=str(path))
    if not any(out.entries.values()):
        why = "；".join(out.skipped[:3])
        raise CatalogWorkbookError(f"没有读出任何支出功能分类或经济分类科目{('（' + why + '）') if why else ''}",
                                   source=str(path))
    return out


def _read_sheet(sheet: str, lines: list, out: Imported, source: str) -> None:
    header_at = next((i for i, line in enumerate(lines[:15]) if _header(line.texts) is not None), None)
    if header_at is None:
        return
    cols = _header(lines[header_at].texts)
    out.sheets.append(sheet)
    sheet_kind = _kind_of_sheet(sheet)
    if sheet_kind == "income":
        out.skipped.append(f"工作表“{sheet}”是收入分类，未导入")
        return
    carried = {"类": "", "款": ""}
    for line in lines[header_at + 1:]:
        texts = line.texts
        where = f"工作表“{sheet}” {line.first.ref.split('!')[-1] if line.first.ref else ''}".strip()

        def cell(i: int | None) -> str:
            return texts[i].strip() if i is not None and i < len(texts) else ""

        name = cell(cols["name"])
        if "code" in cols:
            code = _digits(cell(cols["code"]))
        else:
            lei, kuan, xiang = (_digits(cell(cols.get(h))) for h in _LEVEL_HEADS)
            if lei:
                carried = {"类": lei, "款": ""}
            if kuan and len(kuan) <= 2 and kuan.isdigit():
                kuan = carried["类"] + kuan.zfill(2)
            if kuan:
                carried["款"] = kuan
            if xiang and len(xiang) <= 2 and xiang.isdigit():
                xiang = carried["款"] + xiang.zfill(2)
            code = xiang or (kuan if not xiang else "") or lei
        if not code and not name:
            continue
        if not code.isdigit():
            if code:
                out.skipped.append(f"{where}：编码“{code}”不是数字")
            continue
        kind = _kind_of_code(code)
        if kind is None:
            out.skipped.append(f"{where}：{code} 不是支出功能分类或经济分类的编码")
            continue
        if sheet_kind is not None and kind != sheet_kind:
            out.skipped.append(f"{where}：{code} 与工作表“{sheet}”的分类不符")
            continue
        if len(code) not in LENGTHS[kind]:
            out.skipped.append(f"{where}：编码 {code} 的位数不对（应为{'、'.join(str(n) for n in LENGTHS[kind])}位）")
            continue
        if not name:
            out.skipped.append(f"{where}：{code} 没有科目名称")
            continue
        known = out.entries.setdefault(kind, {})
        if code in known and _norm(known[code][0]) != _norm(name):
            out.skipped.append(f"{where}：{code} 又名“{name}”，与前面的“{known[code][0]}”不同，保留前者")
            continue
        known.setdefault(code, (name, where))
