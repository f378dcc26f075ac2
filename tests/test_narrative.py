"""The 情况说明 generator on the seed ledger: figures, labels, direction words, zero bases.

Expected values are typed from the published seed report (株洲市长株潭一体化发展事务中心 2024),
never computed by the code under test.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from seed_ledger import seed_ledger

import govbudget as gb
from govbudget.money import to_yuan


def wan(text: str) -> Decimal:
    return to_yuan(gb.D(text))


@pytest.fixture(scope="module")
def ledger() -> gb.Ledger:
    led = seed_ledger()
    b = led.budgets
    # 三公 budgets as 说明七 states them (出国 7, 车 7 = 购置 0 + 运行 7, 接待 5)
    b.three_public.clear()
    b.three_public.update({"abroad": wan("7"), "vehicle_purchase": wan("0"), "vehicle_running": wan("7"),
                           "reception": wan("5")})
    # prior year: 说明一/四/五（一） (526.36), 说明七 (13.35; 0 / 12 / 1.35)
    b.prior.update({"total": wan("526.36"), "fiscal_total": wan("526.36"), "general": wan("526.36"),
                    "three_public": wan("13.35"), "abroad": wan("0"), "vehicle_purchase": wan("0"),
                    "vehicle_running": wan("12"), "reception": wan("1.35")})
    # 年初预算: 说明五（三）
    b.initial.clear()
    b.initial.update({c: wan(v) for c, v in {
        "2010450": "476.41", "2010499": "0", "2080502": "6.06", "2080505": "27.91", "2080506": "13.96",
        "2101101": "0", "2101102": "11.53", "2101103": "6.62", "2101199": "14.30", "2110199": "0",
        "2210201": "23.35"}.items()})
    b.initial_total = wan("580.13")
    b.adjusted_total = wan("610.39")
    return led


@pytest.fixture(scope="module")
def legacy(ledger: gb.Ledger) -> gb.Narrative:
    return gb.build_narrative(ledger, zero_base="legacy_100")


@pytest.fixture(scope="module")
def omit(ledger: gb.Ledger) -> gb.Narrative:
    return gb.build_narrative(ledger, zero_base="omit")


def test_thirteen_sections_and_the_attachments_in_order(legacy: gb.Narrative) -> None:
    """The Hunan 2024 说明 has 13 sections, then the 附件 figures."""
    assert [s.id for s in legacy.sections] == [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "附件", "附件1", "附件2"]


def test_section_one_total_and_change_against_prior_year(legacy: gb.Narrative) -> None:
    """说明一: 519.63, 减少6.73万元, 降低1.28% against 526.36."""
    assert legacy.number("一", "收支总计").value == Decimal("519.63")
    change = legacy.number("一", "与上年增减额")
    assert (change.value, change.text) == (Decimal("-6.73"), "减少6.73万元")
    assert legacy.number("一", "与上年增减率").text == "降低1.28%"
    assert "减少6.73万元，降低1.28%" in legacy.sections[0].text


def test_section_three_shares_of_basic_and_project(legacy: gb.Narrative) -> None:
    """说明三: 基本支出 87.69%, 项目支出 12.31% of 519.63."""
    assert legacy.number("三", "基本支出").value == Decimal("455.65")
    assert legacy.number("三", "基本支出占比").value == Decimal("87.69")
    assert legacy.number("三", "项目支出占比").value == Decimal("12.31")


def test_section_five_two_class_shares(legacy: gb.Narrative) -> None:
    """说明五（二）: 79.03 / 9.10 / 6.06 / 1.39 / 4.42, with 类 names from the code table."""
    shares = {n.label: n.value for n in legacy.numbers if n.section == "五（二）" and n.label.endswith("占比")}
    assert shares == {
        "一般公共服务支出占比": Decimal("79.03"),
        "社会保障和就业支出占比": Decimal("9.10"),
        "卫生健康支出占比": Decimal("6.06"),
        "节能环保支出占比": Decimal("1.39"),
        "住房保障支出占比": Decimal("4.42"),
    }
    assert "社会保障和就业支出（类）47.30万元" in legacy.sections[4].text


def test_section_five_three_labels_come_from_the_code_tree(legacy: gb.Narrative) -> None:
    """The 项 labels name the real 类 and 款 (the seed prints 一般公共服务（类）社会保障和就业支出（款）…)."""
    assert legacy.term("五（三）", "2080502 科目").text == "社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）"
    assert legacy.term("五（三）", "2210201 科目").text == "住房保障支出（类）住房改革支出（款）住房公积金（项）"


def test_section_five_three_completion_and_direction_words(legacy: gb.Narrative) -> None:
    """完成年初预算: total 89.57% of 580.13; 2010450 74.28% (小于); 2101199 94.90%."""
    assert legacy.number("五（三）", "年初预算").value == Decimal("580.13")
    assert legacy.number("五（三）", "完成年初预算").value == Decimal("89.57")
    assert legacy.number("五（三）", "2010450 完成年初预算").value == Decimal("74.28")
    assert legacy.number("五（三）", "2101199 完成年初预算").value == Decimal("94.90")
    text = legacy.sections[4].text
    assert "决算353.87万元，完成年初预算的74.28%；决算数小于年初预算数" in text
    assert "决算56.78万元，完成年初预算的100.00%；决算数大于年初预算数" in text


def test_zero_base_omit_prints_no_rate(omit: gb.Narrative) -> None:
    """Under "omit" a 项 with 年初预算 0 gets no completion figure and says why."""
    labels = {n.label for n in omit.numbers if n.section == "五（三）"}
    assert "2010499 完成年初预算" not in labels
    assert "2010450 完成年初预算" in labels
    assert "年初预算为0，不计算完成率" in omit.sections[4].text


def test_zero_base_legacy_prints_100_and_0(legacy: gb.Narrative) -> None:
    """Under "legacy_100": a/0 → 100%, 0/0 → 0% (the seed's 公务用车购置费 完成预算的0%)."""
    assert legacy.number("五（三）", "2110199 完成年初预算").value == Decimal("100.00")
    assert legacy.number("七（二）", "公务用车购置费完成预算").value == Decimal("0.00")
    assert legacy.number("七（二）", "因公出国（境）费与上年增减率").text == "增长100.00%"


def test_zero_base_omit_prints_no_change_rate_over_zero_prior(omit: gb.Narrative) -> None:
    """因公出国 prior 0: the amount changes by 6.90 but no 增长率 is printed under "omit"."""
    assert omit.number("七（二）", "因公出国（境）费与上年增减额").text == "增加6.90万元"
    with pytest.raises(KeyError):
        omit.number("七（二）", "因公出国（境）费与上年增减率")


def test_section_six_personnel_and_public_from_the_leaves(legacy: gb.Narrative) -> None:
    """人员经费 299.48 (65.73%); 公用经费 from the printed 款 is 156.19 (the seed prints 156.17)."""
    assert legacy.number("六", "人员经费").value == Decimal("299.48")
    assert legacy.number("六", "人员经费占比").value == Decimal("65.73")
    assert legacy.number("六", "公用经费").value == Decimal("156.19")
    assert "基本工资、津贴补贴、奖金" in legacy.sections[5].text


def test_section_seven_three_public_against_budget_and_prior(legacy: gb.Narrative) -> None:
    """说明七: budget 19, actual 14.32, 75.37%; 增加0.97万元, 增长7.27% vs 13.35."""
    assert legacy.number("七（一）", "“三公”经费预算").value == Decimal("19.00")
    assert legacy.number("七（一）", "“三公”经费决算").value == Decimal("14.32")
    assert legacy.number("七（一）", "“三公”经费完成预算").value == Decimal("75.37")
    assert legacy.number("七（一）", "“三公”经费与上年增减额").value == Decimal("0.97")
    assert legacy.number("七（一）", "“三公”经费与上年增减率").value == Decimal("7.27")
    assert legacy.number("七（二）", "公务接待费与上年增减额").text == "减少0.79万元"
    assert legacy.number("七（二）", "公务用车购置费与上年增减额").text == "持平"


def test_section_nine_not_applicable_for_a_fiscal_supported_institution(legacy: gb.Narrative) -> None:
    """A 财政补助事业单位 prints no 机关运行经费 figure."""
    assert not [n for n in legacy.numbers if n.section == "九"]
    assert "财政补助事业单位" in legacy.sections[8].text


def test_attachment_figures_come_from_the_ledger(legacy: gb.Narrative) -> None:
    """附件 基本支出 / 项目支出 are the tables' 455.65 / 63.98 (the seed prints 355.85 / 163.78)."""
    assert legacy.number("附件", "基本支出").value == Decimal("455.65")
    assert legacy.number("附件", "项目支出").value == Decimal("63.98")
    assert legacy.number("附件2", "基本支出").source == "公开05 合计 栏次2"


def test_missing_reasons_are_reported(legacy: gb.Narrative) -> None:
    """Without inputs every reason is a placeholder, and each is listed in warnings."""
    assert "no reason given for '一'" in legacy.warnings
    assert "（原因未填写）" in legacy.sections[0].text


def test_markdown_has_every_heading(legacy: gb.Narrative) -> None:
    md = legacy.to_markdown()
    assert md.startswith("# 2024年度部门决算情况说明\n")
    assert "## 十三、关于2024年度预算绩效情况的说明" in md


def test_unknown_policy_is_refused(ledger: gb.Ledger) -> None:
    with pytest.raises(gb.NarrativeError):
        gb.build_narrative(ledger, zero_base="hundred")


def test_inputs_refuse_float_amounts(tmp_path) -> None:
    """Amounts in the inputs file are strings; a TOML float is a data-file error."""
    p = tmp_path / "in.toml"
    p.write_text("[procurement]\ngoods = 27.73\n", encoding="utf-8")
    with pytest.raises(gb.DataFileError):
        gb.NarrativeInputs.from_toml(p)
