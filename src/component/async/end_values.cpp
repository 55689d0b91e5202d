#include "component/async/end_values.hpp"

#include <memory>
#include <string>

#include "component/abi/traps.hpp"
#include "component/async/waitables.hpp"

namespace stratus::component::async {

namespace {

ElementShape element_of(const abi::LiftLowerContext& cx, ValType t) {
  return ElementShape::of(t.kind == ValKind::Future ? cx.types.futures[t.index].value
                                                    : cx.types.streams[t.index].element);
}

Result<void> check_tables(const abi::LiftLowerContext& cx) {
  if (!cx.handles || !cx.host_handles)
    return abi::host_value_error("passing a stream or future needs the instance's and the host's handle tables");
  return {};
}

}  // namespace

Result<Val> lift_end(abi::LiftLowerContext& cx, ValType t, uint32_t index) {
  if (auto ok = check_tables(cx); !ok) return ok.error();
  const bool future = t.kind == ValKind::Future;
  auto found = CopyEnd::at(*cx.handles, index, future, true);
  if (!found) return found.error();
  CopyEnd& e = **found;
  const std::string which = std::string(e.kind_name()) + " " + std::to_string(index);
  if (e.state != CopyState::Idle)
    return abi::abi_trap("cannot pass " + which + ": " +
                         (e.copying() ? "a copy on it is in progress"
                                      : "it is done (its writer was dropped, or the future's value was read)"));
  if (e.in_set()) return abi::abi_trap("cannot pass " + which + ": it is joined to a waitable set");
  if (auto ok = e.shared->check_element(element_of(cx, t)); !ok) return ok.error();
  // The same end moves, so nothing drops it on the way.
  std::shared_ptr<CopyEnd> held = *found;
  (void)cx.handles->remove_element<CopyEnd>(index, e.kind_name());
  auto host_index = cx.host_handles->add(held);
  if (!host_index) return host_index.error();
  held->index = *host_index;
  if (future) return Val(FutureHandle{*host_index});
  return Val(StreamHandle{*host_index});
}

Result<uint32_t> lower_end(abi::LiftLowerContext& cx, ValType t, const Val& v) {
  if (auto ok = check_tables(cx); !ok) return ok.error();
  const bool future = t.kind == ValKind::Future;
  const char* kind = future ? "future" : "stream";
  uint32_t host_index = 0;
  if (future && v.is<FutureHandle>()) {
    host_index = v.as<FutureHandle>().index;
  } else if (!future && v.is<StreamHandle>()) {
    host_index = v.as<StreamHandle>().index;
  } else {
    return abi::host_value_error(std::string("expected a `") + kind + "` value (a " +
                                 (future ? "FutureHandle" : "StreamHandle") + ")");
  }
  auto found = CopyEnd::at(*cx.host_handles, host_index, future, true);
  if (!found)
    return abi::host_value_error(std::string("the host holds no readable ") + kind + " end " +
                                 std::to_string(host_index) +
                                 " (never made, already passed on, or taken by a reader): " + found.error().message());
  std::shared_ptr<SharedChannel> shared = (*found)->shared;
  const ElementShape want = element_of(cx, t);
  if (!shared->element().matches(want))
    return abi::host_value_error(std::string("a ") + kind + " of " + shared->element().describe() +
                                 " passed where one of " + want.describe() + " is expected");
  shared->learn_element(want);
  std::shared_ptr<CopyEnd> end = *found;
  (void)cx.host_handles->remove_element<CopyEnd>(host_index, end->kind_name());
  auto index = cx.handles->add(end);
  if (!index) return index.error();
  end->index = *index;
  return *index;
}

}  // namespace stratus::component::async
