"""The HTTP side of wasi-testsuite's operation-based tests, on loopback only:

- `LoopbackServers`: a spec's `servers`, one HTTP/1.1 server per entry on 127.0.0.1 with a
  port of its own, answering its `endpoints` (method and path-with-query matched exactly,
  anything else 404); a `"kind": "closed"` entry is a port bound with nothing listening
  (a connection is refused). `environment()` names them to the guest as
  HTTP_SERVER_<NAME>=127.0.0.1:PORT.
- `send_request` / `response_mismatches`: a `request` operation against a served component.

What an endpoint answers, as the suite's Rust tests (rust/wasm32-wasip3-src/http.rs) read it:
`response` gives `status`, `headers`, and `body`, or `chunks` sent with chunked framing, and
`trailers` after the last chunk; `"mode": "echo-headers"` answers 200 with no body and one
`x-echo-<name>` header per request header field (`x-trailer-<name>` per request trailer),
plus `x-request-method` and `x-request-path`; `"mode": "echo-body"` answers 200 with the
request's body.
"""

import http.client
import socket
import socketserver
import threading

# Bounds that keep a misbehaving guest from making the runner hold unbounded data.
MAX_HEAD_BYTES = 64 * 1024
MAX_BODY_BYTES = 16 * 1024 * 1024
IO_TIMEOUT = 5.0


class BadRequest(Exception):
    pass


def read_line(rfile):
    line = rfile.readline(MAX_HEAD_BYTES + 1)
    if len(line) > MAX_HEAD_BYTES:
        raise BadRequest("a line longer than the runner accepts")
    return line


def read_fields(rfile):
    """Header (or trailer) fields up to the empty line, in order, names lower-cased."""
    fields, total = [], 0
    while True:
        line = read_line(rfile)
        total += len(line)
        if not line:
            raise BadRequest("the connection ended inside the header section")
        if total > MAX_HEAD_BYTES:
            raise BadRequest("a header section larger than the runner accepts")
        if line in (b"\r\n", b"\n"):
            return fields
        name, sep, value = line.decode("latin-1").partition(":")
        if not sep or not name or name != name.strip():
            raise BadRequest(f"a malformed field line {line[:80]!r}")
        fields.append((name.lower(), value.strip()))


def read_chunked(rfile):
    """A chunked body and its trailer fields."""
    body = bytearray()
    while True:
        size_line = read_line(rfile).split(b";", 1)[0].strip()
        try:
            size = int(size_line, 16)
        except ValueError:
            raise BadRequest(f"a malformed chunk size {size_line[:40]!r}") from None
        if size == 0:
            return bytes(body), read_fields(rfile)
        if len(body) + size > MAX_BODY_BYTES:
            raise BadRequest("a body larger than the runner accepts")
        chunk = rfile.read(size)
        if len(chunk) != size or read_line(rfile) not in (b"\r\n", b"\n"):
            raise BadRequest("a truncated chunk")
        body += chunk


class EndpointHandler(socketserver.StreamRequestHandler):
    timeout = IO_TIMEOUT

    def handle(self):
        try:
            while self.handle_one():
                pass
        except (BadRequest, OSError) as e:
            self.server.errors.append(str(e))

    def handle_one(self):
        request_line = read_line(self.rfile)
        if not request_line:
            return False
        parts = request_line.decode("latin-1").split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise BadRequest(f"a malformed request line {request_line[:80]!r}")
        method, target, version = parts
        headers = read_fields(self.rfile)
        names = [name for name, _ in headers]
        trailers = []
        encoding = ",".join(v for n, v in headers if n == "transfer-encoding").lower()
        if "chunked" in encoding:
            body, trailers = read_chunked(self.rfile)
        elif "content-length" in names:
            length = int(dict(headers)["content-length"])
            if length > MAX_BODY_BYTES:
                raise BadRequest("a body larger than the runner accepts")
            body = self.rfile.read(length)
        else:
            body = b""
        keep_alive = version == "HTTP/1.1" and "close" not in [
            v.lower() for n, v in headers if n == "connection"]
        self.server.requests.append((method, target))
        self.answer(method, target, headers, trailers, body, keep_alive)
        return keep_alive

    def answer(self, method, target, headers, trailers, body, keep_alive):
        endpoint = self.server.endpoints.get((method, target))
        status, out_headers, chunks, out_trailers = 404, [], [b""], []
        if endpoint is not None:
            mode = endpoint.get("mode")
            if mode == "echo-headers":
                status = 200
                out_headers = [(f"x-echo-{n}", v) for n, v in headers]
                out_headers += [(f"x-trailer-{n}", v) for n, v in trailers]
                out_headers += [("x-request-method", method), ("x-request-path", target)]
            elif mode == "echo-body":
                status, chunks = 200, [body]
            else:
                response = endpoint["response"]
                status = response.get("status", 200)
                out_headers = list(response.get("headers", {}).items())
                chunks = [c.encode() for c in response.get("chunks", [])] or [
                    response.get("body", "").encode()]
                out_trailers = list(response.get("trailers", {}).items())
        chunked = "chunks" in (endpoint or {}).get("response", {}) or bool(out_trailers)
        head = [f"HTTP/1.1 {status} {http.client.responses.get(status, 'Status')}"]
        head += [f"{n}: {v}" for n, v in out_headers]
        if chunked:
            head.append("transfer-encoding: chunked")
        else:
            head.append(f"content-length: {sum(len(c) for c in chunks)}")
        if not keep_alive:
            head.append("connection: close")
        out = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
        if method != "HEAD":
            if chunked:
                for chunk in chunks:
                    if chunk:
                        out += f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
                out += b"0\r\n" + "".join(f"{n}: {v}\r\n" for n, v in out_trailers).encode("latin-1")
                out += b"\r\n"
            else:
                out += b"".join(chunks)
        self.wfile.write(out)
        self.wfile.flush()


class EndpointServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, endpoints):
        super().__init__(("127.0.0.1", 0), EndpointHandler)
        self.endpoints = {(e["method"], e["path"]): e for e in endpoints}
        self.requests = []
        self.errors = []
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    @property
    def authority(self):
        host, port = self.server_address[:2]
        return f"{host}:{port}"

    def stop(self):
        self.shutdown()
        self.server_close()
        self.thread.join(IO_TIMEOUT)


class ClosedPort:
    """A loopback port bound but not listening: connecting to it is refused, and while it is
    held nothing else can take the port."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        host, port = self.sock.getsockname()
        self.authority = f"{host}:{port}"

    def stop(self):
        self.sock.close()


class LoopbackServers:
    def __init__(self, servers):
        self.running = {}
        try:
            for server in servers:
                name = server["name"].upper()
                if server.get("kind") == "closed":
                    self.running[name] = ClosedPort()
                else:
                    self.running[name] = EndpointServer(server.get("endpoints", []))
        except BaseException:
            self.stop()
            raise

    def environment(self):
        return {f"HTTP_SERVER_{name}": s.authority for name, s in self.running.items()}

    def stop(self):
        for server in self.running.values():
            server.stop()
        self.running = {}


def send_request(authority, op, timeout):
    """Sends a `request` operation's request; returns (status, [(name, value)], body)."""
    host, _, port = authority.rpartition(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=min(timeout, IO_TIMEOUT))
    try:
        body = op.get("body")
        conn.request(op.get("method", "GET"), op.get("path", "/"),
                     body=body.encode() if body is not None else None,
                     headers=op.get("headers", {}))
        response = conn.getresponse()
        data = response.read(MAX_BODY_BYTES + 1)
        return response.status, [(n.lower(), v) for n, v in response.getheaders()], data
    finally:
        conn.close()


def response_mismatches(expected, status, headers, body):
    """How a response differs from a `request` operation's `response` (none: [])."""
    problems = []
    want_status = expected.get("status", 200)
    if status != want_status:
        problems.append(f"status {status}, expected {want_status}")
    for name, value in expected.get("headers", {}).items():
        got = [v for n, v in headers if n == name.lower()]
        if ", ".join(got) != value:
            problems.append(f"header {name} was {got!r}, expected {value!r}")
    if "body" in expected:
        text = body.decode("utf-8", errors="replace")
        if text != expected["body"]:
            problems.append(f"body {text[:200]!r}, expected {expected['body']!r}")
    return problems
