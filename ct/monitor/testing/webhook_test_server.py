#!/usr/bin/env python3
"""Test-only webhook receiver for deliver_test, on 127.0.0.1.

POST /MODE[/N]/... answers by MODE:
  ok        200, body recorded
  fail500   the first N POSTs to this path get 500, later ones are recorded
  fail429   the first N POSTs to this path get 429 with "Retry-After: 1"
  down      always 503 with "Retry-After: 3600"
  reject    always 404 (a permanent failure)
GET /_bodies/PATH returns the recorded bodies of POST /PATH (a JSON list of
strings, in arrival order); GET /_counts returns POSTs per path.

Usage: webhook_test_server.py PORT_FILE
"""
import json
import os
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "testing"))
import loopback_http  # noqa: E402  (ct/testing/loopback_http.py)

PORT_FILE = sys.argv[1]
LOCK = threading.Lock()
COUNTS = {}
BODIES = {}


class Handler(loopback_http.Handler):
    def do_GET(self):
        path = self.path.lstrip("/")
        with LOCK:
            if path == "_counts":
                body = json.dumps(COUNTS)
            elif path.startswith("_bodies/"):
                body = json.dumps(BODIES.get(path[len("_bodies/"):], []))
            else:
                return self.send(404)
        return self.send(200, body.encode(), [("Content-Type", "application/json")])

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        path = self.path.lstrip("/")
        parts = path.split("/")
        mode = parts[0]
        limit = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
        with LOCK:
            n = COUNTS[path] = COUNTS.get(path, 0) + 1
        if self.headers.get("Content-Type") != "application/json":
            return self.send(415, b"want application/json")
        if mode == "fail500" and n <= limit:
            return self.send(500, b"oops")
        if mode == "fail429" and n <= limit:
            return self.send(429, b"slow down", [("Retry-After", "1")])
        if mode == "down":
            return self.send(503, b"down", [("Retry-After", "3600")])
        if mode == "reject":
            return self.send(404, b"no_service")
        if mode not in ("ok", "fail500", "fail429"):
            return self.send(400, b"unknown mode")
        with LOCK:
            BODIES.setdefault(path, []).append(body.decode("utf-8"))
        return self.send(200, b"ok")


def main():
    loopback_http.serve(Handler, PORT_FILE)


if __name__ == "__main__":
    main()
