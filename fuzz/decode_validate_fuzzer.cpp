// libFuzzer entry point: arbitrary bytes through every layer that exists. Errors are the
// expected outcome for almost all inputs; the fuzzer looks for crashes, sanitizer reports,
// hangs and disagreements between layers. With the runtime linked it also instantiates and
// calls every export (zero arguments, epoch deadline), once with guard pages and once with
// explicit bounds checks, and aborts if the two disagree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "binary/decoder.hpp"
#include "binary/instr.hpp"

#if STRATUS_FUZZ_VALIDATE
#include "validate/validator.hpp"
#endif

#if STRATUS_FUZZ_RUNTIME
#include <chrono>
#include <cstdio>
#include <string>
#include <variant>
#include <vector>

#include "stratus/stratus.hpp"
#endif

namespace {

// The decoder promises every body reads cleanly to its final `end`; check that promise.
void read_every_body(const stratus::binary::Module& m) {
  using namespace stratus::binary;
  Instr instr;
  for (uint32_t i = 0; i < m.codes.size(); ++i) {
    InstrReader reader(m.body(i), m.body_offset(i));
    bool ended = false;
    while (!reader.at_end()) {
      if (!reader.read(instr).ok()) std::abort();
      ended = instr.op == Op::End;
    }
    if (!ended) std::abort();
  }
}

#if STRATUS_FUZZ_RUNTIME
// The public API must agree with decode + validate about what is a valid module; it may
// still refuse a valid one for lack of resources.
void check_agreement(const stratus::Result<stratus::Module>& module, bool expect_valid) {
  if (module.ok() && !expect_valid) std::abort();
  if (!module.ok() && expect_valid) {
    const auto kind = module.error().kind();
    if (kind == stratus::ErrorKind::Malformed || kind == stratus::ErrorKind::Invalid) std::abort();
  }
}

stratus::EngineConfig fuzz_config(stratus::BoundsChecks checks) {
  stratus::EngineConfig config;
  config.bounds_checks = checks;
  config.max_call_depth = 300;
  config.max_wasm_stack = 256 * 1024;
  config.limits.max_memory_bytes = 16u << 20;  // memory.grow past this returns -1
  config.limits.max_table_elements = 100000;
  // Every call and every start function gets a few ticks of 10 ms: loops end in traps.
  config.epochs.ticker = true;
  config.epochs.tick = std::chrono::milliseconds(10);
  config.epochs.store_deadline_ticks = 3;
  return config;
}

// The guard-page engine pools, with slots small enough that tables outgrow theirs and Stores
// outgrow their state slot, so every module also checks the pool against on-demand allocation.
stratus::EngineConfig pooled(stratus::EngineConfig config) {
  config.allocation = stratus::InstanceAllocation::Pooling;
  config.pooling.memory_slots = 4;
  config.pooling.table_elements = 64;
  config.pooling.table_keep_resident_bytes = 4096;
  config.pooling.instance_state_bytes = 16 * 1024;
  return config;
}

const stratus::Engine& fuzz_engine(stratus::BoundsChecks checks) {
  static const stratus::Engine guard = stratus::Engine::create(pooled(fuzz_config(stratus::BoundsChecks::Auto))).value();
  static const stratus::Engine explicit_checks =
      stratus::Engine::create(fuzz_config(stratus::BoundsChecks::Explicit)).value();
  return checks == stratus::BoundsChecks::Explicit ? explicit_checks : guard;
}

// What one run of a module did: per export call, the results or the trap kind. "?" marks an
// interrupt (deadline): timing, not semantics, so it matches anything.
using Outcome = std::vector<std::string>;

std::string describe(const stratus::Result<std::vector<stratus::Val>>& r) {
  if (!r.ok()) {
    const auto& e = r.error();
    if (e.kind() != stratus::ErrorKind::Trap || !e.trap()) return "error:" + std::to_string(static_cast<int>(e.kind()));
    if (e.trap()->kind() == stratus::TrapKind::Interrupt) return "?";
    return "trap:" + std::to_string(static_cast<int>(e.trap()->kind()));
  }
  std::string out = "ok";
  for (const stratus::Val& v : *r) {
    out += ' ';
    if (v.type() == stratus::ValType::V128) {
      for (uint8_t b : v.v128().bytes) out += std::to_string(b) + ",";
    } else if (stratus::is_ref(v.type())) {
      out += v.ref().is_null() ? "null" : "ref";
    } else {
      out += std::to_string(v.f64_bits());
    }
  }
  return out;
}

// Compile, link every function import to a host function returning zeros, instantiate (the
// start function runs under the deadline), then call every exported function twice with
// zero arguments.
Outcome compile_and_run(std::span<const uint8_t> bytes, bool expect_valid, stratus::BoundsChecks checks) {
  Outcome outcome;
  const stratus::Engine& engine = fuzz_engine(checks);
  auto module = stratus::Module::compile(engine, bytes);
  check_agreement(module, expect_valid);
  if (!module.ok()) return outcome;
  (void)module->name();
  stratus::Store store(engine);
  stratus::Linker linker(engine);
  linker.allow_shadowing(true);
  for (const stratus::ImportDesc& imp : module->imports()) {
    if (imp.type.kind != stratus::ExternKind::Func) continue;
    (void)linker.define_func(imp.module, imp.name, imp.type.func,
                             [types = imp.type.func.results](stratus::Caller&, std::span<const stratus::Val>,
                                                             std::span<stratus::Val> results) {
                               for (size_t i = 0; i < results.size(); ++i) results[i] = stratus::Val::zero_of(types[i]);
                               return stratus::Result<void>();
                             });
  }
  auto instance = linker.instantiate(store, *module);
  if (!instance.ok()) {
    const auto& e = instance.error();
    outcome.push_back(e.kind() == stratus::ErrorKind::Trap && e.trap() && e.trap()->kind() == stratus::TrapKind::Interrupt
                          ? "?"
                          : "inst:" + std::to_string(static_cast<int>(e.kind())));
    return outcome;
  }
  outcome.push_back("inst ok");
  for (const auto& [name, ext] : instance->exports()) {
    const auto* f = std::get_if<stratus::Func>(&ext);
    if (!f) continue;
    std::vector<stratus::Val> args;
    for (stratus::ValType t : f->type().params) args.push_back(stratus::Val::zero_of(t));
    for (int i = 0; i < 2; ++i) {
      store.set_epoch_deadline(3);
      auto r = f->call(store, args);
      if (r.ok() && r->size() != f->type().results.size()) std::abort();
      outcome.push_back(name + ": " + describe(r));
    }
  }
  return outcome;
}

// Guard pages and explicit bounds checks are two code paths for the same semantics.
void compare_bounds_modes(const Outcome& a, const Outcome& b) {
  if (a.size() != b.size()) {
    // A deadline hit during one instantiation but not the other shortens one side.
    if ((!a.empty() && a[0] == "?") || (!b.empty() && b[0] == "?")) return;
    std::fprintf(stderr, "bounds modes disagree on the number of calls: %zu vs %zu\n", a.size(), b.size());
    std::abort();
  }
  for (size_t i = 0; i < a.size(); ++i) {
    // After a deadline the two runs' states may differ: compare only up to it.
    if (a[i].ends_with(": ?") || b[i].ends_with(": ?") || a[i] == "?" || b[i] == "?") return;
    if (a[i] == b[i]) continue;
    std::fprintf(stderr, "guard pages vs explicit checks: %s  vs  %s\n", a[i].c_str(), b[i].c_str());
    std::abort();
  }
}
#endif

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  auto decoded = stratus::binary::decode(bytes);
  if (!decoded.ok()) return 0;
  read_every_body(*decoded);
  bool valid = true;
#if STRATUS_FUZZ_VALIDATE
  valid = stratus::validate::validate(*decoded).ok();
#endif
#if STRATUS_FUZZ_RUNTIME
  // Epoch deadlines bound every call and start function, so nothing here can hang. The
  // explicit-checks engine reruns the module unless only decoding is being fuzzed.
  const Outcome guard = compile_and_run(bytes, valid, stratus::BoundsChecks::Auto);
  if (!guard.empty()) compare_bounds_modes(guard, compile_and_run(bytes, valid, stratus::BoundsChecks::Explicit));
#endif
  (void)valid;
  return 0;
}
