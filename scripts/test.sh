#!/usr/bin/env bash
# The README's test command: installs what is missing, builds everything and runs every
# test (unit, C API, plugins, delivery, scenarios, demo, install) with ctest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ONEDOOR_BUILD_DIR:-$root/build}"

"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DONEDOOR_BUILD_TESTS=ON
cmake --build "$build" -j 2
cd "$build"
ctest --output-on-failure -j 2 --timeout 600
