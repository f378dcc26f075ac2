"""``govbudget read`` and ``govbudget check``: read a published report, reconcile it.

Exit status of ``check``: 0 no contradiction (label problems, tails and not-assessable
checks are reported but do not fail), 1 at least one contradiction, 2 the input cannot be read.

>>> main(["check", "no/such/report.txt"])
2
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..errors import GovBudgetError

__all__ = ["add_commands", "main"]


def _plain(x: Any) -> Any:
    if isinstance(x, Decimal):
        return str(x)
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    return x


def _read(args: argparse.Namespace):
    from . import read_report

    return read_report(args.report)


def _cmd_read(args: argparse.Namespace) -> int:
    try:
        rep = _read(args)
    except GovBudgetError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    kf = _plain(rep.key_figures())
    if args.json:
        print(json.dumps({"key_figures": kf, "tables": [t.to_dict() for t in rep.tables],
                          "unmapped": [u.to_dict() for u in rep.unmapped]}, ensure_ascii=False))
        return 0
    for k, v in kf.items():
        if k not in ("functional", "three_public"):
            print(f"{k}: {'' if v is None else v}")
    for side, items in kf["three_public"].items():
        print(f"three_public.{side}: " + ", ".join(f"{k}={'' if v is None else v}" for k, v in items.items()))
    print(f"functional: {len(kf['functional'])} codes")
    for t in rep.tables:
        print(f"table {t.table_id or '?'}: {t.title} [{t.amount_unit or '?'}] {len(t.cells)} cells")
    print(f"unmapped: {len(rep.unmapped)}")
    for u in rep.unmapped:
        print(f"  line {u.line}: {u.text} ({u.reason})")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    try:
        rep = _read(args)
    except GovBudgetError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    findings = rep.check(strict=args.strict)
    bad = any(f.verdict == "contradiction" for f in findings)
    if args.json:
        print(json.dumps({"findings": [f.to_dict() for f in findings]}, ensure_ascii=False, default=str))
    else:
        print(_check_text(rep, findings))
    return 1 if bad else 0


_GROUPS = (
    ("contradictions", "contradictions (beyond rounding: the document disagrees with itself)"),
    ("labels", "label problems (names, direction words)"),
    ("tails", "tail differences (尾数误差, within the rounding band: allowed)"),
    ("hints", "hints (worth a look, never errors)"),
    ("not_assessable", "not assessable"),
)


def _group(f: Any) -> str | None:
    if f.verdict == "ok":
        return None
    if f.hint:
        return "hints"
    return {"contradiction": "contradictions", "label": "labels", "tail": "tails"}.get(f.verdict, "not_assessable")


def _check_text(rep: Any, findings: list) -> str:
    """The human-readable ``check`` output: a summary line, then the findings grouped by kind.

    >>> from govbudget import read_report
    >>> rep = read_report(text="收入支出决算总表\\n")
    >>> print(_check_text(rep, rep.check()).splitlines()[0])
    ? ?: 1 checks — 0 contradictions, 0 label problems, 0 tail differences, 0 hints, 1 not assessable
    """
    groups: dict[str, list] = {key: [] for key, _ in _GROUPS}
    for f in findings:
        key = _group(f)
        if key:
            groups[key].append(f)
    summary = (f"{rep.unit or '?'} {rep.year or '?'}: {len(findings)} checks — "
               f"{len(groups['contradictions'])} contradictions, {len(groups['labels'])} label problems, "
               f"{len(groups['tails'])} tail differences, {len(groups['hints'])} hints, "
               f"{len(groups['not_assessable'])} not assessable")
    lines = [summary]
    for key, title in _GROUPS:
        if groups[key]:
            lines += ["", f"{title}:"]
            for f in groups[key]:
                lines.append(f"  [{f.rule}] {f.message}")
                at = _places(f)
                if at:
                    lines.append(f"      位置：{at}")
    return "\n".join(lines)


def _places(f: Any, limit: int = 4) -> str:
    """The places of a finding that name a printed position (page/line), at most ``limit`` of them.

    >>> from govbudget import Finding
    >>> _places(Finding(rule="X12", verdict="contradiction", where="说明三", expected=None, found=None,
    ...     places=("说明三 基本支出（三、支出决算情况说明 第365行）", "公开03表 合计 基本支出（第166行）")))
    '说明三 基本支出（三、支出决算情况说明 第365行）；公开03表 合计 基本支出（第166行）'
    """
    located = [p for p in f.places if "行）" in p or "行)" in p]
    if not located:
        return ""
    more = f"；…（另 {len(located) - limit} 处）" if len(located) > limit else ""
    return "；".join(located[:limit]) + more


def add_commands(subparsers: Any) -> None:
    """Add ``read`` and ``check`` to an argparse sub-parser collection.

    >>> p = argparse.ArgumentParser(); add_commands(p.add_subparsers(dest="command"))
    >>> p.parse_args(["check", "x.txt", "--json"]).json
    True
    """
    r = subparsers.add_parser("read", help="read a published report (.txt or .pdf) and print its key figures")
    r.add_argument("report")
    r.add_argument("--json", action="store_true", help="one JSON object: key_figures, tables, unmapped")
    r.set_defaults(func=_cmd_read)
    c = subparsers.add_parser("check", help="reconcile a published report; exit 1 on a contradiction")
    c.add_argument("report")
    c.add_argument("--json", action="store_true", help="one JSON object with the findings")
    c.add_argument("--strict", action="store_true", help="no rounding band (exact data)")
    c.set_defaults(func=_cmd_check)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``read``/``check`` with ``argv``; return the exit status.

    >>> main(["read", "no/such/report.txt"])
    2
    """
    parser = argparse.ArgumentParser(prog="govbudget")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv) if argv is not None else None)
    return args.func(args)
