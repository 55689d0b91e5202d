// The canonical ABI's cost per value, against a byte-vector guest: lowering and lifting a
// list<u8> of 64 KiB (dynamic Vals and the typed path) and a 1 KiB string in each encoding.
// `--quick` runs each a few times and checks the values survive, for CTest.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "component/abi/strings.hpp"
#include "component/abi/values.hpp"

using namespace stratus::component;
using namespace stratus::component::abi;

namespace {

struct BumpGuest {
  std::vector<uint8_t> bytes = std::vector<uint8_t>(1 << 20);
  GuestMemory memory{bytes.data(), bytes.size()};
  uint32_t next = 16;
  Realloc realloc = [this](GuestMemory& m, uint32_t old_ptr, uint32_t old_size, uint32_t align,
                           uint32_t new_size) -> stratus::Result<uint32_t> {
    if (old_ptr != 0 && new_size <= old_size) return old_ptr;
    uint32_t p = (next + align - 1) / align * align;
    next = p + new_size;
    if (old_ptr != 0) std::memmove(m.base + p, m.base + old_ptr, old_size);
    return p;
  };
  void reset() { next = 16; }
};

template <class F>
double ns_per(int iters, F&& f) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < iters; ++i) f();
  auto d = std::chrono::steady_clock::now() - start;
  return std::chrono::duration<double, std::nano>(d).count() / iters;
}

int failures = 0;
void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "abi_bench: %s failed\n", what);
    ++failures;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
  const int iters = quick ? 3 : 2000;
  TypeTables types;
  ValType bytes_t = types.add(ListType{ValType{ValKind::U8}, std::nullopt});
  Layouts layouts = Layouts::compute(types).unwrap();
  BumpGuest guest;

  Val::List list;
  std::vector<uint8_t> raw(64 * 1024);
  for (size_t i = 0; i < raw.size(); ++i) raw[i] = static_cast<uint8_t>(i * 7);
  for (uint8_t b : raw) list.elements.emplace_back(b);
  const Val list_val(list);
  std::string text;
  while (text.size() < 1024) text += "caf\xC3\xA9 na\xC3\xAFve ";
  text.resize(1024 - 3);
  text += "end";

  std::printf("%-44s %12s\n", "operation", "ns/op");
  auto row = [](const char* name, double ns) { std::printf("%-44s %12.0f\n", name, ns); };

  for (StringEncoding enc : {StringEncoding::Utf8, StringEncoding::Utf16, StringEncoding::Latin1Utf16}) {
    LiftLowerContext cx(types, layouts, MemoryOptions{enc, &guest.memory, &guest.realloc});
    GuestString g{};
    double lower = ns_per(iters, [&] {
      guest.reset();
      g = lower_string(cx, text).unwrap();
    });
    std::string back;
    double lift = ns_per(iters, [&] { back = lift_string(cx, g).unwrap(); });
    check(back == text, "string round trip");
    const char* name = enc == StringEncoding::Utf8 ? "utf8" : enc == StringEncoding::Utf16 ? "utf16" : "latin1+utf16";
    row((std::string("lower string 1 KiB -> ") + name).c_str(), lower);
    row((std::string("lift string 1 KiB <- ") + name).c_str(), lift);
  }

  LiftLowerContext cx(types, layouts, MemoryOptions{StringEncoding::Utf8, &guest.memory, &guest.realloc});
  std::vector<uint64_t> cells;
  double lower_val = ns_per(iters, [&] {
    guest.reset();
    cells.clear();
    lower_flat(cx, list_val, bytes_t, cells).unwrap();
  });
  Val lifted;
  double lift_val = ns_per(iters, [&] {
    size_t pos = 0;
    lifted = lift_flat(cx, cells, pos, bytes_t).unwrap();
  });
  check(lifted == list_val, "list<u8> Val round trip");
  GuestList gl{};
  double lower_typed = ns_per(iters, [&] {
    guest.reset();
    gl = lower_list_of<uint8_t>(cx, raw).unwrap();
  });
  std::vector<uint8_t> back;
  double lift_typed = ns_per(iters, [&] { back = lift_list_of<uint8_t>(cx, gl).unwrap(); });
  check(back == raw, "list<u8> typed round trip");
  row("lower list<u8> 64 KiB (Val)", lower_val);
  row("lift list<u8> 64 KiB (Val)", lift_val);
  row("lower list<u8> 64 KiB (typed)", lower_typed);
  row("lift list<u8> 64 KiB (typed)", lift_typed);
  return failures == 0 ? 0 : 1;
}
