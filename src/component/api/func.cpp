#include "stratus/component/func.hpp"

#include "component/api/access.hpp"
#include "component/instantiate/call.hpp"

namespace stratus::component {

Result<std::vector<Val>> Func::call(Store& store, std::span<const Val> params) const {
  return call(store, params, nullptr);
}

Result<std::vector<Val>> Func::call(Store& store, std::span<const Val> params,
                                    const std::function<void(const Val&)>& on_return) const {
  if (!f_) return Error(ErrorKind::Argument, "call: the function handle is null");
  const detail::FuncRecord& f = f_->target ? *f_->target : *f_;
  if (f.is_host()) {
    std::vector<Val> results;
    if (auto ok = (*f.host)(store, params, results); !ok) return ok.error();
    return results;
  }
  return detail::call_lifted(store, f, params, nullptr, on_return ? &on_return : nullptr);
}

types::ComponentFunc Func::type() const { return detail::Access::func_type(f_->types, f_->type.value_or(FuncTypeId{})); }

}  // namespace stratus::component
