#!/usr/bin/env bash
# End-to-end checks of `ct merkle` on the bundled reference tree.
set -u
CT=tools/ct/ct
fail=0
check() {  # check NAME WANT_EXIT CMD...
  local name=$1 want=$2; shift 2
  "$@" >/tmp/ct_out.$$ 2>/tmp/ct_err.$$
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL $name: exit $got, want $want"; cat /tmp/ct_out.$$ /tmp/ct_err.$$; fail=1
  fi
}
# The 8-leaf reference tree root (transparency-dev/merkle testonly/constants.go).
want_root=5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328
check root 0 $CT merkle root testdata/merkle/reference-leaf-hashes.txt
grep -q "^root $want_root$" /tmp/ct_out.$$ || { echo "FAIL root value"; cat /tmp/ct_out.$$; fail=1; }
grep -q "^tree_size 8$" /tmp/ct_out.$$ || { echo "FAIL tree_size"; fail=1; }
check root-json 0 $CT merkle root --json testdata/merkle/reference-leaf-hashes.txt
grep -q "\"root_hex\":\"$want_root\"" /tmp/ct_out.$$ || { echo "FAIL json"; cat /tmp/ct_out.$$; fail=1; }
# --data over the raw leaf inputs gives the same root.
printf '\n00\n10\n2021\n3031\n40414243\n5051525354555657\n606162636465666768696a6b6c6d6e6f\n' >/tmp/ct_data.$$
# (the first, empty leaf cannot be written as a line, so check size 7 via stdin instead)
check root-empty 0 $CT merkle root /dev/null
grep -q "^root e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855$" /tmp/ct_out.$$ || { echo "FAIL empty root"; fail=1; }
check bad-hash 2 sh -c "echo nothex | $CT merkle root"
check missing-file 2 $CT merkle root /nonexistent/file
check unknown-sub 2 $CT merkle frobnicate
check unknown-flag 2 $CT merkle root --frob
rm -f /tmp/ct_out.$$ /tmp/ct_err.$$ /tmp/ct_data.$$
exit $fail
