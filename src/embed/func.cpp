#include <string>
#include <vector>

#include "embed/engine_impl.hpp"
#include "embed/store_impl.hpp"
#include "exec/invoke.hpp"
#include "stratus/extern.hpp"
#include "stratus/trap.hpp"

namespace stratus {

namespace {

// Cells for one call's arguments and results, on the stack for the common small case so
// the no-allocation call() stays allocation-free.
class CellBuffer {
 public:
  explicit CellBuffer(size_t n) {
    if (n > kInline) heap_.resize(n);
  }
  uint64_t* data() { return heap_.empty() ? inline_ : heap_.data(); }

 private:
  static constexpr size_t kInline = 32;
  uint64_t inline_[kInline] = {};
  std::vector<uint64_t> heap_;
};

size_t cell_total(const std::vector<ValType>& types) {
  size_t n = 0;
  for (ValType t : types) n += exec::cell_count(t);
  return n;
}

Error usage_error(std::string message) { return Error(ErrorKind::Argument, std::move(message)); }

Result<void> check_call(Store& store, const exec::FuncInst* f, std::span<const Val> args) {
  if (!f) return usage_error("call: the function handle is null");
  if (!detail::impl(store).owns(f)) return usage_error("call: the function belongs to a different Store");
  const FuncType& type = *f->type;
  if (args.size() != type.params.size())
    return usage_error("call: function of type " + to_string(type) + " expects " +
                       std::to_string(type.params.size()) + " argument(s), got " + std::to_string(args.size()));
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type() != type.params[i])
      return usage_error("call: argument " + std::to_string(i) + " of function of type " + to_string(type) +
                         " must be " + std::string(to_string(type.params[i])) + ", got " +
                         std::string(to_string(args[i].type())));
    if (args[i].type() == ValType::FuncRef && !args[i].ref().is_null() && !detail::impl(store).owns(static_cast<const exec::FuncInst*>(args[i].ref().ptr)))
      return usage_error("call: argument " + std::to_string(i) + " is a funcref of a different Store");
  }
  return {};
}

}  // namespace

Func Func::wrap(Store& store, FuncType type, HostFunc fn) {
  return Func(detail::impl(store).new_host_func(detail::impl(store.engine()).types.intern(type), std::move(fn)));
}

const FuncType& Func::type() const { return *f_->type; }

Result<void> Func::call(Store& store, std::span<const Val> args, std::span<Val> results) const {
  if (auto ok = check_call(store, f_, args); !ok) return ok;
  const FuncType& type = *f_->type;
  if (results.size() != type.results.size())
    return usage_error("call: function of type " + to_string(type) + " returns " +
                       std::to_string(type.results.size()) + " value(s), but the results span holds " +
                       std::to_string(results.size()));
  CellBuffer cells(std::max(cell_total(type.params), cell_total(type.results)));
  uint64_t* c = cells.data();
  for (const Val& v : args) {
    exec::val_to_cells(v, c);
    c += exec::cell_count(v.type());
  }
  if (auto trap = exec::invoke(*detail::impl(store).env, f_, cells.data()))
    return detail::describe_trap(detail::impl(store), std::move(trap));
  c = cells.data();
  for (size_t i = 0; i < results.size(); ++i) {
    results[i] = exec::val_from_cells(type.results[i], c);
    c += exec::cell_count(type.results[i]);
  }
  return {};
}

Result<std::vector<Val>> Func::call(Store& store, std::span<const Val> args) const {
  if (!f_) return usage_error("call: the function handle is null");
  std::vector<Val> results(f_->type->results.size());
  if (auto ok = call(store, args, results); !ok) return ok.error();
  return results;
}

namespace detail {

namespace {
// Out of line, so call_cells' own path (a typed call's, every call) is a check and a call.
[[gnu::noinline, gnu::cold]] Error refused_call(const exec::FuncInst* f) {
  if (!f) return usage_error("call: the function handle is null");
  return usage_error("call: the function belongs to a different Store");
}
[[gnu::noinline, gnu::cold]] Error trapped_call(const StoreImpl& store, std::shared_ptr<const Trap>&& trap) {
  return describe_trap(store, std::move(trap));
}
}  // namespace

Result<void> call_cells(Store& store, exec::FuncInst* f, uint64_t* cells) {
  StoreImpl& s = detail::impl(store);
  if (!f || !s.owns(f)) [[unlikely]] return refused_call(f);
  if (auto trap = exec::invoke(*s.env, f, cells)) [[unlikely]] return trapped_call(s, std::move(trap));
  return {};
}
}  // namespace detail

}  // namespace stratus
