"""Tables printed without rules (tests/fixtures/unruled/): every cell placed by geometry.

The PDFs were printed from the HTML next to them (see the README there); every expected row, column
and value below is transcribed from that HTML, not from the reader's output.
"""

from __future__ import annotations

from decimal import Decimal as Dm
from pathlib import Path

import pytest

from govbudget.reader import read_report
from govbudget.reader._lines import UNSURE
from govbudget.reader._pdf import pdf_to_text

FIX = Path(__file__).parent / "fixtures" / "unruled"


def _grid(columns: list[str], rows: list[tuple[str, list[str]]], unsure: tuple = ()) -> set[tuple]:
    """(row label, column, value, placement, blank) for every cell of a printed grid; "" is a blank."""
    out = set()
    for label, values in rows:
        for col, v in zip(columns, values, strict=True):
            place = "uncertain" if (label, col) in unsure else "position"
            out.add((label, col, Dm(v.replace(",", "")) if v else None, place, None if v else "seen"))
    return out


def _cells(table) -> set[tuple]:
    return {(c.row_label, c.column, c.value, c.placement, c.blank) for c in table.cells}


def _tables(name: str) -> dict:
    return {t.table_id: t for t in read_report(FIX / f"{name}.pdf").tables}


def test_two_row_header_with_a_merged_cell():
    t = _tables("two_row_header")["expenditure"]
    cols = ["合计", "一般公共预算/基本支出", "一般公共预算/项目支出", "政府性基金"]
    assert _cells(t) == _grid(cols, [
        ("205 教育支出", ["1,200.00", "800.00", "300.00", "100.00"]),
        ("208 社会保障和就业支出", ["560.50", "560.50", "", ""]),
        ("210 卫生健康支出", ["98.20", "50.00", "48.20", ""]),
        ("合计", ["1,858.70", "1,410.50", "348.20", "100.00"]),
    ])
    assert t.certainty()["position"] == 13 and t.certainty()["blank_seen"] == 3


def test_a_blank_in_the_middle_of_a_row_keeps_the_columns_after_it():
    t = _tables("blank_and_wrap")["three_public"]
    cols = ["合计", "因公出国(境)费", "公务用车购置及运行费", "公务接待费"]
    assert _cells(t) == _grid(cols, [
        ("2024年预算数", ["12.00", "", "10.00", "2.00"]),
        ("2023年预算数", ["15.30", "3.00", "10.00", "2.30"]),
    ])


def test_wrapped_labels_are_one_row():
    t = _tables("blank_and_wrap")["general_budget_expenditure"]
    assert _cells(t) == _grid(["合计", "基本支出", "项目支出"], [
        ("七、文化旅游体育与传媒支出", ["35.00", "", "35.00"]),
        ("八、社会保障和就业支出", ["1,608.51", "1,508.51", "100.00"]),
        ("九、卫生健康支出", ["211.40", "211.40", ""]),
    ])


def test_a_table_continued_over_pages_keeps_its_bands():
    tables = _tables("continued")
    assert list(tables) == ["income"]
    t = tables["income"]
    assert _cells(t) == _grid(["合计", "一般公共预算拨款", "事业收入", "其他收入"], [
        ("201 一般公共服务支出", ["420.00", "400.00", "", "20.00"]),
        ("205 教育支出", ["3,150.75", "2,900.75", "250.00", ""]),
        ("208 社会保障和就业支出", ["88.10", "88.10", "", ""]),
        ("合计", ["3,658.85", "3,388.85", "250.00", "20.00"]),
        ("210 卫生健康支出", ["12.00", "12.00", "", ""]),  # page 3: no header, the bands carry
        ("总计", ["3,670.85", "3,400.85", "250.00", "20.00"]),
    ])
    assert {c.page for c in t.cells} == {1, 2, 3}


def test_an_amount_between_two_columns_is_uncertain_not_placed():
    t = _tables("straddle")["expenditure"]
    cells = _cells(t)
    moved = [c for c in cells if c[0] == "205 教育支出" and c[2] == Dm("5.00")]
    assert len(moved) == 1 and moved[0][3] == "uncertain"
    assert cells - set(moved) == _grid(["合计", "基本支出", "项目支出"], [
        ("201 一般公共服务支出", ["40.00", "30.00", "10.00"]),
        ("205 教育支出", ["25.00", "", "20.00"]),
        ("合计", ["65.00", "35.00", "30.00"]),
    ]) - {("205 教育支出", "基本支出", None, "position", "seen")}
    assert t.certainty()["uncertain"] == 1


@pytest.mark.parametrize(("name", "blocks", "line"), [
    ("two_row_header", 1, "208 社会保障和就业支出\t560.50\t560.50"),
    ("blank_and_wrap", 2, "2024年预算数\t12.00\t\t10.00\t2.00"),
    ("continued", 3, "210 卫生健康支出\t12.00\t12.00"),
    ("straddle", 1, f"205 教育支出\t25.00\t{UNSURE}5.00\t20.00"),
])
def test_tables_without_rules_are_written_as_cell_blocks(name, blocks, line):
    """The text layer of the PDF: each unruled table a [表格] block, a cell per column band."""
    text = pdf_to_text(FIX / f"{name}.pdf")
    assert text.count("[表格]") == blocks
    assert line in text.splitlines()
