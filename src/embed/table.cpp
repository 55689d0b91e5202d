#include <string>

#include "embed/store_impl.hpp"
#include "stratus/extern.hpp"
#include "stratus/trap.hpp"

namespace stratus {

namespace {
Error out_of_bounds(uint64_t index, uint64_t size) {
  return Error(std::make_shared<const Trap>(
      TrapKind::OutOfBoundsTableAccess, std::string(trap_message(TrapKind::OutOfBoundsTableAccess)) + " (index " +
                                            std::to_string(index) + ", table size " + std::to_string(size) + ")"));
}
}  // namespace

Result<Table> Table::create(Store& store, TableType type, Ref init) {
  if (type.elem == ValType::FuncRef && !init.is_null() && !detail::impl(store).owns(static_cast<const exec::FuncInst*>(init.ptr)))
    return Error(ErrorKind::Link, "table init value is a funcref of a different Store");
  auto t = detail::impl(store).new_table(type, init.ptr);
  if (!t) return t.error();
  return Table(*t);
}

TableType Table::type() const { return t_->type; }
uint64_t Table::size() const { return t_->elems.size(); }

Result<Ref> Table::get(uint64_t index) const {
  if (index >= t_->elems.size()) return out_of_bounds(index, t_->elems.size());
  return Ref{t_->elems[index]};
}

Result<void> Table::set(uint64_t index, Ref value) const {
  if (index >= t_->elems.size()) return out_of_bounds(index, t_->elems.size());
  t_->elems[index] = value.ptr;
  return {};
}

Result<uint64_t> Table::grow(uint64_t delta, Ref init) const {
  const uint64_t old_size = t_->elems.size();
  const int64_t result = t_->grow(delta, init.ptr);
  if (result >= 0) return static_cast<uint64_t>(result);
  return Error(ErrorKind::Resource, "cannot grow table of " + std::to_string(old_size) + " elements by " +
                                        std::to_string(delta) + ": its maximum is " + std::to_string(t_->max_size));
}

}  // namespace stratus
