#!/usr/bin/env python3
"""A webhook receiver for the notifier's tests: an SMS gateway or a radio room as the tests play
them. It checks each request's HMAC-SHA256 signature with Python's own hmac module (not the
server's code), records every request as a JSON line, and answers by path:

  /ok      200
  /flaky   500 for the first FLAKY requests of each delivery, then 200
  /down    500 always

Usage: webhook_receiver.py SECRET_FILE LOG_FILE [FLAKY]   (prints "PORT <n>" once listening)
"""
import hashlib
import hmac
import json
import sys
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

secret = open(sys.argv[1], "rb").read().strip()
log_path = sys.argv[2]
flaky = int(sys.argv[3]) if len(sys.argv) > 3 else 2
seen = Counter()


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        timestamp = self.headers.get("x-jirga-timestamp", "")
        delivery = self.headers.get("x-jirga-delivery", "")
        expected = "sha256=" + hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        valid = hmac.compare_digest(expected, self.headers.get("x-jirga-signature", ""))
        seen[(self.path, delivery)] += 1
        if not valid:
            status = 401
        elif self.path == "/ok":
            status = 200
        elif self.path == "/flaky":
            status = 200 if seen[(self.path, delivery)] > flaky else 500
        else:
            status = 500
        record = {"at": time.time(), "path": self.path, "delivery": delivery, "valid": valid, "status": status,
                  "body": json.loads(body or b"null")}
        with open(log_path, "a") as f:
            f.write(json.dumps(record) + "\n")
        self.send_response(status)
        self.send_header("content-type", "text/plain")
        self.end_headers()
        self.wfile.write(b"ok" if status == 200 else b"the gateway is down")

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
print(f"PORT {server.server_address[1]}", flush=True)
server.serve_forever()
