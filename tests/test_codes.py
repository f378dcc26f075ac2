"""The shipped code tables: every file loads, keeps the table invariants, and says what the documents print."""

from __future__ import annotations

import csv
import itertools
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

import govbudget as gb
from govbudget.classification import EVIDENCE_LEVELS

ROOT = Path(__file__).resolve().parents[1]
CODES = ROOT / "codes"
FOLDER_SCHEME = {"functional": "functional", "economic-department": "economic", "economic-government": "government"}
LEVEL_BY_LENGTH = {3: "类", 5: "款", 7: "项"}

SHIPPED = sorted(
    (folder, int(p.stem))
    for folder in FOLDER_SCHEME
    for p in (CODES / folder).glob("*.csv")
)


def _edition(folder: str, year: int) -> gb.Edition:
    scheme = FOLDER_SCHEME[folder]
    if scheme == "functional":
        return gb.functional(year)
    return gb.economic(year, scheme="government" if scheme == "government" else "department")


def _rows(folder: str, year: int) -> list[dict[str, str]]:
    with (CODES / folder / f"{year}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------------------- catalogue


def test_the_expected_editions_are_shipped():
    assert gb.editions()["functional"] == tuple(range(2017, 2027))
    assert gb.editions()["economic"] == tuple(range(2017, 2027))
    assert gb.editions()["government"] == tuple(range(2018, 2027))  # 2017 predates the 2018 reform


@pytest.mark.parametrize(("folder", "year"), SHIPPED)
def test_every_shipped_file_loads(folder, year):
    ed = _edition(folder, year)
    assert len(ed) == len(_rows(folder, year))
    assert ed.year == year and ed.scheme == FOLDER_SCHEME[folder]


@pytest.mark.parametrize(("folder", "year"), SHIPPED)
def test_table_invariants(folder, year):
    rows = _rows(folder, year)
    assert list(rows[0]) in (["code", "name", "level", "parent", "evidence", "source"],
                             ["code", "name", "level", "parent", "evidence", "source", "aliases"])
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)), [c for c, n in Counter(codes).items() if n > 1]
    known = set(codes)
    leading = {"functional": "2", "economic-department": "3", "economic-government": "5"}[folder]
    for r in rows:
        code = r["code"]
        assert re.fullmatch(r"\d{3}|\d{5}|\d{7}", code), code
        assert code.startswith(leading), code
        assert r["level"] == LEVEL_BY_LENGTH[len(code)], code
        if folder != "functional":
            assert len(code) in (3, 5), code
        assert r["name"].strip() == r["name"] and r["name"], code
        assert r["evidence"] in EVIDENCE_LEVELS, code
        assert r["source"].strip(), code
        aliases = (r.get("aliases") or "").split("|") if r.get("aliases") else []
        assert all(a and a.strip() == a and a != r["name"] for a in aliases), code
        if len(code) == 3:
            assert r["parent"] == "", code
        else:
            assert r["parent"] == code[: len(code) - 2], code
            assert r["parent"] in known, f"{code}: parent {r['parent']} missing"


@pytest.mark.parametrize(("folder", "year"), SHIPPED)
def test_every_file_has_a_sources_entry(folder, year):
    sources = tomllib.loads((CODES / "SOURCES.toml").read_text(encoding="utf-8"))
    entry = sources[folder]
    assert entry["complete"] is False
    assert entry["title"] and entry["completeness"] and entry["documents"]
    assert _edition(folder, year).completeness == entry["completeness"]


def test_readme_counts_match_the_files():
    text = (CODES / "README.md").read_text(encoding="utf-8")
    table: dict[tuple[str, str], tuple[int, int, int, int]] = {}
    for m in re.finditer(r"^\| (\S+\.csv) \| (类|款|项) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", text, re.M):
        table[(m.group(1), m.group(2))] = tuple(int(m.group(i)) for i in range(3, 7))  # type: ignore[assignment]
    actual: dict[tuple[str, str], tuple[int, int, int, int]] = {}
    for folder, year in SHIPPED:
        c = Counter((r["level"], r["evidence"]) for r in _rows(folder, year))
        for level in ("类", "款", "项"):
            n = (c[(level, "attested")], c[(level, "public-notice")], c[(level, "reconstructed")])
            if sum(n) or c[(level, "user")]:
                actual[(f"{folder}/{year}.csv", level)] = (*n, sum(c[(level, e)] for e in EVIDENCE_LEVELS))
    assert table == actual


# ---------------------------------------------------------------------------- content read from the documents

# The seed (tests/fixtures/seed/zhuzhou_2024.txt), 公开02/03/05: the 21 functional codes and names.
SEED_FUNCTIONAL = {
    "201": "一般公共服务支出",
    "20104": "发展与改革事务",
    "2010450": "事业运行",
    "2010499": "其他发展与改革事务支出",
    "208": "社会保障和就业支出",
    "20805": "行政事业单位养老支出",
    "2080502": "事业单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "210": "卫生健康支出",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
    "2101102": "事业单位医疗",
    "2101103": "公务员医疗补助",
    "2101199": "其他行政事业单位医疗支出",
    "211": "节能环保支出",
    "21101": "环境保护管理事务",
    "2110199": "其他环境保护管理事务支出",
    "221": "住房保障支出",
    "22102": "住房改革支出",
    "2210201": "住房公积金",
}


def test_seed_codes_resolve_with_the_seed_names():
    assert len(SEED_FUNCTIONAL) == 21
    fn = gb.functional(2024)
    for code, name in SEED_FUNCTIONAL.items():
        s = fn[code]
        assert (s.name, s.evidence) == (name, "attested"), code


# The 26 类 names of the seed's 公开01, in its order.
SEED_T01_NAMES = [
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
    "文化旅游体育与传媒支出", "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出",
    "农林水支出", "交通运输支出", "资源勘探工业信息等支出", "商业服务业等支出", "金融支出",
    "援助其他地区支出", "自然资源海洋气象等支出", "住房保障支出", "粮油物资储备支出",
    "国有资本经营预算支出", "灾害防治及应急管理支出", "其他支出", "债务还本支出", "债务付息支出",
    "抗疫特别国债安排的支出",
]


functional_220 = "public notice: http://canet.com.cn/fagui/838207.html ; http://zk.cxy21.com/statute/11893/detail"


def test_2024_has_the_26_lei_of_the_seed_t01():
    roots = gb.functional(2024).roots()
    names = [s.name for s in roots]
    assert [n for n in names if n in SEED_T01_NAMES] == SEED_T01_NAMES  # every one, in the seed's order
    assert set(names) - set(SEED_T01_NAMES) == {"预备费", "转移性支出", "债务发行费用支出"}
    attested = {s.code for s in roots if s.evidence == "attested"}
    # printed with code in the seed (201 208 210 211 221), the Shanghai 2024 template (205 207) or
    # the 2024 万里街道 budget (204 206 212)
    assert attested == {"201", "204", "205", "206", "207", "208", "210", "211", "212", "221"}
    assert {s.evidence for s in roots if s.code not in attested} == {"reconstructed", "public-notice"}
    assert functional_220 == gb.functional(2024)["220"].source  # the 财预〔2024〕22号 reprint


@pytest.mark.parametrize(
    ("year", "code", "name"),
    [
        # 上海市XX局 2024年度部门决算模板, 收入决算表
        (2024, "20502", "普通教育"),
        (2024, "2050205", "高等教育"),
        (2024, "20799", "其他文化旅游体育与传媒支出"),
        # 江苏省高级人民法院 2017年度部门预算, 财政拨款支出预算表
        (2017, "20405", "法院"),
        (2017, "2040504", "案件审判"),
        (2017, "2080504", "未归口管理的行政单位离退休"),
        (2017, "2210202", "提租补贴"),
        # 江苏省政协办公厅 2018年度部门预算, 公开05表
        (2018, "20102", "政协事务"),
        (2018, "2010204", "政协会议"),
        (2018, "2010205", "委员视察"),
        # 2025: 石泉路街道 决算, 文化和旅游局 决算, 商务委员会 单位预算
        (2025, "2010506", "统计管理"),
        (2025, "2100717", "计划生育服务"),
        (2025, "2070904", "地方旅游开发项目补助"),
        (2025, "2121999", "其他国有土地使用权出让收入对应专项债务收入安排的支出"),
        (2025, "2011350", "事业运行"),
        (2025, "2169999", "其他商业服务业等支出"),
        # 上海市普陀区司法局 2026年部门预算
        (2026, "2040604", "基层司法业务"),
        (2026, "2040613", "信息化建设"),
        (2026, "2210203", "购房补贴"),
    ],
)
def test_functional_codes_read_from_the_documents(year, code, name):
    s = gb.functional(year)[code]
    assert (s.name, s.evidence) == (name, "attested")


@pytest.mark.parametrize(
    ("year", "code", "name"),
    [
        (2017, "30104", "其他社会保障缴费"),
        (2017, "30312", "提租补贴"),
        (2017, "310", "其他资本性支出"),
        (2018, "30114", "医疗费"),
        (2025, "30240", "税金及附加费用"),
        (2025, "31013", "公务用车购置"),
        (2026, "31002", "办公设备购置"),
    ],
)
def test_economic_codes_read_from_the_documents(year, code, name):
    s = gb.economic(year)[code]
    assert (s.name, s.evidence) == (name, "attested")


def test_a_print_variant_is_an_alias_of_the_classification_spelling():
    # the 2026 司法局 budget prints 维修(护)费 with ASCII brackets; the classification writes （护）
    s = gb.economic(2026)["30213"]
    assert (s.name, s.evidence) == ("维修（护）费", "attested")
    assert "维修(护)费" in s.aliases


def test_2025_main_name_is_the_official_name_and_the_old_one_an_alias_with_its_years():
    # 石泉路街道 2025 决算 prints 行政事业单位离退休; 文化和旅游局 and 商务委员会 print 行政事业单位养老支出,
    # the name of the classification since (at the latest) 2023. The Jiangsu budgets of 2017-2019 print 离退休.
    s = gb.functional(2025)["20805"]
    assert s.name == "行政事业单位养老支出"
    assert s.aliases == ("行政事业单位离退休",)
    assert s.alias_years == (("行政事业单位离退休", (2017, 2018, 2019, 2025)),)
    assert "文化和旅游局" in s.source
    assert gb.functional(2019)["20805"].name == "行政事业单位离退休"
    assert "20805" in (CODES / "README.md").read_text(encoding="utf-8")


def test_sources_name_the_document_and_table():
    assert gb.functional(2025)["2070904"].source == "上海市普陀区文化和旅游局 2025年度部门决算 收入决算表"
    assert gb.functional(2017)["2210201"].source == "江苏省高级人民法院 2017年度部门预算 部门财政拨款支出预算表"


# ---------------------------------------------------------------------------- errors


def test_unknown_code_is_a_key_error_with_a_full_message():
    fn = gb.functional(2025)
    with pytest.raises(KeyError) as info:
        fn["2070198"]
    e = info.value
    assert isinstance(e, gb.UnknownCodeError) and isinstance(e, gb.GovBudgetError)
    assert (e.code, e.scheme, e.year) == ("2070198", "functional", 2025)
    # same 款 20701 first, longest shared prefix, closest numbers first
    assert e.suggestions == ("2070199", "2070114", "2070113", "2070112", "2070111")
    msg = str(e)
    assert msg.startswith("code '2070198' is not in the functional edition 2025 (partial: the codes printed in")
    assert msg.endswith("; nearest known codes: 2070199, 2070114, 2070113, 2070112, 2070111")


def test_unknown_code_in_economic_names_scheme_and_year():
    with pytest.raises(gb.UnknownCodeError) as info:
        gb.economic(2026)["30298"]
    assert "economic edition 2026" in str(info.value)
    assert info.value.suggestions[:2] == ("30299", "30240")


@pytest.mark.parametrize(
    ("bad", "found"),
    [
        ("2010", "found 4 characters"),
        ("20104x", "found the non-digit character 'x' at position 6"),
        ("  ", "found an empty code"),
        ("201\n", "found whitespace at position 4"),
        (2010450, "found an int"),
    ],
)
def test_malformed_codes(bad, found):
    with pytest.raises(gb.MalformedCodeError) as info:
        gb.functional(2024)[bad]
    assert isinstance(info.value, ValueError) and not isinstance(info.value, KeyError)
    assert str(info.value) == (
        f"{bad!r} is not a functional code: expected 3, 5 or 7 ASCII digits (类/款/项), {found}"
    )


def test_malformed_economic_code_names_the_leading_digit():
    with pytest.raises(gb.MalformedCodeError, match="start with 3, found 2"):
        gb.economic(2024)["20101"]


def test_unknown_edition_lists_the_shipped_editions():
    with pytest.raises(LookupError) as info:
        gb.functional(1999)
    assert isinstance(info.value, gb.UnknownEditionError)
    assert str(info.value) == ("no functional edition for 1999; shipped editions: 2017, 2018, 2019, 2020, "
                               "2021, 2022, 2023, 2024, 2025, 2026")
    with pytest.raises(gb.UnknownEditionError, match=r"shipped editions: 2018, .*, 2026$"):
        gb.economic(2017, scheme="government")


# ---------------------------------------------------------------------------- user tables


def test_load_edition_good_csv(tmp_path):
    p = tmp_path / "fn.csv"
    p.write_text(
        "code,name\n204,公共安全支出\n20406,司法\n2040601,行政运行\n2040699,其他司法支出\n", encoding="utf-8"
    )
    ed = gb.load_edition(p, scheme="functional", year=2026)
    assert ed.complete and len(ed) == 4
    assert ed["2040699"].parent == "20406" and ed["2040699"].evidence == "user"
    assert ed.path_names("2040601") == "公共安全支出 › 司法 › 行政运行"


def test_load_edition_reports_every_bad_row_at_once(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text(
        "code,name,level,parent\n"
        "201,一般公共服务支出,类,\n"  # line 2: fine
        "2010x,人大事务,款,201\n"  # line 3: not digits
        "20101,,款,201\n"  # line 4: empty name
        "2010101,行政运行,款,20101\n"  # line 5: level does not match
        "2020101,外交管理事务,项,20201\n"  # line 6: parent not in table
        "201,一般公共服务支出,类,\n",  # line 7: duplicate
        encoding="utf-8",
    )
    with pytest.raises(gb.DataFileError) as info:
        gb.load_edition(p, scheme="functional", year=2025)
    lines = sorted(line for line, _ in info.value.problems)
    assert lines == [3, 4, 5, 6, 7]
    msg = str(info.value)
    assert msg.startswith(f"{p}: 5 bad rows")
    assert "line 3: '2010x' is not a functional code" in msg
    assert "line 4: code 20101: empty name" in msg
    assert "line 5: code 2010101: level '款' does not match a 7-digit code (expected '项')" in msg
    assert "line 6: code 2020101: its parent 20201 is not in the table" in msg
    assert "line 7: code 201: duplicate (first on line 2)" in msg


def test_load_edition_missing_file(tmp_path):
    with pytest.raises(gb.DataFileError, match="file not found"):
        gb.load_edition(tmp_path / "nope.csv", year=2025)


# ---------------------------------------------------------------------------- crosswalk


def test_crosswalk_2024_2025():
    same = gb.crosswalk("2210201", 2024, 2025)
    assert (same.status, same.from_name, same.to_name, same.evidence) == ("unchanged", "住房公积金", "住房公积金", "attested")
    # printed in 2024 only; 2025 is a partial edition, so its absence proves nothing
    gone = gb.crosswalk("2080504", 2019, 2023)  # printed by the Jiangsu budgets of 2017-2019 only
    assert (gone.status, gone.from_name, gone.to_name) == ("unattested", "未归口管理的行政单位离退休", None)
    # 2025 documents print both names of 20805 (the old one is an alias), so this is no rename
    both = gb.crosswalk("20805", 2024, 2025)
    assert (both.status, both.from_name, both.to_name) == ("unchanged", "行政事业单位养老支出", "行政事业单位养老支出")
    assert gb.crosswalk("20805", 2025, 2026).status == "unchanged"


def test_recorded_changes_are_crosswalk_edges_with_their_evidence():
    # 中医药 moved from 款 21006 to 21017 (last seen under 21006 in 2020, first under 21017 in 2024)
    moved = gb.crosswalk("21006", 2020, 2024)
    assert (moved.status, moved.to_code, moved.from_name, moved.to_name) == ("moved", "21017", "中医药", "中医药事务")
    assert moved.evidence == "public-notice" and "nbyz.gov.cn" in moved.source
    # the 224 class is new in 2019; 2210111 配租型住房保障 in 2025
    assert (gb.crosswalk("224", 2018, 2019).status, gb.crosswalk("224", 2018, 2019).to_name) == (
        "added", "灾害防治及应急管理支出")
    new = gb.crosswalk("2210111", 2024, 2025)
    assert (new.status, new.to_name, new.evidence) == ("added", "配租型住房保障", "public-notice")
    assert "czj.gz.gov.cn" in new.source
    # 20805 renamed between 2019 (Jiangsu budgets print 离退休) and 2023 (万里街道 prints 养老支出)
    renamed = gb.crosswalk("20805", 2019, 2023)
    assert (renamed.status, renamed.from_name, renamed.to_name, renamed.evidence) == (
        "renamed", "行政事业单位离退休", "行政事业单位养老支出", "attested")
    assert gb.crosswalk("20805", 2018, 2024).status == "renamed"
    assert gb.crosswalk("210", 2018, 2019).status == "renamed"


def test_every_year_to_the_next_is_a_complete_set_of_edges():
    for scheme in ("functional", "economic", "government"):
        years = gb.editions()[scheme]
        for a, b in itertools.pairwise(years):
            ea, eb = gb.edition(scheme, a), gb.edition(scheme, b)
            edges = ea.diff(eb)
            assert {e.code for e in edges} == set(ea) | set(eb)
            assert {e.status for e in edges} <= {"unchanged", "renamed", "moved", "added", "removed", "unattested"}
            assert all(e.evidence in gb.EVIDENCE_LEVELS for e in edges)


def test_crosswalk_economic_and_unknown():
    # 2026 prints 维修(护)费 (ASCII brackets): a print variant, not a rename
    assert gb.crosswalk("30213", 2018, 2026, scheme="economic").status == "unchanged"
    assert gb.crosswalk("30201", 2018, 2026, scheme="economic").status == "unchanged"
    with pytest.raises(gb.UnknownCodeError):
        gb.crosswalk("2999999", 2024, 2025)


def test_diff_of_complete_editions_says_added_and_removed(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("code,name\n201,一般公共服务支出\n20101,人大事务\n", encoding="utf-8")
    b.write_text("code,name\n201,一般公共服务支出\n20102,政协事务\n", encoding="utf-8")
    ea = gb.load_edition(a, year=2024)
    eb = gb.load_edition(b, year=2025)
    assert {e.code: e.status for e in ea.diff(eb)} == {"201": "unchanged", "20101": "removed", "20102": "added"}


# ---------------------------------------------------------------------------- review fixes


@pytest.mark.parametrize(
    ("call", "error"),
    [(lambda: gb.functional(2024).search(None), gb.ParseError),
     (lambda: gb.functional(2024).search(2010450), gb.ParseError),
     (lambda: gb.functional(2024).nearest("abc"), gb.MalformedCodeError),
     (lambda: gb.functional(2024).nearest("2010450", n=-1), gb.ParseError),
     (lambda: gb.load_edition(None, year=2025), gb.DataFileError),
     (lambda: gb.load_edition(CODES / "functional" / "2025.csv", year="2025"), gb.UnknownEditionError),
     (lambda: gb.functional("2024"), gb.UnknownEditionError),
     (lambda: gb.economic(2024.0), gb.UnknownEditionError),
     (lambda: gb.crosswalk("2010450", "2024", 2025), gb.UnknownEditionError)],
)
def test_ordinary_misuse_raises_typed_errors(call, error):
    with pytest.raises(error):
        call()


def test_a_year_given_as_text_is_told_to_be_an_int():
    with pytest.raises(gb.UnknownEditionError) as info:
        gb.functional("2024")
    assert str(info.value) == "the year of a functional edition must be an int such as 2024, found str '2024'"


def test_aliases_load_and_are_searched(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text("code,name,aliases\n208,社会保障和就业支出,\n20805,行政事业单位离退休,行政事业单位养老支出| 养老 \n",
                 encoding="utf-8")
    ed = gb.load_edition(p, year=2025)
    assert ed["20805"].aliases == ("行政事业单位养老支出", "养老")
    assert ed["208"].aliases == ()
    assert [s.code for s in ed.search("养老")] == ["20805"]
    assert [s.code for s in gb.functional(2025).search("行政事业单位养老支出")] == ["20805", "2080599"]
    assert [s.code for s in gb.functional(2025).search("行政事业单位离退休")] == ["20805"]  # an older name
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,aliases\n208,社会保障和就业支出,社会保障和就业支出\n", encoding="utf-8")
    with pytest.raises(gb.DataFileError, match="repeats a name"):
        gb.load_edition(bad, year=2025)


def test_unknown_columns_of_a_user_table_are_an_error(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text("code,name,备注\n201,一般公共服务支出,x\n", encoding="utf-8")
    with pytest.raises(gb.DataFileError) as info:
        gb.load_edition(p, year=2025)
    assert info.value.problems[0][0] == 1 and "备注" in info.value.problems[0][1]


def test_xlsx_errors_give_the_row_numbers_excel_shows(tmp_path):
    """read_excel dropped blank rows, so the line numbers pointed at the wrong rows."""
    import xlsxwriter  # a dev dependency (the xlsx extra)

    p = tmp_path / "f.xlsx"
    wb = xlsxwriter.Workbook(str(p))
    ws = wb.add_worksheet()
    # Excel rows: 1 blank, 2 header, 3 ok, 4 blank, 5 bad, 6 blank, 7 blank, 8 bad (numeric code cell)
    ws.write_row(1, 0, ["code", "name"])
    ws.write_row(2, 0, ["201", "一般公共服务支出"])
    ws.write_row(4, 0, ["2010x", "坏"])
    ws.write_number(7, 0, 2010)
    ws.write_string(7, 1, "短")
    wb.close()
    with pytest.raises(gb.DataFileError) as info:
        gb.load_edition(p, year=2025)
    assert [line for line, _ in info.value.problems] == [5, 8]
    assert "'2010x'" in info.value.problems[0][1] and "'2010'" in info.value.problems[1][1]


def test_load_edition_on_a_folder_says_so(tmp_path):
    with pytest.raises(gb.DataFileError) as e:
        gb.load_edition(tmp_path, scheme="functional", year=2024)
    assert str(e.value) == f"{tmp_path}: 1 file problem\n  file: is a directory; expected a CSV, XLSX or text file"


def test_scheme_must_be_a_str_and_messages_use_an():
    with pytest.raises(gb.UnknownEditionError, match=r"a scheme is a str, .* found list \[\]"):
        gb.economic(2024, scheme=[])
    with pytest.raises(gb.MalformedCodeError, match="'3x' is not an economic code"):
        gb.economic(2024)["3x"]
    with pytest.raises(gb.UnknownEditionError, match="the year of an economic edition must be an int"):
        gb.economic("2024")
    with pytest.raises(gb.MalformedCodeError, match="'2x' is not a functional code"):
        gb.functional(2024)["2x"]


def test_data_file_error_counts_rows_and_file_problems_apart():
    assert "f.csv: 1 bad row\n  line 3: x" == str(gb.DataFileError("f.csv", [(3, "x")]))
    assert "f.csv: 1 file problem\n  file: y" == str(gb.DataFileError("f.csv", [(None, "y")]))
    both = gb.DataFileError("f.csv", [(2, "a"), (5, "b"), (None, "c")])
    assert str(both).startswith("f.csv: 2 bad rows, 1 file problem\n")


@pytest.mark.parametrize(("folder", "year"), SHIPPED)
def test_the_full_parse_of_every_shipped_file_finds_no_problem(folder, year):
    # shipped tables load through a fast path; the full parse (that of load_edition) must agree
    from govbudget.classification import _parse_rows

    text = (CODES / folder / f"{year}.csv").read_text(encoding="utf-8")
    subjects, problems = _parse_rows(text, FOLDER_SCHEME[folder], year, folder)
    assert problems == []
    assert subjects == list(_edition(folder, year).values())


def test_the_readme_counts_are_what_the_build_tool_writes():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(ROOT / "tools" / "build_codes.py")], capture_output=True,
                         text=True, check=True).stdout
    assert "codes/README.md counts: same" in out
    assert "changed" not in out, out  # every table is what tools/build_codes.py builds from codes/sources
