#!/usr/bin/env bash
# The Debian packages: cpack builds them from this build tree; each must hold what it
# should (and not what belongs to another) and name its dependencies; dpkg installs them
# into a private root (dpkg --root --unpack: files and dpkg's database, no maintainer
# scripts, nothing outside the root changes); then check_prefix.sh builds the embedding
# example and a department plugin against the installed files and runs them, and the
# packaged harness runs a scenario against the packaged library.
#   check_packages.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$1"; src="$2"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
debs="$tmp/debs"

cpack --config "$build/CPackConfig.cmake" -B "$debs" >/dev/null
version="$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")"
arch="$(dpkg --print-architecture)"
deb() { echo "$debs/$1_${version}_${arch}.deb"; }
for p in libonedoor1 libonedoor-dev onedoor-plugins onedoor-tools; do
  test -f "$(deb $p)" || { echo "no package $(deb $p)"; ls "$debs"; exit 1; }
done

files() { dpkg-deb -c "$(deb "$1")" | awk '{print $6}' | sed 's|^\./|/|'; }
has() {
  local p="$1"; shift
  for f in "$@"; do files "$p" | grep -qx "$f" || { echo "$p lacks $f"; exit 1; }; done
}
lacks() {
  local p="$1" pattern="$2"
  if files "$p" | grep -q "$pattern"; then echo "$p holds $pattern:"; files "$p" | grep "$pattern"; exit 1; fi
}
depends() {
  local p="$1" want="$2"
  dpkg-deb -f "$(deb "$p")" Depends | tr ',' '\n' | sed 's/^ *//' | grep -qxF "$want" ||
    { echo "$p: Depends lacks '$want': $(dpkg-deb -f "$(deb "$p")" Depends)"; exit 1; }
}

has libonedoor1 /usr/lib/libonedoor.so.1 /usr/share/onedoor/config/dongchangfu.json /usr/share/doc/libonedoor1/copyright
lacks libonedoor1 '^/usr/include/'
lacks libonedoor1 '^/usr/lib/libonedoor.so$'
dpkg-deb -f "$(deb libonedoor1)" Depends | grep -q 'libsqlite3-0' || { echo "libonedoor1: no shlibs dependencies"; exit 1; }

has libonedoor-dev /usr/include/onedoor/onedoor.h /usr/include/onedoor/onedoor_ffi.h \
  /usr/include/onedoor/onedoor_plugin.h /usr/include/onedoor/od_plugin_sdk.h /usr/lib/libonedoor.so \
  /usr/lib/libod_plugin_sdk.a /usr/lib/pkgconfig/onedoor.pc /usr/lib/pkgconfig/onedoor-plugin-sdk.pc \
  /usr/lib/cmake/onedoor/onedoorConfig.cmake /usr/lib/cmake/onedoor/onedoorPlugin.cmake \
  /usr/lib/cmake/onedoor/od_plugin.map /usr/share/man/man3/od_call.3 /usr/share/man/man3/od_open.3 \
  /usr/share/man/man7/onedoor_plugin.7 /usr/share/doc/onedoor/README.md /usr/share/doc/onedoor/CHANGELOG.md \
  /usr/share/doc/onedoor/LICENSE /usr/share/doc/onedoor/docs/api.md /usr/share/doc/onedoor/docs/domain.md \
  /usr/share/doc/onedoor/examples/department_plugin/sample_dept.c \
  /usr/share/doc/onedoor/examples/bindings/python/onedoor.py
lacks libonedoor-dev '^/usr/lib/libonedoor.so.1'
depends libonedoor-dev "libonedoor1 (= $version)"

has onedoor-plugins /usr/lib/onedoor/plugins/libod_webhook.so /usr/lib/onedoor/plugins/libod_education.so \
  /usr/share/doc/onedoor-plugins/copyright
depends onedoor-plugins "libonedoor1 (= $version)"
has onedoor-tools /usr/bin/onedoor-harness
depends onedoor-tools "libonedoor1 (= $version)"

# install with dpkg into a private root
root="$tmp/root"
mkdir -p "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/info"
touch "$root/var/lib/dpkg/status"
dpkg --root="$root" --force-depends --force-not-root --log=/dev/null --unpack \
  "$(deb libonedoor1)" "$(deb libonedoor-dev)" "$(deb onedoor-plugins)" "$(deb onedoor-tools)" >/dev/null
for p in libonedoor1 libonedoor-dev onedoor-plugins onedoor-tools; do
  dpkg --root="$root" -s "$p" | grep -q '^Status: install ok unpacked' || { echo "dpkg did not unpack $p"; exit 1; }
done

# build and run against what the packages installed
"$src/tests/install/check_prefix.sh" "$root/usr" "$build" "$src"
LD_LIBRARY_PATH="$root/usr/lib" "$root/usr/bin/onedoor-harness" --district "$root/usr/share/onedoor/config/dongchangfu.json" \
  --plugins "$root/usr/lib/onedoor/plugins" --sim "$build/bin/od-deptsim" "$src/tests/scenarios/town_handles_itself.jsonl" >/dev/null

# On a throwaway machine (CI as root, ONEDOOR_DEB_SYSTEM_INSTALL=1): the real thing, with
# apt resolving every Depends from the archive; then built against /usr and removed again.
if [ "${ONEDOOR_DEB_SYSTEM_INSTALL:-0}" = "1" ] && [ "$(id -u)" -eq 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "$(deb libonedoor1)" "$(deb libonedoor-dev)" \
    "$(deb onedoor-plugins)" "$(deb onedoor-tools)" >/dev/null
  trap 'apt-get purge -y libonedoor1 libonedoor-dev onedoor-plugins onedoor-tools >/dev/null; rm -rf "$tmp"' EXIT
  cc -std=c99 -Wall -Werror "$src/tests/install/consumer/embed_example.c" -o "$tmp/sys_example" $(pkg-config --cflags --libs onedoor)
  "$tmp/sys_example" /usr/share/onedoor/config/dongchangfu.json "$tmp/sys.db"
  cmake -S "$src/examples/department_plugin" -B "$tmp/sys-plugin" >/dev/null && cmake --build "$tmp/sys-plugin" >/dev/null
  echo "packages: installed system-wide with apt-get, consumer and plugin built against /usr"
fi
echo "packages: $(cd "$debs" && ls *.deb | tr '\n' ' ')built, installed with dpkg, used"
