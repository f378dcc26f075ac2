"""Text layouts → tables, narrative and unmapped lines: the driver.

Handles the tab-separated layout (the Hunan one of the 株洲 2024 report), ``[表格]…[/表格]`` blocks with ``=== 第N页 ===``
page markers, the single-space text layer (optionally merged with a ``.tables.txt``
sibling that carries the cell positions), repeated headers, page-number lines and
continuation across pages. The pieces: :mod:`._lines` (line classification),
:mod:`._columns` (the column model), :mod:`._assemble` (table assembly) and
:mod:`._placement` (one placement strategy per kind of evidence).

>>> rep = parse_text("收入决算表\\n金额单位：万元\\n项目\\t\\t本年收入合计\\n合计\\t\\t12.50\\n")
>>> rep.tables[0].table_id, rep.tables[0].value("合计", "本年收入合计")
('income', Decimal('12.50'))
"""

from __future__ import annotations

import re

import attrs

from ._accounted import unplaced_amounts
from ._assemble import finish
from ._columns import _Builder, _is_header_row, identify_header
from ._lines import (
    _DEPT,
    _HEADER_WORDS,
    _HEADING,
    _PAGE,
    _PAGENO,
    _UNIT,
    _is_amount,
    _is_broken,
    _is_code,
    _Line,
    _lines_from_text,
    _merge_sibling,
    _token_cells,
)
from ._model import PublishedTable, Section, Unmapped, norm
from ._pdf import HIDDEN
from ._recognise import BY_HEADER, recognise_table
from .titles import TABLE_NAMES, identify_title, normalize_title, table_number

__all__ = ["RawReport", "identify_header", "parse_text"]


_BY_HEADER = BY_HEADER


@attrs.frozen(kw_only=True)
class RawReport:
    """What :func:`parse_text` returns: the pieces :class:`PublishedReport` is made of."""

    unit: str | None
    year: int | None
    kind: str | None
    tables: tuple[PublishedTable, ...]
    narrative: tuple[Section, ...]
    unmapped: tuple[Unmapped, ...]
    furniture: tuple[tuple[int | None, int, str], ...]
    header: str | None
    dept: str | None = None  # the unit as labelled in the document (“部门：…”, “预算单位：…”)


# --------------------------------------------------------------------------- driver


def _parse_header(line: str) -> tuple[str | None, int | None, str | None]:
    parts = [p.strip() for p in line.lstrip("#").split("|")]
    unit = parts[1] if len(parts) > 1 else None
    year = int(parts[2]) if len(parts) > 2 and parts[2].isdecimal() else None  # not ¹2018: int() refuses it
    kind = None
    if len(parts) > 3:
        kind = "决算" if "决算" in parts[3] else "预算" if "预算" in parts[3] else None
    return unit, year, kind


def _fragment(ln: _Line | None) -> bool:
    s = ln.text.strip() if ln is not None else ""
    return bool(s) and ln.cells is None and len(s) <= 30 and bool(re.search(r"[\u4e00-\u9fff]", s)) and (
        _token_cells(s) is None and not identify_title(s) and not _UNIT.search(s)
        and not s.startswith(("注", "说明")) and not _PAGE.match(s) and " " not in s)


def _continues(lines: list[_Line], idx: int) -> bool:
    """The next line after ``idx`` that is not a page marker or block mark is a row of cells."""
    for x in lines[idx + 1:]:
        t = x.text.strip()
        if not t or _PAGE.match(t) or t in ("[表格]", "[/表格]") or _PAGENO.match(t):
            continue
        return x.cells is not None and not identify_title(next((c for c in x.cells if c), ""))
    return False


def _lost_title(cur: _Builder, ln: _Line, s: str) -> bool:
    """The first line of a new page, under a table that already has rows, that is neither a header
    word nor a line the table printed before (a repeated header): the title of another table that
    the reader cannot name (garbled, or a province's own wording), not more of this one."""
    if not cur.rows or ln.page is None or cur.rows[-1].page == ln.page or len(s) < 4:
        return False
    if any(_HEADER_WORDS.match(norm(t)) for t in s.split()):
        return False
    looks = norm(s).endswith("表") or not re.search(r"[\u4e00-\u9fff\w]", s)  # a title, or only symbols
    return looks and norm(s) not in {norm(x.text) for x in cur.title_lines}


def _wrapped_label(cur: _Builder, lines: list[_Line], idx: int, consumed: set[int]) -> str:
    """The name of an amounts-only line of a single-space table, wrapped onto the lines around it.

    ``二十二、灾害防治及应急管理支`` / ``98.23`` / ``出`` → ``二十二、灾害防治及应急管理支出``.
    """
    last_row = cur.rows[-1].no if cur.rows else -1
    prev = cur.title_lines[-1] if cur.title_lines and cur.title_lines[-1].no > last_row else None
    if prev is None or prev.no in consumed or not _fragment(prev) or _HEADER_WORDS.match(norm(prev.text)):
        return ""
    label = prev.text.strip()
    # a name wrapped around its row prints its head above the row and its tail below: a row with a
    # head takes the fragment that follows as its tail (a row without one leaves it to the next row)
    after = [x for x in lines[idx + 1:idx + 6] if x.text.strip()]
    nxt = next((x for x in after if not _PAGE.match(x.text.strip()) and not _PAGENO.match(x.text.strip())), None)
    new_page = nxt is not None and after and after[0] is not nxt  # a header word after a page break is a header
    if nxt is not None and _fragment(nxt) and len(nxt.text.strip()) <= 20 and not _HEADING.match(nxt.text.strip()) \
            and not (new_page and _HEADER_WORDS.match(norm(nxt.text))):
        label += nxt.text.strip()
        consumed.add(nxt.no)
    return label


def _wrapped_code_row(tok: list[str], cur: _Builder, lines: list[_Line], idx: int, consumed: set[int]) -> list[str]:
    """A coded row of a single-space table whose name wraps around it (``一般行政管理事`` /
    ``2012902 46.50 46.50`` / ``务``; ``机关事业单位基`` / ``2080505 本养老保险缴费 545.85 …`` / ``支出``):
    the code, the joined name, the amounts."""
    if len(tok) < 2 or not _is_code(tok[0]) or any(_is_code(t) for t in tok[1:]):
        return tok
    inline = tok[1] if not _is_amount(tok[1]) and not _is_broken(tok[1]) else ""
    amounts = tok[2:] if inline else tok[1:]
    if not amounts or not all(_is_amount(a) or _is_broken(a) for a in amounts):
        return tok
    last_row = cur.rows[-1].no if cur.rows else -1
    prev = cur.title_lines[-1] if cur.title_lines and cur.title_lines[-1].no > last_row else None
    if prev is None or prev.no in consumed or not _fragment(prev) or _HEADER_WORDS.match(norm(prev.text)) \
            or _HEADING.match(prev.text.strip()):
        return tok
    # the head: the fragment just above (the tail of the row above, if any, was consumed by that row)
    head = prev.text.strip()
    label = head + inline
    saved = cur.title_lines
    cur.title_lines = [*saved[:-1], attrs.evolve(prev, text=label)]
    try:
        label = _wrapped_label(cur, lines, idx, consumed)
    finally:
        cur.title_lines = saved
    return [tok[0], label, *amounts]


def _prepare(text: str, tables_text: str | None, source: str | None,
             tables_source: str | None) -> tuple[list[_Line], list[tuple[int | None, int, str]]]:
    """The report's lines (a ``.tables.txt`` layer merged in) and the furniture found doing so."""
    lines = _lines_from_text(text)
    for ln in lines:
        ln.file = source
    furniture: list[tuple[int | None, int, str]] = []
    if tables_text is None:
        return lines, furniture
    tlines = _lines_from_text(tables_text)
    for ln in tlines:
        ln.file = tables_source
        if ln.cells is None and ln.text.strip():
            furniture.append((ln.page, -ln.no, ln.text))
    for ln in lines:  # the text layer has no cells of its own when a sibling exists
        ln.cells = None
    lines, dups = _merge_sibling(lines, tlines)
    furniture.extend((d.page, d.no, d.text) for d in dups)
    return lines, furniture


@attrs.define
class _Reader:
    """The state of one pass over the lines: the open table, pending number/unit, what was read."""

    lines: list[_Line]
    furniture: list[tuple[int | None, int, str]]
    has_cells: bool = False
    block_rows: dict[int, list[list[str]]] = attrs.field(factory=dict)
    header: str | None = None
    meta: tuple[str | None, int | None, str | None] = (None, None, None)
    tables: list[PublishedTable] = attrs.field(factory=list)
    unmapped: list[Unmapped] = attrs.field(factory=list)
    narrative_lines: list[_Line] = attrs.field(factory=list)
    cur: _Builder | None = None
    pending_number: str | None = None
    pending_unit: str | None = None
    last_text: _Line | None = None
    dept: str | None = None
    consumed: set[int] = attrs.field(factory=set)
    toc_block: int = -1

    def close(self) -> None:
        if self.cur is None:
            return
        how = recognise_table(self.cur, self.tables)  # the id of a table without a known title
        t = finish(self.cur, self.unmapped)
        if t is None:
            self.narrative_lines.extend(self.cur.title_lines)
        else:
            self.tables.append(attrs.evolve(t, recognised_by=how))
            self.furniture.extend((x.page, x.no, x.text) for x in self.cur.title_lines)
        self.cur = None

    def open_table(self, tid: str | None, title: str, ln: _Line) -> None:
        self.close()
        number = table_number(title) if title else None
        self.cur = _Builder(tid, title, ln.page, ln.no, number=number or self.pending_number, unit=self.pending_unit)
        self.cur.title_lines.append(ln)
        self.pending_number = self.pending_unit = None

    def note_dept(self, text: str) -> None:
        md = _DEPT.search(text)
        if md and self.dept is None and md.group(1) not in ("万元", "元"):
            self.dept = md.group(1)

    def set_unit(self, unit: str, *, pending: bool = True) -> None:
        if self.cur is not None and not self.cur.has_data:
            self.cur.unit = unit
        elif pending:
            self.pending_unit = unit

    # ------------------------------------------------------------------ text lines

    def text_line(self, idx: int, ln: _Line) -> None:
        s = ln.text.strip()
        if not s:
            return
        if s.startswith(HIDDEN):
            self.unmapped.append(Unmapped(page=ln.page, line=ln.no, text=s[len(HIDDEN):],
                                          reason="printed outside the page box (not shown)"))
            return
        if ln.no in self.consumed and self.cur is not None:
            self.cur.title_lines.append(ln)  # the tail of a wrapped name (joined to the row above)
            return
        if self._furniture_line(ln, s) or self._title_line(ln, s) or self._table_text(idx, ln, s):
            return
        self.narrative_lines.append(ln)
        self.last_text = ln

    def _furniture_line(self, ln: _Line, s: str) -> bool:
        """A ``# source:`` header, a page marker or number, a block mark, a bare table number."""
        if ln.no == 1 and s.startswith("# source:"):
            self.header = s
            self.meta = _parse_header(s)
        elif _PAGE.match(s) or s in ("[表格]", "[/表格]") or _PAGENO.match(s):
            pass
        elif (num := table_number(s)) and not normalize_title(s):
            if self.cur is not None and self.cur.number is None and not self.cur.has_data:
                self.cur.number = num
            else:
                self.pending_number = num
        else:
            return False
        self.furniture.append((ln.page, ln.no, ln.text))
        return True

    def _title_line(self, ln: _Line, s: str) -> bool:
        """A table title, a 单位/部门 line, or a note under an open table."""
        mu = _UNIT.search(s)
        md = _DEPT.search(s)
        tid = identify_title(s)
        if tid:
            self.keep_amounts(ln, s)
            self.note_dept(s)
            self.open_table(tid, s, ln)
            if mu and self.cur is not None:
                self.cur.unit = mu.group(1)
            return True
        if (mu or md) and len(s) < 80 and not re.search(r"[。，]", s):
            if mu:
                self.set_unit(mu.group(1))
            self.note_dept(s)
            (self.cur.title_lines if self.cur is not None else self.narrative_lines).append(ln)
            return True
        if self.cur is not None and s.startswith(("注", "说明：", "说明:")):
            self.cur.notes.append(s)
            self.cur.title_lines.append(ln)
            return True
        return False

    def _table_text(self, idx: int, ln: _Line, s: str) -> bool:
        """A plain line under an open table: a single-space row, a header fragment, a wrapped tail."""
        cur = self.cur
        if cur is None:
            return False
        tok = _token_cells(s)
        if tok is not None and not self.has_cells and tok[0] == "" and cur.table_id != "three_public":
            tok[0] = _wrapped_label(cur, self.lines, idx, self.consumed)
        elif tok is not None and not self.has_cells and cur.table_id != "three_public":
            tok = _wrapped_code_row(tok, cur, self.lines, idx, self.consumed)
        if tok is not None and (not self.has_cells or (tok[0] and _is_code(tok[0]))):
            cur.rows.append(_Line(ln.page, ln.no, ln.text, tok, -1, tokens=True, file=ln.file))
            return True
        if not self.has_cells and not re.search(r"[。；]$", s) and (len(s) < 40 or all(
                _HEADER_WORDS.match(norm(t)) for t in s.split())):
            if _lost_title(cur, ln, s):  # a title the reader cannot name, heading a new page: a new table
                self.open_table(None, s, ln)
                return True
            cur.title_lines.append(ln)  # header fragment or wrapped name in a text layer
            return True
        if self.has_cells and cur.has_data and len(s) <= 8 and _fragment(ln) and _continues(self.lines, idx):
            # the tail of a cell wrapped across a page break (信息网络及软件购 | 置更新): the
            # table goes on in the next block
            cur.notes.append(f"续行：{s}")
            cur.title_lines.append(ln)
            return True
        self.close()
        return False

    # ------------------------------------------------------------------ rows of cells

    def cell_row(self, ln: _Line) -> None:
        vals = [c for c in ln.cells or [] if c]
        if not vals or ln.block == self.toc_block:
            self.furniture.append((ln.page, ln.no, ln.text))
            return
        if self.cur is None and re.fullmatch(r"目\s*录", vals[0]):
            self.toc_block = ln.block  # a table of contents printed as a table
            self.furniture.append((ln.page, ln.no, ln.text))
            return
        if self._title_row(ln, vals) or self._unit_row(ln, vals):
            return
        self._table_for(ln)
        assert self.cur is not None
        self.cur.rows.append(ln)

    def keep_amounts(self, ln: _Line, text: str) -> None:
        """Amounts printed in a title line (a cell that runs the title into its first row) are kept in
        ``unmapped``: they are not placed, and not dropped either."""
        for tok in text.split():
            if _is_amount(tok) and re.search(r"[.,]", tok):
                self.unmapped.append(Unmapped(page=ln.page, line=ln.no, text=tok, reason="amount in a title line"))

    def _title_row(self, ln: _Line, vals: list[str]) -> bool:
        tid = identify_title(vals[0])
        if not (tid and len(vals) <= 2):
            return False
        self.keep_amounts(ln, " ".join(vals))
        self.note_dept(" ".join(vals))
        self.open_table(tid, vals[0], ln)
        mu = _UNIT.search(" ".join(vals))
        if mu and self.cur is not None:
            self.cur.unit = mu.group(1)
        return True

    def _unit_row(self, ln: _Line, vals: list[str]) -> bool:
        if not _is_unit_row(vals):
            return False
        self.note_dept(" ".join(vals))
        for v in vals:
            mu = _UNIT.search(v)
            if mu:
                self.set_unit(mu.group(1), pending=False)
        if self.cur is not None:
            self.cur.title_lines.append(ln)
        else:
            self.furniture.append((ln.page, ln.no, ln.text))
        return True

    def _table_for(self, ln: _Line) -> None:
        """Open the table a row belongs to when it is not the open one (a title-less block)."""
        seen = tuple(t.table_id for t in self.tables) + ((self.cur.table_id,) if self.cur is not None else ())
        cur = self.cur
        if cur is not None and cur.has_data and cur.by_header and ln.block != cur.rows[-1].block:
            # a new [表格] block of a title-less table layer: a new table if its header says so
            guess = identify_header(self.block_rows.get(ln.block, []), seen)
            if guess is not None or _is_header_row(ln.cells or []):
                self.open_table(guess, f"{TABLE_NAMES.get(guess or '', '')}{_BY_HEADER}" if guess else "", ln)
                self.cur.by_header = True  # type: ignore[union-attr]
                self.cur.title_lines.clear()  # type: ignore[union-attr]
        if self.cur is None:
            title = self.last_text.text.strip() if self.last_text is not None else ""
            tid = identify_title(title) if title else None
            guess = None if tid else identify_header(self.block_rows.get(ln.block, []), seen)
            self.open_table(tid or guess, title if tid else (
                f"{TABLE_NAMES.get(guess or '', '')}{_BY_HEADER}" if guess else ""), ln)
            self.cur.title_lines.clear()  # type: ignore[union-attr]
            self.cur.by_header = tid is None  # type: ignore[union-attr]

    def run(self) -> None:
        self.has_cells = any(ln.cells is not None for ln in self.lines)
        for ln in self.lines:
            if ln.cells is not None and ln.block > 0:
                self.block_rows.setdefault(ln.block, []).append(ln.cells)
        for idx, ln in enumerate(self.lines):
            if ln.cells is None:
                self.text_line(idx, ln)
            else:
                self.cell_row(ln)
        self.close()


_LABEL_ONLY = re.compile(r"^(编制|预算主管)?(部门|单位)(名称)?[:：]$")


def _is_unit_row(vals: list[str]) -> bool:
    """A row of 部门/单位 labels (``部门： | 江苏省… | 单位：万元``), not a header or data row."""
    for i, v in enumerate(vals):
        if _UNIT.search(v) or _DEPT.search(v) or _LABEL_ONLY.match(v):
            continue
        if i > 0 and _LABEL_ONLY.match(vals[i - 1]) and not _is_amount(v):
            continue
        return False
    return True


def _fill_units(tables: list[PublishedTable], lines: list[_Line]) -> None:
    """A title-less table recognised by its header, without a 单位 line of its own, takes the last
    单位 line printed above it (a table layer without titles: x.tables.txt read on its own)."""
    unit_lines = [(ln.file, ln.no, m.group(1)) for ln in lines
                  for m in [_UNIT.search(ln.text if ln.cells is None else " ".join(ln.cells))] if m]
    for i, t in enumerate(tables):
        if t.amount_unit is None and t.title.endswith(_BY_HEADER) and t.cells:
            above = [u for f, no, u in unit_lines if f == t.cells[0].file and no < t.line]
            if above:
                tables[i] = attrs.evolve(t, amount_unit=above[-1])


def _list_unrecognised(tables: list[PublishedTable], unmapped: list[Unmapped]) -> None:
    """Every table the reader did not recognise is in ``unmapped``: its title and page, then its rows."""
    for t in tables:
        if t.table_id is not None:
            continue
        title = t.title or "（无标题）"
        unmapped.append(Unmapped(page=t.page, line=t.line, text=title, reason="unrecognised table"))
        for no, raw in t.raw_rows:
            unmapped.append(Unmapped(page=t.page, line=no, text=raw, reason="row of an unidentified table"))


def _sections(narrative_lines: list[_Line], unmapped: list[Unmapped]) -> list[Section]:
    """The narrative cut at its headings; lines without any Chinese go to ``unmapped``."""
    sections: list[Section] = []
    head: _Line | None = None
    body: list[_Line] = []

    def flush(page: int | None) -> None:
        sections.append(Section(heading=head.text.strip() if head else "", text="\n".join(x.text.strip() for x in body),
                                page=head.page if head else page, line=head.no if head else 0,
                                lines=tuple(x.no for x in body), pages=tuple(x.page for x in body)))

    for ln in narrative_lines:
        s = ln.text.strip()
        if _HEADING.match(s) and len(s) < 60:
            if head is not None or body:
                flush(ln.page)
            head, body = ln, []
        elif re.search(r"[\u4e00-\u9fff]", s):
            body.append(ln)
        else:
            unmapped.append(Unmapped(page=ln.page, line=ln.no, text=s, reason="line outside any table"))
    if head is not None or body:
        flush(None)
    return sections


def parse_text(text: str, *, tables_text: str | None = None, source: str | None = None,
               tables_source: str | None = None) -> RawReport:
    """Read a report's text (and optionally its ``.tables.txt`` layer) into a :class:`RawReport`.

    Never raises on odd input: lines that fit nowhere go to ``unmapped``.

    >>> r = parse_text("说明：本年无数据。\\n@@@\\t###\\n")
    >>> [(u.text, u.reason) for u in r.unmapped]
    [('（无标题）', 'unrecognised table'), ('@@@\\t###', 'row of an unidentified table')]
    """
    lines, furniture = _prepare(text, tables_text, source, tables_source)
    rd = _Reader(lines, furniture)
    rd.run()
    _fill_units(rd.tables, lines)
    _list_unrecognised(rd.tables, rd.unmapped)
    sections = _sections(rd.narrative_lines, rd.unmapped)
    whole = {(ln.file, ln.no) for ln in rd.narrative_lines}
    rd.unmapped.extend(unplaced_amounts(lines, rd.tables, whole, rd.unmapped))  # nothing read is dropped
    unit, year, kind = rd.meta
    return RawReport(unit=unit or rd.dept, year=year, kind=kind, tables=tuple(rd.tables),
                     narrative=tuple(sections), unmapped=tuple(rd.unmapped), furniture=tuple(rd.furniture),
                     header=rd.header, dept=rd.dept)
