"""Shared paths and a finding filter for the reader tests."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
REPORTS = HERE / "fixtures" / "reports"
SEED = HERE / "fixtures" / "seed" / "zhuzhou_2024.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")


def findings_by(findings, rule, verdict=None, where=""):
    """The findings of ``rule`` (and ``verdict``) whose place contains ``where``."""
    return [f for f in findings if f.rule == rule and (verdict is None or f.verdict == verdict) and where in f.where]
