// wasi:cli@0.3.0's synchronous interfaces: environment, exit and the terminal-* ones, over
// the same context, exit trap and terminal objects as WASI 0.2's.
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "wasi/p2/host_shared.hpp"
#include "wasi/p3/host_support.hpp"
#include "wit/p3/wasi/cli/environment.hpp"
#include "wit/p3/wasi/cli/exit.hpp"
#include "wit/p3/wasi/cli/terminal_input.hpp"
#include "wit/p3/wasi/cli/terminal_output.hpp"
#include "wit/p3/wasi/cli/terminal_stderr.hpp"
#include "wit/p3/wasi/cli/terminal_stdin.hpp"
#include "wit/p3/wasi/cli/terminal_stdout.hpp"
#include "wit/p3/wasi/cli/types.hpp"

namespace stratus::wasi::p3 {
namespace {

namespace cli = wit::p3::wasi::cli;

class EnvironmentHost final : public cli::environment::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::vector<std::tuple<std::string, std::string>>> get_environment(Store& store) override {
    return p2::environment_list(ctx(store));
  }
  Result<std::vector<std::string>> get_arguments(Store& store) override { return ctx(store).args(); }
  Result<std::optional<std::string>> get_initial_cwd(Store& store) override { return ctx(store).initial_cwd(); }
};

class ExitHost final : public cli::exit::Host {
 public:
  Result<void> exit(Store&, bindings::WitResult<std::monostate, std::monostate> status) override {
    return p2::exit_trap(status.is_ok() ? 0 : 1);
  }
  Result<void> exit_with_code(Store&, uint8_t status_code) override { return p2::exit_trap(status_code); }
};

// wasi:cli/types has only types and what needs streams (left out by the bindings).
class TypesHost final : public cli::types::Host {};

class TerminalInputHost final : public cli::terminal_input::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<void> terminal_input_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<p2::TerminalInput>(ctx(store), rep);
  }
};
class TerminalOutputHost final : public cli::terminal_output::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<void> terminal_output_drop(Store& store, uint32_t rep) override {
    return p2::drop_object<p2::TerminalOutput>(ctx(store), rep);
  }
};
class TerminalStdinHost final : public cli::terminal_stdin::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::optional<bindings::Own<cli::terminal_input::TerminalInput>>> get_terminal_stdin(Store& store) override {
    return p2::terminal_if<p2::TerminalInput, cli::terminal_input::TerminalInput>(ctx(store), ctx(store).stdin_fd());
  }
};
class TerminalStdoutHost final : public cli::terminal_stdout::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::optional<bindings::Own<cli::terminal_output::TerminalOutput>>> get_terminal_stdout(Store& store) override {
    return p2::terminal_if<p2::TerminalOutput, cli::terminal_output::TerminalOutput>(ctx(store),
                                                                                    ctx(store).stdout_fd());
  }
};
class TerminalStderrHost final : public cli::terminal_stderr::Host, CtxHost {
 public:
  using CtxHost::CtxHost;
  Result<std::optional<bindings::Own<cli::terminal_output::TerminalOutput>>> get_terminal_stderr(Store& store) override {
    return p2::terminal_if<p2::TerminalOutput, cli::terminal_output::TerminalOutput>(ctx(store),
                                                                                    ctx(store).stderr_fd());
  }
};

}  // namespace

Result<void> add_cli_to_linker(component::Linker& linker, bindings::ResourceTypes& types, const p2::CtxLookup& lookup) {
  if (auto r = cli::environment::add_to_linker(
          linker, types, shared_host<cli::environment::Host>(std::make_shared<EnvironmentHost>(lookup)));
      !r)
    return r;
  if (auto r = cli::exit::add_to_linker(linker, types, shared_host<cli::exit::Host>(std::make_shared<ExitHost>()));
      !r)
    return r;
  if (auto r = cli::types::add_to_linker(linker, types, shared_host<cli::types::Host>(std::make_shared<TypesHost>()));
      !r)
    return r;
  if (auto r = cli::terminal_input::add_to_linker(
          linker, types, shared_host<cli::terminal_input::Host>(std::make_shared<TerminalInputHost>(lookup)));
      !r)
    return r;
  if (auto r = cli::terminal_output::add_to_linker(
          linker, types, shared_host<cli::terminal_output::Host>(std::make_shared<TerminalOutputHost>(lookup)));
      !r)
    return r;
  if (auto r = cli::terminal_stdin::add_to_linker(
          linker, types, shared_host<cli::terminal_stdin::Host>(std::make_shared<TerminalStdinHost>(lookup)));
      !r)
    return r;
  if (auto r = cli::terminal_stdout::add_to_linker(
          linker, types, shared_host<cli::terminal_stdout::Host>(std::make_shared<TerminalStdoutHost>(lookup)));
      !r)
    return r;
  return cli::terminal_stderr::add_to_linker(
      linker, types, shared_host<cli::terminal_stderr::Host>(std::make_shared<TerminalStderrHost>(lookup)));
}

}  // namespace stratus::wasi::p3
