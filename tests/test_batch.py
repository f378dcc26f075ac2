"""Many reports at once (issue 13) and one report in several files (issue 9.5)."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal

import polars as pl
import pytest
from reader_fixtures import REPORTS, SEED

import govbudget as gb
from govbudget import batch
from govbudget.cli import main

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.fixture
def folder(tmp_path):
    """A folder of reports as a user has it: two text reports, a text that is no report, a broken PDF,
    a file of NUL bytes, in a sub-folder a report split into 情况说明 and tables."""
    d = tmp_path / "reports"
    (d / "sub").mkdir(parents=True)
    shutil.copy(SEED, d / "zhuzhou_2024.txt")
    shutil.copy(REPORTS / "putuo_justice_2026_dept_budget.txt", d / "justice.txt")
    (d / "notes.txt").write_text("会议纪要\n今天讨论了下一年的工作安排。\n", encoding="utf-8")
    (d / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n")
    (d / "nul.txt").write_bytes(b"\x00" * 4096)
    _split_seed(d / "sub" / "zhuzhou_split.txt", d / "sub" / "zhuzhou_split_tables.txt")
    (d / ".hidden.txt").write_text("not looked at", encoding="utf-8")
    return d


def _split_seed(narrative, tables):
    """The seed as two volumes: cover and 说明 (lines 1-70 and 353-566), tables (lines 71-352)."""
    narrative.write_text("".join(SEED_LINES[:70] + SEED_LINES[352:]), encoding="utf-8")
    tables.write_text("".join(SEED_LINES[70:352]), encoding="utf-8")


def _by_name(reports):
    return {r["file"].rsplit("/", 1)[-1]: r for r in reports.iter_rows(named=True)}


def test_check_many_statuses_and_figures(folder):
    reports, findings = gb.check_many([folder], jobs=1, progress=False)
    rows = _by_name(reports)
    assert sorted(rows) == ["broken.pdf", "justice.txt", "notes.txt", "nul.txt", "zhuzhou_2024.txt",
                            "zhuzhou_split.txt"]
    assert rows["notes.txt"]["status"] == "not a report"
    assert rows["nul.txt"]["status"] == "not a report"
    assert rows["broken.pdf"]["status"] == "unreadable" and "broken.pdf" in rows["broken.pdf"]["error"]
    seed = rows["zhuzhou_2024.txt"]
    # printed in the seed: 公开01 一般公共预算财政拨款收入 519.63; 公开03 合计 519.63 / 455.65 / 63.98 (万元)
    assert (seed["status"], seed["unit"], seed["year"], seed["kind"], seed["amount_unit"]) == (
        "ok", "株洲市长株潭一体化发展事务中心", 2024, "决算", "万元")
    assert (seed["income_total"], seed["expenditure_total"], seed["basic"], seed["project"]) == (
        "519.63", "519.63", "455.65", "63.98")
    assert seed["contradiction"] > 0 and seed["checks"] == sum(seed[v] for v in batch._VERDICTS)
    # the split seed is one report (its table volume joined), with the same figures
    split = rows["zhuzhou_split.txt"]
    assert split["files"].endswith("zhuzhou_split.txt + " + str(folder / "sub" / "zhuzhou_split_tables.txt"))
    assert (split["basic"], split["project"], split["unit"]) == ("455.65", "63.98", "株洲市长株潭一体化发展事务中心")
    # amounts stay exact strings; no float column anywhere
    assert all(not dt.is_float() for dt in [*reports.dtypes, *findings.dtypes])
    assert set(findings["file"].unique()) == {rows[n]["file"] for n in ("zhuzhou_2024.txt", "justice.txt",
                                                                         "zhuzhou_split.txt")}


def test_finding_rows_have_page_and_line(folder):
    _, findings = gb.check_many([folder / "justice.txt"], jobs=1, progress=False)
    contra = findings.filter(pl.col("verdict") == "contradiction")
    assert contra.height > 0
    assert contra["line"].null_count() < contra.height
    row = contra.filter(pl.col("line").is_not_null()).row(0, named=True)
    assert f"第{row['line']}行" in row["places"]
    for col in ("expected", "found"):
        for v in contra[col].drop_nulls():
            Decimal(v)  # exact strings


def test_process_pool_gives_the_same_tables(folder):
    one = gb.check_many([folder], jobs=1, progress=False)
    with ProcessPoolExecutor(max_workers=2) as ex:
        pool = gb.check_many([folder], executor=ex, progress=False)
    two = gb.check_many([folder], jobs=2, progress=False)
    for got in (pool, two):
        assert got[0].drop("milliseconds").equals(one[0].drop("milliseconds"))
        assert got[1].equals(one[1])


def test_read_report_of_two_files_keeps_each_file(folder):
    a, b = folder / "sub" / "zhuzhou_split.txt", folder / "sub" / "zhuzhou_split_tables.txt"
    rep = gb.read_report([a, b])
    assert rep.files == (str(a), str(b)) and rep.source == str(a)
    kf = rep.key_figures()
    assert (kf["basic"], kf["project"], kf["year"], kf["kind"]) == (Decimal("455.65"), Decimal("63.98"), 2024, "决算")
    summary = rep.table("income_expenditure_summary")
    cell = summary.get("一般公共预算财政拨款收入")
    # printed on line 78 of the seed, which is line 8 of the table volume (seed lines 71-352)
    assert (cell.file, cell.line, cell.value) == (str(b), 8, Decimal("519.63"))
    assert SEED_LINES[77].startswith("一、一般公共预算财政拨款收入\t1\t519.63")
    heads = {s.heading: s for s in rep.narrative}
    s = heads["一、收入支出决算总体情况说明"]  # seed line 359 = line 70 + (359 - 352) of the 说明 volume
    assert (s.file, s.line) == (str(a), 77)
    files = {t.table_id: {c.file for c in t.cells} for t in rep.tables if t.cells}
    assert files["expenditure"] == files["three_public"] == {str(b)}  # 公开03, 公开09: table volume
    assert files["performance_basic_data"] == {str(a)}  # the 绩效 tables come after the 说明 (seed line 492)


def test_cli_batch_exit_codes_tables_and_resume(folder, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out" / "r.parquet"
    assert main(["check", str(folder), "--jobs", "1", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    for name in ("notes.txt", "nul.txt", "broken.pdf"):  # the files not read are named
        assert name in captured.err
    assert "6 reports: 3 ok, 3 not read, 3 with contradictions" in captured.out
    reports, findings = pl.read_parquet(out), pl.read_parquet(tmp_path / "out" / "r.findings.parquet")
    assert reports.height == 6 and findings.height > 100
    assert set(reports["status"]) == {"ok", "not a report", "unreadable"}
    calls = []
    monkeypatch.setattr(batch, "check_job", lambda job: calls.append(job) or pytest.fail("checked again"))
    assert main(["check", str(folder), "--jobs", "1", "--out", str(out)]) == 2  # resumed: nothing checked
    assert calls == []
    assert "6 reports: 3 ok" in capsys.readouterr().out
    again = pl.read_parquet(out)
    assert again.drop("milliseconds").sort("file").equals(reports.drop("milliseconds").sort("file"))


def test_resume_checks_again_what_was_checked_with_other_settings(folder, tmp_path, monkeypatch):
    """The same files with another layout file or --strict are checked again; the same settings are not."""
    out, seed = tmp_path / "r.parquet", str(folder / "zhuzhou_2024.txt")
    lay = tmp_path / "lay.toml"
    lay.write_text('id = "mine"\ndisable = ["R03.1"]\n', encoding="utf-8")
    assert main(["check", seed, "--out", str(out), "--jobs", "1", "--no-progress"]) == 1
    first = pl.read_parquet(out)["checked_with"].to_list()
    calls = []
    real = batch.check_job
    monkeypatch.setattr(batch, "check_job", lambda job: calls.append(job) or real(job))
    main(["check", seed, "--out", str(out), "--jobs", "1", "--no-progress"])
    assert calls == []
    main(["check", seed, "--out", str(out), "--jobs", "1", "--no-progress", "--layout", str(lay)])
    main(["check", seed, "--out", str(out), "--jobs", "1", "--no-progress", "--layout", str(lay)])
    lay.write_text('id = "mine"\ndisable = ["R03.2"]\n', encoding="utf-8")  # the same file, edited
    main(["check", seed, "--out", str(out), "--jobs", "1", "--no-progress", "--layout", str(lay)])
    main(["check", seed, "--out", str(out), "--jobs", "1", "--no-progress", "--strict"])
    assert [(c.layouts != (), c.strict) for c in calls] == [(True, False), (True, False), (False, True)]
    again = pl.read_parquet(out)
    assert again.height == 1 and again["checked_with"].to_list() != first  # one row per report, the newest


def test_cli_exit_codes_zero_and_one(tmp_path, capsys):
    shutil.copy(REPORTS / "shanghai_dept_final_template_2024.txt", tmp_path / "a.txt")
    assert main(["check", str(tmp_path), "--jobs", "1", "--no-progress"]) == 0
    shutil.copy(SEED, tmp_path / "b.txt")
    assert main(["check", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--no-progress"]) == 1
    out = capsys.readouterr().out
    assert "contradictions: " + str(tmp_path / "b.txt") in out


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_cli_out_csv_and_xlsx_resume(folder, tmp_path, suffix, monkeypatch):
    out = tmp_path / f"r{suffix}"
    assert main(["check", str(folder / "zhuzhou_2024.txt"), str(folder / "notes.txt"), "--out", str(out),
                 "--jobs", "1", "--no-progress"]) == 2
    first = batch.read_tables(out)
    assert first[0].height == 2 and first[1].height > 50
    assert first[0].filter(pl.col("status") == "ok")["basic"].to_list() == ["455.65"]
    monkeypatch.setattr(batch, "check_job", lambda job: pytest.fail("checked again"))
    assert main(["check", str(folder / "zhuzhou_2024.txt"), str(folder / "notes.txt"), "--out", str(out),
                 "--jobs", "1", "--no-progress"]) == 2
    second = batch.read_tables(out)
    assert second[0].drop("milliseconds").equals(first[0].drop("milliseconds"))
    assert second[1].equals(first[1])


def test_cli_json_batch_and_plain_progress_lines(folder, capsys):
    assert main(["check", str(folder / "zhuzhou_2024.txt"), str(folder / "notes.txt"), "--json", "--jobs", "1"]) == 2
    captured = capsys.readouterr()
    rows = json.loads(captured.out)["reports"]
    assert [r["status"] for r in rows] == ["ok", "not a report"]
    assert "[1/2] " in captured.err and "[2/2] " in captured.err  # not a terminal: plain lines


def test_grouping_rules(tmp_path):
    for name in ("a.pdf", "a_tables.pdf", "b.txt", "b.tables.txt", "c_tables.pdf", "d.txt", "d.tables.txt"):
        (tmp_path / name).write_bytes(b"x")
    groups = [tuple(p.rsplit("/", 1)[-1] for p in g) for g in batch.plan([tmp_path])]
    assert sorted(groups) == [("a.pdf", "a_tables.pdf"), ("b.txt", "b.tables.txt"), ("c_tables.pdf",),
                              ("d.txt", "d.tables.txt")]
    # a text layer given alone takes its .tables.txt sibling along; --as-one joins everything given
    assert [tuple(p.rsplit("/", 1)[-1] for p in g) for g in batch.plan([tmp_path / "b.txt"])] == [
        ("b.txt", "b.tables.txt")]
    assert len(batch.plan([tmp_path / "a.pdf", tmp_path / "d.txt"], as_one=True)) == 1


def test_as_one_and_read_of_several(folder, capsys):
    a, b = folder / "sub" / "zhuzhou_split.txt", folder / "sub" / "zhuzhou_split_tables.txt"
    assert main(["read", str(a), str(b), "--json"]) == 0  # files that belong together: one report
    out = json.loads(capsys.readouterr().out)
    assert out["key_figures"]["basic"] == "455.65" and out["files"] == [str(a), str(b)]
    assert main(["read", str(folder / "justice.txt"), str(folder / "zhuzhou_2024.txt")]) == 2
    assert "are 2 reports" in capsys.readouterr().err
    c = folder / "sub" / "volume_two.txt"
    shutil.copy(b, c)
    assert main(["check", str(a), str(c), "--as-one", "--json"]) in (0, 1)
    assert json.loads(capsys.readouterr().out)["findings"]


def test_timed_out_report_is_a_row(folder, monkeypatch):
    import time

    from govbudget.reader import PublishedReport

    monkeypatch.setattr(PublishedReport, "check", lambda self, **kw: time.sleep(5))
    reports, _ = gb.check_many([folder / "zhuzhou_2024.txt"], jobs=1, progress=False, timeout=0.2)
    row = reports.row(0, named=True)
    assert row["status"] == "timed out" and "0.2 s" in row["error"]
    assert row["milliseconds"] < 4500  # the 5 s check was interrupted, not waited for


def test_check_seconds_limit_is_a_timed_out_row(folder, monkeypatch):
    import time

    from govbudget import (
        checks,  # PublishedReport.check() runs govbudget.checks.check → check_report
        limits,
    )

    monkeypatch.setattr(checks, "check_report", lambda rep, **kw: time.sleep(5))
    with limits.override(check_seconds=0.2):
        reports, _ = gb.check_many([folder / "zhuzhou_2024.txt"], jobs=1, progress=False)
        with pytest.raises(gb.LimitExceededError, match="check_seconds"):
            gb.read_report(folder / "zhuzhou_2024.txt").check()
    row = reports.row(0, named=True)
    assert row["status"] == "timed out" and "check_seconds" in row["error"]


def test_html_page_is_self_contained_and_sortable(folder, tmp_path):
    import re

    page = tmp_path / "r.html"
    assert main(["check", str(folder), "--jobs", "1", "--no-progress", "--html", str(page)]) == 2
    text = page.read_text(encoding="utf-8")
    # no network: no external script, style, image or font; the only URL is the SVG namespace
    assert re.findall(r"https?://[^\"' ]+", text) == ["http://www.w3.org/2000/svg"] * 2
    assert "<link" not in text and "src=" not in text and "@import" not in text
    # two SVG charts whose labels are Chinese text in a CJK font list
    svgs = re.findall(r"<svg .*?</svg>", text, flags=re.S)
    assert len(svgs) == 2
    for svg in svgs:
        assert ('font-family="\'Noto Sans CJK SC\', \'Source Han Sans SC\', \'PingFang SC\', '
                '\'Microsoft YaHei\', sans-serif"') in svg
    assert "各规则的发现数" in svgs[0] and "矛盾" in svgs[0]
    assert "报告按矛盾占比分布" in svgs[1] and "未读取/无核对" in svgs[1]
    # the reports table: sortable headings, first row the report with the most contradictions
    assert 'aria-sort="descending" data-col="contradiction"' in text and "addEventListener" in text
    body = text[text.index('<table id="reports">'):text.index("</table>", text.index('<table id="reports">'))]
    rows = re.findall(r"<tr><td class=\"file\" title=\"[^\"]*\" data-v=\"([^\"]*)\">", body)
    assert len(rows) == 6
    reports, findings = gb.check_many([folder], jobs=1, progress=False)
    most = reports.sort("contradiction", descending=True, nulls_last=True).row(0, named=True)
    assert rows[0] == most["file"]
    # the statuses of files that were not read, with their error
    assert "不是报告" in body and "无法读取" in body and "not a readable PDF" in body
    # each finding with its page and line
    contra = findings.filter((pl.col("verdict") == "contradiction") & pl.col("line").is_not_null()).row(0, named=True)
    assert f'<td class="num">{contra["line"]}</td>' in text


_ORIGINAL_CHECK_JOB = batch.check_job


def _hang_or_crash(job):
    """In a worker: a file named hang.txt blocks the timer signal and hangs; crash.txt kills the process."""
    import os
    import signal
    import time

    name = job.files[0].rsplit("/", 1)[-1]
    if name == "hang.txt":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(120)
    if name == "crash.txt":
        os._exit(3)
    return _ORIGINAL_CHECK_JOB(job)


def test_a_stuck_or_crashing_worker_takes_only_its_own_report(tmp_path, monkeypatch):
    for name in ("a.txt", "b.txt", "c.txt", "hang.txt", "crash.txt"):
        shutil.copy(SEED, tmp_path / name)
    monkeypatch.setattr(batch, "check_job", _hang_or_crash)  # the workers are forked: they see it too
    monkeypatch.setattr(batch, "GRACE_SECONDS", 1)
    reports, findings = gb.check_many([tmp_path], jobs=2, progress=False, timeout=8)  # room on a loaded machine
    rows = _by_name(reports)
    assert [rows[n]["status"] for n in ("a.txt", "b.txt", "c.txt")] == ["ok"] * 3
    assert rows["hang.txt"]["status"] == "timed out" and "its worker was ended" in rows["hang.txt"]["error"]
    assert rows["crash.txt"]["status"] == "unreadable" and "worker process died" in rows["crash.txt"]["error"]
    assert set(findings["file"].unique()) == {rows[n]["file"] for n in ("a.txt", "b.txt", "c.txt")}


def test_a_folder_without_reports_is_an_error(tmp_path, capsys):
    (tmp_path / "notes.docx").write_bytes(b"PK")
    assert main(["check", str(tmp_path)]) == 2
    assert f"no report file (.pdf, .txt) in {tmp_path}" in capsys.readouterr().err


def test_resume_does_not_take_a_missing_file_for_another(tmp_path, capsys):
    out = tmp_path / "r.csv"
    shutil.copy(SEED, tmp_path / "a.txt")
    args = ["check", str(tmp_path / "a.txt"), str(tmp_path / "gone.txt"), "--out", str(out), "--jobs", "1",
            "--no-progress"]
    assert main(args) == 2
    assert main([*args[:2], str(tmp_path / "missing-too.txt"), *args[3:]]) == 2
    err = capsys.readouterr().err
    assert "missing-too.txt — unreadable: cannot read" in err and "file not found" in err
    reports, _ = batch.read_tables(out)
    assert sorted(r.rsplit("/", 1)[-1] for r in reports["file"]) == ["a.txt", "missing-too.txt"]
