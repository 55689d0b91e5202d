#!/usr/bin/env python3
"""Checks `stratus run --tcplisten ADDR:PORT` end to end on loopback: builds
programs/sock_serve.c, starts stratus with a free port, connects (retrying while stratus
starts), sends a line and expects it back uppercased, then checks the guest's own report and
exit status. Also checks --tcplisten's usage errors and bind failures (exit 2, one line).

Stratus only: Node's node:wasi has no way to preopen a listening socket.
Exit 0 = pass, 1 = fail."""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CONNECT_FOR = 10.0  # seconds of connect retries while stratus starts
REQUEST = b"hello, stratus sockets\n"


def free_port(family, host):
    """A port nobody listens on right now; stratus binds it a moment later."""
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def ipv6_loopback():
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def talk(family, host, port, proc):
    """Connects, sends REQUEST, reads to EOF. Returns the reply, or raises."""
    deadline = time.monotonic() + CONNECT_FOR
    while True:
        s = socket.socket(family, socket.SOCK_STREAM)
        s.settimeout(20)
        try:
            s.connect((host, port))
            break
        except (ConnectionRefusedError, socket.timeout):
            s.close()
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("could not connect to stratus")
            time.sleep(0.05)
    with s:
        # In two pieces, so the guest's PEEK|WAITALL and read loop see a split request.
        s.sendall(REQUEST[:3])
        time.sleep(0.05)
        s.sendall(REQUEST[3:])
        reply = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            reply += chunk
    return reply


def serve_case(opts, wasm, name, family, host, extra_listeners, dirs):
    with tempfile.TemporaryDirectory(dir=opts.work) as root:
        cmd = [opts.stratus, "run", "--timeout", "20"]
        guest_args = []
        if dirs:
            os.makedirs(os.path.join(root, "sandbox"))
            cmd += ["--dir", "sandbox::."]
        port = free_port(family, host)
        shown = f"[{host}]" if family == socket.AF_INET6 else host
        cmd += ["--tcplisten", f"{shown}:{port}"]
        for _ in range(extra_listeners):
            cmd += ["--tcplisten", f"{shown}:0"]
        listener_fd = 3 + (1 if dirs else 0)
        guest_args = [str(listener_fd), str(1 + extra_listeners)] + (["3"] if dirs else [])
        cmd += [wasm] + guest_args
        proc = subprocess.Popen(cmd, cwd=root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        problems = []
        reply = b""
        try:
            reply = talk(family, host, port, proc)
        except (OSError, RuntimeError) as e:
            problems.append(f"client: {e}")
        try:
            out, err = proc.communicate(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            problems.append("stratus did not finish")
        if reply != REQUEST.upper():
            problems.append(f"reply {reply!r}, want {REQUEST.upper()!r}")
        if proc.returncode != 0:
            problems.append(f"exit {proc.returncode}, want 0")
        text = out.decode(errors="replace")
        if "FAIL" in text or "ok " not in text:
            problems.append("the guest reported failures")
        if problems:
            print(f"FAIL {name}: " + "; ".join(problems))
            print(f"  command: {' '.join(cmd)}\n[stdout]\n{text}[stderr]\n{err.decode(errors='replace')}")
            return 1
        print(f"ok   {name}")
        return 0


def error_checks(opts, wasm):
    s = opts.stratus
    busy = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    busy_port = busy.getsockname()[1]
    # (flag value, stderr prefix)
    checks = [
        ("nonsense", "stratus: error: --tcplisten 'nonsense' needs ADDR:PORT"),
        ("127.0.0.1:", "stratus: error: --tcplisten '127.0.0.1:': port"),
        ("127.0.0.1:65536", "stratus: error: --tcplisten '127.0.0.1:65536': port"),
        ("127.0.0.1:http", "stratus: error: --tcplisten '127.0.0.1:http': port"),
        (":8080", "stratus: error: --tcplisten ':8080' has no address"),
        ("::1:8080", "stratus: error: --tcplisten '::1:8080': write an IPv6 address in brackets"),
        ("300.1.2.3:8080", "stratus: error: --tcplisten '300.1.2.3:8080': '300.1.2.3' is not an IP address"),
        # Bind failures: a port someone listens on (SO_REUSEADDR does not allow that), and an
        # address this host does not have (TEST-NET-1; bind fails locally, nothing is sent).
        (f"127.0.0.1:{busy_port}", f"stratus: error: --tcplisten '127.0.0.1:{busy_port}': cannot bind"),
        ("192.0.2.1:8080", "stratus: error: --tcplisten '192.0.2.1:8080': cannot bind"),
    ]
    failures = 0
    try:
        for value, prefix in checks:
            p = subprocess.run([s, "run", "--tcplisten", value, wasm], capture_output=True, timeout=30,
                               stdin=subprocess.DEVNULL)
            err = p.stderr.decode(errors="replace")
            problems = []
            if p.returncode != 2:
                problems.append(f"exit {p.returncode}, want 2")
            if not err.startswith(prefix):
                problems.append(f"stderr {err!r} does not start with {prefix!r}")
            if err.count("\n") != 1:
                problems.append("error is not one line")
            if problems:
                failures += 1
                print(f"FAIL --tcplisten {value}: " + "; ".join(problems))
            else:
                print(f"ok   --tcplisten {value} -> exit 2")
    finally:
        busy.close()
    return failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stratus", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--clang", default="clang-19")
    opts = ap.parse_args()
    opts.stratus = os.path.abspath(opts.stratus)  # the guest runs in a scratch directory
    opts.work = os.path.abspath(opts.work)
    os.makedirs(opts.work, exist_ok=True)
    wasm = os.path.join(opts.work, "sock_serve.wasm")
    subprocess.run([opts.clang, "--target=wasm32-wasi", "-O2", os.path.join(HERE, "programs", "sock_serve.c"),
                    "-o", wasm], check=True)

    failures = 0
    failures += serve_case(opts, wasm, "serve on 127.0.0.1, listener fd 3", socket.AF_INET, "127.0.0.1", 0, False)
    failures += serve_case(opts, wasm, "serve with --dir first, listener fd 4, two listeners", socket.AF_INET,
                           "127.0.0.1", 1, True)
    if ipv6_loopback():
        failures += serve_case(opts, wasm, "serve on [::1]", socket.AF_INET6, "::1", 0, False)
    else:
        print("skip serve on [::1]: no IPv6 loopback")
    failures += error_checks(opts, wasm)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
