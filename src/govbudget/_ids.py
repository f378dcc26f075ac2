"""Reading template and rule-set names (``"hunan-2024"``, ``("hunan", 2024)``): one place.

Both :mod:`govbudget.templates` and :mod:`govbudget.rules` read names this way; the function
lives here so that neither has to import the other for it. It is public as
``govbudget.templates.split_id``.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["split_id"]


def split_id(
    value: object, year: object = None, *, what: str, error: Callable[[str], Exception], default_year: int | None = None
) -> tuple[str, int]:
    """``(name, year)`` from region + year, an id such as ``"hunan-2024"`` or a ``(region, year)`` pair.

    The one place where template and rule-set names are read (used by :func:`template`,
    :func:`govbudget.ruleset`, :func:`govbudget.build_tables` and :func:`govbudget.build_narrative`).
    The name is lower-cased; the year must be an ``int`` (a ``str`` such as ``"2024"`` is refused,
    as :func:`govbudget.functional` refuses it). Without a year the id must carry one, else
    ``default_year`` (e.g. the ledger's) is used. Problems raise ``error(message)``.

    >>> split_id("Hunan-2024", what="template", error=ValueError)
    ('hunan', 2024)
    >>> split_id("hunan", 2024, what="template", error=ValueError), split_id(("central", 2019), what="rule set", error=ValueError)
    (('hunan', 2024), ('central', 2019))
    >>> split_id("hunan", "2024", what="template", error=ValueError)
    Traceback (most recent call last):
    ...
    ValueError: the year of a template must be an int such as 2024, found str '2024'
    """
    if isinstance(value, tuple) and len(value) == 2 and year is None:
        value, year = value
    if not isinstance(value, str) or not value.strip():
        raise error(f"a {what} is named by a region such as 'hunan' with a year, or an id such as 'hunan-2024'; "
                    f"found {type(value).__name__} {value!r}")
    name = value.strip().lower()
    head, sep, tail = name.rpartition("-")
    in_id = int(tail) if sep and head and tail.isdigit() else None
    if year is None:
        year = in_id if in_id is not None else default_year
        if year is None:
            raise error(f"{what} {value!r} names no year; pass one ({name!r}, 2024) or an id such as '{name}-2024'")
    if isinstance(year, bool) or not isinstance(year, int):
        raise error(f"the year of a {what} must be an int such as 2024, found {type(year).__name__} {year!r}")
    if in_id is not None:
        if in_id != year:
            raise error(f"{what} {value!r} names the year {in_id}, but year={year} was given as well")
        name = head
    return name, year


split_id.__module__ = "govbudget.templates"  # documented where users meet it
