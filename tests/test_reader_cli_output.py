"""Human output of ``govbudget read``/``check``, JSON errors, empty files, printed blanks, 单位 of a table layer."""

import json
from pathlib import Path

from govbudget import read_report
from govbudget.reader.cli import main

ROOT = Path(__file__).parent / "fixtures"
SEED = ROOT / "seed" / "zhuzhou_2024.txt"
JUSTICE = ROOT / "reports" / "putuo_justice_2026_dept_budget.txt"
COMMERCE = ROOT / "reports" / "putuo_commerce_2025_unit_budget.txt"


def test_check_groups_in_chinese_with_full_table_names(capsys):
    assert main(["check", str(JUSTICE)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("上海市普陀区司法局 2026年预算：共 ")
    assert "矛盾（contradictions：" in out and "名称与措辞（label problems：" in out
    assert "尾数误差（tail differences：" in out
    assert out.count("(contradictions") + out.count("（contradictions") == 1
    assert "部门一般公共预算支出功能分类预算表 2210201" in out  # full name, not cut at 20 characters
    assert "43,269.3" in out  # thousands separators in amounts; codes such as 2040699 untouched
    assert "2040699" in out


def test_yuan_cells_described_in_yuan(capsys):
    main(["check", str(COMMERCE), "--json"])
    places = [p for f in json.loads(capsys.readouterr().out)["findings"] for p in f["places"]]
    assert any("（表中印为 1,710,062.00 元）" in p for p in places)


def test_read_without_reprs(capsys):
    assert main(["read", str(JUSTICE)]) == 0
    out = capsys.readouterr().out
    assert "本年收入合计 (income_total)：96,282,213.44 元" in out
    assert "公用经费 (public)：2,178,324.44 元" in out
    assert "“三公”经费预算数 (three_public.budget)：合计 10.81 万元" in out
    assert "年初结转和结余 (opening_balance)：—" in out
    for bad in ("derived: ()", "{'", "None", "Decimal("):
        assert bad not in out


def test_json_error_object_and_no_text(tmp_path, capsys):
    assert main(["check", str(tmp_path / "missing.txt"), "--json"]) == 2
    assert "file not found" in json.loads(capsys.readouterr().out)["error"]
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["read", str(empty), "--json"]) == 2
    assert "no text" in json.loads(capsys.readouterr().out)["error"]
    pages = tmp_path / "pages.txt"
    pages.write_text("=== 第1页 ===\n\n=== 第2页 ===\n", encoding="utf-8")
    assert main(["check", str(pages)]) == 2
    assert "no text" in capsys.readouterr().err


def test_printed_blank_vs_absent(capsys):
    """Seed 公开01: 年初/年末结转和结余 printed empty (Hunan: 0); a 决算 text without 公开01 has no such figure."""
    kf = read_report(SEED).key_figures()
    assert kf["opening_balance"] is None and "opening_balance" in kf["blank"]
    assert "income_total" not in kf["blank"]
    kf2 = read_report(text="支出决算表\n金额单位：万元\n项目\t\t本年支出合计\t基本支出\t项目支出\n合计\t\t10.00\t7.00\t3.00\n"
                      ).key_figures()
    assert kf2["opening_balance"] is None and kf2["blank"] == ()
    main(["read", str(SEED), "--json"])
    out = json.loads(capsys.readouterr().out)["key_figures"]
    assert out["opening_balance"] is None and "opening_balance" in out["blank"]


def test_tables_layer_unit_from_its_unit_line(tmp_path):
    p = tmp_path / "x.tables.txt"
    p.write_text("=== 第5页 ===\n单位：万元\n[表格]\n项目\t\t本年支出合计\t基本支出\t项目支出\n合计\t\t10.00\t7.00\t3.00\n"
                 "[/表格]\n=== 第6页 ===\n[表格]\n项目\t\t本年收入合计\t财政拨款收入\t上级补助收入\t事业收入\t经营收入\t"
                 "附属单位上缴收入\t其他收入\n合计\t\t10.00\t10.00\n[/表格]\n", encoding="utf-8")
    rep = read_report(p)
    assert rep.amount_unit == "万元"
    assert [t.amount_unit for t in rep.tables] == ["万元", "万元"]


def test_summary_names_what_explains_the_folded_contradictions(capsys):
    """石泉路's folded sums are explained by a misprinted cell, 文旅局's by rows printed against shifted codes."""
    main(["check", str(ROOT / "reports" / "putuo_shiquanlu_street_2025_final.txt")])
    first = capsys.readouterr().out.splitlines()[0]
    assert "个印错的单元格解释" in first and "成组错位" not in first
    main(["check", str(ROOT / "reports" / "putuo_culture_tourism_2025_final.txt")])
    first = capsys.readouterr().out.splitlines()[0]
    assert "1 处成组错位解释" in first and "印错的单元格" not in first
