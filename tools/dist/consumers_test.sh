#!/usr/bin/env bash
# scripts/install --prebuilt (this test's runfiles: libctcore.so.0, the public
# headers, ct) into a temporary prefix, then examples/consumers/run.sh: the
# CMake and make consumers build against it and check CT, OpenSSL 3 alongside.
set -euo pipefail
prefix=$TEST_TMPDIR/prefix
scripts/install --prefix "$prefix" --prebuilt .
examples/consumers/run.sh "$prefix" tools/testing/make_test_pki
