"""``report.check(strict=, layouts=, extra=)``, ``gb.check`` and ``govbudget check --layout PATH``: the
same runner, layouts and plug-ins forwarded (issue 10.1)."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal as Dm
from pathlib import Path

import pytest
from reader_fixtures import SEED_TEXT

import govbudget as gb
from govbudget import checks
from govbudget.reader.cli import main

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


# ---------------------------------------------------------------- govbudget check --layout PATH

SEED_FILE = Path(__file__).parent / "fixtures" / "seed" / "zhuzhou_2024.txt"
# a second made-up layout: 公开03 合计 基本支出 (455.65) ≤ 项目支出 (63.98) — false on the seed
OTHER = """
id = "made-up-2031"
kinds = ["决算"]

[[le]]
rule = "MU.2"
part = { table = "expenditure", row = "合计", column = "基本支出" }
whole = { table = "expenditure", row = "合计", column = "项目支出" }
"""


@pytest.fixture
def layouts(tmp_path):
    a, b = tmp_path / "made-up-2030.toml", tmp_path / "made-up-2031.toml"
    a.write_text(LAYOUT, encoding="utf-8")
    b.write_text(OTHER, encoding="utf-8")
    return a, b


def test_cli_check_with_repeated_layouts(layouts, capsys):
    a, b = layouts
    assert main(["check", str(SEED_FILE), "--json"]) == 1  # the seed has contradictions of its own (X19)
    assert not [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"].startswith("MU.")]
    assert main(["check", str(SEED_FILE), "--layout", str(a), "--layout", str(b), "--json"]) == 1
    got = {f["rule"]: f["verdict"] for f in json.loads(capsys.readouterr().out)["findings"]
           if f["rule"].startswith("MU.")}
    assert got == {"MU.1": "ok", "MU.2": "contradiction"}
    assert main(["check", str(SEED_FILE), "--layout", str(b)]) == 1
    assert "MU.2" in capsys.readouterr().out


def test_cli_check_with_a_malformed_layout(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\nrules = ["NOPE.1"]\n', encoding="utf-8")
    assert main(["check", str(SEED_FILE), "--layout", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "NOPE.1" in err


def test_cli_batch_check_with_a_layout(layouts, tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SEED_FILE, folder / "zhuzhou_2024.txt")
    shutil.copy(SEED_FILE, folder / "zhuzhou_copy.txt")
    out = tmp_path / "r.csv"
    assert main(["check", str(folder), "--layout", str(layouts[1]), "--jobs", "1", "--no-progress",
                 "--out", str(out)]) == 1
    findings = (tmp_path / "r.findings.csv").read_text(encoding="utf-8")
    assert findings.count("MU.2") == 2
