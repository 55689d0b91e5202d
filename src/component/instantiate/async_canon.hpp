// The async built-ins (`canon waitable-set.new`, `stream.read`, `task.return`, ...) made into
// core host functions over the instance's handle table, with CanonicalABI.md's traps.
#pragma once

#include "component/instantiate/records.hpp"
#include "stratus/extern.hpp"
#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component::detail {

// `options`: the definition's canonical options (stream/future copies, task.return).
Result<Extern> make_async_builtin(Store& store, StoreRecords& records, Frame& frame, const ast::Canon& canon,
                                  CanonOptions options);

}  // namespace stratus::component::detail
