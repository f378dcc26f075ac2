"""Fuzz (bounded profile): money and codes take anything and answer with a value or a typed error.

Part of the fuzz suite of issue 12 (tests/fuzzing/); ``make fuzz`` runs the long report profile.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest
from fuzzing.strategies import code_spellings, junk_amounts, junk_codes, printed_amounts
from hypothesis import given, settings
from hypothesis import strategies as st

import govbudget as gb

AMOUNT_FUNCTIONS = {
    "D": gb.D, "parse_amount": gb.parse_amount, "to_wan": gb.to_wan, "to_yuan": gb.to_yuan,
    "round_half_up": gb.round_half_up, "format_amount": gb.format_amount, "format_percent": gb.format_percent,
    "percent": lambda v: gb.percent(v, "3"), "percent of": lambda v: gb.percent("1", v),
    "check_sum": lambda v: gb.check_sum("1.00", [v, "0.50"]),
    "spend": lambda v: gb.Ledger("某单位", 2024).spend(v, functional="2010450"),
}


@settings(max_examples=60)
@given(st.sampled_from(sorted(AMOUNT_FUNCTIONS)), junk_amounts)
def test_amount_doors_answer_or_raise_a_typed_error(name, value):
    try:
        AMOUNT_FUNCTIONS[name](value)
    except gb.GovBudgetError:
        pass


@settings(max_examples=60)
@given(printed_amounts())
def test_printed_amounts_read_back_to_their_value(case):
    text, value = case
    assert gb.parse_amount(text) == value
    assert gb.D(text) == value
    assert gb.parse_amount(gb.format_amount(value, places=4)) == value  # formatting keeps the value


_CONTEXTS = st.builds(
    decimal.Context,
    prec=st.integers(1, 40),
    rounding=st.sampled_from([decimal.ROUND_DOWN, decimal.ROUND_FLOOR, decimal.ROUND_HALF_EVEN, decimal.ROUND_05UP]),
    traps=st.lists(st.sampled_from([decimal.Inexact, decimal.Rounded, decimal.Subnormal]), max_size=3),
)


@settings(max_examples=40)
@given(printed_amounts(), _CONTEXTS)
def test_money_results_do_not_depend_on_the_callers_context(case, ctx):
    text, _value = case
    expected = [gb.parse_amount(text), gb.to_wan(text), gb.round_half_up(text, 1), gb.format_amount(text),
                gb.percent(text, "7")]
    with decimal.localcontext(ctx):
        got = [gb.parse_amount(text), gb.to_wan(text), gb.round_half_up(text, 1), gb.format_amount(text),
               gb.percent(text, "7")]
    assert got == expected


@settings(max_examples=40)
@given(st.decimals(min_value=-(10**20), max_value=10**20, places=6, allow_nan=False, allow_infinity=False))
def test_wan_and_yuan_agree(wan):
    """to_yuan is exact, so to_wan(to_yuan(x), 6) gives x back (whole 分 of 万元 with 6 decimals)."""
    assert gb.to_wan(gb.to_yuan(wan), 6) == wan


CODE_DOORS = {
    "functional(2024)[…]": lambda c: gb.functional(2024)[c],
    "Edition.get": lambda c: gb.functional(2024).get(c),
    "in": lambda c: c in gb.functional(2024),
    "compact_code": gb.compact_code,
    "validate_code": lambda c: gb.validate_code(c, "functional"),
    "spend": lambda c: gb.Ledger("某单位", 2024).spend("1", functional=c),
    "spend (learn)": lambda c: gb.Ledger("某单位", 2024, unknown_codes="learn").spend("1", functional=c),
    "total": lambda c: gb.Ledger("某单位", 2024).total(functional=c),
    "Budgets": lambda c: gb.Budgets(initial=[(c, "1")]),
}


@settings(max_examples=60)
@given(st.sampled_from(sorted(CODE_DOORS)), junk_codes)
def test_code_doors_answer_or_raise_a_typed_error(name, code):
    try:
        CODE_DOORS[name](code)
    except gb.GovBudgetError:
        pass


@pytest.mark.parametrize("door", ["spend", "total", "Budgets", "validate_code"])
@settings(max_examples=15)
@given(code_spellings())
def test_code_spellings_reach_the_same_code(door, case):
    """One input rule: every spelling compact_code reads is the same code at every door."""
    text, code = case
    led = gb.Ledger("某单位", 2024)
    got = {"spend": lambda: led.spend("1", functional=text).functional,
           "total": lambda: (led.spend("1", functional=code), led.total(functional=text))[1],
           "Budgets": lambda: next(iter(gb.Budgets(initial={text: "1"}).initial)),
           "validate_code": lambda: gb.validate_code(text, "functional")}[door]()
    assert got == (Decimal("1.00") if door == "total" else code)
