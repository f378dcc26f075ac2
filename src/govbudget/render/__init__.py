"""Renderers of built public tables: one module per format, behind a small registry.

``render(tables, fmt, path=None)`` draws :class:`~govbudget.PublicTables` (or one
:class:`~govbudget.PublicTable`) as:

======== ============================================= =========================================
format   without ``path``                              with ``path``
======== ============================================= =========================================
``text`` ``str``: the report's layout, tab-separated   writes the text file
``csv``  ``dict`` table id → CSV text                  writes ``<id>.csv`` per table into a folder
``md``   ``str``: Markdown pipe tables                 writes the Markdown file
``html`` ``str``: a UTF-8 HTML document                writes the HTML file
``xlsx`` ``bytes``: the workbook, one sheet per table  writes the workbook
======== ============================================= =========================================

With a ``path`` the written path is returned; a path that cannot be written (a folder where a
file is expected, a missing parent folder, a file where the ``csv`` folder should be) raises
:class:`~govbudget.DataFileError` naming it. Amounts print with 2 decimals, half-up, each cell
from its own exact value. ``text`` and ``csv`` print no thousands separators (as the published
tables do); ``md`` and ``html`` group thousands (``1,234.50``); ``xlsx`` stores numbers with the
number format ``#,##0.00``. A zero prints blank where the template says so (Hunan).

>>> import govbudget as gb
>>> led = gb.Ledger("示例单位", 2024)
>>> _ = led.spend("1234500", functional="2010450")
>>> tables = gb.build_tables(led, gb.template("hunan", 2024))
>>> "合计\\t\\t123.45\\t123.45" in gb.render(tables["公开03"], "text")
True
>>> gb.renderers()
('csv', 'html', 'md', 'text', 'xlsx')
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import DataFileError, GovBudgetError
from ..tables import PublicTable, PublicTables

__all__ = ["UnknownFormatError", "register", "render", "renderers", "unregister"]

#: format → module (in this package) exposing ``render(tables, path=None, **options)``
_REGISTRY: dict[str, str | Callable[..., Any]] = {
    "text": "to_text",
    "csv": "to_csv",
    "md": "to_markdown",
    "html": "to_html",
    "xlsx": "to_xlsx",
}
_ALIASES = {"txt": "text", "markdown": "md", "htm": "html", "excel": "xlsx"}


class UnknownFormatError(GovBudgetError, LookupError):
    """A render format that no renderer is registered for; the message lists the known ones.

    >>> import govbudget as gb
    >>> try:
    ...     gb.render(gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024)), "pdf")
    ... except LookupError as e:
    ...     print(e)
    no renderer for format 'pdf'; formats: csv, html, md, text, xlsx
    """


def renderers() -> tuple[str, ...]:
    """The registered formats.

    >>> import govbudget as gb
    >>> "xlsx" in gb.renderers()
    True
    """
    return tuple(sorted(_REGISTRY))


def register(fmt: str, func: Callable[..., Any]) -> None:
    """Register ``func(tables, path=None, **options)`` as the renderer of ``fmt``.

    >>> import govbudget as gb
    >>> from govbudget.render import register, unregister
    >>> register("count", lambda tables, path=None: len(tables))
    >>> gb.render(gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024)), "count")
    9
    >>> unregister("count")
    """
    if not fmt or not isinstance(fmt, str):
        raise GovBudgetError(f"a format name is a non-empty string, found {fmt!r}")
    _REGISTRY[fmt] = func


def unregister(fmt: str) -> None:
    """Remove a registered format (no error if it is not registered).

    >>> from govbudget.render import unregister
    >>> unregister("no-such-format")
    """
    _REGISTRY.pop(fmt, None)


def _as_tables(tables: PublicTables | PublicTable) -> PublicTables:
    if isinstance(tables, PublicTables):
        return tables
    if isinstance(tables, PublicTable):
        return PublicTables(
            [tables], template=tables.template, department=tables.department, year=tables.template.year
        )
    raise GovBudgetError(
        f"render needs PublicTables (gb.build_tables(...)) or one PublicTable, found {type(tables).__name__}"
    )


def render(tables: PublicTables | PublicTable, fmt: str, path: str | Path | None = None, **options: Any) -> Any:
    """Render built tables as ``fmt`` (see the module docstring for formats and return values).

    >>> import govbudget as gb
    >>> t = gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024))["公开08"]
    >>> print(gb.render(t, "text"))  # doctest: +NORMALIZE_WHITESPACE
    国有资本经营预算财政拨款支出决算表
    公开08表
    金额单位：万元
    部门：某单位
    项目 本年支出
    科目代码 科目名称 合计 基本支出 项目支出
    栏次 1 2 3
    合计
    注：本表反映部门本年度国有资本经营预算财政拨款支出情况。
    说明：本部门本年度无国有资本经营预算财政拨款支出，本表无数据。
    """
    key = _ALIASES.get(fmt, fmt) if isinstance(fmt, str) else fmt
    target = _REGISTRY.get(key) if isinstance(key, str) else None
    if target is None:
        raise UnknownFormatError(f"no renderer for format {fmt!r}; formats: {', '.join(renderers())}")
    func = importlib.import_module(f".{target}", __name__).render if isinstance(target, str) else target
    if path is not None and not isinstance(path, str | os.PathLike):
        raise GovBudgetError(f"render: path must be a str or Path, found {type(path).__name__} {path!r}")
    target_path = None if path is None else Path(path)
    try:
        return func(_as_tables(tables), path=target_path, **options)
    except OSError as e:  # a registered renderer that writes by itself
        if isinstance(e, GovBudgetError):
            raise
        raise DataFileError(target_path or "", [(None, f"cannot write: {e.strerror or e}")]) from e


class _CallableModule(types.ModuleType):
    """Lets ``govbudget.render(...)`` work even after ``import govbudget.render`` bound the module."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return render(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
