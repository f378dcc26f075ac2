# Two commands for a newcomer: `make example` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-dev

.PHONY: example test setup clean docs bench corpus fuzz

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# the example installs only what it needs (the `example` extra), not the development tools
$(VENV)/.installed-example: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[example]'
	touch $@

# options of the example go in ARGS: `make example ARGS=--details`
example: $(VENV)/.installed-example
	$(PY) examples/zhuzhou_2024/rebuild.py $(ARGS)

test: $(STAMP)
	$(PY) -m pytest
	$(VENV)/bin/ruff check src tests examples benchmarks docs tools
	$(VENV)/bin/sphinx-build -W --keep-going -q -b html docs docs/_build/html

corpus: $(STAMP)
	$(PY) tools/corpus.py

bench: $(STAMP)
	$(PY) benchmarks/read.py
	$(PY) benchmarks/startup.py
	$(PY) benchmarks/check.py
	$(PY) benchmarks/rollup.py
	$(PY) benchmarks/check_scaling.py
	$(PY) benchmarks/roots.py
	$(PY) benchmarks/wide_row.py

clean:
	rm -rf $(VENV) docs/_build dist build

# the long fuzz run of issue 12 (tests/fuzzing/): N report mutants, a table, the invariants
N ?= 10000
fuzz: $(STAMP)
	$(PY) tools/fuzz.py --mutants $(N)
