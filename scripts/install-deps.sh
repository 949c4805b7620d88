#!/usr/bin/env bash
# Installs what onedoor needs to build and test, from Debian 12's packages, and only
# what is missing. Needs root (or sudo) when something is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost1.81-dev libboost-json1.81-dev   # Boost.JSON; Boost.Beast (simulator) is header-only
  libsqlite3-dev sqlite3                   # the embedded store, and the shell to inspect it
  libpq-dev postgresql-15 postgresql-common  # the PostgreSQL store (libpq) and the server its tests run on
  libcurl4-openssl-dev libssl-dev          # plugins post with libcurl; HMAC for webhook signing
  libjansson-dev                           # JSON in the C harness, C API tests and the demo
  catch2                                   # Catch2 v2 unit tests
  python3                                  # bindings/python (ctypes)
  php-cli                                  # bindings/php (FFI, opcache preload)
  default-jdk-headless libjna-java         # bindings/java (JNA from Debian, no Maven)
  golang-go                                # bindings/go (cgo, standard library only)
  dpkg-dev file                            # cpack's .deb packages (dpkg-shlibdeps finds dependencies)
  libxlsxwriter-dev                        # the ledger and statistics as XLSX workbooks
  libcli11-dev                             # the onedoor command's arguments
  python3 chromium poppler-utils fonts-noto-cjk  # tests/render: print each document to PDF and read it back
  clang-14 libclang-rt-14-dev llvm-14      # scripts/proof.sh: ASan/UBSan, libFuzzer (-fsanitize=fuzzer), symbolizer
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: everything is installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}"; then
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
