"""Saving a whole ledger to a folder: ``postings.csv`` plus a ``ledger.toml`` sidecar.

The sidecar holds everything a ledger has besides its postings: the unit and its kind, the
year, ``unknown_codes``, declared sub-units, learned codes (with their names),
balances (by fund and by code), budgets (年初/全年 by code, their totals, 三公 全年 and 年初,
prior-year figures) and ``extras`` that are plain data. Amounts are written as exact strings.

``extras`` values may be str, int, bool, None, Decimal, list, tuple, dict with str keys, and a
:class:`~govbudget.rules.Procurement`; TOML has no None, Decimal, tuple or Procurement, so these
are written as one-key tables (``{"$decimal" = "1.50"}`` …). Anything else (a float, an object)
is refused with a :class:`~govbudget.LedgerError` naming the key, so nothing is dropped.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._accounts import Balances, Budgets, Fund, Unit
from .errors import DataFileError, GovBudgetError, LedgerError
from .money import D

if TYPE_CHECKING:  # pragma: no cover
    from .classification import Edition
    from .ledger import Ledger

FORMAT = "govbudget-ledger/1"
POSTINGS = "postings.csv"
SIDECAR = "ledger.toml"
_TAGS = ("$decimal", "$none", "$tuple", "$procurement")


# --------------------------------------------------------------------------- TOML writing
def _key(k: str) -> str:
    return k if k and all(c.isascii() and (c.isalnum() or c in "_-") for c in k) else _str(k)


def _tagged(v: Any) -> bool:
    return isinstance(v, dict) and len(v) == 1 and next(iter(v)) in _TAGS


def _str(v: str) -> str:
    out = ['"']
    for ch in v:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _inline(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return _str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_inline(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_key(k)} = {_inline(x)}" for k, x in v.items()) + "}"
    raise LedgerError(f"cannot write {type(v).__name__} {v!r} to TOML")  # pragma: no cover - encoded before


def _dump(data: Mapping[str, Any]) -> str:
    """TOML text of nested dicts: scalars and lists inline, dicts as [dotted.tables]."""
    lines: list[str] = []

    def table(path: list[str], d: Mapping[str, Any]) -> None:
        scalars = [(k, v) for k, v in d.items() if not isinstance(v, dict) or _tagged(v)]
        tables = [(k, v) for k, v in d.items() if isinstance(v, dict) and not _tagged(v)]
        if path:
            lines.append("")
            lines.append("[" + ".".join(_key(p) for p in path) + "]")
        for k, v in scalars:
            lines.append(f"{_key(k)} = {_inline(v)}")
        for k, v in tables:
            table([*path, k], v)

    table([], data)
    return "\n".join(lines).lstrip("\n") + "\n"


# --------------------------------------------------------------------------- extras
def _encode(value: Any, where: str) -> Any:
    from .rules import Procurement

    if isinstance(value, bool | int | str):
        return value
    if value is None:
        return {"$none": True}
    if isinstance(value, float):
        raise LedgerError(f"{where}: a float cannot be saved exactly; use a Decimal or a str")
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, Procurement):
        return {"$procurement": {f: str(getattr(value, f)) for f in _PROCUREMENT_FIELDS}}
    if isinstance(value, tuple):
        return {"$tuple": [_encode(x, f"{where}[{i}]") for i, x in enumerate(value)]}
    if isinstance(value, list):
        return [_encode(x, f"{where}[{i}]") for i, x in enumerate(value)]
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str) or k.startswith("$"):
                raise LedgerError(f"{where}: keys are str not starting with '$' (reserved), found {k!r}")
            out[k] = _encode(v, f"{where}[{k!r}]")
        return out
    raise LedgerError(
        f"{where}: cannot save a {type(value).__name__}; extras are saved when they are plain data "
        "(str, int, bool, None, Decimal, list, tuple, dict with str keys) or a Procurement"
    )


_PROCUREMENT_FIELDS = ("goods", "works", "services", "sme_goods", "sme_works", "sme_services", "small_micro")


def _decode(value: Any) -> Any:
    from .rules import Procurement

    if isinstance(value, list):
        return [_decode(x) for x in value]
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)) in _TAGS:
            tag, inner = next(iter(value.items()))
            if tag == "$none":
                return None
            if tag == "$decimal":
                return Decimal(inner)
            if tag == "$tuple":
                return tuple(_decode(x) for x in inner)
            return Procurement(**inner)
        return {k: _decode(v) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------- save / load
def _amounts(d: Mapping[Any, Decimal]) -> dict[str, str]:
    return {str(getattr(k, "value", k)): str(D(v)) for k, v in d.items()}


def _shipped(ed: Edition, scheme: str) -> bool:
    """True when ``ed`` is the shipped edition of its year (the one the ledger took for its year)."""
    from .classification import economic, editions, functional

    if ed.year not in editions()[scheme]:
        return False
    return ed is (functional(ed.year) if scheme == "functional" else economic(ed.year))


def save(led: Ledger, folder: str | Path) -> Path:
    """Write ``postings.csv`` and ``ledger.toml`` into ``folder`` (created when missing)."""
    if not isinstance(folder, str | Path):
        raise LedgerError(f"save needs a folder path (str or Path), found {type(folder).__name__} {folder!r}")
    folder = Path(folder)
    data: dict[str, Any] = {"format": FORMAT, "year": led.year, "unknown_codes": led.unknown_codes}
    own = {}
    for scheme, ed in (("functional", led.functional_edition), ("economic", led.economic_edition)):
        own[scheme] = not _shipped(ed, scheme) and not (led.unknown_codes == "learn" and len(ed) == 0)
    data["editions"] = {"functional": "own" if own["functional"] else "shipped",
                        "economic": "own" if own["economic"] else "shipped"}
    data["unit"] = {"name": led.unit.name, "kind": led.unit.kind.value}
    data["units"] = {name: u.kind.value for name, u in led.units.items()}
    data["learned"] = {scheme: {code: ({"$none": True} if name is None else name) for code, name in codes.items()}
                       for scheme, codes in led.learned_codes.items()}
    b = led.balances
    by_code: dict[str, dict[str, str]] = {}
    for (fund, code), v in b.opening_by_code.items():
        by_code.setdefault(str(getattr(fund, "value", fund)), {})[str(code)] = str(D(v))
    data["balances"] = {"distribution": str(b.distribution), "opening": _amounts(b.opening),
                        "closing_given": _amounts(b.closing_given), "opening_by_code": by_code}
    g = led.budgets
    budgets: dict[str, Any] = {}
    for name in ("initial_total", "adjusted_total"):
        if getattr(g, name) is not None:
            budgets[name] = str(getattr(g, name))
    for name in ("initial", "adjusted", "three_public", "three_public_initial", "prior"):
        budgets[name] = _amounts(getattr(g, name))
    data["budgets"] = budgets
    data["extras"] = {k: _encode(v, f"extras[{k!r}]") for k, v in _check_keys(led.extras).items()}
    text = _dump(data)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DataFileError(folder, [(None, f"cannot make the folder: {e.strerror or e}")]) from e
    led.write_csv(folder / POSTINGS)
    try:
        (folder / SIDECAR).write_text(text, encoding="utf-8")
    except OSError as e:
        raise DataFileError(folder / SIDECAR, [(None, f"cannot write: {e.strerror or e}")]) from e
    return folder


def _check_keys(extras: Mapping[Any, Any]) -> Mapping[str, Any]:
    for k in extras:
        if not isinstance(k, str) or k.startswith("$"):
            raise LedgerError(f"extras: keys are str not starting with '$' (reserved), found {k!r}")
    return extras


def load(cls: type[Ledger], folder: str | Path, **kwargs: Any) -> Ledger:
    """Read a folder written by :func:`save`."""
    if not isinstance(folder, str | Path):
        raise LedgerError(f"load needs a folder path (str or Path), found {type(folder).__name__} {folder!r}")
    folder = Path(folder)
    side = folder / SIDECAR
    try:
        data = tomllib.loads(side.read_text(encoding="utf-8"))
    except OSError as e:
        raise DataFileError(side, [(None, f"cannot read: {e.strerror or e}")]) from e
    except UnicodeDecodeError as e:
        raise DataFileError(side, [(None, f"not UTF-8 text ({e.reason} at byte {e.start})")]) from e
    except tomllib.TOMLDecodeError as e:
        raise DataFileError(side, [(None, f"not valid TOML: {e}")]) from e
    if data.get("format") != FORMAT:
        raise DataFileError(side, [(None, f"format must be {FORMAT!r}, found {data.get('format')!r}")])
    try:
        for scheme in ("functional", "economic"):
            if data.get("editions", {}).get(scheme) == "own" and f"{scheme}_edition" not in kwargs:
                raise LedgerError(f"the ledger was saved with its own {scheme} edition; pass "
                                  f"{scheme}_edition=gb.load_edition(...) to load it")
        unit = Unit(data["unit"]["name"], data["unit"]["kind"])
        units = [Unit(name, kind) for name, kind in data.get("units", {}).items()]
        # files of earlier versions say accept_attested = true/false and [attested]
        mode = data.get("unknown_codes", "learn" if data.get("accept_attested") is True else "error")
        led = cls(unit, data["year"], unknown_codes=mode, units=units, **kwargs)
        for scheme, codes in (data.get("learned") or data.get("attested") or {}).items():
            for code, name in codes.items():
                led.learn(code, _decode(name), scheme=scheme)
        bal = data.get("balances", {})
        led.balances = Balances(
            opening=bal.get("opening", {}), distribution=bal.get("distribution", "0"),
            closing_given=bal.get("closing_given", {}),
            opening_by_code={(Fund.parse(f), code): D(v) for f, codes in bal.get("opening_by_code", {}).items()
                             for code, v in codes.items()},
        )
        led.budgets = Budgets(**{k: v for k, v in data.get("budgets", {}).items()})
        led.extras = {k: _decode(v) for k, v in data.get("extras", {}).items()}
    except (KeyError, TypeError) as e:
        raise DataFileError(side, [(None, f"missing or malformed entry: {e}")]) from e
    except GovBudgetError as e:
        if isinstance(e, DataFileError):
            raise
        raise DataFileError(side, [(None, str(e))]) from e
    led._read_postings_csv(folder / POSTINGS)
    return led
