#!/usr/bin/env python3
"""`stratus serve` end to end on loopback with the handlers that
tests/unit/wasi/http/build_handlers.py builds. The componentize-js hello: the URL first on
stderr, keep-alive, a fresh instance per request (counted at /metrics on the admin address), a
smuggling-shaped request answered 400 by the server, exit 0 on SIGTERM; with a handler that
never answers, 504 at --max-execution-time while requests beside it are answered. The minimal C
hello answers as the native hello of bench/serve does; the C faults handler's trap (500),
endless loop (504 at --max-execution-time) and growth to --max-linear-memory (500) each fail
their own request while the server goes on answering the others. With --wasi-testsuite, a
wasi:http/service 0.3 request waiting on an upstream that never answers gets 504. Exit 0 = pass, 1 = fail,
77 = skipped (the handlers cannot be built here)."""

import argparse
import http.client
import os
import re
import signal
import socket
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD_HANDLERS = os.path.join(HERE, "..", "unit", "wasi", "http", "build_handlers.py")


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def url_port(line, what):
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        fail(f"{what}: expected a URL on stderr, got {line!r}")
    return int(m.group(1))


def check_stuck_request(stratus, spin):
    """A request that never answers is ended by --max-execution-time with 504, and requests
    beside it are answered meanwhile (no head-of-line blocking)."""
    server = subprocess.Popen([stratus, "serve", "--quiet", "--addr", "127.0.0.1:0", "--workers", "2",
                               "--max-execution-time", "1s", spin], stderr=subprocess.PIPE, text=True)
    try:
        port = url_port(server.stderr.readline(), "first stderr line")
        stuck = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        stuck.request("GET", "/spin")
        beside = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for i in range(3):
            beside.request("GET", f"/ok/{i}")
            r = beside.getresponse()
            if r.status != 200 or r.read() != b"ok\n":
                fail(f"GET /ok/{i} beside a stuck request: {r.status}")
        r = stuck.getresponse()
        r.read()
        if r.status != 504:
            fail(f"GET /spin past --max-execution-time: expected 504, got {r.status}")
        server.send_signal(signal.SIGTERM)
        if server.wait(timeout=30) != 0:
            fail("exit status after SIGTERM was not 0")
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def check_service_waiting_on_silent_upstream(stratus, client):
    """A wasi:http/service 0.3 request whose task waits on an upstream that never answers (the
    suite's http-client, sending to a socket that accepts and stays silent) is ended at
    --max-execution-time with 504, and the server then answers again."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)
    upstream = "127.0.0.1:%d" % silent.getsockname()[1]
    server, port = start_server(stratus, client, "--max-execution-time", "1s", "-S", "cli",
                                "--env", "HTTP_SERVER_MAIN=" + upstream)
    try:
        for i in range(2):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            r, _ = get(conn, f"/stalled/{i}")
            if r.status != 504:
                fail(f"0.3 service waiting on a silent upstream, GET /stalled/{i}: expected 504, got {r.status}")
            conn.close()
        stop_server(server)
    finally:
        silent.close()
        if server.poll() is None:
            server.kill()
            server.wait()


def start_server(stratus, component, *flags):
    """A `stratus serve` on a free loopback port and that port."""
    server = subprocess.Popen([stratus, "serve", "--quiet", "--addr", "127.0.0.1:0", "--workers", "2", *flags,
                               component], stderr=subprocess.PIPE, text=True)
    try:
        return server, url_port(server.stderr.readline(), "first stderr line")
    except BaseException:
        server.kill()
        server.wait()
        raise


def stop_server(server):
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            status = server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            fail("the server did not exit within 30 s of SIGTERM")
        if status != 0:
            fail(f"exit status {status} after SIGTERM")


def get(conn, path):
    conn.request("GET", path)
    r = conn.getresponse()
    return r, r.read()


def check_c_hello(stratus, hello):
    """The minimal C reactor answers as the native hello does, on a kept-alive connection."""
    server, port = start_server(stratus, hello)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for i in range(3):
            r, body = get(conn, f"/c/{i}")
            if r.status != 200 or body != b"Hello, World!\n" or r.getheader("content-type") != "text/plain":
                fail(f"C hello GET /c/{i}: {r.status} {r.getheader('content-type')!r} {body!r}")
            if r.getheader("content-length") != "14":
                fail(f"C hello GET /c/{i}: Content-Length {r.getheader('content-length')!r}, expected 14")
        stop_server(server)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def check_c_faults(stratus, faults):
    """Each fault fails its own request cleanly, and the server answers /ok after each, on a
    connection of its own and on the one the fault came in on; /metrics counts the three
    traps, one of them the deadline."""
    server, port = start_server(stratus, faults, "--max-execution-time", "1s", "--max-linear-memory", "8MiB",
                                "--admin-addr", "127.0.0.1:0")
    try:
        admin_port = url_port(server.stderr.readline(), "second stderr line")
        beside = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for path, want in (("/trap", 500), ("/spin", 504), ("/grow", 500)):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            r, _ = get(conn, path)
            if r.status != want:
                fail(f"C faults GET {path}: expected {want}, got {r.status}")
            for c, what in ((beside, "another connection"), (conn, "the same connection")):
                try:
                    r, body = get(c, "/ok")
                except (http.client.HTTPException, OSError) as e:
                    fail(f"C faults GET /ok on {what} after {path}: {e!r}")
                if r.status != 200 or body != b"ok\n":
                    fail(f"C faults GET /ok on {what} after {path}: {r.status} {body!r}")
            conn.close()
        admin = http.client.HTTPConnection("127.0.0.1", admin_port, timeout=30)
        _, metrics = get(admin, "/metrics")
        for line in ("stratus_traps_total 3\n", "stratus_deadline_exceeded_total 1\n",
                     "stratus_instantiations_total 9\n"):
            if line not in metrics.decode():
                fail(f"C faults: /metrics lacks {line.strip()!r}:\n{metrics.decode()}")
        stop_server(server)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stratus", required=True)
    ap.add_argument("--handlers", required=True)
    ap.add_argument("--wasi-testsuite", help="the WASI test suite, for its 0.3 http-client component")
    args = ap.parse_args()

    if args.wasi_testsuite:
        client = os.path.join(args.wasi_testsuite, "rust", "testsuite", "wasm32-wasip3", "http-client.wasm")
        if not os.path.isfile(client):
            fail(f"{client} is missing")
        check_service_waiting_on_silent_upstream(args.stratus, client)

    built = subprocess.run([sys.executable, BUILD_HANDLERS, "--out", args.handlers])
    if built.returncode == 77:
        print("SKIP: the http handler components cannot be built here")
        return 77
    if built.returncode != 0:
        fail("build_handlers.py failed")
    hello = os.path.join(args.handlers, "http-hello.wasm")

    help_text = subprocess.run([args.stratus, "serve", "--help"], capture_output=True, text=True).stdout
    for knob in ("--max-components", "--max-execution-time", "--max-linear-memory", "--force-pooling-allocator"):
        if knob not in help_text:
            fail(f"serve --help does not list {knob}")
    if "(default 10m)" not in help_text:
        fail("serve --help does not state --max-execution-time's default")

    server = subprocess.Popen([args.stratus, "serve", "--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0",
                               "--workers", "2", hello], stderr=subprocess.PIPE, text=True)
    try:
        port = url_port(server.stderr.readline(), "first stderr line")
        admin_port = url_port(server.stderr.readline(), "second stderr line")

        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for i in range(2):  # one connection, kept alive
            conn.request("GET", f"/hello/{i}")
            r = conn.getresponse()
            body = r.read()
            if r.status != 200 or body != b"hello from js\n":
                fail(f"GET /hello/{i}: {r.status} {body!r}")
        conn.close()

        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            answer = s.recv(4096)
            if not answer.startswith(b"HTTP/1.1 400 "):
                fail(f"CL + TE: expected 400, got {answer[:40]!r}")

        admin = http.client.HTTPConnection("127.0.0.1", admin_port, timeout=30)
        admin.request("GET", "/metrics")
        metrics = admin.getresponse().read().decode()
        if "stratus_instantiations_total 2\n" not in metrics:
            fail("/metrics does not count one instantiation per request:\n" + metrics)
        if 'stratus_http_responses_total{code="4xx"} 1\n' not in metrics:
            fail("/metrics does not count the 400:\n" + metrics)

        server.send_signal(signal.SIGTERM)
        rest = server.stderr.read()
        status = server.wait(timeout=30)
        if status != 0:
            fail(f"exit status {status} after SIGTERM; stderr: {rest}")
        if not re.search(r"^GET /hello/0 200 14 \d+us$", rest, re.M):
            fail("no access log line for GET /hello/0:\n" + rest)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    check_stuck_request(args.stratus, os.path.join(args.handlers, "http-spin.wasm"))
    check_c_hello(args.stratus, os.path.join(args.handlers, "http-hello-c.wasm"))
    check_c_faults(args.stratus, os.path.join(args.handlers, "http-faults-c.wasm"))
    print("PASS: stratus serve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
