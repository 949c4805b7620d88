#!/usr/bin/env bash
# The long proof, on demand before a release: the crash loop for KILLS iterations, then
# each fuzz target for MINUTES minutes, on the ASan+UBSan build of scripts/proof.sh.
#   scripts/long-proof.sh [MINUTES (60)] [KILLS (1000)] [TARGET...]
# With TARGETs (fuzz_call, fuzz_open, fuzz_sdk, fuzz_plugins) only those are fuzzed.
# Prints each target's executions and the crash loop's kills; docs/design-notes.md keeps
# the figures of the last long run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
asan="${ONEDOOR_ASAN_BUILD_DIR:-$root/build-asan}"
minutes="${1:-60}"
kills="${2:-1000}"
shift $(( $# < 2 ? $# : 2 ))
"$root/scripts/install-deps.sh"
CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$asan" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DONEDOOR_SANITIZE=address,undefined -DONEDOOR_FUZZ=ON -DONEDOOR_BUILD_BENCH=OFF -DONEDOOR_BUILD_BINDINGS=OFF >/dev/null
if [ $# -gt 0 ]; then cmake --build "$asan" -j 2 --target crash_loop "$@"; else cmake --build "$asan" -j 2; fi
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
echo "long-proof: started $(date -u +%FT%TZ)"
"$asan/tests/delivery/crash_loop" "$kills"
"$root/scripts/fuzz.sh" "$asan" "$(( minutes * 60 ))" "$@"
echo "long-proof: passed $(date -u +%FT%TZ)"
