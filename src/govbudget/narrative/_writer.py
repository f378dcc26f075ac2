"""Formatting the figures of the 说明: each printed figure is recorded, a figure whose inputs were
not supplied is a visible placeholder (【待填：…】), and warnings are kept one line per kind."""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from ..money import ZERO, D, format_amount, to_wan
from ..rates import Rate, change, completion, share
from ._model import NarrativeError, NarrativeNumber


def fill(template: str, values: Mapping[str, Any]) -> str:
    """``template`` with its ``{name}`` placeholders filled; a placeholder without a value is an error."""
    names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    missing = names - set(values)
    if missing:
        raise NarrativeError(f"template placeholders without a value: {sorted(missing)} in {template!r}")
    return template.format_map({k: values[k] for k in names})


class Warnings:
    """Warnings grouped by kind: one line per kind, the places it occurred and their count."""

    def __init__(self) -> None:
        self._places: dict[str, list[str]] = {}

    def add(self, kind: str, place: str = "") -> None:
        self._places.setdefault(kind, []).append(place)

    def lines(self) -> tuple[str, ...]:
        """``"<place>: <kind>"`` for a kind met once, ``"<kind> (<n>×: a, b, …)"`` otherwise (each place once)."""
        out = []
        for kind, places in self._places.items():
            named = [p for p in dict.fromkeys(places) if p]
            if len(places) == 1:
                out.append(f"{named[0]}: {kind}" if named else kind)
            else:
                out.append(f"{kind} ({len(places)}×: {', '.join(named)})" if named else f"{kind} ({len(places)}×)")
        return tuple(out)


#: how the 说明七 reasons keys read as places
_THREE_PUBLIC_ITEMS = {"abroad": "因公出国（境）费", "vehicle": "公务用车购置及运行维护费", "reception": "公务接待费"}
_SIDES = {"budget": "决算数与预算数", "prior": "与上年相比"}


class Writer:
    """Formats figures for the text and records each printed one (as a ``NarrativeNumber``)."""

    def __init__(self, tpl: Mapping[str, Any], zero_base: str, reasons: Mapping[str, str],
                 missing_reason: str | None) -> None:
        self.words = tpl["words"]
        self.phrases = tpl["phrases"]
        self.unit = tpl["meta"].get("amount_unit", "万元")
        self.zero_base = zero_base
        self.reasons = reasons
        self.missing_reason = missing_reason
        self.numbers: list[NarrativeNumber] = []
        self.terms: list[Any] = []
        self.warnings = Warnings()
        self.code_name: Callable[[str], str | None] | None = None

    # -------------------------------------------------------------------------------- records
    def record(self, section: str, label: str, value: Decimal, unit: str, text: str, source: str = "",
               note: str = "") -> str:
        self.numbers.append(NarrativeNumber(section=section, label=label, value=value, unit=unit, text=text,
                                            source=source, note=note))
        return text

    def placeholder(self, what: str) -> str:
        """The visible stand-in for a figure or text that was not supplied: 【待填：<what>】."""
        return fill(self.phrases["placeholder"], {"what": what})

    def amount(self, section: str, label: str, yuan: Decimal | None, source: str = "", *, unit: bool = True,
               missing: str = "") -> str:
        """The amount in 万元 (2 decimals, half-up); ``None`` prints the placeholder for ``missing``."""
        if yuan is None:
            return self.placeholder(missing or label)
        wan = to_wan(yuan)
        text = format_amount(wan, grouping=False) + (self.unit if unit else "")
        return self.record(section, label, wan, self.unit, text, source)

    def count(self, section: str, label: str, n: int | None, measure: str, field: str = "") -> str:
        """``n`` with its measure word; ``None`` (not supplied) prints the placeholder and warns,
        naming the ``NarrativeInputs`` ``field`` that supplies it."""
        if n is None:
            self.warnings.add("not supplied; a placeholder is printed",
                              f"{section} {label}" + (f" (NarrativeInputs.{field})" if field else ""))
            return self.placeholder(label)
        return self.record(section, label, Decimal(n), measure, f"{n}{measure}")

    def plain(self, section: str, label: str, value: Decimal, unit: str = "") -> str:
        return self.record(section, label, D(value), unit, f"{value}{unit}")

    # -------------------------------------------------------------------------------- rates
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
            return fill(self.phrases[f"{phrase}_without_rate"], {"base": base})
        self.record(section, label, r.value, "%", r.text, note=self._note(r))
        return fill(self.phrases[phrase], {"base": base, "rate": r.text})

    def share(self, section: str, label: str, part: Decimal, whole: Decimal, base: str) -> str:
        return self.rate(section, label, share(part, whole, zero_base=self.zero_base), "share", base)

    def completion(self, section: str, label: str, actual: Decimal, budget: Decimal | None, base: str) -> str:
        """完成<base>的 x%; a budget that was not supplied gives the placeholder instead of a rate."""
        if budget is None:
            return fill(self.phrases["completion"], {"base": base, "rate": self.placeholder("完成率")})
        return self.rate(section, label, completion(actual, budget, zero_base=self.zero_base), "completion", base)

    def change(self, section: str, prefix: str, current: Decimal, prior: Decimal | None, missing: str = "") -> str:
        """The 与上年相比 clause; records ``<prefix>与上年增减额`` (signed 万元) and the rate.

        Without the prior-year figure no direction word is written: the clause is a placeholder."""
        if prior is None:
            self.warnings.add("no prior-year figure; the change is a placeholder", section)
            return self.placeholder(missing or f"上年{prefix or '数'}")
        r = change(current, prior, zero_base=self.zero_base, fall_word=self.words["fall"])
        delta = to_wan(r.delta)
        if delta.is_zero():
            return self.record(section, f"{prefix}与上年增减额", ZERO, self.unit, self.phrases["flat"])
        direction = self.words["increase"] if delta > 0 else self.words["decrease"]
        amount_text = f"{format_amount(abs(delta), grouping=False)}{self.unit}"
        self.record(section, f"{prefix}与上年增减额", delta, self.unit, f"{direction}{amount_text}")
        if r.value is None:
            return fill(self.phrases["change_without_rate"], {"direction": direction, "amount": amount_text})
        trend = self.words["grow"] if r.value > 0 else self.words["fall"]
        rate_text = format_amount(abs(r.value), grouping=False) + "%"
        self.record(section, f"{prefix}与上年增减率", r.value, "%", f"{trend}{rate_text}", note=self._note(r))
        return fill(self.phrases["change"], {"direction": direction, "amount": amount_text, "trend": trend,
                                             "rate": rate_text})

    # -------------------------------------------------------------------------------- words
    def comparison(self, actual: Decimal, budget: Decimal) -> str:
        """大于 / 小于 / 等于: both sides are known (callers leave the clause out otherwise)."""
        return self.words["greater"] if actual > budget else self.words["less"] if actual < budget \
            else self.words["equal"]

    def budget_comparison(self, actual: Decimal, budget: Decimal | None, reason_key: str) -> str:
        """决算数大于预算数，主要原因是…； or nothing when the budget was not supplied."""
        if budget is None:
            return ""
        return fill(self.phrases["budget_comparison"],
                    {"comparison": self.comparison(actual, budget), "reason": self.reason_text(reason_key)})

    def change_reason(self, key: str, prior: Decimal | None) -> str:
        """，主要原因是… after a 与上年相比 clause; nothing when the prior-year figure is unknown."""
        if prior is None:
            return ""
        return fill(self.phrases["change_reason"], {"reason": self.reason_text(key)})

    def place(self, key: str) -> str:
        """A reasons key (``七.abroad.prior``, ``五（三）.2010450``) as the user reads the section:
        ``七（二） 因公出国（境）费 与上年相比``, ``五（三） 2010450 事业运行``."""
        head, _, rest = key.partition(".")
        if head == "五（三）" and rest:
            name = self.code_name(rest) if self.code_name else None
            return f"{head} {rest} {name}" if name else f"{head} {rest}"
        if head != "七":
            return key
        parts = rest.split(".") if rest else []
        item = parts[0] if parts and parts[0] in _THREE_PUBLIC_ITEMS else ""
        side = parts[-1] if parts and parts[-1] in _SIDES else ""
        where = f"七（二） {_THREE_PUBLIC_ITEMS[item]}" if item else "七（一）"
        return f"{where} {_SIDES[side]}" if side else where

    def reason_text(self, key: str) -> str:
        text = self.reasons.get(key)
        if not text:
            self.warnings.add("no reason given; a placeholder is printed", self.place(key))
            text = self.missing_reason or self.placeholder("原因")
        return text

    def reason(self, key: str) -> str:
        return fill(self.phrases["reason"], {"reason": self.reason_text(key)})
