#!/usr/bin/env bash
# Builds the two consumer projects against an installed ctcore and runs them:
#   examples/consumers/run.sh PREFIX MAKE_TEST_PKI
# PREFIX: what `scripts/install --prefix PREFIX` made; MAKE_TEST_PKI: the
# //tools/testing:make_test_pki binary. For each of cmake/ (find_package) and
# make/ (pkg-config), built out of tree in a temporary directory:
#  (a) check_chain (and, in make/, check_chain_static: libctcore.a) on the real *.google.com chain must print exactly the
#      "SCTs"/"policies" sections of PREFIX/bin/ct cert check, both compliant;
#  (b) curl_ct (libcurl on OpenSSL) to a loopback HTTPS server whose
#      certificate has SCTs from the test PKI must succeed, and to one whose
#      certificate has none must be refused (exit 1) by the CT callback.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
prefix=$(cd "$1" && pwd)
make_test_pki=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
work=$(mktemp -d "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/consumers.XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

chain=$root/testdata/sct/real-google-com-2025/chain.pem
list=$root/testdata/loglist/chrome-all_logs_list-v3-78.2-2025-12-13.json
at=2025-07-01T00:00:00Z
"$prefix/bin/ct" cert check "$chain" --log-list "$list" --at "$at" |
  sed -n '/^SCTs (/,/^warnings:/p' | grep -v '^warnings:' >"$work/want.txt"
grep -q 'chrome .*: COMPLIANT' "$work/want.txt" && grep -q 'apple .*: COMPLIANT' "$work/want.txt" ||
  fail "ct cert check is not compliant: $(cat "$work/want.txt")"

# The test PKI and two loopback servers: SCTs embedded / no SCTs at all.
mkdir -p "$work/pki"
"$make_test_pki" "$work/pki" >/dev/null
start_server() {  # $1 chain, $2 output port file
  python3 "$here/https_server.py" "$1" "$work/pki/leaf-key.pem" >"$2" &
  pids+=($!)
  for _ in $(seq 100); do [ -s "$2" ] && return 0; sleep 0.1; done
  fail "HTTPS server for $1 did not start"
}
start_server "$work/pki/chain.pem" "$work/port.sct"
start_server "$work/pki/plain-chain.pem" "$work/port.plain"

cp -r "$here/src" "$here/cmake" "$here/make" "$work/"
echo "== CMake (find_package(ctcore CONFIG REQUIRED))"
cmake -S "$work/cmake" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release >"$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; fail "cmake configure"; }
cmake --build "$work/cmake-build" -j 2 >>"$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; fail "cmake build"; }
echo "== make (pkg-config --cflags --libs ctcore)"
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" make -C "$work/make" -j 2 >"$work/make.log" 2>&1 ||
  { cat "$work/make.log"; fail "make"; }

for dir in "$work/cmake-build" "$work/make"; do
  name=$(basename "$dir")
  # The consumers link OpenSSL 3 and libctcore.so.1, and no other libcrypto.
  libs=$(ldd "$dir/curl_ct")
  grep -q 'libctcore.so.1 => ' <<<"$libs" || fail "$name: curl_ct does not link libctcore.so.1"
  grep -q 'libssl.so.3 => ' <<<"$libs" || fail "$name: curl_ct does not link OpenSSL 3"
  ! grep -q 'libcrypto.so.0' <<<"$libs" || fail "$name: a shared BoringSSL is loaded"

  "$dir/check_chain" "$chain" "$list" "$at" >"$work/got.txt" || fail "$name: check_chain exit $?"
  diff -u "$work/want.txt" "$work/got.txt" || fail "$name: check_chain differs from ct cert check"
  echo "$name: check_chain prints what ct cert check prints (chrome and apple COMPLIANT)"
  if [ -x "$dir/check_chain_static" ]; then
    ! grep -q libctcore <<<"$(ldd "$dir/check_chain_static")" || fail "$name: check_chain_static loads libctcore.so"
    "$dir/check_chain_static" "$chain" "$list" "$at" >"$work/got.txt" || fail "$name: check_chain_static exit $?"
    diff -u "$work/want.txt" "$work/got.txt" || fail "$name: check_chain_static differs from ct cert check"
    echo "$name: check_chain_static (libctcore.a + OpenSSL 3) prints the same"
  fi

  "$dir/curl_ct" "https://127.0.0.1:$(cat "$work/port.sct")/" "$work/pki/ca.pem" \
      "$work/pki/log-list.json" >"$work/curl.out" 2>&1 || { cat "$work/curl.out"; fail "$name: compliant server refused"; }
  grep -q '^CT: CT compliant' "$work/curl.out" && grep -q '^HTTP 200' "$work/curl.out" ||
    { cat "$work/curl.out"; fail "$name: unexpected output"; }
  status=0
  "$dir/curl_ct" "https://127.0.0.1:$(cat "$work/port.plain")/" "$work/pki/ca.pem" \
      "$work/pki/log-list.json" >"$work/curl.out" 2>&1 || status=$?
  [ "$status" = 1 ] && grep -q '^CT: CT not compliant' "$work/curl.out" ||
    { cat "$work/curl.out"; fail "$name: server without SCTs not refused for CT (exit $status)"; }
  echo "$name: curl_ct (libcurl on OpenSSL) passes the compliant server, refuses the one without SCTs"
done
echo "PASS: CMake and make consumers"
