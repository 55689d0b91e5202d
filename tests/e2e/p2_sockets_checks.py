#!/usr/bin/env python3
"""Checks wasi:sockets under `stratus run --invoke` with wasmtime's -S flags: the component
tests/unit/wasi/p2/component-wat/sockets_echo.wat (turned into a component with `jco parse`)
does a TCP echo and a UDP round trip against servers on 127.0.0.1 run here. With
`-S inherit-network` the whole message comes back (the export prints 0) and the server saw it;
without it, or with tcp=n / udp=n, the export prints the access-denied status and the server
sees no connection and no datagram. `lookup("localhost")` resolves through ip-name-lookup with
`-S allow-ip-name-lookup` (a count of loopback addresses) and fails with
permanent-resolver-failure without it. The status numbers are the component's (see the .wat).

Stratus only: no other runtime here runs a component's wasi:sockets.
Exit 0 = pass, 1 = fail."""

import argparse
import os
import select
import socket
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
WAT = os.path.join(HERE, "..", "unit", "wasi", "p2", "component-wat", "sockets_echo.wat")
MESSAGE = b"ping over wasi:sockets"  # what the component sends
QUIET_FOR = 0.3  # seconds a refused run's server keeps listening for strays
SERVE_FOR = 10.0

ECHOED = "0"
CONNECT_DENIED = "201"  # start-connect / start-bind: access-denied
CREATE_DENIED = "101"   # create-tcp-socket / create-udp-socket: access-denied


class Server:
    """A loopback TCP or UDP echo server for one exchange, in a thread; `received` is what
    came in, `contacted` whether anything arrived at all."""

    def __init__(self, kind):
        self.kind = kind
        self.sock = socket.socket(socket.AF_INET, kind)
        self.sock.bind(("127.0.0.1", 0))
        if kind == socket.SOCK_STREAM:
            self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.received = b""
        self.contacted = False
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _readable(self, s, timeout):
        return bool(select.select([s], [], [], timeout)[0])

    def _serve(self):
        while not self.done.is_set():
            if not self._readable(self.sock, 0.05):
                continue
            self.contacted = True
            if self.kind == socket.SOCK_DGRAM:
                data, peer = self.sock.recvfrom(4096)
                self.received += data
                self.sock.sendto(data, peer)
                return
            conn, _ = self.sock.accept()
            with conn:
                while self._readable(conn, SERVE_FOR):
                    data = conn.recv(4096)
                    if not data:
                        break
                    self.received += data
                    conn.sendall(data)
            return

    def finish(self, grace):
        """Stops serving after `grace` more seconds (strays are counted until then)."""
        self.thread.join(grace)
        self.done.set()
        self.thread.join()
        self.sock.close()


def run_case(opts, wasm, name, export, kind, flags, want_status):
    server = Server(kind)
    cmd = [opts.stratus, "run", "--timeout", "20"]
    for f in flags:
        cmd += ["-S", f]
    cmd += ["--invoke", f"{export}({server.port})", wasm]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    granted = want_status == ECHOED
    server.finish(SERVE_FOR if granted else QUIET_FOR)
    problems = []
    if proc.returncode != 0:
        problems.append(f"exit status {proc.returncode}, stderr {proc.stderr.strip()!r}")
    if proc.stdout.strip() != want_status:
        problems.append(f"printed {proc.stdout.strip()!r}, expected {want_status!r}")
    if granted and server.received != MESSAGE:
        problems.append(f"the server received {server.received!r}")
    if not granted and server.contacted:
        problems.append("the server was reached although the network was refused")
    shown = " ".join(cmd[2:])
    if problems:
        print(f"FAIL {name}: {shown}: " + "; ".join(problems))
        return False
    print(f"ok   {name}")
    return True


LOOKUP_REFUSED = "120"  # resolve-addresses: permanent-resolver-failure
LOOKUPS = [
    # name, flags, expected: a status, or None for "a count of loopback addresses, at least 1"
    ("lookup-granted", "localhost", ["inherit-network,allow-ip-name-lookup"], None),
    ("lookup-literal", "127.0.0.1", ["inherit-network,allow-ip-name-lookup"], "1"),
    ("lookup-refused-by-default", "localhost", [], LOOKUP_REFUSED),
    ("lookup-refused-network-only", "localhost", ["inherit-network"], LOOKUP_REFUSED),
]


def lookup_case(opts, wasm, name, host, flags, want):
    cmd = [opts.stratus, "run", "--timeout", "20"]
    for f in flags:
        cmd += ["-S", f]
    cmd += ["--invoke", f'lookup("{host}")', wasm]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    got = proc.stdout.strip()
    good = proc.returncode == 0 and (got == want if want else got.isdigit() and 1 <= int(got) < 100)
    if not good:
        print(f"FAIL {name}: {' '.join(cmd[2:])}: exit {proc.returncode}, printed {got!r}, "
              f"expected {want or 'a count of loopback addresses'}; stderr {proc.stderr.strip()!r}")
        return False
    print(f"ok   {name}")
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stratus", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--node", required=True)
    ap.add_argument("--jco", required=True)
    opts = ap.parse_args()
    os.makedirs(opts.work, exist_ok=True)
    wasm = os.path.join(opts.work, "sockets_echo.wasm")
    subprocess.run([opts.node, opts.jco, "parse", WAT, "-o", wasm], check=True)

    tcp, udp = socket.SOCK_STREAM, socket.SOCK_DGRAM
    cases = [
        ("tcp-granted", "tcp-echo", tcp, ["inherit-network"], ECHOED),
        ("tcp-granted-with-tcp=y", "tcp-echo", tcp, ["inherit-network,tcp=y"], ECHOED),
        ("tcp-refused-by-default", "tcp-echo", tcp, [], CONNECT_DENIED),
        ("tcp-refused-inherit-network=n", "tcp-echo", tcp, ["inherit-network=n"], CONNECT_DENIED),
        ("tcp-refused-tcp=n", "tcp-echo", tcp, ["inherit-network", "tcp=n"], CREATE_DENIED),
        ("udp-granted", "udp-echo", udp, ["inherit-network"], ECHOED),
        ("udp-granted-tcp=n", "udp-echo", udp, ["inherit-network,tcp=n"], ECHOED),
        ("udp-refused-by-default", "udp-echo", udp, [], CONNECT_DENIED),
        ("udp-refused-udp=n", "udp-echo", udp, ["inherit-network,udp=n"], CREATE_DENIED),
    ]
    results = [run_case(opts, wasm, *case) for case in cases]
    results += [lookup_case(opts, wasm, *case) for case in LOOKUPS]
    print(f"{sum(results)} of {len(results)} passed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
