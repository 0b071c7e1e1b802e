#!/usr/bin/env python3
"""Test-only pieces shared by the loopback HTTP servers of the tests (run by
ct/testing/loopback_server.h): a quiet HTTP/1.1 handler base with send(), and
serve(), which listens on 127.0.0.1 (an ephemeral port) and writes the port to
PORT_FILE once it listens.

A server script imports it after putting the runfiles' ct/testing directory
on sys.path, found from os.path.abspath(__file__) (not realpath: the runfiles
tree holds this file beside the script's symlink, not beside its source), e.g.
from ct/tiles: os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testing").
The test's target must have //ct/testing:loopback_server (which carries this
file) in its deps.

Run as a script it serves the files of ROOT (Python's http.server; a query is
ignored). Usage: loopback_http.py ROOT PORT_FILE
"""
import functools
import http.server
import os
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    """A handler that logs nothing and sends whole responses with send()."""
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, body=b"", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Python's static file handler, logging nothing."""

    def log_message(self, *args):
        pass


def serve(handler, port_file):
    """Serves `handler` on 127.0.0.1 until killed; the port goes to port_file."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, port_file)  # the test never reads a partly written port
    server.serve_forever()


if __name__ == "__main__":
    serve(functools.partial(StaticHandler, directory=sys.argv[1]), sys.argv[2])
