"""Mutants ``make fuzz`` found losing an amount (issue 12.6), each reduced to one changed line of a fixture.

Four causes, one test each: a figure with garbage glued to it; a number form (``①``, ``¹``) inside a
figure, which NFKC read as a digit; a ``[表格]`` or page marker inserted inside a cell; an amount
printed inside a label or a header. Each mutant must lose nothing (every amount of the text is a
cell of its line or listed in ``unmapped`` with it: tests/fuzzing/invariants.py) and add no
contradiction to those the fixture has: a garbled figure is an unreadable cell, never a misread one.
"""

from __future__ import annotations

from collections import Counter

import pytest
from fuzzing.invariants import lost_amounts, run_report
from fuzzing.mutate import seed_texts

import govbudget as gb

CPPCC = "reports/jiangsu_cppcc_2018_dept_budget_tables.txt"
JUSTICE = "reports/putuo_justice_2026_unit_budget.txt"
COMMERCE = "reports/putuo_commerce_2025_unit_budget.txt"
TEMPLATE = "reports/shanghai_dept_final_template_2024.txt"
CULTURE = "reports/putuo_culture_tourism_2025_final.txt"


def _mutant(seed: str, line: int, old: str, new: str) -> str:
    """The fixture with ``old`` replaced by ``new`` on line ``line`` (1-based) only."""
    lines = seed_texts()[seed].split("\n")
    assert old in lines[line - 1], (seed, line, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines)


def _contradictions(text: str) -> Counter:
    return Counter(f.rule for f in gb.read_report(text=text).check() if f.verdict == "contradiction")


def _no_loss_and_no_new_contradiction(seed: str, text: str) -> gb.PublishedReport:
    outcome = run_report(text)
    assert (outcome.error, outcome.lost) == (None, [])
    assert _contradictions(text) - _contradictions(seed_texts()[seed]) == Counter()
    return gb.read_report(text=text)


def _cell_on(rep: gb.PublishedReport, line: int, raw: str):
    return next((c for t in rep.tables for c in t.cells if c.line == line and c.raw == raw), None)


# fuzz mutants 1116 and 1146 (random bytes inserted after a figure): the cell read as a label, its
# row had no amount, and 302 商品和服务支出 = Σ 302xx became a false contradiction (R06.1, X20)
@pytest.mark.parametrize(("line", "old", "new"), [
    (112, "15.00", "15.0\ufffdo\ufffd]\ufffd\x01\x03s\x17\ufffd\ufffd\ufffd\ufffd\ufffdJnx+0"),
    (106, "407.81", "407.8QS\x1b*^;5'{$6,\"v\x0fW1"),
])
def test_a_figure_with_garbage_glued_to_it_is_an_unreadable_cell(line, old, new):
    text = _mutant(CPPCC, line, old, new)
    rep = _no_loss_and_no_new_contradiction(CPPCC, text)
    garbled = text.split("\n")[line - 1].split("\t")[-1]
    cell = _cell_on(rep, line, garbled)
    assert cell is not None and cell.value is None and cell.unreadable
    assert [(u.line, u.text) for u in rep.unmapped if u.line == line] == [(line, garbled)]


# fuzz mutants 831 and 2262: NFKC made 2①0,272,981.00 the figure 210,272,981.00 and 1¹5.00 the
# figure 115.00 (misread figures: R06.2, X08, R06.1 contradictions); they are garbled figures
@pytest.mark.parametrize(("seed", "line", "old", "new", "misread"), [
    (JUSTICE, 295, "20,272,981.00", "2①0,272,981.00", gb.D("210272981.00")),
    (CPPCC, 112, "15.00", "1¹5.00", gb.D("115.00")),
])
def test_a_number_form_inside_a_figure_is_not_read_as_a_digit(seed, line, old, new, misread):
    rep = _no_loss_and_no_new_contradiction(seed, _mutant(seed, line, old, new))
    assert [c for t in rep.tables for c in t.cells if c.value == misread] == []
    cell = _cell_on(rep, line, new)
    assert cell is not None and cell.value is None and cell.unreadable


# fuzz mutants 1249, 2157 and 1818: a block or page marker inserted inside a figure; the cell read
# as a label, its figures neither a cell nor unmapped
@pytest.mark.parametrize(("seed", "line", "old", "new"), [
    (COMMERCE, 268, "9,310,000.00", "9,310,0[表格]00.00"),
    (JUSTICE, 226, "\t982,692.00\t0.00", "\t982,692.0[表格]0\t0.00"),
    (CPPCC, 46, "80.00", "8=== 第1页 ===0.00"),
])
def test_a_marker_inside_a_figure_is_an_unreadable_cell(seed, line, old, new):
    rep = _no_loss_and_no_new_contradiction(seed, _mutant(seed, line, old, new))
    garbled = new.strip("\t").split("\t")[0]
    cell = _cell_on(rep, line, garbled)
    assert cell is not None and cell.value is None and cell.unreadable


# fuzz mutants 1422, 206, 532 and 274: an amount printed inside a label or a header, which no
# reading of the layout makes a cell; the reader lists it in unmapped with its line
@pytest.mark.parametrize(("seed", "line", "old", "new", "printed"), [
    (CPPCC, 112, "水费", "水١٢٣.٤٥费", "١٢٣.٤٥"),
    (CULTURE, 85, "预算财政拨款收入", "预算١٢٣.٤٥财政拨款收入", "١٢٣.٤٥"),
    (TEMPLATE, 96, "功能分类科目编码", "功能分类（-12.50）科目编码", "12.50"),
    (TEMPLATE, 96, "功能分类科目编码", "功能分类科目0." + "0" * 60 + "1编码", "0." + "0" * 60 + "1"),
])
def test_an_amount_inside_a_label_or_header_is_listed_in_unmapped(seed, line, old, new, printed):
    rep = _no_loss_and_no_new_contradiction(seed, _mutant(seed, line, old, new))
    listed = [(u.line, u.text) for u in rep.unmapped if u.reason.startswith("amount not read as a cell")]
    assert listed == [(line, printed)]


def test_the_fixtures_need_no_amount_listed_by_the_guarantee():
    """On the fixtures as published, every amount is a cell or in the narrative: the guarantee adds
    nothing to ``unmapped`` (it catches what a damaged layout hides, not what the reader reads)."""
    for name, text in seed_texts().items():
        rep = gb.read_report(text=text)
        assert [u for u in rep.unmapped if u.reason.startswith("amount not read as a cell")] == [], name
        assert lost_amounts(text, rep) == [], name


# the slowest mutant of the N=3000 run (3.3 s): a 20,000-character line of '12.34\t' in a table,
# which classified every cell of every row against all the cells before it (quadratic in the row's
# width); benchmarks/wide_row.py measures the time. Here: all its 3,334 amounts are read.
def test_a_row_of_thousands_of_amounts_loses_none():
    lines = seed_texts()[CPPCC].split("\n")
    row = ("12.34\t" * 3334)[:20_000]
    text = "\n".join([*lines[:50], row, *lines[50:]])
    outcome = run_report(text)
    assert (outcome.error, outcome.lost) == (None, [])
    rep = gb.read_report(text=text)
    assert sum(1 for t in rep.tables for c in t.cells if c.line == 51 and c.value == gb.D("12.34")) == 3333


# fuzz mutant 6408 of the N=10000 run: '¹' inserted before the year of the '# source:' line; str.isdigit
# takes '¹2018' for a number, int() refuses it, and read_report wrapped the ValueError in a
# ReportReadError — a typed refusal of the whole report that the harness counted as such, not as
# the reader defect it was
def test_a_number_form_in_the_source_line_year_is_not_a_year():
    text = _mutant(CPPCC, 1, "| 2018 |", "| ¹2018 |")
    outcome = run_report(text)
    assert (outcome.error, outcome.refused, outcome.lost) == (None, None, [])
    assert gb.read_report(text=text).year == 2018  # read from the document instead (江苏省政协办公厅2018度…)


def test_the_harness_counts_a_wrapped_python_error_as_a_defect(monkeypatch):
    """A GovBudgetError that only wraps a ValueError of the reader is a defect, not a refusal."""
    import govbudget.reader as reader

    def broken(*_args, **_kwargs):
        raise ValueError("invalid literal for int() with base 10: '¹2018'")

    monkeypatch.setattr(reader, "parse_text", broken)
    outcome = run_report("收入决算表\n合计\t1.00\n")
    assert outcome.refused is None and outcome.error.startswith("ValueError wrapped in ReportReadError")


def test_the_check_time_budget_is_not_taken_for_an_odd_figure(monkeypatch):
    """Fuzz mutant 5127 (司法局 with lines 203-207 printed twice more) ran check() past its 60 s budget
    for minutes: the budget's LimitExceededError, raised inside a family run again by the C01 search,
    was caught as a family's odd figure (a not_assessable finding) and the search went on unbounded.
    The budget now ends the check wherever it runs out."""
    from govbudget.checks import _runner

    def out_of_time(*_args):
        raise gb.LimitExceededError("text", "check_seconds", 60, "the time taken")

    monkeypatch.setattr(_runner, "FAMILIES", (("表内", out_of_time),))
    rep = gb.read_report(text=seed_texts()[JUSTICE])
    with pytest.raises(gb.LimitExceededError):
        _runner.check_report(rep, families=_runner.FAMILIES)
