"""The development corpus: fifteen real budget PDFs of units the reader was not built around.

- key figures equal what each document prints (``fixtures/corpus/key_figures.toml``, transcribed
  from the PDFs by hand, not by the reader);
- every contradiction judged TRUE in ``triage.json`` is still found, and every one judged FALSE
  (misread or rule that does not fit) is gone;
- every table is recognised or listed in ``unmapped`` with its title and page;
- every cell says how it was placed.
"""

from __future__ import annotations

import json
import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from govbudget.reader import read_report

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
EXPECTED = tomllib.loads((CORPUS / "key_figures.toml").read_text(encoding="utf-8"))
TRIAGE = json.loads((CORPUS / "triage.json").read_text(encoding="utf-8"))
DOCS = sorted(p.name for p in CORPUS.glob("*.pdf"))

_AMOUNTS = ("income_total", "expenditure_total", "basic", "project", "personnel", "public", "fiscal_total")
_cache: dict[str, object] = {}


def _read(name: str):
    if name not in _cache:
        rep = read_report(CORPUS / name)
        _cache[name] = (rep, rep.key_figures(), rep.check())
    return _cache[name]


def test_every_document_has_expected_figures():
    """The data file covers every PDF of the corpus (and nothing else)."""
    assert sorted(EXPECTED) == DOCS and len(DOCS) == 15


@pytest.mark.parametrize("name", DOCS)
def test_key_figures_as_printed(name):
    """Unit, year, kind, totals, 基本/项目, 人员/公用, 三公 and every functional code as printed."""
    exp = EXPECTED[name]
    _, kf, _ = _read(name)
    assert (kf["unit"], kf["year"], kf["kind"]) == (exp["unit"], exp["year"], exp["kind"])
    assert kf["amount_unit"] == exp.get("amount_unit")
    for key in _AMOUNTS:
        want = exp.get(key)
        assert kf[key] == (None if want is None else Decimal(want)), key
    tp = {k: str(v) for k, v in kf["three_public"]["budget"].items() if v is not None}
    assert tp == exp.get("three_public", {})
    assert not any(kf["three_public"]["actual"].values())  # budgets print no 决算 三公 figures
    assert {k: str(v) for k, v in kf["functional"].items()} == exp.get("functional", {})


def _same_place(where: str, judged: str) -> bool:
    """The finding's place is the judged one: equal, or a quotation sharing two of its figures
    (the quotation's cut may differ between versions: “6.99万元，与上年相比增加101.48万元，增长1.66%”)."""
    if where == judged:
        return True
    figures = re.compile(r"\d+(?:\.\d+)?(?:%|万元)")
    return "“" in judged and len(set(figures.findall(where)) & set(figures.findall(judged))) >= 2


def _printed(findings, entry) -> bool:
    return any(f.verdict == "contradiction" and f.rule == entry["rule"] and _same_place(f.where, entry["where"])
               for f in findings)


@pytest.mark.parametrize("entry", [e for e in TRIAGE if e["verdict"].startswith("TRUE")],
                         ids=lambda e: f"{e['file'][:24]}-{e['rule']}-{e['where'][:12]}")
def test_true_contradictions_still_found(entry):
    """Every contradiction judged TRUE (or TRUE trivial) is still printed at its place."""
    _, _, findings = _read(entry["file"])
    assert _printed(findings, entry)


@pytest.mark.parametrize("entry", [e for e in TRIAGE if e["verdict"].startswith("FALSE")],
                         ids=lambda e: f"{e['file'][:24]}-{e['rule']}-{e['where'][:12]}")
def test_false_contradictions_gone(entry):
    """No contradiction judged false: misread tables (wrapped names, unpadded 款 codes, text outside the
    page box), sentence forms matched on a sub-item, a rule that does not fit the template."""
    _, _, findings = _read(entry["file"])
    assert not _printed(findings, entry)


@pytest.mark.parametrize("name", DOCS)
def test_tables_recognised_or_listed(name):
    """A table is recognised, or listed in ``unmapped`` with its title and page."""
    rep, _, _ = _read(name)
    listed = {(u.page, u.line) for u in rep.unmapped if u.reason == "unrecognised table"}
    for t in rep.tables:
        assert t.table_id is not None or (t.page, t.line) in listed, t.title


@pytest.mark.parametrize("name", DOCS)
def test_every_cell_says_how_it_was_placed(name):
    """PDF cells are placed by position; a cell that is not is marked uncertain (never silently)."""
    rep, _, _ = _read(name)
    for t in rep.tables:
        for c in t.cells:
            assert c.placement in ("position", "identity", "uncertain"), c.where
            assert c.ambiguous == (c.placement == "uncertain") or c.unreadable, c.where
            if c.value is None and not c.raw:
                assert c.blank in ("seen", "assumed"), c.where
