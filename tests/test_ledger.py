"""The ledger: exact postings, roll-up along both trees, round trips, bulk."""

from __future__ import annotations

import random
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govbudget as gb

LEAVES = ["2010450", "2010499", "2080502", "2080505", "2080506", "2101101", "2101102", "2101103",
          "2101199", "2110199", "2210201"]
ECON = ["30101", "30102", "30201", "30217", "30231", "30305", "31002"]


def small_ledger() -> gb.Ledger:
    led = gb.Ledger(gb.Unit("测试中心", gb.UnitKind.FISCAL_SUPPORTED), 2024)
    led.spend("3538700.00", functional="2010450", economic="30101")
    led.spend("567800.00", functional="2010499", economic="30201", spend_type=gb.SpendType.PROJECT)
    led.spend("58400.00", functional="2080502", economic="30305")
    led.spend("1000.00", functional="2080502", economic="30305", fund=gb.Fund.OPERATIONS)
    led.spend("72000.00", functional="2110199", economic="31002", spend_type="项目支出", carried_over=True)
    led.receive("4236900.00", fund=gb.Fund.GENERAL, functional="2010450")
    led.receive("1000.00", fund="事业收入", functional="2080502")
    return led


def test_totals_at_every_level():
    led = small_ledger()
    assert led.total() == Decimal("4237900.00")
    assert led.total(functional="201") == Decimal("4106500.00")
    assert led.total(functional="20805") == Decimal("59400.00")
    assert led.total(functional="2080502", fund=gb.Fund.GENERAL) == Decimal("58400.00")
    assert led.total(spend_type="项目支出") == Decimal("639800.00")
    assert led.total(carried_over=True) == Decimal("72000.00")
    assert led.total(economic="302") == Decimal("567800.00")
    assert led.total(economic=("301", "303")) == Decimal("3598100.00")  # all funds
    assert led.income_total() == Decimal("4237900.00")
    assert led.income_total(fund=[gb.Fund.GENERAL, gb.Fund.GOV_FUND]) == Decimal("4236900.00")


def test_economic_only_postings_are_not_counted_twice():
    """A published 公开06 leaf (economic only) is a second view of money already counted by function."""
    led = gb.Ledger("某单位", 2024)
    led.spend("100.00", functional="2010450")
    led.spend("100.00", economic="30201")
    assert led.total() == Decimal("100.00")
    assert led.total(functional="201") == Decimal("100.00")
    assert led.total(economic="302") == Decimal("100.00")


def test_unknown_code_is_an_error_unless_learned():
    led = gb.Ledger("某单位", 2024)
    with pytest.raises(gb.LedgerError) as info:
        led.spend("1", functional="2130198")
    msg = str(info.value)
    assert "2130198" in msg and "2024" in msg and "unknown_codes='learn'" in msg
    led = gb.Ledger("某单位", 2024, unknown_codes="learn")
    led.learn("2130198", "行政运行")
    led.spend("1", functional="2130198")
    assert led.learned_codes["functional"] == {"2130198": "行政运行"}
    assert led.chain("2130198") == ("2130198", "21301", "213")


@pytest.mark.parametrize(
    ("bad", "match"),
    [({"functional": "20104x"}, r"'20104x' is not a functional code: expected 3, 5 or 7 ASCII digits"),
     ({"functional": None, "economic": None}, "a posting needs a functional or an economic code"),
     ({"functional": "2010450", "fund": "财政"}, "'财政' is not a fund; expected one of: 一般公共预算财政拨款"),
     ({"functional": "2010450", "spend_type": "x"}, "'x' is not a spending type; expected one of: 基本支出")],
)
def test_bad_postings_raise_ledger_errors(bad, match):
    led = gb.Ledger("某单位", 2024)
    with pytest.raises(gb.LedgerError, match=match):
        led.spend("1", **bad)


def test_more_than_two_decimals_is_refused():
    with pytest.raises(gb.LedgerError, match="more than 2 decimals"):
        gb.Ledger("某单位", 2024).spend("1.005", functional="2010450")


def test_closing_balance_is_derived_and_checked():
    led = small_ledger()
    led.balances.opening[gb.Fund.GENERAL] = Decimal("10000.00")
    # 年初 10000 + 收入 4236900 − 支出(一般公共预算) 4236900 = 10000
    assert led.closing(gb.Fund.GENERAL) == Decimal("10000.00")
    led.balances.closing_given[gb.Fund.GENERAL] = Decimal("10000.00")
    assert [f.verdict for f in led.check_closing()] == ["ok"]


def test_rollup_frame_is_exact_decimal():
    df = small_ledger().rollup(by=("spend_type", "fund"))
    assert df.schema["total"] == pl.Decimal(38, 2)
    first = df.row(0, named=True)
    assert first["code"] is None and first["name"] == "合计"
    assert first["total"] == Decimal("4237900.00")
    assert first["项目支出"] == Decimal("639800.00")
    assert first["事业收入"] == Decimal("1000.00")
    row = df.filter(pl.col("code") == "20805").row(0, named=True)
    assert (row["name"], row["level"], row["parent"], row["total"]) == ("行政事业单位养老支出", "款", "208",
                                                                      Decimal("59400.00"))


def test_economic_rollup():
    df = small_ledger().rollup("economic")
    got = dict(df.select("code", "total").rows())
    assert got["302"] == Decimal("567800.00")
    assert got["30305"] == Decimal("59400.00")
    assert got[None] == Decimal("4237900.00")


def test_personnel_and_public_come_from_the_rules():
    """人员经费/公用经费 are never stored: the shipped rule set derives them from economic codes."""
    rules = gb.ruleset("hunan", year=2024)
    led = small_ledger()
    assert rules.compute(led, "personnel").value == Decimal("3597100.00")  # 30101 + 30305 (一般公共预算 基本支出)
    assert rules.compute(led, "public").value == Decimal("0.00")  # the 302 and 310 postings are 项目支出


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_round_trip_is_lossless(tmp_path, fmt):
    led = small_ledger()
    path = tmp_path / f"postings.{fmt}"
    getattr(led, f"write_{fmt}")(path)
    back = getattr(gb.Ledger, f"read_{fmt}")(path, led.unit, 2024)
    assert back.postings == led.postings
    assert back.income == led.income


def test_read_csv_reports_every_bad_row(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "kind,amount,functional,economic,spend_type,fund,carried_over,unit,note\n"
        "expenditure,1.00,2010450,,基本支出,一般公共预算财政拨款,false,,\n"
        "expenditure,1.001,2010450,,基本支出,一般公共预算财政拨款,false,,\n"
        "transfer,1.00,2010450,,,,false,,\n"
        "expenditure,abc,2010450,,基本支出,一般公共预算财政拨款,false,,\n",
        encoding="utf-8",
    )
    with pytest.raises(gb.DataFileError) as info:
        gb.Ledger.read_csv(path, "某单位", 2024)
    assert [line for line, _ in info.value.problems] == [3, 4, 5]


# ----------------------------------------------------------------------------- properties

posting = st.tuples(
    st.sampled_from(LEAVES),
    st.sampled_from(ECON),
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(list(gb.SpendType)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(posting, min_size=1, max_size=40), st.randoms())
def test_rollup_equals_sum_at_every_node_in_any_order(rows, rnd):
    """Every node's total is the plain sum of the postings under it, whatever the order of posting."""
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    led = gb.Ledger("某单位", 2024)
    for code, econ, amount, kind in shuffled:
        led.spend(amount, functional=code, economic=econ, spend_type=kind)
    df = led.rollup()
    for code, total in df.select("code", "total").rows():
        expected = sum((a for c, _, a, _ in rows if code is None or c.startswith(code)), Decimal(0))
        assert total == expected
    econ_df = led.rollup("economic")
    for code, total in econ_df.select("code", "total").rows():
        expected = sum((a for _, e, a, _ in rows if code is None or e.startswith(code)), Decimal(0))
        assert total == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(posting, min_size=1, max_size=40))
def test_printed_totals_stay_within_the_calc11_band(rows):
    """Rounding each node from its own exact value keeps every printed total within (n+1)·0.005 of
    the sum of its printed children."""
    led = gb.Ledger("某单位", 2024)
    for code, econ, amount, kind in rows:
        led.spend(amount, functional=code, economic=econ, spend_type=kind)
    df = led.rollup()
    totals = dict(df.select("code", "total").rows())
    for parent in totals:
        children = [c for c in totals if c is not None and led.parent_of(c) == parent] if parent else [
            c for c in totals if c is not None and len(c) == 3]
        if not children:
            continue
        printed = gb.to_wan(totals[parent])
        parts = [gb.to_wan(totals[c]) for c in children]
        finding = gb.check_sum(printed, parts)
        assert finding.verdict in {"ok", "tail"}
        assert abs(printed - sum(parts)) <= Decimal(len(parts) + 1) * Decimal("0.005")


def test_bulk_matches_the_ledger():
    rng = random.Random(3)
    rows = [(f"U{rng.randrange(4)}", rng.choice(LEAVES), Decimal(rng.randrange(1, 10**8)) / 100) for _ in range(300)]
    df = pl.DataFrame({"unit": [r[0] for r in rows], "functional": [r[1] for r in rows],
                       "amount": [str(r[2]) for r in rows]})
    out = gb.bulk_rollup(df, year=2024, sort=True)
    assert out.schema["amount"] == pl.Decimal(38, 2)
    for unit in sorted({r[0] for r in rows}):
        led = gb.Ledger(unit, 2024)
        for u, code, amount in rows:
            if u == unit:
                led.spend(amount, functional=code)
        expected = {c: t for c, t in led.rollup().select("code", "total").rows()}
        got = {c: a for c, a in out.filter(pl.col("unit") == unit).select("code", "amount").rows()}
        assert got == expected


def test_bulk_refuses_floats_and_inexact_amounts():
    with pytest.raises(gb.FloatNotAllowedError) as e:
        gb.bulk_rollup(pl.DataFrame({"unit": ["a"], "functional": ["2010450"], "amount": [1.5]}), year=2024)
    assert str(e.value).startswith("column 'amount' holds floats (dtype Float64); amounts must be exact")
    assert ("amount", None) == (e.value.column, e.value.value)
    with pytest.raises(gb.DataFileError, match=r"1\.005"):
        gb.bulk_rollup(pl.DataFrame({"unit": ["a"], "functional": ["2010450"], "amount": ["1.005"]}), year=2024)
    inexact = pl.DataFrame({"unit": ["a"], "functional": ["2010450"], "amount": [Decimal("1.005")]})
    with pytest.raises(gb.DataFileError, match="more than 2 decimals"):
        gb.bulk_rollup(inexact, year=2024)
    with pytest.raises(gb.DataFileError, match="2999999"):
        gb.bulk_rollup(pl.DataFrame({"unit": ["a"], "functional": ["2999999"], "amount": ["1"]}), year=2024)


def test_bulk_keeps_extra_keys_and_accepts_learned_codes():
    df = pl.DataFrame({"unit": ["a", "a"], "functional": ["2130198", "2130198"], "amount": ["1.10", "2.20"],
                       "fund": ["一般公共预算财政拨款", "事业收入"]})
    out = gb.bulk_rollup(df, year=2024, by=["fund"], unknown_codes="learn", sort=True)
    got = {(r["level"], r["code"], r["fund"]): r["amount"] for r in out.iter_rows(named=True)}
    assert got[("类", "213", "事业收入")] == Decimal("2.20")
    assert got[("合计", None, "一般公共预算财政拨款")] == Decimal("1.10")


# ----------------------------------------------------------------------------- review fixes


def test_economic_rollup_with_a_filter_keeps_economic_only_postings():
    """The economic tree sums every posting with an economic code, filtered or not."""
    led = gb.Ledger("某单位", 2024)
    led.spend("100", functional="2010450")
    led.spend("100", economic="30201")
    led.spend("7", economic="30201", fund="事业收入")
    got = dict(led.rollup("economic", fund="一般公共预算财政拨款").select("code", "total").rows())
    assert got == {None: Decimal("100.00"), "302": Decimal("100.00"), "30201": Decimal("100.00")}
    got = dict(led.rollup("functional", fund="一般公共预算财政拨款").select("code", "total").rows())
    assert got == {None: Decimal("100.00"), "201": Decimal("100.00"), "20104": Decimal("100.00"),
                   "2010450": Decimal("100.00")}
    # total() keeps its rule: no code filter → the functional view; an economic filter → the economic view
    assert led.total(fund="一般公共预算财政拨款") == Decimal("100.00")
    assert led.total(economic="302") == Decimal("107.00")
    assert led.total(economic="302", fund=gb.Fund.OPERATIONS) == Decimal("7.00")


@pytest.mark.parametrize(
    ("filters", "needle"),
    [({"economic": 301}, "int 301"), ({"functional": 201}, "int 201"), ({"foo": 1}, "unknown filter foo"),
     ({"functional": "20l"}, "'20l'"), ({"functional": "2999999"}, "'2999999'"), ({"economic": ["301", "399x"]}, "'399x'"),
     ({"economic": "30999x"}, "'30999x'"), ({"economic": []}, "empty list"), ({"fund": 1}, "fund filter"),
     ({"carried_over": "yes"}, "carried_over filter"), ({"unit": 3}, "unit filter"), ({"functional": "301"}, "start with 2")],
)
def test_bad_filters_are_ledger_errors_not_zero(filters, needle):
    """A typo in a filter code used to total 0.00 silently."""
    led = small_ledger()
    with pytest.raises(gb.LedgerError) as info:
        led.total(**filters)
    assert needle in str(info.value)


def test_filter_codes_known_somewhere_are_accepted():
    led = small_ledger()
    assert led.total(economic="30231") == Decimal("0.00")  # a real code, in another shipped edition
    attested = gb.Ledger("某单位", 2024, unknown_codes="learn")
    attested.spend("5", functional="2130198")
    assert attested.total(functional="213") == Decimal("5.00")  # structural ancestor of an attested code
    assert attested.income_total(functional="21301") == Decimal("0.00")
    with pytest.raises(gb.LedgerError, match="2139998"):
        attested.total(functional="2139998")
    with pytest.raises(gb.LedgerError, match="'2x'"):
        attested.income_total(functional="2x")


def test_balances_and_budgets_take_amounts_only_through_d():
    with pytest.raises(gb.FloatNotAllowedError):
        gb.Balances(distribution=1.5)
    with pytest.raises(gb.FloatNotAllowedError):
        gb.Budgets(initial={"2010450": 1.5})
    with pytest.raises(gb.FloatNotAllowedError):
        gb.Budgets(initial_total=1.5)
    led = gb.Ledger("某单位", 2024)
    with pytest.raises(gb.FloatNotAllowedError):
        led.balances.opening[gb.Fund.GENERAL] = 1.5
    with pytest.raises(gb.FloatNotAllowedError):
        led.balances.closing_given.update({"一般公共预算财政拨款": 2.5})
    with pytest.raises(gb.FloatNotAllowedError):
        led.budgets.three_public.setdefault("abroad", 0.1)
    with pytest.raises(gb.FloatNotAllowedError):
        led.budgets.prior |= {"total": 3.0}
    led.balances.opening["GENERAL"] = "10"
    led.balances = gb.Balances(opening={"事业收入": 5})
    assert led.balances.opening == {gb.Fund.OPERATIONS: Decimal("5.00")}
    led.budgets.initial = {"2010450": "1"}
    led.budgets.initial["2010499"] = 2
    assert led.budgets.initial_sum() == Decimal("3")
    assert led.closing() == Decimal("5.00")


@pytest.mark.parametrize(
    ("action", "error", "match"),
    [(lambda b: b.opening.__setitem__("财政", "1"), gb.LedgerError, "'财政' is not a fund"),
     (lambda b: b.opening.__setitem__(gb.Fund.GENERAL, "1.005"), gb.LedgerError,
      "amount '1.005' has more than 2 decimals"),
     (lambda b: b.closing_given.update(None), gb.LedgerError,
      "expected a mapping or \\(key, amount\\) pairs, found None"),
     (lambda b: setattr(b, "distribution", "abc"), gb.ParseError, "cannot read 'abc' as an amount")],
)
def test_balances_refuse_bad_keys_and_values(action, error, match):
    with pytest.raises(error, match=match):
        action(gb.Balances())


@pytest.mark.parametrize(
    ("action", "match"),
    [(lambda b: b.initial.__setitem__("2x", "1"), "budgets by functional code: '2x' is not a functional code"),
     (lambda b: b.adjusted.__setitem__(2010450, "1"), "budgets by functional code: 2010450 is not a functional code"),
     (lambda b: b.three_public.__setitem__("", "1"), "三公 budgets: keys are non-empty str such as 'abroad', found ''"),
     (lambda b: b.prior.__setitem__("total", "1e5"), r"named amounts\['total'\]: cannot read '1e5' as an amount")],
)
def test_budgets_refuse_bad_keys_and_values(action, match):
    with pytest.raises(gb.LedgerError, match=match):
        action(gb.Budgets())


def test_huge_amounts_are_ledger_errors():
    led = gb.Ledger("某单位", 2024)
    with pytest.raises(gb.LedgerError, match="below 10"):
        led.spend("9" * 40, functional="2010450")
    led.spend("9" * 29 + ".99", functional="2010450")
    led.spend("0.01", functional="2010450")
    assert led.total() == Decimal("1" + "0" * 29 + ".00")
    assert led.rollup().row(0, named=True)["total"] == Decimal("1" + "0" * 29 + ".00")


def test_totals_do_not_depend_on_the_callers_context():
    import decimal

    led = gb.Ledger("某单位", 2024)
    led.spend("123456789.01", functional="2010450")
    led.spend("0.01", functional="2010499")
    with decimal.localcontext(prec=4):
        assert led.total() == Decimal("123456789.02")
        assert led.closing() == Decimal("-123456789.02")


@pytest.mark.parametrize(("text", "expected"), [(True, True), ("true", True), (" FALSE ", False), ("是", True),
                                                ("否", False), (False, False)])
def test_carried_over_parses_only_explicit_values(text, expected):
    led = gb.Ledger("某单位", 2024)
    assert led.spend("1", functional="2010450", carried_over=text).carried_over is expected


@pytest.mark.parametrize("bad", ["no", "ture", "1", "", 1, None])
def test_carried_over_refuses_anything_else(bad):
    with pytest.raises(gb.LedgerError, match="carried_over"):
        gb.Ledger("某单位", 2024).spend("1", functional="2010450", carried_over=bad)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [(lambda: gb.Ledger.from_frame(None, "x", 2024), gb.DataFileError,
      "expected a polars DataFrame, found NoneType"),
     (lambda: gb.Ledger.from_frame([1], "x", 2024), gb.DataFileError, "expected a polars DataFrame, found list"),
     (lambda: gb.Ledger(None, 2024), gb.LedgerError, "unit must be a Unit or its name \\(a str\\), found NoneType"),
     (lambda: gb.Ledger("x", 2024, unknown_codes="yes"), gb.LedgerError,
      "unknown_codes must be 'error' or 'learn', found 'yes'"),
     (lambda: gb.Ledger("x", 2024, unknown_codes=True), gb.LedgerError,
      "unknown_codes must be 'error' or 'learn', found True"),
     (lambda: gb.Ledger("x", 2024, units=[1]), gb.LedgerError, "units must be Unit values .*, found 1"),
     (lambda: gb.Ledger("x", 2024, functional_edition="2024"), gb.LedgerError,
      "functional_edition must be an Edition .*, found '2024'"),
     (lambda: gb.Ledger("x", 2024).spend("1", functional=2010450), gb.LedgerError,
      "a code must be a str such as '2010450', found int 2010450"),
     (lambda: gb.Ledger("x", 2024).spend("1", foo=1), gb.LedgerError, "bad posting fields \\['foo'\\]"),
     (lambda: gb.Ledger("x", 2024).spend("1", functional="2010450", note=3), gb.LedgerError,
      "note must be a str, found int 3"),
     (lambda: gb.Ledger("x", 2024).rollup("both"), gb.LedgerError,
      "rollup tree must be 'functional' or 'economic', found 'both'"),
     (lambda: gb.Ledger.read_csv(None, "x", 2024), gb.DataFileError,
      "expected a path \\(str or Path\\), found NoneType")],
)
def test_ordinary_misuse_raises_typed_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_read_csv_refuses_binary_and_non_utf8(tmp_path):
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"kind,amount\n\xff\xfe\x00\x01\x02")
    with pytest.raises(gb.DataFileError, match="not UTF-8"):
        gb.Ledger.read_csv(binary, "x", 2024)
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(b"kind,amount,functional\nexpenditure,1,2010450\n" + "income,1,,,,事业收入\n".encode("gbk"))
    with pytest.raises(gb.DataFileError, match="not UTF-8"):
        gb.Ledger.read_csv(gbk, "x", 2024)


def test_writing_into_a_missing_directory_names_the_path(tmp_path):
    led = small_ledger()
    for fmt in ("csv", "parquet"):
        target = tmp_path / "no-such-dir" / f"p.{fmt}"
        with pytest.raises(gb.DataFileError) as info:
            getattr(led, f"write_{fmt}")(target)
        assert str(target) in str(info.value)


def test_read_csv_reports_extra_cells_unknown_columns_and_bad_flags_together(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "kind,amount,functional,carried_over\n"
        "expenditure,1.00,2010450,true\n"
        "expenditure,1.00,2010450,false,surplus\n"
        "expenditure,1.00,2010450,ture\n"
        "income,1.00,2010450,true\n",
        encoding="utf-8",
    )
    with pytest.raises(gb.DataFileError) as info:
        gb.Ledger.read_csv(path, "某单位", 2024)
    problems = info.value.problems
    assert [line for line, _ in problems] == [3, 4, 5]
    assert "surplus" in problems[0][1] and "ture" in problems[1][1] and "carried over" in problems[2][1]
    memo = tmp_path / "memo.csv"
    memo.write_text("kind,amount,memo\nexpenditure,1,2010450\n", encoding="utf-8")
    with pytest.raises(gb.DataFileError) as info:
        gb.Ledger.read_csv(memo, "某单位", 2024)
    assert "memo" in str(info.value) and "known columns: kind, amount, functional" in str(info.value)


def test_from_frame_reports_every_bad_row_and_unknown_columns():
    df = pl.DataFrame({"kind": ["expenditure", "expenditure", "transfer", "income"],
                       "amount": ["1", "abc", "1", "2"], "functional": ["2010450", "2010450", "2010450", "2x"]})
    with pytest.raises(gb.DataFileError) as info:
        gb.Ledger.from_frame(df, "某单位", 2024)
    assert [line for line, _ in info.value.problems] == [2, 3, 4]
    with pytest.raises(gb.DataFileError, match="unknown columns"):
        gb.Ledger.from_frame(df.with_columns(pl.lit("x").alias("memo")), "某单位", 2024)


@pytest.mark.parametrize("year", [2030, 2010, 1999])
def test_a_year_without_shipped_tables_fails_like_functional(year):
    """Issue 14.4: Ledger("x", 2030) silently used the 2026 tables while functional(2030) raised."""
    with pytest.raises(gb.UnknownEditionError) as expected:
        gb.functional(year)
    with pytest.raises(gb.UnknownEditionError) as info:
        gb.Ledger("某单位", year)
    assert str(info.value).startswith(str(expected.value))
    assert "unknown_codes='learn'" in str(info.value) and "functional_edition=" in str(info.value)


def test_a_learning_ledger_of_a_year_without_tables_says_so():
    led = gb.Ledger("某单位", 2030, unknown_codes="learn")
    assert len(led.functional_edition) == 0
    assert "no functional edition 2030 is shipped: every code is learned from the postings" in led.edition_note
    led.spend("5", functional="2010101", economic="30101")
    assert led.total(functional="201") == Decimal("5.00")
    assert gb.Ledger("某单位", 2024).edition_note == ""


# float inputs anywhere money enters the ledger
@settings(max_examples=40, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(["spend", "receive", "opening", "closing_given",
                                                                        "distribution", "initial", "adjusted",
                                                                        "initial_total", "three_public", "prior"]))
def test_any_float_into_the_ledger_raises(value, door):
    led = gb.Ledger("某单位", 2024)
    with pytest.raises(gb.FloatNotAllowedError):
        if door == "spend":
            led.spend(value, functional="2010450")
        elif door == "receive":
            led.receive(value, functional="2010450")
        elif door in ("opening", "closing_given"):
            getattr(led.balances, door)[gb.Fund.GENERAL] = value
        elif door == "distribution":
            led.balances.distribution = value
        elif door in ("initial", "adjusted"):
            getattr(led.budgets, door)["2010450"] = value
        elif door == "initial_total":
            gb.Budgets(initial_total=value)
        else:
            getattr(led.budgets, door)["abroad"] = value
    assert led.postings == () and led.income == ()


# every node of both trees, written out by hand for the codes used (a mutant that drops 款 fails)
FN_NODES = {"2010450": ("201", "20104"), "2010499": ("201", "20104"), "2080502": ("208", "20805"),
            "2080505": ("208", "20805"), "2080506": ("208", "20805"), "2101101": ("210", "21011"),
            "2101102": ("210", "21011"), "2101103": ("210", "21011"), "2101199": ("210", "21011"),
            "2110199": ("211", "21101"), "2210201": ("221", "22102")}
EC_NODES = {"30101": ("301",), "30102": ("301",), "30201": ("302",), "30217": ("302",), "30231": ("302",),
            "30305": ("303",), "31002": ("310",)}

signed_posting = st.tuples(
    st.sampled_from(LEAVES),
    st.sampled_from(ECON),
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(list(gb.SpendType)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(signed_posting, min_size=1, max_size=30))
def test_rollup_has_exactly_the_nodes_above_the_postings(rows):
    """The roll-up has one row per 类, 款 and 项 above a posting (and 合计), negatives included."""
    led = gb.Ledger("某单位", 2024)
    for code, econ, amount, kind in rows:
        led.spend(amount, functional=code, economic=econ, spend_type=kind)
    expected_fn: dict = {None: Decimal(0)}
    expected_ec: dict = {None: Decimal(0)}
    for code, econ, amount, _ in rows:
        for node in (*FN_NODES[code], code, None):
            expected_fn[node] = expected_fn.get(node, Decimal(0)) + amount
        for node in (*EC_NODES[econ], econ, None):
            expected_ec[node] = expected_ec.get(node, Decimal(0)) + amount
    fn = led.rollup()
    assert dict(fn.select("code", "total").rows()) == expected_fn
    assert fn.height == len(expected_fn)
    levels = dict(fn.select("code", "level").rows())
    assert {c for c, lv in levels.items() if lv == "款"} == {FN_NODES[c][1] for c, *_ in rows}
    ec = led.rollup("economic")
    assert dict(ec.select("code", "total").rows()) == expected_ec
    assert ec.height == len(expected_ec)


# ----------------------------------------------------------------------------- bulk review fixes


def _frame(**cols):
    base = {"unit": ["a"], "functional": ["2010450"], "amount": ["1.00"]}
    base.update(cols)
    return pl.DataFrame(base)


def test_bulk_refuses_null_amounts_units_and_codes_with_counts():
    df = pl.DataFrame({"unit": ["a", "a", "a"], "functional": ["2010450"] * 3,
                       "amount": [Decimal("1.00"), None, None]})
    with pytest.raises(gb.DataFileError, match="2 rows with a null amount"):
        gb.bulk_rollup(df, year=2024)
    df = pl.DataFrame({"unit": ["a", None], "functional": ["2010450", None], "amount": [1, 2]})
    with pytest.raises(gb.DataFileError) as info:
        gb.bulk_rollup(df, year=2024)
    text = str(info.value)
    assert "1 row with a null unit" in text and "1 row with a null code" in text


def test_bulk_sums_past_int64_exactly():
    """Two amounts of 5e16 元 are 1e19 分 together: more than int64 holds (it wrapped before)."""
    df = pl.DataFrame({"unit": ["a", "a"], "functional": ["2010450", "2010499"],
                       "amount": [Decimal("50000000000000000.00"), Decimal("50000000000000000.01")]})
    out = gb.bulk_rollup(df, year=2024, sort=True)
    got = dict(out.select("code", "amount").rows())
    assert got[None] == Decimal("100000000000000000.01")
    assert got["20104"] == Decimal("100000000000000000.01")
    assert got["2010499"] == Decimal("50000000000000000.01")


def test_bulk_refuses_a_numeric_code_column_clearly():
    with pytest.raises(gb.DataFileError, match="has dtype Int64; functional codes are text"):
        gb.bulk_rollup(_frame(functional=[2010450]), year=2024)


@pytest.mark.parametrize("bad", ["3010101", "2010", "20x1", "201a"])
def test_bulk_learning_still_refuses_malformed_codes(bad):
    with pytest.raises(gb.DataFileError, match="is not a functional code"):
        gb.bulk_rollup(_frame(functional=[bad]), year=2024, unknown_codes="learn")


@pytest.mark.parametrize("postings", [[1], None, {"unit": ["a"]}, "x"])
def test_bulk_refuses_what_is_not_a_frame(postings):
    with pytest.raises(gb.DataFileError, match="expected a polars DataFrame"):
        gb.bulk_rollup(postings, year=2024)


@settings(max_examples=20, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_amount_column_into_bulk_raises(value):
    with pytest.raises(gb.FloatNotAllowedError):
        gb.bulk_rollup(_frame(amount=[value]), year=2024)


# ------------------------------------------------------------------------ save / load: the whole ledger
def _rich_ledger() -> gb.Ledger:
    """Every part a ledger holds besides postings, each set to something non-default."""
    units = [gb.Unit("局机关", "行政单位"), gb.Unit("所属中心", "公益一类事业单位")]
    led = gb.Ledger(gb.Unit("示例局", "行政单位"), 2024, units=units, unknown_codes="learn")
    led.learn("2130197", "其他农业农村支出（印）")
    led.spend("12.34", functional="2010450", economic="30201", unit="局机关", note='逗号,引号"')
    led.spend("5000", functional="2999999", spend_type="项目支出", carried_over=True, unit="所属中心",
              fund="政府性基金预算财政拨款")
    led.spend("69000", economic="30212")
    led.receive("4106500", fund="事业收入", functional="2010450", unit="局机关")
    led.balances.opening.update({"一般公共预算财政拨款": "100.00", "政府性基金预算财政拨款": "50000"})
    led.balances.opening_by_code[(gb.Fund.GOV_FUND, "2120801")] = Decimal("50000.00")
    led.balances.distribution = "1.50"
    led.balances.closing_given["事业收入"] = "7"
    led.budgets.initial.update({"2010450": "4764100", "2010499": "100.50"})
    led.budgets.adjusted["2010450"] = "4800000"
    led.budgets.initial_total = "4764200.49"
    led.budgets.adjusted_total = "4800000"
    led.budgets.three_public.update(total="190000", abroad="70000", vehicle_running="70000", reception="50000")
    led.budgets.three_public_initial.update(abroad="70000", vehicle_running="120000", reception="50000")
    led.budgets.prior.update({"three_public": "133500", "three_public.abroad": "0", "total": "5000000.5"})
    led.extras.update({
        "procurement": gb.Procurement(goods="277300", services="774600", sme_goods="277300", small_micro="851000"),
        "festivals": Decimal("0.00"), "note": '多行\n文本 "引号"', "count": 3, "flag": False, "missing": None,
        "pair": ("a", Decimal("1.5")), "list": [1, "二", {"k": Decimal("3")}], "nested": {"a": {"b": [True]}},
    })  # fmt: skip
    return led


def test_save_and_load_keep_every_field(tmp_path):
    led = _rich_ledger()
    folder = led.save(tmp_path / "L")
    assert ["ledger.toml", "postings.csv"] == sorted(p.name for p in folder.iterdir())
    back = gb.Ledger.load(folder)
    assert (back.unit, back.year, back.unknown_codes) == (led.unit, 2024, "learn")
    assert back.units == led.units
    assert back.learned_codes == led.learned_codes == {
        "functional": {"2130197": "其他农业农村支出（印）", "2999999": None}, "economic": {}}
    assert back.postings == led.postings and back.income == led.income
    for name in ("opening", "distribution", "closing_given", "opening_by_code"):
        assert getattr(back.balances, name) == getattr(led.balances, name), name
    for name in ("initial", "adjusted", "initial_total", "adjusted_total", "three_public", "three_public_initial",
                 "prior"):
        assert getattr(back.budgets, name) == getattr(led.budgets, name), name
    assert back.extras == led.extras
    assert isinstance(back.extras["pair"], tuple) and isinstance(back.extras["procurement"], gb.Procurement)
    assert str(back.extras["festivals"]) == "0.00" and back.budgets.initial_total == Decimal("4764200.49")
    # the derived figures agree, so nothing the rules read was lost
    rs = gb.ruleset("hunan", 2024)
    assert rs.compute(back, "three_public").to_dict() == rs.compute(led, "three_public").to_dict()
    assert rs.compute(back, "procurement").to_dict() == rs.compute(led, "procurement").to_dict()


def test_write_csv_alone_keeps_only_postings(tmp_path):
    """The postings-only form, as documented: balances, budgets and sub-units are not in the file."""
    led = _rich_ledger()
    led.write_csv(tmp_path / "p.csv")
    units = list(led.units.values())
    back = gb.Ledger.read_csv(tmp_path / "p.csv", led.unit, 2024, units=units, unknown_codes="learn")
    assert back.postings == led.postings
    assert ({}, {}, {}) == (dict(back.budgets.three_public), dict(back.balances.opening), back.extras)


def test_save_refuses_what_it_cannot_keep(tmp_path):
    led = gb.Ledger("某单位", 2024)
    led.extras["rate"] = 0.5
    with pytest.raises(gb.LedgerError, match=r"extras\['rate'\]: a float cannot be saved exactly"):
        led.save(tmp_path / "a")
    led.extras = {"obj": object()}
    with pytest.raises(gb.LedgerError, match=r"extras\['obj'\]: cannot save a object"):
        led.save(tmp_path / "b")
    led.extras = {"$x": 1}
    with pytest.raises(gb.LedgerError, match=r"reserved\), found '\$x'"):
        led.save(tmp_path / "c")
    assert not (tmp_path / "a").exists()  # nothing half-written


def test_load_reports_a_broken_sidecar(tmp_path):
    gb.Ledger("某单位", 2024).save(tmp_path)
    side = tmp_path / "ledger.toml"
    side.write_text(side.read_text(encoding="utf-8").replace('"某单位"', "1"), encoding="utf-8")
    with pytest.raises(gb.DataFileError, match=r"ledger\.toml: 1 file problem"):
        gb.Ledger.load(tmp_path)
    side.write_text("format = 'other'\n", encoding="utf-8")
    with pytest.raises(gb.DataFileError, match="format must be 'govbudget-ledger/1', found 'other'"):
        gb.Ledger.load(tmp_path)


def test_unit_name_must_be_text():
    for bad in (None, "", "  ", 3):
        with pytest.raises(gb.LedgerError, match="a unit name is a non-empty str"):
            gb.Unit(bad)


# ------------------------------------------------------------------------ issue 12.9, issue 11.3, issue 14.4


def test_total_with_unit_none_is_the_ledgers_own_unit():
    """Issue 12.9: total(unit=None), documented as the ledger's own unit, summed every unit."""
    led = gb.Ledger(gb.Unit("示例局", "行政单位"), 2024, units=[gb.Unit("所属中心", "事业单位")])
    led.spend("10", functional="2010450")  # unit None: the ledger's own
    led.spend("1", functional="2010450", unit="示例局")  # the own unit, named
    led.spend("100", functional="2010450", unit="所属中心")
    led.receive("7", functional="2010450", unit="所属中心")
    led.receive("3", functional="2010450")
    assert led.total() == Decimal("111.00")
    assert led.total(unit=None) == Decimal("11.00")
    assert led.total(unit="示例局") == Decimal("11.00")
    assert led.total(unit="所属中心") == Decimal("100.00")
    assert led.total(unit=["所属中心", None]) == Decimal("111.00")
    assert [p.amount for p in led.select(unit=None)] == [Decimal("10.00"), Decimal("1.00")]
    assert (led.income_total(unit=None), led.income_total()) == (Decimal("3.00"), Decimal("10.00"))
    assert led.rollup(unit=None).row(0, named=True)["total"] == Decimal("11.00")
    with pytest.raises(gb.LedgerError, match="unit filter '所属中新' is not the ledger's own unit"):
        led.total(unit="所属中新")  # a typo would otherwise total 0.00


def test_a_sub_unit_name_declared_twice_is_refused():
    """Issue 12.9: the second Unit of the same name silently replaced the first."""
    with pytest.raises(gb.LedgerError, match="'下属' is declared twice \\(行政单位, 事业单位\\)"):
        gb.Ledger("某单位", 2024, units=[gb.Unit("下属", "行政单位"), gb.Unit("下属", "事业单位")])


@pytest.mark.parametrize(
    "fields",
    [dict(functional="2130198", economic="3xx01"), dict(functional="2130198", unit="未声明单位"),
     dict(functional="2130198", economic="30101", name="行政运行", economic_name="不是这个名字")],
)
def test_a_refused_posting_leaves_nothing_behind(fields):
    """Issue 12.9: a refused posting still left its code among the accepted (then attested) codes."""
    led = gb.Ledger("某单位", 2024, unknown_codes="learn")
    with pytest.raises(gb.LedgerError):
        led.spend("1", **fields)
    assert led.learned_codes == {"functional": {}, "economic": {}}
    assert led.postings == ()
    with pytest.raises(gb.LedgerError, match="2130198"):
        led.total(functional="2130198")  # the code is not known to the ledger either


def test_learned_codes_take_the_postings_name_and_roll_up_by_their_digits():
    """Issue 11.3: unknown_codes="learn" replaces accept_attested; names come from the posting."""
    led = gb.Ledger("某单位", 2024, unknown_codes="learn")
    led.spend("100", functional="2130198", name="行政运行", economic="30101")
    led.spend("50", functional="2130198")  # no name: the first stays
    led.spend("20", functional="2130197", economic="39998", economic_name="其他支出")
    led.spend("5", economic="31298", name="其他对企业补助")
    assert led.learned_codes == {"functional": {"2130198": "行政运行", "2130197": None},
                                 "economic": {"39998": "其他支出", "31298": "其他对企业补助"}}
    assert led.total(functional="213") == Decimal("170.00")
    assert led.total(functional="21301") == Decimal("170.00")
    rows = {r["code"]: r for r in led.rollup().iter_rows(named=True)}
    assert (rows["2130198"]["name"], rows["2130198"]["parent"], rows["21301"]["parent"]) == ("行政运行", "21301", "213")
    assert rows[None]["total"] == rows["213"]["total"] == Decimal("170.00")  # Σ in = Σ out
    with pytest.raises(gb.LedgerError, match="'2130198' was learned as '行政运行'; the posting names it '一般行政'"):
        led.spend("1", functional="2130198", name="一般行政")
    with pytest.raises(gb.LedgerError, match="is '事业运行' in the functional edition 2024; the posting names it"):
        led.spend("1", functional="2010450", name="行政运行")


def test_an_ordinary_unit_builds_from_ordinary_codes():
    """Issue 11.3 done-means: a made-up unit's ledger with ordinary codes. 2080505 is shipped for
    2024; 2010101 行政运行 is not yet (the complete code tables come from issue 11.1), so this
    ledger learns it; once the tables ship it, the same postings build without the flag."""
    led = gb.Ledger(gb.Unit("某某县示例办公室", "行政单位"), 2024, unknown_codes="learn")
    led.spend("1,234,567.80", functional="2010101", economic="30101", name="行政运行")
    led.spend("98,765.43", functional="2080505", economic="30108")
    led.receive("1,333,333.23", fund="一般公共预算财政拨款", functional="2010101")
    assert led.total() == Decimal("1333333.23") == led.income_total()
    assert led.name_of("2080505") == "机关事业单位基本养老保险缴费支出"  # from the edition, not learned
    assert set(led.learned_codes["functional"]) <= {"2010101"}
    assert led.total(functional="201") == Decimal("1234567.80")
    assert led.total(economic="301") == Decimal("1333333.23")


def test_accept_attested_still_works_but_warns():
    """reader/_ledger.py still passes accept_attested=True; it keeps working until it moves."""
    with pytest.warns(DeprecationWarning, match="unknown_codes='learn'"):
        led = gb.Ledger("某单位", 2024, accept_attested=True)
    assert led.unknown_codes == "learn"


def test_a_learned_code_saved_and_loaded_keeps_its_name(tmp_path):
    led = gb.Ledger("某单位", 2024, unknown_codes="learn")
    led.spend("1", functional="2130198", name="行政运行")
    back = gb.Ledger.load(led.save(tmp_path / "L"))
    assert back.learned_codes == {"functional": {"2130198": "行政运行"}, "economic": {}}
    assert back.unknown_codes == "learn"


# one input rule (issue 14.4): the same amount forms, units and code spellings at every door
AMOUNT_DOORS = {
    "spend": lambda v, **kw: gb.Ledger("某单位", 2024).spend(v, functional="2010450", **kw).amount,
    "receive": lambda v, **kw: gb.Ledger("某单位", 2024).receive(v, **kw).amount,
    "Posting": lambda v: gb.Posting(amount=v, functional="2010450").amount,
    "IncomePosting": lambda v: gb.IncomePosting(amount=v).amount,
    "Balances.opening": lambda v: gb.Balances(opening={"事业收入": v}).opening[gb.Fund.OPERATIONS],
    "Balances.distribution": lambda v: gb.Balances(distribution=v).distribution,
    "Budgets.initial": lambda v: gb.Budgets(initial={"2010450": v}).initial["2010450"],
    "Budgets.initial_total": lambda v: gb.Budgets(initial_total=v).initial_total,
    "Budgets.three_public": lambda v: gb.Budgets(three_public={"abroad": v}).three_public["abroad"],
    "Procurement": lambda v: gb.Procurement(goods=v).goods,
}


@pytest.mark.parametrize("door", sorted(AMOUNT_DOORS))
@pytest.mark.parametrize(("text", "expected"), [("1,234.50", "1234.50"), ("１２３．４５", "123.45"),
                                                (" 7.20 ", "7.20"), ("12", "12")])
def test_every_ledger_door_reads_printed_amounts(door, text, expected):
    assert AMOUNT_DOORS[door](text) == Decimal(expected)


@pytest.mark.parametrize("door", sorted(AMOUNT_DOORS))
@pytest.mark.parametrize("bad", ["—", "", "12a", "(-1)"])
def test_every_ledger_door_refuses_the_same_way(door, bad):
    """A blank or a bad figure: a typed error (a ParseError, or a LedgerError quoting it) everywhere."""
    with pytest.raises(gb.GovBudgetError) as info:
        AMOUNT_DOORS[door](bad)
    assert isinstance(info.value, gb.ParseError | gb.LedgerError)
    assert repr(bad) in str(info.value)


@pytest.mark.parametrize("door", sorted(AMOUNT_DOORS))
def test_every_ledger_door_refuses_sub_fen_and_keeps_two_places(door):
    """spend("1.005") was refused but Budgets(initial={…: "1.005"}) and Procurement(goods="1.005")
    took it, and Budgets kept "1,234" as Decimal('1234') while Balances gave 1234.00 (issue 14)."""
    with pytest.raises(gb.LedgerError, match=r"'1\.005' has more than 2 decimals"):
        AMOUNT_DOORS[door]("1.005")
    assert str(AMOUNT_DOORS[door]("1,234")) == "1234.00"
    assert str(AMOUNT_DOORS[door]("7.1")) == "7.10"


def test_an_amount_unit_given_as_unit_points_to_amount_unit():
    led = gb.Ledger("某单位", 2024)
    for unit in ("万元", "元"):
        with pytest.raises(gb.LedgerError, match=f"unit '{unit}' is an amount unit.*pass amount_unit='{unit}'"):
            led.spend("1.5", unit=unit, functional="2010450")
        with pytest.raises(gb.LedgerError, match=f"pass amount_unit='{unit}'"):
            led.receive("1.5", unit=unit)
    with pytest.raises(gb.LedgerError, match=r"pass units=\[Unit\('所属中心'"):
        led.spend("1", unit="所属中心", functional="2010450")


@pytest.mark.parametrize("door", ["spend", "receive"])
def test_amounts_in_wan_convert_exactly(door):
    assert AMOUNT_DOORS[door]("519.63", amount_unit="万元") == Decimal("5196300.00")
    assert AMOUNT_DOORS[door]("1,234.5", amount_unit="元") == Decimal("1234.50")
    with pytest.raises(gb.ParseError, match="finer than a 分"):
        AMOUNT_DOORS[door]("0.0000001", amount_unit="万元")
    with pytest.raises(gb.LedgerError, match="amount_unit must be one of 元, 万元"):
        AMOUNT_DOORS[door]("1", amount_unit="千元")
    with pytest.raises(gb.FloatNotAllowedError):
        AMOUNT_DOORS[door](1.5, amount_unit="万元")


def test_a_negative_in_parentheses_posts_as_negative():
    assert gb.Ledger("某单位", 2024).spend("(12.50)", functional="2010450").amount == Decimal("-12.50")


def _filtered(total, code):
    """The filter code a total matched: postings on ``code`` are found by the filter as given."""
    led = gb.Ledger("某单位", 2024)
    led.spend("1", **({"economic": "30101"} if code == "301" else {"functional": code}))
    led.receive("1", functional="2080505")
    got = total(led)
    assert (len(got) if isinstance(got, tuple) else got) in (1, Decimal("1.00"))
    return code


CODE_DOORS = {
    "spend functional": lambda c: gb.Ledger("某单位", 2024).spend("1", functional=c).functional,
    "spend economic": lambda c: gb.Ledger("某单位", 2024).spend("1", economic=c).economic,
    "receive functional": lambda c: gb.Ledger("某单位", 2024).receive("1", functional=c).functional,
    "total functional": lambda c: _filtered(lambda led: led.total(functional=c), "2080505"),
    "select economic": lambda c: _filtered(lambda led: led.select(economic=[c]), "301"),
    "income_total functional": lambda c: _filtered(lambda led: led.income_total(functional=c), "2080505"),
    "Budgets key": lambda c: next(iter(gb.Budgets(initial={c: "1"}).initial)),
    "learn": lambda c: (lambda led: (led.learn(c, "某项"), next(iter(led.learned_codes["functional"])))[1])(
        gb.Ledger("某单位", 2024)),
}


@pytest.mark.parametrize("door", sorted(CODE_DOORS))
@pytest.mark.parametrize("spelling", [" {} ", "{}\u3000", "full-width", "hyphens"])
def test_every_code_door_reads_codes_the_same_way(door, spelling):
    """Issue 14.4: functional=" 2080505" was stripped by spend but not elsewhere; every door now
    reads a code as govbudget.compact_code does."""
    code = {"spend economic": "30101", "select economic": "301", "learn": "2130198"}.get(door, "2080505")
    if spelling == "full-width":
        text = "".join(chr(0xFF10 + int(c)) for c in code)
    elif spelling == "hyphens":
        text = "-".join([code[:3], code[3:5], code[5:]]).rstrip("-")
    else:
        text = spelling.format(code)
    assert CODE_DOORS[door](text) == code


def test_bulk_reads_printed_amounts_and_strips_codes():
    df = pl.DataFrame({"unit": ["甲", "甲", "甲"], "functional": [" 2010450", "2010450 ", "2080505"],
                       "amount": ["1,234.50", "(0.50)", "１０"]})
    out = gb.bulk_rollup(df, year=2024, sort=True)
    assert out.filter(pl.col("code").is_null()).get_column("amount").to_list() == [Decimal("1244.00")]
    with pytest.raises(gb.DataFileError, match=r"cannot read '1\.005'"):
        gb.bulk_rollup(df.with_columns(pl.lit("1.005").alias("amount")), year=2024)
    with pytest.raises(gb.DataFileError, match="cannot read '—'"):
        gb.bulk_rollup(df.with_columns(pl.lit("—").alias("amount")), year=2024)


@pytest.mark.parametrize("call", [lambda y: gb.Ledger("某单位", y), lambda y: gb.functional(y),
                                  lambda y: gb.bulk_rollup(_frame(), year=y)])
@pytest.mark.parametrize("year", [2030, "2024", None, 2024.0, True])
def test_every_year_door_refuses_the_same_way(call, year):
    """Issue 14.4: a year without tables (or not an int) fails everywhere as functional(year) does."""
    with pytest.raises((gb.UnknownEditionError, gb.DataFileError)) as info:
        call(year)
    if year is not None:
        assert isinstance(info.value, gb.UnknownEditionError)


YEAR_DOORS = {
    "functional": lambda y: gb.functional(y), "economic": lambda y: gb.economic(y),
    "economic (government)": lambda y: gb.economic(y, scheme="government"),
    "crosswalk": lambda y: gb.crosswalk("201", 2024, y), "Ledger": lambda y: gb.Ledger("某单位", y),
    "Ledger.read_csv": lambda y: gb.Ledger.read_csv("postings.csv", "某单位", y),
    "bulk_rollup": lambda y: gb.bulk_rollup(_frame(), year=y),
    "ruleset": lambda y: gb.ruleset("hunan", y), "template": lambda y: gb.template("hunan", y),
}


@pytest.mark.parametrize("door", sorted(YEAR_DOORS))
@pytest.mark.parametrize("year", [2030, "2024"])
def test_every_year_door_refuses_a_year_without_tables_as_a_lookup_error_naming_it(door, year):
    """One input rule for years (issue 14.4): a typed LookupError that names the year given."""
    with pytest.raises(gb.GovBudgetError) as info:
        YEAR_DOORS[door](year)
    assert isinstance(info.value, LookupError)
    assert repr(year) in str(info.value) or str(year) in str(info.value)
