"""The shape of printed tables: the two sides of a 收入支出 summary table, the fund columns of a
财政拨款 table, and the short and full names a table goes by in findings and output.

These read a table; they judge nothing (the checks in :mod:`govbudget.checks` use them).

>>> from govbudget.reader import read_report
>>> t = read_report(text="收入支出决算表\\n项目\\t\\t金额\\t项目\\t\\t金额\\n本年收入合计\\t\\t5.00\\t本年支出合计\\t\\t5.00\\n").tables[0]
>>> s = _sides(t)
>>> [c.row_label for c in s.left], [lab for lab, _ in s.right]
(['本年收入合计'], ['本年支出合计'])
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import attrs

from ._model import Cell, PublishedTable, memo, norm

__all__ = ["full_name"]

_ENUM_LABEL = re.compile(r"^[一二三四五六七八九十]+、")

_ORG_PREFIX = re.compile(r"^\S{2,30}?(?:院|局|厅|委员会|办公厅|中心|办事处|政府)部门(?=\S)")


def _tn(t: PublishedTable | None) -> str:
    """The table's name in findings: its printed number (``'公开04表'``), else its full printed title
    without the year, the unit or a “部门：… 单位：万元” tail (``'九、一般公共预算基本支出预算表'``).

    >>> from govbudget.reader._model import PublishedTable as T
    >>> _tn(T(table_id="fiscal_basic", title="九、2017年度江苏省高级人民法院部门一般公共预算基本支出预算表",
    ...       number=None, amount_unit=None, columns=(), cells=(), rows=(), notes=(), page=None, line=1))
    '九、一般公共预算基本支出预算表'
    >>> _tn(T(table_id="income", title="收入预算总表部门:江苏省政协办公厅 单位:万元", number="公开02表",
    ...       amount_unit=None, columns=(), cells=(), rows=(), notes=(), page=None, line=1))
    '公开02表'
    """
    if t is None:
        return "?"
    if t.number:  # the printed number is the table's short name (kept stable for downstream tools)
        return t.number
    known = memo(t).get("name")
    if known is None:
        known = memo(t)["name"] = _title_name(t)
    return known


def _title_name(t: PublishedTable) -> str:
    title = t.title.split("（未印标题")[0]
    title = re.sub(r"\s*(?:部门|单位|编制单位)\s*[:：].*$", "", title)
    if t.number:
        title = title.replace(t.number, "")
    m = re.match(r"^\s*([一二三四五六七八九十]+、)?\s*(?:20\d\d\s*年度?)?\s*(.*)$", title)
    enum, rest = (m.group(1) or ""), m.group(2).strip()
    rest = _ORG_PREFIX.sub("", rest)
    name = f"{enum}{rest}".strip()
    return name or (t.table_id or "?")


def full_name(t: PublishedTable) -> str:
    """Number and full printed title: ``'公开04表 财政拨款收支预算总表'`` (the human output's name).

    >>> from govbudget.reader._model import PublishedTable as T
    >>> full_name(T(table_id="income", title="收入预算总表部门:江苏省政协办公厅 单位:万元", number="公开02表",
    ...       amount_unit=None, columns=(), cells=(), rows=(), notes=(), page=None, line=1))
    '公开02表 收入预算总表'
    """
    if not t.number:
        return _tn(t)
    name = _tn(attrs.evolve(t, number=None))
    return f"{t.number} {name}" if name and name != t.table_id else t.number


def _present(c: Cell | None) -> bool:
    """A printed cell: an amount, or something unreadable printed where an amount belongs."""
    return c is not None and (c.value is not None or bool(c.raw))


#: the words of a 公开07/08 column's role, in the order they are tried: ``open``/``close`` anywhere in
#: the header path, ``basic``/``project``/``spent`` in its last part, ``income`` the whole last part
#: (the checks pass the layouts' ``[terms.fund_columns]`` instead)
FUND_COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "open": ("年初", "上年结转"), "close": ("年末", "结转下年"), "basic": ("基本支出",), "project": ("项目支出",),
    "income": ("本年收入", "收入"), "spent": ("合计", "小计", "本年支出", "金额"),
}


def _fund_column(path: str, words: Mapping[str, Sequence[str]] = FUND_COLUMN_WORDS) -> str | None:
    """Column role in a 公开07/08 table: open, income, spent, basic, project, close.

    >>> _fund_column("年初结转和结余"), _fund_column("本年支出/基本支出"), _fund_column("余额", {**FUND_COLUMN_WORDS, "spent": ["余额"]})
    ('open', 'basic', 'spent')
    """
    p = norm(path)
    last = p.split("/")[-1]
    if any(w in p for w in words["open"]):
        return "open"
    if any(w in p for w in words["close"]):
        return "close"
    if any(w in last for w in words["basic"]):
        return "basic"
    if any(w in last for w in words["project"]):
        return "project"
    if last in words["income"]:
        return "income"
    if any(w in last for w in words["spent"]):
        return "spent"
    return None


@attrs.frozen(cache_hash=True)
class SideWords:
    """How the rows of a 收入支出 / 财政拨款 summary table split into its two sides (the checks pass
    the layouts' ``[terms.table_sums]`` words; the defaults are the templates the package knows).

    ``right``: the right (支出) side's row labels besides those ending in one of ``suffix``;
    ``both``: labels printed on both sides (right when at or right of the first ``right`` label's
    column); ``not_classes``: right-side rows ending in ``suffix`` that are not a 类 (``一、…支出``).
    """

    right: tuple[str, ...] = ("本年支出合计", "支出合计", "本年支出小计", "当年支出小计", "结余分配", "年末结转和结余",
                              "年末财政拨款结转和结余", "支出总计", "结转下年", "结转下年资金")
    suffix: tuple[str, ...] = ("支出",)
    both: tuple[str, ...] = ("总计",)
    not_classes: tuple[str, ...] = ("基本支出", "项目支出")


_SIDE_WORDS = SideWords()


@attrs.define
class _Sides:
    """The two sides of a 收入支出 summary table in printed order."""

    left: list[Cell]
    right: list[tuple[str, dict[str, Cell]]]  # (label, {column: cell})
    lines: dict[str, int]  # first printed line of each (normalised) row label
    words: SideWords = _SIDE_WORDS

    def l(self, *names: str, after: int = 0) -> Cell | None:  # noqa: E743
        """First left cell whose normalised label starts with one of ``names`` (below line ``after``)."""
        for c in self.left:
            if c.line > after and any(norm(c.row_label).startswith(n) for n in names):
                return c
        return None

    def printed(self, *names: str) -> bool:
        return any(k.startswith(n) for k in self.lines for n in names)

    def r(self, *names: str) -> dict[str, Cell] | None:
        for label, cols in self.right:
            if norm(label) in names:
                return cols
        return None

    def classes(self) -> list[tuple[str, dict[str, Cell]]]:
        w = self.words
        return [(lab, cols) for lab, cols in self.right
                if _ENUM_LABEL.match(lab) and lab.endswith(w.suffix) and not any(x in lab for x in w.not_classes)]


def _sides(t: PublishedTable, words: SideWords = _SIDE_WORDS) -> _Sides:
    """The table's two sides, computed once per table and :class:`SideWords` (callers only read them).

    >>> from govbudget.reader import read_report
    >>> t = read_report(text="收入支出决算总表\\n项目\\t\\t金额\\t项目\\t\\t金额\\n收入本年合计\\t\\t5.00\\t支出本年合计\\t\\t5.00\\n").tables[0]
    >>> [lab for lab, _ in _sides(t).right], [lab for lab, _ in _sides(t, SideWords(right=("支出本年合计",))).right]
    ([], ['支出本年合计'])
    """
    key = ("sides", words)
    known = memo(t).get(key)
    if known is None:
        known = memo(t)[key] = _split_sides(t, words)
    return known


def _split_sides(t: PublishedTable, words: SideWords) -> _Sides:
    right_labels, both = frozenset(norm(x) for x in words.right), frozenset(norm(x) for x in words.both)
    split = [c.column_index for c in t.cells if norm(c.row_label) in right_labels]
    cut = min(split) if split else None
    left: list[Cell] = []
    right: dict[tuple[int, str], dict[str, Cell]] = {}
    for c in sorted(t.cells, key=lambda c: (c.line, c.column_index)):
        n = norm(c.row_label)
        if n in both:
            is_right = cut is not None and c.column_index >= cut
        else:
            is_right = n in right_labels or n.endswith(words.suffix)
        if is_right:
            cols = right.setdefault((c.line, c.row_label), {})
            cols.setdefault(f"{c.column}#{c.column_index}", c)
        else:
            left.append(c)
    lines: dict[str, int] = {}
    for _, label, line in t.rows:
        lines.setdefault(norm(label), line)
    return _Sides(left=left, right=[(lab, cols) for (_, lab), cols in right.items()], lines=lines, words=words)


def _main(cols: dict[str, Cell] | None) -> Cell | None:
    """The first (合计) value of a right-side row (the first printed one when the row spans columns)."""
    if not cols:
        return None
    return min(cols.values(), key=lambda c: (not _present(c) and not c.ambiguous, c.column_index))


#: the columns of a 财政拨款 summary's right-side row: c3 一般公共预算, c4 政府性基金, c5 国有资本经营
#: (the header contains the word), c2 合计 (contains it, or is one of ``whole``; the checks pass the
#: layouts' ``[terms.fiscal]`` words instead)
FUND_COLS_WORDS: dict[str, tuple[str, ...]] = {
    "c3": ("一般公共预算",), "c4": ("政府性基金",), "c5": ("国有资本",), "c2": ("合计",), "whole": ("金额", "决算数", "预算数"),
}


def _fund_cols(cols: dict[str, Cell] | None,
               words: Mapping[str, Sequence[str]] = FUND_COLS_WORDS) -> dict[str, Cell | None]:
    """c2 合计, c3 一般公共预算, c4 政府性基金, c5 国有资本经营 of a 公开04 right-side row."""
    out: dict[str, Cell | None] = {"c2": None, "c3": None, "c4": None, "c5": None}
    if not cols:
        return out
    for name, c in cols.items():
        key = next((k for k in ("c3", "c4", "c5", "c2") if any(w in name for w in words[k])), None)
        if key is None and name in words["whole"]:
            key = "c2"
        if key and out[key] is None:
            out[key] = c
    if out["c2"] is None and not any(out.values()):
        out["c2"] = _main(cols)
    return out
