"""Sphinx configuration for the govbudget documentation (builds offline, warnings are errors)."""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))

project = "govbudget"
author = "govbudget developers"
copyright = "2026, govbudget developers"
release = "0.1.0"
language = "zh_CN"

# The API pages wrap autodoc directives in ``{eval-rst}`` blocks: autodoc writes reStructuredText,
# which MyST would otherwise parse as Markdown (raw ``.. py:function::`` text, no objects indexed).
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

html_theme = "furo"
html_title = "govbudget"
html_search_language = "zh"
html_search_options = {"dict": str(ROOT / "_dict" / "govbudget.txt")}

# Every unresolved reference to a govbudget name is an error (the -W build fails); references to
# other libraries (polars, attrs, the standard library) are not checked.
nitpicky = True
nitpick_ignore_regex = [(r"py:.*", r"(?!govbudget\b).*"), (r"py:.*", r".*\._\w+")]  # others; private type variables

try:  # the Chinese search index segments with jieba, which logs at DEBUG level by default
    import jieba

    jieba.setLogLevel(logging.WARNING)
except ImportError:  # pragma: no cover - the search index then falls back to single characters
    pass


def _public_target(target: str) -> str | None:
    """``govbudget.Ledger.save`` → ``govbudget.ledger.Ledger.save``: the public name (as the guide
    and the docstrings write it) to the module that documents it."""
    head, _, rest = target.removeprefix("~").partition(".")
    if head != "govbudget" or not rest:
        return None
    import govbudget

    name, _, attr = rest.partition(".")
    if name not in govbudget.__all__:
        return None
    module = getattr(getattr(govbudget, name), "__module__", None) or ""
    if not module.startswith("govbudget.") or module == "govbudget":
        module = _defining_module(name)
    if module is None:
        return None
    return ".".join(p for p in (module, name, attr) if p)


def _defining_module(name: str) -> str | None:
    """The submodule whose ``__all__`` lists ``name`` (for constants, which carry no ``__module__``)."""
    import govbudget

    for module_name in sorted({getattr(getattr(govbudget, n), "__module__", "") or "" for n in govbudget.__all__}):
        if not module_name.startswith("govbudget."):
            continue
        module = importlib.import_module(module_name)
        if name in getattr(module, "__all__", ()):
            return module_name
    return None


def _resolve_public_name(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    if node.get("refdomain") != "py":
        return None
    target = _public_target(node["reftarget"])
    if target is None:
        return None
    domain = env.domains["py"]
    return domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"], target, node, contnode)


def setup(app: Any) -> None:
    app.connect("missing-reference", _resolve_public_name)
