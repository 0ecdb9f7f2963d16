"""A do-nothing OTLP/HTTP collector for bench/tracing.sh: answers every POST with 200 and an empty
protobuf body, and counts what it got (requests and bytes) in a line on stdout when it stops."""
import http.server
import signal
import sys

received = {"posts": 0, "bytes": 0}


class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("content-length", 0))
        self.rfile.read(length)
        received["posts"] += 1
        received["bytes"] += length
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def stop(*_):
    print(f"RESULT posts={received['posts']} bytes={received['bytes']}", flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
