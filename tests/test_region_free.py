"""No code path recognises one document: the package holds no department's name, region or file name of
the documents it was built on (they stand in docstrings and documented examples only).

yusuan is judged on documents it never sees, so what it reads must come from the standard's structure
(title words, header shapes, 栏次, the code hierarchy) and never from one body's strings.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "yusuan"

# The bodies, places and files of tests/data (see tests/data/SOURCES.md and tests/data/real/README.md).
NAMES = ["鹿泉", "阜平", "长安区", "资阳", "石峰", "普陀", "万里街道", "高级人民法院", "人民检察院", "省委办公厅",
         "政协办公厅", "审计局", "交通职业技术学院", "经济和信息化", "宣传部", "自然资源和规划", "教育局", "信访局",
         "工务中心", "上海", "江苏", "重庆", "苏州", "无锡", "泉州", "珠海", "福建", "广东", "河北", "石家庄", "保定",
         "益阳", "株洲"]
FILES = ["shanghai", "jiangsu", "chongqing", "suzhou", "wuxi", "quanzhou", "zhuhai", "putuo", "192a1d2e",
         "ffa9482a", "412eb5b2", "8cdf10fd", "d461a073", "dept-budget", "unit-budget", "dept-final"]
# Arguments that document rather than decide: a rule's examples, a CLI option's help, a field's description.
DOCUMENTING = {"bad", "good", "help", "description", "regulation"}


def _documenting(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and body \
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            ids.add(id(body[0].value))
        if isinstance(node, ast.keyword) and node.arg in DOCUMENTING:
            ids.update(id(sub) for sub in ast.walk(node.value))
    return ids


def strings_naming_a_document(root: Path) -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _documenting(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                for name in NAMES + FILES:
                    if name in node.value:
                        found.append((str(path.relative_to(root)), node.lineno, name))
    return found


def test_no_code_path_names_a_department_region_or_file():
    assert strings_naming_a_document(SRC) == []


def test_the_scan_finds_a_name_in_code(tmp_path):
    (tmp_path / "m.py").write_text('"""Reads 鹿泉区信访局."""\nX = "苏州市自然资源和规划局"\n'
                                   'rule("Z1", bad="鹿泉区")\nPATH = "tests/data/real/35_jiangsu.pdf"\n',
                                   encoding="utf-8")
    assert strings_naming_a_document(tmp_path) == [("m.py", 2, "自然资源和规划"), ("m.py", 2, "苏州"),
                                                   ("m.py", 4, "jiangsu")]
