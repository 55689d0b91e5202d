// Loading and calling the test modules (wat/ converted at build time) through the public API.
#pragma once

#include <gtest/gtest.h>
#include <pthread.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "stratus/stratus.hpp"

namespace stratus::exec_test {

inline std::string wasm_path(const std::string& stem) { return std::string(STRATUS_EXEC_TEST_WASM_DIR) + "/" + stem + ".wasm"; }

// One instantiated module in its own Store.
struct Fixture {
  explicit Fixture(const std::string& stem, EngineConfig config = {}) : engine(Engine::create(config).unwrap()), store(engine), linker(engine) {
    module = std::make_unique<Module>(must(Module::from_file(engine, wasm_path(stem))));
  }
  void instantiate() { instance = must(linker.instantiate(store, *module)); }

  Result<std::vector<Val>> call(const std::string& name, std::vector<Val> args = {}) {
    auto f = instance.get_func(name);
    if (!f) throw std::runtime_error("no export " + name);
    return f->call(store, args);
  }
  // The trap of a call that must trap.
  std::shared_ptr<const Trap> trap_of(const std::string& name, std::vector<Val> args = {}) {
    auto r = call(name, std::move(args));
    if (r) return nullptr;
    return r.error().trap();
  }

  template <class T>
  static T must(Result<T> r) {
    if (!r) throw std::runtime_error(r.error().message());
    return std::move(r).value();
  }
  static void must(Result<void> r) {
    if (!r) throw std::runtime_error(r.error().message());
  }

  Engine engine;
  Store store;
  Linker linker;
  std::unique_ptr<Module> module;
  Instance instance;
};

// Runs `body` on a new thread whose native stack is `stack_bytes`, and waits for it: how the
// tests show that deep wasm or host re-entry traps before the native stack overflows.
inline void run_on_native_stack(size_t stack_bytes, std::function<void()> body) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, stack_bytes);
  pthread_t thread;
  const int created = pthread_create(&thread, &attr, [](void* p) -> void* {
    (*static_cast<std::function<void()>*>(p))();
    return nullptr;
  }, &body);
  pthread_attr_destroy(&attr);
  ASSERT_EQ(created, 0);
  pthread_join(thread, nullptr);
}

inline Val i32(int32_t v) { return Val::i32(v); }
inline Val i64(int64_t v) { return Val::i64(v); }

}  // namespace stratus::exec_test
