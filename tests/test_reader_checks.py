"""report.check(): the balance rules of 公开01/04/07/08, the cross-table rules X03/X05/X07/X09/X10,
the real contradictions of the fixture reports (by rule and place), not_assessable rows, unit kind."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal as Dm
from pathlib import Path

import pytest
from reader_fixtures import REPORTS, SEED, SEED_TEXT
from reader_fixtures import findings_by as _by

import govbudget as gb
from govbudget.reader import read_report

NEW_RULES = ("R01.1", "R01.2", "R01.3", "R01.4", "R01.5", "R01.6", "R04.1", "R04.2", "R04.3", "R04.5", "R04.6",
             "R04.7", "R04.8", "X01", "X02", "X03", "X04", "X05", "X06", "X07", "X08", "X09", "X10")


def _read(name):
    return read_report(REPORTS / name)


def test_seed_new_rules_hold():
    """On the seed every 公开01/04 balance rule and X01–X10 is checked and holds (domain §3, seed column)."""
    fs = read_report(SEED).check()
    for rule in NEW_RULES:
        got = _by(fs, rule)
        assert got, rule
        assert all(f.verdict == "ok" for f in got), [str(f) for f in got if f.verdict != "ok"]
    # per-row rules report only what does not hold: nothing on the seed
    assert not [f for f in fs if f.rule in ("R04.4", "R07.1", "R08.1") and f.verdict != "ok"]
    r016 = _by(fs, "R01.6")[0]
    assert (r016.found, r016.expected) == (None, Dm("0.00"))  # 年末结转和结余 blank = 0 + 519.63 − 519.63


def _mutated(old: str, new: str):
    assert SEED_TEXT.count(old) == 1, old
    return read_report(text=SEED_TEXT.replace(old, new)).check()


def test_seed_balance_rules_can_fail():
    """A 年初结转和结余 of 5.00 in 公开01 breaks R01.3 (总计) and R01.6 (年末 balance)."""
    fs = _mutated("年初结转和结余\t29\t\t", "年初结转和结余\t29\t5.00\t")
    assert _by(fs, "R01.3", "contradiction", "收入总计")[0].expected == Dm("524.63")
    assert _by(fs, "R01.6", "contradiction", "年末结转和结余")
    assert _by(fs, "R01.5", "ok")


def test_seed_fiscal_rules_can_fail():
    """公开04 201 printed 410.65 | 410.60: R04.4 (row), R04.5 (column c3), X06 (公开05 201 410.65)."""
    fs = _mutated("一、一般公共服务支出\t33\t410.65\t410.65\t", "一、一般公共服务支出\t33\t410.65\t410.60\t")
    assert _by(fs, "R04.4", "contradiction", "一般公共服务支出")
    assert _by(fs, "R04.5", "contradiction", "本年支出合计 c3")
    assert _by(fs, "X06", "contradiction", "201")


def test_seed_gov_fund_rules_can_fail():
    """公开07 合计 printed 本年收入 1.00, 本年支出 2.00 = 基本 blank + 项目 1.00: R07.1 twice, X09."""
    old = "栏次\t\t1\t2\t3\t4\t5\t6\n合计\t\t\t\t\t\t\t"
    fs = _mutated(old, "栏次\t\t1\t2\t3\t4\t5\t6\n合计\t\t\t1.00\t2.00\t\t1.00\t")
    assert _by(fs, "R07.1", "contradiction", "合计 本年支出")
    assert _by(fs, "R07.1", "contradiction", "合计 年末结转和结余")
    x09 = _by(fs, "X09", "contradiction", "本年收入")[0]
    assert (x09.found, x09.expected) == (Dm("1.00"), None)


def test_seed_x07_can_fail():
    """公开05 2010499 项目支出 printed 56.88 > 公开03 56.78: X07 part > whole."""
    lines = SEED_TEXT.splitlines()
    idx = [i for i, ln in enumerate(lines) if ln.startswith("2010499\t")]
    assert len(idx) == 3  # 公开02, 公开03, 公开05
    lines[idx[2]] = lines[idx[2]].replace("56.78\t\t56.78", "56.88\t\t56.88")
    fs = read_report(text="\n".join(lines)).check()
    assert _by(fs, "X07", "contradiction", "2010499 项目支出")


@pytest.mark.parametrize("name", ["putuo_shiquanlu_street_2025_final.txt", "putuo_culture_tourism_2025_final.txt"])
def test_shanghai_final_balances(name):
    """The 2025 Shanghai 决算: 公开01/04 balances and X03/X05/X09/X10 hold as printed."""
    fs = _read(name).check()
    for rule in ("R01.1", "R01.2", "R01.3", "R01.4", "R01.5", "R04.1", "R04.3", "R04.5", "R04.6", "R04.7",
                 "R04.8", "X01", "X02", "X03", "X04", "X05", "X10"):
        assert _by(fs, rule), rule
        assert all(f.verdict == "ok" for f in _by(fs, rule)), rule


def test_shiquanlu_real_contradictions():
    """石泉路 prints 212 and 21201 基本支出 as 1,066.51 in both 公开03 and 公开05, while the 21201 项
    print 1,690.05 + 1,289.35 + 7,682.11 = 10,661.51 and the rows 13,583.48 / 12,029.15 need 10,661.51
    (13,583.48 − 2,921.97; 12,029.15 − 1,367.64). Each table prints it, so each is reported once."""
    fs = _read("putuo_shiquanlu_street_2025_final.txt").check()
    bad = [f for f in fs if f.verdict == "contradiction"]
    # X12: the 说明 figures 20.04, 545.84, 245.53 and 公务接待 1.53 (test_reader_narrative), and 教育支出
    # “占 0.08%” for 16.24/19,044.27 = 0.0853 % (0.09 at the printed precision, whatever the rounding of
    # the two amounts)
    # C01: one grouped finding naming the misprinted 212/21201 基本支出, printed alike in both tables (tests/test_checks_roots.py)
    assert Counter(f.rule for f in bad) == {"R03.1": 2, "R03.2": 2, "R05.1": 4, "X12": 5, "C01": 1}
    edu = _by(fs, "X12", "contradiction", "教育支出（类） 占比")[0]
    assert (edu.found, edu.expected) == (Dm("0.08"), Dm("0.09"))
    for rule, tn in (("R03.1", "支出决算表"), ("R05.1", "一般公共预算财政拨款支出决算表")):
        row = _by(fs, rule, "contradiction", f"{tn} 212 行")
        assert len(row) == 1 and (row[0].found, row[0].expected) == (Dm("13583.48"), Dm("3988.48"))
        assert _by(fs, rule, "contradiction", f"{tn} 21201 行")[0].found == Dm("12029.15")
    kuan = _by(fs, "R03.2", "contradiction", "21201 基本支出")[0]
    assert (kuan.found, kuan.expected) == (Dm("1066.51"), Dm("10661.51"))
    total = _by(fs, "R03.2", "contradiction", "合计 基本支出")[0]
    assert (total.found, total.expected) == (Dm("14206.00"), Dm("4610.99"))
    assert len({(f.rule, f.where) for f in bad}) == len(bad)


def test_justice_unit_real_contradictions():
    """司法局 2026 单位预算 prints 2040601 行政运行 14,348,853.34 = 基本 14,348,853.34 + 项目 64,840,547.00
    (a contradiction in both the 支出预算总表 and the 一般公共预算支出功能分类预算表, each once) and a
    基本支出 合计 of 22,118,861 printed without decimals: it stands for 22,118,860.5–22,118,861.5, so its
    items' 22,118,861.34 (86,959,408.34 − 64,840,547.00) is a tail at that printed precision, not an error."""
    fs = _read("putuo_justice_2026_unit_budget.txt").check()
    bad = [f for f in fs if f.verdict == "contradiction"]
    # X08: see test_reader_defects.test_budget_summary_checked (人员/公用经费 of the 收支总表)
    # X12 / X12.rate: 57.8, 170.03, “减少1.10%”, “增加21.74%” in the 说明 (test_reader_narrative)
    # C01: the misprinted 2040601 项目支出, printed alike in both tables, explains the four (tests/test_checks_roots.py)
    assert Counter(f.rule for f in bad) == {"R03.1": 1, "R03.2": 1, "R05.1": 2, "X08": 2, "X12": 2, "X12.rate": 2,
                                            "C01": 1}
    for rule in ("R03.1", "R05.1"):
        row = _by(fs, rule, "contradiction", "2040601 行")
        assert len(row) == 1 and row[0].expected == Dm("79189400.34") and row[0].found == Dm("14348853.34")
        tot = _by(fs, rule, "tail", "合计 行")
        assert len(tot) == 1 and tot[0].difference == Dm("0.34") and tot[0].tolerance == Dm("0.510")
    for rule in ("R03.2", "R05.1"):
        b = [f for f in _by(fs, rule, None, "合计") if "基本支出" in f.where]
        assert len(b) == 1 and (b[0].verdict, b[0].found, b[0].expected) == ("tail", Dm("22118861"),
                                                                              Dm("22118861.34"))
        p = [f for f in _by(fs, rule, "contradiction", "20406") if "项目支出" in f.where]
        assert len(p) == 1 and p[0].expected == Dm("129681094.00")
    assert len({(f.rule, f.where) for f in bad}) == len(bad)


def test_culture_tourism_shifted_table():
    """文旅局 公开05 prints its amounts against the wrong codes from 20709 on (20709 gets 2,369.56, the
    20799 figure of 公开03; 合计 gets 1,700.57 while 公开04 prints 24,535.67). Only that table is
    affected: 公开03 and the cross-table rules not involving 公开05 hold."""
    fs = _read("putuo_culture_tourism_2025_final.txt").check()
    bad = [f for f in fs if f.verdict == "contradiction"]
    # and one 说明 share: 社会保障和就业支出 “占 6.08%” for 1,493.32/24,535.67 = 6.0863 % (6.09)
    # T05.shift: the one grouped finding for that table (tests/test_reader_shift.py)
    assert {f.rule for f in bad} == {"R05.1", "X06", "X07", "X08", "X12", "T05.shift"}
    share = [f for f in bad if f.rule == "X12"]
    assert [(f.where, f.found, f.expected) for f in share] == [
        ("说明 社会保障和就业支出（类） 占比", Dm("6.08"), Dm("6.09"))]
    assert all("一般公共预算财政拨款支出决算表" in f.where for f in bad if f.rule != "X12")
    x06 = _by(fs, "X06", "contradiction", "支出决算表 合计")[0]
    assert (x06.found, x06.expected) == (Dm("1700.57"), Dm("24535.67"))
    r = _by(fs, "R05.1", "contradiction", "20709 合计")[0]
    assert (r.found, r.expected) == (Dm("2369.56"), Dm("2349.56"))
    x07 = _by(fs, "X07", "contradiction", "2150899 基本支出")[0]
    assert x07.found == Dm("9800.36")
    assert not _by(fs, "R03.1", "contradiction") and not _by(fs, "R03.2", "contradiction")
    assert len({(f.rule, f.where) for f in bad}) == len(bad)


def test_culture_tourism_header_words_in_a_row():
    """文旅局 公开07 prints “合计 | 基本支出 | 项目支出” in the 合计 row where its 本年支出 figures belong:
    the rows below are read under 本年支出/合计, /基本支出, /项目支出, and the checks on the 合计 row
    are not_assessable (saying why) instead of contradictions."""
    rep = _read("putuo_culture_tourism_2025_final.txt")
    t = rep.table("gov_fund")
    cols = {c.column: c.value for c in t.row_cells("207")}
    assert cols["本年支出/合计"] == cols["本年支出/项目支出"] == Dm("2.80") and cols["本年支出/基本支出"] is None and t.value("合计", "本年收入") == Dm("2002.80")
    fs = rep.check()
    na = _by(fs, "R07.1", "not_assessable", "合计")
    assert na and "印的是“合计”而不是金额" in na[0].message
    assert _by(fs, "X09", "not_assessable", "本年支出合计")
    assert _by(fs, "X09", "ok", "本年收入")  # 2,002.80 = 公开04 二、政府性基金预算财政拨款


@pytest.mark.parametrize("name", ["putuo_commerce_2025_unit_budget.txt",
                                  "jiangsu_cppcc_2018_dept_budget_tables.txt",
                                  "shanghai_dept_final_template_2024.txt"])
def test_no_contradiction_where_none_is_printed(name):
    """The other reports print no inconsistency: no contradiction is reported (司法局 2026 部门预算's
    说明 ones are asserted in test_reader_narrative)."""
    assert not [str(f) for f in _read(name).check() if f.verdict == "contradiction"]


def test_jiangsu_high_court_only_rate():
    """高院 2017 prints one inconsistency: 提租补贴 “支出 1959.99 万元，与上年相比增加 865.57 万元，增长 79.05%”
    while 865.57/(1959.99 − 865.57) = 79.09 % (79.09 whatever the rounding of the two amounts)."""
    bad = [f for f in _read("jiangsu_high_court_2017_dept_budget.txt").check() if f.verdict == "contradiction"]
    assert [(f.rule, f.found, f.expected) for f in bad] == [("X12.rate", Dm("79.05"), Dm("79.09"))]


def test_single_space_layer_is_not_assessable():
    """石泉路 text layer without its .tables.txt: blank cells vanish, so 2120104 城管执法 “1,289.35 1,289.35”
    cannot say whether 1,289.35 is 基本 or 项目. Per-column checks become not_assessable; row sums do not
    depend on the column, so the printed 212 row (13,583.48 vs 1,066.51 + 2,921.97) is still found."""
    text = (REPORTS / "putuo_shiquanlu_street_2025_final.txt").read_text(encoding="utf-8")
    rep = read_report(text=text)
    c = rep.table("expenditure").get("2120104", "基本支出")
    assert c.value == Dm("1289.35") and c.ambiguous
    fs = rep.check()
    assert not [f for f in fs if f.verdict == "contradiction" and f.rule in ("R03.2", "R05.1")
                and "行" not in f.where]
    na = _by(fs, "R03.2", "not_assessable")
    assert na and "无法确定" in na[0].message
    assert _by(fs, "R03.1", "contradiction", "212 行")[0].found == Dm("13583.48")


def test_unit_kind_and_ledger():
    """The seed states “本单位为财政补助事业单位”; 司法局 lists 行政单位1家，参公单位1家 (mixed: OTHER)."""
    seed = read_report(SEED)
    assert seed.unit_kind is gb.UnitKind.FISCAL_SUPPORTED
    assert seed.to_ledger().unit.kind is gb.UnitKind.FISCAL_SUPPORTED
    assert _read("putuo_justice_2026_dept_budget.txt").unit_kind is gb.UnitKind.OTHER
    assert read_report(text="本单位为参照公务员法管理的事业单位。").unit_kind is gb.UnitKind.CIVIL_SERVICE_MANAGED
    assert read_report(text="本部门中，行政单位2家。").unit_kind is gb.UnitKind.ADMIN


def test_soft_hints_are_info_not_warnings():
    """Domain §3.3: soft checks are reported as info. The seed's 公开09 prints 预算数 = 决算数 (S01)."""
    from govbudget import read_report

    seed = Path(__file__).parent / "fixtures" / "seed" / "zhuzhou_2024.txt"
    hints = [f for f in read_report(seed).check() if f.rule.startswith("S")]
    assert "S01" in {f.rule for f in hints}
    assert {(f.verdict, f.severity, f.hint) for f in hints} == {("label", "info", True)}
