"""``govbudget read`` and ``govbudget check``: read published reports, reconcile them.

``check`` takes one report (its findings, for people or ``--json``) or many (files, folders,
``--out``/``--html``: a batch, see :mod:`govbudget.batch`). Exit status of ``check``: 0 every
report was read and none has a contradiction (label problems, tails and not-assessable checks
are reported but do not fail), 1 at least one contradiction, 2 some input cannot be read or is
not a report (the files are named on stderr).

>>> main(["check", "no/such/report.txt"])
2
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
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
    """The one report named by the paths (files that belong together, or all of them with ``--as-one``)."""
    from pathlib import Path

    from ..batch import plan
    from ..errors import ReportReadError
    from . import read_report

    for p in args.report:
        if not str(p) or not Path(p).is_file():
            return read_report(p)  # the precise error: empty path, directory, FIFO, not found, …
    groups = plan(args.report, as_one=args.as_one)
    if len(groups) > 1:
        raise ReportReadError(f"these paths are {len(groups)} reports ({', '.join(g[0] for g in groups[:3])}"
                              f"{', …' if len(groups) > 3 else ''}): check them together with "
                              "govbudget check PATH …, or read them as one report with --as-one")
    return read_report(list(groups[0]))


def _not_a_report(rep: Any) -> GovBudgetError | None:
    from ..errors import ReportReadError
    from ._status import is_report

    if is_report(rep):
        return None
    return ReportReadError(f"{rep.source or 'the text'} is not a report: no table or title of a 部门预算/决算 "
                           "was found in it")


def _fail(args: argparse.Namespace, e: GovBudgetError) -> int:
    """A read error: ``{"error": …}`` on stdout with ``--json``, a line on stderr otherwise; exit 2."""
    if args.json:
        print(json.dumps({"error": str(e)}, ensure_ascii=False))
    else:
        print(f"error: {e}", file=sys.stderr)
    return 2


def _cmd_read(args: argparse.Namespace) -> int:
    try:
        rep = _read(args)
    except GovBudgetError as e:
        return _fail(args, e)
    nope = _not_a_report(rep)
    if nope is not None:
        return _fail(args, nope)
    kf = _plain(rep.key_figures())
    if args.json:
        kf["derived"], kf["blank"] = list(kf["derived"]), list(kf["blank"])
        print(json.dumps({"files": list(rep.files), "key_figures": kf, "tables": [t.to_dict() for t in rep.tables],
                          "unmapped": [u.to_dict() for u in rep.unmapped]}, ensure_ascii=False))
        return 0
    print(_read_text(rep, rep.key_figures()))
    return 0


_KF_NAMES = (("unit", "单位"), ("year", "年度"), ("kind", "类别"), ("amount_unit", "金额单位"),
             ("income_total", "本年收入合计"), ("expenditure_total", "本年支出合计"), ("basic", "基本支出"),
             ("project", "项目支出"), ("personnel", "人员经费"), ("public", "公用经费"),
             ("fiscal_total", "财政拨款收入"), ("opening_balance", "年初结转和结余"),
             ("closing_balance", "年末结转和结余"))
_TP_NAMES = (("total", "合计"), ("abroad", "因公出国（境）费"), ("vehicle", "公务用车购置及运行维护费"),
             ("vehicle_purchase", "公务用车购置费"), ("vehicle_running", "公务用车运行维护费"),
             ("reception", "公务接待费"))


def _money(v: Decimal | None, unit: str | None) -> str:
    """An amount for people: thousands separators, its unit; ``—`` for a missing figure.

    >>> _money(Decimal("96282213.44"), "元"), _money(None, "万元")
    ('96,282,213.44 元', '—')
    """
    if v is None:
        return "—"
    return f"{v:,}" + (f" {unit}" if unit else "")


def _read_text(rep: Any, kf: dict) -> str:
    r"""The human-readable ``read`` output: key figures with units, tables found, unplaced lines.

    >>> from govbudget import read_report
    >>> out = _read_text(rep := read_report(text="支出决算表\n金额单位：万元\n项目\t\t本年支出合计\t基本支出\t项目支出\n"
    ...     "合计\t\t1519.63\t1455.65\t63.98\n"), rep.key_figures())
    >>> [ln for ln in out.splitlines() if ln.startswith(("基本支出", "人员经费"))]
    ['基本支出 (basic)：1,455.65 万元', '人员经费 (personnel)：—']
    """
    units = kf["units"]
    blank = set(kf["blank"])
    derived = set(kf["derived"])
    lines = []
    for key, name in _KF_NAMES:
        v = kf[key]
        if key in ("unit", "year", "kind", "amount_unit"):
            text = "—" if v is None else str(v)
        else:
            text = _money(v, units.get(key))
            if key in blank:
                text += "（表中印为空白）"
            if key in derived:
                text += "（表中未印合计，按经济分类类级数推算）"
        lines.append(f"{name} ({key})：{text}")
    for side, label in (("budget", "预算数"), ("actual", "决算数")):
        items = kf["three_public"][side]
        if all(v is None for v in items.values()) and not any(b.startswith(f"three_public.{side}.") for b in blank):
            continue
        parts = []
        for key, name in _TP_NAMES:
            text = _money(items.get(key), units.get("three_public"))
            if f"three_public.{side}.{key}" in blank:
                text += "（空白）"
            parts.append(f"{name} {text}")
        lines.append(f"“三公”经费{label} (three_public.{side})：" + "；".join(parts))
    lines.append(f"功能分类科目 (functional)：{len(kf['functional'])} 个科目")
    lines.append("")
    lines.append(f"识别到的表（{len(rep.tables)} 张）：")
    for t in rep.tables:
        from .checks import _tn

        lines.append(f"  {_tn(t) if t.table_id else (t.title or '未识别的表')}（{t.table_id or '未识别'}，"
                     f"金额单位 {t.amount_unit or '未印'}，{len(t.cells)} 个单元格）")
    lines.append(f"未能归位的行：{len(rep.unmapped)}")
    for u in rep.unmapped:
        pos = (f"第{u.page}页" if u.page else "") + f"第{u.line}行"
        if u.file and u.file != rep.source:  # a report read from several files
            pos = f"{u.file.rsplit('/', 1)[-1]} {pos}"
        lines.append(f"  {pos}：{u.text}（{u.reason}）")
    return "\n".join(lines)


def _batch_mode(args: argparse.Namespace) -> bool:
    """Several reports, a folder, or an output file: check as a batch (tables, progress, summary)."""
    from pathlib import Path

    if args.out or args.html:
        return True
    if args.as_one or len(args.report) != 1:
        from ..batch import plan

        return len(plan(args.report, as_one=args.as_one)) > 1
    return bool(str(args.report[0])) and Path(args.report[0]).is_dir()


def _layouts(args: argparse.Namespace) -> list:
    """The ``--layout`` files, each read once before any report (a malformed one is a typed error
    naming the file and the entry)."""
    from ..checks import load_layout

    return [load_layout(p) for p in getattr(args, "layout", None) or ()]


def _cmd_check(args: argparse.Namespace) -> int:
    try:
        layouts = _layouts(args)
    except GovBudgetError as e:
        return _fail(args, e)
    if _batch_mode(args):
        from ._batch_cli import run_batch

        return run_batch(args)
    try:
        rep = _read(args)
        nope = _not_a_report(rep)
        if nope is not None:
            raise nope
    except GovBudgetError as e:
        return _fail(args, e)
    findings = rep.check(strict=args.strict, layouts=layouts)
    bad = any(f.verdict == "contradiction" for f in findings)
    if args.json:
        print(json.dumps({"findings": [f.to_dict() for f in findings]}, ensure_ascii=False, default=str))
    else:
        print(_check_text(rep, findings, show_all=args.all))
    return 1 if bad else 0


_GROUPS = (
    ("contradictions", "矛盾（contradictions：超出尾数误差范围，报告前后不一致）"),
    ("labels", "名称与措辞（label problems：科目名称、方向词等）"),
    ("tails", "尾数误差（tail differences：在四舍五入允许范围内，不算错误）"),
    ("hints", "提示（hints：值得一看，不是错误）"),
    ("not_assessable", "无法核对（not assessable）"),
)
_AMOUNT = re.compile(r"(?<![\d.,])(\d{4,})(\.\d+)(?!\d)")


def _thousands(text: str) -> str:
    """Thousands separators in the amounts of a message (numbers with decimals; codes, years and line
    numbers are integers and stay as they are).

    >>> _thousands("合计 96282213.44 与 2040699 行 第120行 1234.5%")
    '合计 96,282,213.44 与 2040699 行 第120行 1,234.5%'
    """
    return _AMOUNT.sub(lambda m: f"{int(m.group(1)):,}{m.group(2)}", text)


def _group(f: Any) -> str | None:
    if f.verdict == "ok":
        return None
    if f.hint:
        return "hints"
    return {"contradiction": "contradictions", "label": "labels", "tail": "tails"}.get(f.verdict, "not_assessable")


def _check_text(rep: Any, findings: list, *, show_all: bool = False) -> str:
    """The human-readable ``check`` output: a summary line, then the findings grouped by kind.

    Findings explained by a grouped finding (amounts printed against the wrong codes, rule
    ``T05.shift``) are listed under it, collapsed to a count per rule; ``show_all`` prints each.

    >>> from govbudget import read_report
    >>> rep = read_report(text="收入支出决算总表\\n")
    >>> print(_check_text(rep, rep.check()).splitlines()[0])
    ? ?年决算：共 1 项核对 — 矛盾 0，名称与措辞 0，尾数误差 0，提示 0，无法核对 1
    """
    groups: dict[str, list] = {key: [] for key, _ in _GROUPS}
    for f in findings:
        key = _group(f)
        if key:
            groups[key].append(f)
    units = sorted({t.amount_unit for t in rep.tables if t.table_id and t.amount_unit})
    summary = (f"{rep.unit or '?'} {rep.year or '?'}年{rep.kind or ''}：共 {len(findings)} 项核对 — "
               f"矛盾 {len(groups['contradictions'])}，名称与措辞 {len(groups['labels'])}，"
               f"尾数误差 {len(groups['tails'])}，提示 {len(groups['hints'])}，"
               f"无法核对 {len(groups['not_assessable'])}")
    from ._shift import explained_by

    under: dict[str, list] = {}
    for f in findings:
        key = explained_by(f)
        if key is not None:
            under.setdefault(key, []).append(f)
    if under:
        n = sum(len(v) for v in under.values())
        shifted = sum(1 for k in under if k.startswith("T05.shift:"))
        roots = len(under) - shifted
        causes = "、".join(x for x in (f"{shifted} 处成组错位" if shifted else "",
                                       f"{roots} 个印错的单元格" if roots else "") if x)
        summary += (f"（其中 {n} 项矛盾由 {causes}解释，"
                    f"{'列在其下' if show_all else '折叠在其下，加 --all 逐项列出'}）")
    lines = [summary]
    if units:
        lines.append(f"金额单位：表中金额按各表所印单位（{'、'.join(units)}）列出，说明中的金额为万元；"
                     "元表折算为万元时四舍五入到 0.01。")
    from .checks import full_name

    names = {t.number: full_name(t) for t in rep.tables if t.number}

    def human(text: str) -> str:  # 公开04表 → 公开04表 财政拨款收支预算总表; amounts with separators
        text = re.sub(r"公开\d\d表(?! )|公开\d\d表(?= )", lambda m: names.get(m.group(0), m.group(0)), text)
        return _thousands(text)

    for key, title in _GROUPS:
        if groups[key]:
            lines += ["", f"{title}："]
            for f in groups[key]:
                if explained_by(f) is not None:
                    continue
                lines.append(f"  [{f.rule}] {human(f.message)}")
                at = _places(f)
                if at:
                    lines.append(f"      位置：{human(at)}")
                kids = under.get(f"{f.rule}:{f.where}", [])
                if kids:
                    counts = "、".join(f"{r} {c} 项" for r, c in Counter(k.rule for k in kids).items())
                    lines.append(f"      由此解释的单项矛盾 {len(kids)} 项（{counts}）"
                                 f"{'：' if show_all else '，已折叠（加 --all 逐项列出）'}")
                    for k in kids if show_all else ():
                        lines.append(f"        [{k.rule}] {human(k.message)}")
                        at = _places(k)
                        if at:
                            lines.append(f"            位置：{human(at)}")
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
    r.add_argument("report", nargs="+", metavar="PATH",
                   help="the report's file (with its companion files: x_tables.pdf, x.tables.txt)")
    r.add_argument("--as-one", action="store_true", help="read all the files as one report")
    r.add_argument("--json", action="store_true", help="one JSON object: key_figures, tables, unmapped")
    r.set_defaults(func=_cmd_read)
    c = subparsers.add_parser(
        "check", help="reconcile published reports; exit 1 on a contradiction, 2 when a file cannot be read",
        description="One report: its findings. Several reports or a folder (searched for .pdf/.txt): one "
                    "line each and a summary; --out writes a table of reports and a table of findings.")
    c.add_argument("report", nargs="+", metavar="PATH", help="report files or folders")
    c.add_argument("--json", action="store_true", help="one JSON object with the findings (per report)")
    c.add_argument("--strict", action="store_true", help="no rounding band (exact data)")
    c.add_argument("--layout", action="append", default=[], metavar="PATH",
                   help="a template layout (TOML) whose rules and bound cells are checked too; repeatable")
    c.add_argument("--all", action="store_true",
                   help="list every finding explained by a grouped one (e.g. a shifted table) instead of a count")
    c.add_argument("--as-one", action="store_true", help="read all the files as one report")
    c.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="worker processes (default: the number of cores)")
    c.add_argument("--out", metavar="FILE",
                   help="write r.parquet + r.findings.parquet (or .csv; or two sheets of one .xlsx); "
                        "a second run skips the reports already there (same sha256)")
    c.add_argument("--html", metavar="FILE", help="write a summary page (one self-contained HTML file)")
    c.add_argument("--timeout", type=float, default=300, metavar="SECONDS",  # float-ok (seconds)
                   help="time limit per report (default 300; 0: none)")
    c.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines")
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
