#!/usr/bin/env bash
# End-to-end checks of `ct log` on the bundled Static CT API vectors.
set -u
CT=tools/ct/ct
T=testdata/tiles
TMP=${TEST_TMPDIR:-/tmp}/ct_log_cli.$$
mkdir -p "$TMP"
fail=0
check() {  # check NAME WANT_EXIT CMD...
  local name=$1 want=$2; shift 2
  "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL $name: exit $got, want $want"; cat "$TMP/out" "$TMP/err"; fail=1
  fi
}
expect() {  # expect NAME PATTERN (in stdout)
  grep -q -- "$2" "$TMP/out" || { echo "FAIL $1: no '$2' in output"; cat "$TMP/out"; fail=1; }
}

# Tessera tlog-tiles checkpoint with an Ed25519 verifier key (TESS build_log.sh).
VKEY=$(cat $T/tlog-tiles-tessera-testdata/vkey.txt)
check tessera 0 $CT log checkpoint $T/tlog-tiles-tessera-testdata --key "$VKEY"
expect tessera-size "^tree_size 15$"
expect tessera-root "^root_hash rKbDipCvhuX1GZ7g5BBe8sA6BbJ7ja/1nk427v383cs=$"

# The tessera log is tlog-tiles: audit its entry bundles at size 15.
check tessera-verify 0 $CT log verify $T/tlog-tiles-tessera-testdata --key "$VKEY" --tlog-tiles --quiet
expect tessera-verify-count "^verified 15 entries"
check tessera-verify-as-static 1 $CT log verify $T/tlog-tiles-tessera-testdata --key "$VKEY" --quiet

# Real RFC6962NoteSignature checkpoints (LUCT), witness lines ignored.
for log in arche sycamore; do
  mkdir -p "$TMP/$log"
done
cp $T/checkpoints/arche2026h1.staging.ct.transparency.dev-checkpoint.txt "$TMP/arche/checkpoint"
cp $T/checkpoints/log.sycamore.ct.letsencrypt.org-2026h1-checkpoint.txt "$TMP/sycamore/checkpoint"
check arche 0 $CT log checkpoint "$TMP/arche" --key $T/checkpoints/log-key-google-arche2026h1-log.pem --json
expect arche-json '"tree_size":1822167730'
expect arche-ts '"timestamp":1768477636059'
check sycamore 0 $CT log checkpoint "$TMP/sycamore" --key $T/checkpoints/log-key-lets-encrypt-sycamore2026h1.pem
expect sycamore-size "^tree_size 804475391$"
check wrong-key 1 $CT log checkpoint "$TMP/arche" --key $T/checkpoints/log-key-lets-encrypt-sycamore2026h1.pem
check wrong-origin 1 $CT log checkpoint "$TMP/sycamore" --key $T/checkpoints/log-key-lets-encrypt-sycamore2026h1.pem --origin example.com
sed 's/^804475391$/804475392/' "$TMP/sycamore/checkpoint" > "$TMP/sycamore/c2" && mv "$TMP/sycamore/c2" "$TMP/sycamore/checkpoint"
check tampered-size 1 $CT log checkpoint "$TMP/sycamore" --key $T/checkpoints/log-key-lets-encrypt-sycamore2026h1.pem
check bad-key 2 $CT log checkpoint "$TMP/arche" --key "not-a-key"
check no-dir 2 $CT log checkpoint "$TMP/nonexistent" --key "$VKEY"

# Full audit of the real Navigli2025h2 tiles against the collector's root at
# size 1024 (no signed checkpoint exists for it: trusted --size/--root). The
# level-1 tile is written from the collector's level-1 hashes.
N="$TMP/navigli"
mkdir -p "$N" && cp -rL $T/static-ct-navigli2025h2/tile "$N/" && chmod -R u+w "$N"
python3 - "$T/static-ct-navigli2025h2/expected.json" "$N" <<'PY'
import json, os, sys
e = json.load(open(sys.argv[1]))
c = [v for k, v in e.items() if k.startswith("computed_by_collector")][0]
l1 = [v for k, v in c.items() if k.startswith("level1_hashes_hex")][0]
os.makedirs(os.path.join(sys.argv[2], "tile/1/000.p"), exist_ok=True)
open(os.path.join(sys.argv[2], "tile/1/000.p/4"), "wb").write(bytes.fromhex("".join(l1)))
open(os.path.join(sys.argv[2], "tile/1/000.p/3"), "wb").write(bytes.fromhex("".join(l1[:3])))
PY
ROOT1024=EMfGG85uIddeOXt5/wdQGP3IQd0COCqoLg9Q6CsPLJA=
ROOT778=+WnHOMRZl/LG1669oeskbdK9bcO4nkrY1cfVyknC52U=
check navigli 0 $CT log verify "$N" --size 1024 --root $ROOT1024 --no-issuers
expect navigli-count "^verified 1024 entries"
# Every entry is a precert entry whose pre_certificate gives its TBS directly
# (no PSC), so the default precertificate check needs no issuer.
expect navigli-precerts ", 1024 precertificates;"
check navigli-jobs 0 $CT log verify "$N" --size 1024 --root $ROOT1024 --no-issuers --jobs 2 --json
expect navigli-json '"verified":true'
check navigli-778 0 $CT log verify "$N" --size 778 --root $ROOT778 --no-issuers --quiet
check navigli-wrong-root 1 $CT log verify "$N" --size 1024 --root $ROOT778 --no-issuers
check navigli-issuers-missing 1 $CT log verify "$N" --size 1024 --root $ROOT1024
# A flipped byte in a data tile (byte 100: inside entry 512's TBSCertificate)
# and in hash tiles. (A precert entry's pre_certificate bytes are not covered
# by the Merkle tree; see docs/tiles.md.)
for tile in tile/data/002 tile/0/001 tile/1/000.p/4; do
  cp -rL "$N" "$TMP/bad"
  python3 -c "
import sys; p = sys.argv[1]; b = bytearray(open(p, 'rb').read()); i = 100 if 'data' in p else len(b) // 3; b[i] ^= 1; open(p, 'wb').write(b)
" "$TMP/bad/$tile"
  check "flipped-$tile" 1 $CT log verify "$TMP/bad" --size 1024 --root $ROOT1024 --no-issuers --quiet
  grep -q "verification failed" "$TMP/err" || { echo "FAIL flipped-$tile message"; cat "$TMP/err"; fail=1; }
  rm -rf "$TMP/bad"
done
# Consistency from tiles on the tessera log (its hash tiles are tlog-tiles,
# identical in format to static-ct-api's).
TS=$T/tlog-tiles-tessera-testdata
check consistency 0 $CT log consistency $TS --key "$VKEY" --from $TS/checkpoint.5
expect consistency-line "^consistent 5 -> 15$"
check consistency-same 0 $CT log consistency $TS --key "$VKEY" --from $TS/checkpoint.15 --json
expect consistency-json '"proof":\[\]'
check consistency-foreign 1 $CT log consistency $TS --key "$VKEY" --from $T/checkpoints/arche2026h1.staging.ct.transparency.dev-checkpoint.txt
mkdir -p "$TMP/tess" && cp -rL $TS/* "$TMP/tess/" && chmod -R u+w "$TMP/tess"
python3 -c "
import sys; p = sys.argv[1]; b = bytearray(open(p, 'rb').read()); b[40] ^= 1; open(p, 'wb').write(b)
" "$TMP/tess/tile/0/000.p/15"
check consistency-bad-tile 1 $CT log consistency "$TMP/tess" --key "$VKEY" --from $TS/checkpoint.5
# An old checkpoint validly signed (with the test key published in tessera's
# build_log.sh) but with a root that is not a prefix of the current tree.
if python3 -c "import cryptography" 2>/dev/null; then
  python3 - $TS/expected.json "$TMP/forged" <<'PY'
import base64, json, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
e = json.load(open(sys.argv[1]))
skey = e["source_assertions"].split("LOG_PRIVATE_KEY is also in that script: ")[1].split(")")[0]
name, kid, b64 = skey.split("+", 4)[2:5]
seed = base64.b64decode(b64)[1:]
text = "%s\n5\n%s\n" % (name, base64.b64encode(b"\x07" * 32).decode())
sig = Ed25519PrivateKey.from_private_bytes(seed).sign(text.encode())
line = base64.b64encode(bytes.fromhex(kid) + sig).decode()
open(sys.argv[2], "w").write(text + "\n\u2014 " + name + " " + line + "\n")
PY
  check consistency-forged 1 $CT log consistency $TS --key "$VKEY" --from "$TMP/forged"
  grep -q "not consistent with 5" "$TMP/err" || { echo "FAIL forged message"; cat "$TMP/err"; fail=1; }
  # The Navigli tiles under a checkpoint signed with the same test key: the
  # full `verify --key` path, and a wrong root under a valid signature.
  sign() {  # sign SIZE ROOT_B64 OUT
    python3 - $TS/expected.json "$1" "$2" "$3" <<'PY'
import base64, json, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
e = json.load(open(sys.argv[1]))
skey = e["source_assertions"].split("LOG_PRIVATE_KEY is also in that script: ")[1].split(")")[0]
name, kid, b64 = skey.split("+", 4)[2:5]
text = "%s\n%s\n%s\n" % (name, sys.argv[2], sys.argv[3])
sig = Ed25519PrivateKey.from_private_bytes(base64.b64decode(b64)[1:]).sign(text.encode())
line = base64.b64encode(bytes.fromhex(kid) + sig).decode()
open(sys.argv[4], "w").write(text + "\n\u2014 " + name + " " + line + "\n")
PY
  }
  sign 1024 $ROOT1024 "$N/checkpoint"
  check verify-key 0 $CT log verify "$N" --key "$VKEY" --no-issuers --json
  expect verify-key-json '"verified":true'
  check consistency-navigli 0 $CT log consistency "$N" --key "$VKEY" --from "$N/checkpoint"
  sign 1024 $ROOT778 "$N/checkpoint"
  check verify-key-wrong-root 1 $CT log verify "$N" --key "$VKEY" --no-issuers
  sign 778 $ROOT778 "$TMP/old778"
  sign 1024 $ROOT1024 "$N/checkpoint"
  check consistency-778-1024 0 $CT log consistency "$N" --key "$VKEY" --from "$TMP/old778"
  rm -f "$N/checkpoint"
else
  echo "python3 cryptography missing: skipping the signed-checkpoint cases"
fi
# Logs written by ct/tiles/writer's LogWriter (make_test_log) at the sizes
# around tile boundaries: each verifies, and tampered copies fail with exit 1.
# --x509: real certificates and precertificates (every third entry), which
# `ct log verify` checks against their TBS by default.
MAKE=ct/tiles/writer/make_test_log
for size in 1 255 256 257 65536 70000; do
  L="$TMP/log$size"
  $MAKE "$L" --entries $size --x509 >"$TMP/make.out" || { echo "FAIL make_test_log $size"; fail=1; continue; }
  TKEY=$(cat "$L.vkey")
  check "writer-$size" 0 $CT log verify "$L" --key "$TKEY" --quiet --jobs 2
  if [ $size -ge 2 ]; then
    expect "writer-$size-precerts" ", $(( (size + 1) / 3 )) precertificates;"
  fi
  check "writer-$size-checkpoint" 0 $CT log checkpoint "$L" --key "$TKEY"
  expect "writer-$size-size" "^tree_size $size$"
  last=$(( (size - 1) / 256 ))
  w=$(( size % 256 ))
  n=$(printf '%03d' $last)
  [ $last -ge 1000 ] && n=$(printf 'x%03d/%03d' $((last / 1000)) $((last % 1000)))
  data="tile/data/$n"; [ $w -ne 0 ] && data="$data.p/$w"
  hash0="tile/0/$n"; [ $w -ne 0 ] && hash0="$hash0.p/$w"
  targets="$data $hash0"
  [ $size -ge 512 ] && targets="$targets tile/data/000"
  [ $size -ge 256 ] && targets="$targets tile/1/000$( [ $size -lt 65536 ] && echo ".p/$(( size / 256 % 256 ))" )"
  for t in $targets; do
    [ -f "$L/$t" ] || { echo "FAIL writer-$size: missing $t"; fail=1; continue; }
    cp -r "$L" "$TMP/bad"
    python3 -c "
import sys; p = sys.argv[1]; b = bytearray(open(p, 'rb').read()); i = min(40, len(b) - 1); b[i] ^= 1; open(p, 'wb').write(b)
" "$TMP/bad/$t"
    check "writer-$size-flip-$t" 1 $CT log verify "$TMP/bad" --key "$TKEY" --quiet
    rm -rf "$TMP/bad"
  done
  # A bad signature on the checkpoint.
  cp -r "$L" "$TMP/bad"
  python3 - "$TMP/bad/checkpoint" <<'PY'
import base64, sys
p = sys.argv[1]
text, _, sigs = open(p, encoding="utf-8").read().rpartition("\n\n")
lines = sigs.strip("\n").split("\n")  # RFC6962NoteSignature, then Ed25519
dash, name, b64 = lines[-1].split(" ")
raw = bytearray(base64.b64decode(b64))
raw[20] ^= 1  # inside the Ed25519 signature, after the key ID
lines[-1] = " ".join([dash, name, base64.b64encode(bytes(raw)).decode()])
open(p, "w", encoding="utf-8").write(text + "\n\n" + "\n".join(lines) + "\n")
PY
  check "writer-$size-badsig" 1 $CT log verify "$TMP/bad" --key "$TKEY" --quiet
  # The same log under its RFC6962NoteSignature (PEM SPKI key).
  [ $size = 257 ] && check "writer-$size-rfc6962" 0 $CT log checkpoint "$L" --key "$L.pubkey.pem"
  rm -rf "$TMP/bad" "$L" "$L".*
done
# A log of real X.509 entries, and the final certificate of precert entry 4
# with the SCT the writer issued embedded: the log verifies, and `ct cert
# check` verifies the embedded SCT against a log list naming the test log.
X="$TMP/x509log"
check make-x509 0 $MAKE "$X" --entries 300 --x509 --embed-sct-entry 4 --checkpoint-at 100
cp "$TMP/out" "$TMP/make.out"
expect make-x509-cert "^cert_pem_file=$X.cert.pem$"
expect make-x509-issuer "^issuer_pem_file=$X.issuer.pem$"
check x509-verify 0 $CT log verify "$X" --key "$(cat "$X.vkey")" --quiet
expect x509-verify-precerts "^verified 300 entries, .*, 100 precertificates;"
# A flipped byte inside entry 256's pre_certificate (the first entry of data
# tile 1, a precert entry): the Merkle tree does not cover it, so only the
# precertificate check (on by default) fails; --no-check-precerts passes, and
# --check-precerts (the former opt-in) is accepted as a no-op.
cp -r "$X" "$TMP/badpre"
python3 - "$TMP/badpre/tile/data/001.p/44" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
u = lambda i, n: int.from_bytes(b[i:i + n], "big")
assert u(8, 2) == 1, "entry 256 is not a precert entry"
i = 8 + 2 + 32            # timestamp, entry_type, issuer_key_hash
i += 3 + u(i, 3)          # TBSCertificate
i += 2 + u(i, 2)          # extensions
n = u(i, 3)               # pre_certificate
b[i + 3 + n // 2] ^= 1
open(p, "wb").write(b)
PY
check x509-bad-precert 1 $CT log verify "$TMP/badpre" --key "$(cat "$X.vkey")" --quiet
grep -q "entry 256" "$TMP/err" || { echo "FAIL x509-bad-precert message"; cat "$TMP/err"; fail=1; }
check x509-bad-precert-old-flag 1 $CT log verify "$TMP/badpre" --key "$(cat "$X.vkey")" --quiet --check-precerts
check x509-bad-precert-opt-out 0 $CT log verify "$TMP/badpre" --key "$(cat "$X.vkey")" --quiet --no-check-precerts
expect x509-bad-precert-opt-out-line "precertificates not checked"
check x509-bad-precert-both 2 $CT log verify "$TMP/badpre" --key "$(cat "$X.vkey")" --check-precerts --no-check-precerts
# The cursor (--state) applies the same per-entry check as RFC 6962 entries
# get (ct::CheckLogEntry: issuers resolved by fingerprint, precert TBS and
# issuer key hash): it passes the good log and names entry 256 of the bad one.
check x509-state 0 $CT log verify "$X" --key "$X.pubkey.pem" --state "$TMP/x509.state" --quiet
expect x509-state-precerts "^verified 300 entries (300 this run), 100 precertificates;"
check x509-state-bad-precert 1 $CT log verify "$TMP/badpre" --key "$X.pubkey.pem" --state "$TMP/badpre.state" --quiet
grep -q "entry 256" "$TMP/err" || { echo "FAIL x509-state-bad-precert message"; cat "$TMP/err"; fail=1; }
rm -rf "$TMP/badpre"
python3 - "$TMP/make.out" "$X.pubkey.pem" "$TMP/x509-list.json" <<'PY'
import json, sys
kv = dict(l.strip().split("=", 1) for l in open(sys.argv[1]) if "=" in l)
key = "".join(l.strip() for l in open(sys.argv[2]) if not l.startswith("-----"))
log = {"description": "ctcore test log", "log_id": kv["log_id"], "key": key,
       "url": "https://example.com/test2026h1/", "mmd": 60,
       "state": {"usable": {"timestamp": "2025-01-01T00:00:00Z"}}}
json.dump({"version": "1.0", "log_list_timestamp": "2026-01-01T00:00:00Z",
           "operators": [{"name": "ctcore", "email": ["test@example.com"], "logs": [log]}]},
          open(sys.argv[3], "w"))
PY
$CT cert check "$X.cert.pem" --issuer "$X.issuer.pem" --log-list "$TMP/x509-list.json" --at 2026-01-02T00:00:00Z --json >"$TMP/out" 2>"$TMP/err"
[ $? -le 1 ] || { echo "FAIL x509-cert-check: exit not 0/1"; cat "$TMP/out" "$TMP/err"; fail=1; }
expect x509-cert-check-valid '"status": *"valid"'
# The same log as a tiled log of a log list (submission URL -> origin, the
# directory as monitoring URL): checkpoint, consistency from the checkpoint it
# published at size 100, prove (the SCT's leaf_index, hash tiles) and verify
# all go through the list's LogInfo.
python3 - "$TMP/make.out" "$X.pubkey.pem" "$X" "$TMP/tiled-list.json" <<'PY'
import json, sys
kv = dict(l.strip().split("=", 1) for l in open(sys.argv[1]) if "=" in l)
key = "".join(l.strip() for l in open(sys.argv[2]) if not l.startswith("-----"))
log = {"description": "ctcore tiled test log", "log_id": kv["log_id"], "key": key,
       "submission_url": "https://example.com/test2026h1/", "monitoring_url": sys.argv[3],
       "mmd": 60, "state": {"usable": {"timestamp": "2025-01-01T00:00:00Z"}}}
json.dump({"version": "1.0", "log_list_timestamp": "2026-01-01T00:00:00Z",
           "operators": [{"name": "ctcore", "email": ["test@example.com"], "logs": [],
                          "tiled_logs": [log]}]},
          open(sys.argv[4], "w"))
PY
TL=(--log-list "$TMP/tiled-list.json" --log "ctcore tiled test log")
check tiled-list-checkpoint 0 $CT log checkpoint "${TL[@]}" --out "$TMP/tiled-cp"
expect tiled-list-checkpoint-kind "^kind static-ct-api$"
expect tiled-list-checkpoint-size "^tree_size 300$"
check tiled-list-consistency 0 $CT log consistency "${TL[@]}" --from "$X.checkpoint.100"
expect tiled-list-consistency-line "^consistent 100 -> 300$"
expect tiled-list-consistency-proof "^proof "
check tiled-list-consistency-same 0 $CT log consistency "${TL[@]}" --from "$TMP/tiled-cp" --json
expect tiled-list-consistency-json '"consistent":true'
sed '2s/^[0-9]*$/99/' "$X.checkpoint.100" > "$TMP/forged-cp"   # size changed: signature breaks
check tiled-list-consistency-forged 1 $CT log consistency "${TL[@]}" --from "$TMP/forged-cp"
check tiled-list-consistency-garbage 2 $CT log consistency "${TL[@]}" --from "$TMP/make.out"
check tiled-list-prove 0 $CT log prove "${TL[@]}" --cert "$X.cert.pem" --issuer "$X.issuer.pem" --json
expect tiled-list-prove-proven '"proven":true'
expect tiled-list-prove-index '"leaf_index":4'
check tiled-list-verify 0 $CT log verify "${TL[@]}" --state "$TMP/tiled.state" --quiet
expect tiled-list-verify-line "^verified 300 entries (300 this run), 100 precertificates;"
rm -rf "$X" "$X".*
check verify-both 2 $CT log verify "$N" --size 1024 --root $ROOT1024 --key "$VKEY"
check verify-bad-root 2 $CT log verify "$N" --size 1024 --root nothex
check unknown-sub 2 $CT log frobnicate
rm -rf "$TMP"
exit $fail
