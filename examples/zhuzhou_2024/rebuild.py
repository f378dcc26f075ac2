"""Rebuild the 2024 部门决算 of 株洲市长株潭一体化发展事务中心 from its published leaves.

Reads the plain input files in ``data/`` (each says where in the published report its figures
come from), builds a :class:`govbudget.Ledger`, runs the derived-figure rules and the checks,
writes the nine 公开表 (xlsx + md), the 情况说明 (md) and two charts into ``out/``, and compares
every published table cell and every 说明/附件 figure (``published/*.csv``) with the rebuild.

Two modes. The default, *exact*, first reconstructs 元 values for every leaf with
``gb.solve_printed``: values to the 分 that round to every printed leaf, satisfy every printed
total of 公开03/05/06/09 exactly and give one 基本支出 in both views (functional 项 and economic
款). Such values are consistent with every printed figure, but they are a reconstruction, not the
unit's books. ``--as-printed`` takes each leaf as printed (万元 × 10000) instead; then a parent
whose printed children do not add up to it is rebuilt as their sum.

Verdicts: ``equal``; ``tail`` (as printed only: a parent printed by the report differs from the
sum of its printed children within the rounding band (n+1)·0.005 万元, and the rebuild gives that
sum); ``differs`` (with the reason; often the published document disagrees with itself). In both
modes the ``tails`` list names every printed parent that differs from the sum of its printed
children.

Usage (from any directory)::

    python examples/zhuzhou_2024/rebuild.py               # the answer on one screen, output folder last
    python examples/zhuzhou_2024/rebuild.py --details     # also every figure (equal ones too) with its reason
    python examples/zhuzhou_2024/rebuild.py --as-printed  # leaves as printed, no reconstruction
    python examples/zhuzhou_2024/rebuild.py --json        # one JSON object
    python examples/zhuzhou_2024/rebuild.py --out DIR     # write the outputs elsewhere
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
import tomllib
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
try:
    import govbudget as gb
except ImportError:  # running from a checkout without an installed package
    sys.path.insert(0, str(HERE.parents[1] / "src"))
    import govbudget as gb

from govbudget.money import parse_amount, to_yuan  # noqa: E402

DATA = HERE / "data"
PUBLISHED = HERE / "published"
#: the commands the first screen names for the details (from the repository root)
SCRIPT = "examples/zhuzhou_2024/rebuild.py"
DETAILS_COMMAND = "make example ARGS=--details"
ZERO_BASE = "legacy_100"  # the published report prints 增长100% / 完成100% over a zero base


# ------------------------------------------------------------------------------------- inputs
def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV whose leading ``#`` lines are comments (the source notes)."""
    with open(path, encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("".join(lines))))


def read_toml(path: Path) -> dict[str, Any]:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def wan(text: str) -> Decimal:
    """A 万元 figure as printed → exact 元."""
    return to_yuan(gb.D(text))


GENERAL = "一般公共预算财政拨款"


def leaf_name(r: dict[str, str]) -> str:
    """The solver's name of one expenditure leaf (项 × spending type × fund)."""
    return f"{r['code']} {r['spend_type']} {r['fund']}"


def build_ledger(exact: dict[str, Decimal] | None = None) -> gb.Ledger:
    """The ledger from the leaves: printed 万元 × 10000, or the reconstructed exact values.

    ``exact`` maps solver names (:func:`leaf_name`, ``公开06 <款>``) to exact 万元 values. Income
    is then the exact spending of each 项 (the report prints no 结转结余, and its 公开02 repeats the
    公开03 项 figures); each must still round to the printed 公开02 figure.
    """
    unit = read_toml(DATA / "unit.toml")
    ledger = gb.Ledger(gb.Unit(unit["name"], unit["kind"]), int(unit["year"]))
    spent: dict[tuple[str, str], Decimal] = {}
    for r in read_csv(DATA / "expenditure.csv"):
        amount = wan(r["amount_wan"]) if exact is None else to_yuan(exact[leaf_name(r)])
        ledger.spend(amount, functional=r["code"], spend_type=r["spend_type"], fund=r["fund"])
        spent[(r["fund"], r["code"])] = spent.get((r["fund"], r["code"]), Decimal(0)) + amount
    for r in read_csv(DATA / "income.csv"):
        amount = wan(r["amount_wan"])
        if exact is not None:
            amount = spent[(r["fund"], r["code"])]
            if gb.round_half_up(gb.to_wan(amount)) != gb.D(r["amount_wan"]):
                raise gb.ReconcileError(f"income {r['code']}: exact spending {amount} 元 does not print as "
                                        f"{r['amount_wan']} 万元")
        ledger.receive(amount, functional=r["code"], fund=r["fund"])
    for r in read_csv(DATA / "economic.csv"):  # economic-only view of the same 基本支出
        amount = wan(r["amount_wan"]) if exact is None else to_yuan(exact[f"公开06 {r['code']}"])
        ledger.spend(amount, economic=r["code"], spend_type="基本支出", fund=GENERAL)
    budgets = read_toml(DATA / "budgets.toml")
    b = ledger.budgets
    b.initial.update({r["code"]: wan(r["initial_wan"]) for r in read_csv(DATA / "initial_budget.csv")})
    b.initial_total = wan(budgets["initial_total"])
    b.adjusted_total = wan(budgets["adjusted_total"])
    b.three_public.update({k: wan(v) for k, v in budgets["three_public"].items()})
    b.prior.update({k: wan(v) for k, v in budgets["prior"].items()})
    bal = budgets.get("balances", {})
    ledger.balances.opening.update({gb.Fund.parse(k): wan(v) for k, v in bal.get("opening", {}).items()})
    ledger.balances.distribution = wan(bal.get("distribution", "0"))
    return ledger


# ------------------------------------------------------------------------------------- helpers
def num(text: str | None) -> Decimal:
    """A printed cell as a number; blank is 0."""
    v = parse_amount(text or "")
    return Decimal(0) if v is None else v


def row_key(table: gb.PublicTable, row: str) -> int | str:
    return int(row) if row.isdigit() and len(row) <= 2 else row


# "公开01 行次30 栏次1", "公开05 合计 栏次2", "公开06 人员经费合计 决算数" (no 栏次 printed), "公开09 栏次7" (one row)
_SOURCE = re.compile(r"(公开\d\d)(?: 行次(\d+)| (\S+))?? (?:栏次(\d+)|决算数)")


def parse_source(source: str) -> tuple[str, str, str] | None:
    """(table, row, column) of a narrative figure's table reference; a table of one amount column or
    one data row is column / row "1" here, as in published/tables.csv."""
    m = _SOURCE.fullmatch(source)
    if not m:
        return None
    return m.group(1), m.group(2) or m.group(3) or "1", m.group(4) or "1"


# ------------------------------------------------------------------------------------- tables
def leaves_under(ledger: gb.Ledger, template: Any, table: str, row: str, codes: list[str]) -> list[str] | None:
    """The published leaf rows a parent row adds up, or None for a leaf / a non-tree row."""
    if table == "公开06":
        leaves = [c for c in codes if len(c) == 5]
        if row in leaves:
            return None
        totals = {t.label: t.classes for t in template.table("公开06").totals}
        classes = totals.get(row, (row,))
        return [c for c in leaves if any(k in ledger.chain(c, scheme="economic") for k in classes)]
    if table in ("公开02", "公开03", "公开05", "公开07", "公开08"):
        leaves = [c for c in codes if len(c) == 7]
        if row in leaves:
            return None
        if row == "合计":
            return leaves
        return [c for c in leaves if row in ledger.chain(c)]
    return None


def tail_text(tail: dict[str, Any]) -> str:
    return (f"the report prints {tail['printed']} but its {tail['n']} printed children add up to "
            f"{tail['children_sum']}; difference within the rounding band ±{tail['band']}")


def index_by_table(published: list[dict[str, str]]) -> dict[str, dict[tuple[str, str], str]]:
    """The published cells as table → (row, column) → printed value."""
    by_table: dict[str, dict[tuple[str, str], str]] = {}
    for r in published:
        by_table.setdefault(r["table"], {})[(r["row"], r["column"])] = r["value"]
    return by_table


def compare_tables(tables: Any, published: list[dict[str, str]], narrative_budget: str,
                   tails: dict[tuple[str, str, str], dict[str, Any]]) -> list[dict[str, Any]]:
    by_table = index_by_table(published)
    out = []
    for r in published:
        t, row, col, pub = r["table"], r["row"], r["column"], r["value"]
        table = tables[t]
        rebuilt_value = table.value(row_key(table, row), int(col))
        rebuilt = table.printed(row_key(table, row), int(col))
        entry = {"table": t, "row": row, "column": int(col), "label": r.get("label", ""), "published": pub,
                 "rebuilt": rebuilt, "verdict": "equal", "reason": ""}
        tail = tails.get((t, row, col))
        if num(pub) == (rebuilt_value or 0):  # blank = 0
            if tail:
                entry["reason"] = (f"{tail_text(tail)}: a tail of the published document; the reconstructed "
                                   f"exact values reproduce the printed {pub}")
            out.append(entry)
            continue
        if tail and tail["verdict"] == "tail" and gb.D(tail["children_sum"]) == (rebuilt_value or 0):
            entry.update(verdict="tail", reason=(
                f"{tail_text(tail)}; the rebuild takes the leaves as printed, so it gives their sum"))
            out.append(entry)
            continue
        if t == "公开09" and int(col) <= 6:
            actual = by_table[t].get((row, str(int(col) + 6)), "")
            echo = " repeats the 决算数 column" if num(actual) == num(pub) else ""
            entry.update(verdict="differs", reason=(
                f"公开09 预算数{echo}; 说明七 states the 三公 budget ({narrative_budget} in all), which the rebuild "
                f"uses: the published document disagrees with itself"))
        else:
            entry.update(verdict="differs", reason=f"published {pub or 'blank'}, rebuilt {rebuilt or 'blank'}")
        out.append(entry)
    return out


# ------------------------------------------------------------------------------------- narrative
_DIRECTIONS = {"增加": 1, "增长": 1, "减少": -1, "降低": -1, "下降": -1}


def parse_printed(text: str) -> tuple[Decimal | None, str]:
    """A printed 说明 figure → (signed value, problem). '减少6.73' → -6.73; '持平' → 0."""
    t = text.strip()
    if t == "持平":
        return Decimal(0), ""
    words = [w for w in _DIRECTIONS if t.startswith(w) or w in t[:4]]
    signs = {_DIRECTIONS[w] for w in words}
    body = t
    for w in _DIRECTIONS:
        body = body.replace(w, "")
    body = body.replace("≤", "").strip()
    value = parse_amount(body)
    if value is None:
        return None, "blank"
    if len(signs) > 1:
        return value, f"the report prints both {' and '.join(words)} before {body}"
    return (-value if signs == {-1} else value), ""


def zero_base_reason(n: Any, printed: str, zero_base: str) -> str:
    """Why a rate over a zero base differs: both sides follow a convention, neither is a quotient."""
    if zero_base == "legacy_100" and n.value == 0:
        return (f"amount and base are both 0 (0/0): zero_base='legacy_100' prints 0% for 0/0 and "
                f"100% only for a non-zero amount over a zero base, while the report prints {printed} for 0/0 — "
                f"two conventions, no quotient exists")
    return f"{n.note}: the report prints {printed}, the rebuild's zero_base={zero_base!r} prints {n.text}"


def compare_narrative(narr: gb.Narrative, published: list[dict[str, str]],
                      tables_published: dict[tuple[str, str, str], str],
                      cell_verdicts: dict[tuple[str, str, str], dict[str, Any]],
                      tails: dict[tuple[str, str, str], dict[str, Any]]) -> list[dict[str, Any]]:
    numbers = {(n.section, n.label): n for n in narr.numbers}
    published_by_key = {(r["section"], r["label"]): r["value"] + r.get("unit", "") for r in published}
    out: list[dict[str, Any]] = []
    verdict_of: dict[tuple[str, str], str] = {}
    for r in published:
        sec, label, pub, unit = r["section"], r["label"], r["value"], r.get("unit", "")
        entry = {"section": sec, "label": label, "published": pub + unit, "rebuilt": "", "verdict": "equal",
                 "reason": ""}
        n = numbers.get((sec, label))
        if n is None:
            entry.update(verdict="differs", reason="the rebuild prints no such figure")
            out.append(entry)
            continue
        # 附件1 prints its table cells without a unit; the rebuilt string always names it
        entry["rebuilt"] = n.text + ("万元" if n.unit == "万元" and not n.text.endswith("万元") else "")
        value, problem = parse_printed(pub)
        notes = []
        if unit != n.unit and n.unit == "万元" and not unit:
            notes.append("printed without 万元")
        src = parse_source(n.source) if n.source else None
        if value is not None and not problem and value == n.value:
            if src in tails:
                notes.append(f"repeats {src[0]} {src[1]} 栏次{src[2]}, a tail: {tail_text(tails[src])}")
            if re.sub("^(增加|减少|增长|降低|下降)+", "", pub) != gb.format_amount(abs(value), grouping=False) and n.unit in ("万元", "%"):
                notes.append(f"printed as {pub}")
            entry["reason"] = "; ".join(notes)
            verdict_of[(sec, label)] = "equal"
            out.append(entry)
            continue
        ref = n.source[2:].split("：", 1) if n.source.startswith("说明") else None
        base = (sec, label[: -len("占比")]) if label.endswith("占比") else None
        where = f"{src[0]} {src[1]} 栏次{src[2]}" if src else ""
        if problem:
            entry.update(verdict="differs", reason=problem)
        elif src and src in cell_verdicts and cell_verdicts[src]["verdict"] == "tail" \
                and num(tables_published.get(src)) == value:
            entry.update(verdict="tail", reason=(
                f"repeats {where} as printed ({tables_published[src]}); the rebuild gives the sum of the "
                f"printed leaves, {n.text}"))
        elif base and verdict_of.get(base) == "tail":
            entry.update(verdict="tail", reason=f"computed from {base[1]} as printed (a tail figure); from the "
                                                f"leaves it is {n.text}")
        elif n.note:
            entry.update(verdict="differs", reason=zero_base_reason(n, pub + unit, narr.zero_base))
        elif src and src in cell_verdicts and num(cell_verdicts[src]["rebuilt"]) == n.value:
            printed = tables_published.get(src) or "blank"
            entry.update(verdict="differs", reason=(
                f"the published document disagrees with itself: {where} prints {printed}"
                + ("" if num(printed) == n.value else f" (Σ of its printed leaves {n.text})")))
        elif ref and published_by_key.get(tuple(ref)) is not None:
            other = published_by_key[tuple(ref)]
            entry.update(verdict="differs", reason=(
                f"the published document disagrees with itself: 说明{ref[0]} {ref[1]} prints {other}"))
        else:
            entry.update(verdict="differs", reason=f"published {pub}{unit}, rebuilt {n.text}")
        verdict_of[(sec, label)] = entry["verdict"]
        out.append(entry)
    return out


def compare_terms(narr: gb.Narrative, published: list[dict[str, str]]) -> list[dict[str, Any]]:
    """科目 labels of 说明五（三）: the printed 类/款/项 names against the code tree."""
    terms = {(t.section, t.label): t for t in narr.terms}
    out = []
    for r in published:
        t = terms.get((r["section"], r["label"]))
        rebuilt = t.text if t else ""
        ok = rebuilt == r["value"]
        out.append({"section": r["section"], "label": r["label"], "published": r["value"], "rebuilt": rebuilt,
                    "verdict": "equal" if ok else "differs",
                    "reason": "" if ok else "the printed 类/款/项 names are not those of the code (names come "
                                            "from the code tables in the rebuild)"})
    return out


# ------------------------------------------------------------------------------------- outputs
def derived_figures(figs: dict[str, Any]) -> dict[str, Any]:
    def w(v: Decimal | None) -> str | None:
        return None if v is None else gb.format_amount(gb.to_wan(v), grouping=False)

    tp = figs["three_public"]
    organ = figs["organ_costs"]
    return {
        "personnel": w(figs["personnel"].value),
        "public": w(figs["public"].value),
        "three_public": {"total": w(tp.value), **{k: w(c.value) for k, c in tp.components.items()}},
        "operating_costs": {"applicable": organ.applicable, "reason": organ.reason, "amount": w(organ.value)},
        "meetings": w(figs["general_spending"].components["meetings"].value),
        "training": w(figs["general_spending"].components["training"].value),
        "procurement": w(figs["procurement"].value) if "procurement" in figs else None,
    }


def write_tables(tables: Any, out: Path, written: list[str]) -> list[str]:
    """Write the nine tables as xlsx, md and text into ``out`` (names appended to ``written``); notes."""
    notes = []
    try:
        render = gb.render
    except (AttributeError, ImportError):  # the renderers are not installed in this checkout
        render = None
    for fmt, name in (("xlsx", "tables.xlsx"), ("md", "tables.md"), ("text", "tables.txt")):
        if render is None:
            notes.append(f"govbudget.render is not available: {name} not written")
            continue
        try:
            render(tables, fmt, out / name)
            written.append(name)
        except gb.MissingDependencyError as e:
            notes.append(f"{name} not written: {e}")
    return notes


#: Fonts with the Chinese glyphs, most common first; an SVG names them all (the viewer picks the
#: first it has), a PNG is drawn with the first one installed here.
CJK_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB",
             "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei", "Noto Sans SC"]


def installed_cjk_font() -> str | None:
    """The first of :data:`CJK_FONTS` that matplotlib can draw with on this machine, if any."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in names), None)


def _wan(yuan: Decimal) -> float:  # float-ok: a bar height for the chart, not an amount
    return float(gb.to_wan(yuan))


def _text(yuan: Decimal) -> str:
    """The amount in 万元 as the tables print it (half-up, 2 decimals)."""
    return gb.format_amount(gb.to_wan(yuan), grouping=False)


def _chart_data(ledger: gb.Ledger, figs: dict[str, Any]) -> dict[str, Any]:
    """Series of the two charts, in 万元: 基本/项目支出 by 类, and the 三公 items' 预算/决算/上年."""
    classes = sorted({ledger.chain(p.functional)[-1] for p in ledger.postings if p.functional})
    by_class = {
        "labels": [f"{c} {ledger.name_of(c, scheme='functional') or ''}".strip() for c in classes],
        "基本支出": [_wan(ledger.total(functional=c, spend_type="基本支出")) for c in classes],
        "项目支出": [_wan(ledger.total(functional=c, spend_type="项目支出")) for c in classes],
        "totals": [_text(ledger.total(functional=c, spend_type=("基本支出", "项目支出"))) for c in classes],
    }
    tp, b = figs["three_public"], ledger.budgets
    items = ["abroad", "vehicle", "reception"]
    three = {
        "labels": ["因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"],
        "预算数": [_wan(b.three_public.get("abroad", Decimal(0))),
                _wan(b.three_public.get("vehicle_purchase", Decimal(0)) + b.three_public.get("vehicle_running", Decimal(0))),
                _wan(b.three_public.get("reception", Decimal(0)))],
        "决算数": [_wan(tp.components[i].value) for i in items],
        "上年决算数": [_wan(b.prior.get(i, Decimal(0))) for i in items],
    }
    three["texts"] = {k: [f"{v:.2f}" for v in three[k]] for k in ("预算数", "决算数", "上年决算数")}
    return {"by_class": by_class, "three_public": three}


def _draw(plt: Any, data: dict[str, Any], year: int) -> list[tuple[str, Any]]:
    """The two figures: horizontal bars (class names are long), values printed at the bar ends."""
    out = []
    d = data["by_class"]
    fig, ax = plt.subplots(figsize=(8, 3.8))
    ys = range(len(d["labels"]))
    ax.barh(list(ys), d["基本支出"], label="基本支出", color="#1f77b4")
    ax.barh(list(ys), d["项目支出"], left=d["基本支出"], label="项目支出", color="#ff7f0e")
    for y, (a, c, text) in enumerate(zip(d["基本支出"], d["项目支出"], d["totals"], strict=True)):
        ax.annotate(text, (a + c, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
    ax.set_yticks(list(ys), d["labels"])
    ax.invert_yaxis()
    ax.set_title(f"{year}年度支出决算，按功能分类的类（万元）")
    ax.legend(loc="lower right")
    ax.margins(x=0.12)
    out.append(("expenditure_by_class", fig))

    d = data["three_public"]
    fig, ax = plt.subplots(figsize=(8, 3.8))
    xs = range(len(d["labels"]))
    for k, (name, color) in enumerate((("预算数", "#1f77b4"), ("决算数", "#ff7f0e"), ("上年决算数", "#2ca02c"))):
        bars = ax.bar([x + (k - 1) * 0.27 for x in xs], d[name], width=0.27, label=name, color=color)
        ax.bar_label(bars, d["texts"][name], fontsize=8, padding=2)
    ax.set_xticks(list(xs), d["labels"])
    ax.margins(y=0.12)
    ax.set_title(f"{year}年度“三公”经费：预算数、决算数与上年决算数（万元）")
    ax.legend()
    out.append(("three_public", fig))
    return out


def write_charts(ledger: gb.Ledger, figs: dict[str, Any], out: Path, written: list[str]) -> list[str]:
    """``expenditure_by_class.svg`` and ``three_public.svg`` with Chinese labels (SVG text that names
    :data:`CJK_FONTS`, so any viewer with one of them shows it); the PNG copies only when one of those
    fonts is installed here, since without one matplotlib would draw empty boxes."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return ["charts not written: matplotlib is not installed (pip install 'govbudget[charts]')"]
    import warnings

    font = installed_cjk_font()
    data = _chart_data(ledger, figs)
    notes = []
    style = {"svg.fonttype": "none", "font.family": ["sans-serif"],
             "font.sans-serif": [*([font] if font else []), *CJK_FONTS, "DejaVu Sans"]}
    with plt.rc_context(style), warnings.catch_warnings():
        # without a CJK font matplotlib measures the labels with DejaVu Sans and says so per glyph;
        # the SVG keeps the text and the font list, the viewer draws it
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        for name, fig in _draw(plt, data, ledger.year):
            fig.tight_layout()
            fig.savefig(out / f"{name}.svg")
            written.append(f"{name}.svg")
            if font:
                fig.savefig(out / f"{name}.png", dpi=150)
                written.append(f"{name}.png")
            plt.close(fig)
    if not font:
        notes.append("PNG charts not written: no Chinese font is installed (e.g. the Debian package "
                     "fonts-noto-cjk); the SVG charts show their Chinese labels in any browser that has one")
    return notes


# ------------------------------------------------------------------------------------- main
# 公开09 决算数 columns: 7 = 8 + 9 + 12, 9 = 10 + 11; the rebuild takes them from these 公开06 款
# (all 三公 spending of this unit is 基本支出, so rule X11 holds with equality)
THREE_PUBLIC_SUMS = {"7": ["8", "9", "12"], "9": ["10", "11"]}
THREE_PUBLIC_KUAN = {"8": "30212", "10": "31013", "11": "30231", "12": "30217"}


def reconstruction_system(published: list[dict[str, str]], template: Any) -> tuple[
        dict[str, str | None], list[tuple[str, list[str]]], list[str]]:
    """Figures, sums and leaf names for ``gb.solve_printed``: every printed total as a sum of leaves.

    Leaves (the variables the ledger is built from): the 项 × spending type × fund rows of
    expenditure.csv and the 公开06 款 of economic.csv. Sums: every printed 公开03/05 cell (合计, 类,
    款 and 项 rows; 栏次1–3) over the leaves it covers; every 公开06 类 over its 款 and both 经费合计
    rows over the template's classes; 公开09's 决算数 columns; and the two views of 基本支出
    (公开05 合计 栏次2 = 人员经费合计 + 公用经费合计), a second decomposition of the same total.
    """
    figures: dict[str, str | None] = {}
    pairs: list[tuple[str, list[str]]] = []
    leaves = read_csv(DATA / "expenditure.csv")
    leaf_names = [leaf_name(r) for r in leaves]
    figures.update({leaf_name(r): r["amount_wan"] for r in leaves})
    spend_of_column = {"1": None, "2": "基本支出", "3": "项目支出"}
    for r in published:
        t, row, col = r["table"], r["row"], r["column"]
        if t in ("公开03", "公开05") and col in spend_of_column:
            name = f"{t} {row} 栏次{col}"
            figures[name] = r["value"] or None
            pairs.append((name, [leaf_name(e) for e in leaves
                                 if (row == "合计" or e["code"].startswith(row))
                                 and spend_of_column[col] in (None, e["spend_type"])
                                 and (t == "公开03" or e["fund"] == GENERAL)]))
    t06 = {r["row"]: r["value"] for r in published if r["table"] == "公开06"}
    for r in read_csv(DATA / "economic.csv"):
        if gb.D(r["amount_wan"]) != num(t06.get(r["code"])):
            raise gb.ReconcileError(f"economic.csv {r['code']} {r['amount_wan']} differs from 公开06's {t06.get(r['code'])}")
        leaf_names.append(f"公开06 {r['code']}")
    figures.update({f"公开06 {code}": value or None for code, value in t06.items()})
    for code in t06:
        if len(code) == 3:
            pairs.append((f"公开06 {code}", [f"公开06 {k}" for k in t06 if len(k) == 5 and k.startswith(code)]))
    for total in template.table("公开06").totals:
        pairs.append((f"公开06 {total.label}", [f"公开06 {c}" for c in total.classes if c in t06]))
    pairs.append(("公开05 合计 栏次2", [f"公开06 {total.label}" for total in template.table("公开06").totals]))
    t09 = {r["column"]: r["value"] for r in published if r["table"] == "公开09"}
    figures.update({f"公开09 1 栏次{c}": t09[c] or None for c in ("7", "8", "9", "10", "11", "12")})
    for c, parts in THREE_PUBLIC_SUMS.items():
        pairs.append((f"公开09 1 栏次{c}", [f"公开09 1 栏次{k}" for k in parts]))
    for c, code in THREE_PUBLIC_KUAN.items():
        pairs.append((f"公开09 1 栏次{c}", [f"公开06 {code}"]))
    return figures, pairs, leaf_names


def reconstruct(published: list[dict[str, str]], template: Any) -> dict[str, Any]:
    """Solve for exact values (万元 to 6 decimals = 元 to the 分) behind every printed figure.

    Returns the solver's answer: ``feasible``, the sizes of the system, ``values`` (name → exact
    万元) when feasible, else the ``conflict`` (figures that cannot all be right), and ``adjusted``:
    the printed leaves and totals whose reconstructed value is not their printed value × 10000.
    The solver picks the values nearest to the printed ones, so most figures keep them.
    """
    figures, pairs, leaf_names = reconstruction_system(published, template)
    result = gb.solve_printed(figures, pairs)
    out: dict[str, Any] = {"figures": len(figures), "leaves": len(leaf_names), "sums": len(pairs),
                           "feasible": result.feasible,
                           "conflict": sorted(result.conflict) if result.conflict else [], "adjusted": []}
    if result.feasible:
        out["values"] = dict(result.values)
        out["adjusted"] = [
            {"figure": name, "leaf": name in leaf_names, "printed": printed or "",
             "exact_yuan": str(to_yuan(result.values[name]))}
            for name, printed in figures.items() if result.values[name] != num(printed)]
    return out


def find_tails(ledger: gb.Ledger, template: Any, published: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Every parent the report prints differently from the sum of its printed children.

    Children are the printed leaves under the parent (公开02/03/05/07/08: the 项 rows; 公开06: the
    款 rows, also for both 经费合计 rows), per column; and the 年初预算 items of 说明五（三） against
    their stated total. This describes the published document, so it is the same in both modes.
    """
    by_table = index_by_table(published)
    out = []
    for r in published:
        t, row, col, pub = r["table"], r["row"], r["column"], r["value"]
        codes = list(dict.fromkeys(k[0] for k in by_table[t] if k[1] == col))
        leaves = leaves_under(ledger, template, t, row, codes)
        if not leaves:
            continue
        f = gb.check_sum(pub, [by_table[t][(c, col)] for c in leaves], rule="sum", where=f"{t} {row} 栏次{col}")
        if f.verdict != "ok":
            out.append({"where": f.where, "table": t, "row": row, "column": int(col), "printed": pub,
                        "children_sum": str(f.expected), "n": f.n, "band": str(f.tolerance), "verdict": f.verdict})
    budgets = read_toml(DATA / "budgets.toml")
    items = [r["initial_wan"] for r in read_csv(DATA / "initial_budget.csv")]
    f = gb.check_sum(budgets["initial_total"], items, rule="X18", where="说明五（三） 年初预算")
    if f.verdict != "ok":
        # not a table cell: table and row are "", column 0 (栏次 start at 1), so every row is a str and
        # every column an int throughout the JSON
        out.append({"where": f.where, "table": "", "row": "", "column": 0, "printed": budgets["initial_total"],
                    "children_sum": str(f.expected), "n": f.n, "band": str(f.tolerance), "verdict": f.verdict})
    return out


def run(out: Path, mode: str = "exact") -> dict[str, Any]:
    """Build, check, write and compare; ``mode`` is "exact" (reconstructed 元) or "as-printed".

    If the printed figures admit no exact values, the exact mode falls back to "as-printed" and
    the result's ``reconstruction.conflict`` names the figures that cannot all be right.
    """
    if mode not in ("exact", "as-printed"):
        raise ValueError(f"mode must be 'exact' or 'as-printed', found {mode!r}")
    out.mkdir(parents=True, exist_ok=True)
    unit = read_toml(DATA / "unit.toml")
    template = gb.template("hunan", int(unit["year"]))
    pub_tables = read_csv(PUBLISHED / "tables.csv")
    recon: dict[str, Any] = {"requested": mode == "exact"}
    if mode == "exact":
        recon.update(reconstruct(pub_tables, template))
        if not recon["feasible"]:
            mode = "as-printed"
    ledger = build_ledger(recon.pop("values", None) if mode == "exact" else None)
    inputs = gb.NarrativeInputs.from_toml(DATA / "inputs.toml")
    rule_inputs = {"procurement": inputs.procurement}
    rs = gb.ruleset("hunan", year=ledger.year)
    figs = rs.evaluate(ledger, inputs=rule_inputs, zero_base=ZERO_BASE)
    tables = gb.build_tables(ledger, template)
    narrative = gb.build_narrative(ledger, inputs, zero_base=ZERO_BASE)

    checks = [(f, "元") for f in ledger.check_closing()]
    for rid in ("three_public", "general_spending"):
        checks += [(f, "元") for f in rs.check(ledger, rid, inputs=rule_inputs)]
    checks.append((gb.check_sum(gb.to_wan(ledger.budgets.initial_total), [gb.to_wan(v) for v in
                   ledger.budgets.initial.values()], rule="X18", where="说明五（三） 年初预算 total vs items"), "万元"))
    # the ledger holds 基本支出 twice: by function (公开05) and by economic 款 (公开06)
    functional = [p.amount for p in ledger.postings if p.functional and p.spend_type == gb.SpendType.BASIC]
    economic = [p.amount for p in ledger.postings if p.functional is None]
    if mode == "exact":  # one 元 quantity: the two views must agree to the 分
        checks.append((gb.check_sum(sum(functional, Decimal("0.00")), economic, strict=True, rule="X08",
                                    where="Σ 基本支出 by 项 vs Σ 公开06 款 (the ledger's two views, exact)"), "元"))
    else:  # the printed 款 add to 455.67 while 公开05 prints 455.65: a tail, inherited by the rebuild
        checks.append((gb.check_sum(tables["公开05"].value("合计", 2), [gb.to_wan(a) for a in economic],
                                    rule="X08", where="公开05 基本支出 vs Σ printed 公开06 款 (the ledger's two views)"),
                       "万元"))

    tails = find_tails(ledger, template, pub_tables)
    tails_by_cell = {(t["table"], t["row"], str(t["column"])): t for t in tails if t["table"]}
    tp_budget = gb.format_amount(gb.to_wan(sum(ledger.budgets.three_public.values(), Decimal(0))), grouping=False)
    cells = compare_tables(tables, pub_tables, tp_budget, tails_by_cell)
    tables_published = {(r["table"], r["row"], r["column"]): r["value"] for r in pub_tables}
    cell_verdicts = {(c["table"], c["row"], str(c["column"])): c for c in cells}
    pub_narr = read_csv(PUBLISHED / "narrative.csv")
    number_rows = [r for r in pub_narr if not r["label"].endswith("科目")]
    term_rows = [r for r in pub_narr if r["label"].endswith("科目")]
    narr_cmp = compare_narrative(narrative, number_rows, tables_published, cell_verdicts, tails_by_cell)
    narr_cmp += compare_terms(narrative, term_rows)

    tp_fig = figs["three_public"]
    tp_budgets = {"total": tp_fig.budget, **{k: tp_fig.components[k].budget for k in ("abroad", "vehicle", "reception")}}
    written: list[str] = []
    notes = write_tables(tables, out, written)
    (out / "narrative.md").write_text(narrative.to_markdown(), encoding="utf-8")
    written.append("narrative.md")
    notes += write_charts(ledger, figs, out, written)
    return {
        "unit": ledger.unit.name,
        "year": ledger.year,
        "mode": mode,
        "zero_base": ZERO_BASE,
        "out": str(out),
        "cells": cells,
        "narrative": narr_cmp,
        "derived": derived_figures(figs),
        "tails": tails,
        "reconstruction": recon,
        "checks": [{**f.to_dict(), "unit": u} for f, u in checks],
        "three_public_budget": {k: None if v is None else gb.format_amount(gb.to_wan(v), grouping=False)
                                for k, v in tp_budgets.items()},
        "written": written,
        "notes": notes,
    }


def _short(e: dict[str, Any]) -> str:
    place = (f"{e['table']} {e['row']} 栏次{e['column']}" if "table" in e else f"说明{e['section']} {e['label']}")
    return f"{place}: published {e['published'] or 'blank'}, rebuilt {e['rebuilt'] or 'blank'}"


def _group(e: dict[str, Any]) -> str:
    """The summary group of a compared figure: its table, or its 说明 section."""
    return e["table"] if "table" in e else f"说明{e['section']}"


def _trim(wan: str | None) -> str:
    return "blank" if wan is None else (wan.rstrip("0").rstrip(".") if "." in wan else wan)


def _group_reason(name: str, items: list[dict[str, Any]], result: dict[str, Any]) -> str:
    """One line saying why a group of figures is not equal (the details list each reason)."""
    if items[0]["verdict"] == "tail":
        return "printed parents differ from the sum of their printed children within the rounding band"
    if name == "公开09":
        b = result["three_public_budget"]
        return (f"预算数 columns repeat the 决算数; 说明七 gives {_trim(b['total'])}/{_trim(b['abroad'])}/"
                f"{_trim(b['vehicle'])}/{_trim(b['reception'])} (合计/出国/公车/接待), which the rebuild prints")
    if len(items) == 1:
        return items[0]["reason"]
    e = items[0]
    source = e["reason"].removeprefix("the published document disagrees with itself: ")
    return f"differs from the figures it repeats, e.g. {e['label']} {e['published']} where {source}"


def _mode_lines(result: dict[str, Any]) -> list[str]:
    rc = result["reconstruction"]
    if result["mode"] == "exact":
        n_leaves = sum(a["leaf"] for a in rc["adjusted"])
        return [f"  method   : exact 元 values reconstructed with gb.solve_printed from {rc['figures']} printed figures "
                f"and {rc['sums']} sums ({n_leaves} of {rc['leaves']} leaves",
                "             moved, each by less than 0.005 万元): consistent with every printed figure, but a "
                "reconstruction, NOT the unit's books"]
    lines = ["  method   : as printed — every leaf is its printed 万元 × 10000"]
    if rc.get("requested"):
        lines.append("             (fallback: no exact values round to every printed figure; figures that "
                     f"cannot all be right: {', '.join(rc['conflict'])})")
    return lines


def _differences(result: dict[str, Any]) -> list[str]:
    """One line per place where the rebuild differs from the report, with the reason."""
    cells, narr = result["cells"], result["narrative"]
    labels = [e for e in narr if e["label"].endswith("科目") and e["verdict"] != "equal"]
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for e in [*cells, *narr]:
        if e["verdict"] != "equal" and e not in labels:
            groups.setdefault((e["verdict"], _group(e)), []).append(e)
    lines = []
    for (verdict, name), items in groups.items():
        what = _short(items[0]) if len(items) == 1 else f"{name} ({len(items)} figures)"
        lines.append(f"  [{verdict}] {what}: {_brief(_group_reason(name, items, result))}")
    if labels:
        e = labels[min(2, len(labels) - 1)]
        lines.append(f"  [differs] 说明五（三） ({len(labels)} labels): the 类/款/项 names do not name their code "
                     f"(e.g. {e['label'][:7]}: {e['published']})")
    return lines


def _brief(reason: str, width: int = 110) -> str:
    """A reason cut to its first clause when it is too long for one line."""
    if len(reason) <= width:
        return reason
    head = reason.split(":")[0].split(" — ")[0]
    return head if len(head) <= width else head[: width - 1] + "…"


def report(result: dict[str, Any], *, details: bool = False) -> str:
    """The answer first (one screen): what was rebuilt, how much matches, each place where the
    report disagrees with itself, its rounding tails, and the output folder last. ``details``
    inserts every figure's reason, the checks, the reconstructed values and the equal figures."""
    cells, narr = result["cells"], result["narrative"]
    c = Counter(e["verdict"] for e in cells)
    n = Counter(e["verdict"] for e in narr)
    tails = result["tails"]
    lines = [
        f"{result['unit']} {result['year']}年度部门决算 — rebuilt from the figures it prints at the lowest level",
        f"  rebuilt  : the nine 公开表 ({len(cells)} cells) and the 情况说明 with its 附件 ({len(narr)} figures)",
        f"  match    : {c['equal']} of {len(cells)} table cells and {n['equal']} of {len(narr)} 说明/附件 figures are "
        "equal to the published ones",
        *_mode_lines(result),
        "",
        f"Where the rebuild differs ({len(cells) - c['equal']} cells, {len(narr) - n['equal']} figures; "
        "one line per place, with the reason):",
        *_differences(result),
        "",
        f"Rounding tails in the published report ({len(tails)}: a printed total ≠ the sum of its printed parts, "
        "within (n+1)·0.005 万元; not errors):",
        *[f"  {t['where']}: {t['printed']} vs {t['children_sum']} (n={t['n']}, ±{t['band']})"
          + ("" if t["verdict"] == "tail" else f" [{t['verdict']}]") for t in tails],
    ]
    if details:
        lines += ["", *_details(result)]
    else:
        lines += ["", f"Every figure with its reason (the {c['equal'] + n['equal']} equal ones too), the checks and "
                      "the reconstructed values:",
                  f"  {DETAILS_COMMAND}",
                  f"  (or: python {SCRIPT} --details; --json instead of --details gives it all as JSON)"]
    lines += ["", f"Outputs in {result['out']}: {', '.join(result['written'])}"]
    lines += [f"  note: {x}" for x in result["notes"]]
    return "\n".join(lines)


def _details(result: dict[str, Any]) -> list[str]:
    cells, narr, rc, d = result["cells"], result["narrative"], result["reconstruction"], result["derived"]
    oc = d["operating_costs"]
    lines = [f"Derived figures: 人员经费 {d['personnel']}, 公用经费 {d['public']}, 三公 {d['three_public']['total']}, "
             f"机关运行经费 {oc['amount'] if oc['applicable'] else 'not applicable (' + oc['reason'] + ')'}", ""]
    if result["mode"] == "exact":
        lines += ["Reconstructed values that differ from printed × 10000 (元; a reconstruction, not the books):"]
        lines += [f"  {a['figure']}: printed {a['printed'] or 'blank'} 万元, reconstructed {a['exact_yuan']} 元"
                  for a in rc["adjusted"]]
        lines.append("")
    lines.append("Details (reasons):")
    for e in [*cells, *narr]:
        if e["verdict"] != "equal":
            lines.append(f"  [{e['verdict']}] {_short(e)}\n      {e['reason']}")
    lines += ["", "Checks:"]
    for f in result["checks"]:
        nums = f" ({f['found']} vs {f['expected']} {f['unit']})" if f.get("found") and f.get("expected") else ""
        lines.append(f"  {f['rule']} {f['verdict']}: {f['where']}{nums}")
    lines += ["", "Equal figures (published = rebuilt):"]
    for e in cells:
        if e["verdict"] == "equal" and e["published"]:
            extra = f" ({e['reason']})" if e["reason"] else ""
            lines.append(f"  {e['table']} {e['row']} 栏次{e['column']}: {e['published']}{extra}")
    for e in narr:
        if e["verdict"] == "equal":
            extra = f" ({e['reason']})" if e["reason"] else ""
            lines.append(f"  说明{e['section']} {e['label']}: {e['published']}{extra}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the report")
    parser.add_argument("--details", action="store_true",
                        help="also list every figure with its reason (the equal ones too), the checks and the "
                             "reconstructed values")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="output folder (default: out/ here)")
    parser.add_argument("--as-printed", action="store_true",
                        help="take every leaf as printed (万元 × 10000) instead of reconstructing exact 元 values")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if out.exists() and not out.is_dir():
        parser.error(f"--out {args.out}: expected a folder for the outputs, found an existing file")
    try:
        result = run(out, "as-printed" if args.as_printed else "exact")
    except (OSError, gb.GovBudgetError) as e:
        # OSError: the output folder cannot be made or written; GovBudgetError: unreadable inputs
        print(f"{parser.prog}: error: {e}", file=sys.stderr)
        return 2
    try:
        print(json.dumps(result, ensure_ascii=False, indent=1) if args.json
              else report(result, details=args.details))
    except BrokenPipeError:  # e.g. `rebuild.py | head`: the reader stopped early, which is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
