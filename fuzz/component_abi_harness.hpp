// One fuzz input through the canonical ABI: lift a value of one of a fixed set of types from
// hostile flat values or hostile memory (with a realloc that may return junk), and when that
// succeeds, lower it into a second guest and lift it back, which must give the same value.
// Strings are also transcoded between every pair of encodings and checked the same way.
// Shared by the libFuzzer target and a unit test that runs it over seeded random inputs.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "component/abi/strings.hpp"
#include "component/abi/values.hpp"
#include "stratus/trap.hpp"

namespace stratus::component::abi::fuzz {

struct World {
  TypeTables types;
  std::vector<ValType> subjects;
  Layouts layouts;

  World() : layouts(build(types, subjects)) {}

  static Layouts build(TypeTables& t, std::vector<ValType>& s) {
    const ValType u8{ValKind::U8}, u16{ValKind::U16}, u32{ValKind::U32}, s64{ValKind::S64}, f32{ValKind::F32},
        f64{ValKind::F64}, str{ValKind::String}, chr{ValKind::Char}, boolean{ValKind::Bool};
    ValType strings = t.add(ListType{str, std::nullopt});
    ValType rec = t.add(RecordType{{{"a", u8}, {"b", str}, {"c", f64}, {"d", chr}}});
    ValType tup = t.add(TupleType{{boolean, s64, f32}});
    ValType var = t.add(VariantType{{{"f", f32}, {"i", ValType{ValKind::U64}}, {"s", str}, {"n", std::nullopt}, {"t", tup}}});
    FlagsType many;
    for (int i = 0; i < 40; ++i) many.names.push_back("f" + std::to_string(i));
    EnumType wide;
    for (int i = 0; i < 300; ++i) wide.names.push_back("e" + std::to_string(i));
    s = {boolean,
         chr,
         f32,
         str,
         t.add(ListType{u8, std::nullopt}),
         strings,
         t.add(ListType{chr, std::nullopt}),
         rec,
         tup,
         var,
         t.add(OptionType{t.add(ListType{u16, std::nullopt})}),
         t.add(ResultType{str, t.add(TupleType{{u8, s64}})}),
         t.add(std::move(many)),
         t.add(FlagsType{{"x", "y", "z"}}),
         t.add(std::move(wide)),
         t.add(ListType{u32, 3}),
         t.add(ListType{var, std::nullopt}),
         t.add(ListType{rec, std::nullopt})};
    return Layouts::compute(t).unwrap();
  }
};

class Guest {
 public:
  // `size` bytes, the first filled from `init`, allocating from `first_free` on.
  Guest(size_t size, const uint8_t* init, size_t n, uint8_t junk_mode, uint32_t first_free)
      : bytes_(size, 0), junk_(junk_mode), next_(first_free) {
    if (n > 0) std::memcpy(bytes_.data(), init, n < size ? n : size);
    memory.base = bytes_.data();
    memory.size = bytes_.size();
    realloc = [this](GuestMemory&, uint32_t old_ptr, uint32_t old_size, uint32_t align,
                     uint32_t new_size) -> Result<uint32_t> {
      ++calls_;
      // Now and then what a hostile guest returns: misaligned, past the end, or a trap.
      if (junk_ != 0 && calls_ % junk_ == 0) {
        junked = true;
        switch (calls_ % 3) {
          case 0: return next_ | 1;
          case 1: return static_cast<uint32_t>(bytes_.size() - 1);
          default: return Error(std::make_shared<const Trap>(TrapKind::Unreachable, "unreachable"));
        }
      }
      uint32_t p = (next_ + align - 1) / align * align;
      if (uint64_t{p} + new_size > bytes_.size()) return Error(std::make_shared<const Trap>(TrapKind::HostTrap, "full"));
      next_ = p + new_size;
      if (old_ptr != 0) std::memmove(bytes_.data() + p, bytes_.data() + old_ptr, old_size < new_size ? old_size : new_size);
      return p;
    };
  }
  static constexpr uint32_t kSize = 1 << 16;
  GuestMemory memory;
  Realloc realloc;
  // Set once realloc returned junk: a pointer that passes the checks (an aligned one inside
  // memory) without the copy a real realloc makes leaves garbage, which is the guest's bug.
  bool junked = false;

 private:
  std::vector<uint8_t> bytes_;
  uint8_t junk_;
  uint32_t calls_ = 0;
  uint32_t next_;
};

[[noreturn]] inline void fail(const char* what, const Error* why = nullptr) {
  std::fprintf(stderr, "component ABI fuzz: %s%s%s\n", what, why ? ": " : "", why ? why->message().c_str() : "");
  std::abort();
}

inline uint32_t u32_at(const uint8_t* d, size_t n, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4 && at + i < n; ++i) v |= uint32_t{d[at + i]} << (8 * i);
  return v;
}

// Whether lowering failed only because the fake guest's allocator is full: aliased strings
// and lists in the input memory can lift into far more bytes than the memory holds.
inline bool allocator_full(const Error& e) { return e.trap() && e.trap()->kind() == TrapKind::HostTrap; }

// Lowers `v` into a fresh guest of `enc` and lifts it back: it must be `v` again.
inline void check_round_trip(const World& w, ValType t, StringEncoding enc, const Val& v) {
  // Room for anything the input's memory could have held, allocated past where it is stored.
  Guest again(4 * Guest::kSize, nullptr, 0, 0, 1024);
  LiftLowerContext cx(w.types, w.layouts, MemoryOptions{enc, &again.memory, &again.realloc});
  const Layout& l = w.layouts.of(t);
  if (l.fits_flat(kMaxFlatParams)) {
    std::vector<uint64_t> cells;
    auto lowered = lower_flat(cx, v, t, cells);
    if (!lowered && allocator_full(lowered.error())) return;
    if (!lowered) fail("a lifted value did not lower again", &lowered.error());
    size_t pos = 0;
    auto back = lift_flat(cx, cells, pos, t);
    if (!back || !(*back == v)) fail("flat round trip changed the value");
  }
  auto stored = store(cx, v, t, 64);
  if (!stored && allocator_full(stored.error())) return;
  if (!stored) fail("a lifted value did not store again", &stored.error());
  auto loaded = load(cx, t, 64);
  if (!loaded || !(*loaded == v)) fail("memory round trip changed the value");
}

// What became of an input: rejected (a trap or error, as most hostile inputs are), a value
// lifted and round-tripped, or a string transcoded and compared.
enum class Outcome { Rejected, RoundTripped, Transcoded };

inline Outcome run_one(const uint8_t* data, size_t size) {
  static const World w;
  if (size < 8) return Outcome::Rejected;
  const ValType t = w.subjects[data[0] % w.subjects.size()];
  const auto enc = static_cast<StringEncoding>(data[1] % 3);
  const auto dst_enc = static_cast<StringEncoding>((data[1] / 3) % 3);
  const uint8_t mode = data[2] % 3;
  // The input is the lower half of memory; allocations go to the upper half.
  Guest guest(Guest::kSize, data + 8, size - 8, static_cast<uint8_t>(data[3] % 4), Guest::kSize / 2);
  LiftLowerContext cx(w.types, w.layouts, MemoryOptions{enc, &guest.memory, &guest.realloc});

  Result<Val> v = Error(ErrorKind::Argument, "");
  if (mode == 0) {
    std::vector<uint64_t> cells;
    for (size_t i = 8; i + 8 <= size && cells.size() < kMaxFlatParams; i += 8) {
      uint64_t c;
      std::memcpy(&c, data + i, 8);
      cells.push_back(c);
    }
    size_t pos = 0;
    v = lift_flat(cx, cells, pos, t);
  } else if (mode == 1) {
    v = load(cx, t, u32_at(data, size, 4) % (Guest::kSize + 64));
  } else {
    GuestString s{u32_at(data, size, 4) % (Guest::kSize + 16), u32_at(data, size, 8)};
    if (data[3] & 0x80) s.tagged_code_units &= 0x800000FF;  // short strings, tag bit kept
    auto src = lift_string(cx, s);
    Guest dst(4 * Guest::kSize, nullptr, 0, static_cast<uint8_t>(data[3] % 4), 64);
    LiftLowerContext dcx(w.types, w.layouts, MemoryOptions{dst_enc, &dst.memory, &dst.realloc});
    auto moved = transcode_string(guest.memory, enc, s, dcx);
    if (src.ok() != moved.ok() && moved.ok()) fail("transcoding accepted a string lifting rejects");
    if (moved.ok() && !dst.junked) {
      auto back = lift_string(dcx, *moved);
      if (!src) fail("transcoding accepted a string lifting rejects");
      if (!back) fail("a transcoded string does not lift", &back.error());
      if (*back != *src) {
        std::fprintf(stderr, "encoding %d -> %d, %#x code units -> %#x\n", static_cast<int>(enc),
                     static_cast<int>(dst_enc), s.tagged_code_units, moved->tagged_code_units);
        fail("transcoding changed the string");
      }
      return Outcome::Transcoded;
    }
    return Outcome::Rejected;
  }
  if (!v.ok()) return Outcome::Rejected;
  check_round_trip(w, t, enc, *v);
  return Outcome::RoundTripped;
}

}  // namespace stratus::component::abi::fuzz
