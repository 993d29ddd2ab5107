# The front door. `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
E2E := tests/e2e
export SIB_VAR_DIR ?= $(CURDIR)/var

.PHONY: install run demo test test-fast e2e lint typecheck format messages bench bench-site clean check-tools

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11+ is needed ($(PYTHON) not found)."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP) compiled-messages

# Message catalogues are compiled from the committed .po files (needs gettext's msgfmt).
.PHONY: compiled-messages
compiled-messages: $(STAMP)
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: sudo apt-get install gettext"; exit 1; }
	@cd src/sib && ../../$(BIN)/sib compilemessages --verbosity 0

run: install
	SIB_DEBUG=1 SIB_STAFF_MFA=0 $(BIN)/sib migrate --noinput --verbosity 0
	SIB_DEBUG=1 $(BIN)/sib issuer-key create
	SIB_DEBUG=1 SIB_STAFF_MFA=0 $(BIN)/sib demo
	SIB_DEBUG=1 SIB_STAFF_MFA=0 $(BIN)/sib collectstatic --noinput --verbosity 0
	@echo "Serving http://127.0.0.1:8000 (Ctrl+C stops the server and the task worker)"
	@SIB_DEBUG=1 SIB_STAFF_MFA=0 $(BIN)/sib worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  SIB_DEBUG=1 SIB_STAFF_MFA=0 SIB_SECURE_COOKIES=0 $(BIN)/sib serve --bind 127.0.0.1:8000

demo: install
	$(BIN)/sib migrate --noinput --verbosity 0
	$(BIN)/sib issuer-key create
	$(BIN)/sib demo

# What the tests need beyond Python: say what is missing and how to get it.
check-tools:
	@missing=""; \
	for tool in chromium pdftoppm msgfmt dot node npm; do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  echo "The tests need:$$missing"; \
	  echo "Install them with: sudo apt-get install -y chromium poppler-utils gettext graphviz nodejs npm fonts-dejavu-core"; \
	  exit 1; \
	fi

$(E2E)/node_modules/.installed: $(E2E)/package.json $(E2E)/package-lock.json
	npm ci --prefix $(E2E) --no-audit --no-fund --silent
	touch $@

# The independent credential verifier (Digital Credentials Consortium stack), run by the tests.
VERIFIER_JS := tests/credentials/verifier_js
$(VERIFIER_JS)/node_modules/.installed: $(VERIFIER_JS)/package.json $(VERIFIER_JS)/package-lock.json
	npm ci --prefix $(VERIFIER_JS) --no-audit --no-fund --silent
	touch $@

test: install check-tools $(E2E)/node_modules/.installed $(VERIFIER_JS)/node_modules/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: install $(VERIFIER_JS)/node_modules/.installed
	$(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

e2e: install check-tools $(E2E)/node_modules/.installed
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs over src/ (decision 1030); CI passes MYPY_ARGS=--no-incremental.
MYPY_ARGS ?=
typecheck: install
	PYTHONPATH=src $(BIN)/mypy $(MYPY_ARGS) src

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-extract translatable strings into each app's catalogue (then translate the empty entries).
messages: install
	@for dir in src/sib/*/locale; do \
	  app=$$(dirname $$dir); \
	  (cd $$app && $(CURDIR)/$(BIN)/sib makemessages -l pl -l en --no-obsolete --no-location --verbosity 0) || exit 1; \
	done
	$(BIN)/python scripts/fill_english.py src/sib/*/locale/en/LC_MESSAGES/django.po
	$(BIN)/python scripts/po_headers.py src/sib/*/locale/*/LC_MESSAGES/django.po

bench: install
	$(BIN)/python -m bench

# The whole-site load run only (every page of every role, every API list; BENCH_SCALES=S,M,L).
bench-site: install
	$(BIN)/python -m bench bench_site

clean:
	rm -rf $(VENV) var .pytest_cache $(E2E)/node_modules $(VERIFIER_JS)/node_modules
