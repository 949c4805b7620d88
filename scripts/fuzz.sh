#!/usr/bin/env bash
# Runs each libFuzzer target of a build made with -DONEDOOR_FUZZ=ON for a bounded time,
# on a copy of its committed corpus (new inputs stay out of the tree), and prints each
# target's executions. A crash stops the run and leaves the input that caused it in
# $ONEDOOR_FUZZ_ARTIFACTS (default: a temporary directory, named in the output).
#   scripts/fuzz.sh BUILD_DIR SECONDS_PER_TARGET [TARGET...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$1"
seconds="$2"
shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_call fuzz_open fuzz_sdk fuzz_plugins)
artifacts="${ONEDOOR_FUZZ_ARTIFACTS:-$(mktemp -d /tmp/od-fuzz-artifacts-XXXXXX)}"
# libFuzzer links libstdc++ ahead of the shared sanitizer runtime (see tests/fuzz/CMakeLists.txt)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}:verify_asan_link_order=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
for t in "${targets[@]}"; do
  work="$(mktemp -d /tmp/od-fuzz-corpus-XXXXXX)"
  cp -r "$root/tests/fuzz/corpus/$t/." "$work/"
  dict=()
  [ "$t" = fuzz_call ] && dict=(-dict="$root/tests/fuzz/call.dict")
  log="$artifacts/$t.log"
  if ! "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=1536 -print_final_stats=1 \
       -artifact_prefix="$artifacts/$t-" "${dict[@]}" "$work" >"$log" 2>&1; then
    tail -60 "$log"
    echo "fuzz: $t FAILED; the input is in $artifacts" >&2
    exit 1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  echo "fuzz: $t: $execs executions in $seconds s, no failure"
  rm -rf "$work"
done
