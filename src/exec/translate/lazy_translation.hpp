// Translation on a function's first call: what a module's code keeps to translate a body
// later, and the lock that makes one thread translate it while the others wait.
//
// Validation stays eager (a module is valid or not when compiled); only the lowering to
// internal code waits. Like V8's lazy compilation, the first call of a function goes down a
// slow path that translates it and publishes the result; later calls take the ordinary path
// (see CompiledFunc in exec/interp/code.hpp for how a caller tells the two apart for free).
#pragma once

#include <mutex>
#include <vector>

#include "exec/interp/code.hpp"
#include "exec/translate.hpp"

namespace stratus::exec {

struct LazyTranslation {
  TranslateOptions options;
  const std::vector<const FuncType*>* types = nullptr;  // engine-interned; outlive the code
  std::mutex lock;                                       // guards everything below
  CodeArena arena;
};

}  // namespace stratus::exec
