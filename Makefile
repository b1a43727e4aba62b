# Every target creates or reuses .venv and installs cocorev into it first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
SPARK_STAMP := $(VENV)/.installed-spark

.PHONY: demo test test-spark lint typecheck docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

$(SPARK_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	@touch $(SPARK_STAMP)

demo: $(STAMP)
	$(BIN)/cocorev demo

test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider --hypothesis-profile=ci \
		--ignore=tests/spark --ignore=src/cocorev/spark.py

# Spark local mode (needs Java 17+): the Spark engine against the embedded path, row for
# row on the bundled sample and on SPARK_EQUALITY_SIZE generated accounts a side.
SPARK_EQUALITY_SIZE ?= 100000
test-spark: $(SPARK_STAMP)
	COCOREV_SPARK_EQUALITY_SIZE=$(SPARK_EQUALITY_SIZE) \
		$(BIN)/python -m pytest -q -p no:cacheprovider tests/spark

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

typecheck: $(STAMP)
	$(BIN)/mypy

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/match_quality.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/ledger.py
	$(BIN)/python benchmarks/signals.py
	$(BIN)/python benchmarks/peers.py --size 100000

clean:
	rm -rf $(VENV) site build dist .pytest_cache .mypy_cache .ruff_cache
