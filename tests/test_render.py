"""Renderer tests: text against the seed's own table blocks, xlsx merges and values, md/html/csv snippets.

Expected strings are typed from the seed report (tests/fixtures/seed/zhuzhou_2024.txt) or from
the Shanghai 2024 template; the text renderer is also compared line by line with that fixture.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from seed_ledger import DEPARTMENT, seed_ledger

import govbudget as gb

FIXTURE = Path(__file__).parent / "fixtures" / "seed" / "zhuzhou_2024.txt"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@pytest.fixture(scope="module")
def tables() -> gb.PublicTables:
    return gb.build_tables(seed_ledger(), gb.template("hunan", 2024))


# ------------------------------------------------------------------------ text


def test_text_contains_the_seed_header_lines_of_t03(tables):
    """The text of 公开03 has the seed's header block: title, 表号, 金额单位, 部门 and three header rows."""
    lines = gb.render(tables["公开03"], "text").splitlines()
    assert [
        "支出决算表",
        "公开03表",
        "金额单位：万元",
        "部门：株洲市长株潭一体化发展事务中心",
        "项目\t\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出",
        "科目代码\t科目名称\t\t\t\t\t\t",
        "栏次\t\t1\t2\t3\t4\t5\t6",
        "合计\t\t519.63\t455.65\t63.98\t\t\t",
    ] == lines[:8]
    assert "2010499\t其他发展与改革事务支出\t56.78\t\t56.78\t\t\t" in lines


def _seed_block(title: str) -> list[str]:
    """The seed's lines from the table title line to its first 注： line (inclusive), blank lines dropped.

    The seed is the text of a PDF: it has blank lines between rows, which the renderer does not print.
    """
    seed = FIXTURE.read_text(encoding="utf-8").splitlines()
    [start] = [i for i, line in enumerate(seed) if line == title]
    end = next(i for i in range(start, len(seed)) if seed[i].startswith("注："))
    return [line for line in seed[start : end + 1] if line]


@pytest.mark.parametrize(
    ("tid", "title", "rows"),
    [("公开01", "收入支出决算总表", 35), ("公开02", "收入决算表", 30), ("公开03", "支出决算表", 30),
     ("公开04", "财政拨款收入支出决算总表", 40), ("公开05", "一般公共预算财政拨款支出决算表", 30)],
)
def test_text_block_equals_the_seed_block(tables, tid, title, rows):
    """公开01–05 print exactly the seed's block for that table, line by line and in order, tabs included."""
    seed = _seed_block(title)
    assert rows == len(seed)  # typed from the seed: a miscut block would not be compared
    if tid == "公开02":
        # the one known difference: the seed's 公开02 部门 line ends in 8 tabs (its empty header cells);
        # the renderer prints the 部门 line without them, as the seed does for 公开03–05
        assert f"部门：{DEPARTMENT}\t\t\t\t\t\t\t\t" == seed[3]
        seed[3] = f"部门：{DEPARTMENT}"
    lines = gb.render(tables[tid], "text").splitlines()
    [note] = [i for i, line in enumerate(lines) if line.startswith("注：")]
    assert seed == lines[: note + 1]
    # after the 注： line only 公开01 prints more: the seed's second footnote line
    assert (["2. 本套报表金额单位转换时可能存在尾数误差。"] if tid == "公开01" else []) == lines[note + 1 :]


def test_text_t06_layout_and_t01_without_header_block(tables):
    """公开06 prints its three groups side by side; 公开01 has no 表号/部门 block (as in the seed)."""
    t06 = gb.render(tables["公开06"], "text").splitlines()
    assert "人员经费\t\t\t公用经费\t\t\t\t\t" in t06
    assert "科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数\t科目代码\t科目名称\t决算数" in t06
    assert "30101\t基本工资\t80.90\t30201\t办公费\t21.59\t30701\t国内债务付息\t" in t06
    assert "\t\t\t30299\t其他商品和服务支出\t7.22\t\t\t" in t06
    assert "人员经费合计\t\t299.48\t公用经费合计\t\t\t\t\t156.19" in t06
    t01 = gb.render(tables["公开01"], "text").splitlines()
    assert ["收入支出决算总表", "收入\t\t\t支出\t\t"] == t01[:2]


def test_text_written_to_a_path(tables, tmp_path):
    """With a path the text is written as UTF-8 and the path returned."""
    out = gb.render(tables, "text", tmp_path / "tables.txt")
    assert tmp_path / "tables.txt" == out
    text = out.read_text(encoding="utf-8")
    assert text.count("金额单位：万元") == 8  # every table but 公开01
    assert "说明：本部门本年度无政府性基金预算财政拨款收入和支出，本表无数据。" in text


# ------------------------------------------------------------------------ xlsx


def _sheet(data: bytes, name: str) -> tuple[set[str], dict[str, str], str]:
    """(merged ranges, cell ref → value text, styles.xml) of the sheet called ``name``."""
    z = zipfile.ZipFile(io.BytesIO(data))
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    names = [s.get("name") for s in wb.find("m:sheets", NS)]
    sheet = ET.fromstring(z.read(f"xl/worksheets/sheet{names.index(name) + 1}.xml"))
    shared = [
        "".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t"))
        for si in ET.fromstring(z.read("xl/sharedStrings.xml"))
    ]
    merges = {m.get("ref") for m in sheet.iter(f"{{{NS['m']}}}mergeCell")}
    cells = {}
    for c in sheet.iter(f"{{{NS['m']}}}c"):
        v = c.find("m:v", NS)
        if v is not None:
            cells[c.get("r")] = shared[int(v.text)] if c.get("t") == "s" else v.text
    return merges, cells, z.read("xl/styles.xml").decode()


def test_xlsx_t03_merged_headers_and_values(tables):
    """公开03 sheet: title over A:H, 项目 over A:B, single headers over two rows, 合计 over A:B."""
    merges, cells, styles = _sheet(gb.render(tables, "xlsx"), "公开03")
    assert {"A1:H1", "A4:B4", "C4:C5", "D4:D5", "E4:E5", "F4:F5", "G4:G5", "H4:H5", "A7:B7"} == merges
    assert ("支出决算表", "公开03表", f"部门：{DEPARTMENT}", "金额单位：万元") == (
        cells["A1"], cells["H2"], cells["A3"], cells["H3"])  # fmt: skip
    assert ("项目", "本年支出合计", "科目代码", "科目名称", "栏次", "1", "6") == (
        cells["A4"], cells["C4"], cells["A5"], cells["B5"], cells["A6"], cells["C6"], cells["H6"])  # fmt: skip
    assert ("合计", "519.63", "455.65", "63.98") == (cells["A7"], cells["C7"], cells["D7"], cells["E7"])
    assert "F7" not in cells
    assert ("2010499", "其他发展与改革事务支出", "56.78", "56.78") == (
        cells["A11"], cells["B11"], cells["C11"], cells["E11"])  # fmt: skip
    assert "D11" not in cells
    assert 'formatCode="#,##0.00"' in styles
    assert cells["A29"] == "注：本表反映部门本年度各项支出情况。"


def test_xlsx_t06_groups_and_totals(tables):
    """公开06 sheet: 人员经费 over A:C, 公用经费 over D:I, totals row with merged labels."""
    merges, cells, _ = _sheet(gb.render(tables, "xlsx"), "公开06")
    assert {"A1:I1", "A4:C4", "D4:I4", "A34:B34", "D34:H34"} == merges
    assert ("301", "工资福利支出", "291.37", "302", "154.81", "307") == (
        cells["A6"], cells["B6"], cells["C6"], cells["D6"], cells["F6"], cells["G6"])  # fmt: skip
    assert "I6" not in cells  # 307 is blank
    assert ("人员经费合计", "299.48", "公用经费合计", "156.19") == (cells["A34"], cells["C34"], cells["D34"], cells["I34"])


def test_xlsx_t01_two_sides_and_blank_zero(tables, tmp_path):
    """公开01 sheet: both sides on one row; the exact-zero 年末结转和结余 (行次 59) stays empty."""
    path = gb.render(tables, "xlsx", tmp_path / "t.xlsx")
    merges, cells, _ = _sheet(path.read_bytes(), "公开01")
    assert {"A1:F1", "A4:C4", "D4:F4"} == merges
    assert ("一、一般公共预算财政拨款收入", "1", "519.63", "一、一般公共服务支出", "31", "410.65") == tuple(
        cells[f"{c}7"] for c in "ABCDEF"
    )
    assert ("年末结转和结余", "59") == (cells["D35"], cells["E35"])
    assert "F35" not in cells


def test_xlsx_needs_xlsxwriter(tables, monkeypatch):
    """Without xlsxwriter the xlsx renderer raises MissingDependencyError naming the extra."""
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    with pytest.raises(gb.MissingDependencyError, match=r"govbudget\[xlsx\]"):
        gb.render(tables, "xlsx")


# ------------------------------------------------------------------------ md / html / csv


def test_markdown_snippet(tables):
    """Markdown: path headers, right-aligned amounts, 栏次 row, 合计 row."""
    md = gb.render(tables, "md")
    assert f"# {DEPARTMENT} 2024年度部门决算" == md.splitlines()[0]
    block = md.split("### 支出决算表")[1]
    assert "| 项目 / 科目代码 | 项目 / 科目名称 | 本年支出合计 | 基本支出 | 项目支出 | 上缴上级支出 | 经营支出 | 对附属单位补助支出 |" in block
    assert "|---|---|---:|---:|---:|---:|---:|---:|" in block
    assert "| 栏次 |  | 1 | 2 | 3 | 4 | 5 | 6 |" in block
    assert "| 合计 |  | 519.63 | 455.65 | 63.98 |  |  |  |" in block


def test_markdown_and_html_group_thousands():
    """md and html print 1,234.57; text prints 1234.57 (as the published tables do)."""
    led = gb.Ledger("某单位", 2024)
    led.spend("12345678", functional="2010450")
    t = gb.build_tables(led, gb.template("hunan", 2024))["公开05"]
    assert "| 合计 |  | 1,234.57 | 1,234.57 |  |" in gb.render(t, "md")
    assert '<td class="num">1,234.57</td>' in gb.render(t, "html")
    assert "合计\t\t1234.57\t1234.57\t" in gb.render(t, "text")


def test_html_merges_and_escaping():
    """HTML: colspan/rowspan headers, 合计 spanning two cells, escaped department name."""
    led = seed_ledger()
    page = gb.render(gb.build_tables(led, gb.template("hunan", 2024), department="A&B<局>"), "html")
    assert "部门：A&amp;B&lt;局&gt;" in page and "<局>" not in page
    t03 = page.split('id="公开03"')[1].split("</section>")[0]
    assert '<tr><th colspan="2">项目</th><th rowspan="2">本年支出合计</th>' in t03
    assert '<tr><td colspan="2">合计</td><td class="num">519.63</td><td class="num">455.65</td>' in t03
    t09 = page.split('id="公开09"')[1].split("</section>")[0]
    assert '<th colspan="6">预算数</th>' in t09 and '<th colspan="3">公务用车购置及运行维护费</th>' in t09


def test_html_shanghai_three_public_header():
    """Shanghai 表7: 合计 spans two columns and two rows above its 预算数/决算数 pair."""
    page = gb.render(gb.build_tables(seed_ledger(), gb.template("shanghai", 2024))["表7"], "html")
    assert '<th colspan="12">财政拨款“三公”经费</th>' in page
    assert '<th rowspan="2" colspan="2">合计</th>' in page
    assert '<th colspan="6">公务用车购置及运行维护费</th>' in page
    assert re.search(r"<th>预算数</th><th>决算数</th>", page)


def test_csv_strings_and_folder(tables, tmp_path):
    """csv: a dict of CSV texts, or <id>.csv files (UTF-8 with BOM) written into a folder."""
    texts = gb.render(tables, "csv")
    assert list(tables) == list(texts)
    lines = texts["公开03"].splitlines()
    assert "项目,,本年支出合计,基本支出,项目支出,上缴上级支出,经营支出,对附属单位补助支出" == lines[0]
    assert "合计,,519.63,455.65,63.98,,," == lines[3]
    files = gb.render(tables, "csv", tmp_path / "out")
    assert (tmp_path / "out" / "公开09.csv") == files["公开09"]
    raw = files["公开09"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "14.32,6.90,6.86,,6.86,0.56,14.32,6.90,6.86,,6.86,0.56" in raw.decode("utf-8-sig")


def test_unknown_format_lists_the_known_ones(tables):
    """An unknown format raises UnknownFormatError listing the registered formats."""
    with pytest.raises(LookupError, match="no renderer for format 'docx'; formats: csv, html, md, text, xlsx"):
        gb.render(tables, "docx")


# ------------------------------------------------------------------------------ unwritable paths
@pytest.mark.parametrize("fmt", ["text", "md", "html", "xlsx"])
def test_render_into_a_folder_is_a_data_file_error(tables, tmp_path, fmt):
    with pytest.raises(gb.DataFileError, match="the path is a directory; expected a file path") as e:
        gb.render(tables, fmt, tmp_path)
    assert e.value.path == str(tmp_path)


def test_render_with_a_missing_parent_folder_names_it(tables, tmp_path):
    target = tmp_path / "no" / "such" / "t.md"
    with pytest.raises(gb.DataFileError) as e:
        gb.render(tables, "md", target)
    assert e.value.path == str(target)
    assert f"the folder {str(target.parent)!r} does not exist" in str(e.value)
    assert not target.parent.exists()


def test_render_csv_onto_an_existing_file_is_a_data_file_error(tables, tmp_path):
    f = tmp_path / "tables.csv"
    f.write_text("keep me", encoding="utf-8")
    with pytest.raises(gb.DataFileError, match="expected a folder for the per-table files, found an existing file"):
        gb.render(tables, "csv", f)
    assert "keep me" == f.read_text(encoding="utf-8")
    with pytest.raises(gb.DataFileError, match="1 file problem"):
        gb.render(tables, "text", f / "t.txt")


def test_render_path_of_a_wrong_type_is_refused(tables):
    with pytest.raises(gb.GovBudgetError, match="path must be a str or Path, found int 3"):
        gb.render(tables, "text", 3)


def test_markdown_and_html_escape_the_unit_name():
    """A unit called "# <b>A&B</b> *x* | y" prints as text, not as markup, in both formats."""
    name = "# <b>A&B</b> *x* | y"
    ts = gb.build_tables(gb.Ledger(name, 2024), gb.template("hunan", 2024))
    md = gb.render(ts, "md")
    esc = "\\# &lt;b&gt;A&amp;B&lt;/b&gt; \\*x\\* \\| y"
    assert md.splitlines()[0] == f"# {esc} 2024年度部门决算"
    assert f"部门：{esc} · 金额单位：万元" in md
    assert "<b>" not in md and " *x* " not in md
    page = gb.render(ts, "html")
    assert "<b>" not in page
    assert "<title># &lt;b&gt;A&amp;B&lt;/b&gt; *x* | y 2024年度部门决算</title>" in page
