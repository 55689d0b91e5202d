"""Runs one `stratus` child process under a watchdog: the child is killed as soon as its
resident set passes the case's bound or its wall time passes the case's limit, so a blow-up
never takes the machine down, and its peak RSS comes from the kernel (wait4's ru_maxrss).

Linux charges a child's ru_maxrss with the resident set of the process it was forked from
(fork starts the copy's high-water mark there, and exec records it), so children are
forked by a Spawner: a small process forked before any case is generated, which execs
itself afresh when a case has left it larger, so that its own ~10 MiB (and the arguments
of the case being run) is all that leaks into the measurement."""

import dataclasses
import os
import pickle
import struct
import resource
import signal
import subprocess
import sys
import tempfile
import time

POLL_SECONDS = 0.01
STREAM_CAP = 16 << 20  # bytes of stdout/stderr kept for the checks


@dataclasses.dataclass
class Outcome:
    status: int | None  # exit status, or None when the child died of a signal
    signal: int | None
    killed_for: str | None  # "rss" or "time" when the watchdog killed it
    seconds: float
    peak_rss: int  # bytes
    stdout: bytes
    stderr: bytes
    stderr_size: int


def _vm_rss(pid):
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    return 0


def _read_capped(f):
    f.seek(0, os.SEEK_END)
    size = f.tell()
    f.seek(0)
    return f.read(STREAM_CAP), size


def run(argv, *, cwd, rss_bound, seconds, stdin=None, env=None, nofile=None):
    def limit_child():
        if nofile is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as inp:
        if stdin:
            inp.write(stdin)
            inp.seek(0)
        start = time.monotonic()
        proc = subprocess.Popen(argv, cwd=cwd, stdin=inp, stdout=out, stderr=err, env=env,
                                preexec_fn=limit_child if nofile is not None else None)
        killed_for = None
        peak_seen = 0
        while True:
            pid, wait_status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            rss = _vm_rss(proc.pid)
            peak_seen = max(peak_seen, rss)
            if killed_for is None:
                if rss > rss_bound:
                    killed_for = "rss"
                elif time.monotonic() - start > seconds:
                    killed_for = "time"
                if killed_for:
                    os.kill(proc.pid, signal.SIGKILL)
            time.sleep(POLL_SECONDS)
        elapsed = time.monotonic() - start
        proc.returncode = 0  # reaped by wait4 above; keeps Popen from waiting again
        stdout, _ = _read_capped(out)
        stderr, stderr_size = _read_capped(err)
    status = os.waitstatus_to_exitcode(wait_status)
    return Outcome(
        status=status if status >= 0 else None,
        signal=-status if status < 0 else None,
        killed_for=killed_for,
        seconds=elapsed,
        peak_rss=max(usage.ru_maxrss * 1024, peak_seen),
        stdout=stdout,
        stderr=stderr,
        stderr_size=stderr_size,
    )


def _send(fd, obj):
    data = pickle.dumps(obj)
    os.write(fd, struct.pack("<Q", len(data)))
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _receive(fd):
    def exactly(n):
        chunks = []
        while n:
            chunk = os.read(fd, n)
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)
    (size,) = struct.unpack("<Q", exactly(8))
    return pickle.loads(exactly(size))


def _serve(requests_r, replies_w):
    """The Spawner's loop. A child is charged with this process's resident set at the fork,
    and what one case's arguments leave resident is not given back, so once the set has
    grown by 2 MiB the helper execs itself afresh, keeping its pipes."""
    start_rss = _vm_rss(os.getpid())
    try:
        while True:
            kwargs = _receive(requests_r)
            _send(replies_w, run(**kwargs))
            del kwargs
            if _vm_rss(os.getpid()) > start_rss + (2 << 20):
                os.set_inheritable(requests_r, True)
                os.set_inheritable(replies_w, True)
                os.execv(sys.executable, [sys.executable, os.path.abspath(__file__), str(requests_r), str(replies_w)])
    except EOFError:
        os._exit(0)


class Spawner:
    """Runs `run(**kwargs)` in a helper process forked while this one is still small."""

    def __init__(self):
        requests_r, self._requests = os.pipe()
        self._replies, replies_w = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:
            os.close(self._requests)
            os.close(self._replies)
            _serve(requests_r, replies_w)
        os.close(requests_r)
        os.close(replies_w)

    def run(self, **kwargs):
        _send(self._requests, kwargs)
        return _receive(self._replies)

    def close(self):
        os.close(self._requests)
        os.waitpid(self._pid, 0)
        os.close(self._replies)


if __name__ == "__main__":  # a Spawner's helper, re-executed with its pipes
    import child  # so that what it sends back pickles as child.Outcome, not __main__'s

    child._serve(int(sys.argv[1]), int(sys.argv[2]))
