"""Abstaining when the reading is unsure (issue 10.2) and printing conventions that are not
contradictions (issue 10.3)."""

from __future__ import annotations

from decimal import Decimal as Dm

import attrs
from reader_fixtures import SEED_TEXT, findings_by

import govbudget as gb

_TABLE = "支出决算表\n金额单位：万元\n项目\t\t本年支出合计\t基本支出\t项目支出\n合计\t\t{t}\t{b}\t{p}\n"


def _with_cell(rep, table_id: str, column: str, **changes):
    """``rep`` with the 合计 row's ``column`` cell of ``table_id`` changed (what a reader that is unsure
    of the cell would have produced)."""
    tables = []
    for t in rep.tables:
        if t.table_id == table_id:
            cells = tuple(attrs.evolve(c, **changes) if norm_col(c.column) == column and c.row_label == "合计"
                          else c for c in t.cells)
            t = attrs.evolve(t, cells=cells)
        tables.append(t)
    return attrs.evolve(rep, tables=tuple(tables))


def norm_col(col: str) -> str:
    return col.split("/")[-1]


# ------------------------------------------------------------------ abstain


def test_a_cell_placed_by_an_identity_does_not_confirm_it():
    rep = gb.read_report(text=_TABLE.format(t="10.00", b="7.00", p="3.00"))
    assert [f.verdict for f in findings_by(rep.check(), "R03.1")] == []  # ok findings are not listed as bad
    rep = _with_cell(rep, "expenditure", "基本支出", placement="identity", identities=("R03.1",))
    [f] = findings_by(rep.check(), "R03.1")
    assert f.verdict == "not_assessable"
    assert "基本支出" in f.message and "依据本项等式（R03.1）推定" in f.message


def test_a_cell_placed_by_another_identity_still_counts():
    rep = gb.read_report(text=_TABLE.format(t="10.00", b="7.00", p="3.50"))
    rep = _with_cell(rep, "expenditure", "基本支出", placement="identity", identities=("X04",))
    [f] = findings_by(rep.check(), "R03.1")
    assert f.verdict == "contradiction" and (f.found, f.expected) == (Dm("10.00"), Dm("10.50"))


def test_an_assumed_blank_is_not_a_zero():
    rep = gb.read_report(text=_TABLE.format(t="10.00", b="7.00", p="3.00"))
    rep = _with_cell(rep, "expenditure", "项目支出", value=None, raw="", blank="assumed")
    [f] = findings_by(rep.check(), "R03.1")
    assert f.verdict == "not_assessable" and "推定的空白" in f.message


def test_a_seen_blank_is_a_zero():
    rep = gb.read_report(text=_TABLE.format(t="10.00", b="7.00", p="3.00"))
    rep = _with_cell(rep, "expenditure", "项目支出", value=None, raw="", blank="seen")
    [f] = findings_by(rep.check(), "R03.1")
    assert f.verdict == "contradiction" and (f.found, f.expected) == (Dm("10.00"), Dm("7.00"))


def test_an_uncertain_cell_makes_a_contradiction_not_assessable():
    """The seed's 公开03 合计 printed 519.64 contradicts 公开01 (X04); read with an uncertain place, the
    comparison is not assessed and names the cell."""
    line = "合计\t\t519.63\t455.65\t63.98\t\t\t"
    assert line in SEED_TEXT
    rep = gb.read_report(text=SEED_TEXT.replace(line, line.replace("519.63", "519.64", 1)))
    assert findings_by(rep.check(), "X04", "contradiction", "合计")
    rep = _with_cell(rep, "expenditure", "本年支出合计", placement="uncertain")
    got = findings_by(rep.check(), "X04", None, "合计")
    assert got and all(f.verdict == "not_assessable" for f in got)
    assert "所在栏无法确定" in got[0].message and "519.64" in got[0].message


# ------------------------------------------------------------------ conventions


_CUT = ("收入支出决算总表\n金额单位：万元\n项目\t\t金额\t项目\t\t金额\n本年收入合计\t\t3000.00\t本年支出合计\t\t3000.00\n"
        + _TABLE.format(t="3000.00", b="2000.00", p="1000.00") + "三、支出决算情况说明\n"
        "本年支出合计3000万元，其中：基本支出2000万元，占{b}%；项目支出1000万元，占33.33%。\n")


def test_a_rate_cut_instead_of_rounded_is_a_tail_with_its_hint():
    """2,000.00/3,000.00 = 66.666…% (66.67 whatever the rounding of the two amounts): printed 66.66
    (cut) in a report that never rounds where cutting differs."""
    [f] = findings_by(gb.read_report(text=_CUT.format(b="66.66")).check(), "X12", None, "基本支出占比")
    assert (f.verdict, f.found, f.expected) == ("tail", Dm("66.66"), Dm("66.67"))
    assert "截尾而非四舍五入" in f.message
    assert not any(p.startswith("convention:") for p in f.places)


def test_beyond_every_convention_stays_a_contradiction():
    [f] = findings_by(gb.read_report(text=_CUT.format(b="66.65")).check(), "X12", None, "基本支出占比")
    assert f.verdict == "contradiction"


def test_a_cut_rate_in_a_report_that_rounds_is_a_contradiction():
    """The seed prints 455.65/519.63 = 87.687…% as 87.69 and other rates rounded where cutting would
    differ; 87.68 there is no convention of the report."""
    old = "基本支出 455.65 万元，占 87.69%"
    fs = gb.read_report(text=SEED_TEXT.replace(old, "基本支出 455.65 万元，占 87.68%")).check()
    [f] = findings_by(fs, "X12", None, "说明三 基本支出占比")
    assert (f.verdict, f.found, f.expected) == ("contradiction", Dm("87.68"), Dm("87.69"))
    assert "截尾不是本报告的印刷惯例" in f.message


def test_shares_forced_to_add_up_to_100():
    """Three thirds printed 33.33, 33.33 and 33.34 (= 100): the last is one unit off 33.33, a tail with
    its hint; printed 33.33, 33.33, 33.35 it is not (the shares do not add up to 100)."""
    from govbudget.checks._primitives import _pct, forced_shares

    def shares(last: str) -> list:
        return [_pct(Dm(p), Dm("1000.00"), Dm("3000.00"), rule="X12", pa=f"说明二 {k}占比", pb="q")
                for k, p in (("甲", "33.33"), ("乙", "33.33"), ("丙", last))]

    got = forced_shares(shares("33.34"))
    assert [f.verdict for f in got] == ["ok", "ok", "tail"] and "各项占比合计调整为100%" in got[2].message
    assert [f.verdict for f in forced_shares(shares("33.35"))] == ["ok", "ok", "contradiction"]


def test_a_change_printed_coarser_than_its_base():
    """“增加6.9万元，增长1.34%” on 519.63: 6.9/512.73 = 1.3457% (1.35); 6.9 stands for 6.85–6.95, so 1.34
    is within reach — a tail, with the hint that the change is printed with fewer decimals."""
    text = _TABLE.format(t="519.63", b="455.65", p="63.98") + ("三、支出决算情况说明\n"
                                                              "本年支出合计519.63万元，与上年相比增加6.9万元，增长{r}%。\n")
    [f] = findings_by(gb.read_report(text=text.format(r="1.34")).check(), "X12.rate")
    assert f.verdict == "tail" and "增减额的印刷位数少于基数" in f.message
    [g] = findings_by(gb.read_report(text=text.format(r="1.30")).check(), "X12.rate")
    assert g.verdict == "contradiction"
