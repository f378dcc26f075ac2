"""The budget cross-table links (R02.3, R06.4, R09.2, X20.*, budget X11/X14), the shifted-rows
finding (T05.shift) and the 说明/附件 checks read their tables, rows, columns and codes from the
layouts' terms (issue 10): the selectors are not written in their Python, and a province whose
template prints them differently is added with a TOML file only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import govbudget as gb
from govbudget.checks import check
from govbudget.reader.titles import TABLE_IDS

CHECKS = Path(gb.__file__).parent / "checks"
CJK = re.compile(r"[\u3400-\u9fff]")
CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")  # a functional or economic code (201, 30215, 2080505)
#: the calls that pick a table, a row, a column or a cell
SELECTORS = {"table", "get", "l", "r", "printed", "row_cells", "value", "startswith", "endswith"}
#: the cell and table attributes a selector compares a label with
CELL_ATTRS = {"row_label", "column", "text", "row_code", "table_id", "columns", "title", "heading"}
#: module-level tables that are sentence forms (the 说明's wording, matched as regexes), not selectors
SENTENCE_FORMS = {"SECTION_TOPICS", "SENTENCES", "_TP_ITEMS", "_ITEM_FIGURES", "ANNEX_SENTENCES", "_PERF",
                  "_GUARD_WORDS"}


def _selector_constant(node: ast.AST, ids: bool = True) -> str | None:
    """A label (a string with a CJK character), a code or (``ids``) a reader table id written in
    ``node``, outside f-strings (the wording of a message)."""
    if isinstance(node, ast.JoinedStr):
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and any(
            isinstance(x, ast.JoinedStr) or (isinstance(x, ast.Constant) and isinstance(x.value, str))
            for x in (node.left, node.right)):
        return None  # a message put together with +
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        v = node.value
        return v if CJK.search(v) or CODE.fullmatch(v) or (ids and v in TABLE_IDS) else None
    for child in ast.iter_child_nodes(node):
        got = _selector_constant(child, ids)
        if got is not None:
            return got
    return None


def _attrs_in(node: ast.AST) -> set[str]:
    return {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}


def _module_collections(tree: ast.Module) -> list[str]:
    bad = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AnnAssign) else []
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        value = getattr(node, "value", None)
        if not names or value is None or set(names) & SENTENCE_FORMS:
            continue
        if any(isinstance(n, ast.Tuple | ast.List | ast.Set | ast.Dict) for n in ast.walk(value)):
            got = _selector_constant(value)
            if got is not None:
                bad.append(f"{names[0]} (line {node.lineno}): {got!r}")
    return bad


def _selector_call(node: ast.Call) -> str | None:
    """The constant a call selects by: a reader method (``.table(``, ``.get(``, ``.r(`` …), a label
    test on a cell's text (``norm(c.column).endswith(`` …) or the module's own helpers (``_row(t,
    "合计")``, ``self._first(t, ("总计",))``); keyword arguments are the places named in a message."""
    f = node.func
    name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
    if name in ("startswith", "endswith"):
        if not _attrs_in(f) & CELL_ATTRS:
            return None
    elif name not in SELECTORS and not name.startswith("_"):
        return None
    args = [*node.args, *(k.value for k in node.keywords)] if name in SELECTORS else list(node.args)
    if name == "table" and len(args) == 2:  # terms.table(rep, "income") names a role of [terms.tables]
        args = args[:1]
    return next((g for a in args if (g := _selector_constant(a, ids=name == "table")) is not None), None)


def selectors_in(source: str) -> list[str]:
    """The labels, codes and table ids a module's Python selects tables, rows, columns or cells by."""
    tree = ast.parse(source)
    bad = _module_collections(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            got = _selector_call(node)
            if got is not None:
                bad.append(f"line {node.lineno}: {ast.unparse(node.func)}({got!r})")
        elif isinstance(node, ast.Compare) and _attrs_in(node) & CELL_ATTRS:
            got = _selector_constant(node)
            if got is not None:
                bad.append(f"line {node.lineno}: compares a cell with {got!r}")
    return bad


@pytest.mark.parametrize("module", ["_budget_links.py", "_shift.py", "_narrative.py"])
def test_no_selector_is_written_in_python(module):
    assert selectors_in((CHECKS / module).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("line", [
    'rep.table("income")',
    'rep.table("收入决算表")',
    't.get("合计", "基本支出")',
    'fis.r("本年支出合计")',
    't.value("30215")',
    't.get(code, "基本支出")',
    'x = next(c for c in t.cells if norm(c.row_label) == "收入总计")',
    'x = t.table_id == "general_budget_expenditure"',
    '_ROWS = ("基本支出", "项目支出")',
    '_T = {"income": 1}',
    'a = _row(t1, "收入合计")',
    'a = self._first(summ, ("总计", "收入总计"))',
    'a = norm(c.column).endswith("会议费")',
])
def test_the_measure_finds_a_selector(line):
    assert selectors_in(line) != []


def test_the_measure_leaves_messages_and_roles_alone():
    ok = ('terms.table(rep, "income")\nout.append(f"{tn} 本年收入合计")\nt.get(code)\n'
          'terms.names("links", "total")\nSENTENCES = ("说明三 基本支出",)\n_hint("S04", where, "提示：" + m)\n'
          '_eq(a, b, rule="X15", pa="说明 政府采购总额")\n')
    assert selectors_in(ok) == []


def _layout(tmp_path, body: str, kinds: str = '["决算", "预算"]'):
    p = tmp_path / "made-up.toml"
    p.write_text(f'id = "made-up-2025"\nname = "某省 2025 年部门预算模板"\nkinds = {kinds}\n' + body,
                 encoding="utf-8")
    return p


def _got(fs, rule):
    return sorted((f.verdict, f.where, str(f.expected), str(f.found)) for f in fs if f.rule == rule)


# A made-up province's budget: its 收入预算总表 prints the total as 收入总额 (not 收入总计), its fund
# groups as 一般公共预算拨款 / 自有资金 (not 一般公共预算资金 / 其他资金). 收入总额 120.00 =
# 一般公共预算拨款 小计 100.00 + 自有资金 小计 20.00 (25.00 in the broken version).
BUDGET = """公开01表
收支预算总表部门：某某厅 单位：万元
收入\t\t支出
项目名称\t金额\t功能分类\t\t支出用途
\t\t功能科目名称\t金额\t项目名称\t金额
一、财政拨款\t100.00\t一、一般公共服务支出\t120.00\t一、基本支出\t90.00
1.一般公共预算\t100.00\t二、外交支出\t\t二、项目支出\t30.00
三、自有资金\t20.00\t三、国防支出
收入合计\t120.00\t支出合计\t\t\t120.00
公开02表
收入预算总表部门：某某厅 单位：万元
项目名称\t\t金额
收入总额\t\t120.00
一般公共预算拨款\t小计\t100.00
\t公共财政拨款(补助)资金\t100.00
自有资金\t小计\t{own}
\t其他收入\t{own}
"""

PROVINCE = """
[terms.links]
income_total = ["收入总额"]
fund_groups = ["一般公共预算拨款", "自有资金"]
general_budget_group = ["一般公共预算拨款"]
"""


def test_a_province_layout_makes_the_income_links_read_its_labels(tmp_path):
    broken = gb.read_report(text=BUDGET.format(own="25.00"))
    assert broken.kind == "预算" and [t.table_id for t in broken.tables] == ["income_expenditure_summary", "income"]
    # the built-in terms do not know 收入总额: neither R02.3 nor X20.income can find their cells
    assert _got(check(broken), "R02.3") == [] and _got(check(broken), "X20.income") == []
    lay = _layout(tmp_path, PROVINCE)
    assert _got(check(broken, layouts=[lay]), "R02.3") == [
        ("contradiction", "公开02表 收入总额", "125.00", "120.00")]
    assert _got(check(broken, layouts=[lay]), "X20.income") == [
        ("ok", "公开02表 一般公共预算拨款 小计", "100.00", "100.00"),
        ("ok", "公开02表 收入总额", "120.00", "120.00")]
    good = gb.read_report(text=BUDGET.format(own="20.00"))
    assert _got(check(good, layouts=[lay]), "R02.3") == [("ok", "公开02表 收入总额", "120.00", "120.00")]


# A made-up 决算 whose 财政拨款支出决算表 (not a 一般公共预算 table) prints each code's figures one
# row up: its 201 carries 20101's 9.00, …; the 支出决算表 prints them against the right codes.
FIGS = [("201", "16.00"), ("20101", "9.00"), ("2010101", "5.00"), ("2010102", "4.00"), ("20102", "7.00"),
        ("2010201", "7.00")]
HEAD = ["科目代码\t科目名称\t本年支出合计\t基本支出\t项目支出", "合计\t\t16.00\t16.00\t"]


def _shifted(k: int) -> str:
    right = [f"{c}\t科目\t{v}\t{v}\t" for c, v in FIGS]
    moved = [f"{c}\t科目" + (f"\t{FIGS[i + k][1]}" * 2 if i + k < len(FIGS) else "") for i, (c, _) in enumerate(FIGS)]
    return "\n".join(["支出决算表", *HEAD, *right, "财政拨款支出决算表", *HEAD, *moved])


def test_a_province_layout_names_the_table_checked_for_shifted_rows(tmp_path):
    rep = gb.read_report(text=_shifted(1))
    assert [t.table_id for t in rep.tables] == ["expenditure", "fiscal_expenditure"]
    assert _got(check(rep), "T05.shift") == []  # built in: only the 一般公共预算 table is looked at
    lay = _layout(tmp_path, '[terms.shift_rules]\nfiscal_expenditure = "T05.shift"\n', '["决算"]')
    (g,) = [f for f in check(rep, layouts=[lay]) if f.rule == "T05.shift"]
    assert (g.verdict, g.where, g.n) == ("contradiction", "财政拨款支出决算表 201–20102", 8)
    assert "共 5 行金额整体错位 1 行" in g.message
    assert _got(check(gb.read_report(text=_shifted(0)), layouts=[lay]), "T05.shift") == []
