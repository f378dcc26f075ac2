"""Fuzz (bounded profile): random ledgers keep Σ in = Σ out in every roll-up, whatever the codes.

Part of the fuzz suite of issue 12 (tests/fuzzing/).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import polars as pl
from fuzzing.strategies import postings
from hypothesis import given, settings
from hypothesis import strategies as st

import govbudget as gb


def _ledger(rows: list[dict]) -> gb.Ledger:
    led = gb.Ledger("某单位", 2024, unknown_codes="learn")
    for r in rows:
        fields = dict(r)
        led.spend(fields.pop("amount"), **fields)
    return led


def _expected(rows: list[dict], key: str) -> dict[str | None, Decimal]:
    """The roll-up computed independently: each posting counts on its code and on every prefix
    of it (类 3, 款 5 digits) — the parents a code's digits give — and on the 合计 (None)."""
    out: dict[str | None, Decimal] = defaultdict(Decimal, {None: Decimal(0)})  # the 合计 row is always there
    for r in rows:
        code = r.get(key)
        if code is None:
            continue
        for node in {code[:n] for n in (3, 5, 7) if n <= len(code)} | {None}:
            out[node] += r["amount"]
    return dict(out)


def _check_tree(frame: pl.DataFrame, expected: dict[str | None, Decimal]) -> None:
    """Σ in = Σ out: every row of the roll-up (合计 included) is what was put in below it, and the
    spending-type columns of each row add up to its total."""
    rows = {r["code"]: r for r in frame.iter_rows(named=True)}
    assert {code: r["total"] for code, r in rows.items()} == expected
    for code, r in rows.items():
        spent = sum((r[t.value] for t in gb.SpendType), Decimal(0))
        assert spent == r["total"], code


@settings(max_examples=10)
@given(st.lists(postings(), min_size=1, max_size=25))
def test_random_ledgers_roll_up_exactly(rows):
    led = _ledger(rows)
    put_in = sum((r["amount"] for r in rows), Decimal(0))
    assert led.total() == put_in
    _check_tree(led.rollup(), _expected(rows, "functional"))
    _check_tree(led.rollup("economic"), _expected(rows, "economic"))
    by_class = defaultdict(Decimal)
    for r in rows:
        by_class[r["functional"][:3]] += r["amount"]
    for cls, amount in by_class.items():
        assert led.total(functional=cls) == amount


@settings(max_examples=6)
@given(st.lists(postings(), min_size=1, max_size=25))
def test_bulk_rollup_agrees_with_the_ledger(rows):
    led = _ledger(rows)
    df = pl.DataFrame({"unit": ["甲"] * len(rows), "functional": [r["functional"] for r in rows],
                       "amount": [str(r["amount"]) for r in rows]})
    bulk = gb.bulk_rollup(df, year=2024, unknown_codes="learn")
    mine = {r["code"]: r["total"] for r in led.rollup().iter_rows(named=True)}
    theirs = {r["code"]: r["amount"] for r in bulk.iter_rows(named=True)}
    assert theirs == mine


@settings(max_examples=3)
@given(rows=st.lists(postings(), min_size=1, max_size=10))
def test_a_saved_ledger_loads_with_the_same_totals(tmp_path_factory, rows):
    led = _ledger(rows)
    back = gb.Ledger.load(led.save(tmp_path_factory.mktemp("led")))
    assert back.rollup().equals(led.rollup())
    assert back.learned_codes == led.learned_codes
