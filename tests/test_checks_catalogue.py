"""The check catalogue names every rule the checks emit, and the rules page is generated from it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from reader_fixtures import SEED_TEXT

import govbudget as gb
from govbudget.checks import CatalogueError, catalogue, rule

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "src" / "govbudget" / "checks"
_ID = re.compile(r"""["'](R\d{2}\.\d|X\d{2}(?:\.[a-z]+)?|[SLC]\d{2}|T\d{2}\.shift)["']""")


def _ids_in_code() -> set[str]:
    """Rule ids the code emits: in the families' Python or in the terms of the shared layout."""
    files = [*CHECKS.glob("*.py"), CHECKS / "layouts" / "common.toml"]
    return {m.group(1) for p in files for m in _ID.finditer(p.read_text(encoding="utf-8"))}


def test_every_rule_id_in_the_code_is_catalogued():
    assert _ids_in_code() - set(catalogue()) == set()


def test_every_catalogued_rule_is_in_the_code():
    assert set(catalogue()) - _ids_in_code() - {"tables", "checks", "names"} == set()


def test_every_finding_on_the_seed_has_a_catalogued_rule():
    fs = gb.read_report(text=SEED_TEXT).check()
    assert {f.rule for f in fs} - set(catalogue()) == set()
    for f in fs:
        assert f.verdict in rule(f.rule).verdicts or f.verdict == "ok", (f.rule, f.verdict)


def test_catalogue_entries_are_chinese_and_cite_public_documents():
    for r in catalogue().values():
        assert re.search(r"[\u4e00-\u9fff]", r.title + r.checks), r.id
        assert not re.search(r"domain|§|SEED|brief", r.reference), r.id
        assert r.templates and r.kinds and r.example


def test_an_unknown_rule_is_a_typed_error():
    with pytest.raises(CatalogueError, match="Z99"):
        rule("Z99")


def test_rules_page_is_current():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import rules_page
    finally:
        sys.path.pop(0)
    assert rules_page.PAGE.read_text(encoding="utf-8") == rules_page.render(), "run tools/rules_page.py --write"
    text = rules_page.render()
    for rid in catalogue():
        assert f"### {rid} " in text
