"""Golden tests: the nine 公开表 rebuilt from the seed ledger, compared with the seed as printed.

Every expected label, 行次, 栏次 and amount below is typed from the seed report
(tests/fixtures/seed/zhuzhou_2024.txt); none is computed by govbudget. Amounts are compared as
printed strings ('' for a blank cell), so both the value and the blank convention are checked.
"""

from __future__ import annotations

import json
from decimal import Decimal

import attrs
import polars as pl
import pytest
from seed_ledger import DEPARTMENT, seed_ledger

import govbudget as gb
from govbudget.tables import cn_ordinal


@pytest.fixture(scope="module")
def tables() -> gb.PublicTables:
    return gb.build_tables(seed_ledger(), gb.template("hunan", 2024))


# 公开01/公开04 类 rows as printed (labels with their ordinals)
CATEGORY_LABELS = [
    "一、一般公共服务支出", "二、外交支出", "三、国防支出", "四、公共安全支出", "五、教育支出",
    "六、科学技术支出", "七、文化旅游体育与传媒支出", "八、社会保障和就业支出", "九、卫生健康支出",
    "十、节能环保支出", "十一、城乡社区支出", "十二、农林水支出", "十三、交通运输支出",
    "十四、资源勘探工业信息等支出", "十五、商业服务业等支出", "十六、金融支出", "十七、援助其他地区支出",
    "十八、自然资源海洋气象等支出", "十九、住房保障支出", "二十、粮油物资储备支出",
    "二十一、国有资本经营预算支出", "二十二、灾害防治及应急管理支出", "二十三、其他支出",
    "二十四、债务还本支出", "二十五、债务付息支出", "二十六、抗疫特别国债安排的支出",
]  # fmt: skip
CATEGORY_VALUES = {"一、一般公共服务支出": "410.65", "八、社会保障和就业支出": "47.30", "九、卫生健康支出": "31.49",
                   "十、节能环保支出": "7.20", "十九、住房保障支出": "22.99"}  # fmt: skip

# 公开02/03/05 rows: code, name (合计 first)
TREE = [
    (None, "合计"), ("201", "一般公共服务支出"), ("20104", "发展与改革事务"), ("2010450", "事业运行"),
    ("2010499", "其他发展与改革事务支出"), ("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出"),
    ("2080502", "事业单位离退休"), ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("2080506", "机关事业单位职业年金缴费支出"), ("210", "卫生健康支出"), ("21011", "行政事业单位医疗"),
    ("2101101", "行政单位医疗"), ("2101102", "事业单位医疗"), ("2101103", "公务员医疗补助"),
    ("2101199", "其他行政事业单位医疗支出"), ("211", "节能环保支出"), ("21101", "环境保护管理事务"),
    ("2110199", "其他环境保护管理事务支出"), ("221", "住房保障支出"), ("22102", "住房改革支出"),
    ("2210201", "住房公积金"),
]  # fmt: skip
# 本年支出合计 / 本年收入合计 per row, in TREE order
TOTAL = ["519.63", "410.65", "410.65", "353.87", "56.78", "47.30", "47.30", "5.84", "27.64", "13.82", "31.49",
         "31.49", "0.72", "10.66", "6.54", "13.57", "7.20", "7.20", "7.20", "22.99", "22.99", "22.99"]  # fmt: skip
# 基本支出 / 项目支出 per row (公开03 c2/c3 = 公开05 c2/c3)
BASIC = ["455.65", "353.87", "353.87", "353.87", "", "47.30", "47.30", "5.84", "27.64", "13.82", "31.49",
         "31.49", "0.72", "10.66", "6.54", "13.57", "", "", "", "22.99", "22.99", "22.99"]  # fmt: skip
PROJECT = ["63.98", "56.78", "56.78", "", "56.78", "", "", "", "", "", "", "", "", "", "", "", "7.20", "7.20",
           "7.20", "", "", ""]  # fmt: skip


def printed_row(table: gb.PublicTable, row) -> list[str]:
    r = table.rows[row]
    return [table.display(r.values[f], r.exact[f]) for f in table.amount_fields]


# ------------------------------------------------------------------------ 公开01


def test_t01_income_side_rows_labels_and_amounts(tables):
    """公开01 income side: 行次 1–30 with the seed's labels; only rows 1, 27 and 30 print 519.63."""
    t = tables["公开01"]
    labels = ["一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入", "三、国有资本经营预算财政拨款收入",
              "四、上级补助收入", "五、事业收入", "六、经营收入", "七、附属单位上缴收入", "八、其他收入",
              *[""] * 18, "本年收入合计", "使用非财政拨款结余（含专用结余）", "年初结转和结余", "总计"]  # fmt: skip
    rows = t.side_rows("income")
    assert list(range(1, 31)) == [r.row_no for r in rows]
    assert labels == [r.label for r in rows]
    printed = {r.row_no: t.printed(r.row_no, 1) for r in rows}
    assert {1: "519.63", 27: "519.63", 30: "519.63"} == {k: v for k, v in printed.items() if v}


def test_t01_expenditure_side_rows_labels_and_amounts(tables):
    """公开01 expenditure side: 类 rows 31–56 in the seed's order, then 本年支出合计 57 … 总计 60."""
    t = tables["公开01"]
    rows = t.side_rows("expenditure")
    assert list(range(31, 61)) == [r.row_no for r in rows]
    assert [*CATEGORY_LABELS, "本年支出合计", "结余分配", "年末结转和结余", "总计"] == [r.label for r in rows]
    expected = {31: "410.65", 38: "47.30", 39: "31.49", 40: "7.20", 49: "22.99", 57: "519.63", 60: "519.63"}
    assert expected == {r.row_no: t.printed(r.row_no, 2) for r in rows if t.printed(r.row_no, 2)}


def test_t01_lookups_by_row_number_code_and_label(tables):
    """Row 31 一般公共服务支出 410.65 and row 57 本年支出合计 519.63, by 行次, code and label."""
    t = tables["公开01"]
    assert Decimal("410.65") == t.value(31, 2) == t.value("201", 2) == t.value("一般公共服务支出", 2)
    assert Decimal("519.63") == t.value(57, 2) == t.value("本年支出合计", "c2")
    assert Decimal("519.63") == t.value("本年收入合计", 1)


def test_t01_year_end_balance_is_an_exact_zero_printed_blank(tables):
    """Row 59 年末结转和结余 is 0.00 in the data (income and spending contribute) but prints blank."""
    t = tables["公开01"]
    assert Decimal("0.00") == t.value(59, 2)
    assert "" == t.printed(59, 2)
    assert t.value(58, 2) is None  # 结余分配: nothing contributes


def test_t01_total_is_ambiguous_without_a_side(tables):
    """总计 is on both sides: the column's side resolves it, a bare row lookup asks for a side."""
    t = tables["公开01"]
    assert Decimal("519.63") == t.value("总计", 1) == t.value("总计", 2)
    assert 30 == t.row("总计", side="income").row_no
    with pytest.raises(gb.TableLookupError, match="ambiguous"):
        t.row("总计")
    with pytest.raises(gb.TableLookupError, match="income side"):
        t.value(27, 2)


# ------------------------------------------------------------------------ 公开02/03/05


def test_t02_rows_and_amounts(tables):
    """公开02: 合计 then 类 → 款 → 项 in code order; all income is 财政拨款收入 (栏次 2)."""
    t = tables["公开02"]
    assert TREE == [(r.code, r.label) for r in t.rows]
    for i, total in enumerate(TOTAL):
        assert [total, total, "", "", "", "", ""] == printed_row(t, i)


def test_t03_rows_and_amounts(tables):
    """公开03: every row's 本年支出合计, 基本支出 and 项目支出 as printed; 栏次 4–6 blank."""
    t = tables["公开03"]
    assert TREE == [(r.code, r.label) for r in t.rows]
    for i in range(len(TREE)):
        assert [TOTAL[i], BASIC[i], PROJECT[i], "", "", ""] == printed_row(t, i)
    assert [c.no for c in t.spec.amount_columns] == [1, 2, 3, 4, 5, 6]
    assert ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"] == [
        c.label for c in t.spec.amount_columns
    ]


def test_t05_rows_and_amounts(tables):
    """公开05 equals 公开03's first three columns (all spending is 一般公共预算财政拨款)."""
    t = tables["公开05"]
    assert TREE == [(r.code, r.label) for r in t.rows]
    for i in range(len(TREE)):
        assert [TOTAL[i], BASIC[i], PROJECT[i]] == printed_row(t, i)


def test_tree_frame_has_ascii_columns_and_decimal_amounts(tables):
    """The frame: code, label, c1…c6 as Decimal(38, 2) 万元; null for a blank cell."""
    df = tables["公开03"].frame
    assert ["code", "label", "c1", "c2", "c3", "c4", "c5", "c6"] == df.columns
    assert all(df.schema[f"c{i}"] == pl.Decimal(38, 2) for i in range(1, 7))
    row = df.filter(pl.col("code") == "2010499").row(0)
    assert ("2010499", "其他发展与改革事务支出", Decimal("56.78"), None, Decimal("56.78"), None, None, None) == row


# ------------------------------------------------------------------------ 公开04


def test_t04_both_sides(tables):
    """公开04: income 行次 1–32, expenditure 33–64 (类 rows 33–58) with the seed's labels and amounts."""
    t = tables["公开04"]
    income = ["一、一般公共预算财政拨款", "二、政府性基金预算财政拨款", "三、国有资本经营预算财政拨款", *[""] * 23,
              "本年收入合计", "年初财政拨款结转和结余", "一般公共预算财政拨款", "政府性基金预算财政拨款",
              "国有资本经营预算财政拨款", "总计"]  # fmt: skip
    assert income == [r.label for r in t.side_rows("income")]
    assert list(range(1, 33)) == [r.row_no for r in t.side_rows("income")]
    spend = [*CATEGORY_LABELS, "本年支出合计", "年末财政拨款结转和结余", "", "", "", "总计"]
    assert spend == [r.label for r in t.side_rows("expenditure")]
    assert list(range(33, 65)) == [r.row_no for r in t.side_rows("expenditure")]
    assert {1: "519.63", 27: "519.63", 32: "519.63"} == {
        r.row_no: t.printed(r.row_no, 1) for r in t.side_rows("income") if t.printed(r.row_no, 1)
    }
    expected = {33: "410.65", 40: "47.30", 41: "31.49", 42: "7.20", 51: "22.99", 59: "519.63", 64: "519.63"}
    for row in range(33, 65):
        amount = expected.get(row, "")
        assert [amount, amount, "", ""] == [t.printed(row, c) for c in (2, 3, 4, 5)], row


# ------------------------------------------------------------------------ 公开06


T06_G1 = [("301", "工资福利支出", "291.37"), ("30101", "基本工资", "80.90"), ("30102", "津贴补贴", "22.47"),
          ("30103", "奖金", "68.41"), ("30106", "伙食补助费", ""), ("30107", "绩效工资", "25.25"),
          ("30108", "机关事业单位基本养老保险缴费", "27.89"), ("30109", "职业年金缴费", "13.94"),
          ("30110", "职工基本医疗保险缴费", "11.53"), ("30111", "公务员医疗补助缴费", "6.67"),
          ("30112", "其他社会保障缴费", "11.03"), ("30113", "住房公积金", "23.01"), ("30114", "医疗费", "0.27"),
          ("30199", "其他工资福利支出", ""), ("303", "对个人和家庭的补助", "8.11"), ("30301", "离休费", ""),
          ("30302", "退休费", ""), ("30303", "退职（役）费", ""), ("30304", "抚恤金", ""),
          ("30305", "生活补助", "5.84"), ("30306", "救济费", ""), ("30307", "医疗费补助", "2.27"),
          ("30308", "助学金", ""), ("30309", "奖励金", ""), ("30310", "个人农业生产补贴", ""),
          ("30311", "代缴社会保险费", ""), ("30399", "其他对个人和家庭的补助", "")]  # fmt: skip
T06_G2 = [("302", "商品和服务支出", "154.81"), ("30201", "办公费", "21.59"), ("30202", "印刷费", "11.86"),
          ("30203", "咨询费", "0.52"), ("30204", "手续费", ""), ("30205", "水费", "0.21"), ("30206", "电费", "3.90"),
          ("30207", "邮电费", "3.43"), ("30208", "取暖费", ""), ("30209", "物业管理费", ""),
          ("30211", "差旅费", "11.04"), ("30212", "因公出国（境）费用", "6.90"), ("30213", "维修（护）费", "2.05"),
          ("30214", "租赁费", ""), ("30215", "会议费", "0.15"), ("30216", "培训费", "0.18"),
          ("30217", "公务接待费", "0.56"), ("30218", "专用材料费", ""), ("30224", "被装购置费", ""),
          ("30225", "专用燃料费", ""), ("30226", "劳务费", "21.39"), ("30227", "委托业务费", "19.85"),
          ("30228", "工会经费", "7.45"), ("30229", "福利费", "14.13"), ("30231", "公务用车运行维护费", "6.86"),
          ("30239", "其他交通费用", "15.52"), ("30240", "税金及附加费用", ""),
          ("30299", "其他商品和服务支出", "7.22")]  # fmt: skip
T06_G3 = [("307", "债务利息及费用支出", ""), ("30701", "国内债务付息", ""), ("30702", "国外债务付息", ""),
          ("310", "资本性支出", "1.38"), ("31001", "房屋建筑物购建", ""), ("31002", "办公设备购置", "1.38"),
          ("31003", "专用设备购置", ""), ("31005", "基础设施建设", ""), ("31006", "大型修缮", ""),
          ("31007", "信息网络及软件购置更新", ""), ("31008", "物资储备", ""), ("31009", "土地补偿", ""),
          ("31010", "安置补助", ""), ("31011", "地上附着物和青苗补偿", ""), ("31012", "拆迁补偿", ""),
          ("31013", "公务用车购置", ""), ("31019", "其他交通工具购置", ""), ("31021", "文物和陈列品购置", ""),
          ("31022", "无形资产购置", ""), ("31099", "其他资本性支出", ""), ("399", "其他支出", ""),
          ("39907", "国家赔偿费用支出", ""), ("39908", "对民间非营利组织和群众性自治组织补贴", ""),
          ("39909", "经常性赠与", ""), ("39910", "资本性赠与", ""), ("39999", "其他支出", "")]  # fmt: skip


def test_t06_groups_list_every_item_in_the_seed_order(tables):
    """公开06: the three column groups print every 款 of their 类, blank or not, in the seed's order.

    The seed prints 301 = 291.36, 303 = 8.12, 302 = 154.79 and 公用经费合计 = 156.17: totals rounded
    from 元 data the report does not publish. A ledger rebuilt from the printed 款 can only give
    the sums of those 款: 291.37, 8.11, 154.81 and 154.81 + 1.38 = 156.19. Those are asserted here;
    人员经费合计 299.48 agrees with the seed.
    """
    t = tables["公开06"]
    for group, expected in ((1, T06_G1), (2, T06_G2), (3, T06_G3)):
        rows = [r for r in t.rows if r.group == group and r.kind != "total"]
        assert expected == [(r.code, r.label, t.display(r.values["c1"], r.exact["c1"])) for r in rows]
    assert Decimal("299.48") == t.value("人员经费合计", 1)
    assert Decimal("156.19") == t.value("公用经费合计", 1)
    assert Decimal("6.90") == t.value("30212", "c1")


def test_t06_class_total_is_rounded_from_its_own_exact_value():
    """A 类 cell is rounded from its exact 元 sum, not summed from rounded 款 (domain §5)."""
    led = gb.Ledger("某单位", 2024)
    for code in ("30201", "30202", "30203"):
        led.spend("50", economic=code)  # 0.005 万元 each: every 款 prints 0.01
    t = gb.build_tables(led, gb.template("hunan", 2024))["公开06"]
    assert [Decimal("0.01")] * 3 == [t.value(c, 1) for c in ("30201", "30202", "30203")]
    assert Decimal("0.02") == t.value("302", 1)  # 150 元 = 0.015 万元 → 0.02, not 0.03
    assert Decimal("150.00") == t.exact("302", 1)


# ------------------------------------------------------------------------ 公开07/08/09


@pytest.mark.parametrize("tid,width", [("公开07", 6), ("公开08", 3)])
def test_empty_fund_tables_print_only_the_total_row_and_a_statement(tables, tid, width):
    """公开07/08 have no data in the seed: a blank 合计 row and a "本表无数据" statement."""
    t = tables[tid]
    assert [(None, "合计")] == [(r.code, r.label) for r in t.rows]
    assert [""] * width == printed_row(t, 0)
    assert t.is_empty
    assert t.statement.startswith("说明：") and t.statement.endswith("本表无数据。")


def test_t09_budget_and_actual_halves(tables):
    """公开09: 栏次 1–12 as printed in the seed (columns 4 and 10 blank)."""
    t = tables["公开09"]
    expected = ["14.32", "6.90", "6.86", "", "6.86", "0.56", "14.32", "6.90", "6.86", "", "6.86", "0.56"]
    assert expected == printed_row(t, 0)
    assert Decimal("14.32") == t.value(1, 7)
    assert list(range(1, 13)) == [c.no for c in t.spec.amount_columns]


def test_t09_actual_counts_project_spending_and_carry_over_but_not_other_funds():
    """三公 决算数: 基本 + 项目, current + carried-over, over the 财政拨款 funds only (Hunan scope)."""
    led = gb.Ledger("某单位", 2024)
    led.spend("10000", economic="30217")
    led.spend("20000", functional="2010499", economic="30217", spend_type="项目支出", carried_over=True)
    led.spend("40000", functional="2010499", economic="30217", spend_type="项目支出", fund="事业收入")
    led.spend("80000", functional="2010499", economic="31013", spend_type="项目支出", fund="政府性基金预算财政拨款")
    t = gb.build_tables(led, gb.template("hunan", 2024))["公开09"]
    assert [Decimal("11.00"), Decimal("8.00"), Decimal("3.00")] == [t.value(1, c) for c in (7, 10, 12)]


def test_t09_and_narrative_seven_read_one_rule():
    """Reviewer case: 30217 10000 元 under 对附属单位补助支出 + 5000 元 under 基本支出.

    The three_public rule counts 基本 + 项目 only, so 公开09 and 说明七 both say 0.50 万元, and
    the table lists the 1.00 万元 it left out.
    """
    led = gb.Ledger("某单位", 2024)
    led.spend("10000", functional="2010499", economic="30217", spend_type="对附属单位补助支出")
    led.spend("5000", functional="2010450", economic="30217")
    t = gb.build_tables(led, gb.template("hunan", 2024))["公开09"]
    n = gb.build_narrative(led)
    assert (Decimal("0.50"), Decimal("0.50")) == (t.value(1, 7), t.value(1, 12))
    assert Decimal("0.50") == n.number("七（一）", "“三公”经费决算").value
    assert Decimal("0.50") == n.number("七（二）", "公务接待费决算").value
    assert ["公开09: 未计入对附属单位补助支出中的10000.00 元 (1.00 万元)（不属于本口径的支出类型）"] == list(t.issues)


def test_t09_budget_half_follows_the_rules_budget_choice():
    """全年 budgets (说明七: 7 + 0 + 7 + 5 = 19) vs 年初 (附件1: 7 + 12 + 5 = 24): Hunan prints the first,
    a rule set that picks ``three_public_initial`` (central 2019 wording) the second."""
    led = gb.Ledger("某单位", 2024)
    led.budgets.three_public.update(abroad="70000", vehicle_purchase="0", vehicle_running="70000", reception="50000")
    led.budgets.three_public_initial.update(abroad="70000", vehicle_running="120000", reception="50000")
    hunan = gb.build_tables(led, gb.template("hunan", 2024))["公开09"]
    initial = gb.build_tables(led, gb.template("hunan", 2024), rules=gb.ruleset("central", year=2019))["公开09"]
    assert ["19.00", "7.00", "7.00", "", "7.00", "5.00"] == printed_row(hunan, 0)[:6]
    assert ["24.00", "7.00", "12.00", "", "12.00", "5.00"] == printed_row(initial, 0)[:6]
    assert Decimal("0.00") == hunan.value(1, 4)  # stated as 0: printed blank (Hunan zero = blank), not None
    assert initial.value(1, 4) is None  # not stated at all


def test_template_three_public_section_only_names_the_rule_set(tmp_path):
    """Funds, spending types or codes in a template's [three_public] are refused: the rule file holds them."""
    from importlib.resources import files

    text = files("govbudget.templates").joinpath("hunan-2024.toml").read_text(encoding="utf-8")
    assert "hunan-2024" == gb.template("hunan", 2024).three_public_rules
    assert "hunan-2024" == gb.template("shanghai", 2024).three_public_rules
    p = tmp_path / "t-2024.toml"
    p.write_text(text.replace('rules = "hunan-2024"', 'rules = "hunan-2024"\nscope = "fiscal"'), encoding="utf-8")
    with pytest.raises(gb.DataFileError, match=r"only 'rules' .* is read; found \['scope'\]"):
        gb.load_template(p)
    p.write_text(text.replace('figure = "reception" }', 'figure = "hotel" }'), encoding="utf-8")
    with pytest.raises(gb.DataFileError, match=r"figure 'hotel' is not a figure of the three_public rule"):
        gb.load_template(p)


# ------------------------------------------------------------------------ cross-cutting


def test_rows_follow_the_category_list_not_fixed_numbers():
    """行次 come from the template's 类 list: 24 类 put 公开01's expenditure side at 29 (domain §2)."""
    tpl = gb.template("hunan", 2024)
    short = attrs.evolve(tpl, categories=tpl.categories[:24])
    t = gb.build_tables(gb.Ledger("某单位", 2024), short)
    assert 29 == t["公开01"].row("一般公共服务支出").row_no
    assert (25, 53, 56) == (t["公开01"].row("本年收入合计").row_no, t["公开01"].row("本年支出合计").row_no,
                            t["公开01"].row("总计", side="expenditure").row_no)  # fmt: skip
    assert 31 == t["公开04"].row("一般公共服务支出").row_no


def test_zero_convention_is_template_data():
    """An exact zero prints blank under Hunan's convention and 0.00 under zero = "0.00"."""
    led = gb.Ledger("某单位", 2024)
    led.spend("100", functional="2010450")
    led.spend("-100", functional="2010450")
    tpl = gb.template("hunan", 2024)
    hunan = gb.build_tables(led, tpl)["公开03"]
    other = gb.build_tables(led, attrs.evolve(tpl, zero="0.00"))["公开03"]
    assert Decimal("0.00") == hunan.value("2010450", 1)
    assert ("", "0.00") == (hunan.printed("2010450", 1), other.printed("2010450", 1))
    assert hunan.value("2010450", 3) is None


def test_balances_feed_the_summary_tables():
    """Year-start balances fill 公开01 row 29 and 公开04 rows 28–29; the year-end balance is derived."""
    led = gb.Ledger("某单位", 2024)
    led.balances.opening[gb.Fund.GENERAL] = gb.D("1000000")
    led.receive("5000000", fund="一般公共预算财政拨款", functional="2010450")
    led.spend("5500000", functional="2010450")
    ts = gb.build_tables(led, gb.template("hunan", 2024))
    t01, t04 = ts["公开01"], ts["公开04"]
    assert (Decimal("100.00"), Decimal("600.00"), Decimal("50.00")) == (t01.value(29, 1), t01.value(30, 1),
                                                                          t01.value(59, 2))  # fmt: skip
    assert [Decimal("100.00"), Decimal("100.00"), None, None, Decimal("600.00")] == [
        t04.value(r, 1) for r in (28, 29, 30, 31, 32)
    ]
    assert [Decimal("50.00"), Decimal("50.00"), None, None] == [t04.value(60, c) for c in (2, 3, 4, 5)]
    assert Decimal("600.00") == t04.value(64, 2)


def test_template_loader_lists_shipped_templates_on_error():
    """An unknown template raises UnknownTemplateError naming the shipped ones."""
    with pytest.raises(gb.UnknownTemplateError) as e:
        gb.template("guangdong", 2024)
    assert ("hunan-2024", "shanghai-2024") == e.value.available
    assert "hunan-2024, shanghai-2024" in str(e.value)


def test_category_missing_from_the_edition_falls_back_to_the_template_name(tmp_path):
    """A 类 code the edition lacks keeps the template file's name and is marked as such."""
    from importlib.resources import files

    text = files("govbudget.templates").joinpath("hunan-2024.toml").read_text(encoding="utf-8")
    text = text.replace('[[categories]]\ncode = "229"', '[[categories]]\ncode = "228"\nname = "测试类"\n\n'
                        '[[categories]]\ncode = "229"')  # fmt: skip
    p = tmp_path / "test-2024.toml"
    p.write_text(text, encoding="utf-8")
    tpl = gb.load_template(p)
    cat = next(c for c in tpl.categories if c.code == "228")
    assert ("测试类", "template") == (cat.name, cat.name_source)
    assert 27 == len(tpl.categories)
    assert 32 == gb.build_tables(gb.Ledger("某单位", 2024), tpl)["公开01"].row("本年支出合计").row_no - 27


def test_broken_template_reports_every_problem(tmp_path):
    """A malformed template file raises DataFileError listing each problem with its table."""
    p = tmp_path / "bad.toml"
    p.write_text('[template]\nid = "x"\nregion = "x"\nyear = 2024\n[[tables]]\nid = "T1"\nkind = "k"\n'
                 'title = "t"\nlayout = "pie"\n', encoding="utf-8")  # fmt: skip
    with pytest.raises(gb.DataFileError) as e:
        gb.load_template(p)
    assert "table T1: layout 'pie' is not one of" in str(e.value)
    assert "[three_public]: rules = 'x-2024' names no shipped rule set" in str(e.value)


def test_cells_and_to_dict(tables):
    """cells() yields every amount cell; to_dict() is JSON-safe with amounts as strings."""
    t = tables["公开03"]
    cells = list(t.cells())
    assert 22 * 6 == len(cells)
    assert (None, "2010499", "其他发展与改革事务支出", 3, "项目支出", Decimal("56.78")) == tuple(
        next(c for c in cells if c.code == "2010499" and c.column_no == 3)
    )
    d = json.loads(json.dumps(tables.to_dict(), ensure_ascii=False))
    assert DEPARTMENT == d["department"]
    row = next(r for r in d["tables"]["公开01"]["rows"] if r["row_no"] == 57)
    assert ("本年支出合计", "519.63", "5196300.00") == (row["label"], row["values"]["c2"], row["exact_yuan"]["c2"])


def test_column_lookup_errors_name_the_table_and_the_columns(tables):
    """An unknown column names the table and lists its columns."""
    with pytest.raises(gb.TableLookupError, match=r"公开05: column 9 does not exist; columns: 1 c1 小计"):
        tables["公开05"].value("合计", 9)
    with pytest.raises(gb.TableLookupError, match=r"公开05: no row '2999999'"):
        tables["公开05"].value("2999999", 1)


def test_chinese_ordinals():
    """The ordinal prefixes of the 类 rows."""
    assert ["一、", "九、", "十一、", "二十、", "二十六、"] == [cn_ordinal(n) for n in (1, 9, 11, 20, 26)]


# ------------------------------------------------------------------------ Shanghai


def test_shanghai_template_builds_from_the_same_ledger_with_its_own_layout():
    """The Shanghai 2024 template (data only) lays out the same ledger under its own titles."""
    ts = gb.build_tables(seed_ledger(), gb.template("shanghai", 2024))
    assert ["表1", "表2", "表3", "表4", "表5", "表6", "表7", "表8", "表9"] == list(ts)
    assert ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
            "一般公共预算财政拨款基本支出决算表", "财政拨款“三公”经费支出决算表",
            "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款收入支出决算表"] == [
        t.title for t in ts.values()]  # fmt: skip
    t1 = ts["表1"]
    assert "row_no" not in t1.frame.columns
    assert 24 == sum(1 for r in t1.side_rows("expenditure") if r.kind == "category")
    assert Decimal("519.63") == t1.value("本年支出合计", 2)
    t5 = ts["表5"]
    assert ("合计", Decimal("519.63")) == (t5.rows[-1].label, t5.rows[-1].values["c1"])
    t7 = ts.by_kind("three_public")
    assert [Decimal("14.32"), Decimal("14.32"), None, None] == [t7.value(1, c) for c in (1, 2, 7, 8)]
    assert Decimal("156.19") == ts["表6"].value("公用经费合计", 1)
    assert "30701" not in {r.code for r in ts["表6"].rows}
    assert ts["表8"].statement == f"说明：{DEPARTMENT}本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"


# ------------------------------------------------------------------------ 公开07 balances by code
def gov_fund_ledger(tmp_path, *, by_code: bool) -> gb.Ledger:
    """年初 5.00 万元 of 政府性基金 on 2120801; 收入 30 + 8, 支出 23.96 + 8 (项目). The shipped 2024 edition
    is partial, so a small edition with the two 项 is written for the test."""
    p = tmp_path / "functional.csv"
    p.write_text("code,name\n201,一般公共服务支出\n20104,发展与改革事务\n2010450,事业运行\n212,城乡社区支出\n"
                 "21208,国有土地使用权出让收入安排的支出\n2120801,征地和拆迁补偿支出\n2120802,土地开发支出\n",
                 encoding="utf-8")
    ed = gb.load_edition(p, scheme="functional", year=2024)
    led = gb.Ledger(gb.Unit("某单位", "行政单位"), 2024, functional_edition=ed)
    led.balances.opening[gb.Fund.GOV_FUND] = gb.D("50000")
    if by_code:
        led.balances.opening_by_code[(gb.Fund.GOV_FUND, "2120801")] = gb.D("50000")
    led.receive("300000", fund="政府性基金预算财政拨款", functional="2120801")
    led.spend("239600", fund="政府性基金预算财政拨款", functional="2120801", spend_type="项目支出")
    led.receive("80000", fund="政府性基金预算财政拨款", functional="2120802")
    led.spend("80000", fund="政府性基金预算财政拨款", functional="2120802", spend_type="项目支出")
    return led


def r07(tables: gb.PublicTables) -> list[str]:
    """Places of the R07.1 findings that are not ok, read back from the rendered text."""
    found = gb.read_report(text=gb.render(tables, "text")).check()
    return [f.where for f in found if f.rule == "R07.1" and f.verdict != "ok"]


def test_t07_balances_by_code_fill_every_row(tmp_path):
    """With Balances.opening_by_code every row prints 年初 and 年末 (c6 = c1 + c2 − c3), and the text
    read back has no R07.1 contradiction."""
    ts = gb.build_tables(gov_fund_ledger(tmp_path, by_code=True), gb.template("hunan", 2024))
    t = ts["公开07"]
    rows = {r.code: printed_row(t, i) for i, r in enumerate(t.rows)}
    assert ["5.00", "38.00", "31.96", "", "31.96", "11.04"] == rows[None]
    assert ["5.00", "38.00", "31.96", "", "31.96", "11.04"] == rows["212"]
    assert ["5.00", "30.00", "23.96", "", "23.96", "11.04"] == rows["2120801"]
    assert ["", "8.00", "8.00", "", "8.00", ""] == rows["2120802"]  # 年末 exactly 0: blank in Hunan
    assert () == t.issues
    assert [] == r07(ts)


def test_t07_balances_by_fund_only_cannot_fill_rows(tmp_path):
    """Without the breakdown the rows stay blank, the table says why, and the read-back finds R07.1
    contradictions (the reviewer's finding), which the breakdown above removes."""
    ts = gb.build_tables(gov_fund_ledger(tmp_path, by_code=False), gb.template("hunan", 2024))
    assert "not broken down by functional code" in ts["公开07"].issues[0]
    assert "公开07表 2120801 年末结转和结余" in r07(ts)


def test_t09_budget_total_that_contradicts_its_items_is_flagged():
    """公开09 prints the stated 预算 合计 19.00 (items add to 15.00) and says so in its issues."""
    led = gb.Ledger("某单位", 2024)
    led.budgets.three_public = {"total": Decimal("190000"), "abroad": Decimal("70000"),
                                "vehicle_running": Decimal("70000"), "reception": Decimal("10000")}
    t = gb.build_tables(led, gb.template("hunan", 2024))["公开09"]
    assert (Decimal("19.00"), Decimal("7.00"), Decimal("7.00")) == (t.value(1, 1), t.value(1, 2), t.value(1, 3))
    assert len(t.issues) == 1
    assert t.issues[0].startswith("公开09: 预算数与各项之和不符：")
    assert "印刷合计 19.00，3 项非空明细之和 15.00" in t.issues[0]


# ------------------------------------------------------------------------ naming a template
def test_template_names_are_read_one_way():
    t = gb.template("hunan", 2024)
    assert t is gb.template("hunan-2024") is gb.template(("hunan", 2024)) is gb.template(t)
    with pytest.raises(gb.UnknownTemplateError, match="the year of a template must be an int such as 2024, "
                                                      "found str '2024'"):
        gb.template("hunan", "2024")
    with pytest.raises(gb.UnknownTemplateError, match="names no year"):
        gb.template("hunan")
    with pytest.raises(gb.UnknownTemplateError, match="template hunan-2024 is for 2024, but year=2025 was given"):
        gb.template(t, 2025)


def test_build_tables_takes_a_template_id_pair_or_region():
    led = seed_ledger()
    want = gb.render(gb.build_tables(led, gb.template("hunan", 2024)), "text")
    # a literal line of the Hunan form: 公开03's 合计 row as the seed prints it
    assert "合计\t\t519.63\t455.65\t63.98\t\t\t" in want.splitlines()
    for spec in ("hunan-2024", ("hunan", 2024), "hunan"):  # "hunan": the ledger's year, 2024
        assert want == gb.render(gb.build_tables(led, spec), "text"), spec
    for spec in ("shanghai-2024", ("shanghai", 2024)):  # Shanghai: 表1–表9, a 决算数 column, 单位 line
        ts = gb.build_tables(led, spec)
        assert ["表1", "表2", "表3", "表4", "表5", "表6", "表7", "表8", "表9"] == list(ts), spec
        assert "收入支出决算总表" == ts["表1"].title
        text = gb.render(ts, "text")
        assert want != text
        assert "项目\t决算数\t项目\t决算数" in text.splitlines(), spec
        assert "公开03表" not in text
    assert want == gb.render(gb.build_tables(led, "hunan", rules="hunan-2024"), "text")
    with pytest.raises(gb.GovBudgetError, match="found int"):
        gb.build_tables(led, 2024)


def test_ledger_of_another_year_than_the_template_is_an_issue():
    """A 2025 ledger in the 2024 template: every table says the 类 rows and rules are 2024's."""
    ts = gb.build_tables(gb.Ledger("某单位", 2025), gb.template("hunan", 2024))
    expected = ("the ledger is for 2025 but template hunan-2024 is for 2024: its 类 rows and 行次 are those of 2024",
                "the ledger is for 2025 but rule set hunan 2024 defines the derived figures (三公) of 2024")
    assert all(t.issues[:2] == expected for t in ts.values())
    assert () == gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024))["公开01"].issues
