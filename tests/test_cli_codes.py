"""``govbudget codes ...``: output, JSON, exit statuses and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import govbudget as gb
from govbudget import cli

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_text(capsys):
    code, out, err = run(capsys, "codes", "show", "2070904", "--year", "2025")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "code      2070904",
        "name      地方旅游开发项目补助",
        "level     项",
        "path      文化旅游体育与传媒支出 › 旅游发展基金支出 › 地方旅游开发项目补助",
        "evidence  attested (code and name printed together in a document of that year)",
        "source    上海市普陀区文化和旅游局 2025年度部门决算 收入决算表",
        "edition   functional 2025",
        "years     attested 2025",
    ]


def test_show_says_when_a_row_is_not_official(capsys):
    code, out, _ = run(capsys, "codes", "show", "2010101", "--year", "2024")
    assert code == 0
    assert ("evidence  reconstructed (known from the published classification, not printed in any document "
            "we hold; not official)") in out.splitlines()
    # printed by the Jiangsu 人大 budgets of 2017-2019; reconstructed for the other years
    assert "years     attested 2017–2019; reconstructed 2020–2026" in out.splitlines()


def test_show_prints_older_names_with_their_years(capsys):
    _, out, _ = run(capsys, "codes", "show", "20805", "--year", "2025")
    assert "name      行政事业单位养老支出" in out.splitlines()
    assert "aliases   行政事业单位离退休 (2017–2019, 2025)" in out.splitlines()


def test_show_json(capsys):
    code, out, _ = run(capsys, "codes", "show", "2040607", "--year", "2026", "--json")
    d = json.loads(out)
    assert code == 0
    assert (d["name"], d["level"], d["parent"], d["evidence"], d["year"]) == ("公共法律服务", "项", "20406", "attested", 2026)
    assert [p["code"] for p in d["path"]] == ["204", "20406", "2040607"]
    assert [p["name"] for p in d["path"]] == ["公共安全支出", "司法", "公共法律服务"]


def test_show_without_year_uses_the_newest_edition_listing_the_code(capsys):
    # 2040607 公共法律服务 is printed in 2025 (石泉路街道) and 2026 (司法局); 2080504 only in 2017-2019.
    _, out, _ = run(capsys, "codes", "show", "2040607")
    assert "edition   functional 2026" in out
    _, out, _ = run(capsys, "codes", "show", "2080504")
    assert "edition   functional 2019" in out


def test_show_economic_scheme_inferred_and_explicit(capsys):
    code, out, _ = run(capsys, "codes", "show", "30312")
    assert code == 0 and "name      提租补贴" in out and "edition   economic 2017" in out
    code, out, _ = run(capsys, "codes", "show", "501", "--scheme", "government")
    assert code == 0 and "name      机关工资福利支出" in out


def test_show_unknown_code_exits_1_with_the_api_message(capsys):
    code, out, err = run(capsys, "codes", "show", "2010451", "--year", "2024")
    assert (code, out) == (1, "")
    with pytest.raises(gb.UnknownCodeError) as info:
        gb.functional(2024)["2010451"]
    assert err == str(info.value) + "\n"
    assert "nearest known codes: 2010450, 2010403, 2010499" in err


def test_show_malformed_code_exits_1(capsys):
    code, _, err = run(capsys, "codes", "show", "20104x", "--year", "2024")
    assert code == 1
    assert err.strip() == (
        "'20104x' is not a functional code: expected 3, 5 or 7 ASCII digits (类/款/项), found the non-digit character 'x' at position 6"
    )


def test_unknown_edition_exits_1_and_lists_editions(capsys):
    code, _, err = run(capsys, "codes", "list", "--year", "1999")
    assert code == 1
    assert err.strip() == ("no functional edition for 1999; shipped editions: 2017, 2018, 2019, 2020, 2021, "
                           "2022, 2023, 2024, 2025, 2026")


def test_usage_error_exits_2(capsys):
    code, _, err = run(capsys, "codes", "show", "201", "--scheme", "nonsense")
    assert code == 2 and "invalid choice" in err
    code, _, _ = run(capsys, "codes")
    assert code == 2


def test_data_file_error_exits_2(capsys, monkeypatch):
    def broken(args):
        raise gb.DataFileError("codes/functional/2099.csv", [(3, "code 2x: bad")])

    monkeypatch.setattr(cli, "_codes_list", broken)  # the parser is built per call, so this takes effect
    code, out, err = run(capsys, "codes", "list")
    assert (code, out) == (2, "")
    assert err == "codes/functional/2099.csv: 1 bad row\n  line 3: code 2x: bad\n"


def test_search(capsys):
    code, out, err = run(capsys, "codes", "search", "行政运行", "--year", "2025", "--scheme", "functional")
    assert code == 0
    codes = [line.split()[0] for line in out.splitlines()]
    assert {"2010101", "2011301", "2070101", "2120101", "2040601"} <= set(codes)
    assert codes == sorted(codes)
    assert err == "searched functional 2025\n"
    code, out, _ = run(capsys, "codes", "search", "提租", "--year", "2017", "--scheme", "economic", "--json")
    assert [d["code"] for d in json.loads(out)] == ["30312"]


def test_search_looks_in_every_scheme_and_says_which(capsys):
    # 公务用车运行维护费 is a 款 of both economic schemes; without --scheme both are found.
    code, out, err = run(capsys, "codes", "search", "公务用车运行维护费", "--year", "2024")
    assert code == 0
    assert [line.split()[:2] for line in out.splitlines()] == [["economic", "30231"], ["government", "50208"]]
    assert err == "searched functional 2024; economic 2024; government 2024\n"


def test_search_without_hits_exits_1(capsys):
    code, out, err = run(capsys, "codes", "search", "不存在的科目", "--year", "2018")
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == "no code matches '不存在的科目'"
    assert err.splitlines()[1].startswith("searched functional 2018; economic 2018")


def test_search_without_year_searches_every_edition_newest_first(capsys):
    code, out, _ = run(capsys, "codes", "search", "行政运行", "--scheme", "functional")
    assert code == 0
    lines = out.splitlines()
    first = next(line for line in lines if line.startswith("2010101 "))
    assert first.endswith("2026, 2025, 2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017")  # newest first
    code, out, err = run(capsys, "codes", "search", "不存在的科目")
    assert (code, out) == (1, "")
    assert "searched functional 2017–2026; economic 2017–2026; government 2018–2026" in err


def test_codes_diff_into_a_closed_pipe_is_not_an_error():
    # `govbudget codes diff 2024 2025 | head -1` printed a BrokenPipeError traceback (issue 14.6)
    proc = subprocess.Popen([sys.executable, "-m", "govbudget", "codes", "diff", "2024", "2025"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert (proc.wait(), err) == (0, "")


def test_show_of_a_code_in_no_edition_suggests_codes_of_the_same_kuan(capsys):
    code, out, err = run(capsys, "codes", "show", "2010451")
    assert (code, out) == (1, "")
    assert err.startswith("code '2010451' is in no shipped functional edition (2017, 2018, 2019, 2020, 2021, "
                          "2022, 2023, 2024, 2025, 2026; all partial)")
    assert "(the edition with the most codes under 20104): 2010450, 2010403, 2010499" in err
    code, _, err = run(capsys, "codes", "show", "2010x")
    assert code == 1 and "is not a functional code" in err


def _csv_levels(folder: str, year: int) -> dict[str, int]:
    import csv

    with (ROOT / "codes" / folder / f"{year}.csv").open(encoding="utf-8", newline="") as f:
        levels: dict[str, int] = {}
        for r in csv.DictReader(f):
            levels[r["level"]] = levels.get(r["level"], 0) + 1
    return levels


def test_list_editions(capsys):
    code, out, _ = run(capsys, "codes", "list", "--json")
    rows = {(d["scheme"], d["year"]): d for d in json.loads(out)}
    assert code == 0
    assert rows[("functional", 2018)]["levels"] == _csv_levels("functional", 2018)
    assert rows[("functional", 2018)]["rows"] == sum(_csv_levels("functional", 2018).values())
    assert rows[("government", 2024)]["complete"] is False
    assert set(rows) == {(s, y) for s in ("functional", "economic") for y in range(2017, 2027)} | {
        ("government", y) for y in range(2018, 2027)}
    code, out, _ = run(capsys, "codes", "list")
    lv = _csv_levels("functional", 2025)
    expected = f"functional  2025  {sum(lv.values()):>5}  类 {lv['类']} 款 {lv['款']} 项 {lv['项']}"
    assert expected in out.splitlines()


def test_list_year(capsys):
    code, out, _ = run(capsys, "codes", "list", "--year", "2017")
    lines = out.splitlines()
    assert code == 0 and len(lines) == sum(_csv_levels("functional", 2017).values())
    assert lines[0] == "201      一般公共服务支出  [attested]"
    assert lines[1] == "  20101    人大事务  [attested]"
    assert lines[2] == "    2010101  行政运行  [attested]"
    assert "    2010103  机关服务  [reconstructed]" in lines


def test_diff(capsys):
    code, out, _ = run(capsys, "codes", "diff", "2024", "2025", "--all")
    lines = out.splitlines()
    assert code == 0
    # 2025 prints both names of 20805 (the main name and, once, the old one): unchanged
    assert "unchanged  20805    行政事业单位养老支出  [attested]" in lines
    assert "unchanged  2210201  住房公积金  [attested]" in lines
    assert "added      2210111  配租型住房保障  [public-notice]" in lines
    assert lines[0].startswith("functional 2024 → 2025: ")
    code, out, _ = run(capsys, "codes", "diff", "2020", "2024")
    assert "moved      21006    中医药 → 21017 中医药事务  [public-notice]" in out.splitlines()
    code, out, _ = run(capsys, "codes", "diff", "2018", "2026", "--scheme", "economic", "--json")
    by_code = {d["code"]: d for d in json.loads(out)}
    # 2026 prints 维修(护)费 with ASCII brackets: a print variant, not a rename
    assert (by_code["30213"]["status"], by_code["30213"]["to_name"]) == ("unchanged", "维修（护）费")


def test_commands_registry_and_reader_hook(monkeypatch):
    assert cli.add_codes_commands in cli.COMMANDS
    seen = []
    monkeypatch.setattr(cli, "COMMANDS", [*cli.COMMANDS, lambda sub: seen.append(sub.add_parser("extra"))])
    parser = cli.build_parser()
    assert seen and parser.parse_args(["extra"]).command == "extra"


def test_reader_hook_reraises_other_missing_modules(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, globals=None, locals=None, fromlist=(), level=0):
        if name == "reader.cli" and level == 1:
            raise ModuleNotFoundError("No module named 'pdfplumber'", name="pdfplumber")
        return real_import(name, globals, locals, fromlist, level)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(ModuleNotFoundError, match="pdfplumber"):
        cli.build_parser()


def test_reader_hook_skips_when_reader_cli_is_absent(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, globals=None, locals=None, fromlist=(), level=0):
        if name == "reader.cli" and level == 1:
            raise ModuleNotFoundError("No module named 'govbudget.reader.cli'", name="govbudget.reader.cli")
        return real_import(name, globals, locals, fromlist, level)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    assert "codes" in cli.build_parser().format_help()


def test_python_dash_m(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONIOENCODING"] = "utf-8"
    proc = subprocess.run(
        [sys.executable, "-m", "govbudget", "codes", "show", "2010450"],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=env, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[:3] == ["code      2010450", "name      事业运行", "level     项"]
    assert "path      一般公共服务支出 › 发展与改革事务 › 事业运行" in proc.stdout


def test_diff_answers_first_changes_then_nothing_unchanged_unless_asked(capsys):
    """`codes diff 2024 2025 | head` showed 480 "unchanged" lines first and the summary last (issue 14)."""
    code, out, _ = run(capsys, "codes", "diff", "2024", "2025")
    lines = out.splitlines()
    assert code == 0
    head = lines[0]
    assert head.startswith("functional 2024 → 2025: ") and "unchanged (--all lists them)" in head
    assert not [x for x in lines if x.startswith("unchanged ")]
    assert "added      2210111  配租型住房保障  [public-notice]" in lines[:5]
    n_changed = int(head.split(": ")[1].split(" changed")[0])
    assert n_changed == len([x for x in lines if x.split(" ")[0] in ("renamed", "moved", "added", "removed",
                                                                     "unattested")])
    _, everything, _ = run(capsys, "codes", "diff", "2024", "2025", "--all")
    statuses = [x.split(" ")[0] for x in everything.splitlines()[1:] if not x.startswith("unattested:")]
    assert statuses.index("unchanged") > max(i for i, st in enumerate(statuses) if st != "unchanged")


def test_diff_does_not_print_attested_next_to_unattested(capsys):
    """An "unattested" line says whose evidence the tag is: the one edition that lists the code."""
    _, out, _ = run(capsys, "codes", "diff", "2024", "2025")
    lines = [x for x in out.splitlines() if x.startswith("unattested ")]
    assert lines and not [x for x in lines if x.endswith("[attested]") or x.endswith("[public-notice]")]
    assert "unattested 2010507  专项普查活动  [attested in 2024; not listed in the partial 2025 edition]" in lines
