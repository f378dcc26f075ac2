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

import attrs

from ..reader._model import norm
from ._narrative import NUM, _mark_at, _quote, bracketed, finditer, narrative_index
from ._primitives import _label, _loc, _pct, _sum, _tn

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
_LEVEL_CLOSE = re.compile("（[类款项]）")
_LEVELS = {3: "类", 5: "款", 7: "项"}


class _Text:
    def __init__(self, rep: PublishedReport) -> None:
        self.text, self.marks = narrative_index(rep)

    def where(self, pos: int) -> str:
        return f"说明 {_quote(self.text, pos)}"

    def place(self, pos: int, where: str) -> str:
        m = _mark_at(self.marks, pos)
        return f"{where}（{m.place}）" if m is not None else where


def _emit(tx: _Text, out: list, rule: str, pos: int, why: str) -> None:
    where = tx.where(pos)
    out.append(_label(rule, where, f"{where}：{why}。", (tx.place(pos, where),)))


def _wording(tx: _Text, out: list) -> None:
    for m in finditer(_EMPTY_REASON, tx.text):
        _emit(tx, out, "L01", _clause_start(tx.text, m.start()), "“主要原因是”后没有写出原因")
    for rx, why in _LEFTOVER:
        for m in finditer(rx, tx.text):
            if m.group(0) == "为" or ("【" in m.group(0) and re.fullmatch(r"【\d{4}】", m.group(0))):
                continue
            _emit(tx, out, "L02", _clause_start(tx.text, m.start()), why.format(m.group(0)))
    for rx, why in _NO_UNIT:
        for m in finditer(rx, tx.text):
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
    for m in bracketed(_LEVEL, _LEVEL_CLOSE, 33, tx.text):
        printed, level = m.group("name"), m.group("level")
        name = norm(printed).removesuffix("支出")
        if name in old and old[name][1] == level:
            _emit(tx, out, "L06", m.start("name"), f"{level}名“{printed}”是旧称，{rep.year}年科目表为“{old[name][0]}”")
        elif name in levels and level not in levels[name]:
            had = "、".join(sorted(levels[name]))
            _emit(tx, out, "L05", m.start("name"), f"“{printed}”在{rep.year}年科目表中是{had}级名称，却写作（{level}）")


#: a completion rate that names its base (完成年初预算的 Y%, 为全年预算的 Y%, 占年初预算数的 Y%, 完成调整后预算的)
_BASE_RATE = re.compile(r"(?:完成|为|占|达到?)(?P<w>年初|全年|调整后?)预算(?:数)?的?(?P<r>" + NUM[1:-1] + r")%")
_ACTUAL = re.compile(r"(?:决算|执行)(?:数)?(?:为|是)?(?P<v>" + NUM[1:-1] + r")万元")
#: the two bases a completion rate can be measured against, as the 说明 prints their amounts
_BASES = {"年初": re.compile(r"年初预算(?:数)?(?:为|是)?(?P<v>" + NUM[1:-1] + r")万元"),
          "全年": re.compile(r"(?:全年|调整后?)预算(?:数)?(?:为|是)?(?P<v>" + NUM[1:-1] + r")万元")}


def _annex_funds(rep: PublishedReport) -> list[tuple[str, Decimal, dict[str, Decimal]]]:
    """附件2 (整体支出绩效自评表) 年度资金总额 as a base source ``(name, 全年执行数, {年初, 全年})``, read
    under the header that names 年初预算数 / 全年预算数 / 全年执行数; none when the report prints no such row."""
    t = rep.table("performance_self_evaluation")
    if t is None:
        return []
    rows = [[re.sub(r"(?<=[\d.]) (?=[\d.])", "", c).replace(" ", "") for c in text.split("\t")]
            for _, text in t.raw_rows]
    head = next((r for r in rows if {"年初预算数", "全年预算数", "全年执行数"} <= set(r)), None)
    row = next((r for r in rows if "年度资金总额" in r), None)
    if head is None or row is None:
        return []
    got = {}
    for key, col in (("年初", "年初预算数"), ("全年", "全年预算数"), ("执行", "全年执行数")):
        j = head.index(col)
        if j >= len(row) or not re.fullmatch(r"\d+(?:\.\d+)?", row[j]):
            return []
        got[key] = Decimal(row[j])
    return [("附件2 年度资金总额", got.pop("执行"), got)]


#: what the 三公 table's note says its 预算数 is (Hunan: “预算数为‘三公’经费全年预算数，反映按规定程序调整后的预算数”)
_TP_BUDGET_IS = (("全年", re.compile(r"预算数[^。；]{0,12}?(?:全年预算数|调整后的预算数|调整预算数)")),
                 ("年初", re.compile(r"预算数[^。；]{0,12}?年初预算数")))
_TP_ITEMS = (("total", "合计"), ("abroad", "因公出国（境）费"), ("vehicle", "公务用车购置及运行维护费"),
             ("vehicle_purchase", "公务用车购置费"), ("vehicle_running", "公务用车运行维护费"), ("reception", "公务接待费"))


def _three_public_funds(rep: PublishedReport) -> list[tuple[str, Decimal, dict[str, Decimal]]]:
    """The 三公 table's items as base sources ``(name, 决算数, {kind: 预算数})`` when its note says which
    budget its 预算数 is (全年 or 年初) and every cell of it was read with certainty."""
    t = rep.table("three_public")
    if t is None:
        return []
    notes = norm("".join(t.notes)).replace("“", "").replace("”", "")
    kind = next((k for k, rx in _TP_BUDGET_IS if rx.search(notes)), None)
    cert = t.certainty()
    if kind is None or cert["uncertain"] or cert["unreadable"] or cert["blank_assumed"]:
        return []
    tp = rep.key_figures()["three_public"]
    return [(f"{_tn(t)} {name}", tp["actual"][key], {kind: tp["budget"][key]}) for key, name in _TP_ITEMS
            if tp["actual"].get(key) and tp["budget"].get(key) is not None]


def _rate_figures(tx: _Text, m: re.Match, sources: list) -> tuple[int, Decimal, dict] | None:
    """Where the rate's clause run starts, the actual and the two budgets the completion rate at ``m``
    may be measured with: read from its own clause run (since the previous rate or sentence end); a
    budget it does not print is taken from a source (附件2 年度资金总额, the 三公 table) whose actual is
    the sentence's and whose other budget, if any, agrees — only when the sources agree on it."""
    start = max(tx.text.rfind(c, 0, m.start()) for c in "。；%") + 1
    seg = tx.text[start:m.start()]
    actual = [Decimal(a.group("v")) for a in _ACTUAL.finditer(seg)]
    if not actual:
        return None
    a = actual[-1]
    bases = {}
    for key, rx in _BASES.items():
        got = [Decimal(b.group("v")) for b in rx.finditer(seg)]
        if got:
            bases[key] = (got[-1], f"{key}预算 {got[-1]}")
    found: dict[str, dict[Decimal, str]] = {}
    for name, spent, budgets in sources:
        if spent == a and all(budgets.get(k, v) == v for k, (v, _) in bases.items()):
            for k, v in budgets.items():
                found.setdefault(k, {}).setdefault(v, name)
    for k, vals in found.items():
        if k not in bases and len(vals) == 1:
            (v, name), = vals.items()
            bases[k] = (v, f"{k}预算 {v}（{name}）")
    first = min(x.start() for rx in (_ACTUAL, *_BASES.values()) for x in rx.finditer(seg))
    return start + first, a, bases


def _completion_bases(tx: _Text, rep: PublishedReport, out: list) -> None:
    """L07: a completion rate called 年初 that equals (at its printed precision) the actual over the
    全年预算 and not over the 年初预算 (or the reverse). No finding when the two budgets are equal, one
    is not printed, or the rate fits both or neither: then the word cannot be judged."""
    sources = _annex_funds(rep) + _three_public_funds(rep)
    for m in _BASE_RATE.finditer(tx.text):
        figs = _rate_figures(tx, m, sources)
        if figs is None:
            continue
        start, a, bases = figs
        said = "年初" if m.group("w") == "年初" else "全年"
        other = "全年" if said == "年初" else "年初"
        if said not in bases or other not in bases or bases[said][0] == bases[other][0]:
            continue
        y = Decimal(m.group("r"))
        fits = {k: _pct(y, a, bases[k][0], rule="L07", pa="", pb="") for k in (said, other)}
        if not all(f is not None for f in fits.values()):
            continue
        if fits[other].verdict in ("ok", "tail") and fits[said].verdict == "contradiction":
            rates = "，".join(f"决算 {a}/{bases[k][1]} = {fits[k].expected}%" for k in (said, other))
            why = (f"完成率 {y}% 称“{m.group('w')}预算”，但{rates}；印数是对{other}预算的完成率，"
                   f"应写“{other}预算”（数字本身一致，是措辞问题）")
            _emit(tx, out, "L07", start, why)
            _fold_rate(tx, out, m.start("r"), y)


def _fold_rate(tx: _Text, out: list, pos: int, printed: Decimal) -> None:
    """The rate an L07 finding (last in ``out``) explains was recomputed against the base its word
    names (X12) and called a contradiction: that finding is folded under the L07 one, whose places
    list it. The figures agree with the other base, so nothing but the word is wrong."""
    mark = _mark_at(tx.marks, pos)
    if mark is None:
        return
    label = out[-1]
    same = [f for f in out[:-1] if f.rule == "X12" and f.verdict == "contradiction" and f.found == printed
            and f.places and f.places[0].endswith(f"（{mark.place}）")]
    for f in same:
        out.remove(f)
    if same:
        out[-1] = attrs.evolve(label, places=label.places + tuple(f.places[0] for f in same))


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
    _completion_bases(tx, rep, out)
