"""The package has no import cycles: every step of the pipeline can be read, tested and changed on its own.

The graph is built from the source with ``ast``: every ``import`` and ``from … import`` statement, at
module level or inside a function, relative ones resolved. An import depends on the module it names:
``from yusuan.x import y`` on ``yusuan/x/y.py`` when ``y`` is a submodule, else on ``yusuan/x/__init__.py``;
``import yusuan.x.y`` on ``yusuan/x/y.py``. Python also runs the parent packages' ``__init__`` on the way,
but that is not counted as a dependency: a package's ``__init__`` that re-exports its submodules (at once or
lazily, through ``__getattr__``) would otherwise sit in a cycle with anything those submodules reach.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src"


def module_names(src: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` under ``src`` by dotted name; a package is its ``__init__.py``."""
    out = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def import_graph(src: Path, package: str) -> dict[str, dict[str, int]]:
    """For each module, the modules of the package it imports, each with the line of its first import."""
    modules = module_names(src, package)

    def known(name: str) -> str | None:
        # "yusuan.x.name" where name is a function or class: the module that defines it is the longest
        # known prefix.
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, dict[str, int]] = {}
    for name, path in modules.items():
        edges: dict[str, int] = {}
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str | None] = []
            if isinstance(node, ast.Import):
                targets = [known(alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = here.rsplit(".", node.level - 1)[0] if node.level > 1 else here
                    base = f"{anchor}.{base}" if base else anchor
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else known(base) for a in node.names]
            for target in targets:
                if target is not None and target != name:
                    edges.setdefault(target, node.lineno)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted, in sorted order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def describe(graph: dict[str, dict[str, int]], component: list[str]) -> str:
    """One closed path through the component, each step with the file and line of the import."""
    members = set(component)
    start = component[0]
    # Breadth-first from start's successors back to start: the shortest cycle through it.
    paths = {w: [start, w] for w in graph[start] if w in members}
    queue = list(paths)
    while start not in paths:
        v = queue.pop(0)
        for w in graph[v]:
            if w in members and w not in paths:
                paths[w] = paths[v] + [w]
                queue.append(w)
    path = paths[start]
    steps = [f"{a} (line {graph[a][b]}) → {b}" for a, b in zip(path, path[1:])]
    return f"cycle among {', '.join(component)}: " + "; ".join(steps)


def test_the_package_has_no_import_cycles():
    graph = import_graph(SRC, "yusuan")
    # The graph is the whole package, imports inside functions included, or an empty one would pass.
    assert len(graph) == len(list((SRC / "yusuan").rglob("*.py")))
    assert "yusuan.read.ooxml" in graph["yusuan.read.docx"]
    assert "yusuan.read.xlsx" in graph["yusuan.read"]  # imported inside read_document's dispatch
    found = cycles(graph)
    assert found == [], "\n".join(describe(graph, c) for c in found)


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_cycles_are_found_through_every_form_of_import(tmp_path):
    _write(tmp_path, {
        # Re-exports from submodules: no cycle with them by the rule above.
        "pkg/__init__.py": "from pkg.a import f\nfrom pkg.e import g\n",
        "pkg/a.py": "def f():\n    from . import b  # a module named in a from-import, inside a function\n",
        "pkg/b.py": "from .sub import thing\n",  # a name from a package: its __init__
        "pkg/sub/__init__.py": "import pkg.a\nthing = 1\n",
        "pkg/c.py": "from pkg.sub import d\n",
        "pkg/sub/d.py": "from ..c import x\n",  # two levels up
        "pkg/e.py": "import json\nimport pkg\n\ndef g():\n    return pkg\n",  # the package's __init__, and outside it
    })
    graph = import_graph(tmp_path, "pkg")
    assert graph == {
        "pkg": {"pkg.a": 1, "pkg.e": 2},
        "pkg.a": {"pkg.b": 2},
        "pkg.b": {"pkg.sub": 1},
        "pkg.sub": {"pkg.a": 1},
        "pkg.c": {"pkg.sub.d": 1},
        "pkg.sub.d": {"pkg.c": 1},
        "pkg.e": {"pkg": 2},
    }
    found = cycles(graph)
    assert found == [["pkg", "pkg.e"], ["pkg.a", "pkg.b", "pkg.sub"], ["pkg.c", "pkg.sub.d"]]
    assert describe(graph, found[1]) == (
        "cycle among pkg.a, pkg.b, pkg.sub: pkg.a (line 2) → pkg.b; pkg.b (line 1) → pkg.sub; "
        "pkg.sub (line 1) → pkg.a")


def test_a_package_init_that_only_re_exports_is_no_cycle(tmp_path):
    # The shape of yusuan.rules.performance and yusuan.performance: a check imports one submodule of a
    # package whose __init__ lazily re-exports another submodule, which imports the checks.
    _write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/checks.py": "from pkg.perf.indicators import parse\n",
        "pkg/perf/__init__.py": "def __getattr__(name):\n    from pkg.perf import targets\n\n"
                                "    return getattr(targets, name)\n",
        "pkg/perf/indicators.py": "def parse():\n    pass\n",
        "pkg/perf/targets.py": "from pkg.checks import parse\n",
    })
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.checks"] == {"pkg.perf.indicators": 1}
    assert graph["pkg.perf"] == {"pkg.perf.targets": 2}
    assert cycles(graph) == []
    # The same package with the check importing the package itself is a cycle.
    _write(tmp_path, {"pkg/checks.py": "from pkg.perf import parse\n"})
    graph = import_graph(tmp_path, "pkg")
    assert cycles(graph) == [["pkg.checks", "pkg.perf", "pkg.perf.targets"]]
