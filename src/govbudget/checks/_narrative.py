"""Tables ↔ 说明/附件 (X12–X19) and the soft hints S01–S04 (see the rules page, docs/checks.md).

The sentence forms are data: :data:`SENTENCES` lists, for each form, the words that precede an
amount, the table figure the amount must equal and the figure a following “占 P%” is a share of.
Special forms with several amounts (per-项 items, 三公 items, 政府采购, vehicles, 增减 rates) have
their own small pattern tables below. The narrative is matched after :func:`flatten`: no
whitespace, no thousands separators, full-width parentheses.

>>> flatten("基本支出 14,206 万\\n元，占 74.59%；(类)")
'基本支出14206万元，占74.59%；（类）'
>>> [s.target for s in SENTENCES][:3]
['grand_total', 'grand_total', 'grand_total']
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from ..money import round_half_up
from ..reader._figures import three_public_cells
from ..reader._model import Cell, PublishedTable, memo, norm
from ..reader._shape import _fund_cols, _fund_column, _main, _sides
from ._layouts import default_terms
from ._primitives import COARSE_CHANGE, _at, _eq, _label, _le, _pct, _sum, _tn, places

if TYPE_CHECKING:  # pragma: no cover
    from ..reader import PublishedReport
    from ._terms import Terms

__all__ = ["SENTENCES", "Sentence", "check_narrative", "flatten"]

NUM = r"(\d+(?:\.\d+)?)"
# a figure sentence does not start right after a change word (增加 5 万元 is a Δ, not the figure)
_GUARD_WORDS = frozenset({"增加", "减少", "调减", "调增", "压减", "节约"})
_GUARD = r"(?<!增加)(?<!减少)(?<!调减)(?<!调增)(?<!压减)(?<!节约)"  # the same guard as a regex (tests use it)


def _first_chars(items) -> tuple[set[str], bool] | None:
    """The characters a parsed pattern (``re._parser`` items) can start with, and whether it can match
    the empty string; ``None`` when that is not a small set of literal characters."""
    from re import _constants as k  # type: ignore[attr-defined]

    chars: set[str] = set()
    for op, av in items:
        if op is k.LITERAL:
            return chars | {chr(av)}, False
        if op is k.IN:
            if not all(o is k.LITERAL for o, _ in av):
                return None
            return chars | {chr(a) for _, a in av}, False
        if op in (k.AT, k.ASSERT, k.ASSERT_NOT):  # zero width
            continue
        if op is k.SUBPATTERN and not av[1]:
            sub = _first_chars(av[-1].data)
        elif op is k.BRANCH:
            subs = [_first_chars(alt.data) for alt in av[1]]
            sub = None if None in subs else (set().union(*(c for c, _ in subs)), any(e for _, e in subs))
        elif op in (k.MAX_REPEAT, k.MIN_REPEAT):
            sub = _first_chars(av[2].data)
            sub = sub if sub is None or av[0] > 0 else (sub[0], True)
        else:
            return None
        if sub is None:
            return None
        chars |= sub[0]
        if not sub[1]:
            return chars, False
    return chars, True


@functools.lru_cache(maxsize=256)
def _starts(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """A character class of the characters every match of ``rx`` starts with (``None`` when unknown):
    only offsets holding one of them need trying."""
    from re import _parser  # type: ignore[attr-defined]

    try:
        got = None if rx.flags & re.IGNORECASE else _first_chars(_parser.parse(rx.pattern, rx.flags).data)
    except (AttributeError, IndexError, TypeError, ValueError, re.error):  # another Python's parser: plain search
        return None
    if got is None or got[1] or not got[0]:
        return None
    return re.compile("[" + "".join(re.escape(c) for c in sorted(got[0])) + "]")


def _search(rx: re.Pattern[str], text: str, pos: int) -> re.Match | None:
    """``rx.search(text, pos)``, trying ``rx`` only at the offsets of the characters it can start with."""
    starts = _starts(rx)
    if starts is None:
        return rx.search(text, pos)
    while (c := starts.search(text, pos)) is not None:
        m = rx.match(text, c.start())
        if m is not None:
            return m
        pos = c.start() + 1
    return None


def finditer(rx: re.Pattern[str], text: str):
    r"""``rx.finditer(text)``, searched with :func:`_search` when the characters its matches start with
    are known (its matches are then never empty).

    >>> [m.group(0) for m in finditer(re.compile(r"(?:本年)?支出\d+"), "本年支出12，支出3")]
    ['本年支出12', '支出3']
    """
    if _starts(rx) is None:
        yield from rx.finditer(text)
        return
    pos = 0
    while (m := _search(rx, text, pos)) is not None:
        yield m
        pos = m.end()


def _guarded(rx: re.Pattern[str], text: str):
    """The matches of ``_GUARD + rx`` without _GUARD's six look-behinds tried at every position:
    search for ``rx``, reject a start preceded by a change word and search again one place later
    (the same matches, in the same order)."""
    pos = 0
    while (m := _search(rx, text, pos)) is not None:
        if text[max(0, m.start() - 2):m.start()] in _GUARD_WORDS:
            pos = m.start() + 1
            continue
        yield m
        pos = max(m.end(), m.start() + 1)


def flatten(text: str) -> str:
    """The narrative as matched: whitespace removed, ``1,066.51`` → ``1066.51``, ``(`` → ``（``.

    >>> flatten("收入支出总计 19,044.27 万元")
    '收入支出总计19044.27万元'
    """
    s = re.sub(r"\s+", "", text)
    s = re.sub(r"(?<=\d)[,，](?=\d{3}(?!\d))", "", s)
    return s.replace("(", "（").replace(")", "）")


@attrs.frozen
class Sentence:
    """One sentence form: ``words`` precede an amount in 万元 that must equal the figure ``target``.

    ``share_of`` names the denominator of a following “占 P%” (``None``: no share is checked);
    ``kinds`` restricts the form to 决算 or 预算 reports; ``relation`` is ``"eq"``, or ``"ge"`` when
    the 说明 figure covers more than the table's (X14: 会议费 of 基本 + 项目 vs 公开06 30215).
    ``sections`` names the 说明 sections the sentence belongs to (topics of :data:`SECTION_TOPICS`):
    a sentence found under a heading of another topic is not this form (the 三公 section's
    “财政拨款支出预算为 19 万元” is no 说明五 sentence); under a heading of no known topic (a budget's
    untitled 说明) it is accepted. Sentences of the 附件 are never matched here (X19 reads them).

    >>> Sentence("说明三 基本支出", r"基本支出为?", "basic", "expenditure_total").share_of
    'expenditure_total'
    """

    place: str
    words: str
    target: str
    share_of: str | None = None
    kinds: tuple[str, ...] = ("决算", "预算")
    rule: str = "X12"
    relation: str = "eq"
    sections: tuple[str, ...] = ()


_SEP = r"(?:^|(?<=[，。：；、]))"
#: a department's total, not one fund's (“2．财政专户管理资金收入预算总计0万元”, “其他资金收入预算总计”)
_NOT_A_FUND = r"(?<!拨款)(?<!资金)(?<!基金)(?<!经营)"

#: 说明 headings → topics, by the words of the heading (a heading can have several topics:
#: Jiangsu's “十一、一般公共预算‘三公’经费、会议费、培训费支出预算表情况说明”)
SECTION_TOPICS: tuple[tuple[str, str], ...] = (
    ("fiscal_summary", r"财政拨款收、?入?、?支出?.*总(?:体|表|计)"),
    ("summary", r"^(?!.*财政拨款).*(?:收入支出.*总体|收支.*总[表体计]|收入支出.*总[表计])"),
    ("income", r"^[一二三四五六七八九十]+、(?:.*部门)?收入(?:决算|预算)(?:总表)?情况"),
    ("expenditure", r"^[一二三四五六七八九十]+、(?:.*部门)?支出(?:决算|预算)(?:总表)?情况"),
    ("general_budget", r"^(?!.*基本支出).*(?:一般公共预算(?:财政拨款)?支出|财政拨款支出)(?:预算表|决算)?情况"),
    ("basic", r"基本支出"),
    ("three_public", r"三公"),
    ("fund", r"政府性基金"),
    ("capital", r"国有资本经营"),
    ("operating", r"机关运行经费"),
    ("general", r"一般性支出|会议费|培训费"),
    ("procurement", r"政府采购"),
    ("assets", r"国有资产"),
    ("performance", r"绩效"),
)


@functools.lru_cache(maxsize=4096)
def heading_topics(heading: str) -> frozenset[str]:
    """The topics of a 说明 heading (empty for a heading of no known topic).

    >>> sorted(heading_topics("三、支出决算情况说明")), sorted(heading_topics("七、财政拨款“三公”经费支出决算情况说明"))
    (['expenditure'], ['three_public'])
    >>> sorted(heading_topics("四、财政拨款收入支出决算总体情况说明")), sorted(heading_topics("六、其他相关情况说明"))
    (['fiscal_summary'], [])
    """
    h = re.sub(r"\s+", "", heading)
    return frozenset(t for t, rx in SECTION_TOPICS if re.search(rx, h))

SENTENCES: tuple[Sentence, ...] = (
    # 收支总计 (说明一 / 收支预算总表)
    Sentence("说明一 收支总计", r"(?<!拨款)(?<!拨)(?:收、?入?、?支出?(?:预算)?总计各?为?|收入总计与支出总计均为)", "grand_total",
             sections=("summary",)),
    Sentence("收入预算总计", _NOT_A_FUND + r"收入预算总计为?", "grand_total", kinds=("预算",), sections=("summary", "income")),
    Sentence("支出预算总计", _NOT_A_FUND + r"支出预算总计为?", "grand_total", kinds=("预算",), sections=("summary", "expenditure")),
    Sentence("说明四 财政拨款收支总计", r"财政拨款(?:收、?入?、?支出?(?:总计|总预算)各?为?|收入总计与支出总计均为)", "fiscal_grand_total",
             sections=("fiscal_summary",)),
    # 收入
    Sentence("说明八 政府性基金预算财政拨款收入", r"政府性基金预算财政拨款收入为?", "fund_income", kinds=("决算",), sections=("fund",)),
    Sentence("说明二 财政拨款收入", r"(?:一般公共预算收入预算|财政拨款收入(?:预算)?(?:总计)?)为?", "fiscal_income",
             "income_total", sections=("income", "summary")),
    Sentence("说明二 上级补助收入", r"上级补助收入", "income_col:superior_subsidy", "income_total", sections=("income",)),
    Sentence("说明二 事业单位经营收入", r"事业单位经营收入", "income_col:unit_operating_income", "income_total", sections=("income",)),
    Sentence("说明二 事业收入", r"事业收入", "income_col:business_income", "income_total", sections=("income",)),
    Sentence("说明二 经营收入", r"(?<!单位)经营收入", "income_col:operating_income", "income_total", sections=("income",)),
    Sentence("说明二 附属单位上缴收入", r"附属单位上缴收入", "income_col:affiliated_income", "income_total", sections=("income",)),
    Sentence("说明二 其他收入", r"其他收入", "income_col:other_income", "income_total", sections=("income",)),
    Sentence("说明二 本年收入合计", r"(?:本年)?收入(?:预算)?合计为?", "income_total", sections=("income", "summary")),
    Sentence("收入预算", _SEP + r"(?:(?!基金|资金|国有资本|一般公共预算|财政拨款)[^，。：；]){0,30}?收入预算为?", "income_total", kinds=("预算",), sections=("income", "summary")),
    # 支出
    Sentence("说明三 本年支出合计", r"(?:本年)?支出(?:预算)?合计为?", "expenditure_total", sections=("expenditure", "summary")),
    Sentence("说明五 一般公共预算财政拨款支出", r"一般公共预算(?:财政)?拨款支出(?:预算)?为?", "gbe_total",
             "expenditure_total", sections=("general_budget",)),
    Sentence("政府性基金拨款支出预算", r"政府性基金(?:预算)?拨款支出(?:预算)?为?", "fund_total", kinds=("预算",), sections=("fund",)),
    Sentence("国有资本经营预算拨款支出预算", r"国有资本经营预算拨款支出(?:预算)?为?", "capital_total", kinds=("预算",), sections=("capital",)),
    Sentence("说明五 财政拨款支出", r"(?<!公共预算)(?<!基金)财政拨款(?:预算)?支出(?:预算)?为?", "fiscal_spent",
             "expenditure_total", sections=("general_budget",)),
    Sentence("支出预算", _SEP + r"支出预算为?", "expenditure_total", kinds=("预算",), sections=("expenditure", "summary")),
    Sentence("说明六 一般公共预算财政拨款基本支出", r"(?:一般公共预算)?财政拨款基本支出(?:预算)?为?", "gbe_basic", sections=("basic",)),
    Sentence("说明三 基本支出", r"(?<!财政拨款)基本支出(?:预算数?)?为?", "basic", "expenditure_total", sections=("expenditure", "summary")),
    Sentence("说明三 项目支出", r"项目支出(?:预算数?)?为?", "project", "expenditure_total", sections=("expenditure", "summary")),
    Sentence("说明三 上缴上级支出", r"上缴上级支出", "exp_col:to_superior", "expenditure_total", kinds=("决算",), sections=("expenditure",)),
    Sentence("说明三 经营支出", r"(?<!单位)经营支出", "exp_col:operating_spending", "expenditure_total", kinds=("决算",), sections=("expenditure",)),
    Sentence("说明三 对附属单位补助支出", r"对附属单位补助支出", "exp_col:to_affiliated", "expenditure_total",
             kinds=("决算",), sections=("expenditure",)),
    # 说明六: 人员 / 公用经费 (shares of 基本支出)
    Sentence("说明六 人员经费", r"人员经费(?:预算)?为?", "personnel", "gbe_basic", sections=("basic",)),
    Sentence("说明六 公用经费", r"(?<!日常)公用经费(?:预算)?为?", "public", "gbe_basic", sections=("basic",)),
    # X13 机关运行经费: the table cell (budgets) and ≤ 公用经费 (see _operating)
    Sentence("机关运行经费", r"机关运行经费(?:财政拨款)?(?:预算支出|支出|预算)?数?为?", "operating_costs", sections=("operating",)),
    # X14 会议费 / 培训费
    Sentence("说明十 会议费", r"(?:开支)?会议费(?:预算支出|支出|预算)?为?", "meeting", rule="X14", kinds=("预算",), sections=("general", "three_public")),
    Sentence("说明十 培训费", r"(?:开支)?培训费(?:预算支出|支出|预算)?为?", "training", rule="X14", kinds=("预算",), sections=("general", "three_public")),
    Sentence("说明十 会议费", r"开支会议费", "econ:meeting", rule="X14", kinds=("决算",), relation="ge", sections=("general", "three_public")),
    Sentence("说明十 培训费", r"开支培训费", "econ:training", rule="X14", kinds=("决算",), relation="ge", sections=("general", "three_public")),
)

# 三公 items: the words naming the item; the side (预算/决算) is read from the words that follow
_TP_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("total", "三公经费", r"三公[”\"]?经费"),
    ("vehicle", "公务用车购置及运行维护费", r"公务用车购置(?:费)?(?:及|和)运行(?:维护)?费"),
    ("vehicle_purchase", "公务用车购置费", r"(?<!及)公务用车购置(?!费?(?:及|和))(?:费)?"),
    ("vehicle_running", "公务用车运行维护费", r"(?<!及)公务用车运行(?:维护)?(?:费)?"),
    ("abroad", "因公出国（境）费", r"因公出国（境）(?:费用|费|经费)?"),
    ("reception", "公务接待费", r"(?<!国内)公务接待(?:费)?"),
)
_TP_FILL = r"(?P<f>(?:财政拨款|支出|年初|预算|决算|数|为|：)*)"
_TP_TAIL = (r"(?P<a>" + NUM[1:-1] + r")万元(?:，(?:支出)?决算(?:数)?为?(?P<b>" + NUM[1:-1] + r")万元)?"
            r"(?:，(?:(?:主要是|主要用于)[^，。；]*，)?完成(?:年初)?预算的(?P<c>" + NUM[1:-1] + r")%)?"
            r"(?:，占(?:[^，。；%\d]{0,12}的)?(?P<p>" + NUM[1:-1] + r")%)?")

# 增减 sentences: direction word, Δ 万元, rate word, rate %
_RATE = re.compile(r"(?P<w>减增加|增减少|增加减少|减少增加|增加|减少)(?P<d>" + NUM[1:-1] + r")万元[，,]?"
                   r"(?P<pw>增长|下降|降低|减少)(?P<p>" + NUM[1:-1] + r")%")
_BAD_WORD = re.compile(r"减增加|增减少|增加减少|减少增加")
_AMOUNT = re.compile(NUM + r"万元")

# per-项 items: 类/款/项 labels (with optional printed codes), then the figures of the item
_NAME = r"[^\d\s.．、。；，：:“”\"（）]{1,40}"  # bounded: names are < 40 characters; an unbounded run backtracks quadratically
_ITEM = re.compile(r"(?:(?P<lei>" + _NAME + r")（(?P<lc>\d{3})?类）)?(?P<kuan>" + _NAME + r")（(?P<kc>\d{2})?款）"
                   r"(?P<xiang>" + _NAME + r")（(?P<xc>\d{2})?项）")
def bracketed(rx: re.Pattern[str], close: re.Pattern[str], span: int, text: str,
              head: re.Pattern[str] | None = None) -> list[re.Match]:
    """``list(rx.finditer(text))`` for a pattern of names in brackets, without trying it at every offset.

    ``rx`` (or, with ``head``, its prefix ``head``: every match of ``rx`` at an offset starts with a
    match of ``head`` there) ends at the end of the first match of ``close`` that starts at or after
    its start, and spans at most ``span`` characters; ``close`` cannot overlap itself. So a match
    starting before a ``close`` ends with it, and only the ``span`` characters before each ``close``
    are searched (with the search ending there), in order: the same matches as ``finditer``.

    >>> rx = re.compile(r"[^（）]{1,5}（项）")
    >>> [m.group(0) for m in bracketed(rx, re.compile("（项）"), 8, "甲乙（项）丙（款）丁戊己庚辛壬（项）")]
    ['甲乙（项）', '戊己庚辛壬（项）']
    """
    out: list[re.Match] = []
    pos, h = 0, head or rx
    while (c := close.search(text, pos)) is not None:
        lo = max(pos, c.end() - span)
        while (m := h.search(text, lo, c.end())) is not None and head is not None:
            full = rx.match(text, m.start())
            if full is not None:
                m = full
                break
            lo = m.start() + 1
        if m is None:
            pos = c.start() + 1
            continue
        out.append(m)
        pos = m.end()
    return out


#: every ``_ITEM`` ends at the first 项） after its start: three names of at most 40 characters, each
#: with its bracket (（, a code of up to 3 digits, 类/款/项, ）)
_ITEM_CLOSE, _ITEM_SPAN = re.compile("项）"), 3 * (40 + 6)
#: ``_CLASS`` starts with a name and （类）: at most 43 characters
_CLASS_HEAD, _CLASS_CLOSE = re.compile(_NAME + "（类）"), re.compile("（类）")
_CLASS = re.compile(r"(?P<lei>" + _NAME + r")（类）”?(?:支出)?(?P<a>" + NUM[1:-1]
                    + r")(?:万元(?:，占(?P<p>" + NUM[1:-1] + r")%)?|，占(?P<p2>" + NUM[1:-1] + r")%)")
_ITEM_FIGURES: tuple[tuple[str, str], ...] = (
    ("lead", r"^”?(?:。)?(?:支出)?(?P<v>" + NUM[1:-1] + r")万元"),
    ("budget", r"年初预算(?:数)?为(?P<v>" + NUM[1:-1] + r")(?:万元|元)?"),
    ("actual", r"支出决算(?:数)?为?(?P<v>" + NUM[1:-1] + r")万元"),
    ("planned", r"\d{4}年预算安排(?P<v>" + NUM[1:-1] + r")万元"),
    ("prior", r"预算执行数为(?P<v>" + NUM[1:-1] + r")万元"),
    ("completion", r"完成年初预算的(?P<v>" + NUM[1:-1] + r")%"),
    ("rate", r"比\d{4}年(?:度)?预算执行数(?P<w>增加|减少)(?P<v>" + NUM[1:-1] + r")%"),
)

_VEHICLES = re.compile(r"(?P<verb>共有|安排购置)车辆(?P<n>\d+)辆[，,]?其中[：:，,]?(?P<rest>[^；。]*)")
_FLEET = re.compile(r"公务用车保有量为(?P<n>\d+)辆")
_PROC = re.compile(r"政府采购(?:支出总额|预算总金额|预算|金额)(?:（以合同签订为准）)?为?(?P<t>" + NUM[1:-1] + r")万元"
                   r"[。，；]?其中[：:]?(?P<rest>.{0,120})")
_PROC_PART = re.compile(r"(?P<k>货物|工程|服务)(?:采购)?(?:支出|预算|金额)?(?P<v>" + NUM[1:-1] + r")万元")
_SME = re.compile(r"(?:授予中小企业合同金额|面向中小企业预留政府采购项目预算金额)(?P<v>" + NUM[1:-1] + r")万元"
                  r"(?:，占政府采购支出总额的(?P<p>" + NUM[1:-1] + r")%)?")
_MICRO = re.compile(r"(?:授予小微企业合同金额|面向小微企业预留政府采购项目预算金额|预留给小型和微型企业的政府采购项目预算为)"
                    r"(?P<v>" + NUM[1:-1] + r")万元(?:，占授予中小企业合同金额的(?P<p>" + NUM[1:-1] + r")%)?")
_ZERO_DONE = re.compile(r"(?:支出)?预算为?(?P<b>" + NUM[1:-1] + r")万元，支出决算为?(?P<a>" + NUM[1:-1]
                        + r")万元，完成(?:年初)?预算的(?P<c>" + NUM[1:-1] + r")%")
_YEAR_CMP = re.compile(r"(?:比|与)(?P<y>\d{4})年度?(?:预算|决算)(?:执行数)?(?:数)?(?:增加|减少|持平|相比)")


def _d(s: str) -> Decimal:
    return Decimal(s)


_PART_HEAD = re.compile(r"^第[一二三四五六七八九十]+部分")
_L1_HEAD = re.compile(r"^[一二三四五六七八九十]+、")
_L2_HEAD = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
_MASK = "□"


class Mark(NamedTuple):
    """Where a stretch of the flattened narrative comes from: its first offset, page and line, the
    part of the report (``"说明"``, ``"附件"``, ``"名词解释"``…), the 说明 heading it belongs to (level
    ``一、``) and the nearest heading (level ``（一）`` or the same).

    >>> Mark(0, 21, 479, "说明", "三、支出决算情况说明", "三、支出决算情况说明").place
    '三、支出决算情况说明 第21页第479行'
    """

    pos: int
    page: int | None
    line: int
    part: str
    head: str
    sub: str

    @property
    def place(self) -> str:
        """The section and the printed position, e.g. ``'三、支出决算情况说明 第21页第479行'``."""
        at = (f"第{self.page}页" if self.page else "") + f"第{self.line}行"
        sec = self.head or (self.sub if len(self.sub) <= 24 else "") or ("" if self.part == "说明" else self.part)
        sec = _SPACES.sub("", sec)
        sec = sec if len(sec) <= 30 else sec[:30] + "…"
        if self.part == "附件" and not sec.startswith("附件"):
            sec = f"附件 {sec}".strip()
        return f"{sec} {at}".strip()


def _part_of(heading: str, current: str) -> str:
    h = re.sub(r"\s+", "", heading)
    if re.match(r"^附件\d", h) or (_PART_HEAD.match(h) and "附件" in h):
        return "附件"
    if _PART_HEAD.match(h):
        if "名词解释" in h:
            return "名词解释"
        if "概况" in h:
            return "概况"
        return "表" if re.search("[预决]算表$", h) else "说明"
    return current


_SPACES = re.compile(r"\s+")
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
_ANNEX_NO = re.compile(r"^附件\d")


def narrative_index(rep: PublishedReport) -> tuple[str, list[Mark]]:
    """:func:`index_narrative` of ``rep.narrative``, computed once per report (the report is frozen; the
    index is dropped with it). The list of marks is the caller's own."""
    got = memo(rep).get("narrative_index")
    if got is None:
        text, marks = index_narrative(rep.narrative)
        got = memo(rep)["narrative_index"] = (text, tuple(marks))
    return got[0], list(got[1])


def index_narrative(sections) -> tuple[str, list[Mark]]:
    r"""The narrative flattened (see :func:`flatten`) and, for each printed line, the :class:`Mark`
    saying where its text starts in the flattened string.

    >>> from govbudget.reader._model import Section
    >>> text, marks = index_narrative([Section(heading="三、支出决算情况说明", text="基本支出\n7 万元", page=2,
    ...     line=10, lines=(11, 12), pages=(2, 2))])
    >>> text, [(m.pos, m.line, m.head) for m in marks]
    ('三、支出决算情况说明基本支出7万元', [(0, 10, '三、支出决算情况说明'), (10, 11, '三、支出决算情况说明'), (14, 12, '三、支出决算情况说明')])
    """
    chunks: list[str] = []
    starts: list[tuple[int, int | None, int, str, str, str]] = []
    pos = 0
    part, head, sub = "说明", "", ""
    for sec in sections:
        h = sec.heading.strip()
        if h:
            part = _part_of(h, part)
            flat_h = _SPACES.sub("", h)
            if _PART_HEAD.match(flat_h) or _ANNEX_NO.match(flat_h):
                head = sub = ""
            elif _L1_HEAD.match(flat_h):
                head = sub = h
            elif _L2_HEAD.match(flat_h):
                sub = h
        body = sec.text.split("\n") if sec.text else []
        pages = list(sec.pages) + [sec.page] * (len(body) - len(sec.pages))
        nos = list(sec.lines) + [sec.line] * (len(body) - len(sec.lines))
        items = ([(h, sec.page, sec.line)] if h else []) + list(zip(body, pages, nos, strict=False))
        for raw, page, no in items:
            flat = _SPACES.sub("", raw)
            starts.append((pos, page, no, part, head, sub))
            chunks.append(flat)
            pos += len(flat)
    joined = "".join(chunks)
    # thousands separators (possibly across a line break) and full-width parentheses, keeping offsets in step
    cuts = [m.start() for m in _THOUSANDS.finditer(joined)]
    if cuts:
        import bisect

        joined = _THOUSANDS.sub("", joined)
        starts = [(p - bisect.bisect_left(cuts, p), *rest) for p, *rest in starts]
    marks = [Mark(*m) for m in starts]
    return joined.replace("(", "（").replace(")", "）"), marks


def _row_name(c: Cell | None) -> str:
    """The name of a total row in a message: its label as printed (normalised), 合计 when unknown."""
    return norm(c.row_label) if c is not None and norm(c.row_label) else "合计"


def _mark_at(marks: list, pos: int) -> Mark | None:
    import bisect

    i = bisect.bisect_right(marks, pos, key=lambda m: m.pos) - 1
    return marks[i] if i >= 0 else None


@attrs.define
class _Ctx:
    rep: Any
    kf: dict
    text: str
    out: list
    strict: bool
    marks: list = attrs.field(factory=list)
    annex: str = ""
    last_cell: Any = None
    claimed: set = attrs.field(factory=set)
    terms: Terms = attrs.field(factory=default_terms)
    #: what is derived once per table for this report's checks (its codes' amounts, names read in part)
    cache: dict = attrs.field(factory=dict)

    def names(self, key: str) -> tuple[str, ...]:
        """The term ``narrative.<key>`` (the labels, columns or codes a figure is read from)."""
        return self.terms.names("narrative", key)

    def labels(self, key: str) -> frozenset[str]:
        """The term ``narrative.<key>`` as normalised labels."""
        return frozenset(norm(n) for n in self.terms.names("narrative", key))

    def role_table(self, role: str) -> PublishedTable | None:
        """The first table of the role ``tables.<role>`` the report prints."""
        if ("role", role) not in self.cache:
            self.cache["role", role] = self.terms.table(self.rep, role)
        return self.cache["role", role]

    def role_tables(self, key: str) -> list[PublishedTable]:
        """The tables of the roles listed by ``narrative.<key>``, in order, that the report prints.

        The later roles stand in for the first when the report does not print it; not when the report
        prints a table the reader did not recognise, which may be that very table (a 一般公共预算
        sentence compared with the 支出表 of all funds would be a false 矛盾)."""
        roles = self.names(key)
        found = [t for t in (self.role_table(r) for r in roles) if t is not None]
        if found and not self.is_role(found[0], roles[0]) and self.unrecognised():
            return []
        return found

    def unrecognised(self) -> bool:
        """The report prints a table (with amounts) whose kind the reader could not tell."""
        if "unrecognised" not in self.cache:
            self.cache["unrecognised"] = any(u.reason == "unrecognised table" for u in self.rep.unmapped) or any(
                t.table_id is None and t.cells for t in self.rep.tables)
        return self.cache["unrecognised"]

    def is_role(self, t: PublishedTable | None, role: str) -> bool:
        """``t`` is one of the tables of the role ``tables.<role>``."""
        return t is not None and t.table_id in self.terms.names("tables", role)

    def at(self, pos: int) -> Mark | None:
        """The :class:`Mark` of the printed line that offset ``pos`` of the flattened text is on."""
        return _mark_at(self.marks, pos)

    def topics(self, mark: Mark | None) -> frozenset[str]:
        """The topics of the 说明 section (and sub-section) a line belongs to."""
        if mark is None:
            return frozenset()
        return heading_topics(mark.head) | heading_topics(mark.sub)

    def fits(self, pos: int, sections: tuple[str, ...]) -> bool:
        """A sentence form of ``sections`` may be read at ``pos``: the section's topics include one of
        them, or the section has no known topic."""
        got = self.topics(self.at(pos))
        return not sections or not got or bool(got & set(sections))

    def label(self, pos: int, name: str, sections: tuple[str, ...] = ()) -> str:
        """``name`` (``'说明三 基本支出'`` or ``'基本支出'``) renamed after the section it was found in:
        ``'说明三 基本支出'`` under 三、…, ``'说明一 基本支出'`` under Jiangsu's 一、收支预算总表情况说明,
        ``'说明 基本支出'`` under a heading of no known topic."""
        what = re.sub(r"^说明[一二三四五六七八九十]+(?:\([一二三四五六七八九十]+\))? ", "", name)
        mark = self.at(pos)
        got = self.topics(mark)
        num = re.match(r"^([一二三四五六七八九十]+)、", mark.head) if mark is not None else None
        if num and got and (not sections or got & set(sections)):
            return f"说明{num.group(1)} {what}"
        return f"说明 {what}"

    def place(self, pos: int) -> str:
        """``'三、支出决算情况说明 第21页第479行'`` for offset ``pos`` (``''`` when unknown)."""
        m = self.at(pos)
        return m.place if m is not None else ""

    # ------------------------------------------------------------------ figures
    def wan(self, cell: Cell | None, table: PublishedTable | None) -> Decimal | None:
        """A cell's value in 万元 (元 tables converted, rounded half-up to 0.01 as published)."""
        self.last_cell = cell
        if cell is None or not cell.certain:
            return None  # a figure whose column is a guess (or unreadable, or an assumed blank) is no reference
        v = cell.value if cell.value is not None else Decimal(0)
        if table is not None and table.amount_unit == "元":
            return round_half_up(v / 10000, 2)
        return v

    def fig(self, key: str) -> tuple[Decimal | None, str]:
        """(value in 万元, place) of a named table figure; value ``None`` when the report has none.

        The place names the printed position of the cell (``公开03表 合计 基本支出（第120行）``); each
        figure is looked up once per report."""
        if ("fig", key) not in self.cache:
            self.cache["fig", key] = self._placed_fig(key)
        return self.cache["fig", key]

    def _placed_fig(self, key: str) -> tuple[Decimal | None, str]:
        self.last_cell = None
        v, place = self._fig(key)
        c = self.last_cell
        if not place or c is None:
            return v, place
        t = self.rep.table(c.table_id) if c.table_id else None
        at = _at(place, c)
        if t is not None and t.amount_unit == "元" and c.value is not None:
            at = f"{at}（表中印为 {c.value:,} 元）"  # described in 元, as printed
        return v, at

    def _tables(self) -> dict[str, PublishedTable | None]:
        roles = (("summ", "summary"), ("fis", "fiscal"), ("exp", "expenditure"), ("inc", "income"),
                 ("gbe", "general_budget"), ("basic", "basic"), ("tp", "three_public"))
        return {k: self.role_table(role) for k, role in roles}

    @staticmethod
    def _first(t, labels, column=None):
        """The first cell of ``t`` whose row is one of ``labels`` and that prints a value."""
        if t is None:
            return None
        for lab in labels:
            c = t.get(lab, column)
            if c is not None and (c.value is not None or column is not None):
                return c
        return None

    @staticmethod
    def _cell(t, rows, columns=(None,)):
        """The first cell of ``t`` in one of ``rows`` × ``columns`` (``None`` when there is none)."""
        if t is None:
            return None
        return next((c for r in rows for col in columns if (c := t.get(r, col)) is not None), None)

    def _total_cell(self, t, columns: frozenset[str]):
        """The code-less total-row cell of ``t`` whose column's last level is one of ``columns``."""
        total = self.labels("total")
        return next((x for x in t.cells if norm(x.row_label) in total and not x.row_code
                     and norm(x.column).split("/")[-1] in columns), None)

    def _kfv(self, name: str, tb: dict) -> tuple[Decimal | None, str]:
        """A key figure of the report in 万元, with the printed cell it comes from."""
        v = self.kf[name]
        if v is None:
            return None, ""
        unit = self.kf["units"].get(name)
        src = {"basic": tb["exp"], "project": tb["exp"], "personnel": tb["basic"], "public": tb["basic"]}.get(
            name, tb["summ"])
        if src is not None:  # the printed cell, for its position
            self.last_cell = next((x for x in src.cells if x.value == v and not x.row_code), None)
        if unit == "元":
            v = round_half_up(v / 10000, 2)
        return v, {"basic": "合计 基本支出", "project": "合计 项目支出", "personnel": "人员经费合计",
                   "public": "公用经费合计", "income_total": "本年收入合计",
                   "expenditure_total": "本年支出合计"}.get(name, name)

    def _fig(self, key: str) -> tuple[Decimal | None, str]:
        tb = self._tables()
        for part in (self._fig_totals, self._fig_spending, self._fig_items):
            got = part(key, tb)
            if got is not None:
                return got
        raise KeyError(key)  # pragma: no cover - a typo in SENTENCES

    def _fig_totals(self, key: str, tb: dict) -> tuple[Decimal | None, str] | None:
        """收支总计, 财政拨款收入, the income/expenditure columns and the report's key figures."""
        summ, fis, exp, inc = tb["summ"], tb["fis"], tb["exp"], tb["inc"]
        if key in ("grand_total", "fiscal_grand_total"):
            t = summ if key == "grand_total" else fis
            c = self._first(t, self.names("grand_total"))
            return self.wan(c, t), f"{_tn(t)} {self.names('grand_total')[0]}"
        if key == "fiscal_income":
            c = self._cell(inc, self.names("total"), self.names("fiscal_income_column"))
            if c is not None:
                return self.wan(c, inc), f"{_tn(inc)} {_row_name(c)} 财政拨款收入"
            c = self._first(fis, self.names("fiscal_income_total"))
            return self.wan(c, fis), f"{_tn(fis)} 本年收入合计"
        if key.startswith("income_col:") or key.startswith("exp_col:"):
            t = inc if key.startswith("income_col:") else exp
            names = self.terms.names("narrative_columns", key.split(":", 1)[1])
            if t is None:
                return None, ""
            c = self._total_cell(t, frozenset(norm(n) for n in names))
            return self.wan(c, t), f"{_tn(t)} {_row_name(c)} {names[0]}"
        if key in ("income_total", "expenditure_total", "basic", "project", "personnel", "public"):
            v, p = self._kfv(key, tb)
            src = {"basic": exp, "project": exp, "personnel": tb["basic"], "public": tb["basic"]}.get(key, summ)
            return v, f"{_tn(src)} {p}"
        return None

    def _fig_spending(self, key: str, tb: dict) -> tuple[Decimal | None, str] | None:
        """一般公共预算 / 政府性基金 / 国有资本经营 / 财政拨款 spending."""
        gbe, basic_t, fis, total = tb["gbe"], tb["basic"], tb["fis"], self.names("total")
        if key == "gbe_total":
            c = self._cell(gbe, total)
            if c is not None and self.gbe_reliable():
                return self.wan(c, gbe), f"{_tn(gbe)} {_row_name(c)}"
            r = self.fiscal_c3()
            if r is not None:
                return r
            return (self.wan(c, gbe), f"{_tn(gbe)} {_row_name(c)}") if c is not None else (None, "")
        if key == "gbe_basic":
            c = self._cell(gbe, total, self.names("basic_column"))
            if c is not None and c.value is not None and self.gbe_reliable():
                return self.wan(c, gbe), f"{_tn(gbe)} {_row_name(c)} 基本支出"
            c = self._first(basic_t, total)
            if c is not None:
                return self.wan(c, basic_t), f"{_tn(basic_t)} {_row_name(c)}"
            return self._kfv("basic", tb)[0], f"{_tn(tb['exp'])} 合计 基本支出"
        if key == "fund_income":
            t = self.role_table("gov_fund")
            c = self._total_cell(t, self.labels("fund_income_column")) if t is not None else None
            return self.wan(c, t), f"{_tn(t)} {_row_name(c)} 本年收入"
        if key in ("fund_total", "capital_total"):
            t = self.role_table("gov_fund" if key == "fund_total" else "state_capital")
            if t is None:
                return None, ""
            c = self._cell(t, total)
            return (self.wan(c, t) if c is not None else Decimal(0)), f"{_tn(t)} {_row_name(c)}"
        if key == "fiscal_spent":
            if fis is None:
                return None, ""
            rows, words, cols = (self.labels("fiscal_spent_rows"), self.names("fiscal_spent_column_word"),
                                 self.names("fiscal_spent_columns"))
            c = next((x for x in fis.cells if norm(x.row_label) in rows
                      and (any(w in x.column for w in words) or x.column in cols)), None)
            return self.wan(c, fis), f"{_tn(fis)} 本年支出合计"
        return None

    def _fig_items(self, key: str, tb: dict) -> tuple[Decimal | None, str] | None:
        """机关运行经费, 会议费/培训费, an economic code, a 三公 item."""
        tp, basic_t = tb["tp"], tb["basic"]
        if key == "operating_costs":
            words, rows = self.names("operating_column"), {"", *self.labels("total")}
            for t in (tp, self.role_table("operating_costs")):
                if t is None:
                    continue
                c = next((x for x in t.cells if any(w in x.column for w in words) and not x.row_code
                          and norm(x.row_label) in rows), None)
                if c is not None:
                    return self.wan(c, t), f"{_tn(t)} {words[0]}"
            return None, ""
        if key in ("meeting", "training"):
            words = self.names(f"{key}_column")
            if tp is None:
                return None, ""
            c = next((x for x in tp.cells if norm(x.column).split("/")[-1] in {norm(w) for w in words}
                      and not x.row_code), None)
            return self.wan(c, tp), f"{_tn(tp)} {words[0]}"
        if key.startswith("econ:"):
            code = self.terms.get("narrative", "economic_codes")[key.split(":", 1)[1]]
            c = basic_t.get(code) if basic_t is not None else None
            return self.wan(c, basic_t), f"{_tn(basic_t)} {code}"
        if key.startswith("tp:"):
            return self._fig_three_public(key, tp)
        return None

    def _fig_three_public(self, key: str, tp: PublishedTable | None) -> tuple[Decimal | None, str]:
        _, side, item = key.split(":")
        self.last_cell = three_public_cells(tp, self.rep.kind)[side].get(item)
        v = self.kf["three_public"][side][item]
        if v is None:
            if tp is None or not any(_tp_has(col, item) for col in tp.columns):
                return None, ""
            v = Decimal(0)  # printed blank in the 三公 table: 0
        if self.kf["units"].get("three_public") == "元":
            v = round_half_up(v / 10000, 2)
        return v, f"{_tn(tp)} {'预算数' if side == 'budget' else '决算数'} {_TP_NAMES[item]}"

    def fiscal_c3(self, label: str | None = None) -> tuple[Decimal | None, str] | None:
        """公开04 一般公共预算 column: 本年支出合计 (``label=None``) or the 类 row named ``label``."""

        fis = self.role_table("fiscal")
        if fis is None:
            return None
        s = _sides(fis)
        if label is None:
            c = _fund_cols(s.r(*self.names("fiscal_spending_total")))["c3"]
            return (self.wan(c, fis), f"{_tn(fis)} 本年支出合计 一般公共预算财政拨款") if c is not None else None
        for lab, cols in s.classes():
            if _same_class(label, norm(lab)):
                c = _fund_cols(cols)["c3"]
                return self.wan(c, fis), f"{_tn(fis)} {lab} 一般公共预算财政拨款"
        return None

    def gbe_reliable(self) -> bool:
        """False when 公开05's 合计 contradicts 公开04's 一般公共预算 column (X06): the table is then
        not a reference for the 说明 (文旅 2025 prints its amounts against the wrong codes)."""
        if "gbe_reliable" not in self.cache:
            self.cache["gbe_reliable"] = self._gbe_reliable()
        return self.cache["gbe_reliable"]

    def _gbe_reliable(self) -> bool:
        gbe = self.role_table("general_budget")
        if gbe is None or self.rep.kind != "决算":
            return True
        c = self._cell(gbe, self.names("total"))
        r = self.fiscal_c3()
        if c is None or r is None:
            return True
        v = self.wan(c, gbe)
        return v is not None and r[0] is not None and v == r[0]  # unknown (a guessed column): not relied on

    # ------------------------------------------------------------------ emit
    def located(self, f, pa: str, at: int | None, loc: str | None = None):
        """``f`` with the place ``pa`` followed by the section and line of offset ``at`` (or ``loc``)."""
        if f is None:
            return f
        where = loc or (self.place(at) if at is not None else "")
        if not where or pa not in f.places:  # nothing to add: the finding as it is
            return f
        return attrs.evolve(f, places=tuple(f"{p}（{where}）" if p == pa else p for p in f.places))

    def eq(self, printed: Decimal, key_or_value, *, rule: str, pa: str, pb: str | None = None,
           relation: str = "eq", at: int | None = None, loc: str | None = None) -> None:

        if isinstance(key_or_value, str):
            val, place = self.fig(key_or_value)
        else:
            val, place = key_or_value, pb or ""
        if val is None:
            return
        if relation == "ge":
            f = _le(val, printed, rule=rule, pa=place, pb=pa, strict=False)
        else:
            f = _eq(printed, val, rule=rule, pa=pa, pb=place)
        self.out.append(self.located(f, pa, at, loc))

    def pct(self, printed: Decimal, num, den, *, rule: str, pa: str, pb: str, at: int | None = None) -> None:

        if num is None or den is None:
            return
        if den == 0:
            if num == 0 and printed in (0, 100):
                self.out.append(self.located(_hint(
                    "S04", pa, f"{pa}：印为 {printed}%，分子分母均为 0，该比例没有意义（0/0）。"), pa, at))
            return
        f = _pct(printed, num, den, rule=rule, pa=pa, pb=pb)
        if f is not None:
            self.out.append(self.located(f, pa, at))


_TP_NAMES = {k: name for k, name, _ in _TP_ITEMS}


def _tp_where(item: str, side: str, kind: str) -> str:
    """The place of a 说明 三公 figure: ``'说明 三公 公务接待费预算'``, ``'说明七(一) 三公预算'`` (a 决算's
    三公 budget total), ``'说明 三公决算'``.

    >>> _tp_where("reception", "budget", "决算"), _tp_where("total", "budget", "决算"), _tp_where("total", "actual", "预算")
    ('说明 三公 公务接待费预算', '说明七(一) 三公预算', '说明 三公决算')
    """
    label = "预算" if side == "budget" else "决算"
    if item == "total" and side == "budget":
        return "说明七(一) 三公预算" if kind == "决算" else "三公预算"
    return f"说明 三公 {_TP_NAMES[item]}{label}" if item != "total" else f"说明 三公{label}"


def _tp_has(column: str, item: str) -> bool:
    from ..reader._figures import classify_three_public

    got = classify_three_public(column)
    return got == item or (item == "total" and got == "grand")


def _hint(rule: str, where: str, message: str, places: tuple[str, ...] = ()):
    """A soft hint: verdict ``label``, an ``S…`` rule id, ``hint=True`` (severity info)."""
    return attrs.evolve(_label(rule, where, "提示：" + message, places), hint=True)


_STOPS = "，。；：！？□,;:"


def _quote(text: str, pos: int, n: int = 34, back: int = 24) -> str:
    """The words around offset ``pos`` as a quotation that starts at a clause boundary (or at ``pos``,
    which is where a matched form begins — never in the middle of a word) and ends at the clause's
    end or after ``n`` characters, marked ``…`` only where it was cut.

    >>> _quote("二、支出情况。政府性基金拨款支出增加减少5万元，下降1%。", 16)
    '“政府性基金拨款支出增加减少5万元，下降1%。”'
    >>> _quote("一二三四五六七八九十" * 5 + "减少增加5万元", 50, n=6)
    '“减少增加5万…”'
    """
    window = text[max(0, pos - back):pos]
    cut = max(window.rfind(c) for c in _STOPS)
    start = pos - len(window) + cut + 1 if cut >= 0 else pos
    if cut < 0 and pos - len(window) == 0:
        start = 0
    end = len(text)
    for k in range(pos, min(len(text), start + n)):
        if text[k] in "。；□":
            end = k + (text[k] != "□")
            break
    else:
        end = min(len(text), start + n)
    body = text[start:end]
    return f"“{body}{'…' if end < len(text) and text[end - 1] not in '。；' else ''}”"


# ---------------------------------------------------------------------------------------------- engines


@functools.cache
def _sentence_patterns() -> tuple[re.Pattern[str], ...]:
    """One pattern per entry of SENTENCES (the change-word guard is _guarded's), compiled once."""
    share_tail = r"(?:，(?:比[^，。；]{0,20}，)?占(?:[^，。；%\d]{0,12}的)?(?P<p>" + NUM[1:-1] + r")%)?"
    return tuple(re.compile("(?:" + s.words + r")(?P<a>" + NUM[1:-1] + r")万元" + share_tail) for s in SENTENCES)


@functools.cache
def _three_public_patterns() -> tuple[re.Pattern[str], ...]:
    """One pattern per 三公 item of _TP_ITEMS (the change-word guard is _guarded's), compiled once."""
    return tuple(re.compile(words + _TP_FILL + _TP_TAIL) for _, _, words in _TP_ITEMS)


def _sentences(cx: _Ctx) -> None:
    kind = cx.rep.kind or "决算"
    for s, rx in zip(SENTENCES, _sentence_patterns(), strict=True):
        if kind not in s.kinds:
            continue
        for m in _guarded(rx, cx.text):
            pos = m.start("a")
            if pos in cx.claimed or not cx.fits(pos, s.sections):
                continue
            cx.claimed.add(pos)
            a = _d(m.group("a"))
            name = cx.label(pos, s.place, s.sections)
            where = f"{name}（{_quote(cx.text, m.start(), 24, back=0)}）" if s.target not in (
                "basic", "personnel", "public") else name
            cx.eq(a, s.target, rule=s.rule, pa=where, relation=s.relation, at=pos)
            if s.target == "operating_costs":
                _operating(cx, a, where)
            if m.group("p") and s.share_of:
                num, _ = cx.fig(s.target)
                den, dp = cx.fig(s.share_of)
                cx.pct(_d(m.group("p")), num, den, rule=s.rule, pa=f"{name}占比",
                       pb=f"{name} / {dp}×100", at=m.start("p"))


def _operating(cx: _Ctx, printed: Decimal, where: str) -> None:
    """X13: 机关运行经费 ≤ 公用经费 (= for an all-行政/参公 report), under the current definition only."""
    from ..ledger import UnitKind
    from ..reconcile import Finding

    notes = flatten("\n".join(n for t in cx.rep.tables for n in t.notes))
    defined = any(d in cx.text or d in notes for d in cx.names("operating_definition"))
    pub, place = cx.fig("public")
    if pub is None:
        return
    if not defined:
        cx.out.append(Finding(
            rule="X13", verdict="not_assessable", where=where, expected=None, found=printed, places=(where, place),
            message=(f"{where}：报告未采用“基本支出中的日常公用经费”这一机关运行经费定义（其口径可含项目支出），"
                     f"无法与{place}比较。")))
        return
    if cx.rep.unit_kind in (UnitKind.ADMIN, UnitKind.CIVIL_SERVICE_MANAGED):
        cx.out.append(_eq(printed, pub, rule="X13", pa=where, pb=place))
    else:
        cx.out.append(_le(printed, pub, rule="X13", pa=where, pb=place, strict=False))


def _three_public(cx: _Ctx) -> None:
    kind = cx.rep.kind or "决算"
    for (item, name, _), rx in zip(_TP_ITEMS, _three_public_patterns(), strict=True):
        for m in _guarded(rx, cx.text):
            if m.start("a") in cx.claimed or not cx.fits(m.start("a"), ("three_public", "general")):
                continue
            cx.claimed.add(m.start("a"))
            f = m.group("f")
            side = "budget" if ("预算" in f and "决算" not in f) or (kind == "预算" and "决算" not in f) else "actual"
            a = _d(m.group("a"))
            where = _tp_where(item, side, kind)
            cx.eq(a, f"tp:{side}:{item}", rule="X12", pa=where, at=m.start("a"))
            b = m.group("b")
            if b is not None:
                cx.eq(_d(b), f"tp:actual:{item}", rule="X12", pa=f"说明 三公 {name}决算", at=m.start("b"))
            if m.group("c"):
                # 决算 over the 说明's own 预算 when it prints one (the table's otherwise); the 决算 the
                # sentence prints or the table's, whichever the printed rate agrees with

                bud = a if side == "budget" else cx.fig(f"tp:budget:{item}")[0]
                acts = [(cx.fig(f"tp:actual:{item}")[0], "公开09 决算")]
                if b is not None:
                    acts.append((_d(b), f"说明所列决算 {b}"))
                pa = f"说明 三公 {name}完成预算"
                if bud == 0:
                    cx.pct(_d(m.group("c")), acts[0][0], bud, rule="X12", pa=pa, pb="", at=m.start("c"))
                elif bud is not None:
                    f = _best([_pct(_d(m.group("c")), n, bud, rule="X12", pa=pa, pb=f"{src}/预算 {bud}×100")
                               for n, src in acts])
                    if f is not None:
                        cx.out.append(cx.located(f, pa, m.start("c")))
            if m.group("p"):
                num, _ = cx.fig(f"tp:{side}:{item}")
                den, _ = cx.fig(f"tp:{side}:total")
                cx.pct(_d(m.group("p")), num, den, rule="X12", pa=f"说明 三公 {name}占比",
                       pb=f"三公 {name}/三公合计×100", at=m.start("p"))


def _partial_names(t: PublishedTable, year: int | None = None) -> set[str]:
    """Codes whose name was read from a single-space line and is not a name the year's edition
    knows for the code (it may be a fragment of a wrapped name)."""
    from ..classification import functional
    from ..errors import GovBudgetError

    try:
        ed = functional(year) if year else None
    except (GovBudgetError, TypeError, ValueError):
        ed = None
    spaced = {no for no, raw in t.raw_rows if "\t" not in raw}
    out = set()
    for c, label, line in t.rows:
        if not c or line not in spaced:
            continue
        sub = ed.get(c) if ed is not None else None
        if sub is not None and norm(label) in {norm(n) for n in (sub.name, *sub.aliases)}:
            continue
        out.add(c)
    return out


def _tree(t: PublishedTable | None) -> dict[str, str]:
    return {} if t is None else {c: lab for c, lab, _ in t.rows if c}


def _amounts(t: PublishedTable | None, cx: _Ctx) -> dict[str, Decimal | None]:
    """Each code's amount in 万元 (``None`` when no reference), computed once per table (not to be changed)."""
    if t is None:
        return {}
    if ("amounts", id(t)) not in cx.cache:
        cx.cache["amounts", id(t)] = _code_amounts(t, cx)
    return cx.cache["amounts", id(t)]


def _code_amounts(t: PublishedTable, cx: _Ctx) -> dict[str, Decimal | None]:
    out: dict[str, Decimal | None] = {}
    funds = any(cx.is_role(t, role) for role in cx.names("fund_tables"))
    for code in t.codes():
        c = t.get(code)
        if funds:
            c = next((x for x in t.row_cells(code) if _fund_column(x.column) == "spent"), None)
        elif c is not None and not c.column and len(t.row_cells(code)) > 1:
            c = None  # several figures and no column header to say which is the total: no reference
        out[code] = cx.wan(c, t) if c is not None else None
    return out


def _find_code(tree: dict, amounts: dict, lei: str, kuan: str, xiang: str, codes: str | None,
               amount: Decimal | None) -> str | None:
    if codes and codes in tree:
        return codes
    seven = [c for c in tree if len(c) == 7]
    # a name cut short in a single-space layer (“一般行政管理事”) is a candidate too
    cand = [c for c in seven if norm(tree[c]) == norm(xiang) or (
        len(norm(tree[c])) >= 4 and norm(xiang).startswith(norm(tree[c])))]
    exact = [c for c in cand if norm(tree[c]) == norm(xiang)]
    if len(exact) == 1:
        cand = exact
    if len(cand) > 1:
        cand = [c for c in cand if norm(tree.get(c[:5])) == norm(kuan)] or cand
    if len(cand) > 1 and lei:
        cand = [c for c in cand if _same_class(lei, tree.get(c[:3], ""))] or cand
    if len(cand) > 1 and amount is not None:
        cand = [c for c in cand if amounts.get(c) == amount] or cand
    if cand:
        return cand[0]
    # 项 name not in the tree: the 款 by name, then the child with this amount (or the nearest)
    kuans = [c for c in tree if len(c) == 5 and norm(tree[c]) == norm(kuan)]
    kids = [c for c in seven if c[:5] in kuans]
    if not kids and lei:
        kids = [c for c in seven if _same_class(lei, tree.get(c[:3], ""))]
    kids = [c for c in kids if amounts.get(c) is not None]
    if not kids or amount is None:
        return None
    best = min(kids, key=lambda c: abs(amounts[c] - amount))  # type: ignore[operator]
    if abs(amounts[best] - amount) > max(Decimal("0.05"), amount / 100):  # type: ignore[operator]
        return None
    return best


def _class_word_off(name: str) -> str:
    """A (normalised) 类 name without the word every functional 类 name ends with (一般公共服务支出 →
    一般公共服务): the classification's naming, not a template's."""
    return name.removesuffix("支出")


def _same_class(printed: str, official: str) -> bool:
    p, o = norm(printed), norm(official)
    return bool(p) and (p in o or o in p or _class_word_off(p) == _class_word_off(o))


def _fund_heading(cx: _Ctx, heading: str) -> bool:
    """The heading is the 政府性基金 section's (its items are looked up in the fund table first)."""
    return any(w in heading for w in cx.names("fund_heading"))


def _item_tables(cx: _Ctx, heading: str) -> list[PublishedTable]:
    order = [*(cx.role_tables("fund_item_tables") if _fund_heading(cx, heading) else ()),
             *cx.role_tables("item_tables")]
    return [t for t in order if t.codes()]


_ITEM_HEADS = re.compile(r"(?:政府性基金预算(?:财政拨款)?收入支出决算情况说明|一般公共预算财政拨款支出决算情况说明|"
                         r"财政拨款支出主要内容|财政拨款支出预算表情况说明|具体情况)")


def _item_figures(text: str, m: re.Match, end: int) -> dict[str, Any]:
    """The figures printed after an item's labels, up to the next item or enumerated clause."""
    nxt = re.search(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）", text[m.end():end])
    seg = text[m.end(): m.end() + nxt.start()] if nxt else text[m.end():end]
    figs: dict[str, Any] = {}
    for name, rx in _ITEM_FIGURES:
        f = re.search(rx, seg)
        if f:
            figs[name] = (f, _d(f.group("v")))
    return figs


def _item_code(cx: _Ctx, m: re.Match, lei: str, heading: str, amount: Decimal | None):
    """The code (and the table) an item's labels stand for, or ``(None, None)``."""
    code = t = None
    for t in _item_tables(cx, heading):
        codes = None
        if m.group("lc") and m.group("kc") and m.group("xc"):
            codes = m.group("lc") + m.group("kc") + m.group("xc")
        code = _find_code(_tree(t), _amounts(t, cx), lei, m.group("kuan"), m.group("xiang"), codes, amount)
        if code is not None:
            break
    return code, t


def _item_labels(cx: _Ctx, m: re.Match, lei: str, code: str, t: PublishedTable, where: str) -> None:
    """X12.label: the 类/款/项 names of an item against the names the table prints for its code."""
    tree = _tree(t)
    if ("partial", id(t)) not in cx.cache:
        cx.cache["partial", id(t)] = _partial_names(t, cx.rep.year)
    unsure = cx.cache["partial", id(t)]

    def differs(printed: str, c: str) -> bool:
        """The printed name differs from the table's, which is known in full (not empty, not a
        fragment of a name wrapped in a single-space layer)."""
        name = norm(tree.get(c, ""))
        if not name or (c in unsure and name in norm(printed)):
            return False
        return norm(printed) != name

    bad = []
    if lei and tree.get(code[:3]) and not _same_class(lei, tree.get(code[:3], "")) and not (
            code[:3] in unsure and norm(tree[code[:3]]) in norm(lei)):
        bad.append(f"类“{lei}”应为“{tree.get(code[:3])}”")
    if differs(m.group("kuan"), code[:5]):
        bad.append(f"款“{m.group('kuan')}”应为“{tree.get(code[:5])}”")
    if differs(m.group("xiang"), code):
        bad.append(f"项“{m.group('xiang')}”应为“{tree.get(code)}”")
    if bad:
        cx.out.append(cx.located(_label_f("X12.label", where, f"{where}（{code} {tree[code]}）：" + "；".join(bad)
                                          + "。", (where, f"{_tn(t)} {code}")), where, m.start()))


def _item_amounts(cx: _Ctx, m: re.Match, figs: dict, code: str, t: PublishedTable, where: str) -> None:
    """An item's amounts against the table; its completion and change rates against its own figures."""
    val = _amounts(t, cx).get(code)
    if val is None:
        return
    if cx.is_role(t, "general_budget") and not cx.gbe_reliable():
        cx.out.append(cx.located(_unreliable(where, f"{_tn(t)} {code}", t), where, m.start()))
        return
    seen: set[Decimal] = set()
    for name, label in (("lead", "金额"), ("actual", "支出决算"), ("planned", "预算安排")):
        if name in figs and figs[name][1] not in seen:
            seen.add(figs[name][1])
            cx.eq(figs[name][1], val, rule="X12", pa=f"{where} {label}", pb=_at(f"{_tn(t)} {code}", t.get(code)),
                  at=m.end() + figs[name][0].start("v"))
    # rates are recomputed from the amounts the sentence prints (a printed amount that differs
    # from the table is reported above); the table's figure when the sentence prints none
    if "completion" in figs and "budget" in figs:
        b0 = figs["budget"][1]
        pa = f"{where} 完成年初预算"
        tries = [(val, f"{_tn(t)} {code}")] + [(figs[k][1], f"说明所列决算数 {figs[k][1]}")
                                               for k in ("lead", "actual") if k in figs]
        f = _best([_pct(figs["completion"][1], n, b0, rule="X12", pa=pa, pb=f"{src}/年初预算 {b0}×100")
                   for n, src in tries] if b0 else [])
        if f is not None:
            cx.out.append(cx.located(f, pa, m.end() + figs["completion"][0].start("v")))
    if "rate" in figs and "prior" in figs:
        w = figs["rate"][0].group("w")
        tries = [(val, f"{_tn(t)} {code}")] + [(figs[k][1], f"说明所列预算安排 {figs[k][1]}")
                                               for k in ("planned", "lead") if k in figs]
        _rate(cx, tries, figs["prior"][1], w, figs["rate"][1], where=f"{where} 比上年预算执行数",
              at=m.end() + figs["rate"][0].start("v"))


def _items(cx: _Ctx) -> None:
    """Per-项 sentences (说明五(三), 财政拨款支出主要内容, 说明八): labels vs the code tree, amounts,
    completion rates and 年初预算 sums (X18)."""
    text = cx.text
    heads = [(m.start(), m.group(0)) for m in _ITEM_HEADS.finditer(text)]
    matches = bracketed(_ITEM, _ITEM_CLOSE, _ITEM_SPAN, text)
    last_class = ""
    class_at = [(m.start(), m.group(1)) for m in re.finditer(r"（[一二三四五六七八九十]+）(" + _NAME + r")（类）", text)]
    groups: dict[int, list] = {}
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else min(len(text), m.end() + 400)
        figs = _item_figures(text, m, end)
        heading = next((h for pos, h in reversed(heads) if pos < m.start() and h != "具体情况"), "")
        lei = m.group("lei") or next((c for pos, c in reversed(class_at) if pos < m.start()), last_class)
        last_class = lei
        amount = next((figs[k2][1] for k2 in ("lead", "actual", "planned") if k2 in figs), None)
        code, t = _item_code(cx, m, lei, heading, amount)
        key = _head_index(heads, m.start())
        groups.setdefault(key, []).append((m, figs))
        sec = "说明八" if _fund_heading(cx, heading) else ("说明五(三)" if cx.rep.kind == "决算" else "财政拨款支出")
        where = f"{sec} 第{len(groups[key])}项"
        if code is None or t is None:
            continue
        _item_labels(cx, m, lei, code, t, where)
        _item_amounts(cx, m, figs, code, t, where)
    _items_total(cx, heads, groups)


def _items_total(cx: _Ctx, heads: list, groups: dict) -> None:
    """X18: Σ 年初预算 of the items = the printed total (and the total's own 决算 and completion rate)."""
    tot = re.search(r"财政拨款支出年初预算(?:数)?为(?P<b>" + NUM[1:-1] + r")万元，支出决算(?:数)?为(?P<a>" + NUM[1:-1]
                    + r")万元(?:，完成年初预算的(?P<c>" + NUM[1:-1] + r")%)?", cx.text)
    if not tot:
        return
    b, a = _d(tot.group("b")), _d(tot.group("a"))
    cx.eq(a, "gbe_total", rule="X12", pa="说明五(三) 支出决算", at=tot.start("a"))
    if tot.group("c"):
        cx.pct(_d(tot.group("c")), cx.fig("gbe_total")[0], b, rule="X12", pa="说明五(三) 完成年初预算",
               pb="公开05 合计/年初预算×100", at=tot.start("c"))
    items = [(m, figs) for m, figs in groups.get(_head_index(heads, tot.start()), []) if "budget" in figs]
    if not items:
        return
    f = _sum(b, [figs["budget"][1] for _, figs in items], rule="X18", strict=False,
             where="说明五(三) 年初预算合计", names=[f"说明五(三) 第{k + 1}项" for k in range(len(items))])
    if f.verdict == "contradiction" and f.difference is not None and f.difference > 0:
        # the 说明 lists the 项 with 决算 spending; 项 budgeted but not spent are not listed
        f = attrs.evolve(f, verdict="not_assessable", message=(
            f"说明五(三) 年初预算合计：印刷合计 {b}，所列 {len(items)} 项年初预算之和 {f.expected}，少 {f.difference}；"
            "说明只列有决算支出的项，有年初预算而无支出的项不在其中，差额无法据此判断。"))
    cx.out.append(cx.located(f, "说明五(三) 年初预算合计", tot.start("b")))


def _unreliable(where: str, place: str, t: PublishedTable):
    from ..reconcile import Finding

    return Finding(rule="X12", verdict="not_assessable", where=where, expected=None, found=None,
                   places=(where, place),
                   message=(f"{where}：{_tn(t)} 的合计与财政拨款收入支出决算总表的一般公共预算财政拨款列不一致（X06），"
                            f"该表不能作为核对依据，{place} 无法用于核对本句。"))


def _head_index(heads: list, pos: int) -> int:
    """Index of the last heading before ``pos`` (-1 when none)."""
    return max((i for i, (p, _) in enumerate(heads) if p < pos), default=-1)


def _label_f(rule, where, message, places):
    return _label(rule, where, message, places)


def _classes(cx: _Ctx) -> None:
    """说明五(二) (and budget 类 sentences): 类 amounts and shares vs the 类 rows; 类 names vs the tree."""
    t = next((x for x in cx.role_tables("item_tables") if x.codes()), None)
    if t is None:
        return
    tree = {c: n for c, n in _tree(t).items() if len(c) == 3}
    amounts = _amounts(t, cx)
    found: list[tuple[int, str, Decimal, str | None]] = []
    for m in bracketed(_CLASS, _CLASS_CLOSE, 43, cx.text, head=_CLASS_HEAD):
        if m.start("a") not in cx.claimed:
            found.append((m.start("a"), m.group("lei"), _d(m.group("a")), m.group("p") or m.group("p2")))
    # unmarked names in the 结构 section (“一般公共服务”306.90 万元，占 1.61%)
    sec = re.search(r"主要用于以下方面[：:](?P<body>.*?)(?:（三）|具体情况)", cx.text)
    if sec:
        for m in re.finditer(r"(?:\d+[.．、]?)?[“”]?(?P<lei>[^\d“”（）：:；，。.．、]{2,20}?)(?:（类）)?[”“]?\.?(?:支出)?"
                             r"(?P<a>" + NUM[1:-1] + r")(?:万元)?，占(?P<p>" + NUM[1:-1] + r")%", sec.group("body")):
            pos = sec.start("body") + m.start("a")
            if pos not in cx.claimed and all(pos != f[0] for f in found):
                found.append((pos, m.group("lei"), _d(m.group("a")), m.group("p")))
    den, dp = cx.fig("gbe_total")
    if not cx.is_role(t, "general_budget"):
        den, dp = cx.fig("expenditure_total")
    for pos, lei, a, p in sorted(found):
        cx.claimed.add(pos)
        code = next((c for c, n in tree.items() if _same_class(lei, n)), None)
        where = f"说明 {lei}（类）"
        if code is None:
            near = [c for c in tree if amounts.get(c) == a]
            if len(near) != 1:
                continue
            code = near[0]
            cx.out.append(cx.located(_label_f("X12.label", where, f"{where}：类名“{lei}”应为“{tree[code]}”（{code}，金额 {a}）。",
                                              (where, f"{_tn(t)} {code}")), where, pos))
        val, place = amounts.get(code), _at(f"{_tn(t)} {code}", t.get(code))
        whole = _summary_class(cx, pos, tree[code])
        if whole is not None:  # a 收支总表 section speaks of all money: its 类 row, its 本年支出合计
            (val, place), (den_c, dp_c) = whole, cx.fig("expenditure_total")
            cx.eq(a, val, rule="X12", pa=where, pb=place, at=pos)
            if p:
                cx.pct(_d(p), val, den_c, rule="X12", pa=f"{where} 占比", pb=f"{place}/{dp_c}×100", at=pos)
            continue
        if cx.is_role(t, "general_budget") and not cx.gbe_reliable():
            alt = cx.fiscal_c3(tree[code])
            if alt is None:
                cx.out.append(cx.located(_unreliable(where, place, t), where, pos))
                continue
            val, place = alt
        cx.eq(a, val, rule="X12", pa=where, pb=place, at=pos)
        if p:
            cx.pct(_d(p), val, den, rule="X12", pa=f"{where} 占比", pb=f"{place}/{dp}×100", at=pos)


def _summary_class(cx: _Ctx, pos: int, name: str) -> tuple[Decimal | None, str] | None:
    """For a 类 sentence of a 收支总表 section (说明一: all money, not only 一般公共预算), the 收支总表's
    row of that 类 as (value in 万元, place); ``None`` for a sentence of another section."""
    if "summary" not in cx.topics(cx.at(pos)):
        return None
    summ = cx.role_table("summary")
    if summ is None:
        return None
    for lab, cols in _sides(summ).classes():
        if _same_class(name, _class_word_off(norm(lab))) or _same_class(norm(lab), name):
            c = _main(cols)
            return cx.wan(c, summ), _at(f"{_tn(summ)} {lab}", c)
    return None


_RANK = {"ok": 0, "tail": 1, "not_assessable": 2, "label": 3, "contradiction": 4}


def _best(findings: list):
    """The finding with the best verdict (a rate printed in a sentence whose amount differs from the
    table is right if it agrees with either printed amount: the amount's own difference is reported
    on its own)."""
    got = [f for f in findings if f is not None]
    return min(got, key=lambda f: _RANK.get(f.verdict, 9)) if got else None


def _rate(cx: _Ctx, currents: list[tuple[Decimal, str]], prior: Decimal, word: str, printed: Decimal, *,
          where: str, at: int | None = None) -> None:
    """A printed 增减率 against (current − prior)/prior, ``current`` being the sentence's own amount or
    the table's (``currents``: (value, place) pairs, the best agreement counts); the direction word
    against the sign."""

    if prior == 0:
        if printed == 100 and word.startswith("增"):
            cx.out.append(cx.located(_hint("S04", where, f"{where}：上年数为 0，“增长100%”没有意义（零基数）。"), where, at))
        return
    tries = [(_pct(printed, abs(cur - prior), prior, rule="X12.rate", pa=where, pb=f"|{base} − 上年 {prior}|/上年×100",
                   inputs=(cur, prior), rate=lambda c, p: abs(c - p) * 100 / p), cur, base) for cur, base in currents]
    f = _best([t[0] for t in tries])
    current, base = next(((c, b) for g, c, b in tries if g is f), currents[0])
    delta = current - prior
    up = word in ("增加", "增长")
    if delta != 0 and (delta > 0) != up:
        cx.out.append(cx.located(_label_f("X12.direction", where,
                               f"{where}：印为“{word}{printed}%”，但 {current} 比 {prior} "
                               f"{'增加' if delta > 0 else '减少'}了 {abs(delta)}，方向词不符。", (where, base)), where, at))
    if f is not None:
        cx.out.append(cx.located(f, where, at))


def _rates(cx: _Ctx) -> None:
    """“增加/减少 Δ 万元，增长/下降 P%”: direction words agree; P = Δ/(current ∓ Δ) for the figure the
    sentence (or the sentence before a “与上年相比…” sentence) is about."""
    text = cx.text
    for m in _BAD_WORD.finditer(text):
        where = f"说明 {_quote(text, m.start())}"
        nxt = re.match(r"(" + NUM[1:-1] + r")万元[，,]?(增长|下降|降低)", text[m.end():])
        hint = f"，按“{nxt.group(2)}”应为“{'增加' if nxt.group(2) == '增长' else '减少'}”" if nxt else ""
        cx.out.append(cx.located(_label_f("X12.direction", where, f"{where}：方向词“{m.group(0)}”自相矛盾{hint}。", (where,)),
                                 where, m.start()))
    for m in _RATE.finditer(text):
        w, d, pw, p = m.group("w"), _d(m.group("d")), m.group("pw"), _d(m.group("p"))
        where = f"说明 {_quote(text, m.start())}"
        if w in ("增加", "减少") and (w == "增加") != (pw == "增长"):
            cx.out.append(cx.located(_label_f("X12.direction", where, f"{where}：“{w}”与“{pw}”方向不一致。", (where,)),
                                     where, m.start()))
            continue
        if w not in ("增加", "减少"):
            continue
        start = max(text.rfind("。", 0, m.start()), text.rfind("；", 0, m.start())) + 1
        clause = text[start:m.start()]
        amounts = list(_AMOUNT.finditer(clause))
        if not amounts and re.match(r"[（(]?[一二三四五六七八九十\d]*[)）.．、]?(?:与|比)", clause):
            prev = max(text.rfind("。", 0, start - 1), text.rfind("；", 0, start - 1)) + 1
            amounts = list(_AMOUNT.finditer(text[prev:start]))
        if not amounts:
            continue
        cur = _d(amounts[-1].group(1))
        prior = cur - d if w == "增加" else cur + d
        if prior < 0:
            continue
        if prior == 0:
            if p == 100 and w == "增加":
                cx.out.append(cx.located(_hint("S04", where, f"{where}：上年数为 {cur} − {d} = 0，“增长100%”没有意义（零基数）。"),
                                         where, m.start()))
            continue

        sign = -1 if w == "增加" else 1
        f = _pct(p, d, prior, rule="X12.rate", pa=where, pb=f"{d}/上年 {prior}（{cur} {'−' if w == '增加' else '+'} {d}）×100",
                 inputs=(cur, d), rate=lambda c, dd, s=sign: dd * 100 / (c + s * dd))
        if f is not None and f.verdict == "tail" and places(d) < places(cur):
            f = attrs.evolve(f, message=f.message.rstrip("。") + (
                f"（{COARSE_CHANGE}：增减额 {d} 印 {places(d)} 位小数，基数 {cur} 印 {places(cur)} 位）。"))
        if f is not None:
            cx.out.append(cx.located(f, where, m.start("p")))


_VERSUS = re.compile(r"决算数?(?P<w>大于|小于|等于|超过|低于)(?P<base>年初预算数|预算数|上年数|上年决算数)")
_LAST_BUDGET = re.compile(r"预算(?:数)?为?(?P<v>" + NUM[1:-1] + r")万元")
_LAST_ACTUAL = re.compile(r"决算(?:数)?为?(?P<v>" + NUM[1:-1] + r")万元")
_LAST_CHANGE = re.compile(r"(?:与上年相比|比上年)(?:(?P<w>增加|减少)(?P<d>" + NUM[1:-1] + r")万元|(?P<flat>持平))")


def _versus(cx: _Ctx) -> None:
    """“决算数大于/小于（年初）预算数”, “决算数大于/小于上年数”: the comparison word against the figures
    the same item prints before it (its 预算 and 决算, or its change on the year)."""
    text = cx.text
    prev_end = {"budget": 0, "year": 0}  # each comparison reads the figures printed since the last one of its kind
    for m in _VERSUS.finditer(text):
        kind = "year" if m.group("base") in ("上年数", "上年决算数") else "budget"
        item = text[max(prev_end[kind], m.start() - 400):m.start()]
        prev_end[kind] = m.end()
        word = {"超过": "大于", "低于": "小于"}.get(m.group("w"), m.group("w"))
        where = f"说明 {_quote(text, m.start())}"
        if m.group("base") in ("上年数", "上年决算数"):
            ch = list(_LAST_CHANGE.finditer(item))
            if not ch:
                continue
            c = ch[-1]
            sign = 0 if c.group("flat") or _d(c.group("d")) == 0 else (1 if c.group("w") == "增加" else -1)
            what = "持平" if sign == 0 else f"{c.group('w')} {c.group('d')} 万元"
        else:
            b = list(_LAST_BUDGET.finditer(item))
            a = list(_LAST_ACTUAL.finditer(item))
            if not b or not a:
                continue
            bv, av = _d(b[-1].group("v")), _d(a[-1].group("v"))
            sign = (av > bv) - (av < bv)
            what = f"决算 {av}、预算 {bv}"
        want = {1: "大于", -1: "小于", 0: "等于"}[sign]
        if word != want:
            cx.out.append(cx.located(_label_f(
                "X12.direction", where, f"{where}：印为“决算数{m.group('w')}{m.group('base')}”，所列数字为{what}，"
                f"应为“{want}”。", (where,)), where, m.start()))


_TP_RATE = re.compile(r"(?P<w>减增加|增减少|增加|减少)(?P<d>" + NUM[1:-1] + r")万元[，,](?P<pw>增长|下降|降低)(?P<p>"
                      + NUM[1:-1] + r")%")


def _tp_rates(cx: _Ctx) -> None:
    """三公 year-on-year sentences of a 决算 (“‘三公’经费财政拨款支出决算数比 2024 年度减少 19.66 万元，下降
    86.61%”, “公务用车购置及运行维护费支出决算减少 20.06 万元，下降 88.37%”): the rate Δ/(决算 ∓ Δ), the
    决算 being the 三公 table's for the item the clause names."""

    if cx.rep.kind != "决算":
        return
    text = cx.text
    for m in _TP_RATE.finditer(text):
        if "three_public" not in cx.topics(cx.at(m.start())):
            continue
        start = max(text.rfind(x, 0, m.start()) for x in "。；：") + 1
        clause = text[start:m.start()]
        if _AMOUNT.search(clause):
            continue  # the clause prints its own amount: _rates checks it
        item = None
        for key, _name, words in _TP_ITEMS:
            hit = list(re.finditer(words, clause))
            if hit and (item is None or hit[-1].start() > item[1]):
                item = (key, hit[-1].start())
        if item is None:
            continue
        cur, place = cx.fig(f"tp:actual:{item[0]}")
        if cur is None:
            continue
        d, p = _d(m.group("d")), _d(m.group("p"))
        up = m.group("pw") == "增长"
        prior = cur - d if up else cur + d
        where = f"说明 三公 {_TP_NAMES[item[0]]}比上年"
        if prior <= 0:
            if prior == 0 and p == 100 and up:
                cx.out.append(cx.located(_hint("S04", where, f"{where}：上年数为 0，“增长100%”没有意义（零基数）。"),
                                         where, m.start("p")))
            continue
        sign = -1 if up else 1
        f = _pct(p, d, prior, rule="X12.rate", pa=where, pb=f"{d}/上年 {prior}（{place} {'−' if up else '+'} {d}）×100",
                 inputs=(cur, d), rate=lambda c, dd, s=sign: dd * 100 / (c + s * dd))
        cx.out.append(cx.located(f, where, m.start("p")))


_PERF = (
    # 说明十三: 整体支出 全年预算数, 执行数, 完成率
    re.compile(r"全年预算数(?P<b>" + NUM[1:-1] + r")万元，执行数(?P<a>" + NUM[1:-1] + r")万元，完成预算的(?P<c>"
               + NUM[1:-1] + r")%"),
    # 说明十三: 一般公共预算项目 N 个 X 万元，占一般公共预算支出总额的 P%
    re.compile(r"一般公共预算项目\d+个(?P<x>" + NUM[1:-1] + r")万元，占一般公共预算支出总额的(?P<p>" + NUM[1:-1] + r")%"),
)


def _performance(cx: _Ctx) -> None:
    """说明十三 (绩效): 执行数 = 本年支出合计 and 执行数/全年预算数; 一般公共预算项目 amount over
    the 一般公共预算 spending (公开05 合计)."""
    text = cx.text
    for m in _PERF[0].finditer(text):
        a, b, c = _d(m.group("a")), _d(m.group("b")), _d(m.group("c"))
        cx.eq(a, "expenditure_total", rule="X12", pa="说明 绩效 整体支出执行数", at=m.start("a"))
        cx.pct(c, a, b, rule="X12", pa="说明 绩效 整体支出完成预算", pb=f"执行数 {a}/全年预算数 {b}×100",
               at=m.start("c"))
    for m in _PERF[1].finditer(text):
        den, dp = cx.fig("gbe_total")
        cx.pct(_d(m.group("p")), _d(m.group("x")), den, rule="X12", pa="说明 绩效 一般公共预算项目占比",
               pb=f"{m.group('x')}/{dp}×100", at=m.start("p"))


_FUND_SPENT = re.compile(r"政府性基金预算财政拨款收入(?P<i>" + NUM[1:-1] + r")万元，支出(?:收入)?(?:为)?(?P<a>"
                         + NUM[1:-1] + r")万元")


def _fund_spent(cx: _Ctx) -> None:
    """说明八 “政府性基金预算财政拨款收入 X 万元，支出 Y 万元”: Y against 公开07's 本年支出 (its 合计, or the
    sum of its 类 rows when the 合计 row prints no readable 支出)."""

    t = cx.role_table("gov_fund")
    if t is None:
        return
    totals = cx.labels("total")
    for m in _FUND_SPENT.finditer(cx.text):
        a = _d(m.group("a"))
        total = next((c for c in t.cells if norm(c.row_label) in totals and not c.row_code
                      and _fund_column(c.column) == "spent" and c.value is not None), None)
        if total is not None:
            cx.eq(a, cx.wan(total, t), rule="X12", pa="说明八 政府性基金支出",
                  pb=_at(f"{_tn(t)} {_row_name(total)} 本年支出", total), at=m.start("a"))
            continue
        rows = [next((c for c in t.row_cells(code) if _fund_column(c.column) == "spent"), None)
                for code in t.codes() if len(code) == 3]
        if rows and all(c is not None and c.value is not None and c.certain for c in rows):
            val = sum((cx.wan(c, t) for c in rows), Decimal(0))
            cx.eq(a, val, rule="X12", pa="说明八 政府性基金支出",
                  pb=f"{_tn(t)} 各类本年支出之和（{'、'.join(c.row_code for c in rows)}）", at=m.start("a"))


def _completion_zero(cx: _Ctx) -> None:
    """S04: “完成预算的100%” (or 0%) over a zero budget."""
    for m in finditer(_ZERO_DONE, cx.text):
        b, a, c = _d(m.group("b")), _d(m.group("a")), _d(m.group("c"))
        if b == 0 and c in (0, 100) and m.start("b") not in cx.claimed:  # 三公 items: hinted by _three_public
            where = f"说明 {_quote(cx.text, m.start(), 40)}"
            what = "0/0" if a == 0 else f"{a}/0"
            cx.out.append(cx.located(_hint("S04", where, f"{where}：预算为 0，完成率 {what} 没有定义，印为 {c}%（零基数）。"),
                                     where, m.start("c")))


def _procurement(cx: _Ctx) -> None:
    """X15: 政府采购 总额 = 货物 + 工程 + 服务; 中小 ≤ 总额; 小微 ≤ 中小; the budget table's figures."""

    text = cx.text
    m = _PROC.search(text)
    if not m:
        return
    total = _d(m.group("t"))
    parts = {p.group("k"): _d(p.group("v")) for p in _PROC_PART.finditer(m.group("rest"))}
    rows = cx.terms.get("narrative", "procurement_rows")  # 货物/工程/服务 → the table's rows
    if rows and all(k in parts for k in rows):
        cx.out.append(cx.located(_sum(total, [parts[k] for k in rows], rule="X15", strict=False,
                                      where="说明 政府采购总额", names=list(rows)), "说明 政府采购总额",
                                 m.start("t")))
    proc = cx.role_table("procurement")
    if proc is not None:
        c = cx._cell(proc, cx.names("total"), cx.names("procurement_total_column"))
        if c is not None and c.value is not None:
            cx.eq(total, cx.wan(c, proc), rule="X15", pa="说明 政府采购总额", pb=_at(f"{_tn(proc)} {_row_name(c)}", c),
                  at=m.start("t"))
        for k, labs in rows.items():
            cell = next((x for x in proc.cells if norm(x.row_label).startswith(tuple(norm(lab) for lab in labs))
                         and x.value is not None), None)
            if k in parts and cell is not None:
                cx.eq(parts[k], cx.wan(cell, proc), rule="X15", pa=f"说明 政府采购{k}",
                      pb=_at(f"{_tn(proc)} {cell.row_label}", cell), at=m.start("t"))
    sme = _SME.search(text, m.start())
    micro = _MICRO.search(text, m.start())
    if sme:
        v = _d(sme.group("v"))
        cx.out.append(cx.located(_le(v, total, rule="X15", pa="说明 中小企业金额", pb="说明 政府采购总额", strict=False),
                                 "说明 中小企业金额", sme.start("v")))
        if sme.group("p"):
            cx.pct(_d(sme.group("p")), v, total, rule="X15", pa="说明 中小企业占比", pb="中小企业/政府采购总额×100",
                   at=sme.start("p"))
        if micro:
            mv = _d(micro.group("v"))
            cx.out.append(cx.located(_le(mv, v, rule="X15", pa="说明 小微企业金额", pb="说明 中小企业金额", strict=False),
                                     "说明 小微企业金额", micro.start("v")))
            if micro.group("p"):
                cx.pct(_d(micro.group("p")), mv, v, rule="X15", pa="说明 小微企业占比", pb="小微企业/中小企业×100",
                       at=micro.start("p"))
    for pm in re.finditer(r"(货物|工程|服务)采购授予中小企业合同金额占\1支出金额的(?P<p>" + NUM[1:-1] + r")%", text):
        if parts.get(pm.group(1)) == 0 and _d(pm.group("p")) in (0, 100):
            where = f"说明 {pm.group(1)}采购中小企业占比"
            cx.out.append(cx.located(_hint("S04", where, f"{where}：{pm.group(1)}采购支出为 0，印为 {pm.group('p')}%（0/0）。"),
                                     where, pm.start("p")))


def _vehicles(cx: _Ctx) -> None:
    """X16: 车辆总数 = Σ categories; 公务用车保有量 ≤ 车辆总数."""

    total = None
    for m in _VEHICLES.finditer(cx.text):
        n = _d(m.group("n"))
        cats = [_d(x) for x in re.findall(r"(\d+)辆", m.group("rest"))]
        if len(cats) >= 2:
            where = "说明 车辆总数" if m.group("verb") == "共有" else "说明 预算安排购置车辆"
            cx.out.append(cx.located(_sum(n, cats, rule="X16", strict=True, where=where), where, m.start("n")))
        if m.group("verb") == "共有" and total is None:
            total = n
    f = _FLEET.search(cx.text)
    if f and total is not None:
        cx.out.append(cx.located(_le(_d(f.group("n")), total, rule="X16", pa="说明 公务用车保有量", pb="说明 车辆总数",
                                     strict=True), "说明 公务用车保有量", f.start("n")))


def _years(cx: _Ctx) -> None:
    """A 预算 comparing itself with its own year (“2026年预算…比2026年预算增加”): a wording error."""
    if cx.rep.kind != "预算" or cx.rep.year is None:
        return
    seen = set()
    for m in _YEAR_CMP.finditer(cx.text):
        if int(m.group("y")) == cx.rep.year and m.group(0) not in seen:
            seen.add(m.group(0))
            where = f"说明 {_quote(cx.text, m.start(), 30)}"
            cx.out.append(cx.located(_label_f("X12.year", where,
                                              f"{where}：{cx.rep.year}年预算与“{m.group('y')}年预算”相比，比较年度应为上一年。",
                                              (where,)), where, m.start()))




def _annex_pos(t: PublishedTable, no: int) -> str:
    return (f"第{t.page}页" if t.page else "") + f"第{no}行"


def _annex_funds(cx: _Ctx, nums: list[str], loc: str) -> None:
    """附件2 年度资金总额: 年初预算数, 全年预算数, 全年执行数, 分值, 执行率."""
    b0, _b1, spent = (_d(x) for x in nums[:3])
    tot = re.search(r"财政拨款支出年初预算(?:数)?为(?P<b>" + NUM[1:-1] + r")万元", cx.text)
    if tot:
        cx.eq(b0, _d(tot.group("b")), rule="X19", pa="附件2 年度资金总额 年初预算数",
              pb=f"说明五(三) 年初预算（{cx.place(tot.start('b'))}）", loc=loc)
    cx.eq(spent, "expenditure_total", rule="X19", pa="附件2 年度资金总额 全年执行数", loc=loc)
    rate = next((x for x in nums[3:] if x.endswith("%")), None)
    if rate is not None:
        f = _pct(_d(rate[:-1]), spent, _d(nums[1]), rule="X19", pa="附件2 年度资金总额 执行率",
                 pb=f"全年执行数 {spent}/全年预算数 {nums[1]}×100")
        cx.out.append(cx.located(f, "附件2 年度资金总额 执行率", None, loc))


def _annex_row(cx: _Ctx, cells: list[str], nums: list[str], tp_b: dict, loc: str) -> None:
    """One 附件1 row (``[terms.annex_rows]``: label → figure): its 决算数 against the table; a 三公
    row's 预算数 against the 说明's 三公 budget sentence."""
    label = norm(cells[0]).rstrip(":：")
    key = next((v for k, v in cx.terms.section("annex_rows").items() if norm(k) == label), None)
    nums = [x for x in nums if not x.endswith("%")]
    if key is None or len(nums) < 3:
        return
    # the 附件1 绩效基础数据表 is a 决算's: its 预算数 is the 决算 说明七's budget sentence
    budget_place = _tp_where(key[3:], "budget", kind="决算") if key.startswith("tp:") else None
    year = cx.rep.year
    val, place = cx.fig(f"tp:actual:{key[3:]}" if key.startswith("tp:") else key)
    if val is not None:
        cx.eq(_d(nums[-1]), val, rule="X19", pa=f"附件1 {cells[0].strip()} {year}年决算数", pb=place, loc=loc)
    if budget_place and budget_place in tp_b:
        v, where = tp_b[budget_place]
        cx.eq(_d(nums[-2]), v, rule="X19", pa=f"附件1 {cells[0].strip()} {year}年预算数", pb=where, loc=loc)


def _annex_table(cx: _Ctx, annex: str, t: PublishedTable, tp_b: dict) -> None:
    rows_raw = [(no, re.sub(r"(?<=[\d.]) (?=[\d.])", "", text)) for no, text in t.raw_rows]
    for key, name in cx.terms.get("narrative", "annex_spending").items():
        for no, line in rows_raw:
            m = re.search(re.escape(name) + r"[:：] ?" + NUM, line)
            if m and cx.kf[key] is not None:
                val, place = cx.fig(key)
                cx.eq(_d(m.group(1)), val, rule="X19", pa=f"{annex} {name}", pb=place, loc=_annex_pos(t, no))
                break
    funds = cx.labels("annex_funds_row")
    for no, line in rows_raw:
        cells = line.split("\t")
        nums = [x for x in cells[1:] if re.fullmatch(r"\d+(\.\d+)?%?", x)]
        if cells and norm(cells[0]) == "" and len(cells) > 2 and norm(cells[1]) in funds and len(nums) >= 3:
            _annex_funds(cx, nums, _annex_pos(t, no))
        elif cells:
            _annex_row(cx, cells, nums, tp_b, _annex_pos(t, no))
    for no, line in rows_raw:
        cells = line.split("\t")
        if cells and norm(cells[0]) in cx.labels("annex_procurement_row"):
            nums = [x for x in cells[1:] if re.fullmatch(r"\d+(\.\d+)?", x)]
            m = _PROC.search(cx.text)
            if nums and m:
                cx.eq(_d(nums[-1]), _d(m.group("t")), rule="X19", pa=f"附件1 政府采购金额 {cx.rep.year}年决算数",
                      pb=f"说明 政府采购总额（{cx.place(m.start('t'))}）", loc=_annex_pos(t, no))


def _attachments(cx: _Ctx) -> None:
    """X19: 附件1/附件2 (绩效) figures vs the tables and the 说明, and the 附件's own sentences
    (the 自评报告's “二、一般公共预算支出情况”: 基本支出, 人员经费, 公用经费, 项目支出)."""
    tp_b: dict[str, tuple[Decimal, str]] = {}  # the 说明七 三公 budget sentences: where → (figure, located place)
    for f in cx.out:
        if f.rule == "X12" and f.where.startswith("说明") and f.found is not None and "三公" in f.where \
                and "预算" in f.where and "完成" not in f.where and "占比" not in f.where:
            tp_b.setdefault(f.where, (f.found, f.places[0] if f.places else f.where))
    for role, annex in (("annex_basic_data", "附件1"), ("annex_self_evaluation", "附件2")):
        t = cx.role_table(role)
        if t is not None:
            _annex_table(cx, annex, t, tp_b)
    _annex_sentences(cx)


#: the 附件 自评报告's spending sentences: (name, words, table figure); read only under the
#: 附件 heading “…一般公共预算支出情况” (a project's “项目支出 128.93 万元” under 六、资金使用及绩效情况
#: is one project's spending, not the department's)
ANNEX_SENTENCES: tuple[tuple[str, str, str], ...] = (
    ("基本支出", r"(?<!财政拨款)基本支出为?", "basic"),
    ("人员经费", r"人员经费为?", "personnel"),
    ("公用经费", r"(?<!日常)公用经费为?", "public"),
    ("项目支出", r"项目支出为?", "project"),
)


def _annex_sentences(cx: _Ctx) -> None:
    for name, words, key in ANNEX_SENTENCES:
        for m in re.finditer(words + r"(?P<a>" + NUM[1:-1] + r")万元", cx.annex):
            mark = cx.at(m.start("a"))
            if mark is None or not re.search(r"一般公共预算支出情况|基本支出情况|项目支出情况", mark.head + mark.sub):
                continue
            head = re.sub(r"\s+", "", mark.head or mark.sub)
            cx.eq(_d(m.group("a")), key, rule="X19", pa=f"附件 自评报告 {name}（{head}）", at=m.start("a"))


# ---------------------------------------------------------------------------------------------- soft checks


def _soft(cx: _Ctx) -> None:
    """S01 公开09 预算数 = 决算数 in every column; S02 social-security pairs (economic 基本支出 vs
    functional 基本支出); S03 a 事业单位 booking 行政单位医疗 / 公务员医疗补助."""
    rep, kf = cx.rep, cx.kf
    from ..ledger import UnitKind

    if rep.kind == "决算":
        b, a = kf["three_public"]["budget"], kf["three_public"]["actual"]
        both = [k for k in b if b[k] is not None and a[k] is not None]
        if both and all(b[k] == a[k] for k in both) and any(a[k] for k in both):
            where = f"{_tn(cx.role_table('three_public'))} 预算数 vs 决算数"
            cx.out.append(_hint("S01", where, f"{where}：预算数与决算数在每一栏都相同（{', '.join(str(a[k]) for k in both)}），"
                                "预算数可能误填为决算数。"))
    basic = cx.role_table("general_budget_basic")
    gbe = cx.role_table("general_budget")
    if basic is not None and gbe is not None and rep.kind == "决算" and cx.gbe_reliable():
        column = cx.names("basic_column")[0]
        for econ, func in cx.terms.get("narrative", "social_security_pairs"):
            e = basic.value(econ)
            f = gbe.value(func, column)
            if e is None or f is None or e == f or not e or not f:
                continue
            where = f"{_tn(basic)} {econ} vs {_tn(gbe)} {func} 基本支出"
            cx.out.append(_hint("S02", where, f"{where}：经济分类 {econ} 为 {e}，功能分类 {func} 基本支出为 {f}，"
                                "两者通常相等（分类正交，差异允许，仅作提示）。"))
        if rep.unit_kind in (UnitKind.FISCAL_SUPPORTED, UnitKind.INSTITUTION, UnitKind.PUBLIC_WELFARE_1,
                             UnitKind.PUBLIC_WELFARE_2):
            booked = [(c, v) for c in cx.names("admin_medical_functional") for v in [gbe.value(c)] if v]
            booked += [(c, v) for c in cx.names("admin_medical_economic") for v in [basic.value(c)] if v]
            if booked:
                where = "事业单位 行政类科目"
                cx.out.append(_hint("S03", where, f"{where}：报告自称{rep.unit_kind.value}，却列支 "
                                    + "、".join(f"{c} {v}" for c, v in booked)
                                    + "（行政单位医疗/公务员医疗补助），可能含参公或行政人员，关系到机关运行经费是否适用。"))


def check_narrative(rep: PublishedReport, strict: bool, out: list, terms: Terms | None = None) -> None:
    """Run the 说明/附件 checks (X12–X19) and the soft hints (S01–S04), appending to ``out``; the
    table, row, column and code each 说明 figure is compared with come from ``terms`` (``[terms.narrative]``,
    ``[terms.narrative_columns]``, ``[terms.annex_rows]`` and the roles of ``[terms.tables]``; the built-in
    vocabulary when ``None``).

    >>> from govbudget.reader import read_report
    >>> rep = read_report(text="支出决算表\\n项目\\t\\t本年支出合计\\t基本支出\\t项目支出\\n合计\\t\\t10.00\\t7.00\\t3.00\\n"
    ...     "三、支出决算情况说明\\n本年支出合计 10 万元，其中：基本支出 7 万元，占 70%；项目支出 3.1 万元，占 30%。")
    >>> out = []; check_narrative(rep, False, out)
    >>> [(f.rule, f.verdict, f.where.split("（")[0]) for f in out if f.verdict != "ok"]
    [('X12', 'contradiction', '说明三 项目支出')]
    """
    full, marks = narrative_index(rep)
    text, annex = list(full), [_MASK] * len(full)
    for k, m in enumerate(marks):
        if m.part == "附件":
            end = marks[k + 1].pos if k + 1 < len(marks) else len(full)
            text[m.pos:end] = _MASK * (end - m.pos)
            annex[m.pos:end] = full[m.pos:end]
    text, annex = "".join(text), "".join(annex)
    cx = _Ctx(rep=rep, kf=rep.key_figures(), text=text, out=out, strict=strict, marks=marks, annex=annex,
              terms=terms or default_terms())
    _items(cx)
    _classes(cx)
    _three_public(cx)
    _sentences(cx)
    _procurement(cx)
    _vehicles(cx)
    _rates(cx)
    _tp_rates(cx)
    _versus(cx)
    _performance(cx)
    _fund_spent(cx)
    _completion_zero(cx)
    _years(cx)
    _attachments(cx)
    _soft(cx)
