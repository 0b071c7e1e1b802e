#!/usr/bin/env bash
# End-to-end checks of every `ct merkle` subcommand and exit code on the
# bundled reference tree (expected values from testdata/merkle: the 8-leaf
# tree of transparency-dev/merkle and the C++ known-answer proofs) and the
# real Argon2025h1 consistency proof.
set -u
CT=tools/ct/ct
LEAVES=testdata/merkle/reference-leaf-hashes.txt
fail=0
out=$(mktemp); err=$(mktemp); tmp=$(mktemp)
trap 'rm -f "$out" "$err" "$tmp"' EXIT
check() {  # check NAME WANT_EXIT CMD...
  local name=$1 want=$2; shift 2
  "$@" >"$out" 2>"$err"
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL $name: exit $got, want $want"; cat "$out" "$err"; fail=1
  fi
  if [ "$want" = 2 ] && [ "$(wc -l <"$err")" != 1 ]; then
    echo "FAIL $name: want a one-line error on stderr"; cat "$err"; fail=1
  fi
}
expect() {  # expect NAME PATTERN: stdout of the last check matches PATTERN
  grep -qE -- "$2" "$out" || { echo "FAIL $1: no match for $2"; cat "$out"; fail=1; }
}

# --- root ---
want_root=5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328
check root 0 $CT merkle root $LEAVES
expect root "^root $want_root$"
expect root-size "^tree_size 8$"
check root-json 0 $CT merkle root --json $LEAVES
expect root-json "\"root_hex\":\"$want_root\""
# --data: one hex entry per line; the empty first line is the empty entry.
printf '\n00\n10\n2021\n3031\n40414243\n5051525354555657\n606162636465666768696a6b6c6d6e6f\n' >"$tmp"
check root-data 0 $CT merkle root --data "$tmp"
expect root-data "^root $want_root$"
# Size 1: just the empty entry (root 6e340b9c... = SHA-256(0x00)).
check root-data-empty-entry 0 sh -c "printf '\n' | $CT merkle root --data"
expect root-data-empty-entry "^root 6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d$"
check root-empty 0 $CT merkle root /dev/null
expect root-empty "^root e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855$"
check root-bad-hash 2 sh -c "echo nothex | $CT merkle root"
check root-bad-data 2 sh -c "echo 0g | $CT merkle root --data"
check root-missing-file 2 $CT merkle root /nonexistent/file
check unknown-sub 2 $CT merkle frobnicate
check unknown-flag 2 $CT merkle root --frob
check help 0 $CT merkle --help

# --- verify-inclusion (C++ KAT: leaf 6 (1-based) = index 5 of 8) ---
leaf5=4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658
path5=bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b,ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0,d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7
other=96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7
check vi-ok 0 $CT merkle verify-inclusion --leaf-hash $leaf5 --index 5 --size 8 --root $want_root --proof $path5
expect vi-ok "^verified$"
check vi-json 0 $CT merkle verify-inclusion --json --leaf-hash $leaf5 --index 5 --size 8 --root $want_root --proof $path5
expect vi-json '"verified":true'
# base64 spelling of the same root: XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=
check vi-base64 0 $CT merkle verify-inclusion --leaf-hash $leaf5 --index 5 --size 8 --root XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= --proof $path5
check vi-wrong-leaf 1 $CT merkle verify-inclusion --leaf-hash $other --index 5 --size 8 --root $want_root --proof $path5
expect vi-wrong-leaf "^does not verify: root mismatch"
check vi-wrong-leaf-json 1 $CT merkle verify-inclusion --json --leaf-hash $other --index 5 --size 8 --root $want_root --proof $path5
expect vi-wrong-leaf-json '"verified":false'
check vi-wrong-index 1 $CT merkle verify-inclusion --leaf-hash $leaf5 --index 4 --size 8 --root $want_root --proof $path5
check vi-short-proof 2 $CT merkle verify-inclusion --leaf-hash $leaf5 --index 5 --size 8 --root $want_root --proof ${path5%,*}
check vi-long-proof 2 $CT merkle verify-inclusion --leaf-hash $leaf5 --index 5 --size 8 --root $want_root --proof $path5,$other
check vi-index-past-size 2 $CT merkle verify-inclusion --leaf-hash $leaf5 --index 8 --size 8 --root $want_root --proof $path5
check vi-bad-hash 2 $CT merkle verify-inclusion --leaf-hash abcd --index 5 --size 8 --root $want_root --proof $path5
check vi-bad-proof-item 2 $CT merkle verify-inclusion --leaf-hash $leaf5 --index 5 --size 8 --root $want_root --proof $other,zz
check vi-bad-number 2 $CT merkle verify-inclusion --leaf-hash $leaf5 --index -5 --size 8 --root $want_root --proof $path5
check vi-missing-root 2 $CT merkle verify-inclusion --leaf-hash $leaf5 --index 5 --size 8 --proof $path5
# Tree size 1: empty path, leaf hash = root.
l0=6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d
check vi-size1 0 $CT merkle verify-inclusion --leaf-hash $l0 --index 0 --size 1 --root $l0 --proof ""

# --- verify-consistency (C++ KAT 6 -> 8) ---
root6=76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef
proof68=0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a,ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0,d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7
check vc-ok 0 $CT merkle verify-consistency --size1 6 --size2 8 --root1 $root6 --root2 $want_root --proof $proof68
expect vc-ok "^verified$"
check vc-json 0 $CT merkle verify-consistency --json --size1 6 --size2 8 --root1 $root6 --root2 $want_root --proof $proof68
expect vc-json '"verified":true'
check vc-swapped-roots 1 $CT merkle verify-consistency --size1 6 --size2 8 --root1 $want_root --root2 $root6 --proof $proof68
check vc-swapped-json 1 $CT merkle verify-consistency --json --size1 6 --size2 8 --root1 $want_root --root2 $root6 --proof $proof68
expect vc-swapped-json '"verified":false'
check vc-size1-zero 2 $CT merkle verify-consistency --size1 0 --size2 8 --root1 $root6 --root2 $want_root --proof ""
check vc-size1-gt-size2 2 $CT merkle verify-consistency --size1 9 --size2 8 --root1 $root6 --root2 $want_root --proof $proof68
check vc-wrong-length 2 $CT merkle verify-consistency --size1 6 --size2 8 --root1 $root6 --root2 $want_root --proof ${proof68%,*}
check vc-equal-sizes 0 $CT merkle verify-consistency --size1 8 --size2 8 --root1 $want_root --root2 $want_root --proof ""
check vc-equal-sizes-proof 2 $CT merkle verify-consistency --size1 8 --size2 8 --root1 $want_root --root2 $want_root --proof $other
check vc-missing-proof 2 $CT merkle verify-consistency --size1 6 --size2 8 --root1 $root6 --root2 $want_root
# The real Argon2025h1 proof (base64 hashes, as the log serves them).
A=testdata/merkle/argon2025h1-consistency
aproof=$(tr -d ' \n' <$A/get-sth-consistency-response-1425614114-1425633154.json | sed -e 's/.*\[//' -e 's/\].*//' -e 's/"//g')
aroot1=$(sed -n 's/.*"sha256_root_hash": *"\([^"]*\)".*/\1/p' $A/get-sth-response-1425614114.json)
aroot2=$(sed -n 's/.*"sha256_root_hash": *"\([^"]*\)".*/\1/p' $A/get-sth-response-1425633154.json)
check vc-argon 0 $CT merkle verify-consistency --size1 1425614114 --size2 1425633154 --root1 "$aroot1" --root2 "$aroot2" --proof "$aproof"
check vc-argon-swapped 1 $CT merkle verify-consistency --size1 1425614114 --size2 1425633154 --root1 "$aroot2" --root2 "$aroot1" --proof "$aproof"

# --- prove-inclusion / prove-consistency ---
check pi 0 $CT merkle prove-inclusion $LEAVES --index 5
expect pi "^proof $path5$"
expect pi-root "^root $want_root$"
expect pi-leaf "^leaf_hash $leaf5$"
check pi-json 0 $CT merkle prove-inclusion --json $LEAVES --index 5 --size 8
expect pi-json "\"proof\":\\[\"bc1a0643"
# C++ KAT: leaf 3 (1-based) of size 3.
check pi-size3 0 $CT merkle prove-inclusion $LEAVES --index 2 --size 3
expect pi-size3 "^proof fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125$"
check pi-stdin 0 sh -c "$CT merkle prove-inclusion --index 0 --size 1 <$LEAVES"
expect pi-stdin "^proof $"
check pi-index-past-size 2 $CT merkle prove-inclusion $LEAVES --index 8
check pi-size-past-file 2 $CT merkle prove-inclusion $LEAVES --index 0 --size 9
check pi-missing-index 2 $CT merkle prove-inclusion $LEAVES
check pc 0 $CT merkle prove-consistency $LEAVES --size1 6
expect pc "^proof $proof68$"
expect pc-root1 "^root1 $root6$"
check pc-json 0 $CT merkle prove-consistency --json $LEAVES --size1 2 --size2 5
expect pc-json '"proof":\["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e","bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"\]'
check pc-size1-zero 2 $CT merkle prove-consistency $LEAVES --size1 0
check pc-size1-gt-size2 2 $CT merkle prove-consistency $LEAVES --size1 6 --size2 5
check pc-size2-past-file 2 $CT merkle prove-consistency $LEAVES --size1 6 --size2 9
# Round trip: every generated proof verifies.
for size in 1 2 3 5 7 8; do
  for ((i = 0; i < size; i++)); do
    $CT merkle prove-inclusion $LEAVES --index $i --size $size >"$tmp" || fail=1
    r=$(sed -n 's/^root //p' "$tmp"); p=$(sed -n 's/^proof //p' "$tmp"); l=$(sed -n 's/^leaf_hash //p' "$tmp")
    check "roundtrip-incl-$i-$size" 0 $CT merkle verify-inclusion --leaf-hash $l --index $i --size $size --root $r --proof "$p"
    m=$((i + 1))
    $CT merkle prove-consistency $LEAVES --size1 $m --size2 $size >"$tmp" || fail=1
    r1=$(sed -n 's/^root1 //p' "$tmp"); r2=$(sed -n 's/^root2 //p' "$tmp"); p=$(sed -n 's/^proof //p' "$tmp")
    check "roundtrip-cons-$m-$size" 0 $CT merkle verify-consistency --size1 $m --size2 $size --root1 $r1 --root2 $r2 --proof "$p"
  done
done
[ "$fail" = 0 ] && echo "all ct merkle CLI checks passed"
exit $fail
