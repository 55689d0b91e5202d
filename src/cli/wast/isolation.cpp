#include "cli/wast/isolation.hpp"

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <new>
#include <thread>

namespace stratus::wast {

namespace {

// Shared, anonymous memory: the child's writes stay visible to the parent after it dies.
class SharedProgress {
 public:
  SharedProgress() {
    void* p = mmap(nullptr, sizeof(ScriptProgress), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) progress_ = new (p) ScriptProgress{};
  }
  ~SharedProgress() {
    if (progress_) munmap(progress_, sizeof(ScriptProgress));
  }
  SharedProgress(const SharedProgress&) = delete;
  SharedProgress& operator=(const SharedProgress&) = delete;

  ScriptProgress* get() const { return progress_; }

 private:
  ScriptProgress* progress_ = nullptr;
};

// The command in flight and all later ones were never verified, so they are failures.
Tally charge_unfinished(const ScriptProgress& progress) {
  Tally tally = progress.tally;
  const uint64_t done = progress.commands_done;
  const uint64_t total = progress.total_commands > done ? progress.total_commands : done + 1;
  tally.failed += total - done;
  return tally;
}

std::string unfinished_note(const ScriptProgress& progress, const std::string& how) {
  const uint64_t total = progress.total_commands > progress.commands_done ? progress.total_commands
                                                                          : progress.commands_done + 1;
  return how + " at line " + std::to_string(progress.current_line) + "; " +
         std::to_string(total - progress.commands_done) + " commands from there on counted as failed";
}

}  // namespace

IsolatedOutcome run_isolated(const std::function<void(ScriptProgress&)>& body, std::chrono::seconds timeout) {
  SharedProgress shared;
  if (!shared.get()) return {{0, 1, 0}, std::string("cannot map shared memory: ") + std::strerror(errno)};

  std::fflush(nullptr);  // or the child would print the parent's buffered output again
  const pid_t child = fork();
  if (child < 0) return {{0, 1, 0}, std::string("fork failed: ") + std::strerror(errno)};
  if (child == 0) {
    // Line-buffered so the failure details printed before a crash survive it.
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    body(*shared.get());
    std::fflush(nullptr);
    _exit(0);
  }

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t r = waitpid(child, &status, WNOHANG);
    if (r == child) break;
    if (r < 0 && errno != EINTR) return {charge_unfinished(*shared.get()), std::string("waitpid: ") + std::strerror(errno)};
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(child, SIGKILL);
      waitpid(child, &status, 0);
      return {charge_unfinished(*shared.get()),
              unfinished_note(*shared.get(), "timed out after " + std::to_string(timeout.count()) + " s")};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

  const ScriptProgress& progress = *shared.get();
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = sigabbrev_np(sig);
    return {charge_unfinished(progress),
            unfinished_note(progress, "crashed with signal " + std::to_string(sig) + " (SIG" + (name ? name : "?") + ")")};
  }
  if (WEXITSTATUS(status) != 0 || progress.commands_done < progress.total_commands)
    return {charge_unfinished(progress),
            unfinished_note(progress, "child exited with status " + std::to_string(WEXITSTATUS(status)))};
  return {progress.tally, {}};
}

IsolatedOutcome run_in_process(const std::function<void(ScriptProgress&)>& body) {
  ScriptProgress progress;
  body(progress);
  return {progress.tally, {}};
}

}  // namespace stratus::wast
