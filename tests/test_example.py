"""End to end: examples/zhuzhou_2024/rebuild.py --json, run from a foreign working directory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import govbudget as gb

SCRIPT = Path(__file__).resolve().parents[1] / "examples" / "zhuzhou_2024" / "rebuild.py"


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[dict, Path]:
    cwd = tmp_path_factory.mktemp("cwd")
    out = tmp_path_factory.mktemp("out")
    proc = subprocess.run([sys.executable, str(SCRIPT), "--json", "--out", str(out)], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout), out


def cell(result: dict, table: str, row: str, column: int) -> dict:
    [hit] = [c for c in result["cells"] if (c["table"], c["row"], c["column"]) == (table, row, column)]
    return hit


def figure(result: dict, section: str, label: str) -> dict:
    [hit] = [n for n in result["narrative"] if (n["section"], n["label"]) == (section, label)]
    return hit


def test_every_cell_of_the_nine_tables_is_compared(run) -> None:
    result, _ = run
    assert len(result["cells"]) == 676
    assert {c["table"] for c in result["cells"]} == {f"公开0{i}" for i in range(1, 10)}


def test_total_expenditure_is_equal(run) -> None:
    c = cell(run[0], "公开03", "合计", 1)
    assert (c["published"], c["rebuilt"], c["verdict"]) == ("519.63", "519.63", "equal")


def test_302_is_a_tail(run) -> None:
    """公开06 302 prints 154.79; its printed 款 add up to 154.81, which the rebuild gives."""
    c = cell(run[0], "公开06", "302", 1)
    assert (c["published"], c["rebuilt"], c["verdict"]) == ("154.79", "154.81", "tail")


def test_three_public_budget_columns_differ(run) -> None:
    """公开09 prints the actuals as budget; 说明七 states 19 (7 + 7 + 5)."""
    c = cell(run[0], "公开09", "1", 1)
    assert (c["published"], c["rebuilt"], c["verdict"]) == ("14.32", "19.00", "differs")
    assert "disagrees with itself" in c["reason"]


def test_attachment_basic_spending_differs_from_the_tables(run) -> None:
    """附件 prints 基本支出 355.85; the tables (and the rebuild) give 455.65."""
    for section in ("附件", "附件2"):
        n = figure(run[0], section, "基本支出")
        assert n["verdict"] == "differs"
        assert n["published"].startswith("355.85")
        assert n["rebuilt"].startswith("455.65")
        assert "公开05 合计 栏次2 prints 455.65" in n["reason"]


def test_narrative_shares_and_double_direction_word(run) -> None:
    result, _ = run
    assert figure(result, "三", "基本支出占比")["verdict"] == "equal"
    assert figure(result, "五（二）", "社会保障和就业支出")["verdict"] == "equal"  # printed "47.3"
    n = figure(result, "七（二）", "公务接待费与上年增减额")
    assert (n["verdict"], n["published"]) == ("differs", "增加减少0.79万元")


def test_derived_figures(run) -> None:
    d = run[0]["derived"]
    assert d["personnel"] == "299.48"
    assert d["three_public"] == {"total": "14.32", "abroad": "6.90", "vehicle": "6.86", "vehicle_purchase": "0.00",
                                 "vehicle_running": "6.86", "reception": "0.56"}
    assert d["operating_costs"]["applicable"] is False
    assert "事业单位" in d["operating_costs"]["reason"]


def test_outputs_are_written(run) -> None:
    _, out = run
    for name in ("narrative.md", "tables.md", "tables.xlsx", "expenditure_by_class.svg", "three_public.svg"):
        assert (out / name).stat().st_size > 0, name
    assert "## 七、财政拨款“三公”经费支出决算情况说明" in (out / "narrative.md").read_text(encoding="utf-8")


def test_printed_table_06_is_jointly_feasible(run) -> None:
    """The 公开06 tails are rounding: exact 元 values exist that round to all 83 printed figures.

    For instance 302 is printed 154.79 while its 款 add to 154.81: with 19 parts the band is
    ±0.10, and the solver finds 款 values that each round to their printed figure and add up
    to a 302 that rounds to 154.79.
    """
    result, _ = run
    fz = result["feasibility"]
    assert (fz["table"], fz["feasible"], fz["conflict"]) == ("公开06", True, [])
    assert gb.to_wan(gb.D(fz["example_yuan"]["302"])) == gb.D("154.79")
    assert gb.to_wan(gb.D(fz["example_yuan"]["30201"])) == gb.D("21.59")
