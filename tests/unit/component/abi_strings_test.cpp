// Strings: validation of every encoding, the length and bounds edges where runtimes have had
// CVEs, and the exact realloc pattern of each store and transcoding.
#include <gtest/gtest.h>

#include "abi_guest.hpp"
#include "component/abi/strings.hpp"

namespace stratus::component::abi {
namespace {

using testing::FakeGuest;
using testing::ReallocCall;
using Enc = StringEncoding;

struct Fixture {
  TypeTables types;
  Layouts layouts = Layouts::compute(types).unwrap();
  FakeGuest guest;
  LiftLowerContext cx(Enc e) { return LiftLowerContext{types, layouts, guest.options(e)}; }
};

Result<std::string> lift(Fixture& f, Enc e, uint32_t ptr, uint32_t len) {
  auto cx = f.cx(e);
  return lift_string(cx, GuestString{ptr, len});
}

TEST(AbiStrings, Utf8LiftsAsIs) {
  Fixture f;
  f.guest.put(100, "h\xC3\xA9llo \xF0\x9F\x98\x80", 11);
  auto s = lift(f, Enc::Utf8, 100, 11);
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(*s, "h\xC3\xA9llo \xF0\x9F\x98\x80");
}

TEST(AbiStrings, IllFormedUtf8Traps) {
  const std::vector<std::vector<uint8_t>> bad = {
      {0xC0, 0x80},              // overlong NUL
      {0xC1, 0xBF},              // overlong
      {0xE0, 0x80, 0x80},        // overlong 3-byte
      {0xF0, 0x80, 0x80, 0x80},  // overlong 4-byte
      {0xED, 0xA0, 0x80},        // surrogate U+D800
      {0xED, 0xBF, 0xBF},        // surrogate U+DFFF
      {0xF4, 0x90, 0x80, 0x80},  // U+110000
      {0xF5, 0x80, 0x80, 0x80},  // past F4
      {0x80},                    // stray continuation
      {0x61, 0xE2, 0x82},        // truncated at the end
      {0xE2, 0x28, 0xA1},        // bad continuation
      {0xFF},
  };
  for (const auto& b : bad) {
    Fixture f;
    f.guest.put(200, b.data(), b.size());
    EXPECT_TRAP(lift(f, Enc::Utf8, 200, static_cast<uint32_t>(b.size())), TrapKind::CanonicalAbi, "not valid UTF-8");
  }
  // The 8-byte ASCII fast path must not skip a bad byte in the next word.
  Fixture f;
  f.guest.put(300, "abcdefgh\x80", 9);
  EXPECT_TRAP(lift(f, Enc::Utf8, 300, 9), TrapKind::CanonicalAbi, "offset 8");
}

TEST(AbiStrings, Utf16LiftsPairsAndTrapsOnUnpairedSurrogates) {
  Fixture f;
  // "a😀" = 0061 D83D DE00
  f.guest.put(100, {0x61, 0x00, 0x3D, 0xD8, 0x00, 0xDE});
  auto s = lift(f, Enc::Utf16, 100, 3);
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(*s, "a\xF0\x9F\x98\x80");
  f.guest.put(200, {0x3D, 0xD8});  // a high surrogate at the end
  EXPECT_TRAP(lift(f, Enc::Utf16, 200, 1), TrapKind::CanonicalAbi, "unpaired surrogate 0xd83d");
  f.guest.put(210, {0x00, 0xDE, 0x61, 0x00});  // a lone low surrogate
  EXPECT_TRAP(lift(f, Enc::Utf16, 210, 2), TrapKind::CanonicalAbi, "unpaired surrogate 0xde00");
  f.guest.put(220, {0x3D, 0xD8, 0x61, 0x00});  // a high surrogate before a non-surrogate
  EXPECT_TRAP(lift(f, Enc::Utf16, 220, 2), TrapKind::CanonicalAbi, "code unit 0");
  f.guest.put(230, {0x3D, 0xD8, 0x3D, 0xD8});  // two highs
  EXPECT_TRAP(lift(f, Enc::Utf16, 230, 2), TrapKind::CanonicalAbi, "unpaired");
}

TEST(AbiStrings, Utf16AndCompactNeedTwoByteAlignment) {
  Fixture f;
  EXPECT_TRAP(lift(f, Enc::Utf16, 101, 1), TrapKind::CanonicalAbi, "not 2-byte aligned");
  EXPECT_TRAP(lift(f, Enc::Latin1Utf16, 101, 1), TrapKind::CanonicalAbi, "not 2-byte aligned");
  EXPECT_TRAP(lift(f, Enc::Latin1Utf16, 101, 1 | kUtf16Tag), TrapKind::CanonicalAbi, "not 2-byte aligned");
  // utf8 has no alignment.
  f.guest.put(101, {'x'});
  EXPECT_TRUE(lift(f, Enc::Utf8, 101, 1).ok());
}

TEST(AbiStrings, LengthsAtTheLimitAndAtThe31And32BitBoundaries) {
  Fixture f;
  // One byte past the 2^28-1 limit traps on length before bounds are looked at.
  EXPECT_TRAP(lift(f, Enc::Utf8, 0, 1u << 28), TrapKind::CanonicalAbi, "longer than");
  EXPECT_TRAP(lift(f, Enc::Utf16, 0, 1u << 27), TrapKind::CanonicalAbi, "268435456 bytes");
  // 2 * 2^31 code units is 2^32 bytes: no 32-bit wrap to 0.
  EXPECT_TRAP(lift(f, Enc::Utf16, 0, 1u << 31), TrapKind::CanonicalAbi, "4294967296 bytes");
  EXPECT_TRAP(lift(f, Enc::Utf16, 0, 0xFFFFFFFFu), TrapKind::CanonicalAbi, "longer than");
  EXPECT_TRAP(lift(f, Enc::Utf8, 0, 0xFFFFFFFFu), TrapKind::CanonicalAbi, "longer than");
  // latin1+utf16: the tag bit is not part of the length; untagged 2^31 - 1 latin1 bytes is too long.
  EXPECT_TRAP(lift(f, Enc::Latin1Utf16, 0, kUtf16Tag | 0x7FFFFFFFu), TrapKind::CanonicalAbi, "longer than");
  EXPECT_TRAP(lift(f, Enc::Latin1Utf16, 0, 0x7FFFFFFFu), TrapKind::CanonicalAbi, "longer than");
  // Within the limit but past the end of memory, including a pointer near 2^32.
  const uint32_t size = static_cast<uint32_t>(f.guest.bytes.size());
  EXPECT_TRAP(lift(f, Enc::Utf8, size - 1, 2), TrapKind::CanonicalAbi, "out of bounds");
  EXPECT_TRAP(lift(f, Enc::Utf8, 0xFFFFFFFFu, 1), TrapKind::CanonicalAbi, "out of bounds");
  EXPECT_TRAP(lift(f, Enc::Utf16, 0xFFFFFFFEu, 2), TrapKind::CanonicalAbi, "out of bounds");
  auto empty_at_end = lift(f, Enc::Utf8, size, 0);
  ASSERT_TRUE(empty_at_end.ok());
  EXPECT_EQ(*empty_at_end, "");
}

TEST(AbiStrings, Latin1Utf16TagBitPicksTheEncoding) {
  Fixture f;
  f.guest.put(100, {0xE9, 0x41});  // latin1 "éA"
  auto latin = lift(f, Enc::Latin1Utf16, 100, 2);
  ASSERT_TRUE(latin.ok()) << latin.error().message();
  EXPECT_EQ(*latin, "\xC3\xA9" "A");
  // The same bytes tagged are one UTF-16 code unit, U+41E9.
  auto wide = lift(f, Enc::Latin1Utf16, 100, 1 | kUtf16Tag);
  ASSERT_TRUE(wide.ok()) << wide.error().message();
  EXPECT_EQ(*wide, "\xE4\x87\xA9");
}

TEST(AbiStrings, LowerToUtf8IsOneExactAllocation) {
  Fixture f;
  auto cx = f.cx(Enc::Utf8);
  auto g = lower_string(cx, "h\xC3\xA9llo");
  ASSERT_TRUE(g.ok()) << g.error().message();
  EXPECT_EQ(f.guest.calls, (std::vector<ReallocCall>{{0, 0, 1, 6}}));
  EXPECT_EQ(g->tagged_code_units, 6u);
  EXPECT_EQ(f.guest.text(g->ptr, 6), "h\xC3\xA9llo");
}

TEST(AbiStrings, LowerToUtf16AllocatesTheWorstCaseThenShrinks) {
  Fixture f;
  auto cx = f.cx(Enc::Utf16);
  auto g = lower_string(cx, "h\xC3\xA9");  // 3 bytes, 2 code units
  ASSERT_TRUE(g.ok()) << g.error().message();
  ASSERT_EQ(f.guest.calls.size(), 2u);
  EXPECT_EQ(f.guest.calls[0], (ReallocCall{0, 0, 2, 6}));
  EXPECT_EQ(f.guest.calls[1], (ReallocCall{g->ptr, 6, 2, 4}));
  EXPECT_EQ(g->tagged_code_units, 2u);
  EXPECT_EQ(f.guest.get_le<uint16_t>(g->ptr), 'h');
  EXPECT_EQ(f.guest.get_le<uint16_t>(g->ptr + 2), 0xE9);
  // ASCII fills the worst case exactly: no shrink.
  f.guest.calls.clear();
  ASSERT_TRUE(lower_string(cx, "abc").ok());
  EXPECT_EQ(f.guest.calls, (std::vector<ReallocCall>{{0, 0, 2, 6}}));
}

TEST(AbiStrings, LowerToLatin1Utf16StaysLatin1WhileItCan) {
  Fixture f;
  auto cx = f.cx(Enc::Latin1Utf16);
  auto ascii = lower_string(cx, "abc");
  ASSERT_TRUE(ascii.ok());
  EXPECT_EQ(f.guest.calls, (std::vector<ReallocCall>{{0, 0, 2, 3}}));
  EXPECT_EQ(ascii->tagged_code_units, 3u);

  f.guest.calls.clear();
  auto latin = lower_string(cx, "\xC3\xA9");  // é: 2 UTF-8 bytes, 1 latin1 byte
  ASSERT_TRUE(latin.ok());
  EXPECT_EQ(f.guest.calls, (std::vector<ReallocCall>{{0, 0, 2, 2}, {latin->ptr, 2, 2, 1}}));
  EXPECT_EQ(latin->tagged_code_units, 1u);
  EXPECT_EQ(f.guest.bytes[latin->ptr], 0xE9);

  f.guest.calls.clear();
  auto wide = lower_string(cx, "a\xC3\xA9\xE2\x82\xAC");  // "aé€": 6 bytes; € is not latin1
  ASSERT_TRUE(wide.ok());
  ASSERT_EQ(f.guest.calls.size(), 3u);
  EXPECT_EQ(f.guest.calls[0], (ReallocCall{0, 0, 2, 6}));
  EXPECT_EQ(f.guest.calls[1].old_size, 6u);
  EXPECT_EQ(f.guest.calls[1].new_size, 12u);
  EXPECT_EQ(f.guest.calls[2], (ReallocCall{wide->ptr, 12, 2, 6}));
  EXPECT_EQ(wide->tagged_code_units, 3u | kUtf16Tag);
  // The latin1 bytes written before the switch were inflated in place.
  EXPECT_EQ(f.guest.get_le<uint16_t>(wide->ptr), 'a');
  EXPECT_EQ(f.guest.get_le<uint16_t>(wide->ptr + 2), 0xE9);
  EXPECT_EQ(f.guest.get_le<uint16_t>(wide->ptr + 4), 0x20AC);
}

TEST(AbiStrings, HostStringsMustBeUtf8) {
  Fixture f;
  auto cx = f.cx(Enc::Utf8);
  EXPECT_HOST_ERROR(lower_string(cx, std::string("a\xFF", 2)), "not valid UTF-8");
  EXPECT_HOST_ERROR(lower_string(cx, std::string("\xED\xA0\x80", 3)), "not valid UTF-8");
  EXPECT_TRUE(f.guest.calls.empty()) << "nothing is allocated for a string that is rejected";
}

TEST(AbiStrings, ReallocReturningJunkTraps) {
  Fixture f;
  auto cx = f.cx(Enc::Utf16);
  f.guest.junk = [](const ReallocCall&) -> Result<uint32_t> { return 101u; };
  EXPECT_TRAP(lower_string(cx, "ab"), TrapKind::CanonicalAbi, "not 2-byte aligned");
  const uint32_t size = static_cast<uint32_t>(f.guest.bytes.size());
  f.guest.junk = [size](const ReallocCall&) -> Result<uint32_t> { return size - 2; };
  EXPECT_TRAP(lower_string(cx, "ab"), TrapKind::CanonicalAbi, "out of bounds");
  f.guest.junk = [](const ReallocCall&) -> Result<uint32_t> { return 0xFFFFFFFEu; };
  EXPECT_TRAP(lower_string(cx, "ab"), TrapKind::CanonicalAbi, "out of bounds");
  // Junk only on the shrink: the second call is checked too.
  f.guest.junk = [size](const ReallocCall& c) -> Result<uint32_t> { return c.old_ptr == 0 ? 64u : size; };
  EXPECT_TRAP(lower_string(cx, "\xC3\xA9"), TrapKind::CanonicalAbi, "out of bounds");
  // A trap inside realloc comes back as that trap.
  f.guest.junk = [](const ReallocCall&) -> Result<uint32_t> {
    return Error(std::make_shared<const Trap>(TrapKind::Unreachable, "unreachable"));
  };
  EXPECT_TRAP(lower_string(cx, "ab"), TrapKind::Unreachable, "unreachable");
}

// Guest to guest: a source string in one memory and encoding, copied into another.
struct Transcode {
  FakeGuest src{4096};
  Fixture dst;
  Result<GuestString> run(Enc from, GuestString s, Enc to) {
    auto cx = dst.cx(to);
    return transcode_string(src.memory, from, s, cx);
  }
};

TEST(AbiStrings, TranscodeUtf16ToUtf8GrowsAtTheFirstNonAscii) {
  Transcode t;
  t.src.put(100, {'a', 0, 0xE9, 0});  // "aé"
  auto g = t.run(Enc::Utf16, {100, 2}, Enc::Utf8);
  ASSERT_TRUE(g.ok()) << g.error().message();
  ASSERT_EQ(t.dst.guest.calls.size(), 3u);
  EXPECT_EQ(t.dst.guest.calls[0], (ReallocCall{0, 0, 1, 2}));
  EXPECT_EQ(t.dst.guest.calls[1].new_size, 6u);  // 3 bytes per code unit
  EXPECT_EQ(t.dst.guest.calls[2], (ReallocCall{g->ptr, 6, 1, 3}));
  EXPECT_EQ(g->tagged_code_units, 3u);
  EXPECT_EQ(t.dst.guest.text(g->ptr, 3), "a\xC3\xA9");
  // All ASCII: the first allocation is exact.
  t.dst.guest.calls.clear();
  t.src.put(200, {'o', 0, 'k', 0});
  ASSERT_TRUE(t.run(Enc::Utf16, {200, 2}, Enc::Utf8).ok());
  EXPECT_EQ(t.dst.guest.calls, (std::vector<ReallocCall>{{0, 0, 1, 2}}));
}

TEST(AbiStrings, TranscodeLatin1ToUtf8WorstCaseIsTwoBytesPerUnit) {
  Transcode t;
  t.src.put(100, {0xE9});
  auto g = t.run(Enc::Latin1Utf16, {100, 1}, Enc::Utf8);
  ASSERT_TRUE(g.ok()) << g.error().message();
  // 2 bytes worst case, exactly what é needs: no shrink.
  EXPECT_EQ(t.dst.guest.calls, (std::vector<ReallocCall>{{0, 0, 1, 1}, {t.dst.guest.calls[1].old_ptr, 1, 1, 2}}));
  EXPECT_EQ(t.dst.guest.text(g->ptr, 2), "\xC3\xA9");
}

TEST(AbiStrings, TranscodeUtf8ToUtf16AndLatin1ToUtf16) {
  Transcode t;
  t.src.put(100, "\xF0\x9F\x98\x80", 4);  // 😀: 4 bytes, 2 code units
  auto g = t.run(Enc::Utf8, {100, 4}, Enc::Utf16);
  ASSERT_TRUE(g.ok()) << g.error().message();
  EXPECT_EQ(t.dst.guest.calls, (std::vector<ReallocCall>{{0, 0, 2, 8}, {g->ptr, 8, 2, 4}}));
  EXPECT_EQ(g->tagged_code_units, 2u);
  EXPECT_EQ(t.dst.guest.get_le<uint16_t>(g->ptr), 0xD83D);
  EXPECT_EQ(t.dst.guest.get_le<uint16_t>(g->ptr + 2), 0xDE00);

  t.dst.guest.calls.clear();
  t.src.put(200, {0xE9, 'z'});
  auto w = t.run(Enc::Latin1Utf16, {200, 2}, Enc::Utf16);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(t.dst.guest.calls, (std::vector<ReallocCall>{{0, 0, 2, 4}}));
  EXPECT_EQ(t.dst.guest.get_le<uint16_t>(w->ptr), 0xE9);
  EXPECT_EQ(t.dst.guest.get_le<uint16_t>(w->ptr + 2), 'z');
}

TEST(AbiStrings, TranscodeIntoLatin1Utf16) {
  Transcode t;
  // utf16 "é€" into latin1+utf16: latin1 first, then inflated, tagged.
  t.src.put(100, {0xE9, 0, 0xAC, 0x20});
  auto g = t.run(Enc::Utf16, {100, 2}, Enc::Latin1Utf16);
  ASSERT_TRUE(g.ok()) << g.error().message();
  ASSERT_EQ(t.dst.guest.calls.size(), 2u);  // allocate(2, 2), grow to 4; 4 bytes used, no shrink
  EXPECT_EQ(t.dst.guest.calls[0], (ReallocCall{0, 0, 2, 2}));
  EXPECT_EQ(t.dst.guest.calls[1].new_size, 4u);
  EXPECT_EQ(g->tagged_code_units, 2u | kUtf16Tag);

  // latin1+utf16 in its latin1 form: a plain copy.
  t.dst.guest.calls.clear();
  t.src.put(200, {'h', 'i'});
  auto l = t.run(Enc::Latin1Utf16, {200, 2}, Enc::Latin1Utf16);
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(t.dst.guest.calls, (std::vector<ReallocCall>{{0, 0, 2, 2}}));
  EXPECT_EQ(l->tagged_code_units, 2u);

  // latin1+utf16 in its UTF-16 form but all latin1: copied, then compressed and shrunk.
  t.dst.guest.calls.clear();
  t.src.put(300, {'h', 0, 0xE9, 0});
  auto p = t.run(Enc::Latin1Utf16, {300, 2 | kUtf16Tag}, Enc::Latin1Utf16);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(t.dst.guest.calls, (std::vector<ReallocCall>{{0, 0, 2, 4}, {p->ptr, 4, 1, 2}}));
  EXPECT_EQ(p->tagged_code_units, 2u);
  EXPECT_EQ(t.dst.guest.bytes[p->ptr + 1], 0xE9);

  // ...and not all latin1: stays UTF-16, one allocation.
  t.dst.guest.calls.clear();
  t.src.put(400, {'h', 0, 0xAC, 0x20});
  auto q = t.run(Enc::Latin1Utf16, {400, 2 | kUtf16Tag}, Enc::Latin1Utf16);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(t.dst.guest.calls, (std::vector<ReallocCall>{{0, 0, 2, 4}}));
  EXPECT_EQ(q->tagged_code_units, 2u | kUtf16Tag);
}

TEST(AbiStrings, TranscodeValidatesTheSourceBeforeAllocating) {
  Transcode t;
  t.src.put(100, {0x00, 0xD8});  // unpaired surrogate
  EXPECT_TRAP(t.run(Enc::Utf16, {100, 1}, Enc::Utf8), TrapKind::CanonicalAbi, "unpaired");
  EXPECT_TRAP(t.run(Enc::Utf16, {101, 1}, Enc::Utf8), TrapKind::CanonicalAbi, "aligned");
  EXPECT_TRAP(t.run(Enc::Utf8, {4000, 200}, Enc::Utf16), TrapKind::CanonicalAbi, "out of bounds");
  EXPECT_TRUE(t.dst.guest.calls.empty());
}

TEST(AbiStrings, OddSizedMemoryEndsMidCodeUnit) {
  Transcode t;
  FakeGuest odd(4097);
  odd.put(4094, {'a', 0});
  auto cx_src = [&](Enc e) { return LiftLowerContext{t.dst.types, t.dst.layouts, odd.options(e)}; };
  auto whole = cx_src(Enc::Utf16);
  EXPECT_TRUE(lift_string(whole, GuestString{4094, 1}).ok());
  // The second code unit would be bytes 4096 and 4097 of a 4097-byte memory.
  EXPECT_TRAP(lift_string(whole, GuestString{4094, 2}), TrapKind::CanonicalAbi, "out of bounds");
  auto dst = t.dst.cx(Enc::Utf8);
  EXPECT_TRAP(transcode_string(odd.memory, Enc::Utf16, {4096, 1}, dst), TrapKind::CanonicalAbi, "out of bounds");
}

TEST(AbiStrings, TranscodeChecksTheDestinationsRealloc) {
  Transcode t;
  t.src.put(100, {'a', 0, 'b', 0});
  t.dst.guest.junk = [](const ReallocCall&) -> Result<uint32_t> { return 3u; };
  EXPECT_TRAP(t.run(Enc::Utf16, {100, 2}, Enc::Latin1Utf16), TrapKind::CanonicalAbi, "not 2-byte aligned");
  const uint32_t size = static_cast<uint32_t>(t.dst.guest.bytes.size());
  t.dst.guest.junk = [size](const ReallocCall&) -> Result<uint32_t> { return size - 1; };
  EXPECT_TRAP(t.run(Enc::Utf16, {100, 2}, Enc::Utf8), TrapKind::CanonicalAbi, "out of bounds");
}

TEST(AbiStrings, EmptyStringsStillCallRealloc) {
  Fixture f;
  auto cx = f.cx(Enc::Utf8);
  auto g = lower_string(cx, "");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(f.guest.calls, (std::vector<ReallocCall>{{0, 0, 1, 0}}));
  EXPECT_EQ(g->tagged_code_units, 0u);
}

}  // namespace
}  // namespace stratus::component::abi
