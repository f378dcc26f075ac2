"""The records of the 说明: inputs, printed figures and terms, sections, the result, the error.

They live here so that the section writers can use them without importing the package that
imports the writers; :mod:`govbudget.narrative` re-exports every public one.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ..errors import DataFileError, GovBudgetError
from ..money import ZERO, D, to_yuan
from ..rules import Procurement

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

    >>> import govbudget as gb
    >>> NarrativeNumber(section="一", label="收支总计", value=gb.D("519.63"), unit="万元", text="519.63万元")
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

    >>> import govbudget as gb
    >>> Trip(name="赴欧洲交流", amount=gb.D("69000"), purpose="考察城市规划").amount
    Decimal('69000')
    """

    name: str
    amount: Decimal = attrs.field(converter=D)
    purpose: str


@attrs.frozen(kw_only=True)
class PerformanceProject:
    """A project of the 绩效自评 (元): budget = initial + adjustment; balance = budget − actual.

    >>> import govbudget as gb
    >>> p = PerformanceProject(name="工作经费", initial=gb.D("2070000"), adjustment=gb.D("12000"), actual=gb.D("1289300"))
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

    >>> import govbudget as gb
    >>> AttachmentRow(label="政府采购金额", prior=gb.D("1352400")).budget is None
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
    ``missing_reason`` and is listed in :attr:`Narrative.warnings`. Every input that can be
    absent defaults to ``None`` (not supplied), which is distinct from 0: ``procurement``,
    ``vehicles``, ``equipment_over_1m``, ``vehicles_held``, the 说明七 counts (``abroad_groups``,
    ``abroad_people``, ``vehicles_renewed``, ``reception_groups``, ``reception_people``),
    ``vehicle_running_use`` and ``festival``. The 说明 then prints a placeholder (【待填：…】),
    says the data are missing or leaves the clause out, and warns, instead of printing 0.

    >>> NarrativeInputs(reasons={"一": "压减一般性支出"}).reasons["一"]
    '压减一般性支出'
    """

    reasons: dict[str, str] = attrs.field(factory=dict, converter=_dict_str)
    missing_reason: str = attrs.field(default="", validator=_str("NarrativeInputs.missing_reason"))
    procurement: Procurement | None = attrs.field(
        default=None, validator=_opt_instance(Procurement, "NarrativeInputs.procurement"))
    vehicles: dict[str, int] | None = attrs.field(default=None, converter=_vehicles)
    equipment_over_1m: int | None = attrs.field(
        default=None, converter=_count("NarrativeInputs.equipment_over_1m", optional=True))
    abroad_groups: int | None = attrs.field(default=None, converter=_count("NarrativeInputs.abroad_groups", optional=True))
    abroad_people: int | None = attrs.field(default=None, converter=_count("NarrativeInputs.abroad_people", optional=True))
    trips: tuple[Trip, ...] = attrs.field(default=(), converter=_items(Trip, "NarrativeInputs.trips"))
    vehicles_renewed: int | None = attrs.field(default=None, converter=_count("NarrativeInputs.vehicles_renewed", optional=True))
    vehicles_held: int | None = attrs.field(
        default=None, converter=_count("NarrativeInputs.vehicles_held", optional=True))
    vehicle_running_use: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(_str("NarrativeInputs.vehicle_running_use")))
    reception_groups: int | None = attrs.field(default=None, converter=_count("NarrativeInputs.reception_groups", optional=True))
    reception_people: int | None = attrs.field(default=None, converter=_count("NarrativeInputs.reception_people", optional=True))
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
        '注：本说明按“legacy_100”口径列示基数为0的比率：基数为0而本数不为0时记为100%，两者均为0时记为0%；这些数字不是实际算出的比率，共18处。'
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
