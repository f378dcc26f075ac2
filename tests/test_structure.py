"""The shape of the code (issue 10): no function in the reader, the checks or the narrative is longer
than one can hold in one's head (80 lines)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import govbudget as gb

PACKAGE = Path(gb.__file__).parent
LIMIT = 80


def _long_functions(folder: Path, root: Path = PACKAGE) -> list[str]:
    long = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > LIMIT:
                    long.append(f"{path.relative_to(root)}:{node.lineno} {node.name} ({lines} lines)")
    return long


@pytest.mark.parametrize("package", ["reader", "checks", "narrative"])
def test_no_function_over_80_lines(package: str) -> None:
    assert _long_functions(PACKAGE / package) == []


def test_the_measure_finds_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(LIMIT))
    (tmp_path / "m.py").write_text(f"def f():\n{body}\n", encoding="utf-8")
    assert _long_functions(tmp_path, tmp_path) == [f"m.py:1 f ({LIMIT + 1} lines)"]
