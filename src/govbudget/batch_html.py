"""The summary page of a batch (``govbudget check … --html r.html``): one self-contained HTML file.

No network: the styles, the two SVG charts and a few lines of script to sort the reports table
are all inside the page. Chinese labels are SVG text with a CJK font-family fallback list.

>>> import polars as pl
>>> from govbudget.batch import _frames
>>> page = render_html(*_frames([], []))
>>> "<svg" in page and "http" not in page.replace("http://www.w3.org/2000/svg", "")
True
"""

from __future__ import annotations

import datetime as _dt
import html
import os
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from string import Template
from typing import Any

__all__ = ["FONTS", "render_html", "write_html"]

#: the font-family list of the page and of its SVG text
FONTS = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
_VERDICT_NAMES = {"contradiction": "矛盾", "label": "名称与措辞", "tail": "尾数误差", "not_assessable": "无法核对"}
_VERDICT_COLOURS = {"contradiction": "#cf222e", "label": "#bf8700", "tail": "#8c959f", "not_assessable": "#d0d7de"}
_STATUS_NAMES = {"ok": "已检查", "unreadable": "无法读取", "not a report": "不是报告", "timed out": "超时"}
_COLUMNS = (  # (column, heading, kind)
    ("file", "文件 file", "text"), ("unit", "单位 unit", "text"), ("year", "年度", "num"), ("kind", "类别", "text"),
    ("status", "状态 status", "text"), ("contradiction", "矛盾", "num"), ("label", "名称与措辞", "num"),
    ("tail", "尾数误差", "num"), ("not_assessable", "无法核对", "num"), ("checks", "核对项", "num"),
    ("failed", "矛盾占比", "num"), ("income_total", "本年收入合计", "amount"),
    ("expenditure_total", "本年支出合计", "amount"), ("milliseconds", "用时 ms", "num"),
)
#: buckets of the share chart: (label, upper bound in percent, inclusive)
_BUCKETS = (("0%", Decimal(0)), ("≤1%", Decimal(1)), ("1–5%", Decimal(5)), ("5–10%", Decimal(10)),
            ("10–25%", Decimal(25)), (">25%", None))


def write_html(reports: Any, findings: Any, path: str | os.PathLike[str]) -> Path:
    """Write the page for the two batch tables to ``path``; return the path."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(render_html(reports, findings), encoding="utf-8")
    return p


def render_html(reports: Any, findings: Any) -> str:
    """The page as a string (see the module docstring)."""
    from . import __version__

    rows = list(reports.iter_rows(named=True))
    bad = [f for f in findings.iter_rows(named=True) if f["verdict"] != "ok"]
    template = Template((Path(__file__).with_name("batch_page.html")).read_text(encoding="utf-8"))
    n_ok = sum(1 for r in rows if r["status"] == "ok")
    n_contra = sum(1 for r in rows if (r["contradiction"] or 0) > 0)
    cards = "".join(f'<div class="card"><b>{v}</b>{html.escape(k)}</div>' for k, v in (
        ("报告 reports", len(rows)), ("已检查 checked", n_ok), ("未读取 not read", len(rows) - n_ok),
        ("有矛盾 with contradictions", n_contra),
        ("矛盾 contradictions", sum(r["contradiction"] or 0 for r in rows))))
    return template.substitute(
        title="政府收支报告批量检查 · Batch check of published reports", fonts=FONTS,
        lead=html.escape(f"{len(rows)} 份报告，{n_ok} 份已检查，{n_contra} 份有矛盾。"
                         f"{len(rows)} reports, {n_ok} checked, {n_contra} with contradictions."),
        cards=cards, chart_rules=chart_rules(bad), chart_shares=chart_shares(rows),
        head=_head(), rows="\n".join(_row(r) for r in _by_contradictions(rows)),
        findings=_findings(rows, bad), version=__version__,
        generated=_dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def _by_contradictions(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (-(r["contradiction"] if r["contradiction"] is not None else -1), r["file"]))


def _head() -> str:
    out = []
    for col, name, _ in _COLUMNS:
        sort = ' aria-sort="descending"' if col == "contradiction" else ""
        out.append(f'<th class="sortable"{sort} data-col="{col}">{html.escape(name)}</th>')
    return "".join(out)


def failed_share(row: dict) -> Decimal | None:
    """Contradictions as a percentage of the assessed checks (ok, tail, label, contradiction), or
    ``None`` for a report that was not checked or has no assessed check.

    >>> failed_share({"ok": 90, "tail": 5, "label": 1, "contradiction": 4, "status": "ok"})
    Decimal('4.0')
    """
    if row.get("status") != "ok":
        return None
    assessed = sum(row.get(k) or 0 for k in ("ok", "tail", "label", "contradiction"))
    if not assessed:
        return None
    return (Decimal(row.get("contradiction") or 0) * 100 / assessed).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _row(r: dict) -> str:
    cells = []
    for col, _, kind in _COLUMNS:
        v = failed_share(r) if col == "failed" else r.get(col)
        if col == "status":
            cls = "st-ok" if v == "ok" else "st-bad"
            text = f'<span class="{cls}">{html.escape(_STATUS_NAMES.get(v, v or ""))}</span>'
            if r.get("error"):
                text += f'<br><span class="err">{html.escape(r["error"])}</span>'
            cells.append(f'<td data-v="{_STATUSES_ORDER.get(v, 9)}">{text}</td>')
        elif col == "file":
            files = (r.get("files") or v or "").split(" + ")
            more = f" (+{len(files) - 1})" if len(files) > 1 else ""
            cells.append(f'<td class="file" title="{html.escape(" + ".join(files))}" data-v="{html.escape(v or "")}">'
                         f'{html.escape(Path(v or "").name)}{more}</td>')
        elif kind == "text":
            cells.append(f'<td class="{col}">{html.escape(str(v or ""))}</td>')
        elif kind == "amount":
            unit = _unit_of(r, col)
            shown = "" if v is None else f"{_amount(v)} {unit}".rstrip()
            cells.append(f'<td class="num" data-v="{_in_wan(v, unit)}">{html.escape(shown)}</td>')
        else:
            shown = "" if v is None else (f"{v}%" if col == "failed" else str(v))
            cells.append(f'<td class="num" data-v="{"" if v is None else v}">{html.escape(shown)}</td>')
    return "<tr>" + "".join(cells) + "</tr>"


_STATUSES_ORDER = {"unreadable": 0, "timed out": 1, "not a report": 2, "ok": 3}


def _unit_of(r: dict, col: str) -> str:
    """The unit a key figure is printed in: the report's amount unit unless ``figure_units`` names another."""
    for part in (r.get("figure_units") or "").split("; "):
        name, _, unit = part.partition("=")
        if name == col:
            return unit
    return r.get("amount_unit") or ""


def _in_wan(v: object, unit: str) -> str:
    """The sort key of an amount: in 万元 whatever its printed unit (exact), ``''`` for none.

    >>> _in_wan("96282213.44", "元"), _in_wan("10.81", "万元"), _in_wan(None, "元")
    ('9628.221344', '10.81', '')
    """
    if v is None:
        return ""
    d = Decimal(str(v))
    return str(d / 10000 if unit == "元" else d)


def _amount(v: object) -> str:
    """An exact amount string with thousands separators (``'96282213.44'`` → ``'96,282,213.44'``)."""
    try:
        return f"{Decimal(str(v)):,}"
    except ArithmeticError:  # pragma: no cover - the batch writes exact decimals only
        return str(v)


def _findings(rows: list[dict], bad: list[dict]) -> str:
    by_file: dict[str, list[dict]] = {}
    for f in bad:
        by_file.setdefault(f["sha256"] or f["file"], []).append(f)
    order = {"contradiction": 0, "label": 1, "tail": 2, "not_assessable": 3}
    out = []
    for r in _by_contradictions(rows):
        fs = by_file.get(r["sha256"] or r["file"], [])
        if not fs:
            continue
        fs.sort(key=lambda f: (order.get(f["verdict"], 9), f["page"] or 0, f["line"] or 0))
        counts = "，".join(f"{_VERDICT_NAMES.get(v, v)} {n}" for v, n in
                          sorted(Counter(f["verdict"] for f in fs).items(), key=lambda kv: order.get(kv[0], 9)))
        items = "".join(
            f'<tr><td class="v-{html.escape(f["verdict"])}">{html.escape(_VERDICT_NAMES.get(f["verdict"], f["verdict"]))}'
            f'{"（提示）" if f["hint"] else ""}</td><td>{html.escape(f["rule"])}</td>'
            f'<td class="num">{f["page"] or ""}</td><td class="num">{f["line"] or ""}</td>'
            f'<td>{html.escape(f["message"] or f["where"])}</td></tr>' for f in fs)
        opened = " open" if (r["contradiction"] or 0) > 0 and len(rows) <= 20 else ""
        out.append(f'<details{opened}><summary><b>{html.escape(r["unit"] or r["file"])}</b> '
                   f'{html.escape(str(r["year"] or ""))} — {html.escape(counts)} '
                   f'<small>{html.escape(r["file"])}</small></summary>'
                   '<table><thead><tr><th>结论</th><th>规则</th><th>页</th><th>行</th><th>说明 message</th>'
                   f'</tr></thead><tbody>{items}</tbody></table></details>')
    return "\n".join(out) or "<p>没有需要关注的发现。No findings other than ok.</p>"


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="{FONTS}" font-size="12" role="img" '
            f'aria-label="{html.escape(title)}">'
            f'<text x="8" y="20" font-size="15" font-weight="bold">{html.escape(title)}</text>' + "".join(body) + "</svg>")


def chart_rules(bad: list[dict], *, top: int = 15) -> str:
    """Horizontal bars: findings (not ok) per rule, split by verdict, the ``top`` rules with the most.

    >>> "各规则的发现数" in chart_rules([{"rule": "X12", "verdict": "contradiction"}])
    True
    """
    per: dict[str, Counter] = {}
    for f in bad:
        per.setdefault(f["rule"], Counter())[f["verdict"]] += 1
    rules = sorted(per, key=lambda k: (-sum(per[k].values()), k))[:top]
    width, left, bar_w, row_h, top_y = 560, 110, 380, 22, 58
    height = top_y + row_h * max(len(rules), 1) + 30
    body = _legend(30)
    most = max((sum(per[k].values()) for k in rules), default=1)
    for i, rule in enumerate(rules):
        y = top_y + i * row_h
        body.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{html.escape(rule)}</text>')
        x = left
        for verdict in _VERDICT_NAMES:
            n = per[rule].get(verdict, 0)
            w = n * bar_w // most
            if w:
                body.append(f'<rect x="{x}" y="{y + 3}" width="{w}" height="{row_h - 6}" '
                            f'fill="{_VERDICT_COLOURS[verdict]}"><title>{html.escape(rule)} '
                            f'{_VERDICT_NAMES[verdict]} {n}</title></rect>')
                x += w
        body.append(f'<text x="{x + 4}" y="{y + 14}">{sum(per[rule].values())}</text>')
    if not rules:
        body.append(f'<text x="{left}" y="{top_y + 14}">没有发现 no findings</text>')
    return _svg(width, height, "各规则的发现数（按结论）Findings by rule", body)


def _legend(y: int) -> list[str]:
    out, x = [], 8
    for verdict, name in _VERDICT_NAMES.items():
        out.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{_VERDICT_COLOURS[verdict]}"/>'
                   f'<text x="{x + 16}" y="{y + 11}">{name}</text>')
        x += 30 + 14 * len(name)
    return out


def chart_shares(rows: list[dict]) -> str:
    """Vertical bars: how many reports have which share of their assessed checks in contradiction
    (and how many were not read).

    >>> "矛盾占已核对项的比例" in chart_shares([{"status": "ok", "ok": 9, "contradiction": 1}])
    True
    """
    counts = Counter()
    for r in rows:
        share = failed_share(r)
        if share is None:
            counts["未读取/无核对"] += 1
            continue
        label = next(lab for lab, bound in _BUCKETS if bound is None or share <= bound)
        counts[label] += 1
    labels = [lab for lab, _ in _BUCKETS] + ["未读取/无核对"]
    width, height, base, left, col_w, bar_h = 560, 300, 240, 40, 70, 170
    most = max(counts.values(), default=1) or 1
    body = [f'<line x1="{left}" y1="{base}" x2="{left + col_w * len(labels)}" y2="{base}" stroke="#8c959f"/>',
            f'<text x="{left}" y="{base + 44}" fill="#57606a">矛盾占已核对项的比例 share of assessed checks '
            'in contradiction</text>',
            '<text x="8" y="42" fill="#57606a">报告数 reports</text>']
    for i, lab in enumerate(labels):
        n = counts.get(lab, 0)
        h = n * bar_h // most
        x = left + i * col_w + 10
        colour = "#8c959f" if lab.startswith("未读取") else "#1a7f37" if lab == "0%" else "#cf222e"
        if h:
            body.append(f'<rect x="{x}" y="{base - h}" width="{col_w - 20}" height="{h}" fill="{colour}">'
                        f'<title>{html.escape(lab)}: {n}</title></rect>')
        body.append(f'<text x="{x + (col_w - 20) // 2}" y="{base - h - 4}" text-anchor="middle">{n}</text>')
        body.append(f'<text x="{x + (col_w - 20) // 2}" y="{base + 16}" text-anchor="middle" '
                    f'font-size="11">{html.escape(lab)}</text>')
    return _svg(width, height, "报告按矛盾占比分布 Reports by share of checks failed", body)
