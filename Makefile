# One venv, refreshed only when pyproject.toml changes (the stamp file tracks it).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BUILD ?= data/build
CORPUS ?= ../shared/corpus/aws-dva-slides.md
# `make run PORT=8502 HOST=0.0.0.0`: the app listens on this computer only unless HOST says.
PORT ?= 8501
HOST ?= 127.0.0.1

.PHONY: setup build run test lint format bench clean

setup: $(STAMP)

# CPU torch goes in first: otherwise sentence-transformers pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

# Builds the default corpus (the course slides, or our sample notes without ../shared) once.
build: setup
	@if [ ! -f $(BUILD)/manifest.json ]; then \
		if [ -f $(CORPUS) ]; then $(VENV)/bin/kg ingest $(CORPUS) --out $(BUILD); \
		else $(VENV)/bin/kg ingest data/sample-notes --out $(BUILD); fi; \
	fi

run: build
	$(VENV)/bin/kg app --build $(BUILD) --host $(HOST) --port $(PORT)

test: setup
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: build
	$(VENV)/bin/kg eval ../shared/eval/dev_queries.jsonl --build $(BUILD)
	$(VENV)/bin/kg eval bench/own_queries.jsonl --build $(BUILD)
	$(VENV)/bin/kg eval bench/holdout_queries.jsonl --build $(BUILD)
	$(VENV)/bin/kg eval bench/holdout2_queries.jsonl --build $(BUILD)
	$(VENV)/bin/kg eval bench/holdout3_queries.jsonl --build $(BUILD)
	$(VENV)/bin/kg eval bench/holdout4_queries.jsonl --build $(BUILD)
	$(VENV)/bin/kg eval bench/compare_queries.jsonl --build $(BUILD)
	$(VENV)/bin/kg eval bench/define_queries.jsonl --build $(BUILD)
	$(VENV)/bin/kg eval bench/howworks_queries.jsonl --build $(BUILD)
	$(PY) bench/typos.py --build $(BUILD)
	$(PY) bench/eval_relations.py --build $(BUILD) --quiet
	$(PY) bench/eval_relations.py --build $(BUILD) --quiet --gold bench/holdout_relations.jsonl
	$(PY) bench/eval_study.py --build $(BUILD)
	$(PY) bench/ingest.py
	$(PY) bench/search.py --build $(BUILD)
	$(PY) bench/api_load.py --build $(BUILD)
	$(PY) bench/app_speed.py --build $(BUILD)
	$(PY) bench/formats.py

clean:
	rm -rf $(BUILD) data/cache bench/out
