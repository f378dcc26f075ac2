"""Layouts as data (issue 10.1): a province added by a TOML file only, the shipped layouts, plug-ins."""

from __future__ import annotations

from decimal import Decimal as Dm

import pytest
from reader_fixtures import SEED_TEXT

import govbudget as gb
from govbudget.checks import CatalogueError, builtin_layouts, catalogue, check, load_layout

# a made-up province: its own rule ids, cells chosen by 行次/栏次 and by label, no Python
MADE_UP = """
id = "lingnan-2030"
name = "岭南省 2030 年度部门决算公开模板（虚构）"
kinds = ["决算"]
rules = ["R03.1", "X04"]

[[sum]]
rule = "LN.1"
total = { table = "income_expenditure_summary", row = "本年收入合计", column_no = "1" }
parts = [{ table = "income_expenditure_summary", row_no = "1", column_no = "1" },
         { table = "income_expenditure_summary", row_no = "4", column_no = "1" }]

[[equal]]
rule = "LN.2"
a = { title = "支出决算表", row = "合计", column = "基本支出" }
b = { table = "general_budget_expenditure", row = "合计", column = "基本支出" }

[[le]]
rule = "LN.3"
part = { table = "general_budget_expenditure", row = "2010450", column = "项目支出" }
whole = { table = "expenditure", row = "2010450", column = "项目支出" }

[[equal]]
rule = "LN.4"
a = { table = "income", row = "合计", column = "并不存在的栏" }
b = { table = "expenditure", row = "合计" }

[[equal]]
rule = "LN.5"
a = { table = "state_capital_nonexistent", row = "合计" }
b = { table = "expenditure", row = "合计" }
"""


@pytest.fixture
def made_up(tmp_path):
    p = tmp_path / "lingnan-2030.toml"
    p.write_text(MADE_UP, encoding="utf-8")
    return p


def _ours(fs):
    return {f.rule: f for f in fs if f.rule.startswith("LN.")}


def test_a_made_up_province_is_a_data_file(made_up):
    """On the seed: 本年收入合计 519.63 = 行次1 519.63 + 行次4 (blank); 公开03 合计 基本支出 455.65 =
    公开05's; 2010450 prints no 项目支出 in either table (blank ≤ blank); LN.4 names a column nobody prints; LN.5's table is
    not printed, so the rule does not apply."""
    got = _ours(check(gb.read_report(text=SEED_TEXT), layouts=[made_up]))
    assert {k: f.verdict for k, f in got.items()} == {"LN.1": "ok", "LN.2": "ok", "LN.3": "ok", "LN.4": "not_assessable"}
    assert "并不存在的栏" in got["LN.4"].message
    assert got["LN.1"].found == Dm("519.63")


def test_the_made_up_rules_find_a_changed_figure(made_up):
    old = "一、一般公共预算财政拨款收入\t1\t519.63"
    assert old in SEED_TEXT
    rep = gb.read_report(text=SEED_TEXT.replace(old, old.replace("519.63", "519.36")))
    got = _ours(check(rep, layouts=[load_layout(made_up)]))
    assert got["LN.1"].verdict == "contradiction" and (got["LN.1"].found, got["LN.1"].expected) == (
        Dm("519.63"), Dm("519.36"))


def test_a_malformed_layout_is_a_typed_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\nrules = ["R99.9"]\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"bad.toml.*R99\.9"):
        load_layout(bad)
    bad.write_text('id = "x"\n[[sum]]\nrule = "A"\ntotal = { row = "合计" }\nparts = []\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"\[\[sum\]\] #1"):
        load_layout(bad)


def test_the_shipped_layouts_agree_with_the_catalogue():
    """Each catalogued rule names the templates it applies to; each shipped layout lists exactly the
    rules that name its template (for its kinds)."""
    lays = builtin_layouts()
    assert lays.pop("common").rules == ()  # the shared vocabulary: terms, no rules of its own
    assert set(lays) == {"hunan-2024", "shanghai-2024-final", "shanghai-2024-budget", "jiangsu-2017", "jiangsu-2019"}
    for lay in lays.values():
        template = lay.id.removesuffix("-final").removesuffix("-budget")
        want = {r.id for r in catalogue().values() if template in r.templates and set(r.kinds) & set(lay.kinds)}
        assert set(lay.rules) == want, lay.id


def test_the_hunan_layout_on_the_seed():
    """行次 1–8 of 公开01 add up to 本年收入合计, 行次 1 equals 公开02's 财政拨款 (519.63)."""
    fs = check(gb.read_report(text=SEED_TEXT), layouts=[builtin_layouts()["hunan-2024"]])
    got = {f.rule: f.verdict for f in fs if f.rule.startswith("HN2024.")}
    assert got == {"HN2024.1": "ok", "HN2024.2": "ok"}


def test_a_plug_in_that_yields_something_else_is_a_typed_error():
    def bad(report):
        yield "not a finding"

    with pytest.raises(gb.GovBudgetError, match=r"bad.*str"):
        check(gb.read_report(text=SEED_TEXT), extra=[bad])
