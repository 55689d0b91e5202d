#include "cli/wast/script_runner.hpp"

#include <cstdio>
#include <exception>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/wast/error_text.hpp"
#include "cli/wast/expectation.hpp"
#include "cli/wast/outcome.hpp"
#include "cli/wast/spectest_host.hpp"
#include "stratus/stratus.hpp"
#include "stratus/text.hpp"

namespace stratus::wast {

namespace {

using text::Command;
using Type = text::Command::Type;

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// The engine's answer to an action, or why the action could not even be attempted.
struct ActionAttempt {
  std::optional<Outcome> not_attempted;
  Result<std::vector<Val>> result = std::vector<Val>{};
  std::string description;  // `invoke "f"(args)` for failure reports
};

class ScriptRunner {
 public:
  explicit ScriptRunner(const RunOptions& options) : options_(options) {
    // Scripts re-register names (the reference harness just overwrites its registry).
    linker_.allow_shadowing(true);
    if (auto r = define_spectest_module(linker_, store_, options.verbose); !r)
      std::printf("  note: the spectest host module is incomplete: %s\n", error_text(r.error()).c_str());
  }

  Outcome run(const Command& command) {
    line_ = command.line;
    switch (command.type) {
      case Type::Module: return define_module(command);
      case Type::Register: return register_instance(command);
      case Type::Action: return plain_action(command);
      case Type::AssertReturn: return assert_return(command);
      case Type::AssertTrap: return assert_trap(command, false);
      case Type::AssertExhaustion: return assert_trap(command, true);
      case Type::AssertInvalid: return assert_rejected(command, ErrorKind::Invalid);
      case Type::AssertMalformed: return assert_rejected(command, ErrorKind::Malformed);
      case Type::AssertUnlinkable: return assert_not_instantiated(command, ErrorKind::Link);
      case Type::AssertUninstantiable: return assert_not_instantiated(command, ErrorKind::Trap);
      case Type::Unsupported: return Outcome::skip(command.text);
      case Type::Unreadable: return Outcome::fail("bad command", command.text);
    }
    return Outcome::fail("bad command", "unknown command type");
  }

  // An assertion a later spec revision reversed: its module must now be accepted.
  Outcome superseded(const Command& command, const std::string& reason) {
    if (command.type != Type::AssertInvalid)
      return Outcome::fail("bad superseded entry", "only assert_invalid commands can be listed, not " +
                                                       std::string(text::command_type_name(command.type)));
    auto module = compile(command.module);
    if (!module)
      return Outcome::fail("superseded assertion", "valid since " + reason + ", but: " + error_text(module.error()));
    return Outcome::pass();
  }

 private:
  // A binary, text to parse, or an inline text module the script reader could not parse.
  Result<Module> compile(const text::ScriptModule& source) {
    using Form = text::ScriptModule::Form;
    if (source.form == Form::Unparsed) return Error(ErrorKind::Malformed, source.error);
    if (source.form == Form::Text) {
      const std::string_view wat(reinterpret_cast<const char*>(source.bytes.data()), source.bytes.size());
      auto binary = text::wat_to_binary(wat);
      if (!binary) return binary.error();
      return Module::compile(engine_, *binary);
    }
    return Module::compile(engine_, source.bytes);
  }

  Outcome define_module(const Command& command) {
    const std::string& name = command.name;
    // Until this module is up, commands meant for it must not reach its predecessor.
    current_.reset();
    current_known_ = true;
    if (!name.empty()) named_[name].reset();

    auto module = compile(command.module);
    if (!module) return Outcome::fail("module did not compile", error_text(module.error()));
    auto instance = linker_.instantiate(store_, *module);
    if (!instance) return Outcome::fail("module did not instantiate", error_text(instance.error()));
    modules_.push_back(*module);
    current_ = *instance;
    if (!name.empty()) named_[name] = *instance;
    return Outcome::pass();
  }

  // Which instance a command means: a named one, or the latest module.
  std::optional<Instance> resolve(const std::string& name, Outcome& why_not) const {
    if (!name.empty()) {
      auto it = named_.find(name);
      if (it == named_.end()) {
        why_not = Outcome::fail("no module", "no module named " + name);
        return std::nullopt;
      }
      if (!it->second) why_not = Outcome::fail("no module", "module " + name + " failed earlier");
      return it->second;
    }
    if (!current_)
      why_not = Outcome::fail("no module", current_known_ ? "the latest module failed earlier" : "no module yet");
    return current_;
  }

  Outcome register_instance(const Command& command) {
    Outcome why_not;
    auto instance = resolve(command.name, why_not);
    if (!instance) return why_not;
    if (auto r = linker_.define_instance(command.as, *instance); !r)
      return Outcome::fail("register failed", error_text(r.error()));
    return Outcome::pass();
  }

  ActionAttempt perform(const text::Action& action) {
    ActionAttempt attempt;
    const bool is_get = action.kind == text::Action::Kind::Get;
    attempt.description = std::string(is_get ? "get" : "invoke") + " " + quoted(action.field);
    if (!action.module.empty()) attempt.description += " in " + action.module;

    Outcome why_not;
    auto instance = resolve(action.module, why_not);
    if (!instance) {
      why_not.detail = attempt.description + ": " + why_not.detail;
      attempt.not_attempted = why_not;
      return attempt;
    }

    if (is_get) {
      auto global = instance->get_global(action.field);
      if (!global) {
        attempt.not_attempted = Outcome::fail("missing export", attempt.description + ": no global export");
        return attempt;
      }
      attempt.result = std::vector<Val>{global->get()};
      return attempt;
    }

    auto func = instance->get_func(action.field);
    if (!func) {
      attempt.not_attempted = Outcome::fail("missing export", attempt.description + ": no function export");
      return attempt;
    }
    std::vector<ValType> arg_types;
    std::string shown_args;
    for (size_t i = 0; i < action.args.size(); ++i) {
      arg_types.push_back(action.args[i].type());
      const std::string lane_type = i < action.arg_lane_types.size() ? action.arg_lane_types[i] : "i32";
      shown_args += (shown_args.empty() ? "" : ", ") + describe(action.args[i], lane_type);
    }
    attempt.description += "(" + shown_args + ")";
    // A mismatch here is the script's or the export table's fault; don't let it reach the engine.
    if (func->type().params != arg_types) {
      attempt.not_attempted =
          Outcome::fail("wrong export type", attempt.description + ": export has type " + to_string(func->type()));
      return attempt;
    }
    attempt.result = func->call(store_, action.args);
    return attempt;
  }

  Outcome plain_action(const Command& command) {
    ActionAttempt attempt = perform(command.action);
    if (attempt.not_attempted) return *attempt.not_attempted;
    if (!attempt.result) return unexpected_error(attempt);
    return Outcome::pass();
  }
  static Outcome unexpected_error(const ActionAttempt& attempt) {
    const Error& error = attempt.result.error();
    const char* category = error.kind() == ErrorKind::Trap ? "unexpected trap" : "unexpected error";
    return Outcome::fail(category, attempt.description + ": " + error_text(error));
  }

  Outcome assert_return(const Command& command) {
    ActionAttempt attempt = perform(command.action);
    if (attempt.not_attempted) return *attempt.not_attempted;
    if (!attempt.result) return unexpected_error(attempt);

    const std::vector<text::Expectation>& expected = command.expected;
    const std::vector<Val>& got = *attempt.result;

    bool all_match = got.size() == expected.size();
    for (size_t i = 0; all_match && i < got.size(); ++i) all_match = matches(expected[i], got[i]);
    if (all_match) return Outcome::pass();

    std::string want_text, got_text;
    for (size_t i = 0; i < expected.size(); ++i) want_text += (i ? ", " : "") + describe(expected[i]);
    for (size_t i = 0; i < got.size(); ++i)
      got_text += (i ? ", " : "") + describe(got[i], i < expected.size() ? expected[i].lane_type : "i32");
    const char* category = got.size() == expected.size() ? "wrong result" : "wrong result count";
    return Outcome::fail(category, attempt.description + ": expected (" + want_text + "), got (" + got_text + ")");
  }

  // The trap kind whose spec wording the expected text starts with, to tell wrong wording
  // apart from a different trap.
  static std::optional<TrapKind> kind_for_text(const std::string& text) {
    for (uint8_t k = 0; k <= static_cast<uint8_t>(TrapKind::Exit); ++k) {
      const auto kind = static_cast<TrapKind>(k);
      const std::string_view wording = trap_message(kind);
      if (!wording.empty() && text.starts_with(wording)) return kind;
    }
    return std::nullopt;
  }

  static Outcome check_trap(const Error& error, const std::string& expected_text, const std::string& context) {
    if (error.kind() != ErrorKind::Trap)
      return Outcome::fail("error instead of trap",
                           context + ": expected trap \"" + expected_text + "\", got " + error_text(error));
    const std::string actual = trap_text(error);
    if (message_matches(actual, expected_text)) return Outcome::pass();
    const bool same_kind = error.trap() && kind_for_text(expected_text) == error.trap()->kind();
    return Outcome::fail(same_kind ? "trap wording" : "wrong trap",
                         context + ": expected \"" + expected_text + "\", got \"" + actual + "\"");
  }

  Outcome assert_trap(const Command& command, bool exhaustion) {
    ActionAttempt attempt = perform(command.action);
    if (attempt.not_attempted) return *attempt.not_attempted;
    const std::string& text = command.text;
    if (attempt.result) {
      std::string got_text;
      for (const Val& v : *attempt.result) got_text += (got_text.empty() ? "" : ", ") + describe(v);
      return Outcome::fail(exhaustion ? "no exhaustion" : "no trap",
                           attempt.description + ": expected \"" + text + "\", returned (" + got_text + ")");
    }
    return check_trap(attempt.result.error(), text, attempt.description);
  }

  Outcome assert_rejected(const Command& command, ErrorKind expected_kind) {
    const std::string& text = command.text;
    const std::string wanted(kind_name(expected_kind));
    auto module = compile(command.module);
    if (module) return Outcome::fail(wanted + " module accepted", "expected \"" + text + "\"");
    const Error& error = module.error();
    if (error.kind() == expected_kind) {
      if (options_.verbose && !message_matches(error.message(), text))
        std::printf("  note: line %u: expected \"%s\", engine said \"%s\"\n", line_, text.c_str(),
                    error.message().c_str());
      return Outcome::pass();
    }
    return Outcome::fail(wanted + " module reported as " + std::string(kind_name(error.kind())),
                         "expected \"" + text + "\", got " + error_text(error));
  }

  Outcome assert_not_instantiated(const Command& command, ErrorKind expected_kind) {
    const std::string& text = command.text;
    auto module = compile(command.module);
    if (!module) return Outcome::fail("module did not compile", error_text(module.error()));
    auto instance = linker_.instantiate(store_, *module);
    // Keep whatever the module created alive: a partly initialized instance may be shared.
    modules_.push_back(*module);
    const char* what = expected_kind == ErrorKind::Link ? "unlinkable module" : "uninstantiable module";
    if (instance) return Outcome::fail(std::string(what) + " instantiated", "expected \"" + text + "\"");
    const Error& error = instance.error();
    if (expected_kind == ErrorKind::Trap) return check_trap(error, text, "instantiation");
    if (error.kind() != ErrorKind::Link)
      return Outcome::fail("link error reported as " + std::string(kind_name(error.kind())),
                           "expected \"" + text + "\", got " + error_text(error));
    if (!message_matches(error.message(), text))
      return Outcome::fail("link error wording", "expected \"" + text + "\", got \"" + error.message() + "\"");
    return Outcome::pass();
  }

 private:
  uint32_t line_ = 0;  // of the command being run, for notes
  RunOptions options_;
  Engine engine_;
  Store store_{engine_};
  Linker linker_{engine_};
  std::vector<Module> modules_;  // compiled modules outlive every instance made from them
  std::optional<Instance> current_;
  bool current_known_ = false;  // a module command has run, so an empty current_ means it failed
  std::map<std::string, std::optional<Instance>> named_;
};

// A command known_failures.txt lists: its failure is expected, its success news.
Outcome as_known_failure(const Outcome& outcome, const std::string& reason) {
  switch (outcome.status) {
    case Outcome::Status::Failed: return Outcome::skip("known failure (" + reason + "): " + outcome.detail);
    case Outcome::Status::Passed:
      return Outcome::fail("known failure passes", "remove it from known_failures.txt (" + reason + ")");
    case Outcome::Status::Skipped: break;
  }
  return outcome;
}

}  // namespace

void run_commands(const std::vector<Command>& commands, const std::string& display_name, const RunOptions& options,
                  ScriptProgress& progress) {
  progress.total_commands = commands.size();
  ScriptRunner runner(options);
  uint64_t failures = 0;
  auto report_failure = [&](uint32_t line, const std::string& type, const Outcome& outcome) {
    ++progress.tally.failed;
    if (options.verbose || ++failures <= options.max_failure_details)
      std::printf("  FAIL %s:%u %s [%s] %s\n", display_name.c_str(), line, type.c_str(), outcome.category.c_str(),
                  outcome.detail.c_str());
  };
  size_t listed_seen = 0;
  for (const Command& command : commands) {
    const uint32_t line = command.line;
    progress.current_line = line;
    const std::string type(text::command_type_name(command.type));
    const std::string key = command_key(display_name, line);
    const auto superseded = options.superseded.find(key);
    const auto known = options.known_failures.find(key);
    listed_seen += (superseded != options.superseded.end()) + (known != options.known_failures.end());
    Outcome outcome;
    try {
      if (superseded != options.superseded.end()) {
        outcome = runner.superseded(command, superseded->second);
      } else {
        outcome = runner.run(command);
      }
    } catch (const ScriptFormatError& e) {
      outcome = Outcome::fail("bad command", e.what());
    } catch (const std::exception& e) {
      outcome = Outcome::fail("exception", e.what());
    }
    if (known != options.known_failures.end()) outcome = as_known_failure(outcome, known->second);
    switch (outcome.status) {
      case Outcome::Status::Passed: ++progress.tally.passed; break;
      case Outcome::Status::Skipped: ++progress.tally.skipped; break;
      case Outcome::Status::Failed: report_failure(line, type, outcome); break;
    }
    ++progress.commands_done;
  }
  const size_t listed =
      entries_of_script(options.superseded, display_name) + entries_of_script(options.known_failures, display_name);
  if (listed != listed_seen)
    report_failure(
        0, "lists",
        Outcome::fail("stale entry", std::to_string(listed - listed_seen) +
                                         " line(s) of superseded.txt or known_failures.txt name no command"));
  if (!options.verbose && failures > options.max_failure_details)
    std::printf("  ... %llu more failures (--verbose shows all)\n",
                static_cast<unsigned long long>(failures - options.max_failure_details));
}

std::string script_display_name(const std::string& path) {
  const std::filesystem::path p = std::filesystem::absolute(path).lexically_normal();
  const std::string stem = p.stem().string();
  const std::filesystem::path folder = p.parent_path();
  if (folder.filename() == stem) return folder.parent_path().filename().string() + "/" + stem;
  return folder.filename().string() + "/" + stem;
}

}  // namespace stratus::wast
