#include <string>

#include "embed/store_impl.hpp"
#include "stratus/extern.hpp"

namespace stratus {

namespace {
Result<void> check_value(const GlobalType& type, const Val& v, const char* what) {
  if (v.type() != type.type)
    return Error(ErrorKind::Link, std::string(what) + ": global of type " + std::string(to_string(type.type)) +
                                      " cannot hold a value of type " + std::string(to_string(v.type())));
  return {};
}
}  // namespace

Result<Global> Global::create(Store& store, GlobalType type, Val init) {
  if (auto ok = check_value(type, init, "Global::create"); !ok) return ok.error();
  if (type.type == ValType::FuncRef && !init.ref().is_null() && !detail::impl(store).owns(static_cast<const exec::FuncInst*>(init.ref().ptr)))
    return Error(ErrorKind::Link, "Global::create: the funcref belongs to a different Store");
  return Global(detail::impl(store).new_global(type, init));
}

GlobalType Global::type() const { return g_->type; }
Val Global::get() const { return exec::val_from_cells(g_->type.type, g_->cells); }

Result<void> Global::set(Val v) const {
  if (!g_->type.mut) return Error(ErrorKind::Link, "Global::set: the global is immutable");
  if (auto ok = check_value(g_->type, v, "Global::set"); !ok) return ok;
  exec::val_to_cells(v, g_->cells);
  return {};
}

}  // namespace stratus
