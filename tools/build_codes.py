"""Build the shipped code tables codes/<scheme>/<year>.csv (2017–2026) and the counts in codes/README.md.

Not shipped. Run from the repository root:

    .venv/bin/python tools/build_codes.py            # say what would change, list the notes
    .venv/bin/python tools/build_codes.py --write    # rewrite the tables and the README counts

Inputs (all under codes/sources/, see codes/README.md):

- ``printed.csv``: every code–name pair printed in a document we hold (evidence ``attested``);
- ``notices.csv``: pairs printed in public notices, with their addresses (``public-notice``);
- ``reconstructed.txt`` / ``reconstructed-economic.txt``: codes known from the published
  classification with the years we are sure of (``reconstructed``);
- ``crosswalk.csv``: moves and renames between years that a code comparison cannot see.

Per (scheme, year) a code takes the strongest evidence that names it that year. Its main name is
the reconstructed (official) name when a document of the year prints that name too, else the name
printed most often that year. Other names printed for the code, that year or earlier, become
aliases with the years they were printed. A reconstructed or notice name that contradicts a
printed one of the same year stops the build (unless ``crosswalk.csv`` records the rename), and so
does a code whose parent no source gives for that year.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "codes" / "sources"
YEARS = range(2017, 2027)
FOLDERS = {"functional": "functional", "economic": "economic-department", "government": "economic-government"}
LEVEL = {3: "类", 5: "款", 7: "项"}
RECONSTRUCTED_SOURCE = "reconstructed from the published 《政府收支分类科目》 (codes/sources/{file}); not printed in a document we hold"
# the 2018 reform renumbered the economic classifications: a pre-2018 name is no alias of a later code
REFORM = {"economic": 2018, "government": 2018}
EVIDENCE_RANK = {"attested": 0, "public-notice": 1, "reconstructed": 2}


def years_of(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        a, _, b = part.strip().partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def read_knowledge(path: Path, scheme: str = "functional") -> list[tuple[str, str, str, int]]:
    """(scheme, code, name, year) rows of a reconstructed.txt file, +admin lines expanded."""
    out: list[tuple[str, str, str, int]] = []
    default: list[int] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("%"):
            scheme = line[1:]
            continue
        if line.startswith("@"):
            default = years_of(line[1:])
            continue
        words = line.split()
        code, name = words[0], words[1]
        years, flags = default, []
        for w in words[2:]:
            if w.startswith("@"):
                years = years_of(w[1:])
            elif w.startswith("+"):
                flags.append(w)
            else:
                raise SystemExit(f"{path.name}: cannot read {raw!r}")
        rows = [(code, name)]
        if flags:
            admin = [("01", "行政运行"), ("02", "一般行政管理事务"), ("03", "机关服务")]
            if flags[0] in ("+admin", "+admin-99"):
                admin.append(("50", "事业运行"))
            if flags[0] == "+admin":
                admin.append(("99", f"其他{name}支出"))
            rows += [(code + suffix, n) for suffix, n in admin]
        out.extend((scheme, c, n, y) for c, n in rows for y in years)
    return out


def spelling(name: str) -> str:
    """The name with print variants folded: ASCII brackets and 其它 (the classification writes （） and 其他)."""
    return name.replace("(", "（").replace(")", "）").replace("其它", "其他")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class Build:
    def __init__(self) -> None:
        self.notes: list[str] = []
        self.errors: list[str] = []
        # (scheme, year, code) -> evidence -> list of (name, source)
        self.seen: dict[tuple[str, int, str], dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
        self.renames = {(r["scheme"], int(r["to_year"]), r["to_code"], r["from_name"]): r
                        for r in read_csv(SRC / "crosswalk.csv") if r["status"] == "renamed"}

    def load(self) -> None:
        for r in read_csv(SRC / "printed.csv"):
            self.seen[(r["scheme"], int(r["year"]), r["code"])]["attested"].append((r["name"], r["document"]))
        misprints = {(r["scheme"], int(r["year"]), r["code"], r["printed"]): r["reason"]
                     for r in read_csv(SRC / "misprints.csv")}
        for r in read_csv(SRC / "notices.csv"):
            key = (r["scheme"], int(r["year"]), r["code"], r["name"])
            if key in misprints:
                self.notes.append(f"{key[0]} {key[1]} {key[2]}: notice prints {key[3]!r}, not taken: {misprints[key]}")
                continue
            src = "public notice: " + r["addresses"]
            self.seen[(r["scheme"], int(r["year"]), r["code"])]["public-notice"].append((r["name"], src))
        for file in ("reconstructed.txt", "reconstructed-economic.txt"):
            for scheme, code, name, year in read_knowledge(SRC / file):
                if year in YEARS:
                    src = RECONSTRUCTED_SOURCE.format(file=file)
                    self.seen[(scheme, year, code)]["reconstructed"].append((name, src))

    def row(self, scheme: str, year: int, code: str) -> dict[str, str] | None:
        by_ev = self.seen[(scheme, year, code)]
        official = [n for n, _ in by_ev.get("reconstructed", [])]
        if len({spelling(n) for n in official}) > 1:
            self.errors.append(f"{scheme} {year} {code}: two reconstructed names {sorted(set(official))}")
        for evidence in ("attested", "public-notice"):
            names = [n for n, _ in by_ev.get(evidence, [])]
            if names:
                break
        else:
            if not official:
                return None
            evidence, names = "reconstructed", official
        counts = Counter(spelling(n) for n in names)
        if official and spelling(official[0]) in counts:
            name = official[0]  # the classification's own spelling
        else:
            name = next(n for n in names if spelling(n) == counts.most_common(1)[0][0])
        if evidence != "reconstructed":
            for n in {spelling(n) for n in official} - set(counts):
                self.conflict(scheme, year, code, n, "reconstructed", sorted(counts))
        if evidence == "attested":
            for n in {spelling(n) for n, _ in by_ev.get("public-notice", [])} - set(counts):
                self.conflict(scheme, year, code, n, "public-notice", sorted(counts))
        sources = [s for n, s in by_ev[evidence] if spelling(n) == spelling(name)]
        return {"code": code, "name": name, "level": LEVEL[len(code)],
                "parent": {3: "", 5: code[:3], 7: code[:5]}[len(code)],
                "evidence": evidence, "source": sources[0]}

    def conflict(self, scheme: str, year: int, code: str, name: str, what: str, printed: list[str]) -> None:
        msg = f"{scheme} {year} {code}: {what} name {name!r} is not what the documents of the year print ({printed})"
        if what == "public-notice":
            self.notes.append(msg + "; the notice's name is not used")
        else:
            self.errors.append(msg)

    def tables(self) -> dict[tuple[str, int], dict[str, dict[str, str]]]:
        out: dict[tuple[str, int], dict[str, dict[str, str]]] = {}
        keys = sorted(self.seen)
        for scheme, year, code in keys:
            if year not in YEARS:
                continue
            row = self.row(scheme, year, code)
            if row is not None:
                out.setdefault((scheme, year), {})[code] = row
        for (scheme, year), table in out.items():
            for code in sorted(table, key=len, reverse=True):
                row = table[code]
                if row["parent"] and row["parent"] not in table:
                    msg = f"{scheme} {year} {code} {row['name']}: no source gives its parent {row['parent']} for {year}"
                    if row["evidence"] == "public-notice":
                        self.notes.append(msg + "; the notice's row is not taken")
                        del table[code]
                    else:
                        self.errors.append(msg)
        self.add_aliases(out)
        return out

    def add_aliases(self, out: dict[tuple[str, int], dict[str, dict[str, str]]]) -> None:
        """Other printed names of a code, that year or any earlier year, with the years printed."""
        printed_years: dict[tuple[str, str, str], set[int]] = defaultdict(set)
        for (scheme, year, code), by_ev in self.seen.items():
            for n, _ in by_ev.get("attested", []):
                printed_years[(scheme, code, n)].add(year)
        for (scheme, year), table in out.items():
            for code, row in table.items():
                aliases = []
                start = REFORM.get(scheme, 0) if year >= REFORM.get(scheme, 0) else 0
                for (s, c, n), ys in sorted(printed_years.items()):
                    got = sorted(y for y in ys if start <= y <= year)
                    if s == scheme and c == code and n != row["name"] and got:
                        aliases.append(f"{n}@{_years_text(got)}")
                row["aliases"] = "|".join(aliases)


def _years_text(years: list[int]) -> str:
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ",".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def render(table: dict[str, dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    cols = ["code", "name", "level", "parent", "evidence", "source", "aliases"]
    w.writerow(cols)
    for code in sorted(table):
        w.writerow([table[code][c] for c in cols])
    return buf.getvalue()


COUNTS_START = "<!-- counts: generated by tools/build_codes.py, checked by tests/test_codes.py -->"
COUNTS_END = "<!-- end of counts -->"


def counts_table(tables: dict[tuple[str, int], dict[str, dict[str, str]]]) -> str:
    lines = [COUNTS_START, "",
             "| file | level | attested | public-notice | reconstructed | rows |",
             "| --- | --- | --- | --- | --- | --- |"]
    for (scheme, year) in sorted(tables, key=lambda k: (FOLDERS[k[0]], k[1])):
        c = Counter((r["level"], r["evidence"]) for r in tables[(scheme, year)].values())
        for level in ("类", "款", "项"):
            n = [c[(level, e)] for e in EVIDENCE_RANK]
            if sum(n):
                lines.append(f"| {FOLDERS[scheme]}/{year}.csv | {level} | {n[0]} | {n[1]} | {n[2]} | {sum(n)} |")
    lines += ["", COUNTS_END]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    b = Build()
    b.load()
    tables = b.tables()
    for n in b.notes:
        print("note:", n)
    for e in b.errors:
        print("ERROR:", e)
    if b.errors:
        return 1
    write = "--write" in argv
    for (scheme, year), table in sorted(tables.items()):
        path = ROOT / "codes" / FOLDERS[scheme] / f"{year}.csv"
        text = render(table)
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        print(f"{path.relative_to(ROOT)}: {len(table)} rows ({'same' if old == text else 'changed'})")
        if write and old != text:
            path.write_text(text, encoding="utf-8")
    readme = ROOT / "codes" / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = counts_table(tables)
    new = re.sub(re.escape(COUNTS_START) + ".*?" + re.escape(COUNTS_END), lambda _: block, text, flags=re.S)
    if new == text and COUNTS_START not in text:
        raise SystemExit("codes/README.md has no counts block")
    print(f"codes/README.md counts: {'same' if new == text else 'changed'}")
    if write and new != text:
        readme.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
