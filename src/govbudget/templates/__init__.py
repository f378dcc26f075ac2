"""Public-table templates: the layout of the nine 公开表 for one region and year, as data.

A :class:`Template` is read from a TOML file shipped in this folder (``<region>-<year>.toml``)
or from a user's file. It holds the table specs (titles, 表号, columns with 栏次 and
multi-level header paths, fixed rows, the 公开06 column groups), the year's 类 list (from
which every 行次 is computed), the rule set that defines the 三公 figures (funds, spending types,
codes and budget basis live in :mod:`govbudget.rules`, not here), the 说明 section list and the
formatting conventions (blank or ``0.00`` for a zero, 金额单位). Adding a region is a data
addition: a new TOML file, no code.

>>> import govbudget as gb
>>> t = gb.template("hunan", 2024)
>>> t.id, len(t.categories), t.table("公开03").title
('hunan-2024', 26, '支出决算表')
>>> t.categories[0].code, t.categories[0].name, t.categories[0].name_source
('201', '一般公共服务支出', 'edition')
>>> [c.no for c in t.table("公开03").amount_columns]
[1, 2, 3, 4, 5, 6]
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .._accounts import Fund, SpendType
from .._ids import split_id
from ..errors import DataFileError, GovBudgetError, UnknownEditionError

if TYPE_CHECKING:  # pragma: no cover
    from ..rules import RuleSet

__all__ = [
    "Category",
    "ColumnSpec",
    "EconomicClass",
    "RowSpec",
    "TableSpec",
    "Template",
    "TotalSpec",
    "UnknownTemplateError",
    "available_templates",
    "load_template",
    "split_id",
    "template",
]

#: layouts the table builder knows; ``kind`` (the table's meaning) is free text per template
LAYOUTS = ("two_sided", "tree", "economic", "three_public")
COLUMN_KINDS = ("code", "label", "row_no", "amount")
ROW_SOURCES = (
    "income",
    "opening",
    "expenditure",
    "closing",
    "distribution",
    "sum",
    "categories",
    "pad_to_categories",
    "pad_to_balance",
    "blank",
)
COLUMN_SOURCES = ("income", "expenditure", "opening", "closing", "budget", "actual")

_FUND_ALIASES: dict[str, tuple[Fund, ...]] = {
    "fiscal": (Fund.GENERAL, Fund.GOV_FUND, Fund.STATE_CAPITAL),
    "income": tuple(f for f in Fund if f is not Fund.NONFISCAL_BALANCE),
}


class UnknownTemplateError(GovBudgetError, LookupError):
    """No template is shipped for (region, year); the message lists the shipped ones.

    >>> import govbudget as gb
    >>> try:
    ...     gb.template("hunan", 1999)
    ... except LookupError as e:
    ...     print(e)
    no public-table template for region 'hunan' and year 1999; shipped templates: hunan-2024, shanghai-2024
    """

    def __init__(self, region: object, year: object, available: Iterable[str], *, message: str = "") -> None:
        self.region, self.year, self.available = region, year, tuple(available)
        super().__init__(
            message
            or f"no public-table template for region {region!r} and year {year}; "
            f"shipped templates: {', '.join(self.available) or 'none'}"
        )


@attrs.frozen(kw_only=True)
class Category:
    """One 类 row of 公开01/公开04: code, name and where the name came from.

    ``name_source`` is ``"edition"`` when the name is the code edition's, ``"template"`` when
    the code is missing from the edition and the template file's name is used instead.

    >>> Category(code="201", name="一般公共服务支出", name_source="edition").code
    '201'
    """

    code: str
    name: str
    name_source: str = "edition"


@attrs.frozen(kw_only=True)
class ColumnSpec:
    """One printed column: its frame field, kind, header path and, for amounts, 栏次 and source.

    ``path`` lists the header labels from the top header row down; an empty string continues
    the label above it (a vertical merge). ``field`` is the frame column holding the values
    (``c1`` … for amounts). ``side`` (two-sided tables) and ``group`` (公开06) place the column.
    ``source``/``fund``/``spend_type`` say what an amount column adds up; in a 三公 table
    ``figure`` names the rule figure it prints (``"total"`` or a component id of the rule).

    >>> c = ColumnSpec(key="c2", kind="amount", path=("本年支出", "基本支出"), no=2)
    >>> c.label, c.field
    ('基本支出', 'c2')
    """

    key: str
    kind: str
    path: tuple[str, ...]
    no: int | None = None
    field: str = ""
    side: str | None = None
    group: int | None = None
    source: str | None = None
    fund: tuple[Fund, ...] | None = None
    spend_type: tuple[SpendType, ...] | None = None
    figure: str | None = None

    def __attrs_post_init__(self) -> None:
        if not self.field:
            object.__setattr__(self, "field", self.key)

    @property
    def label(self) -> str:
        """The lowest non-empty header label."""
        return next((p for p in reversed(self.path) if p), "")


@attrs.frozen(kw_only=True)
class RowSpec:
    """A fixed row of a two-sided table (公开01/公开04), or a marker for the 类 rows and padding.

    >>> RowSpec(label="本年收入合计", source="income", key="income_total").source
    'income'
    """

    label: str = ""
    source: str = "blank"
    key: str | None = None
    fund: tuple[Fund, ...] | None = None
    refs: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class EconomicClass:
    """An economic 类 of 公开06 and the 款 printed under it (all of them, blank or not).

    >>> EconomicClass(code="310", items=("31002",)).items
    ('31002',)
    """

    code: str
    items: tuple[str, ...]


@attrs.frozen(kw_only=True)
class TotalSpec:
    """A total row of 公开06 (人员经费合计 / 公用经费合计): which classes it adds and where it sits.

    >>> TotalSpec(label="人员经费合计", classes=("301", "303"), group=1).value_group
    1
    """

    label: str
    classes: tuple[str, ...]
    group: int
    value_group: int = 0

    def __attrs_post_init__(self) -> None:
        if not self.value_group:
            object.__setattr__(self, "value_group", self.group)


@attrs.frozen(kw_only=True)
class TableSpec:
    """The layout of one public table.

    >>> import govbudget as gb
    >>> s = gb.template("hunan", 2024).table("公开06")
    >>> s.layout, s.number, [len(g) for g in s.groups]
    ('economic', '公开06表', [2, 1, 3])
    """

    id: str
    kind: str
    layout: str
    title: str
    number: str = ""
    columns: tuple[ColumnSpec, ...] = ()
    row_numbers: bool = False
    column_numbers: bool = True
    header_block: bool = True
    header_valign: str = "top"
    total_row: str = "top"
    fund: tuple[Fund, ...] | None = None
    spend_type: tuple[SpendType, ...] | None = None
    income_rows: tuple[RowSpec, ...] = ()
    expenditure_rows: tuple[RowSpec, ...] = ()
    groups: tuple[tuple[EconomicClass, ...], ...] = ()
    totals: tuple[TotalSpec, ...] = ()
    row_label: str = ""
    notes: tuple[str, ...] = ()
    empty_statement: str = ""

    @property
    def amount_columns(self) -> tuple[ColumnSpec, ...]:
        """The amount columns, one per frame field (公开06 repeats ``c1`` in each group)."""
        seen: dict[str, ColumnSpec] = {}
        for c in self.columns:
            if c.kind == "amount" and c.field not in seen:
                seen[c.field] = c
        return tuple(seen.values())

    @property
    def header_depth(self) -> int:
        """Number of header rows."""
        return max((len(c.path) for c in self.columns), default=0)


@attrs.frozen(kw_only=True)
class Template:
    """The public-table layout of one region and year.

    ``zero`` says how an exact zero is printed: ``"blank"`` (Hunan: a zero cell stays empty) or
    ``"0.00"``. ``three_public_rules`` names the shipped rule set (``"hunan-2024"``) whose
    ``three_public`` rule gives 公开09 its figures, so that the table and 说明七 share one definition.

    >>> import govbudget as gb
    >>> t = gb.template("shanghai", 2024)
    >>> t.region_name, len(t.categories), [s.id for s in t.tables][:2]
    ('上海市', 24, ['表1', '表2'])
    """

    id: str
    region: str
    region_name: str
    level: str
    year: int
    title: str
    unit_label: str
    department_label: str
    zero: str
    categories: tuple[Category, ...]
    tables: tuple[TableSpec, ...]
    three_public_rules: str
    sections: tuple[str, ...]
    ordinals: bool = True
    economic_names: Mapping[str, str] = attrs.Factory(dict)
    source: str = ""

    def table(self, table_id: str) -> TableSpec:
        """The spec of ``table_id`` (e.g. ``"公开03"``); raises KeyError listing the ids.

        >>> import govbudget as gb
        >>> gb.template("hunan", 2024).table("公开10")
        Traceback (most recent call last):
        ...
        KeyError: "template hunan-2024 has no table '公开10'; tables: 公开01, 公开02, 公开03, 公开04, 公开05, 公开06, 公开07, 公开08, 公开09"
        """
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(f"template {self.id} has no table {table_id!r}; tables: {', '.join(t.id for t in self.tables)}")

    def by_kind(self, kind: str) -> TableSpec:
        """The spec of the table with meaning ``kind`` (``"expenditure"``, ``"three_public"`` …).

        >>> import govbudget as gb
        >>> gb.template("shanghai", 2024).by_kind("three_public").id
        '表7'
        """
        for t in self.tables:
            if t.kind == kind:
                return t
        raise KeyError(f"template {self.id} has no table of kind {kind!r}; kinds: {', '.join(t.kind for t in self.tables)}")

    def ruleset(self) -> RuleSet:
        """The rule set named by ``three_public_rules`` (see :func:`govbudget.ruleset`).

        >>> import govbudget as gb
        >>> rs = gb.template("shanghai", 2024).ruleset()
        >>> rs.template, rs.year, [f.value for f in rs["three_public"].spend_types]
        ('hunan', 2024, ['基本支出', '项目支出'])
        """
        from ..rules import ruleset

        return ruleset(self.three_public_rules)

    def category_rows(self, side_start: int) -> dict[str, int]:
        """行次 of each 类 when the 类 block starts at ``side_start``.

        >>> import govbudget as gb
        >>> gb.template("hunan", 2024).category_rows(31)["221"]
        49
        """
        return {c.code: side_start + i for i, c in enumerate(self.categories)}


# ---------------------------------------------------------------------------- loading


def _dir():
    return files(__name__)


def available_templates() -> tuple[str, ...]:
    """The ids (``<region>-<year>``) of the shipped templates.

    >>> import govbudget as gb
    >>> gb.available_templates()
    ('hunan-2024', 'shanghai-2024')
    """
    return tuple(sorted(f.name[:-5] for f in _dir().iterdir() if f.name.endswith(".toml")))


def template(region: str | Template | tuple[str, int], year: int | None = None) -> Template:
    """The shipped template of ``region`` and ``year`` (e.g. ``template("hunan", 2024)``).

    ``region`` may also be an id (``"hunan-2024"``), a ``(region, year)`` pair or a
    :class:`Template`, which is returned as it is. The year must be an ``int``.

    Raises :class:`UnknownTemplateError` listing the shipped templates (also for a year that is
    not an int, or a missing year).

    >>> import govbudget as gb
    >>> gb.template("Hunan", 2024).region_name
    '湖南省'
    >>> gb.template("shanghai-2024").id, gb.template(gb.template("hunan", 2024)).id
    ('shanghai-2024', 'hunan-2024')
    >>> gb.template("hunan", "2024")
    Traceback (most recent call last):
    ...
    govbudget.templates.UnknownTemplateError: the year of a template must be an int such as 2024, found str '2024'
    """
    return _resolve(region, year)


def _resolve(value: object, year: object = None, *, default_year: int | None = None) -> Template:
    """A :class:`Template` from a Template, an id, a (region, year) pair or region + year."""
    if isinstance(value, Template):
        if year is not None and year != value.year:
            raise UnknownTemplateError(value.id, year, available_templates(),
                                       message=f"template {value.id} is for {value.year}, but year={year!r} was given")
        return value

    def fail(msg: str) -> UnknownTemplateError:
        return UnknownTemplateError(value, year, available_templates(), message=msg)

    name, y = split_id(value, year, what="template", error=fail, default_year=default_year)
    key = f"{name}-{y}"
    if key not in available_templates():
        raise UnknownTemplateError(name, y, available_templates())
    return _load_shipped(key)


@cache
def _load_shipped(key: str) -> Template:
    text = _dir().joinpath(f"{key}.toml").read_text(encoding="utf-8")
    return _parse(text, f"govbudget/templates/{key}.toml")


def load_template(path: str | Path) -> Template:
    """Load a user's template file (same format as the shipped ``hunan-2024.toml``).

    >>> import govbudget as gb, importlib.resources
    >>> p = importlib.resources.files("govbudget.templates").joinpath("hunan-2024.toml")
    >>> gb.load_template(p).id
    'hunan-2024'
    """
    if not isinstance(path, str | Path) and not hasattr(path, "read_text"):
        raise DataFileError(repr(path), [(None, f"expected a path (str or Path), found {type(path).__name__}")])
    p = Path(path) if not hasattr(path, "read_text") else path
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError) as e:  # ValueError: e.g. a NUL character in the path
        raise DataFileError(p, [(None, f"cannot read the template: {e}")]) from e
    return _parse(text, str(p))


class _Problems(list):
    def add(self, where: str, msg: str) -> None:
        self.append((None, f"{where}: {msg}"))


def _funds(value: Any, where: str, problems: _Problems) -> tuple[Fund, ...] | None:
    if value is None:
        return None
    out: list[Fund] = []
    for v in [value] if isinstance(value, str) else value:
        if v in _FUND_ALIASES:
            out.extend(_FUND_ALIASES[v])
            continue
        try:
            out.append(Fund.parse(v))
        except GovBudgetError as e:
            problems.add(where, str(e))
    return tuple(dict.fromkeys(out))


def _types(value: Any, where: str, problems: _Problems) -> tuple[SpendType, ...] | None:
    if value is None:
        return None
    out: list[SpendType] = []
    for v in [value] if isinstance(value, str) else value:
        try:
            out.append(SpendType.parse(v))
        except GovBudgetError as e:
            problems.add(where, str(e))
    return tuple(out)


def _column(d: Mapping[str, Any], where: str, problems: _Problems) -> ColumnSpec | None:
    kind = d.get("kind", "amount")
    if kind not in COLUMN_KINDS:
        problems.add(where, f"column kind {kind!r} is not one of {', '.join(COLUMN_KINDS)}")
        return None
    path = tuple(str(p) for p in d.get("path", ()))
    if not path or not path[0]:
        problems.add(where, f"column {d.get('key')!r} needs a header path whose first label is not empty")
        return None
    source = d.get("source")
    if source is not None and source not in COLUMN_SOURCES:
        problems.add(where, f"column source {source!r} is not one of {', '.join(COLUMN_SOURCES)}")
    if "items" in d:
        problems.add(where, f"column {d.get('key')!r}: 'items' is no longer read; name the rule figure with "
                            "figure = \"total\" or a component id of the three_public rule")
    figure = d.get("figure")
    if figure is not None and not isinstance(figure, str):
        problems.add(where, f"column {d.get('key')!r}: figure must be a string, found {figure!r}")
    if kind == "amount" and not isinstance(d.get("no"), int) and d.get("no") is not None:
        problems.add(where, f"栏次 'no' must be an integer, found {d.get('no')!r}")
    return ColumnSpec(
        key=str(d.get("key", "")),
        kind=kind,
        path=path,
        no=d.get("no"),
        field=str(d.get("field", "")),
        side=d.get("side"),
        group=d.get("group"),
        source=source,
        fund=_funds(d.get("fund"), where, problems),
        spend_type=_types(d.get("spend_type"), where, problems),
        figure=figure,
    )


def _rows(items: Iterable[Mapping[str, Any]], where: str, problems: _Problems) -> tuple[RowSpec, ...]:
    out = []
    for i, d in enumerate(items, 1):
        source = d.get("source", "blank")
        if source not in ROW_SOURCES:
            problems.add(f"{where} row {i}", f"row source {source!r} is not one of {', '.join(ROW_SOURCES)}")
            continue
        out.append(
            RowSpec(
                label=str(d.get("label", "")),
                source=source,
                key=d.get("key"),
                fund=_funds(d.get("fund"), f"{where} row {i}", problems),
                refs=tuple(d.get("refs", ())),
            )
        )
    keys = {r.key for r in out if r.key}
    for r in out:
        for ref in r.refs:
            if ref not in keys:
                problems.add(where, f"row {r.label!r} adds up {ref!r}, which no row of that side has as key")
    return tuple(out)


def _table(d: Mapping[str, Any], problems: _Problems) -> TableSpec | None:
    tid = str(d.get("id", ""))
    where = f"table {tid or '?'}"
    layout = d.get("layout")
    if layout not in LAYOUTS:
        problems.add(where, f"layout {layout!r} is not one of {', '.join(LAYOUTS)}")
        return None
    for k in ("id", "kind", "title"):
        if not d.get(k):
            problems.add(where, f"missing {k!r}")
    columns = []
    for c in d.get("columns", ()):
        col = _column(c, where, problems)
        if col is not None:
            columns.append(col)
    amounts = [c for c in columns if c.kind == "amount"]
    if not amounts:
        problems.add(where, "no amount column")
    nos = [c.no for c in {c.field: c for c in amounts}.values()]
    if d.get("column_numbers", True) and nos != list(range(1, len(nos) + 1)):
        problems.add(where, f"栏次 of the amount columns must be 1…{len(nos)} in order, found {nos}")
    keys = [c.key for c in columns if c.kind != "amount" or layout != "economic"]
    dup = sorted({k for k in keys if keys.count(k) > 1})
    if dup:
        problems.add(where, f"duplicate column keys {dup}")
    items = d.get("items", {})
    groups = []
    for g in d.get("groups", ()):
        groups.append(tuple(EconomicClass(code=c, items=tuple(items.get(c, ()))) for c in g.get("classes", ())))
    totals = tuple(
        TotalSpec(label=t["label"], classes=tuple(t["classes"]), group=t["group"], value_group=t.get("value_group", 0))
        for t in d.get("totals", ())
    )
    if layout == "economic" and not groups:
        problems.add(where, "an economic table needs column groups")
    if layout == "two_sided" and not (d.get("income_rows") and d.get("expenditure_rows")):
        problems.add(where, "a two-sided table needs income_rows and expenditure_rows")
    valign = d.get("header_valign", "top")
    if valign not in ("top", "bottom"):
        problems.add(where, f"header_valign must be 'top' or 'bottom', found {valign!r}")
    total_row = d.get("total_row", "top")
    if total_row not in ("top", "bottom"):
        problems.add(where, f"total_row must be 'top' or 'bottom', found {total_row!r}")
    return TableSpec(
        id=tid,
        kind=str(d.get("kind", "")),
        layout=layout,
        title=str(d.get("title", "")),
        number=str(d.get("number", "")),
        columns=tuple(columns),
        row_numbers=bool(d.get("row_numbers", False)),
        column_numbers=bool(d.get("column_numbers", True)),
        header_block=bool(d.get("header_block", True)),
        header_valign=valign,
        total_row=total_row,
        fund=_funds(d.get("fund"), where, problems),
        spend_type=_types(d.get("spend_type"), where, problems),
        income_rows=_rows(d.get("income_rows", ()), f"{where} income side", problems),
        expenditure_rows=_rows(d.get("expenditure_rows", ()), f"{where} expenditure side", problems),
        groups=tuple(groups),
        totals=totals,
        row_label=str(d.get("row_label", "")),
        notes=tuple(d.get("notes", ())),
        empty_statement=str(d.get("empty_statement", "")),
    )


def _categories(items: Iterable[Mapping[str, Any]], year: int, problems: _Problems) -> tuple[Category, ...]:
    from ..classification import functional

    try:
        edition = functional(year)
    except UnknownEditionError:
        edition = None
    out = []
    for i, d in enumerate(items, 1):
        code, name = str(d.get("code", "")), str(d.get("name", ""))
        if len(code) != 3 or not code.isdigit():
            problems.add(f"categories row {i}", f"a 类 code has 3 digits, found {code!r}")
            continue
        subject = edition.get(code) if edition is not None else None
        if subject is not None:
            out.append(Category(code=code, name=subject.name, name_source="edition"))
        elif name:
            out.append(Category(code=code, name=name, name_source="template"))
        else:
            problems.add(f"categories row {i}", f"类 {code} is not in the {year} edition and the template gives no name")
    codes = [c.code for c in out]
    if codes != sorted(codes) or len(set(codes)) != len(codes):
        problems.add("categories", f"类 codes must be unique and in code order, found {codes}")
    return tuple(out)


def _three_public_rules(tp: Mapping[str, Any], head: Mapping[str, Any], tables: list[TableSpec],
                        problems: _Problems) -> str:
    """The rule set id of ``[three_public] rules`` (default ``<region>-<year>``), checked against the
    shipped rule sets and the figures the 三公 columns name."""
    from ..rules import UnknownRuleError, ruleset

    stray = sorted(set(tp) - {"rules"})
    if stray:
        problems.add("[three_public]", f"only 'rules' (a rule set id such as 'hunan-2024') is read; found {stray}: "
                                       "三公 funds, spending types and codes are defined by the rule file")
    rules_id = str(tp.get("rules", f"{head.get('region', '')}-{head.get('year', '')}"))
    try:
        rs = ruleset(rules_id)
    except UnknownRuleError as e:
        problems.add("[three_public]", f"rules = {rules_id!r} names no shipped rule set: {e}")
        return rules_id
    if "three_public" not in rs:
        problems.add("[three_public]", f"rule set {rules_id!r} has no three_public rule")
        return rules_id
    known = {"total", *(c.id for c in rs["three_public"].components)}
    for t in tables:
        for c in t.amount_columns:
            if c.source in ("budget", "actual") and c.figure not in known:
                problems.add(f"table {t.id}", f"栏次 {c.no}: figure {c.figure!r} is not a figure of the "
                                              f"three_public rule of {rules_id}; expected one of {', '.join(sorted(known))}")
    return rules_id


def _parse(text: str, where: str) -> Template:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise DataFileError(where, [(None, f"not valid TOML: {e}")]) from e
    problems = _Problems()
    head = data.get("template", {})
    for k in ("id", "region", "year"):
        if k not in head:
            problems.add("[template]", f"missing {k!r}")
    year = head.get("year", 0)
    categories = _categories(data.get("categories", ()), year, problems)
    tables = [t for t in (_table(d, problems) for d in data.get("tables", ())) if t is not None]
    ids = [t.id for t in tables]
    if len(set(ids)) != len(ids):
        problems.add("tables", f"duplicate table ids in {ids}")
    rules_id = _three_public_rules(data.get("three_public", {}), head, tables, problems)
    zero = head.get("zero", "blank")
    if zero not in ("blank", "0.00"):
        problems.add("[template]", f"zero must be 'blank' or '0.00', found {zero!r}")
    if problems:
        raise DataFileError(where, problems)
    return Template(
        id=head["id"],
        region=head["region"],
        region_name=head.get("region_name", ""),
        level=head.get("level", ""),
        year=year,
        title=head.get("title", "部门决算"),
        unit_label=head.get("unit_label", "金额单位：万元"),
        department_label=head.get("department_label", "部门："),
        zero=zero,
        categories=categories,
        tables=tuple(tables),
        three_public_rules=rules_id,
        sections=tuple(data.get("sections", {}).get("titles", ())),
        ordinals=bool(head.get("ordinals", True)),
        economic_names=dict(data.get("economic_names", {})),
        source=head.get("source", ""),
    )
