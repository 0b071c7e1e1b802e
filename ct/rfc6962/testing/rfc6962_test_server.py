#!/usr/bin/env python3
"""Test-only RFC 6962 log server for ct/rfc6962 tests: serves the RFC 6962 §4
HTTP JSON API on 127.0.0.1 from files a test wrote, and injects faults chosen
by the first path element (the "mode"), e.g. GET /cap31/ct/v1/get-entries?...

DATA_DIR holds:
  entries.json        {"entries": [{"leaf_input", "extra_data"}...]}: the tree
  roots.json          the get-roots body
  sth/<name>.json     get-sth bodies ("good", "badsig", "fork", "shrunk",
                      "future", "small", "forkbig")
  config.json         {"tamper_index": i, "badchain_index": j, "badchain_from": k}

Modes (requests are counted per mode+path; "first" means count == 1):
  plain        the log as it is
  cap31 cap256 get-entries answers at most N entries, truncated at multiples
               of N (end' = min(end, (start // N + 1) * N - 1))
  flaky429     first request of each path: 429 with Retry-After: 1
  flaky500     first two requests of each path: 500 with an HTML body
  html200      first request of each path: 200 with an HTML body
  empty200     first request of each path: 200 with an empty body
  more         get-entries returns one entry more than asked (if it exists)
  zero         get-entries always returns {"entries": []}
  truncate     first request of each path: body cut in half, connection closed
  stall        first request of each path: half the body, then 5 s of silence
  badsig       get-sth serves sth/badsig.json
  fork         get-sth: sth/good.json, then sth/fork.json (same size, other root)
  shrink       get-sth: sth/good.json, then sth/shrunk.json
  future       get-sth serves sth/future.json
  forkbig      get-sth: sth/small.json, then sth/forkbig.json (bigger, not a
               continuation: consistency proofs cannot verify)
  grow         get-sth: sth/small.json until the file DATA_DIR/grown exists
               (a test creates it to make the log grow), then sth/good.json
  tamper       entry tamper_index has one leaf_input byte flipped
  badchain     entry badchain_index carries entry badchain_from's extra_data
  redirect     every request: 302 to the same path under /plain/
GET /_stats returns {"counts": {"mode/path?query": n, "mode:MODE": n}} as JSON
(the second form counts every request of a mode).

Usage: rfc6962_test_server.py DATA_DIR PORT_FILE
"""
import base64
import hashlib
import json
import os
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "testing"))
import loopback_http  # noqa: E402  (ct/testing/loopback_http.py)

DATA = sys.argv[1]
PORT_FILE = sys.argv[2]
LOCK = threading.Lock()
COUNTS = {}


def load(name):
    with open(os.path.join(DATA, name), "rb") as f:
        return f.read()


ENTRIES = json.loads(load("entries.json"))["entries"]
CONFIG = json.loads(load("config.json")) if os.path.exists(os.path.join(DATA, "config.json")) else {}
LEAF_HASHES = [hashlib.sha256(b"\x00" + base64.b64decode(e["leaf_input"])).digest()
               for e in ENTRIES]
MTH_CACHE = {}


def mth(lo, hi):
    """RFC 6962 §2.1 MTH of leaves [lo, hi)."""
    key = (lo, hi)
    if key in MTH_CACHE:
        return MTH_CACHE[key]
    n = hi - lo
    if n == 0:
        h = hashlib.sha256(b"").digest()
    elif n == 1:
        h = LEAF_HASHES[lo]
    else:
        k = 1
        while k * 2 < n:
            k *= 2
        h = hashlib.sha256(b"\x01" + mth(lo, lo + k) + mth(lo + k, hi)).digest()
    MTH_CACHE[key] = h
    return h


def path(m, lo, hi):
    """RFC 6962 §2.1.1 PATH(m, D[lo:hi])."""
    n = hi - lo
    if n <= 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return path(m, lo, lo + k) + [mth(lo + k, hi)]
    return path(m - k, lo + k, hi) + [mth(lo, lo + k)]


def subproof(m, lo, hi, b):
    """RFC 6962 §2.1.2 SUBPROOF(m, D[lo:hi], b)."""
    n = hi - lo
    if m == n:
        return [] if b else [mth(lo, hi)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return subproof(m, lo, lo + k, b) + [mth(lo + k, hi)]
    return subproof(m - k, lo + k, hi, False) + [mth(lo, lo + k)]


def b64(h):
    return base64.b64encode(h).decode()


# Each entry pre-encoded once: a get-entries body is a join, not a json.dumps
# of hundreds of dicts (the server must not be what benchmarks measure).
ENCODED = [json.dumps(e, separators=(",", ":")).encode() for e in ENTRIES]
RENDERED = {}  # (start, end) -> the whole HTTP response of a plain get-entries


class Handler(loopback_http.Handler):
    # One buffered write per response (flushed by handle_one_request) and no
    # Nagle delay: headers and body in separate small writes would otherwise
    # wait for the client's delayed ACK (~40 ms per keep-alive request).
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def send_json(self, obj, mode, n):
        body = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
        if mode in ("truncate", "stall") and n == 1:
            # Half the body of a full Content-Length; "stall" then goes silent.
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            if mode == "stall":
                time.sleep(5)
            self.close_connection = True
            return
        self.send(200, body, [("Content-Type", "application/json")])

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        p = url.path.lstrip("/")
        if p == "_stats":
            with LOCK:
                body = json.dumps({"counts": COUNTS}).encode()
            return self.send(200, body)
        mode, _, rest = p.partition("/")
        key = mode + "/" + rest + ("?" + url.query if url.query else "")
        with LOCK:
            n = COUNTS[key] = COUNTS.get(key, 0) + 1
            COUNTS["mode:" + mode] = COUNTS.get("mode:" + mode, 0) + 1
            sth_n = COUNTS[mode + "/sth"] = COUNTS.get(mode + "/sth", 0) + (rest == "ct/v1/get-sth")
        q = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        if mode == "redirect":
            return self.send(302, b"", [("Location", "/plain/" + rest + "?" + url.query)])
        if mode == "flaky429" and n == 1:
            return self.send(429, b"slow down", [("Retry-After", "1")])
        if mode == "flaky500" and n <= 2:
            return self.send(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>",
                             [("Content-Type", "text/html")])
        if mode == "html200" and n == 1:
            return self.send(200, b"<!DOCTYPE html><html><body>maintenance</body></html>",
                             [("Content-Type", "text/html")])
        if mode == "empty200" and n == 1:
            return self.send(200, b"")
        try:
            if rest == "ct/v1/get-sth":
                name = "good"
                if mode in ("badsig", "future"):
                    name = mode
                elif mode in ("fork", "shrink"):
                    name = "good" if sth_n == 1 else {"fork": "fork", "shrink": "shrunk"}[mode]
                elif mode == "forkbig":
                    name = "small" if sth_n == 1 else "forkbig"
                elif mode == "grow":
                    name = "good" if os.path.exists(os.path.join(DATA, "grown")) else "small"
                return self.send_json(load("sth/%s.json" % name), mode, n)
            if rest == "ct/v1/get-roots":
                return self.send_json(load("roots.json"), mode, n)
            if rest == "ct/v1/get-entries":
                start, end = int(q["start"]), int(q["end"])
                if start < 0 or start > end or start >= len(ENTRIES):
                    return self.send(400, b"bad range")
                end = min(end, len(ENTRIES) - 1)
                for cap in (31, 256):
                    if mode == "cap%d" % cap:
                        end = min(end, (start // cap + 1) * cap - 1)
                if mode == "more":
                    end = min(end + 1, len(ENTRIES) - 1)
                if mode in ("plain", "cap31", "cap256"):
                    # Whole responses are rendered once per range and then
                    # written as they are (the benchmark reads the log again
                    # and again: the server must cost it as little as possible).
                    with LOCK:
                        rendered = RENDERED.get((start, end))
                    if rendered is None:
                        body = b'{"entries":[' + b",".join(ENCODED[start:end + 1]) + b"]}"
                        rendered = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                    b"Content-Length: %d\r\n\r\n" % len(body)) + body
                        with LOCK:
                            if len(RENDERED) < 4096:
                                RENDERED[(start, end)] = rendered
                    self.wfile.write(rendered)
                    return None
                out = [dict(e) for e in ENTRIES[start:end + 1]]
                if mode == "zero":
                    out = []
                for i, e in zip(range(start, end + 1), out):
                    if mode == "tamper" and i == CONFIG.get("tamper_index"):
                        raw = bytearray(base64.b64decode(e["leaf_input"]))
                        raw[len(raw) // 2] ^= 1
                        e["leaf_input"] = b64(bytes(raw))
                    if mode == "badchain" and i == CONFIG.get("badchain_index"):
                        e["extra_data"] = ENTRIES[CONFIG["badchain_from"]]["extra_data"]
                return self.send_json({"entries": out}, mode, n)
            if rest == "ct/v1/get-sth-consistency":
                first, second = int(q["first"]), int(q["second"])
                if not 0 < first <= second <= len(ENTRIES):
                    return self.send(400, b"bad sizes")
                return self.send_json({"consistency": [b64(h) for h in
                                                       subproof(first, 0, second, True)]}, mode, n)
            if rest == "ct/v1/get-proof-by-hash":
                h = base64.b64decode(q["hash"])
                size = int(q["tree_size"])
                if not 0 < size <= len(ENTRIES):
                    return self.send(400, b"bad tree_size")
                try:
                    idx = LEAF_HASHES.index(h, 0, size)
                except ValueError:
                    return self.send(404, b"hash not found")
                return self.send_json({"leaf_index": idx,
                                       "audit_path": [b64(x) for x in path(idx, 0, size)]}, mode, n)
            if rest == "ct/v1/get-entry-and-proof":
                idx, size = int(q["leaf_index"]), int(q["tree_size"])
                if not 0 <= idx < size <= len(ENTRIES):
                    return self.send(400, b"bad index")
                e = ENTRIES[idx]
                return self.send_json({"leaf_input": e["leaf_input"], "extra_data": e["extra_data"],
                                       "audit_path": [b64(x) for x in path(idx, 0, size)]}, mode, n)
        except (KeyError, ValueError):
            return self.send(400, b"bad request")
        return self.send(404, b"not found")


def main():
    loopback_http.serve(Handler, PORT_FILE)


if __name__ == "__main__":
    main()
