"""Render → read round trip: the nine Hunan tables of the seed ledger, rendered as text, read back.

Every amount cell of every built table must be read back with the value the table holds (a
blank as a blank), at the row (code, label or 行次) and column (栏次) it was printed in, and the
key figures must be the tables' figures.
"""

from __future__ import annotations

from decimal import Decimal as Dm

import pytest
from seed_ledger import seed_ledger

import govbudget as gb
from govbudget.reader import read_report
from govbudget.reader._model import norm

IDS = {"公开01": "income_expenditure_summary", "公开02": "income", "公开03": "expenditure",
       "公开04": "fiscal_summary", "公开05": "general_budget_expenditure", "公开06": "general_budget_basic",
       "公开07": "gov_fund", "公开08": "state_capital", "公开09": "three_public"}


@pytest.fixture(scope="module")
def built():
    return gb.build_tables(seed_ledger(), gb.template("hunan", 2024))


@pytest.fixture(scope="module")
def report(built):
    return read_report(text=gb.render(built, "text"))


def _match(rt, cell, single_row: bool):
    """The read cells at the built cell's row (行次, code or label) and column (栏次 or header)."""
    out = []
    for c in rt.cells:
        if cell.row_no is not None and c.row_no is not None:
            if c.row_no != str(cell.row_no):
                continue
        elif cell.code is not None:
            if c.row_code != cell.code:
                continue
        elif single_row:
            if c.row_code is not None:
                continue
        elif c.row_code is not None or norm(c.row_label) != norm(cell.label):
            continue
        if cell.column_no is not None and c.column_no is not None:
            if c.column_no != str(cell.column_no):
                continue
        elif norm(cell.column_label) not in norm(c.column):
            continue
        out.append(c)
    return out


def test_every_table_is_read_back(built, report):
    """The reader finds the nine tables under their ids, nothing unmapped."""
    assert [t.table_id for t in report.tables] == list(IDS.values())
    assert report.unmapped == ()


@pytest.mark.parametrize("key", sorted(IDS))
def test_every_cell_round_trips(built, report, key):
    """Each built cell is read back once, with the same value (blank = blank)."""
    table = built[key]
    rt = report.table(IDS[key])
    problems = []
    n = 0
    single = len(table.rows) == 1
    for cell in table.cells():
        found = _match(rt, cell, single)
        if not cell.value and not found:
            continue  # a blank (or a zero the template prints blank) printed as nothing
        n += 1
        expected = None if cell.value == 0 else cell.value  # the Hunan template prints 0 as blank
        if len(found) != 1 or found[0].value != expected:
            problems.append((cell, [(f.value, f.where) for f in found]))
    assert not problems, problems[:5]
    assert n > 0


def test_key_figures_match_the_tables(built, report):
    """Headline figures read back equal the built tables' figures."""
    kf = report.key_figures()
    assert (kf["unit"], kf["year"], kf["kind"]) == ("株洲市长株潭一体化发展事务中心", 2024, "决算")
    t01, t03, t06, t09 = built["公开01"], built["公开03"], built["公开06"], built["公开09"]
    assert kf["income_total"] == t01.value(27, 1) == Dm("519.63")
    assert kf["expenditure_total"] == t01.value(57, 2) == Dm("519.63")
    assert (kf["basic"], kf["project"]) == (t03.value("合计", 2), t03.value("合计", 3)) == (Dm("455.65"), Dm("63.98"))
    # seed 公开04 本年收入合计 519.63; 公开03 2010450 事业运行 353.87
    assert kf["fiscal_total"] == built["公开04"].value(27, 1) == Dm("519.63")
    assert kf["functional"]["2010450"] == t03.value("2010450", 1) == Dm("353.87")
    assert kf["three_public"]["actual"] == {
        "total": t09.value(1, 7), "abroad": t09.value(1, 8), "vehicle": t09.value(1, 9),
        "vehicle_purchase": t09.value(1, 10), "vehicle_running": t09.value(1, 11), "reception": t09.value(1, 12)}
    # seed 公开09 决算数 栏次7–12: 14.32 | 6.90 | 6.86 | (blank) | 6.86 | 0.56
    assert kf["three_public"]["actual"] == {
        "total": Dm("14.32"), "abroad": Dm("6.90"), "vehicle": Dm("6.86"),
        "vehicle_purchase": None, "vehicle_running": Dm("6.86"), "reception": Dm("0.56")}
    assert kf["three_public"]["budget"]["total"] == t09.value(1, 1) == Dm("14.32")
    assert kf["personnel"] == t06.value("人员经费合计", 1) == Dm("299.48")
    # no literal here: the seed prints 公用经费合计 156.17 (302 154.79 + 310 1.38) but the table built from
    # tests/seed_ledger.py holds 156.19 (302 154.81) -- a ledger/builder discrepancy reported, not pinned
    assert kf["public"] == t06.value("公用经费合计", 1)
    assert kf["derived"] == ()
