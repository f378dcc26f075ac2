"""The faster searches of the 说明 checks find exactly what ``re.finditer`` finds.

``bracketed`` (names in brackets searched only before each closing bracket) and ``finditer`` (a pattern
tried only at offsets holding a character it can start with) must give the same matches, with the
same groups, as the plain search: on every fixture report's narrative, on slices of it (pattern edges,
look-behinds at the start) and on strings built from the pieces the patterns are made of.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from govbudget.checks import _labels, _narrative
from govbudget.reader import read_report

FIXTURES = Path(__file__).parent / "fixtures"


def _texts() -> list[str]:
    texts = []
    for path in [*sorted((FIXTURES / "reports").glob("*.txt")), FIXTURES / "seed" / "zhuzhou_2024.txt"]:
        if path.name.endswith(".tables.txt"):
            continue
        texts.append(_narrative.index_narrative(read_report(path).narrative)[0])
    rnd = random.Random(7)
    for t in [t for t in texts if t]:
        for _ in range(10):
            i = rnd.randrange(len(t))
            texts.append(t[i:i + rnd.randrange(1, 300)])
    pieces = ["一般公共服务", "支出", "（类）", "（201类）", "（款）", "（01款）", "（项）", "（99项）", "项）", "，", "。",
              "19.5", "（类）19.5万元", "万元", "，占", "3%", "增加", "年初预算为", "基本支出", "（", "）", "项", "x" * 29, "长" * 41]
    for _ in range(600):
        texts.append("".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30))))
    return texts


TEXTS = _texts()


def _spans(matches) -> list:
    return [(m.span(), m.groupdict(), m.groups()) for m in matches]


@pytest.mark.parametrize(("rx", "close", "span", "head"), [
    (_narrative._ITEM, _narrative._ITEM_CLOSE, _narrative._ITEM_SPAN, None),
    (_narrative._CLASS, _narrative._CLASS_CLOSE, 43, _narrative._CLASS_HEAD),
    (_labels._LEVEL, _labels._LEVEL_CLOSE, 33, None),
], ids=["item", "class", "level"])
def test_bracketed_finds_what_finditer_finds(rx, close, span, head):
    found = 0
    for text in TEXTS:
        expected = _spans(rx.finditer(text))
        assert _spans(_narrative.bracketed(rx, close, span, text, head=head)) == expected, text
        found += len(expected)
    assert found > 5  # the texts do exercise the pattern


def _patterns() -> list[re.Pattern[str]]:
    pats = [*_narrative._sentence_patterns(), *_narrative._three_public_patterns(), _labels._EMPTY_REASON,
            *(rx for rx, _ in _labels._LEFTOVER), *(rx for rx, _ in _labels._NO_UNIT)]
    pats += [v for mod in (_narrative, _labels) for v in vars(mod).values() if isinstance(v, re.Pattern)]
    return pats


def test_finditer_finds_what_re_finds():
    pats = _patterns()
    assert sum(_narrative._starts(rx) is not None for rx in pats) > len(pats) // 2  # most are sped up
    for rx in pats:
        for text in TEXTS:
            assert _spans(_narrative.finditer(rx, text)) == _spans(rx.finditer(text)), (rx.pattern, text)


def test_first_characters_of_a_pattern():
    assert _narrative._starts(re.compile(r"(?<!增加)(?:一般公共预算)?财政拨款")).pattern == "[一财]"
    assert _narrative._starts(re.compile(r"(?:本年)?\d+")) is None  # a class of digits: searched as it is
    assert _narrative._starts(re.compile(r"(?:支出)?")) is None  # may match nothing
    assert _narrative._starts(re.compile(r"abc", re.IGNORECASE)) is None
