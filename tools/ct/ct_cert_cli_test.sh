#!/usr/bin/env bash
# End-to-end checks of `ct cert check`: real certificates (expected SCT
# statuses from shared/vectors/MANIFEST.md), a throw-away test PKI with SCTs on
# all three channels (checked independently with OpenSSL when developing the
# generator), a real TLS handshake with a server on 127.0.0.1, and bad input.
set -u
CT=tools/ct/ct
PKI_GEN=tools/testing/make_test_pki
TLS_SERVER=tools/testing/tls_server
LIST=testdata/loglist/chrome-all_logs_list-v3-78.2-2025-12-13.json
TMP=$(mktemp -d)
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
fail=0

# run NAME WANT_EXIT CMD... : runs CMD, output in $TMP/out, stderr in $TMP/err.
run() {
  local name=$1 want=$2; shift 2
  "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL $name: exit $got, want $want"; head -c 3000 "$TMP/out" "$TMP/err"; fail=1
  fi
}
# expect NAME PYTHON_EXPR : evaluates EXPR with j = the JSON in $TMP/out.
expect() {
  if ! python3 -c "import json,sys; j=json.load(open('$TMP/out')); sys.exit(0 if ($2) else 1)"; then
    echo "FAIL $1: $2"; head -c 3000 "$TMP/out"; fail=1
  fi
}

# 1. Real *.google.com chain (2 embedded SCTs: Argon2025h2 and Yeti2025, both
#    valid per MANIFEST; leaf SHA-256 4B:4F:46:F8...73:67).
run google 0 $CT cert check testdata/sct/real-google-com-2025/chain.pem --log-list $LIST \
  --at 2025-07-01T00:00:00Z --json
expect google-count "len(j['scts']) == 2"
expect google-valid "all(s['status'] == 'valid' and s['source'] == 'embedded' for s in j['scts'])"
expect google-logs "sorted(s['log'] for s in j['scts']) == ['DigiCert Yeti2025 Log', \"Google 'Argon2025h2' log\"]"
expect google-sha "j['certificate']['sha256'].startswith('4b4f46f8') and j['certificate']['sha256'].endswith('7367')"
expect google-ts "j['scts'][0]['timestamp'].endswith('Z') and '.' in j['scts'][0]['timestamp']"
expect google-policies "[p['name'] for p in j['policies']] == ['chrome', 'apple']"
run google-human 0 $CT cert check testdata/sct/real-google-com-2025/chain.pem --log-list $LIST \
  --at 2025-07-01T00:00:00Z --policy chrome
grep -q "chrome 2026-04-15: COMPLIANT" "$TMP/out" || { echo "FAIL google-human"; cat "$TMP/out"; fail=1; }

# 2. geomys.org with --issuer: an RFC 6962 SCT and a tiled-log SCT, both valid.
run geomys 0 $CT cert check testdata/sct/real-geomys-org-2025/leaf.pem \
  --issuer testdata/sct/real-geomys-org-2025/issuer-lets-encrypt-e7.pem --log-list $LIST \
  --at 2026-01-01T00:00:00Z --json
expect geomys "[s['status'] for s in j['scts']] == ['valid', 'valid']"

# 3. LE staging: an unknown staging log and a valid Navigli2025h2 SCT.
run staging 1 $CT cert check testdata/sct/real-le-staging-navigli2025h2/leaf.pem \
  --issuer testdata/sct/real-le-staging-navigli2025h2/issuer-staging-false-fennel-e6.pem \
  --log-list $LIST --at 2025-08-01T00:00:00Z --json
expect staging "[s['status'] for s in j['scts']] == ['unknown_log', 'valid'] and j['scts'][0]['log'] is None"
expect staging-warn "any('fewer than 2' in w for w in j['warnings'])"

# 4. A malformed embedded SCT list is a reason, not a crash (pyca vector).
run malformed 1 $CT cert check testdata/sct/real-cryptography-io-2018/invalid-sct-length.der \
  --issuer testdata/sct/real-cryptography-io-2018/issuer-lets-encrypt-authority-x3.pem \
  --log-list $LIST --at 2018-10-01T00:00:00Z --json
expect malformed "any(s['status'] == 'malformed' for s in j['scts'])"
expect malformed-reason "any('malformed' in r for p in j['policies'] for r in p['reasons'])"

# 5. Test PKI: 2 embedded SCTs (logs 1, 2), 1 in the TLS extension (log 3)
#    and 1 in the OCSP response (log 1); three operators.
mkdir -p "$TMP/pki"
$PKI_GEN "$TMP/pki" || { echo "FAIL make_test_pki"; exit 1; }
run files 0 $CT cert check "$TMP/pki/chain.pem" --log-list "$TMP/pki/log-list.json" \
  --tls-scts "$TMP/pki/tls-scts.bin" --ocsp-response "$TMP/pki/ocsp.der" --json
expect files-sources "sorted(s['source'] for s in j['scts']) == ['embedded', 'embedded', 'ocsp', 'tls_extension']"
expect files-valid "all(s['status'] == 'valid' for s in j['scts'])"
expect files-compliant "all(p['compliant'] for p in j['policies'])"
# A flipped byte in the TLS-extension SCT's signature: invalid_signature.
python3 - "$TMP/pki/tls-scts.bin" "$TMP/bad-scts.bin" <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read()); b[-5] ^= 1
open(sys.argv[2], 'wb').write(b)
PY
run bad-sig 0 $CT cert check "$TMP/pki/chain.pem" --log-list "$TMP/pki/log-list.json" \
  --tls-scts "$TMP/bad-scts.bin" --json
expect bad-sig "[s['status'] for s in j['scts'] if s['source'] == 'tls_extension'] == ['invalid_signature']"
# Only the embedded SCTs, Chrome: compliant (2 logs, 2 operators, 90 days).
run embedded-only 0 $CT cert check "$TMP/pki/leaf.pem" --issuer "$TMP/pki/ca.pem" \
  --log-list "$TMP/pki/log-list.json" --policy chrome --json
# Evaluated after expiry: a warning.
run expired 0 $CT cert check "$TMP/pki/chain.pem" --log-list "$TMP/pki/log-list.json" \
  --policy chrome --at 2099-01-01T00:00:00Z --json
expect expired "any('expired' in w for w in j['warnings'])"

# 6. --connect: a real TLS handshake with a BoringSSL server on 127.0.0.1
#    that sends the chain, the SCT extension and an OCSP staple.
$TLS_SERVER --chain "$TMP/pki/chain.pem" --key "$TMP/pki/leaf-key.pem" \
  --scts "$TMP/pki/tls-scts.bin" --ocsp "$TMP/pki/ocsp.der" --connections 3 --timeout 60 \
  >"$TMP/port" 2>"$TMP/server.err" &
SERVER_PID=$!
for _ in $(seq 50); do grep -q PORT "$TMP/port" && break; sleep 0.1; done
PORT=$(awk '/PORT/ {print $2}' "$TMP/port")
run connect 0 $CT cert check --connect "127.0.0.1:$PORT" --servername localhost \
  --ca-file "$TMP/pki/ca.pem" --log-list "$TMP/pki/log-list.json" --json
expect connect-sources "sorted(s['source'] for s in j['scts']) == ['embedded', 'embedded', 'ocsp', 'tls_extension']"
expect connect-valid "all(s['status'] == 'valid' for s in j['scts'])"
expect connect-compliant "all(p['compliant'] for p in j['policies'])"
expect connect-chain "not any('does not verify' in w for w in j['warnings'])"
expect connect-hook "j['connection']['verdict'] == 'compliant' and j['connection']['policy'] == 'chrome'"
# Without the test CA the chain does not verify: a warning, same SCT verdicts.
run connect-untrusted 0 $CT cert check --connect "127.0.0.1:$PORT" --servername localhost \
  --log-list "$TMP/pki/log-list.json" --json
expect connect-untrusted "any('does not verify' in w for w in j['warnings'])"
expect connect-untrusted-valid "all(s['status'] == 'valid' for s in j['scts'])"
expect connect-untrusted-hook "j['connection'] is None"
wait "$SERVER_PID" 2>/dev/null; SERVER_PID=""
run connect-refused 2 $CT cert check --connect "127.0.0.1:$PORT" --log-list "$TMP/pki/log-list.json"

# 7. Bad input: exit 2 with a one-line error.
run no-list 2 $CT cert check testdata/sct/real-google-com-2025/chain.pem
run no-file 2 $CT cert check /nonexistent.pem --log-list $LIST
printf 'not a certificate' >"$TMP/junk.der"
run junk 2 $CT cert check "$TMP/junk.der" --issuer "$TMP/pki/ca.pem" --log-list $LIST
run no-issuer 2 $CT cert check "$TMP/pki/leaf.pem" --log-list "$TMP/pki/log-list.json"
run bad-at 2 $CT cert check "$TMP/pki/chain.pem" --log-list $LIST --at yesterday
run bad-policy 2 $CT cert check "$TMP/pki/chain.pem" --log-list $LIST --policy firefox
run bad-list 2 $CT cert check "$TMP/pki/chain.pem" --log-list "$TMP/junk.der"
run bad-connect 2 $CT cert check --connect nocolon --log-list $LIST
[ "$(wc -l <"$TMP/err")" = 1 ] || { echo "FAIL bad-connect: error is not one line"; fail=1; }
exit $fail
