"""The development corpus, the checks' side: contradictions the triage traced to a rule that does not
fit the template (FALSE-RULE) or to a 说明 sentence form matching a sub-item are gone, and the
sentences they came from are compared with the right figure (``tests/test_corpus.py`` holds the
TRUE ones and the reader's misreads)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govbudget.reader import read_report

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
TRIAGE = json.loads((CORPUS / "triage.json").read_text(encoding="utf-8"))
OURS = [e for e in TRIAGE if e["verdict"] == "FALSE-RULE" or e["root_cause"] == "sentence matched on a sub-item"]
_cache: dict[str, list] = {}


def _check(name: str) -> list:
    if name not in _cache:
        _cache[name] = read_report(CORPUS / name).check()
    return _cache[name]


def test_the_triage_has_four_of_ours():
    assert len(OURS) == 4


@pytest.mark.parametrize("entry", OURS, ids=lambda e: f"{e['file'][:24]}-{e['where'][:16]}")
def test_false_rule_and_sentence_findings_gone(entry):
    head = entry["where"].split("（“")[0]
    bad = [f for f in _check(entry["file"]) if f.verdict == "contradiction" and f.rule == entry["rule"]
           and f.where.split("（“")[0] == head]
    assert bad == []


def test_class_sentence_of_the_summary_section_is_compared_with_the_summary_table():
    """p19 “（二）支出预算总计 17996.68 万元。包括：1．公共安全（类）支出 13656.34 万元” speaks of
    the 收支预算总表 (“四、公共安全支出 13,656.34”), not of the 一般公共预算 table (204: 13,641.34)."""
    [f] = [f for f in _check("js_procuratorate_2017_dept_budget.pdf") if f.where == "说明 公共安全（类）"]
    assert f.verdict == "ok" and str(f.found) == "13656.34"
    assert "收支预算总表 四、公共安全支出" in f.places[1]


@pytest.mark.parametrize(("name", "total"), [("js_npc_office_2018_dept_budget.pdf", "15897.44"),
                                             ("js_procuratorate_2017_dept_budget.pdf", "17996.68")])
def test_the_department_total_sentence_is_the_one_compared(name, total):
    """“（一）收入预算总计 X 万元” is the sentence read, not “2．财政专户管理资金收入预算总计 0 万元”."""
    got = [f for f in _check(name) if f.rule == "X12" and f.where.startswith("说明一 收入预算总计")]
    assert [(f.verdict, str(f.found)) for f in got] == [("ok", total)]
