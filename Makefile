# Siang: `make run` for the demo, `make test` for the whole test suite. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# QR codes, posters, e-mails and SMS carry SITE_URL: it follows PORT unless it is given.
SITE_URL ?= http://127.0.0.1:$(PORT)
STAMP := $(VENV)/.installed-stamp
DEV := DEBUG=1 SITE_URL=$(SITE_URL)

.PHONY: install setup port-free run test lint typecheck check bench messages fonts clean cluster cluster-stop

$(STAMP): requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Siang needs Python 3.11 or newer on PATH (python3.11, python3.12, …)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(STAMP)

setup: install
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py load_units
	$(DEV) $(BIN)/python manage.py demo_data

# Before the minute of setup: a port already taken would only fail at the very end.
port-free:
	@$(or $(PYTHON),python3) -c 'import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", $(PORT)))' 2>/dev/null \
	|| { echo "Port $(PORT) on 127.0.0.1 is already in use. Stop what is using it, or choose another port: PORT=8081 make run"; exit 1; }

run: port-free setup
	@echo
	@echo "  Siang is starting at http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	@echo "  QR codes, posters, e-mails and SMS point to $(SITE_URL)"
	@echo "  Staff sign-in: http://127.0.0.1:$(PORT)/accounts/signin/ (ThaiD sandbox: pick a persona above)"
	@echo "  Health: http://127.0.0.1:$(PORT)/healthz"
	@echo
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The production shape on this machine (README "Running as a cluster"): two web nodes on 8101
# and 8102, a Celery worker and beat, PostgreSQL, Redis and an S3 endpoint. cluster-stop ends
# exactly the processes cluster started, by the ids it recorded in var/cluster/pids.
cluster: install
	bash ops/cluster.sh start

cluster-stop:
	bash ops/cluster.sh stop

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy siang

check: lint typecheck test

bench: install
	$(BIN)/python -m bench

# Refresh the Thai catalogue after changing translatable text (needs GNU gettext); translators
# then fill the new entries in locale/th/LC_MESSAGES/django.po, the one source of the Thai.
messages: install
	$(DEV) $(BIN)/python manage.py makemessages --locale th --no-obsolete --add-location file -i ".venv/*" -i "var/*" -i "tests/*" -i "bench/*"
	$(BIN)/python manage.py compilemessages --locale th -i ".venv/*" -i "var/*"

# The citizen form's Thai fonts (static/fonts/Sarabun-Thai*.woff2, committed): Sarabun's Thai
# letters alone, regular and bold, with every layout feature (marks, ligatures), made with
# fontTools' subsetter (installed with WeasyPrint). WOFF2 when brotli is installed (it is, with
# WeasyPrint), WOFF otherwise; the form's CSS names the WOFF2 files.
THAI_UNICODES := U+0E00-0E7F,U+200B-200D,U+25CC
fonts: install
	flavor=$$($(BIN)/python -c 'import brotli' 2>/dev/null && echo woff2 || echo woff); \
	for weight in Regular Bold; do \
		suffix=$$([ $$weight = Bold ] && echo -Bold); \
		$(BIN)/pyftsubset static/fonts/Sarabun-$$weight.woff2 --unicodes="$(THAI_UNICODES)" \
			--layout-features='*' --flavor=$$flavor --output-file=static/fonts/Sarabun-Thai$$suffix.$$flavor; \
	done

clean:
	rm -rf $(VENV) var
