"""Derived figures as rules: hand-made ledgers, edge cases, and the seed's published figures.

Seed figures (株洲市长株潭一体化发展事务中心, 2024, a 财政补助事业单位) are typed from its 公开06,
公开09 and 说明六/七/九/十/十一; 万元 × 10000 = 元.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import govbudget as gb
from govbudget.ledger import Fund, SpendType, UnitKind

W = Decimal(10000)


def yuan(wan: str) -> Decimal:
    """A 万元 figure typed from the seed, in 元."""
    return gb.D(wan) * W


@pytest.fixture(scope="module")
def hunan():
    return gb.ruleset("hunan", year=2024)


@pytest.fixture(scope="module")
def central():
    return gb.ruleset("central", year=2024)


# ------------------------------------------------------------------------------------------- seed
# 公开06 (一般公共预算财政拨款 基本支出) leaves as printed, 万元.
SEED_06 = {
    "30101": "80.90", "30102": "22.47", "30103": "68.41", "30107": "25.25", "30108": "27.89",
    "30109": "13.94", "30110": "11.53", "30111": "6.67", "30112": "11.03", "30113": "23.01",
    "30114": "0.27",
    "30305": "5.84", "30307": "2.27",
    "30201": "21.59", "30202": "11.86", "30203": "0.52", "30205": "0.21", "30206": "3.90",
    "30207": "3.43", "30211": "11.04", "30212": "6.90", "30213": "2.05", "30215": "0.15",
    "30216": "0.18", "30217": "0.56", "30226": "21.39", "30227": "19.85", "30228": "7.45",
    "30229": "14.13", "30231": "6.86", "30239": "15.52", "30299": "7.22",
    "31002": "1.38",
}

# The printed leaves are rounded: 301's leaves add to 291.37 (printed 291.36), 303's to 8.11
# (8.12), 302's to 154.81 (154.79). Exact 元 values that round to every printed leaf *and* class
# need small tail corrections (each |c| < 50 元, so each leaf still prints the same). Chosen by
# hand away from the 三公, 会议费 and 培训费 codes: 301 −60 → 291.364; 303 +60 → 8.116;
# 302 −160 → 154.794; so 人员经费 2994800 and 公用经费 1547940 + 13800 = 1561740 (156.17).
TAIL = {"30101": -30, "30103": -30, "30305": 30, "30307": 30,
        "30201": -40, "30202": -40, "30226": -40, "30227": -40}


def seed_ledger(*, tails: bool = True) -> gb.Ledger:
    led = gb.Ledger(gb.Unit("株洲市长株潭一体化发展事务中心", "财政补助事业单位"), 2024)
    for code, wan in SEED_06.items():
        amount = yuan(wan) + (TAIL.get(code, 0) if tails else 0)
        # economic-only postings: 公开06 gives the economic dimension only
        led.spend(amount, economic=code, fund=Fund.GENERAL, spend_type=SpendType.BASIC)
    # 说明七: 三公 budget 19 = 7 + 7 (购置 0, 运维 7) + 5; prior year 13.35 = 0 + 12.00 + 1.35
    led.budgets.three_public.update(
        abroad=yuan("7"), vehicle_purchase=yuan("0"), vehicle_running=yuan("7"), reception=yuan("5"),
        total=yuan("19"),
    )
    led.budgets.prior.update({
        "three_public": yuan("13.35"),
        "three_public.abroad": yuan("0"),
        "three_public.vehicle_purchase": yuan("0"),
        "three_public.vehicle_running": yuan("12.00"),
        "three_public.reception": yuan("1.35"),
    })
    return led


SEED_PROCUREMENT = gb.Procurement(
    goods=yuan("27.73"), works=0, services=yuan("77.46"),
    sme_goods=yuan("27.73"), sme_works=0, sme_services=yuan("77.46"), small_micro=yuan("85.10"),
)


def test_seed_three_public(hunan):
    """Seed 公开09/说明七: 三公 14.32 = 6.90 + 6.86 (+ 购置 0) + 0.56, all in 基本支出."""
    fig = hunan.compute(seed_ledger(), "three_public")
    c = fig.components
    assert Decimal("14.32") == fig.wan
    assert (Decimal("6.90"), Decimal("6.86"), Decimal("0.00"), Decimal("6.86"), Decimal("0.56")) == (
        c["abroad"].wan, c["vehicle"].wan, c["vehicle_purchase"].wan, c["vehicle_running"].wan, c["reception"].wan
    )
    assert ("30212", "31013", "30913", "30231", "30217") == fig.codes
    assert 3 == len(fig.postings)


def test_seed_three_public_completion_and_change(hunan):
    """Seed 说明七: 完成预算的75.37%; 与上年相比增加0.97万元，增长7.27%; per item 98.57/98.00/11.20."""
    fig = hunan.compute(seed_ledger(), "three_public")
    assert (yuan("19"), Decimal("75.37")) == (fig.budget, fig.completion.value)
    assert (yuan("13.35"), Decimal("7.27"), "增加0.97万元，增长7.27%") == (
        fig.prior, fig.change.value, fig.change.phrase()
    )
    c = fig.components
    assert Decimal("98.57") == c["abroad"].completion.value
    assert (yuan("7"), Decimal("98.00")) == (c["vehicle"].budget, c["vehicle"].completion.value)  # 0 + 7
    assert Decimal("11.20") == c["reception"].completion.value
    assert "减少5.14万元，降低42.83%" == c["vehicle"].change.phrase()
    assert "减少0.79万元，降低58.52%" == c["reception"].change.phrase()
    assert "预算、上年数由各项相加" == c["vehicle"].note


def test_seed_zero_bases_under_both_policies(hunan):
    """Seed prints 增长100% (上年 0) and 完成预算的0% (0/0); omit gives no rate instead."""
    omit = hunan.compute(seed_ledger(), "three_public").components
    assert (None, None) == (omit["abroad"].change.value, omit["vehicle_purchase"].completion.value)
    legacy = hunan.compute(seed_ledger(), "three_public", zero_base="legacy_100").components
    assert (Decimal("100.00"), Decimal("0.00")) == (
        legacy["abroad"].change.value, legacy["vehicle_purchase"].completion.value
    )
    assert ("legacy_100", "持平") == (legacy["abroad"].change.zero_base, legacy["vehicle_purchase"].change.phrase())


def test_seed_personnel_and_public(hunan):
    """Seed 公开06: 人员经费合计 299.48, 公用经费合计 156.17 (exact 元 consistent with every printed cell)."""
    led = seed_ledger()
    assert Decimal("299.48") == hunan.compute(led, "personnel").wan
    assert Decimal("156.17") == hunan.compute(led, "public").wan
    assert Decimal("154.79") == gb.to_wan(led.total(economic="302"))


def test_seed_public_from_rounded_leaves_differs_by_tail(hunan):
    """Adding the printed (rounded) leaves instead gives 公用经费 156.19: the 0.02 尾数误差 of 302."""
    led = seed_ledger(tails=False)
    assert Decimal("156.19") == hunan.compute(led, "public").wan
    assert Decimal("299.48") == hunan.compute(led, "personnel").wan  # 291.37 + 8.11, by chance equal


def test_seed_organ_costs_not_applicable(hunan):
    """Seed 说明九: a 财政补助事业单位 is outside 机关运行经费 (行政 and 参公 units only); our own wording."""
    fig = hunan.compute(seed_ledger(), "organ_costs")
    assert (False, None, None) == (fig.applicable, fig.value, fig.wan)
    assert "本单位是财政补助事业单位，而机关运行经费只统计行政单位和参照公务员法管理的事业单位，本单位不在统计范围内。" == fig.reason
    assert {"株洲市长株潭一体化发展事务中心": "财政补助事业单位"} == fig.excluded_units


def test_seed_general_spending(hunan):
    """Seed 说明十: 会议费 0.15, 培训费 0.18, no 节庆/晚会/论坛/赛事."""
    fig = hunan.compute(seed_ledger(), "general_spending")
    c = fig.components
    assert (Decimal("0.15"), Decimal("0.18"), Decimal("0.00")) == (c["meetings"].wan, c["training"].wan, c["festivals"].wan)
    assert Decimal("0.33") == fig.wan
    assert "未申报，按 0 计" == c["festivals"].note
    declared = hunan.compute(seed_ledger(), "general_spending", inputs={"festivals": gb.D("0")})
    assert "" == declared.components["festivals"].note


def test_seed_procurement(hunan):
    """Seed 说明十一: 105.19 = 27.73 + 0 + 77.46; 中小企业 105.19 (100%); 小微 85.10 (80.90% of 中小企业)."""
    fig = hunan.compute(seed_ledger(), "procurement", inputs={"procurement": SEED_PROCUREMENT})
    c = fig.components
    assert Decimal("105.19") == fig.wan
    assert (Decimal("27.73"), Decimal("0.00"), Decimal("77.46")) == (c["goods"].wan, c["works"].wan, c["services"].wan)
    assert (Decimal("105.19"), Decimal("100.00")) == (c["sme"].wan, c["sme"].share.value)
    assert (Decimal("85.10"), Decimal("80.90")) == (c["small_micro"].wan, c["small_micro"].share.value)
    assert c["small_micro"].share.base == c["sme"].value
    assert (Decimal("100.00"), Decimal("100.00")) == (c["sme_goods"].share.value, c["sme_services"].share.value)
    # 工程 is 0/0: the seed prints 100% (boilerplate); omit gives nothing, legacy_100 gives 0
    assert c["sme_works"].share.value is None
    legacy = hunan.compute(seed_ledger(), "procurement", inputs={"procurement": SEED_PROCUREMENT}, zero_base="legacy_100")
    assert Decimal("0.00") == legacy.components["sme_works"].share.value


def test_procurement_from_ledger_extras(hunan):
    """The procurement record may sit in ledger.extras instead of inputs."""
    led = seed_ledger()
    led.extras["procurement"] = SEED_PROCUREMENT
    assert yuan("105.19") == hunan.compute(led, "procurement").value


def test_older_central_small_micro_denominator():
    """Older central wording (2019): 小微 as a share of 总额, 1 decimal: 85.10 / 105.19 → 80.9 %."""
    rs = gb.ruleset("central", year=2019)
    fig = rs.compute(seed_ledger(), "procurement", inputs={"procurement": SEED_PROCUREMENT})
    share = fig.components["small_micro"].share
    assert (Decimal("80.9"), yuan("105.19")) == (share.value, share.base)
    p = gb.Procurement(goods="1000000", sme_goods="500000", small_micro="100000")
    small = rs.compute(seed_ledger(), "procurement", inputs={"procurement": p}).components["small_micro"]
    assert Decimal("10.0") == small.share.value  # 10 / 100, not 10 / 50
    hunan_small = gb.ruleset("hunan", year=2024).compute(seed_ledger(), "procurement", inputs={"procurement": p})
    assert Decimal("20.00") == hunan_small.components["small_micro"].share.value


def test_seed_x11_part_vs_whole(hunan):
    """X11 on the seed: the 公开06 基本支出 三公 codes equal the 三公 items, so every check is ok; the
    stated budget 合计 19 equals its items 7 + 7 + 5."""
    findings = hunan.check(seed_ledger(), "three_public")
    assert ["X11.abroad", "X11.vehicle_purchase", "X11.vehicle_running", "X11.reception",
            "three_public.budget.total"] == [f.rule for f in findings]
    assert {"ok"} == {f.verdict for f in findings}


def test_x11_against_stated_figures(hunan):
    """Against printed 公开09 figures: 公开06 30231 6.86 > a stated 6.80 is 部分大于整体."""
    findings = hunan.check(seed_ledger(), "three_public",
                           stated={"abroad": "6.90", "vehicle_running": "6.80", "reception": "0.56"})
    verdicts = {f.rule: f.verdict for f in findings}
    assert {"X11.abroad": "ok", "X11.vehicle_purchase": "ok", "X11.vehicle_running": "contradiction",
            "X11.reception": "ok", "three_public.budget.total": "ok"} == verdicts


def test_procurement_checks(hunan):
    """X15: 小微 above 中小企业 is a contradiction; the seed's figures pass."""
    ok = hunan.check(seed_ledger(), "procurement", inputs={"procurement": SEED_PROCUREMENT})
    assert {"ok"} == {f.verdict for f in ok}
    bad = gb.Procurement(goods="100", sme_goods="100", small_micro="150")
    verdicts = {f.rule: f.verdict for f in hunan.check(seed_ledger(), "procurement", inputs={"procurement": bad})}
    assert "contradiction" == verdicts["X15.small_micro"]
    assert "ok" == verdicts["X15.sme"]


# ------------------------------------------------------------------------------------ hand-made
def unit_ledger(kind="行政单位") -> gb.Ledger:
    return gb.Ledger(gb.Unit("示例局", kind), 2024)


def test_three_public_counts_project_and_carried_over(hunan):
    """决算 covers 基本 + 项目 and current + carried-over money; X11 part < whole is fine."""
    led = unit_ledger()
    led.spend("1000", economic="30217")  # 基本, current
    led.spend("2000", economic="30217", spend_type="项目支出")
    led.spend("300", economic="30217", spend_type="项目支出", carried_over=True)
    fig = hunan.compute(led, "three_public")
    assert (Decimal("3300.00"), Decimal("3300.00")) == (fig.value, fig.components["reception"].value)
    f = next(x for x in hunan.check(led, "three_public") if x.rule == "X11.reception")
    assert (Decimal("1000.00"), Decimal("3300.00"), "ok") == (f.found, f.expected, f.verdict)
    assert Decimal("1000.00") == hunan.compute(led, "public").value  # 公用经费: 基本 only


def test_three_public_leaves_out_the_other_spending_types_and_says_so(hunan):
    """决算 = 基本 + 项目 (domain §4): 上缴上级 / 经营 / 对附属单位补助 postings under 三公 codes are not
    counted, and the figure's notes name what was left out."""
    led = unit_ledger()
    led.spend("5000", economic="30217")
    led.spend("10000", economic="30217", spend_type="对附属单位补助支出")
    led.spend("700", economic="30231", spend_type="上缴上级支出")
    fig = hunan.compute(led, "three_public")
    assert (Decimal("5000.00"), ["基本支出", "项目支出"]) == (fig.value, fig.parameters["spend_types"])
    assert [
        "未计入对附属单位补助支出中的10000.00 元 (1.00 万元)（不属于本口径的支出类型）",
        "未计入上缴上级支出中的700.00 元 (0.07 万元)（不属于本口径的支出类型）",
    ] == [n for n in fig.notes if n.startswith("未计入")]
    assert Decimal("15700.00") == hunan.compute(led, "three_public", spend_types="all").value


def test_three_public_initial_budget_is_a_separate_choice(hunan):
    """年初 (three_public_initial, 24 万元 in the seed's 附件1) and 全年 (three_public, 19 in 说明七) coexist;
    the rule's ``budget`` picks one: Hunan the 全年, central 2019 the 年初, or an explicit adjustment."""
    led = unit_ledger()
    led.spend("69000", economic="30212")
    led.budgets.three_public.update(abroad=yuan("7"), vehicle_running=yuan("7"), reception=yuan("5"))
    led.budgets.three_public_initial.update(abroad=yuan("7"), vehicle_running=yuan("12"), reception=yuan("5"))
    assert yuan("19") == hunan.compute(led, "three_public").budget
    assert yuan("24") == hunan.compute(led, "three_public", budget="three_public_initial").budget
    c2019 = gb.ruleset("central", year=2019)
    assert ("three_public_initial", "年初预算数") == (c2019["three_public"].budget, c2019["three_public"].budget_basis)
    assert yuan("24") == c2019.compute(led, "three_public").budget
    with pytest.raises(gb.RuleError, match="budget 'three_public_later' is not a Budgets field"):
        hunan.compute(led, "three_public", budget="three_public_later")


def test_partly_stated_budget_counts_the_unstated_items_as_zero(hunan):
    """A budget table leaves an item without budget blank: 购置费 not stated → 0, and a note says so."""
    led = unit_ledger()
    led.budgets.three_public.update(abroad=yuan("6.90"), vehicle_running=yuan("6.86"), reception=yuan("0.56"))
    fig = hunan.compute(led, "three_public")
    assert (yuan("14.32"), yuan("6.86"), None) == (
        fig.budget, fig.components["vehicle"].budget, fig.components["vehicle_purchase"].budget)
    assert "未列预算的项目按0计：公务用车购置费" in fig.notes


def test_three_public_excludes_non_fiscal_money(hunan, central):
    """三公 is 财政拨款 money only: 事业收入 spending on 30231 counts in neither scope."""
    led = unit_ledger("事业单位")
    led.spend("500", economic="30231", fund="事业收入")
    led.spend("200", economic="30231")
    assert Decimal("200.00") == hunan.compute(led, "three_public").value
    assert Decimal("200.00") == central.compute(led, "three_public").value


def test_gov_fund_three_public_scope(hunan, central):
    """政府性基金 三公: counted by Hunan (财政拨款 scope), not by central (一般公共预算 only)."""
    led = unit_ledger()
    led.spend("800", economic="30212", fund="政府性基金预算财政拨款", spend_type="项目支出")
    led.spend("100", economic="31013", fund="国有资本经营预算财政拨款", spend_type="项目支出")
    led.spend("50", economic="30217")
    h, c = hunan.compute(led, "three_public"), central.compute(led, "three_public")
    assert (Decimal("950.00"), Decimal("800.00"), Decimal("100.00")) == (
        h.value, h.components["abroad"].value, h.components["vehicle"].value
    )
    assert (Decimal("50.00"), Decimal("0.00")) == (c.value, c.components["abroad"].value)
    assert ["一般公共预算财政拨款"] == c.parameters["funds"]


def test_vehicle_purchase_counts_both_codes(hunan):
    """公务用车购置费 = 31013 + 30913 (基本建设)."""
    led = unit_ledger()
    led.spend("200000", economic="31013", spend_type="项目支出")
    led.spend("150000", economic="30913", spend_type="项目支出")
    led.spend("8000", economic="30231")
    c = hunan.compute(led, "three_public").components
    assert (Decimal("350000.00"), Decimal("358000.00")) == (c["vehicle_purchase"].value, c["vehicle"].value)


def test_no_three_public_at_all(hunan):
    """A unit without 三公: every item 0; a zero budget gives no completion (omit) or 0% (legacy)."""
    led = unit_ledger()
    led.spend("100", economic="30201")
    led.budgets.three_public.update(abroad=gb.D("0"), vehicle_purchase=gb.D("0"), vehicle_running=gb.D("0"),
                                    reception=gb.D("0"))
    led.budgets.prior["three_public"] = gb.D("0")
    fig = hunan.compute(led, "three_public")
    assert Decimal("0.00") == fig.value
    assert all(c.value == 0 for c in fig.components.values())
    assert (Decimal("0"), None, True) == (fig.budget, fig.completion.value, fig.completion.base_is_zero)
    assert ("预算合计由各项预算相加",) == fig.notes
    assert fig.components["abroad"].share.value is None  # share of a zero total
    legacy = hunan.compute(led, "three_public", zero_base="legacy_100")
    assert (Decimal("0.00"), Decimal("0.00"), "持平") == (
        legacy.completion.value, legacy.change.value, legacy.change.phrase()
    )


def test_comparisons_absent_without_figures(hunan):
    """No budget or prior figures supplied: no completion or change (not a zero)."""
    fig = hunan.compute(unit_ledger(), "three_public")
    assert (None, None, None, None) == (fig.budget, fig.completion, fig.prior, fig.change)


def test_partial_prior_is_not_inferred(hunan):
    """A subtotal's prior is inferred only when every part is given."""
    led = unit_ledger()
    led.budgets.prior["three_public.vehicle_running"] = gb.D("100")
    fig = hunan.compute(led, "three_public")
    assert (None, gb.D("100")) == (fig.components["vehicle"].prior, fig.components["vehicle_running"].prior)


def test_personnel_and_public_defaults(hunan):
    """人员经费 = 301 + 303, 公用经费 = 302 + 307 + 310 + 399, on 一般公共预算 基本支出 only."""
    led = unit_ledger()
    for amount, code in [("100", "30101"), ("20", "30302"), ("30", "30201"), ("4", "30701"),
                         ("5", "31002"), ("6", "39999"), ("7", "30913")]:
        led.spend(amount, economic=code)
    led.spend("1000", economic="30101", spend_type="项目支出")
    led.spend("2000", economic="30201", fund="政府性基金预算财政拨款")
    assert Decimal("120.00") == hunan.compute(led, "personnel").value
    assert Decimal("45.00") == hunan.compute(led, "public").value  # 309 is not in the Hunan list
    assert Decimal("1120.00") == hunan.compute(led, "personnel", spend_types="all").value
    assert Decimal("2045.00") == hunan.compute(led, "public", funds="财政拨款").value


def test_mixed_department_sums_only_admin_units(hunan):
    """A department of 行政 + 参公 + 事业 units: 机关运行经费 sums the 行政 and 参公 ones only."""
    units = [gb.Unit("局机关", "行政单位"), gb.Unit("执法支队", "参照公务员法管理的事业单位"),
             gb.Unit("服务中心", "公益一类事业单位")]
    led = gb.Ledger(gb.Unit("某局", "行政单位"), 2024, units=units)
    led.spend("1000", economic="30201", unit="局机关")
    led.spend("300", economic="31002", unit="执法支队")
    led.spend("5000", economic="30201", unit="服务中心")
    led.spend("70", economic="30201", unit="局机关", spend_type="项目支出")  # not 基本
    led.spend("9", economic="30101", unit="局机关")  # 人员经费, not 公用
    fig = hunan.compute(led, "organ_costs")
    assert (True, Decimal("1300.00")) == (fig.applicable, fig.value)
    assert {"局机关": Decimal("1000.00"), "执法支队": Decimal("300.00")} == fig.units
    assert {"服务中心": "公益一类事业单位"} == fig.excluded_units
    assert Decimal("6300.00") == hunan.compute(led, "public").value  # the whole department


def test_untagged_postings_belong_to_the_reporting_unit(hunan):
    """Postings without a unit are the reporting unit's (本级): counted when it is a 行政单位."""
    led = gb.Ledger(gb.Unit("某局", "行政单位"), 2024, units=[gb.Unit("服务中心", "事业单位")])
    led.spend("400", economic="30201")
    led.spend("600", economic="30201", unit="服务中心")
    fig = hunan.compute(led, "organ_costs")
    assert (Decimal("400.00"), {"某局": Decimal("400.00")}) == (fig.value, fig.units)


def test_all_institution_department_not_applicable(hunan):
    """No 行政/参公 unit at all: not applicable, and the reason names the kinds present."""
    units = [gb.Unit("中心甲", "公益一类事业单位"), gb.Unit("中心乙", "公益二类事业单位")]
    led = gb.Ledger(gb.Unit("某中心", "公益一类事业单位"), 2024, units=units)
    led.spend("10", economic="30201", unit="中心甲")
    fig = hunan.compute(led, "organ_costs")
    assert (False, "本单位是公益一类事业单位、公益二类事业单位，而机关运行经费只统计行政单位和参照公务员法管理的事业单位，本单位不在统计范围内。") == (fig.applicable, fig.reason)


def test_admin_unit_organ_costs_equals_public(hunan):
    """For an all-行政 unit 机关运行经费 = 公用经费 (X13 equality case)."""
    led = unit_ledger("参公")
    led.spend("123", economic="30201")
    led.spend("7", economic="30701")
    led.budgets.prior["organ_costs"] = gb.D("100")
    fig = hunan.compute(led, "organ_costs")
    assert (hunan.compute(led, "public").value, Decimal("130.00")) == (fig.value, fig.value)
    assert "增加0.00万元，增长30.00%" == fig.change.phrase()


def test_unknown_unit_tag_is_an_error(hunan):
    """A posting tagged with a unit the ledger does not declare cannot be classified by kind: it is
    refused when it is posted (it used to be accepted and fail only in the rule)."""
    led = unit_ledger()
    with pytest.raises(gb.LedgerError, match=r"posting 1: unit '神秘单位' is not declared \(sub-units: none; "
                                             r"the ledger's own unit: '示例局'\)"):
        led.spend("10", economic="30201", unit="神秘单位")
    with pytest.raises(gb.LedgerError, match="income posting 1: unit '神秘单位' is not declared"):
        led.receive("10", unit="神秘单位")
    assert () == led.postings + led.income
    led.spend("10", economic="30201", unit="示例局")  # the ledger's own unit, named
    assert Decimal("10.00") == hunan.compute(led, "organ_costs").value


def test_functional_postings_count_too(hunan):
    """Postings with both codes count once; economic-only views are counted by economic filters."""
    led = unit_ledger()
    led.spend("100", functional="2010450", economic="30217")
    assert Decimal("100.00") == hunan.compute(led, "three_public").value


# ------------------------------------------------------------------------------------ results
def test_explain_and_to_dict(hunan):
    """explain() names the rule, scope, parts and comparisons; to_dict() is JSON-safe."""
    fig = hunan.compute(seed_ledger(), "three_public")
    text = fig.explain()
    assert text.splitlines()[0] == "“三公”经费 [three_public, hunan 2024] = 143200.00 元 (14.32 万元)"
    assert "  预算 (全年预算数（按规定程序调整后）): 190000.00 元 (19.00 万元), 完成率 75.37%" in text.splitlines()
    assert "  上年: 133500.00 元 (13.35 万元); 增加0.97万元，增长7.27%" in text.splitlines()
    d = json.loads(json.dumps(fig.to_dict(), ensure_ascii=False))
    assert ("143200.00", "14.32", "75.37") == (d["value"], d["wan"], d["completion"]["value"])
    assert "6.86" == d["components"]["vehicle_running"]["wan"]
    na = hunan.compute(seed_ledger(), "organ_costs")
    assert na.explain().startswith("机关运行经费 [organ_costs, hunan 2024]: 不适用 — 本单位是财政补助事业单位，")
    assert (None, False) == (na.to_dict()["value"], na.to_dict()["applicable"])


def test_figures_are_frozen(hunan):
    """Results are attrs frozen records."""
    fig = hunan.compute(seed_ledger(), "personnel")
    with pytest.raises(AttributeError):
        fig.value = Decimal("1")


def test_evaluate_all(hunan):
    """evaluate() runs every rule; procurement is skipped without its input unless missing='raise'."""
    figs = hunan.evaluate(seed_ledger())
    assert ["personnel", "public", "organ_costs", "three_public", "general_spending"] == list(figs)
    with_p = hunan.evaluate(seed_ledger(), inputs={"procurement": SEED_PROCUREMENT})
    assert yuan("105.19") == with_p["procurement"].value
    with pytest.raises(gb.MissingInputError, match=r"procurement\.goods"):
        hunan.evaluate(seed_ledger(), missing="raise")


# ------------------------------------------------------------------------------------ rule data
def test_shipped_rule_sets():
    """Three shipped files; each loads and names its template and year."""
    assert (("central", 2019), ("central", 2024), ("hunan", 2024)) == gb.available_rulesets()
    for t, y in gb.available_rulesets():
        rs = gb.ruleset(t, year=y)
        assert (t, y) == (rs.template, rs.year)
        assert all(r.source for r in rs)


def test_central_differs_only_in_declared_switches(hunan, central):
    """central-2024 extends hunan-2024 and changes only the 三公 fund scope (and its source text)."""
    for rid in hunan.ids:
        h, c = hunan[rid], central[rid]
        if rid == "three_public":
            assert ((Fund.GENERAL,), h.components) == (c.funds, c.components)
        else:
            assert h == c


def test_organ_costs_reuses_public_selection(hunan):
    """机关运行经费 is based_on 公用经费: same codes, funds and spending types; restricted unit kinds."""
    o, p = hunan["organ_costs"], hunan["public"]
    assert (p.economic, p.funds, p.spend_types) == (o.economic, o.funds, o.spend_types)
    assert (UnitKind.ADMIN, UnitKind.CIVIL_SERVICE_MANAGED) == o.unit_kinds


def test_adjust_returns_a_new_ruleset(hunan):
    """adjust() changes one rule in a copy; the shipped set is untouched."""
    rs = hunan.adjust("three_public", funds="一般公共预算财政拨款")
    assert ((Fund.GENERAL,), 3) == (rs["three_public"].funds, len(hunan["three_public"].funds))
    with pytest.raises(gb.RuleError, match="cannot adjust 'colour'"):
        hunan.adjust("personnel", colour="red")
    with pytest.raises(gb.RuleError, match="sums components"):
        hunan.adjust("three_public", economic=["30201"])


def test_user_rule_file(tmp_path):
    """A user file extending a shipped one: 公用经费 with 309 added, a rule removed."""
    p = tmp_path / "mine-2024.toml"
    p.write_text(
        'extends = "hunan-2024"\n[template]\nid = "mine"\nyear = 2024\n'
        '[[rule]]\nid = "public"\neconomic = ["302", "307", "309", "310", "399"]\n'
        '[[rule]]\nid = "procurement"\nremove = true\n',
        encoding="utf-8",
    )
    rs = gb.load_ruleset(p)
    led = unit_ledger()
    led.spend("7", economic="30913")
    led.spend("3", economic="30201")
    assert (Decimal("10.00"), False) == (rs.compute(led, "public").value, "procurement" in rs)
    assert Decimal("10.00") == rs.compute(led, "organ_costs").value  # based_on follows the change


def test_bad_rule_file_lists_every_problem(tmp_path):
    """A malformed rule file raises one DataFileError listing all its problems."""
    p = tmp_path / "bad.toml"
    p.write_text(
        '[template]\nid = "bad"\nyear = "2024"\n[rates]\nzero_base = "always"\n'
        '[[rule]]\nid = "x"\nname = "X"\nsource = "s"\neconomic = ["3021"]\n'
        '[[rule]]\nid = "y"\nname = "Y"\nsource = "s"\nfunds = ["税收"]\neconomic = ["301"]\n'
        '[[rule]]\nid = "z"\nname = "Z"\nsource = "s"\ntotal = ["a"]\n'
        '  [[rule.component]]\n  id = "a"\n  sum_of = ["b"]\n'
        '  [[rule.component]]\n  id = "b"\n  sum_of = ["a"]\n',
        encoding="utf-8",
    )
    with pytest.raises(gb.DataFileError) as e:
        gb.load_ruleset(p)
    msgs = [m for _, m in e.value.problems]
    assert 5 == len(msgs)
    assert "year must be an int" in msgs[0]
    assert "zero_base must be one of omit, legacy_100, found 'always'" in msgs[1]
    assert "rule 'x': economic: '3021' is not an economic code" in msgs[2]
    assert "'税收' is not a fund" in msgs[3]
    assert "add up in a circle: a → b → a" in msgs[4]


def test_not_toml(tmp_path):
    """A file that is not TOML is a DataFileError naming the file."""
    p = tmp_path / "x.toml"
    p.write_text("[[rule]\n", encoding="utf-8")
    with pytest.raises(gb.DataFileError, match=r"(?s)x\.toml.*not valid TOML"):
        gb.load_ruleset(p)


def test_unknown_template_rule_and_bad_policy(hunan):
    """Lookup errors list what exists; a bad zero_base names the choices."""
    with pytest.raises(gb.UnknownRuleError, match="shipped: central 2019, central 2024, hunan 2024"):
        gb.ruleset("beijing", year=2024)
    with pytest.raises(LookupError, match="no rule 'sangong' in hunan 2024; rules: personnel, public"):
        hunan["sangong"]
    with pytest.raises(gb.RuleError, match="zero_base must be one of omit, legacy_100, found 'zero'"):
        hunan.compute(unit_ledger(), "three_public", zero_base="zero")


def test_procurement_record():
    """Procurement adds up and refuses floats."""
    assert (yuan("105.19"), yuan("105.19")) == (SEED_PROCUREMENT.total, SEED_PROCUREMENT.sme)
    with pytest.raises(gb.FloatNotAllowedError):
        gb.Procurement(goods=1.5)


# ----------------------------------------------------------------- 三公 budgets: keys and consistency
def test_three_public_budget_keys_are_checked():
    """A typo key is refused (it used to be accepted and ignored); the message lists the allowed keys."""
    led = unit_ledger()
    with pytest.raises(gb.LedgerError, match=r"unknown key 'recepton'; expected one of total, abroad, vehicle, "
                                             r"vehicle_purchase, vehicle_running, reception"):
        led.budgets.three_public["recepton"] = yuan("1")
    with pytest.raises(gb.LedgerError, match="unknown key 'meetings'"):
        led.budgets.three_public_initial = {"meetings": yuan("1")}
    with pytest.raises(gb.LedgerError, match="unknown key 'Total'"):
        gb.Budgets(three_public={"Total": "1"})


def test_three_public_budget_total_that_contradicts_its_items_is_a_finding(hunan):
    """合计 19.00 over items adding to 15.00 (7 + 7 + 1): a contradiction finding and a note; the stated 19.00 stays."""
    led = unit_ledger()
    led.budgets.three_public = {"total": yuan("19"), "abroad": yuan("7"), "vehicle_running": yuan("7"),
                                "reception": yuan("1")}
    found = {f.rule: f for f in hunan.check(led, "three_public")}
    f = found["three_public.budget.total"]
    assert ("contradiction", Decimal("19.00"), Decimal("15.00")) == (f.verdict, f.found, f.expected)
    assert "vehicle" not in {r.split(".")[-1] for r in found if ".budget." in r}  # the vehicle subtotal is not stated
    fig = hunan.compute(led, "three_public")
    assert yuan("19") == fig.budget
    assert [n for n in fig.notes if n.startswith("预算数与各项之和不符")] == [
        "预算数与各项之和不符：全年预算数（按规定程序调整后） “三公”经费合计：印刷合计 19.00，3 项非空明细之和 15.00，"
        "相差 4.00，超出尾数误差允许范围 ±0.02，数据不一致。"]


def test_three_public_vehicle_subtotal_checked_and_consistent_budgets_pass(hunan):
    led = unit_ledger()
    led.budgets.three_public.update(vehicle=yuan("9"), vehicle_purchase=yuan("2"), vehicle_running=yuan("5"))
    f = {x.rule: x for x in hunan.check(led, "three_public")}["three_public.budget.vehicle"]
    assert ("contradiction", Decimal("9.00"), Decimal("7.00")) == (f.verdict, f.found, f.expected)
    ok = unit_ledger()
    ok.budgets.three_public.update(total=yuan("19"), abroad=yuan("7"), vehicle_running=yuan("7"), reception=yuan("5"))
    verdicts = {x.rule: x.verdict for x in hunan.check(ok, "three_public") if ".budget." in x.rule}
    assert {"three_public.budget.total": "ok"} == verdicts
    assert not [n for n in hunan.compute(ok, "three_public").notes if n.startswith("预算数与各项之和不符")]


# ------------------------------------------------------------------------ naming a rule set
def test_ruleset_names_are_read_one_way():
    """Positional year, keyword year, an id, a pair, a Template, a RuleSet: all the same rule set."""
    rs = gb.ruleset("hunan", year=2024)
    assert rs is gb.ruleset("hunan", 2024) is gb.ruleset("hunan-2024") is gb.ruleset(("hunan", 2024))
    assert rs is gb.ruleset(rs) is gb.ruleset(gb.template("shanghai", 2024))  # shanghai-2024 names hunan-2024
    assert (2019, 1) == (gb.ruleset("Central", 2019).year, gb.ruleset("central-2019").places)


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    (("hunan", "2024"), {}, "the year of a rule set must be an int such as 2024, found str '2024'"),
    (("hunan",), {"year": Decimal("sNaN")}, "found Decimal Decimal('sNaN')"),
    (("hunan",), {"year": True}, "found bool True"),
    (("hunan",), {}, "rule set 'hunan' names no year"),
    (("hunan-2024",), {"year": 2019}, "names the year 2024, but year=2019 was given as well"),
    ((None,), {"year": 2024}, "found NoneType None"),
])  # fmt: skip
def test_ruleset_bad_names_are_typed_errors(args, kwargs, message):
    with pytest.raises(gb.UnknownRuleError) as e:
        gb.ruleset(*args, **kwargs)
    assert message in str(e.value)


def test_unreadable_rule_and_template_paths_are_data_file_errors(tmp_path):
    """A binary file, a NUL in the path and a folder used to raise UnicodeDecodeError / ValueError."""
    binary = tmp_path / "b.toml"
    binary.write_bytes(b"\xff\xfe\x00rule")
    with pytest.raises(gb.DataFileError, match=r"not UTF-8 text .* a rule file is UTF-8 TOML"):
        gb.load_ruleset(binary)
    with pytest.raises(gb.DataFileError, match="cannot read: embedded null byte"):
        gb.load_ruleset("\x00")
    with pytest.raises(gb.DataFileError, match="cannot read the template: embedded null byte"):
        gb.load_template("\x00")
    with pytest.raises(gb.DataFileError, match="is a directory; expected a rule file"):
        gb.load_ruleset(tmp_path)
    with pytest.raises(gb.DataFileError, match="cannot read the template"):
        gb.load_template(binary)
