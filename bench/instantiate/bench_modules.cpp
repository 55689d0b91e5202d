#include "bench_modules.hpp"

namespace stratus::bench {

namespace {

// type 0: (i32) -> i32
Bytes one_type() {
  Bytes types;
  uleb(types, 1);
  types.insert(types.end(), {0x60, 0x01, 0x7f, 0x01, 0x7f});
  return types;
}

Bytes export_run(uint32_t func) {
  Bytes exports;
  uleb(exports, 1);
  name(exports, "run");
  exports.push_back(0x00);
  uleb(exports, func);
  return exports;
}

Bytes memory_section(uint32_t min_pages) {
  Bytes memories{0x01, 0x00};
  uleb(memories, min_pages);
  return memories;
}

Bytes data_section(uint32_t offset, uint32_t size) {
  Bytes data{0x01, 0x00, 0x41};
  sleb(data, offset);
  data.push_back(0x0b);
  uleb(data, size);
  uint32_t x = 2463534242u;
  for (uint32_t i = 0; i < size; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    data.push_back(static_cast<uint8_t>(x));
  }
  return data;
}

}  // namespace

Bytes empty_module() {
  Bytes m = header();
  section(m, 1, one_type());
  section(m, 3, {0x01, 0x00});
  section(m, 7, export_run(0));
  Bytes code{0x01};
  const Bytes b = body({0x20, 0x00});  // local.get 0
  code.insert(code.end(), b.begin(), b.end());
  section(m, 10, code);
  return m;
}

Bytes data_module() {
  constexpr uint32_t kDataStart = 1024;
  constexpr uint32_t kDataSize = 1 << 20;
  constexpr uint32_t kHeap = 0x110000;  // above the data, 64 KiB aligned
  Bytes m = header();
  section(m, 1, one_type());
  section(m, 3, {0x01, 0x00});
  section(m, 5, memory_section(32));
  section(m, 7, export_run(0));
  // for (i = 0; i < 16; ++i) store32(kHeap + i * 4096, seed); return load8_u(kDataStart + seed & 0xffff)
  Bytes code;
  code.insert(code.end(), {0x41, 0x00, 0x21, 0x01});          // i = 0   (local 1)
  code.insert(code.end(), {0x03, 0x40});                      // loop
  code.insert(code.end(), {0x20, 0x01, 0x41, 0x0c, 0x74});    //   i << 12
  code.push_back(0x20);                                       //   local.get 0
  code.push_back(0x00);
  code.insert(code.end(), {0x36, 0x02});                      //   i32.store align=4 offset=kHeap
  uleb(code, kHeap);
  code.insert(code.end(), {0x20, 0x01, 0x41, 0x01, 0x6a, 0x22, 0x01});  // i = i + 1 (tee)
  code.insert(code.end(), {0x41, 0x10, 0x49, 0x0d, 0x00, 0x0b});        // br_if i < 16; end
  code.insert(code.end(), {0x20, 0x00, 0x41});                          // seed & 0xffff
  sleb(code, 0xffff);
  code.insert(code.end(), {0x71, 0x2d, 0x00});                          // i32.load8_u offset=kDataStart
  uleb(code, kDataStart);
  Bytes b{0x01, 0x01, 0x7f};  // one local i32
  b.insert(b.end(), code.begin(), code.end());
  b.push_back(0x0b);
  Bytes codes{0x01};
  uleb(codes, b.size());
  codes.insert(codes.end(), b.begin(), b.end());
  section(m, 10, codes);
  section(m, 11, data_section(kDataStart, kDataSize));
  return m;
}

Bytes big_table_module() {
  constexpr uint32_t kFuncs = 7000;
  constexpr uint32_t kRepeats = 200;  // ~1.4 KB of code per function
  Bytes m = header();
  section(m, 1, one_type());
  Bytes funcs;
  uleb(funcs, kFuncs + 1);
  for (uint32_t i = 0; i <= kFuncs; ++i) funcs.push_back(0x00);
  section(m, 3, funcs);
  Bytes table{0x01, 0x70, 0x00};
  uleb(table, kFuncs);
  section(m, 4, table);
  section(m, 5, memory_section(16));
  section(m, 7, export_run(kFuncs));
  Bytes elems{0x01, 0x00, 0x41, 0x00, 0x0b};
  uleb(elems, kFuncs);
  for (uint32_t i = 0; i < kFuncs; ++i) uleb(elems, i);
  section(m, 9, elems);
  Bytes codes;
  uleb(codes, kFuncs + 1);
  for (uint32_t i = 0; i < kFuncs; ++i) {
    Bytes code;
    for (uint32_t r = 0; r < kRepeats; ++r) {
      code.push_back(0x41);  // i32.const (5-byte LEB) ; drop
      sleb(code, 0x10000000 + static_cast<int32_t>(i * kRepeats + r));
      code.push_back(0x1a);
    }
    code.insert(code.end(), {0x20, 0x00});  // local.get 0
    const Bytes b = body(code);
    codes.insert(codes.end(), b.begin(), b.end());
  }
  // run(x) = table[x % 7000](x)
  Bytes run{0x20, 0x00, 0x20, 0x00, 0x41};
  sleb(run, kFuncs);
  run.insert(run.end(), {0x70, 0x11, 0x00, 0x00});  // i32.rem_u; call_indirect type 0 table 0
  const Bytes b = body(run);
  codes.insert(codes.end(), b.begin(), b.end());
  section(m, 10, codes);
  section(m, 11, data_section(1024, 64 * 1024));
  return m;
}

}  // namespace stratus::bench
