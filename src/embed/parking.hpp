// Parking a wasm call at a host call (exec/invoke.hpp's invoke_parkable), for the layers above
// that run stackful tasks: a call of a Store's function that a host function it calls may
// stop, and that goes on later with that host function's results.
#pragma once

#include <cstdint>
#include <span>

#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::exec {
struct FuncInst;
struct ParkedCall;
}  // namespace stratus::exec

namespace stratus::detail {

// A parked call: its own wasm stack, owned by whoever holds this (null: none).
using ParkedWasm = exec::ParkedCall*;

// As call_cells (stratus/extern.hpp), but a host function its wasm calls directly may park
// it (park_host_call): then the result is the parked call and `cells` is untouched; null
// when the call returned.
Result<ParkedWasm> call_cells_parkable(Store& store, exec::FuncInst* f, uint64_t* cells);
// Goes on with `parked` (consumed): the host call it parked at returns `host_results`.
// Parks again (a new ParkedWasm), returns (null; `cells` holds the results) or traps; a
// passed epoch deadline or interrupt() traps it before it runs.
Result<ParkedWasm> resume_cells(Store& store, ParkedWasm parked, std::span<const uint64_t> host_results,
                                uint64_t* cells);
// Frees a parked call that will not go on.
void discard_parked(ParkedWasm parked);

// For a host function of `store` while it runs: whether its caller's wasm can park.
bool may_park(Store& store);
// Parks the caller's wasm (may_park must have said yes): the host function returns this
// Error, and its call parks instead of trapping.
Error park_host_call(Store& store);

}  // namespace stratus::detail
