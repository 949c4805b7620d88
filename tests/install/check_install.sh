#!/usr/bin/env bash
# cmake --install into a temporary prefix, then check_prefix.sh on it.
set -euo pipefail
build="$1"; src="$2"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
"$src/tests/install/check_prefix.sh" "$tmp/prefix" "$build" "$src"
