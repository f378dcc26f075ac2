"""Wall-clock budgets for reading and checking one report (``SIGALRM``, main thread only).

A budget that runs out raises in the code it bounds: :class:`TimedOut` for a per-file time
limit (a ``BaseException``, so broad ``except Exception`` clauses inside readers cannot turn it
into a read error), or :class:`~govbudget.errors.LimitExceededError` for ``limits.check_seconds``.
Budgets nest: the earliest deadline is armed. Outside the main thread, or where the platform has
no ``SIGALRM``, a budget is not enforced (documented in ``docs/limits.md``).

>>> with timebox(5):
...     1 + 1
2
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator

from . import limits

__all__ = ["TimedOut", "check_budget", "timebox"]


class TimedOut(BaseException):
    """A per-file time limit ran out."""

    def __init__(self, seconds: object) -> None:
        self.seconds = seconds
        super().__init__(f"timed out after {seconds} s")


_STACK: list[tuple[float, BaseException]] = []  # (deadline, what to raise)


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _arm() -> None:
    if not _STACK:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    left = min(d for d, _ in _STACK) - time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


def _fire(signum, frame) -> None:
    now = time.monotonic()
    due = [exc for d, exc in _STACK if d <= now + 0.0005]
    if due:
        raise due[0]
    _arm()


@contextlib.contextmanager
def _budget(seconds: float | None, exc: BaseException) -> Iterator[None]:  # float-ok: seconds, not money
    if seconds is None or seconds <= 0 or not _usable():
        yield
        return
    previous = signal.getsignal(signal.SIGALRM) if not _STACK else None
    if not _STACK:
        signal.signal(signal.SIGALRM, _fire)
    entry = (time.monotonic() + seconds, exc)
    _STACK.append(entry)
    _arm()
    try:
        yield
    finally:
        _STACK.remove(entry)
        _arm()
        if not _STACK and previous is not None:
            signal.signal(signal.SIGALRM, previous)


def timebox(seconds: float | None) -> contextlib.AbstractContextManager[None]:  # float-ok (seconds)
    """Raise :class:`TimedOut` in the block once ``seconds`` have passed (``None``: no limit).

    >>> import time
    >>> try:
    ...     with timebox(0.05):
    ...         time.sleep(1)
    ... except TimedOut as e:
    ...     print(e)
    timed out after 0.05 s
    """
    return _budget(seconds, TimedOut(seconds))


def check_budget(source: object) -> contextlib.AbstractContextManager[None]:
    """Bound one report's checks by ``limits.check_seconds`` (a LimitExceededError when it runs out).

    >>> from govbudget import limits
    >>> with limits.override(check_seconds=None), check_budget("r.txt"):
    ...     "no limit"
    'no limit'
    """
    from .errors import LimitExceededError

    seconds = limits.current().check_seconds
    return _budget(seconds, LimitExceededError(source, "check_seconds", seconds, "the time taken"))
