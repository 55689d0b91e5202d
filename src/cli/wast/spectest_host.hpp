// The `spectest` module the spec scripts import, as the reference interpreter defines it.
#pragma once

#include "stratus/linker.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::wast {

// Defines every `spectest` export in `linker`; the memory, table and globals belong to
// `store`, so each script gets fresh ones. The print functions only print when `verbose`.
stratus::Result<void> define_spectest_module(stratus::Linker& linker, stratus::Store& store, bool verbose);

}  // namespace stratus::wast
