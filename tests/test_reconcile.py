"""Tests for govbudget.reconcile: the rounding band, verdicts, JSON, and the printed-figure solver."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govbudget as gb
from govbudget import reconcile as rc
from govbudget.errors import FloatNotAllowedError, GovBudgetError, MissingDependencyError, ParseError
from govbudget.money import round_half_up, to_wan
from govbudget.reconcile import (
    Finding,
    Interval,
    ReconcileError,
    SolveResult,
    check_equal,
    check_le,
    check_sum,
    findings_to_json,
    solve_printed,
)

SEED = Path(__file__).parent / "fixtures" / "seed" / "zhuzhou_2024.txt"

# 公开06 302 block of the seed, in table order; None = blank cell.
SEED_302 = {
    "30201": "21.59", "30202": "11.86", "30203": "0.52", "30204": None, "30205": "0.21",
    "30206": "3.90", "30207": "3.43", "30208": None, "30209": None, "30211": "11.04",
    "30212": "6.90", "30213": "2.05", "30214": None, "30215": "0.15", "30216": "0.18",
    "30217": "0.56", "30218": None, "30224": None, "30225": None, "30226": "21.39",
    "30227": "19.85", "30228": "7.45", "30229": "14.13", "30231": "6.86", "30239": "15.52",
    "30240": None, "30299": "7.22",
}  # fmt: skip


def _seed_table06() -> dict[str, str | None]:
    """Read code → printed 决算数 from the seed fixture's 公开06 (three column groups)."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("301\t工资福利支出"))
    out: dict[str, str | None] = {}
    for line in lines[start:]:
        if line.startswith("人员经费合计"):
            cells = line.split("\t")
            out["人员经费合计"] = cells[2]
            out["公用经费合计"] = cells[-1]
            break
        cells = line.split("\t")
        for k in range(0, len(cells) - 2, 3):
            code, value = cells[k].strip(), cells[k + 2].strip()
            if code:
                out[code] = value or None
    return out


def _assert_witness(result: SolveResult, figures: dict, sums: dict, decimals: int = 2) -> None:
    """The solver's values must round to every printed figure and satisfy every sum exactly."""
    assert result.feasible and result.conflict is None and result.values is not None
    for name, printed in figures.items():
        exact = result.values[name]
        if printed is None:
            assert exact == 0, name
        else:
            assert round_half_up(exact, decimals) == Decimal(printed), (name, exact, printed)
    for total, parts in sums.items():
        assert result.values[total] == sum((result.values[p] for p in parts), Decimal(0)), total


# --------------------------------------------------------------------------------------------
# the fixture agrees with the figures used below


def test_seed_fixture_matches_the_302_figures():
    table = _seed_table06()
    assert {code: table[code] for code in SEED_302} == SEED_302
    assert table["302"] == "154.79"
    assert (table["人员经费合计"], table["301"], table["303"]) == ("299.48", "291.36", "8.12")


# --------------------------------------------------------------------------------------------
# check_sum


def test_seed_302_is_a_tail_difference_counting_19_printed_parts():
    f = check_sum("154.79", list(SEED_302.values()), rule="R06.1", where="公开06 302 商品和服务支出 决算数")
    # by hand: the 19 printed 款 add to 154.81; band (19 + 1) × 0.005 = 0.10
    assert f.verdict == "tail"
    assert f.severity == "info"
    assert f.n == 19
    assert f.expected == Decimal("154.81")
    assert f.found == Decimal("154.79")
    assert f.difference == Decimal("-0.02")
    assert f.tolerance == Decimal("0.10")
    assert f.expected_interval == Interval(low=Decimal("154.715"), high=Decimal("154.905"))
    assert f.found_interval == Interval(low=Decimal("154.785"), high=Decimal("154.795"))
    assert "154.79" in f.message and "154.81" in f.message and "-0.02" in f.message
    assert f.message.count("。") == 1 and f.message.endswith("。")


def test_seed_personnel_total_is_ok():
    f = check_sum("299.48", ["291.36", "8.12"], rule="R06.2", where="公开06 人员经费合计")
    assert (f.verdict, f.severity, f.difference, f.tolerance, f.n) == (
        "ok", "ok", Decimal("0.00"), Decimal("0.015"), 2,
    )  # fmt: skip


def test_made_up_contradiction():
    f = check_sum("519.63", ["500.00", "19.00"], rule="R01.1")
    # 519.63 − 519.00 = 0.63 ≫ 3 × 0.005
    assert f.verdict == "contradiction"
    assert f.severity == "error"
    assert f.difference == Decimal("0.63")
    assert f.tolerance == Decimal("0.015")
    assert not f.ok


def test_band_edges_two_parts():
    # n = 2 → band 0.015; printed differences come in steps of 0.01
    assert check_sum("1.01", ["0.50", "0.50"]).verdict == "tail"
    assert check_sum("1.02", ["0.50", "0.50"]).verdict == "contradiction"
    # n = 3 → band 0.02, reached exactly: still a tail (closed band)
    f = check_sum("1.02", ["0.50", "0.25", "0.25"])
    assert (f.verdict, f.tolerance) == ("tail", Decimal("0.02"))


def test_blank_parts_add_nothing_and_blank_total_is_exact_zero():
    f = check_sum("0.50", [None, "", "—", "0.50"])
    assert (f.verdict, f.n, f.tolerance) == ("ok", 1, Decimal("0.01"))
    # blank total = exact 0; one printed part 0.01 stands for ≥ 0.005, so band 1 × 0.005 < 0.01
    g = check_sum(None, ["0.01"])
    assert (g.verdict, g.found, g.difference, g.tolerance) == ("contradiction", None, Decimal("-0.01"), Decimal("0.005"))
    assert "空白" in g.message
    assert check_sum("—", ["0.00", "0.00"]).verdict == "ok"
    assert check_sum(None, []).verdict == "ok"


def test_strict_mode_has_no_band():
    f = check_sum("5196300.00", ["5196299.99"], strict=True)
    assert (f.verdict, f.tolerance, f.difference) == ("contradiction", Decimal("0.00"), Decimal("0.01"))
    assert check_sum("5196300.00", ["5196299.99", "0.01"], strict=True).verdict == "ok"


def test_decimals_zero_and_narrative_scales():
    f = check_sum("10", ["3", "3", "3"], decimals=0)
    # band (3 + 1) × 0.5 = 2
    assert (f.verdict, f.tolerance, f.difference) == ("tail", Decimal("2"), Decimal("1"))
    # "47.3" is a 2-dp figure with a dropped zero; sums keep 2 places
    g = check_sum("47.3", ["40", "7.30"])
    assert (g.verdict, str(g.expected)) == ("ok", "47.30")


def test_part_names_become_places():
    f = check_sum("1.00", ["0.40", "0.60"], where="T", part_names=["a", "b"])
    assert f.places == ("T", "a", "b")
    with pytest.raises(ReconcileError, match="expected one name per part"):
        check_sum("1.00", ["0.40", "0.60"], part_names=["a"])


def test_unreadable_and_overprecise_figures_raise_parse_error():
    with pytest.raises(ParseError, match="12x"):
        check_sum("12x", ["1.00"])
    with pytest.raises(ParseError, match=r"at most 2 decimal places, found 3"):
        check_sum("1.00", ["0.125"])
    with pytest.raises(ParseError):
        check_sum("1.00", [True])


@given(
    total_is_float=st.booleans(),
    position=st.integers(min_value=0, max_value=4),
    x=st.floats(allow_nan=True, allow_infinity=True),
)
def test_any_float_input_raises(total_is_float, position, x):
    parts: list[object] = ["1.00", "2.00", "3.00", "4.00", "5.00"]
    if total_is_float:
        with pytest.raises(FloatNotAllowedError):
            check_sum(x, parts)
    else:
        parts[position] = x
        with pytest.raises(FloatNotAllowedError):
            check_sum("15.00", parts)


cents = st.integers(min_value=-(10**9), max_value=10**11)


@given(leaves=st.lists(cents, min_size=0, max_size=40))
def test_rounding_each_node_from_its_own_exact_value_stays_in_band(leaves):
    exact = [Decimal(c).scaleb(-2) for c in leaves]  # 元, 2 dp
    total = sum(exact, Decimal("0.00"))
    # a leaf of exactly 0 元 is printed blank, as in the Hunan template
    printed_parts = [None if e == 0 else to_wan(e) for e in exact]
    printed_total = None if total == 0 else to_wan(total)
    f = check_sum(printed_total, printed_parts)
    assert f.verdict in {"ok", "tail"}, f


# --------------------------------------------------------------------------------------------
# check_equal / check_le


def test_check_equal_numeric_and_exact():
    assert check_equal("47.3", "47.30").verdict == "ok"
    assert check_equal(None, "0.00").verdict == "ok"
    f = check_equal("455.65", "455.66", rule="X08", where="基本支出", places=("公开05 合计 c2", "公开06 合计"))
    assert (f.verdict, f.difference, f.tolerance) == ("contradiction", Decimal("-0.01"), Decimal(0))
    assert f.places == ("公开05 合计 c2", "公开06 合计")
    assert "公开05 合计 c2" in f.message and "公开06 合计" in f.message and "455.66" in f.message
    g = check_equal("1.00", "1.00", decimals=2)
    assert g.found_interval == Interval(low=Decimal("0.995"), high=Decimal("1.005"))


def test_check_le():
    assert check_le("6.86", "14.32", rule="X11").verdict == "ok"
    f = check_le("6.87", "6.86")  # above by 0.01 = band 2 × 0.005
    assert (f.verdict, f.n, f.tolerance, f.difference) == ("tail", 1, Decimal("0.01"), Decimal("0.01"))
    g = check_le("6.88", "6.86", rule="X11", places=("公开06 30231", "公开09 c11"))
    assert (g.verdict, g.severity) == ("contradiction", "error")
    assert "部分大于整体" in g.message
    assert check_le("6.87", "6.86", strict=True).verdict == "contradiction"
    assert check_le(None, "0.00").verdict == "ok"
    # blank whole is exact 0: part 0.01 exceeds it by more than its own half unit
    assert check_le("0.01", None).verdict == "contradiction"


# --------------------------------------------------------------------------------------------
# Interval / Finding / JSON


def test_interval_arithmetic():
    a = Interval.of_printed(Decimal("0.26"), 2)
    assert (a.low, a.high, a.width) == (Decimal("0.255"), Decimal("0.265"), Decimal("0.010"))
    s = a + a
    assert (s.low, s.high) == (Decimal("0.510"), Decimal("0.530"))
    assert sum([a, a, a]) == Interval(low=Decimal("0.765"), high=Decimal("0.795"))
    assert s.contains(Decimal("0.51")) and not s.contains("0.509")
    assert s.overlaps(Interval(low=Decimal("0.530"), high=Decimal("0.540")))  # touching counts
    assert s.overlaps(Interval.of_printed(Decimal("0.52"), 2))
    assert not s.overlaps(Interval.of_printed(Decimal("0.50"), 2))  # [0.495, 0.505] ends before 0.510
    with pytest.raises(ReconcileError, match="low"):
        Interval(low=Decimal(2), high=Decimal(1))
    with pytest.raises(FloatNotAllowedError):
        Interval.of_printed(0.5, 2)


def test_severity_of_every_verdict_and_bad_verdict():
    expected = {"ok": "ok", "tail": "info", "not_assessable": "info", "label": "warning", "contradiction": "error"}
    for verdict, severity in expected.items():
        assert Finding(rule="r", verdict=verdict, where="w", expected=None, found=None).severity == severity
    with pytest.raises(ReconcileError, match="verdict"):
        Finding(rule="r", verdict="maybe", where="w", expected=None, found=None)
    assert issubclass(ReconcileError, GovBudgetError)


def test_to_dict_and_json_keep_printed_scale():
    f = check_sum("154.79", list(SEED_302.values()), rule="R06.1", where="公开06 302")
    d = f.to_dict()
    assert d["expected"] == "154.81" and d["found"] == "154.79" and d["difference"] == "-0.02"
    assert d["tolerance"] == "0.10"
    assert d["found_interval"] == ["154.785", "154.795"]
    assert d["severity"] == "info" and d["places"] == ["公开06 302"]
    text = findings_to_json([f, check_equal("1", "2")], indent=2)
    back = json.loads(text)
    assert [x["verdict"] for x in back] == ["tail", "contradiction"]
    assert "公开06" in text  # not escaped by default
    assert "\\u516c" in findings_to_json([f], ensure_ascii=True)


def test_str_is_one_readable_line():
    s = str(check_sum("519.63", ["519.00"], rule="R01.1", where="公开01 L27"))
    assert s == "R01.1 contradiction 公开01 L27: found 519.63 vs expected 519.00, diff 0.63, tolerance ±0.01"
    assert "\n" not in s


def test_public_api_exports():
    assert gb.check_sum is check_sum and gb.solve_printed is solve_printed and gb.Finding is Finding


# --------------------------------------------------------------------------------------------
# solve_printed


def test_seed_302_group_is_feasible():
    figures = {"302": "154.79", **SEED_302}
    sums = {"302": list(SEED_302)}
    r = solve_printed(figures, sums)
    _assert_witness(r, figures, sums)
    # exact values are 元 at 2 dp, i.e. 6 decimals of 万元
    assert all(v.as_tuple().exponent == -6 for v in r.values.values())


def test_seed_table06_groups_are_jointly_feasible():
    t = _seed_table06()
    figures = {k: v for k, v in t.items()}
    sums = {
        cls: [k for k in t if len(k) == 5 and k.startswith(cls)] for cls in ("301", "302", "303", "307", "310", "399")
    }
    sums["人员经费合计"] = ["301", "303"]
    sums["公用经费合计"] = ["302", "307", "310", "399"]
    r = solve_printed(figures, sums)
    _assert_witness(r, figures, sums)


def test_pairwise_checks_pass_but_the_chain_is_infeasible():
    """A = B + C and B = D + E, printed A 1.00, B 0.51, C 0.50, D 0.26, E 0.26 (万元, 2 dp).

    Pairwise: A − (B + C) = −0.01 and B − (D + E) = −0.01, both inside the band 0.015.
    Chain, with exact 元 values and half-up rounding (v − 0.005 ≤ x < v + 0.005):
    a < 1.005 and c ≥ 0.495, so b = a − c < 0.510; but b = d + e ≥ 0.255 + 0.255 = 0.510.
    No exact values exist. Freeing A, C, D or E alone repairs it (e.g. free C: a = 1.00,
    b = 0.51 = 0.255 + 0.255, c = 0.49); freeing B alone does not, because b would still
    need a − c < 0.510 ≤ d + e.
    """
    figures = {"A": "1.00", "B": "0.51", "C": "0.50", "D": "0.26", "E": "0.26"}
    sums = {"A": ["B", "C"], "B": ["D", "E"]}
    assert check_sum("1.00", ["0.51", "0.50"]).verdict == "tail"
    assert check_sum("0.51", ["0.26", "0.26"]).verdict == "tail"
    r = solve_printed(figures, sums)
    assert r.feasible is False and r.values is None
    assert len(r.conflict) == 1 and r.conflict <= {"A", "C", "D", "E"}
    # moving E down by 0.01 removes the clash: b = 0.51 − ε works with d + e ∈ [0.500, 0.520)
    fixed = {**figures, "E": "0.25"}
    _assert_witness(solve_printed(fixed, sums), fixed, sums)


def test_chain_infeasible_even_with_closed_intervals():
    """A = B + C, B = D + E + F with A 1.00, B 0.51, C 0.50, D 0.18, E 0.18, F 0.17.

    Pairwise diffs −0.01 (band 0.015) and −0.02 (band 0.02): both tails.
    Chain: b ≤ 1.005 − 0.495 = 0.510 but b = d + e + f ≥ 0.175 + 0.175 + 0.165 = 0.515.
    """
    figures = {"A": "1.00", "B": "0.51", "C": "0.50", "D": "0.18", "E": "0.18", "F": "0.17"}
    sums = {"A": ["B", "C"], "B": ["D", "E", "F"]}
    assert check_sum("0.51", ["0.18", "0.18", "0.17"]).verdict == "tail"
    r = solve_printed(figures, sums)
    assert not r.feasible
    assert len(r.conflict) == 1 and r.conflict <= {"A", "C", "D", "E", "F"}


def test_two_independent_errors_need_two_figures():
    # T1 = a + b off by 0.50 and T2 = c + d off by 1.00: each sum needs one figure of its own
    figures = {"T1": "10.50", "a": "5.00", "b": "5.00", "T2": "3.00", "c": "1.00", "d": "1.00"}
    sums = {"T1": ["a", "b"], "T2": ["c", "d"]}
    r = solve_printed(figures, sums)
    assert not r.feasible
    assert len(r.conflict) == 2
    assert len(r.conflict & {"T1", "a", "b"}) == 1 and len(r.conflict & {"T2", "c", "d"}) == 1


def test_made_up_contradiction_has_a_one_figure_conflict():
    r = solve_printed({"合计": "519.63", "x": "500.00", "y": "19.00"}, {"合计": ["x", "y"]})
    assert not r.feasible and len(r.conflict) == 1


def test_exact_decimals_equal_to_print_means_exact_sums():
    sums = {"T": ["a", "b"]}
    assert not solve_printed({"T": "1.00", "a": "0.50", "b": "0.51"}, sums, exact_decimals=2).feasible
    r = solve_printed({"T": "1.01", "a": "0.50", "b": "0.51"}, sums, exact_decimals=2)
    assert r.values == {"T": Decimal("1.01"), "a": Decimal("0.50"), "b": Decimal("0.51")}


def test_negative_figures_use_half_up_away_from_zero():
    # −1.00 covers (−1.005, −0.995]; −0.50 twice sums to (−1.010, −0.990]
    figures = {"T": "-1.00", "a": "-0.50", "b": "-0.50"}
    sums = {"T": ["a", "b"]}
    _assert_witness(solve_printed(figures, sums), figures, sums)
    # −1.01 = −0.50 + −0.50 needs t ≤ −1.005 and a + b > −1.010: fine; −1.02 is not
    assert solve_printed({**figures, "T": "-1.01"}, sums).feasible
    assert not solve_printed({**figures, "T": "-1.02"}, sums).feasible


def test_blank_figures_are_exact_zero_in_the_solver():
    figures = {"T": "0.50", "a": "0.50", "b": None}
    sums = {"T": ["a", "b"]}
    r = solve_printed(figures, sums)
    _assert_witness(r, figures, sums)
    assert r.values["b"] == 0


def test_solver_argument_errors():
    with pytest.raises(ReconcileError, match="'Z'"):
        solve_printed({"T": "1.00"}, {"T": ["Z"]})
    with pytest.raises(ReconcileError, match="list of part names"):
        solve_printed({"T": "1.00", "a": "1.00"}, {"T": "a"})
    with pytest.raises(ReconcileError, match="exact_decimals"):
        solve_printed({"T": "1.00"}, {}, exact_decimals=1)
    with pytest.raises(ParseError):
        solve_printed({"T": "1.005"}, {})
    with pytest.raises(FloatNotAllowedError):
        solve_printed({"T": 1.0}, {})


def test_no_sums_is_trivially_feasible():
    r = solve_printed({"x": "3.14", "z": "0.00"}, {})
    _assert_witness(r, {"x": "3.14", "z": "0.00"}, {})


def test_missing_scipy_raises_missing_dependency(monkeypatch):
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)
    with pytest.raises(MissingDependencyError, match=r"govbudget\[solver\]"):
        solve_printed({"T": "1.00"}, {})


def test_conflict_fallback_enumeration(monkeypatch):
    """If the big-M model gives no usable answer, the exact small-set search still finds one figure."""
    import scipy.optimize as opt

    real = opt.milp
    calls = {"n": 0}

    class NoAnswer:
        x = None
        fun = None
        status = 4
        message = "pretend failure"

    def flaky(*args, **kwargs):
        calls["n"] += 1
        # call 1: feasibility (genuine); call 2: big-M conflict model (fails); later: genuine
        return NoAnswer() if calls["n"] == 2 else real(*args, **kwargs)

    monkeypatch.setattr(opt, "milp", flaky)
    r = solve_printed({"T": "2.00", "a": "1.00", "b": "0.50"}, {"T": ["a", "b"]})
    assert not r.feasible and len(r.conflict) == 1
    assert calls["n"] >= 3


def _tree(draw_leaves: list[list[int]]):
    """Exact 元 tree: root ← groups ← leaves; returns printed figures (万元) and sums."""
    figures: dict[str, Decimal | None] = {}
    sums: dict[str, list[str]] = {}
    exact_groups = []
    for g, leaves in enumerate(draw_leaves):
        names = []
        exact_leaves = [Decimal(c).scaleb(-2) for c in leaves]
        for k, e in enumerate(exact_leaves):
            figures[f"g{g}.{k}"] = None if e == 0 else to_wan(e)
            names.append(f"g{g}.{k}")
        ge = sum(exact_leaves, Decimal("0.00"))
        exact_groups.append(ge)
        figures[f"g{g}"] = None if ge == 0 else to_wan(ge)
        sums[f"g{g}"] = names
    root = sum(exact_groups, Decimal("0.00"))
    figures["root"] = None if root == 0 else to_wan(root)
    sums["root"] = [f"g{g}" for g in range(len(draw_leaves))]
    return figures, sums


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(cents, min_size=1, max_size=8), min_size=1, max_size=5))
def test_rounded_exact_trees_are_always_feasible(groups):
    figures, sums = _tree(groups)
    r = solve_printed(figures, sums)
    _assert_witness(r, figures, sums)


def test_module_has_no_float_calls():
    source = Path(rc.__file__).read_text(encoding="utf-8")
    offending = [
        line for line in source.splitlines() if ("float(" in line or "float64" in line) and "# float-ok" not in line
    ]
    assert offending == []


# --------------------------------------------------------------------------------------------
# solve_printed: one total with several decompositions ((total, parts) pairs)

# seed 公开05 基本支出 (栏次2) by functional 项, and the 公开06 figures it meets again
SEED_BASIC_ITEMS = {
    "2010450": "353.87", "2080502": "5.84", "2080505": "27.64", "2080506": "13.82", "2101101": "0.72",
    "2101102": "10.66", "2101103": "6.54", "2101199": "13.57", "2210201": "22.99",
}  # fmt: skip


def _basic_figures(public: str) -> tuple[dict[str, str | None], list[tuple[str, list[str]]]]:
    figures: dict[str, str | None] = {
        "公开03 基本支出": "455.65", "公开05 基本支出": "455.65", **SEED_BASIC_ITEMS,
        "301": "291.36", "303": "8.12", "302": "154.79", "310": "1.38",
        "人员经费合计": "299.48", "公用经费合计": public,
    }  # fmt: skip
    pairs = [
        ("公开05 基本支出", list(SEED_BASIC_ITEMS)),  # by function
        ("公开05 基本支出", ["人员经费合计", "公用经费合计"]),  # by economic 类 (X08)
        ("公开03 基本支出", ["公开05 基本支出"]),  # the same 元 quantity printed twice
        ("人员经费合计", ["301", "303"]),
        ("公用经费合计", ["302", "310"]),
    ]
    return figures, pairs


def _assert_pairs_witness(result: SolveResult, figures: dict, pairs: list) -> None:
    assert result.feasible and result.conflict is None and result.values is not None
    for name, printed in figures.items():
        exact = result.values[name]
        assert (exact == 0) if printed is None else round_half_up(exact) == Decimal(printed), (name, exact)
    for total, parts in pairs:
        assert result.values[total] == sum((result.values[p] for p in parts), Decimal(0)), (total, parts)


def test_one_total_with_two_decompositions_jointly_feasible():
    """Seed: 基本支出 455.65 = Σ nine functional 项 = 人员经费合计 299.48 + 公用经费合计 156.17."""
    figures, pairs = _basic_figures("156.17")
    r = solve_printed(figures, pairs)
    _assert_pairs_witness(r, figures, pairs)
    # the witness keeps every figure at its printed value: nothing needs to move here
    assert r.values["公用经费合计"] == Decimal("156.17") and r.values["公开05 基本支出"] == Decimal("455.65")


def test_one_total_with_two_decompositions_infeasible_names_the_conflict():
    """公用经费合计 misprinted 156.19 (≥ 156.185) against 基本支出 − 人员经费合计 < 455.655 − 299.475.

    Freeing 公用经费合计 alone repairs it (any value in (156.16, 156.18) fits 302 + 310 and both
    views of 基本支出). No other figure can: 人员经费合计 is pinned by 301 + 303 (≥ 299.47), 基本支出
    by its second printing in 公开03, and a 项, 302 or 310 leaves 299.475 + 156.185 > 455.655.
    """
    figures, pairs = _basic_figures("156.19")
    r = solve_printed(figures, pairs)
    assert r.feasible is False and r.values is None
    assert r.conflict == frozenset({"公用经费合计"})


def test_pairs_and_mapping_give_the_same_answer():
    figures = {"T": "1.00", "a": "0.50", "b": "0.49", "c": "0.51", "d": "0.50"}
    assert solve_printed(figures, {"T": ["a", "b"]}).feasible
    assert solve_printed(figures, [("T", ["a", "b"])]).feasible
    assert solve_printed(figures, (("T", ("c", "d")),)).feasible  # any iterable of pairs, tuple parts
    # each decomposition alone is feasible, but a + b < 1.000 ≤ c + d: one total cannot be both
    r = solve_printed(figures, [("T", ["a", "b"]), ("T", ["c", "d"])])
    assert not r.feasible and len(r.conflict) == 1 and r.conflict <= {"a", "b", "c", "d"}


def test_pairs_argument_errors():
    with pytest.raises(ReconcileError, match=r"sums item 0 must be a \(total, parts\) pair"):
        solve_printed({"T": "1.00"}, [("T",)])
    with pytest.raises(ReconcileError, match="sums item 1"):
        solve_printed({"T": "1.00", "a": "1.00"}, [("T", ["a"]), "T"])
    with pytest.raises(ReconcileError, match="mapping total → parts or an iterable"):
        solve_printed({"T": "1.00"}, 5)
    with pytest.raises(ReconcileError, match="mapping total → parts or an iterable"):
        solve_printed({"T": "1.00"}, "T")
    with pytest.raises(ReconcileError, match="list of part names"):
        solve_printed({"T": "1.00", "a": "1.00"}, [("T", "a")])
    with pytest.raises(ReconcileError, match="'Z'"):
        solve_printed({"T": "1.00"}, [("T", ["Z"])])


def test_witness_is_nearest_to_the_printed_figures():
    """302 prints 154.79, its 款 add to 154.81: exact values must move by 0.02 万元 in all, no more."""
    figures = {"302": "154.79", **SEED_302}
    r = solve_printed(figures, {"302": list(SEED_302)})
    moved = sum((abs(r.values[k] - Decimal(v or 0)) for k, v in figures.items()), Decimal(0))
    assert moved == Decimal("0.02")


# ---------------------------------------------------------------------------- input validation (review fixes)


def test_check_sum_refuses_a_string_of_parts():
    """check_sum("3", "12") read "12" as the parts "1" and "2" and said ok."""
    with pytest.raises(ReconcileError, match="string '12'"):
        check_sum("3", "12")


@pytest.mark.parametrize("parts", [None, 5, {"a": "1"}, b"12"])
def test_check_sum_refuses_parts_that_are_not_a_list(parts):
    with pytest.raises(ReconcileError):
        check_sum("1", parts)


@pytest.mark.parametrize("decimals", [-1, 11, 10**6])
def test_decimals_outside_0_to_10_are_refused(decimals):
    with pytest.raises(ReconcileError, match="between 0 and 10"):
        check_sum("1", ["1"], decimals=decimals)
    with pytest.raises(ReconcileError, match="between 0 and 10"):
        check_le("1", "1", decimals=decimals)


def test_huge_figures_are_checked_exactly():
    """40-digit figures overflowed the default 28-digit context (InvalidOperation)."""
    big = "9" * 40
    f = check_sum(big, [big])
    assert (f.verdict, f.difference) == ("ok", Decimal("0.00"))
    f = check_sum(big, ["9" * 39, "1"])  # 10^40 − 1 − 10^39 = 8 followed by 39 nines
    assert (f.verdict, f.difference) == ("contradiction", Decimal("8" + "9" * 39 + ".00"))
    assert check_equal(big, big).verdict == "ok"
    assert check_le("9" * 39, big).verdict == "ok"


def test_checks_do_not_depend_on_the_callers_context():
    import decimal

    with decimal.localcontext(prec=3):
        f = check_sum("1234.56", ["1000.00", "234.55"])
    assert (f.verdict, f.expected, f.difference) == ("tail", Decimal("1234.55"), Decimal("0.01"))


@pytest.mark.parametrize(
    ("figures", "sums"),
    [(None, {}), ({"A": "1.00"}, None), ([("A", "1.00")], {}), ({"A": "1.00", "B": "1.00"}, {"A": 5}),
     ({"A": "1.00", "B": "1.00"}, {"A": {"B": 1}})],
)
def test_solve_printed_refuses_arguments_of_the_wrong_kind(figures, sums):
    with pytest.raises(ReconcileError):
        solve_printed(figures, sums)


@pytest.mark.parametrize("field", ["expected", "found", "difference", "tolerance"])
def test_finding_amount_fields_refuse_floats(field):
    """Finding(expected=1.5) was accepted and serialised as "1.500000"."""
    fields = {"rule": "r", "verdict": "ok", "where": "", "expected": None, "found": None, field: 1.5}
    with pytest.raises(FloatNotAllowedError):
        Finding(**fields)
    fields[field] = "1.5"
    with pytest.raises(ReconcileError, match=field):
        Finding(**fields)


@given(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(["total", "part", "figure", "a", "b"]))
def test_any_float_into_a_check_or_the_solver_raises(value, door):
    with pytest.raises(FloatNotAllowedError):
        if door == "total":
            check_sum(value, ["1.00"])
        elif door == "part":
            check_sum("1.00", ["0.50", value])
        elif door == "figure":
            solve_printed({"A": "1.00", "B": value}, {"A": ["B"]})
        elif door == "a":
            check_equal(value, "1.00")
        else:
            check_le("1.00", value)


def test_places_and_findings_to_json_take_only_what_they_document():
    """places=None and findings_to_json("abc") used to raise bare TypeError / AttributeError."""
    with pytest.raises(ReconcileError, match=r"places must be a tuple of place names .* found NoneType None"):
        check_equal("1", "1", places=None)
    with pytest.raises(ReconcileError, match=r"places must be a tuple .* found str '公开05'"):
        check_le("1", "2", places="公开05")
    with pytest.raises(ReconcileError, match="places must hold str place names, found int 5"):
        check_equal("1", "1", places=("a", 5))
    with pytest.raises(ReconcileError, match="findings_to_json needs a list of Finding, found str 'abc'"):
        findings_to_json("abc")
    with pytest.raises(ReconcileError, match="item 1 is a str, expected a Finding"):
        findings_to_json([check_equal("1", "1"), "x"])
