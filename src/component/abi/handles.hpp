// Resource handles (CanonicalABI.md's ResourceHandle and Table): one HandleTable per
// component instance, and one for what the host holds (the index a Val's ResourceHandle
// names), with own and borrow handles, lend counts and the traps of misusing them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "stratus/result.hpp"

namespace stratus::component::abi {

class CallScope;
class ComponentInstanceFlags;

// A resource type at run time. Resource types are generative, so the instantiator makes one
// per resource definition per instance (and one per host resource) and identity is the
// object's address.
struct RuntimeResourceType {
  std::string name;                        // for messages
  ComponentInstanceFlags* impl = nullptr;  // the instance that defined it; null: the host
  // The resource's destructor (a core function of `impl`, or the host's deleter), called
  // when an owning handle is dropped; empty: none.
  std::function<Result<void>(uint32_t rep)> destructor;
};

struct HandleEntry {
  const RuntimeResourceType* type = nullptr;
  uint32_t rep = 0;
  bool own = true;
  uint32_t lends = 0;                // borrows of this handle lent out for calls in progress
  CallScope* borrow_scope = nullptr;  // a borrow handle: the call it lives for
};

class HandleTable {
 public:
  static constexpr uint32_t kMaxLength = (1u << 28) - 1;  // CanonicalABI.md's Table.MAX_LENGTH

  HandleTable() : slots_(1) {}  // index 0 is never a handle
  HandleTable(const HandleTable&) = delete;
  HandleTable& operator=(const HandleTable&) = delete;

  Result<uint32_t> add(HandleEntry entry);
  // A trap naming the index when it holds no handle (never made, or dropped).
  Result<HandleEntry*> get(uint32_t index);
  Result<HandleEntry> remove(uint32_t index);
  size_t live_count() const { return slots_.size() - 1 - free_.size(); }
  // Removes every handle and returns them, for the end of a Store.
  std::vector<HandleEntry> take_all();

 private:
  std::vector<std::optional<HandleEntry>> slots_;
  std::vector<uint32_t> free_;
};

// One call's borrows. A lifted call's scope (the spec's Task) counts the borrow handles the
// callee received, which must all be dropped before it returns; a lowered call's scope (the
// spec's Subtask) holds the caller's handles lent for the call and the host's borrow handles
// made for it, released when the call ends.
class CallScope {
 public:
  CallScope() = default;
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;
  ~CallScope() { finish(); }

  uint32_t num_borrows() const { return num_borrows_; }
  void add_borrow() { ++num_borrows_; }
  void drop_borrow() {
    if (num_borrows_ > 0) --num_borrows_;
  }

  // Lends `table[index]` for the call.
  void lend(HandleTable& table, uint32_t index, HandleEntry& entry);
  // Records a borrow handle in `table` that dies with the call.
  void add_scoped_borrow(HandleTable& table, uint32_t index);
  // Ends the lends and removes the scoped borrows (idempotent).
  void finish();

 private:
  struct Ref {
    HandleTable* table;
    uint32_t index;
  };
  uint32_t num_borrows_ = 0;
  std::vector<Ref> lent_;
  std::vector<Ref> scoped_borrows_;
};

// Checks `entry` (at `index`) is a handle to `type`: a trap naming both types otherwise.
Result<void> check_handle_type(const HandleEntry& entry, uint32_t index, const RuntimeResourceType& type);

// `canon resource.new`, `resource.rep` and `resource.drop` as the guest `inst` calls them on
// its table. resource.drop of an owning handle runs the destructor (entering the defining
// instance, which traps if it is on the stack); of a borrow, ends it.
Result<uint32_t> resource_new(ComponentInstanceFlags& inst, HandleTable& table, const RuntimeResourceType& type,
                              uint32_t rep);
Result<uint32_t> resource_rep(HandleTable& table, const RuntimeResourceType& type, uint32_t index);
Result<void> resource_drop(ComponentInstanceFlags& inst, HandleTable& table, const RuntimeResourceType& type,
                           uint32_t index);

// The host drops a handle it holds (a Val's ResourceHandle index): an owning handle runs the
// destructor; a lent one, or an index it does not hold, is an Argument error.
Result<void> host_resource_drop(HandleTable& host, uint32_t index);

}  // namespace stratus::component::abi
