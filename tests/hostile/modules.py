"""Module shapes several classes share: trivial commands, and WASI-importing modules whose
_start makes one call and proc_exits with the errno it returned."""

from wasm_bytes import I32, I64, Module, call, END, i32_const, i64_const

WASI = "wasi_snapshot_preview1"

# name -> (params, results) of the preview-1 calls the cases use.
WASI_SIGNATURES = {
    "proc_exit": ([I32], []),
    "fd_write": ([I32] * 4, [I32]),
    "fd_read": ([I32] * 4, [I32]),
    "args_get": ([I32] * 2, [I32]),
    "args_sizes_get": ([I32] * 2, [I32]),
    "environ_get": ([I32] * 2, [I32]),
    "environ_sizes_get": ([I32] * 2, [I32]),
    "clock_time_get": ([I32, I64, I32], [I32]),
    "random_get": ([I32] * 2, [I32]),
    "poll_oneoff": ([I32] * 4, [I32]),
    "path_open": ([I32, I32, I32, I32, I32, I64, I64, I32, I32], [I32]),
    "fd_prestat_get": ([I32] * 2, [I32]),
    "fd_prestat_dir_name": ([I32] * 3, [I32]),
    "fd_readdir": ([I32, I32, I32, I64, I32], [I32]),
    "path_filestat_get": ([I32] * 5, [I32]),
    "sock_recv": ([I32] * 6, [I32]),
}


def empty_command():
    m = Module()
    m.func(export="_start")
    return m.encode()


def signed(value, bits):
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def const(valtype, value):
    """An i32/i64.const of `value` taken modulo 2^bits (so 0xFFFFFFFF is -1)."""
    return i64_const(signed(value, 64)) if valtype == I64 else i32_const(signed(value, 32))


def wasi_call(function, args, pages=1, data=()):
    """A command whose _start calls `function(*args)` and proc_exits with the errno.
    `args` are integers (typed by the signature); `data` is [(offset, bytes)] placed in memory."""
    m = Module()
    proc_exit = m.import_func(WASI, "proc_exit", *WASI_SIGNATURES["proc_exit"])
    params, results = WASI_SIGNATURES[function]
    target = proc_exit if function == "proc_exit" else m.import_func(WASI, function, params, results)
    assert len(args) == len(params), function
    m.memory(pages)
    for offset, blob in data:
        m.active_data(offset, blob)
    body = b"".join(const(t, v) for t, v in zip(params, args)) + call(target)
    if results:
        body += call(proc_exit)
    m.func(export="_start", body=body)
    return m.encode()


def memory_end(pages):
    return pages * 65536
