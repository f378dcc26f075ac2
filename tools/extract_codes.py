"""Collect the code–name pairs printed in documents we hold into codes/sources/printed.csv.

Not shipped. Run from the repository root:

    .venv/bin/python tools/extract_codes.py                     # list pairs not yet in printed.csv
    .venv/bin/python tools/extract_codes.py --write             # add them
    .venv/bin/python tools/extract_codes.py --pdf F.pdf --year 2023 --label "某单位 2023年部门预算"

What it reads: every table row of the fixture reports (``[表格]`` blocks, and for the PDF
extractions also plain lines ``<code> <name> <amount>`` that the table finder missed at a page
break), and with ``--pdf`` the text of a PDF (pdfplumber), lines ``<code> <name> …`` or
``<类> <款> <项> <name> …``. A code is a 3/5/7-digit cell, or a 类 | 款 | 项 split across cells
(``201 | 13 | 01``); the name is the next non-empty cell. Codes starting with 2 are functional,
3 部门预算 economic, 5 政府预算 economic.

The tables themselves are built from codes/sources/ by tools/build_codes.py. Every pair this adds
was reviewed by hand against the documents; the script only makes the result reproducible.
"""

from __future__ import annotations

import csv
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


SCHEME = {"2": "functional", "3": "economic", "5": "government"}
REGISTER = ROOT / "codes" / "sources" / "printed.csv"
PDF_LINE = re.compile(r"^(\d{3}|\d{5}|\d{7})\s+([\u4e00-\u9fff（(][^\s\d]*)(?=\s|$)")
PDF_SPLIT = re.compile(r"^(\d{3})\s+(\d{1,2})(?:\s+(\d{2}))?\s+([\u4e00-\u9fff（(][^\s\d]*)(?=\s|$)")


def fixture_pairs() -> list[tuple[int, str, str, str, str]]:
    """(year, scheme, code, name, document) of every code the fixture documents print."""
    out = []
    for text, layer, year, label in DOCS:
        for code, name, source in read_doc(FIX / text, FIX / layer if layer else None, label):
            if code[0] in SCHEME and len(code) in (3, 5, 7):
                out.append((year, SCHEME[code[0]], code, name, source))
    return out


def pdf_pairs(path: Path, year: int, label: str) -> list[tuple[int, str, str, str, str]]:
    """(year, scheme, code, name, document page) of the code lines of a PDF's text."""
    import pdfplumber

    out = []
    with pdfplumber.open(path) as pdf:
        for page_no, page in enumerate(pdf.pages, start=1):
            for line in (page.extract_text() or "").splitlines():
                s = line.strip()
                m = PDF_LINE.match(s)
                if m:
                    code, name = m.groups()
                else:
                    m = PDF_SPLIT.match(s)
                    if not m or (m.group(3) and len(m.group(2)) != 2):
                        continue
                    code, name = m.group(1) + m.group(2).zfill(2) + (m.group(3) or ""), m.group(4)
                if code[0] in SCHEME:
                    out.append((year, SCHEME[code[0]], code, name, f"{label} p.{page_no}"))
    return out


def main(argv: list[str]) -> int:
    pairs = fixture_pairs()
    if "--pdf" in argv:
        i = argv.index
        pairs += pdf_pairs(Path(argv[i("--pdf") + 1]), int(argv[i("--year") + 1]), argv[i("--label") + 1])
    with REGISTER.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    known = {(int(r[0]), r[1], r[2], r[3]) for r in body}
    new, seen = [], set()
    for year, scheme, code, name, doc in pairs:
        key = (year, scheme, code, name)
        if key not in known and key not in seen:
            seen.add(key)
            new.append([str(year), scheme, code, name, doc])
    for r in new:
        print("new:", ",".join(r))
    print(f"{len(new)} pair(s) not yet in {REGISTER.relative_to(ROOT)}")
    if "--write" in argv and new:
        body += new
        body.sort(key=lambda r: (r[1], int(r[0]), r[2]))
        with REGISTER.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows([header, *body])
        print("written; now run tools/build_codes.py --write")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
