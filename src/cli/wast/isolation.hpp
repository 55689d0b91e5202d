// Runs one script in a forked child so an engine crash or hang costs that script only.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "cli/wast/tally.hpp"

namespace stratus::wast {

struct IsolatedOutcome {
  Tally tally;
  std::string abnormal_end;  // empty when the child finished normally
};

// `body` runs in the child and reports into the progress it is given, which the parent can
// still read after the child dies. If the child crashes, exits early or outlives `timeout`,
// the command it was on and every command it never reached count as failed.
IsolatedOutcome run_isolated(const std::function<void(ScriptProgress&)>& body, std::chrono::seconds timeout);

// The same accounting without a child, for debugging under gdb.
IsolatedOutcome run_in_process(const std::function<void(ScriptProgress&)>& body);

}  // namespace stratus::wast
