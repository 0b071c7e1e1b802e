#!/usr/bin/env bash
# scripts/install --prebuilt (this test's runfiles: libctcore.so.1, the public
# headers, ct) into a temporary prefix, then examples/consumers/run.sh: the
# CMake and make consumers build against it and check CT, OpenSSL 3 alongside.
set -euo pipefail
# Under --config=asan the library is instrumented and would need the ASan
# runtime first in every consumer: the consumers are plain builds, so the
# check runs in the default configuration only.
if grep -q 'NEEDED.*\[libasan' <<<"$(readelf -d tools/dist/libctcore.so.1)"; then
  echo "SKIPPED: sanitizer build of libctcore.so.1; the consumers run in the default configuration"
  exit 0
fi
prefix=$TEST_TMPDIR/prefix
scripts/install --prefix "$prefix" --prebuilt .
examples/consumers/run.sh "$prefix" tools/testing/make_test_pki
