"""Layouts drive the built-in checks (issue 10): the tables, rows and columns the families read come
from the layouts' terms, and the rules reported from their ``rules`` lists."""

from __future__ import annotations

import pytest

import govbudget as gb
from govbudget.checks import CatalogueError, Terms, builtin_layouts, check

# one table of the expenditure kind whose third line breaks 合计 = 基本 + 项目 by 1.00 万元
TEXT = ("支出决算表\n项目\t\t本年支出合计\t基本支出\t项目支出\n合计\t\t10.00\t7.00\t3.00\n"
        "201\t一般公共服务支出\t10.00\t7.00\t2.00\n")


def _layout(tmp_path, body: str):
    p = tmp_path / "made-up.toml"
    p.write_text('id = "made-up"\nkinds = ["决算", "预算"]\n' + body, encoding="utf-8")
    return p


def _bad(fs, rule):
    return [f for f in fs if f.rule == rule and f.verdict == "contradiction"]


def test_the_row_sum_rule_comes_from_the_terms(tmp_path):
    rep = gb.read_report(text=TEXT)
    assert [f.where for f in _bad(check(rep), "R03.1")] == ["支出决算表 201 行"]
    # a layout that takes the expenditure table out of the row sums: R03.1 is no longer run on it
    off = _layout(tmp_path, '[terms.row_sums]\nexpenditure = false\n')
    assert _bad(check(rep, layouts=[off]), "R03.1") == []


def test_a_layout_disables_a_rule(tmp_path):
    rep = gb.read_report(text=TEXT)
    off = _layout(tmp_path, 'disable = ["R03.1"]\n')
    fs = check(rep, layouts=[off])
    # the other rules still run: 合计 项目支出 3.00 ≠ 201's 2.00 is R03.2's
    assert _bad(fs, "R03.1") == [] and [f.where for f in _bad(fs, "R03.2")] == ["支出决算表 合计 项目支出"]


def test_a_disabled_rule_must_be_in_the_catalogue(tmp_path):
    with pytest.raises(CatalogueError, match=r"R99\.8"):
        check(gb.read_report(text=TEXT), layouts=[_layout(tmp_path, 'disable = ["R99.8"]\n')])


def test_terms_merge_in_order():
    common = builtin_layouts()["common"]
    t = Terms.merge([{"terms": common.terms}, {"add_terms": {"row_sums": {"procurement": "R03.1"}}}])
    assert t.section("row_sums")["procurement"] == "R03.1" and t.section("row_sums")["income"] == "R02.1"
    with pytest.raises(CatalogueError, match=r"rows\.nothing"):
        t.names("rows", "nothing")
