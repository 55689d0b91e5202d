"""What one hostile case is, and the checks on its stderr that several classes share."""

import dataclasses
import re
from typing import Callable

# Exit statuses of `stratus run` (src/cli/exit_codes.hpp).
OK = 0
USAGE = 2  # bad flags, unreadable or invalid module, link failure
TRAP = 134  # a trap, or --timeout expired
ERRNOS = set(range(1, 77))  # a module that proc_exits with the errno a WASI call returned

MiB = 1 << 20


@dataclasses.dataclass
class Case:
    name: str  # "<class>.<case>", as in known_failures.txt
    # Words after the `stratus` executable; "{module}" is replaced by the module's path and
    # "{work}" by the case's scratch directory.
    argv: list
    status: set  # acceptable exit statuses
    # The module's bytes, built when the case runs (big ones are not kept in memory).
    module: Callable[[], bytes] | None = None
    # Called with the scratch directory before the run (files, FIFOs); may return a cleanup.
    prepare: Callable | None = None
    # Bytes of input the runtime is given (default: the module's size); the RSS bound is a
    # multiple of it, plus what the guest asks for.
    input_bytes: int | None = None
    guest_bytes: int = 0  # linear memory and table storage the guest itself requests
    seconds: float = 10.0  # wall-time bound under Release (scaled for ASan)
    stdin: bytes | None = None
    nofile: int | None = None  # RLIMIT_NOFILE for the child
    # Each returns a problem description, or None.
    checks: list = dataclasses.field(default_factory=list)


def stderr_has(pattern, flags=re.I):
    regex = re.compile(pattern.encode() if isinstance(pattern, str) else pattern, flags)

    def check(outcome):
        if not regex.search(outcome.stderr):
            return f"stderr does not match /{pattern}/"
        return None

    return check


def stderr_lacks(pattern, flags=re.I):
    regex = re.compile(pattern.encode() if isinstance(pattern, str) else pattern, flags | re.M)

    def check(outcome):
        m = regex.search(outcome.stderr)
        if m:
            return f"stderr matches /{pattern}/: {m.group(0)[:80]!r}"
        return None

    return check


def stderr_at_most(limit):
    def check(outcome):
        if outcome.stderr_size > limit:
            return f"stderr is {outcome.stderr_size} bytes, bound {limit}"
        return None

    return check


def stdout_is(expected):
    def check(outcome):
        if outcome.stdout != expected:
            return f"stdout is {outcome.stdout[:200]!r}, want {expected[:200]!r}"
        return None

    return check


# A module the runtime refused for being too large, not for what its bytes say.
refused_for_size = [stderr_has(r"size|large|limit|exceed"), stderr_lacks(r"magic|not expected")]
