"""Progress of a batch: a rich progress bar on a terminal, one plain line per report otherwise.

>>> with Reporter(1, enabled=False) as r:
...     r.done({"file": "a.pdf", "status": "ok", "contradiction": 0, "milliseconds": 12})
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

__all__ = ["Reporter"]


class Reporter:
    """Reports the progress of ``total`` reports on ``stream`` (default stderr)."""

    def __init__(self, total: int, *, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.total, self.enabled = total, enabled
        self.stream = stream if stream is not None else sys.stderr
        self.count = 0
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Reporter:
        if self.enabled and self.total and _is_terminal(self.stream):
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(TextColumn("[bold]检查 checking"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), TextColumn("{task.description}"),
                                 console=Console(file=self.stream), transient=False)
            self._bar.start()
            self._task = self._bar.add_task("", total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def start(self, name: str) -> None:
        """A report is being checked (shown in the bar only)."""
        if self._bar is not None:
            self._bar.update(self._task, description=_short(name))

    def done(self, row: dict[str, Any]) -> None:
        """A report is finished: advance the bar, or print one line."""
        self.count += 1
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=_short(row["file"]))
            if row["status"] != "ok":
                self._bar.console.print(f"  {row['file']}: {row['status']}")
            return
        more = f", contradictions {row.get('contradiction') or 0}" if row["status"] == "ok" else ""
        print(f"[{self.count}/{self.total}] {row['file']}: {row['status']}{more} "
              f"({row.get('milliseconds') or 0} ms)", file=self.stream, flush=True)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _short(name: str, width: int = 40) -> str:
    return name if len(name) <= width else "…" + name[-(width - 1):]
