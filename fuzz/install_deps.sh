#!/usr/bin/env bash
# Installs what `make fuzz-parquet` needs on Debian 12: clang 14 and its runtime libraries
# (libclang-rt-14-dev holds libclang_rt.fuzzer*.a and the sanitizer runtimes, which clang-14
# alone does not pull in). Idempotent: does nothing when both are present.
set -euo pipefail

DEBIAN_PACKAGES=(clang-14 libclang-rt-14-dev)

missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
