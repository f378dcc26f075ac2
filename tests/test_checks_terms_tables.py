"""The checks inside and between the tables read their vocabulary from the layouts (issue 10): no
table id, row label, column word or code is a selector in ``checks/_tables.py``, and a made-up
province given as a TOML file only makes the built-in rules work on a template that prints its
labels and tables differently."""

from __future__ import annotations

import ast
import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

import govbudget as gb
from govbudget.checks import check
from govbudget.reader.titles import TABLE_IDS

CHECKS = Path(gb.__file__).parent / "checks"
COMMON = tomllib.loads((CHECKS / "layouts" / "common.toml").read_text(encoding="utf-8"))["terms"]
_CJK = re.compile(r"[\u3400-\u9fff]")
#: keyword arguments that only word a finding (its place, the names of its parts)
_MESSAGE_KW = {"where", "pa", "pb", "names", "message"}


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _is_docstring(node: ast.Constant, up: dict) -> bool:
    expr = up.get(node)
    owner = up.get(expr)
    return (isinstance(expr, ast.Expr) and isinstance(owner, ast.Module | ast.ClassDef | ast.FunctionDef)
            and owner.body[0] is expr)


def _role(node: ast.Constant, up: dict) -> bool:
    """``node`` is the role argument of ``terms.table(rep, role)``."""
    call = up.get(node)
    return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "table"
            and isinstance(call.func.value, ast.Name) and call.func.value.id == "terms"
            and len(call.args) == 2 and call.args[1] is node)


def _allowed(node: ast.Constant, up: dict) -> bool:
    """A literal that words a message (a docstring, an f-string, a message keyword), or the report kind."""
    if _is_docstring(node, up):
        return True
    parent = up.get(node)
    while parent is not None:
        if isinstance(parent, ast.JoinedStr):
            return True  # inside an f-string: the wording of a finding
        if isinstance(parent, ast.keyword) and parent.arg in _MESSAGE_KW:
            return True
        if isinstance(parent, ast.Compare) and isinstance(parent.left, ast.Attribute) and parent.left.attr == "kind":
            return True  # rep.kind == "决算": the report kind the reader gives, not a printed label
        if isinstance(parent, ast.stmt):
            return False
        parent = up.get(parent)
    return False


def _selects_a_table(node: ast.Constant, up: dict) -> bool:
    """A table id used to pick a table: an argument of ``.table(``, compared with a ``table_id``, or
    in a module-level constant (the fund-column role ``r.get("income")`` is not one)."""
    parent = up.get(node)
    while parent is not None:
        if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute) and parent.func.attr == "table":
            return True
        if isinstance(parent, ast.Compare) and any(
                isinstance(n, ast.Attribute) and n.attr == "table_id" for n in ast.walk(parent)):
            return True
        if isinstance(parent, ast.stmt):
            return isinstance(up.get(parent), ast.Module)
        parent = up.get(parent)
    return False


def _selectors(source: str) -> list[str]:
    """String literals of ``source`` that select what a check reads: a printed label (CJK) anywhere
    but in message wording — as arguments of ``.get(``/``.l(``/``.r(``/``.printed(``/``.row_cells(``,
    in comparisons, ``startswith``, regexes, module-level tuples… —, a reader table id given to
    ``.table(`` or compared with a ``table_id``, a ``terms.table`` role that is not in common.toml."""
    tree = ast.parse(source)
    up = _parents(tree)
    bad = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if _role(node, up):
            wrong = node.value not in COMMON["tables"]  # a role of [terms.tables], nothing else
        else:
            wrong = bool(_CJK.search(node.value) or (node.value in TABLE_IDS and _selects_a_table(node, up)))
        if wrong and not _allowed(node, up):
            stmt = node
            while not isinstance(stmt, ast.stmt):
                stmt = up[stmt]
            bad.append(f"line {node.lineno}: {node.value!r} in {ast.unparse(stmt).splitlines()[0][:90]}")
    return bad


def _terms_read(source: str) -> list[tuple[str, str]]:
    """The (section, key) pairs the module reads with ``terms.names``/``terms.get`` and constants."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("names", "get")
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "terms"
                and len(node.args) == 2 and all(isinstance(a, ast.Constant) for a in node.args)):
            out.append((node.args[0].value, node.args[1].value))
    return out


def test_no_label_or_table_id_is_a_selector_in_tables_py():
    assert _selectors((CHECKS / "_tables.py").read_text(encoding="utf-8")) == []


def test_every_term_tables_py_reads_is_in_common_toml():
    read = _terms_read((CHECKS / "_tables.py").read_text(encoding="utf-8"))
    assert len(read) > 20  # the module reads its vocabulary this way
    assert [(s, k) for s, k in read if k not in COMMON.get(s, {})] == []


def test_every_term_of_the_table_sections_is_read():
    """No dead vocabulary: each key of the table checks' sections is read by _tables.py (by name, or
    as a field of the reader's word sets the module fills from it)."""
    import attrs

    from govbudget.reader._figures import ThreePublicWords
    from govbudget.reader._shape import FUND_COLUMN_WORDS

    source = (CHECKS / "_tables.py").read_text(encoding="utf-8")
    strings = {n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    for section in ("table_sums", "summary", "fiscal", "staff_costs", "three_public_sums"):
        assert [k for k in COMMON[section] if k not in strings] == [], section
    assert set(COMMON["fund_columns"]) == set(FUND_COLUMN_WORDS)
    assert set(COMMON["three_public_columns"]) == {f.name for f in attrs.fields(ThreePublicWords)}


@pytest.mark.parametrize("source", [
    'def f(rep):\n    return rep.table("income")\n',
    'def f(t):\n    return t.get("合计", "基本支出")\n',
    'def f(s):\n    return s.l("本年收入合计")\n',
    'def f(s):\n    return s.r(*("总计", "支出总计"))\n',
    'def f(c):\n    return norm(c.row_label) == "合计"\n',
    'def f(t):\n    return t.table_id not in ("general_budget_basic", "fiscal_basic")\n',
    'def f(c):\n    return re.match(r"^[一二三]、.*收入$", c.row_label)\n',
    'def f(c):\n    return c.column.endswith(("人员经费", "公用经费"))\n',
    '_CODES = {"abroad": "30212", "reception": "公务接待费"}\n',
    'def f(terms, rep):\n    return terms.table(rep, "no_such_role")\n',
    'def f(s):\n    name = "本年支出合计"\n    return s.r(name)\n',
    'def f(t):\n    return t.table_id == "three_public"\n',
    '_TABLES = ("gov_fund", "state_capital")\n',
])
def test_the_measure_finds_a_selector(source):
    assert _selectors(source)


def test_the_measure_lets_message_wording_and_roles_pass():
    src = ('def f(rep, t, terms, out):\n    """说明：合计。"""\n    x = terms.table(rep, "income")\n'
           '    out.append(_eq(a, b, rule="X01", pa=f"{t} 合计", pb="公开01 本年收入合计", names=["人员经费"]))\n'
           '    role = "income" if x else "spent"\n    return rep.kind == "决算"\n')
    assert _selectors(src) == []


# --- a made-up province: its template prints the labels and the tables its own way ---------------

SUMMARY = """2024年度某某省某某厅部门决算

收入支出决算总表

项目\t行次\t金额\t项目\t行次\t金额
一、财政拨款收入\t1\t{grant}\t一、一般公共服务支出\t4\t121.00
二、事业收入\t2\t20.00\t本年支出合计\t5\t121.00
收入本年合计\t3\t121.00\t年末结转和结余\t6\t5.00
上年结转结余\t7\t5.00\t\t\t
收入总计\t8\t126.00\t支出总计\t9\t126.00
"""

SUMMARY_LAYOUT = """
# 某某省模板：本年收入合计印作“收入本年合计”，年初结转和结余印作“上年结转结余”
[add_terms.summary]
income_total = ["收入本年合计"]
opening = ["上年结转结余"]
"""

SPENDING = """2024年度某某省某某厅部门决算

支出决算表

科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出
合计\t\t50.00\t30.00\t20.00
201\t一般公共服务支出\t50.00\t30.00\t20.00

财政拨款支出决算表

科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出
合计\t\t{total}\t{basic}\t15.00
201\t一般公共服务支出\t{total}\t{basic}\t15.00
"""

SPENDING_LAYOUT = """
# 某某省模板不印一般公共预算财政拨款支出表，印财政拨款支出表（其中一般公共预算即全部财政拨款）
[terms.tables]
general_budget = ["fiscal_expenditure"]
"""


def _province(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "made-up-province.toml"
    p.write_text('id = "made-up-province"\nname = "某某省部门决算模板"\nkinds = ["决算"]\n' + body, encoding="utf-8")
    return p


def _of(findings, rule: str) -> list[tuple[str, str]]:
    return [(f.verdict, f.where) for f in findings if f.rule == rule]


def test_a_province_prints_income_total_as_shou_ru_ben_nian_he_ji(tmp_path):
    # 100.00 + 20.00 = 120.00 printed as 121.00: the planted contradiction
    rep = gb.read_report(text=SUMMARY.format(grant="100.00"))
    assert rep.kind == "决算" and _of(check(rep), "R01.1") == [] and _of(check(rep), "R01.3") == []
    fs = check(rep, layouts=[_province(tmp_path, SUMMARY_LAYOUT)])
    assert _of(fs, "R01.1") == [("contradiction", "收入支出决算总表 本年收入合计")]
    r01_1 = next(f for f in fs if f.rule == "R01.1")
    assert (r01_1.found, r01_1.expected) == (Decimal("121.00"), Decimal("120.00"))
    # 收入总计 126.00 = 121.00 + 0 + 上年结转结余 5.00; 年末 5.00 = 5.00 + 121.00 − 121.00
    assert _of(fs, "R01.3") == [("ok", "收入支出决算总表 收入总计")]
    assert _of(fs, "R01.6") == [("ok", "收入支出决算总表 年末结转和结余")]
    good = gb.read_report(text=SUMMARY.format(grant="101.00"))
    assert _of(check(good, layouts=[_province(tmp_path, SUMMARY_LAYOUT)]), "R01.1") == [
        ("ok", "收入支出决算总表 本年收入合计")]


def test_a_province_maps_the_general_budget_role_to_its_own_table(tmp_path):
    # 财政拨款 基本支出 40.00 > all money's 30.00: the planted contradiction of X07
    rep = gb.read_report(text=SPENDING.format(total="55.00", basic="40.00"))
    assert [t.table_id for t in rep.tables] == ["expenditure", "fiscal_expenditure"]
    assert _of(check(rep), "X07") == []
    bad = [w for v, w in _of(check(rep, layouts=[_province(tmp_path, SPENDING_LAYOUT)]), "X07") if v == "contradiction"]
    assert bad == ["财政拨款支出决算表 合计 基本支出 ≤ 支出决算表 合计 基本支出",
                   "财政拨款支出决算表 201 基本支出 ≤ 支出决算表 201 基本支出"]
    good = gb.read_report(text=SPENDING.format(total="40.00", basic="25.00"))
    verdicts = {v for v, _ in _of(check(good, layouts=[_province(tmp_path, SPENDING_LAYOUT)]), "X07")}
    assert verdicts == {"ok"}


FISCAL = """2024年度某某省某某厅部门决算

财政拨款收入支出决算总表

项目\t行次\t金额\t项目\t行次\t合计\t公共财政拨款\t政府性基金拨款\t国有资本经营拨款
一、公共财政拨款\t1\t{grant}\t一、一般公共服务支出\t4\t90.00\t90.00\t\t
二、政府性基金拨款\t2\t10.00\t二、城乡社区支出\t5\t10.00\t\t10.00\t
三、国有资本经营拨款\t3\t\t\t6\t\t\t\t
本年收入合计\t7\t100.00\t支出本年合计\t8\t100.00\t90.00\t10.00\t
"""

FISCAL_LAYOUT = """
# 某某省模板沿用旧称“公共财政拨款”（一般公共预算），本年支出合计印作“支出本年合计”
[terms.fiscal]
funds = ["公共财政", "政府性基金", "国有资本经营"]
fund_columns = ["公共财政", "政府性基金", "国有资本"]

[add_terms.fiscal]
expenditure_total = ["支出本年合计"]

[add_terms.table_sums]
right_rows = ["支出本年合计"]
"""


def test_a_province_prints_the_general_budget_fund_as_gong_gong_cai_zheng(tmp_path):
    # 本年收入合计 100.00 ≠ 公共财政拨款 89.00 + 政府性基金拨款 10.00: the planted contradiction
    rep = gb.read_report(text=FISCAL.format(grant="89.00"))
    assert rep.kind == "决算" and [t.table_id for t in rep.tables] == ["fiscal_summary"]
    plain = check(rep)
    # without the layout the 公共财政拨款 column and the 支出本年合计 row are not read: a class row's
    # 合计 90.00 looks unmatched by its fund columns, and no 支出 total is found
    assert ("contradiction", "财政拨款收入支出决算总表 一、一般公共服务支出 行") in _of(plain, "R04.4")
    assert _of(plain, "R04.5") == []
    fs = check(rep, layouts=[_province(tmp_path, FISCAL_LAYOUT)])
    assert [(f.verdict, f.found, f.expected) for f in fs if f.rule == "R04.1"] == [
        ("contradiction", Decimal("100.00"), Decimal("99.00"))]
    assert [v for v, _ in _of(fs, "R04.4")] == [] and {v for v, _ in _of(fs, "R04.5")} == {"ok"}
    assert [w for v, w in _of(fs, "R04.5")] == [f"财政拨款收入支出决算总表 本年支出合计 {k}" for k in ("c2", "c3", "c4", "c5")]
    good = gb.read_report(text=FISCAL.format(grant="90.00"))
    fs = check(good, layouts=[_province(tmp_path, FISCAL_LAYOUT)])
    assert [f.rule for f in fs if f.verdict == "contradiction"] == []
    assert {f.rule for f in fs if f.verdict == "ok"} >= {"R04.1", "R04.5", "R04.8"}


THREE_PUBLIC = """2024年度某某省某某厅部门决算

财政拨款“三公”经费支出决算表

年初预算\t\t\t\t\t\t实际支出\t\t\t\t\t
合计\t因公出国（境）费\t公车购置及运维费\t\t\t公务接待费\t合计\t因公出国（境）费\t公车购置及运维费\t\t\t公务接待费
\t\t小计\t公车购置费\t公车运维费\t\t\t\t小计\t公车购置费\t公车运维费\t
1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12
9.00\t2.00\t6.00\t1.00\t5.00\t1.00\t9.00\t2.00\t6.00\t1.00\t{running}\t1.00
"""

THREE_PUBLIC_LAYOUT = """
# 某某省模板把公务用车印作“公车”，运行维护费印作“运维费”
[add_terms.three_public_columns]
vehicle = ["公车"]
running = ["运维"]
"""


def test_a_province_prints_gong_wu_yong_che_as_gong_che(tmp_path):
    where = "财政拨款“三公”经费支出决算表 actual 公务用车小计"
    good = gb.read_report(text=THREE_PUBLIC.format(running="5.00"))
    # without the layout 公车运维费 is not read as the running costs: 6.00 = 1.00 + 5.00 looks broken
    assert ("contradiction", where) in _of(check(good), "R09.1")
    layout = _province(tmp_path, THREE_PUBLIC_LAYOUT)
    assert {v for v, _ in _of(check(good, layouts=[layout]), "R09.1")} == {"ok"}
    # 实际支出 公车运维费 printed 4.00: 小计 6.00 ≠ 1.00 + 4.00, the planted contradiction
    bad = [(f.where, f.found, f.expected) for f in check(gb.read_report(text=THREE_PUBLIC.format(running="4.00")),
                                                          layouts=[layout]) if f.rule == "R09.1" and f.verdict == "contradiction"]
    assert bad == [(where, Decimal("6.00"), Decimal("5.00"))]
