#!/usr/bin/env bash
# Installs what building and testing Floe needs: Debian packages (apt-get) and the pinned
# Python packages in .venv/. Idempotent: does nothing when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  cmake ninja-build g++ ccache pkg-config
  libfmt-dev libre2-dev libxxhash-dev libfast-float-dev libdivide-dev
  libicu-dev tzdata
  libthrift-dev libboost-dev libsnappy-dev libzstd-dev liblz4-dev libbrotli-dev zlib1g-dev libcli11-dev
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libtomlplusplus-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-venv python3-dev
)

scripts/apt-install.sh "${DEBIAN_PACKAGES[@]}"

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements-installed
if [ ! -f "$stamp" ] || ! cmp -s requirements-dev.txt "$stamp"; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements-dev.txt
  cp requirements-dev.txt "$stamp"
fi
# Development builds put the extension module next to python/floe; make the package importable.
site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$(pwd)/python" > "$site/floe-dev.pth"
