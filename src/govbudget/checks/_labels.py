"""Wording an auditor reads for (L01–L08): empty reasons, template words left in, a figure without
its unit, a stated total change that is not the sum of the changes listed, a 类/款/项 name with the
wrong level word, a class name the year's edition no longer uses, a completion rate called 年初 that
is measured against 全年预算 (or the reverse), and a class code printed wrong in a table.

>>> from govbudget.reader import read_report
>>> rep = read_report(text="支出决算表\\n项目\\t\\t本年支出合计\\n合计\\t\\t10.00\\n三、支出决算情况说明\\n"
...     "本年支出合计10万元，与上年相比增加（减少）0万元，主要原因是。")
>>> out = []; check_labels(rep, False, out)
>>> [(f.rule, f.where) for f in out]
[('L01', '说明 “主要原因是。”'), ('L02', '说明 “与上年相比增加（减少）0万元，主要原因是。”')]
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from ..reader._model import norm
from ._narrative import NUM, _mark_at, _quote, index_narrative
from ._primitives import _label, _loc, _sum, _tn

if TYPE_CHECKING:  # pragma: no cover
    from ..reader import PublishedReport
    from ._terms import Terms

__all__ = ["check_labels"]

#: 主要原因是 followed by nothing (the clause ends) or by the generator's own placeholder
_EMPTY_REASON = re.compile(r"主要原因(?:是|为)?[：:]?(?=[。；]|$)|（原因未填写）")
#: both words of a pair left in, a placeholder, an amount word with no figure before 万元
_LEFTOVER = (
    (re.compile(r"(增加|减少|增长|下降|大于|小于|上升)[（(/](减少|增加|下降|增长|小于|大于|上升)[）)]?"), "成对的方向词“{0}”都留在句中（模板原文未改）"),
    (re.compile(r"[XＸ]{2,}|×{2,}|＊{2,}|\*{2,}|【待填[^】]*】"), "占位符“{0}”未替换"),
    (re.compile(r"(?:为|支出|收入|预算|决算|安排)(?=万元)"), "“{0}万元”前没有金额（模板空位未填）"),
    (re.compile(r"(?<![\d.])(?:20\d|2\d{4})(?=年)"), "年度“{0}年”位数不对"),
)
#: a figure printed without its unit: an amount after a spending word with no 万元, a share with no %
_NO_UNIT = (
    (re.compile(r"(?:支出|收入|经费)(" + NUM[1:-1] + r")(?=[，。；]占|[，。；]比)"), "金额 {0} 后缺少“万元”"),
    (re.compile(r"占(?:[^，。；%\d]{0,12}的)?(\d+(?:\.\d+)?)(?=[，。；])"), "比例 {0} 后缺少“%”"),
)
_CHANGE = re.compile(r"(?P<w>增加|减少)(?P<t>" + NUM[1:-1] + r")万元[^。；]{0,40}?其中[：:](?P<rest>[^。]*)")
_PART = re.compile(r"(?P<w>增加|减少)(?P<v>" + NUM[1:-1] + r")万元")
_LEVEL = re.compile(r"(?P<name>[^\d\s.．、。；，：:“”\"（）]{2,30})（(?P<level>类|款|项)）")
_LEVELS = {3: "类", 5: "款", 7: "项"}


class _Text:
    def __init__(self, rep: PublishedReport) -> None:
        self.text, self.marks = index_narrative(rep.narrative)

    def where(self, pos: int) -> str:
        return f"说明 {_quote(self.text, pos)}"

    def place(self, pos: int, where: str) -> str:
        m = _mark_at(self.marks, pos)
        return f"{where}（{m.place}）" if m is not None else where


def _emit(tx: _Text, out: list, rule: str, pos: int, why: str) -> None:
    where = tx.where(pos)
    out.append(_label(rule, where, f"{where}：{why}。", (tx.place(pos, where),)))


def _wording(tx: _Text, out: list) -> None:
    for m in _EMPTY_REASON.finditer(tx.text):
        _emit(tx, out, "L01", _clause_start(tx.text, m.start()), "“主要原因是”后没有写出原因")
    for rx, why in _LEFTOVER:
        for m in rx.finditer(tx.text):
            if m.group(0) == "为" or ("【" in m.group(0) and re.fullmatch(r"【\d{4}】", m.group(0))):
                continue
            _emit(tx, out, "L02", _clause_start(tx.text, m.start()), why.format(m.group(0)))
    for rx, why in _NO_UNIT:
        for m in rx.finditer(tx.text):
            _emit(tx, out, "L03", _clause_start(tx.text, m.start()), why.format(m.group(1)))


def _clause_start(text: str, pos: int) -> int:
    cut = max(text.rfind(c, max(0, pos - 40), pos) for c in "，。；：")
    return cut + 1 if cut >= 0 else pos


def _changes(tx: _Text, out: list) -> None:
    """L04: “增加 X 万元……其中：A 增加 a 万元，B 减少 b 万元” — X = ±a ± b."""
    for m in _CHANGE.finditer(tx.text):
        parts = [(p.group("w"), Decimal(p.group("v"))) for p in _PART.finditer(m.group("rest"))]
        if len(parts) < 2:
            continue
        total = Decimal(m.group("t"))
        signed = [v if w == m.group("w") else -v for w, v in parts]  # in the total's direction
        where = tx.where(m.start())
        f = _sum(total, signed, rule="L04", where=where, strict=False,
                 names=[f"其中{w}{v}万元" for w, v in parts])
        if f.verdict != "ok":
            out.append(f)


@functools.lru_cache(maxsize=16)
def _names_by_level(year: int) -> tuple[dict[str, set[str]], dict[str, tuple[str, str]]]:
    """Names (without a trailing 支出) → levels in the year's functional edition; and names that
    earlier editions gave a code which has another name this year → (this year's name, level).
    Built once per year from the shipped (immutable) editions; callers only read it."""
    from ..classification import editions, functional

    ed = functional(year)
    levels: dict[str, set[str]] = {}
    current = {}
    for code in ed:
        name = norm(ed[code].name).removesuffix("支出")
        levels.setdefault(name, set()).add(_LEVELS.get(len(code), ""))
        current[code] = name
    old: dict[str, tuple[str, str]] = {}
    for y in editions().get("functional", ()):
        if y >= year:
            continue
        prev = functional(y)
        for code in prev:
            name = norm(prev[code].name).removesuffix("支出")
            if code in current and current[code] != name and name not in levels:
                old[name] = (ed[code].name, _LEVELS.get(len(code), ""))
    return levels, old


def _levels(tx: _Text, rep: PublishedReport, out: list) -> None:
    """L05: a name printed with a level word it does not have that year; L06: a name an earlier
    edition used for a code that has another name this year."""
    from ..errors import GovBudgetError

    try:
        levels, old = _names_by_level(rep.year) if rep.year else ({}, {})
    except (GovBudgetError, KeyError, ValueError):
        return
    for m in _LEVEL.finditer(tx.text):
        printed, level = m.group("name"), m.group("level")
        name = norm(printed).removesuffix("支出")
        if name in old and old[name][1] == level:
            _emit(tx, out, "L06", m.start("name"), f"{level}名“{printed}”是旧称，{rep.year}年科目表为“{old[name][0]}”")
        elif name in levels and level not in levels[name]:
            had = "、".join(sorted(levels[name]))
            _emit(tx, out, "L05", m.start("name"), f"“{printed}”在{rep.year}年科目表中是{had}级名称，却写作（{level}）")


def _misprinted_codes(rep: PublishedReport, out: list) -> None:
    """L08: a class code printed wrong in a table (``7 | 11 | 02`` under 210 11), which the reader read
    as the code of the 款 above it (2101102) and recorded in :attr:`PublishedTable.misprinted_codes`
    as (code as printed, code inferred, line)."""
    for t in rep.tables:
        for printed, inferred, line in t.misprinted_codes:
            label = next((lab for code, lab, ln in t.rows if ln == line and lab), "")
            pos = _loc(next((c for c in t.cells if c.line == line), None)) or f"第{line}行"
            where = f"{_tn(t)} {inferred} {label}".rstrip() + f"（{pos}）"
            out.append(_label("L08", where, (
                f"{where}：科目编码印为“{printed}”，类级编码有误；按上方同款科目 {inferred[:5]} 推定为 {inferred}"
                f"（类 {inferred[:3]}），本表按 {inferred} 核对。")))


def check_labels(rep: PublishedReport, strict: bool, out: list, terms: Terms | None = None) -> None:
    """Run L01–L08 over the 说明 and the tables, appending to ``out``. A blank template (tables that
    print no amount) is not read for wording: its placeholders are the template's own."""
    _misprinted_codes(rep, out)
    cells = [c for t in rep.tables if t.table_id for c in t.cells]
    if cells and all(c.value is None for c in cells):
        return
    tx = _Text(rep)
    if not tx.text:
        return
    _wording(tx, out)
    _changes(tx, out)
    _levels(tx, rep, out)
