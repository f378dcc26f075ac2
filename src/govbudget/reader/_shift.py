"""Kept for the reader's command line: :func:`explained_by` lives in :mod:`govbudget.checks._shift`.

>>> explained_by.__module__
'govbudget.checks._shift'
"""

from __future__ import annotations

from ..checks._shift import explained_by, explained_place

__all__ = ["explained_by", "explained_place"]
