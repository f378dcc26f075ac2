"""Labels like an auditor (issue 10.4), on the documents that carry them and on mutations."""

from __future__ import annotations

from pathlib import Path

import pytest
from reader_fixtures import REPORTS, SEED_TEXT, findings_by

import govbudget as gb

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
_cache: dict[str, list] = {}


def _check(path: Path) -> list:
    if str(path) not in _cache:
        _cache[str(path)] = gb.read_report(path).check()
    return _cache[str(path)]


def _seed(old: str = "", new: str = "") -> list:
    if old:
        assert SEED_TEXT.count(old) >= 1, old
    return gb.read_report(text=SEED_TEXT.replace(old, new) if old else SEED_TEXT).check()


def test_empty_reason_in_the_justice_unit_budget():
    """p? “公务用车购置及运行费9.98万元，与2025年预算数持平，主要原因是。其中：…”"""
    [f] = findings_by(_check(REPORTS / "putuo_justice_2026_unit_budget.pdf"), "L01")
    assert f.verdict == "label" and f.where == "说明 “主要原因是。”"


def test_template_pairs_left_in_the_npc_office_budget():
    """江苏省人大常委会办公厅 2018: “与上年相比增加（减少）0万元，增长（减少）0%”, the template's words."""
    got = findings_by(_check(CORPUS / "js_npc_office_2018_dept_budget.pdf"), "L02")
    assert got and all(f.verdict == "label" for f in got)
    assert any("“增加（减少）”" in f.message for f in got) and any("“增长（减少）”" in f.message for f in got)


def test_an_amount_slot_left_empty():
    """江苏省人大常委会办公厅 2019: “…2019年政府性基金支出预算支出万元。”"""
    got = findings_by(_check(CORPUS / "js_npc_office_2019_dept_budget.pdf"), "L02", None, "支出万元")
    assert len(got) == 1 and "前没有金额" in got[0].message


def test_a_kuan_name_written_as_a_class():
    """“2．行政事业单位离退休（类）…” and “住房改革支出（类）”: 款 names of 2018 with the word 类."""
    got = findings_by(_check(CORPUS / "js_npc_office_2018_dept_budget.pdf"), "L05")
    assert {f.message.split("：")[1].split("”")[0] for f in got} == {"“行政事业单位离退休", "“住房改革支出"}
    assert all("款级名称，却写作（类）" in f.message for f in got)


def test_an_old_kuan_name():
    """石泉路 2025: “行政事业单位离退休（款）” — 20805's name before its rename."""
    got = findings_by(_check(REPORTS / "putuo_shiquanlu_street_2025_final.txt"), "L06")
    assert len(got) == 5 and all("款名“行政事业单位离退休”是旧称" in f.message for f in got)
    assert "行政事业单位养老支出" in got[0].message


def test_the_seed_amount_without_its_unit_and_class_names_as_kuan():
    fs = _seed()
    [unit] = findings_by(fs, "L03")
    assert unit.where == "说明 “节能环保支出7.20，占1.39%；”" and "7.20 后缺少“万元”" in unit.message
    kuan = findings_by(fs, "L05")
    assert len(kuan) == 9 and any("“卫生健康支出”在2024年科目表中是类级名称，却写作（款）" in f.message for f in kuan)


@pytest.mark.parametrize(("old", "new", "rule", "words"), [
    ("占 87.69%", "占 87.69；", "L03", "87.69 后缺少“%”"),
    ("2024 年度支出合计 519.63 万元", "202 年度支出合计 519.63 万元", "L02", "年度“202年”位数不对"),
    ("决算数小于预算数的主要原因是（从略）", "决算数小于预算数的主要原因是", "L01", "没有写出原因"),
    ("与上年相比减少 5.14 万元", "与上年相比减少（增加）5.14 万元", "L02", "“减少（增加）”"),
])
def test_seed_mutations(old, new, rule, words):
    assert not any(words in f.message for f in findings_by(_seed(), rule))
    got = findings_by(_seed(old, new), rule)
    assert any(words in f.message for f in got), [f.message for f in got]


def test_a_total_change_that_is_not_the_sum_of_its_parts():
    text = ("支出决算表\n项目\t\t本年支出合计\n合计\t\t10.00\n三、支出决算情况说明\n"
            "与上年相比减少19.66万元，其中：因公出国（境）费减少2.00万元，公务接待费减少{x}万元。\n")
    assert findings_by(gb.read_report(text=text.format(x="17.66")).check(), "L04", "contradiction") == []
    [f] = findings_by(gb.read_report(text=text.format(x="16.00")).check(), "L04", "contradiction")
    assert (f.found, str(f.expected)) == (gb.D("19.66"), "18.00")
    text2 = text.replace("公务接待费减少{x}", "公务接待费增加{x}")
    [g] = findings_by(gb.read_report(text=text2.format(x="1.00")).check(), "L04")
    assert g.verdict == "contradiction" and str(g.expected) == "1.00"


# ---------------------------------------------------------------- L08: a class code printed wrong


def test_a_misprinted_class_code_on_a_made_up_table():
    """``7 | 11 | 02`` under 210 11 is read as 2101102: one L08 naming the table, the line and both codes."""
    text = ("支出决算表\n金额单位：万元\n科目编码\t\t\t科目名称\t合计\n类\t款\t项\t\t\n"
            "210\t\t\t卫生健康支出\t3.00\n210\t11\t\t行政事业单位医疗\t3.00\n7\t11\t02\t事业单位医疗\t3.00\n")
    [f] = [f for f in gb.read_report(text=text).check() if f.verdict != "ok"]
    assert (f.rule, f.verdict, f.where) == ("L08", "label", "支出决算表 2101102 事业单位医疗（第7行）")
    assert "印为“7 11 02”" in f.message and "推定为 2101102" in f.message


def test_a_misprinted_class_code_in_the_commerce_unit_budget():
    """普陀区商务委员会 2025 单位预算 p10 l171 prints ``201 | 13 | 02 | 一般行政管理事务``; with its class
    printed ``21`` the row is still read as 2011302 (under 201 13), and L08 names it — nothing else changes."""
    path = REPORTS / "putuo_commerce_2025_unit_budget.txt"
    text = path.read_text(encoding="utf-8")
    old = "201\t13\t02\t一般行政管理事务\t4,545,000.00\t4,545,000.00\n"
    assert old in text and "收入预算总表" in text[:text.index(old)]
    bad = gb.read_report(text=text.replace(old, old.replace("201", "21", 1), 1)).check()
    [f] = findings_by(bad, "L08")
    assert f.verdict == "label" and f.where == "预算单位收入预算总表 2011302 一般行政管理事务（第10页第171行）"
    assert "印为“21 13 02”" in f.message and "20113" in f.message
    assert not findings_by(_check(path), "L08")
    key = [(g.rule, g.verdict, g.where) for g in _check(path)]
    assert [(g.rule, g.verdict, g.where) for g in bad if g.rule != "L08"] == key


# ---------------------------------------------------------------- L07: 年初 vs 全年 completion rates

_RATE_HEAD = "某单位2024年度部门决算\n第三部分\n2024年度部门决算情况说明\n十三、预算绩效情况说明\n"


def _l07(sentence: str) -> list:
    return findings_by(gb.read_report(text=_RATE_HEAD + sentence).check(), "L07")


def test_a_rate_called_nianchu_measured_against_the_adjusted_budget():
    """519.63/610.39 = 85.13% (全年), 519.63/580.13 = 89.57% (年初): the rate printed 85.13 and called 年初."""
    [f] = _l07("一般公共预算财政拨款支出年初预算为580.13万元，调整预算为610.39万元，支出决算为519.63万元，"
               "完成年初预算的85.13%。")
    assert f.verdict == "label" and f.where.startswith("说明 “年初预算为580.13万元")
    assert "称“年初预算”" in f.message and "= 89.57%" in f.message and "= 85.13%" in f.message
    assert "应写“全年预算”" in f.message


def test_a_rate_called_quannian_measured_against_the_initial_budget():
    """The reverse: 89.57% is 519.63/580.13, the 年初 budget, though the sentence says 全年."""
    [f] = _l07("本部门整体支出年初预算数为580.13万元，全年预算数为610.39万元，执行数为519.63万元，完成全年预算的89.57%。")
    assert "称“全年预算”" in f.message and "应写“年初预算”" in f.message


@pytest.mark.parametrize("sentence", [
    # both budgets equal: the word cannot be told from the figures
    "本部门整体支出年初预算数为610.39万元，全年预算数为610.39万元，执行数为519.63万元，完成年初预算的85.13%。",
    # the 全年 budget is printed nowhere: no accusation (the rate's own X12 check weighs it against 年初)
    "一般公共预算财政拨款支出年初预算为580.13万元，支出决算为519.63万元，完成年初预算的85.13%。",
    # 50% fits both 50/100 and 50/100.4 at its printed precision
    "本部门整体支出年初预算数为100万元，全年预算数为100.4万元，执行数为50万元，完成年初预算的50%。",
    # both rates printed, each with its own base
    "本部门整体支出年初预算数为580.13万元，全年预算数为610.39万元，执行数为519.63万元，完成年初预算的89.57%，"
    "为全年预算的85.13%。",
    # a zero base: no rate to weigh (S04 speaks of it)
    "本部门整体支出年初预算数为0万元，全年预算数为610.39万元，执行数为519.63万元，完成全年预算的85.13%。",
])
def test_no_rate_word_finding_when_it_cannot_be_told(sentence):
    assert _l07(sentence) == []


def test_the_seed_names_its_bases_right():
    """株洲 2024 说明五（三）: 完成年初预算的 89.57% = 519.63/580.13; 附件2 prints 全年预算数 610.39 too."""
    assert findings_by(_seed(), "L07") == []


def test_a_seed_rate_called_nianchu_against_the_annex_adjusted_budget():
    """With 85.13% (= 519.63/附件2 全年预算数 610.39) in place of 89.57%, 说明五（三） (line 387) calls a 全年
    rate 年初: one L07, and the X12 recomputation against 年初 (a contradiction) is folded under it."""
    fs = _seed("完成年初预算的 89.57%", "完成年初预算的 85.13%")
    [f] = findings_by(fs, "L07")
    assert "610.39（附件2 年度资金总额）" in f.message and "= 89.57%" in f.message
    assert "说明五(三) 完成年初预算（五、一般公共预算财政拨款支出决算情况说明 第387行）" in f.places
    assert findings_by(fs, "X12", "contradiction", "完成年初预算") == []


def test_a_seed_three_public_rate_against_the_table_adjusted_budget():
    """株洲 2024 说明七（一）: “预算为 19 万元，支出决算为 14.32 万元，完成预算的 75.37%” (line 433) names no base.
    Written “年初预算为 19 … 完成年初预算的 100%”, the rate is 14.32 over 公开09's 预算数 14.32, which the
    table's note calls the 全年预算数: one L07, the X12 recomputation against 19 folded under it."""
    old = "支出预算为 19 万元，支出决算为 14.32 万元，完成预算的 75.37%"
    fs = _seed(old, "支出年初预算为 19 万元，支出决算为 14.32 万元，完成年初预算的 100%")
    [f] = findings_by(fs, "L07")
    assert "全年预算 14.32（公开09表 合计）" in f.message and "14.32/年初预算 19 = 75%" in f.message
    assert f.places[0].endswith("第433行）") and findings_by(fs, "X12", "contradiction", "三公经费完成预算") == []
    assert findings_by(_seed(old, "支出年初预算为 19 万元，支出决算为 14.32 万元，完成年初预算的 75.37%"), "L07") == []
