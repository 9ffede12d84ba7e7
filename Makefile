# The two commands of the README:
#   make run    start the service on the bundled model at http://127.0.0.1:8000
#   make test   run every test (CI runs exactly this through .ci/run)
# and, while working on the code, `make test-fast`: every test but the end-to-end ones.
VENV ?= .venv
BIN := $(VENV)/bin
DATA ?= ../shared/data/conll2003

.PHONY: run test test-fast browser model bench fuzz lock container-test clean

# One virtual environment for everything, rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[train,test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/ner-serve --host 127.0.0.1 --port 8000

test: $(VENV)/.installed browser
	$(BIN)/python -m pytest

test-fast: $(VENV)/.installed
	$(BIN)/python -m pytest -m "not e2e"

# tests/browser/ drives Debian's headless Chromium through chromium-driver (nothing downloads
# a browser at run time). Installed here when missing and we are root, as in CI; otherwise
# this says how, and the browser tests skip (under CI=true they fail).
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends chromium chromium-driver; \
	else \
		echo "make: the browser tests need: sudo apt-get install chromium chromium-driver"; \
	fi

# Rebuild the bundled model from scratch, starting from the GloVe vectors of the train extra.
# Interrupted? Run it again: training resumes from its last checkpoint in runs/default.
# One BLAS thread: the matrices are small, and on a busy machine a second thread made an
# epoch twice as slow, not faster.
model: $(VENV)/.installed
	OMP_NUM_THREADS=1 $(BIN)/ner-train --train $(DATA)/train.txt --dev $(DATA)/valid.txt \
		--vectors glove-6b-50d --out runs/default --quiet
	OMP_NUM_THREADS=1 $(BIN)/python -m model.card runs/default model/default --data $(DATA)

# Both benchmarks on the bundled model (about 10 minutes); results go to bench/results/.
# bench.http uses wrk when it is installed (Debian: apt-get install wrk), else a Python
# load generator, and says which.
bench: $(VENV)/.installed
	$(BIN)/python -m bench.model
	$(BIN)/python -m bench.http
	$(BIN)/python -m bench.documents

# Coverage-guided fuzzing (atheris, installed here, not a dependency of the project) of
# the reading, splitting and tokenizing of documents and of POST /tag's work, FUZZ_SECONDS
# each; a crash stops it and leaves the input that caused it in the current directory.
FUZZ_SECONDS ?= 300
fuzz: $(VENV)/.installed
	$(BIN)/pip install --quiet atheris
	OMP_NUM_THREADS=1 $(BIN)/python tests/fuzz/fuzz_document.py -max_total_time=$(FUZZ_SECONDS)
	OMP_NUM_THREADS=1 $(BIN)/python tests/fuzz/fuzz_answer.py -max_total_time=$(FUZZ_SECONDS)

# The image's exact run-time dependencies with their hashes (requirements.lock), resolved from
# pyproject.toml for the image's Python; run it after changing [project] dependencies
# (tests/deploy/test_lock.py fails until then). Pins that still fit are kept; delete the file
# first to move every pin to the newest release.
lock: $(VENV)/.installed
	$(BIN)/uv pip compile pyproject.toml --quiet --generate-hashes --python-version 3.11 \
		--python-platform linux --output-file requirements.lock

# Builds the image and runs it with docker compose on whatever Docker engine answers (not part
# of `make test`: CI has none). PYTHON_BASE_IMAGE and REDIS_BASE_IMAGE pick other base images.
container-test: $(VENV)/.installed
	$(BIN)/python -m pytest -m container tests/deploy/test_container.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
