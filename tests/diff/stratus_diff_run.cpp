// Stratus side of the differential tests.
//
//   stratus_diff_run plan <seed> <calls-per-export> <module.wasm>...   > job.txt
//   stratus_diff_run run [--bounds=auto|explicit] [--pooling] [--nan-bits] job.txt  > stratus.out
//
// `plan` reads each module's imports and exports and writes a job file: which host functions
// to provide and which exports to call with which arguments (deterministic in the seed).
// `run` executes a job file and prints one line per call, host call and state check;
// tests/diff/run_v8.mjs executes the same job under V8 and prints the same lines. See
// README.md for the format.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "diff_common.hpp"

namespace stratus::diff {
namespace {

// ---- argument generation -------------------------------------------------------------------

struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint64_t below(uint64_t n) { return next() % n; }
};

const uint32_t kI32Edges[] = {0,      1,      2,          3,          7,          8,          15,
                              16,     31,     32,         33,         63,         64,         100,
                              127,    128,    255,        256,        1000,       0x7fff,     0x8000,
                              0xffff, 0x10000, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
                              0xffffff80, 0xffff8000,
                              // f32 bit patterns for reinterpret tests: sNaN, qNaN with payload, inf
                              0x7fa00001, 0xffc00123, 0x7f800000, 0xff800001, 0x00000001, 0x80000000};
const uint64_t kI64Extra[] = {0x7fffffffffffffffull, 0x8000000000000000ull, 0x8000000000000001ull,
                              0xffffffffull,         0x100000000ull,        0x7fffffffull,
                              0x80000000ull,         0xffffffff80000000ull, 0x123456789abcdef0ull,
                              // f64 bit patterns: sNaN, negative qNaN with payload, inf, min subnormal
                              0x7ff4000000000001ull, 0xfff8000000abcdefull, 0x7ff0000000000000ull, 0x1ull};
const float kF32Edges[] = {0.0f, -0.0f, 1.0f, -1.0f, 0.5f, -0.5f, 1.5f, 2.5f, -2.5f, 3.5f, 0.49999997f,
                           3.4028235e38f, -3.4028235e38f, INFINITY, -INFINITY, NAN, 1e-45f, -1e-45f,
                           1.17549435e-38f, 2147483648.0f, -2147483648.0f, 2147483520.0f, -2147483904.0f,
                           4294967296.0f, 4294967040.0f, 9223372036854775808.0f, -9223372036854775808.0f,
                           18446744073709551616.0f, 8388609.0f, 16777217.0f, 1e10f, -1e10f, 100.75f, -7.25f};
const double kF64Edges[] = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.49999999999999994,
                            1.7976931348623157e308, -1.7976931348623157e308, INFINITY, -INFINITY, NAN,
                            5e-324, -5e-324, 2.2250738585072014e-308, 2147483647.0, 2147483647.9,
                            2147483648.0, -2147483648.0, -2147483648.9, -2147483649.0, 4294967295.0,
                            4294967295.9, 4294967296.0, 9223372036854775807.0, 9223372036854774784.0,
                            -9223372036854775808.0, -9223372036854777856.0, 18446744073709549568.0,
                            18446744073709551616.0, 4503599627370497.0, 9007199254740993.0, 1e300, -1e-300,
                            100.75, -7.25};

template <class T, size_t N>
T pick(Rng& r, const T (&a)[N]) { return a[r.below(N)]; }

Val gen_arg(Rng& r, ValType t) {
  const uint64_t mode = r.below(8);  // 0-3 edge, 4-5 small, 6-7 random bits
  switch (t) {
    case ValType::I32:
      if (mode < 4) return Val::i32(static_cast<int32_t>(pick(r, kI32Edges)));
      if (mode < 6) return Val::i32(static_cast<int32_t>(r.below(129)) - 64);
      return Val::i32(static_cast<int32_t>(r.next()));
    case ValType::I64:
      if (mode < 3) return Val::i64(static_cast<int32_t>(pick(r, kI32Edges)));  // sign-extended
      if (mode < 4) return Val::i64(static_cast<int64_t>(pick(r, kI64Extra)));
      if (mode < 6) return Val::i64(static_cast<int64_t>(r.below(129)) - 64);
      return Val::i64(static_cast<int64_t>(r.next()));
    case ValType::F32: {
      float f;
      if (mode < 4) f = pick(r, kF32Edges);
      else if (mode < 6) f = static_cast<float>(static_cast<int>(r.below(257)) - 128) / 4.0f;
      else f = std::bit_cast<float>(static_cast<uint32_t>(r.next()));
      if (std::isnan(f)) return Val::f32_bits(0x7fc00000u);  // payloads don't survive JS
      return Val::f32(f);
    }
    case ValType::F64: {
      double d;
      if (mode < 4) d = pick(r, kF64Edges);
      else if (mode < 6) d = static_cast<double>(static_cast<int>(r.below(257)) - 128) / 4.0;
      else d = std::bit_cast<double>(r.next());
      if (std::isnan(d)) return Val::f64_bits(0x7ff8000000000000ull);
      return Val::f64(d);
    }
    case ValType::ExternRef:
      return mode < 3 ? Val::null_of(t) : Val::externref(Ref{reinterpret_cast<void*>(uintptr_t{1} + r.below(3))});
    default: return Val::null_of(t);
  }
}

std::string types_text(const std::vector<ValType>& ts) {
  if (ts.empty()) return "-";
  std::string s;
  for (ValType t : ts) s += (s.empty() ? "" : ",") + type_code(t);
  return s;
}

bool crosses_js(const std::vector<ValType>& ts) {
  // v128 cannot cross the JS boundary, funcref arguments would need a function to pass.
  return std::none_of(ts.begin(), ts.end(), [](ValType t) { return t == ValType::V128; });
}

uint64_t name_hash(const std::string& s) {
  uint64_t h = kFnvOffset;
  for (unsigned char c : s) h = (h ^ c) * kFnvPrime;
  return h;
}

std::optional<std::vector<uint8_t>> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

int plan(uint64_t seed, int calls, const std::vector<std::string>& paths) {
  Engine engine;
  for (const std::string& path : paths) {
    auto bytes = read_file(path);
    if (!bytes) { std::fprintf(stderr, "skip %s: cannot read\n", path.c_str()); continue; }
    auto m = Module::compile(engine, *bytes);
    if (!m) { std::fprintf(stderr, "skip %s: %s\n", path.c_str(), m.error().message().c_str()); continue; }
    bool ok = true;
    for (const ImportDesc& imp : m->imports())
      if (imp.type.kind != ExternKind::Func || !crosses_js(imp.type.func.params) || !crosses_js(imp.type.func.results))
        ok = false;
    if (!ok) { std::fprintf(stderr, "skip %s: unsupported import\n", path.c_str()); continue; }
    std::printf("module %s\n", path.c_str());
    for (const ImportDesc& imp : m->imports())
      std::printf("import %s %s %s %s\n", imp.module.c_str(), imp.name.c_str(), types_text(imp.type.func.params).c_str(),
                  types_text(imp.type.func.results).c_str());
    std::string checks;
    for (const ExportDesc& e : m->exports()) {
      if (e.type.kind == ExternKind::Memory) checks += " mem:" + e.name;
      if (e.type.kind == ExternKind::Global && is_num(e.type.global.type))
        checks += " global:" + type_code(e.type.global.type) + ":" + e.name;
    }
    for (const ExportDesc& e : m->exports()) {
      if (e.type.kind != ExternKind::Func) continue;
      const FuncType& ft = e.type.func;
      if (!crosses_js(ft.params) || !crosses_js(ft.results)) continue;
      if (std::count(ft.params.begin(), ft.params.end(), ValType::FuncRef)) continue;
      Rng r{seed ^ name_hash(e.name)};
      // Functions without parameters behave the same every call unless they have state.
      const int n = ft.params.empty() ? std::min(calls, 2) : calls;
      for (int i = 0; i < n; ++i) {
        std::printf("call %s %s", e.name.c_str(), types_text(ft.results).c_str());
        for (ValType t : ft.params) std::printf(" %s", format_val(gen_arg(r, t)).c_str());
        std::printf("\n");
      }
      std::printf("check%s\n", checks.c_str());
    }
    std::printf("end\n");
  }
  return 0;
}

// ---- running a job -------------------------------------------------------------------------

std::optional<ValType> parse_type(std::string_view s) {
  if (s == "i32") return ValType::I32;
  if (s == "i64") return ValType::I64;
  if (s == "f32") return ValType::F32;
  if (s == "f64") return ValType::F64;
  if (s == "funcref") return ValType::FuncRef;
  if (s == "externref") return ValType::ExternRef;
  if (s == "v128") return ValType::V128;
  return std::nullopt;
}

std::vector<ValType> parse_types(const std::string& s) {
  std::vector<ValType> out;
  if (s == "-") return out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(*parse_type(item));
  return out;
}

Val parse_val(const std::string& s) {
  const auto colon = s.find(':');
  const std::string t = s.substr(0, colon), v = s.substr(colon + 1);
  if (t == "i32") return Val::i32(static_cast<int32_t>(std::stoul(v, nullptr, 16)));
  if (t == "i64") return Val::i64(static_cast<int64_t>(std::stoull(v, nullptr, 16)));
  if (t == "f32") return v == "nan" ? Val::f32_bits(0x7fc00000u) : Val::f32_bits(static_cast<uint32_t>(std::stoul(v, nullptr, 16)));
  if (t == "f64") return v == "nan" ? Val::f64_bits(0x7ff8000000000000ull) : Val::f64_bits(std::stoull(v, nullptr, 16));
  if (t == "ext") return v == "null" ? Val::null_of(ValType::ExternRef) : Val::externref(Ref{reinterpret_cast<void*>(std::stoull(v))});
  return Val::null_of(ValType::FuncRef);
}

std::string error_text(const Error& e) {
  if (e.kind() == ErrorKind::Trap && e.trap()) return "trap:" + std::string(trap_category(e.trap()->kind()));
  return "error";
}

bool g_nan_bits = false;

struct Job {
  std::string path;
  std::vector<std::string> lines;  // import/call/check lines in order
};

std::vector<Job> read_jobs(std::istream& in) {
  std::vector<Job> jobs;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("module ", 0) == 0) jobs.push_back({line.substr(7), {}});
    else if (line == "end" || line.empty()) continue;
    else if (!jobs.empty()) jobs.back().lines.push_back(line);
  }
  return jobs;
}

void run_job(const Engine& engine, const Job& job) {
  std::printf("module %s\n", job.path.c_str());
  auto bytes = read_file(job.path);
  auto m = bytes ? Module::compile(engine, *bytes) : Result<Module>(Error(ErrorKind::Io, "read"));
  if (!m) { std::printf("compile error\n"); return; }
  Store store(engine);
  Linker linker(engine);
  for (const std::string& line : job.lines) {
    if (line.rfind("import ", 0) != 0) continue;
    std::istringstream ls(line.substr(7));
    std::string mod, name, params, results;
    ls >> mod >> name >> params >> results;
    FuncType ft{parse_types(params), parse_types(results)};
    const std::string label = mod + "." + name;
    auto r = linker.define_func(mod, name, ft, [label, ft](Caller&, std::span<const Val> args, std::span<Val> res) -> Result<void> {
      uint64_t acc = kFnvOffset;
      for (unsigned char c : label) acc = (acc ^ c) * kFnvPrime;
      std::string text = "host " + label;
      for (const Val& a : args) {
        acc = (acc ^ host_hash_bits(a)) * kFnvPrime;
        text += " " + format_val(a);
      }
      std::printf("%s\n", text.c_str());
      for (size_t j = 0; j < res.size(); ++j) res[j] = host_result(ft.results[j], acc, j);
      return {};
    });
    (void)r;
  }
  auto inst = linker.instantiate(store, *m);
  if (!inst) { std::printf("inst %s\n", error_text(inst.error()).c_str()); return; }
  std::printf("inst ok\n");
  for (const std::string& line : job.lines) {
    std::istringstream ls(line);
    std::string kind;
    ls >> kind;
    if (kind == "call") {
      std::string name, results, a;
      ls >> name >> results;
      std::vector<Val> args;
      std::string argtext;
      while (ls >> a) { args.push_back(parse_val(a)); argtext += " " + a; }
      std::printf("call %s%s\n", name.c_str(), argtext.c_str());
      std::fflush(stdout);
      auto f = inst->get_func(name);
      if (!f) { std::printf("=> nofunc\n"); continue; }
      store.set_epoch_deadline(40);  // 40 ticks of 50 ms
      auto r = f->call(store, args);
      if (!r) { std::printf("=> %s\n", error_text(r.error()).c_str()); continue; }
      std::string out = "=>";
      for (const Val& v : *r) out += " " + format_val(v, g_nan_bits);
      std::printf("%s\n", out.c_str());
    } else if (kind == "check") {
      std::string item;
      while (ls >> item) {
        if (item.rfind("mem:", 0) == 0) {
          auto mem = inst->get_memory(item.substr(4));
          if (!mem) { std::printf("state %s missing\n", item.c_str()); continue; }
          std::printf("state %s pages=%llu hash=%08x\n", item.c_str(), static_cast<unsigned long long>(mem->pages()),
                      memory_hash(mem->data(), mem->size_bytes()));
          if (std::getenv("DIFF_MEMDUMP")) {  // debugging a hash mismatch: every non-zero 32-byte row
            for (uint64_t at = 0; at < mem->size_bytes(); at += 32) {
              const uint8_t* row = mem->data() + at;
              if (std::all_of(row, row + 32, [](uint8_t b) { return b == 0; })) continue;
              std::printf("  %08llx", static_cast<unsigned long long>(at));
              for (int k = 0; k < 32; ++k) std::printf(" %02x", row[k]);
              std::printf("\n");
            }
          }
        } else if (item.rfind("global:", 0) == 0) {
          const std::string name = item.substr(item.find(':', 7) + 1);
          auto g = inst->get_global(name);
          std::printf("state %s %s\n", item.c_str(), g ? format_val(g->get()).c_str() : "missing");
        }
      }
    }
  }
}

}  // namespace
}  // namespace stratus::diff

int main(int argc, char** argv) {
  using namespace stratus;
  using namespace stratus::diff;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() >= 4 && args[0] == "plan") {
    return plan(std::stoull(args[1]), std::stoi(args[2]), std::vector<std::string>(args.begin() + 3, args.end()));
  }
  if (!args.empty() && args[0] == "run") {
    EngineConfig config;
    config.epochs.ticker = true;
    config.epochs.tick = std::chrono::milliseconds(50);
    std::string job_path;
    for (size_t i = 1; i < args.size(); ++i) {
      if (args[i] == "--bounds=explicit") config.bounds_checks = BoundsChecks::Explicit;
      else if (args[i] == "--bounds=auto") config.bounds_checks = BoundsChecks::Auto;
      else if (args[i] == "--nan-bits") g_nan_bits = true;
      else if (args[i] == "--pooling") config.allocation = InstanceAllocation::Pooling, config.pooling.memory_slots = 8;
      else job_path = args[i];
    }
    auto engine = Engine::create(config);
    if (!engine) { std::fprintf(stderr, "engine: %s\n", engine.error().message().c_str()); return 2; }
    std::ifstream in(job_path);
    if (!in) { std::fprintf(stderr, "cannot read %s\n", job_path.c_str()); return 2; }
    for (const Job& job : read_jobs(in)) run_job(*engine, job);
    return 0;
  }
  std::fprintf(stderr,
               "usage: stratus_diff_run plan <seed> <calls> <module.wasm>...\n"
               "       stratus_diff_run run [--bounds=auto|explicit] [--pooling] [--nan-bits] <job.txt>\n");
  return 2;
}
