"""The catalogue of check rules: one TOML file per family under ``checks/catalogue/``.

Each rule has its id, a Chinese title, what it checks, the formula, a severity, the report kinds and
templates it applies to, its public reference (the 财政部 or provincial document, or the template)
and the verdicts it can give, with an example finding. The rules page of the documentation
(``docs/checks.md``) is generated from it (``python tools/rules_page.py --write``).

>>> r = rule("R03.1")
>>> r.family, r.title
('表内', '支出表各行：本年支出合计 = 基本支出 + 项目支出 + …')
>>> "contradiction" in r.verdicts, r.severity
(True, 'error')
>>> len(catalogue()) >= 60
True
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import attrs

from ..errors import GovBudgetError

__all__ = ["Rule", "catalogue", "rule"]

_DIR = Path(__file__).with_name("catalogue")
_SEVERITIES = ("error", "warning", "info")
_VERDICTS = ("ok", "tail", "contradiction", "not_assessable", "label")
_KINDS = ("决算", "预算")


class CatalogueError(GovBudgetError):
    """A catalogue or layout file that does not say what a rule needs (names the file and the rule)."""


@attrs.frozen(kw_only=True)
class Rule:
    """One check rule as the catalogue describes it.

    >>> rule("X04").formula
    '支出表 合计 = 收支总表 本年支出合计；支出表 类 = 收支总表 同名类'
    """

    id: str
    family: str
    title: str
    checks: str
    formula: str
    severity: str
    kinds: tuple[str, ...]
    templates: tuple[str, ...]
    reference: str
    verdicts: tuple[str, ...]
    example: str
    file: str


def _rule(raw: dict, family: str, refs: dict, file: str) -> Rule:
    need = ("id", "title", "checks", "formula", "severity", "kinds", "templates", "reference", "verdicts", "example")
    missing = [k for k in need if k not in raw]
    if missing:
        raise CatalogueError(f"{file}: rule {raw.get('id', '?')} lacks {', '.join(missing)}")
    bad = ([f"severity {raw['severity']!r}"] if raw["severity"] not in _SEVERITIES else []) + [
        f"verdict {v!r}" for v in raw["verdicts"] if v not in _VERDICTS] + [
        f"kind {k!r}" for k in raw["kinds"] if k not in _KINDS]
    if bad:
        raise CatalogueError(f"{file}: rule {raw['id']}: unknown {', '.join(bad)}")
    return Rule(id=raw["id"], family=family, title=raw["title"], checks=raw["checks"], formula=raw["formula"],
                severity=raw["severity"], kinds=tuple(raw["kinds"]), templates=tuple(raw["templates"]),
                reference=refs.get(raw["reference"], raw["reference"]), verdicts=tuple(raw["verdicts"]),
                example=raw["example"], file=file)


@cache
def catalogue() -> dict[str, Rule]:
    """Every rule of the catalogue by id, in the order of the files and of the rules in them."""
    refs = tomllib.loads((_DIR / "_defaults.toml").read_text(encoding="utf-8"))["references"]
    out: dict[str, Rule] = {}
    for path in sorted(_DIR.glob("[!_]*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for raw in data.get("rule", []):
            r = _rule(raw, data.get("family", path.stem), refs, path.name)
            if r.id in out:
                raise CatalogueError(f"{path.name}: rule {r.id} is already in {out[r.id].file}")
            out[r.id] = r
    return out


def rule(rule_id: str) -> Rule:
    """The catalogue entry of ``rule_id`` (a typed error naming the id when there is none)."""
    try:
        return catalogue()[rule_id]
    except KeyError:
        raise CatalogueError(f"no rule {rule_id!r} in the check catalogue ({_DIR.name}/*.toml)") from None
