"""The 情况说明 (explanatory text) of a 部门决算, generated from a ledger plus declared inputs.

Every figure of the 13 sections of the Hunan 2024 template (domain brief §6) and of the financial
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

import string
import tomllib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import DataFileError, GovBudgetError
from ..ledger import Fund, Ledger, SpendType
from ..money import ZERO, D, format_amount, to_wan, to_yuan
from ..rates import ZERO_BASE_POLICIES, Rate, change, completion, share
from ..rules import BUDGET_MISMATCH, Procurement

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

#: Keys of ``ledger.budgets.prior`` (prior-year 决算 figures, 元) the 说明 compares with.
PRIOR_KEYS: dict[str, str] = {
    "total": "上年收入支出总计",
    "fiscal_total": "上年财政拨款收入支出总计",
    "general": "上年一般公共预算财政拨款支出",
    "three_public": "上年“三公”经费财政拨款支出",
    "abroad": "上年因公出国（境）费",
    "vehicle": "上年公务用车购置及运行维护费",
    "vehicle_purchase": "上年公务用车购置费",
    "vehicle_running": "上年公务用车运行维护费",
    "reception": "上年公务接待费",
    "operating_costs": "上年机关运行经费",
}

#: The vehicle categories 说明十二 lists, in order.
VEHICLE_CATEGORIES: tuple[str, ...] = (
    "副部（省）级及以上领导用车",
    "主要负责人用车",
    "机要通信用车",
    "应急保障用车",
    "执法执勤用车",
    "特种专业技术用车",
    "离退休干部服务用车",
    "其他用车",
)

_THREE_PUBLIC_ITEMS = ("abroad", "vehicle_purchase", "vehicle_running", "reception")
_FISCAL = (Fund.GENERAL, Fund.GOV_FUND, Fund.STATE_CAPITAL)
_INCOME_PARTS = (
    ("财政拨款收入", _FISCAL),
    ("上级补助收入", (Fund.HIGHER,)),
    ("事业收入", (Fund.OPERATIONS,)),
    ("经营收入", (Fund.BUSINESS,)),
    ("附属单位上缴收入", (Fund.AFFILIATED,)),
    ("其他收入", (Fund.OTHER,)),
)


class NarrativeError(GovBudgetError, ValueError):
    """Inputs the 说明 cannot be written from (an unknown template, a bad input file or value).

    >>> import govbudget as gb
    >>> try:
    ...     gb.build_narrative(gb.Ledger("某单位", 2024), template="mars-2024")
    ... except gb.NarrativeError as e:
    ...     print(e)
    no sentence templates 'mars-2024'; shipped: hunan-2024
    """


# ---------------------------------------------------------------------------------------- records
_opt_yuan = attrs.converters.optional(D)


def _count(where: str, *, optional: bool = False) -> Any:
    """A converter to a count (a whole number ≥ 0): an int, or a str of digits as a TOML file may hold."""

    def convert(value: Any) -> int | None:
        if value is None and optional:
            return None
        text = value.strip() if isinstance(value, str) else None
        if isinstance(value, int) and not isinstance(value, bool):
            n = value
        elif text is not None and text.isascii() and text.isdigit():
            n = int(text)
        else:
            raise NarrativeError(f"{where}: expected a count (a whole number ≥ 0 such as 3"
                                 f"{' or None' if optional else ''}), found {type(value).__name__} {value!r}")
        if n < 0:
            raise NarrativeError(f"{where}: expected a count (a whole number ≥ 0), found {n}")
        return n

    return convert


def _str(where: str) -> Any:
    def check(_instance: Any, _attribute: Any, value: Any) -> None:
        if not isinstance(value, str):
            raise NarrativeError(f"{where}: expected text (a str), found {type(value).__name__} {value!r}")

    return check


def _opt_instance(cls: type, where: str) -> Any:
    def check(_instance: Any, _attribute: Any, value: Any) -> None:
        if value is not None and not isinstance(value, cls):
            raise NarrativeError(f"{where}: expected a {cls.__name__} or None, found {type(value).__name__} {value!r}")

    return check


def _items(cls: type, where: str) -> Any:
    def convert(value: Any) -> tuple:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            raise NarrativeError(f"{where}: expected a list of {cls.__name__}, found {type(value).__name__} {value!r}")
        items = tuple(value)
        for i, item in enumerate(items, 1):
            if not isinstance(item, cls):
                raise NarrativeError(f"{where}[{i}]: expected a {cls.__name__}, found {type(item).__name__} {item!r}")
        return items

    return convert


def _mapping(value: Any, where: str) -> Mapping[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise NarrativeError(f"{where}: expected a mapping (dict), found {type(value).__name__} {value!r}")
    return value


@attrs.frozen(kw_only=True)
class NarrativeNumber:
    """One figure printed in the 说明: where, what, its value and the text as printed.

    ``value`` is in ``unit`` (万元 amounts, percent numbers, counts); changes are signed
    (``-6.73`` is printed 减少6.73万元). ``source`` names what the figure repeats, if anything:
    a table cell (``"公开05 合计 栏次2"``) or another 说明 figure (``"说明七（一）：“三公”经费预算"``).
    ``note`` says when a rate is a convention (its base is zero).

    >>> NarrativeNumber(section="一", label="收支总计", value=D("519.63"), unit="万元", text="519.63万元")
    NarrativeNumber(section='一', label='收支总计', value=Decimal('519.63'), unit='万元', text='519.63万元', source='', note='')
    """

    section: str
    label: str
    value: Decimal = attrs.field(converter=D)
    unit: str
    text: str
    source: str = ""
    note: str = ""


@attrs.frozen(kw_only=True)
class NarrativeTerm:
    """A printed label that is not a number (e.g. a 类/款/项 subject built from the code tree).

    >>> NarrativeTerm(section="五（三）", label="2010450 科目", text="一般公共服务支出（类）…").label
    '2010450 科目'
    """

    section: str
    label: str
    text: str


@attrs.frozen(kw_only=True)
class Section:
    """A 说明 section: its heading and its text (sub-parts on separate lines).

    >>> Section(id="八", heading="八、政府性基金预算收入支出决算情况", text="…").id
    '八'
    """

    id: str
    heading: str
    text: str


@attrs.frozen(kw_only=True)
class Activity:
    """A 会议/培训 line of 说明十: purpose, number of participants, content.

    >>> Activity(purpose="召开工作推进会", people=12, content="部署年度工作").people
    12
    """

    purpose: str = attrs.field(validator=_str("Activity.purpose"))
    people: int = attrs.field(converter=_count("Activity.people"))
    content: str = attrs.field(validator=_str("Activity.content"))


@attrs.frozen(kw_only=True)
class Trip:
    """An 因公出国（境） trip of 说明七: its name, amount (元) and purpose.

    >>> Trip(name="赴欧洲交流", amount=D("69000"), purpose="考察城市规划").amount
    Decimal('69000')
    """

    name: str
    amount: Decimal = attrs.field(converter=D)
    purpose: str


@attrs.frozen(kw_only=True)
class PerformanceProject:
    """A project of the 绩效自评 (元): budget = initial + adjustment; balance = budget − actual.

    >>> p = PerformanceProject(name="工作经费", initial=D("2070000"), adjustment=D("12000"), actual=D("1289300"))
    >>> p.budget, p.balance
    (Decimal('2082000'), Decimal('792700'))
    """

    name: str
    initial: Decimal = attrs.field(default=ZERO, converter=D)
    adjustment: Decimal = attrs.field(default=ZERO, converter=D)
    actual: Decimal = attrs.field(default=ZERO, converter=D)

    @property
    def budget(self) -> Decimal:
        """年初 + 年中调整."""
        return self.initial + self.adjustment

    @property
    def balance(self) -> Decimal:
        """结余结转 = budget − actual."""
        return self.budget - self.actual


@attrs.frozen(kw_only=True)
class AttachmentRow:
    """A row of 附件1 that no ledger holds (prior, budget, actual in 元; ``None`` prints "/").

    >>> AttachmentRow(label="政府采购金额", prior=D("1352400")).budget is None
    True
    """

    label: str
    prior: Decimal | None = attrs.field(default=None, converter=_opt_yuan)
    budget: Decimal | None = attrs.field(default=None, converter=_opt_yuan)
    actual: Decimal | None = attrs.field(default=None, converter=_opt_yuan)


def _dict_str(value: Mapping[str, Any] | None) -> dict[str, str]:
    out = {}
    for k, v in _mapping(value, "NarrativeInputs.reasons").items():
        if not isinstance(v, str):
            raise NarrativeError(f"NarrativeInputs.reasons[{k!r}]: expected text (a str), found {type(v).__name__} {v!r}")
        out[str(k)] = v
    return out


def _vehicles(value: Any) -> dict[str, int] | None:
    if value is None:
        return None
    return {str(k): _count(f"NarrativeInputs.vehicles[{k!r}]")(v)
            for k, v in _mapping(value, "NarrativeInputs.vehicles").items()}


def _yuan_by_key(where: str) -> Any:
    def convert(value: Any) -> dict[str, Decimal]:
        return {str(k): D(v) for k, v in _mapping(value, where).items()}

    return convert


def _performance_projects(value: Any) -> dict[str, tuple[int, Decimal]]:
    out = {}
    for k, v in _mapping(value, "NarrativeInputs.performance_projects").items():
        where = f"NarrativeInputs.performance_projects[{k!r}]"
        if not isinstance(v, tuple | list) or len(v) != 2:
            raise NarrativeError(f"{where}: expected a pair (count, amount in 元), found {type(v).__name__} {v!r}")
        out[str(k)] = (_count(where + " count")(v[0]), D(v[1]))
    return out


#: the ``[counts]`` keys of an inputs file (fields of :class:`NarrativeInputs`) and its ``[texts]`` keys
_COUNT_FIELDS = ("equipment_over_1m", "abroad_groups", "abroad_people", "vehicles_renewed", "vehicles_held",
                 "reception_groups", "reception_people")
_TEXT_FIELDS = ("missing_reason", "vehicle_running_use", "reception_purpose", "performance_grade",
                "performance_findings", "performance_application")


@attrs.frozen(kw_only=True)
class NarrativeInputs:
    """What the 说明 needs beyond the ledger and ``ledger.budgets``. Amounts in 元.

    Reasons (``reasons``) are free text keyed by place: ``"一"``, ``"四"``, ``"五（一）"``,
    ``"五（三）.<项 code>"``, ``"七.budget"``/``"七.prior"`` and the same with ``abroad``,
    ``vehicle``, ``reception`` (``"七.abroad.budget"`` …), ``"九"``. A missing reason prints
    ``missing_reason`` and is listed in :attr:`Narrative.warnings`. ``procurement``,
    ``vehicles``, ``equipment_over_1m`` and ``vehicles_held`` default to ``None`` (not supplied):
    the 说明 then says the data are missing or leaves the clause out, and warns, instead of
    printing 0.

    >>> NarrativeInputs(reasons={"一": "压减一般性支出"}).reasons["一"]
    '压减一般性支出'
    """

    reasons: dict[str, str] = attrs.field(factory=dict, converter=_dict_str)
    missing_reason: str = attrs.field(default="（原因未填写）", validator=_str("NarrativeInputs.missing_reason"))
    procurement: Procurement | None = attrs.field(
        default=None, validator=_opt_instance(Procurement, "NarrativeInputs.procurement"))
    vehicles: dict[str, int] | None = attrs.field(default=None, converter=_vehicles)
    equipment_over_1m: int | None = attrs.field(
        default=None, converter=_count("NarrativeInputs.equipment_over_1m", optional=True))
    abroad_groups: int = attrs.field(default=0, converter=_count("NarrativeInputs.abroad_groups"))
    abroad_people: int = attrs.field(default=0, converter=_count("NarrativeInputs.abroad_people"))
    trips: tuple[Trip, ...] = attrs.field(default=(), converter=_items(Trip, "NarrativeInputs.trips"))
    vehicles_renewed: int = attrs.field(default=0, converter=_count("NarrativeInputs.vehicles_renewed"))
    vehicles_held: int | None = attrs.field(
        default=None, converter=_count("NarrativeInputs.vehicles_held", optional=True))
    vehicle_running_use: str = attrs.field(default="燃油、维修、保险等",
                                           validator=_str("NarrativeInputs.vehicle_running_use"))
    reception_groups: int = attrs.field(default=0, converter=_count("NarrativeInputs.reception_groups"))
    reception_people: int = attrs.field(default=0, converter=_count("NarrativeInputs.reception_people"))
    reception_purpose: str = attrs.field(default="", validator=_str("NarrativeInputs.reception_purpose"))
    meeting: Activity | None = attrs.field(default=None, validator=_opt_instance(Activity, "NarrativeInputs.meeting"))
    training: Activity | None = attrs.field(default=None,
                                            validator=_opt_instance(Activity, "NarrativeInputs.training"))
    festival: Decimal | None = attrs.field(default=None, converter=_opt_yuan)
    performance_projects: dict[str, tuple[int, Decimal]] = attrs.field(factory=dict, converter=_performance_projects)
    performance_score: Decimal | None = attrs.field(default=None, converter=attrs.converters.optional(D))
    performance_grade: str = attrs.field(default="", validator=_str("NarrativeInputs.performance_grade"))
    performance_findings: str = attrs.field(default="", validator=_str("NarrativeInputs.performance_findings"))
    performance_application: str = attrs.field(default="",
                                               validator=_str("NarrativeInputs.performance_application"))
    funds_weight: Decimal | None = attrs.field(default=None, converter=attrs.converters.optional(D))
    funds_points: Decimal | None = attrs.field(default=None, converter=attrs.converters.optional(D))
    projects: tuple[PerformanceProject, ...] = attrs.field(
        default=(), converter=_items(PerformanceProject, "NarrativeInputs.projects"))
    staff_authorized: int | None = attrs.field(
        default=None, converter=_count("NarrativeInputs.staff_authorized", optional=True))
    staff_actual: int | None = attrs.field(default=None,
                                           converter=_count("NarrativeInputs.staff_actual", optional=True))
    attachment_rows: tuple[AttachmentRow, ...] = attrs.field(
        default=(), converter=_items(AttachmentRow, "NarrativeInputs.attachment_rows"))
    attachment_budget: dict[str, Decimal] = attrs.field(
        factory=dict, converter=_yuan_by_key("NarrativeInputs.attachment_budget"))
    attachment_prior: dict[str, Decimal] = attrs.field(
        factory=dict, converter=_yuan_by_key("NarrativeInputs.attachment_prior"))

    @classmethod
    def from_toml(cls, path: str | Path) -> NarrativeInputs:
        """Read inputs from a TOML file; amounts are strings in 万元 as printed (``"105.19"``).

        Tables: ``[reasons]``, ``[procurement]``, ``[vehicles]`` (category → count),
        ``[counts]``, ``[[trips]]``, ``[meeting]``, ``[training]``, ``[performance]`` (with
        ``[performance.projects]`` kind → {count, amount}), ``[[projects]]``, ``[staff]``,
        ``[[attachment_rows]]``, ``[attachment_budget]``, ``[attachment_prior]``. A float is refused.

        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "in.toml"
        >>> _ = p.write_text('[procurement]\\ngoods = "27.73"\\n[counts]\\nvehicles_held = 2\\n', encoding="utf-8")
        >>> i = NarrativeInputs.from_toml(p)
        >>> i.procurement.goods, i.vehicles_held
        (Decimal('277300.00'), 2)
        """
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except OSError as e:
            raise DataFileError(path, [(None, f"cannot open: {e.strerror}")]) from e
        except tomllib.TOMLDecodeError as e:
            raise DataFileError(path, [(None, str(e))]) from e
        try:
            return cls.from_mapping(data)
        except (GovBudgetError, TypeError, KeyError) as e:
            raise DataFileError(path, [(None, str(e))]) from e

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> NarrativeInputs:
        """Build inputs from a mapping shaped like the TOML file (amounts in 万元 as strings).

        >>> NarrativeInputs.from_mapping({"staff": {"authorized": 18, "actual": 16}}).staff_actual
        16
        >>> NarrativeInputs.from_mapping({"counts": {"abroad_groups": 1.5}})
        Traceback (most recent call last):
        ...
        govbudget.narrative.NarrativeError: NarrativeInputs.abroad_groups: expected a count (a whole number ≥ 0 such as 3), found float 1.5
        """
        if not isinstance(data, Mapping):
            raise NarrativeError(f"narrative inputs: expected a mapping shaped like the inputs file, "
                                 f"found {type(data).__name__}")
        try:
            return cls._from_mapping(data)
        except KeyError as e:
            raise NarrativeError(f"narrative inputs: missing key {e.args[0]!r}") from None
        except (TypeError, AttributeError) as e:  # a table where a value was expected, or the reverse
            raise NarrativeError(f"narrative inputs: a value of the wrong shape: {e}") from None

    @classmethod
    def _from_mapping(cls, data: Mapping[str, Any]) -> NarrativeInputs:
        def wan(v: Any) -> Decimal:
            return to_yuan(D(v))

        def opt_wan(v: Any) -> Decimal | None:
            return None if v is None or v == "" else wan(v)

        kw: dict[str, Any] = {"reasons": data.get("reasons", {})}
        if "missing_reason" in data:
            kw["missing_reason"] = str(data["missing_reason"])
        if "procurement" in data:
            kw["procurement"] = Procurement(**{k: wan(v) for k, v in data["procurement"].items()})
        if "vehicles" in data:
            kw["vehicles"] = data["vehicles"]
        for key, value in _mapping(data.get("counts"), "[counts]").items():
            if key not in _COUNT_FIELDS:
                raise NarrativeError(f"[counts]: unknown key {key!r}; expected one of {', '.join(_COUNT_FIELDS)}")
            kw[key] = value  # checked by the field's converter: a whole number ≥ 0
        kw["trips"] = tuple(Trip(name=t["name"], amount=wan(t["amount"]), purpose=t.get("purpose", ""))
                            for t in data.get("trips", ()))
        for key, value in _mapping(data.get("texts"), "[texts]").items():
            if key not in _TEXT_FIELDS:
                raise NarrativeError(f"[texts]: unknown key {key!r}; expected one of {', '.join(_TEXT_FIELDS)}")
            kw[key] = value
        for key in ("meeting", "training"):
            if key in data:
                a = data[key]
                kw[key] = Activity(purpose=a["purpose"], people=a["people"], content=a["content"])
        if "festival" in data:
            kw["festival"] = opt_wan(data["festival"])
        perf = data.get("performance", {})
        kw["performance_projects"] = {
            str(k): (v["count"], wan(v["amount"])) for k, v in perf.get("projects", {}).items()
        }
        for key in ("score", "grade", "findings", "application"):
            if key in perf:
                kw[f"performance_{key}"] = perf[key] if key != "grade" else str(perf[key])
        for key in ("funds_weight", "funds_points"):
            if key in perf:
                kw[key] = perf[key]
        kw["projects"] = tuple(
            PerformanceProject(name=p["name"], initial=wan(p.get("initial", "0")),
                               adjustment=wan(p.get("adjustment", "0")), actual=wan(p.get("actual", "0")))
            for p in data.get("projects", ())
        )
        staff = data.get("staff", {})
        kw["staff_authorized"] = staff.get("authorized")
        kw["staff_actual"] = staff.get("actual")
        kw["attachment_rows"] = tuple(
            AttachmentRow(label=r["label"], prior=opt_wan(r.get("prior")), budget=opt_wan(r.get("budget")),
                          actual=opt_wan(r.get("actual")))
            for r in data.get("attachment_rows", ())
        )
        kw["attachment_budget"] = {str(k): wan(v) for k, v in data.get("attachment_budget", {}).items()}
        kw["attachment_prior"] = {str(k): wan(v) for k, v in data.get("attachment_prior", {}).items()}
        return cls(**kw)


@attrs.frozen(kw_only=True)
class Narrative:
    """A generated 情况说明: sections, every printed figure, printed subject labels, warnings.

    >>> import govbudget as gb
    >>> led = gb.Ledger("某单位", 2024)
    >>> _ = led.spend("100", functional="2010450")
    >>> n = gb.build_narrative(led)
    >>> [s.id for s in n.sections][:3], n.number("三", "支出合计").text
    (['一', '二', '三'], '0.01万元')
    """

    title: str
    sections: tuple[Section, ...]
    numbers: tuple[NarrativeNumber, ...]
    terms: tuple[NarrativeTerm, ...] = ()
    warnings: tuple[str, ...] = ()
    zero_base: str = "omit"
    notes: tuple[str, ...] = ()

    def number(self, section: str, label: str) -> NarrativeNumber:
        """The figure printed at (section, label); :class:`KeyError` lists the labels of the section.

        >>> import govbudget as gb
        >>> gb.build_narrative(gb.Ledger("某单位", 2024)).number("一", "收支总计").value
        Decimal('0.00')
        """
        for n in self.numbers:
            if n.section == section and n.label == label:
                return n
        known = [n.label for n in self.numbers if n.section == section]
        raise KeyError(f"no figure {label!r} in section {section!r}; printed there: {known}")

    def term(self, section: str, label: str) -> NarrativeTerm:
        """The label printed at (section, label).

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("100", functional="2080502")
        >>> gb.build_narrative(led).term("五（三）", "2080502 科目").text
        '社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）'
        """
        for t in self.terms:
            if t.section == section and t.label == label:
                return t
        raise KeyError(f"no term {label!r} in section {section!r}")

    def to_markdown(self) -> str:
        """The 说明 as Markdown: a title, one ``##`` heading per section, then the footer notes
        (under ``zero_base="legacy_100"`` a line saying that the rates over a zero base are
        conventions).

        >>> import govbudget as gb
        >>> print(gb.build_narrative(gb.Ledger("某单位", 2024)).to_markdown().splitlines()[0])
        # 2024年度部门决算情况说明
        >>> gb.build_narrative(gb.Ledger("某单位", 2024), zero_base="legacy_100").to_markdown().splitlines()[-1]
        '注：本说明按“legacy_100”口径列示基数为0的比率：基数为0而本数不为0时记为100%，两者均为0时记为0%；这些数字不是实际算出的比率，共27处。'
        """
        out = [f"# {self.title}", ""]
        for s in self.sections:
            out += [f"## {s.heading}", "", s.text, ""]
        for note in self.notes:
            out += [note, ""]
        return "\n".join(out).rstrip() + "\n"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (Decimals as strings).

        >>> import govbudget as gb
        >>> gb.build_narrative(gb.Ledger("某单位", 2024)).to_dict()["numbers"][0]["label"]
        '收支总计'
        """
        return {
            "title": self.title,
            "zero_base": self.zero_base,
            "sections": [{"id": s.id, "heading": s.heading, "text": s.text} for s in self.sections],
            "numbers": [
                {"section": n.section, "label": n.label, "value": str(n.value), "unit": n.unit,
                 "text": n.text, "source": n.source, "note": n.note}
                for n in self.numbers
            ],
            "terms": [{"section": t.section, "label": t.label, "text": t.text} for t in self.terms],
            "warnings": list(self.warnings),
            "notes": list(self.notes),
        }


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


def _fill(template: str, values: Mapping[str, Any]) -> str:
    names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    missing = names - set(values)
    if missing:
        raise NarrativeError(f"template placeholders without a value: {sorted(missing)} in {template!r}")
    return template.format_map({k: values[k] for k in names})


# ---------------------------------------------------------------------------------------- builder
class _Writer:
    """Formats figures for the text and records each printed one."""

    def __init__(self, tpl: Mapping[str, Any], zero_base: str, inputs: NarrativeInputs) -> None:
        self.tpl = tpl
        self.words = tpl["words"]
        self.phrases = tpl["phrases"]
        self.unit = tpl["meta"].get("amount_unit", "万元")
        self.zero_base = zero_base
        self.inputs = inputs
        self.numbers: list[NarrativeNumber] = []
        self.terms: list[NarrativeTerm] = []
        self.warnings: list[str] = []

    def record(self, section: str, label: str, value: Decimal, unit: str, text: str, source: str = "",
               note: str = "") -> str:
        self.numbers.append(NarrativeNumber(section=section, label=label, value=value, unit=unit, text=text,
                                            source=source, note=note))
        return text

    def amount(self, section: str, label: str, yuan: Decimal, source: str = "", *, unit: bool = True) -> str:
        wan = to_wan(yuan)
        text = format_amount(wan, grouping=False) + (self.unit if unit else "")
        return self.record(section, label, wan, self.unit, text, source)

    def count(self, section: str, label: str, n: int, measure: str) -> str:
        return self.record(section, label, Decimal(n), measure, f"{n}{measure}")

    def plain(self, section: str, label: str, value: Decimal, unit: str = "") -> str:
        return self.record(section, label, D(value), unit, f"{value}{unit}")

    @staticmethod
    def _note(r: Rate) -> str:
        return f"base is 0: {r.zero_base} convention, not a quotient" if r.base_is_zero else ""

    def rate_only(self, section: str, label: str, r: Rate) -> str | None:
        """Record a bare rate and return its text, or ``None`` when the rate is not computed."""
        if r.value is None:
            return None
        return self.record(section, label, r.value, "%", r.text, note=self._note(r))

    def rate(self, section: str, label: str, r: Rate, phrase: str, base: str) -> str:
        if r.value is None:
            return _fill(self.phrases[f"{phrase}_without_rate"], {"base": base})
        text = r.text
        self.record(section, label, r.value, "%", text, note=self._note(r))
        return _fill(self.phrases[phrase], {"base": base, "rate": text})

    def share(self, section: str, label: str, part: Decimal, whole: Decimal, base: str) -> str:
        return self.rate(section, label, share(part, whole, zero_base=self.zero_base), "share", base)

    def completion(self, section: str, label: str, actual: Decimal, budget: Decimal, base: str) -> str:
        return self.rate(section, label, completion(actual, budget, zero_base=self.zero_base), "completion", base)

    def change(self, section: str, prefix: str, current: Decimal, prior: Decimal | None) -> str:
        """The 与上年相比 clause; records ``<prefix>与上年增减额`` (signed 万元) and the rate."""
        if prior is None:
            self.warnings.append(f"{section}: no prior-year figure for {prefix or '合计'}; the change is omitted")
            return "（上年数未提供）"
        r = change(current, prior, zero_base=self.zero_base, fall_word=self.words["fall"])
        delta = to_wan(r.delta)
        if delta.is_zero():
            return self.record(section, f"{prefix}与上年增减额", ZERO, self.unit, self.phrases["flat"])
        direction = self.words["increase"] if delta > 0 else self.words["decrease"]
        amount_text = f"{format_amount(abs(delta), grouping=False)}{self.unit}"
        self.record(section, f"{prefix}与上年增减额", delta, self.unit, f"{direction}{amount_text}")
        if r.value is None:
            return _fill(self.phrases["change_without_rate"], {"direction": direction, "amount": amount_text})
        trend = self.words["grow"] if r.value > 0 else self.words["fall"]
        rate_text = format_amount(abs(r.value), grouping=False) + "%"
        self.record(section, f"{prefix}与上年增减率", r.value, "%", f"{trend}{rate_text}", note=self._note(r))
        return _fill(self.phrases["change"], {"direction": direction, "amount": amount_text, "trend": trend,
                                              "rate": rate_text})

    def comparison(self, actual: Decimal, budget: Decimal) -> str:
        return self.words["greater"] if actual > budget else self.words["less"] if actual < budget \
            else self.words["equal"]

    def reason(self, key: str) -> str:
        text = self.inputs.reasons.get(key)
        if not text:
            self.warnings.append(f"no reason given for {key!r}")
            text = self.inputs.missing_reason
        return _fill(self.phrases["reason"], {"reason": text})


def _derived(ledger: Ledger, rs: RuleSet, zero_base: str, inputs: NarrativeInputs) -> dict[str, Any]:
    """人员/公用经费, 机关运行经费, 三公, 一般性支出 and 政府采购 by the rule set (govbudget.rules).

    政府采购 is ``None`` when no :class:`~govbudget.rules.Procurement` was supplied (in the inputs
    or in ``ledger.extras``): the rule would raise :class:`~govbudget.rules.MissingInputError`.
    """
    from ..rules import MissingInputError

    given: dict[str, Any] = {}
    if inputs.procurement is not None:
        given["procurement"] = inputs.procurement
    if inputs.festival is not None:
        given["festivals"] = inputs.festival
    out: dict[str, Any] = {rid: rs.compute(ledger, rid, inputs=given, zero_base=zero_base)
                           for rid in ("personnel", "public", "organ_costs", "three_public", "general_spending")}
    try:
        out["procurement"] = rs.compute(ledger, "procurement", inputs=given, zero_base=zero_base)
    except MissingInputError:
        out["procurement"] = None
    # the rule's part ≤ whole checks (X15: 中小企业 ≤ 总额 per type and overall, 小微 ≤ 中小企业)
    out["procurement_findings"] = [] if out["procurement"] is None else rs.check(ledger, "procurement", inputs=given)
    return out


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
    '1. 卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）。年初预算0.00万元，决算7.20万元，年初预算为0，不计算完成率；决算数大于年初预算数，主要原因是（原因未填写）。'
    >>> gb.build_narrative(led, zero_base="legacy_100").number("五（三）", "2101101 完成年初预算").text
    '100.00%'
    """
    if zero_base not in ZERO_BASE_POLICIES:
        raise NarrativeError(f"zero_base must be one of {ZERO_BASE_POLICIES}; found {zero_base!r}")
    from ..rules import ruleset

    if not isinstance(ledger, Ledger):
        raise NarrativeError(f"build_narrative needs a Ledger, found {type(ledger).__name__}")
    name, table_template = _resolve_template(template, ledger.year)
    tpl = sentence_templates(name)
    inputs = _inputs(inputs)
    if rules is not None:
        rs = ruleset(rules)
    elif table_template is not None:
        rs = table_template.ruleset()
    else:
        rs = _default_rules(tpl)
    w = _Writer(tpl, zero_base, inputs)
    year = ledger.year
    if year != int(tpl["meta"]["year"]):
        w.warnings.append(f"the ledger is for {year} but the sentence templates {name} are for {tpl['meta']['year']}")
    if year != rs.year:
        w.warnings.append(f"the ledger is for {year} but rule set {rs.template} {rs.year} defines the derived "
                          f"figures (人员/公用经费, 三公, 机关运行经费) of {rs.year}")
    sec = tpl["sections"]
    sep = tpl["meta"]["list_separator"]
    out: list[Section] = []

    def fill(t: str, **values: Any) -> str:
        return _fill(t, {"Y": year, **values})

    def section(sid: str, text: str) -> None:
        out.append(Section(id=sid, heading=fill(sec[sid]["heading"]), text=text))

    def missing(where: str, what: str, how: str = "the clause is left out") -> None:
        w.warnings.append(f"{where}: {what} not supplied; {how}")

    budgets = ledger.budgets
    prior = budgets.prior

    # totals used throughout
    income_total = sum((ledger.income_total(fund=f) for f in Fund if f is not Fund.NONFISCAL_BALANCE), ZERO)
    nonfiscal_used = ledger.income_total(fund=Fund.NONFISCAL_BALANCE)
    grand_total = income_total + nonfiscal_used + ledger.balances.opening_total()
    spending = ledger.total()
    fiscal_total = ledger.income_total(fund=_FISCAL) + ledger.balances.opening_total(fiscal_only=True)
    general = ledger.total(fund=Fund.GENERAL)
    basic = ledger.total(fund=Fund.GENERAL, spend_type=SpendType.BASIC)
    project = ledger.total(fund=Fund.GENERAL, spend_type=SpendType.PROJECT)

    # 一
    s = "一"
    section(s, fill(sec[s]["text"], total=w.amount(s, "收支总计", grand_total, "公开01 行次30 栏次1"),
                    change=w.change(s, "", grand_total, prior.get("total")), reason=w.reason(s)))
    # 二
    s = "二"
    parts = []
    for name, funds in _INCOME_PARTS:
        amount = ledger.income_total(fund=funds)
        parts.append(fill(sec[s]["part"], name=name, amount=w.amount(s, name, amount),
                          share=w.share(s, f"{name}占比", amount, income_total, "收入合计")))
    section(s, fill(sec[s]["text"], income=w.amount(s, "收入合计", income_total, "公开01 行次27 栏次1"),
                    parts=tpl["meta"]["clause_separator"].join(parts)))
    # 三
    s = "三"
    parts = []
    for st in SpendType:
        amount = ledger.total(spend_type=st)
        parts.append(fill(sec[s]["part"], name=st.value, amount=w.amount(s, st.value, amount),
                          share=w.share(s, f"{st.value}占比", amount, spending, "支出合计")))
    section(s, fill(sec[s]["text"], spending=w.amount(s, "支出合计", spending, "公开01 行次57 栏次2"),
                    parts=tpl["meta"]["clause_separator"].join(parts)))
    # 四
    s = "四"
    section(s, fill(sec[s]["text"], total=w.amount(s, "财政拨款收支总计", fiscal_total, "公开04 行次32 栏次1"),
                    change=w.change(s, "", fiscal_total, prior.get("fiscal_total")), reason=w.reason(s)))
    # 五
    s5 = sec["五"]
    lines = [s5["overall_heading"]]
    s = "五（一）"
    lines.append(fill(s5["overall"], general=w.amount(s, "一般公共预算财政拨款支出", general, "公开05 合计 栏次1"),
                      share=w.share(s, "占本年支出合计", general, spending, "本年支出合计"),
                      change=w.change(s, "", general, prior.get("general")), reason=w.reason(s)))
    lines.append(s5["structure_heading"])
    s = "五（二）"
    general_posts = ledger.select(fund=Fund.GENERAL)
    classes = sorted({ledger.chain(p.functional)[-1] for p in general_posts if p.functional})
    parts = []
    for code in classes:
        amount = ledger.total(functional=code, fund=Fund.GENERAL)
        name = ledger.name_of(code, scheme="functional") or code
        parts.append(fill(s5["structure_part"], name=name, amount=w.amount(s, name, amount, f"公开05 {code} 栏次1"),
                          share=w.share(s, f"{name}占比", amount, general, "一般公共预算财政拨款支出")))
    if parts:
        lines.append(fill(s5["structure"],
                          general=w.amount(s, "一般公共预算财政拨款支出", general, "公开05 合计 栏次1"),
                          parts=tpl["meta"]["clause_separator"].join(parts)))
    else:
        lines.append(fill(s5["structure_none"]))
    lines.append(s5["detail_heading"])
    s = "五（三）"
    initial_total = budgets.initial_total if budgets.initial_total is not None else budgets.initial_sum()
    items = sorted({p.functional for p in general_posts if p.functional} | set(budgets.initial))
    lines.append(fill(s5["detail"], budget=w.amount(s, "年初预算", initial_total),
                      general=w.amount(s, "支出决算", general, "公开05 合计 栏次1"),
                      completion=w.completion(s, "完成年初预算", general, initial_total, "年初预算"),
                      items_intro=s5["items_intro"] if items else ""))
    for n, code in enumerate(items, start=1):
        subject = "".join(
            f"{ledger.name_of(c, scheme='functional') or c}（{lvl}）"
            for c, lvl in zip(reversed(ledger.chain(code)), ("类", "款", "项"), strict=False)
        )
        w.terms.append(NarrativeTerm(section=s, label=f"{code} 科目", text=subject))
        actual = ledger.total(functional=code, fund=Fund.GENERAL)
        budget = budgets.initial.get(code, ZERO)
        if code not in budgets.initial:
            w.warnings.append(f"五（三）: no 年初预算 for {code}; 0 is used")
        values = dict(n=n, subject=subject, budget=w.amount(s, f"{code} 年初预算", budget),
                      actual=w.amount(s, f"{code} 支出决算", actual, f"公开05 {code} 栏次1"),
                      completion=w.completion(s, f"{code} 完成年初预算", actual, budget, "年初预算"))
        if actual == budget:
            lines.append(fill(s5["item_equal"], **values))
        else:
            lines.append(fill(s5["item"], comparison=w.comparison(actual, budget),
                              reason=w.reason(f"五（三）.{code}"), **values))
    section("五", "\n\n".join(lines))

    # 六: the class lists are the personnel / public rules' economic codes; the 款 named are the
    # non-zero ones among the postings each rule counted, in code order
    s = "六"
    figures = _derived(ledger, rs, zero_base, inputs)
    personnel = figures["personnel"].value or ZERO
    public = figures["public"].value or ZERO

    def names(fig: Any) -> str:
        sums: dict[str, Decimal] = {}
        for p in fig.postings:
            if p.economic and len(p.economic) == 5:
                sums[p.economic] = sums.get(p.economic, ZERO) + p.amount
        listed = sep.join(ledger.name_of(c, scheme="economic") or c for c in sorted(sums) if sums[c])
        return fill(sec[s]["items"], names=listed) if listed else ""

    section(s, fill(sec[s]["text"], basic=w.amount(s, "基本支出", basic, "公开05 合计 栏次2"),
                    personnel=w.amount(s, "人员经费", personnel, "公开06 人员经费合计 栏次1"),
                    personnel_share=w.share(s, "人员经费占比", personnel, basic, "基本支出"),
                    personnel_items=names(figures["personnel"]),
                    public=w.amount(s, "公用经费", public, "公开06 公用经费合计 栏次1"),
                    public_share=w.share(s, "公用经费占比", public, basic, "基本支出"),
                    public_items=names(figures["public"])))

    # 七: every figure is the three_public rule's (the one 公开09 prints)
    s7 = sec["七"]
    tp = figures["three_public"]
    w.warnings.extend(f"七: {n}" for n in tp.notes if n.startswith(BUDGET_MISMATCH))
    act: dict[str, Decimal] = {k: c.value for k, c in tp.components.items()}
    act["total"] = tp.value or ZERO
    stated: dict[str, Decimal | None] = {k: c.budget for k, c in tp.components.items()}
    stated["total"] = tp.budget
    if tp.budget is None:
        w.warnings.append(f"七: no “三公” budget stated (Budgets.{rs['three_public'].budget}); 0 is printed, "
                          "as 公开09 leaves the 预算数 blank")
    bud = {k: ZERO if v is None else v for k, v in stated.items()}
    # prior-year figures: the keys of PRIOR_KEYS ("abroad", …), else the rule's ("three_public.abroad", …)
    pri: dict[str, Decimal | None] = {k: prior.get(k, c.prior) for k, c in tp.components.items()}
    if "vehicle" not in prior and (pri["vehicle_purchase"] is not None or pri["vehicle_running"] is not None):
        pri["vehicle"] = (pri["vehicle_purchase"] or ZERO) + (pri["vehicle_running"] or ZERO)
    pri["total"] = tp.prior

    column = {"total": 1, "abroad": 2, "vehicle": 3, "vehicle_purchase": 4, "vehicle_running": 5, "reception": 6}

    def block(section_id: str, prefix: str, key: str) -> dict[str, str]:
        where = "公开09 行次1 栏次{}"
        return dict(budget=w.amount(section_id, f"{prefix}预算", bud[key], where.format(column[key])),
                    actual=w.amount(section_id, f"{prefix}决算", act[key], where.format(column[key] + 6)),
                    completion=w.completion(section_id, f"{prefix}完成预算", act[key], bud[key], "预算"),
                    change=w.change(section_id, prefix, act[key], pri[key]),
                    comparison=w.comparison(act[key], bud[key]))

    lines = [s7["overall_heading"]]
    s = "七（一）"
    lines.append(fill(s7["overall"], **block(s, "“三公”经费", "total"),
                      budget_reason=w.reason("七.budget"), prior_reason=w.reason("七.prior")))
    lines.append(s7["detail_heading"])
    s = "七（二）"
    trips = "".join(
        "；" + fill(s7["trip"], name=t.name, amount=w.amount(s, f"出国团组{i} 支出", t.amount), purpose=t.purpose)
        for i, t in enumerate(inputs.trips, start=1)
    )
    lines.append(fill(s7["abroad"], **block(s, "因公出国（境）费", "abroad"),
                      budget_reason=w.reason("七.abroad.budget"), prior_reason=w.reason("七.abroad.prior"),
                      groups=w.count(s, "出国团组", inputs.abroad_groups, "个"),
                      people=w.count(s, "出国人次", inputs.abroad_people, "人次"), trips=trips))
    vb = block(s, "公务用车购置及运行维护费", "vehicle")
    pb = block(s, "公务用车购置费", "vehicle_purchase")
    rb = block(s, "公务用车运行维护费", "vehicle_running")
    if inputs.vehicles_held is None:
        missing("七（二）", "vehicles_held (公务用车保有量)")
        held = ""
    else:
        held = fill(s7["held"], held=w.count(s, "公务用车保有量", inputs.vehicles_held, "辆"))
    lines.append(fill(s7["vehicle"], **vb,
                      purchase_budget=pb["budget"], purchase_actual=pb["actual"],
                      purchase_completion=pb["completion"], purchase_change=pb["change"],
                      renewed=w.count(s, "更新公务用车", inputs.vehicles_renewed, "辆"),
                      running_budget=rb["budget"], running_actual=rb["actual"],
                      running_completion=rb["completion"], running_change=rb["change"],
                      running_use=inputs.vehicle_running_use,
                      budget_reason=w.reason("七.vehicle.budget"), prior_reason=w.reason("七.vehicle.prior"),
                      held=held))
    purpose = fill(s7["reception_purpose"], purpose=inputs.reception_purpose) if inputs.reception_purpose else ""
    lines.append(fill(s7["reception"], **block(s, "公务接待费", "reception"),
                      budget_reason=w.reason("七.reception.budget"), prior_reason=w.reason("七.reception.prior"),
                      groups=w.count(s, "接待团组", inputs.reception_groups, "个"),
                      people=w.count(s, "接待人次", inputs.reception_people, "人次"), purpose=purpose))
    section("七", "\n\n".join(lines))

    # 八
    s = "八"
    gf_in = ledger.income_total(fund=Fund.GOV_FUND)
    gf_out = ledger.total(fund=Fund.GOV_FUND)
    gf_open = ledger.balances.opening.get(Fund.GOV_FUND, ZERO)
    if not (gf_in or gf_out or gf_open):
        section(s, fill(sec[s]["none"]))
    else:
        opening = ("" if gf_open.is_zero() else
                   fill(sec[s]["opening"], amount=w.amount(s, "政府性基金年初结转和结余", gf_open, "公开07 合计 栏次1")))
        section(s, fill(sec[s]["text"], opening=opening,
                        income=w.amount(s, "政府性基金收入", gf_in, "公开07 合计 栏次2"),
                        spending=w.amount(s, "政府性基金支出", gf_out, "公开07 合计 栏次3"),
                        closing=w.amount(s, "政府性基金年末结转和结余", ledger.closing(Fund.GOV_FUND),
                                         "公开07 合计 栏次6")))

    # 九
    s = "九"
    organ = figures["organ_costs"]
    text = sec[s]["definition"]
    if not organ.applicable or organ.value is None:
        kinds = "、".join(dict.fromkeys(u.kind.value for u in (ledger.unit, *ledger.units.values())))
        text += fill(sec[s]["not_applicable"], kind=kinds)
    else:
        text += fill(sec[s]["text"], amount=w.amount(s, "机关运行经费", organ.value),
                     change=w.change(s, "", organ.value, prior.get("operating_costs")), reason=w.reason(s))
    section(s, text)

    # 十
    s = "十"

    def detail(a: Activity | None, label: str) -> str:
        if a is None:
            return ""
        return fill(sec[s]["detail"], purpose=a.purpose, people=w.count(s, f"{label}人数", a.people, "人"),
                    content=a.content)

    gs = figures["general_spending"].components
    festival_amount = gs["festivals"].value
    festival = (fill(sec[s]["festival_none"]) if festival_amount.is_zero()
                else fill(sec[s]["festival"], amount=w.amount(s, "节庆论坛赛事", festival_amount)))
    section(s, fill(sec[s]["text"], meeting=w.amount(s, "会议费", gs["meetings"].value, "公开06 30215 栏次1"),
                    meeting_detail=detail(inputs.meeting, "会议"),
                    training=w.amount(s, "培训费", gs["training"].value, "公开06 30216 栏次1"),
                    training_detail=detail(inputs.training, "培训"), festival=festival))

    # 十一: the procurement rule's figures and shares (its share_of decides each denominator)
    s = "十一"
    pf = figures["procurement"]
    procurement_total: Decimal | None = None
    if pf is None:
        missing("十一", "政府采购 (NarrativeInputs.procurement or ledger.extras['procurement'])")
        section(s, fill(sec[s]["missing"]))  # says that the data are missing
    elif pf.value is None or pf.value.is_zero():
        procurement_total = ZERO
        w.amount(s, "政府采购支出总额", ZERO)
        section(s, fill(sec[s]["none"]))
    else:
        procurement_total = pf.value
        pc = pf.components
        w.warnings.extend(f"十一: {f.rule} {f.message}" for f in figures["procurement_findings"] if not f.ok)
        rule = rs["procurement"]

        def base_name(cid: str) -> str:
            ref = rule.component(cid).share_of
            return f"{pf.name}总额" if ref == "total" else rule.component(ref or cid).name

        def shared(label: str, cid: str) -> str:
            r = pc[cid].share
            if r is None:
                raise NarrativeError(f"rule 'procurement' component {cid!r} has no share_of; 说明十一 prints its share")
            return w.rate(s, label, r, "share", base_name(cid))

        type_parts = []
        for cid, label, name in (("sme_goods", "货物中小企业占比", "货物采购"), ("sme_works", "工程中小企业占比", "工程采购"),
                                 ("sme_services", "服务中小企业占比", "服务采购")):
            r = pc[cid].share
            if r is not None and r.value is not None:
                type_parts.append(fill(sec[s]["type_part"], name=name, share=shared(label, cid)))
        by_type = fill(sec[s]["by_type"], parts=tpl["meta"]["clause_separator"].join(type_parts)) if type_parts else ""
        section(s, fill(sec[s]["text"], total=w.amount(s, "政府采购支出总额", pf.value),
                        goods=w.amount(s, "货物", pc["goods"].value), works=w.amount(s, "工程", pc["works"].value),
                        services=w.amount(s, "服务", pc["services"].value),
                        sme=w.amount(s, "授予中小企业合同金额", pc["sme"].value),
                        sme_share=shared("中小企业占比", "sme"),
                        small=w.amount(s, "授予小微企业合同金额", pc["small_micro"].value),
                        small_share=shared("小微企业占比", "small_micro"), by_type=by_type))

    # 十二
    s = "十二"
    if inputs.equipment_over_1m is None:
        missing("十二", "equipment_over_1m (单位价值100万元以上设备)")
        equipment = ""
    else:
        equipment = fill(sec[s]["equipment"], count=w.count(s, "100万元以上设备", inputs.equipment_over_1m, "台（套）"))
    if inputs.vehicles is None:
        missing("十二", "vehicles (车辆 by category)")
        section(s, fill(sec[s]["vehicles_missing"], equipment=equipment))
    else:
        unknown = set(inputs.vehicles) - set(VEHICLE_CATEGORIES)
        if unknown:
            raise NarrativeError(f"说明十二: unknown vehicle categories {sorted(unknown)}; expected {VEHICLE_CATEGORIES}")
        cats = [fill(sec[s]["category"], name=c, count=w.count(s, c, inputs.vehicles.get(c, 0), "辆"))
                for c in VEHICLE_CATEGORIES]
        section(s, fill(sec[s]["text"], vehicles=w.count(s, "车辆", sum(inputs.vehicles.values()), "辆"),
                        categories=sep.join(cats), equipment=equipment))

    # 十三
    s = "十三"
    bases = {"一般公共预算": ledger.total(fund=Fund.GENERAL), "政府性基金预算": ledger.total(fund=Fund.GOV_FUND),
             "国有资本经营预算": ledger.total(fund=Fund.STATE_CAPITAL), "社会保险基金预算": ZERO}
    pp = inputs.performance_projects
    parts = []
    for name, base in bases.items():
        count, amount = pp.get(name, (0, ZERO))
        parts.append(fill(sec[s]["work_part"], name=name, count=w.count(s, f"{name}项目数", count, "个"),
                          amount=w.amount(s, f"{name}项目资金", amount),
                          share=w.share(s, f"{name}项目资金占比", amount, base, f"{name}支出总额")))
    n_projects = sum(c for c, _ in pp.values())
    p_amount = sum((a for _, a in pp.values()), ZERO)
    work = fill(sec[s]["work"], projects=w.count(s, "自评项目数", n_projects, "个"),
                amount=w.amount(s, "自评资金", p_amount), parts=tpl["meta"]["clause_separator"].join(parts))
    if budgets.adjusted_total is None:
        w.warnings.append("十三: no 全年预算数 (Budgets.adjusted_total); 0 is printed")
    adjusted = budgets.adjusted_total if budgets.adjusted_total is not None else ZERO
    if inputs.performance_score is None:
        missing("十三", "performance score (自评得分)")
    if not inputs.performance_grade:
        missing("十三", "performance grade (评价等级)")
    score = ("" if inputs.performance_score is None
             else fill(sec[s]["score"], score=w.plain(s, "自评得分", inputs.performance_score, "分")))
    grade = fill(sec[s]["grade"], grade=inputs.performance_grade) if inputs.performance_grade else ""
    result = fill(sec[s]["result"], budget=w.amount(s, "全年预算数", adjusted),
                  actual=w.amount(s, "执行数", spending, "公开01 行次57 栏次2"),
                  completion=w.completion(s, "完成预算", spending, adjusted, "预算"),
                  score=score, grade=grade, findings=inputs.performance_findings)
    application = inputs.performance_application
    if not application:
        missing("十三", "performance_application (评价结果应用情况)", "a placeholder is printed")
        application = w.phrases["missing_text"]
    use = fill(sec[s]["use"], application=application)
    section(s, "\n\n".join([work, result, use]))

    # 附件: the financial figures of the 绩效自评, from the same ledger
    s = "附件"
    sa = sec[s]
    lines = [fill(sa["basic"], basic=w.amount(s, "基本支出", basic, "公开05 合计 栏次2"),
                  personnel=w.amount(s, "人员经费", personnel, "公开06 人员经费合计 栏次1"),
                  public=w.amount(s, "公用经费", public, "公开06 公用经费合计 栏次1")),
             fill(sa["project"], project=w.amount(s, "项目支出", project, "公开05 合计 栏次3"))]
    for p in inputs.projects:
        lines.append(fill(sa["project_item"], name=p.name, budget=w.amount(s, f"{p.name} 预算", p.budget),
                          initial=w.amount(s, f"{p.name} 年初预算", p.initial),
                          adjustment=w.amount(s, f"{p.name} 年中调整", p.adjustment),
                          actual=w.amount(s, f"{p.name} 实际支出", p.actual),
                          balance=w.amount(s, f"{p.name} 结余结转", p.balance)))
    section(s, "\n\n".join(lines))

    # 附件1: 基础数据表
    s = "附件1"
    sa = sec[s]
    lines = []
    if inputs.staff_authorized is not None and inputs.staff_actual is not None:
        rate = w.rate_only(s, "控制率", share(inputs.staff_actual, inputs.staff_authorized, zero_base=zero_base))
        lines.append(fill(sa["staff"], authorized=w.count(s, "编制数", inputs.staff_authorized, "人"),
                          actual=w.count(s, "实际在职人数", inputs.staff_actual, "人"),
                          rate="" if rate is None else fill(sa["staff_rate"], rate=rate)))
    cols = sa["columns"]
    table = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]  # amounts in 万元
    ab, ap = inputs.attachment_budget, inputs.attachment_prior

    def row(label: str, p: Decimal | None, b: Decimal | None, a: Decimal | None, source: str = "",
            budget_source: str = "") -> None:
        cells = []
        for col, v in zip(("上年决算数", "本年预算数", "本年决算数"), (p, b, a), strict=True):
            where = {"本年决算数": source, "本年预算数": budget_source}.get(col, "")
            cells.append("/" if v is None else w.amount(s, f"{label} {col}", v, where, unit=False))
        table.append(f"| {label} | " + " | ".join(cells) + " |")

    seven = "说明七（一）：“三公”经费预算", "说明七（二）：{}预算"
    # a 三公 budget that was not stated prints "/" here (说明七 prints it as 0, like the blank 公开09 cell)
    row("三公经费", pri["total"], stated["total"], act["total"], "公开09 行次1 栏次7", seven[0])
    for label, key, col, name in (("公务用车购置和维护经费", "vehicle", 9, "公务用车购置及运行维护费"),
                                  ("公车购置", "vehicle_purchase", 10, "公务用车购置费"),
                                  ("公车运行维护", "vehicle_running", 11, "公务用车运行维护费"),
                                  ("出国经费", "abroad", 8, "因公出国（境）费"),
                                  ("公务接待", "reception", 12, "公务接待费")):
        row(label, pri[key], stated[key], act[key], f"公开09 行次1 栏次{col}", seven[1].format(name))
    row("项目支出", ap.get("项目支出"), ab.get("项目支出"), project, "公开05 合计 栏次3")
    row("公用经费", ap.get("公用经费"), ab.get("公用经费"), public, "公开06 公用经费合计 栏次1")
    row("政府采购金额", ap.get("政府采购金额"), ab.get("政府采购金额"), procurement_total,
        "" if procurement_total is None else "说明十一：政府采购支出总额")
    for extra in inputs.attachment_rows:
        row(extra.label, extra.prior, extra.budget, extra.actual)
    lines.append("\n".join(table))
    section(s, "\n\n".join(lines))

    # 附件2: 自评表 (资金部分)
    s = "附件2"
    sa = sec[s]
    rate = w.rate_only(s, "执行率", completion(spending, adjusted, zero_base=zero_base))
    if inputs.funds_weight is not None and inputs.funds_points is not None:
        weight = fill(sa["weight"], weight=w.plain(s, "分值", inputs.funds_weight, "分"),
                      points=w.plain(s, "得分", inputs.funds_points, "分"))
    else:
        missing("附件2", "funds_weight / funds_points (分值、得分)")
        weight = ""
    section(s, fill(sa["text"], initial=w.amount(s, "年初预算数", initial_total),
                    adjusted=w.amount(s, "全年预算数", adjusted),
                    actual=w.amount(s, "全年执行数", spending, "公开01 行次57 栏次2"),
                    rate="" if rate is None else fill(sa["rate"], rate=rate), weight=weight,
                    general=w.amount(s, "一般公共预算", general, "公开05 合计 栏次1"),
                    basic=w.amount(s, "基本支出", basic, "公开05 合计 栏次2"),
                    project=w.amount(s, "项目支出", project, "公开05 合计 栏次3"),
                    score="" if inputs.performance_score is None
                    else fill(sa["score"], score=w.plain(s, "总分", inputs.performance_score, "分"))))

    notes: list[str] = []
    if zero_base == "legacy_100":
        count = sum(1 for n in w.numbers if n.note)
        notes.append(fill(tpl["footer"]["legacy_100"], count=count))
    return Narrative(title=fill(tpl["meta"]["title"]), sections=tuple(out), numbers=tuple(w.numbers),
                     terms=tuple(w.terms), warnings=tuple(w.warnings), zero_base=zero_base, notes=tuple(notes))
