#!/usr/bin/env python3
"""Test-only HTTP server for log_source_test: serves the files of ROOT on
127.0.0.1 (an ephemeral port) with Python's http.server, and writes the port
to PORT_FILE once it listens.

Usage: log_source_test_server.py ROOT PORT_FILE
"""
import functools
import http.server
import os
import sys

ROOT = sys.argv[1]
PORT_FILE = sys.argv[2]


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(
    ("127.0.0.1", 0), functools.partial(Handler, directory=ROOT))
tmp = PORT_FILE + ".tmp"
with open(tmp, "w") as f:
    f.write(str(server.server_address[1]))
os.rename(tmp, PORT_FILE)  # the test never reads a partly written port
server.serve_forever()
