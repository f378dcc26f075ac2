"""The documentation as a reader sees it: built HTML, not the sources.

One Sphinx build (into a temporary folder) serves every test here. A ``-W`` build alone passes when
autodoc output is shown as raw text (MyST reads reStructuredText as Markdown), so these tests read
the result: the object inventory must list every public name, no page may show a raw directive or
role, every public class and function is shown with its example, and the guide's references link
to the API pages.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main
from sphinx.util.inventory import InventoryFile

import govbudget as gb

# Sphinx and its extensions announce their own coming API changes while building; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::PendingDeprecationWarning")

DOCS = Path(__file__).resolve().parents[1] / "docs"
RAW = re.compile(r"\.\. py:|\.\. auto\w+::|:py:\w+:|:(?:class|func|meth|mod|data|attr|exc):`")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    build_main(["-q", "-w", str(out / "warnings.txt"), "-b", "html", "-d", str(out / ".doctrees"), str(DOCS),
                str(out / "html")])
    return out / "html"


def test_the_build_gives_no_warning(built: Path) -> None:
    """Unresolved references to govbudget names are warnings too (``nitpicky`` in docs/conf.py)."""
    assert (built.parent / "warnings.txt").read_text(encoding="utf-8").splitlines() == []


@pytest.fixture(scope="module")
def inventory(built: Path) -> dict[str, set[str]]:
    data = (built / "objects.inv").read_bytes()
    inv = InventoryFile.loads(data, uri="")
    return {role: set(objs) for role, objs in inv.data.items() if role.startswith("py:")}


def _pages(built: Path) -> list[Path]:
    """The rendered pages (not the highlighted sources under ``_modules/``)."""
    return [p for p in built.rglob("*.html") if "_modules" not in p.relative_to(built).parts]


def _defining_module(name: str) -> str:
    obj = getattr(gb, name)
    module = getattr(obj, "__module__", None)
    if (inspect.isclass(obj) or inspect.isfunction(obj)) and module:
        return module
    for sub in sorted({getattr(getattr(gb, n), "__module__", "") or "" for n in gb.__all__}):
        if sub.startswith("govbudget.") and name in getattr(__import__(sub, fromlist=["_"]), "__all__", ()):
            return sub
    raise AssertionError(f"gb.{name}: no module of govbudget lists it in __all__")


def test_inventory_lists_every_public_name(inventory: dict[str, set[str]]) -> None:
    documented = set().union(*(objs for role, objs in inventory.items() if role != "py:module"))
    missing = [f"{_defining_module(n)}.{n}" for n in gb.__all__ if f"{_defining_module(n)}.{n}" not in documented]
    assert missing == []


def test_no_page_shows_a_raw_directive_or_role(built: Path) -> None:
    raw = {}
    for page in _pages(built):
        hit = RAW.search(page.read_text(encoding="utf-8"))
        if hit:
            raw[str(page.relative_to(built))] = hit.group(0)
    assert raw == {}


def _entry(built: Path, name: str) -> str:
    """The HTML of the API entry for ``gb.<name>``: from its anchor to the next entry of its module.

    The entry is under the defining module or a package above it that re-exports the name
    (``govbudget.reader.Cell`` for ``govbudget.reader._model.Cell``)."""
    module = _defining_module(name)
    parts = module.split(".")
    candidates = [".".join(parts[:i]) for i in range(len(parts), 1, -1)]
    for page in sorted((built / "api").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        for owner in candidates:
            anchor = f'id="{owner}.{name}"'
            if anchor in html:
                rest = html.split(anchor, 1)[1]
                return re.split(rf'<dt class="sig sig-object py" id="{re.escape(owner)}\.\w+"', rest, maxsplit=1)[0]
    raise AssertionError(f"no API page has an entry for gb.{name} (looked for {candidates})")


@pytest.mark.parametrize("name", [n for n in gb.__all__ if inspect.isclass(getattr(gb, n))
                                  or inspect.isfunction(getattr(gb, n))])
def test_each_public_callable_is_shown_with_signature_and_example(built: Path, name: str) -> None:
    entry = _entry(built, name)
    assert 'class="sig-paren"' in entry or inspect.isclass(getattr(gb, name)), f"{name}: no signature shown"
    assert "&gt;&gt;&gt;" in entry, f"{name}: the example of its docstring is not shown"


def test_guide_references_link_to_the_api_pages(built: Path) -> None:
    html = (built / "narrative.html").read_text(encoding="utf-8")
    assert 'href="api/narrative.html#govbudget.narrative.build_narrative"' in html
    assert 'href="api/narrative.html#govbudget.narrative.NarrativeInputs"' in html


def test_the_auditors_page_is_in_the_guide(built: Path) -> None:
    """docs/auditors.md (in Chinese) is reachable from the index and explains the four verdicts."""
    assert 'href="auditors.html"' in (built / "index.html").read_text(encoding="utf-8")
    html = (built / "auditors.html").read_text(encoding="utf-8")
    for word in ("矛盾", "尾数误差", "提示", "无法核对", "退出码", "第351行"):
        assert word in html, word


@pytest.mark.parametrize("page", ["narrative", "rules", "templates", "rates"])
def test_api_pages_cite_no_internal_notes(built: Path, page: str) -> None:
    """The developers' domain notes ("domain brief §6", "SEED") are no source a reader can open."""
    html = (built / "api" / f"{page}.html").read_text(encoding="utf-8")
    assert re.findall(r"domain ?(?:brief|§)|\bSEED\b|\bseed\b", html) == []


#: words of the developers' notes that no reader can open ("domain brief §6", "SEED 公开09", "seed (…)")
INTERNAL = re.compile(r"\bdomain\b|\bbrief\b|SEED|seed \(|§")
#: pages allowed to cite them (none: every page names public documents or the docs' own pages)
EXEMPT: set[str] = set()


def test_no_built_page_cites_internal_notes(built: Path) -> None:
    found = {}
    for page in _pages(built):
        rel = str(page.relative_to(built))
        if rel in EXEMPT:
            continue
        html = page.read_text(encoding="utf-8")
        for name in EXEMPT:
            html = re.sub(rf'<a [^>]*href="(?:\.\./)*{re.escape(name)}[^"]*"[^>]*>.*?</a>', "", html, flags=re.S)
        hits = INTERNAL.findall(re.sub(r"<[^>]+>", "", html))
        if hits:
            found[rel] = sorted(set(hits))
    assert found == {}


def test_no_code_source_cites_internal_notes() -> None:
    """What `govbudget codes show` prints as the source of every shipped row, and every recorded change."""
    found = []
    for scheme, years in gb.editions().items():
        for year in years:
            ed = gb.functional(year) if scheme == "functional" else gb.economic(
                year, scheme="government" if scheme == "government" else "department")
            found += [f"{scheme} {year} {s.code}: {s.source}" for s in ed.values() if INTERNAL.search(s.source)]
    crosswalk = (Path(__file__).resolve().parents[1] / "codes" / "sources" / "crosswalk.csv").read_text(encoding="utf-8")
    found += [line for line in crosswalk.splitlines() if INTERNAL.search(line)]
    assert found == []
