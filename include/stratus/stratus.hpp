// Umbrella header for the Stratus embedding API.
#pragma once

#include "stratus/engine.hpp"
#include "stratus/extern.hpp"
#include "stratus/host_func.hpp"
#include "stratus/instance.hpp"
#include "stratus/linker.hpp"
#include "stratus/module.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"
#include "stratus/trap.hpp"
#include "stratus/types.hpp"
#include "stratus/value.hpp"
