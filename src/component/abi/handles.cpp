#include "component/abi/handles.hpp"

#include <cstring>
#include <utility>

#include "component/abi/instance_flags.hpp"
#include "component/abi/traps.hpp"

namespace stratus::component::abi {

namespace {

std::string type_name(const RuntimeResourceType* t) { return t && !t->name.empty() ? "`" + std::string(t->name) + "`" : "resource"; }

// Runs an owning handle's destructor as resource.drop does: through a lift into the defining
// instance, so a drop that would reenter it traps.
Result<void> run_destructor(const RuntimeResourceType& type, uint32_t rep, const ComponentInstanceFlags* caller) {
  if (!type.destructor) return {};
  if (!type.impl) return type.destructor(rep);
  auto entered = type.impl->enter_from(caller);
  if (!entered) return entered;
  Result<void> r = type.destructor(rep);
  if (r) type.impl->leave_to(caller);
  return r;
}

}  // namespace

Result<uint32_t> HandleTable::add_slot(Slot slot) {
  if (!free_.empty()) {
    uint32_t i = free_.back();
    free_.pop_back();
    slots_[i] = std::move(slot);
    return i;
  }
  if (slots_.size() > kMaxLength) {
    return handle_trap("handle table is full: an instance may hold at most " + std::to_string(kMaxLength) +
                       " handles");
  }
  slots_.push_back(std::move(slot));
  return static_cast<uint32_t>(slots_.size() - 1);
}

Result<uint32_t> HandleTable::add(HandleEntry entry) { return add_slot(Slot{entry, nullptr}); }

Result<uint32_t> HandleTable::add(std::shared_ptr<TableElement> element) {
  return add_slot(Slot{std::nullopt, std::move(element)});
}

Error HandleTable::wrong_kind(uint32_t index, const char* held, const char* want) {
  const auto article = [](const char* noun) { return std::strchr("aeiou", noun[0]) ? "an " : "a "; };
  return handle_trap("handle index " + std::to_string(index) + " is " + article(held) + held + ", not " +
                     article(want) + want);
}

Result<HandleEntry*> HandleTable::get(uint32_t index) {
  if (index >= slots_.size() || slots_[index].empty()) {
    return handle_trap("unknown handle index " + std::to_string(index) + " (never made, or already dropped)");
  }
  if (!slots_[index].resource) return wrong_kind(index, slots_[index].element->kind_name(), "resource handle");
  return &*slots_[index].resource;
}

Result<std::shared_ptr<TableElement>> HandleTable::element_at(uint32_t index, const char* want) {
  if (index >= slots_.size() || slots_[index].empty()) {
    return handle_trap("unknown handle index " + std::to_string(index) + " (never made, or already dropped)");
  }
  if (!slots_[index].element) return wrong_kind(index, "resource handle", want);
  return slots_[index].element;
}

void HandleTable::erase(uint32_t index) {
  slots_[index] = Slot{};
  free_.push_back(index);
}

Result<HandleEntry> HandleTable::remove(uint32_t index) {
  auto e = get(index);
  if (!e) return e.error();
  HandleEntry out = **e;
  erase(index);
  return out;
}

std::vector<HandleEntry> HandleTable::take_all() {
  // The table is empty before any element dies: an element's destructor (a subtask ending
  // its lends) may look up handles, and finds none instead of a half-destroyed slot.
  std::vector<Slot> taken = std::exchange(slots_, std::vector<Slot>(1));
  free_.clear();
  std::vector<HandleEntry> out;
  for (auto& slot : taken)
    if (slot.resource) out.push_back(*slot.resource);
  return out;
}

void CallScope::lend(HandleTable& table, uint32_t index, HandleEntry& entry) {
  ++entry.lends;
  lent_.push_back({&table, index});
}

void CallScope::add_scoped_borrow(HandleTable& table, uint32_t index) { scoped_borrows_.push_back({&table, index}); }

void CallScope::finish() {
  for (const Ref& r : lent_) {
    // A lent handle cannot be removed while lent, so the slot still holds it.
    if (auto e = r.table->get(r.index)) {
      if ((*e)->lends > 0) --(*e)->lends;
    }
  }
  lent_.clear();
  for (const Ref& r : scoped_borrows_) {
    // The holder may have dropped it already and the slot been reused: remove only ours.
    auto e = r.table->get(r.index);
    if (e && !(*e)->own && (*e)->borrow_scope == this) (void)r.table->remove(r.index);
  }
  scoped_borrows_.clear();
}

std::string type_mismatch(const RuntimeResourceType* held, const RuntimeResourceType& want) {
  std::string text = "a " + type_name(held) + " handle where a " + type_name(&want) + " handle was expected";
  if (held && held->name == want.name) text += " (two distinct resource types of that name)";
  return text;
}

Result<void> check_handle_type(const HandleEntry& entry, uint32_t index, const RuntimeResourceType& type) {
  if (entry.type == &type) return {};
  return handle_trap("handle index " + std::to_string(index) + " is " + type_mismatch(entry.type, type));
}

Result<uint32_t> resource_new(ComponentInstanceFlags& inst, HandleTable& table, const RuntimeResourceType& type,
                              uint32_t rep) {
  auto leave = inst.check_may_leave();
  if (!leave) return leave.error();
  return table.add(HandleEntry{&type, rep, true, 0, nullptr});
}

Result<uint32_t> resource_rep(HandleTable& table, const RuntimeResourceType& type, uint32_t index) {
  auto e = table.get(index);
  if (!e) return e.error();
  auto t = check_handle_type(**e, index, type);
  if (!t) return t.error();
  return (*e)->rep;
}

Result<void> resource_drop(ComponentInstanceFlags& inst, HandleTable& table, const RuntimeResourceType& type,
                           uint32_t index) {
  auto leave = inst.check_may_leave();
  if (!leave) return leave;
  auto e = table.get(index);
  if (!e) return e.error();
  auto t = check_handle_type(**e, index, type);
  if (!t) return t;
  if ((*e)->lends != 0) {
    return handle_trap("cannot drop handle index " + std::to_string(index) + ": it is lent to " +
                       std::to_string((*e)->lends) + " call(s) in progress");
  }
  HandleEntry h = *table.remove(index);
  if (!h.own) {
    if (h.borrow_scope) h.borrow_scope->drop_borrow();
    return {};
  }
  return run_destructor(type, h.rep, &inst);
}

Result<void> host_resource_drop(HandleTable& host, uint32_t index) {
  auto e = host.get(index);
  if (!e) return host_value_error("the host holds no resource handle " + std::to_string(index));
  if ((*e)->lends != 0) {
    return host_value_error("cannot drop resource handle " + std::to_string(index) + ": it is lent to a call");
  }
  HandleEntry h = *host.remove(index);
  if (!h.own) {
    if (h.borrow_scope) h.borrow_scope->drop_borrow();
    return {};
  }
  return run_destructor(*h.type, h.rep, nullptr);
}

}  // namespace stratus::component::abi
