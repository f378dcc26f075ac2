"""Reading the official code tables as they are published: files into rows, rows into code records.

Shapes read (all give the same records: line, code, name, 说明):

- the shipped table format (``code,name[,level,parent,evidence,source,aliases,note]``);
- 财政部 / local tables with Chinese headers: one code column (科目编码, 编码, 代码 …) or the code
  split into 类 | 款 | 项 columns (merged cells and blank higher levels are filled from the rows
  above), a name column (科目名称, 名称 …) and optionally 说明; a header may span two rows (科目编码
  over 类 款 项); a code cell may hold only the last two digits, its level shown by indentation;
- the text of the 科目 book: lines ``2010101 行政运行`` (or ``201 01 01 行政运行``) with the 说明 text on
  the lines under them.

Files: .xlsx/.xlsm/.xls/.ods (first sheet), .csv in UTF-8 or GBK/GB18030, .txt/.md text. Every line
that is not taken is reported with its number; limits (:mod:`govbudget.limits`) are checked before
a file is expanded.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import attrs

from ._codeformat import compact_code
from .errors import DataFileError, MissingDependencyError
from .limits import current as current_limits
from .limits import enforce

SPREADSHEET = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT = {".txt", ".md", ".text"}
SHIPPED_COLUMNS = {"code", "name", "level", "parent", "evidence", "source", "aliases", "note"}
CODE_HEADERS = ("科目编码", "科目代码", "功能分类科目编码", "经济分类科目编码", "科目编号", "编码", "代码", "编号")
NAME_HEADERS = ("科目名称", "功能分类科目名称", "经济分类科目名称", "名称", "项目名称", "项目")
NOTE_HEADERS = ("说明", "科目说明", "备注")
LEVEL_HEADERS = ("类", "款", "项")
_CODE = re.compile(r"^\d{3}(?:\s?\d{2}){0,2}$")
_BOOK = re.compile(r"^(\d{3}(?:[ \u3000]?\d{2}){0,2})[ \u3000\t]+([^\d\s][^\s]*)(?:[ \u3000\t]+(.*))?$")


@attrs.frozen
class Rows:
    """What a file holds: ``(line, cells)`` pairs, lines numbered as an editor or Excel shows them."""

    rows: tuple[tuple[int, tuple[str, ...]], ...]
    text: bool  # lines of prose (a 科目 book) rather than a table
    problems: tuple[tuple[int | None, str], ...] = ()


@attrs.frozen
class Records:
    """Code records read from a file, with the problems and the lines not taken."""

    header: tuple[str, ...]
    header_line: int
    records: tuple[tuple[int, dict], ...]
    problems: tuple[tuple[int | None, str], ...]
    skipped: tuple[tuple[int, str], ...]


# ---------------------------------------------------------------------------- files → rows


def read_file(p: Path) -> Rows:
    """The rows of a spreadsheet, CSV or text file, after the size limits."""
    try:
        size = p.stat().st_size
    except OSError as e:
        raise DataFileError(p, [(None, f"cannot read: {e.strerror or e}")]) from e
    enforce("max_file_bytes", size, p)
    suffix = p.suffix.lower()
    if suffix in SPREADSHEET:
        return _spreadsheet_rows(p)
    text = _decode(p)
    lines = text.splitlines()
    enforce("max_table_rows", len(lines), p)
    longest = max((len(line) for line in lines), default=0)
    enforce("max_line_chars", longest, p)
    if suffix in TEXT:
        return Rows(tuple((i, (line,)) for i, line in enumerate(lines, start=1)), text=True)
    return _csv_rows(text)


def _decode(p: Path) -> str:
    data = p.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as first:
        try:
            return data.decode("gb18030")  # GBK files of the 财政 systems (GB18030 is a superset)
        except UnicodeDecodeError:
            raise DataFileError(p, [(None, f"neither UTF-8 nor GBK/GB18030 text ({first.reason} at byte "
                                           f"{first.start})")]) from first


def _csv_rows(text: str) -> Rows:
    """CSV rows; a record spread over several lines by a quote is reported unless it is a 说明 cell."""
    out: list[tuple[int, tuple[str, ...]]] = []
    problems: list[tuple[int | None, str]] = []
    reader = csv.reader(io.StringIO(text), strict=True)
    start = 1
    try:
        for cells in reader:
            out.append((start, tuple(cells)))
            if reader.line_num > start and any("\n" in c for c in cells[:2]):
                problems.append((start, f"a quote opened on line {start} is closed only on line "
                                        f"{reader.line_num}: lines {start}–{reader.line_num} were read as one row"))
            start = reader.line_num + 1
    except csv.Error as e:
        problems.append((start, f"a quote opened on line {start} is never closed ({e}): lines {start}–"
                                f"{text.count(chr(10)) + 1} are not read"))
    return Rows(tuple(out), text=False, problems=tuple(problems))


def _spreadsheet_rows(p: Path) -> Rows:
    formulas: dict[int, list[str]] = {}
    if p.suffix.lower() in {".xlsx", ".xlsm"}:
        formulas = _xlsx_precheck(p)
    try:
        import fastexcel
    except ImportError as e:
        raise MissingDependencyError("fastexcel", "xlsx") from e
    cap = current_limits().max_table_rows
    try:
        sheet = fastexcel.read_excel(str(p)).load_sheet(
            0, header_row=None, skip_rows=0, dtypes="string", n_rows=None if cap is None else cap + 1)
        table = sheet.to_polars().rows()
    except Exception as e:  # fastexcel raises its own error types for unreadable files
        raise DataFileError(p, [(None, f"cannot read as a spreadsheet: {e}")]) from e
    enforce("max_table_rows", len(table), p)
    enforce("max_table_cells", len(table) * (len(table[0]) if table else 0), p)
    rows = tuple((i, tuple("" if v is None else str(v) for v in r)) for i, r in enumerate(table, start=1))
    problems = tuple((line, f"cell{'s' if len(refs) > 1 else ''} {', '.join(refs)} hold{'' if len(refs) > 1 else 's'} "
                            "a formula: its cached value is not taken as data (enter the value itself)")
                     for line, refs in sorted(formulas.items()))
    return Rows(rows, text=False, problems=problems)


_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _xlsx_precheck(p: Path) -> dict[int, list[str]]:
    """Refuse an oversized first sheet before it is expanded; return the formula cells by row.

    The sheet's ``<dimension>`` is read first; the sheet XML is then streamed (a bounded amount of
    memory), counting rows and cells against the limits and noting every cell with a formula.
    """
    try:
        with zipfile.ZipFile(p) as z:
            name = _first_sheet(z)
            info = z.getinfo(name)
            enforce("max_file_bytes", info.file_size, f"{p} ({name}, uncompressed)")
            for member in z.infolist():
                if member.filename.endswith("sharedStrings.xml"):
                    enforce("max_file_bytes", member.file_size, f"{p} ({member.filename}, uncompressed)")
            with z.open(name) as f:
                head = f.read(4096).decode("utf-8", "replace")
            _check_dimension(head, p)
            with z.open(name) as f:
                return _scan_sheet(f, p)
    except (zipfile.BadZipFile, KeyError, ET.ParseError) as e:
        raise DataFileError(p, [(None, f"cannot read as a spreadsheet: {e}")]) from e


def _first_sheet(z: zipfile.ZipFile) -> str:
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    sheet = wb.find("m:sheets/m:sheet", ns)
    rid = sheet.get(f"{{{ns['r']}}}id") if sheet is not None else None
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    for rel in rels:
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return "xl/worksheets/sheet1.xml"


def _check_dimension(head: str, p: Path) -> None:
    m = re.search(r'<(?:\w+:)?dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"', head)
    if not m:
        return
    rows = int(m.group(4) or m.group(2)) - int(m.group(2)) + 1
    cols = _col(m.group(3) or m.group(1)) - _col(m.group(1)) + 1
    enforce("max_table_rows", rows, p)
    enforce("max_table_cells", rows * cols, p)


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _scan_sheet(f, p: Path) -> dict[int, list[str]]:
    rows = cells = 0
    formulas: dict[int, list[str]] = {}
    for _, el in ET.iterparse(f, events=("end",)):
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "c":
            cells += 1
            if cells % 4096 == 0:
                enforce("max_table_cells", cells, p)
            if any(child.tag.rsplit("}", 1)[-1] == "f" for child in el):
                ref = el.get("r", "")
                m = _REF.match(ref)
                if m:
                    formulas.setdefault(int(m.group(2)), []).append(ref)
            el.clear()
        elif tag == "row":
            rows += 1
            if rows % 1024 == 0:
                enforce("max_table_rows", rows, p)
            el.clear()
    enforce("max_table_rows", rows, p)
    enforce("max_table_cells", cells, p)
    return formulas


# ---------------------------------------------------------------------------- rows → records


def records(found: Rows) -> Records:
    """The code records of the rows, whatever their shape."""
    if found.text:
        return _book(found)
    first = next(((line, cells) for line, cells in found.rows if any(c.strip() for c in cells)), None)
    if first is None:
        return Records((), 1, (), found.problems, ())
    names = [c.strip() for c in first[1]]
    if "code" in names and "name" in names and set(n for n in names if n) <= SHIPPED_COLUMNS | {""}:
        return _shipped(found, first[0])
    if any(n.lower() in ("code", "name") for n in names):  # English header with unknown columns
        return _shipped(found, first[0])
    return _chinese(found)


def _duplicates(header: list[str], line: int) -> list[tuple[int | None, str]]:
    seen: dict[str, int] = {}
    out: list[tuple[int | None, str]] = []
    for i, h in enumerate(header, start=1):
        if h and h in seen:
            out.append((line, f"column {h!r} appears twice (columns {seen[h]} and {i}): which one holds the data "
                              "is not clear; remove or rename one"))
        seen.setdefault(h, i)
    return out


def _shipped(found: Rows, header_line: int) -> Records:
    header: list[str] = []
    recs: list[tuple[int, dict]] = []
    for line, cells in found.rows:
        if line < header_line:
            continue
        if line == header_line:
            header = [c.strip() for c in cells]
            while header and not header[-1]:
                header.pop()
            continue
        row: dict = dict(zip(header, cells, strict=False))
        extra = [c for c in cells[len(header):] if c.strip()]
        if extra:
            row[None] = extra
        recs.append((line, row))
    problems = tuple(found.problems) + tuple(_duplicates(header, header_line))
    return Records(tuple(header), header_line, tuple(recs), problems, ())


def _find(cells: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        for i, c in enumerate(cells):
            if c.replace(" ", "").replace("\u3000", "") == name:
                return i
    return None


def _chinese(found: Rows) -> Records:
    """Tables with Chinese headers: find the header rows, then read each row below."""
    rows = [(line, [c for c in cells]) for line, cells in found.rows]
    for k, (line, cells) in enumerate(rows[:30]):
        plain = [c.strip() for c in cells]
        code_i, name_i = _find(plain, CODE_HEADERS), _find(plain, NAME_HEADERS)
        parts = [_find(plain, (h,)) for h in LEVEL_HEADERS]
        below = [c.strip() for c in rows[k + 1][1]] if k + 1 < len(rows) else []
        if code_i is not None and all(p is None for p in parts) and below:
            sub = [_find(below, (h,)) for h in LEVEL_HEADERS]
            if all(p is not None for p in sub):
                parts, code_i = sub, None
                header_end = k + 1
            else:
                header_end = k
        else:
            header_end = k
        if name_i is None or (code_i is None and any(p is None for p in parts)):
            continue
        problems = list(found.problems) + _duplicates(plain, line)
        cols = {"code": code_i, "name": name_i, "note": _find(plain, NOTE_HEADERS), "parts": parts}
        recs, skipped = _chinese_rows(rows[header_end + 1:], cols)
        header = ("code", "name", "note")
        skipped = [(ln, "before the header") for ln, c in rows[:k] if any(x.strip() for x in c)] + skipped
        return Records(header, line, tuple(recs), tuple(problems), tuple(skipped))
    first = rows[0][0] if rows else 1
    return Records((), first, (), (*found.problems, (first, "no header found: expected columns such as "
                                                          "科目编码 (or 类/款/项) and 科目名称, or code,name")), ())


def _cell(cells: list[str], i: int | None) -> str:
    return cells[i] if i is not None and i < len(cells) else ""


def _indent(cell: str) -> int:
    return len(cell) - len(cell.lstrip(" \u3000\t"))


def _chinese_rows(rows: list[tuple[int, list[str]]], cols: dict) -> tuple[list[tuple[int, dict]], list[tuple[int, str]]]:
    recs: list[tuple[int, dict]] = []
    skipped: list[tuple[int, str]] = []
    context: dict[int, str] = {}  # level length → the current code of that level
    indents: list[tuple[int, str]] = []  # (indentation, code) of the open levels, for 2-digit codes
    for line, cells in rows:
        name, note = _cell(cells, cols["name"]).strip(), _cell(cells, cols["note"]).strip()
        if cols["code"] is not None:
            raw = _cell(cells, cols["code"])
            code = _code_from_cell(raw, name, _cell(cells, cols["name"]), context, indents)
        else:
            code = _code_from_parts([_cell(cells, i).strip() for i in cols["parts"]], context)
        if not code and not name:
            if any(c.strip() for c in cells):
                skipped.append((line, f"no code and no name: {' | '.join(c.strip() for c in cells if c.strip())}"))
            continue
        if not code:
            skipped.append((line, f"no code in this row ({name or 'no name'}): a heading or a note, not taken"))
            continue
        for n in (3, 5, 7):
            if len(code) == n:
                context[n] = code
                for m in (5, 7):
                    if m > n:
                        context.pop(m, None)
        recs.append((line, {"code": code, "name": name, "note": note}))
    return recs, skipped


def _code_from_parts(parts: list[str], context: dict[int, str]) -> str:
    """类 | 款 | 项 cells into a code; a blank higher level (a merged cell) comes from the rows above."""
    lei, kuan, xiang = (compact_code(p) for p in parts)
    if not (lei or kuan or xiang):
        return ""
    if xiang:
        lei = lei or context.get(3, "")[:3]
        kuan = kuan or context.get(5, "")[3:5]
        return f"{lei}{kuan.zfill(2)}{xiang.zfill(2)}" if lei and kuan else xiang
    if kuan:
        lei = lei or context.get(3, "")[:3]
        return f"{lei}{kuan.zfill(2)}" if lei else kuan
    return lei


def _code_from_cell(raw: str, name: str, name_cell: str, context: dict[int, str], indents: list[tuple[int, str]]) -> str:
    """A full code, or two digits under the open 类/款 placed by indentation (of the code or the name)."""
    code = compact_code(raw)
    if len(code) in (3, 5, 7) or not code:
        if code.isdigit() and len(code) in (3, 5, 7):
            depth = max(_indent(raw), _indent(name_cell))
            while indents and indents[-1][0] >= depth:
                indents.pop()
            indents.append((depth, code))
        return code
    if len(code) == 2 and code.isdigit():
        depth = max(_indent(raw), _indent(name_cell))
        while indents and indents[-1][0] >= depth:
            indents.pop()
        parent = indents[-1][1] if indents else ""
        full = parent + code if len(parent) in (3, 5) else code
        indents.append((depth, full))
        return full
    return code


def _book(found: Rows) -> Records:
    """The text of a 科目 book: a code line, then its 说明 lines until the next code line."""
    recs: list[tuple[int, dict]] = []
    skipped: list[tuple[int, str]] = []
    for line, (text,) in found.rows:
        s = text.strip()
        if not s:
            continue
        m = _BOOK.match(s)
        if m and _CODE.match(m.group(1).replace("\u3000", " ")):
            recs.append((line, {"code": compact_code(m.group(1)), "name": m.group(2), "note": (m.group(3) or "").strip()}))
        elif recs and not re.fullmatch(r"[-—–\s]*\d{1,4}[-—–\s]*", s):
            note = recs[-1][1]["note"]
            recs[-1][1]["note"] = f"{note}{s}" if note else s
        else:
            why = "a page number" if re.fullmatch(r"[-—–\s]*\d{1,4}[-—–\s]*", s) else "before the first code"
            skipped.append((line, f"{why}: {s[:40]}"))
    return Records(("code", "name", "note"), 1, tuple(recs), found.problems, tuple(skipped))


def iter_lines(recs: Records) -> Iterator[tuple[int, dict]]:
    """The records in line order (for the parser of :mod:`govbudget.classification`)."""
    return iter(recs.records)
