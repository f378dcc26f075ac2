"""What a batch needs to know about a report read: is it a report at all, and where a finding is printed.

>>> from govbudget import Finding
>>> page_line(Finding(rule="X12", verdict="contradiction", where="说明三", expected=None, found=None,
...     places=("说明三 基本支出（三、支出决算情况说明 第4页第365行）",)))
(4, 365)
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["is_report", "page_line"]

_PLACE = re.compile(r"(?:第(\d+)页)?第(\d+)行")


def is_report(rep: Any) -> bool:
    """True when the text read is (part of) a 部门预算/决算: it has a table the reader recognised, or
    its cover or titles name both the unit and the kind of report.

    >>> from govbudget import read_report
    >>> is_report(read_report(text="今天天气很好。\\n明天也好。\\n")), is_report(read_report(text="\\x00" * 50))
    (False, False)
    >>> is_report(read_report(text="支出决算表\\n金额单位：万元\\n项目\\t\\t本年支出合计\\n合计\\t\\t1.00\\n"))
    True
    """
    if any(t.table_id for t in rep.tables):
        return True
    return bool(rep.kind and rep.unit)


def page_line(finding: Any) -> tuple[int | None, int | None]:
    """The page and line of the first place of a finding that names a printed line (else ``(None, None)``).

    >>> from govbudget import Finding
    >>> page_line(Finding(rule="T", verdict="ok", where="x", expected=None, found=None))
    (None, None)
    """
    for place in finding.places:
        m = _PLACE.search(place)
        if m:
            return (int(m.group(1)) if m.group(1) else None), int(m.group(2))
    return None, None
