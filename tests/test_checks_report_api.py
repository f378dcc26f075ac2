"""``report.check(strict=, layouts=, extra=)`` and ``gb.check``: the same runner, layouts and plug-ins
forwarded (issue 10.1)."""

from __future__ import annotations

from decimal import Decimal as Dm

from reader_fixtures import SEED_TEXT

import govbudget as gb
from govbudget import checks

# a made-up template: 公开03 合计 本年支出合计 (519.63) = 基本支出 (455.65) + 项目支出 (63.98), by label
LAYOUT = """
id = "made-up-2030"
kinds = ["决算"]
rules = ["R03.1"]

[[sum]]
rule = "MU.1"
total = { table = "expenditure", row = "合计", column = "本年支出合计" }
parts = [{ table = "expenditure", row = "合计", column = "基本支出" },
         { table = "expenditure", row = "合计", column = "项目支出" }]
"""


def _no_projects(report):
    """A plug-in: a unit that should print no 项目支出."""
    c = report.table("expenditure").get("合计", "项目支出")
    if c is not None and c.value:
        yield gb.Finding(rule="MU.plugin", verdict="label", where="公开03 合计 项目支出", expected=None,
                         found=c.value, message="本单位不应有项目支出。")


def test_report_check_forwards_layouts_and_plug_ins(tmp_path):
    path = tmp_path / "made-up-2030.toml"
    path.write_text(LAYOUT, encoding="utf-8")
    rep = gb.read_report(text=SEED_TEXT)
    got = {f.rule: f for f in rep.check(layouts=[path], extra=[_no_projects]) if f.rule.startswith("MU.")}
    assert sorted(got) == ["MU.1", "MU.plugin"]
    assert got["MU.1"].verdict == "ok" and got["MU.1"].found == Dm("519.63")
    assert got["MU.plugin"].verdict == "label" and got["MU.plugin"].found == Dm("63.98")
    assert not any(f.rule.startswith("MU.") for f in rep.check())  # nothing of theirs without them


def test_report_check_strict_is_forwarded():
    """公开03 合计 10.00 = 7.00 + 3.01 is a tail in 万元 and a contradiction under ``strict``."""
    rep = gb.read_report(text="支出决算表\n项目\t\t本年支出合计\t基本支出\t项目支出\n合计\t\t10.00\t7.00\t3.01\n")
    assert [(f.rule, f.verdict) for f in rep.check()] == [("R03.1", "tail")]
    assert [(f.rule, f.verdict) for f in rep.check(strict=True)] == [("R03.1", "contradiction")]


def test_gb_check_is_the_checks_runner():
    rep = gb.read_report(text=SEED_TEXT)
    assert gb.check is checks.check and "check" in gb.__all__
    assert gb.check(rep, extra=[_no_projects]) == rep.check(extra=[_no_projects])
