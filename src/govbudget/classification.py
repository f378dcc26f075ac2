"""Code tables as data: editions of the functional and economic classifications.

An :class:`Edition` is a read-only mapping from code to :class:`Subject`, loaded lazily
from ``codes/<scheme>/<year>.csv`` and cached. Parents are explicit links from the file,
validated on load; nothing is guessed from a prefix at lookup time.

>>> import govbudget as gb
>>> fn = gb.functional(2024)
>>> s = fn["2010450"]
>>> s.name, s.level, s.parent, s.evidence
('事业运行', '项', '20104', 'attested')
>>> [a.code for a in fn.ancestors("2010450")]
['201', '20104']
>>> fn.path_names("2010450")
'一般公共服务支出 › 发展与改革事务 › 事业运行'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Literal

import attrs

from ._codeformat import (
    LEADING,
    LEVELS,
    SCHEME_LABEL,
    check_code,
    compact_code,
    normal_scheme,
    scheme_of,
    shape,
)
from ._resources import codes_dir
from .errors import (
    DataFileError,
    GovBudgetError,
    MalformedCodeError,
    ParseError,
    UnknownCodeError,
    UnknownEditionError,
    article,
)

__all__ = [
    "EVIDENCE_LEVELS",
    "SCHEMES",
    "CrosswalkEntry",
    "EconomicMapping",
    "Edition",
    "Subject",
    "check_code",
    "crosswalk",
    "economic",
    "economic_mapping",
    "edition",
    "editions",
    "functional",
    "is_valid_code",
    "load_edition",
    "validate_code",
]

#: scheme name → folder under ``codes/``
SCHEMES: dict[str, str] = {
    "functional": "functional",
    "economic": "economic-department",
    "government": "economic-government",
}

#: how a row is known, strongest first
EVIDENCE_LEVELS: tuple[str, ...] = ("attested", "public-notice", "reconstructed", "user")
# the name of "public-notice" in tables written before it was renamed
_EVIDENCE_ALIASES = {"public-copy": "public-notice"}

_LEVELS = LEVELS
_LEADING = LEADING
_SCHEME_LABEL = SCHEME_LABEL


def _scheme(scheme: object) -> str:
    return normal_scheme(scheme)


def _aliases(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise ParseError(value, "aliases", "a tuple of names (split a '|'-separated cell first)")
    return tuple(value)


@attrs.frozen(kw_only=True, repr=False)
class Subject:
    """One code of an edition (类, 款 or 项), with how it is known.

    ``name`` is the year's official name where a document of the year prints it, else the name
    printed most often; ``aliases`` are the other names documents printed for the code, that year
    or earlier, and ``alias_years`` the years each was printed. ``evidence`` is one of
    :data:`EVIDENCE_LEVELS` and ``source`` names the document (or the notice's address, or says
    that the row is reconstructed). ``note`` is the 说明 text of an imported 科目 book.

    >>> import govbudget as gb
    >>> gb.functional(2024)["20104"]
    Subject(code='20104', name='发展与改革事务', level='款', parent='201', year=2024, scheme='functional', evidence='attested')
    >>> s = gb.functional(2025)["20805"]
    >>> s.name, s.aliases, s.alias_years
    ('行政事业单位养老支出', ('行政事业单位离退休',), (('行政事业单位离退休', (2017, 2018, 2019, 2025)),))
    """

    code: str
    name: str
    level: str
    parent: str | None
    year: int
    scheme: str
    evidence: str
    source: str = ""
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_aliases)
    alias_years: tuple[tuple[str, tuple[int, ...]], ...] = ()
    note: str = ""

    def __repr__(self) -> str:
        extra = f", aliases={self.aliases!r}" if self.aliases else ""
        return (
            f"Subject(code={self.code!r}, name={self.name!r}, level={self.level!r}, parent={self.parent!r}, "
            f"year={self.year}, scheme={self.scheme!r}, evidence={self.evidence!r}{extra})"
        )

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by the aliases.

        >>> import govbudget as gb
        >>> gb.functional(2025)["20805"].names
        ('行政事业单位养老支出', '行政事业单位离退休')
        """
        return (self.name, *self.aliases)

    @property
    def label(self) -> str:
        """``"<name>（<level>）"`` as the 说明 prints it.

        >>> import govbudget as gb
        >>> gb.functional(2024)["201"].label
        '一般公共服务支出（类）'
        """
        return f"{self.name}（{self.level}）"

    @property
    def official(self) -> bool:
        """False for a reconstructed row: known from the published classification, not printed in a
        document or notice we hold, so never to be presented as official.

        >>> import govbudget as gb
        >>> gb.functional(2024)["2010101"].official, gb.functional(2024)["2010450"].official
        (False, True)
        """
        return self.evidence != "reconstructed"


@attrs.frozen(kw_only=True)
class CrosswalkEntry:
    """How a code fared between two editions.

    ``status`` is ``"unchanged"``, ``"renamed"``, ``"moved"`` (to ``to_code``), ``"added"``,
    ``"removed"``, or ``"unattested"`` when one side is a partial edition that simply does not list
    the code (absence from a partial table proves nothing). ``evidence`` and ``source`` say how the
    change is known: a recorded change (``codes/sources/crosswalk.csv``) gives its own; a compared
    pair of rows gives the weaker evidence of the two.

    >>> import govbudget as gb
    >>> gb.crosswalk("2010450", 2024, 2024).status
    'unchanged'
    >>> e = gb.crosswalk("21006", 2020, 2024)
    >>> e.status, e.to_code, e.to_name, e.evidence
    ('moved', '21017', '中医药事务', 'public-notice')
    """

    code: str
    scheme: str
    from_year: int
    to_year: int
    status: Literal["unchanged", "renamed", "moved", "added", "removed", "unattested"]
    from_name: str | None
    to_name: str | None
    to_code: str | None = None
    evidence: str = ""
    source: str = ""


def _read_code(code: object, scheme: str) -> str:
    """``code`` compacted (:func:`~govbudget.compact_code`) and of the scheme's shape, else
    :class:`~govbudget.MalformedCodeError` naming the code as given."""
    if not isinstance(code, str):
        check_code(code, scheme)  # a non-str: MalformedCodeError naming the scheme
    c = compact_code(code)
    try:
        check_code(c, scheme)
    except MalformedCodeError as e:
        raise MalformedCodeError(code, scheme, e.reason) from None
    return c


class Edition(Mapping[str, Subject]):
    """A read-only mapping code → :class:`Subject`, iterated in code order.

    >>> import govbudget as gb
    >>> fn = gb.functional(2024)
    >>> "2010450" in fn, len(fn) > 20, list(fn)[:3]
    (True, True, ['201', '20101', '2010101'])
    >>> [s.code for s in fn.children("20104")]
    ['2010401', '2010402', '2010403', '2010450', '2010499']
    """

    def __init__(
        self,
        scheme: str,
        year: int,
        subjects: Iterable[Subject],
        *,
        complete: bool = False,
        completeness: str | Callable[[], str] = "",
        source: str = "",
        skipped: tuple[tuple[int, str], ...] = (),
    ) -> None:
        self.scheme = scheme
        #: ``(line, reason)`` of every line of a loaded file that gave no subject
        self.skipped = tuple(skipped)
        self.year = year
        self.complete = complete
        self._completeness = completeness or ("complete" if complete else "partial")
        self.source = source
        ordered = sorted(subjects, key=lambda s: s.code)
        self._by_code: dict[str, Subject] = {s.code: s for s in ordered}
        kids: dict[str | None, list[Subject]] = {}
        for s in ordered:
            kids.setdefault(s.parent, []).append(s)
        self._children = {k: tuple(v) for k, v in kids.items()}

    @property
    def completeness(self) -> str:
        """How complete the edition is, in words (error messages quote it).

        >>> import govbudget as gb
        >>> gb.functional(2024).completeness.startswith("partial")
        True
        """
        if callable(self._completeness):  # a shipped edition: read from SOURCES.toml on first use
            self._completeness = self._completeness()
        return self._completeness

    def __repr__(self) -> str:
        return f"<Edition {self.scheme} {self.year}: {len(self)} codes, {self.completeness}>"

    def _key(self, code: object) -> str | None:
        """The code as stored if ``code`` is one once compacted (:func:`~govbudget.compact_code`:
        ``" 2080505"``, ``"208-05-05"``, ``"２０８０５０５"``); never raises."""
        if not isinstance(code, str):
            return None
        c = compact_code(code)
        return c if c in self._by_code else None

    def _code(self, code: object) -> str:
        return _read_code(code, self.scheme)

    def __getitem__(self, code: str) -> Subject:
        key = self._key(code)
        if key is not None:
            return self._by_code[key]
        c = self._code(code)
        raise UnknownCodeError(
            c,
            self.scheme,
            self.year,
            completeness=self.completeness,
            suggestions=self.nearest(c),
        )

    def __contains__(self, code: object) -> bool:
        return self._key(code) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code, default=None):  # type: ignore[override]
        """Return the subject for ``code`` or ``default``; never raises (not even for a list or None).

        Codes are read as :func:`~govbudget.compact_code` reads them (``"201 04 50"``,
        ``"２０１０４"``), as in every lookup of an edition.

        >>> import govbudget as gb
        >>> fn = gb.functional(2024)
        >>> fn.get("2999999") is None, fn.get(["201"]) is None, fn.get("２０１０４").name, fn.get(" 2010450").code
        (True, True, '发展与改革事务', '2010450')
        """
        key = self._key(code)
        return default if key is None else self._by_code[key]

    def is_valid(self, code: object) -> bool:
        """True if ``code`` is in this edition; never raises.

        >>> import govbudget as gb
        >>> fn = gb.functional(2024)
        >>> fn.is_valid("2010450"), fn.is_valid("x"), fn.is_valid({"201": 1}), fn.is_valid("201 04 50")
        (True, False, False, True)
        """
        return self._key(code) is not None

    def parent(self, code: str) -> Subject | None:
        """The parent subject (from the file's explicit link), or None for a 类.

        >>> import govbudget as gb
        >>> gb.functional(2024).parent("2010450").code
        '20104'
        """
        p = self[code].parent
        return self._by_code.get(p) if p else None

    def ancestors(self, code: str) -> tuple[Subject, ...]:
        """The 类 (and 款) above ``code``, top first.

        >>> import govbudget as gb
        >>> [s.code for s in gb.functional(2024).ancestors("2010450")]
        ['201', '20104']
        """
        out: list[Subject] = []
        p = self[code].parent
        while p and p in self._by_code:
            s = self._by_code[p]
            out.append(s)
            p = s.parent
        return tuple(reversed(out))

    def path(self, code: str) -> tuple[Subject, ...]:
        """Ancestors then the subject itself.

        >>> import govbudget as gb
        >>> [s.level for s in gb.functional(2024).path("2010450")]
        ['类', '款', '项']
        """
        return (*self.ancestors(code), self[code])

    def path_names(self, code: str, sep: str = " › ") -> str:
        """The names along the path joined with ``sep``.

        >>> import govbudget as gb
        >>> gb.functional(2024).path_names("20104", sep="/")
        '一般公共服务支出/发展与改革事务'
        """
        return sep.join(s.name for s in self.path(code))

    def children(self, code: str | None = None) -> tuple[Subject, ...]:
        """Direct children of ``code`` in code order; the 类 when ``code`` is None.

        >>> import govbudget as gb
        >>> [s.code for s in gb.functional(2024).children()][:2]
        ['201', '202']
        """
        if code is not None:
            code = self[code].code
        return self._children.get(code, ())

    def roots(self) -> tuple[Subject, ...]:
        """The 类 of the edition in code order.

        >>> import govbudget as gb
        >>> gb.economic(2024).roots()[0].name
        '工资福利支出'
        """
        return self._children.get(None, ())

    def leaves(self) -> tuple[Subject, ...]:
        """Subjects without children, in code order.

        >>> import govbudget as gb
        >>> "2010450" in [s.code for s in gb.functional(2024).leaves()]
        True
        """
        return tuple(s for s in self._by_code.values() if s.code not in self._children)

    def search(self, text: str) -> tuple[Subject, ...]:
        """Find subjects by name or alias: exact matches first, then substring matches, each in code order.

        >>> import govbudget as gb
        >>> [s.code for s in gb.functional(2024).search("事业运行")][:3]
        ['2010150', '2010250', '2010350']
        >>> [s.code for s in gb.economic(2024).search("公务用车")][:2]
        ['30231', '30913']
        >>> [s.code for s in gb.functional(2025).search("行政事业单位养老支出")]  # an alias, then a substring
        ['20805', '2080599']
        """
        if not isinstance(text, str):
            raise ParseError(text, "search text", "a str (part of a name, or a code)")
        text = text.strip()
        if not text:
            return ()
        exact = [s for s in self._by_code.values() if s.code == text or text in s.names]
        sub = [s for s in self._by_code.values() if s not in exact and any(text in n for n in s.names)]
        return tuple(exact + sub)

    def nearest(self, code: str, n: int = 5) -> tuple[str, ...]:
        """Known codes closest to ``code``: same parent first, then longest shared prefix.

        >>> import govbudget as gb
        >>> gb.functional(2024).nearest("2010451")[:3]
        ('2010450', '2010403', '2010499')
        """
        code = self._code(code)
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ParseError(n, "a number of suggestions", "an int ≥ 0")
        levels = list(_LEVELS[self.scheme])
        plen = max((k for k in levels if k < len(code)), default=0)

        def key(c: str) -> tuple:
            same_parent = plen > 0 and len(c) == len(code) and c[:plen] == code[:plen]
            shared = 0
            for a, b in zip(c, code, strict=False):
                if a != b:
                    break
                shared += 1
            dist = abs(int(c) - int(code)) if len(c) == len(code) else 10**9
            return (not same_parent, -shared, len(c) != len(code), dist, c)

        return tuple(sorted(self._by_code, key=key)[:n])

    def narrow(self, evidence: str) -> Edition:
        """A new edition with the rows known at least as well as ``evidence`` (strongest first:
        attested, public-notice, reconstructed, user). A kept row whose parent is weaker keeps its
        ``parent`` code; :meth:`ancestors` then stops where the narrowed edition has no row.

        >>> import govbudget as gb
        >>> ed = gb.economic(2024).narrow("attested")
        >>> len(ed) < len(gb.economic(2024)), {s.evidence for s in ed.values()}
        (True, {'attested'})
        """
        if not isinstance(evidence, str) or _EVIDENCE_ALIASES.get(evidence, evidence) not in EVIDENCE_LEVELS:
            raise ParseError(evidence, "an evidence level", f"one of {', '.join(EVIDENCE_LEVELS)}")
        rank = EVIDENCE_LEVELS.index(_EVIDENCE_ALIASES.get(evidence, evidence))
        kept = [s for s in self._by_code.values() if EVIDENCE_LEVELS.index(s.evidence) <= rank]
        return Edition(self.scheme, self.year, kept, complete=False,
                       completeness=f"{self.completeness}; only rows with evidence {evidence} or stronger",
                       source=self.source)

    def evidence_counts(self) -> dict[tuple[str, str], int]:
        """Row counts per (level, evidence).

        >>> import govbudget as gb
        >>> gb.economic(2024).evidence_counts()[("类", "attested")]
        6
        """
        out: dict[tuple[str, str], int] = {}
        for s in self._by_code.values():
            out[(s.level, s.evidence)] = out.get((s.level, s.evidence), 0) + 1
        return out

    def diff(self, other: Edition) -> tuple[CrosswalkEntry, ...]:
        """Every code of either edition with its crosswalk status from ``self`` to ``other``.

        >>> import govbudget as gb
        >>> fn = gb.functional(2024)
        >>> {e.status for e in fn.diff(fn)}
        {'unchanged'}
        """
        return tuple(_walk(c, self, other) for c in sorted(set(self) | set(other)))


def _spelling(name: str) -> str:
    """A name with print variants folded (ASCII brackets, 其它): the same name for a crosswalk."""
    return name.replace("(", "（").replace(")", "）").replace("其它", "其他")


def _year_names(s: Subject) -> tuple[str, ...]:
    """The names printed for the subject in its own year (older names are aliases too, with their years)."""
    years = dict(s.alias_years)
    return (s.name, *(n for n in s.aliases if not years.get(n) or s.year in years[n]))


def _weaker(*evidence: str) -> str:
    return max(evidence, key=lambda e: EVIDENCE_LEVELS.index(e) if e in EVIDENCE_LEVELS else len(EVIDENCE_LEVELS))


def _walk(code: str, a: Edition, b: Edition) -> CrosswalkEntry:
    sa, sb = a.get(code), b.get(code)
    edge = _recorded_edge(a.scheme, code, a.year, b.year)
    base = {"code": code, "scheme": a.scheme, "from_year": a.year, "to_year": b.year,
            "from_name": sa.name if sa else None}
    if edge is not None and a.year < b.year:
        if edge["status"] == "moved" and code == edge["from_code"]:
            to = b.get(edge["to_code"])
            return CrosswalkEntry(**base, status="moved", to_name=to.name if to else edge["to_name"],
                                  to_code=edge["to_code"], evidence=edge["evidence"], source=edge["source"])
        if edge["status"] in ("moved", "added") and code == edge["to_code"] and sa is None and sb is not None:
            return CrosswalkEntry(**base, status="added", to_name=sb.name, to_code=code,
                                  evidence=edge["evidence"], source=edge["source"])
    if sa and sb:
        # documents of one year may print two names; a name both editions attest is not a rename
        same = {_spelling(n) for n in _year_names(sa)} & {_spelling(n) for n in _year_names(sb)}
        status = "unchanged" if same or sa.name == sb.name else "renamed"
        evidence, source = _weaker(sa.evidence, sb.evidence), ""
        if status == "renamed" and edge is not None:
            evidence, source = edge["evidence"], edge["source"]
    elif sa:
        status, evidence, source = ("removed" if b.complete else "unattested"), sa.evidence, ""
    elif sb:
        status, evidence, source = ("added" if a.complete else "unattested"), sb.evidence, ""
    else:
        check_code(code, a.scheme)
        raise UnknownCodeError(code, a.scheme, a.year, completeness=a.completeness, suggestions=a.nearest(code))
    return CrosswalkEntry(**base, status=status, to_name=sb.name if sb else None,  # type: ignore[arg-type]
                          to_code=code if sb else None, evidence=evidence, source=source)


@cache
def _recorded_edges() -> tuple[dict[str, str], ...]:
    """The changes of ``codes/sources/crosswalk.csv`` (moves, additions, renames with their evidence)."""
    f = codes_dir().joinpath("sources").joinpath("crosswalk.csv")
    if not f.is_file():
        return ()
    return tuple(csv.DictReader(io.StringIO(f.read_text(encoding="utf-8"))))


def _recorded_edge(scheme: str, code: str, from_year: int, to_year: int) -> dict[str, str] | None:
    """The recorded change of ``code`` that happened between the two years (in either direction of code)."""
    lo, hi = sorted((from_year, to_year))
    for e in _recorded_edges():
        if e["scheme"] != scheme or not (lo <= int(e["from_year"]) and int(e["to_year"]) <= hi and lo < hi):
            continue
        if code in (e["from_code"], e["to_code"]) and (from_year < to_year or e["status"] == "renamed"):
            return e
    return None


# ---------------------------------------------------------------------------- loading


@cache
def _sources() -> dict:
    import tomllib  # only when a source is asked for: not on the path of a code lookup

    return tomllib.loads(codes_dir().joinpath("SOURCES.toml").read_text(encoding="utf-8"))


@cache
def _shipped() -> dict[str, tuple[int, ...]]:
    out: dict[str, tuple[int, ...]] = {}
    root = codes_dir()
    for scheme, folder in SCHEMES.items():
        d = root.joinpath(folder)
        years = []
        if d.is_dir():
            for f in d.iterdir():
                if f.name.endswith(".csv") and f.name[:-4].isdigit():
                    years.append(int(f.name[:-4]))
        out[scheme] = tuple(sorted(years))
    return out


def editions() -> dict[str, tuple[int, ...]]:
    """The shipped editions per scheme.

    >>> import govbudget as gb
    >>> 2024 in gb.editions()["functional"], 2024 in gb.editions()["economic"]
    (True, True)
    """
    return dict(_shipped())


def _csv_records(text: str) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """The header and ``(line, row)`` pairs of CSV text (extra cells under the key None)."""
    reader = csv.DictReader(io.StringIO(text))
    fields = list(reader.fieldnames or ())

    def rows() -> Iterator[tuple[int, dict]]:
        for row in reader:
            yield reader.line_num, row

    return fields, rows()


def _parse_rows(
    text: str, scheme: str, year: int, where: str, *, default_evidence: str | None = None
) -> tuple[list[Subject], list[tuple[int | None, str]]]:
    fields, rows = _csv_records(text)
    return _parse_records(fields, 1, rows, scheme, year, where, default_evidence=default_evidence)


def _alias_cell(cell: str, name: str) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[int, ...]], ...], list[str]]:
    """Names, (name, years) pairs and problems of an ``aliases`` cell: ``name@2017-2019,2025|other``."""
    names: list[str] = []
    years: list[tuple[str, tuple[int, ...]]] = []
    bad: list[str] = []
    for entry in cell.split("|"):
        alias, at, spec = entry.strip().rpartition("@") if "@" in entry else (entry.strip(), "", "")
        alias = alias.strip()
        if not alias:
            continue
        if alias == name or alias in names:
            bad.append(f"alias {alias!r} repeats a name of the row")
            continue
        ys: list[int] = []
        for part in spec.split(",") if at else ():
            lo, _, hi = part.strip().partition("-")
            if not (lo.isdigit() and (hi.isdigit() or not hi)):
                bad.append(f"alias {alias!r}: years {spec!r} are not like 2017-2019,2025")
                break
            ys.extend(range(int(lo), int(hi or lo) + 1))
        names.append(alias)
        years.append((alias, tuple(ys)))
    return tuple(names), tuple(years), bad


def _parse_records(
    header: list[str],
    header_line: int,
    records: Iterable[tuple[int, dict]],
    scheme: str,
    year: int,
    where: str,
    *,
    default_evidence: str | None = None,
) -> tuple[list[Subject], list[tuple[int | None, str]]]:
    fields = set(header)
    problems: list[tuple[int | None, str]] = []
    if not {"code", "name"} <= fields:
        return [], [(header_line, f"header must have at least the columns code,name; found {sorted(fields)}")]
    known = {"code", "name", "level", "parent", "evidence", "source", "aliases", "note"}
    unknown = sorted(f for f in fields if f not in known)
    if unknown:
        return [], [(header_line, f"unknown columns {unknown}; known columns: code, name, level, parent, "
                                  "evidence, source, aliases, note")]
    subjects: list[Subject] = []
    seen: dict[str, int] = {}
    for line, row in records:
        if row.get(None):
            problems.append((line, f"more cells than header columns: {row[None]!r}"))
            continue
        row.pop(None, None)
        code = (row.get("code") or "").strip()
        name = (row.get("name") or "").strip()
        if not code and not name and not any((v or "").strip() for v in row.values()):
            continue
        try:
            check_code(code, scheme)
        except MalformedCodeError as e:
            problems.append((line, str(e)))
            continue
        levels = _LEVELS[scheme]
        level = (row.get("level") or "").strip() or levels[len(code)]
        if level != levels[len(code)]:
            problems.append((line, f"code {code}: level {level!r} does not match a {len(code)}-digit code "
                                   f"(expected {levels[len(code)]!r})"))
        parent = (row.get("parent") or "").strip() if "parent" in fields else None
        if parent is None:
            lens = [k for k in levels if k < len(code)]
            parent = code[: lens[-1]] if lens else ""  # user tables with code,name only
        expected_parent = code[: max(k for k in levels if k < len(code))] if len(code) > min(levels) else ""
        if parent != expected_parent:
            if expected_parent:
                what = "类" if len(expected_parent) == 3 else "款"
                msg = f"code {code}: parent {parent!r} is not its {what} {expected_parent!r}"
            else:
                msg = f"code {code}: a 类 has no parent, found {parent!r}"
            problems.append((line, msg))
        if not name:
            problems.append((line, f"code {code}: empty name"))
        evidence = (row.get("evidence") or "").strip() or default_evidence or ""
        evidence = _EVIDENCE_ALIASES.get(evidence, evidence)
        if evidence not in EVIDENCE_LEVELS:
            problems.append((line, f"code {code}: evidence {evidence!r} is not one of {', '.join(EVIDENCE_LEVELS)}"))
        if code in seen:
            problems.append((line, f"code {code}: duplicate (first on line {seen[code]})"))
            continue
        aliases, alias_years, bad = _alias_cell(row.get("aliases") or "", name)
        problems.extend((line, f"code {code}: {b}") for b in bad)
        seen[code] = line
        subjects.append(
            Subject(code=code, name=name, level=level, parent=parent or None, year=year, scheme=scheme,
                    evidence=evidence, source=(row.get("source") or "").strip() or where, aliases=aliases,
                    alias_years=alias_years, note=(row.get("note") or "").strip())
        )
    codes = {s.code for s in subjects}
    for s in subjects:
        if s.parent and s.parent not in codes:
            problems.append((seen[s.code], f"code {s.code}: its parent {s.parent} is not in the table"))
    return subjects, problems


_SHIPPED_HEADER = ["code", "name", "level", "parent", "evidence", "source", "aliases"]


def _fast_rows(text: str, scheme: str, year: int) -> list[Subject] | None:
    """The subjects of a shipped table, or None when any row needs the full parse to explain it.

    The shipped tables are written by ``tools/build_codes.py`` and checked row by row by the tests
    (the same checks as :func:`load_edition`); here only what a lookup relies on is verified (code
    shape and level, parent present, a known evidence level), so the first lookup stays fast.
    """
    reader = csv.reader(io.StringIO(text))
    if next(reader, None) != _SHIPPED_HEADER:
        return None
    levels = _LEVELS[scheme]
    out: list[Subject] = []
    codes: set[str] = set()
    for row in reader:
        if len(row) != 7:
            return None
        code, name, level, parent, evidence, source, cell = row
        if (levels.get(len(code)) != level or not code.isdigit() or not code.isascii() or not name
                or evidence not in EVIDENCE_LEVELS or (parent and parent not in codes)):
            return None
        aliases, alias_years, bad = _alias_cell(cell, name) if cell else ((), (), ())
        if bad:
            return None
        codes.add(code)
        out.append(Subject(code=code, name=name, level=level, parent=parent or None, year=year, scheme=scheme,
                           evidence=evidence, source=source, aliases=aliases, alias_years=alias_years))
    return out


@cache
def _load_shipped(scheme: str, year: int) -> Edition:
    folder = SCHEMES[scheme]
    rel = f"{folder}/{year}.csv"
    text = codes_dir().joinpath(folder).joinpath(f"{year}.csv").read_text(encoding="utf-8")
    subjects = _fast_rows(text, scheme, year)
    if subjects is None:  # not in the shape tools/build_codes.py writes: the full, reporting parse
        subjects, problems = _parse_rows(text, scheme, year, f"codes/{rel}")
        if problems:
            raise DataFileError(f"codes/{rel}", problems)

    return Edition(
        scheme,
        year,
        subjects,
        complete=False,  # SOURCES.toml says so of every folder (a test checks it)
        completeness=lambda: _sources().get(folder, {}).get("completeness", "partial"),
        source=f"codes/{rel}",
    )


def _year(year: object, scheme: str, available: Iterable[object] = ()) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise UnknownEditionError(
            scheme, year, tuple(available),
            message=f"the year of {article(scheme)} {scheme} edition must be an int such as 2024, found {type(year).__name__} {year!r}",
        )
    return year


def _edition(scheme: str, year: int) -> Edition:
    scheme = _scheme(scheme)
    _year(year, scheme, _shipped()[scheme])
    if year not in _shipped()[scheme]:
        raise UnknownEditionError(scheme, year, _shipped()[scheme])
    return _load_shipped(scheme, year)


def edition(scheme: str, year: int, *, evidence: str | None = None) -> Edition:
    """The shipped edition of any scheme (``functional``, ``economic``/``department``, ``government``).

    ``evidence`` keeps only the rows known at least that well (see :meth:`Edition.narrow`).

    >>> import govbudget as gb
    >>> gb.edition("government", 2024)["501"].name
    '机关工资福利支出'
    """
    ed = _edition(scheme, year)
    return ed if evidence is None else ed.narrow(evidence)


def validate_code(code: object, scheme: str | None = None, *, year: int | None = None) -> str:
    """The compacted code if it has the shape of ``scheme`` (and, with ``year``, is in that edition).

    Shape first (:class:`~govbudget.MalformedCodeError`), then membership in the shipped edition
    of ``year`` (:class:`~govbudget.UnknownCodeError`, with the nearest known codes). Without a
    scheme the leading digit picks it (2 functional, 3 economic, 5 government).

    >>> from govbudget import validate_code
    >>> validate_code("201 04 50", year=2024)
    '2010450'
    >>> validate_code("３０２１７", "economic")
    '30217'
    >>> validate_code("30217", "functional")
    Traceback (most recent call last):
    ...
    govbudget.errors.MalformedCodeError: '30217' is not a functional code: 支出功能分类 codes start with 2, found 3
    """
    c = shape(code, scheme)
    if year is not None:
        edition(scheme_of(c) if scheme is None else normal_scheme(scheme), year)[c]  # UnknownCodeError, suggestions
    return c


def is_valid_code(code: object, scheme: str | None = None, *, year: int | None = None) -> bool:
    """True if :func:`validate_code` accepts ``code``; never raises.

    >>> from govbudget import is_valid_code
    >>> is_valid_code("2010101"), is_valid_code("20101011"), is_valid_code(["201"]), is_valid_code("201", "bogus")
    (True, False, False, False)
    """
    try:
        validate_code(code, scheme, year=year)
    except GovBudgetError:
        return False
    return True


def functional(year: int, *, evidence: str | None = None) -> Edition:
    """The shipped 支出功能分类 edition of ``year``.

    ``evidence="attested"`` (or another level of :data:`EVIDENCE_LEVELS`) keeps only the rows
    known at least that well.

    >>> import govbudget as gb
    >>> gb.functional(2024)["221"].name
    '住房保障支出'
    >>> all(s.evidence == "attested" for s in gb.functional(2024, evidence="attested").values())
    True
    """
    return edition("functional", year, evidence=evidence)


def economic(year: int, scheme: str = "department", *, evidence: str | None = None) -> Edition:
    """The shipped economic classification of ``year``: 部门预算 (default) or ``scheme="government"``.

    >>> import govbudget as gb
    >>> gb.economic(2024)["30217"].name, gb.economic(2024, scheme="government")["501"].name
    ('公务接待费', '机关工资福利支出')
    """
    resolved = _scheme(scheme)
    if resolved == "functional":
        raise UnknownEditionError(
            scheme, year, ("department", "government"),
            message="economic() takes scheme='department' or 'government'; use functional() for 支出功能分类",
        )
    return edition(resolved, year, evidence=evidence)


def load_edition(path: str | Path, *, scheme: str = "functional", year: int, errors: str = "raise") -> Edition:
    """Load a code table as published (財政部 or a local 财政 bureau) or in the shipped format as an Edition.

    Read: .xlsx/.xls/.ods (first sheet), .csv (UTF-8 or GBK) and .txt (the text of the 科目 book).
    Headers may be the shipped ones (``code,name`` and optionally ``level``, ``parent``,
    ``evidence``, ``source``, ``aliases``, ``note``; any other English column is an error) or
    Chinese: 科目编码 (or 类 | 款 | 项 in separate columns, merged cells allowed) and 科目名称, with
    an optional 说明; a code cell may hold only its last two digits, the level shown by
    indentation. A book's lines ``2010101 行政运行`` take the 说明 lines under them as ``note``.

    Rows go through the same validation as the shipped tables. Bad rows (and a duplicated column,
    a quote that swallows lines, a formula cell) raise one :class:`~govbudget.DataFileError` listing
    every one with its line (for a spreadsheet: the row number Excel shows), unless
    ``errors="report"``, which loads the good rows and lists the bad ones in ``Edition.skipped``.
    Lines that hold no code (titles, headings, page numbers, codes of another scheme) are always
    in ``Edition.skipped`` with their line. Size limits (:mod:`govbudget.limits`) are checked
    before a file is expanded. Rows without an ``evidence`` column are ``"user"``; a loaded table
    is taken to be complete.

    >>> import govbudget as gb, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "f.csv"
    >>> _ = p.write_text("科目编码,科目名称\\n201,一般公共服务支出\\n20101,人大事务\\n2010101,行政运行\\n", encoding="gbk")
    >>> ed = gb.load_edition(p, scheme="functional", year=2025)
    >>> ed["2010101"].parent, ed["2010101"].evidence, ed.complete
    ('20101', 'user', True)
    """
    from ._import import read_file, records

    scheme = _scheme(scheme)
    year = _year(year, scheme)
    if errors not in ("raise", "report"):
        raise ParseError(errors, "errors", "'raise' or 'report'")
    p = _user_path(path)
    recs = records(read_file(p))
    take, skipped = [], list(recs.skipped)
    for line, row in recs.records:
        code = (row.get("code") or "").strip()
        if code[:1].isdigit() and code.isdigit() and code[0] != _LEADING[scheme]:
            skipped.append((line, f"code {code} ({row.get('name') or ''}) is not {article(scheme)} {scheme} code; "
                                  f"load it with scheme={_OTHER_SCHEME.get(code[0], 'another scheme')!r}"))
            continue
        take.append((line, row))
    subjects, problems = ([], []) if not recs.header else _parse_records(
        list(recs.header), recs.header_line, take, scheme, year, str(p), default_evidence="user")
    problems = [*recs.problems, *problems]
    if problems and errors == "raise":
        raise DataFileError(p, problems)
    if problems:  # errors="report": the bad rows are skipped too; drop subjects orphaned by them
        skipped += [(line or 0, msg) for line, msg in problems]
    skipped.sort(key=lambda t: t[0])
    return Edition(scheme, year, subjects, complete=True, completeness=f"loaded from {p.name}", source=str(p),
                   skipped=tuple(skipped))


_OTHER_SCHEME = {"2": "functional", "3": "economic", "5": "government"}


def _user_path(path: object) -> Path:
    if not isinstance(path, str | Path):
        raise DataFileError(repr(path), [(None, f"expected a path (str or Path), found {type(path).__name__}")])
    p = Path(path)
    if p.is_dir():
        raise DataFileError(p, [(None, "is a directory; expected a CSV, XLSX or text file")])
    if not p.is_file():
        raise DataFileError(p, [(None, "file not found")])
    return p


@attrs.frozen(kw_only=True)
class EconomicMapping:
    """One row of the 部门预算 → 政府预算 economic correspondence (两套支出经济分类科目对照).

    ``unit_scope`` is ``"机关"`` (administrative units), ``"事业单位"`` (public institutions, whose
    spending maps to 505/506) or ``"全部"`` (both).

    >>> import govbudget as gb
    >>> m = gb.economic_mapping(2024, "30101", unit_scope="机关")
    >>> m.government_code, m.government_name, m.evidence
    ('50101', '工资奖金津补贴', 'public-notice')
    """

    department_code: str
    department_name: str
    government_code: str
    government_name: str
    unit_scope: str
    evidence: str
    source: str


@cache
def _mappings() -> dict[int, tuple[EconomicMapping, ...]]:
    out: dict[int, tuple[EconomicMapping, ...]] = {}
    d = codes_dir().joinpath("mappings")
    for f in d.iterdir() if d.is_dir() else ():
        if f.name.startswith("economic-") and f.name.endswith(".csv") and f.name[9:-4].isdigit():
            rows = csv.DictReader(io.StringIO(f.read_text(encoding="utf-8")))
            out[int(f.name[9:-4])] = tuple(EconomicMapping(**{k: (v or "").strip() for k, v in r.items()})
                                           for r in rows)
    return out


def economic_mapping(year: int, code: str, *, unit_scope: str = "机关") -> EconomicMapping:
    """The 政府预算 economic 款 that a 部门预算 economic 款 maps to, for 机关 or 事业单位.

    Only the shipped correspondence tables are known (2024: 31 rows seen in a public copy of
    the 财政部 对照表, the rest reconstructed; ``evidence`` says which). A code without a row
    raises :class:`~govbudget.UnknownCodeError`.

    >>> import govbudget as gb
    >>> gb.economic_mapping(2024, "30101", unit_scope="事业单位").government_code
    '50501'
    """
    tables = _mappings()
    if isinstance(year, bool) or not isinstance(year, int) or year not in tables:
        raise UnknownEditionError("economic mapping", year, tuple(sorted(tables)))
    if unit_scope not in ("机关", "事业单位"):
        raise ParseError(unit_scope, "unit_scope", "'机关' or '事业单位'")
    code = _read_code(code, "economic")
    for m in tables[year]:
        if m.department_code == code and m.unit_scope in (unit_scope, "全部"):
            return m
    raise UnknownCodeError(code, "economic", year, completeness=f"the {year} 部门→政府 correspondence "
                           f"({len(tables[year])} rows, partial) has no row for {unit_scope}", suggestions=())


def crosswalk(code: str, from_year: int, to_year: int, *, scheme: str = "functional") -> CrosswalkEntry:
    """Whether ``code`` kept its name, was renamed, added or removed between two shipped editions.

    >>> import govbudget as gb
    >>> e = gb.crosswalk("2010450", 2024, 2024)
    >>> e.status, e.from_name
    ('unchanged', '事业运行')
    """
    scheme = _scheme(scheme)
    a, b = _edition(scheme, from_year), _edition(scheme, to_year)
    return _walk(_read_code(code, scheme), a, b)
