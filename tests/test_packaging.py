"""The wheel ships every code table, installs into a fresh venv and works outside the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    wheels = list(out.glob("govbudget-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_contains_every_code_table(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "govbudget/codes/functional/2024.csv" in names
    assert "govbudget/codes/SOURCES.toml" in names
    assert "govbudget/cli.py" in names and "govbudget/__main__.py" in names
    shipped = {f"govbudget/codes/{p.relative_to(ROOT / 'codes').as_posix()}" for p in (ROOT / "codes").rglob("*.csv")}
    assert shipped and shipped <= names, sorted(shipped - names)
    entry_points = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    ).decode()
    assert "govbudget = govbudget.cli:main" in entry_points


def _venv_bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if sys.platform == "win32" else "bin") / (name + (".exe" if sys.platform == "win32" else ""))


def test_wheel_installs_into_a_fresh_venv_and_works_outside_the_checkout(wheel, tmp_path):
    """A new virtual environment, the wheel installed with its dependencies resolved by pip, and a
    code looked up from a directory outside the repository (nothing of the checkout on the path)."""
    venv = tmp_path / "venv"
    proc = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    python = _venv_bin(venv, "python")
    proc = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    script = textwrap.dedent(
        """
        import json, sys
        import govbudget as gb
        from govbudget import _resources
        s = gb.functional(2024)["2010450"]
        print(json.dumps({
            "file": gb.__file__,
            "codes": str(_resources.codes_dir()),
            "name": s.name,
            "path": gb.functional(2024).path_names("2010450"),
            "editions": gb.editions()["functional"],
            "prefix": sys.prefix,
        }, ensure_ascii=False))
        """
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    proc = subprocess.run(
        [str(python), "-I", "-c", script], capture_output=True, text=True, encoding="utf-8", cwd=work,
        env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout.splitlines()[-1])
    assert Path(got["file"]).resolve().is_relative_to(venv.resolve())
    assert Path(got["codes"]).resolve().is_relative_to(venv.resolve())
    assert not Path(got["file"]).resolve().is_relative_to(ROOT)
    assert got["name"] == "事业运行"
    assert got["path"] == "一般公共服务支出 › 发展与改革事务 › 事业运行"
    assert got["editions"] == list(range(2017, 2027))
    # the console script of the new venv
    proc = subprocess.run(
        [str(_venv_bin(venv, "govbudget")), "codes", "show", "2040607", "--year", "2026"],
        capture_output=True, text=True, encoding="utf-8", cwd=work, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "name      公共法律服务" in proc.stdout.splitlines()


def test_dir_lists_only_the_public_names():
    """dir(govbudget) used to show typing helpers (Any, annotations) and submodules."""
    import govbudget as gb

    names = dir(gb)
    assert "Any" not in names and "annotations" not in names and "importlib" not in names
    assert {"Ledger", "D", "functional", "__version__"} <= set(names)
    assert {n for n in names if not n.startswith("__")} == set(gb.__all__)
