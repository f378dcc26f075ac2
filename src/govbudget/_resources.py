"""Locate the shipped data folder ``codes/`` in a wheel or in an editable checkout.

Plain paths first: ``importlib.resources`` (which imports ``tempfile``, ``zipfile`` and more)
is only needed for a package that is not on disk (a zip import), so it is loaded only then.

>>> (codes_dir() / "SOURCES.toml").is_file()
True
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataFileError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


@cache
def codes_dir() -> Path | Traversable:
    """Return the ``codes/`` folder: inside the installed package, else the checkout's."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "codes", here.parents[1] / "codes"):
        if candidate.is_dir():
            return candidate
    from importlib.resources import files  # a package inside a zip file

    packaged = files("govbudget").joinpath("codes")
    if packaged.is_dir():
        return packaged
    raise DataFileError("codes/", [(None, "the shipped code tables were not found in the package")])
