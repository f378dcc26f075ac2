"""The 情况说明 (explanatory text) of a 部门决算, generated from a ledger plus declared inputs.

Every figure of the 13 sections of the Hunan 2024 template (湖南省 2024 年度部门决算公开模板) and of the financial
part of the 绩效自评 附件 is computed here: table figures from the :class:`~govbudget.Ledger`,
budgets and prior-year figures from ``ledger.budgets``, and what no ledger holds (政府采购,
vehicles, counts, 绩效 results, free-text reasons) from :class:`NarrativeInputs`. Sentences are
data (``hunan-2024.toml`` next to this module) with placeholders; 类/款/项 names come from the code
tables, direction words from the sign, percents are half-up with 2 decimals, and a zero base
follows the ``zero_base`` policy of :mod:`govbudget.rates`.

The result is a :class:`Narrative`: sections (heading, text) and a list of
:class:`NarrativeNumber` so that each printed figure can be compared with another printing.

>>> import govbudget as gb
>>> led = gb.Ledger(gb.Unit("示例中心", "财政补助事业单位"), 2024)
>>> _ = led.spend("4556500", functional="2010450")
>>> _ = led.spend("639800", functional="2010499", spend_type="项目支出")
>>> _ = led.receive("5196300", functional="2010450")
>>> n = gb.build_narrative(led)
>>> n.number("三", "基本支出占比").text
'87.69%'
>>> n.sections[2].text.split("，按性质分：")[1][:37]
'基本支出455.65万元，占支出合计的87.69%；项目支出63.98万元'
>>> n.number("三", "项目支出占比").value
Decimal('12.31')
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..ledger import Ledger
from ..rates import ZERO_BASE_POLICIES
from ._writer import fill as _fill

if TYPE_CHECKING:  # pragma: no cover
    from ..rules import RuleSet
    from ..templates import Template

__all__ = [
    "PRIOR_KEYS",
    "VEHICLE_CATEGORIES",
    "Activity",
    "AttachmentRow",
    "Narrative",
    "NarrativeError",
    "NarrativeInputs",
    "NarrativeNumber",
    "NarrativeTerm",
    "PerformanceProject",
    "Section",
    "Trip",
    "build_narrative",
    "sentence_templates",
]

from ._model import (
    PRIOR_KEYS,
    VEHICLE_CATEGORIES,
    Activity,
    AttachmentRow,
    Narrative,
    NarrativeError,
    NarrativeInputs,
    NarrativeNumber,
    NarrativeTerm,
    PerformanceProject,
    Section,
    Trip,
)

# the records are documented and shown (reprs, tracebacks) under the package that exports them
for _cls in (Activity, AttachmentRow, Narrative, NarrativeError, NarrativeInputs, NarrativeNumber, NarrativeTerm,
             PerformanceProject, Section, Trip):
    _cls.__module__ = __name__


# ---------------------------------------------------------------------------------------- templates
@cache
def _shipped_templates() -> tuple[str, ...]:
    return tuple(sorted(p.name[: -len(".toml")] for p in resources.files(__name__).iterdir()
                        if p.name.endswith(".toml")))


def sentence_templates(name: str = "hunan-2024") -> Mapping[str, Any]:
    """The sentence templates ``name`` (``"<region>-<year>"``) as a mapping (read once).

    >>> t = sentence_templates("hunan-2024")
    >>> t["sections"]["一"]["heading"]
    '一、收入支出决算总体情况说明'
    """
    if not isinstance(name, str):
        raise NarrativeError(f"sentence templates are named by a str such as 'hunan-2024', found "
                             f"{type(name).__name__} {name!r}")
    return _sentence_templates(name)


@cache
def _sentence_templates(name: str) -> Mapping[str, Any]:
    if name not in _shipped_templates():
        raise NarrativeError(f"no sentence templates {name!r}; shipped: {', '.join(_shipped_templates())}")
    with resources.files(__name__).joinpath(f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


# ---------------------------------------------------------------------------------------- builder
def _default_rules(tpl: Mapping[str, Any]) -> RuleSet:
    from ..rules import ruleset

    return ruleset(tpl["meta"]["region"], year=int(tpl["meta"]["year"]))


def _inputs(inputs: Any) -> NarrativeInputs:
    if inputs is None:
        return NarrativeInputs()
    if isinstance(inputs, NarrativeInputs):
        return inputs
    hint = ("; build it with NarrativeInputs(...) (amounts in 元) or NarrativeInputs.from_mapping(...) "
            "(shaped like the inputs TOML file, amounts in 万元)")
    raise NarrativeError(f"inputs must be a NarrativeInputs, found {type(inputs).__name__}{hint}")


def _resolve_template(template: Any, ledger_year: int) -> tuple[str, Template | None]:
    """The sentence-template name for ``template`` and, when a table template was given, that
    :class:`~govbudget.Template` (whose rule set is then the default)."""
    from ..templates import Template, split_id

    if isinstance(template, Template):
        own = template.id if template.id in _shipped_templates() else f"{template.region}-{template.year}"
        return own, template
    name, year = split_id(template, what="sentence template", error=NarrativeError, default_year=ledger_year)
    return f"{name}-{year}", None


def _rules(rules: Any, table_template: Template | None, tpl: Mapping[str, Any]) -> RuleSet:
    """The rule set asked for, else the table template's, else the sentence templates' region and year."""
    from ..rules import ruleset

    if rules is not None:
        return ruleset(rules)
    if table_template is not None:
        return table_template.ruleset()
    return _default_rules(tpl)


def _table_template(tpl: Mapping[str, Any]) -> Template | None:
    """The table template of the sentence templates' region and year (for 行次/栏次), if one ships."""
    from ..templates import UnknownTemplateError, template

    try:
        return template(tpl["meta"]["region"], int(tpl["meta"]["year"]))
    except UnknownTemplateError:
        return None


def build_narrative(
    ledger: Ledger,
    inputs: NarrativeInputs | None = None,
    *,
    template: str | Template | tuple[str, int] = "hunan-2024",
    zero_base: str = "omit",
    rules: RuleSet | str | tuple[str, int] | None = None,
) -> Narrative:
    """Write the 情况说明 of ``ledger`` (13 sections and the 附件's financial figures).

    Args:
        ledger: the unit's ledger; ``ledger.budgets`` supplies 年初预算 by 项 (``initial``,
            ``initial_total``), 全年预算 (``adjusted_total``), 三公 budgets (``three_public``:
            ``abroad``, ``vehicle_purchase``, ``vehicle_running``, ``reception``) and the prior
            year (``prior``, keys :data:`PRIOR_KEYS`), all in 元.
        inputs: what no ledger holds (:class:`NarrativeInputs`); empty by default.
        template: the sentence templates: an id (``"hunan-2024"``), a ``(region, year)`` pair, a
            region alone (the ledger's year) or a :class:`~govbudget.Template` (its id; its rule set
            is then the default ``rules``), read as by :func:`~govbudget.template`.
        zero_base: ``"omit"`` (no rate over a zero base) or ``"legacy_100"`` (100 % / 0 %),
            as in :mod:`govbudget.rates`.
        rules: the :class:`~govbudget.RuleSet` (or its name, as :func:`~govbudget.ruleset` reads
            it) that defines 人员/公用经费, 机关运行经费, 三公, 一般性支出 and 政府采购 (default: the
            sentence templates' region and year). Pass the rule set the tables were built with so
            that 说明七 repeats 公开09. A ledger of another year than the templates' or the rule
            set's is written all the same, with a warning.

    Raises:
        NarrativeError: an unknown template or policy.

    >>> import govbudget as gb
    >>> led = gb.Ledger("某单位", 2024)
    >>> _ = led.spend("72000", functional="2101101")
    >>> led.budgets.initial["2101101"] = gb.D("0")
    >>> gb.build_narrative(led).sections[4].text.splitlines()[-1]
    '1. 卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）。年初预算0.00万元，决算7.20万元，年初预算为0，不计算完成率；决算数大于年初预算数，主要原因是【待填：原因】。'
    >>> gb.build_narrative(led, zero_base="legacy_100").number("五（三）", "2101101 完成年初预算").text
    '100.00%'
    """
    if zero_base not in ZERO_BASE_POLICIES:
        raise NarrativeError(f"zero_base must be one of {ZERO_BASE_POLICIES}; found {zero_base!r}")
    if not isinstance(ledger, Ledger):
        raise NarrativeError(f"build_narrative needs a Ledger, found {type(ledger).__name__}")
    from . import _later_sections, _three_public  # noqa: F401  (they register their section writers)
    from ._refs import Refs
    from ._sections import Context, build

    name, table_template = _resolve_template(template, ledger.year)
    tpl = sentence_templates(name)
    rs = _rules(rules, table_template, tpl)
    ctx = Context(ledger, _inputs(inputs), tpl, rs, zero_base, Refs(table_template or _table_template(tpl)))
    if ledger.year != int(tpl["meta"]["year"]):
        ctx.w.warnings.add(f"the ledger is for {ledger.year} but the sentence templates {name} are for "
                           f"{tpl['meta']['year']}")
    if ledger.year != rs.year:
        ctx.w.warnings.add(f"the ledger is for {ledger.year} but rule set {rs.template} {rs.year} defines the "
                           f"derived figures (人员/公用经费, 三公, 机关运行经费) of {rs.year}")
    sections = tuple(Section(id=i, heading=h, text=text) for i, h, text in build(ctx, list(tpl["sections"])))
    notes: list[str] = []
    if zero_base == "legacy_100":
        notes.append(_fill(tpl["footer"]["legacy_100"], {"count": sum(1 for n in ctx.w.numbers if n.note)}))
    return Narrative(title=_fill(tpl["meta"]["title"], {"Y": ledger.year}), sections=sections,
                     numbers=tuple(ctx.w.numbers), terms=tuple(ctx.w.terms), warnings=ctx.w.warnings.lines(),
                     zero_base=zero_base, notes=tuple(notes))
