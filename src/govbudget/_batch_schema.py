"""The polars schemas of the two batch tables (see :mod:`govbudget.batch`).

>>> reports, findings = schemas()
>>> str(reports["year"]), str(findings["hint"])
('Int64', 'Boolean')
"""

from __future__ import annotations

__all__ = ["schemas"]


def schemas():
    """``(reports schema, findings schema)`` as dicts of column name → polars dtype."""
    import polars as pl

    from .batch import FINDING_COLUMNS, REPORT_COLUMNS

    types = {"str": pl.String, "int": pl.Int64, "bool": pl.Boolean}
    return ({k: types[t] for k, t in REPORT_COLUMNS.items()}, {k: types[t] for k, t in FINDING_COLUMNS.items()})
