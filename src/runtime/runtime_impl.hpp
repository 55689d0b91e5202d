// What a Runtime handle shares.
#pragma once

#include "stratus/runtime.hpp"

namespace stratus {

struct Runtime::Impl {
  Engine engine;
  RuntimeSettings settings;
  bool pooling = false;
};

}  // namespace stratus
