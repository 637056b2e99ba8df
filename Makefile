# The README's commands. Everything builds on `make install` (.venv synced to requirements.lock,
# runtime and dev dependencies, plus the project itself).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
STAMP := $(VENV)/.installed-stamp
# What `make lock` pins for: every platform, Python 3.11 (pyproject's requires-python).
LOCK_FOR := --universal --python-version 3.11 --generate-hashes --custom-compile-command 'make lock'

.PHONY: install lock lock-upgrade run test lint format bench messages clean

# pyproject.toml says which versions are allowed; requirements.lock says which are installed.
# The venv is synced to the lock exactly (hash-checked, extraneous packages removed), then the
# project itself goes in without dependencies (an editable install has no hash to check), built
# by the locked setuptools, and `uv pip check` fails when pyproject needs what the lock lacks.
install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock $(UV)
	$(UV) pip sync --quiet --require-hashes --python $(BIN)/python requirements.lock
	$(UV) pip install --quiet --no-deps --no-build-isolation --python $(BIN)/python -e .
	$(UV) pip check --quiet --python $(BIN)/python \
		|| { echo "requirements.lock does not satisfy pyproject.toml: run make lock" >&2; exit 1; }
	touch $(STAMP)

# uv itself is pinned and hash-checked too, in requirements-uv.lock; pip only installs uv.
$(UV): requirements-uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-uv.lock
	touch $(UV)

# Refresh the locks after changing pyproject.toml's dependencies: pins what was added and
# keeps every other pin that pyproject still allows; `make lock-upgrade` moves every pin to
# the newest allowed version (then run tests/localdb: moto's version is checked, see
# marketing/localdb/moto_version.py). Both also lock the build backend from [build-system].
lock: $(UV)
	$(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")' \
		| $(UV) pip compile --quiet --python $(BIN)/python $(LOCK_FOR) $(LOCK_ARGS) --extra dev pyproject.toml - -o requirements.lock
	echo uv | $(UV) pip compile --quiet --python $(BIN)/python $(LOCK_FOR) $(LOCK_ARGS) - -o requirements-uv.lock

lock-upgrade:
	$(MAKE) lock LOCK_ARGS=--upgrade

run: install
	$(BIN)/python manage.py runconsole

# One worker per core (pytest-xdist); a test file stays on one worker. TEST_WORKERS=0 runs
# everything in this process.
TEST_WORKERS ?= auto

test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m bench

# Refresh the Korean catalogue after changing user-facing strings (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages --locale ko --add-location file --no-obsolete --ignore '.venv/*' --ignore 'var/*'
	$(BIN)/python manage.py compilemessages --locale ko --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
