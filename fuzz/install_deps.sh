#!/usr/bin/env bash
# Installs what `make fuzz-parquet` needs on Debian 12: clang 14 and its runtime libraries
# (libclang-rt-14-dev holds libclang_rt.fuzzer*.a and the sanitizer runtimes, which clang-14
# alone does not pull in). Idempotent: does nothing when both are present.
set -euo pipefail

"$(dirname "$0")/../scripts/apt-install.sh" clang-14 libclang-rt-14-dev
