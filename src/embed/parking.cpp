#include "embed/parking.hpp"

#include <memory>
#include <string>

#include "embed/limits_and_epochs.hpp"
#include "embed/store_impl.hpp"
#include "exec/invoke.hpp"

namespace stratus::detail {

namespace {

Result<ParkedWasm> outcome_of(StoreImpl& s, exec::ParkOutcome outcome) {
  if (outcome.trap) [[unlikely]]
    return describe_trap(s, std::move(outcome.trap));
  return outcome.parked;
}

}  // namespace

Result<ParkedWasm> call_cells_parkable(Store& store, exec::FuncInst* f, uint64_t* cells) {
  StoreImpl& s = impl(store);
  if (!f || !s.owns(f)) return Error(ErrorKind::Argument, "call: the function is null or belongs to a different Store");
  return outcome_of(s, exec::invoke_parkable(*s.env, f, cells));
}

Result<ParkedWasm> resume_cells(Store& store, ParkedWasm parked, std::span<const uint64_t> host_results,
                                uint64_t* cells) {
  StoreImpl& s = impl(store);
  return outcome_of(s, exec::resume_parked(*s.env, parked, host_results, cells));
}

void discard_parked(ParkedWasm parked) { exec::discard_parked(parked); }

bool may_park(Store& store) { return exec::may_park(*impl(store).env); }

Error park_host_call(Store& store) {
  exec::request_park(*impl(store).env);
  return Error(ErrorKind::Host, "the host call parked its caller");
}

}  // namespace stratus::detail
