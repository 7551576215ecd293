# madang: two commands on a fresh machine (Python 3.11+ and git):
#   make site   builds the sample archive into site/
#   make test   runs every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: site test serve check clean bench

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(INSTALLED)

site: $(INSTALLED)
	$(PY) build.py build . -d site

test: $(INSTALLED)
	$(PY) -m pytest -q -n 2

serve: $(INSTALLED)
	$(PY) build.py serve .

check: $(INSTALLED)
	$(PY) build.py check .

clean:
	rm -rf site $(VENV)

bench: $(INSTALLED)
	$(PY) bench/run.py
