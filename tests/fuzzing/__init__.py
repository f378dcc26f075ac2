"""The fuzz suite that stays (issue 12): mutation operators, hypothesis strategies and invariants.

Shared by the bounded tests (``tests/test_fuzz_*.py``, part of ``make test``) and the long run
(``tools/fuzz.py``, ``make fuzz``). The invariants:

- no exception outside :class:`govbudget.GovBudgetError` (:mod:`fuzzing.invariants`);
- no amount lost: every decimal figure of a report's text is a cell on its line, or its line is
  in ``report.unmapped``, a narrative section, or the page furniture;
- Σ in = Σ out for every roll-up (ledgers and :func:`govbudget.bulk_rollup`);
- ``check()`` time linear in input size (measured by ``make fuzz``, never timed in a test).
"""
