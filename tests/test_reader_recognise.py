"""A table whose title is garbled or lost is recognised by its header and rows (signatures.toml),
conservatively: the same id, cells and findings as with its title, or no id at all."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from govbudget import read_report
from govbudget.errors import DataFileError
from govbudget.reader._pdf import pdf_to_text
from govbudget.reader._recognise import _signature, recognise_rows, signatures
from govbudget.reader.cli import main

HERE = Path(__file__).parent / "fixtures"
SEED = HERE / "seed" / "zhuzhou_2024.txt"
SH_TEMPLATE = HERE / "reports" / "shanghai_dept_final_template_2024.txt"
JS_COURT = HERE / "reports" / "jiangsu_high_court_2017_dept_budget.txt"
JS_NPC_PDF = HERE / "corpus" / "js_npc_office_2018_dept_budget.pdf"
SH_PUTUO_PDF = HERE / "corpus" / "sh_putuo_govoffice_2025_dept_budget.pdf"

#: (fixture, table id, the title printed on the table's title line, transcribed from the document)
CASES = [
    (SEED, "income_expenditure_summary", "收入支出决算总表"),
    (SEED, "income", "收入决算表"),
    (SEED, "expenditure", "支出决算表"),
    (SEED, "fiscal_summary", "财政拨款收入支出决算总表"),
    (SEED, "general_budget_basic", "一般公共预算财政拨款基本支出决算明细表"),
    (SEED, "three_public", "财政拨款“三公”经费支出决算表"),
    (SH_TEMPLATE, "income_expenditure_summary", "收入支出决算总表"),
    (SH_TEMPLATE, "income", "收入决算表"),
    (SH_TEMPLATE, "fiscal_summary", "财政拨款收入支出决算总表"),
    (SH_TEMPLATE, "general_budget_basic", "一般公共预算财政拨款基本支出决算表"),
    (SH_TEMPLATE, "three_public", "财政拨款“三公”经费支出决算表"),
    (JS_COURT, "income_expenditure_summary", "一、2017年度江苏省高级人民法院部门收支预算总表"),
    (JS_COURT, "expenditure", "三、2017年度江苏省高级人民法院部门支出预算总表"),
    (JS_COURT, "fiscal_summary", "四、2017年度江苏省高级人民法院部门财政拨款收支预算总表"),
    (JS_NPC_PDF, "income", "收入预算总表"),
    (JS_NPC_PDF, "expenditure", "支出预算总表"),
    (JS_NPC_PDF, "three_public", "“三公”经费"),
    (SH_PUTUO_PDF, "income_expenditure_summary", "财务收支预算总表"),
    (SH_PUTUO_PDF, "income", "收入预算总表"),
    (SH_PUTUO_PDF, "fiscal_summary", "财政拨款收支预算总表"),
    (SH_PUTUO_PDF, "gov_fund", "政府性基金预算支出功能分类预算表"),
    (SH_PUTUO_PDF, "state_capital", "国有资本经营预算支出功能分类预算表"),
    (SH_PUTUO_PDF, "general_budget_basic", "一般公共预算基本支出部门预算经济分类预算表"),
    (SH_PUTUO_PDF, "three_public", "“三公”经费和机关运行经费预算表"),
]


@cache
def _text(path: Path) -> str:
    return pdf_to_text(path) if path.suffix == ".pdf" else path.read_text(encoding="utf-8")


def _without_title(path: Path, title_line: int, replacement: str) -> str:
    lines = _text(path).split("\n")
    lines[title_line - 1] = replacement
    return "\n".join(lines)


def _cells(t):
    return [(c.value, c.row_label, c.row_code, c.column, c.line, c.placement, c.blank) for c in t.cells]


def _verdicts(rep):
    """The findings without the table names they quote (the name printed in the title is gone)."""
    return Counter((f.rule, f.verdict, f.expected, f.found) for f in rep.check())


@pytest.mark.parametrize("replacement", ["■■■■■■■■", "2024年度本部门综合情况明细表"], ids=["garbled", "unknown"])
@pytest.mark.parametrize(("path", "tid", "printed"), CASES, ids=[f"{p.stem}-{t}" for p, t, _ in CASES])
def test_table_without_its_title_is_recognised_by_its_rows(path, tid, printed, replacement):
    with_title = read_report(text=_text(path))
    titled = with_title.table(tid)
    assert titled is not None and titled.recognised_by == "title"
    line = _text(path).split("\n")[titled.line - 1]
    assert printed in line  # the line blanked below is the printed title
    rep = read_report(text=_without_title(path, titled.line, replacement))
    found = [t for t in rep.tables if t.table_id == tid]
    assert len(found) == 1
    assert found[0].recognised_by == "rows"
    assert found[0].to_dict()["recognised_by"] == "rows"
    assert _cells(found[0]) == _cells(titled)
    assert _verdicts(rep) == _verdicts(with_title)


def test_shared_header_stays_unrecognised_in_a_titled_report():
    """株洲 公开05 (一般公共预算), 07 (政府性基金), 08 (国有资本经营) print the same 合计/基本支出/项目支出
    or 年初结转和结余 … header without naming the fund: without their titles they are not guessed
    (before, 公开08 became a second 一般公共预算财政拨款支出表)."""
    def contradictions(rep):
        return Counter((f.rule, f.expected, f.found) for f in rep.check() if f.verdict == "contradiction")

    before = contradictions(read_report(text=_text(SEED)))
    for title in ("一般公共预算财政拨款支出决算表", "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表"):
        lines = _text(SEED).split("\n")
        at = lines.index(title)
        rep = read_report(text=_without_title(SEED, at + 1, "■■■■"))
        ids = [t.table_id for t in rep.tables]
        assert len(ids) == 12 and len(set(i for i in ids if i)) == len([i for i in ids if i]), ids
        unknown = [t for t in rep.tables if t.table_id is None and t.line > at]
        assert unknown and unknown[0].recognised_by is None
        assert any(u.reason == "unrecognised table" and u.line == unknown[0].line for u in rep.unmapped)
        assert contradictions(rep) <= before  # no contradiction the titled report does not have


def test_ambiguous_block_stays_unrecognised():
    """Only a 合计 row and two amount columns: no signature is satisfied, the table stays unrecognised."""
    rep = read_report(text="■■■■\n项目\t本年数\t上年数\n合计\t12.00\t10.00\n")
    assert [t.table_id for t in rep.tables] == [None]
    assert rep.tables[0].recognised_by is None
    assert ("（无标题）", "unrecognised table") in [(u.text, u.reason) for u in rep.unmapped]


def test_every_signature_is_satisfied_by_its_own_words_only():
    """The signatures do not overlap: the first words of each one satisfy it and no other."""
    for s in signatures():
        words = frozenset([g[0] for g in s.cells] + [g[0] for g in s.contains])
        codes = {"economic": ("301", "302"), "functional": ("2010101",)}.get(s.codes or "", ())
        assert [x.table_id for x in signatures() if x.satisfied(words, codes)] == [s.table_id]


def test_two_satisfied_signatures_or_an_id_read_before_give_no_id():
    head = [["项目", "一般公共预算支出"], ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"],
            ["2040101", "行政运行", "5.00", "5.00", ""]]
    assert recognise_rows(head) == "general_budget_expenditure"
    assert recognise_rows(head, seen=("general_budget_expenditure",)) is None
    # 三公 columns in a 经济分类 block (302 rows 因公出国(境)费用, 公务接待费): the basic table, not 三公
    basic = [["人员经费", "", "", "公用经费"], ["301", "工资福利支出", "1.00", "302", "商品和服务支出", "2.00"],
             ["30212", "因公出国(境)费用", "0.50", "30217", "公务接待费", "0.20"],
             ["30231", "公务用车运行维护费", "0.10", "", "", ""]]
    assert recognise_rows(basic) == "general_budget_basic"
    # a note naming a fund is not evidence
    fund = [["项目", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"], ["合计", "", "", ""]]
    assert recognise_rows(fund, ["注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。"]) is None
    assert recognise_rows(fund, ["政府性基金预算财政拨款收入支出表（续）"]) == "gov_fund"


def test_malformed_signature_is_a_data_file_error():
    with pytest.raises(DataFileError, match=r"\[income\] cells: expected a list of lists"):
        _signature("income", {"cells": ["本年收入合计"]})
    with pytest.raises(DataFileError, match="unknown keys"):
        _signature("income", {"rows": []})
    with pytest.raises(DataFileError, match="codes 'some'"):
        _signature("income", {"codes": "some"})


def test_read_json_shows_how_each_table_was_recognised(tmp_path, capsys):
    lines = _text(SEED).split("\n")
    lines[lines.index("收入决算表")] = "■■■■"
    path = tmp_path / "seed.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert main(["read", str(path), "--json"]) == 0
    tables = json.loads(capsys.readouterr().out)["tables"]
    how = {t["id"]: t["recognised_by"] for t in tables}
    assert how["income"] == "rows" and how["expenditure"] == "title"
    assert [t["recognised_by"] for t in tables if t["id"] is None] == [None]
