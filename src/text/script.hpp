// A spec test script (.wast) as commands: modules to define, actions, and assertions with the
// values they expect. The spec runners execute these, whichever form they were read from.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stratus/result.hpp"
#include "stratus/value.hpp"

namespace stratus::text {

// A script's `ref.extern N` as a host reference: N + 1, so that `ref.extern 0` is not null.
inline void* extern_ref_pointer(uint64_t n) { return reinterpret_cast<void*>(static_cast<uintptr_t>(n + 1)); }

enum class NanPattern : uint8_t { None, Canonical, Arithmetic };

struct LaneExpectation {
  uint64_t bits = 0;
  NanPattern nan = NanPattern::None;
};

// One expected result: exact bits, a NaN pattern, per-lane v128 values, or a reference.
struct Expectation {
  ValType type = ValType::I32;
  std::string lane_type;               // v128 only: i8, i16, i32, i64, f32 or f64
  std::vector<LaneExpectation> lanes;  // scalars and refs use exactly one lane
  bool ref_is_null = false;
  bool ref_any_non_null = false;  // `(ref.func)`, `(ref.extern)`: any non-null reference
  bool ref_of_any_type = false;   // `(ref.null)`: a null of any reference type
};

struct ScriptModule {
  enum class Form : uint8_t {
    Binary,    // `bytes` are a binary module (perhaps a malformed one)
    Text,      // `bytes` are text still to parse (`module quote`, or a .wat file)
    Unparsed,  // an inline text module that did not parse: `error` says why
  };
  Form form = Form::Binary;
  std::vector<uint8_t> bytes;
  std::string error;
};

struct Action {
  enum class Kind : uint8_t { Invoke, Get };
  Kind kind = Kind::Invoke;
  std::string module;  // empty: the latest module
  std::string field;
  std::vector<Val> args;
  std::vector<std::string> arg_lane_types;  // how to show each v128 argument ("i32" for others)
};

struct Command {
  enum class Type : uint8_t {
    Module,
    Register,
    Action,
    AssertReturn,
    AssertTrap,
    AssertExhaustion,
    AssertInvalid,
    AssertMalformed,
    AssertUnlinkable,
    AssertUninstantiable,
    Unsupported,  // a form the runners do not run (skipped, `text` says which)
    Unreadable,   // a command its reader could not make sense of (failed, `text` says why)
  };
  Type type = Type::Module;
  uint32_t line = 0;    // of its module or action, as wast2json counts (the key of the runner's lists)
  ScriptModule module;  // Module and the module assertions
  std::string name;     // Module: its `$name`; Register: the instance's (empty: the latest)
  std::string as;       // Register: the name imports use
  Action action;
  std::vector<Expectation> expected;
  std::string text;  // an assertion's expected message
};

std::string_view command_type_name(Command::Type type);  // "assert_return", ...

// The commands of a .wast script. A syntax error in the script itself is an
// ErrorKind::Malformed error with its line and column; a module that does not parse fails
// only its command (Form::Unparsed).
Result<std::vector<Command>> parse_script(std::string_view source);

}  // namespace stratus::text
