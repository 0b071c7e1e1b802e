#!/usr/bin/env bash
# make_test_log: determinism of the tree across runs, the files it promises,
# and the tile set of a 70,000-entry log with stale partial tiles.
set -u
GEN=ct/tiles/writer/make_test_log
T=${TEST_TMPDIR:-/tmp}/make_test_log_test.$$
fail=0
die() { echo "FAIL $*"; fail=1; }

$GEN "$T/a" --entries 300 --seed 7 --checkpoint-at 100 >"$T.out-a" 2>&1 || die "run a"
$GEN "$T/b" --entries 300 --seed 7 --publish-every 50 >"$T.out-b" 2>&1 || die "run b"
for k in origin size root log_id ed25519_vkey pubkey_pem_file vkey_file; do
  grep -q "^$k=" "$T.out-a" || die "missing $k= line"
done
grep -q '^size=300$' "$T.out-a" || die "size"
grep -q '^origin=example.com/test2026h1$' "$T.out-a" || die "origin"
# Same seed: same root, keys, tiles and issuers; signatures differ.
[ "$(grep -v _file= "$T.out-a")" = "$(grep -v _file= "$T.out-b")" ] || die "outputs differ"
for f in tile/data/000 tile/data/001.p/44 tile/0/000 tile/0/001.p/44 tile/1/000.p/1; do
  cmp -s "$T/a/$f" "$T/b/$f" || die "tile $f differs or is missing"
done
[ "$(ls "$T/a/issuer" | wc -l)" = 3 ] || die "want 3 issuers"
diff <(cd "$T/a/issuer" && ls) <(cd "$T/b/issuer" && ls) >/dev/null || die "issuers differ"
# Published at 50, 100, ...: stale partial tiles remain in b only.
[ -f "$T/b/tile/data/000.p/50" ] || die "stale partial tile missing"
[ -f "$T/a/tile/data/000.p/50" ] && die "unexpected partial tile in a"
# The promised side files.
grep -q 'BEGIN PUBLIC KEY' "$T/a.pubkey.pem" || die "pubkey pem"
grep -q '^example.com/test2026h1+[0-9a-f]\{8\}+A' "$T/a.vkey" || die "vkey"
head -2 "$T/a.checkpoint.100" | tail -1 | grep -qx 100 || die "checkpoint at 100"
head -2 "$T/a/checkpoint" | tail -1 | grep -qx 300 || die "checkpoint"
# --x509: real certificates; the final certificate of a precert entry with its
# embedded SCT, and its issuer.
$GEN "$T/x" --entries 20 --x509 --embed-sct-entry 7 >"$T.out-x" 2>&1 || die "run x509"
grep -q "^cert_pem_file=$T/x.cert.pem$" "$T.out-x" || die "cert_pem_file line"
grep -q "^issuer_pem_file=$T/x.issuer.pem$" "$T.out-x" || die "issuer_pem_file line"
grep -q '^leaf_index=7$' "$T.out-x" || die "leaf_index line"
grep -q 'BEGIN CERTIFICATE' "$T/x.cert.pem" || die "cert pem"
grep -q 'BEGIN CERTIFICATE' "$T/x.issuer.pem" || die "issuer pem"
[ "$(ls "$T/x/issuer" | wc -l)" = 2 ] || die "want 2 issuers (issuing CA, root)"
if command -v openssl >/dev/null; then
  openssl x509 -in "$T/x.cert.pem" -noout -text | grep -q 'CT Precertificate SCTs' || die "no SCT list extension"
  openssl verify -partial_chain -CAfile "$T/x.issuer.pem" "$T/x.cert.pem" >/dev/null 2>&1 || die "cert not signed by issuer"
fi
# Bad usage exits 2.
$GEN >/dev/null 2>&1; [ $? = 2 ] || die "no args should exit 2"
$GEN "$T/c" --entries x >/dev/null 2>&1; [ $? = 2 ] || die "bad number should exit 2"
$GEN "$T/c" --frob >/dev/null 2>&1; [ $? = 2 ] || die "unknown flag should exit 2"
$GEN "$T/c" --entries 9 --embed-sct-entry 1 >/dev/null 2>&1; [ $? = 2 ] || die "--embed-sct-entry without --x509 should exit 2"
$GEN "$T/c" --entries 9 --x509 --embed-sct-entry 3 >/dev/null 2>&1; [ $? = 2 ] || die "--embed-sct-entry on an x509 entry should exit 2"
$GEN "$T/c" --entries 9 --x509 --embed-sct-entry 10 >/dev/null 2>&1; [ $? = 2 ] || die "--embed-sct-entry past the end should exit 2"
rm -rf "$T" "$T".*
[ $fail = 0 ] && echo PASS
exit $fail
