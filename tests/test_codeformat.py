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


def test_lookups_match_exactly_and_name_compact_code_when_it_would_help():
    fn = gb.functional(2024)
    assert "201 04 50" not in fn and fn.get("２０１０４") is None
    with pytest.raises(gb.MalformedCodeError) as info:
        fn[" 2010450"]
    assert str(info.value) == ("' 2010450' is not a functional code: expected 3, 5 or 7 ASCII digits (类/款/项), "
                               "found whitespace; govbudget.compact_code(' 2010450') gives '2010450'")
    assert fn[gb.compact_code(" 2010450")].name == "事业运行"


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
