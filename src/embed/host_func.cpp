#include "embed/host_func.hpp"

#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "embed/api_access.hpp"
#include "embed/engine_impl.hpp"
#include "embed/store_impl.hpp"
#include "exec/objects.hpp"
#include "stratus/store.hpp"
#include "stratus/trap.hpp"

namespace stratus::detail {

namespace {

// The parameter and result Vals of one host call. Signatures with up to kInline values in all
// (nearly every WASI function) live in the object itself, so a host call allocates nothing.
class HostCallVals {
 public:
  explicit HostCallVals(const FuncType& type) : n_params_(type.params.size()), n_results_(type.results.size()) {
    if (n_params_ + n_results_ > kInline) heap_.resize(n_params_ + n_results_);
    Val* r = data() + n_params_;
    for (size_t i = 0; i < n_results_; ++i) r[i] = Val::zero_of(type.results[i]);
  }
  HostCallVals(const HostCallVals&) = delete;
  HostCallVals& operator=(const HostCallVals&) = delete;

  void load_params(const FuncType& type, const uint64_t* cells) {
    Val* p = data();
    for (size_t i = 0; i < n_params_; ++i) {
      p[i] = exec::val_from_cells(type.params[i], cells);
      cells += exec::cell_count(type.params[i]);
    }
  }
  std::span<const Val> params() { return {data(), n_params_}; }
  std::span<Val> results() { return {data() + n_params_, n_results_}; }

 private:
  static constexpr size_t kInline = 12;
  Val* data() { return heap_.empty() ? inline_ : heap_.data(); }
  size_t n_params_, n_results_;
  Val inline_[kInline];
  std::vector<Val> heap_;
};

// The cells in, `invoke(caller, params, results)`, the results out: what every host function
// does around its body.
template <class Invoke>
bool call_with_vals(const FuncType& type, exec::HostCall& call, Invoke&& invoke) {
  HostCallVals vals(type);
  vals.load_params(type, call.cells);
  const std::span<Val> results = vals.results();
  Caller caller = detail::ApiAccess::caller(*static_cast<Store*>(call.host_data), call.caller);
  Result<void> outcome = invoke(caller, vals.params(), results);
  if (!outcome) {
    // An Error of kind Trap carries the trap to report as it is; any other is a HostTrap.
    const Error& error = outcome.error();
    call.trap = error.kind() == ErrorKind::Trap && error.trap()
                    ? error.trap()
                    : std::make_shared<Trap>(TrapKind::HostTrap, error.message());
    return false;
  }
  uint64_t* out = call.cells;
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].type() != type.results[i]) {
      call.trap = std::make_shared<Trap>(TrapKind::HostTrap, "host function returned a value of the wrong type");
      return false;
    }
    exec::val_to_cells(results[i], out);
    out += exec::cell_count(type.results[i]);
  }
  return true;
}

bool call_host_func(const void* context, exec::HostCall& call) {
  const HostFuncRecord& record = *static_cast<const HostFuncRecord*>(context);
  return call_with_vals(*record.type, call, [&](Caller& caller, std::span<const Val> params, std::span<Val> results) {
    return record.fn(caller, params, results);
  });
}

bool call_raw_host_func(const void* context, exec::HostCall& call) {
  const RawHostFuncRecord& record = *static_cast<const RawHostFuncRecord*>(context);
  return call_with_vals(*record.type, call, [&](Caller& caller, std::span<const Val> params, std::span<Val> results) {
    return record.fn(record.context, caller, params, results);
  });
}

}  // namespace

HostFuncRecord::HostFuncRecord(const FuncType* type, HostFunc fn)
    : type(type), fn(std::move(fn)), entry{&call_host_func, this} {}

HostFuncRecord::HostFuncRecord(HostFuncRecord&& other) noexcept
    : type(other.type), fn(std::move(other.fn)), entry{other.entry.fn, this} {}

RawHostFuncRecord::RawHostFuncRecord(const FuncType* type, RawHostFn fn, const void* context)
    : type(type), fn(fn), context(context), entry{&call_raw_host_func, this} {}

const FuncType* intern_func_type(const Engine& engine, const FuncType& type) {
  return detail::impl(engine).types.intern(type);
}

Func wrap_raw(Store& store, const FuncType* type, RawHostFn fn, const void* context) {
  StoreImpl& s = detail::impl(store);
  return detail::handle<Func>(s.new_host_func(type, &s.raw_host_funcs.emplace_back(type, fn, context).entry));
}

}  // namespace stratus::detail
