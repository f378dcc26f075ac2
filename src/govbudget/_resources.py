"""Locate the shipped data folder ``codes/`` in a wheel or in an editable checkout."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from .errors import DataFileError


@cache
def codes_dir() -> Traversable:
    """Return the ``codes/`` folder: inside the installed package, else the checkout's."""
    packaged = files("govbudget").joinpath("codes")
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "codes"
    if checkout.is_dir():
        return checkout
    raise DataFileError("codes/", [(None, "the shipped code tables were not found in the package")])
