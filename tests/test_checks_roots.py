"""Root causes grouped (issue 10.5): one wrong cell breaking several sums is one finding naming it."""

from __future__ import annotations

from decimal import Decimal as Dm

from reader_fixtures import REPORTS, SEED_TEXT

import govbudget as gb
from govbudget.checks._shift import explained_by


def test_shiquanlu_212_basic_spending():
    """石泉路 prints 212 and 21201 基本支出 as 1,066.51 in 公开03 and 公开05; the 项 add up to 10,661.51.
    In each table that one figure breaks four sums (212 行, 21201 行, 21201 = Σ 项, 合计 = Σ 类): one C01
    finding per table names it and the four are kept, listed under it."""
    fs = gb.read_report(REPORTS / "putuo_shiquanlu_street_2025_final.txt").check()
    roots = [f for f in fs if f.rule == "C01"]
    assert [r.where for r in roots] == ["支出决算表 212 基本支出", "一般公共预算财政拨款支出决算表 212 基本支出"]
    for r in roots:
        assert (r.verdict, r.found, r.expected, r.n) == ("contradiction", Dm("1066.51"), Dm("10661.51"), 4)
        assert "21201" in r.places[1]
        under = [f for f in fs if explained_by(f) == f"C01:{r.where}"]
        assert len(under) == 4 and all(f.verdict == "contradiction" for f in under)
        assert any(f.where.endswith("合计 基本支出") for f in under)


def test_a_seed_mutation_breaking_three_sums():
    """The seed's 公开03 2010450 基本支出 353.87 printed 335.87: 2010450 行 and 20104 = Σ 项 break (20104's
    other figures hold); the one cell explains both (X07 against 公开05 is another table's check)."""
    line = "2010450\t事业运行\t353.87\t353.87\t\t\t\t\n"  # 公开03 (公开02's row has one more column)
    assert SEED_TEXT.count(line) == 1
    fs = gb.read_report(text=SEED_TEXT.replace(line, "2010450\t事业运行\t353.87\t335.87\t\t\t\t\n")).check()
    roots = [f for f in fs if f.rule == "C01" and f.where.startswith("公开03表")]
    assert len(roots) == 1 and roots[0].where == "公开03表 2010450 基本支出"
    assert (roots[0].found, roots[0].expected) == (Dm("335.87"), Dm("353.87"))
    assert sum(1 for f in fs if explained_by(f) == f"C01:{roots[0].where}") == roots[0].n >= 2


def test_no_root_on_the_seed():
    assert not [f for f in gb.read_report(text=SEED_TEXT).check() if f.rule == "C01"]
