"""The long fuzz run of issue 12: ``make fuzz`` (or ``python tools/fuzz.py --mutants N``).

Runs N mutated reports (default 10,000) through ``read_report(text=…)`` and ``check()``, every
``--cli-every``-th of them through ``govbudget check``, the issue's repro inputs, random amounts,
codes and ledgers, and ``check()`` on growing inputs; prints one table and then the invariants:

- no exception outside GovBudgetError;
- no amount lost (every decimal figure of the text is a cell on its line, or its line is kept in
  unmapped / narrative / furniture; see tests/fuzzing/invariants.py);
- no case over ``--slow`` seconds (2 s), and ``check()`` time linear in input size;
- Σ in = Σ out for every roll-up.

The slowest input, every input that broke an invariant or was refused (up to ``--keep`` of each
kind) and a ``summary.json`` are written to ``--out`` (default ``fuzz-out/``) so a case can be replayed:
``python -c "import govbudget as gb; gb.read_report(text=open('fuzz-out/slowest.txt').read()).check()"``.
Exit status 1 when an invariant is broken.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import time
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing.invariants import run_cli, run_report  # noqa: E402
from fuzzing.mutate import cases, mutant, seed_texts  # noqa: E402

import govbudget as gb  # noqa: E402

_TEXTS: dict[str, str] = {}


def _one(job: tuple[int, int, bool, str]) -> dict:
    """Worker: mutant ``index`` of ``seed`` through the reader (and the CLI when asked)."""
    index, seed, with_cli, tmp = job
    if not _TEXTS:
        _TEXTS.update(seed_texts())
    name, ops, text = mutant(index, seed, _TEXTS)
    o = run_report(text)
    row = {"index": index, "seed": name, "ops": ops, "chars": len(text), "seconds": o.seconds,
           "error": o.error, "traceback": o.traceback, "refused": o.refused, "lost": o.lost[:20],
           "lost_count": len(o.lost), "net": o.net, "cli": None}
    if with_cli:
        path = Path(tmp) / f"mutant-{os.getpid()}.txt"
        path.write_text(text, encoding="utf-8", errors="replace")
        c = run_cli(path)
        row["cli"] = {"error": c.error, "traceback": c.traceback, "exit": c.exit_code, "seconds": c.seconds}
    return row


def _save(out: Path, name: str, text: str, about: object) -> str:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.txt").write_text(text, encoding="utf-8", errors="replace")
    (out / f"{name}.json").write_text(json.dumps(about, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return str(out / f"{name}.txt")


def report_mutants(args, out: Path) -> dict:
    tmp = out / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    jobs = [(i, args.seed, args.cli_every > 0 and i % args.cli_every == 0, str(tmp)) for i in range(args.mutants)]
    rows = []
    start = time.perf_counter()
    with multiprocessing.Pool(args.jobs) as pool:
        for k, row in enumerate(pool.imap_unordered(_one, jobs, chunksize=4), start=1):
            rows.append(row)
            if k % max(1, args.mutants // 20) == 0:
                print(f"  {k}/{args.mutants} mutants, {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    texts = seed_texts()
    errors = [r for r in rows if r["error"]]
    cli_rows = [r for r in rows if r["cli"]]
    cli_errors = [r for r in cli_rows if r["cli"]["error"]]
    lost = [r for r in rows if r["lost_count"]]
    slow = max(rows, key=lambda r: r["seconds"])
    refused = [r for r in rows if r["refused"]]
    keep = {"error": errors[: args.keep], "cli-error": cli_errors[: args.keep], "lost": lost[: args.keep],
            "refused": refused[: args.keep]}
    for kind, chosen in keep.items():
        for r in chosen:
            _save(out / kind, f"mutant-{r['index']}", mutant(r["index"], args.seed, texts)[2], r)
    slow_path = _save(out, "slowest", mutant(slow["index"], args.seed, texts)[2], slow)
    by_op: Counter = Counter()
    for r in lost:
        by_op.update({op.split(":")[0] for op in r["ops"]})
    return {
        "tried": len(rows), "errors": len(errors), "error_kinds": Counter(r["error"].split(":")[0] for r in errors),
        "lost": sum(r["lost_count"] for r in lost), "lost_inputs": len(lost), "lost_by_operator": dict(by_op),
        "lost_by_seed": dict(Counter(r["seed"] for r in lost)),
        "slowest": slow["seconds"], "slowest_path": slow_path, "slowest_ops": slow["ops"],
        "over_slow": sum(r["seconds"] > args.slow for r in rows),
        "cli_tried": len(cli_rows), "cli_errors": len(cli_errors),
        "cli_exits": dict(Counter(r["cli"]["exit"] for r in cli_rows)),
        "cli_slowest": max((r["cli"]["seconds"] for r in cli_rows), default=0.0),
        "refused": sum(bool(r["refused"]) for r in rows),
        "refused_kinds": dict(Counter(r["refused"].split(":")[0] for r in rows if r["refused"])),
        "net": sum(r["net"] for r in rows), "net_inputs": sum(bool(r["net"]) for r in rows),
        "slowest_read": max((r["seconds"] for r in rows if not r["refused"]), default=0.0),
    }


def issue_cases(out: Path) -> dict:
    rows = {}
    for name, text in cases().items():
        o = run_report(text)
        rows[name] = {"error": o.error, "lost": len(o.lost), "seconds": o.seconds, "sample": o.lost[:5]}
        if o.error or o.lost:
            _save(out / "cases", name.split(" (")[0].replace(" ", "-"), text, rows[name])
    return rows


def money_and_codes(n: int, seed: int) -> dict:
    """Random text and values into the amount and code doors: a value or a GovBudgetError."""
    rng = random.Random(seed)
    alphabet = "0123456789.,()-−+ ０１２３４５６７８９．，（）eE_①²١万元\t"
    amount_doors = [gb.D, gb.parse_amount, gb.to_wan, gb.to_yuan, gb.format_amount, gb.format_percent,
                    lambda v: gb.percent(v, "7"), lambda v: gb.check_sum(v, ["1.00"])]
    fn24 = gb.functional(2024)
    code_doors = [lambda c: fn24[c], fn24.get, lambda c: c in fn24, gb.compact_code,
                  lambda c: gb.Ledger("某单位", 2024).spend("1", functional=c),
                  lambda c: gb.Ledger("某单位", 2024, unknown_codes="learn").total(functional=c)]
    errors: list[str] = []
    for _ in range(n):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 24)))
        value = rng.choice([text, text, rng.randrange(-10**45, 10**45), Decimal(rng.random()).scaleb(rng.randrange(-60, 60))])
        code = "".join(rng.choice("0123456789 -２０") for _ in range(rng.randrange(0, 10)))
        for door, arg in ((rng.choice(amount_doors), value), (rng.choice(code_doors), code)):
            try:
                door(arg)
            except gb.GovBudgetError:
                pass
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc} for {arg!r}")
    return {"tried": 2 * n, "errors": len(errors), "sample": errors[:5]}


def ledgers(n: int, seed: int) -> dict:
    """Random ledgers: every roll-up row equals the sum put in below it (an independent oracle)."""
    import polars as pl

    rng = random.Random(seed)
    leaves = [c for c in gb.functional(2024) if len(c) == 7]
    mismatches, errors = [], []
    for k in range(n):
        led = gb.Ledger("某单位", 2024, unknown_codes="learn")
        expected: dict = defaultdict(Decimal, {None: Decimal(0)})
        codes, amounts = [], []
        for _ in range(rng.randrange(1, 60)):
            code = rng.choice(leaves) if rng.random() < 0.6 else f"2{rng.randrange(10, 30)}{rng.randrange(100, 10**4):04d}"[:rng.choice((3, 5, 7))]
            amount = Decimal(rng.randrange(-10**12, 10**12)).scaleb(-2)
            try:
                led.spend(amount, functional=code, spend_type=rng.choice(list(gb.SpendType)))
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            codes.append(code)
            amounts.append(str(amount))
            for node in {code[:m] for m in (3, 5, 7) if m <= len(code)} | {None}:
                expected[node] += amount
        got = {r["code"]: r["total"] for r in led.rollup().iter_rows(named=True)}
        bulk = gb.bulk_rollup(pl.DataFrame({"unit": ["u"] * len(codes), "functional": codes, "amount": amounts}),
                              year=2024, unknown_codes="learn") if codes else None
        theirs = {r["code"]: r["amount"] for r in bulk.iter_rows(named=True)} if bulk is not None else {None: Decimal(0)}
        if got != dict(expected) or theirs != dict(expected):
            mismatches.append(k)
    return {"tried": n, "errors": len(errors), "mismatches": len(mismatches), "sample": (errors + mismatches)[:5]}


def _time_check(text: str, repeat: int = 3) -> float:
    best = float("inf")  # float-ok (time)
    for _ in range(repeat):
        start = time.perf_counter()
        gb.read_report(text=text).check()
        best = min(best, time.perf_counter() - start)
    return best


def linearity() -> list[dict]:
    """check() on inputs growing ×8: a long unpunctuated narrative line, a report repeated, a long
    table of rows, one row of thousands of amounts. Linear means the time grows at most about as the
    input (ratio ≤ 2 allowed)."""
    seed = (ROOT / "tests/fixtures/seed/zhuzhou_2024.txt").read_text(encoding="utf-8")
    head = "支出决算表\n金额单位：万元\n项目\t\t本年支出合计\n合计\t\t1.00\n"
    growth = {
        "CJK narrative line": lambda k: head + "字" * (8_000 * k),
        "report repeated": lambda k: seed * k,
        "table rows": lambda k: head + "".join(f"2010{i % 100:03d}\t行\t{i}.00\n" for i in range(2_000 * k)),
        "a row of many amounts": lambda k: head + "合计\t" + "12.34\t" * (400 * k) + "\n",
    }
    out = []
    for name, make in growth.items():
        small, large = make(1), make(8)
        t1, t8 = _time_check(small), _time_check(large)
        size_ratio = len(large) / len(small)
        out.append({"input": name, "chars": (len(small), len(large)), "seconds": (t1, t8),
                    "time_ratio": t8 / t1 if t1 else float("inf"), "size_ratio": size_ratio,  # float-ok (time)
                    "linear": t8 <= 2 * size_ratio * t1 + 0.05})
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--mutants", type=int, default=10_000, help="report mutants to run (default 10000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--cli-every", type=int, default=50, help="run govbudget check on every N-th mutant (0: never)")
    p.add_argument("--amounts", type=int, default=20_000, help="random amount/code inputs")
    p.add_argument("--ledgers", type=int, default=300, help="random ledgers for Σ in = Σ out")
    p.add_argument("--slow", type=float, default=2.0, help="seconds over which a case is too slow")  # float-ok (time)
    p.add_argument("--keep", type=int, default=20, help="inputs kept per kind of broken invariant")
    p.add_argument("--out", type=Path, default=ROOT / "fuzz-out")
    p.add_argument("--no-linearity", action="store_true")
    args = p.parse_args(argv)

    t0 = time.perf_counter()
    print(f"fuzz: {args.mutants} report mutants (seed {args.seed}, {args.jobs} jobs), output in {args.out}",
          file=sys.stderr)
    rep = report_mutants(args, args.out)
    issues = issue_cases(args.out)
    mc = money_and_codes(args.amounts // 2, args.seed)
    led = ledgers(args.ledgers, args.seed)
    lin = [] if args.no_linearity else linearity()

    issue_errors = sum(bool(r["error"]) for r in issues.values())
    issue_lost = sum(r["lost"] for r in issues.values())
    print()
    print(f"{'':28}{'inputs':>9}{'non-library exceptions':>24}{'lost amounts (inputs)':>24}   slowest")
    rep_lost = f"{rep['lost']} ({rep['lost_inputs']})"
    issue_lost_text = f"{issue_lost} ({sum(bool(r['lost']) for r in issues.values())})"
    print(f"{'report mutants':28}{rep['tried']:>9}{rep['errors']:>24}{rep_lost:>24}"
          f"   {rep['slowest']:.2f} s  {rep['slowest_path']}")
    print(f"{'issue 12 inputs':28}{len(issues):>9}{issue_errors:>24}{issue_lost_text:>24}"
          f"   {max(r['seconds'] for r in issues.values()):.2f} s")
    print(f"{'govbudget check (CLI)':28}{rep['cli_tried']:>9}{rep['cli_errors']:>24}{'-':>24}   "
          f"{rep['cli_slowest']:.2f} s  exits {rep['cli_exits']}")
    print(f"{'amounts and codes':28}{mc['tried']:>9}{mc['errors']:>24}{'-':>24}")
    print(f"{'ledgers (Σ in = Σ out)':28}{led['tried']:>9}{led['errors']:>24}{'-':>24}   "
          f"roll-up mismatches {led['mismatches']}")
    print(f"\nmutants over {args.slow:g} s: {rep['over_slow']}; typed refusals: {rep['refused']} "
          f"{rep['refused_kinds']}; lost amounts by operator: {rep['lost_by_operator']}; by seed: {rep['lost_by_seed']}")
    print(f"amounts the reader listed in unmapped as not read as a cell (not lost): {rep['net']} "
          f"in {rep['net_inputs']} mutants; slowest mutant not refused: {rep['slowest_read']:.2f} s")
    for name, r in issues.items():
        if r["error"] or r["lost"]:
            print(f"  issue input {name!r}: error {r['error']}, lost {r['lost']} e.g. {r['sample'][:3]}")
    for r in lin:
        print(f"check() on {r['input']}: {r['chars'][0]:,} → {r['chars'][1]:,} chars (×{r['size_ratio']:.1f}), "
              f"{r['seconds'][0]:.3f} → {r['seconds'][1]:.3f} s (×{r['time_ratio']:.1f}) "
              f"{'linear' if r['linear'] else 'NOT LINEAR'}")
    print(f"\n{time.perf_counter() - t0:.0f} s in all")
    (args.out / "summary.json").write_text(json.dumps(
        {"reports": rep, "issues": issues, "amounts_codes": mc, "ledgers": led, "linearity": lin},
        ensure_ascii=False, indent=1, default=str), encoding="utf-8")

    broken = {
        "no exception outside GovBudgetError": rep["errors"] + rep["cli_errors"] + issue_errors + mc["errors"]
        + led["errors"] == 0,
        "no amount lost": rep["lost"] + issue_lost == 0,
        f"no case over {args.slow:g} s": rep["over_slow"] == 0,
        "check() linear in input size": all(r["linear"] for r in lin),
        "Σ in = Σ out for every roll-up": led["mismatches"] == 0,
    }
    for name, ok in broken.items():
        print(f"{'ok    ' if ok else 'BROKEN'} {name}")
    return 0 if all(broken.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
