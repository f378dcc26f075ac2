"""T05.shift: a 一般公共预算 table whose amounts are printed against the wrong codes gives one grouped
finding that explains the individual contradictions (kept, marked, collapsed in the human output)."""

from __future__ import annotations

import json
from decimal import Decimal as Dm
from itertools import pairwise
from pathlib import Path

import pytest

from govbudget.checks._shift import explained_by
from govbudget.reader import read_report
from govbudget.reader.cli import main

HERE = Path(__file__).parent
REPORTS = HERE / "fixtures" / "reports"
SEED = HERE / "fixtures" / "seed" / "zhuzhou_2024.txt"
WENLV = REPORTS / "putuo_culture_tourism_2025_final.txt"
WHERE = "一般公共预算财政拨款支出决算表 20709–合计"


def _shifts(fs):
    return [f for f in fs if f.rule.endswith(".shift")]


def test_wenlv_amounts_sit_under_other_codes():
    """What the document prints (tables layer p.15–16 against 公开03 p.10–12 and 公开04 p.13–14):
    20709 carries 2,369.56 (公开03 20799), 2101101 carries 4,948.72 (公开03 215), 2150899 carries
    24,535.67 (公开04 一般公共预算 本年支出合计), 221 carries 17,127.62 (公开04 207), 合计 1,700.57 (2070105)."""
    rep = read_report(WENLV)
    t5, t3 = rep.table("general_budget_expenditure"), rep.table("expenditure")
    assert t5.value("20709") == t3.value("20799") == Dm("2369.56")
    assert t5.value("2101101") == t3.value("215") == Dm("4948.72")
    assert t5.value("2150899") == Dm("24535.67") and t5.value("221") == Dm("17127.62")
    assert t5.value("合计") == t3.value("2070105") == Dm("1700.57")
    assert t5.value("2070199") == t3.value("2070199") == Dm("423.29")  # the rows above 20709 are right


def test_wenlv_one_grouped_finding():
    fs = read_report(WENLV).check()
    [g] = _shifts(fs)
    assert (g.rule, g.verdict, g.where, g.n) == ("T05.shift", "contradiction", WHERE, 66)
    for part in ("20709–21011 共 16 行金额整体错位 2 行（各行印的是其下第 2 行科目的金额）",
                 "2101101–合计 共 13 行金额整体错位 5 行（各行印的是其下第 5 行科目的金额，末 5 行接表首 207–2070105 的金额",
                 "表中各行均未印其金额的科目：20709、2070904、212、21219、2121999",
                 "共 29 行", "金额错位 2、5 行", "66 项单项矛盾"):
        assert part in g.message, part
    assert g.places[0].startswith("一般公共预算财政拨款支出决算表 20709（") and "第15页第205行" in g.places[0]
    assert "第16页第236行" in g.places[1]


def test_wenlv_individual_findings_kept_and_marked():
    fs = read_report(WENLV).check()
    bad = [f for f in fs if f.verdict == "contradiction" and not f.rule.endswith(".shift")]
    assert len(bad) == 67  # nothing dropped
    marked = [f for f in bad if explained_by(f) == f"T05.shift:{WHERE}"]
    assert len(marked) == 66
    assert {f.rule for f in marked} == {"R05.1", "X06", "X07", "X08"}
    [free] = [f for f in bad if explained_by(f) is None]
    assert (free.rule, free.found, free.expected) == ("X12", Dm("6.08"), Dm("6.09"))  # a 说明 share, not the table
    r = next(f for f in marked if f.where == "一般公共预算财政拨款支出决算表 20709 合计")
    assert (r.found, r.expected) == (Dm("2369.56"), Dm("2349.56"))


def test_wenlv_cli_collapses_and_expands(capsys):
    assert main(["check", str(WENLV)]) == 1
    out = capsys.readouterr().out
    assert "[T05.shift] 一般公共预算财政拨款支出决算表 20709–合计：" in out
    assert "由此解释的单项矛盾 66 项（R05.1 33 项、X06 6 项、X07 26 项、X08 1 项），已折叠（加 --all 逐项列出）" in out
    assert "一般公共预算财政拨款支出决算表 20709 合计：印刷合计 2,369.56" not in out
    assert "[X12] 说明 社会保障和就业支出（类） 占比" in out
    assert main(["check", "--all", str(WENLV)]) == 1
    full = capsys.readouterr().out
    assert "        [R05.1] 一般公共预算财政拨款支出决算表 20709 合计：印刷合计 2,369.56" in full
    assert full.count("\n        [") == 66


def test_wenlv_json_keeps_every_finding(capsys):
    main(["check", "--json", str(WENLV)])
    got = json.loads(capsys.readouterr().out)["findings"]
    assert len(got) == len(read_report(WENLV).check())
    assert sum(1 for f in got if f"explained_by:T05.shift:{WHERE}" in f["places"]) == 66
    assert [f["rule"] for f in got].count("T05.shift") == 1


@pytest.mark.parametrize("path", [SEED, *sorted(p for p in REPORTS.glob("*.txt") if "culture_tourism" not in p.name)],
                         ids=lambda p: p.name)
def test_no_shift_elsewhere(path):
    """The seed and the other fixtures (石泉路 prints 212/21201 wrongly in both tables: no shift, but one
    misprinted figure per table, whose C01 finding explains its sums: tests/test_checks_roots.py) stay as they are."""
    fs = read_report(path).check()
    assert not _shifts(fs)
    assert not [f for f in fs if explained_by(f) is not None and not explained_by(f).startswith("C01:")]


SEED_TEXT = SEED.read_text(encoding="utf-8")


def _mutate_table5(moves: dict[str, str]) -> str:
    """The seed with 公开05's rows ``code`` printing the amounts of row ``moves[code]``."""
    lines = SEED_TEXT.split("\n")
    start = lines.index("公开05表")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("注："))
    rows = {ln.split("\t")[0]: i for i, ln in enumerate(lines[start:end], start) if ln[:3].isdigit()}
    amounts = {c: lines[i].split("\t")[2:] for c, i in rows.items()}
    for code, src in moves.items():
        lines[rows[code]] = "\t".join(lines[rows[code]].split("\t")[:2] + amounts[src])
    return "\n".join(lines)


def test_seed_shift_by_one_row():
    """Seed 公开05 2080502 … 2101103 each printed with the next row's amounts (2080502 gets 27.64)."""
    order = ["2080502", "2080505", "2080506", "210", "21011", "2101101", "2101102", "2101103", "2101199"]
    fs = read_report(text=_mutate_table5(dict(pairwise(order)))).check()
    [g] = _shifts(fs)
    assert g.where == "公开05表 2080502–2101103"
    assert "2080502–2101103 共 8 行金额整体错位 1 行（各行印的是其下第 1 行科目的金额）" in g.message
    assert "表中各行均未印其金额的科目：2080502" in g.message  # its 5.84 is printed nowhere in the table
    marked = [f for f in fs if explained_by(f) == "T05.shift:公开05表 2080502–2101103"]
    assert len(marked) == g.n > 0 and all(f.verdict == "contradiction" for f in marked)


def test_seed_permutation():
    """Seed 21011's four 项 (0.72, 10.66, 6.54, 13.57) printed as 6.54, 13.57, 0.72, 10.66: 21011's sum
    still holds, but 2101101 and 2101102 exceed 公开03 (X07), the 说明五(三) items 6–9 (which quote the
    right figures) disagree with the table (X12), and the permutation is named."""
    moves = {"2101101": "2101103", "2101102": "2101199", "2101103": "2101101", "2101199": "2101102"}
    fs = read_report(text=_mutate_table5(moves)).check()
    [g] = _shifts(fs)
    assert g.where == "公开05表 2101101–2101199" and g.n == 6
    assert "2101101–2101102 共 2 行金额整体错位 2 行（各行印的是其下第 2 行科目的金额）" in g.message
    assert "2101103–2101199 共 2 行金额整体错位 2 行（各行印的是其上第 2 行科目的金额）" in g.message
    assert "（金额互换错位，下 2 行、上 2 行）" in g.message
    assert {f.where for f in fs if explained_by(f)} == {
        "公开05表 2101101 基本支出 ≤ 公开03表 2101101 基本支出", "公开05表 2101102 基本支出 ≤ 公开03表 2101102 基本支出",
        *(f"说明五(三) 第{i}项 支出决算" for i in (6, 7, 8, 9))}


def test_one_disagreeing_row_is_not_a_shift():
    """A single row printed with another row's amounts is an ordinary contradiction, not a shift."""
    fs = read_report(text=_mutate_table5({"2080505": "2080506"})).check()
    assert not _shifts(fs) and [f for f in fs if f.verdict == "contradiction"]
