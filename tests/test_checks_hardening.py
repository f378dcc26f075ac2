"""Odd input in check(): linear item patterns (issue 12.1), an odd figure is a finding and the other
checks still run (issue 12.5), quotations that start at a word and ranges that are ranges (issue 14.6)."""

from __future__ import annotations

from decimal import Decimal

from reader_fixtures import SEED_TEXT, findings_by

import govbudget as gb
from govbudget.checks import _narrative
from govbudget.checks._primitives import _pct

_TABLE = "支出决算表\n金额单位：万元\n项目\t\t本年支出合计\t基本支出\t项目支出\n合计\t\t{total}\t7.00\t3.00\n"


def test_item_names_are_bounded():
    """The 类/款/项 name slots take at most 40 characters: a long run without punctuation cannot make
    every start position scan to the end of the run (8,000 characters took 2.4 s, 32,000 took 44 s)."""
    text = "字" * 60 + "一般公共服务（款）行政运行（项）"
    m = _narrative._ITEM.search(text)
    assert m is not None and m.group("kuan") == ("字" * 60 + "一般公共服务")[-40:]
    m = _narrative._CLASS.search("字" * 60 + "教育（类）支出5万元")
    assert m is not None and len(m.group("lei")) == 40


def test_long_run_of_text_checks():
    """The issue's repro: one table and 32,000 characters of text without punctuation."""
    rep = gb.read_report(text="支出决算表\n金额单位：万元\n项目\t\t本年支出合计\n合计\t\t1.00\n" + "字" * 32000)
    assert [f.verdict for f in rep.check() if f.verdict == "contradiction"] == []


def test_eleven_decimals_in_a_table_is_a_finding():
    rep = gb.read_report(text=_TABLE.format(total="10.00000000000"))
    got = findings_by(rep.check(), "R03.1")
    assert [f.verdict for f in got] == ["not_assessable"]
    assert "10.00000000000" in got[0].message and "11 位小数" in got[0].message
    assert "第4行" in got[0].places[1]


def test_odd_figures_in_the_narrative_leave_the_other_checks_running():
    """The seed's 说明三 基本支出 printed with 45 digits, then with 11 decimals: that sentence is
    ``not_assessable`` naming the figure; every other finding of the seed is unchanged."""
    line = "其中：基本支出 455.65 万元，占 87.69%"
    assert line in SEED_TEXT
    before = gb.read_report(text=SEED_TEXT).check()
    for odd, why in (("1" * 45, "45 位整数"), ("455.65000000000", "11 位小数")):
        rep = gb.read_report(text=SEED_TEXT.replace(line, line.replace("455.65", odd)))
        after = rep.check()
        hit = [f for f in after if "基本支出" in f.where and f.rule == "X12" and odd[:20] in f.message]
        assert hit and all(f.verdict == "not_assessable" for f in hit) and why in hit[0].message
        untouched = [(f.rule, f.verdict, f.where.split("（")[0]) for f in before if "说明三 基本支出" not in f.where]
        now = [(f.rule, f.verdict, f.where.split("（")[0]) for f in after if "说明三 基本支出" not in f.where]
        assert now == untouched


def test_quotation_starts_at_a_clause():
    """A quoted sentence starts at a clause boundary (or at the matched words), not mid-word."""
    text = (_TABLE.format(total="10.00") + "三、支出决算情况说明\n本年支出合计10万元。政府性基金拨款支出减少增加5万元，"
            "下降1%。\n")
    got = [f for f in gb.read_report(text=text).check() if f.rule == "X12.direction"]
    assert got and got[0].where.startswith("说明 “政府性基金拨款支出减少增加5万元")


def test_a_single_recomputed_value_is_not_called_a_range():
    f = _pct(Decimal("99"), Decimal("519.63"), Decimal("519.63"), rule="X12", pa="p", pb="q")
    assert f.verdict == "contradiction"
    assert "范围 100%" not in f.message and "只能是 100%" in f.message
    # 14.32 / 19 ranges over 14.315/19.5 = 73.41 … 14.325/18.5 = 77.43
    f = _pct(Decimal("80"), Decimal("14.32"), Decimal("19"), rule="X12", pa="p", pb="q")
    assert f.verdict == "contradiction" and "允许的范围 73%–77%" in f.message
