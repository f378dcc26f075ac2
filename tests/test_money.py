"""Money: the one door, half-up rounding, printed amounts, babel formatting."""

from decimal import Context, Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import govbudget as gb


@pytest.mark.parametrize("value", [0.1, 1.0, float("nan"), -3.5])
def test_float_is_refused(value):
    """A float never becomes an amount; the error is both a GovBudgetError and a TypeError."""
    with pytest.raises(gb.FloatNotAllowedError) as info:
        gb.D(value)
    assert isinstance(info.value, TypeError)
    assert repr(value) in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("519.63", Decimal("519.63")), (" 12 ", Decimal("12")), ("-0.5", Decimal("-0.5")), (".25", Decimal("0.25"))],
)
def test_d_reads_plain_decimal_text(text, expected):
    """D reads plain decimal notation and keeps the printed scale."""
    assert gb.D(text) == expected
    assert str(gb.D(text)) == str(expected)


@pytest.mark.parametrize("bad", ["1e3", "NaN", "1,23", "", "—", "abc", True, None, [1]])
def test_d_refuses_anything_else(bad):
    """Exponents, bad separators, blanks, booleans and other types are ParseErrors, never bare exceptions."""
    with pytest.raises(gb.ParseError):
        gb.D(bad)


@pytest.mark.parametrize(
    ("yuan", "wan"),
    [("50", "0.01"), ("49.99", "0.00"), ("150", "0.02"), ("250", "0.03"), ("-50", "-0.01"),
     ("5196300", "519.63"), ("1547950", "154.80"), ("1547949.99", "154.79")],
)
def test_to_wan_rounds_half_up(yuan, wan):
    """元 → 万元 rounds half-up (四舍五入), unlike the half-even defaults of babel and polars."""
    assert gb.to_wan(gb.D(yuan)) == Decimal(wan)


def test_to_yuan_is_exact():
    assert gb.to_yuan("154.79") == Decimal("1547900.00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("519.63", Decimal("519.63")),
        ("1,234.56", Decimal("1234.56")),
        ("1234", Decimal("1234")),
        ("１２３．４５", Decimal("123.45")),
        ("－12.50", Decimal("-12.50")),
        ("-7", Decimal("-7")),
        ("(3.00)", Decimal("-3.00")),
        ("7.20", Decimal("7.20")),
    ],
)
def test_parse_amount_reads_printed_forms(text, expected):
    got = gb.parse_amount(text)
    assert got == expected
    assert str(got) == str(expected)  # the printed scale is kept


@pytest.mark.parametrize("blank", ["", "  ", "-", "—", "－", "--"])
def test_parse_amount_blank_is_none_not_zero(blank):
    """A blank cell is None; zero is a printed 0 and stays Decimal('0')."""
    assert gb.parse_amount(blank) is None
    assert gb.parse_amount("0") == Decimal(0)


@pytest.mark.parametrize("bad", ["12,34.5", "1.2.3", "万元", "1e5", "12a", "1,23"])
def test_parse_amount_quotes_bad_text(bad):
    with pytest.raises(gb.ParseError) as info:
        gb.parse_amount(bad)
    assert repr(bad) in str(info.value)


@pytest.mark.parametrize(
    ("value", "text"),
    [("519.63", "519.63"), ("1234567.89", "1,234,567.89"), ("0.025", "0.03"), ("0.015", "0.02"),
     ("-0.004", "0.00"), ("7.2", "7.20")],
)
def test_format_amount(value, text):
    assert gb.format_amount(Decimal(value)) == text


@pytest.mark.parametrize(("part", "whole", "pct"), [("455.65", "519.63", "87.69%"), ("63.98", "519.63", "12.31%"),
                                                     ("14.32", "19", "75.37%"), ("0.56", "5", "11.20%")])
def test_percent_and_format_percent(part, whole, pct):
    """Seed 说明 percentages, recomputed from the printed figures, HALF_UP to 2 dp."""
    assert gb.format_percent(gb.percent(Decimal(part), Decimal(whole))) == pct


def test_percent_of_zero_is_undefined():
    assert gb.percent(Decimal(5), Decimal(0)) is None


@given(st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_yuan_wan_round_trip_bound(yuan):
    """Printing in 万元 loses at most 50 元: |to_yuan(to_wan(x)) − x| ≤ 50."""
    assert abs(gb.to_yuan(gb.to_wan(yuan)) - yuan) <= 50


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_raises(value):
    with pytest.raises(gb.FloatNotAllowedError):
        gb.D(value)


# ---------------------------------------------------------------------------- review fixes


@pytest.mark.parametrize("text", ["519.63①", "12²", "⑩", "1.5³", "٣٤", "12 345", "1 234.56", "12\u30003"])
def test_parse_amount_refuses_marks_foreign_digits_and_inner_spaces(text):
    """NFKC would turn ① into 1 and ² into 2; a footnote mark or two cells run together must not
    silently become extra digits."""
    with pytest.raises(gb.ParseError) as info:
        gb.parse_amount(text)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [(" 519.63 ", Decimal("519.63")), ("\u3000１２３\u3000", Decimal("123")), ("（12.50）", Decimal("-12.50")),
     ("−5", Decimal("-5")), ("１，２３４．５６", Decimal("1234.56"))],
)
def test_parse_amount_still_reads_full_width_and_outer_spaces(text, expected):
    assert gb.parse_amount(text) == expected


@pytest.mark.parametrize("text", ["١٢٣", "۱۲۳", "१२३", "½", "12²"])
def test_d_accepts_only_ascii_and_full_width_digits(text):
    with pytest.raises(gb.ParseError):
        gb.D(text)


def test_d_refuses_amounts_of_ten_to_the_forty_or_more():
    assert gb.D("9" * 40) == Decimal("9" * 40)
    for value in ["1" + "0" * 40, 10**40, Decimal("1E+40"), -(10**50)]:
        with pytest.raises(gb.ParseError, match="below 10"):
            gb.D(value)


def test_huge_amounts_convert_exactly():
    """30 digits overflowed the default 28-digit context (InvalidOperation) before."""
    assert gb.to_wan(gb.D("9" * 30)) == Decimal("9" * 26 + ".00") + 1
    assert gb.to_yuan(gb.D("1" * 35)) == Decimal("1" * 35 + "0000.00")


def test_results_do_not_depend_on_the_callers_context():
    import decimal

    with decimal.localcontext(prec=5, rounding=decimal.ROUND_DOWN):
        assert gb.to_wan(gb.D("123456789")) == Decimal("12345.68")
        assert gb.round_half_up(gb.D("123456.785")) == Decimal("123456.79")
        assert gb.percent(gb.D("2"), gb.D("3")) == Decimal("66.67")
        assert gb.format_amount(gb.D("12345678.905")) == "12,345,678.91"
        assert gb.format_percent(gb.D("123456.789")) == "123,456.79%"


@pytest.mark.parametrize("places", [-1, 21, 2.0, "2", None, True])
def test_round_half_up_places_must_be_a_small_int(places):
    with pytest.raises(gb.ParseError):
        gb.round_half_up(gb.D("1.5"), places)


def test_format_percent_places_must_be_an_int():
    """format_percent(x, "2") used to raise a bare TypeError."""
    for bad in ("2", None, 2.0, -1, 19, True):
        with pytest.raises(gb.ParseError, match="as a number of decimal places: expected an int from 0 to 18"):
            gb.format_percent(gb.D("87.685"), bad)
    assert "87.7%" == gb.format_percent(gb.D("87.685"), 1)


def test_hypothesis_profile_has_no_deadline() -> None:
    """tests/conftest.py loads a profile without a per-example deadline (timing never fails a test)."""
    from hypothesis import settings

    assert settings.default.deadline is None


# ---------------------------------------------------------------------------- issue 12 (2, 3, 4), issue 14 (4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,234.50", "1234.50"), ("(12.50)", "-12.50"), ("１２３．４５", "123.45"), ("−5", "-5"), (" 7.20 ", "7.20")],
)
def test_d_reads_every_form_parse_amount_reads(text, expected):
    """One input rule: the one door reads what parse_amount reads (a blank aside)."""
    assert str(gb.D(text)) == expected
    assert gb.D(text) == gb.parse_amount(text)


def test_d_names_parse_amount_for_a_blank():
    with pytest.raises(gb.ParseError, match=r"a blank is not an amount \(parse_amount reads a blank cell as None\)"):
        gb.D("—")


def test_negation_in_parentheses_ignores_the_callers_context():
    """Issue 12.2: the negation of (…) ran in the caller's context (28 digits, prec=3, traps)."""
    import decimal

    text = "(12345678901234567890123456789.5)"
    expected = Decimal("-12345678901234567890123456789.5")
    assert gb.parse_amount(text) == expected
    with decimal.localcontext(prec=3):
        assert gb.parse_amount(text) == expected
        assert gb.D(text) == expected
    with decimal.localcontext(traps=[decimal.Inexact, decimal.Rounded]):
        assert gb.parse_amount(text) == expected


def test_every_money_function_ignores_the_callers_traps_and_rounding():
    import decimal

    with decimal.localcontext(prec=2, rounding=decimal.ROUND_FLOOR, traps=[decimal.Inexact, decimal.Rounded]):
        assert gb.to_wan("1234567890123.45") == Decimal("123456789.01")
        assert gb.to_yuan("123456789.0123") == Decimal("1234567890123.00")
        assert gb.round_half_up("-2.675") == Decimal("-2.68")
        assert gb.percent("2", "3") == Decimal("66.67")
        assert gb.format_amount("1234567.125") == "1,234,567.13"
        assert gb.format_percent("66.665") == "66.67%"


@pytest.mark.parametrize("text", ["49." + "9" * 100, "0." + "0" * 40 + "1"])
def test_amounts_finer_than_forty_decimals_are_refused_not_double_rounded(text):
    """Issue 12.3: to_wan("49.99…9" with 100 nines) gave 0.01 (exact: 0.00) after rounding at 80 digits."""
    for fn in (gb.D, gb.to_wan, gb.format_amount, gb.format_percent, lambda v: gb.percent(v, "3")):
        with pytest.raises(gb.ParseError, match="at most 40 decimals"):
            fn(text)


def test_forty_decimals_round_once():
    nines = "49." + "9" * 38  # 40 significant decimals: 49.99…9 元 is 0.00 万元 exactly rounded
    assert gb.to_wan(nines) == Decimal("0.00")
    assert gb.to_wan("-" + nines) == Decimal("0.00")
    assert gb.format_percent("0.00" + "4" + "9" * 37) == "0.00%"
    assert gb.D("1." + "0" * 60) == 1  # trailing zeros are not finer decimals


@given(
    st.decimals(min_value=-(10**12), max_value=10**12, places=12, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=-(10**6), max_value=10**6, places=9, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=6),
)
@example(Decimal("395537090192.685412646165"), Decimal("3E-9"), 6)  # 29 digits: the oracle must be exact too
def test_percent_rounds_the_exact_quotient_once(part, whole, places):
    """An independent oracle: the exact fraction rounded half-up (away from zero on a tie)."""
    from fractions import Fraction

    got = gb.percent(part, whole, places)
    if whole == 0:
        assert got is None
        return
    exact = Fraction(part) * 100 / Fraction(whole) * 10**places
    n, r = divmod(abs(exact), 1)
    rounded = int(n) + (1 if r >= Fraction(1, 2) else 0)
    # scaleb in a context wide enough for every digit: the oracle itself must not round
    expected = Decimal(rounded if exact >= 0 else -rounded).scaleb(-places, Context(prec=200))
    assert got == expected
    assert got.as_tuple().exponent == -places


@pytest.mark.parametrize("wan", ["0.0000001", "-0.0000001", "1.2345678", "(0.00000001)"])
def test_to_yuan_refuses_amounts_finer_than_a_fen(wan):
    """Issue 12.3: to_yuan promised "exactly" yet turned 0.0000001 万元 into 0.00 元 (and -0.00)."""
    with pytest.raises(gb.ParseError, match="finer than a 分: round it first with round_half_up"):
        gb.to_yuan(wan)


def test_to_yuan_is_exact_to_the_fen():
    assert str(gb.to_yuan("0.000001")) == "0.01"
    assert str(gb.to_yuan("-0.000001")) == "-0.01"
    assert str(gb.to_yuan("1,234.5")) == "12345000.00"
    assert str(gb.to_yuan("-0")) == "0.00"


@pytest.mark.parametrize("text", ["(-12.50)", "(+12.50)", "（－12.50）", "(−1)"])
def test_a_sign_inside_accounting_parentheses_is_refused(text):
    """Issue 12.4: (-12.50) read as 12.50."""
    with pytest.raises(gb.ParseError, match="no sign inside accounting parentheses"):
        gb.parse_amount(text)
    with pytest.raises(gb.ParseError, match="no sign inside accounting parentheses"):
        gb.D(text)
