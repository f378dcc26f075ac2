"""Reading the shared reports and the seed end to end; checking the seed; CLI; mangled input."""

from __future__ import annotations

import random
from decimal import Decimal as Dm
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govbudget as gb
from govbudget.reader import read_report
from govbudget.reader.cli import main

HERE = Path(__file__).parent
REPORTS = HERE / "fixtures" / "reports"
SEED = HERE / "fixtures" / "seed" / "zhuzhou_2024.txt"


@pytest.fixture(scope="module")
def seed():
    return read_report(SEED)


def test_seed_key_figures(seed):
    """The seed's headline figures are read as printed (公开01/03/04/06/09)."""
    kf = seed.key_figures()
    assert kf["unit"] == "株洲市长株潭一体化发展事务中心"
    assert (kf["year"], kf["kind"], kf["amount_unit"]) == (2024, "决算", "万元")
    assert kf["income_total"] == Dm("519.63") and kf["expenditure_total"] == Dm("519.63")
    assert (kf["basic"], kf["project"]) == (Dm("455.65"), Dm("63.98"))
    assert (kf["personnel"], kf["public"]) == (Dm("299.48"), Dm("156.17"))
    assert kf["fiscal_total"] == Dm("519.63")
    assert kf["opening_balance"] is None and kf["closing_balance"] is None
    assert kf["three_public"]["actual"] == {"total": Dm("14.32"), "abroad": Dm("6.90"), "vehicle": Dm("6.86"),
                                            "vehicle_purchase": None, "vehicle_running": Dm("6.86"),
                                            "reception": Dm("0.56")}
    assert kf["functional"]["2010450"] == Dm("353.87") and kf["functional"]["221"] == Dm("22.99")


def test_seed_cells_have_provenance(seed):
    """公开06 302 is read with its row, column and line."""
    c = seed.table("general_budget_basic").get("302")
    assert c.value == Dm("154.79") and c.row_label == "商品和服务支出" and "公用经费" in c.column
    assert "154.79" in c.text and c.line > 0


def _find(findings, rule, verdict, where_part):
    return [f for f in findings if f.rule == rule and f.verdict == verdict and where_part in f.where]


def test_seed_check(seed):
    """The seed's real contradictions, label problems and tails are found at their places."""
    fs = seed.check()
    assert _find(fs, "R06.1", "tail", "302")
    assert _find(fs, "X18", "tail", "年初预算合计")
    assert _find(fs, "X12", "contradiction", "三公预算")
    assert _find(fs, "X19", "contradiction", "基本支出")  # 附件2 355.85 vs 455.65
    assert _find(fs, "X19", "contradiction", "公用经费")  # 附件1 56.38 vs 156.17
    assert _find(fs, "X19", "contradiction", "项目支出")  # 163.78 vs 63.98
    assert _find(fs, "X12.label", "label", "第3项")  # 一般公共服务（类）社会保障和就业支出（款）
    assert _find(fs, "X12.direction", "label", "增加减少")
    assert not [f for f in fs if f.rule.startswith("R0") and f.verdict == "contradiction"]


EXPECTED = {
    "putuo_shiquanlu_street_2025_final.txt": ("19044.27", "14206.00", "4838.27", "12010.40", "2195.60"),
    "putuo_culture_tourism_2025_final.txt": ("26538.47", "9800.36", "16738.11", "8055.07", "1745.29"),
    "putuo_justice_2026_dept_budget.txt": ("96282213.44", "25741666.44", "70540547.00", "23563342.00",
                                           "2178324.44"),
    "putuo_justice_2026_unit_budget.txt": ("86959408.34", "22118861", "64840547.00", "20272981.00",
                                           "1845880.34"),
    "putuo_commerce_2025_unit_budget.txt": ("371514655.00", "19830655.00", "351684000.00", "18120593.00",
                                            "1710062.00"),
    # no 人员/公用经费合计 printed: derived from 公开08 类 rows 301 + 303 and 302
    "jiangsu_cppcc_2018_dept_budget_tables.txt": ("10150.48", "5678.17", "3314.68", "4482.32", "1115.85"),
    "jiangsu_high_court_2017_dept_budget.txt": ("28849.38", "17123.19", "11543.27", "13594.82", "3528.37"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shared_reports_key_figures(name):
    """Each report's income total, 基本/项目 and 人员/公用 as printed (or derived, and then marked)."""
    kf = read_report(REPORTS / name).key_figures()
    exp = [None if x is None else Dm(x) for x in EXPECTED[name]]
    assert [kf["income_total"], kf["basic"], kf["project"], kf["personnel"], kf["public"]] == exp
    assert kf["derived"] == (("personnel", "public") if name.startswith("jiangsu") else ())


def test_three_public_layouts():
    """三公 in three layouts: 预算/决算 pairs (石泉路), 会议费/培训费 (政协), 元 report with a 万元 三公 table."""
    s = read_report(REPORTS / "putuo_shiquanlu_street_2025_final.txt").key_figures()["three_public"]
    assert (s["budget"]["total"], s["actual"]["total"], s["actual"]["vehicle_running"]) == (
        Dm("53.93"), Dm("37.35"), Dm("12.35"))
    c = read_report(REPORTS / "jiangsu_cppcc_2018_dept_budget_tables.txt").key_figures()["three_public"]
    assert (c["budget"]["total"], c["budget"]["abroad"], c["budget"]["reception"]) == (
        Dm("675.10"), Dm("106.00"), Dm("412.50"))
    h = read_report(REPORTS / "jiangsu_high_court_2017_dept_budget.txt").key_figures()["three_public"]
    assert (h["budget"]["total"], h["budget"]["reception"]) == (Dm("670.12"), Dm("185.72"))
    j = read_report(REPORTS / "putuo_justice_2026_dept_budget.txt")
    assert j.table("three_public").amount_unit == "万元" and j.amount_unit == "元"
    assert j.key_figures()["three_public"]["budget"]["total"] == Dm("10.81")


def test_split_codes_joined():
    """Codes printed in three columns (204|06|01) are joined."""
    rep = read_report(REPORTS / "putuo_justice_2026_dept_budget.txt")
    assert rep.table("expenditure").value("2040601", "合计") == Dm("16726725.44")


def test_shiquanlu_real_contradiction():
    """石泉路 公开05 212: 13,583.48 printed vs 基本 1,066.51 + 项目 2,921.97."""
    fs = read_report(REPORTS / "putuo_shiquanlu_street_2025_final.txt").check()
    assert [f for f in fs if f.verdict == "contradiction" and "212" in f.where and f.found == Dm("13583.48")]


def test_template_reads_without_figures():
    """The blank Shanghai template reads: nine tables, no figures."""
    rep = read_report(REPORTS / "shanghai_dept_final_template_2024.txt")
    assert {"income_expenditure_summary", "three_public", "general_budget_basic"} <= {t.table_id for t in rep.tables}
    assert rep.key_figures()["income_total"] is None


def test_cli_exit_codes(capsys):
    """check: 1 with a contradiction (seed), 0 without, 2 unreadable; read --json works."""
    assert main(["check", str(SEED)]) == 1
    assert main(["check", str(REPORTS / "putuo_commerce_2025_unit_budget.txt")]) == 0
    assert main(["check", "does/not/exist.txt"]) == 2
    capsys.readouterr()
    assert main(["read", str(SEED), "--json"]) == 0
    import json

    out = json.loads(capsys.readouterr().out)
    assert out["key_figures"]["basic"] == "455.65"


def test_a_text_without_tables_is_not_assessable(capsys):
    """A text with no budget table is said to be not assessable, not silently "0 checks"."""
    rep = read_report(text="这不是预决算报告。\n只有一行文字 12.50\n")
    findings = rep.check()
    assert [(f.rule, f.verdict) for f in findings] == [("tables", "not_assessable")]
    assert "未识别出任何" in findings[0].message


def test_to_ledger(seed):
    """to_ledger posts 万元 leaves as 元."""
    led = seed.to_ledger()
    assert led.total(functional="201") == Dm("4106500.00")


LINES = SEED.read_text(encoding="utf-8").splitlines()


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(0, 30))
def test_mangled_never_crashes(rnd: random.Random, n: int):
    """Mangled reports raise nothing but GovBudgetError and every non-empty line is placed somewhere."""
    lines = list(LINES[1:])
    for _ in range(n):
        i = rnd.randrange(len(lines))
        op = rnd.randrange(5)
        if op == 0:
            lines[i] = lines[i].replace("\t", rnd.choice([" ", "  ", "\t\t", ""]))
        elif op == 1:
            lines.insert(i, rnd.choice(["@@##", "12.3.4", "-- 7 --", "合计\t1,2,3", "\t\t9x9"]))
        elif op == 2:
            lines[i] = lines[i][: rnd.randrange(len(lines[i]) + 1)]
        elif op == 3:
            lines[i] = lines[i].replace(".", rnd.choice([". ", ",", ".."]), 1)
        else:
            j = rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
    text = "\n".join(lines)
    try:
        rep = read_report(text=text)
    except gb.GovBudgetError:
        return
    rep.key_figures()
    rep.check()
    # every non-empty line is placed exactly once: a row of an identified table, a narrative
    # heading or body line, furniture (titles, units, notes, page markers) or unmapped
    places: dict[str, set[int]] = {
        "table": {no for t in rep.tables if t.table_id for no, _ in t.raw_rows},
        "heading": {s.line for s in rep.narrative if s.heading},
        "narrative": {no for s in rep.narrative for no in s.lines},
        "furniture": {f[1] for f in rep.furniture},
        # (an unreadable cell, or an amount not read as a cell, is listed with its line: not the line itself)
        "unmapped": {u.line for u in rep.unmapped
                     if not u.reason.startswith(("unreadable amount", "amount not read as a cell"))},
    }
    cells = {c.line for t in rep.tables for c in t.cells}
    assert cells <= places["table"] | places["unmapped"]
    for no, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            where = [k for k, v in places.items() if no in v]
            assert len(where) == 1, (no, line, where)


@pytest.fixture(scope="module")
def pdfs():
    return {n: read_report(REPORTS / f"{n}.pdf") for n in ("jiangsu_cppcc_2018_dept_budget_tables",
                                                           "putuo_justice_2026_dept_budget")}


@pytest.mark.parametrize("name", ["jiangsu_cppcc_2018_dept_budget_tables", "putuo_justice_2026_dept_budget"])
def test_pdf_matches_text(pdfs, name):
    """The PDF path gives the same key figures as the text layer."""
    a = pdfs[name].key_figures()
    b = read_report(REPORTS / f"{name}.txt").key_figures()
    for k in ("income_total", "basic", "project", "personnel", "public", "fiscal_total"):
        assert a[k] == b[k], k
    assert a["three_public"]["budget"]["total"] == b["three_public"]["budget"]["total"]
    # figures typed from the documents (both paths must give them)
    for kf in (a, b):
        assert {k: kf[k] for k in _PDF_PRINTED[name]} == _PDF_PRINTED[name]
        assert kf["three_public"]["budget"]["total"] == _PDF_THREE_PUBLIC[name]
        code, value = _PDF_FUNCTIONAL[name]
        assert kf["functional"][code] == value


# jiangsu_cppcc: 收入总计 10,150.48; 一、财政拨款 10,070.48; 基本支出 5,678.17; 项目支出 3,314.68;
# 302 商品和服务支出 1,115.85; 一、一般公共服务支出 7,827.46; 三公 675.10.  putuo_justice (元): 支出 合计
# 96282213.44 = 基本 25741666.44 + 项目 70540547.00; 204 公共安全支出 87267272.44; 三公 10.81 (万元)
_PDF_PRINTED = {
    "jiangsu_cppcc_2018_dept_budget_tables": {
        "income_total": Dm("10150.48"), "fiscal_total": Dm("10070.48"), "basic": Dm("5678.17"),
        "project": Dm("3314.68"), "public": Dm("1115.85")},
    "putuo_justice_2026_dept_budget": {
        "income_total": Dm("96282213.44"), "fiscal_total": Dm("96282213.44"), "project": Dm("70540547.00")},
}
_PDF_FUNCTIONAL = {"jiangsu_cppcc_2018_dept_budget_tables": ("201", Dm("7827.46")),
                   "putuo_justice_2026_dept_budget": ("204", Dm("87267272.44"))}
_PDF_THREE_PUBLIC = {"jiangsu_cppcc_2018_dept_budget_tables": Dm("675.10"), "putuo_justice_2026_dept_budget": Dm("10.81")}


@pytest.mark.parametrize("name", sorted(p.stem for p in REPORTS.glob("*.pdf")))
def test_pdf_and_text_layer_agree(name):
    """A shared report read from its PDF (geometry) and from its text layer gives the same key figures
    and the same contradictions at the same places."""
    pdf, txt = read_report(REPORTS / f"{name}.pdf"), read_report(REPORTS / f"{name}.txt")
    assert pdf.key_figures() == txt.key_figures()

    def contradictions(rep):
        return sorted((f.rule, f.where) for f in rep.check() if f.verdict == "contradiction")

    assert contradictions(pdf) == contradictions(txt)


def test_codes_as_printed():
    """Unpadded 款 (``301 | 2``, ``301 2``) are read as 30102; a class printed wrong (``7 | 11 | 02`` under
    210 11) is read as 2101102 and recorded in the table's ``misprinted_codes`` for the checks to report."""
    text = ("支出决算表\n金额单位：万元\n科目编码\t\t\t科目名称\t合计\n类\t款\t项\t\t\n"
            "210\t\t\t卫生健康支出\t3.00\n210\t11\t\t行政事业单位医疗\t3.00\n7\t11\t02\t事业单位医疗\t3.00\n"
            "301\t2\t\t津贴补贴\t5.00\n")
    t = read_report(text=text).tables[0]
    assert [code for code, _, _ in t.rows] == ["210", "21011", "2101102", "30102"]
    assert t.misprinted_codes == (("7 11 02", "2101102", 7),)
    assert t.to_dict()["misprinted_codes"] == [["7 11 02", "2101102", 7]]
    spaced = read_report(text="基本支出决算表\n金额单位：元\n科目编码 科目名称 合计\n301 2 津贴补贴 16,623,810\n")
    assert spaced.tables[0].rows[0][0] == "30102"


def test_text_without_positions_placed_by_identities():
    """A single-space row with a blank dropped: placed where 合计 = 基本 + 项目 and parent = Σ children
    single it out (naming the identity), else uncertain — never silently from the left."""
    text = ("一般公共预算财政拨款支出决算表\n金额单位：万元\n项目 合计 基本支出 项目支出\n"
            "201 一般公共服务支出 10.00 6.00 4.00\n20101 人大事务 6.00 6.00\n20102 政协事务 4.00 4.00\n"
            "208 社会保障和就业支出 3.00 3.00\n")
    t = read_report(text=text).tables[0]
    assert t.get("20101", "基本支出").value == Dm("6.00")
    assert t.get("20102", "项目支出").value == Dm("4.00")
    dropped = [t.get("20101", "项目支出"), t.get("20102", "基本支出")]  # blanks the text does not show
    assert [(c.value, c.blank, c.certain) for c in dropped] == [(None, "assumed", False)] * 2
    assert t.get("20102", "项目支出").placement == "identity"
    assert t.get("20102", "项目支出").identities == ("201 = Σ 下级科目",)
    second = [c for c in t.row_cells("208") if c.column != "合计"]
    assert [(c.placement, c.ambiguous, c.certain) for c in second] == [("uncertain", True, False)]
    assert (t.certainty()["uncertain"], t.certainty()["blank_assumed"]) == (1, 2)
