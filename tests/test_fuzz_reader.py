"""Fuzz (bounded profile): mutated reports through the reader, the checks and the command line.

A handful of mutants (tests/fuzzing/mutate.py, fixed seed) and the inputs of the defects issue
12 lists. ``make fuzz`` runs the long profile (10,000 mutants by default) and prints the table.
"""

from __future__ import annotations

import pytest
from fuzzing.invariants import run_cli, run_report
from fuzzing.mutate import cases, mutants, seed_texts

MUTANTS = list(mutants(4, seed=0))
#: the issue inputs cheap enough for every test run (the others: make fuzz)
QUICK_CASES = ["a sign inside accounting parentheses (12.4)", "Arabic-Indic digits in a cell (12.6)",
               "NUL bytes only (12.10)", "prose with no report in it (12.10)", "empty text"]


@pytest.mark.parametrize("name", ["reports/jiangsu_cppcc_2018_dept_budget_tables.txt",
                                  "reports/shanghai_dept_final_template_2024.txt"])
def test_every_amount_of_a_fixture_is_read(name):
    """The measure of lost amounts finds nothing to report on fixtures as they are (make fuzz
    measures all six)."""
    outcome = run_report(seed_texts()[name])
    assert (outcome.error, outcome.lost) == (None, [])


@pytest.mark.parametrize(("index", "seed", "ops", "text"), MUTANTS, ids=[f"mutant-{m[0]}" for m in MUTANTS])
def test_mutants_raise_only_library_errors_and_lose_no_amount(index, seed, ops, text):
    outcome = run_report(text)
    assert outcome.error is None, f"{seed} {ops}\n{outcome.traceback}"
    assert outcome.lost == [], f"{seed} {ops}"


@pytest.mark.parametrize("name", QUICK_CASES)
def test_issue_inputs_raise_only_library_errors(name):
    """The repro inputs of issue 12 give findings or typed errors. (Their lost amounts are
    measured by ``make fuzz``; the reader work of issue 12.6 makes them zero.)"""
    outcome = run_report(cases()[name])
    assert outcome.error is None, outcome.traceback


@pytest.mark.parametrize("name", ["NUL bytes only (12.10)", "a sign inside accounting parentheses (12.4)"])
def test_the_command_line_returns_a_status(tmp_path, name):
    path = tmp_path / "report.txt"
    path.write_text(cases()[name], encoding="utf-8")
    outcome = run_cli(path)
    assert outcome.error is None, outcome.traceback
    assert outcome.exit_code in (0, 1, 2)


def test_the_command_line_reads_a_mutant_with_bad_bytes(tmp_path):
    _index, _seed, _ops, text = MUTANTS[0]
    path = tmp_path / "report.txt"
    data = text.encode("utf-8")
    path.write_bytes(data[:200] + b"\xff\xfe\x00\xc3" + data[200:])
    outcome = run_cli(path)
    assert outcome.error is None, outcome.traceback
    assert outcome.exit_code in (0, 1, 2)
