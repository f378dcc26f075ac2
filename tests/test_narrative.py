"""The 情况说明 generator on the seed ledger: figures, labels, direction words, zero bases.

Expected values are typed from the published seed report (株洲市长株潭一体化发展事务中心 2024),
never computed by the code under test.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from seed_ledger import seed_ledger

import govbudget as gb
from govbudget.money import to_yuan
from govbudget.narrative import Activity, NarrativeInputs


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
    reasons = [w for w in legacy.warnings if w.startswith("no reason given")]
    assert len(reasons) == 1
    assert reasons[0].startswith("no reason given; a placeholder is printed (")
    assert "一, 四, 五（一）" in reasons[0]
    assert "主要原因是【待填：原因】" in legacy.sections[0].text


def test_markdown_has_every_heading(legacy: gb.Narrative) -> None:
    md = legacy.to_markdown()
    assert md.startswith("# 2024年度部门决算情况说明\n")
    assert "## 十三、关于2024年度预算绩效情况的说明" in md


def test_unknown_policy_is_refused(ledger: gb.Ledger) -> None:
    with pytest.raises(gb.NarrativeError, match=r"zero_base must be one of \('omit', 'legacy_100'\); found 'hundred'"):
        gb.build_narrative(ledger, zero_base="hundred")


def test_inputs_refuse_float_amounts(tmp_path) -> None:
    """Amounts in the inputs file are strings; a TOML float is a data-file error."""
    p = tmp_path / "in.toml"
    p.write_text("[procurement]\ngoods = 27.73\n", encoding="utf-8")
    with pytest.raises(gb.DataFileError, match=r"amount 27\.73 is a float; pass a str, int or Decimal"):
        gb.NarrativeInputs.from_toml(p)


# ------------------------------------------------------------------ sections 十 – 十三, 附件1/2
@pytest.fixture(scope="module")
def seed_inputs() -> gb.NarrativeInputs:
    """The declared inputs of the seed, typed from its 说明十 – 十三 and 附件1/2."""
    return gb.NarrativeInputs(
        procurement=gb.Procurement(goods=wan("27.73"), works=wan("0"), services=wan("77.46"), sme_goods=wan("27.73"),
                                   sme_works=wan("0"), sme_services=wan("77.46"), small_micro=wan("85.10")),
        vehicles={"应急保障用车": 2}, equipment_over_1m=0, vehicles_held=2,
        meeting=Activity(purpose="召开专题会议", people=13, content="讨论工作"),
        training=Activity(purpose="开展学习培训", people=16, content="学习会议精神"),
        festival=Decimal("0"),  # 说明十: "本单位无举办节庆、晚会、论坛、赛事活动"
        performance_projects={"一般公共预算": (3, wan("128.93"))},
        performance_score=Decimal("98.5"), performance_grade="优", performance_application="用于下年预算编制。",
        staff_authorized=18, staff_actual=16, funds_weight=Decimal("10"), funds_points=Decimal("8.5"),
        attachment_prior={"项目支出": wan("9.8"), "公用经费": wan("216.71"), "政府采购金额": wan("135.24")},
        attachment_budget={"项目支出": wan("243.05"), "公用经费": wan("64.83"), "政府采购金额": wan("114.22")},
    )


@pytest.fixture(scope="module")
def full(ledger: gb.Ledger, seed_inputs: gb.NarrativeInputs) -> gb.Narrative:
    return gb.build_narrative(ledger, seed_inputs, zero_base="omit")


def values(n: gb.Narrative, section: str) -> dict[str, Decimal]:
    return {x.label: x.value for x in n.numbers if x.section == section}


def test_section_ten_meetings_and_training(full: gb.Narrative) -> None:
    """说明十: 会议费 0.15 (13 人), 培训费 0.18 (16 人), no festivals."""
    assert {"会议费": Decimal("0.15"), "会议人数": Decimal("13"), "培训费": Decimal("0.18"),
            "培训人数": Decimal("16")} == values(full, "十")
    text = full.sections[9].text
    assert "会议费支出0.15万元" in text and "培训费支出0.18万元" in text
    assert text.endswith("未举办节庆、晚会、论坛、赛事活动。")


def test_section_eleven_procurement(full: gb.Narrative) -> None:
    """说明十一: 105.19 = 27.73 + 0 + 77.46; 中小企业 105.19 (100.00%); 小微 85.10 (80.90% of 中小企业)."""
    assert {"政府采购支出总额": Decimal("105.19"), "货物": Decimal("27.73"), "工程": Decimal("0.00"),
            "服务": Decimal("77.46"), "授予中小企业合同金额": Decimal("105.19"), "中小企业占比": Decimal("100.00"),
            "授予小微企业合同金额": Decimal("85.10"), "小微企业占比": Decimal("80.90"),
            "货物中小企业占比": Decimal("100.00"), "服务中小企业占比": Decimal("100.00")} == values(full, "十一")
    text = full.sections[10].text
    assert "占政府采购支出总额的100.00%" in text and "占授予中小企业合同金额的80.90%" in text
    assert "工程采购" not in text  # 0/0: no share under "omit", and no broken clause
    assert "不计算占比" not in text


def test_section_twelve_vehicles(full: gb.Narrative) -> None:
    """说明十二: 车辆 2 辆, of which 应急保障用车 2; 100万元以上设备 0 台（套）."""
    v = values(full, "十二")
    assert (Decimal("2"), Decimal("2"), Decimal("0"), Decimal("0")) == (
        v["车辆"], v["应急保障用车"], v["主要负责人用车"], v["100万元以上设备"])
    assert "共有车辆2辆" in full.sections[11].text and "应急保障用车2辆" in full.sections[11].text


def test_section_thirteen_performance(full: gb.Narrative) -> None:
    """说明十三: 项目 3 个 128.93 万元 (24.81% of 一般公共预算); 全年预算 610.39, 执行 519.63, 85.13%; 98.5 分, 优."""
    v = values(full, "十三")
    assert (Decimal("3"), Decimal("128.93"), Decimal("24.81")) == (
        v["自评项目数"], v["自评资金"], v["一般公共预算项目资金占比"])
    assert (Decimal("610.39"), Decimal("519.63"), Decimal("85.13"), Decimal("98.5")) == (
        v["全年预算数"], v["执行数"], v["完成预算"], v["自评得分"])
    assert "自评得分98.5分，评价等级为“优”。" in full.sections[12].text


def test_attachment_one_table(full: gb.Narrative) -> None:
    """附件1: staff 18/16 (88.89%); 三公 rows repeat 说明七 and 公开09 (the seed's own 附件1 prints 24 and
    13.92 for 三公, disagreeing with its 说明七 19 and 公开09 14.32); 政府采购 135.24 / 114.22 / 105.19."""
    v = values(full, "附件1")
    assert (Decimal("18"), Decimal("16"), Decimal("88.89")) == (v["编制数"], v["实际在职人数"], v["控制率"])
    assert (Decimal("13.35"), Decimal("19.00"), Decimal("14.32")) == (
        v["三公经费 上年决算数"], v["三公经费 本年预算数"], v["三公经费 本年决算数"])
    assert (Decimal("0.00"), Decimal("7.00"), Decimal("6.90")) == (
        v["出国经费 上年决算数"], v["出国经费 本年预算数"], v["出国经费 本年决算数"])
    assert (Decimal("12.00"), Decimal("7.00"), Decimal("6.86")) == (
        v["公车运行维护 上年决算数"], v["公车运行维护 本年预算数"], v["公车运行维护 本年决算数"])
    assert (Decimal("1.35"), Decimal("5.00"), Decimal("0.56")) == (
        v["公务接待 上年决算数"], v["公务接待 本年预算数"], v["公务接待 本年决算数"])
    assert (Decimal("135.24"), Decimal("114.22"), Decimal("105.19")) == (
        v["政府采购金额 上年决算数"], v["政府采购金额 本年预算数"], v["政府采购金额 本年决算数"])
    assert (Decimal("9.80"), Decimal("243.05"), Decimal("63.98")) == (
        v["项目支出 上年决算数"], v["项目支出 本年预算数"], v["项目支出 本年决算数"])
    assert "| 政府采购金额 | 135.24 | 114.22 | 105.19 |" in full.sections[14].text


def test_attachment_two_funds(full: gb.Narrative) -> None:
    """附件2: 年初 580.13, 全年 610.39, 执行 519.63, 执行率 85.13%, 分值 10, 得分 8.5, 总分 98.5."""
    v = values(full, "附件2")
    assert (Decimal("580.13"), Decimal("610.39"), Decimal("519.63"), Decimal("85.13")) == (
        v["年初预算数"], v["全年预算数"], v["全年执行数"], v["执行率"])
    assert (Decimal("10"), Decimal("8.5"), Decimal("98.5"), Decimal("519.63")) == (
        v["分值"], v["得分"], v["总分"], v["一般公共预算"])
    assert "执行率85.13%，该项分值10分、得分8.5分" in full.sections[15].text


def test_inputs_from_a_good_toml_file(tmp_path) -> None:
    """Every table of the inputs file is read; amounts are 万元 strings turned into 元."""
    p = tmp_path / "in.toml"
    p.write_text(
        '[reasons]\n"一" = "压减开支"\n'
        '[procurement]\ngoods = "27.73"\nservices = "77.46"\nsme_goods = "27.73"\nsme_services = "77.46"\n'
        'small_micro = "85.10"\n'
        '[vehicles]\n"应急保障用车" = 2\n'
        '[counts]\nvehicles_held = 2\nequipment_over_1m = 0\nreception_groups = 4\nreception_people = 27\n'
        '[texts]\nreception_purpose = "兄弟单位来访"\n'
        '[[trips]]\nname = "交流"\namount = "6.90"\npurpose = "考察"\n'
        '[meeting]\npurpose = "开会"\npeople = 13\ncontent = "议事"\n'
        '[performance]\nscore = "98.5"\ngrade = "优"\n[performance.projects."一般公共预算"]\ncount = 3\n'
        'amount = "128.93"\n'
        '[[projects]]\nname = "工作经费"\ninitial = "207"\nadjustment = "1.2"\nactual = "128.93"\n'
        '[staff]\nauthorized = 18\nactual = 16\n'
        '[attachment_prior]\n"政府采购金额" = "135.24"\n',
        encoding="utf-8")
    i = gb.NarrativeInputs.from_toml(p)
    assert "压减开支" == i.reasons["一"]
    assert (Decimal("277300"), Decimal("851000"), Decimal("0")) == (
        i.procurement.goods, i.procurement.small_micro, i.procurement.works)
    assert ({"应急保障用车": 2}, 2, 0, 4, 27) == (
        i.vehicles, i.vehicles_held, i.equipment_over_1m, i.reception_groups, i.reception_people)
    assert ("兄弟单位来访", "交流", Decimal("69000")) == (i.reception_purpose, i.trips[0].name, i.trips[0].amount)
    assert (13, "开会") == (i.meeting.people, i.meeting.purpose)
    assert (Decimal("98.5"), "优", (3, Decimal("1289300"))) == (
        i.performance_score, i.performance_grade, i.performance_projects["一般公共预算"])
    assert (Decimal("2082000"), Decimal("792700")) == (i.projects[0].budget, i.projects[0].balance)
    assert (18, 16, Decimal("1352400")) == (i.staff_authorized, i.staff_actual, i.attachment_prior["政府采购金额"])


# ------------------------------------------------------------------ the rules are the one definition
def test_small_micro_share_follows_the_rules_denominator() -> None:
    """中小企业 150 of 总额 200; 小微 60: Hunan 60/150 = 40.00% of 中小企业, central 2019 60/200 = 30.0% of 总额."""
    inputs = gb.NarrativeInputs(procurement=gb.Procurement(
        goods=wan("100"), services=wan("100"), sme_goods=wan("100"), sme_services=wan("50"), small_micro=wan("60")))
    led = gb.Ledger("某单位", 2024)
    hunan = gb.build_narrative(led, inputs)
    c2019 = gb.build_narrative(led, inputs, rules=gb.ruleset("central", year=2019))
    assert ("40.00%", "30.0%") == (hunan.number("十一", "小微企业占比").text, c2019.number("十一", "小微企业占比").text)
    assert "占授予中小企业合同金额的40.00%" in hunan.sections[10].text
    assert "占政府采购支出总额的30.0%" in c2019.sections[10].text
    assert "服务采购中授予中小企业的合同金额占政府采购服务支出的50.0%" in c2019.sections[10].text


def test_section_six_lists_the_classes_of_the_rule(tmp_path) -> None:
    """A rule file that adds 309 to 公用经费 makes 说明六 count and name a 309 款 (the default does not)."""
    led = gb.Ledger("某单位", 2024)
    led.spend("10000", economic="30201")
    led.spend("20000", economic="30999")
    p = tmp_path / "mine.toml"
    p.write_text('extends = "hunan-2024"\n[template]\nid = "mine"\nyear = 2024\n'
                 '[[rule]]\nid = "public"\neconomic = ["302", "307", "309", "310", "399"]\n', encoding="utf-8")
    default = gb.build_narrative(led)
    mine = gb.build_narrative(led, rules=gb.load_ruleset(p))
    assert (Decimal("1.00"), Decimal("3.00")) == (default.number("六", "公用经费").value, mine.number("六", "公用经费").value)
    assert "用于办公费。" in default.sections[5].text
    assert "用于办公费、其他基本建设支出。" in mine.sections[5].text


# ------------------------------------------------------------------ empty and missing inputs
@pytest.fixture(scope="module")
def empty() -> gb.Narrative:
    return gb.build_narrative(gb.Ledger("某单位", 2024), zero_base="omit")


def test_empty_ledger_sentences_are_well_formed(empty: gb.Narrative) -> None:
    """No empty list after a colon, no empty quotes, no clause that only repeats a missing input."""
    md = empty.to_markdown()
    for broken in ("：。", "：；", "“”", "，。", "自评得分，", "用于无", "分值、得分"):
        assert broken not in md, broken
    assert "2024年度本单位没有按功能分类列示的一般公共预算财政拨款支出。" in empty.sections[4].text
    assert "按项级科目说明如下" not in empty.sections[4].text
    assert "全年预算数【待填：全年预算数】，执行数0.00万元，完成预算的【待填：完成率】。" in empty.sections[12].text


def test_missing_procurement_and_vehicles_are_not_printed_as_zero(empty: gb.Narrative) -> None:
    """Like the procurement rule (MissingInputError), the 说明 does not turn a missing record into 0."""
    assert "2024年度政府采购数据未提供，本节暂缺。" == empty.sections[10].text
    assert "截至2024年12月31日的车辆数未提供。" == empty.sections[11].text
    assert not [n for n in empty.numbers if n.section in ("十一", "十二")]
    assert "| 政府采购金额 | / | / | / |" in empty.sections[14].text
    assert any(w.startswith("十一: 政府采购") for w in empty.warnings)
    assert any(w.startswith("十二: vehicles") for w in empty.warnings)
    with pytest.raises(gb.MissingInputError):
        gb.ruleset("hunan", year=2024).compute(gb.Ledger("某单位", 2024), "procurement")


def test_procurement_of_zero_says_there_was_none() -> None:
    """A supplied record with nothing bought: one sentence, no shares over zero."""
    n = gb.build_narrative(gb.Ledger("某单位", 2024), gb.NarrativeInputs(procurement=gb.Procurement()))
    assert "2024年度本部门没有政府采购支出。" == n.sections[10].text


def test_legacy_100_is_stated_on_the_figures_and_in_the_footer() -> None:
    """Under legacy_100 each conventional rate carries a note and the Markdown ends with a line naming the policy."""
    n = gb.build_narrative(gb.Ledger("某单位", 2024), zero_base="legacy_100")
    conventional = [x for x in n.numbers if x.note]
    assert conventional and all("legacy_100 convention" in x.note for x in conventional)
    assert n.number("二", "财政拨款收入占比").note == "base is 0: legacy_100 convention, not a quotient"
    assert n.to_markdown().rstrip().splitlines()[-1].startswith("注：本说明按“legacy_100”口径列示基数为0的比率")
    assert "legacy_100" not in gb.build_narrative(gb.Ledger("某单位", 2024)).to_markdown()


def test_section_eight_states_the_opening_balance(tmp_path) -> None:
    """说明八 with a 政府性基金 year-start balance: 年初 5.00, 收入 30.00, 支出 23.96, 年末 11.04 (= 公开07 合计)."""
    p = tmp_path / "functional.csv"
    p.write_text("code,name\n212,城乡社区支出\n21208,国有土地使用权出让收入安排的支出\n2120801,征地和拆迁补偿支出\n",
                 encoding="utf-8")
    led = gb.Ledger("某单位", 2024, functional_edition=gb.load_edition(p, scheme="functional", year=2024))
    led.balances.opening[gb.Fund.GOV_FUND] = wan("5")
    led.receive(wan("30"), fund="政府性基金预算财政拨款", functional="2120801")
    led.spend(wan("23.96"), fund="政府性基金预算财政拨款", functional="2120801", spend_type="项目支出")
    n = gb.build_narrative(led)
    assert ("2024年度政府性基金预算财政拨款年初结转和结余5.00万元，收入30.00万元，支出23.96万元，"
            "年末结转和结余11.04万元。") == n.sections[7].text
    assert "公开07 合计 栏次1" == n.number("八", "政府性基金年初结转和结余").source


def test_three_public_budget_contradiction_is_a_narrative_warning():
    led = gb.Ledger("某单位", 2024)
    led.budgets.three_public = {"total": gb.D("190000"), "abroad": gb.D("70000"), "vehicle_running": gb.D("70000"),
                                "reception": gb.D("10000")}
    warnings = [x for x in gb.build_narrative(led).warnings if "预算数与各项之和不符" in x]
    assert len(warnings) == 1 and warnings[0].startswith("七: ")
    assert "印刷合计 19.00，3 项非空明细之和 15.00" in warnings[0]


def test_build_narrative_takes_a_template_object_id_or_pair():
    led = seed_ledger()
    want = gb.build_narrative(led).to_markdown()
    # one literal sentence of the Hunan form of 说明三; its figures and shares are the seed's 说明三 ones
    assert ("2024年度本年支出合计519.63万元，按性质分：基本支出455.65万元，占支出合计的87.69%；"
            "项目支出63.98万元，占支出合计的12.31%；") in want
    for spec in (gb.template("hunan", 2024), "hunan", ("hunan", 2024)):
        assert want == gb.build_narrative(led, template=spec).to_markdown()
    assert want == gb.build_narrative(led, rules="hunan-2024").to_markdown()
    with pytest.raises(gb.NarrativeError, match="must be an int such as 2024, found str '2024'"):
        gb.build_narrative(led, template=("hunan", "2024"))
    # Shanghai has no sentence templates, whichever way it is named
    for spec in (gb.template("shanghai", 2024), "shanghai-2024", ("shanghai", 2024)):
        with pytest.raises(gb.NarrativeError, match="no sentence templates 'shanghai-2024'"):
            gb.build_narrative(led, template=spec)


def test_ledger_of_another_year_is_a_narrative_warning():
    led = gb.Ledger("某单位", 2025)
    warnings = gb.build_narrative(led, template=gb.template("hunan", 2024), rules=gb.ruleset("hunan", 2024)).warnings
    assert warnings[:2] == (
        "the ledger is for 2025 but the sentence templates hunan-2024 are for 2024",
        "the ledger is for 2025 but rule set hunan 2024 defines the derived figures (人员/公用经费, 三公, 机关运行经费) of 2024",
    )
    assert not [w for w in gb.build_narrative(gb.Ledger("某单位", 2024)).warnings if "the ledger is for" in w]


def test_inputs_that_are_not_narrative_inputs_are_refused():
    with pytest.raises(gb.NarrativeError, match="inputs must be a NarrativeInputs, found dict"):
        gb.build_narrative(gb.Ledger("某单位", 2024), {"reasons": {}})


# --------------------------------------------------------------------- NarrativeInputs validation
@pytest.mark.parametrize(("kwargs", "message"), [
    ({"abroad_groups": 1.5}, "NarrativeInputs.abroad_groups: expected a count (a whole number ≥ 0 such as 3 "
                             "or None), found float 1.5"),
    ({"abroad_people": -3}, "NarrativeInputs.abroad_people: expected a count (a whole number ≥ 0), found -3"),
    ({"vehicles": {"应急保障用车": 1.5}}, "NarrativeInputs.vehicles['应急保障用车']: expected a count"),
    ({"abroad_groups": "两"}, "found str '两'"),
    ({"vehicles_held": True}, "found bool True"),
    ({"reasons": ["a"]}, "NarrativeInputs.reasons: expected a mapping (dict), found list ['a']"),
    ({"reasons": {"一": 3}}, "NarrativeInputs.reasons['一']: expected text (a str), found int 3"),
    ({"trips": [{"name": "x"}]}, "NarrativeInputs.trips[1]: expected a Trip, found dict"),
    ({"meeting": "会议"}, "NarrativeInputs.meeting: expected a Activity or None, found str"),
    ({"performance_projects": {"一般公共预算": (1.5, "10")}}, "performance_projects['一般公共预算'] count"),
])  # fmt: skip
def test_narrative_inputs_are_checked(kwargs, message):
    with pytest.raises(gb.NarrativeError) as e:
        NarrativeInputs(**kwargs)
    assert message in str(e.value)


def test_counts_in_an_inputs_mapping_are_checked_not_truncated():
    """int(1.5) used to print "团组1个"; now a float count is an error, and a digit string is read."""
    with pytest.raises(gb.NarrativeError, match="abroad_groups: expected a count"):
        NarrativeInputs.from_mapping({"counts": {"abroad_groups": 1.5}})
    with pytest.raises(gb.NarrativeError, match=r"\[counts\]: unknown key 'abroad_group'"):
        NarrativeInputs.from_mapping({"counts": {"abroad_group": 1}})
    with pytest.raises(gb.NarrativeError, match="missing key 'people'"):
        NarrativeInputs.from_mapping({"meeting": {"purpose": "a", "content": "b"}})
    assert 3 == NarrativeInputs.from_mapping({"counts": {"abroad_groups": "3"}}).abroad_groups
    with pytest.raises(gb.NarrativeError, match=r"Activity\.people"):
        Activity(purpose="a", people=-1, content="b")


def test_procurement_parts_above_their_whole_are_warned():
    """货物 中小企业 200 over 货物 100 printed "200.00%" silently; now X15 findings and warnings say so."""
    p = gb.Procurement(goods="100", sme_goods="200")
    verdicts = {f.rule: f.verdict for f in gb.ruleset("hunan", 2024).check(gb.Ledger("某单位", 2024), "procurement",
                                                                            inputs={"procurement": p})}
    assert ("contradiction", "contradiction", "ok") == (verdicts["X15.goods"], verdicts["X15.sme"],
                                                        verdicts["X15.small_micro"])
    warnings = [w for w in gb.build_narrative(gb.Ledger("某单位", 2024), NarrativeInputs(procurement=p)).warnings
                if w.startswith("十一")]
    assert 2 == len(warnings)
    assert warnings[1].startswith("十一: X15.goods 政府采购支出：部分（货物采购授予中小企业合同金额）印为 200.00，"
                                  "比整体（政府采购货物支出）印数 100.00 大 100.00")
    with pytest.raises(gb.RuleError, match=r"Procurement.goods: a contract amount is ≥ 0 元, found -1"):
        gb.Procurement(goods="-1")


# ------------------------------------------------------------------ never invent a figure
@pytest.fixture(scope="module")
def unbudgeted() -> gb.Narrative:
    """Spending but no budgets and no prior year: 7.20 万元 on 2101101, 3.00 on 2010450."""
    led = gb.Ledger(gb.Unit("示例中心", "财政补助事业单位"), 2024)
    led.spend("72000", functional="2101101")
    led.spend("30000", functional="2010450", economic="30217")
    return gb.build_narrative(led)


def test_figures_not_supplied_are_placeholders_not_zero(unbudgeted: gb.Narrative) -> None:
    text = unbudgeted.to_markdown()
    assert "年初预算【待填：年初预算】，决算10.20万元，完成年初预算的【待填：完成率】" in text
    assert "1. 一般公共服务支出（类）发展与改革事务（款）事业运行（项）。年初预算【待填：年初预算】，决算3.00万元。" in text
    assert "“三公”经费财政拨款支出预算【待填：“三公”经费预算】，决算3.00万元" in text
    assert "与上年相比【待填：上年收入支出总计】" in unbudgeted.sections[0].text
    assert "全年预算数【待填：全年预算数】" in unbudgeted.sections[12].text
    assert "年初预算0.00" not in text and "预算0.00万元" not in text
    labels = {(n.section, n.label) for n in unbudgeted.numbers}
    assert ("五（三）", "年初预算") not in labels and ("七（一）", "“三公”经费预算") not in labels


def test_no_reason_asked_for_a_change_that_is_not_known(unbudgeted: gb.Narrative) -> None:
    """Sections 一, 四, 五（一） and 九 print the unknown change as a placeholder and ask for no reason."""
    by_heading = {s.heading[:2]: s.text for s in unbudgeted.sections}
    assert "与上年相比【待填：上年收入支出总计】。" in by_heading["一、"]
    assert "与上年相比【待填：上年财政拨款收入支出总计】。" in by_heading["四、"]
    for head in ("一、", "四、", "五、", "九、"):
        text = by_heading[head]
        for sentence in text.split("。"):
            if "与上年相比【待填" in sentence:
                assert "主要原因是" not in sentence, (head, sentence)


def test_no_comparison_word_without_both_sides(unbudgeted: gb.Narrative) -> None:
    """大于/小于 need a budget, 增加/减少 (and 增长/降低) a prior-year figure: none was supplied."""
    text = unbudgeted.to_markdown()
    for word in ("大于", "小于", "等于", "增加", "减少", "增长", "降低", "持平", "一致"):
        assert word not in text, word


def test_comparison_words_when_both_sides_are_known() -> None:
    """Budget 5.00 and prior 4.00 for 公务接待费 3.00: 小于 the budget, 减少1.00万元 on the year."""
    led = gb.Ledger("某单位", 2024)
    led.spend("30000", functional="2010450", economic="30217")
    led.budgets.three_public.update(abroad=wan("0"), vehicle_purchase=wan("0"), vehicle_running=wan("0"),
                                    reception=wan("5"))
    led.budgets.prior.update(three_public=wan("4"), reception=wan("4"))
    seven = gb.build_narrative(led).sections[6].text
    assert ("公务接待费：预算5.00万元，决算3.00万元，完成预算的60.00%；与上年相比减少1.00万元，降低25.00%，"
            "主要原因是【待填：原因】。决算数小于预算数") in seven


def test_repeated_warnings_are_one_line_per_kind_with_a_count(unbudgeted: gb.Narrative) -> None:
    kinds = [w.split(" (")[0].split(": ", 1)[-1] for w in unbudgeted.warnings]
    assert len(kinds) == len(set(kinds))
    prior = [w for w in unbudgeted.warnings if w.startswith("no prior-year figure")]
    # 一, 四, 五（一）, 七（一） total, 七（二） abroad / vehicle / purchase / running / reception
    assert prior == ["no prior-year figure; the change is a placeholder (9×: 一, 四, 五（一）, 七（一）, 七（二）)"]


# ------------------------------------------------------------------ sections and table references
def test_sections_follow_the_templates_ids_and_an_unknown_id_is_named(monkeypatch) -> None:
    from govbudget import narrative

    tpl = dict(narrative.sentence_templates("hunan-2024"))
    tpl["sections"] = {"三": tpl["sections"]["三"], "一": tpl["sections"]["一"]}
    monkeypatch.setattr(narrative, "sentence_templates", lambda name: tpl)
    assert [s.id for s in gb.build_narrative(gb.Ledger("某单位", 2024)).sections] == ["三", "一"]
    tpl["sections"] = {"一": tpl["sections"]["一"], "十四": {"heading": "十四、其他"}}
    with pytest.raises(gb.NarrativeError, match="no writer for section 十四"):
        gb.build_narrative(gb.Ledger("某单位", 2024))


def test_row_numbers_come_from_the_table_template(tmp_path) -> None:
    """公开01 总计 is 行次30 with the 26 Hunan 类 rows; without 债务还本/付息 (24 类) it is 行次28."""
    led = gb.Ledger("某单位", 2024)
    led.spend("100", functional="2010450")
    hunan = gb.build_narrative(led)
    assert hunan.number("一", "收支总计").source == "公开01 行次30 栏次1"
    assert hunan.number("三", "支出合计").source == "公开01 行次57 栏次2"
    assert hunan.number("四", "财政拨款收支总计").source == "公开04 行次32 栏次1"
    text = (Path(gb.__file__).parent / "templates" / "hunan-2024.toml").read_text(encoding="utf-8")
    for code, name in (("231", "债务还本支出"), ("232", "债务付息支出")):
        block = f'[[categories]]\ncode = "{code}"\nname = "{name}"\n'
        assert block in text
        text = text.replace(block, "")
    (tmp_path / "t.toml").write_text(text, encoding="utf-8")
    short = gb.build_narrative(led, template=gb.load_template(tmp_path / "t.toml"))
    assert short.number("一", "收支总计").source == "公开01 行次28 栏次1"
    assert short.number("三", "支出合计").source == "公开01 行次53 栏次2"
    assert short.number("四", "财政拨款收支总计").source == "公开04 行次30 栏次1"


def test_a_template_without_row_numbers_names_rows_and_columns_by_label() -> None:
    """The Shanghai tables print neither 行次 nor 栏次 (and ship no sentence templates yet)."""
    from govbudget.narrative._refs import Refs

    refs = Refs(gb.template("shanghai", 2024))
    assert refs.cell("summary", "总计", side="income") == "表1 总计 收入/决算数"
    assert refs.cell("three_public", None, source="actual", figure="total") == "表7 合计/决算数"
    assert refs.cell("general", "合计", spend_type="基本支出") == "表5 合计 基本支出"
    assert Refs(None).cell("summary", "总计", side="income") == ""


# ------------------------------------------------------------ issue 14: nothing unsupplied is 0
def test_counts_texts_festival_and_projects_not_supplied_are_placeholders() -> None:
    """A ledger without inputs: 七 counts, the 运行维护费 use, 十 festivals and 十三 projects are
    placeholders with warnings, never 0 / "none held" / a default text."""
    n = gb.build_narrative(gb.Ledger("某单位", 2024))
    seven, ten, thirteen = n.sections[6].text, n.sections[9].text, n.sections[12].text
    for invented in ("团组0个", "累计0人次", "更新公务用车0辆", "来访团组0个", "来宾0人次", "燃油、维修、保险等"):
        assert invented not in seven, invented
    for shown in ("团组【待填：出国团组】", "累计【待填：出国人次】", "更新公务用车【待填：更新公务用车】",
                  "来访团组【待填：接待团组】", "来宾【待填：接待人次】", "用于【待填：公务用车运行维护费用途】"):
        assert shown in seven, shown
    assert "未举办" not in ten and "【待填：节庆、晚会、论坛、赛事活动支出】" in ten
    assert "项目0个" not in thirteen and "资金0.00万元" not in thirteen
    assert "涉及项目【待填：自评项目数】、资金【待填：自评资金】" in thirteen
    assert not [x for x in n.numbers if x.section == "十三" and "项目" in x.label]
    listed = "\n".join(n.warnings)
    for field in ("abroad_groups", "abroad_people", "vehicles_renewed", "reception_groups", "reception_people",
                  "vehicle_running_use"):
        assert f"(NarrativeInputs.{field})" in listed, field
    assert "十: festival (节庆、晚会、论坛、赛事活动支出) not supplied" in listed
    assert "十三: performance_projects" in listed


def test_counts_supplied_as_zero_print_zero() -> None:
    """0 supplied is 0 printed: 团组0个, 0人次, 更新0辆, 未举办节庆."""
    inputs = NarrativeInputs(abroad_groups=0, abroad_people=0, vehicles_renewed=0, reception_groups=0,
                             reception_people=0, vehicle_running_use="燃油、维修", festival=Decimal("0"))
    n = gb.build_narrative(gb.Ledger("某单位", 2024), inputs)
    assert "团组0个，累计0人次" in n.sections[6].text and "来访团组0个、来宾0人次" in n.sections[6].text
    assert "更新公务用车0辆" in n.sections[6].text and "用于燃油、维修。" in n.sections[6].text
    assert n.sections[9].text.endswith("未举办节庆、晚会、论坛、赛事活动。")
    assert not [w for w in n.warnings if "NarrativeInputs.abroad" in w or w.startswith("十:")]


def test_a_partly_budgeted_total_is_a_placeholder_without_a_rate() -> None:
    """Two 项 (10.00 and 5.00 万元), a 年初预算 (8.00) for one: the total is not 8.00 and no 187.50%."""
    led = gb.Ledger("某单位", 2024)
    led.spend("100000", functional="2010450")
    led.spend("50000", functional="2080505")
    led.budgets.initial["2010450"] = wan("8")
    n = gb.build_narrative(led)
    five = n.sections[4].text
    assert "年初预算【待填：年初预算】，决算15.00万元，完成年初预算的【待填：完成率】" in five
    assert "187.50%" not in five and "年初预算8.00万元，决算15.00万元" not in five
    assert "年初预算8.00万元，决算10.00万元，完成年初预算的125.00%" in five  # the 项 that has one
    assert "年初预算数【待填：年初预算数】" in n.sections[-1].text
    assert not [x for x in n.numbers if x.label in ("年初预算", "完成年初预算", "年初预算数")]
    assert any("Budgets.initial lacks some 项" in w for w in n.warnings)
    led.budgets.initial["2080505"] = wan("7")  # every 项 budgeted: the sum (15.00) is a figure
    assert gb.build_narrative(led).number("五（三）", "年初预算").value == Decimal("15.00")


def test_warning_places_are_section_names_as_printed(legacy: gb.Narrative) -> None:
    listed = "\n".join(legacy.warnings)
    assert "七." not in listed and "五（三）." not in listed
    assert "五（三） 2010450 事业运行" in listed
    assert "七（一） 与上年相比" in listed and "七（二） 公务接待费 决算数与预算数" in listed


def test_the_three_public_text_says_compared_with_last_year_once(legacy: gb.Narrative) -> None:
    """No "与上年相比…。与上年相比，主要原因是…": the reason follows the change it explains."""
    for n in (legacy, gb.build_narrative(gb.Ledger("某单位", 2024))):
        seven = n.sections[6].text
        assert "与上年相比，" not in seven
        for line in seven.split("\n\n"):
            assert line.count("与上年相比") <= 3, line  # the item, and 购置/运行 in the vehicle line
    no_prior = gb.build_narrative(gb.Ledger("某单位", 2024)).sections[6].text
    assert "与上年相比【待填：上年“三公”经费】。" in no_prior  # no reason asked for an unknown change
