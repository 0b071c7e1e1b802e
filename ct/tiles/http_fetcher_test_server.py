#!/usr/bin/env python3
"""Test-only HTTP server for http_fetcher_test: serves files from a directory
on 127.0.0.1 and injects faults chosen by the first path element (the
"mode"): plain, gzip, nopartial, flaky429, flaky503date, flaky500, always500, truncate,
alwaystruncate, slow, delay (each response waits DELAY_SECONDS; the server
records the most requests it had in flight at once), redirect (302 to the same
path under /plain/), echo (the request target as the body). POST requests
are answered with a JSON echo of their path, Content-Type and body (modes
redirect and always500 fail them instead). A query is counted
with its path and ignored when serving files. GET /_stats returns request
counts (and max_in_flight) as JSON.

Usage: http_fetcher_test_server.py ROOT PORT_FILE
"""
import email.utils
import gzip
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testing"))
import loopback_http  # noqa: E402  (ct/testing/loopback_http.py)

ROOT = sys.argv[1]
PORT_FILE = sys.argv[2]
LOCK = threading.Lock()
COUNTS = {}
CONNECTIONS = set()
ACCEPT = {}
IN_FLIGHT = 0
MAX_IN_FLIGHT = 0
DELAY_SECONDS = 1.0


class Handler(loopback_http.Handler):
    def do_GET(self):
        global IN_FLIGHT, MAX_IN_FLIGHT
        with LOCK:
            CONNECTIONS.add(self.client_address)
        path = self.path.lstrip("/")
        if path == "_stats":
            with LOCK:
                body = json.dumps({"counts": COUNTS, "connections": len(CONNECTIONS),
                                   "accept": ACCEPT,
                                   "max_in_flight": MAX_IN_FLIGHT}).encode()
            return self.send(200, body, [("Content-Type", "application/json")])
        mode, _, rest = path.partition("/")
        rest = rest.partition("?")[0]
        with LOCK:
            n = COUNTS[path] = COUNTS.get(path, 0) + 1
            ACCEPT[path] = self.headers.get("Accept-Encoding", "")
        fpath = os.path.join(ROOT, rest)
        if ".." in rest.split("/"):
            return self.send(400)
        if mode == "redirect":
            return self.send(302, b"moved", [("Location", "/plain/" + rest)])
        if mode == "echo":
            return self.send(200, self.path.encode())
        if mode == "nopartial" and ".p/" in rest:
            return self.send(404, b"not found")
        if mode == "flaky429" and n == 1:
            return self.send(429, b"slow down", [("Retry-After", "1")])
        if mode == "flaky503date" and n == 1:
            when = email.utils.formatdate(time.time() + 2, usegmt=True)
            return self.send(503, b"later", [("Retry-After", when)])
        if mode == "flaky500" and n <= 2:
            return self.send(500, b"oops")
        if mode == "always500":
            return self.send(503, b"down")
        if mode == "slow":
            time.sleep(3)
        if mode == "delay":
            with LOCK:
                IN_FLIGHT += 1
                MAX_IN_FLIGHT = max(MAX_IN_FLIGHT, IN_FLIGHT)
            time.sleep(DELAY_SECONDS)
            with LOCK:
                IN_FLIGHT -= 1
        if not os.path.isfile(fpath):
            return self.send(404, b"not found")
        with open(fpath, "rb") as f:
            data = f.read()
        if mode in ("truncate", "alwaystruncate") and (n == 1 or mode == "alwaystruncate"):
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if mode == "gzip":
            # Sent whether or not the client asked for it (static-ct-api allows it).
            return self.send(200, gzip.compress(data), [("Content-Encoding", "gzip")])
        return self.send(200, data, [("Content-Type", "application/octet-stream")])

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        mode = self.path.lstrip("/").partition("/")[0]
        if mode == "redirect":
            return self.send(302, b"moved", [("Location", "/echo/")])
        if mode == "always500":
            return self.send(503, b"down", [("Retry-After", "7")])
        reply = json.dumps({"method": "POST", "path": self.path,
                            "content_type": self.headers.get("Content-Type", ""),
                            "body_hex": body.hex()}).encode()
        return self.send(200, reply, [("Content-Type", "application/json")])


def main():
    loopback_http.serve(Handler, PORT_FILE)


if __name__ == "__main__":
    main()
