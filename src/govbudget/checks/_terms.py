"""The vocabulary the built-in checks read a template with, as layout data.

Every table id, row label, column word and code the built-in families look for comes from the
``[terms.<section>]`` tables of the layouts in force, never from Python: ``layouts/common.toml``
holds the vocabulary of the templates the package knows, a province's layout adds to it or replaces
parts of it. Two ways to change a term in a layout file::

    [terms.rows]                  # replaces the listed keys (`key = false` takes one out)
    income_total = ["收入本年合计"]

    [add_terms.rows]              # adds to them (lists are extended, tables updated)
    income_total = ["本年收入总额"]

The rules in force are the union of the ``rules`` lists of the layouts for the report's kind, less
the ids a layout lists in ``disable``.

>>> t = Terms.merge([{"terms": {"rows": {"total": ["合计"]}}}, {"add_terms": {"rows": {"total": ["总计"]}}}])
>>> t.names("rows", "total")
('合计', '总计')
>>> Terms.merge([{"terms": {"rows": {"total": ["合计"]}}}, {"terms": {"rows": {"total": ["总 计"]}}}]).names("rows", "total")
('总 计',)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from ._catalogue import CatalogueError

if TYPE_CHECKING:  # pragma: no cover
    from ..reader import PublishedReport
    from ..reader._model import PublishedTable

__all__ = ["Terms"]


def _freeze(v: Any) -> Any:
    if isinstance(v, Mapping):
        return MappingProxyType({k: _freeze(x) for k, x in v.items()})
    if isinstance(v, list | tuple):
        return tuple(_freeze(x) for x in v)
    return v


def _add(old: Any, new: Any) -> Any:
    """``new`` added to ``old``: lists extended (without repeats), tables updated key by key."""
    if isinstance(old, list) and isinstance(new, list):
        return old + [x for x in new if x not in old]
    if isinstance(old, dict) and isinstance(new, dict):
        return {**old, **new}
    return new


@attrs.frozen
class Terms:
    """The merged ``[terms]`` of the layouts in force: sections of named terms.

    >>> t = Terms.merge([{"terms": {"tables": {"basic": ["general_budget_basic", "fiscal_basic"]}}}])
    >>> t.names("tables", "basic")
    ('general_budget_basic', 'fiscal_basic')
    >>> t.names("tables", "nothing")
    Traceback (most recent call last):
    ...
    govbudget.checks._catalogue.CatalogueError: no term tables.nothing in the layouts in force (layouts/common.toml and the ones passed to check)
    """

    data: Mapping[str, Mapping[str, Any]]

    @classmethod
    def merge(cls, layouts: Iterable[Mapping[str, Any]]) -> Terms:
        """The terms of ``layouts`` (parsed TOML tables, in order: later ones win)."""
        merged: dict[str, dict[str, Any]] = {}
        for lay in layouts:
            for section, entries in (lay.get("terms") or {}).items():
                sec = merged.setdefault(section, {})
                sec.update(entries)
                for k in [k for k, v in entries.items() if v is False]:
                    del sec[k]  # `key = false` takes a term out
            for section, entries in (lay.get("add_terms") or {}).items():
                sec = merged.setdefault(section, {})
                for k, v in entries.items():
                    sec[k] = _add(sec[k], v) if k in sec else v
        return cls(_freeze(merged))

    def get(self, section: str, key: str) -> Any:
        """The term ``section.key`` as the layouts give it (a typed error naming it when absent)."""
        try:
            return self.data[section][key]
        except KeyError:
            raise CatalogueError(f"no term {section}.{key} in the layouts in force (layouts/common.toml and the "
                                 f"ones passed to check)") from None

    def names(self, section: str, key: str) -> tuple[str, ...]:
        """The term as a tuple of strings (a single string is a one-element tuple)."""
        v = self.get(section, key)
        return (v,) if isinstance(v, str) else tuple(v)

    def section(self, section: str) -> Mapping[str, Any]:
        """A whole section (an empty mapping when no layout has it)."""
        return self.data.get(section, MappingProxyType({}))

    def table(self, rep: PublishedReport, role: str) -> PublishedTable | None:
        """The first of the tables ``tables.<role>`` names that ``rep`` prints."""
        for tid in self.names("tables", role):
            t = rep.table(tid)
            if t is not None:
                return t
        return None
