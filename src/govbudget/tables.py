"""The nine 公开表 as projections of a ledger, laid out by a :class:`~govbudget.Template`.

:func:`build_tables` turns a :class:`~govbudget.Ledger` (exact 元) into :class:`PublicTables`,
a mapping from table id (``"公开01"`` … ``"公开09"`` for Hunan) to :class:`PublicTable`. Every
cell is rounded half-up to 万元 from its *own* exact 元 value, never summed from rounded
children. A cell that no posting (or balance, or budget) contributes to is blank (``None``);
a cell that adds up to exactly zero keeps ``0.00`` in the data, and the template decides how it
is printed (Hunan: blank).

>>> import govbudget as gb
>>> led = gb.Ledger(gb.Unit("示例中心", "事业单位"), 2024)
>>> _ = led.receive("5196300", fund="一般公共预算财政拨款", functional="2010450")
>>> _ = led.spend("4556500", functional="2010450", economic="30101")
>>> _ = led.spend("639800", functional="2010450", economic="30201", spend_type="项目支出")
>>> tables = gb.build_tables(led, gb.template("hunan", 2024))
>>> t01 = tables["公开01"]
>>> t01.value(1, 1), t01.value("一般公共服务支出", 2), t01.value(57, 2)
(Decimal('519.63'), Decimal('519.63'), Decimal('519.63'))
>>> tables["公开03"].value("合计", "c2"), tables["公开03"].value("2010450", 3)
(Decimal('455.65'), Decimal('63.98'))
>>> tables["公开07"].is_empty, tables["公开07"].statement
(True, '说明：本部门本年度无政府性基金预算财政拨款收入和支出，本表无数据。')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from .errors import GovBudgetError, LedgerError
from .ledger import Fund, Ledger, SpendType
from .money import ZERO, D, format_amount, to_wan
from .templates import ColumnSpec, RowSpec, TableSpec, Template

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

    from .rules import RuleSet

__all__ = ["Cell", "PublicTable", "PublicTables", "TableLookupError", "TableRow", "build_tables"]

_LEVELS = {1: "类", 2: "款", 3: "项"}
_CN_DIGITS = "零一二三四五六七八九"
_ORDINAL_RE = re.compile(r"^[一二三四五六七八九十]+、")


def cn_ordinal(n: int) -> str:
    """Chinese ordinal prefix as printed before a 类 row: ``1 → "一、"``, ``21 → "二十一、"``.

    >>> cn_ordinal(1), cn_ordinal(10), cn_ordinal(19), cn_ordinal(26)
    ('一、', '十、', '十九、', '二十六、')
    """
    if not 0 < n < 100:
        raise ValueError(f"ordinal {n} is outside 1…99")
    tens, ones = divmod(n, 10)
    text = ("" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")) + (_CN_DIGITS[ones] if ones else "")
    return text + "、"


def _norm_label(label: str) -> str:
    return _ORDINAL_RE.sub("", label.replace(" ", "").replace("\u3000", ""))


class TableLookupError(GovBudgetError, LookupError):
    """A row or column asked of a :class:`PublicTable` that it does not have, or has twice.

    >>> import govbudget as gb
    >>> issubclass(gb.TableLookupError, LookupError)
    True
    """


class Cell(NamedTuple):
    """One amount cell, as :meth:`PublicTable.cells` yields it (value in 万元, None = blank).

    >>> Cell(27, None, "本年收入合计", 1, "金额", None).label
    '本年收入合计'
    """

    row_no: int | None
    code: str | None
    label: str
    column_no: int | None
    column_label: str
    value: Decimal | None


@attrs.frozen(kw_only=True)
class TableRow:
    """One row of a public table.

    ``values`` maps amount fields (``c1`` …) to 万元 (``None`` = blank); ``exact`` maps them to
    the exact 元 they were rounded from. ``side`` is ``"income"``/``"expenditure"`` in the
    two-sided tables, ``group`` the column group in 公开06, ``kind`` one of ``total`` (合计 and
    the 公开06 totals), ``category`` (a 类 row of 公开01/04), ``fixed``, ``blank``, ``类``/``款``/``项``.

    >>> TableRow(label="合计", kind="total", values={"c1": None}, exact={"c1": None}).code is None
    True
    """

    label: str
    kind: str
    values: Mapping[str, Decimal | None]
    exact: Mapping[str, Decimal | None]
    code: str | None = None
    row_no: int | None = None
    side: str | None = None
    group: int | None = None
    position: int = 0


class PublicTable:
    """One built public table: its spec, rows, polars frame, notes and lookups.

    >>> import govbudget as gb
    >>> led = gb.Ledger("示例单位", 2024)
    >>> _ = led.spend("12345", functional="2080505", economic="30108")
    >>> t = gb.build_tables(led, gb.template("hunan", 2024))["公开05"]
    >>> t.frame.columns
    ['code', 'label', 'c1', 'c2', 'c3']
    >>> [(r.code, r.label, r.values["c1"]) for r in t.rows]  # doctest: +NORMALIZE_WHITESPACE
    [(None, '合计', Decimal('1.23')), ('208', '社会保障和就业支出', Decimal('1.23')),
     ('20805', '行政事业单位养老支出', Decimal('1.23')), ('2080505', '机关事业单位基本养老保险缴费支出', Decimal('1.23'))]
    >>> t.value("2080505", 3) is None, t.exact("合计", 1)
    (True, Decimal('12345.00'))
    """

    def __init__(
        self,
        spec: TableSpec,
        rows: Iterable[TableRow],
        *,
        template: Template,
        department: str,
        issues: Iterable[str] = (),
    ) -> None:
        self.spec = spec
        self.template = template
        self.department = department
        self.rows: tuple[TableRow, ...] = tuple(rows)
        self.issues: tuple[str, ...] = tuple(issues)

    def __repr__(self) -> str:
        return f"<PublicTable {self.spec.id} {self.spec.title}: {len(self.rows)} rows>"

    # ------------------------------------------------------------ descriptive
    @property
    def id(self) -> str:
        """The table id (``"公开03"``)."""
        return self.spec.id

    @property
    def title(self) -> str:
        """The printed title."""
        return self.spec.title

    @property
    def notes(self) -> tuple[str, ...]:
        """The footnotes printed under the table (``注：…``)."""
        return self.spec.notes

    @property
    def is_empty(self) -> bool:
        """True when no cell has a value (the table prints only its frame and 合计 row)."""
        return all(v is None for r in self.rows for v in r.values.values())

    @property
    def statement(self) -> str:
        """The "本表无数据" statement for an empty table, else ``""``."""
        if not self.is_empty or not self.spec.empty_statement:
            return ""
        return self.spec.empty_statement.replace("{department}", self.department)

    @property
    def amount_fields(self) -> tuple[str, ...]:
        """The amount fields (``c1`` …) in 栏次 order."""
        return tuple(c.field for c in self.spec.amount_columns)

    def side_rows(self, side: str) -> tuple[TableRow, ...]:
        """The rows of one side of a two-sided table, top to bottom.

        >>> import govbudget as gb
        >>> t = gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024))["公开01"]
        >>> [r.row_no for r in t.side_rows("expenditure")][:2], len(t.side_rows("income"))
        ([31, 32], 30)
        """
        if side not in ("income", "expenditure"):
            raise TableLookupError(f"{self.id}: side must be 'income' or 'expenditure', found {side!r}")
        return tuple(r for r in self.rows if r.side == side)

    # ------------------------------------------------------------ frame
    @cached_property
    def frame(self) -> pl.DataFrame:
        """The rows as a polars frame: ASCII names, one ``Decimal(38, 2)`` 万元 column per 栏次.

        Leading columns: ``side`` and ``row_no`` (two-sided tables; ``row_no`` only when the
        table prints 行次), ``group`` (公开06), then ``code`` and ``label``. Null is a blank cell.
        """
        import polars as pl

        layout = self.spec.layout
        data: dict[str, pl.Series] = {}
        if layout == "two_sided":
            data["side"] = pl.Series("side", [r.side for r in self.rows], dtype=pl.String)
            if self.spec.row_numbers:
                data["row_no"] = pl.Series("row_no", [r.row_no for r in self.rows], dtype=pl.Int64)
        if layout == "economic":
            data["group"] = pl.Series("group", [r.group for r in self.rows], dtype=pl.Int64)
        if layout != "three_public":
            data["code"] = pl.Series("code", [r.code for r in self.rows], dtype=pl.String)
        data["label"] = pl.Series("label", [r.label for r in self.rows], dtype=pl.String)
        for f in self.amount_fields:
            data[f] = pl.Series(f, [r.values.get(f) for r in self.rows], dtype=pl.Decimal(38, 2))
        return pl.DataFrame(data)

    # ------------------------------------------------------------ lookups
    def _rows_for(self, row: int | str, side: str | None) -> list[TableRow]:
        rows = list(self.rows) if side is None else list(self.side_rows(side))
        if isinstance(row, bool) or not isinstance(row, int | str):
            raise TableLookupError(f"{self.id}: a row is a 行次 (int), a code or a label, found {row!r}")
        if isinstance(row, int):
            if self.spec.row_numbers:
                return [r for r in rows if r.row_no == row]
            return [r for r in rows if r.position == row]
        text = row.strip()
        if text.isdigit():
            return [r for r in rows if r.code == text]
        found = [r for r in rows if r.label == text]
        if not found:
            found = [r for r in rows if r.label and _norm_label(r.label) == _norm_label(text)]
        return found

    def row(self, row: int | str, *, side: str | None = None) -> TableRow:
        """The row with that 行次 (or 1-based position when the table prints no 行次), code or label.

        >>> import govbudget as gb
        >>> t = gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024))["公开01"]
        >>> t.row("总计", side="expenditure").row_no, t.row("221").row_no, t.row("住房保障支出").row_no
        (60, 49, 49)
        >>> t.row("总计")
        Traceback (most recent call last):
        ...
        govbudget.tables.TableLookupError: 公开01: row '总计' is ambiguous (行次 30 income, 60 expenditure); pass side='income' or side='expenditure'
        """
        found = self._rows_for(row, side)
        if len(found) == 1:
            return found[0]
        where = f" on the {side} side" if side else ""
        if not found:
            known = ", ".join(sorted({r.code for r in self.rows if r.code})[:8])
            raise TableLookupError(
                f"{self.id}: no row {row!r}{where}; a row is "
                + ("a 行次, " if self.spec.row_numbers else "a 1-based position, ")
                + f"a code (e.g. {known or 'none'}) or a printed label"
            )
        places = ", ".join(
            (f"{r.row_no}" if r.row_no is not None else f"position {r.position}") + (f" {r.side}" if r.side else "")
            for r in found
        )
        raise TableLookupError(
            f"{self.id}: row {row!r} is ambiguous (行次 {places}); pass side='income' or side='expenditure'"
        )

    def column(self, column: int | str) -> ColumnSpec:
        """The amount column with that 栏次 (int), field (``"c3"``) or unique printed label.

        >>> import govbudget as gb
        >>> spec = gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024))["公开03"]
        >>> spec.column(2).label, spec.column("c3").label, spec.column("经营支出").no
        ('基本支出', '项目支出', 5)
        """
        cols = self.spec.amount_columns
        if isinstance(column, bool) or not isinstance(column, int | str):
            raise TableLookupError(f"{self.id}: a column is a 栏次 (int) or a key such as 'c1', found {column!r}")
        if isinstance(column, int):
            found = [c for c in cols if c.no == column]
        else:
            found = [c for c in cols if c.field == column] or [c for c in cols if c.label == column.strip()]
        if len(found) == 1:
            return found[0]
        listing = ", ".join(f"{c.no} {c.field} {c.label}" for c in cols)
        what = "is ambiguous" if found else "does not exist"
        raise TableLookupError(f"{self.id}: column {column!r} {what}; columns: {listing}")

    def _cell(self, row: int | str, column: int | str, side: str | None) -> tuple[TableRow, ColumnSpec]:
        col = self.column(column)
        if side is None and self.spec.layout == "two_sided" and col.side and not isinstance(row, int):
            found = self._rows_for(row, None)
            if len(found) > 1:
                side = col.side
        r = self.row(row, side=side)
        if self.spec.layout == "two_sided" and col.side != r.side:
            raise TableLookupError(
                f"{self.id}: column {col.no} ({col.label}) is on the {col.side} side, "
                f"row {row!r} (行次 {r.row_no}) on the {r.side} side"
            )
        return r, col

    def value(self, row: int | str, column: int | str, *, side: str | None = None) -> Decimal | None:
        """The printed amount (万元, 2 dp) of a cell, or None for a blank cell.

        ``row`` is a 行次, a code or a label; ``column`` a 栏次 or a field such as ``"c1"``. In
        the two-sided tables a label found on both sides is resolved by the column's side.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.receive("100", fund="一般公共预算财政拨款")
        >>> t = gb.build_tables(led, gb.template("hunan", 2024))["公开01"]
        >>> t.value("总计", 1), t.value("总计", 2), t.value(59, 2), t.value("本年支出合计", 2)
        (Decimal('0.01'), Decimal('0.01'), Decimal('0.01'), None)
        """
        r, col = self._cell(row, column, side)
        return r.values.get(col.field)

    def exact(self, row: int | str, column: int | str, *, side: str | None = None) -> Decimal | None:
        """The exact 元 value a cell was rounded from (None for a blank cell).

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("49.99", functional="2010450")
        >>> gb.build_tables(led, gb.template("hunan", 2024))["公开03"].exact("合计", 1)
        Decimal('49.99')
        """
        r, col = self._cell(row, column, side)
        return r.exact.get(col.field)

    def display(self, value: Decimal | None, exact: Decimal | None, *, grouping: bool = False) -> str:
        """How a cell prints: blank for no value and, under ``zero = "blank"``, for an exact zero.

        >>> import govbudget as gb
        >>> t = gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024))["公开03"]
        >>> t.display(None, None), t.display(gb.D("0.00"), gb.D("0")), t.display(gb.D("0.00"), gb.D("20"))
        ('', '', '0.00')
        >>> t.display(gb.D("1234.50"), gb.D("12345000"), grouping=True)
        '1,234.50'
        """
        if value is None:
            return ""
        if exact is not None and exact.is_zero() and self.template.zero == "blank":
            return ""
        return format_amount(value, grouping=grouping)

    def printed(self, row: int | str, column: int | str, *, side: str | None = None, grouping: bool = False) -> str:
        """The cell as printed (see :meth:`display`).

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.receive("100", fund="一般公共预算财政拨款")
        >>> _ = led.spend("100", functional="2010450")
        >>> t = gb.build_tables(led, gb.template("hunan", 2024))["公开01"]
        >>> t.value(59, 2), repr(t.printed(59, 2)), t.printed(30, 1)
        (Decimal('0.00'), "''", '0.01')
        """
        r, col = self._cell(row, column, side)
        return self.display(r.values.get(col.field), r.exact.get(col.field), grouping=grouping)

    def columns_of(self, r: TableRow) -> tuple[ColumnSpec, ...]:
        """The amount columns that belong to row ``r`` (its side in a two-sided table)."""
        cols = self.spec.amount_columns
        if self.spec.layout == "two_sided":
            return tuple(c for c in cols if c.side == r.side)
        return cols

    def cells(self) -> Iterator[Cell]:
        """Every amount cell: (row_no, code, label, column_no, column_label, value).

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("100", functional="2010450")
        >>> next(gb.build_tables(led, gb.template("hunan", 2024))["公开03"].cells())
        Cell(row_no=None, code=None, label='合计', column_no=1, column_label='本年支出合计', value=Decimal('0.01'))
        """
        for r in self.rows:
            for c in self.columns_of(r):
                yield Cell(r.row_no, r.code, r.label, c.no, c.label, r.values.get(c.field))

    def to_dict(self) -> dict[str, Any]:
        """The table as JSON-safe data (amounts as strings, blanks as None).

        >>> import govbudget as gb, json
        >>> t = gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024))["公开09"]
        >>> d = t.to_dict()
        >>> d["title"], d["rows"][0]["values"]["c1"], len(json.dumps(d)) > 100
        ('财政拨款“三公”经费支出决算表', None, True)
        """

        def s(v: Decimal | None) -> str | None:
            return None if v is None else str(v)

        return {
            "id": self.spec.id,
            "kind": self.spec.kind,
            "number": self.spec.number,
            "title": self.spec.title,
            "columns": [
                {"field": c.field, "no": c.no, "label": c.label, "path": list(c.path), "side": c.side}
                for c in self.spec.amount_columns
            ],
            "rows": [
                {
                    "side": r.side,
                    "row_no": r.row_no,
                    "group": r.group,
                    "code": r.code,
                    "label": r.label,
                    "kind": r.kind,
                    "values": {k: s(v) for k, v in r.values.items()},
                    "exact_yuan": {k: s(v) for k, v in r.exact.items()},
                }
                for r in self.rows
            ],
            "notes": list(self.notes),
            "empty": self.is_empty,
            "statement": self.statement,
            "issues": list(self.issues),
        }


class PublicTables(Mapping[str, PublicTable]):
    """The built tables of one ledger under one template: table id → :class:`PublicTable`.

    >>> import govbudget as gb
    >>> tables = gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024))
    >>> list(tables)[:3], tables.by_kind("three_public").id, tables.department
    (['公开01', '公开02', '公开03'], '公开09', '某单位')
    """

    def __init__(self, tables: Iterable[PublicTable], *, template: Template, department: str, year: int) -> None:
        self._tables = {t.id: t for t in tables}
        self.template = template
        self.department = department
        self.year = year

    def __getitem__(self, key: str) -> PublicTable:
        try:
            return self._tables[key]
        except KeyError:
            raise TableLookupError(
                f"no table {key!r} in template {self.template.id}; tables: {', '.join(self._tables)}"
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def __repr__(self) -> str:
        return f"<PublicTables {self.department} {self.year} ({self.template.id}): {', '.join(self._tables)}>"

    def by_kind(self, kind: str) -> PublicTable:
        """The table with meaning ``kind`` (``"summary"``, ``"expenditure"``, ``"three_public"`` …)."""
        return self[self.template.by_kind(kind).id]

    def to_dict(self) -> dict[str, Any]:
        """All tables as JSON-safe data.

        >>> import govbudget as gb, json
        >>> d = gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024)).to_dict()
        >>> d["template"], d["unit"], sorted(d["tables"])[-1], bool(json.dumps(d))
        ('hunan-2024', '万元', '公开09', True)
        """
        return {
            "template": self.template.id,
            "department": self.department,
            "year": self.year,
            "unit": "万元",
            "tables": {k: t.to_dict() for k, t in self._tables.items()},
        }


# ---------------------------------------------------------------------------- building


def _merge(a: tuple[Fund, ...] | None, b: tuple[Fund, ...] | None) -> tuple[Fund, ...] | None:
    if a is None:
        return b
    if b is None:
        return a
    return tuple(f for f in a if f in b)


class _Source:
    """Exact sums over a ledger that also say whether anything contributed."""

    def __init__(self, ledger: Ledger, rules: RuleSet | None = None) -> None:
        self.ledger = ledger
        self.rules = rules

    def knows(self, code: str) -> bool:
        """Whether the ledger accepts ``code`` as a functional filter (a template may print a 类 row
        the code edition lacks; no posting can carry it, so its cells stay blank)."""
        try:
            self.ledger.select(functional=code)
        except LedgerError:
            return False
        return True

    def spend(
        self,
        *,
        functional: str | None = None,
        economic: str | tuple[str, ...] | None = None,
        funds: tuple[Fund, ...] | None = None,
        types: tuple[SpendType, ...] | None = None,
    ) -> tuple[Decimal, bool]:
        posts = self.ledger.select(functional=functional, economic=economic, fund=funds, spend_type=types)
        return sum((p.amount for p in posts), ZERO), bool(posts)

    def income(self, *, funds: tuple[Fund, ...] | None = None, functional: str | None = None) -> tuple[Decimal, bool]:
        total, hit = ZERO, False
        for p in self.ledger.income:
            if funds is not None and p.fund not in funds:
                continue
            if functional is not None and (p.functional is None or functional not in self.ledger.chain(p.functional)):
                continue
            total += p.amount
            hit = True
        return total, hit

    def opening(self, funds: tuple[Fund, ...] | None, functional: str | None = None) -> tuple[Decimal | None, bool]:
        """年初结转和结余 of ``funds``; on a row (``functional``) from ``Balances.opening_by_code``, or
        ``(None, False)`` when the balances of these funds are not broken down by code."""
        if functional is None:
            items = [v for f, v in self.ledger.balances.opening.items() if funds is None or f in funds]
            return sum(items, ZERO), bool(items)
        if not self.by_code(funds):
            return None, False
        hits = [v for f, c, v in self.opening_items() if (funds is None or f in funds) and c.startswith(functional)]
        return sum(hits, ZERO), bool(hits)

    def opening_items(self) -> list[tuple[Fund, str, Decimal]]:
        """``Balances.opening_by_code`` as (fund, code, 元) with the keys and amounts normalised."""
        return [(Fund.parse(f), str(c), D(v)) for (f, c), v in self.ledger.balances.opening_by_code.items()]

    def by_code(self, funds: tuple[Fund, ...] | None) -> bool:
        """True when every fund in scope with a year-start balance has it broken down by code
        (Σ ``opening_by_code`` = ``opening``), so the rows can show 年初/年末结转和结余."""
        bal = self.ledger.balances
        for f, total in bal.opening.items():
            if (funds is None or f in funds) and not total.is_zero():
                if sum((v for g, _, v in self.opening_items() if g is f), ZERO) != total:
                    return False
        return True

    def closing(self, funds: tuple[Fund, ...] | None, functional: str | None = None) -> tuple[Decimal | None, bool]:
        if functional is not None:
            op, hit_b = self.opening(funds, functional)
            if op is None:
                return None, False  # balances carry no functional code: not attributable to a row
            inc, hit_i = self.income(funds=funds, functional=functional)
            out, hit_o = self.spend(functional=functional, funds=funds)
            return op + inc - out, hit_b or hit_i or hit_o
        op, hit_b = self.opening(funds)
        inc, hit_i = self.income(funds=funds)
        out, hit_o = self.spend(funds=funds)
        value = op + inc - out
        hit_d = False
        if funds is None:
            value -= self.ledger.balances.distribution
            hit_d = not self.ledger.balances.distribution.is_zero()
        return value, hit_b or hit_i or hit_o or hit_d


def _wan(exact: Decimal | None, hit: bool) -> tuple[Decimal | None, Decimal | None]:
    if not hit or exact is None:
        return None, None
    return to_wan(exact), exact


def _row(label: str, kind: str, cells: Mapping[str, tuple[Decimal | None, bool]], **kw: Any) -> TableRow:
    values: dict[str, Decimal | None] = {}
    exact: dict[str, Decimal | None] = {}
    for f, (x, hit) in cells.items():
        values[f], exact[f] = _wan(x, hit)
    return TableRow(label=label, kind=kind, values=values, exact=exact, **kw)


def _tree_cell(
    src: _Source, col: ColumnSpec, spec: TableSpec, code: str | None, issues: list[str]
) -> tuple[Decimal | None, bool]:
    funds = _merge(spec.fund, col.fund)
    if col.source == "expenditure":
        return src.spend(functional=code, funds=funds, types=_types(spec.spend_type, col.spend_type))
    if col.source == "income":
        return src.income(funds=funds, functional=code)
    if col.source in ("opening", "closing"):
        value, hit = src.opening(funds, code) if col.source == "opening" else src.closing(funds, code)
        if code is not None and value is None:
            msg = (f"{spec.id} 栏次 {col.no} ({col.label}): the year-start balances are not broken down by "
                   "functional code (Balances.opening_by_code), so only the 合计 row shows them")
            if msg not in issues:
                issues.append(msg)
        return value, hit
    raise GovBudgetError(f"{spec.id} 栏次 {col.no}: source {col.source!r} does not fit a functional-tree table")


def _types(a: tuple[SpendType, ...] | None, b: tuple[SpendType, ...] | None) -> tuple[SpendType, ...] | None:
    if a is None:
        return b
    if b is None:
        return a
    return tuple(t for t in a if t in b)


def _tree_codes(src: _Source, spec: TableSpec) -> set[str]:
    led = src.ledger
    codes: set[str] = set()
    for col in spec.amount_columns:
        funds = _merge(spec.fund, col.fund)
        if col.source in ("expenditure", "closing"):
            for p in led.select(fund=funds, spend_type=_types(spec.spend_type, col.spend_type)):
                if p.functional:
                    codes.update(led.chain(p.functional))
        if col.source in ("income", "closing"):
            for p in led.income:
                if p.functional and (funds is None or p.fund in funds):
                    codes.update(led.chain(p.functional))
        if col.source in ("opening", "closing") and src.by_code(funds):
            for f, c, _ in src.opening_items():
                if funds is None or f in funds:
                    codes.update(led.chain(c))
    return codes


def _functional_label(led: Ledger, template: Template, code: str, issues: list[str], where: str) -> str:
    name = led.name_of(code, scheme="functional")
    if name:
        return name
    for c in template.categories:
        if c.code == code:
            return c.name
    issues.append(f"{where}: code {code} has no name in the {led.year} edition and the input attests none")
    return ""


def _build_tree(src: _Source, spec: TableSpec, template: Template) -> tuple[list[TableRow], list[str]]:
    led = src.ledger
    issues: list[str] = []
    fields = spec.amount_columns
    codes = sorted(_tree_codes(src, spec), key=lambda c: tuple(reversed(led.chain(c))))
    total = _row("合计", "total", {c.field: _tree_cell(src, c, spec, None, issues) for c in fields})
    body = []
    for code in codes:
        depth = len(led.chain(code))
        label = _functional_label(led, template, code, issues, spec.id)
        cells = {c.field: _tree_cell(src, c, spec, code, issues) for c in fields}
        body.append(_row(label, _LEVELS.get(depth, "项"), cells, code=code))
    rows = [total, *body] if spec.total_row == "top" else [*body, total]
    return [attrs.evolve(r, position=i) for i, r in enumerate(rows, 1)], issues


def _expand(spec: TableSpec, rows: tuple[RowSpec, ...], template: Template, side: str) -> list[RowSpec | tuple]:
    out: list[RowSpec | tuple] = []
    n = len(template.categories)
    for r in rows:
        if r.source == "categories":
            for i, c in enumerate(template.categories, 1):
                label = (cn_ordinal(i) if template.ordinals else "") + c.name
                out.append(("category", c.code, label))
        elif r.source == "pad_to_categories":
            if len(out) > n:
                raise GovBudgetError(
                    f"{spec.id} {side} side: {len(out)} rows precede the padding, more than the {n} 类 rows"
                )
            out.extend(RowSpec() for _ in range(n - len(out)))
        else:
            out.append(r)
    return out


def _build_two_sided(src: _Source, spec: TableSpec, template: Template) -> tuple[list[TableRow], list[str]]:
    sides = {s: _expand(spec, getattr(spec, f"{s}_rows"), template, s) for s in ("income", "expenditure")}
    for s, other in (("income", "expenditure"), ("expenditure", "income")):
        marks = [i for i, r in enumerate(sides[s]) if isinstance(r, RowSpec) and r.source == "pad_to_balance"]
        if marks:
            i = marks[0]
            fill = len(sides[other]) - (len(sides[s]) - 1)
            sides[s][i : i + 1] = [RowSpec() for _ in range(max(fill, 0))]
    start = {"income": 1, "expenditure": len(sides["income"]) + 1}
    rows: list[TableRow] = []
    issues: list[str] = []
    for side, items in sides.items():
        cols = [c for c in spec.amount_columns if c.side == side]
        done: dict[str, dict[str, tuple[Decimal | None, bool]]] = {}
        for i, item in enumerate(items):
            row_no = start[side] + i
            cells: dict[str, tuple[Decimal | None, bool]] = {}
            if isinstance(item, tuple):
                _, code, label = item
                known = src.knows(code)
                for c in cols:
                    cells[c.field] = src.spend(functional=code, funds=c.fund) if known else (None, False)
                rows.append(_row(label, "category", cells, code=code, row_no=row_no, side=side, position=i + 1))
                continue
            r = item
            for c in cols:
                funds = _merge(r.fund, c.fund)
                if r.source == "income":
                    cells[c.field] = src.income(funds=funds)
                elif r.source == "opening":
                    cells[c.field] = src.opening(funds)
                elif r.source == "expenditure":
                    cells[c.field] = src.spend(funds=funds)
                elif r.source == "closing":
                    cells[c.field] = src.closing(funds)
                elif r.source == "distribution":
                    d = src.ledger.balances.distribution
                    cells[c.field] = (d, not d.is_zero()) if funds is None else (None, False)
                elif r.source == "sum":
                    parts = [done[k][c.field] for k in r.refs]
                    cells[c.field] = (
                        sum((x for x, hit in parts if hit and x is not None), ZERO),
                        any(hit for _, hit in parts),
                    )
                else:
                    cells[c.field] = (None, False)
            if r.key:
                done[r.key] = cells
            kind = "blank" if r.source == "blank" else "fixed"
            rows.append(_row(r.label, kind, cells, row_no=row_no, side=side, position=i + 1))
    return rows, issues


def _build_economic(src: _Source, spec: TableSpec, template: Template) -> tuple[list[TableRow], list[str]]:
    led = src.ledger
    issues: list[str] = []
    rows: list[TableRow] = []

    def name(code: str) -> str:
        n = led.name_of(code, scheme="economic") or template.economic_names.get(code)
        if not n:
            issues.append(f"{spec.id}: economic code {code} has no name in the {led.year} edition or the template")
        return n or ""

    for g, classes in enumerate(spec.groups, 1):
        for cls in classes:
            for code in (cls.code, *cls.items):
                cell = src.spend(economic=code, funds=spec.fund, types=spec.spend_type)
                kind = "类" if code == cls.code else "款"
                rows.append(_row(name(code), kind, {"c1": cell}, code=code, group=g))
    for t in spec.totals:
        cell = src.spend(economic=t.classes, funds=spec.fund, types=spec.spend_type)
        rows.append(_row(t.label, "total", {"c1": cell}, group=t.group))
    return [attrs.evolve(r, position=i) for i, r in enumerate(rows, 1)], issues


def _build_three_public(src: _Source, spec: TableSpec, template: Template) -> tuple[list[TableRow], list[str]]:
    """公开09 from the ``three_public`` rule: 决算数 = the rule's figures, 预算数 = their budgets.

    A 决算 cell is blank when no posting made it; a 预算 cell when no budget was stated for it.
    A stated 预算 subtotal that differs from the sum of its stated items is printed as stated and
    listed in the table's issues (the rule's budget check).
    """
    from .rules import BUDGET_MISMATCH

    rs = src.rules if src.rules is not None else template.ruleset()
    fig = rs.compute(src.ledger, "three_public")
    rule = rs["three_public"]

    def leaves(cid: str) -> tuple[str, ...]:
        if cid == "total":
            return tuple(x for c in rule.total for x in leaves(c))
        spec_c = rule.component(cid)
        return (cid,) if not spec_c.sum_of else tuple(x for c in spec_c.sum_of for x in leaves(c))

    cells: dict[str, tuple[Decimal | None, bool]] = {}
    for c in spec.amount_columns:
        key = c.figure or "total"
        part = None if key == "total" else fig.components[key]
        if c.source == "budget":
            budget = fig.budget if part is None else part.budget
            cells[c.field] = (budget, budget is not None)
        elif c.source == "actual":
            value = fig.value if part is None else part.value
            hit = any(fig.components[x].postings for x in leaves(key))
            cells[c.field] = (value, hit)
        else:
            raise GovBudgetError(f"{spec.id} 栏次 {c.no}: a 三公 column shows 'budget' or 'actual', found {c.source!r}")
    issues = [f"{spec.id}: {n}" for n in fig.notes if n.startswith(("未计入", BUDGET_MISMATCH))]
    return [_row(spec.row_label, "total", cells, position=1)], issues


def _year_mismatch(ledger: Ledger, template: Template, rules: RuleSet) -> list[str]:
    """An issue when the ledger's year is not the template's or the rule set's."""
    out = []
    if ledger.year != template.year:
        out.append(f"the ledger is for {ledger.year} but template {template.id} is for {template.year}: "
                   f"its 类 rows and 行次 are those of {template.year}")
    if ledger.year != rules.year:
        out.append(f"the ledger is for {ledger.year} but rule set {rules.template} {rules.year} defines the "
                   f"derived figures (三公) of {rules.year}")
    return out


_BUILDERS = {
    "two_sided": _build_two_sided,
    "tree": _build_tree,
    "economic": _build_economic,
    "three_public": _build_three_public,
}


def build_tables(
    ledger: Ledger, template: Template | str | tuple[str, int], *, department: str | None = None,
    rules: RuleSet | str | tuple[str, int] | None = None,
) -> PublicTables:
    """Build every public table of ``template`` from ``ledger``.

    Args:
        ledger: the unit's :class:`~govbudget.Ledger` (amounts in 元).
        template: a :class:`~govbudget.Template` (``gb.template("hunan", 2024)``), an id
            (``"hunan-2024"``), a ``(region, year)`` pair, or a region alone (``"hunan"``: the
            ledger's year). Read as by :func:`~govbudget.template`.
        department: the name printed after ``部门：`` (default: the ledger unit's name).
        rules: the :class:`~govbudget.RuleSet` whose ``three_public`` rule fills 公开09, or its name
            as :func:`~govbudget.ruleset` reads it (default: the one the template names,
            ``template.ruleset()``); pass the same rule set to :func:`~govbudget.build_narrative`
            so that 说明七 repeats the table.

    A ledger of another year than the template's is built all the same, and every table's
    ``issues`` says so (the 类 list and the rules are the template year's).

    Returns:
        :class:`PublicTables`, keyed by the template's table ids.

    >>> import govbudget as gb
    >>> led = gb.Ledger("某单位", 2024)
    >>> led.budgets.three_public["abroad"] = gb.D("70000")
    >>> _ = led.spend("69000", economic="30212")
    >>> t = gb.build_tables(led, gb.template("hunan", 2024))["公开09"]
    >>> t.value(1, 2), t.value(1, 8), t.value(1, 10) is None
    (Decimal('7.00'), Decimal('6.90'), True)
    """
    if not isinstance(ledger, Ledger):
        raise GovBudgetError(f"build_tables needs a Ledger, found {type(ledger).__name__}")
    from .rules import ruleset
    from .templates import _resolve

    if not isinstance(template, Template | str | tuple):
        raise GovBudgetError(f"build_tables needs a Template (gb.template(region, year)) or a template id such as "
                             f"'hunan-2024', found {type(template).__name__}")
    template = _resolve(template, default_year=ledger.year)
    rs = None if rules is None else ruleset(rules)
    dept = ledger.unit.name if department is None else department
    src = _Source(ledger, rs)
    mismatch = _year_mismatch(ledger, template, rs if rs is not None else template.ruleset())
    built = []
    for spec in template.tables:
        rows, issues = _BUILDERS[spec.layout](src, spec, template)
        built.append(PublicTable(spec, rows, template=template, department=dept, issues=[*mismatch, *issues]))
    return PublicTables(built, template=template, department=dept, year=ledger.year)
