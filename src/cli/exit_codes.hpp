// The `stratus` process's exit statuses; `stratus help run` prints the same table.
#pragma once

namespace stratus::cli {

// 0..255 otherwise: the guest's proc_exit status (low 8 bits), or 0 when _start returns.
inline constexpr int kExitUsage = 2;   // bad flags, unreadable or invalid module, link failure
inline constexpr int kExitTrap = 134;  // the guest trapped (or --timeout expired); like SIGABRT

inline constexpr const char* kExitCodeHelp =
    "Exit status:\n"
    "  N      the program's exit code: its proc_exit(N) status (low 8 bits), or 0 when _start returns\n"
    "  2      usage error, unreadable file, invalid module or unresolved import\n"
    "  134    the program trapped (message and wasm backtrace on stderr), or --timeout expired\n";

}  // namespace stratus::cli
