#!/usr/bin/env bash
# Checks an installed onedoor under PREFIX (from cmake --install, or from the Debian
# packages): what the library exports, the headers alone under strict flags, the embedding
# example built with find_package(onedoor) and with pkg-config, the shipped FFI header
# under PHP, and a department plugin in C built outside the tree with CMake and with
# pkg-config whose jobs arrive at the department simulator.
#   check_prefix.sh PREFIX BUILD_DIR SOURCE_DIR
set -euo pipefail
prefix="$1"; build="$2"; src="$3"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

lib="$(ls "$prefix"/lib*/libonedoor.so.1 2>/dev/null || ls "$prefix"/lib/*/libonedoor.so.1)"
libdir="$(dirname "$lib")"
district="$prefix/share/onedoor/config/dongchangfu.json"
test -f "$district"
for p in webhook civil education housing hrss socialorg; do
  test -f "$libdir/onedoor/plugins/libod_$p.so" || { echo "plugin $p not installed"; exit 1; }
done
test -f "$prefix/include/onedoor/od_plugin_sdk.h"
test -f "$prefix/include/onedoor/onedoor_ffi.h"

# only od_* leaves the library
leaked="$(nm -D --defined-only "$lib" | awk '$2 ~ /[TDBRW]/ {print $3}' | grep -v '^od_' || true)"
if [ -n "$leaked" ]; then echo "exports outside od_*: $leaked"; exit 1; fi
readelf -d "$lib" | grep -q 'SONAME.*libonedoor.so.1' || { echo "SONAME is not libonedoor.so.1"; exit 1; }

# the headers alone, strictly
for std in "-x c -std=c99" "-x c++ -std=c++17"; do
  for h in onedoor.h onedoor_plugin.h od_plugin_sdk.h; do
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
echo "$prefix: find_package and pkg-config consumers built and ran"

# the FFI header as shipped: PHP loads it and calls in (FFI_LIB is the SONAME)
LD_LIBRARY_PATH="$libdir" php -d ffi.enable=1 -r '
  $ffi = FFI::load($argv[1]);
  exit($ffi->od_version_number() === $ffi->OD_VERSION_NUMBER && $ffi->od_status_name($ffi->OD_ERR_CONFIG) === "CONFIG" ? 0 : 1);' \
  "$prefix/include/onedoor/onedoor_ffi.h"

# ---- a department plugin in C, built outside the tree -----------------------------------
plugin_src="$src/examples/department_plugin"
# with CMake: find_package(onedoor COMPONENTS plugin_sdk) + onedoor_add_plugin(), installed
# into the default plugin directory
cmake -S "$plugin_src" -B "$tmp/plugin-cmake" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$tmp/plugin-cmake" >/dev/null
cmake --install "$tmp/plugin-cmake" >/dev/null
test -f "$libdir/onedoor/plugins/libod_sample_dept.so"
# with pkg-config alone: the whole link line and the version script come from the .pc file
sdk_pc=onedoor-plugin-sdk
gcc -std=c11 -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden "$plugin_src/sample_dept.c" \
  -o "$tmp/libod_sample_pc.so" $(pkg-config --cflags --libs $sdk_pc) \
  -Wl,--version-script="$(pkg-config --variable=version_script $sdk_pc)" -Wl,--no-undefined -Wl,--exclude-libs,ALL
for so in "$libdir/onedoor/plugins/libod_sample_dept.so" "$tmp/libod_sample_pc.so"; do
  exported="$(nm -D --defined-only "$so" | awk '$2 ~ /[TDBRW]/ {print $3}')"
  [ "$exported" = "od_plugin_entry" ] || { echo "$so exports: $exported"; exit 1; }
done

# both get a job and deliver it to the department simulator
sim="$build/bin/od-deptsim"
secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
"$sim" --port 0 --port-file "$tmp/sim.port" --secret "$secret" --log "$tmp/sim.log" >/dev/null &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null; wait $sim_pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do [ -s "$tmp/sim.port" ] && break; sleep 0.1; done
port="$(cat "$tmp/sim.port")"
ONEDOOR_LIBRARY="$lib" PYTHONPATH="$src/bindings/python" PYTHONDONTWRITEBYTECODE=1 \
  python3 "$src/tests/install/check_plugin_job.py" "$district" "$tmp/c.db" "$tmp/libod_sample_pc.so" \
  "http://127.0.0.1:$port" "$secret"
# what the simulator received: both payloads, signed correctly
grep -q 'education-cmake' "$tmp/sim.log"
grep -q 'government-pkgconfig' "$tmp/sim.log"
[ "$(grep -c '"signature_valid":true' "$tmp/sim.log")" -ge 2 ]
# the SDK names itself and its host (ABI 1.1 host_name/host_version) to the department
grep -q '"user-agent":"onedoor-plugin-sdk/[0-9.]* onedoor/[0-9.]*"' "$tmp/sim.log"
echo "$prefix: plugins built with CMake and with pkg-config outside the tree delivered their jobs"
