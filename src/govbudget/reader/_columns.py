"""The column model of a table: its header rows, the column paths and what kind each column is.

A table's rows are split into header rows and data rows; the header rows give each column a
path (``本年支出/基本支出``), a 栏次 number, and a role: code column, 行次 column, the start of a
side-by-side block (``项目`` … ``项目``), or an amount column. A single-space table (no positions)
gets its columns from the template the title and header words name (:func:`_token_layout`,
:func:`_virtual_columns`).

>>> _header_paths([["项目", "本年支出", ""], ["", "基本支出", "项目支出"]], 3)[0]
['项目', '本年支出/基本支出', '本年支出/项目支出']
"""

from __future__ import annotations

import re
import unicodedata

import attrs

from ._lines import _CODE_HEAD, _ENUM, _HEADER_WORDS, _START, _is_amount, _is_code, _Line
from ._model import norm

_NAME_HEAD = re.compile(r"名称$")
_ROWNO_HEAD = re.compile(r"^行次$")

#: the printed column order of the code tables, used for a single-space text layer whose
#: header cells cannot be placed (the header words are only verified to be printed)
TOKEN_COLUMNS: dict[str, tuple[str, ...]] = {
    "income": ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"),
    "expenditure": ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"),
    "general_budget_expenditure": ("合计", "基本支出", "项目支出"),
    "state_capital": ("合计", "基本支出", "项目支出"),
}


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


_COLUMN_NO = re.compile(r"\d{1,2}")  # a 栏次 number
_CN_ENUM = re.compile(r"^[一二三四五六七八九十]+、")


def _is_header_row(cells: list[str]) -> bool:
    vals = [c for c in cells if c]
    if not vals:
        return True
    if vals[0] == "栏次":
        return True
    if all(_COLUMN_NO.fullmatch(v) for v in vals) and len(vals) >= 3:
        nums = [int(v) for v in vals]
        if nums == list(range(nums[0], nums[0] + len(nums))):
            return True
    if any(_is_amount(v) for v in vals) or _is_code(vals[0]):
        return False
    if any(_CN_ENUM.match(v) for v in vals):
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
        if vals and (vals[0] == "栏次" or all(_COLUMN_NO.fullmatch(v) for v in vals)):
            for j, c in enumerate(row):
                if c and _COLUMN_NO.fullmatch(c):
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


@attrs.frozen
class ColumnModel:
    """The columns of one table, learned from its header rows."""

    width: int
    header_rows: tuple[tuple[str, ...], ...]
    paths: tuple[str, ...]
    colno: tuple[str | None, ...]
    is_code_col: tuple[bool, ...]
    is_rowno: tuple[bool, ...]
    starts: tuple[int, ...]
    amount_cols: tuple[int, ...]
    virtual: tuple[str, ...]
    mixed: dict[int, dict[int, str]]

    def segment_of(self, j: int) -> tuple[int, int]:
        """The side-by-side block (first column, end) that column ``j`` belongs to."""
        lo = max([s for s in self.starts if s <= j], default=0)
        hi = min([s for s in self.starts if s > j], default=self.width)
        return lo, hi


def _repeated_header(cells: list[str], header_rows: list[list[str]]) -> bool:
    """A header row printed again after the data started (on a later page)."""
    vals = [c for c in cells if c]
    return cells in header_rows or not vals or vals[0] == "栏次" or all(
        _HEADER_WORDS.match(norm(v)) or _COLUMN_NO.fullmatch(v) for v in vals) or any(
        vals == [c for c in h if c] for h in header_rows)


def split_rows(b: _Builder) -> tuple[list[list[str]], list[_Line], dict[int, dict[int, str]]]:
    """(header rows, data rows, sub-header words printed in data rows by line)."""
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
            if _repeated_header(cells, header_rows):
                continue
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
    return header_rows, data, mixed


def column_model(b: _Builder) -> tuple[ColumnModel, list[_Line]]:
    """The column model of a table and its data rows."""
    width = max(len(r.cells or []) for r in b.rows)
    header_rows, data, mixed = split_rows(b)
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
    amount_cols = [
        j for j in range(width)
        if paths[j] and not is_code_col[j] and not is_rowno[j]
        and not re.search(r"(名称|项目)$", paths[j].split("/")[-1]) and j not in starts
    ]
    virtual = _virtual_columns(b, data, header_rows)
    if virtual:
        paths = list(virtual)
    model = ColumnModel(
        width=width, header_rows=tuple(tuple(h) for h in header_rows), paths=tuple(paths), colno=tuple(colno),
        is_code_col=tuple(is_code_col), is_rowno=tuple(is_rowno), starts=tuple(sorted(starts) or [0]),
        amount_cols=tuple(amount_cols), virtual=virtual, mixed=mixed,
    )
    return model, data


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

