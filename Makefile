# Floe: `make demo` and `make test` are the two commands a new user needs (see README.md).
.PHONY: all deps build debug test test-unit test-tiny test-python test-asan demo bench bench-tpch bench-cluster fuzz-parquet clean

JOBS ?= $(shell nproc)
PY := .venv/bin/python
CMAKE_COMMON := -G Ninja -DPython_EXECUTABLE=$(CURDIR)/.venv/bin/python \
	-Dpybind11_DIR=$$($(PY) -m pybind11 --cmakedir)

all: build

deps:
	@scripts/install-deps.sh

build/release/build.ninja: | deps
	cmake -S . -B build/release $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Release

build: deps build/release/build.ninja
	cmake --build build/release -j $(JOBS)

build/asan/build.ninja: | deps
	cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFLOE_SANITIZE=ON -DFLOE_BUILD_PYTHON=OFF

# Unit tests, then the same unit tests with morsels of 3 rows (chunk-boundary bugs) and on
# one thread (1 thread must equal N threads), then the Python suites and the doctests of
# python/floe (pytest.ini), once more with 7-row morsels.
test: build
	build/release/floe_unit_tests --gtest_brief=1
	FLOE_MORSEL_SIZE=3 build/release/floe_unit_tests --gtest_brief=1
	FLOE_MAX_THREADS=1 build/release/floe_unit_tests --gtest_brief=1
	$(PY) -m pytest -q
	FLOE_MORSEL_SIZE=7 $(PY) -m pytest -q -x -m "not slow"

test-asan: build/asan/build.ninja
	cmake --build build/asan -j $(JOBS) --target floe_unit_tests
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build/asan/floe_unit_tests --gtest_brief=1

# The build option that makes tiny morsels the compiled-in default.
test-tiny: deps
	cmake -S . -B build/tiny -G Ninja -DCMAKE_BUILD_TYPE=Release -DFLOE_TINY_MORSELS=ON -DFLOE_BUILD_PYTHON=OFF
	cmake --build build/tiny -j $(JOBS) --target floe_unit_tests
	build/tiny/floe_unit_tests --gtest_brief=1

demo: build
	$(PY) examples/demo.py

bench: build
	$(PY) bench/run.py

# TPC-H on Floe, Polars and DuckDB over the same Parquet files: make bench-tpch SF=10
SF ?= 1
bench-tpch: build
	$(PY) bench/tpch/run.py --scale-factor $(SF)

# Floe's local engine against `floe local --workers WORKERS` on the TPC-H queries: make bench-cluster SF=1
WORKERS ?= 2
bench-cluster: build
	$(PY) bench/cluster/run.py --scale-factor $(SF) --workers $(WORKERS)

# Fuzzes the Parquet reader under ASan/UBSan with clang 14's libFuzzer for FUZZ_SECONDS over the
# seed corpus in fuzz/corpus/parquet; new inputs go to build/fuzz/corpus, crashes to
# build/fuzz/crashes (see fuzz/README.md).
# The fuzzer runs in a child process that restarts after each crash, so one run collects them all.
FUZZ_SECONDS ?= 600
FUZZ_FLAGS ?= -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1
fuzz-parquet:
	@fuzz/install_deps.sh
	cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
		-DFLOE_BUILD_FUZZ=ON -DFLOE_BUILD_TESTS=OFF -DFLOE_BUILD_PYTHON=OFF
	cmake --build build/fuzz -j $(JOBS) --target floe_fuzz_parquet
	mkdir -p build/fuzz/corpus build/fuzz/crashes
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build/fuzz/floe_fuzz_parquet \
		$(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
		-artifact_prefix=build/fuzz/crashes/ build/fuzz/corpus fuzz/corpus/parquet

clean:
	rm -rf build python/floe/_floe*.so
