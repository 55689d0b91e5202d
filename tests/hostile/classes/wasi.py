"""WASI abuse: preview-1 calls with pointers, lengths and counts at and past the end of
linear memory, poll_oneoff with millions of subscriptions, descriptor exhaustion, and huge
argument and environment lists from the command line. Hand-built modules make one call and
proc_exit with its errno (so the exit status says whether the host refused it); the C program
programs/wasi_abuse.c covers what needs loops."""

import os
import subprocess

from case import ERRNOS, MiB, Case, OK, TRAP
from modules import memory_end, wasi_call

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGES = 1
END = memory_end(PAGES)
REFUSED = ERRNOS | {TRAP}  # an errno, or a trap for a pointer the host will not touch


def build_program(ctx, program):
    src = os.path.join(HERE, "programs", program + ".c")
    out_dir = os.path.join(ctx.work, "programs")
    out = os.path.join(out_dir, program + ".wasm")
    if os.path.exists(out) and os.path.getmtime(out) >= os.path.getmtime(src):
        return out
    os.makedirs(out_dir, exist_ok=True)
    tmp = f"{out}.{os.getpid()}.tmp"
    subprocess.run([ctx.clang, "--target=wasm32-wasi", "-O2", src, "-o", tmp], check=True)
    os.replace(tmp, out)
    return out


def sandbox(work):
    os.makedirs(os.path.join(work, "box"))
    with open(os.path.join(work, "box", "file.txt"), "w") as f:
        f.write("data\n")


def call_case(case_name, function, args, status=REFUSED, pages=PAGES, data=(), argv=(), **kw):
    return Case(f"wasi.{case_name}", ["run", "--dir", "{work}/box::.", *argv, "{module}"], status,
                module=lambda: wasi_call(function, args, pages, data), prepare=sandbox, **kw)


def iovec(buf, length):
    return buf.to_bytes(4, "little") + length.to_bytes(4, "little")


def subscription_cases():
    # An all-zero subscription is a relative clock of timeout 0 on the realtime clock: it
    # fires at once. 1M of them (48 MB in, 32 MB out) must all be answered.
    n = 1_000_000
    in_bytes, out_bytes = n * 48, n * 32
    pages = (in_bytes + out_bytes + 65536 + 65535) // 65536
    big_end = memory_end(pages)
    return [
        call_case("poll_oneoff_1m_clock_subscriptions", "poll_oneoff", [0, in_bytes, n, big_end - 4], status={OK},
                  pages=pages, guest_bytes=in_bytes + out_bytes, seconds=20.0),
        call_case("poll_oneoff_2g_subscriptions_in_bounds_start", "poll_oneoff", [0, 0, 0x80000000, 16]),
        call_case("poll_oneoff_4g_subscriptions", "poll_oneoff", [0, 0, 0xFFFFFFFF, 16]),
        call_case("poll_oneoff_1m_subscriptions_past_end", "poll_oneoff", [END - 48, 0, n, 16]),
        call_case("poll_oneoff_events_past_end", "poll_oneoff", [0, END - 16, 1, 16]),
        call_case("poll_oneoff_nevents_past_end", "poll_oneoff", [0, 64, 1, END - 2]),
        call_case("poll_oneoff_zero_subscriptions", "poll_oneoff", [0, 0, 0, 16]),
    ]


def cases(ctx):
    abuse = build_program(ctx, "wasi_abuse")
    c_case = lambda case_name, args, status={OK}, argv=(), **kw: Case(  # noqa: E731
        f"wasi.{case_name}", ["run", "--dir", "{work}/box::.", *argv, abuse, *args], status, prepare=sandbox,
        input_bytes=os.path.getsize(abuse), **kw)
    many_args = [f"a{i}" for i in range(100_000)]
    many_env = [f"--env=V{i}=x" for i in range(50_000)]
    out = [
        # fd_write / fd_read: iovec counts and buffers past the end, and wrapping.
        call_case("fd_write_iovs_len_2g", "fd_write", [1, 0, 0x80000000, 16]),
        call_case("fd_write_iovs_len_4g", "fd_write", [1, 0, 0xFFFFFFFF, 16]),
        call_case("fd_write_iovs_at_end", "fd_write", [1, END - 4, 1, 16]),
        call_case("fd_write_buf_len_4g", "fd_write", [1, 64, 1, 16], data=[(64, iovec(0, 0xFFFFFFFF))]),
        call_case("fd_write_buf_straddles_end", "fd_write", [1, 64, 1, 16], data=[(64, iovec(END - 1, 2))]),
        call_case("fd_write_buf_wraps", "fd_write", [1, 64, 1, 16], data=[(64, iovec(0xFFFFFFF0, 0x20))]),
        call_case("fd_write_nwritten_past_end", "fd_write", [1, 64, 0, END]),
        call_case("fd_write_64k_empty_iovecs", "fd_write", [1, 0, 8192, END - 4], status={OK} | ERRNOS),
        call_case("fd_read_iovs_len_2g", "fd_read", [0, 0, 0x80000000, 16]),
        call_case("fd_read_buf_past_end", "fd_read", [0, 64, 1, 16], data=[(64, iovec(END, 16))], stdin=b"abc"),
        call_case("fd_write_bad_fd", "fd_write", [0x7FFFFFFF, 0, 0, 16]),
        # Paths, args and environment into or out of buffers at the end.
        call_case("path_open_path_at_end", "path_open", [3, 0, END, 1, 0, 0, 0, 0, 16]),
        call_case("path_open_path_straddles_end", "path_open", [3, 0, END - 1, 2, 0, 0, 0, 0, 16]),
        call_case("path_open_path_len_4g", "path_open", [3, 0, 64, 0xFFFFFFFF, 0, 0, 0, 0, 16]),
        call_case("path_open_fd_out_past_end", "path_open", [3, 0, 64, 8, 0, 2, 0, 0, END - 2],
                  data=[(64, b"file.txt")]),
        call_case("args_get_argv_past_end", "args_get", [END - 2, 0]),
        call_case("args_get_buf_past_end", "args_get", [0, END - 1]),
        call_case("args_sizes_get_past_end", "args_sizes_get", [END, 0]),
        call_case("environ_get_past_end", "environ_get", [0, END - 1], argv=["--env", "A=" + "b" * 100]),
        call_case("environ_sizes_get_past_end", "environ_sizes_get", [0, END - 3]),
        call_case("clock_time_get_result_past_end", "clock_time_get", [1, 1, END - 4]),
        call_case("random_get_len_4g", "random_get", [0, 0xFFFFFFFF]),
        call_case("random_get_whole_memory", "random_get", [0, 16 * MiB], status={OK}, pages=256,
                  guest_bytes=16 * MiB),
        call_case("fd_prestat_dir_name_past_end", "fd_prestat_dir_name", [3, END, 4096]),
        call_case("fd_readdir_buf_len_4g", "fd_readdir", [3, 16, 0xFFFFFFF0, 0, 0]),
        call_case("path_filestat_get_past_end", "path_filestat_get", [3, 0, 64, 8, END - 8],
                  data=[(64, b"file.txt")]),
        call_case("sock_recv_on_file_huge_count", "sock_recv", [3, 0, 0xFFFFFFFF, 0, 16, 20]),
        call_case("proc_exit_status_4g", "proc_exit", [0xFFFFFFFF], status={255}),
    ]
    out += subscription_cases()
    out += [
        c_case("raw_calls_past_end", ["raw"], argv=["--env", "A=b"]),
        # Descriptor exhaustion: under a 1024-descriptor limit the guest hits an error, not
        # the host, and everything it closed can be opened again.
        c_case("fd_exhaustion_rounds", ["fds", "3"], nofile=1024, seconds=20.0),
        c_case("fd_open_close_churn", ["churn", "20000"], seconds=30.0),
        # 100,000 arguments and 50,000 environment variables from the command line.
        c_case("args_100k", ["args", str(len(many_args))] + many_args, seconds=20.0),
        c_case("env_50k", ["env", str(len(many_env))], argv=many_env, seconds=20.0),
        c_case("arg_128k_bytes", ["args", "1", "y" * (128 * 1024 - 1)]),
    ]
    return out
