"""Test-wide settings.

Hypothesis: no per-example deadline, so a slow or loaded machine cannot fail a property test by timing
(speed is never what these tests check). max_examples stays as each test sets it (Hypothesis' default
of 100 where a test sets none).

``make test`` (and CI) runs the ``govbudget`` profile, which is derandomized: the same examples every
run, so a green suite stays green on a clean clone. Set ``GOVBUDGET_HYPOTHESIS=explore`` to draw new
random examples (``make fuzz`` is the long exploration).
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("govbudget", deadline=None, derandomize=True)
settings.register_profile("explore", deadline=None)
settings.load_profile("explore" if os.environ.get("GOVBUDGET_HYPOTHESIS") == "explore" else "govbudget")
