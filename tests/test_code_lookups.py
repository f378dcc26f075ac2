"""Lookups that never strand a user (issue 11): 60 ordinary codes, each known with its evidence; every
code printed in a document we hold resolves in its year with the printed name; a made-up unit's ledger
with ordinary codes builds without flags; consistency of the shipped tables across years.

The expected names are those of the 《政府收支分类科目》 as the documents print them (the Jiangsu budgets
of 2017-2019, the Shanghai 普陀区 budgets and 决算 of 2023-2026, the 株洲 seed of 2024); the expected
evidence says how the shipped table knows each row.
"""

from __future__ import annotations

import csv
import itertools
from decimal import Decimal
from pathlib import Path

import pytest

import govbudget as gb

CODES = Path(__file__).resolve().parents[1] / "codes"
A, N, R = "attested", "public-notice", "reconstructed"

LOOKUPS = [
    # the codes issue 11 names: failed before
    ("functional", 2024, "2010101", "行政运行", R),
    ("functional", 2024, "2130153", "农田建设", R),
    ("functional", 2024, "2040220", "执法办案", R),
    ("functional", 2024, "2120101", "行政运行", A),  # 万里街道 2024 部门预算
    ("functional", 2024, "2050299", "其他普通教育支出", R),
    ("functional", 2024, "2070101", "行政运行", R),
    ("functional", 2024, "2240106", "安全监管", R),
    ("functional", 2024, "2013101", "行政运行", R),
    ("functional", 2024, "2011101", "行政运行", R),
    ("functional", 2024, "2120399", "其他城乡社区公共设施支出", A),  # 万里街道 2024
    ("economic", 2025, "39999", "其他支出", R),
    ("economic", 2025, "30905", "基础设施建设", R),
    ("economic", 2025, "31299", "其他对企业补助", R),
    # other ordinary codes of an ordinary unit
    ("functional", 2024, "2010102", "一般行政管理事务", R),
    ("functional", 2024, "2010150", "事业运行", R),
    ("functional", 2024, "2010199", "其他人大事务支出", R),
    ("functional", 2024, "2010301", "行政运行", R),
    ("functional", 2024, "2010350", "事业运行", R),
    ("functional", 2024, "2010601", "行政运行", R),
    ("functional", 2024, "2010801", "行政运行", R),
    ("functional", 2024, "2011301", "行政运行", R),
    ("functional", 2024, "2012901", "行政运行", R),
    ("functional", 2024, "2013202", "一般行政管理事务", A),  # 万里街道 2024
    ("functional", 2024, "2013301", "行政运行", R),
    ("functional", 2024, "2040201", "行政运行", R),
    ("functional", 2024, "2040601", "行政运行", R),
    ("functional", 2024, "2050201", "学前教育", R),
    ("functional", 2024, "2050202", "小学教育", R),
    ("functional", 2024, "2050203", "初中教育", R),
    ("functional", 2024, "2050204", "高中教育", N),  # a 2024 fund notice
    ("functional", 2024, "2060101", "行政运行", R),
    ("functional", 2024, "2080101", "行政运行", R),
    ("functional", 2024, "2080201", "行政运行", R),
    ("functional", 2024, "2080501", "行政单位离退休", A),  # 万里街道 2024
    ("functional", 2024, "2080505", "机关事业单位基本养老保险缴费支出", A),  # the seed
    ("functional", 2024, "2080506", "机关事业单位职业年金缴费支出", A),
    ("functional", 2024, "2089999", "其他社会保障和就业支出", A),
    ("functional", 2024, "2100101", "行政运行", R),
    ("functional", 2024, "2101101", "行政单位医疗", A),
    ("functional", 2024, "2101102", "事业单位医疗", A),
    ("functional", 2024, "2110101", "行政运行", R),
    ("functional", 2024, "2120104", "城管执法", A),
    ("functional", 2024, "2120501", "城乡社区环境卫生", A),
    ("functional", 2024, "2130101", "行政运行", R),
    ("functional", 2024, "2130104", "事业运行", R),
    ("functional", 2024, "2130301", "行政运行", R),
    ("functional", 2024, "2140101", "行政运行", R),
    ("functional", 2024, "2210201", "住房公积金", A),
    ("functional", 2024, "2210202", "提租补贴", R),
    ("functional", 2024, "2210203", "购房补贴", A),
    ("functional", 2024, "2240101", "行政运行", R),
    ("functional", 2025, "2010101", "行政运行", R),
    ("functional", 2025, "2210111", "配租型住房保障", N),  # 广州市财政局 2025 notice
    ("economic", 2024, "30101", "基本工资", A),
    ("economic", 2024, "30201", "办公费", A),
    ("economic", 2025, "30217", "公务接待费", A),
    ("economic", 2025, "30231", "公务用车运行维护费", A),
    ("economic", 2025, "31002", "办公设备购置", A),
    ("government", 2024, "50101", "工资奖金津补贴", R),
    ("government", 2024, "50201", "办公经费", R),
]


def test_there_are_60_lookups():
    assert len(LOOKUPS) == 60 and len({(s, y, c) for s, y, c, *_ in LOOKUPS}) == 60


@pytest.mark.parametrize(("scheme", "year", "code", "name", "evidence"), LOOKUPS)
def test_ordinary_lookup_succeeds_with_its_evidence(scheme, year, code, name, evidence):
    s = gb.edition(scheme, year)[code]
    assert (s.name, s.evidence) == (name, evidence)
    assert s.official is (evidence != R)
    assert s.source  # the document, the notice's address, or the reconstruction's file
    if evidence == R:
        assert "not printed in a document we hold" in s.source


def _printed() -> list[dict[str, str]]:
    with (CODES / "sources" / "printed.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _fold(name: str) -> str:
    return name.replace("(", "（").replace(")", "）").replace("其它", "其他")


def test_every_printed_code_is_known_in_its_year_under_the_printed_name():
    rows = _printed()
    assert len(rows) > 600
    missing = []
    for r in rows:
        s = gb.edition(r["scheme"], int(r["year"])).get(r["code"])
        if s is None or _fold(r["name"]) not in {_fold(n) for n in s.names} or s.evidence != "attested":
            missing.append((r["year"], r["code"], r["name"]))
    assert missing == []


def test_a_made_up_units_ledger_with_ordinary_codes_builds_without_flags():
    led = gb.Ledger("某街道办事处", 2024)
    for amount, functional, economic in [
        ("1200000.00", "2010101", "30101"), ("300000.00", "2010102", "30201"), ("80000.00", "2013202", "30217"),
        ("450000.00", "2080505", "30108"), ("120000.00", "2101101", "30110"), ("360000.00", "2210201", "30113"),
        ("90000.00", "2120104", "30226"), ("50000.00", "2240106", "30227"),
    ]:
        led.spend(amount, functional=functional, economic=economic)
    assert led.total() == Decimal("2650000.00")
    assert led.total(functional="201") == Decimal("1580000.00")
    assert led.total(functional="20101") == Decimal("1500000.00")


# ---------------------------------------------------------------------------- consistency across years


def _all_editions():
    for scheme, years in gb.editions().items():
        for y in years:
            yield gb.edition(scheme, y)


def test_reconstructed_and_notice_names_never_contradict_a_printed_name_of_the_same_year():
    printed: dict[tuple[str, int, str], set[str]] = {}
    for r in _printed():
        printed.setdefault((r["scheme"], int(r["year"]), r["code"]), set()).add(_fold(r["name"]))
    for ed in _all_editions():
        for s in ed.values():
            names = printed.get((ed.scheme, ed.year, s.code))
            if names is not None:
                assert s.evidence == "attested" and _fold(s.name) in names, (ed.year, s.code, s.name, names)


def test_names_by_year_older_names_are_aliases_with_their_years():
    for ed in _all_editions():
        for s in ed.values():
            assert len(s.alias_years) == len(s.aliases)
            for name, years in s.alias_years:
                assert years and max(years) <= ed.year, (ed.year, s.code, name)


def test_every_change_from_one_year_to_the_next_is_an_edge_with_evidence():
    for scheme, years in gb.editions().items():
        for a, b in itertools.pairwise(years):
            for e in gb.edition(scheme, a).diff(gb.edition(scheme, b)):
                assert e.evidence in gb.EVIDENCE_LEVELS, (scheme, a, b, e.code)
                if e.status in ("renamed", "moved"):
                    assert e.from_name and e.to_name


def test_the_department_to_government_mapping_of_2024():
    m = gb.economic_mapping(2024, "30101")
    assert (m.government_code, m.government_name, m.unit_scope, m.evidence) == (
        "50101", "工资奖金津补贴", "机关", "public-notice")
    assert gb.economic_mapping(2024, "30101", unit_scope="事业单位").government_code == "50501"
    dept, gov = gb.economic(2024), gb.economic(2024, scheme="government")
    from govbudget.classification import _mappings

    rows = _mappings()[2024]
    for r in rows:  # both sides are codes of the 2024 editions, under their names there
        assert dept[r.department_code].name == r.department_name, r
        assert gov[r.government_code].name == r.government_name, r
        assert r.evidence in ("public-notice", "reconstructed")
    with pytest.raises(gb.UnknownEditionError):
        gb.economic_mapping(2019, "30101")
    with pytest.raises(gb.ParseError):
        gb.economic_mapping(2024, "30101", unit_scope="企业")
    with pytest.raises(gb.MalformedCodeError):
        gb.economic_mapping(2024, "2010101")
