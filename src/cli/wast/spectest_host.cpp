#include "spectest_host.hpp"

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "cli/wast/expectation.hpp"
#include "stratus/extern.hpp"

namespace stratus::wast {

using namespace stratus;

namespace {

constexpr const char* kModule = "spectest";

HostFunc make_printer(std::string name, bool verbose) {
  return [name = std::move(name), verbose](Caller&, std::span<const Val> params, std::span<Val>) -> Result<void> {
    if (verbose) {
      std::string line = "  spectest." + name + "(";
      for (size_t i = 0; i < params.size(); ++i) line += (i ? ", " : "") + describe(params[i]);
      std::printf("%s)\n", line.c_str());
    }
    return {};
  };
}

template <class T>
Result<void> define_created(Linker& linker, const char* name, Result<T> created) {
  if (!created) return created.error();
  return linker.define(kModule, name, Extern(*created));
}

}  // namespace

Result<void> define_spectest_module(Linker& linker, Store& store, bool verbose) {
  const std::pair<const char*, std::vector<ValType>> printers[] = {
      {"print", {}},
      {"print_i32", {ValType::I32}},
      {"print_i64", {ValType::I64}},
      {"print_f32", {ValType::F32}},
      {"print_f64", {ValType::F64}},
      {"print_i32_f32", {ValType::I32, ValType::F32}},
      {"print_f64_f64", {ValType::F64, ValType::F64}},
  };
  for (const auto& [name, params] : printers)
    if (auto r = linker.define_func(kModule, name, FuncType{params, {}}, make_printer(name, verbose)); !r) return r;

  const std::pair<const char*, Val> globals[] = {
      {"global_i32", Val::i32(666)},
      {"global_i64", Val::i64(666)},
      {"global_f32", Val::f32(666.6f)},
      {"global_f64", Val::f64(666.6)},
  };
  for (const auto& [name, value] : globals)
    if (auto r = define_created(linker, name, Global::create(store, GlobalType{value.type(), false}, value)); !r)
      return r;

  if (auto r = define_created(linker, "table", Table::create(store, TableType{ValType::FuncRef, Limits{10, 20}})); !r)
    return r;
  return define_created(linker, "memory", Memory::create(store, MemoryType{Limits{1, 2}}));
}

}  // namespace stratus::wast
