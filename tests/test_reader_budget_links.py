"""Jiangsu budget layout: cross-table checks (R02.3, R06.4, R09.2, X20.*, budget X11/X14).

Figures read from the documents: 政协 2018 公开01 收入合计 10,150.48 = 1.一般公共预算 10,070.48 + 三、其他资金
80.00; 公开04 一、基本支出 5,598.17 (公开01, all money: 5,678.17); 公开06/08 合计 5,598.17 = 301 3,806.26 +
302 1,115.85 + 303 676.06; 公开09 合计 1,656.86 = 三公 675.10 + 会议费 884.16 + 培训费 97.60.
高院 2017: 收入合计 28,849.38 (all 一般公共预算); 基本支出 17,123.19; 三公表 合计 2,599.37 = 670.12 + 228.00 +
1,701.25. Every new rule is proved by changing one printed figure in the fixture text.
"""

from decimal import Decimal as D
from pathlib import Path

import pytest

from govbudget import read_report

REPORTS = Path(__file__).parent / "fixtures" / "reports"
CPPCC = (REPORTS / "jiangsu_cppcc_2018_dept_budget_tables.txt").read_text(encoding="utf-8")
COURT = (REPORTS / "jiangsu_high_court_2017_dept_budget.txt").read_text(encoding="utf-8")
NEW = ("R02.3", "R06.4", "R09.2", "X20.income", "X20.fund", "X20.use", "X20.basic", "X20.total", "X20.subset")


def _mut(text: str, after: str, old: str, new: str) -> str:
    """Replace the first ``old`` printed after ``after`` (which must be in the text) by ``new``."""
    i = text.index(after)
    j = text.index(old, i)
    return text[:j] + new + text[j + len(old):]


def _find(fs, rule, where=""):
    return [f for f in fs if f.rule == rule and where in f.where]


@pytest.mark.parametrize("text", [CPPCC, COURT], ids=["cppcc", "court"])
def test_every_new_rule_holds_on_the_printed_documents(text):
    fs = read_report(text=text).check()
    for rule in NEW:
        got = _find(fs, rule)
        assert got, rule
        assert {f.verdict for f in got} == {"ok"}, [str(f) for f in got if f.verdict != "ok"]


def test_cppcc_figures():
    fs = read_report(text=CPPCC).check()
    (r023,) = _find(fs, "R02.3")
    assert (r023.expected, r023.found) == (D("10150.48"), D("10150.48"))
    basic = _find(fs, "X20.use", "基本支出 ≤")
    assert [(f.expected, f.found) for f in basic] == [(D("5678.17"), D("5598.17"))]  # 公开04 ≤ 公开01
    assert {f.found for f in _find(fs, "R06.4")} == {D("5598.17")}
    (r092,) = _find(fs, "R09.2")
    assert r092.found == D("1656.86") and r092.where == "公开09表 合计"
    assert len(_find(fs, "X20.subset")) == 45  # 合计 + 16 functional + 28 economic rows, each repeated exactly
    assert [f.verdict for f in _find(fs, "X14", "30215")] == ["ok"]  # 会议费 70.00 ≤ 884.16


def test_court_figures():
    fs = read_report(text=COURT).check()
    (b,) = _find(fs, "X20.basic")
    assert b.found == D("17123.19") and b.where == "六、财政拨款基本支出预算表 合计"
    assert _find(fs, "R09.2")[0].found == D("2599.37")
    # no money outside 财政拨款: 支出用途 rows of 四 equal 一's exactly
    assert {f.where for f in _find(fs, "X20.use", "四、")} == {
        "四、财政拨款收支预算总表 一、基本支出", "四、财政拨款收支预算总表 二、项目支出",
        "四、财政拨款收支预算总表 三、单位预留机动经费"}


MUTATIONS = [
    # (rule that must fire, where, after, old, new)
    ("R02.3", "收入总计", "公开02表", "其他资金\t小计\t80.00", "其他资金\t小计\t90.00"),
    ("X20.income", "公开02表 收入总计", "公开02表", "收入总计\t\t10,150.48", "收入总计\t\t10,160.48"),
    ("X20.income", "一般公共预算资金 小计", "公开02表", "一般公共预算资金\t小计\t10,070.48",
     "一般公共预算资金\t小计\t10,071.48"),
    ("X20.fund", "1.一般公共预算", "公开01表", "1.一般公共预算\t10,070.48", "1.一般公共预算\t10,007.48"),
    ("X20.use", "公开03表 基本支出", "公开03表", "5,678.17", "5,687.17"),
    ("X20.use", "一、基本支出 ≤", "公开04表", "一、基本支出\t5,598.17", "一、基本支出\t5,798.17"),
    ("X20.basic", "公开06表", "公开06表", "\t合计\t5,598.17", "\t合计\t5,589.17"),
    ("X20.total", "公开05表", "公开05表", "\t合计\t10,070.48", "\t合计\t10,070.84"),
    ("X20.subset", "2010299", "公开07表", "其他政协事务支出\t291.00", "其他政协事务支出\t219.00"),
    ("R06.4", "公开08表", "公开08表", "303\t对个人和家庭的补助\t676.06", "303\t对个人和家庭的补助\t667.06"),
    ("R09.2", "合计", "公开09表", "1,656.86\t675.10", "1,665.86\t675.10"),
    ("X11", "30217", "公开08表", "30217\t公务接待费\t15.00", "30217\t公务接待费\t415.00"),
]


@pytest.mark.parametrize(("rule", "where", "after", "old", "new"), MUTATIONS, ids=[m[0] + ":" + m[1] for m in MUTATIONS])
def test_mutation_fires(rule, where, after, old, new):
    before = _find(read_report(text=CPPCC).check(), rule, where)
    assert before and {f.verdict for f in before} == {"ok"}
    fs = read_report(text=_mut(CPPCC, after, old, new)).check()
    bad = [f for f in _find(fs, rule, where) if f.verdict == "contradiction"]
    assert len(bad) == 1, [str(f) for f in _find(fs, rule)]
    assert len(bad[0].places) >= 2  # both places named


def test_court_mutation_three_public_total():
    """十一: 合计 2,599.37 = 670.12 + 228.00 + 1,701.25; printed as 2,599.73 it contradicts its items."""
    fs = read_report(text=_mut(COURT, "十一、2017年江苏省", "\t2,599.37\t", "\t2,599.73\t")).check()
    (f,) = _find(fs, "R09.2")
    assert (f.verdict, f.found, f.expected) == ("contradiction", D("2599.73"), D("2599.37"))


def test_court_subset_fires_on_a_repeated_row():
    """八 repeats 五 (no 政府性基金): one changed figure in 八 is a contradiction with 五."""
    text = _mut(COURT, "部门一般公共预算支出预算表\n单位", "案件执行\t\t1,050.00", "案件执行\t\t1,005.00")
    fs = read_report(text=text).check()
    (bad,) = [f for f in _find(fs, "X20.subset", "2040505") if f.verdict == "contradiction"]
    assert bad.where == "八、一般公共预算支出预算表 2040505"
    assert {bad.found, bad.expected} == {D("1005.00"), D("1050.00")}
