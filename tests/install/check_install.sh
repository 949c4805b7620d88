#!/usr/bin/env bash
# cmake --install into a temporary prefix, then build the embedding example against it
# with find_package(onedoor) and with pkg-config, run both, and check what the installed
# library exports and that the installed headers are C99- and C++-clean.
set -euo pipefail
build="$1"; src="$2"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"

cmake --install "$build" --prefix "$prefix" >/dev/null
lib="$(ls "$prefix"/lib*/libonedoor.so.1 2>/dev/null || ls "$prefix"/lib/*/libonedoor.so.1)"
libdir="$(dirname "$lib")"
district="$prefix/share/onedoor/config/dongchangfu.json"
test -f "$district"
for p in webhook civil education housing hrss socialorg; do
  test -f "$libdir/onedoor/plugins/libod_$p.so" || { echo "plugin $p not installed"; exit 1; }
done
test -f "$prefix/include/onedoor/od_plugin_sdk.h"

# only od_* leaves the library
leaked="$(nm -D --defined-only "$lib" | awk '$2 ~ /[TDBRW]/ {print $3}' | grep -v '^od_' || true)"
if [ -n "$leaked" ]; then echo "exports outside od_*: $leaked"; exit 1; fi
readelf -d "$lib" | grep -q 'SONAME.*libonedoor.so.1' || { echo "SONAME is not libonedoor.so.1"; exit 1; }

# the headers alone, strictly
for std in "-x c -std=c99" "-x c++ -std=c++17"; do
  for h in onedoor.h onedoor_plugin.h; do
    echo "#include <onedoor/$h>" | gcc $std -Wall -Wextra -pedantic -Werror -I"$prefix/include" -fsyntax-only -
  done
done

# find_package(onedoor)
cmake -S "$src/tests/install/consumer" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$tmp/consumer" >/dev/null
LD_LIBRARY_PATH="$libdir" "$tmp/consumer/embed_example" "$district" "$tmp/a.db"

# pkg-config
export PKG_CONFIG_PATH="$libdir/pkgconfig"
gcc -std=c99 -Wall -Wextra -Werror "$src/tests/install/consumer/embed_example.c" -o "$tmp/pc_example" \
  $(pkg-config --cflags --libs onedoor) -Wl,-rpath,"$libdir"
"$tmp/pc_example" "$district" "$tmp/b.db"
echo "install: find_package and pkg-config consumers built and ran"
