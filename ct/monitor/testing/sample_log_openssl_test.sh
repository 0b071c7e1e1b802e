#!/usr/bin/env bash
# The committed sample log checked with tools independent of ctcore: a Python
# reader of the data tiles (dump_sample_entries.py: entries re-hashed to the
# checkpoint's root, issuer files to their names) and OpenSSL, which must see
# the names, issuers, validity and CT extensions testdata/monitor/README.md
# claims, and accept each chain [issuing CA, root] at the time it was logged.
set -u
LOG=testdata/monitor/sample-log
DUMP=ct/monitor/testing/dump_sample_entries.py
T=${TEST_TMPDIR:-/tmp}/sample_log_openssl_test.$$
fail=0
die() { echo "FAIL $*"; fail=1; }

if ! command -v openssl >/dev/null; then
  echo "openssl not installed; nothing checked"
  exit 0
fi
python3 "$DUMP" "$LOG" "$T" 211 523 877 1204 1388 1519 1650 1700 2105 2350 2671 || die "tile reader"

text() { openssl x509 -inform DER -in "$T/$1.der" -noout -text -certopt no_sigdump,no_pubkey; }
sans() { text "$1" | grep -A1 'Subject Alternative Name' | tail -1 | sed 's/^ *//'; }
want_sans() { [ "$(sans "$1")" = "$2" ] || die "entry $1: SANs '$(sans "$1")', want '$2'"; }

want_sans 211 'DNS:example.com, DNS:www.example.com'
want_sans 523 'DNS:a.b.c.example.com'
want_sans 877 'DNS:*.example.com'
want_sans 1204 'DNS:xn--bcher-kva.example.com'
want_sans 1388 'IP Address:192.0.2.7'
want_sans 1519 'DNS:static.example.net'
want_sans 1650 'DNS:shop.example.com'
want_sans 1700 'DNS:example.com.evil.test'
want_sans 2105 'DNS:login.example.com'
want_sans 2350 'DNS:shop.example.com'
want_sans 2671 'DNS:old.example.com'
text 1388 | grep -q 'Subject Alternative Name: critical' || die "1388: SAN not critical with an empty subject"
[ -z "$(openssl x509 -inform DER -in "$T/1388.der" -noout -subject -nameopt RFC2253 | sed 's/^subject=//')" ] \
  || die "1388: subject not empty"
openssl x509 -inform DER -in "$T/1519.der" -noout -subject -nameopt RFC2253 | grep -qx 'subject=CN=192.0.2.8' \
  || die "1519: CN is not 192.0.2.8"
for i in 211 523 877 1204 1388 1519 1650 2350 2671; do
  text $i | grep -q 'Issuer: C = US, O = Example Trust Services, CN = Example Trust Services TLS CA 1' \
    || die "entry $i: issuer is not the expected CA"
done
text 2105 | grep -q 'Issuer: C = US, O = Rogue CA Inc, CN = Rogue CA Inc Issuing CA 7' || die "2105: not the rogue CA"
text 1650 | grep -q 'CT Precertificate Poison: critical' || die "1650: no poison"
text 2350 | grep -q 'CT Precertificate SCTs' || die "2350: no embedded SCT list"
text 2350 | grep -q 'Poison' && die "2350: final certificate has a poison"
# Same serial and key for the precertificate and its final certificate.
for f in -serial -pubkey; do
  [ "$(openssl x509 -inform DER -in "$T/1650.der" -noout $f)" = "$(openssl x509 -inform DER -in "$T/2350.der" -noout $f)" ] \
    || die "1650/2350 differ in $f"
done
# Validity in days, notBefore..notAfter counting both ends.
days() {
  local nb na
  nb=$(date -u -d "$(openssl x509 -inform DER -in "$T/$1.der" -noout -startdate | cut -d= -f2)" +%s)
  na=$(date -u -d "$(openssl x509 -inform DER -in "$T/$1.der" -noout -enddate | cut -d= -f2)" +%s)
  echo $(( (na - nb + 1) / 86400 ))
}
[ "$(days 211)" = 90 ] || die "211: $(days 211) days, want 90"
[ "$(days 2105)" = 90 ] || die "2105: $(days 2105) days, want 90"
[ "$(days 2671)" = 400 ] || die "2671: $(days 2671) days, want 400"
# Each chain verifies at the time its entry was logged (the certificates of
# 2026 have expired since). The precertificate's poison is critical so that
# no TLS client accepts it: -ignore_critical for it alone.
for i in 211 1388 1519 1650 2105 2350 2671; do
  issuing=$(sed -n 1p "$T/$i.chain"); root=$(sed -n 2p "$T/$i.chain")
  openssl x509 -inform DER -in "$LOG/issuer/$issuing" -out "$T/$i.issuing.pem" || die "entry $i: issuing CA"
  openssl x509 -inform DER -in "$LOG/issuer/$root" -out "$T/$i.root.pem" || die "entry $i: root"
  openssl x509 -inform DER -in "$T/$i.der" -out "$T/$i.pem"
  extra=; [ $i = 1650 ] && extra=-ignore_critical
  out=$(openssl verify $extra -attime "$(cat "$T/$i.time")" -purpose sslserver -CAfile "$T/$i.root.pem" \
        -untrusted "$T/$i.issuing.pem" "$T/$i.pem" 2>&1) || die "entry $i: chain does not verify: $out"
done
rm -rf "$T"
[ $fail = 0 ] && echo PASS
exit $fail
