"""``govbudget check`` on many reports: progress, the two tables (``--out``), the page (``--html``).

>>> import argparse, tempfile
>>> run_batch(argparse.Namespace(report=[tempfile.mkdtemp()], out=None, html=None, jobs=1, timeout=0,
...     strict=False, as_one=False, json=False, no_progress=True, layout=[]))
2
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["run_batch"]


def run_batch(args: argparse.Namespace) -> int:
    """Check the reports named by ``args.report``; print one summary; return the exit status (0/1/2)."""
    import polars as pl

    from ..batch import exit_status, plan, resume, summary_lines

    if not plan(args.report, as_one=args.as_one):
        print("error: no report file (.pdf, .txt) in " + ", ".join(map(str, args.report)), file=sys.stderr)
        return 2
    reports, findings, current, skipped = resume(
        args.report, out=args.out, jobs=args.jobs, progress=not args.no_progress, strict=args.strict,
        timeout=args.timeout or None, as_one=args.as_one, layouts=tuple(getattr(args, "layout", None) or ()))
    mine = reports.filter(pl.col("sha256").is_in(list(current)) | pl.col("sha256").is_null())
    if args.html:
        from ..batch_html import write_html

        write_html(mine, findings.filter(pl.col("sha256").is_in(list(current))), args.html)
    if args.json:
        print(json.dumps({"reports": mine.to_dicts()}, ensure_ascii=False, default=str))
    else:
        if skipped:
            print(f"{skipped} report{'s' if skipped != 1 else ''} already checked in {args.out}: skipped")
        for line in summary_lines(mine):
            print(line, file=sys.stderr if line.startswith("  not read") else sys.stdout)
        if args.out:
            from ..batch import table_paths

            rp, fp = table_paths(args.out)
            print(f"wrote {rp}" + (f" and {fp}" if fp != rp else " (sheets reports, findings)"))
        if args.html:
            print(f"wrote {args.html}")
    return exit_status(mine)
