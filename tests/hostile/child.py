"""Runs one `stratus` child process under a watchdog: the child is killed as soon as its
resident set passes the case's bound or its wall time passes the case's limit, so a blow-up
never takes the machine down, and its peak RSS comes from the kernel (wait4's ru_maxrss).

Linux charges a child's ru_maxrss with the resident set of the process it was forked from
(fork starts the copy's high-water mark there, and exec records it), so this Python process
does not fork the child itself: measure_child.c, a small C program, forks it and reports its
wait4 figures, and the child is charged with no more than that program holds."""

import dataclasses
import os
import resource
import select
import signal
import subprocess
import tempfile
import time

POLL_SECONDS = 0.01
STREAM_CAP = 16 << 20  # bytes of stdout/stderr kept for the checks
HERE = os.path.dirname(os.path.abspath(__file__))


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


def build_measurer(work, compiler):
    """measure_child.c compiled for this host (cached in `work`), unsanitized whatever the
    build under test, so that what the child is charged at the fork stays small."""
    src = os.path.join(HERE, "measure_child.c")
    out = os.path.join(work, "measure_child")
    if os.path.exists(out) and os.path.getmtime(out) >= os.path.getmtime(src):
        return out
    os.makedirs(work, exist_ok=True)
    tmp = f"{out}.{os.getpid()}.tmp"
    subprocess.run([compiler, "-O2", "-o", tmp, src], check=True)
    os.replace(tmp, out)
    return out


def _read_report_line(fd, pending):
    """The next line the measurer wrote, reading more when `pending` holds no whole line;
    None at end of file."""
    while b"\n" not in pending:
        chunk = os.read(fd, 256)
        if not chunk:
            return None
        pending += chunk
    line, _, rest = pending.partition(b"\n")
    pending[:] = rest
    return line.decode()


def run(argv, *, measurer, cwd, rss_bound, seconds, stdin=None, env=None, nofile=None):
    """Runs argv under `measurer` (build_measurer's program), which forks it and reports its
    pid and, once it ends, its wait status and ru_maxrss: the child's own. The watchdog reads
    the child's VmRSS by that pid and has the measurer kill it."""
    def limit_child():
        if nofile is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as inp:
        if stdin:
            inp.write(stdin)
            inp.seek(0)
        report_r, report_w = os.pipe()
        start = time.monotonic()
        try:
            helper = subprocess.Popen([measurer, str(report_w), *argv], cwd=cwd, stdin=inp, stdout=out, stderr=err,
                                      env=env, pass_fds=(report_w,),
                                      preexec_fn=limit_child if nofile is not None else None)
        finally:
            os.close(report_w)
        pending = bytearray()
        first = _read_report_line(report_r, pending)
        pid = int(first.split()[1]) if first and first.startswith("pid ") else None
        killed_for = None
        peak_seen = 0
        final = None
        while pid is not None:
            ready, _, _ = select.select([report_r], [], [], POLL_SECONDS)
            if ready:
                final = _read_report_line(report_r, pending)
                break
            rss = _vm_rss(pid)
            peak_seen = max(peak_seen, rss)
            if killed_for is None:
                if rss > rss_bound:
                    killed_for = "rss"
                elif time.monotonic() - start > seconds:
                    killed_for = "time"
                if killed_for:
                    helper.send_signal(signal.SIGUSR1)  # the measurer kills it: it knows the pid is still its child's
        os.close(report_r)
        helper.wait()
        elapsed = time.monotonic() - start
        stdout, _ = _read_capped(out)
        stderr, stderr_size = _read_capped(err)
    if final is None or not final.startswith("status "):
        raise RuntimeError(f"measure_child reported {first!r}, {final!r}: {stderr[:300]!r}")
    words = final.split()
    status = os.waitstatus_to_exitcode(int(words[1]))
    return Outcome(
        status=status if status >= 0 else None,
        signal=-status if status < 0 else None,
        killed_for=killed_for,
        seconds=elapsed,
        peak_rss=max(int(words[3]) * 1024, peak_seen),
        stdout=stdout,
        stderr=stderr,
        stderr_size=stderr_size,
    )
