r"""Check many published reports at once: one row per report, one row per finding.

:func:`check_many` reads and checks every report named by its paths (folders are searched
recursively for ``.pdf`` and ``.txt``), in parallel processes or on any
:class:`concurrent.futures.Executor`, and returns two polars DataFrames. Amounts are exact
strings as printed (never floats). A file that cannot be read is a row with its status and
error, never an exception: ``ok``, ``unreadable``, ``not a report`` or ``timed out``.

Files that belong together are one report: ``x.tables.txt`` (the table layer of ``x.txt``) and
``x_tables.pdf`` (the table volume of ``x.pdf``) join their main file; ``as_one=True`` reads
all the paths as one report.

>>> import govbudget as gb, pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("XX局2024年度部门决算\n支出决算表\n金额单位：万元\n"
...     "项目\t\t本年支出合计\t基本支出\t项目支出\n合计\t\t519.63\t455.65\t63.98\n", encoding="utf-8")
>>> _ = (folder / "notes.txt").write_text("今天天气很好。\n", encoding="utf-8")
>>> reports, findings = gb.check_many([folder], jobs=1, progress=False)
>>> reports.select("file", "status", "year", "basic", "contradiction").rows()  # doctest: +ELLIPSIS
[('.../a.txt', 'ok', 2024, '455.65', 0), ('.../notes.txt', 'not a report', None, None, None)]
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import os
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from . import limits
from ._batch_schema import _FIGURES, _VERDICTS, FINDING_COLUMNS, REPORT_COLUMNS, STATUSES

__all__ = ["FINDING_COLUMNS", "REPORT_COLUMNS", "STATUSES", "check_many"]

@attrs.frozen
class Job:
    """One report to read and check in a worker (picklable)."""

    files: tuple[str, ...]
    strict: bool = False
    timeout: float | None = None  # float-ok (seconds)
    layouts: tuple[str, ...] = ()  # layout TOML files checked with the built-in rules
    limits: limits.Limits = attrs.field(factory=limits.current)


def sha256_of(files: Sequence[str]) -> str:
    """The report's fingerprint: a file's sha256, or for several files the sha256 of their sha256s.

    >>> sha256_of([])
    ''
    """
    digests = []
    for f in files:
        h = hashlib.sha256()
        try:
            with open(f, "rb") as fh:
                for block in iter(lambda fh=fh: fh.read(1 << 20), b""):
                    h.update(block)
        except OSError:
            return ""
        digests.append(h.hexdigest())
    if len(digests) == 1:
        return digests[0]
    return hashlib.sha256("+".join(digests).encode()).hexdigest() if digests else ""


def settings_of(strict: bool = False, layouts: Sequence[str] = ()) -> str:
    """What a report was checked with, as a fingerprint: the library version, ``strict`` and the
    contents of the layout files. A resumed run checks again the reports checked with other settings.

    >>> settings_of() == settings_of(False, ()) != settings_of(True)
    True
    """
    from . import __version__

    h = hashlib.sha256(f"govbudget {__version__}; strict={bool(strict)}".encode())
    for path in layouts:
        try:
            h.update(b"; layout " + Path(path).read_bytes())
        except OSError:
            h.update(f"; layout {path} (unreadable)".encode())
    return h.hexdigest()[:16]


def check_job(job: Job) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Read and check one report: ``(report row, finding rows)``. Never raises for bad input.

    >>> row, rows = check_job(Job(("no/such/file.txt",)))
    >>> row["status"], row["error"]
    ('unreadable', 'cannot read no/such/file.txt: file not found')
    """
    from ._timebox import TimedOut, timebox
    from .errors import GovBudgetError, LimitExceededError

    t0 = time.perf_counter()
    row: dict[str, Any] = {"file": job.files[0] if job.files else "", "files": " + ".join(job.files),
                           "sha256": sha256_of(job.files), "status": "ok", "error": None,
                           "checked_with": settings_of(job.strict, job.layouts)}
    rows: list[dict[str, Any]] = []
    with limits.override(**attrs.asdict(job.limits)):
        try:
            with timebox(job.timeout):
                rows = _read_and_check(job, row)
        except TimedOut:
            row.update(status="timed out", error=f"reading and checking took longer than {job.timeout} s "
                                                 "(raise the per-file time limit: --timeout)")
        except LimitExceededError as e:
            row.update(status="timed out" if e.limit == "check_seconds" else "unreadable", error=str(e))
        except GovBudgetError as e:
            row.update(status="unreadable", error=str(e))
        except (Exception, RecursionError) as e:  # a defect of the library: record it, keep the batch going
            row.update(status="unreadable", error=f"internal error ({type(e).__name__}: {e}); please report it")
    row["milliseconds"] = round((time.perf_counter() - t0) * 1000)
    return {k: row.get(k) for k in REPORT_COLUMNS}, rows


def _read_and_check(job: Job, row: dict[str, Any]) -> list[dict[str, Any]]:
    from .reader import read_report
    from .reader._status import is_report

    rep = read_report(list(job.files))
    row.update(_report_fields(rep))
    if not is_report(rep):
        row.update(status="not a report", error="no table or title of a 部门预算/决算 was found in the text")
        return []
    findings = rep.check(strict=job.strict, layouts=job.layouts)
    counts = Counter(f.verdict for f in findings)
    row.update({v: counts.get(v, 0) for v in _VERDICTS}, checks=len(findings),
               hints=sum(1 for f in findings if f.hint and f.verdict != "ok"))
    return [_finding_row(f, row) for f in findings]


def _report_fields(rep: Any) -> dict[str, Any]:
    kf = rep.key_figures()
    main = kf.get("amount_unit")
    units = kf.get("units", {})
    tp = kf.get("three_public", {})
    other = sorted(f"{k}={u}" for k, u in units.items() if u and u != main and k in (*_FIGURES, "three_public"))
    out: dict[str, Any] = {"unit": kf.get("unit"), "year": kf.get("year"), "kind": kf.get("kind"),
                           "amount_unit": main, "figure_units": "; ".join(other) or None,
                           "tables": sum(1 for t in rep.tables if t.table_id), "unmapped": len(rep.unmapped)}
    for k in _FIGURES:
        out[k] = _s(kf.get(k))
    out["three_public_budget"] = _s(tp.get("budget", {}).get("total"))
    out["three_public_actual"] = _s(tp.get("actual", {}).get("total"))
    return out


def _s(x: object) -> str | None:
    return None if x is None else str(x)


def _finding_row(f: Any, report: dict[str, Any]) -> dict[str, Any]:
    from .reader._status import page_line

    page, line = page_line(f)
    return {"file": report["file"], "sha256": report["sha256"], "rule": f.rule, "verdict": f.verdict,
            "severity": f.severity, "hint": bool(f.hint), "where": f.where, "page": page, "line": line,
            "expected": _s(f.expected), "found": _s(f.found), "difference": _s(f.difference),
            "message": f.message, "places": "；".join(f.places) or None}


def _frames(report_rows: list[dict], finding_rows: list[dict]):
    import polars as pl

    from ._batch_schema import schemas

    rs, fs = schemas()
    reports = pl.DataFrame(report_rows, schema=rs, orient="row") if report_rows else pl.DataFrame(schema=rs)
    findings = pl.DataFrame(finding_rows, schema=fs, orient="row") if finding_rows else pl.DataFrame(schema=fs)
    return reports, findings


def plan(paths: Iterable[object], *, as_one: bool = False) -> list[tuple[str, ...]]:
    """The reports to check: the files named by ``paths`` (folders searched), grouped into reports.

    A ``x.txt`` whose ``x.tables.txt`` lies next to it takes that layer along, as
    :func:`govbudget.read_report` does.

    >>> plan([])
    []
    """
    from .reader._intake import group_paths, report_paths

    files = report_paths(paths)
    groups = group_paths(files, as_one=as_one)
    out = []
    for g in groups:
        g = list(g)
        main = g[0]
        sib = main.with_name(main.name[: -len(main.suffix)] + ".tables.txt") if main.suffix.lower() == ".txt" else None
        if sib is not None and not main.name.endswith(".tables.txt") and sib not in g and sib.is_file():
            g.append(sib)
        out.append(tuple(str(p) for p in g))
    return out


def check_many(paths: Iterable[object], *, jobs: int | None = None, executor: cf.Executor | None = None,
               progress: bool = True, strict: bool = False, timeout: float | None = 300,  # float-ok (seconds)
               as_one: bool = False, skip: Iterable[str] = (), layouts: Iterable[str | os.PathLike[str]] = ()):
    """Read and check many reports: ``(reports, findings)`` as two polars DataFrames.

    ``paths``: files and folders (searched recursively for ``.pdf``/``.txt``). ``jobs``: worker
    processes (default: the number of cores; 1 checks in this process). ``executor``: any
    :class:`concurrent.futures.Executor` instead (a Dask or Ray one to spread over machines); it is
    not shut down. ``progress``: a progress bar on a terminal, plain lines on stderr otherwise.
    ``timeout``: seconds per report (``None``: none), a report over it gets status ``timed out``.
    ``skip``: sha256 values of reports not to check again (see ``govbudget check --out``).
    ``layouts``: layout TOML files whose rules and bound cells are checked too (see
    :func:`govbudget.checks.check`).

    The reports table has one row per report (file, files, sha256, status, error, unit, year, kind,
    key figures as exact strings, counts by verdict, milliseconds); the findings table one row per
    finding (file, sha256, rule, verdict, severity, where, page, line, expected, found, message).

    >>> reports, findings = check_many([], progress=False)
    >>> reports.height, findings.columns[:4]
    (0, ['file', 'sha256', 'rule', 'verdict'])
    """
    groups = plan(paths, as_one=as_one)
    done = set(skip)
    lay = tuple(str(p) for p in layouts)
    todo = [Job(g, strict=strict, timeout=timeout, layouts=lay) for g in groups]
    if done:
        todo = [j for j in todo if sha256_of(j.files) not in done]
    results = _run(todo, jobs=jobs, executor=executor, progress=progress)
    report_rows = [r for r, _ in results]
    finding_rows = [f for _, fs in results for f in fs]
    return _frames(report_rows, finding_rows)


def _run(todo: list[Job], *, jobs: int | None, executor: cf.Executor | None, progress: bool):
    """Run the jobs and return their results in the order of ``todo``."""
    from ._progress import Reporter

    results: dict[int, tuple[dict, list]] = {}
    with Reporter(len(todo), enabled=progress) as rep:
        if executor is not None:
            _executor_run(executor, todo, results, rep)
        elif jobs == 1 or len(todo) <= 1 or (jobs is None and (os.cpu_count() or 1) == 1):
            for i, job in enumerate(todo):
                rep.start(job.files[0])
                results[i] = check_job(job)
                rep.done(results[i][0])
        else:
            _Pool(jobs or os.cpu_count() or 1, todo, results, rep).run()
    return [results[i] for i in range(len(todo))]


def _failed(job: Job, why: str, status: str = "unreadable") -> tuple[dict, list]:
    row = {k: None for k in REPORT_COLUMNS} | {
        "file": job.files[0], "files": " + ".join(job.files), "sha256": sha256_of(job.files),
        "status": status, "error": why, "checked_with": settings_of(job.strict, job.layouts)}
    return row, []


def _executor_run(pool: cf.Executor, todo: list[Job], results: dict, rep: Any) -> None:
    """A caller's executor (process pool, Dask, Ray …): everything submitted, results as they come."""
    futures = {pool.submit(check_job, job): i for i, job in enumerate(todo)}
    for fut in cf.as_completed(futures):
        i = futures[fut]
        try:
            results[i] = fut.result()
        except Exception as e:  # the worker died (killed, out of memory) or the executor failed
            results[i] = _failed(todo[i], f"the worker failed ({type(e).__name__}: {e})")
        rep.done(results[i][0])


#: seconds a worker may run past the per-report time limit before its process is ended
GRACE_SECONDS = 30


class _Pool:
    """The batch's own process pool: as many reports in flight as workers, so that a report's start is
    known; a worker stuck past the time limit (in code that a timer signal cannot interrupt) is ended
    with its pool, and a worker that dies takes only its own report down (the others are run again,
    one at a time)."""

    def __init__(self, workers: int, todo: list[Job], results: dict, rep: Any) -> None:
        from collections import deque

        self.workers, self.todo, self.results, self.rep = workers, todo, results, rep
        self.pending = deque(range(len(todo)))
        self.suspects: list[int] = []  # in flight when a worker died: run again alone
        self.running: dict[cf.Future, tuple[int, float]] = {}  # float-ok (monotonic seconds)
        self._alone: int | None = None  # the suspect running alone
        self.pool = cf.ProcessPoolExecutor(max_workers=workers)

    def run(self) -> None:
        try:
            while self.pending or self.suspects or self.running:
                self._submit()
                done, _ = cf.wait(self.running, timeout=1, return_when=cf.FIRST_COMPLETED)
                for fut in done:
                    if fut in self.running:  # not already taken by a renewal
                        self._collect(fut)
                self._end_stuck()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self) -> None:
        alone = bool(self.suspects)
        while (self.suspects or self.pending) and len(self.running) < (1 if alone else self.workers):
            i = self.suspects.pop(0) if alone else self.pending.popleft()
            self.running[self.pool.submit(check_job, self.todo[i])] = (i, time.monotonic())
            if alone:
                self._alone = i
                return

    def _collect(self, fut: cf.Future) -> None:
        from concurrent.futures.process import BrokenProcessPool

        i, _ = self.running.pop(fut)
        try:
            self.results[i] = fut.result()
        except BrokenProcessPool:
            if self._alone == i:  # it broke the pool when running alone: it is the cause
                self.results[i] = _failed(self.todo[i], "the worker process died while reading this file "
                                                        "(a crash in a PDF library, or out of memory)")
                self._renew()
            else:
                self.suspects.append(i)
                self._renew()
                return
        except Exception as e:
            self.results[i] = _failed(self.todo[i], f"the worker failed ({type(e).__name__}: {e})")
        if self._alone == i:
            self._alone = None
        self.rep.done(self.results[i][0])

    def _end_stuck(self) -> None:
        now = time.monotonic()
        for fut, (i, started) in list(self.running.items()):
            limit = self.todo[i].timeout
            if limit and now - started > limit + GRACE_SECONDS:
                del self.running[fut]
                self.results[i] = _failed(self.todo[i], f"reading and checking took longer than {limit} s and "
                                                        "could not be interrupted: its worker was ended", "timed out")
                self.rep.done(self.results[i][0])
                self.pending.extendleft(j for j, _ in self.running.values())  # run the others again
                self.running.clear()
                self._renew()
                return

    def _renew(self) -> None:
        """End the pool's processes (a stuck or broken pool) and start a new one."""
        for fut, (i, _) in list(self.running.items()):
            if fut.done() and fut.exception() is None:
                self.results[i] = fut.result()
                self.rep.done(self.results[i][0])
            else:
                self.suspects.append(i)
        self.running.clear()
        for proc in list((getattr(self.pool, "_processes", None) or {}).values()):
            proc.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = cf.ProcessPoolExecutor(max_workers=self.workers)


def exit_status(reports) -> int:
    """0 when every report was read and none has a contradiction; 1 when some have contradictions;
    2 when some could not be read (unreadable, not a report, timed out).

    >>> import polars as pl
    >>> exit_status(pl.DataFrame({"status": ["ok", "ok"], "contradiction": [0, 3]}))
    1
    """
    if reports.height and (reports["status"] != "ok").any():
        return 2
    if reports.height and (reports["contradiction"].fill_null(0) > 0).any():
        return 1
    return 0


def summary_lines(reports) -> list[str]:
    """Lines for people after a batch: the counts, then each report that failed, and why.

    >>> import polars as pl
    >>> summary_lines(pl.DataFrame({"file": ["a.pdf"], "status": ["unreadable"], "error": ["broken"],
    ...     "contradiction": [None]}))
    ['1 report: 0 ok, 1 not read, 0 with contradictions', '  not read: a.pdf — unreadable: broken']
    """
    bad = reports.filter(reports["status"] != "ok")
    contra = reports.filter((reports["status"] == "ok") & (reports["contradiction"].fill_null(0) > 0))
    n = reports.height
    lines = [f"{n} report{'s' if n != 1 else ''}: {n - bad.height} ok, {bad.height} not read, "
             f"{contra.height} with contradictions"]
    lines += [f"  not read: {r['file']} — {r['status']}: {r['error']}" for r in bad.iter_rows(named=True)]
    lines += [f"  contradictions: {r['file']} — {r['contradiction']}" for r in contra.iter_rows(named=True)]
    return lines



def table_paths(out: str | os.PathLike[str]) -> tuple[Path, Path]:
    """The two files written for ``--out``: ``r.parquet`` and ``r.findings.parquet`` (likewise for
    csv); for xlsx both tables are sheets of the one file.

    >>> [p.name for p in table_paths("r.csv")], [p.name for p in table_paths("r.xlsx")]
    (['r.csv', 'r.findings.csv'], ['r.xlsx', 'r.xlsx'])
    """
    p = Path(out)
    suffix = p.suffix.lower()
    if suffix not in (".parquet", ".csv", ".xlsx"):
        from .errors import ParseError

        raise ParseError(str(out), "output file", "a name ending in .parquet, .csv or .xlsx")
    if suffix == ".xlsx":
        return p, p
    return p, p.with_name(p.name[: -len(p.suffix)] + ".findings" + p.suffix)


def write_tables(reports, findings, out: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Write the two tables to ``out`` (see :func:`table_paths`); return the paths written."""
    rp, fp = table_paths(out)
    rp.parent.mkdir(parents=True, exist_ok=True)
    suffix = rp.suffix.lower()
    if suffix == ".parquet":
        reports.write_parquet(rp)
        findings.write_parquet(fp)
    elif suffix == ".csv":
        reports.write_csv(rp)
        findings.write_csv(fp)
    else:
        try:
            import xlsxwriter
        except ImportError as exc:
            from .errors import MissingDependencyError

            raise MissingDependencyError("xlsxwriter", "xlsx") from exc
        with xlsxwriter.Workbook(str(rp)) as wb:
            reports.write_excel(wb, worksheet="reports")
            findings.write_excel(wb, worksheet="findings")
    return rp, fp


def read_tables(out: str | os.PathLike[str]):
    """The two tables of an earlier run written to ``out``, or ``None`` when there is none yet."""
    import polars as pl

    from ._batch_schema import schemas

    rp, fp = table_paths(out)
    if not rp.is_file():
        return None
    rs, fs = schemas()
    suffix = rp.suffix.lower()
    try:
        if suffix == ".parquet":
            reports, findings = pl.read_parquet(rp), pl.read_parquet(fp) if fp.is_file() else None
        elif suffix == ".csv":
            reports = pl.read_csv(rp, schema_overrides=rs)
            findings = pl.read_csv(fp, schema_overrides=fs) if fp.is_file() else None
        else:
            reports = pl.read_excel(rp, sheet_name="reports", schema_overrides=rs)
            findings = pl.read_excel(rp, sheet_name="findings", schema_overrides=fs)
    except Exception as e:  # polars/fastexcel raise many types for a damaged file
        from .errors import DataFileError

        raise DataFileError(rp, [(None, f"cannot read the earlier results to resume from ({e}); "
                                        "remove the file or choose another --out")]) from e
    if findings is None:
        findings = pl.DataFrame(schema=fs)
    # a column an older version did not write (checked_with) is read as null: those reports are checked again
    return reports.select([(pl.col(k) if k in reports.columns else pl.lit(None)).cast(t).alias(k) for k, t in rs.items()]), \
        findings.select([(pl.col(k) if k in findings.columns else pl.lit(None)).cast(t).alias(k) for k, t in fs.items()])


def resume(paths: Iterable[object], *, out: str | os.PathLike[str] | None = None, **options):
    """:func:`check_many`, resumed from the tables of an earlier run in ``out`` (reports whose sha256 is
    there are not checked again, except those that timed out and those checked with other settings —
    ``strict``, other layout files, another version: column ``checked_with``) and written back to ``out``.

    Returns ``(reports, findings, current, skipped)``: the merged tables (as written), the sha256
    values of the reports named by ``paths`` (checked now or skipped) and how many were skipped.
    """
    import polars as pl

    previous = read_tables(out) if out is not None else None
    keep = set()
    if previous is not None:
        now = settings_of(options.get("strict", False), tuple(str(p) for p in options.get("layouts", ())))
        same = previous[0].filter((pl.col("status") != "timed out") & (pl.col("checked_with") == now))
        keep = set(same["sha256"].drop_nulls().to_list()) - {""}
    current = {sha256_of(g) for g in plan(paths, as_one=options.get("as_one", False))}
    reports, findings = check_many(paths, skip=keep, **options)
    if previous is not None:
        old_r = previous[0].filter(pl.col("sha256").is_in(list(keep)))
        old_f = previous[1].filter(pl.col("sha256").is_in(list(keep)))
        reports, findings = pl.concat([old_r, reports]), pl.concat([old_f, findings])
    if out is not None:
        write_tables(reports, findings, out)
    return reports, findings, current, len(current & keep)
