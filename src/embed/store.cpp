#include "embed/store_impl.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "embed/engine_impl.hpp"

namespace stratus {

namespace detail {

namespace {
std::string limits_text(const Limits& l) {
  std::string s = "{min " + std::to_string(l.min);
  if (l.max) s += ", max " + std::to_string(*l.max);
  return s + "}";
}
}  // namespace

Result<void> check_memory_type(const MemoryType& type) {
  const Limits& l = type.limits;
  if (l.max && l.min > *l.max)
    return Error(ErrorKind::Invalid, "memory limits " + limits_text(l) + ": minimum is larger than the maximum");
  if (l.min > kMaxPages32 || (l.max && *l.max > kMaxPages32))
    return Error(ErrorKind::Invalid, "memory limits " + limits_text(l) + ": a memory has at most 65536 pages (4 GiB)");
  return {};
}

Result<void> check_table_type(const TableType& type) {
  const Limits& l = type.limits;
  if (!is_ref(type.elem))
    return Error(ErrorKind::Invalid, "table element type " + std::string(to_string(type.elem)) +
                                         " is not a reference type");
  if (l.max && l.min > *l.max)
    return Error(ErrorKind::Invalid, "table limits " + limits_text(l) + ": minimum is larger than the maximum");
  if (l.min > UINT32_MAX || (l.max && *l.max > UINT32_MAX))
    return Error(ErrorKind::Invalid, "table limits " + limits_text(l) + ": a table has at most 2^32-1 elements");
  return {};
}

exec::FuncInst* StoreImpl::new_host_func(const FuncType* type, HostFunc fn) {
  return new_host_func(type, &host_funcs.emplace_back(type, std::move(fn)).entry);
}

exec::FuncInst* StoreImpl::new_host_func(const FuncType* type, const exec::HostFuncEntry* entry) {
  exec::FuncInst* p = &funcs.emplace_back(exec::FuncInst::host_func(type, entry));
  owned.insert(p);
  return p;
}

StoreImpl::StoreImpl(const Engine& engine, Store& handle)
    : engine(engine), handle(handle), arena(*detail::impl(engine).allocator) {}

// What lives here is trivially destructible, so the arena or the block may go without
// destroying anything; a small block comes from the arena, whose memory may be reused, so is
// cleared.
void* StoreImpl::new_zeroed(size_t bytes, size_t alignment) {
  if (bytes >= exec::kMappedBytes) return zeroed_blocks.emplace_back(bytes).get();
  void* block = arena.allocate(bytes, alignment);
  std::memset(block, 0, bytes);
  return block;
}

exec::FuncInst* StoreImpl::new_funcs(size_t count) {
  return static_cast<exec::FuncInst*>(new_zeroed(count * sizeof(exec::FuncInst), alignof(exec::FuncInst)));
}

uint64_t* StoreImpl::new_global_slots(size_t count) {
  return static_cast<uint64_t*>(new_zeroed(count * sizeof(uint64_t), alignof(uint64_t)));
}

Result<exec::MemoryInst*> StoreImpl::new_memory(const MemoryType& type, const alloc::MemoryOrigin& origin,
                                                bool* data_initialized) {
  if (auto ok = check_memory_type(type); !ok) return ok.error();
  EngineImpl& e = detail::impl(engine);
  alloc::MemoryRequest request;
  request.type = type;
  request.bounds_checks = e.bounds_checks;
  request.origin = origin;
  auto allocation = e.allocator->allocate_memory(request);
  if (!allocation) return allocation.error();
  if (data_initialized) *data_initialized = allocation->data_initialized;

  exec::MemoryInst& m = memories.emplace_back();
  m.backing = std::move(allocation->backing);
  m.base = m.backing->base();
  m.size = type.limits.min * kPageSize;
  m.type = type;
  m.max_pages = type.limits.max.value_or(kMaxPages32);
  owned.insert(&m);
  return &m;
}

Result<exec::TableInst*> StoreImpl::new_table(const TableType& type, void* init) {
  if (auto ok = check_table_type(type); !ok) return ok.error();
  // The engine's limit keeps every table a reasonable allocation, whatever its type allows
  // (and failing to grow is a -1, not a crash).
  const uint64_t engine_limit = detail::impl(engine).limits_and_epochs.limits.max_table_elements;
  alloc::TableRequest request;
  request.type = type;
  request.max_elements = std::min(type.limits.max.value_or(UINT32_MAX), engine_limit);
  if (type.limits.min > request.max_elements)
    return Error(ErrorKind::Resource, "table of " + std::to_string(type.limits.min) +
                                          " elements exceeds the limit of " + std::to_string(request.max_elements));
  auto backing = detail::impl(engine).allocator->allocate_table(request);
  if (!backing) return backing.error();
  exec::TableInst& t = tables.emplace_back();
  t.backing = std::move(backing).value();
  t.elems = exec::TableElements{t.backing->data(), type.limits.min};
  if (init) std::fill(t.elems.begin(), t.elems.end(), init);
  t.type = type;
  t.max_size = request.max_elements;
  owned.insert(&t);
  return &t;
}

uint64_t* StoreImpl::new_cells(ValType type) {
  const size_t count = exec::cell_count(type);
  return static_cast<uint64_t*>(new_zeroed(count * sizeof(uint64_t), 2 * sizeof(uint64_t)));
}

exec::GlobalInst* StoreImpl::new_global(const GlobalType& type, const Val& value) {
  uint64_t* cells = new_cells(type.type);
  exec::val_to_cells(value, cells);
  return global_handle(cells, type);
}

exec::GlobalInst* StoreImpl::global_handle(uint64_t* cells, const GlobalType& type) {
  auto [it, fresh] = global_handles.try_emplace(cells, nullptr);
  if (fresh) {
    it->second = &globals.emplace_back(exec::GlobalInst{cells, type});
    owned.insert(it->second);
  }
  return it->second;
}

exec::ModuleInst* StoreImpl::new_instance() {
  exec::ModuleInst& i = instances.emplace_back(&arena);
  i.store = this;
  owned.insert(&i);
  return &i;
}

}  // namespace detail

Store::Store(const Engine& engine) : impl_(std::make_unique<detail::StoreImpl>(engine, *this)) {
  const EngineConfig& config = engine.config();
  impl_->env = exec::make_exec_env(this, config.max_wasm_stack, config.max_call_depth);
  detail::attach_store(*impl_);
}

Store::~Store() {
  // Newest first, while the Store is whole (see store_extension).
  auto& extensions = impl_->extensions;
  while (!extensions.empty()) {
    std::shared_ptr<void> last = std::move(extensions.back().second);
    extensions.pop_back();
    last.reset();
  }
}

const Engine& Store::engine() const { return impl_->engine; }
void Store::set_user_data(void* data) { impl_->user_data = data; }
void* Store::user_data() const { return impl_->user_data; }

}  // namespace stratus
