"""Regression tests for the review of issue 6 (reader defects 1–13): each test builds its input
from the fixture text (mutated where needed) and asserts figures read in the documents."""

from __future__ import annotations

from decimal import Decimal as Dm

from reader_fixtures import REPORTS, SEED, SEED_TEXT
from reader_fixtures import findings_by as _by

import govbudget as gb
from govbudget.reader import read_report
from govbudget.reader._ledger import build_ledger


def _bad(findings):
    return {(f.rule, f.where) for f in findings if f.verdict in ("contradiction", "label")}


def _replace_line(text: str, lineno: int, old: str, new: str) -> str:
    lines = text.split("\n")
    assert old in lines[lineno - 1], (lineno, lines[lineno - 1])
    lines[lineno - 1] = lines[lineno - 1].replace(old, new, 1)
    return "\n".join(lines)


# ----------------------------------------------------------------------------- 1. bad amounts


def test_bad_amounts_are_kept_unreadable_and_not_assessable():
    """“12,34.5x” in 公开02, “1e5” in 公开01, “NaN”/“Infinity” in 公开03 stay cells (value None, raw kept),
    are listed in unmapped, and the rules using them are not_assessable: no new contradiction."""
    base = _bad(read_report(SEED).check())
    text = _replace_line(SEED_TEXT, 125, "353.87\t353.87", "12,34.5x\t353.87")  # 公开02 2010450
    text = _replace_line(text, 78, "\t519.63\t", "\t1e5\t")  # 公开01 一、一般公共预算财政拨款收入
    text = _replace_line(text, 157, "519.63\t455.65", "NaN\tInfinity")  # 公开03 合计
    rep = read_report(text=text)
    c = rep.table("income").get("2010450", "本年收入合计")
    assert (c.value, c.raw, c.unreadable) == (None, "12,34.5x", True)
    assert rep.table("income").get("2010450", "财政拨款").value == Dm("353.87")
    assert rep.table("income").rows[[r[0] for r in rep.table("income").rows].index("2010450")][1] == "事业运行"
    c = rep.table("expenditure").get("合计", "基本支出")
    assert (c.value, c.raw) == (None, "Infinity")
    raws = {u.text for u in rep.unmapped if u.reason.startswith("unreadable amount")}
    assert {"12,34.5x", "1e5", "NaN", "Infinity"} <= raws
    fs = rep.check()
    for rule, where in (("R02.1", "2010450 行"), ("R02.2", "20104"), ("R01.1", "本年收入合计"),
                        ("R03.1", "合计 行"), ("X04", "合计"), ("X07", "合计 基本支出")):
        got = _by(fs, rule, "not_assessable", where)
        assert got and "而不是金额" in got[0].message, (rule, where)
    assert _bad(fs) <= base


# ----------------------------------------------------------------------------- 2. a .tables.txt read alone


def test_tables_layer_read_on_its_own():
    """石泉路 .tables.txt read directly: each [表格] block whose header names a table starts a new table,
    blocks without a header continue the previous one; the key figures are those of the full read and
    the real contradiction (公开03 212 行 13,583.48 vs 1,066.51 + 2,921.97) is found."""
    from govbudget.reader.cli import main

    path = REPORTS / "putuo_shiquanlu_street_2025_final.tables.txt"
    rep = read_report(path)
    ids = [t.table_id for t in rep.tables]
    assert ids == [None, "income_expenditure_summary", "income", "expenditure", "fiscal_summary",
                   "general_budget_expenditure", "general_budget_basic", "three_public", "gov_fund",
                   "state_capital"]
    kf = rep.key_figures()
    assert (kf["income_total"], kf["basic"], kf["project"], kf["personnel"], kf["public"]) == (
        Dm("19044.27"), Dm("14206.00"), Dm("4838.27"), Dm("12010.40"), Dm("2195.60"))
    assert kf["three_public"]["actual"]["total"] == Dm("37.35")
    assert rep.table("expenditure").value("2120104", "项目支出") is None  # blank kept as blank
    fs = rep.check()
    row = _by(fs, "R03.1", "contradiction", "212 行")
    assert row and row[0].found == Dm("13583.48") and "支出表" in row[0].where
    assert main(["check", str(path)]) == 1


# ----------------------------------------------------------------------------- 3. single-space layer alone


def _solo(name):
    return read_report(text=(REPORTS / name).read_text(encoding="utf-8"))


def test_single_space_layer_alone_key_figures():
    """The text layers read without their .tables.txt: 公开01/04 halves, 公开06 code|name|amount
    triples and the 三公 row give the figures printed in the documents (文旅: 人员经费合计 8,055.07,
    公用经费合计 1,745.29, 302 1,708.26; 石泉路: 12,010.40 / 2,195.60; 三公 with the 出国 pair blank
    placed where the subtotals hold)."""
    w = _solo("putuo_culture_tourism_2025_final.txt")
    kf = w.key_figures()
    assert (kf["income_total"], kf["expenditure_total"], kf["fiscal_total"]) == (Dm("26538.47"),) * 3
    assert (kf["personnel"], kf["public"], kf["derived"]) == (Dm("8055.07"), Dm("1745.29"), ())
    assert (kf["opening_balance"], kf["closing_balance"]) == (Dm("52.61"), Dm("52.61"))
    assert w.table("general_budget_basic").value("302") == Dm("1708.26")
    assert w.table("general_budget_basic").value("301") == Dm("7728.96")
    assert kf["three_public"]["budget"]["total"] == Dm("11.49") and kf["three_public"]["actual"]["reception"] == Dm(
        "0.40")
    s = _solo("putuo_shiquanlu_street_2025_final.txt")
    kf = s.key_figures()
    assert (kf["income_total"], kf["personnel"], kf["public"]) == (Dm("19044.27"), Dm("12010.40"), Dm("2195.60"))
    tp = kf["three_public"]
    assert (tp["budget"]["total"], tp["budget"]["abroad"], tp["budget"]["vehicle_running"],
            tp["actual"]["vehicle_running"], tp["actual"]["reception"]) == (
        Dm("53.93"), None, Dm("27.40"), Dm("12.35"), Dm("0"))
    # 二十二、灾害防治及应急管理支 / 98.23 / 出: the wrapped class name gets its amount
    summ = s.table("income_expenditure_summary")
    assert summ.value("二十二、灾害防治及应急管理支出") == Dm("98.23")


def test_single_space_layer_alone_no_false_contradictions():
    """Alone, the text layer may leave checks not_assessable but never reports a contradiction that
    the full read (text + table layer) does not report, nor labels for names glued or wrapped."""
    for name in ("putuo_culture_tourism_2025_final.txt", "putuo_shiquanlu_street_2025_final.txt"):
        full = {(f.rule, f.where) for f in read_report(REPORTS / name).check() if f.verdict == "contradiction"}
        fs = _solo(name).check()
        solo = {(f.rule, f.where) for f in fs if f.verdict == "contradiction"}
        assert solo <= full, solo - full
        assert not _by(fs, "X05", "contradiction")
        # 20805 is renamed in the 2025 edition (行政事业单位养老支出): the only name that may differ
        assert {f.where for f in fs if f.rule == "names"} <= {"code 20805"}, name
    fs = _solo("putuo_shiquanlu_street_2025_final.txt").check()
    assert _by(fs, "R03.1", "contradiction", "212 行")[0].found == Dm("13583.48")
    assert _by(fs, "R01.2", "ok", "本年支出合计")  # the 24 classes add up once 224 has its 98.23


# ----------------------------------------------------------------------------- 4. functional = all funds


def test_functional_takes_the_all_funds_total():
    """政协 2018 prints 一、一般公共服务支出 7,827.46 in 公开01 (all funds) and 201 7,747.46 in the 财政拨款
    tables: functional['201'] is 7,827.46 and its 款/项 (财政拨款 figures only) are left out; 208 and 221
    are equal in both, so their 款/项 are all-funds figures (2080505 407.81)."""
    f = read_report(REPORTS / "jiangsu_cppcc_2018_dept_budget_tables.txt").key_figures()["functional"]
    assert f["201"] == Dm("7827.46") and "20102" not in f and "2010201" not in f
    assert (f["208"], f["2080505"], f["221"]) == (Dm("823.76"), Dm("407.81"), Dm("1499.26"))
    seed = read_report(SEED).key_figures()["functional"]
    assert seed["201"] == Dm("410.65")  # from 公开03 本年支出合计 when it prints codes


# ----------------------------------------------------------------------------- 5. printed precision


def test_percentages_compared_at_their_printed_precision():
    """说明三 “87.68%” for 455.65/519.63 = 87.6874 % is a contradiction: with both amounts anywhere in
    their rounding intervals (455.645–455.655 over 519.625–519.635) the rate is 87.69 at two decimals;
    说明六 “65.7%” for 299.48/455.65 = 65.7259 % is ok at one decimal; “80.00%” is a contradiction."""
    old = "基本支出 455.65 万元，占 87.69%"
    assert SEED_TEXT.count(old) == 1
    fs = read_report(text=SEED_TEXT.replace(old, "基本支出 455.65 万元，占 87.68%")).check()
    f = _by(fs, "X12", None, "说明三 基本支出占比")[0]
    assert (f.verdict, f.found, f.expected) == ("contradiction", Dm("87.68"), Dm("87.69"))
    fs = read_report(text=SEED_TEXT.replace(old, "基本支出 455.65 万元，占 80.00%")).check()
    assert _by(fs, "X12", "contradiction", "说明三 基本支出占比")
    old = "占基本支出的 65.73%"
    assert SEED_TEXT.count(old) == 1
    fs = read_report(text=SEED_TEXT.replace(old, "占基本支出的 65.7%")).check()
    f = _by(fs, "X12", None, "说明六 人员经费占比")[0]
    assert (f.verdict, f.expected) == ("ok", Dm("65.7"))


def test_integer_printed_cell_gets_a_half_unit_band():
    """A total printed as 22,118,861 (no decimals) stands for ±0.5: against parts printed with two
    decimals (22,118,861.34) it is a tail, while 22,118,863 is still a contradiction."""
    from govbudget.checks._primitives import _eq, _sum
    from govbudget.reader._model import Cell

    def cell(v):
        return Cell(table_id="t", value=Dm(v), raw=v, row_label="合计", row_code=None, column="基本支出",
                    column_index=1, column_no=None, row_no=None, page=None, line=1, text=v)

    f = _sum(cell("22118861"), [cell("20272981.00"), cell("1845880.34")], rule="R", where="w", strict=False)
    assert (f.verdict, f.tolerance) == ("tail", Dm("0.510"))
    f = _sum(cell("22118863"), [cell("20272981.00"), cell("1845880.34")], rule="R", where="w", strict=False)
    assert f.verdict == "contradiction"
    assert _eq(cell("22118861"), cell("22118861.34"), rule="X", pa="a", pb="b").verdict == "tail"
    assert _eq(cell("22118862"), cell("22118861.34"), rule="X", pa="a", pb="b").verdict == "contradiction"


# ----------------------------------------------------------------------------- 6. exit status


def test_check_exit_status_ignores_labels(tmp_path, capsys):
    """A report whose only problem is a label (a 科目 name that differs from the edition) exits 0."""
    from govbudget.reader.cli import main

    p = tmp_path / "r.txt"
    p.write_text("# source: test | 某单位 | 2024 | 部门决算\n支出决算表\n金额单位：万元\n科目代码\t科目名称\t本年支出合计\t基本支出\t项目支出\n"
                 "2010450\t事业运行经费\t1.00\t1.00\t\n", encoding="utf-8")
    fs = read_report(p).check()
    assert [f.verdict for f in fs if f.verdict != "ok"] == ["label"]
    assert main(["check", str(p)]) == 0
    p.write_text(p.read_text(encoding="utf-8").replace("\t1.00\t1.00\t", "\t1.00\t2.00\t"), encoding="utf-8")
    assert main(["check", str(p)]) == 1
    capsys.readouterr()


# ----------------------------------------------------------------------------- 10. provenance file


def test_cells_name_the_file_they_come_from():
    """石泉路 read with its sibling: table cells carry the .tables.txt file (their line numbers are its
    lines); a plain text report's cells carry the report itself."""
    rep = read_report(REPORTS / "putuo_shiquanlu_street_2025_final.txt")
    c = rep.table("expenditure").get("212", "本年支出合计")
    assert c.file.endswith("putuo_shiquanlu_street_2025_final.tables.txt")
    sib = (REPORTS / "putuo_shiquanlu_street_2025_final.tables.txt").read_text(encoding="utf-8").splitlines()
    assert sib[c.line - 1] == c.text and "13,583.48" in c.text
    assert "of putuo_shiquanlu_street_2025_final.tables.txt" in c.where
    seed = read_report(SEED).table("general_budget_basic").get("302")
    assert seed.file == str(SEED) and "of" not in seed.where


# ----------------------------------------------------------------------------- 11. units per figure


def test_each_key_figure_states_its_unit():
    """司法局 2026 部门预算: tables in 元, the 三公 table in 万元 (10.81): each figure says its unit."""
    kf = read_report(REPORTS / "putuo_justice_2026_dept_budget.txt").key_figures()
    assert kf["amount_unit"] == "元" and kf["units"]["basic"] == "元" and kf["units"]["income_total"] == "元"
    assert kf["three_public"]["budget"]["total"] == Dm("10.81") and kf["units"]["three_public"] == "万元"
    seed = read_report(SEED).key_figures()["units"]
    assert set(seed.values()) == {"万元"}


# ----------------------------------------------------------------------------- 9. unit and year from the document


def test_unit_and_year_read_from_the_document():
    """Without the “# source:” header line: 政协 from “部门：江苏省政协办公厅” in a title and “2018年政府采购
    预算表”; 高院 from the cover “2017 年度江苏省高级人民法院部门预算公开”; the template from its cover
    lines “上海市 XX 局” / “2024 年度部门决算”; the PDF of 司法局 from its own pages."""
    expected = {
        "jiangsu_cppcc_2018_dept_budget_tables.txt": ("江苏省政协办公厅", 2018, "预算"),
        "jiangsu_high_court_2017_dept_budget.txt": ("江苏省高级人民法院", 2017, "预算"),
        "shanghai_dept_final_template_2024.txt": ("上海市 XX 局", 2024, "决算"),
    }
    for name, want in expected.items():
        text = (REPORTS / name).read_text(encoding="utf-8")
        assert text.startswith("# source:")
        rep = read_report(text=text.split("\n", 1)[1])
        assert (rep.unit, rep.year, rep.kind) == want, name
    pdf = read_report(REPORTS / "putuo_justice_2026_unit_budget.pdf")
    assert (pdf.unit, pdf.year, pdf.kind) == ("上海市普陀区司法局", 2026, "预算")
    empty = read_report(text="")
    assert (empty.unit, empty.year, empty.kind) == (None, None, None)


# ----------------------------------------------------------------------------- 12. to_ledger


def test_to_ledger_does_not_invent_basic_spending():
    """政协 2018 prints its functional 项 with one amount (no 基本/项目 split): they are not posted as
    基本支出 but listed in ledger_notes (2010201 行政运行 4,432.78); its economic 款 are basic spending
    (301 = 3,806.26 万元) and its income includes 三、其他资金 80.00 万元."""
    rep = read_report(REPORTS / "jiangsu_cppcc_2018_dept_budget_tables.txt")
    led = rep.to_ledger()
    assert led.total(functional="201") == Dm("0.00")
    assert led.total(economic="301") == Dm("38062600.00")
    assert led.income_total(fund=gb.Fund.OTHER) == Dm("800000.00")
    assert led.income_total(fund=gb.Fund.GENERAL) == Dm("100704800.00")
    notes = rep.ledger_notes()
    assert any(n.startswith("2010201 行政运行 4,432.78 万元") and "未入账" in n for n in notes)
    seed = read_report(SEED)
    assert seed.ledger_notes() == [] and seed.to_ledger().total(functional="201", spend_type="项目支出") == Dm(
        "567800.00")


def test_to_ledger_lists_every_refused_row():
    """Two rows the ledger refuses (economic codes 20101 and 99901 in a basic-spending table) are both
    reported in the notes instead of a raise on the first; the good row is posted."""
    text = ("一般公共预算财政拨款基本支出决算表\n金额单位：万元\n科目编码\t科目名称\t决算数\n"
            "20101\t错放的功能科目\t1.00\n99901\t乱码科目\t2.00\n30101\t基本工资\t3.00\n")
    led, notes = build_ledger(read_report(text=text), year=2024)
    assert led.total(economic="301") == Dm("30000.00")
    refused = [n for n in notes if "未能入账" in n]
    assert [n.split("：")[0] for n in refused] == ["一般公共预算财政拨款基本支出决算表 20101",
                                                  "一般公共预算财政拨款基本支出决算表 99901"]
    assert read_report(text="").year is None


# ----------------------------------------------------------------------------- 13. continuation across a page


def test_wrapped_cell_across_a_page_break_continues_the_table():
    """高院 政府采购预算表: “置更新” (the tail of 信息网络及软件购置更新) printed between two [表格] blocks
    no longer starts an unidentified table; the rows after it stay in 政府采购 (江苏法院云平台租赁费
    1,000.00) and nothing of the table is unmapped."""
    rep = read_report(REPORTS / "jiangsu_high_court_2017_dept_budget.txt")
    assert [t.table_id for t in rep.tables if t.table_id is None] == []
    proc = rep.table("procurement")
    assert any("江苏法院云平台租赁费" in raw and "1,000.00" in raw for _, raw in proc.raw_rows)
    assert "续行：置更新" in proc.notes
    assert [u.text for u in rep.unmapped] == ["0.64%"]


# ----------------------------------------------------------------------------- 8. budget tables


def test_budget_summary_checked():
    """Budgets: 政协 公开01 收入合计 changed to 10,151.48 breaks R01.5 (vs 支出合计 10,150.48); 一、财政拨款
    10,071.48 breaks R01.1 (当年收入小计 10,150.48 = 10,070.48 + 其他资金 80.00). 司法局 单位预算 prints
    人员经费 20,374,181 / 公用经费 1,744,680 in its 财务收支预算总表 and 20,272,981.00 / 1,845,880.34 in
    its 基本支出 table: two X08 contradictions."""
    name = "jiangsu_cppcc_2018_dept_budget_tables.txt"
    text = (REPORTS / name).read_text(encoding="utf-8")
    assert _by(read_report(text=text).check(), "R01.1", "ok") and _by(read_report(text=text).check(), "R01.5", "ok")
    fs = read_report(text=_replace_line(text, 31, "收入合计\t10,150.48", "收入合计\t10,151.48")).check()
    assert _by(fs, "R01.5", "contradiction")[0].found == Dm("10151.48")
    fs = read_report(text=_replace_line(text, 9, "一、财政拨款\t10,070.48", "一、财政拨款\t10,071.48")).check()
    f = _by(fs, "R01.1", "contradiction")[0]
    assert (f.found, f.expected) == (Dm("10150.48"), Dm("10151.48"))
    fs = read_report(REPORTS / "putuo_justice_2026_unit_budget.txt").check()
    got = {(f.found, f.expected) for f in _by(fs, "X08", "contradiction", "支出总计")}
    assert got == {(Dm("20374181"), Dm("20272981.00")), (Dm("1744680"), Dm("1845880.34"))}


# ----------------------------------------------------------------------------- minor: paths and encodings


def test_directory_and_gbk_inputs(tmp_path):
    """A directory is said to be one; a GBK-encoded report is read (GB18030 fallback)."""
    import pytest

    with pytest.raises(gb.GovBudgetError, match="is a directory"):
        read_report(tmp_path)
    p = tmp_path / "gbk.txt"
    p.write_bytes(SEED_TEXT.encode("gb18030"))
    assert read_report(p).key_figures()["basic"] == Dm("455.65")
