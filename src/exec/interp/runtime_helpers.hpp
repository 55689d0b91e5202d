// Out-of-line work behind the rarer handlers: host calls, bulk memory, tables.
// Each returns true on success; on failure the trap kind is set through raise().
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "exec/interp/exec_env.hpp"
#include "stratus/value.hpp"

namespace stratus::exec::interp {

// The parameter and result Vals of one host call. Signatures with up to kInline values in all
// (nearly every WASI function) live in the object itself, so a host call allocates nothing.
class HostCallVals {
 public:
  explicit HostCallVals(const FuncType& type)
      : n_params_(type.params.size()), n_results_(type.results.size()) {
    if (n_params_ + n_results_ > kInline) heap_.resize(n_params_ + n_results_);
    Val* r = data() + n_params_;
    for (size_t i = 0; i < n_results_; ++i) r[i] = Val::zero_of(type.results[i]);
  }
  HostCallVals(const HostCallVals&) = delete;
  HostCallVals& operator=(const HostCallVals&) = delete;

  void load_params(const FuncType& type, const uint64_t* cells) {
    Val* p = data();
    for (size_t i = 0; i < n_params_; ++i) {
      p[i] = val_from_cells(type.params[i], cells);
      cells += cell_count(type.params[i]);
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

// Calls host function `f` with its arguments in `cells` and writes its results there.
bool call_host(ExecEnv* env, FuncInst* f, uint64_t* cells, uint64_t* free_cells, const Slot* ip);

bool memory_init(ExecEnv* env, uint32_t dst, uint32_t src, uint32_t len, uint32_t data, const Slot* ip);
bool memory_copy(ExecEnv* env, uint32_t dst, uint32_t src, uint32_t len, const Slot* ip);
bool memory_fill(ExecEnv* env, uint32_t dst, uint8_t value, uint32_t len, const Slot* ip);
bool table_fill(ExecEnv* env, uint32_t table, uint32_t start, void* value, uint32_t len, const Slot* ip);
bool table_copy(ExecEnv* env, uint32_t dst_table, uint32_t src_table, uint32_t dst, uint32_t src, uint32_t len,
                const Slot* ip);
bool table_init(ExecEnv* env, uint32_t table, uint32_t elem, uint32_t dst, uint32_t src, uint32_t len,
                const Slot* ip);

}  // namespace stratus::exec::interp
