"""The columns and polars schemas of the two batch tables (see :mod:`govbudget.batch`).

>>> reports, findings = schemas()
>>> str(reports["year"]), str(findings["hint"])
('Int64', 'Boolean')
"""

from __future__ import annotations

__all__ = ["FINDING_COLUMNS", "REPORT_COLUMNS", "STATUSES", "schemas"]

#: the status of a report row
STATUSES = ("ok", "unreadable", "not a report", "timed out")
_FIGURES = ("income_total", "expenditure_total", "basic", "project", "personnel", "public", "fiscal_total")
_VERDICTS = ("ok", "contradiction", "label", "tail", "not_assessable")
#: the columns of the reports table, with their polars type names
REPORT_COLUMNS: dict[str, str] = {
    "file": "str", "files": "str", "sha256": "str", "status": "str", "error": "str",
    "unit": "str", "year": "int", "kind": "str", "amount_unit": "str",
    **{k: "str" for k in _FIGURES}, "three_public_budget": "str", "three_public_actual": "str",
    "figure_units": "str", "tables": "int", "unmapped": "int", "checks": "int",
    **{v: "int" for v in _VERDICTS}, "hints": "int", "milliseconds": "int", "checked_with": "str",
}
#: the columns of the findings table
FINDING_COLUMNS: dict[str, str] = {
    "file": "str", "sha256": "str", "rule": "str", "verdict": "str", "severity": "str", "hint": "bool",
    "where": "str", "page": "int", "line": "int", "expected": "str", "found": "str", "difference": "str",
    "message": "str", "places": "str",
}


def schemas():
    """``(reports schema, findings schema)`` as dicts of column name → polars dtype."""
    import polars as pl

    types = {"str": pl.String, "int": pl.Int64, "bool": pl.Boolean}
    return ({k: types[t] for k, t in REPORT_COLUMNS.items()}, {k: types[t] for k, t in FINDING_COLUMNS.items()})
