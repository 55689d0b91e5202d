#include "wasi/p2/resource_table.hpp"

#include <string>

#include "stratus/trap.hpp"

namespace stratus::wasi::p2 {

Error invalid_handle(std::string message) {
  return Error(std::make_shared<const Trap>(TrapKind::InvalidResourceHandle, std::move(message)));
}

Result<uint32_t> ResourceTable::push(std::unique_ptr<HostObject> object) {
  if (live_ >= max_objects_)
    return Error(std::make_shared<const Trap>(
        TrapKind::HostTrap, "the guest holds " + std::to_string(live_) +
                                " WASI host resources (streams, pollables, descriptors, ...), the most this host "
                                "allows (WasiP2Config::max_resources); it must drop some before making more"));
  uint32_t rep;
  if (free_head_ != kNoParent) {
    rep = free_head_;
    free_head_ = slots_[rep].next_free;
  } else {
    rep = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  slots_[rep] = Slot{std::move(object), kNoParent, 0, kNoParent};
  ++live_;
  return rep;
}

Result<uint32_t> ResourceTable::push_child(std::unique_ptr<HostObject> object, uint32_t parent) {
  if (!contains(parent))
    return invalid_handle("the parent resource " + std::to_string(parent) + " of a new " +
                          std::string(object->resource_name()) + " is not live");
  auto rep = push(std::move(object));
  if (!rep) return rep;
  slots_[*rep].parent = parent;
  ++slots_[parent].children;
  return rep;
}

Result<HostObject*> ResourceTable::get_any(uint32_t rep) {
  if (!contains(rep)) return invalid_handle("unknown or dropped WASI resource (rep " + std::to_string(rep) + ")");
  return slots_[rep].object.get();
}

Error ResourceTable::wrong_type(uint32_t rep, const HostObject* object) const {
  return invalid_handle("WASI resource " + std::to_string(rep) + " is a " + std::string(object->resource_name()) +
                        ", not the resource this call takes");
}

Result<std::unique_ptr<HostObject>> ResourceTable::remove(uint32_t rep) {
  if (!contains(rep)) return invalid_handle("drop of an unknown or dropped WASI resource (rep " + std::to_string(rep) + ")");
  Slot& slot = slots_[rep];
  if (slot.children != 0)
    return invalid_handle("the " + std::string(slot.object->resource_name()) + " " + std::to_string(rep) +
                          " was dropped while " + std::to_string(slot.children) +
                          " resource(s) made from it (pollables, streams) were still alive; drop those first");
  if (slot.parent != kNoParent) --slots_[slot.parent].children;
  std::unique_ptr<HostObject> object = std::move(slot.object);
  slot = Slot{nullptr, kNoParent, 0, free_head_};
  free_head_ = rep;
  --live_;
  return object;
}

}  // namespace stratus::wasi::p2
