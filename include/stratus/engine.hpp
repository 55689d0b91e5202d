// The Engine: compilation settings and state shared by every Store on every thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "stratus/result.hpp"

namespace stratus {

namespace detail {
struct EngineImpl;
// How the embedding layer (src/embed) reaches the internals behind the public handles,
// whose constructors and accessors taking internals are private to it.
struct ApiAccess;
}  // namespace detail

enum class BoundsChecks : uint8_t {
  Auto,        // guard pages when the address space allows them, explicit checks otherwise
  GuardPages,  // reserve 4 GiB + guard per memory; loads and stores skip the check
  Explicit,    // compare every access against the memory's size
};

// Where linear memories, tables and instance state come from (see src/alloc/).
enum class InstanceAllocation : uint8_t {
  OnDemand,  // one reservation per memory, made when the memory is created
  Pooling,   // slots reserved once per engine and reused; data segments mapped copy-on-write
};

// Limits every Store of the engine shares.
struct ResourceLimits {
  // Largest size of one linear memory. A module whose minimum is larger fails to
  // instantiate; memory.grow past it returns -1. A whole number of 64 KiB pages.
  uint64_t max_memory_bytes = uint64_t{65536} * 65536;
  // Instances alive at once across all Stores; one more fails to instantiate until one dies.
  uint32_t max_instances = UINT32_MAX;
  // Largest number of elements a table may start with or grow to.
  uint32_t max_table_elements = 10'000'000;
  // Core instances one instantiation of a component may create, its nested components'
  // included (wasmtime's max_core_instances_per_component; the Runtime sets it from
  // RuntimeSettings); one more fails the instantiation with ErrorKind::Resource.
  uint32_t max_core_instances_per_component = UINT32_MAX;
  // Linear memories the core instances of one component instantiation may define
  // (wasmtime's max_memories_per_component).
  uint32_t max_memories_per_component = UINT32_MAX;
};

struct PoolingConfig {
  // Linear-memory slots reserved up front. Memories past this many come from on-demand
  // reservations instead of failing, so max_instances stays the one limit users see.
  uint32_t memory_slots = 1000;
  // On release the first this many bytes of a slot are put back in place (zeros, or the
  // module's data where its image lies) and stay resident; the rest is returned to the OS
  // with madvise(MADV_DONTNEED).
  uint64_t keep_resident_bytes = 10 * 1024;
  // Released memory slots are reset in batches of this many (1 to 64): the madvise calls of
  // a batch share their TLB flushes, which otherwise interrupt every CPU the process runs on.
  // A slot waiting for its batch is never handed out; when no other slot is free the waiting
  // ones are reset at once.
  uint32_t decommit_batch = 16;
  // Mark memory slots MADV_HUGEPAGE when the host's transparent-huge-page settings give such
  // memory small folios (16 KiB to 1 MiB) and not 2 MiB pages: a tenant writing 64 KiB of
  // fresh heap then takes one page fault instead of 16. The settings are the operator's
  // (/sys/kernel/mm/transparent_hugepage); on hosts that offer no small folios this does nothing.
  bool small_huge_pages = true;
  // Lay a module's data segments out once in a memfd image mapped copy-on-write into each
  // new memory, so instantiation copies no data.
  bool memory_images = true;
  // One table slot per memory slot, of this many elements (capped by
  // ResourceLimits::max_table_elements), wiped on release like a memory slot with its own
  // keep-resident size. Larger tables, and tables once every slot is taken, use the heap.
  uint64_t table_elements = 15'000;
  uint64_t table_keep_resident_bytes = 10 * 1024;
  // One slot per memory slot for a Store's instance records (functions, globals, tables,
  // instances); what does not fit continues on the heap.
  uint64_t instance_state_bytes = uint64_t{1} << 20;
};

// Epoch interruption: running code traps with TrapKind::Interrupt at the next function entry
// or loop back-edge once the engine's epoch reaches the Store's deadline.
struct EpochConfig {
  // Start a thread that increments the epoch every `tick` (1 ms to 1 day); it ends with the engine.
  bool ticker = false;
  std::chrono::milliseconds tick{1000};
  // Deadline given to every new Store, in ticks after the epoch current at its creation;
  // UINT64_MAX means none. A fresh Store may be made just before a tick, so a limit of N
  // whole ticks needs N + 1 here to guarantee at least N ticks of running time.
  uint64_t store_deadline_ticks = UINT64_MAX;
  // Named in the message of an Interrupt trap caused by the default deadline, e.g.
  // "max_execution_time of 1 s"; empty keeps the generic message.
  std::string limit_description;
};

// The wasm stack. The interpreter keeps wasm frames on a stack of its own, never on the
// native one: a value stack of 8-byte cells (each frame's parameters, locals and operands)
// and an array of 32-byte call records. A thread maps one when it first calls into wasm,
// committed lazily by the OS, and keeps it for its next call: an idle Store or a pooled
// instance holds none. A call that would pass either limit traps with "call stack
// exhausted" (TrapKind::CallStackExhausted). The defaults follow the peers (wasmtime's
// max_wasm_stack is 512 KiB of compiled frames, node's V8 about 1 MB): a runaway recursion
// touches at most 1 MiB of cells and 1 MiB of records, whatever its frames hold, and a
// one-argument recursive function nests 32,768 deep (V8 stops at about 18,000 to 19,500).
// A frame needing more than 1 MiB (a body holding 131,072 operands at once) needs
// `stratus run --max-wasm-stack BYTES`, which sets both limits from BYTES.
inline constexpr size_t kDefaultMaxWasmStack = size_t{1} << 20;
inline constexpr size_t kMinWasmStack = size_t{4} << 10;
inline constexpr size_t kMaxWasmStack = size_t{4} << 30;
// The call depth a stack size pairs with: one call per this many bytes, the size of a call
// record, so the records of the deepest recursion allowed take as much memory as the
// stack's cells.
inline constexpr size_t kWasmStackBytesPerCall = 32;
inline constexpr uint32_t kDefaultMaxCallDepth = kDefaultMaxWasmStack / kWasmStackBytesPerCall;
inline constexpr uint32_t kMaxCallDepth = uint32_t{1} << 24;

struct EngineConfig {
  // Bytes of value stack (parameters, locals and operands of every active wasm frame)
  // available to one call from the host; kMinWasmStack to kMaxWasmStack.
  size_t max_wasm_stack = kDefaultMaxWasmStack;
  // Nested wasm calls allowed on that stack; 1 to kMaxCallDepth. Re-entry through host
  // functions (host -> wasm -> host -> wasm) is also bounded by the native stack and by 1000
  // levels.
  uint32_t max_call_depth = kDefaultMaxCallDepth;
  BoundsChecks bounds_checks = BoundsChecks::Auto;
  InstanceAllocation allocation = InstanceAllocation::OnDemand;
  PoolingConfig pooling;
  ResourceLimits limits;
  EpochConfig epochs;
};

// An Engine is made with a default EngineConfig (Engine()) or with any other through
// Engine::create, which can report what is wrong with it; there is no constructor that
// could ignore part of a config.
class Engine {
 public:
  // The default EngineConfig: on-demand allocation, the default limits, no epoch ticker.
  Engine();
  // Honours every field of the config, including the allocation strategy, limits and the
  // epoch ticker. Fails with ErrorKind::Config for nonsense settings and ErrorKind::Resource
  // when the pool cannot be reserved.
  static Result<Engine> create(EngineConfig config);
  ~Engine();
  Engine(const Engine&) = default;  // handles share one engine
  Engine& operator=(const Engine&) = default;

  const EngineConfig& config() const;
  // The check strategy Auto resolved to on this machine.
  BoundsChecks bounds_checks() const;

  // The strategy in use (Engine::create may have been asked for either).
  InstanceAllocation allocation() const;
  const ResourceLimits& limits() const;

  // Epoch interruption. Thread-safe.
  void increment_epoch() const;
  uint64_t current_epoch() const;
  // Instances alive now across all Stores of this engine.
  uint64_t live_instances() const;

 private:
  friend struct detail::ApiAccess;
  explicit Engine(std::shared_ptr<detail::EngineImpl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<detail::EngineImpl> impl_;
};

}  // namespace stratus
