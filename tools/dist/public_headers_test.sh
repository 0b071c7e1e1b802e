#!/usr/bin/env bash
# Every header scripts/install puts under include/ compiles on its own in a
# translation unit that first includes OpenSSL 3's <openssl/ssl.h>, with only
# the install prefix and the system include paths (/usr/include has OpenSSL 3
# from libssl-dev, Abseil and protobuf; BoringSSL's headers are elsewhere and
# not on the path). docs/embedding.md.
# Usage: public_headers_test.sh FILES... (the :public_headers outputs: the
# headers and public_headers.txt, the list of installed paths)
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }

manifest=""
for f in "$@"; do case "$f" in *.txt) manifest=$f ;; esac; done
[ -n "$manifest" ] || fail "no header list among the arguments"
[ -f /usr/include/openssl/ssl.h ] || fail "OpenSSL 3 headers missing (libssl-dev; scripts/setup installs it)"
grep -qE 'define OPENSSL_VERSION_MAJOR +3' /usr/include/openssl/opensslv.h ||
  fail "/usr/include/openssl is not OpenSSL 3"

prefix=${TEST_TMPDIR:-$(mktemp -d)}/prefix
mkdir -p "$prefix/include"
count=0
while read -r h; do
  [ -n "$h" ] || continue
  mkdir -p "$prefix/include/$(dirname "$h")"
  cp "$h" "$prefix/include/$h"
  count=$((count + 1))
done <"$manifest"
[ "$count" -gt 20 ] || fail "only $count headers in $manifest"
for want in ct/version.h ct/sct/policy/check_chain.h ct/x509/certificate_chain.h \
            ct/sct/loglist/parse_log_list.h ct/tls/ct_enforcer.h ct/log/log_reader.h; do
  [ -f "$prefix/include/$want" ] || fail "$want is not installed"
done
for not in ct/tls/boringssl.h; do
  [ ! -e "$prefix/include/$not" ] || fail "$not must not be installed"
done

# No installed header reaches for an OpenSSL/BoringSSL header at all: with
# OpenSSL 3 on the path, it would silently get the wrong library's.
if bad=$(grep -rlE '#\s*include\s*[<"]openssl/' "$prefix/include"); then
  fail "installed headers include openssl/: $bad"
fi

# Each header alone, after OpenSSL's main headers: self-contained, and
# nothing in it collides with OpenSSL's names or macros. Two at a time.
compile() {
  printf '#include <openssl/ssl.h>\n#include <openssl/x509.h>\n#include <openssl/evp.h>\n#include "%s"\n' "$1" |
    g++ -std=c++17 -fsyntax-only -Wall -Wextra -Werror -Wno-unused-parameter \
        -I"$prefix/include" -x c++ - 2>&1 | sed "s|^|$1: |" >&2
  return "${PIPESTATUS[1]}"
}
export -f compile
export prefix
if ! sed '/^$/d' "$manifest" | xargs -P 2 -I{} bash -c 'compile "$1"' _ {}; then
  fail "installed headers that do not compile after <openssl/ssl.h>: see above"
fi
echo "PASS: $count installed headers compile after <openssl/ssl.h> with -I<prefix>/include only"
