// wasi:cli: environment, exit, the stdio streams and the terminal interfaces, over the
// arguments, environment and stdio descriptors preview 1's context holds.
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "stratus/trap.hpp"
#include "wasi/p2/host_shared.hpp"
#include "wasi/p2/host_support.hpp"
#include "wit/wasi/cli/environment.hpp"
#include "wit/wasi/cli/exit.hpp"
#include "wit/wasi/cli/stderr.hpp"
#include "wit/wasi/cli/stdin.hpp"
#include "wit/wasi/cli/stdout.hpp"
#include "wit/wasi/cli/terminal_input.hpp"
#include "wit/wasi/cli/terminal_output.hpp"
#include "wit/wasi/cli/terminal_stderr.hpp"
#include "wit/wasi/cli/terminal_stdin.hpp"
#include "wit/wasi/cli/terminal_stdout.hpp"

namespace stratus::wasi::p2 {
namespace {

namespace cli = wit::wasi::cli;

class EnvironmentHost final : public cli::environment::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::vector<std::tuple<std::string, std::string>>> get_environment(Store& store) override {
    return environment_list(ctx(store));
  }
  Result<std::vector<std::string>> get_arguments(Store& store) override { return ctx(store).args(); }
  Result<std::optional<std::string>> initial_cwd(Store& store) override { return ctx(store).initial_cwd(); }
};

class ExitHost final : public cli::exit::Host {
 public:
  Result<void> exit(Store&, bindings::WitResult<std::monostate, std::monostate> status) override {
    return exit_trap(status.is_ok() ? 0 : 1);
  }
  Result<void> exit_with_code(Store&, uint8_t status_code) override { return exit_trap(status_code); }
};


class StdinHost final : public cli::stdin::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<bindings::Own<cli::stdin::InputStream>> get_stdin(Store& store) override {
    return new_input_stream(ctx(store), input_over(ctx(store).stdin_fd()));
  }
};
class StdoutHost final : public cli::stdout::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<bindings::Own<cli::stdout::OutputStream>> get_stdout(Store& store) override {
    return new_output_stream(ctx(store), output_over(ctx(store).stdout_fd()));
  }
};
class StderrHost final : public cli::stderr::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<bindings::Own<cli::stderr::OutputStream>> get_stderr(Store& store) override {
    return new_output_stream(ctx(store), output_over(ctx(store).stderr_fd()));
  }
};

class TerminalInputHost final : public cli::terminal_input::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<void> terminal_input_drop(Store& store, uint32_t rep) override {
    return drop_object<TerminalInput>(ctx(store), rep);
  }
};
class TerminalOutputHost final : public cli::terminal_output::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<void> terminal_output_drop(Store& store, uint32_t rep) override {
    return drop_object<TerminalOutput>(ctx(store), rep);
  }
};
class TerminalStdinHost final : public cli::terminal_stdin::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::optional<bindings::Own<cli::terminal_input::TerminalInput>>> get_terminal_stdin(Store& store) override {
    return terminal_if<TerminalInput, cli::terminal_input::TerminalInput>(ctx(store), ctx(store).stdin_fd());
  }
};
class TerminalStdoutHost final : public cli::terminal_stdout::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::optional<bindings::Own<cli::terminal_output::TerminalOutput>>> get_terminal_stdout(Store& store) override {
    return terminal_if<TerminalOutput, cli::terminal_output::TerminalOutput>(ctx(store), ctx(store).stdout_fd());
  }
};
class TerminalStderrHost final : public cli::terminal_stderr::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::optional<bindings::Own<cli::terminal_output::TerminalOutput>>> get_terminal_stderr(Store& store) override {
    return terminal_if<TerminalOutput, cli::terminal_output::TerminalOutput>(ctx(store), ctx(store).stderr_fd());
  }
};

// Every Host is stateless beyond the lookup: one per Linker, shared by its Stores.
template <class HostImpl, class Interface>
auto getter(std::shared_ptr<HostImpl> host) {
  return [host = std::move(host)](Store&) -> Interface& { return *host; };
}

}  // namespace

std::vector<std::tuple<std::string, std::string>> environment_list(WasiP2Ctx& ctx) {
  std::vector<std::tuple<std::string, std::string>> out;
  for (const auto& [name, value] : ctx.environment()) out.emplace_back(name, value);
  return out;
}

std::unique_ptr<InputStream> input_over(int fd) {
  if (fd < 0) return std::make_unique<MemoryInputStream>();
  return std::make_unique<FdInputStream>(fd);
}
std::unique_ptr<OutputStream> output_over(int fd) {
  if (fd < 0) {
    auto sink = std::make_shared<MemoryOutputStream::Sink>();
    sink->keep = false;
    return std::make_unique<MemoryOutputStream>(std::move(sink));
  }
  return std::make_unique<FdOutputStream>(fd);
}

Error exit_trap(int32_t status) {
  return Error(std::make_shared<const Trap>(TrapKind::Exit, "exit", std::vector<Frame>{}, status));
}

Result<void> add_cli_to_linker(component::Linker& linker, bindings::ResourceTypes& types, const CtxLookup& lookup) {
  if (auto r = cli::environment::add_to_linker(
          linker, types, getter<EnvironmentHost, cli::environment::Host>(std::make_shared<EnvironmentHost>(lookup)));
      !r)
    return r;
  if (auto r = cli::exit::add_to_linker(linker, types, getter<ExitHost, cli::exit::Host>(std::make_shared<ExitHost>()));
      !r)
    return r;
  if (auto r = cli::stdin::add_to_linker(linker, types,
                                         getter<StdinHost, cli::stdin::Host>(std::make_shared<StdinHost>(lookup)));
      !r)
    return r;
  if (auto r = cli::stdout::add_to_linker(linker, types,
                                          getter<StdoutHost, cli::stdout::Host>(std::make_shared<StdoutHost>(lookup)));
      !r)
    return r;
  if (auto r = cli::stderr::add_to_linker(linker, types,
                                          getter<StderrHost, cli::stderr::Host>(std::make_shared<StderrHost>(lookup)));
      !r)
    return r;
  if (auto r = cli::terminal_input::add_to_linker(
          linker, types,
          getter<TerminalInputHost, cli::terminal_input::Host>(std::make_shared<TerminalInputHost>(lookup)));
      !r)
    return r;
  if (auto r = cli::terminal_output::add_to_linker(
          linker, types,
          getter<TerminalOutputHost, cli::terminal_output::Host>(std::make_shared<TerminalOutputHost>(lookup)));
      !r)
    return r;
  if (auto r = cli::terminal_stdin::add_to_linker(
          linker, types,
          getter<TerminalStdinHost, cli::terminal_stdin::Host>(std::make_shared<TerminalStdinHost>(lookup)));
      !r)
    return r;
  if (auto r = cli::terminal_stdout::add_to_linker(
          linker, types,
          getter<TerminalStdoutHost, cli::terminal_stdout::Host>(std::make_shared<TerminalStdoutHost>(lookup)));
      !r)
    return r;
  return cli::terminal_stderr::add_to_linker(
      linker, types, getter<TerminalStderrHost, cli::terminal_stderr::Host>(std::make_shared<TerminalStderrHost>(lookup)));
}

}  // namespace stratus::wasi::p2
