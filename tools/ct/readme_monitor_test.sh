#!/usr/bin/env bash
# The README's first command: `ct monitor` on the bundled sample log with the
# bundled watch file. Expected alerts from testdata/monitor/README.md (the
# table written from the generator's spec): 7 expected, 2 unexpected, the
# precertificate/final pair as one alert with two sightings, no lookalike.
set -u
CT=tools/ct/ct
S=testdata/monitor
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
fail=0
"$CT" monitor --watch-file $S/sample.watch --log $S/sample-log --key $S/sample-log.pubkey.pem \
  --backfill --state "$dir/monitor.db" >"$dir/out" 2>"$dir/err"
code=$?
[ "$code" = 1 ] || { echo "FAIL: exit $code, want 1 (unexpected found)"; cat "$dir/err"; fail=1; }
want_lines() {  # want_lines PATTERN COUNT
  local n; n=$(grep -c -- "$1" "$dir/out")
  [ "$n" = "$2" ] || { echo "FAIL: $n lines matching '$1', want $2"; cat "$dir/out"; fail=1; }
}
want_lines '' 9
want_lines '^EXPECTED ' 7
want_lines '^UNEXPECTED ' 2
want_lines '^UNEXPECTED login.example.com (issuer_not_expected) issuer="Rogue CA Inc"' 1
want_lines '^UNEXPECTED old.example.com (lifetime_exceeds_max)' 1
want_lines 'xn--bcher-kva.example.com' 1
want_lines '192.0.2.7' 1
want_lines 'shop.example.com' 1
want_lines 'evil.test\|notexample.com\|example.co ' 0
grep -q "9 events delivered (2 unexpected" "$dir/err" || { echo "FAIL: summary"; cat "$dir/err"; fail=1; }

# Dedup: the precertificate (1650) and its final certificate (2350) are one
# certificate with two sightings.
"$CT" monitor report --state "$dir/monitor.db" --json >"$dir/report" 2>"$dir/err" || fail=1
python3 - "$dir/report" <<'PY' || fail=1
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 9, len(rows)
shop = [r for r in rows if "shop.example.com" in r.get("names", [])]
assert len(shop) == 1, shop
assert sorted(s["index"] for s in shop[0]["sightings"]) == [1650, 2350], shop[0]["sightings"]
PY

# A second run reports nothing new and exits 0.
"$CT" monitor --watch-file $S/sample.watch --log $S/sample-log --key $S/sample-log.pubkey.pem \
  --state "$dir/monitor.db" >"$dir/out2" 2>"$dir/err"
code=$?
[ "$code" = 0 ] && [ ! -s "$dir/out2" ] || { echo "FAIL: second run exit $code"; cat "$dir/out2" "$dir/err"; fail=1; }
[ "$fail" = 0 ] && echo PASS
exit $fail
