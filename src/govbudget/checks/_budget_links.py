"""Cross-table checks of the Jiangsu budget layout (公开01–公开12, 2017/2018).

The Jiangsu 部门预算 prints the same quantities in several tables: 公开01 收支预算总表 (all money,
with a 支出用途 block 基本/项目/单位预留机动经费), 公开02 收入预算总表 (收入总计 and one 小计 per
fund group), 公开03 支出预算总表 (one row), 公开04 财政拨款收支预算总表, 公开05/公开07 财政拨款 /
一般公共预算 支出 by function, 公开06/公开08 财政拨款 / 一般公共预算 基本支出 by economic code, and
公开09 “三公”经费、会议费、培训费 (合计 = 三公小计 + 会议费 + 培训费). The rules:

- R02.3  公开02 收入总计 = Σ its 小计 rows;
- R06.4  a basic-spending table with one amount column: 合计 = Σ economic 类 (301 + 302 + 303 …);
- R09.2  the 三公、会议费、培训费 table: 合计 = 三公小计 + 会议费 + 培训费;
- X20.income  公开02 收入总计 = 公开01 收入合计; 公开02 一般公共预算资金 小计 = 公开01 1.一般公共预算;
- X20.fund  公开01 一、财政拨款 = 公开04 收入合计; 1.一般公共预算 / 2.政府性基金预算 = 公开04 一、/二、;
- X20.use  公开03 合计/基本/项目/单位预留机动经费 = 公开01 当年支出小计 and its 支出用途 rows;
  公开04 支出用途 rows ⊑ 公开01's (= when 公开01 prints no money outside 财政拨款);
- X20.basic  公开06 (财政拨款基本支出) 合计 = 公开04 一、基本支出;
- X20.total  公开05 合计 = 公开04 支出合计; 公开07 合计 = 公开04 一、一般公共预算;
- X20.subset  公开07 ⊑ 公开05 and 公开08 ⊑ 公开06, per code and 合计 (一般公共预算 is part of
  财政拨款; = when 公开04 prints no 政府性基金预算);
- X11/X14 (budgets)  公开08 30212/30217/30231/31013/30215/30216 ≤ the 三公 table's items.

Every table, row label, column word and code named above is read from the layouts' terms
(``[terms.links]`` and the table roles of ``[terms.tables]`` in ``layouts/common.toml``): a province
that prints 收入总计 as 收入总额 says so in its layout.

>>> from govbudget.reader import read_report
>>> rep = read_report(text="公开09表“三公”经费、会议费、培训费支出预算表\\n单位：万元\\n"
...     "合计\\t“三公”经费\\t\\t\\t\\t\\t\\t会议费\\t培训费\\n"
...     "\\t小计\\t因公出国（境）费\\t公务用车购置及运行维护费\\t\\t\\t公务接待费\\n"
...     "\\t\\t\\t小计\\t公务用车购置费\\t公务用车运行维护费\\n"
...     "20.00\\t10.00\\t4.00\\t3.00\\t\\t3.00\\t3.00\\t6.00\\t4.50\\n")
>>> out = []; check_budget_links(rep, False, out)
>>> [(f.rule, f.verdict, str(f.expected)) for f in out]
[('R09.2', 'contradiction', '20.50')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..reader._figures import three_public_cells
from ..reader._model import Cell, PublishedTable, norm
from ._layouts import default_terms
from ._primitives import _eq, _le, _present, _sum, _tn

if TYPE_CHECKING:  # pragma: no cover
    from ..reader import PublishedReport
    from ._terms import Terms

__all__ = ["check_budget_links"]


def _names(terms: Terms, key: str) -> frozenset[str]:
    """The term ``links.<key>`` as normalised labels."""
    return frozenset(norm(n) for n in terms.names("links", key))


def _row(t: PublishedTable | None, names: frozenset[str]) -> Cell | None:
    """The first code-less cell whose normalised row label is one of ``names``."""
    if t is None:
        return None
    return next((c for c in t.cells if not c.row_code and norm(c.row_label) in names), None)


def _single_amount(t: PublishedTable) -> bool:
    return len({c.column for c in t.cells}) == 1


def _subtotals(t: PublishedTable, terms: Terms) -> list[Cell]:
    """The 小计 cells of a 收入预算总表 (one per printed line whose text says 小计)."""
    words, total = terms.names("links", "subtotal_word"), _names(terms, "income_total")
    seen: set[int] = set()
    out = []
    for c in t.cells:
        if any(w in c.text for w in words) and c.line not in seen and norm(c.row_label) not in total:
            seen.add(c.line)
            out.append(c)
    return out


def _first_group(t: PublishedTable, terms: Terms) -> str | None:
    """The first fund group the 收入预算总表 prints (its rows may wrap the group name away)."""
    groups = terms.names("links", "fund_groups")
    for _, raw in t.raw_rows:
        for g in groups:
            if norm(g) in norm(raw):
                return g
    return None


def _income(rep: PublishedReport, strict: bool, out: list, terms: Terms) -> None:
    inc, t1 = terms.table(rep, "income"), terms.table(rep, "summary")
    total = _row(inc, _names(terms, "income_total"))
    if inc is None or total is None:
        return
    subs = _subtotals(inc, terms)
    name = terms.names("links", "income_total")[0]
    if subs:
        out.append(_sum(total, subs, rule="R02.3", strict=strict, where=f"{_tn(inc)} {name}",
                        names=[f"{_tn(inc)} 小计（第{c.line}行）" for c in subs]))
    t1_total = _row(t1, _names(terms, "summary_income_total"))
    if t1_total is not None:
        out.append(_eq(total, t1_total, rule="X20.income", pa=f"{_tn(inc)} {name}",
                       pb=f"{_tn(t1)} {t1_total.row_label}"))
    gp = _row(t1, _names(terms, "summary_general_budget"))
    group = _first_group(inc, terms)
    if subs and gp is not None and group is not None and norm(group) in _names(terms, "general_budget_group"):
        out.append(_eq(subs[0], gp, rule="X20.income", pa=f"{_tn(inc)} {group} 小计",
                       pb=f"{_tn(t1)} {gp.row_label}"))


def _funds(rep: PublishedReport, out: list, terms: Terms) -> None:
    t1, t4 = terms.table(rep, "summary"), terms.table(rep, "fiscal")
    if t1 is None or t4 is None:
        return
    for a_names, b_names in terms.get("links", "fund_pairs"):
        a = _row(t1, frozenset(norm(n) for n in a_names))
        b = _row(t4, frozenset(norm(n) for n in b_names))
        if a is None or b is None or not (_present(a) or _present(b)):
            continue
        out.append(_eq(a, b, rule="X20.fund", pa=f"{_tn(t1)} {a.row_label}", pb=f"{_tn(t4)} {b.row_label}"))


def _uses(rep: PublishedReport, strict: bool, out: list, terms: Terms) -> None:
    t1, t3, t4 = (terms.table(rep, "summary"), terms.table(rep, "expenditure"), terms.table(rep, "fiscal"))
    if t1 is None:
        return
    uses = terms.names("links", "uses")
    if t3 is not None and not t3.codes():
        totals = terms.names("links", "total")
        rows = [(totals, _names(terms, "summary_spending_total")), *(((u,), frozenset({norm(u)})) for u in uses)]
        for cols, names in rows:
            a = next((c for c in t3.cells if norm(c.column) in {norm(x) for x in cols}), None)
            b = _row(t1, names)
            if a is not None and b is not None and (_present(a) or _present(b)):
                out.append(_eq(a, b, rule="X20.use", pa=f"{_tn(t3)} {cols[0]}", pb=f"{_tn(t1)} {b.row_label}"))
    if t4 is None:
        return
    others = [_row(t1, frozenset({norm(n)})) for n in terms.names("links", "non_fiscal_funds")]
    only_fiscal = not any(c is not None and c.value for c in others)
    for u in uses:
        a, b = _row(t4, frozenset({norm(u)})), _row(t1, frozenset({norm(u)}))
        if a is None or b is None or not (_present(a) or _present(b)):
            continue
        pa, pb = f"{_tn(t4)} {a.row_label}", f"{_tn(t1)} {b.row_label}"
        out.append(_eq(a, b, rule="X20.use", pa=pa, pb=pb) if only_fiscal else
                   _le(a, b, rule="X20.use", pa=pa, pb=pb, strict=strict))


def _totals(rep: PublishedReport, out: list, terms: Terms) -> None:
    t4 = terms.table(rep, "fiscal")
    if t4 is None:
        return
    total = _names(terms, "total")
    name = terms.names("links", "total")[0]
    for role, rule, names in terms.get("links", "fiscal_totals"):
        t = terms.table(rep, role)
        a = _row(t, total) if t is not None and _single_amount(t) else None
        b = _row(t4, frozenset(norm(n) for n in names))
        if a is None or b is None or not (_present(a) or _present(b)):
            continue
        out.append(_eq(a, b, rule=rule, pa=f"{_tn(t)} {name}", pb=f"{_tn(t4)} {b.row_label}"))


def _subset(rep: PublishedReport, strict: bool, out: list, terms: Terms) -> None:
    fund = _row(terms.table(rep, "fiscal"), _names(terms, "fiscal_fund_row"))
    equal = fund is None or not fund.value
    total = terms.names("links", "total")
    for part_role, whole_role in terms.get("links", "subsets"):
        part, whole = terms.table(rep, part_role), terms.table(rep, whole_role)
        if part is None or whole is None or not (_single_amount(part) and _single_amount(whole)):
            continue
        tot = next((n for n in total if part.get(n) is not None or whole.get(n) is not None), total[0])
        for key in [tot, *dict.fromkeys([*part.codes(), *whole.codes()])]:
            a, b = part.get(key), whole.get(key)
            if not (_present(a) or _present(b)):
                continue
            pa, pb = f"{_tn(part)} {key}", f"{_tn(whole)} {key}"
            f = _eq(a, b, rule="X20.subset", pa=pa, pb=pb) if equal else _le(
                a, b, rule="X20.subset", pa=pa, pb=pb, strict=strict)
            out.append(f)


def _basic_classes(rep: PublishedReport, strict: bool, out: list, terms: Terms) -> None:
    split = terms.names("links", "personnel_total")
    for role in terms.names("links", "basic_class_tables"):
        t = terms.table(rep, role)
        if t is None or not _single_amount(t) or any(t.get(n) is not None for n in split):
            continue
        total = _row(t, _names(terms, "total"))
        classes = [t.get(k) for k in t.codes() if len(k) == 3]
        if total is not None and classes and _present(total):
            out.append(_sum(total, [c for c in classes if c is not None], rule="R06.4", strict=strict,
                            where=f"{_tn(t)} {terms.names('links', 'total')[0]}", names=[f"{_tn(t)} {c.row_code}" for c in classes if c]))


def _meeting_cells(t: PublishedTable, terms: Terms) -> tuple[Cell | None, Cell | None, Cell | None]:
    """The 合计, 会议费 and 培训费 cells of the first code-less line of the 三公、会议费、培训费 table."""
    first = min((c.line for c in t.cells if not c.row_code), default=None)
    row = [c for c in t.cells if c.line == first]
    grand = next((c for c in row if norm(c.column) in _names(terms, "grand_column")), None)
    meet, train = (next((c for c in row if norm(c.column).endswith(tuple(_names(terms, key)))), None)
                   for key in ("meeting_column", "training_column"))
    return grand, meet, train


def _meetings(rep: PublishedReport, strict: bool, out: list, terms: Terms) -> None:
    t = terms.table(rep, "three_public")
    if t is None:
        return
    grand, meet, train = _meeting_cells(t, terms)
    tp = three_public_cells(t, rep.kind)
    side = "budget" if rep.kind != "决算" else "actual"
    sub = tp[side].get("total")
    if grand is None or sub is None or sub is grand or meet is None or train is None:
        return
    grand_n, meet_n, train_n = (terms.names("links", k)[0] for k in ("grand_column", "meeting_column", "training_column"))
    out.append(_sum(grand, [sub, meet, train], rule="R09.2", strict=strict, where=f"{_tn(t)} {grand_n}",
                    names=[f"{_tn(t)} 三公经费小计", f"{_tn(t)} {meet_n}", f"{_tn(t)} {train_n}"]))
    basic = terms.table(rep, "general_budget_basic")
    if basic is None:
        return
    items = dict(tp[side])
    items["meeting"], items["training"] = meet, train
    item_names = terms.get("links", "item_names")
    for code, item, rule in terms.get("links", "caps"):
        c = basic.get(code)
        whole = items.get(item)
        if _present(c) and whole is not None:
            out.append(_le(c, whole, rule=rule, pa=f"{_tn(basic)} {code}",
                           pb=f"{_tn(t)} {item_names.get(item, item)}", strict=strict))


def check_budget_links(rep: PublishedReport, strict: bool, out: list, terms: Terms | None = None) -> None:
    """Append the Jiangsu-layout budget findings (see the module docstring) to ``out``, reading the
    tables, rows and columns from ``terms`` (the built-in vocabulary when ``None``).

    Only 部门预算 are checked (a 决算 has other tables under the same ids); each rule runs only
    where the tables it compares are printed.

    >>> from govbudget.reader import read_report
    >>> out = []; check_budget_links(read_report(text=""), False, out); out
    []
    """
    if rep.kind == "决算":
        return
    terms = terms or default_terms()
    _income(rep, strict, out, terms)
    _funds(rep, out, terms)
    _uses(rep, strict, out, terms)
    _totals(rep, out, terms)
    _subset(rep, strict, out, terms)
    _basic_classes(rep, strict, out, terms)
    _meetings(rep, strict, out, terms)
