"""Corrupt Parquet files the fuzzer (fuzz/parquet_fuzzer.cc) once crashed the reader with: each one
must now fail with a clear Floe error, never a crash, a huge allocation or a PanicException.

Each file is read in a fresh interpreter, so a segfault or an abort fails its test instead of
killing pytest; the interpreter's address space is capped at 1 GiB, so a reader that trusts a
size in the file and allocates gigabytes fails too. When `make fuzz-parquet` has built the
sanitizer build, each file is also replayed through it, which catches undefined behaviour (a
signed overflow, a read past a buffer) that a release build survives by luck. The reproducers
live in fuzz/regressions/parquet/ (see fuzz/README.md).
"""

from __future__ import annotations

import os
import subprocess

import pytest

from harness import REPO, run_floe_subprocess

REGRESSIONS = sorted(p for p in (REPO / "fuzz" / "regressions" / "parquet").glob("*") if p.is_file())
FUZZ_BINARY = REPO / "build" / "fuzz" / "floe_fuzz_parquet"

READ_ONE = """
import resource
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
import floe as fl
try:
    fl.read_parquet({path!r})
except fl.exceptions.PanicException as e:
    print("PANIC", type(e).__name__, e)
except fl.exceptions.PolarsError as e:
    print("ERROR", type(e).__name__, e)
else:
    print("READ")
"""


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_corrupt_file_raises_clear_error(path):
    out = run_floe_subprocess(READ_ONE.format(path=str(path)), timeout=60).strip()
    assert out.startswith("ERROR "), f"{path.name}: expected a clear Floe error, got: {out}"
    assert "bad_alloc" not in out, f"{path.name}: the reader tried a huge allocation: {out}"


@pytest.mark.skipif(not FUZZ_BINARY.exists(), reason="the sanitizer build is missing (make fuzz-parquet)")
@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_corrupt_file_is_clean_under_sanitizers(path):
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1", UBSAN_OPTIONS="print_stacktrace=1")
    proc = subprocess.run([str(FUZZ_BINARY), "-timeout=10", "-malloc_limit_mb=1024", "-rss_limit_mb=2048", str(path)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"{path.name} fails under ASan/UBSan:\n{proc.stderr[-4000:]}"


def test_regressions_are_present():
    assert REGRESSIONS, "fuzz/regressions/parquet/ holds no reproducers"
