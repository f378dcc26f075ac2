"""Test-wide settings.

Hypothesis: no per-example deadline, so a slow or loaded machine cannot fail a property test by timing
(speed is never what these tests check). max_examples stays as each test sets it (Hypothesis' default
of 100 where a test sets none).
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("govbudget", deadline=None)
settings.load_profile("govbudget")
