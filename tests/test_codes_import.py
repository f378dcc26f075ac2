"""Official code tables in one call (issue 11.4) and the hardening of load_edition (issue 12.8, limits).

Each test builds a file in a shape the 财政部 or a local 财政 bureau publishes and loads it.
"""

from __future__ import annotations

import json
import time
import zipfile

import pytest
import xlsxwriter

import govbudget as gb
from govbudget import cli, limits


def _xlsx(path, write) -> None:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("支出功能分类科目")
    write(wb, ws)
    wb.close()


def test_xlsx_with_lei_kuan_xiang_columns_merged_cells_and_a_two_row_header(tmp_path):
    p = tmp_path / "2025年政府收支分类科目.xlsx"

    def write(wb, ws):
        ws.merge_range("A1:D1", "2025年支出功能分类科目")  # title, row 1
        ws.merge_range("A2:C2", "科目编码")  # header row 2 spans 类 款 项 of row 3
        ws.write("D2", "科目名称")
        ws.write_row("A3", ["类", "款", "项"])
        ws.write_row("A4", ["201", "", "", "一般公共服务支出"])
        ws.merge_range("A5:A8", "201")  # 类 merged down over its 款 and 项
        ws.write_row("B5", ["01", "", "人大事务"])
        ws.merge_range("B6:B8", "01")  # 款 merged down over its 项
        ws.write_row("C6", ["01", "行政运行"])
        ws.write_row("C7", ["02", "一般行政管理事务"])
        ws.write_row("C8", ["99", "其他人大事务支出"])
        ws.write("D9", "注：本表仅为摘录")  # a note: no code

    _xlsx(p, write)
    ed = gb.load_edition(p, year=2025)
    assert list(ed) == ["201", "20101", "2010101", "2010102", "2010199"]
    assert ed.path_names("2010199") == "一般公共服务支出 › 人大事务 › 其他人大事务支出"
    assert ed["2010102"].evidence == "user"
    assert ed.skipped == ((1, "before the header"), (9, "no code in this row (注：本表仅为摘录): a heading or a note, not taken"))


def test_xlsx_with_two_digit_codes_placed_by_indentation(tmp_path):
    p = tmp_path / "indent.xlsx"

    def write(wb, ws):
        ws.write_row("A1", ["科目编码", "科目名称"])
        ws.write_row("A2", ["208", "社会保障和就业支出"])
        ws.write_row("A3", ["  05", "  行政事业单位养老支出"])
        ws.write_row("A4", ["    01", "    行政单位离退休"])
        ws.write_row("A5", ["    05", "    机关事业单位基本养老保险缴费支出"])
        ws.write_row("A6", ["  11", "  残疾人事业"])
        ws.write_row("A7", ["    99", "    其他残疾人事业支出"])

    _xlsx(p, write)
    ed = gb.load_edition(p, year=2024)
    assert list(ed) == ["208", "20805", "2080501", "2080505", "20811", "2081199"]
    assert ed["2080505"].name == "机关事业单位基本养老保险缴费支出"


def test_gbk_csv_with_chinese_headers_and_explanations(tmp_path):
    p = tmp_path / "经济分类.csv"
    p.write_bytes(
        "部门预算支出经济分类科目（2024）\n"
        "科目编码,科目名称,说明\n"
        "301,工资福利支出,反映单位开支的在职职工和编制外长期聘用人员的各类劳动报酬\n"
        "30101,基本工资,\n"
        "302,商品和服务支出,\n"
        "30201,办公费,反映单位购买按财务会计制度规定不符合固定资产确认标准的日常办公用品\n"
        "501,机关工资福利支出,\n".encode("gbk")
    )
    ed = gb.load_edition(p, scheme="economic", year=2024)
    assert list(ed) == ["301", "30101", "302", "30201"]
    assert ed["30201"].note.startswith("反映单位购买")
    assert ed.skipped[0] == (1, "before the header")
    assert ed.skipped[1][0] == 7 and "501" in ed.skipped[1][1] and "scheme='government'" in ed.skipped[1][1]


def test_text_of_the_book_with_explanations_under_the_codes(tmp_path):
    p = tmp_path / "科目.txt"
    p.write_text(
        "第二部分 支出功能分类科目\n"
        "\n"
        "201 一般公共服务支出\n"
        "反映政府提供一般公共服务的支出。\n"
        "20101 人大事务\n"
        "反映各级人民代表大会的支出。\n"
        "2010101 行政运行\n"
        "反映行政单位（包括实行公务员管理的事业单位）的基本支出。\n"
        "— 12 —\n"
        "201 01 02 一般行政管理事务\n"
        "反映行政单位（包括实行公务员管理的事业单位）未单独设置项级科目的其他项目支出。\n",
        encoding="utf-8",
    )
    ed = gb.load_edition(p, year=2025)
    assert list(ed) == ["201", "20101", "2010101", "2010102"]
    assert ed["2010101"].note == "反映行政单位（包括实行公务员管理的事业单位）的基本支出。"
    assert ed["201"].note == "反映政府提供一般公共服务的支出。"
    assert ed.skipped == ((1, "before the first code: 第二部分 支出功能分类科目"), (9, "a page number: — 12 —"))


def test_the_shipped_format_still_loads(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text("code,name,level,parent\n204,公共安全支出,类,\n20406,司法,款,204\n", encoding="utf-8")
    assert list(gb.load_edition(p, year=2026)) == ["204", "20406"]


# ---------------------------------------------------------------------------- issue 12.8


def test_a_duplicated_header_column_is_refused(tmp_path):
    p = tmp_path / "dup.csv"
    p.write_text("code,name,name\n201,一般公共服务支出,外交支出\n", encoding="utf-8")
    with pytest.raises(gb.DataFileError) as info:
        gb.load_edition(p, year=2025)
    assert list(info.value.problems) == [(1, "column 'name' appears twice (columns 2 and 3): which one holds the data "
                                       "is not clear; remove or rename one")]
    q = tmp_path / "dup-zh.csv"
    q.write_text("科目编码,科目名称,科目名称\n201,一般公共服务支出,x\n", encoding="utf-8")
    with pytest.raises(gb.DataFileError, match="column '科目名称' appears twice"):
        gb.load_edition(q, year=2025)


def test_an_unclosed_quote_does_not_swallow_rows_silently(tmp_path):
    p = tmp_path / "quote.csv"
    p.write_text('code,name\n201,"一般公共服务支出\n20101,人大事务\n2010101,行政运行\n', encoding="utf-8")
    with pytest.raises(gb.DataFileError) as info:
        gb.load_edition(p, year=2025)
    (line, msg), = info.value.problems
    assert line == 2 and "a quote opened on line 2 is never closed" in msg and "lines 2–5 are not read" in msg


def test_a_quote_closed_lines_later_is_reported(tmp_path):
    p = tmp_path / "quote2.csv"
    p.write_text('code,name\n201,"一般公共服务支出\n20101,人大事务"\n2010101,行政运行\n', encoding="utf-8")
    with pytest.raises(gb.DataFileError) as info:
        gb.load_edition(p, year=2025)
    assert any(line == 2 and "closed only on line 3" in msg for line, msg in info.value.problems)


def test_formula_cells_are_not_read_as_data(tmp_path):
    p = tmp_path / "formula.xlsx"

    def write(wb, ws):
        ws.write_row("A1", ["code", "name"])
        ws.write_row("A2", ["201", "一般公共服务支出"])
        ws.write_formula("A3", '="201"&"01"', None, "20101")  # cached value 20101
        ws.write("B3", "人大事务")

    _xlsx(p, write)
    with pytest.raises(gb.DataFileError) as info:
        gb.load_edition(p, year=2025)
    assert list(info.value.problems) == [(3, "cell A3 holds a formula: its cached value is not taken as data "
                                       "(enter the value itself)")]
    ed = gb.load_edition(p, year=2025, errors="report")
    assert 3 in [line for line, _ in ed.skipped]


def test_errors_report_loads_the_good_rows_and_lists_the_bad(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("科目编码,科目名称\n201,一般公共服务支出\n2010x,坏\n20101,人大事务\n", encoding="utf-8")
    ed = gb.load_edition(p, year=2025, errors="report")
    assert list(ed) == ["201", "20101"]
    assert [line for line, _ in ed.skipped] == [3]
    with pytest.raises(gb.ParseError):
        gb.load_edition(p, year=2025, errors="ignore")


# ---------------------------------------------------------------------------- limits


def _bomb(path, rows: int | None) -> None:
    """An xlsx whose sheet declares (and holds, compressed to almost nothing) ``rows`` rows."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                   '<sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x"/>'
                   '</Relationships>')
        body = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>201</t></is></c></row>' for i in range(1, 2001))
        z.writestr("xl/worksheets/sheet1.xml",
                   '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   + (f'<dimension ref="A1:C{rows}"/>' if rows else "") + f"<sheetData>{body}</sheetData></worksheet>")


def test_a_decompression_bomb_is_refused_before_the_sheet_is_expanded(tmp_path):
    p = tmp_path / "bomb.xlsx"
    _bomb(p, 12_000_000)
    t0 = time.perf_counter()
    with pytest.raises(gb.LimitExceededError) as info:
        gb.load_edition(p, year=2025)
    assert time.perf_counter() - t0 < 5  # refused from the declared dimension, not by reading 12 M rows
    assert "12000000 exceeds the limit max_table_rows = 100000" in str(info.value)
    assert "govbudget.limits.override(max_table_rows=...)" in str(info.value)


def test_a_sheet_without_a_declared_dimension_is_counted_while_streamed(tmp_path):
    p = tmp_path / "nodim.xlsx"
    _bomb(p, None)  # 2,000 rows, no <dimension>
    with limits.override(max_table_rows=1000), pytest.raises(gb.LimitExceededError) as info:
        gb.load_edition(p, year=2025)
    assert "exceeds the limit max_table_rows = 1000" in str(info.value)


def test_table_limits_apply_to_csv_and_can_be_raised(tmp_path):
    p = tmp_path / "many.csv"
    p.write_text("code,name\n" + "".join(f"2{i:02d},类{i}\n" for i in range(10, 40)), encoding="utf-8")
    with limits.override(max_table_rows=10), pytest.raises(gb.LimitExceededError, match="max_table_rows"):
        gb.load_edition(p, year=2025)
    with limits.override(max_file_bytes=50), pytest.raises(gb.LimitExceededError, match="max_file_bytes"):
        gb.load_edition(p, year=2025)
    assert len(gb.load_edition(p, year=2025)) == 30


# ---------------------------------------------------------------------------- command line


def test_codes_import_lists_what_was_read_and_every_line_not_taken(tmp_path, capsys):
    p = tmp_path / "科目.txt"
    p.write_text("支出功能分类科目\n201 一般公共服务支出\n20101 人大事务\n2010101 行政运行\n说明文字\n",
                 encoding="utf-8")
    out_csv = tmp_path / "out.csv"
    code = cli.main(["codes", "import", str(p), "--year", "2025", "--out", str(out_csv)])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"read 3 functional codes of 2025 (类 1, 款 1, 项 1) from {p}",
        "1 line not taken:",
        "  line 1: before the first code: 支出功能分类科目",
        f"wrote {out_csv}",
    ]
    back = gb.load_edition(out_csv, year=2025)
    assert back["2010101"].note == "说明文字"
    code = cli.main(["codes", "import", str(p), "--year", "2025", "--json"])
    d = json.loads(capsys.readouterr().out)
    assert (d["codes"], d["skipped"]) == (3, [{"line": 1, "reason": "before the first code: 支出功能分类科目"}])


def test_codes_import_of_a_bad_file_exits_2_listing_the_rows(tmp_path, capsys):
    p = tmp_path / "bad.csv"
    p.write_text("code,name\n201,一般公共服务支出\n2010x,坏\n", encoding="utf-8")
    code = cli.main(["codes", "import", str(p), "--year", "2025"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert "line 3: '2010x' is not a functional code" in err
    code = cli.main(["codes", "import", str(p), "--year", "2025", "--keep-going"])
    out, _ = capsys.readouterr()
    assert code == 0 and "  line 3: '2010x' is not a functional code" in out
