"""Hypothesis strategies: printed amounts (well-formed and broken), code spellings, ledgers."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

import govbudget as gb

#: exact amounts in 元 a ledger holds: whole 分 below 10^15 in magnitude
yuan = st.decimals(min_value=-(10**15), max_value=10**15, places=2, allow_nan=False, allow_infinity=False)

_FULL = str.maketrans("0123456789.,-()", "０１２３４５６７８９．，－（）")


@st.composite
def printed_amounts(draw) -> tuple[str, Decimal]:
    """``(text, value)``: an amount as a table may print it, with the value it stands for."""
    value = draw(st.decimals(min_value=-(10**12), max_value=10**12, places=draw(st.integers(0, 4)),
                             allow_nan=False, allow_infinity=False))
    text = f"{abs(value):,f}" if draw(st.booleans()) else f"{abs(value):f}"
    if value < 0:
        text = draw(st.sampled_from([f"-{text}", f"({text})", f"−{text}", f"（{text}）"]))
    if draw(st.booleans()):
        text = text.translate(_FULL)
    pad = draw(st.sampled_from(["", " ", "\u3000", "\t"]))
    return pad + text + pad, value


#: anything a user or a broken file may pass where an amount is expected
junk_amounts = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789.,()-−＋+ ０１２３４５６７８９．，（）eE_①²١", max_size=25),
    st.integers(min_value=-(10**45), max_value=10**45),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.floats(),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
)

_SHIPPED = sorted(gb.functional(2024))


@st.composite
def code_spellings(draw) -> tuple[str, str]:
    """``(spelling, code)``: a 2024 functional code as people type it (spaces, hyphens, full width)."""
    code = draw(st.sampled_from(_SHIPPED))
    groups = [code[:3], code[3:5], code[5:]]
    sep = draw(st.sampled_from(["", " ", "-", "\u3000"]))
    text = sep.join(g for g in groups if g)
    if draw(st.booleans()):
        text = text.translate(_FULL)
    return draw(st.sampled_from(["", " ", "\u3000"])) + text + draw(st.sampled_from(["", " ", "\t"])), code


junk_codes = st.one_of(st.text(max_size=12), st.text(alphabet="0123456789 -．２", max_size=10),
                       st.integers(), st.none(), st.lists(st.text(max_size=3), max_size=2), st.floats())

#: functional codes a posting may carry: shipped ones, and well-formed ones a ledger has to learn
_LEAVES = [c for c in _SHIPPED if len(c) == 7]
posting_codes = st.one_of(st.sampled_from(_LEAVES), st.from_regex(r"2[0-2][0-9](?:[0-9]{2}){0,2}", fullmatch=True))
_ECONOMIC = [c for c in sorted(gb.economic(2024)) if len(c) == 5]


@st.composite
def postings(draw) -> dict:
    """Keyword arguments of one :meth:`govbudget.Ledger.spend` call (with the amount)."""
    fields = {"amount": draw(yuan), "functional": draw(posting_codes),
              "spend_type": draw(st.sampled_from(list(gb.SpendType))), "fund": draw(st.sampled_from(list(gb.Fund)))}
    if draw(st.booleans()):
        fields["economic"] = draw(st.one_of(st.sampled_from(_ECONOMIC), st.from_regex(r"3[0-9]{4}", fullmatch=True)))
    return fields
