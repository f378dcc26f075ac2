"""govbudget: China's 政府收支分类科目 and 部门决算, exact to the fen.

The public API is this module. Heavy parts (polars, babel, the report reader) are
imported on first use, so ``import govbudget`` and a code lookup stay fast.

>>> import govbudget as gb
>>> gb.functional(2024)["2010450"].name
'事业运行'
>>> gb.check_sum("154.79", ["21.59", "11.86", "0.52", "0.21", "3.90", "3.43", "11.04", "6.90",
...     "2.05", "0.15", "0.18", "0.56", "21.39", "19.85", "7.45", "14.13", "6.86", "15.52", "7.22"]).verdict
'tail'
"""

from __future__ import annotations

import importlib
from typing import Any

from ._codeformat import compact_code, format_code, split_code
from .classification import (
    EVIDENCE_LEVELS,
    SCHEMES,
    CrosswalkEntry,
    EconomicMapping,
    Edition,
    Subject,
    crosswalk,
    economic,
    economic_mapping,
    edition,
    editions,
    functional,
    is_valid_code,
    load_edition,
    validate_code,
)
from .errors import (
    DataFileError,
    FloatNotAllowedError,
    GovBudgetError,
    LedgerError,
    LimitExceededError,
    MalformedCodeError,
    MissingDependencyError,
    ParseError,
    ReconcileError,
    ReportReadError,
    UnknownCodeError,
    UnknownEditionError,
)
from .money import D, format_amount, format_percent, parse_amount, percent, round_half_up, to_wan, to_yuan

__version__ = "0.1.0"

# name → module, imported on first attribute access (PEP 562)
_LAZY: dict[str, str] = {
    # narrative (情况说明)
    "Narrative": "narrative",
    "NarrativeError": "narrative",
    "NarrativeInputs": "narrative",
    "NarrativeNumber": "narrative",
    "NarrativeTerm": "narrative",
    "build_narrative": "narrative",
    # reconciliation
    "Finding": "reconcile",
    "Interval": "reconcile",
    "SolveResult": "reconcile",
    "check_sum": "reconcile",
    "check_equal": "reconcile",
    "check_le": "reconcile",
    "solve_printed": "reconcile",
    "findings_to_json": "reconcile",
    # ledger
    "Ledger": "ledger",
    "Posting": "ledger",
    "IncomePosting": "ledger",
    "Unit": "ledger",
    "UnitKind": "ledger",
    "Fund": "ledger",
    "SpendType": "ledger",
    "Balances": "ledger",
    "Budgets": "ledger",
    # report reader
    "read_report": "reader",
    "PublishedReport": "reader",
    "PublishedTable": "reader",
    "Cell": "reader",
    # checking a published report (the rule catalogue, layouts, plug-ins)
    "check": "checks",
    # bulk
    "bulk_rollup": "bulk",
    # many reports at once
    "check_many": "batch",
    # derived figures as rules; rates
    "ruleset": "rules",
    "load_ruleset": "rules",
    "available_rulesets": "rules",
    "RuleSet": "rules",
    "Rule": "rules",
    "DerivedFigure": "rules",
    "Component": "rules",
    "Procurement": "rules",
    "RuleError": "rules",
    "UnknownRuleError": "rules",
    "MissingInputError": "rules",
    "Rate": "rates",
    "share": "rates",
    "completion": "rates",
    "change": "rates",
    # public-table templates, tables and renderers
    "Template": "templates",
    "TableSpec": "templates",
    "ColumnSpec": "templates",
    "UnknownTemplateError": "templates",
    "template": "templates",
    "available_templates": "templates",
    "load_template": "templates",
    "PublicTable": "tables",
    "PublicTables": "tables",
    "TableLookupError": "tables",
    "build_tables": "tables",
    "render": "render",
    "renderers": "render",
}

def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'govbudget' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    # the public names and the module dunders only (not typing helpers or submodules)
    return sorted({*__all__, *(n for n in globals() if n.startswith("__") and n.endswith("__"))})


__all__ = [
    "EVIDENCE_LEVELS",
    "SCHEMES",
    "CrosswalkEntry",
    "D",
    "DataFileError",
    "EconomicMapping",
    "Edition",
    "FloatNotAllowedError",
    "GovBudgetError",
    "LedgerError",
    "LimitExceededError",
    "MalformedCodeError",
    "MissingDependencyError",
    "ParseError",
    "ReconcileError",
    "ReportReadError",
    "Subject",
    "UnknownCodeError",
    "UnknownEditionError",
    "compact_code",
    "crosswalk",
    "economic",
    "economic_mapping",
    "edition",
    "editions",
    "format_amount",
    "format_code",
    "format_percent",
    "functional",
    "is_valid_code",
    "load_edition",
    "parse_amount",
    "percent",
    "round_half_up",
    "split_code",
    "to_wan",
    "to_yuan",
    "validate_code",
    *_LAZY,
]
