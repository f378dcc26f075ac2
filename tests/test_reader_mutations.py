"""One mutation per check rule: change ONE printed figure of the seed (株洲 2024 部门决算) and the named rule
must report a contradiction at the expected place. Each mutated line is located by an anchor (the table's
公开0x表 tag, or the start of the text) and must occur exactly once between that anchor and the next table tag,
so the edit hits one printed figure of one table. Expected places are labels printed in the document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import govbudget as gb

SEED_TEXT = (Path(__file__).parent / "fixtures" / "seed" / "zhuzhou_2024.txt").read_text(encoding="utf-8")


def _mutate(anchor: str, old: str, new: str) -> str:
    """Replace `old` by `new` inside the table that starts at `anchor` (up to the next 公开0x表 tag)."""
    start = 0
    if anchor:
        assert SEED_TEXT.count(anchor) == 1, anchor
        start = SEED_TEXT.index(anchor) + len(anchor)
    nxt = re.search(r"公开0\d表", SEED_TEXT[start:])
    end = start + nxt.start() if nxt else len(SEED_TEXT)
    section = SEED_TEXT[start:end]
    assert section.count(old) == 1, (anchor, old)
    return SEED_TEXT[:start] + section.replace(old, new) + SEED_TEXT[end:]


# (rule, anchor, old line fragment, new line fragment, substring of the contradiction's `where`)
# anchor "" = from the start of the text up to the 公开02表 tag, i.e. 公开01 (which prints no tag).
MUTATIONS = [
    # 公开01 八、社会保障和就业支出 47.30 → 47.90: the 类 rows no longer add up to 本年支出合计 519.63
    ("R01.2", "", "八、社会保障和就业支出\t38\t47.30", "八、社会保障和就业支出\t38\t47.90", "本年支出合计"),
    # 公开01 支出 总计 519.63 → 519.93 ≠ 本年支出合计 519.63 + 结余分配 blank + 年末结转和结余 blank
    ("R01.4", "", "总计\t60\t519.63", "总计\t60\t519.93", "支出总计"),
    # 公开02 2080502 本年收入合计 5.84 → 5.94 while 财政拨款收入 stays 5.84
    (
        "R02.1",
        "公开02表",
        "2080502\t事业单位离退休\t5.84\t5.84",
        "2080502\t事业单位离退休\t5.94\t5.84",
        "2080502",
    ),
    # 公开02 2080502 printed 5.94 | 5.94 (row adds up) but 款 20805 stays 47.30 = 5.84 + 27.64 + 13.82
    (
        "R02.2",
        "公开02表",
        "2080502\t事业单位离退休\t5.84\t5.84",
        "2080502\t事业单位离退休\t5.94\t5.94",
        "20805",
    ),
    # 公开04 一、一般公共预算财政拨款 519.63 → 519.33 ≠ 本年收入合计 519.63
    (
        "R04.1",
        "公开04表",
        "一、一般公共预算财政拨款\t1\t519.63",
        "一、一般公共预算财政拨款\t1\t519.33",
        "本年收入合计",
    ),
    # 公开04 年初 一般公共预算财政拨款 (行次29) 5.00 while 年初财政拨款结转和结余 (行次28) is blank
    (
        "R04.2",
        "公开04表",
        "一般公共预算财政拨款\t29\t",
        "一般公共预算财政拨款\t29\t5.00",
        "年初财政拨款结转和结余",
    ),
    # 公开04 收入 总计 519.63 → 519.93 ≠ 本年收入合计 519.63 + 年初 blank
    ("R04.3", "公开04表", "总计\t32\t519.63", "总计\t32\t519.93", "收入总计"),
    # 公开04 支出 总计 一般公共预算财政拨款 (栏次3) 519.63 → 519.93 ≠ 本年支出 519.63 + 年末 blank
    ("R04.6", "公开04表", "总计\t64\t519.63\t519.63", "总计\t64\t519.63\t519.93", "支出总计 c3"),
    # 公开04 支出 总计 合计 (栏次2) 519.63 → 519.93 ≠ 收入 总计 519.63
    ("R04.7", "公开04表", "总计\t64\t519.63", "总计\t64\t519.93", "收入总计"),
    # 公开04 年末财政拨款结转和结余 一般公共预算 (栏次3) 5.00 ≠ 年初 blank + 拨款 519.63 − 支出 519.63
    (
        "R04.8",
        "公开04表",
        "年末财政拨款结转和结余\t60\t\t",
        "年末财政拨款结转和结余\t60\t\t5.00",
        "本年支出合计 c3",
    ),
    # 公开06 公用经费合计 156.17 → 156.47 ≠ 302 154.79 + 307 blank + 310 1.38 + 399 blank
    ("R06.3", "公开06表", "\t156.17", "\t156.47", "公用经费合计"),
    # 公开08 合计 本年支出 2.00 ≠ 基本支出 blank + 项目支出 1.00
    ("R08.1", "公开08表", "\n合计\t\t\t\t\n", "\n合计\t\t2.00\t\t1.00\n", "合计"),
    # 公开01 本年收入合计 519.63 → 519.93 ≠ 公开02 合计 本年收入合计 519.63
    ("X01", "", "本年收入合计\t27\t519.63", "本年收入合计\t27\t519.93", "公开02表 合计"),
    # 公开04 本年收入合计 519.63 → 519.93 ≠ 公开02 合计 财政拨款收入 519.63
    ("X02", "公开04表", "本年收入合计\t27\t519.63", "本年收入合计\t27\t519.93", "合计 财政拨款收入"),
    # 公开01 四、上级补助收入 3.00 ≠ 公开02 合计 上级补助收入 blank
    ("X03", "", "四、上级补助收入\t4\t", "四、上级补助收入\t4\t3.00", "上级补助收入"),
    # 公开01 一、一般公共服务支出 410.65 → 410.95 ≠ 公开03 201 本年支出合计 410.65
    ("X04", "", "一、一般公共服务支出\t31\t410.65", "一、一般公共服务支出\t31\t410.95", "201"),
    # 公开04 十、节能环保支出 合计 7.50 (财政拨款) > 公开01 十、节能环保支出 7.20 (all money)
    (
        "X05",
        "公开04表",
        "十、节能环保支出\t42\t7.20\t7.20",
        "十、节能环保支出\t42\t7.50\t7.50",
        "十、节能环保支出",
    ),
    # 公开08 合计 本年支出 2.00 = 基本 blank + 项目 2.00, but 公开04 本年支出合计 国有资本 (栏次5) is blank
    ("X10", "公开08表", "\n合计\t\t\t\t\n", "\n合计\t\t2.00\t\t2.00\n", "公开08表 合计"),
]


def test_every_mutation_anchor_holds_on_the_seed():
    """The unmutated seed has no contradiction under any rule mutated below (so each failure is the edit's)."""
    fs = gb.read_report(text=SEED_TEXT).check()
    rules = {m[0] for m in MUTATIONS}
    assert not [str(f) for f in fs if f.rule in rules and f.verdict == "contradiction"]


@pytest.mark.parametrize(("rule", "anchor", "old", "new", "where"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_one_printed_figure_changed_breaks_the_rule(rule, anchor, old, new, where):
    fs = gb.read_report(text=_mutate(anchor, old, new)).check()
    hits = [f for f in fs if f.rule == rule and f.verdict == "contradiction" and where in f.where]
    assert hits, (rule, where, [str(f) for f in fs if f.verdict == "contradiction"])


def test_seed_example_r01_2_also_breaks_x04():
    """公开01 八、社会保障和就业支出 47.30 → 47.90: R01.2 (本年支出合计) and X04 (公开03 208 prints 47.30)."""
    fs = gb.read_report(
        text=_mutate("", "八、社会保障和就业支出\t38\t47.30", "八、社会保障和就业支出\t38\t47.90")
    ).check()
    assert [f for f in fs if f.rule == "R01.2" and f.verdict == "contradiction" and "本年支出合计" in f.where]
    assert [f for f in fs if f.rule == "X04" and f.verdict == "contradiction" and "208" in f.where]
