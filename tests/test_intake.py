"""File intake (issue 12 item 10 and the file limits): every bad input gets its own typed error."""

from __future__ import annotations

import os
import shutil

import pytest
from reader_fixtures import REPORTS, SEED, SEED_TEXT

import govbudget as gb
from govbudget import limits
from govbudget.cli import main

INTAKE = SEED.parents[1] / "intake"


def _error(path) -> str:
    with pytest.raises(gb.ReportReadError) as e:
        gb.read_report(path)
    return str(e.value)


def test_nul_bytes_and_a_text_without_a_report_exit_2(tmp_path, capsys):
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"\x00" * 10000)
    prose = tmp_path / "prose.txt"
    prose.write_text("各位同事：\n下周一上午九点在三楼会议室开会，请准时参加。\n", encoding="utf-8")
    for p in (nul, prose):
        assert main(["check", str(p)]) == 2
        assert f"{p} is not a report" in capsys.readouterr().err
        assert main(["check", str(p), "--json"]) == 2
        assert "is not a report" in capsys.readouterr().out
        assert main(["read", str(p)]) == 2
        assert "is not a report" in capsys.readouterr().err


@pytest.mark.parametrize(("path", "reason"), [
    ("", "cannot read '': the path is empty"),
    ("   ", "cannot read '   ': the path is empty"),
    ("/dev/null", "cannot read /dev/null: is a character device, not a file"),
])
def test_special_paths(path, reason, capsys):
    assert _error(path) == reason
    assert main(["check", path]) == 2
    assert reason in capsys.readouterr().err


def test_directory_fifo_symlinks(tmp_path):
    assert "is a directory" in _error(tmp_path)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert _error(fifo) == f"cannot read {fifo}: is a named pipe (FIFO), not a file"
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert _error(loop) == f"cannot read {loop}: a symlink loop (the link points back to itself)"
    broken = tmp_path / "broken.txt"
    broken.symlink_to(tmp_path / "gone.txt")
    assert _error(broken) == (f"cannot read {broken}: a broken symlink (it points to {tmp_path / 'gone.txt'}, "
                              "which does not exist)")
    assert _error(tmp_path / "missing.txt").endswith("missing.txt: file not found")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert _error(empty) == f"cannot read {empty}: the file is empty (0 bytes): no text"
    with pytest.raises(gb.ReportReadError, match=r"a path must be a str or os\.PathLike, not int"):
        gb.read_report(42)


def test_fifo_does_not_block_the_cli(tmp_path, capsys):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    assert main(["check", str(fifo)]) == 2  # said from its type: the pipe is never opened (that would block)
    assert "named pipe" in capsys.readouterr().err


def test_encrypted_and_broken_pdf(tmp_path):
    enc = INTAKE / "encrypted_password_secret.pdf"
    assert _error(enc) == (f"cannot read {enc}: the PDF is encrypted (password-protected); "
                           "save an unprotected copy and read that")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"garbage " * 100)
    assert _error(broken).startswith(f"cannot read {broken}: not a readable PDF (")
    notpdf = tmp_path / "report.docx"
    notpdf.write_bytes(b"PK\x03\x04")
    assert _error(notpdf) == f"cannot read {notpdf}: unsupported file type '.docx' (use .txt or .pdf)"


def test_one_bad_byte_is_read_around_and_listed(tmp_path):
    raw = SEED.read_bytes()
    cut = raw.index("合计\t\t519.63\t455.65".encode())  # the 公开03 合计 row (seed line 157)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(raw[:cut] + b"\xff" + raw[cut:])
    rep = gb.read_report(bad)
    assert rep.key_figures()["income_total"] == gb.D("519.63")  # the rest of the file is read
    listed = [u for u in rep.unmapped if "not UTF-8" in u.reason]
    assert len(listed) == 1
    assert (listed[0].line, listed[0].reason) == (
        SEED_TEXT[: SEED_TEXT.index("合计\t\t519.63\t455.65")].count("\n") + 1,
        f"bytes that are not UTF-8 (ff at byte {cut}) were read as U+FFFD")
    assert listed[0].text.startswith("\ufffd合计")


def test_many_bad_bytes_are_summed_up(tmp_path):
    raw = "收入决算表\n".encode() * 500
    noisy = tmp_path / "noisy.txt"
    noisy.write_bytes(b"\xff".join(raw[i:i + 16] for i in range(0, 16 * 30, 16)) + raw[16 * 30:])
    rep = gb.read_report(noisy)
    listed = [u for u in rep.unmapped if "not UTF-8" in u.reason]
    assert len(listed) == 21 and listed[-1].reason.startswith("9 more places")


def test_gbk_text_is_still_read_as_gbk(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(SEED_TEXT.encode("gb18030"))
    rep = gb.read_report(p)
    assert rep.key_figures()["basic"] == gb.D("455.65") and not [u for u in rep.unmapped if "UTF-8" in u.reason]


# ----------------------------------------------------------------------------- limits


def test_max_file_bytes(tmp_path, capsys):
    p = tmp_path / "r.txt"
    shutil.copy(SEED, p)
    size = p.stat().st_size
    with limits.override(max_file_bytes=1000), pytest.raises(gb.LimitExceededError) as e:
        gb.read_report(p)
    assert (e.value.limit, e.value.value, e.value.found) == ("max_file_bytes", 1000, size)
    assert "limits.override(max_file_bytes=...)" in str(e.value)
    with limits.override(max_file_bytes=size):
        assert gb.read_report(p).year == 2024


def test_max_pdf_pages_before_extraction(monkeypatch):
    from govbudget.reader import _pdf

    pdf = REPORTS / "putuo_commerce_2025_unit_budget.pdf"
    monkeypatch.setattr(_pdf, "pdf_to_text", lambda path: pytest.fail("pages extracted before the limit"))
    with limits.override(max_pdf_pages=3), pytest.raises(gb.LimitExceededError) as e:
        gb.read_report(pdf)
    assert (e.value.limit, e.value.value) == ("max_pdf_pages", 3)
    assert e.value.found > 3 and str(pdf) in str(e.value)


def test_max_line_chars(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text("收入决算表\n" + "1" * 50 + "\n", encoding="utf-8")
    with limits.override(max_line_chars=40):
        with pytest.raises(gb.LimitExceededError, match=r"long.txt line 2: 50 exceeds the limit max_line_chars = 40"):
            gb.read_report(p)
        with pytest.raises(gb.LimitExceededError, match=r"text line 2: 50 exceeds"):
            gb.read_report(text="收入决算表\n" + "1" * 50 + "\n")


def test_limits_reach_the_batch_workers(tmp_path):
    shutil.copy(SEED, tmp_path / "a.txt")
    with limits.override(max_file_bytes=1000):
        reports, _ = gb.check_many([tmp_path], jobs=2, progress=False)  # one report: checked in this process
        shutil.copy(SEED, tmp_path / "b.txt")
        reports2, _ = gb.check_many([tmp_path], jobs=2, progress=False)  # two: in worker processes
    for r in (reports, reports2):
        assert set(r["status"]) == {"unreadable"}
        assert all("max_file_bytes" in e for e in r["error"])


def test_check_seconds_is_restored_after_check():
    import signal

    before = signal.getsignal(signal.SIGALRM)
    gb.read_report(SEED).check()
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
