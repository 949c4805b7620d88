#!/usr/bin/env bash
# The layers below the engine never include an engine header: delivery, the store and
# the pure parts (domain, rules, calendar, util) are built and tested without it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
hits=$(grep -rnE '#include "engine/' "$root/src/delivery" "$root/src/store" "$root/src/domain" \
  "$root/src/rules" "$root/src/calendar" "$root/src/util" || true)
if [ -n "$hits" ]; then
  echo "engine headers included below the engine:"
  echo "$hits"
  exit 1
fi
echo "layers: no engine header below the engine"
