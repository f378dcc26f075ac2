"""Names and shapes of printed tables, kept here for the reader's own modules.

The checks moved to :mod:`govbudget.checks` (run them with ``report.check()`` or
:func:`govbudget.checks.check`). This module only re-exports the table-shape helpers of
:mod:`govbudget.reader._shape`, and imports nothing from the checks (no import cycle).

>>> from govbudget.reader._model import PublishedTable as T
>>> full_name(T(table_id="income", title="收入预算总表部门:江苏省政协办公厅 单位:万元", number="公开02表",
...       amount_unit=None, columns=(), cells=(), rows=(), notes=(), page=None, line=1))
'公开02表 收入预算总表'
"""

from __future__ import annotations

from ._shape import _fund_cols, _fund_column, _main, _present, _sides, _tn, full_name

__all__ = ["_fund_cols", "_fund_column", "_main", "_present", "_sides", "_tn", "full_name"]
