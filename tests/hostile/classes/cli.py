"""Command-line abuse: bad flags and values, durations and sizes out of range, module
paths that are missing, directories, unreadable, looping or absurdly long."""

import os

from case import Case, OK, TRAP, USAGE, stderr_has, stderr_lacks
from modules import empty_command
from wasm_bytes import I32, Module, END, i32_const

usage_error = [stderr_has(r"^stratus: error:"), stderr_lacks(r"^Error:")]


def spinning_command():
    """_start counts down 20M loop back-edges (tens of ms), so a timer that fires early is seen."""
    m = Module()
    m.func(export="_start", body=i32_const(20_000_000) + b"\x21\x00\x03\x40\x20\x00\x41\x01\x6b\x22\x00\x0d\x00" + END,
           locals_=[(1, I32)])
    return m.encode()


def cli(case_name, argv, status, build=empty_command, checks=None, **kw):
    return Case(f"cli.{case_name}", argv, status, module=build,
                checks=usage_error if checks is None and status == {USAGE} else (checks or []), **kw)


def timeout_rejected(case_name, value):
    """Durations a watchdog cannot represent are refused up front, naming the flag."""
    return cli(case_name, ["run", "--timeout", value, "{module}"], {USAGE}, build=spinning_command,
               checks=usage_error + [stderr_has("timeout")])


def unreadable(work):
    path = os.path.join(work, "locked.wasm")
    with open(path, "wb") as f:
        f.write(empty_command())
    os.chmod(path, 0)


def symlink_loop(work):
    os.symlink("b.wasm", os.path.join(work, "a.wasm"))
    os.symlink("a.wasm", os.path.join(work, "b.wasm"))


def module_dir(work):
    os.makedirs(os.path.join(work, "dir.wasm"))


def cases(ctx):
    root = os.geteuid() == 0  # root reads a mode-000 file
    out = [
        cli("no_command", [], {USAGE}, checks=[]),
        cli("unknown_command", ["frobnicate"], {USAGE}),
        cli("run_without_module", ["run"], {USAGE}),
        cli("run_double_dash_only", ["run", "--"], {USAGE}),
        cli("unknown_flag", ["run", "--no-such-flag", "{module}"], {USAGE}),
        cli("flag_missing_value", ["run", "{module}", "--dir"], {OK}),  # after the module: the guest's
        cli("dir_missing_value", ["run", "--dir"], {USAGE}),
        cli("dir_empty", ["run", "--dir", "", "{module}"], {USAGE}),
        cli("dir_empty_guest", ["run", "--dir", ".::", "{module}"], {USAGE}),
        cli("dir_missing", ["run", "--dir", "/nonexistent/dir", "{module}"], {USAGE}),
        cli("env_empty", ["run", "--env", "", "{module}"], {USAGE}),
        cli("env_no_name", ["run", "--env", "=value", "{module}"], {USAGE}),
        cli("env_unset_host_var", ["run", "--env", "STRATUS_HOSTILE_SURELY_UNSET", "{module}"], {USAGE}),
        cli("max_memory_garbage", ["run", "--max-memory", "lots", "{module}"], {USAGE}),
        cli("max_memory_negative", ["run", "--max-memory", "-1", "{module}"], {USAGE}),
        cli("max_memory_zero", ["run", "--max-memory", "0", "{module}"], {USAGE}),
        cli("max_memory_overflow", ["run", "--max-memory", "99999999999999999999GiB", "{module}"], {USAGE}),
        cli("max_memory_u64_overflow_unit", ["run", "--max-memory", "17179869184GiB", "{module}"], {USAGE}),
        cli("max_memory_float", ["run", "--max-memory", "1e9", "{module}"], {USAGE}),
        cli("max_memory_u64_max", ["run", "--max-memory", "18446744073709551615", "{module}"], {OK, USAGE},
            checks=[]),
        cli("max_wasm_stack_garbage", ["run", "--max-wasm-stack", "deep", "{module}"], {USAGE}),
        cli("max_wasm_stack_negative", ["run", "--max-wasm-stack", "-1", "{module}"], {USAGE}),
        cli("max_wasm_stack_overflow", ["run", "--max-wasm-stack", "99999999999999999999GiB", "{module}"], {USAGE}),
        cli("max_module_size_garbage", ["run", "--max-module-size", "big", "{module}"], {USAGE}),
        cli("max_module_size_overflow", ["run", "--max-module-size", "99999999999999999999GiB", "{module}"], {USAGE}),
        cli("tcplisten_garbage", ["run", "--tcplisten", "not-an-address", "{module}"], {USAGE}),
        cli("tcplisten_bad_port", ["run", "--tcplisten", "127.0.0.1:99999", "{module}"], {USAGE}),
        cli("tcplisten_bad_ip", ["run", "--tcplisten", "999.1.1.1:80", "{module}"], {USAGE}),
        cli("invoke_missing_export", ["run", "--invoke", "nope", "{module}"], {USAGE}),
        cli("invoke_too_many_values", ["run", "--invoke", "_start", "{module}", "1", "2"], {USAGE}),
        cli("invoke_empty_name", ["run", "--invoke", "", "{module}"], {USAGE}),
        # --timeout: durations a watchdog cannot represent, and nonsense, are usage errors.
        timeout_rejected("timeout_1e10", "1e10"),
        timeout_rejected("timeout_9_3e9", "9.3e9"),
        timeout_rejected("timeout_inf", "inf"),
        timeout_rejected("timeout_minus_inf", "-inf"),
        timeout_rejected("timeout_nan", "nan"),
        timeout_rejected("timeout_1e309", "1e309"),
        timeout_rejected("timeout_minus_1", "-1"),
        timeout_rejected("timeout_zero", "0"),
        timeout_rejected("timeout_underflow", "1e-400"),
        timeout_rejected("timeout_garbage", "soon"),
        timeout_rejected("timeout_empty", ""),
        cli("timeout_one_hour", ["run", "--timeout", "3600", "{module}"], {OK}, build=spinning_command),
        cli("timeout_tiny", ["run", "--timeout", "0.001", "{module}"], {OK, TRAP}, build=spinning_command),
        # Module paths.
        cli("module_missing", ["run", "/nonexistent/prog.wasm"], {USAGE}),
        cli("module_empty_path", ["run", ""], {USAGE}),
        cli("module_is_directory", ["run", "{work}/dir.wasm"], {USAGE}, prepare=module_dir),
        cli("module_is_root", ["run", "/"], {USAGE}),
        cli("module_dev_null", ["run", "/dev/null"], {USAGE}),
        cli("module_symlink_loop", ["run", "{work}/a.wasm"], {USAGE}, prepare=symlink_loop),
        cli("module_path_too_long", ["run", "/" + "x" * 5000], {USAGE}),
        cli("module_unreadable", ["run", "{work}/locked.wasm"], {OK} if root else {USAGE}, prepare=unreadable,
            checks=[] if root else None),
        cli("module_is_dash", ["run", "-"], {USAGE}),
        cli("module_stdin_pipe_empty", ["run", "/dev/stdin"], {USAGE}, stdin=b""),
        cli("module_proc_self_mem", ["run", "/proc/self/mem"], {USAGE}),
    ]
    return out
