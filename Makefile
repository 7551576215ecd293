# madang on a fresh machine (Python 3.11+ and git):
#   make serve  previews the sample archive at http://127.0.0.1:8000, rebuilding as files change
#   make site   builds it into site/, for a web server
#   make test   runs every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
SYSTEM := $(VENV)/.system
DEBIAN_PACKAGES := chromium fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0

.PHONY: site test serve check clean bench lock

# constraints.txt pins every package to the version tested, so every machine and CI run installs the same code.
$(INSTALLED): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[book,jury,test]'
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

# Write constraints.txt again: the newest versions pyproject.toml's ranges allow, installed in a fresh venv.
# Run it on purpose (to move to newer dependencies), then `make test` before committing the file.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check '.[book,jury,test]'
	{ sed -n '/^#/p' constraints.txt; .venv-lock/bin/python -m pip freeze --exclude madang; } > constraints.txt.new
	mv constraints.txt.new constraints.txt && rm -rf .venv-lock
