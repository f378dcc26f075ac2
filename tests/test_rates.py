"""Rates as reports print them: 占比, 完成率, 增减率, and the two zero-base policies.

Expected values are worked by hand (or typed from the seed's 说明七 and 说明十一).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import govbudget as gb
from govbudget.rates import KINDS, ZERO_BASE_POLICIES, Rate, change, completion, share


def test_public_names():
    """The rate API is reachable from the package root."""
    assert (gb.Rate, gb.share, gb.completion, gb.change) == (Rate, share, completion, change)


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        ("2994800", "4556500", Decimal("65.73")),  # seed 说明六: 299.48 / 455.65
        ("1561700", "4556500", Decimal("34.27")),  # 156.17 / 455.65 = 34.274…
        ("1", "3", Decimal("33.33")),
        ("2", "3", Decimal("66.67")),
        ("1", "8", Decimal("12.50")),
        ("1", "16", Decimal("6.25")),
        ("1", "1600", Decimal("0.06")),  # 0.0625 → half-up 0.06
        ("1", "800", Decimal("0.13")),  # 0.125 → half-up 0.13 (half-even would give 0.12)
    ],
)
def test_share_half_up_two_places(part, whole, expected):
    """A share is part / whole × 100 rounded half-up to 2 places."""
    assert expected == share(gb.D(part), gb.D(whole)).value


def test_seed_three_public_completion_and_change():
    """Seed 说明七: 14.32 of a 19 budget is 75.37 %; against 13.35 last year +0.97, 7.27 %."""
    c = completion(gb.D("143200"), gb.D("190000"))
    assert (Decimal("75.37"), "小于", "完成率") == (c.value, c.comparison, c.name)
    r = change(gb.D("143200"), gb.D("133500"))
    assert (Decimal("9700"), Decimal("7.27"), "增加", "增长") == (r.delta, r.value, r.direction, r.trend)
    assert "增加0.97万元，增长7.27%" == r.phrase()


def test_seed_falls_are_signed_and_worded():
    """Seed: 公务用车运行维护费 6.86 vs 12.00 → 减少5.14万元，降低42.83%; 接待 0.56 vs 1.35 → 58.52 %."""
    vehicle = change(gb.D("68600"), gb.D("120000"))
    assert (Decimal("-42.83"), "减少", "降低") == (vehicle.value, vehicle.direction, vehicle.trend)
    assert "减少5.14万元，降低42.83%" == vehicle.phrase()
    reception = change(gb.D("5600"), gb.D("13500"))
    assert Decimal("-58.52") == reception.value
    assert "减少0.79万元，下降58.52%" == change(gb.D("5600"), gb.D("13500"), fall_word="下降").phrase()


def test_no_change_is_chiping():
    """Equal figures: Δ = 0, rate 0.00, every direction word 持平."""
    r = change(gb.D("500"), gb.D("500"))
    assert (Decimal("0.00"), "持平", "持平", "等于", "持平") == (r.value, r.direction, r.trend, r.comparison, r.phrase())


@pytest.mark.parametrize("fn", [share, completion, change])
def test_zero_base_omit_gives_none(fn):
    """Under the default policy a zero base gives no value, and the rate says so."""
    r = fn(gb.D("69000"), gb.D("0"))
    assert r.value is None
    assert (True, "omit", "") == (r.base_is_zero, r.zero_base, r.text)


@pytest.mark.parametrize(
    ("fn", "amount", "expected"),
    [
        (share, "5", Decimal("100.00")),
        (share, "0", Decimal("0.00")),
        (completion, "69000", Decimal("100.00")),
        (completion, "0", Decimal("0.00")),  # seed: 公务用车购置费 预算 0, 决算 0 → 完成预算的0%
        (change, "69000", Decimal("100.00")),  # seed: 因公出国 上年 0 → 增长100%
        (change, "0", Decimal("0.00")),
        (change, "-5", Decimal("-100.00")),
    ],
)
def test_zero_base_legacy_100(fn, amount, expected):
    """legacy_100: 100 % when the base is 0 and the amount (Δ for a change) is positive, 0 % for 0/0."""
    r = fn(gb.D(amount), gb.D("0"), zero_base="legacy_100")
    assert (expected, True, "legacy_100") == (r.value, r.base_is_zero, r.zero_base)


def test_legacy_100_change_phrase_matches_seed_wording():
    """The seed's 因公出国 sentence: 与上年相比增加6.9万元，增长100%."""
    assert "增加6.90万元，增长100.00%" == change(gb.D("69000"), gb.D("0"), zero_base="legacy_100").phrase()
    assert "增加6.90万元" == change(gb.D("69000"), gb.D("0")).phrase()


def test_non_zero_base_ignores_policy():
    """The policy matters only for a zero base; base_is_zero stays False otherwise."""
    a = completion(gb.D("1"), gb.D("4"))
    b = completion(gb.D("1"), gb.D("4"), zero_base="legacy_100")
    assert (Decimal("25.00"), Decimal("25.00"), False) == (a.value, b.value, b.base_is_zero)


def test_places_one_decimal():
    """Central examples print 1 decimal: 80.90… → 80.9."""
    assert Decimal("80.9") == share(gb.D("851000"), gb.D("1051900"), places=1).value
    assert Decimal("81") == share(gb.D("851000"), gb.D("1051900"), places=0).value


def test_text_formats_value():
    """text prints the percent with its places, the way reports do."""
    assert "75.37%" == completion(gb.D("143200"), gb.D("190000")).text
    assert "7.3%" == change(gb.D("143200"), gb.D("133500"), places=1).text


def test_phrase_without_conversion():
    """phrase(in_wan=False) prints the difference as given (e.g. figures already in 万元)."""
    assert "增加0.97，增长7.27%" == change(gb.D("14.32"), gb.D("13.35")).phrase(in_wan=False)


def test_change_against_negative_base_uses_its_size():
    """A negative base (e.g. a 结余 that was negative): the rate follows the sign of Δ."""
    r = change(gb.D("-50"), gb.D("-100"))
    assert (Decimal("50.00"), "增加") == (r.value, r.direction)


def test_floats_are_refused():
    """Money never enters as a float."""
    with pytest.raises(gb.FloatNotAllowedError):
        share(0.5, gb.D("1"))
    with pytest.raises(gb.FloatNotAllowedError):
        Rate(kind="share", amount=gb.D("1"), base=gb.D("2"), value=50.0)


def test_bad_policy_and_places():
    """An unknown policy or a bad number of places is a ParseError naming what was expected."""
    with pytest.raises(gb.ParseError, match="zero-base policy: expected one of 'omit', 'legacy_100'"):
        completion(gb.D("1"), gb.D("0"), zero_base="100")
    with pytest.raises(gb.ParseError, match="decimal places"):
        share(gb.D("1"), gb.D("2"), places=-1)
    with pytest.raises(ValueError, match="kind"):
        Rate(kind="ratio", amount=gb.D("1"), base=gb.D("2"), value=None)


def test_constants():
    """The documented policy and kind lists."""
    assert ("omit", "legacy_100") == ZERO_BASE_POLICIES
    assert {"share": "占比", "completion": "完成率", "change": "增减率"} == KINDS
