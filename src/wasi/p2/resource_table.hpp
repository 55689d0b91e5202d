// The host's objects behind the reps of WASI 0.2 host resources (streams, pollables,
// descriptors, sockets): one table per WasiP2Ctx, so per Store.
//
// The rules are wasmtime's ResourceTable's: a rep names one live object of one type (a get of
// a dead rep or of another type is a trap, not a crash); an object may be the child of
// another (a pollable of its stream, a stream of its descriptor), and removing a parent while
// children live is a trap, because the child borrows the parent's state (its host fd). The
// table is bounded: a guest creating objects without dropping them gets a trap naming the
// limit instead of making the host hold millions of them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "stratus/result.hpp"

namespace stratus::wasi::p2 {

// Everything the table holds.
class HostObject {
 public:
  virtual ~HostObject() = default;
  // The WIT resource name, for messages: "input-stream", "pollable".
  virtual std::string_view resource_name() const = 0;
};

// Enough for any real program (wasmtime's CLI has no lower one), small enough that a guest
// leaking objects costs the host megabytes, not gigabytes.
inline constexpr uint32_t kDefaultMaxHostObjects = 65536;

class ResourceTable {
 public:
  explicit ResourceTable(uint32_t max_objects = kDefaultMaxHostObjects) : max_objects_(max_objects) {}

  // A new rep for `object`. A full table is a HostTrap naming the limit.
  Result<uint32_t> push(std::unique_ptr<HostObject> object);
  // As push, and `parent` (a live rep) cannot be removed until this child is.
  Result<uint32_t> push_child(std::unique_ptr<HostObject> object, uint32_t parent);

  // The object behind `rep` as a T: a Trap of kind InvalidResourceHandle if `rep` is dead
  // or holds another type.
  template <class T>
  Result<T*> get(uint32_t rep) {
    auto object = get_any(rep);
    if (!object) return object.error();
    if (auto* typed = dynamic_cast<T*>(*object)) return typed;
    return wrong_type(rep, *object);
  }
  Result<HostObject*> get_any(uint32_t rep);

  // Takes the object out (a resource's destructor). A Trap of kind InvalidResourceHandle if
  // `rep` is dead or still has children.
  Result<std::unique_ptr<HostObject>> remove(uint32_t rep);

  bool contains(uint32_t rep) const { return rep < slots_.size() && slots_[rep].object != nullptr; }
  uint32_t size() const { return live_; }
  uint32_t max_objects() const { return max_objects_; }

 private:
  struct Slot {
    std::unique_ptr<HostObject> object;
    uint32_t parent = kNoParent;
    uint32_t children = 0;
    uint32_t next_free = kNoParent;
  };
  static constexpr uint32_t kNoParent = UINT32_MAX;

  Error wrong_type(uint32_t rep, const HostObject* object) const;

  uint32_t max_objects_;
  uint32_t live_ = 0;
  uint32_t free_head_ = kNoParent;  // freed slots, reused before the table grows
  std::vector<Slot> slots_;
};

// The trap every "no such object" path reports.
Error invalid_handle(std::string message);

}  // namespace stratus::wasi::p2
