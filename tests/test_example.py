"""End to end: examples/zhuzhou_2024/rebuild.py --json in both modes, run from a foreign working directory.

Expected figures are typed from the seed report (株洲市长株潭一体化发展事务中心 2024年度部门决算).
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

import govbudget as gb

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "zhuzhou_2024"
SCRIPT = EXAMPLE / "rebuild.py"

# 说明五（三） prints a 类/款/项 label for these 11 项; none names its code's own 类 and 款
LABEL_CODES = ("2010450", "2010499", "2080502", "2080505", "2080506", "2101101", "2101102", "2101103",
               "2101199", "2110199", "2210201")  # fmt: skip

# 公开09 预算数 columns print the 决算数 (14.32, 6.90, 6.86, blank, 6.86, 0.56); 说明七 gives 19 = 7 + 7 + 5
BUDGET_CELLS = {
    ("公开09", "1", 1): ("14.32", "19.00"),
    ("公开09", "1", 2): ("6.90", "7.00"),
    ("公开09", "1", 3): ("6.86", "7.00"),
    ("公开09", "1", 5): ("6.86", "7.00"),
    ("公开09", "1", 6): ("0.56", "5.00"),
}
# 公开06 parents printed differently from the sum of their printed 款
TAIL_CELLS = {
    ("公开06", "301", 1): ("291.36", "291.37"),
    ("公开06", "302", 1): ("154.79", "154.81"),
    ("公开06", "303", 1): ("8.12", "8.11"),
    ("公开06", "公用经费合计", 1): ("156.17", "156.19"),
}
# 说明/附件 figures that differ in both modes: the report disagrees with itself, or a convention
NARRATIVE_DIFFERS = {
    ("七（二）", "公务接待费与上年增减额"),  # printed "增加减少0.79"
    ("十一", "工程中小企业占比"),  # 100% over a zero base
    ("附件", "基本支出"), ("附件", "公用经费"), ("附件", "项目支出"),
    ("附件1", "三公经费 本年预算数"), ("附件1", "三公经费 本年决算数"),
    ("附件1", "公务用车购置和维护经费 本年预算数"), ("附件1", "公务用车购置和维护经费 本年决算数"),
    ("附件1", "公车运行维护 本年预算数"), ("附件1", "公车运行维护 本年决算数"),
    ("附件1", "项目支出 本年决算数"), ("附件1", "公用经费 本年决算数"),
    ("附件2", "基本支出"), ("附件2", "项目支出"),
    *(("五（三）", f"{code} 科目") for code in LABEL_CODES),
}  # fmt: skip


def _run(tmp_path_factory, *flags: str) -> tuple[dict, Path]:
    cwd = tmp_path_factory.mktemp("cwd")
    out = tmp_path_factory.mktemp("out")
    proc = subprocess.run([sys.executable, str(SCRIPT), "--json", "--out", str(out), *flags], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout), out


@pytest.fixture(scope="module")
def exact(tmp_path_factory) -> tuple[dict, Path]:
    return _run(tmp_path_factory)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> tuple[dict, Path]:
    return _run(tmp_path_factory, "--as-printed")


def cell(result: dict, table: str, row: str, column: int) -> dict:
    [hit] = [c for c in result["cells"] if (c["table"], c["row"], c["column"]) == (table, row, column)]
    return hit


def figure(result: dict, section: str, label: str) -> dict:
    [hit] = [n for n in result["narrative"] if (n["section"], n["label"]) == (section, label)]
    return hit


def not_equal_cells(result: dict) -> dict:
    return {(c["table"], c["row"], c["column"]): (c["published"], c["rebuilt"], c["verdict"])
            for c in result["cells"] if c["verdict"] != "equal"}  # fmt: skip


def not_equal_figures(result: dict) -> dict:
    return {(n["section"], n["label"]): n["verdict"] for n in result["narrative"] if n["verdict"] != "equal"}


# ----------------------------------------------------------------------------------------- both modes


def test_modes_are_reported(exact, printed) -> None:
    assert exact[0]["mode"] == "exact"
    assert printed[0]["mode"] == "as-printed"


def test_every_cell_of_the_nine_tables_is_compared(exact, printed) -> None:
    for result, _ in (exact, printed):
        assert len(result["cells"]) == 676
        assert {c["table"] for c in result["cells"]} == {f"公开0{i}" for i in range(1, 10)}
        assert {c["verdict"] for c in result["cells"]} <= {"equal", "tail", "differs"}


def test_total_expenditure_is_equal(exact, printed) -> None:
    for result, _ in (exact, printed):
        c = cell(result, "公开03", "合计", 1)
        assert (c["published"], c["rebuilt"], c["verdict"]) == ("519.63", "519.63", "equal")


def test_tails_of_the_published_document(exact, printed) -> None:
    """Both modes list the same five printed parents that differ from their printed children."""
    expected = [
        ("公开06 301 栏次1", "291.36", "291.37", 11, "0.06"),
        ("公开06 302 栏次1", "154.79", "154.81", 19, "0.10"),
        ("公开06 303 栏次1", "8.12", "8.11", 2, "0.015"),
        ("公开06 公用经费合计 栏次1", "156.17", "156.19", 20, "0.105"),
        ("说明五（三） 年初预算", "580.13", "580.14", 11, "0.06"),
    ]
    for result, _ in (exact, printed):
        got = [(t["where"], t["printed"], t["children_sum"], t["n"], t["band"]) for t in result["tails"]]
        assert got == expected
        assert {t["verdict"] for t in result["tails"]} == {"tail"}


def test_three_public_budget_columns_differ(exact, printed) -> None:
    for result, _ in (exact, printed):
        c = cell(result, "公开09", "1", 1)
        assert (c["published"], c["rebuilt"], c["verdict"]) == ("14.32", "19.00", "differs")
        assert "disagrees with itself" in c["reason"]


def test_attachment_basic_spending_differs_from_the_tables(exact, printed) -> None:
    """附件 prints 基本支出 355.85; the tables (and the rebuild) give 455.65."""
    for result, _ in (exact, printed):
        for section in ("附件", "附件2"):
            n = figure(result, section, "基本支出")
            assert n["verdict"] == "differs"
            assert n["published"].startswith("355.85")
            assert n["rebuilt"].startswith("455.65")
            assert "公开05 合计 栏次2 prints 455.65" in n["reason"]


def test_narrative_shares_and_double_direction_word(exact) -> None:
    result, _ = exact
    assert figure(result, "三", "基本支出占比")["verdict"] == "equal"
    assert figure(result, "五（二）", "社会保障和就业支出")["verdict"] == "equal"  # printed "47.3"
    n = figure(result, "七（二）", "公务接待费与上年增减额")
    assert (n["verdict"], n["published"]) == ("differs", "增加减少0.79万元")


def test_derived_figures_common_to_both_modes(exact, printed) -> None:
    for result, _ in (exact, printed):
        d = result["derived"]
        assert d["personnel"] == "299.48"
        assert d["three_public"] == {"total": "14.32", "abroad": "6.90", "vehicle": "6.86",
                                     "vehicle_purchase": "0.00", "vehicle_running": "6.86", "reception": "0.56"}
        assert d["operating_costs"]["applicable"] is False
        assert "事业单位" in d["operating_costs"]["reason"]


def test_outputs_are_written(exact) -> None:
    _, out = exact
    for name in ("narrative.md", "tables.md", "tables.txt", "tables.xlsx", "expenditure_by_class.svg",
                 "three_public.svg"):
        assert (out / name).stat().st_size > 0, name
    assert "## 七、财政拨款“三公”经费支出决算情况说明" in (out / "narrative.md").read_text(encoding="utf-8")


def _xlsx_cells(path: Path, sheet: str) -> dict[str, str]:
    """Cell ref → value text of one sheet of an xlsx file (shared strings resolved)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    z = zipfile.ZipFile(path)
    names = [s.get("name") for s in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", ns)]
    xml = ET.fromstring(z.read(f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"))
    shared = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
              for si in ET.fromstring(z.read("xl/sharedStrings.xml"))]  # fmt: skip
    cells = {}
    for c in xml.iter(f"{{{ns['m']}}}c"):
        v = c.find("m:v", ns)
        if v is not None:
            cells[c.get("r")] = shared[int(v.text)] if c.get("t") == "s" else v.text
    return cells


def test_xlsx_output_holds_the_seed_values(exact) -> None:
    """tables.xlsx read back: 公开03 合计 and 2010499 rows and 公开09 决算数 as the seed prints them."""
    _, out = exact
    t03 = _xlsx_cells(out / "tables.xlsx", "公开03")
    assert ("支出决算表", "公开03表", "合计", "519.63", "455.65", "63.98") == (
        t03["A1"], t03["H2"], t03["A7"], t03["C7"], t03["D7"], t03["E7"])  # fmt: skip
    assert ("2010499", "其他发展与改革事务支出", "56.78", "56.78") == (t03["A11"], t03["B11"], t03["C11"], t03["E11"])
    assert "D11" not in t03  # 2010499 has no 基本支出
    t09 = _xlsx_cells(out / "tables.xlsx", "公开09")
    # 决算数 columns 7–12 of the seed's 公开09: 14.32, 6.90, 6.86, blank, 6.86, 0.56
    assert ("14.32", "6.90", "6.86", "6.86", "0.56") == (t09["G8"], t09["H8"], t09["I8"], t09["K8"], t09["L8"])
    assert "J8" not in t09
    # 预算数 in exact mode: 说明七's 19 = 7 + 7 + 5
    assert ("19.00", "7.00", "5.00") == (t09["A8"], t09["B8"], t09["F8"])


def _svg_labels_and_bars(path: Path, *, horizontal: bool = False) -> tuple[list[str], dict[str, list[float]]]:
    """(text labels, bar lengths by fill colour, in reading order) of a matplotlib SVG.

    The charts keep their text as SVG ``<text>`` (svg.fonttype "none"); bars are the clipped filled
    paths inside the axes: vertical bars by height (ordered left to right), horizontal bars by
    width (ordered top to bottom).
    """
    root = ET.fromstring(path.read_text(encoding="utf-8"))
    labels = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    bars: dict[str, list[tuple[float, float, float]]] = {}
    for p in root.iter("{http://www.w3.org/2000/svg}path"):
        fill = re.search(r"fill: (#[0-9a-f]{6})", p.get("style", ""))
        if p.get("clip-path") is None or fill is None:
            continue
        nums = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", p.get("d"))]
        xs, ys = nums[0::2], nums[1::2]
        bars.setdefault(fill.group(1), []).append((min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    out = {}
    for colour, boxes in bars.items():
        order = sorted(boxes, key=lambda b: b[1] if horizontal else b[0])
        out[colour] = [b[2] if horizontal else b[3] for b in order]
    return labels, out


def _scaled(heights: list[float], anchor: float, value: str) -> list[str]:
    """Bar heights in 万元, scaled so that ``anchor`` (a height) is ``value``; printed to the 分."""
    return [f"{Decimal(str(h)) * Decimal(value) / Decimal(str(anchor)):.2f}" for h in heights]


def test_svg_charts_show_the_seed_figures(exact) -> None:
    """The charts carry Chinese labels, and their bars are in the proportions of the seed's figures."""
    _, out = exact
    labels, bars = _svg_labels_and_bars(out / "expenditure_by_class.svg", horizontal=True)
    assert ["201 一般公共服务支出", "208 社会保障和就业支出", "210 卫生健康支出", "211 节能环保支出",
            "221 住房保障支出"] == [x for x in labels if x[:3].isdigit() and " " in x]
    assert {"2024年度支出决算，按功能分类的类（万元）", "基本支出", "项目支出", "410.65", "22.99"} <= set(labels)
    basic, project = bars["#1f77b4"], bars["#ff7f0e"]
    # 公开05 基本支出 / 项目支出 by 类: 201 353.87 / 56.78, 208 47.30 / –, 210 31.49 / –, 211 – / 7.20, 221 22.99 / –
    assert ["353.87", "47.30", "31.49", "0.00", "22.99"] == _scaled(basic, basic[0], "353.87")
    assert ["56.78", "0.00", "0.00", "7.20", "0.00"] == _scaled(project, basic[0], "353.87")

    labels, bars = _svg_labels_and_bars(out / "three_public.svg")
    assert {"因公出国（境）费", "公务用车购置及运行维护费", "公务接待费", "预算数", "决算数", "上年决算数"} <= set(labels)
    budget, actual, prior = bars["#1f77b4"], bars["#ff7f0e"], bars["#2ca02c"]
    # 说明七: budgets 7 / 7 / 5, actuals 6.9 / 6.86 / 0.56; prior year = actual − change:
    # 出国 6.9 − 6.9 = 0, 车 6.86 + 5.14 = 12.00, 接待 0.56 + 0.79 = 1.35
    assert ["7.00", "7.00", "5.00"] == _scaled(budget, budget[0], "7")
    assert ["6.90", "6.86", "0.56"] == _scaled(actual, budget[0], "7")
    assert ["0.00", "12.00", "1.35"] == _scaled(prior, budget[0], "7")
    assert {"7.00", "6.90", "0.56", "12.00", "1.35"} <= set(labels)  # each bar carries its value


def test_svg_text_names_a_list_of_chinese_fonts(exact) -> None:
    """The SVG keeps its labels as text with a CJK font-family fallback list, so a viewer with any of
    those fonts shows the Chinese, whatever this machine has."""
    _, out = exact
    style = ET.fromstring((out / "three_public.svg").read_text(encoding="utf-8")).find(
        ".//{http://www.w3.org/2000/svg}text").get("style")
    family = re.search(r"font-family: ([^;]+)", style).group(1)
    assert "'Noto Sans CJK SC'" in family and "'Microsoft YaHei'" in family and family.endswith("sans-serif")


def test_png_charts_only_with_a_chinese_font(tmp_path, monkeypatch) -> None:
    """Without a CJK font no PNG is written (it would show empty boxes) and the notes say so."""
    rebuild = _load_script()
    monkeypatch.setattr(rebuild, "installed_cjk_font", lambda: None)
    result = rebuild.run(tmp_path, "as-printed")
    assert not list(tmp_path.glob("*.png"))
    assert {"expenditure_by_class.svg", "three_public.svg"} <= set(result["written"])
    assert any(n.startswith("PNG charts not written: no Chinese font is installed") for n in result["notes"])
    monkeypatch.setattr(rebuild, "installed_cjk_font", lambda: "DejaVu Sans")  # stands in for a CJK font
    out = tmp_path / "with_font"
    out.mkdir()
    result = rebuild.run(out, "as-printed")
    assert (out / "three_public.png").stat().st_size > 0 and "three_public.png" in result["written"]
    assert not [n for n in result["notes"] if n.startswith("PNG")]


# ----------------------------------------------------------------------------------------- exact mode


def test_exact_mode_non_equal_cells(exact) -> None:
    """Every published cell is reproduced except 公开09's 预算数 columns."""
    assert not_equal_cells(exact[0]) == {k: (*v, "differs") for k, v in BUDGET_CELLS.items()}


def test_exact_mode_non_equal_figures(exact) -> None:
    assert not_equal_figures(exact[0]) == {k: "differs" for k in NARRATIVE_DIFFERS}


def test_exact_mode_public_costs_are_the_printed_156_17(exact) -> None:
    result, _ = exact
    assert result["derived"]["public"] == "156.17"
    n = figure(result, "六", "公用经费")
    assert (n["published"], n["rebuilt"], n["verdict"]) == ("156.17万元", "156.17万元", "equal")
    assert "156.19" in n["reason"]  # the tail behind the figure is still named
    assert figure(result, "六", "公用经费占比")["verdict"] == "equal"  # 34.27%


def test_exact_mode_keeps_the_reason_of_a_tail_cell(exact) -> None:
    c = cell(exact[0], "公开06", "302", 1)
    assert (c["published"], c["rebuilt"], c["verdict"]) == ("154.79", "154.79", "equal")
    assert "154.81" in c["reason"] and "19 printed children" in c["reason"] and "±0.10" in c["reason"]


def test_exact_tables_read_back_without_an_x08_contradiction(exact, printed) -> None:
    """公开05 基本支出 455.65 = 人员经费合计 299.48 + 公用经费合计 156.17 in the exact tables only."""
    def x08(out: Path) -> list[str]:
        report = gb.read_report(text=(out / "tables.txt").read_text(encoding="utf-8"))
        return [f.verdict for f in report.check() if f.rule == "X08"]

    assert x08(exact[1]) and "contradiction" not in x08(exact[1])
    assert "contradiction" in x08(printed[1])  # as printed: 299.48 + 156.19 = 455.67


def test_exact_mode_checks_both_views_of_basic_spending_exactly(exact) -> None:
    [x08] = [c for c in exact[0]["checks"] if c["rule"] == "X08"]
    assert (x08["verdict"], x08["unit"], x08["found"], x08["expected"]) == ("ok", "元", "4556500.00", "4556500.00")


def test_reconstruction_rounds_to_the_printed_figures(exact) -> None:
    """Each reconstructed 元 value prints as its printed 万元 figure, and the 公用 款 add to 156.17 exactly."""
    rc = exact[0]["reconstruction"]
    assert (rc["requested"], rc["feasible"], rc["conflict"]) == (True, True, [])
    assert rc["adjusted"], "the seed's tails cannot be met without moving some leaves"
    for a in rc["adjusted"]:
        exact_wan = gb.to_wan(gb.D(a["exact_yuan"]))
        assert gb.round_half_up(exact_wan) == gb.D(a["printed"]), a
        assert abs(exact_wan - gb.D(a["printed"])) <= Decimal("0.005"), a
    moved = {a["figure"]: gb.D(a["exact_yuan"]) for a in rc["adjusted"]}
    assert "公开06 公用经费合计" not in moved  # 156.17 exactly: 1561700.00 元
    public_kuan = [line.split(",") for line in (EXAMPLE / "data" / "economic.csv").read_text(encoding="utf-8")
                   .splitlines() if line[:3] in ("302", "310")]  # fmt: skip
    total = sum((moved.get(f"公开06 {code}", gb.to_yuan(gb.D(v))) for code, v in public_kuan), Decimal(0))
    assert len(public_kuan) == 20 and total == Decimal("1561700.00")


def _screen(tmp_path: Path, *flags: str) -> str:
    proc = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path), *flags], capture_output=True,
                          text=True, encoding="utf-8", timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_first_screen_answers(tmp_path) -> None:
    """What was rebuilt, how much matches, each disagreement in one line, the tails, the folder last."""
    text = _screen(tmp_path)
    lines = text.rstrip("\n").splitlines()
    assert len(lines) <= 40
    assert lines[1] == "  rebuilt  : the nine 公开表 (676 cells) and the 情况说明 with its 附件 (239 figures)"
    assert lines[2] == "  match    : 671 of 676 table cells and 213 of 239 说明/附件 figures are equal to the published ones"
    assert "NOT the unit's books" in text
    assert "  公开06 公用经费合计 栏次1: 156.17 vs 156.19 (n=20, ±0.105)" in lines
    assert "  说明五（三） 年初预算: 580.13 vs 580.14 (n=11, ±0.06)" in lines
    assert lines[-1].startswith(f"Outputs in {tmp_path}: tables.xlsx, tables.md, tables.txt, narrative.md, ") or \
        lines[-2].startswith(f"Outputs in {tmp_path}: ")  # a note may follow (no CJK font: no PNG)
    assert "Equal figures" not in text and "公开01 27 栏次1: 519.63" not in text


def test_details_list_the_equal_figures(tmp_path) -> None:
    text = _screen(tmp_path, "--details")
    assert "Equal figures (published = rebuilt):" in text
    assert "  公开05 合计 栏次1: 519.63" in text.splitlines()
    assert text.rstrip("\n").splitlines()[-1].startswith("Outputs in") or "note:" in text.splitlines()[-1]


def test_summary_gives_each_group_one_reason(tmp_path) -> None:
    text = _screen(tmp_path)
    summary = text.split("Where the rebuild differs")[1].split("Rounding tails")[0]
    heads = [line for line in summary.splitlines() if line.startswith("  [")]
    assert heads[0] == ("  [differs] 公开09 (5 figures): 预算数 columns repeat the 决算数; 说明七 gives 19/7/7/5 "
                        "(合计/出国/公车/接待), which the rebuild prints")
    assert "  [differs] 说明附件2 (2 figures): differs from the figures it repeats, e.g. 基本支出 355.85 where " \
           "公开05 合计 栏次2 prints 455.65" in heads
    assert "  [differs] 说明十一 工程中小企业占比: published 100%, rebuilt 0.00%: amount and base are both 0 (0/0)" in heads
    assert len(heads) == 7  # 公开09, 七（二）, 十一, 附件, 附件1, 附件2, 五（三） labels


# ----------------------------------------------------------------------------------------- as printed


def test_as_printed_non_equal_cells(printed) -> None:
    expected = {k: (*v, "differs") for k, v in BUDGET_CELLS.items()}
    expected |= {k: (*v, "tail") for k, v in TAIL_CELLS.items()}
    assert not_equal_cells(printed[0]) == expected


def test_as_printed_non_equal_figures(printed) -> None:
    expected = {k: "differs" for k in NARRATIVE_DIFFERS}
    expected |= {("六", "公用经费"): "tail", ("六", "公用经费占比"): "tail"}  # 156.17 and 34.27%
    assert not_equal_figures(printed[0]) == expected


def test_as_printed_public_costs_are_the_sum_of_the_printed_leaves(printed) -> None:
    result, _ = printed
    assert result["derived"]["public"] == "156.19"
    c = cell(result, "公开06", "302", 1)
    assert (c["published"], c["rebuilt"], c["verdict"]) == ("154.79", "154.81", "tail")
    assert result["reconstruction"] == {"requested": False}


# ----------------------------------------------------------------------------------------- fallback


def _load_script():
    spec = importlib.util.spec_from_file_location("zhuzhou_rebuild", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_infeasible_figures_fall_back_to_as_printed(tmp_path, monkeypatch) -> None:
    """A 公用经费合计 of 156.19 fits neither 302 + 310 (< 156.18) nor 455.65 − 299.48: no exact values."""
    rebuild = _load_script()
    real = rebuild.read_csv

    def misprinted(path: Path) -> list[dict[str, str]]:
        rows = real(path)
        for r in rows:
            if r.get("table") == "公开06" and r.get("row") == "公用经费合计":
                r["value"] = "156.19"
        return rows

    monkeypatch.setattr(rebuild, "read_csv", misprinted)
    result = rebuild.run(tmp_path, "exact")
    assert result["mode"] == "as-printed"
    assert result["reconstruction"]["feasible"] is False
    assert result["reconstruction"]["conflict"] == ["公开06 公用经费合计"]
    assert "figures that cannot all be right: 公开06 公用经费合计" in rebuild.report(result)


def test_out_that_is_an_existing_file_is_a_clear_error(tmp_path) -> None:
    """--out naming a file: exit status 2 and a one-line reason, no traceback."""
    f = tmp_path / "taken.txt"
    f.write_text("x", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(SCRIPT), "--out", str(f)], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)  # fmt: skip
    assert proc.returncode == 2
    assert "expected a folder for the outputs, found an existing file" in proc.stderr
    assert "Traceback" not in proc.stderr
    below = f / "sub"  # a folder below a file cannot be made: reported, exit 2
    proc = subprocess.run([sys.executable, str(SCRIPT), "--out", str(below)], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.startswith("rebuild.py: error: ") and "Traceback" not in proc.stderr


def test_json_rows_are_str_and_columns_int(exact) -> None:
    result, _ = exact
    entries = [*result["cells"], *result["tails"]]
    assert {(type(e["row"]), type(e["column"])) for e in entries} == {(str, int)}
    [x18] = [t for t in result["tails"] if not t["table"]]
    assert (x18["row"], x18["column"], x18["printed"], x18["children_sum"]) == ("", 0, "580.13", "580.14")


def test_rebuilt_amounts_of_the_attachments_carry_wan(exact) -> None:
    result, _ = exact
    for sec, label, rebuilt in (("附件1", "三公经费 本年预算数", "19.00万元"), ("附件1", "公用经费 本年决算数", "156.17万元"),
                                ("附件2", "基本支出", "455.65万元"), ("附件", "基本支出", "455.65万元")):
        assert figure(result, sec, label)["rebuilt"] == rebuilt


def test_zero_over_zero_reason_explains_both_conventions(exact) -> None:
    n = figure(exact[0], "十一", "工程中小企业占比")
    assert (n["published"], n["rebuilt"], n["verdict"]) == ("100%", "0.00%", "differs")
    assert n["reason"].startswith("amount and base are both 0 (0/0): zero_base='legacy_100' prints 0% for 0/0")
    assert "the report prints 100% for 0/0" in n["reason"]


def test_the_first_screen_prints_the_command_for_the_details(tmp_path) -> None:
    """The footer said "--details lists every figure…" without a command to run (issue 14)."""
    lines = _screen(tmp_path).splitlines()
    assert "  make example ARGS=--details" in lines
    assert "  (or: python examples/zhuzhou_2024/rebuild.py --details; --json instead of --details gives it all " \
           "as JSON)" in lines
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    assert "\t$(PY) examples/zhuzhou_2024/rebuild.py $(ARGS)\n" in makefile  # ARGS reaches the script
    for doc in ("README.md", "examples/zhuzhou_2024/README.md", "docs/example.md"):
        assert "make example ARGS=--details" in (Path(__file__).resolve().parents[1] / doc).read_text(encoding="utf-8")
