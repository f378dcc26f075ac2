"""The ``govbudget`` command line.

Command groups register themselves in :data:`COMMANDS`; :func:`build_parser` calls each of them
with the ``argparse`` sub-parser collection, then offers the same collection to the report
reader's commands (``govbudget.reader.cli.add_commands``) when that module is installed.

Exit status: 0 on success; 1 when a code or edition is not known (the message on stderr is the
library's own); 2 for a usage error or unreadable input (any other GovBudgetError).

>>> main(["codes", "show", "2010450", "--year", "2024"])
code      2010450
name      事业运行
level     项
path      一般公共服务支出 › 发展与改革事务 › 事业运行
evidence  attested (code and name printed together in a document of that year)
source    《株洲市长株潭一体化发展事务中心2024年度部门决算》 公开02/03/05表
edition   functional 2024
years     attested 2024; reconstructed 2017–2023, 2025, 2026
0
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from . import classification as _cls
from .errors import GovBudgetError, MalformedCodeError, UnknownCodeError, UnknownEditionError

__all__ = ["COMMANDS", "build_parser", "main"]

_SCHEME_CHOICES = ("functional", "economic", "government")
_BY_LEADING_DIGIT = {"2": "functional", "3": "economic", "5": "government"}


# ---------------------------------------------------------------------------- helpers


def _edition(scheme: str, year: int) -> _cls.Edition:
    if scheme == "functional":
        return _cls.functional(year)
    return _cls.economic(year, scheme="government" if scheme == "government" else "department")


def _latest(scheme: str) -> int:
    years = _cls.editions()[scheme]
    if not years:  # pragma: no cover - every scheme ships at least one edition
        raise UnknownEditionError(scheme, "any year", years)
    return years[-1]


def _subject_dict(ed: _cls.Edition, code: str) -> dict[str, Any]:
    s = ed[code]
    return {
        "code": s.code,
        "name": s.name,
        "level": s.level,
        "parent": s.parent,
        "path": [{"code": p.code, "name": p.name, "level": p.level} for p in ed.path(code)],
        "evidence": s.evidence,
        "source": s.source,
        "scheme": ed.scheme,
        "year": ed.year,
        "complete": ed.complete,
    }


def _print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------------------- codes


_EVIDENCE_NOTE = {
    "attested": "attested (code and name printed together in a document of that year)",
    "public-notice": "public-notice (printed in a public notice of that year; address in source)",
    "reconstructed": "reconstructed (known from the published classification, not printed in any "
                     "document we hold; not official)",
    "user": "user (from a table the user loaded)",
}


def _evidence_by_year(scheme: str, code: str) -> str:
    """``attested 2017–2019, 2024; reconstructed 2020–2023``: the evidence of ``code`` in each shipped edition."""
    by: dict[str, list[int]] = {}
    for y in _cls.editions()[scheme]:
        s = _edition(scheme, y).get(code)
        if s is not None:
            by.setdefault(s.evidence, []).append(y)
    return "; ".join(f"{ev} {_years_text(ys)}" for ev, ys in sorted(by.items(), key=lambda kv: _EVIDENCE_ORDER(kv[0])))


def _EVIDENCE_ORDER(evidence: str) -> int:
    return _cls.EVIDENCE_LEVELS.index(evidence) if evidence in _cls.EVIDENCE_LEVELS else 99


def _codes_show(args: argparse.Namespace) -> int:
    code = _cls.compact_code(args.code)  # read as every lookup reads a code: " 2080505", "208-05-05"
    scheme = args.scheme or _BY_LEADING_DIGIT.get(str(code)[:1], "functional")
    if args.year is not None:
        ed = _edition(scheme, args.year)
    else:
        # The shipped editions are partial: a code missing from the latest one may still be
        # known in an earlier year, so take the newest edition that lists it.
        _cls.check_code(code, scheme)
        years = _cls.editions()[scheme]
        found = [y for y in reversed(years) if code in _edition(scheme, y)]
        if not found:
            print(_nowhere(scheme, code, years), file=sys.stderr)
            return 1
        ed = _edition(scheme, found[0])
    ed[code]  # raises MalformedCodeError / UnknownCodeError with the library's message
    d = _subject_dict(ed, code)
    d["years"] = _evidence_by_year(ed.scheme, code)
    if args.json:
        _print_json(d)
        return 0
    path = " › ".join(p["name"] for p in d["path"])
    s = ed[code]
    rows = [
        ("code", d["code"]),
        ("name", d["name"]),
        *([("aliases", "; ".join(f"{n} ({_years_text(ys)})" if ys else n for n, ys in s.alias_years)
            or "; ".join(s.aliases))] if s.aliases else []),
        ("level", d["level"]),
        ("path", path),
        ("evidence", _EVIDENCE_NOTE.get(d["evidence"], d["evidence"])),
        ("source", d["source"]),
        ("edition", f"{ed.scheme} {ed.year}"),
        ("years", d["years"]),
    ]
    for key, value in rows:
        print(f"{key:<9} {value}")
    return 0


def _nowhere(scheme: str, code: str, years: Sequence[int]) -> str:
    """The message for a code no shipped edition lists, with suggestions from the best-placed edition.

    The suggestions come from the edition with the most codes under the same 款 (then 类), the
    newest on a tie, so they share the code's parents where any edition can offer that.
    """
    prefixes = [code[:n] for n in (5, 3) if n < len(code)]

    def score(y: int) -> tuple[int, ...]:
        ed = _edition(scheme, y)
        return (*(sum(1 for c in ed if c != p and c.startswith(p)) for p in prefixes), len(ed), y)

    best = max(years, key=score)
    ed = _edition(scheme, best)
    shipped = ", ".join(str(y) for y in years)
    near = ", ".join(ed.nearest(code))
    under = next((p for p in prefixes if any(c != p and c.startswith(p) for c in ed)), None)
    why = f"the edition with the most codes under {under}" if under else "the largest edition"
    return (
        f"code {code!r} is in no shipped {scheme} edition ({shipped}; all partial); "
        f"nearest known codes in {scheme} {best} ({why}): {near}"
    )


def _search_plan(args: argparse.Namespace) -> tuple[list[tuple[str, list[int]]], list[str]]:
    """The (scheme, years newest first) to search, and a note per scheme left out for lack of the year."""
    schemes = [args.scheme] if args.scheme else list(_SCHEME_CHOICES)
    plan, skipped = [], []
    for scheme in schemes:
        years = list(reversed(_cls.editions()[scheme]))
        if args.year is not None:
            if args.year not in years and args.scheme is None:
                skipped.append(f"{scheme} (no {args.year} edition)")
                continue
            years = [args.year]
        plan.append((scheme, years))
    return plan, skipped


def _years_text(years: Sequence[int]) -> str:
    """``2017, 2018, 2024–2026``: the years in order, runs of three or more as a range."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def _codes_search(args: argparse.Namespace) -> int:
    """Search one scheme (``--scheme``) or all three, one edition (``--year``) or every shipped one.

    One line per code, from the newest edition listing it, with every year whose edition matches
    it (newest first). The schemes and years searched are named on stderr.
    """
    plan, skipped = _search_plan(args)
    first: dict[tuple[str, str], _cls.Edition] = {}
    seen_in: dict[tuple[str, str], list[int]] = {}
    for scheme, years in plan:
        for year in years:
            ed = _edition(scheme, year)
            for s in ed.search(args.text):
                first.setdefault((scheme, s.code), ed)
                seen_in.setdefault((scheme, s.code), []).append(year)
    order = sorted(first, key=lambda k: (_SCHEME_CHOICES.index(k[0]), -first[k].year, k[1]))
    searched = "; ".join(f"{scheme} {_years_text(years)}" for scheme, years in plan)
    note = f"searched {searched}" + (f"; not searched: {', '.join(skipped)}" if skipped else "")
    if args.json:
        _print_json([{**_subject_dict(first[k], k[1]), "years": seen_in[k]} for k in order])
    elif not order:
        print(f"no code matches {args.text!r}", file=sys.stderr)
    else:
        many = len(plan) > 1
        for k in order:
            ed, s = first[k], first[k][k[1]]
            label = f"{k[0]:<10} " if many else ""
            print(f"{label}{s.code:<8} {s.level}  {ed.path_names(s.code)}  [{s.evidence}]  "
                  f"{', '.join(map(str, seen_in[k]))}")
    print(note, file=sys.stderr)
    return 0 if order else 1


def _codes_list(args: argparse.Namespace) -> int:
    if args.year is None:
        schemes = [args.scheme] if args.scheme else list(_SCHEME_CHOICES)
        out = []
        for scheme in schemes:
            for year in _cls.editions()[scheme]:
                ed = _edition(scheme, year)
                levels: dict[str, int] = {}
                for s in ed.values():
                    levels[s.level] = levels.get(s.level, 0) + 1
                out.append({"scheme": scheme, "year": year, "rows": len(ed), "levels": levels,
                            "complete": ed.complete, "completeness": ed.completeness})
        if args.json:
            _print_json(out)
            return 0
        print(f"{'scheme':<11} {'year':<5} {'rows':>5}  levels")
        for e in out:
            lv = " ".join(f"{k} {v}" for k, v in e["levels"].items())
            print(f"{e['scheme']:<11} {e['year']:<5} {e['rows']:>5}  {lv}")
        return 0
    scheme = args.scheme or "functional"
    ed = _edition(scheme, args.year)
    if args.json:
        _print_json([_subject_dict(ed, c) for c in ed])
        return 0
    indent = {"类": "", "款": "  ", "项": "    "}
    for s in ed.values():
        print(f"{indent.get(s.level, '')}{s.code:<8} {s.name}  [{s.evidence}]")
    return 0


#: the order in which ``codes diff`` lists the statuses (changes first, unchanged last)
_DIFF_ORDER = ("renamed", "moved", "added", "removed", "unattested", "unchanged")


def _diff_line(e: _cls.CrosswalkEntry) -> str:
    """One line: status, code, names, and in brackets the evidence, saying whose it is."""
    names, tag = e.from_name or e.to_name or "", e.evidence
    if e.status == "renamed":
        names = f"{e.from_name} → {e.to_name}"
    elif e.status == "moved":
        names = f"{e.from_name} → {e.to_code} {e.to_name}"
    elif e.status == "unattested":  # the evidence is that of the one row there is
        has, lacks = (e.from_year, e.to_year) if e.from_name is not None else (e.to_year, e.from_year)
        tag = f"{e.evidence} in {has}; not listed in the partial {lacks} edition"
    return f"{e.status:<10} {e.code:<8} {names}  [{tag}]"


def _codes_diff(args: argparse.Namespace) -> int:
    """The summary first, then one line per changed code (``--all``: the unchanged ones too, last)."""
    scheme = args.scheme or "functional"
    a, b = _edition(scheme, args.from_year), _edition(scheme, args.to_year)
    entries = a.diff(b)
    if args.json:
        _print_json([
            {"code": e.code, "status": e.status, "from_name": e.from_name, "to_name": e.to_name,
             "to_code": e.to_code, "evidence": e.evidence, "source": e.source}
            for e in entries
        ])  # machine output: every code, unchanged ones included
        return 0
    counts = {st: sum(1 for e in entries if e.status == st) for st in _DIFF_ORDER}
    changed = ", ".join(f"{st} {n}" for st, n in counts.items() if n and st != "unchanged") or "none"
    hidden = "" if args.all or not counts["unchanged"] else " (--all lists them)"
    print(f"{scheme} {a.year} → {b.year}: {len(entries) - counts['unchanged']} changed ({changed}); "
          f"{counts['unchanged']} unchanged{hidden}")
    if counts["unattested"]:
        print("unattested: listed in one edition only; the other is partial, so this is not a removal or an addition")
    for st in _DIFF_ORDER:
        if st == "unchanged" and not args.all:
            break
        for e in entries:
            if e.status == st:
                print(_diff_line(e))
    return 0


def _codes_import(args: argparse.Namespace) -> int:
    """Load an official table (xlsx/xls/csv/text) and say what was read and every line not taken."""
    ed = _cls.load_edition(args.file, scheme=args.scheme or "functional", year=args.year,
                           errors="report" if args.keep_going else "raise")
    levels: dict[str, int] = {}
    for s in ed.values():
        levels[s.level] = levels.get(s.level, 0) + 1
    if args.json:
        _print_json({"scheme": ed.scheme, "year": ed.year, "codes": len(ed), "levels": levels,
                     "skipped": [{"line": line, "reason": why} for line, why in ed.skipped]})
    else:
        lv = ", ".join(f"{k} {v}" for k, v in levels.items())
        print(f"read {len(ed)} {ed.scheme} codes of {ed.year} ({lv}) from {args.file}")
        if ed.skipped:
            print(f"{len(ed.skipped)} line{'s' if len(ed.skipped) != 1 else ''} not taken:")
            for line, why in ed.skipped:
                print(f"  line {line}: {why}")
    if args.out:
        _write_table(ed, args.out)
        if not args.json:
            print(f"wrote {args.out}")
    return 0


def _write_table(ed: _cls.Edition, path: str) -> None:
    """The edition in the shipped table format (``code,name,level,parent,evidence,source,aliases,note``)."""
    import csv
    from pathlib import Path

    try:
        with Path(path).open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["code", "name", "level", "parent", "evidence", "source", "aliases", "note"])
            for s in ed.values():
                w.writerow([s.code, s.name, s.level, s.parent or "", s.evidence, s.source, "|".join(s.aliases), s.note])
    except OSError as e:
        from .errors import DataFileError

        raise DataFileError(path, [(None, f"cannot write: {e.strerror or e}")]) from e


def add_codes_commands(subparsers: Any) -> None:
    """Register ``govbudget codes show|search|list|import|diff``.

    >>> p = build_parser()
    >>> p.parse_args(["codes", "show", "2010450"]).code
    '2010450'
    """
    codes = subparsers.add_parser("codes", help="look up classification codes")
    sub = codes.add_subparsers(dest="codes_command", metavar="{show,search,list,import,diff}", required=True)

    def common(p: argparse.ArgumentParser, *, year: bool = True) -> None:
        if year:
            p.add_argument("--year", type=int, help="edition year (default: every shipped edition, newest first)")
        p.add_argument("--scheme", choices=_SCHEME_CHOICES, help="classification (default: functional)")
        p.add_argument("--json", action="store_true", help="print JSON")

    show = sub.add_parser("show", help="one code: name, level, path, evidence, source")
    show.add_argument("code")
    common(show)
    show.set_defaults(func=_codes_show)

    search = sub.add_parser(
        "search", help="codes whose name contains TEXT (without --year: every shipped edition, newest first, "
                       "with the years that list each code)"
    )
    search.add_argument("text")
    common(search)
    search.set_defaults(func=_codes_search)

    lst = sub.add_parser("list", help="shipped editions with counts; with --year, the codes")
    common(lst)
    lst.set_defaults(func=_codes_list)

    imp = sub.add_parser(
        "import", help="read an official table (xlsx/xls/csv with 科目编码/科目名称 or 类/款/项, or the text of "
                       "the 科目 book) and list every line not taken")
    imp.add_argument("file")
    imp.add_argument("--year", type=int, required=True, help="the year of the table")
    imp.add_argument("--scheme", choices=_SCHEME_CHOICES, help="classification (default: functional)")
    imp.add_argument("--out", help="write the table in the shipped CSV format")
    imp.add_argument("--keep-going", action="store_true",
                     help="load the good rows and list the bad ones among the lines not taken (default: refuse)")
    imp.add_argument("--json", action="store_true", help="print JSON")
    imp.set_defaults(func=_codes_import)

    diff = sub.add_parser("diff", help="crosswalk statuses between two editions")
    diff.add_argument("from_year", type=int)
    diff.add_argument("to_year", type=int)
    diff.add_argument("--all", action="store_true", help="also list the unchanged codes (after the changes)")
    common(diff, year=False)
    diff.set_defaults(func=_codes_diff)


#: command groups: each is called with the sub-parser collection and adds its parsers,
#: setting ``func`` (``Namespace -> int``) as the handler. Append to register a new group.
COMMANDS: list[Callable[[Any], None]] = [add_codes_commands]


def build_parser() -> argparse.ArgumentParser:
    """The ``govbudget`` argument parser with every registered command group.

    Hook for the report reader: after the groups of :data:`COMMANDS`, the function
    ``add_commands(subparsers)`` of ``govbudget.reader.cli`` is called if that module exists.
    Only its absence is ignored; any other import error propagates.

    >>> "codes" in build_parser().format_help()
    True
    """
    parser = argparse.ArgumentParser(
        prog="govbudget",
        description="China's government revenue and expenditure classification and departmental accounts.",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"govbudget {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add in COMMANDS:
        add(subparsers)
    try:
        from .reader.cli import add_commands
    except ModuleNotFoundError as e:
        if e.name not in ("govbudget.reader", "govbudget.reader.cli"):
            raise
    else:
        add_commands(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``) and return the exit status.

    >>> main(["codes", "search", "住房公积金", "--year", "2024"])
    functional 2210201  项  住房保障支出 › 住房改革支出 › 住房公积金  [attested]  2024
    economic   30113    款  工资福利支出 › 住房公积金  [attested]  2024
    government 50103    款  机关工资福利支出 › 住房公积金  [reconstructed]  2024
    0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as e:  # argparse: --help, --version, usage errors
        return e.code if isinstance(e.code, int) else 2
    try:
        status = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at interpreter exit
        return status
    except (UnknownCodeError, MalformedCodeError, UnknownEditionError) as e:
        print(e, file=sys.stderr)
        return 1
    except GovBudgetError as e:
        print(e, file=sys.stderr)
        return 2
    except BrokenPipeError:
        return _reader_went_away()


def _reader_went_away() -> int:
    """``govbudget codes diff 2024 2025 | head``: the reader stopped early, which is not an error.

    Point stdout at the null device so the interpreter's final flush cannot fail again, and exit 0.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout without a file descriptor (captured): nothing to flush
        pass
    return 0
