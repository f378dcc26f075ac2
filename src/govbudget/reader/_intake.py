"""File intake: open the files of a report with accurate errors, the limits, and tolerant decoding.

Everything here happens before the text is parsed: the path is checked for what it is (a
missing file, a directory, a device such as ``/dev/null``, a FIFO, a symlink loop, an empty
path each get their own message), its size against ``limits.max_file_bytes``, a PDF's
encryption and page count (``limits.max_pdf_pages``) before any page is extracted, and every
line against ``limits.max_line_chars``. A text that is UTF-8 but for a few bad bytes is read,
and the places of the bad bytes are returned so they can be listed in ``unmapped``.

>>> text, bad, more = decode_text("收入\\n支".encode() + b"\\xff" + "出\\n".encode(), "r.txt")
>>> text.splitlines()[1] == "支\\ufffd出", bad, more
(True, [(2, 10, 'ff')], 0)
"""

from __future__ import annotations

import bisect
import codecs
import contextvars
import errno
import os
import re
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from .. import limits
from ..errors import MissingDependencyError, ReportReadError

__all__ = ["bad_bytes", "decode_text", "file_text", "group_paths", "open_path", "report_paths"]

#: suffixes of the files a report can be read from
SUFFIXES = (".pdf", ".txt")
#: stems that mark the table volume of a report published in two files (``x_tables.pdf`` next to ``x.pdf``)
_VOLUME_MARKS = ("_tables", "-tables", ".tables_volume")
#: at most this many bad-byte places are listed one by one; the rest are summed up in one entry
MAX_BAD_PLACES = 20


def open_path(path: object) -> Path:
    """The path of a regular file to read, after checking what it is and its size.

    Raises:
        ReportReadError: with the precise reason (empty path, not found, broken symlink,
            symlink loop, permission denied, directory, device, FIFO, socket, empty file).
        LimitExceededError: the file is larger than ``limits.max_file_bytes``.

    >>> open_path("")
    Traceback (most recent call last):
    ...
    govbudget.errors.ReportReadError: cannot read '': the path is empty
    >>> open_path("/dev/null")
    Traceback (most recent call last):
    ...
    govbudget.errors.ReportReadError: cannot read /dev/null: is a character device, not a file
    """
    try:
        s = os.fspath(path)  # type: ignore[arg-type]
    except TypeError:
        raise ReportReadError(f"cannot read {path!r}: a path must be a str or os.PathLike, "
                              f"not {type(path).__name__}") from None
    if isinstance(s, bytes):
        s = os.fsdecode(s)
    if not s.strip():
        raise ReportReadError(f"cannot read {s!r}: the path is empty")
    p = Path(s)
    try:
        st = p.stat()
    except OSError as exc:
        raise ReportReadError(f"cannot read {s}: {_stat_reason(p, exc)}") from None
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise ReportReadError(f"cannot read {s}: is a directory (give its files, or check it as a folder: "
                              "govbudget check DIR)")
    kind = ("a character device" if stat.S_ISCHR(mode) else "a block device" if stat.S_ISBLK(mode)
            else "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else None if stat.S_ISREG(mode) else "not a regular file")
    if kind:
        raise ReportReadError(f"cannot read {s}: is {kind}, not a file")
    limits.enforce("max_file_bytes", st.st_size, s)
    if st.st_size == 0:
        raise ReportReadError(f"cannot read {s}: the file is empty (0 bytes): no text")
    if not os.access(p, os.R_OK):
        raise ReportReadError(f"cannot read {s}: permission denied")
    return p


def _stat_reason(p: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a symlink loop (the link points back to itself)"
    if isinstance(exc, PermissionError):
        return "permission denied (a folder on the path cannot be entered)"
    if exc.errno == errno.ENAMETOOLONG:
        return "the path is too long"
    if isinstance(exc, FileNotFoundError):
        if p.is_symlink():
            return f"a broken symlink (it points to {os.readlink(p)}, which does not exist)"
        return "file not found"
    if exc.errno == errno.ENOTDIR:
        return "file not found (a part of the path is a file, not a folder)"
    return exc.strerror or type(exc).__name__


def decode_text(data: bytes, source: object) -> tuple[str, list[tuple[int, int, str]], int]:
    r"""The text of a report file, the places of bytes that do not decode ``[(line, byte offset, hex)]``
    (the first :data:`MAX_BAD_PLACES`), and how many more bad places there are.

    UTF-8 (with or without BOM) is tried first. A text that is UTF-8 but for a few bad bytes
    (at least ten well-formed non-ASCII characters per bad place) is read as UTF-8 with each bad byte replaced by
    U+FFFD, and their places returned: nothing is refused for one bad byte. Otherwise a text
    that is valid GB18030 (which covers GBK/GB2312) is read as such; failing that, as UTF-8
    with replacements.

    >>> decode_text("合计".encode("gbk"), "gbk.txt")
    ('合计', [], 0)
    >>> decode_text(b"a\r\nb\xc3", "x.txt")
    ('a\r\nb\ufffd', [(2, 4, 'c3')], 0)
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), [], 0
    except UnicodeDecodeError:
        pass
    runs: list[tuple[int, int]] = []
    token = _SINK.set(runs)
    try:
        text = data.decode("utf-8", errors="govbudget.record")
    finally:
        _SINK.reset(token)
    wide = sum(1 for ch in text if ord(ch) > 0x7F) - len(runs)  # characters that did decode as multi-byte UTF-8
    if wide < 10 * len(runs):  # mostly not UTF-8: a GBK/GB18030 file?
        try:
            return data.decode("gb18030"), [], 0
        except UnicodeDecodeError:
            pass
    starts = _line_starts(text)
    places = []
    for start, end in runs[:MAX_BAD_PLACES]:
        chars = len(data[:start].decode("utf-8", errors="replace"))
        places.append((_line_of(starts, chars), start, data[start:end].hex()))
    return text, places, max(0, len(runs) - MAX_BAD_PLACES)


_SINK: contextvars.ContextVar[list[tuple[int, int]]] = contextvars.ContextVar("govbudget_bad_bytes")


def _record(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):  # pragma: no cover - only registered for decoding
        raise exc
    _SINK.get().append((exc.start, exc.end))
    return "\ufffd", exc.end


codecs.register_error("govbudget.record", _record)


def _line_starts(text: str) -> list[int]:
    starts, pos = [0], 0
    for ln in text.splitlines(keepends=True):
        pos += len(ln)
        starts.append(pos)
    return starts


def _line_of(starts: list[int], index: int) -> int:
    return bisect.bisect_right(starts, index)


def enforce_lines(text: str, source: object) -> None:
    """Refuse a text with a line longer than ``limits.max_line_chars`` (naming the line).

    >>> from govbudget import limits
    >>> with limits.override(max_line_chars=5):
    ...     enforce_lines("ok\\n123456\\n", "r.txt")
    Traceback (most recent call last):
    ...
    govbudget.errors.LimitExceededError: r.txt line 2: 6 exceeds the limit max_line_chars = 5; raise it with govbudget.limits.override(max_line_chars=...)
    """
    cap = limits.current().max_line_chars
    if cap is None or len(text) <= cap:
        return
    for no, line in enumerate(text.splitlines(), start=1):
        if len(line) > cap:
            limits.enforce("max_line_chars", len(line), f"{source} line {no}")


def bad_bytes(text: str, places: list[tuple[int, int, str]], more: int, file: str | None = None) -> tuple:
    r"""The bad-byte places of :func:`decode_text` as :class:`Unmapped` entries (line, page, the line as read).

    >>> [u.reason for u in bad_bytes("a\nb\ufffd\n", [(2, 3, "ff")], 0)]
    ['bytes that are not UTF-8 (ff at byte 3) were read as U+FFFD']
    """
    from ._model import Unmapped

    if not places:
        return ()
    lines = text.splitlines()
    out = []
    for line, offset, hexed in places:
        out.append(Unmapped(page=_page_of(lines, line), line=line, file=file,
                            text=lines[line - 1] if line <= len(lines) else "",
                            reason=f"bytes that are not UTF-8 ({hexed} at byte {offset}) were read as U+FFFD"))
    if more:
        out.append(Unmapped(page=None, line=places[-1][0], text="", file=file,
                            reason=f"{more} more places with bytes that are not UTF-8 were read as U+FFFD"))
    return tuple(out)


_PAGE = re.compile(r"^\s*=== 第(\d+)页 ===\s*$")


def _page_of(lines: list[str], line: int) -> int | None:
    for ln in reversed(lines[:line]):
        m = _PAGE.match(ln)
        if m:
            return int(m.group(1))
    return None


def pdf_preflight(p: Path) -> None:
    """Open a PDF cheaply (pdfium) before extraction: refuse an encrypted one with a clear reason,
    a broken one, and one with more pages than ``limits.max_pdf_pages``."""
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - pdfplumber depends on it
        raise MissingDependencyError("pdfplumber", "pdf") from exc
    try:
        doc = pdfium.PdfDocument(str(p))
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower() or "security" in msg.lower():
            raise ReportReadError(f"cannot read {p}: the PDF is encrypted (password-protected); "
                                  "save an unprotected copy and read that") from None
        raise ReportReadError(f"cannot read {p}: not a readable PDF ({msg})") from None
    try:
        pages = len(doc)
    finally:
        doc.close()
    limits.enforce("max_pdf_pages", pages, str(p))
    if pages == 0:
        raise ReportReadError(f"cannot read {p}: the PDF has no pages")


def file_text(path: object) -> tuple[Path, str, list[tuple[int, int, str]], int]:
    """Open one report file: ``(path, text, bad-byte places, more bad places)``; a PDF is converted to text.

    >>> file_text("report.docx")
    Traceback (most recent call last):
    ...
    govbudget.errors.ReportReadError: cannot read report.docx: file not found
    """
    p = open_path(path)
    suffix = p.suffix.lower()
    if suffix == ".pdf":
        pdf_preflight(p)
        from ._pdf import pdf_to_text

        text, bad, more = pdf_to_text(p), [], 0
    elif suffix in (".txt", ".text", ".md", ""):
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise ReportReadError(f"cannot read {p}: {exc.strerror or exc}") from None
        text, bad, more = decode_text(data, p)
    else:
        raise ReportReadError(f"cannot read {p}: unsupported file type {suffix!r} (use .txt or .pdf)")
    enforce_lines(text, p)
    return p, text, bad, more


def report_paths(paths: Iterable[object]) -> list[Path]:
    """The report files named by ``paths``: files as given, folders searched recursively for
    ``.pdf``/``.txt`` (sorted; hidden files and folders skipped).

    A path that does not exist is kept, so that reading it gives its own error.

    >>> report_paths([])
    []
    """
    out: list[Path] = []
    for raw in paths:
        p = Path(os.fspath(raw))  # type: ignore[arg-type]
        if str(raw) and p.is_dir():
            found = [f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file()
                     and not any(part.startswith(".") for part in f.relative_to(p).parts)]
            out.extend(sorted(found))
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def _main_of(p: Path) -> Path | None:
    """The main file that ``p`` belongs to, if ``p`` is a companion file: ``x.tables.txt`` (the
    tab-separated table layer of ``x.txt``) or ``x_tables.pdf`` (the table volume of ``x.pdf``)."""
    name = p.name
    if name.lower().endswith(".tables.txt"):
        return p.with_name(name[: -len(".tables.txt")] + ".txt")
    stem, suffix = p.stem, p.suffix
    for mark in _VOLUME_MARKS:
        if stem.lower().endswith(mark):
            return p.with_name(stem[: -len(mark)] + suffix)
    return None


def group_paths(paths: Sequence[Path], *, as_one: bool = False) -> list[tuple[Path, ...]]:
    """Group report files into reports: each file alone, except that a companion file
    (``x.tables.txt``, ``x_tables.pdf``) given together with its main file joins it; with
    ``as_one`` all files are one report (in the order given).

    >>> [tuple(p.name for p in g) for g in group_paths([Path("a.pdf"), Path("a_tables.pdf"), Path("b.txt"),
    ...     Path("b.tables.txt"), Path("c_tables.pdf")])]
    [('a.pdf', 'a_tables.pdf'), ('b.txt', 'b.tables.txt'), ('c_tables.pdf',)]
    """
    if as_one:
        return [tuple(paths)] if paths else []
    given = set(paths)
    groups: dict[Path, list[Path]] = {}
    for p in paths:
        main = _main_of(p)
        if main is not None and main in given:
            groups.setdefault(main, [main]).append(p)
        else:
            groups.setdefault(p, [p])
    return [tuple(g) for g in groups.values()]
