"""Layouts as data: a template's rules bound to the cells it prints, in a TOML file.

A layout names the template (``id``, ``name``, ``kinds``), lists the catalogue rules the template
is checked by (``rules``), and may bind further rules to cells with selectors, so that a province
whose template the package does not know is added with a data file and no Python::

    id = "anhui-2025"
    name = "某省 2025 年度部门决算公开模板"
    kinds = ["决算"]

    [[sum]]                       # total = Σ parts (within the rounding band of the printed figures)
    rule = "AH.1"
    title = "支出表 合计 = 基本支出 + 项目支出"
    total = { table = "expenditure", row = "合计", column = "本年支出合计" }
    parts = [{ table = "expenditure", row = "合计", column = "基本支出" },
             { table = "expenditure", row = "合计", column = "项目支出" }]

    [[equal]]                     # one figure printed twice
    rule = "AH.2"
    a = { table = "income_expenditure_summary", row_no = "1", column_no = "1" }
    b = { title = "收入决算表", row = "合计", column = "财政拨款" }

    [[le]]                        # a part not above its whole
    rule = "AH.3"
    part = { table = "general_budget_expenditure", row = "合计" }
    whole = { table = "expenditure", row = "合计" }

A selector finds the table by ``table`` (the reader's table id) or ``title`` (words of the printed
title), the row by ``row`` (a code or the printed label) or ``row_no`` (行次 as printed), and the
column by ``column`` (words of the header) or ``column_no`` (栏次 as printed). A rule whose table
the report does not print is skipped; a rule whose table is printed but whose cell is not found is
``not_assessable``, naming the selector.

>>> import govbudget as gb
>>> rep = gb.read_report(text="支出决算表\\n项目\\t\\t本年支出合计\\t基本支出\\t项目支出\\n合计\\t\\t10.00\\t7.00\\t3.50\\n")
>>> lay = layout_from_dict({"id": "x", "sum": [{"rule": "X.1", "total": {"table": "expenditure", "row": "合计",
...     "column": "本年支出合计"}, "parts": [{"table": "expenditure", "row": "合计", "column": "基本支出"},
...     {"table": "expenditure", "row": "合计", "column": "项目支出"}]}]})
>>> [(f.rule, f.verdict) for f in apply_layout(lay, rep, strict=False)]
[('X.1', 'contradiction')]
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..reader._model import Cell, PublishedTable, norm
from ..reader._shape import _tn
from ._catalogue import CatalogueError, catalogue
from ._primitives import _eq, _le, _sum
from ._terms import Terms

if TYPE_CHECKING:  # pragma: no cover
    from ..reader import PublishedReport

__all__ = ["Layout", "apply_layout", "builtin_layouts", "default_terms", "load_layout"]

_DIR = Path(__file__).with_name("layouts")
_SELECTOR_KEYS = {"table", "title", "row", "row_no", "column", "column_no"}
_WORDS = {"row": "", "row_no": "行次", "column": "", "column_no": "栏次"}


@attrs.frozen(kw_only=True)
class Layout:
    """A template's layout: its id and name, the catalogue rules it is checked by, and its own
    rules bound to cells (``sum``, ``equal``, ``le`` entries as in the TOML file)."""

    id: str
    name: str = ""
    kinds: tuple[str, ...] = ("决算", "预算")
    rules: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    bindings: tuple[tuple[str, dict], ...] = ()
    terms: dict = attrs.field(factory=dict)
    add_terms: dict = attrs.field(factory=dict)
    file: str = ""

    def applies_to(self, kind: str | None) -> bool:
        """Whether the layout is for reports of ``kind`` (a report of unknown kind takes every layout)."""
        return kind is None or kind in self.kinds


def _check_selector(sel: Any, where: str) -> dict:
    if not isinstance(sel, dict) or not sel.keys() & {"table", "title"} or sel.keys() - _SELECTOR_KEYS:
        raise CatalogueError(f"{where}: a selector is a table with table= or title= and row/row_no/column/"
                             f"column_no; found {sel!r}")
    return sel


def layout_from_dict(data: dict, file: str = "") -> Layout:
    """A :class:`Layout` from the parsed TOML (a typed error naming the file and the entry when it is
    malformed or lists a rule the catalogue does not have)."""
    if not isinstance(data.get("id"), str):
        raise CatalogueError(f"{file or 'layout'}: a layout needs id = \"…\"")
    known = catalogue()
    unknown = [r for r in (*data.get("rules", []), *data.get("disable", [])) if r not in known]
    if unknown:
        raise CatalogueError(f"{file or data['id']}: rules not in the catalogue: {', '.join(unknown)}")
    bindings = []
    for kind, slots in (("sum", ("total", "parts")), ("equal", ("a", "b")), ("le", ("part", "whole"))):
        for k, entry in enumerate(data.get(kind, [])):
            where = f"{file or data['id']} [[{kind}]] #{k + 1}"
            if not isinstance(entry.get("rule"), str) or any(s not in entry for s in slots):
                raise CatalogueError(f"{where}: needs rule = \"…\" and {' and '.join(slots)}")
            for s in slots:
                for sel in entry[s] if isinstance(entry[s], list) else [entry[s]]:
                    _check_selector(sel, where)
            bindings.append((kind, entry))
    for key in ("terms", "add_terms"):
        sections = data.get(key, {})
        bad = [f"{key}.{k}" for k, v in sections.items() if not isinstance(v, dict)] if isinstance(sections, dict) else [key]
        if bad:
            raise CatalogueError(f"{file or data['id']}: {', '.join(bad)} must be a table of terms ([{key}.<section>])")
    return Layout(id=data["id"], name=data.get("name", ""), kinds=tuple(data.get("kinds", ("决算", "预算"))),
                  rules=tuple(data.get("rules", ())), disable=tuple(data.get("disable", ())), bindings=tuple(bindings),
                  terms=data.get("terms", {}), add_terms=data.get("add_terms", {}), file=file)


def load_layout(path: str | Path) -> Layout:
    """Read a layout TOML file."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"{p}: cannot read the layout ({exc})") from None
    return layout_from_dict(data, p.name)


def builtin_layouts() -> dict[str, Layout]:
    """The layouts shipped with the package, by id (``common`` first: the vocabulary every built-in
    check reads with; then ``hunan-2024``, ``shanghai-2024-final``, …).

    >>> list(builtin_layouts())[:2]
    ['common', 'hunan-2024']
    """
    return dict(_builtin())


@cache
def _builtin() -> dict[str, Layout]:
    out = {"common": load_layout(_DIR / "common.toml")}
    for p in sorted(_DIR.glob("*.toml")):
        if p.name == "common.toml":
            continue
        lay = load_layout(p)
        out[lay.id] = lay
    return out


def _table(rep: PublishedReport, sel: dict) -> PublishedTable | None:
    if "table" in sel:
        return rep.table(sel["table"])
    words = norm(sel["title"])
    return next((t for t in rep.tables if words in norm(t.title)), None)


def _cell(t: PublishedTable, sel: dict) -> Cell | None:
    cells = list(t.cells)
    if "row" in sel:
        cells = t.row_cells(str(sel["row"]))
    if "row_no" in sel:
        cells = [c for c in cells if c.row_no == str(sel["row_no"])]
    if "column" in sel:
        key = norm(sel["column"]).replace("/", "")
        cells = [c for c in cells if key in norm(c.column).replace("/", "")]
    if "column_no" in sel:
        cells = [c for c in cells if c.column_no == str(sel["column_no"])]
    return cells[0] if cells else None


def _describe(sel: dict) -> str:
    return " ".join(f"{k}={sel[k]}" for k in ("table", "title", "row", "row_no", "column", "column_no") if k in sel)


def _resolve(rep: PublishedReport, sel: dict) -> tuple[str, Cell | None] | None:
    """(name, cell) for a selector; ``None`` when the report does not print the table."""
    t = _table(rep, sel)
    if t is None:
        return None
    c = _cell(t, sel)
    label = " ".join(f"{_WORDS[k]}{sel[k]}" for k in ("row", "row_no", "column", "column_no") if k in sel)
    return f"{_tn(t)} {label}".strip(), c


def _missing(rule: str, sel: dict, name: str):
    from ..reconcile import Finding

    return Finding(rule=rule, verdict="not_assessable", where=name, expected=None, found=None, places=(name,),
                   message=f"{name}：布局所指的单元格（{_describe(sel)}）在表中找不到，本项核对无法评估。")


def _apply_one(kind: str, entry: dict, rep: PublishedReport, strict: bool):
    rule = entry["rule"]
    slots = {"sum": ("total", "parts"), "equal": ("a", "b"), "le": ("part", "whole")}[kind]
    got: dict[str, Any] = {}
    for s in slots:
        sels = entry[s] if isinstance(entry[s], list) else [entry[s]]
        resolved = [_resolve(rep, sel) for sel in sels]
        if any(r is None for r in resolved):
            return None  # a table the report does not print: the rule does not apply
        for sel, (name, c) in zip(sels, resolved, strict=True):
            if c is None:
                return _missing(rule, sel, name)
        got[s] = resolved if isinstance(entry[s], list) else resolved[0]
    if kind == "sum":
        (tname, total), parts = got["total"], got["parts"]
        return _sum(total, [c for _, c in parts], rule=rule, where=tname, strict=strict, names=[n for n, _ in parts])
    if kind == "equal":
        return _eq(got["a"][1], got["b"][1], rule=rule, pa=got["a"][0], pb=got["b"][0])
    return _le(got["part"][1], got["whole"][1], rule=rule, pa=got["part"][0], pb=got["whole"][0], strict=strict)


def apply_layout(layout: Layout, rep: PublishedReport, *, strict: bool = False) -> Iterable:
    """The findings of the layout's own bound rules on ``rep`` (none when the report's kind is not
    one the layout is for)."""
    if rep.kind is not None and rep.kind not in layout.kinds:
        return []
    out = []
    for kind, entry in layout.bindings:
        f = _apply_one(kind, entry, rep, strict)
        if f is not None:
            out.append(f)
    return out


def default_terms() -> Terms:
    """The vocabulary of the built-in layouts for a report of any kind (what a family reads with
    when it is called on its own).

    >>> default_terms().section("row_sums")["expenditure"]
    'R03.1'
    """
    lays = _builtin().values()
    return Terms.merge({"terms": lay.terms, "add_terms": lay.add_terms} for lay in lays)
