"""Tables ↔ 说明/附件 (X12–X19) and soft hints (S01–S04) on the fixture reports.

Every expected figure below was read in the documents (tests/fixtures/reports, the seed excerpt).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal as Dm

import pytest
from reader_fixtures import REPORTS, SEED, SEED_TEXT
from reader_fixtures import findings_by as _by

from govbudget.checks._narrative import SENTENCES, _Ctx, flatten
from govbudget.reader import read_report


def _one(findings, rule, verdict, where, *, exact=False):
    got = [f for f in _by(findings, rule, verdict, where) if not exact or f.where == where]
    assert len(got) == 1, (rule, verdict, where, [str(f) for f in _by(findings, rule, None, where)])
    return got[0]


@pytest.fixture(scope="module")
def shiquan():
    return read_report(REPORTS / "putuo_shiquanlu_street_2025_final.txt").check()


@pytest.fixture(scope="module")
def wenlv():
    return read_report(REPORTS / "putuo_culture_tourism_2025_final.txt").check()


@pytest.fixture(scope="module")
def dept():
    return read_report(REPORTS / "putuo_justice_2026_dept_budget.txt").check()


@pytest.fixture(scope="module")
def unit():
    return read_report(REPORTS / "putuo_justice_2026_unit_budget.txt").check()


@pytest.fixture(scope="module")
def seed():
    return read_report(SEED).check()


# ----------------------------------------------------------------------------- 石泉路 2025 决算


def test_shiquan_item_amounts(shiquan):
    """说明五(三): 2010505 “20.04” (公开05 20.03), 2080505 “545.84” (545.85), 2080506 “支出决算为 245.53”
    while its heading and 公开05 say 257.14; the other 35 items agree with 公开05."""
    f = _one(shiquan, "X12", "contradiction", "说明五(三) 第1项 金额")
    assert (f.found, f.expected) == (Dm("20.04"), Dm("20.03"))
    f = _one(shiquan, "X12", "contradiction", "说明五(三) 第16项 金额")
    assert (f.found, f.expected) == (Dm("545.84"), Dm("545.85"))
    f = _one(shiquan, "X12", "contradiction", "说明五(三) 第17项 支出决算")
    assert (f.found, f.expected) == (Dm("245.53"), Dm("257.14"))
    assert _one(shiquan, "X12", "ok", "说明五(三) 第17项 金额").found == Dm("257.14")
    assert len(_by(shiquan, "X12", "ok", "说明五(三) 第")) >= 35 * 2 - 3  # amounts and completion rates
    # 25.83 % = 20.04/77.59, the amount the sentence prints (公开05's 20.03 would give 25.82): the rate
    # agrees with its sentence, whose amount is reported above
    assert _one(shiquan, "X12", "ok", "说明五(三) 第1项 完成年初预算").expected == Dm("25.83")


def test_shiquan_three_public(shiquan):
    """“公务接待费支出决算为 1.53 万元” while 公开09 prints 决算 0 (1.53 is its 预算); the 三公 totals agree."""
    f = _one(shiquan, "X12", "contradiction", "三公 公务接待费决算")
    assert (f.found, f.expected) == (Dm("1.53"), Dm("0"))
    assert _one(shiquan, "X12", "ok", "说明七(一) 三公预算").found == Dm("53.93")
    assert _one(shiquan, "X12", "ok", "三公 三公经费决算").found == Dm("37.35")
    assert _one(shiquan, "X12", "ok", "三公 三公经费完成预算").found == Dm("69.26")
    d = _one(shiquan, "X12.direction", "label", "减增加")
    assert "“减增加”" in d.message


def test_shiquan_labels(shiquan):
    """Printed 类/款/项 names against 公开05's code tree."""
    msgs = {f.where: f.message for f in _by(shiquan, "X12.label", "label")}
    assert "项“统计信息事务”应为“专项统计业务”" in msgs["说明五(三) 第1项"]  # 2010505
    assert "款“司法”应为“其他公共安全支出”" in msgs["说明五(三) 第9项"]  # 2049999
    assert "项“归口管理的行政单位离退休”应为“行政单位离退休”" in msgs["说明五(三) 第14项"]
    assert "项“其他社区城乡管理事务支出”应为“其他城乡社区管理事务支出”" in msgs["说明五(三) 第31项"]
    assert "“文化体育与传媒支出”应为“文化旅游体育与传媒支出”" in msgs["说明 文化体育与传媒支出（类）"]
    assert len(msgs) == 5


def test_shiquan_other_sections(shiquan):
    """机关运行经费 627.04 ≤ 公用经费 2,195.60 (X13: a street office with 事业 centres, so ≤ only);
    政府采购 1,062.09 = 80.98 + 269.03 + 712.08; 小微 293.72 ≤ 中小 690.47 (X15); 车辆 10 = 0 + … + 10,
    保有量 8 ≤ 10 (X16); “减少 54.47 万元，下降 7.99%” from 627.04 (X12.rate); Σ of the 38 items'
    年初预算 is 20,487.65 against 21,864.85: 项 budgeted but not spent are not listed, not assessable."""
    f = _one(shiquan, "X13", "ok", "机关运行经费")
    assert (f.found, f.expected) == (Dm("627.04"), Dm("2195.60"))
    assert _one(shiquan, "X15", "ok", "说明 政府采购总额", exact=True).expected == Dm("1062.09")
    assert _one(shiquan, "X15", "ok", "小微企业金额").found == Dm("293.72")
    assert _one(shiquan, "X16", "ok", "说明 车辆总数", exact=True).found == Dm("10")
    assert _one(shiquan, "X16", "ok", "公务用车保有量").found == Dm("8")
    assert _one(shiquan, "X12.rate", "ok", "下降7.99%").found == Dm("7.99")
    x18 = _one(shiquan, "X18", "not_assessable", "年初预算合计")
    assert "20487.65" in x18.message and "21864.85" in x18.message


# ----------------------------------------------------------------------------- 文旅局 2025 决算


def test_wenlv_narrative_holds(wenlv):
    """文旅局's 说明 agrees with its tables; only 公开05 (amounts against shifted codes) is wrong, so the
    说明五 items cannot be checked against it (not_assessable, 24 items) and the 类 amounts are checked
    against 公开04's 一般公共预算 column; 说明八 items agree with 公开07 (2.80, 2,000.00)."""
    assert [f.where for f in wenlv if f.verdict == "contradiction" and not f.rule.startswith((
        "R05", "X06", "X07", "X08", "T05"))] == ["说明 社会保障和就业支出（类） 占比"]
    assert len(_by(wenlv, "X12", "not_assessable", "说明五(三) 第")) == 24
    cls = [f for f in wenlv if f.rule == "X12" and f.where == "说明 资源勘探工业信息等支出（类）"]
    assert [(f.verdict, f.found, f.expected) for f in cls] == [("ok", Dm("4948.72"), Dm("4948.72"))]
    # 1,493.32/24,535.67 = 6.0863 %: 6.09 at the printed precision, printed 6.08 (test_reader_checks)
    assert _one(wenlv, "X12", "contradiction", "社会保障和就业支出（类） 占比").found == Dm("6.08")
    assert _one(wenlv, "X12", "ok", "说明八 第1项 支出决算").found == Dm("2.80")
    assert _one(wenlv, "X12", "ok", "说明八 第2项 支出决算").found == Dm("2000.00")
    assert _one(wenlv, "X18", "tail", "年初预算合计").difference == Dm("0.03")  # 27,780.16 vs 27,780.13
    assert _one(wenlv, "X12.rate", "ok", "下降11.91%").found == Dm("11.91")  # 机关运行经费 166.45, −22.50


def test_identical_findings_reported_once(wenlv):
    """文旅局 公开07's 合计 row was reported twice for one place (R07.1); identical findings are deduped."""
    keys = [(f.rule, f.verdict, f.where, f.found, f.expected, f.message) for f in wenlv]
    assert len(keys) == len(set(keys))
    assert len([f for f in wenlv if f.rule == "R07.1" and f.where.endswith("合计 本年支出")]) == 1
    assert len(_by(wenlv, "R07.1", "not_assessable")) == 7  # 8 before the duplicate was dropped


# ----------------------------------------------------------------------------- 司法局 2026 预算


def test_justice_dept_budget(dept):
    """部门预算: item 6 “2025年当年预算执行数为43269.3万元…3845.49万元，比…增加17.62%” (−91.11 %, and the
    direction is wrong); item 9 “91.97…增加17.66%” over 77.99 is 17.93 % (17.92–17.94 with the amounts
    anywhere in their rounding intervals); item 12 “2026年预算安排201.50万元” while its heading and the
    table say 208.80; item 11 “医疗卫生与计划生育支出（210类）” is 卫生健康支出; “比2026年预算” in a 2026 budget."""
    bad = [f for f in dept if f.verdict == "contradiction"]
    assert Counter(f.rule for f in bad) == {"X12": 1, "X12.rate": 2}
    f = _one(dept, "X12.rate", "contradiction", "第9项")
    assert (f.found, f.expected) == (Dm("17.66"), Dm("17.93"))
    f = _one(dept, "X12.rate", "contradiction", "第6项")
    assert (f.found, f.expected) == (Dm("17.62"), Dm("91.11"))
    assert _one(dept, "X12.direction", "label", "第6项")
    f = _one(dept, "X12", "contradiction", "第12项 预算安排")
    assert (f.found, f.expected) == (Dm("201.50"), Dm("208.80"))
    assert _one(dept, "X12.rate", "ok", "第12项").found == Dm("5.27")  # 208.80 over 198.34
    assert "卫生健康支出" in _one(dept, "X12.label", "label", "第11项").message
    assert len(_by(dept, "X12.year", "label")) == 2
    assert _one(dept, "X12", "ok", "三公预算").found == Dm("10.81")
    assert _one(dept, "X12", "ok", "机关运行经费").found == Dm("217.83")
    assert _one(dept, "X15", "ok", "说明 政府采购总额", exact=True).found == Dm("1486.42")


def test_justice_unit_budget(unit):
    """单位预算: 行政运行 1,434.89 (table 14,348,853.34 元) against 1,690.69 is −15.13 %, printed “减少1.10%”;
    item 7 prints “预算安排57.8” for 56.12 (561,240 元); item 13 “预算安排170.03” for 207 (2,070,000 元) and
    “增加21.74%” over 241.76 (207 is 14.38 % less); item 10 “22.22%” for 0.62 over 0.50 is inside the
    range the printed precision allows (21.78–26.26 %)."""
    f = _one(unit, "X12.rate", "contradiction", "第1项")
    assert (f.found, f.expected) == (Dm("1.10"), Dm("15.13"))
    f = _one(unit, "X12", "contradiction", "第7项 预算安排")
    assert (f.found, f.expected) == (Dm("57.8"), Dm("56.12"))
    f = _one(unit, "X12", "contradiction", "第13项 预算安排")
    assert (f.found, f.expected) == (Dm("170.03"), Dm("207.00"))
    assert "减少了 34.76" in _one(unit, "X12.direction", "label", "第13项").message
    assert _one(unit, "X12.rate", "contradiction", "第13项").expected == Dm("14.38")
    assert _one(unit, "X12.rate", "tail", "第10项").found == Dm("22.22")
    assert _one(unit, "X13", "ok", "机关运行经费").found == Dm("184.59")


# ----------------------------------------------------------------------------- other budgets


def test_high_court_and_commerce():
    """高院 2017: “法院（款）一般行政事务管理（项）” is 2040502 一般行政管理事务; its 机关运行经费 (9,193.40,
    defined as all 公用经费 incl. 项目) is not compared with 基本支出's 公用经费 3,528.37; 会议费 228 and
    培训费 1,701.25 equal the table; 政府采购 3,742.4 = 525.4 + 500 + 2,717 and the 政府采购预算表.
    商务委 2025: every item and figure agrees."""
    fs = read_report(REPORTS / "jiangsu_high_court_2017_dept_budget.txt").check()
    assert "项“一般行政事务管理”应为“一般行政管理事务”" in _one(fs, "X12.label", "label", "第2项").message
    assert _one(fs, "X13", "not_assessable", "机关运行经费").found == Dm("9193.40")
    assert _one(fs, "X14", "ok", "说明十一 会议费").expected == Dm("228.00")
    assert _one(fs, "X14", "ok", "说明十一 培训费").found == Dm("1701.25")
    assert len(_by(fs, "X15", "ok")) == 5
    assert _one(fs, "X12.rate", "ok", "减少10.35%").found == Dm("10.35")  # 200 / 1,933.3
    com = read_report(REPORTS / "putuo_commerce_2025_unit_budget.txt").check()
    assert not [f for f in com if f.verdict in ("contradiction", "label") and f.rule != "names"]
    assert len(_by(com, "X12", "ok", "财政拨款支出 第")) == 16
    assert _one(com, "X12", "ok", "第13项 金额").found == Dm("29381.00")


def test_blank_template_is_not_assessable():
    """The blank Shanghai template prints no amount: its checks are not_assessable, none is ok."""
    fs = read_report(REPORTS / "shanghai_dept_final_template_2024.txt").check()
    assert fs and {f.verdict for f in fs} == {"not_assessable"}
    assert "全部空白" in fs[0].message


# ----------------------------------------------------------------------------- seed


def test_seed_attachment(seed):
    """附件1: 公务用车 2024 决算 6.46 (公开09 6.86); 预算 三公 24 and 公务用车 12 (说明七 19 and 7)."""
    f = _one(seed, "X19", "contradiction", "公务用车购置和维护经费 2024年决算数")
    assert (f.found, f.expected) == (Dm("6.46"), Dm("6.86"))
    f = _one(seed, "X19", "contradiction", "三公经费 2024年预算数")
    assert (f.found, f.expected) == (Dm("24"), Dm("19"))
    f = _one(seed, "X19", "contradiction", "公务用车购置和维护经费 2024年预算数")
    assert (f.found, f.expected) == (Dm("12"), Dm("7"))
    assert _one(seed, "X19", "ok", "出国经费 2024年预算数").found == Dm("7")
    assert _one(seed, "X19", "ok", "政府采购金额").found == Dm("105.19")


def test_seed_three_public_budget(seed):
    """说明七 prints 预算 19 / 7 / 7 / 7 / 5 while 公开09 预算数 prints 14.32 / 6.90 / 6.86 / 6.86 / 0.56 (the
    决算 figures: S01); the completion rates are computed on the 说明's own budget (14.32/19 = 75.37 %)."""
    assert len(_by(seed, "X12", "contradiction")) == 5
    assert _one(seed, "X12", "ok", "三公经费完成预算").found == Dm("75.37")
    assert _one(seed, "S01", "label", "预算数 vs 决算数")


def test_seed_soft_hints(seed):
    """S02 30108 27.89 vs 2080505 27.64 (and 30109, 30113); S03 a 财政补助事业单位 booking 2101101 /
    2101103 / 30111; S04 “增长100%” over a zero base, “完成年初预算的100%” over 0, 工程 100 % of 0."""
    assert len(_by(seed, "S02", "label")) == 3
    assert "27.89" in _one(seed, "S02", "label", "30108").message
    assert "2101103 6.54" in _one(seed, "S03", "label", "").message
    s04 = _by(seed, "S04", "label")
    assert len(s04) == 6
    assert any("增长100%" in f.message for f in s04) and any("工程" in f.where for f in s04)
    assert all(f.message.startswith("提示") for f in s04)


def test_seed_sections_checked(seed):
    """会议费 0.15 / 培训费 0.18 ≥ 公开06 30215 / 30216 (X14); 政府采购 105.19 = 27.73 + 0 + 77.46 and
    小微 85.10 = 80.90 % of 105.19 (X15); 车辆 2 (X16); 说明一 “减少 6.73，降低 1.28%” from 519.63."""
    assert {f.found for f in _by(seed, "X14", "ok")} == {Dm("0.15"), Dm("0.18")}
    assert _one(seed, "X15", "ok", "小微企业占比").found == Dm("80.90")
    assert _one(seed, "X16", "ok", "说明 车辆总数", exact=True).found == Dm("2")
    assert _by(seed, "X12.rate", "ok", "降低1.28%")


def _mut(old, new):
    assert SEED_TEXT.count(old) == 1, old
    return read_report(text=SEED_TEXT.replace(old, new)).check()


def test_narrative_checks_can_fail():
    """Mutated seed sentences: each check reports a contradiction."""
    assert _by(_mut("政府采购货物支出 27.73", "政府采购货物支出 28.73"), "X15", "contradiction", "政府采购总额")
    assert _by(_mut("授予小微企业合同金额 85.10", "授予小微企业合同金额 185.10"), "X15", "contradiction", "小微")
    assert _by(_mut("共有车辆 2 辆", "共有车辆 3 辆"), "X16", "contradiction", "车辆总数")
    assert _by(_mut("开支会议费 0.15", "开支会议费 0.10"), "X14", "contradiction", "30215")
    assert _by(_mut("减少 6.73 万元，降低 1.28%，主要是因为（从略）。\n\n二", "减少 6.73 万元，降低 2.28%，主要是因为（从略）。\n\n二"),
               "X12.rate", "contradiction", "降低2.28%")
    fs = _mut("支出决算为 22.99 万元", "支出决算为 22.89 万元")
    assert (_one(fs, "X12", "contradiction", "第11项 支出决算").expected) == Dm("22.99")


def test_operating_costs_rule():
    """X13 on a small 行政 report: 机关运行经费 must equal 公用经费 (“本单位为行政单位”); with the current
    definition printed; 120 > 100 is a contradiction."""
    base = ("一般公共预算财政拨款基本支出决算表\n项目\t决算数\n人员经费合计\t300.00\n公用经费合计\t100.00\n"
            "九、机关运行经费\n机关运行经费是指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的"
            "基本支出中的日常公用经费支出。本单位为行政单位。机关运行经费支出{x}万元。\n")
    ok = read_report(text=base.format(x="100.00")).check()
    assert _one(ok, "X13", "ok", "机关运行经费").expected == Dm("100.00")
    bad = read_report(text=base.format(x="120.00")).check()
    assert _one(bad, "X13", "contradiction", "机关运行经费").found == Dm("120.00")


# targets the seed prints no figure for: its 公开02 has 经营收入 (not 事业单位经营收入), it has no 机关运行经费
# table, and its 公开09 prints no 会议费 / 培训费 columns
_SEED_UNRESOLVED = {"income_col:unit_operating_income", "operating_costs", "meeting", "training"}


def test_sentence_table_targets_resolve():
    """Every sentence form's target is a figure the resolver knows (on the seed and a budget); on the seed
    each target outside _SEED_UNRESOLVED has a value, and a few are pinned to the printed figures."""
    for path in (SEED, REPORTS / "putuo_justice_2026_dept_budget.txt"):
        rep = read_report(path)
        cx = _Ctx(rep=rep, kf=rep.key_figures(), text=flatten(rep.narrative_text), out=[], strict=False)
        for s in SENTENCES:
            value, _ = cx.fig(s.target)
            assert value is None or isinstance(value, Dm)
    rep = read_report(SEED)
    cx = _Ctx(rep=rep, kf=rep.key_figures(), text=flatten(rep.narrative_text), out=[], strict=False)
    targets = {s.target for s in SENTENCES}
    assert _SEED_UNRESOLVED <= targets
    missing = sorted(t for t in targets - _SEED_UNRESOLVED if cx.fig(t)[0] is None)
    assert not missing
    # figures typed from the seed: 公开01 总计 519.63, 公开06 人员经费合计 299.48 / 公用经费合计 156.17,
    # 公开03 合计 项目支出 63.98
    assert cx.fig("grand_total")[0] == Dm("519.63")
    assert cx.fig("personnel")[0] == Dm("299.48")
    assert cx.fig("public")[0] == Dm("156.17")
    assert cx.fig("project")[0] == Dm("63.98")
    assert flatten("1,066.51 万元（类)") == "1066.51万元（类）"
