"""Tables printed without rules, read by geometry: column bands from the header cells and the amounts.

From the word boxes of a page (pdfplumber ``extract_words``): rows are the words whose vertical spans
overlap; a row with amounts (a figure with no text to its right) is a data row; the header block is
the rows directly above the first data row. Column bands come from the amounts' right edges (``x1``:
amounts are right-aligned) and the leaf header cells (a header word with no header word under it; a
merged header word spanning several bands goes to the first of them). Every amount is placed in the
band its box overlaps most; a box overlapping no band, or two bands equally, is written with the
:data:`UNSURE` mark (the reader makes it an ``uncertain`` cell, never counted into place). A label
fragment without amounts directly above or below a data row, within the label column, is joined to
the nearer row (a wrapped label). The bands of a table that runs to the end of a page carry to the
next page when that page starts with data rows (no header, or the same header repeated).

>>> _is_value("1,608.51"), _is_value("205")
(True, True)
"""

from __future__ import annotations

import re

import attrs

from ._lines import UNSURE, _is_amount
from ._model import fold

__all__ = ["Layout", "unruled_tables"]

_STOP = re.compile(r"单位[:：]|表$|^注[:：]")
_PROSE = re.compile(r"[。；，;,]\D|[。；，;]$|%")
_NEW_ROW = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d|其中)")


_DASH = re.compile(r"^[-—–－]+$")


def _clean(words: list[dict]) -> list[dict]:
    """Word texts in NFKC with radical-supplement glyphs read as the characters they print."""
    return [{**w, "text": fold(w["text"])} for w in words]


def _is_value(text: str) -> bool:
    """A figure or a printed blank (``—``) in an amount column."""
    return _is_amount(text) or bool(_DASH.match(text))


@attrs.define
class Layout:
    """The columns of one table: label columns (x ranges) then amount bands (x ranges)."""

    labels: list[tuple[float, float]]
    bands: list[tuple[float, float]]


def _rows(words: list[dict]) -> list[list[dict]]:
    """Words → rows: words whose vertical spans overlap by more than a quarter of a line height."""
    rows: list[list[dict]] = []
    spans: list[list[float]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        h = w["bottom"] - w["top"]
        for k in range(len(rows) - 1, max(-1, len(rows) - 3), -1):
            top, bottom = spans[k]
            if min(bottom, w["bottom"]) - max(top, w["top"]) > 0.25 * h:
                rows[k].append(w)
                spans[k] = [min(top, w["top"]), max(bottom, w["bottom"])]
                break
        else:
            rows.append([w])
            spans.append([w["top"], w["bottom"]])
    return rows


def _amounts(row: list[dict]) -> list[dict]:
    """The amounts of a row: figures with no text to their right (none in a row of prose)."""
    out = []
    if any(_PROSE.search(w["text"]) for w in row):
        return out
    for w in sorted(row, key=lambda w: w["x0"], reverse=True):
        if not _is_value(w["text"]):
            break
        out.append(w)
    if len(out) == len(row):
        out = out[:-1]  # the leftmost word of a row is its label or code, not an amount
    return sorted(out, key=lambda w: w["x0"])


def _top(row: list[dict]) -> float:  # float-ok: page coordinates, not money
    return min(w["top"] for w in row)


def _bottom(row: list[dict]) -> float:  # float-ok: page coordinates, not money
    return max(w["bottom"] for w in row)


def _height(rows: list[list[dict]]) -> float:  # float-ok: page coordinates, not money
    hs = sorted(w["bottom"] - w["top"] for r in rows for w in r)
    return hs[len(hs) // 2] if hs else 10.0  # float-ok (page geometry, not money)


def _header(rows: list[list[dict]], first: int, h: float) -> list[list[dict]]:  # float-ok: page coordinates, not money
    """The rows directly above the first data row that form its header (at most four)."""
    out: list[list[dict]] = []
    below = _top(rows[first])
    for k in range(first - 1, max(-1, first - 5), -1):
        r = rows[k]
        text = "".join(w["text"] for w in r)
        if below - _bottom(r) > 1.5 * h or _STOP.search(text) or _amounts(r) or len(text) > 60 or any(
                _PROSE.search(w["text"]) or len(w["text"]) > 20 for w in r):
            break
        out.insert(0, r)
        below = _top(r)
    return out


def _leaves(header: list[list[dict]]) -> list[dict]:
    """Header words with no header word under them (a merged cell has its parts below)."""
    words = [w for r in header for w in r]
    return [w for w in words if not any(
        o["top"] > w["bottom"] - 1 and min(o["x1"], w["x1"]) > max(o["x0"], w["x0"]) for o in words)]


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:  # float-ok: page coordinates, not money
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def _bands(amounts: list[dict], leaves: list[dict], h: float) -> list[tuple[float, float]]:  # float-ok: page coordinates, not money
    """Amount columns clustered by right edge (supported by two rows or a header cell), each widened
    by the leaf header cells over it; a leaf header cell over no amount column is a band of its own."""
    clusters: list[list[dict]] = []
    for w in sorted(amounts, key=lambda w: w["x1"]):
        if clusters and w["x1"] - clusters[-1][-1]["x1"] <= 0.3 * h:
            clusters[-1].append(w)
        else:
            clusters.append([w])
    spans = [(min(w["x0"] for w in c), max(w["x1"] for w in c)) for c in clusters]
    def alone(k: int) -> bool:  # the only amount column under some leaf header cell
        return any(_overlap(spans[k], (lf["x0"], lf["x1"])) > 0 and not any(
            j != k and _overlap(spans[j], (lf["x0"], lf["x1"])) > 0 for j in range(len(spans))) for lf in leaves)

    keep = [s for k, (c, s) in enumerate(zip(clusters, spans, strict=True)) if len(c) >= 2 or alone(k)]
    bands = [list(s) for s in keep]
    for lf in leaves:
        box = (lf["x0"], lf["x1"])
        hits = [b for b in bands if _overlap(tuple(b), box) > 0]
        if len(hits) == 1:
            hits[0][0], hits[0][1] = min(hits[0][0], box[0]), max(hits[0][1], box[1])
        elif not hits and (not bands or box[0] > min(b[0] for b in bands) - h):
            bands.append(list(box))
    return sorted((b[0], b[1]) for b in bands)


def _place(w: dict, bands: list[tuple[float, float]]) -> tuple[int, bool]:
    """(band index, sure): the band the box overlaps most; none or a tie → nearest, not sure."""
    box = (w["x0"], w["x1"])
    ov = sorted(((_overlap(box, b), k) for k, b in enumerate(bands)), reverse=True)
    if ov and ov[0][0] > 0 and (len(ov) == 1 or ov[0][0] - ov[1][0] > 0.5):
        return ov[0][1], True
    mid = (box[0] + box[1]) / 2
    return min(range(len(bands)), key=lambda k: abs((bands[k][0] + bands[k][1]) / 2 - mid)), False


def _body(rows: list[list[dict]], first: int, h: float) -> int:  # float-ok: page coordinates, not money
    """The end (exclusive) of the table body starting at data row ``first``: data rows and label
    fragments left of the amounts, each within three line heights of the row above."""
    left = min(w["x0"] for w in _amounts(rows[first]))
    end = first + 1
    while end < len(rows):
        r = rows[end]
        if _top(r) - _bottom(rows[end - 1]) > 3 * h:
            break
        am = _amounts(r)
        if am:
            left = min(left, *(w["x0"] for w in am))
        elif max(w["x1"] for w in r) >= left or _STOP.search("".join(w["text"] for w in r)):
            break
        end += 1
    return end


def _aligned(body: list[list[dict]], h: float) -> bool:  # float-ok: page coordinates, not money
    """The amounts stand in columns: in a body of several data rows, each amount shares its right
    edge with an amount of another row (figures scattered through prose do not)."""
    rows = [_amounts(r) for r in body]
    rows = [r for r in rows if r]
    if len(rows) < 2:
        return bool(rows)
    edges = [w["x1"] for r in rows for w in r]
    lone = sum(1 for e in edges if sum(abs(e - o) <= 0.3 * h for o in edges) < 2)
    return lone * 2 <= len(edges)


def _headed(lay: Layout, header: list[list[dict]], body: list[list[dict]]) -> bool:
    """A table, not figures in prose: every amount band has a header word over it, and there are
    two bands or two data rows."""
    words = [(w["x0"], w["x1"]) for r in header for w in r]
    rows = sum(1 for r in body if _amounts(r))
    return bool(lay.bands) and (len(lay.bands) >= 2 or rows >= 2) and all(
        any(_overlap(b, x) > 0 for x in words) for b in lay.bands)


def _fragments_above(rows: list[list[dict]], first: int, h: float) -> int:  # float-ok: page coordinates, not money
    """The first row of a table body: label fragments directly above the first data row (a wrapped
    label whose amounts are printed on its second line) belong to the body, not to the header."""
    left = min(w["x0"] for w in _amounts(rows[first]))
    k = first
    while k > 0 and _top(rows[k]) - _bottom(rows[k - 1]) <= h and max(w["x1"] for w in rows[k - 1]) < left and not any(
            _PROSE.search(w["text"]) for w in rows[k - 1]) and (
            k == first or not _NEW_ROW.match(min(rows[k], key=lambda w: w["x0"])["text"])):
        k -= 1
    return k


def _starts_row(row: list[dict]) -> bool:
    """A row whose first word starts a printed row (an enumeration, a code, 其中)."""
    words = [w for w in row if not _is_value(w["text"]) or w is min(row, key=lambda w: w["x0"])]
    return bool(words) and bool(_NEW_ROW.match(min(words, key=lambda w: w["x0"])["text"]))


def _groups(rows: list[list[dict]], h: float) -> list[list[list[dict]]]:  # float-ok: page coordinates, not money
    """Body rows → printed rows: a label fragment directly above/below a data row (within one line
    height) joins it: below a row when the fragment does not start a row of its own (an enumeration,
    a code), above a row whose own label does not start one; the nearer if both (a tie: above)."""
    data = [k for k, r in enumerate(rows) if _amounts(r)]
    groups: dict[int, list[int]] = {k: [k] for k in range(len(rows))}
    for k, r in enumerate(rows):
        if k in data:
            continue
        up = max((d for d in data if d < k), default=None)
        down = min((d for d in data if d > k), default=None)
        near = []
        if up is not None and not _starts_row(r) and _top(r) - _bottom(rows[up]) <= h:
            near.append((_top(r) - _bottom(rows[up]), up))
        if down is not None and not _starts_row(rows[down]) and _top(rows[down]) - _bottom(r) <= h:
            near.append((_top(rows[down]) - _bottom(r), down))
        if near:
            target = min(near, key=lambda x: x[0])[1]  # a tie keeps the row above (listed first)
            groups[target].append(k)
            del groups[k]
    return [[rows[k] for k in sorted(ks)] for _, ks in sorted(groups.items())]


def _layout(header: list[list[dict]], body: list[list[dict]], h: float) -> Layout:  # float-ok: page coordinates, not money
    leaves = _leaves(header)
    amounts = [w for r in body for w in _amounts(r)]
    bands = _bands(amounts, leaves, h)
    left = bands[0][0] if bands else max(w["x1"] for r in body for w in r)
    labs = sorted((lf["x0"], lf["x1"]) for lf in leaves if lf["x1"] < left)
    return Layout(labels=labs or [(0.0, left)], bands=bands)


def _column(w: dict, lay: Layout) -> tuple[int, bool]:
    """The cell index of a word: a label column left of the bands, else its band."""
    box = (w["x0"], w["x1"])
    if not lay.bands or w["x1"] <= lay.bands[0][0] or (
            not _is_value(w["text"]) and _overlap(box, (lay.bands[0][0], lay.bands[-1][1])) == 0):
        labs = lay.labels
        best = max(range(len(labs)), key=lambda k: (_overlap(box, labs[k]), -abs(labs[k][0] - w["x0"])))
        return best, True
    k, sure = _place(w, lay.bands)
    return len(lay.labels) + k, sure


def _line(group: list[list[dict]], lay: Layout) -> str:
    """A printed row (its data row and joined label fragments) → tab-separated cells."""
    cells = [""] * (len(lay.labels) + len(lay.bands))
    seen: dict[int, float] = {}  # the bottom of the last word in each cell: a word on a lower line joins
    unsure: list[dict] = []
    for r in group:
        for w in sorted(r, key=lambda w: w["x0"]):
            if lay.bands and _is_value(w["text"]) and w["x1"] > lay.bands[0][0] and not _place(
                    w, lay.bands)[1]:
                unsure.append(w)
                continue
            k, sure = _column(w, lay)
            text = w["text"] if sure else UNSURE + w["text"]
            sep = " " if cells[k] and (k >= len(lay.labels) or w["top"] < seen.get(k, -1.0)) else ""
            cells[k] = f"{cells[k]}{sep}{text}"
            seen[k] = w["bottom"]
    for w in unsure:  # a box in no band / two bands: the nearest empty band, marked
        mid = (w["x0"] + w["x1"]) / 2
        free = [k for k in range(len(lay.bands)) if not cells[len(lay.labels) + k]]
        if free:
            k = len(lay.labels) + min(free, key=lambda k: abs((lay.bands[k][0] + lay.bands[k][1]) / 2 - mid))
            cells[k] = UNSURE + w["text"]
        else:
            cells.append(UNSURE + w["text"])
    while cells and not cells[-1]:
        cells.pop()
    return "\t".join(cells)


def _header_lines(header: list[list[dict]], lay: Layout) -> list[str]:
    """The header as a grid, as a ruled table prints it: each header word in the first column it
    spans, on the first grid row under every header word above it in the columns it spans (a
    row-spanning cell such as 项目 or 合计 sits on the top row)."""
    nlab = len(lay.labels)
    depth: dict[int, int] = {}  # column → rows used so far
    grid: list[list[str]] = []
    for w in sorted((w for r in header for w in r), key=lambda w: (w["top"], w["x0"])):
        box = (w["x0"], w["x1"])
        cols = [nlab + k for k, b in enumerate(lay.bands) if _overlap(box, b) > 0] or [_column(w, lay)[0]]
        row = max(depth.get(c, 0) for c in cols)
        for c in cols:
            depth[c] = row + 1
        while len(grid) <= row:
            grid.append([""] * (nlab + len(lay.bands)))
        grid[row][cols[0]] += w["text"]
    out = []
    for cells in grid:
        while cells and not cells[-1]:
            cells.pop()
        out.append("\t".join(cells))
    return out


def _table_layout(header: list[list[dict]], body: list[list[dict]], h: float, carry: Layout | None  # float-ok: page coordinates, not money
                  ) -> Layout | None:
    """The layout of a table: from its header, or carried from the page before when it has none;
    ``None`` when the rows are not a table (figures in prose)."""
    if not _aligned(body, h):
        return None
    if not header:
        return carry
    lay = _layout(header, body, h)
    return lay if _headed(lay, header, body) else None


def unruled_tables(words: list[dict], carry: Layout | None = None
                   ) -> tuple[list[tuple[float, float, list[str]]], Layout | None]:
    """A page's words → its tables without rules as ``(top, bottom, [表格] lines)``, and the layout
    that carries to the next page (the last table runs to the page's end), else ``None``."""
    rows = _rows(_clean(words))
    h = _height(rows)
    out: list[tuple[float, float, list[str]]] = []
    i, lay, last = 0, None, None
    while i < len(rows):
        if not _amounts(rows[i]):
            i += 1
            continue
        start = _fragments_above(rows, i, h)
        header = _header(rows, start, h)
        end = _body(rows, i, h)
        body = rows[start:end]
        lay = _table_layout(header, body, h, None if out else carry)
        if lay is None:
            i = end
            continue
        lines = ["[表格]", *_header_lines(header, lay),
                 *(_line(g, lay) for g in _groups(body, h)), "[/表格]"]
        out.append((_top((header or body)[0]), _bottom(body[-1]), lines))
        last, i = end, end
    rest = "".join(w["text"] for r in rows[last:] for w in r) if last is not None else "x" * 99
    return out, (lay if last is not None and len(rest) < 12 else None)
