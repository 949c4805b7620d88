#!/usr/bin/env bash
# The proof that runs on every change (.ci/run calls it after scripts/test.sh), within
# CI's time limit on two cores:
#   1. the whole ctest suite built with clang under ASan+UBSan (no recovery, leaks
#      detected), the crash loop included; the libFuzzer targets are built in the same
#      tree and their committed corpora run as ctests;
#   2. each fuzz target for ONEDOOR_FUZZ_SECONDS (default 45) on a copy of its corpus;
#   3. the threaded tests (delivery workers and callers, the plugins' concurrent
#      deliveries) built with gcc under TSan.
# The install and packages tests and the language bindings are left out of the sanitizer
# runs: they build or load the library from outside consumers (an installed tree, .deb
# packages, Python, PHP, Java, Go) that carry no sanitizer runtime; the plain build
# (scripts/test.sh) runs them.
# Longer runs before a release: scripts/long-proof.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
asan="${ONEDOOR_ASAN_BUILD_DIR:-$root/build-asan}"
tsan="${ONEDOOR_TSAN_BUILD_DIR:-$root/build-tsan}"
fuzz_seconds="${ONEDOOR_FUZZ_SECONDS:-45}"
start=$(date +%s)
stamp() { echo "proof: $* ($(( $(date +%s) - start )) s)"; }

"$root/scripts/install-deps.sh"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"

stamp "ASan+UBSan build"
CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$asan" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DONEDOOR_SANITIZE=address,undefined -DONEDOOR_FUZZ=ON -DONEDOOR_BUILD_BENCH=OFF -DONEDOOR_BUILD_BINDINGS=OFF >/dev/null
cmake --build "$asan" -j 2
stamp "ASan+UBSan: the whole suite"
(cd "$asan" && ctest --output-on-failure -j 2 --timeout 900 -E '^(install|packages)$')

stamp "fuzzing each target for ${fuzz_seconds} s"
"$root/scripts/fuzz.sh" "$asan" "$fuzz_seconds"

stamp "TSan build (threaded tests)"
CC=gcc CXX=g++ cmake -S "$root" -B "$tsan" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DONEDOOR_SANITIZE=thread -DONEDOOR_BUILD_BENCH=OFF -DONEDOOR_BUILD_BINDINGS=OFF -DONEDOOR_TEST_DIRS="sim;plugins;delivery" >/dev/null
cmake --build "$tsan" -j 2 --target test_delivery test_plugins
stamp "TSan: threaded tests"
(cd "$tsan" && ctest --output-on-failure -j 1 --timeout 900 -R '^(delivery|test_plugins)$')
stamp "proof passed"
