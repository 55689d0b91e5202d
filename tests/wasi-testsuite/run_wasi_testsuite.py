#!/usr/bin/env python3
"""Runs the official WASI test suite's programs under `stratus run` (and its WASI 0.3
wasi:http/service components under `stratus serve`), the way the suite's own runner
(wasi-testsuite/test-runner with its wasmtime adapter) drives a runtime:

- each `X.wasm` is a test; `X.json` beside it (or the default spec) says how to run it and
  what to expect. Legacy specs (`args`, `env`, `root`, `dirs`, `exit_code`, `stdout`,
  `stderr`) become the operations `run`, `read stdout`, `read stderr`, `wait`, exactly as
  the suite's runner converts them; operation-based specs are run as written (testsuite_spec.py
  reads and checks them): `run`, `read`, `write`, `wait`; `connect` (to the host:port the
  guest prints on its first line of stdout), `send`, `recv`; `request` (to the URL a served
  component's `stratus serve --addr 127.0.0.1:0 -S cli` prints in the first line of its
  stderr) and `kill`. A spec's `servers` are stood up on loopback first (http_fixtures.py) and
  named to the guest as HTTP_SERVER_<NAME>; the `sockets` proposal adds `-S inherit-network`.
- `env` is the guest's whole environment (`--env K=V`), `root` is preopened as the guest's
  `/` (`--dir HOST::/`), each of the legacy `dirs` under its own name (`--dir HOST::NAME`),
  `args` follow the module path.
- stdin, stdout and stderr are pipes; stdin and the `connect`ed sockets are closed at
  `wait`. A `read` compares exactly as many characters as its payload has (text mode: UTF-8,
  universal newlines), so output after them is not checked; `wait` compares the exit status.
- every test runs in a fresh temporary copy of its folder's directories, `*.cleanup` files
  left out, so tests never see each other's leftovers and the suite stays read-only.

With --component each test's module is first turned into a WASI 0.2 command component with
jco's preview-1 command adapter (tests/e2e/command_component.py: byte for byte `jco new
X.wasm --wasi-command`, cached by input hash in build/component-cache/adapted) and the
component is run instead, with the same spec, except for the exit status as the adapter
changes it (a non-zero proc_exit code becomes 1: command_component.adapted_exit_status).

Tests listed in known_failures.txt (with --component, component_known_failures.txt) must fail; one that passes fails the run so the list
only shrinks. Exit status: 0 when every test met its expectation, 1 otherwise (including a
missing suite directory), 2 for bad usage.
"""

import argparse
import codecs
import concurrent.futures
import http.client
import os
import re
import signal
import socket
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from command_component import Adapter, adapted_exit_status, load_known  # noqa: E402
from http_fixtures import LoopbackServers, response_mismatches, send_request  # noqa: E402
from testsuite_spec import SpecError, load_spec  # noqa: E402

# The preview-1 folders of the suite, by the name used to select one.
FOLDERS = {
    "c": "c/testsuite/wasm32-wasip1",
    "rust": "rust/testsuite/wasm32-wasip1",
    "assemblyscript": "assemblyscript/testsuite/wasm32-wasip1",
}
# The WASI 0.3 components: run only when named (they need `stratus serve` and WASI 0.3).
WASIP3_FOLDERS = {"wasip3": "rust/testsuite/wasm32-wasip3"}
# Where `stratus serve` says it listens, in the first line of its stderr.
SERVE_URL = re.compile(r"http://([0-9A-Za-z.\[\]:-]+):([0-9]+)/?")
# The guest's address for `connect`, on the first line of its stdout.
GUEST_ADDRESS = re.compile(r"\s*(\S+):([0-9]+)\s*\Z")
def copy_test_dirs(folder, work):
    """Copies every directory of the test's folder into `work`, writable, without *.cleanup."""
    for name in sorted(os.listdir(folder)):
        source = os.path.join(folder, name)
        if not os.path.isdir(source) or os.path.islink(source):
            continue
        target = os.path.join(work, name)
        # copyfile, not copy2: the suite's files are read-only and the tests write to theirs.
        shutil.copytree(source, target, symlinks=True, copy_function=shutil.copyfile,
                        ignore=shutil.ignore_patterns("*.cleanup"))
        for dirpath, _, _ in os.walk(target):
            os.chmod(dirpath, os.stat(dirpath).st_mode | stat.S_IWUSR)


class StreamReader:
    """Drains one of the guest's output pipes on a thread so neither pipe can fill up, and
    hands out its text as the suite's runner reads it: a given number of characters."""

    def __init__(self, pipe):
        self._pipe = pipe
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._text = ""
        self._taken = 0
        self._closed = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self):
        while True:
            chunk = self._pipe.read1(65536) if hasattr(self._pipe, "read1") else self._pipe.read(65536)
            with self._cond:
                self._text += self._decoder.decode(chunk, final=not chunk)
                if not chunk:
                    self._closed = True
                self._cond.notify_all()
            if not chunk:
                return

    def _normalized(self):
        return self._text.replace("\r\n", "\n").replace("\r", "\n")

    def read(self, count, deadline):
        """Up to `count` more characters: fewer only once the stream ended or time ran out."""
        with self._cond:
            while len(self._normalized()) - self._taken < count and not self._closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            text = self._normalized()[self._taken:self._taken + count]
            self._taken += len(text)
            return text

    def _line(self, deadline):
        with self._cond:
            while "\n" not in self._normalized()[self._taken:] and not self._closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            text = self._normalized()[self._taken:]
            return text[:text.index("\n") + 1] if "\n" in text else text

    def read_line(self, deadline):
        """The next line (with its newline), waiting for it until `deadline` or the end."""
        line = self._line(deadline)
        with self._cond:
            self._taken += len(line)
        return line

    def peek_line(self, deadline):
        """The next line, like read_line, but left in place for later reads."""
        return self._line(deadline)

    def rest(self, timeout):
        self._thread.join(timeout)
        with self._cond:
            return self._normalized()[self._taken:]

    def seen(self, timeout):
        """Everything received within `timeout` or until the stream ends, without taking it."""
        self._thread.join(timeout)
        with self._cond:
            return self._normalized()

    def close(self):
        self._thread.join(5)
        self._pipe.close()


def excerpt(text, limit=400):
    text = text.strip()
    if len(text) > limit:
        text = text[:limit] + "..."
    return repr(text)


class TestRun:
    def __init__(self, opts, wasm, work, program, spec):
        self.opts = opts
        self.wasm = wasm
        self.program = program  # what stratus runs: the module, or its adapted component
        self.spec = spec
        self.folder = os.path.dirname(wasm)
        self.work = work
        self.proc = None
        self.streams = {}
        self.connections = {}
        self.servers = None
        self.served_at = None  # a served component's host:port
        self.killed = False
        self.failures = []
        self.argv = []

    def argv_for(self, op):
        """The command line, as the suite's wasmtime adapter builds it: a wasi:http/service
        component is served on a loopback port of its choosing with the CLI interfaces too."""
        if self.spec.served:
            argv = [self.opts.stratus, "serve", "--addr", "127.0.0.1:0", "-S", "cli"]
        else:
            argv = [self.opts.stratus, "run"]
        if "sockets" in self.spec.proposals:
            argv += ["-S", "inherit-network"]
        env = dict(op.get("env", {}))
        env.update(self.servers.environment() if self.servers else {})
        for key, value in env.items():
            argv += ["--env", f"{key}={value}"]
        if op.get("root"):
            argv += ["--dir", f"{os.path.join(self.work, op['root'])}::/"]
        for d in op.get("dirs", []):
            argv += ["--dir", f"{os.path.join(self.work, d)}::{d}"]
        argv.append(self.program)
        if not self.spec.served:
            argv += op.get("args", [])
        return argv

    def left(self):
        return max(0.0, self.deadline - time.monotonic())

    def do_run(self, op):
        for path in [op.get("root")] + list(op.get("dirs", [])):
            if path and not os.path.isdir(os.path.join(self.work, path)):
                self.failures.append(f"the spec's directory {path!r} is not in the test's folder")
                return
        if self.spec.servers and self.servers is None:
            self.servers = LoopbackServers(self.spec.servers)
        self.argv = self.argv_for(op)
        self.killed = False
        # The guest's environment comes only from --env; stratus inherits nothing else.
        try:
            self.proc = subprocess.Popen(self.argv, cwd=self.work, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as e:
            self.failures.append(f"cannot start {self.opts.stratus}: {e}")
            return
        self.streams = {"stdout": StreamReader(self.proc.stdout),
                        "stderr": StreamReader(self.proc.stderr)}
        self.deadline = time.monotonic() + self.opts.timeout
        if self.spec.served:
            self.find_served_url()

    def find_served_url(self):
        line = self.streams["stderr"].peek_line(self.deadline)
        match = SERVE_URL.search(line)
        if match:
            self.served_at = f"{match.group(1)}:{match.group(2)}"
            return
        self.failures.append(f"no http://HOST:PORT/ in the first line of stderr {excerpt(line)}; "
                             f"{self.exited_how()}")

    def exited_how(self):
        """What the process did, for a failure message: its status, or that it runs on."""
        try:
            status = self.proc.wait(min(1.0, self.left()))
        except subprocess.TimeoutExpired:
            return "it is still running"
        return (f"it exited with status {status}; "
                f"stderr {excerpt(self.streams['stderr'].seen(1))}")

    def do_read(self, op):
        stream = op.get("id", "stdout")
        expected = op.get("payload", "")
        got = self.streams[stream].read(len(expected), self.deadline)
        if got != expected:
            # Short output usually means the guest failed; its stderr says why.
            self.failures.append(f"{stream} was {got!r}, expected {expected!r}; "
                                 f"stderr so far {excerpt(self.streams['stderr'].seen(1))}")

    def do_write(self, op):
        try:
            self.proc.stdin.write(op.get("payload", "").encode("utf-8"))
            self.proc.stdin.flush()
        except BrokenPipeError:
            self.failures.append("write to stdin: the guest closed it")

    def do_connect(self, op):
        conn_id = op.get("id", "server")
        line = self.streams["stdout"].read_line(self.deadline)
        match = GUEST_ADDRESS.match(line)
        if not match:
            self.failures.append(f"connect {conn_id}: the guest's first line of stdout was "
                                 f"{line!r}, not host:port; {self.exited_how()}")
            return
        host, port = match.group(1).strip("[]"), int(match.group(2))
        udp = op.get("protocol_type", "tcp") == "udp"
        try:
            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_DGRAM if udp else socket.SOCK_STREAM)
            sock.settimeout(max(0.1, self.left()))
            sock.connect((host, port))
        except OSError as e:
            self.failures.append(f"connect {conn_id} to {host}:{port}: {e}")
            return
        self.connections[conn_id] = sock

    def do_send(self, op):
        try:
            self.connections[op["id"]].sendall(op.get("payload", "").encode("utf-8"))
        except OSError as e:
            self.failures.append(f"send on {op['id']}: {e}")

    def do_recv(self, op):
        expected = op.get("payload", "").encode("utf-8")
        sock = self.connections[op["id"]]
        got = b""
        try:
            while len(got) < len(expected):
                sock.settimeout(max(0.01, self.left()))
                chunk = sock.recv(len(expected) - len(got))
                if not chunk:
                    break
                got += chunk
        except OSError as e:
            self.failures.append(f"recv on {op['id']}: {e} after {got!r}")
            return
        if got != expected:
            self.failures.append(f"recv on {op['id']}: {got!r}, expected {expected!r}")

    def do_request(self, op):
        what = f"{op.get('method', 'GET')} {op.get('path', '/')}"
        try:
            status, headers, body = send_request(self.served_at, op, self.left())
        except (OSError, http.client.HTTPException) as e:
            self.failures.append(f"request {what}: {e or type(e).__name__}; {self.exited_how()}")
            return
        problems = response_mismatches(op.get("response", {}), status, headers, body)
        if problems:
            self.failures.append(f"request {what}: {'; '.join(problems)}")

    def do_kill(self, op):
        if self.proc.poll() is not None:
            self.failures.append(f"kill: the process had already exited with status "
                                 f"{self.proc.returncode}; stderr {excerpt(self.streams['stderr'].seen(1))}")
            return
        self.proc.send_signal(getattr(signal, op.get("signal", "SIGKILL")))
        self.killed = True

    def do_wait(self, op):
        # The guest sees the end of its input: stdin and every connection close.
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        for sock in self.connections.values():
            sock.close()
        try:
            status = self.proc.wait(self.left())
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            cause = " after the kill operation's signal" if self.killed else ""
            self.failures.append(f"timed out after {self.opts.timeout:g} s{cause}; stderr "
                                 f"{excerpt(self.streams['stderr'].rest(5))}")
            return
        finally:
            self.proc = None
        expected = op.get("exit_code", 0)
        if self.opts.component:
            expected = adapted_exit_status(expected)
        if status != expected:
            stdout = self.streams["stdout"].rest(5)
            stderr = self.streams["stderr"].rest(5)
            self.failures.append(f"exit status {status}, expected {expected}; "
                                 f"stdout {excerpt(stdout)}; stderr {excerpt(stderr)}")

    def execute(self):
        handlers = {"run": self.do_run, "read": self.do_read, "write": self.do_write,
                    "wait": self.do_wait, "connect": self.do_connect, "send": self.do_send,
                    "recv": self.do_recv, "request": self.do_request, "kill": self.do_kill}
        try:
            for op in self.spec.operations:
                handlers[op["type"]](op)
                if self.failures:
                    break
        finally:
            if self.proc is not None:
                self.proc.kill()
                self.proc.wait()
            for stream in self.streams.values():
                stream.close()
            for sock in self.connections.values():
                sock.close()
            if self.servers:
                self.servers.stop()
        return self.failures


def run_test(opts, wasm, program):
    """Runs one test (`program` is the module or its component); returns (seconds, failure
    reasons, the last stratus command line)."""
    start = time.monotonic()
    try:
        spec = load_spec(wasm[:-len(".wasm")] + ".json")
    except (SpecError, OSError) as e:
        return time.monotonic() - start, [f"cannot run its spec: {e}"], []
    work = tempfile.mkdtemp(prefix="wasi-testsuite-", dir=opts.work)
    try:
        copy_test_dirs(os.path.dirname(wasm), work)
        test = TestRun(opts, wasm, work, program, spec)
        failures = test.execute()
        return time.monotonic() - start, failures, test.argv
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_name(suite, wasm):
    """The test's path relative to the suite (absolute for a test outside it), without .wasm."""
    name = os.path.relpath(wasm, suite)
    if name.startswith(".." + os.sep):
        name = wasm
    return name[:-len(".wasm")]


def select_tests(suite, selections):
    """Every test named by the selections: a folder's short name (c, rust, assemblyscript),
    a folder or a test, as a path relative to the suite or absolute, with or without .wasm.
    Returns (test paths, folders run whole)."""
    tests, whole = [], []
    for sel in selections or list(FOLDERS):
        path = FOLDERS.get(sel) or WASIP3_FOLDERS.get(sel, sel)
        path = path if os.path.isabs(path) else os.path.join(suite, path)
        path = os.path.normpath(path)
        if os.path.isdir(path):
            found = sorted(os.path.join(path, n) for n in os.listdir(path) if n.endswith(".wasm"))
            if not found:
                raise SystemExit(f"run_wasi_testsuite: no .wasm tests in {path}")
            tests += found
            whole.append(path)
            continue
        if not path.endswith(".wasm"):
            path += ".wasm"
        if not os.path.isfile(path):
            raise SystemExit(f"run_wasi_testsuite: no suite folder or test {sel!r} (looked for {path})")
        tests.append(path)
    return list(dict.fromkeys(tests)), whole


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stratus", required=True, help="the stratus executable")
    ap.add_argument("--suite", required=True, help="the wasi-testsuite directory")
    ap.add_argument("--known", help="known_failures.txt")
    ap.add_argument("--work", help="where the per-test directory copies go (default: $TMPDIR)")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per test (default 60)")
    ap.add_argument("--jobs", "-j", type=int, default=1, help="tests run at once (default 1)")
    ap.add_argument("--verbose", "-v", action="store_true", help="print each command line")
    ap.add_argument("--component", action="store_true",
                    help="run each test's adapted WASI 0.2 command component instead of the module")
    ap.add_argument("--node", help="with --component: the Node that runs jco (default: the pinned one)")
    ap.add_argument("--cache", help="with --component: the component cache (default build/component-cache)")
    ap.add_argument("selections", nargs="*", metavar="FOLDER|TEST",
                    help="c, rust, assemblyscript (the preview-1 folders, the default), wasip3 "
                         "(the WASI 0.3 components), or a folder or test path")
    opts = ap.parse_args()

    suite = os.path.abspath(opts.suite)
    if not os.path.isdir(suite):
        print(f"run_wasi_testsuite: the WASI test suite is not at {suite}; "
              f"set STRATUS_WASI_TESTSUITE_DIR (cmake) or --suite", file=sys.stderr)
        return 1
    if not os.access(opts.stratus, os.X_OK):
        print(f"run_wasi_testsuite: {opts.stratus} is not an executable", file=sys.stderr)
        return 1
    opts.stratus = os.path.abspath(opts.stratus)
    if opts.work:
        os.makedirs(opts.work, exist_ok=True)
    tests, whole_folders = select_tests(suite, opts.selections)
    known = load_known(opts.known)
    programs = {wasm: wasm for wasm in tests}
    if opts.component:
        try:
            adapter = Adapter(opts.node, opts.cache)
            adapt_start = time.monotonic()
            programs = {wasm: str(path) for wasm, path in adapter.components(tests).items()}
        except (FileNotFoundError, RuntimeError) as e:
            print(f"run_wasi_testsuite: cannot make the components: {e}", file=sys.stderr)
            return 1
        print(f"components: {adapter.made} adapted in {time.monotonic() - adapt_start:.1f} s, "
              f"{len(tests) - adapter.made} from the cache ({adapter.cache})")

    passed = failed = expected = 0
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
        futures = [pool.submit(run_test, opts, wasm, programs[wasm]) for wasm in tests]
        for wasm, future in zip(tests, futures):
            name = test_name(suite, wasm)
            seconds, failures, argv = future.result()
            if opts.verbose and argv:
                print(f"  $ {subprocess.list2cmdline(argv)}")
            timing = f"({seconds:.2f} s)"
            if name in known:
                if failures:
                    expected += 1
                    print(f"XFAIL {name} {timing}: {'; '.join(failures)} [known: {known[name]}]")
                else:
                    failed += 1
                    print(f"FAIL {name} {timing}: unexpectedly passing, remove it from the list "
                          f"({opts.known})")
            elif failures:
                failed += 1
                print(f"FAIL {name} {timing}: {'; '.join(failures)}")
            else:
                passed += 1
                print(f"PASS {name} {timing}")
            sys.stdout.flush()

    # A listed test that no longer exists in a folder we ran whole is a stale entry.
    ran = {test_name(suite, t) for t in tests}
    for name in sorted(known):
        folder = os.path.normpath(os.path.join(suite, os.path.dirname(name)))
        if folder in whole_folders and name not in ran:
            failed += 1
            print(f"FAIL {name}: listed in {opts.known} but there is no such test")

    print(f"wasi-testsuite: {passed} passed, {failed} failed, {expected} expected failures "
          f"({time.monotonic() - start:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
