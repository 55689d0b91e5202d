// A call written as text, `name(arg, ...)` with WAVE arguments, as `stratus run --invoke`
// takes it for a component (and wasmtime's `run --invoke` does): the function found among
// the exports as wasmtime finds it, the arguments typed by its parameters.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stratus/component/component.hpp"
#include "stratus/component/func.hpp"
#include "stratus/component/instance.hpp"
#include "stratus/component/val.hpp"
#include "stratus/result.hpp"

namespace stratus::component {

struct WaveCall {
  Func func;
  std::vector<Val> args;
};

// ErrorKind::Argument for text that is not a call or arguments that do not fit the
// parameters; ErrorKind::Link when no export (or more than one) has the name.
Result<WaveCall> prepare_wave_call(const Component& component, const Instance& instance, std::string_view text);

// The results as wasmtime's `--invoke` prints them: one value as itself, none as `()`.
std::string wave_results(std::span<const Val> results);

}  // namespace stratus::component
