"""Table assembly: a table's rows of cells → a :class:`PublishedTable` of placed cells.

Each data row is classified cell by cell (code, code part, label, amount, 行次, blank, broken),
cut into side-by-side segments (``301 工资福利支出 7,728.96 | 302 商品和服务支出 1,708.26``), and
each segment's amounts are placed by one strategy of :mod:`._placement`: by position when the
row has positions, else by the report's identities, else from the left (uncertain).

>>> from govbudget.reader._text import parse_text
>>> t = parse_text("支出决算表\\n科目编码\\t\\t科目名称\\t合计\\n类\\t款\\t\\t\\n301\\t2\\t津贴补贴\\t5.00\\n").tables[0]
>>> t.cells[0].row_code, t.cells[0].placement
('30102', 'position')
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from ._columns import ColumnModel, _Builder, _token_layout, column_model
from ._lines import _CODE, _FIGURE_INSIDE, _amount, _is_amount, _is_broken, _is_code, _Line, _next_is_text
from ._model import Cell, PublishedTable, Unmapped
from ._placement import fitting_placements, place_by_count, place_by_identity, resolve_by_hierarchy, vector

__all__ = ["finish"]

_D1_2, _D1_3, _D2 = re.compile(r"\d{1,2}"), re.compile(r"\d{1,3}"), re.compile(r"\d{2}")  # compiled once (per cell)


_PROSE = re.compile(r"[。；;：:]")


def _garbled_figure(cell: str) -> bool:
    """A short cell of an amount column with a decimal figure in it, even among CJK characters
    (``9,310,0[表格]00.00``, ``≤ 610.39 万元``): a figure the reader cannot read (a sentence is text)."""
    return len(cell) <= 30 and bool(_FIGURE_INSIDE.search(cell)) and not _PROSE.search(cell)


def _cell_kinds(cells: list[str], m: ColumnModel, tokens: bool) -> list[str]:
    """What each cell of a row is: blank, rowno, code, codepart, amount, broken, label."""
    kinds: list[str] = []
    starts, amount_cols = set(m.starts), set(m.amount_cols)
    coded = False  # the segment so far has a code (one pass: a row of thousands of cells stays linear)
    all_blank = True  # the segment so far is blank
    for j, c in enumerate(cells):
        if j in starts:
            coded, all_blank = False, True
        elif kinds:
            coded = coded or kinds[-1] in ("code", "badcode")
            all_blank = all_blank and kinds[-1] == "blank"
        code_col = j < m.width and m.is_code_col[j]
        if not c:
            kinds.append("blank")
        elif not c.isascii() and _is_broken(c):
            kinds.append("broken")  # digits of another system, even where a code or 行次 belongs
        elif j < m.width and m.is_rowno[j] and _D1_3.fullmatch(c):
            kinds.append("rowno")
        elif (_D1_2 if code_col else _D2).fullmatch(c) and coded and (
                code_col or tokens or kinds[-1] in ("code", "badcode", "codepart", "blank")):
            kinds.append("codepart")  # an unpadded 款 in its own column (``301 | 2``) is 02
        elif _is_code(c) and (code_col or tokens or (all_blank and _next_is_text(cells, j))):
            kinds.append("code")
        elif code_col and _D1_2.fullmatch(c) and all_blank and any(
                _D2.fullmatch(x) for x in cells[j + 1:j + 3]):
            kinds.append("badcode")  # a class printed wrong (``7 | 11 | 02``)
        elif _is_amount(c):
            kinds.append("amount")
        elif _D2.fullmatch(c) and kinds and coded:
            kinds.append("codepart")
        elif _is_broken(c) or (not tokens and j in amount_cols and _garbled_figure(c)):
            kinds.append("broken")
        else:
            kinds.append("label")
    return kinds


def _segments(kinds: list[str], m: ColumnModel, tokens: bool) -> list[tuple[int, int]]:
    """The side-by-side blocks of a row: by the header's block starts, else by a label after an amount."""
    if not (tokens or (len(m.starts) == 1 and not m.header_rows)):
        bounds = [*m.starts, m.width]
        segs = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
        return [(0, segs[0][1]), *segs[1:]]
    out: list[tuple[int, int]] = []
    lo = 0
    seen_val = seen_code = seen_label = False
    for j, k in enumerate(kinds):
        if (k in ("label", "code") and seen_val) or (k == "code" and (seen_code or seen_label)) or (
                tokens and k == "label" and seen_label):
            out.append((lo, j))
            lo, seen_val, seen_code, seen_label = j, False, False, False
        if k in ("amount", "rowno", "broken"):
            seen_val = True
        seen_code = seen_code or k == "code"
        seen_label = seen_label or k == "label"
    out.append((lo, max(m.width, len(kinds))))
    return out


@attrs.define
class _Row:
    """One segment of a data row being placed: its code, label and the cells made from it."""

    b: _Builder
    m: ColumnModel
    ln: _Line
    cells: list[str]
    kinds: list[str]
    lo: int
    hi: int
    code: str | None = None
    label: str = ""
    labels: list[tuple[int, str]] = attrs.field(factory=list)
    rowno: str | None = None
    seg_no: int = 0
    left_label: int = -1  # the index of the last label before ``lo`` (-1: none)
    out: list[Cell] = attrs.field(factory=list)
    #: (columns, first index, placements that fit) of a row its own identities leave open
    choices: tuple[tuple[str, ...], int, list[tuple[int, ...]]] | None = None
    #: (columns, the full row) of a row whose placement is known
    known: tuple[tuple[str, ...], tuple] | None = None

    @property
    def value_pos(self) -> list[int]:
        return [j for j in range(self.lo, self.hi) if self.kinds[j] in ("amount", "broken")]

    def cell(self, j: int | None, column: str, index: int, column_no: str | None = None, **kw) -> None:
        raw = self.cells[j] if j is not None else kw.pop("raw", "")
        self.out.append(Cell(
            table_id=self.b.table_id, value=_amount(raw)[1] if j is not None else None, raw=raw,
            row_label=kw.pop("row_label", self.label), row_code=self.code, column=column, column_index=index,
            column_no=column_no, row_no=self.rowno, page=self.ln.page, line=self.ln.no, text=self.ln.text,
            block=self.ln.block, file=self.ln.file,
            unreadable=j is not None and self.kinds[j] == "broken", **kw,
        ))


def _row_code(r: _Row, history: list[str], misprints: list[tuple[str, str, int]]) -> str | None:
    """The segment's code: code parts joined, an unpadded 款 padded, a misprinted class inferred."""
    idx = [j for j in range(r.lo, r.hi) if r.kinds[j] in ("code", "codepart", "badcode")]
    if not idx:
        return None
    parts = [r.cells[j] for j in idx]
    head = parts[0]
    tail = "".join(p.zfill(2) for p in parts[1:])
    if r.kinds[idx[0]] == "badcode":
        parent = next((c for c in reversed(history) if len(c) >= 5 and c[3:5] == tail[:2]), None)
        if parent is None:
            return None
        misprints.append((" ".join(parts), parent[:3] + tail, r.ln.no))
        head = parent[:3]
    code = head + tail
    return code if _CODE.fullmatch(code) else None


def _describe(r: _Row, unmapped: list[Unmapped]) -> bool:
    """Fill the segment's label and 行次; list broken amounts. False when the segment is empty."""
    r.labels = [(j, r.cells[j]) for j in range(r.lo, r.hi) if r.kinds[j] == "label"]
    r.rowno = next((r.cells[j] for j in range(r.lo, r.hi) if r.kinds[j] == "rowno"), None)
    for j in range(r.lo, r.hi):
        if r.kinds[j] == "broken":
            unmapped.append(Unmapped(page=r.ln.page, line=r.ln.no, text=r.cells[j],
                                     reason=f"unreadable amount in {r.b.table_id or 'table'}"))
    r.label = r.labels[0][1] if r.labels else ""
    if not r.labels and r.left_label >= 0:  # the last label left of the segment
        r.labels = [(r.left_label, r.cells[r.left_label])]
        r.label = r.cells[r.left_label]
    return bool(r.labels or r.code or r.value_pos)


def _place_layout(r: _Row, layout: tuple[tuple[str, ...], int, bool]) -> None:
    """A single-space row of a table whose columns the template gives: by identity, else uncertain."""
    cols, base, total_first = layout
    pos = r.value_pos
    n, m = len(pos), len(cols)
    if n >= m or m == 1:
        for k, j in enumerate(pos):
            amb = k >= m
            r.cell(j, cols[k] if k < m else "", base + k, ambiguous=amb,
                   placement="uncertain" if amb else "identity",
                   identities=() if amb else ("complete row" if m > 1 else "single column",))
        return
    values = [_amount(r.cells[j])[1] for j in pos]
    placed, found = place_by_identity(cols, values, r.b.table_id)
    _note(r, cols, base, values, [col for col, _ in placed], found)
    for k, (j, (col, used)) in enumerate(zip(pos, placed, strict=True)):
        sure = found or (k == 0 and total_first)
        r.cell(j, cols[col], base + col, ambiguous=not sure, placement="identity" if sure else "uncertain",
               identities=used if found else ("total printed first",) if sure else ())
    if found:
        _assume_blanks(r, cols, base, [col for col, _ in placed], placed[0][1] if placed else ())


def _assume_blanks(r: _Row, cols: tuple[str, ...], base: int, placed: list[int], used: tuple[str, ...]) -> None:
    """The columns a placed single-space row leaves empty: blanks the reader assumes (not seen)."""
    for k, col in enumerate(cols):
        if k not in placed:
            r.cell(None, col, base + k, blank="assumed", placement="identity", identities=used)


def _note(r: _Row, cols: tuple[str, ...], base: int, values: list, placed: list[int], found: bool) -> None:
    """Keep what the parent = Σ children pass needs: the row's known placement, or its open choices."""
    if not r.code or any(v is None for v in values):
        return
    if found or len(values) == len(cols):
        r.known = (cols, vector(len(cols), tuple(placed), values))
        return
    fits = fitting_placements(cols, values, r.b.table_id)
    if 2 <= len(fits) <= 8:
        r.choices = (cols, base, fits)


def _resolve(rows: list[_Row], cells: list[Cell]) -> list[Cell]:
    """Rows left open by their own identities, placed by parent = Σ children when one way fits."""
    groups: dict[tuple[str, ...], list[_Row]] = {}
    for r in rows:
        cols = r.known[0] if r.known else r.choices[0] if r.choices else None
        if cols is not None:
            groups.setdefault(cols, []).append(r)
    for cols, members in groups.items():
        fixed = {r.code: r.known[1] for r in members if r.known and r.code}
        open_rows = {r.code: r for r in members if r.choices and r.code and r.code not in fixed}
        if not open_rows:
            continue
        values = {code: [_amount(r.cells[j])[1] for j in r.value_pos] for code, r in open_rows.items()}
        choices = {code: [vector(len(cols), fit, values[code]) for fit in r.choices[2]]  # type: ignore[index]
                   for code, r in open_rows.items()}
        tol = Decimal(1).scaleb(min([0] + [int(v.as_tuple().exponent) for vs in values.values() for v in vs])) / 2
        for code, k in resolve_by_hierarchy(fixed, choices, tol).items():
            r = open_rows.get(code)
            if r is None:
                continue
            old = {id(c) for c in r.out}
            cells[:] = [c for c in cells if id(c) not in old]
            r.out = []
            base, fit = r.choices[1], r.choices[2][k]  # type: ignore[index]
            used = (f"{code[:-2] if len(code) > 3 else code} = Σ 下级科目",)
            for j, col in zip(r.value_pos, fit, strict=True):
                r.cell(j, cols[col], base + col, placement="identity", identities=used)
            _assume_blanks(r, cols, base, list(fit), used)
            cells.extend(r.out)
    return cells


def _place_virtual(r: _Row) -> None:
    """A single-space row of a table whose standard columns are all printed in its header."""
    cols = r.m.virtual
    pos = r.value_pos
    values = [_amount(r.cells[j])[1] for j in pos]
    placed, found = place_by_identity(cols, values, r.b.table_id)
    _note(r, cols, 100, values, [col for col, _ in placed], found)
    if found:
        for j, (col, used) in zip(pos, placed, strict=True):
            r.cell(j, cols[col], 100 + col, placement="identity", identities=used)
        _assume_blanks(r, cols, 100, [col for col, _ in placed], placed[0][1] if placed else ())
        return
    for k, j in enumerate(pos):
        amb = (k > 0 and len(pos) < len(cols)) or k >= len(cols)
        r.cell(j, cols[k] if k < len(cols) else "", 100 + k, ambiguous=amb,
               placement="uncertain" if amb else "identity",
               identities=() if amb else ("complete row",) if len(pos) == len(cols) else ("total printed first",))


def _place_count(r: _Row, seg_cols: list[int]) -> None:
    """A single-space row with header columns but no positions: from the left, certain only if complete."""
    m = r.m
    pos = r.value_pos
    if not seg_cols:
        for j in pos:
            r.cell(j, "", j, ambiguous=True, placement="uncertain")
        return
    for (k, sure), j in zip(place_by_count(len(pos), len(seg_cols)), pos, strict=False):
        col = seg_cols[k] if k < len(seg_cols) else j
        r.cell(j, m.paths[col] if col < len(m.paths) else "", col,
               m.colno[col] if col < len(m.colno) else None, ambiguous=not sure,
               placement="identity" if sure else "uncertain", identities=("complete row",) if sure else ())


def _shift(pos: list[int], seg_cols: list[int]) -> int | None:
    """The one smallest offset (±1, ±2) that puts every amount of a row under an amount column
    (a row whose cells a merged cell pushed sideways), or ``None``."""
    cols = set(seg_cols)
    for d in (1, 2):
        fits = [off for off in (-d, d) if pos and all(j + off in cols for j in pos)]
        if len(fits) == 1:
            return fits[0]
        if fits:
            return None
    return None


def _place_position(r: _Row, seg_cols: list[int]) -> None:
    """A row with positions (tab-separated, PDF geometry): each amount in its own column."""
    m, kinds, pos = r.m, r.kinds, r.value_pos
    sure = True
    in_cols, at = set(seg_cols), set(pos)  # sets: a row of thousands of cells stays linear
    if at <= in_cols:
        mapping = {j: j for j in pos}
        blanks = [j for j in seg_cols if j not in at and kinds[j] == "blank"]
    else:
        after = max([p for p, _ in r.labels] + [r.lo - 1])
        slots = [j for j in range(after + 1, r.hi) if kinds[j] in ("amount", "broken", "blank")]
        shift = _shift(pos, seg_cols)
        if len(slots) == len(seg_cols):
            mapping = {s: c for s, c in zip(slots, seg_cols, strict=False) if kinds[s] == "amount"}
        elif shift is not None:
            mapping = {j: j + shift for j in pos}
        else:
            mapping = dict(zip(pos, seg_cols, strict=False))
            sure = len(pos) == len(seg_cols)
        blanks = []
    labels, k, lab = r.labels, 0, r.label
    for j in pos:  # ascending, as the labels are: each amount takes the last label before it
        col = mapping.get(j, j)
        while k < len(labels) and labels[k][0] < j:
            lab = labels[k][1]
            k += 1
        ok = sure and j not in r.ln.unsure
        r.cell(j, m.paths[col] if col < len(m.paths) else "", col, m.colno[col] if col < len(m.colno) else None,
               row_label=lab, ambiguous=not ok, placement="position" if ok else "uncertain")
    for j, word in m.mixed.get(r.ln.no, {}).items():
        if r.lo <= j < r.hi:
            r.cell(None, m.paths[j], j, m.colno[j], raw=word, ambiguous=True, placement="uncertain")
            blanks = [k for k in blanks if k != j]
    if not any(r.lo <= p < r.hi for p, _ in r.labels):
        blanks = []
    for j in blanks:
        r.cell(None, m.paths[j], j, m.colno[j], blank="seen")


def _place(r: _Row) -> None:
    """Pick the placement strategy for one segment."""
    m, ln = r.m, r.ln
    seg_cols = [j for j in m.amount_cols if r.lo <= j < r.hi]
    layout = _token_layout(r.b, r.label, r.seg_no) if ln.tokens and not m.virtual and not m.amount_cols else None
    if layout is not None:
        _place_layout(r, layout)
    elif m.virtual and ln.tokens:
        _place_virtual(r)
    elif ln.tokens:
        _place_count(r, seg_cols)
    else:
        _place_position(r, seg_cols)


def _merge_spanning(cells: list[Cell]) -> list[Cell]:
    """A total printed across merged columns (公用经费合计 under two 决算数 columns) is one cell."""
    printed = {(c.row_label, c.row_code, c.column) for c in cells if c.value is not None}
    return [c for c in cells if c.value is not None or c.raw or (c.row_label, c.row_code, c.column) not in printed]


_ENUM_START = re.compile(r"^([一二三四五六七八九十]+、|\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）]|其中)")
_NAME_END = re.compile(r"(出|入|计|费|金|资|贴|助|款|务|他|项|目|理|行|余|位|品|额|数|类)$")


def _join_continued(data: list[_Line]) -> list[_Line]:
    """A name wrapped across a page break (``八、社会保障和就`` | next page ``业支出``): the first row of
    a new block that prints only a name fragment (no amount, code or enumeration) is joined to the
    row above when that row prints exactly one unfinished name (not ending like a complete name)."""
    out: list[_Line] = []
    for ln in data:
        prev = out[-1] if out else None
        vals = [(j, c) for j, c in enumerate(ln.cells or []) if c]
        if prev is not None and not ln.tokens and not prev.tokens and ln.block != prev.block and len(vals) == 1:
            frag = vals[0][1]
            # the unfinished name of the row above (the blocks of two pages need not share a grid)
            open_names = [k for k, c in enumerate(prev.cells or []) if c and not _is_amount(c) and not _is_code(c)
                          and not _NAME_END.search(c) and re.search(r"[\u4e00-\u9fff]$", c)]
            j = open_names[0] if len(open_names) == 1 else -1
            head = (prev.cells or [])[j] if j >= 0 else ""
            if head and len(frag) <= 12 and not _is_amount(frag) and not _is_code(frag) and not _ENUM_START.match(frag):
                cells = list(prev.cells or [])
                cells[j] = head + frag
                out[-1] = attrs.evolve(prev, cells=cells, text=f"{prev.text}\n{ln.text}")
                continue
        out.append(ln)
    return out


def finish(b: _Builder, unmapped: list[Unmapped]) -> PublishedTable | None:
    """The table a builder's rows make, or ``None`` when it has no rows."""
    if not b.rows:
        return None
    m, data = column_model(b)
    data = _join_continued(data)
    cells_out: list[Cell] = []
    rows_out: list[tuple[str | None, str, int]] = []
    history: list[str] = []
    misprints: list[tuple[str, str, int]] = []
    placed_rows: list[_Row] = []
    for ln in data:
        cells = list(ln.cells or []) + [""] * (m.width - len(ln.cells or []))
        kinds = _cell_kinds(cells, m, ln.tokens)
        mine: list[Cell] = []
        left, done = -1, 0
        for seg_no, (lo, hi) in enumerate(_segments(kinds, m, ln.tokens)):
            left = next((j for j in range(lo - 1, done - 1, -1) if kinds[j] == "label"), left)
            done = max(done, lo)
            r = _Row(b, m, ln, cells, kinds, lo, hi, seg_no=seg_no, left_label=left)
            r.code = _row_code(r, history, misprints)
            if not _describe(r, unmapped):
                continue
            if r.label or r.code:
                rows_out.append((r.code, r.label, ln.no))
            if r.code:
                history.append(r.code)
            _place(r)
            mine.extend(r.out)
            placed_rows.append(r)
        cells_out.extend(_merge_spanning(mine))
    cells_out = _resolve(placed_rows, cells_out)
    cells_out.sort(key=lambda c: (c.line, c.column_index))
    paths = list(m.paths)
    if not any(paths):  # a single-space table: the columns are the ones its cells were placed in
        paths = list(dict.fromkeys(c.column for c in sorted(cells_out, key=lambda c: c.column_index) if c.column))
    return PublishedTable(
        table_id=b.table_id, title=b.title, number=b.number, amount_unit=b.unit,
        columns=tuple(paths), cells=tuple(cells_out), rows=tuple(rows_out),
        notes=tuple(b.notes), page=b.page, line=b.line,
        raw_rows=tuple((ln.no, ln.text) for ln in b.rows), misprinted_codes=tuple(misprints),
    )

