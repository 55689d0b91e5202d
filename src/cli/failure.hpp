// How `stratus` reports a failure and picks its exit status (exit_codes.hpp).
#pragma once

#include <string>

#include "stratus/engine.hpp"
#include "stratus/result.hpp"

namespace stratus::cli {

// "stratus: error: MESSAGE" on stderr, the message made printable; returns kExitUsage.
int usage_error(const std::string& message);

// A failure while guest code runs: proc_exit's status, or a trap report with its backtrace
// (kExitTrap). `config` names the limits a trap may have hit; `timeout_expired` says whether
// an interrupt was --timeout's (else it was the Runtime's --max-execution-time).
int execution_failure(const Error& error, const EngineConfig& config, bool timeout_expired);

}  // namespace stratus::cli
