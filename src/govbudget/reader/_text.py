"""Text layouts → tables, narrative and unmapped lines.

Handles the tab-separated seed layout, ``[表格]…[/表格]`` blocks with ``=== 第N页 ===``
page markers, the single-space text layer (optionally merged with a ``.tables.txt``
sibling that carries the cell positions), repeated headers, page-number lines and
continuation across pages.

>>> rep = parse_text("收入决算表\\n金额单位：万元\\n项目\\t\\t本年收入合计\\n合计\\t\\t12.50\\n")
>>> rep.tables[0].table_id, rep.tables[0].value("合计", "本年收入合计")
('income', Decimal('12.50'))
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from decimal import Decimal

import attrs

from ..errors import ParseError
from ..money import parse_amount
from ._model import Cell, PublishedTable, Section, Unmapped, norm
from .titles import TABLE_NAMES, identify_title

__all__ = ["RawReport", "parse_text"]

_PAGE = re.compile(r"^=+\s*第\s*(\d+)\s*页\s*=+$")
_PAGENO = re.compile(r"^(-\s*\d{1,3}\s*-|第\s*\d+\s*页(\s*共\s*\d+\s*页)?|\d{1,3}|—\s*\d{1,3}\s*—)$")
_NUMBER = re.compile(r"^公开\s*(\d+)\s*表$")
_UNIT = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元)")
_DEPT = re.compile(r"(?:编制)?(?:部门|单位)\s*[:：]\s*([^\s单]+?)(?:\s|$|单位|金额)")
_CODE = re.compile(r"\d{3}(\d{2}){0,2}")
_CODE_HEAD = re.compile(r"(代码|编码)$|^(类|款|项)$")
_START = re.compile(r"^(项目|项目名称|.*(代码|编码)|功能科目名称|功能分类|支出用途|收入|支出)$")
_NAME_HEAD = re.compile(r"名称$")
_ROWNO_HEAD = re.compile(r"^行次$")
_HEADER_WORDS = re.compile(
    r"^(项目|项目名称|科目代码|科目编码|科目名称|.*分类科目(编码|名称)|功能科目(代码|名称)|栏次|类|款|项|"
    r"预算数|决算数|金额|行次|.*预算(支出)?|收入|支出|收\s*入|支\s*出|本年支出)$"
)
_HEADING = re.compile(r"^(第[一二三四五六]部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|附件\s*\d)")
_ENUM = re.compile(r"^([一二三四五六七八九十]+、|\d+[.、]|.*(合计|总计|小计)$)")

#: the printed column order of the code tables, used for a single-space text layer whose
#: header cells cannot be placed (the header words are only verified to be printed)
TOKEN_COLUMNS: dict[str, tuple[str, ...]] = {
    "income": ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"),
    "expenditure": ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"),
    "general_budget_expenditure": ("合计", "基本支出", "项目支出"),
    "state_capital": ("合计", "基本支出", "项目支出"),
}


@attrs.frozen(kw_only=True)
class RawReport:
    """What :func:`parse_text` returns: the pieces :class:`PublishedReport` is made of."""

    unit: str | None
    year: int | None
    kind: str | None
    tables: tuple[PublishedTable, ...]
    narrative: tuple[Section, ...]
    unmapped: tuple[Unmapped, ...]
    furniture: tuple[tuple[int | None, int, str], ...]
    header: str | None
    dept: str | None = None  # the unit as labelled in the document (“部门：…”, “预算单位：…”)


@attrs.define
class _Line:
    page: int | None
    no: int
    text: str
    cells: list[str] | None = None
    block: int = 0
    tokens: bool = False  # cells came from splitting on spaces (positions unknown)
    file: str | None = None  # the file the line was read from (a .tables.txt sibling or the report)


def _amount(raw: str) -> tuple[bool, Decimal | None]:
    """(is an amount or blank-marker, value)."""
    s = raw.strip()
    if not s or re.search(r"[\u4e00-\u9fff%A-Za-z]", s):
        return False, None
    try:
        return True, parse_amount(s.replace(" ", ""))
    except ParseError:
        return False, None


def _is_amount(raw: str) -> bool:
    s = raw.strip()
    return bool(s) and _amount(s)[0] and any(ch.isdigit() for ch in s)


_NONFINITE = re.compile(r"^[-+]?(nan|inf(inity)?)$", re.IGNORECASE)


def _is_broken(raw: str) -> bool:
    """A cell that looks like a botched figure (``12,34.5x``, ``1e5``, ``NaN``, ``100%``) rather than a name."""
    s = raw.strip()
    if not s or _is_amount(s) or re.search(r"[\u4e00-\u9fff]", s):
        return False
    if _NONFINITE.match(s):
        return True
    compact = s.replace(" ", "")
    digits = sum(ch.isdigit() for ch in compact)
    return digits > 0 and digits * 2 >= len(compact) and bool(re.fullmatch(r"[0-9A-Za-z,.%+\-−()]+", compact))


def _next_is_text(cells: list[str], j: int) -> bool:
    nxt = next((c for c in cells[j + 1:] if c), "")
    return bool(nxt) and (not _is_amount(nxt) or bool(re.fullmatch(r"\d{2}", nxt)))


def _is_code(raw: str) -> bool:
    return bool(_CODE.fullmatch(raw.strip()))


# --------------------------------------------------------------------------- lines


def _lines_from_text(text: str, first_line: int = 1) -> list[_Line]:
    out: list[_Line] = []
    page: int | None = None
    in_block = False
    block = 0
    tab_run = False
    for i, raw in enumerate(text.splitlines(), start=first_line):
        line = raw.rstrip("\r\n")
        s = line.strip()
        m = _PAGE.match(s)
        if m:
            page = int(m.group(1))
            out.append(_Line(page, i, line))
            tab_run = False
            continue
        if s == "[表格]":
            in_block, block = True, block + 1
            out.append(_Line(page, i, line))
            continue
        if s == "[/表格]":
            in_block = False
            out.append(_Line(page, i, line))
            continue
        if in_block or "\t" in line:
            if not in_block and not tab_run:
                block += 1
            tab_run = not in_block
            cells = [unicodedata.normalize("NFKC", c).strip() for c in line.split("\t")]
            out.append(_Line(page, i, line, cells, block))
            continue
        if s:
            tab_run = False
        out.append(_Line(page, i, line))
    return out


def _merge_sibling(text_lines: list[_Line], table_lines: list[_Line]) -> tuple[list[_Line], list[_Line]]:
    """Interleave a ``.tables.txt`` layer into the text layer, page by page.

    Returns (stream, duplicates): text-layer lines that only repeat table cells are
    returned separately (they are placed: the table layer carries them).
    """
    by_page: dict[int | None, list[_Line]] = {}
    for ln in table_lines:
        if ln.cells is not None:
            by_page.setdefault(ln.page, []).append(ln)
    stream: list[_Line] = []
    dups: list[_Line] = []
    pages: dict[int | None, list[_Line]] = {}
    order: list[int | None] = []
    for ln in text_lines:
        if ln.page not in pages:
            pages[ln.page] = []
            order.append(ln.page)
        pages[ln.page].append(ln)
    for p in order:
        lines = pages[p]
        rows = by_page.get(p)
        if not rows:
            stream.extend(lines)
            continue
        vocab = "\u0000".join(c for r in rows for c in (r.cells or []) if c)
        vocab_nospace = vocab.replace(" ", "")
        first_body: int | None = None
        keep: list[tuple[int, _Line]] = []
        for idx, ln in enumerate(lines):
            s = ln.text.strip()
            if not s or _PAGE.match(s) or identify_title(s) or _UNIT.search(s) or s.startswith(("注", "说明")):
                keep.append((idx, ln))
                continue
            toks = [unicodedata.normalize("NFKC", t) for t in s.split()]
            if toks and all(t in vocab or t in vocab_nospace or _HEADER_WORDS.match(t) for t in toks):
                dups.append(ln)
                if first_body is None:
                    first_body = idx
                continue
            keep.append((idx, ln))
        if first_body is None:
            first_body = len(lines)
        stream.extend(ln for idx, ln in keep if idx < first_body)
        stream.extend(rows)
        stream.extend(ln for idx, ln in keep if idx >= first_body)
    return stream, dups


def _token_cells(s: str) -> list[str] | None:
    """Split a single-space table line into cells: codes, labels and amounts, in printed order.

    Consecutive name tokens form one label; a code (3/5/7 digits, optionally followed by 2-digit
    parts) or an enumerated name (``七、…``) after a label starts a new one, so side-by-side
    blocks (``301 工资福利支出 7,728.96 302 商品和服务支出 1,708.26``) keep their triples.
    ``None`` when the line has no amount or reads as a sentence.

    >>> _token_cells("301 工资福利支出 7,728.96 302 商品和服务支出 1,708.26")
    ['301', '工资福利支出', '7,728.96', '302', '商品和服务支出', '1,708.26']
    >>> _token_cells("七、附属单位上缴收入 七、文化旅游体育与传媒支出 17,130.42")
    ['七、附属单位上缴收入', '七、文化旅游体育与传媒支出', '17,130.42']
    """
    toks = [unicodedata.normalize("NFKC", t) for t in s.split()]
    if len(toks) < 2 and not (toks and _is_amount(toks[0])):
        return None
    out: list[str] = []
    kinds: list[str] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if _CODE.fullmatch(t) and len(t) in (3, 5, 7) and (i == 0 or kinds[-1] != "code") and (
                not nxt or not (_is_amount(nxt) and not re.fullmatch(r"\d{2}", nxt)) or i == 0):
            code = t
            while i + 1 < len(toks) and re.fullmatch(r"\d{2}", toks[i + 1]) and len(code) < 7:
                i += 1
                code += toks[i]
            out.append(code)
            kinds.append("code")
        elif re.fullmatch(r"(19|20)\d\d", t) and nxt.startswith(("年", "年度")):
            out.append(t + nxt)  # a year in a title or sentence, not an amount
            kinds.append("label")
            i += 1
        elif _is_amount(t) or _is_broken(t):
            out.append(t)
            kinds.append("amount")
        elif kinds and kinds[-1] == "label" and not re.match(r"^[一二三四五六七八九十]+、", t):
            out[-1] += t
        else:
            out.append(t)
            kinds.append("label")
        i += 1
    if "amount" not in kinds:
        return None
    labels = [c for c, k in zip(out, kinds, strict=True) if k == "label"]
    if any(re.search(r"[。，；]", lab) or len(lab) > 40 for lab in labels):
        return None
    if kinds[0] == "amount" and "label" not in kinds and "code" not in kinds:
        return ["", *out]
    return out


# --------------------------------------------------------------------------- tables


@attrs.define
class _Builder:
    table_id: str | None
    title: str
    page: int | None
    line: int
    number: str | None = None
    unit: str | None = None
    rows: list[_Line] = attrs.field(factory=list)
    notes: list[str] = attrs.field(factory=list)
    title_lines: list[_Line] = attrs.field(factory=list)
    by_header: bool = False  # opened without a title line: identified (or not) by its header

    @property
    def has_data(self) -> bool:
        return bool(self.rows)


def _is_header_row(cells: list[str]) -> bool:
    vals = [c for c in cells if c]
    if not vals:
        return True
    if vals[0] == "栏次":
        return True
    if all(re.fullmatch(r"\d{1,2}", v) for v in vals) and len(vals) >= 3:
        nums = [int(v) for v in vals]
        if nums == list(range(nums[0], nums[0] + len(nums))):
            return True
    if any(_is_amount(v) for v in vals) or _is_code(vals[0]):
        return False
    if any(re.match(r"^[一二三四五六七八九十]+、", v) for v in vals):
        return False
    if len(vals) <= 2 and _ENUM.match(vals[0]) and not _HEADER_WORDS.match(norm(vals[-1])):
        return False
    return True


def _header_paths(headers: list[list[str]], width: int) -> tuple[list[str], list[str | None], list[str]]:
    """Column header paths (joined with '/'), 栏次 per column, and the raw top cells."""
    filled: list[list[str]] = []
    colno: list[str | None] = [None] * width
    for r, row in enumerate(headers):
        vals = [c for c in row if c]
        if vals and (vals[0] == "栏次" or all(re.fullmatch(r"\d{1,2}", v) for v in vals)):
            for j, c in enumerate(row):
                if c and re.fullmatch(r"\d{1,2}", c):
                    colno[j] = c
            continue
        cur = [""] * width
        last = ""
        last_parent = None
        below = headers[r + 1:]
        for j in range(width):
            c = row[j] if j < len(row) else ""
            parent = filled[-1][j] if filled else None
            has_below = any(j < len(h) and h[j] for h in below)
            if c:
                cur[j], last, last_parent = c, c, parent
            elif not has_below:
                continue
            elif last and parent == last_parent and not (_START.match(norm(last)) or _NAME_HEAD.search(last)):
                cur[j] = last
            else:
                last = ""
        filled.append(cur)
    paths = []
    for j in range(width):
        parts: list[str] = []
        for row in filled:
            c = norm(row[j]) if row[j] else ""
            if c and (not parts or parts[-1] != c):
                parts.append(c)
        paths.append("/".join(parts))
    top = list(filled[0]) if filled else []
    return paths, colno, top


def _finish(b: _Builder, unmapped: list[Unmapped]) -> PublishedTable | None:
    if not b.rows:
        return None
    width = max(len(r.cells or []) for r in b.rows)
    header_rows: list[list[str]] = []
    data: list[_Line] = []
    seen_data = False
    mixed: dict[int, dict[int, str]] = {}
    for ln in b.rows:
        cells = ln.cells or []
        if not ln.tokens and _is_header_row(cells):
            if not seen_data:
                header_rows.append(cells)
                continue
            vals = [c for c in cells if c]
            if cells in header_rows or not vals or vals[0] == "栏次" or all(
                    _HEADER_WORDS.match(norm(v)) or re.fullmatch(r"\d{1,2}", v) for v in vals) or any(
                    vals == [c for c in h if c] for h in header_rows):
                continue  # repeated header on a later page
            # a label-only row after the data started (e.g. 年初结转和结余 with blank figures): data
        if not seen_data and not ln.tokens:
            sub = _mixed_subheader(cells)
            if sub:
                # a data row that prints sub-header words where its figures belong (合计 | 基本支出 …)
                header_rows.append([cells[j] if j in sub else "" for j in range(len(cells))])
                mixed[ln.no] = sub
                ln = attrs.evolve(ln, cells=["" if j in sub else c for j, c in enumerate(cells)])
        seen_data = True
        data.append(ln)
    paths, colno, _ = _header_paths(header_rows, width)
    is_code_col = [any(j < len(h) and _CODE_HEAD.search(norm(h[j])) for h in header_rows) for j in range(width)]
    is_rowno = [any(j < len(h) and _ROWNO_HEAD.match(norm(h[j])) for h in header_rows) for j in range(width)]
    starts = set()
    for j in range(width):
        for h in header_rows:
            c = norm(h[j]) if j < len(h) else ""
            if c and _START.match(c) and not (
                _NAME_HEAD.search(c) and any(is_code_col[k] for k in range(max(0, j - 3), j))
            ):
                starts.add(j)
    starts_sorted = sorted(starts) or [0]
    amount_cols = [
        j for j in range(width)
        if paths[j] and not is_code_col[j] and not is_rowno[j]
        and not re.search(r"(名称|项目)$", paths[j].split("/")[-1]) and j not in starts
    ]

    virtual = _virtual_columns(b, data, header_rows)
    if virtual:
        paths = list(virtual)

    def seg_of(j: int) -> tuple[int, int]:
        lo = max([s for s in starts_sorted if s <= j], default=0)
        hi = min([s for s in starts_sorted if s > j], default=width)
        return lo, hi

    cells_out: list[Cell] = []
    rows_out: list[tuple[str | None, str, int]] = []
    for ln in data:
        cells = list(ln.cells or [])
        cells += [""] * (width - len(cells))
        kinds: list[str] = []
        for j, c in enumerate(cells):
            if not c:
                kinds.append("blank")
            elif is_rowno[j] and re.fullmatch(r"\d{1,3}", c):
                kinds.append("rowno")
            elif re.fullmatch(r"\d{2}", c) and "code" in kinds[seg_of(j)[0]:j] and (
                    is_code_col[j] or ln.tokens or kinds[-1] in ("code", "codepart", "blank")):
                kinds.append("codepart")
            elif _is_code(c) and (is_code_col[j] or ln.tokens or (
                    all(k == "blank" for k in kinds[seg_of(j)[0]:j]) and _next_is_text(cells, j))):
                kinds.append("code")
            elif _is_amount(c):
                kinds.append("amount")
            elif re.fullmatch(r"\d{2}", c) and kinds and "code" in kinds[seg_of(j)[0]:j]:
                kinds.append("codepart")
            elif _is_broken(c):
                kinds.append("broken")
            else:
                kinds.append("label")
        # segments: by header starts, or (token rows / no header) by label after amount
        seg_bounds: list[tuple[int, int]] = []
        if ln.tokens or (len(starts_sorted) == 1 and not header_rows):
            lo = 0
            seen_val = False
            seen_code = seen_label = False
            for j, k in enumerate(kinds):
                if (k in ("label", "code") and seen_val) or (k == "code" and (seen_code or seen_label)) or (
                        ln.tokens and k == "label" and seen_label):
                    seg_bounds.append((lo, j))
                    lo, seen_val, seen_code, seen_label = j, False, False, False
                if k in ("amount", "rowno", "broken"):
                    seen_val = True
                seen_code = seen_code or k == "code"
                seen_label = seen_label or k == "label"
            seg_bounds.append((lo, width))
        else:
            bounds = [*starts_sorted, width]
            seg_bounds = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
            seg_bounds[0] = (0, seg_bounds[0][1])
        first_cell = len(cells_out)
        for seg_no, (lo, hi) in enumerate(seg_bounds):
            code_parts = [cells[j] for j in range(lo, hi) if kinds[j] in ("code", "codepart")]
            code = "".join(code_parts) if code_parts else None
            if code is not None and not _CODE.fullmatch(code):
                code = None
            labels = [(j, cells[j]) for j in range(lo, hi) if kinds[j] == "label"]
            rowno = next((cells[j] for j in range(lo, hi) if kinds[j] == "rowno"), None)
            for j in range(lo, hi):
                if kinds[j] == "broken":
                    unmapped.append(Unmapped(page=ln.page, line=ln.no, text=cells[j],
                                             reason=f"unreadable amount in {b.table_id or 'table'}"))
            value_pos = [j for j in range(lo, hi) if kinds[j] in ("amount", "broken")]
            label_txt = labels[0][1] if labels else ""
            if not labels:
                left = [(j, cells[j]) for j in range(0, lo) if kinds[j] == "label"]
                if left:
                    labels = [left[-1]]
                    label_txt = left[-1][1]
            if not labels and not code and not value_pos:
                continue
            if label_txt or code:
                rows_out.append((code, label_txt, ln.no))
            seg_amount_cols = [j for j in amount_cols if lo <= j < hi]
            # where do the values go?
            layout = _token_layout(b, label_txt, seg_no) if ln.tokens and not virtual and not amount_cols else None
            if layout is not None:
                cols, base, total_first = layout
                for j, (k, amb) in zip(value_pos, _place_tokens(b.table_id, cols, [cells[j] for j in value_pos],
                                                                total_first), strict=True):
                    cells_out.append(Cell(
                        table_id=b.table_id, value=_amount(cells[j])[1], raw=cells[j], row_label=label_txt,
                        row_code=code, column=cols[k] if k < len(cols) else "", column_index=base + k,
                        column_no=None, row_no=rowno, page=ln.page, line=ln.no, text=ln.text, block=ln.block, file=ln.file,
                        ambiguous=amb, unreadable=kinds[j] == "broken",
                    ))
                continue
            if virtual and ln.tokens:
                for k, j in enumerate(value_pos):
                    cells_out.append(Cell(
                        table_id=b.table_id, value=_amount(cells[j])[1], raw=cells[j], row_label=label_txt,
                        row_code=code, column=virtual[k] if k < len(virtual) else "", column_index=100 + k,
                        column_no=None, row_no=rowno, page=ln.page, line=ln.no, text=ln.text, block=ln.block, file=ln.file,
                        ambiguous=(k > 0 and len(value_pos) < len(virtual)) or k >= len(virtual),
                        unreadable=kinds[j] == "broken",
                    ))
                continue
            if ln.tokens:
                mapping = dict(zip(value_pos, seg_amount_cols, strict=False)) if seg_amount_cols else {}
                blanks: list[int] = []
            elif all(j in seg_amount_cols for j in value_pos):
                mapping = {j: j for j in value_pos}
                blanks = [j for j in seg_amount_cols if j not in value_pos and kinds[j] == "blank"]
            else:
                slots = [j for j in range(lo, hi) if kinds[j] in ("amount", "broken", "blank") and j > (
                    max([p for p, _ in labels] + [lo - 1]))]
                if len(slots) == len(seg_amount_cols):
                    mapping = {s: c for s, c in zip(slots, seg_amount_cols, strict=False) if kinds[s] == "amount"}
                else:
                    mapping = dict(zip(value_pos, seg_amount_cols, strict=False))
                blanks = []
            for j in value_pos:
                col = mapping.get(j, j)
                lab = label_txt
                for p, t in labels:
                    if p < j:
                        lab = t
                cells_out.append(Cell(
                    table_id=b.table_id, value=_amount(cells[j])[1], raw=cells[j], row_label=lab,
                    row_code=code, column=paths[col] if col < len(paths) else "", column_index=col,
                    column_no=colno[col] if col < len(colno) else None, row_no=rowno, page=ln.page,
                    line=ln.no, text=ln.text, block=ln.block, file=ln.file, unreadable=kinds[j] == "broken",
                ))
            for j, word in mixed.get(ln.no, {}).items():
                if lo <= j < hi:
                    cells_out.append(Cell(
                        table_id=b.table_id, value=None, raw=word, row_label=label_txt, row_code=code,
                        column=paths[j], column_index=j, column_no=colno[j], row_no=rowno, page=ln.page,
                        line=ln.no, text=ln.text, block=ln.block, file=ln.file, ambiguous=True,
                    ))
                    blanks = [k for k in blanks if k != j]
            if not any(lo <= p < hi for p, _ in labels):
                blanks = []
            for j in blanks:
                cells_out.append(Cell(
                    table_id=b.table_id, value=None, raw="", row_label=label_txt, row_code=code,
                    column=paths[j], column_index=j, column_no=colno[j], row_no=rowno, page=ln.page,
                    line=ln.no, text=ln.text, block=ln.block, file=ln.file,
                ))
        # a total printed across merged columns (公用经费合计 under two 决算数 columns) is one cell
        mine = cells_out[first_cell:]
        printed = {(c.row_label, c.row_code, c.column) for c in mine if c.value is not None}
        cells_out[first_cell:] = [c for c in mine if c.value is not None or c.raw
                                  or (c.row_label, c.row_code, c.column) not in printed]
    cells_out.sort(key=lambda c: (c.line, c.column_index))
    if not any(paths):  # a single-space table: the columns are the ones its cells were placed in
        paths = list(dict.fromkeys(c.column for c in sorted(cells_out, key=lambda c: c.column_index) if c.column))
    return PublishedTable(
        table_id=b.table_id, title=b.title, number=b.number, amount_unit=b.unit,
        columns=tuple(p for p in paths), cells=tuple(cells_out), rows=tuple(rows_out),
        notes=tuple(b.notes), page=b.page, line=b.line,
        raw_rows=tuple((ln.no, ln.text) for ln in b.rows),
    )


_RIGHT = re.compile(r"(支出|本年支出合计|支出合计|结余分配|年末结转和结余|年末财政拨款结转和结余|支出总计|结转下年)$")
_TP_ITEMS = ("合计", "因公出国(境)费", "公务用车购置及运行维护费/小计", "公务用车购置及运行维护费/公务用车购置费",
             "公务用车购置及运行维护费/公务用车运行维护费", "公务接待费")


def _token_layout(b: _Builder, label: str, seg_no: int) -> tuple[tuple[str, ...], int, bool] | None:
    """Columns of one segment of a single-space row whose table layout is known.

    Returns (column names, first column index, whether the first column is a total that is
    printed whenever any other is), or ``None`` when the layout is unknown.
    """
    head = unicodedata.normalize("NFKC", " ".join(x.text for x in b.title_lines))
    word = "预算数" if "预算" in b.title and "决算" not in b.title else "决算数"
    tid = b.table_id
    if tid in ("income_expenditure_summary", "fiscal_summary"):
        right = seg_no > 0 or bool(_RIGHT.search(norm(label)))
        if not right:
            return (word,), 1, False
        if tid == "fiscal_summary" and "一般公共预算财政拨款" in head.replace(" ", ""):
            return ("合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"), 10, True
        return (word,), 10, False
    if tid in ("general_budget_basic", "fiscal_basic"):
        return (word,), 1 + 10 * seg_no, False
    if tid == "three_public" and len(re.findall(r"预算数\s*决算数", head)) == 6:
        return tuple(f"{item}/{w}" for item in _TP_ITEMS for w in ("预算数", "决算数")), 1, False
    return None


def _place_tokens(tid: str | None, cols: tuple[str, ...], raws: list[str],
                  total_first: bool) -> list[tuple[int, bool]]:
    """(column position, ambiguous) for each printed value of a single-space segment.

    As many values as columns, or a single column: certain. A first column that is a total
    is certain too. A 三公 row with blank cells is placed where its subtotals hold, when exactly
    one placement does (still marked ambiguous: the checks on it would be circular).
    Otherwise values are placed from the left and marked ambiguous.
    """
    n, m = len(raws), len(cols)
    if n >= m or m == 1:
        return [(k, k >= m) for k in range(n)]
    if tid == "three_public" and m == 12:
        vals = [_amount(r)[1] for r in raws]
        if all(v is not None for v in vals):
            fits = []
            for pos in itertools.combinations(range(m), n):
                full = [Decimal(0)] * m
                for p, v in zip(pos, vals, strict=True):
                    full[p] = v  # type: ignore[assignment]
                ok = all(abs(full[s] - full[s + 2] - full[s + 4] - full[s + 10]) <= Decimal("0.02")
                         and abs(full[s + 4] - full[s + 6] - full[s + 8]) <= Decimal("0.015") for s in (0, 1))
                if ok:
                    fits.append(pos)
                    if len(fits) > 1:
                        break
            if len(fits) == 1:
                return [(p, True) for p in fits[0]]
    return [(k, not (k == 0 and total_first)) for k in range(n)]


_SUBHEAD = re.compile(r"^(合计|小计|基本支出|项目支出|人员经费|公用经费)$")


def _mixed_subheader(cells: list[str]) -> dict[int, str]:
    """Positions of sub-header words printed after the first amount of a data row."""
    first_amount = next((j for j, c in enumerate(cells) if _is_amount(c)), None)
    if first_amount is None:
        return {}
    sub = {j: c for j, c in enumerate(cells) if j > first_amount and _SUBHEAD.match(norm(c))}
    return sub if len(sub) >= 2 else {}


def _virtual_columns(b: _Builder, data: list[_Line], header_rows: list[list[str]]) -> tuple[str, ...]:
    """The standard columns of a token-only table whose printed header words are all present."""
    cols = TOKEN_COLUMNS.get(b.table_id or "")
    if not cols or header_rows or not data or not all(ln.tokens for ln in data):
        return ()
    head = unicodedata.normalize("NFKC", "".join(x.text for x in b.title_lines)).replace(" ", "")
    if all(c[:4] in head for c in cols[1:]):
        return cols
    return ()


def identify_header(rows: list[list[str]], seen: tuple[str | None, ...] = ()) -> str | None:
    """The table id a block's header rows imply when no title line names the table, or ``None``.

    Used for table layers without titles (a ``.tables.txt`` read on its own). ``seen`` are
    the ids already found: the 政府性基金 and 国有资本经营 tables print the same header, so the
    second such header is ``state_capital``.

    >>> identify_header([["项目", "", "本年收入合计", "财政拨款收入", "上级补助收入"]])
    'income'
    >>> identify_header([["收入", "", "支出"], ["项目", "决算数", "项目", "合计", "一般公共预算财政拨款"]])
    'fiscal_summary'
    >>> identify_header([["2070114", "文化和旅游管理事务", "2,047.66"]]) is None
    True
    """
    head: list[str] = []
    for cells in rows[:4]:
        vals = [norm(c) for c in cells if c]
        if not vals or _is_code(vals[0]) or any(_is_amount(v) for v in vals):
            break
        head.extend(vals)
    if not head:
        return None
    words = set(head)
    flat = "|".join(head)
    if "三公" in flat:
        return "three_public"
    if {"收入", "支出"} <= words or ("收入" in words and "项目" in words and "决算数" in words):
        return "fiscal_summary" if "一般公共预算财政拨款" in words else "income_expenditure_summary"
    if "本年收入合计" in words and any(w.startswith("财政拨款") for w in words):
        return "income"
    if "本年支出合计" in words and "基本支出" in words:
        return "expenditure"
    if "年初结转和结余" in words and "年末结转和结余" in words:
        return "state_capital" if "gov_fund" in seen else "gov_fund"
    if "经济分类科目编码" in words or ("人员经费" in flat and "公用经费" in flat):
        return "general_budget_basic"
    if {"合计", "基本支出", "项目支出"} <= words:
        return "general_budget_expenditure"
    return None


# --------------------------------------------------------------------------- driver


def _parse_header(line: str) -> tuple[str | None, int | None, str | None]:
    parts = [p.strip() for p in line.lstrip("#").split("|")]
    unit = parts[1] if len(parts) > 1 else None
    year = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else None
    kind = None
    if len(parts) > 3:
        kind = "决算" if "决算" in parts[3] else "预算" if "预算" in parts[3] else None
    return unit, year, kind


def _fragment(ln: _Line | None) -> bool:
    s = ln.text.strip() if ln is not None else ""
    return bool(s) and ln.cells is None and len(s) <= 30 and bool(re.search(r"[\u4e00-\u9fff]", s)) and (
        _token_cells(s) is None and not identify_title(s) and not _UNIT.search(s)
        and not s.startswith(("注", "说明")) and not _PAGE.match(s) and " " not in s)


def _continues(lines: list[_Line], idx: int) -> bool:
    """The next line after ``idx`` that is not a page marker or block mark is a row of cells."""
    for x in lines[idx + 1:]:
        t = x.text.strip()
        if not t or _PAGE.match(t) or t in ("[表格]", "[/表格]") or _PAGENO.match(t):
            continue
        return x.cells is not None and not identify_title(next((c for c in x.cells if c), ""))
    return False


def _wrapped_label(cur: _Builder, lines: list[_Line], idx: int, consumed: set[int]) -> str:
    """The name of an amounts-only line of a single-space table, wrapped onto the lines around it.

    ``二十二、灾害防治及应急管理支`` / ``98.23`` / ``出`` → ``二十二、灾害防治及应急管理支出``.
    """
    last_row = cur.rows[-1].no if cur.rows else -1
    prev = cur.title_lines[-1] if cur.title_lines and cur.title_lines[-1].no > last_row else None
    if prev is None or prev.no in consumed or not _fragment(prev) or _HEADER_WORDS.match(norm(prev.text)):
        return ""
    label = prev.text.strip()
    # a name wrapped around its row prints its head above the row and its tail below: a row with a
    # head takes the fragment that follows as its tail (a row without one leaves it to the next row)
    after = [x for x in lines[idx + 1:idx + 6] if x.text.strip()]
    nxt = next((x for x in after if not _PAGE.match(x.text.strip()) and not _PAGENO.match(x.text.strip())), None)
    new_page = nxt is not None and after and after[0] is not nxt  # a header word after a page break is a header
    if nxt is not None and _fragment(nxt) and len(nxt.text.strip()) <= 20 and not _HEADING.match(nxt.text.strip()) \
            and not (new_page and _HEADER_WORDS.match(norm(nxt.text))):
        label += nxt.text.strip()
        consumed.add(nxt.no)
    return label


def _wrapped_code_row(tok: list[str], cur: _Builder, lines: list[_Line], idx: int, consumed: set[int]) -> list[str]:
    """A coded row of a single-space table whose name wraps around it (``一般行政管理事`` /
    ``2012902 46.50 46.50`` / ``务``; ``机关事业单位基`` / ``2080505 本养老保险缴费 545.85 …`` / ``支出``):
    the code, the joined name, the amounts."""
    if len(tok) < 2 or not _is_code(tok[0]) or any(_is_code(t) for t in tok[1:]):
        return tok
    inline = tok[1] if not _is_amount(tok[1]) and not _is_broken(tok[1]) else ""
    amounts = tok[2:] if inline else tok[1:]
    if not amounts or not all(_is_amount(a) or _is_broken(a) for a in amounts):
        return tok
    last_row = cur.rows[-1].no if cur.rows else -1
    prev = cur.title_lines[-1] if cur.title_lines and cur.title_lines[-1].no > last_row else None
    if prev is None or prev.no in consumed or not _fragment(prev) or _HEADER_WORDS.match(norm(prev.text)) \
            or _HEADING.match(prev.text.strip()):
        return tok
    # the head: the fragment just above (the tail of the row above, if any, was consumed by that row)
    head = prev.text.strip()
    label = head + inline
    saved = cur.title_lines
    cur.title_lines = [*saved[:-1], attrs.evolve(prev, text=label)]
    try:
        label = _wrapped_label(cur, lines, idx, consumed)
    finally:
        cur.title_lines = saved
    return [tok[0], label, *amounts]


def parse_text(text: str, *, tables_text: str | None = None, source: str | None = None,
               tables_source: str | None = None) -> RawReport:
    """Read a report's text (and optionally its ``.tables.txt`` layer) into a :class:`RawReport`.

    Never raises on odd input: lines that fit nowhere go to ``unmapped``.

    >>> r = parse_text("说明：本年无数据。\\n@@@\\t###\\n")
    >>> [u.text for u in r.unmapped]
    ['@@@\\t###']
    """
    lines = _lines_from_text(text)
    for ln in lines:
        ln.file = source
    header = None
    furniture: list[tuple[int | None, int, str]] = []
    if tables_text is not None:
        tlines = _lines_from_text(tables_text)
        for ln in tlines:
            ln.file = tables_source
        for ln in tlines:
            if ln.cells is None and ln.text.strip():
                furniture.append((ln.page, -ln.no, ln.text))
        for ln in lines:  # the text layer has no cells of its own when a sibling exists
            ln.cells = None
        lines, dups = _merge_sibling(lines, tlines)
        furniture.extend((d.page, d.no, d.text) for d in dups)
    has_cells = any(ln.cells is not None for ln in lines)
    block_rows: dict[int, list[list[str]]] = {}
    for ln in lines:
        if ln.cells is not None and ln.block > 0:
            block_rows.setdefault(ln.block, []).append(ln.cells)
    unit = year = kind = None
    tables: list[PublishedTable] = []
    unmapped: list[Unmapped] = []
    narrative_lines: list[_Line] = []
    cur: _Builder | None = None
    pending_number: str | None = None
    pending_unit: str | None = None
    last_text: _Line | None = None
    dept: str | None = None

    def close() -> None:
        nonlocal cur
        if cur is None:
            return
        t = _finish(cur, unmapped)
        if t is None:
            narrative_lines.extend(cur.title_lines)
        else:
            tables.append(t)
            furniture.extend((x.page, x.no, x.text) for x in cur.title_lines)
        cur = None

    def open_table(tid: str | None, title: str, ln: _Line) -> None:
        nonlocal cur, pending_number, pending_unit
        close()
        cur = _Builder(tid, title, ln.page, ln.no, number=pending_number, unit=pending_unit)
        cur.title_lines.append(ln)
        pending_number = pending_unit = None

    consumed: set[int] = set()
    for idx, ln in enumerate(lines):
        s = ln.text.strip()
        if ln.cells is None:
            if not s:
                continue
            if ln.no in consumed and cur is not None:
                cur.title_lines.append(ln)  # the tail of a wrapped name (joined to the row above)
                continue
            if ln.no == 1 and s.startswith("# source:"):
                header = s
                unit, year, kind = _parse_header(s)
                furniture.append((ln.page, ln.no, ln.text))
                continue
            if _PAGE.match(s) or s in ("[表格]", "[/表格]") or _PAGENO.match(s):
                furniture.append((ln.page, ln.no, ln.text))
                continue
            m = _NUMBER.match(unicodedata.normalize("NFKC", s).replace(" ", ""))
            if m:
                num = f"公开{m.group(1).zfill(2)}表"
                if cur is not None and cur.number is None and not cur.has_data:
                    cur.number = num
                else:
                    pending_number = num
                furniture.append((ln.page, ln.no, ln.text))
                continue
            mu = _UNIT.search(s)
            md = _DEPT.search(s)
            tid = identify_title(s)
            if tid is None and re.search(r"表$", s) and cur is None and re.search(r"(部门|单位).*(决算|预算)表$", s):
                tid = None
            if tid:
                if md and dept is None and md.group(1) not in ("万元", "元"):
                    dept = md.group(1)
                open_table(tid, s, ln)
                if mu and cur is not None:
                    cur.unit = mu.group(1)
                continue
            if (mu or md) and len(s) < 80 and not re.search(r"[。，]", s):
                if mu:
                    if cur is not None and not cur.has_data:
                        cur.unit = mu.group(1)
                    else:
                        pending_unit = mu.group(1)
                if md and dept is None and md.group(1) not in ("万元", "元"):
                    dept = md.group(1)
                (cur.title_lines if cur is not None else narrative_lines).append(ln)
                continue
            if cur is not None and s.startswith(("注", "说明：", "说明:")):
                cur.notes.append(s)
                cur.title_lines.append(ln)
                continue
            if cur is not None:
                tok = _token_cells(s)
                if tok is not None and not has_cells and tok[0] == "" and cur.table_id != "three_public":
                    tok[0] = _wrapped_label(cur, lines, idx, consumed)
                elif tok is not None and not has_cells and cur.table_id != "three_public":
                    tok = _wrapped_code_row(tok, cur, lines, idx, consumed)
                if tok is not None and (not has_cells or (tok[0] and _is_code(tok[0]))):
                    cur.rows.append(_Line(ln.page, ln.no, ln.text, tok, -1, tokens=True, file=ln.file))
                    continue
                if not has_cells and not re.search(r"[。；]$", s) and (len(s) < 40 or all(
                        _HEADER_WORDS.match(norm(t)) for t in s.split())):
                    cur.title_lines.append(ln)  # header fragment or wrapped name in a text layer
                    continue
                if has_cells and cur.has_data and len(s) <= 8 and _fragment(ln) and _continues(lines, idx):
                    # the tail of a cell wrapped across a page break (信息网络及软件购 | 置更新): the
                    # table goes on in the next block
                    cur.notes.append(f"续行：{s}")
                    cur.title_lines.append(ln)
                    continue
                close()
            narrative_lines.append(ln)
            last_text = ln
            continue
        # a row of cells
        vals = [c for c in ln.cells if c]
        if not vals:
            furniture.append((ln.page, ln.no, ln.text))
            continue
        first = vals[0]
        tid = identify_title(first)
        if tid and len(vals) <= 2:
            md = _DEPT.search(" ".join(vals))
            if md and dept is None and md.group(1) not in ("万元", "元"):
                dept = md.group(1)
            open_table(tid, first, ln)
            mu = _UNIT.search(" ".join(vals))
            if mu and cur is not None:
                cur.unit = mu.group(1)
            mn = re.search(r"公开\s*(\d+)\s*表", first)
            if mn and cur is not None:
                cur.number = f"公开{mn.group(1).zfill(2)}表"
            continue
        if all(_UNIT.search(v) or _DEPT.search(v) for v in vals):
            for v in vals:
                mu = _UNIT.search(v)
                if mu and cur is not None and not cur.has_data:
                    cur.unit = mu.group(1)
            if cur is not None:
                cur.title_lines.append(ln)
            else:
                furniture.append((ln.page, ln.no, ln.text))
            continue
        seen = tuple(t.table_id for t in tables) + ((cur.table_id,) if cur is not None else ())
        if cur is not None and cur.has_data and cur.by_header and ln.block != cur.rows[-1].block:
            # a new [表格] block of a title-less table layer: a new table if its header says so
            guess = identify_header(block_rows.get(ln.block, []), seen)
            if guess is not None or _is_header_row(ln.cells):
                open_table(guess, f"{TABLE_NAMES.get(guess or '', '')}（未印标题，按表头识别）" if guess else "", ln)
                cur.by_header = True
                cur.title_lines.clear()
        if cur is None:
            title = last_text.text.strip() if last_text is not None else ""
            tid = identify_title(title) if title else None
            guess = None if tid else identify_header(block_rows.get(ln.block, []), seen)
            open_table(tid or guess, title if tid else (
                f"{TABLE_NAMES.get(guess or '', '')}（未印标题，按表头识别）" if guess else ""), ln)
            if cur is not None:
                cur.title_lines.clear()
                cur.by_header = tid is None
        assert cur is not None
        cur.rows.append(ln)
    close()
    # unidentified tables: their cells are placed in the table but also listed as unmapped
    # a table layer without titles (x.tables.txt read on its own): a table recognised by its header
    # and printing no 单位 line of its own takes the last 单位 line printed above it
    unit_lines = [(ln.file, ln.no, m.group(1)) for ln in lines
                  for m in [_UNIT.search(ln.text if ln.cells is None else " ".join(ln.cells))] if m]
    for i, t in enumerate(tables):
        if t.amount_unit is None and t.title.endswith("（未印标题，按表头识别）") and t.cells:
            above = [u for f, no, u in unit_lines if f == t.cells[0].file and no < t.line]
            if above:
                tables[i] = attrs.evolve(t, amount_unit=above[-1])
    for t in tables:
        if t.table_id is None:
            for no, raw in t.raw_rows:
                unmapped.append(Unmapped(page=t.page, line=no, text=raw, reason="row of an unidentified table"))
    # narrative sections and junk
    sections: list[Section] = []
    head: _Line | None = None
    body: list[str] = []
    body_lines: list[int] = []
    body_pages: list[int | None] = []
    for ln in narrative_lines:
        s = ln.text.strip()
        if _HEADING.match(s) and len(s) < 60:
            if head is not None or body:
                sections.append(Section(heading=head.text.strip() if head else "", text="\n".join(body),
                                        page=head.page if head else ln.page,
                                        line=head.no if head else 0, lines=tuple(body_lines),
                                        pages=tuple(body_pages)))
            head, body, body_lines, body_pages = ln, [], [], []
        elif re.search(r"[\u4e00-\u9fff]", s):
            body.append(s)
            body_lines.append(ln.no)
            body_pages.append(ln.page)
        else:
            unmapped.append(Unmapped(page=ln.page, line=ln.no, text=s, reason="line outside any table"))
    if head is not None or body:
        sections.append(Section(heading=head.text.strip() if head else "", text="\n".join(body),
                                page=head.page if head else None, line=head.no if head else 0,
                                lines=tuple(body_lines), pages=tuple(body_pages)))
    if unit is None and dept:
        unit = dept
    return RawReport(unit=unit, year=year, kind=kind, tables=tuple(tables), narrative=tuple(sections),
                     unmapped=tuple(unmapped), furniture=tuple(furniture), header=header, dept=dept)
