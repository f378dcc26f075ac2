"""Extract the classification codes printed in the test-fixture reports into codes/<scheme>/<year>.csv.

Not shipped. Run from the repository root:

    .venv/bin/python tools/extract_codes.py            # print what would change
    .venv/bin/python tools/extract_codes.py --write    # rewrite the CSVs

What it reads: every table row of the fixture reports (``[表格]`` blocks, and for the PDF
extractions also plain lines ``<code> <name> <amount>`` that the table finder missed at a page
break). A code is a 3/5/7-digit cell, or a 类 | 款 | 项 split across cells (``201 | 13 | 01``);
the name is the next non-empty cell. Codes starting with 2 go to the functional table, codes
starting with 3 to the 部门预算 economic table.

For each year the documents are read in the order of DOCS; the first document that prints a
code gives its name and source. A later document printing another name for the same code is
reported (and listed in codes/README.md by hand). Rows already in the 2024 files are kept as
they are; the 26 类 of the seed's 公开01 are added with the codes of docs/domain.md §1.1 and
marked ``reconstructed`` unless a 2024 document prints that code with that name.

Every row this writes was reviewed by hand against the documents; the script only makes the
result reproducible.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"

# (text file, table-layer file or None, year, "unit 年度 kind" label)
DOCS: list[tuple[str, str | None, int, str]] = [
    ("seed/zhuzhou_2024.txt", None, 2024, "株洲市长株潭一体化发展事务中心 2024年度部门决算"),
    ("reports/shanghai_dept_final_template_2024.txt", None, 2024, "上海市XX局 2024年度部门决算模板（附件2）"),
    ("reports/putuo_shiquanlu_street_2025_final.txt", "reports/putuo_shiquanlu_street_2025_final.tables.txt",
     2025, "上海市普陀区人民政府石泉路街道办事处 2025年度部门决算"),
    ("reports/putuo_culture_tourism_2025_final.txt", "reports/putuo_culture_tourism_2025_final.tables.txt",
     2025, "上海市普陀区文化和旅游局 2025年度部门决算"),
    ("reports/putuo_commerce_2025_unit_budget.txt", None, 2025, "上海市普陀区商务委员会 2025年单位预算"),
    ("reports/putuo_justice_2026_dept_budget.txt", None, 2026, "上海市普陀区司法局 2026年部门预算"),
    ("reports/putuo_justice_2026_unit_budget.txt", None, 2026, "上海市普陀区司法局 2026年单位预算"),
    ("reports/jiangsu_high_court_2017_dept_budget.txt", None, 2017, "江苏省高级人民法院 2017年度部门预算"),
    ("reports/jiangsu_cppcc_2018_dept_budget_tables.txt", None, 2018, "江苏省政协办公厅 2018年度部门预算"),
]

# The 26 类 of the seed's 公开01 (names printed there, in this order) with the codes of
# docs/domain.md §1.1. 公开01 prints no codes.
SEED_T01 = [
    ("201", "一般公共服务支出"), ("202", "外交支出"), ("203", "国防支出"), ("204", "公共安全支出"),
    ("205", "教育支出"), ("206", "科学技术支出"), ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"), ("210", "卫生健康支出"), ("211", "节能环保支出"),
    ("212", "城乡社区支出"), ("213", "农林水支出"), ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"), ("216", "商业服务业等支出"), ("217", "金融支出"),
    ("219", "援助其他地区支出"), ("220", "自然资源海洋气象等支出"), ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"), ("223", "国有资本经营预算支出"), ("224", "灾害防治及应急管理支出"),
    ("229", "其他支出"), ("231", "债务还本支出"), ("232", "债务付息支出"), ("234", "抗疫特别国债安排的支出"),
]
SEED_T01_SOURCE = ("株洲市长株潭一体化发展事务中心 2024年度部门决算 公开01表 (name printed; "
                   "code not printed there, taken from docs domain brief §1.1)")

CODE = re.compile(r"^(?:\d{3}|\d{5}|\d{7})$")
SPLIT = re.compile(r"^(\d{3})(?: (\d{2}))?(?: (\d{2}))?$")
CJK = re.compile(r"[\u4e00-\u9fff]")
AMOUNT = re.compile(r"^-?[\d,]+(?:\.\d+)?$")
PLAIN = re.compile(r"^(\d{3}|\d{5}|\d{7}) (\S+) -?[\d,]+\.\d\d(?: |$)")
PAGE = re.compile(r"^=== 第(\d+)页 ===$")


def _is_name(cell: str) -> bool:
    return bool(CJK.search(cell)) and not AMOUNT.match(cell)


def _code_at(cells: list[str], i: int) -> tuple[str, int] | None:
    """A code starting at cells[i] and the index of the cell after it, or None."""
    c = cells[i].strip()
    m = SPLIT.match(c)
    if m and " " in c:
        return "".join(g for g in m.groups() if g), i + 1
    if not CODE.match(c):
        return None
    code, j = c, i + 1
    if len(c) == 3:  # 类 | 款 | 项 in separate cells
        for _ in range(2):
            if j < len(cells) and re.fullmatch(r"\d{2}", cells[j].strip()) and len(code) < 7:
                code += cells[j].strip()
                j += 1
            else:
                break
    return code, j


def _pairs(cells: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(cells):
        got = _code_at(cells, i)
        if got is None:
            i += 1
            continue
        code, j = got
        while j < len(cells) and not cells[j].strip():
            j += 1
        if j < len(cells) and _is_name(cells[j]) and code[0] in "23":
            out.append((code, re.sub(r"\s+", "", cells[j])))
            i = j + 1
        else:
            i += 1
    return out


TITLE = re.compile(r"^(?:[一二三四五六七八九十]+、)?(?:公开\d\d表)?(?P<t>[^\t。，：:“”]{2,60}?表)(?:部门：.*|编制单位.*)?$")
TITLE_Q = re.compile(r"^(?:[一二三四五六七八九十]+、)?(?:公开\d\d表)?(?P<t>\S{0,40}“三公”\S{0,40}?表)(?:部门：.*)?$")
NUMBER = re.compile(r"^公开\d\d表$")


def _title_of(line: str) -> str | None:
    s = line.replace("\t", "").strip()
    if not s or s.startswith("注") or s.startswith("说明"):
        return None
    if NUMBER.match(s):
        return s
    m = TITLE.match(s) or TITLE_Q.match(s)
    return m.group("t") if m else None


def _clean_title(title: str, label: str) -> str:
    unit = label.split(" ")[0]
    t = title.replace(" ", "")
    t = re.sub(r"^\d{4}年度?", "", t).replace(unit, "")
    t = re.sub(r"^\d{4}年度?", "", t)
    return t or title


class _Titles:
    """The table title in force: a title line, optionally preceded by its 公开NN表 number."""

    def __init__(self, label: str) -> None:
        self.label, self.number, self.title = label, "", ""

    def feed(self, line: str) -> None:
        t = _title_of(line)
        if t is None:
            return
        if NUMBER.match(t):
            self.number, self.title = t, t
        else:
            self.title = f"{self.number} {_clean_title(t, self.label)}".strip()
            self.number = ""

    def where(self) -> str:
        return f"{self.label} {self.title}".strip()


def _first_titles(path: Path, label: str) -> dict[int, str]:
    """Page → the title in force at the top of the page's first table (text layer)."""
    out: dict[int, str] = {}
    titles, page, done = _Titles(label), 0, False
    for line in path.read_text(encoding="utf-8").splitlines():
        m = PAGE.match(line)
        if m:
            if page and page not in out:
                out[page] = titles.where()
            page, done = int(m.group(1)), False
            continue
        if done:
            continue
        titles.feed(line)
        if PLAIN.match(line.strip()) or re.match(r"^\d{3}(\d{2}){0,2} ", line):
            out[page], done = titles.where(), True
    out.setdefault(page, titles.where())
    return out


def read_doc(text: Path, tables: Path | None, label: str) -> list[tuple[str, str, str]]:
    """(code, name, source) for every code printed in a table of the document, in reading order."""
    out: list[tuple[str, str, str]] = []
    if tables is not None:  # text-only documents: codes from the table layer, titles from the text layer
        page_title = _first_titles(text, label)
        page = 0
        for raw in tables.read_text(encoding="utf-8").splitlines():
            m = PAGE.match(raw)
            if m:
                page = int(m.group(1))
            elif raw not in ("[表格]", "[/表格]"):
                for code, name in _pairs(raw.split("\t")):
                    out.append((code, name, page_title.get(page, label)))
        return out
    titles = _Titles(label)
    in_table = text.name.startswith("zhuzhou")  # the seed has no [表格] markers: every row is a candidate
    for raw in text.read_text(encoding="utf-8").splitlines():
        if raw == "[表格]":
            in_table = True
            continue
        if raw == "[/表格]":
            in_table = False
            continue
        pairs = _pairs(raw.split("\t")) if "\t" in raw else []
        if not pairs:
            titles.feed(raw)
        if in_table:
            out.extend((code, name, titles.where()) for code, name in pairs)
        if not pairs:
            pm = PLAIN.match(raw.strip())
            if pm and pm.group(1)[0] in "23":
                out.append((pm.group(1), pm.group(2), titles.where()))
    return out


LEVELS = {"functional": {3: "类", 5: "款", 7: "项"}, "economic-department": {3: "类", 5: "款"}}


def _parent(code: str) -> str:
    return {3: "", 5: code[:3], 7: code[:5]}[len(code)]


def _read_csv(p: Path) -> dict[str, dict[str, str]]:
    if not p.exists():
        return {}
    with p.open(encoding="utf-8", newline="") as f:
        return {r["code"]: r for r in csv.DictReader(f)}


def build() -> tuple[dict[tuple[str, int], dict[str, dict[str, str]]], list[str]]:
    tables: dict[tuple[str, int], dict[str, dict[str, str]]] = {}
    notes: list[str] = []
    for year in (2024,):
        for folder in ("functional", "economic-department"):
            tables[(folder, year)] = _read_csv(ROOT / "codes" / folder / f"{year}.csv")
    for text, layer, year, label in DOCS:
        seen_here: dict[str, str] = {}
        for code, name, source in read_doc(FIX / text, FIX / layer if layer else None, label):
            folder = "functional" if code[0] == "2" else "economic-department"
            if len(code) not in LEVELS[folder]:
                notes.append(f"{year} {code} {name}: {len(code)}-digit code not a level of {folder}; skipped")
                continue
            if code in seen_here and seen_here[code] != name:
                notes.append(f"{year} {code}: {label} prints both {seen_here[code]!r} and {name!r}")
            seen_here.setdefault(code, name)
            table = tables.setdefault((folder, year), {})
            row = table.get(code)
            if row is None:
                table[code] = {"code": code, "name": name, "level": LEVELS[folder][len(code)],
                               "parent": _parent(code), "evidence": "attested", "source": source}
            elif row["name"] != name:
                msg = f"{year} {folder} {code}: kept {row['name']!r} ({row['source']}); {source} prints {name!r}"
                if msg not in notes:
                    notes.append(msg)
            elif row["evidence"] != "attested":
                notes.append(f"{year} {folder} {code}: upgraded to attested by {source}")
                row["evidence"], row["source"] = "attested", source
    fn24 = tables[("functional", 2024)]
    for code, name in SEED_T01:
        row = fn24.get(code)
        if row is None:
            fn24[code] = {"code": code, "name": name, "level": "类", "parent": "",
                          "evidence": "reconstructed", "source": SEED_T01_SOURCE}
        elif row["name"] != name:
            notes.append(f"2024 functional {code}: 公开01 name {name!r} differs from {row['name']!r}")
    for (folder, year), table in sorted(tables.items()):
        for code, row in table.items():
            if row["parent"] and row["parent"] not in table:
                notes.append(f"{year} {folder} {code} {row['name']}: parent {row['parent']} not printed")
    return tables, notes


def render(table: dict[str, dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", "level", "parent", "evidence", "source"])
    for code in sorted(table):
        r = table[code]
        w.writerow([r["code"], r["name"], r["level"], r["parent"], r["evidence"], r["source"]])
    return buf.getvalue()


def main(argv: list[str]) -> int:
    tables, notes = build()
    for (folder, year), table in sorted(tables.items()):
        path = ROOT / "codes" / folder / f"{year}.csv"
        text = render(table)
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        state = "same" if old == text else "changed"
        print(f"{path.relative_to(ROOT)}: {len(table)} rows ({state})")
        if "--write" in argv and state == "changed":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for n in notes:
        print("note:", n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
