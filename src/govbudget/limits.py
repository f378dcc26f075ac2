"""Limits on untrusted input: file size, PDF pages, line length, table rows and cells, check time.

Every reader of a file the user did not write (a published report, an official code table)
asks this module before it spends memory or time. A limit hit is a
:class:`~govbudget.errors.LimitExceededError` naming the limit and how to raise it.
The limits hold for the current context (thread or task); :func:`override` changes them
inside a ``with`` block.

>>> from govbudget import limits
>>> limits.current().max_pdf_pages
500
>>> with limits.override(max_pdf_pages=3000):
...     limits.current().max_pdf_pages
3000
>>> limits.current().max_pdf_pages
500
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

import attrs

from .errors import LimitExceededError

__all__ = ["Limits", "current", "enforce", "override"]


@attrs.frozen(kw_only=True)
class Limits:
    """The configured limits. ``None`` switches a limit off.

    - ``max_file_bytes``: size of a report or code-table file read from disk.
    - ``max_pdf_pages``: pages of one PDF.
    - ``max_line_chars``: characters in one line of text (longer lines are refused).
    - ``max_table_rows`` / ``max_table_cells``: rows and cells of an imported code table
      (xlsx dimensions are checked before the sheet is expanded).
    - ``check_seconds``: wall-clock budget of one report's checks.

    >>> Limits().max_file_bytes
    104857600
    """

    max_file_bytes: int | None = 100 * 2**20
    max_pdf_pages: int | None = 500
    max_line_chars: int | None = 200_000
    max_table_rows: int | None = 100_000
    max_table_cells: int | None = 2_000_000
    check_seconds: int | None = 60


_CURRENT: contextvars.ContextVar[Limits] = contextvars.ContextVar("govbudget_limits", default=Limits())  # noqa: B039 (frozen)


def current() -> Limits:
    """The limits in force in this context.

    >>> current().max_line_chars
    200000
    """
    return _CURRENT.get()


@contextlib.contextmanager
def override(**changes: int | None) -> Iterator[Limits]:
    """Change some limits inside a ``with`` block (``None`` switches one off).

    >>> with override(max_file_bytes=None) as lim:
    ...     lim.max_file_bytes is None
    True
    """
    token = _CURRENT.set(attrs.evolve(_CURRENT.get(), **changes))
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)


def enforce(limit: str, found: int, source: object) -> None:
    """Raise :class:`~govbudget.errors.LimitExceededError` when ``found`` exceeds ``limit``.

    >>> enforce("max_pdf_pages", 12, "a.pdf")
    >>> enforce("max_pdf_pages", 501, "a.pdf")
    Traceback (most recent call last):
    ...
    govbudget.errors.LimitExceededError: a.pdf: 501 exceeds the limit max_pdf_pages = 500; raise it with govbudget.limits.override(max_pdf_pages=...)
    """
    value = getattr(current(), limit)
    if value is not None and found > value:
        raise LimitExceededError(source, limit, value, found)
