"""One sentence definition (issue 10.6): the 说明 sentence templates the narrative writes
(``narrative/hunan-2024.toml``) checked against the forms the checks read (``checks/_narrative.py``).

Every template that prints an amount in 万元 is filled with distinct figures and read with the
reader's patterns; the amounts no pattern reads are pinned per template with the reason. A change of
either side that makes the two drift apart (a template the reader no longer reads, a pattern lost)
fails here.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from pathlib import Path

from govbudget.checks import _narrative as N

TEMPLATES = tomllib.loads((Path(N.__file__).parent.parent / "narrative" / "hunan-2024.toml").read_text(encoding="utf-8"))
PHRASES = TEMPLATES["phrases"]
_WORDS = ("reason", "purpose", "content", "people", "names", "items", "detail", "intro", "comparison", "kind",
          "subject", "grade", "findings", "application", "categories", "equipment", "festival", "parts", "score",
          "weight")

#: template → amounts the checks do not read, and why
UNREAD = {
    # 说明五(三): the generator's “年初预算X，决算Y” (no 为, no 支出) — the reader's X18 and item forms
    # read “年初预算为X万元，支出决算为Y万元” (the Hunan reports' own wording); the items need 类/款/项 labels
    ("五", "detail"): 2, ("五", "item"): 2, ("五", "item_equal"): 2, ("五", "item_unknown"): 2,
    # 三公 details: the purpose clauses (trips, 购置/运行 split, 接待 批次) are not cross-checked
    ("七", "abroad"): 2, ("七", "trip"): 1, ("七", "vehicle"): 6, ("七", "reception"): 1,
    # 说明八 with an 年初 figure inserted before 收入: the reader reads “财政拨款收入X，支出Y” only
    ("八", "text"): 4, ("八", "opening"): 1,
    ("十", "festival"): 1,
    # 政府采购: the reader reads “政府采购支出总额/金额…其中：货物 a、工程 b、服务 c”
    ("十一", "text"): 8,
    # 绩效: the reader checks the 附件 tables and the 自评报告's spending sentences, not these
    ("十三", "work"): 1, ("十三", "work_part"): 1, ("十三", "work_part_missing"): 1, ("十三", "result"): 2,
    ("附件", "project_item"): 5, ("附件1", "staff"): 1, ("附件2", "text"): 4, ("附件2", "weight"): 1,
}


def _fill(template: str) -> str:
    n = itertools.count(11)

    def amount() -> str:
        return f"{next(n)}.{next(n) % 100:02d}万元"

    def one(m: re.Match) -> str:
        k = m.group(1)
        if k == "Y":
            return "2024"
        if k in ("share", "personnel_share", "public_share"):
            return PHRASES["share"].format(base="本年支出合计", rate=f"{next(n)}.11%")
        if k == "change":
            return PHRASES["change"].format(direction="增加", amount=amount(), trend="增长", rate=f"{next(n)}.22%")
        if k == "completion":
            return PHRASES["completion"].format(base="年初预算", rate=f"{next(n)}.33%")
        if k == "name":
            return "基本支出"
        if k == "rate":
            return f"{next(n)}.44%"
        if k == "n":
            return "1"
        if k.endswith(_WORDS):
            return "甲"
        if k in ("held", "vehicles", "count", "projects", "authorized"):
            return f"{next(n)}辆"
        return amount()

    return re.sub(r"\{(\w+)\}", one, template)


def _patterns() -> list[re.Pattern]:
    out = [re.compile(N._GUARD + "(?:" + s.words + r")(?P<a>" + N.NUM[1:-1] + r")万元") for s in N.SENTENCES]
    out += [N._CLASS, N._RATE, N._PROC, N._FUND_SPENT, N._ZERO_DONE]
    out += [re.compile(N._GUARD + words + N._TP_FILL + N._TP_TAIL) for _, _, words in N._TP_ITEMS]
    return out


def _unread() -> dict[tuple[str, str], int]:
    patterns = _patterns()
    got = {}
    for sec, body in TEMPLATES["sections"].items():
        for key, template in body.items():
            if not isinstance(template, str) or "{" not in template or "heading" in key:
                continue
            text = N.flatten(_fill(template))
            read = {m.start(g) for rx in patterns for m in rx.finditer(text)
                    for g in range(1, (m.lastindex or 0) + 1) if m.start(g) >= 0}
            missing = [a for a in re.finditer(r"(\d+\.\d+)万元", text) if a.start(1) not in read]
            if missing:
                got[(sec, key)] = len(missing)
    return got


def test_every_template_amount_is_read_or_pinned():
    assert _unread() == UNREAD


def test_the_totals_of_sections_one_and_four_are_read():
    """“收入总计与支出总计均为 X” (the generator's wording) is the 说明一/说明四 total form."""
    for words in ("本单位收入总计与支出总计均为", "财政拨款收入总计与支出总计均为"):
        text = N.flatten(f"2024年度{words}519.63万元。")
        hits = [s.place for s in N.SENTENCES
                if re.search(N._GUARD + "(?:" + s.words + r")(?P<a>\d+(?:\.\d+)?)万元", text)]
        assert hits and all("总计" in h for h in hits), hits


def test_every_reader_form_for_hunan_finals_is_written_by_a_template():
    """The other direction: each 决算 form of the reader that a Hunan section carries is produced by
    some template (forms of other provinces' wording are listed)."""
    # 说明二/三 parts: the item's name is the template's {name}, filled from the data (事业收入, 经营支出 …);
    # 说明八 收入: the template inserts an optional 年初 clause before 收入; 说明十: the reader's 决算 form
    # is the Hunan reports' “开支会议费/培训费”, the generator writes “会议费支出”
    others = {"说明二 上级补助收入", "说明二 事业单位经营收入", "说明二 事业收入", "说明二 经营收入",
              "说明二 附属单位上缴收入", "说明二 其他收入", "说明二 财政拨款收入", "说明三 上缴上级支出",
              "说明三 经营支出", "说明三 对附属单位补助支出", "说明八 政府性基金预算财政拨款收入", "说明十 会议费",
              "说明十 培训费"}
    texts = [N.flatten(_fill(t)) for body in TEMPLATES["sections"].values() for k, t in body.items()
             if isinstance(t, str) and "heading" not in k]
    unwritten = {s.place for s in N.SENTENCES if "决算" in s.kinds and not any(
        re.search(N._GUARD + "(?:" + s.words + r")\d+(?:\.\d+)?万元", t) for t in texts)}
    assert unwritten == others


def test_the_guarded_scan_finds_what_the_guard_regex_finds():
    """``_guarded`` (search, then reject a start after a change word) gives the matches of
    ``_GUARD + pattern``, in order, on the seed's 说明 and on text where the change words sit right
    before a sentence's words."""
    seed = Path(__file__).parent / "fixtures" / "seed" / "zhuzhou_2024.txt"
    texts = [N.flatten(seed.read_text(encoding="utf-8")),
             "支出增加基本支出5万元，减少项目支出为3万元；基本支出7万元，调增公务接待费2万元，节约三公经费1万元。"
             "增加增加人员经费4万元，其中公用经费9万元，占基本支出的12.5%。"]
    pairs = list(zip((s.words for s in N.SENTENCES), N._sentence_patterns(), strict=True))
    pairs += list(zip((w for _, _, w in N._TP_ITEMS), N._three_public_patterns(), strict=True))
    seen = 0
    for text in texts:
        for words, rx in pairs:
            full = re.compile(N._GUARD + rx.pattern)
            assert [m.span() for m in N._guarded(rx, text)] == [m.span() for m in full.finditer(text)], words
            seen += sum(1 for _ in full.finditer(text))
    assert seen > 20  # the comparison saw real matches, not only empty lists
