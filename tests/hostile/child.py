"""Runs one `stratus` child process under a watchdog: the child is killed as soon as its
resident set passes the case's bound or its wall time passes the case's limit, so a blow-up
never takes the machine down, and its peak RSS comes from the kernel (wait4's ru_maxrss).

Linux charges a child's ru_maxrss with the high-water mark of the process it was forked
from (exec records the old address space's peak), so children are forked by a Spawner: a
small process forked before any case is generated, whose own ~10 MiB is all that leaks
into the measurement."""

import dataclasses
import os
import pickle
import struct
import resource
import signal
import subprocess
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


class Spawner:
    """Runs `run(**kwargs)` in a helper process forked while this one is still small."""

    def __init__(self):
        requests_r, self._requests = os.pipe()
        self._replies, replies_w = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:
            os.close(self._requests)
            os.close(self._replies)
            try:
                while True:
                    kwargs = _receive(requests_r)
                    _send(replies_w, run(**kwargs))
            except EOFError:
                os._exit(0)
        os.close(requests_r)
        os.close(replies_w)

    def run(self, **kwargs):
        _send(self._requests, kwargs)
        return _receive(self._replies)

    def close(self):
        os.close(self._requests)
        os.waitpid(self._pid, 0)
        os.close(self._replies)
