"""Codes as strings: compact / validate / is_valid / split / format, uniform over the three schemes;
lookups that never raise for odd arguments (issue 12.7); evidence narrowing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govbudget as gb


@pytest.mark.parametrize(
    ("raw", "compact"),
    [
        ("2010101", "2010101"),
        (" 201 01 01 ", "2010101"),
        ("201-01-01", "2010101"),
        ("２０１０１０１", "2010101"),
        ("２０１　０１　０１", "2010101"),  # full-width spaces
        ("302.17", "30217"),
        ("5 01", "501"),
        ("201x", "201x"),  # compact does not check
    ],
)
def test_compact(raw, compact):
    assert gb.compact_code(raw) == compact


@pytest.mark.parametrize(
    ("code", "scheme", "parts", "formatted"),
    [
        ("2010101", "functional", ("201", "01", "01"), "201 01 01"),
        ("20104", "functional", ("201", "04"), "201 04"),
        ("221", "functional", ("221",), "221"),
        ("30217", "economic", ("302", "17"), "302 17"),
        ("399", "economic", ("399",), "399"),
        ("50208", "government", ("502", "08"), "502 08"),
    ],
)
def test_split_and_format_are_uniform_across_schemes(code, scheme, parts, formatted):
    assert gb.split_code(code) == parts
    assert gb.split_code(code, scheme) == parts
    assert gb.format_code(code) == formatted
    assert gb.format_code(gb.format_code(code, sep="-")) == formatted
    assert gb.validate_code(formatted) == code
    assert gb.is_valid_code(code, scheme)


@pytest.mark.parametrize(
    ("code", "scheme", "message"),
    [
        ("2010", None, "'2010' is not a functional code: expected 3, 5 or 7 ASCII digits (类/款/项), found 4 characters"),
        ("3021701", None, "'3021701' is not an economic code: expected 3 or 5 ASCII digits (类/款), found 7 characters"),
        ("30217", "government", "'30217' is not a government code: 政府预算支出经济分类 codes start with 5, found 3"),
        ("90217", None, "'90217' is not a classification code: expected digits starting with 2 (支出功能分类), "
                        "3 (部门预算经济分类) or 5 (政府预算经济分类), found '9' first"),
        ("", None, "'' is not a classification code: expected digits, found an empty code"),
        (None, None, "None is not a classification code: expected a str of digits, found a NoneType"),
    ],
)
def test_validate_refuses_with_the_typed_error(code, scheme, message):
    with pytest.raises(gb.MalformedCodeError) as info:
        gb.validate_code(code, scheme)
    assert str(info.value) == message
    assert not gb.is_valid_code(code, scheme)


def test_validate_with_a_year_checks_membership():
    assert gb.validate_code("201 04 50", year=2024) == "2010450"
    with pytest.raises(gb.UnknownCodeError) as info:
        gb.validate_code("2010451", year=2024)
    assert info.value.suggestions[:3] == ("2010450", "2010403", "2010499")
    assert not gb.is_valid_code("2010451", year=2024)
    with pytest.raises(gb.UnknownEditionError):
        gb.validate_code("2010450", year=1990)
    assert not gb.is_valid_code("2010450", year=1990)


UNHASHABLE = [["2010450"], {"2010450": 1}, {"2010450"}, bytearray(b"201"), None, 2010450, 2.5]


@pytest.mark.parametrize("arg", UNHASHABLE, ids=repr)
def test_get_is_valid_and_in_never_raise(arg):
    # issue 12.7: these raised TypeError for unhashable arguments though documented as never raising
    for ed in (gb.functional(2024), gb.economic(2024), gb.economic(2024, scheme="government")):
        assert ed.get(arg) is None
        assert ed.get(arg, "x") == "x"
        assert ed.is_valid(arg) is False
        assert (arg in ed) is False
    assert gb.is_valid_code(arg) is False


@pytest.mark.parametrize("arg", UNHASHABLE, ids=repr)
def test_getitem_of_a_non_str_is_a_malformed_code(arg):
    with pytest.raises(gb.MalformedCodeError):
        gb.functional(2024)[arg]


#: spellings compact_code reads as 2080505 (issue 14 point 4: one input rule at every door)
SPELLINGS = (" 2080505", "2080505 ", "208-05-05", "208 05 05", "２０８０５０５", "208.05.05", "２０８　０５　０５")


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_edition_door_reads_a_code_as_compact_code_does(spelling):
    """fn[" 2080505"] raised while spend(functional=" 2080505") accepted it; fn.get("２０８０５０５") was
    None and "208-05-05" in fn False, silently."""
    fn = gb.functional(2024)
    assert fn[spelling].code == "2080505" and fn[spelling].name == "机关事业单位基本养老保险缴费支出"
    assert fn.get(spelling).code == "2080505" and spelling in fn and fn.is_valid(spelling)
    assert fn.path_names(spelling) == "社会保障和就业支出 › 行政事业单位养老支出 › 机关事业单位基本养老保险缴费支出"
    assert [s.code for s in fn.ancestors(spelling)] == ["208", "20805"]
    assert fn.parent(spelling).code == "20805" and fn.path(spelling)[-1].code == "2080505"
    assert [s.code for s in fn.children(spelling)] == []  # a 项 has no children
    assert [s.code for s in fn.children(" 208 05")][:2] == ["2080501", "2080502"]
    assert fn.nearest(spelling)[0] == "2080505"
    assert gb.validate_code(spelling, year=2024) == "2080505" and gb.is_valid_code(spelling, year=2024)
    assert gb.Ledger("某单位", 2024).spend("1", functional=spelling).functional == "2080505"


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_crosswalk_reads_a_code_the_same_way(spelling):
    assert gb.crosswalk(spelling, 2024, 2025).code == "2080505"


def test_economic_mapping_reads_a_code_the_same_way():
    assert gb.economic_mapping(2024, " 301-01", unit_scope="事业单位").government_code == "50501"
    with pytest.raises(gb.MalformedCodeError, match="'30x01'"):
        gb.economic_mapping(2024, "30x01")


def test_economic_lookups_read_codes_the_same_way():
    ec = gb.economic(2024)
    assert ec[" 30101"].name == "基本工资" and ec.get("３０１０１").code == "30101" and "301-01" in ec


@pytest.mark.parametrize("bad", ["20x0505", "208050", "2080505x", "", "  "])
def test_what_compact_code_refuses_or_leaves_malformed_raises_in_getitem_only(bad):
    fn = gb.functional(2024)
    with pytest.raises(gb.MalformedCodeError) as info:
        fn[bad]
    assert repr(bad) in str(info.value)  # names the code as given
    assert fn.get(bad) is None and (bad in fn) is False and fn.is_valid(bad) is False
    with pytest.raises(gb.MalformedCodeError):
        fn.path_names(bad)


def test_a_non_str_code_raises_in_getitem_and_is_none_in_get():
    fn = gb.functional(2024)
    with pytest.raises(gb.MalformedCodeError, match="found an int"):
        fn[2080505]
    assert fn.get(2080505) is None and (2080505 in fn) is False


def test_codes_show_reads_a_code_as_the_library_does(capsys):
    from govbudget.cli import main

    assert main(["codes", "show", " 2080505", "--year", "2024"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "code      2080505"
    assert main(["codes", "show", "208-05-05"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "name      机关事业单位基本养老保险缴费支出"


@given(st.one_of(st.text(max_size=12), st.integers(), st.none(), st.lists(st.text(max_size=3), max_size=2)))
def test_is_valid_and_get_never_raise(arg):
    ed = gb.functional(2024)
    assert isinstance(gb.is_valid_code(arg), bool)
    assert isinstance(ed.is_valid(arg), bool)
    ed.get(arg)


def test_evidence_narrows_an_edition():
    full = gb.economic(2024)
    attested = gb.economic(2024, evidence="attested")
    assert {s.evidence for s in attested.values()} == {"attested"}
    assert set(attested) < set(full)
    at_least_notice = gb.economic(2024, scheme="government", evidence="public-notice")
    assert {s.evidence for s in at_least_notice.values()} <= {"attested", "public-notice"}
    with pytest.raises(gb.ParseError):
        gb.functional(2024, evidence="official")
