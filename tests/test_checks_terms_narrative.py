"""The 说明/附件 checks compare a sentence's figure with the table, row and column the layouts' terms
name (``[terms.narrative]``, ``[terms.narrative_columns]``, ``[terms.annex_rows]``): a made-up
province whose template prints them differently is added with a TOML file only (issue 10). The AST
test over ``_narrative.py`` is in tests/test_checks_terms_links.py."""

from __future__ import annotations

import govbudget as gb
from govbudget.checks import check


def _layout(tmp_path, kinds: str, body: str):
    p = tmp_path / "made-up.toml"
    p.write_text(f'id = "made-up-2025"\nname = "某省 2025 年模板"\nkinds = {kinds}\n' + body, encoding="utf-8")
    return p


def _got(fs, rule):
    return sorted((f.verdict, f.where.split("（")[0], str(f.expected), str(f.found), f.places[-1])
                  for f in fs if f.rule == rule)


# The made-up 收入决算表 names its total row 总计 (not 合计) and its column 上级单位补助收入 (not
# 上级补助收入); the 说明 says 上级补助收入 20 万元 where the table prints 25.00.
INCOME = """收入决算表
项目\t\t本年收入合计\t财政拨款收入\t上级单位补助收入\t事业收入\t其他收入
总计\t\t100.00\t60.00\t25.00\t10.00\t5.00
二、收入决算情况说明
本年收入合计100万元，其中：财政拨款收入60万元；上级补助收入{sup}万元；事业收入10万元；其他收入5万元。
"""

INCOME_LAYOUT = """
[add_terms.narrative]
total = ["总计"]

[terms.narrative_columns]
superior_subsidy = ["上级单位补助收入"]
"""


def test_a_province_layout_names_the_income_table_row_and_column(tmp_path):
    broken = gb.read_report(text=INCOME.format(sup="20"))
    assert [t.table_id for t in broken.tables] == ["income"]
    # built in, the 说明二 sentences find no 合计 row: nothing is compared
    assert _got(check(broken), "X12") == []
    lay = _layout(tmp_path, '["决算"]', INCOME_LAYOUT)
    assert _got(check(broken, layouts=[lay]), "X12") == [
        ("contradiction", "说明二 上级补助收入", "25.00", "20", "收入决算表 总计 上级单位补助收入（第3行）"),
        ("ok", "说明二 事业收入", "10.00", "10", "收入决算表 总计 事业收入（第3行）"),
        ("ok", "说明二 其他收入", "5.00", "5", "收入决算表 总计 其他收入（第3行）"),
        ("ok", "说明二 财政拨款收入", "60.00", "60", "收入决算表 总计 财政拨款收入（第3行）"),
    ]
    good = gb.read_report(text=INCOME.format(sup="25"))
    assert {f.verdict for f in check(good, layouts=[lay]) if f.rule == "X12"} == {"ok"}


# The made-up 政府采购预算表 prints its amount column as 金额合计 (not 总计) and its rows as
# 采购货物 / 采购工程 / 采购服务 (not 一、货物 …); the 说明 says 货物 30 万元 where the table prints 35.00.
PROCUREMENT = """政府采购预算表
单位：万元
采购品目大类\t采购物品名称\t金额合计
合计\t\t100.00
采购货物\t\t{goods}
采购工程\t\t20.00
采购服务\t\t50.00
十二、政府采购预算情况说明
2025年本部门政府采购预算总金额为100万元。其中：货物30万元，工程20万元，服务50万元。
"""

PROCUREMENT_LAYOUT = """
[terms.narrative]
procurement_total_column = ["金额合计"]
procurement_rows = { "货物" = ["采购货物"], "工程" = ["采购工程"], "服务" = ["采购服务"] }
"""


def test_a_province_layout_names_the_procurement_rows(tmp_path):
    broken = gb.read_report(text=PROCUREMENT.format(goods="35.00"))
    assert broken.kind == "预算" and [t.table_id for t in broken.tables] == ["procurement"]
    # built in: only the sentence's own sum (100 = 30 + 20 + 50) is checked, the table is not found
    assert _got(check(broken), "X15") == [("ok", "说明 政府采购总额", "100", "100", "服务")]
    lay = _layout(tmp_path, '["预算"]', PROCUREMENT_LAYOUT)
    assert _got(check(broken, layouts=[lay]), "X15") == [
        ("contradiction", "说明 政府采购货物", "35.00", "30", "政府采购预算表 采购货物（第5行）"),
        ("ok", "说明 政府采购工程", "20.00", "20", "政府采购预算表 采购工程（第6行）"),
        ("ok", "说明 政府采购总额", "100", "100", "服务"),
        ("ok", "说明 政府采购总额", "100.00", "100", "政府采购预算表 合计（第4行）"),
        ("ok", "说明 政府采购服务", "50.00", "50", "政府采购预算表 采购服务（第7行）"),
    ]
    good = gb.read_report(text=PROCUREMENT.format(goods="30.00"))
    assert {f.verdict for f in check(good, layouts=[lay]) if f.rule == "X15"} == {"ok"}


def test_the_documented_province_layout_works(tmp_path):
    """The example of docs/api/checks.md, as printed there, makes R02.3 and X15 read its tables."""
    from pathlib import Path

    from test_checks_terms_links import BUDGET

    doc = (Path(__file__).parents[1] / "docs" / "api" / "checks.md").read_text(encoding="utf-8")
    lay = tmp_path / "doc.toml"
    lay.write_text(doc.split("```toml\n", 1)[1].split("```", 1)[0], encoding="utf-8")
    fs = check(gb.read_report(text=PROCUREMENT.format(goods="35.00")), layouts=[lay])
    assert [f.where.split("（")[0] for f in fs if f.rule == "X15" and f.verdict == "contradiction"] == ["说明 政府采购货物"]
    fs = check(gb.read_report(text=BUDGET.format(own="25.00")), layouts=[lay])
    assert [(f.verdict, f.where) for f in fs if f.rule == "R02.3"] == [("contradiction", "公开02表 收入总额")]


def test_a_province_layout_names_an_annex_row(tmp_path):
    """附件1 (the seed's 绩效评价基础数据表) printing its 出国经费 row as 2、因公出国（境）经费: the
    layout's ``[terms.annex_rows]`` entry makes X19 compare it with 公开09's 因公出国（境）费 决算数 6.90
    (planted: 7.9) and its 预算数 7 with the 说明's 三公 budget sentence."""
    from reader_fixtures import SEED_TEXT

    row = "2、出国经费\t0\t\t7\t\t6. 9"
    assert row in SEED_TEXT

    def x19(text, layouts=()):
        return sorted((f.verdict, f.where, str(f.expected), str(f.found)) for f in check(
            gb.read_report(text=text), layouts=list(layouts)) if f.rule == "X19" and "出国" in f.where)

    renamed = SEED_TEXT.replace(row, "2、因公出国（境）经费\t0\t\t7\t\t7. 9")
    assert x19(renamed) == []  # built in: the row is not known
    lay = _layout(tmp_path, '["决算"]', '[terms.annex_rows]\n"2、因公出国（境）经费" = "tp:abroad"\n')
    assert x19(renamed, [lay]) == [
        ("contradiction", "附件1 2、因公出国（境）经费 2024年决算数", "6.90", "7.9"),
        ("ok", "附件1 2、因公出国（境）经费 2024年预算数", "7", "7")]
    assert {v for v, *_ in x19(SEED_TEXT.replace(row, "2、因公出国（境）经费\t0\t\t7\t\t6. 9"), [lay])} == {"ok"}
