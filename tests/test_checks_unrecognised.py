"""A 说明 sentence about the 一般公共预算 table is not compared with the 支出表 of all funds when the
report prints a table the reader could not recognise (it may be the 一般公共预算 table itself)."""

from __future__ import annotations

import govbudget as gb

# 支出表 (all funds) 201 = 10.00; the 一般公共预算 table 201 = 9.00; the 说明 says 9.00 万元
TEXT = """支出决算表
单位：万元
科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出
\t合计\t10.00\t7.00\t3.00
201\t一般公共服务支出\t10.00\t7.00\t3.00
{title}
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
\t合计\t9.00\t7.00\t2.00
201\t一般公共服务支出\t9.00\t7.00\t2.00
五、一般公共预算财政拨款支出决算情况说明
（二）一般公共预算财政拨款支出决算结构情况
2024年度一般公共预算财政拨款支出9.00万元，主要用于以下方面：一般公共服务支出（类）{amount}万元，占100%。
"""


def _class_findings(title: str, amount: str = "9.00"):
    rep = gb.read_report(text=TEXT.format(title=title, amount=amount))
    return rep, [(f.verdict, f.places[-1]) for f in rep.check() if f.where == "说明 一般公共服务支出（类）"]


def test_the_sentence_is_compared_with_the_general_budget_table():
    _, got = _class_findings("一般公共预算财政拨款支出决算表")
    assert got == [("ok", "一般公共预算财政拨款支出决算表 201（第10行）")]
    _, got = _class_findings("一般公共预算财政拨款支出决算表", amount="8.00")
    assert got == [("contradiction", "一般公共预算财政拨款支出决算表 201（第10行）")]


def test_no_stand_in_table_when_a_table_was_not_recognised():
    rep, got = _class_findings("本部门综合情况明细表")
    assert "unrecognised table" in {u.reason for u in rep.unmapped}
    assert got == []  # not 9.00 against the 支出表's 10.00: a false 矛盾


def test_the_stand_in_is_used_when_every_table_is_recognised():
    """A report that prints no 一般公共预算 table at all: its 支出表 stands in, as before."""
    text = TEXT.format(title="", amount="10.00").split("\n")
    body = "\n".join(text[:5] + text[11:])
    rep = gb.read_report(text=body)
    assert [t.table_id for t in rep.tables] == ["expenditure"] and not rep.unmapped
    got = [(f.verdict, f.places[-1]) for f in rep.check() if f.where == "说明 一般公共服务支出（类）"]
    assert got == [("ok", "支出决算表 201（第5行）")]


def test_a_lost_title_on_a_new_page_starts_a_new_table():
    """普陀文旅 2025 (single-space text layer): 公开05's title, first line of 第15页, garbled or in a
    wording the reader does not know. Its rows used to join the 财政拨款收支总表 of the page before,
    and the 说明's 类 sentences were then compared with the 支出表 (6 false X12 contradictions)."""
    from reader_fixtures import REPORTS

    lines = (REPORTS / "putuo_culture_tourism_2025_final.txt").read_text(encoding="utf-8").split("\n")
    at = lines.index("一般公共预算财政拨款支出决算表")
    assert lines[at - 1] == "=== 第15页 ==="
    base = gb.read_report(text="\n".join(lines))
    before = {(f.rule, f.where, f.verdict) for f in base.check()}
    sizes = {t.table_id: len(t.cells) for t in base.tables}
    for title in ("■■■■■■■■", "2025年度本部门综合情况明细表"):
        rep = gb.read_report(text="\n".join([*lines[:at], title, *lines[at + 1:]]))
        got = {t.table_id: len(t.cells) for t in rep.tables if t.table_id}
        assert got == {k: v for k, v in sizes.items() if k != "general_budget_expenditure"}, title
        assert [t.title for t in rep.tables if t.table_id is None and t.cells] == [title]
        new = [f for f in rep.check() if f.verdict == "contradiction" and (f.rule, f.where, f.verdict) not in before]
        assert new == [], title
