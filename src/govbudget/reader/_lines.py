r"""Line classification: the text split into lines, table rows into cells, and what each piece is.

A line is page furniture (``=== 第N页 ===``, a page number, a ``[表格]`` mark), a row of cells
(tab-separated, or a ``[表格]`` block), or plain text; a plain text line of a single-space text
layer can still be a table row whose cells are split on spaces (:func:`_token_cells`).

>>> [ln.cells for ln in _lines_from_text("合计\t12.50\n说明")]
[['合计', '12.50'], None]
>>> _is_amount("1,234.50"), _is_amount("2024年"), _is_code("2010101")
(True, False, True)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal

import attrs

from ..errors import ParseError
from ..money import parse_amount
from ._model import nfkc
from .titles import identify_title

_PAGE = re.compile(r"^=+\s*第\s*(\d+)\s*页\s*=+$")
_PAGENO = re.compile(r"^(-\s*\d{1,3}\s*-|第\s*\d+\s*页(\s*共\s*\d+\s*页)?|\d{1,3}|—\s*\d{1,3}\s*—)$")
_UNIT = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元)")
_DEPT = re.compile(r"(?:编制)?(?:部门|单位)\s*[:：]\s*([^\s单]+?)(?:\s|$|单位|金额)")
_CODE = re.compile(r"\d{3}(\d{2}){0,2}")
_CODE_HEAD = re.compile(r"(代码|编码)$|^(类|款|项)$")
_START = re.compile(r"^(项目|项目名称|.*(代码|编码)|功能科目名称|功能分类|支出用途|收入|支出)$")
_NAME_HEAD = re.compile(r"名称$")
_ROWNO_HEAD = re.compile(r"^行次$")
_HEADER_WORDS = re.compile(
    r"^(项目|项目名称|科目代码|科目编码|科目名称|.*分类科目(编码|名称)|功能科目(代码|名称)|栏次|类|款|项|"
    r"预算数|决算数|金额|行次|.*预算(支出)?|收入|支出|收\s*入|支\s*出|本年支出)$"
)
_HEADING = re.compile(r"^(第[一二三四五六]部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|附件\s*\d)")
_ENUM = re.compile(r"^([一二三四五六七八九十]+、|\d+[.、]|.*(合计|总计|小计)$)")


@attrs.define
class _Line:
    page: int | None
    no: int
    text: str
    cells: list[str] | None = None
    block: int = 0
    tokens: bool = False  # cells came from splitting on spaces (positions unknown)
    unsure: frozenset[int] = frozenset()  # cells marked UNSURE (a box in no band / two bands)
    file: str | None = None  # the file the line was read from (a .tables.txt sibling or the report)


#: the mark the geometry reader puts before an amount whose box lies in no column band or
#: between two equally: the reader places it as an ``uncertain`` cell
UNSURE = "\u2e2e"

_NOT_AMOUNT = re.compile(r"[\u4e00-\u9fff%A-Za-z]")


@functools.lru_cache(maxsize=1 << 16)
def _amount(raw: str) -> tuple[bool, Decimal | None]:
    """(is an amount or blank-marker, value); cached: a report prints the same strings many times and
    each is classified several times while its table is assembled (the value is an immutable Decimal)."""
    s = raw.strip()
    if not s or _NOT_AMOUNT.search(s):
        return False, None
    try:
        return True, parse_amount(s.replace(" ", ""))
    except ParseError:
        return False, None


def _is_amount(raw: str) -> bool:
    s = raw.strip()
    return bool(s) and _amount(s)[0] and any(ch.isdigit() for ch in s)


_NONFINITE = re.compile(r"^[-+]?(nan|inf(inity)?)$", re.IGNORECASE)


#: a decimal figure somewhere in a cell (any script's digits, ASCII or full-width point)
_FIGURE_INSIDE = re.compile(r"\d[.．]\d")


def _is_broken(raw: str) -> bool:
    """A cell that looks like a botched figure (``12,34.5x``, ``1e5``, ``NaN``, ``100%``) rather than a name."""
    s = raw.strip()
    if not s or _is_amount(s) or re.search(r"[\u4e00-\u9fff]", s):
        return False
    if _NONFINITE.match(s):
        return True
    if any(not ch.isascii() and unicodedata.decimal(ch, None) is not None for ch in s):
        return True  # digits of another system (١٢٣.٤٥, ١٢٣): a figure, but not one the reader reads as such
    compact = s.replace(" ", "")
    if _FIGURE_INSIDE.search(compact):
        return True  # a decimal figure with something around it (``(-1.00)``, ``12.3|4.56``, ``15.0\x03s``)
    digits = sum(ch.isdigit() for ch in compact)
    return digits > 0 and digits * 2 >= len(compact) and bool(re.fullmatch(r"[0-9A-Za-z,.%+\-−()]+", compact))


def _next_is_text(cells: list[str], j: int) -> bool:
    nxt = next((c for c in cells[j + 1:] if c), "")
    return bool(nxt) and (not _is_amount(nxt) or bool(re.fullmatch(r"\d{2}", nxt)))


def _is_code(raw: str) -> bool:
    return raw.isascii() and bool(_CODE.fullmatch(raw.strip()))


# --------------------------------------------------------------------------- lines


_SENTENCE = re.compile(r"[。；]|^.{30,}，")


def _cell_line(page: int | None, no: int, line: str, block: int) -> _Line:
    """A row of cells: tab-separated; a row of a ``[表格]`` block without tabs that prints several
    amounts separated by spaces is split on the spaces (its positions are unknown: ``tokens``)."""
    if "\t" not in line:
        toks = _token_cells(line.strip()) if len(line.split()) > 1 else None
        if toks is not None:
            return _Line(page, no, line, toks, block, tokens=True)
    cells = [nfkc(c).strip() for c in line.split("\t")]
    unsure = frozenset(j for j, c in enumerate(cells) if c.startswith(UNSURE))
    if unsure:
        cells = [c.removeprefix(UNSURE) for c in cells]
    return _Line(page, no, line, cells, block, unsure=unsure)


def _unblock_headings(out: list[_Line], block: int) -> None:
    """The heading lines read into an unclosed block just before its narrative are text again."""
    for ln in reversed(out):
        if ln.cells is None or ln.block != block:
            break
        if not any(ln.cells):
            ln.cells = None
            continue
        if len([c for c in ln.cells if c]) != 1 or ln.tokens or not _HEADING.match(ln.text.strip()):
            break
        ln.cells = None


def _lines_from_text(text: str, first_line: int = 1) -> list[_Line]:
    out: list[_Line] = []
    page: int | None = None
    in_block = False
    block = 0
    tab_run = False
    for i, raw in enumerate(text.splitlines(), start=first_line):
        line = raw.rstrip("\r\n")
        s = line.strip()
        m = _PAGE.match(s)
        if m:
            page = int(m.group(1))
            out.append(_Line(page, i, line))
            tab_run = False
            continue
        if s == "[表格]":
            in_block, block = True, block + 1
            out.append(_Line(page, i, line))
            continue
        if s == "[/表格]":
            in_block = False
            out.append(_Line(page, i, line))
            continue
        if in_block and "\t" not in line and _SENTENCE.search(s):
            in_block = False  # an unclosed [表格]: the narrative goes on as text
            _unblock_headings(out, block)
        if in_block or "\t" in line:
            if not in_block and not tab_run:
                block += 1
            tab_run = not in_block
            out.append(_cell_line(page, i, line, block))
            continue
        if s:
            tab_run = False
        out.append(_Line(page, i, line))
    return out


def _merge_sibling(text_lines: list[_Line], table_lines: list[_Line]) -> tuple[list[_Line], list[_Line]]:
    """Interleave a ``.tables.txt`` layer into the text layer, page by page.

    Returns (stream, duplicates): text-layer lines that only repeat table cells are
    returned separately (they are placed: the table layer carries them).
    """
    by_page: dict[int | None, list[_Line]] = {}
    for ln in table_lines:
        if ln.cells is not None:
            by_page.setdefault(ln.page, []).append(ln)
    stream: list[_Line] = []
    dups: list[_Line] = []
    pages: dict[int | None, list[_Line]] = {}
    order: list[int | None] = []
    for ln in text_lines:
        if ln.page not in pages:
            pages[ln.page] = []
            order.append(ln.page)
        pages[ln.page].append(ln)
    for p in order:
        lines = pages[p]
        rows = by_page.get(p)
        if not rows:
            stream.extend(lines)
            continue
        vocab = "\u0000".join(c for r in rows for c in (r.cells or []) if c)
        vocab_nospace = vocab.replace(" ", "")
        first_body: int | None = None
        keep: list[tuple[int, _Line]] = []
        for idx, ln in enumerate(lines):
            s = ln.text.strip()
            if not s or _PAGE.match(s) or identify_title(s) or _UNIT.search(s) or s.startswith(("注", "说明")):
                keep.append((idx, ln))
                continue
            toks = [unicodedata.normalize("NFKC", t) for t in s.split()]
            if toks and all(t in vocab or t in vocab_nospace or _HEADER_WORDS.match(t) for t in toks):
                dups.append(ln)
                if first_body is None:
                    first_body = idx
                continue
            keep.append((idx, ln))
        if first_body is None:
            first_body = len(lines)
        stream.extend(ln for idx, ln in keep if idx < first_body)
        stream.extend(rows)
        stream.extend(ln for idx, ln in keep if idx >= first_body)
    return stream, dups


def _token_cells(s: str) -> list[str] | None:
    """Split a single-space table line into cells: codes, labels and amounts, in printed order.

    Consecutive name tokens form one label; a code (3/5/7 digits, optionally followed by 2-digit
    parts) or an enumerated name (``七、…``) after a label starts a new one, so side-by-side
    blocks (``301 工资福利支出 7,728.96 302 商品和服务支出 1,708.26``) keep their triples.
    ``None`` when the line has no amount or reads as a sentence.

    >>> _token_cells("301 工资福利支出 7,728.96 302 商品和服务支出 1,708.26")
    ['301', '工资福利支出', '7,728.96', '302', '商品和服务支出', '1,708.26']
    >>> _token_cells("301 2 津贴补贴 16,623,810 16,623,810 0")
    ['30102', '津贴补贴', '16,623,810', '16,623,810', '0']
    >>> _token_cells("七、附属单位上缴收入 七、文化旅游体育与传媒支出 17,130.42")
    ['七、附属单位上缴收入', '七、文化旅游体育与传媒支出', '17,130.42']
    """
    toks = [nfkc(t) for t in s.split()]
    if len(toks) < 2 and not (toks and _is_amount(toks[0])):
        return None
    out: list[str] = []
    kinds: list[str] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if _is_code(t) and len(t) in (3, 5, 7) and (i == 0 or kinds[-1] != "code") and (
                not nxt or not (_is_amount(nxt) and not re.fullmatch(r"\d{2}", nxt)) or i == 0):
            code = t
            while i + 1 < len(toks) and len(code) < 7 and (re.fullmatch(r"\d{2}", toks[i + 1]) or (
                    re.fullmatch(r"\d", toks[i + 1]) and i + 2 < len(toks) and not _is_amount(toks[i + 2]))):
                i += 1
                code += toks[i].zfill(2)  # an unpadded 款 (``301 2 津贴补贴``) is 30102
            out.append(code)
            kinds.append("code")
        elif re.fullmatch(r"(19|20)\d\d", t) and nxt.startswith(("年", "年度")):
            out.append(t + nxt)  # a year in a title or sentence, not an amount
            kinds.append("label")
            i += 1
        elif _is_amount(t) or _is_broken(t):
            out.append(t)
            kinds.append("amount")
        elif kinds and kinds[-1] == "label" and not re.match(r"^[一二三四五六七八九十]+、", t):
            out[-1] += t
        else:
            out.append(t)
            kinds.append("label")
        i += 1
    if "amount" not in kinds:
        return None
    labels = [c for c, k in zip(out, kinds, strict=True) if k == "label"]
    if any(re.search(r"[。，；]", lab) or len(lab) > 40 for lab in labels):
        return None
    if kinds[0] == "amount" and "label" not in kinds and "code" not in kinds:
        return ["", *out]
    return out


