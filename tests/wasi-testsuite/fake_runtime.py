#!/usr/bin/env python3
"""A stand-in for `stratus` that runner_checks.py gives run_wasi_testsuite.py, to check the
runner's network operations without WASI 0.3 (the program it is given is not run):

- `serve --addr 127.0.0.1:0 -S cli ... X.wasm` (without those flags it fails): serves HTTP
  there, prints its URL in the first line of stderr as `stratus serve` does, answers GET /
  with 200 `hey` (text/plain), POST with its body, anything else 404; exits 0 on SIGINT.
- `run -S inherit-network ...`: prints `127.0.0.1:PORT` on stdout, accepts one TCP
  connection and echoes what it receives until the peer closes, then exits 0.
- `run --env FETCH=/path ...`: a GET of /path from HTTP_SERVER_MAIN (as --env gives it),
  printing `<status> <body>` and the raw response's framing (`chunked` and each trailer
  line), then whether HTTP_SERVER_DEAD refuses connections (`dead: refused`).
"""

import http.server
import signal
import socket
import sys


def options(argv):
    env, flags, addr = {}, [], None
    i = 0
    while i < len(argv):
        if argv[i] == "--env":
            key, _, value = argv[i + 1].partition("=")
            env[key] = value
            i += 2
        elif argv[i] == "-S":
            flags.append(argv[i + 1])
            i += 2
        elif argv[i] in ("--dir", "--addr"):
            if argv[i] == "--addr":
                addr = argv[i + 1]
            i += 2
        else:
            i += 1
    return env, flags, addr


class Hello(http.server.BaseHTTPRequestHandler):
    def answer(self, status, body, content_type="text/plain"):
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.answer(200 if self.path == "/" else 404, b"hey\n" if self.path == "/" else b"")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        self.answer(200, body, "application/octet-stream")

    def log_message(self, *args):
        pass


def serve(addr):
    host, _, port = addr.rpartition(":")
    server = http.server.HTTPServer((host, int(port)), Hello)
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    print(f"Serving HTTP on http://{host}:{server.server_address[1]}/", file=sys.stderr, flush=True)
    server.serve_forever()


def echo():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    print("%s:%d" % listener.getsockname(), flush=True)
    conn, _ = listener.accept()
    while True:
        data = conn.recv(4096)
        if not data:
            return
        conn.sendall(data)


def fetch(env):
    host, _, port = env["HTTP_SERVER_MAIN"].rpartition(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(f"GET {env['FETCH']} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n".encode())
        raw = b""
        while True:
            data = conn.recv(4096)
            if not data:
                break
            raw += data
    head, _, rest = raw.partition(b"\r\n\r\n")
    status = head.split(b" ")[1].decode()
    if b"transfer-encoding: chunked" in head.lower():
        body, trailers = b"", []
        while True:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line, 16)
            if size == 0:
                trailers = [t.decode() for t in rest.split(b"\r\n") if t]
                break
            body, rest = body + rest[:size], rest[size + 2:]
        print(f"{status} {body.decode()} chunked {' '.join(trailers)}")
    else:
        print(f"{status} {rest.decode()}")
    if "HTTP_SERVER_DEAD" not in env:
        return
    dead_host, _, dead_port = env["HTTP_SERVER_DEAD"].rpartition(":")
    try:
        socket.create_connection((dead_host, int(dead_port)), timeout=5).close()
        print("dead: accepted")
    except ConnectionRefusedError:
        print("dead: refused")


def main():
    env, flags, addr = options(sys.argv[2:])
    if sys.argv[1] == "serve":
        if "cli" not in flags or addr != "127.0.0.1:0":
            print("fake_runtime: serve wants -S cli and --addr 127.0.0.1:0", file=sys.stderr)
            return 2
        serve(addr)
    elif "inherit-network" in flags:
        echo()
    elif "FETCH" in env:
        fetch(env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
