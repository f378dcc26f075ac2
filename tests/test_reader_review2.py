"""Regression tests for the second review of the reader (issue 6).

Each test either mutates the fixture text (a figure changed, a sentence added) and asserts the
mutation is now caught, or asserts that a false positive is gone. Figures are read in the
documents under tests/fixtures.
"""

from __future__ import annotations

import re
from decimal import Decimal as Dm
from pathlib import Path

import pytest

from govbudget.reader import read_report
from govbudget.reader.cli import main

HERE = Path(__file__).parent
REPORTS = HERE / "fixtures" / "reports"
SEED = HERE / "fixtures" / "seed" / "zhuzhou_2024.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")

#: the 附件 report body the fixture omits (“（附件正文从略。）”), as the published seed prints it:
#: the department's spending (355.85 / 299.48 / 56.38 / 163.78) and one project's (128.93)
ANNEX_BODY = """2024 年度株洲市长株潭一体化发展事务中心 整体支出绩效自评报告
一、部门（单位）基本情况
（一）单位主要职能
（二）机构情况设置和人员情况
共有编制人数 18 人，实有人数 16 人。
二、一般公共预算支出情况
（一）基本支出情况
2024 年基本支出 355.85 万元，其中人员经费 299.48 万元，公用经费为 56.38 万元。
（二）项目支出情况
2024 年项目支出 163.78 万元。
三、政府性基金预算支出情况
2024 年度本单位无政府性基金预算收支。
六、资金使用及绩效情况（包含单位管理的公共专项）
（二）项目支出绩效情况
年初预算专项资金 207 万元。年中执行调增 1.2 万元，实际支出 128.93 万元，结余结转 79.27 万元。
1、长株潭一体化发展工作经费资金项目
项目支出 128.93 万元,其中均用于配合单位 2024 年度开展长株潭一体化、绿心保护以及湘赣边区域合作工作。
"""


def _seed(text: str = SEED_TEXT):
    return read_report(text=text).check()


def _mutate(old: str, new: str, text: str = SEED_TEXT, count: int = 1) -> str:
    assert text.count(old) >= count, old
    return text.replace(old, new, count)


def _bad(findings, rule=None):
    return [f for f in findings if f.verdict == "contradiction" and (rule is None or f.rule == rule)]


# ------------------------------------------------------------------ 1. sentences tied to their sections


def test_seed_contradictions_are_exactly_the_real_ones():
    """The seed's contradictions, by rule and place: the 说明七 三公 budgets (19/7/7/7/5) against 公开09
    (14.32/6.86/6.86/6.90/0.56), and the 附件1/附件2 figures against the tables and the 说明."""
    got = sorted((f.rule, f.where) for f in _bad(_seed()))
    assert got == sorted([
        ("X12", "说明七(一) 三公预算"),
        ("X12", "说明 三公 公务用车购置及运行维护费预算"),
        ("X12", "说明 三公 公务用车运行维护费预算"),
        ("X12", "说明 三公 因公出国（境）费预算"),
        ("X12", "说明 三公 公务接待费预算"),
        ("X19", "附件1 三公经费 2024年决算数"),
        ("X19", "附件1 三公经费 2024年预算数"),
        ("X19", "附件1 1、公务用车购置和维护经费 2024年决算数"),
        ("X19", "附件1 1、公务用车购置和维护经费 2024年预算数"),
        ("X19", "附件1 公车运行维护 2024年决算数"),
        ("X19", "附件1 公车运行维护 2024年预算数"),
        ("X19", "附件1 项目支出： 2024年决算数"),
        ("X19", "附件1 公用经费 2024年决算数"),
        ("X19", "附件2 基本支出"),
        ("X19", "附件2 项目支出"),
    ])


def test_annex_sentences_are_not_read_as_the_explanation():
    """With the 附件 report body restored, its 355.85 / 56.38 / 163.78 / 128.93 are no 说明三/说明六
    sentences (X12); the department's figures are X19 (named after the 附件 section), one project's
    128.93 is not compared with anything."""
    text = _mutate("（附件正文从略。）", ANNEX_BODY)
    fs = _seed(text)
    x12 = [f for f in fs if f.rule.startswith("X12") and f.found in (
        Dm("355.85"), Dm("56.38"), Dm("163.78"), Dm("128.93"))]
    assert x12 == []
    assert not [f for f in fs if f.found == Dm("128.93")]
    x19 = {f.where: f for f in _bad(fs, "X19") if "自评报告" in f.where}
    assert sorted(x19) == ["附件 自评报告 公用经费（二、一般公共预算支出情况）",
                           "附件 自评报告 基本支出（二、一般公共预算支出情况）",
                           "附件 自评报告 项目支出（二、一般公共预算支出情况）"]
    f = x19["附件 自评报告 基本支出（二、一般公共预算支出情况）"]
    assert (f.found, f.expected) == (Dm("355.85"), Dm("455.65"))
    assert "第五部分" not in f.places[0] and "二、一般公共预算支出情况" in f.places[0]
    # 人员经费 299.48 agrees with 公开06
    ok = [f for f in fs if f.rule == "X19" and "人员经费" in f.where]
    assert [f.verdict for f in ok] == ["ok"]
    # and the seed's real contradictions are still all there, nothing else from 说明
    assert {f.where for f in _bad(fs, "X12")} == {w for r, w in (
        (f.rule, f.where) for f in _bad(_seed())) if r == "X12"}


def test_sentence_outside_its_section_is_not_that_form():
    """“财政拨款支出预算为 19 万元” in 说明七 (三公) is no 说明五 财政拨款支出 sentence; a 基本支出 sentence
    found under 三、支出决算情况说明 is named after that section."""
    fs = _seed()
    assert not [f for f in fs if f.where.startswith("说明五") and f.found == Dm("19")]
    f = next(f for f in fs if f.rule == "X12" and f.where == "说明三 基本支出")
    assert f.verdict == "ok" and f.found == Dm("455.65")
    assert "三、支出决算情况说明" in f.places[0] and "第369行" in f.places[0]


def test_sentence_moved_to_another_section_is_not_checked_as_the_first():
    """A 项目支出 sentence added to 说明十 (一般性支出) is not read as 说明三's 项目支出."""
    text = _mutate("本单位无举办节庆、晚会、论坛、赛事活动。", "本单位无举办节庆、晚会、论坛、赛事活动。其中项目支出 12.34 万元。")
    fs = _seed(text)
    assert not [f for f in fs if f.found == Dm("12.34")]


# ------------------------------------------------------------------ 2. provenance


def test_findings_name_page_and_line():
    """A contradiction names both printed places with their lines; a PDF-derived text names pages."""
    text = _mutate("基本支出 455.65 万元，占 87.69%", "基本支出 455.56 万元，占 87.69%")
    f = next(f for f in _bad(_seed(text)) if f.where == "说明三 基本支出")
    assert f.places[0] == "说明三 基本支出（三、支出决算情况说明 第369行）"
    assert re.fullmatch(r"公开03表 合计 基本支出（第\d+行）", f.places[1])
    rep = read_report(REPORTS / "putuo_shiquanlu_street_2025_final.txt")
    f = next(f for f in rep.check() if f.where.startswith("说明五(三) 第17项 支出决算"))
    assert f.verdict == "contradiction"
    assert re.search(r"第\d+页第\d+行", f.places[0]) and re.search(r"第\d+页第\d+行", f.places[1])


def test_table_sums_name_their_lines():
    """R06.1 on the seed's 公开06 302: the total's line and each part's."""
    f = next(f for f in _seed() if f.rule == "R06.1" and "302" in f.where)
    assert f.verdict == "tail"
    assert re.fullmatch(r"公开06表 302 公用经费/决算数（第\d+行）", f.places[0])
    assert all(re.search(r"（第\d+行）$", p) for p in f.places)


def test_check_output_shows_locations(tmp_path, capsys):
    p = tmp_path / "seed.txt"
    p.write_text(_mutate("基本支出 455.65 万元，占 87.69%", "基本支出 455.56 万元，占 87.69%"), encoding="utf-8")
    assert main(["check", str(p)]) == 1
    out = capsys.readouterr().out
    assert "位置：说明三 基本支出（三、支出决算情况说明 第369行）；公开03表 支出决算表 合计 基本支出（第" in out


# ------------------------------------------------------------------ 3. a printed zero is exact

JUSTICE = (REPORTS / "putuo_justice_2026_dept_budget.txt").read_text(encoding="utf-8")


def test_printed_zero_is_exact_in_the_three_public_sum():
    """司法局 2026 三公: 10.81 = 0 + 0.83 + 9.98. With 接待 0.93 the sum is off by 0.10: the printed “0”
    (出国) stands for exactly 0, not ±0.5, so this is a contradiction, not a tail."""
    assert not _bad(read_report(text=JUSTICE).check(), "R09.1")
    fs = read_report(text=_mutate("10.81\t0\t0.83", "10.81\t0\t0.93", JUSTICE)).check()
    f = next(f for f in _bad(fs, "R09.1") if "合计" in f.where)
    assert (f.found, f.expected, f.tolerance) == (Dm("10.81"), Dm("10.91"), Dm("0.02"))


def test_printed_zero_is_exact_in_procurement():
    """Seed 政府采购 105.19 = 27.73 + 0 + 77.46; 货物 27.33 (off by 0.40) is a contradiction."""
    assert not _bad(_seed(), "X15")
    f = next(iter(_bad(_seed(_mutate("货物支出 27.73", "货物支出 27.33")), "X15")))
    assert (f.found, f.expected) == (Dm("105.19"), Dm("104.79"))
    assert "第465行" in f.places[0]


# ------------------------------------------------------------------ 4. rates at their printed precision


def test_rate_rounded_to_printed_precision_is_a_contradiction_when_off():
    """Seed 说明五(一) “占本年支出合计的 100%”: 519.63/519.63. Printed 99% is outside what the amounts'
    rounding allows (99.998–100.002 → 100 at no decimals): a contradiction, no longer a ±0.5 pp tail."""
    f = next(f for f in _seed() if f.where.startswith("说明五 财政拨款支出") and f.where.endswith("占比"))
    assert (f.verdict, f.found) == ("ok", Dm("100"))
    fs = _seed(_mutate("占本年支出合计的 100%", "占本年支出合计的 99%"))
    f = next(f for f in fs if f.where.startswith("说明五 财政拨款支出") and f.where.endswith("占比"))
    assert (f.verdict, f.found, f.expected) == ("contradiction", Dm("99"), Dm("100"))


def test_share_off_by_a_tenth_of_a_point():
    """Seed 说明六 人员经费 299.48/455.65 = 65.7259 %, printed 65.73; 65.83 is a contradiction."""
    fs = _seed(_mutate("占基本支出的 65.73%", "占基本支出的 65.83%"))
    f = next(f for f in fs if f.where == "说明六 人员经费占比")
    assert (f.verdict, f.found, f.expected) == ("contradiction", Dm("65.83"), Dm("65.73"))
    assert "第" in f.places[0] and "六、一般公共预算财政拨款基本支出决算情况说明" in f.places[0]


def test_rate_inside_the_range_of_rounded_inputs_is_a_tail():
    """Seed 三公 “预算为 19 万元，支出决算为 14.32 万元，完成预算的 75.37%”: 19 stands for 18.5–19.5, so
    73.44–77.41 % are all possible; 75.40 is a tail, 78.00 a contradiction."""
    old = "完成预算的 75.37%"
    f = next(f for f in _seed(_mutate(old, "完成预算的 75.40%")) if f.where == "说明 三公 三公经费完成预算")
    assert f.verdict == "tail"
    f = next(f for f in _seed(_mutate(old, "完成预算的 78.00%")) if f.where == "说明 三公 三公经费完成预算")
    assert (f.verdict, f.expected) == ("contradiction", Dm("75.37"))


def test_justice_item_9_rate():
    """司法局 2026 部门预算 item 9: 91.97 over 77.99 is +17.93 %, printed 17.66 %."""
    fs = read_report(text=JUSTICE).check()
    f = next(f for f in fs if f.rule == "X12.rate" and "第9项" in f.where)
    assert (f.verdict, f.found, f.expected) == ("contradiction", Dm("17.66"), Dm("17.93"))


# ------------------------------------------------------------------ 9. the unit from the document

#: unit, year and kind as each document prints them (cover, “预算单位：…”, “第一部分 X概况”, the
#: 单位构成 table's “X（本级）”); a table layer prints no year
DOCUMENT_UNITS = {
    "jiangsu_cppcc_2018_dept_budget_tables.txt": ("江苏省政协办公厅", 2018, "预算"),
    "jiangsu_high_court_2017_dept_budget.txt": ("江苏省高级人民法院", 2017, "预算"),
    "putuo_commerce_2025_unit_budget.txt": ("上海市普陀区商务委员会", 2025, "预算"),
    "putuo_culture_tourism_2025_final.tables.txt": ("上海市普陀区文化和旅游局", None, "决算"),
    "putuo_culture_tourism_2025_final.txt": ("上海市普陀区文化和旅游局", 2025, "决算"),
    "putuo_justice_2026_dept_budget.txt": ("上海市普陀区司法局", 2026, "预算"),
    "putuo_justice_2026_unit_budget.txt": ("上海市普陀区司法局", 2026, "预算"),
    "putuo_shiquanlu_street_2025_final.tables.txt": ("上海市普陀区人民政府石泉路街道办事处", None, "决算"),
    "putuo_shiquanlu_street_2025_final.txt": ("上海市普陀区人民政府石泉路街道办事处", 2025, "决算"),
    "shanghai_dept_final_template_2024.txt": ("上海市 XX 局", 2024, "决算"),
}


@pytest.mark.parametrize("name", sorted(DOCUMENT_UNITS))
def test_unit_read_from_the_document_without_header(name):
    text = (REPORTS / name).read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    assert first.startswith("# source:")
    rep = read_report(text=rest)
    assert (rep.unit, rep.year, rep.kind) == DOCUMENT_UNITS[name]


def test_seed_unit_without_header():
    """The seed's cover: “2024年度 / 株洲市长株潭一体化发展事 / 务中心部门决算”."""
    rest = SEED_TEXT.split("\n", 1)[1]
    rep = read_report(text=rest)
    assert (rep.unit, rep.year, rep.kind) == ("株洲市长株潭一体化发展事务中心", 2024, "决算")


def test_document_unit_preferred_to_the_header():
    """A header naming another unit does not override the one the document prints."""
    text = (REPORTS / "putuo_justice_2026_unit_budget.txt").read_text(encoding="utf-8")
    rest = text.split("\n", 1)[1]
    rep = read_report(text="# source: somewhere | 某某局 | 2026 | 单位预算\n" + rest)
    assert rep.unit == "上海市普陀区司法局"


# ------------------------------------------------------------------ 8. wrapped names in a text layer alone

SHIQUAN = (REPORTS / "putuo_shiquanlu_street_2025_final.txt").read_text(encoding="utf-8")


def test_wrapped_names_joined_without_the_table_layer():
    """石泉路's text layer prints wrapped names around their row: “一般行政管理事 / 2012902 46.50 46.50 / 务”,
    “机关事业单位基 / 2080505 本养老保险缴费 545.85 504.39 41.46 / 支出”. Read alone, the names are joined."""
    rep = read_report(text=SHIQUAN)
    names = {c: lab for c, lab, _ in rep.table("general_budget_expenditure").rows if c}
    assert names["201"] == "一般公共服务支出"
    assert names["2012902"] == "一般行政管理事务"
    assert names["20805"] == "行政事业单位离退休"
    assert names["2080501"] == "行政单位离退休"
    assert names["2080505"] == "机关事业单位基本养老保险缴费支出"
    assert names["2080506"] == "机关事业单位职业年金缴费支出"
    assert names["207"] == "文化旅游体育与传媒支出"
    assert rep.name_mismatches == ()


def test_text_layer_alone_gives_the_labels_of_the_full_read():
    """Alone, the text layer reports the same 说明 label problems as with its .tables.txt (2010505, 2049999,
    2080501, 2120199 and the 207 类 name), not ~25 false ones."""
    full = {f.where for f in read_report(REPORTS / "putuo_shiquanlu_street_2025_final.txt").check()
            if f.rule == "X12.label"}
    alone = {f.where for f in read_report(text=SHIQUAN).check() if f.rule == "X12.label"}
    assert alone == full
    assert len(alone) == 5


def test_partial_name_is_not_a_label_problem():
    """With the tail “务” of “一般行政管理事务” missing from the layer, 2012902 reads “一般行政管理事”: a
    fragment of the 说明's name, not a different name."""
    old = "一般行政管理事\n2012902 46.50 46.50\n务\n"
    text = _mutate(old, "一般行政管理事\n2012902 46.50 46.50\n", SHIQUAN)
    rep = read_report(text=text)
    assert {c: lab for c, lab, _ in rep.table("general_budget_expenditure").rows if c}["2012902"] == "一般行政管理事"
    assert not [f for f in rep.check() if f.rule == "X12.label" and "第3项" in f.where]


def test_edition_alias_is_not_a_name_mismatch():
    """文旅局 2025 prints 20805 “行政事业单位养老支出”, listed as an alias of 行政事业单位离退休 in the
    2025 edition: no names finding."""
    rep = read_report(REPORTS / "putuo_culture_tourism_2025_final.txt")
    assert "20805" in rep.table("expenditure").codes()
    assert not [m for m in rep.name_mismatches if m[0] == "20805"]
    assert not [f for f in rep.check() if f.rule == "names" and "20805" in f.where]


# ------------------------------------------------------------------ 7. narrative checks added

CULTURE = (REPORTS / "putuo_culture_tourism_2025_final.txt").read_text(encoding="utf-8")


def _direction(fs):
    return [f for f in fs if f.rule == "X12.direction" and "决算数" in f.message]


def test_greater_smaller_wording_against_the_figures():
    """Seed 五(三) item 1: 年初预算 476.41, 决算 353.87, “决算数小于年初预算数” (right); printed “大于” is a
    label problem. 三公: 预算 19, 决算 14.32 “决算数小于预算数”; “增加 0.97 万元 … 决算数大于上年数”."""
    assert _direction(_seed()) == []
    fs = _seed(_mutate("完成年初预算的 74.28%，决算数小于年初预算数", "完成年初预算的 74.28%，决算数大于年初预算数"))
    f = _direction(fs)
    assert len(f) == 1 and "决算 353.87、预算 476.41" in f[0].message and "应为“小于”" in f[0].message
    fs = _seed(_mutate("增长 7.27%。决算数小于预算数的主要原因是（从略）。决算数大于上年数",
                       "增长 7.27%。决算数大于预算数的主要原因是（从略）。决算数小于上年数"))
    assert sorted(re.search(r"应为“(.+?)”", f.message).group(1) for f in _direction(fs)) == ["大于", "小于"]


def test_three_public_year_on_year_rates_in_a_shanghai_final():
    """文旅局: 三公 3.04 “比 2024 年度减少 19.66 万元，下降 86.61%” (19.66/22.70); 公务用车 2.64 “减少 20.06
    万元，下降 88.37%”. 石泉路: 37.35 “增加 21.90 万元，增长 141.75%” (21.90/15.45). Mutated rates are caught."""
    fs = read_report(REPORTS / "putuo_culture_tourism_2025_final.txt").check()
    got = {f.where: (f.verdict, f.found) for f in fs if f.rule == "X12.rate" and "三公" in f.where}
    assert got == {"说明 三公 三公经费比上年": ("ok", Dm("86.61")),
                   "说明 三公 公务用车购置及运行维护费比上年": ("ok", Dm("88.37"))}
    fs = read_report(text=_mutate("下降 86.61%", "下降 85.61%", CULTURE)).check()
    assert [f.expected for f in _bad(fs, "X12.rate")] == [Dm("86.61")]
    fs = read_report(text=_mutate("下降 88.37%", "下降 89.37%", CULTURE)).check()
    assert [f.expected for f in _bad(fs, "X12.rate")] == [Dm("88.37")]
    fs = read_report(REPORTS / "putuo_shiquanlu_street_2025_final.txt").check()
    ok = [f for f in fs if f.rule == "X12.rate" and "三公" in f.where]
    assert {(f.verdict, f.found) for f in ok} == {("ok", Dm("141.75"))} and len(ok) == 2
    fs = read_report(text=_mutate("增长 141.75%，其中", "增长 114.75%，其中", SHIQUAN)).check()
    assert [f.where for f in _bad(fs, "X12.rate")] == ["说明 三公 三公经费比上年"]


def test_performance_section_rates():
    """Seed 十三: 全年预算数 610.39, 执行数 519.63 “完成预算的 85.13%”; 一般公共预算项目 128.93 “占一般公共预算
    支出总额的 24.81%” (of 公开05 519.63). Mutations: 85.31%, 24.18%."""
    fs = _seed()
    assert {f.where: f.verdict for f in fs if "绩效" in f.where} == {
        "说明 绩效 整体支出执行数": "ok", "说明 绩效 整体支出完成预算": "ok", "说明 绩效 一般公共预算项目占比": "ok"}
    fs = _seed(_mutate("完成预算的 85.13%", "完成预算的 85.31%"))
    assert [(f.found, f.expected) for f in _bad(fs) if f.where == "说明 绩效 整体支出完成预算"] == [
        (Dm("85.31"), Dm("85.13"))]
    fs = _seed(_mutate("占一般公共预算支出总额的 24.81%", "占一般公共预算支出总额的 24.18%"))
    assert "说明 绩效 一般公共预算项目占比" in [f.where for f in _bad(fs)]


def test_fund_spending_sentence():
    """文旅局 说明八 “政府性基金预算财政拨款收入 2002.80 万元，支出…2002.80 万元” = 公开07 207 2.80 + 212 2,000.00
    (the 合计 row prints header words where its 支出 belongs); 2020.80 is a contradiction."""
    fs = read_report(REPORTS / "putuo_culture_tourism_2025_final.txt").check()
    assert [(f.verdict, f.found) for f in fs if f.where == "说明八 政府性基金支出"] == [("ok", Dm("2002.80"))]
    tables = (REPORTS / "putuo_culture_tourism_2025_final.tables.txt").read_text(encoding="utf-8")
    fs = read_report(text=_mutate("支出收入\n2002.80 万元", "支出收入\n2020.80 万元", CULTURE), tables_text=tables).check()
    assert [(f.found, f.expected) for f in _bad(fs) if f.where == "说明八 政府性基金支出"] == [
        (Dm("2020.80"), Dm("2002.80"))]


def test_annex2_budget_and_execution():
    """附件2 年度资金总额: 年初预算数 580.13 = 说明五(三) 年初预算 580.13; 全年执行数 519.63 = 本年支出合计;
    执行率 85.13% = 519.63/610.39. 附件2 “581.13” is a contradiction."""
    fs = _seed()
    assert {f.where: f.verdict for f in fs if f.where.startswith("附件2 年度资金总额")} == {
        "附件2 年度资金总额 年初预算数": "ok", "附件2 年度资金总额 全年执行数": "ok", "附件2 年度资金总额 执行率": "ok"}
    fs = _seed(_mutate("年度资金总额\t580. 13", "年度资金总额\t581. 13"))
    f = [f for f in _bad(fs) if f.where == "附件2 年度资金总额 年初预算数"]
    assert [(x.found, x.expected) for x in f] == [(Dm("581.13"), Dm("580.13"))]


# ------------------------------------------------------------------ 6. Shanghai budgets: the economic table


def test_shanghai_economic_table_total_row():
    """司法局 2026 部门预算 一般公共预算基本支出 (元): 合计 25,741,666.44 = 人员经费 23,563,342.00 + 公用经费
    2,178,324.44, = the 一般公共预算 table's 基本支出 (X08) and ≤ the 支出总表's. 公用 2,178,334.44 breaks both."""
    fs = read_report(text=JUSTICE).check()
    assert {f.verdict for f in fs if f.rule == "X08"} == {"ok"} and len([f for f in fs if f.rule == "X08"]) == 2
    assert not _bad(fs, "R06.2")
    old = "合计\t\t\t25741666.44\t23563342.00\t2178324.44"
    fs = read_report(text=_mutate(old, "合计\t\t\t25741666.44\t23563342.00\t2178334.44", JUSTICE)).check()
    row = _bad(fs, "R06.2")
    assert [(f.found, f.expected) for f in row] == [(Dm("25741666.44"), Dm("25741676.44"))]
    x08 = _bad(fs, "X08")
    assert [(f.found, f.expected) for f in x08] == [(Dm("25741666.44"), Dm("25741676.44"))]
    # a row below the total: 310 资本性支出 36,600.00 = 0.00 + 36,600.00
    fs = read_report(text=_mutate("310\t\t资本性支出\t36600.00\t0.00\t36600.00",
                                  "310\t\t资本性支出\t36600.00\t0.00\t36500.00", JUSTICE)).check()
    assert [f.where for f in _bad(fs, "R06.2")] == [next(f.where for f in _bad(fs, "R06.2"))]
    assert "310" in _bad(fs, "R06.2")[0].where
