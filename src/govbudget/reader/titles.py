"""Table titles as printed, mapped to stable ASCII table ids.

Titles vary between templates and years (``…决算明细表`` vs ``…决算表``, split or curly
quotes around 三公, ``公开0N表`` numbers, ``2026年预算单位…`` or unit-name prefixes). The
rules below are data: an ordered list of ``(table_id, pattern)``; the first pattern that
matches the normalised title wins, so the specific ones come first.

>>> identify_title("一般公共预算财政拨款基本支出决算明细表")
'general_budget_basic'
>>> identify_title("2026年预算单位“三公”经费和机关运行经费预算表")
'three_public'
>>> identify_title("一、2017年度江苏省高级人民法院部门收支预算总表")
'income_expenditure_summary'
>>> identify_title("财政拨款支出预算表（功能科目）公开表五部门： 江苏省人大常委会办公厅 单位：万元")
'fiscal_expenditure'
>>> identify_title("本表反映部门本年度各项支出情况。") is None
True
"""

from __future__ import annotations

import re
import unicodedata

from ._model import fold

__all__ = ["TABLE_IDS", "TABLE_NAMES", "TITLE_RULES", "identify_title", "normalize_title", "table_number"]

#: ordered (table id, regex over the normalised title); first match wins
TITLE_RULES: tuple[tuple[str, str], ...] = (
    ("performance_basic_data", r"绩效评价基础数据表"),
    ("performance_self_evaluation", r"绩效自评表"),
    ("performance_targets", r"绩效目标(填报|申报|表)"),
    ("three_public", r"三公经费"),
    ("operating_costs", r"机关运行经费(支出)?(预算|决算)?表"),
    ("procurement", r"政府采购(支出)?(预算|决算)?表"),
    ("state_capital", r"国有资本经营预算.*(支出|收入支出).*表"),
    ("gov_fund", r"政府性基金.*(支出|收入支出).*表"),
    ("general_budget_basic", r"一般公共预算.*基本支出.*表"),
    ("fiscal_basic", r"财政拨款基本支出.*表"),
    ("general_budget_expenditure", r"一般公共预算.*支出.*表"),
    ("fiscal_expenditure", r"财政拨款支出(预算|决算)?(明细)?表"),
    ("fiscal_summary", r"财政拨款收(入)?支(出)?.*总表"),
    ("income_expenditure_summary", r"(收入支出|收支|财务收支).*总表"),
    ("income", r"收入(预算|决算)?(总)?表"),
    ("expenditure", r"支出(预算|决算)?(总)?表"),
)

#: every table id the reader knows
TABLE_IDS: tuple[str, ...] = tuple(dict.fromkeys(t for t, _ in TITLE_RULES))

#: a short name for each table id, used as the title of a table identified by its header only
TABLE_NAMES: dict[str, str] = {
    "income_expenditure_summary": "收入支出总表", "income": "收入表", "expenditure": "支出表",
    "fiscal_summary": "财政拨款收入支出总表", "general_budget_expenditure": "一般公共预算财政拨款支出表",
    "general_budget_basic": "一般公共预算财政拨款基本支出表", "gov_fund": "政府性基金预算财政拨款收入支出表",
    "state_capital": "国有资本经营预算财政拨款收入支出表", "three_public": "财政拨款三公经费支出表",
}

_COMPILED = tuple((tid, re.compile(p)) for tid, p in TITLE_RULES)

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
#: a printed table number: 公开01表, 公开 01 表, 公开表一, 表一, 附表1, 附表 1-2 (group: the number)
_NUMBER_RX = re.compile(
    r"(?P<pre>公开|附)?\s*(?:(?P<a>\d{1,2})\s*表|表\s*(?P<b>\d{1,2}(?:-\d{1,2})?|[一二三四五六七八九十]{1,3}(?!般)))"
)
#: qualifiers printed after a title: （功能科目）, (经济科目), （按功能分类）, （续）
_QUALIFIER = re.compile(r"[(（](功能|经济|按|续|部门|单位)[^()（）]{0,10}[)）]")

# normalize_title's removals, in order: the table number, 部门/单位 metadata, 金额单位, 一、 numbering,
# (qualifiers: _QUALIFIER), quotes and spaces, a trailing （2024年度）
_NUMBERING = re.compile(_NUMBER_RX.pattern + r"\s*[:：]?")  # the table number and the colon after it
_UNIT_TAIL = re.compile(r"(编制|预算主管)?(部门|单位)(名称)?[:：].*$")
_AMOUNT_UNIT_TAIL = re.compile(r"(金额)?单位[:：].*$")
_ITEM_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")
_QUOTES_SPACES = re.compile(r"[“”\"'‘’「」『』\s]")
_YEAR_TAIL = re.compile(r"[(（](20\d\d年度?)?[)）]$")
_SENTENCE_MARK = re.compile(r"[，。；：:]")


def _cn_number(text: str) -> int:
    if text.isdecimal():  # int() reads any decimal digit, not ¹ or ①
        return int(text)
    if len(text) == 1:
        return _CN_DIGITS[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def table_number(text: str) -> str | None:
    """The table number printed in ``text`` in one spelling: ``公开NN表`` for the 公开 forms,
    ``附表N`` and ``表N`` for the others; ``None`` when there is none.

    >>> table_number("公开 01 表：收支预算总表"), table_number("收支预算总表公开表一部门：X")
    ('公开01表', '公开01表')
    >>> table_number("附表1 收入预算表"), table_number("表十二 政府采购预算表"), table_number("收入表")
    ('附表1', '表12', None)
    """
    s = unicodedata.normalize("NFKC", text)
    m = _NUMBER_RX.search(s) if "表" in s else None  # every number names its 表: most lines need no search
    if not m or (m.group("pre") is None and m.group("a")):
        return None
    raw = m.group("a") or m.group("b")
    if "-" in raw:
        return f"{'附' if m.group('pre') == '附' else ''}表{raw}"
    n = _cn_number(raw)
    if m.group("pre") == "公开":
        return f"公开{n:02d}表"
    return f"{'附' if m.group('pre') == '附' else ''}表{n}"


def normalize_title(text: str) -> str:
    """Return ``text`` in NFKC with quotes, spaces, numbering, qualifiers and trailing metadata removed.

    >>> normalize_title("财政拨款“三公”经费支出决算表")
    '财政拨款三公经费支出决算表'
    >>> normalize_title("收支预算总表部门：江苏省政协办公厅 单位：万元")
    '收支预算总表'
    >>> normalize_title("公开 05表 财政拨款支出预算表（功能科目）")
    '财政拨款支出预算表'
    """
    s = fold(text).strip()
    s = _NUMBERING.sub("", s)
    s = _UNIT_TAIL.sub("", s)
    s = _AMOUNT_UNIT_TAIL.sub("", s)
    s = _ITEM_NUMBER.sub("", s.strip())
    s = _QUALIFIER.sub("", s)
    s = _QUOTES_SPACES.sub("", s)
    return _YEAR_TAIL.sub("", s)


def identify_title(text: str) -> str | None:
    """Return the table id for a printed title line, or ``None`` if it is not a table title.

    A title is short, has no sentence punctuation and ends with ``表``.

    >>> identify_title("收入决算表"), identify_title("支出决算表")
    ('income', 'expenditure')
    """
    if "表" not in text and "表" not in unicodedata.normalize("NFKC", text):
        return None  # normalize_title only removes characters: no 表, no title
    s = normalize_title(text)
    if not s.endswith("表") or len(s) > 60 or _SENTENCE_MARK.search(s):
        return None
    if s.startswith(("注", "说明", "本表", "详见", "见")):
        return None
    for tid, rx in _COMPILED:
        if rx.search(s):
            return tid
    return None
