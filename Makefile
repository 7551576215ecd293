# madang: two commands on a fresh machine (Python 3.11+ and git):
#   make site   builds the sample archive into site/
#   make test   runs every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
SYSTEM := $(VENV)/.system
DEBIAN_PACKAGES := chromium fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0

.PHONY: site test serve check clean bench

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(INSTALLED)

site: $(INSTALLED)
	$(PY) build.py build . -d site

# Debian packages the tests need: chromium (browser tests), Korean fonts (the book, cards), pdftotext.
$(SYSTEM): | $(INSTALLED)
	dpkg -s $(DEBIAN_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES); }
	command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	cd tests/browser && npm ci --no-audit --no-fund --silent  # axe-core for tests/test_browser.py
	touch $(SYSTEM)

test: $(INSTALLED) $(SYSTEM)
	$(PY) -m pytest -q -n 2

serve: $(INSTALLED)
	$(PY) build.py serve .

check: $(INSTALLED)
	$(PY) build.py check .

clean:
	rm -rf site $(VENV)

bench: $(INSTALLED)
	$(PY) bench/run.py
