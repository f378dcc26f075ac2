"""The wheel ships every code table and works outside the checkout."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


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


def test_installed_wheel_works_outside_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", str(site), str(wheel)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    script = textwrap.dedent(
        """
        import json, sys
        site, src = sys.argv[1], sys.argv[2]
        sys.path[:] = [site] + [p for p in sys.path if p.rstrip("/") != src.rstrip("/")]
        import govbudget as gb
        from govbudget import _resources
        from govbudget.cli import main
        s = gb.functional(2024)["2010450"]
        status = main(["codes", "show", "2040607", "--year", "2026"])
        print(json.dumps({
            "file": gb.__file__,
            "codes": str(_resources.codes_dir()),
            "name": s.name,
            "path": gb.functional(2024).path_names("2010450"),
            "editions": gb.editions()["functional"],
            "status": status,
        }, ensure_ascii=False))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-I", "-c", script, str(site), str(SRC)],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    got = json.loads(lines[-1])
    assert Path(got["file"]).resolve().is_relative_to(site.resolve())
    assert Path(got["codes"]).resolve().is_relative_to(site.resolve())
    assert got["name"] == "事业运行"
    assert got["path"] == "一般公共服务支出 › 发展与改革事务 › 事业运行"
    assert got["editions"] == [2017, 2018, 2024, 2025, 2026]
    assert got["status"] == 0
    assert "name      公共法律服务" in lines
